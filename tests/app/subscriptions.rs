//! Subscribing to the status page without an account: by email through a real SMTP server
//! (confirming, hearing of updates and maintenance, leaving in one click), by webhook to a
//! local receiver (signed), the rate limit, and the admins' list and CSV.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use murphy::AppState;
use serde_json::{Value, json};

use crate::email::{Smtp, decoded, header as mail_header};
use crate::status::{publish, show};
use crate::support::{TestApp, TestResponse};
use crate::webhooks::{Receiver, check_signature};

const BASE: &str = "https://status.example.com";

/// A signed-out browser: the subscribe form's CSRF cookie, then the form posted with it.
async fn subscribe(public: &TestApp, pairs: &[(&str, &str)]) -> TestResponse {
    subscribe_in(public, pairs, "en").await
}

/// [`subscribe`] from a browser asking for `language`.
async fn subscribe_in(public: &TestApp, pairs: &[(&str, &str)], language: &str) -> TestResponse {
    let form = public.get("/status/subscribe").await;
    assert_eq!(form.status, StatusCode::OK);
    let cookie = form.set_cookie("murphy_csrf").expect("a CSRF cookie");
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("murphy_csrf=")
        .to_owned();
    let mut pairs = pairs.to_vec();
    pairs.push(("csrf_token", &token));
    let body = serde_urlencoded::to_string(&pairs).unwrap();
    public
        .raw(
            Request::post("/status/subscribe")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("murphy_csrf={token}"))
                .header(header::ACCEPT_LANGUAGE, language)
                .body(Body::from(body))
                .unwrap(),
        )
        .await
}

/// The first link in `body` that starts with `prefix`, as a path on Murphy.
fn link(body: &str, prefix: &str) -> String {
    let start = body
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} link in: {body}"));
    let url: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    url.trim_start_matches(BASE).to_owned()
}

/// Posts with no CSRF token and no cookie, as a mail program's one-click unsubscribe does.
async fn post_bare(app: &TestApp, path: &str, body: &str) -> TestResponse {
    app.raw(
        Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap(),
    )
    .await
}

async fn send(state: &AppState) -> usize {
    murphy::runtime::mailer::send_due(state).await.unwrap()
}

#[tokio::test]
async fn an_email_subscriber_confirms_hears_of_updates_and_leaves_in_one_click() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    for name in ["checkout", "search", "ledger-db"] {
        app.service(name).await;
    }
    let checkout = show(&app, "checkout", "Card payments", "").await;
    show(&app, "search", "Search", "").await;
    let state = AppState {
        public_url: BASE.into(),
        status_name: "Acme status".into(),
        ..smtp.state(&app)
    };
    let app = app.with_state(state.clone());
    let public = app.anonymous();

    // The status page offers it; bad input is refused with messages and writes nothing.
    let page = public.get("/status").await;
    assert_eq!(
        page.attr(".status-subscribe-link", "href").as_deref(),
        Some("/status/subscribe")
    );
    let bad = subscribe(
        &public,
        &[
            ("channel", "email"),
            ("email", "ada"),
            ("everything", "false"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.text("#email-error"),
        "Give an email address, such as you@example.com."
    );
    assert_eq!(
        bad.text("#components-error"),
        "Choose at least one component, or everything."
    );
    assert_eq!(app.count("status_subscriber").await, 0);

    // Subscribing to Card payments only: the page says to check the inbox, and no more.
    let r = subscribe(
        &public,
        &[
            ("channel", "email"),
            ("email", "Reader@Example.com"),
            ("everything", "false"),
            ("components", &checkout),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.text("h1"), "Check your inbox");
    assert!(!r.body.contains("reader@example.com"));
    assert_eq!(send(&state).await, 1);
    let messages = smtp.messages();
    let (headers, body) = &messages[0];
    assert_eq!(mail_header(headers, "To"), "reader@example.com");
    assert_eq!(
        mail_header(headers, "Subject"),
        "Confirm your subscription to Acme status"
    );
    let confirm = link(body, &format!("{BASE}/status/subscription/"));

    // Nothing is sent before confirming.
    app.incident(json!({
        "title": "Card payments fail", "kind": "outage", "severity": "SEV1",
        "services": ["checkout", "ledger-db"],
    }))
    .await;
    publish(
        &app,
        1,
        "public",
        "We are investigating failed card payments.",
    )
    .await;
    assert_eq!(send(&state).await, 0);

    // Following the link shows a button; pressing it confirms (no CSRF token: the link is
    // the permission).
    let shown = public.get(&confirm).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.header("cache-control"), "no-store");
    assert_eq!(shown.text(".alert-warning strong"), "Not confirmed yet.");
    let done = post_bare(&public, &format!("{confirm}/confirm"), "").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.text(".flash"),
        "Subscription confirmed. You will hear of what is posted here."
    );

    // A public update reaches them, with the page's links and List-Unsubscribe; internal
    // updates, other components' incidents and restricted incidents never do.
    publish(
        &app,
        1,
        "internal",
        "Ledger primary at 100 % CPU, paging Ada",
    )
    .await;
    publish(&app, 1, "public", "A fix is rolling out; payments recover.").await;
    app.incident(json!({
        "title": "Search is slow", "kind": "degradation", "severity": "SEV3",
        "services": ["search"],
    }))
    .await;
    publish(&app, 2, "public", "Searches take a few seconds.").await;
    app.incident(json!({
        "title": "Card data exposure", "kind": "security", "severity": "SEV1",
        "services": ["checkout"], "restricted": true,
    }))
    .await;
    publish(&app, 3, "public", "Secret public words about the exposure").await;
    assert_eq!(send(&state).await, 1);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2);
    let (headers, body) = &messages[1];
    assert_eq!(
        mail_header(headers, "Subject"),
        "[Acme status] Card payments fail: Investigating"
    );
    assert!(
        body.contains("Investigating: A fix is rolling out; payments recover."),
        "{body}"
    );
    assert!(
        body.contains(&format!("{BASE}/status/incidents/1")),
        "{body}"
    );
    for secret in [
        "Ledger primary",
        "paging Ada",
        "Secret public words",
        "Search",
    ] {
        assert!(!body.contains(secret), "{secret} leaked: {body}");
    }
    let unsubscribe = link(body, "https://status.example.com/status/subscription/");
    let unsubscribe = format!(
        "{}/unsubscribe",
        unsubscribe.trim_end_matches("/unsubscribe")
    );
    assert_eq!(
        mail_header(headers, "List-Unsubscribe"),
        format!("<{BASE}{unsubscribe}>")
    );
    assert_eq!(
        mail_header(headers, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );

    // Resolving moves it along: subscribers hear of the new status.
    let r = app
        .post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(send(&state).await, 1);
    assert_eq!(
        mail_header(&smtp.messages()[2].0, "Subject"),
        "[Acme status] Card payments fail: Resolved"
    );

    // The mail program's one-click unsubscribe: a bare POST, no token, no cookie.
    let gone = post_bare(&public, &unsubscribe, "List-Unsubscribe=One-Click").await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    assert_eq!(gone.text("h1"), "Unsubscribed");
    assert_eq!(app.count("status_subscriber").await, 0);
    // Again: still fine, and the page is gone.
    let again = post_bare(&public, &unsubscribe, "List-Unsubscribe=One-Click").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(public.get(&confirm).await.status, StatusCode::NOT_FOUND);
    publish(&app, 1, "public", "Payments are back to normal.").await;
    assert_eq!(send(&state).await, 0);
}

#[tokio::test]
async fn addresses_are_never_revealed_and_the_form_is_rate_limited() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    app.service("checkout").await;
    show(&app, "checkout", "Card payments", "").await;
    let state = AppState {
        public_url: BASE.into(),
        ..smtp.state(&app)
    };
    let app = app.with_state(state.clone());
    let public = app.anonymous();
    let ask = || {
        subscribe(
            &public,
            &[
                ("channel", "email"),
                ("email", "reader@example.com"),
                ("everything", "true"),
            ],
        )
    };
    let first = ask().await;
    assert_eq!(first.text("h1"), "Check your inbox");
    // Asked again at once: the same answer, and no second message (one in ten minutes).
    let second = ask().await;
    assert_eq!(second.text("h1"), "Check your inbox");
    assert_eq!(send(&state).await, 1);
    assert_eq!(app.count("status_subscriber").await, 1);

    // Confirmed, then asked again later: the same answer; the message says it is
    // subscribed already, with its links.
    let token: String = sqlx::query_scalar("SELECT token FROM status_subscriber")
        .fetch_one(&app.db)
        .await
        .unwrap();
    post_bare(
        &public,
        &format!("/status/subscription/{token}/confirm"),
        "",
    )
    .await;
    sqlx::query(
        "UPDATE status_subscriber SET confirmation_sent_at = now() - interval '11 minutes'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(ask().await.text("h1"), "Check your inbox");
    assert_eq!(send(&state).await, 1);
    let messages = smtp.messages();
    assert_eq!(
        mail_header(&messages[1].0, "Subject"),
        "Your subscription to Service status"
    );
    assert!(
        messages[1]
            .1
            .contains(&format!("/status/subscription/{token}"))
    );

    // Ten requests an hour from one address; the eleventh is refused and writes nothing.
    for _ in 3..10 {
        assert_eq!(ask().await.status, StatusCode::OK);
    }
    let refused = ask().await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        refused.text(".alert-warning strong"),
        "Too many requests from your network."
    );
    assert_eq!(app.count("status_subscribe_attempt").await, 10);

    // Nothing public shows the address.
    for path in [
        "/status",
        "/status/history",
        "/status/subscribe",
        "/status/api/v2/summary.json",
        "/status/feed.atom",
    ] {
        let r = public.get(path).await;
        assert!(!r.body.contains("reader@example.com"), "{path}");
    }
}

#[tokio::test]
async fn a_webhook_subscriber_hears_signed_notices_of_its_components_and_maintenance() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let checkout = show(&app, "checkout", "Card payments", "").await;
    show(&app, "search", "Search", "").await;
    let public = app.anonymous();
    let (receiver, port) = Receiver::start(&[]).await;
    let url = format!("http://127.0.0.1:{port}/hook");

    // By default a subscriber may not name an address inside the network, whatever the
    // admins' webhooks may reach.
    let inside = subscribe(
        &public,
        &[
            ("channel", "webhook"),
            ("url", &url),
            ("everything", "true"),
        ],
    )
    .await;
    assert_eq!(inside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        inside.text("#url-error"),
        "The URL points inside a private network; give a public address."
    );

    let local = murphy::domain::destination::Destinations::parse("127.0.0.1").unwrap();
    let state = AppState {
        public_url: BASE.into(),
        ..app.state.clone()
    }
    .with_subscriber_destinations(local);
    let app = app.with_state(state.clone());
    let public = app.anonymous();
    let r = subscribe(
        &public,
        &[
            ("channel", "webhook"),
            ("url", &url),
            ("everything", "false"),
            ("components", &checkout),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.text("h1"), "Webhook subscribed");
    let secret = r.text(".secret-once dd code");
    assert_eq!(secret.len(), 64);
    let page = r.text(".secret-once dd a");
    assert!(
        page.starts_with(&format!("{BASE}/status/subscription/")),
        "{page}"
    );
    // It is not one of the admins' webhooks.
    let admin_list = app.get("/admin/webhooks").await;
    assert!(!admin_list.body.contains(&url));

    // An incident on Search is not its business; one on Card payments is.
    app.incident(json!({
        "title": "Search is slow", "kind": "degradation", "severity": "SEV3", "services": ["search"],
    }))
    .await;
    publish(&app, 1, "public", "Searches take a few seconds.").await;
    app.incident(json!({
        "title": "Card payments fail", "kind": "outage", "severity": "SEV1", "services": ["checkout"],
    }))
    .await;
    publish(&app, 2, "internal", "Ledger primary at 100 % CPU").await;
    publish(
        &app,
        2,
        "public",
        "We are investigating failed card payments.",
    )
    .await;
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    let seen = receiver.seen();
    assert_eq!(seen.len(), 1);
    check_signature(&seen[0], &secret);
    assert_eq!(seen[0].headers["murphy-event"], "status.notice");
    let body: Value = serde_json::from_str(&seen[0].body).unwrap();
    assert_eq!(body["notice"]["event"], "incident.update");
    assert_eq!(
        body["notice"]["subject"],
        "Card payments fail: Investigating"
    );
    assert_eq!(
        body["notice"]["data"]["incident"],
        json!({
            "number": 2,
            "name": "Card payments fail",
            "status": "investigating",
            "impact": "critical",
            "shortlink": format!("{BASE}/status/incidents/2"),
        })
    );
    assert_eq!(
        body["notice"]["data"]["update"]["body"],
        "We are investigating failed card payments."
    );
    assert_eq!(body["meta"]["unsubscribe"], format!("{page}/unsubscribe"));
    assert!(!seen[0].body.contains("Ledger"));

    // Resolved with a closing public update: one notice, carrying the new status.
    let r = app
        .post_form(
            "/incidents/2/status",
            &[
                ("status", "resolved"),
                ("publish_update", "on"),
                ("update_audience", "public"),
                ("update_status", "Payments work again."),
            ],
        )
        .await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    let seen = receiver.seen();
    assert_eq!(seen.len(), 2, "one notice for the resolution");
    let body: Value = serde_json::from_str(&seen[1].body).unwrap();
    assert_eq!(body["notice"]["subject"], "Card payments fail: Resolved");
    assert_eq!(body["notice"]["data"]["incident"]["status"], "resolved");
    assert_eq!(
        body["notice"]["data"]["update"]["body"],
        "Payments work again."
    );

    // Maintenance on its component is announced as it is scheduled.
    let now = time::OffsetDateTime::now_utc();
    let at = |minutes: i64| murphy::domain::time::rfc3339(now + time::Duration::minutes(minutes));
    let (from, to) = (at(60), at(120));
    let r = app
        .post_form(
            "/maintenance",
            &[
                ("title", "Ledger upgrade"),
                ("body", "Writes pause for up to five minutes."),
                ("starts_at", &from),
                ("ends_at", &to),
                ("tz_offset", "0"),
                ("version", ""),
                ("services", "checkout"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    murphy::runtime::webhook_sender::deliver_due(&state)
        .await
        .unwrap();
    let seen = receiver.seen();
    assert_eq!(seen.len(), 3);
    let body: Value = serde_json::from_str(&seen[2].body).unwrap();
    assert_eq!(body["notice"]["event"], "maintenance.scheduled");
    assert_eq!(
        body["notice"]["data"]["maintenance"]["name"],
        "Ledger upgrade"
    );
    assert_eq!(body["notice"]["data"]["maintenance"]["status"], "scheduled");

    // Admins see it with its deliveries; the CSV lists it; others may not look.
    let list = app.get("/admin/subscribers").await;
    assert_eq!(list.text("#webhooks"), "1");
    assert_eq!(list.text("td[data-label=Address]"), url);
    assert_eq!(list.text("td[data-label=State]"), "3 delivered");
    assert_eq!(list.text("td[data-label='Hears of']"), "Card payments");
    let csv = app.get("/admin/subscribers.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "kind,address,confirmed_at,components,subscribed_at"
    );
    assert!(
        lines[1].starts_with(&format!("webhook,{url},")),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",Card payments,"), "{}", lines[1]);
    assert_eq!(lines.len(), 2);
    let responder = app.as_new(murphy::domain::person::Role::Responder).await;
    assert_eq!(
        responder.get("/admin/subscribers").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        responder.get("/admin/subscribers.csv").await.status,
        StatusCode::FORBIDDEN
    );

    // Unsubscribing by the link in the delivery ends it, webhook and all.
    let gone = post_bare(
        &public,
        &format!("{}/unsubscribe", page.trim_start_matches(BASE)),
        "",
    )
    .await;
    assert_eq!(gone.text("h1"), "Unsubscribed");
    assert_eq!(app.count("status_subscriber").await, 0);
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM webhook WHERE subscriber_id IS NOT NULL")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn a_subscriber_changes_what_they_hear_of_and_admins_remove_one() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    app.service("checkout").await;
    app.service("search").await;
    let checkout = show(&app, "checkout", "Card payments", "").await;
    let search = show(&app, "search", "Search", "").await;
    let state = smtp.state(&app);
    let app = app.with_state(state.clone());
    let public = app.anonymous();
    subscribe(
        &public,
        &[
            ("channel", "email"),
            ("email", "reader@example.com"),
            ("everything", "false"),
            ("components", &checkout),
        ],
    )
    .await;
    let token: String = sqlx::query_scalar("SELECT token FROM status_subscriber")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let path = format!("/status/subscription/{token}");
    post_bare(&public, &format!("{path}/confirm"), "").await;
    assert_eq!(send(&state).await, 1, "the confirmation");
    let page = public.get(&path).await;
    assert_eq!(
        page.attr("input[value='false']", "checked").as_deref(),
        Some("")
    );
    assert_eq!(
        page.attr(&format!("input[value='{checkout}']"), "checked")
            .as_deref(),
        Some("")
    );

    // Choosing nothing is refused and keeps the page; choosing Search saves.
    let bad = post_bare(&public, &path, "everything=false").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.text("#components-error"),
        "Choose at least one component, or everything."
    );
    let saved = post_bare(
        &public,
        &path,
        &format!("everything=false&components={search}"),
    )
    .await;
    assert_eq!(saved.text(".flash"), "Your choice is saved.");
    app.incident(json!({
        "title": "Card payments fail", "kind": "outage", "severity": "SEV1", "services": ["checkout"],
    }))
    .await;
    publish(&app, 1, "public", "Investigating.").await;
    let before = smtp.messages().len();
    send(&state).await;
    assert_eq!(
        smtp.messages().len(),
        before,
        "no longer hears of Card payments"
    );

    // A component state set by hand reaches those who hear of it.
    let r = app
        .post_form(
            &format!("/status-page/components/{search}/state"),
            &[("state", "partial_outage")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    send(&state).await;
    let messages = smtp.messages();
    assert_eq!(
        mail_header(&messages.last().unwrap().0, "Subject"),
        "[Service status] Search: Partial outage"
    );

    // An admin removes the subscriber: audited, and gone.
    let id: String = sqlx::query_scalar("SELECT id::text FROM status_subscriber")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let r = app
        .post_form(&format!("/admin/subscribers/{id}/remove"), &[])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Removed reader@example.com."
    );
    assert_eq!(app.count("status_subscriber").await, 0);
    let audit = app.get("/admin/audit").await;
    assert!(
        audit
            .texts("td")
            .iter()
            .any(|t| t == "Removed the status page's email subscriber reader@example.com"),
        "{:?}",
        audit.texts("td")
    );
}

/// Each subscriber is written to in the language they subscribed in: the confirmation, the
/// notices and their footer; the page's name, when none is configured, too.
#[tokio::test]
async fn a_subscriber_hears_in_the_language_they_subscribed_in() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    app.service("checkout").await;
    show(&app, "checkout", "Pagamentos", "").await;
    let state = AppState {
        public_url: BASE.into(),
        ..smtp.state(&app)
    };
    let app = app.with_state(state.clone());
    let public = app.anonymous();
    for (address, language) in [
        ("leitora@example.com", "pt-BR,pt;q=0.9"),
        ("reader@example.com", "en"),
    ] {
        let pairs = [
            ("channel", "email"),
            ("email", address),
            ("everything", "true"),
        ];
        let r = subscribe_in(&public, &pairs, language).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(send(&state).await, 2);
    let messages = smtp.messages();
    let to = |address: &str| {
        messages
            .iter()
            .find(|(headers, _)| mail_header(headers, "To") == address)
            .unwrap()
            .clone()
    };
    let (headers, body) = to("leitora@example.com");
    assert_eq!(
        decoded(&headers, "Subject"),
        "Confirme sua assinatura de Status dos serviços"
    );
    assert!(
        body.contains("Se não foi você, ignore esta mensagem"),
        "{body}"
    );
    let (headers, _) = to("reader@example.com");
    assert_eq!(
        decoded(&headers, "Subject"),
        "Confirm your subscription to Service status"
    );
    for (_, body) in &messages {
        let confirm = link(body, &format!("{BASE}/status/subscription/"));
        let done = post_bare(&public, &format!("{confirm}/confirm"), "").await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    }

    app.incident(json!({
        "title": "Pagamentos com cartão falham", "kind": "outage", "severity": "SEV1",
        "services": ["checkout"],
    }))
    .await;
    publish(&app, 1, "public", "Estamos investigando.").await;
    assert_eq!(send(&state).await, 2);
    let messages = smtp.messages();
    let notice = |address: &str| {
        messages
            .iter()
            .skip(2)
            .find(|(headers, _)| mail_header(headers, "To") == address)
            .unwrap()
            .clone()
    };
    let (headers, body) = notice("leitora@example.com");
    assert_eq!(
        decoded(&headers, "Subject"),
        "[Status dos serviços] Pagamentos com cartão falham: Investigando"
    );
    assert!(
        body.contains("Investigando: Estamos investigando."),
        "{body}"
    );
    assert!(
        body.contains("Você recebe isto porque assinou Status dos serviços"),
        "{body}"
    );
    assert!(body.contains("Cancelar a assinatura: "), "{body}");
    let (headers, body) = notice("reader@example.com");
    assert_eq!(
        decoded(&headers, "Subject"),
        "[Service status] Pagamentos com cartão falham: Investigating"
    );
    assert!(body.contains("Unsubscribe: "), "{body}");
}
