//! Alert intake: `POST /hooks/alertmanager` and `POST /hooks/grafana`, authenticated with an
//! API token. A firing alert opens an incident or attaches to the open incident already
//! tracking its fingerprint; the alerts of one notification go to one incident; a resolved
//! alert is noted, and when all of an incident's alerts have resolved the mitigated
//! milestone is set. The same notification twice changes nothing the second time.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::CurrentUser;
use super::incident_ops::{self, Outcome};
use super::routes::Routes;
use crate::AppState;
use crate::domain::alert::{self, Action, AlertIn, AlertStatus};
use crate::domain::audit::{Actor, Change};
use crate::domain::incident::{IncidentFields, Milestones, NewIncident, Severity, Source};
use crate::domain::person::Access;
use crate::domain::service::ServiceFields;
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::error::{ApiError, AppError};
use crate::store;

pub fn routes() -> Routes {
    Routes::new()
        .post("/hooks/alertmanager", Access::RESPONDER, alertmanager)
        .post("/hooks/grafana", Access::RESPONDER, grafana)
}

async fn alertmanager(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    intake(&state, &user, Source::Alertmanager, &body).await
}

async fn grafana(
    State(state): State<AppState>,
    user: CurrentUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    intake(&state, &user, Source::Grafana, &body).await
}

/// What one notification did.
#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    duplicate: bool,
    /// Numbers of incidents opened.
    opened: Vec<i64>,
    /// Alerts attached to an incident already open.
    attached: u32,
    /// Alerts that fired again on the incident tracking them.
    refired: u32,
    resolved: u32,
    /// Firing alerts already known: nothing to do.
    unchanged: u32,
    /// Dropped by a routing rule, or resolved alerts no open incident tracks.
    ignored: u32,
    /// Incidents whose mitigated milestone was set because all their alerts resolved.
    mitigated: Vec<i64>,
}

impl Summary {
    fn outcome(&self) -> String {
        let mut parts = Vec::new();
        if !self.opened.is_empty() {
            let list: Vec<String> = self.opened.iter().map(|n| format!("INC-{n}")).collect();
            parts.push(format!("opened {}", list.join(", ")));
        }
        for (n, what) in [
            (self.attached, "attached"),
            (self.refired, "fired again"),
            (self.resolved, "resolved"),
            (self.unchanged, "unchanged"),
            (self.ignored, "ignored"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if !self.mitigated.is_empty() {
            let list: Vec<String> = self.mitigated.iter().map(|n| format!("INC-{n}")).collect();
            parts.push(format!("mitigated {}", list.join(", ")));
        }
        parts.join("; ")
    }
}

async fn intake(
    state: &AppState,
    user: &CurrentUser,
    source: Source,
    body: &[u8],
) -> Result<Response, ApiError> {
    let metric = source.as_str();
    let alerts = match alert::parse(source, body) {
        Ok(a) => a,
        Err(errors) => {
            state.metrics.alert_notification(metric, "invalid");
            return Err(AppError::Malformed(errors).into());
        }
    };
    let digest = alert::digest(body);
    let mut tx = state.db.begin().await.map_err(AppError::from)?;
    store::alerts::lock_intake(&mut tx)
        .await
        .map_err(AppError::from)?;
    let count = i32::try_from(alerts.len()).unwrap_or(i32::MAX);
    if !store::alerts::claim_notification(&mut tx, &digest, source, count)
        .await
        .map_err(AppError::from)?
    {
        drop(tx);
        state.metrics.alert_notification(metric, "duplicate");
        let summary = Summary {
            duplicate: true,
            ..Summary::default()
        };
        return Ok(axum::Json(summary).into_response());
    }
    let summary = apply(&mut tx, state, user, source, &alerts).await?;
    store::alerts::set_outcome(&mut tx, &digest, &summary.outcome())
        .await
        .map_err(AppError::from)?;
    tx.commit().await.map_err(AppError::from)?;
    state.caches.changed();
    state.metrics.alert_notification(metric, "accepted");
    tracing::info!(source = metric, alerts = alerts.len(), outcome = %summary.outcome(), "alert notification");
    Ok(axum::Json(summary).into_response())
}

fn alert_entry(body: String, a: &AlertIn, at: OffsetDateTime) -> SystemEntry {
    SystemEntry {
        automated: true,
        ..SystemEntry::new(
            EntryKind::Alert,
            body,
            json!({"alert": a.name(), "fingerprint": a.fingerprint, "status": a.status.as_str(),
                   "labels": a.labels, "generator_url": a.generator_url}),
            at,
        )
    }
}

fn firing_text(a: &AlertIn) -> String {
    if a.headline() == a.name() {
        format!("Alert {} firing.", a.name())
    } else {
        format!("Alert {} firing: {}", a.name(), a.headline())
    }
}

async fn apply(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: &CurrentUser,
    source: Source,
    alerts: &[AlertIn],
) -> Result<Summary, ApiError> {
    let now = OffsetDateTime::now_utc();
    let mut s = Summary::default();
    let fingerprints: Vec<String> = alerts.iter().map(|a| a.fingerprint.clone()).collect();
    let tracked = store::alerts::tracked(&mut *tx, &fingerprints)
        .await
        .map_err(AppError::from)?;
    let routes = store::alerts::routes(&mut *tx)
        .await
        .map_err(AppError::from)?;
    let mapping = store::alerts::mapping(&mut *tx)
        .await
        .map_err(AppError::from)?;
    // The incident this notification's new alerts join: one already tracking any of them.
    let mut target: Option<(Uuid, i64)> = tracked.first().map(|t| (t.incident_id, t.number));
    let mut touched: Vec<(Uuid, i64)> = Vec::new();
    let mut fresh: Vec<&AlertIn> = Vec::new();
    let mut fresh_kind = None;
    for a in alerts {
        let known = tracked.iter().find(|t| t.fingerprint == a.fingerprint);
        match (a.status, known) {
            (AlertStatus::Firing, Some(t)) if t.status == "firing" => s.unchanged += 1,
            (AlertStatus::Firing, Some(t)) => {
                store::alerts::set_status(tx, t.alert_id, AlertStatus::Firing, None)
                    .await
                    .map_err(AppError::from)?;
                let entry = alert_entry(format!("{} (again)", firing_text(a)), a, now);
                store::timeline::add_system(tx, t.incident_id, None, &entry)
                    .await
                    .map_err(AppError::from)?;
                touched.push((t.incident_id, t.number));
                s.refired += 1;
            }
            (AlertStatus::Resolved, Some(t)) if t.status == "firing" => {
                store::alerts::set_status(
                    tx,
                    t.alert_id,
                    AlertStatus::Resolved,
                    a.ends_at.or(Some(now)),
                )
                .await
                .map_err(AppError::from)?;
                let entry = alert_entry(format!("Alert {} resolved.", a.name()), a, now);
                store::timeline::add_system(tx, t.incident_id, None, &entry)
                    .await
                    .map_err(AppError::from)?;
                touched.push((t.incident_id, t.number));
                s.resolved += 1;
            }
            (AlertStatus::Resolved, _) => s.ignored += 1,
            (AlertStatus::Firing, None) => match alert::route(&routes, &a.labels).0 {
                Action::Ignore => s.ignored += 1,
                Action::Open(kind) => {
                    if fresh.is_empty() {
                        fresh_kind = kind;
                    }
                    fresh.push(a);
                }
            },
        }
    }
    if !fresh.is_empty() {
        let (incident_id, number) = match target {
            Some(t) => {
                s.attached += u32::try_from(fresh.len()).unwrap_or(u32::MAX);
                t
            }
            None => {
                let opened =
                    open_incident(tx, state, user, source, &fresh, fresh_kind, &mapping).await?;
                s.opened.push(opened.1);
                target = Some(opened);
                opened
            }
        };
        for a in &fresh {
            store::alerts::insert(tx, incident_id, source, a)
                .await
                .map_err(AppError::from)?;
            let entry = alert_entry(firing_text(a), a, now);
            store::timeline::add_system(tx, incident_id, None, &entry)
                .await
                .map_err(AppError::from)?;
        }
        touched.push((incident_id, number));
    }
    let _ = target;
    touched.sort();
    touched.dedup();
    for (incident_id, number) in touched {
        let (firing, latest_end) = store::alerts::remaining(tx, incident_id)
            .await
            .map_err(AppError::from)?;
        if firing > 0 {
            store::events::notify(tx, incident_id, "timeline")
                .await
                .map_err(AppError::from)?;
            continue;
        }
        if mitigate(tx, incident_id, latest_end.unwrap_or(now), now).await? {
            s.mitigated.push(number);
        }
        store::events::notify(tx, incident_id, "status")
            .await
            .map_err(AppError::from)?;
    }
    Ok(s)
}

/// Sets the mitigated milestone once every alert has resolved: at the last alert's end, but
/// never before an earlier milestone nor in the future. A person still resolves the
/// incident.
async fn mitigate(
    tx: &mut sqlx::PgConnection,
    incident_id: Uuid,
    ended: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool, ApiError> {
    let incident = sqlx::query!(
        "SELECT impact_started_at, detected_at, acknowledged_at, mitigated_at FROM incident
         WHERE id = $1 FOR UPDATE",
        incident_id
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(AppError::from)?;
    if incident.mitigated_at.is_some() {
        return Ok(false);
    }
    let at = [
        Some(ended),
        Some(incident.impact_started_at),
        incident.detected_at,
        incident.acknowledged_at,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(now)
    .min(now);
    if !store::alerts::set_mitigated(tx, incident_id, at)
        .await
        .map_err(AppError::from)?
    {
        return Ok(false);
    }
    let entry = SystemEntry {
        automated: true,
        ..SystemEntry::new(
            EntryKind::Milestone,
            format!(
                "Every alert has resolved: mitigated set to {}. Resolve the incident once the fix is confirmed.",
                crate::domain::time::utc_minutes(at)
            ),
            json!({"field": "mitigated_at", "old": null, "new": crate::domain::time::rfc3339(at)}),
            now,
        )
    };
    store::timeline::add_system(tx, incident_id, None, &entry)
        .await
        .map_err(AppError::from)?;
    Ok(true)
}

/// Makes sure a service named by an alert exists (created when unknown); returns its name as
/// stored.
async fn ensure_service(
    tx: &mut sqlx::PgConnection,
    user: &CurrentUser,
    name: &str,
) -> Result<Option<String>, ApiError> {
    let Ok(fields) = ServiceFields::parse(name, "Added from an alert's service label.", "", "")
    else {
        return Ok(None);
    };
    let existing = sqlx::query_scalar!(
        "SELECT name FROM service WHERE lower(name) = lower($1)",
        name
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(AppError::from)?;
    if let Some(existing) = existing {
        return Ok(Some(existing));
    }
    let id = match store::services::create(&mut *tx, &fields)
        .await
        .map_err(AppError::from)?
    {
        Ok(id) => id,
        Err(_) => return Ok(None),
    };
    let change = Change {
        action: "service.create",
        entity: "service",
        entity_id: id.to_string(),
        incident_id: None,
        summary: format!("Added service \"{}\" from an alert", fields.name),
        before: None,
        after: Some(json!({"name": fields.name})),
    };
    store::audit::record(&mut *tx, &Actor::person(&user.person), change)
        .await
        .map_err(AppError::from)?;
    Ok(Some(fields.name))
}

async fn open_incident(
    tx: &mut sqlx::PgConnection,
    state: &AppState,
    user: &CurrentUser,
    source: Source,
    alerts: &[&AlertIn],
    rule_kind: Option<crate::domain::incident::Kind>,
    mapping: &[(String, Severity)],
) -> Result<(Uuid, i64), ApiError> {
    let now = OffsetDateTime::now_utc();
    let first_labels: BTreeMap<String, String> = alerts[0].labels.clone();
    let kind = alert::kind_for(rule_kind, &first_labels);
    let severity = alerts
        .iter()
        .map(|a| alert::severity_for(&a.labels, mapping))
        .min()
        .unwrap_or(Severity::Sev3);
    let mut services = Vec::new();
    for a in alerts {
        if let Some(name) = a.service()
            && let Some(stored) = ensure_service(tx, user, name).await?
            && !services.contains(&stored)
        {
            services.push(stored);
        }
    }
    let started = alerts
        .iter()
        .map(|a| a.starts_at)
        .min()
        .unwrap_or(now)
        .min(now);
    let mut milestones = Milestones::new(started);
    milestones.detected_at = Some(now);
    let new = NewIncident {
        fields: IncidentFields {
            title: alert::title(alerts),
            summary: alert::summary(alerts),
            kind,
            severity,
            services,
            customer_impact: String::new(),
            restricted: kind == crate::domain::incident::Kind::Security,
        },
        milestones,
        source,
        runbook_url: alerts
            .iter()
            .find_map(|a| a.runbook_url())
            .unwrap_or_default()
            .chars()
            .take(2000)
            .collect(),
    };
    match incident_ops::file_in(tx, state, user, &new).await? {
        Outcome::Done(incident) => Ok((incident.id, incident.number)),
        Outcome::Invalid(errors) => Err(AppError::Validation(errors).into()),
        Outcome::Stale(..) | Outcome::Refused(..) => Err(AppError::Other(anyhow::anyhow!(
            "filing an incident from alerts was refused"
        ))
        .into()),
    }
}
