//! The Home tab, `/respondby` and the Events API, through the
//! slack-actions binary and the Runtime API, with the state table in a
//! local DynamoDB, a local Slack Web API (`views.publish`, the commands'
//! `response_url`s) and a local Lambda `Invoke` (a long `/respondby open`
//! list handed to an asynchronous invocation).

use aws_sdk_dynamodb::config::{Credentials, Region};
use chrono::{Duration as Span, Utc};
use respondby_core::plan::ReminderPlan;
use respondby_core::store::{DynamoStore, StateStore};
use respondby_core::tracked::{Action, Mark, MessageRef, Tracked};
use respondby_core::{Alert, Severity, Source};
use respondby_testkit::{
    app_home_opened, command_request, event_request, function_url_event, interaction_request,
    nothing_listening, sign, unix_now, AwsStub, DynamoStub, FunctionProcess, Outcome as Done,
    RuntimeApi, SlackApiStub, MAX_BLOCKS, MAX_VIEW_BLOCKS, RESPONSE_URL_USES,
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

/// A tracked case as the source functions record it: due in `hours` (past
/// when negative), in `account`, posted as a message in app mode.
fn case(i: usize, account: &str, hours: i64) -> Tracked {
    let now = Utc::now();
    let mut a = Alert::new(
        Source::GuardDuty,
        "UnauthorizedAccess:EC2/SSHBruteForce",
        if i % 3 == 0 {
            Severity::Critical
        } else {
            Severity::High
        },
        format!("Case {i:04}: SSH brute force against i-0abc{i:04}"),
        now - Span::hours(30),
    );
    a.account = account.into();
    a.region = "ap-northeast-1".into();
    a.case_key = format!("guardduty:{account}:case-{i:04}");
    a.respond_by = Some(now + Span::hours(hours));
    a.fix_by = Some(now + Span::hours(hours + 72));
    let mut c = Tracked::new(
        &a,
        Some(MessageRef {
            channel: CHANNEL.into(),
            ts: format!("1765000000.{:06}", 100 + i),
        }),
        now - Span::hours(30),
    );
    ReminderPlan::default().start(&mut c, now);
    c
}

struct Home {
    slack: SlackApiStub,
    dynamo: DynamoStub,
    api: RuntimeApi,
    f: FunctionProcess,
}

async fn start(lang: &str) -> Home {
    start_with(lang, &[]).await
}

async fn start_with(lang: &str, extra: &[(&str, &str)]) -> Home {
    let slack = SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    slack.add_channel(CHANNEL, true);
    let dynamo = if extra.iter().any(|(k, _)| *k == "SPOKE_TABLE") {
        DynamoStub::hub().await
    } else {
        DynamoStub::start().await
    };
    let api = RuntimeApi::start(vec![]).await;
    let (base, ep) = (slack.base_url(), dynamo.endpoint());
    // No Lambda unless a test brings its stand-in: a long `/respondby open`
    // cannot be handed over.
    let no_lambda = nothing_listening();
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
            ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
            ("RESPONDBY_LANGUAGE", lang),
            ("AWS_ENDPOINT_URL_LAMBDA", no_lambda.as_str()),
        ]
        .into_iter()
        .chain(extra.iter().copied())
        .collect::<Vec<_>>(),
    );
    Home {
        slack,
        dynamo,
        api,
        f,
    }
}

impl Home {
    async fn seed(&self, cases: &[Tracked]) {
        let s = store(&self.dynamo.endpoint()).await;
        for c in cases {
            assert!(s.put_case(c, None, 0).await.unwrap());
        }
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

    /// How long the last finished invocation took.
    fn last_took(&self) -> Duration {
        let f = self.api.finished();
        self.api.took(&f.last().unwrap().request_id).unwrap()
    }

    async fn open_home(&self, user: &str) -> Value {
        let r = self.send(vec![signed_event(&app_home_opened(user))]).await;
        assert_eq!(r[0]["statusCode"], 200, "{}", self.f.logs());
        self.slack
            .home_of(user)
            .unwrap_or_else(|| panic!("no Home tab published\n{}", self.f.logs()))
    }

    /// Clicks the Home tab's control `action_id` (a button, or the account
    /// menu's option `option`) as Slack reports it.
    async fn click_home(
        &self,
        user: &str,
        view: &Value,
        action_id: &str,
        option: Option<&str>,
    ) -> Value {
        let el = elements(view)
            .into_iter()
            .find(|e| e["action_id"] == action_id)
            .unwrap_or_else(|| panic!("no {action_id} in {view}"));
        let mut action = json!({"action_id": action_id, "block_id": "b", "action_ts": "1.2"});
        match option {
            Some(text) => {
                action["selected_option"] = el["options"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["text"]["text"] == text)
                    .unwrap()
                    .clone();
                action["type"] = "static_select".into();
            }
            None => {
                action["value"] = el["value"].clone();
                action["type"] = "button".into();
            }
        }
        let payload = json!({
            "type": "block_actions",
            "user": {"id": user, "username": user.to_lowercase(), "team_id": "T000"},
            "api_app_id": "A000APP",
            "team": {"id": "T000"},
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home", "private_metadata": view["private_metadata"]},
            "trigger_id": "1.2.3",
            "actions": [action],
        });
        let (headers, body) = interaction_request(SECRET, unix_now(), &payload);
        let r = self
            .send(vec![function_url_event(
                "POST", "/", &headers, &body, false,
            )])
            .await;
        assert_eq!(r[0]["statusCode"], 200);
        self.slack.home_of(user).unwrap()
    }

    async fn command(&self, text: &str, user: &str) -> Value {
        self.command_to(text, user, "https://hooks.slack.com/commands/T000/1/x")
            .await
    }

    /// `/respondby <text>` typed by `user`, its `response_url` being
    /// `response_url`: the HTTP answer's JSON.
    async fn command_to(&self, text: &str, user: &str, response_url: &str) -> Value {
        let (headers, body) = command_request(SECRET, unix_now(), text, user, response_url);
        let r = self
            .send(vec![function_url_event(
                "POST", "/", &headers, &body, false,
            )])
            .await;
        assert_eq!(r[0]["statusCode"], 200, "{}", self.f.logs());
        assert!(r[0]["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("application/json"));
        serde_json::from_str(r[0]["body"].as_str().unwrap()).unwrap()
    }
}

fn signed_event(body: &Value) -> Value {
    let (headers, body) = event_request(SECRET, unix_now(), body);
    function_url_event("POST", "/", &headers, &body, false)
}

fn elements(view: &Value) -> Vec<Value> {
    view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().unwrap().clone())
        .collect()
}

/// The cases' sections of a tab or an answer, in order (their text).
fn case_sections(blocks: &Value) -> Vec<String> {
    blocks
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "section")
        .filter_map(|b| b["text"]["text"].as_str())
        .filter(|t| t.contains("Case ") || t.contains("ケース "))
        .map(str::to_owned)
        .collect()
}

/// `Case 0042` → 42.
fn case_no(text: &str) -> usize {
    let i = text.find("Case ").unwrap() + 5;
    text[i..i + 4].parse().unwrap()
}

fn all_text(v: &Value) -> String {
    respondby_core::slack::texts(v)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Forged, stale, headless and tampered events and commands: 401, nothing
/// published, nothing answered; a signed challenge is answered with itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_and_commands_are_refused_unless_signed_by_slack_and_the_challenge_is_answered() {
    let h = start("en").await;
    h.seed(&[case(1, "111122223333", 5)]).await;
    let event = app_home_opened("U0MALLORY");
    let (_, cmd_body) = command_request(
        SECRET,
        unix_now(),
        "open",
        "U0MALLORY",
        "https://hooks.slack.com/commands/T000/1/x",
    );
    let mut refused = Vec::new();
    for (ct, body) in [
        ("application/json", event.to_string()),
        ("application/x-www-form-urlencoded", cmd_body),
    ] {
        let now = unix_now();
        let good = |ts: u64, secret: &str| {
            vec![
                ("content-type".to_owned(), ct.to_owned()),
                ("x-slack-request-timestamp".to_owned(), ts.to_string()),
                ("x-slack-signature".to_owned(), sign(secret, ts, &body)),
            ]
        };
        let forged = good(now, "not-the-secret");
        let stale = good(now - 301, SECRET);
        let mut headless = good(now, SECRET);
        headless.remove(2);
        let mut no_ts = good(now, SECRET);
        no_ts.remove(1);
        for headers in [forged, stale, headless, no_ts] {
            refused.push(function_url_event("POST", "/", &headers, &body, false));
        }
        let tampered = body.replace("U0MALLORY", "U0SATOOOO");
        refused.push(function_url_event(
            "POST",
            "/",
            &good(now, SECRET),
            &tampered,
            false,
        ));
    }
    let unsigned_challenge = function_url_event(
        "POST",
        "/",
        &[("content-type", "application/json")],
        &json!({"type": "url_verification", "challenge": "c"}).to_string(),
        false,
    );
    refused.push(unsigned_challenge);
    let n = refused.len();
    let answers = h.send(refused).await;
    assert_eq!(answers.len(), n);
    for a in &answers {
        assert_eq!(a["statusCode"], 401, "{a}");
        assert!(!a["body"].as_str().unwrap_or("").contains("Case"), "{a}");
    }
    assert!(h.slack.views().is_empty(), "a Home tab was published");
    assert!(h.slack.requests().is_empty(), "Slack was called");

    // The challenge, signed, base64-encoded by the Function URL or not.
    let challenge = json!({
        "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    });
    let (headers, body) = event_request(SECRET, unix_now(), &challenge);
    let r = h
        .send(vec![
            function_url_event("POST", "/", &headers, &body, false),
            function_url_event("POST", "/", &headers, &body, true),
        ])
        .await;
    for a in &r {
        assert_eq!(a["statusCode"], 200);
        assert_eq!(a["body"], challenge["challenge"]);
        assert!(a["headers"]["content-type"]
            .as_str()
            .unwrap()
            .starts_with("text/plain"));
    }
    assert!(!h.f.logs().contains(SECRET), "signing secret in the logs");
}

/// 0, 1, 99 and 1,000 open cases: every view within 100 blocks and Slack's
/// limits (the stand-in refuses others), soonest deadline first with the
/// overdue ones leading and flagged, and "More" pages through all of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_tab_pages_through_0_1_99_and_1000_open_cases_soonest_first() {
    let h = start("en").await;
    let mut seeded = 0usize;
    for n in [0usize, 1, 99, 1000] {
        // Deadlines mixed up; the first tenth overdue.
        let cases: Vec<Tracked> = (seeded..n)
            .map(|i| {
                let hours = if i % 10 == 0 {
                    -((i % 7) as i64) - 1
                } else {
                    ((i * 37) % 500) as i64 + 1
                };
                case(i, "111122223333", hours)
            })
            .collect();
        h.seed(&cases).await;
        seeded = n;
        let user = format!("U0VIEWER{n}");
        let mut view = h.open_home(&user).await;
        assert_eq!(view["type"], "home");
        let text = all_text(&view);
        assert!(text.contains(&format!("{n} open")), "{text}");
        if n == 0 {
            assert!(text.contains("Nothing is open"), "{text}");
            assert!(case_sections(&view["blocks"]).is_empty());
            continue;
        }
        let mut listed: Vec<String> = Vec::new();
        for page in 0.. {
            let blocks = view["blocks"].as_array().unwrap();
            assert!(
                blocks.len() <= MAX_VIEW_BLOCKS,
                "page {page}: {} blocks",
                blocks.len()
            );
            for b in blocks {
                let one = json!({"blocks": [b], "text": ""});
                respondby_core::slack::check_limits(&one).unwrap();
            }
            listed.extend(case_sections(&view["blocks"]));
            if !elements(&view)
                .iter()
                .any(|e| e["action_id"] == "respondby.home.more")
            {
                break;
            }
            assert!(page < 30, "too many pages");
            view = h
                .click_home(&user, &view, "respondby.home.more", None)
                .await;
        }
        assert_eq!(listed.len(), n, "every open case, once");
        let s = store(&h.dynamo.endpoint()).await;
        let mut deadlines = Vec::new();
        for t in &listed {
            let c = s
                .load_case(&format!("guardduty:111122223333:case-{:04}", case_no(t)))
                .await
                .unwrap()
                .unwrap();
            deadlines.push(c.respond_by.unwrap());
            // Overdue cases stand out.
            assert_eq!(
                t.starts_with(":rotating_light: *OVERDUE by"),
                c.respond_by.unwrap() < Utc::now(),
                "{t}"
            );
        }
        assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "soonest first");
        assert!(
            listed[0].contains("OVERDUE"),
            "overdue first: {}",
            listed[0]
        );
        let first = &listed[0];
        for part in [
            "`111122223333`",
            "`ap-northeast-1`",
            "Respond by <!date^",
            "Fix by <!date^",
            "Nobody has acknowledged it yet",
            "<https://slack.com/archives/C0ALERTS/p1765000000",
        ] {
            assert!(first.contains(part), "{part} missing in {first}");
        }
    }
}

/// Filters (mine, unacknowledged, overdue, one account) and the Japanese
/// tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_tab_filters_and_reads_in_japanese() {
    let h = start("ja").await;
    let now = Utc::now();
    let mut mine = case(1, "111122223333", 10);
    mine.apply(Action::Acknowledge, Mark::user("U0SATO", Some("sato"), now))
        .unwrap();
    let late = case(2, "444455556666", -3);
    let other = case(3, "444455556666", 20);
    let mut gone = case(4, "111122223333", 1);
    gone.apply(Action::Resolve, Mark::user("U0SATO", None, now))
        .unwrap();
    ReminderPlan::default().reschedule(&mut gone, now);
    h.seed(&[mine, late, other, gone]).await;

    let view = h.open_home("U0SATO").await;
    let text = all_text(&view);
    assert!(text.contains("対応中 3件"), "{text}");
    assert!(text.contains("期限を"), "overdue in Japanese: {text}");
    assert!(text.contains("<@U0SATO>が確認済み"), "{text}");
    let order: Vec<usize> = case_sections(&view["blocks"])
        .iter()
        .map(|t| case_no(t))
        .collect();
    assert_eq!(
        order,
        vec![2, 1, 3],
        "overdue first, then soonest; resolved gone"
    );

    let pick = |v: &Value| -> Vec<usize> {
        case_sections(&v["blocks"])
            .iter()
            .map(|t| case_no(t))
            .collect()
    };
    let v = h
        .click_home("U0SATO", &view, "respondby.home.filter.mine", None)
        .await;
    assert_eq!(pick(&v), vec![1]);
    let v = h
        .click_home("U0SATO", &view, "respondby.home.filter.unacked", None)
        .await;
    assert_eq!(pick(&v), vec![2, 3]);
    let v = h
        .click_home("U0SATO", &view, "respondby.home.filter.overdue", None)
        .await;
    assert_eq!(pick(&v), vec![2]);
    let v = h
        .click_home(
            "U0SATO",
            &view,
            "respondby.home.account",
            Some("444455556666"),
        )
        .await;
    assert_eq!(pick(&v), vec![2, 3]);
    let v = h
        .click_home("U0TANAKA", &view, "respondby.home.filter.mine", None)
        .await;
    assert!(pick(&v).is_empty());
    assert!(
        all_text(&v).contains("当てはまる対応中のケースはありません"),
        "{}",
        all_text(&v)
    );
}

/// Every subcommand, and one Respond By does not know.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_respondby_subcommand_answers_only_the_person_who_typed_it() {
    let h = start("en").await;
    let now = Utc::now();
    let mut mine = case(1, "111122223333", 10);
    mine.apply(Action::Acknowledge, Mark::user("U0SATO", Some("sato"), now))
        .unwrap();
    let mut cases = vec![mine, case(2, "444455556666", -3)];
    cases.extend((10..40).map(|i| case(i, "111122223333", 30 + i as i64)));
    h.seed(&cases).await;

    // 32 cases, and no Lambda to hand the rest to: the first 20, how many
    // more, and that the rest could not be sent (logged at ERROR).
    let open = h.command("open", "U0SATO").await;
    assert_eq!(open["response_type"], "ephemeral");
    respondby_core::slack::check_limits(&open).unwrap();
    let listed = case_sections(&open["blocks"]);
    assert_eq!(listed.len(), 20);
    assert_eq!(case_no(&listed[0]), 2, "overdue first");
    assert!(listed[0].contains("OVERDUE by"));
    let text = all_text(&open);
    assert!(text.contains("and 12 more"), "{text}");
    assert!(text.contains("The rest could not be sent here"), "{text}");
    assert!(!text.contains("follows"), "{text}");
    let logs =
        h.f.logs_containing("could not hand the rest", Duration::from_secs(2))
            .await;
    assert!(
        logs.lines()
            .any(|l| l.contains("could not hand the rest") && l.contains("ERROR")),
        "{logs}"
    );

    let by_case = |v: &Value| -> Vec<usize> {
        case_sections(&v["blocks"])
            .iter()
            .map(|t| case_no(t))
            .collect()
    };
    assert_eq!(by_case(&h.command("open overdue", "U0SATO").await), vec![2]);
    assert_eq!(by_case(&h.command("open mine", "U0SATO").await), vec![1]);
    assert_eq!(
        by_case(&h.command("OPEN 444455556666", "U0SATO").await),
        vec![2]
    );

    let policy = h.command("policy", "U0SATO").await;
    let text = all_text(&policy);
    assert!(text.contains("Deadlines in effect"), "{text}");
    assert!(text.contains("| abuse | 24h |"), "{text}");
    assert!(text.contains("Reminders:"), "{text}");
    respondby_core::slack::check_limits(&policy).unwrap();

    let coverage = h.command("coverage", "U0SATO").await;
    assert!(all_text(&coverage).contains("`SPOKE_TABLE` is not set"));

    for text in ["help", ""] {
        let help = h.command(text, "U0SATO").await;
        assert!(all_text(&help).contains("/respondby open overdue"));
        assert!(!all_text(&help).contains("not a command"));
    }
    let unknown = h.command("delete everything <!channel>", "U0SATO").await;
    let t = all_text(&unknown);
    assert!(
        t.contains(
            "`/respondby delete everything &lt;!channel&gt;` is not a command Respond By knows"
        ) && !t.contains("<!channel>"),
        "{t}"
    );
    assert!(t.contains("/respondby open overdue"), "{t}");
    assert_eq!(unknown["response_type"], "ephemeral");
    // Nothing went to the channel or through response_url.
    assert!(h.slack.all_messages().is_empty());
    assert!(h.slack.response_url_calls().is_empty());
}

/// A table that does not answer: Slack still gets its answer within 3
/// seconds; the command says to try again, the Home tab shows why it is
/// empty.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_3_second_answer_with_a_slow_table() {
    let h = start("en").await;
    h.seed(&[case(1, "111122223333", 5)]).await;
    h.dynamo.switch().set_stall(Some(Duration::from_secs(60)));

    let answer = h.command("open", "U0SATO").await;
    assert!(
        h.last_took() < Duration::from_secs(3),
        "{:?}",
        h.last_took()
    );
    assert!(
        all_text(&answer).contains("could not read the open cases"),
        "{answer}"
    );

    let view = h.open_home("U0SATO").await;
    assert!(
        h.last_took() < Duration::from_secs(3),
        "{:?}",
        h.last_took()
    );
    assert!(
        all_text(&view).contains("could not read the open cases"),
        "{view}"
    );
}

/// With SLACK_TEAM_ID and SLACK_APP_ID set, a correctly signed command,
/// Home tab event or Home tab click from another workspace or app is
/// refused (403) and shows nothing: the open cases are not listed to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_and_the_home_tab_answer_only_our_workspace_and_app() {
    use respondby_testkit::{APP_ID, TEAM_ID};
    let home = start_with(
        "en",
        &[("SLACK_TEAM_ID", TEAM_ID), ("SLACK_APP_ID", APP_ID)],
    )
    .await;
    home.seed(&[case(1, "111122223333", 5)]).await;
    let (headers, body) = command_request(
        SECRET,
        unix_now(),
        "open",
        "U0INTRUDER",
        "https://hooks.slack.com/commands/T000/1/x",
    );
    let other_team = body.replace(&format!("team_id={TEAM_ID}"), "team_id=T0OTHER");
    let other_app = body.replace(&format!("api_app_id={APP_ID}"), "api_app_id=A0OTHER");
    assert!(other_team != body && other_app != body);
    let resign = |b: &str| {
        let ts = unix_now();
        let mut h = headers.clone();
        for (k, v) in h.iter_mut() {
            if k == "x-slack-request-timestamp" {
                *v = ts.to_string();
            } else if k == "x-slack-signature" {
                *v = sign(SECRET, ts, b.as_bytes());
            }
        }
        function_url_event("POST", "/", &h, b, false)
    };
    let mut opened = app_home_opened("U0INTRUDER");
    opened["team_id"] = "T0OTHER".into();
    let payload = json!({
        "type": "block_actions",
        "user": {"id": "U0INTRUDER", "team_id": "T0OTHER"},
        "api_app_id": APP_ID,
        "team": {"id": "T0OTHER"},
        "view": {"id": "V1", "type": "home"},
        "actions": [{"action_id": "respondby.home.more", "type": "button", "value": "all|1"}],
    });
    let (h, b) = interaction_request(SECRET, unix_now(), &payload);
    let r = home
        .send(vec![
            resign(&other_team),
            resign(&other_app),
            signed_event(&opened),
            function_url_event("POST", "/", &h, &b, false),
        ])
        .await;
    for a in &r {
        assert_eq!(a["statusCode"], 403, "{a}\n{}", home.f.logs());
        assert!(!a.to_string().contains("111122223333"), "{a}");
    }
    assert!(home.slack.home_of("U0INTRUDER").is_none());
    // Ours: answered.
    let ours = home.command("open", "U0SATO").await;
    assert!(ours.to_string().contains("111122223333"), "{ours}");
}

/// With SPOKE_TABLE set, `/respondby coverage` lists the hub's spokes from
/// the spoke table (silent first), named from ACCOUNT_NAMES, and the
/// expected spokes never heard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn respondby_coverage_lists_the_spokes_silent_first_with_account_names() {
    use respondby_heartbeat::store::{DynamoSpokes, SpokeStore};
    use respondby_heartbeat::{Heartbeat, SpokeId};
    let h = start_with(
        "en",
        &[
            ("SPOKE_TABLE", "respondby-spokes"),
            (
                "ACCOUNT_NAMES",
                "111122223333=prod-web,444455556666=billing",
            ),
            ("EXPECTED_SPOKES", "777788889999/ap-northeast-1"),
        ],
    )
    .await;
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(h.dynamo.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    let spokes = DynamoSpokes::new(&sdk, "respondby-spokes");
    let now = Utc::now();
    let beat = |account: &str, region: &str, ago: i64| Heartbeat {
        id: SpokeId::new(account, region),
        spoke: Some("spoke".into()),
        interval_minutes: Some(60),
        at: now - chrono::Duration::minutes(ago),
        event_id: format!("{account}{region}"),
    };
    // Heard a minute ago, due in an hour; heard five hours ago, due three
    // hours ago: silent.
    spokes
        .heard(
            &beat("111122223333", "eu-west-1", 1),
            now.timestamp() + 3600,
        )
        .await
        .unwrap();
    spokes
        .heard(
            &beat("444455556666", "us-east-1", 300),
            now.timestamp() - 3 * 3600,
        )
        .await
        .unwrap();
    let coverage = h.command("coverage", "U0SATO").await;
    assert_eq!(coverage["response_type"], "ephemeral");
    respondby_core::slack::check_limits(&coverage).unwrap();
    let text = all_text(&coverage);
    assert!(!text.contains("not available"), "{text}");
    let silent = text.find("`444455556666` (billing)").expect(&text);
    let never = text.find("`777788889999`").expect(&text);
    let heard = text.find("`111122223333` (prod-web)").expect(&text);
    assert!(silent < heard && never < heard, "{text}");
    assert!(
        text.contains("`eu-west-1`") && text.contains("`ap-northeast-1`"),
        "{text}"
    );
    println!("{text}");
}

/// What a stand-in `response_url` received: its ephemeral messages, each
/// call accepted by the stand-in (50 blocks, Slack's text limits).
fn received(h: &Home) -> Vec<Value> {
    let calls = h.slack.response_url_calls();
    for c in &calls {
        assert_eq!(c.status, 200, "{} {}", c.answer, c.body);
        assert_eq!(c.body["response_type"], "ephemeral", "{}", c.body);
        assert_eq!(c.body["replace_original"], false, "{}", c.body);
        let blocks = c.body["blocks"].as_array().unwrap();
        assert!(blocks.len() <= MAX_BLOCKS);
        respondby_core::slack::check_limits(&c.body).unwrap();
    }
    calls.into_iter().map(|c| c.body).collect()
}

/// A `/respondby open` longer than one answer (200 cases): the command is
/// answered at once (within Slack's 3 seconds) with its first cases and
/// "the full list follows"; the function queued an `Invoke` of itself
/// (`InvocationType=Event`) whose payload, fed back to it through the
/// Runtime API, posts the whole list to the command's `response_url`:
/// ephemeral, soonest first, every case once, within 50 blocks and Slack's
/// text limits per message, no more than the URL's 5 uses, the last saying
/// how many more and pointing to the Home tab. A job whose `response_url`
/// is not Slack's, and an event that is neither, fail naming what is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_respondby_open_is_acknowledged_at_once_then_posted_whole_through_the_response_url()
{
    let lambda = AwsStub::builder().start().await;
    let ep = lambda.endpoint();
    let h = start_with("en", &[("AWS_ENDPOINT_URL_LAMBDA", ep.as_str())]).await;
    // The first 20 overdue, the others due in 1 to 180 hours: the soonest
    // first order is the cases' numbers.
    let cases: Vec<Tracked> = (0..200i64)
        .map(|i| {
            case(
                i as usize,
                "111122223333",
                if i < 20 { i - 20 } else { i - 19 },
            )
        })
        .collect();
    h.seed(&cases).await;
    let url = h.slack.command_response_url(CHANNEL, "U0SATO");

    let ack = h.command_to("open", "U0SATO", &url).await;
    assert!(
        h.last_took() < Duration::from_secs(3),
        "{:?}",
        h.last_took()
    );
    assert_eq!(ack["response_type"], "ephemeral");
    respondby_core::slack::check_limits(&ack).unwrap();
    let first: Vec<usize> = case_sections(&ack["blocks"])
        .iter()
        .map(|t| case_no(t))
        .collect();
    assert_eq!(
        first,
        (0..20).collect::<Vec<_>>(),
        "the first cases at once"
    );
    let text = all_text(&ack);
    assert!(
        text.contains("The full list of the 200 matching cases follows in a moment"),
        "{text}"
    );
    assert!(!text.contains("could not be sent"), "{text}");
    assert!(
        h.slack.response_url_calls().is_empty(),
        "nothing posted yet"
    );

    // One Invoke of the function itself, queued (Event), signed.
    let invoked = lambda.invocations();
    assert_eq!(invoked.len(), 1, "{}", h.f.logs());
    assert_eq!(invoked[0].function, "respondby-slack-actions");
    assert_eq!(invoked[0].invocation_type, "Event");
    let call = &lambda.calls(respondby_testkit::Api::Invoke)[0];
    assert_eq!(call.header("x-amz-invocation-type"), Some("Event"));
    assert_eq!(call.access_key.as_deref(), Some("test"));
    let job = invoked[0].payload.clone();
    assert_eq!(
        job,
        json!({"respondby": "open-list", "response_url": url, "filter": "all", "user": "U0SATO"})
    );

    // The asynchronous invocation, as Lambda would run it.
    let done = h.send(vec![job]).await;
    assert_eq!(done[0]["posted"], RESPONSE_URL_USES, "{}", done[0]);
    let messages = received(&h);
    assert_eq!(messages.len(), RESPONSE_URL_USES as usize);
    assert_eq!(h.slack.ephemerals().len(), messages.len());
    assert!(h
        .slack
        .ephemerals()
        .iter()
        .all(|e| e.user.as_deref() == Some("U0SATO")));
    let listed: Vec<usize> = messages
        .iter()
        .flat_map(|m| case_sections(&m["blocks"]))
        .map(|t| case_no(&t))
        .collect();
    assert!(listed.len() > 100, "{}", listed.len());
    assert_eq!(
        listed,
        (0..listed.len()).collect::<Vec<_>>(),
        "soonest first, once each"
    );
    let first_text = all_text(&messages[0]);
    assert!(
        first_text.contains("Respond By: open cases* (All)"),
        "{first_text}"
    );
    assert!(first_text.contains("200 open · 20 overdue"), "{first_text}");
    assert!(
        first_text.contains(&format!(
            "1–{} of 200",
            case_sections(&messages[0]["blocks"]).len()
        )),
        "{first_text}"
    );
    let last = all_text(messages.last().unwrap());
    assert!(
        last.contains(&format!("…and {} more", 200 - listed.len()))
            && last.contains("*Home* tab lists them all"),
        "{last}"
    );
    println!("{first_text}\n…\n{last}");

    // A job naming another host, and an event that is neither: errors
    // naming what is wrong; nothing posted, nothing invoked.
    let before = h.api.finished().len();
    h.api.push(json!({"respondby": "open-list", "response_url": "https://evil.example/commands/T/1/x", "filter": "all", "user": "U0SATO"}));
    h.api
        .push(json!({"detail-type": "Scheduled Event", "source": "aws.events"}));
    let done = h.api.wait_for(before + 2, WAIT).await;
    let errors: Vec<String> = done[before..]
        .iter()
        .map(|d| match &d.outcome {
            Done::Error { error_message, .. } => error_message.clone(),
            o => panic!("{o:?}"),
        })
        .collect();
    assert!(errors[0].contains("response_url refused"), "{}", errors[0]);
    assert!(!errors[0].contains("/commands/T/1/x"), "{}", errors[0]);
    assert!(
        errors[1].contains("neither a Function URL request") && errors[1].contains("detail-type"),
        "{}",
        errors[1]
    );
    assert_eq!(received(&h).len(), RESPONSE_URL_USES as usize);
    assert_eq!(lambda.invocations().len(), 1);
}

/// In Japanese, a filtered list (one account, 45 of its cases among 60)
/// that fits the `response_url`'s messages: acknowledged, then every case
/// of the account posted, soonest first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_respondby_open_for_one_account_is_posted_whole_in_japanese() {
    let lambda = AwsStub::builder().start().await;
    let ep = lambda.endpoint();
    let h = start_with("ja", &[("AWS_ENDPOINT_URL_LAMBDA", ep.as_str())]).await;
    let cases: Vec<Tracked> = (0..60)
        .map(|i| {
            let account = if i % 4 == 3 {
                "444455556666"
            } else {
                "111122223333"
            };
            case(i, account, i as i64 + 1)
        })
        .collect();
    h.seed(&cases).await;
    let url = h.slack.command_response_url(CHANNEL, "U0SATO");
    let ack = h.command_to("open 111122223333", "U0SATO", &url).await;
    let text = all_text(&ack);
    assert!(text.contains("該当する45件すべての一覧"), "{text}");
    assert_eq!(case_sections(&ack["blocks"]).len(), 20);
    let invoked = lambda.invocations();
    assert_eq!(invoked.len(), 1, "{}", h.f.logs());
    assert_eq!(invoked[0].payload["filter"], "account:111122223333");
    h.send(vec![invoked[0].payload.clone()]).await;
    let messages = received(&h);
    assert!(messages.len() >= 2 && messages.len() <= RESPONSE_URL_USES as usize);
    let listed: Vec<usize> = messages
        .iter()
        .flat_map(|m| case_sections(&m["blocks"]))
        .map(|t| case_no(&t))
        .collect();
    let want: Vec<usize> = (0..60).filter(|i| i % 4 != 3).collect();
    assert_eq!(listed, want, "every case of the account, soonest first");
    let all: String = messages.iter().map(all_text).collect::<Vec<_>>().join("\n");
    assert!(all.contains("45件中 1–"), "{all}");
    assert!(!all.contains("ほか"), "nothing left over: {all}");
}

/// The asynchronous invocation cannot read the table: the person who asked
/// is told through the command's `response_url` (ephemeral, "try again"),
/// and the invocation fails (logged at ERROR; the template does not retry
/// it, so the list is never posted twice).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_whose_table_is_down_is_reported_through_the_response_url() {
    let lambda = AwsStub::builder().start().await;
    let ep = lambda.endpoint();
    let h = start_with("en", &[("AWS_ENDPOINT_URL_LAMBDA", ep.as_str())]).await;
    let cases: Vec<Tracked> = (0..30)
        .map(|i| case(i, "111122223333", i as i64 + 1))
        .collect();
    h.seed(&cases).await;
    let url = h.slack.command_response_url(CHANNEL, "U0SATO");
    let ack = h.command_to("open", "U0SATO", &url).await;
    assert!(all_text(&ack).contains("follows"), "{ack}");
    let job = lambda.invocations()[0].payload.clone();

    h.dynamo.set_down(true);
    let before = h.api.finished().len();
    h.api.push(job);
    let done = h.api.wait_for(before + 1, WAIT).await;
    match &done[before].outcome {
        Done::Error { error_message, .. } => assert!(
            error_message.contains("could not read the open cases")
                && error_message.contains("the user was told"),
            "{error_message}"
        ),
        o => panic!("{o:?}\n{}", h.f.logs()),
    }
    let messages = received(&h);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let text = all_text(&messages[0]);
    assert!(
        text.contains("could not read the open cases") && text.contains("try again"),
        "{text}"
    );
    assert!(case_sections(&messages[0]["blocks"]).is_empty());
    let logs =
        h.f.logs_containing("the invocation failed", Duration::from_secs(2))
            .await;
    assert!(
        logs.lines()
            .any(|l| l.contains("the invocation failed") && l.contains("ERROR")),
        "{logs}"
    );
    assert!(!logs.contains(&url), "the response_url is not logged");
}
