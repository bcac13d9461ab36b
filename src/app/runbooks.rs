//! Runbooks: steps for an incident kind or a service, attached as tasks when a matching
//! incident is filed.

use serde_json::json;
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::incident::Kind;
use crate::domain::runbook::{Runbook, RunbookFields};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;

fn change(
    runbook_id: Uuid,
    action: &'static str,
    fields: &RunbookFields,
    summary: Message,
) -> Change {
    Change {
        action,
        entity: "runbook",
        entity_id: runbook_id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: Some(json!({
            "title": fields.title,
            "kind": fields.kind.map(Kind::as_str),
            "service": fields.service,
            "steps": fields.steps,
        })),
    }
}

/// How saving a runbook ended.
pub enum Saved {
    Saved,
    /// Someone saved since the version edited: the runbook as it is now; nothing written.
    Stale(Box<Runbook>),
    Invalid(FieldErrors),
}

/// Adds a runbook (`id` None) or saves a new version of one (`id` and the version edited).
pub async fn save(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: Option<(Uuid, i32)>,
    fields: &RunbookFields,
) -> Result<Saved> {
    let mut tx = ctx.begin().await?;
    let saved = match store::runbooks::save(&mut tx, id, fields).await? {
        Ok(Some(saved)) => saved,
        Ok(None) => {
            let id = id.map(|(id, _)| id).ok_or(Error::NotFound)?;
            let current = store::runbooks::get(&mut *tx, id)
                .await?
                .ok_or(Error::NotFound)?;
            return Ok(Saved::Stale(Box::new(current)));
        }
        Err(errors) => return Ok(Saved::Invalid(errors)),
    };
    let (action, key) = if id.is_some() {
        ("runbook.update", "audit-runbook-edited")
    } else {
        ("runbook.create", "audit-runbook-added")
    };
    let summary = Message::new(key).with("title", &fields.title);
    record(&mut tx, actor, change(saved, action, fields, summary)).await?;
    tx.commit().await?;
    Ok(Saved::Saved)
}

/// Deletes a runbook; tasks it already attached stay. Returns it as it was.
pub async fn delete(ctx: &Ctx<'_>, actor: &Actor, id: Uuid) -> Result<Runbook> {
    let mut tx = ctx.begin().await?;
    if !store::runbooks::lock(&mut tx, id).await? {
        return Err(Error::NotFound);
    }
    let r = store::runbooks::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    store::runbooks::delete(&mut *tx, r.id).await?;
    let fields = RunbookFields {
        title: r.title.clone(),
        kind: r.kind,
        service: r.service.clone(),
        steps: r.steps.clone(),
    };
    let deleted = Change {
        after: None,
        ..change(
            r.id,
            "runbook.delete",
            &fields,
            Message::new("audit-runbook-deleted").with("title", &r.title),
        )
    };
    record(&mut tx, actor, deleted).await?;
    tx.commit().await?;
    Ok(r)
}
