//! A post-mortem as Markdown and JSON.

use serde_json::{Value, json};

use crate::domain::action::ActionItem;
use crate::domain::incident::Incident;
use crate::domain::postmortem::{Postmortem, QuestionKind};
use crate::domain::taxonomy::{Tag, TagKind};
use crate::domain::time::{rfc3339, utc_minutes};
use crate::i18n::Lang;

/// The names of the tags of one kind.
fn names(tags: &[Tag], kind: TagKind) -> Vec<&str> {
    tags.iter()
        .filter(|t| t.kind == kind)
        .map(|t| t.name.as_str())
        .collect()
}

/// The whole document in `lang`: heading, state, every section (optional ones only when
/// written), the answers to the template's questions, what contributed, the action items.
/// What people wrote stays as they wrote it.
pub fn markdown(
    incident: &Incident,
    pm: &Postmortem,
    actions: &[ActionItem],
    tags: &[Tag],
    lang: Lang,
) -> String {
    let t = |key: &str| lang.t(key);
    let tk = |prefix: &str, suffix: &str| lang.t(&format!("{prefix}{suffix}"));
    let mut out = format!(
        "# {}: {} {}\n\n{} · {} · {} · {}",
        t("pm-title"),
        incident.reference(),
        incident.title,
        incident.severity,
        tk("kind-", incident.kind.as_str()),
        tk("pm-state-", pm.state.as_str()),
        lang.t_with("pm-revision", &[("n", &pm.revision)])
            .to_lowercase()
    );
    if let (Some(at), Some(by)) = (pm.published_at, &pm.published_by) {
        out.push_str(&format!(
            " · {} {} {}",
            t("pm-published"),
            utc_minutes(at),
            lang.t_with("pm-by", &[("name", by)])
        ));
    }
    let template = if pm.template.id.is_some() {
        lang.t_with(
            "pm-template-version",
            &[
                ("name", &pm.template.name),
                ("version", &pm.template.version),
            ],
        )
    } else {
        pm.template.name.clone()
    };
    out.push_str(&format!(
        " · {}: {template}\n",
        t("pm-template").to_lowercase()
    ));
    for spec in &pm.template.sections {
        let section = pm.section(&spec.key);
        if !spec.required && !section.na && section.text.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", spec.title));
        if section.na {
            out.push_str(&t("pm-not-applicable"));
            out.push('\n');
        } else if section.text.trim().is_empty() {
            out.push_str(&format!("_{}_\n", t("pm-not-written")));
        } else {
            out.push_str(section.text.trim_end());
            out.push('\n');
        }
    }
    if !pm.template.questions.is_empty() {
        out.push_str(&format!("\n## {}\n\n", t("pm-questions")));
        for q in &pm.template.questions {
            let answer = pm.section(&q.key).text;
            let answer = answer.trim();
            let shown = if answer.is_empty() {
                format!("_{}_", t("pm-not-answered-yet"))
            } else if q.kind == QuestionKind::YesNo {
                tk("pm-answer-", answer)
            } else {
                answer.replace('\n', " ")
            };
            out.push_str(&format!("- **{}** {shown}\n", q.text));
        }
    }
    out.push_str(&format!("\n## {}\n\n", t("pm-what-contributed")));
    for kind in TagKind::ALL {
        let list = names(tags, kind);
        let list = if list.is_empty() {
            t("pm-none-chosen").to_lowercase()
        } else {
            list.join(", ")
        };
        out.push_str(&format!("- {}: {list}\n", tk("tag-kinds-", kind.as_str())));
    }
    let detection = pm.detection.map_or_else(
        || t("pm-not-said").to_lowercase(),
        |d| tk("detection-", d.as_str()),
    );
    out.push_str(&format!("- {}: {detection}\n", t("pm-detected-by")));
    out.push_str(&format!("\n## {}\n\n", t("pm-action-items")));
    if actions.is_empty() {
        let reason = pm.no_actions_reason.trim();
        if reason.is_empty() {
            out.push_str(&t("pm-no-actions-yet"));
        } else {
            out.push_str(reason);
        }
        out.push('\n');
    } else {
        let columns = [
            "actions-col-action",
            "actions-col-type",
            "actions-col-priority",
            "actions-col-owner",
            "actions-col-due",
            "actions-col-status",
        ];
        let heads: Vec<String> = columns.iter().map(|c| t(c)).collect();
        out.push_str(&format!(
            "| {} |\n|---|---|---|---|---|---|\n",
            heads.join(" | ")
        ));
        for a in actions {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                a.title.replace('|', "\\|"),
                tk("action-kind-", a.kind.as_str()),
                a.priority.as_str().to_uppercase(),
                a.owner.as_deref().unwrap_or("—"),
                a.due_on
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                tk("action-status-", a.status.as_str())
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
