//! The public status page's settings: which services it shows and how (admins), and a
//! component's state set by hand (responders). Each change is audited; the status page's
//! copies go when it commits (the tables' triggers mark the transaction).

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::ids::ServiceId;
use crate::domain::person::Role;
use crate::domain::status::{ComponentFields, ComponentState};
use crate::i18n::Message;
use crate::store;

fn change(action: &'static str, id: ServiceId, summary: Message) -> Change {
    Change {
        action,
        entity: "status_component",
        entity_id: id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

fn require(actor: &Actor, role: Role, what: &str) -> Result<()> {
    if actor.role() >= role {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "Only {what} change the status page."
        )))
    }
}

/// How saving a component's settings ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Done,
    /// Someone changed (or showed) it since the form was loaded: nothing written.
    Stale,
}

/// Shows `service` on the public status page with `fields` (`expected` is `None`), or
/// changes how it is shown if it is still at version `expected`.
pub async fn save_component(
    ctx: &Ctx<'_>,
    actor: &Actor,
    service: ServiceId,
    fields: &ComponentFields,
    expected: Option<i32>,
) -> Result<Saved> {
    require(actor, Role::Admin, "admins")?;
    let mut tx = ctx.begin().await?;
    let found = store::services::get(&mut *tx, service, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    if !store::status::save_component(&mut *tx, service, fields, expected).await? {
        return Ok(Saved::Stale);
    }
    let saved = Change {
        after: Some(serde_json::json!({
            "public_name": fields.public_name,
            "description": fields.description,
            "group": fields.group,
            "position": fields.position,
        })),
        ..change(
            "status_component.save",
            service,
            Message::new("audit-component-shown")
                .with("name", &found.name)
                .with("public", &fields.public_name),
        )
    };
    record(&mut tx, actor, saved).await?;
    tx.commit().await?;
    Ok(Saved::Done)
}

/// Takes `service` off the public status page.
pub async fn remove_component(ctx: &Ctx<'_>, actor: &Actor, service: ServiceId) -> Result<()> {
    require(actor, Role::Admin, "admins")?;
    let mut tx = ctx.begin().await?;
    let found = store::services::get(&mut *tx, service, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    if !store::status::remove_component(&mut *tx, service).await? {
        return Err(Error::NotFound);
    }
    let removed = change(
        "status_component.remove",
        service,
        Message::new("audit-component-removed").with("name", &found.name),
    );
    record(&mut tx, actor, removed).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the state the public sees for `service`'s component by hand, or with `None` lets
/// it follow the incidents again.
pub async fn set_state(
    ctx: &Ctx<'_>,
    actor: &Actor,
    service: ServiceId,
    state: Option<ComponentState>,
) -> Result<()> {
    require(actor, Role::Responder, "responders")?;
    let by = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let found = store::services::get(&mut *tx, service, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    if !store::status::set_override(&mut *tx, service, state, by).await? {
        return Err(Error::NotFound);
    }
    let summary = match state {
        Some(s) => Message::new("audit-component-set")
            .with("name", &found.name)
            .with_said("state", Message::keyed("st-state-", s.as_str())),
        None => Message::new("audit-component-follows").with("name", &found.name),
    };
    let set = Change {
        after: Some(serde_json::json!({ "state": state.map(ComponentState::as_str) })),
        ..change("status_component.state", service, summary)
    };
    record(&mut tx, actor, set).await?;
    if let Some(state) = state {
        super::subscriptions::tell_of_component(&mut tx, ctx, service, state).await?;
    }
    tx.commit().await?;
    Ok(())
}
