//! `trustdocs check`: every problem of the site in one run. The load and render errors of
//! a build, plus validators over the corpus and the rendered Markdown: broken `#anchors`,
//! links from published pages to drafts, repeated heading ids, lagging translations,
//! unreleased documents, frozen copies missing from a history, and Fluent keys missing,
//! one-sided or unused. `build` runs the same validators and fails on their errors.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::corpus::Corpus;
use crate::corpus::DocumentKind;
use crate::diagnostic::{self, Diagnostic};
use crate::history::Version;
use crate::language::Language;
use crate::links::LinkTable;
use crate::links::PageRef;
use crate::locale::Locales;
use crate::markdown::Rendered;
use crate::render::{self, Copy, Plan, RenderedMarkdown, Slot};
use crate::theme::Theme;
use crate::{BuildOptions, Loaded};
use std::sync::Arc;

/// Anchors the theme puts on every page, which content may link to.
const THEME_ANCHORS: &[&str] = &["main", "revision-history", "top"];
/// Keys the core itself asks Fluent for.
const CORE_KEYS: &[&str] = &["language-name", crate::search::TITLE_KEY];

/// Loads, renders and validates the site; returns every problem, sorted by file and line.
/// A broken page does not hide the problems of the others: what loads is examined.
pub fn check(options: &BuildOptions) -> Vec<Diagnostic> {
    let mut diagnostics = run(options);
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    diagnostics
}

fn run(options: &BuildOptions) -> Vec<Diagnostic> {
    let root = options.root.as_path();
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(e) => return vec![Diagnostic::from(&e)],
    };
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut note =
        |errors: &[crate::error::Error]| found.extend(errors.iter().map(Diagnostic::from));
    let (corpus, errors) = crate::corpus::load_partial(root, &config);
    note(&errors);
    let locales = Locales::load(root, &config)
        .map(Arc::new)
        .map_err(|e| note(&e))
        .ok();
    let strings = locales
        .clone()
        .unwrap_or_else(|| Arc::new(Locales::empty()));
    let theme = Theme::load(root, &config, strings)
        .map_err(|e| note(&e))
        .ok();

    let plans = render::plans(&corpus, options.drafts);
    let links = LinkTable::new(&corpus, &config.languages, &config.base_path);
    // Not cut into search sections: `check` builds no search index.
    let (mut markdown, errors) =
        render::markdown_of(&corpus, &config, &links, &plans, &render::Which::All, false);
    note(&errors);
    if let (Some(locales), Some(theme)) = (locales, theme) {
        let loaded = Loaded {
            config,
            corpus,
            locales,
            theme,
        };
        // Templates over the Markdown already rendered: template and Fluent errors.
        let scope = render::Scope {
            markdown: render::Which::Nothing,
            pages: render::Which::All,
            feeds: true,
            // Made of strings and numbers: nothing in it can be wrong.
            search: render::Reindex::No,
        };
        let inputs = loaded.inputs(root, options.drafts);
        let sink = crate::output::Sink::Discard;
        if let Err(errors) = render::render_into(&inputs, &mut markdown, &scope, &sink) {
            note(&errors);
        }
        found.extend(validate(&loaded, root, &markdown, options.drafts));
    } else {
        found.extend(links_and_anchors(&corpus, &markdown, &plans));
        found.extend(revisions(&config, &corpus));
    }
    found
}

/// The validators that need a loaded, rendered site.
pub fn validate(
    loaded: &Loaded,
    root: &Path,
    markdown: &RenderedMarkdown,
    drafts: bool,
) -> Vec<Diagnostic> {
    let plans = render::plans(&loaded.corpus, drafts);
    let mut found = Vec::new();
    found.extend(links_and_anchors(&loaded.corpus, markdown, &plans));
    found.extend(revisions(&loaded.config, &loaded.corpus));
    found.extend(fluent_keys(loaded, root));
    found.extend(crate::search::variants::diagnostics(root));
    found
}

/// `validate`'s findings as a build takes them: the errors, which fail it (sorted, as
/// `Error::Check`), and the warnings, which it reports.
pub fn split(mut diagnostics: Vec<Diagnostic>) -> (Vec<crate::error::Error>, Vec<Diagnostic>) {
    diagnostic::sort(&mut diagnostics);
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
    let errors = errors
        .into_iter()
        .map(|d| crate::error::Error::Check {
            path: PathBuf::from(d.file),
            line: d.line.unwrap_or(1),
            code: d.code,
            message: d.message,
        })
        .collect();
    (errors, warnings)
}

/// Where each page of each copy is: `key` → (document, slot) in the working copy, and
/// frozen copies by (key, version).
struct PageIndex {
    working: FxHashMap<String, (usize, Slot)>,
    /// Per key, each frozen copy holding it: (version, document, release, slot).
    frozen: FxHashMap<String, Vec<(Version, usize, usize, Slot)>>,
}

impl PageIndex {
    fn new(corpus: &Corpus) -> PageIndex {
        let mut working = FxHashMap::default();
        let mut frozen = FxHashMap::default();
        for (d, doc) in corpus.documents.iter().enumerate() {
            working.insert(doc.index.key(), (d, Slot::Index));
            for (i, page) in doc.pages.iter().enumerate() {
                working.insert(page.key(), (d, Slot::Page(i)));
            }
            for (r, release) in doc.releases.iter().enumerate() {
                let pages = std::iter::once((Slot::Index, &release.index)).chain(
                    release
                        .pages
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (Slot::Page(i), p)),
                );
                for (slot, page) in pages {
                    let copies: &mut Vec<_> = frozen.entry(page.key()).or_default();
                    copies.push((release.version, d, r, slot));
                }
            }
        }
        PageIndex { working, frozen }
    }
}

fn source_path(corpus: &Corpus, d: usize, copy: Copy, slot: Slot, language: &Language) -> PathBuf {
    let (index, pages) = render::pages_of(&corpus.documents[d], copy);
    let page = match slot {
        Slot::Index | Slot::PrintFront => index,
        Slot::Page(i) | Slot::Print(i) => &pages[i],
    };
    page.source(language).path.clone()
}

/// Links from published pages: the page exists in what is published, is not a draft, and
/// its `#anchor` is a heading id there. Repeated explicit heading ids.
fn links_and_anchors(
    corpus: &Corpus,
    markdown: &RenderedMarkdown,
    plans: &[Plan],
) -> Vec<Diagnostic> {
    let index = PageIndex::new(corpus);
    let docs = &corpus.documents;
    // The rendered pages by reference, so that a link's target is found without building
    // an owned key for each link (`check` runs after every save in `serve`).
    let rendered_of: FxHashMap<(usize, Copy, Slot, &Language), &Rendered> = markdown
        .iter()
        .map(|((d, copy, slot, language), r)| ((*d, *copy, *slot, language), r))
        .collect();
    let mut found = Vec::new();
    for ((d, copy, slot, language), rendered) in markdown {
        if plans[*d].current != Some(*copy) || slot.is_print() {
            continue;
        }
        let path = source_path(corpus, *d, *copy, *slot, language);
        for (id, line) in &rendered.duplicate_ids {
            found.push(Diagnostic::error(
                &path,
                Some(*line),
                "duplicate-id",
                format!(
                    "heading id `{id}` is used twice on this page; links to it reach only the first"
                ),
            ));
        }
        for link in &rendered.links {
            // The target's heading ids, and whether it is this page (for the message).
            let target: Option<(&[String], bool)> = match &link.page {
                None => Some((&rendered.heading_ids, true)),
                Some(PageRef {
                    key,
                    language: target_language,
                    version,
                }) => {
                    let located = match version {
                        Some(v) => index
                            .frozen
                            .get(key)
                            .and_then(|copies| copies.iter().find(|c| c.0 == *v))
                            .map(|&(_, td, r, ts)| (td, Copy::Release(r), ts)),
                        None => index.working.get(key).and_then(|&(td, ts)| {
                            let current = plans[td].current?;
                            // The published copy of the target document may lack this page.
                            let slot = match (current, ts) {
                                (Copy::Working, _) | (_, Slot::Index | Slot::PrintFront) => {
                                    Some(ts)
                                }
                                (Copy::Release(r), Slot::Page(_) | Slot::Print(_)) => {
                                    let stem = key.rsplit('/').next().unwrap_or(key);
                                    docs[td].releases[r]
                                        .pages
                                        .iter()
                                        .position(|p| p.stem == stem)
                                        .map(Slot::Page)
                                }
                            }?;
                            Some((td, current, slot))
                        }),
                    };
                    match located {
                        None if version.is_none()
                            && index
                                .working
                                .get(key)
                                .is_some_and(|(td, _)| plans[*td].current.is_none()) =>
                        {
                            found.push(Diagnostic::error(
                                &path,
                                Some(link.line),
                                "draft-link",
                                format!("link to `{}` goes to a document that is not released: it is missing from the published site", link.written),
                            ));
                            None
                        }
                        None => {
                            found.push(Diagnostic::error(
                                &path,
                                Some(link.line),
                                "broken-link",
                                format!("link to `{}` goes to a page that is not in the published revision", link.written),
                            ));
                            None
                        }
                        Some((td, tc, ts)) => rendered_of
                            .get(&(td, tc, ts, target_language))
                            .map(|r| (r.heading_ids.as_slice(), false)),
                    }
                }
            };
            if let (Some((ids, this_page)), Some(fragment)) = (target, &link.fragment)
                && !ids.iter().any(|id| id == fragment)
                && !THEME_ANCHORS.contains(&fragment.as_str())
            {
                let name = if this_page {
                    "this page".to_string()
                } else {
                    format!("`{}`", link.written.split('#').next().unwrap_or_default())
                };
                let suggestion = closest(fragment, ids.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean `#{s}`?)"))
                    .unwrap_or_default();
                found.push(Diagnostic::error(
                    &path,
                    Some(link.line),
                    "broken-anchor",
                    format!("`#{fragment}` is not a heading id on {name}{suggestion}"),
                ));
            }
        }
    }
    found
}

/// Unreleased documents, frozen copies missing from a history, and translations behind
/// the authoritative revision.
fn revisions(config: &Config, corpus: &Corpus) -> Vec<Diagnostic> {
    let default = config.default_language();
    let mut found = Vec::new();
    let listings = render::listings(corpus);
    for (d, doc) in corpus.documents.iter().enumerate() {
        let releasable =
            matches!(doc.kind, DocumentKind::Document | DocumentKind::Manual) && !listings[d];
        let index_path = &doc.index.source(default).path;
        if releasable
            && !doc.history_unreadable
            && doc.history.as_ref().is_none_or(|h| h.revisions.is_empty())
        {
            found.push(Diagnostic::warning(
                index_path,
                None,
                "unreleased",
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
                        "missing-release",
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
                        "translation-unversioned",
                        format!("no `translation_of`: say which {default} revision this translates (latest is {latest})"),
                    )),
                    Some((written, Err(()))) => found.push(Diagnostic::error(
                        &source.path,
                        line,
                        "translation-version",
                        format!("translation_of `{written}` is not MAJOR.MINOR"),
                    )),
                    Some((_, Ok(v))) if v > latest => found.push(Diagnostic::error(
                        &source.path,
                        line,
                        "translation-version",
                        format!("translation_of {v} is newer than the latest release {latest}"),
                    )),
                    Some((_, Ok(v))) if v < latest => found.push(Diagnostic::warning(
                        &source.path,
                        line,
                        "translation-lag",
                        format!("translates {v} but the {default} original is at {latest}: the page shows an outdated-translation banner"),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    found
}

/// Fluent keys used by the theme but missing in a locale, keys in one locale only, and
/// keys nobody uses.
fn fluent_keys(loaded: &Loaded, root: &Path) -> Vec<Diagnostic> {
    let templates_dir = PathBuf::from(crate::theme::THEMES_DIR)
        .join(&loaded.config.theme)
        .join("templates");
    let mut used: BTreeMap<String, (PathBuf, usize)> = BTreeMap::new();
    let mut prefixes: BTreeSet<String> = BTreeSet::new();
    for name in loaded.theme.template_names() {
        let path = templates_dir.join(&name);
        let Ok(text) = std::fs::read_to_string(root.join(&path)) else {
            continue;
        };
        for (offset, _) in text.match_indices("t(key=\"") {
            let rest = &text[offset + 7..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            let after = rest[end + 1..].trim_start();
            if after.starts_with('~') {
                prefixes.insert(key.to_string());
            } else {
                used.entry(key.to_string())
                    .or_insert_with(|| (path.clone(), crate::error::line_of(&text, offset)));
            }
        }
    }
    for key in CORE_KEYS {
        used.entry(key.to_string())
            .or_insert_with(|| (PathBuf::from("locales"), 0));
    }
    let keys = &loaded.locales.keys;
    let mut found = Vec::new();
    for (key, (path, line)) in &used {
        for (language, defined) in keys {
            if !defined.contains_key(key) {
                found.push(Diagnostic::error(
                    path,
                    (*line > 0).then_some(*line),
                    "fluent-missing",
                    format!("Fluent key `{key}` is used here but missing in locales/{language}/"),
                ));
            }
        }
    }
    let all: BTreeSet<&String> = keys.values().flat_map(|k| k.keys()).collect();
    for key in all {
        let holders: Vec<&Language> = keys
            .iter()
            .filter(|(_, k)| k.contains_key(key))
            .map(|(l, _)| l)
            .collect();
        let origin = keys.values().find_map(|k| k.get(key));
        let Some(origin) = origin else { continue };
        let is_used =
            used.contains_key(key) || prefixes.iter().any(|p| key.starts_with(p.as_str()));
        if holders.len() < keys.len() && is_used {
            continue; // reported above as missing where it is used
        }
        if holders.len() < keys.len() {
            let missing: Vec<&str> = keys
                .keys()
                .filter(|l| !holders.contains(l))
                .map(|l| l.code())
                .collect();
            found.push(Diagnostic::warning(
                &origin.path,
                Some(origin.line),
                "fluent-one-locale",
                format!(
                    "Fluent key `{key}` is missing in locales/{}/",
                    missing.join(", locales/")
                ),
            ));
        } else if !is_used {
            found.push(Diagnostic::warning(
                &origin.path,
                Some(origin.line),
                "fluent-unused",
                format!("Fluent key `{key}` is not used by the theme"),
            ));
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

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_words_only() {
        let keys = ["title", "description", "translation_of"];
        assert_eq!(closest("titel", keys.into_iter()), Some("title"));
        assert_eq!(
            closest("translation-of", keys.into_iter()),
            Some("translation_of")
        );
        assert_eq!(closest("colour", keys.into_iter()), None);
    }
}
