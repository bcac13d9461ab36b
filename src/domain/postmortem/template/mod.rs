//! Post-mortem templates: the sections a post-mortem has (with what belongs in each, whether
//! it must be written, and a Markdown prompt to start from) and extra questions (free text,
//! one of several choices, yes or no). Admins keep templates for kinds and severities of
//! incident; a post-mortem keeps a copy of the version it started with. The twelve sections
//! of the SRE book are the template when no other applies.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Section, Sections};
use crate::domain::incident::{Kind, Severity};
use crate::i18n::{Lang, Message};

/// One section: its key, heading, what belongs in it, whether publishing needs it, and the
/// Markdown a new post-mortem starts it with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSpec {
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub guidance: String,
    #[serde(default = "required_by_default")]
    pub required: bool,
    #[serde(default)]
    pub prompt: String,
}

fn required_by_default() -> bool {
    true
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Choice,
    YesNo,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 3] = [
        QuestionKind::Text,
        QuestionKind::Choice,
        QuestionKind::YesNo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Choice => "choice",
            QuestionKind::YesNo => "yes_no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Text => "Free text",
            QuestionKind::Choice => "One of several choices",
            QuestionKind::YesNo => "Yes or no",
        }
    }

    pub fn parse(s: &str) -> Option<QuestionKind> {
        QuestionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An extra question; its answer is kept with the sections under its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub key: String,
    pub text: String,
    pub kind: QuestionKind,
    /// The answers offered, for a choice.
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

impl Question {
    /// The answers offered: the choices, or yes and no.
    pub fn options(&self) -> Vec<String> {
        match self.kind {
            QuestionKind::Text => Vec::new(),
            QuestionKind::Choice => self.choices.clone(),
            QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        }
    }

    /// An answer as a reader sees it.
    pub fn shown(&self, answer: &str) -> String {
        match (self.kind, answer) {
            (QuestionKind::YesNo, "yes") => "Yes".into(),
            (QuestionKind::YesNo, "no") => "No".into(),
            _ => answer.to_owned(),
        }
    }
}

/// The template a post-mortem follows: a copy of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// The kept template this is a version of; `None` for the built-in SRE template.
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    pub version: i32,
    pub sections: Vec<SectionSpec>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// The name of the built-in template.
pub const SRE_NAME: &str = "SRE post-mortem";

impl Template {
    /// The built-in template: the twelve SRE sections, every one required.
    pub fn sre() -> Template {
        Template::sre_in(Lang::En)
    }

    /// The built-in template in `lang`: a post-mortem written in it keeps its headings.
    pub fn sre_in(lang: Lang) -> Template {
        let (name, table) = match lang {
            Lang::En => (SRE_NAME, SRE),
            Lang::PtBr => ("Post-mortem SRE", SRE_PT_BR),
        };
        Template {
            id: None,
            name: name.into(),
            version: 1,
            sections: sre_sections(table),
            questions: Vec::new(),
        }
    }

    pub fn section(&self, key: &str) -> Option<&SectionSpec> {
        self.sections.iter().find(|s| s.key == key)
    }

    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// Every key with its heading: the sections, then the questions.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &str)> {
        let sections = self
            .sections
            .iter()
            .map(|s| (s.key.as_str(), s.title.as_str()));
        let questions = self
            .questions
            .iter()
            .map(|q| (q.key.as_str(), q.text.as_str()));
        sections.chain(questions)
    }

    /// The keys whose text is prose the blameless check reads: every section, and the
    /// questions answered in free text.
    pub fn prose_keys(&self) -> impl Iterator<Item = &str> {
        let sections = self.sections.iter().map(|s| s.key.as_str());
        let questions = self
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Text)
            .map(|q| q.key.as_str());
        sections.chain(questions)
    }

    /// Whether a section counts as written: marked not applicable, or holding more than its
    /// prompt.
    pub fn written(spec: &SectionSpec, section: &Section) -> bool {
        section.na || {
            let t = section.text.trim();
            !t.is_empty() && t != spec.prompt.trim()
        }
    }

    /// What the text stands in the way of publishing: required sections not written and
    /// required questions not answered.
    pub fn missing(&self, sections: &Sections) -> Vec<Message> {
        let blank = Section::default();
        let mut out: Vec<Message> = self
            .sections
            .iter()
            .filter(|s| s.required && !Self::written(s, sections.get(&s.key).unwrap_or(&blank)))
            .map(|s| Message::new("pm-blocker-section").with("section", &s.title))
            .collect();
        out.extend(
            self.questions
                .iter()
                .filter(|q| {
                    q.required
                        && sections
                            .get(&q.key)
                            .is_none_or(|a| a.text.trim().is_empty())
                })
                .map(|q| Message::new("pm-blocker-question").with("question", &q.text)),
        );
        out
    }

    /// Refuses content under a key the template has no section or question for, and
    /// answers that are not among a question's options.
    pub fn check(&self, sections: &Sections) -> Result<(), String> {
        for (key, content) in sections {
            if self.section(key).is_some() {
                continue;
            }
            let Some(q) = self.question(key) else {
                return Err(format!(
                    "\"{key}\" is not a section or question of the template \"{}\".",
                    self.name
                ));
            };
            let answer = content.text.trim();
            let options = q.options();
            if !answer.is_empty() && !options.is_empty() && !options.iter().any(|o| o == answer) {
                return Err(format!(
                    "“{answer}” is not an answer to “{}”: choose one of {}.",
                    q.text,
                    options.join(", ")
                ));
            }
            if answer.chars().count() > ANSWER_MAX {
                return Err(format!(
                    "The answer to “{}” is longer than {ANSWER_MAX} characters.",
                    q.text
                ));
            }
        }
        Ok(())
    }

    /// "SRE post-mortem" or "Security review, version 3".
    pub fn label(&self) -> String {
        if self.id.is_none() {
            self.name.clone()
        } else {
            format!("{}, version {}", self.name, self.version)
        }
    }
}

/// The longest answer to a question.
pub const ANSWER_MAX: usize = 5_000;

fn sre_sections(table: &[(&str, &str, &str)]) -> Vec<SectionSpec> {
    table
        .iter()
        .map(|(key, title, guidance)| SectionSpec {
            key: (*key).into(),
            title: (*title).into(),
            guidance: (*guidance).into(),
            required: true,
            prompt: String::new(),
        })
        .collect()
}

/// What an admin says a template is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFields {
    pub name: String,
    pub description: String,
    /// Empty: every kind.
    pub kinds: Vec<Kind>,
    /// Empty: every severity.
    pub severities: Vec<Severity>,
    pub sections: Vec<SectionSpec>,
    pub questions: Vec<Question>,
}

/// A template as admins keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptTemplate {
    pub id: Uuid,
    pub fields: TemplateFields,
    pub retired: bool,
    pub version: i32,
    pub updated_at: OffsetDateTime,
}

impl KeptTemplate {
    /// How closely it fits an incident of this kind and severity: `None` when it does not
    /// apply; more when it names the kind, the severity, or both.
    pub fn fit(&self, kind: Kind, severity: Severity) -> Option<u8> {
        let f = &self.fields;
        let kind_fits = f.kinds.is_empty() || f.kinds.contains(&kind);
        let severity_fits = f.severities.is_empty() || f.severities.contains(&severity);
        (!self.retired && kind_fits && severity_fits)
            .then(|| 2 * u8::from(!f.kinds.is_empty()) + u8::from(!f.severities.is_empty()))
    }

    /// This version, as a post-mortem keeps it.
    pub fn snapshot(&self) -> Template {
        Template {
            id: Some(self.id),
            name: self.fields.name.clone(),
            version: self.version,
            sections: self.fields.sections.clone(),
            questions: self.fields.questions.clone(),
        }
    }
}

/// The template for a new post-mortem of an incident of this kind and severity: the kept
/// template that fits it most closely (naming the kind outranks naming the severity; ties
/// go to the name first in the alphabet), else the SRE template in `lang`. `kept` is by
/// name.
pub fn choose(kept: &[KeptTemplate], kind: Kind, severity: Severity, lang: Lang) -> Template {
    let mut best: Option<(u8, &KeptTemplate)> = None;
    for t in kept {
        if let Some(fit) = t.fit(kind, severity)
            && best.is_none_or(|(b, _)| fit > b)
        {
            best = Some((fit, t));
        }
    }
    best.map(|(_, t)| t.snapshot())
        .unwrap_or_else(|| Template::sre_in(lang))
}

mod input;
mod sre;
pub use input::{QuestionRow, SectionRow, TemplateInput};
use sre::{SRE, SRE_PT_BR};

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(name: &str, kinds: Vec<Kind>, severities: Vec<Severity>) -> KeptTemplate {
        KeptTemplate {
            id: Uuid::now_v7(),
            fields: TemplateFields {
                name: name.into(),
                description: String::new(),
                kinds,
                severities,
                sections: sre_sections(SRE),
                questions: Vec::new(),
            },
            retired: false,
            version: 1,
            updated_at: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_closest_template_is_chosen() {
        let all = vec![
            kept("Any", vec![], vec![]),
            kept("Security", vec![Kind::Security], vec![]),
            kept("Critical", vec![], vec![Severity::Sev1]),
            kept(
                "Critical security",
                vec![Kind::Security],
                vec![Severity::Sev1],
            ),
        ];
        let name = |k, s| choose(&all, k, s, Lang::En).name;
        assert_eq!(name(Kind::Security, Severity::Sev1), "Critical security");
        assert_eq!(name(Kind::Security, Severity::Sev3), "Security");
        assert_eq!(name(Kind::Outage, Severity::Sev1), "Critical");
        assert_eq!(name(Kind::Outage, Severity::Sev2), "Any");
        assert_eq!(
            choose(&all[1..3], Kind::Outage, Severity::Sev4, Lang::PtBr),
            Template::sre_in(Lang::PtBr)
        );
        assert_eq!(
            Template::sre_in(Lang::PtBr).sections[3].title,
            "Causas raiz e fatores contribuintes"
        );
        let mut retired = all[1].clone();
        retired.retired = true;
        assert_eq!(
            choose(&[retired], Kind::Security, Severity::Sev1, Lang::En),
            Template::sre()
        );
    }

    #[test]
    fn prompts_and_required_questions_hold_up_publishing() {
        let mut t = Template::sre();
        t.sections.truncate(2);
        t.sections[1].prompt = "Customers affected:".into();
        t.sections[1].required = false;
        t.sections.push(SectionSpec {
            key: "data".into(),
            title: "Data".into(),
            guidance: String::new(),
            required: true,
            prompt: "Records:".into(),
        });
        t.questions.push(Question {
            key: "region".into(),
            text: "Which region?".into(),
            kind: QuestionKind::Choice,
            choices: vec!["eu".into(), "us".into()],
            required: true,
        });
        let s = |text: &str| Section {
            text: text.into(),
            na: false,
        };
        let mut sections = Sections::new();
        sections.insert("summary".into(), s("It broke."));
        sections.insert("impact".into(), s("Customers affected:"));
        sections.insert("data".into(), s(" Records: "));
        assert_eq!(
            t.missing(&sections)
                .iter()
                .map(Message::to_string)
                .collect::<Vec<_>>(),
            [
                "Data is empty: write it or mark it not applicable.",
                "Answer the question “Which region?”."
            ]
        );
        sections.insert("data".into(), s("Records: none"));
        sections.insert("region".into(), s("eu"));
        assert!(t.missing(&sections).is_empty());
        assert!(t.check(&sections).is_ok());
        sections.insert("region".into(), s("mars"));
        assert_eq!(
            t.check(&sections),
            Err("“mars” is not an answer to “Which region?”: choose one of eu, us.".into())
        );
        sections.remove("region");
        sections.insert("nope".into(), s("x"));
        assert!(t.check(&sections).is_err());
    }
}
