//! The SES reputation function binary through the Runtime API, with the
//! account status from a local SESv2 API.

use respondby_testkit::{
    fixture, AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub,
};
use serde_json::json;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-ses-reputation");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_account_makes_a_bounce_alarm_critical_and_recovery_posts_without_deadline() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .ses_account(json!({"EnforcementStatus": "SHUTDOWN", "SendingEnabled": false, "ProductionAccessEnabled": true,
                            "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 24988.0}}))
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        fixture("ses", "bounce-rate-review-level.json"),
        fixture("ses", "complaint-rate-recovered.json"),
        fixture("ses", "skip-other-namespace.json"),
    ])
    .await;
    let (url, ep) = (slack.url(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("AWS_ENDPOINT_URL_SESV2", ep.as_str()),
        ],
    );
    let done = api.wait_for(3, Duration::from_secs(30)).await;
    assert_eq!(done.len(), 3, "{}", f.logs());
    for d in &done {
        assert!(matches!(d.outcome, Outcome::Response(_)), "{:?}", d.outcome);
    }
    let posted = slack.delivered();
    assert_eq!(posted.len(), 2, "the EC2 alarm is skipped");
    let alarm = posted[0].to_string();
    assert!(
        posted[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("[CRITICAL] SES reputation"),
        "{}",
        posted[0]["text"]
    );
    assert!(
        // SES's SHUTDOWN, as the console says it.
        alarm.contains("Sending paused") && alarm.contains("24988 of 50000"),
        "{alarm}"
    );
    assert!(posted[1]["text"]
        .as_str()
        .unwrap()
        .starts_with("[RECOVERED]"));
    assert!(!posted[1].to_string().contains("<!date^"));
}

/// CloudWatch alarms only emit state changes: ALARM → OK → ALARM posts all
/// three (never folded), with the state table on; the recovery follows up
/// on the alarm's case and the second ALARM is a new episode with its own
/// deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alarm_ok_alarm_posts_all_three() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .ses_account(json!({"EnforcementStatus": "HEALTHY", "SendingEnabled": true, "ProductionAccessEnabled": true}))
        .start()
        .await;
    let alarm = fixture("ses", "complaint-rate-early-warning.json");
    let ok = fixture("ses", "complaint-rate-recovered.json");
    let mut again = alarm.clone();
    again["id"] = "ses-again".into();
    again["detail"]["state"]["timestamp"] = "2026-06-25T10:02:11.348+0000".into();
    again["time"] = "2026-06-25T10:02:12Z".into();
    let api = RuntimeApi::start(vec![alarm, ok, again]).await;
    let (url, ddb, ep) = (slack.url(), dynamo.endpoint(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_SESV2", ep.as_str()),
        ],
    );
    let done = api.wait_for(3, Duration::from_secs(30)).await;
    let actions: Vec<String> = done
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            o => panic!("{o:?}\n{}", f.logs()),
        })
        .collect();
    assert_eq!(actions, ["notify", "update", "notify"]);
    let posted = slack.delivered();
    assert_eq!(posted.len(), 3);
    assert!(
        posted[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("[RECOVERED]"),
        "{}",
        posted[1]["text"]
    );
    assert!(
        posted[2].to_string().contains("2026-06-26 10:02 UTC"),
        "a new deadline: {}",
        posted[2]
    );
}

/// The CI fuzz through the binary: hostile times (chrono's limits, 1970,
/// year 0, random years, garbage) in any time field of this source's
/// fixtures, with the state table and buttons on. Every event ends in a
/// response or a `Permanent.*` error; the process never dies or hangs.
/// A fixed seed and 200 events (`RESPONDBY_FUZZ_SEED`, `RESPONDBY_FUZZ_CASES`
/// for others).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_times_in_any_time_field_never_crash_the_function() {
    let problems = respondby_testkit::fuzz::hostile_times_through(BIN, "ses").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
