//! The incident response team: Incident Commander, Communications Lead, Operations Lead,
//! and members working under the CL or the OL. One person may hold several roles.

use super::ids::PersonId;
use crate::i18n::Message;
use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;
use uuid::Uuid;

use super::incident::UnknownVariant;
use super::validation::{FieldErrors, text};

/// A role on an incident's response team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TeamRole {
    /// Incident Commander: runs the response and holds every role not delegated.
    Ic,
    /// Communications Lead: keeps stakeholders informed.
    Cl,
    /// Operations Lead: directs the technical work.
    Ol,
    /// Works under the CL or the OL.
    Member,
}

/// Which lead a member works under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Under {
    Cl,
    Ol,
}

impl TeamRole {
    pub const ALL: &'static [TeamRole] =
        &[TeamRole::Ic, TeamRole::Cl, TeamRole::Ol, TeamRole::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Ic => "ic",
            TeamRole::Cl => "cl",
            TeamRole::Ol => "ol",
            TeamRole::Member => "member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamRole::Ic => "Incident Commander",
            TeamRole::Cl => "Communications Lead",
            TeamRole::Ol => "Operations Lead",
            TeamRole::Member => "Team member",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            TeamRole::Ic => "IC",
            TeamRole::Cl => "CL",
            TeamRole::Ol => "OL",
            TeamRole::Member => "Member",
        }
    }
}

impl Under {
    pub fn as_str(self) -> &'static str {
        match self {
            Under::Cl => "cl",
            Under::Ol => "ol",
        }
    }

    pub fn lead(self) -> TeamRole {
        match self {
            Under::Cl => TeamRole::Cl,
            Under::Ol => TeamRole::Ol,
        }
    }
}

impl FromStr for TeamRole {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TeamRole::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownVariant {
                what: "team role",
                value: s.trim().to_owned(),
            })
    }
}

impl FromStr for Under {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cl" => Ok(Under::Cl),
            "ol" => Ok(Under::Ol),
            other => Err(UnknownVariant {
                what: "lead",
                value: other.to_owned(),
            }),
        }
    }
}

impl fmt::Display for TeamRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One assignment: who held a role, from when, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: Uuid,
    pub role: TeamRole,
    pub under: Option<Under>,
    pub person_id: PersonId,
    pub person_name: String,
    pub person_email: String,
    pub assumed_at: OffsetDateTime,
    pub relieved_at: Option<OffsetDateTime>,
    /// The hand-off note given when the role was assumed.
    pub note: String,
}

impl Assignment {
    /// "Operations Lead", or "Team member under the Communications Lead".
    pub fn title(&self) -> String {
        match self.under {
            Some(under) => format!("Team member under the {}", under.lead().label()),
            None => self.role.label().to_owned(),
        }
    }
}

/// An incident's team: every assignment, current and past, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    pub assignments: Vec<Assignment>,
}

impl Team {
    pub fn current(&self) -> impl Iterator<Item = &Assignment> {
        self.assignments.iter().filter(|a| a.relieved_at.is_none())
    }

    pub fn holder(&self, role: TeamRole) -> Option<&Assignment> {
        self.current().find(|a| a.role == role)
    }

    pub fn members_under(&self, under: Under) -> Vec<&Assignment> {
        self.current().filter(|a| a.under == Some(under)).collect()
    }

    /// Whether `person` currently holds `role` (any lead for members).
    pub fn holds(&self, person: PersonId, role: TeamRole) -> bool {
        self.current()
            .any(|a| a.person_id == person && a.role == role)
    }
}

/// An assignment request, validated: who takes which role, with an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assign {
    pub role: TeamRole,
    pub under: Option<Under>,
    /// The person's email.
    pub person: String,
    pub note: String,
}

impl Assign {
    pub fn parse(role: &str, under: &str, person: &str, note: &str) -> Result<Assign, FieldErrors> {
        let mut errors = FieldErrors::new();
        let role_parsed = role.parse::<TeamRole>();
        if role_parsed.is_err() {
            errors.add_said(
                "role",
                Message::new("val-not-a-team-role").with("value", role.trim()),
            );
        }
        let under = match (role_parsed, under.trim()) {
            (Ok(TeamRole::Member), "") => {
                errors.add_said(
                    "under",
                    Message::new("val-say-whether-the-member-works-under"),
                );
                None
            }
            (Ok(TeamRole::Member), u) => match u.parse::<Under>() {
                Ok(under) => Some(under),
                Err(_) => {
                    errors.add_said("under", Message::new("val-not-a-lead").with("value", u));
                    None
                }
            },
            _ => None,
        };
        let person = text(&mut errors, "person", "Person", person, true, 254);
        let note = text(&mut errors, "note", "Note", note, false, 2000);
        match role.parse::<TeamRole>() {
            Ok(role) if errors.is_empty() => Ok(Assign {
                role,
                under,
                person,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_need_a_lead_and_leads_ignore_one() {
        let member = Assign::parse("member", "ol", "a@example.com", "").unwrap();
        assert_eq!(
            (member.role, member.under),
            (TeamRole::Member, Some(Under::Ol))
        );
        let lead = Assign::parse("IC", "ol", "a@example.com", "taking over").unwrap();
        assert_eq!((lead.role, lead.under), (TeamRole::Ic, None));
        let errors = Assign::parse("member", "", "", "").unwrap_err();
        assert_eq!(
            errors.get("under"),
            Some("Say whether the member works under the CL or the OL.")
        );
        assert_eq!(errors.get("person"), Some("Person is required."));
        let errors = Assign::parse("boss", "", "a@example.com", "").unwrap_err();
        assert_eq!(
            errors.get("role"),
            Some("\"boss\" is not a role; use ic, cl, ol or member.")
        );
    }
}
