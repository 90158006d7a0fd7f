"""Events put in a spoke's account and Region reach the hub bus and the
hub's rule for their function, through moto's EventBridge, which delivers
to buses in other accounts and Regions. Both templates are deployed as
written (each rule that exists for the given account, Region and
Parameters, with its resolved pattern); the hub's Lambda targets are
replaced by one SQS queue per function, because moto does not invoke
Lambda from a rule.

moto re-puts a forwarded event with the hub's account and Region where
AWS keeps the original ones (EventBridge User Guide; see
shared/reference/hub-and-new-sources.md), so what the functions make of a
forwarded event is tested with AWS-shaped events, not here."""

import contextlib
import json
import os

import boto3
import pytest
from cfnlint.decode import decode
from moto import mock_aws

from cfn_eval import Stack

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HUB_ACCOUNT, HUB_REGION = "999988887777", "us-east-1"
SPOKES = [("444455556666", "ap-south-1"), ("444455556666", "us-east-1"), (HUB_ACCOUNT, "eu-west-1")]


def load(path):
    tpl, matches = decode(os.path.join(ROOT, path))
    assert not matches, matches
    return tpl


HUB, SPOKE = load("template.yaml"), load("infra/spoke.yaml")


@contextlib.contextmanager
def account(acct):
    """moto serves each request as the account in MOTO_ACCOUNT_ID."""
    old = os.environ.get("MOTO_ACCOUNT_ID")
    os.environ["MOTO_ACCOUNT_ID"] = acct
    try:
        yield
    finally:
        if old is None:
            del os.environ["MOTO_ACCOUNT_ID"]
        else:
            os.environ["MOTO_ACCOUNT_ID"] = old


def pattern_json(stack, rule):
    p = stack.resolve(rule["Properties"]["EventPattern"])
    return p if isinstance(p, str) else json.dumps(p)


def deploy_hub(params):
    """The hub's bus and every rule on either bus; returns {function: queue url}."""
    h = Stack(HUB, params, account=HUB_ACCOUNT, region=HUB_REGION)
    bus_name = h.resolve(HUB["Resources"]["HubEventBus"]["Properties"]["Name"])
    queues = {}
    with account(HUB_ACCOUNT):
        events = boto3.client("events", region_name=HUB_REGION)
        sqs = boto3.client("sqs", region_name=HUB_REGION)
        bus = events.create_event_bus(Name=bus_name)["EventBusArn"]
        assert bus == f"arn:aws:events:{HUB_REGION}:{HUB_ACCOUNT}:event-bus/{bus_name}"
        for name, rule in HUB["Resources"].items():
            if rule["Type"] != "AWS::Events::Rule" or not h.exists(name):
                continue
            props = rule["Properties"]
            (target,) = props["Targets"]
            fn = target["Arn"]["Fn::GetAtt"][0]
            if fn not in queues:
                queues[fn] = sqs.create_queue(QueueName=f"stand-in-{fn}")["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=queues[fn], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            on = {"EventBusName": bus_name} if props.get("EventBusName") == {"Ref": "HubEventBus"} else {}
            assert set(props) - {"EventBusName"} == {"Description", "EventPattern", "Targets"}, name
            events.put_rule(Name=name, EventPattern=pattern_json(h, rule), **on)
            events.put_targets(Rule=name, Targets=[{"Id": fn, "Arn": arn}], **on)
    return bus, queues


def deploy_spoke(acct, region, bus, params=None):
    s = Stack(SPOKE, dict({"HubEventBusArn": bus}, **(params or {})), account=acct, region=region,
              name="StackSet-respondby-spoke-0a1b2c3d")
    made = []
    with account(acct):
        events = boto3.client("events", region_name=region)
        for name, rule in SPOKE["Resources"].items():
            if rule["Type"] != "AWS::Events::Rule" or not s.exists(name):
                continue
            (target,) = s.resolve(rule["Properties"]["Targets"])
            assert target["Arn"] == bus
            events.put_rule(Name=name, EventPattern=pattern_json(s, rule))
            events.put_targets(Rule=name, Targets=[{"Id": target["Id"], "Arn": target["Arn"],
                                                    "RoleArn": f"arn:aws:iam::{acct}:role/forward"}])
            made.append(name)
    return s, made


def put(acct, region, event):
    with account(acct):
        out = boto3.client("events", region_name=region).put_events(Entries=[{
            "Source": event["source"], "DetailType": event["detail-type"], "Detail": json.dumps(event["detail"])}])
        assert out["FailedEntryCount"] == 0, out


def received(queues):
    """{function: [events]} the stand-in queues got, emptied."""
    got = {}
    with account(HUB_ACCOUNT):
        sqs = boto3.client("sqs", region_name=HUB_REGION)
        for fn, url in queues.items():
            while True:
                msgs = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
                if not msgs:
                    break
                for m in msgs:
                    got.setdefault(fn, []).append(json.loads(m["Body"]))
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return got


def fixture(path):
    return json.load(open(os.path.join(ROOT, "tests", "fixtures", path)))


def heartbeat(s):
    t = s.resolve(SPOKE["Resources"]["HeartbeatSchedule"]["Properties"]["Target"])
    return {"source": t["EventBridgeParameters"]["Source"], "detail-type": t["EventBridgeParameters"]["DetailType"],
            "detail": json.loads(t["Input"])}


def ses_alarm(name):
    ev = fixture("ses/bounce-rate-review-level.json")
    ev["detail"]["alarmName"] = name
    return ev


@pytest.fixture(autouse=True)
def aws_env(monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": HUB_REGION}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("MOTO_ACCOUNT_ID", raising=False)


@mock_aws
def test_events_put_in_spokes_of_other_accounts_and_regions_reach_their_function_on_the_hub():
    bus, queues = deploy_hub({})
    for acct, region in SPOKES:
        s, made = deploy_spoke(acct, region, bus)
        assert len(made) == len([f for f in os.listdir(os.path.join(ROOT, "infra", "patterns")) if f.endswith(".yaml")])
        cases = {
            "GuardDutyFunction": fixture("guardduty/s3-exfiltration-critical.json"),
            "HealthFunction": fixture("health/abuse-dos-report.json"),
            "EnvFileAccessFunction": fixture("env-file/read-by-iam-user-foreign-ip.json"),
            "SesReputationFunction": ses_alarm(f"{s.name}-ses-bounce-rate"),
            "HeartbeatFunction": heartbeat(s),
        }
        for fn, ev in cases.items():
            put(acct, region, ev)
            got = received(queues)
            # Once, to its own function only: by the hub bus's rule (the
            # default bus's rule does not see it).
            assert list(got) == [fn], (acct, region, fn, list(got))
            (ev_got,) = got[fn]
            assert (ev_got["source"], ev_got["detail-type"], ev_got["detail"]) == \
                (ev["source"], ev["detail-type"], ev["detail"]), fn
        # What the hub's functions do not handle is not forwarded at all.
        for ev in (fixture("guardduty/ec2-port-probe-low.json"), fixture("health/ec2-scheduled-retirement.json"),
                   fixture("ses/skip-other-namespace.json"), fixture("env-file/skip-not-env-key.json")):
            put(acct, region, ev)
        assert received(queues) == {}, (acct, region)


@mock_aws
@pytest.mark.parametrize("ignored", ["Recon:EC2/Portscan", "Exfiltration:S3/AnomalousBehavior"])
def test_the_spokes_forward_with_the_hubs_knobs_and_no_more(ignored):
    knobs = {"GuardDutyMinSeverity": "9", "GuardDutyIgnoredTypes": f"{ignored},Trojan:EC2/DNSDataExfiltration"}
    bus, queues = deploy_hub(knobs)
    acct, region = SPOKES[0]
    deploy_spoke(acct, region, bus, knobs)
    critical = fixture("guardduty/s3-exfiltration-critical.json")  # severity 9.5
    put(acct, region, critical)
    got = received(queues)
    if critical["detail"]["type"] == ignored:
        assert got == {}
    else:
        assert [e["detail"]["id"] for e in got["GuardDutyFunction"]] == [critical["detail"]["id"]]
    medium = fixture("guardduty/iam-malicious-ip-caller.json")  # severity 5: forwarded by default, not at 9
    put(acct, region, medium)
    assert received(queues) == {}


@mock_aws
def test_in_the_hubs_own_region_an_event_reaches_its_function_once_and_so_does_the_heartbeat():
    # The hub's rules read their Region's default bus; the spoke deployed
    # there (a StackSet over every Region includes it) forwards nothing.
    bus, queues = deploy_hub({})
    s, made = deploy_spoke(HUB_ACCOUNT, HUB_REGION, bus)
    assert made == []
    for fn, ev in (("GuardDutyFunction", fixture("guardduty/s3-exfiltration-critical.json")),
                   ("HeartbeatFunction", heartbeat(s))):
        put(HUB_ACCOUNT, HUB_REGION, ev)
        got = received(queues)
        assert list(got) == [fn] and len(got[fn]) == 1, got
