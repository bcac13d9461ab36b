//! `/admin/audit`: every change, who made it and what it changed, newest first.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum_extra::extract::Query;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::domain::audit::AuditEvent;
use crate::domain::person::{Access, Person};
use crate::error::Result;
use crate::store;
use crate::store::audit::AuditFilter;
use crate::web::format::Moment;
use crate::web::layout::Layout;
use crate::web::routes::Routes;

const AUDIT_PAGE: i64 = 100;

pub fn routes() -> Routes {
    Routes::new().get("/admin/audit", Access::ADMIN, audit)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuditQuery {
    entity: String,
    actor: String,
    before: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    events: Vec<EventRow>,
    people: Vec<Person>,
    query: AuditQuery,
    older: Option<String>,
}

/// An audit event, formatted.
pub struct EventRow {
    pub event: AuditEvent,
    pub at: Moment,
    pub changes: Vec<(String, String, String)>,
}

impl EventRow {
    pub fn new(event: AuditEvent, now: OffsetDateTime) -> Self {
        EventRow {
            at: Moment::new(event.at, now),
            changes: event.differences(),
            event,
        }
    }
}

impl AuditPage {
    fn entities(&self) -> &'static [&'static str] {
        &["incident", "note", "service", "person", "token", "runbook"]
    }
}

async fn audit(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>> {
    let filter = AuditFilter {
        entity: Some(query.entity.trim().to_owned()).filter(|e| !e.is_empty()),
        actor_id: query.actor.trim().parse().ok(),
        incident_id: None,
        before: query.before.trim().parse().ok(),
    };
    let mut events = store::audit::list(&state.db, &filter, AUDIT_PAGE + 1).await?;
    let more = events.len() as i64 > AUDIT_PAGE;
    events.truncate(AUDIT_PAGE as usize);
    let older = events.last().filter(|_| more).map(|e| {
        let pairs = [
            ("entity", query.entity.as_str()),
            ("actor", query.actor.as_str()),
            ("before", &e.id.to_string()),
        ];
        let pairs: Vec<_> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
        format!(
            "/admin/audit?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    });
    let now = OffsetDateTime::now_utc();
    let view = AuditPage {
        layout,
        events: events.into_iter().map(|e| EventRow::new(e, now)).collect(),
        people: store::people::list(&state.db).await?,
        query,
        older,
    };
    Ok(Html(view.render()?))
}
