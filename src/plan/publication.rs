//! What a build publishes of one document: which copy is shown at its own address (the
//! latest release, the working copy with `--drafts`, or nothing for a document never
//! released), whether that copy holds unreleased changes, and which pairs of copies its
//! "what changed" pages compare.

use crate::model::content::{Copy, Document, DocumentKind};

/// What of a document is published in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// The copy shown at the document's URL; none when it is an unreleased draft and
    /// drafts are not shown.
    pub current: Option<Copy>,
    /// The current copy holds changes not yet released.
    pub draft: bool,
}

impl Publication {
    /// `is_listing`: the document has sub-documents, so it is a listing page, never
    /// released itself.
    pub fn of(doc: &Document, is_listing: bool, drafts: bool) -> Publication {
        let released = doc
            .history
            .as_ref()
            .is_some_and(|h| !h.revisions.is_empty())
            || doc.history_unreadable;
        if !is_releasable(doc, is_listing) && !doc.is_versioned() {
            return Publication {
                current: Some(Copy::Working),
                draft: false,
            };
        }
        if drafts {
            return Publication {
                current: Some(Copy::Working),
                draft: !released || (!doc.releases.is_empty() && doc.has_unreleased_changes()),
            };
        }
        match doc.releases.len() {
            0 if released => Publication {
                current: Some(Copy::Working),
                draft: false,
            },
            0 => Publication {
                current: None,
                draft: true,
            },
            n => Publication {
                current: Some(Copy::Release(n - 1)),
                draft: false,
            },
        }
    }

    /// The (older, newer) copies of `doc` that its "what changed" pages compare: each
    /// release with the one before, and the last release with a draft working copy.
    pub fn diff_pairs(&self, doc: &Document) -> Vec<(Copy, Copy)> {
        let Some(current) = self.current else {
            return Vec::new();
        };
        let releases = doc.releases.len();
        let mut pairs: Vec<(Copy, Copy)> = (1..releases)
            .map(|i| (Copy::Release(i - 1), Copy::Release(i)))
            .collect();
        if self.draft && current == Copy::Working && releases > 0 {
            pairs.push((Copy::Release(releases - 1), Copy::Working));
        }
        pairs
    }

    /// The copies whose pages are rendered: every frozen release (each has its archived
    /// address) and the working copy when it is the one shown.
    pub fn shown_copies(&self, doc: &Document) -> Vec<Copy> {
        let mut copies: Vec<Copy> = (0..doc.releases.len()).map(Copy::Release).collect();
        if self.current == Some(Copy::Working) {
            copies.push(Copy::Working);
        }
        copies
    }
}

/// Whether a document is the kind that is released: a single-page document or a manual,
/// not the home, the notices or a listing page.
pub fn is_releasable(doc: &Document, is_listing: bool) -> bool {
    matches!(doc.kind, DocumentKind::Document | DocumentKind::Manual) && !is_listing
}
