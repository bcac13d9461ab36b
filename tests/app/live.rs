//! Live updates: the event stream of an incident page delivers changes made by another
//! request and by another Murphy instance on the same database.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use murphy::domain::person::Role;
use serde_json::json;
use sqlx::postgres::PgPoolOptions;
use tower::ServiceExt;

use crate::support::TestApp;

/// Reads the event stream until `wanted` appears, or fails after ten seconds.
async fn read_until(body: &mut Body, wanted: &str) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(wanted) {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no {wanted:?} within 10 s; got {seen:?}"));
        let frame = frame.expect("the stream ended").unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    seen
}

#[tokio::test]
async fn the_stream_delivers_changes_from_other_requests_and_other_instances() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Live", "kind": "outage", "severity": "SEV2"}))
        .await;
    let who = app.who.as_ref().unwrap();
    let subscribe = Request::get("/incidents/1/events")
        .header(header::COOKIE, format!("murphy_session={}", who.session))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(subscribe).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut stream = response.into_body();

    // Another request on this instance adds a note.
    let r = app
        .post_form("/incidents/1/timeline", &[("body", "Seen live")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    read_until(&mut stream, "event: timeline").await;

    // A second instance: its own pool, listener and router, on the same database.
    let pool = PgPoolOptions::new()
        .max_connections(3)
        .connect_with((*app.db.connect_options()).clone())
        .await
        .unwrap();
    let second = murphy::app(murphy::AppState::new(pool));
    let change = Request::post("/api/v1/incidents/1/status")
        .header(header::AUTHORIZATION, format!("Bearer {}", who.token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"status": "identified"}"#))
        .unwrap();
    let r = second.oneshot(change).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    read_until(&mut stream, "event: status").await;

    // Team changes too.
    let email = who.person.email.clone();
    app.post_json(
        "/api/v1/incidents/1/roles",
        &json!({"role": "ic", "person": email}),
    )
    .await;
    read_until(&mut stream, "event: team").await;
}

#[tokio::test]
async fn restricted_incidents_stream_only_to_those_who_may_see_them() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Breach", "kind": "security", "severity": "SEV1"}))
        .await;
    let viewer = app.as_new(Role::Viewer).await;
    let r = viewer.get("/incidents/1/events").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let anonymous = app.anonymous().get("/incidents/1/events").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.attr("header[data-live]", "data-live").as_deref(),
        Some("/incidents/1/events")
    );
    for region in ["head", "timeline", "team", "tasks", "updates"] {
        assert_eq!(
            page.texts(&format!("[data-live-region={region}]")).len(),
            1,
            "{region}"
        );
    }
}
