//! Team and timeline changes, shared by the pages and the API. Each runs in one transaction
//! and writes its timeline entry, audit event and live notification with the change.

use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::CurrentUser;
use crate::AppState;
use crate::domain::audit::{Actor, Change};
use crate::domain::incident::Incident;
use crate::domain::person::Role;
use crate::domain::team::{Assign, Team, TeamRole};
use crate::domain::timeline::{Entry, EntryKind, Note, SystemEntry};
use crate::domain::update::NewUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;

/// The incident `number`, if `user` may see it; otherwise not found.
pub async fn visible_incident(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<Incident> {
    store::incidents::get(&state.db, number, user.visibility())
        .await?
        .ok_or(AppError::NotFound)
}

fn audit(
    incident: &Incident,
    action: &'static str,
    summary: String,
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

fn note_json(note: &Note) -> serde_json::Value {
    json!({
        "body": note.body,
        "occurred_at": crate::domain::time::rfc3339(note.occurred_at),
        "highlighted": note.highlighted,
    })
}

/// Gives a person a role. A lead role held by someone else is handed off.
pub async fn assign(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    assign: &Assign,
) -> Result<Result<Uuid, FieldErrors>> {
    let incident = visible_incident(state, user, number).await?;
    let Some(person) = store::people::find_by_email(&state.db, &assign.person)
        .await?
        .filter(|p| p.active)
    else {
        let message = format!("No active account has the email {}.", assign.person);
        return Ok(Err(FieldErrors::one("person", message)));
    };
    let mut tx = state.db.begin().await?;
    let assigned = store::team::assign(
        &mut tx,
        incident.id,
        assign.role,
        assign.under,
        person.id,
        &assign.note,
        user.person.id,
    )
    .await?;
    let Some(assigned) = assigned else {
        let lead = assign.under.map(|u| u.lead().short()).unwrap_or("lead");
        let message = format!("{} already works under the {lead}.", person.display_name);
        return Ok(Err(FieldErrors::one("person", message)));
    };
    let role_text = match assign.under {
        Some(under) => format!("joined the team under the {}", under.lead().label()),
        None => format!("took the {} role", assign.role.label()),
    };
    let mut body = format!("{} {role_text}", person.display_name);
    if let Some((_, from)) = &assigned.relieved {
        body.push_str(&format!(", handed off from {from}"));
    }
    body.push('.');
    if !assign.note.is_empty() {
        body.push_str(&format!(" Note: {}", assign.note));
    }
    let detail = json!({
        "role": assign.role.as_str(),
        "under": assign.under.map(|u| u.as_str()),
        "person": person.email,
        "relieved": assigned.relieved.as_ref().map(|(_, name)| name),
        "note": assign.note,
    });
    let now = OffsetDateTime::now_utc();
    let entry = SystemEntry::new(EntryKind::Role, body.clone(), detail.clone(), now);
    store::timeline::add_system(&mut tx, incident.id, Some(user.person.id), &entry).await?;
    let change = audit(&incident, "incident.role", body.clone(), detail.clone());
    store::audit::record(&mut *tx, &Actor::person(&user.person), change).await?;
    store::events::notify(&mut tx, incident.id, "team").await?;
    super::incident_ops::announce(
        &mut tx,
        state,
        crate::domain::webhook::Event::RoleAssigned,
        &incident,
        &body,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(assigned.id))
}

/// Ends a current assignment without a successor.
pub async fn relieve(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    assignment: Uuid,
) -> Result<String> {
    let incident = visible_incident(state, user, number).await?;
    let mut tx = state.db.begin().await?;
    let (role, under, name) = store::team::relieve(&mut *tx, incident.id, assignment)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = match under {
        Some(under) => format!("{name} left the team under the {}.", under.lead().label()),
        None => format!("{name} was relieved as {}.", role.label()),
    };
    let detail =
        json!({"role": role.as_str(), "under": under.map(|u| u.as_str()), "relieved": name});
    let entry = SystemEntry::new(
        EntryKind::Role,
        body.clone(),
        detail.clone(),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, incident.id, Some(user.person.id), &entry).await?;
    let change = audit(&incident, "incident.relieve", body.clone(), detail);
    store::audit::record(&mut *tx, &Actor::person(&user.person), change).await?;
    store::events::notify(&mut tx, incident.id, "team").await?;
    tx.commit().await?;
    Ok(body)
}

/// Adds a note to the timeline.
pub async fn add_note(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    note: &Note,
) -> Result<Uuid> {
    let incident = visible_incident(state, user, number).await?;
    let mut tx = state.db.begin().await?;
    let id = store::timeline::add_note(&mut tx, incident.id, user.person.id, note).await?;
    let change = Change {
        entity: "note",
        entity_id: id.to_string(),
        ..audit(
            &incident,
            "note.create",
            format!("Added a note to {}", incident.reference()),
            note_json(note),
        )
    };
    store::audit::record(&mut *tx, &Actor::person(&user.person), change).await?;
    tx.commit().await?;
    Ok(id)
}

/// How a note edit ended.
pub enum NoteEdit {
    Saved,
    /// Someone saved first: the note as it is now.
    Stale(Box<Entry>),
}

/// Saves a new version of the author's own note.
pub async fn edit_note(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    entry_id: Uuid,
    version: i32,
    note: &Note,
) -> Result<NoteEdit> {
    let incident = visible_incident(state, user, number).await?;
    let entry = own_note(state, user, &incident, entry_id).await?;
    let mut tx = state.db.begin().await?;
    if store::timeline::edit_note(&mut tx, incident.id, entry.id, version, note).await? {
        let before = Note {
            body: entry.body.clone(),
            occurred_at: entry.occurred_at,
            highlighted: entry.highlighted,
        };
        let change = Change {
            entity: "note",
            entity_id: entry.id.to_string(),
            before: Some(note_json(&before)),
            ..audit(
                &incident,
                "note.update",
                format!("Edited a note on {}", incident.reference()),
                note_json(note),
            )
        };
        store::audit::record(&mut *tx, &Actor::person(&user.person), change).await?;
        tx.commit().await?;
        return Ok(NoteEdit::Saved);
    }
    drop(tx);
    let current = store::timeline::get(&state.db, incident.id, entry.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(NoteEdit::Stale(Box::new(current)))
}

/// Whether `user` may publish stakeholder updates: the CL or IC of the incident, or an admin.
pub fn may_publish(team: &Team, user_id: Uuid, role: Role) -> bool {
    role == Role::Admin || team.holds(user_id, TeamRole::Cl) || team.holds(user_id, TeamRole::Ic)
}

/// Publishes a stakeholder update; only the CL, the IC or an admin may.
pub async fn publish(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    update: &NewUpdate,
) -> Result<()> {
    let incident = visible_incident(state, user, number).await?;
    let team = store::team::team(&state.db, incident.id).await?;
    if !may_publish(&team, user.person.id, user.person.role) {
        return Err(AppError::Refused(
            axum::http::StatusCode::FORBIDDEN,
            "Only the incident's Communications Lead or Incident Commander publishes updates."
                .into(),
        ));
    }
    let mut tx = state.db.begin().await?;
    store::updates::create(&mut tx, incident.id, user.person.id, update).await?;
    let due = update
        .next_update_at
        .map(|at| format!(" Next update by {}.", crate::domain::time::utc_minutes(at)))
        .unwrap_or_default();
    let body = format!("{} update: {}{due}", update.audience.label(), update.status);
    let detail = json!({
        "audience": update.audience.as_str(),
        "status": update.status,
        "impact": update.impact,
        "next_update_at": update.next_update_at.map(crate::domain::time::rfc3339),
    });
    let entry = SystemEntry::new(
        EntryKind::StatusUpdate,
        body.clone(),
        detail.clone(),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, incident.id, Some(user.person.id), &entry).await?;
    let change = audit(
        &incident,
        "incident.status_update",
        body.clone(),
        detail.clone(),
    );
    store::audit::record(&mut *tx, &Actor::person(&user.person), change).await?;
    super::incident_ops::announce(
        &mut tx,
        state,
        crate::domain::webhook::Event::UpdatePublished,
        &incident,
        &body,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a task, optionally assigned to an active person by email.
pub async fn add_task(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    title: &str,
    assignee: &str,
) -> Result<Result<(), FieldErrors>> {
    let incident = visible_incident(state, user, number).await?;
    let mut errors = FieldErrors::new();
    let title = crate::domain::validation::text(&mut errors, "task", "The task", title, true, 500);
    let assignee = match assignee.trim() {
        "" => None,
        email => match store::people::find_by_email(&state.db, email).await? {
            Some(p) if p.active => Some(p),
            _ => {
                errors.add(
                    "assignee",
                    format!("No active account has the email {email}."),
                );
                None
            }
        },
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = state.db.begin().await?;
    store::runbooks::add_task(
        &mut tx,
        incident.id,
        &title,
        assignee.as_ref().map(|p| p.id),
    )
    .await?;
    let body = match &assignee {
        Some(p) => format!("Task added for {}: {title}", p.display_name),
        None => format!("Task added: {title}"),
    };
    let detail = json!({"task": title, "assignee": assignee.as_ref().map(|p| &p.email)});
    let entry = SystemEntry::new(EntryKind::Task, body, detail, OffsetDateTime::now_utc());
    store::timeline::add_system(&mut tx, incident.id, Some(user.person.id), &entry).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Ticks a task off, or reopens it.
pub async fn set_task_done(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    task: Uuid,
    done: bool,
) -> Result<String> {
    let incident = visible_incident(state, user, number).await?;
    let mut tx = state.db.begin().await?;
    let Some(title) = store::runbooks::set_done(&mut tx, incident.id, task, done).await? else {
        return Ok("Nothing changed.".into());
    };
    let body = if done {
        format!("Task done: {title}")
    } else {
        format!("Task reopened: {title}")
    };
    let detail = json!({"task": title, "done": done});
    let entry = SystemEntry::new(
        EntryKind::Task,
        body.clone(),
        detail,
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, incident.id, Some(user.person.id), &entry).await?;
    tx.commit().await?;
    Ok(body)
}

/// A note on this incident written by `user`: system entries and others' notes are refused.
pub async fn own_note(
    state: &AppState,
    user: &CurrentUser,
    incident: &Incident,
    entry_id: Uuid,
) -> Result<Entry> {
    let entry = store::timeline::get(&state.db, incident.id, entry_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if entry.is_system() {
        return Err(AppError::Refused(
            axum::http::StatusCode::FORBIDDEN,
            "System entries are the record of what happened; nobody can change them.".into(),
        ));
    }
    if entry.author_id != Some(user.person.id) {
        return Err(AppError::Refused(
            axum::http::StatusCode::FORBIDDEN,
            "Only the note's author can edit it.".into(),
        ));
    }
    Ok(entry)
}
