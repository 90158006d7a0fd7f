#!/usr/bin/env bash
# The deploy build, exactly as README's Deploy section runs it:
#
#   sam validate --lint                                (and on infra/spoke.yaml)
#   sam build --beta-features
#
# then checks that every function in template.yaml got an arm64 Linux
# `bootstrap` under the size budget. The functions are read from the template
# (each AWS::Serverless::Function with BuildMethod rust-cargolambda and its
# BuildProperties Binary), so a function added there is built and checked
# here without touching this script.
#
# Tools: aws-sam-cli and cargo-lambda (which cross-links with zig, from the
# ziglang package) at the versions in tests/deploy-requirements.txt, in the
# virtualenv .ci/.venv-sam this script makes itself; Rust's aarch64 standard
# library from rustup. No AWS account: dummy credentials and a region, no
# profile or config files, no telemetry; nothing here calls AWS.
#
# sam build runs `cargo lambda build --release --arm64 --bin <Binary>` once
# per function in this folder (cargo's target/, shared, so the dependencies
# are compiled once) and copies target/lambda/<Binary>/bootstrap to
# .aws-sam/build/<LogicalId>/. From no target/aarch64-unknown-linux-gnu on
# this 2-core machine it took 9 min 16 s; with it, 6 s.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.ci/.venv-sam
target=aarch64-unknown-linux-gnu
budget=$((8 * 1024 * 1024))

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r tests/deploy-requirements.txt
# sam, cargo-lambda, and the python that carries zig for cargo-lambda.
export PATH="$PWD/$venv/bin:$PATH"

rustup target list --installed | grep -qx "$target" || rustup target add "$target"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export SAM_CLI_TELEMETRY=0
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN

echo "sam-build: $(python -m pip freeze | grep -iE '^(aws-sam-cli|cargo-lambda|ziglang)==' | paste -sd' '), zig $(python -m ziglang version)"

# The functions of the template, and that each names a bin of this workspace
# (a clear message instead of cargo's when a function's package is missing).
functions=$(python - <<'PY'
import sys
from samcli.yamlhelper import yaml_parse

resources = yaml_parse(open("template.yaml").read())["Resources"]
bad = []
for logical_id, r in resources.items():
    if r.get("Type") != "AWS::Serverless::Function":
        continue
    meta = r.get("Metadata") or {}
    binary = (meta.get("BuildProperties") or {}).get("Binary")
    if meta.get("BuildMethod") != "rust-cargolambda" or not binary:
        bad.append(logical_id)
        continue
    print(logical_id, binary)
if bad:
    sys.exit(f"sam-build: {', '.join(bad)}: no Metadata BuildMethod rust-cargolambda with BuildProperties Binary")
PY
)
[ -n "$functions" ] || { echo "sam-build: no AWS::Serverless::Function in template.yaml" >&2; exit 1; }
bins=$(cargo metadata --locked --no-deps --format-version 1 |
  python -c 'import json, sys; print("\n".join(t["name"] for p in json.load(sys.stdin)["packages"] for t in p["targets"] if "bin" in t["kind"]))')
missing=0
while read -r id binary; do
  if ! grep -qx "$binary" <<<"$bins"; then
    echo "sam-build: $id builds Binary $binary, but no package of this workspace has a bin of that name" >&2
    missing=1
  fi
done <<<"$functions"
[ "$missing" -eq 0 ] || exit 1
echo "sam-build: $(wc -l <<<"$functions") functions in template.yaml: $(cut -d' ' -f2 <<<"$functions" | tr '\n' ' ')"

echo "==> sam validate --lint"
sam validate --lint
# The spoke is plain CloudFormation; sam validate --lint checks it too (with
# the cfn-lint of SAM's own virtualenv, beside .ci/template-checks.sh's).
sam validate --lint --template infra/spoke.yaml

echo "==> sam build --beta-features"
rm -rf .aws-sam/build
start=$(date +%s)
sam build --beta-features
echo "sam-build: sam build took $(($(date +%s) - start)) s"

# Each function's package: an AArch64 ELF executable that Lambda's
# provided.al2023 (glibc 2.34) can load, under the budget.
FUNCTIONS=$functions BUDGET=$budget python - <<'PY'
import os, re, struct, subprocess, sys

budget = int(os.environ["BUDGET"])
EM_AARCH64 = 183
fails = []
print(f"| function | Binary | bootstrap (bytes) | MiB | needs glibc | budget < {budget / 2**20:.0f} MiB |")
print("|---|---|---|---|---|---|")
for line in os.environ["FUNCTIONS"].split("\n"):
    if not line.strip():
        continue
    logical_id, binary = line.split()
    path = os.path.join(".aws-sam", "build", logical_id, "bootstrap")
    if not os.path.isfile(path):
        fails.append(f"{logical_id}: {path} missing")
        continue
    data = open(path, "rb").read()
    problems = []
    if data[:4] != b"\x7fELF":
        problems.append("not ELF")
    else:
        ei_class, ei_data = data[4], data[5]
        e_type, e_machine = struct.unpack_from("<HH", data, 16)
        if ei_class != 2 or ei_data != 1:
            problems.append(f"not 64-bit little-endian (class {ei_class}, data {ei_data})")
        if e_machine != EM_AARCH64:
            problems.append(f"e_machine {e_machine}, not {EM_AARCH64} (AArch64)")
        if e_type not in (2, 3):
            problems.append(f"e_type {e_type}, not an executable")
    if not os.access(path, os.X_OK):
        problems.append("not executable")
    size = len(data)
    if size >= budget:
        problems.append(f"{size} bytes, over the budget")
    glibc = max(
        (tuple(int(x) for x in m.groups() if x) for m in re.finditer(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?", data)),
        default=None,
    )
    if glibc and glibc > (2, 34):
        problems.append(f"needs glibc {'.'.join(map(str, glibc))}, Lambda's provided.al2023 has 2.34")
    need = ".".join(map(str, glibc)) if glibc else "-"
    mark = "✓" if not problems else "✗ " + "; ".join(problems)
    print(f"| {logical_id} | {binary} | {size} | {size / 2**20:.2f} | {need} | {mark} |")
    try:
        print("    " + subprocess.run(["file", "-b", path], capture_output=True, text=True).stdout.strip(), file=sys.stderr)
    except OSError:
        pass
    if problems:
        fails.append(f"{logical_id}: " + "; ".join(problems))
if fails:
    sys.exit("sam-build: " + "\n  ".join(["bad packages:"] + fails))
print("sam-build: every function has an arm64 bootstrap")
PY
