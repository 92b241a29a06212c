//! After killed builds: the staging folders and previous outputs moved aside that they
//! left beside the output folder, removed by the next build (only folders carrying
//! trustdocs' marker, whose build is no longer running), and an output folder missing
//! between the two renames of a swap put back.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::write::leftover::{self, MARKER, parent_and_name};

/// What `clean_leftovers` did with the folders killed builds left beside the output.
#[derive(Debug, Default)]
pub struct Leftovers {
    out: PathBuf,
    /// Staging folders and previous outputs removed.
    pub removed: Vec<PathBuf>,
    /// The previous output, found moved aside with no output folder in its place (a build
    /// killed between the two renames of the swap), put back: from where.
    pub restored: Option<PathBuf>,
}

impl Leftovers {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.restored.is_none()
    }
}

impl fmt::Display for Leftovers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(from) = &self.restored {
            write!(
                f,
                "put {} back from {}, where an interrupted build had moved it",
                self.out.display(),
                from.display()
            )?;
            if !self.removed.is_empty() {
                write!(f, "; ")?;
            }
        }
        if !self.removed.is_empty() {
            let n = self.removed.len();
            let names: Vec<String> = self
                .removed
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            write!(
                f,
                "removed {n} folder{} left by interrupted builds: {}",
                if n == 1 { "" } else { "s" },
                names.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Removes the staging folders (`.<out>.new-<pid>`) and previous outputs moved aside
/// (`.<out>.old-<pid>`) that killed builds left beside `out`: only folders that carry the
/// marker (or are empty) and that no running build holds. Where the output folder is
/// missing and a previous output was moved aside, that one is put back instead.
pub fn clean_leftovers(out: &Path) -> Leftovers {
    let (parent, name) = parent_and_name(out);
    let staging = format!(".{name}.new-");
    let aside = format!(".{name}.old-");
    let mut claimed = Vec::new();
    for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = leftover::pid_in_name(&file_name, &staging)
            .map(|pid| (pid, false))
            .or_else(|| leftover::pid_in_name(&file_name, &aside).map(|pid| (pid, true)));
        let Some((pid, moved_aside)) = pid else {
            continue;
        };
        let path = entry.path();
        if let Some(claim) = leftover::claim(&path, Some(pid), MARKER) {
            let complete = moved_aside && path.join(MARKER).is_file();
            claimed.push((path, complete, claim));
        }
    }
    let mut done = Leftovers {
        out: out.to_path_buf(),
        ..Leftovers::default()
    };
    if !out.exists() {
        // A whole output moved aside; the newest, should there be several.
        let newest = claimed
            .iter()
            .enumerate()
            .filter(|(_, (_, complete, _))| *complete)
            .max_by_key(|(_, (path, _, _))| std::fs::metadata(path).and_then(|m| m.modified()).ok())
            .map(|(i, _)| i);
        if let Some(i) = newest
            && std::fs::rename(&claimed[i].0, out).is_ok()
        {
            done.restored = Some(claimed.remove(i).0);
        }
    }
    for (path, _, _claim) in claimed {
        leftover::remove(&path, MARKER);
        done.removed.push(path);
    }
    done.removed.sort();
    done
}
