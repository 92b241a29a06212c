//! Static search: per language, a search page at `/<lang>/search/` and the index files
//! beside it, built from the pages the build publishes at their own URL: the current copy
//! of each document (the working copy only with `--drafts` or in `serve`), never an
//! archived revision (`v4.4/`), a "what changed" page or a manual's print page.
//!
//! Each page is cut into sections (its intro, then each h2/h3 heading with the text up to
//! the next) by the Markdown stage. `normalise.rs` says what text is searched as,
//! `query.rs` what a query looks for (with `long_vowel.rs`, `stem.rs` and the site's
//! `variants.rs`, read from `search.yaml`), `tokenizer.rs` how text is cut into grams,
//! `postings.rs` how a list of sections is stored, `index.rs` which files hold what. The
//! browser side is `themes/default/static/search.js`, which mirrors the normalisation and
//! the query; the build uses the query side only to check `search.yaml` and in tests.

mod files;
mod gram_lists;
pub mod index;
pub mod long_vowel;
pub mod normalise;
mod posting_files;
pub mod postings;
pub mod query;
pub mod stem;
mod text_shards;
pub mod tokenizer;
pub mod variants;
mod version;

#[cfg(test)]
mod bench;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::path::PathBuf;

use crate::markdown::stage::RenderedMarkdown;
use crate::model::content::{Copy, Document, DocumentKind, Page, Slot};
use crate::model::language::Language;
use crate::model::urls;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::{Link, PageInfo, PageKind};
use crate::report::error::Error;

pub use files::{IndexFile, Layout};
pub use index::{IndexedPage, IndexedSection, SearchIndex};
pub use variants::{VARIANTS_FILE, Variants};

/// Folder of the search page and its index, under `/<lang>/`.
pub use crate::model::urls::SEARCH_DIR;
/// Bytes of text indexed per page (headings and text, in each language): far more than a
/// real page has, and what keeps a pathological one (a 50 MB page) from costing the build
/// seconds. What lies beyond is not found.
pub const PAGE_TEXT_LIMIT: usize = 1 << 20;
/// Sections (every rendered copy, every language) up to which a partial rebuild (`serve`,
/// after a save) rebuilds the index too: about 20 ms of work. Above it only full rebuilds
/// do (start, a template, Fluent or settings change, a file added or removed), so a save
/// stays fast on a big site while its preview's search may lag behind the last edits.
pub const REBUILD_ON_EDIT_SECTIONS: usize = 3000;
/// Fluent key of the search page's title (also used by `search.html`).
pub const TITLE_KEY: &str = crate::load::locales::SEARCH_TITLE_KEY;

/// Writing the index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Never expected, since the index is made of strings and numbers.
    #[error("{language}/{SEARCH_DIR}/: cannot encode the search index: {source}")]
    Encode {
        language: String,
        source: serde_json::Error,
    },
    /// `search.yaml` is malformed (the checks report its problems before any page is
    /// written: this is the first, should the index be asked for all the same).
    #[error("{0}")]
    Variants(Error),
}

impl From<SearchError> for Error {
    fn from(e: SearchError) -> Error {
        match e {
            SearchError::Encode { language, source } => Error::Write {
                path: PathBuf::from(format!("{language}/{SEARCH_DIR}")),
                source: std::io::Error::other(source),
            },
            SearchError::Variants(error) => error,
        }
    }
}

/// Whether a partial rebuild that redid some Markdown should rebuild the index as well.
pub fn rebuild_on_edit(markdown: &RenderedMarkdown) -> bool {
    markdown.values().map(|r| r.sections.len()).sum::<usize>() <= REBUILD_ON_EDIT_SECTIONS
}

/// The sections of every page published at its own URL in `language`, in site order.
pub fn collect<'a>(
    builder: &PageBuilder<'a>,
    language: &Language,
    variants: Variants,
) -> SearchIndex<'a> {
    let mut index = SearchIndex {
        language: language.code().to_string(),
        pages: Vec::new(),
        sections: Vec::new(),
        variants,
    };
    for (d, doc) in builder.site.corpus.iter() {
        let Some(copy) = builder.plan.current(d) else {
            continue;
        };
        for (slot, page) in published_pages(doc, copy) {
            let Some(rendered) = builder.markdown.get(&(d, copy, slot, language.clone())) else {
                continue;
            };
            let front = &page.source(language).front;
            let page_number = index.pages.len();
            index.pages.push(IndexedPage {
                title: front.title.clone(),
                url: builder.url(language, &current_rel(doc, page)),
            });
            let mut budget = PAGE_TEXT_LIMIT;
            for section in &rendered.sections {
                if budget == 0 {
                    break;
                }
                let text: Cow<str> = match (&section.id, &front.description) {
                    (None, Some(description)) if !section.text.is_empty() => {
                        format!("{description}\n{}", section.text).into()
                    }
                    (None, Some(description)) => description.as_str().into(),
                    _ => section.text.as_str().into(),
                };
                let heading = cut(section.heading.as_str().into(), &mut budget);
                let text = cut(text, &mut budget);
                index.sections.push(IndexedSection {
                    page: page_number,
                    anchor: section.id.clone(),
                    heading,
                    text,
                });
            }
        }
    }
    index
}

/// The start of `text` that fits in `budget` bytes (at a character boundary), taken off it.
fn cut<'a>(text: Cow<'a, str>, budget: &mut usize) -> Cow<'a, str> {
    let mut end = text.len().min(*budget);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    *budget -= end;
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(&text[..end]),
        Cow::Owned(mut text) => {
            text.truncate(end);
            Cow::Owned(text)
        }
    }
}

/// Hands each index file of `language` to `store` with its path in the output, as soon as
/// it is made. The site's variant groups (`search.yaml`) go into the index's manifest.
pub fn write_index(
    builder: &PageBuilder,
    language: &Language,
    mut store: impl FnMut(String, Vec<u8>),
) -> Result<(), SearchError> {
    let variants = Variants::of(&builder.site.search_file).map_err(|mut errors| {
        errors.sort_by_key(Error::line);
        SearchError::Variants(errors.remove(0))
    })?;
    collect(builder, language, variants)
        .write_files(Layout::DEFAULT, |f| {
            store(urls::search_file(language, &f.path), f.bytes)
        })
        .map_err(|source| SearchError::Encode {
            language: language.code().to_string(),
            source,
        })
}

/// The search page of `language`. A published page at the same URL is an error.
pub fn page_job<'a>(builder: &PageBuilder<'a>, language: &'a Language) -> Result<Job<'a>, Error> {
    let rel = urls::search_rel();
    let template_path = || {
        PathBuf::from(crate::load::theme::THEMES_DIR)
            .join(&builder.site.config.theme)
            .join("templates")
            .join(PageKind::Search.template())
    };
    for (d, doc) in builder.site.corpus.iter() {
        let Some(copy) = builder.plan.current(d) else {
            continue;
        };
        if let Some((_, page)) =
            published_pages(doc, copy).find(|(_, p)| current_rel(doc, p) == rel)
        {
            return Err(Error::DuplicateUrl {
                url: builder.url(language, &rel),
                first: page.source(language).path.clone(),
                second: template_path(),
            });
        }
    }
    let title = builder
        .site
        .locales
        .message(language.code(), TITLE_KEY, None)
        .map_err(|message| Error::Fluent {
            path: PathBuf::from(crate::load::locales::LOCALES_DIR).join(language.code()),
            line: 1,
            message,
        })?;
    let url = builder.url(language, &rel);
    let breadcrumbs: Vec<Link> = builder
        .documents()
        .iter()
        .filter(|doc| doc.kind == DocumentKind::Home)
        .map(|home| builder.link(&home.index, language))
        .collect();
    let page = PageInfo {
        kind: PageKind::Search,
        title,
        permalink: builder.permalink(&url),
        canonical: builder.permalink(&url),
        url,
        alternates: builder.alternates(&rel, language),
        breadcrumbs,
        ..PageInfo::default()
    };
    Ok(Job {
        out_path: urls::page_file(language, &rel),
        language,
        page,
        pdf: None,
        primary: false,
    })
}

/// The index page and the other pages of one copy of a document.
fn published_pages(doc: &Document, copy: Copy) -> impl Iterator<Item = (Slot, &Page)> {
    let (index, pages) = doc.copy(copy);
    std::iter::once((Slot::Index, index)).chain(
        pages
            .iter()
            .enumerate()
            .map(|(i, page)| (Slot::Page(i), page)),
    )
}

/// A page's path under `/<lang>/` at the document's own URL.
fn current_rel(doc: &Document, page: &Page) -> String {
    urls::copy_rel(&doc.dir, None, &page.stem)
}
