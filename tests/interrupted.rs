//! An interrupted `release` or `build` never breaks the site and never leaves litter
//! (issue 22). The real binary is killed with SIGKILL at every step it marks (the debug
//! binary honours `TRUSTDOCS_KILL_AT_STEP=N`; release binaries have no such hook), one run
//! per step, raising N until a run ends on its own; after each kill the test looks at what
//! a user would find: the document exactly as before, fully released, or in the one state
//! the next command finishes; `check` passing; the output folder always whole; and after a
//! second `release` or `build`, no staging folder left and the same bytes as a run that
//! was never interrupted.

mod support;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;

use support::{Run, Site, assert_same_tree, tree};

const GUIDE: &str = "content/security-guideline";
const HISTORY: &str = "security-guideline/history.yaml";
/// Every run is on the same day, so an interrupted release and its retry agree on the date.
const NOW: &str = "2026-07-01T03:00:00Z";
/// No run here has anywhere near this many steps: a loop that reaches it never ended.
const MAX_STEPS: usize = 60;

/// `trustdocs <args>` in the site root, killed at the `kill_at`-th step when given.
fn run(site: &Site, args: &[&str], kill_at: Option<usize>, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(support::binary());
    command
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("TRUSTDOCS_NOW", NOW)
        .env_remove("TRUSTDOCS_KILL_AT_STEP");
    if let Some(step) = kill_at {
        command.env("TRUSTDOCS_KILL_AT_STEP", step.to_string());
    }
    for (key, value) in env {
        command.env(key, value);
    }
    Run::of(&mut command)
}

/// The step a run was killed at (its last words name it); none when it ran to its end.
fn killed_at(run: &Run) -> Option<String> {
    if run.status.signal() != Some(libc::SIGKILL) {
        return None;
    }
    let step = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("trustdocs: killed at step "))
        .unwrap_or_else(|| panic!("killed without naming the step:\n{}", run.stderr));
    Some(
        step.split_once(": ")
            .map_or(step, |(_, name)| name)
            .to_string(),
    )
}

const RELEASE: &[&str] = &[
    "release",
    "security-guideline",
    "--summary-ja",
    "インシデント通知の目標を48時間以内に短縮",
    "--summary-en",
    "Shortened the incident notification target to 48 hours",
];

/// The example portal with an unreleased change to the security guideline, which now
/// shows a diagram of its own (a file the release freezes beside the pages, in a folder).
fn guideline_edited() -> Site {
    let site = Site::example();
    let page = format!("{GUIDE}/index.ja.md");
    let text = site.read(&page);
    assert!(text.contains("72時間以内"), "the example promises 72 hours");
    let text = text.replacen("72時間以内", "48時間以内", 1);
    site.write(
        &page,
        &format!("{text}\n![通知までの流れ](images/notification-flow.svg)\n"),
    );
    site.write(
        &format!("{GUIDE}/images/notification-flow.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>\n",
    );
    site
}

fn content(site: &Site) -> BTreeMap<String, Vec<u8>> {
    tree(&site.path("content"))
}

/// A tree without the hidden files and folders trustdocs stages its work in.
fn visible(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .filter(|(path, _)| !path.split('/').any(|part| part.starts_with('.')))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect()
}

/// Hidden names under `content/` (nothing in the example portal is hidden).
fn hidden_in_content(site: &Site) -> Vec<String> {
    content(site)
        .into_keys()
        .filter(|path| path.split('/').any(|part| part.starts_with('.')))
        .collect()
}

/// What is in the site root besides the site and its output: staging folders.
fn litter(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ![
                "site.yaml",
                "search.yaml",
                "content",
                "themes",
                "locales",
                "data",
                "public",
            ]
            .contains(&n.as_str())
        })
        .collect();
    names.sort();
    names
}

fn is_staging_name(name: &str) -> bool {
    [".public.new-", ".public.old-"].iter().any(|prefix| {
        name.strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[test]
fn a_release_killed_at_any_step_is_rolled_back_or_finished_by_the_next_command() {
    let before = content(&guideline_edited());
    let reference = guideline_edited();
    run(&reference, RELEASE, None, &[]).success();
    let released = content(&reference);
    assert!(
        released.contains_key("security-guideline/releases/4.7/images/notification-flow.svg"),
        "the release freezes the guideline's diagram with its pages"
    );
    run(&reference, &["build"], None, &[]).success();
    let published = reference.output_tree();
    // Past the commit point, before the history lists it: the frozen copy is in place.
    let mut committed = visible(&released);
    committed.insert(HISTORY.into(), before[HISTORY].clone());

    let mut steps = Vec::new();
    'steps: for step in 1..MAX_STEPS {
        // The command run after the kill: each one recognises what the kill left.
        for next in ["check", "release", "build"] {
            let site = guideline_edited();
            let killed = run(&site, RELEASE, Some(step), &[]);
            let Some(name) = killed_at(&killed) else {
                killed.success();
                assert_same_tree(&released, &content(&site), "a release run to its end");
                break 'steps;
            };
            if next == "check" {
                steps.push(name.clone());
            }
            let leftovers = !hidden_in_content(&site).is_empty();
            let left = visible(&content(&site));
            let resumable = left == committed;
            assert!(
                left == visible(&before) || left == visible(&released) || resumable,
                "killed at {name:?}: the document is neither as it was, nor released, nor \
                 released but for its history entry"
            );

            let args = match next {
                "check" => vec!["check"],
                "release" => RELEASE.to_vec(),
                _ => vec!["build"],
            };
            let after = run(&site, &args, None, &[]);
            after.success();
            let said: Vec<&str> = after
                .stderr
                .lines()
                .filter(|l| l.contains("interrupted release"))
                .collect();
            assert!(said.len() <= 1, "killed at {name:?}: {next} says {said:?}");
            if resumable {
                assert_eq!(
                    said,
                    [
                        "finished the interrupted release of security-guideline 4.7: \
                      content/security-guideline/history.yaml now lists it"
                    ],
                    "killed at {name:?}: {next}"
                );
            }
            assert_eq!(
                said.len(),
                usize::from(leftovers),
                "killed at {name:?}: {next} says in one line what it did, if it did anything"
            );
            if next != "release" {
                let now = content(&site);
                assert!(
                    now == before || now == released,
                    "killed at {name:?}: after {next} the document is neither as it was nor \
                     released: hidden {:?}",
                    hidden_in_content(&site)
                );
            }

            // The release again (a writer's retry): it succeeds, and the sources are those of
            // a release never interrupted, byte for byte, with nothing hidden left.
            run(&site, RELEASE, None, &[]).success();
            assert_same_tree(
                &released,
                &content(&site),
                &format!("killed at {name:?}, then {next}, then release"),
            );
            if next == "build" {
                run(&site, &["build"], None, &[]).success();
                assert_same_tree(
                    &published,
                    &site.output_tree(),
                    &format!("killed at {name:?}: the site built after the retry"),
                );
                assert_eq!(litter(&site), Vec::<String>::new());
            }
        }
    }
    eprintln!("release: {} kill points: {steps:#?}", steps.len());
    for expected in [
        "release staging folder created",
        "a frozen page written",
        "a frozen file written",
        "frozen copy complete beside its place",
        "frozen copy in place (the commit point)",
        "history.yaml replaced",
    ] {
        assert!(
            steps.iter().any(|s| s == expected),
            "no kill at {expected:?}"
        );
    }
}

#[test]
fn a_recovery_killed_at_any_step_is_taken_up_by_the_next_one() {
    let reference = guideline_edited();
    run(&reference, RELEASE, None, &[]).success();
    let released = content(&reference);
    // Where the release is killed: just before its commit point (rolled back), just after
    // it and with the history aside written (finished).
    let wanted = [
        "frozen copy complete beside its place",
        "frozen copy in place (the commit point)",
        "new history written aside",
    ];
    let mut tried = 0;
    for step in 1..MAX_STEPS {
        let site = guideline_edited();
        let Some(name) = killed_at(&run(&site, RELEASE, Some(step), &[])) else {
            break;
        };
        if !wanted.contains(&name.as_str()) {
            continue;
        }
        tried += 1;
        let mut kills = 0;
        for recovery_step in 1..MAX_STEPS {
            let copy = Site::empty();
            support::copy_dir(site.root(), copy.root());
            let check = run(&copy, &["check"], Some(recovery_step), &[]);
            if killed_at(&check).is_none() {
                check.success();
                break;
            }
            kills += 1;
            run(&copy, RELEASE, None, &[]).success();
            assert_same_tree(
                &released,
                &content(&copy),
                &format!("release killed at {name:?}, its recovery at step {recovery_step}"),
            );
        }
        assert!(kills >= 1, "{name:?}: the recovery has kill points");
    }
    assert_eq!(tried, wanted.len(), "every wanted step was reached");
}

#[test]
fn a_build_killed_at_any_step_leaves_a_whole_output_and_the_next_build_cleans_up() {
    let steps = build_killed_at_every_step(&[]);
    eprintln!("build: {} kill points: {steps:#?}", steps.len());
    for expected in [
        "staging folder created",
        "a first page going into the staging folder",
        "every file written into the staging folder",
        "new output in place",
        "previous output partly removed",
    ] {
        assert!(
            steps.iter().any(|s| s == expected),
            "no kill at {expected:?}"
        );
    }
}

#[test]
fn without_rename_exchange_the_output_is_missing_only_between_two_renames_and_comes_back() {
    let steps = build_killed_at_every_step(&[("TRUSTDOCS_NO_RENAME_EXCHANGE", "1")]);
    assert!(
        steps.iter().any(|s| s == "previous output moved aside"),
        "{steps:?}"
    );
}

/// A page and an asset, changed and added: a build has files to write, not only links.
fn edit_home(site: &Site) {
    let text = site.read("content/index.ja.md");
    site.write(
        "content/index.ja.md",
        &format!("{text}\n新しい段落です。\n"),
    );
    site.write(
        "content/notices/figure.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
}

/// Kills `build` at every step (with `env`), on a site whose previous output is a build of
/// the example portal and whose sources have changed since; returns the steps' names.
fn build_killed_at_every_step(env: &[(&str, &str)]) -> Vec<String> {
    let reference = Site::example();
    edit_home(&reference);
    run(&reference, &["build"], None, &[]).success();
    let new = reference.output_tree();

    let site = Site::example();
    let home = site.read("content/index.ja.md");
    run(&site, &["build"], None, env).success();
    let old = site.output_tree();
    assert_ne!(old, new, "the edit changes the output");

    let mut steps = Vec::new();
    for step in 1..MAX_STEPS {
        edit_home(&site);
        let killed = run(&site, &["build"], Some(step), env);
        let Some(name) = killed_at(&killed) else {
            killed.success();
            assert_same_tree(&new, &site.output_tree(), "a build run to its end");
            return steps;
        };
        steps.push(name.clone());
        let left = litter(&site);
        assert!(
            left.iter().all(|n| is_staging_name(n)),
            "killed at {name:?}: {left:?}"
        );
        if site.public().exists() {
            let out = site.output_tree();
            assert!(
                out == old || out == new,
                "killed at {name:?}: public/ is neither the previous output nor the new one"
            );
        } else {
            assert!(
                !env.is_empty() && name == "previous output moved aside",
                "killed at {name:?}: no public/"
            );
            // Even a build that fails puts the previous output back first.
            site.write("content/broken.ja.md", "---\ntitle: [\n");
            run(&site, &["build"], None, env)
                .failure()
                .stderr_contains("where an interrupted build had moved it");
            assert_same_tree(&old, &site.output_tree(), "put back by a failed build");
            site.remove("content/broken.ja.md");
        }
        run(&site, &["check"], None, env).success();
        if !litter(&site).is_empty() {
            // The clean-up killed in turn: what it leaves, the build after it removes.
            let again = run(&site, &["build"], Some(1), env);
            assert!(killed_at(&again).is_some(), "{}", again.stderr);
            assert!(
                site.public().exists(),
                "killed at {name:?}, then cleaning up"
            );
        }
        let leftovers = !litter(&site).is_empty();
        let retry = run(&site, &["build"], None, env);
        retry.success();
        if leftovers {
            retry.stderr_contains("left by interrupted builds");
        }
        assert_same_tree(
            &new,
            &site.output_tree(),
            &format!("killed at {name:?}, rebuilt"),
        );
        assert_eq!(
            litter(&site),
            Vec::<String>::new(),
            "killed at {name:?}, rebuilt"
        );

        // Back to the previous sources and output for the next step.
        site.write("content/index.ja.md", &home);
        site.remove("content/notices/figure.svg");
        run(&site, &["build"], None, env).success();
        assert_same_tree(&old, &site.output_tree(), "rebuilt as before");
    }
    panic!("the build never ran to its end");
}

#[test]
fn staging_folders_not_left_by_a_dead_build_are_never_removed() {
    let site = Site::example();
    run(&site, &["build"], None, &[]).success();
    // Someone's folder that happens to have a staging name, without trustdocs' marker.
    site.write(".public.new-999999999/notes.txt", "mine");
    // A build still running: its folder is locked (by this test process) and marked.
    let running = site.path(&format!(".public.new-{}", std::process::id()));
    std::fs::create_dir(&running).unwrap();
    let lock = std::fs::File::open(&running).unwrap();
    // SAFETY: flock(2) on a descriptor `lock` owns.
    let locked = unsafe {
        use std::os::fd::AsRawFd;
        libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB)
    };
    assert_eq!(locked, 0, "the test can lock a folder");
    site.write(
        &format!(".public.new-{}/.trustdocs-output", std::process::id()),
        "",
    );
    site.write(&format!(".public.new-{}/half.html", std::process::id()), "");

    run(&site, &["build"], None, &[])
        .success()
        .stderr_not_contains("left by interrupted builds");
    assert_eq!(site.read(".public.new-999999999/notes.txt"), "mine");
    assert!(
        running.join("half.html").is_file(),
        "a running build's folder is kept"
    );

    drop(lock);
    run(&site, &["build"], None, &[])
        .success()
        .stderr_contains("removed 1 folder left by interrupted builds");
    assert!(!running.exists(), "once its process is gone, it is litter");
    assert_eq!(site.read(".public.new-999999999/notes.txt"), "mine");
}

#[test]
fn an_interrupted_release_that_cannot_be_finished_says_what_to_do() {
    let site = guideline_edited();
    let step = (1..MAX_STEPS)
        .find(|&step| {
            let copy = guideline_edited();
            killed_at(&run(&copy, RELEASE, Some(step), &[])).as_deref()
                == Some("frozen copy in place (the commit point)")
        })
        .expect("the commit point is a kill point");
    killed_at(&run(&site, RELEASE, Some(step), &[])).expect("killed");
    let history = site.path(&format!("{GUIDE}/history.yaml"));
    let text = site.read(&format!("{GUIDE}/history.yaml"));
    // Broken by hand in the meantime: trustdocs cannot tell what it lists.
    std::fs::write(&history, format!("{text}- version: [\n")).unwrap();

    let check = run(&site, &["check"], None, &[]);
    check.failure();
    check.error_line_with(&[
        "content/security-guideline/releases/4.7",
        "the interrupted release of security-guideline 4.7 cannot be finished",
        "history.yaml",
        "fix that and run this again, or remove content/security-guideline/releases/4.7",
    ]);
    assert!(
        check
            .stdout
            .contains("content/security-guideline/history.yaml:56:12: error[yaml]"),
        "check shows what is wrong with the history:\n{}",
        check.stdout
    );
    eprintln!("{}", check.stderr);

    // While a release holds the folder (this test, here), it is neither finished nor
    // touched; `check` names the state.
    let frozen = site.path(&format!("{GUIDE}/releases/4.7"));
    std::fs::write(&history, &text).unwrap();
    let lock = std::fs::File::open(&frozen).unwrap();
    // SAFETY: flock(2) on a descriptor `lock` owns.
    let locked = unsafe {
        use std::os::fd::AsRawFd;
        libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB)
    };
    assert_eq!(locked, 0, "the test can lock a folder");
    let check = run(&site, &["check"], None, &[]);
    check.failure().error_line_with(&[
        "content/security-guideline/releases/4.7",
        "a release of security-guideline 4.7 is running in another process",
    ]);
    assert!(
        check.stdout.contains("error[interrupted-release]")
            && check
                .stdout
                .contains("`trustdocs build`, `check` or `release` finishes it"),
        "check names the state:\n{}",
        check.stdout
    );
    assert_eq!(site.read(&format!("{GUIDE}/history.yaml")), text);
    drop(lock);

    // Fixed by hand: the next command finishes the release.
    std::fs::write(&history, &text).unwrap();
    run(&site, &["build"], None, &[])
        .success()
        .stderr_contains("finished the interrupted release of security-guideline 4.7");
    assert!(hidden_in_content(&site).is_empty());
    assert!(
        site.file("ja/security-guideline/index.html")
            .contains("48時間以内")
    );
}

#[test]
fn a_release_repeated_exactly_is_already_done_and_a_different_one_is_refused() {
    let site = guideline_edited();
    run(&site, RELEASE, None, &[]).success();
    let released = content(&site);
    run(&site, RELEASE, None, &[])
        .success()
        .stderr_contains("security-guideline 4.7 dated 2026-07-01 is already released as asked");
    let mut other = RELEASE.to_vec();
    other[3] = "別の要約";
    run(&site, &other, None, &[])
        .failure()
        .stderr_contains("nothing changed since the last release (4.7)");
    assert_same_tree(&released, &content(&site), "nothing written by either");
}

#[test]
fn git_ignores_the_staging_folders_in_a_new_site_and_in_the_example_portal() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = Site::empty();
    dir.run(&["init", "portal"]).success();
    let example = Site::example();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitignore"),
        example.path(".gitignore"),
    )
    .unwrap();
    for root in [dir.path("portal"), example.root().to_path_buf()] {
        let git = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(&root)
                .output()
                .expect("git runs");
            assert!(out.status.success(), "git {args:?}: {:?}", out);
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        git(&["init", "-q"]);
        let litter = [
            "public/index.html",
            ".public.new-123/index.html",
            ".public.old-123/index.html",
            "content/guide/releases/.1.0.new-123/index.ja.md",
            "content/manuals/api/releases/.2.1.new-9/.trustdocs-release",
        ];
        // Committed, a pending entry still lets the next run finish the release.
        let kept = "content/guide/releases/1.0/.trustdocs-release";
        for file in litter.iter().chain([&kept]) {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        }
        let untracked = git(&["status", "--porcelain", "--untracked-files=all"]);
        for file in litter {
            assert!(
                !untracked.contains(file),
                "{}: git sees {file}",
                root.display()
            );
        }
        assert!(untracked.contains(kept), "{}: {untracked}", root.display());
    }
}
