//! Filing and changing incidents: each locks the incident, applies the domain rule, saves,
//! and records the audit event, the timeline entries and the webhook announcements.

mod filing;

pub(super) use filing::file_in;
pub use filing::{Keyed, RetryKey, file, file_once};

use sqlx::PgConnection;

use crate::domain::person::Role;
use crate::domain::postmortem::policy::Facts;
use crate::i18n::Message;
use time::OffsetDateTime;

use super::{Actor, Ctx, Error, Result, Tx, outbox, record};
use crate::domain::audit::Change;
use crate::domain::ids::ServiceId;
use crate::domain::incident::merge;
use crate::domain::incident::{Incident, IncidentEdit, Severity, Status};
use crate::domain::slo::Impact;
use crate::domain::status::incident_status;
use crate::domain::timeline::{EntryKind, SystemEntry, changes_between};
use crate::domain::update::NewUpdate;
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::Event;
use crate::store;

/// How a change ended, when it did not fail outright.
pub enum Outcome {
    /// Saved; the incident as it is now.
    Done(Box<Incident>),
    /// Invalid input; nothing written.
    Invalid(FieldErrors),
    /// Based on an old version; nothing written. The incident as it is now, and the edit.
    Stale(Box<Incident>, Option<Box<IncidentEdit>>),
    /// Not allowed from the current state (a status transition, say); nothing written.
    Refused(Box<Incident>, Message),
}

/// Writes the timeline entries for what changed, tells live pages the status moved, and
/// announces status and severity changes to webhooks.
async fn record_changes(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    before: &Incident,
    after: &Incident,
) -> Result<()> {
    for entry in changes_between(before, after, OffsetDateTime::now_utc()) {
        store::timeline::add_system(&mut *tx, after.id, actor.author(), &entry).await?;
    }
    store::events::notify(&mut *tx, after.id, "status").await?;
    if before.status != after.status {
        let summary = format!(
            "Status changed from {} to {}.",
            before.status.label().to_lowercase(),
            after.status.label().to_lowercase()
        );
        let data = serde_json::json!({"from": before.status.as_str(), "to": after.status.as_str()});
        outbox::announce(tx, ctx, Event::StatusChanged, after, &summary, data).await?;
    }
    if before.severity != after.severity {
        let summary = format!(
            "Severity changed from {} to {}.",
            before.severity, after.severity
        );
        let data =
            serde_json::json!({"from": before.severity.as_str(), "to": after.severity.as_str()});
        outbox::announce(tx, ctx, Event::SeverityChanged, after, &summary, data).await?;
    }
    Ok(())
}

/// Ends a change to the incident locked as `current`: reads it as it is now, records the
/// audit event (`summary` of the incident after), the timeline entries and webhook
/// announcements for what changed, and commits.
async fn finish(
    mut tx: Tx<'_>,
    ctx: &Ctx<'_>,
    actor: &Actor,
    current: Incident,
    action: &'static str,
    summary: impl FnOnce(&Incident) -> Message,
) -> Result<Outcome> {
    let after = store::incidents::get(&mut *tx, current.number, actor.visibility())
        .await?
        .ok_or(Error::NotFound)?;
    let changed = Change {
        before: Some(current.snapshot()),
        after: Some(after.snapshot()),
        ..change(action, &after, summary(&after))
    };
    record(&mut tx, actor, changed).await?;
    record_changes(&mut tx, ctx, actor, &current, &after).await?;
    tx.commit().await?;
    Ok(Outcome::Done(Box::new(after)))
}

fn change(action: &'static str, incident: &Incident, summary: Message) -> Change {
    Change {
        action,
        entity: "incident",
        entity_id: incident.reference(),
        incident_id: Some(incident.id),
        summary,
        before: None,
        after: None,
    }
}

/// Saves an edit built from the current incident, if its version is still current.
pub async fn edit(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    make: impl FnOnce(&Incident) -> Result<IncidentEdit, FieldErrors>,
) -> Result<Outcome> {
    let mut tx = ctx.begin().await?;
    let current = lock(&mut tx, actor, number).await?;
    let mut edit = match make(&current) {
        Ok(edit) => edit,
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    };
    // With the version the form was loaded at, changes made meanwhile to other fields are
    // kept, and only fields both changed stop the save (see `merge`); milestones the person
    // left alone keep their exact times.
    let merged = edit
        .base
        .as_ref()
        .map(|base| merge::three_way(base, &edit, &current, OffsetDateTime::now_utc()));
    match merged {
        Some(merged) if merged.conflicts.is_empty() => edit = merged.edit,
        Some(_) => return Ok(Outcome::Stale(Box::new(current), Some(Box::new(edit)))),
        None if edit.version != current.version => {
            return Ok(Outcome::Stale(Box::new(current), Some(Box::new(edit))));
        }
        None => {}
    }
    if edit.changes_nothing(&current) {
        // Sending back what was read is not an edit: no timeline entry, same version.
        return Ok(Outcome::Done(Box::new(current)));
    }
    let saved = store::incidents::update(
        &mut tx,
        current.id,
        edit.version,
        &edit.fields,
        &edit.milestones,
    )
    .await?;
    match saved {
        Ok(Some(_)) => {}
        Ok(None) => return Ok(Outcome::Stale(Box::new(current), Some(Box::new(edit)))),
        Err(errors) => return Ok(Outcome::Invalid(errors)),
    }
    finish(tx, ctx, actor, current, "incident.update", |after| {
        Message::new("audit-incident-edited").with("incident", after.reference())
    })
    .await
}

/// Moves the incident to `to`, filling or clearing milestones as the lifecycle says.
pub async fn change_status(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    to: Status,
    expected_version: Option<i32>,
) -> Result<Outcome> {
    change_status_along(ctx, actor, number, to, expected_version, &Along::default()).await
}

/// What a status change may carry with it, done in the same transaction: the closing
/// stakeholder update of a resolution, the post-mortem decision of a closing.
#[derive(Debug, Default)]
pub struct Along {
    pub update: Option<NewUpdate>,
    /// Why no post-mortem is needed.
    pub waiver: Option<String>,
}

/// [`change_status`] with what `along` carries.
pub async fn change_status_along(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    to: Status,
    expected_version: Option<i32>,
    along: &Along,
) -> Result<Outcome> {
    let mut tx = ctx.begin().await?;
    let current = lock(&mut tx, actor, number).await?;
    if expected_version.is_some_and(|v| v != current.version) {
        return Ok(Outcome::Stale(Box::new(current), None));
    }
    let mut milestones = current.milestones;
    if let Err(e) = milestones.change_status(current.status, to, OffsetDateTime::now_utc()) {
        return Ok(Outcome::Refused(Box::new(current), e.said()));
    }
    if along.waiver.is_some()
        && let Some(message) = waiver_refused(&mut tx, actor, &current).await?
    {
        return Ok(Outcome::Refused(Box::new(current), message));
    }
    store::incidents::set_status(&mut tx, current.id, to, &milestones).await?;
    // Subscribers hear of the new status with the update that carries it, or on its own.
    let moved = Incident {
        status: to,
        ..current.clone()
    };
    if let Some(update) = &along.update {
        super::updates::publish_in(&mut tx, ctx, actor, &moved, update).await?;
    } else if incident_status(to) != incident_status(current.status) {
        super::subscriptions::tell_of_status(&mut tx, ctx, &moved).await?;
    }
    if let Some(reason) = &along.waiver {
        waive_postmortem(&mut tx, actor, &current, reason).await?;
    }
    let from = current.status;
    finish(tx, ctx, actor, current, "incident.status", |after| {
        Message::new("audit-incident-status")
            .with("incident", after.reference())
            .with_said("from", Message::keyed("audit-status-", from.as_str()))
            .with_said("to", Message::keyed("audit-status-", to.as_str()))
    })
    .await
}

/// Why `actor` may not record that `incident` needs no post-mortem: the rules require one,
/// and only an admin may skip a required post-mortem.
async fn waiver_refused(
    tx: &mut PgConnection,
    actor: &Actor,
    incident: &Incident,
) -> Result<Option<Message>> {
    let admin = actor.person().is_some_and(|p| p.role == Role::Admin)
        || matches!(actor, Actor::CommandLine);
    if admin {
        return Ok(None);
    }
    let policy = store::postmortem_policy::get(&mut *tx).await?;
    let detection = store::postmortems::get(&mut *tx, incident.id)
        .await?
        .and_then(|p| p.detection);
    let reasons = policy.reasons(&Facts::of(incident, detection));
    Ok((!reasons.is_empty()).then(|| {
        Message::new("refused-waiver")
            .with("incident", incident.reference())
            .with_all("reasons", Message::listed(reasons))
    }))
}

/// Records that `incident` needs no post-mortem, and why.
async fn waive_postmortem(
    tx: &mut PgConnection,
    actor: &Actor,
    incident: &Incident,
    reason: &str,
) -> Result<()> {
    store::postmortems::waive(&mut *tx, incident.id, reason, actor.person_id()).await?;
    let said = Message::new("tl-no-postmortem").with("reason", reason);
    let detail = serde_json::json!({"postmortem": "not_needed", "reason": reason});
    let entry = SystemEntry::said(
        EntryKind::Status,
        said.clone(),
        detail.clone(),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut *tx, incident.id, actor.author(), &entry).await?;
    let change = Change {
        after: Some(detail),
        ..change("postmortem.waive", incident, said)
    };
    record(&mut *tx, actor, change).await?;
    Ok(())
}

/// Changes the severity.
pub async fn change_severity(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    severity: Severity,
) -> Result<Outcome> {
    let mut tx = ctx.begin().await?;
    let current = lock(&mut tx, actor, number).await?;
    if current.severity == severity {
        let message = Message::new("refused-severity-unchanged")
            .with("incident", current.reference())
            .with("severity", severity.as_str());
        return Ok(Outcome::Refused(Box::new(current), message));
    }
    store::incidents::set_severity(&mut tx, current.id, severity).await?;
    let from = current.severity;
    finish(tx, ctx, actor, current, "incident.severity", |after| {
        Message::new("audit-incident-severity")
            .with("incident", after.reference())
            .with("from", from.as_str())
            .with("to", severity.as_str())
    })
    .await
}

/// Sets how hard the incident hit one of its services (full or partial impact), which
/// weighs what it spends of that service's error budget.
pub async fn set_impact(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    service_id: ServiceId,
    impact: Impact,
) -> Result<Outcome> {
    let mut tx = ctx.begin().await?;
    let current = lock(&mut tx, actor, number).await?;
    let affected = store::slo::affected(&mut *tx, current.id).await?;
    let Some(service) = affected.iter().find(|a| a.service_id == service_id) else {
        return Err(Error::NotFound);
    };
    if service.impact == impact {
        let message = Message::new("refused-impact-unchanged")
            .with("service", &service.name)
            .with_said("impact", Message::keyed("tl-impact-", impact.as_str()));
        return Ok(Outcome::Refused(Box::new(current), message));
    }
    store::slo::set_impact(&mut tx, current.id, service_id, impact).await?;
    let summary = Message::new("tl-impact-changed")
        .with("service", &service.name)
        .with_said("old", Message::keyed("tl-impact-", service.impact.as_str()))
        .with_said("new", Message::keyed("tl-impact-", impact.as_str()));
    let changed = Change {
        before: Some(
            serde_json::json!({"service": service.name, "impact": service.impact.as_str()}),
        ),
        after: Some(serde_json::json!({"service": service.name, "impact": impact.as_str()})),
        ..change("incident.impact", &current, summary.clone())
    };
    record(&mut tx, actor, changed).await?;
    let said = Message::new("tl-impact-changed")
        .with("service", &service.name)
        .with_said("old", Message::keyed("tl-impact-", service.impact.as_str()))
        .with_said("new", Message::keyed("tl-impact-", impact.as_str()));
    let entry = SystemEntry::said(
        EntryKind::Field,
        said,
        serde_json::json!({"field": "impact", "service": service.name,
                           "old": service.impact.as_str(), "new": impact.as_str()}),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut tx, current.id, actor.author(), &entry).await?;
    tx.commit().await?;
    Ok(Outcome::Done(Box::new(current)))
}

/// The incident `number`, locked until the transaction ends, if the actor may see it: what
/// every change to an incident's response checks its rules against.
pub(super) async fn lock(tx: &mut PgConnection, actor: &Actor, number: i64) -> Result<Incident> {
    store::incidents::get_for_update(tx, number, actor.visibility())
        .await?
        .ok_or(Error::NotFound)
}

/// The incident `number`, if the actor may see it.
pub async fn visible(ctx: &Ctx<'_>, actor: &Actor, number: i64) -> Result<Incident> {
    store::incidents::get(ctx.db, number, actor.visibility())
        .await?
        .ok_or(Error::NotFound)
}
