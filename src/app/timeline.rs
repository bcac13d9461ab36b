//! People's notes on the timeline. System entries are the record of what happened and are
//! never changed; a note is edited only by its author, and every earlier version is kept.

use serde_json::json;
use uuid::Uuid;

use super::incidents::visible;
use super::team::audit;
use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::incident::Incident;
use crate::domain::timeline::{Entry, Note};
use crate::i18n::Message;
use crate::store;

fn note_json(note: &Note) -> serde_json::Value {
    json!({
        "body": note.body,
        "occurred_at": crate::domain::time::rfc3339(note.occurred_at),
        "highlighted": note.highlighted,
    })
}

/// Adds a note to the timeline; returns the new entry's id.
pub async fn add_note(ctx: &Ctx<'_>, actor: &Actor, number: i64, note: &Note) -> Result<Uuid> {
    let incident = visible(ctx, actor, number).await?;
    let author = actor.author().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let id = store::timeline::add_note(&mut tx, incident.id, author, note).await?;
    let change = Change {
        entity: "note",
        entity_id: id.to_string(),
        ..audit(
            &incident,
            "note.create",
            Message::new("audit-note-added").with("incident", incident.reference()),
            note_json(note),
        )
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(id)
}

/// How a note edit ended.
pub enum NoteEdit {
    Saved,
    /// Someone saved first: the note as it is now.
    Stale(Box<Entry>),
}

/// Saves a new version of the author's own note, if `version` is still its current one.
pub async fn edit_note(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    entry_id: Uuid,
    version: i32,
    note: &Note,
) -> Result<NoteEdit> {
    let incident = visible(ctx, actor, number).await?;
    let entry = own_note(ctx, actor, &incident, entry_id).await?;
    let mut tx = ctx.begin().await?;
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
                Message::new("audit-note-edited").with("incident", incident.reference()),
                note_json(note),
            )
        };
        record(&mut tx, actor, change).await?;
        tx.commit().await?;
        return Ok(NoteEdit::Saved);
    }
    drop(tx);
    let current = store::timeline::get(ctx.db, incident.id, entry.id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(NoteEdit::Stale(Box::new(current)))
}

/// A note on this incident written by the actor: system entries and others' notes are
/// refused.
pub async fn own_note(
    ctx: &Ctx<'_>,
    actor: &Actor,
    incident: &Incident,
    entry_id: Uuid,
) -> Result<Entry> {
    let entry = store::timeline::get(ctx.db, incident.id, entry_id)
        .await?
        .ok_or(Error::NotFound)?;
    if entry.is_system() {
        return Err(Error::Forbidden(
            "System entries are the record of what happened; nobody can change them.".into(),
        ));
    }
    if entry.author_id.is_none() || entry.author_id != actor.author() {
        return Err(Error::Forbidden(
            "Only the note's author can edit it.".into(),
        ));
    }
    Ok(entry)
}
