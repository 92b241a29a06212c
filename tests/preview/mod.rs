//! The old path of the preview client, kept only for `tests/search.rs` and
//! `tests/search_browser.rs` until they move onto the one harness, `tests/support/`.
//! Everything here comes from there; new tests use `mod support;` instead.

#![allow(dead_code, unused_imports)]

#[path = "../support/mod.rs"]
mod support;

pub use support::preview::{Preview, WAIT, expect_event};
pub use support::webdriver;

/// A copy of the example portal in a temporary folder (`support::Site::example` is the
/// harness's own).
pub fn copy_example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    support::copy_example(dir.path());
    dir
}

/// A writer's saves through the server value, as the old client had them
/// (`support::Site::read` and `write` are the harness's own).
impl Preview {
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read a file of the site")
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).expect("write a file of the site");
    }
}
