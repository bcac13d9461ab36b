//! The public status page, read by anyone without signing in: the page itself, its history,
//! one incident's public story, and Statuspage-shaped JSON. Everything it shows is read in
//! one snapshot ([`Snapshot`]) and each document is kept, rendered, per instance until a
//! change to what it shows is announced (see `runtime::cache`): an outage's stampede is
//! served from memory, with `ETag`s for those who ask again.
//!
//! The signed-in page that sets it up (which services it shows, a component's state by
//! hand) is [`manage`].

mod api;
pub mod export;
mod feed;
mod manage;
mod page;
mod subscribe;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

use super::routes::Routes;
use crate::AppState;
use crate::domain::ids::{IncidentId, ServiceId};
use crate::domain::incident::Severity;
use crate::domain::maintenance::{Maintenance, MaintenanceState};
use crate::domain::person::Access;
use crate::domain::slo::Impact;
use crate::domain::status::{ComponentState, Overall, UPTIME_DAYS, UptimeDay, uptime};
use crate::i18n::Lang;
use crate::runtime::cache::{Bounds, Cache, Caches};
use crate::store;
use crate::store::status::{Component, PublicIncident, PublicUpdate};

pub fn routes() -> Routes {
    public_routes().merge(manage::routes())
}

/// The routes anyone may read: what a second listener (`MURPHY_STATUS_LISTEN`) serves.
pub fn public_routes() -> Routes {
    let mut routes = Routes::new()
        .get("/status/history", Access::Public, page::history)
        .get("/status/badge.svg", Access::Public, feed::badge_for)
        .get("/status/incidents/{number}", Access::Public, page::incident)
        .merge(subscribe::routes());
    for (doc, path) in DOCS {
        if matches!(doc, Doc::Badge(_)) {
            continue;
        }
        routes = routes.get(
            path,
            Access::Public,
            move |State(state): State<AppState>,
                  Extension(lang): Extension<Lang>,
                  headers: HeaderMap| async move {
                serve(&state, &headers, doc, lang).await
            },
        );
    }
    routes
}

/// Every document kept rendered, with its path.
pub const DOCS: [(Doc, &str); 13] = [
    (Doc::Page, "/status"),
    (Doc::Summary, "/status/api/v2/summary.json"),
    (Doc::Status, "/status/api/v2/status.json"),
    (Doc::Components, "/status/api/v2/components.json"),
    (Doc::Incidents, "/status/api/v2/incidents.json"),
    (Doc::Unresolved, "/status/api/v2/incidents/unresolved.json"),
    (
        Doc::Maintenances,
        "/status/api/v2/scheduled-maintenances.json",
    ),
    (
        Doc::UpcomingMaintenances,
        "/status/api/v2/scheduled-maintenances/upcoming.json",
    ),
    (
        Doc::ActiveMaintenances,
        "/status/api/v2/scheduled-maintenances/active.json",
    ),
    (Doc::Atom, "/status/feed.atom"),
    (Doc::Rss, "/status/feed.rss"),
    (Doc::Widget, "/status/widget"),
    (Doc::Badge(None), "/status/badge.svg"),
];

impl Doc {
    /// Whether the document is written in the reader's language (the pages), rather than
    /// the same for everyone (JSON, feeds, badges).
    fn in_language(self) -> bool {
        matches!(self, Doc::Page | Doc::Widget)
    }
}

/// `doc` rendered from `s`, the pages in `lang`.
pub fn render(
    state: &AppState,
    doc: Doc,
    s: &Snapshot,
    lang: Lang,
) -> crate::error::Result<Rendered> {
    match doc {
        Doc::Page => page::index(state, s, lang),
        Doc::Summary => api::summary(state, s),
        Doc::Status => api::status(state, s),
        Doc::Components => api::components(state, s),
        Doc::Incidents => api::incidents(state, s),
        Doc::Unresolved => api::unresolved(state, s),
        Doc::Maintenances => api::maintenances(state, s, None),
        Doc::UpcomingMaintenances => api::maintenances(state, s, Some(MaintenanceState::Scheduled)),
        Doc::ActiveMaintenances => api::maintenances(state, s, Some(MaintenanceState::InProgress)),
        Doc::Atom => feed::atom(state, s),
        Doc::Rss => feed::rss(state, s),
        Doc::Widget => page::widget(state, s, lang),
        Doc::Badge(component) => feed::badge(s, component),
    }
}

/// How many incidents `incidents.json` lists, as Statuspage's does.
const NEWEST: i64 = 50;

/// A public component as the page shows it now.
#[derive(Debug, Clone)]
pub struct ComponentView {
    pub component: Component,
    pub state: ComponentState,
    /// Whether `state` was set by hand.
    pub overridden: bool,
    pub days: Vec<UptimeDay>,
    /// Percent of the shown days it was available.
    pub uptime: f64,
}

/// A public incident with its public updates (newest first) and the public components it
/// affects.
#[derive(Debug, Clone)]
pub struct IncidentView {
    pub incident: PublicIncident,
    pub updates: Vec<PublicUpdate>,
    pub affected: Vec<(ServiceId, Impact)>,
}

/// A maintenance window as the public sees it: only the public components it covers.
#[derive(Debug, Clone)]
pub struct MaintenanceView {
    pub maintenance: Maintenance,
    /// (service, public name) of the public components it covers.
    pub components: Vec<(ServiceId, String)>,
}

/// Everything the status page shows, read at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub now: OffsetDateTime,
    pub components: Vec<ComponentView>,
    /// Open public incidents, newest first.
    pub open: Vec<IncidentView>,
    /// The newest public incidents, open or not.
    pub newest: Vec<IncidentView>,
    /// Maintenance scheduled or in progress on public components, soonest first.
    pub maintenance: Vec<MaintenanceView>,
    /// The newest maintenance windows on public components (not cancelled), latest first.
    pub maintenance_recent: Vec<MaintenanceView>,
    pub overall: Overall,
    /// The latest change to anything shown (the page's `updated_at`, `Last-Modified`).
    pub updated_at: OffsetDateTime,
}

impl Snapshot {
    /// The public name of the component of `service`.
    pub fn component_name(&self, service: ServiceId) -> Option<&str> {
        self.components
            .iter()
            .find(|c| c.component.service_id == service)
            .map(|c| c.component.public_name.as_str())
    }
}

/// Reads the snapshot: one read-only transaction, a fixed number of statements.
async fn load(db: &PgPool) -> sqlx::Result<Snapshot> {
    let now = OffsetDateTime::now_utc();
    let since = now - Duration::days(UPTIME_DAYS as i64);
    let store::status::Everything {
        components,
        open,
        newest,
        updates,
        affected,
        windows,
        pending,
        recent,
    } = store::status::everything(db, NEWEST, since).await?;
    let public = |m: Maintenance| {
        let components: Vec<(ServiceId, String)> = m
            .services
            .iter()
            .filter_map(|(id, _)| {
                components
                    .iter()
                    .find(|c| c.service_id == *id)
                    .map(|c| (*id, c.public_name.clone()))
            })
            .collect();
        (!components.is_empty() && m.state != MaintenanceState::Cancelled).then_some(
            MaintenanceView {
                maintenance: m,
                components,
            },
        )
    };
    let maintenance: Vec<MaintenanceView> = pending.into_iter().filter_map(public).collect();
    let maintenance_recent: Vec<MaintenanceView> = recent.into_iter().filter_map(public).collect();

    let mut updates_of: HashMap<IncidentId, Vec<PublicUpdate>> = HashMap::new();
    for u in updates {
        updates_of.entry(u.incident_id).or_default().push(u);
    }
    let mut affected_of: HashMap<IncidentId, Vec<(ServiceId, Impact)>> = HashMap::new();
    for (incident, service, impact) in affected {
        affected_of
            .entry(incident)
            .or_default()
            .push((service, impact));
    }
    let view = |incident: PublicIncident| IncidentView {
        updates: updates_of.get(&incident.id).cloned().unwrap_or_default(),
        affected: affected_of.get(&incident.id).cloned().unwrap_or_default(),
        incident,
    };
    let open: Vec<IncidentView> = open.into_iter().map(view).collect();
    let newest: Vec<IncidentView> = newest.into_iter().map(view).collect();

    let mut windows_of: HashMap<ServiceId, Vec<_>> = HashMap::new();
    for (service, window) in windows {
        windows_of.entry(service).or_default().push(window);
    }
    let components: Vec<ComponentView> = components
        .into_iter()
        .map(|component| {
            let from_incidents = open
                .iter()
                .flat_map(|i| {
                    i.affected
                        .iter()
                        .filter(|(s, _)| *s == component.service_id)
                        .map(|(_, impact)| {
                            ComponentState::from_incident(*impact, i.incident.severity)
                        })
                })
                .max()
                .unwrap_or(ComponentState::Operational);
            let maintained = maintenance
                .iter()
                .any(|m| m.maintenance.holds(component.service_id));
            let from_incidents = if maintained {
                from_incidents.max(ComponentState::UnderMaintenance)
            } else {
                from_incidents
            };
            let (days, uptime) = uptime(
                windows_of
                    .get(&component.service_id)
                    .map_or(&[][..], Vec::as_slice),
                now,
            );
            ComponentView {
                state: component.override_state.unwrap_or(from_incidents),
                overridden: component.override_state.is_some(),
                days,
                uptime,
                component,
            }
        })
        .collect();
    let states: Vec<ComponentState> = components.iter().map(|c| c.state).collect();
    let severities: Vec<Severity> = open.iter().map(|i| i.incident.severity).collect();
    let updated_at = components
        .iter()
        .map(|c| c.component.updated_at)
        .chain(open.iter().chain(&newest).flat_map(|i| {
            std::iter::once(i.incident.updated_at).chain(i.updates.first().map(|u| u.published_at))
        }))
        .max()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    Ok(Snapshot {
        now,
        overall: Overall::of(&states, &severities),
        components,
        open,
        newest,
        maintenance,
        maintenance_recent,
        updated_at,
    })
}

/// The documents kept rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    Page,
    Summary,
    Status,
    Components,
    Incidents,
    Unresolved,
    /// Every recent maintenance window, those to come, those under way.
    Maintenances,
    UpcomingMaintenances,
    ActiveMaintenances,
    Atom,
    Rss,
    Widget,
    /// A component's badge, or the whole page's.
    Badge(Option<ServiceId>),
}

/// A document as served: its bytes, type and validators.
#[derive(Debug)]
pub struct Rendered {
    body: axum::body::Bytes,
    content_type: &'static str,
    /// A content security policy of its own (the widget, which other sites may frame).
    csp: Option<&'static str>,
    etag: HeaderValue,
    last_modified: HeaderValue,
}

impl Rendered {
    pub fn new(body: String, content_type: &'static str, modified: OffsetDateTime) -> Rendered {
        let digest = Sha256::digest(body.as_bytes());
        let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Rendered {
            etag: HeaderValue::from_str(&format!("\"{tag}\"")).expect("hex is a valid header"),
            last_modified: HeaderValue::from_str(&http_date(modified))
                .expect("a date is a valid header"),
            body: body.into(),
            content_type,
            csp: None,
        }
    }

    /// The same document, framable by any site.
    pub fn framable(self) -> Rendered {
        Rendered {
            csp: Some(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *",
            ),
            ..self
        }
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The document, or 304 Not Modified when the client holds this version.
    fn respond(&self, request: &HeaderMap) -> Response {
        let cached = request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| {
                tags.split(',')
                    .any(|t| t.trim().trim_start_matches("W/") == self.etag || t.trim() == "*")
            });
        let mut response = if cached {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut r = Response::new(Body::from(self.body.clone()));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            );
            r
        };
        let headers = response.headers_mut();
        if let Some(csp) = self.csp {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(csp),
            );
        }
        headers.insert(header::ETAG, self.etag.clone());
        headers.insert(header::LAST_MODIFIED, self.last_modified.clone());
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=10, must-revalidate"),
        );
        response
    }
}

/// "Tue, 01 Dec 2026 04:12:00 GMT".
fn http_date(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        &at.weekday().to_string()[..3],
        at.day(),
        &at.month().to_string()[..3],
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// This instance's copies of the status page: the snapshot and the documents rendered from
/// it, dropped when what they show changes (and after a minute in any case).
pub struct StatusCopies {
    snapshot: Cache<(), Arc<Snapshot>>,
    docs: Cache<(Doc, Lang), Arc<Rendered>>,
    /// One reader at a time after a change: a stampede waits for one snapshot instead of
    /// each request reading its own.
    loading: tokio::sync::Mutex<()>,
}

impl StatusCopies {
    pub fn new(caches: &Arc<Caches>) -> Self {
        StatusCopies {
            snapshot: Cache::following_status(caches.clone(), Bounds::entries(1), |_| 0),
            docs: Cache::following_status(caches.clone(), Bounds::entries(16), |r| r.body.len()),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The snapshot, read anew if a change was announced since the kept one was read.
    pub async fn snapshot(&self, db: &PgPool) -> sqlx::Result<Arc<Snapshot>> {
        if let Some(kept) = self.snapshot.peek(&(), |_| true) {
            return Ok(kept);
        }
        let _one = self.loading.lock().await;
        self.snapshot
            .get_or_load(&(), |_| true, async { load(db).await.map(Arc::new) })
            .await
    }

    /// `doc` in `lang`, rendered from the snapshot by `render` unless a current rendering
    /// is kept.
    async fn doc(
        &self,
        db: &PgPool,
        doc: Doc,
        lang: Lang,
        render: impl FnOnce(&Snapshot) -> crate::error::Result<Rendered>,
    ) -> crate::error::Result<Arc<Rendered>> {
        let key = (doc, lang);
        if let Some(kept) = self.docs.peek(&key, |_| true) {
            return Ok(kept);
        }
        let snapshot = self.snapshot(db).await?;
        self.docs
            .get_or_load(&key, |_| true, async { render(&snapshot).map(Arc::new) })
            .await
    }
}

/// Serves `doc` (a page in `lang`) from the kept rendering, or renders it.
pub(super) async fn serve(
    state: &AppState,
    request: &HeaderMap,
    doc: Doc,
    lang: Lang,
) -> crate::error::Result<Response> {
    let lang = if doc.in_language() { lang } else { Lang::En };
    let rendered = state
        .copies
        .status
        .doc(&state.db, doc, lang, |s| render(state, doc, s, lang))
        .await?;
    Ok(rendered.respond(request))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn http_dates() {
        assert_eq!(
            http_date(datetime!(2026-12-01 04:12:09 UTC)),
            "Tue, 01 Dec 2026 04:12:09 GMT"
        );
    }
}
