//! What webhook deliveries promise: two Murphy instances never send one delivery at the same
//! time, a change rolled back queues nothing, every event reaches a receiver, and `/metrics`
//! (scraped with an API token, as the README says) counts the attempts.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use murphy::AppState;
use murphy::domain::destination::Destinations;
use murphy::domain::person::Role;
use murphy::domain::webhook::Event;
use murphy::runtime::webhook_sender::deliver_due;
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::support::TestApp;
use crate::webhooks::check_signature;

/// A receiver that holds every request until it is opened: (delivery id, event) of each
/// request as it arrives.
#[derive(Clone)]
struct Gate {
    arrived: Arc<Mutex<Vec<(String, String)>>>,
    bodies: Arc<Mutex<Vec<crate::webhooks::Received>>>,
    open: watch::Sender<bool>,
    port: u16,
}

impl Gate {
    async fn start(open: bool) -> Gate {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gate = Gate {
            arrived: Arc::default(),
            bodies: Arc::default(),
            open: watch::Sender::new(open),
            port: listener.local_addr().unwrap().port(),
        };
        let shared = gate.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let gate = shared.clone();
                async move {
                    let value = |name: &str| headers[name].to_str().unwrap().to_owned();
                    gate.arrived
                        .lock()
                        .unwrap()
                        .push((value("murphy-delivery"), value("murphy-event")));
                    gate.bodies
                        .lock()
                        .unwrap()
                        .push(crate::webhooks::Received { headers, body });
                    let mut open = gate.open.subscribe();
                    let _ = open.wait_for(|o| *o).await;
                    StatusCode::OK
                }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        gate
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    fn arrived(&self) -> Vec<(String, String)> {
        self.arrived.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `n` requests have arrived.
    async fn until_arrived(&self, n: usize) {
        for _ in 0..200 {
            if self.arrived().len() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} requests arrived, not {n}", self.arrived().len());
    }
}

/// A webhook for `events` (every event when empty) to `url`, with secret `whsec_test`.
async fn webhook(app: &TestApp, url: &str, events: &[Event]) {
    let events: Vec<&str> = if events.is_empty() {
        Event::ALL.iter().map(|e| e.as_str()).collect()
    } else {
        events.iter().map(|e| e.as_str()).collect()
    };
    sqlx::query(
        "INSERT INTO webhook (id, name, url, secret, events) VALUES
         (gen_random_uuid(), 'Receiver', $1, 'whsec_test', $2)",
    )
    .bind(url)
    .bind(&events)
    .execute(&app.db)
    .await
    .unwrap();
}

/// Another Murphy instance on the same database: its own pool, its own sender.
async fn another_instance(app: &TestApp) -> AppState {
    let pool = murphy::database::pool(&app.url, 4).await.unwrap();
    AppState::new(pool).with_webhook_destinations(Destinations::parse("127.0.0.1").unwrap())
}

#[tokio::test]
async fn two_instances_never_send_one_delivery_at_once() {
    let app = TestApp::new().await;
    let gate = Gate::start(false).await;
    webhook(&app, &gate.url(), &[Event::IncidentCreated]).await;
    app.incident(json!({"title": "Held", "kind": "outage", "severity": "SEV2"}))
        .await;
    let first = app.state.clone();
    let second = another_instance(&app).await;

    // The first instance is sending it (the receiver holds the request): the second finds
    // nothing to send.
    let sending = tokio::spawn(async move { deliver_due(&first).await.unwrap() });
    gate.until_arrived(1).await;
    assert_eq!(deliver_due(&second).await.unwrap(), 0);
    gate.open.send_replace(true);
    assert_eq!(sending.await.unwrap(), 1);
    assert_eq!(deliver_due(&second).await.unwrap(), 0, "delivered already");
    assert_eq!(gate.arrived().len(), 1);

    // Thirty at once, both instances sending together: each exactly once.
    for n in 0..30 {
        app.incident(json!({"title": format!("Burst {n}"), "kind": "outage", "severity": "SEV4"}))
            .await;
    }
    let first = app.state.clone();
    let (a, b) = tokio::join!(deliver_due(&first), deliver_due(&second));
    assert_eq!(a.unwrap() + b.unwrap(), 30);
    let arrived = gate.arrived();
    let ids: BTreeSet<&String> = arrived.iter().map(|(id, _)| id).collect();
    assert_eq!(arrived.len(), 31, "one request per delivery");
    assert_eq!(ids.len(), 31);
    let (delivered, attempts): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE state = 'delivered'),
                (SELECT count(*) FROM webhook_attempt)
         FROM webhook_delivery",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((delivered, attempts), (31, 31));
}

#[tokio::test]
async fn a_change_rolled_back_queues_no_delivery() {
    let app = TestApp::new().await;
    let gate = Gate::start(true).await;
    webhook(&app, &gate.url(), &[]).await;
    // The incident's transaction fails at its very end, at commit: after the delivery was
    // queued in it.
    sqlx::raw_sql(
        "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
         CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON incident
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit();",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let audited = app.count("audit_event").await;
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "Never filed", "kind": "outage", "severity": "SEV1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert!(!r.body.contains("refused at commit"), "{}", r.body);
    assert_eq!(app.count("incident").await, 0);
    assert_eq!(app.count("webhook_delivery").await, 0);
    assert_eq!(app.count("audit_event").await, audited);
    assert_eq!(deliver_due(&app.state).await.unwrap(), 0);
    assert!(gate.arrived().is_empty());

    // Committed, it is queued and sent.
    sqlx::raw_sql("DROP TRIGGER refuse_at_commit ON incident")
        .execute(&app.db)
        .await
        .unwrap();
    app.incident(json!({"title": "Filed", "kind": "outage", "severity": "SEV1"}))
        .await;
    assert_eq!(deliver_due(&app.state).await.unwrap(), 1);
    assert_eq!(gate.arrived()[0].1, "incident.created");
}

#[tokio::test]
async fn every_event_reaches_a_receiver() {
    let app = TestApp::new().await;
    let gate = Gate::start(true).await;
    webhook(&app, &gate.url(), &[]).await;
    let reviewer = app.as_new(Role::Responder).await;
    let reviewer_email = reviewer.who.as_ref().unwrap().person.email.clone();

    app.incident(json!({"title": "Checkout down", "kind": "outage", "severity": "SEV2"}))
        .await;
    let ok = |r: &crate::support::TestResponse| {
        assert!(r.status.is_success(), "{}", r.body);
    };
    ok(&app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1, "severity": "SEV1"}),
        )
        .await);
    ok(&app
        .post_json(
            "/api/v1/incidents/1/roles",
            &json!({"role": "ic", "person": "admin@example.com"}),
        )
        .await);
    ok(&app
        .post_json(
            "/api/v1/incidents/1/updates",
            &json!({"audience": "public", "status": "We are on it."}),
        )
        .await);
    ok(&app
        .post_json("/api/v1/incidents/1/status", &json!({"status": "resolved"}))
        .await);
    // The post-mortem: written, an action item, reviewed, approved, published.
    let doc = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await
        .json();
    ok(&app
        .post_json(
            "/api/v1/incidents/1/postmortem/action-items",
            &json!({"title": "Add a canary stage", "priority": "p2", "type": "prevent",
                    "due_on": "2099-01-01", "owner": reviewer_email}),
        )
        .await);
    let sections: serde_json::Map<String, Value> = murphy::domain::postmortem::Template::sre()
        .sections
        .iter()
        .map(|s| {
            (
                s.key.clone(),
                json!({"text": format!("The {} of it.", s.key)}),
            )
        })
        .collect();
    let saved = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/1/postmortem",
            &json!({"revision": doc["revision"], "sections": sections}),
        )
        .await;
    ok(&saved);
    let revision = saved.json()["revision"].clone();
    ok(&app
        .post_json(
            "/api/v1/incidents/1/postmortem/review",
            &json!({"reviewers": [reviewer_email]}),
        )
        .await);
    ok(&reviewer
        .post_json(
            "/api/v1/incidents/1/postmortem/approve",
            &json!({"revision": revision}),
        )
        .await);
    ok(&app
        .post_json("/api/v1/incidents/1/postmortem/publish", &json!({}))
        .await);

    deliver_due(&app.state).await.unwrap();
    let bodies = gate.bodies.lock().unwrap().clone();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for r in &bodies {
        check_signature(r, "whsec_test");
        let event = r.headers["murphy-event"].to_str().unwrap().to_owned();
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["event"], event.as_str(), "{}", r.body);
        *seen.entry(event).or_default() += 1;
    }
    let every: BTreeMap<String, usize> = Event::ALL
        .iter()
        .map(|e| (e.as_str().to_owned(), 1))
        .collect();
    assert_eq!(seen, every, "each event once");
}

#[tokio::test]
async fn metrics_scraped_with_a_token_count_the_attempts() {
    let app = TestApp::new().await;
    let gate = Gate::start(true).await;
    webhook(&app, &gate.url(), &[Event::IncidentCreated]).await;
    let token = app.who.as_ref().unwrap().token.clone();
    let scrape = || async {
        let r = app
            .anonymous()
            .request(
                Request::get("/metrics")
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
            .lines()
            .filter(|l| l.starts_with("murphy_webhook_"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    app.incident(json!({"title": "Counted", "kind": "outage", "severity": "SEV2"}))
        .await;
    assert_eq!(
        scrape().await,
        [
            "murphy_webhook_deliveries{state=\"failed\"} 0",
            "murphy_webhook_deliveries{state=\"pending\"} 1",
        ]
    );
    assert_eq!(deliver_due(&app.state).await.unwrap(), 1);
    assert_eq!(
        scrape().await,
        [
            "murphy_webhook_attempts_total{outcome=\"delivered\"} 1",
            "murphy_webhook_deliveries{state=\"failed\"} 0",
            "murphy_webhook_deliveries{state=\"pending\"} 0",
        ]
    );
}
