//! One external link fetched: a GET through the shared agent (its pool reuses each host's
//! connections), redirects followed one by one so that each is seen, the page's ids read
//! when an `#anchor` needs them, and the answer sorted into what the report says.

use std::collections::HashSet;
use std::io::Read;
use std::time::Duration;

use ureq::http::{StatusCode, header};

use super::html;

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;
/// The most of a page read for its ids; a longer page's anchors are not checked.
const MAX_HTML: u64 = 8 * 1024 * 1024;
/// The most of a body read (and thrown away) so that its connection can serve the next
/// request; a longer one is dropped with its connection.
const MAX_DRAINED: u64 = 256 * 1024;

/// What fetching a link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered 2xx, possibly after redirects.
    Working {
        /// Where it ended, when every redirect on the way was permanent (301, 308): the
        /// link should say that.
        moved: Option<String>,
        /// It is an HTML page.
        html: bool,
        /// The page's ids, when it is HTML and they were wanted.
        ids: Option<HashSet<String>>,
    },
    /// An error status, no connection, no answer in time, a redirect loop.
    Broken(String),
    /// The server kept asking to wait (429).
    Unanswered(String),
}

/// One try: an outcome, or the server's request to come back later.
pub enum Try {
    Done(Outcome),
    /// 429 Too Many Requests, with how long `Retry-After` asks to wait (if it says).
    Later(Option<Duration>),
}

/// Fetches `url`, reading its ids if `ids_wanted`. `now` reads an HTTP-date `Retry-After`.
pub fn fetch(agent: &ureq::Agent, url: &str, ids_wanted: bool, now: jiff::Timestamp) -> Try {
    let mut current = request_uri(url);
    let mut permanent = true;
    for _ in 0..=MAX_REDIRECTS {
        let mut response = match agent.get(&current).call() {
            Ok(response) => response,
            Err(e) => return Try::Done(Outcome::Broken(failure(&e))),
        };
        let status = response.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            drain(response.body_mut());
            return Try::Later(retry_after(&response, now));
        }
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let Some(location) = response
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
            else {
                return Try::Done(Outcome::Broken(format!(
                    "{} without a Location to go to",
                    shown(status)
                )));
            };
            permanent &= matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
            );
            let next = join(&current, location);
            drain(response.body_mut());
            current = next;
            continue;
        }
        if !status.is_success() {
            drain(response.body_mut());
            return Try::Done(Outcome::Broken(shown(status)));
        }
        let html = response
            .body()
            .mime_type()
            .is_some_and(|m| m.eq_ignore_ascii_case("text/html") || m.contains("xhtml"));
        let ids = if ids_wanted && html {
            let text = response
                .body_mut()
                .with_config()
                .limit(MAX_HTML)
                .lossy_utf8(true)
                .read_to_string();
            match text {
                Ok(text) => Some(html::ids(&text)),
                Err(e) => return Try::Done(Outcome::Broken(failure(&e))),
            }
        } else {
            drain(response.body_mut());
            None
        };
        let moved = (permanent && current != request_uri(url)).then_some(current);
        return Try::Done(Outcome::Working { moved, html, ids });
    }
    Try::Done(Outcome::Broken(format!(
        "more than {MAX_REDIRECTS} redirects (a loop?), last to {current}"
    )))
}

/// `404 Not Found`.
fn shown(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// Why a request failed, in a reader's words.
fn failure(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "no answer in time".to_string(),
        ureq::Error::HostNotFound => "no such host".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// Reads a little of what is left of a body, so that its connection can be used again.
fn drain(body: &mut ureq::Body) {
    let _ = std::io::copy(
        &mut body.as_reader().take(MAX_DRAINED),
        &mut std::io::sink(),
    );
}

/// How long `Retry-After` asks to wait: seconds, or an HTTP date.
fn retry_after(
    response: &ureq::http::Response<ureq::Body>,
    now: jiff::Timestamp,
) -> Option<Duration> {
    let value = response
        .headers()
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = at.duration_since(now);
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// A link as a request may name it: characters a URI cannot hold (non-ASCII, spaces)
/// percent-encoded, the rest as written.
pub fn request_uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte > 0x7e || byte <= 0x20 || b"\"<>\\^`{|}".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(byte as char);
        }
    }
    out
}

/// The URL a `Location` leads to from `base`: absolute, from the host (`//`, `/`), or
/// relative to `base`'s folder.
pub fn join(base: &str, location: &str) -> String {
    let location = request_uri(location.trim());
    if super::gather::is_http(&location) {
        return location;
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(from_host) = location.strip_prefix("//") {
        return format!("{scheme}://{from_host}");
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if location.starts_with('/') {
        return format!("{scheme}://{host}{location}");
    }
    let path = rest[host_end..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default();
    let folder = path.rfind('/').map_or("/", |i| &path[..=i]);
    if location.starts_with('?') {
        return format!("{scheme}://{host}{path}{location}");
    }
    format!("{scheme}://{host}{folder}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_joined_to_the_url_they_came_from() {
        let base = "https://a.example/docs/page.html?x=1";
        assert_eq!(join(base, "https://b.example/"), "https://b.example/");
        assert_eq!(join(base, "//c.example/x"), "https://c.example/x");
        assert_eq!(join(base, "/root"), "https://a.example/root");
        assert_eq!(
            join(base, "other.html"),
            "https://a.example/docs/other.html"
        );
        assert_eq!(join(base, "?y=2"), "https://a.example/docs/page.html?y=2");
        assert_eq!(join("http://a.example", "x"), "http://a.example/x");
    }

    #[test]
    fn what_a_uri_cannot_hold_is_encoded() {
        assert_eq!(
            request_uri("https://ja.example/wiki/情報 a"),
            "https://ja.example/wiki/%E6%83%85%E5%A0%B1%20a"
        );
        assert_eq!(
            request_uri("https://a.example/?q=1&r=%20"),
            "https://a.example/?q=1&r=%20"
        );
    }
}
