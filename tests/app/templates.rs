//! Post-mortem templates: admins keep them (page and API), a new post-mortem follows the one
//! that fits its incident and keeps the version it started with, and the editor, the
//! publishing check, the blameless check and the exports follow its sections and questions.

use axum::http::{Method, StatusCode};
use murphy::domain::person::Role;
use serde_json::{Value, json};

use crate::support::{TestApp, problem_fields};

/// The security template as the admin form posts it: the summary (kept from the SRE
/// sections), a section with a prompt, an optional one moved first by its order number,
/// a required yes-or-no question and an optional choice.
fn security_form(name: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", name),
        ("description", "For anything that touched customer data."),
        ("kinds", "security"),
        ("version", "0"),
        ("s0_key", "summary"),
        ("s0_title", "Summary"),
        ("s0_guidance", "What happened."),
        ("s0_required", "on"),
        ("s0_order", "1"),
        ("s1_title", "Data exposed"),
        ("s1_prompt", "- Records:\r\n- Customers:"),
        ("s1_required", "on"),
        ("s1_order", "2"),
        ("s2_title", "Where we got lucky"),
        ("s2_order", "0.5"),
        ("s3_title", ""),
        ("s3_required", "on"),
        ("s3_order", "4"),
        ("q0_text", "Was customer data read?"),
        ("q0_kind", "yes_no"),
        ("q0_required", "on"),
        ("q0_order", "1"),
        ("q1_text", "Which region?"),
        ("q1_kind", "choice"),
        ("q1_choices", "eu-west\r\nus-east"),
        ("q1_order", "2"),
        ("q2_text", ""),
        ("q2_kind", "text"),
        ("q2_order", "3"),
    ]
}

#[tokio::test]
async fn admins_keep_templates_and_post_mortems_follow_the_closest() {
    let app = TestApp::new().await;
    let list = app.get("/admin/postmortem-templates").await;
    assert_eq!(
        list.text("#kept-h + p"),
        "None yet: every post-mortem follows the SRE post-mortem."
    );
    // A new template starts from the twelve SRE sections, with blank rows to add to.
    let new = app.get("/admin/postmortem-templates/new").await;
    assert_eq!(new.attr("#s0_title", "value").unwrap(), "Summary");
    assert_eq!(
        new.attr("#s11_title", "value").unwrap(),
        "Supporting information"
    );
    assert_eq!(new.attr("#s12_title", "value").unwrap(), "");
    assert_eq!(new.attr("#s14_title", "value").unwrap(), "");
    assert!(new.html().select(&sel("#s15_title")).next().is_none());
    for field in [
        "s0_title",
        "s0_prompt",
        "s0_required",
        "q0_text",
        "q0_kind",
        "q1_choices",
    ] {
        let named = sel(&format!("[name={field}]"));
        assert_eq!(new.html().select(&named).count(), 1, "{field}");
    }

    // Refused: no name, a choice with one answer; what was typed stays, nothing is written.
    let mut bad = security_form("");
    bad.retain(|(k, _)| *k != "q1_choices");
    bad.push(("q1_choices", "eu-west"));
    let r = app.post_form("/admin/postmortem-templates", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.field_error("name"), "Name is required.");
    assert_eq!(
        r.field_error("q1_choices"),
        "A choice needs at least two answers, one per line."
    );
    assert_eq!(r.attr("#s1_title", "value").unwrap(), "Summary");
    assert_eq!(app.count("postmortem_template").await, 0);

    let r = app
        .post_form(
            "/admin/postmortem-templates",
            &security_form("Security review"),
        )
        .await;
    assert_eq!(r.location(), "/admin/postmortem-templates");
    let list = app.follow(&r).await;
    assert_eq!(
        list.text(".flash"),
        "Template “Security review” added: new post-mortems of the incidents it is for follow it."
    );
    assert_eq!(
        list.texts("#templates tbody td"),
        [
            "Security review For anything that touched customer data.",
            "Security · Any severity",
            "3",
            "2",
            "1",
            "0"
        ]
    );
    let fits = list.texts("#fits tbody tr");
    assert_eq!(
        fits[0],
        "Outage SRE post-mortem SRE post-mortem SRE post-mortem SRE post-mortem"
    );
    assert_eq!(
        fits[2],
        "Security Security review Security review Security review Security review"
    );

    // An outage follows the SRE template; a security incident the security review.
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV2"}))
        .await;
    app.incident(json!({"title": "Tokens in a log", "kind": "security", "severity": "SEV2"}))
        .await;
    let empty = app.get("/incidents/2/postmortem").await;
    assert_eq!(
        empty.texts("#template option"),
        [
            "Security review (fits this incident, SEV2)",
            "SRE post-mortem: the twelve sections",
            "Security review"
        ]
    );
    let r = app
        .post_form("/incidents/2/postmortem/start", &[("template", "")])
        .await;
    let edit = app.follow(&r).await;
    assert_eq!(
        edit.text(".flash"),
        "Post-mortem started from the incident's record with the template “Security review”. Fill in the rest."
    );
    assert_eq!(
        edit.texts(".pm-nav li a"),
        [
            "Where we got lucky",
            "Summary",
            "Data exposed",
            "Questions",
            "No action items?"
        ]
    );
    assert_eq!(edit.text("#s_data_exposed"), "- Records: - Customers:");
    assert_eq!(
        edit.texts("#questions legend"),
        ["Questions", "Was customer data read?"]
    );
    assert_eq!(
        edit.texts("#s_which_region option"),
        ["Not answered", "eu-west", "us-east"]
    );
    let r = app
        .post_form("/incidents/1/postmortem/start", &[("template", "")])
        .await;
    assert!(
        app.follow(&r)
            .await
            .text(".flash")
            .contains("“SRE post-mortem”")
    );

    // Only the prompt is not writing the section; the required question holds it up too.
    let page = app.get("/incidents/2/postmortem").await;
    assert_eq!(
        page.text(".pm-template"),
        "Template: Security review, version 1 · written in English"
    );
    let blockers = page.texts("#publish-blockers li");
    assert!(
        blockers.contains(&"Data exposed is empty: write it or mark it not applicable.".to_owned()),
        "{blockers:?}"
    );
    assert!(
        blockers.contains(&"Answer the question “Was customer data read?”.".to_owned()),
        "{blockers:?}"
    );
    assert!(
        !blockers
            .iter()
            .any(|b| b.contains("lucky") || b.contains("region")),
        "{blockers:?}"
    );

    // An answer the question does not offer is refused; nothing is saved.
    let save = |answer: &'static str| {
        vec![
            ("revision", "1"),
            ("s_summary", "Access tokens were written to a log."),
            ("s_data_exposed", "- Records: 0\n- Customers: none"),
            ("s_was_customer_data_read", "no"),
            ("s_which_region", answer),
        ]
    };
    let r = app
        .post_form("/incidents/2/postmortem", &save("mars"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.text(".alert-error"),
        "Nothing was saved: “mars” is not an answer to “Which region?”: choose one of eu-west, us-east. Everything you typed is below."
    );
    assert_eq!(r.text("#s_summary"), "Access tokens were written to a log.");
    let r = app
        .post_form("/incidents/2/postmortem", &save("eu-west"))
        .await;
    assert_eq!(r.location(), "/incidents/2/postmortem");
    let page = app.get("/incidents/2/postmortem").await;
    assert_eq!(
        page.texts("#questions dt"),
        ["Was customer data read?", "Which region? optional"]
    );
    assert_eq!(page.texts("#questions dd"), ["No", "eu-west"]);
    let blockers = page.texts("#publish-blockers li");
    assert!(
        !blockers
            .iter()
            .any(|b| b.contains("Data exposed") || b.contains("Answer")),
        "{blockers:?}"
    );

    // A new version of the template leaves the post-mortem as it started.
    let edit_form = app
        .get(&format!(
            "/admin/postmortem-templates/{}/edit",
            template_id(&app, "Security review").await
        ))
        .await;
    assert_eq!(
        edit_form.attr("#s0_title", "value").unwrap(),
        "Where we got lucky"
    );
    assert_eq!(
        edit_form.attr("#q0_text", "value").unwrap(),
        "Was customer data read?"
    );
    let id = template_id(&app, "Security review").await;
    let mut renamed = security_form("Security review");
    for pair in renamed.iter_mut() {
        match pair.0 {
            "version" => pair.1 = "1",
            "s1_title" => pair.1 = "Data touched",
            _ => {}
        }
    }
    let r = app
        .post_form(&format!("/admin/postmortem-templates/{id}"), &renamed)
        .await;
    assert_eq!(
        app.follow(&r).await.text(".flash"),
        "Template “Security review” saved as version 2: post-mortems already started keep the version they began with."
    );
    // Saving on the version read before is refused, with what was typed kept.
    renamed.retain(|(k, _)| *k != "name");
    renamed.push(("name", "Security review (mine)"));
    let r = app
        .post_form(&format!("/admin/postmortem-templates/{id}"), &renamed)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.attr("#name", "value").unwrap(), "Security review (mine)");
    assert_eq!(r.attr("input[name=version]", "value").unwrap(), "2");
    let page = app.get("/incidents/2/postmortem").await;
    assert_eq!(
        page.texts(".pm-section h2")[..3],
        ["Where we got lucky", "Summary", "Data exposed"]
    );
    let list = app.get("/admin/postmortem-templates").await;
    assert_eq!(list.texts("#templates tbody td")[4..], ["2", "1"]);

    // The exports follow the template: optional sections only when written, the answers.
    let md = app.get("/incidents/2/postmortem.md").await.body;
    assert!(
        md.contains(" · revision 2 · template: Security review, version 1\n"),
        "{md}"
    );
    assert!(
        md.contains("## Data exposed\n\n- Records: 0\n- Customers: none\n"),
        "{md}"
    );
    assert!(!md.contains("Where we got lucky"), "{md}");
    assert!(
        md.contains(
            "## Questions\n\n- **Was customer data read?** No\n- **Which region?** eu-west\n"
        ),
        "{md}"
    );
    let doc = app.get("/incidents/2/postmortem.json").await.json();
    assert_eq!(doc["template"]["name"], "Security review");
    assert_eq!(doc["template"]["version"], 1);
    assert_eq!(
        doc["questions"],
        json!([
            {"key": "was_customer_data_read", "question": "Was customer data read?", "kind": "yes_no", "required": true, "answer": "no"},
            {"key": "which_region", "question": "Which region?", "kind": "choice", "required": false, "answer": "eu-west"}
        ])
    );
    if let Some(text) = app
        .pdf_text("/incidents/2/postmortem.pdf", "template-postmortem.pdf")
        .await
    {
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "Draft · revision 2 · template: Security review, version 1 Summary",
            "Data exposed • Records: 0 • Customers: none",
            "Questions",
            "• Was customer data read? No",
            "Which region? eu-west",
        ] {
            assert!(words.contains(expected), "{expected} in {words}");
        }
    }
    let print = app.get("/incidents/2/postmortem/print").await;
    assert_eq!(print.texts(".answers dd"), ["No", "eu-west"]);
    assert_eq!(
        print.texts(".print-section h2")[..3],
        ["Summary", "Data exposed", "Questions"]
    );
}

fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

async fn template_id(app: &TestApp, name: &str) -> String {
    let list = app.get("/api/v1/postmortem-templates").await.json();
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no template {name} in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn api_template(name: &str) -> Value {
    json!({
        "name": name,
        "kinds": ["data_loss"],
        "severities": ["SEV1", "SEV2"],
        "sections": [
            {"key": "summary", "title": "Summary", "required": true},
            {"title": "Data lost", "guidance": "Which records, and whether they came back.",
             "required": true, "prompt": "Records lost:"},
            {"title": "Backups", "required": false}
        ],
        "questions": [
            {"text": "Were customers told?", "kind": "yes_no", "required": true},
            {"text": "Restore method", "kind": "choice", "choices": ["backup", "replay", "none"]},
            {"text": "Who else should read this?", "kind": "text"}
        ]
    })
}

#[tokio::test]
async fn the_api_keeps_templates_and_post_mortems_answer_their_questions() {
    let app = TestApp::new().await;
    // Refused: an unknown kind, a question without a way to answer it.
    let mut bad = api_template("Data loss");
    bad["kinds"] = json!(["meteor"]);
    bad["questions"][0]["kind"] = json!("essay");
    let r = app.post_json("/api/v1/postmortem-templates", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(problem_fields(&r.json()), ["kinds", "q0_kind"]);
    assert_eq!(app.count("postmortem_template").await, 0);
    // Responders read templates; only admins keep them.
    let responder = app.as_new(Role::Responder).await;
    let r = responder
        .post_json("/api/v1/postmortem-templates", &api_template("Data loss"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = app
        .post_json("/api/v1/postmortem-templates", &api_template("Data loss"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let t = r.json();
    let id = t["id"].as_str().unwrap().to_owned();
    assert_eq!(t["version"], 1);
    assert_eq!(t["kinds"], json!(["data_loss"]));
    let keys: Vec<&str> = t["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["summary", "data_lost", "backups"]);
    assert_eq!(
        t["questions"][1]["choices"],
        json!(["backup", "replay", "none"])
    );
    let r = app
        .post_json("/api/v1/postmortem-templates", &api_template("data LOSS"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&r.json()), ["name"]);
    assert_eq!(
        responder
            .get(&format!("/api/v1/postmortem-templates/{id}"))
            .await
            .json()["name"],
        "Data loss"
    );

    // A data loss at SEV1 follows it; asked for by name, the SRE template is there too.
    app.incident(json!({"title": "Orders vanished", "kind": "data_loss", "severity": "SEV1"}))
        .await;
    app.incident(
        json!({"title": "Orders vanished again", "kind": "data_loss", "severity": "SEV1"}),
    )
    .await;
    let r = app
        .post_json(
            "/api/v1/incidents/1/postmortem",
            &json!({"template": "nope"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&r.json()), ["template"]);
    let r = app
        .post_json("/api/v1/incidents/1/postmortem", &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let doc = r.json();
    assert_eq!(
        doc["template"],
        json!({"id": id, "name": "Data loss", "version": 1})
    );
    assert_eq!(doc["sections"][1]["text"], "Records lost:");
    assert_eq!(doc["sections"][2]["required"], false);
    assert_eq!(doc["questions"][0]["answer"], "");
    let r = app
        .post_json(
            "/api/v1/incidents/2/postmortem",
            &json!({"template": "sre"}),
        )
        .await;
    assert_eq!(r.json()["sections"].as_array().unwrap().len(), 12);

    // Answers go in `sections` by key; keys and answers the template lacks are refused.
    let put = |sections: Value| {
        let app = &app;
        async move {
            app.send_json(
                Method::PUT,
                "/api/v1/incidents/1/postmortem",
                &json!({"revision": 1, "sections": sections}),
            )
            .await
        }
    };
    let r = put(json!({"impact": {"text": "x"}})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&r.json()), ["sections.impact"]);
    let r = put(json!({"restore_method": {"text": "prayer"}})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["errors"][0]["message"],
        "“prayer” is not an answer to “Restore method”: choose one of backup, replay, none."
    );
    let r = put(json!({
        "summary": {"text": "A migration dropped a column."},
        "data_lost": {"text": "Records lost: 1,200 orders, all restored."},
        "were_customers_told": {"text": "yes"},
        "restore_method": {"text": "backup"},
        "who_else_should_read_this": {"text": "The engineer who ran it was careless."}
    }))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let doc = r.json();
    assert_eq!(doc["revision"], 2);
    let answers: Vec<&str> = doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["answer"].as_str().unwrap())
        .collect();
    assert_eq!(
        answers,
        ["yes", "backup", "The engineer who ran it was careless."]
    );
    // The blameless check reads free-text answers too.
    let flagged: Vec<&str> = doc["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["section"].as_str().unwrap())
        .collect();
    assert!(
        flagged.contains(&"who_else_should_read_this"),
        "{}",
        doc["flags"]
    );
    // The revision diff names the question.
    let cmp = app
        .get("/api/v1/incidents/1/postmortem/compare?from=1&to=2")
        .await
        .json();
    let titles: Vec<&str> = cmp["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"Were customers told?"), "{cmp}");

    // A new version, based on the version read; a stale one is refused with the current.
    let mut next = api_template("Data loss");
    let path = format!("/api/v1/postmortem-templates/{id}");
    let r = app.send_json(Method::PUT, &path, &next).await;
    assert_eq!(problem_fields(&r.json()), ["version"]);
    next["version"] = json!(1);
    let r = app.post_json("/api/v1/postmortem-templates", &next).await;
    assert_eq!(problem_fields(&r.json()), ["version"]);
    next["sections"][2]["required"] = json!(true);
    let r = app.send_json(Method::PUT, &path, &next).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    let r = app.send_json(Method::PUT, &path, &next).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["current"]["version"], 2);
    // The post-mortem started on version 1 still has Backups optional.
    let doc = app.get("/api/v1/incidents/1/postmortem").await.json();
    assert_eq!(doc["template"]["version"], 1);
    assert_eq!(doc["sections"][2]["required"], false);

    // Retired: no longer chosen, nor offered by id.
    next["version"] = json!(2);
    next["retired"] = json!(true);
    let r = app.send_json(Method::PUT, &path, &next).await;
    assert_eq!(r.json()["retired"], true);
    app.incident(json!({"title": "Lost again", "kind": "data_loss", "severity": "SEV1"}))
        .await;
    let r = app
        .post_json("/api/v1/incidents/3/postmortem", &json!({"template": id}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json("/api/v1/incidents/3/postmortem", &json!({}))
        .await;
    assert_eq!(r.json()["template"]["name"], "SRE post-mortem");

    // A template without a summary: lists show the start of its first section instead.
    let r = app
        .post_json(
            "/api/v1/postmortem-templates",
            &json!({"name": "Minimal", "kinds": ["other"],
                    "sections": [{"title": "What happened", "required": true}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.incident(json!({"title": "Odd one", "kind": "other", "severity": "SEV4"}))
        .await;
    let r = app
        .post_json("/api/v1/incidents/4/postmortem", &json!({}))
        .await;
    assert_eq!(r.json()["template"]["name"], "Minimal");
    let r = app
        .send_json(
            Method::PUT,
            "/api/v1/incidents/4/postmortem",
            &json!({"revision": 1, "sections": {"what_happened": {"text": "A cron job ran twice."}}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    sqlx::query(
        "UPDATE postmortem SET state = 'published', published_at = now()
         WHERE incident_id = (SELECT id FROM incident WHERE number = 4)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let learned = app.get("/postmortems").await;
    assert_eq!(learned.texts(".passage"), ["A cron job ran twice."]);
}
