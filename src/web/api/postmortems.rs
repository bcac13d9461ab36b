//! `/api/v1/incidents/{number}/postmortem` as JSON, Markdown and PDF.

use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::domain::person::Access;
use crate::error::ApiError;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::postmortems::exports::Exported;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/api/v1/incidents/{number}/postmortem",
            Access::VIEWER,
            json,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem.md",
            Access::VIEWER,
            markdown,
        )
        .get(
            "/api/v1/incidents/{number}/postmortem.pdf",
            Access::VIEWER,
            pdf,
        )
}

/// The post-mortem with its sections, review state and action items.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem", tag = "postmortems",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "`{incident, state, revision, sections, action_items, ...}`"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn json(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    Ok(axum::Json(
        Exported::load(&state, &user, number).await?.json(),
    ))
}

/// The post-mortem as a Markdown document.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem.md", tag = "postmortems",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "text/markdown, as a download"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn markdown(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response, ApiError> {
    Ok(Exported::load(&state, &user, number).await?.markdown_file())
}

/// The post-mortem as a PDF document.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem.pdf", tag = "postmortems",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "application/pdf, as a download"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response, ApiError> {
    Ok(Exported::load(&state, &user, number)
        .await?
        .pdf_file()
        .await?)
}
