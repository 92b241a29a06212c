//! What earlier runs of `check --external` found working, so that a CI run repeated within
//! the age limit asks no server again: `.trustdocs-cache/external-links.json` under the
//! site root (git-ignored by `init`; keep the folder between CI runs to benefit).
//!
//! Only working links are kept, each with when it was fetched, where it had moved for good
//! and which of its `#anchors` were found: a broken link, a missing anchor or a 429 is
//! asked again next time, since it may be fixed by then. An unreadable cache is a cache
//! with nothing in it.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::fetch::Outcome;
use crate::report::{Code, Diagnostic};

/// The cache folder, at the site root.
pub const CACHE_DIR: &str = ".trustdocs-cache";
/// The file of external links in it.
pub const CACHE_FILE: &str = "external-links.json";

/// The format written; a cache of another is ignored.
const FORMAT: u32 = 1;

/// What a cache holds of one link that worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Known {
    /// When it was fetched.
    pub checked: jiff::Timestamp,
    /// Where it ended when it had moved for good.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<String>,
    /// Whether it is an HTML page (whose anchors can be checked).
    pub html: bool,
    /// The anchors asked for and found on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    format: u32,
    links: BTreeMap<String, Known>,
}

/// The cache of one run: what is fresh enough to be used, and what this run adds.
#[derive(Debug, Default)]
pub struct Cache {
    links: BTreeMap<String, Known>,
}

impl Cache {
    /// The answers in `path` fetched less than `age` before `now`.
    pub fn read(path: &Path, now: jiff::Timestamp, age: Duration) -> Cache {
        let Ok(bytes) = std::fs::read(path) else {
            return Cache::default();
        };
        let Ok(file) = serde_json::from_slice::<File>(&bytes) else {
            return Cache::default();
        };
        if file.format != FORMAT {
            return Cache::default();
        }
        let fresh = |known: &Known| {
            let since = now.duration_since(known.checked);
            !since.is_negative() && Duration::try_from(since).is_ok_and(|since| since < age)
        };
        Cache {
            links: file.links.into_iter().filter(|(_, k)| fresh(k)).collect(),
        }
    }

    /// What the cache knows of `url`, when that answers every one of `fragments`.
    pub fn answer(&self, url: &str, fragments: &[&str]) -> Option<Known> {
        let known = self.links.get(url)?;
        let answered = !known.html
            || fragments
                .iter()
                .all(|f| known.anchors.iter().any(|a| a == f));
        answered.then(|| known.clone())
    }

    /// Keeps what fetching `url` found, if it worked: with the anchors of `fragments` that
    /// the page has.
    pub fn record<'f>(
        &mut self,
        url: &str,
        outcome: &Outcome,
        fragments: impl Iterator<Item = &'f str>,
        now: jiff::Timestamp,
    ) {
        let Outcome::Working { moved, html, ids } = outcome else {
            self.links.remove(url);
            return;
        };
        let mut anchors: Vec<String> = fragments
            .filter(|f| ids.as_ref().is_some_and(|ids| ids.contains(*f)))
            .map(str::to_string)
            .collect();
        anchors.sort();
        anchors.dedup();
        // An HTML page read without its ids (none was wanted) is kept with no anchor
        // known: a later run that wants one fetches it again.
        self.links.insert(
            url.to_string(),
            Known {
                checked: now,
                moved: moved.clone(),
                html: *html,
                anchors,
            },
        );
    }

    /// Writes the cache to `path` (a new file renamed over the old one, so a killed run
    /// leaves the old or the new, never half of one).
    pub fn write(&self, path: &Path) -> Result<(), Diagnostic> {
        let file = File {
            format: FORMAT,
            links: self.links.clone(),
        };
        let problem = |e: std::io::Error| {
            Diagnostic::warning(
                Path::new(CACHE_DIR),
                None,
                Code::Write,
                format!("cannot keep the answers of external links for the next run: {e}"),
            )
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| problem(e.into()))?;
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        std::fs::create_dir_all(dir).map_err(problem)?;
        let temporary = dir.join(format!(".{CACHE_FILE}.new"));
        std::fs::write(&temporary, json).map_err(problem)?;
        std::fs::rename(&temporary, path).map_err(problem)
    }
}
