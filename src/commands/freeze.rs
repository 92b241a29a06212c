//! How a release reaches the disk all or nothing, and how what a killed release left is
//! finished or rolled back. Not for deciding whether to release: that is `release`.
//!
//! A release writes two things, the frozen copy `releases/<version>/` and the entry in
//! `history.yaml`, and no single rename can put both in place. So the frozen copy carries
//! the entry with it:
//!
//! 1. The pages are written into a staging folder `releases/.<version>.new-<pid>/`, locked
//!    while the process lives (see `leftover`), its first file `.trustdocs-release`: the
//!    history entry still to append. Killed here, nothing is released: the next run removes
//!    the staging folder (rolled back).
//! 2. **The commit point**: one rename puts the staging folder at `releases/<version>/`.
//!    From here the release happens. Killed after it, `releases/<version>/` exists with
//!    `.trustdocs-release` inside and `history.yaml` does not list it yet: the next
//!    `build`, `check` or `release` appends the entry (finished).
//! 3. The new history is written aside (inside the frozen folder) and renamed over
//!    `history.yaml`; then `.trustdocs-release` is removed.
//!
//! Everything is flushed to disk (`fsync`) before the rename that depends on it, so a
//! power cut, too, leaves one of these states.

use std::fmt;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::commands::release::ReleaseError;
use crate::fault;
use crate::model::content::{CONTENT_DIR, HISTORY_FILE, PENDING_ENTRY, RELEASES_DIR};
use crate::model::version::Version;
use crate::write::leftover;

/// The new history, written inside the frozen folder before it is renamed over
/// `history.yaml`.
const HISTORY_ASIDE: &str = ".history.yaml.new";

/// What a release freezes.
pub struct Frozen<'a> {
    /// The pages: (path, text); each is written at the top of the frozen folder.
    pub pages: &'a [(&'a Path, &'a str)],
    /// The document's own files its pages link to: (path relative to the site root, path
    /// under the document's folder, which it keeps in the frozen folder).
    pub files: &'a [(&'a Path, &'a str)],
}

/// Writes the release of `version` of the document in `doc_dir` (`content/…`, relative to
/// `root`): what `frozen` names, and `entry` appended to its history. On an error nothing
/// is left; returns the frozen folder.
pub fn write(
    root: &Path,
    doc_dir: &Path,
    version: Version,
    frozen_copy: &Frozen,
    entry: &str,
) -> Result<PathBuf, ReleaseError> {
    let releases = doc_dir.join(RELEASES_DIR);
    let frozen = releases.join(version.to_string());
    let made_releases = !root.join(&releases).exists();
    let staging = releases.join(format!(".{version}.new-{}", std::process::id()));
    let lock = stage(root, &staging, &frozen, version, frozen_copy, entry).inspect_err(|_| {
        leftover::remove(&root.join(&staging), PENDING_ENTRY);
        if made_releases {
            let _ = std::fs::remove_dir(root.join(&releases));
        }
    })?;
    fault::step("frozen copy complete beside its place");
    std::fs::rename(root.join(&staging), root.join(&frozen)).map_err(|source| {
        leftover::remove(&root.join(&staging), PENDING_ENTRY);
        ReleaseError::Write {
            path: frozen.clone(),
            source,
        }
    })?;
    sync_dir(&root.join(&releases));
    fault::step("frozen copy in place (the commit point)");
    if let Err(e) = append_entry(root, doc_dir, version) {
        // Still alive to undo it: the frozen copy goes back to a staging name and away.
        let back = std::fs::rename(root.join(&frozen), root.join(&staging));
        if back.is_ok() {
            leftover::remove(&root.join(&staging), PENDING_ENTRY);
            if made_releases {
                let _ = std::fs::remove_dir(root.join(&releases));
            }
            return Err(e);
        }
        return Err(ReleaseError::Unfinished {
            frozen,
            reason: e.to_string(),
        });
    }
    drop_pending(root, &frozen);
    drop(lock);
    Ok(frozen)
}

/// Step 1: the staging folder with the pending entry, the pages and the files, flushed to
/// disk.
fn stage(
    root: &Path,
    staging: &Path,
    frozen: &Path,
    version: Version,
    frozen_copy: &Frozen,
    entry: &str,
) -> Result<leftover::Lock, ReleaseError> {
    let error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReleaseError::Write { path, source }
    };
    let dir = root.join(staging);
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).map_err(error(frozen))?;
    }
    std::fs::create_dir(&dir).map_err(error(frozen))?;
    fault::step("release staging folder created");
    let lock = leftover::lock(&dir);
    fault::step("release staging folder locked");
    let pending = format!(
        "# trustdocs: release {version} by process {}. Until history.yaml lists {version},\n\
         # the entry below is still to be appended to it: `trustdocs build`, `check` or\n\
         # `release` does that, should this release have been interrupted.\n{entry}",
        std::process::id(),
    );
    write_synced(&dir.join(PENDING_ENTRY), pending.as_bytes())
        .map_err(error(&frozen.join(PENDING_ENTRY)))?;
    fault::step("pending history entry written");
    for (path, text) in frozen_copy.pages {
        let name = path.file_name().unwrap_or_default();
        write_synced(&dir.join(name), text.as_bytes()).map_err(error(&frozen.join(name)))?;
        fault::step("a frozen page written");
    }
    let mut folders = Vec::new();
    for (source, rel) in frozen_copy.files {
        let target = dir.join(rel);
        let shown = frozen.join(rel);
        if let Some(parent) = target.parent()
            && !parent.is_dir()
        {
            std::fs::create_dir_all(parent).map_err(error(&shown))?;
            folders.push(parent.to_path_buf());
        }
        let bytes =
            std::fs::read(root.join(source)).map_err(|source_error| ReleaseError::Read {
                path: source.to_path_buf(),
                source: source_error,
            })?;
        write_synced(&target, &bytes).map_err(error(&shown))?;
        fault::step("a frozen file written");
    }
    // Deepest first, so that each folder's entry in its parent is flushed after it.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders
        .iter()
        .flat_map(|f| f.ancestors())
        .filter(|f| f.starts_with(&dir))
    {
        sync_dir(folder);
    }
    sync_dir(&dir);
    Ok(lock)
}

/// Step 3: appends the pending entry of the frozen `version` to the document's history,
/// unless the history already lists it (a run killed after the rename, before the
/// pending entry went). The caller holds the frozen folder's lock.
fn append_entry(root: &Path, doc_dir: &Path, version: Version) -> Result<(), ReleaseError> {
    let frozen = doc_dir.join(RELEASES_DIR).join(version.to_string());
    let pending_path = frozen.join(PENDING_ENTRY);
    let pending =
        std::fs::read_to_string(root.join(&pending_path)).map_err(|source| ReleaseError::Read {
            path: pending_path.clone(),
            source,
        })?;
    let entry = entry_of(&pending);
    if listed(&entry, &pending_path)? != [version.to_string()] {
        return Err(ReleaseError::BadPending {
            path: pending_path,
            version,
        });
    }
    let history_path = doc_dir.join(HISTORY_FILE);
    let mut text = match std::fs::read_to_string(root.join(&history_path)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(ReleaseError::Read {
                path: history_path,
                source,
            });
        }
    };
    if listed(&text, &history_path)?.contains(&version.to_string()) {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&entry);
    let aside = root.join(&frozen).join(HISTORY_ASIDE);
    let write_error = |source| ReleaseError::Write {
        path: history_path.clone(),
        source,
    };
    write_synced(&aside, text.as_bytes()).map_err(write_error)?;
    fault::step("new history written aside");
    std::fs::rename(&aside, root.join(&history_path)).map_err(|e| {
        let _ = std::fs::remove_file(&aside);
        write_error(e)
    })?;
    sync_dir(&root.join(doc_dir));
    fault::step("history.yaml replaced");
    Ok(())
}

/// The last step: the frozen folder loses its pending entry. Should that fail, the next
/// run finds the history listing the version and removes it then.
fn drop_pending(root: &Path, frozen: &Path) {
    let dir = root.join(frozen);
    let _ = std::fs::remove_file(dir.join(HISTORY_ASIDE));
    if std::fs::remove_file(dir.join(PENDING_ENTRY)).is_ok() {
        sync_dir(&dir);
    }
    fault::step("pending entry removed");
}

/// The history entry in a pending file: its lines after the comment.
fn entry_of(pending: &str) -> String {
    pending
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The process that wrote a pending file, from its first line.
fn pid_of(pending: &str) -> Option<u32> {
    let first = pending.lines().next()?;
    let after = first.split(" by process ").nth(1)?;
    after.split('.').next()?.parse().ok()
}

/// The versions a history text lists, as written; only as much of it is read as that
/// needs (the rest is `check`'s business).
fn listed(text: &str, path: &Path) -> Result<Vec<String>, ReleaseError> {
    #[derive(Deserialize)]
    struct Listed {
        version: Option<serde_json::Value>,
    }
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let entries: Vec<Listed> =
        crate::load::yaml::from_str(text, 1, path).map_err(ReleaseError::History)?;
    Ok(entries
        .into_iter()
        .filter_map(|e| match e.version? {
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        })
        .collect())
}

/// What `recover` did with one leftover of an interrupted release.
#[derive(Debug)]
pub struct Recovery {
    /// The document, as `trustdocs release` names it (`security-guideline`).
    pub doc: String,
    pub version: String,
    pub outcome: Outcome,
}

#[derive(Debug)]
pub enum Outcome {
    /// Killed after its commit point: the history now lists it.
    Finished { history: PathBuf },
    /// Killed before its commit point: its staging folder is gone, nothing was released.
    RolledBack { staging: PathBuf },
    /// Another process is releasing it right now.
    Running { frozen: PathBuf },
    /// Needs a person: what is wrong.
    Stuck {
        frozen: PathBuf,
        problem: ReleaseError,
    },
}

impl Recovery {
    /// Whether a person has to act (the command should say so as an error).
    pub fn is_problem(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Running { .. } | Outcome::Stuck { .. }
        )
    }
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Recovery { doc, version, .. } = self;
        match &self.outcome {
            Outcome::Finished { history } => write!(
                f,
                "finished the interrupted release of {doc} {version}: {} now lists it",
                history.display()
            ),
            Outcome::RolledBack { staging } => write!(
                f,
                "rolled back the interrupted release of {doc} {version}, which had not reached \
                 its commit point: removed {}",
                staging.display()
            ),
            Outcome::Running { frozen } => write!(
                f,
                "{}: a release of {doc} {version} is running in another process; run this \
                 again once it is done",
                frozen.display()
            ),
            Outcome::Stuck { frozen, problem } => write!(
                f,
                "{}: the interrupted release of {doc} {version} cannot be finished: {problem}; \
                 fix that and run this again, or remove {} to give the release up",
                frozen.display(),
                frozen.display()
            ),
        }
    }
}

/// Finds what interrupted releases left under `content/` of the site at `root` and
/// finishes (after the commit point) or rolls back (before it) each; leaves alone what a
/// running release holds. One `Recovery` for each.
pub fn recover(root: &Path) -> Vec<Recovery> {
    let mut releases = find_releases(root, Path::new(CONTENT_DIR));
    releases.sort();
    let mut done = Vec::new();
    for releases_dir in releases {
        let Some(doc_dir) = releases_dir.parent() else {
            continue;
        };
        let doc = doc_dir
            .strip_prefix(CONTENT_DIR)
            .unwrap_or(doc_dir)
            .to_string_lossy()
            .into_owned();
        let Ok(entries) = std::fs::read_dir(root.join(&releases_dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut rolled_back = false;
        for name in names {
            let rel = releases_dir.join(&name);
            let path = root.join(&rel);
            if let Some((version, pid)) = staging_name(&name) {
                if leftover::claim(&path, Some(pid), PENDING_ENTRY).is_some() {
                    leftover::remove(&path, PENDING_ENTRY);
                    rolled_back = true;
                    done.push(Recovery {
                        doc: doc.clone(),
                        version: version.to_string(),
                        outcome: Outcome::RolledBack { staging: rel },
                    });
                }
                continue;
            }
            let Ok(version) = name.parse::<Version>() else {
                continue;
            };
            let Ok(pending) = std::fs::read_to_string(path.join(PENDING_ENTRY)) else {
                continue;
            };
            let outcome = match leftover::claim(&path, pid_of(&pending), PENDING_ENTRY) {
                None => Outcome::Running { frozen: rel },
                Some(_claim) => match append_entry(root, doc_dir, version) {
                    Ok(()) => {
                        drop_pending(root, &rel);
                        Outcome::Finished {
                            history: doc_dir.join(HISTORY_FILE),
                        }
                    }
                    Err(problem) => Outcome::Stuck {
                        frozen: rel,
                        problem,
                    },
                },
            };
            done.push(Recovery {
                doc: doc.clone(),
                version: version.to_string(),
                outcome,
            });
        }
        if rolled_back {
            // Made by the release that was rolled back, when it was the document's first.
            let _ = std::fs::remove_dir(root.join(&releases_dir));
        }
    }
    done
}

/// `releases` folders under `dir` (relative to `root`), never following a link. Every
/// folder of `content/` is listed (as the load of the site lists them again): sub-folders
/// in parallel, since on a site of thousands of documents that is thousands of listings.
fn find_releases(root: &Path, dir: &Path) -> Vec<PathBuf> {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if name == RELEASES_DIR {
            found.push(dir.join(name));
        } else {
            folders.push(dir.join(name));
        }
    }
    found.par_extend(
        folders
            .par_iter()
            .flat_map_iter(|folder| find_releases(root, folder)),
    );
    found
}

/// The version and process of a release staging folder's name, `.<version>.new-<pid>`.
fn staging_name(name: &str) -> Option<(Version, u32)> {
    let (version, pid) = name.strip_prefix('.')?.rsplit_once(".new-")?;
    let pid = leftover::pid_in_name(pid, "")?;
    Some((version.parse().ok()?, pid))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Flushes a folder's entries (a rename, a new file) to disk; a file system that cannot is
/// not a reason to fail.
fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_give_version_and_process() {
        assert_eq!(
            staging_name(".4.6.new-123"),
            Some((Version { major: 4, minor: 6 }, 123))
        );
        assert_eq!(staging_name("4.6"), None);
        assert_eq!(staging_name(".4.6.tmp-123"), None);
        assert_eq!(staging_name(".x.new-123"), None);
    }

    #[test]
    fn a_pending_file_gives_its_entry_and_process() {
        let pending = "# trustdocs: release 4.6 by process 77. Until history.yaml lists 4.6,\n\
                       # more\n- version: \"4.6\"\n  date: 2026-07-01\n";
        assert_eq!(pid_of(pending), Some(77));
        assert_eq!(
            entry_of(pending),
            "- version: \"4.6\"\n  date: 2026-07-01\n"
        );
    }
}
