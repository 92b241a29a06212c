//! `trustdocs release DOC`: cuts a revision of a document. It appends the entry to
//! `history.yaml` and freezes a copy of the document's pages under `releases/<version>/`,
//! with the document's own files its pages link to (images, downloads) beside them, or,
//! when anything is wrong, writes nothing at all. How the two reach the disk all or
//! nothing, even when the process is killed, is `freeze`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::commands::freeze;
use crate::load::config::Config;
use crate::load::content as corpus;
use crate::load::history;
use crate::model::content::{CONTENT_DIR, Document, HISTORY_FILE, RELEASES_DIR};
use crate::model::language::Language;
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
    /// The request repeated the last release exactly: nothing was written.
    pub already: bool,
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
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    History(crate::report::Error),
    #[error("{}: does not hold the history entry of {version}", path.display())]
    BadPending { path: PathBuf, version: Version },
    #[error(
        "{}: frozen, but its history entry could not be written ({reason}) nor the frozen copy taken back; once that is fixed, `trustdocs build`, `check` or `release` finishes the release (or remove the folder to give it up)",
        frozen.display()
    )]
    Unfinished { frozen: PathBuf, reason: String },
}

/// Checks the request against the site and, only when everything is right, writes the
/// frozen copy and the history entry (`freeze::write`). A request that repeats the last
/// release exactly (a retry of a release that was interrupted and has since been finished)
/// succeeds with `Released::already` set and writes nothing.
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
        if let Some(done) = already_released(request, doc, &summary, &shown_dir) {
            return Ok(done);
        }
        return Err(ReleaseError::NothingChanged(frozen.version));
    }

    let frozen = shown_dir.join(RELEASES_DIR).join(version.to_string());
    if root.join(&frozen).exists() {
        return Err(ReleaseError::AlreadyFrozen(frozen));
    }
    let sources = sources_of(doc);
    let own = own_files(doc, &plan, &config.languages);
    let assets: Vec<(&Path, &str)> = own.iter().map(|(s, r)| (s.as_path(), r.as_str())).collect();
    let frozen = freeze::write(
        root,
        &shown_dir,
        version,
        &freeze::Frozen {
            pages: &sources,
            files: &assets,
        },
        &history::entry_yaml(version, date, &summary),
    )?;
    Ok(Released {
        version,
        date,
        frozen,
        files: sources.len() + assets.len(),
        history: shown_dir.join(HISTORY_FILE),
        already: false,
    })
}

/// The document's own files that its working pages link to (in any language), to freeze
/// with them: (path relative to the site root, path under the document's folder), in
/// path order. A file outside the document's folder is not its own and stays as it is.
fn own_files(doc: &Document, plan: &SitePlan, languages: &[Language]) -> Vec<(PathBuf, String)> {
    let prefix = format!("{}/", doc.dir);
    let mut files = std::collections::BTreeSet::new();
    for page in std::iter::once(&doc.index).chain(&doc.pages) {
        for language in languages {
            let input = crate::markdown::Input::page(page, language, &plan.links);
            let (rendered, _) = crate::markdown::render(&input);
            for (_, target) in rendered.facts.assets {
                let Some(own) = target.strip_prefix(&prefix) else {
                    continue;
                };
                if own.split('/').next() != Some(RELEASES_DIR) {
                    files.insert((Path::new(CONTENT_DIR).join(&target), own.to_string()));
                }
            }
        }
    }
    files.into_iter().collect()
}

/// The working pages of a document: (path, text).
fn sources_of(doc: &Document) -> Vec<(&Path, &str)> {
    std::iter::once(&doc.index)
        .chain(&doc.pages)
        .flat_map(|p| p.sources.values())
        .map(|s| (s.path.as_path(), s.raw.as_str()))
        .collect()
}

/// The last release, when `request` asks for exactly it again: its version is the one the
/// request gives after the revision before it, its summaries are the ones asked for, and
/// so is its date, when one is asked for. Running a release again after it was interrupted
/// (and finished since) then succeeds instead of refusing "nothing changed".
fn already_released(
    request: &ReleaseRequest,
    doc: &Document,
    summary: &BTreeMap<Language, String>,
    shown_dir: &Path,
) -> Option<Released> {
    let revisions = &doc.history.as_ref()?.revisions;
    let (last, before) = revisions.split_last()?;
    let frozen = doc.latest_release()?;
    let expected = match (request.bump, before.last()) {
        (Bump::Exactly(v), _) => v,
        (Bump::Minor, Some(previous)) => previous.version.next_minor(),
        (Bump::Major, Some(previous)) => previous.version.next_major(),
        (_, None) => Version { major: 1, minor: 0 },
    };
    let same = frozen.version == last.version
        && last.version == expected
        && last.summary == *summary
        && request.date.is_none_or(|d| d == last.date);
    same.then(|| Released {
        version: last.version,
        date: last.date,
        frozen: shown_dir.join(RELEASES_DIR).join(last.version.to_string()),
        files: sources_of(doc).len() + frozen.assets.len(),
        history: shown_dir.join(HISTORY_FILE),
        already: true,
    })
}
