//! Persistence: free functions over `impl PgExecutor`, one file per aggregate, knowing only
//! `domain`. The use case (`app`) owns the transaction.

pub mod action_items;
pub mod alerts;
pub mod audit;
pub mod demo;
pub mod email;
pub mod events;
pub mod feed;
pub mod idempotency;
pub mod incident_list;
pub mod incident_page;
pub mod incidents;
pub mod learning;
pub mod maintenance;
pub mod password_resets;
pub mod people;
pub mod postmortem_policy;
pub mod postmortem_templates;
pub mod postmortems;
pub mod reports;
pub mod runbooks;
pub mod services;
pub mod sessions;
pub mod similar;
pub mod slo;
pub mod sso;
pub mod status;
pub mod subscribers;
pub mod taxonomy;
pub mod team;
pub mod telemetry;
pub mod timeline;
pub mod tokens;
pub mod transfer;
mod types;
pub mod updates;
pub mod webhooks;

/// True when `err` is a unique violation of `constraint`: turned into a field message by the
/// caller instead of checking first and racing.
pub fn is_unique_violation(err: &sqlx::Error, constraint: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_unique_violation() && db.constraint() == Some(constraint)
        }
        _ => false,
    }
}

/// True when `err` is a foreign-key violation of `constraint`.
pub fn is_foreign_key_violation(err: &sqlx::Error, constraint: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            db.is_foreign_key_violation() && db.constraint() == Some(constraint)
        }
        _ => false,
    }
}
