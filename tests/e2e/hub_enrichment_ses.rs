//! Enrichment across accounts (issue 19, item 6), through the SES binary:
//! an alarm forwarded from another account's spoke gets that account's
//! sending status, `GetAccount` signed with its assumed role in the
//! alarm's Region; without the role it posts without it and says why.

use respondby_testkit::{
    assumed_account, fixture, Api, AwsStub, FunctionProcess, Outcome, RuntimeApi, SlackStub,
};
use serde_json::{json, Value};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-ses-reputation");
const OTHER: &str = "444455556666";
const ROLE: &str = "arn:aws:iam::444455556666:role/respondby-enrichment";
const EXTERNAL_ID: &str = "respondby-7f3a9c21";

fn alarm_from(account: &str, region: &str) -> Value {
    let mut e = fixture("ses", "bounce-rate-review-level.json");
    e["account"] = account.into();
    e["region"] = region.into();
    if let Some(arn) = e["resources"][0].as_str() {
        let arn = arn
            .replace("111122223333", account)
            .replace("us-east-1", region);
        e["resources"][0] = arn.into();
    }
    e
}

async fn run(aws: &AwsStub, slack: &SlackStub, event: Value, env: &[(&str, &str)]) -> String {
    let api = RuntimeApi::start(vec![event]).await;
    let (ep, url) = (aws.endpoint(), slack.url());
    let mut vars = vec![
        ("SLACK_WEBHOOK_URL", url.as_str()),
        ("AWS_ENDPOINT_URL_SESV2", ep.as_str()),
        ("AWS_ENDPOINT_URL_STS", ep.as_str()),
    ];
    vars.extend_from_slice(env);
    let f = FunctionProcess::spawn(BIN, &api.addr(), &vars);
    let done = api.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(done.len(), 1, "{}", f.logs());
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    posted[0].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_role_the_other_account_s_status_is_read_in_the_alarm_s_region() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        // The hub's own account is healthy; the spoke's is paused.
        .ses_account(json!({"EnforcementStatus": "HEALTHY", "SendingEnabled": true, "ProductionAccessEnabled": true}))
        .ses_account_for(
            OTHER,
            json!({"EnforcementStatus": "SHUTDOWN", "SendingEnabled": false, "ProductionAccessEnabled": true}),
        )
        .role(ROLE, Some(EXTERNAL_ID))
        .start()
        .await;
    let body = run(
        &aws,
        &slack,
        alarm_from(OTHER, "eu-west-1"),
        &[
            ("ENRICHMENT_ROLE_NAME", "respondby-enrichment"),
            ("ENRICHMENT_EXTERNAL_ID", EXTERNAL_ID),
        ],
    )
    .await;
    // SESv2's status in the console's words: SHUTDOWN reads "Sending paused".
    assert!(
        body.contains("Sending paused"),
        "the spoke's status: {body}"
    );
    assert!(!body.contains("Healthy"), "not the hub's: {body}");
    let get = aws.calls(Api::GetAccount);
    assert_eq!(get.len(), 1);
    assert_eq!(
        get[0]
            .access_key
            .as_deref()
            .and_then(assumed_account)
            .as_deref(),
        Some(OTHER)
    );
    assert_eq!(get[0].signed_region.as_deref(), Some("eu-west-1"));
    assert_eq!(aws.calls(Api::AssumeRole)[0].body["RoleArn"], ROLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_role_the_alarm_posts_without_the_status_and_says_why() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .ses_account(json!({"EnforcementStatus": "HEALTHY", "SendingEnabled": true, "ProductionAccessEnabled": true}))
        .role(ROLE, Some("a-different-external-id"))
        .start()
        .await;
    let body = run(
        &aws,
        &slack,
        alarm_from(OTHER, "eu-west-1"),
        &[
            ("ENRICHMENT_ROLE_NAME", "respondby-enrichment"),
            ("ENRICHMENT_EXTERNAL_ID", EXTERNAL_ID),
        ],
    )
    .await;
    assert!(
        body.contains("Account sending status unavailable")
            && body.contains("could not assume")
            && body.contains("AccessDenied"),
        "{body}"
    );
    assert!(
        !body.contains("HEALTHY"),
        "never the hub's own status: {body}"
    );
    assert!(aws.calls(Api::GetAccount).is_empty());
}
