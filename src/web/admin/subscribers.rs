//! `/admin/subscribers`: who subscribed to the status page (admins only: no address is ever
//! shown publicly), each webhook's deliveries, removing one, and the whole list as CSV.

use askama::Template;
use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::domain::ids::ServiceId;
use crate::domain::person::Access;
use crate::error::Result;
use crate::export::csv;
use crate::i18n::Lang;
use crate::store;
use crate::store::subscribers::Listed;
use crate::web::auth::CurrentUser;
use crate::web::download::attachment;
use crate::web::extract::Id;
use crate::web::format::Moment;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

/// Subscribers a page lists.
const PAGE: i64 = 50;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/subscribers", Access::ADMIN, list)
        .get("/admin/subscribers.csv", Access::ADMIN, export)
        .post("/admin/subscribers/{id}/remove", Access::ADMIN, remove)
}

/// A row as the page shows it.
pub struct Row {
    pub listed: Listed,
    pub since: Moment,
    /// The chosen components' public names; empty for everything.
    pub components: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/subscribers.html")]
struct SubscribersPage {
    layout: Layout,
    rows: Vec<Row>,
    /// (confirmed email, unconfirmed email, webhooks)
    counts: (i64, i64, i64),
    /// The query for the next page, when there is one.
    next: Option<String>,
    mail: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    /// The last row of the page before: its creation time (RFC 3339) and id.
    after: Option<String>,
    after_id: Option<Uuid>,
}

fn cursor(q: &PageQuery) -> Option<(OffsetDateTime, Uuid)> {
    let at = OffsetDateTime::parse(
        q.after.as_deref()?,
        &time::format_description::well_known::Rfc3339,
    )
    .ok()?;
    Some((at, q.after_id?))
}

/// Public names of `ids`, from the components `names` lists.
fn names(ids: &[ServiceId], names: &[store::status::Component]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            names
                .iter()
                .find(|c| c.service_id == *id)
                .map(|c| c.public_name.clone())
                .unwrap_or_else(|| "(no longer shown)".into())
        })
        .collect()
}

async fn list(
    State(state): State<AppState>,
    layout: Layout,
    Query(q): Query<PageQuery>,
) -> Result<Html<String>> {
    let now = OffsetDateTime::now_utc();
    let mut found = store::subscribers::page(&state.db, cursor(&q), PAGE + 1).await?;
    let more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    let components = store::status::components(&state.db).await?;
    let next = more.then(|| found.last()).flatten().map(|l| {
        serde_urlencoded::to_string([
            (
                "after",
                crate::domain::time::rfc3339(l.subscriber.created_at),
            ),
            ("after_id", l.subscriber.id.to_string()),
        ])
        .unwrap_or_default()
    });
    let rows = found
        .into_iter()
        .map(|listed| Row {
            since: layout.moment(listed.subscriber.created_at, now),
            components: names(&listed.subscriber.components, &components),
            listed,
        })
        .collect();
    let page = SubscribersPage {
        counts: store::subscribers::counts(&state.db).await?,
        rows,
        next,
        mail: state.mailer.is_some(),
        layout,
    };
    Ok(Html(page.render()?))
}

async fn remove(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    let gone = app::subscriptions::remove(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/admin/subscribers",
        &lang.t1("flash-subscriber-removed", "address", &gone.address),
    ))
}

/// Every subscriber as CSV, read a thousand at a time as the client takes them.
async fn export(State(state): State<AppState>) -> Result<Response> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(4);
    tokio::spawn(async move {
        let components = match store::status::components(&state.db).await {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "subscriber export failed");
                let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                return;
            }
        };
        let mut buf = csv::line([
            "kind",
            "address",
            "confirmed_at",
            "components",
            "subscribed_at",
        ]);
        let mut after = None;
        loop {
            let page = match store::subscribers::export_page(&state.db, after, 1000).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "subscriber export failed");
                    let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            };
            let last = page.len() < 1000;
            for s in &page {
                let chosen = if s.components.is_empty() {
                    "all".to_owned()
                } else {
                    names(&s.components, &components).join("; ")
                };
                buf.push_str(&csv::line([
                    s.channel.as_str().to_owned(),
                    s.address.clone(),
                    s.confirmed_at
                        .map(crate::domain::time::rfc3339)
                        .unwrap_or_default(),
                    chosen,
                    crate::domain::time::rfc3339(s.created_at),
                ]));
            }
            after = page.last().map(|s| (s.created_at, s.id));
            if tx
                .send(Ok(Bytes::from(std::mem::take(&mut buf))))
                .await
                .is_err()
                || last
            {
                return;
            }
        }
    });
    let body = Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));
    Ok(attachment(
        "text/csv; charset=utf-8",
        "subscribers.csv",
        body,
    ))
}
