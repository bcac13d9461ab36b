//! `GET /api/v1/postmortems`: what was learned. Published post-mortems found by their words,
//! with the page's filters and highlighted passages (see `web::postmortems::learn`).

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiQuery;
use crate::AppState;
use crate::domain::person::Access;
use crate::domain::time::rfc3339;
use crate::error::{ApiError, AppError, Problem};
use crate::web::auth::CurrentUser;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/postmortems", Access::VIEWER, learned)
        .get(
            "/api/v1/incidents/{number}/similar",
            Access::VIEWER,
            similar,
        )
}

/// An incident like another.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarJson {
    pub incident: i64,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub status: String,
    pub impact_started_at: String,
    /// The services both affected.
    pub shared_services: Vec<String>,
    /// Whether one of the same alerts fired (by fingerprint or name).
    pub same_alert: bool,
    /// How alike the titles are, 0 to 1.
    pub title_similarity: f32,
    /// Its post-mortem's state (draft, in_review, published), if one was started.
    pub postmortem: Option<String>,
    /// The published post-mortem's summary, shortened.
    pub summary: Option<String>,
    /// Its action items still open or in progress (at most three).
    pub open_action_items: Vec<String>,
    pub url: String,
}

/// Up to five incidents most like this one (restricted incidents are never suggested):
/// the same services, the same alerts, a similar title; with what their post-mortems
/// learned and what is still open from them.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/similar", tag = "postmortems", operation_id = "similar_incidents",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "The most similar first", body = Vec<SimilarJson>),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn similar(
    State(state): State<AppState>,
    user: CurrentUser,
    crate::web::extract::IncidentNumber(number): crate::web::extract::IncidentNumber,
) -> Result<axum::Json<Vec<SimilarJson>>, ApiError> {
    let incident = crate::app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let found = crate::store::similar::like(&state.db, incident.id).await?;
    Ok(axum::Json(
        found
            .into_iter()
            .map(|s| SimilarJson {
                incident: s.number,
                reference: format!("INC-{}", s.number),
                url: format!("/api/v1/incidents/{}", s.number),
                title: s.title,
                severity: s.severity.as_str().into(),
                status: s.status.as_str().into(),
                impact_started_at: rfc3339(s.impact_started_at),
                shared_services: s.shared_services,
                same_alert: s.same_alert,
                title_similarity: s.title_similarity,
                postmortem: s.postmortem.map(|p| p.as_str().to_owned()),
                summary: s.summary,
                open_action_items: s.open_actions,
            })
            .collect(),
    ))
}

/// A published post-mortem found.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearnedJson {
    /// The incident's number.
    pub incident: i64,
    pub reference: String,
    pub title: String,
    pub severity: String,
    pub kind: String,
    pub services: Vec<String>,
    pub impact_started_at: String,
    pub published_at: String,
    /// How well it matches the words (0 without them).
    pub rank: f32,
    /// The passages that match (or the start of the summary), as plain text.
    pub passage: String,
    /// The same passages as HTML: the text escaped, the words found in `<mark>`.
    pub passage_html: String,
    /// Action items whose titles match.
    pub matching_actions: Vec<String>,
    /// The contributing factors and triggers it is tagged with, factors first.
    pub tags: Vec<String>,
    /// The post-mortem in the API.
    pub url: String,
}

/// A page of what was learned.
#[derive(Debug, Serialize, ToSchema)]
pub struct LearnedPage {
    pub items: Vec<LearnedJson>,
    /// The next page; null on the last.
    pub next: Option<String>,
}

/// Published post-mortems you may see: found by their words (every section, the reason
/// for no action items, action items' titles, factors' and triggers' names), best match first, with the matching
/// passages; or, without words, newest first.
#[utoipa::path(get, path = "/api/v1/postmortems", tag = "postmortems", operation_id = "search_postmortems",
    params(crate::web::forms::LearnQuery),
    responses(
        (status = 200, description = "A page of published post-mortems", body = LearnedPage),
        (status = 422, description = "A filter is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn learned(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<crate::web::forms::LearnQuery>,
) -> Result<axum::Json<LearnedPage>, ApiError> {
    use crate::web::postmortems::learn::{find, passage_parts};
    let (found, next) = find(&state, &user, &query)
        .await
        .map_err(AppError::Validation)?;
    let items = found
        .into_iter()
        .map(|l| {
            let parts = passage_parts(&l.passage);
            let passage = parts.iter().map(|(t, _)| t.as_str()).collect();
            let passage_html = parts
                .iter()
                .map(|(t, found)| {
                    let text = crate::markdown::escape(t);
                    if *found {
                        format!("<mark>{text}</mark>")
                    } else {
                        text
                    }
                })
                .collect();
            LearnedJson {
                incident: l.number,
                reference: format!("INC-{}", l.number),
                url: format!("/api/v1/incidents/{}/postmortem", l.number),
                title: l.title,
                severity: l.severity.as_str().into(),
                kind: l.kind.as_str().into(),
                services: l.services,
                impact_started_at: rfc3339(l.impact_started_at),
                published_at: rfc3339(l.published_at),
                rank: l.rank,
                passage,
                passage_html,
                matching_actions: l.matching_actions,
                tags: l.tags,
            }
        })
        .collect();
    let next = next.map(|after| query.next_link("/api/v1/postmortems", after));
    Ok(axum::Json(LearnedPage { items, next }))
}
