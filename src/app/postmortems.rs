//! Post-mortems: start (pre-filled from the record), save, send for review, comment,
//! approve, publish and reopen. Every step locks the post-mortem and checks its rule on what
//! it locked, so a save and a publish (or an approval) happen one after the other: a save
//! that withdraws approvals is never followed by a publish that did not see it.

use sqlx::PgConnection;

use super::incidents::visible;
use super::{Actor, Ctx, Error, Result, outbox, record};
use crate::domain::audit::Change;
use crate::domain::incident::Incident;
use crate::domain::postmortem::{
    CommentInput, Postmortem, Sections, State, Template, may_comment, prefill, publishing_blockers,
    reviewers_problem, template,
};
use crate::domain::webhook::Event;
use crate::i18n::{Lang, Message};
use crate::store;

pub(super) fn audit(incident: &Incident, action: &'static str, summary: Message) -> Change {
    Change {
        action,
        entity: "postmortem",
        entity_id: incident.reference(),
        incident_id: Some(incident.id),
        summary,
        before: None,
        after: None,
    }
}

/// The incident, if the actor may see it, and its post-mortem locked until the transaction
/// ends.
async fn locked(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
) -> Result<(Incident, Postmortem)> {
    let incident = visible(ctx, actor, number).await?;
    let pm = store::postmortems::lock(tx, incident.id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok((incident, pm))
}

/// Whether [`start`] made the post-mortem.
pub enum Started {
    /// Made, following the template with this name.
    Created(String),
    /// The incident already had one; nothing changed.
    Existed,
    /// The template asked for is not there or retired; nothing changed.
    NoSuchTemplate,
}

/// Which template a new post-mortem follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateChoice {
    /// The one that fits the incident's kind and severity most closely.
    Fitting,
    /// The built-in SRE template.
    Sre,
    Kept(uuid::Uuid),
}

impl TemplateChoice {
    /// "" (fitting), "sre", or a template's id.
    pub fn parse(s: &str) -> Option<TemplateChoice> {
        match s.trim() {
            "" => Some(TemplateChoice::Fitting),
            "sre" => Some(TemplateChoice::Sre),
            id => id.parse().ok().map(TemplateChoice::Kept),
        }
    }
}

/// Starts the post-mortem following the chosen template, with sections drawn from the
/// record: the timeline's key events, or every entry with `all_entries`.
pub async fn start(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    all_entries: bool,
    choice: TemplateChoice,
    language: Lang,
) -> Result<Started> {
    let incident = visible(ctx, actor, number).await?;
    let by = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let kept = store::postmortem_templates::list(&mut *tx).await?;
    let template = match choice {
        TemplateChoice::Fitting => {
            template::choose(&kept, incident.kind, incident.severity, language)
        }
        TemplateChoice::Sre => Template::sre_in(language),
        TemplateChoice::Kept(id) => match kept.iter().find(|t| t.id == id && !t.retired) {
            Some(t) => t.snapshot(),
            None => return Ok(Started::NoSuchTemplate),
        },
    };
    if store::postmortems::get(&mut *tx, incident.id)
        .await?
        .is_some()
    {
        return Ok(Started::Existed);
    }
    let entries = store::timeline::list(&mut *tx, incident.id, None, !all_entries).await?;
    let team = store::team::team(&mut *tx, incident.id).await?;
    let sections = prefill(&template, &incident, &entries, &team, language);
    if store::postmortems::create(&mut tx, incident.id, &template, &sections, by, language)
        .await?
        .is_none()
    {
        return Ok(Started::Existed);
    }
    let change = audit(
        &incident,
        "postmortem.create",
        Message::new("audit-pm-started")
            .with("incident", incident.reference())
            .with("template", template.label()),
    );
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Started::Created(template.name))
}

/// How a save ended.
pub enum Saved {
    /// Saved as this revision.
    Saved(i32),
    /// Someone saved since `revision`: the post-mortem as it is now; nothing written.
    Stale(Box<Postmortem>),
    /// Published, so read-only; nothing written.
    Published,
    /// Content the post-mortem's template has no place for, or an answer it does not offer:
    /// why; nothing written.
    Invalid(String),
}

/// Saves new content if `revision` is still the current one. Approvals given to the earlier
/// text are withdrawn.
pub async fn save(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    revision: i32,
    sections: &Sections,
    no_actions_reason: &str,
) -> Result<Saved> {
    let by = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    if pm.state == State::Published {
        return Ok(Saved::Published);
    }
    if let Err(why) = pm.template.check(sections) {
        return Ok(Saved::Invalid(why));
    }
    let saved =
        store::postmortems::save(&mut tx, pm.id, revision, sections, no_actions_reason, by).await?;
    let Some(new_revision) = saved else {
        return Ok(Saved::Stale(Box::new(pm)));
    };
    let change = audit(
        &incident,
        "postmortem.update",
        Message::new("audit-pm-saved")
            .with("revision", i64::from(new_revision))
            .with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Saved::Saved(new_revision))
}

/// Sends the post-mortem for review by the people with these emails (reviewers who stay
/// keep their approvals). `Ok(Err(why))` when it cannot be sent; nothing written.
pub async fn request_review(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    emails: &[String],
) -> Result<Result<(), Message>> {
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for email in emails.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        match store::people::find_by_email(&mut *tx, email).await? {
            Some(p) if p.active && !p.may_respond() => {
                return Ok(Err(super::team::viewer_refused(&p)));
            }
            Some(p) if p.active => ids.push(p.id),
            _ => unknown.push(email.to_owned()),
        }
    }
    if let Some(problem) = reviewers_problem(ids.len(), &unknown, pm.state == State::Published) {
        return Ok(Err(problem));
    }
    store::postmortems::set_reviewers(&mut tx, pm.id, &ids).await?;
    store::postmortems::set_state(&mut tx, pm.id, State::InReview, None).await?;
    let change = audit(
        &incident,
        "postmortem.review",
        Message::new("audit-pm-sent").with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    for reviewer in &ids {
        super::email::tell_person(
            &mut tx,
            ctx,
            actor,
            *reviewer,
            crate::domain::person::EmailKind::Review,
            Message::new("email-review-subject").with("incident", incident.reference()),
            Message::new("email-review-body")
                .with("incident", incident.reference())
                .with("title", &incident.title)
                .with(
                    "link",
                    super::email::link(ctx, &format!("/incidents/{}/postmortem", incident.number)),
                ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Adds a reviewer's or responder's comment on one section. `Ok(Err(why))` when the
/// comment is invalid; nothing written.
pub async fn comment(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    section: &str,
    body: &str,
) -> Result<Result<CommentInput, String>> {
    let author = actor.author().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let (_, pm) = locked(&mut tx, ctx, actor, number).await?;
    let reviewers = store::postmortems::reviewers(&mut *tx, pm.id).await?;
    let reviewer = reviewers.iter().any(|r| r.person_id == author);
    if !may_comment(reviewer, actor.role()) {
        return Err(Error::Forbidden(
            crate::domain::postmortem::ONLY_REVIEWERS_COMMENT.into(),
        ));
    }
    let input = match CommentInput::parse(&pm.template, section, body) {
        Ok(input) => input,
        Err(problem) => return Ok(Err(problem)),
    };
    store::postmortems::add_comment(&mut tx, pm.id, &input.section, author, &input.body).await?;
    tx.commit().await?;
    Ok(Ok(input))
}

/// Marks a review comment resolved (answered). `false` when it was resolved already or is
/// not this post-mortem's.
pub async fn resolve_comment(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    comment: uuid::Uuid,
) -> Result<bool> {
    let by = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    if !store::postmortems::resolve_comment(&mut tx, pm.id, comment, by).await? {
        return Ok(false);
    }
    let change = audit(
        &incident,
        "postmortem.comment_resolve",
        Message::new("audit-pm-comment-resolved").with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(true)
}

/// How an approval ended.
pub enum Approval {
    Approved,
    /// The reviewer's own comments are still open and they did not say to approve anyway;
    /// nothing written.
    OpenComments(i64),
    /// Only a post-mortem in review is approved; nothing written.
    NotInReview,
    /// The post-mortem was saved again after the revision the reviewer read; nothing
    /// written.
    Changed {
        revision: i32,
    },
}

/// Records the actor's approval of the post-mortem, of revision `read` when given (the one
/// the reviewer was shown).
pub async fn approve(
    ctx: &Ctx<'_>,
    actor: &Actor,
    number: i64,
    read: Option<i32>,
    despite_open_comments: bool,
) -> Result<Approval> {
    let person = actor.person_id().ok_or(Error::NotFound)?;
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    if pm.state != State::InReview {
        return Ok(Approval::NotInReview);
    }
    if read.is_some_and(|r| r != pm.revision) {
        return Ok(Approval::Changed {
            revision: pm.revision,
        });
    }
    if !despite_open_comments {
        let open = store::postmortems::open_comments_by(&mut *tx, pm.id, person).await?;
        if open > 0 {
            return Ok(Approval::OpenComments(open));
        }
    }
    if !store::postmortems::approve(&mut tx, pm.id, person).await? {
        return Err(Error::Forbidden(
            "Only the post-mortem's reviewers approve it.".into(),
        ));
    }
    let change = audit(
        &incident,
        "postmortem.approve",
        Message::new("audit-pm-approved").with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(Approval::Approved)
}

/// Publishes the post-mortem when nothing stands in the way: every section done, action
/// items (or a reason for none), and every reviewer's approval of the revision as locked.
/// `Ok(Err(why))` when it cannot be published; nothing written.
pub async fn publish(ctx: &Ctx<'_>, actor: &Actor, number: i64) -> Result<Result<(), Message>> {
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    if pm.state == State::Published {
        return Ok(Err(Message::new("pm-already-published")));
    }
    let actions = store::action_items::action_count(&mut *tx, pm.id).await?;
    let reviewers = store::postmortems::reviewers(&mut *tx, pm.id).await?;
    let blockers = publishing_blockers(
        &pm.template,
        &pm.sections,
        actions,
        &pm.no_actions_reason,
        &reviewers,
    );
    if !blockers.is_empty() {
        return Ok(Err(
            Message::new("pm-not-published-yet").with_all("blockers", blockers)
        ));
    }
    store::postmortems::set_state(&mut tx, pm.id, State::Published, actor.person_id()).await?;
    let change = audit(
        &incident,
        "postmortem.publish",
        Message::new("audit-pm-published").with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    let url = format!(
        "{}/incidents/{}/postmortem",
        ctx.public_url, incident.number
    );
    let data = serde_json::json!({"postmortem_url": url, "action_items": actions});
    outbox::announce(
        &mut tx,
        ctx,
        Event::PostmortemPublished,
        &incident,
        "Post-mortem published.",
        data,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Reopens a published post-mortem as a draft: the next save starts a new revision and the
/// published one is kept. `false` when it was not published; nothing written.
pub async fn reopen(ctx: &Ctx<'_>, actor: &Actor, number: i64) -> Result<bool> {
    let mut tx = ctx.begin().await?;
    let (incident, pm) = locked(&mut tx, ctx, actor, number).await?;
    if pm.state != State::Published {
        return Ok(false);
    }
    store::postmortems::set_state(&mut tx, pm.id, State::Draft, None).await?;
    let change = audit(
        &incident,
        "postmortem.reopen",
        Message::new("audit-pm-reopened").with("incident", incident.reference()),
    );
    record(&mut tx, actor, change).await?;
    tx.commit().await?;
    Ok(true)
}
