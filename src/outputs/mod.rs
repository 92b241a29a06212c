//! The pages-and-outputs stage: the pages of the chosen documents rendered with the
//! theme's templates, and beside them the Atom feeds, the search index and the site-wide
//! files (the `/` language choice, 404, the search pages, sitemap, `robots.txt`, static
//! files and assets). Each file goes to the `Sink` as soon as it is made: the pages of each
//! document and language are built and rendered in one parallel task, beside the feeds and
//! the search index, so no stage waits for another and no page waits in memory.

mod security_txt;
pub mod sink;
mod subprocessors_json;
mod trust;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::load::theme::SharedContext;
use crate::model::content::{CONTENT_DIR, DocId};
use crate::model::language::Language;
use crate::model::urls;
use crate::pages::builder::{Job, PageBuilder};
use crate::pages::context::{SiteContext, SiteOnlyContext};
use crate::pages::{feed, sitemap};
use crate::plan::Documents;
use crate::report::error::Error;
use crate::search;
pub use sink::Sink;

/// Which outputs a render makes.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// The documents whose pages (every copy, every language) are rendered.
    pub documents: Documents,
    /// The Atom feeds (they list every release and notice: costly on a big site, and
    /// unchanged by most saves in `serve`).
    pub feeds: bool,
    /// The search index. It depends on the Markdown alone (texts, titles, URLs), so a
    /// template or Fluent change leaves it as it was; `check` builds none.
    pub search_index: bool,
    /// The site-wide files: `/`, 404, the search pages, sitemap, `robots.txt`, static
    /// files and assets. The sitemap lists every document's pages: only with
    /// `documents: All`.
    pub site_files: bool,
    /// What the trust data makes: the subprocessors pages and their feeds,
    /// `/subprocessors.json`, `/.well-known/security.txt`.
    pub trust: bool,
    /// The pages link to the PDFs of their copies, and the render lists the pages to print
    /// to them (`Produced::to_print`); the printing is the build's (`build --pdf`).
    pub pdfs: bool,
}

impl Outputs {
    /// Everything: what `build` writes.
    pub fn all() -> Outputs {
        Outputs {
            documents: Documents::All,
            feeds: true,
            search_index: true,
            site_files: true,
            trust: true,
            pdfs: false,
        }
    }
}

/// What a render made: the files it rendered (pages, feeds, the search index, the
/// sitemap), by output path; copied files are not listed.
#[derive(Debug, Default)]
pub struct Produced {
    pub rendered: Vec<String>,
    /// The pages to print to PDF, when the render links to PDFs (`Outputs::pdfs`), in the
    /// order of their files.
    pub to_print: Vec<ToPrint>,
}

/// A page to print to a PDF: the page's output file, URL and permalink (what its links in
/// the PDF are resolved against), and the PDF's output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToPrint {
    pub page_file: String,
    pub page_url: String,
    pub page_permalink: String,
    pub pdf_file: String,
}

impl Produced {
    /// Pages (HTML files) per language folder, for the build summary.
    pub fn pages_per_language(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for path in &self.rendered {
            if let Some((first, _)) = path.split_once('/')
                && path.ends_with(".html")
            {
                *counts.entry(first).or_insert(0) += 1;
            }
        }
        counts
    }
}

/// What rendering one part of the site gave.
#[derive(Default)]
struct Done {
    rendered: Vec<String>,
    to_print: Vec<ToPrint>,
    sitemap: Vec<sitemap::Entry>,
    errors: Vec<Error>,
}

impl Done {
    fn record(&mut self, path: String, result: Result<(), Error>) {
        match result {
            Ok(()) => self.rendered.push(path),
            Err(e) => self.errors.push(e),
        }
    }
}

/// Renders the outputs `outputs` names into `sink`. Every error found is returned.
pub fn render(
    builder: &PageBuilder,
    outputs: &Outputs,
    sink: &dyn Sink,
) -> Result<Produced, Vec<Error>> {
    let render = Render::new(builder, outputs, sink).map_err(|e| vec![e])?;
    let (pages, others) = rayon::join(|| render.documents(), || render.beside());
    let mut produced = Produced::default();
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for done in pages.into_iter().chain([others]) {
        produced.rendered.extend(done.rendered);
        produced.to_print.extend(done.to_print);
        entries.extend(done.sitemap);
        errors.extend(done.errors);
    }
    if errors.is_empty() && outputs.site_files {
        let done = render.site_files(&entries);
        produced.rendered.extend(done.rendered);
        errors.extend(done.errors);
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.path().cmp(b.path()));
        errors.dedup_by(|a, b| a.to_string() == b.to_string());
        return Err(errors);
    }
    produced
        .to_print
        .sort_by(|a, b| a.pdf_file.cmp(&b.pdf_file));
    Ok(produced)
}

/// One render: what it makes, where it goes, and the context every page of a language
/// shares (converted for the templates once).
struct Render<'r, 'b> {
    builder: &'r PageBuilder<'b>,
    outputs: &'r Outputs,
    sink: &'r dyn Sink,
    sites: BTreeMap<&'b Language, SiteContext>,
    shared: BTreeMap<&'b Language, SharedContext>,
}

impl<'r, 'b> Render<'r, 'b> {
    fn new(
        builder: &'r PageBuilder<'b>,
        outputs: &'r Outputs,
        sink: &'r dyn Sink,
    ) -> Result<Render<'r, 'b>, Error> {
        let site = builder.site;
        let sites: BTreeMap<&Language, SiteContext> = site
            .config
            .languages
            .iter()
            .map(|l| builder.site_context(l).map(|s| (l, s)))
            .collect::<Result<_, Error>>()?;
        let shared = sites
            .iter()
            .map(|(&language, site_context)| {
                let context = SiteOnlyContext {
                    lang: language.code(),
                    site: site_context,
                };
                site.theme.shared(&context).map(|c| (language, c))
            })
            .collect::<Result<_, Error>>()?;
        Ok(Render {
            builder,
            outputs,
            sink,
            sites,
            shared,
        })
    }

    fn page(&self, job: &Job, done: &mut Done) {
        let theme = &self.builder.site.theme;
        let shared = &self.shared[job.language];
        let result = self
            .sink
            .rendered(&job.out_path, job.page.content.len(), &mut |out| {
                theme.render_page_to(job.template(), shared, &job.page, out)
            });
        done.record(job.out_path.clone(), result);
    }

    /// The pages of the chosen documents: each (language, document) one unit of parallel
    /// work, whose pages are built, rendered and handed to the sink in turn.
    fn documents(&self) -> Vec<Done> {
        let site = self.builder.site;
        let units: Vec<(&Language, DocId)> = site
            .config
            .languages
            .iter()
            .flat_map(|l| site.corpus.ids().map(move |d| (l, d)))
            .filter(|&(_, d)| self.outputs.documents.has(d))
            .collect();
        units
            .par_iter()
            .map(|&(language, d)| {
                let mut jobs = Vec::new();
                self.builder.document_jobs(d, language, &mut jobs);
                let mut done = Done::default();
                for job in &jobs {
                    self.page(job, &mut done);
                    if let Some(pdf) = &job.pdf {
                        done.to_print.push(ToPrint {
                            page_file: job.out_path.clone(),
                            page_url: job.page.url.clone(),
                            page_permalink: job.page.permalink.clone(),
                            pdf_file: pdf.clone(),
                        });
                    }
                    if job.primary {
                        done.sitemap.push(sitemap::Entry::of(&job.page));
                    }
                }
                done
            })
            .collect()
    }

    /// What is made beside the pages: the `/` and 404 pages, the feeds, the search pages
    /// and the search index; small next to the pages.
    fn beside(&self) -> Done {
        let mut done = Done::default();
        let site = self.builder.site;
        let languages = &site.config.languages;
        let default = site.config.default_language();
        let site_only = SiteOnlyContext {
            lang: default.code(),
            site: &self.sites[default],
        };
        let site_pages: &[(&str, &str)] = if self.outputs.site_files {
            &[
                ("root.html", urls::ROOT_FILE),
                ("404.html", urls::NOT_FOUND_FILE),
            ]
        } else {
            &[]
        };
        for &(template, path) in site_pages {
            let result = self.sink.rendered(path, 0, &mut |out| {
                site.theme.render_to(template, &site_only, out)
            });
            done.record(path.to_string(), result);
        }
        for language in languages.iter().filter(|_| self.outputs.feeds) {
            let context = feed::context(self.builder, language, &self.sites[language]);
            let path = urls::feed_file(language);
            let result = self.sink.rendered(&path, 0, &mut |out| {
                site.theme.render_to("feed.xml", &context, out)
            });
            done.record(path, result);
        }
        if self.outputs.trust {
            self.trust(&mut done);
        }
        for language in languages.iter().filter(|_| self.outputs.site_files) {
            match search::page_job(self.builder, language) {
                Ok(job) => self.page(&job, &mut done),
                Err(e) => done.errors.push(e),
            }
        }
        if self.outputs.search_index {
            let indexes: Vec<Done> = languages
                .par_iter()
                .map(|language| self.search_index(language))
                .collect();
            for index in indexes {
                done.rendered.extend(index.rendered);
                done.errors.extend(index.errors);
            }
        }
        done
    }

    /// The index files beside a language's search page (`search/`).
    fn search_index(&self, language: &Language) -> Done {
        let mut done = Done::default();
        let written = search::write_index(self.builder, language, |path, bytes| {
            let result = self.sink.bytes(&path, bytes);
            done.record(path, result);
        });
        if let Err(e) = written {
            done.errors.push(e.into());
        }
        done
    }

    /// The sitemap of every primary page (`entries`), `robots.txt`, the theme's static
    /// files, the assets of `content/` and the files releases froze.
    fn site_files(&self, entries: &[sitemap::Entry]) -> Done {
        let mut done = Done::default();
        let site = self.builder.site;
        let made = [
            (urls::SITEMAP_FILE, sitemap::sitemap(entries)),
            (urls::ROBOTS_FILE, sitemap::robots(&self.builder.plan.urls)),
        ];
        for (path, bytes) in made {
            let result = self.sink.bytes(path, bytes);
            done.record(path.to_string(), result);
        }
        for file in &site.theme.static_files {
            let source = site.root.join(site.theme.static_path(file));
            if let Err(e) = self.sink.copy(&urls::static_file(file), source) {
                done.errors.push(e);
            }
        }
        for asset in &site.corpus.assets {
            let source = site.root.join(CONTENT_DIR).join(asset);
            if let Err(e) = self.sink.copy(asset, source) {
                done.errors.push(e);
            }
        }
        // The files releases froze, each version stored once.
        for (file, source) in self.builder.plan.assets.stored() {
            if let Err(e) = self.sink.copy(file, site.root.join(source)) {
                done.errors.push(e);
            }
        }
        done
    }
}
