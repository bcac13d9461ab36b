//! Status updates to stakeholders, published by the Communications Lead (or the IC).

use super::ids::PersonId;
use crate::i18n::Message;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::person::Role;
use super::team::{Team, TeamRole};
use super::validation::{FieldErrors, text};

/// Whether a person may publish stakeholder updates: the incident's Communications Lead or
/// Incident Commander, or an admin.
pub fn may_publish(team: &Team, person: PersonId, role: Role) -> bool {
    role == Role::Admin || team.holds(person, TeamRole::Cl) || team.holds(person, TeamRole::Ic)
}

/// Why [`may_publish`] said no.
pub const ONLY_LEADS_PUBLISH: &str =
    "Only the incident's Communications Lead or Incident Commander publishes updates.";

/// Who an update is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Internal,
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Internal => "Internal",
            Audience::Public => "Public",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        match s.trim().to_ascii_lowercase().as_str() {
            "internal" => Some(Audience::Internal),
            "public" => Some(Audience::Public),
            _ => None,
        }
    }
}

/// A published update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    pub id: Uuid,
    pub audience: Audience,
    pub status: String,
    pub impact: String,
    pub next_update_at: Option<OffsetDateTime>,
    pub published_at: OffsetDateTime,
    pub author: String,
}

impl StatusUpdate {
    /// The promised next update is late (only meaningful while the incident is open).
    pub fn overdue(&self, now: OffsetDateTime) -> bool {
        self.next_update_at.is_some_and(|at| at < now)
    }
}

/// An update about to be published, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpdate {
    pub audience: Audience,
    pub status: String,
    pub impact: String,
    pub next_update_at: Option<OffsetDateTime>,
}

pub const NEXT_UPDATE_MAX: Duration = Duration::days(7);

impl NewUpdate {
    /// `next_update_at` is optional but, when given, must lie ahead (at most a week).
    pub fn parse(
        audience: &str,
        status: &str,
        impact: &str,
        next_update_at: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<NewUpdate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let audience_parsed = Audience::parse(audience);
        if audience_parsed.is_none() {
            errors.add_said("audience", Message::new("val-choose-internal-or-public"));
        }
        let status = text(&mut errors, "status", "The update", status, true, 5000);
        let impact = text(&mut errors, "impact", "Impact", impact, false, 5000);
        if let Some(at) = next_update_at {
            if at <= now {
                errors.add_said(
                    "next_update_at",
                    Message::new("val-the-next-update-must-be-due"),
                );
            } else if at > now + NEXT_UPDATE_MAX {
                errors.add_said(
                    "next_update_at",
                    Message::new("val-the-next-update-must-be-due-within"),
                );
            }
        }
        match audience_parsed {
            Some(audience) if errors.is_empty() => Ok(NewUpdate {
                audience,
                status,
                impact,
                next_update_at,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    #[test]
    fn updates_need_text_an_audience_and_a_future_due_time() {
        let ok = NewUpdate::parse(
            "public",
            " Investigating ",
            "",
            Some(NOW + Duration::minutes(30)),
            NOW,
        )
        .unwrap();
        assert_eq!(
            (ok.audience, ok.status.as_str()),
            (Audience::Public, "Investigating")
        );
        let errors = NewUpdate::parse("everyone", "", "", Some(NOW), NOW).unwrap_err();
        assert_eq!(errors.get("audience"), Some("Choose internal or public."));
        assert_eq!(errors.get("status"), Some("The update is required."));
        assert_eq!(
            errors.get("next_update_at"),
            Some("The next update must be due in the future.")
        );
    }

    #[test]
    fn an_update_is_overdue_once_its_next_update_time_passes() {
        let update = StatusUpdate {
            id: Uuid::nil(),
            audience: Audience::Internal,
            status: "x".into(),
            impact: String::new(),
            next_update_at: Some(NOW),
            published_at: NOW - Duration::hours(1),
            author: "a".into(),
        };
        assert!(!update.overdue(NOW - Duration::minutes(1)));
        assert!(update.overdue(NOW + Duration::minutes(1)));
        let open_ended = StatusUpdate {
            next_update_at: None,
            ..update
        };
        assert!(!open_ended.overdue(NOW + Duration::days(9)));
    }
}
