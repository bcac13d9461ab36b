//! Scheduled maintenance: a window of planned work on some services, announced ahead on the
//! status page. It is scheduled until it starts, in progress until it ends, then completed;
//! a responder may cancel it before it starts or end it early.

use crate::i18n::Message;
use serde::Serialize;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::ids::ServiceId;
use super::time::parse_instant;
use super::validation::{FieldErrors, text};

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 5_000;
/// The longest window.
pub const LONGEST: Duration = Duration::days(14);

/// Where a window is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MaintenanceState {
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
}

impl MaintenanceState {
    pub const ALL: [MaintenanceState; 4] = [
        MaintenanceState::Scheduled,
        MaintenanceState::InProgress,
        MaintenanceState::Completed,
        MaintenanceState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MaintenanceState::Scheduled => "scheduled",
            MaintenanceState::InProgress => "in_progress",
            MaintenanceState::Completed => "completed",
            MaintenanceState::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MaintenanceState::Scheduled => "Scheduled",
            MaintenanceState::InProgress => "In progress",
            MaintenanceState::Completed => "Completed",
            MaintenanceState::Cancelled => "Cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<MaintenanceState> {
        MaintenanceState::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Scheduled or in progress.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            MaintenanceState::Scheduled | MaintenanceState::InProgress
        )
    }
}

/// A maintenance window as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Maintenance {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub state: MaintenanceState,
    pub started_at: Option<OffsetDateTime>,
    pub completed_at: Option<OffsetDateTime>,
    /// The services it covers: (id, name), by name.
    pub services: Vec<(ServiceId, String)>,
    pub version: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Maintenance {
    /// Whether it covers `service` while it is in progress.
    pub fn holds(&self, service: ServiceId) -> bool {
        self.state == MaintenanceState::InProgress
            && self.services.iter().any(|(s, _)| *s == service)
    }
}

/// A window as typed, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceFields {
    pub title: String,
    pub body: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    /// Service names, as stored.
    pub services: Vec<String>,
}

impl MaintenanceFields {
    /// Title and services are required; the window ends after it starts, in the future, at
    /// most [`LONGEST`] later. Times are local to `offset_minutes` unless RFC 3339.
    pub fn parse(
        title: &str,
        body: &str,
        starts_at: &str,
        ends_at: &str,
        offset_minutes: i32,
        services: &[String],
        now: OffsetDateTime,
    ) -> Result<MaintenanceFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", "Title", title, true, TITLE_MAX);
        let body = text(&mut errors, "body", "Details", body, false, BODY_MAX);
        let mut instant = |field: &'static str, required: &'static str, value: &str| {
            if value.trim().is_empty() {
                errors.add_said(field, Message::new(required));
                return None;
            }
            match parse_instant(value, offset_minutes) {
                Ok(at) => Some(at),
                Err(e) => {
                    errors.add_said(field, e);
                    None
                }
            }
        };
        let starts = instant("starts_at", "val-start-required", starts_at);
        let ends = instant("ends_at", "val-end-required", ends_at);
        if let (Some(s), Some(e)) = (starts, ends) {
            if e <= s {
                errors.add_said("ends_at", Message::new("val-the-window-must-end-after-it"));
            } else if e - s > LONGEST {
                errors.add_said("ends_at", Message::new("val-a-window-lasts-at-most-14"));
            } else if e <= now {
                errors.add_said("ends_at", Message::new("val-the-window-must-end-in-the"));
            }
        }
        let mut names: Vec<String> = services
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        names.sort();
        names.dedup();
        if names.is_empty() {
            errors.add_said("services", Message::new("val-choose-at-least-one-service"));
        }
        errors.finish(|| MaintenanceFields {
            title,
            body,
            starts_at: starts.unwrap_or(now),
            ends_at: ends.unwrap_or(now),
            services: names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn parse(start: &str, end: &str, services: &[&str]) -> Result<MaintenanceFields, FieldErrors> {
        let services: Vec<String> = services.iter().map(|s| s.to_string()).collect();
        MaintenanceFields::parse(
            "Database upgrade",
            "",
            start,
            end,
            60,
            &services,
            datetime!(2026-12-01 12:00 UTC),
        )
    }

    #[test]
    fn windows_are_validated() {
        let ok = parse("2026-12-02T02:00", "2026-12-02T04:00", &["db", "db", " "]).unwrap();
        assert_eq!(
            ok.starts_at,
            datetime!(2026-12-02 01:00 UTC),
            "local at +01:00"
        );
        assert_eq!(ok.services, ["db"]);
        let message = |r: Result<MaintenanceFields, FieldErrors>, field: &str| {
            r.unwrap_err().get(field).unwrap_or_default().to_owned()
        };
        assert_eq!(
            message(
                parse("2026-12-02T04:00", "2026-12-02T02:00", &["db"]),
                "ends_at"
            ),
            "The window must end after it starts."
        );
        assert_eq!(
            message(
                parse("2026-11-30T04:00", "2026-12-01T02:00", &["db"]),
                "ends_at"
            ),
            "The window must end in the future."
        );
        assert_eq!(
            message(
                parse("2026-12-02T04:00", "2026-12-20T04:00", &["db"]),
                "ends_at"
            ),
            "A window lasts at most 14 days."
        );
        assert_eq!(
            message(parse("", "2026-12-02T04:00", &["db"]), "starts_at"),
            "The start is required."
        );
        assert_eq!(
            message(
                parse("2026-12-02T02:00", "2026-12-02T04:00", &[]),
                "services"
            ),
            "Choose at least one service."
        );
        for s in MaintenanceState::ALL {
            assert_eq!(MaintenanceState::parse(s.as_str()), Some(s));
        }
    }
}
