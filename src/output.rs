//! The rendered site as a set of files, and the two ways of writing it: to a folder on disk
//! (swapped into place only when everything was written) and, for `serve`, kept in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;

/// A file trustdocs writes into its output folder so that it knows the folder is its own
/// and may be replaced; a folder without it is never deleted.
pub const MARKER: &str = ".trustdocs-output";
const MARKER_TEXT: &str = "This folder is written by trustdocs and replaced on every build.\n";

/// One output file: bytes rendered in memory, or a source file copied as it is.
#[derive(Debug, Clone)]
pub enum Artifact {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// The whole site: output path (relative, `/`-separated) → content.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Artifact>,
}

impl Output {
    pub fn insert(&mut self, path: String, artifact: Artifact) {
        self.files.insert(path, artifact);
    }

    /// Pages (HTML files) per language folder, for the build summary.
    pub fn pages_per_language(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for path in self.files.keys() {
            if let Some((first, _)) = path.split_once('/')
                && path.ends_with(".html")
                && matches!(self.files[path], Artifact::Bytes(_))
            {
                *counts.entry(first.to_string()).or_insert(0) += 1;
            }
        }
        counts
    }

    /// The bytes of a file, reading copied files from disk.
    pub fn read(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        Some(match self.files.get(path)? {
            Artifact::Bytes(bytes) => Ok(bytes.clone()),
            Artifact::Copy(source) => std::fs::read(source),
        })
    }
}

/// Writes `output` into a fresh folder next to `out` and swaps it into place. On any error
/// the fresh folder is removed and `out` is left exactly as it was.
pub fn write_to_disk(output: &Output, out: &Path) -> Result<(), Error> {
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
    std::fs::create_dir_all(&parent).map_err(|source| Error::Write {
        path: parent.clone(),
        source,
    })?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);

    if let Err(e) = write_tree(output, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let swapped = if out.exists() {
        std::fs::rename(out, &old).and_then(|()| {
            std::fs::rename(&staging, out).inspect_err(|_| {
                // Put the previous output back rather than leave nothing.
                let _ = std::fs::rename(&old, out);
            })
        })
    } else {
        std::fs::rename(&staging, out)
    };
    if let Err(source) = swapped {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::Write {
            path: out.to_path_buf(),
            source,
        });
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn is_ours_or_empty(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn write_tree(output: &Output, dir: &Path) -> Result<(), Error> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let mut folders: Vec<PathBuf> = output
        .files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|f| dir.join(f)))
        .collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(write_error(folder))?;
    }
    output.files.par_iter().try_for_each(|(path, artifact)| {
        let target = dir.join(path);
        match artifact {
            Artifact::Bytes(bytes) => std::fs::write(&target, bytes).map_err(write_error(&target)),
            Artifact::Copy(source) => {
                std::fs::copy(source, &target)
                    .map(|_| ())
                    .map_err(|e| Error::Read {
                        path: source.clone(),
                        source: e,
                    })
            }
        }
    })?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT).map_err(write_error(dir))
}
