//! Short-lived copies of the lists pages offer as choices (service names, active people), so
//! that every page view does not fetch them again. A copy lives a few seconds; changes made
//! through this instance drop it at once, and other instances see them within that time.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::domain::person::Person;
use crate::store;

/// How long a copy is used before it is fetched again.
const FRESH_FOR: Duration = Duration::from_secs(5);

type Slot<T> = Mutex<Option<(Instant, Arc<Vec<T>>)>>;

#[derive(Default)]
pub struct Choices {
    services: Slot<String>,
    people: Slot<Person>,
}

fn cached<T>(slot: &Slot<T>) -> Option<Arc<Vec<T>>> {
    let guard = slot.lock().unwrap_or_else(|p| p.into_inner());
    guard
        .as_ref()
        .filter(|(at, _)| at.elapsed() < FRESH_FOR)
        .map(|(_, v)| v.clone())
}

fn keep<T>(slot: &Slot<T>, value: Vec<T>) -> Arc<Vec<T>> {
    let value = Arc::new(value);
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), value.clone()));
    value
}

impl Choices {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every service's name, by name.
    pub async fn service_names(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<String>>> {
        if let Some(v) = cached(&self.services) {
            return Ok(v);
        }
        Ok(keep(&self.services, store::services::names(db).await?))
    }

    /// Replaces a service name typed in any case with its stored spelling (left as typed
    /// when no service has it, so that it matches nothing).
    pub async fn canonicalise(&self, db: &PgPool, name: &mut Option<String>) -> sqlx::Result<()> {
        if let Some(typed) = name.as_mut() {
            let names = self.service_names(db).await?;
            if let Some(stored) = names
                .iter()
                .find(|n| n.to_lowercase() == typed.to_lowercase())
            {
                *typed = stored.clone();
            }
        }
        Ok(())
    }

    /// Active people, by name.
    pub async fn active_people(&self, db: &PgPool) -> sqlx::Result<Arc<Vec<Person>>> {
        if let Some(v) = cached(&self.people) {
            return Ok(v);
        }
        let people = store::people::list(db)
            .await?
            .into_iter()
            .filter(|p| p.active)
            .collect();
        Ok(keep(&self.people, people))
    }

    /// Drops the copies after a change made through this instance.
    pub fn forget(&self) {
        *self.services.lock().unwrap_or_else(|p| p.into_inner()) = None;
        *self.people.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
