#!/usr/bin/env bash
# Profiles trustdocs on a generated corpus, by pipeline stage (see bench/profile.py):
#
#   bench/profile.sh build 1000            perf: CPU samples of a full build
#   bench/profile.sh check 1000            perf: CPU samples of `trustdocs check`
#   bench/profile.sh serve-page 1000       perf: `serve` during 10 page edits
#   bench/profile.sh serve-template 1000   perf: `serve` during 4 template edits
#   bench/profile.sh memory 1000           valgrind massif: heap at its peak, by owner
#   bench/profile.sh callgrind 1000        valgrind callgrind: instruction counts
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --locked --bin trustdocs --example gen_corpus
exec python3 bench/profile.py "$@"
