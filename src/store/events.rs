//! Change notifications for live pages, through PostgreSQL NOTIFY so that every Murphy
//! instance on the database hears them. Sent on commit, never for rolled-back changes.

use sqlx::PgConnection;

use crate::domain::ids::IncidentId;

/// The channel live page updates are announced on.
pub const CHANNEL: &str = "murphy_events";
/// The channel changes to what instances keep copies of are announced on (by triggers,
/// migration 0010); see `crate::runtime::cache`.
pub const CACHE_CHANNEL: &str = "murphy_cache";

/// Tells listeners that `what` (timeline, team, status) changed on the incident.
pub async fn notify(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    what: &str,
) -> sqlx::Result<()> {
    let payload = serde_json::json!({"incident": incident_id, "what": what}).to_string();
    sqlx::query!("SELECT pg_notify($1, $2)", CHANNEL, payload)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Sends `payload` on the cache channel outside any transaction: a marker the instance's
/// listener hears after every announcement committed before it (see `Live::settle`).
pub async fn mark_cache_channel(db: impl sqlx::PgExecutor<'_>, payload: &str) -> sqlx::Result<()> {
    sqlx::query!("SELECT pg_notify($1, $2)", CACHE_CHANNEL, payload)
        .execute(db)
        .await?;
    Ok(())
}

/// What a transaction changed of what instances keep copies of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopiesChanged {
    /// Sessions, tokens, people, services, runbooks: every copy goes.
    pub copies: bool,
    /// What the public status page shows: its copies go.
    pub status: bool,
}

/// Whether this transaction changed something instances keep copies of: the triggers that
/// announce such changes on the cache channel also mark the transaction (migrations 0015
/// and 0019).
pub async fn copies_changed(tx: &mut PgConnection) -> sqlx::Result<CopiesChanged> {
    let row = sqlx::query!(
        r#"SELECT coalesce(current_setting('murphy.copies_changed', true), '') = 'on' AS "copies!",
                  coalesce(current_setting('murphy.status_changed', true), '') = 'on' AS "status!""#
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(CopiesChanged {
        copies: row.copies,
        status: row.status,
    })
}
