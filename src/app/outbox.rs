//! Webhook announcements, queued in the transaction of the change they describe so that a
//! rolled-back change is never announced and a committed one always is.

use sqlx::PgConnection;
use time::OffsetDateTime;

use super::{Ctx, Result};
use crate::domain::incident::Incident;
use crate::domain::webhook::{self, Event};
use crate::store;

/// Queues `event` about `incident` for the webhooks that want it.
pub async fn announce(
    tx: &mut PgConnection,
    ctx: &Ctx<'_>,
    event: Event,
    incident: &Incident,
    summary: &str,
    data: serde_json::Value,
) -> Result<()> {
    let payload = webhook::payload(
        event,
        incident,
        summary,
        data,
        OffsetDateTime::now_utc(),
        ctx.public_url,
    );
    store::webhooks::enqueue(tx, event, &payload).await?;
    Ok(())
}
