//! The heartbeat function's binary through the Runtime API (issue 19), with
//! the state table in the DynamoDB stand-in and Slack webhooks read from
//! Secrets Manager. Times are the heartbeats' own: a heartbeat sent three
//! hours ago and nothing since is a silent spoke now.

use respondby_testkit::{
    fixture, AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub, SPOKE_TABLE,
};
use serde_json::{json, Value};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-heartbeat");
const WAIT: Duration = Duration::from_secs(30);
const DEFAULT: &str = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/slack-AbCdEf";

/// A heartbeat of `account` in `region`, sent `ago` before now.
fn heartbeat(account: &str, region: &str, ago: chrono::Duration) -> Value {
    let mut ev = fixture("heartbeat", "skip-heartbeat-mumbai.json");
    let at = chrono::Utc::now() - ago;
    ev["account"] = account.into();
    ev["region"] = region.into();
    ev["time"] = at.format("%Y-%m-%dT%H:%M:%SZ").to_string().into();
    ev["id"] = format!("hb-{account}-{region}-{}", at.timestamp()).into();
    ev
}

fn check() -> Value {
    json!({"respondby": "silence-check"})
}

fn response(d: &respondby_testkit::Invocation, logs: &str) -> Value {
    match &d.outcome {
        Outcome::Response(r) => r.clone(),
        o => panic!("{o:?}\n{logs}"),
    }
}

struct Hub {
    hub_hook: SlackStub,
    payments_hook: SlackStub,
    default_hook: SlackStub,
    _aws: AwsStub,
    dynamo: DynamoStub,
    api: RuntimeApi,
    f: FunctionProcess,
}

async fn hub() -> Hub {
    let (hub_hook, payments_hook, default_hook) = (
        SlackStub::start(vec![]).await,
        SlackStub::start(vec![]).await,
        SlackStub::start(vec![]).await,
    );
    let aws = AwsStub::builder()
        .secret(DEFAULT, &default_hook.url())
        .secret("respondby/hub", &hub_hook.url())
        .secret("respondby/payments", &payments_hook.url())
        .start()
        .await;
    let dynamo = DynamoStub::hub().await;
    let api = RuntimeApi::start(vec![]).await;
    let (ep, ddb) = (aws.endpoint(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", DEFAULT),
            (
                "CHANNEL_ROUTES",
                "111122223333=respondby/payments,*=respondby/hub",
            ),
            ("ACCOUNT_NAMES", "111122223333=prod-payments"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("SPOKE_TABLE", SPOKE_TABLE),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    Hub {
        hub_hook,
        payments_hook,
        default_hook,
        _aws: aws,
        dynamo,
        api,
        f,
    }
}

impl Hub {
    async fn invoke(&self, ev: Value) -> Value {
        let n = self.api.finished().len();
        self.api.push(ev);
        let done = self.api.wait_for(n + 1, WAIT).await;
        assert_eq!(done.len(), n + 1, "{}", self.f.logs());
        response(&done[n], &self.f.logs())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_spoke_is_alerted_once_to_the_star_route_and_recovers_once() {
    let h = hub().await;
    let three_hours = chrono::Duration::hours(3);
    assert_eq!(
        h.invoke(heartbeat("111122223333", "ap-south-1", three_hours))
            .await["action"],
        "recorded"
    );
    // Another spoke, heard just now.
    h.invoke(heartbeat(
        "444455556666",
        "us-east-1",
        chrono::Duration::minutes(1),
    ))
    .await;
    let r = h.invoke(check()).await;
    assert_eq!(
        (r["due"].as_u64(), r["silent"].as_u64()),
        (Some(1), Some(1)),
        "{r}"
    );
    let r = h.invoke(check()).await;
    assert_eq!(r["silent"], 0, "once: {r}");

    let alerts = h.hub_hook.delivered();
    assert_eq!(alerts.len(), 1, "to the * route, whatever the account");
    assert!(h.payments_hook.delivered().is_empty());
    assert!(h.default_hook.delivered().is_empty());
    let body = alerts[0].to_string();
    let text = alerts[0]["text"].as_str().unwrap();
    assert!(
        text.contains("No heartbeat from 111122223333 (prod-payments) in ap-south-1 since"),
        "{text}"
    );
    assert!(
        body.contains("the spoke's EventBridge rule") && body.contains("the hub bus policy"),
        "what stopped: {body}"
    );
    assert!(
        body.contains("https://ap-south-1.console.aws.amazon.com/events/home?region=ap-south-1"),
        "{body}"
    );

    // Heard again: the recovery goes where the alert went.
    assert_eq!(
        h.invoke(heartbeat(
            "111122223333",
            "ap-south-1",
            chrono::Duration::zero()
        ))
        .await["action"],
        "recovered"
    );
    let alerts = h.hub_hook.delivered();
    assert_eq!(alerts.len(), 2);
    let recovered = alerts[1]["text"].as_str().unwrap();
    assert!(
        recovered.starts_with("[RECOVERED]")
            && recovered
                .contains("Heartbeat from 111122223333 (prod-payments) in ap-south-1 again"),
        "{recovered}"
    );
    assert_eq!(h.invoke(check()).await["silent"], 0);
    assert_eq!(h.hub_hook.delivered().len(), 2);
    assert!(!h.f.logs().contains(respondby_testkit::WEBHOOK_TOKEN));
}

/// The budget's first half: a heartbeat costs one conditional write, of
/// 1 write unit: an item under 1 KB in the spoke table, which has no index
/// (issue 19's cost budget: under $2 a month for 1,700 spokes).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_heartbeat_is_one_conditional_write() {
    let h = hub().await;
    let before = h.dynamo.calls().len();
    h.invoke(heartbeat(
        "111122223333",
        "eu-west-1",
        chrono::Duration::zero(),
    ))
    .await;
    let calls: Vec<String> = h.dynamo.calls()[before..].to_vec();
    assert_eq!(
        calls,
        ["UpdateItem spoke 111122223333#eu-west-1"],
        "{calls:?}"
    );
    let request = h.dynamo.requests().last().unwrap().request.clone();
    assert_eq!(request["TableName"], SPOKE_TABLE, "{request}");
    assert!(
        request["ConditionExpression"]
            .as_str()
            .is_some_and(|c| c.contains("last_heard <= :t")),
        "{request}"
    );
    let items = h.dynamo.items_in(SPOKE_TABLE);
    assert_eq!(items.len(), 1);
    // DynamoDB's item size: names and values in UTF-8, numbers about
    // 1 byte per 2 digits + 1; the JSON text is larger than that.
    let size = items[0].to_string().len();
    assert!(size < 1024, "{size} bytes: {}", items[0]);
    assert!(
        h.dynamo.items().is_empty(),
        "nothing written to the state table: {:?}",
        h.dynamo.items()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_heartbeat_or_an_unknown_event_is_an_error_and_the_function_keeps_serving() {
    let h = hub().await;
    let n = h.api.finished().len();
    h.api
        .push(fixture("heartbeat", "error-heartbeat-bad-interval.json"));
    h.api
        .push(fixture("guardduty", "iam-malicious-ip-caller.json"));
    h.api.push(json!({"hello": "world"}));
    let done = h.api.wait_for(n + 3, WAIT).await;
    let errors: Vec<(String, String)> = done[n..]
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Error {
                error_type,
                error_message,
            } => (error_type.clone(), error_message.clone()),
            o => panic!("{o:?}"),
        })
        .collect();
    assert_eq!(errors[0].0, "Permanent.MalformedEvent");
    assert!(errors[0].1.contains("interval_minutes"), "{errors:?}");
    assert!(errors[1].1.contains("guardduty function"), "{errors:?}");
    assert!(errors[2].1.contains("detail-type"), "{errors:?}");
    assert_eq!(
        h.invoke(heartbeat(
            "111122223333",
            "eu-west-1",
            chrono::Duration::zero()
        ))
        .await["action"],
        "recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_its_two_tables_the_function_does_not_start() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![]).await;
    let url = slack.url();
    let mut f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    assert!(init.to_string().contains("SPOKE_TABLE"), "{init}");
    assert!(f.wait_exit(WAIT).await.is_some());

    // The spoke table but not the state table (where silences are cases).
    let api = RuntimeApi::start(vec![]).await;
    let mut f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("SPOKE_TABLE", SPOKE_TABLE),
        ],
    );
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    assert!(init.to_string().contains("DEDUP_TABLE"), "{init}");
    assert!(f.wait_exit(WAIT).await.is_some());
}
