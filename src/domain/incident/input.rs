//! An incident as typed into the form or the API, validated into what is stored.

use std::str::FromStr;

use time::OffsetDateTime;

use super::{
    IMPACT_MAX, Kind, Milestone, Milestones, SERVICES_MAX, SUMMARY_MAX, Severity, Source, TITLE_MAX,
};
use crate::domain::time::parse_instant;
use crate::domain::validation::{FieldErrors, text};
use crate::i18n::Message;

/// The describing fields of an incident, as typed: every value still a string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentInput {
    pub title: String,
    pub summary: String,
    pub kind: String,
    pub severity: String,
    pub services: Vec<String>,
    pub customer_impact: String,
    /// `None` leaves it to the kind: security incidents start restricted.
    pub restricted: Option<bool>,
}

/// The describing fields of an incident, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFields {
    pub title: String,
    pub summary: String,
    pub kind: Kind,
    pub severity: Severity,
    /// Service names, deduplicated, in the order given.
    pub services: Vec<String>,
    pub customer_impact: String,
    pub restricted: bool,
}

impl IncidentInput {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<IncidentFields> {
        let title = text(errors, "title", "Title", &self.title, true, TITLE_MAX);
        let summary = text(
            errors,
            "summary",
            "Summary",
            &self.summary,
            false,
            SUMMARY_MAX,
        );
        let kind = choice::<Kind>(errors, "kind", "kind", &self.kind);
        let severity = choice::<Severity>(errors, "severity", "severity", &self.severity);
        let customer_impact = text(
            errors,
            "customer_impact",
            "Customer impact",
            &self.customer_impact,
            false,
            IMPACT_MAX,
        );
        let mut services: Vec<String> = Vec::new();
        for name in self
            .services
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            if !services.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                services.push(name.to_owned());
            }
        }
        if services.len() > SERVICES_MAX {
            errors.add_said(
                "services",
                Message::new("val-too-many-services").with("max", SERVICES_MAX),
            );
        }
        let kind = kind?;
        Some(IncidentFields {
            title,
            summary,
            restricted: self.restricted.unwrap_or(kind == Kind::Security),
            kind,
            severity: severity?,
            services,
            customer_impact,
        })
    }
}

/// A choice among `T`'s values; `what` ("kind", "severity") names it in the messages.
fn choice<T: FromStr>(errors: &mut FieldErrors, field: &str, what: &str, value: &str) -> Option<T> {
    if value.trim().is_empty() {
        errors.add_said(field, Message::keyed("val-choose-", what));
        return None;
    }
    let parsed = value.parse().ok();
    if parsed.is_none() {
        errors.add_said(
            field,
            Message::keyed("val-not-a-", what).with("value", value.trim()),
        );
    }
    parsed
}

/// The times typed when filing: impact start (default now) and detection (default the
/// filing itself), as local times at `offset_minutes` east of UTC or RFC 3339.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewIncidentTimes<'a> {
    pub impact_started_at: Option<&'a str>,
    pub detected_at: Option<&'a str>,
    pub offset_minutes: i32,
}

/// A new incident, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncident {
    pub fields: IncidentFields,
    pub milestones: Milestones,
    pub source: Source,
    /// A runbook link (alerts carry one); empty for none.
    pub runbook_url: String,
    /// Whoever files it becomes its Incident Commander.
    pub take_command: bool,
    /// Services named as typed, added as services if they are new, then affected.
    pub new_services: Vec<String>,
}

impl NewIncident {
    /// Validates a filing. Detection is the filing itself unless an earlier time is given;
    /// the impact start defaults to the detection time given, else to `now`.
    pub fn parse(
        input: &IncidentInput,
        times: &NewIncidentTimes<'_>,
        source: Source,
        now: OffsetDateTime,
    ) -> Result<NewIncident, FieldErrors> {
        let mut errors = FieldErrors::new();
        let fields = input.parse(&mut errors);
        let mut time = |field: &str, value: Option<&str>| -> Option<Option<OffsetDateTime>> {
            match value.map(str::trim).filter(|s| !s.is_empty()) {
                None => Some(None),
                Some(s) => parse_instant(s, times.offset_minutes)
                    .map_err(|e| errors.add_said(field, e))
                    .ok()
                    .map(Some),
            }
        };
        let impact = time("impact_started_at", times.impact_started_at);
        let detected = time("detected_at", times.detected_at);
        let milestones = impact.zip(detected).map(|(impact, detected)| {
            let at = impact.unwrap_or_else(|| detected.map_or(now, |d| d.min(now)));
            Milestones {
                detected_at: Some(detected.unwrap_or(now.max(at))),
                ..Milestones::new(at)
            }
        });
        if let Some(m) = &milestones {
            errors.extend(m.check(now));
        }
        match (fields, milestones) {
            (Some(fields), Some(milestones)) if errors.is_empty() => Ok(NewIncident {
                fields,
                milestones,
                source,
                runbook_url: String::new(),
                take_command: false,
                new_services: Vec::new(),
            }),
            _ => Err(errors),
        }
    }
}

/// An edit of an existing incident, validated, with the version it was based on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentEdit {
    pub fields: IncidentFields,
    pub milestones: Milestones,
    pub version: i32,
    /// The incident as the form was loaded (at `version`), when the form says: a stale
    /// edit is then merged with what was saved since, not refused whole.
    pub base: Option<super::merge::Base>,
}

/// Milestone times as typed, keyed by [`Milestone`]; an empty string clears the milestone.
pub type MilestoneInput = Vec<(Milestone, String)>;

impl IncidentEdit {
    /// Whether saving this would leave `current` as it is (services in any order).
    pub fn changes_nothing(&self, current: &super::Incident) -> bool {
        let f = &self.fields;
        let sorted = |names: &[String]| {
            let mut names = names.to_vec();
            names.sort();
            names
        };
        f.title == current.title
            && f.summary == current.summary
            && f.kind == current.kind
            && f.severity == current.severity
            && f.customer_impact == current.customer_impact
            && f.restricted == current.restricted
            && sorted(&f.services) == sorted(&current.services)
            && self.milestones == current.milestones
    }

    pub fn parse(
        input: &IncidentInput,
        milestones: &MilestoneInput,
        offset_minutes: i32,
        version: i32,
        now: OffsetDateTime,
    ) -> Result<IncidentEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let fields = input.parse(&mut errors);
        let mut times = Vec::new();
        for (m, raw) in milestones {
            let raw = raw.trim();
            if raw.is_empty() {
                if *m == Milestone::ImpactStarted {
                    errors.add_said(m.as_str(), Message::new("val-impact-start-required"));
                }
                times.push((*m, None));
                continue;
            }
            match parse_instant(raw, offset_minutes) {
                Ok(at) => times.push((*m, Some(at))),
                Err(e) => errors.add_said(m.as_str(), e),
            }
        }
        let impact = times
            .iter()
            .find(|(m, _)| *m == Milestone::ImpactStarted)
            .and_then(|(_, at)| *at);
        let milestones = impact.map(|at| {
            let mut ms = Milestones::new(at);
            for (m, at) in &times {
                ms.set(*m, *at);
            }
            ms
        });
        if let Some(ms) = &milestones {
            errors.extend(ms.check(now));
        }
        match (fields, milestones) {
            (Some(fields), Some(milestones)) if errors.is_empty() => Ok(IncidentEdit {
                fields,
                milestones,
                version,
                base: None,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    fn input() -> IncidentInput {
        IncidentInput {
            title: "  Checkout is down ".into(),
            summary: "".into(),
            kind: "outage".into(),
            severity: "sev2".into(),
            services: vec!["api".into(), "API".into(), " web ".into(), "".into()],
            customer_impact: "".into(),
            restricted: None,
        }
    }

    #[test]
    fn filing_trims_and_deduplicates() {
        let new =
            NewIncident::parse(&input(), &NewIncidentTimes::default(), Source::Form, NOW).unwrap();
        assert_eq!(new.fields.title, "Checkout is down");
        assert_eq!(new.fields.severity, Severity::Sev2);
        assert_eq!(new.fields.kind, Kind::Outage);
        assert_eq!(new.fields.services, vec!["api", "web"]);
        assert!(!new.fields.restricted);
        let security = IncidentInput {
            kind: "security".into(),
            ..input()
        };
        let secret = NewIncident::parse(&security, &NewIncidentTimes::default(), Source::Form, NOW);
        assert!(
            secret.unwrap().fields.restricted,
            "security incidents start restricted"
        );
        assert_eq!(new.milestones.impact_started_at, NOW);
        assert_eq!(new.milestones.detected_at, Some(NOW));
        // A script that says when it detected the problem, a moment before the filing
        // arrives: the impact started then too.
        let detected = NewIncident::parse(
            &input(),
            &NewIncidentTimes {
                detected_at: Some("2026-11-26T11:45:00Z"),
                ..Default::default()
            },
            Source::Api,
            NOW,
        )
        .unwrap();
        assert_eq!(
            detected.milestones.impact_started_at,
            detected.milestones.detected_at.unwrap()
        );
    }

    #[test]
    fn filing_reports_every_bad_field() {
        let bad = IncidentInput {
            title: "x".repeat(201),
            kind: "meteor".into(),
            severity: "".into(),
            ..input()
        };
        let times = NewIncidentTimes {
            impact_started_at: Some("yesterday"),
            ..Default::default()
        };
        let errors = NewIncident::parse(&bad, &times, Source::Form, NOW).unwrap_err();
        assert_eq!(
            errors.get("title"),
            Some("Title is 201 characters long; the most is 200.")
        );
        assert_eq!(errors.get("kind"), Some("\"meteor\" is not a kind."));
        assert_eq!(errors.get("severity"), Some("Choose a severity."));
        assert!(errors.get("impact_started_at").is_some());
        let blank = IncidentInput {
            title: "   ".into(),
            ..input()
        };
        let errors = NewIncident::parse(&blank, &NewIncidentTimes::default(), Source::Form, NOW)
            .unwrap_err();
        assert_eq!(errors.get("title"), Some("Title is required."));
    }

    #[test]
    fn a_local_impact_start_is_converted_with_the_offset() {
        let times = NewIncidentTimes {
            impact_started_at: Some("2026-11-26T11:30"),
            detected_at: Some("2026-11-26T11:45"),
            offset_minutes: 60,
        };
        let new = NewIncident::parse(&input(), &times, Source::Form, NOW).unwrap();
        assert_eq!(
            new.milestones.detected_at,
            Some(datetime!(2026-11-26 10:45 UTC))
        );
        assert_eq!(
            new.milestones.impact_started_at,
            datetime!(2026-11-26 10:30 UTC)
        );
    }
}
