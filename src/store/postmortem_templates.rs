//! The post-mortem templates admins keep (migration 0037).

use crate::i18n::Message;
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

use super::is_unique_violation;
use crate::domain::postmortem::template::{KeptTemplate, TemplateFields};
use crate::domain::postmortem::{Question, SectionSpec};
use crate::domain::validation::FieldErrors;

struct Row {
    id: Uuid,
    name: String,
    description: String,
    kinds: Vec<String>,
    severities: Vec<String>,
    sections: Json<Vec<SectionSpec>>,
    questions: Json<Vec<Question>>,
    retired: bool,
    version: i32,
    updated_at: OffsetDateTime,
}

impl TryFrom<Row> for KeptTemplate {
    type Error = sqlx::Error;
    fn try_from(r: Row) -> sqlx::Result<KeptTemplate> {
        let decode = |e: crate::domain::incident::UnknownVariant| {
            sqlx::Error::Decode(format!("a post-mortem template holds {e}").into())
        };
        Ok(KeptTemplate {
            id: r.id,
            fields: TemplateFields {
                name: r.name,
                description: r.description,
                kinds: r
                    .kinds
                    .iter()
                    .map(|k| k.parse())
                    .collect::<Result<_, _>>()
                    .map_err(decode)?,
                severities: r
                    .severities
                    .iter()
                    .map(|s| s.parse())
                    .collect::<Result<_, _>>()
                    .map_err(decode)?,
                sections: r.sections.0,
                questions: r.questions.0,
            },
            retired: r.retired,
            version: r.version,
            updated_at: r.updated_at,
        })
    }
}

/// Every template, retired ones included, by name.
pub async fn list(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<KeptTemplate>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT id, name, description, kinds, severities,
                  sections AS "sections: Json<Vec<SectionSpec>>",
                  questions AS "questions: Json<Vec<Question>>", retired, version, updated_at
           FROM postmortem_template ORDER BY lower(name), id LIMIT 500"#
    )
    .fetch_all(db)
    .await?;
    rows.into_iter().map(KeptTemplate::try_from).collect()
}

pub async fn get(db: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<KeptTemplate>> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT id, name, description, kinds, severities,
                  sections AS "sections: Json<Vec<SectionSpec>>",
                  questions AS "questions: Json<Vec<Question>>", retired, version, updated_at
           FROM postmortem_template WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    row.map(KeptTemplate::try_from).transpose()
}

fn duplicate(fields: &TemplateFields) -> FieldErrors {
    FieldErrors::one_said(
        "name",
        Message::new("val-template-name-taken").with("name", &fields.name),
    )
}

fn kinds(fields: &TemplateFields) -> Vec<String> {
    fields.kinds.iter().map(|k| k.as_str().to_owned()).collect()
}

fn severities(fields: &TemplateFields) -> Vec<String> {
    fields
        .severities
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect()
}

/// Adds a template; a field error when its name is taken.
pub async fn add(
    tx: &mut PgConnection,
    fields: &TemplateFields,
) -> sqlx::Result<Result<Uuid, FieldErrors>> {
    let added = sqlx::query_scalar!(
        "INSERT INTO postmortem_template (id, name, description, kinds, severities, sections,
                                          questions)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        Uuid::now_v7(),
        fields.name,
        fields.description,
        &kinds(fields),
        &severities(fields),
        Json(&fields.sections) as Json<&Vec<SectionSpec>>,
        Json(&fields.questions) as Json<&Vec<Question>>
    )
    .fetch_one(&mut *tx)
    .await;
    match added {
        Ok(id) => Ok(Ok(id)),
        Err(e) if is_unique_violation(&e, "postmortem_template_name_idx") => {
            Ok(Err(duplicate(fields)))
        }
        Err(e) => Err(e),
    }
}

/// Saves a new version of a template if `version` is still current: `Ok(Ok(None))` when it
/// is stale.
pub async fn update(
    tx: &mut PgConnection,
    id: Uuid,
    version: i32,
    fields: &TemplateFields,
    retired: bool,
) -> sqlx::Result<Result<Option<i32>, FieldErrors>> {
    let saved = sqlx::query_scalar!(
        "UPDATE postmortem_template
         SET name = $3, description = $4, kinds = $5, severities = $6, sections = $7,
             questions = $8, retired = $9, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING version",
        id,
        version,
        fields.name,
        fields.description,
        &kinds(fields),
        &severities(fields),
        Json(&fields.sections) as Json<&Vec<SectionSpec>>,
        Json(&fields.questions) as Json<&Vec<Question>>,
        retired
    )
    .fetch_optional(&mut *tx)
    .await;
    match saved {
        Ok(v) => Ok(Ok(v)),
        Err(e) if is_unique_violation(&e, "postmortem_template_name_idx") => {
            Ok(Err(duplicate(fields)))
        }
        Err(e) => Err(e),
    }
}

/// How many post-mortems follow each template (any version), by template id.
pub async fn usage(db: impl PgExecutor<'_>) -> sqlx::Result<Vec<(Uuid, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT (template ->> 'id')::uuid AS "id!", count(*) AS "n!"
           FROM postmortem WHERE template IS NOT NULL GROUP BY 1"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.n)).collect())
}
