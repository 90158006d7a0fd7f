#!/usr/bin/env bash
# Runs the budgets runner with terraform-aws-modules' notify_slack handler as
# a baseline, the way that notifier's Lambda runs it (Python 3.11, boto3).
#
#   bash functions/cli/benches/notify-slack-baseline.sh [folder-with-notify_slack.py]
#
# Without an argument it downloads notify_slack.py at the pinned release into
# target/notify-slack/ (its code is not part of this repository). boto3 goes
# into target/notify-slack/venv. Then it builds the release binaries and runs
# `cargo bench -p respondby-cli --bench budgets` with NOTIFY_SLACK_DIR and
# NOTIFY_SLACK_PYTHON set. Extra environment (BENCH_RUNS, BENCH_ENFORCE) is
# passed through.
set -euo pipefail
cd "$(dirname "$0")/../../.."

TAG=v7.5.0
BOTO3=1.35.99
dir=target/notify-slack
mkdir -p "$dir"
if [[ $# -ge 1 ]]; then
  src=$(cd "$1" && pwd)
else
  src=$(pwd)/$dir
  if [[ ! -f $src/notify_slack.py ]]; then
    curl -fsSL -o "$src/notify_slack.py" \
      "https://raw.githubusercontent.com/terraform-aws-modules/terraform-aws-notify-slack/$TAG/functions/notify_slack.py"
  fi
fi
[[ -f $src/notify_slack.py ]] || { echo "no notify_slack.py in $src" >&2; exit 2; }

if [[ ! -x $dir/venv/bin/python ]]; then
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/pip" install -q "boto3==$BOTO3"
fi

cargo build --release --locked --workspace --bins
NOTIFY_SLACK_DIR=$src NOTIFY_SLACK_PYTHON=$(pwd)/$dir/venv/bin/python \
  cargo bench --locked -p respondby-cli --bench budgets
