//! `GET /api/v1/events`: the change feed. A script follows Murphy by asking for what came
//! after the cursor it last saw; with `wait`, an empty answer waits (long-polls) until
//! something happens or the time is up.

use crate::i18n::Message;
use std::time::Duration;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiQuery;
use crate::AppState;
use crate::domain::person::Access;
use crate::domain::time::rfc3339;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::store::feed::{FeedItem, Position};
use crate::web::auth::CurrentUser;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/api/v1/events", Access::VIEWER, feed)
}

/// The longest a request waits for news.
const LONGEST_WAIT: u64 = 30;
/// While waiting, the feed is read again at least this often (a change whose notice came
/// while an older transaction was still running shows once that one ends).
const LOOK_AGAIN: Duration = Duration::from_secs(5);

/// Where to read from and how long to wait.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `cursor` of the previous answer; "latest" starts at the end (only what happens
    /// from now on); left out, the feed starts at the beginning.
    pub after: Option<String>,
    /// Seconds to wait for a change when there is none yet (0 to 30; default 0).
    #[param(minimum = 0, maximum = 30)]
    pub wait: Option<u64>,
    /// At most this many changes (1 to 500; default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedEvent {
    /// Where this change is in the feed: pass it as `after` to read on from it.
    pub cursor: String,
    /// When it was recorded (RFC 3339).
    pub at: String,
    /// audit (a change to anything, as the audit trail keeps it) or timeline (an entry on an
    /// incident's timeline).
    pub source: String,
    /// created, or edited (a timeline note corrected).
    pub change: String,
    /// The incident's number, when the change is about one.
    pub incident: Option<i64>,
    /// For audit events the action (incident.status, postmortem.publish, action_item.create…);
    /// for timeline entries their kind (note, status, severity, role, status_update, task…).
    pub kind: String,
    /// What the audit event is about (incident, postmortem, action_item, person…), or
    /// "timeline".
    pub entity: String,
    pub entity_id: String,
    /// What happened, in words.
    pub summary: String,
    /// Who did it.
    pub actor: Option<String>,
    /// A timeline entry's structured detail (the status moved from and to, say).
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

impl From<FeedItem> for FeedEvent {
    fn from(f: FeedItem) -> Self {
        FeedEvent {
            cursor: f.position().cursor(),
            at: rfc3339(f.at),
            source: f.source,
            change: f.change,
            incident: f.incident,
            kind: f.kind,
            entity: f.entity,
            entity_id: f.entity_id,
            summary: f.summary,
            actor: f.actor,
            detail: f.detail,
        }
    }
}

/// A page of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    /// The changes, oldest first.
    pub events: Vec<FeedEvent>,
    /// Pass as `after` next time: the last change's cursor (or the one given, when nothing
    /// new came).
    pub cursor: String,
    /// The address that reads on (with the same wait and limit).
    pub next: String,
    /// Whether more changes are waiting already (ask again at once).
    pub more: bool,
}

/// What changed after `after`: the timeline entries and audit events you may see (changes
/// to incidents you may see; everything, for admins), oldest first. With `wait`, an answer
/// that would be empty waits up to that many seconds for a change.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", operation_id = "follow_changes",
    params(FeedQuery),
    responses(
        (status = 200, description = "The changes after the cursor, and the cursor to read on from", body = FeedPage),
        (status = 422, description = "An unreadable cursor, or a wait or limit out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn feed(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<axum::Json<FeedPage>, ApiError> {
    let mut errors = FieldErrors::new();
    let after = match query.after.as_deref().map(str::trim) {
        None => Some(Position::default()),
        Some("latest") => None,
        Some(cursor) => Some(Position::parse(cursor).unwrap_or_else(|| {
            errors.add_said("after", Message::new("val-this-is-not-a-cursor-from"));
            Position::default()
        })),
    };
    let wait = query.wait.unwrap_or(0);
    if wait > LONGEST_WAIT {
        errors.add_said("wait", Message::new("val-wait-0-to-30-seconds"));
    }
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        errors.add_said("limit", Message::new("val-ask-for-1-to-500-changes"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let mut from = match after {
        Some(position) => position,
        None => store::feed::end(&state.db).await?,
    };
    // The request must answer before the server's own time limit.
    let longest = state.request_timeout_secs.saturating_sub(1);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait.min(longest));
    let viewer = user.visibility();
    let mut heard = if wait > 0 {
        state.live.feed().await.ok()
    } else {
        None
    };
    let mut items = store::feed::after(&state.db, from, viewer, limit + 1).await?;
    while items.is_empty() && tokio::time::Instant::now() < deadline {
        let until = deadline.min(tokio::time::Instant::now() + LOOK_AGAIN);
        match heard.as_mut() {
            Some(heard) => {
                let _ = tokio::time::timeout_at(until, heard.changed()).await;
            }
            None => tokio::time::sleep_until(until).await,
        }
        items = store::feed::after(&state.db, from, viewer, limit + 1).await?;
    }
    let more = items.len() > usize::try_from(limit).unwrap_or(100);
    items.truncate(usize::try_from(limit).unwrap_or(100));
    if let Some(last) = items.last() {
        from = last.position();
    }
    let cursor = from.cursor();
    let mut pairs = vec![("after", cursor.clone())];
    if let Some(w) = query.wait {
        pairs.push(("wait", w.to_string()));
    }
    if let Some(l) = query.limit {
        pairs.push(("limit", l.to_string()));
    }
    Ok(axum::Json(FeedPage {
        events: items.into_iter().map(Into::into).collect(),
        next: super::next_link("/api/v1/events", &pairs),
        cursor,
        more,
    }))
}
