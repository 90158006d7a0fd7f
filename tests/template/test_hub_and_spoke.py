"""The hub and its spokes (issue 19): one source of truth for the event
patterns (infra/patterns/*.yaml, written into the templates by
infra/patterns/generate.py)."""

import glob
import importlib.util
import os

from cfnlint.decode import decode
from cfnlint.decode.cfn_yaml import loads

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def load(path):
    tpl, matches = decode(os.path.join(ROOT, path))
    assert not matches, matches
    return tpl


HUB = load("template.yaml")
PATTERN_FILES = sorted(glob.glob(os.path.join(ROOT, "infra", "patterns", "*.yaml")))
PATTERNS = {os.path.basename(f): loads(open(f).read()) for f in PATTERN_FILES}


def generator():
    spec = importlib.util.spec_from_file_location("generate", os.path.join(ROOT, "infra", "patterns", "generate.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rules(tpl):
    return {k: v for k, v in tpl["Resources"].items() if v["Type"] == "AWS::Events::Rule"}


def test_the_generated_rules_are_what_the_pattern_files_say():
    # python3 infra/patterns/generate.py --check, as CI runs it: the blocks
    # in the templates are exactly what the generator writes now.
    gen = generator()
    stale = [os.path.relpath(p, ROOT) for p, (old, new) in gen.generate().items() if old != new]
    assert stale == [], f"{stale}: run python3 infra/patterns/generate.py"
    assert gen.main(["--check"]) == 0


def test_every_function_rule_of_the_hub_comes_from_one_pattern_file():
    assert PATTERNS, "no infra/patterns/*.yaml"
    hub_rules = rules(HUB)
    made = set()
    for name, p in PATTERNS.items():
        fn = p["Function"]
        assert HUB["Resources"][fn]["Type"] == "AWS::Serverless::Function", name
        prefix = fn[: -len("Function")]
        rule = hub_rules[f"{prefix}Rule"]
        assert rule["Properties"]["EventPattern"] == p["EventPattern"], name
        assert "EventBusName" not in rule["Properties"], f"{prefix}Rule is on the default bus"
        assert [t["Arn"] for t in rule["Properties"]["Targets"]] == [{"Fn::GetAtt": [fn, "Arn"]}]
        perm = HUB["Resources"][f"{prefix}Permission"]["Properties"]
        assert perm["SourceArn"] == {"Fn::GetAtt": [f"{prefix}Rule", "Arn"]}
        assert perm["FunctionName"] == {"Ref": fn}
        made |= {f"{prefix}Rule"}
    # No rule written by hand beside them: a hand-written one would drift
    # from the spokes.
    assert set(hub_rules) == made, set(hub_rules) ^ made


def test_a_broken_pattern_file_is_refused_with_its_name(tmp_path, monkeypatch):
    gen = generator()
    bad = tmp_path / "broken.yaml"
    bad.write_text("Function: NopeFunction\nDescription: x\nEventPattern:\nsource: [\"x\"]\n")
    monkeypatch.setattr(gen, "PATTERNS", str(tmp_path))
    try:
        gen.generate()
    except gen.PatternError as e:
        assert "broken.yaml" in str(e) and "indented" in str(e)
    else:
        raise AssertionError("a pattern that is not indented was accepted")
    bad.write_text("Function: NopeFunction\nDescription: x\nEventPattern:\n  source: [\"x\"]\n")
    try:
        gen.generate()
    except gen.PatternError as e:
        assert "NopeFunction" in str(e)
    else:
        raise AssertionError("a pattern for a function the template lacks was accepted")
