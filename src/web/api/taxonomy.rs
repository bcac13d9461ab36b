//! `/api/v1/factors` and `/api/v1/triggers`: the lists post-mortems are tagged with (read by
//! everyone, kept by admins); `/api/v1/incidents/{number}/postmortem/classification`: a
//! post-mortem's factors, triggers and detection source.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::taxonomy::Edited;
use crate::domain::person::Access;
use crate::domain::taxonomy::{Classification, Tag, TagFields, TagKind, detection_source};
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/factors", Access::VIEWER, list_factors)
        .post("/api/v1/factors", Access::ADMIN, add_factor)
        .patch("/api/v1/factors/{id}", Access::ADMIN, edit_factor)
        .get("/api/v1/triggers", Access::VIEWER, list_triggers)
        .post("/api/v1/triggers", Access::ADMIN, add_trigger)
        .patch("/api/v1/triggers/{id}", Access::ADMIN, edit_trigger)
        .put(
            "/api/v1/incidents/{number}/postmortem/classification",
            Access::RESPONDER,
            classify,
        )
}

/// A contributing factor or trigger.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagJson {
    pub id: Uuid,
    pub name: String,
    /// What it means, for whoever tags a post-mortem.
    pub description: String,
    /// No longer offered for tagging; post-mortems that have it keep it.
    pub retired: bool,
    /// The version a change is based on.
    pub version: i32,
}

impl From<&Tag> for TagJson {
    fn from(t: &Tag) -> Self {
        TagJson {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            retired: t.retired,
            version: t.version,
        }
    }
}

async fn list(state: &AppState, kind: TagKind) -> Result<axum::Json<Vec<TagJson>>, ApiError> {
    let tags = store::taxonomy::list(&state.db).await?;
    Ok(axum::Json(
        tags.iter()
            .filter(|t| t.kind == kind)
            .map(Into::into)
            .collect(),
    ))
}

/// Every contributing factor, retired ones included, by name.
#[utoipa::path(get, path = "/api/v1/factors", tag = "postmortems", operation_id = "list_factors",
    responses((status = 200, description = "Every contributing factor", body = Vec<TagJson>)))]
pub async fn list_factors(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<TagJson>>, ApiError> {
    list(&state, TagKind::Factor).await
}

/// Every trigger, retired ones included, by name.
#[utoipa::path(get, path = "/api/v1/triggers", tag = "postmortems", operation_id = "list_triggers",
    responses((status = 200, description = "Every trigger", body = Vec<TagJson>)))]
pub async fn list_triggers(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<TagJson>>, ApiError> {
    list(&state, TagKind::Trigger).await
}

/// A new contributing factor or trigger.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTag {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

async fn add(
    state: &AppState,
    user: &CurrentUser,
    kind: TagKind,
    body: NewTag,
) -> Result<Response, ApiError> {
    let fields = TagFields::parse(&body.name, &body.description).map_err(AppError::Validation)?;
    let id = app::taxonomy::add(&state.ctx(), &user.actor(), kind, &fields)
        .await?
        .map_err(AppError::Validation)?;
    let tag = store::taxonomy::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(json_with(StatusCode::CREATED, TagJson::from(&tag)))
}

/// Adds a contributing factor (admins).
#[utoipa::path(post, path = "/api/v1/factors", tag = "postmortems", operation_id = "add_factor",
    request_body = NewTag,
    responses(
        (status = 201, description = "Added", body = TagJson),
        (status = 422, description = "A name missing, too long or taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_factor(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewTag>,
) -> Result<Response, ApiError> {
    add(&state, &user, TagKind::Factor, body).await
}

/// Adds a trigger (admins).
#[utoipa::path(post, path = "/api/v1/triggers", tag = "postmortems", operation_id = "add_trigger",
    request_body = NewTag,
    responses(
        (status = 201, description = "Added", body = TagJson),
        (status = 422, description = "A name missing, too long or taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_trigger(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewTag>,
) -> Result<Response, ApiError> {
    add(&state, &user, TagKind::Trigger, body).await
}

/// A change to a factor or trigger, based on the version read; fields left out stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagChange {
    pub version: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub retired: Option<bool>,
}

async fn edit(
    state: &AppState,
    user: &CurrentUser,
    kind: TagKind,
    id: Uuid,
    body: TagChange,
) -> Result<Response, ApiError> {
    let tag = store::taxonomy::get(&state.db, id)
        .await?
        .filter(|t| t.kind == kind)
        .ok_or(AppError::NotFound)?;
    let fields = TagFields::parse(
        body.name.as_deref().unwrap_or(&tag.name),
        body.description.as_deref().unwrap_or(&tag.description),
    )
    .map_err(AppError::Validation)?;
    let retired = body.retired.unwrap_or(tag.retired);
    let edited = app::taxonomy::update(
        &state.ctx(),
        &user.actor(),
        id,
        body.version,
        &fields,
        retired,
    )
    .await?;
    match edited {
        Edited::Saved(_) => {
            let tag = store::taxonomy::get(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(json_with(StatusCode::OK, TagJson::from(&tag)))
        }
        Edited::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The {} was changed since version {} was read; nothing was saved.",
                kind.label().to_lowercase(),
                body.version
            ),
            current: serde_json::to_value(TagJson::from(current.as_ref())).ok(),
        }
        .into()),
        Edited::Invalid(errors) => Err(AppError::Validation(errors).into()),
    }
}

/// Renames, describes, retires or brings back a contributing factor (admins).
#[utoipa::path(patch, path = "/api/v1/factors/{id}", tag = "postmortems", operation_id = "edit_factor",
    request_body = TagChange,
    params(("id" = String, Path, description = "The factor's id")),
    responses(
        (status = 200, description = "Saved", body = TagJson),
        (status = 404, description = "No such factor", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A name missing, too long or taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit_factor(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<TagChange>,
) -> Result<Response, ApiError> {
    edit(&state, &user, TagKind::Factor, id, body).await
}

/// Renames, describes, retires or brings back a trigger (admins).
#[utoipa::path(patch, path = "/api/v1/triggers/{id}", tag = "postmortems", operation_id = "edit_trigger",
    request_body = TagChange,
    params(("id" = String, Path, description = "The trigger's id")),
    responses(
        (status = 200, description = "Saved", body = TagJson),
        (status = 404, description = "No such trigger", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A name missing, too long or taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn edit_trigger(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<TagChange>,
) -> Result<Response, ApiError> {
    edit(&state, &user, TagKind::Trigger, id, body).await
}

/// A post-mortem's factors, triggers and detection source, replacing what it had.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassificationChange {
    /// The `classification_version` read.
    pub version: i32,
    /// Contributing factors by name (any case).
    #[serde(default)]
    pub factors: Vec<String>,
    /// Triggers by name (any case).
    #[serde(default)]
    pub triggers: Vec<String>,
    /// alert, synthetic, employee or customer; null when not known.
    #[serde(default)]
    pub detection: Option<String>,
}

/// The ids of the named tags of `kind`, or a message for `field` naming each unknown one.
fn resolve(
    all: &[Tag],
    kind: TagKind,
    names: &[String],
    field: &str,
    errors: &mut FieldErrors,
    ids: &mut Vec<Uuid>,
) {
    for name in names {
        match all
            .iter()
            .find(|t| t.kind == kind && t.name.eq_ignore_ascii_case(name.trim()))
        {
            Some(t) => ids.push(t.id),
            None => errors.add(
                field,
                format!(
                    "There is no {} named \"{}\".",
                    kind.label().to_lowercase(),
                    name.trim()
                ),
            ),
        }
    }
}

/// Tags the post-mortem with contributing factors and triggers (by name) and says how the
/// incident was detected, if `version` is still the classification's current one (409
/// otherwise, with the post-mortem in `current`). Allowed after publishing: it is not the
/// reviewed text.
#[utoipa::path(put, path = "/api/v1/incidents/{number}/postmortem/classification", tag = "postmortems", operation_id = "classify_postmortem",
    request_body = ClassificationChange,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Saved; the post-mortem as `GET …/postmortem` shows it"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Changed since the version read (`current` holds the post-mortem)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown or retired factor or trigger, or an unknown detection source", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn classify(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<ClassificationChange>,
) -> Result<Response, ApiError> {
    let all = store::taxonomy::list(&state.db).await?;
    let mut errors = FieldErrors::new();
    let mut tags = Vec::new();
    resolve(
        &all,
        TagKind::Factor,
        &body.factors,
        "factors",
        &mut errors,
        &mut tags,
    );
    resolve(
        &all,
        TagKind::Trigger,
        &body.triggers,
        "triggers",
        &mut errors,
        &mut tags,
    );
    let detection = detection_source(body.detection.as_deref().unwrap_or(""), &mut errors);
    tags.sort();
    tags.dedup();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let c = Classification { tags, detection };
    let edited =
        app::taxonomy::classify(&state.ctx(), &user.actor(), number, body.version, &c).await?;
    match edited {
        Edited::Saved(_) => Ok(json_with(
            StatusCode::OK,
            super::postmortems::document(&state, &user, number).await?,
        )),
        Edited::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The factors, triggers or detection source changed (version {}) since version \
                 {} was read; nothing was saved.",
                current.classification_version, body.version
            ),
            current: Some(super::postmortems::document(&state, &user, number).await?),
        }
        .into()),
        Edited::Invalid(errors) => Err(AppError::Validation(errors).into()),
    }
}
