//! What post-mortems are tagged with: contributing factors and triggers (lists admins keep,
//! each with what it means), and how an incident was detected.

use crate::i18n::Message;
use serde::Serialize;
use uuid::Uuid;

use super::validation::{FieldErrors, text};

/// Which list a tag belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// A condition in systems or processes that made the incident possible or worse.
    Factor,
    /// The event that set the incident off.
    Trigger,
}

impl TagKind {
    pub const ALL: [TagKind; 2] = [TagKind::Factor, TagKind::Trigger];

    pub fn as_str(self) -> &'static str {
        match self {
            TagKind::Factor => "factor",
            TagKind::Trigger => "trigger",
        }
    }

    pub fn parse(s: &str) -> Option<TagKind> {
        match s {
            "factor" => Some(TagKind::Factor),
            "trigger" => Some(TagKind::Trigger),
            _ => None,
        }
    }

    /// "Contributing factor", "Trigger".
    pub fn label(self) -> &'static str {
        match self {
            TagKind::Factor => "Contributing factor",
            TagKind::Trigger => "Trigger",
        }
    }

    /// The API's address for the list: `factors`, `triggers`.
    pub fn path(self) -> &'static str {
        match self {
            TagKind::Factor => "factors",
            TagKind::Trigger => "triggers",
        }
    }
}

/// A factor or trigger as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub id: Uuid,
    pub kind: TagKind,
    pub name: String,
    pub description: String,
    /// No longer offered for new tagging; kept on the post-mortems that have it.
    pub retired: bool,
    pub version: i32,
}

pub const NAME_MAX: usize = 80;
pub const DESCRIPTION_MAX: usize = 500;

/// A tag's name and description, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFields {
    pub name: String,
    pub description: String,
}

impl TagFields {
    pub fn parse(name: &str, description: &str) -> Result<TagFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text(&mut errors, "name", "Name", name, true, NAME_MAX);
        let description = text(
            &mut errors,
            "description",
            "Description",
            description,
            false,
            DESCRIPTION_MAX,
        );
        errors.finish(|| TagFields { name, description })
    }
}

/// How the incident came to the team's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detection {
    /// An alert from monitoring.
    Alert,
    /// A synthetic check (a probe acting as a user).
    Synthetic,
    /// Someone in the company noticed.
    Employee,
    /// A customer told us.
    Customer,
}

impl Detection {
    pub const ALL: [Detection; 4] = [
        Detection::Alert,
        Detection::Synthetic,
        Detection::Employee,
        Detection::Customer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Detection::Alert => "alert",
            Detection::Synthetic => "synthetic",
            Detection::Employee => "employee",
            Detection::Customer => "customer",
        }
    }

    pub fn parse(s: &str) -> Option<Detection> {
        Detection::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Detection::Alert => "An alert from monitoring",
            Detection::Synthetic => "A synthetic check",
            Detection::Employee => "Someone in the company",
            Detection::Customer => "A customer",
        }
    }

    /// Whether a person, not monitoring, found it: the SRE book's sign of a monitoring gap.
    pub fn by_a_person(self) -> bool {
        matches!(self, Detection::Employee | Detection::Customer)
    }
}

/// A post-mortem's tags and detection source, as an editor chose them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classification {
    pub tags: Vec<Uuid>,
    pub detection: Option<Detection>,
}

/// The most tags one post-mortem carries.
pub const TAGS_MAX: usize = 50;

/// Reads a detection source ("" for none); an unknown one is recorded in `errors`.
pub fn detection_source(value: &str, errors: &mut FieldErrors) -> Option<Detection> {
    match value.trim() {
        "" => None,
        d => Detection::parse(d).or_else(|| {
            errors.add_said(
                "detection",
                Message::new("val-not-a-detection").with("value", d),
            );
            None
        }),
    }
}

/// Reads a classification: tag ids (each once) and a detection source ("" for none).
pub fn classification(tags: &[String], detection: &str) -> Result<Classification, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut ids: Vec<Uuid> = Vec::new();
    for t in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match t.parse::<Uuid>() {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => errors.add_said("tags", Message::new("val-not-a-tag").with("value", t)),
        }
    }
    if ids.len() > TAGS_MAX {
        errors.add_said(
            "tags",
            Message::new("val-too-many-tags").with("max", TAGS_MAX),
        );
    }
    let detection = detection_source(detection, &mut errors);
    errors.finish(|| Classification {
        tags: ids,
        detection,
    })
}

/// The factors and triggers Murphy starts with (migration 32), by their English names, and
/// the messages that name and describe them in other languages. A list a team renamed is
/// theirs and shown as they wrote it.
const STARTERS: [(&str, &str); 16] = [
    (
        "Change not tested enough",
        "starter-change-not-tested-enough",
    ),
    ("Configuration drift", "starter-configuration-drift"),
    ("Capacity limit", "starter-capacity-limit"),
    ("Dependency failure", "starter-dependency-failure"),
    ("Single point of failure", "starter-single-point-of-failure"),
    ("Software defect", "starter-software-defect"),
    ("Monitoring gap", "starter-monitoring-gap"),
    ("Runbook gap", "starter-runbook-gap"),
    ("Deployment", "starter-deployment"),
    ("Configuration change", "starter-configuration-change"),
    ("Traffic surge", "starter-traffic-surge"),
    ("Upstream outage", "starter-upstream-outage"),
    ("Infrastructure fault", "starter-infrastructure-fault"),
    ("Expiry", "starter-expiry"),
    ("Scheduled job", "starter-scheduled-job"),
    ("Manual operation", "starter-manual-operation"),
];

/// A factor's or trigger's name as a reader of `lang` sees it.
pub fn tag_name(name: &str, lang: crate::i18n::Lang) -> String {
    match STARTERS.iter().find(|(english, _)| *english == name) {
        Some((_, key)) if lang != crate::i18n::Lang::En => lang.t(key),
        _ => name.to_owned(),
    }
}

/// Its description likewise: a starter's own, unless a team changed it.
pub fn tag_description(name: &str, description: &str, lang: crate::i18n::Lang) -> String {
    match STARTERS.iter().find(|(english, _)| *english == name) {
        Some((_, key)) if lang != crate::i18n::Lang::En => {
            let english = crate::i18n::Lang::En.t(&format!("{key}-about"));
            if english == description {
                lang.t(&format!("{key}-about"))
            } else {
                description.to_owned()
            }
        }
        _ => description.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_required_and_bounded() {
        let errors = TagFields::parse("  ", "").unwrap_err();
        assert_eq!(errors.get("name"), Some("Name is required."));
        let long = "x".repeat(81);
        assert!(TagFields::parse(&long, "").is_err());
        let ok = TagFields::parse(" Capacity ", " Ran out. ").unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.description.as_str()),
            ("Capacity", "Ran out.")
        );
    }

    #[test]
    fn classifications_read_ids_once_and_known_sources() {
        let id = Uuid::now_v7();
        let c = classification(&[id.to_string(), id.to_string(), "".into()], "customer").unwrap();
        assert_eq!(c.tags, vec![id]);
        assert_eq!(c.detection, Some(Detection::Customer));
        assert!(c.detection.unwrap().by_a_person());
        let errors = classification(&["nope".into()], "pager").unwrap_err();
        assert!(errors.get("tags").unwrap().contains("\"nope\""));
        assert!(errors.get("detection").unwrap().contains("\"pager\""));
        assert_eq!(classification(&[], "").unwrap(), Classification::default());
    }
}
