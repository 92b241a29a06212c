//! The sink of `build`: a fresh staging folder beside the output folder, swapped into
//! place only when everything was written.
//!
//! A build writes each file into the staging folder as soon as it is made (`Staging`), so
//! the pages never sit in memory all at once; `Destination::commit` then swaps the folder
//! into place and removes the previous one. A build that fails drops its `Destination`,
//! which removes the staging folder: the previous output is never touched.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::outputs::sink::{Render, Sink};
use crate::report::error::Error;

/// A file trustdocs writes into its output folder so that it knows the folder is its own
/// and may be replaced; a folder without it is never deleted.
pub const MARKER: &str = ".trustdocs-output";
const MARKER_TEXT: &str = "This folder is written by trustdocs and replaced on every build.\n";

/// A fresh folder that files are written into from any thread.
pub struct Staging {
    dir: PathBuf,
    /// The output folder being replaced: a file that is byte for byte as it was there is
    /// hard-linked from it instead of written again. A rebuild then writes only what
    /// changed, and unchanged files keep their modification time (deploy tools that
    /// compare times copy less).
    previous: Option<PathBuf>,
    /// Folders already created, so that each is created once.
    folders: Mutex<HashSet<PathBuf>>,
    /// The files hard-linked from `previous` (relative paths): where the previous output
    /// is known to hold files, so that removing it needs little listing.
    linked: Mutex<Vec<String>>,
}

impl Staging {
    fn new(dir: PathBuf, previous: Option<PathBuf>) -> Staging {
        Staging {
            dir,
            previous,
            folders: Mutex::new(HashSet::new()),
            linked: Mutex::new(Vec::new()),
        }
    }

    /// Writes one file at `rel` (relative, `/`-separated), creating its folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.dir.join(rel);
        self.make_parent(&target)?;
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if holds(&old, bytes) && std::fs::hard_link(&old, &target).is_ok() {
                lock(&self.linked).push(rel.to_string());
                return Ok(());
            }
        }
        std::fs::write(&target, bytes).map_err(|source| Error::Write {
            path: target,
            source,
        })
    }

    fn copy_file(&self, rel: &str, source: &Path) -> Result<(), Error> {
        let target = self.dir.join(rel);
        self.make_parent(&target)?;
        std::fs::copy(source, &target)
            .map(|_| ())
            .map_err(|e| Error::Read {
                path: source.to_path_buf(),
                source: e,
            })
    }

    fn make_parent(&self, target: &Path) -> Result<(), Error> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        if lock(&self.folders).contains(parent) {
            return Ok(());
        }
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
        lock(&self.folders).insert(parent.to_path_buf());
        Ok(())
    }
}

impl Sink for Staging {
    fn rendered(&self, path: &str, size_hint: usize, render: &mut Render) -> Result<(), Error> {
        // Rendered into memory first: the file may be the same as in the previous output,
        // and is then hard-linked from there instead of written.
        let mut bytes = Vec::with_capacity(size_hint + 16 * 1024);
        render(&mut bytes)?;
        self.write(path, &bytes)
    }

    fn bytes(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.write(path, &bytes)
    }

    fn copy(&self, path: &str, source: PathBuf) -> Result<(), Error> {
        self.copy_file(path, &source)
    }
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`: one open (not
/// following a link), its length from the open file, then that many bytes into a buffer
/// the thread keeps.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    BUFFER.with_borrow_mut(|old| {
        // Grown (and zeroed) only past the largest file read so far, not cleared each time.
        if old.len() < bytes.len() {
            old.resize(bytes.len(), 0);
        }
        let old = &mut old[..bytes.len()];
        file.read_exact(old).is_ok() && *old == *bytes
    })
}

/// An output folder being replaced: a staging folder beside it, swapped into place by
/// `commit`. Dropped without a commit, it removes the staging folder and leaves the
/// output folder exactly as it was.
pub struct Destination {
    out: PathBuf,
    old: PathBuf,
    staging: Staging,
    committed: bool,
}

impl Destination {
    /// Checks that `out` may be replaced (it is ours, empty or missing) and creates a fresh
    /// staging folder next to it.
    pub fn prepare(out: &Path) -> Result<Destination, Error> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        if out.exists() && !is_ours_or_empty(out) {
            return Err(Error::ForeignOutput {
                path: out.to_path_buf(),
                marker: MARKER,
            });
        }
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).map_err(|source| Error::Write {
            path: staging.clone(),
            source,
        })?;
        Ok(Destination {
            out: out.to_path_buf(),
            old: parent.join(format!(".{name}.old-{pid}")),
            staging: Staging::new(staging, previous),
            committed: false,
        })
    }

    pub fn staging(&self) -> &Staging {
        &self.staging
    }

    /// Swaps the staging folder, every file written, into place and removes the previous
    /// output.
    pub fn commit(mut self) -> Result<(), Error> {
        self.staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        let staging = &self.staging.dir;
        let out = &self.out;
        let swapped = if out.exists() {
            std::fs::rename(out, &self.old).and_then(|()| {
                std::fs::rename(staging, out).inspect_err(|_| {
                    // Put the previous output back rather than leave nothing.
                    let _ = std::fs::rename(&self.old, out);
                })
            })
        } else {
            std::fs::rename(staging, out)
        };
        swapped.map_err(|source| Error::Write {
            path: out.clone(),
            source,
        })?;
        self.committed = true;
        remove_previous(&self.old, &lock(&self.staging.linked));
        Ok(())
    }
}

impl Drop for Destination {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.staging.dir);
        }
    }
}

fn is_ours_or_empty(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A lock, even one a panicking thread held: what it guards is a plain list.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the previous output, moved aside to `old`, knowing the files `linked` from it
/// (most of it, when a rebuild changed little): those files and their folders go without
/// listing any folder (a listing is an open, a stat, two reads and a close), deepest
/// folders first; a folder that still holds something (pages that changed or went away)
/// is then listed and emptied, as is `old` itself. A folder is trusted only when it and
/// every folder above it is a real folder, not a link: nothing outside `old` is removed.
fn remove_previous(old: &Path, linked: &[String]) {
    let mut folders: BTreeMap<&str, bool> = BTreeMap::new();
    for rel in linked {
        let mut rest = rel.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            folders.insert(parent, false);
            rest = parent;
        }
    }
    // Shallow before deep (a folder sorts before what is in it): each is a real folder if
    // its parent is one and it is not a link.
    let names: Vec<&str> = folders.keys().copied().collect();
    let real: Vec<bool> = names
        .par_iter()
        .map(|dir| std::fs::symlink_metadata(old.join(dir)).is_ok_and(|m| m.file_type().is_dir()))
        .collect();
    for (dir, real) in names.iter().zip(real) {
        let parent_real = dir
            .rsplit_once('/')
            .is_none_or(|(parent, _)| folders.get(parent).copied().unwrap_or(false));
        folders.insert(dir, real && parent_real);
    }
    let trusted = |rel: &str| {
        rel.rsplit_once('/')
            .is_none_or(|(dir, _)| folders.get(dir).copied().unwrap_or(false))
    };
    linked
        .par_iter()
        .filter(|rel| trusted(rel))
        .for_each(|rel| {
            let _ = std::fs::remove_file(old.join(rel));
        });
    let mut by_depth: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (dir, _) in folders.iter().filter(|(_, real)| **real) {
        by_depth
            .entry(dir.matches('/').count())
            .or_default()
            .push(dir);
    }
    for dirs in by_depth.values().rev() {
        dirs.par_iter().for_each(|dir| {
            let path = old.join(dir);
            if std::fs::remove_dir(&path).is_err() {
                remove_tree(&path);
            }
        });
    }
    remove_tree(old);
}

/// Removes a folder and everything in it, its sub-folders in parallel; ignores errors (a
/// leftover staging or previous folder is harmless and removed by the next build).
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => remove_tree(&path),
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        });
    }
    let _ = std::fs::remove_dir(dir);
}
