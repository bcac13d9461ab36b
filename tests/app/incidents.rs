//! Filing, viewing, editing and moving incidents through the pages.

use axum::http::StatusCode;
use serde_json::json;

use murphy::domain::person::Role;

use crate::support::TestApp;

fn form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs = vec![
        ("title", "Checkout fails for card payments"),
        ("severity", "SEV2"),
        ("kind", "outage"),
        ("summary", "Payments **time out** at the gateway."),
        ("customer_impact", "Card payments fail for EU customers."),
        ("impact_started_at", "2026-11-20T09:30"),
        ("tz_offset", "60"),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v));
    }
    pairs
}

#[tokio::test]
async fn filing_through_the_form_opens_the_incident_page() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("payments-api").await;
    let mut pairs = form(&[]);
    pairs.push(("services", "checkout"));
    pairs.push(("services", "payments-api"));
    let r = app.post_form("/incidents", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/incidents/1");

    let page = app.follow(&r).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.text(".flash"),
        "INC-1 filed. The response starts here."
    );
    assert_eq!(
        page.text("h1.incident-title"),
        "Checkout fails for card payments"
    );
    assert_eq!(page.text(".incident-ref"), "INC-1 · Outage");
    assert_eq!(
        page.texts(".incident-badges .badge"),
        ["SEV2", "Investigating"]
    );
    assert_eq!(
        page.texts(".incident-services .tag"),
        ["checkout", "payments-api"]
    );
    assert_eq!(
        page.text("#summary-h + .prose"),
        "Payments time out at the gateway."
    );
    assert!(page.body.contains("<strong>time out</strong>"));
    // 09:30 at UTC+01:00 is 08:30 UTC.
    let started = page.attr(".milestones li:first-child time", "datetime");
    assert_eq!(started.as_deref(), Some("2026-11-20T08:30:00Z"));
    // The flash is shown once.
    let again = app.get("/incidents/1").await;
    assert!(again.texts(".flash").is_empty());
    assert_eq!(app.count("incident").await, 1);
}

#[tokio::test]
async fn the_form_shows_every_severity_with_its_meaning() {
    let app = TestApp::new().await;
    let page = app.get("/incidents/new").await;
    assert_eq!(page.status, StatusCode::OK);
    let choices = page.texts(".severity-choice .choice");
    assert_eq!(choices.len(), 4);
    assert!(
        choices[0].starts_with("SEV1 Critical — A core service is down"),
        "{choices:?}"
    );
    assert!(
        choices[3].starts_with("SEV4 Low — Little or no customer impact"),
        "{choices:?}"
    );
    let kinds = page.texts("#kind option");
    assert_eq!(
        kinds,
        [
            "Choose…",
            "Outage",
            "Degradation",
            "Security",
            "DDoS",
            "Traffic surge",
            "Build or deploy failure",
            "Data loss",
            "Other"
        ]
    );
    // Impact start defaults to now, in UTC for the script to localise.
    let value = page.attr("#impact_started_at", "value").unwrap();
    assert_eq!(value.len(), "2026-11-26T10:00".len());
    assert!(page.attr("#impact_started_at", "data-utc").is_some());
}

#[tokio::test]
async fn invalid_filings_rerender_with_messages_and_write_nothing() {
    let app = TestApp::new().await;
    let long = "x".repeat(201);
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (form(&[("title", "   ")]), "title", "Title is required."),
        (
            form(&[("title", &long)]),
            "title",
            "Title is 201 characters long; the most is 200.",
        ),
        (form(&[("severity", "")]), "severity", "Choose a severity."),
        (
            form(&[("severity", "SEV9")]),
            "severity",
            "\"SEV9\" is not a severity.",
        ),
        (
            form(&[("kind", "meteor")]),
            "kind",
            "\"meteor\" is not a kind.",
        ),
        (
            form(&[("impact_started_at", "last tuesday")]),
            "impact_started_at",
            "\"last tuesday\" is not a date and time; use the form 2026-11-26T14:30.",
        ),
        (
            form(&[("impact_started_at", "2099-01-01T00:00")]),
            "impact_started_at",
            "Impact started cannot be in the future.",
        ),
    ];
    for (pairs, field, message) in cases {
        let r = app.post_form("/incidents", &pairs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert_eq!(r.field_error(field), message);
        // Everything typed is still there.
        assert_eq!(r.text("#summary"), "Payments **time out** at the gateway.");
        assert!(r.texts(".alert-error").len() == 1);
    }
    let mut unknown = form(&[]);
    unknown.push(("services", "no-such-service"));
    let r = app.post_form("/incidents", &unknown).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("services"),
        "No service is named no-such-service. Add it on the Services page first."
    );
    // The unknown service stays ticked so nothing typed is lost.
    assert_eq!(
        r.attr("input[name=services][value=no-such-service]", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(app.count("incident").await, 0);
    assert_eq!(app.count("incident_service").await, 0);
}

#[tokio::test]
async fn status_changes_follow_the_lifecycle_and_fill_milestones() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Search is slow", "kind": "degradation", "severity": "SEV3"}))
        .await;
    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.texts(".incident-actions form[action$='/status'] button"),
        ["Cause identified", "Fix applied, monitoring", "Resolve"]
    );

    let r = app
        .post_form("/incidents/1/status", &[("status", "identified")])
        .await;
    let page = app.follow(&r).await;
    assert_eq!(page.text(".flash"), "INC-1 is now identified.");
    // Acknowledged means a person took command, not a status change.
    assert!(
        !page
            .texts(".milestones li.reached .milestone-label")
            .contains(&"Acknowledged".to_owned())
    );

    // Closing is only possible from resolved: refused with the reason, nothing changed.
    let r = app
        .post_form("/incidents/1/status", &[("status", "closed")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.text(".alert-error"),
        "An incident that is identified cannot become closed."
    );
    let r = app
        .post_form("/incidents/1/status", &[("status", "gone")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.text(".alert-error"), "\"gone\" is not a status.");

    for status in ["monitoring", "resolved", "closed"] {
        let r = app
            .post_form("/incidents/1/status", &[("status", status)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{status}: {}", r.body);
    }
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["status"], "closed");
    assert_eq!(json["acknowledged_at"], json!(null));
    for m in ["mitigated_at", "resolved_at", "closed_at"] {
        assert!(json[m].is_string(), "{m} filled");
    }
    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.texts(".incident-actions form[action$='/status'] button"),
        ["Reopen"]
    );

    // Reopening clears resolved and closed, keeps mitigation.
    let r = app
        .post_form("/incidents/1/status", &[("status", "investigating")])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "INC-1 is now investigating."
    );
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["resolved_at"], json!(null));
    assert_eq!(json["closed_at"], json!(null));
    assert!(json["mitigated_at"].is_string());
}

#[tokio::test]
async fn severity_changes_from_the_incident_page() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Login errors", "kind": "outage", "severity": "SEV3"}))
        .await;
    let r = app
        .post_form("/incidents/1/severity", &[("severity", "SEV1")])
        .await;
    let page = app.follow(&r).await;
    assert_eq!(page.text(".flash"), "INC-1 is now SEV1 · Critical.");
    assert_eq!(page.texts(".incident-badges .sev"), ["SEV1"]);
    let r = app
        .post_form("/incidents/1/severity", &[("severity", "SEV7")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.text(".alert-error"), "\"SEV7\" is not a severity.");
}

#[tokio::test]
async fn editing_saves_fields_and_milestones() {
    let app = TestApp::new().await;
    app.service("search").await;
    app.incident(
        json!({"title": "Search is slow", "kind": "degradation", "severity": "SEV3",
                         "impact_started_at": "2026-11-20T10:00:00Z"}),
    )
    .await;
    let edit = app.get("/incidents/1/edit").await;
    assert_eq!(
        edit.attr("#title", "value").as_deref(),
        Some("Search is slow")
    );
    assert_eq!(
        edit.attr("input[name=version]", "value").as_deref(),
        Some("1")
    );
    assert_eq!(
        edit.attr("#impact_started_at", "value").as_deref(),
        Some("2026-11-20T10:00")
    );

    let r = app
        .post_form(
            "/incidents/1",
            &[
                ("version", "1"),
                ("title", "Search is slow in the EU"),
                ("kind", "degradation"),
                ("severity", "SEV2"),
                ("services", "search"),
                ("summary", ""),
                ("customer_impact", ""),
                ("impact_started_at", "2026-11-20T10:00"),
                ("detected_at", "2026-11-20T10:05"),
                ("acknowledged_at", "2026-11-20T10:07"),
                ("mitigated_at", "2026-11-20T10:45"),
                ("resolved_at", ""),
                ("closed_at", ""),
                ("tz_offset", "0"),
            ],
        )
        .await;
    let page = app.follow(&r).await;
    assert_eq!(page.text(".flash"), "INC-1 saved.");
    assert_eq!(page.text("h1.incident-title"), "Search is slow in the EU");
    assert_eq!(
        page.texts(".durations dd"),
        ["5 min", "2 min", "45 min", "—"]
    );
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["services"], json!(["search"]));
    assert_eq!(json["mitigated_at"], "2026-11-20T10:45:00Z");
}

#[tokio::test]
async fn milestones_out_of_order_are_refused_beside_the_field() {
    let app = TestApp::new().await;
    app.incident(
        json!({"title": "Queue backlog", "kind": "other", "severity": "SEV4",
                         "impact_started_at": "2026-11-20T10:00:00Z"}),
    )
    .await;
    let r = app
        .post_form(
            "/incidents/1",
            &[
                ("version", "1"),
                ("title", "Queue backlog"),
                ("kind", "other"),
                ("severity", "SEV4"),
                ("impact_started_at", "2026-11-20T10:00"),
                ("detected_at", "2026-11-20T09:00"),
                ("mitigated_at", "2026-11-20T11:00"),
                ("resolved_at", "2026-11-20T10:30"),
                ("tz_offset", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("detected_at"),
        "Detected cannot be earlier than impact started (2026-11-20 10:00 UTC)."
    );
    assert_eq!(
        r.field_error("resolved_at"),
        "Resolved cannot be earlier than mitigated (2026-11-20 11:00 UTC)."
    );
    // What was typed is kept, and not converted again by the script.
    assert_eq!(
        r.attr("#detected_at", "value").as_deref(),
        Some("2026-11-20T09:00")
    );
    assert!(r.attr("#detected_at", "data-utc").is_none());
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["version"], 1);
    assert_eq!(json["mitigated_at"], json!(null));
}

/// The edit form's fields as the browser would post them back, unchanged.
fn form_fields(page: &crate::support::TestResponse) -> Vec<(String, String)> {
    let html = page.html();
    let form =
        scraper::Selector::parse("form.form input, form.form textarea, form.form select").unwrap();
    let mut fields = Vec::new();
    for el in html.select(&form) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        let value = match v.name() {
            "textarea" => el.text().collect::<String>(),
            "select" => {
                let chosen = scraper::Selector::parse("option[selected]").unwrap();
                el.select(&chosen)
                    .next()
                    .and_then(|o| o.value().attr("value"))
                    .unwrap_or_default()
                    .to_owned()
            }
            _ => {
                let kind = v.attr("type").unwrap_or("text");
                if (kind == "checkbox" || kind == "radio") && v.attr("checked").is_none() {
                    continue;
                }
                v.attr("value").unwrap_or_default().to_owned()
            }
        };
        fields.push((name.to_owned(), value));
    }
    fields
}

fn with(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == name {
                    value.to_owned()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

async fn post_fields(
    app: &TestApp,
    path: &str,
    fields: &[(String, String)],
) -> crate::support::TestResponse {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| k != "csrf_token")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(path, &pairs).await
}

#[tokio::test]
async fn a_stale_save_merges_what_only_one_side_changed_and_never_undoes_a_colleague() {
    let app = TestApp::new().await;
    app.incident(
        json!({"title": "Disk full", "kind": "outage", "severity": "SEV2",
               "impact_started_at": "2026-11-20T10:00:00Z"}),
    )
    .await;
    let colleague = app.as_new(Role::Responder).await;
    // I open the form and edit only the summary; meanwhile a colleague changes the title
    // and the detection time through their own form.
    let loaded = form_fields(&app.get("/incidents/1/edit").await);
    let theirs = form_fields(&colleague.get("/incidents/1/edit").await);
    let theirs = with(&theirs, "title", "Disk full on db-3");
    let theirs = with(&theirs, "detected_at", "2026-11-20T10:04");
    let r = post_fields(&colleague, "/incidents/1", &theirs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let mine = with(&loaded, "summary", "My long analysis.");
    let r = post_fields(&app, "/incidents/1", &mine).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["title"], "Disk full on db-3");
    assert_eq!(json["detected_at"], "2026-11-20T10:04:00Z");
    assert_eq!(json["summary"], "My long analysis.");
    assert_eq!(json["version"], 3);

    // Both change the title: only the title is a conflict; the form holds their title
    // and my other changes, and my title is shown to copy back.
    let loaded = form_fields(&app.get("/incidents/1/edit").await);
    let theirs = form_fields(&colleague.get("/incidents/1/edit").await);
    let r = post_fields(
        &colleague,
        "/incidents/1",
        &with(&theirs, "title", "Disk full on db-3 (WAL)"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mine = with(&loaded, "title", "Disk full on the primary");
    let mine = with(&mine, "customer_impact", "Writes fail for 10 % of users.");
    let r = post_fields(&app, "/incidents/1", &mine).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.text(".conflict p")
            .starts_with("Someone else changed a field you changed too"),
        "{}",
        r.text(".conflict p")
    );
    assert_eq!(
        r.texts(".conflict tbody tr"),
        ["Title Disk full on db-3 (WAL) Disk full on the primary"]
    );
    assert_eq!(
        r.attr("#title", "value").as_deref(),
        Some("Disk full on db-3 (WAL)")
    );
    assert_eq!(r.text("#customer_impact"), "Writes fail for 10 % of users.");
    assert_eq!(r.text("#summary"), "My long analysis.");
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["title"], "Disk full on db-3 (WAL)");
    assert_eq!(json["customer_impact"], "");

    // Saving the form as shown keeps their title and adds my impact.
    let r = post_fields(&app, "/incidents/1", &form_fields(&r)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["title"], "Disk full on db-3 (WAL)");
    assert_eq!(json["customer_impact"], "Writes fail for 10 % of users.");
    assert_eq!(json["detected_at"], "2026-11-20T10:04:00Z");
}

#[tokio::test]
async fn a_stale_form_without_its_base_lists_every_difference_and_keeps_the_text() {
    let app = TestApp::new().await;
    app.incident(
        json!({"title": "Disk full", "kind": "outage", "severity": "SEV2",
                         "impact_started_at": "2026-11-20T10:00:00Z"}),
    )
    .await;
    // Someone else saves first.
    let r = app
        .send_json(
            axum::http::Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1, "title": "Disk full on db-3",
                    "detected_at": "2026-11-20T10:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let mine = [
        ("version", "1"),
        ("title", "Disk full on the primary"),
        ("kind", "outage"),
        ("severity", "SEV2"),
        ("summary", "My long analysis."),
        ("impact_started_at", "2026-11-20T10:00"),
        ("detected_at", "2026-11-20T10:00"),
        ("tz_offset", "0"),
    ];
    let r = app.post_form("/incidents/1", &mine).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.text(".conflict p")
            .starts_with("Someone else saved this incident")
    );
    let rows = r.texts(".conflict tbody tr");
    assert_eq!(
        rows,
        [
            "Title Disk full on db-3 Disk full on the primary",
            "Summary My long analysis."
        ]
    );
    assert_eq!(
        r.attr("#title", "value").as_deref(),
        Some("Disk full on the primary")
    );
    assert_eq!(r.text("#summary"), "My long analysis.");
    // Saving again is a deliberate overwrite based on the version now shown.
    assert_eq!(r.attr("input[name=version]", "value").as_deref(), Some("2"));
    let json = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(json["title"], "Disk full on db-3");

    let mut again = mine.to_vec();
    again[0] = ("version", "2");
    let r = app.post_form("/incidents/1", &again).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/incidents/1").await.json()["title"],
        "Disk full on the primary"
    );
}

#[tokio::test]
async fn unknown_incidents_and_pages_are_friendly_404s() {
    let app = TestApp::new().await;
    for path in [
        "/incidents/7",
        "/incidents/abc",
        "/incidents/7/edit",
        "/nowhere",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.text("h1"), "Not Found", "{path}");
        assert_eq!(
            r.text(".error-page p:nth-of-type(2)"),
            "There is nothing at this address."
        );
    }
    let r = app
        .post_form("/incidents/7/status", &[("status", "resolved")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // INC-prefixed numbers work in addresses.
    app.incident(json!({"title": "A", "kind": "other", "severity": "SEV4"}))
        .await;
    assert_eq!(app.get("/incidents/INC-1").await.status, StatusCode::OK);
}

#[tokio::test]
async fn user_text_is_escaped_and_markdown_sanitised() {
    let app = TestApp::new().await;
    let evil = "<script>alert('x')</script>";
    app.incident(json!({"title": evil, "kind": "other", "severity": "SEV4",
                         "summary": "hi <img src=x onerror=alert(1)> [a](javascript:alert(1))",
                         "customer_impact": evil}))
        .await;
    for path in ["/incidents/1", "/incidents", "/", "/incidents/1/edit"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.body.contains("<script>alert"), "{path}");
        let scripts = r.texts("script");
        assert_eq!(scripts, [""], "{path}: only app.js, no inline script");
        assert!(r.texts("[onerror]").is_empty(), "{path}");
        assert!(r.texts("a[href^=javascript]").is_empty(), "{path}");
    }
    let r = app.get("/incidents/1").await;
    assert_eq!(r.text("h1.incident-title"), evil);
}
