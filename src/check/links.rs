//! Links across the site, checked over the rendered pages' facts: a link from a published
//! page goes to a page that is in what is published (not to a never-released draft), its
//! `#anchor` is a heading id there, and no page gives one explicit `{#id}` to two headings.
//! Whether a link's file exists at all was settled when its Markdown was rendered.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::markdown::stage::SiteFacts;
use crate::markdown::{Facts, LinkRecord};
use crate::model::content::{Copy, Corpus, DocId, Slot};
use crate::model::language::Language;
use crate::model::version::Version;
use crate::plan::SitePlan;
use crate::plan::links::PageRef;
use crate::report::suggest::closest;
use crate::report::{Code, Diagnostic};

/// Anchors the theme puts on every page, which content may link to.
const THEME_ANCHORS: &[&str] = &["main", "revision-history", "top"];

/// Every link and repeated id of the published pages.
pub fn links_and_anchors(corpus: &Corpus, facts: &SiteFacts, plan: &SitePlan) -> Vec<Diagnostic> {
    let targets = Targets::new(corpus, facts, plan);
    let mut found = Vec::new();
    for ((d, copy, slot, language), page) in facts {
        if plan.current(*d) != Some(*copy) || slot.is_print() {
            continue;
        }
        let path = source_path(corpus, *d, *copy, *slot, language);
        for (id, line) in &page.duplicate_ids {
            found.push(Diagnostic::error(
                &path,
                Some(*line),
                Code::DuplicateId,
                format!(
                    "heading id `{id}` is used twice on this page; links to it reach only the first"
                ),
            ));
        }
        for link in &page.links {
            let target = match &link.page {
                None => Ok((page.heading_ids.as_slice(), true)),
                Some(to) => targets.heading_ids(to).map(|ids| (ids, false)),
            };
            match target {
                Ok((ids, this_page)) => found.extend(broken_anchor(&path, link, ids, this_page)),
                Err(Unreachable::Missing) => found.push(Diagnostic::error(
                    &path,
                    Some(link.line),
                    Code::BrokenLink,
                    format!(
                        "link to `{}` goes to a page that is not in the published revision",
                        link.written
                    ),
                )),
                Err(Unreachable::Draft) => found.push(Diagnostic::error(
                    &path,
                    Some(link.line),
                    Code::DraftLink,
                    format!(
                        "link to `{}` goes to a document that is not released: it is missing from the published site",
                        link.written
                    ),
                )),
                // A page that is published but was not rendered has no ids to check.
                Err(Unreachable::NotRendered) => {}
            }
        }
    }
    found
}

/// Why a link's target has no heading ids to check against.
enum Unreachable {
    /// Not in what is published.
    Missing,
    /// In a document never released.
    Draft,
    /// Published, but its Markdown is not at hand.
    NotRendered,
}

/// Where each page of each copy is: `key` → (document, slot) in the working copy, and
/// frozen copies by (key, version); and the facts of every rendered page by reference,
/// so that a link's target is found without building an owned key for each link (`check`
/// runs after every save in `serve`).
struct Targets<'a> {
    corpus: &'a Corpus,
    plan: &'a SitePlan,
    working: FxHashMap<String, (DocId, Slot)>,
    /// Per key, each frozen copy holding it: (version, document, release, slot).
    frozen: FxHashMap<String, Vec<(Version, DocId, usize, Slot)>>,
    facts: FxHashMap<(DocId, Copy, Slot, &'a Language), &'a Facts>,
}

impl<'a> Targets<'a> {
    fn new(corpus: &'a Corpus, facts: &'a SiteFacts, plan: &'a SitePlan) -> Targets<'a> {
        let mut working = FxHashMap::default();
        let mut frozen = FxHashMap::default();
        for (d, doc) in corpus.iter() {
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
        let facts = facts
            .iter()
            .map(|((d, copy, slot, language), f)| ((*d, *copy, *slot, language), f))
            .collect();
        Targets {
            corpus,
            plan,
            working,
            frozen,
            facts,
        }
    }

    /// The heading ids of the page a link goes to, as published.
    fn heading_ids(&self, to: &PageRef) -> Result<&'a [String], Unreachable> {
        let located = match to.version {
            Some(v) => self
                .frozen
                .get(&to.key)
                .and_then(|copies| copies.iter().find(|c| c.0 == v))
                .map(|&(_, td, r, ts)| (td, Copy::Release(r), ts)),
            None => self.published(&to.key),
        };
        let Some((td, tc, ts)) = located else {
            let draft = to.version.is_none()
                && self
                    .working
                    .get(&to.key)
                    .is_some_and(|(td, _)| self.plan.current(*td).is_none());
            return Err(if draft {
                Unreachable::Draft
            } else {
                Unreachable::Missing
            });
        };
        self.facts
            .get(&(td, tc, ts, &to.language))
            .map(|f| f.heading_ids.as_slice())
            .ok_or(Unreachable::NotRendered)
    }

    /// Where the page `key` of the working copy is in its document's published copy,
    /// which may lack it (a chapter added since the last release).
    fn published(&self, key: &str) -> Option<(DocId, Copy, Slot)> {
        let &(td, ts) = self.working.get(key)?;
        let current = self.plan.current(td)?;
        let slot = match (current, ts) {
            (Copy::Working, _) | (_, Slot::Index | Slot::PrintFront) => Some(ts),
            (Copy::Release(r), Slot::Page(_) | Slot::Print(_)) => {
                let stem = key.rsplit('/').next().unwrap_or(key);
                self.corpus[td].releases[r]
                    .pages
                    .iter()
                    .position(|p| p.stem == stem)
                    .map(Slot::Page)
            }
        }?;
        Some((td, current, slot))
    }
}

/// A link's `#anchor` that is no heading id of its target (`ids`), with the nearest id as
/// a suggestion.
fn broken_anchor(
    path: &std::path::Path,
    link: &LinkRecord,
    ids: &[String],
    this_page: bool,
) -> Option<Diagnostic> {
    let fragment = link.fragment.as_ref()?;
    if ids.iter().any(|id| id == fragment) || THEME_ANCHORS.contains(&fragment.as_str()) {
        return None;
    }
    let name = if this_page {
        "this page".to_string()
    } else {
        format!("`{}`", link.written.split('#').next().unwrap_or_default())
    };
    let suggestion = closest(fragment, ids.iter().map(String::as_str))
        .map(|s| format!(" (did you mean `#{s}`?)"))
        .unwrap_or_default();
    Some(Diagnostic::error(
        path,
        Some(link.line),
        Code::BrokenAnchor,
        format!("`#{fragment}` is not a heading id on {name}{suggestion}"),
    ))
}

fn source_path(corpus: &Corpus, d: DocId, copy: Copy, slot: Slot, language: &Language) -> PathBuf {
    let (index, pages) = corpus[d].copy(copy);
    let page = match slot {
        Slot::Index | Slot::PrintFront => index,
        Slot::Page(i) | Slot::Print(i) => &pages[i],
    };
    page.source(language).path.clone()
}
