//! `/api/v1/incidents/{number}/tasks`: the response's to-do list (runbook steps attached
//! when the incident was filed, and tasks people add), with the pages' rules.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::runbook::Task;
use crate::domain::time::rfc3339;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/incidents/{number}/tasks", Access::VIEWER, list)
        .post("/api/v1/incidents/{number}/tasks", Access::RESPONDER, add)
        .patch(
            "/api/v1/incidents/{number}/tasks/{id}",
            Access::RESPONDER,
            change,
        )
}

/// One task.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskJson {
    pub id: Uuid,
    pub title: String,
    /// The assignee's email, if the task is someone's.
    pub assignee: Option<String>,
    pub assignee_name: Option<String>,
    pub done: bool,
    pub done_at: Option<String>,
    /// The runbook the task came from, if it did.
    pub runbook: Option<String>,
}

impl From<&Task> for TaskJson {
    fn from(t: &Task) -> Self {
        TaskJson {
            id: t.id,
            title: t.title.clone(),
            assignee: t.assignee_email.clone(),
            assignee_name: t.assignee.clone(),
            done: t.done,
            done_at: t.done_at.map(rfc3339),
            runbook: t.runbook.clone(),
        }
    }
}

/// A task to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTaskJson {
    /// What needs doing (1 to 500 characters).
    pub title: String,
    /// The email of an active person to give it to.
    #[serde(default)]
    pub assignee: Option<String>,
}

/// A change to a task: give `done`, `assignee` (null or "" for nobody), or both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskChangeJson {
    #[serde(default)]
    pub done: Option<bool>,
    /// The email of an active person; null or "" gives the task to nobody.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub assignee: Option<Option<String>>,
}

/// Tells a field sent as null (`Some(None)`) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

async fn task(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
    id: Uuid,
) -> Result<TaskJson, ApiError> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let tasks = store::runbooks::tasks(&state.db, incident.id).await?;
    let task = tasks
        .iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(task.into())
}

/// The incident's tasks, in order.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/tasks", tag = "response", operation_id = "list_tasks",
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)")),
    responses(
        (status = 200, description = "The tasks in order", body = Vec<TaskJson>),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<Vec<TaskJson>>, ApiError> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let tasks = store::runbooks::tasks(&state.db, incident.id).await?;
    Ok(axum::Json(tasks.iter().map(Into::into).collect()))
}

/// Adds a task, optionally someone's.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/tasks", tag = "response", operation_id = "add_task",
    request_body = NewTaskJson,
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)")),
    responses(
        (status = 201, description = "Added", body = TaskJson,
            links(("change" = (operation_id = "change_task",
                parameters(("number" = "$request.path.number"), ("id" = "$response.body#/id")),
                description = "Ticks the task off or gives it to someone")))),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No title, or no active person with that email", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<NewTaskJson>,
) -> Result<Response, ApiError> {
    let id = app::tasks::add_task(
        &state.ctx(),
        &user.actor(),
        number,
        &body.title,
        body.assignee.as_deref().unwrap_or(""),
    )
    .await?
    .map_err(AppError::Validation)?;
    let added = task(&state, &user, number, id).await?;
    Ok(json_with(StatusCode::CREATED, added))
}

/// Ticks a task off (or reopens it) and gives it to someone (or nobody). Sending what the
/// task already is changes nothing.
#[utoipa::path(patch, path = "/api/v1/incidents/{number}/tasks/{id}", tag = "response", operation_id = "change_task",
    request_body = TaskChangeJson,
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)"),
           ("id" = String, Path, description = "The task id")),
    responses(
        (status = 200, description = "The task now", body = TaskJson),
        (status = 404, description = "No such incident or task", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No active person with that email", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<TaskChangeJson>,
) -> Result<axum::Json<TaskJson>, ApiError> {
    let before = task(&state, &user, number, id).await?;
    let ctx = state.ctx();
    if let Some(assignee) = body.assignee {
        let assignee = assignee.unwrap_or_default();
        if !assignee
            .trim()
            .eq_ignore_ascii_case(before.assignee.as_deref().unwrap_or(""))
        {
            app::tasks::assign_task(&ctx, &user.actor(), number, id, &assignee)
                .await?
                .map_err(AppError::Validation)?;
        }
    }
    if let Some(done) = body.done {
        app::tasks::set_task_done(&ctx, &user.actor(), number, id, done).await?;
    }
    Ok(axum::Json(task(&state, &user, number, id).await?))
}
