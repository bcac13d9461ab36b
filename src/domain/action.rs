//! Action items: the follow-up work a post-mortem commits to.

use super::ids::PersonId;
use crate::i18n::Message;
use time::macros::format_description;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::validation::{FieldErrors, text};

macro_rules! choice {
    ($name:ident, $what:literal { $($variant:ident => $s:literal, $label:literal;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s.trim())
            }
        }
    };
}

choice!(Priority, "priority" {
    P1 => "p1", "P1 · Urgent";
    P2 => "p2", "P2 · High";
    P3 => "p3", "P3 · Medium";
    P4 => "p4", "P4 · Low";
});

choice!(ActionKind, "type" {
    Prevent => "prevent", "Prevent";
    Mitigate => "mitigate", "Mitigate";
    Detect => "detect", "Detect";
    Process => "process", "Process";
});

choice!(ActionStatus, "status" {
    Open => "open", "Open";
    InProgress => "in_progress", "In progress";
    Done => "done", "Done";
    WontDo => "wont_do", "Won't do";
});

impl ActionStatus {
    pub fn is_finished(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::WontDo)
    }
}

/// An action item as stored, with its incident for cross-incident lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub id: Uuid,
    pub incident_number: i64,
    pub incident_title: String,
    pub title: String,
    pub owner_id: Option<PersonId>,
    pub owner: Option<String>,
    pub owner_email: Option<String>,
    pub due_on: Option<Date>,
    pub priority: Priority,
    pub kind: ActionKind,
    pub status: ActionStatus,
    pub tracker_url: String,
    pub version: i32,
}

impl ActionItem {
    /// The tracker issue it is linked to, named as its tracker names it: "acme/shop#42"
    /// (GitHub, GitLab), "OPS-12" (Jira), or "issue" for another address.
    pub fn tracker_label(&self) -> String {
        tracker_label(&self.tracker_url)
    }

    /// Past its due date and not finished.
    pub fn overdue(&self, now: OffsetDateTime) -> bool {
        !self.status.is_finished() && self.due_on.is_some_and(|d| d < now.date())
    }
}

/// An action item's fields, validated; the owner is still an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFields {
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<Date>,
    pub priority: Priority,
    pub kind: ActionKind,
    pub status: ActionStatus,
    pub tracker_url: String,
}

impl ActionFields {
    pub fn parse(
        title: &str,
        owner: &str,
        due_on: &str,
        priority: &str,
        kind: &str,
        status: &str,
        tracker_url: &str,
    ) -> Result<ActionFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", "Title", title, true, 300);
        let owner = Some(owner.trim().to_owned()).filter(|o| !o.is_empty());
        let due_on = match due_on.trim() {
            "" => None,
            d => match Date::parse(d, format_description!("[year]-[month]-[day]")) {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.add_said("due_on", Message::new("val-not-a-date").with("value", d));
                    None
                }
            },
        };
        let priority = Priority::parse(priority);
        if priority.is_none() {
            errors.add_said("priority", Message::new("val-choose-a-priority-p1-to-p4"));
        }
        let kind = ActionKind::parse(kind);
        if kind.is_none() {
            errors.add_said(
                "kind",
                Message::new("val-choose-prevent-mitigate-detect-or-process"),
            );
        }
        let status = match status.trim() {
            "" => Some(ActionStatus::Open),
            s => ActionStatus::parse(s),
        };
        if status.is_none() {
            errors.add_said(
                "status",
                Message::new("val-choose-open-in-progress-done-or"),
            );
        }
        let tracker_url = text(
            &mut errors,
            "tracker_url",
            "Tracker link",
            tracker_url,
            false,
            2000,
        );
        let web_link = tracker_url.starts_with("https://") || tracker_url.starts_with("http://");
        if !(tracker_url.is_empty() || web_link) {
            errors.add_said(
                "tracker_url",
                Message::new("val-the-tracker-link-must-start-with"),
            );
        }
        match (priority, kind, status) {
            (Some(priority), Some(kind), Some(status)) if errors.is_empty() => Ok(ActionFields {
                title,
                owner,
                due_on,
                priority,
                kind,
                status,
                tracker_url,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_items_are_validated() {
        let ok = ActionFields::parse(
            "Add a canary",
            "",
            "2026-12-31",
            "p2",
            "prevent",
            "",
            "https://tracker/1",
        )
        .unwrap();
        assert_eq!(
            (ok.priority, ok.kind, ok.status),
            (Priority::P2, ActionKind::Prevent, ActionStatus::Open)
        );
        let errors =
            ActionFields::parse("", "", "soon", "p9", "fix", "maybe", "javascript:alert(1)")
                .unwrap_err();
        assert_eq!(errors.get("title"), Some("Title is required."));
        assert_eq!(
            errors.get("due_on"),
            Some("\"soon\" is not a date; use the form 2026-12-31.")
        );
        assert_eq!(errors.get("priority"), Some("Choose a priority, P1 to P4."));
        assert_eq!(
            errors.get("kind"),
            Some("Choose prevent, mitigate, detect or process.")
        );
        assert_eq!(
            errors.get("status"),
            Some("Choose open, in progress, done or won't do.")
        );
        assert_eq!(
            errors.get("tracker_url"),
            Some("The tracker link must start with https:// or http://.")
        );
    }
}

/// The orders of an action-item list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ActionOrder {
    /// Soonest due first, undated last (then by priority).
    #[default]
    Due,
    /// P1 first, then soonest due.
    Priority,
    /// Newest first.
    Created,
}

impl ActionOrder {
    pub fn parse(s: &str) -> Option<ActionOrder> {
        match s.trim() {
            "" | "due" => Some(ActionOrder::Due),
            "priority" => Some(ActionOrder::Priority),
            "created" => Some(ActionOrder::Created),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ActionOrder::Due => "due",
            ActionOrder::Priority => "priority",
            ActionOrder::Created => "created",
        }
    }
}

/// How a tracker names the issue at `url`: "owner/repo#42" for GitHub's and GitLab's issue
/// addresses, "OPS-12" for Jira's `/browse/` ones, else "issue".
pub fn tracker_label(url: &str) -> String {
    let path = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .and_then(|rest| rest.split_once('/'))
        .map(|(_, path)| path.split(['?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let number = |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        // GitLab: group/…/project/-/issues/N
        [project @ .., "-", "issues", n] if number(n) && !project.is_empty() => {
            format!("{}#{n}", project.join("/"))
        }
        // GitHub: owner/repo/issues/N
        [owner, repo, "issues", n] if number(n) => format!("{owner}/{repo}#{n}"),
        [.., "browse", key] if key.contains('-') => (*key).to_owned(),
        _ => "issue".to_owned(),
    }
}

#[cfg(test)]
mod tracker_tests {
    use super::tracker_label;

    #[test]
    fn issues_are_named_as_their_trackers_name_them() {
        assert_eq!(
            tracker_label("https://github.com/acme/shop/issues/42"),
            "acme/shop#42"
        );
        assert_eq!(
            tracker_label("https://gitlab.example.com/ops/infra/web/-/issues/7"),
            "ops/infra/web#7"
        );
        assert_eq!(
            tracker_label("https://acme.atlassian.net/browse/OPS-12"),
            "OPS-12"
        );
        assert_eq!(tracker_label("https://example.com/tickets?id=4"), "issue");
    }
}
