//! The built pages served to the printing browser: a small HTTP server on loopback over
//! the staging folder, for as long as the printing lasts. It serves files only (a folder's
//! `index.html` at its own address), under the site's base path, and nothing outside the
//! folder; it is not the preview server (`serve`), which serves memory and reloads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Response, Server, StatusCode};

use crate::model::served::{mime_type, safe_path};

/// A server on `127.0.0.1` at a port of its own, stopped when dropped.
pub struct FolderServer {
    server: Arc<Server>,
    origin: String,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FolderServer {
    /// Serves `dir` at `http://127.0.0.1:<port><base_path>/`.
    pub fn start(dir: &Path, base_path: &str) -> Result<FolderServer, String> {
        let server = Arc::new(Server::http("127.0.0.1:0").map_err(|e| e.to_string())?);
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or("no port")?;
        let serving = Arc::clone(&server);
        let dir = dir.to_path_buf();
        let base_path = base_path.to_string();
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let response = respond(&dir, &base_path, request.url());
                let _ = request.respond(response);
            }
        });
        Ok(FolderServer {
            server,
            origin: format!("http://127.0.0.1:{port}"),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`: a page's URL path goes after it.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl Drop for FolderServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The file a request's URL names under `dir`, or a 404.
fn respond(dir: &Path, base_path: &str, url: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let raw = url.split(['?', '#']).next().unwrap_or("");
    let file = safe_path(raw)
        .and_then(|path| path.strip_prefix(base_path).map(str::to_string))
        .filter(|path| path.starts_with('/'))
        .map(|path| file_of(dir, &path));
    match file.and_then(|file| std::fs::read(&file).ok().map(|body| (file, body))) {
        Some((file, body)) => {
            let mime = mime_type(&file.to_string_lossy());
            let mut response = Response::from_data(body);
            if let Ok(header) = Header::from_bytes("Content-Type", mime) {
                response.add_header(header);
            }
            response
        }
        None => Response::from_data(b"not found".to_vec()).with_status_code(StatusCode(404)),
    }
}

/// `/ja/guide/` is `ja/guide/index.html`; `/static/style.css` is itself.
fn file_of(dir: &Path, path: &str) -> PathBuf {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        dir.join(rel).join("index.html")
    } else {
        dir.join(rel)
    }
}
