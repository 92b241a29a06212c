//! Which file each copy of a document shows for the document's own files (its images and
//! downloads): a frozen release shows the files it froze, stored once per version in the
//! output under the release they first appeared in; the working copy shows its own files,
//! or the stored copy of one that is still as the latest release froze it. A release made
//! before files were frozen has none, and its pages link to today's files (`check` warns).
//! Also where links in a copy go when they name one of those files.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::load::frozen_assets::frozen_path;
use crate::model::content::{Copy, Corpus, DocId, join};
use crate::model::language::Language;
use crate::model::urls;
use crate::plan::links::{LinkTable, Resolved, Unresolved, is_external, normalize, percent_decode};

/// One copy's own files: path under `content/` (`manuals/mg/images/a.svg`) → the output
/// file it shows (`manuals/mg/v1.0/images/a.svg`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyAssets {
    files: HashMap<String, String>,
}

impl CopyAssets {
    /// The output file a link to `target` (a path under `content/`) shows in this copy.
    pub fn get(&self, target: &str) -> Option<&str> {
        self.files.get(target).map(String::as_str)
    }

    pub fn contains(&self, target: &str) -> bool {
        self.files.contains_key(target)
    }
}

/// The own files of every copy that has frozen ones, and the frozen files the output holds.
#[derive(Debug, Default)]
pub struct AssetPlan {
    copies: HashMap<(DocId, Copy), CopyAssets>,
    /// Output file → its source (relative to the site root), each stored version once.
    stored: BTreeMap<String, PathBuf>,
}

impl AssetPlan {
    pub fn new(corpus: &Corpus) -> AssetPlan {
        let mut plan = AssetPlan::default();
        for (d, doc) in corpus.iter() {
            for (i, release) in doc.releases.iter().enumerate() {
                if release.assets.is_empty() {
                    continue;
                }
                let mut copy = CopyAssets::default();
                for asset in &release.assets {
                    let file = urls::frozen_asset(&doc.dir, asset.stored, &asset.path);
                    plan.stored
                        .entry(file.clone())
                        .or_insert_with(|| frozen_path(&doc.dir, asset.stored, &asset.path));
                    copy.files.insert(join(&doc.dir, &asset.path), file);
                }
                plan.copies.insert((d, Copy::Release(i)), copy);
            }
            if !doc.assets_released.is_empty() {
                let files = doc
                    .assets_released
                    .iter()
                    .map(|(path, &stored)| {
                        let file = urls::frozen_asset(&doc.dir, stored, path);
                        (join(&doc.dir, path), file)
                    })
                    .collect();
                plan.copies.insert((d, Copy::Working), CopyAssets { files });
            }
        }
        plan
    }

    /// The own files of copy `copy` of document `d`, if it has frozen ones.
    pub fn of(&self, d: DocId, copy: Copy) -> Option<&CopyAssets> {
        self.copies.get(&(d, copy))
    }

    /// The frozen files the output holds, each version once: (output file, source under
    /// the site root), in output order.
    pub fn stored(&self) -> impl Iterator<Item = (&str, &PathBuf)> {
        self.stored
            .iter()
            .map(|(file, source)| (file.as_str(), source))
    }
}

impl LinkTable {
    /// `resolve_link` for a page of a copy whose own files are `own`: a link to one of them
    /// goes to the file that copy shows (a frozen release's own version of an image), even
    /// when today's folder no longer has it.
    pub fn resolve_in_copy(
        &self,
        from_dir: &str,
        dest: &str,
        language: &Language,
        own: Option<&CopyAssets>,
    ) -> Result<Option<Resolved>, Unresolved> {
        if let Some(own) = own
            && !is_external(dest)
        {
            let (path, suffix) = match dest.find(['#', '?']) {
                Some(i) => (&dest[..i], &dest[i..]),
                None => (dest, ""),
            };
            let target = if path.starts_with('/') {
                self.site_path_target(path)
            } else {
                normalize(from_dir, &percent_decode(path))
            };
            if let Some(target) = target
                && let Some(file) = own.get(&target)
            {
                return Ok(Some(Resolved {
                    url: format!("{}{suffix}", self.urls().asset(file)),
                    page: None,
                    fragment: suffix
                        .split_once('#')
                        .map(|(_, f)| percent_decode(f))
                        .filter(|f| !f.is_empty()),
                    file: None,
                    asset: Some(target),
                }));
            }
        }
        self.resolve_link(from_dir, dest, language)
    }
}
