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
async fn screenshot(client: &fantoccini::Client, name: &str) {
    if let Some(dir) = std::env::var_os("MURPHY_SCREENSHOTS") {
        let png = client.screenshot().await.unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).unwrap();
    }
}

/// Waits (up to ten seconds) until the page shows the flash message `expected`: after a
/// click the old page, with its own flash, may still be the one loaded.
async fn expect_flash(client: &fantoccini::Client, expected: &str) {
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

async fn click(client: &fantoccini::Client, selector: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn type_into(client: &fantoccini::Client, selector: &str, text: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

fn chromedriver() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app.router.clone()).into_future());

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

    // Signing in, then landing where the person was going.
    client.goto(&format!("{base}/incidents/new")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/login");
    client
        .find(Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys("rita@example.com")
        .await
        .unwrap();
    client
        .find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(crate::support::PASSWORD)
        .await
        .unwrap();
    client
        .find(Locator::Css("form.form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
    client
        .find(Locator::Css("#title"))
        .await
        .unwrap()
        .send_keys("Checkout rejects every card")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=severity][value=SEV2]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("#kind"))
        .await
        .unwrap()
        .select_by_value("outage")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=services][value=checkout]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("#summary"))
        .await
        .unwrap()
        .send_keys("Payments return *declined*.")
        .await
        .unwrap();
    client
        .find(Locator::Css("form.form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
    client
        .find(Locator::Css("#assign-role"))
        .await
        .unwrap()
        .select_by_value("cl")
        .await
        .unwrap();
    client
        .find(Locator::Css("#assign-person"))
        .await
        .unwrap()
        .select_by_value("admin@example.com")
        .await
        .unwrap();
    click(&client, ".assign-form button[type=submit]").await;
    expect_flash(&client, "Team updated.").await;
    let cl = client
        .find(Locator::Css(".incident-facts .fact-cl dd"))
        .await
        .unwrap();
    assert_eq!(cl.text().await.unwrap(), "Ada Admin");
    client
        .find(Locator::Css("#note-body"))
        .await
        .unwrap()
        .send_keys("Card network returns *do not honour* for every request.")
        .await
        .unwrap();
    client
        .find(Locator::Css(".note-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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

    screenshot(&client, "incident").await;
    client.set_window_size(390, 1600).await.unwrap();
    screenshot(&client, "incident-phone").await;
    client.set_window_size(1280, 1000).await.unwrap();

    // Write and publish a short post-mortem.
    client
        .goto(&format!("{base}/incidents/1/postmortem"))
        .await
        .unwrap();
    click(&client, "form[action$='/postmortem/start'] button").await;
    expect_flash(
        &client,
        "Post-mortem started from the incident's record. Fill in the rest.",
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
    client
        .find(Locator::Css("#reviewers"))
        .await
        .unwrap()
        .select_by_value("rita@example.com")
        .await
        .unwrap();
    click(&client, ".review-form button").await;
    expect_flash(
        &client,
        "Sent for review. Reviewers can comment on each section and approve.",
    )
    .await;
    click(&client, "form[action$='/postmortem/approve'] button").await;
    expect_flash(&client, "Approved.").await;
    click(&client, "form[action$='/postmortem/publish'] button").await;
    expect_flash(&client, "Published. The post-mortem is now read-only.").await;
    let state = client
        .find(Locator::Css(".pm-status .badge"))
        .await
        .unwrap();
    assert_eq!(state.text().await.unwrap(), "Published");
    screenshot(&client, "postmortem").await;

    client.goto(&format!("{base}/incidents")).await.unwrap();
    let row = client
        .find(Locator::Css("table.incidents tbody tr"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains("INC-1 Checkout rejects every card"), "{row}");
    assert!(row.contains("SEV2"), "{row}");
    assert!(row.contains("checkout"), "{row}");
    client.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&profile);
}
