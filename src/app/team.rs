//! The response team: assignments and hand-offs. Each change locks the incident, so two
//! hand-offs of one role, or a hand-off and an update published by the leaving lead, happen
//! one after the other.

use serde_json::json;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::incidents::lock;
use super::{Actor, Ctx, Error, Result, outbox, record};
use crate::domain::audit::Change;
use crate::domain::incident::Incident;
use crate::domain::team::{Assign, TeamRole};
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::Event;
use crate::i18n::Message;
use crate::store;

/// An audit record of a change to the incident's response.
pub(super) fn audit(
    incident: &Incident,
    action: &'static str,
    summary: Message,
    after: serde_json::Value,
) -> Change {
    Change {
        action,
        entity: "incident",
        entity_id: incident.reference(),
        incident_id: Some(incident.id),
        summary,
        before: None,
        after: Some(after),
    }
}

/// The active person with this email who may respond, or a message for `field`.
pub(super) async fn active_person(
    tx: &mut PgConnection,
    field: &str,
    email: &str,
) -> Result<Result<crate::domain::person::Person, FieldErrors>> {
    let person = store::people::find_by_email(&mut *tx, email)
        .await?
        .filter(|p| p.active);
    Ok(match person {
        None => {
            let mut errors = FieldErrors::new();
            errors.add_said(
                field,
                Message::new("val-no-such-account").with("email", email),
            );
            Err(errors)
        }
        Some(p) if !p.may_respond() => {
            let mut errors = FieldErrors::new();
            errors.add_said(field, viewer_refused(&p));
            Err(errors)
        }
        Some(p) => Ok(p),
    })
}

/// Why a viewer cannot be given response work, and what to do about it.
pub(super) fn viewer_refused(p: &crate::domain::person::Person) -> Message {
    Message::new("val-only-a-viewer").with("name", &p.display_name)
}

/// Gives a person a role. A lead role held by someone else is handed off.
pub async fn assign(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    assign: &Assign,
) -> Result<Result<Uuid, FieldErrors>> {
    let mut tx = ctx.begin().await?;
    let incident = lock(&mut tx, actor, number).await?;
    let assigned = assign_in(&mut tx, ctx, actor, &incident, assign).await?;
    if assigned.is_ok() {
        tx.commit().await?;
    }
    Ok(assigned)
}

/// [`assign`] inside the caller's transaction, on `incident` (locked). Someone taking
/// command acknowledges the incident, if nobody had: a person has it now.
pub(super) async fn assign_in(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    incident: &Incident,
    assign: &Assign,
) -> Result<Result<Uuid, FieldErrors>> {
    let person = match active_person(&mut *tx, "person", &assign.person).await? {
        Ok(person) => person,
        Err(errors) => return Ok(Err(errors)),
    };
    let by = actor.person_id().ok_or(Error::NotFound)?;
    let assigned = store::team::assign(
        &mut *tx,
        incident.id,
        assign.role,
        assign.under,
        person.id,
        &assign.note,
        by,
    )
    .await?;
    let Some(assigned) = assigned else {
        let lead = assign.under.map(|u| u.lead().short()).unwrap_or("lead");
        let mut errors = FieldErrors::new();
        errors.add_said(
            "person",
            Message::new("val-already-under")
                .with("name", &person.display_name)
                .with("lead", lead),
        );
        return Ok(Err(errors));
    };
    let mut said = match (assign.under, &assigned.relieved) {
        (Some(under), None) => Message::new("tl-joined-under")
            .with_said("lead", Message::keyed("team-role-", under.lead().as_str())),
        (Some(under), Some((_, from))) => Message::new("tl-joined-under-from")
            .with_said("lead", Message::keyed("team-role-", under.lead().as_str()))
            .with("from", from),
        (None, None) => Message::new("tl-took-role")
            .with_said("role", Message::keyed("team-role-", assign.role.as_str())),
        (None, Some((_, from))) => Message::new("tl-took-role-from")
            .with_said("role", Message::keyed("team-role-", assign.role.as_str()))
            .with("from", from),
    }
    .with("name", &person.display_name);
    if !assign.note.is_empty() {
        said = Message::new("tl-with-note")
            .with_said("entry", said)
            .with("note", &assign.note);
    }
    let detail = json!({
        "role": assign.role.as_str(),
        "under": assign.under.map(|u| u.as_str()),
        "person": person.email,
        "relieved": assigned.relieved.as_ref().map(|(_, name)| name),
        "note": assign.note,
    });
    let now = OffsetDateTime::now_utc();
    let entry = SystemEntry::said(EntryKind::Role, said.clone(), detail.clone(), now);
    store::timeline::add_system(&mut *tx, incident.id, actor.author(), &entry).await?;
    let body = said.to_string();
    let change = audit(incident, "incident.role", said, detail.clone());
    record(&mut *tx, actor, change).await?;
    if assign.role == TeamRole::Ic && assign.under.is_none() {
        acknowledge(&mut *tx, actor, incident, &person.display_name, now).await?;
    }
    store::events::notify(&mut *tx, incident.id, "team").await?;
    outbox::announce(&mut *tx, ctx, Event::RoleAssigned, incident, &body, detail).await?;
    let what = match assign.under {
        Some(under) => Message::new("email-role-under")
            .with_said("lead", Message::keyed("team-role-", under.lead().as_str())),
        None => Message::new("email-role")
            .with_said("role", Message::keyed("team-role-", assign.role.as_str())),
    };
    super::email::tell_person(
        tx,
        ctx,
        actor,
        person.id,
        crate::domain::person::EmailKind::Role,
        Message::new("email-role-subject")
            .with_said("what", what.clone())
            .with("incident", incident.reference()),
        Message::new("email-role-body")
            .with_said("what", what)
            .with("incident", incident.reference())
            .with("title", &incident.title)
            .with("severity", incident.severity.as_str())
            .with(
                "link",
                super::email::link(ctx, &format!("/incidents/{}", incident.number)),
            ),
    )
    .await?;
    Ok(Ok(assigned.id))
}

/// Fills the acknowledged milestone when a person takes command of an incident nobody had
/// acknowledged, with its timeline entry and audit record.
async fn acknowledge(
    tx: &mut PgConnection,
    actor: &Actor,
    incident: &Incident,
    commander: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let mut milestones = incident.milestones;
    let Some(at) = milestones.acknowledge(now) else {
        return Ok(());
    };
    store::incidents::set_status(&mut *tx, incident.id, incident.status, &milestones).await?;
    let said = Message::new("tl-acknowledged").with("name", commander);
    let at_text = crate::domain::time::rfc3339(at);
    let detail = json!({"field": "acknowledged_at", "old": null, "new": at_text});
    let entry = SystemEntry::said(EntryKind::Milestone, said.clone(), detail, at);
    store::timeline::add_system(&mut *tx, incident.id, actor.author(), &entry).await?;
    let change = Change {
        action: "incident.acknowledge",
        before: Some(json!({"acknowledged_at": null})),
        after: Some(json!({"acknowledged_at": at_text})),
        ..audit(incident, "incident.acknowledge", said, json!({}))
    };
    record(&mut *tx, actor, change).await?;
    store::events::notify(&mut *tx, incident.id, "status").await?;
    Ok(())
}

/// Ends a current assignment without a successor; returns what the timeline says.
///
/// Relieving an assignment that has already ended (its holder was relieved, or handed the
/// role on) changes nothing and says so: asking twice is not an error.
pub async fn relieve(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    assignment: Uuid,
) -> Result<Message> {
    let mut tx = ctx.begin().await?;
    let incident = lock(&mut tx, actor, number).await?;
    let Some((role, under, name)) = store::team::relieve(&mut *tx, incident.id, assignment).await?
    else {
        let name = store::team::ended(&mut *tx, incident.id, assignment)
            .await?
            .ok_or(Error::NotFound)?;
        return Ok(Message::new("flash-assignment-ended").with("name", &name));
    };
    let said = match under {
        Some(under) => Message::new("tl-left-under")
            .with_said("lead", Message::keyed("team-role-", under.lead().as_str())),
        None => Message::new("tl-relieved")
            .with_said("role", Message::keyed("team-role-", role.as_str())),
    }
    .with("name", &name);
    let detail =
        json!({"role": role.as_str(), "under": under.map(|u| u.as_str()), "relieved": name});
    let entry = SystemEntry::said(
        EntryKind::Role,
        said.clone(),
        detail.clone(),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, incident.id, actor.author(), &entry).await?;
    let change = audit(&incident, "incident.relieve", said.clone(), detail);
    record(&mut tx, actor, change).await?;
    store::events::notify(&mut tx, incident.id, "team").await?;
    tx.commit().await?;
    Ok(said)
}
