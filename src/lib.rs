//! trustdocs: a static site generator for a company's bilingual trust portal.
//!
//! The modules are layers, listed here in the order data flows through them; each imports
//! only from the layers above it in this list.
//!
//! ```text
//! fault     kill points for the fault-injection tests (debug builds only)
//! model     what a portal is: languages, versions, dates, documents, histories, URLs
//! report    problems: errors of the stages, diagnostics, the report of a run
//! typography Japanese line breaks: which soft breaks are no space, phrase breaks (<wbr>)
//! load      site.yaml, content/, locales/, themes/ ─► the model   (Site)
//! plan      what is published, the build's URLs, where links go  (SitePlan)
//! markdown  every shown page copy ─► HTML, tables of contents, search text, facts
//! check     validators over the corpus, the plan and the facts ─► diagnostics
//! pages     the context of every page (document, archive, diff, feed, sitemap)
//! search    the static search index of the published pages
//! outputs   pages rendered by the theme, feeds, index, site files ─► a Sink
//! pdf       `build --pdf`: the pages written, printed by headless Chromium ─► PDFs
//! write     the sinks: a folder swapped into place, memory, nothing
//! pipeline  the stage order: load ─► plan ─► Markdown ─► checks ─► outputs ─► sink
//!           (─► PDFs with `--pdf`)
//! serve     the preview: watch, rebuild what a save touches, live reload
//! commands  release, init, new
//! ```
//!
//! To follow one page from its source to its output file, read `pipeline::run` and then
//! each stage it calls, in order.

pub mod fault;
pub mod model;
pub mod report;
pub mod typography;

pub mod load;
pub mod plan;

pub mod markdown;

pub mod check;
pub mod pages;
pub mod search;

pub mod outputs;
pub mod pdf;
pub mod write;

pub mod pipeline;

pub mod commands;
pub mod serve;

pub use load::Options;
