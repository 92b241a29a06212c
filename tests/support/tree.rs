//! Folders as values: every file under a folder with its bytes, so that a test can say
//! "the output after a failed build is byte for byte the one before"; and copying a folder.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file and folder under `dir`, keyed by its `/`-separated path relative to `dir`
/// (folders end in `/` and map to nothing; an empty folder is part of the tree too).
/// Symbolic links are listed with their target and never followed, so a link out of the
/// site is seen as a link and a link loop ends; other special files (named pipes) are
/// listed, never opened. A folder that does not exist gives an empty map.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let path = entry.path();
            let kind = entry
                .file_type()
                .unwrap_or_else(|e| panic!("file type of {}: {e}", path.display()));
            if kind.is_symlink() {
                let target = std::fs::read_link(&path)
                    .unwrap_or_else(|e| panic!("read link {}: {e}", path.display()));
                out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
            } else if kind.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(&path, &format!("{rel}/"), out);
            } else if kind.is_file() {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                out.insert(rel, bytes);
            } else {
                out.insert(rel, b"(special file)".to_vec());
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
    let total = problems.len();
    problems.truncate(50);
    if total > problems.len() {
        problems.push(format!("… and {} more", total - problems.len()));
    }
    panic!("{what}: the trees differ:\n{}", problems.join("\n"));
}

/// Copies a folder recursively (symbolic links and special files are skipped).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
        let kind = entry
            .file_type()
            .unwrap_or_else(|e| panic!("file type of {}: {e}", entry.path().display()));
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A list of the paths of a tree, for "the output has …" messages.
pub fn listing(dir: &Path) -> String {
    let files: Vec<String> = tree(dir).into_keys().collect();
    if files.is_empty() {
        format!("(nothing: {} is empty or missing)", dir.display())
    } else {
        files.join("\n")
    }
}
