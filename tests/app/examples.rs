//! The Python automation in examples/python, run as a user would: each script against a
//! Murphy serving on a real port, with `requests` from target/examples-venv (which `.ci/run`
//! fills), and what it did checked in Murphy and in what it wrote.

use std::path::PathBuf;
use std::process::Output;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::TestApp;
use crate::webhooks::Receiver;
use murphy::domain::person::Role;

/// Murphy on a port, and how to run an example against it.
struct Live {
    app: TestApp,
    base: String,
    python: PathBuf,
}

impl Live {
    /// `None` (skipped) when the examples' Python is not installed and
    /// MURPHY_REQUIRE_TOOLS is not set.
    async fn start() -> Option<Live> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let python = root.join("target/examples-venv/bin/python");
        if !python.exists() {
            assert!(
                std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
                "MURPHY_REQUIRE_TOOLS is set but target/examples-venv (requests) is missing"
            );
            eprintln!(
                "skipped: python3 -m venv target/examples-venv && target/examples-venv/bin/pip install requests"
            );
            return None;
        }
        let app = TestApp::new().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Some(Live { app, base, python })
    }

    /// Runs examples/python/`script` with `args`, as the admin's token.
    async fn run(&self, script: &str, args: &[&str]) -> Output {
        let token = self.app.who.as_ref().unwrap().token.clone();
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("examples/python")
            .join(script);
        let output = tokio::process::Command::new(&self.python)
            .arg(path)
            .args(args)
            .env("MURPHY_URL", &self.base)
            .env("MURPHY_TOKEN", token)
            .current_dir(crate::support::scratch_dir())
            .output()
            .await
            .unwrap();
        eprintln!(
            "{script}: {}\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }
}

/// Waits until the change feed shows an event `test` picks: a change shows once every older
/// transaction on the PostgreSQL cluster has ended, and other tests hold some open.
async fn in_feed(app: &TestApp, test: impl Fn(&serde_json::Value) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let page = app.get("/api/v1/events?limit=500").await.json();
        if page["events"].as_array().unwrap().iter().any(&test) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not in the feed: {page}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_failing_health_check_files_one_incident() {
    let Some(live) = Live::start().await else {
        return;
    };
    live.app.service("checkout").await;
    let healthy = format!("{}/healthz", live.base);
    let out = live
        .run(
            "health_check_incident.py",
            &[&healthy, "--service", "checkout"],
        )
        .await;
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(live.app.count("incident").await, 0);

    let failing = format!("{}/no-such-page", live.base);
    let out = live
        .run(
            "health_check_incident.py",
            &[&failing, "--service", "checkout", "--severity", "SEV1"],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).starts_with("Filed INC-1: Health check failing:"));
    let incident = live.app.get("/api/v1/incidents/1").await.json();
    assert_eq!(incident["severity"], "SEV1");
    assert_eq!(incident["services"], json!(["checkout"]));
    assert!(
        incident["summary"]
            .as_str()
            .unwrap()
            .ends_with("failed: HTTP 404.")
    );

    // Still failing a minute later: the open incident is found, not filed again.
    let out = live
        .run(
            "health_check_incident.py",
            &[&failing, "--service", "checkout"],
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("INC-1 is already open"));
    assert_eq!(live.app.count("incident").await, 1);
}

#[tokio::test]
async fn the_feed_is_posted_to_a_chat_and_resolved_sevs_get_post_mortems() {
    let Some(live) = Live::start().await else {
        return;
    };
    let (chat, port) = Receiver::start(&[]).await;
    let hook = format!("http://127.0.0.1:{port}/hook");
    let state = crate::support::scratch_dir().join("feed-cursor");
    let state = state.to_str().unwrap();

    // The first run starts at the end: only what happens next is posted.
    live.app
        .incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    in_feed(&live.app, |e| e["kind"] == "incident.create").await;
    let out = live
        .run("feed_to_chat.py", &[&hook, "--state", state, "--once"])
        .await;
    assert!(out.status.success());
    assert!(chat.seen().is_empty());

    live.app
        .post_json(
            "/api/v1/incidents/1/timeline",
            &json!({"body": "Rolled back the deploy."}),
        )
        .await;
    live.app
        .incident(json!({"title": "Search is slow", "kind": "degradation", "severity": "SEV3"}))
        .await;
    for n in [1, 2] {
        let r = live
            .app
            .post_json(
                &format!("/api/v1/incidents/{n}/status"),
                &json!({"status": "resolved"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    in_feed(&live.app, |e| {
        e["incident"] == 2 && e["kind"] == "incident.status"
    })
    .await;
    let out = live
        .run(
            "feed_to_chat.py",
            &[&hook, "--state", state, "--once", "--timeline-only"],
        )
        .await;
    assert!(out.status.success());
    let texts: Vec<String> = chat
        .seen()
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(
        texts.contains(&format!(
            "INC-1: Rolled back the deploy. (Ada Admin) {}/incidents/1",
            live.base
        )),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("INC-2: ")), "{texts:?}");
    // Run again: nothing new, nothing posted twice.
    let before = chat.seen().len();
    live.run("feed_to_chat.py", &[&hook, "--state", state, "--once"])
        .await;
    assert_eq!(chat.seen().len(), before);

    // The SEV1 that resolved gets its post-mortem; the SEV3 does not.
    let out = live
        .run("postmortem_on_resolve.py", &["--from-start", "--once"])
        .await;
    assert!(out.status.success());
    assert!(stdout(&out).contains("Started the post-mortem of INC-1"));
    assert_eq!(
        live.app.get("/api/v1/incidents/1/postmortem").await.status,
        StatusCode::OK
    );
    assert_eq!(
        live.app.get("/api/v1/incidents/2/postmortem").await.status,
        StatusCode::NOT_FOUND
    );
    let again = live
        .run("postmortem_on_resolve.py", &["--from-start", "--once"])
        .await;
    assert!(stdout(&again).contains("0 post-mortems started"));
}

#[tokio::test]
async fn overdue_action_items_are_digested_by_owner() {
    let Some(live) = Live::start().await else {
        return;
    };
    let app = &live.app;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;
    app.post_json("/api/v1/incidents/1/status", &json!({"status": "resolved"}))
        .await;
    app.post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    let owner = app.as_new(Role::Responder).await;
    let email = owner.who.as_ref().unwrap().person.email.clone();
    for (title, due, who) in [
        ("Add a canary stage", "2020-01-10", Some(email.as_str())),
        ("Alert on card failures", "2020-02-01", None),
        ("Load-test the ledger", "2099-01-01", Some(email.as_str())),
    ] {
        let mut body = json!({"title": title, "priority": "p2", "type": "prevent", "due_on": due});
        if let Some(who) = who {
            body["owner"] = json!(who);
        }
        let r = app
            .post_json("/api/v1/incidents/1/postmortem/action-items", &body)
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let (chat, port) = Receiver::start(&[]).await;
    let hook = format!("http://127.0.0.1:{port}/hook");
    let out = live.run("overdue_digest.py", &["--webhook", &hook]).await;
    assert!(out.status.success());
    let digest = stdout(&out);
    assert!(
        digest.starts_with("# Overdue action items: 2\n"),
        "{digest}"
    );
    assert!(
        digest.contains("## Responder Tester\n- Add a canary stage (P2, due 2020-01-10, INC-1)")
    );
    assert!(digest.contains("## Nobody (no owner yet)\n- Alert on card failures"));
    assert!(!digest.contains("Load-test"));
    let posted: serde_json::Value = serde_json::from_str(&chat.seen()[0].body).unwrap();
    assert_eq!(posted["text"], digest.trim_end());
}

#[tokio::test]
async fn a_deploy_stops_when_the_budget_is_spent() {
    let Some(live) = Live::start().await else {
        return;
    };
    let app = &live.app;
    for (name, target) in [("checkout", 99.9), ("search", 99.0)] {
        let r = app
            .post_json(
                "/api/v1/services",
                &json!({"name": name, "slo_target": target, "slo_window_days": 30}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    // Checkout was down for three hours: 43 minutes of budget, spent.
    let started = time::OffsetDateTime::now_utc() - time::Duration::hours(3);
    let filed = app
        .incident(
            json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1",
                         "services": ["checkout"],
                         "impact_started_at": murphy::domain::time::rfc3339(started)}),
        )
        .await;
    assert_eq!(filed["number"], 1, "{filed}");
    let r = app
        .send_json(
            Method::POST,
            "/api/v1/incidents/1/status",
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let stop = live.run("deploy_gate.py", &["checkout"]).await;
    assert_eq!(stop.status.code(), Some(1));
    assert!(
        stdout(&stop).starts_with("STOP: checkout: "),
        "{}",
        stdout(&stop)
    );
    let go = live
        .run("deploy_gate.py", &["search", "--keep", "10"])
        .await;
    assert_eq!(go.status.code(), Some(0));
    assert!(stdout(&go).starts_with("GO: search: 100.0% of the error budget left"));
    let unknown = live.run("deploy_gate.py", &["nowhere"]).await;
    assert_eq!(unknown.status.code(), Some(3));
}

#[tokio::test]
async fn last_quarters_incidents_are_exported_to_csv() {
    let Some(live) = Live::start().await else {
        return;
    };
    let app = &live.app;
    for (title, started) in [
        ("Checkout is down", "2026-07-14T09:00:00Z"),
        ("Search is slow", "2026-09-30T23:00:00Z"),
        ("Ledger lag", "2026-10-01T01:00:00Z"),
    ] {
        let r = app
            .post_json(
                "/api/v1/incidents",
                &json!({"title": title, "kind": "outage", "severity": "SEV2",
                        "impact_started_at": started, "detected_at": started}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let out_file = crate::support::scratch_dir().join("q3.csv");
    let out = live
        .run(
            "export_quarter.py",
            &["--quarter", "2026Q3", "--out", out_file.to_str().unwrap()],
        )
        .await;
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("2 incidents of 2026Q3 (2026-07-01 to 2026-09-30)"));
    let csv = std::fs::read_to_string(&out_file).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("reference,title,severity,kind,status,services,"));
    assert!(csv.contains("INC-1,Checkout is down,SEV2,outage,"));
    assert!(csv.contains("INC-2,Search is slow,"));
    assert!(!csv.contains("Ledger lag"));
}
