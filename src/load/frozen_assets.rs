//! The files a release froze beside its pages (`releases/<version>/images/…`): which there
//! are, which release's copy each one shares its bytes with (so that the output stores each
//! version of a file once), and which of the working copy's files are still as the latest
//! release froze them. Not for the pages of a frozen copy (`releases.rs`).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::load::content::content_path;
use crate::load::is_ignored;
use crate::model::content::{Document, FrozenAsset, RELEASES_DIR, Release};
use crate::model::version::Version;
use crate::report::error::Error;

/// The files of the frozen copy in `dir` (relative to `root`) that are not its pages: every
/// file below it but the `.md` files at its top, `/`-separated, in path order. Links are
/// skipped, never followed; anything that is not a regular file is an error.
pub(super) fn list(root: &Path, dir: &Path) -> Result<Vec<String>, Vec<Error>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    walk(root, dir, "", &mut found, &mut errors);
    found.sort();
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn walk(root: &Path, dir: &Path, rel: &str, found: &mut Vec<String>, errors: &mut Vec<Error>) {
    let shown = dir.join(rel);
    let Some(entries) = super::read_dir(root, &shown, errors) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if is_ignored(&name) || kind.is_symlink() {
            continue;
        }
        let path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if kind.is_dir() {
            walk(root, dir, &path, found, errors);
        } else if !kind.is_file() {
            errors.push(Error::Read {
                path: shown.join(&name),
                source: crate::load::text_file::not_a_file(),
            });
        } else if !(rel.is_empty() && name.ends_with(".md")) {
            found.push(path);
        }
    }
}

/// The frozen files of a release, each stored with the release before when it holds the
/// same bytes there (`previous`: the release before, its files already stored).
pub(super) fn frozen(
    root: &Path,
    doc_dir: &str,
    version: Version,
    files: Vec<String>,
    previous: Option<&Release>,
) -> Vec<FrozenAsset> {
    files
        .into_iter()
        .map(|path| {
            let stored = previous
                .and_then(|before| {
                    let kept = before.assets.iter().find(|a| a.path == path)?;
                    let same = same_bytes(
                        &root.join(frozen_path(doc_dir, before.version, &path)),
                        &root.join(frozen_path(doc_dir, version, &path)),
                    );
                    same.then_some(kept.stored)
                })
                .unwrap_or(version);
            FrozenAsset { path, stored }
        })
        .collect()
}

/// Compares the working copy's files with what the latest release froze: those still the
/// same (with the release whose copy holds them), and whether any differs.
pub(super) fn compare_working(root: &Path, doc: &mut Document) {
    let Some(latest) = doc.releases.last() else {
        return;
    };
    for asset in &latest.assets {
        let working = root.join(content_path(&doc.dir, &asset.path));
        if !working.is_file() {
            continue;
        }
        let frozen = root.join(frozen_path(&doc.dir, latest.version, &asset.path));
        if same_bytes(&working, &frozen) {
            doc.assets_released.insert(asset.path.clone(), asset.stored);
        } else {
            doc.assets_changed = true;
        }
    }
}

/// Where a release froze a file of the document, relative to the site root.
pub fn frozen_path(doc_dir: &str, version: Version, path: &str) -> PathBuf {
    content_path(doc_dir, RELEASES_DIR)
        .join(version.to_string())
        .join(path)
}

/// Whether two files hold the same bytes (sizes first; a file that cannot be read is
/// never the same).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    let (Ok(mut fa), Ok(mut fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    let mut ba = vec![0u8; 64 * 1024];
    let mut bb = vec![0u8; 64 * 1024];
    loop {
        let n = match fa.read(&mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return fb.read(&mut bb[..1]).is_ok_and(|m| m == 0);
        }
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}
