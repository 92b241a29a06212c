//! The live-reload hub: the latest build outcome, as a numbered event that every open
//! event stream waits for. One mutex and one condition variable; no global state.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How many past events a slow stream can still catch up on.
const KEEP: usize = 64;

#[derive(Default)]
struct State {
    next: u64,
    events: VecDeque<(u64, String)>,
    /// The current build error, as an SSE `error` event, sent to every new stream.
    error: Option<String>,
    streams: usize,
}

#[derive(Default)]
pub struct Hub {
    state: Mutex<State>,
    changed: Condvar,
}

/// One event stream's view of the hub.
pub struct Subscription<'a> {
    hub: &'a Hub,
    seen: u64,
}

impl Hub {
    /// Publishes an SSE event (`event: <name>` with JSON data) to every stream.
    pub fn publish(&self, name: &str, json: &str, is_error: bool) {
        let text = format!("event: {name}\ndata: {json}\n\n");
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.error = is_error.then(|| text.clone());
        let seq = state.next;
        state.next += 1;
        state.events.push_back((seq, text));
        while state.events.len() > KEEP {
            state.events.pop_front();
        }
        self.changed.notify_all();
    }

    /// Registers a stream; `None` when too many are open.
    pub fn subscribe(&self, limit: usize) -> Option<(Subscription<'_>, Option<String>)> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.streams >= limit {
            return None;
        }
        state.streams += 1;
        let seen = state.next;
        let error = state.error.clone();
        Some((Subscription { hub: self, seen }, error))
    }

    pub fn open_streams(&self) -> usize {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).streams
    }
}

impl Subscription<'_> {
    /// Waits up to `timeout` for events newer than the last ones returned.
    pub fn next(&mut self, timeout: Duration) -> Vec<String> {
        let state = self.hub.state.lock().unwrap_or_else(|p| p.into_inner());
        let (state, _) = self
            .hub
            .changed
            .wait_timeout_while(state, timeout, |s| s.next <= self.seen)
            .unwrap_or_else(|p| p.into_inner());
        let fresh: Vec<String> = state
            .events
            .iter()
            .filter(|(seq, _)| *seq >= self.seen)
            .map(|(_, text)| text.clone())
            .collect();
        self.seen = state.next;
        fresh
    }
}

impl Drop for Subscription<'_> {
    fn drop(&mut self) {
        let mut state = self.hub.state.lock().unwrap_or_else(|p| p.into_inner());
        state.streams = state.streams.saturating_sub(1);
    }
}
