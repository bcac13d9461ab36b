//! What runs beside requests, per instance: the one LISTEN connection (live pages and cache
//! announcements), the copies it keeps current, the webhook sender and the metrics.

pub mod cache;
pub mod listener;
pub mod mailer;
pub mod maintenance;
pub mod metrics;
pub mod sso;
pub mod webhook_sender;
