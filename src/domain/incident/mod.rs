//! Incidents: the record and who may see it. Its severity, kind, status and source are in
//! `kinds`, the status lifecycle and milestones in `lifecycle`, and filing and editing input
//! in `input`.

mod input;
mod kinds;
mod lifecycle;
pub mod merge;

use time::{Duration, OffsetDateTime};

use super::ids::{IncidentId, PersonId};

pub use input::{
    IncidentEdit, IncidentFields, IncidentInput, MilestoneInput, NewIncident, NewIncidentTimes,
};
pub use kinds::{Kind, Severity, Source, Status, UnknownVariant};
pub use lifecycle::{Milestone, Milestones, TransitionError};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 100_000;
pub const IMPACT_MAX: usize = 10_000;
pub const SERVICES_MAX: usize = 50;
/// Clock skew tolerated between a person's machine and the server for "not in the future".
pub const FUTURE_TOLERANCE: Duration = Duration::minutes(5);

/// An incident as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: IncidentId,
    pub number: i64,
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub severity: Severity,
    pub status: Status,
    pub customer_impact: String,
    pub source: Source,
    pub services: Vec<String>,
    pub milestones: Milestones,
    /// Visible only to its response team and admins.
    pub restricted: bool,
    pub created_by: Option<PersonId>,
    /// A runbook link, from an alert's `runbook_url` annotation.
    pub runbook_url: String,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Whose eyes a query serves: restricted incidents are left out for everyone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visibility {
    pub person_id: Option<PersonId>,
    /// Admins and Murphy's own maintenance see everything.
    pub all: bool,
}

impl Visibility {
    pub fn everything() -> Self {
        Visibility {
            person_id: None,
            all: true,
        }
    }
}

impl Incident {
    /// What the audit trail keeps of an incident.
    pub fn snapshot(&self) -> serde_json::Value {
        let m = &self.milestones;
        let t = |at: Option<OffsetDateTime>| at.map(super::time::rfc3339);
        serde_json::json!({
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind.as_str(),
            "severity": self.severity.as_str(),
            "status": self.status.as_str(),
            "customer_impact": self.customer_impact,
            "services": self.services,
            "restricted": self.restricted,
            "impact_started_at": t(Some(m.impact_started_at)),
            "detected_at": t(m.detected_at),
            "acknowledged_at": t(m.acknowledged_at),
            "mitigated_at": t(m.mitigated_at),
            "resolved_at": t(m.resolved_at),
            "closed_at": t(m.closed_at),
        })
    }

    /// The describing fields as they are.
    pub fn fields(&self) -> IncidentFields {
        IncidentFields {
            title: self.title.clone(),
            summary: self.summary.clone(),
            kind: self.kind,
            severity: self.severity,
            services: self.services.clone(),
            customer_impact: self.customer_impact.clone(),
            restricted: self.restricted,
        }
    }

    /// This incident with `fields` in place of its own.
    pub fn with_fields(&self, fields: IncidentFields) -> Incident {
        Incident {
            title: fields.title,
            summary: fields.summary,
            kind: fields.kind,
            severity: fields.severity,
            services: fields.services,
            customer_impact: fields.customer_impact,
            restricted: fields.restricted,
            ..self.clone()
        }
    }

    /// The human reference, `INC-42`.
    pub fn reference(&self) -> String {
        reference(self.number)
    }
}

/// One row of the incident list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentListItem {
    pub number: i64,
    pub title: String,
    pub kind: Kind,
    pub severity: Severity,
    pub status: Status,
    pub services: Vec<String>,
    pub impact_started_at: OffsetDateTime,
    pub resolved_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
    pub restricted: bool,
    /// Someone holds the Incident Commander role (always true once resolved: only open
    /// incidents are flagged).
    pub has_ic: bool,
}

pub fn reference(number: i64) -> String {
    format!("INC-{number}")
}

/// Parses `INC-42`, `inc-42` or `42`.
pub fn parse_reference(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = match s.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("INC-") => &s[4..],
        _ => s,
    };
    digits.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse_with_or_without_prefix() {
        assert_eq!(parse_reference("INC-42"), Some(42));
        assert_eq!(parse_reference("inc-7"), Some(7));
        assert_eq!(parse_reference("9"), Some(9));
        assert_eq!(parse_reference("INC-0"), None);
        assert_eq!(parse_reference("INC-x"), None);
    }
}
