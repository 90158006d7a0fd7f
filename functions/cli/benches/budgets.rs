//! Performance budgets (issue 6), measured, not asserted. Release figures:
//!
//! ```sh
//! cargo build --release --workspace --bins
//! cargo bench -p respondby-cli --bench budgets
//! ```
//!
//! CI runs it in smoke mode on the debug binaries `cargo test --workspace`
//! built: `BENCH_RUNS=2 cargo test -p respondby-cli --bench budgets`. It must
//! run there, not meet a time.
//!
//! Prints markdown tables with a budget and a verdict per figure:
//! - normalise + render of one event per source, in-process;
//! - per function binary, through a local Lambda Runtime API: init (process
//!   start to the first `next` request), warm invocation (event handed out
//!   to its POST reaching Slack on loopback — the budget — and to the
//!   invocation's response, after the state writes) and peak RSS over 100
//!   invocations,
//!   in two set-ups: `minimal` (webhook URL in the environment, no state
//!   table) and `deployed` (webhook read from Secrets Manager, DynamoDB state
//!   table; both local stand-ins), which is what template.yaml deploys;
//! - the Slack actions endpoint: init, and a warm signed click to its
//!   response (the click recorded, the message replaced through its
//!   response_url), deployed set-up;
//! - the reminders sweep: init, a warm run with nothing due (10,000 open
//!   alerts on the index, none due), and how a sweep of 100 / 1,000 /
//!   10,000 due alerts grows in time and Query count;
//! - the heartbeat function (issue 19): init, and a warm heartbeat to its
//!   response (budget < 1 ms) with the DynamoDB writes it took (budget: one);
//! - `respondby coverage --json` over 1,700 spokes (100 accounts × 17
//!   Regions) in the DynamoDB stand-in, as a whole process (budget < 1 s);
//! - the stripped binary sizes;
//! - `respondby send` of one GuardDuty event as a whole cold process against
//!   a ten-line Python urllib poster and, when `NOTIFY_SLACK_DIR` names a
//!   folder holding terraform-aws-modules' `notify_slack.py` (and
//!   `NOTIFY_SLACK_PYTHON` a Python with boto3), that notifier's handler.
//!   `functions/cli/benches/notify-slack-baseline.sh` sets both up.
//!
//! Knobs: `BENCH_RUNS` (cold starts per figure, default 20),
//! `BENCH_ENFORCE=1` (exit 1 when a budget is missed), `BENCH_ONLY`
//! (comma-separated function binaries: only their rows and sizes, so one
//! function is measured after `cargo build --release -p <its package>`).

use respondby_cli::{normalise, Settings};
use respondby_core::slack::{render, RenderOptions};
use respondby_core::Outcome;
use respondby_testkit::{
    fixture, AwsStub, DynamoStub, FunctionProcess, RuntimeApi, SlackStub, SPOKE_TABLE,
};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/slack-AbCdEf";
const SIGNING_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/signing-AbCdEf";
const SIGNING_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// The two functions without a source event, and their init budgets (ms).
const OTHERS: [(&str, f64); 2] = [
    ("respondby-slack-actions", 20.0),
    ("respondby-reminders", 20.0),
];

/// The hub's heartbeat function and its init budget (ms).
const HEARTBEAT: (&str, f64) = ("respondby-heartbeat", 20.0);

/// A routed webhook secret (the hub set-up).
const ROUTED_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:respondby/routed-AbCdEf";

const FUNCTIONS: [(&str, &str, &str, f64); 7] = [
    // binary, fixture folder, fixture, init budget (ms)
    ("respondby-health", "health", "abuse-dos-report.json", 20.0),
    (
        "respondby-guardduty",
        "guardduty",
        "iam-malicious-ip-caller.json",
        10.0,
    ),
    (
        "respondby-ses-reputation",
        "ses",
        "bounce-rate-review-level.json",
        20.0,
    ),
    (
        "respondby-env-file-access",
        "env-file",
        "read-by-iam-user-foreign-ip.json",
        10.0,
    ),
    // No AWS call per event, so GuardDuty's and .env's init budget.
    (
        "respondby-cost-anomaly",
        "cost-anomaly",
        "ec2-mining-ap-south-1.json",
        10.0,
    ),
    // AWS writing in a case: the Support API and the case's record are
    // read on every event, so the warm figure includes both round trips.
    (
        "respondby-support-case",
        "support",
        "aws-writes-to-case.json",
        20.0,
    ),
    (
        "respondby-public-exposure",
        "public-exposure",
        "ebs-snapshot-made-public.json",
        20.0,
    ),
];

/// `BENCH_ONLY`: the function binaries to measure, when not all.
fn only() -> Option<Vec<String>> {
    std::env::var("BENCH_ONLY")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.split(',').map(|b| b.trim().to_owned()).collect())
}

fn selected(bin: &str) -> bool {
    only().is_none_or(|o| o.iter().any(|b| b == bin))
}

fn median(mut v: Vec<f64>) -> f64 {
    assert!(!v.is_empty(), "no samples");
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// `target/<profile>`: where the function binaries of this build are.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().to_path_buf()
}

fn release() -> bool {
    profile_dir().ends_with("release")
}

fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(20)
}

/// Collects verdicts so the run can end with a summary (and, with
/// `BENCH_ENFORCE=1`, a failing exit code).
#[derive(Default)]
struct Verdicts {
    missed: Vec<String>,
    checked: usize,
}

impl Verdicts {
    /// "✓" or "✗" for `value` against an upper bound; a miss is remembered.
    fn under(&mut self, what: &str, value: f64, budget: f64) -> &'static str {
        self.checked += 1;
        if value < budget {
            "✓"
        } else {
            self.missed.push(format!("{what}: {value:.2} ≥ {budget}"));
            "✗"
        }
    }

    fn at_least(&mut self, what: &str, value: f64, budget: f64) -> &'static str {
        self.checked += 1;
        if value >= budget {
            "✓"
        } else {
            self.missed.push(format!("{what}: {value:.1}× < {budget}×"));
            "✗"
        }
    }
}

/// Normalise + render one event, from the `Value` a function receives (what
/// lambda_runtime parsed) to the Slack message; `normalise_and_render` in
/// benches/in_process.rs measures the same with divan. Each batch gets its
/// own copies of the event, made before the clock starts.
fn in_process(source: &str, file: &str, ja: bool) -> f64 {
    let ev = fixture(source, file);
    let (settings, opts) = if ja {
        let s = Settings::default().in_lang(respondby_core::Lang::Ja);
        let mut o = s.render.clone();
        o.zone = Some(respondby_core::zones::DisplayZone::parse("Asia/Tokyo").unwrap());
        (s, o)
    } else {
        (Settings::default(), RenderOptions::default())
    };
    let now = chrono::Utc::now();
    let batch = 20 * runs();
    let mut samples = Vec::new();
    for _ in 0..15 {
        let inputs: Vec<serde_json::Value> = (0..batch).map(|_| ev.clone()).collect();
        let t = Instant::now();
        for value in inputs {
            match normalise(value, &settings, chrono::Utc::now()).expect("fixture normalises") {
                Outcome::Notify(a) => {
                    std::hint::black_box(render(&a, &opts, now));
                }
                Outcome::Skip { reason } => panic!("{source}/{file} skipped: {reason}"),
            }
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
    }
    median(samples)
}

struct Stubs {
    slack: SlackStub,
    aws: AwsStub,
    dynamo: DynamoStub,
}

impl Stubs {
    async fn start() -> Stubs {
        let slack = SlackStub::start(vec![]).await;
        // The Support API knows every case the runner makes up (`"*"`).
        let mut case =
            fixture("support-api", "describe-cases-aws-opened-compromise.json")["cases"][0].clone();
        case["caseId"] = "*".into();
        let aws = AwsStub::builder()
            .secret(SECRET_ARN, &slack.url())
            .secret(ROUTED_ARN, &slack.url())
            .secret("respondby/other", &slack.url())
            .secret(SIGNING_ARN, SIGNING_SECRET)
            .support_case(case)
            .start()
            .await;
        let dynamo = DynamoStub::hub().await;
        Stubs { slack, aws, dynamo }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Setup {
    Minimal,
    Deployed,
    /// Deployed, in Japanese with a display time zone: the language costs
    /// nothing measurable (issue 13).
    DeployedJa,
    /// Deployed as a hub (issue 19): the event is of another account than
    /// the hub's, 100 accounts named in ACCOUNT_NAMES, and CHANNEL_ROUTES
    /// sending it to a routed webhook.
    Hub,
}

impl Setup {
    fn name(self) -> &'static str {
        match self {
            Setup::Minimal => "minimal",
            Setup::Deployed => "deployed",
            Setup::DeployedJa => "deployed, ja + Asia/Tokyo",
            Setup::Hub => "deployed hub: named, routed",
        }
    }

    fn env(self, stubs: &Stubs) -> Vec<(&'static str, String)> {
        let aws = stubs.aws.endpoint();
        let mut env = vec![
            ("AWS_ENDPOINT_URL_HEALTH", aws.clone()),
            ("AWS_ENDPOINT_URL_SESV2", aws.clone()),
            ("AWS_ENDPOINT_URL_SUPPORT", aws.clone()),
            ("AWS_LAMBDA_LOG_LEVEL", "warn".to_owned()),
        ];
        match self {
            Setup::Minimal => env.push(("SLACK_WEBHOOK_URL", stubs.slack.url())),
            Setup::Deployed | Setup::DeployedJa | Setup::Hub => env.extend([
                ("SLACK_WEBHOOK_SECRET_ARN", SECRET_ARN.to_owned()),
                ("AWS_ENDPOINT_URL_SECRETS_MANAGER", aws),
                ("DEDUP_TABLE", "respondby-state".to_owned()),
                ("AWS_ENDPOINT_URL_DYNAMODB", stubs.dynamo.endpoint()),
            ]),
        }
        if self == Setup::Hub {
            let names: Vec<String> = (0..100)
                .map(|i| format!("{:012}=account-{i}", 111_122_223_300u64 + i))
                .collect();
            env.extend([
                ("ACCOUNT_NAMES", names.join(",")),
                (
                    "CHANNEL_ROUTES",
                    format!("999988887777=respondby/other,*={ROUTED_ARN}"),
                ),
            ]);
        }
        if self == Setup::DeployedJa {
            env.extend([
                ("RESPONDBY_LANGUAGE", "ja".to_owned()),
                ("DISPLAY_TIME_ZONE", "Asia/Tokyo".to_owned()),
            ]);
        }
        env
    }
}

/// The fixture made a distinct alert for invocation `i`: its own dedup key
/// and its own fold group, so with the state table on every invocation still
/// ends in a Slack POST, the path the warm budget is about.
fn nth_event(
    template: &serde_json::Value,
    source: &str,
    setup: Setup,
    i: usize,
) -> serde_json::Value {
    let mut ev = template.clone();
    let tag = format!(
        "bench-{}-{i}",
        setup.name().replace([' ', ',', '+', '/'], "-")
    );
    ev["id"] = tag.clone().into();
    let d = &mut ev["detail"];
    match source {
        "health" => d["eventArn"] = format!("arn:aws:health:global::event/ABUSE/{tag}").into(),
        "guardduty" => {
            d["id"] = tag.clone().into();
            // The fold group is the finding type and the key: a key per set-up
            // too, or the next set-up's first finding folds into the last one's
            // window and reaches no POST.
            d["resource"]["accessKeyDetails"]["accessKeyId"] =
                format!("AKIA{}{i:015}", setup as u8).into();
        }
        "ses" => d["alarmName"] = format!("respondby-ses-bounce-rate-{tag}").into(),
        "env-file" => {
            d["eventID"] = tag.clone().into();
            d["userIdentity"]["arn"] = format!("arn:aws:iam::111122223333:user/{tag}").into();
        }
        // Each its own anomaly: its own case and dedup key.
        "cost-anomaly" => d["anomalyId"] = tag.clone().into(),
        "support" => {
            d["case-id"] = format!("case-111122223333-bench-{tag}").into();
            d["communication-id"] = tag.clone().into();
        }
        "public-exposure" => {
            d["eventID"] = tag.clone().into();
            // Its own case and its own fold group (the caller).
            d["requestParameters"]["snapshotId"] = format!("snap-{i:017x}").into();
            d["userIdentity"]["arn"] = format!("arn:aws:iam::111122223333:user/{tag}").into();
        }
        other => panic!("no variation for {other}"),
    }
    ev
}

struct FnResult {
    init_ms: f64,
    /// Event handed out by the Runtime API → the POST reaching Slack.
    warm_post_ms: f64,
    /// Event handed out → the invocation's response (after the state writes).
    warm_done_ms: f64,
    rss_mib: f64,
}

async fn function(bin: &Path, source: &str, file: &str, setup: Setup, stubs: &Stubs) -> FnResult {
    let owned = setup.env(stubs);
    let env: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut inits = Vec::new();
    for _ in 0..runs() {
        let api = RuntimeApi::start(vec![]).await;
        let t = Instant::now();
        let f = FunctionProcess::spawn(bin, &api.addr(), &env);
        let deadline = t + Duration::from_secs(30);
        while api.first_next_at().is_none() {
            assert!(Instant::now() < deadline, "no `next` in 30 s: {}", f.logs());
            tokio::time::sleep(Duration::from_micros(100)).await;
        }
        inits.push((api.first_next_at().unwrap() - t).as_secs_f64() * 1e3);
    }
    // Warm: one process, events one at a time, each with a new id so the
    // state table (deployed) treats none as a duplicate.
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let template = fixture(source, file);
    let (mut to_post, mut to_done) = (Vec::new(), Vec::new());
    let n = 100.max(runs());
    let delivered_before = stubs.slack.delivered().len();
    for i in 0..n {
        let ev = nth_event(&template, source, setup, i);
        let requests_before = stubs.slack.requests().len();
        let t = Instant::now();
        api.push(ev);
        let done = api.wait_for(i + 1, Duration::from_secs(30)).await;
        let elapsed = t.elapsed();
        assert_eq!(done.len(), i + 1, "{}", f.logs());
        let posted_at = match stubs.slack.requests().get(requests_before) {
            Some(r) => r.at,
            None => panic!(
                "{}: event {i} reached no Slack POST: {}",
                bin.display(),
                f.logs()
            ),
        };
        if i > 0 {
            to_post.push((posted_at - t).as_secs_f64() * 1e3);
            to_done.push(elapsed.as_secs_f64() * 1e3);
        }
    }
    let rss_mib = f.peak_rss_kib().map_or(f64::NAN, |k| k as f64 / 1024.0);
    // Every invocation must have ended in a POST, or the figure would time
    // a duplicate check or a fold instead.
    let posted = stubs.slack.delivered().len() - delivered_before;
    assert_eq!(posted, n, "{}: {}", bin.display(), f.logs());
    FnResult {
        init_ms: median(inits),
        warm_post_ms: median(to_post),
        warm_done_ms: median(to_done),
        rss_mib,
    }
}

async fn dynamo_store(endpoint: &str) -> respondby_core::store::DynamoStore {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    respondby_core::store::DynamoStore::new(&sdk, "respondby-state")
}

/// A tracked abuse report `key`, told 13 h ago with a 24 h deadline: its
/// 50% reminder is due when `due`, else its next one is 10 h ahead.
fn bench_case(key: &str, due: bool) -> respondby_core::tracked::Tracked {
    use respondby_core::plan::ReminderPlan;
    let now = chrono::Utc::now();
    let ev = fixture("health", "abuse-dos-report.json");
    let Outcome::Notify(mut a) = normalise(ev, &Settings::default(), now).unwrap() else {
        panic!()
    };
    a.case_key = key.to_owned();
    let told = if due {
        now - chrono::Duration::hours(13)
    } else {
        now + chrono::Duration::hours(10)
    };
    a.clock.started = told;
    respondby_core::DeadlinePolicy::default().apply(&mut a);
    let mut c = respondby_core::tracked::Tracked::new(&a, None, told);
    ReminderPlan::default().start(&mut c, told);
    c
}

/// Init (ms, median), warm signed click → response (ms, median), RSS.
async fn slack_actions(bin: &Path, stubs: &Stubs) -> (f64, f64, f64) {
    use respondby_core::store::StateStore;
    let slack = respondby_testkit::SlackApiStub::start().await;
    let env_owned = [
        ("SLACK_WEBHOOK_SECRET_ARN", SECRET_ARN.to_owned()),
        ("SLACK_SIGNING_SECRET_ARN", SIGNING_ARN.to_owned()),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubs.aws.endpoint()),
        ("SLACK_BUTTONS", "true".to_owned()),
        ("DEDUP_TABLE", "respondby-state".to_owned()),
        ("AWS_ENDPOINT_URL_DYNAMODB", stubs.dynamo.endpoint()),
        ("AWS_LAMBDA_LOG_LEVEL", "warn".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let init = init_ms(bin, &env).await;
    let store = dynamo_store(&stubs.dynamo.endpoint()).await;
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let n = 100.max(runs());
    let mut warm = Vec::new();
    for i in 0..n {
        let case = bench_case(&format!("bench-click-{i}"), false);
        assert!(store.put_case(&case, None, i64::MAX / 4).await.unwrap());
        let url = slack.response_url_for_webhook_message(&serde_json::json!({"text": "alert"}));
        // The button as posted: its case and episode (issue 18: a bare
        // case key acts only on a message Slack stamped in this episode).
        let payload = respondby_testkit::block_actions_payload(
            "respondby.ack",
            &case.button_value(),
            "U0SATO",
            "sato",
            "C0WEBHOOK",
            "1.000001",
            &url,
        );
        let (headers, body) = respondby_testkit::interaction_request(
            SIGNING_SECRET,
            respondby_testkit::unix_now(),
            &payload,
        );
        let ev = respondby_testkit::function_url_event("POST", "/", &headers, &body, false);
        let t = Instant::now();
        api.push(ev);
        let done = api.wait_for(i + 1, Duration::from_secs(30)).await;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match &done[i].outcome {
            respondby_testkit::Outcome::Response(r) if r["statusCode"] == 200 => {}
            o => panic!("click {i}: {o:?}\n{}", f.logs()),
        }
        assert!(
            slack
                .response_url_message(&url)
                .is_some_and(|m| serde_json::to_string(&m.blocks)
                    .unwrap()
                    .contains("Acknowledged")),
            "click {i} did not update the message: {}",
            f.logs()
        );
        if i > 0 {
            warm.push(ms);
        }
    }
    let rss = f.peak_rss_kib().map_or(f64::NAN, |k| k as f64 / 1024.0);
    (init, median(warm), rss)
}

/// The Home tab and `/respondby open` over `open` open cases (app mode):
/// warm signed `app_home_opened` → Home tab published → 200 (ms, median),
/// and warm signed `/respondby open` → its answer (ms, median).
async fn slack_home(bin: &Path, open: usize) -> (f64, f64) {
    use respondby_core::store::StateStore;
    const TOKEN: &str = "xoxb-111-222-respondbybenchtoken";
    let dynamo = DynamoStub::start().await;
    let slack = respondby_testkit::SlackApiStub::start().await;
    slack.accept_token(TOKEN);
    let store = dynamo_store(&dynamo.endpoint()).await;
    for i in 0..open {
        let mut case = bench_case(&format!("bench-open-{i:05}"), i % 10 == 0);
        case.alert.account = format!("{:012}", 111_122_223_333u64 + (i % 40) as u64);
        assert!(store.put_case(&case, None, i64::MAX / 4).await.unwrap());
    }
    let base = slack.base_url();
    let ep = dynamo.endpoint();
    // A list longer than one answer is handed to an asynchronous invocation
    // (Lambda `Invoke`, queued): the answer timed includes that call.
    let lambda = respondby_testkit::AwsStub::builder().start().await;
    let lambda_ep = lambda.endpoint();
    let env = [
        ("SLACK_MODE", "app"),
        ("SLACK_BOT_TOKEN", TOKEN),
        ("SLACK_CHANNEL", "C0ALERTS"),
        ("SLACK_API_URL", base.as_str()),
        ("SLACK_SIGNING_SECRET", SIGNING_SECRET),
        ("SLACK_BUTTONS", "true"),
        ("DEDUP_TABLE", "respondby-state"),
        ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
        ("AWS_ENDPOINT_URL_LAMBDA", lambda_ep.as_str()),
        ("AWS_LAMBDA_LOG_LEVEL", "warn"),
    ];
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let runs = 21;
    let mut sent = 0;
    let mut timed = |ev: serde_json::Value| {
        sent += 1;
        let n = sent;
        let api = &api;
        let f = &f;
        async move {
            let t = Instant::now();
            api.push(ev);
            let done = api.wait_for(n, Duration::from_secs(30)).await;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            match &done[n - 1].outcome {
                respondby_testkit::Outcome::Response(r) if r["statusCode"] == 200 => {
                    (ms, r.clone())
                }
                o => panic!("request {n}: {o:?}\n{}", f.logs()),
            }
        }
    };
    let mut home = Vec::new();
    for i in 0..runs {
        let (headers, body) = respondby_testkit::event_request(
            SIGNING_SECRET,
            respondby_testkit::unix_now(),
            &respondby_testkit::app_home_opened("U0SATO"),
        );
        let (ms, _) = timed(respondby_testkit::function_url_event(
            "POST", "/", &headers, &body, false,
        ))
        .await;
        if i > 0 {
            home.push(ms);
        }
    }
    let view = slack.home_of("U0SATO").expect("a Home tab was published");
    assert!(
        view.to_string().contains(&format!("{open} open")),
        "the Home tab does not count {open} open cases"
    );
    let mut answers = Vec::new();
    for i in 0..runs {
        let (headers, body) = respondby_testkit::command_request(
            SIGNING_SECRET,
            respondby_testkit::unix_now(),
            "open",
            "U0SATO",
            "https://hooks.slack.com/commands/T000/1/x",
        );
        let (ms, r) = timed(respondby_testkit::function_url_event(
            "POST", "/", &headers, &body, false,
        ))
        .await;
        assert!(r["body"]
            .as_str()
            .unwrap()
            .contains(&format!("{open} open")));
        if i > 0 {
            answers.push(ms);
        }
    }
    // One answer lists 20 cases (slack-actions `command::SHOWN`).
    if open > 20 {
        assert_eq!(
            lambda.invocations().len(),
            runs,
            "each long /respondby open is handed over\n{}",
            f.logs()
        );
    }
    (median(home), median(answers))
}

async fn init_ms(bin: &Path, env: &[(&str, &str)]) -> f64 {
    let mut inits = Vec::new();
    for _ in 0..runs() {
        let api = RuntimeApi::start(vec![]).await;
        let t = Instant::now();
        let f = FunctionProcess::spawn(bin, &api.addr(), env);
        let deadline = t + Duration::from_secs(30);
        while api.first_next_at().is_none() {
            assert!(Instant::now() < deadline, "no `next` in 30 s: {}", f.logs());
            tokio::time::sleep(Duration::from_micros(100)).await;
        }
        inits.push((api.first_next_at().unwrap() - t).as_secs_f64() * 1e3);
    }
    median(inits)
}

/// The sweep: init, a warm run with `open` alerts none of which is due
/// (ms, median), its RSS.
async fn reminders(bin: &Path, stubs: &Stubs, open: usize) -> (f64, f64, f64) {
    use respondby_core::store::StateStore;
    let dynamo = DynamoStub::start().await;
    let store = dynamo_store(&dynamo.endpoint()).await;
    for i in 0..open {
        assert!(store
            .put_case(
                &bench_case(&format!("bench-open-{i}"), false),
                None,
                i64::MAX / 4
            )
            .await
            .unwrap());
    }
    let env_owned = [
        ("SLACK_WEBHOOK_SECRET_ARN", SECRET_ARN.to_owned()),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubs.aws.endpoint()),
        ("DEDUP_TABLE", "respondby-state".to_owned()),
        ("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint()),
        ("AWS_LAMBDA_LOG_LEVEL", "warn".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let init = init_ms(bin, &env).await;
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let n = 20.max(runs());
    let mut warm = Vec::new();
    let scheduled = serde_json::json!({"source": "respondby.sweep"});
    for i in 0..n {
        let t = Instant::now();
        api.push(scheduled.clone());
        let done = api.wait_for(i + 1, Duration::from_secs(30)).await;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match &done[i].outcome {
            respondby_testkit::Outcome::Response(r) if r["reminders"] == 0 => {}
            o => panic!("sweep {i}: {o:?}\n{}", f.logs()),
        }
        if i > 0 {
            warm.push(ms);
        }
    }
    let rss = f.peak_rss_kib().map_or(f64::NAN, |k| k as f64 / 1024.0);
    (init, median(warm), rss)
}

/// One sweep of `n` due alerts, in-process against the DynamoDB stand-in
/// and a local Slack: (seconds, Query pages, reminders posted).
async fn sweep_growth(n: usize) -> (f64, usize, u32) {
    use respondby_core::store::StateStore;
    let dynamo = DynamoStub::start().await;
    let store = dynamo_store(&dynamo.endpoint()).await;
    for i in 0..n {
        assert!(store
            .put_case(
                &bench_case(&format!("bench-due-{i}"), true),
                None,
                i64::MAX / 4
            )
            .await
            .unwrap());
    }
    let slack = SlackStub::start(vec![]).await;
    let poster = respondby_core::slack::WebhookClient::new(
        respondby_core::slack::deliver::http_client(),
        respondby_core::slack::WebhookUrl::parse(
            &slack.url(),
            respondby_core::slack::deliver::Hosts::TESTING,
        )
        .unwrap(),
        respondby_core::slack::RetryPolicy::default(),
    );
    let plan = respondby_core::plan::ReminderPlan::default();
    let opts = RenderOptions::default();
    let how = respondby_reminders::Sweep {
        plan: &plan,
        render: &opts,
    };
    let queries_before = dynamo
        .calls()
        .iter()
        .filter(|c| c.starts_with("Query"))
        .count();
    let t = Instant::now();
    let r = respondby_reminders::sweep(
        &store,
        &poster,
        how,
        chrono::Utc::now(),
        tokio::time::Instant::now() + Duration::from_secs(3600),
    )
    .await
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let queries = dynamo
        .calls()
        .iter()
        .filter(|c| c.starts_with("Query"))
        .count()
        - queries_before;
    assert_eq!(r.reminders as usize, n, "every due alert reminded once");
    assert_eq!(slack.delivered().len(), n);
    (secs, queries, r.reminders)
}

/// The heartbeat function, deployed: init (ms, median), a warm heartbeat to
/// its response (ms, median), DynamoDB writes per heartbeat, peak RSS.
async fn heartbeat(bin: &Path, stubs: &Stubs) -> (f64, f64, f64, f64) {
    let env_owned = [
        ("SLACK_WEBHOOK_SECRET_ARN", SECRET_ARN.to_owned()),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", stubs.aws.endpoint()),
        ("DEDUP_TABLE", "respondby-state".to_owned()),
        ("SPOKE_TABLE", SPOKE_TABLE.to_owned()),
        ("AWS_ENDPOINT_URL_DYNAMODB", stubs.dynamo.endpoint()),
        ("AWS_LAMBDA_LOG_LEVEL", "warn".to_owned()),
    ];
    let env: Vec<(&str, &str)> = env_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let init = init_ms(bin, &env).await;
    let api = RuntimeApi::start(vec![]).await;
    let f = FunctionProcess::spawn(bin, &api.addr(), &env);
    let template = fixture("heartbeat", "skip-heartbeat-mumbai.json");
    let n = 100.max(runs());
    let writes_before = stubs.dynamo.calls().len();
    let mut warm = Vec::new();
    for i in 0..n {
        // A spoke each: 100 accounts heard once.
        let mut ev = template.clone();
        ev["account"] = format!("{:012}", 200_000_000_000u64 + i as u64).into();
        ev["id"] = format!("bench-heartbeat-{i}").into();
        ev["time"] = chrono::Utc::now()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
            .into();
        let t = Instant::now();
        api.push(ev);
        let done = api.wait_for(i + 1, Duration::from_secs(30)).await;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        match &done[i].outcome {
            respondby_testkit::Outcome::Response(r) if r["action"] == "recorded" => {}
            o => panic!("heartbeat {i}: {o:?}\n{}", f.logs()),
        }
        if i > 0 {
            warm.push(ms);
        }
    }
    let writes = (stubs.dynamo.calls().len() - writes_before) as f64 / n as f64;
    let rss = f.peak_rss_kib().map_or(f64::NAN, |k| k as f64 / 1024.0);
    (init, median(warm), writes, rss)
}

/// 100 accounts × 17 Regions of spokes in the stand-in, heard ten minutes
/// ago (every fifth account's Mumbai silent).
async fn seed_spokes(endpoint: &str) {
    use respondby_heartbeat::store::{DynamoSpokes, SpokeStore};
    use respondby_heartbeat::{Heartbeat, SpokeId};
    const REGIONS: [&str; 17] = [
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eu-central-1",
        "eu-north-1",
        "ap-south-1",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-southeast-1",
        "ap-southeast-2",
        "sa-east-1",
    ];
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(endpoint)
        .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .load()
        .await;
    let store = DynamoSpokes::new(&sdk, SPOKE_TABLE);
    let now = chrono::Utc::now();
    for i in 0..100u64 {
        for r in REGIONS {
            let ago = if i % 5 == 0 && r == "ap-south-1" {
                300
            } else {
                10
            };
            let at = now - chrono::Duration::minutes(ago);
            let hb = Heartbeat {
                id: SpokeId::new(&format!("{:012}", 300_000_000_000u64 + i), r),
                spoke: Some("respondby-spoke".into()),
                interval_minutes: Some(60),
                at,
                event_id: format!("seed-{i}-{r}"),
            };
            store.heard(&hb, at.timestamp() + 150 * 60).await.unwrap();
        }
    }
}

/// `budgets --rusage <program> <args…>`: runs the program, waits with
/// `wait4`, prints `<wall ms> <peak RSS KiB>`. Peak RSS must be read this way,
/// from a freshly started small process: a child keeps the peak RSS of the
/// process it was spawned from (the high-water mark survives `exec`), so
/// measured straight from this benchmark (tens of MiB, with its servers)
/// every program would look as big as the benchmark.
fn rusage_launcher(args: &[String]) -> ! {
    let t = Instant::now();
    let child = Command::new(&args[0])
        .args(&args[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", args[0]));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(got, pid, "wait4: {}", std::io::Error::last_os_error());
    println!("{ms} {}", usage.ru_maxrss);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    std::process::exit(if ok { 0 } else { 1 })
}

/// Runs `program args` through the launcher; returns (wall ms, peak RSS MiB).
fn run_measured(program: &Path, args: &[&str], env: &[(&str, &str)]) -> (f64, f64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--rusage")
        .arg(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>().unwrap());
    let (ms, kib) = (it.next().unwrap(), it.next().unwrap());
    (ms, kib / 1024.0)
}

fn cold(program: &Path, args: &[&str], env: &[(&str, &str)]) -> (f64, f64) {
    let (mut ms, mut rss) = (Vec::new(), Vec::new());
    for _ in 0..runs() {
        let (m, r) = run_measured(program, args, env);
        ms.push(m);
        rss.push(r);
    }
    (median(ms), median(rss))
}

struct Whole {
    name: &'static str,
    ms: f64,
    rss: f64,
    budget: Option<f64>,
}

/// The rows, and the launcher's own floor (`true` measured the same way).
fn whole_process(url: &str) -> (Vec<Whole>, f64) {
    let event = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/guardduty/iam-malicious-ip-caller.json");
    let dir = std::env::temp_dir();
    let urllib = dir.join("respondby-urllib-poster.py");
    std::fs::write(
        &urllib,
        "import json, sys, urllib.request\nev = json.load(open(sys.argv[1]))\nd = ev['detail']\n\
         body = json.dumps({'text': '[%s] %s' % (d['severity'], d['title'])}).encode()\n\
         req = urllib.request.Request(sys.argv[2], data=body, headers={'content-type': 'application/json'})\n\
         urllib.request.urlopen(req, timeout=10).read()\n",
    )
    .unwrap();
    let event = event.to_str().unwrap();
    let (ms, rss) = cold(
        &profile_dir().join("respondby"),
        &["send", event],
        &[
            ("SLACK_WEBHOOK_URL", url),
            ("RESPONDBY_ALLOW_LOOPBACK", "1"),
        ],
    );
    let mut out = vec![Whole {
        name: "`respondby send`",
        ms,
        rss,
        budget: None,
    }];
    let python = which("python3");
    let (ms, rss) = cold(&python, &[urllib.to_str().unwrap(), event, url], &[]);
    out.push(Whole {
        name: "ten-line Python urllib poster",
        ms,
        rss,
        budget: Some(7.0),
    });
    if let Ok(ns_dir) = std::env::var("NOTIFY_SLACK_DIR") {
        // notify_slack's own handler, as its Lambda runs it: SNS record in,
        // module import (boto3 and two clients) included, one process.
        let driver = dir.join("respondby-notify-slack-driver.py");
        std::fs::write(
            &driver,
            "import json, sys\nsys.path.insert(0, sys.argv[1])\nimport notify_slack\n\
             ev = open(sys.argv[2]).read()\n\
             rec = {'Records': [{'Sns': {'Subject': 'GuardDuty Finding', 'Message': ev, \
             'TopicArn': 'arn:aws:sns:us-east-1:111122223333:alerts'}}]}\n\
             r = json.loads(notify_slack.lambda_handler(rec, None))\n\
             assert r['code'] == 200, r\n",
        )
        .unwrap();
        let py = std::env::var("NOTIFY_SLACK_PYTHON")
            .map(PathBuf::from)
            .unwrap_or(python);
        let (ms, rss) = cold(
            &py,
            &[driver.to_str().unwrap(), &ns_dir, event],
            &[
                ("SLACK_WEBHOOK_URL", url),
                ("SLACK_CHANNEL", "alerts"),
                ("SLACK_USERNAME", "notify"),
                ("SLACK_EMOJI", ":aws:"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", "test"),
                ("AWS_SECRET_ACCESS_KEY", "test"),
            ],
        );
        out.push(Whole {
            name: "terraform-aws-modules notify_slack handler",
            ms,
            rss,
            budget: Some(20.0),
        });
    }
    let (_, floor) = cold(&which("true"), &[], &[]);
    (out, floor)
}

/// A program on PATH, as a path the launcher can start.
fn which(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .unwrap_or_else(|| panic!("{name} is not on PATH"))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{} {}, {cores} cores, {cpu}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// The Home tab's and /respondby's rows.
fn print_slack_home(v: &mut Verdicts, cases: usize, home_ms: f64, open_ms: f64) {
    println!(
        "\n| Slack Home tab and /respondby (app mode, {cases} open cases, local stand-ins) | warm: app_home_opened → Home tab published (ms, median) | budget | met | warm: /respondby open → answer (ms, median) | budget | met |\n|---|---|---|---|---|---|---|"
    );
    println!(
        "| respondby-slack-actions | {home_ms:.2} | < 100 | {} | {open_ms:.2} | < 50 | {} |",
        v.under("Home tab over 1,000 open cases", home_ms, 100.0),
        v.under("/respondby open", open_ms, 50.0),
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "--rusage") {
        rusage_launcher(&args[2..]);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let profile = if release() { "release" } else { "debug" };
    println!(
        "machine: {}\nbinaries: {} ({profile}{})\nruns: {} cold starts per figure, 100 warm invocations\n",
        machine(),
        profile_dir().display(),
        if release() { "" } else { "; budgets are for release builds, smoke run only" },
        runs()
    );
    let everything = only().is_none();
    // BENCH_ONLY=slack-home: only the Home tab and /respondby rows (the
    // slack-actions binary is all they need).
    if std::env::var("BENCH_ONLY").is_ok_and(|o| o == "slack-home") {
        let bin = profile_dir().join(OTHERS[0].0);
        let mut v = Verdicts::default();
        let (home_ms, open_ms) = rt.block_on(slack_home(&bin, 1_000));
        print_slack_home(&mut v, 1_000, home_ms, open_ms);
        println!(
            "\n{} of {} budgets met",
            v.checked - v.missed.len(),
            v.checked
        );
        return;
    }
    let missing: Vec<_> = FUNCTIONS
        .iter()
        .map(|f| f.0)
        .filter(|b| selected(b))
        .chain(OTHERS.iter().map(|o| o.0).filter(|_| everything))
        .chain(
            [HEARTBEAT.0, "respondby"]
                .into_iter()
                .filter(|_| everything),
        )
        .filter(|b| !profile_dir().join(b).exists())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "missing binaries in {}: {}\nbuild them first: cargo build{} --workspace --bins",
            profile_dir().display(),
            missing.join(", "),
            if release() { " --release" } else { "" }
        );
        std::process::exit(2);
    }
    let mut v = Verdicts::default();

    println!("| source | normalise + render, in-process (µs, median) | budget | met | in Japanese, with Asia/Tokyo (µs) | budget | met |\n|---|---|---|---|---|---|---|");
    for (_, s, f, _) in FUNCTIONS.into_iter().filter(|f| selected(f.0)) {
        let us = in_process(s, f, false);
        let ja = in_process(s, f, true);
        println!(
            "| {s} | {us:.1} | < 50 | {} | {ja:.1} | < 50 | {} |",
            v.under(&format!("in-process {s}"), us, 50.0),
            v.under(&format!("in-process {s} (ja)"), ja, 50.0)
        );
    }

    let sizes: Vec<(&str, f64)> = FUNCTIONS
        .iter()
        .map(|(bin, ..)| *bin)
        .filter(|b| selected(b))
        .chain(OTHERS.iter().map(|(bin, _)| *bin).filter(|_| everything))
        .chain([HEARTBEAT.0])
        .map(|bin| {
            let len = std::fs::metadata(profile_dir().join(bin)).unwrap().len();
            (bin, len as f64 / 1048576.0)
        })
        .collect();

    rt.block_on(async {
        println!(
            "\n| function | set-up | init (ms, median) | budget | met | warm: event → Slack POST (ms, median) | budget | met | warm: event → response, state written (ms) | peak RSS, 100 invocations (MiB) | budget | met |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
        );
        for (bin, s, f, init_budget) in FUNCTIONS.into_iter().filter(|f| selected(f.0)) {
            for setup in [Setup::Minimal, Setup::Deployed, Setup::DeployedJa, Setup::Hub] {
                // Fresh stand-ins for each row: what one set-up left in the
                // table or in Slack's record must not weigh on the next.
                let stubs = Stubs::start().await;
                let r = function(&profile_dir().join(bin), s, f, setup, &stubs).await;
                let what = format!("{bin} ({})", setup.name());
                println!(
                    "| {bin} | {} | {:.1} | < {init_budget} | {} | {:.2} | < 2 | {} | {:.2} | {:.1} | < 20 | {} |",
                    setup.name(),
                    r.init_ms,
                    v.under(&format!("{what} init"), r.init_ms, init_budget),
                    r.warm_post_ms,
                    v.under(&format!("{what} warm"), r.warm_post_ms, 2.0),
                    r.warm_done_ms,
                    r.rss_mib,
                    v.under(&format!("{what} RSS"), r.rss_mib, 20.0),
                );
            }
        }

        let print_sizes = |v: &mut Verdicts| {
            println!("\n| function | binary, stripped (MiB) | budget | met |\n|---|---|---|---|");
            for (bin, mib) in &sizes {
                let met = if release() {
                    v.under(&format!("{bin} size"), *mib, 8.0)
                } else {
                    "n/a (debug)"
                };
                println!("| {bin} | {mib:.1} | < 8 | {met} |");
            }
        };
        if !everything {
            print_sizes(&mut v);
            println!("\n(BENCH_ONLY: Slack actions, the reminders sweep and the whole-process comparison left out)");
            return;
        }
        let stubs = Stubs::start().await;
        let actions = profile_dir().join(OTHERS[0].0);
        let (init, warm, rss) = slack_actions(&actions, &stubs).await;
        println!(
            "\n| Slack actions (deployed) | init (ms) | budget | met | warm: signed click → response, recorded and message replaced (ms) | budget | met | peak RSS (MiB) | budget | met |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        println!(
            "| respondby-slack-actions | {init:.1} | < {} | {} | {warm:.2} | < 50 | {} | {rss:.1} | < 20 | {} |",
            OTHERS[0].1,
            v.under("slack-actions init", init, OTHERS[0].1),
            v.under("slack-actions warm click", warm, 50.0),
            v.under("slack-actions RSS", rss, 20.0),
        );
        let stubs_hb = Stubs::start().await;
        let (init, warm, writes, rss) =
            heartbeat(&profile_dir().join(HEARTBEAT.0), &stubs_hb).await;
        println!(
            "\n| heartbeat (deployed) | init (ms) | budget | met | warm: heartbeat → response, recorded (ms) | budget | met | DynamoDB writes per heartbeat | budget | met | peak RSS (MiB) | budget | met |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        );
        println!(
            "| respondby-heartbeat | {init:.1} | < {} | {} | {warm:.2} | < 1 | {} | {writes:.2} | 1 | {} | {rss:.1} | < 20 | {} |",
            HEARTBEAT.1,
            v.under("heartbeat init", init, HEARTBEAT.1),
            v.under("heartbeat warm", warm, 1.0),
            v.under("heartbeat writes", writes, 1.01),
            v.under("heartbeat RSS", rss, 20.0),
        );
        let dynamo = DynamoStub::hub().await;
        seed_spokes(&dynamo.endpoint()).await;
        let ep = dynamo.endpoint();
        let respondby = profile_dir().join("respondby");
        let (ms, cov_rss) = tokio::task::spawn_blocking(move || {
            cold(
                &respondby,
                &["coverage", "--json"],
                &[
                    ("SPOKE_TABLE", SPOKE_TABLE),
                    ("AWS_ENDPOINT_URL_DYNAMODB", ep.as_str()),
                    ("AWS_ACCESS_KEY_ID", "test"),
                    ("AWS_SECRET_ACCESS_KEY", "test"),
                    ("AWS_REGION", "us-east-1"),
                ],
            )
        })
        .await
        .unwrap();
        println!(
            "\n| `respondby coverage --json`, 1,700 spokes, DynamoDB stand-in | whole process (ms, median) | budget | met | peak RSS (MiB) |\n|---|---|---|---|---|"
        );
        println!(
            "| 100 accounts × 17 Regions | {ms:.0} | < 1000 | {} | {cov_rss:.1} |",
            v.under("coverage of 1,700 spokes", ms, 1000.0)
        );
        let (home_ms, open_ms) = slack_home(&actions, 1_000).await;
        print_slack_home(&mut v, 1_000, home_ms, open_ms);
        let sweep_bin = profile_dir().join(OTHERS[1].0);
        let open = if release() { 10_000 } else { 200 };
        let (init, warm, rss) = reminders(&sweep_bin, &stubs, open).await;
        println!(
            "\n| reminders sweep (deployed) | init (ms) | budget | met | warm run, {open} open alerts, none due (ms) | budget | met | peak RSS (MiB) | budget | met |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        println!(
            "| respondby-reminders | {init:.1} | < {} | {} | {warm:.2} | < 20 | {} | {rss:.1} | < 20 | {} |",
            OTHERS[1].1,
            v.under("reminders init", init, OTHERS[1].1),
            v.under("reminders warm run, nothing due", warm, 20.0),
            v.under("reminders RSS", rss, 20.0),
        );
        println!("\n| sweep of N due alerts (in-process, local DynamoDB and Slack) | time (s) | per alert (ms) | Query pages |\n|---|---|---|---|");
        let sizes_n: &[usize] = if release() { &[100, 1_000, 10_000] } else { &[20, 100] };
        for &n in sizes_n {
            let (secs, queries, _) = sweep_growth(n).await;
            println!(
                "| {n} | {secs:.2} | {:.2} | {queries} |",
                secs * 1e3 / n as f64
            );
        }

        print_sizes(&mut v);

        let url = stubs.slack.url();
        let (rows, floor) = tokio::task::spawn_blocking(move || whole_process(&url))
            .await
            .unwrap();
        println!(
            "\n| whole process: one GuardDuty event to local Slack | median (ms) | peak RSS (MiB) | `respondby send` is faster by | budget | met |\n|---|---|---|---|---|---|"
        );
        let ours = rows[0].ms;
        for r in &rows {
            match r.budget {
                None => println!("| {} | {:.1} | {:.1} | | | |", r.name, r.ms, r.rss),
                Some(b) => {
                    let x = r.ms / ours;
                    println!(
                        "| {} | {:.1} | {:.1} | {x:.1}× | ≥ {b}× | {} |",
                        r.name,
                        r.ms,
                        r.rss,
                        v.at_least(r.name, x, b)
                    );
                }
            }
        }
        if rows.len() < 3 {
            println!("| terraform-aws-modules notify_slack handler | not measured: set NOTIFY_SLACK_DIR (see functions/cli/benches/notify-slack-baseline.sh) | | | ≥ 20× | |");
        }
        println!("\nPeak RSS of a whole process is read with wait4 from a small launcher; its floor (`true`) is {floor:.1} MiB.");
    });

    println!(
        "\n{} of {} budgets met{}",
        v.checked - v.missed.len(),
        v.checked,
        if v.missed.is_empty() {
            String::new()
        } else {
            format!("; missed: {}", v.missed.join("; "))
        }
    );
    if std::env::var("BENCH_ENFORCE").is_ok_and(|e| e == "1") && !v.missed.is_empty() {
        std::process::exit(1);
    }
}
