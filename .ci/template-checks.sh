#!/usr/bin/env bash
# cfn-lint on the templates and the EventBridge pattern tests (moto's matcher),
# in a virtualenv this script makes itself.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.ci/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet -r tests/template/requirements.txt
# The rules in the templates are the ones infra/patterns/*.yaml describe.
python3 infra/patterns/generate.py --check
"$venv/bin/cfn-lint" template.yaml infra/spoke.yaml infra/cloudtrail-env-trail.yaml
"$venv/bin/python" -m pytest -q tests/template
