//! The site as `serve` keeps it: loaded sources, theme and UI strings, the Markdown cache,
//! and the rendered files that the HTTP side reads. A change redoes only what it touches:
//! an edited page re-renders its document (both languages) and the pages that list it; a
//! template or locale change re-renders pages without re-reading Markdown; a static file is
//! read straight from disk when requested; `site.yaml` or a new or removed file reloads all.

use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use crate::load::locales::Locales;
use crate::load::theme::Theme;
use crate::model::content::DocumentKind;
use crate::outputs::{self, Reindex, RenderedMarkdown, Scope, Which};
use crate::pages::diff::DiffMemo;
use crate::report::error::{BuildErrors, Error};
use crate::serve::change::ChangeKind;
use crate::write::{Artifact, Output};
use crate::{BuildOptions, Loaded};

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
    pub errors: Option<BuildErrors>,
    /// The errors are the checks' (see `LiveSite::check`): the pages as saved are served.
    pub checks_only: bool,
}

/// The pages browsers asked for last (output paths, newest first): after a template or
/// Fluent edit they are rendered and reloaded before the rest of the site, as Hugo's fast
/// render does, so the page a writer looks at updates first.
#[derive(Default)]
pub struct Visited(Mutex<VecDeque<String>>);

/// Pages `Visited` remembers.
const VISITED: usize = 8;

impl Visited {
    pub fn record(&self, path: &str) {
        let mut pages = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if pages.front().is_some_and(|p| p == path) {
            return;
        }
        pages.retain(|p| p != path);
        pages.push_front(path.to_string());
        pages.truncate(VISITED);
    }

    pub fn pages(&self) -> Vec<String> {
        let pages = self.0.lock().unwrap_or_else(|p| p.into_inner());
        pages.iter().cloned().collect()
    }
}

pub struct LiveSite {
    options: BuildOptions,
    loaded: Option<Loaded>,
    cache: RenderedMarkdown,
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
    pub fn new(options: BuildOptions, served: Served) -> (LiveSite, Outcome) {
        let mut site = LiveSite {
            options,
            loaded: None,
            cache: RenderedMarkdown::new(),
            diffs: DiffMemo::default(),
            served,
            unchecked: false,
        };
        let outcome = site.reload_all();
        (site, outcome)
    }

    pub fn theme_name(&self) -> Option<&str> {
        self.loaded.as_ref().map(|l| l.config.theme.as_str())
    }

    fn root(&self) -> PathBuf {
        self.options.root.clone()
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
        let relevant: Vec<&ChangeKind> = changes
            .iter()
            .filter(|c| **c != ChangeKind::Ignored)
            .collect();
        if relevant.is_empty() {
            return Outcome::default();
        }
        if self.loaded.is_none() || relevant.iter().any(|c| **c == ChangeKind::Config) {
            return self.reload_all();
        }
        let css: Vec<String> = relevant
            .iter()
            .filter_map(|c| match c {
                ChangeKind::Static(file) if file.ends_with(".css") => {
                    Some(format!("static/{file}"))
                }
                _ => None,
            })
            .collect();
        let other_static = relevant
            .iter()
            .any(|c| matches!(c, ChangeKind::Static(file) if !file.ends_with(".css")));
        let locale = relevant.iter().any(|c| **c == ChangeKind::Locale);
        let template = relevant.iter().any(|c| **c == ChangeKind::Template);
        let content: Vec<PathBuf> = relevant
            .iter()
            .filter_map(|c| match c {
                ChangeKind::Content(path) => Some(path.clone()),
                _ => None,
            })
            .collect();

        // Content first: an edit of a known page updates it in place; anything else
        // (a new, removed or renamed file, a history, a frozen copy, an asset) reloads.
        let mut touched = BTreeSet::new();
        let mut retitled = BTreeSet::new();
        let mut feeds = false;
        if !content.is_empty() {
            let root = self.root();
            let Some(loaded) = self.loaded.as_mut() else {
                return self.reload_all();
            };
            for path in &content {
                if path.extension().is_none_or(|e| e != "md") {
                    return self.reload_all();
                }
                match loaded.corpus.reload_source(&root, path) {
                    Ok(Some(reloaded)) => {
                        touched.insert(reloaded.document);
                        feeds |= reloaded.in_feeds;
                        if reloaded.retitled {
                            retitled.insert(reloaded.document);
                        }
                    }
                    Ok(None) => return self.reload_all(),
                    Err(e) => return self.failed(BuildErrors(vec![e])),
                }
            }
        }
        if locale || template {
            let root = self.root();
            let Some(loaded) = self.loaded.as_mut() else {
                return self.reload_all();
            };
            if locale {
                match Locales::load(&root, &loaded.config) {
                    Ok(l) => loaded.locales = Arc::new(l),
                    Err(e) => return self.failed(BuildErrors::sorted(e)),
                }
            }
            match Theme::load(&root, &loaded.config, loaded.locales.clone()) {
                Ok(theme) => loaded.theme = theme,
                Err(e) => return self.failed(BuildErrors::sorted(e)),
            }
        }

        let mut outcome = if locale || template {
            let (mut markdown, search) = if touched.is_empty() {
                (Which::Nothing, Reindex::No)
            } else {
                (Which::Documents(touched), Reindex::IfSmall)
            };
            let first = self.documents_of(visited);
            if !first.is_empty() {
                let outcome = self.rerender(&Scope {
                    markdown,
                    pages: Which::Documents(first),
                    feeds: false,
                    search: Reindex::No,
                });
                if outcome.errors.is_some() {
                    return outcome;
                }
                early(&outcome);
                markdown = Which::Nothing;
            }
            self.rerender(&Scope {
                markdown,
                pages: Which::All,
                feeds: true,
                search,
            })
        } else if !touched.is_empty() {
            let mut pages = self.listing_pages(&touched);
            pages.extend(self.documents_under(&retitled));
            self.rerender(&Scope {
                markdown: Which::Documents(touched),
                pages: Which::Documents(pages),
                feeds,
                search: Reindex::IfSmall,
            })
        } else {
            Outcome::default()
        };
        if outcome.errors.is_none() {
            outcome.css = css;
            outcome.all |= other_static;
        }
        outcome
    }

    /// The documents whose pages (any copy, any language) are at these output paths.
    fn documents_of(&self, paths: &[String]) -> BTreeSet<usize> {
        let Some(loaded) = &self.loaded else {
            return BTreeSet::new();
        };
        let docs = &loaded.corpus.documents;
        let languages = &loaded.config.languages;
        paths
            .iter()
            .filter_map(|path| {
                let (code, rest) = path.split_once('/')?;
                languages.iter().find(|l| l.code() == code)?;
                // The document whose folder is the longest start of the path.
                docs.iter()
                    .enumerate()
                    .map(|(d, doc)| (d, doc.index.rel_url()))
                    .filter(|(_, rel)| rest.starts_with(rel.as_str()))
                    .max_by_key(|(_, rel)| rel.len())
                    .map(|(d, _)| d)
            })
            .collect()
    }

    /// The documents inside any of `retitled` (at any depth): their breadcrumbs show the
    /// titles of the documents enclosing them.
    fn documents_under(&self, retitled: &BTreeSet<usize>) -> BTreeSet<usize> {
        let Some(loaded) = &self.loaded else {
            return BTreeSet::new();
        };
        let docs = &loaded.corpus.documents;
        (0..docs.len())
            .filter(|&d| {
                let mut parent = docs[d].parent;
                while let Some(p) = parent {
                    if retitled.contains(&p) {
                        return true;
                    }
                    parent = docs[p].parent;
                }
                false
            })
            .collect()
    }

    /// The documents whose pages show something of `touched`: themselves, the documents
    /// enclosing them (which list their titles), and the home (latest notices).
    fn listing_pages(&self, touched: &BTreeSet<usize>) -> BTreeSet<usize> {
        let mut pages = touched.clone();
        let Some(loaded) = &self.loaded else {
            return pages;
        };
        let docs = &loaded.corpus.documents;
        for &d in touched {
            let mut parent = docs[d].parent;
            while let Some(p) = parent {
                pages.insert(p);
                parent = docs[p].parent;
            }
        }
        pages.extend(
            docs.iter()
                .enumerate()
                .filter(|(_, d)| d.kind == DocumentKind::Home)
                .map(|(i, _)| i),
        );
        pages
    }

    fn reload_all(&mut self) -> Outcome {
        match crate::load(&self.options) {
            Ok(loaded) => {
                self.loaded = Some(loaded);
                self.cache.clear();
                let mut outcome = self.rerender(&Scope::FULL);
                outcome.all = outcome.errors.is_none();
                outcome
            }
            Err(errors) => self.failed(errors),
        }
    }

    fn rerender(&mut self, scope: &Scope) -> Outcome {
        let Some(loaded) = &self.loaded else {
            return Outcome::default();
        };
        let inputs = outputs::Inputs {
            diffs: Some(&self.diffs),
            ..loaded.inputs(&self.options.root, self.options.drafts)
        };
        let rendering = match outputs::render_scoped(&inputs, &mut self.cache, scope) {
            Ok(r) => r,
            Err(errors) => return self.failed(BuildErrors::sorted(errors)),
        };
        let full = matches!(scope.pages, Which::All);
        // Not after the viewed pages of a template edit, which changes no link: the whole
        // site's render comes right after.
        let unchecked = full || !matches!(scope.markdown, Which::Nothing);
        let mut output = rendering.output;
        // A full render that did not redo the search index keeps the one served.
        let keep_index = full && !output.files.keys().any(|p| is_search_index(p));
        let kept = |path: &str| keep_index && is_search_index(path);
        // Compared under the read lock, so pages stay served meanwhile.
        let changed: Vec<String> = {
            let served = self.served.read().unwrap_or_else(|p| p.into_inner());
            let mut changed: Vec<String> = output
                .files
                .iter()
                .filter(|(path, new)| !same(served.files.get(*path), new))
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
        drop(served);
        self.unchecked |= unchecked;
        Outcome {
            changed,
            ..Outcome::default()
        }
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
        let loaded = self.loaded.as_ref()?;
        let diagnostics =
            crate::check::validate(loaded, &self.options.root, &self.cache, self.options.drafts);
        let (errors, _) = crate::check::split(diagnostics);
        self.unchecked = !errors.is_empty();
        (!errors.is_empty()).then(|| Outcome {
            errors: Some(BuildErrors(errors)),
            checks_only: true,
            ..Outcome::default()
        })
    }

    fn failed(&mut self, errors: BuildErrors) -> Outcome {
        Outcome {
            errors: Some(errors),
            ..Outcome::default()
        }
    }
}

/// A file of a language's search index (`ja/search/p/3.bin`), not its search page.
fn is_search_index(path: &str) -> bool {
    let mut parts = path.splitn(3, '/');
    parts.next();
    parts.next() == Some(crate::search::SEARCH_DIR)
        && parts.next().is_some_and(|rest| rest != "index.html")
}

fn same(old: Option<&Artifact>, new: &Artifact) -> bool {
    match (old, new) {
        (Some(Artifact::Bytes(a)), Artifact::Bytes(b)) => a == b,
        (Some(Artifact::Copy(a)), Artifact::Copy(b)) => a == b,
        _ => false,
    }
}

/// The errors as JSON for the browser overlay: file, line and message of each.
pub fn errors_json(errors: &BuildErrors) -> String {
    let list: Vec<serde_json::Value> = errors
        .0
        .iter()
        .map(|e: &Error| {
            serde_json::json!({
                "file": e.path().display().to_string(),
                "line": e.line(),
                "message": e.message(),
            })
        })
        .collect();
    serde_json::json!({ "errors": list }).to_string()
}
