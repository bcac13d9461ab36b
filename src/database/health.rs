//! Whether the database can be reached, as this instance knows it.
//!
//! Three things tell [`Health`] about the database: the watchdog ([`watch`]), which asks it
//! a trivial question over its own connection every second (four times a second while it
//! is away); the supervisor of the embedded server, which sees the server die and come
//! back; and requests, which report a connection that broke under them. While the database
//! is away, requests that need it are answered at once with 503 instead of waiting for it
//! (see `web::health::gate`), and connections opened before the loss are not handed out
//! again.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};
use time::OffsetDateTime;
use tokio::sync::Notify;

/// How often the watchdog asks while the database answers, and while it does not.
const EVERY_WHILE_UP: Duration = Duration::from_secs(1);
const EVERY_WHILE_DOWN: Duration = Duration::from_millis(250);
/// A question not answered within this long counts as no answer.
const PATIENCE: Duration = Duration::from_secs(2);

/// The instant durations in [`Health`] are counted from.
static ORIGIN: LazyLock<Instant> = LazyLock::new(Instant::now);

fn since_origin(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(*ORIGIN).as_nanos()).unwrap_or(u64::MAX)
}

/// What this instance knows about its database.
#[derive(Debug)]
pub struct Health {
    up: AtomicBool,
    state: Mutex<State>,
    /// When connections were last found broken (nanoseconds after [`ORIGIN`]): pooled
    /// connections opened before it are discarded instead of handed out.
    lost_at: AtomicU64,
    check_now: Notify,
    outages: AtomicU64,
    restarts: AtomicU64,
}

#[derive(Debug, Default)]
struct State {
    /// When the current outage began.
    since: Option<OffsetDateTime>,
    /// The watchdog's last failure, while it fails.
    unreachable: Option<String>,
    /// Why the embedded server is not running, while it is not.
    server: Option<String>,
}

/// A snapshot for `/readyz` and `/metrics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub up: bool,
    /// Why the database cannot be used, while it cannot.
    pub reason: Option<String>,
    /// When the current outage began.
    pub since: Option<OffsetDateTime>,
    /// Times the database went away since Murphy started.
    pub outages: u64,
    /// Times the embedded server was restarted after it died.
    pub restarts: u64,
}

impl Default for Health {
    fn default() -> Self {
        LazyLock::force(&ORIGIN);
        Health {
            up: AtomicBool::new(true),
            state: Mutex::new(State::default()),
            lost_at: AtomicU64::new(0),
            check_now: Notify::new(),
            outages: AtomicU64::new(0),
            restarts: AtomicU64::new(0),
        }
    }
}

impl Health {
    /// A database believed reachable, with nobody watching it yet.
    pub fn new() -> Arc<Health> {
        Arc::new(Health::default())
    }

    /// Whether requests may use the database. One atomic load: called on every request.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Acquire)
    }

    pub fn status(&self) -> Status {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        Status {
            up: self.is_up(),
            reason: state.server.clone().or_else(|| state.unreachable.clone()),
            since: state.since,
            outages: self.outages.load(Ordering::Relaxed),
            restarts: self.restarts.load(Ordering::Relaxed),
        }
    }

    /// A request found its connection broken: the connections opened until now are not
    /// handed out again, and the watchdog asks at once whether the database is away.
    pub fn connection_lost(&self) {
        let now = since_origin(Instant::now()).max(1);
        self.lost_at.fetch_max(now, Ordering::AcqRel);
        self.check_now.notify_one();
    }

    /// Whether a pooled connection this old was opened before connections were last found
    /// broken.
    pub fn predates_loss(&self, age: Duration) -> bool {
        let lost_at = self.lost_at.load(Ordering::Acquire);
        lost_at > 0
            && Instant::now()
                .checked_sub(age)
                .is_some_and(|opened| since_origin(opened) < lost_at)
    }

    /// The embedded server is not running, and why.
    pub fn server_down(&self, why: String) {
        self.connection_lost();
        self.update(|s| s.server = Some(why));
    }

    /// The embedded server runs again after it died.
    pub fn server_restarted(&self) {
        self.restarts.fetch_add(1, Ordering::Relaxed);
        self.update(|s| s.server = None);
        self.check_now.notify_one();
    }

    fn answered(&self) {
        self.update(|s| s.unreachable = None);
    }

    fn unanswered(&self, why: String) {
        self.update(|s| s.unreachable = Some(why));
    }

    /// Changes the state and, when that moves the database between up and away, says so in
    /// the log.
    fn update(&self, change: impl FnOnce(&mut State)) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut state);
        let up = state.server.is_none() && state.unreachable.is_none();
        let was_up = self.up.swap(up, Ordering::AcqRel);
        match (was_up, up) {
            (true, false) => {
                self.outages.fetch_add(1, Ordering::Relaxed);
                state.since = Some(OffsetDateTime::now_utc());
                let why = state.server.as_deref().or(state.unreachable.as_deref());
                tracing::error!(
                    why = why.unwrap_or_default(),
                    "the database is away: requests that need it are answered 503 until it is back"
                );
            }
            (false, true) => {
                let away = state
                    .since
                    .take()
                    .map_or(0.0, |s| (OffsetDateTime::now_utc() - s).as_seconds_f64());
                tracing::info!(away_seconds = away, "the database is back");
            }
            _ => {}
        }
    }
}

/// Whether `error` means the database cannot be used right now (rather than that the
/// request was wrong): a broken or refused connection, a server shutting down or starting
/// up, a read-only server after a fail-over, no free connection.
pub fn unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(e) => e.code().is_some_and(|code| {
            // connection_exception, admin/crash shutdown, cannot connect now,
            // too many connections, read-only transaction (a replica after a fail-over)
            code.starts_with("08")
                || matches!(&*code, "57P01" | "57P02" | "57P03" | "53300" | "25006")
        }),
        _ => false,
    }
}

/// The watchdog: asks the database `SELECT 1` over a connection of its own every second,
/// and four times a second while it is away, until `stop` is notified.
pub async fn watch(health: Arc<Health>, options: PgConnectOptions, stop: Arc<Notify>) {
    let options = options.application_name("murphy watchdog");
    let mut conn: Option<PgConnection> = None;
    loop {
        let asked = tokio::time::timeout(PATIENCE, ask(&mut conn, &options)).await;
        match asked {
            Ok(Ok(())) => health.answered(),
            Ok(Err(e)) => {
                if conn.take().is_some() {
                    // The server dropped a connection that worked: so did it the pool's.
                    health.connection_lost();
                }
                health.unanswered(format!("PostgreSQL cannot be reached: {e}"));
            }
            Err(_) => {
                conn = None;
                health.unanswered(format!(
                    "PostgreSQL does not answer within {} s",
                    PATIENCE.as_secs()
                ));
            }
        }
        let every = if health.is_up() {
            EVERY_WHILE_UP
        } else {
            EVERY_WHILE_DOWN
        };
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = health.check_now.notified() => {}
            _ = stop.notified() => return,
        }
    }
}

async fn ask(conn: &mut Option<PgConnection>, options: &PgConnectOptions) -> sqlx::Result<()> {
    if conn.is_none() {
        *conn = Some(PgConnection::connect_with(options).await?);
    }
    let Some(open) = conn.as_mut() else {
        return Ok(());
    };
    open.ping().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_away_while_any_source_says_so() {
        let health = Health::default();
        assert!(health.is_up());
        health.server_down("the embedded PostgreSQL stopped".into());
        health.unanswered("refused".into());
        let status = health.status();
        assert!(!status.up);
        assert_eq!(
            status.reason.as_deref(),
            Some("the embedded PostgreSQL stopped"),
            "the supervisor knows best"
        );
        assert!(status.since.is_some());
        health.server_restarted();
        assert!(!health.is_up(), "until the watchdog hears it");
        assert_eq!(health.status().reason.as_deref(), Some("refused"));
        health.answered();
        let status = health.status();
        assert_eq!((status.up, status.outages, status.restarts), (true, 1, 1));
        assert_eq!((status.reason, status.since), (None, None));
    }

    #[test]
    fn connections_opened_before_a_loss_are_not_handed_out() {
        let health = Health::default();
        assert!(!health.predates_loss(Duration::from_secs(3600)));
        std::thread::sleep(Duration::from_millis(5));
        health.connection_lost();
        assert!(health.predates_loss(Duration::from_millis(2)));
        std::thread::sleep(Duration::from_millis(5));
        assert!(!health.predates_loss(Duration::from_millis(1)));
    }

    #[test]
    fn broken_connections_are_unavailability_and_bad_queries_are_not() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(unavailable(&sqlx::Error::Io(refused)));
        assert!(unavailable(&sqlx::Error::PoolTimedOut));
        assert!(!unavailable(&sqlx::Error::RowNotFound));
        assert!(!unavailable(&sqlx::Error::ColumnNotFound("x".into())));
    }
}
