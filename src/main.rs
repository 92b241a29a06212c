//! The `trustdocs` command line: parses arguments, runs one command, prints the outcome.
//! All the work is in the library; this file only talks to the terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use trustdocs::{BuildOptions, output, scaffold};

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
    /// Create a new document with a page per language.
    New {
        /// Document path under content/, e.g. `privacy-policy` or `manuals/api`.
        doc: String,
        /// Title of the new pages (default: the document's folder name).
        #[arg(long)]
        title: Option<String>,
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

    fn detail(&self, message: impl std::fmt::Display) {
        if self.verbose {
            eprintln!("  {message}");
        }
    }
}

fn main() -> ExitCode {
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
        Command::New { doc, title, root } => {
            match scaffold::new_document(&root, &doc, title.as_deref()) {
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
            }
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn build(args: BuildArgs, terminal: &Terminal) -> bool {
    let started = Instant::now();
    let options = BuildOptions {
        root: args.root.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
    };
    let site = match trustdocs::build(&options) {
        Ok(site) => site,
        Err(errors) => {
            for e in &errors.0 {
                terminal.error(e);
            }
            terminal.error(format!(
                "build failed with {} error{}; the previous output was left as it was",
                errors.0.len(),
                if errors.0.len() == 1 { "" } else { "s" }
            ));
            return false;
        }
    };
    terminal.detail(format!(
        "rendered {} files in {:.0?}",
        site.output.files.len(),
        started.elapsed()
    ));
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    if let Err(e) = output::write_to_disk(&site.output, &out) {
        terminal.error(e);
        terminal.error("build failed; the previous output was left as it was");
        return false;
    }
    let per_language = site.output.pages_per_language();
    let total: usize = per_language.values().sum();
    let detail: Vec<String> = site
        .config
        .languages
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.code(),
                per_language.get(l.code()).copied().unwrap_or(0)
            )
        })
        .collect();
    terminal.done(format!(
        "Built {total} pages ({}) in {} ms → {}",
        detail.join(", "),
        started.elapsed().as_millis(),
        out.display()
    ));
    true
}
