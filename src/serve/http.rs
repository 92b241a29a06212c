//! Answering one HTTP request of the preview server: confined to the built site, with
//! the right MIME type and `Cache-Control: no-store`, the live-reload script added to HTML.
//! Event streams are handed to their own thread so they never hold a worker.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use crate::model::served::{mime_type, safe_path};
use crate::serve::hub::Hub;
use crate::serve::live_site::Served;
use crate::serve::visited::Visited;
use crate::write::Output;

/// Reserved paths of the preview server.
pub const EVENTS_PATH: &str = "/__trustdocs/events";
pub const SCRIPT_PATH: &str = "/__trustdocs/livereload.js";
const SCRIPT: &str = include_str!("livereload.js");
/// Longest request path accepted.
/// Most event streams open at once.
const MAX_STREAMS: usize = 512;
/// Silence after which a stream gets a comment, so a closed tab is noticed.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// What the request handlers share.
pub struct Shared {
    pub served: Served,
    pub hub: Arc<Hub>,
    /// Pages asked for lately, rendered first after a template edit.
    pub visited: Arc<Visited>,
    /// Host names the `Host` header may use (against DNS rebinding).
    pub allowed_hosts: Vec<String>,
    pub port: u16,
    /// Whether any IP literal may be used as host (bound to all interfaces).
    pub any_ip_host: bool,
}

pub fn handle(request: Request, shared: &Arc<Shared>) {
    if !host_allowed(&request, shared) {
        let _ = request.respond(text(403, "Forbidden: unexpected Host header"));
        return;
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = request.respond(text(405, "Method not allowed"));
        return;
    }
    let raw = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let Some(path) = safe_path(&raw) else {
        let _ = request.respond(text(400, "Bad request path"));
        return;
    };
    if path == EVENTS_PATH {
        let shared = shared.clone();
        std::thread::spawn(move || stream_events(request, &shared));
        return;
    }
    if path == SCRIPT_PATH {
        let _ = request.respond(bytes(
            200,
            SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ));
        return;
    }
    let output = shared.served.read().unwrap_or_else(|p| p.into_inner());
    let response = match lookup(&output, &path) {
        Found::File(file) => match output.read(&file) {
            Some(Ok(body)) => {
                let mime = mime_type(&file);
                let body = if mime.starts_with("text/html") {
                    shared.visited.record(&file);
                    inject_script(body)
                } else {
                    body
                };
                bytes(200, body, mime)
            }
            _ => not_found(&output),
        },
        Found::Redirect(to) => {
            let mut response = text(301, "Moved");
            if let Ok(h) = Header::from_bytes("Location", to.as_bytes()) {
                response.add_header(h);
            }
            response
        }
        Found::Nothing => not_found(&output),
    };
    drop(output);
    let _ = request.respond(response);
}

enum Found {
    File(String),
    Redirect(String),
    Nothing,
}

fn lookup(output: &Output, path: &str) -> Found {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        let file = format!("{rel}index.html");
        return if output.files.contains_key(&file) {
            Found::File(file)
        } else {
            Found::Nothing
        };
    }
    if output.files.contains_key(rel) {
        return Found::File(rel.to_string());
    }
    if output.files.contains_key(&format!("{rel}/index.html")) {
        return Found::Redirect(format!("{path}/"));
    }
    Found::Nothing
}

fn not_found(output: &Output) -> Response<std::io::Cursor<Vec<u8>>> {
    match output.read("404.html") {
        Some(Ok(body)) => bytes(404, inject_script(body), "text/html; charset=utf-8"),
        // Nothing built yet (the first build failed): a bare page whose live-reload script
        // shows the error and reloads once the site builds.
        _ => bytes(
            404,
            inject_script(NOT_BUILT.as_bytes().to_vec()),
            "text/html; charset=utf-8",
        ),
    }
}

const NOT_BUILT: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>trustdocs</title></head>\n<body><p>The site has not been built yet: see the error.</p></body></html>\n";

fn host_allowed(request: &Request, shared: &Shared) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let (name, port) = split_host(&host);
    let port_ok = match port {
        Some(port) => port.parse::<u16>().ok() == Some(shared.port),
        None => shared.port == 80,
    };
    port_ok
        && (shared.allowed_hosts.iter().any(|h| h == name)
            || (shared.any_ip_host && name.parse::<std::net::IpAddr>().is_ok()))
}

/// `[::1]:1111` → (`::1`, `1111`); `localhost:1111` → (`localhost`, `1111`).
fn split_host(host: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((name, after)) => (name, after.strip_prefix(':')),
            None => (rest, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// Server-Sent Events: each event written and flushed at once (a buffered, chunked body
/// would stall); a heartbeat comment when idle, whose failed write tells a tab has closed.
fn stream_events(request: Request, shared: &Shared) {
    let Some((mut subscription, error)) = shared.hub.subscribe(MAX_STREAMS) else {
        let _ = request.respond(text(503, "Too many event streams"));
        return;
    };
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n\
                retry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    if let Some(error) = error
        && writer
            .write_all(error.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
    {
        return;
    }
    loop {
        let events = subscription.next(HEARTBEAT);
        let text = if events.is_empty() {
            ": heartbeat\n\n".to_string()
        } else {
            events.concat()
        };
        if writer
            .write_all(text.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Adds the live-reload script before the last `</body>` (the one place trustdocs touches
/// rendered HTML, and only in `serve`).
fn inject_script(mut body: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-events=\"{EVENTS_PATH}\"></script>\n");
    let at = body
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(body.len());
    body.splice(at..at, tag.into_bytes());
    body
}

fn bytes(status: u16, body: Vec<u8>, mime: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body).with_status_code(StatusCode(status));
    for (name, value) in [
        ("Content-Type", mime),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    response
}

fn text(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    bytes(
        status,
        format!("{message}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/%2E%2E/b",
            "/a\\b",
            "/a%5cb",
            "/a%00b",
            "//etc",
            "x",
            "/C:/x",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path(&format!("/{}", "a".repeat(3000))), None);
        assert_eq!(
            safe_path("/ja/security-guideline/").as_deref(),
            Some("/ja/security-guideline/")
        );
        assert_eq!(safe_path("/a%20b.png").as_deref(), Some("/a b.png"));
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject_script(b"<body>x</body>\n</html>".to_vec())).unwrap();
        assert!(
            out.starts_with("<body>x<script src=\"/__trustdocs/livereload.js\""),
            "{out}"
        );
        assert!(out.ends_with("</script>\n</body>\n</html>"), "{out}");
    }
}
