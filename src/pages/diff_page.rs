//! A "what changed" page: from one copy of a document to the next (each release from the
//! one before, or the last release to an unreleased working copy), page by page, block
//! by block (`compare.rs`, grouped by `diff.rs`). A translation that did not change while
//! the authoritative language did says so and links to the authoritative changes.

use std::sync::Arc;

use crate::load::locales::DIFF_OPENING_KEY;
use crate::markdown::blocks::{Block, Blocks};
use crate::model::content::{Copy, DocId, INDEX, Page, Slot};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::urls;
use crate::model::version::Version;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::compare::{Comparison, compare};
use crate::pages::context::{DiffInfo, Link, NotUpdated, PageInfo, PageKind};
use crate::pages::diff::{Counts, PageDiff, PageStatus, Side, page_groups};

/// No blocks: the side of a page that one revision does not have.
static NONE: Blocks = Blocks {
    sections: Vec::new(),
    blocks: Vec::new(),
};

/// The pages of two copies matched by file name: (place on the diff page, old, new).
type Matched<'p> = Vec<(usize, Option<(Slot, &'p Page)>, Option<(Slot, &'p Page)>)>;

impl<'a> PageBuilder<'a> {
    /// `compare`, through the memo of `serve` when there is one.
    fn compare_blocks(&self, old: &[Block], new: &[Block], cjk: bool) -> Arc<Comparison> {
        match self.diffs {
            Some(memo) => memo.compare(old, new, cjk),
            None => Arc::new(compare(old, new, cjk)),
        }
    }

    /// The blocks of a rendered page copy (none when none were kept).
    fn blocks(&self, d: DocId, copy: Copy, slot: Slot, language: &Language) -> &'a Blocks {
        self.markdown
            .get(&(d, copy, slot, language.clone()))
            .map_or(&NONE, |r| &r.blocks)
    }

    /// "What changed" from copy `old` to copy `new` of a document.
    pub fn diff_job(&self, d: DocId, old: Copy, new: Copy, language: &'a Language) -> Job<'a> {
        let doc = self.document(d);
        let (old_version, new_version) = (doc.version_of(old), doc.version_of(new));
        let rel = urls::diff_rel(&doc.dir, new_version);
        let url = self.url(language, &rel);
        let default = self.site.config.default_language();
        let cjk = language.is_cjk();
        let matched = matched(doc.copy(old), doc.copy(new));
        let opening = self.message(language, DIFF_OPENING_KEY);

        let mut pages = Vec::new();
        let mut counts = Counts::default();
        let mut changed_here = false;
        for &(place, before, after) in &matched {
            let anchor = format!("page-{}", place + 1);
            let old_blocks = before.map_or(&NONE, |(slot, _)| self.blocks(d, old, slot, language));
            let new_blocks = after.map_or(&NONE, |(slot, _)| self.blocks(d, new, slot, language));
            let page_url = |copy: Option<Version>, page: &Page| {
                self.url(language, &urls::copy_rel(&doc.dir, copy, &page.stem))
            };
            let comparison = self.compare_blocks(&old_blocks.blocks, &new_blocks.blocks, cjk);
            let (status, page) = match (before, after) {
                (Some(_), Some((_, page))) => (PageStatus::Changed, page),
                (None, Some((_, page))) => (PageStatus::Added, page),
                (Some((_, page)), None) => (PageStatus::Removed, page),
                (None, None) => continue,
            };
            let title = page.source(language).front.title.clone();
            if !comparison.has_changes() && status == PageStatus::Changed {
                // Unchanged here: worth a line only when the authoritative language changed.
                let changed_there = language != default
                    && before.zip(after).is_some_and(|((os, _), (ns, _))| {
                        let (a, b) = (
                            self.blocks(d, old, os, default),
                            self.blocks(d, new, ns, default),
                        );
                        !same_blocks(a, b)
                    });
                if changed_there {
                    pages.push(PageDiff {
                        title,
                        status,
                        anchor: anchor.clone(),
                        url: page_url(new_version, page),
                        counts: Counts::default(),
                        groups: Vec::new(),
                        not_updated_url: Some(format!("{}#{anchor}", self.url(default, &rel))),
                    });
                }
                continue;
            }
            changed_here = true;
            let old_url = before
                .map(|(_, p)| page_url(old_version, p))
                .unwrap_or_default();
            let new_url = page_url(new_version, page);
            let old_side = Side {
                blocks: old_blocks,
                url: &old_url,
                opening: &opening,
            };
            let new_side = Side {
                blocks: new_blocks,
                url: &new_url,
                opening: &opening,
            };
            let shown_new = (status != PageStatus::Removed).then_some(&new_side);
            let (groups, page_counts) = page_groups(&comparison, &old_side, shown_new);
            counts.add(page_counts);
            pages.push(PageDiff {
                title,
                status,
                anchor,
                url: if status == PageStatus::Removed {
                    old_url.clone()
                } else {
                    new_url.clone()
                },
                counts: page_counts,
                groups,
                not_updated_url: None,
            });
        }
        let not_updated = (!changed_here && pages.iter().any(|p| p.not_updated_url.is_some()))
            .then(|| NotUpdated {
                language_name: self.language_name(language),
                original_url: self.url(default, &rel),
                original_lang: default.code().to_string(),
                original_name: self.language_name(default),
            });

        let copy_url = |version| self.url(language, &urls::copy_rel(&doc.dir, version, INDEX));
        let label = |version: Option<Version>| version.map(|v| self.version_label(v, language));
        let source = doc.copy(new).0.source(language);
        let mut breadcrumbs = self.ancestors(d, language);
        breadcrumbs.push(self.link(&doc.index, language));
        if let Some(version) = new_version {
            breadcrumbs.push(Link {
                title: self.version_label(version, language),
                url: copy_url(Some(version)),
            });
        }
        let info = PageInfo {
            kind: PageKind::Diff,
            title: source.front.title.clone(),
            permalink: self.permalink(&url),
            canonical: self.permalink(&url),
            url,
            alternates: self.alternates(&rel, language),
            breadcrumbs,
            version: new_version.map(|v| v.to_string()),
            version_label: label(new_version),
            last_revised: new_version
                .and_then(|v| doc.history.as_ref()?.get(v))
                .map(|r| DateText::new(r.date, language)),
            diff: Some(DiffInfo {
                from_version: old_version.map(|v| v.to_string()),
                to_version: new_version.map(|v| v.to_string()),
                from_label: label(old_version),
                to_label: label(new_version),
                from_url: Some(copy_url(old_version)),
                to_url: copy_url(new_version),
                single_page: matched.len() == 1,
                pages,
                counts,
                not_updated,
            }),
            ..PageInfo::default()
        };
        Job {
            out_path: urls::page_file(language, &rel),
            language,
            page: info,
            pdf: None,
            primary: false,
        }
    }
}

/// The pages of the new copy in order, each with the old copy's page of the same file
/// name, then the old copy's pages the new one no longer has.
fn matched<'p>(old: (&'p Page, &'p [Page]), new: (&'p Page, &'p [Page])) -> Matched<'p> {
    let slots = |(index, pages): (&'p Page, &'p [Page])| -> Vec<(Slot, &'p Page)> {
        std::iter::once((Slot::Index, index))
            .chain(pages.iter().enumerate().map(|(i, p)| (Slot::Page(i), p)))
            .collect()
    };
    let (olds, news) = (slots(old), slots(new));
    let mut out: Matched = news
        .iter()
        .map(|&n| (olds.iter().copied().find(|(_, o)| o.stem == n.1.stem), n))
        .enumerate()
        .map(|(place, (o, n))| (place, o, Some(n)))
        .collect();
    let gone = olds
        .iter()
        .filter(|(_, o)| !news.iter().any(|(_, n)| n.stem == o.stem));
    for &o in gone {
        out.push((out.len(), Some(o), None));
    }
    out
}

/// Whether two versions of a page have the same blocks.
fn same_blocks(a: &Blocks, b: &Blocks) -> bool {
    a.blocks.len() == b.blocks.len() && a.blocks.iter().zip(&b.blocks).all(|(x, y)| x.key == y.key)
}
