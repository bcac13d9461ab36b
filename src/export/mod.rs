//! Exports: pure functions from domain values to Markdown, CSV and JSON. No HTTP, no SQL.

pub mod csv;
pub mod incidents;
pub mod pdf;
pub mod postmortem;
pub mod report;
pub mod timeline;
