//! How times and durations read on a page.

use time::{Duration, OffsetDateTime, UtcOffset};

pub use crate::domain::time::duration;
use crate::domain::time::{rfc3339, utc_minutes};

/// An instant as a page shows it: relative text, the clock time and day in the viewer's
/// zone, the exact value for `<time datetime>` and the UTC value for the tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub iso: String,
    pub utc: String,
    pub relative: String,
    /// "14:32" in the viewer's zone.
    pub clock: String,
    /// "Tue 1 Dec 2026" in the viewer's zone: the day heading a timeline groups by.
    pub day: String,
    /// "2026-12-01 15:32 CET": the day and clock time with the zone's abbreviation.
    pub local: String,
}

impl Moment {
    /// `at` as a viewer in UTC reads it.
    pub fn new(at: OffsetDateTime, now: OffsetDateTime) -> Self {
        Moment::in_zone(at, now, &Zone::default())
    }

    /// `at` as a viewer in `zone` reads it.
    pub fn in_zone(at: OffsetDateTime, now: OffsetDateTime, zone: &Zone) -> Self {
        let (local, abbreviation) = zone.local(at);
        let clock = format!("{:02}:{:02}", local.hour(), local.minute());
        let day = format!(
            "{} {} {} {}",
            &local.weekday().to_string()[..3],
            local.day(),
            &local.month().to_string()[..3],
            local.year()
        );
        let local = format!(
            "{:04}-{:02}-{:02} {clock} {abbreviation}",
            local.year(),
            u8::from(local.month()),
            local.day()
        );
        Moment {
            iso: rfc3339(at),
            utc: utc_minutes(at),
            relative: ago(at, now),
            clock,
            day,
            local,
        }
    }
}

/// The time zone a viewer reads times in: the browser's, which `static/app.js` puts in the
/// `murphy_tz` cookie, or UTC until it has.
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            name: "UTC".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }
}

impl Zone {
    /// The zone named `name` in the IANA database ("Europe/Berlin"), if there is one.
    pub fn named(name: &str) -> Option<Zone> {
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = jiff::tz::TimeZone::get(name).ok()?;
        Some(Zone {
            name: name.to_owned(),
            tz,
        })
    }

    /// "Europe/Berlin", or "UTC".
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_utc(&self) -> bool {
        self.name == "UTC"
    }

    /// `at` on this zone's clock, with the zone's abbreviation ("CET", "+03").
    fn local(&self, at: OffsetDateTime) -> (OffsetDateTime, String) {
        let Ok(ts) = jiff::Timestamp::from_second(at.unix_timestamp()) else {
            return (at.to_offset(UtcOffset::UTC), "UTC".into());
        };
        let info = self.tz.to_offset_info(ts);
        let offset =
            UtcOffset::from_whole_seconds(info.offset().seconds()).unwrap_or(UtcOffset::UTC);
        (at.to_offset(offset), info.abbreviation().to_owned())
    }
}

/// A number of minutes in the one unit style of durations: "12 min 30 s" under an hour
/// (seconds when there are any), "2 h 5 min" above.
pub fn minutes(m: f64) -> String {
    let seconds = (m * 60.0).round() as i64;
    if seconds < 3600 {
        match (seconds / 60, seconds % 60) {
            (0, s) => format!("{s} s"),
            (m, 0) => format!("{m} min"),
            (m, s) => format!("{m} min {s} s"),
        }
    } else {
        duration(Duration::seconds(seconds))
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
    fn minutes_read_like_durations() {
        assert_eq!(minutes(14.4), "14 min 24 s");
        assert_eq!(minutes(43.0), "43 min");
        assert_eq!(minutes(0.5), "30 s");
        assert_eq!(minutes(90.0), "1 h 30 min");
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

    #[test]
    fn clock_times_read_in_the_viewers_zone() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let at = datetime!(2026-11-26 23:32 UTC);
        let utc = Moment::new(at, now);
        assert_eq!(
            (utc.clock.as_str(), utc.day.as_str(), utc.local.as_str()),
            ("23:32", "Thu 26 Nov 2026", "2026-11-26 23:32 UTC")
        );
        let berlin = Moment::in_zone(at, now, &Zone::named("Europe/Berlin").unwrap());
        assert_eq!(
            (
                berlin.clock.as_str(),
                berlin.day.as_str(),
                berlin.local.as_str()
            ),
            ("00:32", "Fri 27 Nov 2026", "2026-11-27 00:32 CET")
        );
        assert_eq!(berlin.utc, "2026-11-26 23:32 UTC");
        // Summer time is the zone's, not a fixed offset.
        let july = Moment::in_zone(
            datetime!(2026-07-01 12:00 UTC),
            now,
            &Zone::named("Europe/Berlin").unwrap(),
        );
        assert_eq!(july.local, "2026-07-01 14:00 CEST");
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("").is_none());
    }
}
