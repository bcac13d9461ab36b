//! The change feed, `GET /api/v1/events`: everything in order, nothing passed over, the
//! visibility rule kept, and long-polling.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;
use murphy::domain::person::Role;

/// The feed at `url` once `done` holds for it. A change shows once every transaction
/// older than it has ended on the whole PostgreSQL cluster, where other tests hold
/// transactions open: it may take a moment.
async fn feed_until(app: &TestApp, url: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let page = app.get(url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page = page.json();
        if done(&page) || std::time::Instant::now() > deadline {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn has(page: &Value, test: impl Fn(&Value) -> bool) -> bool {
    page["events"].as_array().unwrap().iter().any(test)
}

fn kinds(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["source"].as_str().unwrap(),
                e["kind"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn the_feed_lists_changes_in_order_and_reads_on_from_its_cursor() {
    let app = TestApp::new().await;
    let start = app.get("/api/v1/events?after=latest").await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    let start = start.json();
    assert_eq!(start["events"], json!([]));
    let cursor = start["cursor"].as_str().unwrap().to_owned();

    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    app.post_json(
        "/api/v1/incidents/1/timeline",
        &json!({"body": "Rolled back the deploy."}),
    )
    .await;
    app.post_json("/api/v1/incidents/1/status", &json!({"status": "resolved"}))
        .await;

    let page = feed_until(&app, &format!("/api/v1/events?after={cursor}"), |p| {
        has(p, |e| e["kind"] == "note") && has(p, |e| e["kind"] == "milestone")
    })
    .await;
    let seen = kinds(&page);
    let note = seen.iter().position(|k| k == "timeline:note").unwrap();
    let resolved = seen
        .iter()
        .position(|k| k == "audit:incident.status")
        .unwrap();
    assert!(
        seen[0].starts_with("audit:incident.create") || seen[0].starts_with("timeline:"),
        "{seen:?}"
    );
    assert!(note < resolved, "{seen:?}");
    let note = &page["events"][note];
    assert_eq!(note["incident"], 1);
    assert_eq!(note["summary"], "Rolled back the deploy.");
    assert_eq!(note["actor"], "Ada Admin");
    assert_eq!(note["change"], "created");
    assert_eq!(page["more"], false);
    let last = page["events"].as_array().unwrap().last().unwrap()["cursor"].clone();
    assert_eq!(page["cursor"], last);

    // Reading on from the cursor: nothing new; small pages say there is more.
    let next = app.get(page["next"].as_str().unwrap()).await.json();
    assert_eq!(next["events"], json!([]));
    assert_eq!(next["cursor"], page["cursor"]);
    let small = app
        .get(&format!("/api/v1/events?after={cursor}&limit=2"))
        .await
        .json();
    assert_eq!(small["events"].as_array().unwrap().len(), 2);
    assert_eq!(small["more"], true);
    let mut paged = kinds(&small);
    let mut at = small;
    while at["more"] == true {
        at = app.get(at["next"].as_str().unwrap()).await.json();
        assert!(at["events"].as_array().unwrap().len() <= 2);
        paged.extend(kinds(&at));
    }
    assert_eq!(paged, seen);

    // A corrected note shows as edited.
    let entry_id = note["entity_id"].as_str().unwrap();
    let version: i32 = sqlx::query_scalar("SELECT version FROM timeline_entry WHERE id = $1::uuid")
        .bind(entry_id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/incidents/1/timeline/{entry_id}"),
            &[
                ("body", "Rolled back the deploy at 10:02."),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let edited = feed_until(&app, page["next"].as_str().unwrap(), |p| {
        has(p, |e| e["change"] == "edited")
    })
    .await;
    assert!(
        edited["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["change"] == "edited" && e["summary"] == "Rolled back the deploy at 10:02."),
        "{edited}"
    );

    let bad = app
        .get("/api/v1/events?after=yesterday&wait=31&limit=0")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<String> = bad.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["after", "limit", "wait"]);
}

#[tokio::test]
async fn a_change_committed_late_is_not_passed_over() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let cursor = app.get("/api/v1/events?after=latest").await.json()["cursor"].clone();

    // A transaction that started first and is still open holds the feed back...
    let mut early = app.db.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO audit_event (id, actor, action, entity, entity_id, summary)
         VALUES (gen_random_uuid(), 'Ops script', 'runbook.create', 'runbook', 'r1',
                 'Written first, committed last.')",
    )
    .execute(&mut *early)
    .await
    .unwrap();
    let r = app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "Written second, committed first."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = format!("/api/v1/events?after={}", cursor.as_str().unwrap());
    let ours = |e: &Value| e["kind"] == "note" || e["kind"] == "runbook.create";
    let held = app.get(&url).await.json();
    assert!(!has(&held, ours), "{held}");

    // ...and once it commits, both show: the reader at `cursor` misses neither.
    early.commit().await.unwrap();
    let both = feed_until(&app, &url, |p| {
        p["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| ours(e))
            .count()
            == 2
    })
    .await;
    let summaries: Vec<&str> = both["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| ours(e))
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Written first, committed last.",
            "Written second, committed first."
        ]
    );
}

#[tokio::test]
async fn the_feed_keeps_to_what_the_caller_may_see() {
    let app = TestApp::new().await;
    let viewer = app.as_new(Role::Viewer).await;
    let cursor = app.get("/api/v1/events?after=latest").await.json()["cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV2"}))
        .await;
    app.incident(
        json!({"title": "Payroll leak", "kind": "security", "severity": "SEV1",
                        "restricted": true}),
    )
    .await;
    let r = app
        .post_form(
            "/admin/people",
            &[
                ("email", "new@example.com"),
                ("display_name", "New Person"),
                ("role", "responder"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert!(
        r.status.is_redirection() || r.status.is_success(),
        "{}",
        r.body
    );

    let incidents = |page: &Value| {
        let mut n: Vec<i64> = page["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["incident"].as_i64())
            .collect();
        n.dedup();
        n
    };
    let all = feed_until(&app, &format!("/api/v1/events?after={cursor}"), |p| {
        incidents(p) == [1, 2] && has(p, |e| e["entity"] == "person")
    })
    .await;
    assert_eq!(incidents(&all), [1, 2]);
    assert!(
        all["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["entity"] == "person"),
        "an admin sees the whole audit trail: {all}"
    );
    let theirs = viewer
        .get(&format!("/api/v1/events?after={cursor}"))
        .await
        .json();
    assert_eq!(incidents(&theirs), [1]);
    assert!(
        theirs["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["incident"] == 1),
        "{theirs}"
    );
}

#[tokio::test]
async fn a_follower_waits_for_the_next_change() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    // Start after the filing, once it shows.
    let filed = feed_until(&app, "/api/v1/events", |p| {
        has(p, |e| e["kind"] == "incident.create")
    })
    .await;
    let cursor = filed["cursor"].as_str().unwrap().to_owned();
    let follower = app.acting_as(app.who.clone());
    let waiting = tokio::spawn(async move {
        follower
            .get(&format!("/api/v1/events?after={cursor}&wait=20"))
            .await
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "it waits while nothing happens");
    app.post_json(
        "/api/v1/incidents/1/timeline",
        &json!({"body": "Payments recover."}),
    )
    .await;
    let answer = tokio::time::timeout(Duration::from_secs(15), waiting)
        .await
        .expect("the follower hears of the change before its wait ends")
        .unwrap();
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.json()["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["summary"] == "Payments recover."),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn demo_data_loaded_in_bulk_stays_out_of_the_feed() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let mut bulk = app.db.begin().await.unwrap();
    murphy::store::demo::bulk_load(&mut bulk).await.unwrap();
    sqlx::query(
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, body)
         SELECT gen_random_uuid(), id, 'note', now(), 'Demo note.' FROM incident",
    )
    .execute(&mut *bulk)
    .await
    .unwrap();
    bulk.commit().await.unwrap();
    app.post_json(
        "/api/v1/incidents/1/timeline",
        &json!({"body": "A real note."}),
    )
    .await;
    let page = feed_until(&app, "/api/v1/events", |p| {
        has(p, |e| e["summary"] == "A real note.")
    })
    .await;
    assert!(has(&page, |e| e["summary"] == "A real note."), "{page}");
    assert!(!has(&page, |e| e["summary"] == "Demo note."), "{page}");
}
