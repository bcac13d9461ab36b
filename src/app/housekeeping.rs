//! Forgetting what has no more use, hourly: ended sessions and old sign-in failures,
//! idempotency keys older than a day, webhook deliveries delivered a month ago, and the
//! status page's subscribe requests once they no longer count against the rate limit, and
//! password-reset links a day after they expired, single sign-ins never finished, and the
//! change feed's rows after 90 days (the audit trail and timelines keep what they say).

use time::{Duration, OffsetDateTime};

use super::{Ctx, Result};
use crate::store;

/// What one round forgot, or why it could not: each part is tried whatever the others did.
pub struct Forgotten {
    pub sessions: Result<u64>,
    pub idempotency_keys: Result<u64>,
    pub deliveries: Result<u64>,
    pub subscribe_requests: Result<u64>,
    pub reset_links: Result<u64>,
    pub sign_ins: Result<u64>,
    pub feed_events: Result<u64>,
}

/// How long the change feed remembers: a follower away longer reads on from what is left.
pub const FEED_KEPT: Duration = Duration::days(90);

/// Sessions idle for `session_idle` or past their end count as ended.
pub async fn forget_expired(
    ctx: &Ctx<'_>,
    session_idle: Duration,
    now: OffsetDateTime,
) -> Forgotten {
    let day_ago = now - Duration::days(1);
    let month_ago = now - Duration::days(30);
    Forgotten {
        sessions: store::sessions::clean(ctx.db, session_idle, day_ago)
            .await
            .map_err(Into::into),
        idempotency_keys: store::idempotency::clean(ctx.db, day_ago)
            .await
            .map_err(Into::into),
        deliveries: store::webhooks::clean(ctx.db, month_ago)
            .await
            .map_err(Into::into),
        subscribe_requests: store::subscribers::forget_attempts(
            ctx.db,
            now - super::subscriptions::WINDOW,
        )
        .await
        .map_err(Into::into),
        reset_links: store::password_resets::clean(ctx.db, day_ago)
            .await
            .map_err(Into::into),
        sign_ins: store::sso::forget_pending(ctx.db, now - super::sso::PENDING_FOR)
            .await
            .map_err(Into::into),
        feed_events: store::feed::clean(ctx.db, now - FEED_KEPT)
            .await
            .map_err(Into::into),
    }
}
