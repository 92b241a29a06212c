//! The site as `serve` keeps it between saves: the results of the stages (the loaded site,
//! its plan, the rendered Markdown and its facts) and the rendered files the HTTP side
//! reads. A save redoes only what it touches, by calling the stages of `pipeline` for the
//! documents concerned: an edited page re-renders its document (both languages) and the
//! pages that list it; a template or locale change re-renders pages without re-reading
//! Markdown; a static file is read straight from disk when requested; `site.yaml` or a new
//! or removed file reloads all.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::check::{self, Subject};
use crate::load::locales::Locales;
use crate::load::theme::Theme;
use crate::load::{self, Clock, Options, Site};
use crate::markdown;
use crate::markdown::shortcodes::Shortcodes;
use crate::markdown::stage::{RenderedMarkdown, SiteFacts};
use crate::model::content::{DocId, DocumentKind};
use crate::model::urls;
use crate::outputs::{self, Outputs};
use crate::pages::builder::PageBuilder;
use crate::pages::diff::DiffMemo;
use crate::plan::{Documents, SitePlan};
use crate::report::Report;
use crate::search;
use crate::serve::change::{ChangeKind, Changes};
use crate::write::{Memory, Output};

/// What the HTTP side serves: the last good output.
pub type Served = Arc<RwLock<Output>>;

/// What a rebuild changed, for the live-reload event.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Output files whose bytes changed.
    pub changed: Vec<String>,
    /// Stylesheets changed (swapped without a reload).
    pub css: Vec<String>,
    /// Everything may have changed (a full reload).
    pub all: bool,
    pub errors: Option<Report>,
    /// The errors are the checks' (see `LiveSite::check`): the pages as saved are served.
    pub checks_only: bool,
}

impl Outcome {
    fn failed(errors: Report) -> Outcome {
        Outcome {
            errors: Some(errors),
            ..Outcome::default()
        }
    }
}

/// The results of the stages, kept between saves.
struct State {
    site: Site,
    plan: SitePlan,
    rendered: RenderedMarkdown,
    facts: SiteFacts,
}

pub struct LiveSite {
    options: Options,
    /// Where "today" comes from: read again at every full reload (a preview runs for days).
    clock: Clock,
    state: Option<State>,
    /// Diffs of earlier rebuilds: the "what changed" pages of a big site are costly to
    /// diff again on every template edit.
    diffs: DiffMemo,
    served: Served,
    /// A rebuild since the last `check` may have changed what the checks find, or the
    /// last `check` found errors (any later outcome, even a swapped stylesheet, clears the
    /// overlay: they are sent again after it).
    unchecked: bool,
}

impl LiveSite {
    pub fn new(options: Options, clock: Clock, served: Served) -> (LiveSite, Outcome) {
        let mut site = LiveSite {
            options,
            clock,
            state: None,
            diffs: DiffMemo::default(),
            served,
            unchecked: false,
        };
        let outcome = site.reload_all();
        (site, outcome)
    }

    pub fn theme_name(&self) -> Option<&str> {
        self.state.as_ref().map(|s| s.site.config.theme.as_str())
    }

    /// Applies a batch of changes (one debounced burst of file events). After a template
    /// or Fluent change the documents of the `visited` pages are rendered first and handed
    /// to `early` before the whole site is.
    pub fn apply(
        &mut self,
        changes: &[ChangeKind],
        visited: &[String],
        early: &mut dyn FnMut(&Outcome),
    ) -> Outcome {
        let changes = Changes::sort(changes);
        if changes.is_empty() {
            return Outcome::default();
        }
        if self.state.is_none() || changes.config {
            return self.reload_all();
        }
        if changes.data {
            // With anything else in the same burst, everything is reloaded.
            let only_data = Changes {
                data: false,
                ..Changes::default()
            } == Changes {
                data: false,
                ..changes
            };
            return if only_data {
                self.reload_data()
            } else {
                self.reload_all()
            };
        }
        // Content first: an edit of a known page updates it in place; anything else (a
        // new, removed or renamed file, a history, a frozen copy, an asset) reloads.
        let touched = match self.reload_pages(&changes.content) {
            Ok(Some(touched)) => touched,
            Ok(None) => return self.reload_all(),
            Err(errors) => return Outcome::failed(errors),
        };
        if (changes.locale || changes.template)
            && let Err(errors) = self.reload_strings(changes.locale)
        {
            return Outcome::failed(errors);
        }
        let edited = Documents::Only(touched.documents.clone());
        if let Err(errors) = self.markdown(&edited) {
            return Outcome::failed(errors);
        }
        let search_index = !touched.documents.is_empty() && self.small_index();
        let mut outcome = if changes.locale || changes.template {
            let first = self.documents_of(visited);
            if !first.is_empty() {
                let outcome = self.render(&Outputs {
                    documents: Documents::Only(first),
                    feeds: false,
                    search_index: false,
                    site_files: false,
                    trust: false,
                    pdfs: false,
                });
                if outcome.errors.is_some() {
                    return outcome;
                }
                early(&outcome);
            }
            self.render(&Outputs {
                search_index,
                ..Outputs::all()
            })
        } else if !touched.documents.is_empty() {
            let mut pages = self.listing_pages(&touched.documents);
            pages.extend(self.documents_under(&touched.retitled));
            self.render(&Outputs {
                documents: Documents::Only(pages),
                feeds: touched.in_feeds,
                search_index,
                site_files: false,
                trust: false,
                pdfs: false,
            })
        } else {
            Outcome::default()
        };
        // Edited Markdown may change what links find; edited templates or strings, which
        // Fluent keys are used. Only a stylesheet or another static file changes neither.
        self.unchecked |= !touched.documents.is_empty() || changes.locale || changes.template;
        if outcome.errors.is_none() {
            outcome.css = changes.css;
            outcome.all |= changes.other_static;
        }
        outcome
    }

    /// Re-reads the edited pages. `None`: an edit that changes the site's structure (or a
    /// file that is not a known page), for which everything is reloaded.
    fn reload_pages(&mut self, paths: &[PathBuf]) -> Result<Option<Touched>, Report> {
        let mut touched = Touched::default();
        let Some(state) = self.state.as_mut() else {
            return Ok(None);
        };
        for path in paths {
            if path.extension().is_none_or(|e| e != "md") {
                return Ok(None);
            }
            match state.site.corpus.reload_source(&self.options.root, path) {
                Ok(Some(reloaded)) => {
                    touched.documents.insert(reloaded.document);
                    touched.in_feeds |= reloaded.in_feeds;
                    if reloaded.retitled {
                        touched.retitled.insert(reloaded.document);
                    }
                }
                Ok(None) => return Ok(None),
                Err(e) => return Err(Report::of(&e)),
            }
        }
        if !touched.documents.is_empty() {
            // What is a draft may have changed with the text.
            let site = &state.site;
            state.plan = SitePlan::new(&site.corpus, &site.config, self.options.drafts);
        }
        Ok(Some(touched))
    }

    /// Reads the data files again and renders what shows them: the pages with shortcodes
    /// (their Markdown again, every copy), the subprocessors pages, the feeds, the JSON
    /// export and `security.txt`. A broken file keeps the last good pages served and shows
    /// its errors.
    fn reload_data(&mut self) -> Outcome {
        let Some(state) = self.state.as_mut() else {
            return self.reload_all();
        };
        let site = &mut state.site;
        let (trust, errors) = crate::load::data::load(&self.options.root, &site.config.languages);
        if !errors.is_empty() {
            return Outcome::failed(report_of(&errors));
        }
        site.trust = trust;
        let showing: BTreeSet<DocId> = state
            .rendered
            .iter()
            .filter(|(_, rendered)| rendered.shortcodes)
            .map(|((d, ..), _)| *d)
            .collect();
        let documents = Documents::Only(showing);
        if let Err(errors) = self.markdown(&documents) {
            return Outcome::failed(errors);
        }
        let search_index = self.small_index();
        self.unchecked = true;
        self.render(&Outputs {
            documents,
            feeds: true,
            search_index,
            site_files: false,
            trust: true,
            pdfs: false,
        })
    }

    /// Loads the Fluent files again (when they changed) and the theme.
    fn reload_strings(&mut self, locale: bool) -> Result<(), Report> {
        let root = &self.options.root;
        let Some(state) = self.state.as_mut() else {
            return Ok(());
        };
        let site = &mut state.site;
        if locale {
            let locales = Locales::load(root, &site.config).map_err(|e| report_of(&e))?;
            site.locales = Arc::new(locales);
        }
        site.theme =
            Theme::load(root, &site.config, site.locales.clone()).map_err(|e| report_of(&e))?;
        Ok(())
    }

    /// Renders the Markdown of `which` into the kept results.
    fn markdown(&mut self, which: &Documents) -> Result<(), Report> {
        let Some(state) = self.state.as_mut() else {
            return Ok(());
        };
        if *which == Documents::Only(BTreeSet::new()) {
            return Ok(());
        }
        let site = &state.site;
        let shortcodes = Shortcodes::of_site(site, &state.plan.urls);
        let fresh = markdown::stage::render(
            &site.corpus,
            &site.config.languages,
            &state.plan,
            which,
            true,
            Some(&shortcodes),
        );
        if !fresh.errors.is_empty() {
            return Err(report_of(&fresh.errors));
        }
        state.rendered.extend(fresh.rendered);
        state.facts.extend(fresh.facts);
        Ok(())
    }

    /// Whether the search index is small enough to rebuild after a save.
    fn small_index(&self) -> bool {
        self.state
            .as_ref()
            .is_some_and(|s| search::rebuild_on_edit(&s.rendered))
    }

    /// The documents whose pages (any copy, any language) are at these output paths.
    fn documents_of(&self, paths: &[String]) -> BTreeSet<DocId> {
        let Some(state) = &self.state else {
            return BTreeSet::new();
        };
        let corpus = &state.site.corpus;
        let languages = &state.site.config.languages;
        paths
            .iter()
            .filter_map(|path| {
                let (code, rest) = path.split_once('/')?;
                languages.iter().find(|l| l.code() == code)?;
                // The document whose folder is the longest start of the path.
                corpus
                    .iter()
                    .map(|(d, doc)| (d, doc.index.rel_url()))
                    .filter(|(_, rel)| rest.starts_with(rel.as_str()))
                    .max_by_key(|(_, rel)| rel.len())
                    .map(|(d, _)| d)
            })
            .collect()
    }

    /// The documents inside any of `retitled` (at any depth): their breadcrumbs show the
    /// titles of the documents enclosing them.
    fn documents_under(&self, retitled: &BTreeSet<DocId>) -> BTreeSet<DocId> {
        let Some(state) = &self.state else {
            return BTreeSet::new();
        };
        let corpus = &state.site.corpus;
        corpus
            .ids()
            .filter(|&d| corpus.ancestors(d).any(|p| retitled.contains(&p)))
            .collect()
    }

    /// The documents whose pages show something of `touched`: themselves, the documents
    /// enclosing them (which list their titles), and the home (latest notices).
    fn listing_pages(&self, touched: &BTreeSet<DocId>) -> BTreeSet<DocId> {
        let mut pages = touched.clone();
        let Some(state) = &self.state else {
            return pages;
        };
        let corpus = &state.site.corpus;
        for &d in touched {
            pages.extend(corpus.ancestors(d));
        }
        pages.extend(
            corpus
                .iter()
                .filter(|(_, doc)| doc.kind == DocumentKind::Home)
                .map(|(d, _)| d),
        );
        pages
    }

    fn reload_all(&mut self) -> Outcome {
        self.options.now = self.clock.now();
        self.state = None;
        let (partial, errors) = match load::load(&self.options) {
            Ok(loaded) => loaded,
            Err(e) => return Outcome::failed(Report::of(&e)),
        };
        if !errors.is_empty() {
            return Outcome::failed(report_of(&errors));
        }
        let Some(site) = partial.complete() else {
            return Outcome::failed(Report::default());
        };
        let plan = SitePlan::new(&site.corpus, &site.config, self.options.drafts);
        self.state = Some(State {
            site,
            plan,
            rendered: RenderedMarkdown::new(),
            facts: SiteFacts::new(),
        });
        if let Err(errors) = self.markdown(&Documents::All) {
            self.state = None;
            return Outcome::failed(errors);
        }
        let mut outcome = self.render(&Outputs::all());
        outcome.all = outcome.errors.is_none();
        self.unchecked = true;
        outcome
    }

    /// Renders `outputs` into memory and puts what changed in place of what is served.
    fn render(&mut self, outputs: &Outputs) -> Outcome {
        let Some(state) = &self.state else {
            return Outcome::default();
        };
        let builder = PageBuilder {
            site: &state.site,
            plan: &state.plan,
            markdown: &state.rendered,
            diffs: Some(&self.diffs),
            pdfs: false,
        };
        let memory = Memory::default();
        if let Err(errors) = outputs::render(&builder, outputs, &memory) {
            return Outcome::failed(report_of(&errors));
        }
        let output = memory.into_output();
        let changed = self.serve(output, outputs);
        Outcome {
            changed,
            ..Outcome::default()
        }
    }

    /// Serves a render's files (all of them, or in place of the files they redo) and
    /// returns the output paths whose bytes changed.
    fn serve(&self, mut output: Output, outputs: &Outputs) -> Vec<String> {
        let full = outputs.documents == Documents::All && outputs.site_files;
        // A full render that did not redo the search index keeps the one served.
        let kept = |path: &str| full && !outputs.search_index && urls::is_search_index_file(path);
        // Compared under the read lock, so pages stay served meanwhile.
        let changed: Vec<String> = {
            let served = self.served.read().unwrap_or_else(|p| p.into_inner());
            let mut changed: Vec<String> = output
                .files
                .iter()
                .filter(|(path, new)| served.files.get(*path) != Some(*new))
                .map(|(path, _)| path.clone())
                .collect();
            if full {
                changed.extend(
                    served
                        .files
                        .keys()
                        .filter(|p| !output.files.contains_key(*p) && !kept(p))
                        .cloned(),
                );
            }
            changed
        };
        let mut served = self.served.write().unwrap_or_else(|p| p.into_inner());
        if full {
            // Moved, not copied: the index of a big site is megabytes.
            for (path, artifact) in std::mem::take(&mut served.files) {
                if kept(&path) {
                    output.files.insert(path, artifact);
                }
            }
            *served = output;
        } else {
            served.files.extend(output.files);
        }
        changed
    }

    /// The checks `build` runs before writing (links and their `#anchors` across the whole
    /// site, histories against frozen copies), over the site as served, when a rebuild
    /// since the last call may have changed what they find. Called once the rebuild's
    /// pages are served and announced, so that they never delay a reload (at 10,000
    /// documents they take some 80 ms); what they find comes back as an outcome with
    /// errors, for the overlay.
    pub fn check(&mut self) -> Option<Outcome> {
        if !std::mem::take(&mut self.unchecked) {
            return None;
        }
        let state = self.state.as_ref()?;
        let site = &state.site;
        let found = check::validate(&Subject {
            root: &site.root,
            config: &site.config,
            corpus: &site.corpus,
            plan: &state.plan,
            facts: &state.facts,
            search_file: &site.search_file,
            strings: Some((&site.theme, &site.locales)),
            trust: &site.trust,
            today: site.today,
        });
        let mut report = Report::default();
        report.add(found);
        let errors = report.only_errors();
        self.unchecked = !errors.is_empty();
        (!errors.is_empty()).then(|| Outcome {
            errors: Some(errors),
            checks_only: true,
            ..Outcome::default()
        })
    }
}

/// What a save of known pages touched.
#[derive(Default)]
struct Touched {
    documents: BTreeSet<DocId>,
    /// Documents whose title changed: the breadcrumbs below them show it.
    retitled: BTreeSet<DocId>,
    /// The feeds may show the change (a notice, or a document's title).
    in_feeds: bool,
}

fn report_of(errors: &[crate::report::Error]) -> Report {
    let mut report = Report::default();
    report.add_errors(errors);
    report
}

/// The errors as JSON for the browser overlay: file, line and message of each.
pub fn errors_json(errors: &Report) -> String {
    let list: Vec<serde_json::Value> = errors
        .errors()
        .map(|d| {
            serde_json::json!({
                "file": d.file,
                "line": d.line,
                "message": d.message,
            })
        })
        .collect();
    serde_json::json!({ "errors": list }).to_string()
}
