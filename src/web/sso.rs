//! Single sign-on's pages: the redirect to the identity provider, its callback, and the
//! admins' `/admin/sso` (the configuration, what discovery found, the latest attempts).
//!
//! The redirect's `state` is kept twice: its digest in the database with the PKCE verifier
//! and nonce (so any instance finishes the sign-in, once), and in a cookie of the browser
//! that began it (so a callback carried to another browser is refused).

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use super::auth::{cookie, safe_next, set_cookie};
use super::format::Moment;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use super::session::session_cookies;
use crate::AppState;
use crate::app;
use crate::app::sso::SsoSignIn;
use crate::domain::person::Access;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::runtime::sso::Sso;
use crate::store;

/// The cookie holding the `state` of the sign-in this browser began.
const STATE_COOKIE: &str = "murphy_oidc";

pub fn routes() -> Routes {
    Routes::new()
        .get("/login/oidc", Access::Public, start)
        .get("/login/oidc/callback", Access::Public, callback)
        .post(
            "/login/oidc/backchannel-logout",
            Access::ByLink,
            backchannel_logout,
        )
        .get("/admin/sso", Access::ADMIN, admin)
        .post("/admin/sso/discover", Access::ADMIN, rediscover)
}

fn configured(state: &AppState) -> Result<&Sso> {
    state.sso.as_deref().ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "session/sso_refused.html")]
struct RefusedPage {
    layout: Layout,
    reason: String,
    password_login: bool,
}

/// The refusal in words, with the state cookie dropped.
fn refused(
    state: &AppState,
    layout: Layout,
    status: StatusCode,
    reason: String,
) -> Result<Response> {
    let page = RefusedPage {
        layout,
        reason,
        password_login: state.password_login,
    };
    let mut response = (status, Html(page.render()?)).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state.auth, STATE_COOKIE, "", Some(time::Duration::ZERO)),
    );
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StartQuery {
    next: String,
}

async fn start(
    State(state): State<AppState>,
    layout: Layout,
    Query(q): Query<StartQuery>,
) -> Result<Response> {
    let sso = configured(&state)?;
    let ctx = state.ctx();
    let begun = match sso.start().await {
        Ok(begun) => begun,
        Err(e) => {
            let reason = format!("Murphy cannot reach your identity provider right now: {e}.");
            app::sso::refuse(&ctx, &reason, None).await?;
            return refused(&state, layout, StatusCode::BAD_GATEWAY, reason);
        }
    };
    app::sso::begin(
        &ctx,
        &begun.state,
        &begun.pkce_verifier,
        &begun.nonce,
        safe_next(&q.next),
    )
    .await?;
    let mut response = Redirect::to(&begun.url).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            &state.auth,
            STATE_COOKIE,
            &begun.state,
            Some(app::sso::PENDING_FOR),
        ),
    );
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CallbackQuery {
    code: String,
    state: String,
    error: String,
    error_description: String,
}

async fn callback(
    State(state): State<AppState>,
    layout: Layout,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response> {
    let sso = configured(&state)?;
    let ctx = state.ctx();
    if !q.error.is_empty() {
        let said = if q.error_description.is_empty() {
            q.error.clone()
        } else {
            q.error_description.clone()
        };
        let reason = format!("Your identity provider did not sign you in: {said}.");
        return refuse(&state, layout, StatusCode::FORBIDDEN, reason).await;
    }
    if q.state.is_empty() || cookie(&headers, STATE_COOKIE) != Some(q.state.as_str()) {
        let reason = "This sign-in was begun in another browser or tab, or long ago. Start \
                      again from the sign-in page."
            .to_owned();
        return refuse(&state, layout, StatusCode::BAD_REQUEST, reason).await;
    }
    let Some(pending) = app::sso::take(&ctx, &q.state).await? else {
        let reason = "This sign-in took too long or was finished already. Start again from \
                      the sign-in page."
            .to_owned();
        return refuse(&state, layout, StatusCode::BAD_REQUEST, reason).await;
    };
    let answer = match sso
        .finish(&q.code, &pending.pkce_verifier, &pending.nonce)
        .await
    {
        Ok(answer) => answer,
        Err(e) => {
            let reason = format!("Murphy could not verify your identity provider's answer: {e}.");
            return refuse(&state, layout, StatusCode::FORBIDDEN, reason).await;
        }
    };
    let outcome = app::sso::sign_in(
        &ctx,
        &sso.settings,
        &answer.claims,
        &answer.id_token,
        state.auth.absolute,
    )
    .await?;
    match outcome {
        SsoSignIn::Done { person, secret } => {
            // A sign-in always starts a new session: the one this browser had ends.
            if let Some(old) = cookie(&headers, super::auth::SESSION_COOKIE) {
                app::sessions::sign_out(&ctx, old).await?;
            }
            let mut response = redirect_with_flash(
                safe_next(&pending.next),
                &layout.t1("flash-signed-in", "name", &person.display_name),
            );
            session_cookies(&mut response, &state.auth, Some(&secret));
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state.auth, STATE_COOKIE, "", Some(time::Duration::ZERO)),
            );
            Ok(response)
        }
        SsoSignIn::Refused(reason) => refused(&state, layout, StatusCode::FORBIDDEN, reason),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LogoutForm {
    logout_token: String,
}

/// OpenID Connect Back-Channel Logout: the provider posts a signed logout token, and the
/// sessions it names end. No CSRF token: the provider's signature is the permission.
async fn backchannel_logout(
    State(state): State<AppState>,
    axum_extra::extract::Form(form): axum_extra::extract::Form<LogoutForm>,
) -> Result<Response> {
    let sso = configured(&state)?;
    let answer = |status: StatusCode, body: serde_json::Value| {
        (
            status,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(body),
        )
            .into_response()
    };
    match sso.logged_out(&form.logout_token).await {
        Ok(out) => {
            let ended = app::sso::logged_out(
                &state.ctx(),
                &sso.settings.issuer,
                out.subject.as_deref(),
                out.sid.as_deref(),
            )
            .await?;
            Ok(answer(
                StatusCode::OK,
                serde_json::json!({ "sessions_ended": ended }),
            ))
        }
        Err(e) => {
            tracing::warn!(error = %e, "a back-channel logout token was refused");
            Ok(answer(
                StatusCode::BAD_REQUEST,
                serde_json::json!({ "error": "invalid_request", "error_description": e }),
            ))
        }
    }
}

/// Records a refusal before any claims were read, and shows it.
async fn refuse(
    state: &AppState,
    layout: Layout,
    status: StatusCode,
    reason: String,
) -> Result<Response> {
    app::sso::refuse(&state.ctx(), &reason, None).await?;
    refused(state, layout, status, reason)
}

/// An attempt as the admin page lists it.
struct AttemptRow {
    attempt: store::sso::Attempt,
    at: Moment,
    claims: String,
}

#[derive(Template)]
#[template(path = "admin/sso.html")]
struct SsoPage {
    layout: Layout,
    sso: Option<SsoView>,
    attempts: Vec<AttemptRow>,
    password_login: bool,
}

/// The configuration and what discovery found, for the page.
struct SsoView {
    settings: crate::domain::sso::Settings,
    secret_set: bool,
    discovery: Result<DiscoveryView, String>,
}

struct DiscoveryView {
    issuer: String,
    authorization: String,
    token: String,
    userinfo: String,
    jwks: String,
    end_session: String,
    keys: usize,
    at: Moment,
}

async fn admin(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let now = OffsetDateTime::now_utc();
    let sso = match &state.sso {
        None => None,
        Some(sso) => {
            let discovery = match sso.held().await {
                Some(d) => Ok(d),
                None => sso.discover(false).await,
            }
            .map(|d| {
                let m = &d.metadata;
                DiscoveryView {
                    issuer: m.issuer().to_string(),
                    authorization: m.authorization_endpoint().to_string(),
                    token: m
                        .token_endpoint()
                        .map(|u| u.to_string())
                        .unwrap_or_default(),
                    userinfo: m
                        .userinfo_endpoint()
                        .map(|u| u.to_string())
                        .unwrap_or_default(),
                    jwks: m.jwks_uri().to_string(),
                    end_session: m
                        .additional_metadata()
                        .end_session_endpoint
                        .as_ref()
                        .map(|u| u.to_string())
                        .unwrap_or_default(),
                    keys: m.jwks().keys().len(),
                    at: layout.moment(d.at, now),
                }
            });
            Some(SsoView {
                secret_set: sso.settings.client_secret.is_some(),
                settings: sso.settings.clone(),
                discovery,
            })
        }
    };
    let attempts = store::sso::attempts(&state.db, 50)
        .await?
        .into_iter()
        .map(|a| AttemptRow {
            at: layout.moment(a.at, now),
            claims: serde_json::to_string_pretty(&a.claims).unwrap_or_default(),
            attempt: a,
        })
        .collect();
    let page = SsoPage {
        sso,
        attempts,
        password_login: state.password_login,
        layout,
    };
    Ok(Html(page.render()?))
}

async fn rediscover(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response> {
    let sso = configured(&state)?;
    let message = match sso.discover(true).await {
        Ok(d) => lang.t1(
            "flash-discovery-read",
            "count",
            d.metadata.jwks().keys().len(),
        ),
        Err(e) => lang.t1("flash-discovery-failed", "error", e.to_string()),
    };
    Ok(redirect_with_flash("/admin/sso", &message))
}
