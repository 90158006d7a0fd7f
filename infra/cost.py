#!/usr/bin/env python3
"""What a Respond By hub and its spokes cost a month, computed from the
templates' own schedules and AWS's list prices (us-east-1).

    python3 infra/cost.py                        # README's tables
    python3 infra/cost.py --accounts 50 --regions 17 --heartbeat-minutes 120

Read from the templates: the spokes' heartbeat interval (the default of
HeartbeatMinutes in infra/spoke.yaml, whose schedule is rate(HeartbeatMinutes
minutes)), the hub's silence check and reminders sweep (rate(5 minutes) in
template.yaml), and the functions' memory and architecture (Globals).

Who pays what (EventBridge pricing page; EventBridge User Guide, "Sending
and receiving events between event buses": "Events sent from one event bus
to another are charged as custom events"):
- each spoke account: the Scheduler invocation (free below 14 million a
  month per account), the heartbeat put on its default bus (a custom event)
  and the same event forwarded to the hub bus (a custom event again, paid
  by the sender; the receiving hub pays nothing for it). The spoke in the
  hub's own account and Region forwards nothing (the hub's rules read that
  bus).
- the hub account: one Lambda invocation per heartbeat and its duration,
  one conditional write per heartbeat, and the silence check every five
  minutes.

A heartbeat's conditional write costs 1 write request unit: the spoke's
item (about 300 bytes, < 1 KB) is in the spoke table (template.yaml's
SpokeTable), which has no index ("one write request unit represents one
write for an item up to 1 KB in size", DynamoDB Developer Guide, "Read and
write capacity units"). An item on an index whose key each heartbeat moves
would cost 3: "if an update to the table changes the value of an indexed
key attribute, two writes are required" ("Global secondary indexes").
--wru-per-heartbeat models another design.

The silence check Queries the spoke table's one partition: every spoke,
eventually consistent, "0.5 read request unit per 4 KB" of the items read
together (a Query's items are summed, then rounded up to 4 KB).

Python's standard library only.
"""

import argparse
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

# List prices, us-east-1, USD (AWS pricing pages, read December 2026; the
# DynamoDB on-demand rates are those since the November 2024 reduction).
PRICES = {
    # EventBridge: custom events, per 64 KB chunk; a heartbeat is < 1 KB.
    "custom_event": 1.00 / 1e6,
    # EventBridge Scheduler: per invocation after 14 million free a month.
    "scheduler_invocation": 1.00 / 1e6,
    "scheduler_free_per_account": 14_000_000,
    # Lambda: per request, per GB-second on arm64.
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second_arm64": 0.0000133334,
    # DynamoDB on demand: per write / read request unit.
    "dynamodb_wru": 0.625 / 1e6,
    "dynamodb_rru": 0.125 / 1e6,
    # CloudWatch: a standard alarm a month (the first 10 of an account free).
    "alarm": 0.10,
    # Secrets Manager: a secret a month.
    "secret": 0.40,
}

HOURS_PER_MONTH = 730  # AWS's pricing pages count a month as 730 hours.
# Billed duration assumed for one heartbeat: one conditional write to
# DynamoDB in the same Region and a few microseconds of our code (the
# budget is < 1 ms warm against the stand-in). Lambda bills by the
# millisecond; 10 ms leaves room for a slow round trip.
HEARTBEAT_MS = 10
# The silence check: a Query of every spoke (items of SPOKE_ITEM_BYTES,
# summed, 0.5 read unit per 4 KB started, at most 1 MB a page), and
# CHECK_MS plus CHECK_MS_PER_SPOKE for each spoke read and decided
# (an estimate: 1,700 spokes are ~0.5 MB to receive and parse).
CHECK_MS = 10
CHECK_MS_PER_SPOKE = 0.01
SPOKE_ITEM_BYTES = 300
WRU_PER_HEARTBEAT = 1


def read(path):
    return open(os.path.join(ROOT, path), encoding="utf-8").read()


def template_facts():
    """The numbers the templates fix, read from their text (the standard
    library has no YAML; each is found by a pattern that fails loudly)."""
    spoke, hub = read("infra/spoke.yaml"), read("template.yaml")

    def one(pattern, text, what):
        m = re.findall(pattern, text, re.M)
        if len(m) != 1:
            sys.exit(f"cost.py: cannot read {what} from the templates ({len(m)} matches)")
        return m[0]

    minutes = int(one(r"^  HeartbeatMinutes:\n    Type: Number\n    Default: (\d+)\n", spoke,
                      "infra/spoke.yaml HeartbeatMinutes' default"))
    one(r'ScheduleExpression: (!Sub "rate\(\$\{HeartbeatMinutes\} minutes\)")', spoke,
        "the spoke's heartbeat schedule")
    check = int(one(r"^  HeartbeatCheckSchedule:\n(?:    .*\n|      .*\n)*?      ScheduleExpression: rate\((\d+) minutes\)",
                    hub, "HeartbeatCheckSchedule's rate"))
    sweep = int(one(r"^            ScheduleExpression: rate\((\d+) minutes\)\n            Input: '\{\"source\":\"respondby.sweep\"\}'",
                    hub, "the reminders sweep's rate"))
    memory = int(one(r"^Globals:\n  Function:\n(?:    .*\n)*?    MemorySize: (\d+)\n", hub, "Globals MemorySize"))
    arch = one(r"^Globals:\n  Function:\n(?:    .*\n)*?    Architectures: \[(\w+)\]\n", hub, "Globals Architectures")
    if arch != "arm64":
        sys.exit(f"cost.py: the functions are {arch}; the prices here are arm64's")
    return {"heartbeat_minutes": minutes, "check_minutes": check, "sweep_minutes": sweep, "memory_mb": memory}


def heartbeat_costs(accounts, regions, minutes, facts, wru=WRU_PER_HEARTBEAT, heartbeat_ms=HEARTBEAT_MS):
    """[(part, who pays, monthly USD)] of the heartbeats of accounts x regions
    spokes, one hub. The hub's account has a spoke in its own Region too."""
    p = PRICES
    spokes = accounts * regions
    per_spoke = HOURS_PER_MONTH * 60 / minutes
    beats = spokes * per_spoke
    forwarded = (spokes - 1) * per_spoke
    gb = facts["memory_mb"] / 1024
    scheduler_per_account = regions * per_spoke
    scheduler = accounts * max(0.0, scheduler_per_account - p["scheduler_free_per_account"]) * p["scheduler_invocation"]
    checks = HOURS_PER_MONTH * 60 / facts["check_minutes"]
    rru = check_read_units(spokes)
    check_ms = CHECK_MS + CHECK_MS_PER_SPOKE * spokes
    rows = [
        ("Scheduler: one invocation per heartbeat (14 million free a month per account)", "spoke accounts", scheduler),
        ("EventBridge: the heartbeat put on the spoke's default bus (a custom event)", "spoke accounts",
         beats * p["custom_event"]),
        ("EventBridge: the heartbeat forwarded to the hub bus (a custom event, paid by the sender)", "spoke accounts",
         forwarded * p["custom_event"]),
        ("Lambda: one invocation per heartbeat", "hub", beats * p["lambda_request"]),
        (f"Lambda: {heartbeat_ms} ms per heartbeat at {facts['memory_mb']} MB, arm64", "hub",
         beats * heartbeat_ms / 1000 * gb * p["lambda_gb_second_arm64"]),
        (f"DynamoDB: one conditional write per heartbeat, {wru:g} write unit{'s' if wru != 1 else ''} "
         "(an item under 1 KB, no index)", "hub", beats * wru * p["dynamodb_wru"]),
        (f"Silence check every {facts['check_minutes']} minutes: Lambda ({CHECK_MS:g} ms + {CHECK_MS_PER_SPOKE:g} ms a "
         f"spoke) and a Query of every spoke (~{SPOKE_ITEM_BYTES} bytes each, 0.5 read unit per 4 KB; Scheduler free)", "hub",
         checks * (p["lambda_request"] + check_ms / 1000 * gb * p["lambda_gb_second_arm64"] + rru * p["dynamodb_rru"])),
    ]
    return {"spokes": spokes, "heartbeats": beats, "rows": rows}


def check_read_units(spokes):
    """Read units of one silence check: every spoke's item, eventually
    consistent, 0.5 unit per 4 KB started, per Query page of at most 1 MB
    (at least one page, however empty)."""
    size = spokes * SPOKE_ITEM_BYTES
    page = 1024 * 1024
    pages = max(1, -(-size // page))
    units = 0.0
    for i in range(pages):
        in_page = min(page, size - i * page) if size else 0
        units += max(1, -(-in_page // 4096)) * 0.5
    return units


def total(costs, who=None):
    return sum(c for _, w, c in costs["rows"] if who is None or w == who)


def money(x):
    if x == 0:
        return "$0.00"
    if x < 0.01:
        return "< $0.01"
    return f"${x:,.2f}"


SCENARIOS = [(1, 17), (100, 17)]
BUDGET_SPOKES, BUDGET = 1700, 2.00


def minutes_within_budget(facts, wru=WRU_PER_HEARTBEAT):
    """The shortest heartbeat interval, in quarter hours, whose heartbeats
    cost less than the budget for 1,700 spokes."""
    m = 15
    while total(heartbeat_costs(BUDGET_SPOKES // 17, 17, m, facts, wru)) >= BUDGET:
        m += 15
    return m


def markdown(facts, minutes=None, wru=WRU_PER_HEARTBEAT, heartbeat_ms=HEARTBEAT_MS):
    minutes = minutes or facts["heartbeat_minutes"]
    runs = [heartbeat_costs(a, r, minutes, facts, wru, heartbeat_ms) for a, r in SCENARIOS]
    head = " | ".join(f"{a} account{'s' if a > 1 else ''} × {r} Regions ({a * r:,} spokes)" for a, r in SCENARIOS)
    out = [f"Heartbeats every {minutes} minutes (`HeartbeatMinutes`), a month of {HOURS_PER_MONTH} hours, us-east-1 list prices:",
           "",
           f"| part | who pays | {head} |",
           "|---|---|" + "---|" * len(SCENARIOS),
           "| heartbeats a month | | " + " | ".join(f"{c['heartbeats']:,.0f}" for c in runs) + " |"]
    for i, (part, who, _) in enumerate(runs[0]["rows"]):
        out.append(f"| {part} | {who} | " + " | ".join(money(c["rows"][i][2]) for c in runs) + " |")
    out.append("| **all spoke accounts together** | spoke accounts | " +
               " | ".join(f"**{money(total(c, 'spoke accounts'))}**" for c in runs) + " |")
    out.append("| **the hub** | hub | " + " | ".join(f"**{money(total(c, 'hub'))}**" for c in runs) + " |")
    out.append("| **heartbeats in all** | | " + " | ".join(f"**{money(total(c))}**" for c in runs) + " |")
    big = runs[-1]
    within = minutes_within_budget(facts, wru)
    over = total(big) >= BUDGET
    at_within = heartbeat_costs(BUDGET_SPOKES // 17, 17, within, facts, wru)
    out += ["",
            f"Budget: heartbeats under ${BUDGET:.2f} a month for {BUDGET_SPOKES:,} spokes. At {minutes} minutes the hub pays "
            f"{money(total(big, 'hub'))} (DynamoDB {money(big['rows'][5][2])} of it: 1 write unit per heartbeat; the "
            f"silence check {money(big['rows'][6][2])}), "
            f"{'within' if total(big, 'hub') < BUDGET else 'over'} the budget by itself. But the spokes' own two custom "
            f"events per heartbeat, paid by the spoke accounts, are {money(total(big, 'spoke accounts'))} by themselves "
            f"({money(total(big, 'spoke accounts') / (BUDGET_SPOKES // 17))} per account of 17 spokes), so heartbeats in "
            f"all cost {money(total(big))}: {'**over the budget**' if over else 'within it'} at the defaults "
            f"(HeartbeatMinutes {minutes}, SpokeSilenceMinutes 150, as issue 19 names them). "
            f"`HeartbeatMinutes={within}` with `SpokeSilenceMinutes={2 * within}` or more (twice the interval, the "
            f"least the function accepts) is the shortest interval that brings the total within the budget: "
            f"{money(total(at_within))} ({money(total(at_within, 'spoke accounts'))} spoke accounts, "
            f"{money(total(at_within, 'hub'))} hub); a silent spoke is then alerted after {2 * within // 60} hours "
            f"instead of {150 / 60:g}."]
    out[-1] += (" Batching the hub's writes (issue 19 suggests it, e.g. through SQS) cannot close the gap: DynamoDB "
                "charges every item written, batched or not, and BatchWriteItem \"cannot update items\" nor check a "
                "condition, so a late heartbeat could overwrite a newer one; a queue in between adds SQS's $0.40 a "
                "million requests to the hub's side. The two events in the spoke accounts are the floor of a "
                "heartbeat that travels the spoke's own forwarding path, which is what it exists to prove. "
                "The defaults stay as issue 19 names them (a silent Region known within 2.5 hours); the knob is "
                "`HeartbeatMinutes` in both templates.")
    if wru == 1:
        three = heartbeat_costs(BUDGET_SPOKES // 17, 17, minutes, facts, 3)
        out[-1] += (f" (Written on an index whose key each heartbeat moves, 3 write units, the hub's part would be "
                    f"{money(total(three, 'hub'))}.)")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accounts", type=int)
    ap.add_argument("--regions", type=int, default=17)
    ap.add_argument("--heartbeat-minutes", type=int, help="default: infra/spoke.yaml's HeartbeatMinutes")
    ap.add_argument("--wru-per-heartbeat", type=float, default=WRU_PER_HEARTBEAT)
    ap.add_argument("--heartbeat-ms", type=float, default=HEARTBEAT_MS)
    args = ap.parse_args(argv)
    facts = template_facts()
    if args.accounts is None:
        print(markdown(facts, args.heartbeat_minutes, args.wru_per_heartbeat, args.heartbeat_ms))
        return 0
    minutes = args.heartbeat_minutes or facts["heartbeat_minutes"]
    c = heartbeat_costs(args.accounts, args.regions, minutes, facts, args.wru_per_heartbeat, args.heartbeat_ms)
    print(f"{c['spokes']:,} spokes, heartbeats every {minutes} minutes: {c['heartbeats']:,.0f} a month")
    for part, who, cost in c["rows"]:
        print(f"  {money(cost):>9}  {who:<14} {part}")
    print(f"  {money(total(c)):>9}  in all ({money(total(c, 'spoke accounts'))} spoke accounts, {money(total(c, 'hub'))} hub)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
