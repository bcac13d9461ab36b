//! Similar incidents: the same services, the same alerts, a similar title; what their
//! post-mortems learned; restricted incidents never suggested.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::TestApp;

async fn alert(app: &TestApp, number: i64, fingerprint: &str, name: &str) {
    sqlx::query(
        "INSERT INTO alert (id, incident_id, source, fingerprint, name, status, labels,
                            annotations, starts_at)
         SELECT gen_random_uuid(), id, 'alertmanager', $2, $3, 'firing', '{}', '{}', now()
         FROM incident WHERE number = $1",
    )
    .bind(number)
    .bind(fingerprint)
    .bind(name)
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn an_open_incident_shows_what_happened_before() {
    let app = TestApp::new().await;
    for s in ["checkout", "search", "auth"] {
        app.service(s).await;
    }
    let file = |title: &str, service: &str, restricted: bool| {
        json!({"title": title, "kind": "outage", "severity": "SEV2", "services": [service],
               "restricted": restricted})
    };
    app.incident(file("Checkout card payments failing", "checkout", false))
        .await;
    app.incident(file("Search index lag", "search", false))
        .await;
    app.incident(file("Login page slow", "auth", false)).await;
    app.incident(file(
        "Checkout card payments failing again",
        "checkout",
        true,
    ))
    .await;
    app.incident(file("Card payments failing at checkout", "checkout", false))
        .await;
    alert(&app, 3, "fp-1", "HighLatency").await;
    alert(&app, 5, "fp-2", "HighLatency").await;
    // The first has a published post-mortem and an action item still open.
    let doc = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await
        .json();
    app.send_json(
        Method::PUT,
        "/api/v1/incidents/1/postmortem",
        &json!({"revision": doc["revision"], "sections": {
            "summary": {"text": "The PSP certificate expired."}}}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/postmortem/action-items",
        &json!({"title": "Alert on certificate expiry", "priority": "p1", "type": "detect"}),
    )
    .await;
    sqlx::query("UPDATE postmortem SET state = 'published', published_at = now()")
        .execute(&app.db)
        .await
        .unwrap();

    let found = app.get("/api/v1/incidents/5/similar").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let found = found.json();
    let numbers: Vec<i64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["incident"].as_i64().unwrap())
        .collect();
    // The same service with a similar title and a published post-mortem first, then the
    // same alert; never the restricted one, nor the unrelated one.
    assert_eq!(numbers, [1, 3], "{found}");
    assert_eq!(found[0]["shared_services"], json!(["checkout"]));
    assert_eq!(found[0]["same_alert"], false);
    assert_eq!(found[0]["summary"], "The PSP certificate expired.");
    assert_eq!(
        found[0]["open_action_items"],
        json!(["Alert on certificate expiry"])
    );
    assert_eq!(found[1]["same_alert"], true);
    assert_eq!(found[1]["shared_services"], json!([]));

    // The incident page says it while the incident is open.
    let page = app.get("/incidents/5").await;
    assert_eq!(page.text("#similar-h"), "This happened before");
    assert_eq!(page.texts("#similar .similar-title a"), ["INC-1", "INC-3"]);
    assert_eq!(
        page.texts("#similar li:first-child .chip"),
        ["checkout", "similar title"]
    );
    assert!(
        page.text("#similar li:first-child .similar-summary")
            .contains("PSP certificate")
    );
    assert_eq!(
        page.text("#similar li:first-child .similar-actions"),
        "Still open from it: Alert on certificate expiry"
    );
    assert_eq!(page.texts("#similar li:nth-child(2) .chip"), ["same alert"]);

    // Resolved, the incident page no longer shows it; its post-mortem does.
    let r = app
        .post_json("/api/v1/incidents/5/status", &json!({"status": "resolved"}))
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let page = app.get("/incidents/5").await;
    assert!(
        page.html()
            .select(&scraper::Selector::parse("#similar").unwrap())
            .next()
            .is_none()
    );
    app.post_json("/api/v1/incidents/5/postmortem", &json!({}))
        .await;
    let pm = app.get("/incidents/5/postmortem").await;
    assert_eq!(pm.texts("#similar .similar-title a"), ["INC-1", "INC-3"]);
}
