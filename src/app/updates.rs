//! Stakeholder updates, published by the incident's Communications Lead or Commander.

use serde_json::json;
use sqlx::PgConnection;
use time::OffsetDateTime;

use super::incidents::lock;
use super::team::audit;
use super::{Actor, Ctx, Error, Result, outbox, record};
use crate::domain::incident::Incident;
use crate::domain::timeline::{EntryKind, SystemEntry};
use crate::domain::update::{NewUpdate, ONLY_LEADS_PUBLISH, may_publish};
use crate::domain::webhook::Event;
use crate::i18n::Message;
use crate::store;

/// Publishes a stakeholder update. Who holds the leads' roles is read with the incident
/// locked, so a lead relieved a moment earlier cannot publish.
pub async fn publish(ctx: &Ctx<'_>, actor: &Actor, number: i64, update: &NewUpdate) -> Result<()> {
    let mut tx = ctx.begin().await?;
    let incident = lock(&mut tx, actor, number).await?;
    publish_in(&mut tx, ctx, actor, &incident, update).await?;
    tx.commit().await?;
    Ok(())
}

/// [`publish`] inside the caller's transaction, on `incident` (locked).
pub(super) async fn publish_in(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    incident: &Incident,
    update: &NewUpdate,
) -> Result<()> {
    let author = actor.author().ok_or(Error::NotFound)?;
    let team = store::team::team(&mut *tx, incident.id).await?;
    if !may_publish(&team, author, actor.role()) {
        return Err(Error::Forbidden(ONLY_LEADS_PUBLISH.into()));
    }
    store::updates::create(&mut *tx, incident.id, author, update).await?;
    super::subscriptions::tell_of_update(&mut *tx, ctx, incident, update).await?;
    let said = match update.next_update_at {
        Some(at) => Message::new("tl-update-next").with("at", crate::domain::time::utc_minutes(at)),
        None => Message::new("tl-update"),
    }
    .with_said(
        "audience",
        Message::keyed("tl-audience-", update.audience.as_str()),
    )
    .with("status", &update.status);
    let body = said.to_string();
    let detail = json!({
        "audience": update.audience.as_str(),
        "status": update.status,
        "impact": update.impact,
        "next_update_at": update.next_update_at.map(crate::domain::time::rfc3339),
    });
    let entry = SystemEntry::said(
        EntryKind::StatusUpdate,
        said.clone(),
        detail.clone(),
        OffsetDateTime::now_utc(),
    );
    store::timeline::add_system(&mut *tx, incident.id, Some(author), &entry).await?;
    let change = audit(incident, "incident.status_update", said, detail.clone());
    record(&mut *tx, actor, change).await?;
    outbox::announce(
        &mut *tx,
        ctx,
        Event::UpdatePublished,
        incident,
        &body,
        detail,
    )
    .await?;
    Ok(())
}
