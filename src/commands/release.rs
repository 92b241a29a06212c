//! `trustdocs release DOC`: cuts a revision of a document. It appends the entry to
//! `history.yaml` and freezes a copy of the document's pages under `releases/<version>/`,
//! or, when anything is wrong, writes nothing at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::load::config::Config;
use crate::load::content as corpus;
use crate::load::history;
use crate::model::content::{CONTENT_DIR, HISTORY_FILE, RELEASES_DIR};
use crate::model::version::Version;
use crate::plan::SitePlan;
use crate::plan::publication::is_releasable;
use crate::report::Report;

/// Which version the release gets.
#[derive(Debug, Clone, Copy)]
pub enum Bump {
    Minor,
    Major,
    Exactly(Version),
}

#[derive(Debug, Clone)]
pub struct ReleaseRequest {
    pub root: PathBuf,
    /// Document folder under `content/`, e.g. `security-guideline`.
    pub doc: String,
    pub bump: Bump,
    /// Overrides today's date in the site's time zone.
    pub date: Option<Date>,
    /// The present moment, whose date in the site's time zone is the release's date.
    pub now: jiff::Timestamp,
    /// Summary per language code.
    pub summaries: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Released {
    pub version: Version,
    pub date: Date,
    pub frozen: PathBuf,
    pub files: usize,
    pub history: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error("the site has errors; fix them before releasing:\n{0}")]
    Site(Report),
    #[error("{}: no such document (a folder with index.<lang>.md)", .0.display())]
    NoSuchDocument(PathBuf),
    #[error("{}: the home, notices and listing pages are not released; release a document", .0.display())]
    NotReleasable(PathBuf),
    #[error(
        "nothing changed since the last release ({0}): refusing to release the same text twice"
    )]
    NothingChanged(Version),
    #[error("no summary in {0}: give every language, e.g. --summary-{0} \"…\"")]
    MissingSummary(String),
    #[error("`{0}` is not a language of this site")]
    UnknownLanguage(String),
    #[error("version {version} must be greater than the last released version {last}")]
    VersionNotIncreasing { version: Version, last: Version },
    #[error("date {date} is before {last_date}, the date of the last release {last}")]
    DateBackwards {
        date: Date,
        last_date: Date,
        last: Version,
    },
    #[error("date {date} is in the future (today is {today} in {time_zone})")]
    DateInFuture {
        date: Date,
        today: Date,
        time_zone: String,
    },
    #[error("{}: already exists; refusing to overwrite a frozen release", .0.display())]
    AlreadyFrozen(PathBuf),
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Checks the request against the site and, only when everything is right, writes the
/// frozen copy and then the history (each by writing aside and renaming into place).
pub fn release(request: &ReleaseRequest) -> Result<Released, ReleaseError> {
    let root = request.root.as_path();
    let config = Config::load(root).map_err(|e| ReleaseError::Site(Report::of(&e)))?;
    let today = config.time_zone.to_datetime(request.now).date();
    let corpus = corpus::load(root, &config, today).map_err(|e| {
        let mut report = Report::default();
        report.add_errors(&e);
        ReleaseError::Site(report)
    })?;
    let doc_dir = request.doc.trim_matches('/');
    let shown_dir = Path::new(CONTENT_DIR).join(doc_dir);
    let (d, doc) = corpus
        .iter()
        .find(|(_, d)| d.dir == doc_dir)
        .ok_or_else(|| ReleaseError::NoSuchDocument(shown_dir.clone()))?;
    let plan = SitePlan::new(&corpus, &config, false);
    if !is_releasable(doc, plan.is_listing(d)) {
        return Err(ReleaseError::NotReleasable(shown_dir));
    }

    let last = doc.history.as_ref().and_then(|h| h.latest());
    let version = match (request.bump, last) {
        (Bump::Exactly(v), _) => v,
        (Bump::Minor, Some(last)) => last.version.next_minor(),
        (Bump::Major, Some(last)) => last.version.next_major(),
        (_, None) => Version { major: 1, minor: 0 },
    };
    if let Some(last) = last
        && version <= last.version
    {
        return Err(ReleaseError::VersionNotIncreasing {
            version,
            last: last.version,
        });
    }
    let date = request.date.unwrap_or(today);
    if date > today {
        return Err(ReleaseError::DateInFuture {
            date,
            today,
            time_zone: config.time_zone_name.clone(),
        });
    }
    if let Some(last) = last
        && date < last.date
    {
        return Err(ReleaseError::DateBackwards {
            date,
            last_date: last.date,
            last: last.version,
        });
    }

    let mut summary = BTreeMap::new();
    for code in request.summaries.keys() {
        if !config.languages.iter().any(|l| l.code() == code) {
            return Err(ReleaseError::UnknownLanguage(code.clone()));
        }
    }
    for language in &config.languages {
        match request.summaries.get(language.code()).map(|s| s.trim()) {
            Some(text) if !text.is_empty() => {
                summary.insert(language.clone(), text.to_string());
            }
            _ => return Err(ReleaseError::MissingSummary(language.code().to_string())),
        }
    }
    if let Some(frozen) = doc.latest_release()
        && !doc.has_unreleased_changes()
    {
        return Err(ReleaseError::NothingChanged(frozen.version));
    }

    let releases = shown_dir.join(RELEASES_DIR);
    let frozen = releases.join(version.to_string());
    if root.join(&frozen).exists() {
        return Err(ReleaseError::AlreadyFrozen(frozen));
    }
    let sources: Vec<(&Path, &str)> = std::iter::once(&doc.index)
        .chain(&doc.pages)
        .flat_map(|p| p.sources.values())
        .map(|s| (s.path.as_path(), s.raw.as_str()))
        .collect();
    freeze(root, &frozen, &sources)?;

    let history_path = shown_dir.join(HISTORY_FILE);
    if let Err(e) = append_history(
        root,
        &history_path,
        &history::entry_yaml(version, date, &summary),
    ) {
        let _ = std::fs::remove_dir_all(root.join(&frozen));
        return Err(e);
    }
    Ok(Released {
        version,
        date,
        frozen,
        files: sources.len(),
        history: history_path,
    })
}

/// Writes the pages into a hidden folder beside `frozen` and renames it into place.
fn freeze(root: &Path, frozen: &Path, sources: &[(&Path, &str)]) -> Result<(), ReleaseError> {
    let target = root.join(frozen);
    let name = frozen
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReleaseError::Write { path, source }
    };
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(write_error(frozen))?;
        for (path, text) in sources {
            let file = staging.join(path.file_name().unwrap_or_default());
            std::fs::write(&file, text).map_err(write_error(
                &frozen.join(path.file_name().unwrap_or_default()),
            ))?;
        }
        std::fs::rename(&staging, &target).map_err(write_error(frozen))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Appends an entry to `history.yaml`, keeping the writer's text (comments included) as it
/// is; the new file is written aside and renamed over the old one.
fn append_history(root: &Path, history_path: &Path, entry: &str) -> Result<(), ReleaseError> {
    let target = root.join(history_path);
    let mut text = match std::fs::read_to_string(&target) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ReleaseError::Write {
                path: history_path.to_path_buf(),
                source,
            });
        }
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(entry);
    let aside = target.with_file_name(format!(".{HISTORY_FILE}.tmp-{}", std::process::id()));
    let write_error = |source| ReleaseError::Write {
        path: history_path.to_path_buf(),
        source,
    };
    std::fs::write(&aside, text).map_err(write_error)?;
    std::fs::rename(&aside, &target).map_err(|e| {
        let _ = std::fs::remove_file(&aside);
        write_error(e)
    })
}
