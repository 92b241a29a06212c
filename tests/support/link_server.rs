//! A small HTTP/1.1 server on 127.0.0.1 for `check --external`: fixed paths that answer
//! 200 (HTML with ids, a PDF), 301, 302, a redirect loop, 404, 429 (once, or always) and
//! too slowly, over keep-alive connections; and a record of what it was asked, how many
//! connections it was asked over and how many requests were in flight at once.
//!
//! | path | answer |
//! | --- | --- |
//! | `/page.html` | 200, HTML with `id="intro"` and `<a name="old">` |
//! | `/doc.pdf` | 200, `application/pdf` |
//! | `/moved` | 301 to `/page.html` |
//! | `/temporary` | 302 to `/page.html` |
//! | `/loop` | 301 to itself |
//! | `/busy-once` | 429 with `Retry-After: 1` the first time, 200 after |
//! | `/always-busy` | 429 with `Retry-After: 1` |
//! | `/slow` | 200 after 5 s |
//! | `/pool/<n>` | 200 after 200 ms (to see how many are asked at once) |
//! | anything else | 404 |

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct Stats {
    requests: Mutex<Vec<String>>,
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    stop: AtomicBool,
}

/// The server, listening until dropped.
pub struct LinkServer {
    addr: SocketAddr,
    stats: Arc<Stats>,
}

impl LinkServer {
    pub fn start() -> LinkServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let stats = Arc::new(Stats::default());
        let shared = stats.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let stats = shared.clone();
                std::thread::spawn(move || serve_connection(stream, &stats));
            }
        });
        LinkServer { addr, stats }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// How many requests asked for `path`.
    pub fn requests(&self, path: &str) -> usize {
        let requests = self.stats.requests.lock().expect("requests");
        requests.iter().filter(|p| *p == path).count()
    }

    /// Every request, in all.
    pub fn all_requests(&self) -> usize {
        self.stats.requests.lock().expect("requests").len()
    }

    /// The TCP connections the requests came over.
    pub fn connections(&self) -> usize {
        self.stats.connections.load(Ordering::SeqCst)
    }

    /// The most requests that were being answered at one time.
    pub fn max_in_flight(&self) -> usize {
        self.stats.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for LinkServer {
    fn drop(&mut self) {
        self.stats.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// A loopback address nothing listens on: connecting to it is refused.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}/")
}

fn serve_connection(stream: TcpStream, stats: &Stats) {
    let Ok(writer) = stream.try_clone() else {
        return;
    };
    let mut writer = writer;
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        // The headers, to the blank line; requests here have no body.
        loop {
            let mut header = String::new();
            match reader.read_line(&mut header) {
                Ok(0) | Err(_) => return,
                Ok(_) if header.trim().is_empty() => break,
                Ok(_) => {}
            }
        }
        let path = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_string();
        let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let first_busy = {
            let mut requests = stats.requests.lock().expect("requests");
            requests.push(path.clone());
            requests.iter().filter(|p| **p == path).count() == 1
        };
        let response = answer(&path, first_busy);
        let written = writer.write_all(&response).and_then(|()| writer.flush());
        stats.in_flight.fetch_sub(1, Ordering::SeqCst);
        if written.is_err() {
            return;
        }
    }
}

/// The bytes of the answer to `path`; `first`: the first request for it.
fn answer(path: &str, first: bool) -> Vec<u8> {
    let html = "<!doctype html><html><head><title>t</title></head><body>\
                <h2 id=\"intro\">Intro</h2><p><a name=\"old\"></a>text</p></body></html>";
    let (status, headers, body): (&str, Vec<(&str, &str)>, &str) = match path {
        "/page.html" => (
            "200 OK",
            vec![("Content-Type", "text/html; charset=utf-8")],
            html,
        ),
        "/doc.pdf" => (
            "200 OK",
            vec![("Content-Type", "application/pdf")],
            "%PDF-1.4",
        ),
        "/moved" => (
            "301 Moved Permanently",
            vec![("Location", "/page.html")],
            "",
        ),
        "/temporary" => ("302 Found", vec![("Location", "page.html")], ""),
        "/loop" => ("301 Moved Permanently", vec![("Location", "/loop")], ""),
        "/busy-once" if first => ("429 Too Many Requests", vec![("Retry-After", "1")], ""),
        "/busy-once" => ("200 OK", vec![("Content-Type", "text/plain")], "fine now"),
        "/always-busy" => ("429 Too Many Requests", vec![("Retry-After", "1")], ""),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(5));
            ("200 OK", vec![("Content-Type", "text/plain")], "late")
        }
        p if p.starts_with("/pool/") => {
            std::thread::sleep(Duration::from_millis(200));
            ("200 OK", vec![("Content-Type", "text/plain")], "pooled")
        }
        _ => (
            "404 Not Found",
            vec![("Content-Type", "text/plain")],
            "no such page",
        ),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    response.into_bytes()
}
