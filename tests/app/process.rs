//! Murphy as an operator runs it: the `murphy` binary configured by flags and environment,
//! stopping on SIGTERM, and the request time limit, over raw HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::embedded::{add_user, create_token};
use crate::served::{Reply, Served, exchange};
use crate::support::TestApp;

/// `murphy` on the test's database.
fn murphy(app: &TestApp) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_murphy"));
    cmd.env("DATABASE_URL", &app.url)
        .env("LANG", "C.UTF-8")
        .env_remove("MURPHY_PUBLIC_URL")
        .env_remove("MURPHY_REQUEST_TIMEOUT")
        .env_remove("MURPHY_DRAIN_SECONDS")
        .env("RUST_LOG", "warn");
    cmd
}

/// Signs in through the password form, as a browser would: the form's answer and the
/// sign-in's.
fn sign_in(port: u16, email: &str, password: &str) -> (Reply, Reply) {
    let form = exchange(
        port,
        "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(form.status, 200, "{}", form.body);
    let csrf = form.cookie("murphy_csrf").expect("a csrf cookie");
    let csrf = csrf["murphy_csrf=".len()..].split(';').next().unwrap();
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf_token", csrf)
        .append_pair("next", "/")
        .append_pair("email", email)
        .append_pair("password", password)
        .finish();
    let signed_in = exchange(
        port,
        &format!(
            "POST /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Cookie: murphy_csrf={csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    (form, signed_in)
}

/// Over https (`MURPHY_PUBLIC_URL`), the session cookie is `Secure` and every answer carries
/// HSTS; a `--public-url` flag outranks the environment, and over plain http neither is sent.
#[tokio::test]
async fn an_https_public_url_makes_cookies_secure_and_sends_hsts() {
    let app = TestApp::new().await;
    assert!(
        add_user(&mut murphy(&app), "ops@example.com", "responder")
            .status
            .success()
    );
    let mut cmd = murphy(&app);
    cmd.env("MURPHY_PUBLIC_URL", "https://murphy.example.com/");
    let (csrf, session, hsts) = session_over(cmd);
    assert_eq!(csrf, " Path=/; HttpOnly; SameSite=Lax; Secure");
    assert_eq!(
        session,
        " Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure"
    );
    let sent = Some("max-age=31536000; includeSubDomains".to_owned());
    assert_eq!(hsts, [sent.clone(), sent.clone(), sent]);

    // The flag outranks the environment: plain http, so neither.
    let mut cmd = murphy(&app);
    cmd.env("MURPHY_PUBLIC_URL", "https://murphy.example.com/")
        .args(["--public-url", "http://murphy.internal:8080"]);
    let (csrf, session, hsts) = session_over(cmd);
    assert_eq!(csrf, " Path=/; HttpOnly; SameSite=Lax");
    assert_eq!(session, " Path=/; HttpOnly; SameSite=Lax; Max-Age=604800");
    assert_eq!(hsts, [None, None, None]);
}

/// Starts `cmd`, signs ops@example.com in and asks for `/healthz`: the attributes of the
/// sign-in form's CSRF cookie and of the session cookie, and the HSTS header of the form,
/// the sign-in and `/healthz`.
fn session_over(cmd: Command) -> (String, String, [Option<String>; 3]) {
    let served = Served::start(cmd);
    let (form, signed_in) = sign_in(served.port, "ops@example.com", "a long enough password");
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let attributes = |r: &Reply, name: &str| {
        let cookie = r.cookie(name).unwrap_or_else(|| panic!("no {name} cookie"));
        cookie.split_once(';').unwrap().1.to_owned()
    };
    let health = exchange(
        served.port,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    let hsts = |r: &Reply| r.header("strict-transport-security").map(str::to_owned);
    let seen = (
        attributes(&form, "murphy_csrf"),
        attributes(&signed_in, "murphy_session"),
        [hsts(&form), hsts(&signed_in), hsts(&health)],
    );
    assert!(served.stop().0.success());
    seen
}

/// Values Murphy cannot use stop it at once, naming the setting, before it touches the
/// database or listens.
#[tokio::test]
async fn settings_it_cannot_use_stop_it_with_their_name() {
    let app = TestApp::new().await;
    for (name, value, said) in [
        (
            "MURPHY_PUBLIC_URL",
            "murphy.example.com",
            "a web address starting with https:// or http://",
        ),
        (
            "MURPHY_PUBLIC_URL",
            "https://murphy.example.com/?x=1",
            "no query or fragment",
        ),
        ("MURPHY_REQUEST_TIMEOUT", "0", "1.."),
        ("MURPHY_REQUEST_TIMEOUT", "soon", "invalid digit"),
        ("MURPHY_DB_POOL_SIZE", "0", "1.."),
        ("MURPHY_SESSION_IDLE_HOURS", "0", "1.."),
        ("MURPHY_LISTEN", "localhost", "invalid socket address"),
        ("MURPHY_DEFAULT_LANGUAGE", "fr", "fr"),
    ] {
        let out = murphy(&app).env(name, value).arg("serve").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}={value}: {stderr}");
        let flag = name
            .trim_start_matches("MURPHY_")
            .to_ascii_lowercase()
            .replace('_', "-");
        assert!(
            stderr.contains(&format!("invalid value '{value}' for '--{flag}")),
            "{name}={value}: {stderr}"
        );
        assert!(stderr.contains(said), "{name}={value}: {stderr}");
    }
    assert_eq!(app.count("incident").await, 0);
}

/// `Expect: 100-continue` makes the server say when the request reached its handler: only
/// then is it under way. Returns the open connection, the rest of the body unsent.
fn request_under_way(port: u16, token: &str, body: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /api/v1/incidents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut continued = [0u8; 25];
    stream.read_exact(&mut continued).unwrap();
    assert_eq!(&continued, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream
}

/// SIGTERM while a request is under way: Murphy stops taking connections at once, lets the
/// request finish (its write is kept) and then exits cleanly.
#[tokio::test]
async fn on_sigterm_requests_under_way_finish_and_new_connections_are_refused() {
    let app = TestApp::new().await;
    let token = create_token(&mut murphy(&app), "admin@example.com");
    let served = Served::start(murphy(&app));
    let port = served.port;
    let body = r#"{"title": "Filed while Murphy stops", "kind": "outage", "severity": "SEV2"}"#;
    let mut stream = request_under_way(port, &token, body);

    served.ask_to_stop();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => break,
            _ => {
                assert!(
                    Instant::now() < deadline,
                    "still taking connections after SIGTERM"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    // The request under way goes on, and is answered.
    stream.write_all(body.as_bytes()).unwrap();
    let reply = Reply::read(&stream);
    assert_eq!(reply.status, 201, "{}", reply.body);
    let filed: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(filed["title"], "Filed while Murphy stops");
    let (status, log) = served.wait();
    assert!(status.success(), "{log}");
    assert!(log.contains("requests drained"), "{log}");
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM incident")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(titles, ["Filed while Murphy stops"]);
}

/// A request that does not finish within `MURPHY_DRAIN_SECONDS` does not keep Murphy up.
#[tokio::test]
async fn draining_stops_at_the_drain_time() {
    let app = TestApp::new().await;
    let token = create_token(&mut murphy(&app), "admin@example.com");
    let mut cmd = murphy(&app);
    cmd.env("MURPHY_DRAIN_SECONDS", "1");
    let served = Served::start(cmd);
    let _stalled = request_under_way(served.port, &token, "{}");
    let asked = Instant::now();
    served.ask_to_stop();
    let (status, log) = served.wait();
    let took = asked.elapsed();
    assert!(status.success(), "{log}");
    assert!(
        log.contains("requests still under way after the drain time; stopping anyway"),
        "{log}"
    );
    assert!(took >= Duration::from_secs(1), "{took:?}");
    assert_eq!(app.count("incident").await, 0);
}

/// A request still unanswered after `MURPHY_REQUEST_TIMEOUT` seconds is given up: 503 with
/// problem JSON saying so, and nothing written.
#[tokio::test]
async fn an_api_request_past_the_time_limit_gets_503_and_writes_nothing() {
    let app = TestApp::new().await;
    let token = create_token(&mut murphy(&app), "admin@example.com");
    let mut cmd = murphy(&app);
    cmd.env("MURPHY_REQUEST_TIMEOUT", "1");
    let served = Served::start(cmd);
    let body = r#"{"title": "Too slow", "kind": "outage", "severity": "SEV2"}"#;
    let mut stream = request_under_way(served.port, &token, body);
    // Half the body, then nothing.
    stream.write_all(&body.as_bytes()[..10]).unwrap();
    let started = Instant::now();
    let reply = Reply::read(&stream);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let problem: Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        problem,
        json!({
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": "Murphy gave up on this request after 1 s. Check whether it took effect \
                       before sending it again."
        })
    );
    assert!(served.stop().0.success());
    assert_eq!(app.count("incident").await, 0);
}

/// People get a page saying so, in their language.
#[tokio::test]
async fn a_page_past_the_time_limit_says_so() {
    let app = TestApp::new().await;
    let state = murphy::AppState {
        request_timeout_secs: 1,
        ..app.state.clone()
    };
    let router = murphy::app(state);
    for (language, heading, message) in [
        (
            "en",
            "That took too long",
            "Murphy gave up on this after 1 second. Look whether your change was saved before \
             you send it again.",
        ),
        (
            "pt-BR",
            "Isso demorou demais",
            "O Murphy desistiu disto depois de 1 segundo. Veja se a sua alteração foi salva \
             antes de enviá-la de novo.",
        ),
    ] {
        // A form whose body never comes.
        let never = futures_util::stream::pending::<Result<Vec<u8>, std::io::Error>>();
        let response = router
            .clone()
            .oneshot(
                Request::post("/login")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept-language", language)
                    .body(Body::from_stream(never))
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&body));
        let text = |css: &str| {
            page.select(&scraper::Selector::parse(css).unwrap())
                .next()
                .map(|e| e.text().collect::<String>().trim().to_owned())
                .unwrap_or_default()
        };
        assert_eq!(text("h1"), heading);
        assert_eq!(text(".unavailable h1 + p"), message);
    }
}
