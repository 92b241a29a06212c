//! libFuzzer target: arbitrary bytes as a page (decoding, front matter, Markdown).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trustdocs_fuzz::render_bytes(data));
