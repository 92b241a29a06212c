//! Re-reading one edited page in place, for `serve`: a save of a known page updates its
//! source without loading the whole site again, unless it changes the site's structure.

use std::path::Path;

use crate::load::content::parse_source;
use crate::load::text_file::read_text;
use crate::model::content::*;
use crate::report::error::Error;

/// What an edit of one page source touched (see `Corpus::reload_source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reloaded {
    /// The document the page belongs to.
    pub document: DocId,
    /// The Atom feeds may show the change (a notice, or a document's title).
    pub in_feeds: bool,
    /// The document's title changed, which the breadcrumbs of every page under it show.
    pub retitled: bool,
}

impl Corpus {
    /// Re-reads one page source that already exists in a working copy (an edit in
    /// `serve`). Returns what it touched, or `None` when the file is not a known page or
    /// the edit changes the site's structure: the caller then reloads everything.
    pub fn reload_source(&mut self, root: &Path, path: &Path) -> Result<Option<Reloaded>, Error> {
        for (d, doc) in self.documents.iter_mut().enumerate() {
            let kind = doc.kind;
            for page in std::iter::once(&mut doc.index).chain(doc.pages.iter_mut()) {
                let is_index = page.stem == INDEX;
                let Some(source) = page.sources.values_mut().find(|s| s.path == path) else {
                    continue;
                };
                if !root.join(path).is_file() {
                    return Ok(None);
                }
                let text = read_text(&root.join(path), path)?;
                let fresh = parse_source(text, path)?;
                let structural = (is_index && fresh.front.page_type != source.front.page_type)
                    || (kind == DocumentKind::Notices && fresh.front.date != source.front.date);
                if structural {
                    return Ok(None);
                }
                let retitled = is_index && fresh.front.title != source.front.title;
                *source = fresh;
                return Ok(Some(Reloaded {
                    document: DocId(d),
                    in_feeds: kind == DocumentKind::Notices || retitled,
                    retitled,
                }));
            }
        }
        Ok(None)
    }
}
