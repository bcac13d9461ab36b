//! The response team and the timeline: hand-offs, immutable system entries, event-time
//! ordering, note revisions and exports.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::json;

use crate::support::{TestApp, person};

async fn incident(app: &TestApp) {
    app.incident(
        json!({"title": "Payments failing", "kind": "outage", "severity": "SEV1",
                         "impact_started_at": "2026-11-24T22:00:00Z"}),
    )
    .await;
}

#[tokio::test]
async fn assigning_and_handing_off_keeps_the_history() {
    let app = TestApp::new().await;
    incident(&app).await;
    person(&app.db, "bob@example.com", "Bob", Role::Responder).await;
    person(&app.db, "cara@example.com", "Cara", Role::Responder).await;
    person(&app.db, "dan@example.com", "Dan", Role::Responder).await;

    let page = app.get("/incidents/1").await;
    assert!(page.text(".no-ic").starts_with("No Incident Commander."));
    assert_eq!(page.text(".org-ic .vacant"), "No Incident Commander");

    let r = app
        .post_form(
            "/incidents/1/roles",
            &[("role", "ic"), ("person", "bob@example.com"), ("note", "")],
        )
        .await;
    assert_eq!(app.follow(&r).await.text(".flash"), "Team updated.");
    app.post_form(
        "/incidents/1/roles",
        &[("role", "ol"), ("person", "cara@example.com")],
    )
    .await;
    app.post_form(
        "/incidents/1/roles",
        &[("role", "member:ol"), ("person", "dan@example.com")],
    )
    .await;
    let r = app
        .post_form(
            "/incidents/1/roles",
            &[
                ("role", "ic"),
                ("person", "cara@example.com"),
                ("note", "Bob's shift ended; rollback in progress"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let page = app.get("/incidents/1").await;
    assert!(page.texts(".no-ic").is_empty());
    assert_eq!(page.text(".org-ic .holder strong"), "Cara");
    let branches = page.texts(".org-branch");
    assert!(branches[0].starts_with("CL Held by the IC"), "{branches:?}");
    assert!(branches[1].starts_with("OL Cara"), "{branches:?}");
    assert_eq!(
        page.texts(".org-branch:nth-child(2) .org-members strong"),
        ["Dan"]
    );
    let history = page.texts(".handoffs li");
    assert_eq!(history.len(), 4);
    assert!(
        history[0].starts_with("Cara · Incident Commander · from"),
        "{history:?}"
    );
    assert!(
        history[0].contains("(now)")
            && history[0].contains("“Bob's shift ended; rollback in progress”")
    );
    assert!(
        history[3].starts_with("Bob · Incident Commander · from") && history[3].contains(" to "),
        "{history:?}"
    );
    let roles = app.get("/incidents/1?kind=role").await.texts(".entry-body");
    assert_eq!(
        roles,
        [
            "Bob took the Incident Commander role.",
            "Cara took the Operations Lead role.",
            "Dan joined the team under the Operations Lead.",
            "Cara took the Incident Commander role, handed off from Bob. Note: Bob's shift ended; rollback in progress",
        ]
    );

    // Members cannot be added twice under the same lead; unknown people are named.
    let r = app
        .post_form(
            "/incidents/1/roles",
            &[("role", "member:ol"), ("person", "dan@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.text(".alert-error"), "Dan already works under the OL.");
    let r = app
        .post_form(
            "/incidents/1/roles",
            &[("role", "member"), ("person", "nobody@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Relieving ends the assignment and is recorded.
    let dan: uuid::Uuid = sqlx::query_scalar(
        "SELECT r.id FROM role_assignment r JOIN person p ON p.id = r.person_id WHERE p.email = 'dan@example.com'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let r = app
        .post_form(&format!("/incidents/1/roles/{dan}/relieve"), &[])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Dan left the team under the Operations Lead."
    );
    let r = app
        .post_form(&format!("/incidents/1/roles/{dan}/relieve"), &[])
        .await;
    // A second click (or a colleague's) is no error: it says what happened.
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Dan's assignment had already ended."
    );
    let viewer = app.as_new(Role::Viewer).await;
    let r = viewer
        .post_form(
            "/incidents/1/roles",
            &[("role", "ic"), ("person", "dan@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_assigns_and_lists_roles() {
    let app = TestApp::new().await;
    incident(&app).await;
    person(&app.db, "bob@example.com", "Bob", Role::Responder).await;
    let r = app
        .post_json(
            "/api/v1/incidents/1/roles",
            &json!({"role": "cl", "person": "bob@example.com", "note": "on comms"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The answer names the assignment just made, and the team.
    let made = r.json();
    assert_eq!(made["assigned"]["role"], "cl");
    assert_eq!(made["assigned"]["person"], "bob@example.com");
    assert_eq!(made["current"], json!([made["assigned"].clone()]));
    let r = app
        .post_json(
            "/api/v1/incidents/1/roles",
            &json!({"role": "member", "person": "bob@example.com"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["errors"],
        json!([{"field": "under", "message": "Say whether the member works under the CL or the OL."}])
    );
    let roles = app.get("/api/v1/incidents/1/roles").await.json();
    let current = roles["current"].as_array().unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["role"], "cl");
    assert_eq!(current[0]["person"], "bob@example.com");
    assert_eq!(current[0]["note"], "on comms");
    let id = current[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(made["assigned"]["id"], id.as_str());
    let r = app
        .post_json(
            &format!("/api/v1/incidents/1/roles/{id}/relieve"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let roles = app.get("/api/v1/incidents/1/roles").await.json();
    assert_eq!(roles["current"], json!([]));
    assert!(roles["history"][0]["relieved_at"].is_string());
    // Asking again changes nothing and is no error; an id that is not this incident's is.
    let entries = app.count("timeline_entry").await;
    let again = app
        .post_json(
            &format!("/api/v1/incidents/1/roles/{id}/relieve"),
            &json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json(), roles);
    assert_eq!(app.count("timeline_entry").await, entries);
    let unknown = app
        .post_json(
            &format!("/api/v1/incidents/1/roles/{}/relieve", uuid::Uuid::nil()),
            &json!({}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn changes_are_written_to_the_timeline_and_no_route_can_change_them() {
    let app = TestApp::new().await;
    incident(&app).await;
    app.post_json(
        "/api/v1/incidents/1/status",
        &json!({"status": "identified"}),
    )
    .await;
    app.send_json(
        Method::PATCH,
        "/api/v1/incidents/1",
        &json!({"version": 2, "severity": "SEV2", "title": "Payments failing in EU"}),
    )
    .await;
    let page = app.get("/incidents/1").await;
    let bodies = page.texts(".entry-body");
    assert_eq!(bodies[0], "Declared a SEV1 outage incident.");
    assert!(
        bodies.contains(&"Status changed from investigating to identified.".to_owned()),
        "{bodies:?}"
    );
    assert!(
        !bodies.iter().any(|b| b.starts_with("Acknowledged")),
        "a status change does not acknowledge: {bodies:?}"
    );
    assert!(
        bodies.contains(&"Severity changed from SEV1 to SEV2.".to_owned()),
        "{bodies:?}"
    );
    assert!(bodies.contains(
        &"Title changed from \"Payments failing\" to \"Payments failing in EU\".".to_owned()
    ));
    assert!(
        page.texts(".entry-actions").is_empty(),
        "no edit link on system entries"
    );

    // Every route that edits notes refuses system entries.
    let system: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM timeline_entry WHERE kind = 'status' LIMIT 1")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let r = app
        .get(&format!("/incidents/1/timeline/{system}/edit"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_form(
            &format!("/incidents/1/timeline/{system}"),
            &[("body", "rewritten"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // And the database refuses even if code tried.
    let direct = sqlx::query("UPDATE timeline_entry SET body = 'rewritten' WHERE id = $1")
        .bind(system)
        .execute(&app.db)
        .await;
    assert!(direct.unwrap_err().to_string().contains("immutable"));
    let unchanged: String = sqlx::query_scalar("SELECT body FROM timeline_entry WHERE id = $1")
        .bind(system)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_ne!(unchanged, "rewritten");
}

#[tokio::test]
async fn the_timeline_is_ordered_by_event_time_and_grouped_by_day() {
    let app = TestApp::new().await;
    incident(&app).await;
    for (body, at, highlight) in [
        ("Rolled back the deploy", "2026-11-25T00:15", "on"),
        ("Paged the payments team", "2026-11-24T22:05", ""),
        ("Error rate back to normal", "2026-11-25T01:00", ""),
        ("Saw the first alerts", "2026-11-24T22:01", ""),
    ] {
        let r = app
            .post_form(
                "/incidents/1/timeline",
                &[
                    ("body", body),
                    ("occurred_at", at),
                    ("tz_offset", "0"),
                    ("highlight", highlight),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = app.get("/incidents/1?kind=note").await;
    // The clock time first, under its day; with no zone from the browser, in UTC, said so.
    assert_eq!(
        page.texts(".timeline-day"),
        ["Tue 24 Nov 2026 times in UTC", "Wed 25 Nov 2026"]
    );
    assert_eq!(
        page.texts(".entry .clock"),
        ["22:01", "22:05", "00:15", "01:00"]
    );
    assert_eq!(
        page.attr(".entry .clock", "title").as_deref(),
        Some("2026-11-24 22:01 UTC")
    );
    // A viewer in Tokyo reads the same entries on Tokyo's clock: all on the 25th.
    let tokyo = app
        .get_in_zone("/incidents/1?kind=note", "Asia/Tokyo")
        .await;
    assert_eq!(
        tokyo.texts(".timeline-day"),
        ["Wed 25 Nov 2026 times in Asia/Tokyo"]
    );
    assert_eq!(
        tokyo.texts(".entry .clock"),
        ["07:01", "07:05", "09:15", "10:00"]
    );
    // An unknown zone is ignored, not trusted.
    let nowhere = app
        .get_in_zone("/incidents/1?kind=note", "Mars/Olympus")
        .await;
    assert_eq!(
        nowhere.texts(".timeline-day")[0],
        "Tue 24 Nov 2026 times in UTC"
    );
    assert_eq!(
        page.texts(".entry-body"),
        [
            "Saw the first alerts",
            "Paged the payments team",
            "Rolled back the deploy",
            "Error rate back to normal"
        ]
    );
    assert_eq!(
        page.texts(".entry.highlighted .entry-body"),
        ["Rolled back the deploy"]
    );
    // Written in another time zone: 09:30 at UTC+10 is 23:30 UTC the day before.
    app.post_form(
        "/incidents/1/timeline",
        &[
            ("body", "Status page updated"),
            ("occurred_at", "2026-11-25T09:30"),
            ("tz_offset", "600"),
        ],
    )
    .await;
    let page = app.get("/incidents/1?kind=note").await;
    assert_eq!(page.texts(".entry-body")[2], "Status page updated");

    let r = app
        .post_form(
            "/incidents/1/timeline",
            &[("body", " "), ("occurred_at", "2099-01-01T00:00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_error("body"), "The note is required.");
    assert_eq!(
        r.field_error("occurred_at"),
        "A note cannot record something that has not happened yet."
    );
    assert_eq!(
        r.attr("#note-occurred", "value").as_deref(),
        Some("2099-01-01T00:00")
    );
}

#[tokio::test]
async fn notes_are_edited_by_their_author_with_every_revision_kept() {
    let app = TestApp::new().await;
    incident(&app).await;
    app.post_form(
        "/incidents/1/timeline",
        &[
            ("body", "Cause: **expired cert**"),
            ("occurred_at", "2026-11-24T23:00"),
        ],
    )
    .await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM timeline_entry WHERE kind = 'note'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let edit = app.get(&format!("/incidents/1/timeline/{id}/edit")).await;
    assert_eq!(edit.text("#body"), "Cause: **expired cert**");
    assert_eq!(
        edit.attr("input[name=version]", "value").as_deref(),
        Some("1")
    );

    let save = |body: &'static str, version: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                &format!("/incidents/1/timeline/{id}"),
                &[
                    ("body", body),
                    ("occurred_at", "2026-11-24T23:00"),
                    ("tz_offset", "0"),
                    ("version", version),
                ],
            )
            .await
        }
    };
    let r = save("Cause: expired intermediate cert", "1").await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Note saved; the earlier version is kept in its revisions."
    );
    let r = save("Cause: expired root cert", "2").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // A save based on version 2 after version 3 exists: refused, both texts shown.
    let r = save("My stale text", "2").await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.text(".conflict blockquote"), "Cause: expired root cert");
    assert_eq!(r.text("#body"), "My stale text");
    assert_eq!(r.attr("input[name=version]", "value").as_deref(), Some("3"));

    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.text(".entry-actions a[href$=revisions]"),
        "Edited · see 2 earlier versions"
    );
    let audit = app.get("/admin/audit?entity=note").await;
    assert_eq!(
        audit.texts("table.audit tbody tr").len(),
        3,
        "one added, two edited"
    );
    let latest = audit.text("table.audit tbody tr:first-child .changes");
    assert!(
        latest.contains("Cause: expired intermediate cert → Cause: expired root cert"),
        "{latest}"
    );
    let revisions = app
        .get(&format!("/incidents/1/timeline/{id}/revisions"))
        .await;
    assert_eq!(revisions.texts(".revision h2 ").len(), 3);
    assert_eq!(
        revisions.texts(".revision .prose"),
        [
            "Cause: expired root cert",
            "Cause: expired intermediate cert",
            "Cause: expired cert"
        ]
    );

    // Someone else may read but not edit it.
    let other = app.as_new(Role::Responder).await;
    assert_eq!(
        other
            .get(&format!("/incidents/1/timeline/{id}/edit"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = other
        .post_form(
            &format!("/incidents/1/timeline/{id}"),
            &[("body", "hijack"), ("version", "3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        other
            .get("/incidents/1")
            .await
            .texts(".entry-actions a[href$=edit]")
            .is_empty()
    );
}

#[tokio::test]
async fn the_timeline_exports_as_markdown_csv_and_json() {
    let app = TestApp::new().await;
    incident(&app).await;
    app.post_form(
        "/incidents/1/timeline",
        &[
            ("body", "=cmd|' /C calc'!A0, \"quoted\""),
            ("occurred_at", "2026-11-24T22:30"),
            ("highlight", "on"),
        ],
    )
    .await;
    let md = app.get("/incidents/1/timeline.md").await;
    assert_eq!(md.header("content-type"), "text/markdown; charset=utf-8");
    assert_eq!(
        md.header("content-disposition"),
        "attachment; filename=\"INC-1-timeline.md\""
    );
    assert!(
        md.body.starts_with("# INC-1 timeline: Payments failing\n"),
        "{}",
        md.body
    );
    assert!(
        md.body.contains(
            "\n## 2026-11-24\n\n- **22:30** ★ [Note] =cmd|' /C calc'!A0, \"quoted\" — Ada Admin\n"
        ),
        "{}",
        md.body
    );

    let csv = app.get("/incidents/1/timeline.csv").await;
    let lines: Vec<&str> = csv.body.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "occurred_at,recorded_at,kind,author,highlighted,automated,body"
    );
    let note = lines
        .iter()
        .find(|l| l.starts_with("2026-11-24T22:30:00Z"))
        .unwrap();
    assert!(
        note.ends_with(",note,Ada Admin,true,false,\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\""),
        "{note}"
    );

    let json = app.get("/incidents/1/timeline.json").await.json();
    assert_eq!(json["incident"], "INC-1");
    let entries = json["entries"].as_array().unwrap();
    let declared = entries.iter().find(|e| e["kind"] == "status").unwrap();
    assert_eq!(declared["system"], true);
    let note = entries.iter().find(|e| e["kind"] == "note").unwrap();
    assert_eq!(note["highlighted"], true);
    assert_eq!(note["occurred_at"], "2026-11-24T22:30:00Z");
}

#[tokio::test]
async fn the_api_reads_and_writes_the_timeline() {
    let app = TestApp::new().await;
    incident(&app).await;
    let r = app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "Failover started", "occurred_at": "2026-11-24T22:40:00Z", "highlight": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(created["kind"], "note");
    assert_eq!(created["author"], "Ada Admin");
    let r = app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "", "occurred_at": "soon"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["body", "occurred_at"]);
    let list = app.get("/api/v1/incidents/1/timeline").await.json();
    let kinds: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    // The note happened before the incident was declared, and sorts by when it happened.
    assert_eq!(kinds, ["note", "status"]);
}

#[tokio::test]
async fn the_cl_publishes_updates_and_late_ones_are_flagged() {
    let app = TestApp::new().await;
    incident(&app).await;
    let cara = app.as_new(Role::Responder).await;
    let cara_email = cara.who.as_ref().unwrap().person.email.clone();
    let other = app.as_new(Role::Responder).await;

    // Only the CL or IC (or an admin) publishes.
    let form = [
        ("audience", "public"),
        ("status", "We are investigating failed payments."),
        ("impact", "Card payments fail"),
        ("next_update_minutes", "30"),
    ];
    let r = cara.post_form("/incidents/1/updates", &form).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    app.post_form(
        "/incidents/1/roles",
        &[("role", "cl"), ("person", &cara_email)],
    )
    .await;
    assert!(
        cara.get("/incidents/1")
            .await
            .texts(".publish summary")
            .len()
            == 1
    );
    assert!(other.get("/incidents/1").await.texts(".publish").is_empty());
    let r = cara.post_form("/incidents/1/updates", &form).await;
    assert_eq!(
        cara.follow(&r).await.text(".flash"),
        "Public update published."
    );

    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.text(".latest-update .update-status"),
        "We are investigating failed payments."
    );
    assert_eq!(
        page.text(".latest-update .update-impact"),
        "Impact: Card payments fail"
    );
    let next = page.text(".next-update");
    assert!(
        next.starts_with("Next update due ") && next.ends_with(" min)"),
        "{next}"
    );
    // The header says it too, beside who is in charge.
    let due = page.text(".incident-facts .fact-next dd");
    assert!(due.starts_with("due ") && due.contains("(in "), "{due}");
    assert!(page.texts(".overdue-alert").is_empty());
    let entry = app
        .get("/incidents/1?kind=status_update")
        .await
        .texts(".entry-body");
    assert_eq!(entry.len(), 1);
    assert!(
        entry[0]
            .starts_with("Public update: We are investigating failed payments. Next update by ")
    );

    // Invalid updates are explained and nothing is written.
    let r = cara
        .post_form(
            "/incidents/1/updates",
            &[
                ("audience", "everyone"),
                ("status", " "),
                ("next_update_minutes", "soon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("next_update_at"),
        "Choose when the next update is due."
    );
    assert_eq!(app.count("status_update").await, 1);

    // The promised time passes.
    sqlx::query("UPDATE status_update SET next_update_at = now() - interval '5 minutes'")
        .execute(&app.db)
        .await
        .unwrap();
    let page = app.get("/incidents/1").await;
    assert!(
        page.text(".overdue-alert")
            .starts_with("Stakeholder update overdue since")
    );
    assert!(page.text(".next-update").starts_with("Next update overdue"));
    let home = app.get("/").await;
    assert_eq!(home.texts(".overdue-list li a"), ["INC-1 Payments failing"]);
    let mine = cara.get("/").await;
    assert_eq!(mine.texts("#mine-h + .table-wrap .ref"), ["INC-1"]);
    assert!(other.get("/").await.texts("#mine-h").is_empty());

    // A new update clears the flag; a resolved incident owes no more.
    let r = cara
        .post_form(
            "/incidents/1/updates",
            &[
                ("audience", "internal"),
                ("status", "Fixed, monitoring."),
                ("next_update_minutes", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(app.get("/").await.texts(".overdue-list").is_empty());
    assert!(
        app.get("/incidents/1")
            .await
            .texts(".overdue-alert")
            .is_empty()
    );
}

#[tokio::test]
async fn filing_attaches_matching_runbooks_as_tasks() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let r = app
        .post_form(
            "/admin/runbooks",
            &[
                ("title", "Outage basics"),
                ("kind", "outage"),
                (
                    "steps",
                    "# Outage\n1. Open a bridge\n2. Check recent deploys\n",
                ),
            ],
        )
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Runbook \"Outage basics\" saved."
    );
    app.post_form(
        "/admin/runbooks",
        &[
            ("title", "Checkout"),
            ("service", "checkout"),
            ("steps", "- [ ] Fail over the PSP"),
        ],
    )
    .await;
    app.post_form(
        "/admin/runbooks",
        &[
            ("title", "Search"),
            ("service", "search"),
            ("steps", "- Reindex"),
        ],
    )
    .await;
    let r = app
        .post_form("/admin/runbooks", &[("title", "Nothing"), ("steps", "x")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.field_error("kind"),
        "Choose the incident kind or the service this runbook is for."
    );
    let responder = app.as_new(Role::Responder).await;
    assert_eq!(
        responder.get("/admin/runbooks").await.status,
        StatusCode::FORBIDDEN
    );

    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1", "services": ["checkout"]}))
        .await;
    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.texts(".checklist .task-title"),
        ["Open a bridge", "Check recent deploys", "Fail over the PSP"]
    );
    assert_eq!(page.text("#tasks-h"), "Tasks 0 of 3 done");
    let attached = app
        .get("/incidents/1?kind=runbook")
        .await
        .texts(".entry-body");
    assert_eq!(
        attached,
        [
            "Attached runbook \"Outage basics\": 2 steps added as tasks.",
            "Attached runbook \"Checkout\": 1 step added as a task."
        ]
    );
    assert_eq!(
        app.get("/incidents/1?kind=runbook")
            .await
            .texts(".entry-automated")
            .len(),
        2
    );

    // Ticking off and adding tasks is recorded.
    let first: uuid::Uuid = sqlx::query_scalar("SELECT id FROM task ORDER BY position LIMIT 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let r = app
        .post_form(
            &format!("/incidents/1/tasks/{first}/done"),
            &[("done", "true")],
        )
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Task done: Open a bridge"
    );
    let r = app
        .post_form(
            "/incidents/1/tasks",
            &[("task", "Tell support"), ("assignee", "admin@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .post_form(
            "/incidents/1/tasks",
            &[("task", "  "), ("assignee", "ghost@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_error("task"), "The task is required.");
    assert_eq!(
        r.field_error("assignee"),
        "No active account has the email ghost@example.com."
    );
    let page = app.get("/incidents/1").await;
    assert_eq!(page.text("#tasks-h"), "Tasks 1 of 4 done");
    assert_eq!(
        page.texts(".checklist li.done .task-title"),
        ["Open a bridge"]
    );
    let tasks = app.get("/incidents/1?kind=task").await.texts(".entry-body");
    assert_eq!(
        tasks,
        [
            "Task done: Open a bridge",
            "Task added for Ada Admin: Tell support"
        ]
    );

    // An incident of another kind on another service gets only its service's runbook.
    app.incident(json!({"title": "Search slow", "kind": "degradation", "severity": "SEV3", "services": ["search"]}))
        .await;
    assert_eq!(
        app.get("/incidents/2")
            .await
            .texts(".checklist .task-title"),
        ["Reindex"]
    );
}
