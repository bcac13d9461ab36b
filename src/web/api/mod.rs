//! The JSON API under `/api/v1`, its OpenAPI document and the browsable docs.

pub(crate) mod incidents;
mod postmortems;
mod reports;
mod response;
mod services;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use super::routes::Routes;
use crate::AppState;
use crate::domain::person::Access;
use crate::error::{ApiError, AppError};

pub fn routes() -> Routes {
    Routes::new()
        .merge(incidents::routes())
        .merge(postmortems::routes())
        .merge(reports::routes())
        .merge(response::routes())
        .merge(services::routes())
        .guarded_router(&["/api/docs/", "/api/openapi.json"], Access::VIEWER, docs())
}

/// The OpenAPI document at `/api/openapi.json` and Swagger UI at `/api/docs`.
fn docs() -> Router<AppState> {
    let ui: Router<AppState> = SwaggerUi::new("/api/docs")
        .url("/api/openapi.json", ApiDoc::openapi())
        .into();
    // Swagger UI's page sets its configuration with an inline style and script.
    ui.layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ),
    ))
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
        response::roles,
        response::assign,
        response::relieve,
        response::timeline,
        response::add_note,
        services::list,
        services::create,
        postmortems::json,
        postmortems::markdown,
        postmortems::pdf,
        reports::report,
    ),
    tags(
        (name = "incidents", description = "Incidents and their lifecycle"),
        (name = "response", description = "The response team and the timeline"),
        (name = "postmortems", description = "Post-mortems as documents"),
        (name = "services", description = "The services incidents affect"),
        (name = "reports", description = "Response times, trends and follow-up over a period"),
    )
)]
pub struct ApiDoc;

pub fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// `Json` whose rejections are problem documents.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(AppError::BadRequest(rejection.body_text()))),
        }
    }
}

/// A JSON body with a status, for handlers that answer other than 200.
pub fn json_with(status: axum::http::StatusCode, body: impl serde::Serialize) -> Response {
    (status, axum::Json(body)).into_response()
}
