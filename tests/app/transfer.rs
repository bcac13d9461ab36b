//! `murphy export` and `murphy import`: a round trip into an empty database reproduces the
//! same data.

use std::path::Path;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use murphy::domain::person::Role;
use serde_json::{Value, json};

use crate::support::{TestApp, fresh_database_url, person, scratch_dir};

fn murphy(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_murphy"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MURPHY_DEFAULT_LANGUAGE")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn export(url: &str, file: &Path) -> String {
    let out = murphy(url, &["export", "--output", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(file).unwrap()
}

fn import(url: &str, file: &Path) -> std::process::Output {
    murphy(url, &["import", file.to_str().unwrap()])
}

/// An incident with everything that can belong to one.
async fn everything(app: &TestApp) {
    app.service("checkout").await;
    app.post_json(
        "/api/v1/services",
        &json!({"name": "ledger", "slo_target": 99.95, "slo_window_days": 28}),
    )
    .await;
    app.post_form(
        "/admin/runbooks",
        &[
            ("title", "Checkout"),
            ("service", "checkout"),
            ("steps", "- Fail over the PSP\n- Tell support"),
        ],
    )
    .await;
    let bob = person(&app.db, "bob@example.com", "Bob Stone", Role::Responder).await;
    // The status page: a component, a maintenance window with a held alert, a subscriber.
    crate::status::show(app, "checkout", "Card payments", "Payments").await;
    let now = time::OffsetDateTime::now_utc();
    let at = |minutes: i64| murphy::domain::time::rfc3339(now + time::Duration::minutes(minutes));
    let r = app
        .post_form(
            "/maintenance",
            &[
                ("title", "Ledger upgrade"),
                ("body", "Writes pause."),
                ("starts_at", &at(60)),
                ("ends_at", &at(120)),
                ("tz_offset", "0"),
                ("version", ""),
                ("services", "ledger"),
            ],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    sqlx::query(
        "INSERT INTO maintenance_alert (id, maintenance_id, alert_name, headline, fingerprint)
         SELECT gen_random_uuid(), id, 'LedgerDown', 'Ledger is down', 'f1' FROM maintenance",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO status_subscriber (id, kind, address, token, confirmed_at)
         VALUES (gen_random_uuid(), 'email', 'reader@example.com', repeat('a', 64), now())",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.incident(json!({
        "title": "Checkout down", "kind": "outage", "severity": "SEV1",
        "services": ["checkout", "ledger"], "summary": "Card payments **failed**.",
        "impact_started_at": "2026-11-20T10:00:00Z", "detected_at": "2026-11-20T10:05:00Z"
    }))
    .await;
    app.send_json(
        axum::http::Method::PATCH,
        "/api/v1/incidents/1",
        &json!({"version": 1, "acknowledged_at": "2026-11-20T10:07:00Z",
                "mitigated_at": "2026-11-20T10:45:00Z", "resolved_at": "2026-11-20T11:30:00Z"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/roles",
        &json!({"role": "ic", "person": "admin@example.com"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/roles",
        &json!({"role": "ol", "person": "bob@example.com"}),
    )
    .await;
    app.post_form(
        "/incidents/1/timeline",
        &[("body", "Rolled back"), ("occurred_at", "2026-11-20T10:40")],
    )
    .await;
    let note: uuid::Uuid = sqlx::query_scalar("SELECT id FROM timeline_entry WHERE kind = 'note'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    app.post_form(
        &format!("/incidents/1/timeline/{note}"),
        &[
            ("body", "Rolled back release 42"),
            ("occurred_at", "2026-11-20T10:40"),
            ("tz_offset", "0"),
            ("version", "1"),
        ],
    )
    .await;
    app.post_form(
        "/incidents/1/updates",
        &[
            ("audience", "public"),
            ("status", "Payments are recovering."),
            ("next_update_minutes", "30"),
        ],
    )
    .await;
    app.post_form("/incidents/1/tasks", &[("task", "Call the PSP")])
        .await;
    // A template the post-mortem follows, with a question answered.
    let r = app
        .post_json(
            "/api/v1/postmortem-templates",
            &json!({"name": "Short review", "sections": [
                        {"key": "summary", "title": "Summary", "required": true},
                        {"key": "impact", "title": "Impact", "required": true}],
                    "questions": [{"text": "Customers told?", "kind": "yes_no"}]}),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.body);
    app.post_form("/incidents/1/postmortem/start", &[]).await;
    app.post_form(
        "/incidents/1/postmortem",
        &[
            ("s_summary", "The PSP certificate expired."),
            ("s_customers_told", "yes"),
            ("revision", "1"),
        ],
    )
    .await;
    app.post_form(
        "/incidents/1/postmortem/actions",
        &[
            ("title", "Alert on certificate expiry"),
            ("kind", "detect"),
            ("priority", "p1"),
            ("due_on", "2026-12-31"),
            ("owner", "bob@example.com"),
        ],
    )
    .await;
    app.post_form(
        "/incidents/1/postmortem/review",
        &[("reviewers", "bob@example.com")],
    )
    .await;
    // A factor of the admin's own, and one of the starting ones.
    app.post_json("/api/v1/factors", &json!({"name": "Expired certificate"}))
        .await;
    app.send_json(
        axum::http::Method::PUT,
        "/api/v1/incidents/1/postmortem/classification",
        &json!({"version": 1, "factors": ["Expired certificate", "Monitoring gap"],
                "triggers": ["Expiry"], "detection": "customer"}),
    )
    .await;
    app.acting_as(Some(bob))
        .post_form(
            "/incidents/1/postmortem/comments",
            &[("section", "summary"), ("body", "Which certificate?")],
        )
        .await;
    app.incident(json!({"title": "Leak", "kind": "security", "severity": "SEV2"}))
        .await;
    // An alert that joined it.
    sqlx::query(
        "INSERT INTO alert (id, incident_id, source, fingerprint, name, status, labels,
                            annotations, starts_at)
         SELECT gen_random_uuid(), id, 'alertmanager', 'fp-1', 'CheckoutErrors', 'firing',
                '{\"service\": \"checkout\"}', '{\"summary\": \"5xx up\"}', now()
         FROM incident WHERE number = 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    // Times keep their microseconds.
    sqlx::query(
        "UPDATE incident SET impact_started_at = '2026-11-20T10:00:00.123456Z' WHERE number = 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_round_trip_into_an_empty_database_reproduces_the_same_data() {
    let app = TestApp::new().await;
    everything(&app).await;
    let dir = scratch_dir();
    let first = export(&app.url, &dir.join("a.jsonl"));
    let lines: Vec<Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0], json!({"type": "murphy-export", "format": 1}));
    let mut kinds: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    // Every factor and trigger: the sixteen Murphy starts with and the admin's own.
    let tags = kinds.iter().filter(|k| **k == "learning_tag").count();
    assert_eq!(tags, 17);
    kinds.retain(|k| *k != "learning_tag");
    assert_eq!(
        kinds,
        [
            "murphy-export",
            "person",
            "person",
            "service",
            "service",
            "postmortem_template",
            "runbook",
            "status_component",
            "maintenance",
            "status_subscriber",
            "incident",
            "incident"
        ]
    );
    let line = |kind: &str| lines.iter().find(|l| l["type"] == kind).unwrap();
    assert_eq!(line("maintenance")["services"].as_array().unwrap().len(), 1);
    assert_eq!(line("maintenance")["alerts"][0]["alert_name"], "LedgerDown");
    assert!(!first.contains("password_hash"), "no secrets in exports");
    let incident = line("incident");
    assert_eq!(incident["postmortem_tags"].as_array().unwrap().len(), 3);
    assert_eq!(incident["postmortem"]["template"]["name"], "Short review");
    assert_eq!(
        incident["postmortem"]["sections"]["customers_told"]["text"],
        "yes"
    );
    assert_eq!(incident["postmortem"]["detection_source"], "customer");
    assert_eq!(incident["row"]["title"], "Checkout down");
    assert_eq!(
        incident["row"]["impact_started_at"],
        "2026-11-20T10:00:00.123456+00:00"
    );
    assert_eq!(incident["team"].as_array().unwrap().len(), 2);
    assert_eq!(incident["note_revisions"].as_array().unwrap().len(), 1);
    assert_eq!(incident["updates"].as_array().unwrap().len(), 1);
    assert_eq!(
        incident["tasks"].as_array().unwrap().len(),
        3,
        "two runbook steps + one added"
    );
    assert_eq!(incident["postmortem"]["state"], "in_review");
    assert_eq!(
        incident["postmortem_revisions"].as_array().unwrap().len(),
        2
    );
    assert_eq!(incident["reviewers"].as_array().unwrap().len(), 1);
    assert_eq!(incident["comments"].as_array().unwrap().len(), 1);
    assert_eq!(incident["action_items"].as_array().unwrap().len(), 1);
    assert!(incident["timeline"].as_array().unwrap().len() >= 6);

    // Into a database that has never been migrated: the same export comes back out.
    let empty = fresh_database_url();
    let out = import(&empty, &dir.join("a.jsonl"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Imported 2 incidents, 2 people and 2 services."),
        "{said}"
    );
    assert!(
        said.contains("2 imported people have no password yet"),
        "{said}"
    );
    let second = export(&empty, &dir.join("b.jsonl"));
    assert_eq!(first, second);
    // And table by table, the imported database holds what the source held, but for what
    // an export never carries: credentials (sessions, tokens, password hashes), the source's
    // audit trail and change feed (the import writes its own), migration bookkeeping and a
    // page cache's counter.
    let db = sqlx::PgPool::connect(&empty).await.unwrap();
    let compared = compared_tables(&app.db, &db).await;
    db.close().await;
    let not_carried = [
        "_sqlx_migrations",
        "api_token",
        "audit_event",
        "feed_event",
        "session",
    ];
    let mut carried = 0;
    for (table, (source, imported)) in &compared {
        if not_carried.contains(&table.as_str()) {
            continue;
        }
        assert_eq!(source, imported, "{table}");
        carried += source.len();
    }
    let rows = |table: &str| compared[table].0.len();
    assert_eq!(
        (
            rows("incident"),
            rows("alert"),
            rows("timeline_entry"),
            rows("person")
        ),
        (2, 1, 11, 2)
    );
    assert_eq!(carried, 71, "rows compared");

    // Numbering continues after the imported incidents; nobody imported can sign in.
    let db = sqlx::PgPool::connect(&empty).await.unwrap();
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO incident (id, title, kind, severity, source, impact_started_at)
         VALUES (gen_random_uuid(), 'Next', 'other', 'SEV4', 'api', now()) RETURNING number",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(next, 3);
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM person")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(hashes, ["!", "!"]);
    db.close().await;

    // `murphy user password` lets an imported person sign in; it speaks the terminal's
    // language.
    let mut child = Command::new(env!("CARGO_BIN_EXE_murphy"))
        .args(["user", "password", "bob@example.com"])
        .env("DATABASE_URL", &empty)
        .env("LANG", "pt_BR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MURPHY_DEFAULT_LANGUAGE")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"a long new password\n").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "Senha definida para Bob Stone <bob@example.com>."
    );
    let db = sqlx::PgPool::connect(&empty).await.unwrap();
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM person WHERE email = 'bob@example.com'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(murphy::secret::verify_password(
        "a long new password",
        &hash
    ));
    db.close().await;

    // A database that has incidents is refused, and keeps what it had.
    let again = import(&empty, &dir.join("a.jsonl"));
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains(
            "this database already has 3 incident(s); murphy import loads into a database without incidents"
        )
    );
}

#[tokio::test]
async fn people_and_services_already_there_are_used_and_bad_files_change_nothing() {
    let app = TestApp::new().await;
    everything(&app).await;
    let dir = scratch_dir();
    export(&app.url, &dir.join("a.jsonl"));

    // The target already has an admin with the same email (another id) and a service.
    let target = TestApp::new().await;
    target.service("Checkout").await;
    let out = import(&target.url, &dir.join("a.jsonl"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = target.get("/incidents/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".holder strong"), ["Ada Admin", "Bob Stone"]);
    let filed_by: uuid::Uuid =
        sqlx::query_scalar("SELECT created_by FROM incident WHERE number = 1")
            .fetch_one(&target.db)
            .await
            .unwrap();
    assert_eq!(filed_by, target.who.as_ref().unwrap().person.id.0);
    assert_eq!(target.count("service").await, 2);
    assert_eq!(target.count("person").await, 2);

    // A broken line rolls everything back.
    let broken = dir.join("broken.jsonl");
    let mut text = std::fs::read_to_string(dir.join("a.jsonl")).unwrap();
    text.push_str("{\"type\": \"incident\", \"row\": {\"title\": null}}\n");
    std::fs::write(&broken, text).unwrap();
    let fresh = TestApp::new().await;
    let out = import(&fresh.url, &broken);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("line 30 (incident)"), "{said}");
    assert_eq!(fresh.count("incident").await, 0);
    assert_eq!(fresh.count("service").await, 0);

    let not_export = dir.join("not.jsonl");
    std::fs::write(&not_export, "{\"hello\": 1}\n").unwrap();
    let out = import(&fresh.url, &not_export);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 1 is not a Murphy export header (format 1)")
    );
}

/// Every table's rows in `source` and in `imported`, each row as JSON in a stable order,
/// without what is made anew on import (the text-search vectors, the page cache's counter,
/// password hashes).
async fn compared_tables(
    source: &sqlx::PgPool,
    imported: &sqlx::PgPool,
) -> std::collections::BTreeMap<String, (Vec<Value>, Vec<Value>)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(table_name) FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(source)
    .await
    .unwrap();
    let mut out = std::collections::BTreeMap::new();
    for table in tables {
        let sql = format!(
            "SELECT coalesce(jsonb_agg(r ORDER BY r::text), '[]') FROM
             (SELECT to_jsonb(t) - 'search' - 'page_version' - 'password_hash' AS r
              FROM {table} t) x"
        );
        // The names are the database's own, quoted by it.
        let rows = |v: Value| v.as_array().cloned().unwrap_or_default();
        let a: Value = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_one(source)
            .await
            .unwrap();
        let b: Value = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(imported)
            .await
            .unwrap();
        out.insert(table, (rows(a), rows(b)));
    }
    out
}
