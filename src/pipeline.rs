//! The order of the stages, in one place:
//!
//! ```text
//! load ─► plan ─► Markdown ─► checks ─► pages and outputs ─► sink
//!                                                   └─► PDFs (`build --pdf`) ─► sink
//! ```
//!
//! `build` and `check` both run `run`; they differ in which outputs they ask for, where
//! the files go, whether an error stops the run before the next stage (`build` never
//! writes a page of a site it would refuse) or the run goes on to find everything
//! (`check`), and what is checked: `check` also renders and checks the working copies,
//! as `build --drafts` would publish them (`CheckOptions`).
//! `serve` keeps the results of the stages between saves and calls them itself, for the
//! documents a save touched (`serve::live_site`).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::check::{self, CheckOptions, Scope, Subject};
use crate::load::{self, Options};
use crate::markdown;
use crate::model::content::Copy;
use crate::outputs::{self, Outputs, Produced, Sink};
use crate::pages::builder::PageBuilder;
use crate::pages::diff::DiffMemo;
use crate::pdf::{self, PrintOptions};
use crate::plan::{Documents, SitePlan};
use crate::report::Report;
use crate::write::{Destination, Discard, Memory, Output};

/// What to do when a stage finds errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    /// Stop before the next stage (`build`).
    Stop,
    /// Go on with what loaded, to report every problem in one run (`check`).
    Continue,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Ran {
    /// Every problem found: errors and warnings.
    pub report: Report,
    /// The files the last stage made, when it ran.
    pub produced: Option<Produced>,
    /// Documents left out because they were never released (a build without `--drafts`).
    pub unpublished: Vec<String>,
    /// Documents published at their latest release whose working copies changed since
    /// (a build without `--drafts`).
    pub unreleased: Vec<String>,
    /// The languages of the site, in order (for a build's summary).
    pub languages: Vec<String>,
    /// `` or `/portal`: what the URL of every page starts with.
    pub base_path: String,
    /// How long each stage took (wall time), for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Runs every stage over the site of `options`, handing the `outputs` asked for to `sink`;
/// `checks` says what is checked beyond what `build` publishes.
pub fn run(
    options: &Options,
    outputs: &Outputs,
    sink: &dyn Sink,
    on_error: OnError,
    checks: &CheckOptions,
) -> Ran {
    let mut ran = Ran::default();
    let mut clock = Instant::now();
    let mut stage = |ran: &mut Ran, name: &'static str| {
        ran.stages.push((name, clock.elapsed()));
        clock = Instant::now();
        on_error == OnError::Stop && ran.report.has_errors()
    };

    let (partial, errors) = match load::load(options) {
        Ok(loaded) => loaded,
        Err(e) => {
            ran.report = Report::of(&e);
            return ran;
        }
    };
    ran.report.add_errors(&errors);
    ran.languages = partial
        .config
        .languages
        .iter()
        .map(|l| l.to_string())
        .collect();
    if stage(&mut ran, "load") {
        return ran;
    }

    let plan = SitePlan::new(&partial.corpus, &partial.config, options.drafts);
    ran.base_path = plan.urls.base_path().to_string();
    let languages = &partial.config.languages;
    // What `build --drafts` would publish, for the working copies `check` examines too.
    let drafts = (checks.working_copies && !options.drafts)
        .then(|| SitePlan::new(&partial.corpus, &partial.config, true));
    let shortcodes = markdown::shortcodes::Shortcodes::of_partial(&partial, &plan.urls);
    let markdown = match &drafts {
        None => markdown::stage::render(
            &partial.corpus,
            languages,
            &plan,
            &Documents::All,
            outputs.search_index,
            shortcodes.as_ref(),
        ),
        Some(_) => markdown::stage::render_with_working_copies(
            &partial.corpus,
            languages,
            &plan,
            &Documents::All,
            shortcodes.as_ref(),
        ),
    };
    ran.report.add_errors(&markdown.errors);
    if stage(&mut ran, "Markdown") {
        return ran;
    }

    let scope = Scope {
        drafts: drafts.as_ref(),
        external: checks.external.as_ref(),
    };
    let subject = Subject {
        root: &options.root,
        config: &partial.config,
        corpus: &partial.corpus,
        plan: &plan,
        facts: &markdown.facts,
        search_file: &partial.search_file,
        strings: partial.theme.as_ref().zip(partial.locales.as_deref()),
        trust: &partial.trust,
        today: partial.today,
    };
    ran.report.add(check::validate_with(&subject, &scope));
    if drafts.is_some() {
        ran.report
            .rework(|found| check::copies::mark_working_copies(found, &partial.corpus, &plan));
    }
    // What only the checks read goes before the pages are rendered: memory at the peak.
    drop(markdown.facts);
    if stage(&mut ran, "checks") {
        return ran;
    }

    ran.unpublished = plan
        .unpublished(&partial.corpus)
        .iter()
        .map(|doc| doc.dir.clone())
        .collect();
    ran.unreleased = plan
        .unreleased_changes(&partial.corpus)
        .iter()
        .map(|doc| doc.dir.clone())
        .collect();
    let Some(site) = partial.complete() else {
        return ran;
    };
    // `check` renders the archived revisions again with the drafts plan: their diffs are
    // made once for both renders.
    let memo = drafts.as_ref().map(|_| DiffMemo::default());
    let builder = PageBuilder {
        site: &site,
        plan: &plan,
        markdown: &markdown.rendered,
        diffs: memo.as_ref(),
        pdfs: outputs.pdfs,
    };
    match outputs::render(&builder, outputs, sink) {
        Ok(produced) => ran.produced = Some(produced),
        Err(errors) => ran.report.add_errors(&errors),
    }
    if let Some(drafts) = &drafts
        && let Err(errors) = render_working_copies(&builder, drafts, sink)
    {
        ran.report.add_errors(&errors);
    }
    stage(&mut ran, "pages, feeds and search index");
    // Freeing the corpus and its Markdown (hundreds of thousands of strings on a big site)
    // is work nobody waits for: a thread does it while the caller goes on.
    let rendered = markdown.rendered;
    std::thread::spawn(move || drop((site, plan, rendered)));
    ran
}

/// For `check`: the pages of the working copies with unreleased changes (and of the
/// documents never released), rendered as `build --drafts` renders them, so that a
/// template error met only there fails `check` too. A working copy the same as its latest
/// release renders as that release does, which `builder` rendered already.
fn render_working_copies(
    builder: &PageBuilder,
    drafts: &SitePlan,
    sink: &dyn Sink,
) -> Result<Produced, Vec<crate::report::Error>> {
    let plan = builder.plan;
    let working = builder
        .site
        .corpus
        .ids()
        .filter(|d| plan.current(*d) != Some(Copy::Working) && drafts.publication(*d).draft)
        .collect();
    let pages = Outputs {
        documents: Documents::Only(working),
        feeds: false,
        search_index: false,
        site_files: false,
        trust: false,
        pdfs: false,
    };
    let builder = PageBuilder {
        plan: drafts,
        ..*builder
    };
    outputs::render(&builder, &pages, sink)
}

/// A built site.
#[derive(Debug)]
pub struct Built {
    /// The warnings of the checks (errors fail the build).
    pub warnings: Report,
    pub produced: Produced,
    pub unpublished: Vec<String>,
    pub unreleased: Vec<String>,
    pub languages: Vec<String>,
    pub base_path: String,
    pub stages: Vec<(&'static str, Duration)>,
}

impl Ran {
    /// The run as a build: failed when anything was an error.
    fn built(self) -> Result<Built, Report> {
        if self.report.has_errors() {
            return Err(self.report.only_errors());
        }
        Ok(Built {
            warnings: self.report,
            produced: self.produced.unwrap_or_default(),
            unpublished: self.unpublished,
            unreleased: self.unreleased,
            languages: self.languages,
            base_path: self.base_path,
            stages: self.stages,
        })
    }
}

/// `trustdocs build`: builds the site into the folder `out`. Each file is written into a
/// fresh folder beside it as soon as it is made, and that folder is swapped into place once
/// the whole build has succeeded; on any error `out` is left exactly as it was.
pub fn build_to(options: &Options, out: &Path) -> Result<Built, Report> {
    build_into(options, out, None)
}

/// `trustdocs build --pdf`: `build_to`, and a PDF of every revision of each document
/// printed from the pages just written (`pdf`), into the same staging folder: a PDF that
/// cannot be printed fails the build and leaves `out` as it was.
pub fn build_with_pdfs(
    options: &Options,
    out: &Path,
    print: &PrintOptions,
) -> Result<Built, Report> {
    build_into(options, out, Some(print))
}

fn build_into(
    options: &Options,
    out: &Path,
    print: Option<&PrintOptions>,
) -> Result<Built, Report> {
    let destination = Destination::prepare(out).map_err(|e| Report::of(&e))?;
    let outputs = Outputs {
        pdfs: print.is_some(),
        ..Outputs::all()
    };
    let mut built = run(
        options,
        &outputs,
        destination.staging(),
        OnError::Stop,
        &CheckOptions::default(),
    )
    .built()?;
    if let Some(print) = print {
        let started = Instant::now();
        let staging = destination.staging();
        pdf::print_all(
            staging.dir(),
            &built.base_path,
            &built.produced.to_print,
            print,
            out,
            |file, bytes| staging.write(file, &bytes),
        )
        .map_err(|e| Report::of(&e))?;
        built.stages.push(("PDFs", started.elapsed()));
    }
    let started = Instant::now();
    destination.commit().map_err(|e| Report::of(&e))?;
    built
        .stages
        .push(("swap, previous output removed", started.elapsed()));
    Ok(built)
}

/// Builds the whole site in memory (tests, tools). It fails on the same errors as `check`.
pub fn build(options: &Options) -> Result<(Built, Output), Report> {
    let memory = Memory::default();
    let built = run(
        options,
        &Outputs::all(),
        &memory,
        OnError::Stop,
        &CheckOptions::default(),
    )
    .built()?;
    Ok((built, memory.into_output()))
}

/// `trustdocs check`: every problem of the site in one run, sorted by file and line. A
/// broken page does not hide the problems of the others: what loads is examined, and every
/// page is rendered (into nothing) so that template errors show. `checks` adds the working
/// copies and the external links.
pub fn check(options: &Options, checks: &CheckOptions) -> Report {
    let outputs = Outputs {
        // Made of strings and numbers: nothing in it can be wrong.
        search_index: false,
        ..Outputs::all()
    };
    run(options, &outputs, &Discard, OnError::Continue, checks).report
}
