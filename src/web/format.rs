//! How times and durations read on a page.

use time::{Duration, OffsetDateTime};

pub use crate::domain::time::duration;
use crate::domain::time::{rfc3339, utc_minutes};

/// An instant as a page shows it: relative text, with the exact value for `<time datetime>`
/// and a UTC tooltip. `static/app.js` adds the viewer's local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub iso: String,
    pub utc: String,
    pub relative: String,
}

impl Moment {
    pub fn new(at: OffsetDateTime, now: OffsetDateTime) -> Self {
        Moment {
            iso: rfc3339(at),
            utc: utc_minutes(at),
            relative: ago(at, now),
        }
    }
}

/// A number of minutes: "43.2 min" under an hour, "2 h 5 min" above.
pub fn minutes(m: f64) -> String {
    if m < 60.0 {
        format!("{m:.1} min")
    } else {
        duration(Duration::seconds_f64(m * 60.0))
    }
}

/// "just now", "12 min ago", "3 h ago", "5 days ago", or "in 4 min" for a future instant.
pub fn ago(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let d = now - at;
    if d.is_negative() {
        return format!("in {}", duration(-d));
    }
    if d < Duration::minutes(1) {
        return "just now".into();
    }
    if d >= Duration::days(30) {
        return utc_minutes(at)[..10].to_owned();
    }
    let whole = match d {
        d if d < Duration::hours(1) => format!("{} min", d.whole_minutes()),
        d if d < Duration::days(2) => format!("{} h", d.whole_hours()),
        d => format!("{} days", d.whole_days()),
    };
    format!("{whole} ago")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::seconds(45)), "45 s");
        assert_eq!(duration(Duration::minutes(12)), "12 min");
        assert_eq!(duration(Duration::minutes(84)), "1 h 24 min");
        assert_eq!(duration(Duration::hours(2)), "2 h");
        assert_eq!(duration(Duration::hours(74)), "3 d 2 h");
    }

    #[test]
    fn relative_times() {
        let now = datetime!(2026-11-26 12:00 UTC);
        assert_eq!(ago(now, now), "just now");
        assert_eq!(ago(now - Duration::minutes(12), now), "12 min ago");
        assert_eq!(ago(now - Duration::hours(30), now), "30 h ago");
        assert_eq!(ago(now - Duration::days(5), now), "5 days ago");
        assert_eq!(ago(now - Duration::days(90), now), "2026-08-28");
        assert_eq!(ago(now + Duration::minutes(4), now), "in 4 min");
    }
}
