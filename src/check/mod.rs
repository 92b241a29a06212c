//! The checks: validators over the loaded corpus, the plan and the rendered pages' facts,
//! each returning diagnostics. `build` runs them before it writes anything and fails on
//! their errors; `check` runs them over whatever loaded, beside every load and render
//! error (see `pipeline`), and over the working copies as well (`Scope`); `serve` runs
//! them after each save.
//!
//! - `links`: links and `#anchors` across the site (relative links and site paths), links
//!   to drafts, repeated ids; `site_files`: what a site path may name besides pages;
//! - `copies`: which copy a problem is in;
//! - `revisions`: unreleased documents, missing frozen copies, lagging translations;
//! - `frozen_assets`: frozen pages that show today's files, their release having frozen
//!   none;
//! - `fluent`: Fluent keys missing in a locale, in one locale only, or unused;
//! - the groups of `search.yaml` (`search::variants`);
//! - `symlinks`: symbolic links under `content/`, never followed;
//! - `external`: `http(s)` links fetched, with `check --external` only;
//! - `trust`: the data files against today (notice periods, certificate expiry) and
//!   `security.txt`'s expiry.

pub mod copies;
pub mod external;
pub mod fluent;
pub mod frozen_assets;
pub mod links;
pub mod revisions;
pub mod site_files;
pub mod symlinks;
pub mod trust;

use std::path::Path;

use crate::load::config::Config;
use crate::load::locales::Locales;
use crate::load::search_file::SearchFile;
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
    /// `search.yaml`, whose groups must make sense.
    pub search_file: &'a SearchFile,
    /// The theme and its UI strings, when both loaded (their keys are checked).
    pub strings: Option<(&'a Theme, &'a Locales)>,
    /// The data files that loaded.
    pub trust: &'a TrustData,
    /// Today in the site's time zone.
    pub today: Date,
}

/// What `trustdocs check` examines beyond what `build` does.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The working copies too, as `build --drafts` would publish them (the default of
    /// `check`; `--published` turns it off).
    pub working_copies: bool,
    /// `--external`: every `http(s)` link is fetched.
    pub external: Option<external::Settings>,
}

/// What one run of the checks covers beyond what `build` publishes.
#[derive(Default)]
pub struct Scope<'a> {
    /// What `build --drafts` publishes: the working copies, rendered beside the published
    /// copies, are checked against it.
    pub drafts: Option<&'a SitePlan>,
    pub external: Option<&'a external::Settings>,
}

/// Every validator's findings over what `build` publishes.
pub fn validate(subject: &Subject) -> Vec<Diagnostic> {
    validate_with(subject, &Scope::default())
}

/// Every validator's findings, over what `scope` adds too.
pub fn validate_with(subject: &Subject, scope: &Scope) -> Vec<Diagnostic> {
    let mut found = links::links_and_anchors(&links::Against {
        corpus: subject.corpus,
        facts: subject.facts,
        plan: subject.plan,
        drafts: scope.drafts,
        languages: &subject.config.languages,
        theme: subject.strings.map(|(theme, _)| theme),
        trust_files: site_files::TrustFiles {
            subprocessors: subject.trust.subprocessors.is_some(),
            security_txt: subject.config.trust.security.is_some(),
        },
    });
    found.extend(revisions::revisions(
        subject.config,
        subject.corpus,
        subject.plan,
    ));
    if let Err(errors) = crate::search::variants::Variants::of(subject.search_file) {
        found.extend(errors.iter().map(Diagnostic::from));
    }
    found.extend(symlinks::symlinks(subject.corpus));
    found.extend(trust::trust_data(
        subject.config,
        subject.trust,
        subject.today,
    ));
    found.extend(frozen_assets::unfrozen_assets(
        subject.corpus,
        subject.plan,
        subject.facts,
    ));
    if let Some((theme, locales)) = subject.strings {
        found.extend(fluent::fluent_keys(
            subject.root,
            &subject.config.theme,
            theme,
            locales,
        ));
    }
    if let Some(settings) = scope.external {
        found.extend(external::check(subject, scope.drafts.is_some(), settings));
    }
    found
}
