//! Keeps the embedded PostgreSQL running while Murphy serves: when the server dies (killed,
//! crashed, out of memory), it is started again at once, then after 1, 2, 4 and every 5
//! seconds for as long as it fails, each failure told to [`Health`] with its reason.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::database::embedded::{LocalPg, LocalPgError};
use crate::database::health::Health;

/// How often the server's process is looked at.
const POLL: Duration = Duration::from_millis(200);
/// The longest pause between two tries to start it again.
const MOST_PATIENT: Duration = Duration::from_secs(5);

/// The running supervisor; [`Supervisor::stop`] ends it.
pub struct Supervisor {
    stopping: Arc<AtomicBool>,
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Supervisor {
    pub fn start(local: Arc<Mutex<LocalPg>>, health: Arc<Health>) -> Supervisor {
        let stopping = Arc::new(AtomicBool::new(false));
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(supervise(local, health, stopping.clone(), wake.clone()));
        Supervisor {
            stopping,
            wake,
            task,
        }
    }

    /// Stops watching; a restart under way gives up. Returns when the supervisor has ended.
    pub async fn stop(self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.wake.notify_one();
        let _ = self.task.await;
    }
}

fn lock(local: &Mutex<LocalPg>) -> std::sync::MutexGuard<'_, LocalPg> {
    local.lock().unwrap_or_else(|e| e.into_inner())
}

async fn supervise(
    local: Arc<Mutex<LocalPg>>,
    health: Arc<Health>,
    stopping: Arc<AtomicBool>,
    wake: Arc<Notify>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = wake.notified() => {}
        }
        if stopping.load(Ordering::Relaxed) {
            return;
        }
        let Some(how) = lock(&local).exited() else {
            continue;
        };
        let died = Instant::now();
        let log = lock(&local).log_tail(5);
        tracing::error!(%how, %log, "the embedded PostgreSQL stopped unexpectedly; starting it again");
        health.server_down(format!(
            "the embedded PostgreSQL stopped unexpectedly ({how}); starting it again"
        ));
        let mut pause = Duration::ZERO;
        for attempt in 1.. {
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = wake.notified() => {}
            }
            if stopping.load(Ordering::Relaxed) {
                return;
            }
            let restarted = tokio::task::spawn_blocking({
                let (local, stopping) = (local.clone(), stopping.clone());
                move || lock(&local).restart(&stopping)
            })
            .await;
            let error = match restarted {
                Ok(Ok(())) => {
                    tracing::info!(
                        attempt,
                        seconds = died.elapsed().as_secs_f64(),
                        "the embedded PostgreSQL runs again"
                    );
                    health.server_restarted();
                    break;
                }
                Ok(Err(LocalPgError::Stopping)) => return,
                Ok(Err(e)) => e.to_string(),
                Err(e) => e.to_string(),
            };
            pause = (pause * 2).clamp(Duration::from_secs(1), MOST_PATIENT);
            tracing::error!(attempt, %error, next_in_seconds = pause.as_secs(), "the embedded PostgreSQL cannot be started again");
            health.server_down(format!(
                "the embedded PostgreSQL stopped unexpectedly ({how}) and cannot be started \
                 again (attempt {attempt}, next in {} s): {error}",
                pause.as_secs()
            ));
        }
    }
}
