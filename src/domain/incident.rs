//! Incidents: severity, kind, the status lifecycle, milestones and the rules between them.

use super::ids::{IncidentId, PersonId};
use std::fmt;
use std::str::FromStr;

use time::{Duration, OffsetDateTime};

use super::time::parse_instant;
use super::validation::{FieldErrors, text};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 100_000;
pub const IMPACT_MAX: usize = 10_000;
pub const SERVICES_MAX: usize = 50;
/// Clock skew tolerated between a person's machine and the server for "not in the future".
pub const FUTURE_TOLERANCE: Duration = Duration::minutes(5);

/// An error for a string that names no variant of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} \"{value}\"")]
pub struct UnknownVariant {
    pub what: &'static str,
    pub value: String,
}

/// Declares a closed set of values stored and sent as lowercase strings.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $s:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            /// The human name.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| UnknownVariant { what: $what, value: s.to_owned() })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// How bad it is. SEV1 is the worst.
    Severity, "severity" {
        Sev1 => "SEV1", "SEV1 · Critical";
        Sev2 => "SEV2", "SEV2 · Major";
        Sev3 => "SEV3", "SEV3 · Minor";
        Sev4 => "SEV4", "SEV4 · Low";
    }
}

impl Severity {
    /// What the level means, shown beside the choice.
    pub fn meaning(self) -> &'static str {
        match self {
            Severity::Sev1 => {
                "A core service is down, or data is lost or exposed, for many customers. \
                 Everyone needed responds now, around the clock."
            }
            Severity::Sev2 => {
                "A core function is badly degraded or down for some customers. \
                 Respond now; page the owners."
            }
            Severity::Sev3 => {
                "Limited impact, or a workaround exists. Respond within working hours."
            }
            Severity::Sev4 => {
                "Little or no customer impact. Track it and fix it in the normal course of work."
            }
        }
    }

    /// The one-word name: Critical, Major, Minor, Low.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Sev1 => "Critical",
            Severity::Sev2 => "Major",
            Severity::Sev3 => "Minor",
            Severity::Sev4 => "Low",
        }
    }

    /// CSS class suffix for the severity colour scale.
    pub fn css(self) -> &'static str {
        match self {
            Severity::Sev1 => "sev1",
            Severity::Sev2 => "sev2",
            Severity::Sev3 => "sev3",
            Severity::Sev4 => "sev4",
        }
    }
}

string_enum! {
    /// What sort of incident it is.
    Kind, "kind" {
        Outage => "outage", "Outage";
        Degradation => "degradation", "Degradation";
        Security => "security", "Security";
        Ddos => "ddos", "DDoS";
        TrafficSurge => "traffic_surge", "Traffic surge";
        DeployFailure => "deploy_failure", "Build or deploy failure";
        DataLoss => "data_loss", "Data loss";
        Other => "other", "Other";
    }
}

string_enum! {
    /// Where the response stands.
    Status, "status" {
        Investigating => "investigating", "Investigating";
        Identified => "identified", "Identified";
        Monitoring => "monitoring", "Monitoring";
        Resolved => "resolved", "Resolved";
        Closed => "closed", "Closed";
    }
}

string_enum! {
    /// How the incident reached Murphy.
    Source, "source" {
        Form => "form", "Web form";
        Api => "api", "API";
        Alertmanager => "alertmanager", "Alertmanager";
        Grafana => "grafana", "Grafana";
    }
}

impl Status {
    /// The statuses this one may change to. Resolved and closed incidents can be reopened.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Investigating => &[Identified, Monitoring, Resolved],
            Identified => &[Investigating, Monitoring, Resolved],
            Monitoring => &[Investigating, Identified, Resolved],
            Resolved => &[Closed, Investigating],
            Closed => &[Investigating],
        }
    }

    pub fn can_become(self, next: Status) -> bool {
        self.next().contains(&next)
    }

    /// Still being worked on (not resolved or closed).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// The milestone a change to this status fills when it is empty.
    pub fn milestone(self) -> Option<Milestone> {
        match self {
            Status::Investigating => None,
            Status::Identified => Some(Milestone::Acknowledged),
            Status::Monitoring => Some(Milestone::Mitigated),
            Status::Resolved => Some(Milestone::Resolved),
            Status::Closed => Some(Milestone::Closed),
        }
    }

    /// The verb on the button that moves an incident to this status.
    pub fn action(self, from: Status) -> &'static str {
        match self {
            Status::Investigating if !from.is_open() => "Reopen",
            Status::Investigating => "Back to investigating",
            Status::Identified => "Cause identified",
            Status::Monitoring => "Fix applied, monitoring",
            Status::Resolved => "Resolve",
            Status::Closed => "Close",
        }
    }
}

string_enum! {
    /// The moments in an incident's life, in the order they must occur.
    Milestone, "milestone" {
        ImpactStarted => "impact_started_at", "Impact started";
        Detected => "detected_at", "Detected";
        Acknowledged => "acknowledged_at", "Acknowledged";
        Mitigated => "mitigated_at", "Mitigated";
        Resolved => "resolved_at", "Resolved";
        Closed => "closed_at", "Closed";
    }
}

/// The milestone times of one incident. Impact start is always known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestones {
    pub impact_started_at: OffsetDateTime,
    pub detected_at: Option<OffsetDateTime>,
    pub acknowledged_at: Option<OffsetDateTime>,
    pub mitigated_at: Option<OffsetDateTime>,
    pub resolved_at: Option<OffsetDateTime>,
    pub closed_at: Option<OffsetDateTime>,
}

/// An error in the status lifecycle, phrased for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("The incident is already {}.", .0.label().to_lowercase())]
    Unchanged(Status),
    #[error("An incident that is {} cannot become {}.", .from.label().to_lowercase(), .to.label().to_lowercase())]
    NotAllowed { from: Status, to: Status },
}

impl Milestones {
    pub fn new(impact_started_at: OffsetDateTime) -> Self {
        Milestones {
            impact_started_at,
            detected_at: None,
            acknowledged_at: None,
            mitigated_at: None,
            resolved_at: None,
            closed_at: None,
        }
    }

    pub fn get(&self, m: Milestone) -> Option<OffsetDateTime> {
        match m {
            Milestone::ImpactStarted => Some(self.impact_started_at),
            Milestone::Detected => self.detected_at,
            Milestone::Acknowledged => self.acknowledged_at,
            Milestone::Mitigated => self.mitigated_at,
            Milestone::Resolved => self.resolved_at,
            Milestone::Closed => self.closed_at,
        }
    }

    /// Sets an optional milestone. Impact start cannot be emptied.
    pub fn set(&mut self, m: Milestone, at: Option<OffsetDateTime>) {
        match m {
            Milestone::ImpactStarted => {
                if let Some(at) = at {
                    self.impact_started_at = at;
                }
            }
            Milestone::Detected => self.detected_at = at,
            Milestone::Acknowledged => self.acknowledged_at = at,
            Milestone::Mitigated => self.mitigated_at = at,
            Milestone::Resolved => self.resolved_at = at,
            Milestone::Closed => self.closed_at = at,
        }
    }

    /// Every milestone that is set must be no earlier than each set milestone before it, and
    /// none may lie in the future.
    pub fn check(&self, now: OffsetDateTime) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let mut latest: Option<(Milestone, OffsetDateTime)> = None;
        for &m in Milestone::ALL {
            let Some(at) = self.get(m) else { continue };
            if at > now + FUTURE_TOLERANCE {
                errors.add(
                    m.as_str(),
                    format!("{} cannot be in the future.", m.label()),
                );
            }
            match latest {
                Some((before, before_at)) if at < before_at => errors.add(
                    m.as_str(),
                    format!(
                        "{} cannot be earlier than {} ({}).",
                        m.label(),
                        before.label().to_lowercase(),
                        super::time::utc_minutes(before_at)
                    ),
                ),
                _ => latest = Some((m, at)),
            }
        }
        errors
    }

    /// Moves `status` to `to`, filling the matching milestone when it is empty and clearing
    /// the resolved and closed milestones on reopening.
    pub fn change_status(
        &mut self,
        from: Status,
        to: Status,
        now: OffsetDateTime,
    ) -> Result<(), TransitionError> {
        if from == to {
            return Err(TransitionError::Unchanged(from));
        }
        if !from.can_become(to) {
            return Err(TransitionError::NotAllowed { from, to });
        }
        if to.is_open() && !from.is_open() {
            self.resolved_at = None;
            self.closed_at = None;
        }
        if let Some(m) = to.milestone()
            && self.get(m).is_none()
        {
            self.set(m, Some(self.clamp_before_later(m, now)));
        }
        Ok(())
    }

    /// `at`, or the earliest later milestone already set when that comes sooner, so that
    /// filling a milestone never puts the record out of order.
    fn clamp_before_later(&self, m: Milestone, at: OffsetDateTime) -> OffsetDateTime {
        let earlier = Milestone::ALL
            .iter()
            .take_while(|&&x| x != m)
            .filter_map(|&x| self.get(x))
            .max()
            .unwrap_or(self.impact_started_at);
        Milestone::ALL
            .iter()
            .skip_while(|&&x| x != m)
            .skip(1)
            .filter_map(|&x| self.get(x))
            .fold(at, OffsetDateTime::min)
            .max(earlier)
    }

    /// Time to detect: impact start → detected.
    /// When an incident counts as mitigated once every alert it tracks has resolved: at the
    /// last alert's end, but never before an earlier milestone nor in the future.
    pub fn mitigated_by_alerts(
        &self,
        ended: OffsetDateTime,
        now: OffsetDateTime,
    ) -> OffsetDateTime {
        [
            Some(ended),
            Some(self.impact_started_at),
            self.detected_at,
            self.acknowledged_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(now)
        .min(now)
    }

    pub fn time_to_detect(&self) -> Option<Duration> {
        Some(self.detected_at? - self.impact_started_at)
    }

    /// Time to acknowledge: detected → acknowledged.
    pub fn time_to_acknowledge(&self) -> Option<Duration> {
        Some(self.acknowledged_at? - self.detected_at?)
    }

    /// Time to mitigate: impact start → mitigated.
    pub fn time_to_mitigate(&self) -> Option<Duration> {
        Some(self.mitigated_at? - self.impact_started_at)
    }

    /// Time to resolve: impact start → resolved.
    pub fn time_to_resolve(&self) -> Option<Duration> {
        Some(self.resolved_at? - self.impact_started_at)
    }
}

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
            errors.add(
                "services",
                format!("An incident can name at most {SERVICES_MAX} services."),
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

fn choice<T: FromStr>(errors: &mut FieldErrors, field: &str, what: &str, value: &str) -> Option<T> {
    if value.trim().is_empty() {
        errors.add(field, format!("Choose a {what}."));
        return None;
    }
    let parsed = value.parse().ok();
    if parsed.is_none() {
        errors.add(field, format!("\"{}\" is not a {what}.", value.trim()));
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
}

impl NewIncident {
    /// Validates a filing. The impact start defaults to `now`; detection is the filing
    /// itself unless an earlier time is given.
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
                    .map_err(|e| errors.add(field, e))
                    .ok()
                    .map(Some),
            }
        };
        let impact = time("impact_started_at", times.impact_started_at).map(|at| at.unwrap_or(now));
        let detected = time("detected_at", times.detected_at);
        let milestones = impact.zip(detected).map(|(at, detected)| Milestones {
            detected_at: Some(detected.unwrap_or(now.max(at))),
            ..Milestones::new(at)
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
}

/// Milestone times as typed, keyed by [`Milestone`]; an empty string clears the milestone.
pub type MilestoneInput = Vec<(Milestone, String)>;

impl IncidentEdit {
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
                    errors.add(m.as_str(), "Impact start is required.");
                }
                times.push((*m, None));
                continue;
            }
            match parse_instant(raw, offset_minutes) {
                Ok(at) => times.push((*m, Some(at))),
                Err(e) => errors.add(m.as_str(), e),
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
    fn every_status_reaches_only_its_listed_successors() {
        use Status::*;
        let allowed = [
            (Investigating, Identified),
            (Investigating, Monitoring),
            (Investigating, Resolved),
            (Identified, Investigating),
            (Identified, Monitoring),
            (Identified, Resolved),
            (Monitoring, Investigating),
            (Monitoring, Identified),
            (Monitoring, Resolved),
            (Resolved, Closed),
            (Resolved, Investigating),
            (Closed, Investigating),
        ];
        for &from in Status::ALL {
            for &to in Status::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn a_status_change_fills_its_empty_milestone_only() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.change_status(Status::Investigating, Status::Identified, NOW)
            .unwrap();
        assert_eq!(ms.acknowledged_at, Some(NOW));
        let later = NOW + Duration::hours(1);
        ms.change_status(Status::Identified, Status::Investigating, later)
            .unwrap();
        ms.change_status(Status::Investigating, Status::Identified, later)
            .unwrap();
        assert_eq!(ms.acknowledged_at, Some(NOW), "kept, not overwritten");
        ms.change_status(Status::Identified, Status::Resolved, later)
            .unwrap();
        assert_eq!(ms.resolved_at, Some(later));
        assert_eq!(ms.mitigated_at, None);
    }

    #[test]
    fn reopening_clears_resolved_and_closed() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.change_status(Status::Monitoring, Status::Resolved, NOW)
            .unwrap();
        ms.change_status(Status::Resolved, Status::Closed, NOW)
            .unwrap();
        assert!(ms.closed_at.is_some());
        ms.change_status(Status::Closed, Status::Investigating, NOW)
            .unwrap();
        assert_eq!((ms.resolved_at, ms.closed_at), (None, None));
    }

    #[test]
    fn forbidden_and_unchanged_transitions_are_refused() {
        let mut ms = Milestones::new(NOW);
        assert_eq!(
            ms.change_status(Status::Investigating, Status::Closed, NOW),
            Err(TransitionError::NotAllowed {
                from: Status::Investigating,
                to: Status::Closed
            })
        );
        assert_eq!(
            ms.change_status(Status::Resolved, Status::Resolved, NOW),
            Err(TransitionError::Unchanged(Status::Resolved))
        );
        assert_eq!(ms, Milestones::new(NOW));
    }

    #[test]
    fn filling_a_milestone_never_breaks_the_order() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 11:00 UTC));
        ms.change_status(Status::Monitoring, Status::Identified, NOW)
            .unwrap();
        assert_eq!(ms.acknowledged_at, Some(datetime!(2026-11-26 11:00 UTC)));
        assert!(ms.check(NOW).is_empty());
    }

    #[test]
    fn milestones_out_of_order_or_in_the_future_are_refused() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        ms.detected_at = Some(datetime!(2026-11-26 09:00 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 11:00 UTC));
        ms.resolved_at = Some(datetime!(2026-11-26 10:30 UTC));
        ms.closed_at = Some(NOW + Duration::hours(1));
        let errors = ms.check(NOW);
        assert_eq!(
            errors.get("detected_at"),
            Some("Detected cannot be earlier than impact started (2026-11-26 10:00 UTC).")
        );
        assert_eq!(
            errors.get("resolved_at"),
            Some("Resolved cannot be earlier than mitigated (2026-11-26 11:00 UTC).")
        );
        assert_eq!(
            errors.get("closed_at"),
            Some("Closed cannot be in the future.")
        );
        assert_eq!(errors.get("mitigated_at"), None);
        assert_eq!(errors.get("acknowledged_at"), None);
    }

    #[test]
    fn equal_milestones_are_in_order() {
        let mut ms = Milestones::new(NOW);
        ms.detected_at = Some(NOW);
        ms.acknowledged_at = Some(NOW);
        assert!(ms.check(NOW).is_empty());
    }

    #[test]
    fn durations_follow_their_definitions() {
        let mut ms = Milestones::new(datetime!(2026-11-26 10:00 UTC));
        assert_eq!(ms.time_to_detect(), None);
        ms.detected_at = Some(datetime!(2026-11-26 10:05 UTC));
        ms.acknowledged_at = Some(datetime!(2026-11-26 10:07 UTC));
        ms.mitigated_at = Some(datetime!(2026-11-26 10:45 UTC));
        ms.resolved_at = Some(datetime!(2026-11-26 11:30 UTC));
        assert_eq!(ms.time_to_detect(), Some(Duration::minutes(5)));
        assert_eq!(ms.time_to_acknowledge(), Some(Duration::minutes(2)));
        assert_eq!(ms.time_to_mitigate(), Some(Duration::minutes(45)));
        assert_eq!(ms.time_to_resolve(), Some(Duration::minutes(90)));
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

    #[test]
    fn references_parse_with_or_without_prefix() {
        assert_eq!(parse_reference("INC-42"), Some(42));
        assert_eq!(parse_reference("inc-7"), Some(7));
        assert_eq!(parse_reference("9"), Some(9));
        assert_eq!(parse_reference("INC-0"), None);
        assert_eq!(parse_reference("INC-x"), None);
    }

    #[test]
    fn enums_round_trip_through_their_stored_form() {
        for &k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
        }
        for &s in Severity::ALL {
            assert_eq!(s.as_str().parse::<Severity>(), Ok(s));
        }
        assert!("sev5".parse::<Severity>().is_err());
    }
}
