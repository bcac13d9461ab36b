//! Field-level validation messages, shared by HTML forms and the JSON API.

use serde::Serialize;

use crate::i18n::{Lang, Message};

/// One problem with one input field. `field` is the form input's and the JSON key's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// In English, as the API answers.
    pub message: String,
    /// The same as a message, to say in a page's language (where one was written).
    #[serde(skip)]
    pub said: Option<Message>,
}

/// Every problem found in one submission, in the order the fields were checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A single error, for checks that only the database can make (a duplicate name, say).
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// A single error as a message, said in each reader's language.
    pub fn one_said(field: &str, said: Message) -> Self {
        let mut errors = Self::new();
        errors.add_said(field, said);
        errors
    }

    /// Records a problem; only the first message per field is kept.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.to_owned(),
                message: message.into(),
                said: None,
            });
        }
    }

    /// Records a problem as a message, said in each reader's language.
    pub fn add_said(&mut self, field: &str, said: Message) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.to_owned(),
                message: said.to_string(),
                said: Some(said),
            });
        }
    }

    /// The same errors with the messages that can be said in `lang` said in it.
    pub fn in_lang(mut self, lang: Lang) -> FieldErrors {
        if lang != Lang::En {
            for e in &mut self.0 {
                if let Some(said) = &e.said {
                    e.message = said.say(lang);
                }
            }
        }
        self
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }

    /// The same errors with field `from` named `to` (where an API calls a form's field
    /// differently).
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        for e in &mut self.0 {
            if e.field == from {
                to.clone_into(&mut e.field);
            }
        }
        self
    }

    pub fn extend(&mut self, other: FieldErrors) {
        for e in other.0 {
            if self.get(&e.field).is_none() {
                self.0.push(e);
            }
        }
    }
}

/// Whether `s` looks like an email address: something@something.something, no spaces.
pub fn is_address(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.len() <= 320
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
}

/// The labels of [`text`] a reader's language has words for, and their messages.
const LABELS: [(&str, &str); 25] = [
    ("Title", "label-title"),
    ("Summary", "label-summary"),
    ("Customer impact", "label-customer-impact"),
    ("The note", "label-note"),
    ("Name", "label-name"),
    ("Description", "label-description"),
    ("URL", "label-url"),
    ("Tracker link", "label-tracker-link"),
    ("The update", "label-update"),
    ("The token", "label-token"),
    ("The task", "label-task"),
    ("The question", "label-question"),
    ("The prompt", "label-prompt"),
    ("The project key", "label-project-key"),
    ("The label value", "label-label-value"),
    ("Steps", "label-steps"),
    ("Public name", "label-public-name"),
    ("Person", "label-person"),
    ("Note", "label-note-field"),
    ("Impact", "label-impact"),
    ("Guidance", "label-guidance"),
    ("Group", "label-group"),
    ("Email", "label-email"),
    ("Details", "label-details"),
    ("A section's title", "label-section-title"),
];

/// Trims `value` and checks its length in characters.
pub fn text(
    errors: &mut FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> String {
    let value = value.trim();
    // The labels a reader's language has a word for; any other stays in English.
    let named = LABELS
        .iter()
        .find(|(english, _)| *english == label)
        .map(|(_, key)| Message::new(key));
    let say = |errors: &mut FieldErrors,
               key: &'static str,
               english: String,
               extra: Option<(usize, usize)>| {
        match &named {
            Some(name) => {
                let mut said = Message::new(key).with_said("label", name.clone());
                if let Some((length, max)) = extra {
                    said = said.with("length", length).with("max", max);
                }
                errors.add_said(field, said);
            }
            None => errors.add(field, english),
        }
    };
    if required && value.is_empty() {
        say(
            errors,
            "val-required",
            format!("{label} is required."),
            None,
        );
    } else if value.contains('\0') {
        say(
            errors,
            "val-nul",
            format!("{label} contains a NUL character (\\0), which Murphy cannot store."),
            None,
        );
    } else if value.chars().count() > max {
        let length = value.chars().count();
        say(
            errors,
            "val-too-long",
            format!("{label} is {length} characters long; the most is {max}."),
            Some((length, max)),
        );
    }
    value.to_owned()
}
