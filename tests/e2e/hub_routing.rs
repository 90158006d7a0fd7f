//! Routing through the Health binary (issue 19): `CHANNEL_ROUTES` sends each
//! case to its account's or severity's channel (app mode) or webhook secret
//! (webhook mode), first match wins, anything unmatched goes where it
//! always went; an update of a case follows its first message.

use respondby_testkit::{
    fixture, AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackApiStub, SlackStub,
};
use serde_json::Value;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-health");
const WAIT: Duration = Duration::from_secs(30);
const TOKEN: &str = "xoxb-111-222-respondbytesttoken";
const OTHER: &str = "444455556666";

/// A Health event about another account (its own event ARN).
fn of_other_account(name: &str) -> Value {
    let mut ev = fixture("health", name);
    ev["account"] = OTHER.into();
    ev["id"] = format!("{}-other", ev["id"].as_str().unwrap()).into();
    let arn = ev["detail"]["eventArn"].as_str().unwrap().to_owned();
    ev["detail"]["eventArn"] = format!("{arn}-other").into();
    if ev["detail"].get("affectedAccount").is_some() {
        ev["detail"]["affectedAccount"] = OTHER.into();
    }
    ev
}

fn actions(done: &[respondby_testkit::Invocation], logs: &str) -> Vec<String> {
    done.iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap_or("?").to_owned(),
            o => panic!("{o:?}\n{logs}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_mode_each_case_goes_to_its_route_and_its_update_into_that_thread() {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    for c in ["C0ALERTS", "C0PAYPAGE", "C0PAGE", "C0ALL"] {
        slack.add_channel(c, true);
    }
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .health_error("SubscriptionRequiredException", "no support plan")
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        fixture("health", "abuse-dos-report.json"), // 111122223333, critical
        fixture("health", "abuse-dos-report-updated.json"), // its update
        of_other_account("abuse-dos-report.json"),  // another account, critical
        of_other_account("ec2-scheduled-retirement.json"), // another account, not critical
    ])
    .await;
    let (base, ddb, ep) = (slack.base_url(), dynamo.endpoint(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", TOKEN),
            ("SLACK_CHANNEL", "C0ALERTS"),
            ("SLACK_API_URL", base.as_str()),
            (
                "CHANNEL_ROUTES",
                "111122223333/critical=C0PAYPAGE,critical=C0PAGE,*=C0ALL",
            ),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    let done = api.wait_for(4, WAIT).await;
    assert_eq!(
        actions(&done, &f.logs()),
        ["notify", "update", "notify", "notify"]
    );
    let pay = slack.messages("C0PAYPAGE");
    assert_eq!(pay.len(), 1, "{pay:?}");
    assert!(pay[0].text.contains("111122223333"), "{}", pay[0].text);
    // The update went into the first message's thread (after the reply
    // draft, the first reply there).
    let replies = slack.replies("C0PAYPAGE", &pay[0].ts);
    assert!(
        replies.iter().any(|r| r.text.starts_with("Update:")),
        "{replies:?}"
    );
    let page = slack.messages("C0PAGE");
    assert_eq!(page.len(), 1);
    assert!(page[0].text.contains(OTHER), "{}", page[0].text);
    let all = slack.messages("C0ALL");
    assert_eq!(all.len(), 1);
    assert!(all[0].text.contains(OTHER), "{}", all[0].text);
    assert!(
        slack.messages("C0ALERTS").is_empty(),
        "every case was routed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_webhook_mode_a_routed_account_s_case_and_its_update_go_to_its_webhook() {
    let (default, payments) = (
        SlackStub::start(vec![]).await,
        SlackStub::start(vec![]).await,
    );
    let secret = "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/slack-AbCdEf";
    let aws = AwsStub::builder()
        .secret(secret, &default.url())
        .secret("respondby/payments", &payments.url())
        .health_error("SubscriptionRequiredException", "no support plan")
        .start()
        .await;
    let dynamo = DynamoStub::start().await;
    let api = RuntimeApi::start(vec![
        fixture("health", "abuse-dos-report.json"),
        fixture("health", "abuse-dos-report-updated.json"),
        of_other_account("abuse-dos-report.json"),
    ])
    .await;
    let (ddb, ep) = (dynamo.endpoint(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", secret),
            ("CHANNEL_ROUTES", "111122223333=respondby/payments"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
        ],
    );
    let done = api.wait_for(3, WAIT).await;
    assert_eq!(actions(&done, &f.logs()), ["notify", "update", "notify"]);
    let to_payments = payments.delivered();
    assert_eq!(to_payments.len(), 2, "the case and its update");
    assert!(to_payments[1].to_string().contains("What changed"));
    let to_default = default.delivered();
    assert_eq!(to_default.len(), 1);
    assert!(to_default[0]["text"].as_str().unwrap().contains(OTHER));
    let logs = f.logs();
    assert!(
        !logs.contains(respondby_testkit::WEBHOOK_TOKEN),
        "a webhook URL was logged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_whose_secret_cannot_be_read_is_an_init_error_naming_it() {
    let aws = AwsStub::builder().start().await;
    let api = RuntimeApi::start(vec![]).await;
    let ep = aws.endpoint();
    let mut f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/x"),
            ("RESPONDBY_ALLOW_LOOPBACK", "1"),
            ("CHANNEL_ROUTES", "critical=respondby/pager"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
        ],
    );
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    let text = init.to_string();
    assert!(
        text.contains("respondby/pager") && text.contains("ResourceNotFoundException"),
        "{text}"
    );
    assert!(f.wait_exit(WAIT).await.is_some());
}
