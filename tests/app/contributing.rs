//! Contributing factors and triggers: the admin's lists, tagging post-mortems (page and
//! API), the report that adds up impact behind each, the search's filter, and exports.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::json;

use crate::support::{TestApp, problem_fields};

/// Files an incident whose impact started at `started` and was mitigated `minutes` later,
/// and starts its post-mortem.
async fn with_postmortem(app: &TestApp, title: &str, started: &str, minutes: i64) -> i64 {
    let created = app
        .incident(json!({"title": title, "kind": "outage", "severity": "SEV2",
                         "impact_started_at": started}))
        .await;
    let number = created["number"].as_i64().unwrap();
    sqlx::query(
        "UPDATE incident SET status = 'resolved',
                detected_at = impact_started_at + interval '4 minutes',
                mitigated_at = impact_started_at + make_interval(mins => $2),
                resolved_at = impact_started_at + make_interval(mins => $2) + interval '1 hour'
         WHERE number = $1",
    )
    .bind(number)
    .bind(minutes as i32)
    .execute(&app.db)
    .await
    .unwrap();
    let r = app
        .post_json(
            &format!("/api/v1/incidents/{number}/postmortem"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    number
}

/// Tags a post-mortem through the API with factors and triggers by name.
async fn classify(app: &TestApp, number: i64, factors: &[&str], triggers: &[&str], by: &str) {
    let doc = app
        .get(&format!("/api/v1/incidents/{number}/postmortem"))
        .await
        .json();
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/incidents/{number}/postmortem/classification"),
            &json!({"version": doc["classification_version"], "factors": factors,
                    "triggers": triggers, "detection": by}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// A factor's or trigger's id by name.
async fn tag_id(app: &TestApp, kind: &str, name: &str) -> String {
    let list = app.get(&format!("/api/v1/{kind}")).await.json();
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no {kind} {name} in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The rows of a report table: (name, incidents, impact as shown).
fn table(page: &crate::support::TestResponse, id: &str) -> Vec<(String, String, String)> {
    let html = page.html();
    let rows = scraper::Selector::parse(&format!("#{id} tbody tr")).unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    html.select(&rows)
        .map(|r| {
            let cells: Vec<String> = r
                .select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_owned())
                .collect();
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

#[tokio::test]
async fn the_report_says_which_factors_cost_the_most_impact() {
    let app = TestApp::new().await;
    // 30 + 90 minutes behind "Capacity limit", 90 behind "Monitoring gap", 200 behind
    // "Software defect"; a fourth incident outside the period counts for nothing.
    let a = with_postmortem(&app, "Queue full", "2026-10-05T10:00:00Z", 30).await;
    let b = with_postmortem(&app, "Pool exhausted", "2026-10-20T10:00:00Z", 90).await;
    let c = with_postmortem(&app, "Bad release", "2026-11-02T10:00:00Z", 200).await;
    let d = with_postmortem(&app, "Old one", "2025-01-02T10:00:00Z", 600).await;
    classify(&app, a, &["Capacity limit"], &["Traffic surge"], "alert").await;
    classify(
        &app,
        b,
        &["capacity LIMIT", "Monitoring gap"],
        &["Traffic surge"],
        "customer",
    )
    .await;
    classify(&app, c, &["Software defect"], &["Deployment"], "customer").await;
    classify(&app, d, &["Capacity limit"], &["Deployment"], "alert").await;

    let page = app
        .get("/reports?from=2026-10-01&to=2026-11-30&group=month")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        table(&page, "by-factor"),
        [
            ("Software defect".into(), "1".into(), "3 h 20 min".into()),
            ("Capacity limit".into(), "2".into(), "2 h".into()),
            ("Monitoring gap".into(), "1".into(), "1 h 30 min".into()),
        ]
    );
    assert_eq!(
        table(&page, "by-trigger"),
        [
            ("Deployment".into(), "1".into(), "3 h 20 min".into()),
            ("Traffic surge".into(), "2".into(), "2 h".into()),
        ]
    );
    // Customers found two of the three, four minutes after impact started, as monitoring did.
    assert_eq!(
        table(&page, "by-detection"),
        [
            ("A customer".into(), "2".into(), "4 min".into()),
            (
                "An alert from monitoring".into(),
                "1".into(),
                "4 min".into()
            ),
        ]
    );
    // The chart draws the factors per month, the legend names them in order.
    assert_eq!(
        page.texts("#learning .legend li"),
        ["Software defect", "Capacity limit", "Monitoring gap"]
    );
    // October: capacity and monitoring; November: the defect.
    assert_eq!(page.html().select(&sel("#learning svg rect")).count(), 3);
    // Each factor leads to the post-mortems tagged with it.
    let link = page
        .attr("#by-factor tbody tr:nth-child(2) a", "href")
        .unwrap();
    assert!(link.starts_with("/postmortems?tag="), "{link}");

    // The JSON report holds the same figures, per period too.
    let r = app
        .get("/api/v1/reports?from=2026-10-01&to=2026-11-30&group=month")
        .await
        .json();
    let capacity = r["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Capacity limit")
        .unwrap();
    assert_eq!(capacity["kind"], "factor");
    assert_eq!(capacity["incidents"], 2);
    assert_eq!(capacity["impact_minutes"], 120.0);
    assert_eq!(
        capacity["periods"],
        json!([{"start": "2026-10-01", "incidents": 2, "impact_minutes": 120.0}])
    );
    // And the Markdown download.
    let md = app
        .get("/reports/export?format=md&from=2026-10-01&to=2026-11-30")
        .await
        .body;
    assert!(md.contains("| Software defect | 1 | 200 |"), "{md}");
    assert!(md.contains("| Capacity limit | 2 | 120 |"), "{md}");
}

fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

#[tokio::test]
async fn the_post_mortem_page_tags_and_keeps_choices_on_a_conflict() {
    let app = TestApp::new().await;
    let n = with_postmortem(&app, "Checkout down", "2026-10-05T10:00:00Z", 30).await;
    let capacity = tag_id(&app, "factors", "Capacity limit").await;
    let drift = tag_id(&app, "factors", "Configuration drift").await;
    let deploy = tag_id(&app, "triggers", "Deployment").await;

    let page = app.get(&format!("/incidents/{n}/postmortem")).await;
    assert_eq!(page.text("#factors"), "None chosen yet");
    assert_eq!(page.text("#detection"), "Not said yet");
    let version = page
        .attr("#classification input[name=version]", "value")
        .unwrap();

    let path = format!("/incidents/{n}/postmortem/classification");
    let saved = app
        .post_form(
            &path,
            &[
                ("version", &version),
                ("tag", &capacity),
                ("tag", &deploy),
                ("detection", "employee"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = app.follow(&saved).await;
    assert_eq!(page.texts("#factors .chip"), ["Capacity limit"]);
    assert_eq!(page.texts("#triggers .chip"), ["Deployment"]);
    assert_eq!(page.text("#detection"), "Someone in the company");
    assert!(
        page.text(".flash").contains("saved"),
        "{}",
        page.text(".flash")
    );

    // A second editor on the version first read: 409, nothing written, their choices kept.
    let stale = app
        .post_form(
            &path,
            &[
                ("version", &version),
                ("tag", &drift),
                ("detection", "customer"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .text("#classification .alert")
            .contains("Someone else")
    );
    let ticked: Vec<String> = stale
        .html()
        .select(&sel("#classification input[name=tag][checked]"))
        .map(|e| e.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(ticked, std::slice::from_ref(&drift));
    assert_eq!(
        stale.attr("#classification input[name=detection][checked]", "value"),
        Some("customer".into())
    );
    let page = app.get(&format!("/incidents/{n}/postmortem")).await;
    assert_eq!(page.texts("#factors .chip"), ["Capacity limit"]);

    // Nonsense is refused with a message, and nothing changes.
    let current = page
        .attr("#classification input[name=version]", "value")
        .unwrap();
    let bad = app
        .post_form(
            &path,
            &[
                ("version", &current),
                ("tag", "nope"),
                ("detection", "pager"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text("#tags-error").contains("\"nope\""));
    assert!(bad.text("#detection-error").contains("\"pager\""));

    // A retired factor stays where it was and cannot be newly chosen.
    sqlx::query("UPDATE learning_tag SET retired = true WHERE name = 'Configuration drift'")
        .execute(&app.db)
        .await
        .unwrap();
    let retired = app
        .post_form(&path, &[("version", &current), ("tag", &drift)])
        .await;
    assert_eq!(retired.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        retired.text("#tags-error").contains("retired"),
        "{}",
        retired.text("#tags-error")
    );
    let page = app.get(&format!("/incidents/{n}/postmortem")).await;
    assert!(
        !page.body.contains(&drift),
        "a retired factor is not offered"
    );

    // The exports carry the classification.
    let md = app.get(&format!("/incidents/{n}/postmortem.md")).await.body;
    assert!(
        md.contains("- Contributing factors: Capacity limit\n"),
        "{md}"
    );
    assert!(
        md.contains("- Detected by: Someone in the company\n"),
        "{md}"
    );
    let doc = app
        .get(&format!("/incidents/{n}/postmortem.json"))
        .await
        .json();
    assert_eq!(doc["factors"], json!(["Capacity limit"]));
    assert_eq!(doc["triggers"], json!(["Deployment"]));
    assert_eq!(doc["detection"], "employee");

    // Viewers see the tags but get no form.
    let viewer = app.as_new(Role::Viewer).await;
    let page = viewer.get(&format!("/incidents/{n}/postmortem")).await;
    assert_eq!(page.texts("#factors .chip"), ["Capacity limit"]);
    assert!(
        page.html()
            .select(&sel("#classification form"))
            .next()
            .is_none()
    );
    let refused = viewer
        .post_form(&path, &[("version", &current), ("tag", &capacity)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_tags_by_name_and_refuses_what_it_does_not_know() {
    let app = TestApp::new().await;
    let n = with_postmortem(&app, "Checkout down", "2026-10-05T10:00:00Z", 30).await;
    let path = format!("/api/v1/incidents/{n}/postmortem/classification");
    let r = app
        .send_json(
            Method::PUT,
            &path,
            &json!({"version": 1, "factors": ["Gremlins"], "triggers": ["Capacity limit"],
                    "detection": "pager"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        problem_fields(&r.json()),
        ["detection", "factors", "triggers"]
    );
    let ok = app
        .send_json(
            Method::PUT,
            &path,
            &json!({"version": 1, "factors": ["Dependency failure"], "detection": null}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["factors"], json!(["Dependency failure"]));
    assert_eq!(ok.json()["classification_version"], 2);
    let stale = app
        .send_json(Method::PUT, &path, &json!({"version": 1, "factors": []}))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["current"]["factors"],
        json!(["Dependency failure"])
    );

    // Admins keep the lists; a responder may read them and nothing more.
    let added = app
        .post_json(
            "/api/v1/factors",
            &json!({"name": "Alert fatigue", "description": "Too many pages to notice the real one."}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let id = added.json()["id"].as_str().unwrap().to_owned();
    let dup = app
        .post_json("/api/v1/factors", &json!({"name": "alert FATIGUE"}))
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&dup.json()), ["name"]);
    let retired = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/factors/{id}"),
            &json!({"version": 1, "retired": true}),
        )
        .await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
    assert_eq!(retired.json()["retired"], true);
    let stale = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/factors/{id}"),
            &json!({"version": 1, "name": "Pager fatigue"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // A factor is not a trigger.
    let wrong = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/triggers/{id}"),
            &json!({"version": 2, "name": "x"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    let responder = app.as_new(Role::Responder).await;
    let listed = responder.get("/api/v1/triggers").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.json().as_array().unwrap().len() >= 8);
    let refused = responder
        .post_json("/api/v1/triggers", &json!({"name": "Solar flare"}))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action LIKE 'learning_tag.%'
            OR action = 'postmortem.classify'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(audit, 3, "added, retired, one classification");
}

#[tokio::test]
async fn admins_keep_the_lists_on_a_page() {
    let app = TestApp::new().await;
    let page = app.get("/admin/learning").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts("#factors li strong")
            .contains(&"Monitoring gap".to_owned())
    );
    assert!(
        page.texts("#triggers li strong")
            .contains(&"Deployment".to_owned())
    );

    let empty = app
        .post_form("/admin/learning", &[("kind", "trigger"), ("name", " ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.field_error("trigger-name"), "Name is required.");
    let dup = app
        .post_form(
            "/admin/learning",
            &[
                ("kind", "trigger"),
                ("name", "deployment"),
                ("description", "kept"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.field_error("trigger-name").contains("already"));
    assert_eq!(
        dup.attr("#trigger-description", "maxlength"),
        Some("500".into())
    );
    assert_eq!(dup.text("#trigger-description"), "kept");
    let added = app
        .post_form(
            "/admin/learning",
            &[
                ("kind", "trigger"),
                ("name", "Leap second"),
                ("description", "Time jumped."),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let page = app.follow(&added).await;
    assert!(
        page.texts("#triggers li strong")
            .contains(&"Leap second".to_owned())
    );

    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM learning_tag WHERE name = 'Leap second'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let edit = app.get(&format!("/admin/learning/{id}/edit")).await;
    assert_eq!(edit.attr("#name", "value"), Some("Leap second".into()));
    let saved = app
        .post_form(
            &format!("/admin/learning/{id}"),
            &[("version", "1"), ("name", "Leap second"), ("retired", "on")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let stale = app
        .post_form(
            &format!("/admin/learning/{id}"),
            &[("version", "1"), ("name", "Leap smear")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.attr("#name", "value"), Some("Leap smear".into()));
    let page = app.get("/admin/learning").await;
    assert!(
        page.texts("#triggers li.retired strong")
            .contains(&"Leap second".to_owned())
    );

    let responder = app.as_new(Role::Responder).await;
    assert_eq!(
        responder.get("/admin/learning").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_search_filters_by_factor_and_finds_factor_names() {
    let app = TestApp::new().await;
    let a = with_postmortem(&app, "Queue full", "2026-10-05T10:00:00Z", 30).await;
    let b = with_postmortem(&app, "Pool exhausted", "2026-10-20T10:00:00Z", 90).await;
    classify(&app, a, &["Single point of failure"], &[], "alert").await;
    classify(&app, b, &["Capacity limit"], &[], "alert").await;
    sqlx::query("UPDATE postmortem SET state = 'published', published_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    let spof = tag_id(&app, "factors", "Single point of failure").await;
    let found = app.get(&format!("/api/v1/postmortems?tag={spof}")).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let found = found.json();
    let numbers: Vec<i64> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["incident"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [a]);
    assert_eq!(
        found["items"][0]["tags"],
        json!(["Single point of failure"])
    );
    // The factor's name is searched too, though no section says it.
    let by_name = app
        .get("/api/v1/postmortems?q=redundancy%20OR%20capacity")
        .await
        .json();
    let numbers: Vec<i64> = by_name["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["incident"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [b], "{by_name}");
    // The page offers the filter and shows the tags.
    let page = app.get(&format!("/postmortems?tag={spof}")).await;
    assert_eq!(
        page.attr("select[name=tag] option[selected]", "value"),
        Some(spof.clone())
    );
    assert_eq!(
        page.texts(".learned-item .chip"),
        ["Single point of failure"]
    );
    let bad = app.get("/api/v1/postmortems?tag=nope").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&bad.json()), ["tag"]);
}
