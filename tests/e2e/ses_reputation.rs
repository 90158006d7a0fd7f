//! The SES reputation function binary through the Runtime API, with the
//! account status from a local SESv2 API.

use respondby_testkit::{fixture, AwsStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
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
        alarm.contains("SHUTDOWN") && alarm.contains("24988 of 50000"),
        "{alarm}"
    );
    assert!(posted[1]["text"]
        .as_str()
        .unwrap()
        .starts_with("[RECOVERED]"));
    assert!(!posted[1].to_string().contains("<!date^"));
}
