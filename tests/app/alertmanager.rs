//! A real Prometheus Alertmanager (Debian's package) pointed at a running Murphy: a firing
//! alert opens an incident, the same alert again does not open a second, and the resolved
//! notification sets the mitigated milestone.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::embedded::create_token;
use crate::served::Served;
use crate::support::{TestApp, scratch_dir};

const BINARY: &str = "/usr/bin/prometheus-alertmanager";

struct Alertmanager(Child);

impl Drop for Alertmanager {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Alertmanager on a port of its choosing: (the process, the port it says it listens on).
fn start_alertmanager(dir: &Path, murphy_port: u16, token: &str) -> (Alertmanager, u16) {
    let config = format!(
        r#"route:
  receiver: murphy
  group_by: ['service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: murphy
    webhook_configs:
      - url: http://127.0.0.1:{murphy_port}/hooks/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: {token}
"#
    );
    let file = dir.join("alertmanager.yml");
    std::fs::write(&file, config).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let log_file = dir.join("alertmanager.log");
    let log = std::fs::File::create(&log_file).unwrap();
    let child = Command::new(BINARY)
        .arg(format!("--config.file={}", file.display()))
        .arg(format!("--storage.path={}", dir.join("data").display()))
        .arg("--web.listen-address=127.0.0.1:0")
        .arg("--cluster.listen-address=")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut am = Alertmanager(child);
    // `level=info msg="Listening on" address=127.0.0.1:PORT`
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let log = std::fs::read_to_string(&log_file).unwrap_or_default();
        let port = log
            .lines()
            .filter(|l| l.contains("msg=\"Listening on\""))
            .find_map(|l| l.rsplit_once("address=127.0.0.1:")?.1.trim().parse().ok());
        if let Some(port) = port {
            return (am, port);
        }
        assert!(
            matches!(am.0.try_wait(), Ok(None)) && Instant::now() < deadline,
            "Alertmanager did not say where it listens:\n{log}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn wait_until<F, Fut>(what: &str, seconds: u64, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn alert(name: &str, ends_at: Option<&str>) -> Value {
    let starts =
        murphy::domain::time::rfc3339(time::OffsetDateTime::now_utc() - time::Duration::minutes(2));
    let mut a = json!({
        "labels": {"alertname": name, "severity": "critical", "service": "checkout"},
        "annotations": {"summary": format!("{name} on checkout")},
        "startsAt": starts,
        "generatorURL": "http://prometheus.example.com/graph"
    });
    if let Some(e) = ends_at {
        a["endsAt"] = json!(e);
    }
    a
}

#[tokio::test]
async fn a_real_alertmanager_opens_attaches_and_mitigates() {
    if !Path::new(BINARY).exists() {
        assert!(
            std::env::var_os("MURPHY_REQUIRE_TOOLS").is_none(),
            "MURPHY_REQUIRE_TOOLS is set but prometheus-alertmanager is not installed"
        );
        eprintln!("skipped: apt-get install prometheus-alertmanager");
        return;
    }
    let app = TestApp::new().await;
    let dir = scratch_dir();
    let murphy = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_murphy"));
        cmd.env("DATABASE_URL", &app.url)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null());
        cmd
    };
    let token = create_token(&mut murphy(), "admin@example.com");
    let server = Served::start(murphy());
    let (_am, am_port) = start_alertmanager(&dir, server.port, &token);
    let client = murphy::runtime::webhook_sender::client(std::sync::Arc::new(
        murphy::domain::destination::Destinations::parse("127.0.0.1").unwrap(),
    ));
    let api = format!("http://127.0.0.1:{am_port}/api/v2/alerts");
    wait_until("Alertmanager is ready", 30, || {
        let client = client.clone();
        async move {
            client
                .get(format!("http://127.0.0.1:{am_port}/-/ready"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
    let post = |alerts: Value| {
        let client = client.clone();
        let api = api.clone();
        async move {
            let r = client.post(&api).json(&alerts).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
        }
    };

    // Firing: an incident opens.
    post(json!([alert("HighErrorRate", None)])).await;
    let db = app.db.clone();
    wait_until("the alert opens an incident", 30, || {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM incident WHERE source = 'alertmanager'",
            )
            .fetch_one(&db)
            .await
            .unwrap()
                == 1
        }
    })
    .await;

    // The same alert again, and a second one in the same group: still one incident, now
    // tracking both.
    post(json!([
        alert("HighErrorRate", None),
        alert("HighLatency", None)
    ]))
    .await;
    wait_until("the second alert attaches", 30, || {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM alert")
                .fetch_one(&db)
                .await
                .unwrap()
                == 2
        }
    })
    .await;
    // Alertmanager re-sends the group meanwhile; nothing more opens.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(app.count("incident").await, 1);

    // Both resolve: Alertmanager sends the resolved notification; mitigated is set.
    let now = murphy::domain::time::rfc3339(time::OffsetDateTime::now_utc());
    post(json!([
        alert("HighErrorRate", Some(&now)),
        alert("HighLatency", Some(&now))
    ]))
    .await;
    wait_until("the resolved notification sets mitigated", 60, || {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, bool>(
                "SELECT mitigated_at IS NOT NULL FROM incident WHERE number = 1",
            )
            .fetch_one(&db)
            .await
            .unwrap()
        }
    })
    .await;
    let (status, severity, services): (String, String, Vec<String>) = sqlx::query_as(
        "SELECT i.status, i.severity,
                ARRAY(SELECT s.name FROM incident_service x JOIN service s ON s.id = x.service_id
                      WHERE x.incident_id = i.id)
         FROM incident i WHERE number = 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(status, "investigating", "a person resolves it");
    assert_eq!(severity, "SEV1");
    assert_eq!(services, ["checkout"]);
    assert_eq!(app.count("incident").await, 1);
    let (status, log) = server.stop();
    assert!(status.success(), "{log}");
}
