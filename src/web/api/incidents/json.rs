//! The API's incident documents: what it answers and what it reads.

use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::domain::incident::{Incident, IncidentListItem};
use crate::domain::time::rfc3339;
use crate::web::api::contract::{KindName, SeverityName, StatusName, whole_number};

/// An incident. Times are RFC 3339 in UTC; milestones not reached yet are null.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentJson {
    pub id: uuid::Uuid,
    /// The human number: 42 for INC-42.
    pub number: i64,
    /// `INC-42`.
    pub reference: String,
    /// The incident's page.
    pub url: String,
    pub title: String,
    /// Markdown.
    pub summary: String,
    pub kind: String,
    pub severity: String,
    pub status: String,
    pub customer_impact: String,
    /// form, api, alertmanager or grafana.
    pub source: String,
    pub services: Vec<String>,
    /// Visible only to the response team and admins.
    pub restricted: bool,
    /// A runbook link, from the alert that opened it; empty for none.
    pub runbook_url: String,
    pub impact_started_at: String,
    pub detected_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub mitigated_at: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    /// Send it back with PATCH; a stale version is refused with 409.
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&Incident> for IncidentJson {
    fn from(i: &Incident) -> Self {
        let m = &i.milestones;
        IncidentJson {
            id: i.id.0,
            number: i.number,
            reference: i.reference(),
            url: format!("/incidents/{}", i.number),
            title: i.title.clone(),
            summary: i.summary.clone(),
            kind: i.kind.as_str().into(),
            severity: i.severity.as_str().into(),
            status: i.status.as_str().into(),
            customer_impact: i.customer_impact.clone(),
            source: i.source.as_str().into(),
            services: i.services.clone(),
            restricted: i.restricted,
            runbook_url: i.runbook_url.clone(),
            impact_started_at: rfc3339(m.impact_started_at),
            detected_at: m.detected_at.map(rfc3339),
            acknowledged_at: m.acknowledged_at.map(rfc3339),
            mitigated_at: m.mitigated_at.map(rfc3339),
            resolved_at: m.resolved_at.map(rfc3339),
            closed_at: m.closed_at.map(rfc3339),
            version: i.version,
            created_at: rfc3339(i.created_at),
            updated_at: rfc3339(i.updated_at),
        }
    }
}

/// One incident in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentListItemJson {
    pub number: i64,
    pub reference: String,
    pub url: String,
    pub title: String,
    pub kind: String,
    pub severity: String,
    pub status: String,
    pub services: Vec<String>,
    pub impact_started_at: String,
    pub resolved_at: Option<String>,
    pub updated_at: String,
}

impl From<IncidentListItem> for IncidentListItemJson {
    fn from(i: IncidentListItem) -> Self {
        IncidentListItemJson {
            reference: format!("INC-{}", i.number),
            url: format!("/incidents/{}", i.number),
            number: i.number,
            title: i.title,
            kind: i.kind.as_str().into(),
            severity: i.severity.as_str().into(),
            status: i.status.as_str().into(),
            services: i.services,
            impact_started_at: rfc3339(i.impact_started_at),
            resolved_at: i.resolved_at.map(rfc3339),
            updated_at: rfc3339(i.updated_at),
        }
    }
}

/// A page of incidents, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentPage {
    pub items: Vec<IncidentListItemJson>,
    /// Pass as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
    /// The next (older) page: this list's address with its filters and the cursor; null on
    /// the last page.
    pub next: Option<String>,
}

/// A new incident.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateIncident {
    /// At most 200 characters.
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub summary: String,
    #[schema(value_type = KindName)]
    pub kind: String,
    #[schema(value_type = SeverityName)]
    pub severity: String,
    /// Names of existing services.
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub customer_impact: String,
    /// RFC 3339; defaults to now.
    #[schema(format = DateTime)]
    pub impact_started_at: Option<String>,
    /// RFC 3339; defaults to now (filing is detection) or the impact start if later.
    #[schema(format = DateTime)]
    pub detected_at: Option<String>,
    /// Visible only to the response team and admins. Defaults to true for security
    /// incidents, false otherwise.
    pub restricted: Option<bool>,
}

/// Changes to an incident. Only the fields present change; `version` is required. A
/// milestone set to null is cleared.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchIncident {
    /// The version the change is based on.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(value_type = i32)]
    pub version: Option<i32>,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[schema(value_type = Option<KindName>)]
    pub kind: Option<String>,
    #[schema(value_type = Option<SeverityName>)]
    pub severity: Option<String>,
    pub services: Option<Vec<String>>,
    pub customer_impact: Option<String>,
    pub restricted: Option<bool>,
    #[schema(format = DateTime)]
    pub impact_started_at: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub detected_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub acknowledged_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub mitigated_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub resolved_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Option<String>>,
}

/// Tells a key given as null (`Some(None)`) from a key left out (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A status change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    #[schema(value_type = StatusName)]
    pub status: String,
    /// When given, the change is refused with 409 if the incident has changed since.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(value_type = Option<i32>)]
    pub version: Option<i32>,
    /// Resolving only: the closing stakeholder update, published in the same change.
    #[serde(default)]
    pub closing_update: Option<ClosingUpdate>,
    /// Closing only: why this incident needs no post-mortem (1 to 2,000 characters),
    /// recorded on the timeline in the same change.
    #[serde(default)]
    pub no_postmortem_reason: Option<String>,
}

/// The stakeholder update that goes out as an incident resolves.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingUpdate {
    /// internal or public.
    pub audience: String,
    /// What happened and that it is over.
    pub status: String,
    #[serde(default)]
    pub impact: String,
}
