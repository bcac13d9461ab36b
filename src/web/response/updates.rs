//! Stakeholder updates, published from the incident page.

use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppState;
use crate::app;
use crate::domain::update::NewUpdate;
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;
use crate::web::incidents::{ShowOptions, show_again};
use crate::web::layout::{Layout, redirect_with_flash};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    pub audience: String,
    pub status: String,
    pub impact: String,
    /// Minutes until the next update is due; empty for none.
    pub next_update_minutes: String,
}

impl UpdateForm {
    fn parse(&self, lang: crate::i18n::Lang) -> Result<NewUpdate, FieldErrors> {
        let now = OffsetDateTime::now_utc();
        let minutes = self.next_update_minutes.trim();
        let next = match minutes {
            "" => Ok(None),
            m => m
                .parse::<i64>()
                .map(|m| Some(now + time::Duration::minutes(m)))
                .map_err(|_| {
                    FieldErrors::one("next_update_at", lang.t("flash-choose-next-update"))
                }),
        };
        match next {
            Ok(next) => NewUpdate::parse(&self.audience, &self.status, &self.impact, next, now),
            Err(errors) => Err(errors),
        }
    }
}

pub(super) async fn publish(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
    Form(form): Form<UpdateForm>,
) -> Result<Response> {
    match form.parse(layout.lang) {
        Ok(update) => {
            app::updates::publish(&state.ctx(), &user.actor(), number, &update).await?;
            Ok(redirect_with_flash(
                &format!("/incidents/{number}"),
                &layout.tk("flash-update-published-", update.audience.as_str()),
            ))
        }
        Err(errors) => {
            let options = ShowOptions {
                update: Some((form, errors)),
                ..Default::default()
            };
            show_again(&state, layout, &user, number, options).await
        }
    }
}
