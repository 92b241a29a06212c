//! Links across the site, checked over the rendered pages' facts: a link from a published
//! page goes to a page that is in what is published (not to a never-released draft), its
//! `#anchor` is a heading id there, a site path that names no page names a file the build
//! makes, and no page gives one explicit `{#id}` to two headings. Whether a relative link's
//! file exists at all was settled when its Markdown was rendered.
//!
//! The working copies `check` renders beside the published ones are checked against what
//! `build --drafts` would publish (`drafts`): their links may go to other working copies.
//! A link from one to a document never released is a warning: released as it is, the page
//! would link to a document `build` leaves out.

use std::cell::OnceCell;
use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::check::site_files::{SiteFiles, TrustFiles};
use crate::load::theme::Theme;
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

/// What the links are checked against.
pub struct Against<'a> {
    pub corpus: &'a Corpus,
    pub facts: &'a SiteFacts,
    /// What `build` publishes.
    pub plan: &'a SitePlan,
    /// What `build --drafts` publishes, when the working copies were rendered too.
    pub drafts: Option<&'a SitePlan>,
    pub languages: &'a [Language],
    pub theme: Option<&'a Theme>,
    /// Which files the trust data makes (a site path may name them).
    pub trust_files: TrustFiles,
}

/// Every link and repeated id of the published pages (and of the working copies, with
/// `drafts`).
pub fn links_and_anchors(against: &Against) -> Vec<Diagnostic> {
    let Against {
        corpus,
        facts,
        plan,
        drafts,
        ..
    } = *against;
    let targets = Targets::new(corpus, facts);
    let published = View::new(against, plan);
    let working = drafts.map(|drafts| View::new(against, drafts));
    let mut found = Vec::new();
    for ((d, copy, slot, language), page) in facts {
        if slot.is_print() {
            continue;
        }
        let view = match &working {
            _ if plan.current(*d) == Some(*copy) => &published,
            Some(working) if *copy == Copy::Working => working,
            _ => continue,
        };
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
            found.extend(check_link(&targets, view, &published, &path, page, link));
        }
    }
    found
}

/// What one link is checked against: a plan, and the files it makes (looked up only for a
/// site path that names no page, so made only then).
struct View<'a> {
    plan: &'a SitePlan,
    against: &'a Against<'a>,
    files: OnceCell<SiteFiles>,
}

impl<'a> View<'a> {
    fn new(against: &'a Against<'a>, plan: &'a SitePlan) -> View<'a> {
        View {
            plan,
            against,
            files: OnceCell::new(),
        }
    }

    fn files(&self) -> &SiteFiles {
        self.files.get_or_init(|| {
            let a = self.against;
            SiteFiles::new(a.corpus, self.plan, a.languages, a.theme, a.trust_files)
        })
    }
}

/// The problem with one link of the page at `path`, if any; `published` is what `build`
/// publishes, for a working copy's links to documents it leaves out.
fn check_link(
    targets: &Targets,
    view: &View,
    published: &View,
    path: &std::path::Path,
    page: &Facts,
    link: &LinkRecord,
) -> Option<Diagnostic> {
    let error =
        |code, message: String| Some(Diagnostic::error(path, Some(link.line), code, message));
    if let Some(file) = &link.file {
        return (!view.files().has(file)).then(|| {
            Diagnostic::error(
                path,
                Some(link.line),
                Code::BrokenLink,
                format!(
                    "link to `{}` goes nowhere{}",
                    link.written,
                    file_path_hint(file, view.against.languages)
                ),
            )
        });
    }
    let Some(to) = &link.page else {
        return broken_anchor(path, link, &page.heading_ids, true);
    };
    match targets.heading_ids(to, view.plan) {
        Ok(ids) => {
            let never_released = !std::ptr::eq(view, published)
                && targets
                    .heading_ids(to, published.plan)
                    .is_err_and(|u| u == Unreachable::Draft);
            if never_released {
                return Some(Diagnostic::warning(
                    path,
                    Some(link.line),
                    Code::DraftLink,
                    format!(
                        "link to `{}` goes to a document never released: release it first, or `build` will refuse this page once it is released",
                        link.written
                    ),
                ));
            }
            broken_anchor(path, link, ids, false)
        }
        Err(Unreachable::Missing) => error(
            Code::BrokenLink,
            format!(
                "link to `{}` goes to a page that is not in the published revision",
                link.written
            ),
        ),
        Err(Unreachable::Draft) => error(
            Code::DraftLink,
            format!(
                "link to `{}` goes to a document that is not released: it is missing from the published site",
                link.written
            ),
        ),
        // A page that is published but was not rendered has no ids to check.
        Err(Unreachable::NotRendered) => None,
    }
}

/// What a site path that names nothing may have meant: a page (under a language's
/// folder), or a file of `content/` or the theme, or a file on the writer's computer.
fn file_path_hint(file: &str, languages: &[Language]) -> &'static str {
    let first = file.split('/').next().unwrap_or_default();
    if languages.iter().any(|l| l.code() == first) {
        ": the site has no page or file at this site path"
    } else {
        ": no file of content/ nor of the theme's static/ (under /static/) is at this site path, and a path on this computer is never read (link to a file in content/ relative to the page)"
    }
}

/// Why a link's target has no heading ids to check against.
#[derive(Debug, PartialEq, Eq)]
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
    working: FxHashMap<String, (DocId, Slot)>,
    /// Per key, each frozen copy holding it: (version, document, release, slot).
    frozen: FxHashMap<String, Vec<(Version, DocId, usize, Slot)>>,
    facts: FxHashMap<(DocId, Copy, Slot, &'a Language), &'a Facts>,
}

impl<'a> Targets<'a> {
    fn new(corpus: &'a Corpus, facts: &'a SiteFacts) -> Targets<'a> {
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
            working,
            frozen,
            facts,
        }
    }

    /// The heading ids of the page a link goes to, as `plan` publishes it.
    fn heading_ids(&self, to: &PageRef, plan: &SitePlan) -> Result<&'a [String], Unreachable> {
        let located = match to.version {
            Some(v) => self
                .frozen
                .get(&to.key)
                .and_then(|copies| copies.iter().find(|c| c.0 == v))
                .map(|&(_, td, r, ts)| (td, Copy::Release(r), ts)),
            None => self.published(&to.key, plan),
        };
        let Some((td, tc, ts)) = located else {
            let draft = to.version.is_none()
                && self
                    .working
                    .get(&to.key)
                    .is_some_and(|(td, _)| plan.current(*td).is_none());
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
    fn published(&self, key: &str, plan: &SitePlan) -> Option<(DocId, Copy, Slot)> {
        let &(td, ts) = self.working.get(key)?;
        let current = plan.current(td)?;
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
