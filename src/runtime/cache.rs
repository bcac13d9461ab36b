//! Per-instance copies of what nearly every request reads, that cannot go stale unnoticed.
//!
//! [`Caches`] is told of every change: PostgreSQL's announcements on the cache channel
//! (raised by triggers on the tables copied; [`crate::runtime::listener`] hears them), and
//! the commit of every use case that changed such a table ([`crate::app::Tx::commit`]). Each
//! announcement moves one generation counter on. A [`Cache`] keeps values stamped with the
//! generation they were read in and uses them only while it is still current, so a
//! sign-out, a revoked token or a deactivated account takes effect on every instance as soon
//! as its transaction commits. While the listener is away nothing is copied; copies also
//! age out after a minute.
//!
//! [`Cache::get_or_load`] is the only way in: it takes its stamp itself before loading, so
//! a value read before a change can never be kept after it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::watch;

/// How long a copy is used, announcements or not.
const FRESH_FOR: Duration = Duration::from_secs(60);

/// After [`FRESH_FOR`], one request reads the value again while the others are given the
/// aged copy for up to this long; an announced change still empties the copies at once.
const REREAD_FOR: Duration = Duration::from_secs(15);

/// What every cache of this instance is told: whether the listener hears announcements, and
/// the generation of the newest change.
#[derive(Debug)]
pub struct Caches {
    generation: AtomicU64,
    /// Moved on by changes to what the public status page shows (announced as `status`):
    /// only caches made with [`Cache::following_status`] follow it.
    status: AtomicU64,
    listening: AtomicBool,
    /// The last `sync:N` marker the listener heard.
    synced: watch::Sender<u64>,
    next_sync: AtomicU64,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            generation: AtomicU64::new(0),
            status: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            synced: watch::Sender::new(0),
            next_sync: AtomicU64::new(0),
        }
    }
}

impl Caches {
    pub fn new() -> Self {
        Self::default()
    }

    /// The generation to stamp a copy with, taken before reading what is copied; `None`
    /// while nothing may be copied.
    fn stamp(&self, status: bool) -> Option<u64> {
        // The flag is read after the counter: a listener that comes back moves the counter
        // on before it sets the flag, so a stamp taken while it was away never matches.
        let mut generation = self.generation.load(Ordering::Acquire);
        if status {
            // Both counters only grow: their sum moves whenever either does.
            generation = generation.wrapping_add(self.status.load(Ordering::Acquire));
        }
        self.listening.load(Ordering::Acquire).then_some(generation)
    }

    /// Something the status page shows may have changed: its copies are not used again.
    pub fn status_changed(&self) {
        self.status.fetch_add(1, Ordering::AcqRel);
    }

    /// Something copied may have changed: no copy taken before now is used again.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
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

    /// An announcement arrived on the cache channel: a change, or a `sync:N` marker.
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
            None if payload == "status" => self.status_changed(),
            None => self.changed(),
        }
    }

    /// A number for a `sync:N` marker, and a receiver that sees it arrive.
    pub(crate) fn next_sync(&self) -> (u64, watch::Receiver<u64>) {
        (
            self.next_sync.fetch_add(1, Ordering::AcqRel) + 1,
            self.synced.subscribe(),
        )
    }
}

/// How much a cache may hold.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Entries at most; past this the oldest go.
    pub entries: usize,
    /// The most bytes all entries may hold together (as `weigh` counts them), and one
    /// entry alone (a larger one is not kept).
    pub bytes: usize,
    pub largest: usize,
}

impl Bounds {
    /// At most `entries`, whatever their size.
    pub const fn entries(entries: usize) -> Bounds {
        Bounds {
            entries,
            bytes: usize::MAX,
            largest: usize::MAX,
        }
    }
}

struct Entry<V> {
    at: Instant,
    bytes: usize,
    value: V,
    /// A request is reading the value again, the copy having aged out.
    rereading: bool,
}

struct Inner<K, V> {
    /// The generation every entry was read in; entries of an older one are dropped.
    generation: u64,
    entries: HashMap<K, Entry<V>>,
    bytes: usize,
}

/// Copies of values by key, each used while no change was announced since it was read.
pub struct Cache<K, V> {
    caches: Arc<Caches>,
    /// Also dropped when the status page's content changes.
    follows_status: bool,
    bounds: Bounds,
    weigh: fn(&V) -> usize,
    inner: Mutex<Inner<K, V>>,
}

impl<K: Hash + Eq + Clone, V: Clone> Cache<K, V> {
    pub fn new(caches: Arc<Caches>, bounds: Bounds, weigh: fn(&V) -> usize) -> Self {
        Cache {
            caches,
            follows_status: false,
            bounds,
            weigh,
            inner: Mutex::new(Inner {
                generation: 0,
                entries: HashMap::new(),
                bytes: 0,
            }),
        }
    }

    /// A cache of what the public status page shows: dropped on its changes as well.
    pub fn following_status(caches: Arc<Caches>, bounds: Bounds, weigh: fn(&V) -> usize) -> Self {
        Cache {
            follows_status: true,
            ..Cache::new(caches, bounds, weigh)
        }
    }

    fn stamp(&self) -> Option<u64> {
        self.caches.stamp(self.follows_status)
    }

    /// The entries, emptied first if a change was announced since they were read.
    fn lock(&self, generation: u64) -> MutexGuard<'_, Inner<K, V>> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != generation {
            inner.generation = generation;
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner
    }

    /// The copy for `key`, if one is kept and `fresh` says it still holds; nothing is read.
    /// An aged copy is given while another request reads the value again.
    pub fn peek(&self, key: &K, fresh: impl Fn(&V) -> bool) -> Option<V> {
        self.look(key, fresh, false)
    }

    /// [`Cache::peek`]; with `claim`, an aged copy nobody is reading again is claimed: the
    /// caller reads it and the others are given the aged copy meanwhile.
    fn look(&self, key: &K, fresh: impl Fn(&V) -> bool, claim: bool) -> Option<V> {
        let generation = self.stamp()?;
        let mut inner = self.lock(generation);
        let entry = inner.entries.get_mut(key)?;
        if !fresh(&entry.value) {
            return None;
        }
        let age = entry.at.elapsed();
        if age < FRESH_FOR || (entry.rereading && age < FRESH_FOR + REREAD_FOR) {
            return Some(entry.value.clone());
        }
        if claim {
            entry.rereading = true;
        }
        None
    }

    fn keep(&self, stamp: Option<u64>, key: K, value: V) {
        let Some(stamp) = stamp else { return };
        let bytes = (self.weigh)(&value);
        if bytes > self.bounds.largest {
            return;
        }
        let Some(generation) = self.stamp() else {
            return;
        };
        let mut inner = self.lock(generation);
        // Read before a change that has been announced since: not kept.
        if stamp != generation {
            return;
        }
        if let Some(old) = inner.entries.remove(&key) {
            inner.bytes -= old.bytes;
        }
        while inner.entries.len() >= self.bounds.entries || inner.bytes + bytes > self.bounds.bytes
        {
            let Some(oldest) = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| e.at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = inner.entries.remove(&oldest) {
                inner.bytes -= gone.bytes;
            }
        }
        inner.bytes += bytes;
        inner.entries.insert(
            key,
            Entry {
                at: Instant::now(),
                bytes,
                value,
                rereading: false,
            },
        );
    }

    /// The copy for `key` if one is kept and `fresh` says it still holds; otherwise what
    /// `load` finds, kept if no change was announced while it read.
    pub async fn find_or_load<E>(
        &self,
        key: &K,
        fresh: impl Fn(&V) -> bool,
        load: impl Future<Output = Result<Option<V>, E>>,
    ) -> Result<Option<V>, E> {
        if let Some(value) = self.look(key, fresh, true) {
            return Ok(Some(value));
        }
        let stamp = self.stamp();
        let found = load.await?;
        if let Some(value) = &found {
            self.keep(stamp, key.clone(), value.clone());
        }
        Ok(found)
    }

    /// [`Cache::find_or_load`] for values that always exist.
    pub async fn get_or_load<E>(
        &self,
        key: &K,
        fresh: impl Fn(&V) -> bool,
        load: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        if let Some(value) = self.look(key, fresh, true) {
            return Ok(value);
        }
        let stamp = self.stamp();
        let value = load.await?;
        self.keep(stamp, key.clone(), value.clone());
        Ok(value)
    }

    /// Changes the kept copy for `key`, if there is one, to match what was just written
    /// (a session's last use, say).
    pub fn update(&self, key: &K, change: impl FnOnce(&mut V)) {
        let Some(generation) = self.stamp() else {
            return;
        };
        if let Some(entry) = self.lock(generation).entries.get_mut(key) {
            change(&mut entry.value);
        }
    }

    /// How many bytes the kept copies hold, as `weigh` counts them.
    pub fn bytes(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening() -> Arc<Caches> {
        let caches = Arc::new(Caches::new());
        caches.set_listening(true);
        caches
    }

    fn cache(caches: &Arc<Caches>) -> Cache<u8, String> {
        Cache::new(caches.clone(), Bounds::entries(10), String::len)
    }

    async fn load(cache: &Cache<u8, String>, key: u8, value: &str) -> String {
        cache
            .get_or_load(&key, |_| true, async { Ok::<_, ()>(value.to_owned()) })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn nothing_is_kept_while_nobody_listens() {
        let caches = Arc::new(Caches::new());
        let c = cache(&caches);
        assert_eq!(load(&c, 1, "a").await, "a");
        assert_eq!(load(&c, 1, "b").await, "b", "read again");
    }

    fn age(cache: &Cache<u8, String>, key: u8, age: Duration) {
        let mut inner = cache.inner.lock().unwrap();
        inner.entries.get_mut(&key).unwrap().at = Instant::now().checked_sub(age).unwrap();
    }

    #[tokio::test]
    async fn an_aged_copy_is_read_again_by_one_request_while_the_others_keep_it() {
        let caches = listening();
        let c = cache(&caches);
        assert_eq!(load(&c, 1, "a").await, "a");
        age(&c, 1, FRESH_FOR + Duration::from_secs(1));
        assert_eq!(c.peek(&1, |_| true), None, "aged: nobody reads it yet");
        assert_eq!(
            c.look(&1, |_| true, true),
            None,
            "the first loader claims it"
        );
        assert_eq!(c.peek(&1, |_| true).as_deref(), Some("a"), "the others");
        assert_eq!(load(&c, 1, "b").await, "a", "loading too");
        assert_eq!(c.peek(&1, |_| false), None, "unless it no longer holds");
        // The reader's value replaces it, fresh.
        c.keep(c.stamp(), 1, "b".to_owned());
        assert_eq!(load(&c, 1, "c").await, "b");
        // A reader that never came back: after a while the next load reads it again.
        age(&c, 1, FRESH_FOR + Duration::from_secs(1));
        assert_eq!(c.look(&1, |_| true, true), None);
        age(&c, 1, FRESH_FOR + REREAD_FOR);
        assert_eq!(load(&c, 1, "d").await, "d");
    }

    #[tokio::test]
    async fn a_copy_is_used_until_a_change_is_announced() {
        let caches = listening();
        let c = cache(&caches);
        assert_eq!(load(&c, 1, "a").await, "a");
        assert_eq!(load(&c, 1, "b").await, "a", "the copy");
        caches.heard("session");
        assert_eq!(load(&c, 1, "c").await, "c", "read again after a change");
        caches.changed();
        assert_eq!(load(&c, 1, "d").await, "d");
        assert_eq!(c.bytes(), 1, "older copies dropped");
    }

    #[tokio::test]
    async fn a_value_read_across_a_change_is_not_kept() {
        let caches = listening();
        let c = cache(&caches);
        let read = c
            .get_or_load(&1, |_| true, async {
                // The change commits while the value is being read.
                caches.heard("person");
                Ok::<_, ()>("before".to_owned())
            })
            .await
            .unwrap();
        assert_eq!(read, "before");
        assert_eq!(load(&c, 1, "after").await, "after");
    }

    #[tokio::test]
    async fn losing_the_listener_drops_every_copy() {
        let caches = listening();
        let c = cache(&caches);
        load(&c, 1, "a").await;
        caches.set_listening(false);
        caches.set_listening(true);
        assert_eq!(load(&c, 1, "b").await, "b");
    }

    #[tokio::test]
    async fn stale_values_and_missing_ones_are_read_again() {
        let caches = listening();
        let c = cache(&caches);
        load(&c, 1, "old").await;
        let fresh = |v: &String| v != "old";
        let again = c
            .get_or_load(&1, fresh, async { Ok::<_, ()>("new".to_owned()) })
            .await
            .unwrap();
        assert_eq!(again, "new");
        let none = c
            .find_or_load(&2, |_| true, async { Ok::<_, ()>(None) })
            .await
            .unwrap();
        assert_eq!(none, None);
        let found = c
            .find_or_load(&2, |_| true, async { Ok::<_, ()>(Some("x".to_owned())) })
            .await
            .unwrap();
        assert_eq!(found.as_deref(), Some("x"));
    }

    #[tokio::test]
    async fn copies_stay_within_their_bounds() {
        let caches = listening();
        let bounds = Bounds {
            entries: 100,
            bytes: 10,
            largest: 4,
        };
        let c: Cache<u8, String> = Cache::new(caches.clone(), bounds, String::len);
        load(&c, 1, "12345").await;
        assert_eq!(c.bytes(), 0, "too large on its own");
        for key in 0..10 {
            load(&c, key, "1234").await;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert!(c.bytes() <= 10, "{}", c.bytes());
        assert_eq!(load(&c, 9, "new").await, "1234", "the newest stays");
        assert_eq!(load(&c, 0, "new").await, "new", "the oldest went");
    }

    #[test]
    fn sync_markers_are_not_changes() {
        let caches = listening();
        let before = caches.stamp(true);
        let (n, seen) = caches.next_sync();
        caches.heard(&format!("sync:{n}"));
        assert_eq!(*seen.borrow(), n);
        assert_eq!(caches.stamp(true), before);
    }

    #[tokio::test]
    async fn status_changes_drop_only_the_status_copies() {
        let caches = listening();
        let other: Cache<u8, String> = Cache::new(caches.clone(), Bounds::entries(10), String::len);
        let status: Cache<u8, String> =
            Cache::following_status(caches.clone(), Bounds::entries(10), String::len);
        assert_eq!(load(&other, 1, "a").await, "a");
        assert_eq!(load(&status, 1, "a").await, "a");
        caches.heard("status");
        assert_eq!(load(&other, 1, "b").await, "a", "kept: the status changed");
        assert_eq!(load(&status, 1, "b").await, "b", "dropped");
        caches.heard("session");
        assert_eq!(load(&other, 1, "c").await, "c", "any change drops both");
        assert_eq!(load(&status, 1, "c").await, "c");
    }
}
