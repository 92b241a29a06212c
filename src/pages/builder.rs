//! The context of every page: which pages a document produces (its current copy, each
//! archived revision, each "what changed" page), with their URLs, navigation, revision
//! table and banners. Pure data assembly; templates turn it into HTML.

use crate::model::content::{Document, DocumentKind, INDEX, PRINT, Page};
use crate::model::date::DateText;
use crate::model::language::Language;
use crate::model::version::Version;
use crate::outputs::{Copy, Inputs, Plan, RenderedMarkdown, Slot, pages_of};
use crate::pages::context::*;
use crate::pages::diff::{Diffed, FileDiff, diff_text, shared};
use crate::plan::links::LinkTable;

/// How many notices the home page lists.
const HOME_NOTICES: usize = 5;
/// Folder of the draft's "what changed" page under a document.
const DRAFT_DIFF: &str = "draft/diff/";

/// A page to render: where it goes, with which template, and its context.
pub struct Job<'a> {
    pub out_path: String,
    pub template: &'static str,
    pub language: &'a Language,
    pub page: PageInfo,
    /// A primary page: listed in the sitemap (not an archive, diff or print page).
    pub primary: bool,
}

pub struct PageBuilder<'a> {
    pub inputs: &'a Inputs<'a>,
    pub links: &'a LinkTable,
    pub markdown: &'a RenderedMarkdown,
    pub plans: &'a [Plan],
    /// The sub-documents of each document (see `outputs::children`).
    pub children: &'a [Vec<usize>],
}

/// Whether a view is the document's current page or an archived revision.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Current,
    Archive(usize),
}

impl<'a> PageBuilder<'a> {
    pub fn documents(&self) -> &'a [Document] {
        &self.inputs.corpus.documents
    }

    pub fn plan(&self, d: usize) -> &Plan {
        &self.plans[d]
    }

    pub fn url(&self, language: &Language, rel: &str) -> String {
        self.links.page_url(language, rel)
    }

    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.inputs.config.origin, url)
    }

    fn rendered(
        &self,
        d: usize,
        copy: Copy,
        slot: Slot,
        language: &Language,
    ) -> (String, Vec<crate::markdown::TocEntry>) {
        // `render_markdown` rendered every copy this builder is asked about.
        self.markdown
            .get(&(d, copy, slot, language.clone()))
            .map(|r| (r.html.clone(), r.toc.clone()))
            .unwrap_or_default()
    }

    pub fn alternates(&self, rel: &str, current: &Language) -> Vec<Alternate> {
        self.inputs
            .config
            .languages
            .iter()
            .map(|l| {
                let url = self.url(l, rel);
                Alternate {
                    lang: l.code().to_string(),
                    name: crate::outputs::language_name(self.inputs.locales, l).unwrap_or_default(),
                    permalink: self.permalink(&url),
                    url,
                    current: l == current,
                }
            })
            .collect()
    }

    pub fn link(&self, page: &Page, language: &Language) -> Link {
        Link {
            title: page.source(language).front.title.clone(),
            url: self.url(language, &page.rel_url()),
        }
    }

    fn listed(&self, page: &Page, language: &Language) -> Listed {
        let front = &page.source(language).front;
        Listed {
            title: front.title.clone(),
            url: self.url(language, &page.rel_url()),
            description: front.description.clone(),
            date: front.date.map(|d| DateText::new(d, language)),
            category: front.category.clone(),
        }
    }

    /// The published documents enclosing `parent`, outermost (the home) first.
    fn ancestors(&self, mut parent: Option<usize>, language: &Language) -> Vec<Link> {
        let docs = self.documents();
        let mut chain = Vec::new();
        while let Some(p) = parent {
            chain.push(self.link(&docs[p].index, language));
            parent = docs[p].parent;
        }
        chain.reverse();
        chain
    }

    /// Path under `/<lang>/` of a page in a view (`v4.4/` for an archive).
    fn view_rel(doc: &Document, prefix: &str, page: &Page) -> String {
        let mut rel = doc.index.rel_url();
        rel.push_str(prefix);
        if page.stem != INDEX {
            rel.push_str(&page.stem);
            rel.push('/');
        }
        rel
    }

    pub fn archive_prefix(version: Version) -> String {
        format!("v{version}/")
    }

    /// The revision a view shows.
    fn shown_version(&self, d: usize, view: View) -> Option<Version> {
        let doc = &self.documents()[d];
        match view {
            View::Archive(i) => Some(doc.releases[i].version),
            View::Current => match self.plans[d].current {
                Some(Copy::Release(i)) => Some(doc.releases[i].version),
                Some(Copy::Working) if !self.plans[d].draft => {
                    doc.history.as_ref()?.latest().map(|r| r.version)
                }
                _ => None,
            },
        }
    }

    pub fn revision_rows(
        &self,
        d: usize,
        language: &Language,
        shown: Option<Version>,
    ) -> Vec<RevisionRow> {
        let doc = &self.documents()[d];
        let Some(history) = &doc.history else {
            return Vec::new();
        };
        history
            .revisions
            .iter()
            .map(|r| {
                let frozen = doc.releases.iter().position(|rel| rel.version == r.version);
                let archive = |suffix: &str| {
                    self.url(
                        language,
                        &format!(
                            "{}{}{suffix}",
                            doc.index.rel_url(),
                            Self::archive_prefix(r.version)
                        ),
                    )
                };
                RevisionRow {
                    version: r.version.to_string(),
                    date: DateText::new(r.date, language),
                    summary: r.summary.get(language).cloned().unwrap_or_default(),
                    url: frozen.map(|_| archive("")),
                    diff_url: frozen.filter(|&i| i > 0).map(|_| archive("diff/")),
                    current: shown == Some(r.version),
                }
            })
            .collect()
    }

    fn translation_lag(
        &self,
        doc: &Document,
        page: &Page,
        language: &Language,
        rel: &str,
        authoritative: Option<Version>,
    ) -> Option<TranslationLag> {
        let default = self.inputs.config.default_language();
        if language == default {
            return None;
        }
        let current =
            authoritative.or_else(|| doc.history.as_ref()?.latest().map(|r| r.version))?;
        let written = page.source(language).front.translation_of.as_deref()?;
        let translates: Version = written.parse().ok()?;
        (translates < current).then(|| TranslationLag {
            translates: translates.to_string(),
            current: current.to_string(),
            original_url: self.url(default, rel),
            original_lang: default.code().to_string(),
            original_name: crate::outputs::language_name(self.inputs.locales, default)
                .unwrap_or_default(),
        })
    }

    /// Every page a document produces in one language.
    pub fn document_jobs(&self, d: usize, language: &'a Language, jobs: &mut Vec<Job<'a>>) {
        let doc = &self.documents()[d];
        let plan = &self.plans[d];
        let Some(current) = plan.current else { return };
        self.view_jobs(d, current, View::Current, language, jobs);
        for i in 0..doc.releases.len() {
            self.view_jobs(d, Copy::Release(i), View::Archive(i), language, jobs);
        }
        // The only pages that read sources rather than their Markdown (see
        // `outputs::forget_unread_sources`).
        for (old, new) in plan.diff_pairs(doc) {
            jobs.push(self.diff_job(d, old, new, language));
        }
    }

    fn view_jobs(
        &self,
        d: usize,
        copy: Copy,
        view: View,
        language: &'a Language,
        jobs: &mut Vec<Job<'a>>,
    ) {
        let doc = &self.documents()[d];
        let (index_page, pages) = pages_of(doc, copy);
        let prefix = match view {
            View::Current => String::new(),
            View::Archive(i) => Self::archive_prefix(doc.releases[i].version),
        };
        let shown = self.shown_version(d, view);
        let history = doc.history.as_ref();
        let last_revised = shown
            .and_then(|v| history?.get(v))
            .or_else(|| history?.latest())
            .map(|r| DateText::new(r.date, language));
        let latest_url = self.url(language, &doc.index.rel_url());
        let archived = match view {
            View::Archive(i) if Some(Copy::Release(i)) != self.plans[d].current => {
                Some(ArchivedInfo {
                    version: doc.releases[i].version.to_string(),
                    latest_version: doc
                        .history
                        .as_ref()
                        .and_then(|h| h.latest())
                        .map(|r| r.version.to_string()),
                    latest_url: latest_url.clone(),
                })
            }
            _ => None,
        };
        let draft = (view == View::Current && self.plans[d].draft).then(|| DraftInfo {
            base_version: doc.releases.last().map(|r| r.version.to_string()),
            diff_url: (!doc.releases.is_empty())
                .then(|| self.url(language, &format!("{}{DRAFT_DIFF}", doc.index.rel_url()))),
        });
        let primary = view == View::Current;
        let canonical_of = |url: &str| {
            if primary {
                self.permalink(url)
            } else {
                self.permalink(&latest_url)
            }
        };

        let base = |slot: Slot, page: &Page, kind: &'static str| -> PageInfo {
            let source = page.source(language);
            let (content, toc) = self.rendered(d, copy, slot, language);
            let rel = Self::view_rel(doc, &prefix, page);
            let url = self.url(language, &rel);
            PageInfo {
                kind,
                title: source.front.title.clone(),
                description: source.front.description.clone(),
                permalink: self.permalink(&url),
                canonical: canonical_of(&url),
                url,
                content,
                toc,
                show_toc: source.front.toc.unwrap_or(true),
                date: source.front.date.map(|date| DateText::new(date, language)),
                category: source.front.category.clone(),
                alternates: self.alternates(&rel, language),
                breadcrumbs: self.ancestors(doc.parent, language),
                version: shown.map(|v| v.to_string()),
                last_revised: last_revised.clone(),
                draft: draft.clone(),
                archived: archived.clone(),
                translation: self.translation_lag(doc, page, language, &rel, shown),
                ..PageInfo::default()
            }
        };

        let (kind, template) = match doc.kind {
            DocumentKind::Home => ("home", "home.html"),
            DocumentKind::Document => ("document", "document.html"),
            DocumentKind::Manual => ("manual", "manual.html"),
            DocumentKind::Notices => ("notices", "notices.html"),
        };
        let manual = |current: Option<usize>| -> ManualNav {
            let index = Link {
                title: index_page.source(language).front.title.clone(),
                url: self.url(language, &Self::view_rel(doc, &prefix, index_page)),
            };
            ManualNav {
                print_url: format!("{}{PRINT}/", index.url),
                title: index.title,
                url: index.url,
                chapters: pages
                    .iter()
                    .enumerate()
                    .map(|(i, p)| ChapterLink {
                        title: p.source(language).front.title.clone(),
                        url: self.url(language, &Self::view_rel(doc, &prefix, p)),
                        number: i + 1,
                        current: current == Some(i),
                    })
                    .collect(),
            }
        };
        let chapter_link = |p: &Page| Link {
            title: p.source(language).front.title.clone(),
            url: self.url(language, &Self::view_rel(doc, &prefix, p)),
        };

        let mut index = base(Slot::Index, index_page, kind);
        index.revisions = self.revision_rows(d, language, shown);
        if primary {
            // Each child as published: its current copy's title and description.
            let documents = self.documents();
            let mut children: Vec<(&Document, &Page)> = self.children[d]
                .iter()
                .map(|&c| (c, &documents[c]))
                .filter_map(|(c, child)| Some((child, pages_of(child, self.plans[c].current?).0)))
                .collect();
            children.sort_by_key(|(child, page)| {
                (
                    page.source(language).front.weight.unwrap_or(0),
                    child.dir.clone(),
                )
            });
            index.children = children
                .iter()
                .map(|(_, page)| self.listed(page, language))
                .collect();
            index.notices = match doc.kind {
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
            if doc.kind == DocumentKind::Home {
                index.notices_url = self
                    .documents()
                    .iter()
                    .find(|n| n.kind == DocumentKind::Notices)
                    .map(|n| self.url(language, &n.index.rel_url()));
            }
        }
        if doc.kind == DocumentKind::Manual {
            index.manual = Some(manual(None));
            index.next = pages.first().map(chapter_link);
        }
        jobs.push(Job {
            out_path: out_path(language, &Self::view_rel(doc, &prefix, index_page)),
            template,
            language,
            page: index,
            primary,
        });

        for (i, page) in pages.iter().enumerate() {
            let (kind, template) = match doc.kind {
                DocumentKind::Notices => ("notice", "notice.html"),
                _ => ("chapter", "chapter.html"),
            };
            let mut info = base(Slot::Page(i), page, kind);
            info.breadcrumbs.push(chapter_link(index_page));
            if doc.kind == DocumentKind::Manual {
                info.manual = Some(manual(Some(i)));
                info.prev = Some(chapter_link(if i == 0 {
                    index_page
                } else {
                    &pages[i - 1]
                }));
                info.next = pages.get(i + 1).map(chapter_link);
            }
            jobs.push(Job {
                out_path: out_path(language, &Self::view_rel(doc, &prefix, page)),
                template,
                language,
                page: info,
                primary,
            });
        }

        if doc.kind == DocumentKind::Manual {
            let mut info = base(Slot::PrintFront, index_page, "print");
            let rel = format!("{}{PRINT}/", Self::view_rel(doc, &prefix, index_page));
            info.url = self.url(language, &rel);
            info.permalink = self.permalink(&info.url);
            info.canonical = info.permalink.clone();
            info.alternates = self.alternates(&rel, language);
            info.breadcrumbs.push(chapter_link(index_page));
            info.manual = Some(manual(None));
            info.revisions = self.revision_rows(d, language, shown);
            info.print_chapters = pages
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (content, toc) = self.rendered(d, copy, Slot::Print(i), language);
                    PrintChapter {
                        title: p.source(language).front.title.clone(),
                        anchor: crate::outputs::print_anchor(&p.stem),
                        content,
                        toc,
                    }
                })
                .collect();
            jobs.push(Job {
                out_path: out_path(language, &rel),
                template: "print.html",
                language,
                page: info,
                primary: false,
            });
        }
    }

    /// `diff_text`, through the memo of `serve` when there is one.
    fn diff(&self, old: &str, new: &str, cjk: bool) -> Diffed {
        match self.inputs.diffs {
            Some(memo) => memo.diff(old, new, cjk),
            None => shared(diff_text(old, new, cjk)),
        }
    }

    /// "What changed" from copy `old` to copy `new` of a document.
    fn diff_job(&self, d: usize, old: Copy, new: Copy, language: &'a Language) -> Job<'a> {
        let doc = &self.documents()[d];
        let version_of = |copy: Copy| match copy {
            Copy::Release(i) => Some(doc.releases[i].version),
            Copy::Working => None,
        };
        let (old_index, old_pages) = pages_of(doc, old);
        let (new_index, new_pages) = pages_of(doc, new);
        let olds: Vec<&Page> = std::iter::once(old_index).chain(old_pages).collect();
        let news: Vec<&Page> = std::iter::once(new_index).chain(new_pages).collect();
        let mut files = Vec::new();
        let cjk = language.is_cjk();
        let body = |p: &'a Page| p.source(language).body();
        for page in &news {
            let before = olds.iter().find(|o| o.stem == page.stem);
            let old_text = before.map(|o| body(o)).unwrap_or("");
            let (hunks, insertions, deletions) = self.diff(old_text, body(page), cjk);
            if !hunks.is_empty() {
                files.push(FileDiff {
                    title: page.source(language).front.title.clone(),
                    status: if before.is_some() { "changed" } else { "added" },
                    hunks,
                    insertions,
                    deletions,
                });
            }
        }
        for page in olds
            .iter()
            .filter(|o| !news.iter().any(|n| n.stem == o.stem))
        {
            let (hunks, insertions, deletions) = self.diff(body(page), "", cjk);
            files.push(FileDiff {
                title: page.source(language).front.title.clone(),
                status: "removed",
                hunks,
                insertions,
                deletions,
            });
        }

        let doc_rel = doc.index.rel_url();
        let rel_of = |copy: Copy| match version_of(copy) {
            Some(v) => format!("{doc_rel}{}", Self::archive_prefix(v)),
            None => doc_rel.clone(),
        };
        let rel = match version_of(new) {
            Some(v) => format!("{doc_rel}{}diff/", Self::archive_prefix(v)),
            None => format!("{doc_rel}{DRAFT_DIFF}"),
        };
        let url = self.url(language, &rel);
        let source = new_index.source(language);
        let mut breadcrumbs = self.ancestors(doc.parent, language);
        breadcrumbs.push(self.link(&doc.index, language));
        let info = PageInfo {
            kind: "diff",
            title: source.front.title.clone(),
            permalink: self.permalink(&url),
            canonical: self.permalink(&url),
            url,
            alternates: self.alternates(&rel, language),
            breadcrumbs,
            version: version_of(new).map(|v| v.to_string()),
            last_revised: version_of(new)
                .and_then(|v| doc.history.as_ref()?.get(v))
                .map(|r| DateText::new(r.date, language)),
            diff: Some(DiffInfo {
                from_version: version_of(old).map(|v| v.to_string()),
                to_version: version_of(new).map(|v| v.to_string()),
                from_url: Some(self.url(language, &rel_of(old))),
                to_url: self.url(language, &rel_of(new)),
                insertions: files.iter().map(|f| f.insertions).sum(),
                deletions: files.iter().map(|f| f.deletions).sum(),
                files,
            }),
            ..PageInfo::default()
        };
        Job {
            out_path: out_path(language, &rel),
            template: "diff.html",
            language,
            page: info,
            primary: false,
        }
    }
}

fn out_path(language: &Language, rel_url: &str) -> String {
    format!("{}/{}index.html", language.code(), rel_url)
}
