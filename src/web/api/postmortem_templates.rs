//! `/api/v1/postmortem-templates`: the templates post-mortems follow, read by everyone and
//! kept by admins.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::contract::{KindName, SeverityName};
use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::taxonomy::Edited;
use crate::domain::person::Access;
use crate::domain::postmortem::template::{KeptTemplate, QuestionRow, SectionRow, TemplateInput};
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/postmortem-templates", Access::VIEWER, list)
        .post("/api/v1/postmortem-templates", Access::ADMIN, add)
        .get("/api/v1/postmortem-templates/{id}", Access::VIEWER, show)
        .put("/api/v1/postmortem-templates/{id}", Access::ADMIN, save)
}

/// A section of a template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionJson {
    /// Where its text is kept in a post-mortem's `sections`; made from the title when left
    /// out.
    #[serde(default)]
    pub key: String,
    pub title: String,
    /// What belongs in it.
    #[serde(default)]
    pub guidance: String,
    /// Whether publishing needs it written (or marked not applicable).
    #[serde(default)]
    pub required: bool,
    /// Markdown a new post-mortem starts it with.
    #[serde(default)]
    pub prompt: String,
}

/// How a question is answered.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum QuestionKindName {
    Text,
    Choice,
    YesNo,
}

/// An extra question of a template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionJson {
    /// Where its answer is kept in a post-mortem's `sections`; made from the text when left
    /// out.
    #[serde(default)]
    pub key: String,
    pub text: String,
    #[schema(value_type = QuestionKindName)]
    pub kind: String,
    /// The answers offered, for a choice.
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

/// A post-mortem template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateJson {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// The kinds of incident it is for; empty: any.
    #[schema(value_type = Vec<KindName>)]
    pub kinds: Vec<String>,
    /// The severities it is for; empty: any.
    #[schema(value_type = Vec<SeverityName>)]
    pub severities: Vec<String>,
    pub sections: Vec<SectionJson>,
    pub questions: Vec<QuestionJson>,
    /// New post-mortems no longer follow it.
    pub retired: bool,
    /// The version a change is based on; a post-mortem keeps the version it started with.
    pub version: i32,
}

impl From<&KeptTemplate> for TemplateJson {
    fn from(t: &KeptTemplate) -> Self {
        let f = &t.fields;
        TemplateJson {
            id: t.id,
            name: f.name.clone(),
            description: f.description.clone(),
            kinds: f.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            severities: f.severities.iter().map(|s| s.as_str().to_owned()).collect(),
            sections: f
                .sections
                .iter()
                .map(|s| SectionJson {
                    key: s.key.clone(),
                    title: s.title.clone(),
                    guidance: s.guidance.clone(),
                    required: s.required,
                    prompt: s.prompt.clone(),
                })
                .collect(),
            questions: f
                .questions
                .iter()
                .map(|q| QuestionJson {
                    key: q.key.clone(),
                    text: q.text.clone(),
                    kind: q.kind.as_str().to_owned(),
                    choices: q.choices.clone(),
                    required: q.required,
                })
                .collect(),
            retired: t.retired,
            version: t.version,
        }
    }
}

/// A template as sent: a new one, or (with `version`) a new version of one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// For a new version: the version it is based on (the `version` read). Not sent for a
    /// new template.
    #[serde(default)]
    pub version: Option<i32>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[schema(value_type = Vec<KindName>)]
    pub kinds: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<SeverityName>)]
    pub severities: Vec<String>,
    /// At least one, at most 30, in order.
    pub sections: Vec<SectionJson>,
    /// At most 20, in order.
    #[serde(default)]
    pub questions: Vec<QuestionJson>,
    /// New post-mortems no longer follow it (a new version only).
    #[serde(default)]
    pub retired: bool,
}

impl TemplateBody {
    fn input(self) -> TemplateInput {
        TemplateInput {
            name: self.name,
            description: self.description,
            kinds: self.kinds,
            severities: self.severities,
            sections: self
                .sections
                .into_iter()
                .map(|s| SectionRow {
                    key: s.key,
                    title: s.title,
                    guidance: s.guidance,
                    prompt: s.prompt,
                    required: s.required,
                })
                .collect(),
            questions: self
                .questions
                .into_iter()
                .map(|q| QuestionRow {
                    key: q.key,
                    text: q.text,
                    kind: q.kind,
                    choices: q.choices,
                    required: q.required,
                })
                .collect(),
        }
    }
}

/// Every template, retired ones included, by name.
#[utoipa::path(get, path = "/api/v1/postmortem-templates", tag = "postmortems", operation_id = "list_postmortem_templates",
    responses((status = 200, description = "Every template", body = Vec<TemplateJson>)))]
pub async fn list(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<TemplateJson>>, ApiError> {
    let kept = store::postmortem_templates::list(&state.db).await?;
    Ok(axum::Json(kept.iter().map(Into::into).collect()))
}

async fn one(state: &AppState, id: Uuid) -> Result<TemplateJson, ApiError> {
    let kept = store::postmortem_templates::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(TemplateJson::from(&kept))
}

/// One template.
#[utoipa::path(get, path = "/api/v1/postmortem-templates/{id}", tag = "postmortems", operation_id = "show_postmortem_template",
    params(("id" = Uuid, Path, description = "The template's id")),
    responses(
        (status = 200, description = "The template", body = TemplateJson),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Id(id): Id<Uuid>,
) -> Result<axum::Json<TemplateJson>, ApiError> {
    Ok(axum::Json(one(&state, id).await?))
}

/// Adds a template (admins). New post-mortems of the incidents it is for follow it.
#[utoipa::path(post, path = "/api/v1/postmortem-templates", tag = "postmortems", operation_id = "add_postmortem_template",
    request_body = TemplateBody,
    responses(
        (status = 201, description = "Added", body = TemplateJson),
        (status = 422, description = "A field missing, too long or unknown, or the name taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<Response, ApiError> {
    if body.version.is_some() || body.retired {
        return Err(AppError::Validation(FieldErrors::one(
            "version",
            "A new template has no version or retirement yet; save those with PUT.",
        ))
        .into());
    }
    let fields = body.input().parse().map_err(AppError::Validation)?;
    let id = app::postmortem_templates::add(&state.ctx(), &user.actor(), &fields)
        .await?
        .map_err(AppError::Validation)?;
    Ok(json_with(StatusCode::CREATED, one(&state, id).await?))
}

/// Saves a new version of a template (admins), if `version` is still the current one:
/// otherwise 409 with the template as it is now in `current`. Post-mortems already started
/// keep the version they began with.
#[utoipa::path(put, path = "/api/v1/postmortem-templates/{id}", tag = "postmortems", operation_id = "save_postmortem_template",
    request_body = TemplateBody,
    params(("id" = Uuid, Path, description = "The template's id")),
    responses(
        (status = 200, description = "Saved", body = TemplateJson),
        (status = 404, description = "No such template", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Saved by someone else since the version read (`current` holds it)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field missing, too long or unknown, or the name taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<Response, ApiError> {
    store::postmortem_templates::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(version) = body.version else {
        return Err(AppError::Validation(FieldErrors::one(
            "version",
            "Send the version the change is based on (the `version` read).",
        ))
        .into());
    };
    let retired = body.retired;
    let fields = body.input().parse().map_err(AppError::Validation)?;
    let edited = app::postmortem_templates::update(
        &state.ctx(),
        &user.actor(),
        id,
        version,
        &fields,
        retired,
    )
    .await?;
    match edited {
        Edited::Saved(_) => Ok(json_with(StatusCode::OK, one(&state, id).await?)),
        Edited::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The template was saved as version {} since version {} was read; nothing was saved.",
                current.version, version
            ),
            current: serde_json::to_value(TemplateJson::from(current.as_ref())).ok(),
        }
        .into()),
        Edited::Invalid(errors) => Err(AppError::Validation(errors).into()),
    }
}
