//! HTTP: the router, one module per area, and the middleware every request passes.

mod admin;
pub mod api;
pub(crate) mod assets;
pub mod auth;
mod chart;
pub mod copies;
mod download;
mod exports;
pub(crate) mod extract;
pub(crate) mod format;
mod forms;
pub(crate) mod health;
mod home;
mod hooks;
pub(crate) mod incidents;
pub mod layout;
mod maintenance;
mod nul;
mod password_reset;
mod postmortems;
pub(crate) mod reports;
pub(crate) mod response;
pub mod routes;
mod services;
mod session;
mod settings;
mod sso;
pub mod status;
mod tracker_hooks;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};

use crate::AppState;
use crate::error::{AppError, ErrorPage};
use routes::{RouteSpec, Routes};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Largest request body accepted: a long summary fits many times over.
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The content security policy: our own scripts and styles only.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Every route with who may use it.
fn routes() -> Routes {
    Routes::new()
        .merge(home::routes())
        .merge(session::routes())
        .merge(password_reset::routes())
        .merge(sso::routes())
        .merge(incidents::routes())
        .merge(response::routes())
        .merge(postmortems::routes())
        .merge(services::routes())
        .merge(reports::routes())
        .merge(exports::routes())
        .merge(hooks::routes())
        .merge(tracker_hooks::routes())
        .merge(admin::routes())
        .merge(settings::routes())
        .merge(status::routes())
        .merge(maintenance::routes())
        .merge(health::routes())
        .merge(assets::routes())
        .merge(api::routes())
}

/// The table of routes the router serves, for tests that walk every one.
pub fn route_table() -> Vec<RouteSpec> {
    routes().into_parts().1
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    serve_routes(routes(), state)
}

/// Only the public status page (with its assets and health checks): what a second address
/// serves (`MURPHY_STATUS_LISTEN`) so that the application itself can stay internal.
pub fn status_router(state: AppState) -> Router {
    let routes = status::public_routes()
        .merge(assets::routes())
        .merge(health::probes());
    serve_routes(routes, state)
}

/// `routes` behind the middleware every request passes.
fn serve_routes(routes: Routes, state: AppState) -> Router {
    let hsts = state.auth.secure.then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    let (routes, _) = routes.into_parts();
    let limit_state = state.clone();
    routes
        .fallback(not_found)
        .layer(middleware::from_fn(layout::flash_middleware))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            layout::choose_language,
        ))
        .layer(middleware::from_fn(nul::refuse_nul))
        .layer(middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(middleware::from_fn_with_state(state.clone(), health::gate))
        .layer(middleware::from_fn_with_state(state.clone(), health::measure))
        .with_state(state)
        .layer(tower::util::option_layer(hsts))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            limit_state,
            health::time_limit,
        ))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(CatchPanicLayer::custom(|_| internal_error()))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                // Every response is already logged above, and errors with their cause by
                // `AppError`; a second line per 5xx would flood the log during an outage.
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, SerialRequestIds))
}

/// Request ids for requests that arrive without one: this process's random prefix and a
/// serial number ("3f9c0e7a1b2d4c5e-000000002a"). Unique across instances like a random
/// UUID, without asking the operating system for randomness on every request.
#[derive(Clone, Copy)]
struct SerialRequestIds;

impl MakeRequestId for SerialRequestIds {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        static PREFIX: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| crate::secret::random_token()[..16].to_owned());
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:010x}", *PREFIX))
            .ok()
            .map(RequestId::new)
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return api::not_found().into_response();
    }
    AppError::NotFound.into_response()
}

fn internal_error() -> Response {
    ErrorPage::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side. It has been logged.".into(),
    )
    .into_response_with(StatusCode::INTERNAL_SERVER_ERROR)
}
