//! /admin/alerts: how alerts become incidents. The severity mapping, routing rules, and the
//! notifications received lately.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::CurrentUser;
use super::format::Moment;
use super::layout::{Layout, redirect_with_flash};
use super::routes::Routes;
use crate::AppState;
use crate::domain::alert::{Action, Route, parse_matchers};
use crate::domain::audit::{Actor, Change};
use crate::domain::incident::{Kind, Severity};
use crate::domain::person::Access;
use crate::domain::validation::{FieldErrors, text};
use crate::error::{AppError, Result};
use crate::store;

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
        match r.action {
            Action::Ignore => "Ignore".into(),
            Action::Open(Some(k)) => format!("Open as {}", k.label().to_lowercase()),
            Action::Open(None) => "Open an incident".into(),
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
    let view = AlertsPage {
        layout,
        mapping: store::alerts::mapping(&state.db).await?,
        routes: store::alerts::routes(&state.db).await?,
        received: store::alerts::recent(&state.db, 50)
            .await?
            .into_iter()
            .map(|r| {
                let at = Moment::new(r.received_at, now);
                (r, at)
            })
            .collect(),
        mapping_form,
        mapping_errors,
        route_form,
        route_errors,
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

fn change(action: &'static str, entity: &'static str, id: String, summary: String) -> Change {
    Change {
        action,
        entity,
        entity_id: id,
        incident_id: None,
        summary,
        before: None,
        after: None,
    }
}

async fn set_severity(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<MappingForm>,
) -> Result<Response> {
    let mut errors = FieldErrors::new();
    let value = text(
        &mut errors,
        "label_value",
        "The label value",
        &form.label_value,
        true,
        100,
    )
    .to_lowercase();
    let severity = form.severity.parse::<Severity>().ok();
    if severity.is_none() {
        errors.add("severity", "Choose a severity.");
    }
    let Some(severity) = severity.filter(|_| errors.is_empty()) else {
        return render(
            &state,
            layout,
            form,
            errors,
            RouteForm::default(),
            FieldErrors::new(),
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    store::alerts::set_mapping(&mut *tx, &value, severity).await?;
    let summary = format!("Alerts with severity \"{value}\" now file as {severity}");
    let record = Change {
        after: Some(json!({"label_value": value, "severity": severity.as_str()})),
        ..change(
            "alerts.severity",
            "severity_mapping",
            value.clone(),
            summary,
        )
    };
    store::audit::record(&mut *tx, &Actor::person(&user.person), record).await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        "/admin/alerts",
        &format!("Alerts labelled severity=\"{value}\" now file as {severity}."),
    ))
}

async fn delete_severity(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<MappingForm>,
) -> Result<Response> {
    let value = form.label_value.trim().to_lowercase();
    let mut tx = state.db.begin().await?;
    let message = if store::alerts::delete_mapping(&mut *tx, &value).await? {
        let summary = format!("Removed the severity mapping for \"{value}\"");
        store::audit::record(
            &mut *tx,
            &Actor::person(&user.person),
            change(
                "alerts.severity.delete",
                "severity_mapping",
                value.clone(),
                summary,
            ),
        )
        .await?;
        tx.commit().await?;
        format!("Removed \"{value}\"; such alerts now file at the default level.")
    } else {
        "Nothing removed: the default (*) always stays, and other values must exist.".into()
    };
    Ok(redirect_with_flash("/admin/alerts", &message))
}

async fn add_route(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<RouteForm>,
) -> Result<Response> {
    let mut errors = FieldErrors::new();
    let name = text(&mut errors, "name", "Name", &form.name, true, 100);
    let matchers = match parse_matchers(&form.matchers) {
        Ok(m) => m,
        Err(e) => {
            errors.add("matchers", e);
            Vec::new()
        }
    };
    let action = match (form.action.as_str(), form.kind.as_str()) {
        ("ignore", _) => Some(Action::Ignore),
        ("open", "") => Some(Action::Open(None)),
        ("open", k) => match k.parse::<Kind>() {
            Ok(k) => Some(Action::Open(Some(k))),
            Err(_) => {
                errors.add("kind", format!("\"{k}\" is not an incident kind."));
                None
            }
        },
        _ => {
            errors.add("action", "Choose to open an incident or to ignore.");
            None
        }
    };
    let Some(action) = action.filter(|_| errors.is_empty()) else {
        return render(
            &state,
            layout,
            MappingForm::default(),
            FieldErrors::new(),
            form,
            errors,
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let id = store::alerts::add_route(&mut *tx, &name, &matchers, action).await?;
    let text = matchers
        .iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let record = Change {
        after: Some(json!({"name": name, "matchers": text, "action": action.as_str()})),
        ..change(
            "alerts.route.create",
            "alert_route",
            id.to_string(),
            format!("Added alert rule \"{name}\""),
        )
    };
    store::audit::record(&mut *tx, &Actor::person(&user.person), record).await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        "/admin/alerts#routes-h",
        &format!("Rule \"{name}\" added after the others."),
    ))
}

fn route_id(raw: &str) -> Result<Uuid> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn delete_route(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw): Path<String>,
) -> Result<Response> {
    let id = route_id(&raw)?;
    let mut tx = state.db.begin().await?;
    if !store::alerts::delete_route(&mut *tx, id).await? {
        return Err(AppError::NotFound);
    }
    store::audit::record(
        &mut *tx,
        &Actor::person(&user.person),
        change(
            "alerts.route.delete",
            "alert_route",
            id.to_string(),
            "Deleted an alert rule".into(),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_with_flash(
        "/admin/alerts#routes-h",
        "Rule deleted.",
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MoveForm {
    direction: String,
}

async fn move_route(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response> {
    let id = route_id(&raw)?;
    let mut tx = state.db.begin().await?;
    store::alerts::move_route(&mut tx, id, form.direction == "up").await?;
    tx.commit().await?;
    Ok(redirect_with_flash("/admin/alerts#routes-h", "Rule moved."))
}
