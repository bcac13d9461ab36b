//! The incident's tasks: runbook steps attached when it was filed, and tasks people add.

use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::incidents::visible;
use super::team::active_person;
use super::{Actor, Ctx, Result};
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::store;

/// Adds a task, optionally assigned to an active person by email.
pub async fn add_task(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    title: &str,
    assignee: &str,
) -> Result<Result<Uuid, FieldErrors>> {
    let incident = visible(ctx, actor, number).await?;
    let mut errors = FieldErrors::new();
    let title = crate::domain::validation::text(&mut errors, "task", "The task", title, true, 500);
    let mut tx = ctx.begin().await?;
    let assignee = match assignee.trim() {
        "" => None,
        email => match active_person(&mut tx, "assignee", email).await? {
            Ok(p) => Some(p),
            Err(e) => {
                errors.extend(e);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let id = store::runbooks::add_task(
        &mut tx,
        incident.id,
        &title,
        assignee.as_ref().map(|p| p.id),
    )
    .await?;
    let said = match &assignee {
        Some(p) => Message::new("tl-task-added-for").with("name", &p.display_name),
        None => Message::new("tl-task-added"),
    }
    .with("task", &title);
    let detail = json!({"task": title, "assignee": assignee.as_ref().map(|p| &p.email)});
    let entry = SystemEntry::said(EntryKind::Task, said, detail, OffsetDateTime::now_utc());
    store::timeline::add_system(&mut tx, incident.id, actor.author(), &entry).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Gives a task to an active person (by email), or to nobody with an empty email; returns
/// what happened in words. An unknown task is not found.
pub async fn assign_task(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    task: Uuid,
    assignee: &str,
) -> Result<Result<String, FieldErrors>> {
    let incident = visible(ctx, actor, number).await?;
    let mut tx = ctx.begin().await?;
    let assignee = match assignee.trim() {
        "" => None,
        email => match active_person(&mut tx, "assignee", email).await? {
            Ok(p) => Some(p),
            Err(e) => return Ok(Err(e)),
        },
    };
    let Some(title) =
        store::runbooks::set_assignee(&mut tx, incident.id, task, assignee.as_ref().map(|p| p.id))
            .await?
    else {
        return Err(super::Error::NotFound);
    };
    let said = match &assignee {
        Some(p) => Message::new("tl-task-given").with("name", &p.display_name),
        None => Message::new("tl-task-unassigned"),
    }
    .with("task", &title);
    let body = said.to_string();
    let detail = json!({"task": title, "assignee": assignee.as_ref().map(|p| &p.email)});
    let entry = SystemEntry::said(EntryKind::Task, said, detail, OffsetDateTime::now_utc());
    store::timeline::add_system(&mut tx, incident.id, actor.author(), &entry).await?;
    tx.commit().await?;
    Ok(Ok(body))
}

/// Ticks a task off, or reopens it; returns what happened in words.
pub async fn set_task_done(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    task: Uuid,
    done: bool,
) -> Result<Message> {
    let incident = visible(ctx, actor, number).await?;
    let mut tx = ctx.begin().await?;
    let Some(title) = store::runbooks::set_done(&mut tx, incident.id, task, done).await? else {
        return Ok(Message::new("flash-nothing-changed"));
    };
    let said = Message::new(if done {
        "tl-task-done"
    } else {
        "tl-task-reopened"
    })
    .with("task", &title);
    let detail = json!({"task": title, "done": done});
    let entry = SystemEntry::said(
        EntryKind::Task,
        said.clone(),
        detail,
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, incident.id, actor.author(), &entry).await?;
    tx.commit().await?;
    Ok(said)
}
