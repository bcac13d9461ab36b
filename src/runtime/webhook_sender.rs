//! Sends queued webhook deliveries: claims due ones (several instances share the queue),
//! POSTs each signed body, records the attempt, and schedules a retry with backoff.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use time::{Duration, OffsetDateTime};

use crate::AppState;
use crate::database::health::unavailable as database_unavailable;
use crate::domain::destination::{Destinations, Host, host_of};
use crate::domain::webhook::{
    Format, created_issue, next_attempt, signature, slack_body, tracker_body,
};
use crate::store;
use crate::store::webhooks::{After, Claimed};

/// How long a claim holds a delivery: longer than a send can take.
const LEASE_SECONDS: f64 = 60.0;

/// How much of a tracker's answer is read to find the issue it created.
const TRACKER_ANSWER_READ: usize = 256 * 1024;

/// A send gives up after this long.
const SEND_TIMEOUT: StdDuration = StdDuration::from_secs(10);

/// How much of a response body is kept: enough to recognise an answer, not enough to make
/// Murphy a way to read what a receiver returns.
const RESPONSE_KEPT: usize = 200;

/// The HTTP client for webhooks: rustls with the system's certificates, no proxies, no
/// redirects, and connections only to addresses `allowed` permits (see [`Guarded`]).
pub fn client(allowed: Arc<Destinations>) -> reqwest::Client {
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
        .dns_resolver(Arc::new(Guarded(allowed)))
        .build()
        .expect("the webhook HTTP client builds")
}

/// Resolves a receiver's name and keeps only the addresses Murphy may send to, so the
/// address checked is the address connected to: a name that resolved to a public address
/// when the webhook was saved and to an internal one now (DNS rebinding) is refused now.
struct Guarded(Arc<Destinations>);

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.0.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if allowed.allows_host(&host) {
                return Ok(Box::new(found.into_iter()) as Addrs);
            }
            let mut refused = None;
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| match allowed.check_ip(a.ip()) {
                    Ok(()) => true,
                    Err(kind) => {
                        refused.get_or_insert((a.ip(), kind));
                        false
                    }
                })
                .collect();
            match (kept.is_empty(), refused) {
                (true, Some((ip, kind))) => {
                    Err(refusal(&format!("{host} resolves to {ip}"), kind).into())
                }
                _ => Ok(Box::new(kept.into_iter()) as Addrs),
            }
        })
    }
}

/// Why a send to an internal address was not made.
fn refusal(what: &str, kind: &str) -> String {
    format!(
        "refused: {what}, {kind}; Murphy sends webhooks inside the network only to \
         receivers MURPHY_WEBHOOK_ALLOW names"
    )
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
    let format = Format::parse(&d.format).unwrap_or(Format::Murphy);
    let body = match format {
        Format::Slack => slack_body(&d.payload),
        f if f.is_tracker() => tracker_body(f, &d.payload, &d.project),
        _ => d.payload.clone(),
    };
    let body = serde_json::to_vec(&body)?;
    // A subscriber's webhook was named by anyone on the internet: it goes only where
    // subscribers may send, never to the receivers the admins' webhooks may reach.
    let (destinations, client) = if d.subscriber {
        (&state.subscriber_destinations, &state.subscriber_client)
    } else {
        (&state.webhook_destinations, &state.webhook_client)
    };
    // An address in the URL is never resolved, so it is checked here.
    if let Some((Host::Ip(ip), _)) = host_of(&d.url)
        && let Err(kind) = destinations.check_ip(ip)
    {
        let error = refusal(&ip.to_string(), kind);
        state.metrics.webhook_attempt("failed");
        tracing::warn!(delivery = %d.id, event = %d.event, %error, "webhook refused");
        let mut tx = state.db.begin().await?;
        store::webhooks::record_attempt(&mut tx, d.id, None, "", &error, 0, After::GiveUp).await?;
        tx.commit().await?;
        return Ok(());
    }
    let timestamp = OffsetDateTime::now_utc().unix_timestamp();
    let started = Instant::now();
    let mut request = client
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Murphy-Event", &d.event)
        .header("Murphy-Delivery", d.id.to_string())
        .header("Murphy-Timestamp", timestamp.to_string())
        .header("Murphy-Signature", signature(&d.secret, timestamp, &body));
    if format.is_tracker() && !d.token.is_empty() {
        request = match format {
            Format::Gitlab => request.header("PRIVATE-TOKEN", &d.token),
            // Jira Cloud takes "email:API token" as Basic; a personal access token as Bearer.
            Format::Jira if d.token.contains(':') => {
                let (user, key) = d.token.split_once(':').unwrap_or_default();
                request.basic_auth(user, Some(key))
            }
            _ => request.bearer_auth(&d.token),
        }
        .header(reqwest::header::ACCEPT, "application/json");
    }
    let result = request.body(body).send().await;
    // A tracker's answer names the issue it made: read enough of it to find that.
    let reading = if format.is_tracker() {
        TRACKER_ANSWER_READ
    } else {
        RESPONSE_KEPT * 4
    };
    let mut issue = None;
    let (status, response, error) = match result {
        Ok(mut r) => {
            let status = r.status().as_u16();
            // Only the start of the reply is read: a receiver cannot make Murphy hold more.
            let mut start = Vec::new();
            while start.len() < reading {
                match r.chunk().await {
                    Ok(Some(chunk)) => start.extend_from_slice(&chunk),
                    _ => break,
                }
            }
            if format.is_tracker() && (200..300).contains(&status) {
                issue = serde_json::from_slice::<serde_json::Value>(&start)
                    .ok()
                    .and_then(|answer| created_issue(format, &d.url, &answer));
            }
            let text = String::from_utf8_lossy(&start);
            let kept: String = text
                .chars()
                .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
                .take(RESPONSE_KEPT)
                .collect();
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
    if let (Some(url), Some(item)) = (&issue, d.payload["data"]["action_item"]["id"].as_str())
        && let Ok(item) = item.parse()
    {
        store::action_items::link_issue(&mut tx, item, url).await?;
    }
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
