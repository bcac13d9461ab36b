//! A `murphy serve` child process on addresses it chose itself. It binds port 0 and says
//! where it listens in its log ("Murphy is serving on http://…"); the test reads that line,
//! so no port is picked, released and hoped to be free still.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::embedded::wait_healthy;

const SERVING: &str = "Murphy is serving on http://";
const STATUS_SERVING: &str = "the public status page is served on http://";

pub(crate) struct Served {
    child: Option<Child>,
    /// The port Murphy serves on.
    pub port: u16,
    /// The status page's own port, when `MURPHY_STATUS_LISTEN` asked for one.
    pub status_port: Option<u16>,
    log: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl Served {
    /// Starts `cmd` (a `murphy` command, serving by default) on `127.0.0.1:0` unless it sets
    /// `MURPHY_LISTEN` or `--listen` itself (`MURPHY_STATUS_LISTEN` likewise), and waits until
    /// it answers `/healthz`. Its standard error is read all along: `log()` has it.
    pub fn start(mut cmd: Command) -> Served {
        let set = |cmd: &Command, name: &str| cmd.get_envs().any(|(k, v)| k == name && v.is_some());
        let flagged = cmd.get_args().any(|a| a == "--listen");
        if !set(&cmd, "MURPHY_LISTEN") && !flagged {
            cmd.env("MURPHY_LISTEN", "127.0.0.1:0");
        }
        let wants_status = set(&cmd, "MURPHY_STATUS_LISTEN");
        // The address lines are info; whatever else a test asked to see stays as it asked.
        let filter = cmd
            .get_envs()
            .find(|(k, _)| *k == "RUST_LOG")
            .and_then(|(_, v)| v.map(|v| v.to_string_lossy().into_owned()));
        cmd.env(
            "RUST_LOG",
            match filter {
                Some(f) if !f.is_empty() => format!("{f},murphy=info"),
                _ => "warn,murphy=info".to_owned(),
            },
        );
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start murphy");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (found, addresses) = mpsc::channel();
        let reader = std::thread::spawn({
            let log = log.clone();
            move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    for (which, prefix) in [(0, SERVING), (1, STATUS_SERVING)] {
                        if let Some(port) = port_after(&line, prefix) {
                            let _ = found.send((which, port));
                        }
                    }
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        let mut served = Served {
            child: Some(child),
            port: 0,
            status_port: None,
            log,
            reader: Some(reader),
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while served.port == 0 || (wants_status && served.status_port.is_none()) {
            match addresses.recv_timeout(Duration::from_millis(100)) {
                Ok((0, port)) => served.port = port,
                Ok((_, port)) => served.status_port = Some(port),
                Err(_) => {
                    assert!(
                        served.still_running(),
                        "murphy exited before serving:\n{}",
                        served.log()
                    );
                    assert!(
                        Instant::now() < deadline,
                        "murphy did not say where it serves:\n{}",
                        served.log()
                    );
                }
            }
        }
        wait_healthy(served.port, served.child.as_mut().unwrap());
        served
    }

    /// What Murphy has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn still_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(Child::try_wait), Some(Ok(None)))
    }

    pub fn pid(&self) -> Pid {
        Pid::from_raw(self.child.as_ref().unwrap().id() as i32)
    }

    /// Sends SIGTERM without waiting.
    pub fn ask_to_stop(&self) {
        kill(self.pid(), Signal::SIGTERM).unwrap();
    }

    /// Waits (at most a minute) for the process to end after `ask_to_stop`: its exit status
    /// and everything it logged.
    pub fn wait(mut self) -> (ExitStatus, String) {
        let mut child = self.child.take().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "murphy did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status, self.log())
    }

    /// SIGTERM, then `wait`.
    pub fn stop(self) -> (ExitStatus, String) {
        self.ask_to_stop();
        self.wait()
    }

    /// SIGKILL: nothing is drained or closed.
    pub fn kill9(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if std::thread::panicking() {
                eprintln!("murphy's log:\n{}", self.log());
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The port in `http://ADDRESS:PORT` right after `prefix` in a log line (text or JSON).
fn port_after(line: &str, prefix: &str) -> Option<u16> {
    let rest = &line[line.find(prefix)? + prefix.len()..];
    let address: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    address.rsplit_once(':')?.1.parse().ok()
}
