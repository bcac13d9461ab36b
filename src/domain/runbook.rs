//! Runbooks (steps kept per incident kind or per service) and the response tasks they become.

use super::ids::{PersonId, ServiceId};
use crate::i18n::Message;
use time::OffsetDateTime;
use uuid::Uuid;

use super::incident::Kind;
use super::validation::{FieldErrors, text};

/// A runbook as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runbook {
    pub id: Uuid,
    pub title: String,
    pub kind: Option<Kind>,
    pub service_id: Option<ServiceId>,
    pub service: Option<String>,
    pub steps: String,
    pub version: i32,
}

/// The steps of a runbook's Markdown: one per non-empty line, list markers and checkboxes
/// removed, headings and blank lines skipped.
pub fn steps(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let l = l
                .strip_prefix("- ")
                .or_else(|| l.strip_prefix("* "))
                .or_else(|| l.strip_prefix("+ "))
                .unwrap_or_else(|| {
                    let digits = l.chars().take_while(char::is_ascii_digit).count();
                    match l[digits..]
                        .strip_prefix(". ")
                        .or_else(|| l[digits..].strip_prefix(") "))
                    {
                        Some(rest) if digits > 0 => rest,
                        _ => l,
                    }
                });
            let l = l
                .strip_prefix("[ ] ")
                .or_else(|| l.strip_prefix("[x] "))
                .unwrap_or(l);
            l.trim().chars().take(500).collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// A runbook's fields, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookFields {
    pub title: String,
    pub kind: Option<Kind>,
    /// A service name; resolved by the store.
    pub service: Option<String>,
    pub steps: String,
}

impl RunbookFields {
    pub fn parse(
        title: &str,
        kind: &str,
        service: &str,
        steps_md: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", "Title", title, true, 200);
        let kind = match kind.trim() {
            "" => None,
            k => match k.parse::<Kind>() {
                Ok(k) => Some(k),
                Err(_) => {
                    errors.add_said("kind", Message::new("val-not-a-kind").with("value", k));
                    None
                }
            },
        };
        let service = Some(service.trim().to_owned()).filter(|s| !s.is_empty());
        if kind.is_none() && service.is_none() && errors.get("kind").is_none() {
            errors.add_said("kind", Message::new("val-choose-the-incident-kind-or-the"));
        }
        let steps_md = text(&mut errors, "steps", "Steps", steps_md, true, 20_000);
        if !steps_md.is_empty() && steps(&steps_md).is_empty() {
            errors.add_said("steps", Message::new("val-write-at-least-one-step-one"));
        }
        errors.finish(|| RunbookFields {
            title,
            kind,
            service,
            steps: steps_md,
        })
    }
}

/// A response task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: Uuid,
    pub title: String,
    pub assignee_id: Option<PersonId>,
    pub assignee: Option<String>,
    pub assignee_email: Option<String>,
    pub done: bool,
    pub done_at: Option<OffsetDateTime>,
    pub runbook: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_lines_without_list_markers() {
        let md = "# Checkout down\n\n1. Check the gateway status page\n2) Fail over to the backup PSP\n- [ ] Tell support\n* Watch error rates\nplain line\n";
        assert_eq!(
            steps(md),
            [
                "Check the gateway status page",
                "Fail over to the backup PSP",
                "Tell support",
                "Watch error rates",
                "plain line"
            ]
        );
    }

    #[test]
    fn a_runbook_applies_to_a_kind_or_a_service() {
        let errors = RunbookFields::parse("", "", "", "# only a heading").unwrap_err();
        assert_eq!(errors.get("title"), Some("Title is required."));
        assert_eq!(
            errors.get("kind"),
            Some("Choose the incident kind or the service this runbook is for.")
        );
        assert_eq!(
            errors.get("steps"),
            Some("Write at least one step, one per line.")
        );
        let ok = RunbookFields::parse("DDoS", "ddos", "", "- Enable rate limits").unwrap();
        assert_eq!(ok.kind, Some(Kind::Ddos));
    }
}
