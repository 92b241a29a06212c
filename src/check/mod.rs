//! The checks: validators over the loaded corpus, the plan and the rendered pages' facts,
//! each returning diagnostics. `build` runs them before it writes anything and fails on
//! their errors; `check` runs them over whatever loaded, beside every load and render
//! error (see `pipeline`); `serve` runs them after each save.
//!
//! - `links`: links and `#anchors` across the site, links to drafts, repeated ids;
//! - `revisions`: unreleased documents, missing frozen copies, lagging translations;
//! - `fluent`: Fluent keys missing in a locale, in one locale only, or unused;
//! - and the groups of `search.yaml` (`search::variants`).

pub mod fluent;
pub mod links;
pub mod revisions;

use std::path::Path;

use crate::load::config::Config;
use crate::load::locales::Locales;
use crate::load::search_file::SearchFile;
use crate::load::theme::Theme;
use crate::markdown::stage::SiteFacts;
use crate::model::content::Corpus;
use crate::plan::SitePlan;
use crate::report::Diagnostic;

/// What the checks read.
pub struct Subject<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub corpus: &'a Corpus,
    pub plan: &'a SitePlan,
    pub facts: &'a SiteFacts,
    /// `search.yaml`, whose groups must make sense.
    pub search_file: &'a SearchFile,
    /// The theme and its UI strings, when both loaded (their keys are checked).
    pub strings: Option<(&'a Theme, &'a Locales)>,
}

/// Every validator's findings.
pub fn validate(subject: &Subject) -> Vec<Diagnostic> {
    let mut found = links::links_and_anchors(subject.corpus, subject.facts, subject.plan);
    found.extend(revisions::revisions(
        subject.config,
        subject.corpus,
        subject.plan,
    ));
    if let Err(errors) = crate::search::variants::Variants::of(subject.search_file) {
        found.extend(errors.iter().map(Diagnostic::from));
    }
    if let Some((theme, locales)) = subject.strings {
        found.extend(fluent::fluent_keys(
            subject.root,
            &subject.config.theme,
            theme,
            locales,
        ));
    }
    found
}
