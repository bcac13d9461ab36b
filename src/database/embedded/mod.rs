//! The embedded default database: a private PostgreSQL cluster inside Murphy's data folder.
//!
//! Murphy runs the PostgreSQL server binaries installed on the machine as a child process,
//! listening only on a unix socket inside the data folder. As root the cluster runs as the
//! `postgres` system user, because `initdb` refuses to run as root. The test harness uses the
//! same code with [`Durability::Throwaway`].
//!
//! Layout of the data folder:
//! ```text
//! murphy.lock   held (flock) by the Murphy process using the folder
//! pg/           the cluster (PGDATA)
//! run/          the unix socket
//! postgres.log  the server's log
//! ```
//!
//! A crash leaves `pg/postmaster.pid` behind; [`leftover`] decides what it means before
//! every start. While Murphy serves, [`crate::database::supervisor`] restarts the server
//! when it dies.

mod folder;
mod leftover;

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use folder::{
    RunAs, check_reachable, folder_error, lock_folder, make_private_dir, prepare_folder, run_as,
};
use leftover::Leftover;

/// Longest unix socket path the kernel accepts (`sun_path` is 108 bytes with the NUL).
const MAX_SOCKET_PATH: usize = 107;
const START_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a start keeps trying while a killed postmaster's processes let go of its
/// shared memory.
const SHARED_MEMORY_WAIT: Duration = Duration::from_secs(10);

/// Whether the cluster must survive a power cut (the default) or is a test's scratch space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync on: an acknowledged write survives a crash of Murphy, PostgreSQL or the machine.
    Durable,
    /// fsync off and no synchronous commit: for throwaway test clusters only.
    Throwaway,
}

/// Everything that can stop the embedded database from starting, each with a message a
/// person can act on.
#[derive(Debug, thiserror::Error)]
pub enum LocalPgError {
    #[error(
        "PostgreSQL server binaries were not found (looked for initdb and postgres via \
         MURPHY_PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH).\n\
         Install the PostgreSQL server (Debian/Ubuntu: `apt install postgresql`; Fedora: \
         `dnf install postgresql-server`), or set DATABASE_URL to use an existing server."
    )]
    BinariesNotFound,
    #[error(
        "Another Murphy is already using the data folder {0}.\nStop it first, or start this \
         one with another --data-dir (MURPHY_DATA_DIR)."
    )]
    InUse(PathBuf),
    #[error(
        "The embedded PostgreSQL runs as the `postgres` system user when Murphy runs as root, \
         and that user cannot use the data folder {0}.\nChoose a data folder it can reach \
         (for example /var/lib/murphy, the default for root), or give it access."
    )]
    Unreachable(PathBuf),
    #[error(
        "Murphy runs as root, so the embedded PostgreSQL must run as the `postgres` system \
         user, which does not exist. Install the PostgreSQL server package (it creates the \
         user), run Murphy as a normal user, or set DATABASE_URL."
    )]
    NoPostgresUser,
    #[error(
        "The data folder path {0} is too long for PostgreSQL's unix socket (at most {max} \
         bytes with the socket name). Choose a shorter --data-dir.",
        max = MAX_SOCKET_PATH
    )]
    PathTooLong(PathBuf),
    #[error("Cannot use the data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{what} failed. Its output:\n{output}")]
    Command { what: String, output: String },
    #[error("PostgreSQL did not become ready. The end of its log ({log}):\n{tail}")]
    NotReady { log: PathBuf, tail: String },
    #[error(
        "A PostgreSQL server that Murphy did not start (process {pid}) is running on the data \
         folder {dir}.\nStop it first (for example `pg_ctl -D {dir}/pg stop`), or start Murphy \
         with another --data-dir (MURPHY_DATA_DIR).",
        dir = dir.display()
    )]
    Foreign { pid: i32, dir: PathBuf },
    #[error("Murphy is stopping")]
    Stopping,
}

type Result<T, E = LocalPgError> = std::result::Result<T, E>;

/// A running private cluster. Call [`LocalPg::stop`] to shut it down cleanly; the data folder
/// lock is held until this value is dropped.
#[derive(Debug)]
pub struct LocalPg {
    dir: PathBuf,
    bindir: PathBuf,
    run_as: Option<RunAs>,
    durability: Durability,
    child: Option<Child>,
    _lock: File,
}

impl LocalPg {
    /// Initialises the cluster on first use, then starts it. Blocks until PostgreSQL accepts
    /// connections.
    pub fn start(dir: &Path, durability: Durability) -> Result<LocalPg> {
        let bindir = find_bindir()?;
        let run_as = run_as()?;
        let dir = prepare_folder(dir)?;
        let lock = lock_folder(&dir)?;
        let socket_dir = dir.join("run");
        if socket_dir.join(".s.PGSQL.5432").as_os_str().len() > MAX_SOCKET_PATH {
            return Err(LocalPgError::PathTooLong(dir));
        }
        let pgdata = dir.join("pg");
        for sub in [&pgdata, &socket_dir] {
            make_private_dir(sub, run_as.as_ref())?;
        }
        if let Some(user) = &run_as {
            check_reachable(&dir, user)?;
        }
        if !pgdata.join("PG_VERSION").exists() {
            initdb(&bindir, &pgdata, run_as.as_ref(), durability)?;
        }
        let mut pg = LocalPg {
            dir,
            bindir,
            run_as,
            durability,
            child: None,
            _lock: lock,
        };
        let never = std::sync::atomic::AtomicBool::new(false);
        pg.run(&never)?;
        Ok(pg)
    }

    /// Starts the server again after it died; gives up early when `stopping` is set.
    pub fn restart(&mut self, stopping: &std::sync::atomic::AtomicBool) -> Result<()> {
        self.exited();
        self.child = None;
        self.run(stopping)
    }

    /// Clears what a crash left, spawns the postmaster and waits until it is ready. The
    /// server processes of a postmaster killed a moment ago may still hold its shared
    /// memory, which the new postmaster refuses: it is tried again for a few seconds.
    fn run(&mut self, stopping: &std::sync::atomic::AtomicBool) -> Result<()> {
        let pgdata = self.dir.join("pg");
        match leftover::inspect(&pgdata, &self.dir.join("run")) {
            Leftover::Nothing => {}
            Leftover::Gone(why) => {
                tracing::info!(%why, "PostgreSQL did not stop cleanly; it recovers from its log");
            }
            Leftover::Unrelated(why) => {
                tracing::info!(%why, "removing a stale postmaster.pid; PostgreSQL recovers from its log");
                let deadline = Instant::now() + SHARED_MEMORY_WAIT;
                while leftover::anyone_in(&pgdata) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(50));
                }
                fs::remove_file(pgdata.join("postmaster.pid")).map_err(folder_error(&pgdata))?;
            }
            Leftover::Orphan(pid) => {
                tracing::warn!(%pid, "stopping a PostgreSQL left running by an earlier Murphy on this folder");
                leftover::stop_orphan(pid, STOP_TIMEOUT);
            }
            Leftover::Foreign(pid) => {
                return Err(LocalPgError::Foreign {
                    pid: pid.as_raw(),
                    dir: self.dir.clone(),
                });
            }
        }
        let first_try = Instant::now();
        loop {
            let child = spawn_postgres(
                &self.bindir,
                &self.dir,
                self.run_as.as_ref(),
                self.durability,
            )?;
            self.child = Some(child);
            match self.wait_ready(stopping) {
                Err(LocalPgError::NotReady { ref tail, .. })
                    if tail.contains("pre-existing shared memory block")
                        && first_try.elapsed() < SHARED_MEMORY_WAIT
                        && !stopping.load(std::sync::atomic::Ordering::Relaxed) =>
                {
                    std::thread::sleep(Duration::from_millis(250));
                }
                done => return done,
            }
        }
    }

    /// The folder holding the cluster.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Process id of the postmaster, for tests that must clean up after themselves.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// How the postmaster ended, once it has ("killed by signal 9"); `None` while it runs.
    pub fn exited(&mut self) -> Option<String> {
        let status = self.child.as_mut()?.try_wait();
        let how = match status {
            Ok(None) => return None,
            Ok(Some(status)) => describe_exit(status),
            Err(e) => format!("cannot be waited for: {e}"),
        };
        self.child = None;
        Some(how)
    }

    /// The last lines of the server's log, for messages about why it stopped.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.dir.join("postgres.log"), lines)
    }

    /// A connection URL for `database` over the cluster's unix socket.
    pub fn url(&self, database: &str) -> String {
        url(&self.dir, database)
    }

    /// Fast shutdown: open sessions are ended, everything committed is already on disk.
    pub fn stop(mut self) -> Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        let pid = Pid::from_raw(child.id() as i32);
        let _ = kill(pid, Signal::SIGINT);
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => return Ok(()),
                Ok(None) if Instant::now() > deadline => {
                    let _ = kill(pid, Signal::SIGQUIT);
                    let _ = child.wait();
                    return Ok(());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }

    /// Waits until the postmaster this value started says it is ready. Its pid file is read
    /// only when it names that postmaster: a file left by a crash may still say "ready".
    fn wait_ready(&mut self, stopping: &std::sync::atomic::AtomicBool) -> Result<()> {
        let pid_file = self.dir.join("pg").join("postmaster.pid");
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let Some(pid) = self.pid() else {
                return Err(self.not_ready());
            };
            if postmaster_status(&pid_file, pid).as_deref() == Some("ready") {
                return Ok(());
            }
            let exited = self.exited().is_some();
            let stop = stopping.load(std::sync::atomic::Ordering::Relaxed);
            if exited || stop || Instant::now() > deadline {
                let _ = self.shutdown();
                self.child = None;
                return Err(if stop && !exited {
                    LocalPgError::Stopping
                } else {
                    self.not_ready()
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn not_ready(&self) -> LocalPgError {
        let log = self.dir.join("postgres.log");
        LocalPgError::NotReady {
            tail: tail(&log, 20),
            log,
        }
    }
}

impl Drop for LocalPg {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

/// A connection URL for `database` in the cluster of data folder `dir`.
pub fn url(dir: &Path, database: &str) -> String {
    format!(
        "postgres:///{database}?host={}&user=postgres",
        percent_encode(&dir.join("run").to_string_lossy())
    )
}

/// The folder holding `initdb` and `postgres`.
pub fn find_bindir() -> Result<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = std::env::var_os("MURPHY_PG_BINDIR").map(PathBuf::from) {
        return if has_server(&dir) {
            Ok(dir)
        } else {
            Err(LocalPgError::BinariesNotFound)
        };
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Ok(dir);
        }
    }
    let mut versioned: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, dir)| has_server(dir))
        .collect();
    versioned.sort();
    if let Some((_, dir)) = versioned.pop() {
        return Ok(dir);
    }
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .find(|dir| has_server(dir))
        .ok_or(LocalPgError::BinariesNotFound)
}

fn command(bindir: &Path, program: &str, run_as: Option<&RunAs>, cwd: &Path) -> Command {
    let mut cmd = Command::new(bindir.join(program));
    cmd.current_dir(cwd).env("LC_ALL", "C.UTF-8");
    if let Some(user) = run_as {
        cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
    }
    cmd
}

fn initdb(bindir: &Path, pgdata: &Path, run_as: Option<&RunAs>, d: Durability) -> Result<()> {
    let mut cmd = command(bindir, "initdb", run_as, pgdata);
    cmd.arg("-D")
        .arg(pgdata)
        .args(["-U", "postgres", "--auth=trust", "-E", "UTF8"])
        .args(["--locale=C.UTF-8"]);
    if d == Durability::Throwaway {
        cmd.arg("--no-sync");
    }
    let out = cmd.output().map_err(|e| LocalPgError::Command {
        what: "initdb".into(),
        output: e.to_string(),
    })?;
    if !out.status.success() {
        let _ = fs::remove_file(pgdata.join("PG_VERSION"));
        return Err(LocalPgError::Command {
            what: "initdb".into(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        });
    }
    Ok(())
}

fn spawn_postgres(
    bindir: &Path,
    dir: &Path,
    run_as: Option<&RunAs>,
    d: Durability,
) -> Result<Child> {
    let log_path = dir.join("postgres.log");
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(folder_error(&log_path))?;
    let log2 = log.try_clone().map_err(folder_error(&log_path))?;
    let pgdata = dir.join("pg");
    let mut cmd = command(bindir, "postgres", run_as, &pgdata);
    cmd.arg("-D")
        .arg(&pgdata)
        .arg("-k")
        .arg(dir.join("run"))
        .args(["-c", "listen_addresses=", "-c", "max_connections=200"])
        .args(["-c", "logging_collector=off"])
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2);
    if d == Durability::Throwaway {
        cmd.args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off"]);
        // Tests count the statements each page runs.
        if bindir.join("../lib/pg_stat_statements.so").exists() {
            cmd.args(["-c", "shared_preload_libraries=pg_stat_statements"])
                // Room for every statement of a long test: none evicted mid-count.
                .args(["-c", "pg_stat_statements.max=20000"]);
        }
    }
    // Its own process group: a Ctrl-C in the terminal reaches Murphy, which then stops
    // PostgreSQL after draining requests, instead of killing the database first.
    cmd.process_group(0);
    cmd.spawn().map_err(|e| LocalPgError::Command {
        what: "starting postgres".into(),
        output: e.to_string(),
    })
}

/// The 8th line of `postmaster.pid` is the server's state ("starting", "ready", ...); it is
/// read only when the first line names `pid`.
fn postmaster_status(pid_file: &Path, pid: u32) -> Option<String> {
    let text = fs::read_to_string(pid_file).ok()?;
    let mut lines = text.lines().map(str::trim);
    if lines.next()? != pid.to_string() {
        return None;
    }
    lines.nth(6).map(str::to_owned)
}

/// "exited with code 1", "killed by signal 9 (SIGKILL)".
fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(signal)) => match Signal::try_from(signal) {
            Ok(named) => format!("killed by signal {signal} ({named})"),
            Err(_) => format!("killed by signal {signal}"),
        },
        (None, None) => status.to_string(),
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(8192)));
    let all: Vec<String> = BufReader::new(file).lines().map_while(|l| l.ok()).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
