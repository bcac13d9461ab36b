//! What happens as time passes: maintenance windows move along, and owners of action
//! items past their due date are told. Every few seconds, on every instance (each move
//! and each telling is claimed by one conditional statement, so instances never both act).

use std::time::Duration;

use crate::AppState;

/// How often windows are checked: a window starts or ends at most this late.
const EVERY: Duration = Duration::from_secs(10);

pub async fn worker(state: AppState) {
    loop {
        let now = time::OffsetDateTime::now_utc();
        match crate::app::maintenance::advance(&state.ctx(), now).await {
            Ok(0) => {}
            Ok(moved) => tracing::info!(moved, "maintenance windows moved on"),
            Err(e) => tracing::warn!(error = %e, "moving maintenance windows failed"),
        }
        match crate::app::action_items::tell_overdue(&state.ctx(), now.date()).await {
            Ok(0) => {}
            Ok(told) => tracing::info!(told, "owners of overdue action items told"),
            Err(e) => tracing::warn!(error = %e, "telling of overdue action items failed"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
