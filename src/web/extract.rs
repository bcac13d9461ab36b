//! Typed path segments: a route's `{number}` and `{id}` parsed once, before the handler
//! runs. One that does not parse is a 404 (a problem document under `/api/` and `/hooks/`).

use std::str::FromStr;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::auth::is_api;
use crate::domain::incident::parse_reference;
use crate::error::{ApiError, AppError};

/// The incident a path names in its `{number}` segment: `42` or `INC-42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentNumber(pub i64);

/// The record a path names in its `{id}` segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id<T>(pub T);

/// The path segment called `name`.
async fn segment<S: Send + Sync>(parts: &mut Parts, state: &S, name: &str) -> Option<String> {
    let params = RawPathParams::from_request_parts(parts, state).await.ok()?;
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn not_found(parts: &Parts) -> Response {
    if is_api(parts.uri.path()) {
        ApiError(AppError::NotFound).into_response()
    } else {
        AppError::NotFound.into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IncidentNumber {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = segment(parts, state, "number").await;
        match raw.as_deref().and_then(parse_reference) {
            Some(number) => Ok(IncidentNumber(number)),
            None => Err(not_found(parts)),
        }
    }
}

impl<S: Send + Sync, T: FromStr> FromRequestParts<S> for Id<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = segment(parts, state, "id").await;
        match raw.and_then(|r| r.parse().ok()) {
            Some(id) => Ok(Id(id)),
            None => Err(not_found(parts)),
        }
    }
}

/// The client's IP address: the TCP peer, or behind a trusted proxy the address it
/// appended last to X-Forwarded-For (earlier entries are whatever the client claimed).
pub struct ClientAddr(pub String);

impl FromRequestParts<crate::AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .auth
            .trust_proxy
            .then(|| parts.headers.get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientAddr(
            forwarded.or(peer).unwrap_or_else(|| "unknown".into()),
        ))
    }
}
