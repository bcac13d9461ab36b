//! Email as Murphy sends it: through a real SMTP server (aiosmtpd, started here, writing a
//! Maildir), the outbox on the admin page, and nothing queued without a server.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use axum::http::StatusCode;

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
        // aiosmtpd makes the Maildir itself: an empty folder without tmp/new/cur fails.
        let maildir = crate::support::scratch_dir().join("mail");
        let mut child = Command::new(python)
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py"))
            .arg(&maildir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        // "listening 127.0.0.1:PORT", once it serves (or nothing, if it died).
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let _ = out.read_line(&mut line);
        // Whatever it prints later is read and dropped: a closed pipe would end it.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let port = line
            .trim()
            .strip_prefix("listening 127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("aiosmtpd did not start: {line:?}"));
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

/// A header's words decoded (RFC 2047): `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words become
/// their text; the spaces between two encoded words go.
pub fn decoded(headers: &[(String, String)], name: &str) -> String {
    use base64::Engine;
    let raw = header(headers, name);
    // Bytes of adjacent encoded words are joined before they are read: a character may be
    // split across two words.
    let mut out = Vec::new();
    let mut rest = raw;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        if !(after_word && before.trim().is_empty()) {
            out.extend_from_slice(before.as_bytes());
        }
        let parts: Vec<&str> = word[2..].splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            break;
        };
        let text = &parts[2][..end];
        let bytes = match parts[1].to_ascii_lowercase().as_str() {
            "b" => base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_default(),
            _ => quoted_printable(&text.replace('_', " ")).into_bytes(),
        };
        out.extend_from_slice(&bytes);
        let consumed = 2 + parts[0].len() + 1 + parts[1].len() + 1 + end + 2;
        rest = &word[consumed..];
        after_word = true;
    }
    out.extend_from_slice(rest.as_bytes());
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
    // A port bound and not listening: connections to it are refused.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let closed = socket.local_addr().unwrap().port();
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
    assert_eq!(outbox.text("td[data-label=State]"), "waiting");
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
        "Murphy will not email you about your work."
    );
    let page = sam.get("/settings/account").await;
    for kind in ["role", "review", "overdue", "reset"] {
        let selector = format!("input[name=email][value={kind}]");
        assert_eq!(page.attr(&selector, "checked"), None, "{kind}");
    }

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

    // A review request reaches the reviewer, in the language she reads Murphy in.
    sqlx::query("UPDATE person SET language = 'pt-BR' WHERE email = $1")
        .bind(&rita_email)
        .execute(&app.db)
        .await
        .unwrap();
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
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    let (subject, body): (String, String) =
        sqlx::query_as("SELECT subject, body FROM email_outbox WHERE kind = 'review'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(subject, "Revisão pedida: o post-mortem de INC-1");
    assert!(
        body.starts_with("Pedimos que você revise o post-mortem de INC-1: Checkout is down.\n\n"),
        "{body}"
    );
    assert!(
        body.ends_with(
            "\n\n(Você recebe isto porque trabalha no Murphy. Desligue esses e-mails em \
             Configurações → Conta.)\n"
        ),
        "{body}"
    );
}

/// Signs in through the form as a browser does; the response.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> crate::support::TestResponse {
    let body = serde_urlencoded::to_string([
        ("email", email),
        ("password", password),
        ("next", "/"),
        ("csrf_token", "pair"),
    ])
    .unwrap();
    app.raw(
        axum::http::Request::post("/login")
            .header(
                axum::http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(axum::http::header::COOKIE, "murphy_csrf=pair")
            .body(axum::body::Body::from(body))
            .unwrap(),
    )
    .await
}

/// Posts a form with no CSRF token, as a reset link's page does.
async fn post_bare(
    app: &TestApp,
    path: &str,
    pairs: &[(&str, &str)],
) -> crate::support::TestResponse {
    app.raw(
        axum::http::Request::post(path)
            .header(
                axum::http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(axum::body::Body::from(
                serde_urlencoded::to_string(pairs).unwrap(),
            ))
            .unwrap(),
    )
    .await
}

/// Asks for a reset link for `address` from the form, with the CSRF pair.
async fn ask(public: &TestApp, csrf: &str, address: &str) -> crate::support::TestResponse {
    let body = serde_urlencoded::to_string([("email", address), ("csrf_token", csrf)]).unwrap();
    public
        .raw(
            axum::http::Request::post("/password/forgot")
                .header(
                    axum::http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .header(axum::http::header::COOKIE, format!("murphy_csrf={csrf}"))
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_link_that_works_once() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    let state = smtp.state(&app);
    let app = app.with_state(state.clone());
    let rita = app.as_new(murphy::domain::person::Role::Responder).await;
    let email = rita.who.as_ref().unwrap().person.email.clone();
    let public = app.anonymous();

    // The sign-in page offers it; an unknown address gets the same answer and no email.
    let login = public.get("/login").await;
    assert_eq!(
        login.attr(".hint a", "href").as_deref(),
        Some("/password/forgot")
    );
    let form = public.get("/password/forgot").await;
    let csrf = form.attr("input[name=csrf_token]", "value").unwrap();
    let unknown = ask(&public, &csrf, "nobody@example.com").await;
    assert_eq!(unknown.status, StatusCode::OK);
    let said = unknown.text(".flash");
    assert!(
        said.starts_with("If an account uses that address"),
        "{said}"
    );
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 0);

    let known = ask(&public, &csrf, &email.to_uppercase()).await;
    assert_eq!(known.text(".flash"), said);
    assert_eq!(murphy::runtime::mailer::send_due(&state).await.unwrap(), 1);
    let messages = smtp.messages();
    let (headers, body) = &messages[0];
    assert_eq!(header(headers, "To"), email);
    assert_eq!(header(headers, "Subject"), "Reset your Murphy password");
    let start = body.find("/password/reset/").expect("a link");
    let link: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    // Only the digest is kept.
    let secret = link.trim_start_matches("/password/reset/");
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM password_reset WHERE encode(digest, 'hex') = $1")
            .bind(secret)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, 0);

    // The link's page; a bad password is refused and changes nothing.
    let page = public.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), "no-store");
    assert_eq!(page.text(".auth-card strong"), email);
    let short = post_bare(
        &public,
        &link,
        &[("new_password", "short"), ("new_password_again", "short")],
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.field_error("new_password").contains("at least"));
    let differ = post_bare(
        &public,
        &link,
        &[
            ("new_password", "a brand new passphrase"),
            ("new_password_again", "another passphrase"),
        ],
    )
    .await;
    assert_eq!(
        differ.field_error("new_password_again"),
        "The two new passwords differ."
    );

    // Saved: her sessions end, the new password signs in, the old one does not.
    let done = post_bare(
        &public,
        &link,
        &[
            ("new_password", "a brand new passphrase"),
            ("new_password_again", "a brand new passphrase"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/login");
    assert_eq!(
        rita.get("/incidents").await.status,
        StatusCode::SEE_OTHER,
        "signed out"
    );
    assert_eq!(
        sign_in(&public, &email, crate::support::PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&public, &email, "a brand new passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Once only.
    let again = public.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert_eq!(again.text("h1"), "This link no longer works");
    let reuse = post_bare(
        &public,
        &link,
        &[
            ("new_password", "yet another passphrase"),
            ("new_password_again", "yet another passphrase"),
        ],
    )
    .await;
    assert_eq!(reuse.status, StatusCode::GONE);

    // Expired links do not work either; a person who turned reset links off gets none.
    ask(&public, &csrf, &email).await;
    sqlx::query("UPDATE password_reset SET expires_at = now() - interval '1 second'")
        .execute(&app.db)
        .await
        .unwrap();
    murphy::runtime::mailer::send_due(&state).await.unwrap();
    let messages = smtp.messages();
    let body = &messages.last().unwrap().1;
    let start = body.find("/password/reset/").unwrap();
    let expired: String = body[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    assert_ne!(expired, link);
    assert_eq!(public.get(&expired).await.status, StatusCode::GONE);

    sqlx::query("UPDATE person SET email_off = '{reset}' WHERE email = $1")
        .bind(&email)
        .execute(&app.db)
        .await
        .unwrap();
    let before = smtp.messages().len();
    ask(&public, &csrf, &email).await;
    murphy::runtime::mailer::send_due(&state).await.unwrap();
    assert_eq!(smtp.messages().len(), before);
}

#[tokio::test]
async fn owners_hear_once_that_their_action_item_is_overdue() {
    let Some(smtp) = Smtp::start() else { return };
    let app = TestApp::new().await;
    let state = smtp.state(&app);
    let app = app.with_state(state.clone());
    let bob = app.as_new(murphy::domain::person::Role::Responder).await;
    let bob_email = bob.who.as_ref().unwrap().person.email.clone();
    app.incident(serde_json::json!({
        "title": "Checkout is down", "kind": "outage", "severity": "SEV1", "services": []
    }))
    .await;
    app.post_form("/incidents/1/status", &[("status", "resolved")])
        .await;
    app.post_form("/incidents/1/postmortem/start", &[]).await;
    for title in ["Alert on ledger CPU", "Load-test the ledger"] {
        let r = app
            .post_form(
                "/incidents/1/postmortem/actions",
                &[
                    ("title", title),
                    ("priority", "p2"),
                    ("kind", "detect"),
                    ("due_on", "2099-01-01"),
                    ("owner", &bob_email),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // The first is past due; the second is not.
    sqlx::query(
        "UPDATE action_item SET due_on = current_date - 2 WHERE title = 'Alert on ledger CPU'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let ctx = state.ctx();
    assert_eq!(
        murphy::app::action_items::tell_overdue(&ctx, today)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        murphy::app::action_items::tell_overdue(&ctx, today)
            .await
            .unwrap(),
        0,
        "once"
    );
    murphy::runtime::mailer::send_due(&state).await.unwrap();
    let messages = smtp.messages();
    let overdue: Vec<_> = messages
        .iter()
        .filter(|(h, _)| header(h, "Subject").starts_with("Overdue"))
        .collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(header(&overdue[0].0, "To"), bob_email);
    assert_eq!(
        header(&overdue[0].0, "Subject"),
        "Overdue: Alert on ledger CPU"
    );
    assert!(
        overdue[0].1.contains("from INC-1 (Checkout is down)"),
        "{}",
        overdue[0].1
    );
    assert!(overdue[0].1.contains("/incidents/1/postmortem"));

    // Bob turns overdue email off (keeping the rest): the next overdue item is not sent.
    let r = bob
        .post_form(
            "/settings/notifications",
            &[("email", "role"), ("email", "review"), ("email", "reset")],
        )
        .await;
    assert_eq!(
        bob.follow(&r).await.text(".flash"),
        "Your email choices are saved."
    );
    let page = bob.get("/settings/account").await;
    assert_eq!(
        page.attr("input[name=email][value=overdue]", "checked"),
        None
    );
    assert_eq!(
        page.attr("input[name=email][value=role]", "checked")
            .as_deref(),
        Some("")
    );
    sqlx::query(
        "UPDATE action_item SET due_on = current_date - 1 WHERE title = 'Load-test the ledger'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let before = smtp.messages().len();
    assert_eq!(
        murphy::app::action_items::tell_overdue(&ctx, today)
            .await
            .unwrap(),
        1
    );
    murphy::runtime::mailer::send_due(&state).await.unwrap();
    assert_eq!(smtp.messages().len(), before);
}
