//! How times and durations read on a page.

use std::borrow::Cow;
use std::fmt::{self, Display};

use time::{Duration, OffsetDateTime, UtcOffset};

pub use crate::domain::time::duration;
use crate::domain::time::rfc3339;
use crate::i18n::Lang;

/// An instant as a page shows it: relative text, the clock time and day in the viewer's
/// zone, the exact value for `<time datetime>` and the UTC value for the tooltip. Each text
/// is written when the page asks for it: a list of fifty rows asks for three of the six.
#[derive(Debug, Clone)]
pub struct Moment {
    at: OffsetDateTime,
    now: OffsetDateTime,
    /// `at` on the viewer's clock.
    local: OffsetDateTime,
    /// The viewer's zone, for its abbreviation; `None` is UTC.
    tz: Option<jiff::tz::TimeZone>,
    /// The language of the words ("12 min ago", "há 12 min").
    lang: Lang,
}

impl Moment {
    /// `at` as a viewer in UTC reads it.
    pub fn new(at: OffsetDateTime, now: OffsetDateTime) -> Self {
        Moment {
            at,
            now,
            local: at.to_offset(UtcOffset::UTC),
            tz: None,
            lang: Lang::En,
        }
    }

    /// The same instant, in `lang`'s words.
    pub fn in_lang(self, lang: Lang) -> Self {
        Moment { lang, ..self }
    }

    /// `at` as a viewer in `zone` reads it.
    pub fn in_zone(at: OffsetDateTime, now: OffsetDateTime, zone: &Zone) -> Self {
        if zone.is_utc() {
            return Moment::new(at, now);
        }
        Moment {
            at,
            now,
            local: zone.local(at),
            tz: Some(zone.tz.clone()),
            lang: Lang::En,
        }
    }

    /// "2026-11-26T14:30:00Z", for `<time datetime>`.
    pub fn iso(&self) -> String {
        rfc3339(self.at)
    }

    /// "2026-11-26 14:30 UTC", for the tooltip.
    pub fn utc(&self) -> Clock {
        let at = self.at.to_offset(UtcOffset::UTC);
        Clock {
            at,
            day: true,
            zone: Cow::Borrowed("UTC"),
        }
    }

    /// "12 min ago", "in 4 min".
    pub fn relative(&self) -> String {
        ago_in(self.at, self.now, self.lang)
    }

    /// "14:32" in the viewer's zone.
    pub fn clock(&self) -> Clock {
        Clock {
            at: self.local,
            day: false,
            zone: Cow::Borrowed(""),
        }
    }

    /// "Tue 1 Dec 2026" in the viewer's zone: the day heading a timeline groups by.
    /// "ter., 1 de dez. de 2026" in Portuguese.
    pub fn day(&self) -> String {
        self.lang.day_label(self.local.date())
    }

    /// "2026-12-01 15:32 CET": the day and clock time with the zone's abbreviation.
    pub fn local(&self) -> String {
        let zone = match (
            &self.tz,
            jiff::Timestamp::from_second(self.at.unix_timestamp()),
        ) {
            (Some(tz), Ok(ts)) => Cow::Owned(tz.to_offset_info(ts).abbreviation().to_owned()),
            _ => Cow::Borrowed("UTC"),
        };
        Clock {
            at: self.local,
            day: true,
            zone,
        }
        .to_string()
    }
}

/// A clock time, "14:32", or with its day and zone, "2026-12-01 14:32 CET".
pub struct Clock {
    at: OffsetDateTime,
    day: bool,
    zone: Cow<'static, str>,
}

impl Display for Clock {
    /// The digits are written into a buffer and handed on in one piece: an escaping writer
    /// (every page's) pays per piece written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        let mut buf = [0u8; 16];
        let mut len = 0;
        let mut two = |n: u8, then: Option<u8>| {
            buf[len] = b'0' + n / 10 % 10;
            buf[len + 1] = b'0' + n % 10;
            len += 2;
            if let Some(c) = then {
                buf[len] = c;
                len += 1;
            }
        };
        if self.day {
            let year = at.year().clamp(0, 9999) as u16;
            two((year / 100) as u8, None);
            two((year % 100) as u8, Some(b'-'));
            two(u8::from(at.month()), Some(b'-'));
            two(at.day(), Some(b' '));
        }
        two(at.hour(), Some(b':'));
        two(at.minute(), None);
        f.write_str(std::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?)?;
        if !self.zone.is_empty() {
            f.write_str(" ")?;
            f.write_str(&self.zone)?;
        }
        Ok(())
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

    /// `at` on this zone's clock.
    fn local(&self, at: OffsetDateTime) -> OffsetDateTime {
        let Ok(ts) = jiff::Timestamp::from_second(at.unix_timestamp()) else {
            return at.to_offset(UtcOffset::UTC);
        };
        let offset = UtcOffset::from_whole_seconds(self.tz.to_offset(ts).seconds())
            .unwrap_or(UtcOffset::UTC);
        at.to_offset(offset)
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
/// How long ago `at` was, in `lang`'s words: "12 min ago", "in 4 min"; "há 12 min",
/// "em 4 min". A month or more back, the day (UTC).
pub fn ago_in(at: OffsetDateTime, now: OffsetDateTime, lang: Lang) -> String {
    let d = now - at;
    if d.is_negative() {
        return lang.t_with("time-in", &[("span", &duration(-d))]);
    }
    if d < Duration::minutes(1) {
        return lang.t("time-just-now");
    }
    let span = |key: &str, n: i64| lang.t_with(key, &[("n", &n)]);
    let ago = |span: String| lang.t_with("time-ago", &[("span", &span)]);
    match d {
        d if d < Duration::hours(1) => ago(span("span-minutes", d.whole_minutes())),
        d if d < Duration::days(2) => ago(span("span-hours", d.whole_hours())),
        d if d < Duration::days(30) => ago(span("span-days", d.whole_days())),
        _ => {
            let at = at.to_offset(UtcOffset::UTC);
            format!(
                "{:04}-{:02}-{:02}",
                at.year(),
                u8::from(at.month()),
                at.day()
            )
        }
    }
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
        assert_eq!(ago_in(now, now, Lang::En), "just now");
        assert_eq!(
            ago_in(now - Duration::minutes(12), now, Lang::En),
            "12 min ago"
        );
        assert_eq!(ago_in(now - Duration::hours(30), now, Lang::En), "30 h ago");
        assert_eq!(ago_in(now - Duration::days(5), now, Lang::En), "5 days ago");
        assert_eq!(
            ago_in(now - Duration::days(90), now, Lang::En),
            "2026-08-28"
        );
        assert_eq!(
            ago_in(now + Duration::minutes(4), now, Lang::En),
            "in 4 min"
        );
        let pt = |at| ago_in(at, now, Lang::PtBr);
        assert_eq!(pt(now), "agora mesmo");
        assert_eq!(pt(now - Duration::minutes(12)), "há 12 min");
        assert_eq!(pt(now - Duration::hours(30)), "há 30 h");
        assert_eq!(pt(now - Duration::days(5)), "há 5 dias");
        assert_eq!(pt(now + Duration::minutes(4)), "em 4 min");
    }

    #[test]
    fn clock_times_read_in_the_viewers_zone() {
        let now = datetime!(2026-11-26 12:00 UTC);
        let at = datetime!(2026-11-26 23:32 UTC);
        let utc = Moment::new(at, now);
        assert_eq!(
            (utc.clock().to_string(), utc.day(), utc.local()),
            (
                "23:32".into(),
                "Thu 26 Nov 2026".into(),
                "2026-11-26 23:32 UTC".into()
            )
        );
        let berlin = Moment::in_zone(at, now, &Zone::named("Europe/Berlin").unwrap());
        assert_eq!(
            (berlin.clock().to_string(), berlin.day(), berlin.local()),
            (
                "00:32".into(),
                "Fri 27 Nov 2026".into(),
                "2026-11-27 00:32 CET".into()
            )
        );
        assert_eq!(berlin.utc().to_string(), "2026-11-26 23:32 UTC");
        // Summer time is the zone's, not a fixed offset.
        let july = Moment::in_zone(
            datetime!(2026-07-01 12:00 UTC),
            now,
            &Zone::named("Europe/Berlin").unwrap(),
        );
        assert_eq!(july.local(), "2026-07-01 14:00 CEST");
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("").is_none());
    }
}
