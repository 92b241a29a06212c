//! A document's revision history as the stages read it: its released revisions, oldest
//! first, each with its version, date and a summary per language. `history.yaml` is the
//! single source of truth of it (parsed by `load::history`); the revision table, archives,
//! "what changed" pages and feeds are all derived from it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::model::language::Language;
use crate::model::version::Version;

/// One released revision.
#[derive(Debug, Clone)]
pub struct Revision {
    pub version: Version,
    pub date: Date,
    pub summary: BTreeMap<Language, String>,
    /// Line of its entry in `history.yaml`.
    pub line: usize,
}

/// A document's revisions, oldest first.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub path: PathBuf,
    pub revisions: Vec<Revision>,
}

impl History {
    pub fn latest(&self) -> Option<&Revision> {
        self.revisions.last()
    }

    pub fn get(&self, version: Version) -> Option<&Revision> {
        self.revisions.iter().find(|r| r.version == version)
    }
}
