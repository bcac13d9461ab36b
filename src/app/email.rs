//! Email as a Murphy capability: what queues a message (only when an SMTP server is set,
//! so nothing waits forever), and the admins' test message.

use sqlx::PgConnection;

use super::{Actor, Ctx, Error, Result, record};
use crate::domain::audit::Change;
use crate::domain::person::{EmailKind, Role};
use crate::domain::validation::{FieldErrors, is_address};
use crate::i18n::Message;
use crate::store;
use crate::store::email::Outgoing;

/// Queues `email` in the caller's transaction; nothing when Murphy sends no email.
pub(super) async fn queue(tx: &mut PgConnection, ctx: &Ctx<'_>, email: &Outgoing) -> Result<()> {
    if ctx.mail_enabled {
        store::email::enqueue(tx, email).await?;
    }
    Ok(())
}

/// Tells `person` about their own work by email, unless it is `actor` themselves, they
/// turned such email off, or Murphy sends none.
pub(super) async fn tell_person(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    person: crate::domain::ids::PersonId,
    kind: EmailKind,
    subject: Message,
    body: Message,
) -> Result<()> {
    if !ctx.mail_enabled || actor.person_id() == Some(person) {
        return Ok(());
    }
    let Some((to, language)) = store::email::wanted_by(&mut *tx, person, kind).await? else {
        return Ok(());
    };
    // In the language the person reads Murphy in.
    let lang = language.unwrap_or(ctx.default_language);
    let subject = subject.say(lang);
    let body = format!("{}\n\n{}\n", body.say(lang), lang.t("email-why"));
    queue(
        tx,
        ctx,
        &Outgoing {
            kind: kind.as_str(),
            to,
            subject,
            body,
            unsubscribe_url: None,
        },
    )
    .await
}

/// Sets which email about their own work the actor gets: the kinds in `on`, no others.
pub async fn set_own_notifications(ctx: &Ctx<'_>, actor: &Actor, on: &[EmailKind]) -> Result<()> {
    let person = actor.person_id().ok_or(Error::NotFound)?;
    let off: Vec<EmailKind> = EmailKind::ALL
        .into_iter()
        .filter(|k| !on.contains(k))
        .collect();
    let mut tx = ctx.begin().await?;
    store::email::set_off(&mut *tx, person, &off).await?;
    let names = |kinds: &[EmailKind]| {
        kinds
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    record(
        &mut tx,
        actor,
        Change {
            action: "person.notifications",
            entity: "person",
            entity_id: person.to_string(),
            incident_id: None,
            summary: if off.is_empty() {
                Message::new("audit-email-all-on")
            } else {
                Message::new("audit-email-off").with_all(
                    "kinds",
                    Message::listed(
                        off.iter()
                            .map(|k| Message::keyed("email-kind-", k.as_str()))
                            .collect(),
                    ),
                )
            },
            before: None,
            after: Some(serde_json::json!({ "email_off": names(&off) })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A link into Murphy: absolute with the public URL, else a path.
pub(super) fn link(ctx: &Ctx<'_>, path: &str) -> String {
    format!("{}{path}", ctx.public_url)
}

/// Queues a test message to `to` (admins), to see that email reaches people.
pub async fn send_test(
    ctx: &Ctx<'_>,
    actor: &Actor,
    to: &str,
) -> Result<std::result::Result<(), FieldErrors>> {
    if actor.role() < Role::Admin {
        return Err(Error::Forbidden("Only admins send test email.".into()));
    }
    let to = to.trim();
    if !is_address(to) {
        return Ok(Err(FieldErrors::one_said(
            "to",
            Message::new("val-give-an-email-address-such-as"),
        )));
    }
    if !ctx.mail_enabled {
        return Ok(Err(FieldErrors::one_said(
            "to",
            Message::new("val-mail-off"),
        )));
    }
    let mut tx = ctx.begin().await?;
    let email = Outgoing {
        kind: "test",
        to: to.to_owned(),
        subject: "Murphy test message".into(),
        body: "This is a test message from Murphy. If you can read it, Murphy's email reaches people.\n".into(),
        unsubscribe_url: None,
    };
    queue(&mut tx, ctx, &email).await?;
    record(
        &mut tx,
        actor,
        Change {
            action: "email.test",
            entity: "email",
            entity_id: to.to_owned(),
            incident_id: None,
            summary: Message::new("audit-email-test").with("to", to),
            before: None,
            after: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use crate::domain::validation::is_address;

    #[test]
    fn addresses() {
        assert!(is_address("ada@example.com"));
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "a@b.c, d@e.f",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
    }
}
