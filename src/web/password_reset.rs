//! "Forgot your password?": asking for a reset link by email, and choosing a new password
//! with it. The link's pages are the link's own (`Access::ByLink`): the secret in the path
//! is the permission, and they are neither cached nor sent on as referrer.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;

use super::auth::form_token;
use super::layout::{Layout, private_page, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::password_resets::Reset;
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::Result;

pub fn routes() -> Routes {
    Routes::new()
        .get("/password/forgot", Access::Public, forgot_form)
        .post("/password/forgot", Access::Public, forgot)
        .get("/password/reset/{secret}", Access::ByLink, reset_form)
        .post("/password/reset/{secret}", Access::ByLink, reset)
}

#[derive(Template)]
#[template(path = "session/forgot.html")]
struct ForgotPage {
    layout: Layout,
    mail: bool,
    sent: bool,
}

#[derive(Template)]
#[template(path = "session/reset.html")]
struct ResetPage {
    layout: Layout,
    secret: String,
    /// Whose password the link resets; `None` when it no longer works.
    email: Option<String>,
    errors: FieldErrors,
}

async fn forgot_form(State(state): State<AppState>, mut layout: Layout) -> Result<Response> {
    let (token, new_cookie) = form_token(&state.auth, &layout.csrf);
    layout.csrf = token;
    let page = ForgotPage {
        layout,
        mail: state.mailer.is_some(),
        sent: false,
    };
    let mut response = Html(page.render()?).into_response();
    if let Some(c) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ForgotForm {
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    layout: Layout,
    Form(form): Form<ForgotForm>,
) -> Result<Response> {
    let sent = app::password_resets::ask(&state.ctx(), &form.email).await?;
    let page = ForgotPage {
        layout,
        mail: state.mailer.is_some(),
        sent,
    };
    Ok(Html(page.render()?).into_response())
}

fn reset_page(
    layout: Layout,
    secret: String,
    email: Option<String>,
    errors: FieldErrors,
) -> ResetPage {
    ResetPage {
        secret,
        email,
        errors: errors.in_lang(layout.lang),
        layout,
    }
}

async fn reset_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(secret): Path<String>,
) -> Result<Response> {
    let holder = app::password_resets::holder(&state.ctx(), &secret).await?;
    let status = if holder.is_some() {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    let page = reset_page(layout, secret, holder.map(|p| p.email), FieldErrors::new());
    Ok(private_page(status, page.render()?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResetForm {
    new_password: String,
    new_password_again: String,
}

async fn reset(
    State(state): State<AppState>,
    layout: Layout,
    Path(secret): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response> {
    let ctx = state.ctx();
    match app::password_resets::reset(&ctx, &secret, &form.new_password, &form.new_password_again)
        .await?
    {
        Reset::Done(_) => Ok(redirect_with_flash(
            "/login",
            &layout.t("flash-password-changed-sign-in"),
        )),
        Reset::Spent => {
            let page = reset_page(layout, secret, None, FieldErrors::new());
            Ok(private_page(StatusCode::GONE, page.render()?))
        }
        Reset::Invalid(errors) => {
            let email = app::password_resets::holder(&ctx, &secret)
                .await?
                .map(|p| p.email);
            let page = reset_page(layout, secret, email, errors);
            Ok(private_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                page.render()?,
            ))
        }
    }
}
