//! What a `postmaster.pid` left in the cluster says, and what to do about it.
//!
//! PostgreSQL writes `postmaster.pid` when it starts and removes it when it stops. After a
//! crash of PostgreSQL, of Murphy or of the machine the file stays, and the process id on
//! its first line may since have been given to an unrelated process. The file is only
//! believed when the process it names is the postmaster that wrote it: alive, started when
//! the file says, and working in this cluster's folder. Nothing else is ever signalled.
//!
//! Lines of the file: process id, data folder, start time (Unix seconds), port, socket
//! folder, listen address, shared memory key, state.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::sys::signal::kill;
use nix::unistd::Pid;

/// Seconds between the start time in the file and the process's own that still count as
/// the same start (the file is written a moment after the process begins).
const START_TOLERANCE: u64 = 5;

/// What a leftover `postmaster.pid` means.
#[derive(Debug, PartialEq, Eq)]
pub enum Leftover {
    /// No pid file: the cluster was stopped cleanly, or never started.
    Nothing,
    /// A pid file whose postmaster is gone. PostgreSQL is started normally: it checks that
    /// no process of the old server still holds its shared memory (the file names it),
    /// replaces the file and recovers from its write-ahead log.
    Gone(String),
    /// A pid file naming a live process that is not its postmaster (the id was given to
    /// another process after a crash or a reboot), or one that cannot be read. PostgreSQL
    /// refuses such a file, so it is removed once no process works in the folder any more.
    Unrelated(String),
    /// A postmaster that a Murphy started on this folder (its socket is in the data
    /// folder's `run/`) and that outlived it: stopped, then started again by this Murphy.
    Orphan(Pid),
    /// A postmaster on this folder that Murphy did not start.
    Foreign(Pid),
}

/// Reads `pgdata/postmaster.pid` and judges it; `socket_dir` is where Murphy's own
/// postmaster puts its socket.
pub fn inspect(pgdata: &Path, socket_dir: &Path) -> Leftover {
    let Ok(text) = fs::read_to_string(pgdata.join("postmaster.pid")) else {
        return Leftover::Nothing;
    };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(pid) = lines.first().and_then(|l| l.parse::<i32>().ok()) else {
        return Leftover::Unrelated("its first line is not a process id".into());
    };
    let process = Pid::from_raw(pid);
    if pid <= 0 || kill(process, None).is_err() {
        return Leftover::Gone(format!("process {pid} is gone"));
    }
    if lines.get(1).map(PathBuf::from).as_deref() != Some(pgdata) {
        return Leftover::Unrelated(format!("it names another data folder ({})", lines[1]));
    }
    let written: Option<u64> = lines.get(2).and_then(|l| l.parse().ok());
    match (written, started_at(pid)) {
        (Some(written), Some(started)) if written.abs_diff(started) <= START_TOLERANCE => {}
        _ => {
            return Leftover::Unrelated(format!(
                "process {pid} started at another time than the file's postmaster"
            ));
        }
    }
    // A postmaster works in its data folder. Without the right to look (another user's
    // process), the checks above stand.
    if let Ok(cwd) = fs::read_link(format!("/proc/{pid}/cwd"))
        && cwd != pgdata
    {
        return Leftover::Unrelated(format!("process {pid} works in {}", cwd.display()));
    }
    if lines.get(4).map(PathBuf::from).as_deref() == Some(socket_dir) {
        Leftover::Orphan(process)
    } else {
        Leftover::Foreign(process)
    }
}

/// Whether any process works in `folder` (the server processes of a postmaster that died
/// a moment ago do, until they notice). Processes that cannot be looked at are not counted.
pub fn anyone_in(folder: &Path) -> bool {
    let Ok(entries) = fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.parse::<u32>().is_ok())
            && fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd == folder)
    })
}

/// When process `pid` started, in Unix seconds, from `/proc` (readable for any process).
fn started_at(pid: i32) -> Option<u64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (second field) may hold spaces and parentheses: count from the last
    // closing parenthesis. The start time is field 22; after the name come fields 3, 4, ...
    let after_name = &stat[stat.rfind(')')? + 1..];
    let ticks: u64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let per_second = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK)
        .ok()
        .flatten()
        .and_then(|t| u64::try_from(t).ok())
        .filter(|t| *t > 0)?;
    let boot: u64 = fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    Some(boot + ticks / per_second)
}

/// Stops an orphaned postmaster of this folder: a fast shutdown (SIGINT), and an immediate
/// one (SIGQUIT) if it has not stopped within `patience`. Returns once it is gone.
pub fn stop_orphan(pid: Pid, patience: Duration) {
    use nix::sys::signal::Signal;
    let gone_within = |wait: Duration| {
        let deadline = std::time::Instant::now() + wait;
        while kill(pid, None).is_ok() {
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    };
    if kill(pid, Signal::SIGINT).is_err() || gone_within(patience) {
        return;
    }
    let _ = kill(pid, Signal::SIGQUIT);
    gone_within(patience);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, pid: u32, pgdata: &Path, started: u64, socket: &Path) {
        let text = format!(
            "{pid}\n{}\n{started}\n5432\n{}\n\n  5432001    32768\nready   \n",
            pgdata.display(),
            socket.display()
        );
        fs::write(dir.join("postmaster.pid"), text).unwrap();
    }

    fn now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    #[test]
    fn a_pid_file_is_believed_only_for_the_process_that_wrote_it() {
        let dir = tempfile::tempdir().unwrap();
        let pgdata = dir.path().canonicalize().unwrap();
        let socket = pgdata.join("run");
        assert_eq!(inspect(&pgdata, &socket), Leftover::Nothing);

        fs::write(pgdata.join("postmaster.pid"), "garbage\n").unwrap();
        assert!(matches!(inspect(&pgdata, &socket), Leftover::Unrelated(_)));

        // A process that is gone.
        let mut done = std::process::Command::new("true").spawn().unwrap();
        let gone = done.id();
        done.wait().unwrap();
        write(&pgdata, gone, &pgdata, now(), &socket);
        let judged = inspect(&pgdata, &socket);
        assert_eq!(judged, Leftover::Gone(format!("process {gone} is gone")));

        // A live process working elsewhere, started "now" like the file says.
        let mut sleeper = std::process::Command::new("sleep")
            .arg("30")
            .current_dir("/")
            .spawn()
            .unwrap();
        write(&pgdata, sleeper.id(), &pgdata, now(), &socket);
        let judged = inspect(&pgdata, &socket);
        assert_eq!(
            judged,
            Leftover::Unrelated(format!("process {} works in /", sleeper.id()))
        );
        // The same process, but the file claims a start an hour ago.
        write(&pgdata, sleeper.id(), &pgdata, now() - 3600, &socket);
        let Leftover::Unrelated(why) = inspect(&pgdata, &socket) else {
            panic!("a reused process id is not believed");
        };
        assert!(why.contains("started at another time"), "{why}");
        // A file from another folder.
        write(
            &pgdata,
            sleeper.id(),
            Path::new("/elsewhere"),
            now(),
            &socket,
        );
        let Leftover::Unrelated(why) = inspect(&pgdata, &socket) else {
            panic!("another folder's file is not believed");
        };
        assert!(why.contains("another data folder"), "{why}");
        sleeper.kill().unwrap();
        sleeper.wait().unwrap();

        // A process working in the folder: Murphy's when its socket is Murphy's.
        let mut here = std::process::Command::new("sleep")
            .arg("30")
            .current_dir(&pgdata)
            .spawn()
            .unwrap();
        let pid = Pid::from_raw(here.id() as i32);
        write(&pgdata, here.id(), &pgdata, now(), &socket);
        assert_eq!(inspect(&pgdata, &socket), Leftover::Orphan(pid));
        assert!(anyone_in(&pgdata));
        write(
            &pgdata,
            here.id(),
            &pgdata,
            now(),
            Path::new("/var/run/postgresql"),
        );
        assert_eq!(inspect(&pgdata, &socket), Leftover::Foreign(pid));
        here.kill().unwrap();
        here.wait().unwrap();
        assert!(!anyone_in(&pgdata));
    }
}
