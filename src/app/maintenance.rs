//! Scheduling maintenance windows, changing and ending them by hand, and moving them along
//! as their times pass (the worker in `runtime::maintenance`). Each change is audited.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::maintenance::{MaintenanceFields, MaintenanceState};
use crate::domain::person::Role;
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;
use crate::store::maintenance::Saved;

fn change(action: &'static str, id: Uuid, summary: Message) -> Change {
    Change {
        action,
        entity: "maintenance",
        entity_id: id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

fn fields_json(f: &MaintenanceFields) -> serde_json::Value {
    serde_json::json!({
        "title": f.title,
        "body": f.body,
        "starts_at": crate::domain::time::rfc3339(f.starts_at),
        "ends_at": crate::domain::time::rfc3339(f.ends_at),
        "services": f.services,
    })
}

fn require_responder(actor: &Actor) -> Result<()> {
    if actor.role() >= Role::Responder {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "Only responders schedule maintenance.".into(),
        ))
    }
}

/// Schedules a window; its id, or field errors.
pub async fn schedule(
    ctx: &Ctx<'_>,
    actor: &Actor,
    fields: &MaintenanceFields,
) -> Result<std::result::Result<Uuid, FieldErrors>> {
    require_responder(actor)?;
    let mut tx = ctx.begin().await?;
    let id = match store::maintenance::create(&mut tx, fields, actor.person_id()).await? {
        Ok(id) => id,
        Err(errors) => return Ok(Err(errors)),
    };
    let scheduled = Change {
        after: Some(fields_json(fields)),
        ..change(
            "maintenance.schedule",
            id,
            Message::new("audit-maintenance-scheduled").with("title", &fields.title),
        )
    };
    record(&mut tx, actor, scheduled).await?;
    super::subscriptions::tell_of_maintenance(&mut tx, ctx, id, MaintenanceState::Scheduled)
        .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// How an edit ended.
#[derive(Debug)]
pub enum Edited {
    Saved,
    /// Changed by someone else, or ended, since the form was loaded.
    Stale,
    Invalid(FieldErrors),
}

/// Changes a window that has not ended, if it is still at version `expected`.
pub async fn edit(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: Uuid,
    fields: &MaintenanceFields,
    expected: i32,
) -> Result<Edited> {
    require_responder(actor)?;
    let mut tx = ctx.begin().await?;
    match store::maintenance::update(&mut tx, id, fields, expected).await? {
        Saved::Done => {}
        Saved::Stale => return Ok(Edited::Stale),
        Saved::Invalid(errors) => return Ok(Edited::Invalid(errors)),
    }
    let edited = Change {
        after: Some(fields_json(fields)),
        ..change(
            "maintenance.edit",
            id,
            Message::new("audit-maintenance-changed").with("title", &fields.title),
        )
    };
    record(&mut tx, actor, edited).await?;
    tx.commit().await?;
    Ok(Edited::Saved)
}

/// Ends a pending window now: cancelled if it had not started, completed if it had. The
/// state it ended in; `NotFound` when it was not pending.
pub async fn finish(ctx: &Ctx<'_>, actor: &Actor, id: Uuid) -> Result<MaintenanceState> {
    require_responder(actor)?;
    let mut tx = ctx.begin().await?;
    let found = store::maintenance::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let state = store::maintenance::finish(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let key = match state {
        MaintenanceState::Cancelled => "audit-maintenance-cancelled",
        _ => "audit-maintenance-ended",
    };
    let ended = change(
        "maintenance.finish",
        id,
        Message::new(key).with("title", &found.title),
    );
    record(&mut tx, actor, ended).await?;
    super::subscriptions::tell_of_maintenance(&mut tx, ctx, id, state).await?;
    tx.commit().await?;
    Ok(state)
}

/// Moves every window whose time has come, auditing each move as Murphy's own; how many
/// moved.
pub async fn advance(ctx: &Ctx<'_>, now: OffsetDateTime) -> Result<usize> {
    let mut tx = ctx.begin().await?;
    let moved = store::maintenance::advance(&mut tx, now).await?;
    for (id, title, state) in &moved {
        let key = match state {
            MaintenanceState::InProgress => "audit-maintenance-started",
            _ => "audit-maintenance-completed",
        };
        let c = change(
            "maintenance.advance",
            *id,
            Message::new(key).with("title", title.as_str()),
        );
        record(&mut tx, &Actor::Clock, c).await?;
        super::subscriptions::tell_of_maintenance(&mut tx, ctx, *id, *state).await?;
    }
    tx.commit().await?;
    Ok(moved.len())
}
