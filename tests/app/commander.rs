//! The incident commander's hour: declaring and taking command, resolving with a closing
//! update, closing with the post-mortem decision, and pages that draw only what the viewer
//! may do.

use axum::http::StatusCode;
use murphy::domain::person::Role;
use serde_json::json;

use crate::support::{TestApp, person};

fn declare<'a>(title: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("title", title),
        ("severity", "SEV2"),
        ("kind", "outage"),
        ("impact_started_at", "2026-11-30T09:00"),
        ("tz_offset", "0"),
    ];
    form.extend_from_slice(extra);
    form
}

#[tokio::test]
async fn whoever_declares_may_take_command_and_name_new_services_in_the_same_step() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let form = app.get("/incidents/new").await;
    assert_eq!(
        form.attr("input[name=take_command]", "checked").as_deref(),
        Some(""),
        "taking command is offered, ticked"
    );
    let r = app
        .post_form(
            "/incidents",
            &declare(
                "Cards declined",
                &[
                    ("services", "checkout"),
                    ("new_services", " payments , card-gateway,checkout"),
                    ("take_command", "on"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.follow(&r).await;
    assert_eq!(page.text(".incident-facts .fact-ic dd"), "Ada Admin");
    assert_eq!(page.texts(".no-ic"), Vec::<String>::new());
    assert_eq!(
        page.texts(".incident-services .tag"),
        ["card-gateway", "checkout", "payments"]
    );
    let json = app.get("/api/v1/incidents/1").await.json();
    assert!(json["acknowledged_at"].is_string(), "{json}");
    let services = app.get("/services").await;
    assert!(
        services
            .texts("table tbody tr th, table tbody tr td:first-child")
            .iter()
            .any(|s| s.contains("card-gateway"))
    );
    let timeline = app.get("/incidents/1?kind=milestone").await;
    assert_eq!(
        timeline.texts(".entry-body"),
        ["Acknowledged: Ada Admin took command."]
    );

    // Declared without taking command: no IC, not acknowledged, flagged on the home page.
    let r = app
        .post_form("/incidents", &declare("Search slow", &[]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let json = app.get("/api/v1/incidents/2").await.json();
    assert_eq!(json["acknowledged_at"], json!(null));
    let home = app.get("/").await;
    let flagged: Vec<String> = home
        .texts("table.incidents tbody tr")
        .into_iter()
        .filter(|row| row.contains("No IC"))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].contains("INC-2 Search slow"), "{flagged:?}");

    // A status change no longer acknowledges; taking command does.
    let r = app
        .post_form("/incidents/2/status", &[("status", "identified")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let json = app.get("/api/v1/incidents/2").await.json();
    assert_eq!(json["acknowledged_at"], json!(null));
    let r = app
        .post_form(
            "/incidents/2/roles",
            &[("role", "ic"), ("person", "admin@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let json = app.get("/api/v1/incidents/2").await.json();
    assert!(json["acknowledged_at"].is_string(), "{json}");
    let home = app.get("/").await;
    assert!(home.texts(".no-ic-flag").is_empty());
}

#[tokio::test]
async fn resolving_publishes_the_closing_update_and_stops_promising_more() {
    let app = TestApp::new().await;
    app.post_form(
        "/incidents",
        &declare("Cards declined", &[("take_command", "on")]),
    )
    .await;
    let r = app
        .post_form(
            "/incidents/1/updates",
            &[
                ("audience", "internal"),
                ("status", "Investigating."),
                ("next_update_minutes", "30"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get("/incidents/1").await;
    assert!(page.text(".fact-next dd").starts_with("due "));
    let offered = page.text("#closing-text");
    assert!(
        offered.starts_with("Resolved at ") && offered.contains(" UTC: Cards declined."),
        "{offered}"
    );

    // An empty closing update is refused, and the incident stays open.
    let r = app
        .post_form(
            "/incidents/1/status",
            &[
                ("status", "resolved"),
                ("publish_update", "on"),
                ("update_status", " "),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text(".alert-error")
            .starts_with("Not resolved: the closing update was refused.")
    );
    assert_eq!(
        app.get("/api/v1/incidents/1").await.json()["status"],
        "investigating"
    );

    let r = app
        .post_form(
            "/incidents/1/status",
            &[
                ("status", "resolved"),
                ("publish_update", "on"),
                ("update_audience", "public"),
                (
                    "update_status",
                    "Resolved at 10:14 UTC: card payments work again.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.follow(&r).await;
    assert_eq!(
        page.text(".flash"),
        "INC-1 is now resolved. Closing public update published."
    );
    assert_eq!(
        page.text(".latest-update .update-status"),
        "Resolved at 10:14 UTC: card payments work again."
    );
    // Resolved: no next update is due, nothing is overdue.
    assert!(page.texts(".fact-next").is_empty());
    assert!(page.texts(".next-update").is_empty());
    assert!(page.texts(".overdue-alert").is_empty());
}

#[tokio::test]
async fn closing_asks_for_the_post_mortem_decision() {
    let app = TestApp::new().await;
    for title in ["Cards declined", "Search slow"] {
        app.post_form("/incidents", &declare(title, &[("take_command", "on")]))
            .await;
    }
    for n in [1, 2] {
        let r = app
            .post_form(&format!("/incidents/{n}/status"), &[("status", "resolved")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.attr(
            ".action-step input[name=postmortem][value=start]",
            "checked"
        )
        .as_deref(),
        Some("")
    );

    // No reason, no closing.
    let r = app
        .post_form(
            "/incidents/1/status",
            &[
                ("status", "closed"),
                ("decide", "1"),
                ("postmortem", "not_needed"),
                ("reason", "  "),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text(".alert-error"),
        "Not closed: say why no post-mortem is needed, or start one."
    );
    assert_eq!(
        app.get("/api/v1/incidents/1").await.json()["status"],
        "resolved"
    );

    let r = app
        .post_form(
            "/incidents/1/status",
            &[
                ("status", "closed"),
                ("decide", "1"),
                ("postmortem", "not_needed"),
                ("reason", "A repeat of INC-7; its actions cover this."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.follow(&r).await;
    assert_eq!(
        page.text(".flash"),
        "INC-1 is now closed. No post-mortem: the reason is on the timeline."
    );
    assert_eq!(
        page.texts("[aria-labelledby=postmortem-h] p")[0],
        "Not needed A repeat of INC-7; its actions cover this."
    );
    assert!(page.texts(".entry-body").contains(
        &"No post-mortem needed: A repeat of INC-7; its actions cover this.".to_string()
    ));
    // Reopened and closed again: the decision stands, nothing is asked.
    app.post_form("/incidents/1/status", &[("status", "investigating")])
        .await;
    app.post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    let page = app.get("/incidents/1").await;
    assert!(page.texts(".action-step input[name=decide]").is_empty());

    let r = app
        .post_form(
            "/incidents/2/status",
            &[
                ("status", "closed"),
                ("decide", "1"),
                ("postmortem", "start"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/incidents/2/postmortem");
    let pm = app.follow(&r).await;
    assert_eq!(
        pm.text(".flash"),
        "INC-2 is now closed. Post-mortem started from the incident's record with the template “SRE post-mortem”."
    );
    assert_eq!(pm.text(".pm-status .badge"), "Draft");
}

#[tokio::test]
async fn viewers_are_shown_no_control_they_cannot_use_and_get_no_response_work() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.post_form(
        "/incidents",
        &declare(
            "Cards declined",
            &[("services", "checkout"), ("take_command", "on")],
        ),
    )
    .await;
    let vera = person(&app.db, "vera@example.com", "Vera Viewer", Role::Viewer).await;
    let viewer = app.acting_as(Some(vera));
    let page = viewer.get("/incidents/1").await;
    assert_eq!(page.status, StatusCode::OK);
    for control in [
        ".incident-actions",
        "a[href='/incidents/1/edit']",
        "form[action$='/severity']",
        "form[action$='/status']",
        ".note-form",
        ".assign-form",
        ".task-form",
        "form.relieve",
        "form[action*='/impact']",
        "#publish-update",
    ] {
        assert!(
            page.texts(control).is_empty(),
            "a viewer is shown {control}"
        );
    }
    let services = viewer.get("/services").await;
    assert!(services.texts("form[action='/services']").is_empty());
    assert!(services.texts("a[href$='/edit']").is_empty());

    // Responders choose among responders only; a viewer named anyway is refused, clearly.
    let page = app.get("/incidents/1").await;
    assert!(
        !page
            .texts("#assign-person option")
            .contains(&"Vera Viewer".to_string())
    );
    assert!(
        !page
            .texts("#task-assignee option")
            .contains(&"Vera Viewer".to_string())
    );
    let r = app
        .post_form(
            "/incidents/1/roles",
            &[("role", "cl"), ("person", "vera@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text(".alert-error"),
        "Vera Viewer can only view incidents. An admin can make them a responder first (Admin → People)."
    );
    let r = app
        .post_form(
            "/incidents/1/tasks",
            &[("task", "Rotate keys"), ("assignee", "vera@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("task").await, 0);
    app.post_form("/incidents/1/postmortem/start", &[]).await;
    let r = app
        .post_form(
            "/incidents/1/postmortem/review",
            &[("reviewers", "vera@example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Vera Viewer can only view incidents."));
}
