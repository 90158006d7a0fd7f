//! The mining incident end to end (issue 20): an account taken over runs
//! miners in a Region the team never uses. Every signal AWS sends about it
//! goes through its function's binary (the Lambda Runtime API stand-in, one
//! local Slack, one local DynamoDB state table, the AWS stand-ins), in the
//! account 111122223333 with the hub in us-east-1:
//!
//! - Health `AWS_RISK_CREDENTIALS_COMPROMISED`, naming the Support case;
//! - AWS opening that Support case and writing to it (twice);
//! - GuardDuty `CryptoCurrency:EC2/BitcoinTool.B!DNS` from ap-south-1, on
//!   two instances, each finding repeated;
//! - a cost anomaly whose root cause is EC2 in ap-south-1.
//!
//! Then the scheduled sweep runs on a simulated clock (every five minutes
//! for a day and a half, in-process against the same table and Slack),
//! and each alert is answered with a signed click through the Slack
//! actions binary: after that, its reminders stop.
//!
//! The event times are the fixtures' moved to just before now, so the
//! deadlines the functions compute are live ones.

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{DateTime, Duration, DurationRound, Utc};
use respondby_core::plan::ReminderPlan;
use respondby_core::slack::api::{api_base, AppClient, BotToken, Channels};
use respondby_core::slack::deliver::{http_client, Hosts};
use respondby_core::slack::render::RenderOptions;
use respondby_core::slack::{Mentions, RetryPolicy};
use respondby_core::store::{DynamoStore, StateStore};
use respondby_core::tracked::{Phase, Tracked};
use respondby_reminders::{sweep, Sweep};
use respondby_testkit::{
    fixture, function_url_event, interaction_request, unix_now, AwsStub, DynamoStub,
    FunctionProcess, Invocation, Outcome, RuntimeApi, SlackApiStub,
};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

const ACTIONS: &str = env!("CARGO_BIN_EXE_respondby-slack-actions");
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);
const TOKEN: &str = "xoxb-111-222-respondbytesttoken";
const SIGNING: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL: &str = "C0ALERTS";
const PAGER: &str = "C0PAGER";
const TABLE: &str = "respondby-state";
const CASE: &str = "178120556800417";

/// A function binary of another package of the workspace, built beside
/// this test (`cargo test --workspace` builds every binary before any test
/// runs). Missing or older than its sources, the test stops and says how
/// to build it, rather than run an old binary.
fn sibling(bin: &str, package_dir: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps")
        .join(bin);
    let how = "build the function binaries first: cargo test --workspace --no-run";
    let built = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}; {how}", path.display()));
    let functions = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in [package_dir, "core"] {
        let newest = newest_file(&functions.join(dir).join("src"));
        assert!(
            newest <= built,
            "{} is older than functions/{dir}/src; {how}",
            path.display()
        );
    }
    path
}

fn newest_file(dir: &std::path::Path) -> std::time::SystemTime {
    let mut newest = std::time::SystemTime::UNIX_EPOCH;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let entry = entry.unwrap();
        let t = if entry.file_type().unwrap().is_dir() {
            newest_file(&entry.path())
        } else {
            entry.metadata().unwrap().modified().unwrap()
        };
        newest = newest.max(t);
    }
    newest
}

/// Every time in `v` (RFC 3339, or Health's RFC 1123) moved by `by`.
fn shifted(v: &Value, by: Duration) -> Value {
    match v {
        Value::String(s) => {
            if let Ok(t) = DateTime::parse_from_rfc3339(s) {
                let t = t.with_timezone(&Utc) + by;
                let fmt = if s.contains('.') {
                    "%Y-%m-%dT%H:%M:%S%.3fZ"
                } else {
                    "%Y-%m-%dT%H:%M:%SZ"
                };
                Value::String(t.format(fmt).to_string())
            } else if let Some(t) =
                respondby_core::time::parse_rfc1123(s).filter(|_| s.ends_with(" GMT"))
            {
                Value::String((t + by).format("%a, %d %b %Y %H:%M:%S GMT").to_string())
            } else {
                v.clone()
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| shifted(x, by)).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), shifted(x, by))).collect())
        }
        other => other.clone(),
    }
}

/// `fixture` with its envelope `time` moved to `at`, every other time by as much.
fn at(source: &str, name: &str, when: DateTime<Utc>) -> (Value, Duration) {
    let v = fixture(source, name);
    let time: DateTime<Utc> = v["time"].as_str().unwrap().parse().unwrap();
    let by = when - time;
    (shifted(&v, by), by)
}

fn action(i: &Invocation) -> String {
    match &i.outcome {
        Outcome::Response(r) => r["action"].as_str().unwrap_or("?").to_owned(),
        o => panic!("{o:?}"),
    }
}

async fn store(endpoint: &str) -> DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    DynamoStore::new(&sdk, TABLE)
}

/// The tracked cases in the table, by key.
fn case_keys(dynamo: &DynamoStub) -> Vec<String> {
    let mut keys: Vec<String> = dynamo
        .items()
        .iter()
        .filter_map(|i| {
            i["pk"]["S"]
                .as_str()?
                .strip_prefix("case#")
                .map(str::to_owned)
        })
        .collect();
    keys.sort();
    keys
}

/// Runs `events` through `bin` in app mode against the shared Slack and
/// table, with `extra` settings; returns what each invocation answered.
async fn run(
    bin: &PathBuf,
    slack: &SlackApiStub,
    dynamo: &DynamoStub,
    events: Vec<Value>,
    extra: &[(&str, &str)],
) -> Vec<String> {
    let n = events.len();
    let api = RuntimeApi::start(events).await;
    let (base, ddb) = (slack.base_url(), dynamo.endpoint());
    let mut env = vec![
        ("SLACK_MODE", "app"),
        ("SLACK_BOT_TOKEN", TOKEN),
        ("SLACK_CHANNEL", CHANNEL),
        ("SLACK_CHANNEL_CRITICAL", PAGER),
        ("SLACK_API_URL", base.as_str()),
        ("SLACK_BUTTONS", "true"),
        ("MENTION_CRITICAL", "here"),
        ("MENTION_HIGH", "here"),
        ("DEDUP_TABLE", TABLE),
        ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
    ];
    env.extend_from_slice(extra);
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let done = api.wait_for(n, WAIT).await;
    assert_eq!(done.len(), n, "{}", f.logs());
    done.iter()
        .map(|d| match &d.outcome {
            Outcome::Response(_) => action(d),
            o => panic!("{}: {o:?}\n{}", bin.display(), f.logs()),
        })
        .collect()
}

/// Top-level messages (not thread replies) in both channels, as posted.
fn pages(slack: &SlackApiStub) -> Vec<Value> {
    slack
        .requests_to("chat.postMessage")
        .into_iter()
        .filter(|r| r.body["thread_ts"].is_null())
        .map(|r| r.body)
        .collect()
}

fn text_of(v: &Value) -> String {
    v.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mining_incident_is_one_alert_per_signal_each_reminded_until_answered() {
    let health = sibling("respondby-health", "health");
    let support = sibling("respondby-support-case", "support-case");
    let guardduty = sibling("respondby-guardduty", "guardduty");
    let cost = sibling("respondby-cost-anomaly", "cost-anomaly");

    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel(CHANNEL, true);
    slack.add_channel(PAGER, true);
    let dynamo = DynamoStub::start().await;
    let t0 = Utc::now().duration_trunc(Duration::minutes(1)).unwrap();

    // 1. Health: the compromised-credentials RISK event, naming the case.
    let (risk, _) = at(
        "health",
        "risk-credentials-compromised-mining.json",
        t0 - Duration::minutes(50),
    );
    let (risk_update, _) = at(
        "health",
        "risk-credentials-compromised-mining.json",
        t0 - Duration::minutes(20),
    );
    let aws = AwsStub::builder()
        .health_error("SubscriptionRequiredException", "no Business support")
        .start()
        .await;
    let ep = aws.endpoint();
    let done = run(
        &health,
        &slack,
        &dynamo,
        vec![risk.clone(), risk, risk_update],
        &[("AWS_ENDPOINT_URL_HEALTH", ep.as_str())],
    )
    .await;
    assert_eq!(done[0], "notify", "{done:?}");
    assert!(done[1..].iter().all(|d| d != "notify"), "{done:?}");

    // 2. AWS opens the Support case and writes in it, twice.
    let (opened, by) = at("support", "aws-opens-case.json", t0 - Duration::minutes(45));
    let wrote = shifted(&fixture("support", "aws-writes-to-case.json"), by);
    let again = shifted(&fixture("support", "aws-writes-again.json"), by);
    let described = shifted(
        &fixture("support-api", "describe-cases-aws-opened-compromise.json")["cases"][0],
        by,
    );
    let aws = AwsStub::builder().support_case(described).start().await;
    let ep = aws.endpoint();
    let done = run(
        &support,
        &slack,
        &dynamo,
        vec![opened, wrote.clone(), wrote, again],
        &[("AWS_ENDPOINT_URL_SUPPORT", ep.as_str())],
    )
    .await;
    assert_eq!(done[0], "notify", "{done:?}");
    assert!(done[1..].iter().all(|d| d != "notify"), "{done:?}");

    // 3. GuardDuty in ap-south-1: two instances mining, each finding
    // repeated (GuardDuty updates a finding's count and sends it again).
    let (first, _) = at(
        "guardduty",
        "ec2-crypto-new-gpu-instance-mumbai.json",
        t0 - Duration::minutes(30),
    );
    let mut first_again = shifted(&first, Duration::minutes(6));
    first_again["id"] = "6b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a6c".into();
    first_again["detail"]["service"]["count"] = 402.into();
    first_again["detail"]["createdAt"] = first["detail"]["createdAt"].clone();
    first_again["detail"]["service"]["eventFirstSeen"] =
        first["detail"]["service"]["eventFirstSeen"].clone();
    first_again["detail"]["resource"] = first["detail"]["resource"].clone();
    let second = {
        let s = text_of(&shifted(&first, Duration::minutes(2)))
            .replace("i-0f1e2d3c4b5a69788", "i-0a9b8c7d6e5f40312")
            .replace(
                "9d8c7b6a5f4e3d2c1b0a998877665544",
                "7e6d5c4b3a2f1e0d9c8b776655443322",
            )
            .replace(
                "6b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
                "6b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a7d",
            )
            .replace("198.51.100.44", "198.51.100.45");
        serde_json::from_str::<Value>(&s).unwrap()
    };
    let mut second_again = shifted(&second, Duration::minutes(6));
    second_again["id"] = "6b1f0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a8e".into();
    second_again["detail"]["service"]["count"] = 377.into();
    second_again["detail"]["createdAt"] = second["detail"]["createdAt"].clone();
    second_again["detail"]["resource"] = second["detail"]["resource"].clone();
    assert_eq!(first["region"], "ap-south-1");
    let done = run(
        &guardduty,
        &slack,
        &dynamo,
        vec![first.clone(), second, first_again, second_again, first],
        &[],
    )
    .await;
    assert_eq!(done[0], "notify", "{done:?}");
    assert!(done[1..].iter().all(|d| d != "notify"), "{done:?}");

    // 4. The bill: EC2 in ap-south-1, sent again by Cost Anomaly Detection.
    let (anomaly, _) = at(
        "cost-anomaly",
        "ec2-mining-ap-south-1.json",
        t0 - Duration::minutes(10),
    );
    let mut anomaly_again = shifted(&anomaly, Duration::minutes(5));
    anomaly_again["id"] = "7c1e2f3a-9b8d-4e6f-a1b2-c3d4e5f60719".into();
    let done = run(&cost, &slack, &dynamo, vec![anomaly, anomaly_again], &[]).await;
    assert_eq!(done[0], "notify", "{done:?}");
    assert!(done[1..].iter().all(|d| d != "notify"), "{done:?}");

    // One page per signal, four cases tracked.
    let posted = pages(&slack);
    let heads: Vec<&str> = posted
        .iter()
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(posted.len(), 4, "{heads:#?}");
    let keys = case_keys(&dynamo);
    assert_eq!(keys.len(), 4, "{keys:#?}");
    let st = store(&dynamo.endpoint()).await;
    let mut cases: BTreeMap<&'static str, Tracked> = BTreeMap::new();
    for k in &keys {
        let c = st.load_case(k).await.unwrap().unwrap();
        let name = match c.alert.source.as_str() {
            "health" => "health",
            "support" => "support",
            "guardduty" => "guardduty",
            "cost-anomaly" => "cost",
            other => panic!("a case from {other}: {k}"),
        };
        assert!(
            cases.insert(name, c).is_none(),
            "two {name} cases: {keys:?}"
        );
    }
    let by_source = |name: &str| -> &Tracked { &cases[name] };
    // Each alert's message as it stands now (brought up to date in place).
    let page_of = |c: &Tracked| -> String {
        let m = c.message.as_ref().expect("posted, with its message");
        let m = slack.message(&m.channel, &m.ts).expect("in Slack");
        format!("{}\n{}", m.text, serde_json::to_string(&m.blocks).unwrap())
    };

    // Each with its deadline, never born overdue, and its reminders planned.
    for (name, c) in &cases {
        let due = c.respond_by.or(c.fix_by);
        assert!(due.is_some_and(|d| d > t0), "{name}: {due:?}");
        assert!(c.next_due.is_some(), "{name}: no reminder planned: {c:?}");
    }
    // The Health alert names the case AWS opened, and the case the RISK event.
    let risk_page = page_of(by_source("health"));
    assert!(risk_page.contains(CASE), "{risk_page}");
    let case_page = page_of(by_source("support"));
    assert!(case_page.contains(CASE), "{case_page}");
    // GuardDuty and the bill name Mumbai, and their links open ap-south-1.
    for name in ["guardduty", "cost"] {
        let page = page_of(by_source(name));
        assert!(page.contains("ap-south-1 (Mumbai)"), "{name}: {page}");
        assert!(
            page.contains("region=ap-south-1")
                || page.contains("ap-south-1.console.aws.amazon.com"),
            "{name}: no link into ap-south-1: {page}"
        );
        assert!(
            !page.contains("region=us-east-1") && !page.contains("us-east-1.console"),
            "{name}: a link into the hub's Region: {page}"
        );
    }
    let gd = page_of(by_source("guardduty"));
    assert!(gd.contains("i-0f1e2d3c4b5a69788"), "{gd}");

    // The simulated clock: the sweep every five minutes for 25 hours.
    let app = AppClient::new(
        http_client(),
        api_base(&slack.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse(TOKEN).unwrap(),
        Channels::one(CHANNEL),
        RetryPolicy::default(),
    );
    let plan = ReminderPlan::default();
    let mut mentions = Mentions::default();
    mentions.set(
        respondby_core::Severity::Critical,
        Mentions::parse_list("here").unwrap(),
    );
    let render = RenderOptions {
        mentions,
        buttons: true,
        lang: respondby_core::Lang::En,
        zone: None,
    };
    let how = Sweep {
        plan: &plan,
        render: &render,
    };
    let threads = |slack: &SlackApiStub| -> BTreeMap<&'static str, usize> {
        cases
            .iter()
            .map(|(n, c)| {
                let m = c.message.as_ref().unwrap();
                (*n, slack.replies(&m.channel, &m.ts).len())
            })
            .collect()
    };
    let before = threads(&slack);
    let mut now = t0;
    let mut reminded = 0;
    while now <= t0 + Duration::hours(25) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        let r = sweep(&st, &app, how, now, deadline).await.expect("a sweep");
        reminded += r.reminders;
        now += Duration::minutes(5);
    }
    assert!(reminded > 0);
    let after = threads(&slack);
    // The second instance's finding was folded: the sweep names it under
    // the one GuardDuty alert once the flood window has ended.
    let gd_at = by_source("guardduty").message.clone().unwrap();
    let gd_thread = serde_json::to_string(
        &slack
            .replies(&gd_at.channel, &gd_at.ts)
            .iter()
            .map(|m| format!("{} {}", m.text, serde_json::to_string(&m.blocks).unwrap()))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert!(gd_thread.contains("i-0a9b8c7d6e5f40312"), "{gd_thread}");
    for (name, c) in &cases {
        assert!(
            after[name] > before[name],
            "{name}: no reminder in a day ({:?})",
            c.next_due
        );
    }

    // Each answered with a signed click through the Slack actions binary.
    let api = RuntimeApi::start(vec![]).await;
    let (base, ddb) = (slack.base_url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        ACTIONS,
        &api.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", TOKEN),
            ("SLACK_CHANNEL", CHANNEL),
            ("SLACK_API_URL", base.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("SLACK_SIGNING_SECRET", SIGNING),
            ("DEDUP_TABLE", TABLE),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    // "Answered" where AWS waits for a reply; a case with a fix-by too
    // (RISK: the key must be rotated) is reminded of the fix until it is
    // "Resolved" (by design: core's plan), so that is clicked as well.
    let mut clicks = 0;
    for (name, c) in &cases {
        let m = c.message.as_ref().unwrap();
        let mut ids = Vec::new();
        if c.alert.clock.reply_to_aws {
            ids.push("respondby.answer");
        }
        if !c.alert.clock.reply_to_aws || c.fix_by.is_some() {
            ids.push("respondby.resolve");
        }
        for id in ids {
            let payload = slack.click(&m.channel, &m.ts, id, "U0SATO", "sato");
            let (headers, body) = interaction_request(SIGNING, unix_now(), &payload);
            api.push(function_url_event("POST", "/", &headers, &body, false));
            clicks += 1;
            let done = api.wait_for(clicks, WAIT).await;
            match &done[clicks - 1].outcome {
                Outcome::Response(r) => assert_eq!(r["statusCode"], 200, "{name}: {r}"),
                o => panic!("{name}: {o:?}\n{}", f.logs()),
            }
        }
        let now_case = st.load_case(&c.case_key).await.unwrap().unwrap();
        assert!(
            matches!(now_case.phase, Phase::Answered | Phase::Resolved),
            "{name}: {:?}\n{}",
            now_case.phase,
            f.logs()
        );
    }

    // A day more of sweeps: nothing more for any of them.
    let answered = threads(&slack);
    let mut now = t0 + Duration::hours(25);
    while now <= t0 + Duration::hours(49) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        sweep(&st, &app, how, now, deadline).await.expect("a sweep");
        now += Duration::minutes(5);
    }
    assert_eq!(threads(&slack), answered, "reminders after the answer");
    assert_eq!(pages(&slack).len(), 4, "no new page");
}
