//! Server-sent events for one incident page: `timeline`, `team` and `status` as they
//! change, from any Murphy instance on the database.

use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::app;
use crate::error::Result;
use crate::runtime::listener::Signal;
use crate::web::auth::CurrentUser;
use crate::web::extract::IncidentNumber;

/// Only people who may see the incident can subscribe.
pub(super) async fn events(
    State(state): State<AppState>,
    user: CurrentUser,
    IncidentNumber(number): IncidentNumber,
) -> Result<Response> {
    let incident = app::incidents::visible(&state.ctx(), &user.actor(), number).await?;
    let receiver = state.live.subscribe().await?;
    let id = incident.id;
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| async move {
        loop {
            let event = match receiver.recv().await {
                Ok(Signal::Changed(e)) if e.incident == id => {
                    SseEvent::default().event(e.what).data("{}")
                }
                Ok(Signal::Changed(_)) => continue,
                // Fell behind, or the listener was away: the page reloads what it shows.
                Ok(Signal::Resync) | Err(RecvError::Lagged(_)) => {
                    SseEvent::default().event("resync").data("{}")
                }
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok::<_, std::convert::Infallible>(event), receiver));
        }
    });
    // At shutdown the stream ends, so that Murphy can drain its requests; the browser
    // connects again (to another instance, or to this one when it is back).
    let stream = futures_util::StreamExt::take_until(stream, state.live.closed());
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
