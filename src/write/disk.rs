//! The sink of `build`: a fresh folder on disk, swapped into place only when everything
//! was written.
//!
//! A build writes each file into a fresh staging folder `.<out>.new-<pid>` beside the output
//! as soon as it is made (`Staging`), so the pages never sit in memory all at once;
//! `Destination::commit` then swaps the folder into place in one
//! step (`renameat2` with `RENAME_EXCHANGE` on Linux), so the output folder is at every
//! moment either the previous output or the new one, complete. A build that fails drops
//! its `Destination`, which removes the staging folder: the previous output is never
//! touched. A build that is killed leaves its staging folder, marked and no longer locked
//! (see `leftover`): the next build removes it (`clean_leftovers`).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::fault;
use crate::outputs::sink::{Render, Sink};
use crate::report::error::Error;
use crate::write::leftover;

pub use crate::write::leftover::MARKER;
use crate::write::leftover::parent_and_name;
const MARKER_TEXT: &str = "This folder is written by trustdocs and replaced on every build.\n";

/// A fresh folder that files are written into from any thread.
pub struct Staging {
    dir: PathBuf,
    /// The output folder as given (`public`): errors name the file there, not in the hidden
    /// staging folder, which is gone by the time the writer reads the message.
    shown: PathBuf,
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
    /// Set by the first write that fails. The build is lost then: later files are not
    /// written (on a full disk each would fail again, one error per page), the first
    /// failure is the one reported, and `commit` refuses to swap.
    failed: AtomicBool,
    /// Set by the first page written, for the kill point there (debug builds).
    wrote_one: AtomicBool,
}

impl Staging {
    fn new(dir: PathBuf, shown: PathBuf, previous: Option<PathBuf>) -> Staging {
        Staging {
            dir,
            shown,
            previous,
            folders: Mutex::new(HashSet::new()),
            linked: Mutex::new(Vec::new()),
            failed: AtomicBool::new(false),
            wrote_one: AtomicBool::new(false),
        }
    }

    /// The staging folder itself, where the files written so far can be read (the pages
    /// `build --pdf` prints).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file at `rel` (relative, `/`-separated), creating its folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Only debug builds have kill points: release builds skip the shared flag.
        if cfg!(debug_assertions) && !self.wrote_one.swap(true, Ordering::Relaxed) {
            fault::step("a first page going into the staging folder");
        }
        let target = self.dir.join(rel);
        self.make_parent(rel, &target)?;
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if holds(&old, bytes) && std::fs::hard_link(&old, &target).is_ok() {
                lock(&self.linked).push(rel.to_string());
                return Ok(());
            }
        }
        std::fs::write(&target, bytes).or_else(|source| self.fail(Path::new(rel), source))
    }

    fn copy_file(&self, rel: &str, source: &Path) -> Result<(), Error> {
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let target = self.dir.join(rel);
        self.make_parent(rel, &target)?;
        match std::fs::copy(source, &target) {
            Ok(_) => Ok(()),
            // The copy fails on the source (gone, unreadable) or on the output (a full disk,
            // a file-size limit): the one that cannot be opened is the one to name.
            Err(e) => match std::fs::File::open(source) {
                Err(_) => Err(Error::Read {
                    path: source.to_path_buf(),
                    source: e,
                }),
                Ok(_) => self.fail(Path::new(rel), e),
            },
        }
    }

    fn make_parent(&self, rel: &str, target: &Path) -> Result<(), Error> {
        let Some(parent) = target.parent() else {
            return Ok(());
        };
        if lock(&self.folders).contains(parent) {
            return Ok(());
        }
        std::fs::create_dir_all(parent).or_else(|source| {
            self.fail(Path::new(rel).parent().unwrap_or(Path::new("")), source)
        })?;
        lock(&self.folders).insert(parent.to_path_buf());
        Ok(())
    }

    /// The error of a write that failed, naming the file in the output folder; none for a
    /// failure after the first (it is already reported, and the build already lost).
    fn fail(&self, rel: &Path, source: std::io::Error) -> Result<(), Error> {
        if self.failed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        Err(Error::Write {
            path: self.shown.join(rel),
            source,
        })
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
    /// Where the previous output goes on systems that cannot exchange two folders in one
    /// rename: moved aside there first, then removed.
    aside: PathBuf,
    staging: Staging,
    committed: bool,
    /// Held while the build runs, so that no other build takes the staging folder for a
    /// killed one's.
    _lock: leftover::Lock,
}

impl Destination {
    /// Checks that `out` may be replaced (it is ours, empty or missing), removes what killed
    /// builds left beside it (`clean_leftovers`), and creates a fresh staging folder, locked
    /// and marked.
    pub fn prepare(out: &Path) -> Result<Destination, Error> {
        let (parent, name) = parent_and_name(out);
        if out.exists() && !is_ours_or_empty(out) {
            return Err(Error::ForeignOutput {
                path: out.to_path_buf(),
                marker: MARKER,
            });
        }
        crate::write::cleanup::clean_leftovers(out);
        if out.is_dir() {
            // The swap itself would work, but not removing the previous output afterwards.
            writable(out).map_err(|source| Error::Write {
                path: out.to_path_buf(),
                source,
            })?;
        }
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        std::fs::create_dir_all(&parent)
            .and_then(|()| std::fs::create_dir(&staging))
            .map_err(|source| Error::Write {
                // A folder of that name that is not ours (or it would have been removed).
                path: if source.kind() == std::io::ErrorKind::AlreadyExists {
                    staging.clone()
                } else {
                    out.to_path_buf()
                },
                source,
            })?;
        fault::step("staging folder created");
        let lock = leftover::lock(&staging);
        fault::step("staging folder locked");
        if let Err(source) = std::fs::write(staging.join(MARKER), MARKER_TEXT) {
            leftover::remove(&staging, MARKER);
            return Err(Error::Write {
                path: out.join(MARKER),
                source,
            });
        }
        fault::step("staging folder marked");
        Ok(Destination {
            out: out.to_path_buf(),
            aside: parent.join(format!(".{name}.old-{pid}")),
            staging: Staging::new(staging, out.to_path_buf(), previous),
            committed: false,
            _lock: lock,
        })
    }

    pub fn staging(&self) -> &Staging {
        &self.staging
    }

    /// Swaps the staging folder, every file written into it, into place and removes the
    /// previous output.
    pub fn commit(mut self) -> Result<(), Error> {
        fault::step("pages rendered into the staging folder");
        if self.staging.failed.load(Ordering::SeqCst) {
            // Its error was reported where it happened; never swap in a folder missing files.
            return Err(Error::Write {
                path: self.out.clone(),
                source: std::io::Error::other("a file of the new output could not be written"),
            });
        }
        fault::step("every file written into the staging folder");
        let previous = self.swap().map_err(|source| Error::Write {
            path: self.out.clone(),
            source,
        })?;
        self.committed = true;
        fault::step("new output in place");
        if let Some(previous) = previous {
            remove_previous(&previous, &lock(&self.staging.linked));
        }
        fault::step("previous output removed");
        Ok(())
    }

    /// Puts the staging folder in the place of the output folder; returns where the
    /// previous output now is, if there was one.
    fn swap(&self) -> std::io::Result<Option<PathBuf>> {
        let staging = &self.staging.dir;
        let out = &self.out;
        if !out.exists() {
            return std::fs::rename(staging, out).map(|()| None);
        }
        if !fault::no_rename_exchange() {
            match exchange(staging, out) {
                // The previous output is now where the staging folder was.
                Ok(()) => return Ok(Some(staging.clone())),
                Err(e) if !exchange_unsupported(&e) => return Err(e),
                Err(_) => {}
            }
        }
        // Two renames: between them there is no output folder. A build killed there leaves
        // the previous output at `aside`, which the next build puts back first.
        std::fs::rename(out, &self.aside)?;
        fault::step("previous output moved aside");
        std::fs::rename(staging, out).inspect_err(|_| {
            let _ = std::fs::rename(&self.aside, out);
        })?;
        Ok(Some(self.aside.clone()))
    }
}

impl Drop for Destination {
    fn drop(&mut self) {
        if !self.committed {
            leftover::remove(&self.staging.dir, MARKER);
        }
    }
}

/// Exchanges two folders in one step: each takes the other's name.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The kernel or the file system cannot exchange (an old kernel, some network and FUSE
/// file systems): the two-rename swap is used instead.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
}

fn is_ours_or_empty(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Whether this process may create and remove files in `dir` (a read-only file system or
/// folder says why not).
fn writable(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: a NUL-terminated path that lives across the call.
    if unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// A lock, even one a panicking thread held: what it guards is a plain list.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the previous output, at `old` after the swap, knowing the files `linked` from
/// it (most of it, when a rebuild changed little): those files and their folders go
/// without listing any folder (a listing is an open, a stat, two reads and a close),
/// deepest folders first; a folder that still holds something (pages that changed or went
/// away) is then listed and emptied, as is `old` itself, its marker last. A folder is
/// trusted only when it and every folder above it is a real folder, not a link: nothing
/// outside `old` is removed.
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
    fault::step("previous output partly removed");
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
                leftover::remove_tree(&path);
            }
        });
    }
    leftover::remove(old, MARKER);
}
