//! Doors a careful attacker tries: text PostgreSQL cannot store, and more (issue by issue).

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::TestApp;

/// A NUL character (which no PostgreSQL text column accepts) in a JSON string, a form
/// field, a query string or a path is refused with a message naming where it was, and
/// nothing is written; before, each of these answered 500.
#[tokio::test]
async fn a_nul_character_anywhere_is_refused_by_name_and_nothing_is_written() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV2"}))
        .await;
    let message = "This contains a NUL character (\\0), which Murphy cannot store. Remove it \
                   and send it again; nothing was saved.";
    let problem = |field: &str| {
        json!({
            "type": "urn:murphy:problem:validation",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": "Some fields need attention.",
            "errors": [{"field": field, "message": message}]
        })
    };

    let api: [(Method, &str, serde_json::Value, &str); 6] = [
        (
            Method::POST,
            "/api/v1/incidents",
            json!({"title": "a\u{0}b", "kind": "outage", "severity": "SEV1"}),
            "title",
        ),
        (
            Method::POST,
            "/api/v1/incidents",
            json!({"title": "ok", "kind": "outage", "severity": "SEV1",
                   "services": ["checkout", "x\u{0}"]}),
            "services[1]",
        ),
        (
            Method::PATCH,
            "/api/v1/incidents/1",
            json!({"version": 1, "summary": "\u{0}"}),
            "summary",
        ),
        (
            Method::POST,
            "/api/v1/incidents/1/timeline",
            json!({"body": "Restarted\u{0}"}),
            "body",
        ),
        (
            Method::POST,
            "/api/v1/incidents/1/roles",
            json!({"role": "ic", "person": "admin@example.com", "note": "\u{0}"}),
            "note",
        ),
        (
            Method::POST,
            "/api/v1/services",
            json!({"name": "pay\u{0}ments"}),
            "name",
        ),
    ];
    for (method, path, body, field) in api {
        let r = app.send_json(method.clone(), path, &body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {path}"
        );
        assert_eq!(r.header("content-type"), "application/problem+json");
        assert_eq!(r.json(), problem(field), "{method} {path}");
    }
    for (query, field) in [("q=%00", "q"), ("state=open&service=a%00", "service")] {
        let r = app.get(&format!("/api/v1/incidents?{query}")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(r.json(), problem(field), "{query}");
    }
    let r = app.get("/api/v1/incidents/1%00").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json()["detail"],
        "The address contains a NUL character (%00); nothing was changed."
    );

    // Pages: the form's sender is told which field, in words.
    let r = app
        .post_form(
            "/incidents",
            &[("title", "a\0b"), ("kind", "outage"), ("severity", "SEV1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text("main h1 + p"),
        "The field \u{201c}title\u{201d} contains a NUL character (\\0), which Murphy cannot \
         store. Go back, remove it and send it again; nothing was saved."
    );
    let r = app.get("/incidents?q=%00").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text("main").contains("\u{201c}q\u{201d}"),
        "{}",
        r.text("main")
    );
    let r = app.get("/services/checkout%00").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    assert_eq!(app.count("incident").await, 1);
    assert_eq!(app.count("service").await, 1);
    assert_eq!(app.count("role_assignment").await, 0);
    let r = app.get("/api/v1/incidents/1").await;
    assert_eq!(r.json()["version"], 1);
    assert_eq!(r.json()["summary"], "");
}

/// Sixteen scripts name the first commander at once (before, fifteen got 500 from the
/// unique index): each lands as a hand-off, in some order, and none fails.
#[tokio::test]
async fn sixteen_commanders_named_at_once_all_land_as_hand_offs() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let mut people = Vec::new();
    for i in 0..16 {
        let email = format!("ic{i}@example.com");
        crate::support::person(
            &app.db,
            &email,
            &format!("IC {i}"),
            murphy::domain::person::Role::Responder,
        )
        .await;
        people.push(email);
    }
    let answers = futures_util::future::join_all(people.iter().map(|email| {
        let app = &app;
        async move {
            let body = json!({"role": "ic", "person": email});
            app.post_json("/api/v1/incidents/1/roles", &body).await
        }
    }))
    .await;
    for r in &answers {
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = app.get("/api/v1/incidents/1/roles").await;
    let json = r.json();
    assert_eq!(json["current"].as_array().unwrap().len(), 1);
    assert_eq!(json["history"].as_array().unwrap().len(), 16);
}

/// Every place that counts incidents counts only those the viewer may see. A restricted
/// incident on `payments` is counted for an admin and for nobody outside its team: the
/// services page, a service's edit page, `GET /api/v1/services`, `/metrics`, the list and
/// the home page. (The reports' counts are held in reports.rs.)
#[tokio::test]
async fn counts_leave_out_restricted_incidents_for_outsiders() {
    use murphy::domain::person::Role;

    let admin = TestApp::new().await;
    admin.service("payments").await;
    admin
        .incident(
            json!({"title": "Card declines", "kind": "outage", "severity": "SEV2",
                         "services": ["payments"]}),
        )
        .await;
    admin
        .incident(
            json!({"title": "Fraud rule leak", "kind": "security", "severity": "SEV1",
                         "services": ["payments"], "restricted": true}),
        )
        .await;
    let outsider = admin.as_new(Role::Responder).await;
    let service_id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM service")
        .fetch_one(&admin.db)
        .await
        .unwrap();

    for (who, expected) in [(&admin, 2), (&outsider, 1)] {
        let api = who.get("/api/v1/services").await.json();
        assert_eq!(api[0]["incident_count"], expected, "API services");

        let page = who.get("/services").await;
        assert_eq!(
            page.text("tbody tr td:nth-child(2)"),
            expected.to_string(),
            "services page"
        );

        let edit = who.get(&format!("/services/{service_id}/edit")).await;
        assert_eq!(
            edit.text(".danger-zone p"),
            if expected == 1 {
                "1 incident names this service, so it cannot be deleted.".to_owned()
            } else {
                format!("{expected} incidents name this service, so it cannot be deleted.")
            },
            "edit page"
        );

        let metrics = who.get("/metrics").await.body;
        let sev1 = if expected == 2 { 1 } else { 0 };
        assert!(
            metrics.contains(&format!(
                "murphy_open_incidents{{severity=\"SEV1\"}} {sev1}\n"
            )),
            "{metrics}"
        );

        let list = who.get("/api/v1/incidents").await.json();
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            expected,
            "API list"
        );
        let page = who.get("/incidents").await;
        assert_eq!(page.texts("tbody tr").len(), expected, "list page");
        let home = who.get("/").await;
        assert_eq!(
            home.text("body").contains("Fraud rule leak"),
            expected == 2,
            "home page"
        );
    }
}
