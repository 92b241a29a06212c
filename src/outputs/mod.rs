//! From a loaded corpus to rendered files: Markdown of every page copy that will be shown,
//! then one template per page, in parallel. Nothing is written here; the result is an
//! `Output` that a disk or memory writer takes.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::load::config::Config;
use crate::load::locales::Locales;
use crate::load::theme::{SharedContext, Theme};
use crate::markdown::{self, Rendered};
use crate::model::content::{Corpus, Document, DocumentKind, Page, Source};
use crate::model::language::Language;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::{LanguageLink, SiteContext, SiteOnlyContext};
use crate::pages::diff::DiffMemo;
use crate::pages::feed;
use crate::pages::sitemap;
use crate::plan::links::LinkTable;
use crate::report::error::Error;
use crate::search;
use crate::write::{Artifact, Output, Sink};

/// Everything the render stage reads.
pub struct Inputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub corpus: &'a Corpus,
    pub theme: &'a Theme,
    pub locales: &'a Locales,
    /// Show working copies (unreleased changes) instead of releases.
    pub drafts: bool,
    /// Diffs kept from earlier renders (`serve`).
    pub diffs: Option<&'a DiffMemo>,
}

/// Which copy of a document's pages: the working copy or a frozen release.
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

/// The Markdown of every (document, copy, page, language) that is shown.
pub type RenderedMarkdown = BTreeMap<(usize, Copy, Slot, Language), Rendered>;

/// What of a document is published in this build.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The copy shown at the document's URL; none when it is an unreleased draft and
    /// drafts are not shown.
    pub current: Option<Copy>,
    /// The current copy holds changes not yet released.
    pub draft: bool,
}

impl Plan {
    pub fn of(doc: &Document, is_listing: bool, drafts: bool) -> Plan {
        let released = doc
            .history
            .as_ref()
            .is_some_and(|h| !h.revisions.is_empty())
            || doc.history_unreadable;
        let versioned_kind =
            matches!(doc.kind, DocumentKind::Document | DocumentKind::Manual) && !is_listing;
        if !versioned_kind && !doc.is_versioned() {
            return Plan {
                current: Some(Copy::Working),
                draft: false,
            };
        }
        if drafts {
            return Plan {
                current: Some(Copy::Working),
                draft: !released || (!doc.releases.is_empty() && doc.has_unreleased_changes()),
            };
        }
        match doc.releases.len() {
            0 if released => Plan {
                current: Some(Copy::Working),
                draft: false,
            },
            0 => Plan {
                current: None,
                draft: true,
            },
            n => Plan {
                current: Some(Copy::Release(n - 1)),
                draft: false,
            },
        }
    }

    /// The (older, newer) copies of `doc` that its "what changed" pages compare: each
    /// release with the one before, and the last release with a draft working copy.
    pub fn diff_pairs(&self, doc: &Document) -> Vec<(Copy, Copy)> {
        let Some(current) = self.current else {
            return Vec::new();
        };
        let releases = doc.releases.len();
        let mut pairs: Vec<(Copy, Copy)> = (1..releases)
            .map(|i| (Copy::Release(i - 1), Copy::Release(i)))
            .collect();
        if self.draft && current == Copy::Working && releases > 0 {
            pairs.push((Copy::Release(releases - 1), Copy::Working));
        }
        pairs
    }
}

/// Lets go of the text of every source that no page reads once the Markdown is rendered
/// and checked: all but the copies that "what changed" pages compare (a build holds the
/// text of every file it read, 30 MB at 1,000 documents, most of it read by nothing after
/// the Markdown stage).
pub fn forget_unread_sources(corpus: &mut Corpus, plans: &[Plan]) {
    for (doc, plan) in corpus.documents.iter_mut().zip(plans) {
        let mut kept: Vec<Copy> = plan
            .diff_pairs(doc)
            .into_iter()
            .flat_map(|(old, new)| [old, new])
            .collect();
        // Plans are made again when the pages are rendered, and with `--drafts` a plan
        // compares these two (`Document::has_unreleased_changes`).
        if plan.current == Some(Copy::Working) && !doc.releases.is_empty() {
            kept.extend([Copy::Working, Copy::Release(doc.releases.len() - 1)]);
        }
        let copies = std::iter::once((Copy::Working, &mut doc.index, &mut doc.pages)).chain(
            doc.releases
                .iter_mut()
                .enumerate()
                .map(|(i, r)| (Copy::Release(i), &mut r.index, &mut r.pages)),
        );
        for (copy, index, pages) in copies {
            if kept.contains(&copy) {
                continue;
            }
            for page in std::iter::once(index).chain(pages.iter_mut()) {
                page.sources.values_mut().for_each(Source::forget_text);
            }
        }
    }
}

/// The id of a chapter's place on the print page: `chapter-01-setup`.
pub fn print_anchor(stem: &str) -> String {
    format!("chapter-{stem}")
}

/// The id prefix of a chapter on the print page: `chapter-01-setup-`.
pub fn print_prefix(stem: &str) -> String {
    format!("{}-", print_anchor(stem))
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
    let (_, pages) = pages_of(doc, copy);
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

/// What of each document is published.
pub fn plans(corpus: &Corpus, drafts: bool) -> Vec<Plan> {
    let listings = listings(corpus);
    corpus
        .documents
        .iter()
        .enumerate()
        .map(|(d, doc)| Plan::of(doc, listings[d], drafts))
        .collect()
}

/// Whether each document has sub-documents: a listing page, not released itself.
pub fn listings(corpus: &Corpus) -> Vec<bool> {
    children(corpus).iter().map(|c| !c.is_empty()).collect()
}

/// The sub-documents of each document, in corpus order.
pub fn children(corpus: &Corpus) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); corpus.documents.len()];
    for (c, doc) in corpus.documents.iter().enumerate() {
        if let Some(list) = doc.parent.and_then(|p| children.get_mut(p)) {
            list.push(c);
        }
    }
    children
}

/// The index and pages of one copy of a document.
pub fn pages_of(doc: &Document, copy: Copy) -> (&Page, &[Page]) {
    match copy {
        Copy::Working => (&doc.index, &doc.pages),
        Copy::Release(i) => (&doc.releases[i].index, &doc.releases[i].pages),
    }
}

/// A rendered site and what it left out.
pub struct Rendering {
    pub output: Output,
    /// Documents not published because they were never released (without `--drafts`).
    pub unpublished: Vec<String>,
}

/// Which documents a render covers.
#[derive(Debug, Clone)]
pub enum Which {
    All,
    Documents(std::collections::BTreeSet<usize>),
    Nothing,
}

impl Which {
    fn has(&self, d: usize) -> bool {
        match self {
            Which::All => true,
            Which::Documents(set) => set.contains(&d),
            Which::Nothing => false,
        }
    }
}

/// What to redo: the Markdown of which documents (the rest comes from the cache), and the
/// pages of which documents. A full build redoes everything; `serve` redoes what a change
/// touches.
#[derive(Debug, Clone)]
pub struct Scope {
    pub markdown: Which,
    pub pages: Which,
    /// Redo the Atom feeds (they list every release and notice: costly on a big site, and
    /// unchanged by most saves).
    pub feeds: bool,
    /// Redo the search index. It depends on the Markdown alone (texts, titles, URLs), so a
    /// template or Fluent change leaves it as it was.
    pub search: Reindex,
}

/// Whether a render redoes the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reindex {
    Yes,
    /// Only on a site small enough that it is cheap (after a save in `serve`; see
    /// `search::REBUILD_ON_EDIT_SECTIONS`).
    IfSmall,
    No,
}

impl Scope {
    pub const FULL: Scope = Scope {
        markdown: Which::All,
        pages: Which::All,
        feeds: true,
        search: Reindex::Yes,
    };
}

/// Renders what `scope` names, taking other documents' Markdown from `cache` and storing
/// what it renders there. With a partial scope the output holds only the files redone.
pub fn render_scoped(
    inputs: &Inputs,
    cache: &mut RenderedMarkdown,
    scope: &Scope,
) -> Result<Rendering, Vec<Error>> {
    render_into(inputs, cache, scope, &Sink::Memory)
}

/// Renders the Markdown that `scope` names into `cache` (other documents' Markdown is
/// taken from it as it is).
pub fn render_markdown_into(
    inputs: &Inputs,
    cache: &mut RenderedMarkdown,
    which: &Which,
) -> Result<(), Vec<Error>> {
    let Inputs { config, corpus, .. } = inputs;
    let links = LinkTable::new(corpus, &config.languages, &config.base_path);
    let plans = plans(corpus, inputs.drafts);
    let fresh = render_markdown(corpus, config, &links, &plans, which)?;
    cache.extend(fresh);
    Ok(())
}

/// What rendering the pages of one document in one language gave.
#[derive(Default)]
struct PagesDone {
    files: Vec<(String, Artifact)>,
    sitemap: Vec<sitemap::Entry>,
    errors: Vec<Error>,
}

/// As `render_scoped`, handing every file to `sink` as soon as it is rendered: the pages of
/// each document are built, rendered and stored in one parallel task, beside the feeds and
/// the search index, so no stage waits for another and no page waits in memory.
pub fn render_into(
    inputs: &Inputs,
    cache: &mut RenderedMarkdown,
    scope: &Scope,
    sink: &Sink,
) -> Result<Rendering, Vec<Error>> {
    let Inputs { config, corpus, .. } = inputs;
    let links = LinkTable::new(corpus, &config.languages, &config.base_path);
    let plans = plans(corpus, inputs.drafts);
    // The same link table and plans for the Markdown as for the pages: a save in `serve`
    // builds each once.
    cache.extend(render_markdown(
        corpus,
        config,
        &links,
        &plans,
        &scope.markdown,
    )?);
    let markdown = &*cache;
    let sites: BTreeMap<&Language, SiteContext> = config
        .languages
        .iter()
        .map(|l| site_context(inputs, l).map(|s| (l, s)))
        .collect::<Result<_, Vec<Error>>>()?;
    let shared: BTreeMap<&Language, SharedContext> = sites
        .iter()
        .map(|(&language, site)| {
            let context = SiteOnlyContext {
                lang: language.code(),
                site,
            };
            inputs.theme.shared(&context).map(|c| (language, c))
        })
        .collect::<Result<_, Error>>()
        .map_err(|e| vec![e])?;

    let children = children(corpus);
    let builder = PageBuilder {
        inputs,
        links: &links,
        markdown,
        plans: &plans,
        children: &children,
    };
    let full = matches!(scope.pages, Which::All);
    let store = |path: String, bytes: Vec<u8>, done: &mut PagesDone| match sink.store(&path, bytes)
    {
        Ok(artifact) => done.files.push((path, artifact)),
        Err(e) => done.errors.push(e),
    };
    let render_page = |job: &Job, done: &mut PagesDone| {
        let shared = &shared[job.language];
        if matches!(sink, Sink::Discard) {
            // Only its errors count: rendered into nothing rather than into bytes dropped.
            match inputs.theme.try_page(job.template, shared, &job.page) {
                Ok(()) => store(job.out_path.clone(), Vec::new(), done),
                Err(e) => done.errors.push(e),
            }
            return;
        }
        let size = job.page.content.len();
        match inputs
            .theme
            .render_page(job.template, shared, &job.page, size)
        {
            Ok(html) => store(job.out_path.clone(), html, done),
            Err(e) => done.errors.push(e),
        }
    };

    // Every (language, document) whose pages are redone: the unit of parallel work.
    let units: Vec<(&Language, usize)> = config
        .languages
        .iter()
        .flat_map(|l| (0..corpus.documents.len()).map(move |d| (l, d)))
        .filter(|&(_, d)| scope.pages.has(d))
        .collect();
    let pages = || -> Vec<PagesDone> {
        units
            .par_iter()
            .map(|&(language, d)| {
                let mut jobs = Vec::new();
                builder.document_jobs(d, language, &mut jobs);
                let mut done = PagesDone::default();
                for job in &jobs {
                    render_page(job, &mut done);
                    if job.primary {
                        done.sitemap.push(sitemap::Entry::of(&job.page));
                    }
                }
                done
            })
            .collect()
    };
    // The feeds, the site-wide pages and the search: small next to the pages, done on the
    // side.
    let others = || -> PagesDone {
        let mut done = PagesDone::default();
        let default = config.default_language();
        let site_only = SiteOnlyContext {
            lang: default.code(),
            site: &sites[default],
        };
        let site_pages: &[(&str, &str)] = if full {
            &[("root.html", "index.html"), ("404.html", "404.html")]
        } else {
            &[]
        };
        for &(template, path) in site_pages {
            match inputs.theme.render(template, &site_only) {
                Ok(html) => store(path.to_string(), html, &mut done),
                Err(e) => done.errors.push(e),
            }
        }
        for language in config.languages.iter().filter(|_| scope.feeds) {
            let context = feed::context(&builder, language, &sites[language]);
            match inputs.theme.render("feed.xml", &context) {
                Ok(xml) => store(format!("{}/feed.xml", language.code()), xml, &mut done),
                Err(e) => done.errors.push(e),
            }
        }
        for language in config.languages.iter().filter(|_| full) {
            match search::page_job(&builder, language) {
                Ok(job) => render_page(&job, &mut done),
                Err(e) => done.errors.push(e),
            }
        }
        // Search (src/search/): the index files beside each language's search page.
        let reindex = match scope.search {
            Reindex::Yes => true,
            Reindex::IfSmall => search::rebuild_on_edit(markdown),
            Reindex::No => false,
        };
        if reindex {
            let indexes: Vec<_> = config
                .languages
                .par_iter()
                .map(|language| {
                    let mut done = PagesDone::default();
                    let written = search::write_index(&builder, language, |path, bytes| {
                        store(path, bytes, &mut done)
                    });
                    if let Err(e) = written {
                        done.errors.push(e.into());
                    }
                    done
                })
                .collect();
            for index in indexes {
                done.files.extend(index.files);
                done.errors.extend(index.errors);
            }
        }
        done
    };
    let (pages, others) = rayon::join(pages, others);

    let mut output = Output::default();
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for done in pages.into_iter().chain([others]) {
        for (path, artifact) in done.files {
            output.insert(path, artifact);
        }
        entries.extend(done.sitemap);
        errors.extend(done.errors);
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.path().cmp(b.path()));
        errors.dedup_by(|a, b| a.to_string() == b.to_string());
        return Err(errors);
    }

    if !full {
        return Ok(Rendering {
            output,
            unpublished: Vec::new(),
        });
    }
    output.insert(
        "sitemap.xml".into(),
        Artifact::Bytes(sitemap::sitemap(&entries)),
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
    let unpublished = corpus
        .documents
        .iter()
        .zip(&plans)
        .filter(|(_, p)| p.current.is_none())
        .map(|(d, _)| d.dir.clone())
        .collect();
    Ok(Rendering {
        output,
        unpublished,
    })
}

/// The Markdown of every copy that is shown (current and archived), in parallel.
/// Broken links count only in the copy published at the document's URL: an old frozen
/// copy may point at a page that has since gone, and must not stop today's build.
fn render_markdown(
    corpus: &Corpus,
    config: &Config,
    links: &LinkTable,
    plans: &[Plan],
    which: &Which,
) -> Result<RenderedMarkdown, Vec<Error>> {
    let (all, errors) = markdown_of(corpus, config, links, plans, which, true);
    if errors.is_empty() {
        Ok(all)
    } else {
        Err(errors)
    }
}

/// The Markdown of every shown copy of the documents `which` names, with the link errors
/// of the published copies beside it (for `check`, which goes on after errors). `search`:
/// the published copies are cut into sections for the search index too.
pub fn markdown_of(
    corpus: &Corpus,
    config: &Config,
    links: &LinkTable,
    plans: &[Plan],
    which: &Which,
    search: bool,
) -> (RenderedMarkdown, Vec<Error>) {
    let mut work = Vec::new();
    // Per manual copy and language, the chapters its print page holds: every print copy of
    // that copy rewrites its links against the same list.
    let mut on_print_page: BTreeMap<(usize, Copy, &Language), PrintChapters> = BTreeMap::new();
    for (d, doc) in corpus
        .documents
        .iter()
        .enumerate()
        .filter(|(d, _)| which.has(*d))
    {
        let mut copies: Vec<Copy> = (0..doc.releases.len()).map(Copy::Release).collect();
        if plans[d].current == Some(Copy::Working) {
            copies.push(Copy::Working);
        }
        for copy in copies {
            let checked = plans[d].current == Some(copy);
            let (index, pages) = pages_of(doc, copy);
            let print_slots = std::iter::once((Slot::PrintFront, index))
                .chain(pages.iter().enumerate().map(|(i, p)| (Slot::Print(i), p)))
                .filter(|_| doc.kind == DocumentKind::Manual);
            let slots = std::iter::once((Slot::Index, index))
                .chain(pages.iter().enumerate().map(|(i, p)| (Slot::Page(i), p)))
                .chain(print_slots);
            for (slot, page) in slots {
                for language in &config.languages {
                    work.push((d, copy, slot, language, page, checked));
                }
            }
            if doc.kind == DocumentKind::Manual {
                for language in &config.languages {
                    let chapters = print_chapters(doc, copy, language, links);
                    on_print_page.insert((d, copy, language), chapters);
                }
            }
        }
    }
    let results: Vec<_> = work
        .into_par_iter()
        .map(|(d, copy, slot, language, page, checked)| {
            let source = page.source(language);
            let input = markdown::Input {
                body: source.body(),
                body_line: source.body_line,
                path: &source.path,
                dir: &page.dir,
                language,
                links,
                sections: search && checked && !slot.is_print(),
            };
            let (rendered, errors) = match slot {
                Slot::Print(_) | Slot::PrintFront => {
                    let id_prefix = match slot {
                        Slot::Print(_) => print_prefix(&page.stem),
                        _ => String::new(),
                    };
                    let print = markdown::PrintCopy {
                        id_prefix: &id_prefix,
                        chapters: on_print_page
                            .get(&(d, copy, language))
                            .map_or(&[], Vec::as_slice),
                    };
                    markdown::render_print(&input, print)
                }
                _ => markdown::render(&input),
            };
            // The print copy repeats the chapter: its link errors are the chapter's.
            let checked = checked && !slot.is_print();
            let errors = if checked { errors } else { Vec::new() };
            ((d, copy, slot, language.clone()), rendered, errors)
        })
        .collect();
    let mut all = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, rendered, mut e) in results {
        errors.append(&mut e);
        all.insert(key, rendered);
    }
    (all, errors)
}

fn site_context(inputs: &Inputs, language: &Language) -> Result<SiteContext, Vec<Error>> {
    let config = inputs.config;
    let languages = config
        .languages
        .iter()
        .map(|l| {
            Ok(LanguageLink {
                code: l.code().to_string(),
                name: language_name(inputs.locales, l)?,
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
        feed_url: format!("{}/{}/feed.xml", config.base_path, language.code()),
        search_url: Some(search::search_url(&config.base_path, language)),
    })
}

/// A language's name in itself, from the Fluent key `language-name`.
pub fn language_name(locales: &Locales, language: &Language) -> Result<String, Vec<Error>> {
    locales
        .message(language.code(), "language-name", None)
        .map_err(|message| {
            vec![Error::Fluent {
                path: Path::new(crate::load::locales::LOCALES_DIR).join(language.code()),
                line: 1,
                message,
            }]
        })
}
