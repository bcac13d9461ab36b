//! People, their roles, and what each role may do.

use super::ids::PersonId;
use crate::i18n::Message;
use std::fmt;
use std::str::FromStr;

use time::OffsetDateTime;

use super::incident::UnknownVariant;
use super::validation::{FieldErrors, text};

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// What a person may do. Ordered: each role may do everything the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads incidents, services and reports.
    Viewer,
    /// Files and edits incidents, timelines and post-mortems.
    Responder,
    /// Everything, including people, tokens and settings.
    Admin,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Viewer, Role::Responder, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Responder => "responder",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Viewer => "Viewer",
            Role::Responder => "Responder",
            Role::Admin => "Admin",
        }
    }
}

impl FromStr for Role {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownVariant {
                what: "role",
                value: s.trim().to_owned(),
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Anyone holding the link or a signed message: a secret in the path (or the identity
    /// provider's signature on what it posts) is the permission, so its changes ask no
    /// CSRF token (mail programs post one-click unsubscribes, RFC 8058, with no page).
    ByLink,
    /// Anyone signed in.
    Signed(Role),
}

impl Access {
    pub const VIEWER: Access = Access::Signed(Role::Viewer);
    pub const RESPONDER: Access = Access::Signed(Role::Responder);
    pub const ADMIN: Access = Access::Signed(Role::Admin);

    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public | Access::ByLink, _) => true,
            (Access::Signed(needed), Some(role)) => role >= needed,
            (Access::Signed(_), None) => false,
        }
    }
}

/// A person as stored (never with the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub version: i32,
    pub created_at: OffsetDateTime,
    /// The language they chose to read Murphy in; `None` follows their browser.
    pub language: Option<crate::i18n::Lang>,
}

impl Person {
    /// Whether they may take part in a response: hold a role, own tasks and action items,
    /// review post-mortems. Viewers only read.
    pub fn may_respond(&self) -> bool {
        self.role >= Role::Responder
    }

    /// "Ada Lovelace <ada@example.com>", as the audit trail names an actor.
    pub fn label(&self) -> String {
        format!("{} <{}>", self.display_name, self.email)
    }
}

/// A new account's fields, validated. The password is checked but not yet hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// Checks an email address the way a sign-up form should: one `@`, something either side,
/// no spaces. Delivery is not verified.
pub fn email(errors: &mut FieldErrors, value: &str) -> String {
    let value = text(errors, "email", "Email", value, true, 254);
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if !value.is_empty() && !valid {
        errors.add_said(
            "email",
            Message::new("val-not-an-email").with("value", value.as_str()),
        );
    }
    value
}

pub fn password(errors: &mut FieldErrors, field: &str, value: &str) {
    let chars = value.chars().count();
    if chars < PASSWORD_MIN {
        errors.add_said(
            field,
            Message::new("val-password-short").with("min", PASSWORD_MIN),
        );
    } else if chars > PASSWORD_MAX {
        errors.add_said(
            field,
            Message::new("val-password-long").with("max", PASSWORD_MAX),
        );
    }
}

pub fn role(errors: &mut FieldErrors, value: &str) -> Option<Role> {
    let parsed = value.parse().ok();
    if parsed.is_none() {
        errors.add_said(
            "role",
            Message::new("val-not-an-account-role").with("value", value.trim()),
        );
    }
    parsed
}

impl NewPerson {
    pub fn parse(
        email_value: &str,
        name: &str,
        role_value: &str,
        password_value: &str,
    ) -> Result<NewPerson, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = email(&mut errors, email_value);
        let display_name = text(&mut errors, "display_name", "Name", name, true, 100);
        let role = role(&mut errors, role_value);
        password(&mut errors, "password", password_value);
        match role {
            Some(role) if errors.is_empty() => Ok(NewPerson {
                email,
                display_name,
                role,
                password: password_value.to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

/// Murphy's email to a person about their own work; they may turn each off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    /// They were given a response role.
    Role,
    /// They were asked to review a post-mortem.
    Review,
    /// An action item they own passed its due date.
    Overdue,
    /// A password-reset link they asked for (off: only an admin resets their password).
    Reset,
}

impl EmailKind {
    pub const ALL: [EmailKind; 4] = [
        EmailKind::Role,
        EmailKind::Review,
        EmailKind::Overdue,
        EmailKind::Reset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Role => "role",
            EmailKind::Review => "review",
            EmailKind::Overdue => "overdue",
            EmailKind::Reset => "reset",
        }
    }

    pub fn parse(s: &str) -> Option<EmailKind> {
        EmailKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// What the settings page offers: "Email me when …".
    pub fn label(self) -> &'static str {
        match self {
            EmailKind::Role => "I'm given a response role",
            EmailKind::Review => "I'm asked to review a post-mortem",
            EmailKind::Overdue => "an action item I own is overdue",
            EmailKind::Reset => "I ask for a link to reset my password",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below() {
        let responder = Access::Signed(Role::Responder);
        assert!(!responder.allows(None));
        assert!(!responder.allows(Some(Role::Viewer)));
        assert!(responder.allows(Some(Role::Responder)));
        assert!(responder.allows(Some(Role::Admin)));
        assert!(Access::Public.allows(None));
        assert!(!Access::Signed(Role::Viewer).allows(None));
    }

    #[test]
    fn new_people_are_validated() {
        let ok = NewPerson::parse(" ada@example.com ", "Ada", "Admin", "correct horse").unwrap();
        assert_eq!(
            (ok.email.as_str(), ok.role),
            ("ada@example.com", Role::Admin)
        );
        let errors = NewPerson::parse("ada@", "", "boss", "short").unwrap_err();
        assert_eq!(
            errors.get("email"),
            Some("\"ada@\" is not an email address.")
        );
        assert_eq!(errors.get("display_name"), Some("Name is required."));
        assert_eq!(
            errors.get("role"),
            Some("\"boss\" is not a role; use viewer, responder or admin.")
        );
        assert_eq!(
            errors.get("password"),
            Some("The password needs at least 10 characters.")
        );
        for bad in [
            "a b@example.com",
            "ada@example",
            "@example.com",
            "ada@@example.com",
        ] {
            assert!(
                NewPerson::parse(bad, "A", "viewer", "0123456789").is_err(),
                "{bad}"
            );
        }
    }
}
