//! The scheduled sweep's binary through the Runtime API, with the state
//! table in a local DynamoDB and a local Slack.

use aws_sdk_dynamodb::config::{Credentials, Region};
use respondby_core::store::{Anchor, DynamoStore, StateStore};
use respondby_testkit::{DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
use serde_json::{json, Value};
use std::time::Duration;

const SWEEP: &str = env!("CARGO_BIN_EXE_respondby-reminders");
const WAIT: Duration = Duration::from_secs(60);

fn scheduled() -> Value {
    json!({"version": "0", "id": "sched-1", "detail-type": "Scheduled Event", "source": "aws.scheduler",
           "account": "111122223333", "time": "2026-06-24T10:00:00Z", "region": "us-east-1",
           "resources": [], "detail": {}})
}

async fn store(endpoint: &str) -> DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    DynamoStore::new(&sdk, "respondby-state")
}

/// A flood window as a function leaves it: opened by the first message,
/// then `reads` repeats folded under their objects. It ends in `secs`
/// seconds, at the returned Unix time.
async fn flood(store: &DynamoStore, reads: &[&str], secs: i64) -> i64 {
    let now = chrono::Utc::now().timestamp();
    let anchor = Anchor {
        case_key: "env-file:ct-0".into(),
        title: ".env in s3://app-config was read by arn:aws:iam::111122223333:user/scraper".into(),
        message: None,
        route: None,
    };
    let group = "env-file:GetObject:arn:aws:iam::111122223333:user/scraper";
    store
        .opened(group, now + secs, 3, &anchor, now + 86_400)
        .await
        .unwrap();
    for key in reads {
        store.fold(group, now, 3, Some(key)).await.unwrap();
    }
    now + secs
}

/// Waits until the window that ends at `end` (Unix seconds) has ended.
async fn until_ended(end: i64) {
    let left = (end + 1) * 1000 - chrono::Utc::now().timestamp_millis();
    tokio::time::sleep(Duration::from_millis(left.max(0) as u64 + 100)).await;
}

fn env<'a>(url: &'a str, ep: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("SLACK_WEBHOOK_URL", url),
        ("DEDUP_TABLE", "respondby-state"),
        ("AWS_ENDPOINT_URL_DYNAMODB", ep),
    ]
}

/// A flood that stops: its tail is posted by the sweep after the window
/// ends, once, listing what was folded; overlapping sweeps post it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_window_s_folded_repeats_are_posted_once_by_the_sweep() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let (url, ep) = (slack.url(), dynamo.endpoint());
    // Long enough for a sweep to start and run on a busy CI machine first.
    let end = flood(
        &store(&ep).await,
        &[
            "s3://app-config/a/.env",
            "s3://app-config/b/.env",
            "s3://app-config/a/.env",
            "s3://app-config/a/.env",
        ],
        8,
    )
    .await;

    // Before the window ends the sweep has nothing to post.
    let sweeps = RuntimeApi::start(vec![scheduled()]).await;
    let s = FunctionProcess::spawn(SWEEP, &sweeps.addr(), &env(&url, &ep));
    let done = sweeps.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Response(r) if r["summaries"] == 0),
        "{:?}\n{}",
        done[0].outcome,
        s.logs()
    );
    assert!(slack.delivered().is_empty());
    assert!(
        chrono::Utc::now().timestamp() < end,
        "the first sweep ran after the window ended; the test proves nothing"
    );

    until_ended(end).await;
    // Two sweeps at once (a slow run overlapping the next): one summary.
    let other = RuntimeApi::start(vec![scheduled()]).await;
    let s2 = FunctionProcess::spawn(SWEEP, &other.addr(), &env(&url, &ep));
    sweeps.push(scheduled());
    let (a, b) = tokio::join!(sweeps.wait_for(2, WAIT), other.wait_for(1, WAIT));
    let reported: u64 = [&a[1], &b[0]]
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["reported"].as_u64().unwrap(),
            o => panic!("{o:?}\n{}\n{}", s.logs(), s2.logs()),
        })
        .sum();
    assert_eq!(reported, 4);
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1, "{posted:?}");
    let summary = posted[0].to_string();
    assert!(summary.contains("4 more like this"), "{summary}");
    assert!(
        summary.contains("s3://app-config/a/.env ×3")
            && summary.contains("s3://app-config/b/.env ×1"),
        "{summary}"
    );

    // Nothing is left: the next sweep posts nothing.
    sweeps.push(scheduled());
    let done = sweeps.wait_for(3, WAIT).await;
    assert!(
        matches!(&done[2].outcome, Outcome::Response(r) if r["summaries"] == 0),
        "{:?}",
        done[2].outcome
    );
    assert_eq!(slack.delivered().len(), 1);
}

/// DynamoDB down during a run: an error, nothing lost; the next run posts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_table_down_the_sweep_fails_and_the_next_run_catches_up() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let (url, ep) = (slack.url(), dynamo.endpoint());
    let end = flood(
        &store(&ep).await,
        &["s3://app-config/a/.env", "s3://app-config/a/.env"],
        1,
    )
    .await;
    until_ended(end).await;
    dynamo.set_down(true);
    let sweeps = RuntimeApi::start(vec![scheduled()]).await;
    let s = FunctionProcess::spawn(SWEEP, &sweeps.addr(), &env(&url, &ep));
    let done = sweeps.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Error { error_type, .. } if error_type.starts_with("Retryable.")),
        "{:?}\n{}",
        done[0].outcome,
        s.logs()
    );
    assert!(slack.delivered().is_empty());
    dynamo.set_down(false);
    sweeps.push(scheduled());
    let done = sweeps.wait_for(2, WAIT).await;
    assert!(
        matches!(&done[1].outcome, Outcome::Response(r) if r["reported"] == 2),
        "{:?}",
        done[1].outcome
    );
    assert_eq!(slack.delivered().len(), 1);
}

/// Slack down during a run: the counts are given back; the next run posts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_slack_down_the_counts_are_kept_for_the_next_run() {
    use respondby_testkit::Reply;
    let slack = SlackStub::start(vec![Reply::Status(500, "x"); 5]).await;
    let dynamo = DynamoStub::start().await;
    let (url, ep) = (slack.url(), dynamo.endpoint());
    let end = flood(&store(&ep).await, &["s3://app-config/a/.env"; 3], 1).await;
    until_ended(end).await;
    let sweeps = RuntimeApi::start(vec![scheduled()]).await;
    let s = FunctionProcess::spawn(SWEEP, &sweeps.addr(), &env(&url, &ep));
    let done = sweeps.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Outcome::Error { error_type, .. } if error_type == "Retryable.SlackUnavailable"),
        "{:?}\n{}",
        done[0].outcome,
        s.logs()
    );
    sweeps.push(scheduled());
    let done = sweeps.wait_for(2, WAIT).await;
    assert!(
        matches!(&done[1].outcome, Outcome::Response(r) if r["reported"] == 3),
        "{:?}",
        done[1].outcome
    );
    assert!(slack.delivered()[0]
        .to_string()
        .contains("s3://app-config/a/.env ×3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_state_table_the_sweep_refuses_to_start() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![]).await;
    let url = slack.url();
    let mut f = FunctionProcess::spawn(SWEEP, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    assert!(init.to_string().contains("DEDUP_TABLE"), "{init}");
    assert!(f.wait_exit(WAIT).await.is_some());
}
