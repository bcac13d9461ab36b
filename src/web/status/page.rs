//! The status page as people read it: the overall state, open incidents with their public
//! updates, each component's state and 90 days of uptime, recent history; the history by
//! month; one incident's public story. No sign-in, no names of people, times in UTC (the
//! browser shows them in the reader's zone when it runs the script).

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use time::{Date, Duration, Month, OffsetDateTime, Time};

use super::{ComponentView, IncidentView, MaintenanceView, Rendered, Snapshot};
use crate::AppState;
use crate::domain::status::{UptimeDay, incident_impact, incident_status, uptime_label};
use crate::domain::time::rfc3339;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store;
use crate::store::status::{PublicUpdate, Which};

/// How many days of resolved incidents the front page lists.
const RECENT_DAYS: i64 = 14;

/// An instant on the status page: the exact value for `datetime`, "1 Dec 2026, 14:32 UTC"
/// for the text (the script turns it into the reader's time).
pub struct Stamp {
    pub iso: String,
    pub text: String,
}

impl Stamp {
    pub fn new(at: OffsetDateTime, lang: Lang) -> Stamp {
        Stamp {
            iso: rfc3339(at),
            text: lang.date_time_utc(at),
        }
    }
}

/// A group of components under its heading ("" for those without a group).
pub struct Group<'a> {
    pub name: &'a str,
    pub components: Vec<&'a ComponentView>,
}

/// One update as the page shows it.
pub struct UpdateRow<'a> {
    pub update: &'a PublicUpdate,
    pub status: &'static str,
    pub at: Stamp,
}

/// An incident as a card: title, impact, the components it affects, its updates.
pub struct IncidentCard<'a> {
    pub view: &'a IncidentView,
    pub status: &'static str,
    pub impact: &'static str,
    pub components: Vec<&'a str>,
    pub updates: Vec<UpdateRow<'a>>,
    pub started: Stamp,
    pub resolved: Option<Stamp>,
}

impl<'a> IncidentCard<'a> {
    pub fn new(s: &'a Snapshot, view: &'a IncidentView, lang: Lang) -> Self {
        let i = &view.incident;
        IncidentCard {
            status: incident_status(i.status),
            impact: incident_impact(i.severity),
            components: view
                .affected
                .iter()
                .filter_map(|(service, _)| s.component_name(*service))
                .collect(),
            updates: view
                .updates
                .iter()
                .map(|u| UpdateRow {
                    update: u,
                    status: super::api::update_status(view, u.published_at),
                    at: Stamp::new(u.published_at, lang),
                })
                .collect(),
            started: Stamp::new(i.impact_started_at, lang),
            resolved: i.resolved_at.map(|at| Stamp::new(at, lang)),
            view,
        }
    }

    pub fn number(&self) -> i64 {
        self.view.incident.number
    }

    pub fn title(&self) -> &str {
        &self.view.incident.title
    }
}

/// A day of an uptime bar, drawn as one cell of the SVG.
pub struct Cell {
    pub x: usize,
    pub tone: &'static str,
    pub title: String,
}

fn cells(days: &[UptimeDay], lang: Lang) -> Vec<Cell> {
    days.iter()
        .enumerate()
        .map(|(n, d)| {
            let what = if d.worst.is_none() {
                lang.t("st-no-incidents")
            } else {
                let refs: Vec<String> = d.incidents.iter().map(|n| format!("#{n}")).collect();
                lang.t_with(
                    "st-impact-of",
                    &[
                        ("span", &crate::web::format::minutes(d.minutes)),
                        ("incidents", &refs.join(", ")),
                    ],
                )
            };
            Cell {
                x: n * 5,
                tone: d.tone(),
                title: format!("{}: {what}", lang.day_label(d.date)),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "status/index.html")]
struct IndexPage<'a> {
    name: &'a str,
    s: &'a Snapshot,
    groups: Vec<Group<'a>>,
    open: Vec<IncidentCard<'a>>,
    /// Resolved incidents of the last days, by day (newest first).
    recent: Vec<(String, Vec<IncidentCard<'a>>)>,
    updated: Stamp,
    lang: Lang,
}

impl IndexPage<'_> {
    fn cells(&self, c: &ComponentView) -> Vec<Cell> {
        cells(&c.days, self.lang)
    }

    fn uptime(&self, c: &ComponentView) -> String {
        self.lang.decimal_mark(&uptime_label(c.uptime))
    }

    /// A maintenance window's start and end.
    fn window(&self, m: &MaintenanceView) -> (Stamp, Stamp) {
        (
            Stamp::new(m.maintenance.starts_at, self.lang),
            Stamp::new(m.maintenance.ends_at, self.lang),
        )
    }

    fn names(&self, m: &MaintenanceView) -> String {
        m.components
            .iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn first_day(&self, c: &ComponentView) -> String {
        c.days
            .first()
            .map(|d| self.lang.day_label(d.date))
            .unwrap_or_default()
    }
}

pub(super) fn index(state: &AppState, s: &Snapshot, lang: Lang) -> Result<Rendered> {
    let mut groups: Vec<Group> = Vec::new();
    for c in &s.components {
        match groups.last_mut() {
            Some(g) if g.name == c.component.group => g.components.push(c),
            _ => groups.push(Group {
                name: &c.component.group,
                components: vec![c],
            }),
        }
    }
    let since = s.now - Duration::days(RECENT_DAYS);
    let mut recent: Vec<(String, Vec<IncidentCard>)> = Vec::new();
    for view in s.newest.iter().filter(|v| {
        !v.incident.status.is_open() && v.incident.resolved_at.is_some_and(|r| r >= since)
    }) {
        let day = lang.day_label(view.incident.impact_started_at.date());
        let card = IncidentCard::new(s, view, lang);
        match recent.last_mut() {
            Some((d, cards)) if *d == day => cards.push(card),
            _ => recent.push((day, vec![card])),
        }
    }
    let page = IndexPage {
        name: state.status_name_in(lang),
        s,
        groups,
        open: s
            .open
            .iter()
            .map(|v| IncidentCard::new(s, v, lang))
            .collect(),
        recent,
        updated: Stamp::new(s.now, lang),
        lang,
    };
    Ok(Rendered::new(
        page.render()?,
        "text/html; charset=utf-8",
        s.updated_at,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct HistoryQuery {
    /// The newest month shown, "2026-11"; this month when absent.
    month: String,
}

#[derive(Template)]
#[template(path = "status/history.html")]
struct HistoryPage<'a> {
    name: &'a str,
    months: Vec<(String, Vec<IncidentCard<'a>>)>,
    /// The links to the three months before and after, when there are any.
    older: String,
    newer: Option<String>,
    lang: Lang,
}

fn first_of(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).expect("the first of a month exists")
}

fn month_key(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// How many months a history page shows.
const MONTHS: u8 = 3;

pub(super) async fn history(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Query(q): Query<HistoryQuery>,
) -> Result<Html<String>> {
    let now = OffsetDateTime::now_utc();
    let this = first_of(now.year(), now.month());
    let newest = match q.month.split_once('-') {
        None if q.month.is_empty() => this,
        Some((y, m)) => {
            let parsed = y
                .parse::<i32>()
                .ok()
                .zip(m.parse::<u8>().ok().and_then(|m| Month::try_from(m).ok()));
            match parsed {
                Some((y, m)) if (1970..=9999).contains(&y) => first_of(y, m).min(this),
                _ => return Err(AppError::NotFound),
            }
        }
        None => return Err(AppError::NotFound),
    };
    let snapshot = state.copies.status.snapshot(&state.db).await?;
    Ok(Html(render_history(&state, &snapshot, newest, lang).await?))
}

/// The history page of the three months up to `newest` (the first of a month).
pub(super) async fn render_history(
    state: &AppState,
    snapshot: &Snapshot,
    newest: Date,
    lang: Lang,
) -> Result<String> {
    let this = first_of(snapshot.now.year(), snapshot.now.month());
    // The months shown, newest first: [newest - 2 months, newest + 1 month).
    let mut firsts = vec![newest];
    for _ in 1..MONTHS {
        let last = *firsts.last().expect("one month at least");
        let before = last - Duration::days(1);
        firsts.push(first_of(before.year(), before.month()));
    }
    let oldest = *firsts.last().expect("one month at least");
    let after_newest = {
        let next = newest + Duration::days(31);
        first_of(next.year(), next.month())
    };
    let start = |d: Date| d.with_time(Time::MIDNIGHT).assume_utc();
    let list = store::status::incidents(
        &state.db,
        Which::Started(start(oldest), start(after_newest)),
    )
    .await?;
    let ids: Vec<_> = list.iter().map(|i| i.id).collect();
    let updates = store::status::updates(&state.db, &ids).await?;
    let views: Vec<IncidentView> = list
        .into_iter()
        .map(|incident| IncidentView {
            updates: updates
                .iter()
                .filter(|u| u.incident_id == incident.id)
                .cloned()
                .collect(),
            affected: Vec::new(),
            incident,
        })
        .collect();
    let months = firsts
        .iter()
        .map(|first| {
            let label = lang.month_year(*first);
            let cards = views
                .iter()
                .filter(|v| {
                    let d = v.incident.impact_started_at.date();
                    d.year() == first.year() && d.month() == first.month()
                })
                .map(|v| IncidentCard::new(snapshot, v, lang))
                .collect();
            (label, cards)
        })
        .collect();
    let page = HistoryPage {
        name: state.status_name_in(lang),
        months,
        older: month_key(oldest - Duration::days(1)),
        newer: (newest < this).then(|| {
            let d = after_newest + Duration::days(31 * (MONTHS as i64 - 1));
            month_key(first_of(d.year(), d.month()).min(this))
        }),
        lang,
    };
    Ok(page.render()?)
}

/// The first of the month `now` is in.
pub(super) fn this_month(now: OffsetDateTime) -> Date {
    first_of(now.year(), now.month())
}

#[derive(Template)]
#[template(path = "status/incident.html")]
struct IncidentPage<'a> {
    name: &'a str,
    card: IncidentCard<'a>,
    lang: Lang,
}

pub(super) async fn incident(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(number): Path<String>,
) -> Result<Html<String>> {
    let number: i64 = number.parse().map_err(|_| AppError::NotFound)?;
    let snapshot = state.copies.status.snapshot(&state.db).await?;
    let kept = snapshot
        .open
        .iter()
        .chain(&snapshot.newest)
        .find(|v| v.incident.number == number)
        .cloned();
    let view = match kept {
        Some(view) => view,
        None => {
            let found = store::status::incident(&state.db, number)
                .await?
                .ok_or(AppError::NotFound)?;
            let updates = store::status::updates(&state.db, &[found.id]).await?;
            let affected = store::status::affected(&state.db, &[found.id]).await?;
            IncidentView {
                incident: found,
                updates,
                affected: affected.into_iter().map(|(_, s, i)| (s, i)).collect(),
            }
        }
    };
    Ok(Html(render_incident(&state, &snapshot, &view, lang)?))
}

/// One incident's public page.
pub(super) fn render_incident(
    state: &AppState,
    snapshot: &Snapshot,
    view: &IncidentView,
    lang: Lang,
) -> Result<String> {
    let page = IncidentPage {
        name: state.status_name_in(lang),
        card: IncidentCard::new(snapshot, view, lang),
        lang,
    };
    Ok(page.render()?)
}

#[derive(Template)]
#[template(path = "status/widget.html")]
struct WidgetPage<'a> {
    name: &'a str,
    base: &'a str,
    s: &'a Snapshot,
    lang: Lang,
}

/// The page's state and its components, small enough for another site to frame.
pub(super) fn widget(state: &AppState, s: &Snapshot, lang: Lang) -> Result<Rendered> {
    let page = WidgetPage {
        name: state.status_name_in(lang),
        base: &state.public_url,
        s,
        lang,
    };
    Ok(Rendered::new(page.render()?, "text/html; charset=utf-8", s.updated_at).framable())
}
