//! /admin/alerts: how alerts become incidents. The severity mapping, routing rules, and the
//! notifications received lately.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::domain::alert::{Action, Route, parse_mapping, parse_route};
use crate::domain::incident::{Kind, Severity};
use crate::domain::person::Access;
use crate::domain::validation::FieldErrors;
use crate::error::Result;
use crate::i18n::Lang;
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::format::Moment;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/alerts", Access::ADMIN, page)
        .post("/admin/alerts/severity", Access::ADMIN, set_severity)
        .post(
            "/admin/alerts/severity/delete",
            Access::ADMIN,
            delete_severity,
        )
        .post("/admin/alerts/routes", Access::ADMIN, add_route)
        .post(
            "/admin/alerts/routes/{id}/delete",
            Access::ADMIN,
            delete_route,
        )
        .post("/admin/alerts/routes/{id}/move", Access::ADMIN, move_route)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MappingForm {
    label_value: String,
    severity: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RouteForm {
    name: String,
    matchers: String,
    action: String,
    kind: String,
    /// "on" when the rule applies only during maintenance.
    during_maintenance: String,
}

#[derive(Template)]
#[template(path = "admin/alerts.html")]
struct AlertsPage {
    layout: Layout,
    mapping: Vec<(String, Severity)>,
    routes: Vec<Route>,
    received: Vec<(store::alerts::Received, Moment)>,
    mapping_form: MappingForm,
    mapping_errors: FieldErrors,
    route_form: RouteForm,
    route_errors: FieldErrors,
}

impl AlertsPage {
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }
    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }
    fn action_text(&self, r: &Route) -> String {
        let lang = self.layout.lang;
        let action = match r.action {
            Action::Ignore => lang.t("adm-alerts-ignore"),
            Action::Hold => lang.t("adm-alerts-hold"),
            Action::Open(Some(k)) => lang.t1(
                "adm-alerts-open-as",
                "kind",
                lang.tk("kind-", k.as_str()).to_lowercase(),
            ),
            Action::Open(None) => lang.t("adm-alerts-open"),
        };
        if r.during_maintenance {
            lang.t1("adm-alerts-only-maintenance", "action", action)
        } else {
            action
        }
    }
}

async fn render(
    state: &AppState,
    layout: Layout,
    mapping_form: MappingForm,
    mapping_errors: FieldErrors,
    route_form: RouteForm,
    route_errors: FieldErrors,
) -> Result<Response> {
    let status = if mapping_errors.is_empty() && route_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let now = OffsetDateTime::now_utc();
    let received = store::alerts::recent(&state.db, 50)
        .await?
        .into_iter()
        .map(|mut r| {
            r.outcome = crate::app::alert_intake::outcome_in(&r.outcome, layout.lang);
            let at = layout.moment(r.received_at, now);
            (r, at)
        })
        .collect();
    let view = AlertsPage {
        mapping: store::alerts::mapping(&state.db).await?,
        routes: store::alerts::routes(&state.db).await?,
        received,
        mapping_form,
        mapping_errors: mapping_errors.in_lang(layout.lang),
        route_form,
        route_errors: route_errors.in_lang(layout.lang),
        layout,
    };
    Ok((status, Html(view.render()?)).into_response())
}

async fn page(State(state): State<AppState>, layout: Layout) -> Result<Response> {
    render(
        &state,
        layout,
        MappingForm::default(),
        FieldErrors::new(),
        RouteForm {
            action: "open".into(),
            ..Default::default()
        },
        FieldErrors::new(),
    )
    .await
}

async fn set_severity(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<MappingForm>,
) -> Result<Response> {
    let (value, severity) = match parse_mapping(&form.label_value, &form.severity) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render(
                &state,
                layout,
                form,
                errors,
                RouteForm::default(),
                FieldErrors::new(),
            )
            .await;
        }
    };
    app::alert_rules::set_severity(&state.ctx(), &user.actor(), &value, severity).await?;
    Ok(redirect_with_flash(
        "/admin/alerts",
        &layout.t2(
            "flash-mapping-set",
            "value",
            &value,
            "severity",
            severity.as_str(),
        ),
    ))
}

async fn delete_severity(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(form): Form<MappingForm>,
) -> Result<Response> {
    let value = form.label_value.trim().to_lowercase();
    let message = if app::alert_rules::delete_severity(&state.ctx(), &user.actor(), &value).await? {
        lang.t1("flash-mapping-removed", "value", &value)
    } else {
        lang.t("flash-mapping-kept")
    };
    Ok(redirect_with_flash("/admin/alerts", &message))
}

async fn add_route(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<RouteForm>,
) -> Result<Response> {
    let during = form.during_maintenance == "on";
    let (name, matchers, action, during) =
        match parse_route(&form.name, &form.matchers, &form.action, &form.kind, during) {
            Ok(parsed) => parsed,
            Err(errors) => {
                return render(
                    &state,
                    layout,
                    MappingForm::default(),
                    FieldErrors::new(),
                    form,
                    errors,
                )
                .await;
            }
        };
    app::alert_rules::add_route(
        &state.ctx(),
        &user.actor(),
        &name,
        &matchers,
        action,
        during,
    )
    .await?;
    Ok(redirect_with_flash(
        "/admin/alerts#routes-h",
        &layout.t1("flash-rule-added", "name", &name),
    ))
}

async fn delete_route(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Id(id): Id<Uuid>,
) -> Result<Response> {
    app::alert_rules::delete_route(&state.ctx(), &user.actor(), id).await?;
    Ok(redirect_with_flash(
        "/admin/alerts#routes-h",
        &lang.t("flash-rule-deleted"),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_route(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Id(id): Id<Uuid>,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    app::alert_rules::move_route(&state.ctx(), id, form.direction == "up").await?;
    Ok(redirect_with_flash(
        "/admin/alerts#routes-h",
        &lang.t("flash-rule-moved"),
    ))
}
