//! A simulated day and a half: a 24-hour abuse report swept every five
//! minutes with an injected clock, against the real DynamoDB store (the
//! testkit's stand-in, and moto in `.ci/run`) and a local Slack, in webhook
//! and app mode. Reminders come at exactly the planned times with the
//! planned mentions, overdue ones repeat, answering stops them, and two
//! sweeps running at once post each reminder once.

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{DateTime, Duration, TimeZone, Utc};
use respondby_core::plan::ReminderPlan;
use respondby_core::slack::api::{api_base, AppClient, BotToken, Channels};
use respondby_core::slack::deliver::{http_client, Hosts};
use respondby_core::slack::render::RenderOptions;
use respondby_core::slack::{Mentions, Poster, RetryPolicy, WebhookClient, WebhookUrl};
use respondby_core::store::{DynamoStore, StateStore};
use respondby_core::tracked::{Action, Mark, MessageRef, Tracked};
use respondby_core::{Alert, Severity, Source};
use respondby_reminders::{sweep, Sweep};
use respondby_testkit::{DynamoStub, SlackApiStub, SlackStub};
use serde_json::Value;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 24, 9, 14, 37).unwrap()
}

async fn dynamo(endpoint: &str, table: &str) -> DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    DynamoStore::new(&sdk, table)
}

fn plan() -> ReminderPlan {
    ReminderPlan::parse("50%,4h,1h,0,every 4h", "1h", "U0ONCALL").unwrap()
}

fn opts() -> RenderOptions {
    let mut mentions = Mentions::default();
    mentions.set(Severity::Critical, Mentions::parse_list("here").unwrap());
    RenderOptions {
        mentions,
        buttons: false,
        lang: respondby_core::Lang::En,
        zone: None,
    }
}

/// A 24-hour abuse report, posted when AWS sent it, with its plan started.
async fn post_case(store: &impl StateStore, key: &str, message: Option<MessageRef>) {
    let mut a = Alert::new(
        Source::Health,
        "AWS_ABUSE_DOS_REPORT",
        Severity::Critical,
        "AWS abuse report: Denial of service (DoS)",
        t0(),
    );
    a.account = "111122223333".into();
    a.case_key = key.into();
    a.clock = respondby_core::deadline::CaseClock::new("abuse", t0());
    a.clock.reply_to_aws = true;
    respondby_core::DeadlinePolicy::default().apply(&mut a);
    let mut c = Tracked::new(&a, message, t0());
    plan().start(&mut c, t0());
    assert!(store.put_case(&c, None, i64::MAX / 4).await.unwrap());
}

/// Sweeps every five minutes from t0 to t0 + `hours`, `runs` sweeps at
/// each tick (overlapping), calling `at_tick` first. Returns, per tick,
/// how many reminders were posted.
async fn run_day<S: StateStore, P: Poster>(
    store: &S,
    poster: &P,
    hours: i64,
    runs: usize,
    mut at_tick: impl FnMut(DateTime<Utc>),
) -> Vec<(DateTime<Utc>, u32)> {
    let (p, o) = (plan(), opts());
    let how = Sweep {
        plan: &p,
        render: &o,
    };
    let mut out = Vec::new();
    let mut now = t0();
    while now <= t0() + Duration::hours(hours) {
        at_tick(now);
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        let sweeps = (0..runs).map(|_| sweep(store, poster, how, now, deadline));
        let mut posted = 0;
        for r in futures_join(sweeps.collect()).await {
            posted += r.expect("a sweep").reminders;
        }
        if posted > 0 {
            out.push((now, posted));
        }
        now += Duration::minutes(5);
    }
    out
}

async fn futures_join<F: std::future::Future>(fs: Vec<F>) -> Vec<F::Output> {
    // Polled together on this task: the overlap is real at every await.
    let mut pinned: Vec<_> = fs.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(Option::unwrap).collect()
}

fn hours_after_t0(ticks: &[(DateTime<Utc>, u32)]) -> Vec<(i64, u32)> {
    ticks
        .iter()
        .map(|(t, n)| ((*t - t0()).num_minutes(), *n))
        .map(|(m, n)| (m / 60, n))
        .collect()
}

fn webhook(slack: &SlackStub) -> WebhookClient {
    WebhookClient::new(
        http_client(),
        WebhookUrl::parse(&slack.url(), Hosts::TESTING).unwrap(),
        RetryPolicy::default(),
    )
}

async fn webhook_day(store: &impl StateStore, runs: usize) {
    let slack = SlackStub::start(vec![]).await;
    post_case(store, "health:111122223333:arn:case-1", None).await;
    let ticks = run_day(store, &webhook(&slack), 36, runs, |_| {}).await;
    // 50%, 4 h, 1 h before, at the deadline, then every 4 h overdue: each once.
    assert_eq!(
        hours_after_t0(&ticks),
        vec![
            (12, 1),
            (20, 1),
            (23, 1),
            (24, 1),
            (28, 1),
            (32, 1),
            (36, 1)
        ]
    );
    let posted = slack.delivered();
    assert_eq!(posted.len(), 7);
    for (i, p) in posted.iter().enumerate() {
        let text = p["text"].as_str().unwrap();
        assert!(text.starts_with("<!here>"), "{i}: {text}");
        // Escalation from 1 h before.
        assert_eq!(text.contains("<@U0ONCALL>"), i >= 2, "{i}: {text}");
        // In webhook mode a reminder names the alert.
        assert!(p.to_string().contains("AWS abuse report"), "{i}");
    }
    assert!(posted[0]["text"]
        .as_str()
        .unwrap()
        .contains("Reminder (50% of the time gone)"));
    assert!(posted[3]["text"]
        .as_str()
        .unwrap()
        .contains("Reminder (at the deadline)"));
    assert!(
        posted[6]["text"].as_str().unwrap().contains("12h overdue"),
        "{}",
        posted[6]["text"]
    );
}

#[tokio::test]
async fn a_simulated_day_reminds_at_the_planned_times_in_webhook_mode() {
    let stub = DynamoStub::start().await;
    webhook_day(&dynamo(&stub.endpoint(), "state").await, 1).await;
    assert!(
        !stub.calls().iter().any(|c| c.starts_with("Scan")),
        "a Scan"
    );
}

#[tokio::test]
async fn overlapping_sweeps_post_each_reminder_once() {
    let stub = DynamoStub::start().await;
    webhook_day(&dynamo(&stub.endpoint(), "state").await, 3).await;
}

#[tokio::test]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn overlapping_sweeps_post_each_reminder_once_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let table = std::env::var("RESPONDBY_MOTO_TABLE").unwrap_or_else(|_| "respondby-state".into());
    webhook_day(&dynamo(&endpoint, &table).await, 3).await;
}

#[tokio::test]
async fn answering_stops_the_reminders() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackStub::start(vec![]).await;
    post_case(&store, "case-answered", None).await;
    // Acknowledged at 13h: the 4 h-before step is skipped, 1 h before still
    // comes (the deadline is the reply to AWS). Answered at 23h30: nothing more.
    let ack_at = t0() + Duration::hours(13);
    let answer_at = t0() + Duration::minutes(23 * 60 + 30);
    let click = |now: DateTime<Utc>| {
        let store = &store;
        async move {
            let mut c = store.load_case("case-answered").await.unwrap().unwrap();
            let v = c.version;
            let action = if now == ack_at {
                Action::Acknowledge
            } else {
                Action::Answer
            };
            c.apply(action, Mark::user("U0SATO", Some("sato"), now))
                .unwrap();
            plan().reschedule(&mut c, now);
            assert!(store.put_case(&c, Some(v), i64::MAX / 4).await.unwrap());
        }
    };
    let poster = webhook(&slack);
    let mut pending: Vec<DateTime<Utc>> = Vec::new();
    let ticks = {
        let (p, o) = (plan(), opts());
        let how = Sweep {
            plan: &p,
            render: &o,
        };
        let mut out = Vec::new();
        let mut now = t0();
        while now <= t0() + Duration::hours(36) {
            if now == ack_at || now == answer_at {
                click(now).await;
                pending.push(now);
            }
            let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
            let r = sweep(&store, &poster, how, now, deadline).await.unwrap();
            if r.reminders > 0 {
                out.push((now, r.reminders));
            }
            now += Duration::minutes(5);
        }
        out
    };
    assert_eq!(hours_after_t0(&ticks), vec![(12, 1), (23, 1)]);
    assert_eq!(pending.len(), 2);
    let last: Value = slack.delivered().last().unwrap().clone();
    assert!(
        last.to_string().contains("Acknowledged by <@U0SATO>"),
        "{last}"
    );
}

#[tokio::test]
async fn in_app_mode_reminders_go_into_the_thread_and_escalations_to_the_channel() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackApiStub::start().await;
    slack.accept_token("xoxb-111-222-respondbytesttoken");
    slack.add_channel("C0PAGER", true);
    let app = AppClient::new(
        http_client(),
        api_base(&slack.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse("xoxb-111-222-respondbytesttoken").unwrap(),
        Channels::one("C0PAGER"),
        RetryPolicy::default(),
    );
    let parent = app
        .post(
            &serde_json::json!({"text": "the alert"}),
            respondby_core::slack::Route::new(Severity::Critical),
            tokio::time::Instant::now() + std::time::Duration::from_secs(5),
        )
        .await
        .unwrap()
        .at
        .unwrap();
    post_case(&store, "case-app", Some(parent.clone())).await;
    let ticks = run_day(&store, &app, 30, 1, |_| {}).await;
    assert_eq!(
        hours_after_t0(&ticks),
        vec![(12, 1), (20, 1), (23, 1), (24, 1), (28, 1)]
    );
    let replies = slack.replies("C0PAGER", &parent.ts);
    assert_eq!(replies.len(), 5);
    let broadcast: Vec<bool> = replies.iter().map(|m| m.reply_broadcast).collect();
    assert_eq!(broadcast, vec![false, false, true, true, true]);
    // The parent's time left is refreshed with each reminder.
    let parent_now = slack.message("C0PAGER", &parent.ts).unwrap();
    assert!(parent_now.text.contains("overdue"), "{}", parent_now.text);
}

/// A run whose invocation is nearly out of time stops before posting
/// and leaves everything due for the next run.
#[tokio::test]
async fn a_run_out_of_time_stops_and_the_next_run_goes_on() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackStub::start(vec![]).await;
    for i in 0..3 {
        post_case(&store, &format!("case-{i}"), None).await;
    }
    let (p, o) = (plan(), opts());
    let how = Sweep {
        plan: &p,
        render: &o,
    };
    let at = t0() + Duration::hours(12);
    let short = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
    let r = sweep(&store, &webhook(&slack), how, at, short)
        .await
        .unwrap();
    assert!(r.stopped_early);
    assert_eq!((r.reminders, slack.delivered().len()), (0, 0));
    let long = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let r = sweep(&store, &webhook(&slack), how, at, long)
        .await
        .unwrap();
    assert!(!r.stopped_early);
    assert_eq!((r.reminders, slack.delivered().len()), (3, 3));
}

/// A reminder Slack refuses for good (here the workspace forbids the post)
/// does not stop the other cases' reminders, does not fail the run (a
/// permanent refusal retried every five minutes would hold the Errors
/// alarm in ALARM), and is not given back: the next run does not send it.
/// A failure that may pass (rate-limited past the run's time) fails the
/// run and is given back: the next run sends it.
#[tokio::test]
async fn one_refused_reminder_does_not_hold_up_the_others() {
    let (p, o) = (plan(), opts());
    let how = Sweep {
        plan: &p,
        render: &o,
    };
    let at = t0() + Duration::hours(12);
    let long = || tokio::time::Instant::now() + std::time::Duration::from_secs(20);

    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackStub::start(vec![respondby_testkit::Reply::Status(
        403,
        "action_prohibited",
    )])
    .await;
    for i in 0..3 {
        post_case(&store, &format!("case-{i}"), None).await;
    }
    let r = sweep(&store, &webhook(&slack), how, at, long())
        .await
        .unwrap();
    assert_eq!((r.reminders, r.refused), (2, 1), "{r:?}");
    assert_eq!(slack.delivered().len(), 2, "the other two were reminded");
    let r = sweep(&store, &webhook(&slack), how, at, long())
        .await
        .unwrap();
    assert_eq!((r.reminders, r.refused, slack.delivered().len()), (0, 0, 2));

    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackStub::start(vec![respondby_testkit::Reply::RetryAfter(3600)]).await;
    for i in 0..3 {
        post_case(&store, &format!("case-{i}"), None).await;
    }
    let throttled = sweep(&store, &webhook(&slack), how, at, long()).await;
    assert!(throttled.is_err(), "{throttled:?}");
    assert_eq!(slack.delivered().len(), 2, "the other two were reminded");
    let r = sweep(&store, &webhook(&slack), how, at, long())
        .await
        .unwrap();
    assert_eq!((r.reminders, slack.delivered().len()), (1, 3));
}

/// A RISK report: the reply to AWS and the fix both due in 24 h, so their
/// overdue repeats fall together. Each instant gets one reminder, speaking
/// of the reply still unanswered and naming the fix-by too, with the
/// escalation; every step recorded as fired was said in a message.
#[tokio::test]
async fn the_reply_by_and_the_fix_by_are_reminded_of_together_never_swallowed() {
    let stub = DynamoStub::start().await;
    let store = dynamo(&stub.endpoint(), "state").await;
    let slack = SlackStub::start(vec![]).await;
    let mut a = Alert::new(
        Source::Health,
        "AWS_RISK_CREDENTIALS_EXPOSED",
        Severity::Critical,
        "AWS risk: exposed credentials",
        t0(),
    );
    a.account = "111122223333".into();
    a.case_key = "case-risk".into();
    a.clock = respondby_core::deadline::CaseClock::new("risk", t0());
    a.clock.reply_to_aws = true;
    respondby_core::DeadlinePolicy::default().apply(&mut a);
    assert_eq!(a.fix_by, a.respond_by);
    let mut c = Tracked::new(&a, None, t0());
    plan().start(&mut c, t0());
    assert!(store.put_case(&c, None, i64::MAX / 4).await.unwrap());
    let ticks = run_day(&store, &webhook(&slack), 36, 1, |_| {}).await;
    assert_eq!(
        hours_after_t0(&ticks),
        vec![
            (12, 1),
            (20, 1),
            (23, 1),
            (24, 1),
            (28, 1),
            (32, 1),
            (36, 1)
        ]
    );
    let posted = slack.delivered();
    for p in &posted[4..] {
        let text = p.to_string();
        // The lead is the reply to AWS; the fix-by is named too.
        assert!(
            p["text"].as_str().unwrap().contains("Reply to AWS by"),
            "{text}"
        );
        assert!(text.contains("Fix by"), "{text}");
        assert!(
            p["text"].as_str().unwrap().contains("<@U0ONCALL>"),
            "{text}"
        );
    }
    let fired = store.load_case("case-risk").await.unwrap().unwrap().fired;
    for key in [
        "first:+4h",
        "fix:+4h",
        "first:+8h",
        "fix:+8h",
        "first:+12h",
        "fix:+12h",
    ] {
        assert!(fired.contains(key), "{key} not recorded: {fired:?}");
    }
}
