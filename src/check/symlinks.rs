//! Symbolic links under `content/`: `load` never follows one (it could loop, or lead out of
//! the site and publish what is there), so what it points to is not on the site. Each is
//! named here, so that a page or image added that way does not vanish without a word.

use crate::model::content::Corpus;
use crate::report::{Code, Diagnostic};

/// A warning for each symbolic link found under `content/`.
pub fn symlinks(corpus: &Corpus) -> Vec<Diagnostic> {
    corpus
        .symlinks
        .iter()
        .map(|path| {
            Diagnostic::warning(
                path,
                None,
                Code::Symlink,
                "a symbolic link: trustdocs never follows one (it could loop or lead out of the site), so nothing it points to is published; copy the file or folder here instead",
            )
        })
        .collect()
}
