//! `/api/v1/incidents/{number}/updates`: stakeholder updates, read and published with the
//! pages' rules (only the incident's Communications Lead or Commander, or an admin,
//! publishes; a public update reaches the status page and its subscribers).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::time::{parse_rfc3339, rfc3339};
use crate::domain::update::{NewUpdate, StatusUpdate};
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/incidents/{number}/updates", Access::VIEWER, list)
        .post(
            "/api/v1/incidents/{number}/updates",
            Access::RESPONDER,
            publish,
        )
}

/// A published stakeholder update.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateJson {
    pub id: uuid::Uuid,
    /// internal or public.
    pub audience: String,
    /// What is happening, as written.
    pub status: String,
    pub impact: String,
    /// When the next update is promised (RFC 3339), if it is.
    pub next_update_at: Option<String>,
    pub published_at: String,
    /// Who published it.
    pub author: String,
}

impl From<&StatusUpdate> for UpdateJson {
    fn from(u: &StatusUpdate) -> Self {
        UpdateJson {
            id: u.id,
            audience: u.audience.as_str().into(),
            status: u.status.clone(),
            impact: u.impact.clone(),
            next_update_at: u.next_update_at.map(rfc3339),
            published_at: rfc3339(u.published_at),
            author: u.author.clone(),
        }
    }
}

/// A new update.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUpdateJson {
    /// internal or public.
    pub audience: String,
    /// What is happening (1 to 5,000 characters).
    pub status: String,
    #[serde(default)]
    pub impact: String,
    /// When the next update is promised (RFC 3339, ahead, at most a week).
    pub next_update_at: Option<String>,
}

/// The incident's stakeholder updates, newest first.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/updates", tag = "response", operation_id = "list_updates",
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)")),
    responses(
        (status = 200, description = "The updates, newest first", body = Vec<UpdateJson>),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<Vec<UpdateJson>>, ApiError> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let updates = store::updates::list(&state.db, incident.id).await?;
    Ok(axum::Json(updates.iter().map(Into::into).collect()))
}

/// Publishes a stakeholder update.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/updates", tag = "response", operation_id = "publish_update",
    request_body = NewUpdateJson,
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)")),
    responses(
        (status = 201, description = "Published", body = UpdateJson),
        (status = 403, description = "Only the incident's Communications Lead or Commander (or an admin) publishes", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<NewUpdateJson>,
) -> Result<Response, ApiError> {
    let now = OffsetDateTime::now_utc();
    let next = match body.next_update_at.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(at) => parse_rfc3339(at).map(Some),
    };
    let parsed = NewUpdate::parse(
        &body.audience,
        &body.status,
        &body.impact,
        next.clone().ok().flatten(),
        now,
    );
    let update = match (parsed, next) {
        (Ok(u), Ok(_)) => u,
        (parsed, next) => {
            let mut errors = parsed.err().unwrap_or_default();
            if let Err(e) = next {
                errors.add("next_update_at", e);
            }
            return Err(AppError::Validation(errors).into());
        }
    };
    let ctx = state.ctx();
    app::updates::publish(&ctx, &user.actor(), number, &update).await?;
    let incident = app::incidents::visible(&ctx, &user.actor(), number).await?;
    let updates = store::updates::list(&state.db, incident.id).await?;
    let newest = updates.first().ok_or(ApiError(AppError::NotFound))?;
    Ok(json_with(StatusCode::CREATED, UpdateJson::from(newest)))
}
