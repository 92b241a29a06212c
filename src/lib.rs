//! trustdocs: a static site generator for a company's bilingual trust portal.
//!
//! The pipeline, in the order `build` runs it:
//!
//! ```text
//! site.yaml ─► Config
//! content/  ─► corpus::load ─► Corpus (documents × languages, assets)
//! locales/  ─► Locales (Fluent)      themes/ ─► Theme (Tera, parsed once)
//!           ─► render::render_markdown_into ─► check::validate
//!           ─► render::render_into ─► each page to a Sink as it is rendered:
//!              memory (serve) or a fresh folder, swapped in on success (build)
//! ```

pub mod allocator;
pub mod check;
pub mod config;
pub mod context;
pub mod corpus;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod fault;
pub mod feed;
pub mod freeze;
pub mod front_matter;
pub mod history;
pub mod language;
pub mod leftover;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod page_builder;
pub mod release;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod slug;
pub mod text_file;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use config::Config;
use error::{BuildErrors, Error};
use locale::Locales;
use output::Output;
use theme::Theme;

/// What a build reads, besides the files under `root`.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Serve under another address than `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// Publish working copies instead of released revisions.
    pub drafts: bool,
}

/// A rendered site, not yet written anywhere.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub output: Output,
    /// Problems that do not stop the build (what `check` reports as warnings).
    pub warnings: Vec<diagnostic::Diagnostic>,
    /// Documents left out because they were never released (build without `--drafts`).
    pub unpublished: Vec<String>,
    /// How long each stage took (wall time).
    pub stages: Vec<(&'static str, Duration)>,
}

/// Everything a render reads, loaded from disk.
pub struct Loaded {
    pub config: Config,
    pub corpus: corpus::Corpus,
    pub locales: Arc<Locales>,
    pub theme: Theme,
}

/// Loads config, content, UI strings and theme. Content, locales and theme are independent,
/// so all three are loaded and every problem of each is reported in one run.
pub fn load(options: &BuildOptions) -> Result<Loaded, BuildErrors> {
    let root = options.root.as_path();
    let config = load_config(root, options.base_url.as_deref())?;
    let (corpus, locales) = rayon::join(
        || corpus::load(root, &config),
        || Locales::load(root, &config),
    );
    let mut errors = Vec::new();
    let corpus = corpus.map_err(|mut e| errors.append(&mut e)).ok();
    let locales = locales
        .map(Arc::new)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    // With broken Fluent files the theme still loads, against no messages, so its own
    // errors are reported in the same run.
    let strings = locales
        .clone()
        .unwrap_or_else(|| Arc::new(Locales::empty()));
    let theme = Theme::load(root, &config, strings)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    match (corpus, locales, theme) {
        (Some(corpus), Some(locales), Some(theme)) => Ok(Loaded {
            config,
            corpus,
            locales,
            theme,
        }),
        _ => Err(BuildErrors::sorted(errors)),
    }
}

impl Loaded {
    pub fn inputs<'a>(&'a self, root: &'a Path, drafts: bool) -> render::Inputs<'a> {
        render::Inputs {
            root,
            config: &self.config,
            corpus: &self.corpus,
            theme: &self.theme,
            locales: &self.locales,
            drafts,
            diffs: None,
        }
    }
}

/// Loads and renders the whole site in memory. Every error found is returned, not just the
/// first; it fails on the same errors as `check`.
pub fn build(options: &BuildOptions) -> Result<Site, BuildErrors> {
    build_with(options, &output::Sink::Memory)
}

/// Builds the site into the folder `out`: each page is written into a fresh folder beside
/// it as soon as it is rendered, and the folder is swapped into place once the whole build
/// has succeeded. On any error `out` is left exactly as it was.
pub fn build_to(options: &BuildOptions, out: &Path) -> Result<Site, BuildErrors> {
    let destination = output::Destination::prepare(out).map_err(|e| BuildErrors(vec![e]))?;
    let mut site = build_with(options, &output::Sink::Disk(destination.staging()))?;
    let started = Instant::now();
    destination
        .commit(&site.output)
        .map_err(|e| BuildErrors(vec![e]))?;
    site.stages
        .push(("copies, swap, previous output removed", started.elapsed()));
    Ok(site)
}

fn build_with(options: &BuildOptions, sink: &output::Sink) -> Result<Site, BuildErrors> {
    let mut stages = Stages::default();
    let mut loaded = load(options)?;
    stages.done("load");
    let mut markdown = render::RenderedMarkdown::new();
    let inputs = loaded.inputs(&options.root, options.drafts);
    render::render_markdown_into(&inputs, &mut markdown, &render::Which::All)
        .map_err(BuildErrors::sorted)?;
    stages.done("Markdown");
    // The checks first, so a site that `check` rejects fails before any page is written.
    let (errors, warnings) = check::split(check::validate(
        &loaded,
        &options.root,
        &markdown,
        options.drafts,
    ));
    if !errors.is_empty() {
        return Err(BuildErrors(errors));
    }
    stages.done("checks");
    // What only the checks needed goes before the pages are rendered (memory at the peak),
    // and so does the text of the sources no page reads.
    for rendered in markdown.values_mut() {
        rendered.forget_check_data();
    }
    let plans = render::plans(&loaded.corpus, options.drafts);
    render::forget_unread_sources(&mut loaded.corpus, &plans);
    let inputs = loaded.inputs(&options.root, options.drafts);
    let scope = render::Scope {
        markdown: render::Which::Nothing,
        ..render::Scope::FULL
    };
    let rendering =
        render::render_into(&inputs, &mut markdown, &scope, sink).map_err(BuildErrors::sorted)?;
    stages.done("pages, feeds and search index");
    // Freeing the corpus and its Markdown (hundreds of thousands of strings on a big site)
    // is work nobody waits for: a thread does it while the caller goes on.
    let config = loaded.config.clone();
    std::thread::spawn(move || drop((loaded, markdown)));
    Ok(Site {
        config,
        output: rendering.output,
        warnings,
        unpublished: rendering.unpublished,
        stages: stages.0,
    })
}

/// Wall time of each stage of a build, for `--verbose`.
struct Stages(Vec<(&'static str, Duration)>, Instant);

impl Default for Stages {
    fn default() -> Stages {
        Stages(Vec::new(), Instant::now())
    }
}

impl Stages {
    fn done(&mut self, stage: &'static str) {
        self.0.push((stage, self.1.elapsed()));
        self.1 = Instant::now();
    }
}

fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Error> {
    let config = Config::load(root)?;
    match base_url {
        None => Ok(config),
        Some(url) => config.with_base_url(url).map_err(|problem| Error::Config {
            path: PathBuf::from("--base-url"),
            line: 1,
            problem,
        }),
    }
}
