//! Subscribing to the public status page, and telling subscribers.
//!
//! An email address hears nothing until its owner follows the confirmation link (double
//! opt-in); the page never says whether an address was subscribed already, and sends a
//! confirmation to one address at most every ten minutes. A webhook hears at once and signs
//! with a secret shown once. One client address may ask ten times an hour. Every message
//! and delivery carries the subscriber's own links to change what they hear of or leave.

use serde_json::json;
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::ids::ServiceId;
use crate::domain::incident::Incident;
use crate::domain::maintenance::MaintenanceState;
use crate::domain::person::Role;
use crate::domain::status::ComponentState;
use crate::domain::subscription::{
    Channel, Notice, PublicIncident, Subscribe, choose_components, component_notice,
    maintenance_notice, status_notice, update_notice,
};
use crate::domain::update::{Audience, NewUpdate};
use crate::domain::validation::FieldErrors;
use crate::i18n::{Lang, Message};
use crate::secret::random_token;
use crate::store;
use crate::store::email::Outgoing;
use crate::store::subscribers::{Mailing, Subscriber};

/// Subscribe requests one client address may make in [`WINDOW`].
pub const MAX_ATTEMPTS: i64 = 10;
pub const WINDOW: Duration = Duration::hours(1);

/// How a request to subscribe ended.
#[derive(Debug)]
pub enum Subscribed {
    /// An email was (or, for an address that asked a moment ago, was already) sent:
    /// "check your inbox", whatever the address's state.
    CheckInbox,
    /// A webhook subscribed: its signing secret and its links' token, shown once.
    Webhook {
        secret: String,
        token: String,
    },
    /// Too many requests from this client lately.
    Throttled,
    Invalid(FieldErrors),
}

/// The subscriber's links start with this.
fn links(ctx: &Ctx<'_>) -> String {
    format!("{}/status/subscription/", ctx.public_url)
}

/// The name subscribers know the page by.
/// The status page's name: as configured, else "Service status" in `lang`.
fn page_name<'a>(ctx: &Ctx<'a>, lang: Lang) -> &'a str {
    if ctx.status_name.is_empty() {
        lang.default_status_name()
    } else {
        ctx.status_name
    }
}

/// Subscribes `request` as typed on the form (`chosen` components unless `everything`),
/// from `client`.
pub async fn subscribe(
    ctx: &Ctx<'_>,
    client: &str,
    channel: &str,
    address: &str,
    everything: bool,
    chosen: &[String],
    lang: Lang,
) -> Result<Subscribed> {
    let since = OffsetDateTime::now_utc() - WINDOW;
    if store::subscribers::attempts(ctx.db, client, since).await? >= MAX_ATTEMPTS {
        return Ok(Subscribed::Throttled);
    }
    let public: Vec<ServiceId> = store::status::components(ctx.db)
        .await?
        .into_iter()
        .map(|c| c.service_id)
        .collect();
    let request = match Subscribe::parse(
        channel,
        address,
        everything,
        chosen,
        &public,
        ctx.subscriber_destinations,
    ) {
        Ok(r) => r,
        Err(errors) => return Ok(Subscribed::Invalid(errors)),
    };
    if request.channel == Channel::Email && !ctx.mail_enabled {
        let mut errors = FieldErrors::new();
        errors.add_said("email", Message::new("sub-mail-off"));
        return Ok(Subscribed::Invalid(errors));
    }
    let mut tx = ctx.begin().await?;
    store::subscribers::record_attempt(&mut *tx, client).await?;
    let outcome = match request.channel {
        Channel::Email => subscribe_email(&mut tx, ctx, &request, lang).await?,
        Channel::Webhook => subscribe_webhook(&mut tx, &request).await?,
    };
    tx.commit().await?;
    Ok(outcome)
}

async fn subscribe_email(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    request: &Subscribe,
    lang: Lang,
) -> Result<Subscribed> {
    let token = random_token();
    let created = store::subscribers::create(
        &mut *tx,
        Channel::Email,
        &request.address,
        &request.components,
        &token,
        false,
        Some(lang),
    )
    .await?;
    let subscriber = match created {
        Some(_) => store::subscribers::by_token(&mut *tx, &token).await?,
        None => {
            let found =
                store::subscribers::by_address(&mut *tx, Channel::Email, &request.address).await?;
            // Someone asked again before confirming: their latest choice counts.
            if let Some(s) = found.as_ref().filter(|s| s.confirmed_at.is_none()) {
                store::subscribers::set_components(&mut *tx, &s.token, &request.components).await?;
            }
            found
        }
    };
    let Some(subscriber) = subscriber else {
        return Ok(Subscribed::CheckInbox);
    };
    if !store::subscribers::claim_confirmation(&mut *tx, subscriber.id).await? {
        return Ok(Subscribed::CheckInbox);
    }
    let name = page_name(ctx, lang);
    let link = format!("{}{}", links(ctx), subscriber.token);
    let paragraphs = |keys: &[&str]| {
        let said: Vec<String> = keys
            .iter()
            .map(|key| lang.t2(key, "page", name, "link", &link))
            .collect();
        format!("{}\n", said.join("\n\n"))
    };
    let (subject, body) = if subscriber.confirmed_at.is_some() {
        (
            lang.t1("sub-mail-again-subject", "page", name),
            paragraphs(&["sub-mail-again", "sub-mail-again-link"]),
        )
    } else {
        (
            lang.t1("sub-mail-confirm-subject", "page", name),
            paragraphs(&[
                "sub-mail-confirm",
                "sub-mail-confirm-link",
                "sub-mail-not-you",
            ]),
        )
    };
    let email = Outgoing {
        kind: "subscription",
        to: subscriber.address.clone(),
        subject,
        body,
        unsubscribe_url: None,
    };
    super::email::queue(tx, ctx, &email).await?;
    Ok(Subscribed::CheckInbox)
}

async fn subscribe_webhook(tx: &mut PgConnection, request: &Subscribe) -> Result<Subscribed> {
    let token = random_token();
    let created = store::subscribers::create(
        &mut *tx,
        Channel::Webhook,
        &request.address,
        &request.components,
        &token,
        true,
        None,
    )
    .await?;
    let Some(id) = created else {
        return Ok(Subscribed::Invalid(FieldErrors::one(
            "url",
            "This URL is subscribed already: every delivery to it carries its unsubscribe link.",
        )));
    };
    let secret = random_token();
    store::subscribers::add_webhook(&mut *tx, id, &request.address, &secret).await?;
    Ok(Subscribed::Webhook { secret, token })
}

/// The subscriber whose links carry `token`.
pub async fn find(ctx: &Ctx<'_>, token: &str) -> Result<Subscriber> {
    store::subscribers::by_token(ctx.db, token)
        .await?
        .ok_or(Error::NotFound)
}

/// Confirms the email subscriber with `token`.
pub async fn confirm(ctx: &Ctx<'_>, token: &str) -> Result<()> {
    let mut tx = ctx.begin().await?;
    if !store::subscribers::confirm(&mut *tx, token).await? {
        return Err(Error::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Changes which components the subscriber with `token` hears of.
pub async fn choose(
    ctx: &Ctx<'_>,
    token: &str,
    everything: bool,
    chosen: &[String],
) -> Result<std::result::Result<(), FieldErrors>> {
    let public: Vec<ServiceId> = store::status::components(ctx.db)
        .await?
        .into_iter()
        .map(|c| c.service_id)
        .collect();
    let mut errors = FieldErrors::new();
    let components = choose_components(&mut errors, everything, chosen, &public);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = ctx.begin().await?;
    if !store::subscribers::set_components(&mut *tx, token, &components).await? {
        return Err(Error::NotFound);
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Unsubscribes the subscriber with `token`; `NotFound` when it is gone already.
pub async fn unsubscribe(ctx: &Ctx<'_>, token: &str) -> Result<Subscriber> {
    let mut tx = ctx.begin().await?;
    let gone = store::subscribers::remove_by_token(&mut *tx, token)
        .await?
        .ok_or(Error::NotFound)?;
    tx.commit().await?;
    Ok(gone)
}

/// An admin removes subscriber `id`.
pub async fn remove(ctx: &Ctx<'_>, actor: &Actor, id: Uuid) -> Result<Subscriber> {
    if actor.role() < Role::Admin {
        return Err(Error::Forbidden("Only admins remove subscribers.".into()));
    }
    let mut tx = ctx.begin().await?;
    let gone = store::subscribers::remove(&mut *tx, id)
        .await?
        .ok_or(Error::NotFound)?;
    let change = Change {
        action: "subscriber.remove",
        entity: "status_subscriber",
        entity_id: id.to_string(),
        incident_id: None,
        summary: Message::new("audit-subscriber-removed")
            .with_said(
                "channel",
                Message::keyed("adm-sub-channel-", gone.channel.as_str()),
            )
            .with("address", &gone.address),
        before: None,
        after: None,
    };
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(gone)
}

/// Queues `notice` for every subscriber who hears of its components, in the caller's
/// transaction: emails only when Murphy sends email.
pub(super) async fn notify(tx: &mut PgConnection, ctx: &Ctx<'_>, notice: &Notice) -> Result<()> {
    let links = links(ctx);
    if ctx.mail_enabled {
        // Each language's subscribers get the notice written in it.
        for lang in Lang::ALL {
            let name = page_name(ctx, lang);
            let subject = format!("[{name}] {}", notice.subject.say(lang));
            let text: Vec<String> = notice.text.iter().map(|m| m.say(lang)).collect();
            let head = format!(
                "{}\n\n{}{}\n",
                text.join("\n\n"),
                ctx.public_url,
                notice.path
            );
            let footer = lang.t2(
                "sub-mail-why",
                "page",
                name,
                "url",
                format!("{}/status", ctx.public_url),
            );
            let mailing = Mailing {
                subject: &subject,
                head: &head,
                links: &links,
                footer: &footer,
                lang,
            };
            store::subscribers::mail(tx, &mailing, &notice.components, ctx.default_language)
                .await?;
        }
    }
    let payload = json!({
        "meta": {
            "generated_at": crate::domain::time::rfc3339(OffsetDateTime::now_utc()),
            "unsubscribe": null,
        },
        "page": { "name": page_name(ctx, Lang::En), "url": format!("{}/status", ctx.public_url) },
        "notice": {
            "event": notice.event,
            "subject": notice.subject.to_string(),
            "text": notice.text.iter().map(Message::to_string).collect::<Vec<_>>().join("\n\n"),
            "url": format!("{}{}", ctx.public_url, notice.path),
            "data": notice.data,
        },
    });
    store::subscribers::post(tx, &payload, &links, &notice.components).await?;
    Ok(())
}

/// The incident as its notices describe it.
fn described(incident: &Incident) -> PublicIncident<'_> {
    PublicIncident {
        number: incident.number,
        title: &incident.title,
        status: incident.status,
        severity: incident.severity,
    }
}

/// The public components `incident` affects.
async fn components_of(tx: &mut PgConnection, incident: &Incident) -> Result<Vec<ServiceId>> {
    Ok(store::status::affected(&mut *tx, &[incident.id])
        .await?
        .into_iter()
        .map(|(_, service, _)| service)
        .collect())
}

/// Tells subscribers of a public update on `incident` (as it stands after the update),
/// unless the incident is restricted.
pub(super) async fn tell_of_update(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    incident: &Incident,
    update: &NewUpdate,
) -> Result<()> {
    if update.audience != Audience::Public || incident.restricted {
        return Ok(());
    }
    let components = components_of(tx, incident).await?;
    let notice = update_notice(
        described(incident),
        &update.status,
        &update.impact,
        components,
        ctx.public_url,
    );
    notify(tx, ctx, &notice).await
}

/// Tells subscribers that `incident` (as it stands now) moved to its status, when the
/// public has heard of it: it is not restricted and has a public update.
pub(super) async fn tell_of_status(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    incident: &Incident,
) -> Result<()> {
    if incident.restricted
        || store::status::incident(&mut *tx, incident.number)
            .await?
            .is_none()
    {
        return Ok(());
    }
    let components = components_of(tx, incident).await?;
    let notice = status_notice(described(incident), components, ctx.public_url);
    notify(tx, ctx, &notice).await
}

/// Tells subscribers of maintenance window `id` moving to `state`.
pub(super) async fn tell_of_maintenance(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    id: Uuid,
    state: MaintenanceState,
) -> Result<()> {
    let Some(m) = store::maintenance::get(&mut *tx, id).await? else {
        return Ok(());
    };
    let notice = maintenance_notice(
        m.id,
        &m.title,
        &m.body,
        (m.starts_at, m.ends_at),
        state,
        m.services.iter().map(|(id, _)| *id).collect(),
    );
    notify(tx, ctx, &notice).await
}

/// Tells subscribers that a responder set `service`'s component to `state`.
pub(super) async fn tell_of_component(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    service: ServiceId,
    state: ComponentState,
) -> Result<()> {
    let components = store::status::components(&mut *tx).await?;
    let Some(c) = components.iter().find(|c| c.service_id == service) else {
        return Ok(());
    };
    let notice = component_notice(service, &c.public_name, state);
    notify(tx, ctx, &notice).await
}
