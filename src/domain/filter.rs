//! Which incidents a list shows, and where a page of it starts.

use time::{Date, OffsetDateTime, Time};

use super::incident::{Kind, Severity, Status};

/// Open (still being worked on) or closed (resolved or closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Closed,
}

/// Filters for the incident list; every one is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentFilter {
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub kind: Option<Kind>,
    /// A service name, matched without regard to case.
    pub service: Option<String>,
    pub state: Option<State>,
    /// Impact started on or after this day (UTC).
    pub from: Option<Date>,
    /// Impact started on or before this day (UTC).
    pub to: Option<Date>,
    /// Full-text search over title and summary, in web-search syntax.
    pub q: Option<String>,
    /// Only incidents where this person currently holds a role.
    pub member: Option<super::ids::PersonId>,
    /// The order of the list (exports keep the newest first).
    pub sort: Sort,
}

/// The orders of the incident list; each ends in the incident number, so that a page's
/// last incident says exactly where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Highest number first.
    #[default]
    Newest,
    Oldest,
    /// SEV1 first, newest first within a severity.
    Severity,
    /// Latest impact start first.
    Started,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Severity => "severity",
            Sort::Started => "started",
        }
    }
}

impl std::str::FromStr for Sort {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "newest" => Ok(Sort::Newest),
            "oldest" => Ok(Sort::Oldest),
            "severity" => Ok(Sort::Severity),
            "started" => Ok(Sort::Started),
            _ => Err(()),
        }
    }
}

impl IncidentFilter {
    pub fn from_instant(&self) -> Option<OffsetDateTime> {
        self.from.map(|d| d.with_time(Time::MIDNIGHT).assume_utc())
    }

    /// The first instant after the `to` day.
    pub fn to_instant(&self) -> Option<OffsetDateTime> {
        self.to
            .and_then(|d| d.next_day())
            .map(|d| d.with_time(Time::MIDNIGHT).assume_utc())
    }
}

/// A position in the newest-first list, by incident number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cursor {
    /// The newest incidents.
    #[default]
    First,
    /// Incidents older than (numbered below) this one.
    Before(i64),
    /// Incidents newer than (numbered above) this one.
    After(i64),
}

/// One page of a list, newest first, and whether more lie on either side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor for older items, when there are any.
    pub older: Option<i64>,
    /// The cursor for newer items, when there are any.
    pub newer: Option<i64>,
}

pub const PAGE_SIZE_DEFAULT: i64 = 50;
pub const PAGE_SIZE_MAX: i64 = 200;
