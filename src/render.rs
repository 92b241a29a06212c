//! From a loaded corpus to rendered files: Markdown of every page in every language,
//! then one template per page, in parallel. Nothing is written here; the result is an
//! `Output` that a disk or memory writer takes.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::context::*;
use crate::corpus::{Corpus, Document, DocumentKind, PRINT, Page};
use crate::date::DateText;
use crate::error::Error;
use crate::language::Language;
use crate::links::LinkTable;
use crate::locale::Locales;
use crate::markdown::{self, Rendered};
use crate::output::{Artifact, Output};
use crate::sitemap;
use crate::theme::Theme;

/// How many notices the home page lists.
const HOME_NOTICES: usize = 5;

/// Everything the render stage reads.
pub struct Inputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub corpus: &'a Corpus,
    pub theme: &'a Theme,
    pub locales: &'a Locales,
}

/// Which page of a document: its index or its n-th chapter or notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Index,
    Page(usize),
}

/// The Markdown of every (document, page, language).
type RenderedMarkdown = BTreeMap<(usize, Slot, Language), Rendered>;

/// A page to render: where it goes, with which template, and its context.
struct Job<'a> {
    out_path: String,
    template: &'static str,
    language: &'a Language,
    page: PageInfo,
}

pub fn render(inputs: &Inputs) -> Result<Output, Vec<Error>> {
    let Inputs { config, corpus, .. } = inputs;
    let links = LinkTable::new(corpus, &config.languages, &config.base_path);
    let markdown = render_markdown(corpus, config, &links)?;
    let sites: BTreeMap<&Language, SiteContext> = config
        .languages
        .iter()
        .map(|l| site_context(inputs, l).map(|s| (l, s)))
        .collect::<Result<_, Vec<Error>>>()?;

    let builder = PageBuilder {
        inputs,
        links: &links,
        markdown: &markdown,
    };
    let mut jobs = Vec::new();
    for language in &config.languages {
        for (d, doc) in corpus.documents.iter().enumerate() {
            builder.document_jobs(d, doc, language, &mut jobs);
        }
    }

    let rendered: Vec<Result<(String, Vec<u8>), Error>> = jobs
        .par_iter()
        .map(|job| {
            let context = PageContext {
                lang: job.language.code(),
                site: &sites[job.language],
                page: &job.page,
            };
            let html = inputs.theme.render(job.template, &context)?;
            Ok((job.out_path.clone(), html.into_bytes()))
        })
        .collect();

    let mut output = Output::default();
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok((path, bytes)) => output.insert(path, Artifact::Bytes(bytes)),
            Err(e) => errors.push(e),
        }
    }

    let default = config.default_language();
    let site_only = SiteOnlyContext {
        lang: default.code(),
        site: &sites[default],
    };
    for (template, path) in [("root.html", "index.html"), ("404.html", "404.html")] {
        match inputs.theme.render(template, &site_only) {
            Ok(html) => output.insert(path.to_string(), Artifact::Bytes(html.into_bytes())),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.path().cmp(b.path()));
        errors.dedup_by(|a, b| a.to_string() == b.to_string());
        return Err(errors);
    }

    let sitemap_entries = jobs
        .iter()
        .filter(|j| j.page.kind != "print")
        .map(|j| &j.page);
    output.insert(
        "sitemap.xml".into(),
        Artifact::Bytes(sitemap::sitemap(sitemap_entries)),
    );
    output.insert(
        "robots.txt".into(),
        Artifact::Bytes(sitemap::robots(config)),
    );
    for file in &inputs.theme.static_files {
        output.insert(
            format!("static/{file}"),
            Artifact::Copy(inputs.root.join(inputs.theme.static_path(file))),
        );
    }
    for asset in &corpus.assets {
        output.insert(
            asset.clone(),
            Artifact::Copy(inputs.root.join("content").join(asset)),
        );
    }
    Ok(output)
}

/// The Markdown of every page in every language, rendered in parallel.
fn render_markdown(
    corpus: &Corpus,
    config: &Config,
    links: &LinkTable,
) -> Result<RenderedMarkdown, Vec<Error>> {
    let mut work = Vec::new();
    for (d, doc) in corpus.documents.iter().enumerate() {
        let slots = std::iter::once((Slot::Index, &doc.index)).chain(
            doc.pages
                .iter()
                .enumerate()
                .map(|(i, p)| (Slot::Page(i), p)),
        );
        for (slot, page) in slots {
            for language in &config.languages {
                work.push((d, slot, language, page));
            }
        }
    }
    let results: Vec<_> = work
        .into_par_iter()
        .map(|(d, slot, language, page)| {
            let source = page.source(language);
            let (rendered, errors) = markdown::render(&markdown::Input {
                body: &source.body,
                body_line: source.body_line,
                path: &source.path,
                dir: &page.dir,
                language,
                links,
            });
            ((d, slot, language.clone()), rendered, errors)
        })
        .collect();
    let mut all = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, rendered, mut e) in results {
        errors.append(&mut e);
        all.insert(key, rendered);
    }
    if errors.is_empty() {
        Ok(all)
    } else {
        Err(errors)
    }
}

fn site_context(inputs: &Inputs, language: &Language) -> Result<SiteContext, Vec<Error>> {
    let config = inputs.config;
    let name_of = |l: &Language| {
        inputs
            .locales
            .message(l.code(), "language-name", None)
            .map_err(|message| {
                vec![Error::Fluent {
                    path: Path::new(crate::locale::LOCALES_DIR).join(l.code()),
                    line: 1,
                    message,
                }]
            })
    };
    let languages = config
        .languages
        .iter()
        .map(|l| {
            Ok(LanguageLink {
                code: l.code().to_string(),
                name: name_of(l)?,
                home_url: format!("{}/{}/", config.base_path, l.code()),
            })
        })
        .collect::<Result<Vec<_>, Vec<Error>>>()?;
    Ok(SiteContext {
        title: config.title[language].clone(),
        description: config.description.get(language).cloned(),
        base_path: config.base_path.clone(),
        base_url: format!("{}{}", config.origin, config.base_path),
        languages,
        default_language: config.default_language().code().to_string(),
    })
}

struct PageBuilder<'a> {
    inputs: &'a Inputs<'a>,
    links: &'a LinkTable,
    markdown: &'a RenderedMarkdown,
}

impl<'a> PageBuilder<'a> {
    fn config(&self) -> &Config {
        self.inputs.config
    }

    fn url(&self, language: &Language, rel: &str) -> String {
        self.links.page_url(language, rel)
    }

    fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.config().origin, url)
    }

    fn rendered(&self, d: usize, slot: Slot, language: &Language) -> &Rendered {
        // Every (document, slot, language) was rendered by `render_markdown`.
        &self.markdown[&(d, slot, language.clone())]
    }

    fn alternates(&self, rel: &str, current: &Language) -> Vec<Alternate> {
        self.config()
            .languages
            .iter()
            .map(|l| {
                let url = self.url(l, rel);
                Alternate {
                    lang: l.code().to_string(),
                    name: self
                        .inputs
                        .locales
                        .message(l.code(), "language-name", None)
                        .unwrap_or_default(),
                    permalink: self.permalink(&url),
                    url,
                    current: l == current,
                }
            })
            .collect()
    }

    fn link(&self, page: &Page, language: &Language) -> Link {
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

    /// The home and every enclosing document, outermost first.
    fn ancestors(&self, mut parent: Option<usize>, language: &Language) -> Vec<Link> {
        let docs = &self.inputs.corpus.documents;
        let mut chain = Vec::new();
        while let Some(p) = parent {
            chain.push(self.link(&docs[p].index, language));
            parent = docs[p].parent;
        }
        chain.reverse();
        chain
    }

    fn base_page(
        &self,
        d: usize,
        slot: Slot,
        page: &Page,
        language: &Language,
        kind: &'static str,
    ) -> PageInfo {
        let source = page.source(language);
        let rendered = self.rendered(d, slot, language);
        let rel = page.rel_url();
        let url = self.url(language, &rel);
        PageInfo {
            kind,
            title: source.front.title.clone(),
            description: source.front.description.clone(),
            permalink: self.permalink(&url),
            url,
            content: rendered.html.clone(),
            toc: rendered.toc.clone(),
            show_toc: source.front.toc.unwrap_or(true),
            date: source.front.date.map(|date| DateText::new(date, language)),
            category: source.front.category.clone(),
            alternates: self.alternates(&rel, language),
            breadcrumbs: self.ancestors(self.inputs.corpus.documents[d].parent, language),
            manual: None,
            prev: None,
            next: None,
            children: Vec::new(),
            notices: Vec::new(),
            print_chapters: Vec::new(),
        }
    }

    fn document_jobs(
        &self,
        d: usize,
        doc: &'a Document,
        language: &'a Language,
        jobs: &mut Vec<Job<'a>>,
    ) {
        let corpus = self.inputs.corpus;
        let children: Vec<Listed> = corpus
            .documents
            .iter()
            .filter(|c| c.parent == Some(d))
            .map(|c| self.listed(&c.index, language))
            .collect();
        let (kind, template) = match doc.kind {
            DocumentKind::Home => ("home", "home.html"),
            DocumentKind::Document => ("document", "document.html"),
            DocumentKind::Manual => ("manual", "manual.html"),
            DocumentKind::Notices => ("notices", "notices.html"),
        };
        let mut index = self.base_page(d, Slot::Index, &doc.index, language, kind);
        index.children = children;
        index.notices = match doc.kind {
            DocumentKind::Notices => doc.pages.iter().map(|p| self.listed(p, language)).collect(),
            DocumentKind::Home => corpus
                .documents
                .iter()
                .filter(|n| n.kind == DocumentKind::Notices)
                .flat_map(|n| n.pages.iter().take(HOME_NOTICES))
                .map(|p| self.listed(p, language))
                .collect(),
            _ => Vec::new(),
        };
        let manual =
            (doc.kind == DocumentKind::Manual).then(|| self.manual_nav(doc, language, None));
        index.manual = manual.clone();
        if let Some(first) = doc
            .pages
            .first()
            .filter(|_| doc.kind == DocumentKind::Manual)
        {
            index.next = Some(self.link(first, language));
        }
        jobs.push(Job {
            out_path: out_path(language, &doc.index.rel_url()),
            template,
            language,
            page: index,
        });

        for (i, page) in doc.pages.iter().enumerate() {
            let (kind, template) = match doc.kind {
                DocumentKind::Notices => ("notice", "notice.html"),
                _ => ("chapter", "chapter.html"),
            };
            let mut info = self.base_page(d, Slot::Page(i), page, language, kind);
            info.breadcrumbs.push(self.link(&doc.index, language));
            if doc.kind == DocumentKind::Manual {
                info.manual = Some(self.manual_nav(doc, language, Some(i)));
                info.prev = Some(match i {
                    0 => self.link(&doc.index, language),
                    _ => self.link(&doc.pages[i - 1], language),
                });
                info.next = doc.pages.get(i + 1).map(|p| self.link(p, language));
            }
            jobs.push(Job {
                out_path: out_path(language, &page.rel_url()),
                template,
                language,
                page: info,
            });
        }

        if doc.kind == DocumentKind::Manual {
            jobs.push(self.print_job(d, doc, language));
        }
    }

    fn manual_nav(&self, doc: &Document, language: &Language, current: Option<usize>) -> ManualNav {
        let index = self.link(&doc.index, language);
        ManualNav {
            print_url: format!("{}{PRINT}/", index.url),
            title: index.title,
            url: index.url,
            chapters: doc
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let link = self.link(p, language);
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

    fn print_job(&self, d: usize, doc: &'a Document, language: &'a Language) -> Job<'a> {
        let mut info = self.base_page(d, Slot::Index, &doc.index, language, "print");
        let rel = format!("{}{PRINT}/", doc.index.rel_url());
        info.url = self.url(language, &rel);
        info.permalink = self.permalink(&info.url);
        info.alternates = self.alternates(&rel, language);
        info.breadcrumbs.push(self.link(&doc.index, language));
        info.manual = Some(self.manual_nav(doc, language, None));
        info.print_chapters = doc
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let rendered = self.rendered(d, Slot::Page(i), language);
                PrintChapter {
                    title: p.source(language).front.title.clone(),
                    anchor: format!("chapter-{}", p.stem),
                    content: rendered.html.clone(),
                    toc: rendered.toc.clone(),
                }
            })
            .collect();
        Job {
            out_path: out_path(language, &rel),
            template: "print.html",
            language,
            page: info,
        }
    }
}

fn out_path(language: &Language, rel_url: &str) -> String {
    format!("{}/{}index.html", language.code(), rel_url)
}
