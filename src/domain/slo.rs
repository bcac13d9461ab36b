//! Service level objectives and the error budget incidents consume.
//!
//! A service may promise availability: `target` percent of the last `window_days` days. The
//! budget is the rest of that window, in minutes. An incident's impact window on a service
//! (impact started → mitigated, or resolved when never mitigated, or now while it lasts)
//! consumes budget minute for minute at full impact, and at half weight at partial impact.
//! Overlapping incidents on one service do not count twice: at each instant the heaviest
//! impact in force counts once.

use crate::i18n::Message;
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::validation::FieldErrors;

pub const WINDOW_MAX_DAYS: i32 = 366;

/// How much of an impacted minute a degraded service consumes.
pub const PARTIAL_WEIGHT: f64 = 0.5;

/// An availability objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Slo {
    /// Percent of the window the service is meant to be available, e.g. 99.9.
    pub target: f64,
    pub window_days: i32,
}

impl Slo {
    /// Both fields blank: no objective. Otherwise a target strictly between 0 and 100 (a
    /// trailing `%` is allowed) and a window of 1 to 366 days.
    pub fn parse(target: &str, window_days: &str) -> Result<Option<Slo>, FieldErrors> {
        let (target, window_days) = (target.trim(), window_days.trim());
        if target.is_empty() && window_days.is_empty() {
            return Ok(None);
        }
        let mut errors = FieldErrors::new();
        // A decimal comma reads as a point: "99,9" is 99.9.
        let t = target.trim_end_matches('%').trim().replace(',', ".");
        let t = t.as_str();
        let parsed_target = match t.parse::<f64>() {
            _ if t.is_empty() => {
                errors.add_said("slo_target", Message::new("val-give-a-target-such-as-99"));
                None
            }
            Ok(v) if v > 0.0 && v < 100.0 && v.is_finite() => {
                let decimals = t.split_once('.').map_or(0, |(_, d)| d.len());
                if decimals > 4 {
                    errors.add_said(
                        "slo_target",
                        Message::new("val-use-at-most-four-decimals-such"),
                    );
                }
                Some(v)
            }
            Ok(_) => {
                errors.add_said(
                    "slo_target",
                    Message::new("val-the-target-is-a-percentage-above"),
                );
                None
            }
            Err(_) => {
                errors.add_said(
                    "slo_target",
                    Message::new("val-not-a-percentage").with("value", target),
                );
                None
            }
        };
        let parsed_window = match window_days.parse::<i32>() {
            _ if window_days.is_empty() => {
                errors.add_said(
                    "slo_window_days",
                    Message::new("val-give-the-window-in-days-such"),
                );
                None
            }
            Ok(v) if (1..=WINDOW_MAX_DAYS).contains(&v) => Some(v),
            _ => {
                errors.add_said(
                    "slo_window_days",
                    Message::new("val-window-days").with("max", i64::from(WINDOW_MAX_DAYS)),
                );
                None
            }
        };
        errors.finish(|| {
            Some(Slo {
                target: parsed_target.unwrap_or_default(),
                window_days: parsed_window.unwrap_or_default(),
            })
        })
    }

    pub fn window(&self) -> Duration {
        Duration::days(self.window_days.into())
    }

    /// The minutes of unavailability the objective allows over its window.
    pub fn budget_minutes(&self) -> f64 {
        f64::from(self.window_days) * 1440.0 * (100.0 - self.target) / 100.0
    }

    /// "99.9 % over 30 days".
    pub fn label(&self) -> String {
        let days = if self.window_days == 1 { "day" } else { "days" };
        format!(
            "{} % over {} {days}",
            percent(self.target),
            self.window_days
        )
    }
}

/// A percentage without trailing zeros: 99.9, 99.95, 99.
pub fn percent(value: f64) -> String {
    let s = format!("{value:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// How an incident affected one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Full,
    Partial,
}

impl Impact {
    pub const ALL: [Impact; 2] = [Impact::Full, Impact::Partial];

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Full => "full",
            Impact::Partial => "partial",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Impact::Full => "Full outage",
            Impact::Partial => "Partial (counts half)",
        }
    }

    pub fn parse(s: &str) -> Option<Impact> {
        Impact::ALL.into_iter().find(|i| i.as_str() == s)
    }

    pub fn weight(self) -> f64 {
        match self {
            Impact::Full => 1.0,
            Impact::Partial => PARTIAL_WEIGHT,
        }
    }
}

/// When an incident hurt a service and how much.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImpactWindow {
    pub start: OffsetDateTime,
    /// Mitigated, else resolved; `None` while the impact lasts.
    pub end: Option<OffsetDateTime>,
    pub impact: Impact,
}

impl ImpactWindow {
    /// The window's end, with an ongoing impact ending `now`.
    pub fn end_or(&self, now: OffsetDateTime) -> OffsetDateTime {
        self.end.unwrap_or(now).max(self.start)
    }

    /// This window alone, weighted, in minutes (its whole length, up to `now`).
    pub fn weighted_minutes(&self, now: OffsetDateTime) -> f64 {
        minutes(self.end_or(now) - self.start) * self.impact.weight()
    }
}

fn minutes(d: Duration) -> f64 {
    d.as_seconds_f64() / 60.0
}

/// Weighted minutes of impact between `from` and `to`: windows are clipped to that span and
/// overlapping windows count once, at the heaviest weight in force.
pub fn consumed_minutes(
    windows: &[ImpactWindow],
    from: OffsetDateTime,
    to: OffsetDateTime,
    now: OffsetDateTime,
) -> f64 {
    // Boundaries where the weight in force may change, then the weight on each segment.
    let mut points: Vec<OffsetDateTime> = vec![from, to];
    for w in windows {
        for p in [w.start, w.end_or(now)] {
            if p > from && p < to {
                points.push(p);
            }
        }
    }
    points.sort();
    points.dedup();
    points
        .windows(2)
        .map(|seg| {
            let (a, b) = (seg[0], seg[1]);
            let weight = windows
                .iter()
                .filter(|w| w.start <= a && w.end_or(now) >= b)
                .map(|w| w.impact.weight())
                .fold(0.0, f64::max);
            minutes(b - a) * weight
        })
        .sum()
}

/// A service's budget over the window that ends now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    pub slo: Slo,
    pub budget_minutes: f64,
    pub consumed_minutes: f64,
    /// Budget minus consumption; negative once the objective is missed.
    pub remaining_minutes: f64,
    /// Remaining as a share of the budget (1.0 untouched, below 0 when exhausted).
    pub remaining_ratio: f64,
    /// Remaining budget at the end of each day of the window, oldest first, as a ratio.
    pub burn: Vec<f64>,
}

impl Budget {
    pub fn compute(slo: Slo, windows: &[ImpactWindow], now: OffsetDateTime) -> Budget {
        let start = now - slo.window();
        let budget_minutes = slo.budget_minutes();
        let consumed = consumed_minutes(windows, start, now, now);
        let ratio = |consumed: f64| {
            if budget_minutes > 0.0 {
                (budget_minutes - consumed) / budget_minutes
            } else {
                0.0
            }
        };
        let burn = (1..=slo.window_days)
            .map(|day| {
                let until = (start + Duration::days(day.into())).min(now);
                ratio(consumed_minutes(windows, start, until, now))
            })
            .collect();
        Budget {
            slo,
            budget_minutes,
            consumed_minutes: consumed,
            remaining_minutes: budget_minutes - consumed,
            remaining_ratio: ratio(consumed),
            burn,
        }
    }

    pub fn exhausted(&self) -> bool {
        self.remaining_minutes < 0.0
    }

    /// Remaining as a whole percentage of the budget, for display ("82 %"), or "None left"
    /// once it is spent.
    pub fn remaining_percent(&self) -> String {
        if self.exhausted() {
            "None left".into()
        } else {
            format!("{:.0} %", self.remaining_ratio * 100.0)
        }
    }
}

/// An incident's weighted impact on one service as a share of that service's whole budget.
pub fn share_of_budget(slo: Slo, window: &ImpactWindow, now: OffsetDateTime) -> f64 {
    let budget = slo.budget_minutes();
    if budget > 0.0 {
        window.weighted_minutes(now) / budget
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn w(start: OffsetDateTime, end: Option<OffsetDateTime>, impact: Impact) -> ImpactWindow {
        ImpactWindow { start, end, impact }
    }

    #[test]
    fn parses_objectives() {
        assert_eq!(Slo::parse("", " ").unwrap(), None);
        assert_eq!(
            Slo::parse("99.9 %", "30").unwrap(),
            Some(Slo {
                target: 99.9,
                window_days: 30
            })
        );
        assert_eq!(
            Slo::parse("99,95", "28").unwrap(),
            Some(Slo {
                target: 99.95,
                window_days: 28
            })
        );
        let e = Slo::parse("100", "0").unwrap_err();
        assert_eq!(
            e.get("slo_target"),
            Some("The target is a percentage above 0 and below 100, such as 99.9.")
        );
        assert_eq!(
            e.get("slo_window_days"),
            Some("The window is a whole number of days from 1 to 366.")
        );
        let e = Slo::parse("99.9", "").unwrap_err();
        assert_eq!(
            e.get("slo_window_days"),
            Some("Give the window in days, such as 30, or clear both.")
        );
        assert!(
            Slo::parse("nines", "30")
                .unwrap_err()
                .get("slo_target")
                .is_some()
        );
        assert!(Slo::parse("99.99999", "30").is_err());
    }

    #[test]
    fn budget_of_three_nines_over_thirty_days_is_43_minutes_12_seconds() {
        let slo = Slo {
            target: 99.9,
            window_days: 30,
        };
        assert!((slo.budget_minutes() - 43.2).abs() < 1e-9);
        assert_eq!(slo.label(), "99.9 % over 30 days");
        assert_eq!(percent(99.95), "99.95");
        assert_eq!(percent(99.0), "99");
    }

    #[test]
    fn overlapping_windows_count_once_at_the_heaviest_weight() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let from = datetime!(2026-11-01 00:00 UTC);
        // 10:00–11:00 full, 10:30–12:00 partial on the same service, 2026-11-20.
        let windows = [
            w(
                datetime!(2026-11-20 10:00 UTC),
                Some(datetime!(2026-11-20 11:00 UTC)),
                Impact::Full,
            ),
            w(
                datetime!(2026-11-20 10:30 UTC),
                Some(datetime!(2026-11-20 12:00 UTC)),
                Impact::Partial,
            ),
        ];
        // 60 min full + 60 min (11:00–12:00) at half = 90.
        assert!((consumed_minutes(&windows, from, now, now) - 90.0).abs() < 1e-9);
        // Two identical full windows are still 60 minutes.
        let twice = [windows[0], windows[0]];
        assert!((consumed_minutes(&twice, from, now, now) - 60.0).abs() < 1e-9);
    }

    #[test]
    fn windows_are_clipped_to_the_slo_window_and_ongoing_impact_runs_to_now() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let slo = Slo {
            target: 99.0,
            window_days: 1,
        };
        // Budget: 1440 × 1 % = 14.4 min. Window: 2026-11-25 12:00 → now.
        let windows = [
            // Began 30 min before the window opened, ended 10 min after: 10 min count.
            w(
                datetime!(2026-11-25 11:30 UTC),
                Some(datetime!(2026-11-25 12:10 UTC)),
                Impact::Full,
            ),
            // Still going, partial, for the last 8 minutes: 4 min count.
            w(datetime!(2026-11-26 11:52 UTC), None, Impact::Partial),
            // Long over: nothing.
            w(
                datetime!(2026-11-20 00:00 UTC),
                Some(datetime!(2026-11-21 00:00 UTC)),
                Impact::Full,
            ),
        ];
        let b = Budget::compute(slo, &windows, now);
        assert!((b.budget_minutes - 14.4).abs() < 1e-9);
        assert!((b.consumed_minutes - 14.0).abs() < 1e-9);
        assert!((b.remaining_minutes - 0.4).abs() < 1e-9);
        assert_eq!(b.burn.len(), 1);
        assert!((b.burn[0] - 0.4 / 14.4).abs() < 1e-9);
        assert_eq!(b.remaining_percent(), "3 %");
        assert!(!b.exhausted());
    }

    #[test]
    fn burn_chart_steps_down_day_by_day_and_goes_negative_when_missed() {
        let now = datetime!(2026-11-26 00:00 UTC);
        let slo = Slo {
            target: 99.9,
            window_days: 3,
        };
        // Budget 4.32 min. 2 min on the first day, 5 min on the third.
        let windows = [
            w(
                datetime!(2026-11-23 06:00 UTC),
                Some(datetime!(2026-11-23 06:02 UTC)),
                Impact::Full,
            ),
            w(
                datetime!(2026-11-25 06:00 UTC),
                Some(datetime!(2026-11-25 06:05 UTC)),
                Impact::Full,
            ),
        ];
        let b = Budget::compute(slo, &windows, now);
        let expected = [2.32 / 4.32, 2.32 / 4.32, -2.68 / 4.32];
        for (got, want) in b.burn.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        assert!(b.exhausted());
        assert_eq!(b.remaining_percent(), "None left");
        let share = share_of_budget(slo, &windows[1], now);
        assert!((share - 5.0 / 4.32).abs() < 1e-9);
    }
}
