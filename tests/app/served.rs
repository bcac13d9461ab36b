//! A `murphy serve` child process on addresses it chose itself. It binds port 0 and says
//! where it listens in its log ("Murphy is serving on http://…"); the test reads that line,
//! so no port is picked, released and hoped to be free still.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

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

/// Waits (at most a minute) until Murphy on `port` answers `/healthz`.
pub(crate) fn wait_healthy(port: u16, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if call(port, "", "GET", "/healthz", None).status == 200 {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("murphy exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("murphy did not become healthy");
}

/// An answer read off the wire, the tests' one HTTP client for real processes. Status 0
/// when nothing could be sent or nothing came back; the body then says why.
pub(crate) struct Reply {
    pub status: u16,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub took: Duration,
}

impl Reply {
    fn failed(why: String, started: Instant) -> Reply {
        Reply {
            status: 0,
            headers: Vec::new(),
            body: why,
            took: started.elapsed(),
        }
    }

    /// Reads an answer to its end (the request said `Connection: close`).
    pub fn read(stream: impl Read) -> Reply {
        let started = Instant::now();
        let mut response = Vec::new();
        if let Err(e) = BufReader::new(stream).read_to_end(&mut response) {
            return Reply::failed(format!("receive: {e}"), started);
        }
        let response = String::from_utf8_lossy(&response);
        let Some((head, body)) = response.split_once("\r\n\r\n") else {
            return Reply::failed(format!("no head in {response:?}"), started);
        };
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
            took: started.elapsed(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Set-Cookie` value that sets cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .map(|(_, v)| v.as_str())
            .find(|v| v.starts_with(&format!("{name}=")))
    }
}

/// Sends `request` (raw HTTP/1.1 saying `Connection: close`) on a new connection to `port`.
pub(crate) fn exchange(port: u16, request: &str) -> Reply {
    let started = Instant::now();
    let mut stream = match TcpStream::connect(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => return Reply::failed(format!("connect: {e}"), started),
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
    if let Err(e) = stream.write_all(request.as_bytes()) {
        return Reply::failed(format!("send: {e}"), started);
    }
    let reply = Reply::read(stream);
    Reply {
        took: started.elapsed(),
        ..reply
    }
}

/// `method path` with a bearer token (none when empty) and an optional body as
/// (content type, text).
pub(crate) fn call(
    port: u16,
    token: &str,
    method: &str,
    path: &str,
    body: Option<(&str, &str)>,
) -> Reply {
    let (content_type, body) = body.unwrap_or(("application/json", ""));
    let auth = if token.is_empty() {
        String::new()
    } else {
        format!("Authorization: Bearer {token}\r\n")
    };
    exchange(
        port,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}
