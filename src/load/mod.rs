//! Loading, the first stage: the site's files read from disk and checked as they are parsed
//! (`site.yaml`, `content/` with front matter, histories and frozen releases, the Fluent
//! files, the theme's templates). The result is the model; nothing here renders.

pub mod config;
pub mod content;
pub mod countries;
pub mod data;
pub mod front_matter;
pub mod frozen_assets;
pub mod history;
pub mod locales;
pub mod releases;
pub mod reload;
pub mod search_file;
pub mod security_txt;
pub mod shortcode_templates;
pub mod text_file;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use crate::model::content::Corpus;
use crate::model::trust::TrustData;
use crate::report::error::Error;
use config::Config;
use locales::Locales;
use search_file::SearchFile;
use theme::Theme;

/// What a run reads besides the files under `root`: set by the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Serve under another address than `site.yaml`'s `base_url`.
    pub base_url: Option<String>,
    /// Publish working copies instead of released revisions.
    pub drafts: bool,
    /// The present moment: what "today" is in the site's time zone (no history may be
    /// dated after it). The command line takes it from the clock, or `TRUSTDOCS_NOW` /
    /// `SOURCE_DATE_EPOCH`; no stage reads the clock itself.
    pub now: jiff::Timestamp,
}

impl Options {
    /// The options of a run over the site at `root` at the moment `now`.
    pub fn new(root: impl Into<PathBuf>, now: jiff::Timestamp) -> Options {
        Options {
            root: root.into(),
            base_url: None,
            drafts: false,
            now,
        }
    }
}

/// Where a long-running command (`serve`) takes the present moment from, each time it
/// loads the site again: the system clock, or a moment fixed on the command line's
/// environment (`TRUSTDOCS_NOW`, `SOURCE_DATE_EPOCH`).
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(jiff::Timestamp),
}

impl Clock {
    pub fn now(&self) -> jiff::Timestamp {
        match self {
            Clock::System => jiff::Timestamp::now(),
            Clock::Fixed(now) => *now,
        }
    }
}

/// A loaded site: settings, content, UI strings and theme.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub corpus: Corpus,
    pub locales: Arc<Locales>,
    pub theme: Theme,
    /// `search.yaml`: the spellings search treats as one word.
    pub search_file: SearchFile,
    /// `data/`: subprocessors and certifications.
    pub trust: TrustData,
    /// Today in the site's time zone.
    pub today: Date,
}

/// What loaded of a site that may have problems: `check` examines all of it, a build only
/// a complete one.
pub struct Partial {
    pub root: PathBuf,
    pub config: Config,
    /// Pages that failed to parse or lack a language are left out (a document whose index
    /// is left out goes with it).
    pub corpus: Corpus,
    pub locales: Option<Arc<Locales>>,
    pub theme: Option<Theme>,
    /// `search.yaml` (no groups when it failed to load).
    pub search_file: SearchFile,
    /// The data files that loaded (one with errors is left out).
    pub trust: TrustData,
    pub today: Date,
}

impl Partial {
    /// The site, when its UI strings and theme loaded.
    pub fn complete(self) -> Option<Site> {
        Some(Site {
            locales: self.locales?,
            theme: self.theme?,
            root: self.root,
            config: self.config,
            corpus: self.corpus,
            search_file: self.search_file,
            trust: self.trust,
            today: self.today,
        })
    }
}

/// Loads settings, content, UI strings and theme. Content, locales and theme are
/// independent, so all three are loaded and every problem of each is reported in one run;
/// only a `site.yaml` that cannot be used stops the load at once.
pub fn load(options: &Options) -> Result<(Partial, Vec<Error>), Error> {
    let root = options.root.as_path();
    let config = load_config(root, options.base_url.as_deref())?;
    let today = config.time_zone.to_datetime(options.now).date();
    let ((corpus, mut errors), locales) = rayon::join(
        || content::load_partial(root, &config, today),
        || Locales::load(root, &config),
    );
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
    let search_file = search_file::load(root)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let (trust, mut data_errors) = data::load(root, &config.languages);
    errors.append(&mut data_errors);
    let partial = Partial {
        search_file,
        root: root.to_path_buf(),
        config,
        corpus,
        locales,
        theme,
        trust,
        today,
    };
    Ok((partial, errors))
}

/// `site.yaml`, with `--base-url` in place of its `base_url` when given.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Error> {
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

/// The entries of the folder `shown` (relative to `root`), or none with the error that
/// names it added to `errors`.
pub(super) fn read_dir(
    root: &Path,
    shown: &Path,
    errors: &mut Vec<Error>,
) -> Option<std::fs::ReadDir> {
    match std::fs::read_dir(root.join(shown)) {
        Ok(entries) => Some(entries),
        Err(source) => {
            errors.push(Error::Read {
                path: shown.to_path_buf(),
                source,
            });
            None
        }
    }
}

/// Hidden files and editors' temporary and swap files (vim probes with `4913`): never
/// part of a site, wherever they are.
pub fn is_ignored(name: &str) -> bool {
    name == "4913"
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}
