#!/usr/bin/env bash
# moto_server on 127.0.0.1 for the DynamoDB differential test
# (tests/testkit/tests/dynamodb_vs_moto.rs), in the virtualenv .ci/.venv.
#
#   .ci/moto.sh start        starts it in the background, waits until it
#                            answers, creates the Respond By table with its
#                            GSI, and prints `export RESPONDBY_MOTO_ENDPOINT=…`
#                            on stdout (everything else goes to stderr), so:
#                              eval "$(bash .ci/moto.sh start)"
#   .ci/moto.sh stop         stops the server `start` started (by its pid).
#   .ci/moto.sh run CMD...   start, run CMD with RESPONDBY_MOTO_ENDPOINT
#                            exported, stop (also when CMD fails); CMD's
#                            exit status is the script's.
#
# RESPONDBY_MOTO_PORT picks the port (default: one the OS says is free);
# RESPONDBY_MOTO_TABLE the table name (default respondby-state). Talks only
# to 127.0.0.1 with dummy credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.ci/.venv
pidfile=$venv/moto_server.pid
logfile=$venv/moto_server.log
table=${RESPONDBY_MOTO_TABLE:-respondby-state}

say() { printf 'moto.sh: %s\n' "$*" >&2; }

setup() {
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet -r tests/moto-requirements.txt >&2
}

# Dummy credentials and region for boto3, never a real account's.
local_aws() {
  env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "$@"
}

start() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    say "already running (pid $(cat "$pidfile")); stop it first"
    exit 1
  fi
  setup
  local port=${RESPONDBY_MOTO_PORT:-}
  if [ -z "$port" ]; then
    port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fi
  local endpoint="http://127.0.0.1:$port"
  # moto_server, with one difference: requests are applied one at a time.
  # DynamoDB applies each write to an item atomically; moto's threaded
  # server does not (two UpdateItems racing on one item lost an ADD to one
  # attribute and kept the other's: a fold window read back with count 197
  # and members summing to 200, in 6 of 8 runs of
  # racing_claims_and_folds_count_once_against_moto). Serialising requests
  # restores that guarantee; the races still arrive concurrently, and which
  # write wins, and what each condition sees, is still moto's doing.
  MOTO_PORT=$port "$venv/bin/python" - 127.0.0.1 "$port" >"$logfile" 2>&1 <<'PY' &
import sys, threading
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()

def serialised(environ, start_response):
    with one_at_a_time:
        return list(app(environ, start_response))

run_simple(sys.argv[1], int(sys.argv[2]), serialised, threaded=True)
PY
  echo $! >"$pidfile"
  say "moto_server pid $(cat "$pidfile") on $endpoint (log: $logfile)"
  # Wait until it answers (30 s at most), then create the table.
  if ! local_aws "$venv/bin/python" - "$endpoint" "$table" "$(cat "$pidfile")" >&2 <<'PY'
import os, sys, time, urllib.request
import boto3
endpoint, table, pid = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline = time.time() + 30
while True:
    try:
        urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).read()
        break
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            sys.exit(f"moto_server (pid {pid}) exited")
        if time.time() > deadline:
            sys.exit(f"moto_server did not answer on {endpoint} within 30 s")
        time.sleep(0.2)
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
if table not in ddb.list_tables()["TableNames"]:
    # The Respond By table: pk (S), TTL on expires_at, and the sparse
    # due-index (due_shard S, due_at N, projection ALL), and listing-index
    # (the same keys, projection INCLUDE listed and version).
    ddb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "due_shard", "AttributeType": "S"},
            {"AttributeName": "due_at", "AttributeType": "N"},
        ],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "due-index",
            "KeySchema": [
                {"AttributeName": "due_shard", "KeyType": "HASH"},
                {"AttributeName": "due_at", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }, {
            "IndexName": "listing-index",
            "KeySchema": [
                {"AttributeName": "due_shard", "KeyType": "HASH"},
                {"AttributeName": "due_at", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["listed", "version"]},
        }],
    )
    ddb.update_time_to_live(
        TableName=table,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"},
    )
print(f"table {table} ready on {endpoint}")
PY
  then
    say "could not start; last lines of $logfile:"
    tail -n 20 "$logfile" >&2 || true
    stop
    exit 1
  fi
  echo "export RESPONDBY_MOTO_ENDPOINT=$endpoint"
}

stop() {
  if [ ! -f "$pidfile" ]; then
    say "not running (no $pidfile)"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    say "stopped moto_server (pid $pid)"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run)
    shift
    [ $# -gt 0 ] || { say "usage: $0 run CMD [ARGS...]"; exit 2; }
    # An assignment, not eval "$(start)", so a failed start stops the script.
    exports=$(start)
    trap stop EXIT
    eval "$exports"
    export RESPONDBY_MOTO_ENDPOINT
    "$@"
    ;;
  *)
    say "usage: $0 start | stop | run CMD [ARGS...]"
    exit 2
    ;;
esac
