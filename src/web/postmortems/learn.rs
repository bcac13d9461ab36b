//! `/postmortems`: what was learned. Published post-mortems, newest first, or found by
//! their words with the matching passages highlighted.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use time::OffsetDateTime;

use crate::AppState;
use crate::domain::incident::Kind;
use crate::domain::taxonomy::{Tag, TagKind};
use crate::error::{AppError, Result};
use crate::store;
use crate::store::learning::{Learned, MARK_END, MARK_START};
use crate::web::auth::CurrentUser;
use crate::web::format::Moment;
use crate::web::forms::{LearnQuery, learn_cursor};
use crate::web::layout::Layout;

/// How many post-mortems a page shows.
pub const PAGE: i64 = 20;

/// A passage split where the words found start and end: (text, found).
pub fn passage_parts(passage: &str) -> Vec<(String, bool)> {
    let mut parts = Vec::new();
    let mut found = false;
    let mut current = String::new();
    for c in passage.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                parts.push((std::mem::take(&mut current), found));
            }
            found = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push((current, found));
    }
    parts
}

pub struct Row {
    pub learned: Learned,
    pub published: Moment,
    pub parts: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "postmortems/learn.html")]
struct LearnPage {
    layout: Layout,
    query: LearnQuery,
    rows: Vec<Row>,
    services: std::sync::Arc<Vec<String>>,
    next: Option<String>,
    searching: bool,
    /// Every factor and trigger, for the filter.
    taxonomy: Vec<Tag>,
}

impl LearnPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn tag_kinds(&self) -> [TagKind; 2] {
        TagKind::ALL
    }

    fn tags_of(&self, kind: &TagKind) -> Vec<&Tag> {
        self.taxonomy.iter().filter(|t| t.kind == *kind).collect()
    }
}

/// A page of what was learned, and the position of the next.
pub async fn find(
    state: &AppState,
    user: &CurrentUser,
    query: &LearnQuery,
) -> std::result::Result<(Vec<Learned>, Option<String>), crate::domain::validation::FieldErrors> {
    let (mut filter, after) = query.parse()?;
    let found = async {
        state
            .copies
            .canonicalise(&state.db, &mut filter.service)
            .await?;
        store::learning::search(&state.db, &filter, user.visibility(), after, PAGE + 1).await
    };
    let mut found = match found.await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e, "post-mortem search failed");
            return Err(crate::domain::validation::FieldErrors::one_said(
                "q",
                crate::i18n::Message::new("val-search-failed"),
            ));
        }
    };
    let more = found.len() > usize::try_from(PAGE).unwrap_or(20);
    found.truncate(usize::try_from(PAGE).unwrap_or(20));
    let next = more
        .then(|| found.last().map(|l| learn_cursor(l.after())))
        .flatten();
    Ok((found, next))
}

pub(super) async fn learn(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    axum_extra::extract::Query(query): axum_extra::extract::Query<LearnQuery>,
) -> Result<Response> {
    let (found, next) = find(&state, &user, &query).await.map_err(|e| {
        AppError::BadRequest(
            e.iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    let now = OffsetDateTime::now_utc();
    let rows = found
        .into_iter()
        .map(|learned| Row {
            published: layout.moment(learned.published_at, now),
            parts: passage_parts(&learned.passage),
            learned,
        })
        .collect();
    let next = next.map(|after| query.next_link("/postmortems", after));
    let view = LearnPage {
        layout,
        searching: query.q.as_deref().is_some_and(|q| !q.trim().is_empty()),
        services: state.copies.service_names(&state.db).await?,
        taxonomy: store::taxonomy::list(&state.db).await?,
        query,
        rows,
        next,
    };
    Ok(Html(view.render()?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_split_where_words_were_found() {
        assert_eq!(
            passage_parts("The \u{1}canary\u{2} stage … a \u{1}canary\u{2}"),
            vec![
                ("The ".to_owned(), false),
                ("canary".to_owned(), true),
                (" stage … a ".to_owned(), false),
                ("canary".to_owned(), true),
            ]
        );
        assert_eq!(passage_parts(""), Vec::<(String, bool)>::new());
    }
}
