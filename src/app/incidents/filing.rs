//! Filing an incident: the record, its first timeline entries, runbook tasks, typed-in
//! services, taking command, and at most once per retry key.

use sqlx::PgConnection;

use super::{Outcome, change};
use crate::app::{Actor, Ctx, Error, Result, outbox, record};
use crate::domain::audit::Change;
use crate::domain::incident::{Incident, IncidentFields, NewIncident, Source, Visibility};
use crate::domain::team::{Assign, TeamRole};
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::Event;
use crate::i18n::Message;
use crate::store;
use crate::store::idempotency::Kept;

/// Files an incident.
pub async fn file(ctx: &Ctx<'_>, actor: &Actor, new: &NewIncident) -> Result<Outcome> {
    let mut tx = ctx.begin().await?;
    let outcome = file_in(&mut tx, ctx, actor, new).await?;
    if matches!(outcome, Outcome::Done(_)) {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// How filing with an idempotency key ended.
pub enum Keyed {
    /// The key was used before for the same request: its kept answer.
    Replayed(Kept),
    /// The key was used before for a different request; nothing written.
    Reused,
    /// Filed (or refused) now; the answer was kept for the key when filed.
    Filed(Outcome),
}

/// A retry-safe request's key, the digest of its body, and the answer kept for a filed
/// incident.
pub struct RetryKey<'k> {
    pub key: &'k str,
    pub digest: Vec<u8>,
}

/// Files an incident at most once per `retry` key (per person): requests with the same key
/// wait for each other, and a retry gets the first answer back.
pub async fn file_once(
    ctx: &Ctx<'_>,
    actor: &Actor,
    retry: Option<RetryKey<'_>>,
    parse: impl FnOnce() -> Result<NewIncident, FieldErrors>,
    answer: impl FnOnce(&Incident) -> (serde_json::Value, String),
) -> Result<Keyed> {
    let person = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    if let Some(retry) = &retry
        && let Some(kept) = store::idempotency::lock_and_find(&mut tx, person, retry.key).await?
    {
        return Ok(if kept.request_digest == retry.digest {
            Keyed::Replayed(kept)
        } else {
            Keyed::Reused
        });
    }
    let new = match parse() {
        Ok(new) => new,
        Err(errors) => return Ok(Keyed::Filed(Outcome::Invalid(errors))),
    };
    let outcome = file_in(&mut tx, ctx, actor, &new).await?;
    let Outcome::Done(incident) = &outcome else {
        return Ok(Keyed::Filed(outcome));
    };
    if let Some(retry) = retry {
        let (response, location) = answer(incident);
        let kept = Kept {
            request_digest: retry.digest,
            status: 201,
            response,
            location: Some(location),
        };
        store::idempotency::keep(&mut tx, person, retry.key, &kept).await?;
    }
    tx.commit().await?;
    Ok(Keyed::Filed(outcome))
}

/// Files an incident inside the caller's transaction: the record, its audit event, the
/// first timeline entries, runbook tasks, and the webhook announcement.
pub(in crate::app) async fn file_in(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    new: &NewIncident,
) -> Result<Outcome> {
    let with_typed;
    let new = if new.new_services.is_empty() {
        new
    } else {
        if let Err(errors) =
            crate::app::services::add_named(&mut *tx, actor, &new.new_services).await?
        {
            return Ok(Outcome::Invalid(errors));
        }
        let mut services = new.fields.services.clone();
        for name in &new.new_services {
            if !services.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                services.push(name.clone());
            }
        }
        with_typed = NewIncident {
            fields: IncidentFields {
                services,
                ..new.fields.clone()
            },
            new_services: Vec::new(),
            ..new.clone()
        };
        &with_typed
    };
    let number = match store::incidents::create(&mut *tx, new, actor.person_id()).await? {
        Ok(number) => number,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    let incident = store::incidents::get(&mut *tx, number, Visibility::everything())
        .await?
        .ok_or(Error::NotFound)?;
    let created = Change {
        after: Some(incident.snapshot()),
        ..change(
            "incident.create",
            &incident,
            Message::new("audit-incident-filed")
                .with("incident", incident.reference())
                .with("title", &incident.title),
        )
    };
    record(&mut *tx, actor, created).await?;
    let from_alert = matches!(new.source, Source::Alertmanager | Source::Grafana);
    let declared = SystemEntry {
        automated: from_alert,
        ..SystemEntry::said(
            EntryKind::Status,
            if from_alert {
                Message::new("tl-opened-from-alerts").with("source", new.source.label())
            } else {
                Message::new("tl-declared")
            }
            .with("severity", incident.severity.as_str())
            .with_said("kind", Message::keyed("tl-kind-", incident.kind.as_str())),
            serde_json::json!({"field": "status", "old": null, "new": incident.status.as_str()}),
            incident.created_at,
        )
    };
    store::timeline::add_system(&mut *tx, incident.id, actor.author(), &declared).await?;
    // Each runbook that applies, noted in one statement however many there are.
    let runbooks: Vec<_> = store::runbooks::attach(&mut *tx, incident.id, incident.kind)
        .await?
        .into_iter()
        .map(|(title, steps)| {
            let entry = SystemEntry {
                automated: true,
                ..SystemEntry::said(
                    EntryKind::Runbook,
                    Message::new("tl-runbook")
                        .with("title", &title)
                        .with("steps", steps),
                    serde_json::json!({"runbook": title, "steps": steps}),
                    incident.created_at,
                )
            };
            (incident.id, entry)
        })
        .collect();
    store::timeline::add_system_all(&mut *tx, &runbooks).await?;
    let summary = format!(
        "{} declared: {}.",
        incident.severity,
        incident.kind.label().to_lowercase()
    );
    let data = serde_json::json!({"source": new.source.as_str()});
    outbox::announce(
        &mut *tx,
        ctx,
        Event::IncidentCreated,
        &incident,
        &summary,
        data,
    )
    .await?;
    if new.take_command
        && let Some(person) = actor.person()
    {
        let command = Assign {
            role: TeamRole::Ic,
            under: None,
            person: person.email.clone(),
            note: String::new(),
        };
        if let Err(errors) =
            crate::app::team::assign_in(tx, ctx, actor, &incident, &command).await?
        {
            return Ok(Outcome::Invalid(errors));
        }
        let incident = store::incidents::get(&mut *tx, number, Visibility::everything())
            .await?
            .ok_or(Error::NotFound)?;
        return Ok(Outcome::Done(Box::new(incident)));
    }
    Ok(Outcome::Done(Box::new(incident)))
}
