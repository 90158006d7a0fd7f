//! The Health function binary through the Runtime API, with the webhook read
//! from a local Secrets Manager and details from a local Health API.

use respondby_testkit::{
    fixture, AwsStub, DynamoStub, FunctionProcess, Outcome, RuntimeApi, SlackApiStub, SlackStub,
};
use serde_json::json;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-health");
const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/slack-AbCdEf";

async fn run(aws: AwsStub) -> Vec<respondby_testkit::Invocation> {
    let api = RuntimeApi::start(vec![fixture("health", "abuse-dos-report.json")]).await;
    let ep = aws.endpoint();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert_eq!(done.len(), 1, "{}", f.logs());
    assert!(
        !f.logs().contains(respondby_testkit::WEBHOOK_TOKEN),
        "webhook token logged"
    );
    done
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abuse_report_is_enriched_from_the_health_api_and_posted() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .secret(SECRET, &slack.url())
        .health_details(json!({"successfulSet": [{
            "event": {"arn": "x", "statusCode": "open"},
            "eventDescription": {"latestDescription": "FULL REPORT TEXT FROM THE HEALTH API"}}],
            "failedSet": []}))
        .health_entities_pages(vec![
            json!({"entities": [{"entityValue": "i-page1"}]}),
            json!({"entities": [{"entityValue": "i-page2", "statusCode": "IMPAIRED"}]}),
        ])
        .start()
        .await;
    let done = run(aws).await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}",
        done[0].outcome
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    let body = posted[0].to_string();
    assert!(body.contains("FULL REPORT TEXT FROM THE HEALTH API"));
    assert!(
        body.contains("i-page1") && body.contains("i-page2 (IMPAIRED)"),
        "{body}"
    );
    assert!(posted[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("[CRITICAL] AWS Health"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_support_plan_the_alert_is_still_posted_with_a_note() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .secret(SECRET, &slack.url())
        .health_error(
            "SubscriptionRequiredException",
            "The AWS Health API requires a Business support plan",
        )
        .start()
        .await;
    let done = run(aws).await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}",
        done[0].outcome
    );
    let body = slack.delivered()[0].to_string();
    assert!(
        body.contains("support plan") && body.contains("Health dashboard"),
        "{body}"
    );
    assert!(
        body.contains("denial-of-service"),
        "event text must still be there"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_secret_is_an_init_error_naming_it() {
    let aws = AwsStub::builder().start().await;
    let api = RuntimeApi::start(vec![]).await;
    let ep = aws.endpoint();
    let mut f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
        ],
    );
    let init = api.wait_for_init_error(WAIT).await.expect("init error");
    assert!(
        init.to_string().contains("ResourceNotFoundException")
            && init.to_string().contains("respondby/slack"),
        "{init}"
    );
    assert!(f.wait_exit(WAIT).await.is_some());
}

/// AWS Health sends an event to the affected Region and to a backup Region
/// (global events: us-east-1 and us-west-2), with the same eventArn and
/// communicationId ("Creating EventBridge rules for AWS Region coverage";
/// the copy has `backupEvent: "true"`). The stacks of both Regions share one
/// state table: whichever copy claims the event first posts it, the other
/// posts nothing, even when both arrive at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_event_delivered_to_its_region_and_the_backup_region_pages_once() {
    let (slack, dynamo) = (SlackStub::start(vec![]).await, DynamoStub::start().await);
    let aws = AwsStub::builder()
        .health_error("SubscriptionRequiredException", "no support plan")
        .start()
        .await;
    let primary = RuntimeApi::start(vec![fixture("health", "abuse-dos-report.json")]).await;
    let backup = RuntimeApi::start(vec![fixture(
        "health",
        "abuse-dos-report-backup-region.json",
    )])
    .await;
    let (url, ddb, ep) = (slack.url(), dynamo.endpoint(), aws.endpoint());
    let shared = "arn:aws:dynamodb:us-east-1:111122223333:table/respondby-state";
    let spawn = |api: &RuntimeApi, region: &'static str| {
        FunctionProcess::spawn(
            BIN,
            &api.addr(),
            &[
                ("SLACK_WEBHOOK_URL", url.as_str()),
                ("DEDUP_TABLE", shared),
                ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
                ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
                ("AWS_REGION", region),
            ],
        )
    };
    let (p, b) = (spawn(&primary, "us-east-1"), spawn(&backup, "us-west-2"));
    let (pd, bd) = tokio::join!(primary.wait_for(1, WAIT), backup.wait_for(1, WAIT));
    assert_eq!((pd.len(), bd.len()), (1, 1), "{}\n{}", p.logs(), b.logs());
    let mut actions: Vec<String> = [&pd[0], &bd[0]]
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap_or("?").to_owned(),
            o => panic!("{o:?}"),
        })
        .collect();
    actions.sort();
    assert_eq!(actions, ["duplicate", "notify"]);
    assert_eq!(slack.delivered().len(), 1);
}

/// An update of the same event ARN is an update, not a new critical page:
/// in app mode it goes into the alert's thread and the alert is updated in
/// place; AWS closing the case resolves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_mode_updates_and_closing_go_into_the_thread_and_update_the_alert() {
    let slack = SlackApiStub::start().await;
    slack.accept_token("xoxb-111-222-respondbytesttoken");
    slack.add_channel("C0ALERTS", true);
    slack.add_channel("C0PAGER", true);
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .health_error("SubscriptionRequiredException", "no support plan")
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        fixture("health", "abuse-dos-report.json"),
        fixture("health", "abuse-dos-report-updated.json"),
        fixture("health", "abuse-closed-by-aws.json"),
    ])
    .await;
    let (base, ddb, ep) = (slack.base_url(), dynamo.endpoint(), aws.endpoint());
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
            ("MENTION_CRITICAL", "here"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    let done = api.wait_for(3, WAIT).await;
    let actions: Vec<String> = done
        .iter()
        .map(|d| match &d.outcome {
            Outcome::Response(r) => r["action"].as_str().unwrap().to_owned(),
            o => panic!("{o:?}\n{}", f.logs()),
        })
        .collect();
    assert_eq!(actions, ["notify", "update", "update"]);
    let top = slack.messages("C0PAGER");
    assert_eq!(top.len(), 1, "one page for the case: {top:?}");
    assert!(slack.messages("C0ALERTS").is_empty());
    let replies = slack.replies("C0PAGER", &top[0].ts);
    assert_eq!(replies.len(), 3, "{replies:?}");
    // First in the thread: the English reply to AWS, ready to copy.
    let draft = serde_json::to_string(&replies[0].blocks).unwrap();
    assert!(
        replies[0].text.contains("Reply to AWS: first reply")
            && draft.contains("Hello AWS Trust &amp; Safety team")
            && draft.contains("5f2c0a77b1d94e0c8a6b3e1d-1"),
        "the draft in the thread: {draft}"
    );
    let first = serde_json::to_string(&replies[1].blocks).unwrap();
    assert!(
        first.contains("i-0c0ffee0c0ffee012"),
        "what changed: {first}"
    );
    assert!(
        !replies[1].text.contains("<!here>"),
        "an update is not a new page"
    );
    let parent = slack.message("C0PAGER", &top[0].ts).unwrap();
    let parent_text = serde_json::to_string(&parent.blocks).unwrap();
    assert!(
        parent_text.contains("AWS closed this case"),
        "{parent_text}"
    );
    assert!(
        !parent_text.contains("respondby.ack"),
        "no buttons once closed"
    );
    assert!(
        !parent_text.contains("Hello AWS"),
        "in app mode the draft is in the thread, not on the alert"
    );
    // The first post paged with the first report's deadline.
    let first_post = &slack.requests_to("chat.postMessage")[0].body;
    let first_text = first_post["text"].as_str().unwrap();
    assert!(
        first_text.starts_with("<!here>")
            && first_text.contains("reply to aws by 2026-06-25 09:14 UTC"),
        "{first_text}"
    );
}

/// In webhook mode an update is a new message that says so, with no mentions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_webhook_mode_an_update_is_a_quiet_message_saying_what_changed() {
    let slack = SlackStub::start(vec![]).await;
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .health_error("SubscriptionRequiredException", "no support plan")
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        fixture("health", "abuse-dos-report.json"),
        fixture("health", "abuse-dos-report-updated.json"),
    ])
    .await;
    let (url, ddb, ep) = (slack.url(), dynamo.endpoint(), aws.endpoint());
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", url.as_str()),
            ("MENTION_CRITICAL", "here"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    assert_eq!(api.wait_for(2, WAIT).await.len(), 2, "{}", f.logs());
    let posted = slack.delivered();
    assert_eq!(posted.len(), 2);
    assert!(posted[0]["text"].as_str().unwrap().starts_with("<!here>"));
    let update = posted[1].to_string();
    assert!(!update.contains("<!here>"), "{update}");
    assert!(
        update.contains("UPDATE") && update.contains("What changed"),
        "{update}"
    );
    assert!(
        update.contains("2026-06-25 09:14 UTC"),
        "the first report's deadline: {update}"
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
    let problems = respondby_testkit::fuzz::hostile_times_through(BIN, "health").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An SES sending pause whose event text names no review period, while the
/// full text from the Health API does: the fix-by follows the full text
/// (the period is read again after enrichment replaces AWS's text).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ses_review_period_is_read_again_from_the_health_apis_full_text() {
    let slack = SlackStub::start(vec![]).await;
    let aws = AwsStub::builder()
        .secret(SECRET, &slack.url())
        .health_details(json!({"successfulSet": [{
            "event": {"arn": "x", "statusCode": "open"},
            "eventDescription": {"latestDescription": "Your Amazon SES sending has been paused. You have a review period of 14 days to fix the issue."}}],
            "failedSet": []}))
        .start()
        .await;
    let api = RuntimeApi::start(vec![fixture("health", "ses-enforcement-shutdown.json")]).await;
    let ep = aws.endpoint();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
            ("AWS_ENDPOINT_URL_HEALTH", ep.as_str()),
        ],
    );
    let done = api.wait_for(1, WAIT).await;
    assert!(
        matches!(done[0].outcome, Outcome::Response(_)),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let body = slack.delivered()[0].to_string();
    assert!(body.contains("review period of 14 days"), "{body}");
    // Told 2026-06-24 09:14:37 UTC; fix within the 14 days the text names.
    assert!(body.contains("2026-07-08 09:14 UTC"), "{body}");
}
