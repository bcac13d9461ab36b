//! What the OpenAPI document promises beyond each operation's own annotations: the bearer
//! token every operation needs, and the problem documents any operation can answer (401
//! without a token, 503 while the database is away, 404 for an unknown number, 403 for a
//! viewer's write, and 400, 413, 415 and 422 for a body or query that is not right). A
//! scripted client can rely on the document: `.ci/run` fuzzes the running API against it.

use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, ResponseBuilder};
use utoipa::{Modify, ToSchema};

/// Adds the security scheme and the common problem answers to every operation.
pub struct Contract;

impl Modify for Contract {
    fn modify(&self, doc: &mut OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.description =
            Some("An API token (murphy_…) from your settings or `murphy token create`.".into());
        components.add_security_scheme("token", SecurityScheme::Http(bearer));
        doc.security = Some(vec![SecurityRequirement::new(
            "token",
            Vec::<String>::new(),
        )]);
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_path_params = path.contains('{');
            for (method, operation) in [
                (HttpMethod::Get, item.get.as_mut()),
                (HttpMethod::Post, item.post.as_mut()),
                (HttpMethod::Patch, item.patch.as_mut()),
                (HttpMethod::Put, item.put.as_mut()),
                (HttpMethod::Delete, item.delete.as_mut()),
            ] {
                if let Some(operation) = operation {
                    answers(operation, method, has_path_params);
                }
            }
        }
    }
}

fn answers(op: &mut Operation, method: HttpMethod, has_path_params: bool) {
    add(
        op,
        "401",
        "No valid API token was sent (`Authorization: Bearer murphy_…`)",
    );
    add(
        op,
        "503",
        "Murphy cannot reach its database and is retrying; nothing was changed. Send it \
         again after `Retry-After` seconds",
    );
    if has_path_params {
        add(
            op,
            "404",
            "No such incident (or one you may not see), or nothing at this address",
        );
        add(op, "400", "The address holds a NUL character");
    }
    if method != HttpMethod::Get {
        add(op, "403", "Your role does not allow this");
    }
    let has_query = op.parameters.as_ref().is_some_and(|params| {
        params.iter().any(|p| match p {
            utoipa::openapi::RefOr::T(p) => {
                p.parameter_in == utoipa::openapi::path::ParameterIn::Query
            }
            utoipa::openapi::RefOr::Ref(_) => false,
        })
    });
    if has_query {
        add(
            op,
            "422",
            "A query parameter is not valid; each is named in `errors`",
        );
    }
    if op.request_body.is_some() {
        add(op, "400", "The body is not JSON");
        add(op, "413", "The body is larger than 2 MiB");
        add(op, "415", "The body was not sent as `application/json`");
        add(
            op,
            "422",
            "A field is missing, of the wrong type, unknown or invalid; each is named in \
             `errors`",
        );
    }
}

/// Documents `status` as a problem document, unless the operation already does.
fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build()
                .into()
        });
}

// The values the API reads, as the document states them. Requests carry them as strings
// that the domain parses; these enums only describe them.

/// An incident kind.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum KindName {
    Outage,
    Degradation,
    Security,
    Ddos,
    TrafficSurge,
    DeployFailure,
    DataLoss,
    Other,
}

/// A severity, SEV1 (critical) to SEV4 (low).
#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code, clippy::upper_case_acronyms)]
pub enum SeverityName {
    SEV1,
    SEV2,
    SEV3,
    SEV4,
}

/// A status in the incident's lifecycle.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum StatusName {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Closed,
}

/// A role on the response team.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum RoleName {
    Ic,
    Cl,
    Ol,
    Member,
}

/// The lead a team member works under.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum LeadName {
    Cl,
    Ol,
}

/// Open incidents (investigating, identified, monitoring) or closed ones.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum StateName {
    Open,
    Closed,
}

/// The orders of the incident list.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SortName {
    Newest,
    Oldest,
    Severity,
    Started,
}

/// The periods a report's trends are counted in.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum GroupName {
    Week,
    Month,
}

/// Reads a whole number sent as `3` or `3.0` (JSON does not tell them apart), refusing
/// fractions and values out of range.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    use serde::Deserialize;
    use serde::de::Error;
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    let whole = n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
            .map(|f| f as i64)
    });
    whole
        .and_then(|i| i32::try_from(i).ok())
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("{n} is not a whole number of 32 bits")))
}
