//! What this instance keeps copies of (see [`crate::runtime::cache`]): the session or API
//! token behind a request, the lists pages offer as choices (service names, active people),
//! and incident pages' lists with their Markdown rendered.

use std::sync::Arc;

use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::ids::{IncidentId, PersonId};

use crate::domain::incident::Incident;
use crate::domain::person::Person;
use crate::runtime::cache::{Bounds, Cache, Caches};
use crate::store;
use crate::store::incident_page::Extras;
use crate::store::sessions::SessionRow;

/// Sessions and tokens kept at most.
const MOST_KEPT: usize = 10_000;
/// Incident pages kept at most, the most text they may hold together, and one alone.
const PAGES: Bounds = Bounds {
    entries: 200,
    bytes: 16 << 20,
    largest: 1 << 20,
};

/// An API token's owner, the token's id and when it was last used.
#[derive(Debug, Clone)]
pub struct TokenCopy {
    pub person: Person,
    pub token_id: Uuid,
    pub last_used_at: Option<OffsetDateTime>,
    pub scopes: crate::domain::token::Scopes,
    pub expires_at: Option<OffsetDateTime>,
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
    /// Incidents like this one, while it is open.
    pub similar: Vec<crate::store::similar::Similar>,
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

    /// Whether the copy shows `incident` at `page_version`: read at that version, and
    /// rendered from its current summary and customer impact.
    fn shows(&self, incident: &Incident, page_version: i64) -> bool {
        self.extras.page_version == page_version
            && self.summary == incident.summary
            && self.customer_impact == incident.customer_impact
    }
}

/// Whether a session is live at `now`: not ended, and used within `idle`.
fn live(now: OffsetDateTime, idle: time::Duration) -> impl Fn(&SessionRow) -> bool {
    move |s| s.expires_at > now && s.last_seen_at > now - idle
}

/// Required post-mortems due (the first few) and how many there are.
pub type DueList = (Vec<store::postmortem_policy::Due>, i64);

/// This instance's copies.
pub struct Copies {
    sessions: Cache<Vec<u8>, SessionRow>,
    tokens: Cache<Vec<u8>, TokenCopy>,
    services: Cache<(), Arc<Vec<String>>>,
    people: Cache<(), Arc<Vec<Person>>>,
    policy: Cache<(), Arc<crate::domain::postmortem::policy::Policy>>,
    /// The home page's required post-mortems due, per viewer (admins share one): read at
    /// most once a minute, since they change slowly and the query reads months of incidents.
    due: Cache<(bool, Option<PersonId>), Arc<DueList>>,
    pages: Cache<IncidentId, Arc<PageCopy>>,
    /// The public status page, snapshot and rendered documents.
    pub status: crate::web::status::StatusCopies,
}

impl Copies {
    pub fn new(caches: &Arc<Caches>) -> Self {
        let one = Bounds::entries(1);
        Copies {
            sessions: Cache::new(caches.clone(), Bounds::entries(MOST_KEPT), |_| 0),
            tokens: Cache::new(caches.clone(), Bounds::entries(MOST_KEPT), |_| 0),
            services: Cache::new(caches.clone(), one, |_| 0),
            people: Cache::new(caches.clone(), one, |_| 0),
            policy: Cache::new(caches.clone(), one, |_| 0),
            due: Cache::new(caches.clone(), Bounds::entries(MOST_KEPT), |_| 0),
            pages: Cache::new(caches.clone(), PAGES, |p| p.bytes()),
            status: crate::web::status::StatusCopies::new(caches),
        }
    }

    /// The live session with this digest; one ended or idle for `idle` is not served from a
    /// copy.
    pub async fn session(
        &self,
        db: &PgPool,
        digest: &[u8],
        now: OffsetDateTime,
        idle: time::Duration,
    ) -> sqlx::Result<Option<SessionRow>> {
        let key = digest.to_vec();
        let load = store::sessions::load(db, digest, idle);
        self.sessions
            .find_or_load(&key, live(now, idle), load)
            .await
    }

    /// Notes that the session's last use was written as `at`.
    pub fn session_touched(&self, digest: &[u8], at: OffsetDateTime) {
        self.sessions
            .update(&digest.to_vec(), |s| s.last_seen_at = at);
    }

    /// The owner of the unrevoked token with this digest.
    pub async fn token(&self, db: &PgPool, digest: &[u8]) -> sqlx::Result<Option<TokenCopy>> {
        let load = async {
            let found = store::tokens::authenticate(db, digest).await?;
            Ok(found.map(|f| TokenCopy {
                person: f.person,
                token_id: f.token_id,
                last_used_at: f.last_used_at,
                scopes: crate::domain::token::Scopes::from_stored(&f.scopes),
                expires_at: f.expires_at,
            }))
        };
        self.tokens
            .find_or_load(&digest.to_vec(), |_| true, load)
            .await
    }

    /// Notes that the token's last use was written as `at`.
    pub fn token_touched(&self, digest: &[u8], at: OffsetDateTime) {
        self.tokens
            .update(&digest.to_vec(), |t| t.last_used_at = Some(at));
    }

    /// Every service's name, by name.
    pub async fn service_names(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<String>>> {
        let load = async { Ok(Arc::new(store::services::names(db).await?)) };
        self.services.get_or_load(&(), |_| true, load).await
    }

    /// Replaces a service name typed in any case with its stored spelling (left as typed
    /// when no service has it, so that it matches nothing).
    pub async fn canonicalise(&self, db: &PgPool, name: &mut Option<String>) -> sqlx::Result<()> {
        if let Some(typed) = name.as_mut() {
            let names = self.service_names(db).await?;
            if let Some(stored) = crate::domain::service::stored_spelling(&names, typed) {
                *typed = stored.to_owned();
            }
        }
        Ok(())
    }

    /// When a post-mortem is required.
    pub async fn postmortem_policy(
        &self,
        db: &PgPool,
    ) -> sqlx::Result<Arc<crate::domain::postmortem::policy::Policy>> {
        let load = async { Ok(Arc::new(store::postmortem_policy::get(db).await?)) };
        self.policy.get_or_load(&(), |_| true, load).await
    }

    /// Required post-mortems not yet published that `viewer` may see (the newest `limit`,
    /// and how many), kept for a minute.
    pub async fn postmortems_due(
        &self,
        db: &PgPool,
        viewer: crate::domain::incident::Visibility,
        limit: i64,
    ) -> sqlx::Result<Arc<DueList>> {
        let policy = self.postmortem_policy(db).await?;
        let key = (viewer.all, if viewer.all { None } else { viewer.person_id });
        let load = async {
            Ok(Arc::new(
                store::postmortem_policy::due(db, viewer, &policy, limit).await?,
            ))
        };
        self.due.get_or_load(&key, |_| true, load).await
    }

    /// Active people, by name.
    pub async fn active_people(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<Person>>> {
        let load = async {
            let people = store::people::list(db).await?;
            Ok(Arc::new(people.into_iter().filter(|p| p.active).collect()))
        };
        self.people.get_or_load(&(), |_| true, load).await
    }

    /// The incident page's lists for `incident` read at `page_version`: the kept copy while
    /// it shows that version, otherwise `load`ed and kept.
    pub async fn page(
        &self,
        incident: &Incident,
        page_version: i64,
        load: impl Future<Output = sqlx::Result<PageCopy>>,
    ) -> sqlx::Result<Arc<PageCopy>> {
        let shows = |copy: &Arc<PageCopy>| copy.shows(incident, page_version);
        let load = async { Ok(Arc::new(load.await?)) };
        self.pages.get_or_load(&incident.id, shows, load).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::person::Role;

    fn copies() -> (Arc<Caches>, Copies) {
        let caches = Arc::new(Caches::new());
        caches.set_listening(true);
        let copies = Copies::new(&caches);
        (caches, copies)
    }

    fn session(last_seen: OffsetDateTime, expires: OffsetDateTime) -> SessionRow {
        SessionRow {
            person: Person {
                id: crate::domain::ids::PersonId::default(),
                email: "a@example.com".into(),
                display_name: "A".into(),
                role: Role::Viewer,
                active: true,
                version: 1,
                created_at: last_seen,
                language: None,
            },
            csrf_token: "t".into(),
            last_seen_at: last_seen,
            expires_at: expires,
        }
    }

    const IDLE: time::Duration = time::Duration::hours(12);

    #[tokio::test]
    async fn ended_and_idle_sessions_are_not_served_from_a_copy() {
        let (_, copies) = copies();
        let now = OffsetDateTime::now_utc();
        let ended = session(now, now - time::Duration::seconds(1));
        let idle = session(
            now - time::Duration::hours(13),
            now + time::Duration::days(1),
        );
        let current = session(now, now + time::Duration::days(1));
        for (key, row) in [(1u8, ended), (2, idle), (3, current)] {
            let kept = copies
                .sessions
                .find_or_load(&vec![key], |_| true, async { Ok::<_, ()>(Some(row)) })
                .await;
            assert!(kept.is_ok());
        }
        let served = |key: u8| copies.sessions.peek(&vec![key], live(now, IDLE)).is_some();
        assert!(!served(1), "ended");
        assert!(!served(2), "idle");
        assert!(served(3));
    }

    fn page(summary_bytes: usize, page_version: i64) -> (Incident, PageCopy) {
        use crate::domain::incident::{Kind, Milestones, Severity, Source, Status};
        let now = OffsetDateTime::now_utc();
        let incident = Incident {
            id: IncidentId::new(),
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
            similar: Vec::new(),
        };
        (incident, copy)
    }

    /// Whether the page of `incident` at `version` would be answered from the copy.
    fn kept(copies: &Copies, incident: &Incident, version: i64) -> bool {
        copies
            .pages
            .peek(&incident.id, |c| c.shows(incident, version))
            .is_some()
    }

    #[tokio::test]
    async fn pages_are_kept_by_version_and_within_their_memory() {
        let (_, copies) = copies();
        let (incident, copy) = page(1000, 3);
        copies.page(&incident, 3, async { Ok(copy) }).await.unwrap();
        assert!(kept(&copies, &incident, 3));
        assert!(!kept(&copies, &incident, 4), "a newer version");
        let mut edited = incident.clone();
        edited.summary.push('!');
        assert!(!kept(&copies, &edited, 3), "an edited summary");

        // Too large on its own: not kept.
        let (big, copy) = page(PAGES.largest, 1);
        copies.page(&big, 1, async { Ok(copy) }).await.unwrap();
        assert!(!kept(&copies, &big, 1));

        // Many large pages: the oldest go, and what is kept stays within the bound.
        let mut pages = Vec::new();
        for _ in 0..40 {
            let (i, copy) = page(PAGES.largest / 3, 1);
            copies.page(&i, 1, async { Ok(copy) }).await.unwrap();
            pages.push(i);
        }
        assert!(
            copies.pages.bytes() <= PAGES.bytes,
            "{}",
            copies.pages.bytes()
        );
        assert!(kept(&copies, &pages[39], 1), "the newest stays");
        assert!(!kept(&copies, &pages[0], 1), "the oldest went");
    }
}
