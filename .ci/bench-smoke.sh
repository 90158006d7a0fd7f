#!/usr/bin/env bash
# Benchmarks in smoke mode, on the debug binaries that `cargo test --workspace`
# built: the divan in-process benchmarks once each, and the budgets runner
# with two cold starts per figure. They must build and run; times are not
# checked here (README's Performance section has the release figures and the
# commands that made them).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked -p respondby-cli --bench in_process
BENCH_RUNS=2 cargo test --locked -p respondby-cli --bench budgets
