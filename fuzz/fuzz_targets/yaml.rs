//! libFuzzer target: arbitrary bytes as `history.yaml` and `site.yaml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trustdocs_fuzz::yaml_bytes(data));
