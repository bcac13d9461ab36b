//! `/admin/email`: whether Murphy sends email and through which server, a test message, and
//! the outbox with each message's state and last error.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::app;
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::store;
use crate::store::email::Queued;
use crate::web::auth::CurrentUser;
use crate::web::format::Moment;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/admin/email", Access::ADMIN, show).post(
        "/admin/email/test",
        Access::ADMIN,
        send_test,
    )
}

#[derive(Template)]
#[template(path = "admin/email.html")]
struct EmailPage {
    layout: Layout,
    /// "smtp.example.com:587, STARTTLS" and the sender, when email is on.
    server: Option<(String, String)>,
    outbox: Vec<(Queued, Moment)>,
    to: String,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    layout: Layout,
    to: String,
    errors: FieldErrors,
) -> Result<EmailPage> {
    let now = OffsetDateTime::now_utc();
    let outbox = store::email::recent(&state.db, 50)
        .await?
        .into_iter()
        .map(|m| {
            let at = layout.moment(m.created_at, now);
            (m, at)
        })
        .collect();
    Ok(EmailPage {
        server: state
            .mailer
            .as_ref()
            .map(|m| (m.description.clone(), m.from_address())),
        outbox,
        to,
        errors: errors.in_lang(layout.lang),
        layout,
    })
}

async fn show(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
) -> Result<Html<String>> {
    let to = user.person.email.clone();
    Ok(Html(
        page(&state, layout, to, FieldErrors::new())
            .await?
            .render()?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TestForm {
    to: String,
}

async fn send_test(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<TestForm>,
) -> Result<Response> {
    match app::email::send_test(&state.ctx(), &user.actor(), &form.to).await? {
        Ok(()) => Ok(redirect_with_flash(
            "/admin/email",
            &layout.t1("flash-test-email", "to", form.to.trim()),
        )),
        Err(errors) => {
            let view = page(&state, layout, form.to, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
        }
    }
}
