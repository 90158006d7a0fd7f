//! The Health function binary through the Runtime API, with the webhook read
//! from a local Secrets Manager and details from a local Health API.

use respondby_testkit::{fixture, AwsStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
use serde_json::json;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-health");
const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/slack-AbCdEf";

async fn run(aws: AwsStub) -> Vec<respondby_testkit::Invocation> {
    let api = RuntimeApi::start(vec![fixture("health", "abuse-dos-report.json")]).await;
    let ep = aws.endpoint();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert_eq!(done.len(), 1, "{}", f.logs());
    assert!(
        !f.logs().contains(respondby_testkit::WEBHOOK_TOKEN),
        "webhook token logged"
    );
    done
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abuse_report_is_enriched_from_the_health_api_and_posted() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .secret(SECRET, &slack.url())
        .health_details(json!({"successfulSet": [{
            "event": {"arn": "x", "statusCode": "open"},
            "eventDescription": {"latestDescription": "FULL REPORT TEXT FROM THE HEALTH API"}}],
            "failedSet": []}))
        .health_entities_pages(vec![
            json!({"entities": [{"entityValue": "i-page1"}]}),
            json!({"entities": [{"entityValue": "i-page2", "statusCode": "IMPAIRED"}]}),
        ])
        .start()
        .await;
    let done = run(aws).await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}",
        done[0].outcome
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    let body = posted[0].to_string();
    assert!(body.contains("FULL REPORT TEXT FROM THE HEALTH API"));
    assert!(
        body.contains("i-page1") && body.contains("i-page2 (IMPAIRED)"),
        "{body}"
    );
    assert!(posted[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("[CRITICAL] AWS Health"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_support_plan_the_alert_is_still_posted_with_a_note() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .secret(SECRET, &slack.url())
        .health_error(
            "SubscriptionRequiredException",
            "The AWS Health API requires a Business support plan",
        )
        .start()
        .await;
    let done = run(aws).await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}",
        done[0].outcome
    );
    let body = slack.delivered()[0].to_string();
    assert!(
        body.contains("support plan") && body.contains("Health dashboard"),
        "{body}"
    );
    assert!(
        body.contains("denial-of-service"),
        "event text must still be there"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_secret_is_an_init_error_naming_it() {
    let aws = AwsStub::builder().start().await;
    let api = RuntimeApi::start(vec![]).await;
    let ep = aws.endpoint();
    let mut f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
        ],
    );
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    assert!(
        init.to_string().contains("ResourceNotFoundException")
            && init.to_string().contains("respondby/slack"),
        "{init}"
    );
    assert!(f.wait_exit(WAIT).await.is_some());
}
