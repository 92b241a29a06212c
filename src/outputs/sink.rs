//! Where the files of a render go. The stage hands each file to a `Sink` as soon as it is
//! made and never asks what the sink does with it: `write` holds the sinks of a build (a
//! fresh folder on disk), of `serve` (memory) and of `check` (nowhere: only the errors of
//! rendering count).

use std::io::Write;
use std::path::PathBuf;

use crate::report::error::Error;

/// Renders a file into the writer it is given.
pub type Render<'r> = dyn FnMut(&mut dyn Write) -> Result<(), Error> + 'r;

/// Takes the files of a render, from any thread.
pub trait Sink: Sync {
    /// A file made by `render` (a page, a feed). `size_hint`: about how many bytes it
    /// will have, for a buffer.
    fn rendered(&self, path: &str, size_hint: usize, render: &mut Render) -> Result<(), Error>;

    /// A file whose bytes are made already (the sitemap, the search index).
    fn bytes(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error>;

    /// A file copied as it is (a static file of the theme, an asset of `content/`).
    fn copy(&self, path: &str, source: PathBuf) -> Result<(), Error>;
}
