//! `/api/v1/incidents/{number}/postmortem`: the post-mortem read and written with the
//! pages' rules (start, save with the revision read, review, comment, approve, publish,
//! reopen, revisions and their comparison), and as Markdown and PDF documents.

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::{ApiJson, json_with};
use crate::AppState;
use crate::app;
use crate::app::postmortems::{Approval, Saved, Started, TemplateChoice};
use crate::domain::blameless;
use crate::domain::person::Access;
use crate::domain::postmortem::{Section, check_lengths};
use crate::domain::time::rfc3339;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::i18n::Lang;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::{Id, IncidentNumber};
use crate::web::postmortems::exports::Exported;
use crate::web::postmortems::people_names;
use crate::web::postmortems::view::has_flags;
use crate::web::routes::Routes;

const BASE: &str = "/api/v1/incidents/{number}/postmortem";

pub fn routes() -> Routes {
    Routes::new()
        .get(BASE, Access::VIEWER, json)
        .post(BASE, Access::RESPONDER, start)
        .put(BASE, Access::RESPONDER, save)
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
        .post(
            "/api/v1/incidents/{number}/postmortem/review",
            Access::RESPONDER,
            review,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/comments",
            Access::RESPONDER,
            comment,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/comments/{id}/resolve",
            Access::RESPONDER,
            resolve,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/approve",
            Access::RESPONDER,
            approve,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/publish",
            Access::RESPONDER,
            publish,
        )
        .post(
            "/api/v1/incidents/{number}/postmortem/reopen",
            Access::RESPONDER,
            reopen,
        )
}

/// The post-mortem as the API shows it: the document (sections, state, revision, action
/// items) with its reviewers, review comments and the blameless-language flags of each
/// section.
pub(super) async fn document(
    state: &AppState,
    user: &CurrentUser,
    number: i64,
) -> Result<Value, ApiError> {
    let exported = Exported::load(state, user, number).await?;
    let pm = &exported.pm;
    let reviewers = store::postmortems::reviewers(&state.db, pm.id).await?;
    let comments = store::postmortems::comments(&state.db, pm.id).await?;
    let names = people_names(state).await?;
    let mut doc = exported.json();
    doc["reviewers"] = reviewers
        .iter()
        .map(|r| json!({"name": r.name, "approved_at": r.approved_at.map(rfc3339)}))
        .collect();
    doc["comments"] = comments
        .iter()
        .map(|c| {
            json!({"id": c.id, "section": c.section, "author": c.author, "body": c.body,
                   "created_at": rfc3339(c.created_at), "resolved": c.resolved})
        })
        .collect();
    doc["flags"] = pm
        .template
        .prose_keys()
        .flat_map(|key| {
            blameless::check(&pm.section(key).text, &names, pm.language)
                .into_iter()
                .map(move |f| {
                    json!({"section": key, "phrase": f.phrase, "sentence": f.sentence,
                           "suggestion": f.suggestion})
                })
        })
        .collect();
    Ok(doc)
}

const DOC: &str = "`{incident, title, language, state, revision, published_at, published_by, template: {id, name, version}, sections: [{key, title, required, text, not_applicable}], questions: [{key, question, kind, required, answer}], no_action_items_reason, factors, triggers, detection, classification_version, action_items, reviewers: [{name, approved_at}], comments: [{id, section, author, body, created_at, resolved}], flags: [{section, phrase, sentence, suggestion}]}`";

/// The post-mortem with its sections, review state, reviewers, comments, blameless flags
/// and action items.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem", tag = "postmortems", operation_id = "read_postmortem",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = DOC),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn json(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<Value>, ApiError> {
    Ok(axum::Json(document(&state, &user, number).await?))
}

/// How to start a post-mortem.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartPostmortem {
    /// Copy every timeline entry into the draft, not only the key events.
    #[serde(default)]
    pub all_entries: bool,
    /// The template to follow: a template's id, or "sre" for the built-in one. Left out:
    /// the template that fits the incident's kind and severity.
    #[serde(default)]
    pub template: Option<String>,
    /// The language it is written in, "en" or "pt-BR": the built-in template's headings and
    /// the blameless check follow it. Left out: the request's language.
    #[serde(default)]
    pub language: Option<String>,
}

/// Starts the post-mortem, pre-filled from the incident's record. Starting one that exists
/// changes nothing and answers 200 with it.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem", tag = "postmortems", operation_id = "start_postmortem",
    request_body = StartPostmortem,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 201, description = "Started; the draft"),
        (status = 200, description = "It existed already; the post-mortem as it is"),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Extension(lang): Extension<Lang>,
    ApiJson(body): ApiJson<StartPostmortem>,
) -> Result<Response, ApiError> {
    let language = match body.language.as_deref() {
        None => lang,
        Some(tag) => tag.parse().map_err(|_| {
            AppError::Validation(FieldErrors::one("language", "Give \"en\" or \"pt-BR\"."))
        })?,
    };
    let choice = body
        .template
        .as_deref()
        .map_or(Some(TemplateChoice::Fitting), |t| {
            TemplateChoice::parse(t).filter(|c| *c != TemplateChoice::Fitting)
        });
    let Some(choice) = choice else {
        return Err(AppError::Validation(FieldErrors::one(
            "template",
            "Give a template's id, or \"sre\" for the built-in one.",
        ))
        .into());
    };
    let started = app::postmortems::start(
        &state.ctx(),
        &user.actor(),
        number,
        body.all_entries,
        choice,
        language,
    )
    .await?;
    let status = match started {
        Started::Created(_) => StatusCode::CREATED,
        Started::Existed => StatusCode::OK,
        Started::NoSuchTemplate => {
            return Err(AppError::Validation(FieldErrors::one(
                "template",
                "No template with that id is in use.",
            ))
            .into());
        }
    };
    Ok(json_with(status, document(&state, &user, number).await?))
}

/// A section as sent: leave a field out to keep it as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionChange {
    /// Markdown, at most 100,000 characters.
    pub text: Option<String>,
    pub not_applicable: Option<bool>,
}

/// New content for the post-mortem, based on the revision read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SavePostmortem {
    /// The revision this change is based on (the `revision` read).
    pub revision: i32,
    /// Sections and answers to questions by key (those of the post-mortem's template: for
    /// the SRE template summary, impact, timeline, root_causes, trigger, detection,
    /// resolution, went_well, went_wrong, got_lucky, lessons, supporting); those left out
    /// stay as they are. An answer goes in `text`.
    #[serde(default)]
    pub sections: BTreeMap<String, SectionChange>,
    /// Why there are no action items, when there are none.
    #[serde(default)]
    pub no_action_items_reason: Option<String>,
}

/// Saves sections as a new revision, if `revision` is still the current one: otherwise 409
/// with the post-mortem as it is now in `current`, and nothing written. Approvals given to
/// the earlier text are withdrawn.
#[utoipa::path(put, path = "/api/v1/incidents/{number}/postmortem", tag = "postmortems", operation_id = "save_postmortem",
    request_body = SavePostmortem,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Saved; the post-mortem with its new revision"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Saved by someone else since the revision read (`current` holds it), or published and read-only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown section, or text too long", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<SavePostmortem>,
) -> Result<Response, ApiError> {
    let exported = Exported::load(&state, &user, number).await?;
    let mut errors = FieldErrors::new();
    let template = &exported.pm.template;
    for key in body.sections.keys() {
        if template.section(key).is_none() && template.question(key).is_none() {
            errors.add(
                &format!("sections.{key}"),
                format!("There is no section or question \"{key}\"."),
            );
        }
    }
    // The sections as read, with what was sent laid over them.
    let mut sections = exported.pm.sections.clone();
    for (key, change) in &body.sections {
        let section = sections.entry(key.clone()).or_insert_with(Section::default);
        if let Some(text) = &change.text {
            section.text = text.replace("\r\n", "\n");
        }
        if let Some(na) = change.not_applicable {
            section.na = na;
        }
    }
    let reason = body
        .no_action_items_reason
        .as_deref()
        .map_or(exported.pm.no_actions_reason.clone(), |r| {
            r.trim().to_owned()
        });
    if let Err(problem) = check_lengths(&sections, &reason) {
        errors.add("sections", problem);
    } else if errors.is_empty()
        && let Err(problem) = template.check(&sections)
    {
        errors.add("sections", problem);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let ctx = state.ctx();
    let saved = app::postmortems::save(
        &ctx,
        &user.actor(),
        number,
        body.revision,
        &sections,
        &reason,
    )
    .await?;
    match saved {
        Saved::Saved(_) => Ok(json_with(
            StatusCode::OK,
            document(&state, &user, number).await?,
        )),
        Saved::Published => Err(AppError::Refused(
            StatusCode::CONFLICT,
            "The post-mortem is published and read-only; reopen it to start a new revision.".into(),
        )
        .into()),
        Saved::Invalid(why) => Err(AppError::Validation(FieldErrors::one("sections", why)).into()),
        Saved::Stale(current) => Err(AppError::Conflict {
            message: format!(
                "The post-mortem was saved as revision {} since revision {} was read; nothing \
                 was saved. Merge your change into `current` and send it with its revision.",
                current.revision, body.revision
            ),
            current: Some(document(&state, &user, number).await?),
        }
        .into()),
    }
}

/// The post-mortem as a Markdown document.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem.md", tag = "postmortems", operation_id = "postmortem_markdown",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "text/markdown, as a download"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn markdown(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response, ApiError> {
    Ok(Exported::load(&state, &user, number)
        .await?
        .markdown_file(lang))
}

/// The post-mortem as a PDF document.
#[utoipa::path(get, path = "/api/v1/incidents/{number}/postmortem.pdf", tag = "postmortems", operation_id = "postmortem_pdf",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "application/pdf, as a download"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response, ApiError> {
    Ok(Exported::load(&state, &user, number)
        .await?
        .pdf_file(lang)
        .await?)
}

/// Who is asked to review.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestReview {
    /// The reviewers' emails: active people who may respond. Reviewers who stay keep their
    /// approvals.
    pub reviewers: Vec<String>,
}

/// Sends the post-mortem for review (each reviewer is told by email when they want to be).
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/review", tag = "postmortems", operation_id = "request_postmortem_review",
    request_body = RequestReview,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "In review; the post-mortem"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reviewers, unknown people, or published", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<RequestReview>,
) -> Result<axum::Json<Value>, ApiError> {
    app::postmortems::request_review(&state.ctx(), &user.actor(), number, &body.reviewers)
        .await?
        .map_err(|problem| {
            let mut errors = FieldErrors::new();
            errors.add_said("reviewers", problem);
            AppError::Validation(errors)
        })?;
    Ok(axum::Json(document(&state, &user, number).await?))
}

/// A review comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// The section's key.
    pub section: String,
    /// 1 to 5,000 characters.
    pub body: String,
}

/// Comments on a section (reviewers, and anyone who may respond).
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/comments", tag = "postmortems", operation_id = "comment_on_postmortem",
    request_body = NewComment,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 201, description = "Added; the post-mortem with its comments"),
        (status = 403, description = "Only reviewers and responders comment", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such section, or an empty or too long comment", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn comment(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<NewComment>,
) -> Result<Response, ApiError> {
    app::postmortems::comment(
        &state.ctx(),
        &user.actor(),
        number,
        &body.section,
        &body.body,
    )
    .await?
    .map_err(|problem| {
        let field = if problem.contains("not a section") {
            "section"
        } else {
            "body"
        };
        AppError::Validation(FieldErrors::one(field, problem))
    })?;
    Ok(json_with(
        StatusCode::CREATED,
        document(&state, &user, number).await?,
    ))
}

/// Marks a review comment answered. Resolving one twice changes nothing.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/comments/{id}/resolve", tag = "postmortems", operation_id = "resolve_postmortem_comment",
    params(("number" = i64, Path, description = "The incident number"), ("id" = String, Path, description = "The comment id")),
    responses(
        (status = 200, description = "Resolved (or it was); the post-mortem"),
        (status = 404, description = "No such incident, post-mortem or comment", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn resolve(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Id(id): Id<uuid::Uuid>,
) -> Result<axum::Json<Value>, ApiError> {
    let doc = document(&state, &user, number).await?;
    let known = doc["comments"]
        .as_array()
        .is_some_and(|all| all.iter().any(|c| c["id"] == json!(id)));
    if !known {
        return Err(AppError::NotFound.into());
    }
    app::postmortems::resolve_comment(&state.ctx(), &user.actor(), number, id).await?;
    Ok(axum::Json(document(&state, &user, number).await?))
}

/// A reviewer's approval.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Approve {
    /// The revision the reviewer read; refused when the post-mortem has been saved since.
    pub revision: i32,
    /// Approve even though some of the reviewer's own comments are still open.
    #[serde(default)]
    pub despite_open_comments: bool,
}

/// Approves the revision read (reviewers only).
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/approve", tag = "postmortems", operation_id = "approve_postmortem",
    request_body = Approve,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Approved; the post-mortem"),
        (status = 403, description = "Only the post-mortem's reviewers approve", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in review, saved since the revision read, or the reviewer's comments are open", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<Approve>,
) -> Result<axum::Json<Value>, ApiError> {
    let approval = app::postmortems::approve(
        &state.ctx(),
        &user.actor(),
        number,
        Some(body.revision),
        body.despite_open_comments,
    )
    .await?;
    let refused = |message: String| Err(AppError::Refused(StatusCode::CONFLICT, message).into());
    match approval {
        Approval::Approved => Ok(axum::Json(document(&state, &user, number).await?)),
        Approval::OpenComments(open) => refused(format!(
            "Not approved: {open} of your comments are still open. Resolve them, or send \
             \"despite_open_comments\": true."
        )),
        Approval::NotInReview => refused("Only a post-mortem in review is approved.".into()),
        Approval::Changed { revision } => refused(format!(
            "Not approved: the post-mortem was saved again since you read it (it is now \
             revision {revision}). Read it again, then approve."
        )),
    }
}

/// How to publish.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// Publish even though passages are flagged as possibly blaming people.
    #[serde(default)]
    pub despite_flags: bool,
}

/// Publishes the post-mortem when every section is done, it has action items (or a reason
/// for none) and every reviewer approved; it is then read-only.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/publish", tag = "postmortems", operation_id = "publish_postmortem",
    request_body = Publish,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Published; the post-mortem"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Something stands in the way (the detail says what), or passages are flagged and `despite_flags` was not sent", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn publish(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<Publish>,
) -> Result<axum::Json<Value>, ApiError> {
    let exported = Exported::load(&state, &user, number).await?;
    if !body.despite_flags && has_flags(&state, &exported.pm).await? {
        return Err(AppError::Refused(
            StatusCode::CONFLICT,
            "Not published: some passages may blame people (see `flags`). Reword them, or \
             send \"despite_flags\": true."
                .into(),
        )
        .into());
    }
    app::postmortems::publish(&state.ctx(), &user.actor(), number)
        .await?
        .map_err(|problem| AppError::Refused(StatusCode::CONFLICT, problem.say(lang)))?;
    Ok(axum::Json(document(&state, &user, number).await?))
}

/// Reopens a published post-mortem as a draft; the published revision is kept. Reopening a
/// draft changes nothing.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/postmortem/reopen", tag = "postmortems", operation_id = "reopen_postmortem",
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "A draft; the post-mortem"),
        (status = 404, description = "No such incident, or it has no post-mortem", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<Value>, ApiError> {
    app::postmortems::reopen(&state.ctx(), &user.actor(), number).await?;
    Ok(axum::Json(document(&state, &user, number).await?))
}
