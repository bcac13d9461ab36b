//! One error type for handlers. Pages answer with a friendly HTML page; the API wraps it in
//! [`ApiError`] and answers with an RFC 9457 problem document.

use crate::i18n::Lang;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

use crate::database::health::unavailable;
use crate::domain::validation::{FieldError, FieldErrors};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No valid session or token.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A form without the right CSRF token.
    #[error("CSRF token missing or wrong")]
    CsrfRejected,
    /// Refused with a given status and message.
    #[error("refused: {1}")]
    Refused(StatusCode, String),
    #[error("invalid input")]
    Validation(FieldErrors),
    /// A body that is not what the endpoint reads (a malformed alert notification, say):
    /// 400 with what is wrong with each field.
    #[error("malformed body")]
    Malformed(FieldErrors),
    /// A save based on a stale version. Carries the current state for the API to show.
    #[error("conflict: {message}")]
    Conflict {
        message: String,
        current: Option<serde_json::Value>,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<crate::app::Error> for AppError {
    fn from(e: crate::app::Error) -> Self {
        use crate::app::Error;
        match e {
            Error::NotFound => AppError::NotFound,
            Error::Forbidden(message) => AppError::Refused(StatusCode::FORBIDDEN, message),
            Error::Invalid(errors) => AppError::Validation(errors),
            Error::Database(e) => AppError::Database(e),
            Error::Other(e) => AppError::Other(e),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Refused(status, _) => *status,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            _ if self.database_unavailable() || self.disk_full() => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Render(_) | AppError::Other(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// Whether the database could not be used (a broken or refused connection, a server
    /// going away): not the request's fault, and worth asking again shortly.
    fn database_unavailable(&self) -> bool {
        self.database_error().is_some_and(unavailable)
    }

    /// Whether the database refused a write for want of disk space (SQLSTATE 53100): it
    /// still answers, so this is no outage, but nothing can be saved until space is freed.
    fn disk_full(&self) -> bool {
        self.database_error()
            .and_then(|e| e.as_database_error())
            .and_then(|e| e.code())
            .is_some_and(|code| code == "53100")
    }

    /// The database error behind this one, if any.
    fn database_error(&self) -> Option<&sqlx::Error> {
        match self {
            AppError::Database(e) => Some(e),
            AppError::Other(e) => e.chain().find_map(|cause| cause.downcast_ref()),
            _ => None,
        }
    }

    /// What a person reading `lang` may be told: the fixed messages in their language, the
    /// others (a refusal's own words) as they are.
    fn public_message_in(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.public_message();
        }
        let key = match self {
            AppError::NotFound => "problem-not-found",
            AppError::Unauthorized => "problem-unauthorized",
            AppError::Forbidden => "problem-forbidden",
            AppError::CsrfRejected => "problem-csrf",
            AppError::Validation(_) => "problem-validation",
            AppError::Malformed(_) => "problem-malformed",
            AppError::Database(sqlx::Error::PoolTimedOut) => "problem-overloaded",
            _ if self.database_unavailable() => "problem-database-lost",
            _ if self.disk_full() => "problem-disk-full",
            AppError::BadRequest(_) | AppError::Refused(..) | AppError::Conflict { .. } => {
                return self.public_message();
            }
            _ => "problem-internal",
        };
        lang.t(key)
    }

    /// What a person may be told. Internal details stay in the log.
    fn public_message(&self) -> String {
        match self {
            AppError::NotFound => "There is nothing at this address.".into(),
            AppError::BadRequest(m) | AppError::Refused(_, m) => m.clone(),
            AppError::Unauthorized => {
                "Sign in first. Scripts send an API token as Authorization: Bearer <token>.".into()
            }
            AppError::Forbidden => {
                "Your role does not allow this. Ask an admin if you need it.".into()
            }
            AppError::CsrfRejected => "This form has expired or did not come from Murphy. \
                                       Go back, reload the page and try again; nothing was saved."
                .into(),
            AppError::Validation(_) => "Some fields need attention.".into(),
            AppError::Malformed(_) => "The body cannot be read; nothing was changed.".into(),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::Database(sqlx::Error::PoolTimedOut) => {
                "Murphy is overloaded or cannot reach its database. Try again shortly.".into()
            }
            _ if self.database_unavailable() => DATABASE_LOST.into(),
            _ if self.disk_full() => DISK_FULL.into(),
            _ => "Something went wrong on our side. It has been logged.".into(),
        }
    }

    /// Logs what went wrong on our side. A lost database is logged once, when
    /// [`Health`](crate::database::health::Health) notices, not on every request it fails;
    /// a deliberate refusal is an answer, not a failure.
    fn log(&self) {
        if self.database_unavailable() {
            tracing::debug!(error = %self, "request failed: the database is unavailable");
        } else if matches!(self, AppError::Refused(..)) {
            tracing::debug!(error = %self, "request refused");
        } else if self.status().is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
    }

    /// Marks a response to a request that found the database unavailable, so that the
    /// gate in front of the routes tells [`Health`](crate::database::health::Health).
    fn mark(&self, response: &mut Response) {
        if self.database_unavailable() {
            response.extensions_mut().insert(DatabaseLost);
        }
    }
}

/// What a request whose database connection broke under it is told.
const DATABASE_LOST: &str = "Murphy lost its connection to the database while working on \
                             this. If you were saving something, check whether it was saved \
                             before sending it again.";

/// The heading of the page shown while the database is away (a message's key).
pub const UNREACHABLE_HEADING: &str = "unavailable-heading";
/// The heading of the page shown when a write found the disk full (a message's key).
const DISK_FULL_HEADING: &str = "disk-full-heading";

/// What a write refused for want of disk space is told.
const DISK_FULL: &str = "Murphy's database has run out of disk space, so nothing was saved. \
                         Tell whoever runs Murphy; send this again once space has been freed.";

/// On a response: the request found the database unavailable.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseLost;

/// Seconds a client is asked to wait before trying again when the database is away.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The page shown while Murphy cannot reach its database. A page that was asked for (GET)
/// reloads itself until the database is back; a form that was sent says so.
#[derive(Template)]
#[template(path = "unavailable.html")]
pub struct UnavailablePage {
    /// The heading's message key.
    pub heading: &'static str,
    pub message: String,
    /// When the outage began, if it is known.
    pub since: Option<crate::web::format::Moment>,
    /// Reload the page after this many seconds (pages that were asked for, not forms).
    pub reload_after: Option<u32>,
    pub layout: crate::web::layout::Layout,
}

impl UnavailablePage {
    pub fn into_response(self) -> Response {
        let mut response = match self.render() {
            Ok(html) => (StatusCode::SERVICE_UNAVAILABLE, Html(html)).into_response(),
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, self.message).into_response(),
        };
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        response
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
    pub layout: crate::web::layout::Layout,
}

impl ErrorPage {
    pub fn new(status: StatusCode, message: String) -> Self {
        let layout = crate::web::layout::Layout::current();
        ErrorPage {
            status: status.as_u16(),
            title: status_title(status, layout.lang),
            message,
            layout,
        }
    }

    pub fn into_response_with(self, status: StatusCode) -> Response {
        match self.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, self.message).into_response(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let mut response = if self.database_unavailable() || self.disk_full() {
            UnavailablePage {
                heading: if self.disk_full() {
                    DISK_FULL_HEADING
                } else {
                    UNREACHABLE_HEADING
                },
                message: self.public_message_in(crate::web::layout::Layout::current().lang),
                since: None,
                reload_after: None,
                layout: crate::web::layout::Layout::current(),
            }
            .into_response()
        } else {
            let status = self.status();
            let lang = crate::web::layout::Layout::current().lang;
            ErrorPage::new(status, self.public_message_in(lang)).into_response_with(status)
        };
        self.mark(&mut response);
        response
    }
}

/// An [`AppError`] answered as `application/problem+json`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

/// A status's name ("Not Found") in `lang`.
fn status_title(status: StatusCode, lang: Lang) -> String {
    let english = status.canonical_reason().unwrap_or("Error");
    if lang == Lang::En {
        return english.to_owned();
    }
    lang.lookup(&format!("status-code-{}", status.as_u16()), &[])
        .unwrap_or_else(|| english.to_owned())
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Per-field messages for invalid input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<ProblemField>)]
    pub errors: Vec<FieldError>,
    /// On a conflict, the record as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
}

/// One invalid field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// The JSON key of the field.
    pub field: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let err = self.0;
        err.log();
        let status = err.status();
        // In the language the request asked for (Accept-Language); `type` and the field
        // names stay as they are.
        let lang = crate::web::layout::Layout::current().lang;
        let detail = err.public_message_in(lang);
        let lost = err.database_unavailable();
        let full = err.disk_full();
        let (kind, errors, current) = match err {
            AppError::Validation(errors) => (
                "urn:murphy:problem:validation",
                errors.in_lang(lang).into_vec(),
                None,
            ),
            AppError::Malformed(errors) => {
                ("urn:murphy:problem:malformed", errors.into_vec(), None)
            }
            AppError::Conflict { current, .. } => {
                ("urn:murphy:problem:conflict", Vec::new(), current)
            }
            _ => ("about:blank", Vec::new(), None),
        };
        let problem = Problem {
            kind: kind.into(),
            title: status_title(status, lang),
            status: status.as_u16(),
            detail,
            errors,
            current,
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"murphy\""),
            );
        }
        if lost {
            response.extensions_mut().insert(DatabaseLost);
        }
        if lost || full {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}
