//! The JSON API under `/api/v1`, its OpenAPI document and the browsable docs.

mod action_items;
pub(crate) mod contract;
mod events;
pub(crate) mod incidents;
mod learning;
mod people;
mod postmortem_revisions;
mod postmortem_rules;
mod postmortem_templates;
mod postmortems;
mod reports;
mod response;
mod runbooks;
mod services;
mod status;
mod subscribers;
mod tasks;
mod taxonomy;
mod updates;
mod webhooks;

use axum::Router;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use super::routes::Routes;
use crate::AppState;
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError};
use contract::Contract;

pub fn routes() -> Routes {
    Routes::new()
        .merge(action_items::routes())
        .merge(events::routes())
        .merge(learning::routes())
        .merge(incidents::routes())
        .merge(people::routes())
        .merge(postmortems::routes())
        .merge(postmortem_revisions::routes())
        .merge(postmortem_rules::routes())
        .merge(reports::routes())
        .merge(response::routes())
        .merge(runbooks::routes())
        .merge(services::routes())
        .merge(status::routes())
        .merge(subscribers::routes())
        .merge(tasks::routes())
        .merge(taxonomy::routes())
        .merge(postmortem_templates::routes())
        .merge(updates::routes())
        .merge(webhooks::routes())
        .guarded_router(&["/api/docs/", "/api/openapi.json"], Access::VIEWER, docs())
}

/// The OpenAPI document at `/api/openapi.json` and Swagger UI at `/api/docs`.
fn docs() -> Router<AppState> {
    let ui: Router<AppState> = SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", ApiDoc::openapi())
        .into();
    ui.layer(axum::middleware::from_fn(docs_page))
}

/// Swagger UI's page sets its configuration with an inline style and script: its HTML
/// alone is allowed them. The document and the page's files keep Murphy's policy.
const DOCS_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
                        script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

/// What Murphy adds to Swagger UI's page: the way back, and what to do without JavaScript.
const DOCS_BANNER: &str = "<nav aria-label=\"Murphy\" style=\"padding:8px 16px;background:#1b1f24;font-family:system-ui,sans-serif\">\
<a href=\"/\" style=\"color:#fff;font-weight:600\">\u{2190} Back to Murphy</a></nav>\
<noscript><p style=\"padding:16px;font-family:system-ui,sans-serif\">This API explorer needs JavaScript. \
The API is described without it in <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI 3).</p></noscript>";

/// Puts [`DOCS_BANNER`] at the top of Swagger UI's page (the page only; its scripts and
/// styles pass untouched).
async fn docs_page(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let page = match page.find("<body>") {
        Some(at) => format!("{}{DOCS_BANNER}{}", &page[..at + 6], &page[at + 6..]),
        None => page.into_owned(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOCS_CSP),
    );
    axum::response::Response::from_parts(parts, axum::body::Body::from(page))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Murphy API",
        description = "File and track incidents from scripts. Errors are RFC 9457 problem documents (application/problem+json) with per-field messages."
    ),
    paths(
        incidents::list,
        incidents::create,
        incidents::show,
        incidents::patch,
        incidents::change_status,
        incidents::set_impact,
        response::roles,
        response::assign,
        response::relieve,
        response::timeline,
        response::add_note,
        response::edit_note,
        runbooks::list,
        runbooks::show,
        updates::list,
        updates::publish,
        tasks::list,
        tasks::add,
        tasks::change,
        services::list,
        services::create,
        services::budget,
        services::edit,
        services::remove,
        learning::learned,
        learning::similar,
        postmortems::json,
        postmortems::start,
        postmortems::save,
        postmortems::markdown,
        postmortems::pdf,
        postmortems::review,
        postmortems::comment,
        postmortems::resolve,
        postmortems::approve,
        postmortems::publish,
        postmortems::reopen,
        postmortem_rules::show,
        postmortem_rules::save,
        postmortem_templates::list,
        postmortem_templates::show,
        postmortem_templates::add,
        postmortem_templates::save,
        taxonomy::list_factors,
        taxonomy::add_factor,
        taxonomy::edit_factor,
        taxonomy::list_triggers,
        taxonomy::add_trigger,
        taxonomy::edit_trigger,
        taxonomy::classify,
        postmortem_revisions::revisions,
        postmortem_revisions::compare,
        action_items::list,
        action_items::show,
        action_items::add,
        action_items::edit,
        action_items::set_status,
        reports::report,
        events::feed,
        people::list,
        people::create,
        people::change,
        webhooks::list,
        webhooks::create,
        webhooks::show,
        webhooks::edit,
        webhooks::remove,
        webhooks::test,
        status::components,
        status::save_component,
        status::remove_component,
        status::set_state,
        status::windows,
        status::window,
        status::schedule,
        status::edit_window,
        status::end_window,
        subscribers::subscribers,
        subscribers::remove_subscriber,
    ),
    components(schemas(
        contract::KindName,
        contract::SeverityName,
        contract::StatusName,
        contract::StateName,
        contract::SortName,
        contract::GroupName,
        contract::RoleName,
        contract::LeadName
    )),
    modifiers(&Contract),
    tags(
        (name = "incidents", description = "Incidents and their lifecycle"),
        (name = "response", description = "The response team and the timeline"),
        (name = "postmortems", description = "Post-mortems: writing, review, publishing, revisions and documents"),
        (name = "services", description = "The services incidents affect"),
        (name = "admin", description = "People and webhooks (admins)"),
        (name = "status", description = "The public status page: components, maintenance, subscribers"),
        (name = "events", description = "The change feed: follow Murphy without webhooks"),
        (name = "reports", description = "Response times, trends and follow-up over a period"),
    )
)]
pub struct ApiDoc;

pub fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// A JSON request body whose rejections are problem documents: 415 when it is not sent as
/// JSON, 413 when it is too large, 400 when it is not JSON at all, and 422 naming the field
/// when it is JSON of the wrong shape: a wrong type, a missing field, or a field the
/// operation does not have (a misspelt `runbok_url` is refused, never silently dropped).
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == "application"
                    && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
            });
        if !json {
            return Err(ApiError(AppError::Refused(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Send the body as JSON, with Content-Type: application/json.".into(),
            )));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| {
                ApiError(AppError::Refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The body is too large; nothing was changed.".into(),
                ))
            })?;
        read_json(&bytes).map(ApiJson).map_err(ApiError)
    }
}

/// A query string whose rejections are problem documents (422 naming the parameter). The
/// API reads exactly what it documents: a parameter sent empty is refused rather than
/// taken as absent (leave it out instead).
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let invalid = |field: &str, message: String| {
            ApiError(AppError::Validation(FieldErrors::one(field, message)))
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| invalid("query", format!("The query string cannot be read: {e}.")))?;
        if let Some((key, _)) = pairs.iter().find(|(_, v)| v.trim().is_empty()) {
            return Err(invalid(
                key,
                "This parameter is empty; leave it out when you do not use it.".into(),
            ));
        }
        serde_urlencoded::from_str(raw)
            .map(ApiQuery)
            .map_err(|e| invalid("query", format!("The query string cannot be read: {e}.")))
    }
}

/// Reads `bytes` as a `T`: `BadRequest` when it is not JSON, a field error otherwise. Every
/// body the API reads is an object: serde would read a struct from an array too
/// (`[null, null]`), which no operation documents.
fn read_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if bytes.trim_ascii_start().first() == Some(&b'[') {
        return Err(AppError::Validation(FieldErrors::one(
            "body",
            "The body must be a JSON object, not an array.",
        )));
    }
    let not_json = |e: &serde_json::Error| {
        AppError::BadRequest(format!("The body is not JSON: {e}. Nothing was changed."))
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let e = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => return de.end().map(|()| value).map_err(|e| not_json(&e)),
        Err(e) => e,
    };
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return Err(not_json(inner));
    }
    let path = e.path().to_string();
    let message = inner.to_string();
    // serde names an unknown field in its message (the path ends with it), and a missing
    // one (the path is the object that lacks it).
    let named = |prefix: &str| {
        let name = message.strip_prefix(prefix)?.split('`').next()?.to_owned();
        Some(name)
    };
    let (field, message) = match (named("unknown field `"), named("missing field `")) {
        (Some(name), _) => {
            let field = if path == "." { name.clone() } else { path };
            (field, format!("There is no field \"{name}\" here."))
        }
        (_, Some(name)) => {
            let field = if path == "." {
                name
            } else {
                format!("{path}.{name}")
            };
            (field, "This field is required.".to_owned())
        }
        _ => {
            let field = if path == "." { String::new() } else { path };
            // Drop serde's position suffix: the field says where.
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_owned();
            (
                field,
                format!("{}{}.", message[..1].to_uppercase(), &message[1..]),
            )
        }
    };
    let field = if field.is_empty() {
        "body".to_owned()
    } else {
        field
    };
    Err(AppError::Validation(FieldErrors::one(&field, message)))
}

/// The address of a list's next page: `path` with `pairs` as its query string.
pub fn next_link(path: &str, pairs: &[(&str, String)]) -> String {
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// A JSON body with a status, for handlers that answer other than 200.
pub fn json_with(status: axum::http::StatusCode, body: impl serde::Serialize) -> Response {
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        title: String,
        version: i32,
        #[serde(default)]
        services: Vec<String>,
    }

    fn refused(body: &str) -> (String, String) {
        match read_json::<Shape>(body.as_bytes()) {
            Err(AppError::Validation(errors)) => {
                let e = errors.into_vec().remove(0);
                (e.field, e.message)
            }
            Err(AppError::BadRequest(m)) => ("400".into(), m),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_errors_name_the_field() {
        assert_eq!(
            refused(r#"{"title":"x","version":1,"runbok_url":"y"}"#),
            (
                "runbok_url".into(),
                "There is no field \"runbok_url\" here.".into()
            )
        );
        assert_eq!(refused(r#"{"title":"x","version":"2"}"#).0, "version");
        assert_eq!(
            refused(r#"{"title":"x","version":1,"services":["a",3]}"#).0,
            "services[1]"
        );
        assert_eq!(
            refused(r#"{"version":1}"#),
            ("title".into(), "This field is required.".into())
        );
        assert_eq!(refused("3").0, "body");
        assert_eq!(
            refused(r#" ["x", 1]"#),
            (
                "body".into(),
                "The body must be a JSON object, not an array.".into()
            )
        );
        assert_eq!(refused(r#"{"title":"#).0, "400");
        assert_eq!(refused(r#"{"title":"x","version":1} trailing"#).0, "400");
    }
}
