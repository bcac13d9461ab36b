//! Webhooks: where Murphy announces incident events. Their secrets are generated here,
//! shown once, and never written to the audit trail.

use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::destination::{Destinations, Host, host_of};
use crate::domain::ids::WebhookId;
use crate::domain::validation::FieldErrors;
use crate::domain::webhook::{Webhook, WebhookFields};
use crate::i18n::Message;
use crate::secret::random_token;
use crate::store;

fn change(
    action: &'static str,
    id: WebhookId,
    summary: Message,
    after: Option<serde_json::Value>,
) -> Change {
    Change {
        action,
        entity: "webhook",
        entity_id: id.to_string(),
        incident_id: None,
        summary,
        before: None,
        after,
    }
}

/// What the audit trail keeps of a webhook: never its secret.
fn snapshot(f: &WebhookFields) -> serde_json::Value {
    json!({
        "name": f.name,
        "url": f.url,
        "events": f.events.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        "format": f.format.as_str(),
        "active": f.active,
    })
}

/// Why Murphy will not send to `url`, if it will not: its host is, or resolves to, an
/// internal address the operator has not allowed. A name that does not resolve now is
/// accepted (its deliveries will say so); every send checks the address again.
async fn refused_destination(allowed: &Destinations, url: &str) -> Option<FieldErrors> {
    let hint = "An operator can allow internal receivers with MURPHY_WEBHOOK_ALLOW.";
    let (host, port) = host_of(url)?;
    let message = match host {
        Host::Ip(ip) => {
            let kind = allowed.check_ip(ip).err()?;
            format!("Murphy does not send webhooks to {ip}, {kind}. {hint}")
        }
        Host::Name(name) => {
            if allowed.allows_host(&name) {
                return None;
            }
            let lookup = tokio::net::lookup_host((name.as_str(), port));
            let found = tokio::time::timeout(std::time::Duration::from_secs(3), lookup)
                .await
                .ok()?
                .ok()?;
            let (ip, kind) = found
                .map(|a| a.ip())
                .find_map(|ip| allowed.check_ip(ip).err().map(|kind| (ip, kind)))?;
            format!("{name} resolves to {ip}, {kind}; Murphy does not send webhooks there. {hint}")
        }
    };
    Some(FieldErrors::one("url", message))
}

/// Adds a webhook; returns its signing secret, shown this once. A URL inside the network
/// that the operator has not allowed is refused.
pub async fn create(
    ctx: &Ctx<'_>,
    actor: &Actor,
    fields: &WebhookFields,
) -> Result<std::result::Result<(WebhookId, String), FieldErrors>> {
    if let Some(errors) = refused_destination(ctx.webhook_destinations, &fields.url).await {
        return Ok(Err(errors));
    }
    let secret = format!("whsec_{}", random_token());
    let mut tx = ctx.begin().await?;
    let id = store::webhooks::create(&mut *tx, fields, &secret).await?;
    let summary = Message::new("audit-webhook-added").with("name", &fields.name);
    record(
        &mut tx,
        actor,
        change("webhook.create", id, summary, Some(snapshot(fields))),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok((id, secret)))
}

/// How an edit ended.
pub enum Edited {
    Saved,
    /// Someone saved first: the webhook as it is now; nothing written.
    Stale(Box<Webhook>),
    /// Refused (a URL inside the network); nothing written.
    Invalid(FieldErrors),
}

/// Saves a webhook's new fields if `version` is still current and its URL is allowed.
pub async fn edit(
    ctx: &Ctx<'_>,
    actor: &Actor,
    id: WebhookId,
    version: i32,
    fields: &WebhookFields,
) -> Result<Edited> {
    if let Some(errors) = refused_destination(ctx.webhook_destinations, &fields.url).await {
        return Ok(Edited::Invalid(errors));
    }
    let mut tx = ctx.begin().await?;
    if store::webhooks::update(&mut *tx, id, version, fields)
        .await?
        .is_none()
    {
        let current = store::webhooks::get(&mut *tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        return Ok(Edited::Stale(Box::new(current)));
    }
    let summary = Message::new("audit-webhook-edited").with("name", &fields.name);
    record(
        &mut tx,
        actor,
        change("webhook.update", id, summary, Some(snapshot(fields))),
    )
    .await?;
    tx.commit().await?;
    Ok(Edited::Saved)
}

/// Deletes a webhook with its deliveries; returns its name.
pub async fn delete(ctx: &Ctx<'_>, actor: &Actor, id: WebhookId) -> Result<String> {
    let mut tx = ctx.begin().await?;
    let webhook = store::webhooks::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    if !store::webhooks::delete(&mut *tx, id).await? {
        return Err(Error::NotFound);
    }
    let summary = Message::new("audit-webhook-deleted").with("name", &webhook.name);
    record(&mut tx, actor, change("webhook.delete", id, summary, None)).await?;
    tx.commit().await?;
    Ok(webhook.name)
}

/// Queues a test ping to one webhook, whatever its events; returns its name.
pub async fn test(ctx: &Ctx<'_>, actor: &Actor, id: WebhookId) -> Result<String> {
    let mut tx = ctx.begin().await?;
    let webhook = store::webhooks::get(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let sender = actor
        .person()
        .map(|p| p.display_name.clone())
        .unwrap_or_else(|| "Murphy".into());
    let payload = json!({
        "event": "ping",
        "occurred_at": crate::domain::time::rfc3339(OffsetDateTime::now_utc()),
        "summary": format!("A test from Murphy, sent by {sender}."),
        "incident": {"reference": "TEST", "title": "Webhook test", "severity": "SEV4",
                     "url": format!("{}/admin/webhooks/{id}", ctx.public_url)},
        "data": {},
    });
    store::webhooks::enqueue_to(&mut tx, id, "ping", &payload).await?;
    tx.commit().await?;
    Ok(webhook.name)
}

/// Sends a delivery that was given up on again at once; `false` when it was not failed.
pub async fn retry(ctx: &Ctx<'_>, webhook: WebhookId, delivery: Uuid) -> Result<bool> {
    let mut tx = ctx.begin().await?;
    let queued = store::webhooks::retry_now(&mut *tx, webhook, delivery).await?;
    tx.commit().await?;
    Ok(queued)
}
