//! The API for what admins and the status page's keepers do: people, webhooks, services,
//! runbooks, status components, maintenance and subscribers; and correcting a note.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, problem_fields as fields};
use murphy::domain::person::Role;

#[tokio::test]
async fn admins_manage_people_through_the_api() {
    let app = TestApp::new().await;
    let bad = app
        .post_json(
            "/api/v1/people",
            &json!({"email": "nope", "display_name": "", "role": "boss", "password": "short"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(
        fields(&bad.json()),
        ["display_name", "email", "password", "role"]
    );
    let added = app
        .post_json(
            "/api/v1/people",
            &json!({"email": "grace@example.com", "display_name": "Grace Hopper",
                    "role": "responder", "password": "a long enough password"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let grace = added.json();
    assert_eq!(grace["role"], "responder");
    assert_eq!(grace["active"], true);
    let path = format!("/api/v1/people/{}", grace["id"].as_str().unwrap());

    let changed = app
        .send_json(Method::PATCH, &path, &json!({"role": "admin"}))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.json()["role"], "admin");
    let off = app
        .send_json(Method::PATCH, &path, &json!({"active": false}))
        .await;
    assert_eq!(off.json()["active"], false);
    let list = app.get("/api/v1/people").await.json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|p| p["email"] == "grace@example.com" && p["active"] == false)
    );

    // Nobody deactivates themselves; the last admin stays one.
    let me = app.who.as_ref().unwrap().person.id;
    let own = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/people/{me}"),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    let last = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/people/{me}"),
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT, "{}", last.body);
    assert!(
        last.json()["detail"]
            .as_str()
            .unwrap()
            .contains("last active admin")
    );

    // Only admins.
    let responder = app.as_new(Role::Responder).await;
    assert_eq!(
        responder.get("/api/v1/people").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn admins_manage_webhooks_through_the_api() {
    let app = TestApp::new().await;
    let (receiver, port) = crate::webhooks::Receiver::start(&[]).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let bad = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"name": "", "url": "ftp://x", "events": ["incident.exploded"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(fields(&bad.json()), ["events", "name", "url"]);

    let created = app
        .post_json(
            "/api/v1/webhooks",
            &json!({"name": "Chat", "url": url, "events": ["incident.created"], "format": "slack"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let created = created.json();
    assert!(created["secret"].as_str().unwrap().starts_with("whsec_"));
    let hook = &created["webhook"];
    assert_eq!(hook["format"], "slack");
    let path = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());

    let edited = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": hook["version"], "name": "Incident chat"}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.json()["name"], "Incident chat");
    let stale = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": hook["version"], "name": "Mine"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["current"]["name"], "Incident chat");

    // A test ping is queued and delivered; the webhook shows it with its attempt.
    let r = app.post_json(&format!("{path}/test"), &json!({})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();
    assert_eq!(receiver.seen().len(), 1);
    let shown = app.get(&path).await.json();
    assert_eq!(shown["deliveries"][0]["event"], "ping");
    assert_eq!(shown["deliveries"][0]["state"], "delivered");
    assert_eq!(shown["deliveries"][0]["attempts"][0]["status_code"], 200);
    assert!(
        !shown.to_string().contains("whsec_"),
        "the secret is shown once"
    );

    let gone = app.send_json(Method::DELETE, &path, &json!(null)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn services_runbooks_and_notes_change_through_the_api() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let listed = app.get("/api/v1/services").await.json();
    let version = listed[0]["version"].clone();
    let edited = app
        .send_json(
            Method::PATCH,
            "/api/v1/services/Checkout",
            &json!({"version": version, "slo_target": 99.9, "slo_window_days": 28}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.json()["slo_target"], 99.9);
    assert_eq!(edited.json()["name"], "checkout");
    let stale = app
        .send_json(
            Method::PATCH,
            "/api/v1/services/checkout",
            &json!({"version": version, "description": "Mine"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let no_objective = app
        .send_json(
            Method::PATCH,
            "/api/v1/services/checkout",
            &json!({"version": edited.json()["version"], "slo_target": null, "slo_window_days": null}),
        )
        .await;
    assert_eq!(no_objective.status, StatusCode::OK, "{}", no_objective.body);
    assert_eq!(no_objective.json()["slo_target"], Value::Null);

    // A service incidents name stays; an unused one goes.
    app.incident(
        json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1",
                        "services": ["checkout"]}),
    )
    .await;
    let kept = app
        .send_json(Method::DELETE, "/api/v1/services/checkout", &json!(null))
        .await;
    assert_eq!(kept.status, StatusCode::CONFLICT);
    app.service("unused").await;
    let gone = app
        .send_json(Method::DELETE, "/api/v1/services/unused", &json!(null))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);

    // Runbooks, read.
    app.post_form(
        "/admin/runbooks",
        &[
            ("title", "Checkout"),
            ("service", "checkout"),
            ("steps", "1. Fail over the PSP\n2. Tell support"),
        ],
    )
    .await;
    let runbooks = app.get("/api/v1/runbooks").await.json();
    assert_eq!(runbooks[0]["title"], "Checkout");
    assert_eq!(runbooks[0]["service"], "checkout");
    assert_eq!(
        runbooks[0]["steps"],
        json!(["Fail over the PSP", "Tell support"])
    );
    let one = app
        .get(&format!(
            "/api/v1/runbooks/{}",
            runbooks[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one.status, StatusCode::OK);

    // A note corrected with its version; someone else's, or a system entry, is refused.
    let note = app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "Rolled back."}),
        )
        .await
        .json();
    let path = format!(
        "/api/v1/incidents/1/timeline/{}",
        note["id"].as_str().unwrap()
    );
    let fixed = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": note["version"], "body": "Rolled back the 10:02 deploy.", "highlight": true}),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.json()["body"], "Rolled back the 10:02 deploy.");
    assert_eq!(fixed.json()["highlighted"], true);
    let stale = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": note["version"], "body": "Mine"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        stale.json()["current"]["body"],
        "Rolled back the 10:02 deploy."
    );
    let other = app.as_new(Role::Responder).await;
    let theirs = other
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": fixed.json()["version"], "body": "x"}),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_status_page_is_kept_through_the_api() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let shown = app
        .send_json(
            Method::PUT,
            "/api/v1/status/components/checkout",
            &json!({"public_name": "Checkout", "group": "Shop", "position": 1}),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let components = shown.json();
    assert_eq!(components[0]["service"], "checkout");
    assert_eq!(components[0]["public_name"], "Checkout");
    assert_eq!(components[0]["state_set_by_hand"], Value::Null);
    let again = app
        .send_json(
            Method::PUT,
            "/api/v1/status/components/checkout",
            &json!({"public_name": "Checkout 2"}),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "shown already: send its version"
    );
    assert_eq!(again.json()["current"]["public_name"], "Checkout");
    let relabelled = app
        .send_json(
            Method::PUT,
            "/api/v1/status/components/checkout",
            &json!({"public_name": "Checkout 2", "version": again.json()["current"]["version"]}),
        )
        .await;
    assert_eq!(relabelled.status, StatusCode::OK, "{}", relabelled.body);
    assert_eq!(relabelled.json()[0]["public_name"], "Checkout 2");
    let bad = app
        .post_json(
            "/api/v1/status/components/checkout/state",
            &json!({"state": "on_fire"}),
        )
        .await;
    assert_eq!(fields(&bad.json()), ["state"]);
    let set = app
        .post_json(
            "/api/v1/status/components/checkout/state",
            &json!({"state": "partial_outage"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.json()[0]["state_set_by_hand"], "partial_outage");
    let public = app.anonymous().get("/status").await;
    assert!(public.body.contains("Partial outage"), "the public sees it");
    let responder = app.as_new(Role::Responder).await;
    assert_eq!(
        responder
            .send_json(
                Method::DELETE,
                "/api/v1/status/components/checkout",
                &json!(null)
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Maintenance: scheduled, changed with its version, ended.
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    let at = |h: i64| murphy::domain::time::rfc3339(now + time::Duration::hours(h));
    let bad = responder
        .post_json(
            "/api/v1/maintenance",
            &json!({"title": "", "starts_at": "tomorrow", "ends_at": at(1), "services": []}),
        )
        .await;
    assert_eq!(
        fields(&bad.json()),
        ["services", "starts_at", "title"],
        "{}",
        bad.body
    );
    let scheduled = responder
        .post_json(
            "/api/v1/maintenance",
            &json!({"title": "Database upgrade", "starts_at": at(2), "ends_at": at(3),
                    "services": ["search"]}),
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.body);
    let window = scheduled.json();
    assert_eq!(window["state"], "scheduled");
    assert_eq!(window["services"], json!(["search"]));
    let path = format!("/api/v1/maintenance/{}", window["id"].as_str().unwrap());
    let moved = responder
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": window["version"], "ends_at": at(4)}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["ends_at"], at(4));
    let stale = responder
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": window["version"], "title": "Mine"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let ended = responder
        .post_json(&format!("{path}/end"), &json!({}))
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(ended.json()["state"], "cancelled");
    assert_eq!(
        responder.get("/api/v1/maintenance").await.json()[0]["id"],
        window["id"]
    );

    // Subscribers: listed in pages without their private links, and removed.
    for n in 0..3 {
        sqlx::query(
            "INSERT INTO status_subscriber (id, kind, address, token, confirmed_at)
             VALUES (gen_random_uuid(), 'email', $1, $2, now())",
        )
        .bind(format!("reader{n}@example.com"))
        .bind(format!("{n}-secret-token-of-at-least-thirty-two-chars"))
        .execute(&app.db)
        .await
        .unwrap();
    }
    let page = app.get("/api/v1/subscribers?limit=2").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = page.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert!(!page.to_string().contains("secret-token"));
    let rest = app.get(page["next"].as_str().unwrap()).await.json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next"], Value::Null);
    let id = rest["items"][0]["id"].as_str().unwrap();
    let removed = app
        .send_json(
            Method::DELETE,
            &format!("/api/v1/subscribers/{id}"),
            &json!(null),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("status_subscriber").await, 2);
}

#[tokio::test]
async fn a_services_impact_is_set_through_the_api() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.incident(
        json!({"title": "Checkout is slow", "kind": "degradation", "severity": "SEV3",
                        "services": ["checkout"]}),
    )
    .await;
    let bad = app
        .post_json(
            "/api/v1/incidents/1/impact",
            &json!({"service": "search", "impact": "most"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&bad.json()), ["impact", "service"]);
    for impact in ["partial", "partial", "full"] {
        let r = app
            .post_json(
                "/api/v1/incidents/1/impact",
                &json!({"service": "Checkout", "impact": impact}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let timeline = app.get("/api/v1/incidents/1/timeline").await.json();
    let changes: Vec<&str> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["body"].as_str())
        .filter(|b| b.starts_with("Impact on checkout"))
        .collect();
    assert_eq!(
        changes.len(),
        2,
        "asking twice changes nothing: {changes:?}"
    );
}
