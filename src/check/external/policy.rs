//! How the external links are fetched: a few worker threads sharing one agent (whose pool
//! keeps each host's connections open between requests), never more than `per_host`
//! requests to one host at a time, and a host that answered 429 left alone for as long
//! as its `Retry-After` asks (at most `max_wait`) before the link is tried again, up to
//! `retries` times.
//!
//! The waiting is measured on the monotonic clock: it decides when to ask again, never
//! what the report says.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::Settings;
use super::fetch::{self, Outcome, Try};

/// The fetch policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Requests in flight at once, in all.
    pub workers: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// The longest one request (with its body) may take.
    pub timeout: Duration,
    /// Tries after a 429, each after the wait the server asked for.
    pub retries: u32,
    /// The longest wait a `Retry-After` is granted; one asking more is waited this long.
    pub max_wait: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            workers: 8,
            per_host: 2,
            timeout: Duration::from_secs(20),
            retries: 2,
            max_wait: Duration::from_secs(60),
        }
    }
}

/// A link to fetch.
#[derive(Debug, Clone)]
pub struct Request {
    /// Without its `#anchor`.
    pub url: String,
    /// An `#anchor` of it is to be checked: read the page's ids.
    pub ids_wanted: bool,
}

/// The links of one host still to fetch.
#[derive(Default)]
struct Host {
    waiting: VecDeque<(Request, u32)>,
    in_flight: usize,
    /// Asked (429) to come back no sooner than this.
    paused_until: Option<Instant>,
}

struct Queue {
    hosts: BTreeMap<String, Host>,
    /// Links not yet answered, waiting or in flight.
    unfinished: usize,
    done: Vec<(String, Outcome)>,
}

/// Fetches every request under `settings`' policy; the outcomes in URL order.
pub fn fetch_all(requests: Vec<Request>, settings: &Settings) -> BTreeMap<String, Outcome> {
    if requests.is_empty() {
        return BTreeMap::new();
    }
    let policy = &settings.policy;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(policy.timeout))
        .max_idle_connections_per_host(policy.per_host.max(1))
        .max_idle_connections(policy.workers.max(1) * 4)
        .user_agent(concat!(
            "trustdocs-check/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .proxy(settings.proxy.clone())
        .build()
        .into();
    let mut hosts: BTreeMap<String, Host> = BTreeMap::new();
    let total = requests.len();
    for request in requests {
        let host = host_of(&request.url);
        hosts
            .entry(host)
            .or_default()
            .waiting
            .push_back((request, 0));
    }
    let queue = Mutex::new(Queue {
        hosts,
        unfinished: total,
        done: Vec::with_capacity(total),
    });
    let changed = Condvar::new();
    let workers = policy.workers.clamp(1, total);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| work(&agent, &queue, &changed, settings));
        }
    });
    let queue = queue
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    queue.done.into_iter().collect()
}

/// One worker: takes the next link a host lets it fetch, until none is left.
fn work(agent: &ureq::Agent, queue: &Mutex<Queue>, changed: &Condvar, settings: &Settings) {
    let policy = &settings.policy;
    let lock = || {
        queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };
    let mut state = lock();
    loop {
        if state.unfinished == 0 {
            changed.notify_all();
            return;
        }
        let now = Instant::now();
        let next = state.hosts.iter_mut().find(|(_, h)| {
            !h.waiting.is_empty()
                && h.in_flight < policy.per_host.max(1)
                && h.paused_until.is_none_or(|t| t <= now)
        });
        let Some((host, entry)) = next else {
            // Nothing may start now: wait for a request to end, or for a pause to run out.
            let resume = state.hosts.values().filter_map(|h| h.paused_until).min();
            state = match resume {
                Some(at) => {
                    let wait = at
                        .saturating_duration_since(now)
                        .max(Duration::from_millis(5));
                    changed
                        .wait_timeout(state, wait)
                        .map_or_else(|poisoned| poisoned.into_inner().0, |(guard, _)| guard)
                }
                None => changed
                    .wait(state)
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            };
            continue;
        };
        let host = host.clone();
        let Some((request, tries)) = entry.waiting.pop_front() else {
            continue;
        };
        entry.in_flight += 1;
        drop(state);

        let fetched = fetch::fetch(agent, &request.url, request.ids_wanted, settings.now);

        state = lock();
        let Some(entry) = state.hosts.get_mut(&host) else {
            return;
        };
        entry.in_flight -= 1;
        let outcome = match fetched {
            Try::Done(outcome) => Some(outcome),
            Try::Later(asked) if tries < policy.retries => {
                let wait = asked.unwrap_or(Duration::from_secs(1)).min(policy.max_wait);
                entry.paused_until = Some(Instant::now() + wait);
                entry.waiting.push_front((request.clone(), tries + 1));
                None
            }
            Try::Later(_) => Some(Outcome::Unanswered(format!(
                "429 Too Many Requests, still after {} tries",
                tries + 1
            ))),
        };
        if let Some(outcome) = outcome {
            state.done.push((request.url, outcome));
            state.unfinished -= 1;
        }
        changed.notify_all();
    }
}

/// `https://Example.com:8443/a` → `https://example.com:8443`: what the per-host limit
/// counts by.
fn host_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        rest[..end].to_ascii_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_told_by_scheme_host_and_port() {
        assert_eq!(host_of("https://Example.com/a?b"), "https://example.com");
        assert_eq!(host_of("http://127.0.0.1:8080#x"), "http://127.0.0.1:8080");
        assert_ne!(
            host_of("http://example.com/"),
            host_of("https://example.com/")
        );
    }
}
