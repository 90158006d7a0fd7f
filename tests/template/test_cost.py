"""infra/cost.py: the monthly cost of a hub and its spokes, computed from
the templates' own schedules and list prices, and README's table of it."""

import importlib.util
import os
import re

import pytest
from cfnlint.decode import decode

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def module():
    spec = importlib.util.spec_from_file_location("cost", os.path.join(ROOT, "infra", "cost.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


cost = module()
FACTS = cost.template_facts()


def load(path):
    tpl, matches = decode(os.path.join(ROOT, path))
    assert not matches, matches
    return tpl


def rate_minutes(expr):
    m = re.fullmatch(r"rate\((\d+) minutes\)", expr)
    assert m, expr
    return int(m.group(1))


def test_the_inputs_are_the_templates_own_schedules():
    hub, spoke = load("template.yaml"), load("infra/spoke.yaml")
    assert FACTS["heartbeat_minutes"] == spoke["Parameters"]["HeartbeatMinutes"]["Default"]
    assert spoke["Resources"]["HeartbeatSchedule"]["Properties"]["ScheduleExpression"] == \
        {"Fn::Sub": "rate(${HeartbeatMinutes} minutes)"}
    assert FACTS["check_minutes"] == rate_minutes(hub["Resources"]["HeartbeatCheckSchedule"]["Properties"]["ScheduleExpression"])
    sweep = hub["Resources"]["RemindersFunction"]["Properties"]["Events"]["Sweep"]["Properties"]["ScheduleExpression"]
    assert FACTS["sweep_minutes"] == rate_minutes(sweep)
    assert FACTS["memory_mb"] == hub["Globals"]["Function"]["MemorySize"]
    assert hub["Globals"]["Function"]["Architectures"] == ["arm64"]


def row(costs, start):
    (c,) = [c for part, _, c in costs["rows"] if part.startswith(start)]
    return c


def test_the_heartbeat_bill_adds_up_and_each_side_pays_its_part():
    c = cost.heartbeat_costs(100, 17, 60, FACTS)
    assert c["spokes"] == 1700 and c["heartbeats"] == 1700 * 730
    p = cost.PRICES
    # Two custom events per heartbeat, paid by the spoke accounts; the
    # spoke in the hub's own Region forwards nothing.
    assert row(c, "EventBridge: the heartbeat put") == pytest.approx(1700 * 730 * p["custom_event"])
    assert row(c, "EventBridge: the heartbeat forwarded") == pytest.approx(1699 * 730 * p["custom_event"])
    assert row(c, "Scheduler") == 0, "17 x 730 invocations a month per account are inside the free 14 million"
    assert row(c, "Lambda: one invocation") == pytest.approx(1700 * 730 * p["lambda_request"])
    # One write unit per heartbeat: an item under 1 KB in a table without
    # an index (the spoke table).
    assert row(c, "DynamoDB") == pytest.approx(1700 * 730 * 1 * p["dynamodb_wru"])
    assert {who for _, who, _ in c["rows"]} == {"spoke accounts", "hub"}
    assert [who for part, who, _ in c["rows"] if part.startswith(("Scheduler", "EventBridge"))] == ["spoke accounts"] * 3
    assert cost.total(c) == pytest.approx(cost.total(c, "spoke accounts") + cost.total(c, "hub"))
    # Twice the interval, half the heartbeats' bill (the silence check stays).
    c120 = cost.heartbeat_costs(100, 17, 120, FACTS)
    check = row(c, "Silence check")
    assert row(c120, "Silence check") == check
    assert cost.total(c120) - check == pytest.approx((cost.total(c) - check) / 2)
    # One more write unit per heartbeat is one more unit's price.
    c2 = cost.heartbeat_costs(100, 17, 60, FACTS, wru=2)
    assert cost.total(c2) - cost.total(c) == pytest.approx(1700 * 730 * p["dynamodb_wru"])


def test_the_spoke_table_is_written_with_one_unit_and_the_check_reads_every_spoke():
    hub = load("template.yaml")
    table = hub["Resources"]["SpokeTable"]["Properties"]
    # No index: a heartbeat's write is the item's alone (1 unit under 1 KB).
    assert "GlobalSecondaryIndexes" not in table and "LocalSecondaryIndexes" not in table
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert cost.WRU_PER_HEARTBEAT == 1 and cost.SPOKE_ITEM_BYTES < 1024
    # The check: every spoke's item, eventually consistent, 0.5 unit per
    # 4 KB started, per page of at most 1 MB.
    assert cost.check_read_units(0) == 0.5
    assert cost.check_read_units(1700) == pytest.approx(0.5 * -(-1700 * cost.SPOKE_ITEM_BYTES // 4096))
    per_page = 0.5 * (1024 * 1024 // 4096)
    assert cost.check_read_units(10_000) == pytest.approx(
        2 * per_page + 0.5 * -(-(10_000 * cost.SPOKE_ITEM_BYTES - 2 * 1024 * 1024) // 4096))
    c = cost.heartbeat_costs(100, 17, 60, FACTS)
    checks = 730 * 60 / FACTS["check_minutes"]
    assert row(c, "Silence check") > checks * cost.check_read_units(1700) * cost.PRICES["dynamodb_rru"]
    # At the defaults the hub's part is within the budget; the spokes' two
    # custom events are over it by themselves.
    assert cost.total(c, "hub") < cost.BUDGET < cost.total(c, "spoke accounts")


def test_the_shortest_interval_within_the_budget_is_within_it_and_a_quarter_hour_less_is_not():
    m = cost.minutes_within_budget(FACTS)
    assert cost.total(cost.heartbeat_costs(100, 17, m, FACTS)) < cost.BUDGET
    assert cost.total(cost.heartbeat_costs(100, 17, m - 15, FACTS)) >= cost.BUDGET


def test_readme_shows_what_the_script_computes():
    readme = open(os.path.join(ROOT, "README.md")).read()
    start, end = "<!-- hub-cost:start -->\n", "\n<!-- hub-cost:end -->"
    assert start in readme and end in readme
    block = readme[readme.index(start) + len(start):readme.index(end)]
    assert block == cost.markdown(FACTS), "run python3 infra/cost.py and paste its output into README"
    section = readme[readme.index("<!-- cost:start -->"):readme.index("<!-- cost:end -->")]
    assert start in section, "the hub's table belongs in 'What it costs'"
