//! When a post-mortem is required: the rules admins set, what the incident page, the home
//! page and the report say of required ones missing or late, and who may skip one.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::json;

use crate::support::{TestApp, problem_fields};

/// Files an incident resolved `days_ago`, its impact lasting `minutes` to mitigation.
async fn resolved(app: &TestApp, title: &str, severity: &str, minutes: i32, days_ago: i32) -> i64 {
    let created = app
        .incident(json!({"title": title, "kind": "degradation", "severity": severity}))
        .await;
    let number = created["number"].as_i64().unwrap();
    sqlx::query(
        "UPDATE incident SET status = 'resolved',
                resolved_at = now() - make_interval(days => $2),
                impact_started_at = now() - make_interval(days => $2, mins => $3 + 10),
                detected_at = now() - make_interval(days => $2, mins => $3 + 5),
                mitigated_at = now() - make_interval(days => $2, mins => 10)
         WHERE number = $1",
    )
    .bind(number)
    .bind(days_ago)
    .bind(minutes)
    .execute(&app.db)
    .await
    .unwrap();
    number
}

/// Text as read: no space before punctuation the markup put between elements.
fn words(text: &str) -> String {
    text.replace(" :", ":").replace(" .", ".")
}

#[tokio::test]
async fn required_post_mortems_are_shown_where_people_look() {
    let app = TestApp::new().await;
    let sev1 = resolved(&app, "Payments down", "SEV1", 20, 8).await;
    let sev3 = resolved(&app, "Slow search", "SEV3", 45, 1).await;

    // By default SEV1 and SEV2 need one, due five days after resolution.
    let page = app.get(&format!("/incidents/{sev1}")).await;
    let required = words(&page.text("#pm-required"));
    assert!(required.starts_with("Required: SEV1. Due"), "{required}");
    assert!(required.ends_with("late."), "{required}");
    let page = app.get(&format!("/incidents/{sev3}")).await;
    assert!(
        page.text("#pm-required")
            .starts_with("Optional under the rules")
    );

    let home = app.get("/").await;
    assert_eq!(
        home.texts("#postmortems-due li a"),
        [format!("INC-{sev1} Payments down")]
    );
    assert!(home.text("#postmortems-due li").contains("not started"));
    assert_eq!(home.texts("#postmortems-due .overdue-flag"), ["late"]);

    // The admin adds a rule: more than 30 minutes of user-visible impact.
    let rules = app.get("/admin/postmortem-rules").await;
    assert_eq!(
        rules.text("#rules-now"),
        "Now required when: SEV1 or SEV2; any data loss."
    );
    let version = rules.attr("input[name=version]", "value").unwrap();
    let bad = app
        .post_form(
            "/admin/postmortem-rules",
            &[
                ("version", &version),
                ("severity", "SEV1"),
                ("impact_minutes", "-3"),
                ("due_days", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("impact_minutes").contains("whole number"));
    assert!(bad.field_error("due_days").contains("days"));
    assert_eq!(bad.attr("#impact_minutes", "value"), Some("-3".into()));
    let saved = app
        .post_form(
            "/admin/postmortem-rules",
            &[
                ("version", &version),
                ("severity", "SEV1"),
                ("severity", "SEV2"),
                ("data_loss", "on"),
                ("impact_minutes", "30"),
                ("due_days", "3"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = app
        .post_form(
            "/admin/postmortem-rules",
            &[
                ("version", &version),
                ("severity", "SEV4"),
                ("due_days", "9"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.attr("#due_days", "value"), Some("9".into()));

    let page = app.get(&format!("/incidents/{sev3}")).await;
    let required = words(&page.text("#pm-required"));
    assert!(
        required.starts_with("Required: user-visible impact over 30 min. Due"),
        "{required}"
    );
    assert!(!required.contains("late"), "{required}");
    let home = app.get("/").await;
    assert_eq!(home.texts("#postmortems-due li a").len(), 2);

    // The report lists both, with their due dates.
    let report = app.get("/reports").await;
    assert_eq!(report.text("#missing-count"), "2");
    let rows = report.texts("#missing-postmortems tbody tr td:last-child");
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.ends_with("late")), "{rows:?}");

    // Published, a post-mortem is no longer due.
    app.post_json(&format!("/api/v1/incidents/{sev1}/postmortem"), &json!({}))
        .await;
    sqlx::query("UPDATE postmortem SET state = 'published', published_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    let home = app.get("/").await;
    assert_eq!(
        home.texts("#postmortems-due li a"),
        [format!("INC-{sev3} Slow search")]
    );
}

#[tokio::test]
async fn only_an_admin_skips_a_required_post_mortem() {
    let app = TestApp::new().await;
    let sev2 = resolved(&app, "Queue backlog", "SEV2", 20, 1).await;
    let sev4 = resolved(&app, "Typo on a page", "SEV4", 5, 1).await;
    let responder = app.as_new(Role::Responder).await;
    let close = |n: i64| {
        (
            format!("/api/v1/incidents/{n}/status"),
            json!({"status": "closed", "no_postmortem_reason": "Nothing to learn."}),
        )
    };
    let (path, body) = close(sev2);
    let refused = responder.post_json(&path, &body).await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    assert!(
        refused
            .body
            .contains("needs a post-mortem (SEV2); only an admin"),
        "{}",
        refused.body
    );
    let status: String = sqlx::query_scalar("SELECT status FROM incident WHERE number = $1")
        .bind(sev2)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(status, "resolved", "nothing changed");
    // An optional one a responder may skip; a required one an admin may.
    let (path, body) = close(sev4);
    assert!(responder.post_json(&path, &body).await.status.is_success());
    let (path, body) = close(sev2);
    let r = app.post_json(&path, &body).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(app.get("/").await.texts("#postmortems-due li").is_empty());

    // The rules through the API.
    let rules = app.get("/api/v1/postmortem-rules").await.json();
    assert_eq!(rules["severities"], json!(["SEV1", "SEV2"]));
    assert_eq!(rules["due_days"], 5);
    let r = app
        .send_json(
            Method::PUT,
            "/api/v1/postmortem-rules",
            &json!({"severities": ["SEV1"], "impact_minutes": null, "data_loss": false,
                    "from_alert": true, "resolution_hours": 4, "detected_by_person": true,
                    "due_days": 10, "version": rules["version"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["summary"],
        json!([
            "SEV1",
            "resolution over 4 h",
            "on-call paged by an alert",
            "found by a person rather than monitoring"
        ])
    );
    let bad = app
        .send_json(
            Method::PUT,
            "/api/v1/postmortem-rules",
            &json!({"severities": ["SEV7"], "impact_minutes": 0, "data_loss": false,
                    "from_alert": false, "resolution_hours": null, "detected_by_person": false,
                    "due_days": 400, "version": rules["version"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem_fields(&bad.json()),
        ["due_days", "impact_minutes", "severities"]
    );
    let refused = responder
        .send_json(Method::PUT, "/api/v1/postmortem-rules", &rules)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
