//! The home page: what is on fire right now.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use time::OffsetDateTime;

use super::format::Moment;
use super::incidents::Row;
use super::layout::Layout;
use super::routes::Routes;
use crate::AppState;
use crate::domain::action::{ActionItem, ActionStatus};
use crate::domain::filter::{Cursor, IncidentFilter, State as OpenState};
use crate::domain::incident::{Severity, Visibility};
use crate::domain::person::{Access, Role};
use crate::error::Result;
use crate::store;
use crate::store::action_items::ActionFilter;

/// Open incidents shown on the home page; the list page has the rest.
const OPEN_SHOWN: i64 = 100;
/// Required post-mortems shown on the home page; the report has the rest.
const DUE_SHOWN: i64 = 10;

impl HomePage {
    /// The home page's tables are not sortable.
    fn sort_link(&self, _column: &str) -> Option<(String, &'static str, &'static str)> {
        None
    }

    fn overdue(&self, item: &ActionItem) -> bool {
        item.overdue(self.now)
    }

    fn statuses(&self) -> &'static [ActionStatus] {
        ActionStatus::ALL
    }
}

pub fn routes() -> Routes {
    Routes::new().get("/", Access::Public, home)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    /// Open incidents grouped by severity, worst first; empty groups left out.
    groups: Vec<(Severity, Vec<Row>)>,
    more: bool,
    /// Open incidents where the viewer holds a role.
    mine: Vec<Row>,
    now: OffsetDateTime,
    /// The viewer's unfinished action items.
    actions: Vec<ActionItem>,
    /// Open incidents whose promised stakeholder update is late.
    overdue: Vec<(i64, String, Moment)>,
    /// Post-mortems the viewer was asked to review and has not approved.
    reviews: Vec<(i64, String)>,
    /// Required post-mortems not yet published (with when each is due), and how many.
    due: Vec<(store::postmortem_policy::Due, Moment)>,
    due_count: i64,
}

async fn home(State(state): State<AppState>, layout: Layout) -> Result<Response> {
    if layout.user.is_none() {
        if store::people::count(&state.db).await? == 0 {
            return super::session::first_run_page(&state, layout);
        }
        return Ok(Redirect::to("/login").into_response());
    }
    let filter = IncidentFilter {
        state: Some(OpenState::Open),
        ..Default::default()
    };
    let Some(user) = &layout.user else {
        return Ok(Redirect::to("/login").into_response());
    };
    let visibility = Visibility {
        person_id: Some(user.id),
        all: user.role == Role::Admin,
    };
    let page =
        store::incident_list::list(&state.db, &filter, Cursor::First, OPEN_SHOWN, visibility)
            .await?;
    let now = OffsetDateTime::now_utc();
    let more = page.older.is_some();
    let mine_filter = IncidentFilter {
        state: Some(OpenState::Open),
        member: Some(user.id),
        ..Default::default()
    };
    let mine = store::incident_list::list(
        &state.db,
        &mine_filter,
        Cursor::First,
        OPEN_SHOWN,
        visibility,
    )
    .await?
    .items
    .into_iter()
    .map(|item| Row::new(item, now, &layout))
    .collect();
    let mine_actions = ActionFilter {
        owner: Some(user.id),
        unfinished: true,
        ..Default::default()
    };
    let actions = store::action_items::actions(&state.db, &mine_actions, visibility, 50).await?;
    let reviews = store::postmortems::reviews_requested(&state.db, user.id, visibility).await?;
    let kept = state
        .copies
        .postmortems_due(&state.db, visibility, DUE_SHOWN)
        .await?;
    let (due, due_count) = kept.as_ref();
    let due_count = *due_count;
    let due = due
        .iter()
        .map(|d| (d.clone(), Moment::new(d.due, now).in_lang(layout.lang)))
        .collect();
    let overdue = store::updates::overdue(&state.db, visibility)
        .await?
        .into_iter()
        .map(|(number, title, due)| (number, title, Moment::new(due, now).in_lang(layout.lang)))
        .collect();
    let mut groups: Vec<(Severity, Vec<Row>)> =
        Severity::ALL.iter().map(|&s| (s, Vec::new())).collect();
    for item in page.items {
        let slot = groups.iter_mut().find(|(s, _)| *s == item.severity);
        if let Some((_, rows)) = slot {
            rows.push(Row::new(item, now, &layout));
        }
    }
    groups.retain(|(_, rows)| !rows.is_empty());
    let view = HomePage {
        layout,
        groups,
        more,
        mine,
        actions,
        overdue,
        reviews,
        due,
        due_count,
        now,
    };
    Ok(Html(view.render()?).into_response())
}
