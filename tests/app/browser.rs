//! A real browser (headless Chromium through chromedriver) files an incident through the form
//! and finds it in the list. `.ci/run` installs both and sets MURPHY_REQUIRE_BROWSER=1; without
//! chromedriver the test says so and passes, unless that variable is set.

use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::{TestApp, scratch_dir};

/// Saves a PNG of the page to `$MURPHY_SCREENSHOTS/<name>.png` when that variable is set,
/// so a person can look at what the test saw.
pub(crate) async fn screenshot(client: &fantoccini::Client, name: &str) {
    if let Some(dir) = std::env::var_os("MURPHY_SCREENSHOTS") {
        let png = client.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Waits (up to ten seconds) until the page shows the flash message `expected`: after a
/// click the old page, with its own flash, may still be the one loaded.
pub(crate) async fn expect_flash(client: &fantoccini::Client, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(el) = client.find(Locator::Css(".flash")).await
            && let Ok(text) = el.text().await
        {
            if text == expected {
                return;
            }
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected the flash {expected:?}, last saw {last:?}");
}

/// Clicks the element, scrolled to the middle of the window as a person would see it (not
/// under the post-mortem editor's sticky Save bar).
pub(crate) async fn click(client: &fantoccini::Client, selector: &str) {
    let element = client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    let arg = serde_json::to_value(&element).unwrap();
    client
        .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
        .await
        .unwrap();
    element.click().await.unwrap();
}

/// The text of the element `selector` finds.
pub(crate) async fn text_of(client: &fantoccini::Client, selector: &str) -> String {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Chooses `value` in the select `selector` finds.
pub(crate) async fn choose(client: &fantoccini::Client, selector: &str, value: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .select_by_value(value)
        .await
        .unwrap();
}

pub(crate) async fn type_into(client: &fantoccini::Client, selector: &str, text: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

pub(crate) fn chromedriver() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// Murphy served on a local port, and a headless Chromium driving it.
pub(crate) struct Browser {
    pub(crate) client: fantoccini::Client,
    pub(crate) base: String,
    profile: std::path::PathBuf,
    _driver: tokio::process::Child,
}

impl Browser {
    pub(crate) async fn start(app: &TestApp, driver: std::path::PathBuf) -> Browser {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Browser::start_on(listener, app.router.clone(), driver).await
    }

    /// Serves `router` on `listener` (bound by a caller that needed its address first).
    async fn start_on(
        listener: tokio::net::TcpListener,
        router: axum::Router,
        driver: std::path::PathBuf,
    ) -> Browser {
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(axum::serve(listener, router).into_future());

        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let _driver = tokio::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let profile = scratch_dir();
        let caps = json!({"goog:chromeOptions": {"args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run", "--window-size=1280,1000",
            format!("--user-data-dir={}", profile.display()),
        ]}});
        let caps = caps.as_object().unwrap().clone();
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("chromedriver: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };

        Browser {
            client,
            base,
            profile,
            _driver,
        }
    }

    pub(crate) async fn close(self) {
        self.client.close().await.unwrap();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

#[tokio::test]
async fn a_person_files_an_incident_and_finds_it_in_the_list() {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_BROWSER").is_none(),
            "MURPHY_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!(
            "skipped: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let app = TestApp::new().await;
    app.service("checkout").await;
    let role = murphy::domain::person::Role::Responder;
    crate::support::person(&app.db, "rita@example.com", "Rita Responder", role).await;
    let browser = Browser::start(&app, driver).await;
    let (client, base) = (&browser.client, browser.base.clone());
    let client = client.clone();
    // Signing in, then landing where the person was going.
    client.goto(&format!("{base}/incidents/new")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/login");
    type_into(&client, "#email", "rita@example.com").await;
    type_into(&client, "#password", crate::support::PASSWORD).await;
    click(&client, "form.form button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("#title"))
        .await
        .unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/incidents/new");
    expect_flash(&client, "Signed in as Rita Responder.").await;
    // The script localised the impact time and recorded the browser's offset.
    let offset = client
        .find(Locator::Css("input[name=tz_offset]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert!(offset.is_some());
    type_into(&client, "#title", "Checkout rejects every card").await;
    click(&client, "input[name=severity][value=SEV2]").await;
    choose(&client, "#kind", "outage").await;
    click(&client, "input[name=services][value=checkout]").await;
    type_into(&client, "#summary", "Payments return *declined*.").await;
    click(&client, "form.form button[type=submit]").await;
    expect_flash(&client, "INC-1 filed. The response starts here.").await;
    assert_eq!(client.current_url().await.unwrap().path(), "/incidents/1");
    let title = client
        .find(Locator::Css("h1.incident-title"))
        .await
        .unwrap();
    assert_eq!(title.text().await.unwrap(), "Checkout rejects every card");

    // Declaring took command: the header names the IC, and nobody is asked to assign one.
    let ic = client
        .find(Locator::Css(".incident-facts .fact-ic dd"))
        .await
        .unwrap();
    assert_eq!(ic.text().await.unwrap(), "Rita Responder");
    assert!(client.find(Locator::Css(".no-ic")).await.is_err());
    // The IC names a Communications Lead.
    choose(&client, "#assign-role", "cl").await;
    choose(&client, "#assign-person", "admin@example.com").await;
    click(&client, ".assign-form button[type=submit]").await;
    expect_flash(&client, "Team updated.").await;
    let cl = client
        .find(Locator::Css(".incident-facts .fact-cl dd"))
        .await
        .unwrap();
    assert_eq!(cl.text().await.unwrap(), "Ada Admin");
    type_into(
        &client,
        "#note-body",
        "Card network returns *do not honour* for every request.",
    )
    .await;
    click(&client, ".note-form button[type=submit]").await;
    expect_flash(&client, "Note added to the timeline.").await;
    let notes = client
        .find_all(Locator::Css(".entry-note .entry-body"))
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].text().await.unwrap(),
        "Card network returns do not honour for every request."
    );

    // The IC tells stakeholders; the header then says when the next update is due.
    click(&client, "details.publish > summary").await;
    type_into(
        &client,
        "#update-status",
        "We are investigating failed card payments.",
    )
    .await;
    click(&client, "#publish-update button[type=submit]").await;
    expect_flash(&client, "Internal update published.").await;
    let due = text_of(&client, ".incident-facts .fact-next dd").await;
    assert!(
        due.starts_with("due ") && (due.contains("(in 29 min)") || due.contains("(in 30 min)")),
        "{due}"
    );

    // Resolving offers the closing update, pre-filled, in the same step.
    click(&client, ".incident-actions details.action-step > summary").await;
    let offered = client
        .find(Locator::Css("#closing-text"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(offered.starts_with("Resolved at "), "{offered}");
    click(
        &client,
        ".incident-actions details.action-step button[type=submit]",
    )
    .await;
    expect_flash(
        &client,
        "INC-1 is now resolved. Closing internal update published.",
    )
    .await;
    assert!(client.find(Locator::Css(".fact-next")).await.is_err());

    // Write and publish a short post-mortem.
    client
        .goto(&format!("{base}/incidents/1/postmortem"))
        .await
        .unwrap();
    click(&client, "form[action$='/postmortem/start'] button").await;
    expect_flash(
        &client,
        "Post-mortem started from the incident's record with the template “SRE post-mortem”. Fill in the rest.",
    )
    .await;
    type_into(
        &client,
        "#s_root_causes",
        "A certificate rotation job had no alert on failure.",
    )
    .await;
    // The editor previews what is typed, with the blameless check, without saving.
    type_into(
        &client,
        "#s_went_wrong",
        "The operator should have checked.",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let flag = client
            .find(Locator::Css("#section-went_wrong .live-preview .flags li"))
            .await;
        if let Ok(flag) = flag
            && let Ok(text) = flag.text().await
        {
            let expected = "⚑ “should have” in “The operator should have checked.”";
            assert!(text.starts_with(expected), "{text}");
            break;
        }
        assert!(Instant::now() < deadline, "no live blameless flag");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for key in [
        "timeline",
        "trigger",
        "detection",
        "resolution",
        "went_well",
        "got_lucky",
        "lessons",
    ] {
        click(&client, &format!("input[name=na_{key}]")).await;
    }
    type_into(
        &client,
        "#no_actions_reason",
        "The rotation job is being retired this week.",
    )
    .await;
    click(&client, ".pm-form button[type=submit]").await;
    expect_flash(&client, "Post-mortem saved as revision 2.").await;
    choose(&client, "#reviewers", "rita@example.com").await;
    click(&client, ".review-form button").await;
    expect_flash(
        &client,
        "Sent for review. Reviewers can comment on each section and approve.",
    )
    .await;
    click(&client, "form[action$='/postmortem/approve'] button").await;
    expect_flash(&client, "Approved.").await;
    // A passage may blame people: publishing asks first, listing it.
    click(&client, "form[action$='/postmortem/publish'] button").await;
    expect_flash(
        &client,
        "Not published yet: some passages may blame people. Look at them first.",
    )
    .await;
    let listed = text_of(&client, ".confirm-publish .flag-list li").await;
    assert!(
        listed.starts_with("What went wrong: “should have”"),
        "{listed}"
    );
    click(&client, ".confirm-publish form button").await;
    expect_flash(&client, "Published. The post-mortem is now read-only.").await;
    let state = client
        .find(Locator::Css(".pm-status .badge"))
        .await
        .unwrap();
    assert_eq!(state.text().await.unwrap(), "Published");
    screenshot(&client, "postmortem").await;

    client.goto(&format!("{base}/incidents")).await.unwrap();
    let row = text_of(&client, "table.incidents tbody tr").await;
    assert!(row.contains("INC-1 Checkout rejects every card"), "{row}");
    assert!(row.contains("SEV2"), "{row}");
    assert!(row.contains("checkout"), "{row}");
    browser.close().await;
}

/// The axe-core script `.ci/run` installs (npm `axe-core`), or `MURPHY_AXE`.
pub(crate) fn axe_script() -> Option<String> {
    let path = std::env::var_os("MURPHY_AXE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(path).ok()
}

/// Signs in through the form as `email`.
pub(crate) async fn sign_in(client: &fantoccini::Client, base: &str, email: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    type_into(client, "#email", email).await;
    type_into(client, "#password", crate::support::PASSWORD).await;
    click(client, "form.form button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css(".user-menu"))
        .await
        .unwrap();
}

/// The serious and critical axe violations on the page, one line each.
pub(crate) async fn axe_violations(client: &fantoccini::Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']}).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ' (' + v.impact + '): ' +
                      v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// How wide the page is against the window: (scrollWidth, innerWidth), and the widest
/// elements sticking out, to say what to fix.
async fn widths(client: &fantoccini::Client) -> (u64, u64, String) {
    let v = client
        .execute(
            "const w = window.innerWidth;
             const out = [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > w + 1)
               .slice(0, 4)
               .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                         + ' ' + Math.round(e.getBoundingClientRect().right));
             return [document.documentElement.scrollWidth, w, out.join(', ')];",
            vec![],
        )
        .await
        .unwrap();
    (
        v[0].as_u64().unwrap(),
        v[1].as_u64().unwrap(),
        v[2].as_str().unwrap().to_owned(),
    )
}

/// A screenshot of the whole page at `width` (as tall as the page, up to 6000 px).
pub(crate) async fn shoot(client: &fantoccini::Client, name: &str, width: u32) {
    if std::env::var_os("MURPHY_SCREENSHOTS").is_none() {
        return;
    }
    client.set_window_size(width, 900).await.unwrap();
    let height = client
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(900)
        .clamp(600, 6000) as u32;
    client.set_window_size(width, height).await.unwrap();
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(client, name).await;
}

/// Seeds what the IC's pages show: a running SEV1 with its team, notes, updates, tasks
/// and alerts' worth of text; a resolved one with a post-mortem and action items.
async fn seed(app: &TestApp) {
    crate::support::person(
        &app.db,
        "rita@example.com",
        "Rita Responder",
        murphy::domain::person::Role::Responder,
    )
    .await;
    let r = app
        .post_json(
            "/api/v1/services",
            &json!({"name": "checkout", "slo_target": 99.9, "slo_window_days": 28}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    app.service("payments-gateway-eu-west-production").await;
    let declare = [
        (
            "title",
            "Checkout rejects every card payment from customers in the EU region since the 14:00 deploy",
        ),
        ("severity", "SEV1"),
        ("kind", "outage"),
        ("services", "checkout"),
        ("services", "payments-gateway-eu-west-production"),
        (
            "summary",
            "Payments return *declined*; see `https://status.example.com/incidents/very-long-link-that-does-not-break-anywhere-at-all`.",
        ),
        ("customer_impact", "Every EU customer paying by card."),
        ("impact_started_at", "2026-11-30T09:00"),
        ("tz_offset", "0"),
        ("take_command", "on"),
    ];
    let r = app.post_form("/incidents", &declare).await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    for (path, form) in [
        (
            "/incidents/1/roles",
            vec![("role", "cl"), ("person", "rita@example.com")],
        ),
        (
            "/incidents/1/roles",
            vec![("role", "member:ol"), ("person", "rita@example.com")],
        ),
        (
            "/incidents/1/timeline",
            vec![
                (
                    "body",
                    "Card network returns **do not honour** for every request; rolled back `payments-api` to v2026.11.29-3.",
                ),
                ("tz_offset", "0"),
                ("highlight", "on"),
            ],
        ),
        (
            "/incidents/1/updates",
            vec![
                ("audience", "public"),
                (
                    "status",
                    "We are investigating failed card payments in the EU.",
                ),
                ("impact", "Card payments fail."),
                ("next_update_minutes", "30"),
            ],
        ),
        (
            "/incidents/1/tasks",
            vec![
                ("task", "Page the card network's support line"),
                ("assignee", "rita@example.com"),
            ],
        ),
        ("/incidents/1/severity", vec![("severity", "SEV2")]),
        ("/incidents/1/severity", vec![("severity", "SEV1")]),
    ] {
        let r = app.post_form(path, &form).await;
        assert_eq!(
            r.status,
            axum::http::StatusCode::SEE_OTHER,
            "{path}: {}",
            r.body
        );
    }
    let r = app
        .post_json(
            "/api/v1/postmortem-templates",
            &json!({"name": "Degradation review", "kinds": ["degradation"],
                    "sections": [
                        {"key": "summary", "title": "Summary", "required": true,
                         "guidance": "What happened, in a few sentences a newcomer understands."},
                        {"key": "impact", "title": "Impact", "required": true},
                        {"key": "timeline", "title": "Timeline", "required": true},
                        {"key": "root_causes", "title": "Root causes and contributing factors", "required": true},
                        {"title": "Capacity", "guidance": "Headroom before and after.", "prompt": "- Peak load:\n- Headroom:"}
                    ],
                    "questions": [
                        {"text": "Did autoscaling react?", "kind": "yes_no", "required": true},
                        {"text": "Which tier saturated first?", "kind": "choice", "choices": ["web", "search", "database"]},
                        {"text": "What would have warned us sooner?", "kind": "text"}
                    ]}),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.body);
    app.incident(
        json!({"title": "Search is slow", "kind": "degradation", "severity": "SEV3",
                        "services": ["checkout"], "impact_started_at": "2026-11-20T10:00:00Z"}),
    )
    .await;
    for (path, form) in [
        (
            "/incidents/2/updates",
            vec![
                ("audience", "public"),
                (
                    "status",
                    "Searches take several seconds; we are adding capacity.",
                ),
                ("impact", ""),
                ("next_update_minutes", ""),
            ],
        ),
        ("/incidents/2/status", vec![("status", "resolved")]),
        ("/incidents/2/postmortem/start", vec![]),
        (
            "/incidents/2/postmortem/actions",
            vec![
                (
                    "title",
                    "Alert on certificate expiry for every gateway host",
                ),
                ("kind", "prevent"),
                ("priority", "p1"),
                ("owner", "rita@example.com"),
                ("due_on", "2026-12-15"),
            ],
        ),
    ] {
        let r = app.post_form(path, &form).await;
        assert_eq!(
            r.status,
            axum::http::StatusCode::SEE_OTHER,
            "{path}: {}",
            r.body
        );
    }
    // What contributed to the resolved one: the report and the post-mortem show it.
    let r = app
        .send_json(
            axum::http::Method::PUT,
            "/api/v1/incidents/2/postmortem/classification",
            &json!({"version": 1, "factors": ["Capacity limit", "Monitoring gap"],
                    "triggers": ["Traffic surge"], "detection": "customer"}),
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    // The public status page shows both services.
    for (service, public_name, group) in [
        ("checkout", "Card payments", "Payments"),
        (
            "payments-gateway-eu-west-production",
            "EU card gateway",
            "Payments",
        ),
    ] {
        let id: String = sqlx::query_scalar("SELECT id::text FROM service WHERE name = $1")
            .bind(service)
            .fetch_one(&app.db)
            .await
            .unwrap();
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
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    }
}

#[tokio::test]
async fn every_page_fits_a_phone_and_passes_axe() {
    let (Some(driver), Some(axe)) = (chromedriver(), axe_script()) else {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_BROWSER").is_none(),
            "MURPHY_REQUIRE_BROWSER is set but chromedriver or axe-core is missing"
        );
        eprintln!("skipped: chromedriver or axe-core (npm install axe-core in target/axe) missing");
        return;
    };
    let app = TestApp::new().await;
    seed(&app).await;
    let browser = Browser::start(&app, driver).await;
    let (client, base) = (&browser.client, browser.base.as_str());

    let mut problems = Vec::new();
    // Signed out first: the sign-in page.
    let mut pages = vec![
        ("login", "/login".to_owned()),
        ("status", "/status".to_owned()),
        ("status-incident", "/status/incidents/1".to_owned()),
        ("status-history", "/status/history".to_owned()),
        ("status-subscribe", "/status/subscribe".to_owned()),
    ];
    let signed_in = [
        ("home", "/"),
        ("incidents", "/incidents"),
        ("declare", "/incidents/new"),
        ("incident", "/incidents/1"),
        ("incident-edit", "/incidents/1/edit"),
        ("incident-resolved", "/incidents/2"),
        ("postmortem", "/incidents/2/postmortem"),
        ("postmortem-editor", "/incidents/2/postmortem/edit"),
        ("action-items", "/action-items"),
        ("learn", "/postmortems"),
        ("reports", "/reports"),
        ("services", "/services"),
        ("admin", "/admin"),
        ("people", "/admin/people"),
        ("audit", "/admin/audit"),
        ("runbooks", "/admin/runbooks"),
        ("factors", "/admin/learning"),
        ("postmortem-rules", "/admin/postmortem-rules"),
        ("templates", "/admin/postmortem-templates"),
        ("template-new", "/admin/postmortem-templates/new"),
        ("alerts", "/admin/alerts"),
        ("webhooks", "/admin/webhooks"),
        ("subscribers", "/admin/subscribers"),
        ("sso", "/admin/sso"),
        ("tokens", "/settings/tokens"),
        ("account", "/settings/account"),
        ("status-page", "/status-page"),
        ("maintenance", "/maintenance"),
        ("maintenance-new", "/maintenance/new"),
        ("not-found", "/incidents/999"),
        // In Portuguese: longer words, the same layout.
        ("home-pt", "/?lang=pt-BR"),
        ("incidents-pt", "/incidents?lang=pt-BR"),
        ("incident-pt", "/incidents/1?lang=pt-BR"),
        ("account-pt", "/settings/account?lang=pt-BR"),
        ("people-pt", "/admin/people?lang=pt-BR"),
        ("alerts-pt", "/admin/alerts?lang=pt-BR"),
        ("audit-pt", "/admin/audit?lang=pt-BR"),
        (
            "template-new-pt",
            "/admin/postmortem-templates/new?lang=pt-BR",
        ),
        ("status-page-pt", "/status-page?lang=pt-BR"),
    ];
    pages.extend(signed_in.iter().map(|(n, p)| (*n, p.to_string())));
    let shots = [
        "incident",
        "incidents",
        "postmortem-editor",
        "reports",
        "home",
        "declare",
        "status",
        "status-subscribe",
        "status-page",
        "maintenance-new",
        "subscribers",
        "tokens",
        "learn",
        "factors",
        "postmortem",
        "template-new",
        "templates",
        "home-pt",
        "incident-pt",
        "people-pt",
        "alerts-pt",
        "status-page-pt",
    ];
    for (name, path) in &pages {
        if *name == "home" {
            sign_in(client, base, "admin@example.com").await;
        }
        client.goto(&format!("{base}{path}")).await.unwrap();
        for width in [1280, 390] {
            client.set_window_size(width, 900).await.unwrap();
            for v in axe_violations(client, &axe).await {
                problems.push(format!("{path} at {width} px: {v}"));
            }
        }
        client.set_window_size(360, 800).await.unwrap();
        let (scroll, inner, out) = widths(client).await;
        if scroll > inner {
            problems.push(format!(
                "{path} at 360 px is {scroll} px wide (window {inner}): {out}"
            ));
        }
        if shots.contains(name) {
            shoot(client, name, 1280).await;
            // What a phone shows first, then the whole page.
            client.set_window_size(390, 844).await.unwrap();
            client
                .execute("window.scrollTo(0, 0);", vec![])
                .await
                .unwrap();
            screenshot(client, &format!("{name}-phone")).await;
            shoot(client, &format!("{name}-phone-full"), 390).await;
        }
    }
    browser.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn a_person_signs_in_through_the_identity_provider() {
    let Some(driver) = chromedriver() else {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_BROWSER").is_none(),
            "MURPHY_REQUIRE_BROWSER is set but chromedriver is not installed"
        );
        eprintln!("skipped: chromedriver is not installed");
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let Some(provider) = crate::sso::Provider::start(&base) else {
        return;
    };
    provider
        .account(
            "alice",
            json!({"email": "alice@example.com", "email_verified": true, "name": "Alice Ops", "groups": ["sre"]}),
        )
        .await;
    let app = TestApp::new().await;
    let state = crate::sso::state_for(&app, &provider, &base, "example.com", "sre=responder", true);
    let browser = Browser::start_on(listener, murphy::app(state), driver).await;
    let client = &browser.client;

    client.goto(&format!("{base}/incidents")).await.unwrap();
    assert_eq!(
        text_of(client, ".sso-button").await,
        "Sign in with Example SSO"
    );
    screenshot(client, "login-sso").await;
    click(client, ".sso-button").await;
    // The provider's own pages: its login form, then its consent.
    type_into(client, "input[name=login]", "alice").await;
    type_into(client, "input[name=password]", "anything").await;
    click(client, "button[type=submit]").await;
    // The consent page follows once the login form has gone.
    let deadline = Instant::now() + Duration::from_secs(15);
    while client
        .find(Locator::Css("input[name=password]"))
        .await
        .is_ok()
    {
        assert!(
            Instant::now() < deadline,
            "the provider kept its login form"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    click(client, "button[type=submit]").await;
    while !client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .starts_with(&base)
    {
        assert!(Instant::now() < deadline, "never came back to Murphy");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        client.current_url().await.unwrap().path(),
        "/incidents",
        "back where the person was going"
    );
    assert_eq!(text_of(client, ".flash").await, "Signed in as Alice Ops.");
    screenshot(client, "signed-in-through-sso").await;
    browser.close().await;
}
