//! The sink of `serve`: the rendered site kept in memory as a map of output paths to
//! bytes (or, for a file copied as it is, the file to read when it is asked for).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::outputs::sink::{Render, Sink};
use crate::report::error::Error;

/// One output file: bytes rendered in memory, or a source file served as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The bytes of a file, reading copied files from disk.
    pub fn read(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        Some(match self.files.get(path)? {
            Artifact::Bytes(bytes) => Ok(bytes.clone()),
            Artifact::Copy(source) => std::fs::read(source),
        })
    }
}

/// Collects a render's files into an `Output`.
#[derive(Default)]
pub struct Memory(Mutex<Output>);

impl Memory {
    pub fn into_output(self) -> Output {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(&self, path: &str, artifact: Artifact) {
        let mut output = self.0.lock().unwrap_or_else(|e| e.into_inner());
        output.files.insert(path.to_string(), artifact);
    }
}

impl Sink for Memory {
    fn rendered(&self, path: &str, size_hint: usize, render: &mut Render) -> Result<(), Error> {
        let mut bytes = Vec::with_capacity(size_hint + 16 * 1024);
        render(&mut bytes)?;
        self.insert(path, Artifact::Bytes(bytes));
        Ok(())
    }

    fn bytes(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.insert(path, Artifact::Bytes(bytes));
        Ok(())
    }

    fn copy(&self, path: &str, source: PathBuf) -> Result<(), Error> {
        self.insert(path, Artifact::Copy(source));
        Ok(())
    }
}
