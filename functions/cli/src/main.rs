//! `respondby`: preview, send and replay Respond By alerts on your machine.
//!
//! It routes each event with the same code the Lambda functions use, so what
//! you see here is what on-call will see.

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use respondby_cli::{normalise, Settings};
use respondby_core::preview::{json_contract, terminal};
use respondby_core::{EventError, Outcome};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "respondby",
    version,
    about = "Preview, send and replay Respond By alerts locally"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the Slack message an EventBridge event turns into (no AWS, no Slack).
    Preview {
        /// Event file (JSON), or `-` for standard input.
        file: String,
        /// Print one JSON object: action, reason, alert and the exact Slack body.
        #[arg(long)]
        json: bool,
        /// Add details from AWS (Health API, SES GetAccount, Support DescribeCases) with your AWS credentials.
        #[arg(long)]
        enrich: bool,
        /// Pretend it is this time (RFC 3339), for reproducible output.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
        /// Show the message as it looks once acknowledged, answered or
        /// resolved (as after clicks in Slack).
        #[arg(long, value_name = "STATE", value_parser = ["open", "acked", "answered", "resolved"])]
        state: Option<String>,
        /// Who clicked, for --state (a Slack user id).
        #[arg(long, value_name = "USER", default_value = "U0ONCALL")]
        by: String,
        /// Show the Acknowledge / Answered / Resolved buttons (the Slack
        /// app's interactivity is set up).
        #[arg(long)]
        buttons: bool,
        /// The language of the message: en or ja (default: RESPONDBY_LANGUAGE, else en).
        #[arg(long, value_name = "LANG", value_parser = ["en", "ja"])]
        lang: Option<String>,
    },
    /// Print the reminder plan of an event's alert as JSON: when each
    /// reminder goes out and whom it mentions (same code as the functions).
    Plan {
        /// Event file (JSON), or `-` for standard input.
        file: String,
        /// When the alert is posted (RFC 3339); now by default.
        #[arg(long, value_name = "TIME")]
        now: Option<String>,
    },
    /// Print the English reply to AWS drafted for an event (ABUSE and RISK
    /// reports, Support cases AWS wrote in), ready to complete and send: the
    /// first reply, or the follow-up with --stage followup.
    Reply {
        /// Event file (JSON), or `-` for standard input.
        file: String,
        /// Which reply: first (due by the deadline) or followup.
        #[arg(long, value_name = "STAGE", default_value = "first", value_parser = ["first", "followup"])]
        stage: String,
        /// Fill in details from AWS (Health API, Support DescribeCases) first, with your AWS credentials.
        #[arg(long)]
        enrich: bool,
    },
    /// Print the deadline policy in effect (DEADLINE_HOURS and
    /// DEADLINE_POLICY applied): each class's first-response and fix-by
    /// deadlines, as a Markdown table.
    Policy,
    /// List the open alerts in the state table (DEDUP_TABLE, with your AWS
    /// credentials): deadline, time left, state, who.
    Open {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List every spoke the hub hears (the spoke table, with your AWS
    /// credentials): account, name, Region, last heard, status (heard,
    /// silent, never heard), with those EXPECTED_SPOKES names.
    Coverage {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        /// The spoke table's name or ARN (the stack output SpokeTableName);
        /// default: SPOKE_TABLE from the environment.
        #[arg(long, value_name = "TABLE")]
        spoke_table: Option<String>,
        /// Forget a retired spoke (ACCOUNT/REGION, or ACCOUNT/* for an
        /// account-wide expectation); repeatable.
        #[arg(long, value_name = "ACCOUNT/REGION")]
        forget: Vec<String>,
    },
    /// Post the message for an event to the webhook in SLACK_WEBHOOK_URL.
    Send {
        /// Event file (JSON), or `-` for standard input.
        file: String,
        /// Add details from AWS before sending.
        #[arg(long)]
        enrich: bool,
    },
    /// Re-process saved events (dead-letter messages, Lambda failure records,
    /// JSON lines): preview each, or post each with --send.
    Replay {
        /// Files with one event, a JSON array of events, or one event per line.
        files: Vec<String>,
        /// Post to SLACK_WEBHOOK_URL instead of previewing.
        #[arg(long)]
        send: bool,
    },
}

/// A failure, with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<EventError> for Failure {
    fn from(e: EventError) -> Failure {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }
}

fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| fail(2, format!("cannot read standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(file).map_err(|e| fail(2, format!("cannot read {file}: {e}")))
    }
}

fn parse_json(bytes: &[u8]) -> Result<Value, Failure> {
    serde_json::from_slice(bytes).map_err(|e| Failure::from(EventError::Json(e.to_string())))
}

/// Unwraps what a dead-letter queue or Lambda failure destination holds
/// around the original event.
fn unwrap_record(v: Value) -> Value {
    if let Some(p) = v.get("requestPayload") {
        return p.clone();
    }
    if let Some(Value::String(body)) = v.get("body") {
        if let Ok(inner) = serde_json::from_str::<Value>(body) {
            return unwrap_record(inner);
        }
    }
    v
}

fn events_in(bytes: &[u8]) -> Result<Vec<Value>, Failure> {
    if let Ok(v) = serde_json::from_slice::<Value>(bytes) {
        return Ok(match v {
            Value::Array(items) => items.into_iter().map(unwrap_record).collect(),
            Value::Object(ref m) if m.contains_key("Messages") => m["Messages"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|msg| match msg.get("Body").and_then(Value::as_str) {
                    Some(b) => serde_json::from_str(b).map(unwrap_record).unwrap_or(msg),
                    None => msg,
                })
                .collect(),
            other => vec![unwrap_record(other)],
        });
    }
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map(unwrap_record)
                .map_err(|e| fail(2, format!("line {}: not valid JSON: {e}", i + 1)))
        })
        .collect()
}

fn run(cli: Cli) -> Result<(), Failure> {
    // A bad setting is bad input, as a bad event is: exit 2, naming it.
    let settings = Settings::from_env().map_err(|e| fail(2, e.to_string()))?;
    match cli.command {
        Command::Preview {
            file,
            json,
            enrich: with_aws,
            now,
            state,
            by,
            buttons,
            lang,
        } => {
            let settings = match lang.as_deref().and_then(respondby_core::Lang::parse) {
                Some(l) => settings.in_lang(l),
                None => settings,
            };
            let now = parse_now(now)?;
            let value = parse_json(&read_input(&file)?)?;
            let mut outcome = normalise(value.clone(), &settings, now)?;
            if with_aws {
                aws::enrich(&mut outcome, &value, &settings)?;
            }
            let mut opts = settings.render.clone();
            opts.buttons = buttons;
            let tracked = match (&outcome, &state) {
                (Outcome::Notify(a), Some(st)) => {
                    respondby_core::preview::demo_state(a, st, &by, now)
                }
                (Outcome::Notify(a), None) if buttons => {
                    respondby_core::preview::demo_state(a, "open", &by, now)
                }
                _ => None,
            };
            if json {
                let mut v = json_contract(&outcome, &opts, tracked.as_ref(), now);
                v["route"] = respondby_cli::route_json(&outcome, &settings);
                println!(
                    "{}",
                    serde_json::to_string_pretty(&v).expect("JSON value serialises")
                );
            } else {
                print!("{}", terminal(&outcome, &opts, tracked.as_ref(), now));
                if let Some(line) = respondby_cli::route_line(&outcome, &settings) {
                    println!("{}", respondby_core::preview::term_safe(&line));
                }
            }
            Ok(())
        }
        Command::Plan { file, now } => {
            let now = parse_now(now)?;
            let value = parse_json(&read_input(&file)?)?;
            let v = match normalise(value, &settings, now)? {
                Outcome::Skip { reason } => {
                    serde_json::json!({"respond_by": null, "fix_by": null, "reminders": [], "skipped": reason})
                }
                Outcome::Notify(a) => respondby_cli::plan_json(&a, &settings, now),
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&v).expect("JSON value serialises")
            );
            Ok(())
        }
        Command::Reply {
            file,
            stage,
            enrich: with_aws,
        } => {
            let stage = respondby_core::alert::ReplyStage::parse(&stage)
                .ok_or_else(|| fail(2, format!("unknown stage {stage:?}: first or followup")))?;
            let value = parse_json(&read_input(&file)?)?;
            let mut outcome = normalise(value.clone(), &settings, Utc::now())?;
            if with_aws {
                aws::enrich(&mut outcome, &value, &settings)?;
            }
            match outcome {
                Outcome::Skip { reason } => Err(fail(
                    3,
                    format!("no reply to draft: this event is skipped ({reason})"),
                )),
                Outcome::Notify(a) => match &a.reply_draft {
                    Some(d) => {
                        print!("{}", d.body(stage));
                        Ok(())
                    }
                    None => Err(fail(
                        3,
                        format!(
                            "no reply to draft: {} is not a report AWS expects an answer to (drafts are for Health ABUSE and RISK events and Support cases where AWS waits for an answer)",
                            a.kind
                        ),
                    )),
                },
            }
        }
        Command::Policy => {
            print!("{}", settings.deadline.table());
            Ok(())
        }
        Command::Open { json } => aws::open(json),
        Command::Coverage {
            json,
            spoke_table,
            forget,
        } => {
            let table = spoke_table.or_else(|| std::env::var("SPOKE_TABLE").ok());
            aws::coverage(json, table.as_deref(), &forget, &settings)
        }
        Command::Send {
            file,
            enrich: with_aws,
        } => {
            let client = aws::webhook_client()?;
            let value = parse_json(&read_input(&file)?)?;
            let mut outcome = normalise(value.clone(), &settings, Utc::now())?;
            if with_aws {
                aws::enrich(&mut outcome, &value, &settings)?;
            }
            println!("{}", aws::post(&client, &outcome, &settings)?);
            Ok(())
        }
        Command::Replay { files, send } => {
            if files.is_empty() {
                return Err(fail(2, "give at least one file of saved events"));
            }
            let client = if send {
                Some(aws::webhook_client()?)
            } else {
                None
            };
            let (mut ok, mut failed) = (0u32, 0u32);
            for file in &files {
                for (i, ev) in events_in(&read_input(file)?)?.into_iter().enumerate() {
                    let label = format!("{file}#{}", i + 1);
                    let result = match normalise(ev, &settings, Utc::now()) {
                        Err(e) => Err(Failure::from(e)),
                        Ok(outcome) => match &client {
                            Some(c) => aws::post(c, &outcome, &settings),
                            None => Ok(match &outcome {
                                Outcome::Skip { reason } => format!("would skip: {reason}"),
                                Outcome::Notify(a) => {
                                    format!("would notify: [{}] {}", a.severity, a.title)
                                }
                            }),
                        },
                    };
                    match result {
                        Ok(msg) => {
                            ok += 1;
                            println!("{label}: {}", respondby_core::preview::term_safe(&msg));
                        }
                        Err(f) => {
                            failed += 1;
                            eprintln!("{label}: error: {}", f.message);
                        }
                    }
                }
            }
            println!("{ok} processed, {failed} failed");
            if failed > 0 {
                Err(fail(1, format!("{failed} event(s) failed")))
            } else {
                Ok(())
            }
        }
    }
}

fn parse_now(now: Option<String>) -> Result<DateTime<Utc>, Failure> {
    use respondby_core::time::{in_range, parse_iso, EARLIEST_YEAR, LATEST_YEAR};
    match now {
        Some(t) => match parse_iso(&t) {
            Some(n) if in_range(n) => Ok(n),
            Some(_) => Err(fail(
                2,
                format!("--now {t:?} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}"),
            )),
            None => Err(fail(2, format!("--now {t:?} is not an RFC 3339 time"))),
        },
        None => Ok(Utc::now()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let one_line = f.message.replace('\n', " ");
            eprintln!(
                "respondby: {}",
                respondby_core::preview::term_safe(&one_line)
            );
            ExitCode::from(f.code)
        }
    }
}

/// What needs AWS or Slack: enrichment, posting, the state table. One
/// runtime, made the first time it is needed.
#[cfg(feature = "aws")]
mod aws {
    use super::{fail, Failure, Settings};
    use chrono::Utc;
    use respondby_core::slack::{
        deliver::http_client, render, Poster, RetryPolicy, Route, WebhookClient, WebhookUrl,
    };
    use respondby_core::{Outcome, Source};
    use serde_json::Value;
    use std::sync::OnceLock;
    use std::time::Duration;

    fn rt() -> &'static tokio::runtime::Runtime {
        static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
        RT.get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime starts")
        })
    }

    pub fn enrich(
        outcome: &mut Outcome,
        event: &Value,
        settings: &Settings,
    ) -> Result<(), Failure> {
        rt().block_on(enrich_async(outcome, event, settings));
        Ok(())
    }

    /// Adds AWS details where a source has them (Health, SES), then applies the
    /// deadline policy again (enrichment may change what it depends on).
    async fn enrich_async(outcome: &mut Outcome, event: &Value, settings: &Settings) {
        let Outcome::Notify(alert) = outcome else {
            return;
        };
        let sdk = respondby_core::secrets::load_sdk_config().await;
        match alert.source {
            Source::Health | Source::Ses => {
                // The event's account, not the operator's: another account's
                // event is read with its enrichment role, as the hub does, or
                // not at all (the operator's own SES account would be
                // described as the event's).
                let sdk = match theirs(&sdk, &alert.account, settings.lang).await {
                    Ok(sdk) => sdk,
                    Err(why) => {
                        if alert.source == Source::Health {
                            respondby_health::enrich::unenriched(alert, &why, settings.lang);
                        } else {
                            respondby_ses_reputation::enrich::unenriched(
                                alert,
                                &why,
                                settings.lang,
                            );
                        }
                        settings.deadline.apply(alert);
                        return;
                    }
                };
                if alert.source == Source::Health {
                    if let Some(arn) = respondby_health::enrich::event_arn(&event["detail"]) {
                        let api = respondby_health::enrich::SdkHealth::new(&sdk);
                        respondby_health::enrich::enrich(&api, alert, arn, settings.lang).await;
                    }
                } else {
                    let api = respondby_ses_reputation::enrich::SdkSes::new(&sdk);
                    respondby_ses_reputation::enrich::enrich(&api, alert, settings.lang).await;
                }
            }
            // What the Support API says changes what the alert is (who
            // opened the case, whether it is about a compromise): the case
            // is described again with it.
            Source::Support => {
                if let Some(o) = support_case(event, &sdk, settings).await {
                    *outcome = o;
                    return;
                }
            }
            // The others carry all they have in the event.
            _ => {}
        }
        settings.deadline.apply(alert);
    }

    /// The configuration to read `account` with: the operator's own when
    /// the credentials are of that account; the account's enrichment role
    /// (`ENRICHMENT_ROLE_NAME`, `ENRICHMENT_EXTERNAL_ID`) when not; else why
    /// it cannot be read.
    async fn theirs(
        sdk: &aws_config::SdkConfig,
        account: &str,
        lang: respondby_core::i18n::Lang,
    ) -> Result<aws_config::SdkConfig, String> {
        use respondby_core::assume::CrossAccount;
        let cross =
            CrossAccount::from_lookup(sdk, |k| std::env::var(k).ok()).map_err(|e| e.to_string())?;
        cross.learn_own_identity().await?;
        match cross.config_for(account).await {
            Ok(None) => Ok(sdk.clone()),
            Ok(Some(theirs)) => Ok(theirs),
            Err(why) => Err(why.describe(lang)),
        }
    }

    async fn support_case(
        event: &Value,
        sdk: &aws_config::SdkConfig,
        settings: &Settings,
    ) -> Option<Outcome> {
        use respondby_support_case::{case_id, describe, enrich, Known};
        let (env, _) = respondby_core::event::parse_value(event.clone()).ok()?;
        let id = case_id(&env.detail)?;
        let found = enrich::lookup(&enrich::SdkSupport::new(sdk), id).await;
        let ctx = respondby_core::Ctx {
            policy: &settings.deadline,
            received: chrono::Utc::now(),
            lang: settings.lang,
        };
        let known = Known {
            api: Some(&found),
            tracked: None,
        };
        describe(&env, &ctx, known).ok()
    }

    pub fn webhook_client() -> Result<WebhookClient, Failure> {
        let url = std::env::var("SLACK_WEBHOOK_URL")
        .map_err(|_| fail(1, "set SLACK_WEBHOOK_URL to the webhook to post to (https://hooks.slack.com/services/...)"))?;
        let url = WebhookUrl::parse(&url, respondby_core::slack::deliver::Hosts::from_env())
            .map_err(|e| fail(1, e.to_string()))?;
        Ok(WebhookClient::new(
            http_client(),
            url,
            RetryPolicy::default(),
        ))
    }

    pub fn post(
        client: &WebhookClient,
        outcome: &Outcome,
        s: &Settings,
    ) -> Result<String, Failure> {
        rt().block_on(post_async(client, outcome, s))
    }

    async fn post_async(
        client: &WebhookClient,
        outcome: &Outcome,
        s: &Settings,
    ) -> Result<String, Failure> {
        match outcome {
            Outcome::Skip { reason } => Ok(format!("skipped: {reason}")),
            Outcome::Notify(alert) => {
                let body = render(alert, &s.render, Utc::now());
                let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
                let d = client
                    .post(&body, Route::new(alert.severity), deadline)
                    .await
                    .map_err(|e| fail(1, e.to_string()))?;
                Ok(format!(
                    "sent {} {} alert to {} ({} attempt{})",
                    alert.severity,
                    alert.source,
                    client.url(),
                    d.attempts,
                    if d.attempts == 1 { "" } else { "s" }
                ))
            }
        }
    }

    pub fn open(json: bool) -> Result<(), Failure> {
        rt().block_on(open_async(json))
    }

    pub fn coverage(
        json: bool,
        table: Option<&str>,
        forget: &[String],
        settings: &Settings,
    ) -> Result<(), Failure> {
        rt().block_on(coverage_async(json, table, forget, settings))
    }

    /// `respondby coverage`: every spoke in the spoke table's one
    /// partition (one Query per page, never a Scan).
    async fn coverage_async(
        json: bool,
        table: Option<&str>,
        forget: &[String],
        settings: &Settings,
    ) -> Result<(), Failure> {
        use respondby_heartbeat::store::{DynamoSpokes, SpokeStore};
        use respondby_heartbeat::{SpokeId, Watch};
        let watch =
            Watch::from_lookup(|k| std::env::var(k).ok()).map_err(|e| fail(1, e.to_string()))?;
        let forget: Vec<SpokeId> = forget
            .iter()
            .map(|f| SpokeId::parse(f).map_err(|e| fail(2, format!("--forget {e}"))))
            .collect::<Result<_, _>>()?;
        let table = table.map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
            fail(
                1,
                "set SPOKE_TABLE (or --spoke-table) to the spoke table's name or ARN (the stack output SpokeTableName)",
            )
        })?;
        let sdk = respondby_core::secrets::load_sdk_config().await;
        let store = DynamoSpokes::new(&sdk, table);
        if !forget.is_empty() {
            for id in &forget {
                store.forget(id).await.map_err(|e| fail(1, e.to_string()))?;
                println!("forgot {}", id.text());
            }
            return Ok(());
        }
        let mut spokes = Vec::new();
        let mut page: Option<String> = None;
        loop {
            let p = store
                .all(page.as_deref())
                .await
                .map_err(|e| fail(1, e.to_string()))?;
            spokes.extend(p.items);
            match p.next {
                Some(n) => page = Some(n),
                None => break,
            }
        }
        let rows = respondby_heartbeat::coverage_rows(&spokes, &watch.expected, Utc::now());
        print!(
            "{}",
            respondby_cli::coverage_table(&rows, &settings.names, json)
        );
        Ok(())
    }

    /// `respondby open`: the open cases on the state table's due index (one
    /// Query per page, never a Scan).
    async fn open_async(json: bool) -> Result<(), Failure> {
        use respondby_core::store::DynamoStore;
        let table = std::env::var("DEDUP_TABLE").map_err(|_| {
            fail(
                1,
                "set DEDUP_TABLE to the state table's name or ARN (the stack output StateTableArn)",
            )
        })?;
        let sdk = respondby_core::secrets::load_sdk_config().await;
        let store = DynamoStore::new(&sdk, table);
        let now = Utc::now();
        // The same listing as the Slack Home tab and /respondby open.
        let cases = respondby_core::listing::open_cases(&store)
            .await
            .map_err(|e| fail(1, e.to_string()))?;
        let lang = respondby_cli::Settings::from_env()
            .map(|s| s.lang)
            .unwrap_or_default();
        print!("{}", respondby_cli::open_table(&cases, now, lang, json));
        Ok(())
    }
}

/// Built without the `aws` feature (`--no-default-features`): the offline
/// verbs work; the ones that need AWS or Slack say how to get them.
#[cfg(not(feature = "aws"))]
mod aws {
    use super::{fail, Failure, Settings};
    use respondby_core::Outcome;
    use serde_json::Value;

    /// Stands for the webhook client in a build that has none.
    pub enum Never {}

    fn unavailable(what: &str) -> Failure {
        fail(
            1,
            format!("{what} needs AWS or Slack, and this respondby was built without them (--no-default-features); run it from a default build: cargo run -p respondby-cli -- …"),
        )
    }

    pub fn enrich(_: &mut Outcome, _: &Value, _: &Settings) -> Result<(), Failure> {
        Err(unavailable("--enrich"))
    }

    pub fn webhook_client() -> Result<Never, Failure> {
        Err(unavailable("posting to Slack"))
    }

    pub fn post(client: &Never, _: &Outcome, _: &Settings) -> Result<String, Failure> {
        match *client {}
    }

    pub fn open(_: bool) -> Result<(), Failure> {
        Err(unavailable("respondby open (the state table)"))
    }

    pub fn coverage(_: bool, _: Option<&str>, _: &[String], _: &Settings) -> Result<(), Failure> {
        Err(unavailable("respondby coverage (the spoke table)"))
    }
}
