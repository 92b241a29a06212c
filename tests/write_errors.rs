//! Write errors made for real, not simulated: a full disk (a tiny tmpfs), a read-only output
//! folder (a read-only bind mount), a file-size limit (`RLIMIT_FSIZE` on the child). Each
//! must give a clear error naming the path, leave the previous output (or the sources)
//! exactly as they were, and leave no staging folder.
//!
//! The mounts are made in a private mount namespace of the test's own (`unshare
//! --user --map-root-user --mount`, which needs no root, or `unshare --mount` as root),
//! which vanishes with the process; where the system allows neither, those tests say so
//! on stderr and check nothing.

mod support;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use support::{Run, Site, assert_same_tree, tree};

const GUIDE: &str = "content/security-guideline";

/// Runs the shell `script` in a mount namespace of its own with `args` as `$1`…; none
/// where the system allows none (no user namespaces, and not root either).
fn in_namespace(script: &str, args: &[&Path]) -> Option<Run> {
    let ways: [&[&str]; 2] = [&["--user", "--map-root-user", "--mount"], &["--mount"]];
    let Some(way) = ways.into_iter().find(|way| {
        Command::new("unshare")
            .args(*way)
            .arg("true")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: no mount namespace here (unshare --user --mount, or root)");
        return None;
    };
    let mut command = Command::new("unshare");
    command
        .args(way)
        .args(["sh", "-c", script, "sh"])
        .args(args)
        .env("NO_COLOR", "1");
    Some(Run::of(&mut command))
}

/// Names of the entries of `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_fails_the_build_naming_the_file_and_keeps_the_previous_output() {
    let site = Site::example();
    site.build().success();
    let previous = site.output_tree();
    let disk = site.path("disk");
    let seen = site.path("seen");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&seen).unwrap();
    let binary = Path::new(support::binary());
    // The output (2.2 MB) fits on the 4 MB disk; a 3 MB file more does not.
    let script = r#"
        set -e
        mount -t tmpfs -o size=4m tmpfs "$1"
        "$2" build --root "$3" --out "$1/public" >/dev/null 2>&1
        echo "first build written"
        head -c 3000000 /dev/urandom > "$3/content/big.bin"
        set +e
        "$2" build --root "$3" --out "$1/public"
        status=$?
        cp -a "$1/." "$4/"
        exit $status
    "#;
    let Some(run) = in_namespace(script, &[&disk, binary, site.root(), &seen]) else {
        return;
    };
    assert!(run.stdout.contains("first build written"), "{}", run.stderr);
    run.failure().error_line_with(&[
        &format!("{}/public/big.bin", disk.display()),
        "cannot write",
        "No space left on device",
    ]);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("cannot write"))
            .count(),
        1,
        "one error, not one per page:\n{}",
        run.stderr
    );
    run.stderr_contains("the previous output was left as it was");
    assert_same_tree(
        &previous,
        &tree(&seen.join("public")),
        "the previous output",
    );
    assert_eq!(
        names(&seen),
        ["public"],
        "no staging folder left on the disk"
    );
}

#[test]
fn a_read_only_output_folder_fails_the_build_naming_it() {
    let site = Site::example();
    let out = site.path("served/public");
    let run = site.build_with(&["--out", out.to_str().unwrap()]);
    run.success();
    let previous = tree(&out);
    let text = site.read("content/index.ja.md");
    site.write("content/index.ja.md", &format!("{text}\n追記。\n"));
    let served = site.path("served");
    let binary = Path::new(support::binary());
    let script = r#"
        mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 99
        exec "$2" build --root "$3" --out "$1/public"
    "#;
    let Some(run) = in_namespace(script, &[&served, binary, site.root()]) else {
        return;
    };
    run.failure().error_line_with(&[
        &format!("{}: cannot write", out.display()),
        "Read-only file system",
    ]);
    assert_same_tree(&previous, &tree(&out), "the previous output");
    assert_eq!(names(&served), ["public"], "no staging folder");

    // Nothing there yet, in a read-only folder: the error names the output folder too.
    std::fs::remove_dir_all(&out).unwrap();
    let Some(run) = in_namespace(script, &[&served, binary, site.root()]) else {
        return;
    };
    run.failure().error_line_with(&[
        &format!("{}: cannot write", out.display()),
        "Read-only file system",
    ]);
    assert!(names(&served).is_empty());
}

/// `trustdocs <args>` in the site root, unable to write a file longer than `limit` bytes.
fn with_file_size_limit(site: &Site, limit: u64, args: &[&str]) -> Run {
    let mut command = Command::new(support::binary());
    command
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("TRUSTDOCS_NOW", "2026-07-01T03:00:00Z");
    // SAFETY: setrlimit(2) only, between fork and exec.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    Run::of(&mut command)
}

#[test]
fn a_file_size_limit_fails_the_build_naming_the_file_and_keeps_the_previous_output() {
    let site = Site::example();
    site.build().success();
    let previous = site.output_tree();
    site.write_bytes("content/notices/big.bin", &vec![7u8; 200_000]);
    with_file_size_limit(&site, 100_000, &["build"])
        .failure()
        .error_line_with(&["public/notices/big.bin", "cannot write", "File too large"]);
    assert_same_tree(&previous, &site.output_tree(), "the previous output");
    assert_eq!(
        names(site.root()),
        [
            "content",
            "data",
            "locales",
            "public",
            "search.yaml",
            "site.yaml",
            "themes"
        ],
        "no staging folder"
    );
}

const RELEASE: &[&str] = &[
    "release",
    "security-guideline",
    "--summary-ja",
    "インシデント通知の目標を48時間以内に短縮",
    "--summary-en",
    "Shortened the incident notification target to 48 hours",
];

fn guideline_edited() -> Site {
    let site = Site::example();
    let page = format!("{GUIDE}/index.ja.md");
    let text = site.read(&page);
    site.write(&page, &text.replacen("72時間以内", "48時間以内", 1));
    site
}

#[test]
fn a_release_that_cannot_write_its_frozen_copy_writes_nothing() {
    let site = guideline_edited();
    let before = tree(&site.path("content"));
    // The pages are 12 to 16 kB.
    let run = with_file_size_limit(&site, 4_000, RELEASE);
    run.failure()
        .error_line_with(&[
            "content/security-guideline/releases/4.7/index.",
            "cannot write",
            "File too large",
        ])
        .stderr_contains("nothing was written");
    assert_same_tree(&before, &tree(&site.path("content")), "the sources");
}

#[test]
fn a_release_that_cannot_write_its_history_after_the_commit_point_takes_it_back() {
    let site = guideline_edited();
    // A history longer than any page: only the new history is over the limit.
    let history = format!("{GUIDE}/history.yaml");
    let text = site.read(&history);
    let notes: String = (0..400)
        .map(|i| format!("# note {i}: the revisions before 1.0 were kept on paper\n"))
        .collect();
    site.write(&history, &format!("{notes}{text}"));
    assert!(site.read(&history).len() > 20_000);
    let before = tree(&site.path("content"));
    let run = with_file_size_limit(&site, 20_000, RELEASE);
    run.failure()
        .error_line_with(&[
            "content/security-guideline/history.yaml",
            "cannot write",
            "File too large",
        ])
        .stderr_contains("nothing was written");
    assert_same_tree(&before, &tree(&site.path("content")), "the sources");
}

#[test]
fn a_release_into_a_read_only_document_writes_nothing() {
    let site = guideline_edited();
    let before = tree(&site.path("content"));
    let doc = site.path(GUIDE);
    let binary = Path::new(support::binary());
    let script = r#"
        mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 99
        binary="$2"; root="$3"; shift 3
        cd "$root" && exec "$binary" "$@"
    "#;
    let mut args: Vec<&Path> = vec![&doc, binary, site.root()];
    args.extend(RELEASE.iter().map(Path::new));
    let Some(run) = in_namespace(script, &args) else {
        return;
    };
    run.failure()
        .error_line_with(&[
            "content/security-guideline/releases/4.7: cannot write",
            "Read-only file system",
        ])
        .stderr_contains("nothing was written");
    assert_same_tree(&before, &tree(&site.path("content")), "the sources");
}
