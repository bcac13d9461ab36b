//! A post-mortem as Markdown and JSON.

use serde_json::{Value, json};

use crate::domain::action::ActionItem;
use crate::domain::incident::Incident;
use crate::domain::postmortem::Postmortem;
use crate::domain::taxonomy::{Tag, TagKind};
use crate::domain::time::{rfc3339, utc_minutes};

/// The names of the tags of one kind.
fn names(tags: &[Tag], kind: TagKind) -> Vec<&str> {
    tags.iter()
        .filter(|t| t.kind == kind)
        .map(|t| t.name.as_str())
        .collect()
}

/// The whole document: heading, state, every section (optional ones only when written), the
/// answers to the template's questions, what contributed, the action items.
pub fn markdown(
    incident: &Incident,
    pm: &Postmortem,
    actions: &[ActionItem],
    tags: &[Tag],
) -> String {
    let mut out = format!(
        "# Post-mortem: {} {}\n\n{} · {} · {} · revision {}",
        incident.reference(),
        incident.title,
        incident.severity,
        incident.kind.label(),
        pm.state.label(),
        pm.revision
    );
    if let (Some(at), Some(by)) = (pm.published_at, &pm.published_by) {
        out.push_str(&format!(" · published {} by {by}", utc_minutes(at)));
    }
    out.push_str(&format!(" · template: {}\n", pm.template.label()));
    for spec in &pm.template.sections {
        let section = pm.section(&spec.key);
        if !spec.required && !section.na && section.text.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", spec.title));
        if section.na {
            out.push_str("Not applicable.\n");
        } else if section.text.trim().is_empty() {
            out.push_str("_Not written yet._\n");
        } else {
            out.push_str(section.text.trim_end());
            out.push('\n');
        }
    }
    if !pm.template.questions.is_empty() {
        out.push_str("\n## Questions\n\n");
        for q in &pm.template.questions {
            let answer = pm.section(&q.key).text;
            let answer = answer.trim();
            let shown = if answer.is_empty() {
                "_Not answered yet._".to_owned()
            } else {
                q.shown(answer).replace('\n', " ")
            };
            out.push_str(&format!("- **{}** {shown}\n", q.text));
        }
    }
    out.push_str("\n## What contributed\n\n");
    for kind in TagKind::ALL {
        let list = names(tags, kind);
        let list = if list.is_empty() {
            "none chosen".to_owned()
        } else {
            list.join(", ")
        };
        out.push_str(&format!("- {}: {list}\n", kind.plural()));
    }
    let detection = pm.detection.map_or("not said", |d| d.label());
    out.push_str(&format!("- Detected by: {detection}\n"));
    out.push_str("\n## Action items\n\n");
    if actions.is_empty() {
        let reason = pm.no_actions_reason.trim();
        out.push_str(if reason.is_empty() {
            "None yet."
        } else {
            reason
        });
        out.push('\n');
    } else {
        out.push_str(
            "| Action | Type | Priority | Owner | Due | Status |\n|---|---|---|---|---|---|\n",
        );
        for a in actions {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                a.title.replace('|', "\\|"),
                a.kind.label(),
                a.priority.as_str().to_uppercase(),
                a.owner.as_deref().unwrap_or("—"),
                a.due_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                a.status.label()
            ));
        }
    }
    out
}

pub fn json(incident: &Incident, pm: &Postmortem, actions: &[ActionItem], tags: &[Tag]) -> Value {
    json!({
        "incident": incident.reference(),
        "title": incident.title,
        "language": pm.language.as_str(),
        "state": pm.state.as_str(),
        "revision": pm.revision,
        "published_at": pm.published_at.map(rfc3339),
        "published_by": pm.published_by,
        "template": {
            "id": pm.template.id,
            "name": pm.template.name,
            "version": pm.template.version,
        },
        "sections": pm.template.sections.iter().map(|s| {
            let section = pm.section(&s.key);
            json!({"key": s.key, "title": s.title, "required": s.required,
                   "text": section.text, "not_applicable": section.na})
        }).collect::<Vec<_>>(),
        "questions": pm.template.questions.iter().map(|q| {
            json!({"key": q.key, "question": q.text, "kind": q.kind.as_str(),
                   "required": q.required, "answer": pm.section(&q.key).text})
        }).collect::<Vec<_>>(),
        "no_action_items_reason": pm.no_actions_reason,
        "factors": names(tags, TagKind::Factor),
        "triggers": names(tags, TagKind::Trigger),
        "detection": pm.detection.map(|d| d.as_str()),
        "classification_version": pm.classification_version,
        "action_items": actions.iter().map(|a| json!({
            "id": a.id,
            "title": a.title,
            "type": a.kind.as_str(),
            "priority": a.priority.as_str(),
            "owner": a.owner,
            "due_on": a.due_on.map(|d| d.to_string()),
            "status": a.status.as_str(),
            "tracker_url": a.tracker_url,
        })).collect::<Vec<_>>(),
    })
}
