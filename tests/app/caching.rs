//! Each instance keeps copies of sessions, API tokens, chooser lists and incident pages. A
//! copy must never outlive what it copies: changes made through another instance, or
//! straight in the database, show at once (pages) or as soon as PostgreSQL's announcement
//! arrives (everything else).

use axum::http::StatusCode;
use murphy::AppState;
use serde_json::json;

use crate::support::TestApp;

/// A second Murphy instance on the same database, acting as the same person.
fn second_instance(app: &TestApp) -> TestApp {
    let state = AppState::new(app.db.clone());
    TestApp {
        router: murphy::app(state.clone()),
        db: app.db.clone(),
        url: app.url.clone(),
        state,
        who: app.who.clone(),
    }
}

async fn note_texts(app: &TestApp) -> Vec<String> {
    let page = app.get("/incidents/1").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.texts(".entry-body")
}

#[tokio::test]
async fn a_kept_incident_page_shows_every_change_at_once() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    app.state.live.settle().await.unwrap();
    let before = note_texts(&app).await;
    // Read twice: the second view comes from the kept copy.
    assert_eq!(note_texts(&app).await, before);

    // Written straight into the database, past every code path of this instance.
    sqlx::query(
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, body)
         SELECT gen_random_uuid(), id, 'note', now(), 'Written *elsewhere*' FROM incident",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let after = note_texts(&app).await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(after.iter().any(|t| t == "Written elsewhere"), "{after:?}");

    // Edited and deleted rows count as changes too.
    sqlx::query(
        "UPDATE timeline_entry SET body = 'Rewritten', version = version + 1 WHERE kind = 'note'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    assert!(note_texts(&app).await.iter().any(|t| t == "Rewritten"));
    sqlx::query("DELETE FROM timeline_entry WHERE kind = 'note'")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(note_texts(&app).await, before);

    // The incident's own text is read on every view.
    sqlx::query("UPDATE incident SET summary = 'The **PSP** certificate expired.'")
        .execute(&app.db)
        .await
        .unwrap();
    let page = app.get("/incidents/1").await;
    assert!(
        page.body
            .contains("The <strong>PSP</strong> certificate expired.")
    );

    // A change made through another instance, then a person's new name: names come from
    // PostgreSQL's announcement, which settle() waits for.
    let other = second_instance(&app);
    let r = other
        .post_form(
            "/incidents/1/roles",
            &[("role", "ic"), ("person", "admin@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        app.get("/incidents/1")
            .await
            .texts(".org-ic")
            .join(" ")
            .contains("Ada Admin")
    );
    sqlx::query("UPDATE person SET display_name = 'Ada Renamed' WHERE email = 'admin@example.com'")
        .execute(&app.db)
        .await
        .unwrap();
    app.state.live.settle().await.unwrap();
    assert!(
        app.get("/incidents/1")
            .await
            .texts(".org-ic")
            .join(" ")
            .contains("Ada Renamed")
    );
}

#[tokio::test]
async fn signing_out_deactivating_and_revoking_take_effect_on_every_instance() {
    let app = TestApp::new().await;
    let viewer = app.as_new(murphy::domain::person::Role::Responder).await;
    let other = second_instance(&viewer);
    for instance in [&viewer, &other] {
        instance.state.live.settle().await.unwrap();
        // Twice: the second request is answered from the instance's copy.
        assert_eq!(instance.get("/incidents").await.status, StatusCode::OK);
        assert_eq!(instance.get("/incidents").await.status, StatusCode::OK);
        assert_eq!(
            instance.get("/api/v1/incidents").await.status,
            StatusCode::OK
        );
        assert_eq!(
            instance.get("/api/v1/incidents").await.status,
            StatusCode::OK
        );
    }

    // The token is revoked through the other instance.
    let token_id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM api_token WHERE person_id = $1")
        .bind(viewer.who.as_ref().unwrap().person.id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let r = other
        .post_form(&format!("/settings/tokens/{token_id}/revoke"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    viewer.state.live.settle().await.unwrap();
    assert_eq!(
        viewer.get("/api/v1/incidents").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(viewer.get("/incidents").await.status, StatusCode::OK);

    // Signing out on the other instance ends the session here.
    let r = other.post_form("/logout", &[]).await;
    assert_eq!(r.location(), "/login");
    viewer.state.live.settle().await.unwrap();
    assert_eq!(viewer.get("/incidents").await.status, StatusCode::SEE_OTHER);

    // An admin deactivates someone through one instance; their session on the other ends.
    let second = app.as_new(murphy::domain::person::Role::Viewer).await;
    let second_elsewhere = second_instance(&second);
    assert_eq!(
        second_elsewhere.get("/incidents").await.status,
        StatusCode::OK
    );
    assert_eq!(
        second_elsewhere.get("/incidents").await.status,
        StatusCode::OK
    );
    let id = second.who.as_ref().unwrap().person.id;
    let r = app
        .post_form(
            &format!("/admin/people/{id}/active"),
            &[("active", "false")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    second_elsewhere.state.live.settle().await.unwrap();
    assert_eq!(
        second_elsewhere.get("/incidents").await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn without_its_listener_an_instance_asks_the_database_every_time() {
    let app = TestApp::new().await;
    let viewer = app.as_new(murphy::domain::person::Role::Viewer).await;
    viewer.state.live.settle().await.unwrap();
    assert_eq!(viewer.get("/incidents").await.status, StatusCode::OK);
    assert!(viewer.state.caches.is_listening());

    // The listener's connection goes away; the instance notices, keeps nothing meanwhile,
    // and connects again.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query("DELETE FROM session WHERE person_id = $1")
        .bind(viewer.who.as_ref().unwrap().person.id)
        .execute(&app.db)
        .await
        .unwrap();
    // Whatever the listener is doing by now, the deleted session is not served from a copy
    // once the instance has caught up: at the latest when it has reconnected.
    viewer.state.live.settle().await.unwrap();
    assert_eq!(viewer.get("/incidents").await.status, StatusCode::SEE_OTHER);
}

/// The tables a statement reads: every name after FROM or JOIN (not a subquery's SELECT).
fn tables_read(sql: &str) -> Vec<String> {
    let code: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = code
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut tables: Vec<String> = words
        .windows(2)
        .filter(|w| w[0].eq_ignore_ascii_case("FROM") || w[0].eq_ignore_ascii_case("JOIN"))
        .map(|w| w[1].to_lowercase())
        .filter(|t| t != "select" && t.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    tables.sort();
    tables.dedup();
    tables
}

/// A kept incident page is current only while every write to what it shows moves the
/// incident's page version on (or announces a change on the cache channel, for names shown
/// beside the lists). A table the page's statement reads with neither would leave kept pages
/// stale: this reads the statement and the database's triggers and fails on such a table.
#[tokio::test]
async fn every_table_the_incident_page_reads_has_a_trigger_that_drops_kept_pages() {
    const INSERT: i16 = 4;
    const DELETE: i16 = 8;
    const UPDATE: i16 = 16;
    let app = TestApp::new().await;
    let sql = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/store/incident_page.sql"
    ))
    .unwrap();
    let tables = tables_read(&sql);
    assert!(tables.len() >= 10, "{tables:?}");
    // (table, function, events) for every trigger on a table the page reads.
    let triggers: Vec<(String, String, i16)> = sqlx::query_as(
        "SELECT c.relname::text, p.proname::text, t.tgtype
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE NOT t.tgisinternal AND c.relname = ANY($1)",
    )
    .bind(&tables)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut uncovered = Vec::new();
    for table in &tables {
        // The incident row itself is read on every view, with the page version.
        if table == "incident" {
            continue;
        }
        let events = |function: &str| {
            triggers
                .iter()
                .filter(|(t, f, _)| t == table && f == function)
                .fold(0, |all, (_, _, e)| all | e)
        };
        let every_write = INSERT | UPDATE | DELETE;
        let moves_version = events("incident_page_changed") & every_write == every_write;
        let announces = events("murphy_cache_changed") & every_write == every_write;
        if !moves_version && !announces {
            uncovered.push(table.clone());
        }
    }
    assert!(
        uncovered.is_empty(),
        "the incident page reads {uncovered:?}, whose writes neither move the page version nor announce a change"
    );
    // And the statement is what the page runs: the lists are all there.
    for table in [
        "role_assignment",
        "timeline_entry",
        "audit_event",
        "status_update",
        "task",
    ] {
        assert!(tables.contains(&table.to_owned()), "{table} in {tables:?}");
    }
}
