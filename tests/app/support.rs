//! The test harness: one throwaway PostgreSQL cluster per test process, started through
//! Murphy's own embedded-database code, and a fresh database per test cloned from a
//! migrated template.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use murphy::database::embedded::{Durability, LocalPg};
use murphy::database::{create_database, pool};
use murphy::domain::destination::Destinations;
use murphy::domain::person::{NewPerson, Person, Role};
use murphy::{AppState, MIGRATOR, app, secret, store};
use scraper::{Html, Selector};
use serde_json::Value;
use sqlx::PgPool;
use tower::ServiceExt;

const TEMPLATE: &str = "murphy_template";

struct Cluster {
    pg: LocalPg,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// A fresh folder that the cluster's user (`postgres` when testing as root) can reach.
pub fn scratch_dir() -> PathBuf {
    let dir = tempfile::Builder::new()
        .prefix("murphy-test-")
        .tempdir_in("/tmp")
        .expect("create a scratch folder")
        .keep();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))
        .expect("open the scratch folder");
    dir
}

/// Stops the cluster and removes its folder once this test process has exited.
fn reap_after_exit(pg_pid: u32, dir: &Path) {
    let script = format!(
        "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; kill -INT {pg_pid}; \
         while kill -0 {pg_pid} 2>/dev/null; do sleep 0.2; done; rm -rf '{dir}'",
        me = std::process::id(),
        dir = dir.display()
    );
    let _ = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
}

fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(|| {
        // Its own thread: a test's runtime cannot block on another runtime.
        std::thread::spawn(|| {
            let dir = scratch_dir();
            let pg = LocalPg::start(&dir, Durability::Throwaway).expect("start test cluster");
            reap_after_exit(pg.pid().expect("postmaster pid"), &dir);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                create_database(&pg.url("postgres"), TEMPLATE)
                    .await
                    .unwrap();
                let template = pool(&pg.url(TEMPLATE), 2).await.unwrap();
                MIGRATOR.run(&template).await.unwrap();
                template.close().await;
            });
            Cluster { pg }
        })
        .join()
        .expect("test cluster thread")
    })
}

/// The application over its own fresh database, acting as one person (or nobody).
pub struct TestApp {
    pub router: Router,
    pub db: PgPool,
    /// The database's URL, for commands run against it.
    pub url: String,
    /// The state the router serves with, for driving background work (webhook sends).
    pub state: AppState,
    pub who: Option<Credentials>,
}

/// How a test person is signed in: a session for pages, a token for the API.
#[derive(Clone)]
pub struct Credentials {
    #[allow(dead_code)]
    pub person: Person,
    pub session: String,
    pub csrf: String,
    pub token: String,
}

/// Creates an account with password [`PASSWORD`], a session and an API token.
pub async fn person(db: &PgPool, email: &str, name: &str, role: Role) -> Credentials {
    let new = NewPerson::parse(email, name, role.as_str(), PASSWORD).unwrap();
    let person = store::people::create(db, &new, password_hash())
        .await
        .unwrap()
        .unwrap();
    let session = secret::random_token();
    let csrf = secret::random_token();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    store::sessions::create(db, &secret::digest(&session), person.id, &csrf, expires)
        .await
        .unwrap();
    let (token, prefix) = secret::new_api_token();
    store::tokens::create(
        db,
        person.id,
        "tests",
        &secret::digest(&token),
        &prefix,
        &[],
        None,
    )
    .await
    .unwrap();
    Credentials {
        person,
        session,
        csrf,
        token,
    }
}

pub const PASSWORD: &str = "correct horse battery staple";

/// One Argon2 hash of [`PASSWORD`] for every test account: hashing is slow on purpose.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| secret::hash_password(PASSWORD).unwrap())
}

/// A response with its body read.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

/// A new, empty database on the test cluster, without migrations.
pub fn fresh_database_url() -> String {
    let cluster = cluster();
    let name = format!("test_{}", uuid::Uuid::now_v7().simple());
    let maintenance = cluster.pg.url("postgres");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(create_database(&maintenance, &name)).unwrap();
        cluster.pg.url(&name)
    })
    .join()
    .unwrap()
}

impl TestApp {
    /// A fresh database with no accounts at all, and nobody signed in.
    pub async fn without_people() -> TestApp {
        let app = TestApp::new().await;
        sqlx::query("DELETE FROM person")
            .execute(&app.db)
            .await
            .unwrap();
        app.anonymous()
    }

    pub async fn new() -> TestApp {
        let cluster = cluster();
        let name = format!("test_{}", uuid::Uuid::now_v7().simple());
        let admin = pool(&cluster.pg.url("postgres"), 1).await.unwrap();
        let sql = format!("CREATE DATABASE {name} TEMPLATE {TEMPLATE}");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let url = cluster.pg.url(&name);
        let db = pool(&url, 5).await.unwrap();
        let admin = person(&db, "admin@example.com", "Ada Admin", Role::Admin).await;
        // Test receivers listen on 127.0.0.1, which Murphy refuses unless allowed.
        let local = Destinations::parse("127.0.0.1").unwrap();
        let state = AppState::new(db.clone()).with_webhook_destinations(local);
        TestApp {
            router: app(state.clone()),
            db,
            url,
            state,
            who: Some(admin),
        }
    }

    /// The same application and database, acting as `who` (or nobody).
    pub fn acting_as(&self, who: Option<Credentials>) -> TestApp {
        TestApp {
            router: self.router.clone(),
            db: self.db.clone(),
            url: self.url.clone(),
            state: self.state.clone(),
            who,
        }
    }

    /// The same database and person, served by a router on `state`.
    pub fn with_state(&self, state: AppState) -> TestApp {
        TestApp {
            router: app(state.clone()),
            state,
            ..self.acting_as(self.who.clone())
        }
    }

    /// A new person with `role`, and the application acting as them.
    pub async fn as_new(&self, role: Role) -> TestApp {
        let email = format!(
            "{}-{}@example.com",
            role.as_str(),
            uuid::Uuid::now_v7().simple()
        );
        let name = format!("{} Tester", role.label());
        let who = person(&self.db, &email, &name, role).await;
        self.acting_as(Some(who))
    }

    pub fn anonymous(&self) -> TestApp {
        self.acting_as(None)
    }

    /// Adds the signed-in person's session cookie (pages) or token (API) to a request.
    fn authorise(&self, mut req: Request<Body>) -> Request<Body> {
        let Some(who) = &self.who else { return req };
        let path = req.uri().path();
        let api = path.starts_with("/api/") || path.starts_with("/hooks/");
        let headers = req.headers_mut();
        if api && !headers.contains_key(header::COOKIE) {
            let value = format!("Bearer {}", who.token);
            headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        } else {
            let session = format!("murphy_session={}", who.session);
            let cookie = match headers.get(header::COOKIE) {
                Some(existing) => format!("{}; {session}", existing.to_str().unwrap()),
                None => session,
            };
            headers.insert(header::COOKIE, cookie.parse().unwrap());
        }
        req
    }

    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let req = self.authorise(req);
        self.raw(req).await
    }

    /// Like [`TestApp::request`], but reads the body for at most a second: for endless
    /// responses such as event streams.
    pub async fn request_briefly(&self, req: Request<Body>) -> TestResponse {
        let req = self.authorise(req);
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = response.into_body();
        let mut bytes = Vec::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
        while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, body.frame()).await {
            if let Ok(data) = frame.into_data() {
                bytes.extend_from_slice(&data);
            }
        }
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Sends the request exactly as given, with no credentials added.
    pub async fn raw(&self, req: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// The text pdftotext reads from the PDF at `path`, which is kept as `name` among the
    /// screenshots when MURPHY_SCREENSHOTS is set; `None` when poppler-utils is missing
    /// (and MURPHY_REQUIRE_TOOLS is not set).
    pub async fn pdf_text(&self, path: &str, name: &str) -> Option<String> {
        let Some(pdftotext) = std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("pdftotext"))
                .find(|p| p.is_file())
        }) else {
            assert!(
                std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
                "MURPHY_REQUIRE_TOOLS is set but pdftotext (poppler-utils) is not installed"
            );
            return None;
        };
        let mut req = Request::get(path);
        if let Some(who) = &self.who {
            req = req.header("cookie", format!("murphy_session={}", who.session));
        }
        let response = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("document.pdf");
        std::fs::write(&file, &bytes).unwrap();
        if let Some(shots) = std::env::var_os("MURPHY_SCREENSHOTS") {
            std::fs::create_dir_all(&shots).unwrap();
            std::fs::write(Path::new(&shots).join(name), &bytes).unwrap();
        }
        let out = Command::new(pdftotext)
            .arg(&file)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// A page as a browser in time zone `zone` ("Europe/Berlin") asks for it: `static/app.js`
    /// names the zone in the `murphy_tz` cookie.
    pub async fn get_in_zone(&self, path: &str, zone: &str) -> TestResponse {
        let req = Request::get(path)
            .header(header::COOKIE, format!("murphy_tz={zone}"))
            .body(Body::empty())
            .unwrap();
        self.request(req).await
    }

    /// Posts a form with the session's CSRF token, as the page's form would.
    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
        let csrf = self
            .who
            .as_ref()
            .map(|w| w.csrf.clone())
            .unwrap_or_default();
        let mut pairs = pairs.to_vec();
        pairs.push(("csrf_token", &csrf));
        self.post_form_raw(path, &pairs).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_form_raw(&self, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        self.request(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    pub async fn send_json(&self, method: Method, path: &str, body: &Value) -> TestResponse {
        self.request(
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.send_json(Method::POST, path, body).await
    }

    /// Follows a redirect the way a browser would, carrying the flash cookie.
    pub async fn follow(&self, redirect: &TestResponse) -> TestResponse {
        assert_eq!(redirect.status, StatusCode::SEE_OTHER, "{}", redirect.body);
        let cookie = redirect.cookies().join("; ");
        self.request(
            Request::get(redirect.location())
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Adds a service through the API.
    pub async fn service(&self, name: &str) {
        let r = self
            .post_json("/api/v1/services", &serde_json::json!({ "name": name }))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }

    /// Files an incident through the API and returns its JSON.
    pub async fn incident(&self, body: Value) -> Value {
        let r = self.post_json("/api/v1/incidents", &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.json()
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&self.db)
            .await
            .unwrap()
    }
}

impl TestResponse {
    /// The `name=value` pairs this response sets (not the ones it clears).
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
            .filter(|pair| !pair.ends_with('='))
            .collect()
    }

    /// The full `Set-Cookie` header for cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .expect("a Location header")
            .to_str()
            .unwrap()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    /// The whitespace-normalised text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The text of the single element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        let texts = self.texts(selector);
        assert_eq!(
            texts.len(),
            1,
            "expected one {selector}, found {texts:?} in\n{}",
            self.body
        );
        texts.into_iter().next().unwrap()
    }

    /// An attribute of the single element matching `selector`.
    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let sel = Selector::parse(selector).unwrap();
        let html = self.html();
        let mut found = html.select(&sel);
        let el = found
            .next()
            .unwrap_or_else(|| panic!("no {selector} in\n{}", self.body));
        el.value().attr(name).map(str::to_owned)
    }

    /// The field message shown beside input `field`.
    pub fn field_error(&self, field: &str) -> String {
        self.text(&format!("#{field}-error"))
    }
}

/// The fields a problem document names, sorted.
pub fn problem_fields(problem: &Value) -> Vec<String> {
    let mut fields: Vec<String> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    fields
}
