//! Timing of `files` on a dump of real sections (`{"language","pages":[[title,url]…],
//! "sections":[[page,anchor|null,heading,text]…]}`): not a test, a measuring tool.
//!
//! `TRUSTDOCS_SEARCH_DUMP=dump.json cargo test --release --lib bench_files -- --ignored --nocapture`

use super::files::Layout;
use super::index::{IndexedPage, IndexedSection, SearchIndex};
use super::normalise::{Fold, nfkc_lower};
use super::variants::Variants;

fn load(path: &str) -> SearchIndex<'static> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    SearchIndex {
        variants: Variants::default(),
        language: v["language"].as_str().unwrap().to_string(),
        pages: v["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| IndexedPage {
                title: p[0].as_str().unwrap().to_string(),
                url: p[1].as_str().unwrap().to_string(),
            })
            .collect(),
        sections: v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| IndexedSection {
                page: s[0].as_u64().unwrap() as usize,
                anchor: s[1].as_str().map(str::to_string),
                heading: s[2].as_str().unwrap().to_string().into(),
                text: s[3].as_str().unwrap().to_string().into(),
            })
            .collect(),
    }
}

#[test]
#[ignore]
fn bench_files() {
    let Ok(paths) = std::env::var("TRUSTDOCS_SEARCH_DUMP") else {
        return;
    };
    for path in paths.split(',') {
        let index = load(path);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let mut best = f64::MAX;
        let mut files = Vec::new();
        let runs = std::env::var("TRUSTDOCS_SEARCH_RUNS").map_or(5, |r| r.parse().unwrap());
        for _ in 0..runs {
            let start = std::time::Instant::now();
            files = pool.install(|| index.files(Layout::DEFAULT).unwrap());
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        let time = |f: &(dyn Fn() + Sync)| {
            let start = std::time::Instant::now();
            pool.install(f);
            start.elapsed().as_secs_f64() * 1000.0
        };
        let postings = (0..runs.min(3))
            .map(|_| time(&|| drop(index.postings())))
            .fold(f64::MAX, f64::min);
        let text = (0..runs.min(3))
            .map(|_| time(&|| drop(index.text_files(Layout::DEFAULT, &mut drop))))
            .fold(f64::MAX, f64::min);
        // What the fold of spaces next to Japanese costs: the normalised characters of
        // every heading and text, passed through it and passed on as they are.
        let chars: Vec<Vec<char>> = index
            .sections
            .iter()
            .flat_map(|s| [nfkc_lower(&s.heading), nfkc_lower(&s.text)])
            .map(|t| t.chars().collect())
            .collect();
        let count = |folded: bool| {
            let mut n = 0usize;
            for text in &chars {
                if folded {
                    let mut fold = Fold::new(|c: char| n += c as usize & 1);
                    text.iter().for_each(|&c| fold.push(c));
                    fold.finish();
                } else {
                    text.iter().for_each(|&c| n += c as usize & 1);
                }
            }
            std::hint::black_box(n);
        };
        let plain = (0..runs.min(3))
            .map(|_| time(&|| count(false)))
            .fold(f64::MAX, f64::min);
        let folded = (0..runs.min(3))
            .map(|_| time(&|| count(true)))
            .fold(f64::MAX, f64::min);
        println!(
            "postings {postings:.1} ms, text {text:.1} ms; characters passed on {plain:.1} ms, through the fold {folded:.1} ms"
        );
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        println!(
            "{path}: {best:.1} ms on one thread, {} files, {bytes} bytes",
            files.len()
        );
    }
}
