//! The instance's one LISTEN connection. It hears four channels:
//! - live updates (PostgreSQL NOTIFY → a broadcast channel → server-sent event streams), so
//!   that several instances behind a load balancer stay live;
//! - announcements that something [`crate::runtime::cache`] copies has changed, so that every
//!   instance drops its copies when the changing transaction commits;
//! - webhook deliveries queued (by any instance), which wake the webhook sender;
//! - additions to the change feed, which wake the API's followers (`GET /api/v1/events`).
//!
//! The listener starts with the first request (or explicitly at start-up) and reconnects
//! after a lost connection; while it is away the caches copy nothing, and when it is back
//! every open event stream is told to reload what it shows (changes made meanwhile were
//! not heard).

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
use crate::store::feed::FEED_CHANNEL;
use crate::store::webhooks::QUEUE_CHANNEL;

/// The longest wait between two tries to connect again.
const MOST_PATIENT: Duration = Duration::from_secs(2);

/// How long a subscriber waits for the listener to connect before giving up.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Something changed on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Event {
    pub incident: crate::domain::ids::IncidentId,
    /// timeline, team or status.
    pub what: String,
}

/// What an event stream hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    Changed(Event),
    /// The listener was away: anything may have changed.
    Resync,
}

pub struct Live {
    pool: PgPool,
    caches: Arc<Caches>,
    sender: broadcast::Sender<Signal>,
    started: AtomicBool,
    connected: watch::Sender<bool>,
    /// Set when Murphy shuts down: event streams end so that requests can drain.
    closing: watch::Sender<bool>,
    /// Woken when a webhook delivery is queued.
    webhooks_queued: tokio::sync::Notify,
    /// Counts the change feed's notices (and reconnections, after which anything may have
    /// changed): followers waiting for news watch it.
    feed: watch::Sender<u64>,
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
            closing: watch::Sender::new(false),
            webhooks_queued: tokio::sync::Notify::new(),
            feed: watch::Sender::new(0),
        })
    }

    /// Whether the listener hears PostgreSQL now.
    pub fn is_connected(&self) -> bool {
        *self.connected.borrow()
    }

    /// Ends every event stream (at shutdown: browsers reconnect to another instance).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Live::close`] has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|c| *c).await;
        }
    }

    /// Resolves when a webhook delivery is queued by any instance.
    pub async fn webhooks_queued(&self) {
        self.webhooks_queued.notified().await;
    }

    /// Starts the listener unless it runs already. Cheap enough for every request.
    pub fn start(self: &Arc<Self>) {
        if !self.started.load(Ordering::Acquire) && !self.started.swap(true, Ordering::AcqRel) {
            tokio::spawn(listen(self.clone()));
        }
    }

    /// A watch of the change feed, once the listener hears PostgreSQL: it changes when any
    /// instance adds to the feed.
    pub async fn feed(self: &Arc<Self>) -> anyhow::Result<watch::Receiver<u64>> {
        let receiver = self.feed.subscribe();
        self.connected().await?;
        Ok(receiver)
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
    pub async fn subscribe(self: &Arc<Self>) -> anyhow::Result<broadcast::Receiver<Signal>> {
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
        match notification.channel() {
            CACHE_CHANNEL => return self.caches.heard(notification.payload()),
            QUEUE_CHANNEL => return self.webhooks_queued.notify_one(),
            FEED_CHANNEL => return self.feed.send_modify(|n| *n += 1),
            _ => {}
        }
        match serde_json::from_str::<Event>(notification.payload()) {
            Ok(event) => {
                let _ = self.sender.send(Signal::Changed(event));
            }
            Err(e) => tracing::warn!(error = %e, "unreadable live event"),
        }
    }
}

async fn connect(pool: &PgPool) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported at once; reconnecting is done here, knowingly.
    listener.eager_reconnect(false);
    listener
        .listen_all([CHANNEL, CACHE_CHANNEL, QUEUE_CHANNEL, FEED_CHANNEL])
        .await?;
    Ok(listener)
}

async fn listen(live: Arc<Live>) {
    let mut wait = Duration::from_millis(250);
    let mut lost_once = false;
    while !live.pool.is_closed() {
        match connect(&live.pool).await {
            Ok(mut listener) => {
                wait = Duration::from_millis(250);
                live.caches.set_listening(true);
                live.connected.send_replace(true);
                if lost_once {
                    tracing::info!("the live listener hears the database again");
                    let _ = live.sender.send(Signal::Resync);
                    // A delivery queued meanwhile was not announced, nor were changes.
                    live.webhooks_queued.notify_one();
                    live.feed.send_modify(|n| *n += 1);
                }
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
                lost_once = true;
                tracing::warn!(error = %lost, "the live listener lost its connection");
            }
            Err(e) if live.pool.is_closed() => {
                tracing::debug!(error = %e, "the live listener stops with the pool");
                break;
            }
            Err(e) => {
                lost_once = true;
                tracing::debug!(error = %e, "the live listener cannot connect");
            }
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(MOST_PATIENT);
    }
    live.started.store(false, Ordering::Release);
}
