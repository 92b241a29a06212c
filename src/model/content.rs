//! The content model: a site's documents, each with its pages in every language, its
//! revision history and its frozen releases. Plain data, made by `load` and read by every
//! stage after it; nothing here reads a file or renders anything.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::front_matter::FrontMatter;
use crate::model::history::History;
use crate::model::language::Language;
use crate::model::version::Version;

pub const CONTENT_DIR: &str = "content";
/// Folder names under a document that are not pages: frozen releases.
pub const RELEASES_DIR: &str = "releases";
/// A document's revision history; not an asset.
pub const HISTORY_FILE: &str = "history.yaml";
/// In a frozen copy, the history entry still to append: a release interrupted after its
/// commit point (see `commands::freeze`).
pub const PENDING_ENTRY: &str = ".trustdocs-release";
/// The stem of a folder's front page (which sits at the folder's own address).
pub use crate::model::urls::INDEX;

/// A document's place in `Corpus::documents`: how stages name a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub usize);

/// Which copy of a document's pages: the working copy or a frozen release (by its place in
/// `Document::releases`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Copy {
    Working,
    Release(usize),
}

/// Which page of a copy: its index or its n-th chapter or notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Index,
    Page(usize),
    /// A manual's chapter as it appears on the print page, its ids prefixed.
    Print(usize),
    /// A manual's front page (its index) as the print page opens with it.
    PrintFront,
}

impl Slot {
    /// Whether this is a copy for the print page, of a page shown on its own as well.
    pub fn is_print(self) -> bool {
        matches!(self, Slot::Print(_) | Slot::PrintFront)
    }
}

/// All sources of the site.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Documents in folder order; the portal home (folder ``) first.
    pub documents: Vec<Document>,
    /// Files other than pages, relative to `content/`, with `/` separators.
    pub assets: Vec<String>,
    /// Symbolic links found under `content/`, as paths from the site root: never followed
    /// (they could loop or lead out of the site), so nothing they point to is published.
    pub symlinks: Vec<PathBuf>,
}

/// A folder with an index page: the home, a single-page document, a manual, or the notices.
#[derive(Debug, Clone)]
pub struct Document {
    /// Folder relative to `content/`, `/`-separated; `` for the home.
    pub dir: String,
    pub kind: DocumentKind,
    pub index: Page,
    /// Chapters of a manual in order, or notices newest first.
    pub pages: Vec<Page>,
    /// The nearest enclosing document (the home for a top-level one).
    pub parent: Option<DocId>,
    /// `history.yaml`, for a versioned document.
    pub history: Option<History>,
    /// Frozen copies under `releases/<version>/`, oldest first.
    pub releases: Vec<Release>,
    /// `history.yaml` exists but could not be read: the document is versioned, and its
    /// problems are reported; it is not taken for a never-released draft.
    pub history_unreadable: bool,
    /// The document's own files that are byte for byte as its latest release froze them
    /// (path under the document's folder → the release whose stored copy holds them):
    /// the working copy shows that copy, and nothing about them is unreleased.
    pub assets_released: BTreeMap<String, Version>,
    /// A file the latest release froze differs in the working copy: a change to release.
    pub assets_changed: bool,
}

/// A frozen copy of a document's pages at one released revision.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: Version,
    pub index: Page,
    pub pages: Vec<Page>,
    /// The document's own files (images, downloads) frozen with the pages, in path order.
    /// Empty for a release made before trustdocs froze them: its pages show today's files.
    pub assets: Vec<FrozenAsset>,
}

/// A file of a document frozen with a release, under `releases/<version>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenAsset {
    /// Its path under the document's folder, `/`-separated: `images/architecture.ja.svg`.
    pub path: String,
    /// The release whose frozen copy of it holds these very bytes: this release, or the
    /// oldest one since which the file has not changed. The output stores each file once,
    /// under that release (see `model::urls::frozen_asset`).
    pub stored: Version,
}

impl Corpus {
    /// Every document, in corpus order, with its id.
    pub fn iter(&self) -> impl Iterator<Item = (DocId, &Document)> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (DocId(i), d))
    }

    /// Every document's id, in corpus order.
    pub fn ids(&self) -> impl Iterator<Item = DocId> + use<> {
        (0..self.documents.len()).map(DocId)
    }

    /// The documents enclosing `d`, nearest first (the home last).
    pub fn ancestors(&self, d: DocId) -> impl Iterator<Item = DocId> + '_ {
        std::iter::successors(self[d].parent, |&p| self[p].parent)
    }
}

impl std::ops::Index<DocId> for Corpus {
    type Output = Document;

    fn index(&self, d: DocId) -> &Document {
        &self.documents[d.0]
    }
}

impl Document {
    /// The index and the other pages of one copy.
    pub fn copy(&self, copy: Copy) -> (&Page, &[Page]) {
        match copy {
            Copy::Working => (&self.index, &self.pages),
            Copy::Release(i) => (&self.releases[i].index, &self.releases[i].pages),
        }
    }

    /// The version of a copy: a frozen release's, none for the working copy.
    pub fn version_of(&self, copy: Copy) -> Option<Version> {
        match copy {
            Copy::Working => None,
            Copy::Release(i) => Some(self.releases[i].version),
        }
    }

    /// A document with a revision history (or frozen copies): released, archived, diffed.
    pub fn is_versioned(&self) -> bool {
        self.history.is_some() || self.history_unreadable
    }

    /// The newest frozen copy.
    pub fn latest_release(&self) -> Option<&Release> {
        self.releases.last()
    }

    /// Whether the working copy differs from the newest frozen copy (or none exists): a
    /// page, or a file the newest release froze.
    pub fn has_unreleased_changes(&self) -> bool {
        match self.latest_release() {
            None => true,
            Some(_) if self.assets_changed => true,
            Some(release) => {
                let same = |a: &Page, b: &Page| {
                    a.stem == b.stem
                        && a.sources.len() == b.sources.len()
                        && a.sources
                            .iter()
                            .zip(&b.sources)
                            .all(|((la, sa), (lb, sb))| la == lb && sa.raw == sb.raw)
                };
                !(same(&self.index, &release.index)
                    && self.pages.len() == release.pages.len()
                    && self
                        .pages
                        .iter()
                        .zip(&release.pages)
                        .all(|(a, b)| same(a, b)))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Home,
    Document,
    Manual,
    Notices,
}

/// One page in every language.
#[derive(Debug, Clone)]
pub struct Page {
    pub dir: String,
    /// File name without `.<lang>.md`: `index`, `01-setup`, `2025-07-01-storage`.
    pub stem: String,
    pub sources: BTreeMap<Language, Source>,
}

/// One Markdown file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, e.g. `content/security-guideline/index.ja.md`.
    pub path: PathBuf,
    pub front: FrontMatter,
    /// Where the Markdown body starts in `raw`, after the front matter.
    body_start: usize,
    pub body_line: usize,
    /// The whole file as read, to tell whether it changed since a release (empty once a
    /// build has let go of it, see `forget_text`).
    pub raw: String,
    /// Set by `forget_text`.
    forgotten: bool,
}

impl Source {
    /// A source as read: `raw` is the whole file, its Markdown body starting at byte
    /// `body_start`, on line `body_line`.
    pub fn new(
        path: PathBuf,
        front: FrontMatter,
        raw: String,
        body_start: usize,
        body_line: usize,
    ) -> Source {
        Source {
            path,
            front,
            body_start,
            body_line,
            raw,
            forgotten: false,
        }
    }

    /// The Markdown after the front matter (kept once, inside `raw`).
    pub fn body(&self) -> &str {
        debug_assert!(
            !self.forgotten,
            "{}: its text was let go of",
            self.path.display()
        );
        &self.raw[self.body_start..]
    }

    /// Lets go of the file's text once nothing will read it again (a build, after the
    /// Markdown and the checks): `raw` and `body()` are empty from then on.
    pub fn forget_text(&mut self) {
        self.raw = String::new();
        self.body_start = 0;
        self.forgotten = true;
    }
}

impl Page {
    /// The page's rel path in the working copy (see `model::urls`).
    pub fn rel_url(&self) -> String {
        crate::model::urls::page_rel(&self.dir, &self.stem)
    }

    /// The key links use: `dir/stem`.
    pub fn key(&self) -> String {
        join(&self.dir, &self.stem)
    }

    pub fn source(&self, language: &Language) -> &Source {
        // Every page has every language: `load` refuses a corpus where one is missing.
        &self.sources[language]
    }
}

pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}
