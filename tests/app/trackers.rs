//! Action items that leave Murphy: a webhook speaking GitHub's or Jira's "create an issue"
//! API files each new action item as an issue and links it back; the tracker's signed
//! webhook marks the action item done when the issue closes, and open when it reopens.
//! The trackers here are local receivers answering in the trackers' documented shapes.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::support::{TestApp, problem_fields};

/// A request the fake tracker received: its path, headers and JSON body.
type Seen = Arc<Mutex<Vec<(String, HeaderMap, Value)>>>;

/// A local tracker: GitHub's `POST /repos/{owner}/{repo}/issues` (201 with `html_url`) and
/// Jira's `POST /rest/api/2/issue` (201 with `key`).
async fn fake_tracker() -> (Seen, u16) {
    let seen: Seen = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (github, jira) = (seen.clone(), seen.clone());
    let app = axum::Router::new()
        .route(
            "/repos/acme/shop/issues",
            axum::routing::post(move |headers: HeaderMap, body: String| async move {
                let body: Value = serde_json::from_str(&body).unwrap();
                github
                    .lock()
                    .unwrap()
                    .push(("github".into(), headers, body));
                (
                    StatusCode::CREATED,
                    axum::Json(json!({"number": 42, "html_url": "https://github.com/acme/shop/issues/42",
                                      "state": "open"})),
                )
            }),
        )
        .route(
            "/rest/api/2/issue",
            axum::routing::post(move |headers: HeaderMap, body: String| async move {
                let body: Value = serde_json::from_str(&body).unwrap();
                jira.lock().unwrap().push(("jira".into(), headers, body));
                (
                    StatusCode::CREATED,
                    axum::Json(json!({"id": "10001", "key": "OPS-7",
                                      "self": "https://acme.atlassian.net/rest/api/2/issue/10001"})),
                )
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (seen, port)
}

fn hub_signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// Posts a tracker's webhook, signed with `secret` in `header`.
async fn hook(app: &TestApp, tracker: &str, header: &str, signature: &str, body: &Value) -> Value {
    let r = app
        .anonymous()
        .raw(
            Request::post(format!("/hooks/trackers/{tracker}"))
                .header("content-type", "application/json")
                .header(header, signature)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    json!({"status": r.status.as_u16(), "body": serde_json::from_str::<Value>(&r.body).unwrap_or(Value::Null)})
}

async fn action(app: &TestApp, number: i64, title: &str, tracker_url: Option<&str>) -> String {
    let mut body = json!({"title": title, "priority": "p1", "type": "detect",
                          "due_on": "2026-12-24"});
    if let Some(url) = tracker_url {
        body["tracker_url"] = json!(url);
    }
    let r = app
        .post_json(
            &format!("/api/v1/incidents/{number}/postmortem/action-items"),
            &body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn item(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/action-items/{id}")).await.json()
}

#[tokio::test]
async fn action_items_become_issues_and_close_with_them() {
    let app = TestApp::new().await;
    let (seen, port) = fake_tracker().await;

    // A tracker hears of action items alone.
    let wrong = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"name": "GitHub", "url": format!("http://127.0.0.1:{port}/repos/acme/shop/issues"),
                    "events": ["incident.created"], "format": "github", "token": "ghp_secret"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&wrong.json()), ["events"]);
    let added = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"name": "GitHub", "url": format!("http://127.0.0.1:{port}/repos/acme/shop/issues"),
                    "events": ["action_item.created"], "format": "github", "token": "ghp_secret"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert!(
        !added.body.contains("ghp_secret"),
        "the token is never shown"
    );
    let created = added.json();
    assert_eq!(created["webhook"]["has_token"], true);
    let secret = created["secret"].as_str().unwrap().to_owned();

    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    app.post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    let id = action(&app, 1, "Alert on certificate expiry", None).await;
    // Already linked by hand: no issue is made of it.
    action(
        &app,
        1,
        "Rotate the PSP key",
        Some("https://github.com/acme/shop/issues/9"),
    )
    .await;
    assert_eq!(app.count("webhook_delivery").await, 1);

    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let (_, headers, body) = &requests[0];
    assert_eq!(headers["authorization"], "Bearer ghp_secret");
    assert_eq!(body["title"], "Alert on certificate expiry");
    assert_eq!(body["labels"], json!(["murphy"]));
    let text = body["body"].as_str().unwrap();
    assert!(text.contains("INC-1 Checkout down (SEV1)"), "{text}");
    assert!(text.contains("/incidents/1/postmortem"), "{text}");
    // The issue's address comes back onto the action item.
    let linked = item(&app, &id).await;
    assert_eq!(
        linked["tracker_url"],
        "https://github.com/acme/shop/issues/42"
    );
    assert_eq!(linked["tracker_key"], "acme/shop#42");
    let page = app.get("/incidents/1/postmortem").await;
    assert!(
        page.texts("#actions .tracker-link")
            .contains(&"acme/shop#42".to_owned())
    );

    // GitHub says the issue closed: signed with the webhook's secret, the item is done.
    let closed = json!({"action": "closed", "issue": {"number": 42,
        "html_url": "https://github.com/acme/shop/issues/42", "state": "closed"},
        "repository": {"full_name": "acme/shop"}});
    let forged = hook(&app, "github", "x-hub-signature-256", "sha256=00", &closed).await;
    assert_eq!(forged["status"], 401);
    assert_eq!(item(&app, &id).await["status"], "open");
    let signature = hub_signature(&secret, closed.to_string().as_bytes());
    let r = hook(&app, "github", "x-hub-signature-256", &signature, &closed).await;
    assert_eq!(r["status"], 200, "{r}");
    assert_eq!(r["body"]["changed"], json!(["Alert on certificate expiry"]));
    assert_eq!(item(&app, &id).await["status"], "done");
    let by: String = sqlx::query_scalar(
        "SELECT actor FROM audit_event WHERE action = 'action_item.status'
         ORDER BY at DESC LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(by, "GitHub (issue webhook)");
    // Reopened: open again. Anything else (a comment) changes nothing.
    let reopened = json!({"action": "reopened", "issue": {
        "html_url": "https://github.com/acme/shop/issues/42"}});
    let signature = hub_signature(&secret, reopened.to_string().as_bytes());
    hook(&app, "github", "x-hub-signature-256", &signature, &reopened).await;
    assert_eq!(item(&app, &id).await["status"], "open");
    let comment = json!({"action": "created", "comment": {"body": "hi"}});
    let signature = hub_signature(&secret, comment.to_string().as_bytes());
    let r = hook(&app, "github", "x-hub-signature-256", &signature, &comment).await;
    assert_eq!(r["body"]["changed"], json!([]));
}

#[tokio::test]
async fn jira_issues_are_filed_in_the_project_and_close_by_status() {
    let app = TestApp::new().await;
    let (seen, port) = fake_tracker().await;
    let added = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"name": "Jira", "url": format!("http://127.0.0.1:{port}/rest/api/2/issue"),
                    "events": ["action_item.created"], "format": "jira",
                    "token": "ops@example.com:api-token", "project": "OPS"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let secret = added.json()["secret"].as_str().unwrap().to_owned();
    app.incident(json!({"title": "Ledger lag", "kind": "degradation", "severity": "SEV2"}))
        .await;
    app.post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    let id = action(&app, 1, "Alert on replica lag", None).await;
    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();
    let requests = seen.lock().unwrap().clone();
    let (_, headers, body) = &requests[0];
    // Jira Cloud's "email:API token" goes as Basic.
    assert_eq!(
        headers["authorization"],
        "Basic b3BzQGV4YW1wbGUuY29tOmFwaS10b2tlbg=="
    );
    assert_eq!(body["fields"]["project"]["key"], "OPS");
    assert_eq!(body["fields"]["summary"], "Alert on replica lag");
    assert_eq!(body["fields"]["issuetype"]["name"], "Task");
    let linked = item(&app, &id).await;
    assert_eq!(
        linked["tracker_url"],
        format!("http://127.0.0.1:{port}/browse/OPS-7")
    );
    assert_eq!(linked["tracker_key"], "OPS-7");

    let done = json!({"webhookEvent": "jira:issue_updated", "issue": {"key": "OPS-7",
        "fields": {"status": {"name": "Done", "statusCategory": {"key": "done"}}}}});
    let signature = hub_signature(&secret, done.to_string().as_bytes());
    let r = hook(&app, "jira", "x-hub-signature", &signature, &done).await;
    assert_eq!(r["status"], 200, "{r}");
    assert_eq!(item(&app, &id).await["status"], "done");
    // A key that is not a key is refused, never matched loosely.
    let odd = json!({"webhookEvent": "jira:issue_updated", "issue": {"key": "%",
        "fields": {"status": {"statusCategory": {"key": "done"}}}}});
    let signature = hub_signature(&secret, odd.to_string().as_bytes());
    assert_eq!(
        hook(&app, "jira", "x-hub-signature", &signature, &odd).await["status"],
        400
    );
    // GitLab's token must match an active GitLab webhook: there is none.
    let gitlab = json!({"object_kind": "issue", "object_attributes": {"action": "close",
        "url": "https://gitlab.example.com/a/b/-/issues/1"}});
    assert_eq!(
        hook(&app, "gitlab", "x-gitlab-token", &secret, &gitlab).await["status"],
        401
    );
}
