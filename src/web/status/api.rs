//! The status page in Atlassian Statuspage's v2 shapes (`/status/api/v2/…`), so that
//! widgets, chat bots and monitors written for Statuspage read Murphy's page as they are.
//! Components are the public services (their groups as group components), incidents the
//! public ones, and scheduled maintenance is always an empty list for now.

use serde_json::{Value, json};
use time::OffsetDateTime;

use super::{IncidentView, MaintenanceView, Rendered, Snapshot};
use crate::AppState;
use crate::domain::ids::ServiceId;
use crate::domain::maintenance::MaintenanceState;
use crate::domain::slo::Impact;
use crate::domain::status::{incident_impact, incident_status};
use crate::domain::time::rfc3339;
use crate::error::Result;

/// The page's one id: Murphy serves one status page.
const PAGE_ID: &str = "murphy";

fn time(at: OffsetDateTime) -> Value {
    Value::String(rfc3339(at))
}

fn page(state: &AppState, s: &Snapshot) -> Value {
    json!({
        "id": PAGE_ID,
        "name": state.status_name_in(crate::i18n::Lang::En),
        "url": format!("{}/status", state.public_url),
        "time_zone": "Etc/UTC",
        "updated_at": time(s.updated_at),
    })
}

/// A group's id: stable while its name is.
fn group_id(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("group-{slug}")
}

/// The public component of `service`, in Statuspage's shape: its place on the page and its
/// group's id as `components.json` lists them.
fn component_json(s: &Snapshot, service: ServiceId) -> Option<Value> {
    let (position, c) = s
        .components
        .iter()
        .enumerate()
        .find(|(_, c)| c.component.service_id == service)?;
    let group = &c.component.group;
    Some(json!({
        "id": service.to_string(),
        "name": c.component.public_name,
        "status": c.state.as_str(),
        "created_at": time(c.component.created_at),
        "updated_at": time(c.component.updated_at),
        "position": position + 1,
        "description": (!c.component.description.is_empty()).then_some(&c.component.description),
        "showcase": true,
        "start_date": null,
        "group_id": (!group.is_empty()).then(|| group_id(group)),
        "page_id": PAGE_ID,
        "group": false,
        "only_show_if_degraded": false,
    }))
}

fn components_json(s: &Snapshot) -> Value {
    let mut out = Vec::new();
    let mut groups: Vec<&str> = s
        .components
        .iter()
        .map(|c| c.component.group.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    groups.dedup();
    out.extend(
        s.components
            .iter()
            .filter_map(|c| component_json(s, c.component.service_id)),
    );
    for (i, name) in groups.iter().enumerate() {
        let members: Vec<&super::ComponentView> = s
            .components
            .iter()
            .filter(|c| c.component.group == *name)
            .collect();
        let worst = members.iter().map(|c| c.state).max();
        out.push(json!({
            "id": group_id(name),
            "name": name,
            "status": worst.map_or("operational", |w| w.as_str()),
            "created_at": members.iter().map(|c| c.component.created_at).min().map(time),
            "updated_at": members.iter().map(|c| c.component.updated_at).max().map(time),
            "position": s.components.len() + i + 1,
            "description": null,
            "showcase": false,
            "start_date": null,
            "group_id": null,
            "page_id": PAGE_ID,
            "group": true,
            "only_show_if_degraded": false,
            "components": members.iter().map(|c| c.component.service_id.to_string()).collect::<Vec<_>>(),
        }));
    }
    Value::Array(out)
}

/// An update's status: what the incident's milestones say it was when it was published.
pub(super) fn update_status(i: &IncidentView, at: OffsetDateTime) -> &'static str {
    let incident = &i.incident;
    if incident.resolved_at.is_some_and(|r| r <= at) {
        "resolved"
    } else if incident.mitigated_at.is_some_and(|m| m <= at) {
        "monitoring"
    } else {
        "investigating"
    }
}

fn incident_json(state: &AppState, s: &Snapshot, i: &IncidentView) -> Value {
    let id = i.incident.number.to_string();
    let updates: Vec<Value> = i
        .updates
        .iter()
        .map(|u| {
            let body = if u.impact.is_empty() {
                u.status.clone()
            } else {
                format!("{}\n\nImpact: {}", u.status, u.impact)
            };
            json!({
                "id": u.id.to_string(),
                "status": update_status(i, u.published_at),
                "body": body,
                "incident_id": id,
                "created_at": time(u.published_at),
                "updated_at": time(u.published_at),
                "display_at": time(u.published_at),
                "affected_components": null,
                "deliver_notifications": true,
                "custom_tweet": null,
                "tweet_id": null,
            })
        })
        .collect();
    let affected: Vec<Value> = i
        .affected
        .iter()
        .filter_map(|(service, impact)| {
            let mut c = component_json(s, *service)?;
            c["impact"] = json!(match impact {
                Impact::Full => "outage",
                Impact::Partial => "degraded",
            });
            Some(c)
        })
        .collect();
    json!({
        "id": id,
        "name": i.incident.title,
        "status": incident_status(i.incident.status),
        "created_at": time(i.incident.created_at),
        "updated_at": time(i.incident.updated_at),
        "monitoring_at": i.incident.mitigated_at.map(time),
        "resolved_at": i.incident.resolved_at.map(time),
        "impact": incident_impact(i.incident.severity),
        "shortlink": format!("{}/status/incidents/{}", state.public_url, i.incident.number),
        "started_at": time(i.incident.impact_started_at),
        "page_id": PAGE_ID,
        "incident_updates": updates,
        "components": affected,
    })
}

fn incidents_json(state: &AppState, s: &Snapshot, list: &[IncidentView]) -> Value {
    Value::Array(list.iter().map(|i| incident_json(state, s, i)).collect())
}

fn status_json(s: &Snapshot) -> Value {
    json!({
        "indicator": s.overall.indicator,
        "description": s.overall.description,
    })
}

fn rendered(value: Value, s: &Snapshot) -> Result<Rendered> {
    Ok(Rendered::new(
        serde_json::to_string_pretty(&value).map_err(anyhow::Error::from)?,
        "application/json",
        s.updated_at,
    ))
}

pub(super) fn summary(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    rendered(
        json!({
            "page": page(state, s),
            "components": components_json(s),
            "incidents": incidents_json(state, s, &s.open),
            "scheduled_maintenances": s.maintenance.iter().map(|m| maintenance_json(state, s, m)).collect::<Vec<_>>(),
            "status": status_json(s),
        }),
        s,
    )
}

pub(super) fn status(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    rendered(
        json!({ "page": page(state, s), "status": status_json(s) }),
        s,
    )
}

pub(super) fn components(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    rendered(
        json!({ "page": page(state, s), "components": components_json(s) }),
        s,
    )
}

pub(super) fn incidents(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    rendered(
        json!({ "page": page(state, s), "incidents": incidents_json(state, s, &s.newest) }),
        s,
    )
}

pub(super) fn unresolved(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    rendered(
        json!({ "page": page(state, s), "incidents": incidents_json(state, s, &s.open) }),
        s,
    )
}

fn maintenance_json(state: &AppState, s: &Snapshot, m: &MaintenanceView) -> Value {
    let w = &m.maintenance;
    let id = w.id.to_string();
    let status = w.state.as_str();
    let components: Vec<Value> = m
        .components
        .iter()
        .filter_map(|(service, _)| component_json(s, *service))
        .collect();
    json!({
        "id": id,
        "name": w.title,
        "status": status,
        "created_at": time(w.created_at),
        "updated_at": time(w.updated_at),
        "monitoring_at": null,
        "resolved_at": w.completed_at.map(time),
        "impact": "maintenance",
        "shortlink": format!("{}/status", state.public_url),
        "started_at": time(w.starts_at),
        "page_id": PAGE_ID,
        "incident_updates": [{
            "id": format!("{id}-scheduled"),
            "status": "scheduled",
            "body": w.body,
            "incident_id": id,
            "created_at": time(w.created_at),
            "updated_at": time(w.updated_at),
            "display_at": time(w.created_at),
            "affected_components": null,
            "deliver_notifications": true,
            "custom_tweet": null,
            "tweet_id": null,
        }],
        "components": components,
        "scheduled_for": time(w.starts_at),
        "scheduled_until": time(w.ends_at),
    })
}

/// Maintenance windows: the recent ones, or those in `only` that state.
pub(super) fn maintenances(
    state: &AppState,
    s: &Snapshot,
    only: Option<MaintenanceState>,
) -> Result<Rendered> {
    let list: Vec<Value> = match only {
        None => s
            .maintenance_recent
            .iter()
            .map(|m| maintenance_json(state, s, m))
            .collect(),
        Some(wanted) => s
            .maintenance
            .iter()
            .filter(|m| m.maintenance.state == wanted)
            .map(|m| maintenance_json(state, s, m))
            .collect(),
    };
    rendered(
        json!({ "page": page(state, s), "scheduled_maintenances": list }),
        s,
    )
}
