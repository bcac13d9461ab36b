//! Cross-cutting behaviour: health checks, assets, headers.

use axum::http::StatusCode;

use crate::support::TestApp;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await.anonymous();
    let r = app.get("/healthz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok\n"));
    let r = app.get("/readyz").await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ready\n"));
    app.db.close().await;
    let r = app.get("/readyz").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let app = TestApp::new().await;
    let mut ids = std::collections::HashSet::new();
    // Every page, API answer, error and the public status page: the whole policy, so that
    // loosening any part of it (an 'unsafe-inline', a wider source) fails here.
    const POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
                          script-src 'self'; object-src 'none'; base-uri 'self'; \
                          form-action 'self'; frame-ancestors 'none'";
    for path in [
        "/",
        "/incidents",
        "/nowhere",
        "/api/v1/incidents",
        "/status",
        "/static/app.css",
        "/api/openapi.json",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.header("content-security-policy"), POLICY, "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(r.header("referrer-policy"), "same-origin", "{path}");
        // Over plain http nothing asks browsers to insist on https.
        assert_eq!(r.header("strict-transport-security"), "", "{path}");
        // This process's random prefix, then a serial number: unique per request.
        let id = r.header("x-request-id").to_owned();
        let (prefix, serial) = id.split_once('-').unwrap_or_default();
        assert_eq!((prefix.len(), serial.len()), (16, 10), "{path}: {id}");
        assert!(
            id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
            "{id}"
        );
        assert!(ids.insert(id), "{path}");
    }
    // The widget alone may be framed by other sites; nothing else is loosened for it.
    let widget = app.get("/status/widget").await;
    assert_eq!(
        widget.header("content-security-policy"),
        POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
    );
    // Swagger UI's page alone runs inline script and style (its own configuration).
    let docs = app.get("/api/docs/").await;
    assert_eq!(
        docs.header("content-security-policy"),
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    let app = TestApp::new().await;
    let css = app.get("/static/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(css.body.contains("--sev1"));
    let js = app.get("/static/app.js").await;
    assert!(js.body.contains("data-tz-offset"));
    assert_eq!(
        app.get("/static/missing.css").await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get("/").await;
    assert_eq!(page.attr("a.skip-link", "href").as_deref(), Some("#main"));
    assert_eq!(
        page.texts("nav .nav-wide .nav-links a"),
        [
            "Incidents",
            "Post-mortems",
            "Action items",
            "Reports",
            "Services",
            "Admin"
        ]
    );
    let viewer = app.as_new(murphy::domain::person::Role::Viewer).await;
    let page = viewer.get("/").await;
    assert_eq!(
        page.texts("nav .nav-wide .nav-links a"),
        [
            "Incidents",
            "Post-mortems",
            "Action items",
            "Reports",
            "Services"
        ]
    );
    assert!(page.texts("a.declare").is_empty(), "viewers cannot declare");
    assert!(
        page.attr("meta[name=viewport]", "content")
            .unwrap()
            .contains("width=device-width")
    );
}

/// (Over https, cookies are `Secure` and HSTS is sent: `process.rs` checks it on the
/// binary, configured as operators configure it.)
#[tokio::test]
async fn the_api_asks_for_a_bearer_token() {
    let app = TestApp::new().await;
    let r = app.anonymous().get("/api/v1/incidents").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.header("www-authenticate"), "Bearer realm=\"murphy\"");
}

#[tokio::test]
async fn the_api_explorer_links_back_and_says_it_needs_javascript() {
    let app = TestApp::new().await;
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.attr("nav[aria-label=Murphy] a", "href").as_deref(),
        Some("/")
    );
    assert_eq!(page.text("nav[aria-label=Murphy] a"), "← Back to Murphy");
    assert!(page.body.contains("<noscript>"), "{}", page.body);
    assert!(page.body.contains("This API explorer needs JavaScript."));
}
