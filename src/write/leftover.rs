//! Staging folders (a build's next output, a release's frozen copy before it is in place)
//! and how a later run tells one that a killed process left from one that a running process
//! is still writing. Not for what goes into them: that is `write::disk` and `commands::freeze`.
//!
//! The owner creates the folder, locks it (`flock`, which the kernel drops when the process
//! dies, however it dies) and only then writes its marker file, first of all files. So a
//! folder with the marker whose lock is free was left by a dead process; a folder without
//! the marker is never touched unless it is empty and the process its name gives is gone.
//! Where the file system has no locks, the process id alone decides.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;

/// A file trustdocs writes into its output folder (the first file of a staging folder) so
/// that it knows the folder is its own and may be replaced; a folder without it is never
/// deleted.
pub const MARKER: &str = ".trustdocs-output";

/// The folder an output folder is in, and its name (`public` when it has none).
pub fn parent_and_name(out: &Path) -> (std::path::PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// The lock a running process holds on its staging folder, for as long as it lives.
pub struct Lock {
    _file: Option<File>,
}

/// Locks a folder this process has just created. Where the file system offers no locks the
/// folder goes unlocked, and later runs go by the process id in its name.
pub fn lock(dir: &Path) -> Lock {
    let file = File::open(dir)
        .ok()
        .filter(|f| try_lock(f) == Locking::Taken);
    Lock { _file: file }
}

/// A staging folder whose owner is dead, locked by this process while it removes or
/// finishes it (so that two later runs do not both do it).
pub struct Claim {
    _lock: Lock,
}

/// Claims `dir` when it is a staging folder that a dead process left: it carries `marker`
/// (or is empty), and no living process holds its lock. `pid` is the process that made it,
/// where known (its name, or its marker, says); this process's own id counts as dead, since
/// a folder found before this process made its own is a predecessor's.
pub fn claim(dir: &Path, pid: Option<u32>, marker: &str) -> Option<Claim> {
    let marked = std::fs::symlink_metadata(dir.join(marker)).is_ok_and(|m| m.is_file());
    if !marked && !is_empty(dir) {
        return None;
    }
    let meta = std::fs::symlink_metadata(dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let file = File::open(dir).ok()?;
    let dead = || pid.is_none_or(|pid| pid == std::process::id() || !is_alive(pid));
    match try_lock(&file) {
        Locking::Busy => None,
        // Locked before its marker was written: with the marker and a free lock, its owner
        // is gone. An empty one may belong to a process that has not locked it yet.
        Locking::Taken if marked || dead() => Some(Claim {
            _lock: Lock { _file: Some(file) },
        }),
        Locking::Taken => None,
        Locking::Unsupported if dead() => Some(Claim {
            _lock: Lock { _file: None },
        }),
        Locking::Unsupported => None,
    }
}

/// Removes a claimed (or own) staging folder: everything but its marker first, then the
/// marker, then the folder. A removal cut short leaves a folder that still carries the
/// marker, which the next run removes. Errors are ignored: what stays is removed later.
pub fn remove(dir: &Path, marker: &str) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().collect();
        use rayon::prelude::*;
        entries
            .par_iter()
            .filter(|e| e.file_name() != marker)
            .for_each(|entry| match entry.file_type() {
                Ok(t) if t.is_dir() => remove_tree(&entry.path()),
                _ => {
                    let _ = std::fs::remove_file(entry.path());
                }
            });
    }
    crate::fault::step("staging folder emptied but for its marker");
    let _ = std::fs::remove_file(dir.join(marker));
    let _ = std::fs::remove_dir(dir);
}

/// Removes a folder and everything in it, its sub-folders in parallel, never following a
/// link; ignores errors.
pub fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
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

/// The process id at the end of a staging name `<prefix><pid>`.
pub fn pid_in_name(name: &str, prefix: &str) -> Option<u32> {
    let digits = name.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[derive(Debug, PartialEq, Eq)]
enum Locking {
    Taken,
    Busy,
    Unsupported,
}

fn try_lock(file: &File) -> Locking {
    // SAFETY: flock(2) on a file descriptor this `File` owns.
    let done = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if done == 0 {
        return Locking::Taken;
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EWOULDBLOCK) => Locking::Busy,
        _ => Locking::Unsupported,
    }
}

fn is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let sent = unsafe { libc::kill(pid, 0) };
    sent == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_ids_in_staging_names() {
        assert_eq!(pid_in_name(".public.new-123", ".public.new-"), Some(123));
        assert_eq!(pid_in_name(".public.new-", ".public.new-"), None);
        assert_eq!(pid_in_name(".public.new-12a", ".public.new-"), None);
        assert_eq!(pid_in_name(".site.new-1", ".public.new-"), None);
    }

    #[test]
    fn a_locked_folder_is_not_claimed_and_a_free_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join(".public.new-1");
        std::fs::create_dir(&staging).unwrap();
        let held = lock(&staging);
        std::fs::write(staging.join(".marker"), "").unwrap();
        assert!(claim(&staging, Some(1), ".marker").is_none(), "held");
        drop(held);
        assert!(claim(&staging, Some(1), ".marker").is_some(), "free");
        std::fs::remove_file(staging.join(".marker")).unwrap();
        std::fs::write(staging.join("page.html"), "").unwrap();
        assert!(
            claim(&staging, None, ".marker").is_none(),
            "no marker: not ours"
        );
    }
}
