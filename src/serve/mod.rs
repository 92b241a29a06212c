//! `trustdocs serve`: builds in memory with drafts on, serves on loopback, watches the
//! sources and pushes live-reload events. The server never dies of bad content: a failed
//! build keeps the last good pages and shows the error in every open tab.

pub mod change;
pub mod http;
pub mod hub;
pub mod live_site;
pub mod memory;
pub mod visited;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::load::{Clock, Options};
use crate::write::Output;
use change::{ChangeKind, classify};
use hub::Hub;
use live_site::{LiveSite, Outcome, errors_json};
use visited::Visited;

/// Debounce of file events: long enough to see an editor's write-temp-then-rename as one
/// change, short enough to feel instant.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// Worker threads answering requests (event streams have their own threads).
const WORKERS: usize = 8;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Where "today" comes from.
    pub clock: Clock,
    pub bind: IpAddr,
    pub port: u16,
    /// The port was chosen by the user: do not move to another when it is busy.
    pub port_given: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "port {port} on {bind} is already in use: stop the other server or choose another with --port"
    )]
    PortBusy { bind: IpAddr, port: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
}

/// A running server, for tests and for `serve` itself.
pub struct Server {
    pub addr: SocketAddr,
    server: Arc<tiny_http::Server>,
}

impl Server {
    pub fn url(&self) -> String {
        match self.addr.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}/", self.addr.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}/", self.addr.port()),
        }
    }

    /// Stops accepting requests (the watcher and open streams end with the process).
    pub fn stop(&self) {
        self.server.unblock();
    }
}

/// Starts the server and its watcher; returns once it listens, with the first build's
/// outcome (which may be an error: the server runs anyway and shows it).
pub fn start(
    options: &ServeOptions,
    on_outcome: impl Fn(&Outcome) + Send + 'static,
) -> Result<Server, ServeError> {
    let listener = bind(options)?;
    let addr = listener.local_addr().map_err(|source| ServeError::Listen {
        addr: SocketAddr::new(options.bind, options.port),
        source,
    })?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None).map_err(|e| ServeError::Listen {
            addr,
            source: std::io::Error::other(e.to_string()),
        })?,
    );

    let build = Options {
        root: options.root.clone(),
        now: options.clock.now(),
        base_url: Some(match addr.ip() {
            IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
            IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        }),
        drafts: true,
    };
    let served = Arc::new(RwLock::new(Output::default()));
    let hub = Arc::new(Hub::default());
    let (mut site, first) = LiveSite::new(build, options.clock, served.clone());
    publish(&hub, &first);
    on_outcome(&first);
    if let Some(checked) = site.check() {
        publish(&hub, &checked);
        on_outcome(&checked);
    }

    let (tx, rx) = channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).map_err(|source| ServeError::Watch {
        path: options.root.clone(),
        source,
    })?;
    for (dir, mode) in [
        ("content", RecursiveMode::Recursive),
        ("themes", RecursiveMode::Recursive),
        ("locales", RecursiveMode::Recursive),
        (crate::load::data::DATA_DIR, RecursiveMode::Recursive),
        ("", RecursiveMode::NonRecursive),
    ] {
        let path = if dir.is_empty() {
            options.root.clone()
        } else {
            options.root.join(dir)
        };
        if path.is_dir() {
            debouncer
                .watch(&path, mode)
                .map_err(|source| ServeError::Watch { path, source })?;
        }
    }
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let watch_hub = hub.clone();
    let visited = Arc::new(Visited::default());
    let watch_visited = visited.clone();
    std::thread::spawn(move || {
        let mut debouncer = debouncer;
        // `data/` made while the server runs: watched from then on.
        let data_dir = root.join(crate::load::data::DATA_DIR);
        let mut data_watched = data_dir.is_dir();
        let mut watch_data = move || {
            if !data_watched && data_dir.is_dir() {
                data_watched = debouncer.watch(&data_dir, RecursiveMode::Recursive).is_ok();
            }
        };
        rebuild_loop(
            site,
            &root,
            &rx,
            &watch_hub,
            &watch_visited,
            &on_outcome,
            &mut watch_data,
        );
    });

    let mut allowed_hosts = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    allowed_hosts.push(addr.ip().to_string());
    let shared = Arc::new(http::Shared {
        served,
        hub,
        visited,
        allowed_hosts,
        port: addr.port(),
        any_ip_host: addr.ip().is_unspecified(),
    });
    for _ in 0..WORKERS {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::handle(request, &shared);
            }
        });
    }
    Ok(Server { addr, server })
}

fn bind(options: &ServeOptions) -> Result<TcpListener, ServeError> {
    let tries = if options.port_given || options.port == 0 {
        1
    } else {
        10
    };
    for port in (options.port..).take(tries) {
        let addr = SocketAddr::new(options.bind, port);
        match TcpListener::bind(addr) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Listen { addr, source }),
        }
    }
    Err(ServeError::PortBusy {
        bind: options.bind,
        port: options.port,
    })
}

/// How long saves pause before the memory rebuilds freed is handed back.
const IDLE: Duration = Duration::from_secs(2);

/// Waits for debounced file events, coalesces bursts, rebuilds what they touch, and
/// publishes the outcome.
fn rebuild_loop(
    mut site: LiveSite,
    root: &Path,
    rx: &Receiver<DebounceEventResult>,
    hub: &Hub,
    visited: &Visited,
    on_outcome: &dyn Fn(&Outcome),
    watch_data: &mut dyn FnMut(),
) {
    // Memory freed by the rebuilds is handed back to the system once saves pause: at
    // once, the next rebuild would pay for taking it again (a tenth slower), and it is
    // the memory an idle preview holds that matters.
    let mut unreturned = true;
    loop {
        let first = match rx.recv_timeout(IDLE) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => {
                if std::mem::take(&mut unreturned) {
                    crate::serve::memory::return_free_memory();
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut batch = vec![first];
        loop {
            match rx.recv_timeout(Duration::from_millis(1)) {
                Ok(more) => batch.push(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let theme = site.theme_name().unwrap_or("default").to_string();
        let mut changes: Vec<ChangeKind> = Vec::new();
        for events in batch.into_iter().flatten() {
            // Reading a file (ours included) is an event too; only writes count.
            for event in events
                .into_iter()
                .filter(|e| !e.kind.is_access() && !e.kind.is_other())
            {
                for path in &event.paths {
                    let kind = classify(root, path, &theme);
                    if !changes.contains(&kind) {
                        changes.push(kind);
                    }
                }
            }
        }
        if changes.iter().all(|c| *c == ChangeKind::Ignored) {
            continue;
        }
        if changes.contains(&ChangeKind::Data) {
            watch_data();
        }
        let outcome = site.apply(&changes, &visited.pages(), &mut |early| publish(hub, early));
        publish(hub, &outcome);
        on_outcome(&outcome);
        // After the reload is announced: the checks never delay it.
        if let Some(checked) = site.check() {
            publish(hub, &checked);
            on_outcome(&checked);
        }
        unreturned = true;
    }
}

fn publish(hub: &Hub, outcome: &Outcome) {
    if let Some(errors) = &outcome.errors {
        hub.publish("error", &errors_json(errors), true);
        return;
    }
    if !outcome.css.is_empty() {
        let paths: Vec<String> = outcome.css.iter().map(|p| format!("/{p}")).collect();
        hub.publish(
            "css",
            &serde_json::json!({ "paths": paths }).to_string(),
            false,
        );
    }
    // Always say a build succeeded: tabs showing an error overlay clear it even when the
    // fix left their page as it was.
    {
        let paths: Vec<String> = outcome.changed.iter().map(|p| format!("/{p}")).collect();
        hub.publish(
            "reload",
            &serde_json::json!({ "all": outcome.all, "paths": paths }).to_string(),
            false,
        );
    }
}
