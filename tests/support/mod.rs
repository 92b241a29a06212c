//! A small chainable harness for the integration tests, in the spirit of mdBook's
//! `BookTest`: copy a fixture site into a temporary folder, change it, run the real
//! `trustdocs` binary on it, and assert on what a user would see in the output folder.
//!
//! Not every test file uses every helper, hence the `dead_code` allowance.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// The repository: its `themes/`, `locales/` and example site are copied from here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_trustdocs")
}

/// A site in a temporary folder, removed when the value is dropped.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>/`. Fixtures hold only `site.yaml` and `content/`;
    /// the repository's `themes/` and `locales/` are copied in unless the fixture has its own.
    pub fn fixture(name: &str) -> Site {
        let source = repo().join("tests/fixtures").join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let site = Site::empty();
        copy_dir(&source, site.root());
        for shared in ["themes", "locales"] {
            if !site.root().join(shared).exists() {
                copy_dir(&repo().join(shared), &site.root().join(shared));
            }
        }
        site
    }

    /// A copy of the repository's own site: the example trust portal.
    pub fn example() -> Site {
        let site = Site::empty();
        let repo = repo();
        std::fs::copy(repo.join("site.yaml"), site.root().join("site.yaml"))
            .expect("copy site.yaml");
        for dir in ["content", "themes", "locales"] {
            copy_dir(&repo.join(dir), &site.root().join(dir));
        }
        site
    }

    /// An empty temporary folder (for `init`, or a site written file by file).
    pub fn empty() -> Site {
        Site {
            dir: tempfile::Builder::new()
                .prefix("trustdocs-test-")
                .tempdir()
                .expect("create a temporary folder"),
        }
    }

    /// The site root (where `site.yaml` is).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// The default output folder, `<root>/public`.
    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// Writes a file under the root, creating its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Removes a file or a folder under the root.
    pub fn remove(&self, rel: &str) -> &Self {
        let path = self.path(rel);
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// Reads a source file under the root.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// `trustdocs build --root <root>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `trustdocs build --root <root> <args>`.
    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root"];
        let root = self.root().to_str().expect("temporary path is UTF-8");
        all.push(root);
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `trustdocs <args>`, run in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(Command::new(binary()).args(args).current_dir(self.root()))
    }

    /// A file of the default output folder, as text.
    pub fn file(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .unwrap_or_else(|_| panic!("{} is not UTF-8", path.display())),
            Err(e) => panic!(
                "cannot read output file {rel}: {e}\nthe output has:\n{}",
                listing(&self.public())
            ),
        }
    }

    /// Whether the default output folder has this file.
    pub fn has_file(&self, rel: &str) -> bool {
        self.public().join(rel).is_file()
    }

    /// Asserts that the output file contains every one of `needles`.
    pub fn check_file_contains(&self, rel: &str, needles: &[&str]) -> &Self {
        let text = self.file(rel);
        for needle in needles {
            assert!(
                text.contains(needle),
                "{rel} should contain {needle:?} but does not:\n{}",
                excerpt(&text)
            );
        }
        self
    }

    /// Asserts that the output file contains none of `needles`.
    pub fn check_file_not_contains(&self, rel: &str, needles: &[&str]) -> &Self {
        let text = self.file(rel);
        for needle in needles {
            if let Some(at) = text.find(needle) {
                let start = floor_char_boundary(&text, at.saturating_sub(300));
                let end = floor_char_boundary(&text, (at + 300).min(text.len()));
                panic!(
                    "{rel} should not contain {needle:?} but does:\n…{}…",
                    &text[start..end]
                );
            }
        }
        self
    }

    /// Every file of the default output folder with its bytes.
    pub fn output_tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree_bytes(&self.public())
    }

    /// HTML files of the default output folder, `/`-separated paths relative to it.
    pub fn html_files(&self) -> Vec<String> {
        self.output_tree()
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(command: &mut Command) -> Run {
        let output = command
            .stdin(Stdio::null())
            .output()
            .expect("run the trustdocs binary");
        Run {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts exit status 0.
    pub fn success(&self) -> &Self {
        assert!(
            self.status.success(),
            "expected success, got {}\nstderr:\n{}\nstdout:\n{}",
            self.status,
            self.stderr,
            self.stdout
        );
        self.no_panic()
    }

    /// Asserts a clean failure: exit status 1 (not a panic's 101), no panic message.
    pub fn failure(&self) -> &Self {
        assert_eq!(
            self.status.code(),
            Some(1),
            "expected exit status 1, got {}\nstderr:\n{}",
            self.status,
            self.stderr
        );
        self.no_panic()
    }

    pub fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "trustdocs panicked:\n{}",
            self.stderr
        );
        self
    }

    pub fn stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}; it is:\n{}",
            self.stderr
        );
        self
    }

    pub fn stderr_not_contains(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr should not contain {needle:?}; it is:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that some `error:` line of stderr contains every one of `parts`: the file,
    /// the line and the gist of the message belong to the same error.
    pub fn error_line_with(&self, parts: &[&str]) -> &Self {
        let found = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .any(|l| parts.iter().all(|p| l.contains(p)));
        assert!(
            found,
            "no `error:` line contains all of {parts:?}; stderr is:\n{}",
            self.stderr
        );
        self
    }
}

/// Every file under `dir` with its bytes, keyed by its `/`-separated path relative to
/// `dir`. A folder that does not exist gives an empty map.
pub fn tree_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.expect("read folder entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let path = entry.path();
            if path.is_dir() {
                // An empty folder is part of the tree too.
                out.insert(format!("{rel}/"), Vec::new());
                walk(&path, &rel, out);
            } else {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                out.insert(rel, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Asserts two trees are byte-identical, naming the files that differ.
pub fn assert_same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    if before == after {
        return;
    }
    let mut problems = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => problems.push(format!("gone: {path}")),
            Some(other) if other != bytes => problems.push(format!("changed: {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        problems.push(format!("new: {path}"));
    }
    panic!("{what}: the trees differ:\n{}", problems.join("\n"));
}

/// An HTML start tag: its name and attributes (values with entities decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Whether the attribute holds `word` among its space-separated words (`rel`, `class`).
    pub fn has_word(&self, name: &str, word: &str) -> bool {
        self.attr(name)
            .is_some_and(|v| v.split_ascii_whitespace().any(|w| w == word))
    }
}

/// Every start tag named `name` in `html`, in order. Enough of HTML for assertions on
/// links and ids; not a general parser (comments and scripts are not skipped).
pub fn tags(html: &str, name: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let open = format!("<{name}");
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let boundary = after.chars().next();
        if !matches!(boundary, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            rest = after;
            continue;
        }
        let (attrs, consumed) = parse_attributes(after);
        found.push(Tag {
            name: name.to_string(),
            attrs,
        });
        rest = &after[consumed..];
    }
    found
}

/// Attributes up to the `>` that ends the tag; returns them and the bytes consumed.
fn parse_attributes(s: &str) -> (BTreeMap<String, String>, usize) {
    let mut attrs = BTreeMap::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attrs, (i + 1).min(bytes.len()));
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b' ' | b'\n' | b'\t' | b'/') {
            i += 1;
        }
        let key = s[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                i += 1;
                let vstart = i;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
                i += 1;
            } else {
                let vstart = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
            }
        }
        attrs.insert(key, value);
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href` and `src` of `html`, in order.
pub fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["a", "link", "img", "script", "source", "form"] {
        for tag in tags(html, name) {
            for attr in ["href", "src", "action"] {
                if let Some(v) = tag.attr(attr) {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

/// The `href` of the first `<a>` or `<link>` with `rel` holding `rel`.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    ["a", "link"]
        .iter()
        .flat_map(|name| tags(html, name))
        .find(|t| t.has_word("rel", rel))
        .and_then(|t| t.attr("href").map(str::to_string))
}

/// An element's attributes and inner HTML.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: Tag,
    pub inner_html: String,
}

impl Element {
    /// The inner HTML with tags removed and entities decoded.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in self.inner_html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        decode_entities(text.trim())
    }
}

/// Every `<name ...>...</name>` of `html` in document order, nested ones included (an
/// element's inner HTML runs to its own closing tag).
pub fn elements(html: &str, name: &str) -> Vec<Element> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let is_open_at = |s: &str, at: usize| {
        s[at..].starts_with(&open)
            && s[at + open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>')
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = html[from..].find(&open) {
        let at = from + rel;
        from = at + open.len();
        if !is_open_at(html, at) {
            continue;
        }
        let (attrs, consumed) = parse_attributes(&html[from..]);
        let body_start = from + consumed;
        // Find the matching close tag, counting nested elements of the same name.
        let mut depth = 1;
        let mut i = body_start;
        let mut end = html.len();
        while let Some(next) = html[i..].find('<') {
            let at = i + next;
            if html[at..].starts_with(&close) {
                depth -= 1;
                if depth == 0 {
                    end = at;
                    break;
                }
                i = at + close.len();
            } else {
                if is_open_at(html, at) {
                    depth += 1;
                }
                i = at + 1;
            }
        }
        found.push(Element {
            tag: Tag {
                name: name.to_string(),
                attrs,
            },
            inner_html: html[body_start..end].to_string(),
        });
    }
    found
}

/// Every `id` attribute value of `html`.
pub fn ids(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        let after = &rest[at + 5..];
        let end = after.find('"').unwrap_or(after.len());
        found.push(decode_entities(&after[..end]));
        rest = &after[end..];
    }
    found
}

/// The byte offset of `needle` in `text`, panicking with a readable message if absent.
pub fn position(text: &str, needle: &str, what: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{what}: {needle:?} not found in:\n{}", excerpt(text)))
}

/// Internal links of an output tree that lead nowhere: every `href`/`src` that is a path on
/// this site (under `base_path`) must name an output file, and its `#fragment` an id of
/// that page; a bare `#fragment` an id of the page itself. One line per problem.
pub fn dead_links(tree: &BTreeMap<String, Vec<u8>>, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let page_ids = |file: &str| -> Vec<String> {
        tree.get(file)
            .map(|b| ids(&String::from_utf8_lossy(b)))
            .unwrap_or_default()
    };
    for (file, bytes) in tree.iter().filter(|(f, _)| f.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let own_ids = ids(&html);
        for url in urls(&html) {
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(percent_decode(f))),
                None => (url.as_str(), None),
            };
            if path.is_empty() {
                if let Some(fragment) = fragment
                    && !fragment.is_empty()
                    && !own_ids.contains(&fragment)
                {
                    problems.push(format!("{file}: {url}: no such id on the page"));
                }
                continue;
            }
            if !path.starts_with('/') || path.starts_with("//") {
                continue; // external, mailto:, data:
            }
            let Some(local) = path.strip_prefix(base_path) else {
                problems.push(format!("{file}: {url}: outside the base path {base_path}"));
                continue;
            };
            let local = percent_decode(local.trim_start_matches('/'));
            let target = if local.is_empty() || local.ends_with('/') {
                format!("{local}index.html")
            } else {
                local
            };
            if !tree.contains_key(&target) {
                problems.push(format!("{file}: {url}: no such file {target}"));
            } else if let Some(fragment) = fragment
                && !fragment.is_empty()
                && !page_ids(&target).contains(&fragment)
            {
                problems.push(format!("{file}: {url}: no id {fragment:?} in {target}"));
            }
        }
    }
    problems
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Copies a folder recursively (symbolic links are skipped).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("read folder entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

fn listing(dir: &Path) -> String {
    let files: Vec<String> = tree_bytes(dir).into_keys().collect();
    if files.is_empty() {
        format!("(nothing: {} is empty or missing)", dir.display())
    } else {
        files.join("\n")
    }
}

fn excerpt(text: &str) -> &str {
    &text[..floor_char_boundary(text, text.len().min(6000))]
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
