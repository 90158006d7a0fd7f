//! Load run (bounded, loopback only): 1,000 mixed .env events through the
//! real function binary, against a Slack that answers 429 + Retry-After once
//! more than 5 messages arrive in a second. Every event must end delivered,
//! folded or recognised as a duplicate; none lost. Prints the throughput.

use respondby_testkit::{fixture, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackStub};
use serde_json::Value;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_respondby-env-file-access");

fn event(i: usize) -> Value {
    let kinds = [
        "read-by-iam-user-foreign-ip.json",
        "read-denied.json",
        "read-anonymous-public-object.json",
        "read-presigned-suffix-env.json",
        "read-by-deploy-role.json",
    ];
    let mut ev = fixture("env-file", kinds[i % kinds.len()]);
    // 40 principals; every 10th event is an EventBridge duplicate of the one before.
    let n = if i % 10 == 9 { i - 1 } else { i };
    ev["id"] = format!("load-{n}").into();
    ev["detail"]["eventID"] = format!("load-ct-{n}").into();
    ev["detail"]["userIdentity"]["arn"] =
        format!("arn:aws:iam::111122223333:user/reader-{}", n % 40).into();
    ev["detail"]["userIdentity"]["accessKeyId"] = format!("AKIALOAD{:04}", n % 40).into();
    ev
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_mixed_events_against_a_rate_limited_slack_lose_nothing() {
    let slack = SlackStub::rate_limited(5, 1).await;
    let dynamo = DynamoStub::start().await;
    let api = RuntimeApi::start((0..1000).map(event).collect()).await;
    let (url, ep) = (slack.url(), dynamo.endpoint());
    let started = Instant::now();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("DEDUP_TABLE", "state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ],
    );
    let done = api.wait_for(1000, Duration::from_secs(300)).await;
    let elapsed = started.elapsed();
    assert_eq!(done.len(), 1000, "{}", f.logs());
    let (mut notified, mut folded, mut duplicates) = (0u64, 0u64, 0u64);
    for d in &done {
        match &d.outcome {
            Outcome::Response(r) => match r["action"].as_str().unwrap() {
                "notify" => notified += 1,
                "folded" => folded += 1,
                "duplicate" => duplicates += 1,
                other => panic!("unexpected action {other}"),
            },
            Outcome::Error {
                error_type,
                error_message,
            } => panic!("lost: {error_type}: {error_message}"),
        }
    }
    assert_eq!(duplicates, 100, "every 10th event was a duplicate");
    assert_eq!(notified + folded, 900);
    assert_eq!(
        slack.delivered().len() as u64,
        notified,
        "each notify is exactly one delivered message"
    );
    assert!(
        slack.requests().iter().any(|r| r.status == Some(429)),
        "the rate limit was never hit"
    );
    // Folded events wait, counted, for the next message of their group.
    let pending: u64 = (0..40)
        .map(|p| {
            dynamo
                .item(&format!(
                    "group#env-file:GetObject:arn:aws:iam::111122223333:user/reader-{p}"
                ))
                .and_then(|i| i["folded"]["N"].as_str().and_then(|n| n.parse().ok()))
                .unwrap_or(0)
        })
        .sum();
    let shown_as_folded: u64 = slack
        .delivered()
        .iter()
        .filter_map(|p| {
            p.to_string()
                .split(":repeat: ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<u64>().ok())
        })
        .sum();
    assert_eq!(
        shown_as_folded + pending,
        folded,
        "folded events are all accounted for"
    );
    eprintln!(
        "load: 1000 events in {:.1} s ({:.0} events/s); {notified} messages, {folded} folded, {duplicates} duplicates, {} Slack requests ({} answered 429)",
        elapsed.as_secs_f64(),
        1000.0 / elapsed.as_secs_f64(),
        slack.requests().len(),
        slack.requests().iter().filter(|r| r.status == Some(429)).count()
    );
}
