//! The checks: validators over the loaded corpus, the plan and the rendered pages' facts,
//! each returning diagnostics. `build` runs them before it writes anything and fails on
//! their errors; `check` runs them over whatever loaded, beside every load and render
//! error (see `pipeline`); `serve` runs them after each save.
//!
//! - `links`: links and `#anchors` across the site, links to drafts, repeated ids;
//! - `revisions`: unreleased documents, missing frozen copies, lagging translations;
//! - `fluent`: Fluent keys missing in a locale, in one locale only, or unused;
//! - `trust`: the data files against today (notice periods, certificate expiry) and
//!   `security.txt`'s expiry.

pub mod fluent;
pub mod links;
pub mod revisions;
pub mod trust;

use std::path::Path;

use crate::load::config::Config;
use crate::load::locales::Locales;
use crate::load::theme::Theme;
use crate::markdown::stage::SiteFacts;
use crate::model::content::Corpus;
use crate::model::trust::TrustData;
use crate::plan::SitePlan;
use crate::report::Diagnostic;
use jiff::civil::Date;

/// What the checks read.
pub struct Subject<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub corpus: &'a Corpus,
    pub plan: &'a SitePlan,
    pub facts: &'a SiteFacts,
    /// The theme and its UI strings, when both loaded (their keys are checked).
    pub strings: Option<(&'a Theme, &'a Locales)>,
    /// The data files that loaded.
    pub trust: &'a TrustData,
    /// Today in the site's time zone.
    pub today: Date,
}

/// Every validator's findings.
pub fn validate(subject: &Subject) -> Vec<Diagnostic> {
    let mut found = links::links_and_anchors(subject.corpus, subject.facts, subject.plan);
    found.extend(revisions::revisions(
        subject.config,
        subject.corpus,
        subject.plan,
    ));
    found.extend(trust::trust_data(
        subject.config,
        subject.trust,
        subject.today,
    ));
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
