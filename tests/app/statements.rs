//! Every page runs a fixed number of SQL statements, whatever the number of rows it shows:
//! counted with pg_stat_statements at two data sizes, and the counts must be equal.

use axum::http::StatusCode;
use serde_json::json;

use murphy::domain::person::Role;

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
        "SELECT left(query, 120) || ' #' || queryid, calls FROM pg_stat_statements
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

/// Pages anyone signed in reads; ranges end today, whenever the test runs.
fn pages(service: &str) -> Vec<String> {
    let today = time::OffsetDateTime::now_utc().date();
    let from = today - time::Duration::days(3 * 366);
    let range = format!("from={from}&to={today}");
    let fixed = [
        "/",
        "/incidents",
        "/incidents?severity=SEV2&state=closed",
        "/incidents?q=database+timeout",
        "/incidents?kind=outage",
        "/incidents?before=4",
        "/incidents/1",
        "/incidents/1/postmortem",
        "/incidents/1/postmortem/revisions",
        "/incidents/1/postmortem.md",
        "/incidents/1/postmortem.json",
        "/incidents/1/postmortem.pdf",
        "/incidents/1/timeline.csv",
        "/action-items",
        "/services",
        "/incidents/export?format=csv",
        "/incidents/export?format=json",
        "/incidents/export?format=md",
        "/incidents/export?format=pdf",
        "/api/v1/incidents",
        "/api/v1/incidents/1",
        "/api/v1/incidents/1/timeline",
        "/api/v1/incidents/1/roles",
        "/api/v1/incidents/1/postmortem/revisions",
        "/metrics",
    ];
    let mut pages: Vec<String> = fixed.iter().map(|p| (*p).to_owned()).collect();
    pages.extend([
        format!("/incidents?service={service}"),
        format!("/incidents?{range}"),
        format!("/reports?{range}"),
        format!("/reports/export?format=pdf&{range}"),
        format!("/api/v1/reports?{range}"),
    ]);
    pages
}

/// Pages only admins read.
const ADMIN_PAGES: &[&str] = &[
    "/admin/audit",
    "/admin/people",
    "/admin/webhooks",
    "/admin/alerts",
    "/admin/subscribers",
    "/admin/email",
    "/admin/runbooks",
    "/admin/learning",
    "/admin/postmortem-templates",
    "/admin/postmortem-rules",
];

/// Every page's count, as the admin and as a responder (whose incidents are filtered by
/// what they may see), and a notification of `alerts` alerts.
async fn all(app: &TestApp, responder: &TestApp, alerts: usize) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for page in pages("search") {
        out.push((format!("admin {page}"), statements(app, &page).await));
        out.push((
            format!("responder {page}"),
            statements(responder, &page).await,
        ));
    }
    for page in ADMIN_PAGES {
        out.push((format!("admin {page}"), statements(app, page).await));
    }
    out.push((
        "a notification's alerts".to_owned(),
        notification(app, alerts).await,
    ));
    out
}

/// Statements run by one Alertmanager notification of `n` new alerts in one group.
async fn notification(app: &TestApp, n: usize) -> i64 {
    let group = uuid::Uuid::now_v7().simple().to_string();
    let alerts: Vec<_> = (0..n)
        .map(|i| {
            json!({"status": "firing", "fingerprint": format!("{group}-{i}"),
                   "labels": {"alertname": "DiskFull", "instance": format!("node-{i}"),
                              "severity": "critical", "group": group},
                   "annotations": {"summary": format!("Disk full on node-{i}")},
                   "startsAt": "2026-01-01T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z"})
        })
        .collect();
    let body = json!({"version": "4", "status": "firing", "receiver": "murphy",
                      "groupKey": group, "groupLabels": {"group": group},
                      "commonLabels": {"alertname": "DiskFull"}, "commonAnnotations": {},
                      "externalURL": "http://alertmanager.example.com:9093",
                      "truncatedAlerts": 0, "alerts": alerts});
    app.state.live.settle().await.unwrap();
    let queries = by_query(app).await;
    let before = executed(app).await;
    let r = app.post_json("/hooks/alertmanager", &body).await;
    if std::env::var_os("MURPHY_DEBUG_STATEMENTS").is_some() {
        for (q, n) in by_query(app).await {
            let d = n - queries.get(&q).copied().unwrap_or(0);
            if d > 0 {
                eprintln!("notification: {d} × {q}");
            }
        }
    }
    assert!(r.status.is_success(), "{}", r.body);
    executed(app).await - before - 1
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
    let responder = app.as_new(Role::Responder).await;
    let responder_id = responder.who.as_ref().unwrap().person.id;
    // A service every page can filter by, on incident 1.
    sqlx::query(
        "WITH s AS (INSERT INTO service (id, name) VALUES (gen_random_uuid(), 'search')
                    ON CONFLICT DO NOTHING RETURNING id)
         INSERT INTO incident_service (incident_id, service_id)
         SELECT i.id, s.id FROM incident i, s WHERE i.number = 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    // A runbook new outages get and a webhook that hears of them (the large size has many
    // more of each).
    sqlx::raw_sql(
        "INSERT INTO runbook (id, title, kind, steps)
         VALUES (gen_random_uuid(), 'First look', 'outage', '1. Look.');
         INSERT INTO webhook (id, name, url, secret, events)
         VALUES (gen_random_uuid(), 'Hook', 'https://hooks.example.com/0', 'whsec_x',
                 ARRAY['incident.created']);",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let small = all(&app, &responder, 2).await;

    // Many more incidents, people and services; and on incident 1 many more of every row
    // it shows, each by someone else: notes by their authors, team members, updates,
    // tasks with assignees, action items with owners, alerts, services; its post-mortem
    // with reviewers, comments and revisions. Restricted incidents the responder is on
    // and others they are not; audit rows by many; webhooks, runbooks and subscribers.
    // (The notification measured opened an incident that is not demo data.)
    murphy::cli::demo_data::run(&app.db, 300, 3, 8, true)
        .await
        .unwrap();
    let grown = [
        "INSERT INTO person (id, email, display_name, role, password_hash)
         SELECT gen_random_uuid(), 'grown-' || g || '@example.com', 'Grown ' || g, 'responder', 'x'
         FROM generate_series(1, 60) g",
        "INSERT INTO service (id, name) SELECT gen_random_uuid(), 'grown-' || g
         FROM generate_series(1, 40) g",
        "INSERT INTO incident_service (incident_id, service_id)
         SELECT i.id, s.id FROM incident i, service s
         WHERE i.number = 1 AND s.name LIKE 'grown-%' AND s.name < 'grown-3'",
        "INSERT INTO timeline_entry (id, incident_id, kind, occurred_at, body, author_id)
         SELECT gen_random_uuid(), i.id, 'note', i.impact_started_at + g * interval '1 minute',
                'Note ' || g, p.id
         FROM incident i, generate_series(1, 120) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g % 50 LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO role_assignment (id, incident_id, role, under, person_id)
         SELECT gen_random_uuid(), i.id, 'member', 'ol', p.id
         FROM incident i, (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email LIMIT 30) p
         WHERE i.number = 1",
        "INSERT INTO status_update (id, incident_id, author_id, audience, status)
         SELECT gen_random_uuid(), i.id, p.id, 'public', 'Update ' || g
         FROM incident i, generate_series(1, 25) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO task (id, incident_id, title, position, assignee_id)
         SELECT gen_random_uuid(), i.id, 'Task ' || g, 100 + g, p.id
         FROM incident i, generate_series(1, 40) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO action_item (id, postmortem_id, incident_id, title, priority, kind, owner_id)
         SELECT gen_random_uuid(), pm.id, pm.incident_id, 'Action ' || g, 'p2', 'prevent', p.id
         FROM postmortem pm JOIN incident i ON i.id = pm.incident_id, generate_series(1, 30) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO postmortem_reviewer (postmortem_id, person_id)
         SELECT pm.id, p.id FROM postmortem pm JOIN incident i ON i.id = pm.incident_id,
                (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email LIMIT 8) p
         WHERE i.number = 1",
        "INSERT INTO postmortem_comment (id, postmortem_id, section, author_id, body)
         SELECT gen_random_uuid(), pm.id, 'summary', p.id, 'Comment ' || g
         FROM postmortem pm JOIN incident i ON i.id = pm.incident_id, generate_series(1, 30) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO postmortem_revision (id, postmortem_id, revision, sections, no_actions_reason, saved_by)
         SELECT gen_random_uuid(), pm.id, 100 + g, pm.sections, '', p.id
         FROM postmortem pm JOIN incident i ON i.id = pm.incident_id, generate_series(1, 20) g
         JOIN LATERAL (SELECT id FROM person WHERE email LIKE 'grown-%' ORDER BY email
                       OFFSET g LIMIT 1) p ON true
         WHERE i.number = 1",
        "INSERT INTO alert (id, incident_id, source, fingerprint, status, labels, annotations, starts_at)
         SELECT gen_random_uuid(), i.id, 'alertmanager', 'fp' || g, 'firing', '{}', '{}', now()
         FROM incident i, generate_series(1, 20) g WHERE i.number = 1",
        "UPDATE incident SET restricted = true WHERE number % 5 = 0",
        "INSERT INTO audit_event (id, actor_id, actor, action, entity, entity_id, summary)
         SELECT gen_random_uuid(), p.id, p.display_name, 'service.update', 'service', g::text,
                'Edited ' || g
         FROM generate_series(1, 200) g
         JOIN LATERAL (SELECT id, display_name FROM person WHERE email LIKE 'grown-%'
                       ORDER BY email OFFSET g % 50 LIMIT 1) p ON true",
        "INSERT INTO webhook (id, name, url, secret, events)
         SELECT gen_random_uuid(), 'Hook ' || g, 'https://hooks.example.com/' || g, 'whsec_x',
                ARRAY['incident.created']
         FROM generate_series(1, 15) g",
        "INSERT INTO runbook (id, title, kind, steps)
         SELECT gen_random_uuid(), 'Runbook ' || g, 'outage', '1. Look.' FROM generate_series(1, 15) g",
        "INSERT INTO status_subscriber (id, kind, address, token, confirmed_at)
         SELECT gen_random_uuid(), 'email', 'sub-' || g || '@example.com',
                md5(g::text) || md5((g + 1)::text), now()
         FROM generate_series(1, 60) g",
    ];
    for sql in grown {
        sqlx::query(sql)
            .execute(&app.db)
            .await
            .unwrap_or_else(|e| panic!("{e}: {sql}"));
    }
    // The responder is on some restricted incidents, not on others.
    sqlx::query(
        "INSERT INTO role_assignment (id, incident_id, role, under, person_id)
         SELECT gen_random_uuid(), i.id, 'member', 'ol', $1
         FROM incident i WHERE i.restricted AND i.number % 10 = 0",
    )
    .bind(responder_id)
    .execute(&app.db)
    .await
    .unwrap();
    app.incident(
        json!({"title": "database timeout on writes", "kind": "outage", "severity": "SEV2"}),
    )
    .await;
    let large = all(&app, &responder, 25).await;

    let shown: Vec<String> = small
        .iter()
        .zip(&large)
        .map(|((page, a), (_, b))| format!("{page}: {a} / {b}"))
        .collect();
    eprintln!(
        "statements per page (5 / 306 incidents):\n  {}",
        shown.join("\n  ")
    );
    let differ: Vec<&String> = small
        .iter()
        .zip(&large)
        .zip(&shown)
        .filter(|((a, b), _)| a.1 != b.1)
        .map(|(_, line)| line)
        .collect();
    assert!(differ.is_empty(), "statement counts differ:\n{differ:#?}");
    // And they stay small.
    // And they stay small: a page reads in at most 20; a notification that opens an incident
    // (with its runbook, task, audit row, webhook delivery and timeline) writes in 30.
    for (page, n) in &large {
        let most = if page.starts_with("a notification") {
            30
        } else {
            20
        };
        assert!(*n <= most, "{page} runs {n} statements");
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
