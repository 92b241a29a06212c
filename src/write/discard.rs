//! The sink of `check`: every file rendered into nothing. Rendering still runs (a template
//! error shows only when a page meets it); no bytes are kept.

use std::path::PathBuf;

use crate::outputs::sink::{Render, Sink};
use crate::report::error::Error;

pub struct Discard;

impl Sink for Discard {
    fn rendered(&self, _path: &str, _size_hint: usize, render: &mut Render) -> Result<(), Error> {
        render(&mut std::io::sink())
    }

    fn bytes(&self, _path: &str, _bytes: Vec<u8>) -> Result<(), Error> {
        Ok(())
    }

    fn copy(&self, _path: &str, _source: PathBuf) -> Result<(), Error> {
        Ok(())
    }
}
