//! The audit trail: who changed what, when, from what to what.

use super::ids::{IncidentId, PersonId};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

use super::person::Person;
use crate::i18n::{Lang, Message};

/// Who made a change: a person, or Murphy's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<PersonId>,
    pub label: String,
}

impl Actor {
    /// The recorded name of Murphy acting on the clock.
    pub const CLOCK: &str = "Murphy (scheduled)";
    /// The recorded name of Murphy's command line.
    pub const COMMAND_LINE: &str = "murphy command line";

    pub fn person(p: &Person) -> Self {
        Actor {
            id: Some(p.id),
            label: p.label(),
        }
    }

    /// Murphy itself, on the clock.
    pub fn clock() -> Self {
        Actor {
            id: None,
            label: Self::CLOCK.into(),
        }
    }

    pub fn command_line() -> Self {
        Actor {
            id: None,
            label: Self::COMMAND_LINE.into(),
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `incident.create`, `service.update`, `person.role`, `token.revoke`, …
    pub action: &'static str,
    /// `incident`, `service`, `person`, `token`.
    pub entity: &'static str,
    pub entity_id: String,
    pub incident_id: Option<IncidentId>,
    /// One line a person reads in the trail, in their language.
    pub summary: Message,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A change as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: Uuid,
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub incident_number: Option<i64>,
    /// In English.
    pub summary: String,
    /// The same, to say in a reader's language; `None` for events recorded before.
    pub said: Option<Message>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl AuditEvent {
    /// The fields that differ between before and after, as (field, before, after) text in
    /// `lang`: "not set" for nothing, "yes" or "no" for a flag.
    pub fn differences(&self, lang: Lang) -> Vec<(String, String, String)> {
        let empty = serde_json::Map::new();
        let before = self
            .before
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let after = self
            .after
            .as_ref()
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| {
                before.get(*k).unwrap_or(&Value::Null) != after.get(*k).unwrap_or(&Value::Null)
            })
            .map(|k| {
                let show = |v| show(v, lang);
                (k.clone(), show(before.get(k)), show(after.get(k)))
            })
            .collect()
    }
}

/// A recorded field as a person reading `lang` calls it: `customer_impact` is "Customer
/// impact", `detected_at` is "Detected"; a field the catalogue does not name reads as its
/// words.
pub fn field_label(key: &str, lang: Lang) -> String {
    if let Some(label) = lang.lookup(&format!("audit-field-{key}"), &[]) {
        return label;
    }
    let words = key.strip_suffix("_at").unwrap_or(key).replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn show(v: Option<&Value>, lang: Lang) -> String {
    match v {
        None | Some(Value::Null) => lang.t("audit-not-set"),
        Some(Value::Bool(true)) => lang.t("audit-yes"),
        Some(Value::Bool(false)) => lang.t("audit-no"),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| show(Some(i), lang))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_read_as_words() {
        let en = |key| field_label(key, Lang::En);
        assert_eq!(en("customer_impact"), "Customer impact");
        assert_eq!(en("detected_at"), "Detected");
        assert_eq!(en("impact_started_at"), "Impact started");
        assert_eq!(en("severity"), "Severity");
        assert_eq!(en("tweet_count"), "Tweet count");
        assert_eq!(field_label("detected_at", Lang::PtBr), "Detectado");
    }

    #[test]
    fn differences_list_changed_fields_only() {
        let event = AuditEvent {
            id: Uuid::nil(),
            at: OffsetDateTime::UNIX_EPOCH,
            actor: "a".into(),
            action: "incident.update".into(),
            entity: "incident".into(),
            entity_id: "1".into(),
            incident_number: Some(1),
            summary: String::new(),
            said: None,
            before: Some(json!({"title": "A", "severity": "SEV2", "services": ["x"]})),
            after: Some(
                json!({"title": "B", "severity": "SEV2", "services": ["x", "y"], "new": null}),
            ),
        };
        assert_eq!(
            event.differences(Lang::En),
            vec![
                ("services".into(), "x".into(), "x, y".into()),
                ("title".into(), "A".into(), "B".into())
            ]
        );
        let flag = AuditEvent {
            before: Some(json!({"active": true})),
            after: Some(json!({"active": false, "due_on": null})),
            ..event
        };
        assert_eq!(
            flag.differences(Lang::PtBr),
            vec![("active".into(), "sim".into(), "não".into())]
        );
    }
}
