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

const TOKEN: &str = "xoxb-111-222-respondbytesttoken";
const CHANNEL: &str = "C0ALERTS";

/// A case whose reply to AWS is due in an hour, posted 23 hours ago, with
/// every reminder step up to now unsent (due now).
async fn due_case(store: &DynamoStore, key: &str, message: respondby_core::tracked::MessageRef) {
    use respondby_core::{Alert, Severity, Source};
    let start = chrono::Utc::now() - chrono::Duration::hours(23);
    let mut a = Alert::new(
        Source::Health,
        "AWS_ABUSE_DOS_REPORT",
        Severity::Critical,
        "AWS abuse report: Denial of service (DoS)",
        start,
    );
    a.account = "111122223333".into();
    a.case_key = key.into();
    a.clock = respondby_core::deadline::CaseClock::new("abuse", start);
    a.clock.reply_to_aws = true;
    respondby_core::DeadlinePolicy::default().apply(&mut a);
    let mut c = respondby_core::tracked::Tracked::new(&a, Some(message), start);
    c.next_due = Some(chrono::Utc::now() - chrono::Duration::minutes(1));
    assert!(store.put_case(&c, None, i64::MAX / 4).await.unwrap());
}

/// Two due cases in app mode; the channel of one is gone (Slack answers
/// `channel_not_found`). Its reminder is refused for good: logged once with
/// its case key and `refused_permanently=true`, the run does not fail, the
/// other case is reminded, and the next runs do not try it again.
async fn a_permanent_refusal_is_logged_once_and_not_retried(endpoint: &str, suffix: &str) {
    let slack = respondby_testkit::SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel(CHANNEL, true);
    let st = store(endpoint).await;
    let gone = format!("health:111122223333:gone{suffix}");
    let live = format!("health:111122223333:live{suffix}");
    let gone_at = respondby_core::tracked::MessageRef {
        channel: "C0GONE".into(),
        ts: "1782378877.000100".into(),
    };
    let live_at = respondby_core::tracked::MessageRef {
        channel: CHANNEL.into(),
        ts: slack.add_user_message(CHANNEL, "U000BOT", "the alert"),
    };
    due_case(&st, &gone, gone_at).await;
    due_case(&st, &live, live_at.clone()).await;
    let base = slack.base_url();
    let sweeps = RuntimeApi::start(vec![scheduled()]).await;
    let s = FunctionProcess::spawn(
        SWEEP,
        &sweeps.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", TOKEN),
            ("SLACK_CHANNEL", CHANNEL),
            ("SLACK_API_URL", base.as_str()),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
        ],
    );
    let posts_to_gone = || {
        slack
            .requests_to("chat.postMessage")
            .iter()
            .filter(|r| r.body["channel"] == "C0GONE")
            .count()
    };
    let done = sweeps.wait_for(1, WAIT).await;
    match &done[0].outcome {
        Outcome::Response(r) => assert!(r["refused"].as_u64() >= Some(1), "{r}"),
        o => panic!(
            "a permanent refusal does not fail the sweep: {o:?}\n{}",
            s.logs()
        ),
    }
    assert_eq!(posts_to_gone(), 1);
    assert_eq!(
        slack.replies(CHANNEL, &live_at.ts).len(),
        1,
        "the other case is reminded\n{}",
        s.logs()
    );
    let parked = st.load_case(&gone).await.unwrap().unwrap();
    assert!(
        parked
            .refused
            .as_ref()
            .is_some_and(|r| r.reason.contains("channel_not_found")),
        "{parked:?}"
    );
    assert!(parked
        .next_due
        .is_none_or(|d| d > chrono::Utc::now() + chrono::Duration::days(1)));
    // Two more runs: nothing is tried again, nothing logged again.
    for n in 2..=3 {
        sweeps.push(scheduled());
        let done = sweeps.wait_for(n, WAIT).await;
        assert!(
            matches!(&done[n - 1].outcome, Outcome::Response(_)),
            "{:?}\n{}",
            done[n - 1].outcome,
            s.logs()
        );
    }
    assert_eq!(posts_to_gone(), 1);
    let logs = s.logs();
    let lines: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("refused_permanently") && l.contains(&gone))
        .collect();
    assert_eq!(lines.len(), 1, "{logs}");
    assert!(
        lines[0].contains("\"refused_permanently\":true"),
        "{}",
        lines[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_slack_refusal_is_logged_once_not_retried_and_does_not_fail_the_sweep() {
    let dynamo = DynamoStub::start().await;
    a_permanent_refusal_is_logged_once_and_not_retried(&dynamo.endpoint(), "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn a_permanent_slack_refusal_is_logged_once_and_not_retried_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let suffix = format!(":moto-{}", respondby_testkit::unix_now());
    a_permanent_refusal_is_logged_once_and_not_retried(&endpoint, &suffix).await;
}

/// The table refuses to write one case (too large, a value it does not
/// take): that case is skipped and logged, the others are reminded, and
/// the sweep does not fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_the_table_refuses_is_skipped_and_the_others_are_reminded() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let (url, ep) = (slack.url(), dynamo.endpoint());
    let st = store(&ep).await;
    let at = |ts: &str| respondby_core::tracked::MessageRef {
        channel: CHANNEL.into(),
        ts: ts.into(),
    };
    for k in ["a", "b", "c"] {
        due_case(&st, &format!("health:111122223333:{k}"), at("1.000100")).await;
    }
    // The first write of the sweep (taking a case over) is refused.
    dynamo.fail_operation("PutItem", 1, "ValidationException");
    let sweeps = RuntimeApi::start(vec![scheduled()]).await;
    let s = FunctionProcess::spawn(SWEEP, &sweeps.addr(), &env(&url, &ep));
    let done = sweeps.wait_for(1, WAIT).await;
    match &done[0].outcome {
        Outcome::Response(r) => {
            assert_eq!(
                (&r["skipped"], &r["reminders"]),
                (&json!(1), &json!(2)),
                "{r}"
            )
        }
        o => panic!("{o:?}\n{}", s.logs()),
    }
    assert_eq!(slack.delivered().len(), 2);
    assert!(
        s.logs().contains("\"refused_by_table\":true"),
        "{}",
        s.logs()
    );
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
