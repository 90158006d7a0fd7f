//! The cost anomaly function binary, run as Lambda runs it: through the
//! Runtime API, posting to a local Slack, tracking cases in a local
//! DynamoDB. It calls no AWS API per event (the anomaly event carries all
//! Cost Anomaly Detection knows), so there is no enrichment to fail; what
//! can fail around it is Slack, the state table and its configuration.

use respondby_testkit::{
    fixture, DynamoStub, FunctionProcess, Outcome, Reply, RuntimeApi, SlackStub,
};
use serde_json::json;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-cost-anomaly");
const WAIT: Duration = Duration::from_secs(30);

fn text(v: &serde_json::Value) -> &str {
    v["text"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mining_anomaly_is_posted_critical_in_english_and_in_japanese() {
    let slack = SlackStub::start(vec![]).await;
    let url = slack.url();
    for lang in ["en", "ja"] {
        let api =
            RuntimeApi::start(vec![fixture("cost-anomaly", "ec2-mining-ap-south-1.json")]).await;
        let f = FunctionProcess::spawn(
            BIN,
            &api.addr(),
            &[
                ("SLACK_WEBHOOK_URL", url.as_str()),
                ("RESPONDBY_LANGUAGE", lang),
                ("MENTION_CRITICAL", "here"),
            ],
        );
        let done = api.wait_for(1, WAIT).await;
        assert_eq!(done.len(), 1, "{}", f.logs());
        let Outcome::Response(r) = &done[0].outcome else {
            panic!("{:?}\n{}", done[0].outcome, f.logs())
        };
        assert_eq!(r["action"], "notify", "{lang}");
    }
    let posted = slack.delivered();
    assert_eq!(posted.len(), 2);
    let (en, ja) = (posted[0].to_string(), posted[1].to_string());
    assert!(
        text(&posted[0]).starts_with("<!here> [CRITICAL] Cost anomaly"),
        "{}",
        text(&posted[0])
    );
    for want in [
        "$4,857.20 (7,936.6% over expected)",
        "ap-south-1",
        "APS3-BoxUsage:c5.24xlarge",
        "Default-Services-Monitor",
        "Respond by",
        "First ask your team",
        "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/5e2f8a1c-7d3b-4c9e-8f10-2a3b4c5d6e7f/anomalies/9a4d6c2e-1f3b-4a5c-8d7e-6f5a4b3c2d1e",
    ] {
        assert!(en.contains(want), "{want} not in {en}");
    }
    assert!(text(&posted[1]).contains("緊急"), "{}", text(&posted[1]));
    for want in [
        "コストの異常",
        "影響額の合計",
        "まずチームに確認してください",
        "$4,857.20",
        "APS3-BoxUsage:c5.24xlarge",
    ] {
        assert!(ja.contains(want), "{want} not in {ja}");
    }
    assert!(!ja.contains("First ask your team"), "{ja}");
}

/// AWS evaluates an ongoing anomaly again and sends it again, grown: one
/// case, followed up with what changed (loud, as it escalated); the same
/// evaluation delivered twice is posted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_re_evaluating_an_anomaly_follows_up_on_its_case_and_a_repeat_is_posted_once() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let again = fixture("cost-anomaly", "ec2-mining-ap-south-1.json");
    let mut redelivered = again.clone();
    redelivered["id"] = "0f0f0f0f-1e1e-4d2d-8c3c-4b4b4b4b4b4b".into();
    let api = RuntimeApi::start(vec![
        fixture("cost-anomaly", "ec2-mining-first-seen.json"),
        again,
        redelivered,
        fixture("cost-anomaly", "s3-requests-medium.json"),
    ])
    .await;
    let (url, ddb) = (slack.url(), dynamo.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("MENTION_CRITICAL", "here"),
            ("MENTION_HIGH", "here"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
        ],
    );
    let done = api.wait_for(4, WAIT).await;
    assert_eq!(done.len(), 4, "{}", f.logs());
    let actions: Vec<String> = done
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            other => panic!("{other:?}\n{}", f.logs()),
        })
        .collect();
    assert_eq!(
        actions,
        ["notify", "update", "duplicate", "notify"],
        "{}",
        f.logs()
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 3);
    assert!(
        text(&posted[0]).starts_with("<!here> [HIGH] Cost anomaly"),
        "{}",
        text(&posted[0])
    );
    let update = posted[1].to_string();
    assert!(
        update.contains("UPDATE") && update.contains("What changed"),
        "{update}"
    );
    assert!(update.contains("Severity: HIGH → CRITICAL"), "{update}");
    assert!(
        update
            .contains("`$712.50 (2,343.8% over expected)` → `$4,857.20 (7,936.6% over expected)`"),
        "{update}"
    );
    // Escalated: a page again.
    assert!(
        text(&posted[1]).starts_with("<!here>"),
        "{}",
        text(&posted[1])
    );
    assert!(
        text(&posted[2]).contains("[MEDIUM] Cost anomaly"),
        "{}",
        text(&posted[2])
    );
    // Both anomalies are open cases in the table.
    let cases: Vec<serde_json::Value> = dynamo
        .items()
        .into_iter()
        .filter(|i| i.to_string().contains("cost-anomaly:111122223333:"))
        .collect();
    assert!(!cases.is_empty(), "{:#?}", dynamo.items());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_skipped_and_misrouted_events_are_told_apart_and_the_function_keeps_serving() {
    let slack = SlackStub::start(vec![]).await;
    let api = RuntimeApi::start(vec![
        fixture("cost-anomaly", "error-no-anomaly-id.json"),
        fixture("cost-anomaly", "error-detail-not-an-object.json"),
        fixture("cost-anomaly", "skip-no-impact-over-expected.json"),
        fixture("guardduty", "iam-malicious-ip-caller.json"),
        // The SNS message of an IMMEDIATE subscription is not an EventBridge event.
        json!({"accountId": "111122223333", "anomalyId": "x", "dimensionalValue": "Amazon EC2", "subscriptionId": "s"}),
        fixture("cost-anomaly", "hostile-fields.json"),
    ])
    .await;
    let url = slack.url();
    let f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let done = api.wait_for(6, WAIT).await;
    assert_eq!(done.len(), 6, "{}", f.logs());
    let error = |i: usize| match &done[i].outcome {
        Outcome::Error {
            error_type,
            error_message,
        } => (error_type.clone(), error_message.clone()),
        other => panic!("{i}: expected an error, got {other:?}"),
    };
    assert_eq!(error(0).0, "Permanent.MalformedEvent");
    assert!(error(0).1.contains("detail.anomalyId"), "{}", error(0).1);
    assert!(
        error(1).1.contains("detail must be an object"),
        "{}",
        error(1).1
    );
    let Outcome::Response(skip) = &done[2].outcome else {
        panic!("{:?}", done[2].outcome)
    };
    assert_eq!(skip["action"], "skip");
    assert_eq!(error(3).0, "Permanent.UnsupportedEvent");
    assert!(error(3).1.contains("guardduty function"), "{}", error(3).1);
    assert!(error(4).1.contains("detail-type"), "{}", error(4).1);
    assert!(
        matches!(done[5].outcome, Outcome::Response(_)),
        "{:?}",
        done[5].outcome
    );
    let posted = slack.delivered();
    assert_eq!(
        posted.len(),
        1,
        "only the hostile (but valid) anomaly is posted"
    );
    // Slack parses the top-level text and mrkdwn; the header is plain_text,
    // shown as written.
    let mut parsed = posted[0].clone();
    let blocks = parsed["blocks"].as_array_mut().unwrap();
    assert_eq!(blocks[0]["text"]["type"], "plain_text");
    blocks.remove(0);
    let b = parsed.to_string();
    for bad in ["<!channel>", "<!here>", "<@U0ADMIN>", "<https://evil"] {
        assert!(!b.contains(bad), "{bad} in {b}");
    }
    assert!(!f.logs().contains("panicked"), "{}", f.logs());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_table_that_does_not_answer_does_not_stop_the_alert() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    dynamo.set_down(true);
    let api = RuntimeApi::start(vec![fixture("cost-anomaly", "org-member-lambda-high.json")]).await;
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
    assert_eq!(done.len(), 1, "{}", f.logs());
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    assert_eq!(slack.delivered().len(), 1);
    assert!(text(&slack.delivered()[0]).contains("[HIGH] Cost anomaly"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_webhook_is_an_error_so_the_event_is_retried_and_kept() {
    let slack = SlackStub::start(vec![Reply::Status(404, "no_service")]).await;
    let api = RuntimeApi::start(vec![fixture("cost-anomaly", "s3-requests-medium.json")]).await;
    let url = slack.url();
    let f = FunctionProcess::spawn(BIN, &api.addr(), &[("SLACK_WEBHOOK_URL", url.as_str())]);
    let done = api.wait_for(1, WAIT).await;
    assert_eq!(done.len(), 1, "{}", f.logs());
    let Outcome::Error {
        error_type,
        error_message,
    } = &done[0].outcome
    else {
        panic!("{:?}", done[0].outcome)
    };
    assert_eq!(error_type, "Permanent.SlackRejected");
    assert!(error_message.contains("no_service"), "{error_message}");
    assert!(!f.logs().contains(respondby_testkit::WEBHOOK_TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_thresholds_or_regions_stop_the_function_at_start_up_naming_the_variable() {
    for (var, value, named) in [
        (
            "COST_ANOMALY_THRESHOLDS",
            "critical=50,high=100",
            "must rise",
        ),
        ("COST_ANOMALY_USUAL_REGIONS", "us-east-1,Tokyo", "Tokyo"),
    ] {
        let slack = SlackStub::start(vec![]).await;
        let api = RuntimeApi::start(vec![fixture("cost-anomaly", "s3-requests-medium.json")]).await;
        let url = slack.url();
        let mut f = FunctionProcess::spawn(
            BIN,
            &api.addr(),
            &[("SLACK_WEBHOOK_URL", url.as_str()), (var, value)],
        );
        let init = api
            .wait_for_init_error(WAIT)
            .await
            .expect("init error reported");
        let init = init.to_string();
        assert!(init.contains(var) && init.contains(named), "{init}");
        assert!(f.wait_exit(WAIT).await.is_some_and(|s| !s.success()));
        assert!(api.finished().is_empty(), "no event may be consumed");
        assert!(slack.requests().is_empty());
    }
}
