//! How an output file is served over HTTP, by the preview (`serve`) and to the browser that
//! prints the PDFs (`pdf`): a request's path decoded and checked, and a file's media type.
//! Not a server: each has its own.

/// The longest request path taken.
const MAX_PATH: usize = 2048;

/// Decodes and checks a request path: no `..`, backslashes, NUL or control characters,
/// not over-long. Returns the decoded path, starting with `/`.
pub fn safe_path(raw: &str) -> Option<String> {
    if raw.len() > MAX_PATH || !raw.starts_with('/') || raw.starts_with("//") {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    let bad = path.contains('\\')
        || path.chars().any(|c| c.is_control())
        || path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        || path.contains(':');
    (!bad).then_some(path)
}

/// The media type an output file is served with, by its extension.
pub fn mime_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
