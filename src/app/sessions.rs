//! Signing in and out. A sign-in always starts a new session (ending the one the browser
//! had).
//!
//! Failed sign-ins are throttled so that guessing is slow and nobody can lock anyone else
//! out: an address is refused for an account after a few failures there, and refused
//! altogether after many failures from it, which stops only the guesser's own address. An
//! account attacked from many addresses is never locked: each attempt on it waits a little
//! longer before its password is checked, so its owner still signs in, slowly.

use time::{Duration, OffsetDateTime};

use super::{Ctx, Result};
use crate::domain::person::Person;
use crate::secret::{decoy_hash, digest, random_token, verify_password};
use crate::store;

/// Failed sign-ins are counted over this window.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// Failures for one email address (whether or not it exists) from one client address
/// before that client is refused for it.
const MAX_FAILURES_PER_PAIR: i64 = 5;
/// Failures from one client address, for any emails, before it is refused.
const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// Failures for one email address, from anywhere, before attempts on it wait.
const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// The longest an attempt waits.
const MAX_DELAY: Duration = Duration::seconds(8);

/// How long an attempt on an account waits after `failures` recent failures on it from
/// anywhere: nothing for the first few, then 1 s, doubling up to [`MAX_DELAY`].
pub fn delay(failures: i64) -> Duration {
    let over = failures - FREE_FAILURES_PER_ACCOUNT;
    if over < 0 {
        return Duration::ZERO;
    }
    let seconds = 1_i64 << over.min(10);
    Duration::seconds(seconds).min(MAX_DELAY)
}

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
    /// Too many failures from this address lately (for this account, or for any); not
    /// checked.
    Throttled,
    /// No active account has this email and password; the failure is counted.
    Refused,
    /// Signed in: the person and the new session's secret for the cookie.
    Done { person: Person, secret: String },
}

pub async fn sign_in(ctx: &Ctx<'_>, attempt: Attempt<'_>) -> Result<SignIn> {
    let now = OffsetDateTime::now_utc();
    let failures = store::sessions::recent_failures(
        ctx.db,
        attempt.email,
        attempt.client,
        now - THROTTLE_WINDOW,
    )
    .await?;
    if failures.pair >= MAX_FAILURES_PER_PAIR || failures.client >= MAX_FAILURES_PER_CLIENT {
        return Ok(SignIn::Throttled);
    }
    let wait = delay(failures.account);
    if wait.is_positive() {
        tokio::time::sleep(wait.unsigned_abs()).await;
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
    store::sessions::clear_failures(
        &mut *tx,
        attempt.email,
        attempt.client,
        now - THROTTLE_WINDOW,
    )
    .await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_wait_longer_the_more_an_account_is_guessed_at() {
        let waits: Vec<i64> = (0..12).map(|n| delay(n).whole_seconds()).collect();
        assert_eq!(waits, [0, 0, 0, 0, 0, 1, 2, 4, 8, 8, 8, 8]);
        assert_eq!(delay(10_000), MAX_DELAY);
    }
}
