//! Who is asking: session cookies for people in a browser, bearer tokens for scripts, the
//! access check every route passes, and CSRF protection for cookie-authenticated forms.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use time::{Duration, OffsetDateTime};

use crate::AppState;
use crate::domain::incident::Visibility;
use crate::domain::person::{Access, Person, Role};
use crate::domain::token::Scopes;
use crate::error::{ApiError, AppError};
use crate::secret::digest;
use crate::store::sessions::SessionRow;

pub const SESSION_COOKIE: &str = "murphy_session";
/// The double-submit token of forms shown before signing in (the sign-in form).
pub const CSRF_COOKIE: &str = "murphy_csrf";
/// The form field (or `x-csrf-token` header) carrying the token.
pub const CSRF_FIELD: &str = "csrf_token";
/// How often a session's or token's "last used" time is written, at most.
const TOUCH_EVERY: Duration = Duration::minutes(1);
/// Largest form body read for the CSRF check; the body limit layer rejects larger first.
const FORM_LIMIT: usize = 4 * 1024 * 1024;

/// Session lifetimes and cookie flags.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// Cookies are marked `Secure` (Murphy is served over https).
    pub secure: bool,
    /// The client's address is the last one in X-Forwarded-For (set by a trusted proxy).
    pub trust_proxy: bool,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            idle: Duration::hours(12),
            absolute: Duration::days(7),
            secure: false,
            trust_proxy: false,
        }
    }
}

/// The signed-in person making this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub person: Person,
    /// The session's CSRF token; empty for bearer tokens, which need none.
    pub csrf: String,
    pub via_token: bool,
    /// A token's scopes (everything for a session).
    pub scopes: Scopes,
}

impl CurrentUser {
    /// The person as the use cases see them.
    pub fn actor(&self) -> crate::app::Actor {
        crate::app::Actor::Person(self.person.clone())
    }

    /// Which incidents this person may see: admins all, others all but restricted ones
    /// outside their response.
    pub fn visibility(&self) -> Visibility {
        Visibility {
            person_id: Some(self.person.id),
            all: self.person.role == Role::Admin,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

/// The value of cookie `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when served over https.
pub fn set_cookie(
    settings: &AuthSettings,
    name: &str,
    value: &str,
    max_age: Option<Duration>,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={}", age.whole_seconds().max(0)));
    }
    if settings.secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The double-submit token a form shown signed out carries: `existing` (the browser's
/// cookie) when it has one, else a new token and the cookie that hands it to the browser.
pub fn form_token(settings: &AuthSettings, existing: &str) -> (String, Option<HeaderValue>) {
    if !existing.is_empty() {
        return (existing.to_owned(), None);
    }
    let token = crate::secret::random_token();
    let cookie = set_cookie(settings, CSRF_COOKIE, &token, None);
    (token, Some(cookie))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Paths answered as JSON problems rather than pages.
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/hooks/")
}

/// Finds the person behind the request's token or session cookie, if any. Both are read
/// from this instance's copies when it has a usable one (see [`crate::runtime::cache`]).
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    state.live.start();
    let now = OffsetDateTime::now_utc();
    if let Some(token) = bearer(req.headers()) {
        match token_owner(&state, token, now).await {
            Ok(Some((person, scopes))) => {
                req.extensions_mut().insert(CurrentUser {
                    person,
                    csrf: String::new(),
                    via_token: true,
                    scopes,
                });
            }
            Ok(None) => {
                return ApiError(AppError::Unauthorized).into_response();
            }
            Err(e) => return ApiError(e.into()).into_response(),
        }
    } else if let Some(secret) = cookie(req.headers(), SESSION_COOKIE) {
        match session(&state, secret, now).await {
            Ok(Some(row)) => {
                req.extensions_mut().insert(CurrentUser {
                    person: row.person,
                    csrf: row.csrf_token,
                    via_token: false,
                    scopes: Scopes::everything(),
                });
            }
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    next.run(req).await
}

/// The active owner of an unrevoked, unexpired API token, and the token's scopes; its last
/// use is written at most once a minute.
async fn token_owner(
    state: &AppState,
    token: &str,
    now: OffsetDateTime,
) -> sqlx::Result<Option<(Person, Scopes)>> {
    let hash = digest(token);
    let Some(found) = state.copies.token(&state.db, &hash).await? else {
        return Ok(None);
    };
    if found.expires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    if found.last_used_at.is_none_or(|at| now - at > TOUCH_EVERY) {
        let _ = crate::app::tokens::touch(&state.ctx(), found.token_id).await;
        state.copies.token_touched(&hash, now);
    }
    Ok(Some((found.person, found.scopes)))
}

/// The live session behind the cookie; its last use is written at most once a minute.
async fn session(
    state: &AppState,
    secret: &str,
    now: OffsetDateTime,
) -> sqlx::Result<Option<SessionRow>> {
    let hash = digest(secret);
    let copies = &state.copies;
    let Some(found) = copies
        .session(&state.db, &hash, now, state.auth.idle)
        .await?
    else {
        return Ok(None);
    };
    if now - found.last_seen_at > TOUCH_EVERY {
        let _ = crate::app::sessions::touch(&state.ctx(), &hash).await;
        state.copies.session_touched(&hash, now);
    }
    Ok(Some(found))
}

/// The check every route passes: who may call it, and for a cookie-authenticated change,
/// the CSRF token.
pub async fn guard(State(access): State<Access>, req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let user = req.extensions().get::<CurrentUser>().cloned();
    if !access.allows(user.as_ref().map(|u| u.person.role)) {
        let err = if user.is_some() {
            AppError::Forbidden
        } else if api {
            AppError::Unauthorized
        } else {
            let next_path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .filter(|_| req.method() == Method::GET)
                .unwrap_or("/");
            let to = format!(
                "/login?{}",
                serde_urlencoded::to_string([("next", next_path)]).unwrap_or_default()
            );
            return Redirect::to(&to).into_response();
        };
        return respond(api, err);
    }
    // Public addresses (the status page, health) are open to any token, as to anyone.
    let open = matches!(access, Access::Public | Access::ByLink);
    let scoped_out = user.as_ref().filter(|u| {
        u.via_token && !open && !u.scopes.allow(is_safe(req.method()), req.uri().path())
    });
    if let Some(user) = scoped_out {
        let message = format!(
            "This token may not do this: its scopes are {}. Create a token with the scope \
             this needs (Settings → API tokens).",
            user.scopes.describe()
        );
        return respond(api, AppError::Refused(StatusCode::FORBIDDEN, message));
    }
    if is_safe(req.method())
        || access == Access::ByLink
        || user.as_ref().is_some_and(|u| u.via_token)
    {
        return next.run(req).await;
    }
    if api {
        // Cookies are sent by browsers on their own; the API changes things only for tokens.
        return respond(
            true,
            AppError::Refused(
                StatusCode::FORBIDDEN,
                "The API accepts changes only with an API token (Authorization: Bearer …), \
                 not a browser session."
                    .into(),
            ),
        );
    }
    // A signed-in person's forms carry their session's token; forms shown before signing in
    // (public routes: the sign-in form) carry the double-submit cookie's.
    let mut expected: Vec<String> = user.iter().map(|u| u.csrf.clone()).collect();
    if access == Access::Public {
        expected.extend(cookie(req.headers(), CSRF_COOKIE).map(str::to_owned));
    }
    let (req, presented) = match csrf_presented(req).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let valid = presented.is_some_and(|p| {
        expected
            .iter()
            .any(|e| !e.is_empty() && constant_time_eq(e.as_bytes(), p.as_bytes()))
    });
    if valid {
        next.run(req).await
    } else {
        AppError::CsrfRejected.into_response()
    }
}

fn respond(api: bool, err: AppError) -> Response {
    if api {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token from the `x-csrf-token` header or the urlencoded form body, and the request
/// rebuilt with its body intact.
async fn csrf_presented(req: Request) -> Result<(Request, Option<String>), Response> {
    if let Some(v) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        let v = v.to_owned();
        return Ok((req, Some(v)));
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let found = form_urlencoded_value(&bytes, CSRF_FIELD);
    Ok((Request::from_parts(parts, Body::from(bytes)), found))
}

fn form_urlencoded_value(body: &[u8], key: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A path on this site to return to after signing in; anything else becomes `/`.
///
/// It starts with exactly one `/` and holds only visible ASCII: no `\` anywhere, no
/// spaces or control characters. Browsers drop tabs and line breaks from addresses, so
/// `/\t/evil.example` would become `//evil.example`, another site; real paths arrive
/// percent-encoded and never need them.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next[1..].starts_with('/')
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    if local { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_paths_stay_local() {
        assert_eq!(safe_next("/incidents/3"), "/incidents/3");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(
            safe_next("/incidents?q=a%20b#top"),
            "/incidents?q=a%20b#top"
        );
        for sneaky in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\0/evil.example",
            "/\u{7f}",
            "/ /evil.example",
            "/incidents\\..\\",
            "/é",
            "",
            "evil.example",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(sneaky), "/", "{sneaky:?}");
        }
    }

    #[test]
    fn csrf_is_found_in_form_bodies() {
        assert_eq!(
            form_urlencoded_value(b"title=x&csrf_token=abc%2B1", "csrf_token").as_deref(),
            Some("abc+1")
        );
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
