//! The status page for readers that poll: an Atom and an RSS feed of public updates, and
//! an SVG badge of the page's state or one component's.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use time::OffsetDateTime;

use super::{Doc, Rendered, Snapshot, serve};
use crate::AppState;
use crate::domain::ids::ServiceId;
use crate::domain::status::ComponentState;
use crate::domain::time::rfc3339;
use crate::error::{AppError, Result};
use crate::i18n::Lang;
use crate::store::status::PublicUpdate;

/// The most entries a feed carries.
const ENTRIES: usize = 100;

/// One public update as a feed entry.
pub struct Entry<'a> {
    pub update: &'a PublicUpdate,
    pub title: &'a str,
    pub status: &'static str,
    pub link: String,
    pub published: String,
    pub rfc822: String,
}

fn entries<'a>(state: &AppState, s: &'a Snapshot) -> Vec<Entry<'a>> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Entry> = s
        .open
        .iter()
        .chain(&s.newest)
        .filter(|v| seen.insert(v.incident.number))
        .flat_map(|v| {
            v.updates.iter().map(move |u| Entry {
                update: u,
                title: &v.incident.title,
                status: super::api::update_status(v, u.published_at),
                link: format!(
                    "{}/status/incidents/{}",
                    state.public_url, v.incident.number
                ),
                published: rfc3339(u.published_at),
                rfc822: rfc822(u.published_at),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.update
            .published_at
            .cmp(&a.update.published_at)
            .then(b.update.id.cmp(&a.update.id))
    });
    out.truncate(ENTRIES);
    out
}

/// "Tue, 01 Dec 2026 14:32:00 +0000", as RSS dates are written.
fn rfc822(at: OffsetDateTime) -> String {
    super::http_date(at).replace(" GMT", " +0000")
}

#[derive(Template)]
#[template(path = "status/feed.xml")]
struct AtomFeed<'a> {
    name: &'a str,
    base: &'a str,
    updated: String,
    entries: Vec<Entry<'a>>,
}

pub(super) fn atom(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    let feed = AtomFeed {
        name: state.status_name_in(crate::i18n::Lang::En),
        base: &state.public_url,
        updated: rfc3339(s.updated_at),
        entries: entries(state, s),
    };
    Ok(Rendered::new(
        feed.render()?,
        "application/atom+xml; charset=utf-8",
        s.updated_at,
    ))
}

#[derive(Template)]
#[template(path = "status/feed-rss.xml")]
struct RssFeed<'a> {
    name: &'a str,
    base: &'a str,
    updated: String,
    entries: Vec<Entry<'a>>,
}

pub(super) fn rss(state: &AppState, s: &Snapshot) -> Result<Rendered> {
    let feed = RssFeed {
        name: state.status_name_in(crate::i18n::Lang::En),
        base: &state.public_url,
        updated: rfc822(s.updated_at),
        entries: entries(state, s),
    };
    Ok(Rendered::new(
        feed.render()?,
        "application/rss+xml; charset=utf-8",
        s.updated_at,
    ))
}

#[derive(Template)]
#[template(path = "status/badge.svg")]
struct Badge {
    label: String,
    message: &'static str,
    colour: &'static str,
    label_width: usize,
    message_width: usize,
}

impl Badge {
    fn new(label: &str, state: ComponentState) -> Badge {
        let (message, colour) = match state {
            ComponentState::Operational => ("operational", "#1a7f37"),
            ComponentState::UnderMaintenance => ("maintenance", "#0b5cad"),
            ComponentState::DegradedPerformance => ("degraded", "#9a6700"),
            ComponentState::PartialOutage => ("partial outage", "#bc4c00"),
            ComponentState::MajorOutage => ("major outage", "#b42318"),
        };
        // Roughly 7 px a character at 11 px Verdana, with 10 px of padding each side.
        let width = |text: &str| text.chars().count() * 7 + 20;
        Badge {
            label_width: width(label),
            message_width: width(message),
            label: label.to_owned(),
            message,
            colour,
        }
    }

    fn width(&self) -> usize {
        self.label_width + self.message_width
    }

    fn label_x(&self) -> usize {
        self.label_width / 2
    }

    fn message_x(&self) -> usize {
        self.label_width + self.message_width / 2
    }
}

/// The page's badge (the worst component's state, "status"), or one component's.
pub(super) fn badge(s: &Snapshot, component: Option<ServiceId>) -> Result<Rendered> {
    let (label, worst) = match component {
        Some(id) => {
            let c = s
                .components
                .iter()
                .find(|c| c.component.service_id == id)
                .ok_or(AppError::NotFound)?;
            (c.component.public_name.as_str(), c.state)
        }
        None => (
            "status",
            s.components
                .iter()
                .map(|c| c.state)
                .max()
                .unwrap_or(ComponentState::Operational),
        ),
    };
    Ok(Rendered::new(
        Badge::new(label, worst).render()?,
        "image/svg+xml",
        s.updated_at,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct BadgeQuery {
    /// A component's public name or id; the whole page when absent.
    component: String,
}

pub(super) async fn badge_for(
    State(state): State<AppState>,
    Query(q): Query<BadgeQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let wanted = q.component.trim();
    let component = if wanted.is_empty() {
        None
    } else {
        let s = state.copies.status.snapshot(&state.db).await?;
        let found = s
            .components
            .iter()
            .find(|c| {
                c.component.service_id.to_string() == wanted
                    || c.component.public_name.eq_ignore_ascii_case(wanted)
            })
            .ok_or(AppError::NotFound)?;
        Some(found.component.service_id)
    };
    serve(&state, &headers, Doc::Badge(component), Lang::En).await
}
