//! Email as Murphy sends it: through a real SMTP server (aiosmtpd, started here, writing a
//! Maildir), the outbox on the admin page, and nothing queued without a server.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::embedded::free_port;
use crate::support::TestApp;
use murphy::AppState;

/// A running aiosmtpd that stores every message in a Maildir; stopped when dropped.
pub struct Smtp {
    child: Child,
    pub port: u16,
    pub maildir: PathBuf,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Smtp {
    /// Starts aiosmtpd from `target/smtp-venv` (which `.ci/run` fills), or `None` when it is
    /// not installed and MURPHY_REQUIRE_TOOLS is not set.
    pub fn start() -> Option<Smtp> {
        let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/smtp-venv/bin/python");
        if !python.exists() {
            assert!(
                std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
                "MURPHY_REQUIRE_TOOLS is set but target/smtp-venv (aiosmtpd) is missing"
            );
            eprintln!(
                "skipped: aiosmtpd missing (python3 -m venv target/smtp-venv && target/smtp-venv/bin/pip install aiosmtpd)"
            );
            return None;
        }
        let port = free_port();
        // aiosmtpd makes the Maildir itself: an empty folder without tmp/new/cur fails.
        let maildir = crate::support::scratch_dir().join("mail");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Smtp {
            child,
            port,
            maildir,
        })
    }

    /// Every message delivered so far, as (headers, body).
    pub fn messages(&self) -> Vec<(Vec<(String, String)>, String)> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        // Python's Maildir names files "seconds.M<microseconds>P<pid>Q<count>.host", the
        // microseconds unpadded: the count orders one server's messages.
        let count = |f: &PathBuf| -> u64 {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            name.split_once('Q')
                .and_then(|(_, rest)| rest.split('.').next()?.parse().ok())
                .unwrap_or(0)
        };
        files.sort_by_key(count);
        files
            .into_iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).unwrap().replace("\r\n", "\n");
                let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
                // Unfold continued header lines.
                let unfolded = head.replace("\n ", " ").replace("\n\t", " ");
                let headers: Vec<(String, String)> = unfolded
                    .lines()
                    .filter_map(|l| l.split_once(": "))
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect();
                let body = if header(&headers, "Content-Transfer-Encoding")
                    .eq_ignore_ascii_case("quoted-printable")
                {
                    quoted_printable(body)
                } else {
                    body.to_owned()
                };
                (headers, body)
            })
            .collect()
    }

    /// The state `app` serves with, sending through this server.
    pub fn state(&self, app: &TestApp) -> AppState {
        let mailer = murphy::runtime::mailer::Mailer::new(
            &format!("smtp://127.0.0.1:{}", self.port),
            "Murphy <murphy@example.com>",
        )
        .unwrap();
        AppState {
            mailer: Some(std::sync::Arc::new(mailer)),
            ..app.state.clone()
        }
    }
}

/// Decodes a quoted-printable body (RFC 2045): soft line breaks and =XX bytes.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

#[tokio::test]
async fn without_a_server_murphy_says_so_and_queues_nothing() {
    let app = TestApp::new().await;
    let page = app.get("/admin/email").await;
    assert_eq!(page.text(".alert-warning strong"), "Murphy sends no email.");
    let r = app
        .post_form("/admin/email/test", &[("to", "ops@example.com")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text("#to-error"),
        "Murphy sends no email: set MURPHY_SMTP_URL and restart it."
    );
    assert_eq!(app.count("email_outbox").await, 0);
}

#[tokio::test]
async fn a_test_message_reaches_a_real_smtp_server() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    let state = smtp.state(&app);
    let app = app.with_state(state.clone());

    let page = app.get("/admin/email").await;
    assert!(
        page.text("#server-h + p")
            .contains(&format!("127.0.0.1:{}, no encryption", smtp.port)),
        "{}",
        page.text("#server-h + p")
    );
    let bad = app
        .post_form("/admin/email/test", &[("to", "not an address")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.text("#to-error"),
        "Give an email address, such as you@example.com."
    );
    assert_eq!(app.count("email_outbox").await, 0);

    let r = app
        .post_form("/admin/email/test", &[("to", "ops@example.com")])
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Test message queued for ops@example.com."
    );
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 1);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let (headers, body) = &messages[0];
    assert_eq!(header(headers, "Subject"), "Murphy test message");
    assert_eq!(header(headers, "To"), "ops@example.com");
    assert_eq!(header(headers, "From"), "Murphy <murphy@example.com>");
    assert!(body.contains("Murphy's email reaches people"), "{body}");
    let outbox = app.get("/admin/email").await;
    assert_eq!(outbox.text("td[data-label=State]"), "sent");
    assert_eq!(outbox.text("td[data-label=Tries]"), "1");
    // Sent once: another round sends nothing.
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 0);
}

#[tokio::test]
async fn a_server_that_is_away_is_retried_and_the_error_shown() {
    let app = TestApp::new().await;
    let closed = free_port();
    let mailer = murphy::runtime::mailer::Mailer::new(
        &format!("smtp://127.0.0.1:{closed}"),
        "murphy@example.com",
    )
    .unwrap();
    let state = AppState {
        mailer: Some(std::sync::Arc::new(mailer)),
        ..app.state.clone()
    };
    let app = app.with_state(state.clone());
    app.post_form("/admin/email/test", &[("to", "ops@example.com")])
        .await;
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 0);
    let outbox = app.get("/admin/email").await;
    assert_eq!(outbox.text("td[data-label=State]"), "pending");
    assert_eq!(outbox.text("td[data-label=Tries]"), "1");
    assert!(!outbox.text("td[data-label='Last error']").is_empty());
    // Not due again at once: the retry waits.
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 0);
    let tries: i32 = sqlx::query_scalar("SELECT attempts FROM email_outbox")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(tries, 1);
}

#[tokio::test]
async fn people_are_told_of_their_roles_and_reviews_unless_they_opt_out() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    let state = smtp.state(&app);
    let app = app.with_state(state.clone());
    let rita = app.as_new(murphy::domain::person::Role::Responder).await;
    let rita_email = rita.who.as_ref().unwrap().person.email.clone();
    let sam = app.as_new(murphy::domain::person::Role::Responder).await;
    let sam_email = sam.who.as_ref().unwrap().person.email.clone();
    app.incident(serde_json::json!({
        "title": "Checkout is down", "kind": "outage", "severity": "SEV1", "services": []
    }))
    .await;

    // Sam turns such email off; the page says so.
    let r = sam.post_form("/settings/notifications", &[]).await;
    assert_eq!(
        sam.follow(&r).await.text(".flash"),
        "Murphy will not email you about your roles and reviews."
    );
    let page = sam.get("/settings/account").await;
    assert_eq!(
        page.attr("input[name=email_notifications]", "checked"),
        None
    );

    for (email, role) in [(&rita_email, "cl"), (&sam_email, "ol")] {
        let r = app
            .post_form("/incidents/1/roles", &[("role", role), ("person", email)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // Rita takes the IC role herself: nobody emails her about her own act.
    let me = rita
        .post_form(
            "/incidents/1/roles",
            &[("role", "ic"), ("person", &rita_email)],
        )
        .await;
    assert_eq!(me.status, StatusCode::SEE_OTHER, "{}", me.body);
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 1);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "only Rita's CL role, by the admin");
    let (headers, body) = &messages[0];
    assert_eq!(header(headers, "To"), rita_email);
    assert_eq!(
        header(headers, "Subject"),
        "You are the Communications Lead of INC-1"
    );
    assert!(body.contains("Checkout is down (SEV1)"), "{body}");
    assert!(body.contains("/incidents/1"), "{body}");

    // A review request reaches the reviewer.
    app.post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    app.post_form("/incidents/1/postmortem/start", &[]).await;
    let r = app
        .post_form(
            "/incidents/1/postmortem/review",
            &[("reviewers", &rita_email)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    murphy::runtime::mailer::send_due(&state).await.unwrap();
    let messages = smtp.messages();
    let subjects: Vec<&str> = messages.iter().map(|(h, _)| header(h, "Subject")).collect();
    assert!(
        subjects.contains(&"Review requested: the post-mortem of INC-1"),
        "{subjects:?}"
    );
}
