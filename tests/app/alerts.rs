//! Alerts in: Alertmanager and Grafana notifications, routing rules, the severity mapping,
//! duplicates and malformed payloads; the Idempotency-Key; /metrics.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::{Value, json};

use crate::support::TestApp;

/// One Alertmanager alert.
fn am_alert(fingerprint: &str, name: &str, status: &str, labels: Value, ends_at: &str) -> Value {
    let mut all = json!({"alertname": name});
    for (k, v) in labels.as_object().unwrap() {
        all[k] = v.clone();
    }
    json!({
        "status": status,
        "labels": all,
        "annotations": {"summary": format!("{name} on checkout"),
                        "description": "5xx ratio above 5% for 5 minutes",
                        "runbook_url": "https://runbooks.example.com/high-errors"},
        "startsAt": "2026-11-25T09:58:00Z",
        "endsAt": ends_at,
        "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=rate",
        "fingerprint": fingerprint
    })
}

/// An Alertmanager webhook (version 4) carrying `alerts`.
fn am(status: &str, alerts: Vec<Value>) -> Value {
    json!({
        "receiver": "murphy",
        "status": status,
        "alerts": alerts,
        "groupLabels": {"alertname": "HighErrorRate"},
        "commonLabels": {"alertname": "HighErrorRate"},
        "commonAnnotations": {},
        "externalURL": "http://alertmanager.example.com:9093",
        "version": "4",
        "groupKey": "{}:{alertname=\"HighErrorRate\"}",
        "truncatedAlerts": 0
    })
}

const NOT_ENDED: &str = "0001-01-01T00:00:00Z";

async fn hook(app: &TestApp, path: &str, body: &Value) -> (StatusCode, Value) {
    let r = app.send_json(Method::POST, path, body).await;
    let json = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, json)
}

async fn token_holder(app: &TestApp) -> TestApp {
    // Monitoring posts with a responder's API token.
    app.as_new(Role::Responder).await
}

#[tokio::test]
async fn a_firing_alert_opens_an_incident_once_and_resolving_sets_mitigated() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    let firing = am(
        "firing",
        vec![am_alert(
            "f1a2b3c4",
            "HighErrorRate",
            "firing",
            json!({"severity": "critical", "service": "checkout"}),
            NOT_ENDED,
        )],
    );
    let (status, body) = hook(&monitor, "/hooks/alertmanager", &firing).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["opened"], json!([1]));
    assert_eq!(body["duplicate"], false);

    let incident = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(incident["title"], "HighErrorRate on checkout");
    assert_eq!(incident["severity"], "SEV1", "critical maps to SEV1");
    assert_eq!(incident["source"], "alertmanager");
    assert_eq!(
        incident["services"],
        json!(["checkout"]),
        "created when unknown"
    );
    assert_eq!(
        incident["runbook_url"],
        "https://runbooks.example.com/high-errors"
    );
    assert_eq!(incident["impact_started_at"], "2026-11-25T09:58:00Z");
    assert!(incident["detected_at"].is_string());
    assert!(
        incident["summary"]
            .as_str()
            .unwrap()
            .starts_with("- **HighErrorRate**: 5xx ratio above 5% for 5 minutes")
    );

    let page = app.get("/incidents/1").await;
    assert_eq!(
        page.attr(".runbook-link", "href").as_deref(),
        Some("https://runbooks.example.com/high-errors")
    );
    assert_eq!(
        page.texts("#alerts-h + .alert-list li strong"),
        ["HighErrorRate"]
    );
    assert_eq!(page.texts(".details dd")[0], "Alertmanager");
    let automated: Vec<(String, bool)> = sqlx::query_as(
        "SELECT body, automated FROM timeline_entry WHERE kind IN ('alert', 'status') ORDER BY recorded_at, id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        automated,
        [
            (
                "Opened a SEV1 outage incident from Alertmanager alert(s).".to_owned(),
                true
            ),
            (
                "Alert HighErrorRate firing: HighErrorRate on checkout".to_owned(),
                true
            ),
        ]
    );

    // The very same notification again: recognised, nothing changes.
    let entries = app.count("timeline_entry").await;
    let (status, body) = hook(&monitor, "/hooks/alertmanager", &firing).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["duplicate"], true);
    assert_eq!(app.count("incident").await, 1);
    assert_eq!(app.count("timeline_entry").await, entries);

    // A later notification of the same group: the known alert is unchanged, a new one
    // joins the same incident (not groupKey: the fingerprint decides).
    let later = am(
        "firing",
        vec![
            am_alert(
                "f1a2b3c4",
                "HighErrorRate",
                "firing",
                json!({"severity": "critical", "service": "checkout"}),
                NOT_ENDED,
            ),
            am_alert(
                "d5e6f7a8",
                "HighLatency",
                "firing",
                json!({"severity": "warning", "service": "payments"}),
                NOT_ENDED,
            ),
        ],
    );
    let (_, body) = hook(&monitor, "/hooks/alertmanager", &later).await;
    assert_eq!(body["opened"], json!([]));
    assert_eq!(body["unchanged"], 1);
    assert_eq!(body["attached"], 1);
    assert_eq!(app.count("incident").await, 1);
    assert_eq!(app.count("alert").await, 2);

    // One resolves: noted, still not mitigated.
    let one = am(
        "resolved",
        vec![am_alert(
            "d5e6f7a8",
            "HighLatency",
            "resolved",
            json!({"severity": "warning"}),
            "2026-11-25T10:20:00Z",
        )],
    );
    let (_, body) = hook(&monitor, "/hooks/alertmanager", &one).await;
    assert_eq!(body["resolved"], 1);
    assert_eq!(body["mitigated"], json!([]));
    assert!(app.get("/api/v1/incidents/1").await.json()["mitigated_at"].is_null());

    // The last one resolves: the mitigated milestone is set; the status is left to people.
    let last = am(
        "resolved",
        vec![am_alert(
            "f1a2b3c4",
            "HighErrorRate",
            "resolved",
            json!({"severity": "critical"}),
            "2026-11-25T10:31:00Z",
        )],
    );
    let (_, body) = hook(&monitor, "/hooks/alertmanager", &last).await;
    assert_eq!(body["mitigated"], json!([1]));
    let incident = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(incident["status"], "investigating");
    // Never before detection: the alert ended before Murphy heard of it.
    let detected = incident["detected_at"].as_str().unwrap().to_owned();
    assert_eq!(incident["mitigated_at"].as_str().unwrap(), detected);
    let page = app.get("/incidents/1").await;
    assert!(
        page.texts(".timeline li")
            .iter()
            .any(|t| t.contains("Every alert has resolved: mitigated set to"))
    );

    // Once a person resolves the incident, the alert firing again opens a new one.
    let r = app
        .post_json("/api/v1/incidents/1/status", &json!({"status": "resolved"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut again = firing.clone();
    again["alerts"][0]["startsAt"] = json!("2026-11-26T01:00:00Z");
    let (_, body) = hook(&monitor, "/hooks/alertmanager", &again).await;
    assert_eq!(body["opened"], json!([2]));

    // The admin page lists what each notification did.
    let admin = app.get("/admin/alerts").await;
    let outcomes = admin.texts("#received tbody tr td:last-child");
    assert_eq!(outcomes.len(), 5, "the duplicate is not stored twice");
    assert!(
        outcomes.contains(&"1 unchanged; 1 attached".to_owned())
            || outcomes.contains(&"1 attached; 1 unchanged".to_owned()),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&"1 resolved; mitigated INC-1".to_owned()),
        "{outcomes:?}"
    );
}

#[tokio::test]
async fn grafana_notifications_open_incidents_too() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    // A Grafana 10 unified-alerting webhook, as sent.
    let grafana = json!({
        "receiver": "murphy",
        "status": "firing",
        "orgId": 1,
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "DiskFull", "grafana_folder": "Infra", "host": "db-1",
                       "severity": "high", "service": "Postgres"},
            "annotations": {"summary": "Disk on db-1 is 95% full"},
            "startsAt": "2026-11-26T08:00:00+01:00",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "https://grafana.example.com/alerting/grafana/abc/view",
            "fingerprint": "0a1b2c3d4e5f6071",
            "silenceURL": "https://grafana.example.com/alerting/silence/new",
            "dashboardURL": "", "panelURL": "",
            "values": {"B": 95.1, "C": 1},
            "valueString": "[ var='B' labels={host=db-1} value=95.1 ]"
        }],
        "groupLabels": {"alertname": "DiskFull"},
        "commonLabels": {"alertname": "DiskFull"},
        "commonAnnotations": {},
        "externalURL": "https://grafana.example.com/",
        "version": "1",
        "groupKey": "{}:{alertname=\"DiskFull\"}",
        "truncatedAlerts": 0,
        "title": "[FIRING:1] DiskFull Infra",
        "state": "alerting",
        "message": "**Firing**"
    });
    let (status, body) = hook(&monitor, "/hooks/grafana", &grafana).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["opened"], json!([1]));
    let incident = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(incident["title"], "Disk on db-1 is 95% full");
    assert_eq!(incident["severity"], "SEV2");
    assert_eq!(incident["source"], "grafana");
    assert_eq!(incident["services"], json!(["Postgres"]));
    assert_eq!(incident["impact_started_at"], "2026-11-26T07:00:00Z");

    // Resolved, from Grafana.
    let mut resolved = grafana.clone();
    resolved["status"] = json!("resolved");
    resolved["alerts"][0]["status"] = json!("resolved");
    resolved["alerts"][0]["endsAt"] = json!("2026-11-26T08:30:00+01:00");
    let (_, body) = hook(&monitor, "/hooks/grafana", &resolved).await;
    assert_eq!(body["mitigated"], json!([1]));
}

#[tokio::test]
async fn malformed_payloads_get_400_and_write_nothing() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    let cases = [
        (
            json!({"version": "4"}),
            "alerts",
            "The notification has no \"alerts\" list.",
        ),
        (
            json!({"version": "3", "alerts": [{"status": "firing", "labels": {}, "startsAt": "2026-11-26T10:00:00Z", "fingerprint": "x"}]}),
            "version",
            "Only Alertmanager webhook version \"4\" is understood.",
        ),
        (
            am(
                "firing",
                vec![
                    json!({"status": "on fire", "labels": {}, "startsAt": "now", "fingerprint": "x"}),
                ],
            ),
            "alerts[0].status",
            "The status is \"firing\" or \"resolved\".",
        ),
        (
            am(
                "firing",
                vec![json!({"status": "firing", "labels": {}, "startsAt": "2026-11-26T10:00:00Z"})],
            ),
            "alerts[0].fingerprint",
            "Each alert needs its fingerprint.",
        ),
    ];
    for (body, field, message) in cases {
        let r = monitor
            .send_json(Method::POST, "/hooks/alertmanager", &body)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert_eq!(r.header("content-type"), "application/problem+json");
        let problem = r.json();
        let found = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == field && e["message"] == message);
        assert!(found, "{field}: {problem}");
    }
    let r = monitor
        .raw(
            axum::http::Request::post("/hooks/alertmanager")
                .header(
                    "authorization",
                    format!("Bearer {}", monitor.who.as_ref().unwrap().token),
                )
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("alert_notification").await, 0);
    assert_eq!(app.count("incident").await, 0);
    assert_eq!(app.count("service").await, 0);

    // Viewers' tokens and no token at all are refused.
    let viewer = app.as_new(Role::Viewer).await;
    let ok = am(
        "firing",
        vec![am_alert("a", "X", "firing", json!({}), NOT_ENDED)],
    );
    assert_eq!(
        viewer
            .send_json(Method::POST, "/hooks/alertmanager", &ok)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.anonymous()
            .send_json(Method::POST, "/hooks/alertmanager", &ok)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn routing_rules_and_the_severity_mapping_are_the_admins_to_edit() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    // Staging alerts are dropped; anything from the security team is a security incident.
    for (name, matchers, action, kind) in [
        ("Staging noise", "env=\"staging\"", "ignore", ""),
        ("Security team", "team=~\"sec(urity)?\"", "open", "security"),
    ] {
        let r = app
            .post_form(
                "/admin/alerts/routes",
                &[
                    ("name", name),
                    ("matchers", matchers),
                    ("action", action),
                    ("kind", kind),
                ],
            )
            .await;
        assert_eq!(
            app.follow(&r).await.text(".flash"),
            format!("Rule \"{name}\" added after the others.")
        );
    }
    let bad = app
        .post_form(
            "/admin/alerts/routes",
            &[
                ("name", ""),
                ("matchers", "team=~\"(\""),
                ("action", "open"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.field_error("name"), "Name is required.");
    assert_eq!(
        bad.field_error("matchers"),
        "\"(\" is not a regular expression."
    );

    let r = app
        .post_form(
            "/admin/alerts/severity",
            &[("label_value", "Disaster"), ("severity", "SEV1")],
        )
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Alerts labelled severity=\"disaster\" now file as SEV1."
    );
    let page = app.get("/admin/alerts").await;
    assert_eq!(
        page.texts("#rules li strong"),
        ["Staging noise", "Security team"]
    );

    let body = am(
        "firing",
        vec![
            am_alert(
                "s1",
                "StagingDown",
                "firing",
                json!({"env": "staging"}),
                NOT_ENDED,
            ),
            am_alert(
                "s2",
                "LoginBruteForce",
                "firing",
                json!({"team": "sec", "severity": "DISASTER"}),
                NOT_ENDED,
            ),
        ],
    );
    let (_, outcome) = hook(&monitor, "/hooks/alertmanager", &body).await;
    assert_eq!(outcome["ignored"], 1);
    assert_eq!(outcome["opened"], json!([1]));
    let incident = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(incident["kind"], "security");
    assert_eq!(incident["severity"], "SEV1");
    assert_eq!(
        incident["restricted"], true,
        "security incidents start restricted"
    );
    assert_eq!(app.count("alert").await, 1);

    // Unknown values fall back to `*` (SEV3 unless changed).
    let (_, outcome) = hook(
        &monitor,
        "/hooks/alertmanager",
        &am(
            "firing",
            vec![am_alert(
                "u1",
                "Odd",
                "firing",
                json!({"severity": "meh"}),
                NOT_ENDED,
            )],
        ),
    )
    .await;
    let n = outcome["opened"][0].as_i64().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/incidents/{n}")).await.json()["severity"],
        "SEV3"
    );
    assert_eq!(
        monitor.get("/admin/alerts").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_idempotency_key_makes_filing_safe_to_retry() {
    let app = TestApp::new().await;
    let body = json!({"title": "Checkout down", "kind": "outage", "severity": "SEV1"});
    let send = |key: &'static str, body: Value| {
        let app = &app;
        async move {
            app.raw(
                axum::http::Request::post("/api/v1/incidents")
                    .header(
                        "authorization",
                        format!("Bearer {}", app.who.as_ref().unwrap().token),
                    )
                    .header("content-type", "application/json")
                    .header("idempotency-key", key)
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
        }
    };
    let first = send("retry-7f3a", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = send("retry-7f3a", body.clone()).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.location(), "/api/v1/incidents/1");
    assert_eq!(again.json(), first.json());
    assert_eq!(app.count("incident").await, 1);

    let other = send(
        "retry-7f3a",
        json!({"title": "Other", "kind": "outage", "severity": "SEV2"}),
    )
    .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other.json()["detail"],
        "This Idempotency-Key was already used for a different request."
    );
    let fresh = send("another-key", body.clone()).await;
    assert_eq!(fresh.json()["number"], 2);
    // Without a key, every request files.
    app.post_json("/api/v1/incidents", &body).await;
    app.post_json("/api/v1/incidents", &body).await;
    assert_eq!(app.count("incident").await, 4);
    let bad = send("has space", body).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// One sample: metric name, labels, value.
type Sample = (String, Vec<(String, String)>, f64);

/// Checks every line of a Prometheus text exposition and returns its samples.
fn parse_prometheus(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut typed = std::collections::HashMap::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let parts: Vec<&str> = rest.splitn(3, ' ').collect();
            assert!(matches!(parts[0], "HELP" | "TYPE"), "comment: {line}");
            if parts[0] == "TYPE" {
                assert!(
                    matches!(
                        parts[2],
                        "counter" | "gauge" | "histogram" | "summary" | "untyped"
                    ),
                    "{line}"
                );
                typed.insert(parts[1].to_owned(), parts[2].to_owned());
            }
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("value: {line}"));
        let (name, labels) = match series.split_once('{') {
            Some((name, rest)) => {
                let inner = rest
                    .strip_suffix('}')
                    .unwrap_or_else(|| panic!("labels: {line}"));
                let mut labels = Vec::new();
                let mut chars = inner.chars().peekable();
                while chars.peek().is_some() {
                    let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
                    assert_eq!(chars.next(), Some('"'), "{line}");
                    let mut val = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => val.push(chars.next().unwrap()),
                            '"' => break,
                            c => val.push(c),
                        }
                    }
                    assert!(
                        key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                        "{line}"
                    );
                    labels.push((key, val));
                    if chars.peek() == Some(&',') {
                        chars.next();
                    }
                }
                (name.to_owned(), labels)
            }
            None => (series.to_owned(), Vec::new()),
        };
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s).filter(|f| typed.contains_key(*f)))
            .unwrap_or(&name);
        assert!(typed.contains_key(family), "no TYPE for {name}");
        samples.push((name, labels, value));
    }
    samples
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    app.incident(json!({"title": "A", "kind": "outage", "severity": "SEV2"}))
        .await;
    app.get("/incidents/1").await;
    app.get("/incidents/1").await;
    hook(
        &monitor,
        "/hooks/alertmanager",
        &am(
            "firing",
            vec![am_alert(
                "m1",
                "X",
                "firing",
                json!({"severity": "info"}),
                NOT_ENDED,
            )],
        ),
    )
    .await;
    monitor
        .send_json(Method::POST, "/hooks/alertmanager", &json!({}))
        .await;

    let r = monitor.get("/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-type"),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let samples = parse_prometheus(&r.body);
    let value = |name: &str, want: &[(&str, &str)]| {
        samples
            .iter()
            .find(|(n, labels, _)| {
                n == name
                    && want
                        .iter()
                        .all(|(k, v)| labels.iter().any(|(lk, lv)| lk == k && lv == v))
            })
            .map(|s| s.2)
    };
    assert_eq!(
        value(
            "murphy_http_requests_total",
            &[
                ("route", "/incidents/{number}"),
                ("method", "GET"),
                ("status", "200")
            ]
        ),
        Some(2.0)
    );
    assert_eq!(
        value(
            "murphy_http_request_duration_seconds_count",
            &[("route", "/incidents/{number}")]
        ),
        Some(2.0)
    );
    assert_eq!(
        value(
            "murphy_alert_notifications_total",
            &[("source", "alertmanager"), ("outcome", "accepted")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            "murphy_alert_notifications_total",
            &[("source", "alertmanager"), ("outcome", "invalid")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value("murphy_open_incidents", &[("severity", "SEV2")]),
        Some(1.0)
    );
    assert_eq!(
        value("murphy_open_incidents", &[("severity", "SEV4")]),
        Some(1.0)
    );
    assert_eq!(
        value("murphy_open_incidents", &[("severity", "SEV1")]),
        Some(0.0)
    );
    assert_eq!(
        value("murphy_webhook_deliveries", &[("state", "pending")]),
        Some(0.0)
    );
    assert!(value("murphy_db_pool_max_connections", &[]).unwrap() >= 1.0);
    assert_eq!(
        app.anonymous().get("/metrics").await.status,
        StatusCode::SEE_OTHER
    );
}

/// An alert's fingerprint never reaches a restricted incident its sender may not see. The
/// monitoring account that opened a security incident (restricted from the start) keeps
/// updating it; another responder's token posting the same fingerprint, firing or
/// resolved, or replaying the same notification, neither changes it nor learns it exists:
/// they get what they would get if it did not.
#[tokio::test]
async fn alerts_never_reach_or_reveal_restricted_incidents_outside_the_senders_view() {
    let app = TestApp::new().await;
    let monitor = token_holder(&app).await;
    let snoop = token_holder(&app).await;
    let breach = |status: &str, ends_at: &str| {
        am(
            status,
            vec![am_alert(
                "sec-1",
                "LoginBruteForce",
                status,
                json!({"team": "sec", "severity": "critical"}),
                ends_at,
            )],
        )
    };
    let firing = breach("firing", NOT_ENDED);
    let (status, opened) = hook(&monitor, "/hooks/alertmanager", &firing).await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(opened["opened"], json!([1]));
    sqlx::query("UPDATE incident SET restricted = true WHERE number = 1")
        .execute(&app.db)
        .await
        .unwrap();

    // The same body from someone else is not a "duplicate" of what they never sent: it is
    // their own notification, and opens their own incident.
    let (status, theirs) = hook(&snoop, "/hooks/alertmanager", &firing).await;
    assert_eq!(status, StatusCode::OK, "{theirs}");
    assert_eq!(theirs["duplicate"], false);
    assert_eq!(
        theirs["opened"],
        json!([2]),
        "not attached to INC-1: {theirs}"
    );
    assert_eq!(theirs["attached"], 0);

    // Resolving it resolves theirs, and says nothing of INC-1.
    let resolved = breach("resolved", "2026-11-25T10:30:00Z");
    let (_, answer) = hook(&snoop, "/hooks/alertmanager", &resolved).await;
    assert_eq!(answer["mitigated"], json!([2]), "{answer}");
    let restricted = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(restricted["restricted"], true);
    assert_eq!(restricted["mitigated_at"], Value::Null, "INC-1 untouched");
    let alerts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM alert a JOIN incident i ON i.id = a.incident_id WHERE i.number = 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(alerts, 1);
    assert_eq!(
        snoop.get("/api/v1/incidents/1").await.status,
        StatusCode::NOT_FOUND
    );

    // The account that opened it still sees and updates it.
    let (_, answer) = hook(&monitor, "/hooks/alertmanager", &resolved).await;
    assert_eq!(answer["mitigated"], json!([1]), "{answer}");
    assert!(app.get("/api/v1/incidents/1").await.json()["mitigated_at"].is_string());
}
