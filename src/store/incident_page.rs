//! What the incident page shows beside the record, in one statement: stakeholder updates,
//! tasks, the affected services with their objectives, the alerts it tracks, and the
//! post-mortem's state. Each list is aggregated as JSON by PostgreSQL and read back here, so
//! the page costs one round trip for all five however long each list is.

use serde::Deserialize;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::postmortem::State as PmState;
use crate::domain::runbook::Task;
use crate::domain::slo::Impact;
use crate::domain::update::{Audience, StatusUpdate};
use crate::store::alerts::IncidentAlert;
use crate::store::slo::Affected;

#[derive(Debug, Clone, PartialEq)]
pub struct Extras {
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

fn decode<T: for<'de> Deserialize<'de>>(value: serde_json::Value) -> sqlx::Result<Vec<T>> {
    serde_json::from_value(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub async fn extras(db: impl PgExecutor<'_>, incident_id: Uuid) -> sqlx::Result<Extras> {
    let r = sqlx::query!(
        r#"SELECT
             coalesce((SELECT json_agg(u ORDER BY u.n) FROM (
                 SELECT u.id, u.audience, u.status, u.impact, u.next_update_at, u.published_at,
                        p.display_name AS author,
                        row_number() OVER (ORDER BY u.published_at DESC, u.id DESC) AS n
                 FROM status_update u JOIN person p ON p.id = u.author_id
                 WHERE u.incident_id = $1 ORDER BY u.published_at DESC, u.id DESC LIMIT 200) u),
               '[]') AS "updates!",
             coalesce((SELECT json_agg(t ORDER BY t.n) FROM (
                 SELECT t.id, t.title, t.assignee_id, p.display_name AS assignee, t.done,
                        t.done_at, r.title AS runbook,
                        row_number() OVER (ORDER BY t.position, t.created_at) AS n
                 FROM task t LEFT JOIN person p ON p.id = t.assignee_id
                             LEFT JOIN runbook r ON r.id = t.runbook_id
                 WHERE t.incident_id = $1 ORDER BY t.position, t.created_at LIMIT 1000) t),
               '[]') AS "tasks!",
             coalesce((SELECT json_agg(a ORDER BY lower(a.name)) FROM (
                 SELECT s.id AS service_id, s.name, x.impact, s.slo_target, s.slo_window_days
                 FROM incident_service x JOIN service s ON s.id = x.service_id
                 WHERE x.incident_id = $1) a),
               '[]') AS "affected!",
             coalesce((SELECT json_agg(a ORDER BY a.n) FROM (
                 SELECT name, fingerprint, status, source,
                        coalesce(annotations->>'summary', '') AS summary,
                        starts_at, ends_at, generator_url,
                        row_number() OVER (ORDER BY status = 'resolved', starts_at, id) AS n
                 FROM alert WHERE incident_id = $1
                 ORDER BY status = 'resolved', starts_at, id LIMIT 200) a),
               '[]') AS "alerts!",
             (SELECT state FROM postmortem WHERE incident_id = $1) AS postmortem"#,
        incident_id
    )
    .fetch_one(db)
    .await?;
    let updates = decode::<UpdateRow>(r.updates)?
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
    let tasks = decode::<TaskRow>(r.tasks)?
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
    let affected = decode::<AffectedRow>(r.affected)?
        .into_iter()
        .map(|a| Affected {
            service_id: a.service_id,
            name: a.name,
            impact: Impact::parse(&a.impact).unwrap_or(Impact::Full),
            slo_target: a.slo_target,
            slo_window_days: a.slo_window_days,
        })
        .collect();
    let alerts = decode::<AlertRow>(r.alerts)?
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
    Ok(Extras {
        updates,
        tasks,
        affected,
        alerts,
        postmortem: r.postmortem.as_deref().and_then(PmState::parse),
    })
}
