//! The Support case function binary through the Runtime API, with a local
//! Slack (webhook and Web API), a local DynamoDB and a local AWS Support
//! API (`DescribeCases`, awsJson1.1) in each of its answers: the case,
//! `SubscriptionRequiredException`, access denied, too slow, unreachable.

use respondby_testkit::{
    fixture, nothing_listening, Api, AwsStub, AwsStubBuilder, DynamoStub, FunctionProcess,
    Invocation, Outcome, RuntimeApi, SlackApiStub, SlackStub,
};
use serde_json::Value;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-support-case");
const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/slack-AbCdEf";
const TOKEN: &str = "xoxb-111-222-respondbytesttoken";

fn case(name: &str) -> Value {
    fixture("support-api", name)["cases"][0].clone()
}

fn event(name: &str) -> Value {
    fixture("support", name)
}

fn action(i: &Invocation) -> String {
    match &i.outcome {
        Outcome::Response(r) => r["action"].as_str().unwrap_or("?").to_owned(),
        o => panic!("{o:?}"),
    }
}

/// Runs `events` through the binary in webhook mode, the webhook read from
/// Secrets Manager and the case from the Support API at `support` (the
/// stand-in's endpoint unless given).
async fn webhook_run(
    aws: AwsStubBuilder,
    support: Option<String>,
    events: Vec<Value>,
    extra: &[(&str, &str)],
) -> (SlackStub, AwsStub, Vec<Invocation>, FunctionProcess) {
    let slack = SlackStub::start(vec![]).await;
    let aws = aws.secret(SECRET, &slack.url()).start().await;
    let n = events.len();
    let api = RuntimeApi::start(events).await;
    let ep = aws.endpoint();
    let support = support.unwrap_or_else(|| ep.clone());
    let mut env = vec![
        ("SLACK_WEBHOOK_SECRET_ARN", SECRET),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", ep.as_str()),
        ("AWS_ENDPOINT_URL_SUPPORT", support.as_str()),
        ("MENTION_CRITICAL", "here"),
        ("MENTION_HIGH", "here"),
    ];
    env.extend_from_slice(extra);
    let f = FunctionProcess::spawn(BIN, &api.addr(), &env);
    let done = api.wait_for(n, WAIT).await;
    assert_eq!(done.len(), n, "{}", f.logs());
    assert!(
        !f.logs().contains(respondby_testkit::WEBHOOK_TOKEN),
        "webhook token logged"
    );
    (slack, aws, done, f)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_writing_in_a_case_about_a_compromise_pages_with_what_the_support_api_says() {
    let (slack, aws, done, f) = webhook_run(
        AwsStub::builder().support_case(case("describe-cases-aws-opened-compromise.json")),
        None,
        vec![event("aws-writes-to-case.json")],
        &[],
    )
    .await;
    assert_eq!(action(&done[0]), "notify", "{}", f.logs());
    let calls = aws.calls(Api::DescribeCases);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].body["caseIdList"][0],
        "case-111122223333-muen-2026-4f1c2a9be0d37c55"
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1);
    let top = posted[0]["text"].as_str().unwrap();
    assert!(
        top.starts_with("<!here> [CRITICAL] AWS Support case: AWS wrote in Support case 178120556800417: [CASE 178120556800417] [ACTION REQUIRED]"),
        "{top}"
    );
    assert!(
        top.contains("reply to aws by 2026-06-23 03:07 UTC"),
        "{top}"
    );
    let body = posted[0].to_string();
    for want in [
        "What AWS says (AWS's original text)",
        "Your AWS account 111122223333 may be compromised.",
        "AWS (submitted by Amazon Web Services)",
        "the subject says [action required]",
        "Hello AWS Support,",
        "Post it as your reply in the Support case",
        "displayId=178120556800417",
    ] {
        assert!(body.contains(want), "{want}: {body}");
    }
}

/// Each way the Support API can fail: the alert still goes out, from the
/// event alone, saying why; it is never lost or delayed past the lookup's
/// four seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_support_api_failure_still_posts_the_alert_and_says_why() {
    let unreachable = nothing_listening();
    let cases: [(AwsStubBuilder, Option<String>, &str); 4] = [
        (
            AwsStub::builder().support_error(
                "SubscriptionRequiredException",
                "AWS Premium Support Subscription is required to use this service.",
            ),
            None,
            "needs Business support or higher",
        ),
        (
            AwsStub::builder().support_error(
                "AccessDeniedException",
                "User is not authorized to perform: support:DescribeCases",
            ),
            None,
            "may not call the AWS Support API (AccessDeniedException)",
        ),
        (
            AwsStub::builder()
                .support_case(case("describe-cases-aws-opened-compromise.json"))
                .delay(Api::DescribeCases, Duration::from_secs(6)),
            None,
            "did not answer in time",
        ),
        (
            AwsStub::builder(),
            Some(unreachable.clone()),
            "the AWS Support API failed",
        ),
    ];
    for (aws, support, says) in cases {
        let (slack, _aws, done, f) =
            webhook_run(aws, support, vec![event("aws-writes-to-case.json")], &[]).await;
        assert_eq!(action(&done[0]), "notify", "{says}: {}", f.logs());
        let posted = slack.delivered();
        assert_eq!(posted.len(), 1, "{says}");
        let body = posted[0].to_string();
        assert!(
            body.contains("Posted from the event alone") && body.contains(says),
            "{says}: {body}"
        );
        // Still the alert: high, a reply-by deadline, the draft.
        let top = posted[0]["text"].as_str().unwrap();
        assert!(
            top.starts_with(
                "<!here> [HIGH] AWS Support case: AWS wrote in Support case 178120556800417"
            ) && top.contains("reply to aws by 2026-06-23 03:07 UTC"),
            "{says}: {top}"
        );
        assert!(body.contains("Hello AWS Support,"), "{says}");
        let logs = f.logs();
        assert!(logs.contains("Support case details unavailable"), "{logs}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_japanese_the_alert_is_japanese_and_the_draft_english() {
    let (slack, _aws, done, f) = webhook_run(
        AwsStub::builder().support_error("SubscriptionRequiredException", "no plan"),
        None,
        vec![
            event("aws-opens-case.json"),
            event("aws-writes-to-case.json"),
        ],
        &[("RESPONDBY_LANGUAGE", "ja")],
    )
    .await;
    assert_eq!(
        done.iter().map(action).collect::<Vec<_>>(),
        ["notify", "notify"],
        "{}",
        f.logs()
    );
    let posted = slack.delivered();
    let opened = posted[0].to_string();
    assert!(
        opened.contains("サポートケース 178120556800417 が開かれました（誰が開いたかは不明）"),
        "{opened}"
    );
    assert!(opened.contains("ビジネス以上のサポートプラン"), "{opened}");
    let wrote = posted[1].to_string();
    assert!(
        wrote.contains("AWSがサポートケース 178120556800417 に書き込みました"),
        "{wrote}"
    );
    assert!(wrote.contains("AWSへの返信期限"), "{wrote}");
    assert!(
        wrote.contains("サポートケースの返信として投稿してください"),
        "{wrote}"
    );
    assert!(
        wrote.contains("Hello AWS Support,"),
        "the draft stays English"
    );
}

/// Without a tracked case (here: no state table) the account's own message
/// posts nothing; a malformed event is an error naming the field, and the
/// function keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accounts_own_message_alone_posts_nothing_and_a_malformed_event_is_named() {
    let (slack, _aws, done, f) = webhook_run(
        AwsStub::builder().support_error("SubscriptionRequiredException", "no plan"),
        None,
        vec![
            event("skip-customer-replies.json"),
            event("error-missing-case-id.json"),
            fixture("guardduty", "ec2-port-probe-low.json"),
            event("case-resolved.json"),
        ],
        &[],
    )
    .await;
    assert_eq!(action(&done[0]), "skip");
    let Outcome::Error {
        error_type,
        error_message,
    } = &done[1].outcome
    else {
        panic!("{:?}", done[1].outcome)
    };
    assert_eq!(error_type, "Permanent.MalformedEvent");
    assert!(error_message.contains("detail.case-id"), "{error_message}");
    let Outcome::Error { error_type, .. } = &done[2].outcome else {
        panic!("{:?}", done[2].outcome)
    };
    assert_eq!(error_type, "Permanent.UnsupportedEvent");
    assert_eq!(action(&done[3]), "notify");
    let posted = slack.delivered();
    assert_eq!(posted.len(), 1, "only the resolved notice: {posted:?}");
    assert!(posted[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("[CLOSED] AWS Support case"));
    assert!(!f.logs().contains("panicked"), "{}", f.logs());
}

/// The mining incident's case, in app mode with the state table: AWS opens
/// it and writes in it (one page, in the critical channel, the draft in
/// its thread), the account answers (a follow-up in the thread, no page),
/// the case is resolved (the alert closes), then reopened (a new page).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_mode_a_case_is_one_thread_from_opening_to_resolution() {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel("C0ALERTS", true);
    slack.add_channel("C0PAGER", true);
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .support_case(case("describe-cases-aws-opened-compromise.json"))
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        event("aws-opens-case.json"),
        event("aws-writes-to-case.json"),
        event("skip-customer-replies.json"),
        event("case-resolved.json"),
        event("case-reopened.json"),
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
            ("SLACK_CHANNEL_CRITICAL", "C0PAGER"),
            ("SLACK_API_URL", base.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("MENTION_CRITICAL", "here"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_SUPPORT", ep.as_str()),
        ],
    );
    let done = api.wait_for(5, WAIT).await;
    assert_eq!(
        done.iter().map(action).collect::<Vec<_>>(),
        ["notify", "update", "update", "update", "notify"],
        "{}",
        f.logs()
    );
    let top = slack.messages("C0PAGER");
    assert_eq!(top.len(), 2, "the case, then its reopening: {top:?}");
    assert!(slack.messages("C0ALERTS").is_empty());
    // As posted (the first message was brought up to date in place since).
    let pages: Vec<String> = slack
        .requests_to("chat.postMessage")
        .into_iter()
        .filter(|r| r.body["thread_ts"].is_null())
        .map(|r| r.body["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        pages[0].starts_with(
            "<!here> [CRITICAL] AWS Support case: AWS opened Support case 178120556800417"
        ),
        "{pages:?}"
    );
    assert!(
        pages[1].starts_with(
            "<!here> [CRITICAL] AWS Support case: Support case 178120556800417 reopened"
        ),
        "{pages:?}"
    );
    // The reopened case has its own deadline, from when it was reopened.
    assert!(
        pages[1].contains("reply to aws by 2026-06-26 02:00 UTC"),
        "{pages:?}"
    );
    let thread = slack.replies("C0PAGER", &top[0].ts);
    // The draft, AWS's message, the account's answer, the resolution.
    assert_eq!(thread.len(), 4, "{thread:?}");
    let draft = serde_json::to_string(&thread[0].blocks).unwrap();
    assert!(
        draft.contains("Hello AWS Support,")
            && draft.contains("Post it as your reply in the Support case"),
        "{draft}"
    );
    for reply in &thread[1..] {
        assert!(
            !reply.text.contains("<!here>"),
            "a follow-up is not a page: {}",
            reply.text
        );
    }
    let answered = serde_json::to_string(&thread[2].blocks).unwrap();
    assert!(
        answered.contains("Latest message from your account")
            && answered.contains("2026-06-22 11:42 UTC"),
        "{answered}"
    );
    assert!(!answered.contains("Severity"), "{answered}");
    let resolved = serde_json::to_string(&thread[3].blocks).unwrap();
    assert!(resolved.contains("CLOSED"), "{resolved}");
    let parent = slack.message("C0PAGER", &top[0].ts).unwrap();
    let parent_text = serde_json::to_string(&parent.blocks).unwrap();
    assert!(
        parent_text.contains("by AWS or by your account"),
        "{parent_text}"
    );
    assert!(
        !parent_text.contains("respondby.ack"),
        "no buttons once closed"
    );
}

/// A case the account opened (information, in its channel) that AWS then
/// answers is high, with a reply-by deadline: in app mode that is a page,
/// not only a line in the thread. The update goes into the thread and is
/// also sent to the channel with the high mentions, and the reply draft
/// follows in the thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_app_mode_aws_answering_the_accounts_own_case_pages() {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel("C0ALERTS", true);
    let dynamo = DynamoStub::start().await;
    let aws = AwsStub::builder()
        .support_case(case("describe-cases-team-opened.json"))
        .start()
        .await;
    let api = RuntimeApi::start(vec![
        event("team-opens-case.json"),
        event("aws-answers-team-case.json"),
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
            ("MENTION_HIGH", "here"),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ddb.as_str()),
            ("AWS_ENDPOINT_URL_SUPPORT", ep.as_str()),
        ],
    );
    let done = api.wait_for(2, WAIT).await;
    assert_eq!(
        done.iter().map(action).collect::<Vec<_>>(),
        ["notify", "update"],
        "{}",
        f.logs()
    );
    let posts = slack.requests_to("chat.postMessage");
    assert!(
        posts[0].body["text"].as_str().unwrap().starts_with(
            "[INFO] AWS Support case: Support case 178109931200291 opened by your account"
        ),
        "{:?}",
        posts[0].body
    );
    let update = &posts[1].body;
    assert!(update["thread_ts"].is_string(), "{update}");
    assert_eq!(
        update["reply_broadcast"], true,
        "shown in the channel: {update}"
    );
    let text = update["text"].as_str().unwrap();
    assert!(text.starts_with("<!here>"), "a page: {text}");
    assert!(
        serde_json::to_string(&update["blocks"])
            .unwrap()
            .contains("<!here>"),
        "{update}"
    );
    // The reply draft follows in the thread.
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(
        serde_json::to_string(&posts[2].body["blocks"])
            .unwrap()
            .contains("Hello AWS Support,"),
        "{:?}",
        posts[2].body
    );
    assert_eq!(posts[2].body["thread_ts"], update["thread_ts"]);
}
