//! Liveness and readiness for load balancers and orchestrators, and `/metrics` for
//! Prometheus.

use super::auth::CurrentUser;
use super::routes::Routes;
use crate::domain::person::Access;
use crate::error::Result;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::runtime::metrics::Gauges;

pub fn routes() -> Routes {
    Routes::new()
        .get("/healthz", Access::Public, healthz)
        .get("/readyz", Access::Public, readyz)
        .get("/metrics", Access::VIEWER, metrics)
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
    let gauges = Gauges {
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

/// The database answers.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        crate::store::telemetry::ping(&state.db),
    )
    .await;
    match ping {
        Ok(Ok(_)) => (StatusCode::OK, "ready\n"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n"),
    }
}
