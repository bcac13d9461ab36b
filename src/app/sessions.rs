//! Signing in and out. Failed sign-ins are throttled per account and per client address;
//! a sign-in always starts a new session (ending the one the browser had).

use time::{Duration, OffsetDateTime};

use super::{Ctx, Result};
use crate::domain::person::Person;
use crate::secret::{decoy_hash, digest, random_token, verify_password};
use crate::store;

/// Failed sign-ins are counted over this window.
const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Failures for one email address (whether or not it exists) before it is refused.
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures from one client address before it is refused.
const MAX_FAILURES_PER_CLIENT: i64 = 20;

/// A sign-in attempt.
pub struct Attempt<'a> {
    /// Trimmed and lowercased.
    pub email: &'a str,
    pub password: &'a str,
    /// The client's address, for throttling.
    pub client: &'a str,
    /// The session secret the browser sent, if any: it ends.
    pub previous: Option<&'a str>,
    /// How long the new session may last.
    pub lifetime: Duration,
}

/// How a sign-in ended.
pub enum SignIn {
    /// Too many failures for this account or from this address lately; not checked.
    Throttled,
    /// No active account has this email and password; the failure is counted.
    Refused,
    /// Signed in: the person and the new session's secret for the cookie.
    Done { person: Person, secret: String },
}

pub async fn sign_in(ctx: &Ctx<'_>, attempt: Attempt<'_>) -> Result<SignIn> {
    let now = OffsetDateTime::now_utc();
    let (by_email, by_client) = store::sessions::recent_failures(
        ctx.db,
        attempt.email,
        attempt.client,
        now - THROTTLE_WINDOW,
    )
    .await?;
    if by_email >= MAX_FAILURES_PER_ACCOUNT || by_client >= MAX_FAILURES_PER_CLIENT {
        return Ok(SignIn::Throttled);
    }
    let found = store::people::credentials(ctx.db, attempt.email).await?;
    let password = attempt.password.to_owned();
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| decoy_hash().to_owned());
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(anyhow::Error::from)?;
    let person = match found {
        Some((person, _)) if matches && person.active => person,
        _ => {
            store::sessions::record_failure(ctx.db, attempt.email, attempt.client).await?;
            return Ok(SignIn::Refused);
        }
    };
    let mut tx = ctx.begin().await?;
    if let Some(old) = attempt.previous {
        store::sessions::delete(&mut *tx, &digest(old)).await?;
    }
    let secret = random_token();
    store::sessions::create(
        &mut *tx,
        &digest(&secret),
        person.id,
        &random_token(),
        now + attempt.lifetime,
    )
    .await?;
    store::sessions::clear_failures(&mut *tx, attempt.email, now - THROTTLE_WINDOW).await?;
    tx.commit().await?;
    Ok(SignIn::Done { person, secret })
}

/// Notes that the session with this digest was used now (done at most once a minute: it
/// changes nothing copies rely on).
pub async fn touch(ctx: &Ctx<'_>, digest: &[u8]) -> Result<()> {
    store::sessions::touch(ctx.db, digest).await?;
    Ok(())
}

/// Ends the session with this secret, on every instance.
pub async fn sign_out(ctx: &Ctx<'_>, secret: &str) -> Result<()> {
    let mut tx = ctx.begin().await?;
    store::sessions::delete(&mut *tx, &digest(secret)).await?;
    tx.commit().await?;
    Ok(())
}
