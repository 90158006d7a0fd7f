#!/usr/bin/env bash
# Benchmarks in smoke mode: the budgets runner on the debug binaries that
# `cargo test --workspace` built, two runs each. It must run; times are not
# checked here (see README's Performance section for the release figures).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_RUNS=2 cargo test --locked -p respondby-cli --bench budgets
