//! `/api/v1/incidents/{number}/roles` and `/timeline`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::contract::{LeadName, RoleName};

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::team::{Assign, Assignment};
use crate::domain::time::{parse_rfc3339, rfc3339};
use crate::domain::timeline::Note;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::export::timeline::entry_json;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/incidents/{number}/roles", Access::VIEWER, roles)
        .post(
            "/api/v1/incidents/{number}/roles",
            Access::RESPONDER,
            assign,
        )
        .post(
            "/api/v1/incidents/{number}/roles/{id}/relieve",
            Access::RESPONDER,
            relieve,
        )
        .get(
            "/api/v1/incidents/{number}/timeline",
            Access::VIEWER,
            timeline,
        )
        .post(
            "/api/v1/incidents/{number}/timeline",
            Access::RESPONDER,
            add_note,
        )
        .patch(
            "/api/v1/incidents/{number}/timeline/{id}",
            Access::RESPONDER,
            edit_note,
        )
}

/// One role assignment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentJson {
    pub id: uuid::Uuid,
    /// ic, cl, ol or member.
    pub role: String,
    /// For members: cl or ol.
    pub under: Option<String>,
    /// The person's email.
    pub person: String,
    pub name: String,
    pub assumed_at: String,
    pub relieved_at: Option<String>,
    pub note: String,
}

impl From<&Assignment> for AssignmentJson {
    fn from(a: &Assignment) -> Self {
        AssignmentJson {
            id: a.id,
            role: a.role.as_str().into(),
            under: a.under.map(|u| u.as_str().into()),
            person: a.person_email.clone(),
            name: a.person_name.clone(),
            assumed_at: rfc3339(a.assumed_at),
            relieved_at: a.relieved_at.map(rfc3339),
            note: a.note.clone(),
        }
    }
}

/// The team now, and every assignment ever made.
#[derive(Debug, Serialize, ToSchema)]
pub struct RolesJson {
    pub current: Vec<AssignmentJson>,
    pub history: Vec<AssignmentJson>,
}

/// The assignment just made, and the team now.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignedJson {
    /// The new assignment: relieve it with its `id`.
    pub assigned: AssignmentJson,
    pub current: Vec<AssignmentJson>,
    pub history: Vec<AssignmentJson>,
}

/// A role to give.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRole {
    #[schema(value_type = RoleName)]
    pub role: String,
    /// The person's email.
    pub person: String,
    /// For members: the lead they work under.
    #[serde(default)]
    #[schema(value_type = Option<LeadName>)]
    pub under: Option<String>,
    /// A hand-off note.
    #[serde(default)]
    pub note: Option<String>,
}

/// A note for the timeline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// Markdown.
    pub body: String,
    /// RFC 3339, when it happened; defaults to now.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub occurred_at: Option<String>,
    #[serde(default)]
    pub highlight: bool,
}

async fn roles_json(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<RolesJson, ApiError> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let team = store::team::team(&state.db, incident.id).await?;
    Ok(RolesJson {
        current: team.current().map(Into::into).collect(),
        history: team.assignments.iter().rev().map(Into::into).collect(),
    })
}

/// The response team and its hand-off history.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/roles", tag = "response",
    params(("number" = i64, Path, description = "The incident number")),
    responses((status = 200, description = "The team", body = RolesJson)))]
pub async fn roles(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<RolesJson>, ApiError> {
    Ok(axum::Json(roles_json(&state, &user, number).await?))
}

/// Gives a person a role; a lead role held by someone else is handed off.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/roles", tag = "response", request_body = AssignRole,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 201, description = "Assigned: the new assignment and the team now", body = AssignedJson,
            links(("relieve" = (operation_id = "relieve",
                parameters(("number" = "$request.path.number"), ("id" = "$response.body#/assigned/id")),
                description = "Ends the assignment just made")))),
        (status = 422, description = "Invalid role or person", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<AssignRole>,
) -> Result<Response, ApiError> {
    let assign = Assign::parse(
        &body.role,
        body.under.as_deref().unwrap_or(""),
        &body.person,
        body.note.as_deref().unwrap_or(""),
    )
    .map_err(AppError::Validation)?;
    let id = app::team::assign(&state.ctx(), &user.actor(), number, &assign)
        .await?
        .map_err(AppError::Validation)?;
    let RolesJson { current, history } = roles_json(&state, &user, number).await?;
    let assigned = history
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok(json_with(
        StatusCode::CREATED,
        AssignedJson {
            assigned,
            current,
            history,
        },
    ))
}

/// Ends an assignment; one that has already ended stays as it is.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/roles/{id}/relieve", tag = "response",
    params(("number" = i64, Path, description = "The incident number"), ("id" = String, Path, description = "The assignment id")),
    responses(
        (status = 200, description = "Relieved, or had already ended (asking twice changes nothing); the team now", body = RolesJson),
        (status = 404, description = "No such assignment on this incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn relieve(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<uuid::Uuid>,
) -> Result<axum::Json<RolesJson>, ApiError> {
    app::team::relieve(&state.ctx(), &user.actor(), number, id).await?;
    Ok(axum::Json(roles_json(&state, &user, number).await?))
}

/// The timeline in event-time order.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/timeline", tag = "response",
    params(("number" = i64, Path, description = "The incident number")),
    responses((status = 200, description = "`{incident, title, entries: [...]}`")))]
pub async fn timeline(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let entries = store::timeline::list(&state.db, incident.id, None, false).await?;
    Ok(axum::Json(crate::export::timeline::json(
        &incident, &entries,
    )))
}

/// Adds a note.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/timeline", tag = "response", request_body = NewNote,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 201, description = "The new entry",
            links(("edit" = (operation_id = "edit_note",
                parameters(("number" = "$request.path.number"), ("id" = "$response.body#/id")),
                description = "Corrects the note with its version")))),
        (status = 422, description = "Invalid note", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_note(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<NewNote>,
) -> Result<Response, ApiError> {
    let now = OffsetDateTime::now_utc();
    // Left out (or null) means now; anything given must be a timestamp.
    let occurred = body.occurred_at.as_deref().map(str::trim);
    let mut errors = FieldErrors::new();
    if let Err(e) = Note::parse(&body.body, "", 0, body.highlight, now) {
        errors.extend(e);
    }
    if let Some(Err(e)) = occurred.map(parse_rfc3339) {
        errors.add("occurred_at", e);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let note = Note::parse(&body.body, occurred.unwrap_or(""), 0, body.highlight, now)
        .map_err(AppError::Validation)?;
    let id = app::timeline::add_note(&state.ctx(), &user.actor(), number, &note).await?;
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let entry = store::timeline::get(&state.db, incident.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(json_with(StatusCode::CREATED, entry_json(&entry)))
}

/// A correction to one's own note: the version read, and what to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteChange {
    pub version: i32,
    /// Markdown.
    pub body: Option<String>,
    /// RFC 3339, when it happened.
    #[schema(format = DateTime)]
    pub occurred_at: Option<String>,
    pub highlight: Option<bool>,
}

/// Corrects one of your own notes (system entries are never rewritten); every version is
/// kept.
#[utoipa::path(patch, path = "/api/v1/incidents/{number}/timeline/{id}", tag = "response", operation_id = "edit_note",
    request_body = NoteChange,
    params(("number" = i64, Path, description = "The incident number"), ("id" = String, Path, description = "The entry's id")),
    responses(
        (status = 200, description = "The note now"),
        (status = 403, description = "A system entry, or someone else's note", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident or entry", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Saved by someone since the version read (`current` holds it); nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid note", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit_note(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<uuid::Uuid>,
    ApiJson(body): ApiJson<NoteChange>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    let ctx = state.ctx();
    let incident = app::incidents::visible(&ctx, &user.actor(), number).await?;
    let entry = app::timeline::own_note(&ctx, &user.actor(), &incident, id).await?;
    let now = OffsetDateTime::now_utc();
    let mut errors = FieldErrors::new();
    let occurred = match body.occurred_at.as_deref() {
        None => Ok(entry.occurred_at),
        Some(at) => parse_rfc3339(at),
    };
    if let Err(e) = &occurred {
        errors.add("occurred_at", e.clone());
    }
    let occurred = occurred.unwrap_or(entry.occurred_at);
    let note = Note::parse(
        body.body.as_deref().unwrap_or(&entry.body),
        &crate::domain::time::rfc3339(occurred),
        0,
        body.highlight.unwrap_or(entry.highlighted),
        now,
    );
    let note = match note {
        Ok(note) if errors.is_empty() => note,
        Ok(_) => return Err(AppError::Validation(errors).into()),
        Err(more) => {
            errors.extend(more);
            return Err(AppError::Validation(errors).into());
        }
    };
    match app::timeline::edit_note(&ctx, &user.actor(), number, id, body.version, &note).await? {
        app::timeline::NoteEdit::Saved => {}
        app::timeline::NoteEdit::Stale(current) => {
            return Err(AppError::Conflict {
                message: format!(
                    "The note was saved as version {} since version {} was read; nothing was \
                     saved.",
                    current.version, body.version
                ),
                current: Some(entry_json(&current)),
            }
            .into());
        }
    }
    let entry = store::timeline::get(&state.db, incident.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json(entry_json(&entry)))
}
