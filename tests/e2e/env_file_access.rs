//! The .env read function binary through the Runtime API, with dedup and
//! flood control in a local DynamoDB: nothing lost, nothing doubled.

use respondby_testkit::{
    fixture, DynamoStub, FunctionProcess, Outcome, Reply, RuntimeApi, SlackStub,
};
use serde_json::Value;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-env-file-access");

fn read(i: usize) -> Value {
    let mut ev = fixture("env-file", "read-by-iam-user-foreign-ip.json");
    ev["id"] = format!("ev-{i}").into();
    ev["detail"]["eventID"] = format!("ct-{i}").into();
    ev["detail"]["requestParameters"]["key"] = format!("site{i}/.env").into();
    ev
}

/// A request for a .env that does not exist, by the same principal as `read`.
fn probe(i: usize) -> Value {
    let mut ev = read(i);
    ev["detail"]["errorCode"] = "NoSuchKey".into();
    ev["detail"]["errorMessage"] = "The specified key does not exist.".into();
    ev
}

async fn spawn(
    api: &RuntimeApi,
    slack: &SlackStub,
    dynamo: &str,
    extra: &[(&str, &str)],
) -> FunctionProcess {
    let url = slack.url();
    let mut env = vec![
        ("SLACK_WEBHOOK_URL", url.as_str()),
        ("DEDUP_TABLE", "respondby-state"),
        ("AWS_ENDPOINT_URL_DYNAMODB", dynamo),
    ];
    env.extend_from_slice(extra);
    FunctionProcess::spawn(BIN, &api.addr(), &env)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_event_delivered_three_times_posts_once() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let api = RuntimeApi::start(vec![read(1), read(1), read(1)]).await;
    let f = spawn(&api, &slack, &dynamo.endpoint(), &[]).await;
    let done = api.wait_for(3, Duration::from_secs(30)).await;
    assert_eq!(done.len(), 3, "{}", f.logs());
    let actions: Vec<String> = done
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            o => panic!("{o:?}"),
        })
        .collect();
    assert_eq!(actions, ["notify", "duplicate", "duplicate"]);
    assert_eq!(slack.delivered().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_post_is_not_marked_done_so_the_retry_posts() {
    let (slack, dynamo) = (
        SlackStub::start(vec![Reply::Status(500, "x"); 5]).await,
        DynamoStub::start().await,
    );
    let api = RuntimeApi::start(vec![read(7)]).await;
    let f = spawn(&api, &slack, &dynamo.endpoint(), &[]).await;
    let first = api.wait_for(1, Duration::from_secs(30)).await;
    assert!(
        matches!(&first[0].outcome, Outcome::Error { error_type, .. } if error_type == "Retryable.SlackUnavailable"),
        "{:?}",
        first[0].outcome
    );
    assert!(
        dynamo.item("dedup#env-file:ct-7").is_none(),
        "marked done before Slack accepted it"
    );
    // Lambda retries the same event; Slack is back.
    api.push(read(7));
    let done = api.wait_for(2, Duration::from_secs(30)).await;
    assert!(
        matches!(done[1].outcome, Outcome::Response(_)),
        "{:?}\n{}",
        done[1].outcome,
        f.logs()
    );
    assert_eq!(slack.delivered().len(), 1);
    assert!(dynamo.item("dedup#env-file:ct-7").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_dynamodb_down_alerts_are_still_posted() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![read(1), read(1)]).await;
    // Nothing listens there: every DynamoDB call fails.
    let f = spawn(&api, &slack, &respondby_testkit::nothing_listening(), &[]).await;
    let done = api.wait_for(2, Duration::from_secs(60)).await;
    assert_eq!(done.len(), 2, "{}", f.logs());
    assert!(done
        .iter()
        .all(|d| matches!(d.outcome, Outcome::Response(_))));
    assert_eq!(
        slack.delivered().len(),
        2,
        "a duplicate is better than a lost alert"
    );
    assert!(f
        .logs_containing("posting anyway", Duration::from_secs(5))
        .await
        .contains("posting anyway"));
}

/// Issue 10, item 10: once Slack has the alert, the writes that follow (the
/// dedup key settled, the flood window opened, the case recorded) can fail
/// without failing the invocation, or Lambda would retry it and post again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_slack_accepted_the_post_a_failing_table_never_makes_lambda_post_again() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let switch = dynamo.switch();
    slack.on_accept(move || switch.set_down(true));
    let api = RuntimeApi::start(vec![read(11)]).await;
    let f = spawn(&api, &slack, &dynamo.endpoint(), &[]).await;
    let done = api.wait_for(1, Duration::from_secs(30)).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    assert_eq!(slack.delivered().len(), 1);
    let logs = f
        .logs_containing("delivered, but could not", Duration::from_secs(5))
        .await;
    assert!(logs.contains("delivered, but could not"), "{logs}");
}

/// A table that hangs after the POST cannot hold the invocation past its
/// deadline (Lambda would time it out and retry, posting again): the writes
/// get what is left of the invocation, less a margin, and are given up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_slack_accepted_the_post_a_hanging_table_is_given_up_before_the_deadline() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let switch = dynamo.switch();
    slack.on_accept(move || switch.set_stall(Some(Duration::from_secs(120))));
    let timeout = Duration::from_secs(4);
    let api = RuntimeApi::start_with_timeout(vec![], timeout).await;
    let f = spawn(&api, &slack, &dynamo.endpoint(), &[]).await;
    api.push(read(12));
    let done = api.wait_for(1, Duration::from_secs(30)).await;
    // Measured by the Runtime API, as Lambda measures it.
    let took = api.took(&done[0].request_id).unwrap();
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["action"] == "notify"),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    assert!(
        took < timeout,
        "answered after {took:?}, past the {timeout:?} deadline"
    );
    assert_eq!(slack.delivered().len(), 1);
    let logs = f
        .logs_containing("ran out of time", Duration::from_secs(5))
        .await;
    assert!(logs.contains("ran out of time"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_1000_reads_by_one_principal_gives_few_messages_whose_counts_add_up() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let api = RuntimeApi::start((0..1000).map(read).collect()).await;
    let f = spawn(
        &api,
        &slack,
        &dynamo.endpoint(),
        &[("FOLD_WINDOW_MINUTES", "1")],
    )
    .await;
    let done = api.wait_for(1000, Duration::from_secs(240)).await;
    assert_eq!(done.len(), 1000, "{}", f.logs());
    assert!(done
        .iter()
        .all(|d| matches!(d.outcome, Outcome::Response(_))));
    // After the window, the next read carries whatever is still folded.
    tokio::time::sleep(Duration::from_secs(61)).await;
    api.push(read(5000));
    assert_eq!(
        api.wait_for(1001, Duration::from_secs(30)).await.len(),
        1001
    );
    let posted = slack.delivered();
    assert!(posted.len() <= 15, "{} messages", posted.len());
    let folded: u64 = posted
        .iter()
        .map(|p| {
            let t = p.to_string();
            t.split(":repeat: ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(
        posted.len() as u64 + folded,
        1001,
        "{} messages, {folded} folded",
        posted.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probes_and_reads_by_one_principal_are_folded_apart() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let api = RuntimeApi::start(vec![read(1), probe(2), read(3), probe(4), probe(5)]).await;
    let f = spawn(
        &api,
        &slack,
        &dynamo.endpoint(),
        &[("FOLD_WINDOW_MINUTES", "60")],
    )
    .await;
    let done = api.wait_for(5, Duration::from_secs(30)).await;
    assert_eq!(done.len(), 5, "{}", f.logs());
    let actions: Vec<String> = done
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            o => panic!("{o:?}"),
        })
        .collect();
    // The first read and the first probe are posted; the repeats of each fold
    // into their own message, so a flood of probes never hides a read.
    assert_eq!(
        actions,
        ["notify", "notify", "folded", "folded", "folded"],
        "{}",
        f.logs()
    );
    let posted: Vec<String> = slack.delivered().iter().map(|p| p.to_string()).collect();
    assert_eq!(posted.len(), 2);
    assert!(posted[0].contains("was read by"), "{}", posted[0]);
    assert!(
        posted[1].contains("the file does not exist"),
        "{}",
        posted[1]
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
    let problems = respondby_testkit::fuzz::hostile_times_through(BIN, "env-file").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
