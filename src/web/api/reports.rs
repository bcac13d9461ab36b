//! `/api/v1/reports`: the reports page's figures as JSON.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::domain::person::Access;
use crate::error::{ApiError, AppError};
use crate::web::api::ApiQuery;
use crate::web::auth::CurrentUser;
use crate::web::forms::ReportQuery;
use crate::web::reports::compute;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/api/v1/reports", Access::VIEWER, report)
}

/// The report as JSON: response times in seconds (median, p90, mean, with how many incidents
/// each figure counted and left out), the trend, services, action items and missing
/// post-mortems.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(ReportQuery),
    responses(
        (status = 200, description = "The report", content_type = "application/json"),
        (status = 422, description = "Invalid dates or filters", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> std::result::Result<Response, ApiError> {
    let report = compute(&state, &user, &query)
        .await?
        .map_err(AppError::Validation)?;
    Ok(axum::Json(report).into_response())
}
