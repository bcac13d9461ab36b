//! Action items: the follow-up work a post-mortem commits to.

use super::incidents::visible;
use super::postmortems::audit;
use super::team::active_person;
use super::{Actor, Ctx, Error, Result, record};
use crate::domain::action::{ActionFields, ActionItem, ActionStatus};
use crate::domain::audit::Change;
use crate::domain::person::EmailKind;
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::Event;
use crate::i18n::Message;
use crate::store;
use crate::store::action_items::ActionFilter;

/// Adds an action item to the incident's post-mortem; its owner, when given, must be an
/// active person.
pub async fn add(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    fields: &ActionFields,
) -> Result<Result<uuid::Uuid, FieldErrors>> {
    let incident = visible(ctx, actor, number).await?;
    let mut tx = ctx.begin().await?;
    let pm = store::postmortems::get(&mut *tx, incident.id)
        .await?
        .ok_or(Error::NotFound)?;
    let owner = match &fields.owner {
        Some(email) => match active_person(&mut tx, "owner", email).await? {
            Ok(p) => Some(p.id),
            Err(errors) => return Ok(Err(errors)),
        },
        None => None,
    };
    let id = store::action_items::add_action(&mut tx, pm.id, incident.id, fields, owner).await?;
    let change = Change {
        entity: "action_item",
        ..audit(
            &incident,
            "action_item.create",
            Message::new("audit-action-added")
                .with("title", &fields.title)
                .with("incident", incident.reference()),
        )
    };
    record(&mut tx, actor, change).await?;
    // Issue trackers make an issue of it, unless it is linked to one already.
    if fields.tracker_url.is_empty() {
        let data = serde_json::json!({"action_item": {
            "id": id,
            "title": fields.title,
            "priority": fields.priority.as_str(),
            "type": fields.kind.as_str(),
            "due_on": fields.due_on.map(|d| d.to_string()),
            "owner": fields.owner,
        }});
        let summary = format!("Action item added: {}", fields.title);
        super::outbox::announce(
            &mut tx,
            ctx,
            Event::ActionItemCreated,
            &incident,
            &summary,
            data,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(id))
}

/// How an edit of an action item ended.
pub enum Edited {
    Saved,
    /// Changed by someone since `version` was read: the item as it is now; nothing written.
    Stale(Box<ActionItem>),
}

/// Replaces an action item's fields if `version` is still its version; its owner, when
/// given, must be an active person.
pub async fn edit(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: uuid::Uuid,
    version: i32,
    fields: &ActionFields,
) -> Result<Result<Edited, FieldErrors>> {
    let only_this = ActionFilter {
        id: Some(id),
        ..Default::default()
    };
    let mut tx = ctx.begin().await?;
    let Some(before) = store::action_items::actions(&mut *tx, &only_this, actor.visibility(), 1)
        .await?
        .pop()
    else {
        return Err(Error::NotFound);
    };
    let owner = match &fields.owner {
        Some(email) => match active_person(&mut tx, "owner", email).await? {
            Ok(p) => Some(p.id),
            Err(errors) => return Ok(Err(errors)),
        },
        None => None,
    };
    let Some(incident_id) =
        store::action_items::update_action(&mut tx, id, version, fields, owner).await?
    else {
        return Ok(Ok(Edited::Stale(Box::new(before))));
    };
    let change = Change {
        action: "action_item.update",
        entity: "action_item",
        entity_id: id.to_string(),
        incident_id: Some(incident_id),
        summary: Message::new("audit-action-edited").with("title", &fields.title),
        before: None,
        after: Some(serde_json::json!({
            "title": fields.title, "owner": fields.owner, "due_on": fields.due_on.map(|d| d.to_string()),
            "priority": fields.priority.as_str(), "type": fields.kind.as_str(),
            "status": fields.status.as_str(), "tracker_url": fields.tracker_url,
        })),
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Ok(Edited::Saved))
}

/// Moves an action item the actor may see to `status`; returns its title, or `None` when
/// it already had that status.
pub async fn set_status(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: uuid::Uuid,
    status: ActionStatus,
) -> Result<Option<String>> {
    let only_this = ActionFilter {
        id: Some(id),
        ..Default::default()
    };
    let mut tx = ctx.begin().await?;
    let visible = store::action_items::actions(&mut *tx, &only_this, actor.visibility(), 1).await?;
    if visible.is_empty() {
        return Err(Error::NotFound);
    }
    let Some((title, incident_id)) =
        store::action_items::set_action_status(&mut tx, id, status).await?
    else {
        return Ok(None);
    };
    let change = Change {
        action: "action_item.status",
        entity: "action_item",
        entity_id: id.to_string(),
        incident_id: Some(incident_id),
        summary: Message::new("audit-action-status")
            .with("title", title.as_str())
            .with_said("status", Message::keyed("audit-action-", status.as_str())),
        before: None,
        after: Some(serde_json::json!({"status": status.as_str()})),
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Some(title))
}

/// Tells the owners of action items that passed their due date (once each; those due more
/// than a month ago are left alone, so turning email on does not send a year of them); how
/// many were told. Nothing happens while Murphy sends no email.
pub async fn tell_overdue(ctx: &Ctx<'_>, today: time::Date) -> Result<usize> {
    if !ctx.mail_enabled {
        return Ok(0);
    }
    let mut tx = ctx.begin().await?;
    let overdue =
        store::action_items::claim_overdue(&mut tx, today, today - time::Duration::days(30), 200)
            .await?;
    for item in &overdue {
        super::email::tell_person(
            &mut tx,
            ctx,
            &Actor::Clock,
            item.owner_id,
            EmailKind::Overdue,
            Message::new("email-overdue-subject").with("title", &item.title),
            Message::new("email-overdue-body")
                .with("title", &item.title)
                .with("incident", format!("INC-{}", item.number))
                .with("incident_title", &item.incident_title)
                .with("due", item.due_on.to_string())
                .with(
                    "link",
                    super::email::link(ctx, &format!("/incidents/{}/postmortem", item.number)),
                ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(overdue.len())
}

/// What a tracker said of an issue, acted on: each action item linked to it is marked done
/// (closed) or open again (reopened). Returns the titles changed.
pub async fn issue_changed(
    ctx: &Ctx<'_>,
    tracker: &'static str,
    issue: &crate::domain::webhook::IssueRef,
    closed: bool,
) -> Result<Vec<String>> {
    use crate::domain::webhook::IssueRef;
    let (url, key) = match issue {
        IssueRef::Url(u) => (Some(u.as_str()), None),
        IssueRef::JiraKey(k) => (None, Some(k.as_str())),
    };
    let items = store::action_items::by_issue(ctx.db, url, key).await?;
    let actor = Actor::Tracker(tracker);
    let status = if closed {
        ActionStatus::Done
    } else {
        ActionStatus::Open
    };
    let mut changed = Vec::new();
    for id in items {
        if let Some(title) = set_status(ctx, &actor, id, status).await? {
            changed.push(title);
        }
    }
    Ok(changed)
}
