#!/usr/bin/env bash
# Runs `respondby preview --json` over every JSON file in ../shared/fixtures
# (real samples published by AWS and public repos) and checks each outcome
# against .ci/shared-fixtures-expected.tsv. Fails on a panic (exit 101), a
# wrong outcome, a multi-line error, or a file with no expectation.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/fixtures
if [ ! -d "$shared" ]; then
  echo "conformance: $shared not present, nothing to check"
  exit 0
fi
# Built here (a no-op when up to date), with its AWS parts as deployed:
# never whatever respondby an earlier step left in target/.
if [ -n "${RESPONDBY_BIN:-}" ]; then
  bin=$RESPONDBY_BIN
else
  cargo build -q --locked -p respondby-cli
  bin=target/debug/respondby
fi
errfile=$(mktemp)
trap 'rm -f "$errfile"' EXIT
declare -A want
while IFS=$'\t' read -r file outcome; do
  case "$file" in ''|'#'*) continue ;; esac
  want[$file]=$outcome
done < .ci/shared-fixtures-expected.tsv

pass=0 fail=0
while IFS= read -r path; do
  rel=${path#"$shared"/}
  expected=${want[$rel]:-}
  if [ -z "$expected" ]; then
    echo "FAIL $rel: no expected outcome in .ci/shared-fixtures-expected.tsv"; fail=$((fail+1)); continue
  fi
  set +e
  out=$("$bin" preview --json "$path" 2>"$errfile")
  rc=$?
  set -e
  err=$(cat "$errfile")
  case "$rc" in
    0) got=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["action"])') ;;
    2) got=error
       if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [ -n "$out" ]; then
         echo "FAIL $rel: error must be one line on stderr and nothing on stdout"; fail=$((fail+1)); continue
       fi ;;
    *) echo "FAIL $rel: exit $rc (panic?): $err"; fail=$((fail+1)); continue ;;
  esac
  if [ "$got" = "$expected" ]; then
    pass=$((pass+1))
  else
    echo "FAIL $rel: expected $expected, got $got ${err}"; fail=$((fail+1))
  fi
done < <(find "$shared" -name '*.json' | sort)
echo "conformance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
