//! The search index of one language, as the files the browser fetches: a small manifest,
//! postings sharded by a hash of the gram, long posting lists grouped in packs, and the
//! sections' texts in shards of consecutive sections. A query fetches the manifest, one
//! postings shard per gram it looks up, a pack or two of long lists at most, and the text
//! shards of the candidates it confirms, so what it transfers depends on the query, not on
//! the size of the site. Shard counts follow the size of the index; every file's bytes
//! follow from the sections alone (sorted, never in hash-map order), so a build is
//! reproducible.
//!
//! Files are small enough that a query's first ten results, which often lie in ten
//! different places of the site, cost little (about 2 KB for postings shards, 8 KB for
//! packs, 4 KB for text shards), and few enough that the build writes them quickly: a site
//! of 13,000 sections per language has about 2,000–3,000 index files per language, and a
//! query fetches some 5–75 KB for its first ten results.
//!
//! ```text
//! meta.json           {"format":3,"language":"ja","version":"…","sections":n,
//!                      "postingShards":S,"textShards":T,"sectionsPerTextShard":k,
//!                      "variants":[[member,…]…]}   (variant groups, normalised)
//! p/<hash % S>.bin    count, then per gram (sorted by UTF-8): length, UTF-8, list of the
//!                     sections containing it, list of those whose heading contains it;
//!                     a long list is written as "elsewhere": pack n, byte offset o
//! l/<n>.bin           a pack of long lists, one after the other (each read at its offset)
//! t/<id / k>.json     {"pages":[[title,url]…],"sections":[[page,anchor|null,heading,text]…]}
//! ```
//!
//! Here: the index's types and the order its files are made in. The gram lists are built
//! by `gram_lists.rs` and written by `posting_files.rs`, the text shards by
//! `text_shards.rs`. Not here: cutting text into grams (`tokenizer.rs`), list encoding
//! (`postings.rs`), or which pages are indexed (`mod.rs`).

use std::borrow::Cow;

use serde::Serialize;

use super::files::{IndexFile, Layout};
use super::gram_lists::{BLOCK, GramLists, Term};
use super::variants::Variants;
use super::version::Version;

/// Version of the file layout, in `meta.json`; `search.js` refuses others.
pub const FORMAT: u32 = 3;

/// A page some sections belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedPage {
    pub title: String,
    /// Its URL path, with the site's base path.
    pub url: String,
}

/// One search result: a page's intro or one of its h2/h3 sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSection<'a> {
    /// Position of its page in the index's pages.
    pub page: usize,
    /// The heading's id; none for the intro, which is found at the page's URL.
    pub anchor: Option<String>,
    /// The heading as plain text; empty for the intro, whose heading is the page title.
    pub heading: Cow<'a, str>,
    /// Borrowed from the rendered Markdown where it can be: the index is built beside the
    /// pages, and a copy of every text would be megabytes more at the build's peak.
    pub text: Cow<'a, str>,
}

/// The sections of one language, ready to be written as index files.
#[derive(Debug, Clone)]
pub struct SearchIndex<'a> {
    pub language: String,
    pub pages: Vec<IndexedPage>,
    pub sections: Vec<IndexedSection<'a>>,
    /// The site's variant groups, which the browser applies to each query.
    pub variants: Variants,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta<'a> {
    format: u32,
    language: &'a str,
    version: String,
    sections: usize,
    posting_shards: usize,
    text_shards: usize,
    sections_per_text_shard: usize,
    variants: &'a [Vec<String>],
}

impl<'t> SearchIndex<'t> {
    /// What a section is searched in: its heading (the page title for an intro), a line
    /// break, its text. The browser builds the same string to confirm a match.
    pub fn search_text(&self, section: &IndexedSection) -> String {
        format!("{}\n{}", self.heading_of(section), section.text)
    }

    /// A section's heading, or its page's title for an intro.
    pub fn heading_of<'a>(&'a self, section: &'a IndexedSection<'t>) -> &'a str {
        match (&section.anchor, self.pages.get(section.page)) {
            (None, Some(page)) => &page.title,
            _ => &section.heading,
        }
    }

    /// Every file of the index; `meta.json` last, since it names the others' version.
    pub fn files(&self, layout: Layout) -> Result<Vec<IndexFile>, serde_json::Error> {
        let mut files = Vec::new();
        self.write_files(layout, |file| files.push(file))?;
        Ok(files)
    }

    /// Hands each file of the index to `emit` as soon as it is made (`meta.json` last), so
    /// the whole index is never in memory at once beside the lists it is made from.
    pub fn write_files(
        &self,
        layout: Layout,
        mut emit: impl FnMut(IndexFile),
    ) -> Result<(), serde_json::Error> {
        let mut version = Version::new();
        let (mut posting_shards, mut text_shards) = (0, 0);
        let mut out = |file: IndexFile| {
            version.add(&file);
            if file.path.starts_with("p/") {
                posting_shards += 1;
            } else if file.path.starts_with("t/") {
                text_shards += 1;
            }
            emit(file);
        };
        super::posting_files::write(self.postings(), layout, &mut out);
        let per_shard = self.text_files(layout, &mut out)?;
        let meta = Meta {
            format: FORMAT,
            language: &self.language,
            version: version.finish(),
            sections: self.sections.len(),
            posting_shards,
            text_shards,
            sections_per_text_shard: per_shard,
            variants: self.variants.groups(),
        };
        let bytes = serde_json::to_vec(&meta)?;
        emit(IndexFile {
            path: "meta.json".into(),
            bytes,
        });
        Ok(())
    }

    /// Every gram's lists, sorted by gram (which sorts them by their UTF-8 text too: the
    /// first character is highest in a gram, and code point order is UTF-8 order).
    pub(super) fn postings(&self) -> Vec<Term> {
        let mut postings = GramLists::new();
        for (b, block) in self.sections.chunks(BLOCK).enumerate() {
            let sections = block
                .iter()
                .map(|section| (self.heading_of(section), section.text.as_ref()));
            postings.add_block((b * BLOCK) as u32, sections);
        }
        let mut terms = postings.terms;
        terms.sort_unstable_by_key(|t| t.gram);
        terms
    }
}
