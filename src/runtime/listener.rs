//! The instance's one LISTEN connection. It hears two channels:
//! - live updates (PostgreSQL NOTIFY → a broadcast channel → server-sent event streams), so
//!   that several instances behind a load balancer stay live;
//! - announcements that something [`crate::runtime::cache`] copies has changed, so that every
//!   instance drops its copies when the changing transaction commits.
//!
//! The listener starts with the first request (or explicitly at start-up) and reconnects
//! after a lost connection; while it is away the caches copy nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgNotification};
use tokio::sync::{broadcast, watch};

use crate::runtime::cache::Caches;
use crate::store::events::{self, CACHE_CHANNEL, CHANNEL};

/// How long a subscriber waits for the listener to connect before giving up.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Something changed on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Event {
    pub incident: crate::domain::ids::IncidentId,
    /// timeline, team or status.
    pub what: String,
}

pub struct Live {
    pool: PgPool,
    caches: Arc<Caches>,
    sender: broadcast::Sender<Event>,
    started: AtomicBool,
    connected: watch::Sender<bool>,
}

impl Live {
    pub fn new(pool: PgPool, caches: Arc<Caches>) -> Arc<Live> {
        let (sender, _) = broadcast::channel(1024);
        Arc::new(Live {
            pool,
            caches,
            sender,
            started: AtomicBool::new(false),
            connected: watch::Sender::new(false),
        })
    }

    /// Starts the listener unless it runs already. Cheap enough for every request.
    pub fn start(self: &Arc<Self>) {
        if !self.started.load(Ordering::Acquire) && !self.started.swap(true, Ordering::AcqRel) {
            tokio::spawn(listen(self.clone()));
        }
    }

    /// Waits until the listener hears PostgreSQL.
    async fn connected(self: &Arc<Self>) -> anyhow::Result<()> {
        self.start();
        let mut connected = self.connected.subscribe();
        tokio::time::timeout(CONNECT_WAIT, connected.wait_for(|c| *c))
            .await
            .context("the live listener did not connect")?
            .context("the live listener stopped")?;
        Ok(())
    }

    /// A receiver of every event from now on. Returns once PostgreSQL has confirmed the
    /// LISTEN, so nothing committed after it is missed.
    pub async fn subscribe(self: &Arc<Self>) -> anyhow::Result<broadcast::Receiver<Event>> {
        let receiver = self.sender.subscribe();
        self.connected().await?;
        Ok(receiver)
    }

    /// Returns once every change committed before the call has reached this instance's
    /// caches: announcements arrive in commit order, so hearing one sent now is enough. An
    /// announcement sent while the listener was reconnecting is lost, so it is sent again.
    pub async fn settle(self: &Arc<Self>) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + CONNECT_WAIT;
        loop {
            self.connected().await?;
            let (n, mut seen) = self.caches.next_sync();
            let payload = format!("sync:{n}");
            events::mark_cache_channel(&self.pool, &payload).await?;
            let wait = tokio::time::timeout(Duration::from_millis(500), seen.wait_for(|s| *s >= n));
            if let Ok(heard) = wait.await {
                heard.context("the live listener stopped")?;
                return Ok(());
            }
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "the cache announcement did not come back"
            );
        }
    }

    fn heard(&self, notification: PgNotification) {
        if notification.channel() == CACHE_CHANNEL {
            self.caches.heard(notification.payload());
            return;
        }
        match serde_json::from_str::<Event>(notification.payload()) {
            Ok(event) => {
                let _ = self.sender.send(event);
            }
            Err(e) => tracing::warn!(error = %e, "unreadable live event"),
        }
    }
}

async fn connect(pool: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported at once; reconnecting is done here, knowingly.
    listener.eager_reconnect(false);
    listener.listen_all([CHANNEL, CACHE_CHANNEL]).await?;
    Ok(listener)
}

async fn listen(live: Arc<Live>) {
    let mut wait = Duration::from_millis(250);
    while !live.pool.is_closed() {
        match connect(&live.pool).await {
            Ok(mut listener) => {
                wait = Duration::from_millis(250);
                live.caches.set_listening(true);
                live.connected.send_replace(true);
                let lost = loop {
                    match listener.try_recv().await {
                        Ok(Some(notification)) => live.heard(notification),
                        Ok(None) => break "connection lost".to_owned(),
                        Err(e) => break e.to_string(),
                    }
                };
                live.connected.send_replace(false);
                live.caches.set_listening(false);
                if live.pool.is_closed() {
                    break;
                }
                tracing::warn!(error = %lost, "the live listener lost its connection");
            }
            Err(e) if live.pool.is_closed() => {
                tracing::debug!(error = %e, "the live listener stops with the pool");
                break;
            }
            Err(e) => tracing::warn!(error = %e, "the live listener cannot connect"),
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(10));
    }
    live.started.store(false, Ordering::Release);
}
