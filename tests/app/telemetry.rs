//! Murphy's own logs: JSON lines, with the request id on each request's lines.

use std::process::Command;

use serde_json::Value;

use crate::served::{Served, exchange};
use crate::support::TestApp;

#[tokio::test]
async fn logs_are_json_lines_carrying_request_ids() {
    let app = TestApp::new().await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_murphy"));
    cmd.env("DATABASE_URL", &app.url)
        .env("MURPHY_LOG_FORMAT", "json")
        .env("RUST_LOG", "murphy=info,tower_http=info");
    let child = Served::start(cmd);
    let port = child.port;
    let reply = exchange(
        port,
        "GET /incidents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         x-request-id: trace-me-42\r\n\r\n",
    );
    assert_eq!(reply.header("x-request-id"), Some("trace-me-42"));
    let (_, text) = child.stop();
    let lines: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    assert!(lines.iter().any(|l| {
        l["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Murphy is serving"))
    }));
    let traced: Vec<&Value> = lines
        .iter()
        .filter(|l| l["span"]["request_id"] == "trace-me-42")
        .collect();
    assert!(!traced.is_empty(), "{text}");
    assert_eq!(traced[0]["span"]["path"], "/incidents");
}
