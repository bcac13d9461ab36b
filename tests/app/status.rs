//! The public status page: what a person who is not signed in sees while an incident runs
//! its course, what never reaches them, the Statuspage-shaped JSON, and the signed-in page
//! that sets it up.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::TestApp;
use murphy::domain::person::Role;
use murphy::i18n::Lang;

async fn service_id(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("SELECT id::text FROM service WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Shows `service` on the status page as `public_name` in `group`.
pub async fn show(app: &TestApp, service: &str, public_name: &str, group: &str) -> String {
    let id = service_id(app, service).await;
    let r = app
        .post_form(
            &format!("/status-page/components/{id}"),
            &[
                ("public_name", public_name),
                ("description", ""),
                ("group", group),
                ("position", ""),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    id
}

pub async fn publish(app: &TestApp, number: i64, audience: &str, text: &str) {
    let r = app
        .post_form(
            &format!("/incidents/{number}/updates"),
            &[
                ("audience", audience),
                ("status", text),
                ("impact", ""),
                ("next_update_minutes", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// The status page, its JSON and the incident's own page, as nobody signed in reads them.
async fn everything_public(app: &TestApp, number: i64) -> String {
    let public = app.anonymous();
    let mut all = String::new();
    for path in [
        "/status".to_owned(),
        "/status/history".to_owned(),
        format!("/status/incidents/{number}"),
        "/status/api/v2/summary.json".to_owned(),
        "/status/api/v2/status.json".to_owned(),
        "/status/api/v2/components.json".to_owned(),
        "/status/api/v2/incidents.json".to_owned(),
        "/status/api/v2/incidents/unresolved.json".to_owned(),
    ] {
        let r = public.get(&path).await;
        all.push_str(&r.body);
    }
    all
}

#[tokio::test]
async fn a_person_who_is_not_signed_in_follows_an_incident_to_its_end() {
    let app = TestApp::new().await;
    for name in ["checkout", "search", "ledger-db"] {
        app.service(name).await;
    }
    let checkout = show(&app, "checkout", "Card payments", "Payments").await;
    show(&app, "search", "Search", "").await;
    let public = app.anonymous();

    let page = public.get("/status").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text(".status-banner h1"), "All systems operational");
    assert_eq!(
        page.texts(".status-component-head"),
        ["Search Operational", "Card payments Operational"]
    );
    assert_eq!(page.texts(".status-group-name"), ["Payments"]);
    assert!(!page.body.contains("ledger-db"), "not a public service");
    assert_eq!(
        page.texts(".uptime-legend span:nth-child(2)")[0],
        "100.00 % uptime"
    );
    assert_eq!(page.texts(".uptime-bar rect").len(), 2 * 90);

    // Declared, with an internal update only: nothing public yet.
    app.incident(json!({
        "title": "Checkout is down",
        "kind": "outage",
        "severity": "SEV1",
        "services": ["checkout", "ledger-db"],
    }))
    .await;
    publish(
        &app,
        1,
        "internal",
        "Ledger primary at 100 % CPU, paging Ada",
    )
    .await;
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "All systems operational");
    assert!(page.texts(".status-incident").is_empty());
    assert_eq!(
        public.get("/status/incidents/1").await.status,
        StatusCode::NOT_FOUND
    );

    // The first public update puts it on the page.
    publish(
        &app,
        1,
        "public",
        "We are investigating failed card payments.",
    )
    .await;
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "Major Service Outage");
    assert_eq!(
        page.text("#open-h + .status-incident h3"),
        "Checkout is down"
    );
    assert_eq!(
        page.text("#open-h + .status-incident .status-incident-meta"),
        "Investigating Affects Card payments"
    );
    assert_eq!(
        page.text("#open-h + .status-incident .status-updates .pre"),
        "We are investigating failed card payments."
    );
    assert_eq!(
        page.texts(".status-component-head"),
        ["Search Operational", "Card payments Major outage"]
    );

    // Partial impact: degraded; the SEV1 still sets the banner.
    let r = app
        .post_form(
            &format!("/incidents/1/services/{checkout}/impact"),
            &[("impact", "partial")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = public.get("/status").await;
    assert_eq!(
        page.texts(".status-component-head")[1],
        "Card payments Degraded performance"
    );
    assert_eq!(page.text(".status-banner h1"), "Major Service Outage");

    publish(&app, 1, "public", "A fix is rolling out; payments recover.").await;
    let r = app
        .post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "All systems operational");
    assert!(page.texts("#open-h").is_empty());
    assert_eq!(
        page.text("#past-h ~ .status-incident h3"),
        "Checkout is down"
    );
    assert_eq!(
        page.text("#past-h ~ .status-incident .badge"),
        "Resolved",
        "closed and resolved read alike"
    );
    // Today's cell of the payments bar: partial impact, the incident named.
    let today = page.attr(
        ".status-group:nth-of-type(2) .uptime-bar rect:last-of-type",
        "class",
    );
    assert_eq!(today.as_deref(), Some("day-partial"), "{}", page.body);
    assert!(
        page.text(".status-group:nth-of-type(2) .uptime-bar rect:last-of-type title")
            .contains("of impact (#1)")
    );

    let story = public.get("/status/incidents/1").await;
    assert_eq!(
        story.texts(".status-updates .pre"),
        [
            "A fix is rolling out; payments recover.",
            "We are investigating failed card payments."
        ]
    );
    let history = public.get("/status/history").await;
    assert_eq!(history.texts(".status-incident h3"), ["Checkout is down"]);

    // What never reaches the public.
    let all = everything_public(&app, 1).await;
    for secret in [
        "Ledger primary",
        "paging Ada",
        "Ada Admin",
        "admin@example.com",
        "ledger-db",
    ] {
        assert!(!all.contains(secret), "{secret} reached the public");
    }
}

#[tokio::test]
async fn restricted_incidents_and_internal_updates_never_reach_the_public() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    show(&app, "checkout", "Card payments", "").await;
    app.incident(json!({
        "title": "Card data exposure under investigation",
        "kind": "security",
        "severity": "SEV1",
        "services": ["checkout"],
        "restricted": true,
    }))
    .await;
    publish(&app, 1, "public", "Secret public words about the exposure").await;
    let public = app.anonymous();
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "All systems operational");
    assert_eq!(
        page.texts(".status-component-head"),
        ["Card payments Operational"]
    );
    assert_eq!(
        public.get("/status/incidents/1").await.status,
        StatusCode::NOT_FOUND
    );
    let all = everything_public(&app, 1).await;
    for secret in ["exposure", "Secret public words"] {
        assert!(!all.contains(secret), "{secret} reached the public");
    }
    let summary = public.get("/status/api/v2/summary.json").await.json();
    assert_eq!(summary["incidents"], json!([]));
    assert_eq!(summary["status"]["indicator"], "none");
}

/// The keys of a Statuspage v2 object, as its public API documentation shows them.
fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

#[tokio::test]
async fn the_json_has_statuspage_shapes() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let checkout = show(&app, "checkout", "Card payments", "Payments").await;
    let search = show(&app, "search", "Search", "").await;
    app.incident(json!({
        "title": "Slow search",
        "kind": "degradation",
        "severity": "SEV3",
        "services": ["search"],
    }))
    .await;
    publish(&app, 1, "public", "Searches take a few seconds.").await;
    let public = app.anonymous();

    let r = public.get("/status/api/v2/summary.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/json");
    let summary = r.json();
    assert_eq!(
        keys(&summary),
        sorted(&[
            "page",
            "components",
            "incidents",
            "scheduled_maintenances",
            "status"
        ])
    );
    // Statuspage's page object.
    let page = &summary["page"];
    assert_eq!(
        keys(page),
        sorted(&["id", "name", "url", "time_zone", "updated_at"])
    );
    assert_eq!(page["name"], "Service status");
    assert_eq!(page["url"], "/status");
    // Full impact on a SEV3: a partial outage.
    assert_eq!(
        summary["status"],
        json!({"indicator": "major", "description": "Partial System Outage"})
    );

    // Components, then their group as a group component listing them.
    let components = summary["components"].as_array().unwrap();
    assert_eq!(components.len(), 3);
    let component_keys = sorted(&[
        "id",
        "name",
        "status",
        "created_at",
        "updated_at",
        "position",
        "description",
        "showcase",
        "start_date",
        "group_id",
        "page_id",
        "group",
        "only_show_if_degraded",
    ]);
    // Ungrouped components first, then each group's, as the page shows them.
    let payments = &components[1];
    assert_eq!(keys(payments), component_keys);
    assert_eq!(payments["id"], checkout);
    assert_eq!(payments["name"], "Card payments");
    assert_eq!(payments["status"], "operational");
    assert_eq!(payments["group_id"], "group-payments");
    assert_eq!(payments["group"], false);
    assert_eq!(payments["description"], Value::Null);
    assert_eq!(components[0]["id"], search);
    assert_eq!(components[0]["status"], "partial_outage", "{components:?}");
    assert_eq!(components[0]["group_id"], Value::Null);
    let group = &components[2];
    let mut group_keys = component_keys.clone();
    group_keys.push("components".into());
    group_keys.sort();
    assert_eq!(keys(group), group_keys);
    assert_eq!(group["group"], true);
    assert_eq!(group["name"], "Payments");
    assert_eq!(group["components"], json!([checkout]));

    // The unresolved incident with its update.
    let incidents = summary["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 1);
    let incident = &incidents[0];
    assert_eq!(
        keys(incident),
        sorted(&[
            "id",
            "name",
            "status",
            "created_at",
            "updated_at",
            "monitoring_at",
            "resolved_at",
            "impact",
            "shortlink",
            "started_at",
            "page_id",
            "incident_updates",
            "components",
        ])
    );
    assert_eq!(incident["id"], "1");
    assert_eq!(incident["name"], "Slow search");
    assert_eq!(incident["status"], "investigating");
    assert_eq!(incident["impact"], "minor");
    assert_eq!(incident["shortlink"], "/status/incidents/1");
    assert_eq!(incident["monitoring_at"], Value::Null);
    assert_eq!(incident["resolved_at"], Value::Null);
    let update = &incident["incident_updates"][0];
    assert_eq!(
        keys(update),
        sorted(&[
            "id",
            "status",
            "body",
            "incident_id",
            "created_at",
            "updated_at",
            "display_at",
            "affected_components",
            "deliver_notifications",
            "custom_tweet",
            "tweet_id",
        ])
    );
    assert_eq!(update["body"], "Searches take a few seconds.");
    assert_eq!(update["status"], "investigating");
    assert_eq!(update["incident_id"], "1");
    assert_eq!(incident["components"][0]["name"], "Search");
    assert_eq!(summary["scheduled_maintenances"], json!([]));

    let status = public.get("/status/api/v2/status.json").await.json();
    assert_eq!(keys(&status), sorted(&["page", "status"]));
    assert_eq!(status["status"], summary["status"]);
    let components = public.get("/status/api/v2/components.json").await.json();
    assert_eq!(components["components"], summary["components"]);
    let unresolved = public
        .get("/status/api/v2/incidents/unresolved.json")
        .await
        .json();
    assert_eq!(unresolved["incidents"], summary["incidents"]);
    let all = public.get("/status/api/v2/incidents.json").await.json();
    assert_eq!(all["incidents"], summary["incidents"]);
    for path in [
        "/status/api/v2/scheduled-maintenances.json",
        "/status/api/v2/scheduled-maintenances/upcoming.json",
        "/status/api/v2/scheduled-maintenances/active.json",
    ] {
        let m = public.get(path).await.json();
        assert_eq!(
            keys(&m),
            sorted(&["page", "scheduled_maintenances"]),
            "{path}"
        );
        assert_eq!(m["scheduled_maintenances"], json!([]));
    }

    // Resolved: in incidents.json, not unresolved; its updates say so.
    app.post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    publish(&app, 1, "public", "Search is fast again.").await;
    let all = public.get("/status/api/v2/incidents.json").await.json();
    assert_eq!(all["incidents"][0]["status"], "resolved");
    assert_eq!(
        all["incidents"][0]["incident_updates"][0]["status"],
        "resolved"
    );
    assert_ne!(all["incidents"][0]["resolved_at"], Value::Null);
    let unresolved = public
        .get("/status/api/v2/incidents/unresolved.json")
        .await
        .json();
    assert_eq!(unresolved["incidents"], json!([]));
}

#[tokio::test]
async fn status_documents_are_validated_and_renewed_on_change() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    show(&app, "checkout", "Card payments", "").await;
    // Copies are kept while the instance hears announcements, and every one is heard.
    app.state.live.settle().await.unwrap();
    let public = app.anonymous();
    let first = public.get("/status/api/v2/summary.json").await;
    let etag = first.header("etag").to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    assert_eq!(
        first.header("cache-control"),
        "public, max-age=10, must-revalidate"
    );
    assert!(first.header("last-modified").ends_with(" GMT"));
    let again = public
        .request(
            Request::get("/status/api/v2/summary.json")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());

    // The maintenance worker (every ten seconds) moving no window announces nothing: the
    // kept documents stay. A rename behind the triggers' back shows which is served.
    let mut conn = app.db.acquire().await.unwrap();
    for statement in [
        "SET session_replication_role = replica",
        "UPDATE status_component SET public_name = 'Renamed quietly'",
        "RESET session_replication_role",
    ] {
        sqlx::query(statement).execute(&mut *conn).await.unwrap();
    }
    drop(conn);
    murphy::app::maintenance::advance(&app.state.ctx(), time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    app.state.live.settle().await.unwrap();
    let kept = public.get("/status/api/v2/summary.json").await.json();
    assert_eq!(kept["components"][0]["name"], "Card payments");

    // A change shows at once, with a new tag.
    app.incident(json!({
        "title": "Payments fail",
        "kind": "outage",
        "severity": "SEV2",
        "services": ["checkout"],
    }))
    .await;
    publish(&app, 1, "public", "Investigating.").await;
    let changed = public
        .request(
            Request::get("/status/api/v2/summary.json")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.header("etag"), etag);
    assert_eq!(changed.json()["components"][0]["status"], "partial_outage");
    assert_eq!(changed.json()["components"][0]["name"], "Renamed quietly");
}

#[tokio::test]
async fn responders_set_a_state_and_admins_choose_what_is_shown() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let id = service_id(&app, "checkout").await;

    // Admins choose; a bad form is refused with its messages and writes nothing.
    let r = app
        .post_form(
            &format!("/status-page/components/{id}"),
            &[
                ("public_name", ""),
                ("description", "Card and wallet payments"),
                ("group", ""),
                ("position", "first"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_error("public_name"), "Public name is required.");
    assert_eq!(
        r.field_error("position"),
        "The position is a whole number from 0 to 10000."
    );
    assert_eq!(r.attr("#description", "id").as_deref(), Some("description"));
    assert_eq!(r.text("#description"), "Card and wallet payments");
    assert_eq!(app.count("status_component").await, 0);
    show(&app, "checkout", "Card payments", "").await;

    // A stale save keeps the person's text and says why.
    let r = app
        .post_form(
            &format!("/status-page/components/{id}"),
            &[
                ("public_name", "Payments"),
                ("description", ""),
                ("group", ""),
                ("position", "1"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.attr("#public_name", "value").as_deref(), Some("Payments"));
    assert!(r.text(".alert-warning").contains("Someone else changed"));

    // Viewers see the page, with no control; responders set a state by hand.
    let viewer = app.as_new(Role::Viewer).await;
    let page = viewer.get("/status-page").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("td[data-label='Component']"), ["Card payments"]);
    assert!(page.texts("select[name=state]").is_empty());
    assert_eq!(
        viewer
            .post_form(
                &format!("/status-page/components/{id}/state"),
                &[("state", "major_outage")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let responder = app.as_new(Role::Responder).await;
    assert_eq!(
        responder
            .post_form(
                &format!("/status-page/components/{id}"),
                &[("public_name", "Mine"), ("version", "1")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = responder
        .post_form(
            &format!("/status-page/components/{id}/state"),
            &[("state", "under_maintenance")],
        )
        .await;
    assert_eq!(
        responder.follow(&r).await.text(".flash"),
        "Set to under maintenance on the status page."
    );
    let public = app.anonymous();
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "Service Under Maintenance");
    assert_eq!(
        page.text(".status-component-head"),
        "Card payments Under maintenance"
    );
    let bad = responder
        .post_form(
            &format!("/status-page/components/{id}/state"),
            &[("state", "on_fire")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let r = responder
        .post_form(
            &format!("/status-page/components/{id}/state"),
            &[("state", "")],
        )
        .await;
    assert_eq!(
        responder.follow(&r).await.text(".flash"),
        "The component follows its incidents again."
    );
    assert_eq!(
        public.get("/status").await.text(".status-banner h1"),
        "All systems operational"
    );
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_event WHERE entity = 'status_component' ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        audit,
        [
            "status_component.save",
            "status_component.state",
            "status_component.state"
        ]
    );

    // Taken off the page.
    let r = app
        .post_form(&format!("/status-page/components/{id}/remove"), &[])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Taken off the status page."
    );
    assert!(
        public
            .get("/status")
            .await
            .texts(".status-component")
            .is_empty()
    );
}

/// A small incident on a public component, with two public updates and an internal one.
async fn running_incident(app: &TestApp) {
    app.service("checkout").await;
    app.service("ledger-db").await;
    show(app, "checkout", "Card payments", "").await;
    app.incident(json!({
        "title": "Payments <fail> & retry",
        "kind": "outage",
        "severity": "SEV2",
        "services": ["checkout", "ledger-db"],
    }))
    .await;
    publish(app, 1, "public", "We are investigating.").await;
    publish(app, 1, "internal", "Ledger primary is the suspect").await;
    publish(app, 1, "public", "A fix is being deployed.").await;
}

#[tokio::test]
async fn feeds_badges_and_the_widget() {
    let app = TestApp::new().await;
    running_incident(&app).await;
    let public = app.anonymous();

    let atom = public.get("/status/feed.atom").await;
    assert_eq!(
        atom.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let doc = roxmltree::Document::parse(&atom.body).expect("well-formed Atom");
    let feed = doc.root_element();
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let text = |n: &roxmltree::Node, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        entries
            .iter()
            .map(|e| text(e, "content"))
            .collect::<Vec<_>>(),
        ["A fix is being deployed.", "We are investigating."],
        "newest first, internal updates left out"
    );
    assert_eq!(
        text(&entries[0], "title"),
        "Payments <fail> & retry (investigating)"
    );
    let href = entries[0]
        .children()
        .find(|c| c.has_tag_name("link"))
        .and_then(|l| l.attribute("href"));
    assert_eq!(href, Some("/status/incidents/1"));

    let rss = public.get("/status/feed.rss").await;
    let doc = roxmltree::Document::parse(&rss.body).expect("well-formed RSS");
    let items: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|i| text(&i, "description"))
        .collect();
    assert_eq!(items, ["A fix is being deployed.", "We are investigating."]);
    assert!(!rss.body.contains("Ledger") && !atom.body.contains("Ledger"));

    // Badges: the page's and a component's, by name or id; an unknown one is 404.
    let badge = public.get("/status/badge.svg").await;
    assert_eq!(badge.header("content-type"), "image/svg+xml");
    let svg = roxmltree::Document::parse(&badge.body).expect("well-formed SVG");
    let texts: Vec<&str> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(texts, ["status", "partial outage"]);
    let named = public
        .get("/status/badge.svg?component=card%20payments")
        .await;
    assert!(
        named
            .body
            .contains("<title>Card payments: partial outage</title>"),
        "{}",
        named.body
    );
    let id = service_id(&app, "checkout").await;
    let by_id = public
        .get(&format!("/status/badge.svg?component={id}"))
        .await;
    assert_eq!(by_id.body, named.body);
    for hidden in ["ledger-db", "nothing"] {
        let r = public
            .get(&format!("/status/badge.svg?component={hidden}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{hidden}");
    }

    // The widget may be framed by any site; the page itself by none.
    let widget = public.get("/status/widget").await;
    assert!(
        widget
            .header("content-security-policy")
            .contains("frame-ancestors *")
    );
    assert_eq!(
        widget.texts(".status-component-head"),
        ["Card payments Partial outage"]
    );
    assert_eq!(widget.text(".status-banner"), "Partial System Outage");
    let page = public.get("/status").await;
    assert!(
        page.header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn a_second_address_serves_only_the_status_page() {
    let app = TestApp::new().await;
    running_incident(&app).await;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_murphy"));
    cmd.env("DATABASE_URL", &app.url)
        .env("MURPHY_STATUS_LISTEN", "127.0.0.1:0")
        .env("MURPHY_STATUS_NAME", "Example status");
    let child = crate::served::Served::start(cmd);
    let (port, status_port) = (child.port, child.status_port.unwrap());
    let get = |port: u16, path: &str| crate::served::call(port, "", "GET", path, None);
    let page = get(status_port, "/status");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<title>Example status</title>"));
    assert!(page.body.contains("Payments &#60;fail&#62; &#38; retry"));
    assert!(
        get(status_port, "/status/api/v2/summary.json")
            .body
            .contains("\"name\": \"Example status\"")
    );
    assert_eq!(get(status_port, "/static/app.css").status, 200);
    assert_eq!(get(status_port, "/healthz").status, 200);
    for internal in [
        "/login",
        "/incidents",
        "/api/v1/incidents",
        "/status-page",
        "/metrics",
        "/",
    ] {
        let r = get(status_port, internal);
        assert_eq!(r.status, 404, "{internal}: {}", r.body);
    }
    assert_eq!(get(port, "/login").status, 200);
    assert!(child.stop().0.success());
}

#[tokio::test]
async fn the_status_page_exports_as_static_files() {
    let app = TestApp::new().await;
    running_incident(&app).await;
    let dir = crate::support::scratch_dir();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_murphy"))
        .args(["status-export"])
        .arg(&dir)
        .env("DATABASE_URL", &app.url)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("MURPHY_DEFAULT_LANGUAGE")
        .env("MURPHY_PUBLIC_URL", "https://status.example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |path: &str| {
        std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let index = scraper::Html::parse_document(&read("status/index.html"));
    let h1 = scraper::Selector::parse(".status-banner h1").unwrap();
    assert_eq!(
        index.select(&h1).next().unwrap().text().collect::<String>(),
        "Partial System Outage"
    );
    let summary: Value = serde_json::from_str(&read("status/api/v2/summary.json")).unwrap();
    assert_eq!(
        summary["incidents"][0]["shortlink"],
        "https://status.example.com/status/incidents/1"
    );
    assert_eq!(summary["page"]["url"], "https://status.example.com/status");
    // Subscribing needs the live Murphy: the exported button leads there.
    let subscribe = scraper::Selector::parse(".status-subscribe-link").unwrap();
    assert_eq!(
        index
            .select(&subscribe)
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("https://status.example.com/status/subscribe")
    );
    assert!(read("status/incidents/1/index.html").contains("A fix is being deployed."));
    assert!(read("status/history/index.html").contains("Payments &#60;fail&#62; &#38; retry"));
    assert!(
        read("status/feed.atom").contains("<id>https://status.example.com/status/feed.atom</id>")
    );
    let id = service_id(&app, "checkout").await;
    assert!(read(&format!("status/badges/{id}.svg")).contains("Card payments: partial outage"));
    assert!(read("static/app.css").contains(".status-banner"));
    let all: String = walk(&dir)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    for secret in ["Ledger primary", "ledger-db", "Ada Admin"] {
        assert!(!all.contains(secret), "{secret} was exported");
    }
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Wrote "));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

async fn schedule(
    app: &TestApp,
    title: &str,
    from_now: i64,
    hours: i64,
    services: &[&str],
) -> crate::support::TestResponse {
    let now = time::OffsetDateTime::now_utc();
    let at = |minutes: i64| murphy::domain::time::rfc3339(now + time::Duration::minutes(minutes));
    let mut form = vec![
        ("title", title.to_owned()),
        ("body", "Writes pause for up to five minutes.".to_owned()),
        ("starts_at", at(from_now)),
        ("ends_at", at(from_now + hours * 60)),
        ("tz_offset", "0".to_owned()),
        ("version", String::new()),
    ];
    form.extend(services.iter().map(|s| ("services", s.to_string())));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/maintenance", &pairs).await
}

#[tokio::test]
async fn maintenance_is_announced_runs_on_its_own_and_ends() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("ledger-db").await;
    show(&app, "checkout", "Card payments", "").await;
    let responder = app.as_new(Role::Responder).await;
    let public = app.anonymous();

    // A bad window is refused with its messages, and nothing is written.
    let bad = schedule(&responder, "", 60, -1, &[]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_error("title"), "Title is required.");
    assert_eq!(
        bad.field_error("ends_at"),
        "The window must end after it starts."
    );
    assert_eq!(bad.text("#services-error"), "Choose at least one service.");
    assert_eq!(app.count("maintenance").await, 0);
    let viewer = app.as_new(Role::Viewer).await;
    assert_eq!(
        schedule(&viewer, "Mine", 60, 1, &["checkout"]).await.status,
        StatusCode::FORBIDDEN
    );

    let r = schedule(
        &responder,
        "Database upgrade",
        60,
        2,
        &["checkout", "ledger-db"],
    )
    .await;
    assert_eq!(
        responder.follow(&r).await.text(".flash"),
        "Maintenance \"Database upgrade\" scheduled; the status page announces it."
    );
    let page = public.get("/status").await;
    assert_eq!(
        page.text("#maintenance-h + .status-maintenance h3"),
        "Database upgrade"
    );
    assert_eq!(
        page.text("#maintenance-h + .status-maintenance .status-incident-meta"),
        "Scheduled Affects Card payments",
        "services the page does not show are not named"
    );
    assert_eq!(page.text(".status-banner h1"), "All systems operational");
    let summary = public.get("/status/api/v2/summary.json").await.json();
    let m = &summary["scheduled_maintenances"][0];
    assert_eq!(m["name"], "Database upgrade");
    assert_eq!(m["status"], "scheduled");
    assert_eq!(m["impact"], "maintenance");
    assert!(m["scheduled_for"].as_str().unwrap().ends_with('Z'));
    assert_eq!(m["components"][0]["name"], "Card payments");
    assert_eq!(
        m["incident_updates"][0]["body"],
        "Writes pause for up to five minutes."
    );
    let upcoming = public
        .get("/status/api/v2/scheduled-maintenances/upcoming.json")
        .await
        .json();
    assert_eq!(
        upcoming["scheduled_maintenances"].as_array().unwrap().len(),
        1
    );
    let active = public
        .get("/status/api/v2/scheduled-maintenances/active.json")
        .await
        .json();
    assert_eq!(active["scheduled_maintenances"], json!([]));

    // Its start passes: the worker's round moves it on, once however many instances run it.
    sqlx::query("UPDATE maintenance SET starts_at = now() - interval '1 minute'")
        .execute(&app.db)
        .await
        .unwrap();
    let now = time::OffsetDateTime::now_utc();
    let ctx = app.state.ctx();
    let (a, b) = tokio::join!(
        murphy::app::maintenance::advance(&ctx, now),
        murphy::app::maintenance::advance(&ctx, now)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    let page = public.get("/status").await;
    assert_eq!(page.text(".status-banner h1"), "Service Under Maintenance");
    assert_eq!(
        page.text(".status-component-head"),
        "Card payments Under maintenance"
    );
    assert_eq!(
        page.text("#maintenance-h + .status-maintenance .badge"),
        "In progress"
    );
    let active = public
        .get("/status/api/v2/scheduled-maintenances/active.json")
        .await
        .json();
    assert_eq!(active["scheduled_maintenances"][0]["status"], "in_progress");
    let started: (String, String) = sqlx::query_as(
        "SELECT actor, summary FROM audit_event WHERE action = 'maintenance.advance'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        started,
        (
            "Murphy (scheduled)".to_owned(),
            "Maintenance \"Database upgrade\" started".to_owned()
        )
    );

    // Ended early by hand: off the page, completed in the JSON history.
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM maintenance")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let r = responder
        .post_form(&format!("/maintenance/{id}/finish"), &[])
        .await;
    assert_eq!(
        responder.follow(&r).await.text(".flash"),
        "Maintenance ended."
    );
    let page = public.get("/status").await;
    assert!(page.texts("#maintenance-h").is_empty());
    assert_eq!(
        page.text(".status-component-head"),
        "Card payments Operational"
    );
    let all = public
        .get("/status/api/v2/scheduled-maintenances.json")
        .await
        .json();
    assert_eq!(all["scheduled_maintenances"][0]["status"], "completed");
    assert_ne!(all["scheduled_maintenances"][0]["resolved_at"], Value::Null);

    // Another: a stale edit keeps the text; cancelled before it starts, it never shows.
    schedule(&responder, "Cache flush", 120, 1, &["checkout"]).await;
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM maintenance WHERE title = 'Cache flush'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let edit = responder.get(&format!("/maintenance/{id}/edit")).await;
    assert_eq!(edit.attr("#title", "value").as_deref(), Some("Cache flush"));
    let version = edit.attr("input[name=version]", "value").unwrap();
    let starts = edit.attr("#starts_at", "value").unwrap();
    let ends = edit.attr("#ends_at", "value").unwrap();
    let form = |title: &'static str, version: String| {
        vec![
            ("title", title.to_owned()),
            ("body", String::new()),
            ("starts_at", starts.clone()),
            ("ends_at", ends.clone()),
            ("tz_offset", "0".to_owned()),
            ("services", "checkout".to_owned()),
            ("version", version),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let responder = responder.acting_as(responder.who.clone());
        let path = format!("/maintenance/{id}");
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            responder.post_form(&path, &pairs).await
        }
    };
    assert_eq!(
        send(form("Cache flush, part 1", version.clone()))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let stale = send(form("Cache flush, mine", version)).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        stale.attr("#title", "value").as_deref(),
        Some("Cache flush, mine")
    );
    let r = responder
        .post_form(&format!("/maintenance/{id}/finish"), &[])
        .await;
    assert_eq!(
        responder.follow(&r).await.text(".flash"),
        "Maintenance cancelled."
    );
    let all = public
        .get("/status/api/v2/scheduled-maintenances.json")
        .await
        .json();
    assert_eq!(
        all["scheduled_maintenances"].as_array().unwrap().len(),
        1,
        "cancelled is not shown"
    );
    let list = responder.get("/maintenance").await;
    assert_eq!(
        list.texts("#past-h ~ .maintenance-row h3"),
        [
            "Cache flush, part 1 Cancelled",
            "Database upgrade Completed"
        ]
    );
}

#[tokio::test]
async fn alerts_during_maintenance_open_no_incident() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let responder = app.as_new(Role::Responder).await;
    schedule(&responder, "Database upgrade", 1, 2, &["checkout"]).await;
    sqlx::query("UPDATE maintenance SET starts_at = now() - interval '1 minute'")
        .execute(&app.db)
        .await
        .unwrap();
    murphy::app::maintenance::advance(&app.state.ctx(), time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let alert = |fingerprint: &str, service: &str| {
        json!({
            "receiver": "murphy", "status": "firing", "version": "4",
            "groupKey": "{}", "truncatedAlerts": 0, "externalURL": "http://am:9093",
            "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
            "alerts": [{
                "status": "firing",
                "labels": {"alertname": "HighErrorRate", "severity": "critical", "service": service},
                "annotations": {"summary": "5xx above 5 %"},
                "startsAt": "2026-12-01T09:58:00Z", "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "http://prometheus:9090/graph", "fingerprint": fingerprint
            }]
        })
    };
    let r = responder
        .send_json(
            axum::http::Method::POST,
            "/hooks/alertmanager",
            &alert("aa11", "checkout"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["held"], 1);
    assert_eq!(r.json()["opened"], json!([]));
    assert_eq!(app.count("incident").await, 0);
    let list = responder.get("/maintenance").await;
    assert_eq!(
        list.text(".held-alerts summary"),
        "1 alert held during the window (no incident opened)"
    );
    assert!(
        list.text(".held-alerts li")
            .ends_with("HighErrorRate: 5xx above 5 %")
    );
    let outcome: String = sqlx::query_scalar("SELECT outcome FROM alert_notification")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        murphy::app::alert_intake::outcome_in(&outcome, Lang::En),
        "1 held by maintenance"
    );
    assert_eq!(
        murphy::app::alert_intake::outcome_in(&outcome, Lang::PtBr),
        "1 retido pela manutenção"
    );

    // An admin's rule for maintenance: critical alerts page anyway, and only then. Holding
    // without "only during maintenance" is refused.
    let refused = app
        .post_form(
            "/admin/alerts/routes",
            &[
                ("name", "Hold"),
                ("matchers", "env=prod"),
                ("action", "hold"),
                ("kind", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text("#action-error")
            .starts_with("Holding an alert applies only")
    );
    let r = app
        .post_form(
            "/admin/alerts/routes",
            &[
                ("name", "Page anyway"),
                ("matchers", "severity=\"critical\""),
                ("action", "open"),
                ("kind", ""),
                ("during_maintenance", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.get("/admin/alerts").await.text("#rules li"),
        "Page anyway : severity=\"critical\" → Open an incident (only during maintenance) Delete"
    );
    let paged = responder
        .send_json(
            axum::http::Method::POST,
            "/hooks/alertmanager",
            &alert("dd44", "checkout"),
        )
        .await;
    assert_eq!(paged.json()["opened"], json!([1]), "{}", paged.body);
    sqlx::query("DELETE FROM alert_route")
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("DELETE FROM incident")
        .execute(&app.db)
        .await
        .unwrap();

    // Another service, or after the window: incidents as usual.
    let other = responder
        .send_json(
            axum::http::Method::POST,
            "/hooks/alertmanager",
            &alert("bb22", "search"),
        )
        .await;
    assert_eq!(other.json()["opened"], json!([2]));
    sqlx::query("UPDATE maintenance SET ends_at = now() - interval '1 second' , starts_at = now() - interval '2 minutes'")
        .execute(&app.db)
        .await
        .unwrap();
    murphy::app::maintenance::advance(&app.state.ctx(), time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let after = responder
        .send_json(
            axum::http::Method::POST,
            "/hooks/alertmanager",
            &alert("cc33", "checkout"),
        )
        .await;
    assert_eq!(after.json()["opened"], json!([3]));
}

#[tokio::test]
async fn maintenance_spends_the_error_budget_only_where_admins_say() {
    let app = TestApp::new().await;
    for (name, counts) in [("ledger", true), ("search", false)] {
        let r = app
            .post_json(
                "/api/v1/services",
                &json!({"name": name, "slo_target": 99, "slo_window_days": 1, "maintenance_counts": counts}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["maintenance_counts"], counts);
    }
    schedule(&app, "Reindex", 1, 2, &["ledger", "search"]).await;
    // It ran from an hour ago to half an hour ago: 30 minutes.
    sqlx::query(
        "UPDATE maintenance SET starts_at = now() - interval '60 minutes',
                                ends_at = now() - interval '30 minutes'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    murphy::app::maintenance::advance(&app.state.ctx(), time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let page = app.get("/services").await;
    let used = page.texts(".budget-figure .muted");
    assert_eq!(
        used,
        ["· 30 min used of 14 min 24 s", "· 0 s used of 14 min 24 s"]
    );

    // The choice is on the service's form.
    let id = service_id(&app, "search").await;
    let form = app.get(&format!("/services/{id}/edit")).await;
    assert_eq!(form.attr("input[name=maintenance_counts]", "checked"), None);
    let version = form.attr("input[name=version]", "value").unwrap();
    let r = app
        .post_form(
            &format!("/services/{id}"),
            &[
                ("name", "search"),
                ("description", ""),
                ("slo_target", "99"),
                ("slo_window_days", "1"),
                ("maintenance_counts", "on"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let used = app.get("/services").await.texts(".budget-figure .muted");
    assert_eq!(
        used,
        [
            "· 30 min used of 14 min 24 s",
            "· 30 min used of 14 min 24 s"
        ]
    );
}
