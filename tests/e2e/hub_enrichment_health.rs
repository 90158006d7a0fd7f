//! Enrichment across accounts (issue 19, item 6), through the Health
//! binary: the hub (the function's account, 111122223333) assumes the
//! event account's enrichment role for the Health API, once per account
//! while its credentials last; without the role the alert posts from the
//! event alone and says why, and the invocation succeeds.

use respondby_testkit::{
    assumed_account, fixture, Api, AwsStub, FunctionProcess, Outcome, RuntimeApi, SlackStub,
};
use serde_json::{json, Value};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-health");
const WAIT: Duration = Duration::from_secs(30);
const OTHER: &str = "444455556666";
const ROLE: &str = "arn:aws:iam::444455556666:role/respondby-enrichment";
const EXTERNAL_ID: &str = "respondby-7f3a9c21";

/// The abuse report as account `account` sends it, event `n`.
fn report(account: &str, n: u32) -> Value {
    let mut e = fixture("health", "abuse-dos-report.json");
    e["id"] = format!("hub-enrich-{account}-{n}").into();
    e["account"] = account.into();
    e["detail"]["affectedAccount"] = account.into();
    let arn = format!(
        "{}-{account}-{n}",
        e["detail"]["eventArn"].as_str().unwrap()
    );
    e["detail"]["eventArn"] = arn.into();
    e
}

fn details() -> Value {
    json!({"successfulSet": [{
        "event": {"arn": "x", "statusCode": "open"},
        "eventDescription": {"latestDescription": "FULL REPORT TEXT FROM THE HEALTH API"}}],
        "failedSet": []})
}

async fn run(
    aws: &AwsStub,
    slack: &SlackStub,
    events: Vec<Value>,
    env: &[(&str, &str)],
) -> (Vec<respondby_testkit::Invocation>, String) {
    let n = events.len();
    let api = RuntimeApi::start(events).await;
    let (ep, url) = (aws.endpoint(), slack.url());
    let mut vars = vec![
        ("SLACK_WEBHOOK_URL", url.as_str()),
        ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ("AWS_ENDPOINT_URL_STS", ep.as_str()),
    ];
    vars.extend_from_slice(env);
    let f = FunctionProcess::spawn(BIN, &api.addr(), &vars);
    let done = api.wait_for(n, WAIT).await;
    assert_eq!(done.len(), n, "{}", f.logs());
    for d in &done {
        assert!(
            matches!(d.outcome, Outcome::Response(_)),
            "{:?}\n{}",
            d.outcome,
            f.logs()
        );
    }
    (done, f.logs())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_role_another_account_s_event_is_enriched_with_its_credentials_assumed_once() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .health_details(details())
        .health_entities_pages(vec![json!({"entities": [{"entityValue": "i-theirs"}]})])
        .role(ROLE, Some(EXTERNAL_ID))
        .start()
        .await;
    run(
        &aws,
        &slack,
        vec![
            report(OTHER, 1),
            report(OTHER, 2),
            report("111122223333", 3),
        ],
        &[
            ("ENRICHMENT_ROLE_NAME", "respondby-enrichment"),
            ("ENRICHMENT_EXTERNAL_ID", EXTERNAL_ID),
        ],
    )
    .await;
    let posted = slack.delivered();
    assert_eq!(posted.len(), 3);
    for p in &posted {
        let body = p.to_string();
        assert!(
            body.contains("FULL REPORT TEXT FROM THE HEALTH API") && body.contains("i-theirs"),
            "{body}"
        );
    }
    let assumed = aws.calls(Api::AssumeRole);
    assert_eq!(
        assumed.len(),
        1,
        "one AssumeRole while its credentials last"
    );
    assert_eq!(assumed[0].body["RoleArn"], ROLE);
    assert_eq!(assumed[0].body["ExternalId"], EXTERNAL_ID);
    let accounts: Vec<Option<String>> = aws
        .calls(Api::DescribeEventDetails)
        .iter()
        .map(|r| r.access_key.as_deref().and_then(assumed_account))
        .collect();
    assert_eq!(
        accounts,
        [Some(OTHER.to_owned()), Some(OTHER.to_owned()), None],
        "the other account's events with its role, the hub's own with the function's credentials"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_role_the_alert_posts_from_the_event_and_says_why() {
    // The spoke has no role (STS: AccessDenied).
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder().health_details(details()).start().await;
    run(
        &aws,
        &slack,
        vec![report(OTHER, 1), report(OTHER, 2)],
        &[
            ("ENRICHMENT_ROLE_NAME", "respondby-enrichment"),
            ("ENRICHMENT_EXTERNAL_ID", EXTERNAL_ID),
        ],
    )
    .await;
    let posted = slack.delivered();
    assert_eq!(posted.len(), 2, "posted, not failed");
    for p in &posted {
        let body = p.to_string();
        assert!(
            body.contains("could not assume")
                && body.contains(ROLE)
                && body.contains("AccessDenied"),
            "{body}"
        );
        assert!(body.contains("denial-of-service"), "the event's own text");
        assert!(!body.contains("FULL REPORT TEXT"), "{body}");
    }
    assert_eq!(
        aws.calls(Api::AssumeRole).len(),
        1,
        "a refusal is remembered, not asked again per event"
    );
    assert!(
        aws.calls(Api::DescribeEventDetails).is_empty(),
        "never the hub's own credentials for another account"
    );

    // Not configured at all.
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder().health_details(details()).start().await;
    run(&aws, &slack, vec![report(OTHER, 1)], &[]).await;
    let body = slack.delivered()[0].to_string();
    assert!(
        body.contains("ENRICHMENT_ROLE_NAME is not set") && body.contains(OTHER),
        "{body}"
    );
    assert!(aws.calls(Api::AssumeRole).is_empty());
    assert!(aws.calls(Api::DescribeEventDetails).is_empty());
}
