//! Reports, error budgets and exports against hand-computed fixtures.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::TestApp;

/// Files an incident through the API, then sets its milestones and status exactly.
#[allow(clippy::too_many_arguments)]
async fn fixture(
    app: &TestApp,
    title: &str,
    severity: &str,
    services: &[&str],
    status: &str,
    times: [Option<&str>; 5],
    restricted: bool,
) -> i64 {
    let created = app
        .incident(json!({
            "title": title, "kind": "outage", "severity": severity, "services": services,
            "restricted": restricted, "impact_started_at": times[0].unwrap()
        }))
        .await;
    let number = created["number"].as_i64().unwrap();
    let t = |s: Option<&str>| s.map(|s| s.to_owned());
    sqlx::query(
        "UPDATE incident SET status = $2, impact_started_at = $3::timestamptz,
                detected_at = $4::timestamptz, acknowledged_at = $5::timestamptz,
                mitigated_at = $6::timestamptz, resolved_at = $7::timestamptz,
                closed_at = CASE WHEN $2 = 'closed' THEN $7::timestamptz + interval '1 hour' END
         WHERE number = $1",
    )
    .bind(number)
    .bind(status)
    .bind(t(times[0]))
    .bind(t(times[1]))
    .bind(t(times[2]))
    .bind(t(times[3]))
    .bind(t(times[4]))
    .execute(&app.db)
    .await
    .unwrap();
    number
}

/// Four visible incidents in October 2026, one restricted, one in September.
async fn october(app: &TestApp) {
    app.service("checkout").await;
    app.service("search").await;
    // A: detect 5 min, acknowledge 10 min, mitigate 60 min, resolve 120 min.
    fixture(
        app,
        "Checkout errors",
        "SEV1",
        &["checkout"],
        "resolved",
        [
            Some("2026-10-05T10:00:00Z"),
            Some("2026-10-05T10:05:00Z"),
            Some("2026-10-05T10:15:00Z"),
            Some("2026-10-05T11:00:00Z"),
            Some("2026-10-05T12:00:00Z"),
        ],
        false,
    )
    .await;
    // B: 15 / 5 / 90 / 240 min, closed.
    fixture(
        app,
        "Checkout and search down",
        "SEV1",
        &["checkout", "search"],
        "closed",
        [
            Some("2026-10-06T09:00:00Z"),
            Some("2026-10-06T09:15:00Z"),
            Some("2026-10-06T09:20:00Z"),
            Some("2026-10-06T10:30:00Z"),
            Some("2026-10-06T13:00:00Z"),
        ],
        false,
    )
    .await;
    // C: detected after 30 min; nothing else yet.
    fixture(
        app,
        "Slow pages",
        "SEV2",
        &[],
        "investigating",
        [
            Some("2026-10-12T08:00:00Z"),
            Some("2026-10-12T08:30:00Z"),
            None,
            None,
            None,
        ],
        false,
    )
    .await;
    // D: never marked detected; mitigated after 60 min, resolved after 120.
    fixture(
        app,
        "Batch job late",
        "SEV3",
        &[],
        "resolved",
        [
            Some("2026-10-20T00:00:00Z"),
            None,
            None,
            Some("2026-10-20T01:00:00Z"),
            Some("2026-10-20T02:00:00Z"),
        ],
        false,
    )
    .await;
    // E: September, outside the period.
    fixture(
        app,
        "Old outage",
        "SEV1",
        &["checkout"],
        "resolved",
        [
            Some("2026-09-20T00:00:00Z"),
            Some("2026-09-20T00:01:00Z"),
            Some("2026-09-20T00:02:00Z"),
            Some("2026-09-20T00:03:00Z"),
            Some("2026-09-20T00:04:00Z"),
        ],
        false,
    )
    .await;
    // F: restricted, filed by the admin: 10 / 10 / 40 / 60 min.
    fixture(
        app,
        "Secret breach",
        "SEV2",
        &["search"],
        "resolved",
        [
            Some("2026-10-15T00:00:00Z"),
            Some("2026-10-15T00:10:00Z"),
            Some("2026-10-15T00:20:00Z"),
            Some("2026-10-15T00:40:00Z"),
            Some("2026-10-15T01:00:00Z"),
        ],
        true,
    )
    .await;
    // B has a draft post-mortem with three action items: done, overdue, open.
    sqlx::query(
        "WITH pm AS (INSERT INTO postmortem (id, incident_id, sections)
                     SELECT gen_random_uuid(), id, '{}' FROM incident WHERE number = 2
                     RETURNING id, incident_id)
         INSERT INTO action_item (id, postmortem_id, incident_id, title, priority, kind, status, due_on)
         SELECT gen_random_uuid(), pm.id, pm.incident_id, t.title, 'p2', 'prevent', t.status, t.due::date
         FROM pm, (VALUES ('Canary', 'done', NULL), ('Alert', 'open', '2026-10-01'),
                          ('Runbook', 'in_progress', NULL)) AS t(title, status, due)",
    )
    .execute(&app.db)
    .await
    .unwrap();
}

fn metric(counted: i64, left_out: i64, median: f64, p90: f64, mean: f64) -> Value {
    json!({"counted": counted, "left_out": left_out, "median": median, "p90": p90, "mean": mean})
}

#[tokio::test]
async fn every_metric_matches_hand_computed_figures() {
    let app = TestApp::new().await;
    october(&app).await;
    let viewer = app.as_new(Role::Viewer).await;
    let r = viewer
        .get("/api/v1/reports?from=2026-10-01&to=2026-10-31")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    let total = &report["total"];
    assert_eq!(
        total["incidents"], 4,
        "September and the restricted one are out"
    );
    // Detect: 300, 900, 1800 s (D has no detected time). p90 = 900 + 0.8 × 900.
    assert_eq!(total["detect"], metric(3, 1, 900.0, 1620.0, 1000.0));
    // Acknowledge: 600, 300 s; C and D lack it.
    assert_eq!(total["acknowledge"], metric(2, 2, 450.0, 570.0, 450.0));
    // Mitigate: 3600, 5400, 3600 s; C not yet.
    assert_eq!(total["mitigate"], metric(3, 1, 3600.0, 5040.0, 4200.0));
    // Resolve: 7200, 14400, 7200 s.
    assert_eq!(total["resolve"], metric(3, 1, 7200.0, 12960.0, 9600.0));

    let sev1 = &report["by_severity"][0];
    assert_eq!(sev1["label"], "SEV1");
    assert_eq!(sev1["incidents"], 2);
    assert_eq!(sev1["detect"], metric(2, 0, 600.0, 840.0, 600.0));
    let labels: Vec<&str> = report["by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["SEV1", "SEV2", "SEV3"]);

    // Services: checkout A+B (60 + 90 impact minutes), search B only for this viewer.
    assert_eq!(
        report["services"],
        json!([
            {"service": "checkout", "incidents": 2, "impact_minutes": 150.0},
            {"service": "search", "incidents": 1, "impact_minutes": 90.0},
        ])
    );
    let checkout = &report["by_service"][0];
    assert_eq!(checkout["resolve"], metric(2, 0, 10800.0, 13680.0, 10800.0));

    // Weeks from the one holding 1 October (Monday 28 September) to the one holding the 31st.
    let trend: Vec<(String, Value, Value)> = report["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap().to_owned(),
                p["by_severity"].clone(),
                p["median_resolve"].clone(),
            )
        })
        .collect();
    assert_eq!(
        trend,
        [
            ("2026-09-28".into(), json!([0, 0, 0, 0]), Value::Null),
            ("2026-10-05".into(), json!([2, 0, 0, 0]), json!(10800.0)),
            ("2026-10-12".into(), json!([0, 1, 0, 0]), Value::Null),
            ("2026-10-19".into(), json!([0, 0, 1, 0]), json!(7200.0)),
            ("2026-10-26".into(), json!([0, 0, 0, 0]), Value::Null),
        ]
    );
    assert_eq!(
        report["actions"],
        json!({"done": 1, "open": 2, "overdue": 1, "wont_do": 0})
    );
    assert_eq!(report["missing_postmortem_count"], 2);
    let missing: Vec<(i64, &str)> = report["missing_postmortems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["number"].as_i64().unwrap(),
                m["postmortem"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(missing, [(2, "draft"), (1, "none")]);

    // The admin sees the restricted incident too.
    let admin = app
        .get("/api/v1/reports?from=2026-10-01&to=2026-10-31")
        .await
        .json();
    assert_eq!(admin["total"]["incidents"], 5);
    assert_eq!(admin["missing_postmortem_count"], 3);
    assert_eq!(admin["actions"], report["actions"]);

    // Action items follow their incident when its impact start moves out of the period.
    sqlx::query("UPDATE incident SET impact_started_at = '2026-09-15T00:00:00Z' WHERE number = 2")
        .execute(&app.db)
        .await
        .unwrap();
    let none = json!({"done": 0, "open": 0, "overdue": 0, "wont_do": 0});
    for who in [&app, &viewer] {
        let moved = who
            .get("/api/v1/reports?from=2026-10-01&to=2026-10-31")
            .await
            .json();
        assert_eq!(moved["actions"], none);
    }
    let september = viewer
        .get("/api/v1/reports?from=2026-09-01&to=2026-09-30")
        .await
        .json();
    assert_eq!(
        september["actions"],
        json!({"done": 1, "open": 2, "overdue": 1, "wont_do": 0})
    );
    sqlx::query("UPDATE incident SET impact_started_at = '2026-10-06T09:00:00Z' WHERE number = 2")
        .execute(&app.db)
        .await
        .unwrap();

    // Filters narrow every figure; months group the trend.
    let sev1 = viewer
        .get("/api/v1/reports?from=2026-09-01&to=2026-10-31&severity=SEV1&group=month&service=Checkout")
        .await
        .json();
    assert_eq!(sev1["total"]["incidents"], 3);
    let months: Vec<&str> = sev1["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-09", "2026-10"]);
}

#[tokio::test]
async fn the_page_says_what_each_figure_left_out_and_draws_labelled_charts() {
    let app = TestApp::new().await;
    october(&app).await;
    let viewer = app.as_new(Role::Viewer).await;
    let page = viewer.get("/reports?from=2026-10-01&to=2026-10-31").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text("#stat-incidents"), "4");
    assert_eq!(
        page.text("#stat-time_to_detect"),
        "15 min median time to detect (MTTD) 3 counted, 1 left out: no detected time"
    );
    assert_eq!(
        page.text("#stat-time_to_acknowledge .left-out"),
        "2 counted, 2 left out: no detected or acknowledged time"
    );
    assert_eq!(page.text("#stat-time_to_resolve .value"), "2 h");
    assert_eq!(
        page.texts("svg.chart title"),
        [
            "Incidents per week by severity",
            "2026-09-28: 0 incidents (SEV1 0, SEV2 0, SEV3 0, SEV4 0)",
            "2026-10-05: 2 incidents (SEV1 2, SEV2 0, SEV3 0, SEV4 0)",
            "2026-10-12: 1 incident (SEV1 0, SEV2 1, SEV3 0, SEV4 0)",
            "2026-10-19: 1 incident (SEV1 0, SEV2 0, SEV3 1, SEV4 0)",
            "2026-10-26: 0 incidents (SEV1 0, SEV2 0, SEV3 0, SEV4 0)",
            "Median time to resolve per week; periods with nothing resolved are gaps",
            "2026-10-05: median time to resolve 3 h",
            "2026-10-19: median time to resolve 2 h",
        ]
    );
    assert_eq!(page.html().select(&sel("svg.chart rect")).count(), 3);
    assert_eq!(
        page.texts("#trend-table tbody tr")[1],
        "2026-10-05 2 0 0 0 2 3 h"
    );
    assert_eq!(
        page.texts("#top-by-count tbody tr"),
        ["checkout 2", "search 1"]
    );
    assert_eq!(
        page.texts("#top-by-minutes tbody tr"),
        ["checkout 2 h 30 min", "search 1 h 30 min"]
    );
    assert_eq!(page.text("#missing-count"), "2");
    assert!(!page.body.contains("Secret breach"));

    // Bad input: a 400 with the reasons, and no figures.
    let bad = viewer
        .get("/reports?from=2026-10-31&to=2026-10-01&group=year&severity=SEV9")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.texts(".alert-error li"),
        [
            "The end date is before the start date.",
            "\"year\" is not week or month.",
            "\"SEV9\" is not a severity."
        ]
    );
    let api = viewer.get("/api/v1/reports?from=someday").await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.header("content-type"), "application/problem+json");
    assert_eq!(
        api.json()["errors"][0]["message"],
        "\"someday\" is not a date; use the form 2026-11-26."
    );
}

fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

#[tokio::test]
async fn the_report_downloads_in_four_formats() {
    let app = TestApp::new().await;
    october(&app).await;
    let viewer = app.as_new(Role::Viewer).await;
    let q = "from=2026-10-01&to=2026-10-31";
    let csv = viewer.get(&format!("/reports/export?format=csv&{q}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"murphy-report-2026-10-01-2026-10-31.csv\""
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "section,group,measure,value");
    for expected in [
        "response_times_by_all,All incidents,incidents,4",
        "response_times_by_all,All incidents,time_to_detect_median_seconds,900",
        "response_times_by_all,All incidents,time_to_detect_left_out,1",
        "response_times_by_severity,SEV1,time_to_resolve_p90_seconds,13680",
        "trend,2026-10-05,SEV1,2",
        "services,checkout,impact_minutes,150.0",
        "action_items,,overdue,1",
        "missing_postmortems,INC-2,title,Checkout and search down",
    ] {
        assert!(lines.contains(&expected), "{expected} in\n{}", csv.body);
    }
    assert!(!csv.body.contains("Secret breach"));

    let json = viewer
        .get(&format!("/reports/export?format=json&{q}"))
        .await;
    assert_eq!(json.json()["total"]["incidents"], 4);

    let md = viewer.get(&format!("/reports/export?format=md&{q}")).await;
    assert!(md.body.starts_with(
        "# Incident report\n\nIncidents whose impact started 2026-10-01 to 2026-10-31 (UTC)."
    ));
    assert!(
        md.body
            .contains("| All incidents | 4 | 15 min / 27 min / 16 min (1 left out) |"),
        "{}",
        md.body
    );

    let pdf = viewer.get(&format!("/reports/export?format=pdf&{q}")).await;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with("%PDF-"));
    // Read back, it says what the Markdown says.
    if let Some(text) = viewer
        .pdf_text(&format!("/reports/export?format=pdf&{q}"), "report.pdf")
        .await
    {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for said in [
            "Incident report",
            "Incidents whose impact started 2026-10-01 to 2026-10-31 (UTC).",
            "All incidents 4 15 min / 27 min / 16 min (1 left out)",
            "INC-2",
            "Checkout and search down",
        ] {
            assert!(text.contains(said), "{said} in {text}");
        }
        assert!(!text.contains("Secret breach"), "{text}");
    }

    let bad = viewer.get(&format!("/reports/export?format=xls&{q}")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn error_budgets_count_overlaps_once_and_weigh_partial_impact() {
    let app = TestApp::new().await;
    // 99 % over one day: 14.4 minutes of budget.
    let r = app
        .post_json(
            "/api/v1/services",
            &json!({"name": "payments", "slo_target": 99.0, "slo_window_days": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["slo_target"], 99.0);
    let now = time::OffsetDateTime::now_utc();
    let at = |minutes_ago: i64| {
        murphy::domain::time::rfc3339(now - time::Duration::minutes(minutes_ago))
    };
    // X: full impact 180 → 170 minutes ago. Y: 175 → 165 minutes ago.
    for (title, start, end) in [("X", 180, 170), ("Y", 175, 165)] {
        fixture(
            &app,
            title,
            "SEV2",
            &["payments"],
            "resolved",
            [
                Some(&at(start)),
                Some(&at(start)),
                Some(&at(start)),
                Some(&at(end)),
                Some(&at(end)),
            ],
            false,
        )
        .await;
    }
    let service_id: String = sqlx::query_scalar("SELECT id::text FROM service")
        .fetch_one(&app.db)
        .await
        .unwrap();
    // Y was partial: set through the incident page.
    let r = app
        .post_form(
            &format!("/incidents/2/services/{service_id}/impact"),
            &[("impact", "partial")],
        )
        .await;
    let page = app.follow(&r).await;
    assert_eq!(page.text(".flash"), "Impact set to partial (counts half).");
    assert_eq!(
        page.text("#budget-h + .budget-list li"),
        "payments : 5 min of impact (partial, counted at half). Spent 34.7 % of its error budget (99 % over 1 day) Impact on payments Full outage Partial (counts half) Set impact"
    );
    assert!(page.texts(".timeline li").iter().any(|t| {
        t.contains("Impact on payments changed from full outage to partial (counts half).")
    }));
    let bad = app
        .post_form(
            &format!("/incidents/2/services/{service_id}/impact"),
            &[("impact", "total")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // X alone: 10 of 14.4 minutes.
    let x = app.get("/incidents/1").await;
    assert!(
        x.text("#budget-h + .budget-list li")
            .contains("Spent 69.4 % of its error budget")
    );
    // Together: X full 180→170, Y partial 170→165 counts half: 10 + 2.5 = 12.5 minutes.
    let services = app.get("/services").await;
    assert_eq!(
        services.text(".budget-figure"),
        "13 % · 12 min 30 s used of 14 min 24 s"
    );
    assert_eq!(
        services.text(".sparkline title").split(", now ").nth(1),
        Some("13 %")
    );
    // A viewer who may not see a restricted incident does not see its budget either.
    fixture(
        &app,
        "Hidden",
        "SEV1",
        &["payments"],
        "resolved",
        [
            Some(&at(100)),
            Some(&at(100)),
            Some(&at(100)),
            Some(&at(99)),
            Some(&at(99)),
        ],
        true,
    )
    .await;
    let viewer = app.as_new(Role::Viewer).await;
    assert_eq!(
        viewer.get("/services").await.text(".budget-figure"),
        "13 % · 12 min 30 s used of 14 min 24 s"
    );
    assert_eq!(
        app.get("/services").await.text(".budget-figure"),
        "6 % · 13 min 30 s used of 14 min 24 s"
    );

    // The form validates the objective.
    let r = app
        .post_form(
            "/services",
            &[
                ("name", "ledger"),
                ("slo_target", "100"),
                ("slo_window_days", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("slo_target"),
        "The target is a percentage above 0 and below 100, such as 99.9."
    );
    assert_eq!(
        r.field_error("slo_window_days"),
        "Give the window in days, such as 30, or clear both."
    );
    assert_eq!(app.count("service").await, 1);
    let r = app
        .send_json(
            Method::POST,
            "/api/v1/services",
            &json!({"name": "ledger", "slo_target": 99.9}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_incident_list_exports_stream_with_filters_and_guard_formulas() {
    let app = TestApp::new().await;
    for title in [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+SUM(1,2)",
        "Plain | piped, \"quoted\"",
    ] {
        app.incident(json!({"title": title, "kind": "outage", "severity": "SEV3"}))
            .await;
    }
    app.incident(json!({"title": "Breach", "kind": "security", "severity": "SEV1"}))
        .await;
    // Enough rows to span several chunks of the stream.
    sqlx::query(
        "INSERT INTO incident (id, title, kind, severity, source, impact_started_at)
         SELECT gen_random_uuid(), 'Bulk ' || g, 'other', 'SEV4', 'api',
                '2026-01-01'::timestamptz + g * interval '1 minute'
         FROM generate_series(1, 2000) g",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let viewer = app.as_new(Role::Viewer).await;

    let csv = viewer.get("/incidents/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.header("content-disposition")
            .starts_with("attachment; filename=\"murphy-incidents-")
    );
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 2003, "header + every visible incident");
    assert!(lines[0].starts_with("reference,title,severity,status,kind,services,source"));
    assert!(lines.iter().any(|l| l.starts_with(
        "INC-1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",SEV3,investigating,outage,"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("INC-2,\"'+SUM(1,2)\",SEV3,"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("INC-3,\"Plain | piped, \"\"quoted\"\"\","))
    );
    assert!(
        !csv.body.contains("Breach"),
        "restricted incidents stay out"
    );
    assert!(
        app.get("/incidents/export?format=csv")
            .await
            .body
            .contains("Breach")
    );

    // The list's filters apply.
    let filtered = viewer
        .get("/incidents/export?format=json&severity=SEV3&q=quoted")
        .await;
    let items = filtered.json();
    assert_eq!(items.as_array().unwrap().len(), 1);
    assert_eq!(items[0]["reference"], "INC-3");
    assert_eq!(items[0]["title"], "Plain | piped, \"quoted\"");

    let all = viewer.get("/incidents/export?format=json").await.json();
    assert_eq!(all.as_array().unwrap().len(), 2003);

    // The CSV streams: it arrives in many bounded pieces, none holding much more than a
    // chunk (64 KiB), so however many rows there are Murphy holds only a few chunks.
    let response = viewer
        .router
        .clone()
        .oneshot(
            axum::http::Request::get("/incidents/export?format=csv")
                .header(
                    "cookie",
                    format!("murphy_session={}", viewer.who.as_ref().unwrap().session),
                )
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let mut body = response.into_body();
    let mut frames = Vec::new();
    while let Some(frame) = http_body_util::BodyExt::frame(&mut body).await {
        frames.push(frame.unwrap().into_data().unwrap().len());
    }
    let total: usize = frames.iter().sum();
    assert_eq!(total, csv.body.len());
    assert!(frames.len() >= 4, "{frames:?}");
    assert!(frames.iter().all(|n| *n <= 66 * 1024), "{frames:?}");

    let md = viewer
        .get("/incidents/export?format=md&severity=SEV3")
        .await;
    assert!(
        md.body
            .starts_with("# Incidents\n\nIncidents matching severity SEV3, newest first.")
    );
    assert!(
        md.body
            .contains("| INC-3 | Plain \\| piped, \"quoted\" | SEV3 |")
    );
    assert!(md.body.ends_with("\n3 incidents.\n"));

    let pdf = viewer
        .get("/incidents/export?format=pdf&severity=SEV3")
        .await;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    if let Some(text) = viewer
        .pdf_text(
            "/incidents/export?format=pdf&severity=SEV3",
            "incidents.pdf",
        )
        .await
    {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.starts_with("Incidents Incidents matching severity SEV3, newest first."),
            "{text}"
        );
        for said in [
            "INC-3 Plain | piped, \"quoted\"",
            "INC-2 +SUM(1,2)",
            "INC-1 =HYPERLINK(",
            "SEV3 · Investigating · Outage",
        ] {
            assert!(text.contains(said), "{said} in {text}");
        }
        assert!(!text.contains("Bulk"), "only SEV3: {text}");
    }

    let bad = viewer
        .get("/incidents/export?format=csv&from=yesterday")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The list page links each format with its filters.
    let page = viewer.get("/incidents?severity=SEV3").await;
    assert_eq!(
        page.attr(".export-links a[href*='format=csv']", "href")
            .as_deref(),
        Some("/incidents/export?format=csv&severity=SEV3")
    );
}
