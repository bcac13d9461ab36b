//! Admins keep the contributing factors and triggers post-mortems are tagged with: add,
//! rename, describe, retire and bring back.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::app::taxonomy::Edited;
use crate::domain::person::Access;
use crate::domain::taxonomy::{Tag, TagFields, TagKind};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/learning", Access::ADMIN, list)
        .post("/admin/learning", Access::ADMIN, create)
        .get("/admin/learning/{id}/edit", Access::ADMIN, edit_form)
        .post("/admin/learning/{id}", Access::ADMIN, update)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TagForm {
    kind: String,
    name: String,
    description: String,
    /// "on" when retired (the edit form only).
    retired: String,
    version: String,
}

#[derive(Template)]
#[template(path = "admin/learning.html")]
struct TaxonomyPage {
    layout: Layout,
    tags: Vec<Tag>,
    form: TagForm,
    errors: FieldErrors,
    /// The tag being edited; `conflict` after a stale save.
    editing: Option<Tag>,
    conflict: bool,
}

impl TaxonomyPage {
    fn kinds(&self) -> [TagKind; 2] {
        TagKind::ALL
    }

    fn of(&self, kind: &TagKind) -> Vec<&Tag> {
        self.tags.iter().filter(|t| t.kind == *kind).collect()
    }

    /// Whether the add form for `kind` holds what was posted.
    fn adding(&self, kind: &TagKind) -> bool {
        self.editing.is_none() && self.form.kind == kind.as_str()
    }

    /// The message for `field` of the add form for `kind`.
    fn add_error(&self, kind: &TagKind, field: &str) -> Option<&str> {
        self.adding(kind).then(|| self.errors.get(field)).flatten()
    }
}

async fn page(
    state: &AppState,
    layout: Layout,
    form: TagForm,
    errors: FieldErrors,
    editing: Option<Tag>,
    conflict: bool,
) -> Result<String> {
    let view = TaxonomyPage {
        tags: store::taxonomy::list(&state.db).await?,
        form,
        errors: errors.in_lang(layout.lang),
        layout,
        editing,
        conflict,
    };
    Ok(view.render()?)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let html = page(
        &state,
        layout,
        TagForm::default(),
        FieldErrors::new(),
        None,
        false,
    )
    .await?;
    Ok(Html(html))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Form(form): Form<TagForm>,
) -> Result<Response> {
    let kind = TagKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::BadRequest(layout.t("flash-choose-tag-kind")))?;
    let errors = match TagFields::parse(&form.name, &form.description) {
        Ok(fields) => match app::taxonomy::add(&state.ctx(), &user.actor(), kind, &fields).await? {
            Ok(_) => {
                return Ok(redirect_with_flash(
                    "/admin/learning",
                    &layout.t2(
                        "flash-tag-added",
                        "kind",
                        layout.tk("tag-kind-", kind.as_str()),
                        "name",
                        &fields.name,
                    ),
                ));
            }
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    let html = page(&state, layout, form, errors, None, false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let tag = store::taxonomy::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let form = TagForm {
        kind: tag.kind.as_str().to_owned(),
        name: tag.name.clone(),
        description: tag.description.clone(),
        retired: if tag.retired {
            "on".into()
        } else {
            String::new()
        },
        version: tag.version.to_string(),
    };
    let html = page(&state, layout, form, FieldErrors::new(), Some(tag), false).await?;
    Ok(Html(html))
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    Form(mut form): Form<TagForm>,
) -> Result<Response> {
    let tag = store::taxonomy::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = form.version.trim().parse().unwrap_or(0);
    let retired = !form.retired.is_empty();
    let errors = match TagFields::parse(&form.name, &form.description) {
        Ok(fields) => {
            let edited =
                app::taxonomy::update(&state.ctx(), &user.actor(), id, version, &fields, retired)
                    .await?;
            match edited {
                Edited::Saved(_) => {
                    let key = if retired && !tag.retired {
                        "flash-tag-retired"
                    } else {
                        "flash-tag-saved"
                    };
                    let kind = layout.tk("tag-kind-", tag.kind.as_str());
                    return Ok(redirect_with_flash(
                        "/admin/learning",
                        &layout.t2(key, "kind", kind, "name", &fields.name),
                    ));
                }
                Edited::Stale(current) => {
                    form.version = current.version.to_string();
                    let html = page(
                        &state,
                        layout,
                        form,
                        FieldErrors::new(),
                        Some(*current),
                        true,
                    )
                    .await?;
                    return Ok((StatusCode::CONFLICT, Html(html)).into_response());
                }
                Edited::Invalid(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let html = page(&state, layout, form, errors, Some(tag), false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
}
