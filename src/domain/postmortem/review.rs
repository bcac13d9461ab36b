//! The review: who may comment, what a comment and a reviewer list need, and what stands
//! between a post-mortem and publishing.

use super::{Reviewer, Sections, Template};
use crate::domain::person::Role;
use crate::i18n::Message;

/// What still stands between a post-mortem and publishing; empty when it may be published.
pub fn publishing_blockers(
    template: &Template,
    sections: &Sections,
    action_items: usize,
    no_actions_reason: &str,
    reviewers: &[Reviewer],
) -> Vec<Message> {
    let mut blockers = template.missing(sections);
    if action_items == 0 && no_actions_reason.trim().is_empty() {
        blockers.push(Message::new("pm-blocker-no-actions"));
    }
    if reviewers.is_empty() {
        blockers.push(Message::new("pm-blocker-no-review"));
    }
    for r in reviewers.iter().filter(|r| r.approved_at.is_none()) {
        blockers.push(Message::new("pm-blocker-not-approved").with("name", &r.name));
    }
    blockers
}

/// Whether a person may comment: the post-mortem's reviewers, and responders.
pub fn may_comment(is_reviewer: bool, role: Role) -> bool {
    is_reviewer || role >= Role::Responder
}

/// Why comments are refused to someone [`may_comment`] says no to.
pub const ONLY_REVIEWERS_COMMENT: &str = "Only reviewers and responders comment.";

/// A comment on one section, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentInput {
    pub section: String,
    /// The section's heading.
    pub title: String,
    pub body: String,
}

impl CommentInput {
    /// The section must be one of the template's and the body hold 1 to 5,000 characters.
    pub fn parse(template: &Template, section: &str, body: &str) -> Result<CommentInput, String> {
        let body = body.trim();
        let Some(spec) = template.section(section) else {
            return Err(format!("\"{section}\" is not a section."));
        };
        if body.is_empty() || body.chars().count() > 5000 {
            return Err("A comment needs 1 to 5,000 characters.".to_owned());
        }
        Ok(CommentInput {
            section: section.to_owned(),
            title: spec.title.clone(),
            body: body.to_owned(),
        })
    }
}

/// What is wrong with sending a post-mortem for review to these people, if anything:
/// `unknown` are emails no active account has.
pub fn reviewers_problem(found: usize, unknown: &[String], published: bool) -> Option<Message> {
    if !unknown.is_empty() {
        Some(Message::new("val-no-such-account").with("email", unknown.join(", ")))
    } else if found == 0 {
        Some(Message::new("val-choose-a-reviewer"))
    } else if published {
        Some(Message::new("val-already-published"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::postmortem::Section;
    use time::OffsetDateTime;

    fn all_filled() -> Sections {
        Template::sre()
            .sections
            .iter()
            .map(|s| {
                (
                    s.key.clone(),
                    Section {
                        text: "x".into(),
                        na: false,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn publishing_needs_every_section_actions_and_approvals() {
        let reviewer = |approved: bool| Reviewer {
            person_id: crate::domain::ids::PersonId::default(),
            name: "Rae".into(),
            approved_at: approved.then_some(OffsetDateTime::UNIX_EPOCH),
        };
        assert!(
            publishing_blockers(&Template::sre(), &all_filled(), 1, "", &[reviewer(true)])
                .is_empty()
        );
        assert!(
            publishing_blockers(
                &Template::sre(),
                &all_filled(),
                0,
                "Config-only fix",
                &[reviewer(true)]
            )
            .is_empty()
        );
        let mut sections = all_filled();
        sections.insert(
            "got_lucky".into(),
            Section {
                text: " ".into(),
                na: false,
            },
        );
        sections.insert(
            "trigger".into(),
            Section {
                text: String::new(),
                na: true,
            },
        );
        assert_eq!(
            publishing_blockers(&Template::sre(), &sections, 0, "", &[reviewer(false)]),
            [
                "Where we got lucky is empty: write it or mark it not applicable.",
                "Add at least one action item, or say why none is needed.",
                "Rae has not approved it yet.",
            ]
        );
        assert_eq!(
            publishing_blockers(&Template::sre(), &all_filled(), 1, "", &[]),
            ["Send it for review first."]
        );
    }

    #[test]
    fn comments_need_a_section_and_a_body() {
        assert!(
            CommentInput::parse(&Template::sre(), "trigger", " Why? ")
                .is_ok_and(|c| c.body == "Why?")
        );
        assert_eq!(
            CommentInput::parse(&Template::sre(), "nope", "x"),
            Err("\"nope\" is not a section.".to_owned())
        );
        assert!(CommentInput::parse(&Template::sre(), "trigger", "  ").is_err());
        assert!(may_comment(true, Role::Viewer));
        assert!(!may_comment(false, Role::Viewer));
        assert!(may_comment(false, Role::Responder));
    }
}
