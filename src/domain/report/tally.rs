//! The figures of a scope, taken from its incidents one row at a time in little memory:
//! medians and p90s by selection rather than sorting.

use time::{Date, OffsetDateTime};

use super::{Group, Metric, Scope, ServiceLoad, TrendPoint, fill_trend};
use crate::domain::incident::Severity;

/// One incident in scope, as the figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeRow {
    pub severity: Severity,
    pub services: Vec<String>,
    pub started: OffsetDateTime,
    /// Seconds of each measure in [`Measure::ALL`] order; `None` when a milestone is missing.
    pub spans: [Option<f64>; 4],
    /// Seconds from impact start to mitigation (else resolution, else now).
    pub impact_seconds: f64,
}

impl ScopeRow {
    /// The row of an incident with these milestones, its impact counted up to `now` while
    /// it lasts.
    pub fn new(
        severity: Severity,
        services: Vec<String>,
        m: crate::domain::incident::Milestones,
        now: OffsetDateTime,
    ) -> ScopeRow {
        let seconds = |from: Option<OffsetDateTime>, to: Option<OffsetDateTime>| {
            Some((to? - from?).as_seconds_f64())
        };
        let started = Some(m.impact_started_at);
        let impact_end = m.mitigated_at.or(m.resolved_at).unwrap_or(now);
        ScopeRow {
            severity,
            services,
            started: m.impact_started_at,
            spans: [
                seconds(started, m.detected_at),
                seconds(m.detected_at, m.acknowledged_at),
                seconds(started, m.mitigated_at),
                seconds(started, m.resolved_at),
            ],
            impact_seconds: (impact_end - m.impact_started_at).as_seconds_f64().max(0.0),
        }
    }
}

/// One incident as the tally keeps it: each measure in seconds (as f32: a second's precision
/// up to half a year, at half the memory; NaN when a milestone is missing), its severity and
/// its trend period. Twenty bytes, whatever the incident.
#[derive(Debug, Clone, Copy)]
struct Kept {
    spans: [f32; 4],
    severity: u8,
    period: u16,
}

/// The figures of the incidents `pick` chooses among `kept`, using `scratch` for the values.
fn group_of(
    kept: &[Kept],
    picked: impl Fn(usize) -> bool,
    label: String,
    scratch: &mut Vec<f32>,
) -> Group {
    let incidents = (0..kept.len()).filter(|i| picked(*i)).count() as i64;
    let mut metric = |m: usize| {
        scratch.clear();
        scratch.extend(
            kept.iter()
                .enumerate()
                .filter(|(i, k)| picked(*i) && !k.spans[m].is_nan())
                .map(|(_, k)| k.spans[m]),
        );
        figures(scratch, incidents)
    };
    Group {
        label,
        incidents,
        detect: metric(0),
        acknowledge: metric(1),
        mitigate: metric(2),
        resolve: metric(3),
    }
}

/// Linear interpolation between the closest ranks, as PostgreSQL's `percentile_cont`.
pub fn percentile(sorted: &[f32], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = p * (n - 1) as f64;
    let lower = pos.floor() as usize;
    let upper = (lower + 1).min(n - 1);
    let frac = pos - lower as f64;
    let (a, b) = (f64::from(sorted[lower]), f64::from(sorted[upper]));
    Some(a + frac * (b - a))
}

/// Median, p90 and mean of `values` (reordered here), with how many incidents were left out.
fn figures(values: &mut [f32], incidents: i64) -> Metric {
    let counted = values.len() as i64;
    Metric {
        counted,
        left_out: incidents - counted,
        median: select_percentile(values, 0.5),
        p90: select_percentile(values, 0.9),
        mean: (!values.is_empty())
            .then(|| values.iter().map(|v| f64::from(*v)).sum::<f64>() / values.len() as f64),
    }
}

/// The same value as [`percentile`] of the sorted values, found by selection (linear time)
/// instead of sorting: `values` is reordered.
fn select_percentile(values: &mut [f32], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let pos = p * (n - 1) as f64;
    let lower = pos.floor() as usize;
    let frac = pos - lower as f64;
    let (_, at, above) = values.select_nth_unstable_by(lower, f32::total_cmp);
    let a = f64::from(*at);
    // The next value in order is the smallest of those above it.
    let b = above
        .iter()
        .copied()
        .min_by(f32::total_cmp)
        .map_or(a, f64::from);
    Some(a + frac * (b - a))
}

/// What the rows of a scope add up to: everything, each severity, each service (most
/// incidents first), the trend, and each service's load.
pub struct Figures {
    pub total: Group,
    pub by_severity: Vec<Group>,
    pub by_service: Vec<Group>,
    pub trend: Vec<TrendPoint>,
    pub services: Vec<ServiceLoad>,
}

/// Gathers rows one at a time, keeping twenty bytes of each (and eight per service it
/// names), then takes every figure. A year of a large company's incidents (200,000) is kept
/// in a few megabytes.
#[derive(Default)]
pub struct Tally {
    kept: Vec<Kept>,
    /// (service, index in `kept`) for each service each incident names.
    named: Vec<(u32, u32)>,
    service_names: Vec<String>,
    service_index: std::collections::HashMap<String, u32>,
    /// Impact minutes per service, by index.
    service_minutes: Vec<f64>,
    periods: Vec<Date>,
    period_index: std::collections::HashMap<Date, u16>,
    period_counts: Vec<[i64; 4]>,
}

impl Tally {
    pub fn add(&mut self, scope: &Scope, row: &ScopeRow) {
        let index = self.kept.len() as u32;
        for s in &row.services {
            let service = match self.service_index.get(s) {
                Some(i) => *i,
                None => {
                    let i = self.service_names.len() as u32;
                    self.service_names.push(s.clone());
                    self.service_minutes.push(0.0);
                    self.service_index.insert(s.clone(), i);
                    i
                }
            };
            self.service_minutes[service as usize] += row.impact_seconds / 60.0;
            self.named.push((service, index));
        }
        let start = scope.bucket.start_of(row.started.date());
        let period = match self.period_index.get(&start) {
            Some(p) => *p,
            None => {
                let p = self.periods.len() as u16;
                self.periods.push(start);
                self.period_counts.push([0; 4]);
                self.period_index.insert(start, p);
                p
            }
        };
        let severity = Severity::ALL
            .iter()
            .position(|s| *s == row.severity)
            .unwrap_or(3);
        self.period_counts[period as usize][severity] += 1;
        self.kept.push(Kept {
            spans: row.spans.map(|v| v.map_or(f32::NAN, |v| v as f32)),
            severity: severity as u8,
            period,
        });
    }

    pub fn finish(self, scope: &Scope) -> Figures {
        let kept = &self.kept;
        let mut scratch = Vec::new();
        let total = group_of(kept, |_| true, super::ALL_INCIDENTS.into(), &mut scratch);
        let by_severity = Severity::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| kept.iter().any(|k| usize::from(k.severity) == *i))
            .map(|(i, s)| {
                group_of(
                    kept,
                    |k| usize::from(kept[k].severity) == i,
                    s.as_str().into(),
                    &mut scratch,
                )
            })
            .collect();

        // Each service's incidents, together.
        let mut named = self.named;
        named.sort_unstable();
        let mut runs: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        let mut at = 0;
        while at < named.len() {
            let service = named[at].0;
            let end = at + named[at..].partition_point(|(s, _)| *s == service);
            runs.push((service, at..end));
            at = end;
        }
        let names = &self.service_names;
        runs.sort_by(|a, b| {
            b.1.len().cmp(&a.1.len()).then_with(|| {
                names[a.0 as usize]
                    .to_lowercase()
                    .cmp(&names[b.0 as usize].to_lowercase())
            })
        });
        runs.truncate(500);
        let services = runs
            .iter()
            .map(|(service, run)| ServiceLoad {
                service: names[*service as usize].clone(),
                incidents: run.len() as i64,
                impact_minutes: self.service_minutes[*service as usize],
            })
            .collect();
        let mut members: Vec<Kept> = Vec::new();
        let by_service = runs
            .iter()
            .map(|(service, run)| {
                members.clear();
                members.extend(named[run.clone()].iter().map(|(_, k)| kept[*k as usize]));
                group_of(
                    &members,
                    |_| true,
                    names[*service as usize].clone(),
                    &mut scratch,
                )
            })
            .collect();

        // Each period's median time to resolve.
        let mut resolves: Vec<(u16, f32)> = kept
            .iter()
            .filter(|k| !k.spans[3].is_nan())
            .map(|k| (k.period, k.spans[3]))
            .collect();
        resolves.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let counted = self
            .periods
            .iter()
            .enumerate()
            .map(|(p, start)| {
                let p = p as u16;
                let from = resolves.partition_point(|(q, _)| *q < p);
                let to = resolves.partition_point(|(q, _)| *q <= p);
                scratch.clear();
                scratch.extend(resolves[from..to].iter().map(|(_, v)| *v));
                TrendPoint {
                    start: *start,
                    label: scope.bucket.label(*start),
                    by_severity: self.period_counts[p as usize],
                    median_resolve: percentile(&scratch, 0.5),
                }
            })
            .collect();
        Figures {
            total,
            by_severity,
            by_service,
            trend: fill_trend(scope, counted),
            services,
        }
    }
}

/// Takes every figure from `rows`.
pub fn compute(scope: &Scope, rows: impl IntoIterator<Item = ScopeRow>) -> Figures {
    let mut tally = Tally::default();
    for row in rows {
        tally.add(scope, &row);
    }
    tally.finish(scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Time;
    use time::macros::date;

    #[test]
    fn selection_finds_the_same_percentiles_as_sorting() {
        let mut seed = 7u64;
        for n in [1usize, 2, 3, 10, 11, 100, 1001] {
            let values: Vec<f32> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 40) % 5000) as f32
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f32::total_cmp);
            for p in [0.0, 0.5, 0.9, 1.0] {
                let mut shuffled = values.clone();
                assert_eq!(
                    select_percentile(&mut shuffled, p),
                    percentile(&sorted, p),
                    "n = {n}, p = {p}"
                );
            }
        }
    }

    #[test]
    fn percentiles_interpolate_like_postgresql() {
        assert_eq!(percentile(&[300.0, 900.0, 1800.0], 0.5), Some(900.0));
        assert_eq!(percentile(&[300.0, 900.0, 1800.0], 0.9), Some(1620.0));
        assert_eq!(percentile(&[600.0], 0.9), Some(600.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn figures_count_what_they_leave_out() {
        let scope = Scope::default_for(date!(2026 - 11 - 26));
        let at = date!(2026 - 11 - 02).with_time(Time::MIDNIGHT).assume_utc();
        let row = |sev, spans: [Option<f64>; 4], services: &[&str]| ScopeRow {
            severity: sev,
            services: services.iter().map(|s| s.to_string()).collect(),
            started: at,
            spans,
            impact_seconds: 600.0,
        };
        let f = compute(
            &scope,
            [
                row(
                    Severity::Sev1,
                    [Some(60.0), None, Some(600.0), Some(900.0)],
                    &["api"],
                ),
                row(
                    Severity::Sev3,
                    [Some(120.0), Some(30.0), None, None],
                    &["api", "db"],
                ),
            ],
        );
        assert_eq!(f.total.incidents, 2);
        assert_eq!(f.total.detect.median, Some(90.0));
        assert_eq!(f.total.acknowledge.left_out, 1);
        assert_eq!(f.total.resolve.counted, 1);
        assert_eq!(f.by_severity.len(), 2);
        assert_eq!(f.services[0].service, "api");
        assert_eq!(f.services[0].impact_minutes, 20.0);
        assert_eq!(f.trend.iter().map(TrendPoint::total).sum::<i64>(), 2);
    }
}
