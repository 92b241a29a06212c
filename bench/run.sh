#!/usr/bin/env bash
# trustdocs benchmark: builds the release binary and the two benchmark examples, then runs
# bench/bench.py, which prints Markdown tables. Usage:
#
#   bench/run.sh 1000        one size (N documents, each in Japanese and English)
#   bench/run.sh             N = 100 and 1000
#   bench/run.sh --large     N = 100, 1000, 5000 and 10000
#   bench/run.sh --smoke     N = 20, 2 runs, 3 edits: a quick check that it all works
#
# Other options: --runs K, --edits E, --seed S, --no-serve, --no-disk, --keep, --json FILE,
# --compare BINARY (alternating builds of another trustdocs binary and this one), --before-repo
# DIR (with --compare: the other binary gets a corpus with the themes of the checkout at DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --locked --bin trustdocs --example gen_corpus --example plain_render
exec python3 bench/bench.py "$@"
