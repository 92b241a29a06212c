//! The revisions of each document: a document never released, a revision after the first
//! frozen one without its frozen copy, and translations behind (or ahead of) the
//! authoritative revision they say they translate.

use crate::load::config::Config;
use crate::model::content::Corpus;
use crate::model::version::Version;
use crate::plan::SitePlan;
use crate::plan::publication::is_releasable;
use crate::report::{Code, Diagnostic};

/// Unreleased documents, frozen copies missing from a history, and translations behind
/// the authoritative revision.
pub fn revisions(config: &Config, corpus: &Corpus, plan: &SitePlan) -> Vec<Diagnostic> {
    let default = config.default_language();
    let mut found = Vec::new();
    for (d, doc) in corpus.iter() {
        let releasable = is_releasable(doc, plan.is_listing(d));
        let index_path = &doc.index.source(default).path;
        if releasable
            && !doc.history_unreadable
            && doc.history.as_ref().is_none_or(|h| h.revisions.is_empty())
        {
            found.push(Diagnostic::warning(
                index_path,
                None,
                Code::Unreleased,
                format!(
                    "`{}` was never released: `build` leaves it out (release it with `trustdocs release {}`)",
                    doc.dir, doc.dir
                ),
            ));
        }
        let Some(history) = &doc.history else {
            continue;
        };
        if let Some(first_frozen) = doc.releases.first().map(|r| r.version) {
            for revision in history
                .revisions
                .iter()
                .filter(|r| r.version > first_frozen)
            {
                if !doc.releases.iter().any(|r| r.version == revision.version) {
                    found.push(Diagnostic::error(
                        &history.path,
                        Some(revision.line),
                        Code::MissingRelease,
                        format!(
                            "{} has no frozen copy under releases/{}/ although {first_frozen} has one",
                            revision.version, revision.version
                        ),
                    ));
                }
            }
        }
        let Some(latest) = history.latest().map(|r| r.version) else {
            continue;
        };
        for page in std::iter::once(&doc.index).chain(&doc.pages) {
            for language in config.languages.iter().filter(|l| *l != default) {
                let source = page.source(language);
                let line = key_line(&source.raw, "translation_of");
                match source.front.translation_of.as_deref().map(|t| (t, t.parse::<Version>())) {
                    None => found.push(Diagnostic::warning(
                        &source.path,
                        None,
                        Code::TranslationUnversioned,
                        format!("no `translation_of`: say which {default} revision this translates (latest is {latest})"),
                    )),
                    Some((written, Err(()))) => found.push(Diagnostic::error(
                        &source.path,
                        line,
                        Code::TranslationVersion,
                        format!("translation_of `{written}` is not MAJOR.MINOR"),
                    )),
                    Some((_, Ok(v))) if v > latest => found.push(Diagnostic::error(
                        &source.path,
                        line,
                        Code::TranslationVersion,
                        format!("translation_of {v} is newer than the latest release {latest}"),
                    )),
                    Some((_, Ok(v))) if v < latest => found.push(Diagnostic::warning(
                        &source.path,
                        line,
                        Code::TranslationLag,
                        format!("translates {v} but the {default} original is at {latest}: the page shows an outdated-translation banner"),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    found
}

/// The line of `key:` in a file's front matter.
fn key_line(raw: &str, key: &str) -> Option<usize> {
    raw.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}
