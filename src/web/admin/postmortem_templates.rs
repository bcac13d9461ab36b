//! Admins keep post-mortem templates: sections (title, guidance, required or optional, a
//! Markdown prompt) and extra questions, for kinds and severities of incident. The form has
//! blank rows to add to and an order number per row, so it works without JavaScript.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use uuid::Uuid;

use crate::AppState;
use crate::app;
use crate::app::taxonomy::Edited;
use crate::domain::incident::{Kind, Severity};
use crate::domain::person::Access;
use crate::domain::postmortem::QuestionKind;
use crate::domain::postmortem::template::{
    KeptTemplate, QuestionRow, SectionRow, TemplateInput, choose,
};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, Result};
use crate::store;
use crate::web::auth::CurrentUser;
use crate::web::extract::Id;
use crate::web::layout::{Layout, redirect_with_flash};
use crate::web::routes::Routes;

const LIST: &str = "/admin/postmortem-templates";
/// Blank rows the form offers to add sections and questions.
const BLANK_SECTIONS: usize = 3;
const BLANK_QUESTIONS: usize = 2;

pub fn routes() -> Routes {
    Routes::new()
        .get(LIST, Access::ADMIN, list)
        .post(LIST, Access::ADMIN, create)
        .get("/admin/postmortem-templates/new", Access::ADMIN, new_form)
        .get(
            "/admin/postmortem-templates/{id}/edit",
            Access::ADMIN,
            edit_form,
        )
        .post("/admin/postmortem-templates/{id}", Access::ADMIN, update)
}

#[derive(Template)]
#[template(path = "admin/postmortem_templates.html")]
struct ListPage {
    layout: Layout,
    templates: Vec<(KeptTemplate, i64)>,
    /// For each kind of incident, the template each severity of it gets.
    fits: Vec<(String, Vec<String>)>,
}

impl ListPage {
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    /// What `t` is for: its kinds and its severities, or any.
    fn made_for(&self, t: &KeptTemplate) -> String {
        let lang = self.layout.lang;
        let kinds = if t.fields.kinds.is_empty() {
            lang.t("adm-any-kind")
        } else {
            let names: Vec<String> = t
                .fields
                .kinds
                .iter()
                .map(|k| lang.tk("kind-", k.as_str()))
                .collect();
            names.join(", ")
        };
        let severities = if t.fields.severities.is_empty() {
            lang.t("adm-any-severity")
        } else {
            let names: Vec<&str> = t.fields.severities.iter().map(|s| s.as_str()).collect();
            names.join(", ")
        };
        format!("{kinds} · {severities}")
    }
}

#[derive(Template)]
#[template(path = "admin/postmortem_template_form.html")]
struct FormPage {
    layout: Layout,
    /// The template being edited; `None` for a new one.
    editing: Option<KeptTemplate>,
    input: TemplateInput,
    retired: bool,
    version: i32,
    errors: FieldErrors,
    /// Someone saved the template since it was read.
    conflict: bool,
    /// How many post-mortems follow it.
    used_by: i64,
}

impl FormPage {
    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }

    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }

    fn question_kinds(&self) -> [QuestionKind; 3] {
        QuestionKind::ALL
    }

    fn has_kind(&self, k: &Kind) -> bool {
        self.input.kinds.iter().any(|x| x == k.as_str())
    }

    fn has_severity(&self, s: &Severity) -> bool {
        self.input
            .severities
            .iter()
            .any(|x| x.eq_ignore_ascii_case(s.as_str()))
    }

    fn action(&self) -> String {
        match &self.editing {
            Some(t) => format!("{LIST}/{}", t.id),
            None => LIST.to_owned(),
        }
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn field(&self, row: &char, i: &usize, name: &str) -> String {
        format!("{row}{i}_{name}")
    }

    fn row_error(&self, row: &char, i: &usize, name: &str) -> Option<&str> {
        self.errors.get(&format!("{row}{i}_{name}"))
    }

    fn choices_text(&self, q: &QuestionRow) -> String {
        q.choices.join("\n")
    }
}

/// Rows as typed, with blank ones after them to add to.
fn with_blanks(mut input: TemplateInput) -> TemplateInput {
    let filled = |r: &SectionRow| !(r.title.trim().is_empty() && r.prompt.trim().is_empty());
    input.sections.retain(filled);
    input
        .sections
        .extend(std::iter::repeat_n(SectionRow::default(), BLANK_SECTIONS));
    input.questions.retain(|q| !q.text.trim().is_empty());
    input.questions.extend(std::iter::repeat_n(
        QuestionRow {
            kind: "text".into(),
            ..QuestionRow::default()
        },
        BLANK_QUESTIONS,
    ));
    input
}

/// The form as posted: fields by name, rows `s<i>_…` and `q<i>_…` in the order their
/// `order` numbers give (ties keep the form's order).
fn input_from(pairs: &[(String, String)]) -> (TemplateInput, bool, i32) {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let all = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let rows = |prefix: char| -> Vec<usize> {
        let mut seen: Vec<usize> = pairs
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(prefix)?.split_once('_')?.0.parse().ok())
            .filter(|i: &usize| *i < 100)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let order = |i: usize| {
            value(&format!("{prefix}{i}_order"))
                .trim()
                .parse::<f64>()
                .unwrap_or(i as f64 + 1.0)
        };
        seen.sort_by(|a, b| order(*a).total_cmp(&order(*b)).then(a.cmp(b)));
        seen
    };
    let sections = rows('s')
        .into_iter()
        .map(|i| {
            let f = |n: &str| value(&format!("s{i}_{n}"));
            SectionRow {
                key: f("key"),
                title: f("title"),
                guidance: f("guidance"),
                prompt: f("prompt"),
                required: !f("required").is_empty(),
            }
        })
        .collect();
    let questions = rows('q')
        .into_iter()
        .map(|i| {
            let f = |n: &str| value(&format!("q{i}_{n}"));
            QuestionRow {
                key: f("key"),
                text: f("text"),
                kind: f("kind"),
                choices: vec![f("choices")],
                required: !f("required").is_empty(),
            }
        })
        .collect();
    let input = TemplateInput {
        name: value("name"),
        description: value("description"),
        kinds: all("kinds"),
        severities: all("severities"),
        sections,
        questions,
    };
    let retired = !value("retired").is_empty();
    let version = value("version").trim().parse().unwrap_or(0);
    (input, retired, version)
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Html<String>> {
    let kept = store::postmortem_templates::list(&state.db).await?;
    let usage = store::postmortem_templates::usage(&state.db).await?;
    let fits: Vec<(String, Vec<String>)> = Kind::ALL
        .iter()
        .map(|k| {
            let names: Vec<String> = Severity::ALL
                .iter()
                .map(|s| choose(&kept, *k, *s, layout.lang).name)
                .collect();
            (layout.kind_label(k), names)
        })
        .collect();
    let templates = kept
        .into_iter()
        .map(|t| {
            let n = usage
                .iter()
                .find(|(id, _)| *id == t.id)
                .map_or(0, |(_, n)| *n);
            (t, n)
        })
        .collect();
    let view = ListPage {
        layout,
        templates,
        fits,
    };
    Ok(Html(view.render()?))
}

fn form_page(layout: Layout, editing: Option<KeptTemplate>, input: TemplateInput) -> FormPage {
    FormPage {
        retired: editing.as_ref().is_some_and(|t| t.retired),
        version: editing.as_ref().map_or(0, |t| t.version),
        layout,
        editing,
        input: with_blanks(input),
        errors: FieldErrors::new(),
        conflict: false,
        used_by: 0,
    }
}

async fn new_form(layout: Layout) -> Result<Html<String>> {
    let view = form_page(layout, None, TemplateInput::starting());
    Ok(Html(view.render()?))
}

async fn used_by(state: &AppState, id: Uuid) -> Result<i64> {
    let usage = store::postmortem_templates::usage(&state.db).await?;
    Ok(usage
        .into_iter()
        .find(|(t, _)| *t == id)
        .map_or(0, |(_, n)| n))
}

async fn edit_form(
    State(state): State<AppState>,
    layout: Layout,
    Id(id): Id<Uuid>,
) -> Result<Html<String>> {
    let kept = store::postmortem_templates::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let input = TemplateInput::from(&kept.fields);
    let mut view = form_page(layout, Some(kept), input);
    view.used_by = used_by(&state, id).await?;
    Ok(Html(view.render()?))
}

async fn create(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let (input, _, _) = input_from(&pairs);
    let errors = match input.parse() {
        Ok(fields) => {
            match app::postmortem_templates::add(&state.ctx(), &user.actor(), &fields).await? {
                Ok(_) => {
                    return Ok(redirect_with_flash(
                        LIST,
                        &layout.t1("flash-template-added", "name", &fields.name),
                    ));
                }
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let mut view = form_page(layout, None, input);
    view.errors = errors.in_lang(view.layout.lang);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(view.render()?)).into_response())
}

async fn update(
    State(state): State<AppState>,
    layout: Layout,
    user: CurrentUser,
    Id(id): Id<Uuid>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response> {
    let kept = store::postmortem_templates::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (input, retired, version) = input_from(&pairs);
    let (errors, status, editing, conflict) = match input.parse() {
        Ok(fields) => {
            let edited = app::postmortem_templates::update(
                &state.ctx(),
                &user.actor(),
                id,
                version,
                &fields,
                retired,
            )
            .await?;
            match edited {
                Edited::Saved(v) => {
                    let message = if retired && !kept.retired {
                        layout.t1("flash-template-retired", "name", &fields.name)
                    } else {
                        layout.t2("flash-template-saved", "name", &fields.name, "version", v)
                    };
                    return Ok(redirect_with_flash(LIST, &message));
                }
                Edited::Stale(current) => {
                    (FieldErrors::new(), StatusCode::CONFLICT, *current, true)
                }
                Edited::Invalid(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY, kept, false),
            }
        }
        Err(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY, kept, false),
    };
    let current_version = editing.version;
    let mut view = form_page(layout, Some(editing), input);
    view.errors = errors.in_lang(view.layout.lang);
    view.conflict = conflict;
    view.retired = retired;
    view.version = if conflict { current_version } else { version };
    view.used_by = used_by(&state, id).await?;
    Ok((status, Html(view.render()?)).into_response())
}
