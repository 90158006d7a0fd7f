//! A long `/respondby open` list: answered at once, then posted in full
//! through the command's `response_url` by an asynchronous invocation of
//! this function.
//!
//! Slack wants the command's answer within 3 seconds, and one answer holds
//! [`SHOWN`](crate::command::SHOWN) cases. Lambda freezes a function once
//! it has answered, so nothing can be left running after the answer. When
//! the filtered list is longer than one answer:
//!
//! 1. the command hands an [`OpenListJob`] to an asynchronous invocation of
//!    this same function (Lambda `Invoke`, `InvocationType=Event`, its own
//!    name from `AWS_LAMBDA_FUNCTION_NAME`) through an [`Invoker`];
//! 2. its HTTP answer is an ephemeral acknowledgement that still shows the
//!    first cases and says the full list follows ([`answer_open`]);
//! 3. that invocation ([`run`]) reads the open cases again and posts the
//!    whole list, soonest first, to the `response_url` as ephemeral
//!    messages ([`pages`]): at most 50 blocks and Slack's text limit each,
//!    and no more than the 5 uses Slack allows a `response_url` (if still
//!    longer, the last message says how many more and points to the Home
//!    tab).
//!
//! If the job cannot be handed over (the `Invoke` fails, or
//! `AWS_LAMBDA_FUNCTION_NAME` is unset, as when run locally), the answer is
//! the first cases, how many more, and that the rest could not be sent;
//! the failure is logged at ERROR.
//!
//! The job's payload is a small JSON of its own shape, not a Function URL
//! request, so it cannot arrive through the URL (whose events AWS builds):
//! `{"respondby": "open-list", "response_url": …, "filter": …, "user": …}`.
//! Only a caller allowed `lambda:InvokeFunction` on the function can send
//! one, and even then its `response_url` must be Slack's
//! (`https://hooks.slack.com/commands/…`): the list is never posted
//! anywhere else.

use crate::command::{self, open_header, SlashCommand, TEXT_BUDGET};
use crate::home::{case_text, filter_name};
use crate::texts as t;
use chrono::{DateTime, Utc};
use respondby_core::i18n::Lang;
use respondby_core::listing::{self, Filter};
use respondby_core::slack::deliver::Hosts;
use respondby_core::slack::interaction;
use respondby_core::store::StateStore;
use respondby_core::tracked::Tracked;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio::time::Instant;

/// The `respondby` field of the job's payload.
pub const JOB: &str = "open-list";
/// Where Lambda says the function's own name.
pub const FUNCTION_NAME_VAR: &str = "AWS_LAMBDA_FUNCTION_NAME";
/// A `response_url` "can be sent up to 5 times within 30 minutes".
pub const MAX_MESSAGES: usize = 5;
/// Blocks in one message.
pub const MESSAGE_BLOCKS: usize = 50;
/// Characters kept back in each message for its part line and the closing
/// note.
const NOTE_RESERVE: usize = 600;

/// A long `/respondby open` list to post through a command's
/// `response_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenListJob {
    /// Slack's `https://hooks.slack.com/commands/…`.
    pub response_url: String,
    pub filter: Filter,
    /// Who typed the command (a Slack user id; `mine` is theirs).
    pub user: String,
}

/// Why a `response_url` is refused (`None`: it is Slack's, a slash
/// command's). The error never contains the URL (it is a credential for 30
/// minutes).
pub fn refuse_response_url(url: &str, hosts: Hosts) -> Option<String> {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Some("response_url is not a URL".into());
    };
    if let Err(e) = hosts.check(&parsed, &["hooks.slack.com"]) {
        return Some(format!("response_url refused: {e}"));
    }
    if !parsed.path().starts_with("/commands/") || parsed.query().is_some() {
        return Some(
            "response_url refused: only a slash command's (https://hooks.slack.com/commands/...) is accepted"
                .into(),
        );
    }
    None
}

/// A Slack user id (`U0123ABCD`, `W0123ABCD`).
fn is_user_id(s: &str) -> bool {
    (2..=32).contains(&s.len())
        && s.starts_with(['U', 'W'])
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl OpenListJob {
    /// A job for this command, or why it cannot be one.
    pub fn new(
        response_url: &str,
        filter: &Filter,
        user: &str,
        hosts: Hosts,
    ) -> Result<OpenListJob, String> {
        if let Some(why) = refuse_response_url(response_url, hosts) {
            return Err(why);
        }
        if !is_user_id(user) {
            return Err(format!(
                "user is not a Slack user id: {:?}",
                user.chars().take(40).collect::<String>()
            ));
        }
        Ok(OpenListJob {
            response_url: response_url.to_owned(),
            filter: filter.clone(),
            user: user.to_owned(),
        })
    }

    /// The invocation's payload.
    pub fn to_payload(&self) -> Value {
        json!({
            "respondby": JOB,
            "response_url": self.response_url,
            "filter": self.filter.code(),
            "user": self.user,
        })
    }

    /// Reads a payload made by [`Self::to_payload`]; the error names the
    /// field that is wrong (never the URL itself).
    pub fn from_payload(v: &Value, hosts: Hosts) -> Result<OpenListJob, String> {
        let Some(obj) = v.as_object() else {
            return Err("a Respond By job must be a JSON object".into());
        };
        match obj.get("respondby").and_then(Value::as_str) {
            Some(JOB) => {}
            Some(other) => {
                return Err(format!(
                    "unknown Respond By job {:?} (this version runs {JOB:?})",
                    other.chars().take(40).collect::<String>()
                ))
            }
            None => return Err("a Respond By job needs \"respondby\" as a string".into()),
        }
        let field = |k: &str| {
            obj.get(k)
                .and_then(Value::as_str)
                .ok_or_else(|| format!("the {JOB} job has no {k:?} string"))
        };
        let (url, code, user) = (field("response_url")?, field("filter")?, field("user")?);
        let filter = Filter::from_code(code, user).ok_or_else(|| {
            format!(
                "the {JOB} job's filter {:?} is none of all, mine, unacked, overdue, account:<12 digits>",
                code.chars().take(40).collect::<String>()
            )
        })?;
        OpenListJob::new(url, &filter, user, hosts).map_err(|e| format!("the {JOB} job: {e}"))
    }
}

/// Hands a job to an asynchronous invocation of this function.
pub trait Invoker: Send + Sync {
    /// Queues `payload` (JSON) for an asynchronous invocation; `Err` says
    /// why it was not queued.
    fn invoke<'a>(
        &'a self,
        payload: Vec<u8>,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// No way to invoke: the reason is told to the logs and the user.
#[derive(Debug, Clone)]
pub struct NoInvoker(pub String);

impl Invoker for NoInvoker {
    fn invoke<'a>(
        &'a self,
        _payload: Vec<u8>,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        let why = self.0.clone();
        Box::pin(async move { Err(why) })
    }
}

/// Lambda `Invoke` with `InvocationType=Event` of this function (by name).
pub struct LambdaInvoker {
    client: aws_sdk_lambda::Client,
    function: String,
}

impl LambdaInvoker {
    /// Built once at init from the shared SDK configuration (its HTTPS
    /// client, credentials, Region and `AWS_ENDPOINT_URL_LAMBDA`).
    pub fn new(sdk: &aws_config::SdkConfig, function: &str) -> LambdaInvoker {
        LambdaInvoker {
            client: aws_sdk_lambda::Client::new(sdk),
            function: function.to_owned(),
        }
    }

    /// The invoker Lambda's environment allows: this function by its name,
    /// or [`NoInvoker`] saying why not.
    pub fn from_env(sdk: Option<&aws_config::SdkConfig>, name: Option<String>) -> Box<dyn Invoker> {
        match (sdk, name.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
            (Some(sdk), Some(name)) => Box::new(LambdaInvoker::new(sdk, name)),
            (None, _) => Box::new(NoInvoker("no AWS configuration to invoke the function with".into())),
            (_, None) => Box::new(NoInvoker(format!(
                "{FUNCTION_NAME_VAR} is not set (not running in Lambda), so the function cannot invoke itself"
            ))),
        }
    }
}

impl Invoker for LambdaInvoker {
    fn invoke<'a>(
        &'a self,
        payload: Vec<u8>,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            use aws_sdk_lambda::types::InvocationType;
            let out = self
                .client
                .invoke()
                .function_name(&self.function)
                .invocation_type(InvocationType::Event)
                .payload(aws_sdk_lambda::primitives::Blob::new(payload))
                .send()
                .await
                .map_err(|e| {
                    format!(
                        "lambda:Invoke of {} failed: {}",
                        self.function,
                        aws_sdk_lambda::error::DisplayErrorContext(&e)
                    )
                })?;
            // Event invocations are queued with 202.
            match out.status_code() {
                202 => Ok(()),
                s => Err(format!(
                    "lambda:Invoke of {} answered {s}, not 202 (queued)",
                    self.function
                )),
            }
        })
    }
}

/// The answer to `/respondby open …` once the open cases are read: all of
/// them if they fit one answer; else the first ones and "the full list
/// follows" once the job is handed over, or the first ones, how many more
/// and "the rest could not be sent" if it could not be.
#[allow(clippy::too_many_arguments)]
pub async fn answer_open(
    cases: &[Tracked],
    filter: &Filter,
    c: &SlashCommand,
    invoker: &dyn Invoker,
    hosts: Hosts,
    now: DateTime<Utc>,
    lang: Lang,
    deadline: Instant,
) -> Value {
    let first = command::open_first(cases, filter, now, lang);
    if !first.is_partial() {
        return command::ephemeral(&first.sections);
    }
    match hand_over(filter, c, invoker, hosts, deadline).await {
        Ok(()) => {
            tracing::info!(
                matching = first.matching,
                listed = first.listed,
                filter = %filter.code(),
                "a long /respondby open list: the whole list is handed to an asynchronous invocation"
            );
            command::open_ack(first, lang)
        }
        Err(e) => {
            tracing::error!(
                error = %e,
                matching = first.matching,
                listed = first.listed,
                "could not hand the rest of a long /respondby open list over; answered with its first cases"
            );
            command::open_not_handed_over(first, lang)
        }
    }
}

async fn hand_over(
    filter: &Filter,
    c: &SlashCommand,
    invoker: &dyn Invoker,
    hosts: Hosts,
    deadline: Instant,
) -> Result<(), String> {
    let url = c
        .response_url
        .as_deref()
        .ok_or("the command came without a response_url")?;
    let job = OpenListJob::new(url, filter, &c.user_id, hosts)?;
    let payload = job.to_payload().to_string().into_bytes();
    // Time kept back for the answer itself.
    let by = deadline
        .checked_sub(Duration::from_millis(300))
        .unwrap_or(deadline);
    tokio::time::timeout_at(by, invoker.invoke(payload))
        .await
        .unwrap_or_else(|_| Err("lambda:Invoke did not answer within Slack's time".into()))
}

fn message(sections: &[String]) -> Value {
    let mut m = command::ephemeral(sections);
    m["replace_original"] = false.into();
    m
}

/// The whole list as ephemeral messages for a `response_url`: every case
/// the filter keeps, soonest first, in at most [`MAX_MESSAGES`] messages of
/// at most [`MESSAGE_BLOCKS`] blocks and [`TEXT_BUDGET`] characters; the
/// first says what the list is, each which part it holds, and if the
/// cases do not fit, the last says how many more and points to the Home
/// tab.
pub fn pages(cases: &[Tracked], filter: &Filter, now: DateTime<Utc>, lang: Lang) -> Vec<Value> {
    let shown: Vec<&Tracked> = cases.iter().filter(|c| filter.keeps(c, now)).collect();
    let header = open_header(cases, filter, now, lang);
    let name = filter_name(filter, lang);
    if shown.is_empty() {
        let none = if cases.is_empty() {
            t::H_NONE.get(lang).to_owned()
        } else {
            t::H_NONE_FILTER.fill(lang, &[("filter", &name)])
        };
        return vec![message(&[header, none])];
    }
    let texts: Vec<String> = shown.iter().map(|c| case_text(c, now, lang)).collect();
    let n = texts.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n && out.len() < MAX_MESSAGES {
        let first = out.is_empty();
        let start = i;
        // The part line (and the header in the first), the closing note.
        let mut blocks = 2;
        let mut chars = NOTE_RESERVE + if first { header.chars().count() } else { 0 };
        while i < n && blocks < MESSAGE_BLOCKS {
            let len = texts[i].chars().count();
            if chars + len > TEXT_BUDGET && i > start {
                break;
            }
            chars += len;
            blocks += 1;
            i += 1;
        }
        let part = t::CMD_LIST_PART.fill(
            lang,
            &[
                ("title", &t::H_TITLE.get(lang)),
                ("filter", &name),
                ("from", &(start + 1)),
                ("to", &i),
                ("n", &n),
            ],
        );
        let mut s = vec![if first {
            format!("{header}\n{part}")
        } else {
            part
        }];
        s.extend(texts[start..i].iter().cloned());
        if out.len() + 1 == MAX_MESSAGES && i < n {
            s.push(t::CMD_LIST_REST.fill(lang, &[("n", &(n - i))]));
        }
        out.push(message(&s));
    }
    out
}

/// What became of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// Messages posted.
    pub messages: usize,
    /// Cases the filter kept.
    pub matching: usize,
}

/// Runs a job: reads the open cases and posts the whole list through its
/// `response_url`. A table that does not answer is told to the user
/// through the `response_url`; either failure is an `Err` (logged at
/// ERROR by the caller), so the invocation counts as failed.
#[allow(clippy::too_many_arguments)]
pub async fn run<S: StateStore>(
    job: &OpenListJob,
    store: &S,
    http: &reqwest::Client,
    hosts: Hosts,
    now: DateTime<Utc>,
    lang: Lang,
    deadline: Instant,
) -> Result<Posted, String> {
    let read_by = deadline
        .checked_sub(Duration::from_secs(2))
        .unwrap_or(deadline);
    let cases = match tokio::time::timeout_at(read_by, listing::open_cases(store)).await {
        Ok(Ok(c)) => c,
        failed => {
            let why = match failed {
                Ok(Err(e)) => e.to_string(),
                _ => "the state table did not answer in time".into(),
            };
            let note = message(&[t::CMD_STORE_DOWN.get(lang).to_owned()]);
            let told = interaction::respond(http, &job.response_url, &note, hosts, deadline).await;
            return Err(match told {
                Ok(()) => format!("could not read the open cases ({why}); the user was told"),
                Err(e) => format!(
                    "could not read the open cases ({why}), nor tell the user through the response_url ({e})"
                ),
            });
        }
    };
    let matching = cases.iter().filter(|c| job.filter.keeps(c, now)).count();
    let pages = pages(&cases, &job.filter, now, lang);
    let total = pages.len();
    for (k, page) in pages.iter().enumerate() {
        if let Err(e) = interaction::respond(http, &job.response_url, page, hosts, deadline).await {
            return Err(format!(
                "posted {k} of {total} messages of the /respondby open list, then: {e}"
            ));
        }
    }
    Ok(Posted {
        messages: total,
        matching,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    const URL: &str = "https://hooks.slack.com/commands/T000/1234/abcdef";

    #[test]
    fn only_a_slack_command_response_url_makes_a_job() {
        let ok = OpenListJob::new(URL, &Filter::Overdue, "U0SATO", Hosts::PRODUCTION).unwrap();
        let back = OpenListJob::from_payload(&ok.to_payload(), Hosts::PRODUCTION).unwrap();
        assert_eq!(back, ok);
        for bad in [
            "http://hooks.slack.com/commands/T/1/x",
            "https://hooks.slack.com.evil.example/commands/T/1/x",
            "https://evil.example/commands/T/1/x",
            "https://user:pw@hooks.slack.com/commands/T/1/x",
            "https://hooks.slack.com/services/T/B/X",
            "https://hooks.slack.com/commands/T/1/x?redirect=1",
            "http://127.0.0.1:9/commands/T/1/x",
            "not a url",
        ] {
            let why =
                OpenListJob::new(bad, &Filter::All, "U0SATO", Hosts::PRODUCTION).expect_err(bad);
            // The host may be named; never the URL's secret path.
            assert!(!why.contains("/T/1/x"), "{why}");
        }
        // Loopback only with the test switch.
        assert!(OpenListJob::new(
            "http://127.0.0.1:9/commands/T/1/x",
            &Filter::All,
            "U0SATO",
            Hosts::TESTING
        )
        .is_ok());
        assert!(OpenListJob::new(URL, &Filter::All, "<!channel>", Hosts::PRODUCTION).is_err());
    }

    #[test]
    fn a_payload_that_is_not_a_job_is_refused_naming_what_is_wrong() {
        let good = json!({"respondby": "open-list", "response_url": URL, "filter": "mine", "user": "U0SATO"});
        let job = OpenListJob::from_payload(&good, Hosts::PRODUCTION).unwrap();
        assert_eq!(job.filter, Filter::Mine("U0SATO".into()));
        let cases = [
            (json!([1]), "JSON object"),
            (
                json!({"respondby": "delete-all"}),
                "unknown Respond By job \"delete-all\"",
            ),
            (json!({"respondby": 1}), "\"respondby\" as a string"),
            (
                json!({"respondby": "open-list", "filter": "all", "user": "U0SATO"}),
                "no \"response_url\"",
            ),
            (
                json!({"respondby": "open-list", "response_url": URL, "filter": "everything", "user": "U0SATO"}),
                "filter \"everything\"",
            ),
            (
                json!({"respondby": "open-list", "response_url": "https://evil.example/commands/x", "filter": "all", "user": "U0SATO"}),
                "response_url refused",
            ),
        ];
        for (v, says) in cases {
            let e = OpenListJob::from_payload(&v, Hosts::PRODUCTION).unwrap_err();
            assert!(e.contains(says), "{v}: {e}");
            assert!(!e.contains("/commands/x"), "{e}");
        }
    }

    fn case(i: usize, hours: i64, now: DateTime<Utc>) -> Tracked {
        let mut a = respondby_core::Alert::new(
            respondby_core::Source::GuardDuty,
            "UnauthorizedAccess:EC2/SSHBruteForce",
            respondby_core::Severity::High,
            format!("Case {i:04}: SSH brute force against i-0abc{i:04}"),
            now - chrono::Duration::hours(30),
        );
        a.account = "111122223333".into();
        a.region = "ap-northeast-1".into();
        a.case_key = format!("guardduty:111122223333:case-{i:04}");
        a.respond_by = Some(now + chrono::Duration::hours(hours));
        a.fix_by = Some(now + chrono::Duration::hours(hours + 72));
        Tracked::new(&a, None, now - chrono::Duration::hours(30))
    }

    fn listed(pages: &[Value]) -> Vec<usize> {
        pages
            .iter()
            .flat_map(|p| respondby_core::slack::texts(p).into_iter().map(|(_, t)| t))
            .filter_map(|t| {
                let i = t.find("Case ")? + 5;
                t.get(i..i + 4)?.parse().ok()
            })
            .collect()
    }

    /// 30, 130 and 1,000 cases: every message ephemeral, not replacing,
    /// within 50 blocks and Slack's limits; at most 5 messages; every case
    /// once, soonest first, until the last says how many more.
    #[test]
    fn the_whole_list_in_at_most_5_messages_within_slacks_limits() {
        let now = Utc::now();
        for (n, lang) in [(30usize, Lang::En), (130, Lang::Ja), (1000, Lang::En)] {
            let mut cases: Vec<Tracked> = (0..n).map(|i| case(i, i as i64 + 1, now)).collect();
            listing::sort(&mut cases);
            let pages = pages(&cases, &Filter::All, now, lang);
            assert!(
                !pages.is_empty() && pages.len() <= MAX_MESSAGES,
                "{n}: {}",
                pages.len()
            );
            for p in &pages {
                assert_eq!(p["response_type"], "ephemeral");
                assert_eq!(p["replace_original"], false);
                let blocks = p["blocks"].as_array().unwrap();
                assert!(blocks.len() <= MESSAGE_BLOCKS);
                respondby_core::slack::check_limits(p).unwrap();
                let chars: usize = respondby_core::slack::texts(p)
                    .iter()
                    .map(|(_, t)| t.chars().count())
                    .sum();
                assert!(chars <= 13_200, "{chars}");
            }
            let got = listed(&pages);
            assert_eq!(
                got,
                (0..got.len()).collect::<Vec<_>>(),
                "soonest first, once each"
            );
            let all: String = pages.iter().map(|p| p.to_string()).collect();
            if got.len() < n {
                assert_eq!(pages.len(), MAX_MESSAGES);
                let last = respondby_core::slack::texts(pages.last().unwrap())
                    .pop()
                    .unwrap()
                    .1;
                let rest = (n - got.len()).to_string();
                assert!(last.contains(&rest), "{last}");
                assert!(last.contains("Home") || last.contains("ホーム"), "{last}");
            } else {
                assert!(!all.contains("more:") && !all.contains("5回まで"), "{n}");
            }
            if n == 30 {
                assert_eq!(got.len(), 30);
                assert!(all.contains(&format!("1–{}", n.min(got.len()))) || pages.len() > 1);
            }
            if lang == Lang::Ja {
                assert!(all.contains("件中"), "{all}");
            }
        }
        // Nothing matches: one message saying so.
        let cases = vec![case(1, 5, now)];
        let p = pages(&cases, &Filter::Overdue, now, Lang::En);
        assert_eq!(p.len(), 1);
        assert!(p[0].to_string().contains("No open case matches"));
    }

    struct Recording {
        result: Result<(), String>,
        got: Mutex<Vec<Value>>,
    }

    impl Invoker for Recording {
        fn invoke<'a>(
            &'a self,
            payload: Vec<u8>,
        ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
            self.got
                .lock()
                .unwrap()
                .push(serde_json::from_slice(&payload).unwrap());
            let r = self.result.clone();
            Box::pin(async move { r })
        }
    }

    fn command(url: Option<&str>) -> SlashCommand {
        SlashCommand {
            command: "/respondby".into(),
            text: "open".into(),
            user_id: "U0SATO".into(),
            response_url: url.map(str::to_owned),
            ..SlashCommand::default()
        }
    }

    fn text_of(v: &Value) -> String {
        respondby_core::slack::texts(v)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[tokio::test]
    async fn a_long_list_is_handed_over_and_acknowledged_a_short_one_answered_whole() {
        let now = Utc::now();
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut cases: Vec<Tracked> = (0..32).map(|i| case(i, i as i64 + 1, now)).collect();
        listing::sort(&mut cases);
        let inv = Recording {
            result: Ok(()),
            got: Mutex::new(vec![]),
        };
        // Short: answered whole, nothing handed over.
        let short = answer_open(
            &cases[..5],
            &Filter::All,
            &command(Some(URL)),
            &inv,
            Hosts::PRODUCTION,
            now,
            Lang::En,
            deadline,
        )
        .await;
        assert_eq!(listed(std::slice::from_ref(&short)), vec![0, 1, 2, 3, 4]);
        assert!(!text_of(&short).contains("follows"));
        assert!(inv.got.lock().unwrap().is_empty());

        for lang in [Lang::En, Lang::Ja] {
            let ack = answer_open(
                &cases,
                &Filter::All,
                &command(Some(URL)),
                &inv,
                Hosts::PRODUCTION,
                now,
                lang,
                deadline,
            )
            .await;
            assert_eq!(ack["response_type"], "ephemeral");
            respondby_core::slack::check_limits(&ack).unwrap();
            assert_eq!(
                listed(std::slice::from_ref(&ack)),
                (0..20).collect::<Vec<_>>()
            );
            let text = text_of(&ack);
            assert!(
                text.contains("full list of the 32 matching cases follows")
                    || text.contains("該当する32件すべての一覧"),
                "{text}"
            );
            assert!(!text.contains("could not be sent") && !text.contains("送れませんでした"));
        }
        let sent = inv.got.lock().unwrap().clone();
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent[0],
            json!({"respondby": "open-list", "response_url": URL, "filter": "all", "user": "U0SATO"})
        );
    }

    #[tokio::test]
    async fn a_list_that_cannot_be_handed_over_says_how_many_more_and_that_they_were_not_sent() {
        let now = Utc::now();
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut cases: Vec<Tracked> = (0..32).map(|i| case(i, i as i64 + 1, now)).collect();
        listing::sort(&mut cases);
        let failing = Recording {
            result: Err("AccessDeniedException".into()),
            got: Mutex::new(vec![]),
        };
        let ok = Recording {
            result: Ok(()),
            got: Mutex::new(vec![]),
        };
        let unset = NoInvoker("AWS_LAMBDA_FUNCTION_NAME is not set".into());
        let bad_url = command(Some("https://evil.example/commands/T/1/x"));
        let attempts: [(&dyn Invoker, SlashCommand); 4] = [
            (&failing, command(Some(URL))),
            (&unset, command(Some(URL))),
            (&ok, bad_url),
            (&ok, command(None)),
        ];
        for (inv, c) in attempts {
            let v = answer_open(
                &cases,
                &Filter::All,
                &c,
                inv,
                Hosts::PRODUCTION,
                now,
                Lang::En,
                deadline,
            )
            .await;
            assert_eq!(
                listed(std::slice::from_ref(&v)),
                (0..20).collect::<Vec<_>>()
            );
            let text = text_of(&v);
            assert!(text.contains("…and 12 more"), "{text}");
            assert!(text.contains("The rest could not be sent here"), "{text}");
            assert!(!text.contains("follows"), "{text}");
        }
        assert!(
            ok.got.lock().unwrap().is_empty(),
            "no job with a refused URL"
        );

        // An Invoke that hangs: the answer still comes before the deadline.
        struct Hanging;
        impl Invoker for Hanging {
            fn invoke<'a>(
                &'a self,
                _: Vec<u8>,
            ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
                Box::pin(std::future::pending())
            }
        }
        let deadline = Instant::now() + Duration::from_millis(600);
        let v = answer_open(
            &cases,
            &Filter::All,
            &command(Some(URL)),
            &Hanging,
            Hosts::PRODUCTION,
            now,
            Lang::En,
            deadline,
        )
        .await;
        assert!(Instant::now() <= deadline);
        assert!(text_of(&v).contains("could not be sent"));
    }
}
