//! `/api/v1/runbooks`: the runbooks attached to incidents as tasks, to read.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::domain::person::Access;
use crate::domain::runbook::{Runbook, steps};
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/runbooks", Access::VIEWER, list)
        .get("/api/v1/runbooks/{id}", Access::VIEWER, show)
}

/// A runbook.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunbookJson {
    pub id: Uuid,
    pub title: String,
    /// The incident kind it is attached for, if any.
    pub kind: Option<String>,
    /// The service it is attached for, if any.
    pub service: Option<String>,
    /// The Markdown as written.
    pub markdown: String,
    /// The steps an incident gets as tasks.
    pub steps: Vec<String>,
    pub version: i32,
}

impl From<&Runbook> for RunbookJson {
    fn from(r: &Runbook) -> Self {
        RunbookJson {
            id: r.id,
            title: r.title.clone(),
            kind: r.kind.map(|k| k.as_str().to_owned()),
            service: r.service.clone(),
            markdown: r.steps.clone(),
            steps: steps(&r.steps),
            version: r.version,
        }
    }
}

/// Every runbook.
#[utoipa::path(get, path = "/api/v1/runbooks", tag = "response", operation_id = "list_runbooks",
    responses((status = 200, description = "Every runbook", body = Vec<RunbookJson>)))]
pub async fn list(State(state): State<AppState>) -> Result<axum::Json<Vec<RunbookJson>>, ApiError> {
    let runbooks = store::runbooks::list(&state.db).await?;
    Ok(axum::Json(runbooks.iter().map(Into::into).collect()))
}

/// One runbook.
#[utoipa::path(get, path = "/api/v1/runbooks/{id}", tag = "response", operation_id = "show_runbook",
    params(("id" = String, Path, description = "The runbook's id")),
    responses(
        (status = 200, description = "The runbook", body = RunbookJson),
        (status = 404, description = "No such runbook", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Id(id): Id<Uuid>,
) -> Result<axum::Json<RunbookJson>, ApiError> {
    let runbook = store::runbooks::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json((&runbook).into()))
}
