//! The Markdown stage: every copy of every page that the build shows (the current copy,
//! each archived revision, a manual's chapters again for its print page), rendered in
//! parallel. Link errors count only in the copy published at a document's own address: an
//! old frozen copy may point at a page that has since gone, and must not stop today's build.
//! For `check`, the working copies too (`render_with_working_copies`): what `build --drafts`
//! would publish, whose link errors count as well.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::markdown::shortcodes::{ShortcodeDay, Shortcodes};
use crate::markdown::{self, Facts, Input, PrintCopy, Rendered};
use crate::model::content::{Copy, Corpus, DocId, Document, DocumentKind, Slot};
use crate::model::language::Language;
use crate::model::urls::{print_anchor, print_prefix};
use crate::plan::links::LinkTable;
use crate::plan::{Documents, SitePlan};
use crate::report::error::Error;

/// One rendered page copy: which document, copy, page and language.
pub type Key = (DocId, Copy, Slot, Language);

/// The Markdown of every (document, copy, page, language) that is shown.
pub type RenderedMarkdown = BTreeMap<Key, Rendered>;

/// What the checks read of each rendered page (every copy but the print page's).
pub type SiteFacts = BTreeMap<Key, Facts>;

/// What the stage gives: the pages, their facts for the checks, and the broken links of
/// the published copies.
#[derive(Debug, Default)]
pub struct Markdown {
    pub rendered: RenderedMarkdown,
    pub facts: SiteFacts,
    pub errors: Vec<Error>,
}

/// Renders the Markdown of every shown copy of the documents `which` names. `search`: the
/// published copies are cut into sections for the search index (when it is one of the
/// outputs).
pub fn render(
    corpus: &Corpus,
    languages: &[Language],
    plan: &SitePlan,
    which: &Documents,
    search: bool,
    shortcodes: Option<&Shortcodes>,
) -> Markdown {
    render_copies(corpus, languages, plan, which, search, false, shortcodes)
}

/// Like `render`, and also the working copy of every document whose shown copy is a
/// release (or that was never released), with its link errors: what `check` examines
/// beside what `build` publishes. No search sections are cut (`check` makes no index).
pub fn render_with_working_copies(
    corpus: &Corpus,
    languages: &[Language],
    plan: &SitePlan,
    which: &Documents,
    shortcodes: Option<&Shortcodes>,
) -> Markdown {
    render_copies(corpus, languages, plan, which, false, true, shortcodes)
}

fn render_copies(
    corpus: &Corpus,
    languages: &[Language],
    plan: &SitePlan,
    which: &Documents,
    search: bool,
    working_copies: bool,
    shortcodes: Option<&Shortcodes>,
) -> Markdown {
    let mut work = Vec::new();
    // Per manual copy and language, the chapters its print page holds: every print copy of
    // that copy rewrites its links against the same list.
    let mut on_print_page: BTreeMap<(DocId, Copy, &Language), PrintChapters> = BTreeMap::new();
    // Working copies the same as their latest release: that release's facts are theirs.
    let mut same_as_latest = Vec::new();
    for (d, doc) in corpus.iter().filter(|(d, _)| which.has(*d)) {
        let publication = plan.publication(d);
        // Blocks are kept only for the copies a "what changed" page compares.
        let mut compared: Vec<Copy> = publication
            .diff_pairs(doc)
            .into_iter()
            .flat_map(|(old, new)| [old, new])
            .collect();
        let mut copies = publication.shown_copies(doc);
        if working_copies && !copies.contains(&Copy::Working) {
            match doc.releases.len() {
                n if n > 0 && !doc.has_unreleased_changes() => same_as_latest.push((d, n - 1)),
                n => {
                    // Its draft "what changed" page (rendered for `check`) compares it
                    // with the latest release.
                    copies.push(Copy::Working);
                    compared.push(Copy::Working);
                    if n > 0 {
                        compared.push(Copy::Release(n - 1));
                    }
                }
            }
        }
        for copy in copies {
            let published = plan.current(d) == Some(copy);
            let checked = published || copy == Copy::Working;
            let blocks = compared.contains(&copy);
            let (index, pages) = doc.copy(copy);
            let print_slots = std::iter::once((Slot::PrintFront, index))
                .chain(pages.iter().enumerate().map(|(i, p)| (Slot::Print(i), p)))
                .filter(|_| doc.kind == DocumentKind::Manual);
            let slots = std::iter::once((Slot::Index, index))
                .chain(pages.iter().enumerate().map(|(i, p)| (Slot::Page(i), p)))
                .chain(print_slots);
            let day = shortcodes.map(|s| ShortcodeDay {
                shortcodes: s,
                day: day_shown(doc, copy, published).unwrap_or(s.today),
            });
            // The current release shows today's trust data, but what its "what changed"
            // page compares is the data of its own day, as for every other release: the
            // comparison of two revisions does not change with later data.
            let blocks_day = shortcodes.filter(|_| blocks && published).and_then(|s| {
                let day = day_shown(doc, copy, false)?;
                Some(ShortcodeDay { shortcodes: s, day })
            });
            for (slot, page) in slots {
                for language in languages {
                    work.push(Job {
                        d,
                        copy,
                        slot,
                        language,
                        page,
                        published,
                        checked,
                        day,
                        blocks,
                        blocks_day,
                    });
                }
            }
            if doc.kind == DocumentKind::Manual {
                for language in languages {
                    let chapters = print_chapters(doc, copy, language, &plan.links);
                    on_print_page.insert((d, copy, language), chapters);
                }
            }
        }
    }
    let results: Vec<_> = work
        .into_par_iter()
        .map(
            |Job {
                 d,
                 copy,
                 slot,
                 language,
                 page,
                 published,
                 checked,
                 day,
                 blocks,
                 blocks_day,
             }| {
                let input = Input {
                    sections: search && published && !slot.is_print(),
                    shortcodes: day,
                    blocks: blocks && !slot.is_print(),
                    assets: plan.assets.of(d, copy),
                    ..Input::page(page, language, &plan.links)
                };
                let (rendered, errors) = match slot {
                    Slot::Print(_) | Slot::PrintFront => {
                        let id_prefix = match slot {
                            Slot::Print(_) => print_prefix(&page.stem),
                            _ => String::new(),
                        };
                        let print = PrintCopy {
                            id_prefix: &id_prefix,
                            chapters: on_print_page
                                .get(&(d, copy, language))
                                .map_or(&[], Vec::as_slice),
                        };
                        markdown::render_print(&input, print)
                    }
                    _ => markdown::render(&input),
                };
                let mut rendered = rendered;
                if let Some(blocks_day) = blocks_day
                    && rendered.shortcodes
                    && !slot.is_print()
                {
                    let again = Input {
                        sections: false,
                        shortcodes: Some(blocks_day),
                        ..input
                    };
                    rendered.blocks = markdown::render(&again).0.blocks;
                }
                // The print copy repeats the chapter: its link errors are the chapter's.
                let checked = checked && !slot.is_print();
                let errors = if checked { errors } else { Vec::new() };
                ((d, copy, slot, language.clone()), rendered, errors)
            },
        )
        .collect();
    let mut stage = Markdown::default();
    for (key, mut rendered, mut errors) in results {
        stage.errors.append(&mut errors);
        let facts = std::mem::take(&mut rendered.facts);
        if !key.2.is_print() {
            stage.facts.insert(key.clone(), facts);
        }
        stage.rendered.insert(key, rendered);
    }
    // The same text in the same folder renders the same: only the facts are wanted (the
    // working copy's pages are not rendered by the templates, see `pipeline`).
    let same: std::collections::HashMap<DocId, usize> = same_as_latest.into_iter().collect();
    let copied: Vec<(Key, Facts)> = stage
        .facts
        .iter()
        .filter(|((d, copy, _, _), _)| same.get(d).is_some_and(|&r| *copy == Copy::Release(r)))
        .map(|((d, _, slot, language), facts)| {
            ((*d, Copy::Working, *slot, language.clone()), facts.clone())
        })
        .collect();
    stage.facts.extend(copied);
    stage
}

/// One page copy to render in one language.
struct Job<'c> {
    d: DocId,
    copy: Copy,
    slot: Slot,
    language: &'c Language,
    page: &'c crate::model::content::Page,
    /// At the document's own address.
    published: bool,
    /// Its link errors count.
    checked: bool,
    /// The trust data its shortcodes show.
    day: Option<ShortcodeDay<'c>>,
    /// Cut into blocks for a "what changed" page.
    blocks: bool,
    /// The day of the trust data the blocks show, when it is not `day`'s.
    blocks_day: Option<ShortcodeDay<'c>>,
}

/// The day whose trust data a copy's shortcodes show, when it is not today: an archived
/// revision shows the data as it stood on the revision's date (the subprocessors file is a
/// history), so its page does not change with later data. The copy at the document's own
/// address (`current`) shows today's.
fn day_shown(doc: &Document, copy: Copy, current: bool) -> Option<jiff::civil::Date> {
    let Copy::Release(i) = copy else {
        return None;
    };
    if current {
        return None;
    }
    let version = doc.releases.get(i)?.version;
    Some(doc.history.as_ref()?.get(version)?.date)
}

/// The chapters of a copy of a manual, as its print page holds them (see
/// `markdown::PrintCopy`): the URL a link to each resolves to, and its place on the page.
type PrintChapters = Vec<(String, String)>;

/// The `PrintChapters` of `copy` of `doc` in `language`.
fn print_chapters(
    doc: &Document,
    copy: Copy,
    language: &Language,
    links: &LinkTable,
) -> PrintChapters {
    let (_, pages) = doc.copy(copy);
    pages
        .iter()
        .filter_map(|p| {
            let url = links
                .resolve(&p.dir, &format!("{}.md", p.stem), language)
                .ok()??;
            Some((url, print_anchor(&p.stem)))
        })
        .collect()
}
