//! The incident list: newest first, with filters, search and keyset pages.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Query;

use time::OffsetDateTime;

use crate::AppState;
use crate::domain::filter::{Page, Sort};
use crate::domain::incident::{IncidentListItem, Kind, Severity, Status};
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::format::Moment;
use crate::web::forms::ListQuery;
use crate::web::layout::Layout;

#[derive(Template)]
#[template(path = "incidents/list.html")]
struct ListPage {
    layout: Layout,
    query: ListQuery,
    errors: FieldErrors,
    page: Page<Row>,
    services: Vec<String>,
}

/// A list row, formatted.
pub struct Row {
    pub item: IncidentListItem,
    pub started: Moment,
    pub resolved: Option<Moment>,
}

impl Row {
    /// A row as `layout`'s viewer reads it.
    pub fn new(item: IncidentListItem, now: OffsetDateTime, layout: &Layout) -> Self {
        let moment = |at| Moment::new(at, now).in_lang(layout.lang);
        Row {
            started: moment(item.impact_started_at),
            resolved: item.resolved_at.map(moment),
            item,
        }
    }
}

impl ListPage {
    /// Sorted some other way than newest first.
    fn sorted(&self) -> bool {
        self.query
            .sort
            .as_deref()
            .and_then(|s| s.parse::<Sort>().ok())
            .is_some_and(|s| s != Sort::Newest)
    }

    /// For a sortable column: the link that sorts by it (newest first toggles with
    /// oldest first), with the filters kept, its aria-sort state and its arrow.
    fn sort_link(&self, column: &str) -> Option<(String, &'static str, &'static str)> {
        let current = self
            .query
            .sort
            .as_deref()
            .and_then(|s| s.parse::<Sort>().ok())
            .unwrap_or_default();
        let (target, state) = match column {
            "newest" => match current {
                Sort::Newest => (Sort::Oldest, "descending"),
                Sort::Oldest => (Sort::Newest, "ascending"),
                _ => (Sort::Newest, "none"),
            },
            "severity" => (
                Sort::Severity,
                if current == Sort::Severity {
                    "ascending"
                } else {
                    "none"
                },
            ),
            "started" => (
                Sort::Started,
                if current == Sort::Started {
                    "descending"
                } else {
                    "none"
                },
            ),
            _ => return None,
        };
        let extra = [("sort", target.as_str().to_owned())];
        let arrow = match state {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        Some((self.query.link(Some("sort"), &extra), state, arrow))
    }

    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn filtered(&self) -> bool {
        !self.query.filter_pairs().iter().all(|(k, _)| *k == "limit")
    }

    /// Active filters as (label, link that removes it).
    fn chips(&self) -> Vec<(String, String)> {
        self.query
            .filter_pairs()
            .into_iter()
            .filter(|(k, _)| *k != "limit")
            .map(|(k, v)| {
                let layout = &self.layout;
                let label = match k {
                    "q" => format!("“{v}”"),
                    "from" | "to" => layout.t1(&format!("list-chip-{k}"), "day", v),
                    _ => format!("{}: {v}", layout.t(&format!("filter-{k}"))),
                };
                (label, self.query.link(Some(k), &[]))
            })
            .collect()
    }

    fn older_link(&self) -> Option<String> {
        self.page
            .older
            .map(|n| self.query.link(None, &[("before", n.to_string())]))
    }

    fn newer_link(&self) -> Option<String> {
        self.page
            .newer
            .map(|n| self.query.link(None, &[("after", n.to_string())]))
    }

    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    fn statuses(&self) -> &'static [Status] {
        Status::ALL
    }
}

pub(super) async fn list(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Query(query): Query<ListQuery>,
) -> Result<Response> {
    let services = state.copies.service_names(&state.db).await?.to_vec();
    let now = OffsetDateTime::now_utc();
    let (page, errors, status) = match query.parse() {
        Ok((mut filter, cursor, limit)) => {
            state
                .copies
                .canonicalise(&state.db, &mut filter.service)
                .await?;
            let page =
                store::incident_list::list(&state.db, &filter, cursor, limit, user.visibility())
                    .await?;
            let page = Page {
                items: page
                    .items
                    .into_iter()
                    .map(|i| Row::new(i, now, &layout))
                    .collect(),
                older: page.older,
                newer: page.newer,
            };
            (page, FieldErrors::new(), StatusCode::OK)
        }
        Err(errors) => (
            Page {
                items: Vec::new(),
                older: None,
                newer: None,
            },
            errors.in_lang(layout.lang),
            StatusCode::BAD_REQUEST,
        ),
    };
    let view = ListPage {
        query,
        errors: errors.in_lang(layout.lang),
        layout,
        page,
        services,
    };
    Ok((status, Html(view.render()?)).into_response())
}
