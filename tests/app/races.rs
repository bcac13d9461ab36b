//! Changes that race each other. Each test holds a row lock on its own connection, queues
//! two real requests behind it in a known order (watching PostgreSQL's lock waits), then
//! lets them go: the rule each change checks must hold for what the other one committed.

use std::time::Duration;

use axum::http::StatusCode;
use murphy::domain::person::Role;
use serde_json::json;
use sqlx::{Connection, PgConnection};

use crate::support::{TestApp, TestResponse, person};

/// A transaction on its own connection holding the rows `select` locks.
async fn hold(app: &TestApp, select: &str) -> PgConnection {
    let mut conn = PgConnection::connect(&app.url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut conn).await.unwrap();
    let sql = sqlx::AssertSqlSafe(select.to_owned());
    let locked = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
    assert!(!locked.is_empty(), "{select} locked nothing");
    conn
}

async fn release(mut conn: PgConnection) {
    sqlx::query("COMMIT").execute(&mut conn).await.unwrap();
}

/// Returns once `n` sessions of this test's database wait for a lock.
async fn waiting(app: &TestApp, n: i64) {
    for _ in 0..1000 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        if waiting >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{n} requests never queued for the lock");
}

/// Post-mortem sections with every one written.
fn sections(summary: &str, revision: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = crate::postmortems::KEYS
        .iter()
        .map(|k| (format!("s_{k}"), format!("Text for {k}.")))
        .collect();
    pairs.retain(|(k, _)| k != "s_summary");
    pairs.push(("s_summary".into(), summary.into()));
    pairs.push(("no_actions_reason".into(), "A config revert.".into()));
    pairs.push(("revision".into(), revision.into()));
    pairs
}

async fn save(app: &TestApp, summary: &str, revision: &str) -> TestResponse {
    let pairs = sections(summary, revision);
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form("/incidents/1/postmortem", &borrowed).await
}

/// A post-mortem at revision 2, complete, in review and approved by Rae: ready to publish.
/// Returns the application acting as Rae.
async fn approved(app: &TestApp) -> TestApp {
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let rae = person(&app.db, "rae@example.com", "Rae Reviewer", Role::Responder).await;
    let r = app.post_form("/incidents/1/postmortem/start", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = save(app, "What the reviewer read.", "1").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_form(
            "/incidents/1/postmortem/review",
            &[("reviewers", "rae@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reviewer = app.acting_as(Some(rae));
    let r = reviewer
        .post_form("/incidents/1/postmortem/approve", &[("revision", "2")])
        .await;
    assert_eq!(reviewer.follow(&r).await.text(".flash"), "Approved.");
    reviewer
}

/// (state, revision, summary, approvals) as stored.
async fn postmortem(app: &TestApp) -> (String, i32, String, i64) {
    sqlx::query_as(
        "SELECT m.state, m.revision, m.sections->'summary'->>'text',
                (SELECT count(*) FROM postmortem_reviewer r
                 WHERE r.postmortem_id = m.id AND r.approved_at IS NOT NULL)
         FROM postmortem m",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_save_that_withdraws_approval_is_never_published_unreviewed() {
    let app = TestApp::new().await;
    approved(&app).await;
    let lock = hold(&app, "SELECT id FROM postmortem FOR UPDATE").await;
    // The save queues first, the publish behind it.
    let (saved, published, ()) = tokio::join!(
        save(&app, "Changed after the approval.", "2"),
        async {
            waiting(&app, 1).await;
            app.post_form("/incidents/1/postmortem/publish", &[]).await
        },
        async {
            waiting(&app, 2).await;
            release(lock).await;
        },
    );
    assert_eq!(
        app.follow(&saved).await.text(".flash"),
        "Post-mortem saved as revision 3."
    );
    assert_eq!(published.status, StatusCode::CONFLICT, "{}", published.body);
    assert!(
        published
            .text(".alert-error")
            .ends_with("Rae Reviewer has not approved it yet."),
        "{}",
        published.text(".alert-error")
    );
    assert_eq!(
        postmortem(&app).await,
        (
            "in_review".to_owned(),
            3,
            "Changed after the approval.".to_owned(),
            0
        )
    );
}

#[tokio::test]
async fn a_save_behind_a_publish_finds_it_read_only() {
    let app = TestApp::new().await;
    approved(&app).await;
    let lock = hold(&app, "SELECT id FROM postmortem FOR UPDATE").await;
    let (published, saved, ()) = tokio::join!(
        app.post_form("/incidents/1/postmortem/publish", &[]),
        async {
            waiting(&app, 1).await;
            save(&app, "Changed after the approval.", "2").await
        },
        async {
            waiting(&app, 2).await;
            release(lock).await;
        },
    );
    assert_eq!(
        app.follow(&published).await.text(".flash"),
        "Published. The post-mortem is now read-only."
    );
    assert_eq!(
        app.follow(&saved).await.text(".flash"),
        "The post-mortem is published and read-only; reopen it to start a new revision."
    );
    assert_eq!(
        postmortem(&app).await,
        (
            "published".to_owned(),
            2,
            "What the reviewer read.".to_owned(),
            1
        )
    );
}

#[tokio::test]
async fn an_approval_is_of_the_revision_the_reviewer_read() {
    let app = TestApp::new().await;
    let rae = approved(&app).await;
    // Saved again after Rae read revision 2: her approval is withdrawn.
    let r = save(&app, "Changed after the approval.", "2").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(postmortem(&app).await.3, 0);
    let r = rae
        .post_form("/incidents/1/postmortem/approve", &[("revision", "2")])
        .await;
    assert_eq!(
        rae.follow(&r).await.text(".flash"),
        "Not approved: the post-mortem was saved again since you read it (it is now revision 3). \
         Read it again, then approve."
    );
    assert_eq!(postmortem(&app).await.3, 0);
    let page = rae.get("/incidents/1/postmortem").await;
    assert_eq!(
        page.attr("form[action$='/approve'] input[name=revision]", "value")
            .as_deref(),
        Some("3")
    );
    let r = rae
        .post_form("/incidents/1/postmortem/approve", &[("revision", "3")])
        .await;
    assert_eq!(rae.follow(&r).await.text(".flash"), "Approved.");
    assert_eq!(postmortem(&app).await.3, 1);
}

#[tokio::test]
async fn two_admins_demoting_each_other_leave_one_admin() {
    let app = TestApp::new().await;
    let bea = person(&app.db, "bea@example.com", "Bea Admin", Role::Admin).await;
    let bea_id = bea.person.id.to_string();
    let ada_id = app.who.as_ref().unwrap().person.id.to_string();
    let bea = app.acting_as(Some(bea));
    let lock = hold(
        &app,
        "SELECT id FROM person WHERE role = 'admin' ORDER BY id FOR UPDATE",
    )
    .await;
    let demote_bea = format!("/admin/people/{bea_id}/role");
    let demote_ada = format!("/admin/people/{ada_id}/role");
    let (first, second, ()) = tokio::join!(
        app.post_form(&demote_bea, &[("role", "responder")]),
        async {
            waiting(&app, 1).await;
            bea.post_form(&demote_ada, &[("role", "responder")]).await
        },
        async {
            waiting(&app, 2).await;
            release(lock).await;
        },
    );
    assert_eq!(
        app.follow(&first).await.text(".flash"),
        "Bea Admin is now responder."
    );
    assert_eq!(
        app.follow(&second).await.text(".flash"),
        "Ada Admin is the only active admin; make someone else admin first."
    );
    let admins: Vec<String> =
        sqlx::query_scalar("SELECT email FROM person WHERE role = 'admin' AND active")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(admins, ["admin@example.com"]);
}

#[tokio::test]
async fn two_saves_of_one_note_version_keep_both_texts() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    let note = app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "First words", "occurred_at": "2026-11-20T10:00:00Z"}),
        )
        .await
        .json();
    let path = format!("/incidents/1/timeline/{}", note["id"].as_str().unwrap());
    let edit = |body: &'static str| {
        let path = path.clone();
        let app = &app;
        async move {
            app.post_form(
                &path,
                &[
                    ("body", body),
                    ("occurred_at", "2026-11-20T10:00"),
                    ("tz_offset", "0"),
                    ("version", "1"),
                ],
            )
            .await
        }
    };
    let lock = hold(
        &app,
        "SELECT id FROM timeline_entry WHERE kind = 'note' FOR UPDATE",
    )
    .await;
    let (first, second, ()) = tokio::join!(
        edit("Mine"),
        async {
            waiting(&app, 1).await;
            edit("Theirs").await
        },
        async {
            waiting(&app, 2).await;
            release(lock).await;
        },
    );
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    // The second is told, with its text kept and the saved one shown.
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.text("textarea[name=body]"), "Theirs");
    let (body, version): (String, i32) =
        sqlx::query_as("SELECT body, version FROM timeline_entry WHERE kind = 'note'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((body.as_str(), version), ("Mine", 2));
    assert_eq!(app.count("timeline_revision").await, 1);
}

#[tokio::test]
async fn two_hand_offs_of_one_role_at_once_both_land_in_order() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    person(&app.db, "alice@example.com", "Alice", Role::Responder).await;
    person(&app.db, "bob@example.com", "Bob", Role::Responder).await;
    let r = app
        .post_form(
            "/incidents/1/roles",
            &[("role", "ic"), ("person", "admin@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let hand_off = |to: &'static str| {
        let app = &app;
        async move {
            app.post_form("/incidents/1/roles", &[("role", "ic"), ("person", to)])
                .await
        }
    };
    // Held: the current commander's assignment, which a hand-off relieves.
    let lock = hold(
        &app,
        "SELECT id FROM role_assignment WHERE role = 'ic' AND relieved_at IS NULL FOR UPDATE",
    )
    .await;
    let (to_alice, to_bob, ()) = tokio::join!(
        hand_off("alice@example.com"),
        async {
            waiting(&app, 1).await;
            hand_off("bob@example.com").await
        },
        async {
            waiting(&app, 2).await;
            release(lock).await;
        },
    );
    assert_eq!(to_alice.status, StatusCode::SEE_OTHER, "{}", to_alice.body);
    assert_eq!(to_bob.status, StatusCode::SEE_OTHER, "{}", to_bob.body);
    let page = app.get("/incidents/1?kind=role").await;
    assert_eq!(
        page.texts(".entry-body"),
        [
            "Ada Admin took the Incident Commander role.",
            "Alice took the Incident Commander role, handed off from Ada Admin.",
            "Bob took the Incident Commander role, handed off from Alice.",
        ]
    );
    let holders: Vec<String> = sqlx::query_scalar(
        "SELECT p.email FROM role_assignment r JOIN person p ON p.id = r.person_id
         WHERE r.role = 'ic' AND r.relieved_at IS NULL",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(holders, ["bob@example.com"]);
}
