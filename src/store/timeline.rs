//! Timeline entries and note revisions.

use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::events;
use super::types::Known;
use crate::domain::ids::{IncidentId, PersonId};
use crate::domain::timeline::{Entry, EntryKind, Note, Revision, SystemEntry};

/// Longest timeline a page shows; incidents this long are rare and the export has it all.
pub const TIMELINE_MAX: i64 = 5_000;

/// Writes a system entry and tells live pages.
pub async fn add_system(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    author_id: Option<PersonId>,
    entry: &SystemEntry,
) -> sqlx::Result<()> {
    sqlx::query!(
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, author_id, body, detail,
                                     automated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        Uuid::now_v7(),
        incident_id as IncidentId,
        entry.kind.as_str(),
        entry.occurred_at,
        author_id as Option<PersonId>,
        entry.body,
        entry.detail,
        entry.automated
    )
    .execute(&mut *tx)
    .await?;
    events::notify(&mut *tx, incident_id, "timeline").await
}

/// Writes system entries (on one incident or several) in one statement, in the order given,
/// and tells each incident's live pages once.
pub async fn add_system_all(
    tx: &mut PgConnection,
    entries: &[(IncidentId, SystemEntry)],
) -> sqlx::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = entries.iter().map(|_| Uuid::now_v7()).collect();
    let incidents: Vec<Uuid> = entries.iter().map(|(i, _)| i.0).collect();
    let kinds: Vec<&str> = entries.iter().map(|(_, e)| e.kind.as_str()).collect();
    let at: Vec<time::OffsetDateTime> = entries.iter().map(|(_, e)| e.occurred_at).collect();
    let bodies: Vec<&str> = entries.iter().map(|(_, e)| e.body.as_str()).collect();
    let details: Vec<serde_json::Value> = entries
        .iter()
        .map(|(_, e)| e.detail.clone().unwrap_or(serde_json::Value::Null))
        .collect();
    let automated: Vec<bool> = entries.iter().map(|(_, e)| e.automated).collect();
    sqlx::query!(
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, body, detail, automated)
         SELECT e.id, e.incident_id, e.kind, e.occurred_at, e.body,
                NULLIF(e.detail, 'null'::jsonb), e.automated
         FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[],
                     $6::jsonb[], $7::bool[])
              AS e(id, incident_id, kind, occurred_at, body, detail, automated)",
        &ids,
        &incidents,
        &kinds as &[&str],
        &at,
        &bodies as &[&str],
        &details,
        &automated
    )
    .execute(&mut *tx)
    .await?;
    let mut told: Vec<IncidentId> = entries.iter().map(|(i, _)| *i).collect();
    told.sort();
    told.dedup();
    for incident_id in told {
        events::notify(&mut *tx, incident_id, "timeline").await?;
    }
    Ok(())
}

/// Writes a person's note and tells live pages.
pub async fn add_note(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    author_id: PersonId,
    note: &Note,
) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, author_id, body,
                                     highlighted)
         VALUES ($1, $2, 'note', $3, $4, $5, $6)",
        id,
        incident_id as IncidentId,
        note.occurred_at,
        author_id as PersonId,
        note.body,
        note.highlighted
    )
    .execute(&mut *tx)
    .await?;
    events::notify(&mut *tx, incident_id, "timeline").await?;
    Ok(id)
}

/// An entry as read, from a row or (on the incident page) from JSON.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Row {
    id: Uuid,
    kind: String,
    #[serde(with = "time::serde::rfc3339")]
    occurred_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    recorded_at: time::OffsetDateTime,
    author_id: Option<PersonId>,
    author: Option<String>,
    body: String,
    detail: Option<serde_json::Value>,
    highlighted: bool,
    automated: bool,
    version: i32,
    #[serde(with = "time::serde::rfc3339::option")]
    edited_at: Option<time::OffsetDateTime>,
}

impl Row {
    pub(super) fn into_entry(self) -> sqlx::Result<Entry> {
        Ok(Entry {
            id: self.id,
            kind: EntryKind::known(&self.kind)?,
            occurred_at: self.occurred_at,
            recorded_at: self.recorded_at,
            author_id: self.author_id,
            author: self.author,
            body: self.body,
            detail: self.detail,
            highlighted: self.highlighted,
            automated: self.automated,
            version: self.version,
            edited_at: self.edited_at,
        })
    }
}

/// The incident's timeline in event-time order, optionally one kind, or highlights only.
pub async fn list(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
    kind: Option<EntryKind>,
    highlighted_only: bool,
) -> sqlx::Result<Vec<Entry>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT e.id, e.kind, e.occurred_at, e.recorded_at, e.author_id AS "author_id: PersonId",
                  p.display_name AS "author?", e.body, e.detail, e.highlighted, e.automated,
                  e.version, e.edited_at
           FROM timeline_entry e LEFT JOIN person p ON p.id = e.author_id
           WHERE e.incident_id = $1 AND ($2::text IS NULL OR e.kind = $2)
             AND (NOT $3 OR e.highlighted)
           ORDER BY e.occurred_at, e.id
           LIMIT $4"#,
        incident_id as IncidentId,
        kind.map(EntryKind::as_str),
        highlighted_only,
        TIMELINE_MAX
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Row::into_entry).collect()
}

/// One entry of one incident.
pub async fn get(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
    id: Uuid,
) -> sqlx::Result<Option<Entry>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT e.id, e.kind, e.occurred_at, e.recorded_at, e.author_id AS "author_id: PersonId",
                  p.display_name AS "author?", e.body, e.detail, e.highlighted, e.automated,
                  e.version, e.edited_at
           FROM timeline_entry e LEFT JOIN person p ON p.id = e.author_id
           WHERE e.incident_id = $1 AND e.id = $2"#,
        incident_id as IncidentId,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(Row::into_entry).transpose()
}

/// Saves a new version of a note if `expected_version` is current, keeping the old one as a
/// revision. `Ok(false)` when someone saved in between. The note is locked while its
/// version is checked, so of two saves based on one version the second finds it moved on.
pub async fn edit_note(
    tx: &mut PgConnection,
    incident_id: IncidentId,
    id: Uuid,
    expected_version: i32,
    note: &Note,
) -> sqlx::Result<bool> {
    let kept = sqlx::query!(
        "WITH current AS (
             SELECT id, version, body, occurred_at, highlighted,
                    coalesce(edited_at, recorded_at) AS written_at
             FROM timeline_entry
             WHERE id = $2 AND incident_id = $3 AND kind = 'note' AND version = $4
             FOR UPDATE)
         INSERT INTO timeline_revision (id, entry_id, version, body, occurred_at, highlighted,
                                        written_at)
         SELECT $1, id, version, body, occurred_at, highlighted, written_at FROM current",
        Uuid::now_v7(),
        id,
        incident_id as IncidentId,
        expected_version
    )
    .execute(&mut *tx)
    .await?;
    if kept.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!(
        "UPDATE timeline_entry SET body = $2, occurred_at = $3, highlighted = $4,
                version = version + 1, edited_at = now()
         WHERE id = $1 AND version = $5",
        id,
        note.body,
        note.occurred_at,
        note.highlighted,
        expected_version
    )
    .execute(&mut *tx)
    .await?;
    events::notify(&mut *tx, incident_id, "timeline").await?;
    Ok(true)
}

/// A note's earlier versions, newest first.
pub async fn revisions(db: impl PgExecutor<'_>, entry_id: Uuid) -> sqlx::Result<Vec<Revision>> {
    sqlx::query_as!(
        Revision,
        "SELECT version, body, occurred_at, highlighted, written_at
         FROM timeline_revision WHERE entry_id = $1 ORDER BY version DESC",
        entry_id
    )
    .fetch_all(db)
    .await
}
