//! The JSON API: exact bodies, problem documents, concurrency and the OpenAPI document.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::support::TestApp;

fn without_volatile(mut v: Value) -> Value {
    for key in ["id", "created_at", "updated_at", "detected_at"] {
        v.as_object_mut().unwrap().remove(key);
    }
    v
}

#[tokio::test]
async fn filing_answers_201_with_the_incident_and_its_location() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "  Checkout down ", "summary": "Card payments fail.", "kind": "outage",
                    "severity": "SEV1", "services": ["CHECKOUT"], "customer_impact": "All EU customers",
                    "impact_started_at": "2026-11-25T10:00:00+01:00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.location(), "/api/v1/incidents/1");
    let body = r.json();
    assert_eq!(
        without_volatile(body.clone()),
        json!({
            "number": 1, "reference": "INC-1", "url": "/incidents/1",
            "title": "Checkout down", "summary": "Card payments fail.", "kind": "outage",
            "severity": "SEV1", "status": "investigating", "customer_impact": "All EU customers",
            "source": "api", "services": ["checkout"], "restricted": false, "runbook_url": "",
            "impact_started_at": "2026-11-25T09:00:00Z", "acknowledged_at": null,
            "mitigated_at": null, "resolved_at": null, "closed_at": null, "version": 1
        })
    );
    assert!(body["detected_at"].is_string());
    let fetched = app.get("/api/v1/incidents/1").await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.json(), body);
    // The web page shows where it came from.
    assert!(
        app.get("/incidents/1")
            .await
            .texts(".details dd")
            .contains(&"API".to_owned())
    );
}

#[tokio::test]
async fn invalid_filings_are_problem_documents_and_write_nothing() {
    let app = TestApp::new().await;
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "", "kind": "volcano", "severity": "SEV0", "services": ["ghost"],
                    "impact_started_at": "tuesday"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(
        r.json(),
        json!({
            "type": "urn:murphy:problem:validation",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": "Some fields need attention.",
            "errors": [
                {"field": "impact_started_at", "message": "\"tuesday\" is not an RFC 3339 timestamp such as 2026-11-26T14:30:00Z."},
                {"field": "title", "message": "Title is required."},
                {"field": "kind", "message": "\"volcano\" is not a kind."},
                {"field": "severity", "message": "\"SEV0\" is not a severity."}
            ]
        })
    );
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "x", "kind": "outage", "severity": "SEV1", "services": ["ghost"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json()["errors"],
        json!([{"field": "services", "message": "No service is named ghost. Add it on the Services page first."}])
    );
    assert_eq!(app.count("incident").await, 0);
}

#[tokio::test]
async fn malformed_bodies_get_400_problems() {
    let app = TestApp::new().await;
    let raw = |body: &'static str, content_type: &'static str| {
        Request::post("/api/v1/incidents")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    for (body, content_type) in [
        ("{not json", "application/json"),
        (
            "{\"title\": 5, \"kind\": \"outage\", \"severity\": \"SEV1\"}",
            "application/json",
        ),
        (
            "{\"kind\": \"outage\", \"severity\": \"SEV1\"}",
            "application/json",
        ),
        ("title=x", "application/x-www-form-urlencoded"),
    ] {
        let r = app.request(raw(body, content_type)).await;
        assert!(r.status.is_client_error(), "{body}: {}", r.status);
        assert_eq!(
            r.header("content-type"),
            "application/problem+json",
            "{body}"
        );
        let problem = r.json();
        assert_eq!(problem["status"], r.status.as_u16(), "{body}");
        assert!(!problem["detail"].as_str().unwrap().is_empty());
    }
    assert_eq!(app.count("incident").await, 0);
}

#[tokio::test]
async fn unknown_incidents_and_routes_are_404_problems() {
    let app = TestApp::new().await;
    for path in [
        "/api/v1/incidents/99",
        "/api/v1/incidents/abc",
        "/api/v1/nothing",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            r.json(),
            json!({"type": "about:blank", "title": "Not Found", "status": 404,
                   "detail": "There is nothing at this address."}),
            "{path}"
        );
    }
}

/// The post-mortem's documents under `/api/` answer problems like every other API route:
/// for an unknown incident, an incident number that is not one, and an incident without a
/// post-mortem.
#[tokio::test]
async fn post_mortem_documents_answer_404_problems() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "No post-mortem yet", "kind": "other", "severity": "SEV4"}))
        .await;
    for incident in ["99", "abc", "1"] {
        for document in ["postmortem", "postmortem.md", "postmortem.pdf"] {
            let path = format!("/api/v1/incidents/{incident}/{document}");
            let r = app.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(
                r.header("content-type"),
                "application/problem+json",
                "{path}"
            );
            assert_eq!(
                r.json(),
                json!({"type": "about:blank", "title": "Not Found", "status": 404,
                       "detail": "There is nothing at this address."}),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn patch_needs_the_current_version_and_answers_409_with_the_record() {
    let app = TestApp::new().await;
    app.incident(
        json!({"title": "Slow pages", "kind": "degradation", "severity": "SEV3",
                         "impact_started_at": "2026-11-20T10:00:00Z",
                         "detected_at": "2026-11-20T10:05:00Z"}),
    )
    .await;
    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"title": "Slower"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "version");

    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1, "severity": "SEV2", "mitigated_at": "2026-11-20T11:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = r.json();
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["severity"], "SEV2");
    assert_eq!(saved["title"], "Slow pages");
    assert_eq!(saved["mitigated_at"], "2026-11-20T11:00:00Z");

    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1, "title": "Lost?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let problem = r.json();
    assert_eq!(problem["type"], "urn:murphy:problem:conflict");
    assert_eq!(
        problem["detail"],
        "INC-1 changed since the version you sent; it is now version 2. Nothing was saved."
    );
    assert_eq!(problem["current"]["title"], "Slow pages");
    assert_eq!(problem["current"]["version"], 2);

    // null clears a milestone; out-of-order milestones are field errors.
    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 2, "mitigated_at": null}),
        )
        .await;
    assert_eq!(r.json()["mitigated_at"], json!(null));
    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 3, "resolved_at": "2026-11-20T09:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "resolved_at");
    assert_eq!(app.get("/api/v1/incidents/1").await.json()["version"], 3);
}

#[tokio::test]
async fn status_changes_through_the_api() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Cache stampede", "kind": "outage", "severity": "SEV2"}))
        .await;
    let path = "/api/v1/incidents/1/status";
    let r = app.post_json(path, &json!({"status": "monitoring"})).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.json();
    assert_eq!(body["status"], "monitoring");
    assert!(body["mitigated_at"].is_string());

    let r = app.post_json(path, &json!({"status": "closed"})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(
        r.json()["detail"],
        "An incident that is monitoring cannot become closed."
    );
    let r = app.post_json(path, &json!({"status": "monitoring"})).await;
    assert_eq!(r.json()["detail"], "The incident is already monitoring.");
    let r = app.post_json(path, &json!({"status": "done"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json(path, &json!({"status": "resolved", "version": 1}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = app
        .post_json(path, &json!({"status": "resolved", "version": 2}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "resolved");
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = TestApp::new().await;
    let r = app.get("/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/incidents", "get"),
        ("/api/v1/incidents", "post"),
        ("/api/v1/incidents/{number}", "get"),
        ("/api/v1/incidents/{number}", "patch"),
        ("/api/v1/incidents/{number}/status", "post"),
        ("/api/v1/services", "post"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    // Every API route the router serves is in the document with its method, and the
    // document describes nothing the router does not serve.
    let mut routed: Vec<String> = murphy::web::route_table()
        .into_iter()
        // The document itself and its viewer are not operations of the API.
        .filter(|r| r.path.starts_with("/api/v1/"))
        .map(|r| format!("{} {}", r.method.as_str().to_lowercase(), r.path))
        .collect();
    let mut documented: Vec<String> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |method| format!("{method} {path}"))
        })
        .collect();
    routed.sort();
    documented.sort();
    let missing: Vec<&String> = routed.iter().filter(|r| !documented.contains(r)).collect();
    let unrouted: Vec<&String> = documented.iter().filter(|d| !routed.contains(d)).collect();
    assert!(missing.is_empty(), "routed but not documented: {missing:?}");
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
    assert!(routed.len() > 60, "{}", routed.len());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in ["IncidentJson", "CreateIncident", "PatchIncident", "Problem"] {
        assert!(schemas.contains_key(name), "{name}");
    }
    // Every reference resolves (a missing one makes clients and fuzzers skip the part).
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v.as_str()) {
                        ("$ref", Some(r)) => out.push(r.to_owned()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(
            schemas.contains_key(name) || doc["components"]["responses"].get(name).is_some(),
            "unresolved {r}"
        );
    }
    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.body.contains("swagger"), "{}", docs.body);

    // The contract: a bearer token for everything, and every answer an operation can give
    // documented as a problem document (tests/contract/run fuzzes the running API with it).
    assert_eq!(
        doc["components"]["securitySchemes"]["token"],
        json!({"type": "http", "scheme": "bearer",
               "description": "An API token (murphy_…) from your settings or `murphy token create`."})
    );
    assert_eq!(doc["security"], json!([{"token": []}]));
    let problem = json!({"$ref": "#/components/schemas/Problem"});
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let answers = op["responses"].as_object().unwrap();
            let mut expected = vec!["401", "503"];
            if path.contains('{') {
                expected.extend(["400", "404"]);
            }
            if method != "get" {
                expected.push("403");
            }
            if op.get("requestBody").is_some() {
                expected.extend(["400", "413", "415", "422"]);
            }
            for status in expected {
                assert_eq!(
                    answers[status]["content"]["application/problem+json"]["schema"], problem,
                    "{method} {path} {status}"
                );
            }
        }
    }
    for body in [
        "CreateIncident",
        "PatchIncident",
        "StatusChange",
        "AssignRole",
        "NewNote",
        "CreateService",
    ] {
        assert_eq!(schemas[body]["additionalProperties"], false, "{body}");
    }
    assert_eq!(
        schemas["KindName"]["enum"],
        json!([
            "outage",
            "degradation",
            "security",
            "ddos",
            "traffic_surge",
            "deploy_failure",
            "data_loss",
            "other"
        ])
    );
}

/// The API reads exactly what it documents: a misspelt field is refused by name (never
/// silently dropped), the wrong type is named, a body not sent as JSON is 415 and a body
/// that is not JSON is 400, all as problem documents; an empty query parameter is refused
/// rather than taken as absent.
#[tokio::test]
async fn the_api_refuses_what_it_does_not_document_by_name() {
    let app = TestApp::new().await;
    let field = |field: &str, message: &str| {
        json!({
            "type": "urn:murphy:problem:validation",
            "title": "Unprocessable Entity",
            "status": 422,
            "detail": "Some fields need attention.",
            "errors": [{"field": field, "message": message}]
        })
    };
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "Typo", "kind": "outage", "severity": "SEV1",
                    "runbok_url": "https://runbooks.example.com"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json(),
        field("runbok_url", "There is no field \"runbok_url\" here.")
    );
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "Typo", "kind": "outage", "severity": "SEV1", "services": [7]}),
        )
        .await;
    assert_eq!(
        r.json(),
        field(
            "services[0]",
            "Invalid type: integer `7`, expected a string."
        )
    );
    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"kind": "outage", "severity": "SEV1"}),
        )
        .await;
    assert_eq!(r.json(), field("title", "This field is required."));
    app.incident(json!({"title": "Real", "kind": "outage", "severity": "SEV1"}))
        .await;
    // JSON has one kind of number: 1.0 is the version 1, 1.5 is no version.
    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1.0, "title": "Renamed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": 1.5}),
        )
        .await;
    assert_eq!(
        r.json(),
        field("version", "1.5 is not a whole number of 32 bits.")
    );

    let r = app
        .request(
            axum::http::Request::post("/api/v1/incidents")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(r#"{"title":"x"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.header("content-type"), "application/problem+json");
    assert_eq!(
        r.json()["detail"],
        "Send the body as JSON, with Content-Type: application/json."
    );
    let r = app
        .request(
            axum::http::Request::post("/api/v1/incidents")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"title": "#))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["detail"]
            .as_str()
            .unwrap()
            .starts_with("The body is not JSON: "),
        "{}",
        r.body
    );

    let r = app.get("/api/v1/incidents?state=&limit=5").await;
    assert_eq!(
        r.json(),
        field(
            "state",
            "This parameter is empty; leave it out when you do not use it."
        )
    );
    assert_eq!(app.count("incident").await, 1);
}

/// A full disk refuses writes with SQLSTATE 53100 while reads go on (the database raises it
/// here from a trigger, as it would when a data file cannot grow): the writer is told it is
/// not their fault and nothing was saved, with 503 and `Retry-After`, never a bare 500.
#[tokio::test]
async fn a_full_disk_answers_503_saying_nothing_was_saved() {
    let app = TestApp::new().await;
    sqlx::raw_sql(
        "CREATE FUNCTION no_space() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           RAISE EXCEPTION 'could not extend file \"base/1/2\": No space left on device' \
             USING ERRCODE = 'disk_full'; \
         END $$; \
         CREATE TRIGGER no_space BEFORE INSERT ON incident FOR EACH ROW EXECUTE FUNCTION no_space();",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let told = "Murphy's database has run out of disk space, so nothing was saved. Tell \
                whoever runs Murphy; send this again once space has been freed.";

    let r = app
        .post_json(
            "/api/v1/incidents",
            &json!({"title": "Disk", "kind": "outage", "severity": "SEV1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header("retry-after"), "5");
    assert_eq!(
        r.json(),
        json!({"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": told})
    );

    let r = app
        .post_form(
            "/incidents",
            &[("title", "Disk"), ("kind", "outage"), ("severity", "SEV1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.text("h1"), "Murphy's database is out of disk space");
    assert_eq!(r.texts("main p")[1], told);
    assert_eq!(app.count("incident").await, 0);
    assert_eq!(
        app.get("/incidents").await.status,
        StatusCode::OK,
        "reads go on"
    );
}

/// What a script reads is exactly what is stored (times to the microsecond), so a PATCH
/// sending it back changes nothing: no "Detected corrected from 15:26 to 15:26" on the
/// timeline and the same version. A PATCH of one field leaves the times it did not send
/// alone.
#[tokio::test]
async fn a_patch_that_sends_back_what_was_read_changes_nothing() {
    let app = TestApp::new().await;
    app.service("checkout").await;
    let created = app
        .incident(
            json!({"title": "Checkout down", "kind": "outage", "severity": "SEV2",
                         "services": ["checkout"]}),
        )
        .await;
    // Milestones stamped by the server carry microseconds.
    sqlx::query(
        "UPDATE incident SET detected_at = '2026-11-30 15:26:01.234567+00',
                             impact_started_at = '2026-11-30 15:20:00.5+00'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let read = app.get("/api/v1/incidents/1").await.json();
    assert_eq!(read["detected_at"], "2026-11-30T15:26:01.234567Z");
    assert_eq!(read["impact_started_at"], "2026-11-30T15:20:00.5Z");
    assert_eq!(read["version"], created["version"]);
    let entries = app.count("timeline_entry").await;

    let mut back = read.clone();
    for key in [
        "number",
        "reference",
        "url",
        "source",
        "runbook_url",
        "id",
        "created_at",
        "updated_at",
        "status",
    ] {
        back.as_object_mut().unwrap().remove(key);
    }
    let r = app
        .send_json(Method::PATCH, "/api/v1/incidents/1", &back)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), read, "nothing changed, not even the version");
    assert_eq!(app.count("timeline_entry").await, entries);

    let r = app
        .send_json(
            Method::PATCH,
            "/api/v1/incidents/1",
            &json!({"version": read["version"], "title": "Checkout slow"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = r.json();
    assert_eq!(after["detected_at"], "2026-11-30T15:26:01.234567Z");
    assert_eq!(after["version"], read["version"].as_i64().unwrap() + 1);
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM timeline_entry ORDER BY recorded_at DESC, id DESC LIMIT 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert!(!bodies[0].contains("corrected"), "{bodies:?}");
}

#[tokio::test]
async fn stakeholder_updates_are_published_and_read_through_the_api() {
    let app = TestApp::new().await;
    app.incident(json!({"title": "Checkout is down", "kind": "outage", "severity": "SEV1"}))
        .await;

    // Bad input: every field's message, nothing written.
    let r = app
        .post_json(
            "/api/v1/incidents/1/updates",
            &json!({"audience": "everyone", "status": "", "next_update_at": "soon"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let mut fields: Vec<String> = r.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["audience", "next_update_at", "status"]);
    assert_eq!(app.count("status_update").await, 0);

    // A responder who is not a lead may not publish.
    let rita = app.as_new(murphy::domain::person::Role::Responder).await;
    let refused = rita
        .post_json(
            "/api/v1/incidents/1/updates",
            &json!({"audience": "public", "status": "We are on it."}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let next = murphy::domain::time::rfc3339(
        time::OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap()
            + time::Duration::minutes(30),
    );
    let r = app
        .post_json(
            "/api/v1/incidents/INC-1/updates",
            &json!({"audience": "public", "status": "Card payments fail; we are investigating.",
                    "impact": "About a third of payments", "next_update_at": next}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let published = r.json();
    assert_eq!(published["audience"], "public");
    assert_eq!(
        published["status"],
        "Card payments fail; we are investigating."
    );
    assert_eq!(published["impact"], "About a third of payments");
    assert_eq!(published["next_update_at"], next);
    assert_eq!(published["author"], "Ada Admin");

    // Read back, newest first; the public one is on the status page's incident.
    app.post_json(
        "/api/v1/incidents/1/updates",
        &json!({"audience": "internal", "status": "Ledger primary at 100 % CPU."}),
    )
    .await;
    let list = app.get("/api/v1/incidents/1/updates").await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["audience"], "internal");
    assert_eq!(list[1]["id"], published["id"]);
    assert_eq!(
        app.get("/api/v1/incidents/99/updates").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_operation_has_its_own_id() {
    // Tools that follow links between operations (Schemathesis's stateful phase, client
    // generators) find operations by id: two alike send them to the wrong one.
    let app = TestApp::new().await;
    let doc = app.get("/api/openapi.json").await.json();
    let mut ids: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|ops| ops.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "{ids:?}");
    assert!(ids.contains(&"list_updates".to_owned()));
}
