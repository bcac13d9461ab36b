//! Moves maintenance windows along as their times pass: every few seconds, on every
//! instance (each move is one conditional statement, so instances never both make one).

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
        tokio::time::sleep(EVERY).await;
    }
}
