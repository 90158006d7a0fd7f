//! The interactivity endpoint: Slack posts here when someone clicks
//! Acknowledge, Answered (Replied to AWS) or Resolved on an alert.
//!
//! 1. Before anything else, Slack's request signature is checked
//!    (`core::slack::signature`): a forged, stale, replayed, tampered or
//!    headless request gets 401 and changes nothing.
//! 2. The click is applied to the case's tracked state with a conditional
//!    write: a double click or a retried request records once.
//! 3. The alert's message is brought up to date in place: with
//!    `chat.update` in app mode, through the click's `response_url` in
//!    webhook mode.
//! 4. Slack gets its 200 within its 3 seconds. A click on an unknown or
//!    expired alert, or on a resolved one, gets a note only the clicker
//!    sees, never an error.
//!
//! A button acts only on the episode it was posted for: its value carries
//! the case and the episode (`Tracked::button_value`), and a click on an
//! earlier episode's message (an alarm in ALARM, OK, then ALARM again)
//! changes nothing and says so. A button posted before episodes were told
//! apart carries the bare case key; its click acts on the current episode
//! only if that is the only episode its message can be: the case's own
//! message (app mode), or a message Slack stamped after the episode began
//! (webhook mode: its `message_ts` is no earlier than the episode's
//! start, less [`EPISODE_CLOCK_SLACK`]). Otherwise nothing changes.
//!
//! The same URL serves the `/respondby` slash command ([`command`]) and the
//! Events API (the `url_verification` challenge, `app_home_opened` for the
//! Home tab, [`home`]), with the same signature check: [`route`] tells the
//! requests apart once the signature holds.
//!
//! Slack's 3 seconds: everything is done before answering, bounded by
//! [`BUDGET`] (Lambda freezes a function once it has answered, so nothing
//! may be left to run after the answer). Each store call keeps time back
//! for the answer; a table that does not answer in time makes a "try again"
//! answer (the command) or an error view (the Home tab), never a timeout.
//! The one thing done after answering, a long `/respondby open` list, is
//! handed to an asynchronous invocation of this function ([`open_list`]);
//! [`dispatch`] tells that job from a Function URL request.

use aws_lambda_events::event::lambda_function_urls::{
    LambdaFunctionUrlRequest, LambdaFunctionUrlResponse,
};
use base64::Engine;
use chrono::{DateTime, Utc};
use respondby_core::alert::ReplyStage;
use respondby_core::i18n::{ui, Lang};
use respondby_core::listing;
use respondby_core::slack::deliver::Hosts;
use respondby_core::slack::interaction::{self, ephemeral, replacing, Click};
use respondby_core::slack::render::{
    date_token, render_with, reply_message, Extras, RenderOptions,
};
use respondby_core::slack::signature::{self, SigningSecret};
use respondby_core::slack::{Poster, Route};
use respondby_core::store::{StateStore, StoreError};
use respondby_core::tracked::{parse_button_value, Action, Mark, Refusal, Tracked};
use std::time::Duration;
use tokio::time::Instant;

pub mod command;
pub mod home;
pub mod open_list;
pub mod route;
pub mod spokes;
pub mod texts;

use route::Incoming;

/// Slack waits 3 seconds for the answer; the work must end before that.
pub const BUDGET: Duration = Duration::from_millis(2500);

/// How much earlier than the episode's start Slack's stamp on its message
/// may be and still be that episode's (clocks differ a little; an alarm
/// cannot go OK and back to ALARM within it).
pub const EPISODE_CLOCK_SLACK: chrono::Duration = chrono::Duration::seconds(2);

/// Which episode of its case a click is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Episode {
    /// The case as stored: the click acts on it.
    Current,
    /// An earlier episode: nothing changes.
    Earlier,
    /// Cannot be told (a legacy button without its message's stamp, or a
    /// record older than the button): nothing changes.
    Unknown,
}

/// Which episode a click with `episode` (from its button's value; `None`
/// for a legacy button) is for, given the stored case.
pub fn episode_of(case: &Tracked, episode: Option<&str>, click: &Click) -> Episode {
    let current = case.posted_at.timestamp_millis();
    match episode.map(|e| e.parse::<i64>()) {
        Some(Ok(e)) if e == current => Episode::Current,
        Some(Ok(e)) if e < current => Episode::Earlier,
        Some(_) => Episode::Unknown,
        None => {
            // App mode: the case's own message is its current episode's.
            if let (Some(m), Some(ch), Some(ts)) =
                (&case.message, &click.channel, &click.message_ts)
            {
                return if &m.channel == ch && &m.ts == ts {
                    Episode::Current
                } else {
                    Episode::Earlier
                };
            }
            match click.message_ts.as_deref().and_then(slack_ts_millis) {
                Some(ts) if ts + EPISODE_CLOCK_SLACK.num_milliseconds() >= current => {
                    Episode::Current
                }
                Some(_) => Episode::Earlier,
                None => Episode::Unknown,
            }
        }
    }
}

/// A Slack `ts` (`1782378877.000100`) in milliseconds since the epoch.
fn slack_ts_millis(ts: &str) -> Option<i64> {
    let (secs, frac) = ts.split_once('.').unwrap_or((ts, "0"));
    let secs: i64 = secs.parse().ok()?;
    let ms: i64 = format!("{:0<3}", frac.get(..3).unwrap_or(frac))
        .parse()
        .ok()?;
    secs.checked_mul(1000)?.checked_add(ms)
}

/// A link to a message in the clicker's workspace
/// (`https://acme.slack.com/archives/C0123/p1782378877000100`), the form of
/// Slack's permalinks, when every part is known and well-formed.
pub fn message_link(
    domain: Option<&str>,
    at: &respondby_core::tracked::MessageRef,
) -> Option<String> {
    let domain = domain.filter(|d| {
        !d.is_empty()
            && d.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })?;
    let channel_ok =
        !at.channel.is_empty() && at.channel.bytes().all(|b| b.is_ascii_alphanumeric());
    let ts: String = at.ts.chars().filter(|c| *c != '.').collect();
    let ts_ok = !ts.is_empty() && ts.bytes().all(|b| b.is_ascii_digit());
    (channel_ok && ts_ok)
        .then(|| format!("https://{domain}.slack.com/archives/{}/p{ts}", at.channel))
}

/// The environment variables naming the only workspace and app whose
/// clicks are taken (empty or unset: not checked).
pub const TEAM_ID_VAR: &str = "SLACK_TEAM_ID";
pub const APP_ID_VAR: &str = "SLACK_APP_ID";

/// Whose clicks are taken. The signature proves a request came from Slack
/// signed with our app's secret; these say it came from our workspace and
/// our app, so a second workspace the app is installed in (or another app
/// sharing the secret by mistake) cannot change our cases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub team_id: Option<String>,
    pub app_id: Option<String>,
}

impl Origin {
    /// From the values of SLACK_TEAM_ID and SLACK_APP_ID; an error names
    /// the variable whose value is not a Slack ID.
    pub fn parse(team: Option<&str>, app: Option<&str>) -> Result<Origin, String> {
        fn id(
            var: &str,
            v: Option<&str>,
            first: &[u8],
            what: &str,
        ) -> Result<Option<String>, String> {
            let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            let ok = v.len() >= 3
                && v.len() <= 32
                && first.contains(&v.as_bytes()[0])
                && v.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if ok {
                Ok(Some(v.to_owned()))
            } else {
                Err(format!(
                    "configuration error: {var} must be {what}, or empty to take clicks from any; got {:?}",
                    short(v)
                ))
            }
        }
        Ok(Origin {
            team_id: id(
                TEAM_ID_VAR,
                team,
                b"TE",
                "a Slack workspace ID (T0123ABCD; Enterprise Grid: E0123ABCD)",
            )?,
            app_id: id(
                APP_ID_VAR,
                app,
                b"A",
                "a Slack app ID (A0123ABCD, the app's Basic Information page)",
            )?,
        })
    }

    /// Why a click is not ours (`None`: it is, or nothing is checked).
    pub fn refuses(&self, click: &Click) -> Option<&'static str> {
        self.refuses_ids(click.team_id.as_deref(), click.app_id.as_deref())
    }

    /// Why a request from this workspace and app is not ours (`None`: it
    /// is, or nothing is checked). A request that names no workspace is
    /// refused when one is required.
    pub fn refuses_ids(&self, team: Option<&str>, app: Option<&str>) -> Option<&'static str> {
        let differs = |want: &Option<String>, got: Option<&str>| {
            want.as_deref().is_some_and(|w| got != Some(w))
        };
        if differs(&self.team_id, team) {
            Some("another Slack workspace")
        } else if differs(&self.app_id, app) {
            Some("another Slack app")
        } else {
            None
        }
    }
}

/// At most 40 characters of a value for a log line or an error.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// What the endpoint needs, built once per cold start.
pub struct Deps<'a, S, P> {
    pub store: &'a S,
    pub poster: &'a P,
    pub http: &'a reqwest::Client,
    pub render: &'a RenderOptions,
    pub secret: &'a SigningSecret,
    /// Whose clicks are taken (SLACK_TEAM_ID, SLACK_APP_ID).
    pub origin: &'a Origin,
    pub hosts: Hosts,
    /// Recomputes a case's next reminder after a click (the reminders plan).
    pub reschedule: &'a (dyn Fn(&mut Tracked, DateTime<Utc>) + Send + Sync),
    /// The deadlines and reminders in effect (`/respondby policy`).
    pub policy: &'a respondby_core::DeadlinePolicy,
    pub plan: &'a respondby_core::plan::ReminderPlan,
    /// The Web API client that publishes Home tabs (app mode; `None` in
    /// webhook mode, which has no token and no Home tab).
    pub views: Option<&'a respondby_core::slack::api::AppClient>,
    /// The spokes for `/respondby coverage`.
    pub coverage: &'a dyn command::Coverage,
    /// Hands a long `/respondby open` list to an asynchronous invocation.
    pub invoker: &'a dyn open_list::Invoker,
}

fn answer(status: i64, body: &str) -> LambdaFunctionUrlResponse {
    let mut r = LambdaFunctionUrlResponse::default();
    r.status_code = status;
    if !body.is_empty() {
        r.headers.insert(
            "content-type",
            "text/plain; charset=utf-8".parse().expect("a valid header"),
        );
        r.body = Some(body.to_owned());
    }
    r
}

fn header<'r>(req: &'r LambdaFunctionUrlRequest, name: &str) -> Option<&'r str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The raw body as Slack sent it (Function URLs may deliver it base64-encoded).
pub fn raw_body(req: &LambdaFunctionUrlRequest) -> Result<Vec<u8>, String> {
    let body = req.body.as_deref().unwrap_or("");
    if req.is_base64_encoded {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("the body is not valid base64: {e}"))
    } else {
        Ok(body.as_bytes().to_vec())
    }
}

/// A store call within Slack's time: a hanging table answers the click
/// with "the store is down" instead of letting Slack time out.
async fn within<T>(
    deadline: Instant,
    call: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    // Time kept back to tell the user (an ephemeral message) in time.
    let by = deadline
        .checked_sub(Duration::from_millis(700))
        .unwrap_or(deadline);
    tokio::time::timeout_at(by, call)
        .await
        .unwrap_or_else(|_| Err(StoreError("no answer within Slack's time".into())))
}

/// What the function was invoked with.
#[derive(Debug, Clone)]
pub enum Invocation {
    /// A request through the Function URL (Slack's).
    Url(Box<LambdaFunctionUrlRequest>),
    /// A job this function handed to itself.
    OpenList(open_list::OpenListJob),
}

/// Tells an invocation's event apart: a Function URL request (AWS builds
/// it: `requestContext`, `rawPath`, …; Slack's content is only in its body
/// and headers), or a Respond By job (`respondby` at the top, sent only by
/// this function's own `Invoke`). Anything else is an error naming what
/// it is.
pub fn read_invocation(event: serde_json::Value, hosts: Hosts) -> Result<Invocation, String> {
    let Some(obj) = event.as_object() else {
        let what = match &event {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => unreachable!(),
        };
        return Err(format!(
            "an event that is {what}, neither a Function URL request nor a Respond By job"
        ));
    };
    match (obj.contains_key("requestContext"), obj.contains_key("respondby")) {
        (true, false) => serde_json::from_value(event)
            .map(|r| Invocation::Url(Box::new(r)))
            .map_err(|e| format!("a Function URL request that does not parse: {e}")),
        (false, true) => open_list::OpenListJob::from_payload(&event, hosts).map(Invocation::OpenList),
        (true, true) => Err("an event with both requestContext and respondby: neither a Function URL request nor a Respond By job".into()),
        (false, false) => {
            let keys: Vec<String> = obj.keys().take(8).map(|k| short(k.as_str())).collect();
            Err(format!(
                "an event that is neither a Function URL request (no requestContext) nor a Respond By job (no respondby); its keys: {}",
                if keys.is_empty() { "none".to_owned() } else { keys.join(", ") }
            ))
        }
    }
}

/// Handles one invocation: a Function URL request is answered (always an
/// answer for Slack); a job is run until `job_deadline` (the invocation's
/// own), and its failure, or an event that is neither, is an `Err` (logged
/// at ERROR here; the invocation fails).
pub async fn dispatch<S: StateStore, P: Poster>(
    event: serde_json::Value,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
    job_deadline: Instant,
) -> Result<serde_json::Value, String> {
    let failed = |e: String| {
        tracing::error!(error = %e, "the invocation failed");
        e
    };
    match read_invocation(event, deps.hosts).map_err(failed)? {
        Invocation::Url(req) => Ok(serde_json::to_value(handle(*req, deps, now).await)
            .expect("a Function URL response serialises")),
        Invocation::OpenList(job) => {
            let done = open_list::run(
                &job,
                deps.store,
                deps.http,
                deps.hosts,
                now,
                deps.render.lang,
                job_deadline,
            )
            .await
            .map_err(failed)?;
            tracing::info!(
                messages = done.messages,
                matching = done.matching,
                filter = %job.filter.code(),
                "posted the /respondby open list through the command's response_url"
            );
            Ok(serde_json::json!({"posted": done.messages, "matching": done.matching}))
        }
    }
}

/// Handles one request.
pub async fn handle<S: StateStore, P: Poster>(
    req: LambdaFunctionUrlRequest,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
) -> LambdaFunctionUrlResponse {
    let deadline = Instant::now() + BUDGET;
    let body = match raw_body(&req) {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "refused a request");
            return answer(400, "bad request");
        }
    };
    if let Err(e) = signature::verify(
        deps.secret,
        header(&req, "x-slack-request-timestamp"),
        header(&req, "x-slack-signature"),
        &body,
        now.timestamp(),
    ) {
        tracing::warn!(reason = %e, source_ip = ?req.request_context.http.source_ip, "refused a request that is not signed by Slack");
        return answer(401, "invalid signature");
    }
    if let Some(n) = header(&req, "x-slack-retry-num") {
        tracing::info!(
            retry = n,
            "Slack retried this request; applying it is idempotent"
        );
    }
    let incoming = match route::classify(header(&req, "content-type"), &body) {
        Ok(i) => i,
        Err(e) => {
            tracing::warn!(error = %e, "a signed request that is not a click, a command or an event");
            return answer(400, "not a Slack interaction");
        }
    };
    // Signed by Slack, but from another workspace or app: nothing changes,
    // and nothing is shown (the open cases are not listed to it).
    if let Some((why, (team, app))) = incoming
        .origins()
        .into_iter()
        .find_map(|o| deps.origin.refuses_ids(o.0, o.1).map(|why| (why, o)))
    {
        tracing::warn!(
            from = why,
            team = ?team.map(short),
            app = ?app.map(short),
            "refused a signed request from outside our workspace or app; nothing changed"
        );
        return answer(403, "not from this workspace's Respond By app");
    }
    match incoming {
        Incoming::Clicks(clicks) => {
            for click in clicks {
                let Some(action) = Action::from_id(&click.action_id) else {
                    // A console link button: Slack reports those clicks too.
                    continue;
                };
                on_click(&click, action, deps, now, deadline).await;
            }
            answer(200, "")
        }
        Incoming::Challenge(c) => answer(200, &c),
        Incoming::HomeOpened { user, .. } => {
            show_home(&user, &listing::Filter::All, 0, deps, now, deadline).await;
            answer(200, "")
        }
        Incoming::Home(h) => {
            show_home(&h.user, &h.filter, h.page, deps, now, deadline).await;
            answer(200, "")
        }
        Incoming::Command(c) => json_answer(&on_command(&c, deps, now, deadline).await),
        Incoming::Ignored(what) => {
            tracing::info!(what = %what, "acknowledged; nothing to do");
            answer(200, "")
        }
    }
}

fn json_answer(body: &serde_json::Value) -> LambdaFunctionUrlResponse {
    let mut r = LambdaFunctionUrlResponse::default();
    r.status_code = 200;
    r.headers.insert(
        "content-type",
        "application/json; charset=utf-8"
            .parse()
            .expect("a valid header"),
    );
    r.body = Some(body.to_string());
    r
}

/// Reads the open cases in time for the answer, or says it could not.
async fn open_cases<S: StateStore>(
    store: &S,
    deadline: Instant,
) -> Result<Vec<Tracked>, StoreError> {
    within(deadline, listing::open_cases(store)).await
}

/// Publishes `user`'s Home tab: the open cases, or an error view when the
/// table did not answer in time. A failure to publish is logged (Slack
/// still gets its 200: the viewer sees the tab as it was).
async fn show_home<S: StateStore, P: Poster>(
    user: &str,
    filter: &listing::Filter,
    page: usize,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
    deadline: Instant,
) {
    let Some(views) = deps.views else {
        tracing::warn!(
            "the Home tab needs app mode (SLACK_MODE=app, a bot token); nothing published"
        );
        return;
    };
    let lang = deps.render.lang;
    let view = match open_cases(deps.store, deadline).await {
        Ok(cases) => home::view(&cases, filter, page, now, lang),
        Err(e) => {
            tracing::error!(error = %e, "could not read the open cases for the Home tab");
            home::error_view(lang)
        }
    };
    match views.publish_view(user, &view, deadline).await {
        Ok(()) => tracing::info!(filter = %filter.code(), page, "published the Home tab"),
        Err(e) => tracing::error!(error = %e, "could not publish the Home tab"),
    }
}

/// The answer to `/respondby …`, only for the person who typed it.
async fn on_command<S: StateStore, P: Poster>(
    c: &command::SlashCommand,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
    deadline: Instant,
) -> serde_json::Value {
    use command::Ask;
    let lang = deps.render.lang;
    let ask = command::ask(&c.text, &c.user_id);
    tracing::info!(command = %c.command, ask = ?std::mem::discriminant(&ask), "slash command");
    match ask {
        Ask::Help => command::help(None, lang),
        Ask::Unknown(w) => command::help(Some(&w), lang),
        Ask::Policy => command::policy(deps.policy, deps.plan, lang),
        Ask::Open(filter) => match open_cases(deps.store, deadline).await {
            Ok(cases) => {
                open_list::answer_open(
                    &cases,
                    &filter,
                    c,
                    deps.invoker,
                    deps.hosts,
                    now,
                    lang,
                    deadline,
                )
                .await
            }
            Err(e) => {
                tracing::error!(error = %e, "could not read the open cases for /respondby open");
                command::ephemeral(&[texts::CMD_STORE_DOWN.get(lang).to_owned()])
            }
        },
        Ask::Coverage => {
            let by = deadline
                .checked_sub(Duration::from_millis(700))
                .unwrap_or(deadline);
            match tokio::time::timeout_at(by, deps.coverage.spokes()).await {
                Ok(Ok(spokes)) => command::coverage(spokes.as_deref(), lang),
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "could not read the spokes");
                    command::ephemeral(&[texts::CMD_COVERAGE_DOWN.get(lang).to_owned()])
                }
                Err(_) => {
                    tracing::error!("the spokes were not read within Slack's time");
                    command::ephemeral(&[texts::CMD_COVERAGE_DOWN.get(lang).to_owned()])
                }
            }
        }
    }
}

/// Says something only the clicker sees; failures are logged.
async fn tell<S, P>(deps: &Deps<'_, S, P>, click: &Click, text: &str, deadline: Instant) {
    let Some(url) = &click.response_url else {
        tracing::warn!("no response_url to answer the click with");
        return;
    };
    if let Err(e) =
        interaction::respond(deps.http, url, &ephemeral(text), deps.hosts, deadline).await
    {
        tracing::warn!(error = %e, "could not answer the click");
    }
}

fn who_text(m: &Mark, lang: Lang) -> String {
    if m.is_person() {
        format!("<@{}>", m.by)
    } else if m.by == "aws" {
        ui::WHO_AWS.get(lang).to_owned()
    } else {
        ui::WHO_SOURCE.get(lang).to_owned()
    }
}

async fn on_click<S: StateStore, P: Poster>(
    click: &Click,
    action: Action,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
    deadline: Instant,
) {
    let who = Mark::user(&click.user_id, click.user_name.as_deref(), now);
    let lang = deps.render.lang;
    let (case_key, episode) = parse_button_value(&click.value);
    let mut case = None;
    let mut fresh = false;
    for _ in 0..3 {
        let loaded = match within(deadline, deps.store.load_case(&case_key)).await {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "could not read the case");
                tell(deps, click, ui::EPH_STORE_DOWN.get(lang), deadline).await;
                return;
            }
        };
        let Some(mut c) = loaded else {
            tracing::info!(case = %case_key, "a click on an alert that is not tracked");
            tell(deps, click, ui::EPH_NOT_TRACKED.get(lang), deadline).await;
            return;
        };
        match episode_of(&c, episode.as_deref(), click) {
            Episode::Current => {}
            Episode::Earlier => {
                tracing::info!(case = %case_key, clicked = ?episode, current = %c.episode(), action = action.id(), "a click on an earlier episode; nothing changed");
                let mut text = ui::EPH_SUPERSEDED.get(lang).to_owned();
                if let Some(link) = c
                    .message
                    .as_ref()
                    .and_then(|m| message_link(click.team_domain.as_deref(), m))
                {
                    text.push('\n');
                    text.push_str(
                        &ui::EPH_CURRENT_MESSAGE.fill(lang, &[("link", &format!("<{link}>"))]),
                    );
                }
                tell(deps, click, &text, deadline).await;
                return;
            }
            Episode::Unknown => {
                tracing::warn!(case = %case_key, clicked = ?episode, current = %c.episode(), "cannot tell which episode a click is for; nothing changed");
                tell(deps, click, ui::EPH_EPISODE_UNKNOWN.get(lang), deadline).await;
                return;
            }
        }
        let expected = c.version;
        match c.apply(action, who.clone()) {
            Err(Refusal::AlreadyResolved(by)) => {
                tell(
                    deps,
                    click,
                    &ui::EPH_ALREADY_RESOLVED.fill(
                        lang,
                        &[
                            ("who", &who_text(&by, lang)),
                            ("date", &date_token(by.at, lang)),
                        ],
                    ),
                    deadline,
                )
                .await;
                return;
            }
            // A double click or a retried request: already recorded.
            Ok(false) => {
                tracing::info!(case = %c.case_key, action = action.id(), "already recorded");
                case = Some(c);
                break;
            }
            Ok(true) => {
                (deps.reschedule)(&mut c, now);
                match within(
                    deadline,
                    deps.store
                        .put_case(&c, Some(expected), respondby_core::lambda::case_ttl(&c)),
                )
                .await
                {
                    Ok(true) => {
                        c.version = expected + 1;
                        tracing::info!(case = %c.case_key, action = action.id(), user = %click.user_id, "recorded");
                        fresh = true;
                        case = Some(c);
                        break;
                    }
                    // Someone else wrote it first (another click, a reminder,
                    // an update): apply this click to their version.
                    Ok(false) => continue,
                    Err(e) => {
                        tracing::error!(error = %e, "could not record the click");
                        tell(deps, click, ui::EPH_STORE_DOWN.get(lang), deadline).await;
                        return;
                    }
                }
            }
        }
    }
    let Some(c) = case else {
        tracing::warn!(case = %case_key, "the case kept changing; the click was not recorded");
        tell(deps, click, ui::EPH_CHANGED.get(lang), deadline).await;
        return;
    };
    refresh_message(&c, click, deps, now, deadline).await;
    if fresh && action == Action::Answer {
        followup_draft(&c, deps, deadline).await;
    }
}

/// App mode: once the first reply is sent, the follow-up draft goes into
/// the alert's thread (webhook mode shows it on the updated message).
async fn followup_draft<S: StateStore, P: Poster>(
    c: &Tracked,
    deps: &Deps<'_, S, P>,
    deadline: Instant,
) {
    let (Some(d), Some(parent), true) = (
        c.alert.reply_draft.as_ref(),
        c.message.as_ref(),
        deps.poster.threads(),
    ) else {
        return;
    };
    let body = reply_message(d, ReplyStage::Followup, deps.render.lang);
    let route = Route {
        severity: c.alert.severity,
        thread: Some(parent),
        to: c.route.as_deref(),
    };
    if let Err(e) = deps.poster.post(&body, route, deadline).await {
        tracing::warn!(error = %e, "recorded, but the follow-up draft could not be posted");
    }
}

/// Shows the case's new state on its message.
async fn refresh_message<S: StateStore, P: Poster>(
    c: &Tracked,
    click: &Click,
    deps: &Deps<'_, S, P>,
    now: DateTime<Utc>,
    deadline: Instant,
) {
    let app = deps.poster.threads() && c.message.is_some();
    let body = render_with(
        &c.current_alert(),
        deps.render,
        Extras {
            state: Some(c),
            quiet: true,
            // App mode keeps the reply drafts in the thread; a webhook
            // message shows the one the case needs now.
            no_draft: app,
            ..Extras::default()
        },
        now,
    );
    if let (true, Some(at)) = (app, &c.message) {
        match deps.poster.update(at, &body, deadline).await {
            Ok(_) => return,
            Err(e) => {
                tracing::warn!(error = %e, "chat.update failed; trying the click's response_url")
            }
        }
    }
    match &click.response_url {
        Some(url) => {
            if let Err(e) =
                interaction::respond(deps.http, url, &replacing(&body), deps.hosts, deadline).await
            {
                tracing::warn!(error = %e, "recorded, but the message could not be updated");
            }
        }
        None => tracing::warn!("recorded, but there is no way to update the message"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use respondby_core::tracked::MessageRef;

    /// A Function URL request, a job of this function's own, and anything
    /// else (an error naming what it is).
    #[test]
    fn an_invocation_is_a_function_url_request_or_a_job_or_an_error_naming_it() {
        let url = serde_json::json!({
            "version": "2.0", "rawPath": "/", "rawQueryString": "", "headers": {},
            "requestContext": {"http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1", "userAgent": "Slackbot"}, "requestId": "r", "time": "t",
                "timeEpoch": 0, "accountId": "anonymous", "apiId": "x", "domainName": "x", "domainPrefix": "x", "stage": "$default"},
            "body": "", "isBase64Encoded": false
        });
        assert!(matches!(
            read_invocation(url.clone(), Hosts::PRODUCTION),
            Ok(Invocation::Url(_))
        ));
        let job = serde_json::json!({"respondby": "open-list", "filter": "overdue", "user": "U0SATO",
            "response_url": "https://hooks.slack.com/commands/T0/1/x"});
        match read_invocation(job, Hosts::PRODUCTION) {
            Ok(Invocation::OpenList(j)) => assert_eq!(j.filter, listing::Filter::Overdue),
            other => panic!("{other:?}"),
        }
        let mut both = url;
        both["respondby"] = "open-list".into();
        for (event, says) in [
            (both, "both requestContext and respondby"),
            (
                serde_json::json!({"detail-type": "Scheduled Event", "source": "aws.events"}),
                "its keys: detail-type, source",
            ),
            (serde_json::json!([]), "an event that is an array"),
            (serde_json::json!("open"), "an event that is a string"),
            (
                serde_json::json!({"requestContext": 1}),
                "a Function URL request that does not parse",
            ),
        ] {
            let e = read_invocation(event.clone(), Hosts::PRODUCTION).unwrap_err();
            assert!(e.contains(says), "{event}: {e}");
        }
    }

    #[test]
    fn slack_stamps_read_as_milliseconds() {
        assert_eq!(
            slack_ts_millis("1782378877.000100"),
            Some(1_782_378_877_000)
        );
        assert_eq!(slack_ts_millis("1782378877.9"), Some(1_782_378_877_900));
        assert_eq!(slack_ts_millis("1782378877"), Some(1_782_378_877_000));
        assert_eq!(slack_ts_millis("x.1"), None);
        assert_eq!(slack_ts_millis("99999999999999999999.1"), None);
    }

    /// A link to the current message is built only from well-formed parts:
    /// a payload's domain or a stored ts cannot make it point elsewhere.
    #[test]
    fn a_link_to_the_current_message_only_from_well_formed_parts() {
        let at = MessageRef {
            channel: "C0ALERTS".into(),
            ts: "1782378877.000100".into(),
        };
        assert_eq!(
            message_link(Some("acme-co"), &at).as_deref(),
            Some("https://acme-co.slack.com/archives/C0ALERTS/p1782378877000100")
        );
        for d in ["", "evil.com/x", "Acme", "a b", "acme|x", "acme>"] {
            assert_eq!(message_link(Some(d), &at), None, "{d}");
        }
        assert_eq!(message_link(None, &at), None);
        let bad = MessageRef {
            channel: "C0|x".into(),
            ts: at.ts.clone(),
        };
        assert_eq!(message_link(Some("acme"), &bad), None);
        let bad = MessageRef {
            channel: at.channel.clone(),
            ts: "1>2".into(),
        };
        assert_eq!(message_link(Some("acme"), &bad), None);
    }
}
