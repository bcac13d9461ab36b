//! Liveness and readiness for load balancers and orchestrators, and `/metrics` for
//! Prometheus.

use super::auth::CurrentUser;
use super::routes::Routes;
use crate::domain::person::Access;
use crate::error::Result;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

use crate::AppState;
use crate::error::{
    ApiError, AppError, DatabaseLost, RETRY_AFTER_SECONDS, UNREACHABLE_HEADING, UnavailablePage,
};
use crate::runtime::metrics::Gauges;
use crate::web::format::Moment;
use crate::web::layout::Layout;

pub fn routes() -> Routes {
    probes().get("/metrics", Access::VIEWER, metrics)
}

/// The liveness and readiness probes alone (what the status page's own address serves).
pub fn probes() -> Routes {
    Routes::new()
        .get("/healthz", Access::Public, healthz)
        .get("/readyz", Access::Public, readyz)
}

/// In front of every route: while the database is away, a request that needs it is
/// answered at once (503 with `Retry-After`: a page that reloads itself, or problem JSON
/// for the API and the alert hooks) instead of waiting for it. Static files, `/healthz` and
/// `/readyz` need no database and pass. A response marked [`DatabaseLost`] (its request
/// found a connection broken) makes the watchdog look at once.
pub async fn gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let needs_database = !(path.starts_with("/static/") || path == "/healthz" || path == "/readyz");
    if needs_database && !state.health.is_up() {
        return unavailable(&state, &req);
    }
    let response = next.run(req).await;
    if response.extensions().get::<DatabaseLost>().is_some() {
        state.health.connection_lost();
    }
    response
}

/// Outside everything else: a request still unanswered after `MURPHY_REQUEST_TIMEOUT`
/// seconds is given up (what it was doing is dropped; a transaction under way rolls back)
/// and answered 503 saying so: problem JSON for the API and the hooks, a page for people.
/// An answer already under way (an export, an event stream) is not cut.
pub async fn time_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let seconds = state.request_timeout_secs;
    let api = is_api(req.uri().path());
    let reading = req.method() == Method::GET || req.method() == Method::HEAD;
    // Kept aside, and read only if the answer is late: every request passes here.
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let Ok(response) = tokio::time::timeout(Duration::from_secs(seconds), next.run(req)).await
    else {
        tracing::warn!(seconds, "a request took too long and was given up");
        if api {
            let detail = if reading {
                format!("Murphy gave up on this request after {seconds} s. Try again shortly.")
            } else {
                format!(
                    "Murphy gave up on this request after {seconds} s. Check whether it took \
                     effect before sending it again."
                )
            };
            return ApiError(AppError::Refused(StatusCode::SERVICE_UNAVAILABLE, detail))
                .into_response();
        }
        let lang = browser_language(&state, accept.as_ref());
        let key = if reading {
            "too-slow-reading"
        } else {
            "too-slow-writing"
        };
        return UnavailablePage {
            heading: "too-slow-heading",
            message: lang.t1(key, "seconds", i64::try_from(seconds).unwrap_or(i64::MAX)),
            since: None,
            reload_after: None,
            layout: Layout {
                lang,
                ..Layout::default()
            },
        }
        .into_response();
    };
    response
}

/// The API's paths and the alert hooks', which answer problem JSON.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/hooks/")
}

/// Who is asking is not known yet (that needs the database): the browser's language.
fn browser_language(state: &AppState, accept: Option<&HeaderValue>) -> crate::i18n::Lang {
    accept
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::Lang::from_accept_language)
        .unwrap_or(state.default_language)
}

fn unavailable(state: &AppState, req: &Request) -> Response {
    let path = req.uri().path();
    let reading = req.method() == Method::GET || req.method() == Method::HEAD;
    if is_api(path) {
        let detail = if reading {
            "Murphy cannot reach its database and is retrying. Try again shortly."
        } else {
            "Murphy cannot reach its database and is retrying. Nothing was changed: send \
             this again shortly."
        };
        let mut response = ApiError(AppError::Refused(
            StatusCode::SERVICE_UNAVAILABLE,
            detail.into(),
        ))
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        return response;
    }
    let now = time::OffsetDateTime::now_utc();
    let since = state.health.status().since;
    let lang = browser_language(state, req.headers().get(header::ACCEPT_LANGUAGE));
    let message = lang.t(if reading {
        "unavailable-reading"
    } else {
        "unavailable-writing"
    });
    UnavailablePage {
        heading: UNREACHABLE_HEADING,
        message,
        since: since.map(|s| Moment::new(s, now).in_lang(lang)),
        reload_after: reading.then_some(RETRY_AFTER_SECONDS),
        layout: Layout {
            lang,
            ..Layout::default()
        },
    }
    .into_response()
}

/// Counts each request by route template, method and status, with its latency.
pub async fn measure(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    state.metrics.request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Prometheus text: request counts and latency, alert notifications, webhook attempts and
/// queue, open incidents by severity (those the caller may see), database pool use. Scrape
/// it with an API token (`authorization: {credentials: ...}` in the scrape config).
async fn metrics(State(state): State<AppState>, user: CurrentUser) -> Result<Response> {
    let counts = crate::store::telemetry::counts(&state.db, user.visibility()).await?;
    let database = state.health.status();
    let gauges = Gauges {
        database_up: database.up,
        database_outages: database.outages,
        database_restarts: database.restarts,
        listening: state.live.is_connected(),
        open_incidents: counts.open_incidents,
        deliveries: counts.deliveries,
        pool_size: state.db.size(),
        pool_idle: u32::try_from(state.db.num_idle()).unwrap_or(u32::MAX),
        pool_max: state.db.options().get_max_connections(),
    };
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(&gauges),
    )
        .into_response())
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers: 200 "ready", or 503 with what is wrong and since when. While the
/// database is known to be away this says why without asking it again.
async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    let status = state.health.status();
    if !status.up {
        let since = status.since.map_or_else(String::new, |s| {
            let away = (time::OffsetDateTime::now_utc() - s).whole_seconds();
            format!(" for {away} s")
        });
        let why = status.reason.unwrap_or_default();
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable{since}: {why}\n"),
        );
    }
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        crate::store::telemetry::ping(&state.db),
    )
    .await;
    match ping {
        Ok(Ok(_)) => (StatusCode::OK, "ready\n".into()),
        Ok(Err(e)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable: {e}\n"),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database unreachable: no answer within 2 s\n".into(),
        ),
    }
}
