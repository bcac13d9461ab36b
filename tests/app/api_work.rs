//! The API for the work of a response and after it: tasks, post-mortems (the whole review
//! workflow) and action items, with the pages' rules.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{TestApp, problem_fields as fields};
use murphy::domain::person::Role;
use murphy::domain::postmortem::Template;

async fn resolved_incident(app: &TestApp) {
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let r = app
        .post_json("/api/v1/incidents/1/status", &json!({"status": "resolved"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn tasks_are_added_given_and_ticked_off() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let rita = app.as_new(Role::Responder).await;
    let rita_email = rita_email(&rita);

    let bad = app
        .post_json(
            "/api/v1/incidents/1/tasks",
            &json!({"title": "", "assignee": "nobody@example.com"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(fields(&bad.json()), ["assignee", "task"]);
    assert_eq!(app.count("task").await, 0);

    let added = app
        .post_json(
            "/api/v1/incidents/INC-1/tasks",
            &json!({"title": "Fail over to the backup PSP"}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let task = added.json();
    assert_eq!(task["title"], "Fail over to the backup PSP");
    assert_eq!(task["assignee"], Value::Null);
    assert_eq!(task["done"], false);
    let path = format!("/api/v1/incidents/1/tasks/{}", task["id"].as_str().unwrap());

    // Given to Rita, then done: the task says so, and so does the timeline.
    let given = app
        .send_json(Method::PATCH, &path, &json!({"assignee": rita_email}))
        .await;
    assert_eq!(given.status, StatusCode::OK, "{}", given.body);
    assert_eq!(given.json()["assignee"], rita_email.as_str());
    assert_eq!(given.json()["assignee_name"], "Responder Tester");
    let done = rita
        .send_json(Method::PATCH, &path, &json!({"done": true}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["done"], true);
    assert!(done.json()["done_at"].is_string());
    let timeline = app.get("/api/v1/incidents/1/timeline").await.json();
    let bodies: Vec<&str> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert!(
        bodies.contains(&"Task given to Responder Tester: Fail over to the backup PSP"),
        "{bodies:?}"
    );
    assert!(bodies.contains(&"Task done: Fail over to the backup PSP"));

    // Nobody's again; an unknown assignee is refused and changes nothing.
    let bad = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"assignee": "ghost@example.com", "done": false}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unassigned = app
        .send_json(Method::PATCH, &path, &json!({"assignee": null}))
        .await;
    assert_eq!(unassigned.json()["assignee"], Value::Null);
    assert_eq!(unassigned.json()["done"], true);

    let list = app.get("/api/v1/incidents/1/tasks").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json().as_array().unwrap().len(), 1);

    // A viewer reads but does not change; an unknown task is 404.
    let viewer = app.as_new(Role::Viewer).await;
    assert_eq!(
        viewer.get("/api/v1/incidents/1/tasks").await.status,
        StatusCode::OK
    );
    assert_eq!(
        viewer
            .send_json(Method::PATCH, &path, &json!({"done": false}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let unknown = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1/tasks/0190b3c0-0000-7000-8000-000000000000",
            &json!({"done": true}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

fn rita_email(rita: &TestApp) -> String {
    rita.who.as_ref().unwrap().person.email.clone()
}

#[tokio::test]
async fn a_post_mortem_is_written_reviewed_and_published_through_the_api() {
    let app = TestApp::new().await;
    resolved_incident(&app).await;
    let reviewer = app.as_new(Role::Responder).await;
    let reviewer_email = rita_email(&reviewer);

    assert_eq!(
        app.get("/api/v1/incidents/1/postmortem").await.status,
        StatusCode::NOT_FOUND
    );
    let started = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let doc = started.json();
    assert_eq!(doc["state"], "draft");
    let revision = doc["revision"].as_i64().unwrap();
    let again = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["revision"], revision);

    // An unknown section is refused by name; nothing is saved.
    let bad = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": revision, "sections": {"summmary": {"text": "x"}}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(fields(&bad.json()), ["sections.summmary"]);

    // Every section written; one with blaming words.
    let sre = Template::sre();
    let keys = sre.sections.iter().map(|s| s.key.as_str());
    let mut sections = serde_json::Map::new();
    for key in keys {
        sections.insert(key.into(), json!({"text": format!("The {key} of it.")}));
    }
    sections.insert(
        "trigger".into(),
        json!({"text": "Ada Admin should have checked the deploy."}),
    );
    let saved = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": revision, "sections": sections, "no_action_items_reason": "The fix was the action."}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let doc = saved.json();
    let revision2 = doc["revision"].as_i64().unwrap();
    assert_eq!(revision2, revision + 1);
    assert_eq!(doc["sections"][0]["text"], "The summary of it.");
    assert!(
        doc["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["section"] == "trigger"),
        "{doc}"
    );

    // A save based on the old revision is refused with the post-mortem as it is now.
    let stale = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": revision, "sections": {"summary": {"text": "Mine"}}}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(stale.json()["current"]["revision"], revision2);
    assert_eq!(
        stale.json()["current"]["sections"][0]["text"],
        "The summary of it."
    );

    // Only the trigger changes: the others stay as they were.
    let reworded = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": revision2, "sections": {"trigger": {"text": "A deploy without a canary stage."}}}),
        )
        .await;
    assert_eq!(reworded.status, StatusCode::OK, "{}", reworded.body);
    let doc = reworded.json();
    let revision3 = doc["revision"].as_i64().unwrap();
    assert_eq!(doc["sections"][0]["text"], "The summary of it.");
    assert_eq!(doc["flags"], json!([]));

    let revisions = app.get("/api/v1/incidents/1/postmortem/revisions").await;
    assert_eq!(revisions.status, StatusCode::OK);
    assert_eq!(revisions.json()[0]["revision"], revision3);
    let compare = app
        .get(&format!(
            "/api/v1/incidents/1/postmortem/compare?from={revision2}&to={revision3}"
        ))
        .await;
    assert_eq!(compare.status, StatusCode::OK, "{}", compare.body);
    assert_eq!(
        compare.json()["changes"],
        json!([{"section": "trigger", "title": "Trigger", "lines": [
            "- Ada Admin should have checked the deploy.",
            "+ A deploy without a canary stage."]}])
    );
    assert_eq!(
        app.get("/api/v1/incidents/1/postmortem/compare?from=99")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Not publishable before review.
    let early = app
        .post_json("/api/v1/incidents/1/postmortem/publish", &json!({}))
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert!(
        early.json()["detail"]
            .as_str()
            .unwrap()
            .starts_with("Not published yet:")
    );

    let bad = app
        .post_json(
            "/api/v1/incidents/1/postmortem/review",
            &json!({"reviewers": ["ghost@example.com"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let review = app
        .post_json(
            "/api/v1/incidents/1/postmortem/review",
            &json!({"reviewers": [reviewer_email]}),
        )
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert_eq!(review.json()["state"], "in_review");
    assert_eq!(review.json()["reviewers"][0]["name"], "Responder Tester");

    // The reviewer comments; approving with it open needs saying so.
    let commented = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/comments",
            &json!({"section": "impact", "body": "How many customers?"}),
        )
        .await;
    assert_eq!(commented.status, StatusCode::CREATED, "{}", commented.body);
    let comment = commented.json()["comments"][0].clone();
    assert_eq!(comment["body"], "How many customers?");
    assert_eq!(comment["resolved"], false);
    let bad = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/comments",
            &json!({"section": "nowhere", "body": "x"}),
        )
        .await;
    assert_eq!(fields(&bad.json()), ["section"]);
    let open = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision3}),
        )
        .await;
    assert_eq!(open.status, StatusCode::CONFLICT, "{}", open.body);
    let resolved = app
        .post_json(
            &format!(
                "/api/v1/incidents/1/postmortem/comments/{}/resolve",
                comment["id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    assert_eq!(resolved.json()["comments"][0]["resolved"], true);

    // Approving an older revision than the one in review is refused.
    let old = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision2}),
        )
        .await;
    assert_eq!(old.status, StatusCode::CONFLICT);
    let not_reviewer = app
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision3}),
        )
        .await;
    assert_eq!(not_reviewer.status, StatusCode::FORBIDDEN);
    let approved = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision3}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert!(approved.json()["reviewers"][0]["approved_at"].is_string());

    let published = app
        .post_json("/api/v1/incidents/1/postmortem/publish", &json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(published.json()["state"], "published");
    let read_only = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": revision3, "sections": {}}),
        )
        .await;
    assert_eq!(read_only.status, StatusCode::CONFLICT);

    let reopened = app
        .post_json("/api/v1/incidents/1/postmortem/reopen", &json!({}))
        .await;
    assert_eq!(reopened.status, StatusCode::OK, "{}", reopened.body);
    assert_eq!(reopened.json()["state"], "draft");
}

#[tokio::test]
async fn publishing_with_blaming_words_needs_saying_so() {
    let app = TestApp::new().await;
    resolved_incident(&app).await;
    let doc = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await
        .json();
    let sre = Template::sre();
    let keys = sre.sections.iter().map(|s| s.key.as_str());
    let mut sections = serde_json::Map::new();
    for key in keys {
        sections.insert(key.into(), json!({"text": "Human error by the on-call."}));
    }
    let saved = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": doc["revision"], "sections": sections, "no_action_items_reason": "None needed."}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let revision = saved.json()["revision"].clone();
    let reviewer = app.as_new(Role::Responder).await;
    app.post_json(
        "/api/v1/incidents/1/postmortem/review",
        &json!({"reviewers": [rita_email(&reviewer)]}),
    )
    .await;
    let approved = reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let flagged = app
        .post_json("/api/v1/incidents/1/postmortem/publish", &json!({}))
        .await;
    assert_eq!(flagged.status, StatusCode::CONFLICT, "{}", flagged.body);
    assert!(
        flagged.json()["detail"]
            .as_str()
            .unwrap()
            .contains("despite_flags")
    );
    let published = app
        .post_json(
            "/api/v1/incidents/1/postmortem/publish",
            &json!({"despite_flags": true}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
}

#[tokio::test]
async fn action_items_are_added_edited_completed_and_listed_in_pages() {
    let app = TestApp::new().await;
    resolved_incident(&app).await;
    app.post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    let owner = app.as_new(Role::Responder).await;
    let owner_email = rita_email(&owner);

    let bad = app
        .post_json(
            "/api/v1/incidents/1/postmortem/action-items",
            &json!({"title": "", "priority": "p9", "type": "fix", "due_on": "soon"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(fields(&bad.json()), ["due_on", "priority", "title", "type"]);
    assert_eq!(app.count("action_item").await, 0);

    // Five items, due on the 1st to the 5th of next year, the third one overdue.
    let mut ids = Vec::new();
    for day in 1..=5 {
        let due = if day == 3 {
            "2020-01-03".to_owned()
        } else {
            format!("2099-01-0{day}")
        };
        let r = app
            .post_json(
                "/api/v1/incidents/1/postmortem/action-items",
                &json!({"title": format!("Item {day}"), "priority": "p2", "type": "prevent",
                        "due_on": due, "owner": owner_email}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    let first = app.get(&format!("/api/v1/action-items/{}", ids[0])).await;
    let item = first.json();
    assert_eq!(item["incident_reference"], "INC-1");
    assert_eq!(item["owner"], owner_email.as_str());
    assert_eq!(item["status"], "open");
    assert_eq!(item["overdue"], false);

    // Pages of two, soonest due first, following `next`.
    let mut seen = Vec::new();
    let mut next = Some("/api/v1/action-items?limit=2".to_owned());
    while let Some(url) = next {
        let page = app.get(&url).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page = page.json();
        for i in page["items"].as_array().unwrap() {
            seen.push(i["title"].as_str().unwrap().to_owned());
        }
        next = page["next"].as_str().map(str::to_owned);
        assert!(next.as_deref().is_none_or(|n| n.contains("limit=2")));
    }
    assert_eq!(seen, ["Item 3", "Item 1", "Item 2", "Item 4", "Item 5"]);
    let overdue = app.get("/api/v1/action-items?overdue=true").await.json();
    assert_eq!(overdue["items"].as_array().unwrap().len(), 1);
    assert_eq!(overdue["items"][0]["overdue"], true);
    let mine = owner.get("/api/v1/action-items?owner=me").await.json();
    assert_eq!(mine["items"].as_array().unwrap().len(), 5);
    let bad = app
        .get("/api/v1/action-items?status=later&owner=ghost@example.com&limit=0")
        .await;
    assert_eq!(fields(&bad.json()), ["limit", "owner", "status"]);

    // Edited with the version read; a stale version is refused with the item as it is.
    let path = format!("/api/v1/action-items/{}", ids[0]);
    let edited = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": item["version"], "priority": "p1", "owner": ""}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.json()["priority"], "p1");
    assert_eq!(edited.json()["owner"], Value::Null);
    assert_eq!(edited.json()["title"], "Item 1");
    let stale = app
        .send_json(
            Method::PATCH,
            &path,
            &json!({"version": item["version"], "title": "Mine"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(stale.json()["current"]["priority"], "p1");

    // Completed.
    let done = owner
        .post_json(&format!("{path}/status"), &json!({"status": "done"}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["status"], "done");
    let bad = owner
        .post_json(&format!("{path}/status"), &json!({"status": "finished"}))
        .await;
    assert_eq!(fields(&bad.json()), ["status"]);
    let open = app.get("/api/v1/action-items?status=open").await.json();
    assert_eq!(open["items"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn resolving_and_closing_carry_the_update_and_the_post_mortem_decision() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV3"}))
        .await;
    let bad = app
        .post_json(
            "/api/v1/incidents/1/status",
            &json!({"status": "monitoring", "closing_update": {"audience": "public", "status": "x"},
                    "no_postmortem_reason": "Minor."}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(
        fields(&bad.json()),
        ["closing_update", "no_postmortem_reason"]
    );
    let bad = app
        .post_json(
            "/api/v1/incidents/1/status",
            &json!({"status": "resolved", "closing_update": {"audience": "everyone", "status": ""}}),
        )
        .await;
    assert_eq!(
        fields(&bad.json()),
        ["closing_update.audience", "closing_update.status"]
    );
    assert_eq!(
        app.get("/api/v1/incidents/1").await.json()["status"],
        "investigating",
        "nothing changed"
    );

    let resolved = app
        .post_json(
            "/api/v1/incidents/1/status",
            &json!({"status": "resolved", "closing_update": {"audience": "public",
                    "status": "Payments work again; the faulty deploy was rolled back."}}),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    let updates = app.get("/api/v1/incidents/1/updates").await.json();
    assert_eq!(
        updates[0]["status"],
        "Payments work again; the faulty deploy was rolled back."
    );
    assert_eq!(updates[0]["audience"], "public");

    let closed = app
        .post_json(
            "/api/v1/incidents/1/status",
            &json!({"status": "closed", "no_postmortem_reason": "A known flaky test; tracked."}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    let timeline = app.get("/api/v1/incidents/1/timeline").await.json();
    assert!(
        timeline["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["body"] == "No post-mortem needed: A known flaky test; tracked."),
        "{timeline}"
    );
}
