//! What the incident page reads, in two statements:
//! - [`head`]: the incident row, if the viewer may see it, with its page version;
//! - [`extras`]: everything else the page shows (its response team, timeline, recent
//!   history, stakeholder updates, tasks, the affected services with their objectives, the
//!   alerts it tracks, and the post-mortem's state). Each list is aggregated as JSON by
//!   PostgreSQL and read back here, so this costs one round trip however long each list is.
//!   People's names are looked up row by row through the primary key (a scalar subquery),
//!   which stays cheap whatever the number of people.
//!
//! The web layer keeps [`Extras`] per incident and reads them again only when the page
//! version has moved on (see `crate::cache`).

use serde::Deserialize;
use sqlx::{PgExecutor, Row as _};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{team, timeline};
use crate::domain::audit::AuditEvent;
use crate::domain::incident::{Incident, Visibility};
use crate::domain::postmortem::State as PmState;
use crate::domain::runbook::Task;
use crate::domain::slo::Impact;
use crate::domain::team::Team;
use crate::domain::timeline::{Entry, EntryKind};
use crate::domain::update::{Audience, StatusUpdate};
use crate::store::alerts::IncidentAlert;
use crate::store::slo::Affected;

/// Longest history (audit trail) the page shows.
pub const HISTORY_SHOWN: i64 = 50;
/// Most assignments read; an incident with more has been running for weeks.
#[cfg_attr(not(test), allow(dead_code))]
const TEAM_MAX: i64 = 1_000;
// The statement spells these limits out (`concat!` takes only literals); a test below
// holds the two together.

#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// The incident's page version these were read at.
    pub page_version: i64,
    /// Every assignment, oldest first.
    pub team: Team,
    /// In event-time order, optionally of one kind, at most [`timeline::TIMELINE_MAX`].
    pub entries: Vec<Entry>,
    /// Newest first, at most [`HISTORY_SHOWN`].
    pub events: Vec<AuditEvent>,
    /// Newest first, at most 200.
    pub updates: Vec<StatusUpdate>,
    /// In their order, at most 1,000.
    pub tasks: Vec<Task>,
    /// By name.
    pub affected: Vec<Affected>,
    /// Firing first, at most 200.
    pub alerts: Vec<IncidentAlert>,
    pub postmortem: Option<PmState>,
}

#[derive(Deserialize)]
struct UpdateRow {
    id: Uuid,
    audience: String,
    status: String,
    impact: String,
    #[serde(with = "time::serde::rfc3339::option")]
    next_update_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    published_at: OffsetDateTime,
    author: String,
}

#[derive(Deserialize)]
struct TaskRow {
    id: Uuid,
    title: String,
    assignee_id: Option<Uuid>,
    assignee: Option<String>,
    done: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    done_at: Option<OffsetDateTime>,
    runbook: Option<String>,
}

#[derive(Deserialize)]
struct AffectedRow {
    service_id: Uuid,
    name: String,
    impact: String,
    slo_target: Option<f64>,
    slo_window_days: Option<i32>,
}

#[derive(Deserialize)]
struct AlertRow {
    name: String,
    fingerprint: String,
    status: String,
    source: String,
    summary: String,
    #[serde(with = "time::serde::rfc3339")]
    starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    ends_at: Option<OffsetDateTime>,
    generator_url: String,
}

#[derive(Deserialize)]
struct EventRow {
    id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    incident_number: Option<i64>,
    summary: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

/// The lists' statement: the page version, then one JSON list per part. `$1` is the
/// incident's id, `$2` the kind of timeline entries shown (NULL for all).
const EXTRAS_SQL: &str = concat!(
    r#"SELECT i.page_version,
             coalesce((SELECT json_agg(r ORDER BY r.assumed_at, r.id) FROM (
                 SELECT r.id, r.role, r.under, r.person_id, r.assumed_at, r.relieved_at, r.note,
                        (SELECT display_name FROM person WHERE id = r.person_id) AS person_name,
                        (SELECT email FROM person WHERE id = r.person_id) AS person_email
                 FROM role_assignment r WHERE r.incident_id = i.id
                 ORDER BY r.assumed_at, r.id LIMIT "#,
    1000,
    r#") r), '[]') AS team,
             coalesce((SELECT json_agg(e ORDER BY e.occurred_at, e.id) FROM (
                 SELECT e.id, e.kind, e.occurred_at, e.recorded_at, e.author_id, e.body, e.detail,
                        e.highlighted, e.automated, e.version, e.edited_at,
                        (SELECT display_name FROM person WHERE id = e.author_id) AS author
                 FROM timeline_entry e
                 WHERE e.incident_id = i.id AND ($2::text IS NULL OR e.kind = $2)
                 ORDER BY e.occurred_at, e.id LIMIT "#,
    5000,
    r#") e), '[]') AS entries,
             coalesce((SELECT json_agg(a ORDER BY a.id DESC) FROM (
                 SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, a.summary, a.before,
                        a.after, i.number AS incident_number
                 FROM audit_event a WHERE a.incident_id = i.id
                 ORDER BY a.id DESC LIMIT "#,
    50,
    r#") a), '[]') AS events,
             coalesce((SELECT json_agg(u ORDER BY u.published_at DESC, u.id DESC) FROM (
                 SELECT u.id, u.audience, u.status, u.impact, u.next_update_at, u.published_at,
                        (SELECT display_name FROM person WHERE id = u.author_id) AS author
                 FROM status_update u
                 WHERE u.incident_id = i.id ORDER BY u.published_at DESC, u.id DESC LIMIT 200) u),
               '[]') AS updates,
             coalesce((SELECT json_agg(t ORDER BY t.position, t.created_at) FROM (
                 SELECT t.id, t.title, t.assignee_id, t.done, t.done_at, t.position, t.created_at,
                        (SELECT display_name FROM person WHERE id = t.assignee_id) AS assignee,
                        (SELECT title FROM runbook WHERE id = t.runbook_id) AS runbook
                 FROM task t
                 WHERE t.incident_id = i.id ORDER BY t.position, t.created_at LIMIT 1000) t),
               '[]') AS tasks,
             coalesce((SELECT json_agg(a ORDER BY lower(a.name)) FROM (
                 SELECT s.id AS service_id, s.name, x.impact, s.slo_target, s.slo_window_days
                 FROM incident_service x JOIN service s ON s.id = x.service_id
                 WHERE x.incident_id = i.id) a),
               '[]') AS affected,
             coalesce((SELECT json_agg(a ORDER BY a.resolved, a.starts_at, a.id) FROM (
                 SELECT id, name, fingerprint, status, source,
                        coalesce(annotations->>'summary', '') AS summary,
                        starts_at, ends_at, generator_url, status = 'resolved' AS resolved
                 FROM alert WHERE incident_id = i.id
                 ORDER BY status = 'resolved', starts_at, id LIMIT 200) a),
               '[]') AS alerts,
             (SELECT state FROM postmortem WHERE incident_id = i.id) AS postmortem
           FROM incident i WHERE i.id = $1"#
);

/// The incident with this number, if `viewer` may see it, and its page version: a copy of
/// [`Extras`] read at that version is current.
pub async fn head(
    db: impl PgExecutor<'_>,
    number: i64,
    viewer: Visibility,
) -> sqlx::Result<Option<(Incident, i64)>> {
    let row = sqlx::query(
        "SELECT i.id, i.number, i.title, i.summary, i.kind, i.severity, i.status,
                i.customer_impact, i.source, i.impact_started_at, i.detected_at,
                i.acknowledged_at, i.mitigated_at, i.resolved_at, i.closed_at, i.version,
                i.created_at, i.updated_at, i.restricted, i.created_by, i.runbook_url,
                i.service_names AS services, i.page_version
         FROM incident i
         WHERE i.number = $1
           AND EXISTS (SELECT FROM visible_incident($2, $3) v WHERE v.id = i.id)",
    )
    .bind(number)
    .bind(viewer.all)
    .bind(viewer.person_id)
    .fetch_optional(db)
    .await?;
    row.map(|row| {
        Ok((
            super::incidents::read_row(&row)?,
            row.try_get("page_version")?,
        ))
    })
    .transpose()
}

/// Everything the page shows beside the incident row: read when no current copy is kept,
/// or when the page is shown again after a refused action.
pub async fn extras(
    db: impl PgExecutor<'_>,
    incident_id: Uuid,
    kind: Option<EntryKind>,
) -> sqlx::Result<Extras> {
    let row = sqlx::query(EXTRAS_SQL)
        .bind(incident_id)
        .bind(kind.map(EntryKind::as_str))
        .fetch_one(db)
        .await?;
    read_extras(&row)
}

fn json_list<T: for<'de> Deserialize<'de>>(
    row: &sqlx::postgres::PgRow,
    column: &str,
) -> sqlx::Result<Vec<T>> {
    let value: sqlx::types::Json<Vec<T>> = row.try_get(column)?;
    Ok(value.0)
}

fn read_extras(row: &sqlx::postgres::PgRow) -> sqlx::Result<Extras> {
    let team = Team {
        assignments: json_list::<team::Row>(row, "team")?
            .into_iter()
            .filter_map(team::Row::into_assignment)
            .collect(),
    };
    let entries = json_list::<timeline::Row>(row, "entries")?
        .into_iter()
        .filter_map(timeline::Row::into_entry)
        .collect();
    let events = json_list::<EventRow>(row, "events")?
        .into_iter()
        .map(|e| AuditEvent {
            id: e.id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            incident_number: e.incident_number,
            summary: e.summary,
            before: e.before,
            after: e.after,
        })
        .collect();
    let updates = json_list::<UpdateRow>(row, "updates")?
        .into_iter()
        .map(|u| StatusUpdate {
            id: u.id,
            audience: Audience::parse(&u.audience).unwrap_or(Audience::Internal),
            status: u.status,
            impact: u.impact,
            next_update_at: u.next_update_at,
            published_at: u.published_at,
            author: u.author,
        })
        .collect();
    let tasks = json_list::<TaskRow>(row, "tasks")?
        .into_iter()
        .map(|t| Task {
            id: t.id,
            title: t.title,
            assignee_id: t.assignee_id,
            assignee: t.assignee,
            done: t.done,
            done_at: t.done_at,
            runbook: t.runbook,
        })
        .collect();
    let affected = json_list::<AffectedRow>(row, "affected")?
        .into_iter()
        .map(|a| Affected {
            service_id: a.service_id,
            name: a.name,
            impact: Impact::parse(&a.impact).unwrap_or(Impact::Full),
            slo_target: a.slo_target,
            slo_window_days: a.slo_window_days,
        })
        .collect();
    let alerts = json_list::<AlertRow>(row, "alerts")?
        .into_iter()
        .map(|a| IncidentAlert {
            name: a.name,
            fingerprint: a.fingerprint,
            status: a.status,
            source: a.source,
            summary: a.summary,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            generator_url: a.generator_url,
        })
        .collect();
    let postmortem: Option<String> = row.try_get("postmortem")?;
    Ok(Extras {
        page_version: row.try_get("page_version")?,
        team,
        entries,
        events,
        updates,
        tasks,
        affected,
        alerts,
        postmortem: postmortem.as_deref().and_then(PmState::parse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_uses_the_limits_declared() {
        let sql = EXTRAS_SQL;
        for limit in [TEAM_MAX, timeline::TIMELINE_MAX, HISTORY_SHOWN] {
            assert!(sql.contains(&format!("LIMIT {limit})")), "LIMIT {limit}");
        }
    }
}
