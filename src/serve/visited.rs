//! The pages browsers asked for last: after a template or Fluent edit they are rendered
//! and reloaded before the rest of the site, so the page a writer looks at updates first
//! (as Hugo's fast render does, except that the rest follows a moment later).

use std::collections::VecDeque;
use std::sync::Mutex;

/// Pages remembered.
const VISITED: usize = 8;

/// Output paths of the pages asked for last, newest first.
#[derive(Default)]
pub struct Visited(Mutex<VecDeque<String>>);

impl Visited {
    pub fn record(&self, path: &str) {
        let mut pages = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if pages.front().is_some_and(|p| p == path) {
            return;
        }
        pages.retain(|p| p != path);
        pages.push_front(path.to_string());
        pages.truncate(VISITED);
    }

    pub fn pages(&self) -> Vec<String> {
        let pages = self.0.lock().unwrap_or_else(|p| p.into_inner());
        pages.iter().cloned().collect()
    }
}
