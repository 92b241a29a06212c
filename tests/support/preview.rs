//! A running `trustdocs serve` on a site (usually `Site::serve` on a copy of the example
//! portal), and a real HTTP client for it: ureq for ordinary requests and event streams,
//! raw sockets for requests that a well-behaved client would never send. A writer's saves
//! while it runs are the site's own (`Site::write`, `Site::write_by_rename`, …).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(15);

/// The preview server as a child process, killed on drop.
pub struct Preview {
    pub root: PathBuf,
    pub port: u16,
    child: Child,
    pub log: std::sync::Mutex<Receiver<String>>,
    /// What the server printed up to and with its address.
    pub startup: Vec<String>,
}

impl Preview {
    pub fn start(root: &Path) -> Preview {
        Preview::start_at(root, None)
    }

    /// `start`, with the clock fixed at `now` (`TRUSTDOCS_NOW`) when given.
    pub fn start_at(root: &Path, now: Option<&str>) -> Preview {
        let mut command = Command::new(super::binary());
        if let Some(now) = now {
            command.env("TRUSTDOCS_NOW", now);
        }
        let mut child = command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + WAIT;
        let mut startup = Vec::new();
        let port = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server printed its address");
            startup.push(line.clone());
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        Preview {
            root: root.to_path_buf(),
            port,
            child,
            log: std::sync::Mutex::new(rx),
            startup,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// GET with a real HTTP client; (status, body).
    /// A page's body as a reader sees its text: without the `<wbr>`s of phrase breaks.
    pub fn page(&self, path: &str) -> String {
        self.get(path).1.replace("<wbr>", "")
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(WAIT))
            .build()
            .into();
        let mut response = agent.get(&self.url(path)).call().unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    /// Sends raw request bytes and returns the status code of the answer.
    pub fn raw_status(&self, request: &str) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        std::str::from_utf8(&head[9..12]).unwrap().parse().unwrap()
    }

    /// Opens an event stream; each SSE event arrives as (name, data).
    pub fn events(&self) -> Receiver<(String, String)> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(None)
            .build()
            .into();
        let response = agent.get(&self.url("/__trustdocs/events")).call().unwrap();
        let mut reader = BufReader::new(response.into_body().into_reader());
        let (tx, rx) = channel();
        let (ready_tx, ready_rx) = channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            let mut line = String::new();
            let _ = ready_tx.send(());
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let text = line.trim_end_matches(['\r', '\n']).to_string();
                line.clear();
                if let Some(n) = text.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(data) = text.strip_prefix("data: ")
                    && tx
                        .send((std::mem::take(&mut name), data.to_string()))
                        .is_err()
                {
                    return;
                }
            }
        });
        ready_rx.recv().unwrap();
        rx
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for an event named `name` whose data passes `test`; panics after `WAIT`.
pub fn expect_event(
    events: &Receiver<(String, String)>,
    name: &str,
    test: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok((n, data)) if n == name && test(&data) => return data,
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event within {WAIT:?}"),
        }
    }
}
