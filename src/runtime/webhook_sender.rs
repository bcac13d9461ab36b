//! Sends queued webhook deliveries: claims due ones (several instances share the queue),
//! POSTs each signed body, records the attempt, and schedules a retry with backoff.

use std::time::{Duration as StdDuration, Instant};

use time::{Duration, OffsetDateTime};

use crate::AppState;
use crate::database::health::unavailable as database_unavailable;
use crate::domain::webhook::{Format, next_attempt, signature, slack_body};
use crate::store;
use crate::store::webhooks::{After, Claimed};

/// How long a claim holds a delivery: longer than a send can take.
const LEASE_SECONDS: f64 = 60.0;

/// A send gives up after this long.
const SEND_TIMEOUT: StdDuration = StdDuration::from_secs(10);

/// How much of a response body is kept.
const RESPONSE_KEPT: usize = 2000;

/// The HTTP client for webhooks: rustls with the system's certificates, no proxies.
pub fn client() -> reqwest::Client {
    static PROVIDER: std::sync::Once = std::sync::Once::new();
    PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .timeout(SEND_TIMEOUT)
        .connect_timeout(StdDuration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Murphy-Webhook/", env!("CARGO_PKG_VERSION")))
        .no_proxy()
        .build()
        .expect("the webhook HTTP client builds")
}

/// Sends every delivery due now; returns how many were attempted.
pub async fn deliver_due(state: &AppState) -> anyhow::Result<usize> {
    let mut attempted = 0;
    loop {
        let batch = store::webhooks::claim_due(&state.db, 16, LEASE_SECONDS).await?;
        if batch.is_empty() {
            return Ok(attempted);
        }
        attempted += batch.len();
        let sends = batch.into_iter().map(|d| send(state, d));
        for result in futures_util::future::join_all(sends).await {
            result?;
        }
    }
}

async fn send(state: &AppState, d: Claimed) -> anyhow::Result<()> {
    let body = match Format::parse(&d.format) {
        Some(Format::Slack) => slack_body(&d.payload),
        _ => d.payload.clone(),
    };
    let body = serde_json::to_vec(&body)?;
    let timestamp = OffsetDateTime::now_utc().unix_timestamp();
    let started = Instant::now();
    let result = state
        .webhook_client
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Murphy-Event", &d.event)
        .header("Murphy-Delivery", d.id.to_string())
        .header("Murphy-Timestamp", timestamp.to_string())
        .header("Murphy-Signature", signature(&d.secret, timestamp, &body))
        .body(body)
        .send()
        .await;
    let (status, response, error) = match result {
        Ok(r) => {
            let status = r.status().as_u16();
            let text = r.text().await.unwrap_or_default();
            let kept: String = text.chars().take(RESPONSE_KEPT).collect();
            (Some(i32::from(status)), kept, String::new())
        }
        Err(e) => (None, String::new(), describe(&e)),
    };
    let ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let ok = status.is_some_and(|s| (200..300).contains(&s));
    let attempts = d.attempts + 1;
    let after = if ok {
        After::Delivered
    } else {
        match next_attempt(attempts, state.webhook_retry, OffsetDateTime::now_utc()) {
            Some(at) => After::RetryAt(at),
            None => After::GiveUp,
        }
    };
    let outcome = match after {
        After::Delivered => "delivered",
        After::RetryAt(_) => "retry",
        After::GiveUp => "failed",
    };
    state.metrics.webhook_attempt(outcome);
    tracing::info!(delivery = %d.id, event = %d.event, status, outcome, ms, "webhook attempt");
    let mut tx = state.db.begin().await?;
    store::webhooks::record_attempt(&mut tx, d.id, status, &response, &error, ms, after).await?;
    tx.commit().await?;
    Ok(())
}

/// An error's chain in one line, without the URL's query (which may hold a token).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut text = kind.to_owned();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.chars().take(500).collect()
}

/// Runs until the pool closes: sends due deliveries every second, and at once when this or
/// another instance queues one (the live listener hears it). While the database is away it
/// waits; a round the database's going away cuts short is tried again when it is back.
pub async fn worker(state: AppState) {
    state.live.start();
    while !state.db.is_closed() {
        if state.health.is_up()
            && let Err(e) = deliver_due(&state).await
        {
            let unavailable = e.chain().any(|c| {
                c.downcast_ref::<sqlx::Error>()
                    .is_some_and(database_unavailable)
            });
            if state.db.is_closed() {
                return;
            } else if unavailable {
                tracing::debug!(error = %e, "webhook delivery round cut short by the database");
            } else {
                tracing::warn!(error = %e, "webhook delivery round failed");
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(StdDuration::from_secs(1)) => {}
            _ = state.live.webhooks_queued() => {}
        }
    }
}

/// The default wait before the first retry.
pub fn default_retry() -> Duration {
    Duration::seconds(10)
}
