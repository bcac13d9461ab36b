//! Every page runs a fixed number of SQL statements, whatever the number of rows it shows:
//! counted with pg_stat_statements at two data sizes, and the counts must be equal.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::TestApp;

/// Statements the database ran for this test's database so far (pg_stat_statements counts
/// per database, so tests running beside this one do not interfere). Setting up a new
/// connection (the pool's `SET random_page_cost`, the listener's `LISTEN`) is not a page's
/// work and may happen during any request, so it is not counted.
async fn executed(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT LIKE 'SET random_page_cost%' AND query NOT LIKE 'LISTEN %'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// Each statement text with its calls so far, for explaining a difference.
async fn by_query(app: &TestApp) -> std::collections::HashMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>(
        "SELECT left(query, 120), calls FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

/// How many statements one GET of `path` runs (after a warm-up request).
async fn statements(app: &TestApp, path: &str) -> i64 {
    if std::env::var_os("MURPHY_DEBUG_STATEMENTS").is_some() {
        let before = by_query(app).await;
        app.state.caches.changed();
        app.get(path).await;
        let after = by_query(app).await;
        for (q, n) in &after {
            let d = n - before.get(q).copied().unwrap_or(0);
            if d > 0 {
                eprintln!("{path}: {d} × {q}");
            }
        }
    }
    // Every announcement of earlier writes has arrived: none drops a copy mid-request.
    app.state.live.settle().await.unwrap();
    let warm = app.get(path).await;
    assert_eq!(warm.status, StatusCode::OK, "{path}: {}", warm.body);
    // Worst case: the chooser lists are fetched, not taken from the few-seconds copy.
    app.state.caches.changed();
    let before = executed(app).await;
    let r = app.get(path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
    // The snapshot before counts itself once it has run.
    executed(app).await - before - 1
}

const PAGES: &[&str] = &[
    "/",
    "/incidents",
    "/incidents?severity=SEV2&state=closed",
    "/incidents?q=database+timeout",
    "/incidents/1",
    "/incidents/1/postmortem",
    "/incidents/1/timeline.csv",
    "/action-items",
    "/reports?from=2022-01-01&to=2026-12-31",
    "/services",
    "/admin/audit",
    "/incidents/export?format=csv",
    "/api/v1/incidents",
    "/api/v1/incidents/1",
];

async fn all(app: &TestApp) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for page in PAGES {
        out.push((*page, statements(app, page).await));
    }
    out
}

#[tokio::test]
async fn pages_run_the_same_statements_at_any_size() {
    let app = TestApp::new().await;
    if sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(&app.db)
        .await
        .is_err()
    {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
            "MURPHY_REQUIRE_TOOLS is set but pg_stat_statements is not available"
        );
        eprintln!("skipped: pg_stat_statements is not loaded");
        return;
    }
    // The listener connects before anything is counted.
    app.state.live.settle().await.unwrap();
    murphy::cli::demo_data::run(&app.db, 5, 1, 7, false)
        .await
        .unwrap();
    let r = app.post_form("/incidents/1/postmortem/start", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let small = all(&app).await;

    // Many more incidents, and many more rows on the incident measured: notes, team
    // members, updates, tasks, action items, alerts.
    murphy::cli::demo_data::run(&app.db, 300, 3, 8, false)
        .await
        .unwrap();
    for sql in [
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, body)
         SELECT gen_random_uuid(), i.id, 'note', i.impact_started_at + g * interval '1 minute', 'Note ' || g
         FROM incident i, generate_series(1, 120) g WHERE i.number = 1",
        "INSERT INTO role_assignment (id, incident_id, role, under, person_id)
         SELECT gen_random_uuid(), i.id, 'member', 'ol', p.id
         FROM incident i, (SELECT id FROM person WHERE email LIKE 'demo-%' ORDER BY email LIMIT 30 OFFSET 50) p
         WHERE i.number = 1",
        "INSERT INTO status_update (id, incident_id, author_id, audience, status)
         SELECT gen_random_uuid(), i.id, i.created_by, 'public', 'Update ' || g
         FROM incident i, generate_series(1, 25) g WHERE i.number = 1",
        "INSERT INTO task (id, incident_id, title, position)
         SELECT gen_random_uuid(), i.id, 'Task ' || g, 100 + g
         FROM incident i, generate_series(1, 40) g WHERE i.number = 1",
        "INSERT INTO action_item (id, postmortem_id, incident_id, title, priority, kind)
         SELECT gen_random_uuid(), p.id, p.incident_id, 'Action ' || g, 'p2', 'prevent'
         FROM postmortem p JOIN incident i ON i.id = p.incident_id, generate_series(1, 30) g
         WHERE i.number = 1",
        "INSERT INTO alert (id, incident_id, source, fingerprint, status, labels, annotations, starts_at)
         SELECT gen_random_uuid(), i.id, 'alertmanager', 'fp' || g, 'firing', '{}', '{}', now()
         FROM incident i, generate_series(1, 20) g WHERE i.number = 1",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    app.incident(
        json!({"title": "database timeout on writes", "kind": "outage", "severity": "SEV2"}),
    )
    .await;
    let large = all(&app).await;

    let shown: Vec<String> = small
        .iter()
        .zip(&large)
        .map(|((page, a), (_, b))| format!("{page}: {a} / {b}"))
        .collect();
    eprintln!(
        "statements per page (5 / 306 incidents):\n  {}",
        shown.join("\n  ")
    );
    assert_eq!(
        small,
        large,
        "statement counts differ:\n{}",
        shown.join("\n")
    );
    // And they stay small.
    for (page, n) in &large {
        assert!(*n <= 20, "{page} runs {n} statements");
    }

    // With this instance's copies warm, a repeated view reads the session, the chooser lists
    // and the incident page's lists from them: the incident page reads one row.
    app.state.live.settle().await.unwrap();
    for (page, expected) in [("/incidents/1", 1), ("/incidents", 1)] {
        let warm = app.get(page).await;
        assert_eq!(warm.status, StatusCode::OK, "{page}");
        let before = executed(&app).await;
        let r = app.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        let n = executed(&app).await - before - 1;
        eprintln!("{page} with warm copies: {n} statement(s)");
        assert_eq!(n, expected, "{page} with warm copies");
    }
}
