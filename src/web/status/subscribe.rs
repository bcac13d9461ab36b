//! Subscribing to the status page without signing in: the form, and each subscriber's own
//! page (reached by the secret link in every message) to confirm, choose components or
//! leave. Those links' POSTs need no CSRF token: the secret in the path is the permission,
//! and mail programs post one-click unsubscribes (RFC 8058) with no page in between.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;

use crate::AppState;
use crate::app;
use crate::app::subscriptions::Subscribed;
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::store::status::Component;
use crate::store::subscribers::Subscriber;
use crate::web::auth::{CSRF_COOKIE, cookie, form_token};
use crate::web::extract::ClientAddr;
use crate::web::layout::private_page;
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/status/subscribe", Access::Public, form)
        .post("/status/subscribe", Access::Public, subscribe)
        .get("/status/subscription/{token}", Access::ByLink, subscription)
        .post("/status/subscription/{token}", Access::ByLink, choose)
        .post(
            "/status/subscription/{token}/confirm",
            Access::ByLink,
            confirm,
        )
        .get(
            "/status/subscription/{token}/unsubscribe",
            Access::ByLink,
            unsubscribe_page,
        )
        .post(
            "/status/subscription/{token}/unsubscribe",
            Access::ByLink,
            unsubscribe,
        )
}

/// The form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubscribeForm {
    pub channel: String,
    pub email: String,
    pub url: String,
    pub everything: Option<String>,
    pub components: Vec<String>,
}

/// The choice of components as the templates read it.
pub struct Choice {
    pub channel: String,
    pub email: String,
    pub url: String,
    pub everything: bool,
    pub components: Vec<String>,
}

impl Choice {
    pub fn has(&self, id: &crate::domain::ids::ServiceId) -> bool {
        let id = id.to_string();
        self.components.contains(&id)
    }

    fn of(form: &SubscribeForm) -> Choice {
        Choice {
            channel: form.channel.clone(),
            email: form.email.clone(),
            url: form.url.clone(),
            everything: form.everything.as_deref() != Some("false"),
            components: form.components.clone(),
        }
    }

    fn of_subscriber(s: &Subscriber) -> Choice {
        Choice {
            channel: s.channel.as_str().to_owned(),
            email: String::new(),
            url: String::new(),
            everything: s.components.is_empty(),
            components: s.components.iter().map(|c| c.to_string()).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "status/subscribe.html")]
struct SubscribePage<'a> {
    lang: Lang,
    name: &'a str,
    csrf: String,
    mail: bool,
    form: Choice,
    components: Vec<Component>,
    errors: FieldErrors,
    throttled: bool,
}

#[derive(Template)]
#[template(path = "status/subscription.html")]
struct SubscriptionPage<'a> {
    lang: Lang,
    name: &'a str,
    subscriber: Subscriber,
    form: Choice,
    components: Vec<Component>,
    errors: FieldErrors,
    message: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "status/message.html")]
struct MessagePage<'a> {
    lang: Lang,
    name: &'a str,
    heading: String,
    paragraphs: Vec<String>,
    secret: Option<String>,
    link: Option<String>,
    action: Option<String>,
    button: String,
}

impl<'a> MessagePage<'a> {
    /// A page of `lang`'s message `heading` and the paragraphs `paragraphs` name.
    fn new(state: &'a AppState, lang: Lang, heading: &str, paragraphs: Vec<String>) -> Self {
        MessagePage {
            lang,
            name: state.status_name_in(lang),
            heading: lang.t(heading),
            paragraphs,
            secret: None,
            link: None,
            action: None,
            button: String::new(),
        }
    }
}

async fn form(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Result<Response> {
    let components = store::status::components(&state.db).await?;
    let everything = SubscribeForm {
        everything: Some("true".into()),
        ..SubscribeForm::default()
    };
    render_form(
        &state,
        lang,
        &headers,
        StatusCode::OK,
        Choice::of(&everything),
        components,
        FieldErrors::new(),
        false,
    )
}

/// The form, with the double-submit CSRF cookie set when the browser has none.
#[allow(clippy::too_many_arguments)]
fn render_form(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
    status: StatusCode,
    form: Choice,
    components: Vec<Component>,
    errors: FieldErrors,
    throttled: bool,
) -> Result<Response> {
    let (csrf, new_cookie) = form_token(&state.auth, cookie(headers, CSRF_COOKIE).unwrap_or(""));
    let page = SubscribePage {
        lang,
        name: state.status_name_in(lang),
        csrf,
        mail: state.mailer.is_some(),
        form,
        components,
        errors: errors.in_lang(lang),
        throttled,
    };
    let mut response = private_page(status, page.render()?);
    if let Some(c) = new_cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

async fn subscribe(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<SubscribeForm>,
) -> Result<Response> {
    let choice = Choice::of(&form);
    let address = if form.channel == "webhook" {
        &form.url
    } else {
        &form.email
    };
    let outcome = app::subscriptions::subscribe(
        &state.ctx(),
        &client,
        &form.channel,
        address,
        choice.everything,
        &form.components,
        lang,
    )
    .await?;
    match outcome {
        Subscribed::CheckInbox => {
            let page = MessagePage::new(
                &state,
                lang,
                "sub-check-inbox",
                vec![lang.t("sub-check-inbox-1"), lang.t("sub-check-inbox-2")],
            );
            Ok(private_page(StatusCode::OK, page.render()?))
        }
        Subscribed::Webhook { secret, token } => {
            let link = format!("{}/status/subscription/{token}", state.public_url);
            let page = MessagePage {
                secret: Some(secret),
                link: Some(link),
                ..MessagePage::new(
                    &state,
                    lang,
                    "sub-webhook-subscribed",
                    vec![lang.t("sub-webhook-1"), lang.t("sub-webhook-2")],
                )
            };
            Ok(private_page(StatusCode::CREATED, page.render()?))
        }
        Subscribed::Throttled => {
            let components = store::status::components(&state.db).await?;
            render_form(
                &state,
                lang,
                &headers,
                StatusCode::TOO_MANY_REQUESTS,
                choice,
                components,
                FieldErrors::new(),
                true,
            )
        }
        Subscribed::Invalid(errors) => {
            let components = store::status::components(&state.db).await?;
            render_form(
                &state,
                lang,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                choice,
                components,
                errors.in_lang(lang),
                false,
            )
        }
    }
}

/// A subscriber's page, with a message after an action.
async fn render_subscription(
    state: &AppState,
    lang: Lang,
    token: &str,
    status: StatusCode,
    form: Option<Choice>,
    errors: FieldErrors,
    message: Option<&str>,
) -> Result<Response> {
    let message = message.map(|key| lang.t(key));
    let subscriber = app::subscriptions::find(&state.ctx(), token).await?;
    let components = store::status::components(&state.db).await?;
    let page = SubscriptionPage {
        lang,
        name: state.status_name_in(lang),
        form: form.unwrap_or_else(|| Choice::of_subscriber(&subscriber)),
        subscriber,
        components,
        errors: errors.in_lang(lang),
        message: message.as_deref(),
    };
    Ok(private_page(status, page.render()?))
}

async fn subscription(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(token): Path<String>,
) -> Result<Response> {
    render_subscription(
        &state,
        lang,
        &token,
        StatusCode::OK,
        None,
        FieldErrors::new(),
        None,
    )
    .await
}

async fn confirm(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(token): Path<String>,
) -> Result<Response> {
    app::subscriptions::confirm(&state.ctx(), &token).await?;
    render_subscription(
        &state,
        lang,
        &token,
        StatusCode::OK,
        None,
        FieldErrors::new(),
        Some("sub-confirmed"),
    )
    .await
}

async fn choose(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(token): Path<String>,
    Form(form): Form<SubscribeForm>,
) -> Result<Response> {
    let choice = Choice::of(&form);
    match app::subscriptions::choose(&state.ctx(), &token, choice.everything, &form.components)
        .await?
    {
        Ok(()) => {
            render_subscription(
                &state,
                lang,
                &token,
                StatusCode::OK,
                None,
                FieldErrors::new(),
                Some("sub-choice-saved"),
            )
            .await
        }
        Err(errors) => {
            render_subscription(
                &state,
                lang,
                &token,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(choice),
                errors,
                None,
            )
            .await
        }
    }
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(token): Path<String>,
) -> Result<Response> {
    let subscriber = app::subscriptions::find(&state.ctx(), &token).await?;
    let page = MessagePage {
        action: Some(format!("/status/subscription/{token}/unsubscribe")),
        button: lang.t("sub-unsubscribe"),
        ..MessagePage::new(
            &state,
            lang,
            "sub-unsubscribe-ask",
            vec![lang.t1("sub-hear-nothing", "address", &subscriber.address)],
        )
    };
    Ok(private_page(StatusCode::OK, page.render()?))
}

async fn unsubscribe(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(token): Path<String>,
) -> Result<Response> {
    let gone = match app::subscriptions::unsubscribe(&state.ctx(), &token).await {
        Ok(gone) => gone,
        // A second click (or the mail program's one-click POST after the page's) finds
        // nothing: the person is unsubscribed either way.
        Err(app::Error::NotFound) => {
            let page = MessagePage::new(
                &state,
                lang,
                "sub-unsubscribed",
                vec![lang.t("sub-ended-already")],
            );
            return Ok(private_page(StatusCode::OK, page.render()?));
        }
        Err(e) => return Err(AppError::from(e)),
    };
    let page = MessagePage::new(
        &state,
        lang,
        "sub-unsubscribed",
        vec![lang.t1("sub-gone", "address", &gone.address)],
    );
    Ok(private_page(StatusCode::OK, page.render()?))
}
