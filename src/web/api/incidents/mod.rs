//! `/api/v1/incidents`: the same capabilities as the pages, for scripts.

mod json;

use crate::i18n::Message;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use time::OffsetDateTime;

use crate::AppState;
use crate::app;
use crate::app::incidents::{Along, Keyed, Outcome, RetryKey};
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentInput, Milestone, NewIncident, NewIncidentTimes, Source, Status,
};
use crate::domain::person::Access;
use crate::domain::time::{parse_rfc3339, rfc3339};
use crate::domain::update::NewUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError, Problem};
use crate::i18n::Lang;
use crate::store;
use crate::web::api::{ApiJson, ApiQuery, json_with};
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::forms::ListQuery;
use crate::web::routes::Routes;

pub use json::{CreateIncident, IncidentJson, IncidentPage, PatchIncident, StatusChange};

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/incidents", Access::VIEWER, list)
        .post("/api/v1/incidents", Access::RESPONDER, create)
        .get("/api/v1/incidents/{number}", Access::VIEWER, show)
        .patch("/api/v1/incidents/{number}", Access::RESPONDER, patch)
        .post(
            "/api/v1/incidents/{number}/status",
            Access::RESPONDER,
            change_status,
        )
        .post(
            "/api/v1/incidents/{number}/impact",
            Access::RESPONDER,
            set_impact,
        )
}

fn check_times(errors: &mut FieldErrors, values: &[(&str, Option<&str>)]) {
    for (field, value) in values {
        if let Some(Err(e)) = value.map(parse_rfc3339) {
            errors.add(field, e);
        }
    }
}

/// Incidents, newest first, with the list's filters.
#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents", operation_id = "list_incidents", params(ListQuery),
    responses(
        (status = 200, description = "A page of incidents", body = IncidentPage),
        (status = 422, description = "A filter is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    uri: axum::http::Uri,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<axum::Json<IncidentPage>, ApiError> {
    let (mut filter, cursor, limit) = query.parse().map_err(AppError::Validation)?;
    state
        .copies
        .canonicalise(&state.db, &mut filter.service)
        .await?;
    let page =
        store::incident_list::list(&state.db, &filter, cursor, limit, user.visibility()).await?;
    let next = page.older.map(|n| {
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
        pairs.retain(|(k, _)| !matches!(k.as_str(), "before" | "cursor" | "after"));
        let mut pairs: Vec<(&str, String)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        pairs.push(("cursor", n.to_string()));
        super::next_link("/api/v1/incidents", &pairs)
    });
    Ok(axum::Json(IncidentPage {
        next,
        next_cursor: page.older.map(|n| n.to_string()),
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Files an incident. With an `Idempotency-Key` header (1 to 255 printable characters),
/// a retry with the same key and body gets the first answer again (with
/// `Idempotent-Replayed: true`) and files nothing; the same key with another body is
/// refused. Keys are kept for a day, per token owner.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", operation_id = "file_incident", request_body = CreateIncident,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the first answer is replayed", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Filed", body = IncidentJson,
            headers(("Location" = String, description = "The incident in the API"))),
        (status = 400, description = "Not JSON, the wrong shape, or a bad Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a key reused for a different body", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<CreateIncident>,
) -> Result<Response, ApiError> {
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if (1..=255).contains(&k.len()) && k.chars().all(|c| c.is_ascii_graphic()) => {
                Some(k.to_owned())
            }
            _ => {
                return Err(AppError::BadRequest(
                    "The Idempotency-Key header is 1 to 255 printable ASCII characters.".into(),
                )
                .into());
            }
        },
    };
    let digest = crate::secret::digest(&serde_json::to_string(&body).unwrap_or_default());
    let retry = key.as_deref().map(|key| RetryKey { key, digest });
    let parse = || {
        let now = OffsetDateTime::now_utc();
        let mut errors = FieldErrors::new();
        check_times(
            &mut errors,
            &[
                ("impact_started_at", body.impact_started_at.as_deref()),
                ("detected_at", body.detected_at.as_deref()),
            ],
        );
        let input = IncidentInput {
            title: body.title.clone(),
            summary: body.summary.clone(),
            kind: body.kind.clone(),
            severity: body.severity.clone(),
            services: body.services.clone(),
            customer_impact: body.customer_impact.clone(),
            restricted: body.restricted,
        };
        let times = NewIncidentTimes {
            impact_started_at: body
                .impact_started_at
                .as_deref()
                .filter(|_| errors.is_empty()),
            detected_at: body.detected_at.as_deref().filter(|_| errors.is_empty()),
            offset_minutes: 0,
        };
        match NewIncident::parse(&input, &times, Source::Api, now) {
            Ok(new) if errors.is_empty() => Ok(new),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    };
    let answer = |incident: &Incident| {
        let json = serde_json::to_value(IncidentJson::from(incident)).unwrap_or_default();
        (json, format!("/api/v1/incidents/{}", incident.number))
    };
    let (mut response, location) =
        match app::incidents::file_once(&state.ctx(), &user.actor(), retry, parse, answer).await? {
            Keyed::Replayed(kept) => {
                let status = StatusCode::from_u16(u16::try_from(kept.status).unwrap_or(200))
                    .unwrap_or(StatusCode::OK);
                let mut response = json_with(status, kept.response);
                response
                    .headers_mut()
                    .insert("idempotent-replayed", HeaderValue::from_static("true"));
                (response, kept.location)
            }
            Keyed::Reused => {
                return Err(AppError::Refused(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "This Idempotency-Key was already used for a different request.".into(),
                )
                .into());
            }
            Keyed::Filed(Outcome::Done(incident)) => {
                let (json, location) = answer(&incident);
                (json_with(StatusCode::CREATED, json), Some(location))
            }
            Keyed::Filed(Outcome::Invalid(errors)) => {
                return Err(AppError::Validation(errors).into());
            }
            Keyed::Filed(Outcome::Stale(..) | Outcome::Refused(..)) => {
                return Err(AppError::NotFound.into());
            }
        };
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// One incident.
#[utoipa::path(get, path = "/api/v1/incidents/{number}", tag = "incidents",
    params(("number" = i64, Path, description = "The incident number (42 or INC-42)")),
    responses(
        (status = 200, description = "The incident", body = IncidentJson),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<axum::Json<IncidentJson>, ApiError> {
    let incident = store::incidents::get(&state.db, number, user.visibility())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json(IncidentJson::from(&incident)))
}

/// Edits an incident's fields and milestones.
#[utoipa::path(patch, path = "/api/v1/incidents/{number}", tag = "incidents", request_body = PatchIncident,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Saved", body = IncidentJson),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The incident changed since `version`; `current` holds it now", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn patch(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<PatchIncident>,
) -> Result<axum::Json<IncidentJson>, ApiError> {
    let Some(version) = body.version else {
        let message = "version is required: send the version you last read.";
        return Err(AppError::Validation(FieldErrors::one("version", message)).into());
    };
    let times: Vec<(Milestone, Option<Option<String>>)> = vec![
        (
            Milestone::ImpactStarted,
            body.impact_started_at.clone().map(Some),
        ),
        (Milestone::Detected, body.detected_at.clone()),
        (Milestone::Acknowledged, body.acknowledged_at.clone()),
        (Milestone::Mitigated, body.mitigated_at.clone()),
        (Milestone::Resolved, body.resolved_at.clone()),
        (Milestone::Closed, body.closed_at.clone()),
    ];
    let mut errors = FieldErrors::new();
    let given: Vec<(&str, Option<&str>)> = times
        .iter()
        .map(|(m, v)| (m.as_str(), v.as_ref().and_then(|v| v.as_deref())))
        .collect();
    check_times(&mut errors, &given);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    let outcome = app::incidents::edit(&state.ctx(), &user.actor(), number, |current| {
        let milestones = times
            .into_iter()
            .map(|(m, patch)| {
                let value = match patch {
                    Some(v) => v.unwrap_or_default(),
                    None => current.milestones.get(m).map(rfc3339).unwrap_or_default(),
                };
                (m, value)
            })
            .collect();
        let input = IncidentInput {
            title: body.title.unwrap_or_else(|| current.title.clone()),
            summary: body.summary.unwrap_or_else(|| current.summary.clone()),
            kind: body.kind.unwrap_or_else(|| current.kind.as_str().into()),
            severity: body
                .severity
                .unwrap_or_else(|| current.severity.as_str().into()),
            services: body.services.unwrap_or_else(|| current.services.clone()),
            customer_impact: body
                .customer_impact
                .unwrap_or_else(|| current.customer_impact.clone()),
            restricted: Some(body.restricted.unwrap_or(current.restricted)),
        };
        IncidentEdit::parse(&input, &milestones, 0, version, OffsetDateTime::now_utc())
    })
    .await?;
    match outcome {
        Outcome::Done(saved) => Ok(axum::Json(IncidentJson::from(&*saved))),
        Outcome::Invalid(errors) => Err(AppError::Validation(errors).into()),
        Outcome::Stale(current, _) => Err(stale(&current).into()),
        Outcome::Refused(_, message) => {
            Err(AppError::Refused(StatusCode::CONFLICT, message.say(lang)).into())
        }
    }
}

fn stale(current: &Incident) -> AppError {
    AppError::Conflict {
        message: format!(
            "{} changed since the version you sent; it is now version {}. Nothing was saved.",
            current.reference(),
            current.version
        ),
        current: serde_json::to_value(IncidentJson::from(current)).ok(),
    }
}

/// Moves an incident through its lifecycle. The matching milestone is filled when empty.
/// Resolving can publish the closing stakeholder update, and closing can record why no
/// post-mortem is needed, in the same change.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/status", tag = "incidents", request_body = StatusChange,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Changed", body = IncidentJson),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not allowed from the current status, or stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a status", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn change_status(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<StatusChange>,
) -> Result<axum::Json<IncidentJson>, ApiError> {
    let to: Status = body.status.parse().map_err(|_| {
        AppError::Validation(FieldErrors::one(
            "status",
            format!(
                "\"{}\" is not a status; use investigating, identified, monitoring, resolved or closed.",
                body.status
            ),
        ))
    })?;
    let mut along = Along::default();
    let mut errors = FieldErrors::new();
    if let Some(update) = &body.closing_update {
        if to == Status::Resolved {
            let now = OffsetDateTime::now_utc();
            match NewUpdate::parse(&update.audience, &update.status, &update.impact, None, now) {
                Ok(update) => along.update = Some(update),
                Err(e) => {
                    for e in e.iter() {
                        errors.add(&format!("closing_update.{}", e.field), e.message.clone());
                    }
                }
            }
        } else {
            errors.add_said(
                "closing_update",
                Message::new("val-a-closing-update-goes-with-resolving"),
            );
        }
    }
    if let Some(reason) = body.no_postmortem_reason.as_deref().map(str::trim) {
        if to != Status::Closed {
            errors.add_said(
                "no_postmortem_reason",
                Message::new("val-the-post-mortem-decision-goes-with"),
            );
        } else if reason.is_empty() || reason.chars().count() > 2000 {
            errors.add_said(
                "no_postmortem_reason",
                Message::new("val-say-why-no-post-mortem-is"),
            );
        } else {
            along.waiver = Some(reason.to_owned());
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors).into());
    }
    match app::incidents::change_status_along(
        &state.ctx(),
        &user.actor(),
        number,
        to,
        body.version,
        &along,
    )
    .await?
    {
        Outcome::Done(saved) => Ok(axum::Json(IncidentJson::from(&*saved))),
        Outcome::Stale(current, _) => Err(stale(&current).into()),
        Outcome::Refused(_, message) => Err(AppError::Conflict {
            message: message.say(lang),
            current: None,
        }
        .into()),
        Outcome::Invalid(errors) => Err(AppError::Validation(errors).into()),
    }
}

/// How hard the incident hit one of its services.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactChange {
    /// One of the incident's services, by name (any case).
    pub service: String,
    /// full (the whole time spends the error budget) or partial (half of it).
    pub impact: String,
}

/// Sets how an affected service was hit, which decides how much of its error budget the
/// incident spends.
#[utoipa::path(post, path = "/api/v1/incidents/{number}/impact", tag = "incidents", operation_id = "set_service_impact",
    request_body = ImpactChange,
    params(("number" = i64, Path, description = "The incident number")),
    responses(
        (status = 200, description = "Set; the incident", body = IncidentJson),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused (the detail says why)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an impact, or not one of the incident's services", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_impact(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    ApiJson(body): ApiJson<ImpactChange>,
) -> Result<axum::Json<IncidentJson>, ApiError> {
    use crate::domain::slo::Impact;
    let mut errors = FieldErrors::new();
    let impact = Impact::ALL
        .into_iter()
        .find(|i| i.as_str() == body.impact.trim());
    if impact.is_none() {
        errors.add_said("impact", Message::new("val-choose-full-or-partial"));
    }
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let affected = store::slo::affected(&state.db, incident.id).await?;
    let service = affected
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(body.service.trim()));
    if service.is_none() {
        errors.add(
            "service",
            format!(
                "{} does not affect \"{}\".",
                incident.reference(),
                body.service.trim()
            ),
        );
    }
    let (Some(impact), Some(service), true) = (impact, service, errors.is_empty()) else {
        return Err(AppError::Validation(errors).into());
    };
    if service.impact == impact {
        // Asking twice changes nothing.
        return Ok(axum::Json(IncidentJson::from(&incident)));
    }
    match app::incidents::set_impact(
        &state.ctx(),
        &user.actor(),
        number,
        service.service_id,
        impact,
    )
    .await?
    {
        Outcome::Done(saved) => Ok(axum::Json(IncidentJson::from(&*saved))),
        Outcome::Stale(current, _) => Err(stale(&current).into()),
        Outcome::Refused(_, message) => {
            Err(AppError::Refused(StatusCode::CONFLICT, message.say(lang)).into())
        }
        Outcome::Invalid(errors) => Err(AppError::Validation(errors).into()),
    }
}
