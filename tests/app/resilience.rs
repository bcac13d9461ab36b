//! Faults on real processes: the database killed under a write load (embedded and behind
//! `DATABASE_URL`), a database that cannot come back, Murphy and its database killed
//! together, and pid files left by crashes. Each test prints what it measured (run with
//! `--nocapture` to see it; docs/operations.md has the figures).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use murphy::database::embedded::{self, Durability, LocalPg};
use murphy::database::{create_database, pool};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::embedded::{add_user, create_token, murphy};
use crate::served::{Reply, Served, call};
use crate::support::scratch_dir;

/// Concurrent writers during a database kill.
const WRITERS: usize = 8;
/// No request may take longer than this while the database is away.
const LONGEST_ALLOWED: Duration = Duration::from_secs(3);
/// Murphy serves again within this long after the database died.
const HEALED_WITHIN: Duration = Duration::from_secs(10);
/// Murphy's default drain time on SIGTERM.
const DRAIN_SECONDS: u64 = 10;

/// One HTTP exchange, timed.
/// A `murphy serve` child, killed (with the embedded cluster it started) if a test fails.
struct Server {
    served: Option<Served>,
    dir: PathBuf,
    port: u16,
}

impl Server {
    fn start(dir: &Path, configure: impl FnOnce(&mut Command)) -> Server {
        std::fs::create_dir_all(dir).unwrap();
        let mut cmd = murphy(dir);
        configure(&mut cmd);
        let started = Instant::now();
        let served = Served::start(cmd);
        eprintln!("  murphy serving after {:?}", started.elapsed());
        Server {
            port: served.port,
            served: Some(served),
            dir: dir.to_owned(),
        }
    }

    fn still_running(&mut self) -> bool {
        self.served.as_mut().is_some_and(Served::still_running)
    }

    /// SIGTERM; it must stop cleanly. Returns what it logged.
    fn stop(mut self) -> String {
        let (status, log) = self.served.take().unwrap().stop();
        assert!(status.success(), "{log}");
        assert!(!log.contains("panicked"), "{log}");
        log
    }

    /// SIGKILL, leaving the embedded cluster running on its own.
    fn kill9(mut self) {
        self.served.take().unwrap().kill9();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Served's own drop kills Murphy (and shows its log on a failure); the cluster it
        // started goes too.
        if self.served.take().is_some()
            && let Some(pid) = postmaster_pid(&self.dir)
        {
            let _ = kill(pid, Signal::SIGQUIT);
        }
    }
}

/// The process id in the data folder's `pg/postmaster.pid`.
fn postmaster_pid(dir: &Path) -> Option<Pid> {
    let text = std::fs::read_to_string(dir.join("pg/postmaster.pid")).ok()?;
    Some(Pid::from_raw(text.lines().next()?.trim().parse().ok()?))
}

/// Waits until process `pid` is gone.
fn wait_gone(pid: Pid) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while kill(pid, None).is_ok() {
        assert!(Instant::now() < deadline, "process {pid} did not end");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A data folder with an admin, and a token for them once Murphy serves.
fn prepared() -> PathBuf {
    let dir = scratch_dir();
    let added = add_user(&mut murphy(&dir), "ops@example.com", "admin");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    dir
}

fn file_incident(port: u16, token: &str, title: &str) -> Reply {
    let body = format!(r#"{{"title":"{title}","kind":"other","severity":"SEV4"}}"#);
    call(
        port,
        token,
        "POST",
        "/api/v1/incidents",
        Some(("application/json", &body)),
    )
}

/// One write by one of the writers.
struct Shot {
    started: Instant,
    took: Duration,
    status: u16,
    title: String,
    body: String,
}

/// [`WRITERS`] clients file incidents as fast as Murphy answers (pausing 100 ms after a
/// 503, as a polite client would). After a second `fault` runs; they write on until a write
/// begun after it has been acknowledged and another second has passed (20 s at most).
fn writes_through(port: u16, token: &str, fault: impl FnOnce()) -> (Vec<Shot>, Instant) {
    let stop = Arc::new(AtomicBool::new(false));
    let healed = Arc::new(std::sync::Mutex::new(None::<Instant>));
    let faulted = Arc::new(std::sync::OnceLock::<Instant>::new());
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (stop, healed, faulted) = (stop.clone(), healed.clone(), faulted.clone());
            let token = token.to_owned();
            std::thread::spawn(move || {
                let mut shots = Vec::new();
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let title = format!("Load {w}-{i}");
                    let started = Instant::now();
                    let reply = file_incident(port, &token, &title);
                    if reply.status == 201 && faulted.get().is_some_and(|at| started > *at) {
                        healed.lock().unwrap().get_or_insert(Instant::now());
                    }
                    if reply.status == 503 {
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    shots.push(Shot {
                        started,
                        took: reply.took,
                        status: reply.status,
                        title,
                        body: reply.body,
                    });
                }
                shots
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let at = Instant::now();
    faulted.set(at).unwrap();
    fault();
    let deadline = at + Duration::from_secs(20);
    while Instant::now() < deadline {
        if healed
            .lock()
            .unwrap()
            .is_some_and(|h| h.elapsed() > Duration::from_secs(1))
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let shots = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    (shots, at)
}

/// Checks the writes against the promises and returns the titles acknowledged.
fn judged(what: &str, shots: &[Shot], faulted: Instant) -> BTreeSet<String> {
    let odd: Vec<String> = shots
        .iter()
        .filter(|s| s.status != 201 && s.status != 503)
        .map(|s| format!("{} {} after {:?}: {}", s.title, s.status, s.took, s.body))
        .collect();
    assert!(odd.is_empty(), "only 201 or 503: {odd:#?}");
    let longest = shots.iter().map(|s| s.took).max().unwrap();
    assert!(
        longest <= LONGEST_ALLOWED,
        "a request took {longest:?} (at most {LONGEST_ALLOWED:?})"
    );
    let refused = shots.iter().filter(|s| s.status == 503).count();
    assert!(refused > 0, "the fault was felt");
    let healed = shots
        .iter()
        .filter(|s| s.status == 201 && s.started > faulted)
        .map(|s| s.started + s.took - faulted)
        .min()
        .expect("Murphy served writes again");
    assert!(healed <= HEALED_WITHIN, "serving again took {healed:?}");
    let acknowledged: BTreeSet<String> = shots
        .iter()
        .filter(|s| s.status == 201)
        .map(|s| s.title.clone())
        .collect();
    eprintln!(
        "{what}: {} writes, {} acknowledged, {refused} answered 503, longest {longest:.2?}, \
         serving again {healed:.2?} after the kill",
        shots.len(),
        acknowledged.len(),
    );
    acknowledged
}

/// Every acknowledged title is in the database at `url`.
fn all_present(url: &str, acknowledged: &BTreeSet<String>) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let titles: Vec<String> = rt.block_on(async {
        let db = pool(url, 1).await.unwrap();
        let titles = sqlx::query_scalar("SELECT title FROM incident")
            .fetch_all(&db)
            .await
            .unwrap();
        db.close().await;
        titles
    });
    let present: BTreeSet<String> = titles.into_iter().collect();
    let missing: Vec<&String> = acknowledged.difference(&present).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    eprintln!(
        "  {} acknowledged, all {} present ({} rows in all)",
        acknowledged.len(),
        acknowledged.len(),
        present.len()
    );
    present.len()
}

/// `/metrics` once the live listener hears the database again (it reconnects by itself).
fn metrics_once_listening(port: u16, token: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let reply = call(port, token, "GET", "/metrics", None);
        if reply.status == 200 && reply.body.contains("murphy_live_listener_connected 1\n") {
            return reply.body;
        }
        assert!(Instant::now() < deadline, "the listener did not come back");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn killing_the_embedded_postgres_under_writes_loses_nothing_and_heals_without_a_restart() {
    let dir = prepared();
    let mut server = Server::start(&dir, |_| {});
    let token = create_token(&mut murphy(&dir), "ops@example.com");
    let port = server.port;
    let postmaster = postmaster_pid(&dir).unwrap();

    let (shots, killed) = writes_through(port, &token, || {
        kill(postmaster, Signal::SIGKILL).unwrap();
    });
    let acknowledged = judged("embedded PostgreSQL killed", &shots, killed);
    assert!(server.still_running(), "the same Murphy serves again");
    assert_ne!(postmaster_pid(&dir), Some(postmaster), "a new postmaster");
    all_present(&embedded::url(&dir, "murphy"), &acknowledged);

    let metrics = metrics_once_listening(port, &token);
    assert!(metrics.contains("murphy_database_up 1\n"), "{metrics}");
    assert!(
        metrics.contains("murphy_database_restarts_total 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("murphy_database_outages_total 1\n"),
        "{metrics}"
    );
    assert_eq!(call(port, "", "GET", "/readyz", None).body, "ready\n");
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The server binaries disappear while PostgreSQL is down (a package upgrade gone wrong):
/// Murphy cannot start it again, says why, answers at once, and recovers by itself once
/// they are back.
#[test]
fn when_postgres_cannot_come_back_murphy_says_why_answers_at_once_and_keeps_trying() {
    let real = embedded::find_bindir().unwrap();
    let dir = prepared();
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    for program in ["postgres", "initdb"] {
        std::os::unix::fs::symlink(real.join(program), bin.join(program)).unwrap();
    }
    let server = Server::start(&dir, |cmd| {
        cmd.env("MURPHY_PG_BINDIR", &bin);
    });
    let token = create_token(&mut murphy(&dir), "ops@example.com");
    let port = server.port;

    std::fs::rename(bin.join("postgres"), bin.join("postgres.away")).unwrap();
    let postmaster = postmaster_pid(&dir).unwrap();
    kill(postmaster, Signal::SIGKILL).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let ready = loop {
        let ready = call(port, "", "GET", "/readyz", None);
        if ready.status == 503 && ready.body.contains("cannot be started again") {
            break ready;
        }
        assert!(Instant::now() < deadline, "{}", ready.body);
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        ready.body.starts_with("database unreachable for "),
        "{}",
        ready.body
    );
    assert!(ready.body.contains("killed by signal 9"), "{}", ready.body);
    assert!(
        ready.body.contains("starting postgres failed"),
        "{}",
        ready.body
    );

    // What needs no database works; what does is refused at once, and says so.
    let healthz = call(port, "", "GET", "/healthz", None);
    assert_eq!((healthz.status, healthz.body.as_str()), (200, "ok\n"));
    assert_eq!(call(port, "", "GET", "/static/app.css", None).status, 200);

    let page = call(port, "", "GET", "/incidents", None);
    assert_eq!(page.status, 503);
    assert_eq!(page.header("retry-after"), Some("5"));
    assert!(page.took < Duration::from_secs(2), "{:?}", page.took);
    let html = scraper::Html::parse_document(&page.body);
    let text = |selector: &str| {
        html.select(&scraper::Selector::parse(selector).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(text("h1"), ["Murphy can't reach its database"]);
    assert!(text("main p")[1].contains("tries again every few seconds"));
    assert!(
        page.body
            .contains(r#"<meta http-equiv="refresh" content="5">"#)
    );

    let form = call(
        port,
        "",
        "POST",
        "/incidents",
        Some(("application/x-www-form-urlencoded", "title=Lost%3F")),
    );
    assert_eq!(form.status, 503);
    assert!(form.body.contains("Nothing was saved."), "{}", form.body);
    assert!(!form.body.contains("http-equiv=\"refresh\""));

    let api = file_incident(port, &token, "While away");
    assert_eq!(api.status, 503);
    assert!(api.took < Duration::from_secs(2), "{:?}", api.took);
    assert_eq!(api.header("content-type"), Some("application/problem+json"));
    assert_eq!(api.header("retry-after"), Some("5"));
    let problem: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        problem,
        serde_json::json!({
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": "Murphy cannot reach its database and is retrying. Nothing was changed: \
                       send this again shortly."
        })
    );

    let back = Instant::now();
    std::fs::rename(bin.join("postgres.away"), bin.join("postgres")).unwrap();
    let deadline = back + Duration::from_secs(15);
    while call(port, "", "GET", "/readyz", None).status != 200 {
        assert!(Instant::now() < deadline, "Murphy did not recover");
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("binaries restored: ready again after {:?}", back.elapsed());
    assert_eq!(file_incident(port, &token, "Back").status, 201);

    // Asked to stop while its database is away (and cannot come back), Murphy still ends
    // cleanly within the drain time, saying nothing about webhooks.
    std::fs::rename(bin.join("postgres"), bin.join("postgres.away")).unwrap();
    kill(postmaster_pid(&dir).unwrap(), Signal::SIGKILL).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while call(port, "", "GET", "/readyz", None).status != 503 {
        assert!(Instant::now() < deadline, "the second kill went unnoticed");
        std::thread::sleep(Duration::from_millis(50));
    }
    let asked = Instant::now();
    let log = server.stop();
    let took = asked.elapsed();
    eprintln!("stopped while the database was away in {took:?}");
    assert!(took < Duration::from_secs(DRAIN_SECONDS), "{took:?}");
    assert!(!log.to_lowercase().contains("webhook"), "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn after_murphy_or_the_whole_machine_is_killed_the_first_start_succeeds_with_every_write() {
    let dir = prepared();
    let server = Server::start(&dir, |_| {});
    let token = create_token(&mut murphy(&dir), "ops@example.com");
    let mut acknowledged = BTreeSet::new();
    let mut write = |port: u16, round: &str| {
        for i in 0..5 {
            let title = format!("{round} {i}");
            assert_eq!(file_incident(port, &token, &title).status, 201);
            acknowledged.insert(title);
        }
    };
    write(server.port, "Before Murphy was killed");

    // Murphy alone: its PostgreSQL lives on, and the next Murphy stops it and starts its own.
    let orphan = postmaster_pid(&dir).unwrap();
    server.kill9();
    assert!(kill(orphan, None).is_ok(), "PostgreSQL outlived Murphy");
    eprintln!("murphy killed alone:");
    let server = Server::start(&dir, |_| {});
    assert!(kill(orphan, None).is_err(), "the orphan was stopped");
    write(server.port, "Before both were killed");

    // Both at once, as a power cut does: the next start recovers from the log.
    let postmaster = postmaster_pid(&dir).unwrap();
    kill(postmaster, Signal::SIGKILL).unwrap();
    server.kill9();
    wait_gone(postmaster);
    assert!(dir.join("pg/postmaster.pid").exists(), "a stale pid file");
    eprintln!("murphy and postgres killed together:");
    let server = Server::start(&dir, |_| {});
    write(server.port, "After");
    all_present(&embedded::url(&dir, "murphy"), &acknowledged);
    server.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

/// After a reboot the process id in a leftover pid file may belong to anything. Here it
/// names a program called `postgres` that is not one, started "now" like the file says:
/// it is left alone and Murphy starts. A real PostgreSQL on the folder that Murphy did not
/// start is refused, and left alone too.
#[test]
fn a_pid_file_naming_another_process_is_left_alone_and_a_foreign_server_refused() {
    let dir = scratch_dir();
    let migrated = murphy(&dir).arg("migrate").output().unwrap();
    assert!(migrated.status.success());
    let pgdata = dir.canonicalize().unwrap().join("pg");

    let impostor_dir = dir.join("impostor");
    std::fs::create_dir(&impostor_dir).unwrap();
    std::fs::copy("/bin/sleep", impostor_dir.join("postgres")).unwrap();
    let mut impostor = Command::new(impostor_dir.join("postgres"))
        .arg("120")
        .current_dir("/")
        .spawn()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    std::fs::write(
        pgdata.join("postmaster.pid"),
        format!(
            "{}\n{}\n{now}\n5432\n{}\n\n  5432001    32768\nready   \n",
            impostor.id(),
            pgdata.display(),
            pgdata.parent().unwrap().join("run").display()
        ),
    )
    .unwrap();
    let server = Server::start(&dir, |_| {});
    assert!(
        impostor.try_wait().unwrap().is_none(),
        "the impostor was not signalled"
    );
    assert_eq!(call(server.port, "", "GET", "/readyz", None).status, 200);
    server.stop();
    assert!(impostor.try_wait().unwrap().is_none());
    impostor.kill().unwrap();
    impostor.wait().unwrap();

    // A PostgreSQL started by hand on the folder, with its socket elsewhere.
    let socket = dir.join("elsewhere");
    std::fs::create_dir(&socket).unwrap();
    let owner = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&pgdata).unwrap());
    if nix::unistd::Uid::effective().is_root() {
        let gid = std::os::unix::fs::MetadataExt::gid(&std::fs::metadata(&pgdata).unwrap());
        nix::unistd::chown(&socket, Some(owner.into()), Some(gid.into())).unwrap();
    }
    let mut foreign = Command::new(embedded::find_bindir().unwrap().join("postgres"));
    foreign
        .arg("-D")
        .arg(&pgdata)
        .arg("-k")
        .arg(&socket)
        .args(["-c", "listen_addresses="])
        .current_dir(&pgdata)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::uid(&mut foreign, owner);
    let mut foreign = foreign.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while postmaster_pid(&dir).map(|p| p.as_raw() as u32) != Some(foreign.id()) {
        assert!(
            Instant::now() < deadline,
            "the foreign server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let refused = murphy(&dir).arg("migrate").output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!(
            "A PostgreSQL server that Murphy did not start (process {}) is running on the data folder",
            foreign.id()
        )),
        "{stderr}"
    );
    assert!(foreign.try_wait().unwrap().is_none(), "left alone");
    kill(Pid::from_raw(foreign.id() as i32), Signal::SIGINT).unwrap();
    foreign.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same kill on a PostgreSQL that Murphy reaches through `DATABASE_URL` and does not
/// manage: it comes back 1.5 s later (as a restarted or failed-over server would), and
/// Murphy carries on without a restart, its live listener reconnected.
#[test]
fn killing_an_external_postgres_under_writes_loses_nothing_and_heals_without_a_restart() {
    let cluster_dir = scratch_dir();
    let pg = LocalPg::start(&cluster_dir, Durability::Durable).unwrap();
    let url = pg.url("murphy");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(create_database(&pg.url("postgres"), "murphy"))
        .unwrap();
    let unused = cluster_dir.join("unused");
    let external = |cmd: &mut Command| {
        cmd.env("DATABASE_URL", &url);
    };
    let mut migrate = murphy(&unused);
    external(&mut migrate);
    assert!(migrate.arg("migrate").output().unwrap().status.success());
    let mut add = murphy(&unused);
    external(&mut add);
    assert!(
        add_user(&mut add, "ops@example.com", "admin")
            .status
            .success()
    );
    let mut server = Server::start(&unused, external);
    let mut token_cmd = murphy(&unused);
    external(&mut token_cmd);
    let token = create_token(&mut token_cmd, "ops@example.com");
    let port = server.port;

    let postmaster = Pid::from_raw(pg.pid().unwrap() as i32);
    let mut pg = Some(pg);
    let mut restarter = None;
    let (shots, killed) = writes_through(port, &token, || {
        kill(postmaster, Signal::SIGKILL).unwrap();
        let mut pg = pg.take().unwrap();
        restarter = Some(std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(1500));
            pg.restart(&AtomicBool::new(false)).unwrap();
            pg
        }));
    });
    let pg = restarter.unwrap().join().unwrap();
    let acknowledged = judged("external PostgreSQL killed for 1.5 s", &shots, killed);
    assert!(server.still_running());
    all_present(&url, &acknowledged);
    let metrics = metrics_once_listening(port, &token);
    assert!(metrics.contains("murphy_database_up 1\n"), "{metrics}");
    assert!(
        metrics.contains("murphy_database_restarts_total 0\n"),
        "Murphy restarts only its own: {metrics}"
    );
    assert!(!metrics.contains("murphy_database_outages_total 0\n"));
    server.stop();
    pg.stop().unwrap();
    let _ = std::fs::remove_dir_all(&cluster_dir);
}
