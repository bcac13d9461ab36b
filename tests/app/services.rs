//! Services: add, rename, refuse duplicates and stale saves, delete when unused.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::TestApp;

async fn service_id(app: &TestApp, name: &str) -> String {
    let list = app.get("/api/v1/services").await.json();
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn services_are_added_listed_and_validated() {
    let app = TestApp::new().await;
    let r = app.get("/services").await;
    assert_eq!(r.text(".empty-state h2"), "No services yet");
    let r = app
        .post_form(
            "/services",
            &[("name", "checkout"), ("description", "Takes payments")],
        )
        .await;
    let page = app.follow(&r).await;
    assert_eq!(page.text(".flash"), "Service \"checkout\" added.");
    assert_eq!(
        page.texts("tbody tr"),
        ["checkout Takes payments 0 None Set an objective Edit"]
    );

    let r = app
        .post_form("/services", &[("name", "CHECKOUT"), ("description", "dup")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("name"),
        "A service named \"CHECKOUT\" already exists."
    );
    assert_eq!(r.text("#description"), "dup");
    let r = app.post_form("/services", &[("name", " ")]).await;
    assert_eq!(r.field_error("name"), "Name is required.");
    assert_eq!(app.count("service").await, 1);

    let r = app
        .post_json("/api/v1/services", &json!({"name": "checkout"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "name");
}

#[tokio::test]
async fn renaming_checks_the_version() {
    let app = TestApp::new().await;
    app.service("search").await;
    app.service("ads").await;
    app.incident(
        json!({"title": "Slow", "kind": "degradation", "severity": "SEV3",
                         "services": ["search", "ads"]}),
    )
    .await;
    let id = service_id(&app, "search").await;
    let edit = app.get(&format!("/services/{id}/edit")).await;
    assert_eq!(
        edit.attr("input[name=version]", "value").as_deref(),
        Some("1")
    );
    let r = app
        .post_form(
            &format!("/services/{id}"),
            &[
                ("name", "search-api"),
                ("description", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Service \"search-api\" saved."
    );
    // Incidents show the new name, in name order.
    assert_eq!(
        app.get("/api/v1/incidents/1").await.json()["services"],
        json!(["ads", "search-api"])
    );
    assert_eq!(
        app.get("/incidents").await.texts("tbody tr .tag"),
        ["ads", "search-api"]
    );
    let r = app
        .post_form(
            &format!("/services/{id}"),
            &[
                ("name", "search-v2"),
                ("description", "mine"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.text(".alert-warning")
            .contains("It is now named \"search-api\"")
    );
    assert_eq!(r.attr("#name", "value").as_deref(), Some("search-v2"));
    assert_eq!(r.attr("input[name=version]", "value").as_deref(), Some("2"));
    assert_eq!(
        app.get(&format!("/services/{id}/edit"))
            .await
            .attr("#name", "value")
            .as_deref(),
        Some("search-api")
    );
}

#[tokio::test]
async fn a_service_named_by_incidents_is_kept() {
    let app = TestApp::new().await;
    app.service("db").await;
    app.service("unused").await;
    app.incident(
        json!({"title": "DB down", "kind": "outage", "severity": "SEV1", "services": ["db"]}),
    )
    .await;
    let db = service_id(&app, "db").await;
    let r = app.post_form(&format!("/services/{db}/delete"), &[]).await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Service \"db\" is named by incidents, so it was kept. Remove it from them first."
    );
    let unused = service_id(&app, "unused").await;
    let r = app
        .post_form(&format!("/services/{unused}/delete"), &[])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Service \"unused\" deleted."
    );
    assert_eq!(app.count("service").await, 1);
    assert_eq!(
        app.get("/services/not-a-uuid/edit").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_deploy_pipeline_reads_a_services_error_budget() {
    let app = TestApp::new().await;
    let r = app
        .post_json(
            "/api/v1/services",
            &json!({"name": "ledger", "slo_target": 99, "slo_window_days": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.service("search").await;

    // Untouched: the whole budget, 1 % of a day.
    let r = app.get("/api/v1/services/LEDGER/budget").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = r.json();
    let budget = 24.0 * 60.0 * (100.0 - 99.0) / 100.0;
    assert_eq!(b["service"], "ledger");
    assert_eq!(b["slo_target"], 99.0);
    assert_eq!(b["slo_window_days"], 1);
    assert_eq!(b["budget_minutes"], budget);
    assert_eq!(b["consumed_minutes"], 0.0);
    assert_eq!(b["remaining_ratio"], 1.0);
    assert_eq!(b["exhausted"], false);
    assert_eq!(b["burn"], json!([1.0]));

    // Twenty minutes of full impact spend more than its 14.4 minutes.
    app.incident(json!({"title": "Ledger down", "kind": "outage", "severity": "SEV1", "services": ["ledger"]}))
        .await;
    sqlx::query(
        "UPDATE incident SET impact_started_at = now() - interval '30 minutes',
                             mitigated_at = now() - interval '10 minutes'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let b = app.get("/api/v1/services/ledger/budget").await.json();
    let consumed = b["consumed_minutes"].as_f64().unwrap();
    assert!((consumed - 20.0).abs() < 1e-6, "{consumed}");
    assert!((b["remaining_minutes"].as_f64().unwrap() - (budget - 20.0)).abs() < 1e-6);
    assert_eq!(b["exhausted"], true);

    // No objective, or no such service: a problem document saying which.
    let none = app.get("/api/v1/services/search/budget").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(
        none.json()["detail"],
        "search has no service level objective, so it has no error budget."
    );
    assert_eq!(
        app.get("/api/v1/services/nothing/budget").await.status,
        StatusCode::NOT_FOUND
    );
}
