//! `build --pdf`: the PDFs of the documents, printed by headless Chromium from the pages
//! the build has just written into its staging folder, and handed back to be written there
//! too, so that they are swapped into place with the rest of the output or not at all.
//!
//! The pages are served from the staging folder on loopback (`folder_server`) to one
//! browser session (`chromium`), each printed on A4 with the margins the print stylesheet
//! sets; `reproducible` makes two prints of the same page the same bytes, dated
//! `SOURCE_DATE_EPOCH`. Nothing here runs without `--pdf`: a plain build never starts a
//! browser.

mod chromium;
mod folder_server;
mod reproducible;

use std::path::Path;

use crate::outputs::ToPrint;
use crate::report::error::Error;

pub use chromium::Chromium;

/// How the PDFs are made.
#[derive(Debug, Clone, Default)]
pub struct PrintOptions {
    /// The moment written as the PDFs' creation and modification dates (seconds since 1970,
    /// `SOURCE_DATE_EPOCH`); none leaves Chromium's (the time of printing).
    pub epoch: Option<i64>,
}

/// Prints each page of `to_print`, served from the built folder `dir` (whose URLs start
/// with `base_path`), and hands each PDF to `write` with its output file. `shown` is the
/// output folder as the user named it, for the errors.
pub fn print_all(
    dir: &Path,
    base_path: &str,
    to_print: &[ToPrint],
    options: &PrintOptions,
    shown: &Path,
    mut write: impl FnMut(&str, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    if to_print.is_empty() {
        return Ok(());
    }
    let browser = Chromium::start(shown)?;
    let server = folder_server::FolderServer::start(dir, base_path).map_err(|e| Error::Print {
        path: shown.to_path_buf(),
        message: format!("cannot serve the built pages to the browser: {e}"),
    })?;
    for job in to_print {
        let url = format!("{}{}", server.origin(), job.page_url);
        let pdf = browser
            .print(&url, &job.page_permalink)
            .map_err(|message| Error::Print {
                path: shown.join(&job.pdf_file),
                message: format!("printing {}: {message}", job.page_file),
            })?;
        let pdf = reproducible::renumber_nodes(pdf);
        let pdf = match options.epoch {
            Some(epoch) => reproducible::set_dates(pdf, epoch),
            None => pdf,
        };
        write(&job.pdf_file, pdf)?;
    }
    Ok(())
}
