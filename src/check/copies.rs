//! Which copy a problem is in. `check` examines the working copies beside what `build`
//! publishes; a problem found in a working copy that `build` does not publish says so, and
//! one that an unchanged working copy merely repeats from the release it equals is
//! reported once, at the release.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::model::content::{Copy, Corpus, Page};
use crate::plan::SitePlan;
use crate::report::{Code, Diagnostic};

/// The problems that belong to one copy of a page: what its Markdown and links are.
const OF_A_COPY: &[Code] = &[
    Code::BrokenLink,
    Code::BrokenAnchor,
    Code::DraftLink,
    Code::DuplicateId,
    Code::ExternalLink,
    Code::ExternalAnchor,
    Code::ExternalRedirect,
    Code::ExternalUnchecked,
];

/// Notes which copy each problem of a working copy is in, when `plan` (what `build`
/// publishes) does not show that working copy, and drops the problems of an unchanged
/// working copy that its release, equal to it, already has at the same line.
pub fn mark_working_copies(diagnostics: &mut Vec<Diagnostic>, corpus: &Corpus, plan: &SitePlan) {
    // Working copy file → (its note, the file of the latest release's same page when the
    // two are the same text).
    let mut working: HashMap<String, (&'static str, Option<String>)> = HashMap::new();
    for (d, doc) in corpus.iter() {
        let note = match plan.current(d) {
            Some(Copy::Working) => continue,
            Some(Copy::Release(_)) => " (in the working copy: not yet released)",
            None => " (in a document never released)",
        };
        let latest = doc.latest_release();
        for page in std::iter::once(&doc.index).chain(&doc.pages) {
            let frozen = latest.and_then(|r| {
                std::iter::once(&r.index)
                    .chain(&r.pages)
                    .find(|p| p.stem == page.stem)
            });
            for (language, source) in &page.sources {
                let same = frozen
                    .filter(|f| same_text(page, f, language))
                    .map(|f| shown(&f.source(language).path));
                working.insert(shown(&source.path), (note, same));
            }
        }
    }
    if working.is_empty() {
        return;
    }
    let at_release: HashSet<(String, Option<usize>, Code, String)> = diagnostics
        .iter()
        .map(|d| (d.file.clone(), d.line, d.code, d.message.clone()))
        .collect();
    diagnostics.retain_mut(|d| {
        let Some((note, same)) = working.get(&d.file) else {
            return true;
        };
        if !OF_A_COPY.contains(&d.code) {
            return true;
        }
        if let Some(release) = same
            && at_release.contains(&(release.clone(), d.line, d.code, d.message.clone()))
        {
            return false;
        }
        d.message.push_str(note);
        true
    });
}

fn same_text(a: &Page, b: &Page, language: &crate::model::language::Language) -> bool {
    a.sources.get(language).map(|s| &s.raw) == b.sources.get(language).map(|s| &s.raw)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
