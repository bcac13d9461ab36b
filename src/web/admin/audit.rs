//! `/admin/audit`: every change, who made it and what it changed, newest first.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use axum_extra::extract::Query;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::domain::audit::{Actor, AuditEvent, field_label};
use crate::domain::person::{Access, Person};
use crate::error::Result;
use crate::i18n::Lang;
use crate::store;
use crate::store::audit::AuditFilter;
use crate::web::format::Moment;
use crate::web::layout::Layout;
use crate::web::routes::Routes;

const AUDIT_PAGE: i64 = 100;

/// What the trail records changes to, as the filter offers them.
const ENTITIES: &[&str] = &[
    "incident",
    "note",
    "postmortem",
    "action_item",
    "service",
    "maintenance",
    "status_component",
    "status_subscriber",
    "person",
    "token",
    "runbook",
    "postmortem_policy",
    "postmortem_template",
    "learning_tag",
    "webhook",
    "email",
    "sso",
    "database",
];

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
    /// Who made it, in the viewer's language when it was Murphy itself.
    pub actor: String,
    /// What happened, in the viewer's language.
    pub summary: String,
    pub at: Moment,
    /// What changed, in words: ("Severity", "SEV2", "SEV1").
    pub changes: Vec<(String, String, String)>,
}

impl EventRow {
    /// The event as `layout`'s viewer reads it: fields by name, times on their clock, long
    /// texts shortened.
    pub fn new(event: AuditEvent, now: OffsetDateTime, layout: &Layout) -> Self {
        let value = |v: String| match crate::domain::time::parse_rfc3339(&v) {
            Ok(at) => layout.moment(at, now).local(),
            Err(_) => shorten(&v),
        };
        EventRow {
            actor: actor_label(&event.actor, layout.lang),
            summary: match &event.said {
                Some(said) => said.say(layout.lang),
                None => event.summary.clone(),
            },
            at: layout.moment(event.at, now),
            changes: event
                .differences(layout.lang)
                .into_iter()
                .map(|(field, before, after)| {
                    (
                        field_label(&field, layout.lang),
                        value(before),
                        value(after),
                    )
                })
                .collect(),
            event,
        }
    }
}

/// An actor as recorded, with Murphy's own names said in `lang`.
fn actor_label(recorded: &str, lang: Lang) -> String {
    match recorded {
        Actor::CLOCK => lang.t("adm-actor-clock"),
        Actor::COMMAND_LINE => lang.t("adm-actor-command-line"),
        _ => recorded.to_owned(),
    }
}

/// At most 120 characters of a value, on one line.
fn shorten(value: &str) -> String {
    let line = value.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

impl AuditPage {
    fn entities(&self) -> &'static [&'static str] {
        ENTITIES
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
    let events = events
        .into_iter()
        .map(|e| EventRow::new(e, now, &layout))
        .collect();
    let view = AuditPage {
        layout,
        events,
        people: store::people::list(&state.db).await?,
        query,
        older,
    };
    Ok(Html(view.render()?))
}
