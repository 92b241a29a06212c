//! A site in a temporary folder, in the spirit of mdBook's `BookTest`: copy a fixture site
//! or the example portal, change it as a writer would, run the real binary on it, and
//! assert on what a user would see in the output folder.
//!
//! The site is `<temporary folder>/site`, so that a test can put things beside it (a folder
//! a symbolic link leads out to) without touching anything outside the temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::preview::Preview;
use super::run::{Cmd, Run, excerpt, floor_char_boundary, repo};
use super::tree::{copy_dir, listing, tree};

/// A site in a temporary folder, removed when the value is dropped.
pub struct Site {
    dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>/`. Fixtures hold only `site.yaml` and `content/`;
    /// the repository's `themes/` and `locales/` are copied in unless the fixture has its own.
    pub fn fixture(name: &str) -> Site {
        let source = repo().join("tests/fixtures").join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let site = Site::empty();
        copy_dir(&source, site.root());
        for shared in ["themes", "locales"] {
            if !site.path(shared).exists() {
                copy_dir(&repo().join(shared), &site.path(shared));
            }
        }
        site
    }

    /// A copy of the repository's own site: the example trust portal.
    pub fn example() -> Site {
        let site = Site::empty();
        copy_example(site.root());
        site
    }

    /// An empty site folder (for `init`, or a site written file by file).
    pub fn empty() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("trustdocs-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir(&root).expect("create the site folder");
        Site { dir, root }
    }

    /// The site root (where `site.yaml` is).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The site root as a command-line argument.
    pub fn root_arg(&self) -> &str {
        self.root.to_str().expect("temporary path is UTF-8")
    }

    /// A path under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A path in the temporary folder beside the site, outside it.
    pub fn beside(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default output folder, `<root>/public`.
    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    // -----------------------------------------------------------------------------------
    // A writer's edits
    // -----------------------------------------------------------------------------------

    /// Writes a file under the root, creating its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        write_file(&self.path(rel), bytes);
        self
    }

    /// Saves `rel` with `text` added at its end, in one write.
    pub fn append(&self, rel: &str, text: &str) -> &Self {
        self.append_bytes(rel, text.as_bytes())
    }

    pub fn append_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let mut all = self.read_bytes(rel);
        all.extend_from_slice(bytes);
        self.write_bytes(rel, &all)
    }

    /// Saves `rel` with `bytes` put before its text (a byte-order mark, say).
    pub fn prepend_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let mut all = bytes.to_vec();
        all.extend(self.read_bytes(rel));
        self.write_bytes(rel, &all)
    }

    /// Saves the way vim and VS Code do: write a temporary file, rename it over the original.
    pub fn write_by_rename(&self, rel: &str, text: &str) -> &Self {
        let target = self.path(rel);
        let temp = target.with_extension("md.tmp~");
        write_file(&temp, text.as_bytes());
        std::fs::rename(&temp, &target)
            .unwrap_or_else(|e| panic!("rename {} over {}: {e}", temp.display(), rel));
        self
    }

    /// Removes a file or a folder under the root.
    pub fn remove(&self, rel: &str) -> &Self {
        let path = self.path(rel);
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// Makes `rel` a symbolic link to `target` (a path, relative to the link's folder or
    /// absolute).
    pub fn symlink(&self, rel: &str, target: impl AsRef<Path>) -> &Self {
        let link = self.path(rel);
        std::os::unix::fs::symlink(target.as_ref(), &link)
            .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
        self
    }

    /// Makes `rel` a named pipe (which blocks whoever opens it for reading).
    pub fn mkfifo(&self, rel: &str) -> &Self {
        let path = self.path(rel);
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo {}", path.display());
        self
    }

    /// Reads a source file under the root.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        let path = self.path(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    // -----------------------------------------------------------------------------------
    // Runs
    // -----------------------------------------------------------------------------------

    /// `trustdocs <args>`, about to run in the site root (to set the clock, the
    /// environment or a time limit first).
    pub fn cmd(&self, args: &[&str]) -> Cmd {
        Cmd::new(self.root(), args)
    }

    /// `trustdocs <args>`, run in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        self.cmd(args).run()
    }

    /// `trustdocs build --root <root>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `trustdocs build --root <root> <args>`.
    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root", self.root_arg()];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `trustdocs serve` on this site, on a free loopback port, until dropped.
    pub fn serve(&self) -> Preview {
        Preview::start(self.root())
    }

    /// `serve`, with the clock fixed at `now` (an RFC 3339 instant).
    pub fn serve_at(&self, now: &str) -> Preview {
        Preview::start_at(self.root(), Some(now))
    }

    // -----------------------------------------------------------------------------------
    // The output
    // -----------------------------------------------------------------------------------

    /// A file of the default output folder, as text; a page without its `<wbr>`s (the
    /// phrase breaks, which a reader never sees: `raw_file` keeps them).
    pub fn file(&self, rel: &str) -> String {
        let text = self.raw_file(rel);
        if rel.ends_with(".html") && text.contains("<wbr>") {
            return text.replace("<wbr>", "");
        }
        text
    }

    /// A file of the default output folder, as text, byte for byte.
    pub fn raw_file(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .unwrap_or_else(|_| panic!("{} is not UTF-8", path.display())),
            Err(e) => panic!(
                "cannot read output file {rel}: {e}\nthe output has:\n{}",
                listing(&self.public())
            ),
        }
    }

    /// Whether the default output folder has this file.
    pub fn has_file(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }

    /// Asserts that the output file contains every one of `needles`.
    pub fn check_file_contains(&self, rel: &str, needles: &[&str]) -> &Self {
        let text = self.file(rel);
        for needle in needles {
            assert!(
                text.contains(needle),
                "{rel} should contain {needle:?} but does not:\n{}",
                excerpt(&text)
            );
        }
        self
    }

    /// Asserts that the output file contains none of `needles`.
    pub fn check_file_not_contains(&self, rel: &str, needles: &[&str]) -> &Self {
        let text = self.file(rel);
        for needle in needles {
            if let Some(at) = text.find(needle) {
                let start = floor_char_boundary(&text, at.saturating_sub(300));
                let end = floor_char_boundary(&text, (at + 300).min(text.len()));
                panic!(
                    "{rel} should not contain {needle:?} but does:\n…{}…",
                    &text[start..end]
                );
            }
        }
        self
    }

    /// Every file of the default output folder with its bytes.
    pub fn output_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.public())
    }

    /// HTML files of the default output folder, `/`-separated paths relative to it.
    pub fn html_files(&self) -> Vec<String> {
        self.output_tree()
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    /// Asserts that no staging or old output folder (`.public…`) is left beside `public/`.
    pub fn check_no_leftovers(&self) -> &Self {
        let leftovers: Vec<String> = std::fs::read_dir(self.root())
            .unwrap_or_else(|e| panic!("read {}: {e}", self.root().display()))
            .map(|e| e.expect("read folder entry").file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "left beside the output: {leftovers:?}"
        );
        self
    }
}

/// Copies the example portal (`site.yaml`, `content/`, `themes/`, `locales/` of the
/// repository) into `to`.
pub fn copy_example(to: &Path) {
    let repo = repo();
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for file in ["site.yaml", "search.yaml"] {
        std::fs::copy(repo.join(file), to.join(file))
            .unwrap_or_else(|e| panic!("copy {file}: {e}"));
    }
    for dir in ["content", "themes", "locales", "data"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &to.join(dir));
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
