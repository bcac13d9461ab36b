//! What every page shares: the flash message that says what the last action did.
//!
//! An action answers with a redirect carrying the message in a short-lived cookie
//! ([`redirect_with_flash`]); [`flash_middleware`] hands it to the next page and clears it.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::{CSRF_COOKIE, CurrentUser, cookie};
use super::format::{Moment, Zone};
use crate::AppState;
use crate::domain::incident::{Kind, Severity, Status};
use crate::domain::person::{Person, Role};
use crate::i18n::{Lang, ToArg};

const COOKIE: &str = "murphy_flash";

/// The browser's IANA time zone, set by `static/app.js`.
const ZONE_COOKIE: &str = "murphy_tz";

/// The message shown once at the top of the next page.
#[derive(Debug, Clone)]
struct Flash(String);

/// The parts of the base template every page fills.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub flash: Option<String>,
    /// The signed-in person, for the menu.
    pub user: Option<Person>,
    /// The token every form posts back as `csrf_token`.
    pub csrf: String,
    /// The zone the viewer reads clock times in.
    pub zone: Zone,
    /// The language the page is written in (see [`choose_language`]).
    pub lang: Lang,
}

impl Layout {
    /// Appended to asset URLs so a new release is never served stale CSS.
    pub fn asset_version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }

    /// `at` as this viewer reads it.
    pub fn moment(&self, at: time::OffsetDateTime, now: time::OffsetDateTime) -> Moment {
        Moment::in_zone(at, now, &self.zone).in_lang(self.lang)
    }

    /// The message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message named `prefix` and `suffix` together: `tk("source-", "api")`.
    pub fn tk(&self, prefix: &str, suffix: &str) -> String {
        self.lang.tk(prefix, suffix)
    }

    /// The message `key` with one variable.
    pub fn t1(&self, key: &str, name: &'static str, value: impl ToArg) -> String {
        self.lang.t1(key, name, value)
    }

    /// The message `key` with two variables.
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        a_value: impl ToArg,
        b: &'static str,
        b_value: impl ToArg,
    ) -> String {
        self.lang.t2(key, a, a_value, b, b_value)
    }

    /// "at least 10 characters": how long a new password must be.
    pub fn password_hint(&self) -> String {
        self.t1(
            "account-password-hint",
            "min",
            crate::domain::person::PASSWORD_MIN,
        )
    }

    /// A factor's or trigger's name in the page's language (see `taxonomy::tag_name`).
    pub fn tag_name(&self, name: &str) -> String {
        crate::domain::taxonomy::tag_name(name, self.lang)
    }

    pub fn tag_about(&self, name: &str, description: &str) -> String {
        crate::domain::taxonomy::tag_description(name, description, self.lang)
    }

    /// A severity's one-word name: "Critical", "Crítica".
    pub fn severity_word(&self, s: &Severity) -> String {
        self.t(&format!("severity-{}", s.as_str()))
    }

    /// What a severity means, in a sentence.
    pub fn severity_meaning(&self, s: &Severity) -> String {
        self.t(&format!("severity-meaning-{}", s.as_str()))
    }

    pub fn status_label(&self, s: &Status) -> String {
        self.t(&format!("status-{}", s.as_str()))
    }

    pub fn kind_label(&self, k: &Kind) -> String {
        self.t(&format!("kind-{}", k.as_str()))
    }

    /// The footer's keyboard line, the keys in `<kbd>`: the words are escaped, the markup
    /// is Murphy's.
    pub fn footer_keys(&self) -> askama::filters::Safe<String> {
        let text =
            crate::markdown::escape(&self.t2("footer-keys", "search", "\u{1}", "declare", "\u{2}"));
        askama::filters::Safe(
            text.replace('\u{1}', "<kbd>/</kbd>")
                .replace('\u{2}', "<kbd>n</kbd>"),
        )
    }

    /// The footer's line about the API, its name a link.
    pub fn footer_api(&self) -> askama::filters::Safe<String> {
        let text = crate::markdown::escape(&self.t1("footer-api", "api", "\u{1}"));
        let link = format!(
            "<a href=\"/api/docs/\">{}</a>",
            crate::markdown::escape(&self.t("footer-api-link"))
        );
        askama::filters::Safe(text.replace('\u{1}', &link))
    }

    pub fn can_respond(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role >= Role::Responder)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Layout {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let user = parts.extensions.get::<CurrentUser>();
        let csrf = match user {
            Some(u) => u.csrf.clone(),
            None => cookie(&parts.headers, CSRF_COOKIE).unwrap_or("").to_owned(),
        };
        Ok(Layout {
            flash: parts.extensions.get::<Flash>().map(|f| f.0.clone()),
            user: user.map(|u| u.person.clone()),
            csrf,
            zone: cookie(&parts.headers, ZONE_COOKIE)
                .and_then(Zone::named)
                .unwrap_or_default(),
            lang: parts.extensions.get::<Lang>().copied().unwrap_or_default(),
        })
    }
}

/// A 303 to `to` that shows `message` on the page it leads to.
pub fn redirect_with_flash(to: &str, message: &str) -> Response {
    let value = serde_urlencoded::to_string([("m", message)]).unwrap_or_default();
    let cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

fn read_flash(req: &Request) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .find_map(|value| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(value)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "m")
                .map(|(_, m)| m)
        })
}

tokio::task_local! {
    /// The request's layout, for pages drawn where no extractor reaches: error pages.
    static CURRENT: Layout;
}

impl Layout {
    /// The layout of the request being answered (who is signed in, the zone), without its
    /// flash message; the signed-out layout outside a request.
    pub fn current() -> Layout {
        CURRENT
            .try_with(|layout| Layout {
                flash: None,
                ..layout.clone()
            })
            .unwrap_or_default()
    }
}

/// Moves the flash cookie into the request, and clears it once a page has shown it. Error
/// pages drawn while answering see who is signed in through [`Layout::current`].
pub async fn flash_middleware(mut req: Request, next: Next) -> Response {
    let flash = read_flash(&req);
    let had_flash = flash.is_some();
    if let Some(message) = flash {
        req.extensions_mut().insert(Flash(message));
    }
    let (mut parts, body) = req.into_parts();
    let Ok(layout) = Layout::from_request_parts(&mut parts, &()).await;
    let req = Request::from_parts(parts, body);
    let mut response = CURRENT.scope(layout, next.run(req)).await;
    if had_flash && !response.status().is_redirection() {
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static("murphy_flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        );
    }
    response
}

/// Chooses the language of the answer: `?lang=` when given, else the signed-in person's
/// choice, else the browser's `Accept-Language`, else the instance's default. Pages read it
/// from [`Layout::lang`]; the answer says it in `Content-Language`.
pub async fn choose_language(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    // Most requests carry no `lang=`: their query is not parsed for it.
    let asked = req
        .uri()
        .query()
        .filter(|q| q.contains("lang="))
        .and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::from_accept_language(&v))
        });
    let chosen = req
        .extensions()
        .get::<CurrentUser>()
        .and_then(|u| u.person.language);
    let browser = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language);
    let lang = asked
        .or(chosen)
        .or(browser)
        .unwrap_or(state.default_language);
    req.extensions_mut().insert(lang);
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.as_str()),
    );
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// A page whose address holds a secret (a reset or subscription link): neither cached nor
/// sent on as the referrer of its links.
pub fn private_page(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        axum::response::Html(html),
    )
        .into_response()
}
