//! Webhooks out: signed deliveries to a local receiver, retries with backoff, retries
//! across a Murphy restart, and Slack-shaped bodies.

use std::collections::VecDeque;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use murphy::AppState;
use murphy::domain::webhook::signature;
use serde_json::{Value, json};

use crate::embedded::create_token;
use crate::served::{Served, call};
use crate::support::TestApp;

/// What the receiver saw.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: String,
}

/// A local HTTP receiver answering with queued statuses (then 200).
#[derive(Clone, Default)]
pub struct Receiver {
    seen: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    pub async fn start(answers: &[u16]) -> (Receiver, u16) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let r = Receiver {
            answers: Arc::new(Mutex::new(answers.iter().copied().collect())),
            ..Default::default()
        };
        let shared = r.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let shared = shared.clone();
                async move {
                    shared.seen.lock().unwrap().push(Received { headers, body });
                    let status = shared.answers.lock().unwrap().pop_front().unwrap_or(200);
                    (StatusCode::from_u16(status).unwrap(), "thanks")
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (r, port)
    }

    pub fn seen(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }
}

/// Adds a webhook through the admin page; returns (id, secret).
async fn add_webhook(app: &TestApp, url: &str, events: &[&str], format: &str) -> (String, String) {
    let mut pairs = vec![
        ("name", "Receiver"),
        ("url", url),
        ("format", format),
        ("active", "on"),
    ];
    for e in events {
        pairs.push(("events", e));
    }
    let r = app.post_form("/admin/webhooks", &pairs).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = r.text("#new-secret");
    assert!(secret.starts_with("whsec_"));
    let href = r.attr("#webhooks a", "href").unwrap();
    let id = href.rsplit('/').next().unwrap().to_owned();
    (id, secret)
}

fn fast(state: &AppState) -> AppState {
    AppState {
        webhook_retry: time::Duration::milliseconds(50),
        ..state.clone()
    }
}

pub fn check_signature(r: &Received, secret: &str) {
    let ts: i64 = r.headers["murphy-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - ts).abs() < 120, "a fresh timestamp");
    assert_eq!(
        r.headers["murphy-signature"].to_str().unwrap(),
        signature(secret, ts, r.body.as_bytes())
    );
    assert!(
        a_receiver_accepts(
            r.headers["murphy-signature"].to_str().unwrap(),
            r.headers["murphy-timestamp"].to_str().unwrap(),
            &r.body,
            secret
        ),
        "the signature checks out as the README tells receivers to check it"
    );
}

/// A receiver's own check, as the README tells one to write it (and not Murphy's code):
/// HMAC-SHA256 keyed with the secret over `{Murphy-Timestamp}.{body}`, hex, after `sha256=`.
fn a_receiver_accepts(header: &str, timestamp: &str, body: &str, secret: &str) -> bool {
    use hmac::{Hmac, KeyInit, Mac};
    let Some(hex) = header.strip_prefix("sha256=") else {
        return false;
    };
    let Ok(given) = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("zz"), 16))
        .collect::<Result<Vec<u8>, _>>()
    else {
        return false;
    };
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    mac.verify_slice(&given).is_ok()
}

#[tokio::test]
async fn events_are_delivered_signed_and_retried_with_backoff() {
    let app = TestApp::new().await;
    let (receiver, port) = Receiver::start(&[500, 503]).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let (id, secret) = add_webhook(
        &app,
        &url,
        &[
            "incident.created",
            "incident.status_changed",
            "incident.role_assigned",
        ],
        "murphy",
    )
    .await;
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    // Severity changes are not subscribed: nothing queued for them.
    app.post_form("/incidents/1/severity", &[("severity", "SEV2")])
        .await;
    assert_eq!(app.count("webhook_delivery").await, 1);

    let state = fast(&app.state);
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    assert_eq!(receiver.seen().len(), 1, "first attempt: 500");
    // Not due yet at once; due after the backoff.
    tokio::time::sleep(Duration::from_millis(80)).await;
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    let seen = receiver.seen();
    assert_eq!(seen.len(), 3, "500, 503, then 200");
    for r in &seen {
        check_signature(r, &secret);
        assert_eq!(r.headers["murphy-event"], "incident.created");
        assert_eq!(r.headers["content-type"], "application/json");
    }
    assert_eq!(seen[0].body, seen[2].body, "the same body each time");
    let body: Value = serde_json::from_str(&seen[2].body).unwrap();
    assert_eq!(body["event"], "incident.created");
    assert_eq!(body["incident"]["reference"], "INC-1");
    assert_eq!(body["incident"]["severity"], "SEV1");
    assert_eq!(body["incident"]["url"], "/incidents/1");
    assert_eq!(body["summary"], "SEV1 declared: outage.");

    // The admin sees each attempt and its answer.
    let page = app.get(&format!("/admin/webhooks/{id}")).await;
    let attempts = page.texts("#deliveries .attempts tbody tr td:nth-child(2)");
    assert_eq!(attempts, ["HTTP 500", "HTTP 503", "HTTP 200"]);
    assert!(page.text("#deliveries li p").contains("delivered"));
    assert!(
        !page.body.contains(&secret),
        "the secret is never shown again"
    );

    // A status change and a role are announced too.
    app.post_json(
        "/api/v1/incidents/1/status",
        &json!({"status": "identified"}),
    )
    .await;
    app.post_json(
        "/api/v1/incidents/1/roles",
        &json!({"role": "ic", "person": "admin@example.com"}),
    )
    .await;
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    let events: Vec<String> = receiver
        .seen()
        .iter()
        .skip(3)
        .map(|r| r.headers["murphy-event"].to_str().unwrap().to_owned())
        .collect();
    let mut sorted = events.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["incident.role_assigned", "incident.status_changed"]
    );
}

#[tokio::test]
async fn failing_receivers_are_given_up_on_after_eight_attempts_and_can_be_retried() {
    let app = TestApp::new().await;
    let (receiver, port) = Receiver::start(&[500; 20]).await;
    let (id, _) = add_webhook(
        &app,
        &format!("http://127.0.0.1:{port}/hook"),
        &["incident.created"],
        "murphy",
    )
    .await;
    app.incident(json!({"title": "A", "kind": "outage", "severity": "SEV3"}))
        .await;
    let state = AppState {
        webhook_retry: time::Duration::milliseconds(1),
        ..app.state.clone()
    };
    for _ in 0..40 {
        murphy::runtime::webhook_sender::deliver_due(&state)
            .await
            .unwrap();
        if receiver.seen().len() >= 8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(70)).await;
    }
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    assert_eq!(receiver.seen().len(), 8);
    let page = app.get(&format!("/admin/webhooks/{id}")).await;
    assert_eq!(page.texts("#webhooks").len(), 0);
    assert!(page.text("#deliveries li p").contains("failed"));
    let retry = page
        .attr("#deliveries form[action$='/retry']", "action")
        .unwrap();
    let r = app.post_form(&retry, &[]).await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Delivery queued again."
    );
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    assert_eq!(receiver.seen().len(), 9);
}

#[tokio::test]
async fn slack_bodies_and_webhook_validation() {
    let app = TestApp::new().await;
    let (receiver, port) = Receiver::start(&[]).await;
    add_webhook(
        &app,
        &format!("http://127.0.0.1:{port}/hook"),
        &[
            "incident.created",
            "incident.update_published",
            "postmortem.published",
        ],
        "slack",
    )
    .await;
    app.incident(json!({"title": "Search slow", "kind": "degradation", "severity": "SEV3"}))
        .await;
    app.post_form(
        "/incidents/1/updates",
        &[
            ("audience", "public"),
            ("status", "Search is slow; we are on it."),
            ("next_update_minutes", ""),
        ],
    )
    .await;
    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();
    let texts: Vec<String> = receiver
        .seen()
        .iter()
        .map(|r| {
            let v: Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(v.as_object().unwrap().len(), 1, "only text: {v}");
            v["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts.contains(&"INC-1 Search slow (SEV3): SEV3 declared: degradation.".to_owned()));
    assert!(texts.contains(
        &"INC-1 Search slow (SEV3): Public update: Search is slow; we are on it.".to_owned()
    ));

    let bad = app
        .post_form(
            "/admin/webhooks",
            &[
                ("name", ""),
                ("url", "javascript:alert(1)"),
                ("format", "murphy"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.field_error("url"),
        "The URL starts with https:// (or http://)."
    );
    assert_eq!(bad.field_error("events"), "Choose at least one event.");
    assert_eq!(app.count("webhook").await, 1);
    let responder = app.as_new(murphy::domain::person::Role::Responder).await;
    assert_eq!(
        responder.get("/admin/webhooks").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn deliveries_survive_a_murphy_restart() {
    let app = TestApp::new().await;
    // The receiver turns everything away while the first Murphy runs.
    let (receiver, port) = Receiver::start(&[503; 100]).await;
    sqlx::query(
        "INSERT INTO webhook (id, name, url, secret, events) VALUES
         (gen_random_uuid(), 'Later', $1, 'whsec_restart', ARRAY['incident.created'])",
    )
    .bind(format!("http://127.0.0.1:{port}/hook"))
    .execute(&app.db)
    .await
    .unwrap();
    let murphy = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_murphy"));
        cmd.env("DATABASE_URL", &app.url)
            .env("MURPHY_WEBHOOK_RETRY_MS", "300")
            .env("MURPHY_WEBHOOK_ALLOW", "127.0.0.1")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null());
        cmd
    };
    let token = create_token(&mut murphy(), "admin@example.com");
    let child = Served::start(murphy());
    let filed = call(
        child.port,
        &token,
        "POST",
        "/api/v1/incidents",
        Some((
            "application/json",
            r#"{"title": "Restart me", "kind": "outage", "severity": "SEV2"}"#,
        )),
    );
    assert_eq!(filed.status, 201, "{}", filed.body);
    // Wait for at least one failed attempt, then stop Murphy.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM webhook_delivery")
            .fetch_one(&app.db)
            .await
            .unwrap();
        if attempts >= 1 {
            break;
        }
        assert!(Instant::now() < deadline, "no attempt was made");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, log) = child.stop();
    assert!(status.success(), "{log}");
    let (state, statuses): (String, String) = sqlx::query_as(
        "SELECT d.state, string_agg(a.status_code::text, '|') FROM webhook_delivery d
         JOIN webhook_attempt a ON a.delivery_id = d.id GROUP BY d.state",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(state, "pending");
    assert!(statuses.split('|').all(|s| s == "503"), "{statuses}");
    let failed = statuses.split('|').count();

    // The receiver takes them now; a new Murphy process picks the delivery up from the
    // database.
    receiver.answers.lock().unwrap().clear();
    let child = Served::start(murphy());
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state: String = sqlx::query_scalar("SELECT state FROM webhook_delivery")
            .fetch_one(&app.db)
            .await
            .unwrap();
        if state == "delivered" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not delivered after the restart: {state}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child.stop();
    let seen = receiver.seen();
    assert_eq!(
        seen.len(),
        failed + 1,
        "each attempt reached the receiver once"
    );
    let ids: std::collections::BTreeSet<_> = seen
        .iter()
        .map(|r| r.headers["murphy-delivery"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "one delivery, attempted again: {ids:?}");
    check_signature(&seen[failed], "whsec_restart");
    let body: Value = serde_json::from_str(&seen[failed].body).unwrap();
    assert_eq!(body["incident"]["title"], "Restart me");
}

/// Webhooks cannot be aimed inside the network. Without `MURPHY_WEBHOOK_ALLOW`, a URL whose
/// host is, or resolves to, a loopback, link-local, private or otherwise internal address is
/// refused when saved, however it is spelt; and a webhook that reaches one anyway (saved
/// when it was allowed, or a name that now resolves inside: DNS rebinding) is refused at
/// send time, on the address actually connected to. Before, all of these were accepted and
/// the receiver's reply shown back.
#[tokio::test]
async fn webhooks_are_never_sent_inside_the_network_unless_allowed() {
    let allowed = TestApp::new().await;
    let app = allowed.with_state(
        allowed
            .state
            .clone()
            .with_webhook_destinations(Default::default()),
    );
    let hint = "An operator can allow internal receivers with MURPHY_WEBHOOK_ALLOW.";
    for (url, refusal) in [
        (
            "http://127.0.0.1:5432/",
            "Murphy does not send webhooks to 127.0.0.1, a loopback address.",
        ),
        (
            "http://169.254.169.254/latest/meta-data/",
            "Murphy does not send webhooks to 169.254.169.254, a link-local address.",
        ),
        (
            "http://[::1]/",
            "Murphy does not send webhooks to ::1, a loopback address.",
        ),
        (
            "http://2130706433/",
            "Murphy does not send webhooks to 127.0.0.1, a loopback address.",
        ),
        (
            "http://user:pass@10.0.0.1/",
            "Murphy does not send webhooks to 10.0.0.1, a private address.",
        ),
        (
            "http://[::ffff:192.168.0.1]/",
            "Murphy does not send webhooks to ::ffff:192.168.0.1, a private address.",
        ),
        (
            "http://localhost:5432/",
            "localhost resolves to 127.0.0.1, a loopback address; Murphy does not send webhooks there.",
        ),
    ] {
        let r = app
            .post_form(
                "/admin/webhooks",
                &[
                    ("name", "Inside"),
                    ("url", url),
                    ("format", "murphy"),
                    ("events", "incident.created"),
                    ("active", "on"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert_eq!(r.field_error("url"), format!("{refusal} {hint}"), "{url}");
    }
    assert_eq!(app.count("webhook").await, 0);

    // Saved while allowed (or by a name that resolved elsewhere then), sent now: refused
    // at the connection, nothing reaches the receiver, and no retry is scheduled.
    let (receiver, port) = Receiver::start(&[]).await;
    for host in ["127.0.0.1", "localhost"] {
        sqlx::query(
            "INSERT INTO webhook (id, name, url, secret, events) VALUES
             (gen_random_uuid(), $1, $2, 'whsec_x', ARRAY['incident.created'])",
        )
        .bind(host)
        .bind(format!("http://{host}:{port}/hook"))
        .execute(&app.db)
        .await
        .unwrap();
    }
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();
    assert!(receiver.seen().is_empty(), "nothing was sent");
    let outcomes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT w.name, d.state, a.error FROM webhook_attempt a
         JOIN webhook_delivery d ON d.id = a.delivery_id JOIN webhook w ON w.id = d.webhook_id
         ORDER BY w.name",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let tail =
        "Murphy sends webhooks inside the network only to receivers MURPHY_WEBHOOK_ALLOW names";
    assert_eq!(outcomes[0].0, "127.0.0.1");
    assert_eq!(
        (outcomes[0].1.as_str(), outcomes[0].2.as_str()),
        (
            "failed",
            format!("refused: 127.0.0.1, a loopback address; {tail}").as_str()
        )
    );
    assert_eq!(outcomes[1].0, "localhost");
    assert!(
        outcomes[1].2.contains(&format!(
            "refused: localhost resolves to 127.0.0.1, a loopback address; {tail}"
        )),
        "{outcomes:?}"
    );
    assert_eq!(outcomes.len(), 2);
}

/// A receiver's reply is shown only as its status and a short excerpt, escaped; a redirect
/// is recorded, not followed.
#[tokio::test]
async fn replies_are_kept_short_and_redirects_are_not_followed() {
    let app = TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let followed = Arc::new(Mutex::new(0));
    let counted = followed.clone();
    let receiver = axum::Router::new()
        .route(
            "/long",
            axum::routing::post(|| async {
                format!("<script>alert(1)</script>{}", "x".repeat(5000))
            }),
        )
        .route(
            "/moved",
            axum::routing::post(move || async move {
                (
                    StatusCode::FOUND,
                    [(
                        axum::http::header::LOCATION,
                        format!("http://127.0.0.1:{port}/elsewhere"),
                    )],
                )
            }),
        )
        .route(
            "/elsewhere",
            axum::routing::post(move || {
                *counted.lock().unwrap() += 1;
                async { "followed" }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, receiver).await.unwrap() });
    for path in ["long", "moved"] {
        add_webhook(
            &app,
            &format!("http://127.0.0.1:{port}/{path}"),
            &["incident.created"],
            "murphy",
        )
        .await;
    }
    let id_of = |path: &'static str| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM webhook WHERE url LIKE $1")
                .bind(format!("%/{path}"))
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let (long, moved) = (id_of("long").await, id_of("moved").await);
    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"}))
        .await;
    murphy::runtime::webhook_sender::deliver_due(&app.state)
        .await
        .unwrap();

    let page = app.get(&format!("/admin/webhooks/{long}")).await;
    let shown = page.text("#deliveries .attempts tbody tr td:nth-child(4)");
    assert_eq!(
        shown,
        format!("<script>alert(1)</script>{}", "x".repeat(175))
    );
    assert!(page.body.contains("&#60;script&#62;alert(1)"));
    assert!(!page.body.contains("<script>alert(1)"));

    let page = app.get(&format!("/admin/webhooks/{moved}")).await;
    assert_eq!(
        page.text("#deliveries .attempts tbody tr td:nth-child(2)"),
        "HTTP 302"
    );
    assert_eq!(
        *followed.lock().unwrap(),
        0,
        "the redirect was not followed"
    );
}
