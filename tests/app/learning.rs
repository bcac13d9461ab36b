//! Searching what was learned: published post-mortems found by their words, ranked, with
//! highlighted passages, filters, pages, and the visibility rule.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::TestApp;
use murphy::domain::person::Role;

/// Files an incident, writes its post-mortem's summary and root causes, adds action items,
/// and publishes it (marked published in the database: the review is tested elsewhere).
async fn published(
    app: &TestApp,
    incident: Value,
    summary: &str,
    causes: &str,
    actions: &[&str],
) -> i64 {
    let filed = app.incident(incident).await;
    let number = filed["number"].as_i64().unwrap();
    let doc = app
        .post_json(
            &format!("/api/v1/incidents/{number}/postmortem"),
            &json!({}),
        )
        .await
        .json();
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/incidents/{number}/postmortem"),
            &json!({"revision": doc["revision"], "sections": {
                "summary": {"text": summary}, "root_causes": {"text": causes}}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for title in actions {
        let r = app
            .post_json(
                &format!("/api/v1/incidents/{number}/postmortem/action-items"),
                &json!({"title": title, "priority": "p2", "type": "prevent"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    sqlx::query(
        "UPDATE postmortem SET state = 'published', published_at = now()
         WHERE incident_id = (SELECT id FROM incident WHERE number = $1)",
    )
    .bind(number)
    .execute(&app.db)
    .await
    .unwrap();
    number
}

fn numbers(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["incident"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn published_post_mortems_are_found_by_their_words() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let canary = published(
        &app,
        json!({"title": "Checkout rejects cards", "kind": "outage", "severity": "SEV1",
               "services": ["checkout"]}),
        "A config push skipped the canary stage.",
        "No canary stage for config pushes; the canary would have caught the bad config.",
        &["Add a canary stage to config pushes"],
    )
    .await;
    let pool = published(
        &app,
        json!({"title": "Search is slow", "kind": "degradation", "severity": "SEV3"}),
        "The connection pool ran dry under a retry storm.",
        "Retries without backoff; one mention of a canary in passing.",
        &[],
    )
    .await;
    let via_action = published(
        &app,
        json!({"title": "Ledger lag", "kind": "degradation", "severity": "SEV2"}),
        "Replication fell behind.",
        "A long vacuum <script>alert(1)</script> held the replica.",
        &["Alert on replica lag", "Write a canary for ledger writes"],
    )
    .await;
    // A draft is not found, nor is what it says.
    app.incident(json!({"title": "Draft only", "kind": "outage", "severity": "SEV4"}))
        .await;
    app.post_json("/api/v1/incidents/4/postmortem", &json!({}))
        .await;

    // Ranked: the one about canaries first; the action item alone still finds the third.
    let found = app.get("/api/v1/postmortems?q=canary").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let found = found.json();
    assert_eq!(numbers(&found)[0], canary, "{found}");
    assert_eq!(
        {
            let mut n = numbers(&found);
            n.sort();
            n
        },
        [canary, pool, via_action]
    );
    let first = &found["items"][0];
    // The sections in order (detection, root causes, summary), paragraph breaks as spaces,
    // every form of the word marked.
    assert_eq!(
        first["passage_html"],
        "Time to detect: 0 s. No <mark>canary</mark> stage for config pushes; the <mark>canary</mark> would have \
         caught the bad config. A config push skipped the <mark>canary</mark> stage."
    );
    assert_eq!(
        first["passage"],
        "Time to detect: 0 s. No canary stage for config pushes; the canary would have caught the bad config. \
         A config push skipped the canary stage."
    );
    let third = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["incident"] == via_action)
        .unwrap();
    assert_eq!(
        third["matching_actions"],
        json!(["Write a canary for ledger writes"])
    );

    // Words in every section, stemmed; phrases; exclusions; filters.
    assert_eq!(
        numbers(&app.get("/api/v1/postmortems?q=retries").await.json()),
        [pool]
    );
    assert_eq!(
        numbers(
            &app.get("/api/v1/postmortems?q=%22connection+pool%22")
                .await
                .json()
        ),
        [pool]
    );
    assert_eq!(
        numbers(&app.get("/api/v1/postmortems?q=canary+-retry").await.json()).len(),
        2
    );
    assert_eq!(
        numbers(
            &app.get("/api/v1/postmortems?q=canary&service=Checkout")
                .await
                .json()
        ),
        [canary]
    );
    assert_eq!(
        numbers(
            &app.get("/api/v1/postmortems?q=canary&kind=degradation")
                .await
                .json()
        )
        .len(),
        2
    );
    assert_eq!(
        numbers(&app.get("/api/v1/postmortems?q=draft").await.json()),
        Vec::<i64>::new()
    );
    let bad = app
        .get("/api/v1/postmortems?kind=meteor&from=soon&after=x")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Without words: newest first, in pages that follow `next`.
    let mut all = Vec::new();
    let mut next = Some("/api/v1/postmortems".to_owned());
    while let Some(url) = next {
        let page = app.get(&url).await.json();
        all.extend(numbers(&page));
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(all, [via_action, pool, canary]);

    // The page: highlighted passages, escaped text, the filters kept.
    let page = app.get("/postmortems?q=vacuum").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".learned-item h2"), ["INC-3 · Ledger lag"]);
    assert_eq!(page.texts(".passage mark"), ["vacuum"]);
    // The words are shown as text, never as markup.
    assert!(page.text(".passage").contains("alert(1)"));
    assert!(page.texts(".passage script").is_empty());
    assert!(!page.body.contains("<script>alert(1)"));
    assert_eq!(
        page.attr(".learn-search input[name=q]", "value").as_deref(),
        Some("vacuum")
    );
    let none = app.get("/postmortems?q=kubernetes").await;
    assert_eq!(none.text(".empty-state h2"), "Nothing found");
}

#[tokio::test]
async fn restricted_post_mortems_are_found_only_by_those_who_may_see_them() {
    let app = TestApp::new().await;
    published(
        &app,
        json!({"title": "Payroll leak", "kind": "security", "severity": "SEV1", "restricted": true}),
        "An export bucket was public.",
        "The bucket policy allowed public reads.",
        &[],
    )
    .await;
    assert_eq!(
        numbers(&app.get("/api/v1/postmortems?q=bucket").await.json()),
        [1]
    );
    let viewer = app.as_new(Role::Viewer).await;
    assert_eq!(
        numbers(&viewer.get("/api/v1/postmortems?q=bucket").await.json()),
        Vec::<i64>::new()
    );
    assert!(
        viewer
            .get("/postmortems")
            .await
            .texts(".learned-item")
            .is_empty()
    );
}

#[tokio::test]
async fn portuguese_is_found_without_its_accents_and_by_its_stems() {
    let app = TestApp::new().await;
    let filed = app
        .incident(
            json!({"title": "Falha na configuração do balanceador", "kind": "outage",
                         "severity": "SEV2", "summary": "As conexões caíram."}),
        )
        .await;
    let number = filed["number"].as_i64().unwrap();
    let doc = app
        .post_json(
            &format!("/api/v1/incidents/{number}/postmortem"),
            &json!({"language": "pt-BR"}),
        )
        .await
        .json();
    assert_eq!(doc["language"], "pt-BR");
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/incidents/{number}/postmortem"),
            &json!({"revision": doc["revision"], "sections": {
                "summary": {"text": "Uma mudança de configuração derrubou as conexões do banco."},
                "root_causes": {"text": "Faltava validação da configuração antes do deploy."}}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    sqlx::query("UPDATE postmortem SET state = 'published', published_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    let english = published(
        &app,
        json!({"title": "Disk full", "kind": "outage", "severity": "SEV3"}),
        "The configuration disk filled up.",
        "Logs were kept forever.",
        &[],
    )
    .await;

    // Without accents, and with them; the stems find other forms of the words.
    for q in [
        "configuracao",
        "configuração",
        "validacao",
        "conexoes",
        "CONEXÕES banco",
        // An English word in Portuguese text.
        "deploy",
    ] {
        let found = app
            .get(&format!("/api/v1/postmortems?q={}", url_encode(q)))
            .await
            .json();
        assert_eq!(numbers(&found), [number], "{q}: {found}");
    }
    let found = app.get("/api/v1/postmortems?q=validacao").await.json();
    assert_eq!(
        found["items"][0]["passage_html"],
        "Tempo até detectar: 0 s. Faltava <mark>validação</mark> da configuração antes do deploy. \
         Uma mudança de configuração derrubou as conexões do banco."
    );
    // English is found as before, and an English word does not find Portuguese text.
    let found = app.get("/api/v1/postmortems?q=configuration").await.json();
    assert_eq!(numbers(&found), [english]);
    let found = app.get("/api/v1/postmortems?q=logs").await.json();
    assert_eq!(numbers(&found), [english]);

    // The incidents' search reads Portuguese the same way.
    let found = app.get("/api/v1/incidents?q=configuracao").await.json();
    let titles: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Falha na configuração do balanceador"], "{found}");
}

fn url_encode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}
