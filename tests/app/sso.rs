//! Single sign-on against a real OpenID provider (panva's `oidc-provider`, started here
//! with `node`, installed by `.ci/run` into `target/oidc`), Murphy served on a real port,
//! and the whole redirect dance driven over HTTP: the provider's login and consent forms
//! posted as a browser would.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use murphy::AppState;
use murphy::domain::person::Role;
use murphy::domain::sso::{AllowedDomains, RoleMap, Settings};
use serde_json::{Value, json};

use crate::support::TestApp;

/// A running oidc-provider; stopped when dropped.
pub struct Provider {
    child: Child,
    port: u16,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// Starts the provider for a Murphy at `murphy` (its base URL), or `None` when
    /// oidc-provider is not installed and MURPHY_REQUIRE_TOOLS is not set.
    pub fn start(murphy: &str) -> Option<Provider> {
        // The tests' own HTTP clients (reqwest without a default TLS backend) need one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/oidc");
        if !dir.join("node_modules/oidc-provider").exists() {
            assert!(
                std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
                "MURPHY_REQUIRE_TOOLS is set but target/oidc (oidc-provider) is missing"
            );
            eprintln!(
                "skipped: oidc-provider missing (cd target/oidc && npm install oidc-provider@9)"
            );
            return None;
        }
        // ES modules resolve packages from their own folder: the script goes beside them.
        let script = dir.join(format!("provider-{}.mjs", uuid::Uuid::now_v7().simple()));
        std::fs::write(&script, include_str!("../oidc/provider.mjs")).unwrap();
        let mut child = Command::new("node")
            .arg(&script)
            .env("REDIRECT_URI", format!("{murphy}/login/oidc/callback"))
            .env("LOGOUT_URI", format!("{murphy}/login"))
            .env(
                "BACKCHANNEL_URI",
                format!("{murphy}/login/oidc/backchannel-logout"),
            )
            .env("NODE_NO_WARNINGS", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It warns of its development defaults (and of Node 20) on every start.
            .stderr(Stdio::null())
            .spawn()
            .expect("start node");
        // "listening http://127.0.0.1:PORT", once it serves (or nothing, if it died).
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let _ = out.read_line(&mut line);
        // Whatever it prints later is read and dropped: a closed pipe would end it.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let _ = std::fs::remove_file(&script);
        let port = line
            .trim()
            .strip_prefix("listening http://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("oidc-provider did not start: {line:?}"));
        Some(Provider { child, port })
    }

    /// A new signing key, as a restart with another would give.
    async fn rotate_keys(&self) {
        let r = reqwest::Client::new()
            .put(format!("{}/__rotate", self.issuer()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }

    fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sets the test switches: `{"tamper": true}`, `{"expire": true}`.
    async fn mode(&self, mode: Value) {
        let r = reqwest::Client::new()
            .put(format!("{}/__mode", self.issuer()))
            .body(mode.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }

    /// Sets the claims account `id` signs in with.
    pub async fn account(&self, id: &str, claims: Value) {
        let r = reqwest::Client::new()
            .put(format!("{}/__accounts/{id}", self.issuer()))
            .body(claims.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
}

/// Murphy on a real port, signing in through `provider`.
struct Served {
    app: TestApp,
    base: String,
}

/// Starts the provider and a Murphy that uses it; `None` when the provider is missing.
async fn setup(allowed: &str, role_map: &str, password_login: bool) -> Option<(Provider, Served)> {
    setup_client(allowed, role_map, password_login, true).await
}

/// [`setup`], as the confidential client (with its secret) or the public one (PKCE only).
async fn setup_client(
    allowed: &str,
    role_map: &str,
    password_login: bool,
    confidential: bool,
) -> Option<(Provider, Served)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let provider = Provider::start(&base)?;
    let app = TestApp::new().await;
    let mut state = state_for(&app, &provider, &base, allowed, role_map, password_login);
    if !confidential {
        let mut settings = state.sso.as_ref().unwrap().settings.clone();
        settings.client_id = "murphy-public".into();
        settings.client_secret = None;
        state.sso = Some(Arc::new(murphy::runtime::sso::Sso::new(settings)));
    }
    let router = murphy::app(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let app = app.with_state(state);
    Some((provider, Served { app, base }))
}

/// `app`'s state signing in through `provider`, Murphy at `base`.
pub fn state_for(
    app: &TestApp,
    provider: &Provider,
    base: &str,
    allowed: &str,
    role_map: &str,
    password_login: bool,
) -> AppState {
    let settings = Settings {
        issuer: provider.issuer(),
        client_id: "murphy".into(),
        client_secret: Some("murphy-test-secret".into()),
        scopes: vec![
            "openid".into(),
            "email".into(),
            "profile".into(),
            "groups".into(),
        ],
        name: "Example SSO".into(),
        allowed_domains: AllowedDomains::parse(allowed),
        role_map: RoleMap::parse(role_map).unwrap(),
        groups_claim: "groups".into(),
        redirect_url: format!("{base}/login/oidc/callback"),
    };
    AppState {
        public_url: base.to_owned(),
        sso: Some(Arc::new(murphy::runtime::sso::Sso::new(settings))),
        password_login,
        ..app.state.clone()
    }
}

/// A browser: cookies by name (both servers are 127.0.0.1, and cookies ignore ports),
/// redirects followed by hand.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// A page as the browser got it.
struct Page {
    url: String,
    status: u16,
    location: Option<String>,
    body: String,
}

impl Page {
    fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    fn text(&self, selector: &str) -> String {
        let s = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&s)
            .next()
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .unwrap_or_default()
    }
}

impl Browser {
    fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder, url: &str) -> Page {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = if cookie.is_empty() {
            request
        } else {
            request.header("cookie", cookie)
        };
        let r = request.send().await.unwrap();
        for c in r.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let pair = c.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") || c.contains("expires=Thu, 01 Jan 1970") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let status = r.status().as_u16();
        let location = r.headers().get("location").map(|l| {
            let l = l.to_str().unwrap();
            reqwest::Url::parse(url)
                .unwrap()
                .join(l)
                .unwrap()
                .to_string()
        });
        Page {
            url: url.to_owned(),
            status,
            location,
            body: r.text().await.unwrap(),
        }
    }

    async fn get(&mut self, url: &str) -> Page {
        let request = self.http.get(url);
        self.send(request, url).await
    }

    async fn post(&mut self, url: &str, form: &[(String, String)]) -> Page {
        let body = serde_urlencoded::to_string(form).unwrap();
        let request = self
            .http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request, url).await
    }

    /// Signs in as `account` from Murphy's sign-in button, through the provider's login
    /// and consent forms: Murphy's callback's answer.
    async fn sign_in(&mut self, base: &str, account: &str) -> Page {
        let callback = self.authorize(base, account).await;
        self.get(&callback).await
    }

    /// The dance up to Murphy's callback: its URL, not yet requested.
    async fn authorize(&mut self, base: &str, account: &str) -> String {
        let mut page = self
            .get(&format!("{base}/login/oidc?next=/incidents"))
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        for _ in 0..20 {
            if let Some(next) = page.location.clone() {
                if next.starts_with(&format!("{base}/login/oidc/callback")) {
                    return next;
                }
                page = self.get(&next).await;
                continue;
            }
            // A form of the provider's: the login (any account id) or the consent.
            let html = page.html();
            let form_sel = scraper::Selector::parse("form").unwrap();
            let form = html
                .select(&form_sel)
                .next()
                .unwrap_or_else(|| panic!("no form at {}: {}", page.url, page.body));
            let action = form.value().attr("action").unwrap();
            let action = reqwest::Url::parse(&page.url)
                .unwrap()
                .join(action)
                .unwrap()
                .to_string();
            let input = scraper::Selector::parse("input").unwrap();
            let mut fields: Vec<(String, String)> = Vec::new();
            for i in form.select(&input) {
                let Some(name) = i.value().attr("name") else {
                    continue;
                };
                let value = match name {
                    "login" => account.to_owned(),
                    "password" => "anything".to_owned(),
                    _ => i.value().attr("value").unwrap_or_default().to_owned(),
                };
                fields.push((name.to_owned(), value));
            }
            page = self.post(&action, &fields).await;
        }
        panic!("the sign-in never reached Murphy's callback: {}", page.url);
    }
}

async fn person(app: &TestApp, email: &str) -> Option<(String, bool)> {
    sqlx::query_as::<_, (String, bool)>("SELECT role, active FROM person WHERE email = $1")
        .bind(email)
        .fetch_optional(&app.db)
        .await
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT summary FROM audit_event WHERE action = $1 ORDER BY id")
        .bind(action)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_new_person_signs_in_with_the_role_their_groups_give_and_loses_it_with_the_group() {
    let Some((provider, murphy)) = setup(
        "example.com",
        "sre-admins=admin,sre=responder,*=viewer",
        true,
    )
    .await
    else {
        return;
    };
    provider
        .account(
            "alice",
            json!({"email": "alice@example.com", "email_verified": true, "name": "Alice Ops", "groups": ["sre"]}),
        )
        .await;

    // The sign-in page offers the provider.
    let mut browser = Browser::new();
    let login = browser.get(&format!("{}/login", murphy.base)).await;
    assert_eq!(login.text(".sso-button"), "Sign in with Example SSO");

    let done = browser.sign_in(&murphy.base, "alice").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some(&*format!("{}/incidents", murphy.base))
    );
    assert!(browser.cookies.contains_key("murphy_session"));
    let list = browser.get(&format!("{}/incidents", murphy.base)).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.text(".flash"), "Signed in as Alice Ops.");
    assert_eq!(
        person(&murphy.app, "alice@example.com").await,
        Some(("responder".into(), true))
    );
    assert_eq!(
        audited(&murphy.app, "sso.create").await,
        ["Alice Ops <alice@example.com> signed in for the first time and became a responder"]
    );

    // Signing in again in the same browser ends the session it had.
    let first = browser.cookies.get("murphy_session").cloned().unwrap();
    let done = browser.sign_in(&murphy.base, "alice").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_ne!(browser.cookies.get("murphy_session"), Some(&first));
    let old_left: i64 = sqlx::query_scalar("SELECT count(*) FROM session WHERE id_hash = $1")
        .bind(murphy::secret::digest(&first))
        .fetch_one(&murphy.app.db)
        .await
        .unwrap();
    assert_eq!(old_left, 0);

    // Removed from the group at the provider: a viewer at the next sign-in.
    provider
        .account(
            "alice",
            json!({"email": "alice@example.com", "email_verified": true, "name": "Alice Ops", "groups": []}),
        )
        .await;
    let mut again = Browser::new();
    let done = again.sign_in(&murphy.base, "alice").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        person(&murphy.app, "alice@example.com").await,
        Some(("viewer".into(), true))
    );
    assert_eq!(
        audited(&murphy.app, "sso.role").await,
        ["Alice Ops <alice@example.com>'s groups made them a viewer (was responder)"]
    );
    assert_eq!(
        murphy.app.count("person_identity").await,
        1,
        "one identity, linked once"
    );

    // An admin sets her role by hand: pinned, her groups leave it until unpinned.
    let alice: String =
        sqlx::query_scalar("SELECT id::text FROM person WHERE email = 'alice@example.com'")
            .fetch_one(&murphy.app.db)
            .await
            .unwrap();
    let r = murphy
        .app
        .post_form(
            &format!("/admin/people/{alice}/role"),
            &[("role", "responder")],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER);
    let people = murphy.app.get("/admin/people").await;
    assert_eq!(people.texts(".pin .badge"), ["pinned"]);
    Browser::new().sign_in(&murphy.base, "alice").await;
    assert_eq!(
        person(&murphy.app, "alice@example.com").await,
        Some(("responder".into(), true)),
        "pinned"
    );
    let r = murphy
        .app
        .post_form(&format!("/admin/people/{alice}/unpin"), &[])
        .await;
    assert_eq!(
        murphy.app.follow(&r).await.text(".flash"),
        "Alice Ops's groups set their role again at their next sign-in."
    );
    Browser::new().sign_in(&murphy.base, "alice").await;
    assert_eq!(
        person(&murphy.app, "alice@example.com").await,
        Some(("viewer".into(), true))
    );

    // Admins see the attempts with their claims.
    let admin = murphy.app.get("/admin/sso").await;
    assert_eq!(admin.status, axum::http::StatusCode::OK);
    assert_eq!(
        admin.texts("#attempts td[data-label=Outcome]"),
        ["signed in"; 5]
    );
    assert!(admin.body.contains("&#34;sre&#34;") || admin.body.contains("\"sre\""));
    assert!(admin.text("#discovery").contains(&provider.issuer()));
}

#[tokio::test]
async fn refusals_are_said_in_words_and_kept_for_admins() {
    let Some((provider, murphy)) = setup("example.com", "", true).await else {
        return;
    };
    // Another domain: no account.
    provider
        .account(
            "eve",
            json!({"email": "eve@other.org", "email_verified": true, "name": "Eve"}),
        )
        .await;
    let refused = Browser::new().sign_in(&murphy.base, "eve").await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.text(".alert-error"),
        "Your account's domain (other.org) is not allowed to sign in here. Ask a Murphy admin to add you."
    );
    assert_eq!(person(&murphy.app, "eve@other.org").await, None);

    // An existing person whose email the provider has not verified is not matched.
    crate::support::person(
        &murphy.app.db,
        "bob@other.org",
        "Bob Stone",
        Role::Responder,
    )
    .await;
    provider
        .account(
            "bob",
            json!({"email": "bob@other.org", "email_verified": false, "name": "Bob"}),
        )
        .await;
    let refused = Browser::new().sign_in(&murphy.base, "bob").await;
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .text(".alert-error")
            .contains("has not verified bob@other.org")
    );
    // Verified: linked to the account that has the address, keeping its role.
    provider
        .account(
            "bob",
            json!({"email": "bob@other.org", "email_verified": true, "name": "Bob"}),
        )
        .await;
    let done = Browser::new().sign_in(&murphy.base, "bob").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        person(&murphy.app, "bob@other.org").await,
        Some(("responder".into(), true))
    );
    assert_eq!(audited(&murphy.app, "sso.link").await.len(), 1);

    // Deactivated in Murphy: refused through the provider too.
    sqlx::query("UPDATE person SET active = false WHERE email = 'bob@other.org'")
        .execute(&murphy.app.db)
        .await
        .unwrap();
    let refused = Browser::new().sign_in(&murphy.base, "bob").await;
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .text(".alert-error")
            .starts_with("Your Murphy account is deactivated.")
    );

    // No email at all.
    provider.account("ghost", json!({"name": "Ghost"})).await;
    let refused = Browser::new().sign_in(&murphy.base, "ghost").await;
    assert!(
        refused
            .text(".alert-error")
            .starts_with("The identity provider did not send an email address.")
    );

    let admin = murphy.app.get("/admin/sso").await;
    let outcomes = admin.texts("#attempts td[data-label=Outcome]");
    assert_eq!(outcomes.iter().filter(|o| *o == "refused").count(), 4);
    assert_eq!(audited(&murphy.app, "sso.refuse").await.len(), 4);
}

#[tokio::test]
async fn a_callback_with_the_wrong_state_or_replayed_is_refused() {
    let Some((provider, murphy)) = setup("example.com", "", true).await else {
        return;
    };
    provider
        .account(
            "carol",
            json!({"email": "carol@example.com", "email_verified": true}),
        )
        .await;
    let mut browser = Browser::new();
    let callback = browser.authorize(&murphy.base, "carol").await;
    let state = browser
        .cookies
        .get("murphy_oidc")
        .cloned()
        .expect("the state cookie");

    // Another state than this browser's: refused, and the real sign-in is not spent.
    let url = reqwest::Url::parse(&callback).unwrap();
    let mut tampered = url.clone();
    tampered
        .query_pairs_mut()
        .clear()
        .extend_pairs(url.query_pairs().map(|(k, v)| {
            if k == "state" {
                (k.into_owned(), "forged".to_owned())
            } else {
                (k.into_owned(), v.into_owned())
            }
        }));
    let refused = browser.get(tampered.as_str()).await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .text(".alert-error")
            .starts_with("This sign-in was begun in another browser")
    );
    // A callback carried to a browser that did not begin it: refused too.
    let elsewhere = Browser::new().get(&callback).await;
    assert_eq!(elsewhere.status, 400);

    browser.cookies.insert("murphy_oidc".into(), state.clone());
    let done = browser.get(&callback).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(browser.cookies.contains_key("murphy_session"));

    // The same callback again (its cookie put back): finished already.
    browser.cookies.insert("murphy_oidc".into(), state);
    let replayed = browser.get(&callback).await;
    assert_eq!(replayed.status, 400);
    assert!(
        replayed
            .text(".alert-error")
            .starts_with("This sign-in took too long or was finished already.")
    );
}

#[tokio::test]
async fn password_sign_in_can_be_turned_off() {
    let Some((_provider, murphy)) = setup("example.com", "", false).await else {
        return;
    };
    let mut browser = Browser::new();
    let login = browser.get(&format!("{}/login", murphy.base)).await;
    assert_eq!(login.text(".sso-button"), "Sign in with Example SSO");
    assert!(
        login
            .html()
            .select(&scraper::Selector::parse("input[name=password]").unwrap())
            .next()
            .is_none()
    );
    let body = serde_urlencoded::to_string([
        ("email", "admin@example.com"),
        ("password", crate::support::PASSWORD),
        ("next", "/"),
        ("csrf_token", "pair"),
    ])
    .unwrap();
    let refused = murphy
        .app
        .raw(
            axum::http::Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", "murphy_csrf=pair")
                .body(axum::body::Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
    assert_eq!(
        refused.text(".alert-error"),
        "Password sign-in is turned off here: sign in through your identity provider."
    );
}

#[tokio::test]
async fn signing_out_at_the_provider_ends_the_murphy_session_and_murphy_signs_out_there() {
    let Some((provider, murphy)) = setup("example.com", "", true).await else {
        return;
    };
    provider
        .account(
            "dave",
            json!({"email": "dave@example.com", "email_verified": true, "name": "Dave"}),
        )
        .await;
    let mut browser = Browser::new();
    let done = browser.sign_in(&murphy.base, "dave").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        browser
            .get(&format!("{}/incidents", murphy.base))
            .await
            .status,
        200
    );
    let sid: Option<String> = sqlx::query_scalar("SELECT sso_sid FROM session s JOIN person p ON p.id = s.person_id WHERE p.email = 'dave@example.com'")
        .fetch_one(&murphy.app.db)
        .await
        .unwrap();
    assert!(sid.is_some(), "the provider's session id is kept");

    // A forged logout token is refused and ends nothing.
    let forged = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl";
    let r = reqwest::Client::new()
        .post(format!("{}/login/oidc/backchannel-logout", murphy.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string([("logout_token", forged)]).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        browser
            .get(&format!("{}/incidents", murphy.base))
            .await
            .status,
        200
    );

    // Signing out at the provider: it posts a logout token to Murphy, whose session ends.
    let confirm = browser
        .get(&format!("{}/session/end", provider.issuer()))
        .await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let html = confirm.html();
    let form = html
        .select(&scraper::Selector::parse("form").unwrap())
        .next()
        .expect("the provider's sign-out form");
    let action = reqwest::Url::parse(&confirm.url)
        .unwrap()
        .join(form.value().attr("action").unwrap())
        .unwrap()
        .to_string();
    let mut fields: Vec<(String, String)> = form
        .select(&scraper::Selector::parse("input").unwrap())
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_owned(),
                i.value().attr("value").unwrap_or_default().to_owned(),
            ))
        })
        .collect();
    fields.push(("logout".into(), "yes".into()));
    let signed_out = browser.post(&action, &fields).await;
    assert!(
        signed_out.status < 400,
        "{} {}",
        signed_out.status,
        signed_out.body
    );
    let mut ended = false;
    for _ in 0..50 {
        if murphy.app.count("session").await == 1 {
            ended = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        ended,
        "the provider's logout token ended Dave's session (the admin's stays)"
    );
    let page = browser.get(&format!("{}/incidents", murphy.base)).await;
    assert_eq!(page.status, 303, "signed out");
    assert_eq!(
        audited(&murphy.app, "sso.logout").await,
        ["Dave <dave@example.com> signed out at the identity provider"]
    );

    // Signing out of Murphy goes on to the provider's end_session_endpoint with the hint.
    let mut browser = Browser::new();
    browser.sign_in(&murphy.base, "dave").await;
    let page = browser.get(&format!("{}/incidents", murphy.base)).await;
    let csrf = page
        .html()
        .select(&scraper::Selector::parse("input[name=csrf_token]").unwrap())
        .next()
        .and_then(|i| i.value().attr("value").map(str::to_owned))
        .expect("a form with the session's token");
    let out = browser
        .post(
            &format!("{}/logout", murphy.base),
            &[("csrf_token".into(), csrf)],
        )
        .await;
    assert_eq!(out.status, 303);
    let to = out.location.unwrap();
    assert!(
        to.starts_with(&format!("{}/session/end?", provider.issuer())),
        "{to}"
    );
    assert!(to.contains("id_token_hint="), "{to}");
    assert!(
        to.contains(&format!(
            "post_logout_redirect_uri={}",
            urlencode(&format!("{}/login", murphy.base))
        )),
        "{to}"
    );
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_owned()
}

#[tokio::test]
async fn tampered_and_expired_id_tokens_are_refused() {
    let Some((provider, murphy)) = setup("example.com", "", true).await else {
        return;
    };
    provider
        .account(
            "erin",
            json!({"email": "erin@example.com", "email_verified": true}),
        )
        .await;

    // Claims changed after signing: the signature no longer holds.
    provider.mode(json!({"tamper": true})).await;
    let refused = Browser::new().sign_in(&murphy.base, "erin").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let said = refused.text(".alert-error");
    assert!(
        said.starts_with("Murphy could not verify your identity provider's answer: the ID token could not be verified"),
        "{said}"
    );
    assert_eq!(person(&murphy.app, "mallory@example.com").await, None);
    assert_eq!(person(&murphy.app, "erin@example.com").await, None);

    // Expired by the time it arrives.
    provider
        .mode(json!({"tamper": false, "expire": true}))
        .await;
    let refused = Browser::new().sign_in(&murphy.base, "erin").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let said = refused.text(".alert-error");
    assert!(said.contains("could not be verified"), "{said}");
    assert!(said.to_lowercase().contains("expir"), "{said}");
    assert_eq!(person(&murphy.app, "erin@example.com").await, None);

    // Honest again: signed in.
    provider.mode(json!({"expire": false})).await;
    let done = Browser::new().sign_in(&murphy.base, "erin").await;
    assert_eq!(done.status, 303, "{}", done.body);
    let admin = murphy.app.get("/admin/sso").await;
    assert_eq!(
        admin.texts("#attempts td[data-label=Outcome]"),
        ["signed in", "refused", "refused"]
    );
}

#[tokio::test]
async fn a_public_client_signs_in_and_rotated_keys_are_read_again() {
    let Some((provider, murphy)) = setup_client("example.com", "", true, false).await else {
        return;
    };
    provider
        .account(
            "fay",
            json!({"email": "fay@example.com", "email_verified": true, "name": "Fay"}),
        )
        .await;
    // No client secret: PKCE alone.
    let done = Browser::new().sign_in(&murphy.base, "fay").await;
    assert_eq!(done.status, 303, "{}", done.body);

    // The provider takes a new signing key: Murphy's copy of the keys is stale, it reads
    // them again on the unknown key, and the sign-in goes through.
    provider.rotate_keys().await;
    let done = Browser::new().sign_in(&murphy.base, "fay").await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(murphy.app.count("person_identity").await, 1);
}
