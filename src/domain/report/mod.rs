//! Reports: what a period of incidents says about the response. The figures are computed by
//! the database (store/reports.rs); this module names them, fills the gaps in trends, and
//! says which incidents each figure had to leave out.

use serde::Serialize;
use time::{Date, Duration, Month, OffsetDateTime, Time};

use super::incident::{Kind, Severity};
use super::taxonomy::{Detection, TagKind};
use super::time::iso_date;

mod tally;

pub use tally::{Figures, ScopeRow, Tally, compute, percentile};

/// The label of the group of every incident in scope (`Report::total`), as the JSON and CSV
/// keep it; pages and documents say it in the reader's language.
pub const ALL_INCIDENTS: &str = "All incidents";

/// How trends are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Week,
    Month,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    /// The first day of the week (Monday) or month holding `day`.
    pub fn start_of(self, day: Date) -> Date {
        match self {
            Bucket::Week => day - Duration::days(day.weekday().number_days_from_monday().into()),
            Bucket::Month => day.replace_day(1).unwrap_or(day),
        }
    }

    fn next(self, start: Date) -> Date {
        match self {
            Bucket::Week => start + Duration::days(7),
            Bucket::Month => {
                let (y, m) = match start.month() {
                    Month::December => (start.year() + 1, Month::January),
                    m => (start.year(), m.next()),
                };
                Date::from_calendar_date(y, m, 1).unwrap_or(start)
            }
        }
    }

    /// Every bucket start from the one holding `from` to the one holding `to`.
    pub fn starts(self, from: Date, to: Date) -> Vec<Date> {
        let mut out = Vec::new();
        let mut at = self.start_of(from);
        while at <= to && out.len() < 1000 {
            out.push(at);
            at = self.next(at);
        }
        out
    }

    /// "2026-11-23" for weeks, "2026-11" for months.
    pub fn label(self, start: Date) -> String {
        match self {
            Bucket::Week => start.to_string(),
            Bucket::Month => format!("{}-{:02}", start.year(), u8::from(start.month())),
        }
    }
}

/// What a report covers: incidents whose impact started between `from` and `to` (whole UTC
/// days, inclusive), narrowed by the optional filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope {
    #[serde(serialize_with = "iso_date")]
    pub from: Date,
    #[serde(serialize_with = "iso_date")]
    pub to: Date,
    pub severity: Option<Severity>,
    pub kind: Option<Kind>,
    /// A service name, matched without regard to case.
    pub service: Option<String>,
    pub bucket: Bucket,
}

/// The longest period one report covers.
pub const MAX_DAYS: i64 = 3660;

impl Scope {
    /// The last 90 days up to `today`, grouped by week.
    pub fn default_for(today: Date) -> Scope {
        Scope {
            from: today - Duration::days(89),
            to: today,
            severity: None,
            kind: None,
            service: None,
            bucket: Bucket::Week,
        }
    }

    pub fn start(&self) -> OffsetDateTime {
        self.from.with_time(Time::MIDNIGHT).assume_utc()
    }

    /// The first instant after the `to` day.
    pub fn end(&self) -> OffsetDateTime {
        (self.to + Duration::days(1))
            .with_time(Time::MIDNIGHT)
            .assume_utc()
    }
}

/// One duration figure over a set of incidents, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metric {
    /// Incidents the figure is computed from.
    pub counted: i64,
    /// Incidents in scope left out because a milestone it needs is missing.
    pub left_out: i64,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub mean: Option<f64>,
}

impl Metric {
    pub fn median_duration(&self) -> Option<Duration> {
        self.median.map(Duration::seconds_f64)
    }
    pub fn p90_duration(&self) -> Option<Duration> {
        self.p90.map(Duration::seconds_f64)
    }
    pub fn mean_duration(&self) -> Option<Duration> {
        self.mean.map(Duration::seconds_f64)
    }
}

/// The four response times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Detected − impact started.
    Detect,
    /// Acknowledged − detected.
    Acknowledge,
    /// Mitigated − impact started.
    Mitigate,
    /// Resolved − impact started.
    Resolve,
}

impl Measure {
    pub const ALL: [Measure; 4] = [
        Measure::Detect,
        Measure::Acknowledge,
        Measure::Mitigate,
        Measure::Resolve,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Measure::Detect => "time_to_detect",
            Measure::Acknowledge => "time_to_acknowledge",
            Measure::Mitigate => "time_to_mitigate",
            Measure::Resolve => "time_to_resolve",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::Detect => "Time to detect",
            Measure::Acknowledge => "Time to acknowledge",
            Measure::Mitigate => "Time to mitigate",
            Measure::Resolve => "Time to resolve",
        }
    }

    pub fn abbreviation(self) -> &'static str {
        match self {
            Measure::Detect => "MTTD",
            Measure::Acknowledge => "MTTA",
            Measure::Mitigate => "MTTM",
            Measure::Resolve => "MTTR",
        }
    }

    /// What it is measured between.
    pub fn definition(self) -> &'static str {
        match self {
            Measure::Detect => "impact started → detected",
            Measure::Acknowledge => "detected → acknowledged",
            Measure::Mitigate => "impact started → mitigated",
            Measure::Resolve => "impact started → resolved",
        }
    }

    /// Why an incident is left out of this figure.
    pub fn missing(self) -> &'static str {
        match self {
            Measure::Detect => "no detected time",
            Measure::Acknowledge => "no detected or acknowledged time",
            Measure::Mitigate => "not mitigated yet",
            Measure::Resolve => "not resolved yet",
        }
    }
}

/// Incidents of one group (all, a severity, a service) and their response times.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub label: String,
    pub incidents: i64,
    pub detect: Metric,
    pub acknowledge: Metric,
    pub mitigate: Metric,
    pub resolve: Metric,
}

impl Group {
    pub fn empty(label: &str) -> Group {
        Group {
            label: label.to_owned(),
            incidents: 0,
            detect: Metric::default(),
            acknowledge: Metric::default(),
            mitigate: Metric::default(),
            resolve: Metric::default(),
        }
    }

    pub fn metric(&self, m: Measure) -> &Metric {
        match m {
            Measure::Detect => &self.detect,
            Measure::Acknowledge => &self.acknowledge,
            Measure::Mitigate => &self.mitigate,
            Measure::Resolve => &self.resolve,
        }
    }
}

/// Incidents and impact on one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceLoad {
    pub service: String,
    pub incidents: i64,
    /// Minutes from impact start to mitigation (or resolution, or now while it lasts).
    pub impact_minutes: f64,
}

/// One period of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    #[serde(serialize_with = "iso_date")]
    pub start: Date,
    pub label: String,
    /// Incidents whose impact started in the period, by severity (SEV1 first).
    pub by_severity: [i64; 4],
    /// Median time to resolve of those resolved, in seconds.
    pub median_resolve: Option<f64>,
}

impl TrendPoint {
    pub fn total(&self) -> i64 {
        self.by_severity.iter().sum()
    }
}

/// Action items from the post-mortems of incidents in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActionCounts {
    pub done: i64,
    /// Open or in progress.
    pub open: i64,
    /// Open or in progress and past their due date.
    pub overdue: i64,
    pub wont_do: i64,
}

/// A resolved incident the policy requires a post-mortem of, not yet published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingPostmortem {
    pub number: i64,
    pub title: String,
    pub severity: Severity,
    #[serde(with = "time::serde::rfc3339::option")]
    pub resolved_at: Option<OffsetDateTime>,
    /// "none", "draft" or "in_review".
    pub postmortem: String,
    /// When it is due: some days after resolution.
    #[serde(with = "time::serde::rfc3339::option")]
    pub due: Option<OffsetDateTime>,
    /// Past its due date.
    pub late: bool,
}

/// Incidents and impact behind one contributing factor or trigger, over the period and in
/// each trend period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagLoad {
    pub id: uuid::Uuid,
    pub kind: TagKind,
    pub name: String,
    /// Incidents whose post-mortem carries the tag.
    pub incidents: i64,
    /// Their impact, as for services: from impact start to mitigation (or resolution, or
    /// now while it lasts).
    pub impact_minutes: f64,
    /// The trend periods with any such incident.
    pub periods: Vec<TagPeriod>,
}

/// One trend period of a factor or trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagPeriod {
    #[serde(serialize_with = "iso_date")]
    pub start: Date,
    pub incidents: i64,
    pub impact_minutes: f64,
}

/// Incidents by how they were detected (`None`: nobody said yet).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectionLoad {
    pub detection: Option<Detection>,
    pub incidents: i64,
    pub impact_minutes: f64,
    /// Median seconds from impact start to detection, of those with both.
    pub median_detect: Option<f64>,
}

/// Everything the reports page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scope: Scope,
    pub total: Group,
    pub by_severity: Vec<Group>,
    pub by_service: Vec<Group>,
    pub trend: Vec<TrendPoint>,
    pub services: Vec<ServiceLoad>,
    pub actions: ActionCounts,
    pub missing_postmortems: Vec<MissingPostmortem>,
    /// How many there are in all (the list holds at most `MISSING_LIMIT`).
    pub missing_postmortem_count: i64,
    /// Contributing factors and triggers, most impact first.
    pub tags: Vec<TagLoad>,
    pub detection: Vec<DetectionLoad>,
}

pub const MISSING_LIMIT: i64 = 50;

impl Report {
    /// Services by incident count, most first (ties by name).
    pub fn top_by_count(&self, n: usize) -> Vec<&ServiceLoad> {
        let mut v: Vec<&ServiceLoad> = self.services.iter().filter(|s| s.incidents > 0).collect();
        v.sort_by(|a, b| {
            b.incidents
                .cmp(&a.incidents)
                .then(a.service.cmp(&b.service))
        });
        v.truncate(n);
        v
    }

    /// Services by impact minutes, most first.
    pub fn top_by_minutes(&self, n: usize) -> Vec<&ServiceLoad> {
        let mut v: Vec<&ServiceLoad> = self
            .services
            .iter()
            .filter(|s| s.impact_minutes > 0.0)
            .collect();
        v.sort_by(|a, b| {
            b.impact_minutes
                .total_cmp(&a.impact_minutes)
                .then(a.service.cmp(&b.service))
        });
        v.truncate(n);
        v
    }
}

impl Report {
    /// The factors (or triggers) with any incident, most impact minutes first.
    pub fn tags_of(&self, kind: TagKind) -> Vec<&TagLoad> {
        self.tags.iter().filter(|t| t.kind == kind).collect()
    }

    /// Impact minutes per trend period for the `n` factors (or triggers) with the most, and
    /// the rest together as a last series: (series names, values[period][series]).
    pub fn tag_trend(&self, kind: TagKind, n: usize) -> (Vec<String>, Vec<Vec<f64>>) {
        let tags = self.tags_of(kind);
        let (top, rest) = tags.split_at(tags.len().min(n));
        let mut names: Vec<String> = top.iter().map(|t| t.name.clone()).collect();
        if !rest.is_empty() {
            names.push("Others".into());
        }
        let minutes = |t: &TagLoad, start: Date| {
            t.periods
                .iter()
                .filter(|p| p.start == start)
                .map(|p| p.impact_minutes)
                .sum::<f64>()
        };
        let values = self
            .trend
            .iter()
            .map(|p| {
                let mut v: Vec<f64> = top.iter().map(|t| minutes(t, p.start)).collect();
                if !rest.is_empty() {
                    v.push(rest.iter().map(|t| minutes(t, p.start)).sum());
                }
                v
            })
            .collect();
        (names, values)
    }
}

/// Puts counted periods in place among every period of the scope, empty ones included.
pub fn fill_trend(scope: &Scope, counted: Vec<TrendPoint>) -> Vec<TrendPoint> {
    scope
        .bucket
        .starts(scope.from, scope.to)
        .into_iter()
        .map(|start| {
            counted
                .iter()
                .find(|p| p.start == start)
                .cloned()
                .unwrap_or_else(|| TrendPoint {
                    start,
                    label: scope.bucket.label(start),
                    by_severity: [0; 4],
                    median_resolve: None,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        assert_eq!(
            Bucket::Week.start_of(date!(2026 - 11 - 26)),
            date!(2026 - 11 - 23)
        );
        assert_eq!(
            Bucket::Month.start_of(date!(2026 - 11 - 26)),
            date!(2026 - 11 - 01)
        );
        assert_eq!(
            Bucket::Month.starts(date!(2026 - 11 - 15), date!(2027 - 02 - 01)),
            vec![
                date!(2026 - 11 - 01),
                date!(2026 - 12 - 01),
                date!(2027 - 01 - 01),
                date!(2027 - 02 - 01)
            ]
        );
        assert_eq!(
            Bucket::Week
                .starts(date!(2026 - 11 - 26), date!(2026 - 12 - 07))
                .len(),
            3
        );
        assert_eq!(Bucket::Month.label(date!(2026 - 03 - 01)), "2026-03");
    }

    #[test]
    fn trends_include_empty_periods() {
        let scope = Scope {
            bucket: Bucket::Month,
            ..Scope::default_for(date!(2026 - 11 - 26))
        };
        let counted = vec![TrendPoint {
            start: date!(2026 - 10 - 01),
            label: "2026-10".into(),
            by_severity: [1, 0, 2, 0],
            median_resolve: Some(60.0),
        }];
        let filled = fill_trend(&scope, counted);
        let labels: Vec<&str> = filled.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2026-08", "2026-09", "2026-10", "2026-11"]);
        assert_eq!(filled[2].total(), 3);
        assert_eq!(filled[3].total(), 0);
    }

    #[test]
    fn scope_covers_whole_days() {
        let scope = Scope::default_for(date!(2026 - 11 - 26));
        assert_eq!(scope.from, date!(2026 - 08 - 29));
        assert_eq!(
            scope.end(),
            date!(2026 - 11 - 27).with_time(Time::MIDNIGHT).assume_utc()
        );
    }
}
