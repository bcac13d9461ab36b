//! `murphy status-export DIR`: the whole public status page as static files, laid out as
//! the paths Murphy serves them (`status/index.html` for `/status`, …), to host somewhere
//! that stays up when what it reports on is down.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{DOCS, Doc, load, page, render};
use crate::AppState;
use crate::i18n::Lang;

/// Where a served path goes under `dir`: pages become `index.html` in their folder.
fn file_for(dir: &Path, path: &str) -> PathBuf {
    let relative = path.trim_start_matches('/');
    let is_file = relative
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if is_file {
        dir.join(relative)
    } else {
        dir.join(relative).join("index.html")
    }
}

fn write(dir: &Path, path: &str, body: &[u8]) -> anyhow::Result<()> {
    let file = file_for(dir, path);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&file, body).with_context(|| format!("cannot write {}", file.display()))
}

/// The page's Subscribe button as the templates draw it.
const SUBSCRIBE: &str =
    r#"<a class="button status-subscribe-link" href="/status/subscribe">Subscribe</a>"#;

/// An exported page's Subscribe button leads to the live Murphy (subscribing needs it), or
/// goes when no public address is configured.
fn for_hosting(state: &AppState, html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let button = if state.public_url.is_empty() {
        String::new()
    } else {
        SUBSCRIBE.replace(
            "/status/subscribe",
            &format!("{}/status/subscribe", state.public_url),
        )
    };
    text.replace(SUBSCRIBE, &button).into_bytes()
}

/// Writes every status document, the history of the last three months, each listed
/// incident's page, every component's badge (`status/badges/{id}.svg`) and the assets the
/// pages use into `dir`; returns how many files it wrote.
pub async fn export(state: &AppState, dir: &Path) -> anyhow::Result<usize> {
    let snapshot = load(&state.db).await?;
    let mut written = 0;
    for (doc, path) in DOCS {
        let rendered = render(state, doc, &snapshot, state.default_language)?;
        write(dir, path, &for_hosting(state, rendered.body()))?;
        written += 1;
    }
    let lang = state.default_language;
    let history =
        page::render_history(state, &snapshot, page::this_month(snapshot.now), lang).await?;
    write(
        dir,
        "/status/history",
        &for_hosting(state, history.as_bytes()),
    )?;
    written += 1;
    let mut seen = std::collections::HashSet::new();
    for view in snapshot.open.iter().chain(&snapshot.newest) {
        if !seen.insert(view.incident.number) {
            continue;
        }
        let html = page::render_incident(state, &snapshot, view, lang)?;
        write(
            dir,
            &format!("/status/incidents/{}", view.incident.number),
            &for_hosting(state, html.as_bytes()),
        )?;
        written += 1;
    }
    for c in &snapshot.components {
        let id = c.component.service_id;
        let badge = render(state, Doc::Badge(Some(id)), &snapshot, Lang::En)?;
        write(dir, &format!("/status/badges/{id}.svg"), badge.body())?;
        written += 1;
    }
    for (name, body) in crate::web::assets::files() {
        write(dir, &format!("/static/{name}"), body.as_bytes())?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_index_files() {
        let dir = Path::new("/out");
        assert_eq!(
            file_for(dir, "/status"),
            Path::new("/out/status/index.html")
        );
        assert_eq!(
            file_for(dir, "/status/api/v2/summary.json"),
            Path::new("/out/status/api/v2/summary.json")
        );
        assert_eq!(
            file_for(dir, "/status/incidents/7"),
            Path::new("/out/status/incidents/7/index.html")
        );
    }
}
