//! A person's own settings: their account and password, and API tokens.

use crate::i18n::Message;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::CurrentUser;
use super::extract::Id;
use super::format::Moment;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::app;
use crate::app::tokens::NewToken;
use crate::domain::person::{Access, EmailKind};
use crate::domain::token::{LIFETIMES, Scope, Scopes, expiry};
use crate::domain::validation::{FieldErrors, text};
use crate::error::Result;
use crate::i18n::Lang;
use crate::store;
use crate::store::tokens::ApiToken;

pub fn routes() -> Routes {
    Routes::new()
        .get("/settings/account", Access::VIEWER, account)
        .post("/settings/password", Access::VIEWER, change_password)
        .post("/settings/notifications", Access::VIEWER, set_notifications)
        .post("/settings/language", Access::VIEWER, set_language)
        .get("/settings/tokens", Access::VIEWER, tokens)
        .post("/settings/tokens", Access::VIEWER, create_token)
        .post("/settings/tokens/{id}/revoke", Access::VIEWER, revoke_token)
}

#[derive(Template)]
#[template(path = "settings/account.html")]
struct AccountPage {
    layout: Layout,
    errors: FieldErrors,
    /// Each kind of email about their own work, and whether they get it.
    email: Vec<(EmailKind, bool)>,
    /// Whether Murphy sends email at all.
    mail_enabled: bool,
    /// The language they chose, if any.
    chosen_language: Option<Lang>,
    /// What their browser asks for (or the instance's default).
    browser_language: Lang,
}

impl AccountPage {
    fn languages(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

async fn account(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>> {
    let view = AccountPage {
        layout,
        errors: FieldErrors::new(),
        email: email_choices(&state, &user).await?,
        mail_enabled: state.mailer.is_some(),
        chosen_language: user.person.language,
        browser_language: browser_language(&state, &headers),
    };
    Ok(Html(view.render()?))
}

/// The language the browser asks for, or the instance's default.
fn browser_language(state: &AppState, headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(state.default_language)
}

/// Each kind of email about their own work, and whether `user` gets it.
async fn email_choices(state: &AppState, user: &CurrentUser) -> Result<Vec<(EmailKind, bool)>> {
    let off = crate::store::email::off(&state.db, user.person.id).await?;
    Ok(EmailKind::ALL
        .into_iter()
        .map(|k| (k, !off.contains(&k)))
        .collect())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NotificationsForm {
    /// The kinds ticked.
    email: Vec<String>,
}

async fn set_notifications(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<NotificationsForm>,
) -> Result<Response> {
    let on: Vec<EmailKind> = form
        .email
        .iter()
        .filter_map(|k| EmailKind::parse(k))
        .collect();
    app::email::set_own_notifications(&state.ctx(), &user.actor(), &on).await?;
    Ok(redirect_with_flash(
        "/settings/account",
        &layout.t(if on.is_empty() {
            "account-email-none"
        } else {
            "account-email-saved"
        }),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LanguageForm {
    /// "en", "pt-BR", or empty for the browser's.
    language: String,
}

async fn set_language(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Result<Response> {
    let language = match form.language.as_str() {
        "" => None,
        tag => Some(
            tag.parse::<Lang>()
                .map_err(crate::error::AppError::BadRequest)?,
        ),
    };
    app::people::set_own_language(&state.ctx(), &user.actor(), language).await?;
    // The message in the language the next page is written in.
    let lang = language.unwrap_or_else(|| browser_language(&state, &headers));
    Ok(redirect_with_flash(
        "/settings/account",
        &lang.t("settings-language-saved"),
    ))
}

/// The password form. Passwords are never sent back to the browser.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_again: String,
}

async fn change_password(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response> {
    let keep =
        super::auth::cookie(&headers, super::auth::SESSION_COOKIE).map(crate::secret::digest);
    let changed = app::people::change_own_password(
        &state.ctx(),
        &user.actor(),
        keep.as_deref(),
        &form.current_password,
        &form.new_password,
        &form.new_password_again,
    )
    .await?;
    match changed {
        Ok(()) => Ok(redirect_with_flash(
            "/settings/account",
            &layout.t("account-password-changed"),
        )),
        Err(errors) => {
            let view = AccountPage {
                errors: errors.in_lang(layout.lang),
                layout,
                email: email_choices(&state, &user).await?,
                mail_enabled: state.mailer.is_some(),
                chosen_language: user.person.language,
                browser_language: browser_language(&state, &headers),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
        }
    }
}

/// A token in the list, formatted.
struct TokenRow {
    token: ApiToken,
    created: Moment,
    last_used: Option<Moment>,
    expires: Option<Moment>,
    /// Past its expiry: it no longer works.
    expired: bool,
    /// Its scopes in words.
    scopes: String,
}

/// The new-token form as sent (kept when it is shown again with its messages).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenForm {
    name: String,
    /// The scopes ticked; none for everything the owner may do.
    scopes: Vec<String>,
    /// Days until it expires; "0" never.
    expires_in: String,
}

#[derive(Template)]
#[template(path = "settings/tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenRow>,
    form: TokenForm,
    errors: FieldErrors,
    /// A token just created, shown this once.
    created: Option<String>,
}

impl TokensPage {
    fn scopes(&self) -> &'static [Scope] {
        Scope::ALL
    }

    /// Each lifetime offered, in days, and its words.
    fn lifetimes(&self) -> Vec<(i64, String)> {
        LIFETIMES
            .iter()
            .map(|(days, _)| {
                let words = match days {
                    0 => self.layout.t("tokens-never-expires"),
                    365 => self.layout.t("tokens-one-year"),
                    d => self.layout.t1("span-days", "n", *d),
                };
                (*days, words)
            })
            .collect()
    }

    fn ticked(&self, scope: &Scope) -> bool {
        self.form.scopes.iter().any(|s| s == scope.as_str())
    }

    fn chosen(&self, days: &i64) -> bool {
        let chosen = self.form.expires_in.trim();
        if chosen.is_empty() {
            *days == 90
        } else {
            chosen == days.to_string()
        }
    }
}

async fn page(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    form: TokenForm,
    errors: FieldErrors,
    created: Option<String>,
) -> Result<String> {
    let now = OffsetDateTime::now_utc();
    let tokens = store::tokens::list(&state.db, user.person.id)
        .await?
        .into_iter()
        .map(|token| TokenRow {
            created: layout.moment(token.created_at, now),
            last_used: token.last_used_at.map(|at| layout.moment(at, now)),
            expires: token.expires_at.map(|at| layout.moment(at, now)),
            expired: token.expires_at.is_some_and(|at| at <= now),
            scopes: {
                let scopes = Scopes::from_stored(&token.scopes);
                if scopes.is_everything() {
                    layout.t("tokens-everything")
                } else {
                    scopes.describe()
                }
            },
            token,
        })
        .collect();
    let view = TokensPage {
        tokens,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        created,
    };
    Ok(view.render()?)
}

async fn tokens(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
) -> Result<Html<String>> {
    Ok(Html(
        page(
            &state,
            layout,
            &user,
            TokenForm::default(),
            FieldErrors::new(),
            None,
        )
        .await?,
    ))
}

async fn create_token(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<TokenForm>,
) -> Result<Response> {
    let mut errors = FieldErrors::new();
    let now = OffsetDateTime::now_utc();
    let name = text(&mut errors, "name", "Name", &form.name, true, 100);
    let scopes = Scopes::parse(&form.scopes, "scopes")
        .map_err(|e| errors.extend(e))
        .ok();
    let days = match form.expires_in.trim() {
        "" => Ok(90),
        d => d.parse::<i64>().map_err(|_| ()),
    };
    let expires_at = match days {
        Ok(days) => expiry(days, now, "expires_in")
            .map_err(|e| errors.extend(e))
            .ok(),
        Err(()) => {
            errors.add_said(
                "expires_in",
                Message::new("val-choose-how-long-the-token-lives"),
            );
            None
        }
    };
    let (Some(scopes), Some(expires_at), true) = (scopes, expires_at, errors.is_empty()) else {
        let html = page(&state, layout, &user, form, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let new = NewToken {
        name,
        scopes,
        expires_at,
    };
    let secret = app::tokens::issue(&state.ctx(), &user.actor(), &user.person, &new).await?;
    let html = page(
        &state,
        layout,
        &user,
        TokenForm::default(),
        FieldErrors::new(),
        Some(secret),
    )
    .await?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

async fn revoke_token(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    let token = app::tokens::revoke(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/settings/tokens",
        &lang.t1("flash-token-revoked", "name", &token.name),
    ))
}
