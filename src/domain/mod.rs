//! The rules of incident response, free of HTTP and SQL.

pub mod action;
pub mod alert;
pub mod audit;
pub mod blameless;
pub mod destination;
pub mod filter;
pub mod ids;
pub mod incident;
pub mod maintenance;
pub mod person;
pub mod postmortem;
pub mod report;
pub mod runbook;
pub mod service;
pub mod slo;
pub mod sso;
pub mod status;
pub mod subscription;
pub mod taxonomy;
pub mod team;
pub mod time;
pub mod timeline;
pub mod token;
pub mod update;
pub mod validation;
pub mod webhook;
