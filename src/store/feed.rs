//! The change feed: audit events and timeline entries in the order a follower can rely on
//! (migration 0029 explains the order).

use sqlx::PgExecutor;
use time::OffsetDateTime;

use crate::domain::incident::Visibility;

/// The channel the feed's triggers notify when a transaction adds to it.
pub const FEED_CHANNEL: &str = "murphy_feed";

/// A position in the feed: the transaction id and sequence number of the last row read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub xid: i64,
    pub seq: i64,
}

impl Position {
    /// As a cursor: `xid.seq`.
    pub fn cursor(self) -> String {
        format!("{}.{}", self.xid, self.seq)
    }

    pub fn parse(cursor: &str) -> Option<Position> {
        let (xid, seq) = cursor.trim().split_once('.')?;
        let position = Position {
            xid: xid.parse().ok()?,
            seq: seq.parse().ok()?,
        };
        (position.xid >= 0 && position.seq >= 0).then_some(position)
    }
}

/// One change, as the feed shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedItem {
    pub xid: i64,
    pub seq: i64,
    pub at: OffsetDateTime,
    /// audit or timeline.
    pub source: String,
    /// created or edited.
    pub change: String,
    pub incident: Option<i64>,
    /// For audit events, the action (incident.status, postmortem.publish…); for timeline
    /// entries, their kind (note, status, role…).
    pub kind: String,
    /// The entity an audit event is about (incident, postmortem, person…); "timeline".
    pub entity: String,
    pub entity_id: String,
    /// What happened, in words.
    pub summary: String,
    pub actor: Option<String>,
    pub detail: Option<serde_json::Value>,
}

impl FeedItem {
    pub fn position(&self) -> Position {
        Position {
            xid: self.xid,
            seq: self.seq,
        }
    }
}

/// Up to `limit` changes after `after`, oldest first, that `viewer` may see: changes to
/// incidents they may see, and (for whoever sees everything) the rest of the audit trail.
/// Only changes of transactions older than every transaction still running are shown, so
/// none is ever passed over.
pub async fn after(
    db: impl PgExecutor<'_>,
    after: Position,
    viewer: Visibility,
    limit: i64,
) -> sqlx::Result<Vec<FeedItem>> {
    sqlx::query_as!(
        FeedItem,
        r#"SELECT f.xid::text::bigint AS "xid!", f.seq, f.at, f.source, f.change,
                  i.number AS "incident?",
                  coalesce(a.action, t.kind) AS "kind!",
                  coalesce(a.entity, 'timeline') AS "entity!",
                  coalesce(a.entity_id, t.id::text) AS "entity_id!",
                  coalesce(a.summary, t.body) AS "summary!",
                  coalesce(a.actor, p.display_name) AS actor,
                  t.detail AS "detail?"
           FROM feed_event f
           LEFT JOIN audit_event a ON f.source = 'audit' AND a.id = f.source_id
           LEFT JOIN timeline_entry t ON f.source = 'timeline' AND t.id = f.source_id
           LEFT JOIN person p ON p.id = t.author_id
           LEFT JOIN visible_incident($3, $4) i ON i.id = f.incident_id
           WHERE (f.xid, f.seq) > ($1::text::xid8, $2)
             AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
             AND (a.id IS NOT NULL OR t.id IS NOT NULL)
             AND CASE WHEN f.incident_id IS NULL THEN $3 ELSE i.id IS NOT NULL END
           ORDER BY f.xid, f.seq
           LIMIT $5"#,
        after.xid.to_string(),
        after.seq,
        viewer.all,
        viewer.person_id as Option<crate::domain::ids::PersonId>,
        limit
    )
    .fetch_all(db)
    .await
}

/// The end of the feed now: following from here shows only what happens next.
pub async fn end(db: impl PgExecutor<'_>) -> sqlx::Result<Position> {
    let row = sqlx::query!(
        r#"SELECT xid::text::bigint AS "xid!", seq FROM feed_event
           WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY xid DESC, seq DESC LIMIT 1"#
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map_or(Position::default(), |r| Position {
        xid: r.xid,
        seq: r.seq,
    }))
}

/// Forgets feed rows written before `before`.
pub async fn clean(db: impl PgExecutor<'_>, before: OffsetDateTime) -> sqlx::Result<u64> {
    let done = sqlx::query!("DELETE FROM feed_event WHERE at < $1", before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
