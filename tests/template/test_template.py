"""Checks template.yaml as written, for the default Parameters and for the
other Parameter sets a deploy may pass (webhook or app mode, buttons, a
backup Region sharing the primary's table): every function has a trigger
(rule, schedule or function URL), every rule a function, each role grants
exactly what its function calls, and each rule's event pattern matches its
source's fixtures and rejects near-misses, using moto's EventBridge pattern
matcher. Also the trail, the Slack app manifest, the example samconfig and
the README tables that must agree with the template."""

import copy
import glob
import itertools
import json
import os
import re

import pytest
from cfnlint.decode import decode
from moto.events.models import EventPattern

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STACK = "respondby"
REGION = "us-west-2"
ACCOUNT = "123456789012"


def load_template():
    tpl, matches = decode(os.path.join(ROOT, "template.yaml"))
    assert not matches, matches
    return tpl


TPL = load_template()
RES = TPL["Resources"]
PARAMS = {k: v.get("Default") for k, v in TPL["Parameters"].items()}
CONDITIONS_WITH_DEFAULTS = {
    "IsWebhookMode": True,
    "IsAppMode": False,
    "NoWebhookSecretArn": True,
    "NoBotTokenSecretArn": True,
    "CreateWebhookSecret": True,
    "CreateBotTokenSecret": False,
    "HasButtons": False,
    "NoSigningSecretArn": True,
    "CreateSigningSecret": False,
    "HasIgnoredFindingTypes": False,
    "SupportIgnoresOwnMessages": False,
    "HasTrustedAccounts": False,
    "HasSendVolumeAlarm": False,
    "HasOpsEmail": False,
    "HasReservedConcurrency": False,
    "HasSlackSecretKmsKey": False,
    "CreateStateTable": True,
    "HasHubOrganization": False,
    "HasHubAccounts": False,
    "HasHubSenders": False,
    "HasEnrichment": False,
    "GrantsRouteSecrets": False,
    "ReadsOrganizationsAccountNames": False,
    "CreateCostAnomalyMonitor": False,
    "HasCostAnomalyMonitorArns": False,
    "CreateCostAnomalySubscription": False,
}
NO_VALUE = object()


def with_params(**overrides):
    """The default Parameters with some overridden, as a deploy would pass them."""
    for k in overrides:
        assert k in PARAMS, f"no Parameter {k}"
    return dict(PARAMS, **overrides)


def param(name, params):
    value = params[name]
    if TPL["Parameters"][name]["Type"] == "CommaDelimitedList":
        return [v for v in str(value).split(",") if v != ""]
    return str(value)


def sub(text, params, extra=None):
    def repl(m):
        key = m.group(1)
        if extra and key in extra:
            return str(resolve(extra[key], params))
        if key == "AWS::StackName":
            return STACK
        if key == "AWS::Region":
            return REGION
        if key == "AWS::AccountId":
            return ACCOUNT
        if key == "AWS::Partition":
            return "aws"
        if key in params:
            return str(params[key])
        if "." in key and key.split(".", 1)[0] in RES:
            return key  # ${Resource.Attr}: stands for itself, as Fn::GetAtt does
        raise KeyError(key)

    return re.sub(r"\$\{([^}]+)\}", repl, text)


def resolve(node, params=None, conds=None):
    """Resolves intrinsics as CloudFormation would for these Parameters
    (defaults unless given; parameters are strings). A resource's Ref
    stands for its logical id (an alarm's for its name), Fn::GetAtt for
    "Resource.Attr"."""
    params = PARAMS if params is None else params
    conds = conditions(params) if conds is None else conds
    if isinstance(node, dict) and len(node) == 1:
        (k, v), = node.items()
        if k == "Ref":
            if v == "AWS::NoValue":
                return NO_VALUE
            if v in params:
                return param(v, params)
            res = RES.get(v, {})
            if res.get("Type") == "AWS::CloudWatch::Alarm":
                return sub(res["Properties"]["AlarmName"]["Fn::Sub"], params)
            return v
        if k == "Fn::GetAtt":
            return ".".join(v) if isinstance(v, list) else v
        if k == "Fn::Sub":
            if isinstance(v, list):
                return sub(v[0], params, v[1])
            return sub(v, params)
        if k == "Fn::If":
            name, yes, no = v
            return resolve(yes if conds[name] else no, params, conds)
        if k == "Fn::Join":
            sep, items = v
            items = resolve(items, params, conds)
            return sep.join(items)
        if k == "Fn::Split":
            sep, text = v
            return resolve(text, params, conds).split(sep)
        if k == "Fn::Select":
            index, items = v
            return resolve(items, params, conds)[int(index)]
    if isinstance(node, dict):
        return {k: r for k, r in ((k, resolve(v, params, conds)) for k, v in node.items()) if r is not NO_VALUE}
    if isinstance(node, list):
        out = []
        for item in node:
            r = resolve(item, params, conds)
            if r is NO_VALUE:
                continue
            out.extend(r) if isinstance(item, dict) and "Ref" in item and isinstance(r, list) else out.append(r)
        return out
    return node


def pattern(rule, params=None):
    p = resolve(RES[rule]["Properties"]["EventPattern"], params)
    if isinstance(p, str):
        p = json.loads(p)
    return EventPattern.load(json.dumps(p))


def fixtures(source):
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", source, "*.json")))
    if not files:
        pytest.fail(f"no fixtures found for {source}")
    return [(os.path.basename(f), json.load(open(f))) for f in files]


FUNCTIONS = {k for k, v in RES.items() if v["Type"] == "AWS::Serverless::Function"}
RULES = {k for k, v in RES.items() if v["Type"] == "AWS::Events::Rule"}


def condition(node, params):
    """Evaluates a Conditions entry as CloudFormation would, for the functions
    this template uses. Parameters are strings to CloudFormation."""
    if isinstance(node, dict) and len(node) == 1:
        (k, v), = node.items()
        if k == "Ref":
            value = params[v]
            if TPL["Parameters"][v]["Type"] == "CommaDelimitedList":
                return [x for x in str(value).split(",")]
            return str(value)
        if k == "Fn::Equals":
            a, b = (condition(x, params) for x in v)
            return a == b
        if k == "Fn::Not":
            return not condition(v[0], params)
        if k == "Fn::And":
            return all(condition(x, params) for x in v)
        if k == "Fn::Or":
            return any(condition(x, params) for x in v)
        if k == "Fn::Join":
            sep, items = v
            return sep.join(condition(items, params))
        if k == "Fn::EachMemberEquals":  # Rules only
            items, value = v
            return all(x == value for x in condition(items, params))
        if k == "Condition":
            return condition(TPL["Conditions"][v], params)
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    return node


def conditions(params):
    return {name: condition(c, params) for name, c in TPL["Conditions"].items()}


def exists(logical_id, params=None):
    """Whether CloudFormation creates this resource for these Parameters."""
    params = PARAMS if params is None else params
    c = RES[logical_id].get("Condition")
    return c is None or conditions(params)[c]


def test_conditions_with_defaults_are_what_these_tests_assume():
    assert conditions(PARAMS) == CONDITIONS_WITH_DEFAULTS


# The functions fed by an EventBridge rule; events they fail on are retried
# and then kept in the dead-letter queue.
EVENT_FUNCTIONS = {"HealthFunction", "GuardDutyFunction", "SesReputationFunction", "EnvFileAccessFunction",
                   "CostAnomalyFunction", "SupportCaseFunction",
                   "PublicExposureFunction"}


def triggers(params=None):
    """function -> what invokes it, in a deploy with these Parameters."""
    params = PARAMS if params is None else params
    out = {}
    for rule in RULES:
        if not exists(rule, params):
            continue
        for t in RES[rule]["Properties"]["Targets"]:
            fn = t["Arn"]["Fn::GetAtt"][0]
            assert fn in FUNCTIONS, f"{rule} targets missing {fn}"
            assert "DeadLetterConfig" in t, f"{rule} has no dead-letter queue"
            out.setdefault(fn, []).append(f"rule {rule}")
    for name, v in RES.items():
        if v["Type"] == "AWS::Scheduler::Schedule" and exists(name, params):
            fn = v["Properties"]["Target"]["Arn"]["Fn::GetAtt"][0]
            assert fn in FUNCTIONS and exists(fn, params), f"{name} targets missing {fn}"
            out.setdefault(fn, []).append(f"schedule {name}")
    for fn in FUNCTIONS:
        if not exists(fn, params):
            continue
        assert "FunctionUrlConfig" not in RES[fn]["Properties"], f"{fn}: declare the URL and its permissions explicitly"
        for name, ev in RES[fn]["Properties"].get("Events", {}).items():
            assert ev["Type"] == "ScheduleV2", f"{fn}: {ev['Type']} event; this template uses rules, schedules, URLs"
            out.setdefault(fn, []).append(f"schedule {name}")
    for url, v in RES.items():
        if v["Type"] == "AWS::Lambda::Url" and exists(url, params):
            fn = v["Properties"]["TargetFunctionArn"]["Fn::GetAtt"][0]
            assert fn in FUNCTIONS and exists(fn, params), f"{url} targets missing {fn}"
            out.setdefault(fn, []).append(f"url {url}")
    return out


@pytest.mark.parametrize("buttons", ["false", "true"])
def test_every_function_has_a_trigger_and_every_rule_targets_a_function(buttons):
    params = with_params(SlackButtons=buttons)
    got = triggers(params)
    assert set(got) == {fn for fn in FUNCTIONS if exists(fn, params)}, set(got) ^ FUNCTIONS
    assert {fn for fn, ts in got.items() if any(t.startswith("rule ") for t in ts)} == EVENT_FUNCTIONS | {"HeartbeatFunction"}
    assert got["RemindersFunction"] == ["schedule Sweep"]
    assert sorted(got["HeartbeatFunction"]) == ["rule HeartbeatHubRule", "rule HeartbeatRule", "schedule HeartbeatCheckSchedule"]
    if buttons == "true":
        assert got["SlackActionsFunction"] == ["url SlackActionsUrl"]
    assert FUNCTIONS == EVENT_FUNCTIONS | {"RemindersFunction", "SlackActionsFunction", "HeartbeatFunction"}


def test_functions_are_rust_on_arm64_with_json_logs_and_a_failure_destination():
    globals_ = TPL["Globals"]["Function"]
    assert globals_["Runtime"] == "provided.al2023"
    assert globals_["Architectures"] == ["arm64"]
    assert globals_["LoggingConfig"]["LogFormat"] == "JSON"
    for fn in FUNCTIONS:
        assert RES[fn]["Metadata"]["BuildMethod"] == "rust-cargolambda"
        assert RES[fn]["Metadata"]["BuildProperties"]["Binary"].startswith("respondby-"), fn
    for fn in EVENT_FUNCTIONS:
        props = RES[fn]["Properties"]
        assert props["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Type"] == "SQS"


def test_the_reminders_sweep_runs_every_five_minutes_and_never_retries():
    fn = RES["RemindersFunction"]
    assert fn["Metadata"]["BuildProperties"]["Binary"] == "respondby-reminders"
    sweep = fn["Properties"]["Events"]["Sweep"]["Properties"]
    assert sweep["ScheduleExpression"] == "rate(5 minutes)"
    assert json.loads(sweep["Input"]) == {"source": "respondby.sweep"}
    # The next run catches up: no retry by Scheduler, none by Lambda, and
    # nothing worth keeping in the dead-letter queue.
    assert sweep["RetryPolicy"]["MaximumRetryAttempts"] == 0
    invoke = fn["Properties"]["EventInvokeConfig"]
    assert invoke["MaximumRetryAttempts"] == 0
    assert "DestinationConfig" not in invoke
    # What SAM makes of it: an EventBridge Scheduler schedule with a name
    # CloudFormation picks (two stacks in a Region must not collide).
    schedules = {k: v for k, v in sam_transformed()["Resources"].items()
                 if v["Type"] == "AWS::Scheduler::Schedule" and k not in RES}
    assert list(schedules) == ["RemindersFunctionSweep"]
    s = schedules["RemindersFunctionSweep"]["Properties"]
    assert "Name" not in s
    assert s["FlexibleTimeWindow"] == {"Mode": "OFF"}
    assert s["Target"]["Arn"] == {"Fn::GetAtt": ["RemindersFunction", "Arn"]}
    assert s["Target"]["RetryPolicy"] == {"MaximumRetryAttempts": 0}
    # The schedule's own role may only invoke the sweep.
    role = sam_transformed()["Resources"]["RemindersFunctionSweepRole"]["Properties"]
    assert "ManagedPolicyArns" not in role
    assert [st for p in role["Policies"] for st in p["PolicyDocument"]["Statement"]] == [
        {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": {"Fn::GetAtt": ["RemindersFunction", "Arn"]}}]


def test_the_state_table_has_a_sparse_due_index_for_the_sweep():
    table = RES["StateTable"]["Properties"]
    assert table["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    attrs = {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]}
    assert attrs == {"pk": "S", "due_shard": "S", "due_at": "N"}
    due, listing = table["GlobalSecondaryIndexes"]
    keys = [{"AttributeName": "due_shard", "KeyType": "HASH"}, {"AttributeName": "due_at", "KeyType": "RANGE"}]
    assert due["IndexName"] == "due-index" and due["KeySchema"] == keys
    assert due["Projection"] == {"ProjectionType": "ALL"}
    # The lists' index: the same keys (every open case, those written before
    # it too), only each case's listing copy and version.
    assert listing["IndexName"] == "listing-index" and listing["KeySchema"] == keys
    assert listing["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["listed", "version"]}
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert all("ProvisionedThroughput" not in g for g in (due, listing))


def test_every_function_failing_tells_ops():
    alarms = {}
    for k, v in RES.items():
        if v["Type"] == "AWS::CloudWatch::Alarm" and v["Properties"].get("Namespace") == "AWS/Lambda":
            (dim,) = v["Properties"]["Dimensions"]
            alarms[dim["Value"]["Ref"]] = (k, v)
    assert set(alarms) == FUNCTIONS
    shape = {"MetricName": "Errors", "Statistic": "Sum", "Period": 300, "EvaluationPeriods": 1, "Threshold": 1,
             "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching",
             "AlarmActions": [{"Ref": "OpsTopic"}]}
    for fn, (name, alarm) in alarms.items():
        props = alarm["Properties"]
        assert {k: props[k] for k in shape} == shape, name
        # The alarm exists exactly when its function does.
        assert alarm.get("Condition") == RES[fn].get("Condition"), name


def test_reminder_settings_reach_every_function():
    params = with_params(ReminderPlan="1h,0,every 2h", MentionEscalation="U0LEAD0001", ReminderEscalateFrom="0")
    for fn in FUNCTIONS:
        env = environment(fn, params)
        assert (env["REMINDER_PLAN"], env["MENTION_ESCALATION"], env["REMINDER_ESCALATE_FROM"]) == \
            ("1h,0,every 2h", "U0LEAD0001", "0"), fn
    env = environment("RemindersFunction")
    assert (env["REMINDER_PLAN"], env["MENTION_ESCALATION"], env["REMINDER_ESCALATE_FROM"]) == \
        ("50%,4h,1h,0,every 4h", "", "1h")


def test_the_defaults_reserve_no_concurrency_so_a_new_account_can_deploy():
    # Lambda keeps part of the account's concurrency unreserved and refuses a
    # reservation that would go below it; a new account's quota can be 10, so
    # any reservation fails there (Lambda Developer Guide, "Configuring
    # reserved concurrency"). The default is 0 = no reservation at all.
    assert str(PARAMS["ReservedConcurrency"]) == "0"
    assert TPL["Parameters"]["ReservedConcurrency"]["MinValue"] == 0
    setting = TPL["Globals"]["Function"]["ReservedConcurrentExecutions"]
    assert resolve(setting) is NO_VALUE
    for fn in FUNCTIONS:
        assert "ReservedConcurrentExecutions" not in RES[fn]["Properties"], fn
    # What SAM makes of Globals: every Lambda function carries the condition.
    lambdas = {k: v for k, v in sam_transformed()["Resources"].items() if v["Type"] == "AWS::Lambda::Function"}
    assert set(lambdas) == FUNCTIONS
    for name, fn in lambdas.items():
        assert resolve(fn["Properties"].get("ReservedConcurrentExecutions")) is NO_VALUE, name
    assert resolve(setting, with_params(ReservedConcurrency=2)) == "2"


# --- IAM: each role grants exactly what its function calls -----------------

_SAM = {}


def sam_transformed():
    """template.yaml after the AWS::Serverless transform, done by the
    aws-sam-translator that cfn-lint itself uses to lint SAM templates."""
    if "t" not in _SAM:
        from cfnlint.template.transforms._sam import Transform as SamTransform

        t = SamTransform(os.path.join(ROOT, "template.yaml"), copy.deepcopy(TPL), "us-east-1")
        assert t.transform_template() == [], "SAM transform failed"
        _SAM["t"] = t._template
    return _SAM["t"]


BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def policy_documents(fn, params=None):
    """Every policy document of the function's role after the SAM transform:
    the managed policies of this template it attaches, its inline policies
    (ours and the ones SAM adds). AWSLambdaBasicExecutionRole (logs only) is
    the one AWS managed policy allowed."""
    params = PARAMS if params is None else params
    role = sam_transformed()["Resources"][f"{fn}Role"]["Properties"]
    docs = []
    for arn in resolve(role.get("ManagedPolicyArns", []), params):
        if arn == BASIC_EXECUTION:
            continue
        assert RES.get(arn, {}).get("Type") == "AWS::IAM::ManagedPolicy", f"{fn}: unexpected managed policy {arn}"
        assert exists(arn, params), f"{fn}: attaches {arn}, which this deploy does not create"
        docs.append(RES[arn]["Properties"]["PolicyDocument"])
    docs += [p["PolicyDocument"] for p in role.get("Policies", [])]
    # Policies of their own attached to the role (AWS::IAM::Policy).
    docs += [r["Properties"]["PolicyDocument"] for k, r in RES.items()
             if r["Type"] == "AWS::IAM::Policy" and {"Ref": f"{fn}Role"} in r["Properties"]["Roles"]
             and exists(k, params)]
    return docs


def statements(fn, params=None):
    """The role's policy statements, conditions resolved."""
    return [st for d in policy_documents(fn, params) for st in resolve(d["Statement"], params)]


def grants(fn, params=None):
    """(action, resource) pairs the role allows."""
    out = set()
    for st in statements(fn, params):
        assert st["Effect"] == "Allow", st
        actions = [st["Action"]] if isinstance(st["Action"], str) else st["Action"]
        resources = [st["Resource"]] if isinstance(st["Resource"], str) else st["Resource"]
        for a in actions:
            for r in resources:
                out.add((a, r))
    return out


def each(actions, resource):
    return {(a, resource) for a in actions}


# What each function calls (the Rust code's AWS calls), on which resources,
# for a deploy with these Parameters.
EVENT_TABLE_CALLS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
SWEEP_TABLE_CALLS = EVENT_TABLE_CALLS
ACTIONS_TABLE_CALLS = ["dynamodb:GetItem", "dynamodb:PutItem"]


def slack_secret(params):
    """The one Slack credential the functions read: the webhook URL in
    webhook mode, the bot token in app mode (created, or given)."""
    if params["SlackMode"] == "webhook":
        return params["SlackWebhookSecretArn"] or "WebhookSecret"
    return params["SlackBotTokenSecretArn"] or "BotTokenSecret"


def expected_grants(fn, params):
    conds = conditions(params)
    slack = slack_secret(params)
    table = params["SharedStateTableArn"] or "StateTable.Arn"
    index = f"{table}/index/due-index"
    listing = f"{table}/index/listing-index"
    base = {("secretsmanager:GetSecretValue", slack)}
    if conds["HasSlackSecretKmsKey"]:
        base.add(("kms:Decrypt", params["SlackSecretKmsKeyArn"]))
    # The hub: webhook secrets that CHANNEL_ROUTES may name (webhook mode
    # only; in app mode routes name channels), and account names from AWS
    # Organizations where asked.
    if params["SlackMode"] == "webhook":
        base |= {("secretsmanager:GetSecretValue", arn) for arn in params["ChannelRouteSecretArns"].split(",") if arn}
    if params["UseOrganizationsAccountNames"] == "true":
        base.add(("organizations:ListAccounts", "*"))
    # The functions that enrich (SESv2 GetAccount, Health details) assume
    # the spokes' read-only role in the event's account.
    if fn in ("HealthFunction", "SesReputationFunction") and params["EnrichmentExternalId"]:
        base.add(("sts:AssumeRole", f"arn:aws:iam::*:role/{params['EnrichmentRoleName']}"))
    if fn == "RemindersFunction":
        # The reminders sweep finds what is due on the sparse index, then
        # claims and updates it.
        return base | {("dynamodb:Query", index)} | each(SWEEP_TABLE_CALLS, table)
    if fn == "HeartbeatFunction":
        # Heartbeats and the silence check: the spoke table's items and its
        # partition's Query; the silence alerts' cases in the state table,
        # item calls only (no index).
        return base | each(EVENT_TABLE_CALLS + ["dynamodb:Query"], "SpokeTable.Arn") | each(EVENT_TABLE_CALLS, table)
    if fn == "SlackActionsFunction":
        signing = params["SlackSigningSecretArn"] or "SigningSecret"
        # The Home tab and /respondby list the open cases on the listing
        # index; /respondby coverage Queries the spoke table and writes
        # nothing there. A long /respondby open list: an asynchronous Invoke
        # of itself.
        return (base | {("secretsmanager:GetSecretValue", signing), ("dynamodb:Query", listing),
                        ("dynamodb:Query", "SpokeTable.Arn"),
                        ("lambda:InvokeFunction", "SlackActionsFunction.Arn")}
                | each(ACTIONS_TABLE_CALLS, table))
    base |= {("sqs:SendMessage", "DeadLetterQueue.Arn")} | each(EVENT_TABLE_CALLS, table)
    own = {
        "HealthFunction": each(["health:DescribeEventDetails", "health:DescribeAffectedEntities"], "*"),
        "SesReputationFunction": {("ses:GetAccount", "*")},
        "GuardDutyFunction": set(),
        "EnvFileAccessFunction": set(),
        # The anomaly event carries what GetAnomalies would: no ce: call.
        "CostAnomalyFunction": set(),
        "SupportCaseFunction": {("support:DescribeCases", "*")},
        "PublicExposureFunction": set(),
    }[fn]
    return base | own


# A customer managed key in another account and region than the stack, as in
# the organisation roll-out (infra/ORG-ROLLOUT.md).
KMS_KEY = "arn:aws:kms:eu-central-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab"
SHARED_WEBHOOK = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-webhook-AbCdEf"
SHARED_BOT_TOKEN = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-bot-token-AbCdEf"
SHARED_SIGNING = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-signing-AbCdEf"
# The primary stack's table (output StateTableArn), as a backup-Region stack gets it.
PRIMARY_TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/respondby-StateTable-1ABCDEF2GHIJK"
# Webhook secrets of other channels, named by CHANNEL_ROUTES.
ROUTE_WEBHOOKS = ("arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-webhook-prod-AbCdEf,"
                  "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-webhook-sandbox-GhIjKl")
HUB = {"EnrichmentExternalId": "respondby-7f3a9c", "UseOrganizationsAccountNames": "true",
       "ChannelRoutes": "111122223333=arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby-webhook-prod-AbCdEf",
       "ChannelRouteSecretArns": ROUTE_WEBHOOKS}
CHANNEL = "C0123ABCD"
APP = {"SlackMode": "app", "SlackChannel": CHANNEL}

PARAMETER_SETS = {
    "defaults": {},
    "kms key": {"SlackSecretKmsKeyArn": KMS_KEY},
    "shared webhook secret": {"SlackWebhookSecretArn": SHARED_WEBHOOK, "SlackSecretKmsKeyArn": KMS_KEY},
    "app mode": APP,
    "app mode, shared bot token": dict(APP, SlackBotTokenSecretArn=SHARED_BOT_TOKEN, SlackSecretKmsKeyArn=KMS_KEY),
    "app mode, a webhook secret left over": dict(APP, SlackWebhookSecretArn=SHARED_WEBHOOK),
    "webhook mode, buttons": {"SlackButtons": "true"},
    "app mode, buttons": dict(APP, SlackButtons="true"),
    "app mode, buttons, every secret given": dict(APP, SlackButtons="true", SlackBotTokenSecretArn=SHARED_BOT_TOKEN,
                                                  SlackSigningSecretArn=SHARED_SIGNING, SlackSecretKmsKeyArn=KMS_KEY),
    "a signing secret given, buttons off": {"SlackSigningSecretArn": SHARED_SIGNING},
    "backup Region": {"SharedStateTableArn": PRIMARY_TABLE},
    "backup Region, app mode, buttons": dict(APP, SlackButtons="true", SharedStateTableArn=PRIMARY_TABLE),
    "hub: enrichment, names from Organizations, routed webhooks": dict(HUB, SlackSecretKmsKeyArn=KMS_KEY),
    "hub, app mode, buttons: routes name channels": dict(APP, **HUB, SlackButtons="true",
                                                         EnrichmentRoleName="rb-read"),
}


def functions_in(params):
    return sorted(fn for fn in FUNCTIONS if exists(fn, params))


@pytest.mark.parametrize("name", sorted(PARAMETER_SETS))
def test_each_role_grants_exactly_what_its_function_calls(name):
    params = with_params(**PARAMETER_SETS[name])
    for fn in functions_in(params):
        got = grants(fn, params)
        for action, resource in got:
            assert "*" not in action, f"{fn}: wildcard action {action}"
            # Health, SES GetAccount, Support and Organizations ListAccounts have
            # no resource-level permissions: "*" is the only resource they take.
            if not action.startswith(("health:", "ses:", "support:", "organizations:ListAccounts")):
                assert resource != "*", f"{fn}: {action} on every resource"
        assert got == expected_grants(fn, params), (fn, got ^ expected_grants(fn, params))


def test_a_webhook_secret_under_a_customer_managed_key_can_be_read_by_every_function_that_reads_it():
    # Secrets Manager decrypts with the secret's KMS key on the caller's
    # behalf, so the caller needs kms:Decrypt on that key; a secret shared
    # from another account must use a customer managed key (Secrets Manager
    # User Guide, "Access AWS Secrets Manager secrets from a different
    # account"). kms:ViaService keeps the grant to decryption through Secrets
    # Manager, in the key's (= the secret's) region, which need not be the
    # stack's.
    everything = with_params(SlackButtons="true")
    assert functions_in(everything) == sorted(FUNCTIONS)
    readers = [fn for fn in sorted(FUNCTIONS)
               if any("secretsmanager:GetSecretValue" in st["Action"] for st in statements(fn, everything))]
    assert readers == sorted(FUNCTIONS)
    for fn in readers:
        assert not any("kms:Decrypt" in st["Action"] for st in statements(fn, everything)), f"{fn}: kms:Decrypt by default"
        kms = [st for st in statements(fn, dict(everything, SlackSecretKmsKeyArn=KMS_KEY))
               if "kms:Decrypt" in st["Action"]]
        assert kms == [{
            "Effect": "Allow",
            "Action": ["kms:Decrypt"],
            "Resource": KMS_KEY,
            "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com"}},
        }], fn
    p = TPL["Parameters"]["SlackSecretKmsKeyArn"]
    assert p["Default"] == ""
    pattern_ = re.compile(p["AllowedPattern"])
    for ok in ("", KMS_KEY, "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
               "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"):
        assert pattern_.fullmatch(ok), ok
    for bad in ("arn:aws:kms:us-east-1:111122223333:alias/respondby", "1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:x"):
        assert not pattern_.fullmatch(bad), bad


def test_grants_are_written_once_in_shared_managed_policies():
    # The same statements in every function's inline policy drift apart;
    # each shared grant is one AWS::IAM::ManagedPolicy, attached by Ref.
    managed = {k for k, v in RES.items() if v["Type"] == "AWS::IAM::ManagedPolicy"}
    for fn in FUNCTIONS:
        for p in RES[fn]["Properties"]["Policies"]:
            if isinstance(p, dict) and "Statement" in p:
                for st in p["Statement"]:
                    for a in ([st["Action"]] if isinstance(st["Action"], str) else st["Action"]):
                        assert not a.startswith(("secretsmanager:", "kms:", "dynamodb:", "sqs:")), \
                            f"{fn}: inline {a}; use the shared managed policy"
            elif "Fn::If" in p:
                # Attached only where asked: !If [Condition, !Ref Policy, !Ref AWS::NoValue]
                cond, yes, no = p["Fn::If"]
                assert cond in TPL["Conditions"] and yes["Ref"] in managed and no == {"Ref": "AWS::NoValue"}, (fn, p)
                assert RES[yes["Ref"]].get("Condition") == cond, (fn, p)
            else:
                assert set(p) == {"Ref"} and p["Ref"] in managed, (fn, p)


def test_the_kms_grant_survives_the_sam_transform():
    # The grant is an Fn::If inside a managed policy: it must reach
    # CloudFormation as written, not be resolved or dropped by the transform.
    st = RES["SlackCredentialsPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert [s["Fn::If"][0] for s in st if "Fn::If" in s] == ["HasSlackSecretKmsKey", "GrantsRouteSecrets"]
    transformed = sam_transformed()["Resources"]["SlackCredentialsPolicy"]["Properties"]["PolicyDocument"]
    assert transformed == RES["SlackCredentialsPolicy"]["Properties"]["PolicyDocument"]
    for fn in FUNCTIONS:
        arns = sam_transformed()["Resources"][f"{fn}Role"]["Properties"]["ManagedPolicyArns"]
        assert {"Ref": "SlackCredentialsPolicy"} in arns, fn


# --- Slack modes: webhook (the default) or app ---------------------------------

def secrets(params):
    return {k for k, v in RES.items() if v["Type"] == "AWS::SecretsManager::Secret" and exists(k, params)}


def environment(fn, params=None):
    """The function's environment after SAM merges Globals into it."""
    lam = sam_transformed()["Resources"][fn]["Properties"]
    return resolve(lam["Environment"]["Variables"], params)


def test_the_signing_secret_is_read_only_by_the_slack_actions_function():
    params = with_params(**APP, SlackButtons="true")
    for fn in functions_in(params):
        reads = {r for a, r in grants(fn, params) if a == "secretsmanager:GetSecretValue"}
        assert ("SigningSecret" in reads) == (fn == "SlackActionsFunction"), fn
        assert reads >= {"BotTokenSecret"}, fn


def test_a_default_deploy_is_webhook_only_with_one_secret():
    # Existing stacks keep working unchanged: webhook mode, the same
    # WebhookSecret, no bot token anywhere.
    assert PARAMS["SlackMode"] == "webhook"
    assert PARAMS["SlackButtons"] == "false"
    assert secrets(PARAMS) == {"WebhookSecret"}
    assert secrets(with_params(SlackButtons="true")) == {"WebhookSecret", "SigningSecret"}
    assert secrets(with_params(**APP, SlackButtons="true")) == {"BotTokenSecret", "SigningSecret"}
    for fn in FUNCTIONS:
        env = environment(fn)
        assert env["SLACK_MODE"] == "webhook"
        assert env["SLACK_WEBHOOK_SECRET_ARN"] == "WebhookSecret"
        assert not {k for k in env if k.startswith(("SLACK_BOT", "SLACK_CHANNEL"))}, fn
    assert secrets(with_params(SlackWebhookSecretArn=SHARED_WEBHOOK)) == set()
    outputs = {k for k, v in TPL["Outputs"].items() if "Condition" not in v or conditions(PARAMS)[v["Condition"]]}
    assert {"WebhookSecretArn", "PutWebhookCommand"} <= outputs
    assert not {"BotTokenSecretArn", "PutBotTokenCommand"} & outputs


def test_app_mode_reads_the_bot_token_and_posts_to_channels_per_severity():
    params = with_params(**APP, SlackChannelCritical="C0CRIT0001", SlackChannelLow="C0LOW00001")
    assert secrets(params) == {"BotTokenSecret"}, "app mode needs no webhook secret"
    for fn in FUNCTIONS:
        env = environment(fn, params)
        assert env["SLACK_MODE"] == "app"
        assert env["SLACK_BOT_TOKEN_SECRET_ARN"] == "BotTokenSecret"
        assert "SLACK_WEBHOOK_SECRET_ARN" not in env
        assert env["SLACK_CHANNEL"] == CHANNEL
        assert env["SLACK_CHANNEL_CRITICAL"] == "C0CRIT0001"
        assert env["SLACK_CHANNEL_LOW"] == "C0LOW00001"
        # Empty = unset to the functions: those severities go to SLACK_CHANNEL.
        assert env["SLACK_CHANNEL_HIGH"] == env["SLACK_CHANNEL_MEDIUM"] == ""
    given = with_params(**APP, SlackBotTokenSecretArn=SHARED_BOT_TOKEN)
    assert secrets(given) == set()
    assert environment("HealthFunction", given)["SLACK_BOT_TOKEN_SECRET_ARN"] == SHARED_BOT_TOKEN
    outputs = {k for k, v in TPL["Outputs"].items() if "Condition" not in v or conditions(params)[v["Condition"]]}
    assert {"BotTokenSecretArn", "PutBotTokenCommand"} <= outputs
    assert not {"WebhookSecretArn", "PutWebhookCommand"} & outputs


def test_slack_actions_exists_only_with_buttons_behind_a_public_url_with_both_permissions():
    actions = {"SlackActionsFunction", "SlackActionsUrl", "SlackActionsUrlPermission", "SlackActionsUrlInvokePermission",
               "SlackActionsErrorsAlarm", "SlackSigningSecretPolicy", "StateTableActionsPolicy", "SigningSecret",
               "SlackActionsSelfInvokePolicy"}
    off = {k for k in RES if exists(k)}
    assert not actions & off, actions & off
    on = {k for k in RES if exists(k, with_params(SlackButtons="true"))}
    assert on - off == actions
    # Buttons off, a signing secret given: still nothing of slack-actions.
    assert not actions & {k for k in RES if exists(k, with_params(SlackSigningSecretArn=SHARED_SIGNING))}

    fn = RES["SlackActionsFunction"]
    assert fn["Metadata"]["BuildProperties"]["Binary"] == "respondby-slack-actions"
    assert fn["Properties"]["Timeout"] == 10 and fn["Properties"]["MemorySize"] == 128
    env = environment("SlackActionsFunction", with_params(SlackButtons="true"))
    # /respondby coverage reads the spokes as the heartbeat function does.
    assert env["SPOKE_TABLE"] == "SpokeTable"
    assert "EXPECTED_SPOKES" in env
    assert env["SLACK_SIGNING_SECRET_ARN"] == "SigningSecret" and env["SLACK_BUTTONS"] == "true"
    env = environment("SlackActionsFunction", with_params(SlackButtons="true", SlackSigningSecretArn=SHARED_SIGNING))
    assert env["SLACK_SIGNING_SECRET_ARN"] == SHARED_SIGNING
    assert "SLACK_SIGNING_SECRET_ARN" not in environment("HealthFunction", with_params(SlackButtons="true"))


def test_only_our_workspace_and_app_can_click_when_their_ids_are_set():
    # Default empty: not checked (the function reads empty as unset).
    env = environment("SlackActionsFunction", with_params(SlackButtons="true"))
    assert env["SLACK_TEAM_ID"] == "" and env["SLACK_APP_ID"] == ""
    env = environment("SlackActionsFunction", with_params(SlackButtons="true", SlackTeamId="T0123ABCD", SlackAppId="A0456EFGH"))
    assert (env["SLACK_TEAM_ID"], env["SLACK_APP_ID"]) == ("T0123ABCD", "A0456EFGH")
    for fn in FUNCTIONS:
        if fn != "SlackActionsFunction":
            assert "SLACK_TEAM_ID" not in environment(fn, with_params(SlackButtons="true")), fn
    team = re.compile(TPL["Parameters"]["SlackTeamId"]["AllowedPattern"])
    app = re.compile(TPL["Parameters"]["SlackAppId"]["AllowedPattern"])
    for ok in ("", "T0123ABCD", "E0ORG1234"):
        assert team.fullmatch(ok), ok
    for bad in ("acme", "acme.slack.com", "t0123abcd", "A0123ABCD", "T0 1"):
        assert not team.fullmatch(bad), bad
    for ok in ("", "A0456EFGH"):
        assert app.fullmatch(ok), ok
    for bad in ("Respond By", "T0123ABCD", "a0456efgh"):
        assert not app.fullmatch(bad), bad

    url = RES["SlackActionsUrl"]["Properties"]
    assert url["AuthType"] == "NONE"
    assert url["TargetFunctionArn"] == {"Fn::GetAtt": ["SlackActionsFunction", "Arn"]}
    assert "Qualifier" not in url
    # Function URLs created since October 2025 need both statements (Lambda
    # Developer Guide, "Control access to Lambda function URLs").
    perms = {k: v["Properties"] for k, v in RES.items()
             if v["Type"] == "AWS::Lambda::Permission" and v["Properties"]["FunctionName"] == {"Ref": "SlackActionsFunction"}}
    assert sorted(perms.values(), key=lambda p: p["Action"]) == [
        {"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": "SlackActionsFunction"}, "Principal": "*",
         "InvokedViaFunctionUrl": True},
        {"Action": "lambda:InvokeFunctionUrl", "FunctionName": {"Ref": "SlackActionsFunction"}, "Principal": "*",
         "FunctionUrlAuthType": "NONE"},
    ]
    for k in perms:
        assert RES[k]["Condition"] == "HasButtons"
    # SAM adds no URL or permission of its own next to these.
    generated = {k for k, v in sam_transformed()["Resources"].items()
                 if v["Type"] in ("AWS::Lambda::Url", "AWS::Lambda::Permission") and k not in RES}
    assert generated == set(), generated
    # Everything SAM makes of the function (its role, ...) exists only with buttons too.
    made = {k: v.get("Condition") for k, v in sam_transformed()["Resources"].items() if k.startswith("SlackActions")}
    assert set(made) >= {"SlackActionsFunction", "SlackActionsFunctionRole"}
    assert set(made.values()) == {"HasButtons"}, made

    out = TPL["Outputs"]["SlackRequestUrl"]
    assert out["Condition"] == "HasButtons"
    assert out["Value"] == {"Fn::GetAtt": ["SlackActionsUrl", "FunctionUrl"]}
    for name in ("SigningSecretArn", "PutSigningSecretCommand", "SlackActionsFunctionName"):
        assert TPL["Outputs"][name]["Condition"] == "HasButtons", name


def rule_holds(rule, params):
    """A Rules entry: its assertions hold, or its condition does not apply."""
    r = TPL["Rules"][rule]
    if "RuleCondition" in r and not condition(r["RuleCondition"], params):
        return True
    return all(condition(a["Assert"], params) for a in r["Assertions"])


def test_app_mode_without_a_channel_is_refused_before_anything_is_created():
    assert rule_holds("AppModeNeedsAChannel", PARAMS)
    assert rule_holds("AppModeNeedsAChannel", with_params(**APP))
    assert not rule_holds("AppModeNeedsAChannel", with_params(SlackMode="app"))
    # The SAM transform hands Rules to CloudFormation as written.
    assert sam_transformed()["Rules"] == TPL["Rules"]
    channel = re.compile(TPL["Parameters"]["SlackChannel"]["AllowedPattern"])
    for ok in ("", CHANNEL, "C01ABCDEF2G", "G0123ABCD"):
        assert channel.fullmatch(ok), ok
    for bad in ("#alerts", "alerts", "c0123abcd", "https://app.slack.com/client/T0/C0123ABCD"):
        assert not channel.fullmatch(bad), bad
    for p in ("SlackChannelCritical", "SlackChannelHigh", "SlackChannelMedium", "SlackChannelLow"):
        assert TPL["Parameters"][p]["AllowedPattern"] == TPL["Parameters"]["SlackChannel"]["AllowedPattern"]
        assert TPL["Parameters"][p]["Default"] == ""


def test_language_and_deadline_policy_reach_every_function():
    params = with_params(Language="ja", DeadlinePolicy="guardduty.low=none,risk.fix=12h")
    for fn in FUNCTIONS:
        env = environment(fn, params)
        assert env["RESPONDBY_LANGUAGE"] == "ja"
        assert env["DEADLINE_POLICY"] == "guardduty.low=none,risk.fix=12h"
    assert TPL["Parameters"]["Language"]["AllowedValues"] == ["en", "ja"]
    assert environment("HealthFunction")["RESPONDBY_LANGUAGE"] == "en"
    assert environment("HealthFunction")["DEADLINE_POLICY"] == ""


def test_the_display_time_zone_reaches_every_function_and_takes_names_and_rules():
    params = with_params(DisplayTimeZone="Asia/Tokyo")
    for fn in FUNCTIONS:
        assert environment(fn, params)["DISPLAY_TIME_ZONE"] == "Asia/Tokyo"
        assert environment(fn)["DISPLAY_TIME_ZONE"] == ""
    pattern = re.compile(TPL["Parameters"]["DisplayTimeZone"]["AllowedPattern"])
    for ok in ("", "Asia/Tokyo", "America/Argentina/Buenos_Aires", "Etc/GMT-9", "JST-9", "<+0530>-5:30", "EST5EDT,M3.2.0,M11.1.0",
               "CET-1CEST,M3.5.0,M10.5.0/3", "IST-5:30"):
        assert pattern.fullmatch(ok), ok
    for bad in ("Asia/Tokyo\n", "$(reboot)", "x" * 65):
        assert not pattern.fullmatch(bad), bad


def test_every_parameter_is_in_exactly_one_console_group():
    groups = TPL["Metadata"]["AWS::CloudFormation::Interface"]["ParameterGroups"]
    listed = [p for g in groups for p in g["Parameters"]]
    assert sorted(listed) == sorted(TPL["Parameters"]), set(listed) ^ set(TPL["Parameters"])


# --- Backup Region: one table for both stacks ---------------------------------

def test_a_shared_state_table_replaces_the_own_table_and_retargets_every_grant():
    # AWS Health sends an event to the affected (or, for global events, the
    # primary) Region and to a backup Region with the same eventArn and
    # communicationId (AWS Health User Guide, "Monitoring account-specific
    # and public events"); a backup stack claiming in the primary's table
    # posts it once.
    assert exists("StateTable")
    assert environment("HealthFunction")["DEDUP_TABLE"] == "StateTable"
    assert resolve(TPL["Outputs"]["StateTableArn"]["Value"]) == "StateTable.Arn"
    backup = with_params(**APP, SlackButtons="true", SharedStateTableArn=PRIMARY_TABLE)
    assert not exists("StateTable", backup)
    assert resolve(TPL["Outputs"]["StateTableArn"]["Value"], backup) == PRIMARY_TABLE
    for fn in functions_in(backup):
        assert environment(fn, backup)["DEDUP_TABLE"] == PRIMARY_TABLE, fn
        dynamo = {r for a, r in grants(fn, backup) if a.startswith("dynamodb:")}
        assert dynamo, fn
        # The heartbeat function's spokes are its own stack's (no spoke
        # forwards to a backup stack; it shares the cases, not the spokes),
        # and so are those /respondby coverage lists.
        dynamo -= {"SpokeTable.Arn"} if fn in ("HeartbeatFunction", "SlackActionsFunction") else set()
        assert dynamo <= {PRIMARY_TABLE, PRIMARY_TABLE + "/index/due-index",
                          PRIMARY_TABLE + "/index/listing-index"}, (fn, dynamo)
    assert ("dynamodb:Query", PRIMARY_TABLE + "/index/due-index") in grants("RemindersFunction", backup)
    p = re.compile(TPL["Parameters"]["SharedStateTableArn"]["AllowedPattern"])
    for ok in ("", PRIMARY_TABLE, "arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/t.1_x-y"):
        assert p.fullmatch(ok), ok
    for bad in ("respondby-StateTable-1ABCDEF2GHIJK", PRIMARY_TABLE + "/index/due-index",
                "arn:aws:dynamodb:us-east-1:111122223333:table/t/stream/2026-01-01T00:00:00.000"):
        assert not p.fullmatch(bad), bad


def test_the_example_samconfig_deploys_a_primary_and_a_backup_sharing_its_table():
    tomllib = pytest.importorskip("tomllib")
    cfg = tomllib.load(open(os.path.join(ROOT, "infra", "samconfig.toml"), "rb"))

    def overrides(env):
        pairs = [o.split("=", 1) for o in cfg[env]["deploy"]["parameters"]["parameter_overrides"]]
        for k, _ in pairs:
            assert k in TPL["Parameters"], f"{env}: no Parameter {k}"
        return dict(pairs)

    primary, backup = overrides("default"), overrides("backup")
    assert cfg["default"]["deploy"]["parameters"]["region"] == "us-east-1"
    assert cfg["backup"]["deploy"]["parameters"]["region"] == "us-west-2"
    assert "SharedStateTableArn" not in primary
    arn = backup.pop("SharedStateTableArn")
    assert re.fullmatch(TPL["Parameters"]["SharedStateTableArn"]["AllowedPattern"], arn)
    assert ":us-east-1:" in arn
    assert backup == primary, "the backup should post like the primary"


# --- infra/slack-app-manifest.yaml: one app for both modes and the buttons ---

def test_the_slack_app_manifest_serves_both_modes_and_the_buttons():
    # Field names and limits from Slack's app manifest reference and its
    # JSON schema (slackapi/manifest-schema); the file was also checked
    # against that schema when written.
    import yaml

    text = open(os.path.join(ROOT, "infra", "slack-app-manifest.yaml")).read()
    m = yaml.safe_load(text)
    assert set(m) <= {"_metadata", "display_information", "features", "oauth_config", "settings"}
    assert 1 <= len(m["display_information"]["name"]) <= 35
    assert len(m["display_information"]["description"]) <= 140
    assert set(m["features"]["bot_user"]) <= {"display_name", "always_online"}
    assert m["oauth_config"]["scopes"] == {"bot": ["incoming-webhook", "chat:write", "commands"]}
    assert m["settings"]["incoming_webhooks"] == {"incoming_webhooks_enabled": True}
    inter = m["settings"]["interactivity"]
    assert set(inter) <= {"is_enabled", "request_url", "message_menu_options_url"}
    assert inter["is_enabled"] is True
    assert re.match(r"^https://", inter["request_url"]) and "SlackRequestUrl" in inter["request_url"]
    # A placeholder that can never reach anyone: clicks carry a response_url.
    assert inter["request_url"].rstrip("/").endswith(".invalid")
    assert m["settings"]["socket_mode_enabled"] is False
    # The Home tab, the slash command and the event: the same URL (issue 21).
    assert m["features"]["app_home"] == {"home_tab_enabled": True, "messages_tab_enabled": False,
                                         "messages_tab_read_only_enabled": False}
    [cmd] = m["features"]["slash_commands"]
    assert set(cmd) <= {"command", "url", "description", "usage_hint", "should_escape"}
    assert cmd["command"] == "/respondby" and cmd["url"] == inter["request_url"]
    assert len(cmd["description"]) <= 2000 and len(cmd["usage_hint"]) <= 1000
    events = m["settings"]["event_subscriptions"]
    assert set(events) <= {"request_url", "bot_events", "user_events"}
    assert events["request_url"] == inter["request_url"]
    assert events["bot_events"] == ["app_home_opened"]
    # The comments name the stack outputs that hold each credential's command.
    for output in ("SlackRequestUrl", "PutWebhookCommand", "PutBotTokenCommand", "PutSigningSecretCommand"):
        assert output in TPL["Outputs"], output
        assert output in text, output
    assert text.count("aws secretsmanager put-secret-value") == 3


# --- Event patterns: each rule against its source's fixtures ------------------

def test_health_rule_matches_health_fixtures_and_rejects_near_misses():
    p = pattern("HealthRule")
    for name, ev in fixtures("health"):
        watched = ev["detail"]["service"] in ("ABUSE", "RISK", "SES")
        assert p.matches_event(ev) == watched, name
    ev = dict(fixtures("health"))["abuse-dos-report.json"]
    other = copy.deepcopy(ev)
    other["detail-type"] = "AWS Health Scheduled Change"
    assert not p.matches_event(other)
    ec2 = copy.deepcopy(ev)
    ec2["detail"]["service"] = "EC2"
    assert not p.matches_event(ec2)


def test_guardduty_rule_filters_by_numeric_severity():
    p = pattern("GuardDutyRule")
    for name, ev in fixtures("guardduty"):
        if name.startswith("error-"):
            continue
        assert p.matches_event(ev) == (ev["detail"]["severity"] >= 4), name
    ev = dict(fixtures("guardduty")[0][1])
    low = copy.deepcopy(ev)
    low["detail"]["severity"] = 3.9
    assert not p.matches_event(low)
    wrong = copy.deepcopy(ev)
    wrong["detail-type"] = "GuardDuty Runtime Protection Health"
    assert not p.matches_event(wrong)


def test_guardduty_ignored_types_are_excluded_when_set():
    params = with_params(GuardDutyIgnoredTypes="CryptoCurrency:EC2/BitcoinTool.B!DNS,Recon:EC2/Portscan")
    assert conditions(params)["HasIgnoredFindingTypes"]
    p = pattern("GuardDutyRule", params)
    by_name = dict(fixtures("guardduty"))
    assert not p.matches_event(by_name["ec2-crypto-bitcoin-dns.json"])
    assert p.matches_event(by_name["s3-exfiltration-critical.json"])


def test_ses_rule_matches_the_ses_alarms_of_any_respondby_stack_and_nothing_else():
    # The hub's rule hears its own alarms and those of every spoke (each
    # stack names them <stack name>-ses-...), so it matches by the name's
    # ending, not by this stack's names.
    p = pattern("SesReputationRule")
    for name, ev in fixtures("ses"):
        ours = ev["detail"]["alarmName"].startswith("respondby-ses-")
        expected = ours and ev["detail-type"] == "CloudWatch Alarm State Change"
        assert p.matches_event(ev) == expected, name
    review = dict(fixtures("ses"))["bounce-rate-review-level.json"]
    for kind in ("bounce-rate", "complaint-rate", "send-volume"):
        for stack in ("respondby", "StackSet-respondby-spoke-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "respondby-backup"):
            ev = copy.deepcopy(review)
            ev["detail"]["alarmName"] = f"{stack}-ses-{kind}"
            assert p.matches_event(ev), ev["detail"]["alarmName"]
    for other in ("web-cpu-high", "respondby-ses-bounce-rate-copy", "ses-bounce-rate", "respondby-SES-bounce-rate"):
        ev = copy.deepcopy(review)
        ev["detail"]["alarmName"] = other
        assert not p.matches_event(ev), other


def test_cost_anomaly_rule_matches_anomalies_and_rejects_look_alikes():
    p = pattern("CostAnomalyRule")
    for name, ev in fixtures("cost-anomaly"):
        # Every Anomaly Detected event reaches the function; it skips or
        # refuses the odd ones itself, by name.
        assert p.matches_event(ev), name
    base = dict(fixtures("cost-anomaly"))["ec2-mining-ap-south-1.json"]
    look_alikes = []
    # Cost Explorer API calls recorded by CloudTrail share the source.
    api_call = copy.deepcopy(base)
    api_call["detail-type"] = "AWS API Call via CloudTrail"
    api_call["detail"] = {"eventSource": "ce.amazonaws.com", "eventName": "CreateAnomalyMonitor"}
    look_alikes.append(api_call)
    for source in ("aws.budgets", "aws.cost-optimization-hub", "custom.ce", "aws.cloudwatch"):
        other = copy.deepcopy(base)
        other["source"] = source
        look_alikes.append(other)
    for dt in ("anomaly detected", "Anomaly Detected ", "Anomaly Resolved", "Budget Threshold Breached"):
        other = copy.deepcopy(base)
        other["detail-type"] = dt
        look_alikes.append(other)
    # The SNS message of an immediate subscription: no envelope at all.
    look_alikes.append(copy.deepcopy(base["detail"]))
    for ev in look_alikes:
        assert not p.matches_event(ev), (ev.get("source"), ev.get("detail-type"))


MONITOR = "arn:aws:ce::111122223333:anomalymonitor/5e2f8a1c-7d3b-4c9e-8f10-2a3b4c5d6e7f"
OTHER_MONITOR = "arn:aws:ce::111122223333:anomalymonitor/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
COST_RESOURCES = ("CostAnomalyMonitor", "CostAnomalyTopic", "CostAnomalyTopicPolicy", "CostAnomalySubscription")


@pytest.mark.parametrize("given,create,monitors", [
    ("", "false", None),
    (MONITOR, "false", [MONITOR]),
    (f"{MONITOR},{OTHER_MONITOR}", "false", [MONITOR, OTHER_MONITOR]),
    ("", "true", ["CostAnomalyMonitor"]),
    (MONITOR, "true", ["CostAnomalyMonitor", MONITOR]),
])
def test_an_immediate_subscription_is_made_only_when_asked_and_feeds_the_rule(given, create, monitors):
    params = with_params(CostAnomalyMonitorArns=given, CostAnomalyCreateMonitor=create, CostAnomalyAlertFrom=25)
    made = {r for r in COST_RESOURCES if exists(r, params)}
    if monitors is None:
        assert made == set()
        return
    assert made == set(COST_RESOURCES) - (set() if create == "true" else {"CostAnomalyMonitor"})
    sub = resolve(RES["CostAnomalySubscription"]["Properties"], params)
    # EventBridge gets the event only for an immediate alert, and an
    # immediate subscription delivers to SNS.
    assert sub["Frequency"] == "IMMEDIATE"
    assert sub["MonitorArnList"] == monitors
    assert sub["Subscribers"] == [{"Type": "SNS", "Address": "CostAnomalyTopic"}]
    assert json.loads(sub["ThresholdExpression"]) == {"Dimensions": {
        "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE", "MatchOptions": ["GREATER_THAN_OR_EQUAL"], "Values": ["25"]}}
    # Cost Anomaly Detection may publish to the topic, and only to it.
    policy = resolve(RES["CostAnomalyTopicPolicy"]["Properties"], params)
    (st,) = policy["PolicyDocument"]["Statement"]
    assert (st["Principal"], st["Action"], st["Resource"]) == \
        ({"Service": "costalerts.amazonaws.com"}, "sns:Publish", "CostAnomalyTopic")
    assert RES["CostAnomalySubscription"]["DependsOn"] == "CostAnomalyTopicPolicy"
    if create == "true":
        mon = RES["CostAnomalyMonitor"]["Properties"]
        assert (mon["MonitorType"], mon["MonitorDimension"]) == ("DIMENSIONAL", "SERVICE")


def test_a_cost_anomaly_subscription_outside_us_east_1_is_refused_before_anything_is_created():
    rule = TPL["Rules"]["CostAnomalySubscriptionInUsEast1"]
    for given, create, applies in [("", "false", False), (MONITOR, "false", True), ("", "true", True)]:
        params = with_params(CostAnomalyMonitorArns=given, CostAnomalyCreateMonitor=create)
        assert condition(rule["RuleCondition"], params) == applies
    (a,) = rule["Assertions"]
    assert a["Assert"] == {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}


def test_cost_anomaly_settings_reach_only_its_function():
    params = with_params(CostAnomalyThresholds="critical=5000,high=500,medium=50",
                         CostAnomalyUsualRegions="us-east-1,eu-west-1")
    env = environment("CostAnomalyFunction", params)
    assert (env["COST_ANOMALY_THRESHOLDS"], env["COST_ANOMALY_USUAL_REGIONS"]) == \
        ("critical=5000,high=500,medium=50", "us-east-1,eu-west-1")
    for fn in FUNCTIONS - {"CostAnomalyFunction"}:
        assert "COST_ANOMALY_THRESHOLDS" not in environment(fn, params), fn
    allowed = re.compile(TPL["Parameters"]["CostAnomalyThresholds"]["AllowedPattern"])
    for ok in ["", "critical=1000,high=100", "high=250, critical=$5000,medium=20", "critical=1000.50"]:
        assert allowed.match(ok), ok
    for bad in ["critical", "huge=10", "high=lots", "high=-5"]:
        assert not allowed.match(bad), bad


SUPPORT_EVENTS = ("CreateCase", "AddCommunicationToCase", "ResolveCase", "ReopenCase")


def test_support_rule_matches_case_updates_and_rejects_look_alikes():
    p = pattern("SupportCaseRule")
    by_name = dict(fixtures("support"))
    for name, ev in by_name.items():
        assert p.matches_event(ev) == (ev["detail"]["event-name"] in SUPPORT_EVENTS), name
    # The account's own message reaches the function by default: it follows
    # up on the case's alert.
    assert p.matches_event(by_name["skip-customer-replies.json"])
    base = by_name["aws-writes-to-case.json"]
    look_alikes = {
        "another source": ("source", "aws.supportcenter"),
        "a custom source": ("source", "custom.support"),
        "another detail-type": ("detail-type", "Support Case Updated"),
        "the Support API call via CloudTrail": ("detail-type", "AWS API Call via CloudTrail"),
    }
    for what, (field, value) in look_alikes.items():
        ev = copy.deepcopy(base)
        ev[field] = value
        assert not p.matches_event(ev), what
    for event_name in ("createcase", "AddCommunicationToCases", "DescribeCases", ""):
        ev = copy.deepcopy(base)
        ev["detail"]["event-name"] = event_name
        assert not p.matches_event(ev), event_name


def test_support_rule_can_leave_out_the_accounts_own_messages():
    params = with_params(SupportOwnMessages="ignore")
    assert conditions(params)["SupportIgnoresOwnMessages"]
    p = pattern("SupportCaseRule", params)
    by_name = dict(fixtures("support"))
    # A customer's own communication is the look-alike that must not match.
    assert not p.matches_event(by_name["skip-customer-replies.json"])
    assert not p.matches_event(by_name["skip-team-writes-in-own-case.json"])
    for name in ("aws-writes-to-case.json", "communication-without-origin.json", "aws-opens-case.json",
                 "case-resolved.json", "case-reopened.json"):
        assert p.matches_event(by_name[name]), name
    lower = copy.deepcopy(by_name["skip-customer-replies.json"])
    lower["detail"]["origin"] = "AWS"
    assert p.matches_event(lower)


# Object keys the .env rule must match, and look-alikes it must not. The
# capitalisations and .env.<stage> names are the ones people actually use.
ENV_KEYS = [
    ".env", "app/.env", "prod.env", ".env.production", "config/.env.local",
    ".ENV", "deploy/.ENV", "app/.Env", "backups/PROD.ENV",
    ".env.production.local", "web/.env.production.local", ".env.development.local",
    "a/b/.env.development.local", ".env.qa", "svc/.env.qa", ".env.uat", "svc/.env.uat",
    ".env.prd", "svc/.env.prd", ".ENV.production", "config/.ENV.production", "config/.Env.local",
]
NOT_ENV_KEYS = [
    "envelope.png", "ENVELOPE.PNG", "config/.environment", ".environment", "x/.ENVIRONMENT",
    ".envrc", "x/.Envrc", "app/env", "a/.env/config.json", "dotenv.txt",
]

# Operators moto's EventPattern implements (moto/events/models.py,
# EventPattern._does_item_match_named_filter). An operator it does not know
# matches everything there, so a pattern using one would pass every positive
# test and prove nothing.
MOTO_OPERATORS = {"exists", "prefix", "suffix", "equals-ignore-case", "numeric", "anything-but", "cidr", "wildcard"}


def operators(node):
    """Every named operator used in an event pattern."""
    found = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$or":
                for branch in v:
                    found |= operators(branch)
            else:
                found |= operators(v)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict):
                for op, arg in item.items():
                    found.add(op)
                    if isinstance(arg, dict):
                        found |= set(arg)
    return found


def test_every_rule_uses_only_operators_moto_can_check():
    for rule in sorted(RULES):
        used = operators(pattern(rule).get_pattern())
        assert used <= MOTO_OPERATORS, f"{rule}: {used - MOTO_OPERATORS} not checked by moto"


def with_key(base, key):
    ev = copy.deepcopy(base)
    ev["detail"]["requestParameters"]["key"] = key
    bucket = ev["detail"]["requestParameters"]["bucketName"]
    ev["detail"]["resources"][0]["ARN"] = f"arn:aws:s3:::{bucket}/{key}"
    return ev


def test_env_rule_matches_env_keys_and_rejects_look_alikes():
    p = pattern("EnvFileAccessRule")
    base = dict(fixtures("env-file"))["read-by-iam-user-foreign-ip.json"]
    for name, ev in fixtures("env-file"):
        if name.startswith("error-"):
            continue
        assert p.matches_event(ev) == (not name.startswith("skip-")), name
    for key in ENV_KEYS:
        assert p.matches_event(with_key(base, key)), key
    for key in NOT_ENV_KEYS:
        assert not p.matches_event(with_key(base, key)), key
    put = copy.deepcopy(base)
    put["detail"]["eventName"] = "PutObject"
    assert not p.matches_event(put)


# x-amz-copy-source values (CopyObject / UploadPartCopy) naming a .env, in the
# forms S3 accepts: bucket/key, a leading slash, ?versionId=, an access point ARN.
COPY_SOURCES = [
    "example-app-config/.env", "/example-app-config/app/.env", "b/prod.env", "b/deploy/.ENV", "b/app/.Env",
    "b/.env.production", "b/x/.env.production.local", "b/x/.ENV.production", "b/x/.Env.local", "b/.env.qa",
    "b/.env?versionId=3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY", "b/x/.ENV?versionId=abc",
    "b/.env.production?versionId=abc",
    "arn:aws:s3:eu-central-1:111122223333:accesspoint/configs/object/website/.env",
]
NOT_COPY_SOURCES = [
    "b/.environment", "b/envelope.png", "b/ENVELOPE.PNG", "b/.envrc", "b/x/.ENVIRONMENT",
    "b/.envrc?versionId=abc", "b/templates/env.sample", "b/.env/config.json",
]


def with_copy_source(base, source, event_name="CopyObject"):
    ev = copy.deepcopy(base)
    ev["detail"]["eventName"] = event_name
    ev["detail"]["requestParameters"]["x-amz-copy-source"] = source
    return ev


def test_env_rule_matches_copies_whose_source_is_a_env_file():
    p = pattern("EnvFileAccessRule")
    base = dict(fixtures("env-file"))["copy-object-env-to-other-account.json"]
    for name in ("CopyObject", "UploadPartCopy"):
        for source in COPY_SOURCES:
            assert p.matches_event(with_copy_source(base, source, name)), (name, source)
        for source in NOT_COPY_SOURCES:
            assert not p.matches_event(with_copy_source(base, source, name)), (name, source)
    # The destination key does not make a copy a read of a .env file ...
    onto = with_copy_source(base, "b/templates/env.sample")
    onto["detail"]["requestParameters"]["key"] = ".env"
    assert not p.matches_event(onto)
    # ... and a GetObject is judged by its key, never by a copy-source field.
    get = with_copy_source(base, "b/.env", "GetObject")
    get["detail"]["requestParameters"]["key"] = "loot/site-config.txt"
    assert not p.matches_event(get)
    for other in ("PutObject", "HeadObject", "DeleteObject"):
        assert not p.matches_event(with_copy_source(base, "b/.env", other)), other


# --- Snapshots, AMIs and DB snapshots made public ---------------------------

def ruler_variants(node):
    """The event as EventBridge's matcher sees it: Event Ruler treats the
    objects of an array as if each were the array's value ("JSON Array
    Matching" in aws/event-ruler's README), and a match may not mix fields
    of two elements. moto's matcher does not look inside arrays of objects,
    so each variant here has one element of every such array in its place;
    the pattern matches when it matches one variant."""
    if isinstance(node, dict):
        keys = list(node)
        for combo in itertools.product(*(list(ruler_variants(node[k])) for k in keys)):
            yield dict(zip(keys, combo))
    elif isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        for x in node:
            yield from ruler_variants(x)
    else:
        yield node


def ruler_matches(p, ev):
    return any(p.matches_event(v) for v in ruler_variants(ev))


def test_array_matching_is_emulated_as_event_ruler_does_it():
    p = EventPattern.load(json.dumps({"detail": {"items": {"group": ["all"], "id": ["a"]}}}))
    ev = {"detail": {"items": [{"group": "x", "id": "a"}, {"group": "all", "id": "b"}]}}
    # moto alone never looks inside the array ...
    assert not p.matches_event({"detail": {"items": [{"group": "all", "id": "a"}]}})
    assert ruler_matches(p, {"detail": {"items": [{"group": "all", "id": "a"}]}})
    # ... and fields of two different elements do not make a match.
    assert not ruler_matches(p, ev)


# Which of our own fixtures the rule forwards. The function skips or refuses
# some of those (a share with its own account, an attempt AWS refused to
# remove, a record without its id); the rule cannot tell.
EXPOSURE_NOT_MATCHED = {
    "skip-snapshot-product-codes.json",
    "skip-ami-description-change.json",
    "skip-run-instances.json",
    # Taking an account's permission off again: routine, no alert.
    "ebs-snapshot-account-removed.json",
    # No items at all: nothing is shared.
    "error-permission-without-items.json",
}


def test_exposure_rule_forwards_its_fixtures_and_not_the_look_alikes():
    p = pattern("PublicExposureRule")
    names = set()
    for name, ev in fixtures("public-exposure"):
        names.add(name)
        assert ruler_matches(p, ev) == (name not in EXPOSURE_NOT_MATCHED), name
    assert EXPOSURE_NOT_MATCHED <= names


def exposure(name):
    return copy.deepcopy(dict(fixtures("public-exposure"))[name])


def test_exposure_rule_leaves_out_shares_with_trusted_accounts_only():
    trusted = with_params(TrustedAccountIds="444455556666,999988887777,o-exampleorgx")
    assert conditions(trusted)["HasTrustedAccounts"]
    p = pattern("PublicExposureRule", trusted)
    default = pattern("PublicExposureRule")
    for name in ("ebs-snapshot-shared-with-unknown-account.json", "ami-shared-with-account.json",
                 "rds-cluster-snapshot-shared-with-account.json"):
        ev = exposure(name)
        assert ruler_matches(default, ev), name
        assert not ruler_matches(p, ev), name
    # One trusted and one unknown account in one call: still forwarded.
    ev = exposure("ebs-snapshot-shared-with-unknown-account.json")
    items = ev["detail"]["requestParameters"]["createVolumePermission"]["add"]["items"]
    items.append({"userId": "123412341234"})
    assert ruler_matches(p, ev)
    rds = exposure("rds-cluster-snapshot-shared-with-account.json")
    rds["detail"]["requestParameters"]["valuesToAdd"] = ["444455556666", "123412341234"]
    assert ruler_matches(p, rds)
    # Public is public whoever else is trusted.
    for name in ("ebs-snapshot-made-public.json", "ami-made-public.json", "rds-snapshot-made-public.json",
                 "ebs-snapshot-public-and-two-accounts.json"):
        assert ruler_matches(p, exposure(name)), name
    # An organisation is an ARN in the event: the function leaves trusted ones out.
    assert ruler_matches(p, exposure("ami-shared-with-organization.json"))


def test_exposure_rule_rejects_near_misses():
    p = pattern("PublicExposureRule")
    public = exposure("ebs-snapshot-made-public.json")
    misses = []
    # Removing an account's permission, for every kind of resource.
    ev = exposure("ebs-snapshot-made-public.json")
    ev["detail"]["requestParameters"]["createVolumePermission"] = {"remove": {"items": [{"userId": "444455556666"}]}}
    misses.append(("snapshot: an account removed", ev))
    ev = exposure("ami-made-public.json")
    ev["detail"]["requestParameters"]["launchPermission"] = {"remove": {"items": [{"userId": "444455556666"}]}}
    misses.append(("AMI: an account removed", ev))
    ev = exposure("rds-snapshot-made-public.json")
    rp = ev["detail"]["requestParameters"]
    rp["valuesToRemove"] = ["444455556666"]
    del rp["valuesToAdd"]
    misses.append(("RDS: an account removed", ev))
    # Another attribute of a DB snapshot.
    ev = exposure("rds-snapshot-made-public.json")
    ev["detail"]["requestParameters"]["attributeName"] = "copy"
    misses.append(("RDS: not restore", ev))
    # The same call from another service, source or detail-type.
    ev = copy.deepcopy(public)
    ev["source"] = "aws.s3"
    misses.append(("aws.s3", ev))
    ev = copy.deepcopy(public)
    ev["detail"]["eventSource"] = "ebs.amazonaws.com"
    misses.append(("eventSource", ev))
    ev = copy.deepcopy(public)
    ev["detail-type"] = "AWS Service Event via CloudTrail"
    misses.append(("detail-type", ev))
    # Look-alike calls and values.
    for name in ("ResetSnapshotAttribute", "DescribeSnapshotAttribute", "CopySnapshot",
                 "GetSnapshotBlockPublicAccessState"):
        ev = copy.deepcopy(public)
        ev["detail"]["eventName"] = name
        misses.append((name, ev))
    ev = copy.deepcopy(public)
    ev["detail"]["requestParameters"]["createVolumePermission"]["add"]["items"] = [{"group": "All"}]
    misses.append(("group All", ev))
    # The permission's name in another place.
    ev = copy.deepcopy(public)
    ev["detail"]["responseElements"] = {"createVolumePermission": {"add": {"items": [{"group": "all"}]}}}
    ev["detail"]["requestParameters"] = {"snapshotId": "snap-0a1b2c3d4e5f60718"}
    misses.append(("only in responseElements", ev))
    for why, ev in misses:
        assert not ruler_matches(p, ev), why
    # ... while what they were made from matches.
    assert ruler_matches(p, public)


def test_the_exposure_function_knows_the_trusted_and_organisation_accounts():
    params = with_params(TrustedAccountIds="444455556666,o-exampleorgx", OrganizationAccountIds="222233334444")
    env = environment("PublicExposureFunction", params)
    assert env["TRUSTED_ACCOUNT_IDS"] == "444455556666,o-exampleorgx"
    assert env["ORGANIZATION_ACCOUNT_IDS"] == "222233334444"


# --- infra/cloudtrail-management-trail.yaml ----------------------------------

def load_management_trail():
    tpl, matches = decode(os.path.join(ROOT, "infra", "cloudtrail-management-trail.yaml"))
    assert not matches, matches
    return tpl


def test_the_management_trail_logs_every_regions_write_events_and_nothing_else():
    trail = load_management_trail()["Resources"]["Trail"]["Properties"]
    assert trail["IsLogging"] is True
    assert trail["IsMultiRegionTrail"] is True
    selectors = trail["AdvancedEventSelectors"]
    assert len(selectors) == 1
    fields = {f["Field"]: f for f in selectors[0]["FieldSelectors"]}
    assert fields["eventCategory"] == {"Field": "eventCategory", "Equals": ["Management"]}
    assert fields["readOnly"] == {"Field": "readOnly", "Equals": ["false"]}
    assert set(fields) == {"eventCategory", "readOnly"}
    assert "EventSelectors" not in trail


def test_every_event_the_exposure_rule_forwards_is_one_the_management_trail_logs():
    p = pattern("PublicExposureRule")
    for name, ev in fixtures("public-exposure"):
        if ruler_matches(p, ev):
            d = ev["detail"]
            assert d["eventCategory"] == "Management" and d["managementEvent"] is True, name
            assert d["readOnly"] is False, name


def test_readme_says_the_exposure_rule_needs_a_trail():
    readme = open(os.path.join(ROOT, "README.md")).read()
    deploy = readme[readme.index("<!-- deploy:start -->"):readme.index("<!-- deploy:end -->")]
    assert "infra/cloudtrail-management-trail.yaml" in deploy
    assert "first copy of management events" in deploy


# --- infra/cloudtrail-env-trail.yaml: which events the trail logs -----------

def load_trail():
    tpl, matches = decode(os.path.join(ROOT, "infra", "cloudtrail-env-trail.yaml"))
    assert not matches, matches
    return tpl


TRAIL_SELECTORS = load_trail()["Resources"]["Trail"]["Properties"]["AdvancedEventSelectors"]


def field_matches(selector, value):
    """One advanced field selector against one value, as CloudTrail evaluates
    it: case-sensitive, no wildcards; positive operators OR, negative ones AND."""
    if value is None:
        return False
    pos = [("Equals", lambda v, x: v == x), ("StartsWith", str.startswith), ("EndsWith", str.endswith)]
    neg = [("NotEquals", lambda v, x: v == x), ("NotStartsWith", str.startswith), ("NotEndsWith", str.endswith)]
    if any(op in selector for op, _ in pos):
        if not any(f(value, x) for op, f in pos for x in selector.get(op, [])):
            return False
    return not any(f(value, x) for op, f in neg for x in selector.get(op, []))


def trail_logs(ev):
    """True when an advanced event selector of the trail selects this event.
    resources.type and resources.ARN must hold for one and the same resource
    of the record (an event with several objects, such as a copy, is selected
    when one of them matches)."""
    d = ev["detail"]
    fields = {"eventCategory": d.get("eventCategory"), "eventName": d.get("eventName"),
              "readOnly": str(d.get("readOnly")).lower() if "readOnly" in d else None}
    for sel in TRAIL_SELECTORS:
        plain = [f for f in sel["FieldSelectors"] if not f["Field"].startswith("resources.")]
        res = [f for f in sel["FieldSelectors"] if f["Field"].startswith("resources.")]
        if not all(field_matches(f, fields.get(f["Field"])) for f in plain):
            continue
        if any(all(field_matches(f, r.get(f["Field"].split(".", 1)[1])) for f in res) for r in d.get("resources", [])):
            return True
    return False


# What the trail can and cannot log: selectors are case-sensitive and have no
# wildcards, so it logs a fixed list of endings (see the comment in the trail
# template and README's deploy section, which must say the same).
TRAIL_LOGGED = [
    ".env", "app/.env", "prod.env", ".ENV", "deploy/.ENV", "app/.Env", "backups/PROD.ENV",
    ".env.local", ".env.production", ".env.production.local", ".env.development.local",
    "web/.env.prod", ".env.prd", ".env.staging", ".env.development", ".env.dev", ".env.test",
    ".env.test.local", ".env.qa", ".env.uat", ".env.bak", ".env.backup", ".env.old",
]
TRAIL_NOT_LOGGED = [
    "app/.eNv", ".ENV.production", "config/.Env.local", ".env.sandbox", ".env.production.bak",
    ".env.example", "envelope.png", ".environment", ".envrc",
]


def test_trail_logs_the_listed_env_names_and_its_stated_limits_hold():
    base = dict(fixtures("env-file"))["read-by-iam-user-foreign-ip.json"]
    for key in TRAIL_LOGGED:
        assert trail_logs(with_key(base, key)), key
    for key in TRAIL_NOT_LOGGED:
        assert not trail_logs(with_key(base, key)), f"{key} is logged: update the stated limits"
    put = copy.deepcopy(base)
    put["detail"]["eventName"] = "PutObject"
    assert not trail_logs(put)


def test_trail_logs_copies_by_their_env_source_object():
    base = dict(fixtures("env-file"))["copy-object-env-to-other-account.json"]
    for name in ("CopyObject", "UploadPartCopy"):
        ev = copy.deepcopy(base)
        ev["detail"]["eventName"] = name
        assert trail_logs(ev), name
    # Only the destination object is a logged name: the trail logs it (the
    # function then skips it, as the source is not a .env file).
    onto = dict(fixtures("env-file"))["skip-copy-onto-env-name.json"]
    assert trail_logs(onto)
    other = copy.deepcopy(base)
    other["detail"]["resources"] = [r for r in other["detail"]["resources"] if not r["ARN"].endswith(".env")]
    assert not trail_logs(other)


def test_trail_logs_every_fixture_event_the_rule_matches():
    rule = pattern("EnvFileAccessRule")
    for name, ev in fixtures("env-file"):
        if name.startswith("error-") or name.startswith("skip-"):
            continue
        assert rule.matches_event(ev), name
        assert trail_logs(ev), f"{name}: the trail would not log it, so EventBridge never sees it"


def test_readme_states_what_the_trail_does_not_log():
    readme = open(os.path.join(ROOT, "README.md")).read()
    trail = open(os.path.join(ROOT, "infra", "cloudtrail-env-trail.yaml")).read()
    for text in (readme, trail):
        for example in ("`.eNv`", "`.env.sandbox`"):
            assert example in text


def readme_section(heading):
    text = open(os.path.join(ROOT, "README.md")).read()
    start = text.index(heading + "\n")
    end = text.find("\n#", start + len(heading))
    return text[start:end if end != -1 else None]


def test_readme_documents_every_parameter_with_its_default():
    rows = {}
    for line in readme_section("### Parameters").splitlines():
        m = re.match(r"\| `([A-Za-z0-9]+)` \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    assert set(rows) == set(TPL["Parameters"]), set(rows) ^ set(TPL["Parameters"])
    for name, spec in TPL["Parameters"].items():
        default = str(spec.get("Default", ""))
        assert rows[name] == ("(empty)" if default == "" else f"`{default}`"), name


def test_readme_documents_every_variable_the_stack_sets():
    config = readme_section("## Configuration (environment of each function)")
    params = with_params(**APP, SlackButtons="true")
    variables = set()
    for fn in FUNCTIONS:
        variables |= set(environment(fn, params))
    for var in sorted(variables):
        assert f"`{var}`" in config, var


def test_readme_keeps_its_markers_and_leaves_room_for_reminders_and_cost():
    readme = open(os.path.join(ROOT, "README.md")).read()
    for marker in ("deploy", "reminders", "cost"):
        start, end = readme.find(f"<!-- {marker}:start -->"), readme.find(f"<!-- {marker}:end -->")
        assert 0 <= start < end, marker
    deploy = readme[readme.index("<!-- deploy:start -->"):readme.index("<!-- deploy:end -->")]
    assert "<!-- cost:start -->" in deploy
    for heading in ("### Slack app: webhook or app mode", "### Primary and backup Region", "### Parameters"):
        assert heading in deploy, heading


SHARED = os.path.join(ROOT, "..", "shared", "fixtures")


@pytest.mark.skipif(not os.path.isdir(SHARED), reason="../shared/fixtures only exists beside the repo in CI")
def test_rules_match_the_published_aws_samples():
    health = pattern("HealthRule")
    for f in ["awsdocs-abuse-dos-report.json", "awsdocs-abuse-copyright-dmca-report.json", "aws-samples-risk-credentials-exposed.json"]:
        assert health.matches_event(json.load(open(os.path.join(SHARED, "health", f)))), f
    ec2 = json.load(open(os.path.join(SHARED, "health", "awsdocs-health-event-ec2-account-specific.json")))
    assert not health.matches_event(ec2)
    ses = pattern("SesReputationRule")
    cost = pattern("CostAnomalyRule")
    for f in glob.glob(os.path.join(SHARED, "cloudwatch_alarm", "awsdocs-*.json")):
        assert not ses.matches_event(json.load(open(f))), f
        # A CloudWatch anomaly detection alarm is not a cost anomaly.
        assert not cost.matches_event(json.load(open(f))), f
    support = pattern("SupportCaseRule")
    for f in glob.glob(os.path.join(SHARED, "support", "*.json")):
        assert support.matches_event(json.load(open(f))), f
    # The CloudTrail records Stratus Red Team captured, one in each
    # EventBridge event as it delivers them: shares with one account.
    exposure_rule = pattern("PublicExposureRule")
    for f in sorted(glob.glob(os.path.join(SHARED, "cloudtrail_ec2_rds", "*.json"))):
        for record in json.load(open(f)):
            ev = {"version": "0", "id": "x", "detail-type": "AWS API Call via CloudTrail",
                  "source": "aws." + record["eventSource"].split(".")[0], "account": record["recipientAccountId"],
                  "time": record["eventTime"], "region": record["awsRegion"], "resources": [], "detail": record}
            assert ruler_matches(exposure_rule, ev), f


def test_slack_actions_may_invoke_itself_only_and_its_queued_lists_are_not_retried():
    """A long /respondby open list is posted by an asynchronous invocation
    of the Slack actions function itself (open_list.rs): its role may call
    lambda:InvokeFunction on its own ARN only, and no other function's on
    anything; the queued invocation is not retried (a retry would post the
    list's messages again; a response_url takes 5) nor kept past the
    response_url's 30 minutes."""
    params = with_params(SlackButtons="true", SlackMode="app", SlackChannel=CHANNEL)
    for fn in FUNCTIONS:
        invokes = {(a, r) for a, r in grants(fn, params) if a.startswith("lambda:") or a == "*"}
        want = {("lambda:InvokeFunction", "SlackActionsFunction.Arn")} if fn == "SlackActionsFunction" else set()
        assert invokes == want, (fn, invokes)
    pol = RES["SlackActionsSelfInvokePolicy"]
    assert pol["Condition"] == "HasButtons"
    assert pol["Properties"]["Roles"] == [{"Ref": "SlackActionsFunctionRole"}]
    assert pol["Properties"]["PolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["SlackActionsFunction", "Arn"]}}]
    # The role SAM makes is the function's own, and the function does not
    # wait on this policy (no circular reference: cfn-lint checks the rest).
    t = sam_transformed()["Resources"]
    assert t["SlackActionsFunction"]["Properties"]["Role"] == {"Fn::GetAtt": ["SlackActionsFunctionRole", "Arn"]}
    assert "SlackActionsSelfInvokePolicy" not in str(t["SlackActionsFunction"].get("DependsOn", ""))
    configs = [r["Properties"] for r in t.values() if r["Type"] == "AWS::Lambda::EventInvokeConfig"
               and r["Properties"]["FunctionName"] == {"Ref": "SlackActionsFunction"}]
    assert len(configs) == 1, configs
    assert configs[0]["MaximumRetryAttempts"] == 0
    assert configs[0]["MaximumEventAgeInSeconds"] == 1800
    # The function finds itself by AWS_LAMBDA_FUNCTION_NAME (set by Lambda):
    # nothing to configure.
    env = environment("SlackActionsFunction", params)
    assert "AWS_LAMBDA_FUNCTION_NAME" not in env
