//! Contributing factors and triggers: admins keep the lists; responders tag post-mortems
//! with them and say how the incident was detected (after publishing too: it is
//! classification, not the text that was reviewed).

use serde_json::json;
use uuid::Uuid;

use super::incidents::visible;
use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::postmortem::Postmortem;
use crate::domain::taxonomy::{Classification, Tag, TagFields, TagKind};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;

fn change(
    tag_id: Uuid,
    action: &'static str,
    after: serde_json::Value,
    summary: Message,
) -> Change {
    Change {
        action,
        entity: "learning_tag",
        entity_id: tag_id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: Some(after),
    }
}

/// Adds a factor or trigger: its id, or why not.
pub async fn add(
    ctx: &Ctx<'_>,
    actor: &Actor,
    kind: TagKind,
    fields: &TagFields,
) -> Result<std::result::Result<Uuid, FieldErrors>> {
    let mut tx = ctx.begin().await?;
    let id = match store::taxonomy::add(&mut tx, kind, fields).await? {
        Ok(id) => id,
        Err(errors) => return Ok(Err(errors)),
    };
    let summary = Message::new("audit-tag-added")
        .with_said("kind", Message::keyed("audit-tag-", kind.as_str()))
        .with("name", &fields.name);
    let after =
        json!({"kind": kind.as_str(), "name": fields.name, "description": fields.description});
    record(
        &mut tx,
        actor,
        change(id, "learning_tag.create", after, summary),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// How an edit of a tag (or of a post-mortem's classification) ended.
pub enum Edited<T> {
    Saved(i32),
    /// Someone saved since the version edited: it as it is now; nothing written.
    Stale(Box<T>),
    Invalid(FieldErrors),
}

/// Renames, describes, retires or brings back a factor or trigger.
pub async fn update(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: Uuid,
    version: i32,
    fields: &TagFields,
    retired: bool,
) -> Result<Edited<Tag>> {
    let mut tx = ctx.begin().await?;
    let tag = store::taxonomy::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let saved = match store::taxonomy::update(&mut tx, &tag, version, fields, retired).await? {
        Ok(Some(v)) => v,
        Ok(None) => return Ok(Edited::Stale(Box::new(tag))),
        Err(errors) => return Ok(Edited::Invalid(errors)),
    };
    let summary = match (tag.retired, retired) {
        (false, true) => Message::new("audit-tag-retired").with("name", &tag.name),
        (true, false) => Message::new("audit-tag-back").with("name", &fields.name),
        _ if tag.name != fields.name => Message::new("audit-tag-renamed")
            .with("old", &tag.name)
            .with("name", &fields.name),
        _ => Message::new("audit-tag-edited").with("name", &fields.name),
    }
    .with_said("kind", Message::keyed("audit-tag-", tag.kind.as_str()));
    let after = json!({"name": fields.name, "description": fields.description, "retired": retired});
    let mut c = change(id, "learning_tag.update", after, summary);
    c.before =
        Some(json!({"name": tag.name, "description": tag.description, "retired": tag.retired}));
    record(&mut tx, actor, c).await?;
    tx.commit().await?;
    Ok(Edited::Saved(saved))
}

/// Tags the incident's post-mortem and sets its detection source, if `version` is still the
/// classification's current one. Tags must exist; a retired one stays only if it was
/// already there.
pub async fn classify(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    version: i32,
    c: &Classification,
) -> Result<Edited<Postmortem>> {
    let incident = visible(ctx, actor, number).await?;
    let mut tx = ctx.begin().await?;
    let pm = store::postmortems::lock(&mut tx, incident.id)
        .await?
        .ok_or(Error::NotFound)?;
    if pm.classification_version != version {
        return Ok(Edited::Stale(Box::new(pm)));
    }
    let before = store::taxonomy::of_postmortem(&mut *tx, pm.id).await?;
    if !store::taxonomy::unknown(&mut *tx, &c.tags)
        .await?
        .is_empty()
    {
        return Ok(Edited::Invalid(FieldErrors::one_said(
            "tags",
            Message::new("val-tag-gone"),
        )));
    }
    let all = store::taxonomy::list(&mut *tx).await?;
    let newly_retired = all
        .iter()
        .find(|t| t.retired && c.tags.contains(&t.id) && !before.iter().any(|b| b.id == t.id));
    if let Some(t) = newly_retired {
        return Ok(Edited::Invalid(FieldErrors::one_said(
            "tags",
            Message::new("val-tag-retired")
                .with_said("kind", Message::keyed("audit-tag-", t.kind.as_str()))
                .with("name", &t.name),
        )));
    }
    let Some(saved) = store::taxonomy::classify(&mut tx, pm.id, version, c).await? else {
        return Ok(Edited::Stale(Box::new(pm)));
    };
    let names = |ids: &mut dyn Iterator<Item = Uuid>| -> Vec<String> {
        ids.filter_map(|id| all.iter().find(|t| t.id == id))
            .map(|t| t.name.clone())
            .collect()
    };
    let after_names = names(&mut c.tags.iter().copied());
    let before_names = names(&mut before.iter().map(|t| t.id));
    let mut change = super::postmortems::audit(
        &incident,
        "postmortem.classify",
        if after_names.is_empty() {
            Message::new("audit-pm-classified-none").with("incident", incident.reference())
        } else {
            Message::new("audit-pm-classified")
                .with("incident", incident.reference())
                .with("tags", after_names.join(", "))
        },
    );
    change.before = Some(json!({
        "tags": before_names,
        "detection": pm.detection.map(|d| d.as_str()),
    }));
    change.after = Some(json!({
        "tags": after_names,
        "detection": c.detection.map(|d| d.as_str()),
    }));
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Edited::Saved(saved))
}
