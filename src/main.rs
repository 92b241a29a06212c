//! The `trustdocs` command line: parses arguments, runs one command, prints the outcome.
//! All the work is in the library; this file only talks to the terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use trustdocs::commands::{release, scaffold};
use trustdocs::load::{Clock, Options};
use trustdocs::pipeline;

/// jemalloc: a build allocates and frees millions of small strings on two threads; it is
/// about a tenth faster than the system allocator here (README, Performance).
#[cfg(feature = "jemalloc")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Read by jemalloc when it starts, before `main`. `thp:always`: jemalloc asks for
/// transparent huge pages, so filling the ≈ 140 MB a build of 4,500 pages holds at its
/// peak takes about 5,000 page faults instead of 33,000: a build is ≈ 5 % faster, at the
/// same peak (README, Performance). Where the system offers no huge pages this changes
/// nothing; `serve` turns them off for itself (`allocator::no_huge_pages`). One arena for
/// both threads (`narenas:1`) was tried: no faster at 1,000 documents, and at 10,000 the
/// threads wait on it (a tenth slower).
#[cfg(feature = "jemalloc")]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: Option<&'static u8> = Some(&b"thp:always\0"[0]);

#[derive(Parser)]
#[command(
    name = "trustdocs",
    version,
    about = "Static site generator for a bilingual trust portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print what each stage did.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder (replaced only when the whole build succeeds).
    Build(BuildArgs),
    /// Create a new site in DIR that builds at once.
    Init {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
    /// Report every problem of the site at once, with file and line.
    Check(CheckArgs),
    /// Preview the site with live reload: builds in memory (drafts included) and watches.
    Serve(ServeArgs),
    /// Release a new revision of a document: append it to history.yaml and freeze a copy.
    Release(ReleaseArgs),
    /// Create a new document with a page per language.
    New {
        /// Document path under content/, e.g. `privacy-policy` or `manuals/api`.
        doc: String,
        /// Title of a new page: `LANG=TITLE` per language (`--title ja=プライバシーポリシー
        /// --title en="Privacy policy"`), or a title alone for the default language; a
        /// language without one gets the document's folder name.
        #[arg(long)]
        title: Vec<String>,
        /// Site root (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// Site root (where site.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder [default: <root>/public].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Publish working copies (unreleased changes) too.
    #[arg(long)]
    drafts: bool,
    /// Build for another address than site.yaml's base_url, e.g. https://example.com/portal/.
    #[arg(long)]
    base_url: Option<String>,
    /// Also write an A4 PDF of each document's current and archived revisions, per
    /// language, printed by headless Chromium (Debian packages chromium, chromium-driver).
    #[arg(long)]
    pdf: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Site root (where site.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// `text` (compiler style, with the source line), `json` (one JSON object per line) or
    /// `github` (GitHub Actions annotations on the offending lines).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Check only what `build` publishes (the latest releases), not the working copies
    /// with unreleased changes nor documents never released.
    #[arg(long, conflicts_with = "drafts")]
    published: bool,
    /// Working copies are checked by default; kept for scripts that still pass it.
    #[arg(long, hide = true)]
    drafts: bool,
    /// Fetch every http(s) link too (broken links, moved links, missing #anchors).
    #[arg(long)]
    external: bool,
    /// With --external: seconds one request may take.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 20,
        requires = "external"
    )]
    external_timeout: u64,
    /// With --external: how long a link found working is not fetched again, such as 1d,
    /// 12h or 30m; 0 keeps no cache (.trustdocs-cache/ under the site root).
    #[arg(long, value_name = "AGE", default_value = "1d", value_parser = parse_age, requires = "external")]
    external_cache_age: std::time::Duration,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

/// `1d`, `12h`, `30m`, `90s` or `0`.
fn parse_age(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}`: write an age like 1d, 12h, 30m or 0"))?;
    let seconds = match unit {
        "" if number == 0 => 0,
        "s" => number,
        "m" => number * 60,
        "h" => number * 60 * 60,
        "d" => number * 24 * 60 * 60,
        _ => return Err(format!("`{text}`: write an age like 1d, 12h, 30m or 0")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

#[derive(Args)]
struct ServeArgs {
    /// Site root (where site.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Port to listen on [default: 1111, or the next free one].
    #[arg(long)]
    port: Option<u16>,
    /// Address to listen on; anything but loopback exposes your drafts to the network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
}

#[derive(Args)]
struct ReleaseArgs {
    /// Document folder under content/, e.g. `security-guideline`.
    doc: String,
    /// Bump the major version (4.5 → 5.0) instead of the minor one (4.5 → 4.6).
    #[arg(long, conflicts_with = "version")]
    major: bool,
    /// Release exactly this version, e.g. 5.0 (must be greater than the last).
    #[arg(long)]
    version: Option<String>,
    /// Date of the release, YYYY-MM-DD [default: today in the site's time zone].
    #[arg(long)]
    date: Option<String>,
    /// Summary of the changes in Japanese.
    #[arg(long)]
    summary_ja: Option<String>,
    /// Summary of the changes in English.
    #[arg(long)]
    summary_en: Option<String>,
    /// Summary in another site language, as LANG=TEXT (repeatable).
    #[arg(long = "summary", value_name = "LANG=TEXT")]
    summaries: Vec<String>,
    /// Site root (where site.yaml is).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// How to print: colour only on a terminal and never with NO_COLOR.
struct Terminal {
    quiet: bool,
    verbose: bool,
    colour: bool,
}

impl Terminal {
    fn error(&self, message: impl std::fmt::Display) {
        if self.colour {
            eprintln!("\x1b[1;31merror\x1b[0m: {message}");
        } else {
            eprintln!("error: {message}");
        }
    }

    fn done(&self, message: impl std::fmt::Display) {
        if self.quiet {
            return;
        }
        if self.colour {
            eprintln!("\x1b[1;32m✓\x1b[0m {message}");
        } else {
            eprintln!("{message}");
        }
    }

    /// Colours `error[` and `warning[` in a diagnostic when on a terminal.
    fn paint(&self, text: &str) -> String {
        if !self.colour {
            return text.to_string();
        }
        text.replacen(": error[", ": \x1b[1;31merror\x1b[0m[", 1)
            .replacen(": warning[", ": \x1b[1;33mwarning\x1b[0m[", 1)
    }

    fn detail(&self, message: impl std::fmt::Display) {
        if self.verbose {
            eprintln!("  {message}");
        }
    }
}

fn main() -> ExitCode {
    // Over a file-size limit (`ulimit -f`), a write fails with EFBIG, which is reported with
    // the file's name and leaves the previous output as it was; by default the kernel would
    // kill the process instead (SIGXFSZ), leaving a half-written staging folder.
    // SAFETY: setting a signal to be ignored, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let cli = Cli::parse();
    let terminal = Terminal {
        quiet: cli.quiet,
        verbose: cli.verbose,
        colour: std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let ok = match cli.command {
        Command::Build(args) => build(args, &terminal),
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                files.iter().for_each(|f| terminal.detail(f.display()));
                terminal.done(format!(
                    "Created a new site in {} ({} files). Build it with: trustdocs build --root {}",
                    dir.display(),
                    files.len(),
                    dir.display()
                ));
                true
            }
            Err(e) => {
                terminal.error(e);
                false
            }
        },
        Command::Release(args) => release(args, &terminal),
        Command::Serve(args) => serve(args, terminal),
        Command::Check(args) => check(args, &terminal),
        Command::New { doc, title, root } => match scaffold::new_document(&root, &doc, &title) {
            Ok(files) => {
                for file in &files {
                    terminal.done(format!("Created {}", file.display()));
                }
                true
            }
            Err(e) => {
                terminal.error(e);
                false
            }
        },
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Where "today" comes from: `TRUSTDOCS_NOW` (an RFC 3339 instant, for tests), else
/// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention), else the
/// system clock. The only place the environment or the clock is read.
fn clock() -> Result<Clock, String> {
    if let Some(now) = std::env::var_os("TRUSTDOCS_NOW") {
        let now = now.to_string_lossy();
        return now
            .parse::<jiff::Timestamp>()
            .map(Clock::Fixed)
            .map_err(|_| format!("TRUSTDOCS_NOW={now}: not an instant like 2025-07-01T03:00:00Z"));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let epoch = epoch.to_string_lossy();
        return epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
            .map(Clock::Fixed)
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH={epoch}: not a number of seconds since 1970")
            });
    }
    Ok(Clock::System)
}

/// `SOURCE_DATE_EPOCH` as seconds since 1970, when set and a number: the dates of the PDFs
/// of `build --pdf` (`clock` has refused any other value already).
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The options of a run over the site at `root`, at the moment `clock` says.
fn options(root: &std::path::Path, terminal: &Terminal) -> Option<Options> {
    match clock() {
        Ok(clock) => Some(Options::new(root, clock.now())),
        Err(message) => {
            terminal.error(message);
            None
        }
    }
}

/// Finishes or rolls back what interrupted releases left (`freeze::recover`), one line
/// each. What needs a person is an error here, and the load of the site then fails on it.
fn recover(root: &std::path::Path, terminal: &Terminal) {
    for recovery in trustdocs::commands::freeze::recover(root) {
        if recovery.is_problem() {
            terminal.error(&recovery);
        } else {
            terminal.done(&recovery);
        }
    }
}

fn check(args: CheckArgs, terminal: &Terminal) -> bool {
    let started = Instant::now();
    recover(&args.root, terminal);
    let Some(options) = options(&args.root, terminal) else {
        return false;
    };
    let external = args.external.then(|| {
        let mut settings = trustdocs::check::external::Settings::new(options.now);
        settings.policy.timeout = std::time::Duration::from_secs(args.external_timeout.max(1));
        settings.cache_age = args.external_cache_age;
        settings.proxy = ureq::Proxy::try_from_env();
        settings
    });
    let checks = trustdocs::check::CheckOptions {
        working_copies: !args.published,
        external,
    };
    let report = pipeline::check(&options, &checks);
    let diagnostics = report.diagnostics();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let lines = match args.format {
            Format::Json => diagnostics.iter().map(|d| d.json()).collect(),
            Format::Text => trustdocs::report::diagnostic::render_all(diagnostics, &args.root),
            Format::Github => diagnostics
                .iter()
                .map(|d| {
                    let file = in_checkout(&args.root, &d.file);
                    trustdocs::report::annotation::github(d, &file)
                })
                .collect(),
        };
        for line in lines {
            let _ = writeln!(out, "{}", terminal.paint(&line));
        }
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    if !terminal.quiet || failed {
        eprintln!(
            "{}: {errors} error{}, {warnings} warning{} ({} ms)",
            if failed {
                "check failed"
            } else {
                "check passed"
            },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            started.elapsed().as_millis()
        );
    }
    !failed
}

/// A file of the site at `root` as the checkout names it: relative to the folder the
/// command runs in (where a CI workflow runs, at the repository's top), `./` left out.
fn in_checkout(root: &std::path::Path, file: &str) -> String {
    let path = root.join(file);
    let here = std::env::current_dir().ok();
    let relative = match here
        .as_deref()
        .and_then(|here| path.strip_prefix(here).ok())
    {
        Some(inside) => inside.to_path_buf(),
        None => path,
    };
    let parts: std::path::PathBuf = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    parts.display().to_string()
}

fn serve(args: ServeArgs, terminal: Terminal) -> bool {
    if !args.bind.is_loopback() {
        terminal.error(format!(
            "warning: listening on {}: anyone who can reach this machine can read your drafts",
            args.bind
        ));
    }
    let clock = match clock() {
        Ok(clock) => clock,
        Err(message) => {
            terminal.error(message);
            return false;
        }
    };
    let options = trustdocs::serve::ServeOptions {
        clock,
        root: args.root,
        bind: args.bind,
        port: args.port.unwrap_or(1111),
        port_given: args.port.is_some(),
    };
    let terminal = std::sync::Arc::new(terminal);
    let report = terminal.clone();
    let started = Instant::now();
    let on_outcome = move |outcome: &trustdocs::serve::live_site::Outcome| match &outcome.errors {
        Some(errors) => {
            for e in errors.errors() {
                report.error(e);
            }
            report.error(if outcome.checks_only {
                "`build` would refuse this site; the pages are served as saved"
            } else {
                "build failed; serving the last good pages"
            });
        }
        None => report.detail(format!(
            "rebuilt: {} files changed{} ({:.0?} since start)",
            outcome.changed.len(),
            if outcome.css.is_empty() {
                ""
            } else {
                ", stylesheet swapped"
            },
            started.elapsed()
        )),
    };
    // A preview lives on and rebuilds again and again: memory matters more than the few
    // per cent huge pages save a build (see `MALLOC_CONF`).
    trustdocs::serve::memory::no_huge_pages();
    match trustdocs::serve::start(&options, on_outcome) {
        Ok(server) => {
            // `--port 0` asks for any free port: nothing to say about the one given.
            if options.port != 0 && server.addr.port() != options.port {
                terminal.done(format!(
                    "port {} is busy; using {} instead",
                    options.port,
                    server.addr.port()
                ));
            }
            terminal.done(format!(
                "Serving {} — edit and save, the page follows. Ctrl-C stops.",
                server.url()
            ));
            loop {
                std::thread::park();
            }
        }
        Err(e) => {
            terminal.error(e);
            false
        }
    }
}

fn release(args: ReleaseArgs, terminal: &Terminal) -> bool {
    let bump = match (&args.version, args.major) {
        (Some(v), _) => match v.parse() {
            Ok(v) => release::Bump::Exactly(v),
            Err(()) => {
                terminal.error(format!("--version {v}: not MAJOR.MINOR, e.g. 4.6"));
                return false;
            }
        },
        (None, true) => release::Bump::Major,
        (None, false) => release::Bump::Minor,
    };
    let date = match args.date.as_deref().map(str::parse::<jiff::civil::Date>) {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err(_)) => {
            terminal.error(format!(
                "--date {}: not a date like 2025-07-01",
                args.date.unwrap_or_default()
            ));
            return false;
        }
    };
    let mut summaries = std::collections::BTreeMap::new();
    for (code, text) in [("ja", &args.summary_ja), ("en", &args.summary_en)] {
        if let Some(text) = text {
            summaries.insert(code.to_string(), text.clone());
        }
    }
    for pair in &args.summaries {
        match pair.split_once('=') {
            Some((code, text)) => {
                summaries.insert(code.trim().to_string(), text.to_string());
            }
            None => {
                terminal.error(format!("--summary {pair}: write it as LANG=TEXT"));
                return false;
            }
        }
    }
    if let Err(e) = ask_missing_summaries(&args.root, &mut summaries) {
        terminal.error(e);
        return false;
    }
    let now = match clock() {
        Ok(clock) => clock.now(),
        Err(message) => {
            terminal.error(message);
            return false;
        }
    };
    recover(&args.root, terminal);
    let request = release::ReleaseRequest {
        now,
        root: args.root,
        doc: args.doc.clone(),
        bump,
        date,
        summaries,
    };
    match release::release(&request) {
        Ok(done) if done.already => {
            terminal.done(format!(
                "{} {} dated {} is already released as asked: nothing to do",
                args.doc, done.version, done.date
            ));
            true
        }
        Ok(done) => {
            terminal.done(format!(
                "Released {} {} dated {}: froze {} files in {}, appended to {}",
                args.doc,
                done.version,
                done.date,
                done.files,
                done.frozen.display(),
                done.history.display()
            ));
            true
        }
        Err(e) => {
            let unfinished = matches!(e, release::ReleaseError::Unfinished { .. });
            terminal.error(e);
            if !unfinished {
                terminal.error("nothing was written");
            }
            false
        }
    }
}

/// On a terminal, asks for the summaries that were not given on the command line.
fn ask_missing_summaries(
    root: &std::path::Path,
    summaries: &mut std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let Ok(config) = trustdocs::load::config::Config::load(root) else {
        return Ok(());
    };
    for language in &config.languages {
        if summaries
            .get(language.code())
            .is_some_and(|s| !s.trim().is_empty())
        {
            continue;
        }
        eprint!("Summary of the changes ({}): ", language.code());
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        summaries.insert(language.code().to_string(), line.trim().to_string());
    }
    Ok(())
}

fn build(args: BuildArgs, terminal: &Terminal) -> bool {
    let started = Instant::now();
    let Some(mut options) = options(&args.root, terminal) else {
        return false;
    };
    options.base_url = args.base_url;
    options.drafts = args.drafts;
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    recover(&args.root, terminal);
    let leftovers = trustdocs::write::cleanup::clean_leftovers(&out);
    if !leftovers.is_empty() {
        terminal.done(leftovers);
    }
    let result = if args.pdf {
        let print = trustdocs::pdf::PrintOptions {
            epoch: source_date_epoch(),
        };
        pipeline::build_with_pdfs(&options, &out, &print)
    } else {
        pipeline::build_to(&options, &out)
    };
    let built = match result {
        Ok(built) => built,
        Err(report) => {
            let errors = report.errors().count();
            for e in report.errors() {
                terminal.error(e);
            }
            terminal.error(format!(
                "build failed with {errors} error{}; the previous output was left as it was",
                if errors == 1 { "" } else { "s" }
            ));
            return false;
        }
    };
    for (stage, took) in &built.stages {
        terminal.detail(format!("{stage}: {} ms", took.as_millis()));
    }
    terminal.detail(format!(
        "rendered {} files in {:.0?}",
        built.produced.rendered.len(),
        started.elapsed()
    ));
    let per_language = built.produced.pages_per_language();
    let total: usize = per_language.values().sum();
    let detail: Vec<String> = built
        .languages
        .iter()
        .map(|code| {
            let pages = per_language.get(code.as_str()).copied().unwrap_or(0);
            format!("{code} {pages}")
        })
        .collect();
    let mut notes = String::new();
    let warnings = built.warnings.warnings().count();
    if warnings > 0 {
        notes.push_str(&format!(
            "; {warnings} warning{} (see trustdocs check)",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    if args.pdf {
        let pdfs = built.produced.to_print.len();
        notes.push_str(&format!("; {pdfs} PDF{}", if pdfs == 1 { "" } else { "s" }));
    }
    if !built.unpublished.is_empty() {
        notes.push_str(&format!(
            "; not published, never released: {}",
            built.unpublished.join(", ")
        ));
    }
    terminal.done(format!(
        "Built {total} pages ({}) in {} ms → {}{notes}",
        detail.join(", "),
        started.elapsed().as_millis(),
        out.display()
    ));
    if !built.unreleased.is_empty() {
        terminal.done(format!(
            "Changes in {} not published; `--drafts` shows them (`trustdocs release` publishes them)",
            built.unreleased.join(", ")
        ));
    }
    true
}
