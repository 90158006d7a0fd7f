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
        made |= {f"{prefix}Rule", f"{prefix}HubRule"}
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


# --- The hub bus: every function's rule listens on it too -------------------

import json  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402

import test_template as hub  # noqa: E402  (the hub template's resolver)

ORG = "o-a1b2c3d4e5"
MEMBER = "444455556666"
OUTSIDER = "777788889999"
LISTED = ["111122223333", "222233334444"]


def test_each_function_rule_listens_on_the_hub_bus_as_well_as_the_default_bus():
    res = HUB["Resources"]
    assert res["HubEventBus"]["Type"] == "AWS::Events::EventBus"
    assert "Condition" not in res["HubEventBus"], "a stack without spokes still has the bus (one account's Regions need no policy)"
    for name, p in PATTERNS.items():
        prefix = p["Function"][: -len("Function")]
        default, on_hub = res[f"{prefix}Rule"], res[f"{prefix}HubRule"]
        assert on_hub["Properties"]["EventBusName"] == {"Ref": "HubEventBus"}, name
        assert on_hub["Properties"]["EventPattern"] == default["Properties"]["EventPattern"] == p["EventPattern"], name
        assert on_hub["Properties"]["Targets"] == default["Properties"]["Targets"], name
        assert on_hub.get("Condition") == default.get("Condition") == res[p["Function"]].get("Condition"), name
        perm = res[f"{prefix}HubPermission"]["Properties"]
        assert perm == dict(res[f"{prefix}Permission"]["Properties"], SourceArn={"Fn::GetAtt": [f"{prefix}HubRule", "Arn"]})
    out = HUB["Outputs"]["HubEventBusArn"]
    assert out["Value"] == {"Fn::GetAtt": ["HubEventBus", "Arn"]}


def bus_policy(params):
    policy = hub.resolve(HUB["Resources"]["HubEventBus"]["Properties"].get("Policy", {"Ref": "AWS::NoValue"}), params)
    return None if policy is hub.NO_VALUE else policy


def may_put_events(policy, account, org=None):
    """IAM's answer for a caller of another account: allowed only when a
    statement of the bus's resource policy allows it (no Deny here)."""
    if policy is None:
        return False
    bus = f"arn:aws:events:{hub.REGION}:{hub.ACCOUNT}:event-bus/{hub.STACK}-hub"
    for st in policy["Statement"]:
        assert st["Effect"] == "Allow" and st["Action"] == "events:PutEvents" and st["Resource"] == bus, st
        principal = st["Principal"]
        if principal == "*":
            cond = st["Condition"]
            assert list(cond) == ["StringEquals"] and list(cond["StringEquals"]) == ["aws:PrincipalOrgID"], st
            if org is not None and cond["StringEquals"]["aws:PrincipalOrgID"] == org:
                return True
        else:
            assert "Condition" not in st, st
            if account in principal["AWS"]:
                return True
    return False


@pytest.mark.parametrize("given", ["nothing", "organisation", "accounts", "both"])
def test_the_hub_bus_admits_the_organisation_and_the_listed_accounts_and_nobody_else(given):
    params = hub.with_params(
        HubOrganizationId=ORG if given in ("organisation", "both") else "",
        HubAccountIds=",".join(LISTED) if given in ("accounts", "both") else "")
    policy = bus_policy(params)
    if given == "nothing":
        # Only this account's own Regions may send (IAM roles of the same
        # account need no resource policy): no policy at all.
        assert policy is None
    org_ok = given in ("organisation", "both")
    accounts_ok = given in ("accounts", "both")
    assert may_put_events(policy, MEMBER, org=ORG) == org_ok
    for account in LISTED:
        assert may_put_events(policy, account) == accounts_ok, account
    assert not may_put_events(policy, OUTSIDER)
    assert not may_put_events(policy, OUTSIDER, org="o-zzzzzzzzzz")
    if policy is not None:
        assert [st["Sid"] for st in policy["Statement"]] == \
            (["Organization"] if org_ok else []) + (["Accounts"] if accounts_ok else [])


def test_the_hub_parameters_refuse_what_is_not_an_organisation_or_account_ids():
    org = re.compile(HUB["Parameters"]["HubOrganizationId"]["AllowedPattern"])
    for ok in ("", ORG, "o-exampleorgid"):
        assert org.fullmatch(ok), ok
    for bad in ("o-", "r-a1b2", "a1b2c3d4e5", "o-A1B2C3D4E5", ORG + " "):
        assert not org.fullmatch(bad), bad
    ids = re.compile(HUB["Parameters"]["HubAccountIds"]["AllowedPattern"])
    for ok in ("", "111122223333", "111122223333,222233334444"):
        assert ids.fullmatch(ok), ok
    for bad in ("11112222333", "111122223333,", "111122223333, 222233334444", "*", "arn:aws:iam::111122223333:root"):
        assert not ids.fullmatch(bad), bad


# --- The hub's heartbeat function -------------------------------------------

def test_the_hub_records_heartbeats_from_both_buses_and_checks_for_silence_every_five_minutes():
    res = HUB["Resources"]
    fn = res["HeartbeatFunction"]
    assert fn["Metadata"]["BuildProperties"]["Binary"] == "respondby-heartbeat"
    from cfn_eval import Stack
    h = Stack(HUB, {"SpokeSilenceMinutes": "200", "ExpectedSpokes": "111122223333/*", "HeartbeatMinutes": "30"},
              account="999988887777", region="us-east-1")
    env = h.resolve(fn["Properties"]["Environment"]["Variables"])
    assert env == {"SPOKE_SILENCE_MINUTES": "200", "EXPECTED_SPOKES": "111122223333/*", "HEARTBEAT_MINUTES": "30"}
    defaults = {k: HUB["Parameters"][k]["Default"] for k in ("SpokeSilenceMinutes", "ExpectedSpokes", "HeartbeatMinutes")}
    assert defaults == {"SpokeSilenceMinutes": 150, "ExpectedSpokes": "", "HeartbeatMinutes": 60}
    # Heartbeats: a rule on each bus (the hub's own Region heartbeats through
    # its default bus like any spoke), straight to the function: no queue.
    for rule in ("HeartbeatRule", "HeartbeatHubRule"):
        (target,) = res[rule]["Properties"]["Targets"]
        assert target["Arn"] == {"Fn::GetAtt": ["HeartbeatFunction", "Arn"]}, rule
    assert PATTERNS["heartbeat.yaml"]["EventPattern"] == {"source": ["respondby.heartbeat"]}
    # The silence check.
    check = h.resolve(res["HeartbeatCheckSchedule"])["Properties"]
    assert res["HeartbeatCheckSchedule"]["Type"] == "AWS::Scheduler::Schedule"
    assert check["ScheduleExpression"] == "rate(5 minutes)"
    assert check["FlexibleTimeWindow"] == {"Mode": "OFF"} and "Name" not in check
    assert check["Target"]["Arn"] == "HeartbeatFunction.Arn"
    assert json.loads(check["Target"]["Input"]) == {"respondby": "silence-check"}
    assert check["Target"]["RetryPolicy"] == {"MaximumRetryAttempts": 0}
    role = h.resolve(res["HeartbeatCheckScheduleRole"])["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust == {"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:SourceAccount": "999988887777"}}}
    statements = [st for pol in role["Policies"] for st in pol["PolicyDocument"]["Statement"]]
    assert statements == [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "HeartbeatFunction.Arn"}]
    # A lost heartbeat is replaced by the next one, a failed check runs again
    # in five minutes: nothing for the dead-letter queue.
    invoke = fn["Properties"]["EventInvokeConfig"]
    assert "DestinationConfig" not in invoke
    assert invoke["MaximumRetryAttempts"] <= 2
