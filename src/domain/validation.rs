//! Field-level validation messages, shared by HTML forms and the JSON API.

use serde::Serialize;

/// One problem with one input field. `field` is the form input's and the JSON key's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
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

    /// Records a problem; only the first message per field is kept.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push(FieldError {
                field: field.to_owned(),
                message: message.into(),
            });
        }
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
            self.add(&e.field, e.message);
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
    if required && value.is_empty() {
        errors.add(field, format!("{label} is required."));
    } else if value.contains('\0') {
        errors.add(
            field,
            format!("{label} contains a NUL character (\\0), which Murphy cannot store."),
        );
    } else if value.chars().count() > max {
        errors.add(
            field,
            format!(
                "{label} is {} characters long; the most is {max}.",
                value.chars().count()
            ),
        );
    }
    value.to_owned()
}
