//! Resetting a forgotten password by email: a link that works once, within an hour.
//!
//! Asking never says whether an account has the address, and one account gets at most
//! three links an hour. The link's secret is kept only as its SHA-256. Using it sets the
//! new password, spends every link the person holds and ends all their sessions. A person
//! who turned reset links off (settings) gets none: an admin resets their password.

use time::{Duration, OffsetDateTime};

use super::people::hash;
use super::{Actor, Ctx, Result, record};
use crate::domain::audit::Change;
use crate::domain::person::{EmailKind, Person};
use crate::domain::validation::FieldErrors;
use crate::i18n::Message;
use crate::secret::{digest, random_token};
use crate::store;

/// How long a link works.
pub const LIFETIME: Duration = Duration::hours(1);
/// Links one account may be sent in an hour.
const PER_HOUR: i64 = 3;

/// Sends a reset link to `email` if an active account uses it (and wants such links);
/// says nothing either way. False when Murphy sends no email.
pub async fn ask(ctx: &Ctx<'_>, email: &str) -> Result<bool> {
    if !ctx.mail_enabled {
        return Ok(false);
    }
    let email = email.trim().to_lowercase();
    let Some((person, _)) = store::people::credentials(ctx.db, &email).await? else {
        return Ok(true);
    };
    if !person.active {
        return Ok(true);
    }
    let now = OffsetDateTime::now_utc();
    let mut tx = ctx.begin().await?;
    if store::password_resets::recent(&mut *tx, person.id, now - Duration::hours(1)).await?
        >= PER_HOUR
    {
        return Ok(true);
    }
    let secret = random_token();
    store::password_resets::create(&mut *tx, &digest(&secret), person.id, now + LIFETIME).await?;
    super::email::tell_person(
        &mut tx,
        ctx,
        &Actor::Clock,
        person.id,
        EmailKind::Reset,
        Message::new("email-reset-subject"),
        Message::new("email-reset-body")
            .with("email", &person.email)
            .with(
                "link",
                super::email::link(ctx, &format!("/password/reset/{secret}")),
            ),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The person a link still works for.
pub async fn holder(ctx: &Ctx<'_>, secret: &str) -> Result<Option<Person>> {
    Ok(store::password_resets::holder(ctx.db, &digest(secret), OffsetDateTime::now_utc()).await?)
}

/// How using a link ended.
pub enum Reset {
    Done(Person),
    /// Expired, used or never sent.
    Spent,
    Invalid(FieldErrors),
}

/// Sets a new password with a link that still works.
pub async fn reset(ctx: &Ctx<'_>, secret: &str, new: &str, again: &str) -> Result<Reset> {
    let mut errors = FieldErrors::new();
    crate::domain::person::password(&mut errors, "new_password", new);
    if errors.get("new_password").is_none() && new != again {
        errors.add_said(
            "new_password_again",
            crate::i18n::Message::new("val-passwords-differ"),
        );
    }
    if !errors.is_empty() {
        return Ok(Reset::Invalid(errors));
    }
    let password_hash = hash(new.to_owned()).await?;
    let mut tx = ctx.begin().await?;
    let Some(person) =
        store::password_resets::spend(&mut *tx, &digest(secret), OffsetDateTime::now_utc()).await?
    else {
        return Ok(Reset::Spent);
    };
    store::people::set_password(&mut *tx, person.id, &password_hash).await?;
    store::sessions::delete_for(&mut *tx, person.id).await?;
    let changed = Change {
        action: "person.password_reset",
        entity: "person",
        entity_id: person.id.to_string(),
        incident_id: None,
        summary: Message::new("audit-person-reset-by-email").with("person", person.label()),
        before: None,
        after: None,
    };
    record(&mut tx, &Actor::Person(person.clone()), changed).await?;
    tx.commit().await?;
    Ok(Reset::Done(person))
}
