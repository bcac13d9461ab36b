//! The incident timeline: system entries written as things change (never rewritten), and
//! people's notes (editable by their author, every revision kept).

use super::ids::PersonId;
use serde_json::Value;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::incident::FUTURE_TOLERANCE;
use super::time::parse_instant;
use super::validation::{FieldErrors, text};
use crate::i18n::{Lang, Message};

pub const NOTE_MAX: usize = 20_000;

macro_rules! kinds {
    ($($variant:ident => $s:literal, $label:literal;)+) => {
        /// What a timeline entry records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EntryKind { $($variant),+ }

        impl EntryKind {
            pub const ALL: &'static [EntryKind] = &[$(EntryKind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(EntryKind::$variant => $s),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(EntryKind::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for EntryKind {
            type Err = super::incident::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                EntryKind::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str() == s.trim())
                    .ok_or_else(|| super::incident::UnknownVariant {
                        what: "timeline entry kind",
                        value: s.trim().to_owned(),
                    })
            }
        }
    };
}

kinds! {
    Note => "note", "Note";
    Status => "status", "Status";
    Severity => "severity", "Severity";
    Milestone => "milestone", "Milestone";
    Role => "role", "Team";
    Field => "field", "Change";
    StatusUpdate => "status_update", "Status update";
    Task => "task", "Task";
    Runbook => "runbook", "Runbook";
    Alert => "alert", "Alert";
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: Uuid,
    pub kind: EntryKind,
    pub occurred_at: OffsetDateTime,
    pub recorded_at: OffsetDateTime,
    pub author_id: Option<PersonId>,
    pub author: Option<String>,
    pub body: String,
    pub detail: Option<Value>,
    pub highlighted: bool,
    pub automated: bool,
    pub version: i32,
    pub edited_at: Option<OffsetDateTime>,
}

impl Entry {
    /// What the entry says in `lang`: a system entry written from a message is said in the
    /// reader's language; anything else as it was written.
    pub fn said(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        if lang == Lang::En {
            return std::borrow::Cow::Borrowed(&self.body);
        }
        self.detail
            .as_ref()
            .and_then(|d| d.get("say"))
            .and_then(Message::from_json)
            .map_or(std::borrow::Cow::Borrowed(&self.body), |m| {
                std::borrow::Cow::Owned(m.say(lang))
            })
    }

    /// Written by Murphy, not a person: immutable.
    pub fn is_system(&self) -> bool {
        self.kind != EntryKind::Note
    }

    /// The UTC day it happened, for grouping.
    pub fn day(&self) -> Date {
        self.occurred_at.date()
    }
}

/// A system entry about to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemEntry {
    pub kind: EntryKind,
    pub body: String,
    pub detail: Option<Value>,
    pub occurred_at: OffsetDateTime,
    pub automated: bool,
}

impl SystemEntry {
    pub fn new(
        kind: EntryKind,
        body: impl Into<String>,
        detail: Value,
        at: OffsetDateTime,
    ) -> Self {
        SystemEntry {
            kind,
            body: body.into(),
            detail: Some(detail),
            occurred_at: at,
            automated: false,
        }
    }

    /// An entry that says `message`: kept in English as its body, and as the message itself
    /// (under `say` in the detail) to be said in each reader's language.
    pub fn said(kind: EntryKind, message: Message, mut detail: Value, at: OffsetDateTime) -> Self {
        if let Some(map) = detail.as_object_mut() {
            map.insert("say".into(), message.to_json());
        }
        SystemEntry::new(kind, message.to_string(), detail, at)
    }
}

/// A note, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub body: String,
    pub occurred_at: OffsetDateTime,
    pub highlighted: bool,
}

impl Note {
    /// `occurred_at` empty means now; it may lie in the past but not the future.
    pub fn parse(
        body: &str,
        occurred_at: &str,
        offset_minutes: i32,
        highlighted: bool,
        now: OffsetDateTime,
    ) -> Result<Note, FieldErrors> {
        let mut errors = FieldErrors::new();
        let body = text(&mut errors, "body", "The note", body, true, NOTE_MAX);
        let at = match occurred_at.trim() {
            "" => Some(now),
            s => parse_instant(s, offset_minutes)
                .map_err(|e| errors.add_said("occurred_at", e))
                .ok(),
        };
        if at.is_some_and(|at| at > now + FUTURE_TOLERANCE) {
            errors.add_said(
                "occurred_at",
                Message::new("val-a-note-cannot-record-something-that"),
            );
        }
        match at {
            Some(occurred_at) if errors.is_empty() => Ok(Note {
                body,
                occurred_at,
                highlighted,
            }),
            _ => Err(errors),
        }
    }
}

/// An earlier version of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub version: i32,
    pub body: String,
    pub occurred_at: OffsetDateTime,
    pub highlighted: bool,
    pub written_at: OffsetDateTime,
}

/// The system entries that record how an incident changed: status, severity, each edited
/// field and each milestone set, moved or cleared.
pub fn changes_between(
    before: &super::incident::Incident,
    after: &super::incident::Incident,
    at: OffsetDateTime,
) -> Vec<SystemEntry> {
    use super::incident::Milestone;
    use super::time::utc_minutes;
    use serde_json::json;

    let mut entries = Vec::new();
    if before.status != after.status {
        let message = Message::new("tl-status-changed")
            .with_said("old", Message::keyed("tl-status-", before.status.as_str()))
            .with_said("new", Message::keyed("tl-status-", after.status.as_str()));
        entries.push(SystemEntry::said(
            EntryKind::Status,
            message,
            json!({"field": "status", "old": before.status.as_str(), "new": after.status.as_str()}),
            at,
        ));
    }
    if before.severity != after.severity {
        let message = Message::new("tl-severity-changed")
            .with("old", before.severity.as_str())
            .with("new", after.severity.as_str());
        entries.push(SystemEntry::said(
            EntryKind::Severity,
            message,
            json!({"field": "severity", "old": before.severity.as_str(), "new": after.severity.as_str()}),
            at,
        ));
    }
    let kind = |k: super::incident::Kind| Message::keyed("kind-", k.as_str());
    let restricted = |r: bool| Message::new(if r { "tl-restricted" } else { "tl-open" });
    // Each field: name, old and new text, and the words for them where a reader's language
    // has its own (kind, restriction).
    type Words = Option<(Message, Message)>;
    let fields: [(&str, String, String, Words); 6] = [
        ("title", before.title.clone(), after.title.clone(), None),
        (
            "summary",
            before.summary.clone(),
            after.summary.clone(),
            None,
        ),
        (
            "kind",
            before.kind.label().into(),
            after.kind.label().into(),
            Some((kind(before.kind), kind(after.kind))),
        ),
        (
            "services",
            before.services.join(", "),
            after.services.join(", "),
            None,
        ),
        (
            "customer_impact",
            before.customer_impact.clone(),
            after.customer_impact.clone(),
            None,
        ),
        (
            "restricted",
            restriction(before.restricted),
            restriction(after.restricted),
            Some((restricted(before.restricted), restricted(after.restricted))),
        ),
    ];
    for (field, old, new, words) in fields {
        if old == new {
            continue;
        }
        let name = Message::keyed("tl-field-", field);
        let (old_said, new_said) = words.unwrap_or_else(|| {
            (
                Message::new("tl-text").with("text", &old),
                Message::new("tl-text").with("text", &new),
            )
        });
        let message = match field {
            "summary" | "customer_impact" => Message::new("tl-field-edited"),
            _ if old.is_empty() => Message::new("tl-field-set").with_said("new", new_said),
            _ if new.is_empty() => Message::new("tl-field-cleared").with_said("old", old_said),
            _ => Message::new("tl-field-changed")
                .with_said("old", old_said)
                .with_said("new", new_said),
        }
        .with_said("field", name);
        entries.push(SystemEntry::said(
            EntryKind::Field,
            message,
            json!({"field": field, "old": old, "new": new}),
            at,
        ));
    }
    for &m in Milestone::ALL {
        let (old, new) = (before.milestones.get(m), after.milestones.get(m));
        let message = match (old, new) {
            _ if old == new => continue,
            (None, Some(n)) => Message::new("tl-milestone-at").with("at", utc_minutes(n)),
            (Some(o), None) => Message::new("tl-milestone-cleared").with("was", utc_minutes(o)),
            (Some(o), Some(n)) => Message::new("tl-milestone-corrected")
                .with("from", utc_minutes(o))
                .with("to", utc_minutes(n)),
            (None, None) => continue,
        }
        .with_said("milestone", Message::keyed("milestone-", m.as_str()));
        entries.push(SystemEntry::said(
            EntryKind::Milestone,
            message,
            json!({
                "field": m.as_str(),
                "old": old.map(super::time::rfc3339),
                "new": new.map(super::time::rfc3339),
            }),
            at,
        ));
    }
    entries
}

fn restriction(restricted: bool) -> String {
    if restricted {
        "restricted"
    } else {
        "open to everyone"
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-26 12:00 UTC);

    #[test]
    fn notes_may_be_backdated_but_not_future_dated() {
        let note = Note::parse(" Rolled back ", "2026-11-25T23:50", 0, true, NOW).unwrap();
        assert_eq!(note.body, "Rolled back");
        assert_eq!(note.occurred_at, datetime!(2026-11-25 23:50 UTC));
        assert!(note.highlighted);
        assert_eq!(
            Note::parse("x", "", 0, false, NOW).unwrap().occurred_at,
            NOW
        );
        let errors = Note::parse("", "2026-11-27T00:00", 0, false, NOW).unwrap_err();
        assert_eq!(errors.get("body"), Some("The note is required."));
        assert_eq!(
            errors.get("occurred_at"),
            Some("A note cannot record something that has not happened yet.")
        );
    }

    #[test]
    fn kinds_round_trip() {
        for &k in EntryKind::ALL {
            assert_eq!(k.as_str().parse::<EntryKind>(), Ok(k));
        }
    }
}
