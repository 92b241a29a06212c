//! `check --external`: every `http(s)` link of the checked copies fetched once, and each
//! broken one reported at every file and line that uses it. Nothing here runs without the
//! flag: a plain `check` never touches the network.
//!
//! - `gather.rs`: the links, with their files, lines and `#anchors`;
//! - `skip.rs`: the site's file of URL patterns not to fetch (`.trustdocs-skip-links`);
//! - `cache.rs`: what earlier runs found working, kept for a while
//!   (`.trustdocs-cache/external-links.json`), so repeated CI runs stay polite and fast;
//! - `policy.rs`: how the fetching is spread out (a few requests per host at a time, 429
//!   `Retry-After` waited for) and `fetch.rs`: one link fetched, redirects followed;
//! - `html.rs`: the ids of an HTML page, for `#anchors`;
//! - `report.rs`: what was found, as diagnostics.
//!
//! lychee and `zola check` were the references: a GET (some servers answer HEAD wrongly),
//! redirects followed, 2xx accepted and anything else reported, except 429, which is waited
//! for and, if it lasts, reported as unchecked rather than broken.

mod cache;
mod fetch;
mod gather;
mod html;
mod policy;
mod report;
mod skip;

use std::path::PathBuf;
use std::time::Duration;

use crate::check::Subject;
use crate::report::Diagnostic;
pub use cache::{CACHE_DIR, CACHE_FILE};
pub use policy::Policy;
pub use skip::SKIP_FILE;

/// How `check --external` fetches.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The present moment (`load::Options::now`): how old a cached answer is.
    pub now: jiff::Timestamp,
    /// An answer older than this is fetched again; zero: no cache is read or written.
    pub cache_age: Duration,
    pub policy: Policy,
    /// The HTTP(S) proxy to go through, as the command line found it (`HTTPS_PROXY`,
    /// `NO_PROXY`…): no stage reads the environment.
    pub proxy: Option<ureq::Proxy>,
}

impl Settings {
    /// The defaults: answers kept for a day, `Policy::default()`, no proxy.
    pub fn new(now: jiff::Timestamp) -> Settings {
        Settings {
            now,
            cache_age: Duration::from_secs(24 * 60 * 60),
            policy: Policy::default(),
            proxy: None,
        }
    }
}

/// Fetches the external links of the copies `check` examines (the published ones, and
/// the working copies with `working_copies`) and reports the broken ones.
pub fn check(subject: &Subject, working_copies: bool, settings: &Settings) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let skip = match skip::Skip::load(subject.root) {
        Ok(skip) => skip,
        Err(e) => {
            found.push(Diagnostic::from(&e));
            skip::Skip::default()
        }
    };
    let mut links = gather::links(subject.corpus, subject.plan, working_copies);
    for uses in links.values_mut() {
        uses.retain(|u| !skip.skips(&u.written));
    }
    links.retain(|_, uses| !uses.is_empty());

    let cache_path: PathBuf = subject.root.join(CACHE_DIR).join(CACHE_FILE);
    let use_cache = !settings.cache_age.is_zero();
    let mut cache = if use_cache {
        cache::Cache::read(&cache_path, settings.now, settings.cache_age)
    } else {
        cache::Cache::default()
    };
    let mut answers = Vec::new();
    let mut to_fetch = Vec::new();
    for (url, uses) in &links {
        let fragments: Vec<&str> = uses.iter().filter_map(|u| u.fragment.as_deref()).collect();
        match cache.answer(url, &fragments) {
            Some(answer) => answers.push((url.as_str(), answer)),
            None => to_fetch.push(policy::Request {
                url: url.clone(),
                ids_wanted: !fragments.is_empty(),
            }),
        }
    }
    let fetched = policy::fetch_all(to_fetch, settings);
    for (url, outcome) in &fetched {
        let fragments = links[url.as_str()]
            .iter()
            .filter_map(|u| u.fragment.as_deref());
        cache.record(url, outcome, fragments, settings.now);
    }
    let answers = answers
        .into_iter()
        .map(|(url, answer)| (url, report::Answer::Cached(answer)))
        .chain(
            fetched
                .iter()
                .map(|(url, outcome)| (url.as_str(), report::Answer::Fetched(outcome))),
        );
    for (url, answer) in answers {
        found.extend(report::diagnostics(url, &answer, &links[url]));
    }
    if use_cache && let Err(e) = cache.write(&cache_path) {
        found.push(e);
    }
    found
}
