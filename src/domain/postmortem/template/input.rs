//! The template form as an admin types it (page or API): rows of sections and questions,
//! checked into [`TemplateFields`], with keys kept across versions or made from titles.

use crate::i18n::Message;
use serde::Deserialize;

use super::{Question, QuestionKind, SectionSpec, Template, TemplateFields};
use crate::domain::incident::{Kind, Severity};
use crate::domain::validation::{FieldErrors, text};

/// One section row of the template form, as typed (a blank title drops the row).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SectionRow {
    pub key: String,
    pub title: String,
    pub guidance: String,
    pub prompt: String,
    pub required: bool,
}

/// One question row of the template form, as typed; `choices` one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct QuestionRow {
    pub key: String,
    pub text: String,
    pub kind: String,
    pub choices: Vec<String>,
    pub required: bool,
}

/// The template form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateInput {
    pub name: String,
    pub description: String,
    pub kinds: Vec<String>,
    pub severities: Vec<String>,
    pub sections: Vec<SectionRow>,
    pub questions: Vec<QuestionRow>,
}

const NAME_MAX: usize = 80;
const DESCRIPTION_MAX: usize = 500;
const SECTIONS_MAX: usize = 30;
const QUESTIONS_MAX: usize = 20;
const TITLE_MAX: usize = 120;
const GUIDANCE_MAX: usize = 500;
const PROMPT_MAX: usize = 5_000;
const CHOICES_MAX: usize = 20;
const CHOICE_MAX: usize = 100;
const KEY_MAX: usize = 40;

/// A key made of a title: lowercase letters, digits and underscores.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        if out.len() >= KEY_MAX {
            break;
        }
    }
    out.trim_end_matches('_').to_owned()
}

fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= KEY_MAX
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A key for a row: the one it had (kept so answers and comments stay put), else one made
/// of its title; never one already `taken`.
fn key_for(kept: &str, title: &str, fallback: &str, taken: &mut Vec<String>) -> String {
    let kept = kept.trim();
    let base = if is_key(kept) {
        kept.to_owned()
    } else {
        let s = slug(title);
        if s.is_empty() { fallback.to_owned() } else { s }
    };
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) {
        key = format!("{base}_{n}");
        n += 1;
    }
    taken.push(key.clone());
    key
}

impl TemplateInput {
    /// Checks every field; errors name the field (`s2_title`, `q0_choices`).
    pub fn parse(&self) -> Result<TemplateFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", "Name", &self.name, true, NAME_MAX);
        let description = text(
            &mut errors,
            "description",
            "Description",
            &self.description,
            false,
            DESCRIPTION_MAX,
        );
        let mut kinds = Vec::new();
        for k in self.kinds.iter().filter(|k| !k.trim().is_empty()) {
            match k.parse::<Kind>() {
                Ok(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Ok(_) => {}
                Err(_) => errors.add_said(
                    "kinds",
                    Message::new("val-not-a-kind").with("value", k.as_str()),
                ),
            }
        }
        let mut severities = Vec::new();
        for s in self.severities.iter().filter(|s| !s.trim().is_empty()) {
            match s.parse::<Severity>() {
                Ok(sev) if !severities.contains(&sev) => severities.push(sev),
                Ok(_) => {}
                Err(_) => errors.add_said(
                    "severities",
                    Message::new("val-not-a-severity").with("value", s.as_str()),
                ),
            }
        }
        severities.sort();
        let mut taken = Vec::new();
        let mut sections = Vec::new();
        for (i, row) in self.sections.iter().enumerate() {
            let blank = row.title.trim().is_empty()
                && row.guidance.trim().is_empty()
                && row.prompt.trim().is_empty();
            if blank {
                continue;
            }
            let field = |f: &str| format!("s{i}_{f}");
            let title = text(
                &mut errors,
                &field("title"),
                "A section's title",
                &row.title,
                true,
                TITLE_MAX,
            );
            let guidance = text(
                &mut errors,
                &field("guidance"),
                "Guidance",
                &row.guidance,
                false,
                GUIDANCE_MAX,
            );
            let prompt = row.prompt.replace("\r\n", "\n");
            let prompt = text(
                &mut errors,
                &field("prompt"),
                "The prompt",
                &prompt,
                false,
                PROMPT_MAX,
            );
            let key = key_for(&row.key, &title, "section", &mut taken);
            sections.push(SectionSpec {
                key,
                title,
                guidance,
                required: row.required,
                prompt,
            });
        }
        if sections.is_empty() {
            errors.add_said("s0_title", Message::new("val-template-needs-a-section"));
        } else if sections.len() > SECTIONS_MAX {
            errors.add_said(
                "sections",
                Message::new("val-too-many-sections").with("max", SECTIONS_MAX),
            );
        }
        let mut questions = Vec::new();
        for (i, row) in self.questions.iter().enumerate() {
            let choices: Vec<String> = row
                .choices
                .iter()
                .flat_map(|c| c.lines())
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .collect();
            if row.text.trim().is_empty() && choices.is_empty() {
                continue;
            }
            let field = |f: &str| format!("q{i}_{f}");
            let question = text(
                &mut errors,
                &field("text"),
                "The question",
                &row.text,
                true,
                TITLE_MAX,
            );
            let Some(kind) = QuestionKind::parse(row.kind.trim()) else {
                errors.add_said(&field("kind"), Message::new("val-choose-answer-kind"));
                continue;
            };
            let mut unique: Vec<String> = Vec::new();
            for c in &choices {
                if !unique.contains(c) {
                    unique.push(c.clone());
                }
            }
            if kind == QuestionKind::Choice {
                if unique.len() < 2 {
                    errors.add_said(&field("choices"), Message::new("val-two-answers"));
                } else if unique.len() > CHOICES_MAX {
                    errors.add_said(
                        &field("choices"),
                        Message::new("val-too-many-answers").with("max", CHOICES_MAX),
                    );
                } else if unique.iter().any(|c| c.chars().count() > CHOICE_MAX) {
                    errors.add_said(
                        &field("choices"),
                        Message::new("val-answer-too-long").with("max", CHOICE_MAX),
                    );
                }
            } else {
                unique.clear();
            }
            let key = key_for(&row.key, &question, "question", &mut taken);
            questions.push(Question {
                key,
                text: question,
                kind,
                choices: unique,
                required: row.required,
            });
        }
        if questions.len() > QUESTIONS_MAX {
            errors.add_said(
                "questions",
                Message::new("val-too-many-questions").with("max", QUESTIONS_MAX),
            );
        }
        errors.finish(|| TemplateFields {
            name,
            description,
            kinds,
            severities,
            sections,
            questions,
        })
    }

    /// The form for a new template: the SRE sections to start from.
    pub fn starting() -> TemplateInput {
        TemplateInput {
            sections: Template::sre()
                .sections
                .iter()
                .map(SectionRow::from)
                .collect(),
            ..TemplateInput::default()
        }
    }
}

impl From<&SectionSpec> for SectionRow {
    fn from(s: &SectionSpec) -> Self {
        SectionRow {
            key: s.key.clone(),
            title: s.title.clone(),
            guidance: s.guidance.clone(),
            prompt: s.prompt.clone(),
            required: s.required,
        }
    }
}

impl From<&Question> for QuestionRow {
    fn from(q: &Question) -> Self {
        QuestionRow {
            key: q.key.clone(),
            text: q.text.clone(),
            kind: q.kind.as_str().to_owned(),
            choices: q.choices.clone(),
            required: q.required,
        }
    }
}

impl From<&TemplateFields> for TemplateInput {
    fn from(f: &TemplateFields) -> Self {
        TemplateInput {
            name: f.name.clone(),
            description: f.description.clone(),
            kinds: f.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            severities: f.severities.iter().map(|s| s.as_str().to_owned()).collect(),
            sections: f.sections.iter().map(SectionRow::from).collect(),
            questions: f.questions.iter().map(QuestionRow::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_sections_and_questions_with_stable_keys() {
        let input = TemplateInput {
            name: " Security review ".into(),
            kinds: vec!["security".into()],
            severities: vec!["SEV2".into(), "sev1".into()],
            sections: vec![
                SectionRow {
                    key: "summary".into(),
                    title: "Summary".into(),
                    required: true,
                    ..Default::default()
                },
                SectionRow::default(),
                SectionRow {
                    title: "Data exposed?".into(),
                    prompt: "- Records:\r\n- Customers:".into(),
                    ..Default::default()
                },
                SectionRow {
                    title: "Summary".into(),
                    ..Default::default()
                },
            ],
            questions: vec![QuestionRow {
                text: "Was customer data read?".into(),
                kind: "yes_no".into(),
                required: true,
                ..Default::default()
            }],
            ..Default::default()
        };
        let f = input.parse().unwrap();
        assert_eq!(f.name, "Security review");
        assert_eq!(f.severities, [Severity::Sev1, Severity::Sev2]);
        let keys: Vec<&str> = f.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["summary", "data_exposed", "summary_2"]);
        assert_eq!(f.sections[1].prompt, "- Records:\n- Customers:");
        assert!(!f.sections[1].required);
        assert_eq!(f.questions[0].key, "was_customer_data_read");
        assert_eq!(f.questions[0].options(), ["yes", "no"]);
    }

    #[test]
    fn bad_rows_are_named() {
        let input = TemplateInput {
            name: String::new(),
            kinds: vec!["meteor".into()],
            sections: vec![SectionRow::default()],
            questions: vec![
                QuestionRow {
                    text: "Which region?".into(),
                    kind: "choice".into(),
                    choices: vec!["eu-west".into()],
                    ..Default::default()
                },
                QuestionRow {
                    text: "How?".into(),
                    kind: "essay".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(errors.get("kinds"), Some("\"meteor\" is not a kind."));
        assert_eq!(
            errors.get("s0_title"),
            Some("A template needs at least one section.")
        );
        assert_eq!(
            errors.get("q0_choices"),
            Some("A choice needs at least two answers, one per line.")
        );
        assert!(errors.get("q1_kind").is_some());
    }
}
