//! The one harness of the integration tests: real parts only (the real `trustdocs` binary,
//! the real preview server with a real HTTP client, headless Chromium).
//!
//! - [`Site`] (`site.rs`): a fixture site or the example portal in a temporary folder, a
//!   writer's edits, runs of the binary on it, and assertions on its output folder;
//! - [`Cmd`] and [`Run`] (`run.rs`): one run of the binary (clock, environment, time
//!   limit) and what it printed and returned;
//! - `tree.rs`: folders as maps of files to bytes, to compare outputs byte for byte;
//! - `html.rs`: tags, elements, ids and links of a page, and dead links of an output tree;
//! - [`LinkServer`] (`link_server.rs`): a local HTTP server for `check --external`;
//! - [`Preview`] (`preview.rs`): `trustdocs serve` and an HTTP and event-stream client;
//! - `webdriver.rs`: headless Chromium through chromedriver;
//! - `snapshot.rs`: an output file as the text of an insta snapshot;
//! - `comparison.rs`: a "what changed" page's marked text and its two views.
//!
//! Each test file uses part of it, hence the `dead_code` allowance.

#![allow(dead_code, unused_imports)]

pub mod comparison;
pub mod html;
pub mod link_server;
pub mod preview;
pub mod run;
pub mod site;
pub mod snapshot;
pub mod tree;
pub mod webdriver;

pub use html::{Element, Tag, dead_links, elements, ids, main_of, position, rel_link, tags, urls};
pub use link_server::{LinkServer, refused_url};
pub use preview::{Preview, WAIT, expect_event};
pub use run::{Cmd, Run, binary, excerpt, repo};
pub use site::{Site, copy_example};
pub use tree::{assert_same_tree, copy_dir, tree};
