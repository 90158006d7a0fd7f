//! The GuardDuty function binary, run as Lambda runs it: through the Runtime
//! API, posting to a local Slack.

use respondby_testkit::{fixture, FunctionProcess, Outcome, Reply, RuntimeApi, SlackStub};
use serde_json::json;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-guardduty");
const WAIT: Duration = Duration::from_secs(30);

async fn run(
    script: Vec<Reply>,
    events: Vec<serde_json::Value>,
) -> (
    SlackStub,
    Vec<respondby_testkit::Invocation>,
    FunctionProcess,
) {
    let slack = SlackStub::start(script).await;
    let n = events.len();
    let api = RuntimeApi::start(events).await;
    let url = slack.url();
    let f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let done = api.wait_for(n, WAIT).await;
    assert_eq!(done.len(), n, "logs:\n{}", f.logs());
    (slack, done, f)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_is_posted_to_slack_and_reported_as_a_response() {
    let (slack, done, f) = run(
        vec![],
        vec![fixture("guardduty", "iam-malicious-ip-caller.json")],
    )
    .await;
    let Outcome::Response(r) = &done[0].outcome else {
        panic!("{:?}\n{}", done[0].outcome, f.logs())
    };
    assert_eq!(r["action"], "notify");
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    assert!(
        posted[0]["text"]
            .as_str()
            .unwrap()
            .contains("[MEDIUM] GuardDuty"),
        "{}",
        posted[0]["text"]
    );
    // JSON logs carry the EventBridge id; the webhook token never appears.
    let logs = f.logs_containing("\"done\"", Duration::from_secs(5)).await;
    assert!(
        logs.contains("\"event_id\":\"0d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d\""),
        "{logs}"
    );
    assert!(
        !logs.contains(respondby_testkit::WEBHOOK_TOKEN),
        "webhook token in logs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_500_then_200_delivers_exactly_once() {
    let (slack, done, _f) = run(
        vec![Reply::Status(500, "rollup_error"), Reply::Ok],
        vec![fixture("guardduty", "ec2-port-probe-low.json")],
    )
    .await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}",
        done[0].outcome
    );
    assert_eq!(slack.requests().len(), 2);
    assert_eq!(slack.delivered().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_webhook_is_reported_as_an_error_naming_the_cause() {
    let (slack, done, f) = run(
        vec![Reply::Status(404, "no_service")],
        vec![fixture("guardduty", "ec2-port-probe-low.json")],
    )
    .await;
    let Outcome::Error {
        error_type,
        error_message,
    } = &done[0].outcome
    else {
        panic!("{:?}", done[0].outcome)
    };
    assert_eq!(error_type, "Permanent.SlackRejected");
    assert!(
        error_message.contains("404") && error_message.contains("no_service"),
        "{error_message}"
    );
    assert!(!error_message.contains(respondby_testkit::WEBHOOK_TOKEN));
    assert_eq!(slack.requests().len(), 1, "a 404 must not be retried");
    assert!(!f.logs().contains(respondby_testkit::WEBHOOK_TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_misrouted_events_are_errors_and_the_function_keeps_serving() {
    let (slack, done, f) = run(
        vec![],
        vec![
            fixture("guardduty", "error-severity-not-a-number.json"),
            fixture("health", "abuse-dos-report.json"),
            json!({"hello": "world"}),
            fixture("guardduty", "ec2-port-probe-low.json"),
        ],
    )
    .await;
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
    assert!(errors[0].1.contains("HIGH"), "{}", errors[0].1);
    assert_eq!(errors[1].0, "Permanent.UnsupportedEvent");
    assert!(errors[1].1.contains("health function"), "{}", errors[1].1);
    assert!(errors[2].1.contains("detail-type"), "{}", errors[2].1);
    assert!(matches!(done[3].outcome, Outcome::Response(_)));
    assert_eq!(slack.delivered().len(), 1);
    assert!(!f.logs().contains("panicked"), "{}", f.logs());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archived_finding_is_skipped_successfully() {
    let (slack, done, _f) = run(vec![], vec![fixture("guardduty", "skip-archived.json")]).await;
    let Outcome::Response(r) = &done[0].outcome else {
        panic!()
    };
    assert_eq!(r["action"], "skip");
    assert!(slack.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_configuration_is_an_init_error() {
    let api = RuntimeApi::start(vec![fixture("guardduty", "ec2-port-probe-low.json")]).await;
    let mut f = FunctionProcess::spawn(BIN, &api.addr(), &[]);
    let init = api
        .wait_for_init_error(WAIT)
        .await
        .expect("init error reported");
    assert!(
        init.to_string().contains("SLACK_WEBHOOK_SECRET_ARN"),
        "{init}"
    );
    assert!(f.wait_exit(WAIT).await.is_some_and(|s| !s.success()));
    assert!(api.finished().is_empty(), "no event may be consumed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_slack_webhook_is_refused_at_start_up() {
    let api = RuntimeApi::start(vec![]).await;
    let mut f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[(
            "SLACK_WEBHOOK_URL",
            "https://evil.example/services/T/B/SeCrEt",
        )],
    );
    let init = api
        .wait_for_init_error(WAIT)
        .await
        .expect("init error reported");
    assert!(init.to_string().contains("hooks.slack.com"), "{init}");
    assert!(!init.to_string().contains("SeCrEt"));
    assert!(f.wait_exit(WAIT).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_logs_follow_the_lambda_log_level_and_carry_no_colour_codes() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![fixture("guardduty", "iam-malicious-ip-caller.json")]).await;
    let url = slack.url();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("AWS_LAMBDA_LOG_FORMAT", "Text"),
            ("AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
        ],
    );
    assert_eq!(api.wait_for(1, WAIT).await.len(), 1, "{}", f.logs());
    let logs = f.logs_containing("done", Duration::from_secs(5)).await;
    assert!(logs.contains("notified"), "{logs}");
    assert!(!logs.contains('\u{1b}'), "colour codes in logs: {logs:?}");
    assert!(!logs.trim_start().starts_with('{'), "not text: {logs}");

    // At WARN, a successful invocation logs nothing.
    let api = RuntimeApi::start(vec![fixture("guardduty", "iam-malicious-ip-caller.json")]).await;
    let quiet = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("AWS_LAMBDA_LOG_LEVEL", "WARN"),
        ],
    );
    assert_eq!(api.wait_for(1, WAIT).await.len(), 1, "{}", quiet.logs());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!quiet.logs().contains("notified"), "{}", quiet.logs());
    assert_eq!(slack.delivered().len(), 2);
}

/// The CI fuzz through the binary: hostile times (chrono's limits, 1970,
/// year 0, random years, garbage) in any time field of this source's
/// fixtures, with the state table and buttons on. Every event ends in a
/// response or a `Permanent.*` error; the process never dies or hangs.
/// A fixed seed and 200 events (`RESPONDBY_FUZZ_SEED`, `RESPONDBY_FUZZ_CASES`
/// for others).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_times_in_any_time_field_never_crash_the_function() {
    let problems = respondby_testkit::fuzz::hostile_times_through(BIN, "guardduty").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
