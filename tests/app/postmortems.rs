//! Post-mortems: pre-fill, blameless flags, publishing rules, revisions and compare, the
//! stale-save refusal, exports and action items.

use axum::http::StatusCode;
use murphy::domain::person::Role;
use serde_json::json;

use crate::support::{TestApp, TestResponse, person};

/// Every section's key, in order.
pub(crate) const KEYS: [&str; 12] = [
    "summary",
    "impact",
    "timeline",
    "root_causes",
    "trigger",
    "detection",
    "resolution",
    "went_well",
    "went_wrong",
    "got_lucky",
    "lessons",
    "supporting",
];

/// An incident with a known record: milestones, a key event, another note and an IC.
async fn incident(app: &TestApp) {
    app.incident(json!({
        "title": "Checkout down", "kind": "outage", "severity": "SEV1",
        "summary": "Card payments failed.", "customer_impact": "All EU card payments failed.",
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
    app.post_json("/api/v1/incidents/1/timeline", &json!({"body": "Rolled back the release", "occurred_at": "2026-11-20T10:40:00Z", "highlight": true}))
        .await;
    app.post_json(
        "/api/v1/incidents/1/timeline",
        &json!({"body": "Checked the dashboards", "occurred_at": "2026-11-20T10:20:00Z"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/roles",
        &json!({"role": "ic", "person": "admin@example.com"}),
    )
    .await;
}

async fn start(app: &TestApp, all: bool) -> TestResponse {
    let pairs: Vec<(&str, &str)> = if all {
        vec![("all_entries", "on")]
    } else {
        vec![]
    };
    app.post_form("/incidents/1/postmortem/start", &pairs).await
}

/// Saves every section: `text` for all, with overrides.
async fn save(
    app: &TestApp,
    revision: &str,
    overrides: &[(&str, &str)],
    reason: &str,
) -> TestResponse {
    let mut pairs: Vec<(String, String)> = KEYS
        .iter()
        .map(|k| (format!("s_{k}"), format!("Text for {k}.")))
        .collect();
    for (k, v) in overrides {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k.to_string(), v.to_string()));
    }
    pairs.push(("no_actions_reason".into(), reason.into()));
    pairs.push(("revision".into(), revision.into()));
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form("/incidents/1/postmortem", &borrowed).await
}

#[tokio::test]
async fn starting_pre_fills_from_the_record() {
    let app = TestApp::new().await;
    incident(&app).await;
    let page = app.get("/incidents/1/postmortem").await;
    assert_eq!(page.text(".empty-state h2"), "No post-mortem yet");
    let r = start(&app, false).await;
    assert_eq!(r.location(), "/incidents/1/postmortem/edit");
    let edit = app.follow(&r).await;
    assert_eq!(
        edit.text(".flash"),
        "Post-mortem started from the incident's record with the template “SRE post-mortem”. Fill in the rest."
    );
    assert_eq!(edit.text("#s_summary"), "Card payments failed.");
    let impact = edit.text("#s_impact");
    assert!(
        impact.starts_with("All EU card payments failed."),
        "{impact}"
    );
    for fact in [
        "Impact started 2026-11-20 10:00 UTC.",
        "Time to detect: 5 min.",
        "Time to acknowledge: 2 min.",
        "Time to mitigate: 45 min.",
        "Time to resolve: 1 h 30 min.",
    ] {
        assert!(impact.contains(fact), "{fact} in {impact}");
    }
    assert_eq!(
        edit.text("#s_timeline"),
        "- **2026-11-20 10:40 UTC** Rolled back the release"
    );
    assert_eq!(
        edit.text("#s_supporting"),
        "Response team: - Incident Commander: Ada Admin"
    );
    assert_eq!(edit.text("#s_root_causes"), "");
    // Starting twice keeps the first.
    let again = start(&app, true).await;
    assert_eq!(
        app.follow(&again).await.text(".flash"),
        "This incident already has a post-mortem."
    );
    let incident_page = app.get("/incidents/1").await;
    assert_eq!(incident_page.text("#postmortem-h + p .badge"), "Draft");
}

#[tokio::test]
async fn every_timeline_entry_can_be_copied() {
    let app = TestApp::new().await;
    incident(&app).await;
    let edit = app.follow(&start(&app, true).await).await;
    let timeline = edit.text("#s_timeline");
    assert!(
        timeline.contains("Checked the dashboards") && timeline.contains("Rolled back the release"),
        "{timeline}"
    );
    assert!(
        timeline.contains("Declared a SEV1 outage incident."),
        "{timeline}"
    );
}

#[tokio::test]
async fn blaming_language_is_flagged_beside_its_section_but_never_blocks() {
    let app = TestApp::new().await;
    incident(&app).await;
    person(&app.db, "bob@example.com", "Bob Stone", Role::Responder).await;
    start(&app, false).await;
    let r = save(
        &app,
        "1",
        &[
            (
                "s_root_causes",
                "The outage was caused by Bob. It was human error.",
            ),
            ("s_went_wrong", "A config flag was removed without a check."),
        ],
        "",
    )
    .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Post-mortem saved as revision 2."
    );
    let page = app.get("/incidents/1/postmortem").await;
    let flags = page.texts("#section-root_causes .flags li");
    assert_eq!(flags.len(), 2, "{flags:?}");
    assert!(
        flags[0].starts_with("⚑ “caused by bob” in “The outage was caused by Bob.”"),
        "{flags:?}"
    );
    assert!(
        flags[1]
            .starts_with("⚑ “human error” in “It was human error.” — Describe what in the system"),
        "{flags:?}"
    );
    assert!(
        page.texts("#section-went_wrong .flags").is_empty(),
        "neutral text is not flagged"
    );
    assert!(
        page.text(".blameless-summary")
            .starts_with("⚑ 2 passages may blame people")
    );
    let edit = app.get("/incidents/1/postmortem/edit").await;
    assert_eq!(edit.texts("#section-root_causes .flags li").len(), 2);
}

#[tokio::test]
async fn publishing_needs_every_section_actions_and_approval() {
    let app = TestApp::new().await;
    incident(&app).await;
    let rae = person(&app.db, "rae@example.com", "Rae Reviewer", Role::Responder).await;
    let reviewer = app.acting_as(Some(rae));
    start(&app, false).await;

    let r = app.post_form("/incidents/1/postmortem/publish", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let problem = r.text(".alert-error");
    assert!(
        problem.contains(
            "Root causes and contributing factors is empty: write it or mark it not applicable."
        ),
        "{problem}"
    );
    assert!(
        problem.contains("Add at least one action item, or say why none is needed."),
        "{problem}"
    );
    assert!(problem.contains("Send it for review first."), "{problem}");

    // Every section written or not applicable, and a reason for no action items.
    save(
        &app,
        "1",
        &[("s_got_lucky", ""), ("na_got_lucky", "on")],
        "The fix was a config revert; nothing else to change.",
    )
    .await;
    let r = app
        .post_form(
            "/incidents/1/postmortem/review",
            &[("reviewers", "rae@example.com")],
        )
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Sent for review. Reviewers can comment on each section and approve."
    );
    let r = app.post_form("/incidents/1/postmortem/publish", &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.text(".alert-error")
            .ends_with("Rae Reviewer has not approved it yet.")
    );

    // The reviewer comments on a section and approves.
    let r = reviewer
        .post_form(
            "/incidents/1/postmortem/comments",
            &[("section", "trigger"), ("body", "Which flag exactly?")],
        )
        .await;
    assert_eq!(
        reviewer.follow(&r).await.text(".flash"),
        "Comment added to Trigger."
    );
    // Approving with one's own comment open asks first, listing it.
    let r = reviewer
        .post_form("/incidents/1/postmortem/approve", &[])
        .await;
    assert_eq!(
        r.location(),
        "/incidents/1/postmortem?confirm=approve#confirm-approve"
    );
    let page = reviewer.follow(&r).await;
    assert_eq!(
        page.text(".flash"),
        "Not approved yet: your comment is still open."
    );
    assert_eq!(
        page.texts("#confirm-approve li"),
        ["Trigger: Which flag exactly?"]
    );
    // The author answers and resolves it; then approving needs no question.
    let resolve = page.attr(".resolve-comment", "action").unwrap();
    let r = app.post_form(&resolve, &[]).await;
    assert_eq!(app.follow(&r).await.text(".flash"), "Comment resolved.");
    assert_eq!(
        app.get("/incidents/1/postmortem")
            .await
            .texts(".comments li.resolved .badge"),
        ["Resolved"]
    );
    let r = reviewer
        .post_form("/incidents/1/postmortem/approve", &[])
        .await;
    assert_eq!(reviewer.follow(&r).await.text(".flash"), "Approved.");
    let other = app.as_new(Role::Viewer).await;
    assert_eq!(
        other
            .post_form("/incidents/1/postmortem/approve", &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let r = app.post_form("/incidents/1/postmortem/publish", &[]).await;
    let page = app.follow(&r).await;
    assert_eq!(
        page.text(".flash"),
        "Published. The post-mortem is now read-only."
    );
    assert_eq!(page.text(".pm-status .badge"), "Published");
    assert!(
        page.text(".pm-status p:first-child")
            .contains("by Ada Admin")
    );
    assert_eq!(page.texts("#section-trigger .comments li").len(), 1);
    assert_eq!(page.text(".authors"), "Authors: Ada Admin");
    assert!(
        page.texts("a[href$='postmortem/edit']").is_empty(),
        "read-only"
    );
    assert_eq!(page.text("#section-got_lucky .muted"), "Not applicable.");

    // Published is read-only: a save is refused and nothing changes.
    let r = save(&app, "2", &[("s_summary", "Sneaky edit")], "").await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "The post-mortem is published and read-only; reopen it to start a new revision."
    );
    let r = app.get("/incidents/1/postmortem/edit").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Reopening starts a new revision; the published one is kept.
    let r = app.post_form("/incidents/1/postmortem/reopen", &[]).await;
    assert!(
        app.follow(&r)
            .await
            .text(".flash")
            .starts_with("Reopened as a draft")
    );
    let r = save(
        &app,
        "2",
        &[("s_summary", "Card payments failed for 90 minutes.")],
        "Config revert only.",
    )
    .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Post-mortem saved as revision 3."
    );
    let revisions = app.get("/incidents/1/postmortem/revisions").await;
    assert_eq!(revisions.texts(".revision-list li").len(), 3);
    assert_eq!(revisions.texts("h2")[0], "Revision 2 → 3");
    let diff = revisions.texts(".diff");
    assert!(
        diff[0].starts_with("Summary - Text for summary. + Card payments failed for 90 minutes."),
        "{diff:?}"
    );
    let compare = app
        .get("/incidents/1/postmortem/revisions?from=1&to=3")
        .await;
    assert!(
        compare
            .texts(".diff h3")
            .contains(&"Root causes and contributing factors".to_owned())
    );
}

#[tokio::test]
async fn a_stale_save_is_refused_with_both_versions() {
    let app = TestApp::new().await;
    incident(&app).await;
    start(&app, false).await;
    let other = app.as_new(Role::Responder).await;
    save(&other, "1", &[("s_trigger", "A feature flag flipped.")], "").await;
    let r = save(
        &app,
        "1",
        &[("s_trigger", "My version of the trigger.")],
        "",
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.text(".conflict p")
            .starts_with("Someone else saved the post-mortem")
    );
    assert_eq!(
        r.text("#section-trigger .theirs blockquote"),
        "A feature flag flipped."
    );
    assert_eq!(r.text("#s_trigger"), "My version of the trigger.");
    assert_eq!(
        r.attr("input[name=revision]", "value").as_deref(),
        Some("2")
    );
    let page = app.get("/incidents/1/postmortem").await;
    assert_eq!(
        page.text("#section-trigger .prose"),
        "A feature flag flipped."
    );
}

#[tokio::test]
async fn action_items_are_tracked_across_incidents() {
    let app = TestApp::new().await;
    incident(&app).await;
    start(&app, false).await;
    let bob = person(&app.db, "bob@example.com", "Bob Stone", Role::Responder).await;
    let r = app
        .post_form(
            "/incidents/1/postmortem/actions",
            &[
                ("title", ""),
                ("priority", "p9"),
                ("kind", "prevent"),
                ("due_on", "soon"),
                ("owner", "ghost@example.com"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_error("title"), "Title is required.");
    assert_eq!(
        r.field_error("due_on"),
        "\"soon\" is not a date; use the form 2026-12-31."
    );
    for (title, kind, due, owner) in [
        (
            "Add a canary stage",
            "prevent",
            "2026-01-15",
            "bob@example.com",
        ),
        (
            "Alert on payment error rate",
            "detect",
            "2099-01-01",
            "bob@example.com",
        ),
        ("Write the rollback runbook", "process", "", ""),
    ] {
        let r = app
            .post_form(
                "/incidents/1/postmortem/actions",
                &[
                    ("title", title),
                    ("kind", kind),
                    ("priority", "p2"),
                    ("due_on", due),
                    ("owner", owner),
                    ("tracker_url", "https://tracker.example/1"),
                ],
            )
            .await;
        assert_eq!(app.follow(&r).await.text(".flash"), "Action item added.");
    }
    let page = app.get("/incidents/1/postmortem").await;
    assert_eq!(page.texts("#actions tbody tr").len(), 3);
    assert_eq!(
        page.texts("#actions tr.overdue td:first-child strong"),
        ["Add a canary stage"]
    );

    let list = app.get("/action-items").await;
    assert_eq!(
        list.texts("tbody tr td:first-child strong"),
        [
            "Add a canary stage",
            "Alert on payment error rate",
            "Write the rollback runbook"
        ]
    );
    // Newest first, by its column header, keeping the filters.
    let created = app.get("/action-items?sort=created").await;
    assert_eq!(
        created.texts("tbody tr td:first-child strong"),
        [
            "Write the rollback runbook",
            "Alert on payment error rate",
            "Add a canary stage"
        ]
    );
    assert_eq!(created.texts("th[aria-sort=descending]"), ["Action ▼"]);
    let filtered = app.get("/action-items?kind=detect").await;
    assert_eq!(
        filtered.attr("th a.sort-link", "href").as_deref(),
        Some("/action-items?kind=detect&sort=created")
    );
    assert_eq!(
        app.get("/action-items?sort=sideways").await.status,
        StatusCode::BAD_REQUEST
    );
    let overdue = app.get("/action-items?overdue=on").await;
    assert_eq!(
        overdue.texts("tbody tr td:first-child strong"),
        ["Add a canary stage"]
    );
    let detect = app.get("/action-items?kind=detect").await;
    assert_eq!(
        detect.texts("tbody tr td:first-child strong"),
        ["Alert on payment error rate"]
    );
    let bobs = app.acting_as(Some(bob));
    let mine = bobs.get("/action-items?owner=me").await;
    assert_eq!(mine.texts("tbody tr").len(), 2);
    // "My action items" on the home page need no Owner column.
    assert!(
        !bobs
            .get("/")
            .await
            .texts("#my-actions-h + .table-wrap thead th")
            .contains(&"Owner".to_string())
    );
    let home = bobs.get("/").await;
    assert_eq!(home.texts("#my-actions-h + .table-wrap tbody tr").len(), 2);

    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM action_item WHERE title = 'Add a canary stage'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let r = bobs
        .post_form(
            &format!("/action-items/{id}/status"),
            &[("status", "done"), ("back", "/action-items?owner=me")],
        )
        .await;
    assert_eq!(r.location(), "/action-items?owner=me");
    assert_eq!(
        bobs.follow(&r).await.text(".flash"),
        "\"Add a canary stage\" is now done."
    );
    assert!(
        app.get("/action-items?overdue=on")
            .await
            .texts("tbody tr")
            .is_empty()
    );
    assert_eq!(
        app.get("/action-items?status=done")
            .await
            .texts("tbody tr")
            .len(),
        1
    );
    let viewer = app.as_new(Role::Viewer).await;
    let r = viewer
        .post_form(&format!("/action-items/{id}/status"), &[("status", "open")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_post_mortem_exports_as_markdown_and_json() {
    let app = TestApp::new().await;
    incident(&app).await;
    start(&app, false).await;
    save(
        &app,
        "1",
        &[
            ("s_trigger", ""),
            ("na_trigger", "on"),
            ("s_lessons", "Canaries catch bad configs."),
        ],
        "",
    )
    .await;
    app.post_form(
        "/incidents/1/postmortem/actions",
        &[
            ("title", "Add a canary | stage"),
            ("kind", "prevent"),
            ("priority", "p1"),
            ("due_on", "2027-01-31"),
        ],
    )
    .await;
    let md = app.get("/incidents/1/postmortem.md").await;
    assert_eq!(
        md.header("content-disposition"),
        "attachment; filename=\"INC-1-postmortem.md\""
    );
    assert!(
        md.body.starts_with(
            "# Post-mortem: INC-1 Checkout down\n\nSEV1 · Outage · Draft · revision 2 · template: SRE post-mortem\n"
        ),
        "{}",
        md.body
    );
    assert!(
        md.body.contains("\n## Trigger\n\nNot applicable.\n"),
        "{}",
        md.body
    );
    assert!(
        md.body
            .contains("\n## Lessons learned\n\nCanaries catch bad configs.\n"),
        "{}",
        md.body
    );
    assert!(
        md.body
            .contains("| Add a canary \\| stage | Prevent | P1 | — | 2027-01-31 | Open |"),
        "{}",
        md.body
    );
    let json = app.get("/incidents/1/postmortem.json").await.json();
    assert_eq!(json["state"], "draft");
    assert_eq!(json["sections"].as_array().unwrap().len(), 12);
    assert_eq!(json["sections"][4]["key"], "trigger");
    assert_eq!(json["sections"][4]["not_applicable"], true);
    assert_eq!(json["action_items"][0]["priority"], "p1");
    let api = app.get("/api/v1/incidents/1/postmortem").await;
    assert_eq!(api.status, StatusCode::OK);
    // The API's document is the export with the review around it.
    let api = api.json();
    for (key, value) in json.as_object().unwrap() {
        assert_eq!(&api[key], value, "{key}");
    }
    assert_eq!(
        (&api["reviewers"], &api["comments"], &api["flags"]),
        (&json!([]), &json!([]), &json!([]))
    );
    let api_md = app.get("/api/v1/incidents/1/postmortem.md").await;
    assert_eq!(api_md.body, md.body);
    let print = app.get("/incidents/1/postmortem/print").await;
    assert_eq!(print.text("h1"), "Post-mortem: Checkout down");
    // Twelve sections, what contributed, the action items.
    assert_eq!(print.texts(".print-section h2").len(), 14);
    assert!(print.texts("nav").is_empty(), "the document alone");
    assert_eq!(
        app.get("/api/v1/incidents/2/postmortem").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_pdf_export_has_extractable_text() {
    let app = TestApp::new().await;
    incident(&app).await;
    start(&app, false).await;
    save(
        &app,
        "1",
        &[
            (
                "s_lessons",
                "Canaries catch bad configs — before customers do.\n\n\
                 1. Ação imediata: revisão do certificado\n\
                 2. Zażółć gęślą jaźń; Größe prüfen\n\n\
                 - Owner: 田中 太郎 🚒\n\
                 - See [the runbook](https://runbooks.example.com/tls)",
            ),
            (
                "s_summary",
                "| Host | Expiry |\n|---|---|\n| gw-eu-1 | 2026-11-20 |",
            ),
        ],
        "",
    )
    .await;
    app.post_form(
        "/incidents/1/postmortem/actions",
        &[
            ("title", "Add a canary stage"),
            ("kind", "prevent"),
            ("priority", "p1"),
        ],
    )
    .await;
    let r = app
        .request(
            axum::http::Request::get("/incidents/1/postmortem.pdf")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.header("content-type"), "application/pdf");
    assert_eq!(
        r.header("content-disposition"),
        "attachment; filename=\"INC-1-postmortem.pdf\""
    );
    let Some(text) = app
        .pdf_text("/incidents/1/postmortem.pdf", "postmortem.pdf")
        .await
    else {
        eprintln!("skipped: pdftotext is not installed (apt-get install poppler-utils)");
        return;
    };
    for expected in [
        "Post-mortem: INC-1 Checkout down",
        "Root causes and contributing factors",
        "Canaries catch bad configs — before customers do.",
        "Text for impact.",
        // Any text prints as typed: Portuguese, Polish, German; lists keep their markers.
        "1. Ação imediata: revisão do certificado",
        "2. Zażółć gęślą jaźń; Größe prüfen",
        "• See the runbook",
        // A name in a script no embedded font has is kept in the text, not turned to "?".
        "田中 太郎",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    assert!(!text.contains('?'), "no character was replaced:\n{text}");
    // Tables are drawn as tables: their cells, not Markdown pipes.
    assert!(!text.contains("| "), "pipes printed:\n{text}");
    for cell in [
        "Host",
        "Expiry",
        "gw-eu-1",
        "Add a canary stage",
        "Prevent",
        "P1",
    ] {
        assert!(text.contains(cell), "{cell:?} not in:\n{text}");
    }
}

#[tokio::test]
async fn the_editor_previews_markdown_and_flags_while_typing() {
    let app = TestApp::new().await;
    person(&app.db, "bob@example.com", "Bob Stone", Role::Responder).await;
    let r = app
        .post_form(
            "/markdown/preview",
            &[("text", "**Bold** <script>x</script>. Bob broke the deploy.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(
        body["html"],
        "<p><strong>Bold</strong> . Bob broke the deploy.</p>\n"
    );
    assert_eq!(body["flags"][0]["phrase"], "bob broke");
    let neutral = app
        .post_form(
            "/markdown/preview",
            &[("text", "The deploy removed a limit.")],
        )
        .await;
    assert_eq!(neutral.json()["flags"], json!([]));
    let without_token = app
        .post_form_raw("/markdown/preview", &[("text", "x")])
        .await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn publish_says_what_blocks_it_and_asks_before_publishing_blame() {
    let app = TestApp::new().await;
    incident(&app).await;
    let rae = person(&app.db, "rae@example.com", "Rae Reviewer", Role::Responder).await;
    start(&app, false).await;
    // Blocked: the button says so and the reasons are on the page, not behind it.
    let page = app.get("/incidents/1/postmortem").await;
    assert_eq!(
        page.attr("button.publish-blocked", "disabled").as_deref(),
        Some("")
    );
    assert!(page.text("button.publish-blocked").starts_with("Publish: "));
    assert!(
        page.texts("#publish-blockers li")
            .contains(&"Send it for review first.".to_string())
    );
    assert!(page.texts("form[action$='/postmortem/publish']").is_empty());

    save(
        &app,
        "1",
        &[(
            "s_went_wrong",
            "The operator should have checked the expiry date.",
        )],
        "The fix was a config revert; nothing else to change.",
    )
    .await;
    // The editor's section navigation says where each section stands.
    let editor = app.get("/incidents/1/postmortem/edit").await;
    let nav = editor.texts(".pm-nav li");
    assert_eq!(nav.len(), KEYS.len() + 1, "{nav:?}");
    assert!(nav.contains(&"What went wrong ⚑ 1".to_string()), "{nav:?}");
    assert!(nav.contains(&"Trigger ✓".to_string()), "{nav:?}");
    app.post_form(
        "/incidents/1/postmortem/review",
        &[("reviewers", "rae@example.com")],
    )
    .await;
    // The reviewer finds the request on their home page until they approve.
    let reviewer = app.acting_as(Some(rae));
    assert_eq!(
        reviewer.get("/").await.texts(".reviews-requested li a"),
        ["INC-1 Checkout down"]
    );
    assert!(app.get("/").await.texts(".reviews-requested").is_empty());
    reviewer
        .post_form("/incidents/1/postmortem/approve", &[])
        .await;
    assert!(
        reviewer
            .get("/")
            .await
            .texts(".reviews-requested")
            .is_empty()
    );
    // Publishing with a flag open asks first, listing it; nothing is published.
    let r = app.post_form("/incidents/1/postmortem/publish", &[]).await;
    assert_eq!(
        r.location(),
        "/incidents/1/postmortem?confirm=publish#confirm-publish"
    );
    let page = app.follow(&r).await;
    assert_eq!(
        page.text(".flash"),
        "Not published yet: some passages may blame people. Look at them first."
    );
    let listed = page.texts(".confirm-publish .flag-list li");
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].starts_with(
            "What went wrong: “should have” in “The operator should have checked the expiry date.”"
        ),
        "{listed:?}"
    );
    assert_eq!(page.text(".pm-status .badge"), "In review");
    // Publishing anyway is a choice made with the flags in view.
    let r = app
        .post_form("/incidents/1/postmortem/publish", &[("confirm", "1")])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Published. The post-mortem is now read-only."
    );
}

/// A team that reads Murphy in Portuguese writes its post-mortem in Portuguese: the
/// headings, the first draft, the blameless check, what stands before publishing and the
/// exports all speak it.
#[tokio::test]
async fn a_post_mortem_written_in_portuguese() {
    let app = TestApp::new().await;
    incident(&app).await;
    app.post_form("/settings/language", &[("language", "pt-BR")])
        .await;
    let empty = app.get("/incidents/1/postmortem").await;
    assert_eq!(empty.text(".empty-state h2"), "Ainda não há post-mortem");
    assert_eq!(
        empty.attr("#language option[selected]", "value").as_deref(),
        Some("pt-BR")
    );
    let r = start(&app, false).await;
    let edit = app.follow(&r).await;
    assert_eq!(
        edit.text(".flash"),
        "Post-mortem iniciado a partir do registro do incidente com o modelo “Post-mortem SRE”. \
         Preencha o resto."
    );
    assert_eq!(
        edit.texts(".pm-nav li a")[..4],
        [
            "Resumo",
            "Impacto",
            "Linha do tempo",
            "Causas raiz e fatores contribuintes"
        ]
    );
    let impact = edit.text("#s_impact");
    for fact in [
        "O impacto começou em 2026-11-20 10:00 UTC.",
        "Tempo até detectar: 5 min.",
        "Tempo até resolver: 1 h 30 min.",
    ] {
        assert!(impact.contains(fact), "{fact} in {impact}");
    }
    assert_eq!(
        edit.text("#s_supporting"),
        "Equipe de resposta: - Incident Commander: Ada Admin".replace(
            "Incident Commander",
            &murphy::i18n::Lang::PtBr.t("team-role-ic")
        )
    );
    assert_eq!(
        edit.attr("#s_summary", "data-language").as_deref(),
        Some("pt-BR")
    );

    // The blameless check reads Portuguese.
    let revision = edit.attr("input[name=revision]", "value").unwrap();
    let saved = save(
        &app,
        &revision,
        &[("s_root_causes", "A causa foi erro humano no deploy.")],
        "",
    )
    .await;
    let view = app.follow(&saved).await;
    assert_eq!(view.text(".flash"), "Post-mortem salvo como revisão 2.");
    assert_eq!(
        view.texts("#section-root_causes .flags li"),
        [
            "⚑ “erro humano” em “A causa foi erro humano no deploy.” — Descreva o que no \
          sistema ou no processo tornou o erro fácil de cometer e difícil de perceber."
        ]
    );
    assert_eq!(
        view.text(".blameless-summary"),
        "⚑ 1 trecho pode culpar pessoas em vez de sistemas; veja as notas ao lado de cada seção."
    );
    assert_eq!(
        view.texts(".blockers li"),
        [
            "Adicione pelo menos um item de ação ou diga por que nenhum é necessário.",
            "Envie para revisão primeiro."
        ]
    );
    assert_eq!(view.text(".publish-blocked"), "Publicar: faltam 2 coisas");
    let refused = app
        .post_form("/incidents/1/postmortem/publish", &[("confirm", "1")])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.text(".alert-error"),
        "Ainda não publicado: Adicione pelo menos um item de ação ou diga por que nenhum é \
         necessário. Envie para revisão primeiro."
    );

    // The exports are in the reader's language; what people wrote stays as written.
    let md = app.get("/incidents/1/postmortem.md").await;
    assert!(
        md.body.starts_with(
            "# Post-mortem: INC-1 Checkout down\n\nSEV1 · Indisponibilidade · Rascunho · revisão 2 \
             · modelo: Post-mortem SRE\n\n## Resumo\n\n"
        ),
        "{}",
        md.body
    );
    assert!(
        md.body.contains(
            "\n## O que contribuiu\n\n- Fatores contribuintes: nenhum escolhido ainda\n\
             - Gatilhos: nenhum escolhido ainda\n- Detectado por: não informado\n\n\
             ## Itens de ação\n\nNenhum ainda.\n"
        ),
        "{}",
        md.body
    );
    if let Some(text) = app
        .pdf_text("/incidents/1/postmortem.pdf", "postmortem-pt.pdf")
        .await
    {
        for words in [
            "Lições aprendidas",
            "O que contribuiu",
            "Detectado por: não informado",
        ] {
            assert!(text.contains(words), "{words} in {text}");
        }
    }
    let print = app.get("/incidents/1/postmortem/print").await;
    assert_eq!(print.attr("html", "lang").as_deref(), Some("pt-BR"));
    assert_eq!(print.texts(".print-section h2")[11], "Informações de apoio");

    // The API says which language it is written in, and flags by its rules.
    let doc = app.get("/api/v1/incidents/1/postmortem").await.json();
    assert_eq!(doc["language"], "pt-BR");
    assert_eq!(doc["sections"][0]["title"], "Resumo");
    assert_eq!(doc["flags"][0]["phrase"], "erro humano");
}
