//! Reading and writing instants as people and scripts type them.

use crate::i18n::Message;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Parses an RFC 3339 timestamp, or a local date and time (`2026-11-26T14:30`, as an HTML
/// `datetime-local` input sends it) at `offset_minutes` east of UTC.
pub fn parse_instant(s: &str, offset_minutes: i32) -> Result<OffsetDateTime, Message> {
    let s = s.trim();
    if let Ok(at) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(at.to_offset(UtcOffset::UTC));
    }
    let local = s.replacen(' ', "T", 1);
    let with_seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let without_seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let parsed = PrimitiveDateTime::parse(&local, with_seconds)
        .or_else(|_| PrimitiveDateTime::parse(&local, without_seconds))
        .map_err(|_| Message::new("val-not-a-time").with("value", s))?;
    let offset = UtcOffset::from_whole_seconds(offset_minutes.clamp(-18 * 60, 18 * 60) * 60)
        .unwrap_or(UtcOffset::UTC);
    Ok(parsed.assume_offset(offset).to_offset(UtcOffset::UTC))
}

/// Parses an RFC 3339 timestamp only, for the JSON API.
pub fn parse_rfc3339(s: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(s.trim(), &Rfc3339)
        .map(|at| at.to_offset(UtcOffset::UTC))
        .map_err(|_| format!("\"{s}\" is not an RFC 3339 timestamp such as 2026-11-26T14:30:00Z."))
}

/// `2026-11-26 14:30 UTC`.
pub fn utc_minutes(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// The value an HTML `datetime-local` input shows for `at` in UTC: `2026-11-26T14:30`.
pub fn datetime_local(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// RFC 3339 in UTC, as precise as PostgreSQL stores it (microseconds, shown only when
/// there are any): `2026-11-26T14:30:00Z`, `2026-11-26T14:30:00.25Z`. What a client reads
/// is exactly what is stored, so sending it back changes nothing.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let micros = at.nanosecond() / 1_000 * 1_000;
    let at = at
        .to_offset(UtcOffset::UTC)
        .replace_nanosecond(micros)
        .unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_default()
}

/// "45 s", "12 min", "1 h 24 min", "3 d 2 h".
/// Serialises a calendar day as "2026-11-30" (serde's default for `time::Date` is a
/// `[year, ordinal]` pair no script expects).
pub fn iso_date<S: serde::Serializer>(d: &time::Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

pub fn duration(d: time::Duration) -> String {
    let d = d.abs();
    let (days, hours, minutes) = (d.whole_days(), d.whole_hours() % 24, d.whole_minutes() % 60);
    match () {
        _ if d < time::Duration::minutes(1) => format!("{} s", d.whole_seconds()),
        _ if d < time::Duration::hours(1) => format!("{minutes} min"),
        _ if d < time::Duration::days(1) && minutes == 0 => format!("{hours} h"),
        _ if d < time::Duration::days(1) => format!("{hours} h {minutes} min"),
        _ if hours == 0 => format!("{days} d"),
        _ => format!("{days} d {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn accepts_rfc3339_and_local_forms() {
        assert_eq!(
            parse_instant("2026-11-26T14:30:00+02:00", 0),
            Ok(datetime!(2026-11-26 12:30 UTC))
        );
        assert_eq!(
            parse_instant("2026-11-26T14:30", -300),
            Ok(datetime!(2026-11-26 19:30 UTC))
        );
        assert_eq!(
            parse_instant("2026-11-26 14:30:15", 0),
            Ok(datetime!(2026-11-26 14:30:15 UTC))
        );
        assert!(parse_instant("26/11/2026", 0).is_err());
        assert!(parse_rfc3339("2026-11-26T14:30").is_err());
    }

    #[test]
    fn formats_in_utc() {
        let at = datetime!(2026-11-26 14:30:59.5 +01:00);
        assert_eq!(utc_minutes(at), "2026-11-26 13:30 UTC");
        assert_eq!(datetime_local(at), "2026-11-26T13:30");
        assert_eq!(rfc3339(at), "2026-11-26T13:30:59.5Z");
        let stored = datetime!(2026-11-26 13:30:59.123_456_789 UTC);
        assert_eq!(rfc3339(stored), "2026-11-26T13:30:59.123456Z");
        assert_eq!(
            rfc3339(datetime!(2026-11-26 13:30:00 UTC)),
            "2026-11-26T13:30:00Z"
        );
    }
}
