//! Sends the email outbox through the configured SMTP server: every instance claims due
//! messages for a while (so none is sent twice at once), retries failures with backoff and
//! gives up after the last try, leaving the error for the admin page.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::AppState;
use crate::store;
use crate::store::email::Queued;

/// Messages claimed at once, and for how long.
const BATCH: i64 = 20;
const CLAIM_SECS: f64 = 120.0;
/// Tries before a message is given up, and the wait before the second (it doubles).
const LAST_TRY: i32 = 8;
const FIRST_RETRY: time::Duration = time::Duration::seconds(30);
/// How often the outbox is looked at.
const EVERY: Duration = Duration::from_secs(2);

/// The SMTP server and the sender.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// "smtp.example.com:587, STARTTLS": what the admin page shows (never the password).
    pub description: String,
}

impl Mailer {
    /// From `MURPHY_SMTP_URL` and `MURPHY_MAIL_FROM`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("MURPHY_SMTP_URL is not an SMTP address: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("MURPHY_MAIL_FROM is not an address: {e}"))?;
        let parsed = url::Url::parse(url).ok();
        let host = parsed
            .as_ref()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let port = parsed.as_ref().and_then(|u| u.port());
        let security = match (
            parsed.as_ref().map(|u| u.scheme()),
            parsed.as_ref().and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "tls")
                    .map(|(_, v)| v.into_owned())
            }),
        ) {
            (Some("smtps"), _) => "TLS",
            (_, Some(t)) if t == "required" => "STARTTLS",
            (_, Some(t)) if t == "opportunistic" => "STARTTLS when offered",
            _ => "no encryption",
        };
        let description = match port {
            Some(p) => format!("{host}:{p}, {security}"),
            None => format!("{host}, {security}"),
        };
        Ok(Mailer {
            transport,
            from,
            description,
        })
    }

    pub fn from_address(&self) -> String {
        self.from.to_string()
    }

    async fn send(&self, m: &Queued) -> Result<(), String> {
        let to: Mailbox = m
            .to_address
            .parse()
            .map_err(|e| format!("not an address: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &m.unsubscribe_url {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder
            .body(m.body.clone())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// `List-Unsubscribe: <https://…>`: one click in the mail program unsubscribes.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_owned()))
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(
            Self::name(),
            "List-Unsubscribe=One-Click".to_owned(),
        )
    }
}

/// One round: sends what is due; how many were sent.
pub async fn send_due(state: &AppState) -> anyhow::Result<usize> {
    let Some(mailer) = &state.mailer else {
        return Ok(0);
    };
    let mut sent = 0;
    // Batch after batch while there is more: a notice to many subscribers goes out at
    // the server's pace, not one batch a round.
    loop {
        let due = store::email::claim_due(&state.db, BATCH, CLAIM_SECS).await?;
        let full = due.len() as i64 == BATCH;
        sent += send_batch(mailer, state, due).await?;
        if !full {
            return Ok(sent);
        }
    }
}

async fn send_batch(mailer: &Mailer, state: &AppState, due: Vec<Queued>) -> anyhow::Result<usize> {
    let mut sent = 0;
    for m in due {
        match mailer.send(&m).await {
            Ok(()) => {
                store::email::mark_sent(&state.db, m.id).await?;
                sent += 1;
            }
            Err(error) => {
                let wait = FIRST_RETRY * 2_i32.pow(m.attempts.clamp(0, 10) as u32);
                tracing::warn!(to = %m.to_address, error = %error, "sending an email failed");
                store::email::mark_failed(&state.db, m.id, &error, wait, LAST_TRY).await?;
            }
        }
    }
    Ok(sent)
}

/// Sends the outbox for as long as Murphy runs (nothing when no SMTP server is set).
pub async fn worker(state: AppState) {
    if state.mailer.is_none() {
        return;
    }
    loop {
        if let Err(e) = send_due(&state).await {
            tracing::warn!(error = %e, "the mailer's round failed");
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// The mailer for `config`, if an SMTP server is set.
pub fn from_config(url: Option<&str>, from: &str) -> anyhow::Result<Option<Arc<Mailer>>> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => Ok(Some(Arc::new(Mailer::new(url, from)?))),
        None => Ok(None),
    }
}
