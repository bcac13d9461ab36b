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
//! version has moved on (see `crate::runtime::cache`).

use serde::Deserialize;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use super::team::Row as TeamRow;
use super::timeline::Row as EntryRow;
use super::types::Known;
use crate::domain::audit::AuditEvent;
use crate::domain::ids::{IncidentId, PersonId, ServiceId};
use crate::domain::incident::{Incident, Visibility};
use crate::domain::postmortem::State as PmState;
use crate::domain::runbook::Task;
use crate::domain::slo::Impact;
use crate::domain::team::Team;
use crate::domain::timeline::{Entry, EntryKind};
use crate::domain::update::{Audience, StatusUpdate};
use crate::i18n::Message;
use crate::store::alerts::IncidentAlert;
use crate::store::slo::Affected;
use sqlx::types::Json;

/// Longest history (audit trail) the page shows.
pub const HISTORY_SHOWN: i64 = 50;
/// Most assignments read; an incident with more has been running for weeks.
#[cfg_attr(not(test), allow(dead_code))]
const TEAM_MAX: i64 = 1_000;
// The statement spells these limits out (`incident_page.sql`); a test below holds the two
// together.

#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// The incident's page version these were read at.
    pub page_version: i64,
    /// Every assignment, oldest first.
    pub team: Team,
    /// In event-time order, optionally of one kind, at most [`crate::store::timeline::TIMELINE_MAX`].
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
    /// How the incident was detected, as its post-mortem says.
    pub postmortem_detection: Option<crate::domain::taxonomy::Detection>,
    /// Why the incident needs no post-mortem, when that was decided.
    pub postmortem_waived: Option<String>,
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
struct TaskRow {
    id: Uuid,
    title: String,
    assignee_id: Option<PersonId>,
    assignee: Option<String>,
    assignee_email: Option<String>,
    done: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    done_at: Option<OffsetDateTime>,
    runbook: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AffectedRow {
    service_id: ServiceId,
    name: String,
    impact: String,
    slo_target: Option<f64>,
    slo_window_days: Option<i32>,
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
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
    said: Option<serde_json::Value>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

/// The incident with this number, if `viewer` may see it, and its page version: a copy of
/// [`Extras`] read at that version is current.
pub async fn head(
    db: impl PgExecutor<'_>,
    number: i64,
    viewer: Visibility,
) -> sqlx::Result<Option<(Incident, i64)>> {
    super::incidents::get_with_page_version(db, number, viewer).await
}

/// Everything the page shows beside the incident row (`incident_page.sql`): read when no
/// current copy is kept, or when the page is shown again after a refused action.
pub async fn extras(
    db: impl PgExecutor<'_>,
    incident_id: IncidentId,
    kind: Option<EntryKind>,
) -> sqlx::Result<Extras> {
    let row = sqlx::query_file!(
        "src/store/incident_page.sql",
        incident_id as IncidentId,
        kind.map(EntryKind::as_str)
    )
    .fetch_one(db)
    .await?;
    let team = Team {
        assignments: row
            .team
            .0
            .into_iter()
            .map(TeamRow::into_assignment)
            .collect::<sqlx::Result<_>>()?,
    };
    let entries = row
        .entries
        .0
        .into_iter()
        .map(EntryRow::into_entry)
        .collect::<sqlx::Result<_>>()?;
    let events = row.events.0.into_iter().map(Into::into).collect();
    let updates = row
        .updates
        .0
        .into_iter()
        .map(UpdateRow::into_update)
        .collect::<sqlx::Result<_>>()?;
    let tasks = row.tasks.0.into_iter().map(Into::into).collect();
    let affected = row
        .affected
        .0
        .into_iter()
        .map(AffectedRow::into_affected)
        .collect::<sqlx::Result<_>>()?;
    let alerts = row.alerts.0.into_iter().map(Into::into).collect();
    Ok(Extras {
        page_version: row.page_version,
        team,
        entries,
        events,
        updates,
        tasks,
        affected,
        alerts,
        postmortem: row.postmortem,
        postmortem_detection: super::taxonomy::known_detection(
            row.postmortem_detection.as_deref(),
        )?,
        postmortem_waived: row.postmortem_waived,
    })
}

impl UpdateRow {
    fn into_update(self) -> sqlx::Result<StatusUpdate> {
        Ok(StatusUpdate {
            id: self.id,
            audience: Audience::known(&self.audience)?,
            status: self.status,
            impact: self.impact,
            next_update_at: self.next_update_at,
            published_at: self.published_at,
            author: self.author,
        })
    }
}

impl From<TaskRow> for Task {
    fn from(t: TaskRow) -> Self {
        Task {
            id: t.id,
            title: t.title,
            assignee_id: t.assignee_id,
            assignee: t.assignee,
            assignee_email: t.assignee_email,
            done: t.done,
            done_at: t.done_at,
            runbook: t.runbook,
        }
    }
}

impl AffectedRow {
    fn into_affected(self) -> sqlx::Result<Affected> {
        Ok(Affected {
            service_id: self.service_id,
            name: self.name,
            impact: Impact::known(&self.impact)?,
            slo_target: self.slo_target,
            slo_window_days: self.slo_window_days,
        })
    }
}

impl From<AlertRow> for IncidentAlert {
    fn from(a: AlertRow) -> Self {
        IncidentAlert {
            name: a.name,
            fingerprint: a.fingerprint,
            status: a.status,
            source: a.source,
            summary: a.summary,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            generator_url: a.generator_url,
        }
    }
}

impl From<EventRow> for AuditEvent {
    fn from(e: EventRow) -> Self {
        AuditEvent {
            id: e.id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            incident_number: e.incident_number,
            summary: e.summary,
            said: e.said.as_ref().and_then(Message::from_json),
            before: e.before,
            after: e.after,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_uses_the_limits_declared() {
        let sql = include_str!("incident_page.sql");
        for limit in [
            TEAM_MAX,
            crate::store::timeline::TIMELINE_MAX,
            HISTORY_SHOWN,
        ] {
            assert!(sql.contains(&format!("LIMIT {limit})")), "LIMIT {limit}");
        }
    }
}
