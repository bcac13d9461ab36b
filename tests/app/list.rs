//! The incident list: filters, full-text search and keyset pagination.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

/// Files the fixture incidents (INC-1 … INC-6) and moves some along.
async fn fixtures(app: &TestApp) {
    app.service("checkout").await;
    app.service("search").await;
    let incidents = [
        json!({"title": "Checkout gateway timeouts", "kind": "outage", "severity": "SEV1",
               "services": ["checkout"], "summary": "The payment provider times out.",
               "impact_started_at": "2026-01-10T08:00:00Z"}),
        json!({"title": "Search results stale", "kind": "degradation", "severity": "SEV3",
               "services": ["search"], "summary": "Indexer lagging behind the database.",
               "impact_started_at": "2026-02-15T12:00:00Z"}),
        json!({"title": "Credential stuffing attack", "kind": "security", "severity": "SEV2",
               "services": ["checkout", "search"], "impact_started_at": "2026-03-01T00:30:00Z"}),
        json!({"title": "Deploy broke image uploads", "kind": "deploy_failure", "severity": "SEV3",
               "impact_started_at": "2026-03-20T16:00:00Z"}),
        json!({"title": "Traffic surge from campaign", "kind": "traffic_surge", "severity": "SEV4",
               "summary": "Database connections exhausted during the campaign.",
               "impact_started_at": "2026-04-02T09:00:00Z"}),
        json!({"title": "Checkout totals wrong", "kind": "data_loss", "severity": "SEV2",
               "services": ["checkout"], "impact_started_at": "2026-04-10T10:00:00Z"}),
    ];
    for body in incidents {
        app.incident(body).await;
    }
    for (number, status) in [
        (2, "resolved"),
        (4, "resolved"),
        (4, "closed"),
        (5, "monitoring"),
    ] {
        let r = app
            .post_json(
                &format!("/api/v1/incidents/{number}/status"),
                &json!({"status": status}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
}

async fn numbers(app: &TestApp, query: &str) -> Vec<i64> {
    let r = app.get(&format!("/api/v1/incidents?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn every_filter_narrows_the_list() {
    let app = TestApp::new().await;
    fixtures(&app).await;
    let cases: &[(&str, &[i64])] = &[
        ("", &[6, 5, 4, 3, 2, 1]),
        ("status=resolved", &[2]),
        ("status=closed", &[4]),
        ("severity=SEV2", &[6, 3]),
        ("severity=sev3", &[4, 2]),
        ("kind=security", &[3]),
        ("service=checkout", &[6, 3, 1]),
        ("service=SEARCH", &[3, 2]),
        ("state=open", &[6, 5, 3, 1]),
        ("state=closed", &[4, 2]),
        ("from=2026-03-01&to=2026-03-31", &[4, 3]),
        ("to=2026-01-10", &[1]),
        ("from=2026-04-10", &[6]),
        ("service=checkout&severity=SEV2&state=open", &[6, 3]),
        ("q=checkout", &[6, 1]),
        ("q=database", &[5, 2]),
        ("q=%22payment+provider%22", &[1]),
        ("q=checkout+-totals", &[1]),
        ("q=database&state=open", &[5]),
        ("q=nothingmatches", &[]),
    ];
    for (query, expected) in cases {
        assert_eq!(&numbers(&app, query).await, expected, "{query}");
    }
}

#[tokio::test]
async fn the_page_shows_filters_as_chips_and_keeps_them_in_the_query_string() {
    let app = TestApp::new().await;
    fixtures(&app).await;
    let r = app
        .get("/incidents?severity=SEV2&service=checkout&q=checkout")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.texts("table.incidents tbody tr .ref"), ["INC-6"]);
    assert_eq!(
        r.texts(".chips .chip"),
        ["“checkout” ×", "Severity: SEV2 ×", "Service: checkout ×"]
    );
    let links: Vec<String> = {
        let html = r.html();
        let sel = scraper::Selector::parse(".chips .chip").unwrap();
        html.select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        links,
        [
            "/incidents?severity=SEV2&service=checkout",
            "/incidents?q=checkout&service=checkout",
            "/incidents?q=checkout&severity=SEV2"
        ]
    );
    assert_eq!(r.attr("#q", "value").as_deref(), Some("checkout"));
    assert_eq!(
        r.attr("select[name=severity] option[selected]", "value")
            .as_deref(),
        Some("SEV2")
    );
}

#[tokio::test]
async fn rows_show_what_a_responder_scans_for() {
    let app = TestApp::new().await;
    fixtures(&app).await;
    let r = app.get("/incidents?service=checkout").await;
    let rows = r.texts("table.incidents tbody tr");
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].starts_with("INC-6 Checkout totals wrong No IC SEV2 Investigating checkout"),
        "{rows:?}"
    );
    assert!(
        rows[2].starts_with("INC-1 Checkout gateway timeouts No IC SEV1 Investigating checkout"),
        "{rows:?}"
    );
    assert_eq!(
        r.attr("table.incidents tbody tr:last-child time", "datetime")
            .as_deref(),
        Some("2026-01-10T08:00:00Z")
    );
}

#[tokio::test]
async fn empty_states_say_what_to_do() {
    let app = TestApp::new().await;
    let r = app.get("/incidents").await;
    assert_eq!(r.text(".empty-state h2"), "No incidents yet");
    assert_eq!(r.text(".empty-state .button"), "Declare the first incident");
    let r = app.get("/incidents?severity=SEV1").await;
    assert_eq!(
        r.text(".empty-state h2"),
        "No incident matches these filters"
    );
}

#[tokio::test]
async fn invalid_filters_are_explained() {
    let app = TestApp::new().await;
    let r = app.get("/incidents?severity=SEV9&from=yesterday").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.texts(".alert-error li"),
        [
            "\"SEV9\" is not a severity.",
            "\"yesterday\" is not a date; use the form 2026-11-26."
        ]
    );
    let r = app.get("/api/v1/incidents?status=exploded&limit=0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(
        r.json()["errors"],
        json!([
            {"field": "status", "message": "\"exploded\" is not a status."},
            {"field": "limit", "message": "The page size is a number from 1 to 200."}
        ])
    );
}

#[tokio::test]
async fn keyset_pages_walk_the_whole_list_both_ways() {
    let app = TestApp::new().await;
    for i in 1..=7 {
        app.incident(
            json!({"title": format!("Incident {i}"), "kind": "other", "severity": "SEV4"}),
        )
        .await;
    }
    // The API: follow next_cursor to the end.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("limit=3&cursor={c}"),
            None => "limit=3".into(),
        };
        let page: Value = app.get(&format!("/api/v1/incidents?{query}")).await.json();
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["number"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, [7, 6, 5, 4, 3, 2, 1]);

    // The page: Older and Newer links.
    let first = app.get("/incidents?limit=3").await;
    assert_eq!(first.texts("tbody .ref"), ["INC-7", "INC-6", "INC-5"]);
    assert!(first.texts(".pager a[rel=prev]").is_empty());
    let older = first.attr(".pager a[rel=next]", "href").unwrap();
    assert_eq!(older, "/incidents?limit=3&before=5");
    let second = app.get(&older).await;
    assert_eq!(second.texts("tbody .ref"), ["INC-4", "INC-3", "INC-2"]);
    let newer = second.attr(".pager a[rel=prev]", "href").unwrap();
    let back = app.get(&newer).await;
    assert_eq!(back.texts("tbody .ref"), ["INC-7", "INC-6", "INC-5"]);
    let last = app
        .get(&second.attr(".pager a[rel=next]", "href").unwrap())
        .await;
    assert_eq!(last.texts("tbody .ref"), ["INC-1"]);
    assert!(last.texts(".pager a[rel=next]").is_empty());
}

#[tokio::test]
async fn the_home_page_groups_open_incidents_by_severity() {
    let app = TestApp::new().await;
    let r = app.get("/").await;
    assert_eq!(r.text(".empty-state h2"), "Nothing is on fire");
    fixtures(&app).await;
    let r = app.get("/").await;
    let groups = r.texts(".severity-group h2");
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert!(groups[0].starts_with("SEV1 1 open"), "{groups:?}");
    assert!(groups[1].starts_with("SEV2 2 open"), "{groups:?}");
    assert!(groups[2].starts_with("SEV4 1 open"), "{groups:?}");
}

#[tokio::test]
async fn columns_sort_with_the_filters_kept_and_pages_follow_the_order() {
    let app = TestApp::new().await;
    fixtures(&app).await;
    assert_eq!(numbers(&app, "sort=severity").await, [1, 6, 3, 4, 2, 5]);
    assert_eq!(numbers(&app, "sort=oldest").await, [1, 2, 3, 4, 5, 6]);
    assert_eq!(numbers(&app, "sort=started").await, [6, 5, 4, 3, 2, 1]);
    assert_eq!(
        numbers(&app, "sort=severity&service=checkout").await,
        [1, 6, 3]
    );
    // Pages of two, by severity, forwards and back again.
    let page = app.get("/incidents?sort=severity&limit=2").await;
    assert_eq!(page.texts("tbody .ref"), ["INC-1", "INC-6"]);
    assert_eq!(
        page.attr("th[aria-sort=ascending] a", "href").as_deref(),
        Some("/incidents?limit=2&sort=severity")
    );
    let next = page.attr("a[rel=next]", "href").unwrap();
    assert_eq!(next, "/incidents?limit=2&sort=severity&before=6");
    let page = app.get(&next).await;
    assert_eq!(page.texts("tbody .ref"), ["INC-3", "INC-4"]);
    let next = page.attr("a[rel=next]", "href").unwrap();
    let last = app.get(&next).await;
    assert_eq!(last.texts("tbody .ref"), ["INC-2", "INC-5"]);
    assert!(last.texts("a[rel=next]").is_empty());
    let back = last.attr("a[rel=prev]", "href").unwrap();
    assert_eq!(app.get(&back).await.texts("tbody .ref"), ["INC-3", "INC-4"]);
    // The headers sort and keep the filters; the incident column toggles newest/oldest.
    let page = app.get("/incidents?service=checkout").await;
    assert_eq!(
        page.attr("th[aria-sort=descending] a", "href").as_deref(),
        Some("/incidents?service=checkout&sort=oldest")
    );
    let links: Vec<String> = {
        let html = page.html();
        let sel = scraper::Selector::parse("thead a.sort-link").unwrap();
        html.select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        links,
        [
            "/incidents?service=checkout&sort=oldest",
            "/incidents?service=checkout&sort=severity",
            "/incidents?service=checkout&sort=started"
        ]
    );
    let bad = app.get("/api/v1/incidents?sort=sideways").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.json()["errors"],
        json!([{"field": "sort", "message": "\"sideways\" is not a sort order."}])
    );
}
