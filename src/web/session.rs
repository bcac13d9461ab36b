//! Signing in and out.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::Duration;

use super::auth::{
    AuthSettings, CSRF_COOKIE, CurrentUser, SESSION_COOKIE, cookie, form_token, safe_next,
    set_cookie,
};
use super::extract::ClientAddr;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::sessions::{Attempt, SignIn};
use crate::domain::person::Access;
use crate::error::Result;
use crate::i18n::Lang;
use crate::store;

pub fn routes() -> Routes {
    Routes::new()
        .get("/login", Access::Public, login_form)
        .post("/login", Access::Public, login)
        .post("/logout", Access::VIEWER, logout)
}

#[derive(Template)]
#[template(path = "session/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
    first_run: bool,
    /// "Sign in with NAME", when single sign-on is configured.
    sso: Option<String>,
    /// Whether the password form is offered.
    password_login: bool,
}

impl LoginPage {
    fn new(state: &AppState, layout: Layout, next: &str) -> LoginPage {
        LoginPage {
            layout,
            email: String::new(),
            next: safe_next(next).to_owned(),
            error: None,
            first_run: false,
            sso: state.sso.as_ref().map(|s| s.settings.name.clone()),
            password_login: state.password_login || state.sso.is_none(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginQuery {
    next: String,
}

/// The page that explains how to create the first admin, shown while no account exists.
pub fn first_run_page(state: &AppState, layout: Layout) -> Result<Response> {
    let view = LoginPage {
        first_run: true,
        ..LoginPage::new(state, layout, "/")
    };
    Ok(Html(view.render()?).into_response())
}

async fn login_form(
    State(state): State<AppState>,
    mut layout: Layout,
    Query(query): Query<LoginQuery>,
) -> Result<Response> {
    if layout.user.is_some() {
        return Ok(Redirect::to(safe_next(&query.next)).into_response());
    }
    let first_run = store::people::count(&state.db).await? == 0;
    let (token, new_cookie) = form_token(&state.auth, &layout.csrf);
    layout.csrf = token;
    let view = LoginPage {
        first_run,
        ..LoginPage::new(&state, layout, &query.next)
    };
    let mut response = Html(view.render()?).into_response();
    if let Some(c) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    next: String,
}

async fn login(
    State(state): State<AppState>,
    layout: Layout,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response> {
    let email = form.email.trim().to_lowercase();
    let refuse = |status: StatusCode, message: &str, layout: Layout| -> Result<Response> {
        let view = LoginPage {
            email: form.email.trim().to_owned(),
            error: Some(message.to_owned()),
            ..LoginPage::new(&state, layout, &form.next)
        };
        Ok((status, Html(view.render()?)).into_response())
    };
    if !state.password_login && state.sso.is_some() {
        let message = layout.t("login-password-off");
        return refuse(StatusCode::FORBIDDEN, &message, layout);
    }
    let attempt = Attempt {
        email: &email,
        password: &form.password,
        client: &client,
        previous: cookie(&headers, SESSION_COOKIE),
        lifetime: state.auth.absolute,
    };
    match app::sessions::sign_in(&state.ctx(), attempt).await? {
        SignIn::Throttled => {
            let message = layout.t("login-throttled");
            refuse(StatusCode::TOO_MANY_REQUESTS, &message, layout)
        }
        SignIn::Refused => {
            let message = layout.t("login-refused");
            refuse(StatusCode::UNAUTHORIZED, &message, layout)
        }
        SignIn::Done { person, secret } => {
            let mut response = redirect_with_flash(
                safe_next(&form.next),
                &layout.t1("flash-signed-in", "name", &person.display_name),
            );
            session_cookies(&mut response, &state.auth, Some(&secret));
            Ok(response)
        }
    }
}

/// Sets (or with `None`, clears) the session cookie, and drops the sign-in form's token.
pub(super) fn session_cookies(
    response: &mut Response,
    settings: &AuthSettings,
    secret: Option<&str>,
) {
    let headers = response.headers_mut();
    match secret {
        Some(secret) => headers.append(
            header::SET_COOKIE,
            set_cookie(settings, SESSION_COOKIE, secret, Some(settings.absolute)),
        ),
        None => headers.append(
            header::SET_COOKIE,
            set_cookie(settings, SESSION_COOKIE, "", Some(Duration::ZERO)),
        ),
    };
    headers.append(
        header::SET_COOKIE,
        set_cookie(settings, CSRF_COOKIE, "", Some(Duration::ZERO)),
    );
}

async fn logout(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    headers: HeaderMap,
) -> Result<Response> {
    let mut at_provider = None;
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        // A session begun at the provider ends there too, when it offers that.
        if let Some(sso) = &state.sso
            && let Some(id_token) =
                store::sso::id_token(&state.db, &crate::secret::digest(secret)).await?
        {
            at_provider = sso
                .end_session_url(&id_token, &format!("{}/login", state.public_url))
                .await;
        }
        app::sessions::sign_out(&state.ctx(), secret).await?;
    }
    let mut response = match at_provider {
        Some(url) => Redirect::to(&url).into_response(),
        None => redirect_with_flash(
            "/login",
            &lang.t1("flash-signed-out", "name", &user.person.display_name),
        ),
    };
    session_cookies(&mut response, &state.auth, None);
    Ok(response)
}
