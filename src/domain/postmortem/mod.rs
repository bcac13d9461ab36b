//! Post-mortems: structured sections following SRE practice, publishing rules, revisions.

pub mod passage;
pub mod policy;
mod prefill;
mod review;
pub mod template;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::domain::ids::{IncidentId, PersonId, PostmortemId};

pub use prefill::prefill;
pub use review::{
    CommentInput, ONLY_REVIEWERS_COMMENT, may_comment, publishing_blockers, reviewers_problem,
};
pub use template::{Question, QuestionKind, SectionSpec, Template};

/// A section's content: Markdown text, or marked not applicable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub na: bool,
}

/// Every section by key.
pub type Sections = BTreeMap<String, Section>;

/// The review state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    InReview,
    Published,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::InReview => "in_review",
            State::Published => "published",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::Draft => "Draft",
            State::InReview => "In review",
            State::Published => "Published",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        match s {
            "draft" => Some(State::Draft),
            "in_review" => Some(State::InReview),
            "published" => Some(State::Published),
            _ => None,
        }
    }
}

/// A post-mortem as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postmortem {
    pub id: PostmortemId,
    pub incident_id: IncidentId,
    pub state: State,
    pub sections: Sections,
    pub no_actions_reason: String,
    pub revision: i32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_at: Option<OffsetDateTime>,
    pub published_by: Option<String>,
    /// How the incident was detected, once someone said.
    pub detection: Option<crate::domain::taxonomy::Detection>,
    /// The version an edit of the tags and detection source is based on.
    pub classification_version: i32,
    /// The template it started with, as it was then.
    pub template: Template,
    /// The language it is written in.
    pub language: crate::i18n::Lang,
}

impl Postmortem {
    pub fn section(&self, key: &str) -> Section {
        self.sections.get(key).cloned().unwrap_or_default()
    }
}

/// A reviewer and whether they approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub person_id: PersonId,
    pub name: String,
    pub approved_at: Option<OffsetDateTime>,
}

/// The longest a section may be.
pub const SECTION_MAX: usize = 100_000;
/// The longest the reason for having no action items may be.
pub const REASON_MAX: usize = 5_000;

/// Refuses sections (or a reason for no action items) longer than Murphy keeps.
pub fn check_lengths(sections: &Sections, no_actions_reason: &str) -> Result<(), String> {
    let too_long = sections
        .values()
        .any(|s| s.text.chars().count() > SECTION_MAX);
    if too_long || no_actions_reason.chars().count() > REASON_MAX {
        return Err("A section is longer than 100,000 characters.".into());
    }
    Ok(())
}

/// One line of a comparison between two revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    Same(String),
    Removed(String),
    Added(String),
}

/// A line diff (longest common subsequence): what changed from `old` to `new`.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(DiffLine::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(DiffLine::Removed(a[i].to_owned()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].to_owned()));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_line_reads_removed_then_added() {
        assert_eq!(
            diff("old", "new"),
            [
                DiffLine::Removed("old".into()),
                DiffLine::Added("new".into())
            ]
        );
    }

    #[test]
    fn diffs_show_removed_and_added_lines() {
        assert_eq!(
            diff("a\nb\nc", "a\nc\nd"),
            [
                DiffLine::Same("a".into()),
                DiffLine::Removed("b".into()),
                DiffLine::Same("c".into()),
                DiffLine::Added("d".into()),
            ]
        );
    }
}
