//! Planning, the stage between loading and rendering: what a build publishes of each
//! document (`Publication`), how documents nest (listing pages and their children), the
//! build's URLs, and where every link written in Markdown goes (`LinkTable`). Made once per
//! run from the corpus and read by every stage after it.

pub mod assets;
pub mod links;
pub mod publication;

use crate::load::config::Config;
use crate::model::content::{Copy, Corpus, DocId, Document};
use crate::model::urls::Urls;
use assets::AssetPlan;
use links::LinkTable;
pub use publication::Publication;

/// The plan of one build.
#[derive(Debug)]
pub struct SitePlan {
    /// Per document (by `DocId`), what is published.
    publications: Vec<Publication>,
    /// Per document, its sub-documents in corpus order.
    children: Vec<Vec<DocId>>,
    /// Working copies are published (`--drafts`, `serve`).
    pub drafts: bool,
    pub urls: Urls,
    pub links: LinkTable,
    /// Which of its own files each copy of a document shows; the frozen files to store.
    pub assets: AssetPlan,
}

impl SitePlan {
    pub fn new(corpus: &Corpus, config: &Config, drafts: bool) -> SitePlan {
        let children = children(corpus);
        let publications = corpus
            .iter()
            .map(|(d, doc)| Publication::of(doc, !children[d.0].is_empty(), drafts))
            .collect();
        let urls = Urls::new(&config.origin, &config.base_path);
        SitePlan {
            publications,
            children,
            drafts,
            links: LinkTable::new(corpus, &config.languages, &urls),
            assets: AssetPlan::new(corpus),
            urls,
        }
    }

    /// What of document `d` is published.
    pub fn publication(&self, d: DocId) -> &Publication {
        &self.publications[d.0]
    }

    /// The copy of `d` shown at its own address, if it is published.
    pub fn current(&self, d: DocId) -> Option<Copy> {
        self.publications[d.0].current
    }

    /// The sub-documents of `d`, in corpus order.
    pub fn children(&self, d: DocId) -> &[DocId] {
        &self.children[d.0]
    }

    /// Whether `d` has sub-documents: a listing page, not released itself.
    pub fn is_listing(&self, d: DocId) -> bool {
        !self.children[d.0].is_empty()
    }

    /// Documents left out because they were never released (a build without `--drafts`).
    pub fn unpublished<'c>(&self, corpus: &'c Corpus) -> Vec<&'c Document> {
        corpus
            .iter()
            .filter(|(d, _)| self.current(*d).is_none())
            .map(|(_, doc)| doc)
            .collect()
    }

    /// Documents published as their latest release while their working copies hold
    /// changes not yet released (a build without `--drafts`): what the build names, so
    /// that a writer does not wonder where an edit went.
    pub fn unreleased_changes<'c>(&self, corpus: &'c Corpus) -> Vec<&'c Document> {
        corpus
            .iter()
            .filter(|(d, doc)| {
                matches!(self.current(*d), Some(Copy::Release(_))) && doc.has_unreleased_changes()
            })
            .map(|(_, doc)| doc)
            .collect()
    }
}

/// Which documents a stage works on: all of them (a build), or those a change in `serve`
/// touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Documents {
    All,
    Only(std::collections::BTreeSet<DocId>),
}

impl Documents {
    pub fn has(&self, d: DocId) -> bool {
        match self {
            Documents::All => true,
            Documents::Only(set) => set.contains(&d),
        }
    }
}

/// The sub-documents of each document, in corpus order.
fn children(corpus: &Corpus) -> Vec<Vec<DocId>> {
    let mut children = vec![Vec::new(); corpus.documents.len()];
    for (c, doc) in corpus.iter() {
        if let Some(list) = doc.parent.and_then(|p| children.get_mut(p.0)) {
            list.push(c);
        }
    }
    children
}
