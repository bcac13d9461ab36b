//! Text that PostgreSQL cannot store. A NUL character (U+0000) is refused by every text
//! column (SQLSTATE 22021), so a request carrying one in its path, its query string, a form
//! field or a JSON string is answered here with a message naming the field, before any
//! handler reads it, instead of failing with a 500 halfway through.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::BODY_LIMIT;
use crate::domain::validation::FieldErrors;
use crate::error::{ApiError, AppError};

/// In front of every route: refuses a request with a NUL anywhere it is read from.
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let api = {
        let path = req.uri().path();
        path.starts_with("/api/") || path.starts_with("/hooks/")
    };
    if has_encoded_nul(req.uri().path()) {
        return refused(api, None);
    }
    if let Some(field) = req.uri().query().and_then(nul_in_form) {
        return refused(api, Some(field));
    }
    let kind = body_kind(&req);
    if kind == BodyKind::Other {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let found = match kind {
        BodyKind::Form => std::str::from_utf8(&bytes).ok().and_then(nul_in_form),
        BodyKind::Json => nul_in_json(&bytes),
        BodyKind::Other => None,
    };
    if let Some(field) = found {
        return refused(api, Some(field));
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Form,
    Json,
    Other,
}

fn body_kind(req: &Request) -> BodyKind {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "application/json" || essence.ends_with("+json") {
        BodyKind::Json
    } else {
        BodyKind::Other
    }
}

/// `%00` in a path (a raw NUL cannot arrive: the HTTP parser refuses it).
fn has_encoded_nul(path: &str) -> bool {
    path.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// The name of the first field of a urlencoded string whose name or value holds a NUL.
fn nul_in_form(encoded: &str) -> Option<String> {
    if !has_encoded_nul(encoded) && !encoded.contains('\0') {
        return None;
    }
    serde_urlencoded::from_str::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find(|(key, value)| key.contains('\0') || value.contains('\0'))
        .map(|(key, _)| key.replace('\0', ""))
}

/// The path of the first JSON string (or key) holding a NUL, such as `title` or
/// `services[2]`. Bodies that cannot hold one are not parsed twice.
fn nul_in_json(body: &[u8]) -> Option<String> {
    let escaped = body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"));
    if !escaped && !body.contains(&0) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    find_nul(&value, String::new())
}

fn find_nul(value: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then_some(at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_nul(item, format!("{at}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let path = if at.is_empty() {
                key.replace('\0', "")
            } else {
                format!("{at}.{}", key.replace('\0', ""))
            };
            if key.contains('\0') {
                Some(path)
            } else {
                find_nul(item, path)
            }
        }),
        _ => None,
    }
}

fn refused(api: bool, field: Option<String>) -> Response {
    let message = "This contains a NUL character (\\0), which Murphy cannot store. Remove it \
                   and send it again; nothing was saved.";
    match (api, field) {
        (true, Some(field)) => {
            ApiError(AppError::Validation(FieldErrors::one(&field, message))).into_response()
        }
        (true, None) => ApiError(AppError::BadRequest(
            "The address contains a NUL character (%00); nothing was changed.".into(),
        ))
        .into_response(),
        (false, Some(field)) => AppError::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "The field \u{201c}{field}\u{201d} contains a NUL character (\\0), which \
                 Murphy cannot store. Go back, remove it and send it again; nothing was saved."
            ),
        )
        .into_response(),
        (false, None) => AppError::BadRequest(
            "The address contains a NUL character (%00), which no page has.".into(),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field_holding_a_nul() {
        assert_eq!(nul_in_form("title=a%00b&x=1").as_deref(), Some("title"));
        assert_eq!(nul_in_form("title=ok&q=%00").as_deref(), Some("q"));
        assert_eq!(nul_in_form("title=100%25"), None);
        assert_eq!(
            nul_in_json(br#"{"title":"ok","services":["a","b\u0000"]}"#).as_deref(),
            Some("services[1]")
        );
        assert_eq!(
            nul_in_json(br#"{"a":{"b":"\u0000"}}"#).as_deref(),
            Some("a.b")
        );
        // A backslash followed by "u0000" is text, not a NUL.
        assert_eq!(nul_in_json(br#"{"title":"\\u0000"}"#), None);
        assert!(has_encoded_nul("/services/a%00"));
        assert!(!has_encoded_nul("/services/a%2000"));
    }
}
