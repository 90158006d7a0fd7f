//! The public-exposure function binary, run as Lambda runs it: through the
//! Runtime API, posting to a local Slack (webhook and Web API), with its
//! cases in a local DynamoDB. In both languages; it makes no AWS call per
//! event, so the failures are Slack's, the table's and the event's.

use respondby_testkit::{
    fixture, DynamoStub, FunctionProcess, Outcome, Reply, RuntimeApi, SlackApiStub, SlackStub,
};
use serde_json::{json, Value};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-public-exposure");
const WAIT: Duration = Duration::from_secs(30);
const DIR: &str = "public-exposure";

fn actions(done: &[respondby_testkit::Invocation], f: &FunctionProcess) -> Vec<String> {
    done.iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            o => panic!("{o:?}\n{}", f.logs()),
        })
        .collect()
}

/// Webhook mode with the state table: the public snapshot pages (critical,
/// due in an hour, its reminders planned), making it private again is a
/// quiet follow-up that resolves the case, in English and in Japanese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_snapshot_pages_and_making_it_private_resolves_the_case_in_both_languages() {
    for (lang, critical, recovered, public_word) in [
        ("en", "[CRITICAL]", "RECOVERED", "was made public"),
        ("ja", "[緊急]", "回復", "が公開されました"),
    ] {
        let slack = SlackStub::start(vec![]).await;
        let dynamo = DynamoStub::start().await;
        let api = RuntimeApi::start(vec![
            fixture(DIR, "ebs-snapshot-made-public.json"),
            fixture(DIR, "ebs-snapshot-private-again.json"),
        ])
        .await;
        let (url, ddb) = (slack.url(), dynamo.endpoint());
        let f = FunctionProcess::spawn(
            BIN,
            &api.addr(),
            &[
                ("SLACK_WEBHOOK_URL", url.as_str()),
                ("MENTION_CRITICAL", "here"),
                ("RESPONDBY_LANGUAGE", lang),
                ("DEDUP_TABLE", "respondby-state"),
                ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ],
        );
        let done = api.wait_for(2, WAIT).await;
        assert_eq!(actions(&done, &f), ["notify", "update"], "{lang}");
        let posted = slack.delivered();
        assert_eq!(posted.len(), 2, "{lang}");
        let page = posted[0]["text"].as_str().unwrap();
        assert!(page.starts_with("<!here>"), "{lang}: {page}");
        assert!(
            page.contains(critical) && page.contains(public_word),
            "{lang}: {page}"
        );
        let body = posted[0].to_string();
        assert!(
            body.contains("--snapshot-id snap-0a1b2c3d4e5f60718"),
            "{lang}: the command with the id: {body}"
        );
        let follow = posted[1].to_string();
        assert!(!follow.contains("<!here>"), "{lang}: {follow}");
        assert!(follow.contains(recovered), "{lang}: {follow}");
        let case = dynamo
            .item("case#public-exposure:111122223333:eu-central-1:ebs-snapshot/snap-0a1b2c3d4e5f60718:public")
            .expect("the case is recorded");
        let case = case.to_string();
        assert!(case.contains("resolved"), "{lang}: {case}");
    }
}

/// The case as posted: its deadline an hour after AWS told the account,
/// and its first reminder planned (half-way).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_case_is_tracked_with_its_hour_and_a_reminder_due() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let mut ev = fixture(DIR, "ami-made-public.json");
    // Told now, so the reminders are still ahead.
    let now = chrono::Utc::now();
    ev["time"] = respondby_core_time(now).into();
    ev["detail"]["eventTime"] = respondby_core_time(now).into();
    let api = RuntimeApi::start(vec![ev]).await;
    let (url, ddb) = (slack.url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert_eq!(actions(&done, &f), ["notify"]);
    let case = dynamo
        .item("case#public-exposure:111122223333:ap-northeast-1:ami/ami-0c1d2e3f4a5b6c7d8:public")
        .expect("the case is recorded");
    let due_at: i64 = case["due_at"]["N"]
        .as_str()
        .or_else(|| case["due_at"].as_str())
        .map(|s| s.parse().unwrap())
        .or_else(|| case["due_at"].as_i64())
        .unwrap_or_else(|| panic!("no reminder due: {case}"));
    let told = now.timestamp();
    // 50% of one hour: half an hour after AWS told the account.
    assert!(
        (due_at - (told + 1800)).abs() <= 2,
        "due_at {due_at}, told {told}"
    );
}

fn respondby_core_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// App mode: the page goes to the critical channel; the recovery goes into
/// its thread and the alert is updated in place, its buttons gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_mode_making_it_private_goes_into_the_thread_and_updates_the_alert() {
    let slack = SlackApiStub::start().await;
    slack.accept_token("xoxb-111-222-respondbytesttoken");
    slack.add_channel("C0ALERTS", true);
    slack.add_channel("C0PAGER", true);
    let dynamo = DynamoStub::start().await;
    let api = RuntimeApi::start(vec![
        fixture(DIR, "rds-snapshot-made-public.json"),
        fixture(DIR, "rds-snapshot-private-again.json"),
    ])
    .await;
    let (base, ddb) = (slack.base_url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", "xoxb-111-222-respondbytesttoken"),
            ("SLACK_CHANNEL", "C0ALERTS"),
            ("SLACK_CHANNEL_CRITICAL", "C0PAGER"),
            ("SLACK_API_URL", base.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let done = api.wait_for(2, WAIT).await;
    assert_eq!(actions(&done, &f), ["notify", "update"]);
    let top = slack.messages("C0PAGER");
    assert_eq!(top.len(), 1, "one page for the case: {top:?}");
    assert!(slack.messages("C0ALERTS").is_empty());
    let replies = slack.replies("C0PAGER", &top[0].ts);
    assert_eq!(replies.len(), 1, "{replies:?}");
    let parent = slack.message("C0PAGER", &top[0].ts).unwrap();
    let parent_text = serde_json::to_string(&parent.blocks).unwrap();
    assert!(
        !parent_text.contains("respondby.ack"),
        "no buttons once recovered: {parent_text}"
    );
    assert!(
        parent_text.contains("orders-db-2026-06-23"),
        "{parent_text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_event_delivered_twice_posts_once() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let ev = fixture(DIR, "ebs-snapshot-shared-with-unknown-account.json");
    let api = RuntimeApi::start(vec![ev.clone(), ev]).await;
    let (url, ddb) = (slack.url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let done = api.wait_for(2, WAIT).await;
    assert_eq!(actions(&done, &f), ["notify", "duplicate"]);
    assert_eq!(slack.delivered().len(), 1);
}

/// The accounts ops trust are read at start-up: a share with one of them is
/// skipped successfully, and a bad entry stops the function naming it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trusted_account_is_skipped_and_a_bad_account_list_is_an_init_error() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![fixture(
        DIR,
        "ebs-snapshot-shared-with-unknown-account.json",
    )])
    .await;
    let url = slack.url();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("TRUSTED_ACCOUNT_IDS", "444455556666"),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    let Outcome::Response(r) = &done[0].outcome else {
        panic!("{:?}\n{}", done[0].outcome, f.logs())
    };
    assert_eq!(r["action"], "skip");
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("444455556666 (trusted)"),
        "{r}"
    );
    assert!(slack.requests().is_empty());

    let api = RuntimeApi::start(vec![fixture(DIR, "ebs-snapshot-made-public.json")]).await;
    let mut bad = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("ORGANIZATION_ACCOUNT_IDS", "prod"),
        ],
    );
    let init = api
        .wait_for_init_error(WAIT)
        .await
        .expect("init error reported");
    assert!(
        init.to_string().contains("ORGANIZATION_ACCOUNT_IDS") && init.to_string().contains("prod"),
        "{init}"
    );
    assert!(bad.wait_exit(WAIT).await.is_some_and(|s| !s.success()));
    assert!(api.finished().is_empty(), "no event may be consumed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_misrouted_events_are_errors_and_the_function_keeps_serving() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![
        fixture(DIR, "error-no-snapshot-id.json"),
        fixture("env-file", "read-by-iam-user-foreign-ip.json"),
        json!({"hello": "world"}),
        fixture(DIR, "ami-made-public.json"),
    ])
    .await;
    let url = slack.url();
    let f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let done = api.wait_for(4, WAIT).await;
    let errors: Vec<(String, String)> = done[..3]
        .iter()
        .map(|i| match &i.outcome {
            Outcome::Error {
                error_type,
                error_message,
            } => (error_type.clone(), error_message.clone()),
            other => panic!("expected an error, got {other:?}"),
        })
        .collect();
    assert_eq!(errors[0].0, "Permanent.MalformedEvent");
    assert!(
        errors[0].1.contains("requestParameters.snapshotId"),
        "{}",
        errors[0].1
    );
    assert_eq!(errors[1].0, "Permanent.UnsupportedEvent");
    assert!(errors[1].1.contains("env-file function"), "{}", errors[1].1);
    assert!(errors[2].1.contains("detail-type"), "{}", errors[2].1);
    assert!(matches!(done[3].outcome, Outcome::Response(_)));
    assert_eq!(slack.delivered().len(), 1);
    assert!(!f.logs().contains("panicked"), "{}", f.logs());
}

/// Slack down: the invocation fails as retryable and nothing is marked
/// done, so Lambda's retry posts it; a deleted webhook is a permanent error
/// naming the cause.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_failures_are_errors_lambda_retries_and_the_retry_posts() {
    let slack = SlackStub::start(vec![Reply::Status(500, "x"); 5]).await;
    let dynamo = DynamoStub::start().await;
    let ev = fixture(DIR, "snapshot-block-public-access-disabled.json");
    let api = RuntimeApi::start(vec![ev.clone()]).await;
    let (url, ddb) = (slack.url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let first = api.wait_for(1, WAIT).await;
    assert!(
        matches!(&first[0].outcome, Outcome::Error { error_type, .. } if error_type == "Retryable.SlackUnavailable"),
        "{:?}\n{}",
        first[0].outcome,
        f.logs()
    );
    let key = format!(
        "dedup#public-exposure:{}",
        ev["detail"]["eventID"].as_str().unwrap()
    );
    assert!(
        dynamo.item(&key).is_none(),
        "marked done before Slack took it"
    );
    api.push(ev);
    let done = api.wait_for(2, WAIT).await;
    assert!(
        matches!(&done[1].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}",
        done[1].outcome
    );
    assert_eq!(slack.delivered().len(), 1);
    assert!(dynamo.item(&key).is_some());

    let gone = SlackStub::start(vec![Reply::Status(404, "no_service")]).await;
    let api = RuntimeApi::start(vec![fixture(DIR, "ami-made-public.json")]).await;
    let url = gone.url();
    let _f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let done = api.wait_for(1, WAIT).await;
    let Outcome::Error {
        error_type,
        error_message,
    } = &done[0].outcome
    else {
        panic!("{:?}", done[0].outcome)
    };
    assert_eq!(error_type, "Permanent.SlackRejected");
    assert!(error_message.contains("no_service"), "{error_message}");
    assert!(!error_message.contains(respondby_testkit::WEBHOOK_TOKEN));
}

/// With the table down, the page still goes out (a duplicate is better than
/// a lost public snapshot).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_dynamodb_down_the_alert_is_still_posted() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![fixture(DIR, "ebs-snapshot-made-public.json")]).await;
    let url = slack.url();
    let nowhere = respondby_testkit::nothing_listening();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", nowhere.as_str()),
        ],
    );
    let done = api.wait_for(1, Duration::from_secs(60)).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let posted: Vec<Value> = slack.delivered();
    assert_eq!(posted.len(), 1);
}
