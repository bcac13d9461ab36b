//! The embedded default database and the `murphy` binary's life cycle.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use murphy::database::embedded::{Durability, LocalPg, LocalPgError};
use murphy::database::{create_database, pool};

use crate::served::{Served, call};
use crate::support::scratch_dir;

pub(crate) fn murphy(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_murphy"));
    cmd.env("MURPHY_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        // It speaks English whatever the machine's locale, unless a test says otherwise.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MURPHY_DEFAULT_LANGUAGE")
        .stdin(Stdio::null());
    cmd
}

/// `murphy user add` with the password on standard input.
pub(crate) fn add_user(cmd: &mut Command, email: &str, role: &str) -> Output {
    let mut child = cmd
        .args(["user", "add", email, "--name", "Ops Person", "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `murphy token create`: the token alone on standard output.
pub(crate) fn create_token(cmd: &mut Command, email: &str) -> String {
    let out = cmd
        .args(["token", "create", "--user", email, "--name", "tests"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the token: {stdout:?}");
    assert!(lines[0].starts_with("murphy_"), "{stdout}");
    lines[0].to_owned()
}

#[tokio::test]
async fn the_cluster_restarts_with_its_data_and_refuses_a_second_user() {
    let dir = scratch_dir();
    let pg = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || LocalPg::start(&dir, Durability::Durable)
    })
    .await
    .unwrap()
    .expect("first start initialises the cluster");
    assert!(dir.join("pg/PG_VERSION").exists());
    create_database(&pg.url("postgres"), "keep").await.unwrap();
    let db = pool(&pg.url("keep"), 1).await.unwrap();
    sqlx::query("CREATE TABLE note (body text)")
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO note VALUES ('still here')")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;

    let second = LocalPg::start(&dir, Durability::Durable);
    assert!(matches!(second, Err(LocalPgError::InUse(_))), "{second:?}");
    let message = second.unwrap_err().to_string();
    assert!(
        message.starts_with("Another Murphy is already using the data folder"),
        "{message}"
    );

    tokio::task::spawn_blocking(move || pg.stop())
        .await
        .unwrap()
        .unwrap();
    assert!(!dir.join("pg/postmaster.pid").exists(), "stopped cleanly");

    let pg = tokio::task::spawn_blocking({
        let dir = dir.clone();
        move || LocalPg::start(&dir, Durability::Durable)
    })
    .await
    .unwrap()
    .expect("restart");
    let db = pool(&pg.url("keep"), 1).await.unwrap();
    let body: String = sqlx::query_scalar("SELECT body FROM note")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(body, "still here");
    db.close().await;
    tokio::task::spawn_blocking(move || pg.stop())
        .await
        .unwrap()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_server_binaries_are_named_with_the_fix() {
    let dir = scratch_dir();
    let out = murphy(&dir)
        .env("MURPHY_PG_BINDIR", dir.join("no-such-bin"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PostgreSQL server binaries were not found"),
        "{stderr}"
    );
    assert!(stderr.contains("apt install postgresql"), "{stderr}");
    assert!(stderr.contains("set DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_the_postgres_user_cannot_reach_is_a_clear_error() {
    if !nix::unistd::Uid::effective().is_root() {
        // Only root hands the cluster to the `postgres` user. CI runs as root: there this
        // test must run.
        assert!(
            std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
            "MURPHY_REQUIRE_TOOLS is set but the tests do not run as root"
        );
        eprintln!("skipped: only root hands the embedded cluster to the postgres user");
        return;
    }
    let private = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        private.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let err = LocalPg::start(&private.path().join("murphy"), Durability::Throwaway).unwrap_err();
    assert!(matches!(err, LocalPgError::Unreachable(_)), "{err:?}");
    assert!(
        err.to_string().contains("cannot use the data folder"),
        "{err}"
    );
    let out = murphy(&private.path().join("murphy")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the `postgres` system user"), "{stderr}");
}

#[test]
fn murphy_serves_drains_on_sigterm_and_finds_its_records_again() {
    let dir = scratch_dir();
    let migrate = murphy(&dir).arg("migrate").output().unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&migrate.stdout),
        "Migrations applied.\n"
    );
    // The command line speaks the instance's language, else the terminal's.
    for (name, value) in [
        ("MURPHY_DEFAULT_LANGUAGE", "pt-BR"),
        ("LANG", "pt_BR.UTF-8"),
    ] {
        let again = murphy(&dir)
            .arg("migrate")
            .env(name, value)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            "Migrações aplicadas.\n"
        );
    }
    // The first admin, created with no server running.
    let added = add_user(&mut murphy(&dir), "ops@example.com", "admin");
    let stderr = String::from_utf8_lossy(&added.stderr);
    assert!(added.status.success(), "{stderr}");
    assert!(
        stderr.contains("Created Ops Person <ops@example.com>"),
        "{stderr}"
    );
    let again = add_user(&mut murphy(&dir), "OPS@example.com", "viewer");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has the email"));

    let first = Served::start(murphy(&dir));
    let port = first.port;
    // Admin commands work beside the running server.
    let token = create_token(&mut murphy(&dir), "ops@example.com");
    assert_eq!(
        call(port, "", "GET", "/api/v1/incidents", None).status,
        401,
        "the API needs a token"
    );
    let filed = call(
        port,
        &token,
        "POST",
        "/api/v1/incidents",
        Some((
            "application/json",
            r#"{"title":"Survives restarts","kind":"other","severity":"SEV4"}"#,
        )),
    );
    assert_eq!(filed.status, 201, "{}", filed.body);

    // A second Murphy on the same folder is refused while the first runs.
    let second = murphy(&dir)
        .env("MURPHY_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("Another Murphy is already using the data folder"),
        "{stderr}"
    );

    let (status, log) = first.stop();
    assert!(status.success(), "{log}");
    assert!(
        !dir.join("pg/postmaster.pid").exists(),
        "the cluster was stopped"
    );

    let again = Served::start(murphy(&dir));
    let port = again.port;
    let kept = call(port, &token, "GET", "/api/v1/incidents/1", None);
    assert_eq!(kept.status, 200);
    assert!(
        kept.body.contains("\"title\":\"Survives restarts\""),
        "{}",
        kept.body
    );
    assert_eq!(call(port, "", "GET", "/readyz", None).status, 200);
    assert!(again.stop().0.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_database_url_murphy_uses_that_server_and_starts_nothing() {
    let dir = scratch_dir();
    let data_dir = dir.join("unused");
    let url = crate::support::fresh_database_url();
    let mut cmd = murphy(&data_dir);
    cmd.env("DATABASE_URL", &url);
    let child = Served::start(cmd);
    let port = child.port;
    let shared = || {
        let mut cmd = murphy(&data_dir);
        cmd.env("DATABASE_URL", &url);
        cmd
    };
    let added = add_user(&mut shared(), "ops@example.com", "responder");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let token = create_token(&mut shared(), "ops@example.com");
    let filed = call(
        port,
        &token,
        "POST",
        "/api/v1/incidents",
        Some((
            "application/json",
            r#"{"title":"On the shared server","kind":"other","severity":"SEV4"}"#,
        )),
    );
    assert_eq!(filed.status, 201, "{}", filed.body);
    assert!(child.stop().0.success());
    assert!(!data_dir.exists(), "no embedded cluster was created");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let title: String = rt.block_on(async {
        let db = pool(&url, 1).await.unwrap();
        sqlx::query_scalar("SELECT title FROM incident")
            .fetch_one(&db)
            .await
            .unwrap()
    });
    assert_eq!(title, "On the shared server");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `murphy export > file` on the embedded database: standard output holds the export alone
/// (the embedded cluster's start and stop lines go to standard error, without colour codes
/// when it is not a terminal), and `murphy import -` loads that output into another
/// embedded database.
#[test]
fn export_to_standard_output_is_clean_and_imports_elsewhere() {
    let dir = scratch_dir();
    let filled = murphy(&dir)
        .args(["demo-data", "--incidents", "3", "--years", "1"])
        .output()
        .unwrap();
    assert!(
        filled.status.success(),
        "{}",
        String::from_utf8_lossy(&filled.stderr)
    );

    // The default log filter, so that the embedded cluster's lines are written.
    let exported = murphy(&dir)
        .env_remove("RUST_LOG")
        .arg("export")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&exported.stderr);
    assert!(exported.status.success(), "{stderr}");
    assert!(stderr.contains("embedded PostgreSQL started"), "{stderr}");
    assert!(stderr.contains("embedded PostgreSQL stopped"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no colour codes: {stderr:?}");
    let stdout = String::from_utf8(exported.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect();
    assert_eq!(lines[0]["type"], "murphy-export");
    let incidents = lines.iter().filter(|l| l["type"] == "incident").count();
    assert_eq!(incidents, 3, "{stdout}");
    // The demo's post-mortem template for security incidents travels with it.
    let templates: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "postmortem_template")
        .map(|l| l["row"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(templates, ["Security incident review"]);

    let elsewhere = scratch_dir();
    let mut import = murphy(&elsewhere)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(stdout.as_bytes())
        .unwrap();
    let imported = import.wait_with_output().unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert!(imported.stdout.is_empty(), "results only on stdout");
    let again = murphy(&elsewhere).arg("export").output().unwrap();
    assert!(again.status.success());
    assert_eq!(String::from_utf8(again.stdout).unwrap(), stdout);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&elsewhere);
}
