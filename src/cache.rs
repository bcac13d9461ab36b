//! Per-instance copies of what nearly every request reads: the session or API token behind
//! it, and the lists pages offer as choices (service names, active people).
//!
//! A copy is trusted only while this instance hears PostgreSQL's announcements of changes
//! (the `murphy_cache` channel, raised by triggers on the tables copied; see [`crate::live`]
//! for the listener). Every announcement, and every change made through this instance, moves
//! one generation counter on, and a copy taken in an earlier generation is never used
//! again. While the listener is not connected nothing is copied and every request asks the
//! database, so a sign-out, a revoked token or a deactivated account takes effect on every
//! instance as soon as its transaction commits. Copies also age out after a minute.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;
use time::OffsetDateTime;
use tokio::sync::watch;
use uuid::Uuid;

use crate::domain::incident::Incident;
use crate::domain::person::Person;
use crate::store;
use crate::store::incident_page::Extras;

/// The channel the triggers announce changes on.
pub const CHANNEL: &str = "murphy_cache";
/// The longest a copy is used, announcements or not.
const FRESH_FOR: Duration = Duration::from_secs(60);
/// Sessions and tokens kept at most; past this the copies start again empty.
const MOST_KEPT: usize = 10_000;
/// Incident pages kept at most; past this the oldest copies go.
const MOST_PAGES: usize = 200;
/// The most text all kept pages may hold together, and one page on its own.
const MOST_PAGE_BYTES: usize = 16 << 20;
const LARGEST_PAGE_KEPT: usize = 1 << 20;

pub use crate::store::sessions::SessionRow as SessionCopy;

/// An API token's owner, the token's id and when it was last used.
#[derive(Debug, Clone)]
pub struct TokenCopy {
    pub person: Person,
    pub token_id: Uuid,
    pub last_used_at: Option<OffsetDateTime>,
}

/// What the incident page shows beside the incident row, with its Markdown rendered: kept
/// per incident while its page version (see `store::incident_page`) stays the same.
#[derive(Debug, Clone)]
pub struct PageCopy {
    pub extras: Extras,
    /// The incident's summary and customer impact as written, and as sanitised HTML.
    pub summary: String,
    pub customer_impact: String,
    pub summary_html: String,
    pub impact_html: String,
    /// Each timeline entry's note as sanitised HTML (`None` for system entries).
    pub entry_html: Vec<Option<String>>,
}

impl PageCopy {
    /// Roughly how much memory the copy's text takes: what bounds how many are kept.
    pub fn bytes(&self) -> usize {
        let e = &self.extras;
        let entries: usize = e
            .entries
            .iter()
            .map(|x| 200 + x.body.len() + x.detail.as_ref().map_or(0, |d| d.to_string().len()))
            .sum();
        let html: usize = self.entry_html.iter().flatten().map(String::len).sum();
        let lists = 200
            * (e.team.assignments.len()
                + e.events.len()
                + e.updates.len()
                + e.tasks.len()
                + e.affected.len()
                + e.alerts.len())
            + e.events
                .iter()
                .map(|x| {
                    x.before.as_ref().map_or(0, |v| v.to_string().len())
                        + x.after.as_ref().map_or(0, |v| v.to_string().len())
                })
                .sum::<usize>()
            + e.updates
                .iter()
                .map(|u| u.status.len() + u.impact.len())
                .sum::<usize>();
        entries
            + html
            + lists
            + self.summary.len() * 2
            + self.customer_impact.len() * 2
            + self.summary_html.len()
            + self.impact_html.len()
    }
}

struct Kept<T> {
    generation: u64,
    at: Instant,
    value: T,
}

type Slot<T> = Mutex<Option<Kept<Arc<Vec<T>>>>>;
/// Kept incident pages by incident, each with its size in bytes (see [`PageCopy::bytes`]).
type Pages = Mutex<HashMap<Uuid, Kept<(Arc<PageCopy>, usize)>>>;

pub struct Caches {
    generation: AtomicU64,
    listening: AtomicBool,
    /// The last `sync:N` announcement the listener heard.
    synced: watch::Sender<u64>,
    next_sync: AtomicU64,
    sessions: Mutex<HashMap<Vec<u8>, Kept<SessionCopy>>>,
    tokens: Mutex<HashMap<Vec<u8>, Kept<TokenCopy>>>,
    services: Slot<String>,
    people: Slot<Person>,
    pages: Pages,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            synced: watch::Sender::new(0),
            next_sync: AtomicU64::new(0),
            sessions: Mutex::default(),
            tokens: Mutex::default(),
            services: Mutex::default(),
            people: Mutex::default(),
            pages: Mutex::default(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Caches {
    pub fn new() -> Self {
        Self::default()
    }

    /// The generation to stamp a copy with (pass it to a `keep_…` method), taken before
    /// reading what is copied; `None` while nothing may be copied.
    pub fn stamp(&self) -> Option<u64> {
        // The flag is read after the counter: a listener that comes back moves the counter
        // on before it sets the flag, so a stamp taken while it was away never matches.
        let generation = self.generation.load(Ordering::Acquire);
        self.listening.load(Ordering::Acquire).then_some(generation)
    }

    fn usable<T>(&self, kept: &Kept<T>) -> bool {
        self.listening.load(Ordering::Acquire)
            && kept.generation == self.generation.load(Ordering::Acquire)
            && kept.at.elapsed() < FRESH_FOR
    }

    /// Something copied may have changed: no copy taken before now is used again.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        lock(&self.sessions).clear();
        lock(&self.tokens).clear();
        *lock(&self.services) = None;
        *lock(&self.people) = None;
        lock(&self.pages).clear();
    }

    /// The listener is (or is no longer) hearing announcements.
    pub(crate) fn set_listening(&self, listening: bool) {
        if listening {
            // Anything may have changed while nobody listened.
            self.changed();
            self.listening.store(true, Ordering::Release);
        } else {
            self.listening.store(false, Ordering::Release);
            self.changed();
        }
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// An announcement arrived on [`CHANNEL`].
    pub(crate) fn heard(&self, payload: &str) {
        match payload
            .strip_prefix("sync:")
            .and_then(|n| n.parse::<u64>().ok())
        {
            Some(n) => {
                self.synced.send_if_modified(|seen| {
                    let newer = n > *seen;
                    if newer {
                        *seen = n;
                    }
                    newer
                });
            }
            None => self.changed(),
        }
    }

    /// A number for a `sync:N` announcement, and a receiver that sees it arrive.
    pub(crate) fn next_sync(&self) -> (u64, watch::Receiver<u64>) {
        (
            self.next_sync.fetch_add(1, Ordering::AcqRel) + 1,
            self.synced.subscribe(),
        )
    }

    /// The session with this digest, if a usable copy says it is still live.
    pub fn session(
        &self,
        digest: &[u8],
        now: OffsetDateTime,
        idle: time::Duration,
    ) -> Option<SessionCopy> {
        let sessions = lock(&self.sessions);
        let kept = sessions.get(digest)?;
        (self.usable(kept) && kept.value.expires_at > now && kept.value.last_seen_at > now - idle)
            .then(|| kept.value.clone())
    }

    pub fn keep_session(&self, stamp: Option<u64>, digest: Vec<u8>, session: SessionCopy) {
        keep(self, &self.sessions, stamp, digest, session);
    }

    /// Notes that the session's last use was written as `at`.
    pub fn session_touched(&self, digest: &[u8], at: OffsetDateTime) {
        if let Some(kept) = lock(&self.sessions).get_mut(digest) {
            kept.value.last_seen_at = at;
        }
    }

    /// The token with this digest, if a usable copy holds it.
    pub fn token(&self, digest: &[u8]) -> Option<TokenCopy> {
        let tokens = lock(&self.tokens);
        let kept = tokens.get(digest)?;
        self.usable(kept).then(|| kept.value.clone())
    }

    pub fn keep_token(&self, stamp: Option<u64>, digest: Vec<u8>, token: TokenCopy) {
        keep(self, &self.tokens, stamp, digest, token);
    }

    /// Notes that the token's last use was written as `at`.
    pub fn token_touched(&self, digest: &[u8], at: OffsetDateTime) {
        if let Some(kept) = lock(&self.tokens).get_mut(digest) {
            kept.value.last_used_at = Some(at);
        }
    }

    /// The kept page of this incident, if it was read at `page_version` (and rendered from
    /// the incident's current summary and customer impact).
    pub fn page(&self, incident: &Incident, page_version: i64) -> Option<Arc<PageCopy>> {
        let pages = lock(&self.pages);
        let kept = pages.get(&incident.id)?;
        let page = &kept.value.0;
        let current = self.usable(kept)
            && page.extras.page_version == page_version
            && page.summary == incident.summary
            && page.customer_impact == incident.customer_impact;
        current.then(|| page.clone())
    }

    pub fn keep_page(&self, stamp: Option<u64>, incident_id: Uuid, page: Arc<PageCopy>) {
        let Some(generation) = stamp else { return };
        let bytes = page.bytes();
        if bytes > LARGEST_PAGE_KEPT {
            return;
        }
        let mut pages = lock(&self.pages);
        if generation != self.generation.load(Ordering::Acquire) {
            return;
        }
        pages.remove(&incident_id);
        // The oldest copies go until this one fits.
        let mut held: usize = pages.values().map(|k| k.value.1).sum();
        while pages.len() >= MOST_PAGES || held + bytes > MOST_PAGE_BYTES {
            let Some(oldest) = pages.iter().min_by_key(|(_, k)| k.at).map(|(id, _)| *id) else {
                break;
            };
            if let Some(gone) = pages.remove(&oldest) {
                held -= gone.value.1;
            }
        }
        pages.insert(
            incident_id,
            Kept {
                generation,
                at: Instant::now(),
                value: (page, bytes),
            },
        );
    }

    /// Every service's name, by name.
    pub async fn service_names(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<String>>> {
        if let Some(v) = self.list(&self.services) {
            return Ok(v);
        }
        let stamp = self.stamp();
        let names = Arc::new(store::services::names(db).await?);
        self.keep_list(&self.services, stamp, names.clone());
        Ok(names)
    }

    /// Replaces a service name typed in any case with its stored spelling (left as typed
    /// when no service has it, so that it matches nothing).
    pub async fn canonicalise(&self, db: &PgPool, name: &mut Option<String>) -> sqlx::Result<()> {
        if let Some(typed) = name.as_mut() {
            let names = self.service_names(db).await?;
            if let Some(stored) = names
                .iter()
                .find(|n| n.to_lowercase() == typed.to_lowercase())
            {
                *typed = stored.clone();
            }
        }
        Ok(())
    }

    /// Active people, by name.
    pub async fn active_people(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<Person>>> {
        if let Some(v) = self.list(&self.people) {
            return Ok(v);
        }
        let stamp = self.stamp();
        let people: Vec<Person> = store::people::list(db)
            .await?
            .into_iter()
            .filter(|p| p.active)
            .collect();
        let people = Arc::new(people);
        self.keep_list(&self.people, stamp, people.clone());
        Ok(people)
    }

    fn list<T>(&self, slot: &Slot<T>) -> Option<Arc<Vec<T>>> {
        lock(slot)
            .as_ref()
            .filter(|kept| self.usable(kept))
            .map(|kept| kept.value.clone())
    }

    fn keep_list<T>(&self, slot: &Slot<T>, stamp: Option<u64>, value: Arc<Vec<T>>) {
        let Some(generation) = stamp else { return };
        let mut slot = lock(slot);
        // Checked under the lock: `changed` clears after moving the counter on.
        if generation == self.generation.load(Ordering::Acquire) {
            *slot = Some(Kept {
                generation,
                at: Instant::now(),
                value,
            });
        }
    }
}

fn keep<T>(
    caches: &Caches,
    map: &Mutex<HashMap<Vec<u8>, Kept<T>>>,
    stamp: Option<u64>,
    key: Vec<u8>,
    value: T,
) {
    let Some(generation) = stamp else { return };
    let mut map = lock(map);
    if generation != caches.generation.load(Ordering::Acquire) {
        return;
    }
    if map.len() >= MOST_KEPT {
        map.clear();
    }
    map.insert(
        key,
        Kept {
            generation,
            at: Instant::now(),
            value,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Role;

    fn copy() -> SessionCopy {
        let now = OffsetDateTime::now_utc();
        SessionCopy {
            person: Person {
                id: Uuid::nil(),
                email: "a@example.com".into(),
                display_name: "A".into(),
                role: Role::Viewer,
                active: true,
                version: 1,
                created_at: now,
            },
            csrf_token: "t".into(),
            last_seen_at: now,
            expires_at: now + time::Duration::days(1),
        }
    }

    const IDLE: time::Duration = time::Duration::hours(12);

    #[test]
    fn nothing_is_kept_while_nobody_listens() {
        let caches = Caches::new();
        caches.keep_session(caches.stamp(), vec![1], copy());
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_none()
        );
    }

    #[test]
    fn a_copy_read_before_a_change_is_not_kept() {
        let caches = Caches::new();
        caches.set_listening(true);
        let stamp = caches.stamp();
        caches.heard("session");
        caches.keep_session(stamp, vec![1], copy());
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_none()
        );

        let stamp = caches.stamp();
        caches.keep_session(stamp, vec![1], copy());
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_some()
        );
        caches.heard("person");
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_none()
        );
    }

    #[test]
    fn losing_the_listener_drops_every_copy() {
        let caches = Caches::new();
        caches.set_listening(true);
        caches.keep_session(caches.stamp(), vec![1], copy());
        caches.set_listening(false);
        caches.set_listening(true);
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_none()
        );
    }

    #[test]
    fn ended_and_idle_sessions_are_not_served_from_a_copy() {
        let caches = Caches::new();
        caches.set_listening(true);
        let now = OffsetDateTime::now_utc();
        let mut ended = copy();
        ended.expires_at = now - time::Duration::seconds(1);
        caches.keep_session(caches.stamp(), vec![1], ended);
        let mut idle = copy();
        idle.last_seen_at = now - time::Duration::hours(13);
        caches.keep_session(caches.stamp(), vec![2], idle);
        assert!(caches.session(&[1], now, IDLE).is_none());
        assert!(caches.session(&[2], now, IDLE).is_none());
    }

    fn page(summary_bytes: usize, page_version: i64) -> (Incident, Arc<PageCopy>) {
        use crate::domain::incident::{Kind, Milestones, Severity, Source, Status};
        let now = OffsetDateTime::now_utc();
        let incident = Incident {
            id: Uuid::now_v7(),
            number: 1,
            title: "t".into(),
            summary: "x".repeat(summary_bytes),
            kind: Kind::Outage,
            severity: Severity::Sev1,
            status: Status::Investigating,
            customer_impact: String::new(),
            source: Source::Form,
            services: Vec::new(),
            milestones: Milestones {
                impact_started_at: now,
                detected_at: None,
                acknowledged_at: None,
                mitigated_at: None,
                resolved_at: None,
                closed_at: None,
            },
            restricted: false,
            created_by: None,
            runbook_url: String::new(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let copy = PageCopy {
            extras: Extras {
                page_version,
                ..Extras::default()
            },
            summary: incident.summary.clone(),
            customer_impact: String::new(),
            summary_html: String::new(),
            impact_html: String::new(),
            entry_html: Vec::new(),
        };
        (incident, Arc::new(copy))
    }

    #[test]
    fn pages_are_kept_by_version_and_within_their_memory() {
        let caches = Caches::new();
        caches.set_listening(true);
        let (incident, copy) = page(1000, 3);
        caches.keep_page(caches.stamp(), incident.id, copy);
        assert!(caches.page(&incident, 3).is_some());
        assert!(caches.page(&incident, 4).is_none(), "a newer version");
        let mut edited = incident.clone();
        edited.summary.push('!');
        assert!(caches.page(&edited, 3).is_none(), "an edited summary");

        // Too large on its own: not kept.
        let (big, copy) = page(LARGEST_PAGE_KEPT, 1);
        caches.keep_page(caches.stamp(), big.id, copy);
        assert!(caches.page(&big, 1).is_none());

        // Many large pages: the oldest go, and what is kept stays within the bound.
        let mut kept = Vec::new();
        for _ in 0..40 {
            let (i, copy) = page(LARGEST_PAGE_KEPT / 3, 1);
            caches.keep_page(caches.stamp(), i.id, copy);
            kept.push(i);
        }
        let held: usize = lock(&caches.pages).values().map(|k| k.value.1).sum();
        assert!(held <= MOST_PAGE_BYTES, "{held}");
        assert!(caches.page(&kept[39], 1).is_some(), "the newest stays");
        assert!(caches.page(&kept[0], 1).is_none(), "the oldest went");
    }

    #[test]
    fn sync_announcements_are_not_changes() {
        let caches = Caches::new();
        caches.set_listening(true);
        caches.keep_session(caches.stamp(), vec![1], copy());
        let (n, seen) = caches.next_sync();
        caches.heard(&format!("sync:{n}"));
        assert_eq!(*seen.borrow(), n);
        assert!(
            caches
                .session(&[1], OffsetDateTime::now_utc(), IDLE)
                .is_some()
        );
    }
}
