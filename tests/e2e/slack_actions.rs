//! The Slack interactivity endpoint's binary through the Runtime API, with
//! Lambda Function URL events, the state table in a local DynamoDB and a
//! local Slack (Web API and response_urls).

use aws_sdk_dynamodb::config::{Credentials, Region};
use respondby_core::plan::ReminderPlan;
use respondby_core::slack::api::{api_base, AppClient, BotToken, Channels};
use respondby_core::slack::deliver::{http_client, Hosts};
use respondby_core::slack::render::{render_with, Extras, RenderOptions};
use respondby_core::slack::{Poster, RetryPolicy, Route};
use respondby_core::store::{DynamoStore, StateStore};
use respondby_core::tracked::{Phase, Tracked};
use respondby_core::{Alert, Ctx, DeadlinePolicy, Outcome};
use respondby_testkit::{
    block_actions_payload, fixture, function_url_event, interaction_request, sign, unix_now,
    DynamoStub, FunctionProcess, Outcome as Done, RuntimeApi, SlackApiStub,
};
use serde_json::{json, Value};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_respondby-slack-actions");
const WAIT: Duration = Duration::from_secs(30);
const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN: &str = "xoxb-111-222-respondbytesttoken";
const CHANNEL: &str = "C0ALERTS";

async fn store(endpoint: &str) -> DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    DynamoStore::new(&sdk, "respondby-state")
}

fn abuse_alert() -> Alert {
    let (env, _) =
        respondby_core::event::parse_value(fixture("health", "abuse-dos-report.json")).unwrap();
    let policy = DeadlinePolicy::default();
    match respondby_health::normalise(&env, &Ctx::new(&policy)).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{reason}"),
    }
}

/// The alert as a source function posts it; in app mode (`in_thread`) its
/// reply draft goes into the thread instead.
fn render(case: &Tracked, in_thread: bool) -> Value {
    let opts = RenderOptions {
        buttons: true,
        ..RenderOptions::default()
    };
    render_with(
        &case.current_alert(),
        &opts,
        Extras {
            state: Some(case),
            no_draft: in_thread,
            ..Extras::default()
        },
        chrono::Utc::now(),
    )
}

/// What a source function does for a new case in app mode: post it with
/// its buttons, record it with its message.
async fn post_case(slack: &SlackApiStub, store: &DynamoStore) -> (Tracked, String) {
    let app = AppClient::new(
        http_client(),
        api_base(&slack.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse(TOKEN).unwrap(),
        Channels::one(CHANNEL),
        RetryPolicy::default(),
    );
    let alert = abuse_alert();
    let mut case = Tracked::new(&alert, None, chrono::Utc::now());
    let d = app
        .post(
            &render(&case, true),
            Route::new(alert.severity),
            tokio::time::Instant::now() + WAIT,
        )
        .await
        .unwrap();
    case.message = d.at.clone();
    ReminderPlan::default().start(&mut case, chrono::Utc::now());
    assert!(store.put_case(&case, None, i64::MAX / 2).await.unwrap());
    (case, d.at.unwrap().ts)
}

struct App {
    slack: SlackApiStub,
    dynamo: DynamoStub,
    api: RuntimeApi,
    f: FunctionProcess,
    ts: String,
    case_key: String,
}

async fn app_mode() -> App {
    app_mode_with(&[]).await
}

async fn app_mode_with(extra: &[(&str, &str)]) -> App {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel(CHANNEL, true);
    let dynamo = DynamoStub::start().await;
    let (case, ts) = post_case(&slack, &store(&dynamo.endpoint()).await).await;
    let api = RuntimeApi::start(vec![]).await;
    let (base, ep) = (slack.base_url(), dynamo.endpoint());
    let mut env = vec![
        ("SLACK_MODE", "app"),
        ("SLACK_BOT_TOKEN", TOKEN),
        ("SLACK_CHANNEL", CHANNEL),
        ("SLACK_API_URL", base.as_str()),
        ("SLACK_BUTTONS", "true"),
        ("SLACK_SIGNING_SECRET", SECRET),
        ("DEDUP_TABLE", "respondby-state"),
        ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
    ];
    env.extend_from_slice(extra);
    let f = FunctionProcess::spawn(BIN, &api.addr(), &env);
    App {
        slack,
        dynamo,
        api,
        f,
        ts,
        case_key: case.case_key,
    }
}

/// A click as Slack sends it: signed, form-encoded, in a Function URL event.
fn signed_click(payload: &Value, base64: bool) -> Value {
    let (headers, body) = interaction_request(SECRET, unix_now(), payload);
    // With `base64`, the event carries the body base64-encoded.
    function_url_event("POST", "/", &headers, &body, base64)
}

impl App {
    fn click(&self, action: &str, user: &str) -> Value {
        self.slack
            .click(CHANNEL, &self.ts, action, user, &user.to_ascii_lowercase())
    }

    async fn send(&self, events: Vec<Value>) -> Vec<Value> {
        let before = self.api.finished().len();
        for e in &events {
            self.api.push(e.clone());
        }
        let done = self.api.wait_for(before + events.len(), WAIT).await;
        assert_eq!(done.len(), before + events.len(), "{}", self.f.logs());
        done[before..]
            .iter()
            .map(|d| match &d.outcome {
                Done::Response(r) => r.clone(),
                o => panic!("{o:?}\n{}", self.f.logs()),
            })
            .collect()
    }

    async fn case(&self) -> Tracked {
        store(&self.dynamo.endpoint())
            .await
            .load_case(&self.case_key)
            .await
            .unwrap()
            .unwrap()
    }

    fn message_text(&self) -> String {
        let m = self.slack.message(CHANNEL, &self.ts).unwrap();
        serde_json::to_string(&m.blocks).unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledge_then_replied_to_aws_then_resolved_updates_the_message_in_place() {
    let app = app_mode().await;
    assert!(
        app.message_text().contains("Replied to AWS"),
        "{}",
        app.message_text()
    );

    let r = app
        .send(vec![signed_click(
            &app.click("respondby.ack", "U0SATO"),
            false,
        )])
        .await;
    assert_eq!(r[0]["statusCode"], 200);
    let c = app.case().await;
    assert_eq!(c.phase, Phase::Acknowledged);
    assert_eq!(c.acked.as_ref().unwrap().by, "U0SATO");
    let text = app.message_text();
    assert!(text.contains("Acknowledged by <@U0SATO>"), "{text}");
    assert!(
        !text.contains("respondby.ack"),
        "the Acknowledge button is gone: {text}"
    );

    // Base64 bodies, as Function URLs may deliver them.
    let answer = app.click("respondby.answer", "U0TANAKA");
    app.send(vec![signed_click(&answer, true)]).await;
    let c = app.case().await;
    assert_eq!(c.phase, Phase::Answered);
    let text = app.message_text();
    assert!(text.contains("Replied to AWS by <@U0TANAKA>"), "{text}");
    assert!(
        !text.contains("Hello AWS"),
        "no draft on the alert itself: {text}"
    );
    // The next step comes to the thread: the follow-up draft, once even
    // when the click is repeated.
    app.send(vec![signed_click(&answer, false)]).await;
    let replies = app.slack.replies(CHANNEL, &app.ts);
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0].text, "Reply to AWS: follow-up (English draft)");
    let draft = serde_json::to_string(&replies[0].blocks).unwrap();
    assert!(
        draft.contains("This is our follow-up") && draft.contains("Root cause:"),
        "{draft}"
    );
    assert!(text.contains("before the deadline"), "{text}");
    let far = chrono::Utc::now() + chrono::Duration::days(30);
    assert!(
        ReminderPlan::default().schedule(&c, far).is_empty(),
        "answered: no more reminders"
    );

    app.send(vec![signed_click(
        &app.click("respondby.resolve", "U0SATO"),
        false,
    )])
    .await;
    assert_eq!(app.case().await.phase, Phase::Resolved);
    let m = app.slack.message(CHANNEL, &app.ts).unwrap();
    assert!(
        m.blocks[0].to_string().contains("RESOLVED"),
        "collapsed: {:?}",
        m.blocks
    );
    assert!(
        m.blocks.len() <= 3,
        "collapsed to a short form: {:?}",
        m.blocks
    );
    // No thread noise, no new messages: the alert was updated in place.
    assert_eq!(app.slack.messages(CHANNEL).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answered_without_ack_and_a_click_after_resolved_gets_an_ephemeral_note() {
    let app = app_mode().await;
    let answer = app.click("respondby.answer", "U0SATO");
    let resolve = app.click("respondby.resolve", "U0SATO");
    app.send(vec![signed_click(&answer, false)]).await;
    let c = app.case().await;
    assert_eq!((c.phase, c.acked.is_none()), (Phase::Answered, true));
    app.send(vec![signed_click(&resolve, false)]).await;
    // A stale message still showing the Acknowledge button, clicked late.
    let late = block_actions_payload(
        "respondby.ack",
        &app.case_key,
        "U0LATE",
        "late",
        CHANNEL,
        &app.ts,
        &app.slack.response_url(CHANNEL, &app.ts),
    );
    let r = app.send(vec![signed_click(&late, false)]).await;
    assert_eq!(r[0]["statusCode"], 200, "never an error");
    let notes = app.slack.ephemerals();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].text.contains("already resolved by <@U0SATO>"),
        "{}",
        notes[0].text
    );
    assert_eq!(app.case().await.acked, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_an_unknown_alert_gets_an_ephemeral_explanation() {
    let app = app_mode().await;
    let p = block_actions_payload(
        "respondby.ack",
        "health:111122223333:arn:aws:health:global::event/ABUSE/gone",
        "U0SATO",
        "sato",
        CHANNEL,
        &app.ts,
        &app.slack.response_url(CHANNEL, &app.ts),
    );
    let r = app.send(vec![signed_click(&p, false)]).await;
    assert_eq!(r[0]["statusCode"], 200);
    let notes = app.slack.ephemerals();
    assert!(notes[0].text.contains("not tracked"), "{}", notes[0].text);
}

/// A table that hangs cannot make Slack time out the click: the answer
/// comes within Slack's 3 seconds and says the click was not recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_table_still_answers_the_click_in_time() {
    let app = app_mode().await;
    app.dynamo
        .switch()
        .set_stall(Some(std::time::Duration::from_secs(60)));
    let p = block_actions_payload(
        "respondby.ack",
        &app.case_key,
        "U0SATO",
        "sato",
        CHANNEL,
        &app.ts,
        &app.slack.response_url(CHANNEL, &app.ts),
    );
    let r = app.send(vec![signed_click(&p, false)]).await;
    assert_eq!(r[0]["statusCode"], 200);
    let id = &app.api.finished()[0].request_id;
    let took = app.api.took(id).unwrap();
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
    let notes = app.slack.ephemerals();
    assert!(
        notes
            .iter()
            .any(|n| n.text.contains("could not record your click")),
        "{notes:?}"
    );
}

/// Double clicks, Slack's retries and two clicks racing in two function
/// instances: the acknowledgement is recorded once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_clicks_retries_and_racing_clicks_record_once() {
    let app = app_mode().await;
    let sato = app.click("respondby.ack", "U0SATO");
    let mut retried = signed_click(&sato, false);
    retried["headers"]["x-slack-retry-num"] = "1".into();
    // A second instance of the function, as Lambda scales out.
    let other = RuntimeApi::start(vec![]).await;
    let (base, ep) = (app.slack.base_url(), app.dynamo.endpoint());
    let g = FunctionProcess::spawn(
        BIN,
        &other.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", TOKEN),
            ("SLACK_CHANNEL", CHANNEL),
            ("SLACK_API_URL", base.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("SLACK_SIGNING_SECRET", SECRET),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ],
    );
    let tanaka = app.click("respondby.ack", "U0TANAKA");
    other.push(signed_click(&tanaka, false));
    let (mine, theirs) = tokio::join!(
        app.send(vec![signed_click(&sato, false), retried]),
        other.wait_for(1, WAIT)
    );
    assert!(mine.iter().all(|r| r["statusCode"] == 200), "{mine:?}");
    assert!(
        matches!(&theirs[0].outcome, Done::Response(r) if r["statusCode"] == 200),
        "{}",
        g.logs()
    );
    let c = app.case().await;
    assert_eq!(c.phase, Phase::Acknowledged);
    // One of the two clickers, recorded once (one write: version 2).
    assert!(["U0SATO", "U0TANAKA"].contains(&c.acked.as_ref().unwrap().by.as_str()));
    assert_eq!(c.version, 2, "{c:?}");
}

/// Forged, stale, replayed, headless and tampered requests: 401, nothing
/// changed, no Slack call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_not_signed_by_slack_are_refused_with_nothing_changed() {
    let app = app_mode().await;
    let payload = app.click("respondby.resolve", "U0MALLORY");
    let calls_before = app.slack.requests().len();
    let good = signed_click(&payload, false);

    let mut forged = good.clone();
    let (_, body) = interaction_request("not-the-secret", unix_now(), &payload);
    forged["headers"]["x-slack-signature"] = sign("not-the-secret", unix_now(), body).into();
    let mut stale = good.clone();
    let old = unix_now() - 301;
    let (_, body) = interaction_request(SECRET, old, &payload);
    stale["headers"]["x-slack-request-timestamp"] = old.to_string().into();
    stale["headers"]["x-slack-signature"] = sign(SECRET, old, &body).into();
    stale["body"] = body.into();
    let mut headless = good.clone();
    headless["headers"]
        .as_object_mut()
        .unwrap()
        .remove("x-slack-signature");
    let mut no_ts = good.clone();
    no_ts["headers"]
        .as_object_mut()
        .unwrap()
        .remove("x-slack-request-timestamp");
    let mut tampered = good.clone();
    tampered["body"] = good["body"]
        .as_str()
        .unwrap()
        .replace("U0MALLORY", "U0SATOOO")
        .into();

    let answers = app
        .send(vec![forged, stale, headless, no_ts, tampered])
        .await;
    for a in &answers {
        assert_eq!(a["statusCode"], 401, "{a}");
    }
    assert_eq!(app.case().await.phase, Phase::Open);
    assert_eq!(app.slack.requests().len(), calls_before, "Slack was called");
    // A replay of a request that was good: accepted within 5 minutes (it
    // records once, see the double-click test), refused after.
    let logs = app.f.logs();
    assert!(!logs.contains(SECRET), "signing secret in the logs");
}

/// Webhook mode: buttons work; the clicked message is replaced through the
/// click's response_url.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_webhook_mode_the_clicked_message_is_replaced_through_its_response_url() {
    let slack = SlackApiStub::start().await;
    let dynamo = DynamoStub::start().await;
    let st = store(&dynamo.endpoint()).await;
    let alert = abuse_alert();
    let mut case = Tracked::new(&alert, None, chrono::Utc::now());
    ReminderPlan::default().start(&mut case, chrono::Utc::now());
    assert!(st.put_case(&case, None, i64::MAX / 2).await.unwrap());
    // The message as the webhook posted it; Slack binds the click to it.
    let url = slack.response_url_for_webhook_message(&render(&case, false));
    let api = RuntimeApi::start(vec![]).await;
    let ep = dynamo.endpoint();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/X"),
            ("SLACK_BUTTONS", "true"),
            ("SLACK_SIGNING_SECRET", SECRET),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ],
    );
    // The button carries the case and its episode.
    let p = block_actions_payload(
        "respondby.ack",
        &case.button_value(),
        "U0SATO",
        "sato",
        "C0WEBHOOK",
        "1782378877.000100",
        &url,
    );
    api.push(signed_click(&p, false));
    let done = api.wait_for(1, WAIT).await;
    assert!(
        matches!(&done[0].outcome, Done::Response(r) if r["statusCode"] == 200),
        "{:?}\n{}",
        done[0].outcome,
        f.logs()
    );
    let m = slack.response_url_message(&url).unwrap();
    let text = serde_json::to_string(&m.blocks).unwrap();
    assert!(text.contains("Acknowledged by <@U0SATO>"), "{text}");
    assert!(
        text.contains("Reply to AWS: first reply") && text.contains("Hello AWS"),
        "still the first reply to send: {text}"
    );
    let c = st.load_case(&case.case_key).await.unwrap().unwrap();
    assert_eq!(c.phase, Phase::Acknowledged);

    // Marked replied: the message now carries the follow-up draft.
    let mut p = p.clone();
    p["actions"][0]["action_id"] = "respondby.answer".into();
    api.push(signed_click(&p, false));
    api.wait_for(2, WAIT).await;
    let text = serde_json::to_string(&slack.response_url_message(&url).unwrap().blocks).unwrap();
    assert!(
        text.contains("Reply to AWS: follow-up") && text.contains("Root cause:"),
        "{text}"
    );
    assert!(!text.contains("Reply to AWS: first reply"), "{text}");
}

/// An alarm in ALARM, OK, then ALARM again: one case key, two episodes,
/// two messages. A click on the first message's buttons (its own value,
/// or a bare case key from before episodes were told apart) changes
/// nothing and answers, to the clicker only, that it was superseded, with
/// a link to the current message. The new episode's version goes on from
/// the old one's, so a slow writer of the old episode cannot overwrite it.
/// The new message's buttons act on the new episode.
async fn an_earlier_episodes_buttons_change_nothing(endpoint: &str, suffix: &str) {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel(CHANNEL, true);
    let st = store(endpoint).await;
    let mut alert = abuse_alert();
    alert.case_key = format!("{}{suffix}", alert.case_key);
    let app = AppClient::new(
        http_client(),
        api_base(&slack.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse(TOKEN).unwrap(),
        Channels::one(CHANNEL),
        RetryPolicy::default(),
    );
    let post = |at: chrono::DateTime<chrono::Utc>| {
        let (app, st, alert) = (&app, &st, &alert);
        async move {
            let mut case = Tracked::new(alert, None, at);
            let d = app
                .post(
                    &render(&case, true),
                    Route::new(alert.severity),
                    tokio::time::Instant::now() + WAIT,
                )
                .await
                .unwrap();
            case.message = d.at.clone();
            ReminderPlan::default().start(&mut case, at);
            assert!(st.put_case(&case, None, i64::MAX / 2).await.unwrap());
            d.at.unwrap().ts
        }
    };
    let now = chrono::Utc::now();
    // Episode 1, its buttons as Slack sends them, then the alarm goes OK.
    let ts1 = post(now - chrono::Duration::hours(2)).await;
    let old_resolve = slack.click(CHANNEL, &ts1, "respondby.resolve", "U0OLD", "old");
    let legacy_ack = block_actions_payload(
        "respondby.ack",
        &alert.case_key,
        "U0OLD",
        "old",
        CHANNEL,
        &ts1,
        &slack.response_url(CHANNEL, &ts1),
    );
    let mut first = st.load_case(&alert.case_key).await.unwrap().unwrap();
    let v1 = first.version;
    first.resolve_by_source(
        respondby_core::Status::Recovered,
        now - chrono::Duration::hours(1),
    );
    assert!(st.put_case(&first, Some(v1), i64::MAX / 2).await.unwrap());
    let resolved_version = v1 + 1;
    // Episode 2: ALARM again, posted anew.
    let ts2 = post(now).await;
    let second = st.load_case(&alert.case_key).await.unwrap().unwrap();
    assert_eq!(
        second.version,
        resolved_version + 1,
        "a new episode goes on from the old one's version"
    );
    // A slow writer still holding the resolved episode's version fails.
    assert!(!st
        .put_case(&first, Some(resolved_version), i64::MAX / 2)
        .await
        .unwrap());

    let api = RuntimeApi::start(vec![]).await;
    let base = slack.base_url();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", TOKEN),
            ("SLACK_CHANNEL", CHANNEL),
            ("SLACK_API_URL", base.as_str()),
            ("SLACK_BUTTONS", "true"),
            ("SLACK_SIGNING_SECRET", SECRET),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", endpoint),
        ],
    );
    let message2 = slack.message(CHANNEL, &ts2).unwrap();
    for (n, old) in [old_resolve, legacy_ack].iter().enumerate() {
        api.push(signed_click(old, false));
        let done = api.wait_for(n + 1, WAIT).await;
        assert!(
            matches!(&done[n].outcome, Done::Response(r) if r["statusCode"] == 200),
            "{:?}\n{}",
            done[n].outcome,
            f.logs()
        );
        let notes = slack.ephemerals();
        assert_eq!(notes.len(), n + 1, "{notes:?}");
        let text = &notes[n].text;
        assert!(text.contains("earlier occurrence"), "{text}");
        let link = format!(
            "<https://respondby-test.slack.com/archives/{CHANNEL}/p{}>",
            ts2.replace('.', "")
        );
        assert!(
            text.contains(&link),
            "a link to the current message: {text}"
        );
        let now_case = st.load_case(&alert.case_key).await.unwrap().unwrap();
        assert_eq!(now_case, second, "nothing changed\n{}", f.logs());
        assert_eq!(slack.message(CHANNEL, &ts2).unwrap(), message2);
    }
    // The current message's buttons act on the current episode.
    let ack = slack.click(CHANNEL, &ts2, "respondby.ack", "U0NEW", "new");
    api.push(signed_click(&ack, false));
    api.wait_for(3, WAIT).await;
    let c = st.load_case(&alert.case_key).await.unwrap().unwrap();
    assert_eq!(c.phase, Phase::Acknowledged, "{}", f.logs());
    assert_eq!(c.acked.map(|m| m.by).as_deref(), Some("U0NEW"));
    assert_eq!(c.version, second.version + 1);
    assert_eq!(slack.ephemerals().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_an_earlier_episodes_message_changes_nothing_and_says_it_was_superseded() {
    let dynamo = DynamoStub::start().await;
    an_earlier_episodes_buttons_change_nothing(&dynamo.endpoint(), "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs moto_server: .ci/run starts it and runs the ignored tests with RESPONDBY_MOTO_ENDPOINT"]
async fn a_click_on_an_earlier_episodes_message_changes_nothing_against_moto() {
    let endpoint = std::env::var("RESPONDBY_MOTO_ENDPOINT")
        .expect("RESPONDBY_MOTO_ENDPOINT must point at a running moto_server");
    let suffix = format!("/moto-{}", unix_now());
    an_earlier_episodes_buttons_change_nothing(&endpoint, &suffix).await;
}

/// Webhook mode, buttons posted before episodes were told apart (the bare
/// case key): the click acts only if its message was posted in the current
/// episode (Slack's stamp on it is no earlier than the episode's start).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_webhook_mode_a_button_from_before_episodes_acts_only_in_the_current_episode() {
    let slack = SlackApiStub::start().await;
    let dynamo = DynamoStub::start().await;
    let st = store(&dynamo.endpoint()).await;
    let mut case = Tracked::new(&abuse_alert(), None, chrono::Utc::now());
    ReminderPlan::default().start(&mut case, chrono::Utc::now());
    assert!(st.put_case(&case, None, i64::MAX / 2).await.unwrap());
    let url = slack.response_url_for_webhook_message(&render(&case, false));
    let api = RuntimeApi::start(vec![]).await;
    let ep = dynamo.endpoint();
    let f = FunctionProcess::spawn(
        BIN,
        &api.addr(),
        &[
            ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/X"),
            ("SLACK_BUTTONS", "true"),
            ("SLACK_SIGNING_SECRET", SECRET),
            ("DEDUP_TABLE", "respondby-state"),
            ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ],
    );
    let click = |ts: &str| {
        block_actions_payload(
            "respondby.ack",
            &case.case_key,
            "U0SATO",
            "sato",
            "C0WEBHOOK",
            ts,
            &url,
        )
    };
    // A message stamped an hour before this episode began: an earlier one's.
    let before = (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp();
    api.push(signed_click(&click(&format!("{before}.000100")), false));
    api.wait_for(1, WAIT).await;
    let notes = slack.ephemerals();
    assert_eq!(notes.len(), 1, "{notes:?}\n{}", f.logs());
    assert!(
        notes[0].text.contains("earlier occurrence"),
        "{}",
        notes[0].text
    );
    assert_eq!(st.load_case(&case.case_key).await.unwrap().unwrap(), {
        let mut c = case.clone();
        c.version = 1;
        c
    });
    // A message stamped after it began: this episode's.
    let after = chrono::Utc::now().timestamp() + 1;
    api.push(signed_click(&click(&format!("{after}.000100")), false));
    api.wait_for(2, WAIT).await;
    let c = st.load_case(&case.case_key).await.unwrap().unwrap();
    assert_eq!(c.phase, Phase::Acknowledged, "{}", f.logs());
    assert_eq!(slack.ephemerals().len(), 1);
}

/// With SLACK_TEAM_ID and SLACK_APP_ID set, a correctly signed click from
/// another workspace or another app is refused (403) and changes nothing;
/// clicks from ours still work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicks_from_another_workspace_or_app_are_refused_with_nothing_changed() {
    use respondby_testkit::{APP_ID, TEAM_ID};
    let app = app_mode_with(&[("SLACK_TEAM_ID", TEAM_ID), ("SLACK_APP_ID", APP_ID)]).await;
    let before = app.case().await;
    let message = app.message_text();
    let mut other_team = app.click("respondby.resolve", "U0INTRUDER");
    other_team["team"]["id"] = "T0OTHER".into();
    other_team["user"]["team_id"] = "T0OTHER".into();
    let mut other_app = app.click("respondby.resolve", "U0INTRUDER");
    other_app["api_app_id"] = "A0OTHER".into();
    let mut no_team = app.click("respondby.resolve", "U0INTRUDER");
    no_team["team"] = Value::Null;
    no_team["user"].as_object_mut().unwrap().remove("team_id");
    let r = app
        .send(vec![
            signed_click(&other_team, false),
            signed_click(&other_app, false),
            signed_click(&no_team, false),
        ])
        .await;
    for a in &r {
        assert_eq!(a["statusCode"], 403, "{a}\n{}", app.f.logs());
    }
    assert_eq!(app.case().await, before, "nothing changed");
    assert_eq!(app.message_text(), message);
    assert!(app.slack.ephemerals().is_empty());
    // Ours: taken.
    let ours = app.click("respondby.ack", "U0SATO");
    let r = app.send(vec![signed_click(&ours, false)]).await;
    assert_eq!(r[0]["statusCode"], 200);
    assert_eq!(app.case().await.phase, Phase::Acknowledged);
}

/// A value that is not a Slack ID (a workspace's domain, a name) is a
/// configuration error naming the variable, not a silent "check nothing".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_or_app_id_that_is_not_a_slack_id_refuses_to_start() {
    for (var, value) in [
        ("SLACK_TEAM_ID", "acme.slack.com"),
        ("SLACK_APP_ID", "Respond By"),
    ] {
        let api = RuntimeApi::start(vec![]).await;
        let mut f = FunctionProcess::spawn(
            BIN,
            &api.addr(),
            &[
                ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/X"),
                ("SLACK_SIGNING_SECRET", SECRET),
                ("DEDUP_TABLE", "t"),
                (var, value),
            ],
        );
        let init = api.wait_for_init_error(WAIT).await.expect("init error");
        assert!(init.to_string().contains(var), "{init}");
        assert!(f.wait_exit(WAIT).await.is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_signing_secret_or_a_table_it_refuses_to_start() {
    for (env, needle) in [
        (
            vec![
                ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/X"),
                ("DEDUP_TABLE", "t"),
            ],
            "SLACK_SIGNING_SECRET_ARN",
        ),
        (
            vec![
                ("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/services/T/B/X"),
                ("SLACK_SIGNING_SECRET", SECRET),
            ],
            "DEDUP_TABLE",
        ),
    ] {
        let api = RuntimeApi::start(vec![]).await;
        let mut f = FunctionProcess::spawn(BIN, &api.addr(), &env);
        let init = api.wait_for_init_error(WAIT).await.expect("init error");
        assert!(init.to_string().contains(needle), "{init}");
        assert!(!init.to_string().contains(SECRET));
        assert!(f.wait_exit(WAIT).await.is_some());
    }
    let _ = json!(null);
}
