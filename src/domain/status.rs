//! The public status page: what state each public component is in, what the page says
//! overall, and how each of the last days went. The names and values follow Atlassian
//! Statuspage's, so that tools written for it read Murphy's too.
//!
//! Only incidents that reached the public count: not restricted, with at least one public
//! stakeholder update. A component's state follows the worst open public incident that
//! affects it (full impact: a major outage at SEV1, a partial outage below; partial impact:
//! degraded performance), unless a responder set it by hand.

use crate::i18n::Message;
use serde::Serialize;
use time::{Date, Duration, OffsetDateTime, Time};

use super::incident::{Severity, Status};
use super::slo::{Impact, ImpactWindow, consumed_minutes};
use super::validation::{FieldErrors, text};

/// How many days the uptime bars show.
pub const UPTIME_DAYS: usize = 90;

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 500;
pub const GROUP_MAX: usize = 100;

/// A component's state, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentState {
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentState {
    pub const ALL: [ComponentState; 5] = [
        ComponentState::Operational,
        ComponentState::DegradedPerformance,
        ComponentState::PartialOutage,
        ComponentState::MajorOutage,
        ComponentState::UnderMaintenance,
    ];

    /// Statuspage's name: `degraded_performance`.
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentState::Operational => "operational",
            ComponentState::UnderMaintenance => "under_maintenance",
            ComponentState::DegradedPerformance => "degraded_performance",
            ComponentState::PartialOutage => "partial_outage",
            ComponentState::MajorOutage => "major_outage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ComponentState::Operational => "Operational",
            ComponentState::UnderMaintenance => "Under maintenance",
            ComponentState::DegradedPerformance => "Degraded performance",
            ComponentState::PartialOutage => "Partial outage",
            ComponentState::MajorOutage => "Major outage",
        }
    }

    pub fn parse(s: &str) -> Option<ComponentState> {
        ComponentState::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The state an open incident of `severity` puts a component it affected with `impact` in.
    pub fn from_incident(impact: Impact, severity: Severity) -> ComponentState {
        match (impact, severity) {
            (Impact::Partial, _) => ComponentState::DegradedPerformance,
            (Impact::Full, Severity::Sev1) => ComponentState::MajorOutage,
            (Impact::Full, _) => ComponentState::PartialOutage,
        }
    }
}

/// An incident's weight on the page, Statuspage's `impact`: SEV1 critical, SEV2 major,
/// SEV3 minor, SEV4 none.
pub fn incident_impact(severity: Severity) -> &'static str {
    match severity {
        Severity::Sev1 => "critical",
        Severity::Sev2 => "major",
        Severity::Sev3 => "minor",
        Severity::Sev4 => "none",
    }
}

/// An incident's status in Statuspage's words: a closed incident is resolved.
pub fn incident_status(status: Status) -> &'static str {
    match status {
        Status::Closed => "resolved",
        other => other.as_str(),
    }
}

/// What the whole page says: Statuspage's `status` object and the banner above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overall {
    /// none, minor, major, critical or maintenance.
    pub indicator: &'static str,
    /// "All Systems Operational", "Partial System Outage"…
    pub description: &'static str,
}

impl Overall {
    /// The page's state from its components' states and the open public incidents'
    /// severities: the worse of the two.
    pub fn of(states: &[ComponentState], open: &[Severity]) -> Overall {
        let from_components = match states.iter().max() {
            Some(ComponentState::MajorOutage) => 4,
            Some(ComponentState::PartialOutage) => 3,
            Some(ComponentState::DegradedPerformance) => 2,
            _ => 0,
        };
        let from_incidents = match open.iter().min() {
            Some(Severity::Sev1) => 4,
            Some(Severity::Sev2) => 3,
            Some(Severity::Sev3) => 2,
            _ => 0,
        };
        match from_components.max(from_incidents) {
            4 => Overall {
                indicator: "critical",
                description: "Major Service Outage",
            },
            3 => Overall {
                indicator: "major",
                description: "Partial System Outage",
            },
            2 => Overall {
                indicator: "minor",
                description: "Minor Service Outage",
            },
            _ if states.contains(&ComponentState::UnderMaintenance) => Overall {
                indicator: "maintenance",
                description: "Service Under Maintenance",
            },
            _ => Overall {
                indicator: "none",
                description: "All Systems Operational",
            },
        }
    }

    /// The CSS tone of the banner.
    pub fn tone(&self) -> &'static str {
        self.indicator
    }
}

/// A component's public settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentFields {
    pub public_name: String,
    pub description: String,
    pub group: String,
    pub position: i32,
}

impl ComponentFields {
    pub fn parse(
        public_name: &str,
        description: &str,
        group: &str,
        position: &str,
    ) -> Result<ComponentFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let public_name = text(
            &mut errors,
            "public_name",
            "Public name",
            public_name,
            true,
            NAME_MAX,
        );
        let description = text(
            &mut errors,
            "description",
            "Description",
            description,
            false,
            DESCRIPTION_MAX,
        );
        let group = text(&mut errors, "group", "Group", group, false, GROUP_MAX);
        let position = match position.trim() {
            "" => 0,
            p => match p.parse::<i32>() {
                Ok(n) if (0..=10_000).contains(&n) => n,
                _ => {
                    errors.add_said(
                        "position",
                        Message::new("val-the-position-is-a-whole-number"),
                    );
                    0
                }
            },
        };
        errors.finish(|| ComponentFields {
            public_name,
            description,
            group,
            position,
        })
    }
}

/// One day of a component's uptime bar.
#[derive(Debug, Clone, PartialEq)]
pub struct UptimeDay {
    pub date: Date,
    /// Weighted minutes of impact (partial impact counts half, as in the error budget).
    pub minutes: f64,
    /// The heaviest impact that day, if any.
    pub worst: Option<Impact>,
    /// The public incidents that hurt the component that day, by number.
    pub incidents: Vec<i64>,
}

impl UptimeDay {
    /// The cell's tone: none, partial or full.
    pub fn tone(&self) -> &'static str {
        match self.worst {
            None => "none",
            Some(Impact::Partial) => "partial",
            Some(Impact::Full) => "full",
        }
    }
}

/// An impact window of a public incident on one component.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PublicWindow {
    pub window: ImpactWindow,
    pub incident: i64,
}

/// The last [`UPTIME_DAYS`] days (UTC) up to `now`'s, oldest first, from the component's
/// impact windows, and the share of that time it was available (percent).
pub fn uptime(windows: &[PublicWindow], now: OffsetDateTime) -> (Vec<UptimeDay>, f64) {
    let today = now.date();
    let plain: Vec<ImpactWindow> = windows.iter().map(|w| w.window).collect();
    let days: Vec<UptimeDay> = (0..UPTIME_DAYS)
        .rev()
        .map(|back| {
            let date = today - Duration::days(back as i64);
            let from = date.with_time(Time::MIDNIGHT).assume_utc();
            let to = (from + Duration::days(1)).min(now);
            let touching: Vec<&PublicWindow> = windows
                .iter()
                .filter(|w| w.window.start < to && w.window.end_or(now) > from)
                .collect();
            let mut incidents: Vec<i64> = touching.iter().map(|w| w.incident).collect();
            incidents.sort_unstable();
            incidents.dedup();
            UptimeDay {
                date,
                minutes: if touching.is_empty() {
                    0.0
                } else {
                    consumed_minutes(&plain, from, to, now)
                },
                worst: touching
                    .iter()
                    .map(|w| w.window.impact)
                    .max_by_key(|i| *i == Impact::Full),
                incidents,
            }
        })
        .collect();
    let first = today - Duration::days(UPTIME_DAYS as i64 - 1);
    let span = now - first.with_time(Time::MIDNIGHT).assume_utc();
    let lost: f64 = days.iter().map(|d| d.minutes).sum();
    let total = span.as_seconds_f64() / 60.0;
    let percent = if total > 0.0 {
        (100.0 * (1.0 - lost / total)).clamp(0.0, 100.0)
    } else {
        100.0
    };
    (days, percent)
}

/// "99.98 %": two decimals, never rounded up to 100 when anything was lost.
pub fn uptime_label(percent: f64) -> String {
    let floored = (percent * 100.0).floor() / 100.0;
    format!("{floored:.2} %")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn states_follow_impact_and_severity() {
        use ComponentState::*;
        assert_eq!(
            ComponentState::from_incident(Impact::Full, Severity::Sev1),
            MajorOutage
        );
        assert_eq!(
            ComponentState::from_incident(Impact::Full, Severity::Sev3),
            PartialOutage
        );
        assert_eq!(
            ComponentState::from_incident(Impact::Partial, Severity::Sev1),
            DegradedPerformance
        );
        assert!(MajorOutage > PartialOutage && PartialOutage > DegradedPerformance);
        assert!(DegradedPerformance > UnderMaintenance && UnderMaintenance > Operational);
        for s in ComponentState::ALL {
            assert_eq!(ComponentState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_page_says_the_worst() {
        use ComponentState::*;
        let none = Overall::of(&[Operational, Operational], &[]);
        assert_eq!(
            (none.indicator, none.description),
            ("none", "All Systems Operational")
        );
        assert_eq!(
            Overall::of(&[Operational, PartialOutage], &[]).indicator,
            "major"
        );
        assert_eq!(Overall::of(&[DegradedPerformance], &[]).indicator, "minor");
        assert_eq!(
            Overall::of(&[Operational], &[Severity::Sev1]).indicator,
            "critical"
        );
        assert_eq!(
            Overall::of(&[Operational], &[Severity::Sev4]).indicator,
            "none"
        );
        let maintenance = Overall::of(&[UnderMaintenance, Operational], &[]);
        assert_eq!(maintenance.description, "Service Under Maintenance");
        assert_eq!(
            Overall::of(&[UnderMaintenance, MajorOutage], &[]).indicator,
            "critical"
        );
    }

    #[test]
    fn uptime_days_count_the_heaviest_impact_once() {
        let now = datetime!(2026-12-01 12:00 UTC);
        let w = |start, end, impact, incident| PublicWindow {
            window: ImpactWindow { start, end, impact },
            incident,
        };
        let windows = [
            // 30 minutes full yesterday, overlapped by a partial hour: 30 + 15 = 45 weighted.
            w(
                datetime!(2026-11-30 10:00 UTC),
                Some(datetime!(2026-11-30 10:30 UTC)),
                Impact::Full,
                7,
            ),
            w(
                datetime!(2026-11-30 10:00 UTC),
                Some(datetime!(2026-11-30 11:00 UTC)),
                Impact::Partial,
                8,
            ),
            // Across midnight, still going.
            w(datetime!(2026-11-30 23:00 UTC), None, Impact::Partial, 9),
        ];
        let (days, percent) = uptime(&windows, now);
        assert_eq!(days.len(), UPTIME_DAYS);
        let today = &days[UPTIME_DAYS - 1];
        let yesterday = &days[UPTIME_DAYS - 2];
        assert_eq!(today.date, now.date());
        assert_eq!(yesterday.minutes, 45.0 + 30.0);
        assert_eq!(yesterday.worst, Some(Impact::Full));
        assert_eq!(yesterday.incidents, vec![7, 8, 9]);
        assert_eq!(today.minutes, 360.0);
        assert_eq!(today.tone(), "partial");
        assert_eq!(days[0].tone(), "none");
        let total = 89.0 * 1440.0 + 720.0;
        assert!((percent - 100.0 * (1.0 - 435.0 / total)).abs() < 1e-9);
        assert_eq!(uptime_label(99.999), "99.99 %");
        assert_eq!(uptime_label(100.0), "100.00 %");
    }
}
