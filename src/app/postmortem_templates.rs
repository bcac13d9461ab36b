//! Post-mortem templates: admins add them and save new versions (a post-mortem keeps the
//! version it started with, so nothing already written changes).

use serde_json::json;
use uuid::Uuid;

use super::taxonomy::Edited;
use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::postmortem::template::{KeptTemplate, TemplateFields};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;

fn change(id: Uuid, action: &'static str, fields: &TemplateFields, summary: Message) -> Change {
    Change {
        action,
        entity: "postmortem_template",
        entity_id: id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: Some(described(fields)),
    }
}

fn described(f: &TemplateFields) -> serde_json::Value {
    json!({
        "name": f.name,
        "kinds": f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "severities": f.severities.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "sections": f.sections.iter().map(|s| &s.title).collect::<Vec<_>>(),
        "questions": f.questions.iter().map(|q| &q.text).collect::<Vec<_>>(),
    })
}

/// Adds a template: its id, or why not.
pub async fn add(
    ctx: &Ctx<'_>,
    actor: &Actor,
    fields: &TemplateFields,
) -> Result<std::result::Result<Uuid, FieldErrors>> {
    let mut tx = ctx.begin().await?;
    let id = match store::postmortem_templates::add(&mut tx, fields).await? {
        Ok(id) => id,
        Err(errors) => return Ok(Err(errors)),
    };
    let summary = Message::new("audit-template-added").with("name", &fields.name);
    record(
        &mut tx,
        actor,
        change(id, "postmortem_template.create", fields, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Saves a new version of a template, or retires it (or brings it back), if `version` is
/// still current.
pub async fn update(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: Uuid,
    version: i32,
    fields: &TemplateFields,
    retired: bool,
) -> Result<Edited<KeptTemplate>> {
    let mut tx = ctx.begin().await?;
    let kept = store::postmortem_templates::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let saved =
        match store::postmortem_templates::update(&mut tx, id, version, fields, retired).await? {
            Ok(Some(v)) => v,
            Ok(None) => return Ok(Edited::Stale(Box::new(kept))),
            Err(errors) => return Ok(Edited::Invalid(errors)),
        };
    let summary = match (kept.retired, retired) {
        (false, true) => Message::new("audit-template-retired").with("name", &kept.fields.name),
        (true, false) => Message::new("audit-template-back").with("name", &fields.name),
        _ => Message::new("audit-template-saved")
            .with("version", i64::from(saved))
            .with("name", &fields.name),
    };
    let mut c = change(id, "postmortem_template.update", fields, summary);
    c.before = Some(described(&kept.fields));
    record(&mut tx, actor, c).await?;
    tx.commit().await?;
    Ok(Edited::Saved(saved))
}
