//! Live updates: PostgreSQL NOTIFY → one LISTEN connection per Murphy instance → a broadcast
//! channel → server-sent event streams. Every instance on the database hears every change,
//! so several instances behind a load balancer stay live.

use std::sync::Arc;

use serde::Deserialize;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::{OnceCell, broadcast};
use uuid::Uuid;

use crate::store::events::CHANNEL;

/// Something changed on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Event {
    pub incident: Uuid,
    /// timeline, team or status.
    pub what: String,
}

/// The instance's listener, started by the first subscriber.
pub struct Live {
    pool: PgPool,
    sender: broadcast::Sender<Event>,
    started: OnceCell<()>,
}

impl Live {
    pub fn new(pool: PgPool) -> Arc<Live> {
        let (sender, _) = broadcast::channel(1024);
        Arc::new(Live {
            pool,
            sender,
            started: OnceCell::new(),
        })
    }

    /// A receiver of every event from now on. The first call starts listening and returns
    /// once PostgreSQL confirms the LISTEN, so nothing committed after it is missed.
    pub async fn subscribe(&self) -> sqlx::Result<broadcast::Receiver<Event>> {
        self.started
            .get_or_try_init(|| async {
                let mut listener = PgListener::connect_with(&self.pool).await?;
                listener.listen(CHANNEL).await?;
                let sender = self.sender.clone();
                tokio::spawn(async move {
                    loop {
                        match listener.recv().await {
                            Ok(n) => match serde_json::from_str::<Event>(n.payload()) {
                                Ok(event) => {
                                    let _ = sender.send(event);
                                }
                                Err(e) => tracing::warn!(error = %e, "unreadable live event"),
                            },
                            // PgListener reconnects on the next recv.
                            Err(e) => {
                                tracing::warn!(error = %e, "live listener lost its connection");
                                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                            }
                        }
                    }
                });
                Ok::<(), sqlx::Error>(())
            })
            .await?;
        Ok(self.sender.subscribe())
    }
}
