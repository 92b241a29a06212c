//! The pages of one document in one language: its current copy at the document's own
//! address, each archived revision under `v<version>/`, and its "what changed" pages. A
//! copy's pages are its index (the document itself, a manual's front page, a listing or
//! the notices), its chapters or notices, and a manual's print page.

use crate::model::content::{Copy, DocId, Document, DocumentKind, Page, Slot};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::urls;
use crate::model::version::Version;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::*;

/// How many notices the home page lists.
const HOME_NOTICES: usize = 5;

/// One view of a document: a copy shown at the document's own address or archived under
/// its version, in one language, with what every page of the view shares.
struct View<'v> {
    d: DocId,
    doc: &'v Document,
    copy: Copy,
    /// The archived revision's version; none for the current view.
    archive: Option<Version>,
    language: &'v Language,
    /// The revision the view shows, if it shows a released one.
    shown: Option<Version>,
    last_revised: Option<DateText>,
    draft: Option<DraftInfo>,
    archived: Option<ArchivedInfo>,
    /// The document's current page (what archived pages name as canonical).
    latest_url: String,
    /// The PDF of the copy (`build --pdf`).
    pdf: Option<CopyPdf>,
}

/// The PDF of a view's copy: its output file, and whether this view prints it (the current
/// view of a frozen revision links to the PDF its archived view prints).
struct CopyPdf {
    file: String,
    printed_here: bool,
}

impl View<'_> {
    /// The current view is the primary one: in the sitemap, its own canonical URL.
    fn primary(&self) -> bool {
        self.archive.is_none()
    }

    fn rel(&self, page: &Page) -> String {
        urls::copy_rel(&self.doc.dir, self.archive, &page.stem)
    }

    fn pages(&self) -> (&Page, &[Page]) {
        self.doc.copy(self.copy)
    }
}

impl<'a> PageBuilder<'a> {
    /// Every page a document produces in one language.
    pub fn document_jobs(&self, d: DocId, language: &'a Language, jobs: &mut Vec<Job<'a>>) {
        let doc = self.document(d);
        let publication = self.plan.publication(d);
        let Some(current) = publication.current else {
            return;
        };
        self.view_jobs(&self.view(d, current, None, language), jobs);
        for (i, release) in doc.releases.iter().enumerate() {
            let view = self.view(d, Copy::Release(i), Some(release.version), language);
            self.view_jobs(&view, jobs);
        }
        for (old, new) in publication.diff_pairs(doc) {
            jobs.push(self.diff_job(d, old, new, language));
        }
    }

    /// The version the current view of `d` shows: its latest release, or the working copy
    /// when it is that release (none for a draft).
    fn current_version(&self, d: DocId) -> Option<Version> {
        let doc = self.document(d);
        let publication = self.plan.publication(d);
        match publication.current {
            Some(Copy::Release(i)) => Some(doc.releases[i].version),
            Some(Copy::Working) if !publication.draft => {
                doc.history.as_ref()?.latest().map(|r| r.version)
            }
            _ => None,
        }
    }

    fn view(
        &self,
        d: DocId,
        copy: Copy,
        archive: Option<Version>,
        language: &'a Language,
    ) -> View<'a> {
        let doc = self.document(d);
        let publication = self.plan.publication(d);
        let history = doc.history.as_ref();
        let shown = archive.or_else(|| self.current_version(d));
        let last_revised = shown
            .and_then(|v| history?.get(v))
            .or_else(|| history?.latest())
            .map(|r| DateText::new(r.date, language));
        let latest_url = self.url(language, &doc.index.rel_url());
        let archived =
            (archive.is_some() && Some(copy) != publication.current).then(|| ArchivedInfo {
                version: archive.map(|v| v.to_string()).unwrap_or_default(),
                latest_version: history
                    .and_then(|h| h.latest())
                    .map(|r| r.version.to_string()),
                label: archive
                    .map(|v| self.version_label(v, language))
                    .unwrap_or_default(),
                latest_label: history
                    .and_then(|h| h.latest())
                    .map(|r| self.version_label(r.version, language)),
                latest_url: latest_url.clone(),
            });
        let draft = (archive.is_none() && publication.draft).then(|| DraftInfo {
            base_version: doc.releases.last().map(|r| r.version.to_string()),
            base_label: doc
                .releases
                .last()
                .map(|r| self.version_label(r.version, language)),
            diff_url: (!doc.releases.is_empty())
                .then(|| self.url(language, &urls::diff_rel(&doc.dir, None))),
        });
        View {
            d,
            doc,
            copy,
            archive,
            language,
            shown,
            last_revised,
            draft,
            archived,
            latest_url,
            pdf: self.copy_pdf(doc, copy, archive, language),
        }
    }

    /// The PDF of a copy, in a build that prints them: every revision of a document or a
    /// manual that has a history, and its current copy.
    fn copy_pdf(
        &self,
        doc: &Document,
        copy: Copy,
        archive: Option<Version>,
        language: &Language,
    ) -> Option<CopyPdf> {
        let printable = matches!(doc.kind, DocumentKind::Document | DocumentKind::Manual);
        if !self.pdfs || !printable || doc.history.is_none() {
            return None;
        }
        Some(match (archive, copy) {
            (None, Copy::Release(i)) => CopyPdf {
                file: urls::pdf_file(language, &doc.dir, Some(doc.releases[i].version)),
                printed_here: false,
            },
            _ => CopyPdf {
                file: urls::pdf_file(language, &doc.dir, archive),
                printed_here: true,
            },
        })
    }

    /// The pages of one view: its index, its chapters or notices, a manual's print page.
    fn view_jobs(&self, view: &View<'a>, jobs: &mut Vec<Job<'a>>) {
        let language = view.language;
        jobs.push(self.index_job(view, language));
        let (_, pages) = view.pages();
        for (i, page) in pages.iter().enumerate() {
            jobs.push(self.page_job(view, i, page, language));
        }
        if view.doc.kind == DocumentKind::Manual {
            jobs.push(self.print_job(view, language));
        }
    }

    /// What every page of a view starts from: its title, address, content and banners.
    fn base(&self, view: &View, slot: Slot, page: &Page, kind: PageKind) -> PageInfo {
        let language = view.language;
        let source = page.source(language);
        let (content, toc) = self.rendered(view.d, view.copy, slot, language);
        let rel = view.rel(page);
        let url = self.url(language, &rel);
        let canonical = if view.primary() {
            self.permalink(&url)
        } else {
            self.permalink(&view.latest_url)
        };
        PageInfo {
            kind,
            title: source.front.title.clone(),
            description: source.front.description.clone(),
            permalink: self.permalink(&url),
            canonical,
            url,
            content,
            toc,
            show_toc: source.front.toc.unwrap_or(true),
            date: source.front.date.map(|date| DateText::new(date, language)),
            category: source.front.category.clone(),
            alternates: self.alternates(&rel, language),
            breadcrumbs: self.breadcrumbs(view, slot),
            version: view.shown.map(|v| v.to_string()),
            version_label: view.shown.map(|v| self.version_label(v, language)),
            archive_label: view.archive.map(|v| self.version_label(v, language)),
            last_revised: view.last_revised.clone(),
            pdf_url: view.pdf.as_ref().map(|pdf| self.plan.urls.file(&pdf.file)),
            draft: view.draft.clone(),
            archived: view.archived.clone(),
            translation: self.translation_lag(view.doc, page, language, &rel, view.shown),
            ..PageInfo::default()
        }
    }

    /// The view's index page: the document, a manual's front page, a listing, the home or
    /// the notices.
    fn index_job(&self, view: &View, language: &'a Language) -> Job<'a> {
        let (index_page, pages) = view.pages();
        let kind = match view.doc.kind {
            DocumentKind::Home => PageKind::Home,
            DocumentKind::Document => PageKind::Document,
            DocumentKind::Manual => PageKind::Manual,
            DocumentKind::Notices => PageKind::Notices,
        };
        let mut index = self.base(view, Slot::Index, index_page, kind);
        index.revisions = self.revision_rows(view.d, language, view.shown);
        if view.primary() {
            index.children = self.children_listed(view.d, language);
            index.notices = match view.doc.kind {
                DocumentKind::Notices => pages.iter().map(|p| self.listed(p, language)).collect(),
                DocumentKind::Home => self
                    .documents()
                    .iter()
                    .filter(|n| n.kind == DocumentKind::Notices)
                    .flat_map(|n| n.pages.iter().take(HOME_NOTICES))
                    .map(|p| self.listed(p, language))
                    .collect(),
                _ => Vec::new(),
            };
            if view.doc.kind == DocumentKind::Home {
                index.notices_url = self
                    .documents()
                    .iter()
                    .find(|n| n.kind == DocumentKind::Notices)
                    .map(|n| self.url(language, &n.index.rel_url()));
            }
        }
        if view.doc.kind == DocumentKind::Manual {
            index.manual = Some(self.manual_nav(view, None));
            index.next = pages.first().map(|p| self.chapter_link(view, p));
        }
        Job {
            out_path: urls::page_file(language, &view.rel(index_page)),
            language,
            page: index,
            primary: view.primary(),
            pdf: view
                .pdf
                .as_ref()
                .filter(|pdf| pdf.printed_here && view.doc.kind == DocumentKind::Document)
                .map(|pdf| pdf.file.clone()),
        }
    }

    /// A chapter of a manual, or a notice.
    fn page_job(&self, view: &View, i: usize, page: &Page, language: &'a Language) -> Job<'a> {
        let (index_page, pages) = view.pages();
        let kind = match view.doc.kind {
            DocumentKind::Notices => PageKind::Notice,
            _ => PageKind::Chapter,
        };
        let mut info = self.base(view, Slot::Page(i), page, kind);
        if view.doc.kind == DocumentKind::Manual {
            info.manual = Some(self.manual_nav(view, Some(i)));
            let previous = if i == 0 { index_page } else { &pages[i - 1] };
            info.prev = Some(self.chapter_link(view, previous));
            info.next = pages.get(i + 1).map(|p| self.chapter_link(view, p));
        }
        Job {
            out_path: urls::page_file(language, &view.rel(page)),
            language,
            page: info,
            primary: view.primary(),
            pdf: None,
        }
    }

    /// A manual's "print this manual" page: its front page and every chapter on one page.
    fn print_job(&self, view: &View, language: &'a Language) -> Job<'a> {
        let (index_page, pages) = view.pages();
        let mut info = self.base(view, Slot::PrintFront, index_page, PageKind::Print);
        let rel = urls::print_rel(&view.doc.dir, view.archive);
        info.url = self.url(language, &rel);
        info.permalink = self.permalink(&info.url);
        info.canonical = info.permalink.clone();
        info.alternates = self.alternates(&rel, language);
        info.manual = Some(self.manual_nav(view, None));
        info.revisions = self.revision_rows(view.d, language, view.shown);
        info.print_chapters = pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (content, toc) = self.rendered(view.d, view.copy, Slot::Print(i), language);
                PrintChapter {
                    title: p.source(language).front.title.clone(),
                    anchor: urls::print_anchor(&p.stem),
                    content,
                    toc,
                }
            })
            .collect();
        Job {
            out_path: urls::page_file(language, &rel),
            language,
            page: info,
            primary: false,
            pdf: view
                .pdf
                .as_ref()
                .filter(|pdf| pdf.printed_here)
                .map(|pdf| pdf.file.clone()),
        }
    }

    /// Home › … › document › 第4.4版 › this page: the documents enclosing the view's; on
    /// a page of an archived revision, the document (at its own address) and the revision
    /// (its front page); on a chapter or print page of the current view, the document's
    /// front page. The template adds the page itself.
    fn breadcrumbs(&self, view: &View, slot: Slot) -> Vec<Link> {
        let mut crumbs = self.ancestors(view.d, view.language);
        let (index_page, _) = view.pages();
        match view.archive {
            Some(version) => {
                crumbs.push(self.link(&view.doc.index, view.language));
                if slot != Slot::Index {
                    crumbs.push(Link {
                        title: self.version_label(version, view.language),
                        url: self.url(view.language, &view.rel(index_page)),
                    });
                }
            }
            None if slot != Slot::Index => crumbs.push(self.chapter_link(view, index_page)),
            None => {}
        }
        crumbs
    }

    /// A link to a page of the view (its chapters link within the same revision).
    fn chapter_link(&self, view: &View, page: &Page) -> Link {
        Link {
            title: page.source(view.language).front.title.clone(),
            url: self.url(view.language, &view.rel(page)),
        }
    }

    /// A manual's navigation: its front page, print page and chapters, `current` marked.
    fn manual_nav(&self, view: &View, current: Option<usize>) -> ManualNav {
        let (index_page, pages) = view.pages();
        let index = self.chapter_link(view, index_page);
        ManualNav {
            print_url: self.url(view.language, &urls::print_rel(&view.doc.dir, view.archive)),
            title: index.title,
            url: index.url,
            chapters: pages
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let link = self.chapter_link(view, p);
                    ChapterLink {
                        title: link.title,
                        url: link.url,
                        number: i + 1,
                        current: current == Some(i),
                    }
                })
                .collect(),
        }
    }

    /// The sub-documents of `d` as published (each one's current copy's title and
    /// description, its version and the date of that revision), by weight, then folder.
    fn children_listed(&self, d: DocId, language: &Language) -> Vec<Listed> {
        let corpus = &self.site.corpus;
        let mut children: Vec<(DocId, &Document, &Page)> = self
            .plan
            .children(d)
            .iter()
            .filter_map(|&c| {
                let child = &corpus[c];
                Some((c, child, child.copy(self.plan.current(c)?).0))
            })
            .collect();
        children.sort_by_key(|(_, child, page)| {
            (
                page.source(language).front.weight.unwrap_or(0),
                child.dir.clone(),
            )
        });
        children
            .iter()
            .map(|&(c, child, page)| {
                let revision = child
                    .history
                    .as_ref()
                    .and_then(|history| history.get(self.current_version(c)?));
                Listed {
                    version_label: revision.map(|r| self.version_label(r.version, language)),
                    last_revised: revision.map(|r| DateText::new(r.date, language)),
                    ..self.listed(page, language)
                }
            })
            .collect()
    }
}
