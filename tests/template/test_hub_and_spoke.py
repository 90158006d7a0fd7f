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


# --- infra/spoke.yaml: plain rules that forward to the hub bus -----------------

from cfn_eval import Stack  # noqa: E402
from moto.events.models import EventPattern  # noqa: E402

SPOKE = load("infra/spoke.yaml")
HUB_ACCOUNT = "999988887777"
HUB_REGION = "us-east-1"
HUB_BUS = f"arn:aws:events:{HUB_REGION}:{HUB_ACCOUNT}:event-bus/respondby-hub"
SPOKE_ACCOUNT = "444455556666"
STACKSET_NAME = "StackSet-respondby-spoke-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"


def spoke(account=SPOKE_ACCOUNT, region="ap-south-1", name=STACKSET_NAME, **params):
    return Stack(SPOKE, dict({"HubEventBusArn": HUB_BUS}, **params), account=account, region=region, name=name)


def prefix_of(p):
    return p["Function"][: -len("Function")]


def test_the_spoke_is_plain_cloudformation_with_no_function_secret_or_table():
    assert "Transform" not in SPOKE
    types = {v["Type"] for v in SPOKE["Resources"].values()}
    assert not {t for t in types if t.startswith(("AWS::Lambda::", "AWS::Serverless::", "AWS::SecretsManager::",
                                                  "AWS::DynamoDB::"))}, types
    assert "Default" not in SPOKE["Parameters"]["HubEventBusArn"], "a spoke must be told its hub"
    arn = re.compile(SPOKE["Parameters"]["HubEventBusArn"]["AllowedPattern"])
    for ok in (HUB_BUS, "arn:aws-us-gov:events:us-gov-west-1:111122223333:event-bus/respondby-hub"):
        assert arn.fullmatch(ok), ok
    for bad in ("", "respondby-hub", "arn:aws:events:us-east-1:111122223333:rule/x",
                "arn:aws:events:us-east-1:1111:event-bus/respondby-hub", "arn:aws:sqs:us-east-1:111122223333:q"):
        assert not arn.fullmatch(bad), bad


def test_the_spoke_forwards_exactly_what_the_hub_functions_match():
    rules_ = {k: v for k, v in rules(SPOKE).items()}
    assert set(rules_) == {f"{prefix_of(p)}ForwardRule" for p in PATTERNS.values()}, set(rules_)
    for name, p in PATTERNS.items():
        rule = rules_[f"{prefix_of(p)}ForwardRule"]["Properties"]
        assert rule["EventPattern"] == p["EventPattern"] == \
            HUB["Resources"][f"{prefix_of(p)}HubRule"]["Properties"]["EventPattern"], name
        assert "EventBusName" not in rule, f"{name}: a spoke listens on its Region's default bus"
        (target,) = rule["Targets"]
        assert target["Arn"] == {"Ref": "HubEventBusArn"}, name
        assert target["RoleArn"] == {"Fn::GetAtt": ["ForwardRole", "Arn"]}, name
        assert target["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}}, name


def references(node, kind):
    """The Parameters (Ref) or Conditions (Fn::If) a pattern uses."""
    found = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if kind == "Ref" and k == "Ref":
                found.add(v)
            elif kind == "Ref" and k == "Fn::Sub":
                text = v[0] if isinstance(v, list) else v
                found |= {m for m in re.findall(r"\$\{([^}.]+)\}", text)
                          if not (isinstance(v, list) and m in v[1])}
            if kind == "Condition" and k == "Fn::If":
                found.add(v[0])
            found |= references(v, kind)
    elif isinstance(node, list):
        for item in node:
            found |= references(item, kind)
    return found


def comparable(spec):
    return {k: v for k, v in spec.items() if k not in ("Description", "ConstraintDescription")}


def test_the_knobs_of_the_patterns_are_the_same_parameters_and_conditions_in_hub_and_spoke():
    for name, p in PATTERNS.items():
        for param in references(p["EventPattern"], "Ref"):
            assert param in HUB["Parameters"] and param in SPOKE["Parameters"], (name, param)
            assert comparable(HUB["Parameters"][param]) == comparable(SPOKE["Parameters"][param]), (name, param)
        for cond in references(p["EventPattern"], "Condition"):
            assert HUB["Conditions"][cond] == SPOKE["Conditions"][cond], (name, cond)


# The same knobs given to hub and spoke: the spoke forwards what the hub's
# rules on the hub bus match, no more and no less.
KNOBS = [
    {},
    {"GuardDutyMinSeverity": "7", "GuardDutyIgnoredTypes": "Recon:EC2/Portscan,UnauthorizedAccess:EC2/SSHBruteForce"},
    {"HealthServices": "ABUSE,RISK,SES,EC2", "EnvKeyPatternA": "*.secrets"},
]


@pytest.mark.parametrize("knobs", KNOBS, ids=["defaults", "guardduty knobs", "health and env knobs"])
def test_resolved_the_spoke_patterns_equal_the_hub_patterns(knobs):
    s = spoke(**knobs)
    h = Stack(HUB, knobs, account=HUB_ACCOUNT, region=HUB_REGION)
    for p in PATTERNS.values():
        fwd = s.resolve(SPOKE["Resources"][f"{prefix_of(p)}ForwardRule"]["Properties"]["EventPattern"])
        on_hub = h.resolve(HUB["Resources"][f"{prefix_of(p)}HubRule"]["Properties"]["EventPattern"])
        as_json = [json.loads(x) if isinstance(x, str) else x for x in (fwd, on_hub)]
        assert as_json[0] == as_json[1], p["Function"]


def test_each_forward_target_uses_the_role_aws_requires_for_a_bus_target():
    # EventBridge needs a role on a rule that targets a bus in another
    # account when the receiver admits the organisation (aws:PrincipalOrgID),
    # and recommends one for every bus target (EventBridge User Guide,
    # "Sending and receiving events between AWS accounts"). It trusts
    # EventBridge of this account only and may put events on the hub bus
    # only.
    s = spoke()
    role = s.resources()["ForwardRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust == {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:SourceAccount": SPOKE_ACCOUNT}}}
    assert "ManagedPolicyArns" not in role
    statements = [st for pol in role["Policies"] for st in pol["PolicyDocument"]["Statement"]]
    assert statements == [{"Effect": "Allow", "Action": "events:PutEvents", "Resource": HUB_BUS}]


def test_what_fails_to_reach_the_hub_waits_in_the_spoke_dead_letter_queue():
    s = spoke()
    q = s.resources()["DeadLetterQueue"]["Properties"]
    assert q["MessageRetentionPeriod"] == 1209600 and q["SqsManagedSseEnabled"] is True
    (st,) = s.resources()["DeadLetterQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert st["Principal"] == {"Service": "events.amazonaws.com"} and st["Action"] == "sqs:SendMessage"
    assert st["Resource"] == "DeadLetterQueue.Arn"
    assert st["Condition"] == {"StringEquals": {"aws:SourceAccount": SPOKE_ACCOUNT}}
    assert "DeadLetterQueueUrl" in SPOKE["Outputs"]


def test_in_the_hubs_own_account_and_region_the_spoke_forwards_nothing_but_still_heartbeats():
    # The hub's rules already listen on its Region's default bus; forwarding
    # from there as well would post every event twice.
    forwarding = {"ForwardRole", "DeadLetterQueue", "DeadLetterQueuePolicy"} | set(rules(SPOKE))
    at_hub = spoke(account=HUB_ACCOUNT, region=HUB_REGION)
    assert not forwarding & set(at_hub.resources()), forwarding & set(at_hub.resources())
    assert "HeartbeatSchedule" in at_hub.resources()
    for account, region in ((HUB_ACCOUNT, "eu-west-1"), (SPOKE_ACCOUNT, HUB_REGION), (SPOKE_ACCOUNT, "ap-south-1")):
        assert forwarding <= set(spoke(account=account, region=region).resources()), (account, region)


# --- The heartbeat: a schedule in each spoke, through its default bus -------

HEARTBEAT = {"source": "respondby.heartbeat", "detail-type": "Respond By Heartbeat"}


def heartbeat_event(schedule, account, region):
    """The event the schedule's EventBridge PutEvents target puts on the bus,
    as EventBridge stamps it."""
    target = schedule["Properties"]["Target"]
    return {"version": "0", "id": "5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c",
            "source": target["EventBridgeParameters"]["Source"],
            "detail-type": target["EventBridgeParameters"]["DetailType"],
            "account": account, "region": region, "time": "2026-12-01T10:00:00Z", "resources": [],
            "detail": json.loads(target["Input"])}


@pytest.mark.parametrize("given", [{}, {"HeartbeatMinutes": "120", "SpokeName": "prod-mumbai"}])
def test_the_spoke_puts_the_agreed_heartbeat_on_its_default_bus_every_heartbeat_minutes(given):
    s = spoke(**given)
    schedule = s.resources()["HeartbeatSchedule"]
    props = schedule["Properties"]
    minutes = int(given.get("HeartbeatMinutes", SPOKE["Parameters"]["HeartbeatMinutes"]["Default"]))
    assert props["ScheduleExpression"] == f"rate({minutes} minutes)"
    assert props["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert "Name" not in props, "CloudFormation names it: one per stack, several stacks per Region"
    target = props["Target"]
    assert target["Arn"] == f"arn:aws:events:ap-south-1:{SPOKE_ACCOUNT}:event-bus/default"
    assert target["EventBridgeParameters"] == {"Source": HEARTBEAT["source"], "DetailType": HEARTBEAT["detail-type"]}
    # The detail agreed with the hub's heartbeat function.
    assert json.loads(target["Input"]) == {"spoke": given.get("SpokeName", STACKSET_NAME), "interval_minutes": minutes}
    assert target["RoleArn"] == "HeartbeatRole.Arn"
    role = s.resources()["HeartbeatRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust == {"Effect": "Allow", "Principal": {"Service": "scheduler.amazonaws.com"}, "Action": "sts:AssumeRole",
                     "Condition": {"StringEquals": {"aws:SourceAccount": SPOKE_ACCOUNT}}}
    statements = [st for pol in role["Policies"] for st in pol["PolicyDocument"]["Statement"]]
    assert statements == [{"Effect": "Allow", "Action": "events:PutEvents", "Resource": target["Arn"]}]
    # The spoke's own rule forwards it, and the hub's heartbeat rule takes it.
    ev = heartbeat_event(schedule, SPOKE_ACCOUNT, "ap-south-1")
    fwd = s.resolve(SPOKE["Resources"]["HeartbeatForwardRule"]["Properties"]["EventPattern"])
    assert EventPattern.load(json.dumps(fwd)).matches_event(ev)
    h = Stack(HUB, account=HUB_ACCOUNT, region=HUB_REGION)
    for rule in ("HeartbeatRule", "HeartbeatHubRule"):
        assert EventPattern.load(json.dumps(h.resolve(HUB["Resources"][rule]["Properties"]["EventPattern"]))).matches_event(ev)
    # ... and no other function's rule does.
    for p in PATTERNS.values():
        if p["Function"] != "HeartbeatFunction":
            pat = h.resolve(p["EventPattern"])
            assert not EventPattern.load(pat if isinstance(pat, str) else json.dumps(pat)).matches_event(ev), p["Function"]


def test_the_heartbeat_interval_and_spoke_name_are_bounded():
    hb = SPOKE["Parameters"]["HeartbeatMinutes"]
    assert (hb["Type"], hb["Default"], hb["MinValue"], hb["MaxValue"]) == ("Number", 60, 5, 1440)
    name = re.compile(SPOKE["Parameters"]["SpokeName"]["AllowedPattern"])
    for ok in ("", "prod-mumbai", "acct 1 / ap-south-1", STACKSET_NAME):
        assert name.fullmatch(ok), ok
    # It goes into the heartbeat's JSON: nothing that could break out of the string.
    for bad in ('a"b', "a\\b", "a\nb", "x" * 129):
        assert not name.fullmatch(bad), bad


def test_ses_alarms_in_a_spoke_region_are_optional_named_like_the_hubs_and_heard_by_the_hub():
    assert SPOKE["Parameters"]["SesReputationAlarms"]["Default"] == "false", "each alarm costs $0.10 a month"
    alarms = {"SesBounceRateAlarm", "SesComplaintRateAlarm", "SesSendVolumeAlarm"}
    assert not alarms & set(spoke().resources())
    on = spoke(SesReputationAlarms="true")
    assert alarms & set(on.resources()) == {"SesBounceRateAlarm", "SesComplaintRateAlarm"}
    assert alarms <= set(spoke(SesReputationAlarms="true", SendVolumeThreshold="500").resources())
    # Never in the hub's own Region: the hub has its own there.
    assert not alarms & set(spoke(account=HUB_ACCOUNT, region=HUB_REGION, SesReputationAlarms="true").resources())
    h = Stack(HUB, {"SendVolumeThreshold": "500"}, name=STACKSET_NAME)
    s = spoke(SesReputationAlarms="true", SendVolumeThreshold="500")
    for alarm in alarms:
        assert s.resolve(SPOKE["Resources"][alarm]["Properties"]) == h.resolve(HUB["Resources"][alarm]["Properties"]), alarm
    # Their state changes match the spoke's forwarding rule and the hub's rule.
    base = json.load(open(os.path.join(ROOT, "tests", "fixtures", "ses", "bounce-rate-review-level.json")))
    for alarm in alarms:
        ev = dict(base, account=SPOKE_ACCOUNT, region="ap-south-1")
        ev["detail"] = dict(base["detail"], alarmName=s.resources()[alarm]["Properties"]["AlarmName"])
        for tpl, st, rule in ((SPOKE, s, "SesReputationForwardRule"), (HUB, h, "SesReputationHubRule")):
            pat = st.resolve(tpl["Resources"][rule]["Properties"]["EventPattern"])
            assert EventPattern.load(json.dumps(pat)).matches_event(ev), (alarm, rule)


def test_the_enrichment_role_is_read_only_made_once_per_account_and_assumable_only_by_the_hubs_function_roles():
    assert "EnrichmentRole" not in spoke().resources(), "no role unless the hub asks for enrichment"
    given = {"EnrichmentExternalId": "respondby-7f3a9c"}
    assert "EnrichmentRole" not in spoke(region="ap-south-1", **given).resources(), "IAM is global: one Region makes it"
    s = spoke(region="us-east-1", **given)
    role = s.resources()["EnrichmentRole"]["Properties"]
    assert role["RoleName"] == "respondby-enrichment"
    assert spoke(region="eu-west-1", EnrichmentRoleRegion="eu-west-1", EnrichmentRoleName="rb-read", **given) \
        .resources()["EnrichmentRole"]["Properties"]["RoleName"] == "rb-read"
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust == {
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{HUB_ACCOUNT}:root"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "respondby-7f3a9c"},
                      "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{HUB_ACCOUNT}:role/respondby/*"}}}
    statements = [st for pol in role["Policies"] for st in pol["PolicyDocument"]["Statement"]]
    assert statements == [{"Effect": "Allow", "Resource": "*",
                           "Action": ["ses:GetAccount", "health:DescribeEventDetails", "health:DescribeAffectedEntities"]}]
    assert "ManagedPolicyArns" not in role


# --- The hub's heartbeat function -------------------------------------------

def test_the_hub_records_heartbeats_from_both_buses_and_checks_for_silence_every_five_minutes():
    res = HUB["Resources"]
    fn = res["HeartbeatFunction"]
    assert fn["Metadata"]["BuildProperties"]["Binary"] == "respondby-heartbeat"
    from cfn_eval import Stack
    h = Stack(HUB, {"SpokeSilenceMinutes": "200", "ExpectedSpokes": "111122223333/*", "HeartbeatMinutes": "30"},
              account="999988887777", region="us-east-1")
    env = h.resolve(fn["Properties"]["Environment"]["Variables"])
    assert env == {"SPOKE_SILENCE_MINUTES": "200", "EXPECTED_SPOKES": "111122223333/*", "HEARTBEAT_MINUTES": "30",
                   "SPOKE_TABLE": "SpokeTable"}
    # The spokes in a table of their own: one partition sorted by spoke, no
    # index (a heartbeat is 1 write unit), TTL so a removed spoke goes.
    table = res["SpokeTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                  {"AttributeName": "spoke", "KeyType": "RANGE"}]
    assert "GlobalSecondaryIndexes" not in table and "LocalSecondaryIndexes" not in table
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    # Its IAM: item calls and Query on the spoke table (no Scan), item calls
    # on the state table for the silence alerts' cases; no index Query.
    policies = h.resolve(fn["Properties"]["Policies"])
    assert "StateTableEventsPolicy" in policies and "StateTableSweepPolicy" not in policies
    assert "SpokeTablePolicy" in policies
    (st,) = h.resolve(res["SpokeTablePolicy"]["Properties"]["PolicyDocument"])["Statement"]
    assert st["Resource"] == "SpokeTable.Arn"
    assert sorted(st["Action"]) == ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                                    "dynamodb:Query", "dynamodb:UpdateItem"]
    assert HUB["Outputs"]["SpokeTableName"]["Value"] == {"Ref": "SpokeTable"}
    defaults = {k: HUB["Parameters"][k]["Default"] for k in ("SpokeSilenceMinutes", "ExpectedSpokes", "HeartbeatMinutes")}
    assert defaults == {"SpokeSilenceMinutes": 150, "ExpectedSpokes": "", "HeartbeatMinutes": 60}
    # The interval is one knob with one meaning in hub and spokes.
    assert comparable(HUB["Parameters"]["HeartbeatMinutes"]) == comparable(SPOKE["Parameters"]["HeartbeatMinutes"])
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


# --- Routing, account names, enrichment across accounts (the hub's side) ----

import fnmatch  # noqa: E402


def test_routes_and_account_names_reach_every_function():
    given = hub.with_params(ChannelRoutes="111122223333=C0PROD0001,critical=C0PAGE0001,*=C0ALL00001",
                            AccountNames="111122223333=prod-payments,444455556666=sandbox",
                            UseOrganizationsAccountNames="true")
    for fn in hub.functions_in(given):
        env = hub.environment(fn, given)
        assert env["CHANNEL_ROUTES"] == "111122223333=C0PROD0001,critical=C0PAGE0001,*=C0ALL00001", fn
        assert env["ACCOUNT_NAMES"] == "111122223333=prod-payments,444455556666=sandbox", fn
        assert env["USE_ORGANIZATIONS_ACCOUNT_NAMES"] == "true", fn
        default = hub.environment(fn)
        assert (default["CHANNEL_ROUTES"], default["ACCOUNT_NAMES"], default["USE_ORGANIZATIONS_ACCOUNT_NAMES"]) == \
            ("", "", "false"), fn
    # organizations:ListAccounts only where asked (and only then).
    for fn in hub.functions_in(given):
        assert ("organizations:ListAccounts", "*") in hub.grants(fn, given), fn
    for fn in hub.functions_in(hub.PARAMS):
        assert not any(a == "organizations:ListAccounts" for a, _ in hub.grants(fn)), fn


ENRICHERS = {"HealthFunction", "SesReputationFunction"}


def test_only_the_enriching_functions_may_assume_the_spokes_role_and_only_when_asked():
    given = hub.with_params(EnrichmentExternalId="respondby-7f3a9c")
    for fn in hub.functions_in(given):
        env, default = hub.environment(fn, given), hub.environment(fn)
        assert "ENRICHMENT_ROLE_NAME" not in default and "ENRICHMENT_EXTERNAL_ID" not in default, fn
        assumes = {r for a, r in hub.grants(fn, given) if a == "sts:AssumeRole"}
        if fn in ENRICHERS:
            assert (env["ENRICHMENT_ROLE_NAME"], env["ENRICHMENT_EXTERNAL_ID"]) == ("respondby-enrichment", "respondby-7f3a9c")
            assert assumes == {"arn:aws:iam::*:role/respondby-enrichment"}, fn
        else:
            assert "ENRICHMENT_ROLE_NAME" not in env and not assumes, fn
    for param in ("EnrichmentExternalId", "EnrichmentRoleName"):
        assert comparable(HUB["Parameters"][param]) == comparable(SPOKE["Parameters"][param]), param


def test_the_spokes_enrichment_role_trusts_exactly_the_hubs_function_roles():
    # Every function role of the hub lives under the path /respondby/, the
    # path the spoke's role trusts (and the hub's assume grant names the
    # spoke's role).
    s = spoke(region="us-east-1", EnrichmentExternalId="respondby-7f3a9c")
    trust = s.resources()["EnrichmentRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    trusted = trust["Condition"]["ArnLike"]["aws:PrincipalArn"]
    roles = {k: v for k, v in hub.sam_transformed()["Resources"].items() if v["Type"] == "AWS::IAM::Role"}
    function_roles = {f"{fn}Role" for fn in hub.FUNCTIONS}
    assert function_roles <= set(roles)
    for name, role in roles.items():
        path = role["Properties"].get("Path", "/")
        arn = f"arn:aws:iam::{HUB_ACCOUNT}:role{path}{HUB_ACCOUNT}-{name}-AbC123"
        assert fnmatch.fnmatchcase(arn, trusted) == (name in function_roles), (name, path)
    spoke_role = f"arn:aws:iam::{SPOKE_ACCOUNT}:role/{s.resources()['EnrichmentRole']['Properties']['RoleName']}"
    (granted,) = {r for a, r in hub.grants("HealthFunction", hub.with_params(EnrichmentExternalId="x1")) if a == "sts:AssumeRole"}
    assert fnmatch.fnmatchcase(spoke_role, granted)
    assert not fnmatch.fnmatchcase(f"arn:aws:iam::{SPOKE_ACCOUNT}:role/Admin", granted)


def test_the_bus_policy_limit_readme_states_holds():
    # At most 10,240 characters (EventBridge quotas). Counted as the
    # compact JSON CloudFormation sends, for the longest stack name (128)
    # and the organisation as well.
    def size(n):
        ids = ",".join(f"{100000000000 + i:012d}" for i in range(n))
        h = Stack(HUB, {"HubOrganizationId": "o-" + "a" * 32, "HubAccountIds": ids},
                  account=HUB_ACCOUNT, region="ap-southeast-2", name="r" * 128)
        policy = h.resolve(HUB["Resources"]["HubEventBus"]["Properties"]["Policy"])
        assert len(policy["Statement"][1]["Principal"]["AWS"]) == n
        return len(json.dumps(policy, separators=(",", ":")))

    readme = open(os.path.join(ROOT, "README.md")).read()
    m = re.search(r"up to about ([0-9,]+)\s+accounts fit in `HubAccountIds`", readme)
    assert m, "README states how many listed accounts the bus policy holds"
    stated = int(m.group(1).replace(",", ""))
    assert size(stated) <= 10240 < size(stated + 100)
    assert "10,240" in HUB["Parameters"]["HubAccountIds"]["Description"]
