//! Messages decided before their reader is known, said later in the reader's language,
//! and the variables messages take.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::Loader;
use fluent_templates::fluent_bundle::FluentValue;

use super::{LOCALES, Lang};

/// A sentence decided where no reader is known yet (a rule's verdict, a blocker): its key
/// and variables, said in the reader's language later. Shown as text, it is English.
#[derive(Debug, Clone)]
pub struct Message {
    key: Cow<'static, str>,
    args: Vec<(Cow<'static, str>, Arg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key: Cow::Borrowed(key),
            args: Vec::new(),
        }
    }

    /// The message named `prefix` and `suffix` together: `keyed("status-", "identified")`.
    pub fn keyed(prefix: &str, suffix: &str) -> Message {
        Message {
            key: Cow::Owned(format!("{prefix}{suffix}")),
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToArg) -> Message {
        self.args.push((Cow::Borrowed(name), value.to_arg()));
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The message with other messages as one variable, said one after another.
    pub fn with_all(mut self, name: &'static str, messages: Vec<Message>) -> Message {
        self.args.push((Cow::Borrowed(name), Arg::Said(messages)));
        self
    }

    /// The message with another as one variable.
    pub fn with_said(self, name: &'static str, message: Message) -> Message {
        self.with_all(name, vec![message])
    }

    /// Messages to say one after another as a list: "a; b; c".
    pub fn listed(mut parts: Vec<Message>) -> Vec<Message> {
        let Some(last) = parts.pop() else {
            return parts;
        };
        let mut all: Vec<Message> = parts
            .into_iter()
            .map(|p| Message::new("said-list-item").with_said("item", p))
            .collect();
        all.push(last);
        all
    }

    /// The message as stored, to be said later in a reader's language:
    /// `{"key": …, "args": {name: text | count | [message, …]}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let args: serde_json::Map<String, serde_json::Value> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(s) => serde_json::Value::from(s.as_str()),
                    Arg::Count(n) => serde_json::Value::from(*n),
                    Arg::Said(messages) => messages.iter().map(Message::to_json).collect(),
                };
                (name.to_string(), value)
            })
            .collect();
        serde_json::json!({"key": self.key, "args": args})
    }

    /// A message stored by [`Message::to_json`]; `None` for anything else.
    pub fn from_json(value: &serde_json::Value) -> Option<Message> {
        let key = value.get("key")?.as_str()?.to_owned();
        let mut args = Vec::new();
        if let Some(map) = value.get("args").and_then(|a| a.as_object()) {
            for (name, value) in map {
                let arg = match value {
                    serde_json::Value::String(s) => Arg::Text(s.clone()),
                    serde_json::Value::Number(n) => Arg::Count(n.as_i64()?),
                    serde_json::Value::Array(items) => Arg::Said(
                        items
                            .iter()
                            .map(Message::from_json)
                            .collect::<Option<Vec<_>>>()?,
                    ),
                    _ => return None,
                };
                args.push((Cow::Owned(name.clone()), arg));
            }
        }
        Some(Message {
            key: Cow::Owned(key),
            args,
        })
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let said: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(name, value)| match value {
                Arg::Said(messages) => (
                    name.as_ref(),
                    Arg::Text(
                        messages
                            .iter()
                            .map(|m| m.say(lang))
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ),
                other => (name.as_ref(), other.clone()),
            })
            .collect();
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = said
            .into_iter()
            .map(|(name, value)| (Cow::Owned(name.to_owned()), value.fluent()))
            .collect();
        LOCALES.lookup_with_args(lang.id(), &self.key, &args)
    }
}

impl PartialEq for Message {
    fn eq(&self, other: &Message) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Message {}

/// A message is equal to its English text (for tests and checks).
impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        self.say(Lang::En) == *other
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl ToArg for Arg {
    fn to_arg(&self) -> Arg {
        self.clone()
    }
}

/// A message's variable: text as it is (numbers already in the locale's form), or a count,
/// which also chooses the plural form.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    /// A count: chooses the plural form and reads with the locale's grouping.
    Count(i64),
    /// Messages said one after another in the reader's language (see [`Message::with_all`]).
    Said(Vec<Message>),
}

impl Arg {
    pub(super) fn fluent(self) -> FluentValue<'static> {
        match self {
            Arg::Text(s) => FluentValue::from(s),
            // Fluent picks the plural form by it, and writes it as plain digits: a count
            // large enough to want grouping is passed as text, from `Lang::integer`.
            Arg::Count(n) => FluentValue::from(n),
            Arg::Said(messages) => FluentValue::from(
                messages
                    .iter()
                    .map(Message::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
}

/// What a template passes as a variable, however many references deep: text or a count.
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.to_owned())
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl ToArg for i64 {
    fn to_arg(&self) -> Arg {
        Arg::Count(*self)
    }
}

impl ToArg for i32 {
    fn to_arg(&self) -> Arg {
        Arg::Count((*self).into())
    }
}

impl ToArg for usize {
    fn to_arg(&self) -> Arg {
        Arg::Count(*self as i64)
    }
}
