//! What every function's handler does: parse, route, normalise, render, post.
//!
//! Each `main.rs` builds its dependencies once and hands them to
//! [`handle`] inside `service_fn`.

use crate::alert::{Alert, Outcome, ReplyStage, Source, Status};
use crate::deadline::DeadlinePolicy;
use crate::event::{self, Ctx, Envelope, EventError};
use crate::guard::{Guard, Verdict};
use crate::i18n::Lang;
use crate::slack::render::{as_page, reply_message, update_reply};
use crate::slack::{render_with, Delivered, DeliveryError, Extras, Poster, RenderOptions, Route};
use crate::store::{Anchor, AnyStore, Claim, Consumed, StateStore};
use crate::tracked::Tracked;
use chrono::Utc;
use lambda_runtime::{Diagnostic, LambdaEvent};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;
use thiserror::Error;
use tokio::time::Instant;
use tracing::Instrument;

/// A failed invocation. Every variant is returned to Lambda as an error, so
/// the event is retried and, in the end, lands in the dead-letter queue.
#[derive(Debug, Error)]
pub enum HandlerError {
    #[error(transparent)]
    Event(#[from] EventError),
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
}

impl HandlerError {
    /// Would trying the same event again help?
    pub fn retryable(&self) -> bool {
        match self {
            HandlerError::Event(_) => false,
            HandlerError::Delivery(d) => d.retryable(),
        }
    }

    /// The `errorType` Lambda records: `Retryable.*` or `Permanent.*`, so
    /// dashboards and the dead-letter queue tell the two apart.
    pub fn error_type(&self) -> &'static str {
        match self {
            HandlerError::Event(
                EventError::Unsupported { .. } | EventError::WrongFunction { .. },
            ) => "Permanent.UnsupportedEvent",
            HandlerError::Event(_) => "Permanent.MalformedEvent",
            HandlerError::Delivery(DeliveryError::Rejected { .. }) => "Permanent.SlackRejected",
            HandlerError::Delivery(DeliveryError::Throttled { .. }) => "Retryable.SlackThrottled",
            HandlerError::Delivery(DeliveryError::Unavailable { .. }) => {
                "Retryable.SlackUnavailable"
            }
        }
    }
}

impl From<HandlerError> for Diagnostic {
    fn from(e: HandlerError) -> Diagnostic {
        Diagnostic {
            error_type: e.error_type().to_owned(),
            error_message: e.to_string(),
        }
    }
}

/// Time the invocation has, from the runtime's deadline (epoch ms).
pub fn invocation_deadline(deadline_ms: u64) -> Instant {
    let now_ms = Utc::now().timestamp_millis().max(0) as u64;
    let left = if deadline_ms == 0 {
        Duration::from_secs(30)
    } else {
        Duration::from_millis(deadline_ms.saturating_sub(now_ms))
    };
    Instant::now() + left
}

/// The most kept back from Slack's retries for the state writes after a
/// post (the dedup key settled, the flood window, the case record).
const WRITE_RESERVE: Duration = Duration::from_millis(1500);

/// When Slack's calls must stop: `deadline` less [`WRITE_RESERVE`], or less
/// a third of the time left when that is shorter, so a short invocation
/// still gets most of its time for the post.
pub fn slack_deadline(deadline: Instant, now: Instant) -> Instant {
    let left = deadline.saturating_duration_since(now);
    deadline - WRITE_RESERVE.min(left / 3)
}

/// What the handler needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub policy: &'a DeadlinePolicy,
    pub render: &'a RenderOptions,
    pub lang: Lang,
    pub plan: &'a crate::plan::ReminderPlan,
    /// Names every alert's account ([`crate::accounts`]).
    pub names: &'a crate::accounts::AccountNames,
    /// `CHANNEL_ROUTES`: where each new case goes ([`crate::route`]).
    pub routes: &'a crate::route::Routes,
}

impl<'a> Settings<'a> {
    pub fn of(config: &'a crate::Config) -> Settings<'a> {
        Settings {
            policy: &config.deadline,
            render: &config.render,
            lang: config.lang,
            plan: &config.plan,
            names: &config.names,
            routes: &config.routes,
        }
    }
}

/// Handles one invocation for `function`. `normalise` turns the envelope
/// into an outcome (and may enrich it from AWS).
pub async fn handle<'s, P, S, F, Fut>(
    event: LambdaEvent<Value>,
    function: Source,
    poster: &P,
    guard: &Guard<S>,
    settings: Settings<'s>,
    normalise: F,
) -> Result<Value, HandlerError>
where
    P: Poster,
    S: StateStore,
    F: FnOnce(Envelope, Ctx<'s>) -> Fut,
    Fut: Future<Output = Result<Outcome, EventError>>,
{
    let deadline = invocation_deadline(event.context.deadline);
    let event_id = event
        .payload
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or("-")
        .to_owned();
    let span = tracing::info_span!("event", event_id = %event_id, function = %function);
    async move {
        let result = process(event.payload, function, poster, guard, settings, deadline, normalise).await;
        match &result {
            Ok(v) => tracing::info!(outcome = v["action"].as_str().unwrap_or("?"), "done"),
            Err(e) => tracing::error!(error = %e, error_type = e.error_type(), retryable = e.retryable(), "failed"),
        }
        result
    }
    .instrument(span)
    .await
}

async fn process<'s, P, S, F, Fut>(
    payload: Value,
    function: Source,
    poster: &P,
    guard: &Guard<S>,
    settings: Settings<'s>,
    deadline: Instant,
    normalise: F,
) -> Result<Value, HandlerError>
where
    P: Poster,
    S: StateStore,
    F: FnOnce(Envelope, Ctx<'s>) -> Fut,
    Fut: Future<Output = Result<Outcome, EventError>>,
{
    let (envelope, routed) = event::parse_value(payload)?;
    event::expect_source(&envelope, routed, function)?;
    let event_id = envelope.id.clone();
    let ctx = Ctx {
        policy: settings.policy,
        received: Utc::now(),
        lang: settings.lang,
    };
    let mut outcome = normalise(envelope, ctx).await?;
    if let Outcome::Notify(alert) = &mut outcome {
        // Enrichment may have changed what the deadlines depend on.
        settings.policy.apply(alert);
        settings.names.apply(alert);
    }
    match outcome {
        Outcome::Skip { reason } => {
            tracing::info!(reason = %reason, "skipped");
            Ok(json!({"action": "skip", "reason": reason}))
        }
        Outcome::Notify(alert) => {
            let flow = Flow {
                poster,
                guard,
                settings,
                deadline,
                slack_by: slack_deadline(deadline, Instant::now()),
                token: format!("{event_id}/{:016x}", fastrand::u64(..)),
                now: Utc::now(),
                route_by: RouteBy::Rules,
            };
            flow.notify(*alert).await
        }
    }
}

/// Posts an alert a function made itself rather than from an event (the
/// heartbeat function's silent spoke, and its recovery) the way every
/// event's alert goes: the policy and the account's name applied, claimed
/// once (overlapping runs post it once), tracked as a case and followed up,
/// routed by `route_by`. `now` is when it happens (a simulated clock in
/// tests).
pub async fn notify<P: Poster, S: StateStore>(
    mut alert: Alert,
    poster: &P,
    guard: &Guard<S>,
    settings: Settings<'_>,
    deadline: Instant,
    route_by: RouteBy,
    now: chrono::DateTime<Utc>,
) -> Result<Value, HandlerError> {
    settings.policy.apply(&mut alert);
    settings.names.apply(&mut alert);
    let flow = Flow {
        poster,
        guard,
        settings,
        deadline,
        slack_by: slack_deadline(deadline, Instant::now()),
        token: format!("{}/{:016x}", alert.dedup_key, fastrand::u64(..)),
        now,
        route_by,
    };
    flow.notify(alert).await
}

/// One alert on its way to Slack: claimed, matched to its case, folded or
/// posted, recorded.
struct Flow<'a, 's, P, S> {
    poster: &'a P,
    guard: &'a Guard<S>,
    settings: Settings<'s>,
    /// The invocation's deadline: the state writes after a post may run
    /// until just before it.
    deadline: Instant,
    /// Slack's calls stop here ([`slack_deadline`]), so a slow or
    /// throttled Slack leaves the writes after the post their time.
    slack_by: Instant,
    /// This invocation's claim token.
    token: String,
    now: chrono::DateTime<Utc>,
    route_by: RouteBy,
}

/// Which `CHANNEL_ROUTES` rule a new case takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RouteBy {
    /// The first rule matching its account and severity.
    #[default]
    Rules,
    /// The `*` rule: the hub's own alerts (a spoke gone silent), whatever
    /// account they name.
    Wildcard,
}

impl<P: Poster, S: StateStore> Flow<'_, '_, P, S> {
    async fn notify(&self, alert: Alert) -> Result<Value, HandlerError> {
        let ts = self.now.timestamp();
        // The claim and the case's record at once: one round trip of waiting.
        let (claim, case) = tokio::join!(
            self.guard.claim(
                &alert,
                &self.token,
                ts,
                crate::guard::lease_until(
                    ts,
                    self.deadline.saturating_duration_since(Instant::now())
                )
            ),
            self.guard.store.load_case(&alert.case_key)
        );
        let claimed = match claim {
            Ok(Claim::Done) => {
                tracing::info!(dedup_key = %alert.dedup_key, "already delivered; not posting again");
                return Ok(json!({"action": "duplicate", "dedup_key": alert.dedup_key}));
            }
            Ok(Claim::Busy) => {
                tracing::info!(dedup_key = %alert.dedup_key, "another invocation is posting this event; not posting it twice");
                return Ok(
                    json!({"action": "duplicate", "dedup_key": alert.dedup_key, "in_progress": true}),
                );
            }
            Ok(Claim::Claimed) => true,
            Err(e) => {
                tracing::warn!(error = %e, "dedup check failed; posting anyway");
                false
            }
        };
        let case = match case {
            Ok(c) if claimed => c,
            Ok(_) => None,
            Err(e) => {
                if claimed {
                    tracing::warn!(error = %e, "could not read the case; posting it as new");
                }
                None
            }
        };
        match case {
            // An update, a recovery or AWS closing it: follow up on the case.
            Some(c) if c.is_open() || alert.status != Status::Open => {
                self.follow_up(c, alert, claimed).await
            }
            // New, or a new episode of a resolved case (an alarm again).
            _ => self.new_case(alert, claimed).await,
        }
    }

    /// Runs the writes that follow a delivered post within the invocation's
    /// time. They are never an error: the message is out, and an error
    /// would make Lambda post it again.
    async fn after_delivery(&self, work: impl Future<Output = ()>) {
        let left = self
            .deadline
            .saturating_duration_since(Instant::now())
            .saturating_sub(Duration::from_millis(200));
        if tokio::time::timeout(left, work).await.is_err() {
            tracing::warn!("delivered, but the state writes after it ran out of time");
        }
    }

    async fn new_case(&self, alert: Alert, claimed: bool) -> Result<Value, HandlerError> {
        let ts = self.now.timestamp();
        let (consumed, flush) = if claimed {
            match self.guard.fold_or_post(&alert, &self.token, ts).await {
                Verdict::Folded { pending } => {
                    tracing::info!(group = %alert.group_key, pending, "folded into an earlier message");
                    return Ok(
                        json!({"action": "folded", "dedup_key": alert.dedup_key, "pending": pending}),
                    );
                }
                Verdict::Duplicate { .. } => {
                    return Ok(json!({"action": "duplicate", "dedup_key": alert.dedup_key}))
                }
                Verdict::Post { consumed, flush } => (consumed, flush),
            }
        } else {
            (Consumed::default(), None)
        };
        // A flush of a running flood goes into the flood's first message's
        // thread and is not tracked on its own.
        // A recovery with no case before it has nothing to track.
        // Where it goes; its follow-ups and reminders go there too.
        let to = match self.route_by {
            RouteBy::Rules => self.settings.routes.pick(&alert.account, alert.severity),
            RouteBy::Wildcard => self.settings.routes.wildcard(),
        }
        .map(|r| r.target.clone());
        let tracked = (flush.is_none() && alert.status == Status::Open).then(|| {
            let mut t = Tracked::new(&alert, None, self.now);
            t.route = to.clone();
            t
        });
        let body = render_with(
            &alert,
            self.settings.render,
            Extras {
                state: tracked.as_ref(),
                folded: Some(&consumed),
                quiet: flush.is_some(),
                // App mode: the reply draft goes into the thread, where it
                // can be copied without the alert around it.
                no_draft: self.poster.threads() || flush.is_some(),
                ..Extras::default()
            },
            self.now,
        );
        let route = Route {
            severity: alert.severity,
            thread: flush.as_ref().and_then(|a| a.message.as_ref()),
            to: to.as_deref(),
        };
        let delivered = match self.poster.post(&body, route, self.slack_by).await {
            Ok(d) => d,
            Err(e) => {
                if claimed {
                    self.after_delivery(self.guard.after_failure(&alert, &self.token, &consumed))
                        .await;
                }
                return Err(e.into());
            }
        };
        if claimed {
            let anchor = Anchor {
                case_key: alert.case_key.clone(),
                title: alert.title.clone(),
                message: delivered.at.clone(),
                route: to.clone(),
            };
            let record = async {
                let Some(mut t) = tracked else { return };
                t.message = delivered.at.clone();
                self.settings.plan.start(&mut t, self.now);
                match self.guard.store.put_case(&t, None, case_ttl(&t)).await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(case = %t.case_key, "the case was recorded by a concurrent post; keeping that one")
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "delivered, but could not record the case")
                    }
                }
            };
            self.after_delivery(async {
                tokio::join!(
                    self.guard.after_post(
                        &alert,
                        &self.token,
                        flush.is_none().then_some(&anchor),
                        ts
                    ),
                    record,
                    self.draft_in_thread(&alert, flush.is_none(), &delivered)
                );
            })
            .await;
        }
        tracing::info!(
            dedup_key = %alert.dedup_key,
            severity = %alert.severity,
            kind = %alert.kind,
            attempts = delivered.attempts,
            folded = consumed.count,
            "notified"
        );
        Ok(json!({
            "action": "notify",
            "dedup_key": alert.dedup_key,
            "attempts": delivered.attempts,
            "folded": consumed.count,
        }))
    }

    /// App mode: the first reply draft, in the new alert's thread.
    async fn draft_in_thread(&self, alert: &Alert, new_message: bool, delivered: &Delivered) {
        let (Some(d), Some(parent), true) = (
            alert.reply_draft.as_ref(),
            delivered.at.as_ref(),
            new_message && self.poster.threads(),
        ) else {
            return;
        };
        let body = reply_message(d, ReplyStage::First, self.settings.lang);
        let route = Route {
            severity: alert.severity,
            thread: Some(parent),
            to: None,
        };
        if let Err(e) = self.poster.post(&body, route, self.slack_by).await {
            tracing::warn!(error = %e, "alert posted, but its reply draft could not be added to the thread");
        }
    }

    /// App mode: after an escalation in a case's thread, the reply draft
    /// the case needs now, in the thread.
    async fn draft_for_escalation(
        &self,
        alert: &Alert,
        case: &Tracked,
        parent: &crate::tracked::MessageRef,
    ) {
        let (Some(d), Some(stage)) = (
            alert.reply_draft.as_ref(),
            crate::slack::render::draft_stage(Some(case)),
        ) else {
            return;
        };
        let body = reply_message(d, stage, self.settings.lang);
        let route = Route {
            severity: alert.severity,
            thread: Some(parent),
            to: case.route.as_deref(),
        };
        if let Err(e) = self.poster.post(&body, route, self.slack_by).await {
            tracing::warn!(error = %e, "escalation posted, but its reply draft could not be added to the thread");
        }
    }

    async fn follow_up(
        &self,
        mut case: Tracked,
        alert: Alert,
        claimed: bool,
    ) -> Result<Value, HandlerError> {
        let escalated = alert.severity > case.alert.severity;
        let changes = case.follow_up(&alert, self.settings.lang, self.now);
        self.settings.plan.reschedule(&mut case, self.now);
        let current = case.current_alert();
        let quiet = !escalated;
        let posted = match case.message.clone().filter(|_| self.poster.threads()) {
            // App mode: the update goes into the case's thread, and the
            // parent message is brought up to date in place.
            Some(parent) => {
                let mut reply = update_reply(&current, &changes, self.settings.lang, self.now);
                if escalated {
                    // More severe than what was posted: a page, shown in
                    // the channel too, with its severity's mentions.
                    let mentions: Vec<String> = self
                        .settings
                        .render
                        .mentions
                        .for_severity(current.severity)
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    as_page(&mut reply, &mentions);
                }
                let route = Route {
                    severity: current.severity,
                    thread: Some(&parent),
                    to: case.route.as_deref(),
                };
                let delivered = self.poster.post(&reply, route, self.slack_by).await;
                if delivered.is_ok() && escalated {
                    // The draft the case now needs, which its first
                    // message may not have had.
                    self.draft_for_escalation(&current, &case, &parent).await;
                }
                if delivered.is_ok() {
                    let body = render_with(
                        &current,
                        self.settings.render,
                        Extras {
                            state: Some(&case),
                            no_draft: true,
                            ..Extras::default()
                        },
                        self.now,
                    );
                    if let Err(e) = self.poster.update(&parent, &body, self.slack_by).await {
                        tracing::warn!(error = %e, "update posted in the thread, but the parent message could not be updated");
                    }
                }
                delivered
            }
            // Webhook mode: a message that stands alone, marked as an update.
            None => {
                let body = render_with(
                    &current,
                    self.settings.render,
                    Extras {
                        state: Some(&case),
                        changes: Some(&changes),
                        quiet,
                        // The draft came with the first message; an
                        // escalation brings it again.
                        no_draft: quiet,
                        ..Extras::default()
                    },
                    self.now,
                );
                self.poster
                    .post(
                        &body,
                        Route::new(current.severity).to(case.route.as_deref()),
                        self.slack_by,
                    )
                    .await
            }
        };
        let delivered = match posted {
            Ok(d) => d,
            Err(e) => {
                if claimed {
                    self.after_delivery(self.guard.after_failure(
                        &alert,
                        &self.token,
                        &Consumed::default(),
                    ))
                    .await;
                }
                return Err(e.into());
            }
        };
        let ts = self.now.timestamp();
        self.after_delivery(async {
            tokio::join!(
                self.guard.after_post(&alert, &self.token, None, ts),
                self.save_follow_up(case, &alert)
            );
        })
        .await;
        tracing::info!(
            dedup_key = %alert.dedup_key,
            case = %alert.case_key,
            attempts = delivered.attempts,
            "followed up on the case"
        );
        Ok(
            json!({"action": "update", "dedup_key": alert.dedup_key, "attempts": delivered.attempts}),
        )
    }

    /// Saves a followed-up case; if someone else wrote it meanwhile (a
    /// click, a reminder), applies the update to their version.
    async fn save_follow_up(&self, mut case: Tracked, alert: &Alert) {
        for _ in 0..3 {
            let expected = case.version;
            match self
                .guard
                .store
                .put_case(&case, Some(expected), case_ttl(&case))
                .await
            {
                Ok(true) => return,
                Ok(false) => match self.guard.store.load_case(&case.case_key).await {
                    Ok(Some(mut fresh)) => {
                        fresh.follow_up(alert, self.settings.lang, self.now);
                        self.settings.plan.reschedule(&mut fresh, self.now);
                        case = fresh;
                    }
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not reload the case");
                        return;
                    }
                },
                Err(e) => {
                    tracing::warn!(error = %e, "delivered, but could not record the update");
                    return;
                }
            }
        }
        tracing::warn!(case = %case.case_key, "the case kept changing; this update is posted but not recorded");
    }
}

/// How long a case record is kept: 90 days after its last deadline (or
/// after it was posted).
pub fn case_ttl(t: &Tracked) -> i64 {
    let last = [Some(t.posted_at), t.respond_by, t.fix_by]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(t.posted_at);
    last.timestamp().saturating_add(90 * 86_400)
}

/// Everything a function builds once per cold start.
pub struct Bootstrap {
    pub config: crate::Config,
    /// Slack: the webhook, or the Web API with a bot token.
    pub poster: crate::slack::AnyPoster,
    /// The AWS SDK configuration, if it was loaded (it is only loaded when the
    /// function calls AWS, reads a secret or uses the state table).
    pub sdk: Option<aws_config::SdkConfig>,
    /// Reads secrets again (credential rotation, the signing secret).
    pub secrets: Option<crate::secrets::SecretReader>,
    /// Dedup and flood control (a DynamoDB table when `DEDUP_TABLE` is set).
    pub guard: Guard<AnyStore>,
}

/// Logs the start-up failure, reports it to the Runtime API and returns it
/// as the error `main` exits with.
pub async fn fail_init(e: impl std::fmt::Display) -> lambda_runtime::Error {
    let message = e.to_string();
    report_init_error(&message).await;
    message.into()
}

/// Reads a credential: from its secret (under one of `keys` if the secret
/// is JSON), or as given.
pub async fn read_credential(
    source: &crate::config::SecretSource,
    secrets: Option<&crate::secrets::SecretReader>,
    keys: &[&str],
    example: &str,
) -> Result<String, crate::ConfigError> {
    use crate::config::SecretSource;
    match (source, secrets) {
        (SecretSource::Direct(v), _) => Ok(v.clone()),
        (SecretSource::Secret(id), Some(reader)) => {
            crate::secrets::secret_value(id, &reader.read(id).await?, keys, example)
        }
        (SecretSource::Secret(id), None) => Err(crate::ConfigError(format!(
            "secret {id} cannot be read: no AWS configuration"
        ))),
    }
}

const TOKEN_KEYS: &[&str] = &["bot_token", "token", "SLACK_BOT_TOKEN"];

async fn app_poster(
    config: &crate::Config,
    secrets: Option<&crate::secrets::SecretReader>,
) -> Result<crate::slack::AnyPoster, crate::ConfigError> {
    use crate::config::{Delivery, SecretSource};
    use crate::slack::api::{api_base, AppClient, BotToken, Channels};
    let Delivery::App {
        token,
        channel,
        channel_by_severity,
        api,
    } = &config.delivery
    else {
        unreachable!("called for app mode")
    };
    let raw = read_credential(token, secrets, TOKEN_KEYS, "xoxb-…").await?;
    let bot = BotToken::parse(&raw).map_err(|e| crate::ConfigError(format!("bot token: {e}")))?;
    let base = api_base(api, config.hosts)
        .map_err(|e| crate::ConfigError(format!("{}: {e}", crate::config::vars::SLACK_API_URL)))?;
    let mut channels = Channels::one(channel);
    for (sev, c) in channel_by_severity {
        channels.set(*sev, c);
    }
    tracing::info!(api = %base, channel = %channel, "ready: app mode");
    let mut client = AppClient::new(
        crate::slack::deliver::http_client(),
        base,
        bot,
        channels,
        crate::slack::RetryPolicy::default(),
    );
    if let (Some(reader), SecretSource::Secret(id)) = (secrets.cloned(), token) {
        let id = id.clone();
        client = client.with_refresh(std::sync::Arc::new(move || {
            let (reader, id) = (reader.clone(), id.clone());
            Box::pin(async move {
                let s = reader.read(&id).await.map_err(|e| e.to_string())?;
                let v = crate::secrets::secret_value(&id, &s, TOKEN_KEYS, "xoxb-…")
                    .map_err(|e| e.to_string())?;
                BotToken::parse(&v)
            })
        }));
    }
    Ok(crate::slack::AnyPoster::App(client))
}

async fn webhook_poster(
    config: &crate::Config,
    secrets: Option<&crate::secrets::SecretReader>,
) -> Result<crate::slack::AnyPoster, crate::ConfigError> {
    use crate::config::{Delivery, SecretSource};
    let Delivery::Webhook(source) = &config.delivery else {
        unreachable!("called for webhook mode")
    };
    let hosts = config.hosts;
    let http = crate::slack::deliver::http_client();
    let webhook = crate::secrets::resolve_webhook(source, hosts, secrets).await?;
    tracing::info!(webhook = %webhook, "ready: webhook mode");
    let poster = webhook_client(&http, webhook, source, secrets, hosts);
    let targets: Vec<String> = config
        .routes
        .targets()
        .into_iter()
        .map(str::to_owned)
        .collect();
    if targets.is_empty() {
        return Ok(crate::slack::AnyPoster::Webhook(poster));
    }
    // Each routed webhook from its secret, read at once rather than one
    // after the other: a cold start waits for the slowest, not the sum.
    let Some(reader) = secrets else {
        return Err(crate::ConfigError(format!(
            "{} names webhook secrets, and they cannot be read: no AWS configuration",
            crate::config::vars::CHANNEL_ROUTES
        )));
    };
    let mut reads = tokio::task::JoinSet::new();
    for (i, id) in targets.iter().enumerate() {
        let (reader, id) = (reader.clone(), id.clone());
        reads.spawn(async move { (i, reader.read(&id).await) });
    }
    let mut urls: Vec<Option<crate::slack::WebhookUrl>> = vec![None; targets.len()];
    while let Some(done) = reads.join_next().await {
        let (i, read) = done.map_err(|e| crate::ConfigError(e.to_string()))?;
        let url = crate::secrets::webhook_from_secret_string(&targets[i], &read?, hosts).map_err(
            |e| crate::ConfigError(format!("{}: {e}", crate::config::vars::CHANNEL_ROUTES)),
        )?;
        urls[i] = Some(url);
    }
    let routed = targets
        .into_iter()
        .zip(urls)
        .map(|(id, url)| {
            let url = url.expect("every read joined");
            tracing::info!(route = %id, webhook = %url, "ready: routed webhook");
            let client = webhook_client(
                &http,
                url,
                &SecretSource::Secret(id.clone()),
                secrets,
                hosts,
            );
            (id, client)
        })
        .collect();
    Ok(crate::slack::AnyPoster::Routed(
        crate::slack::routed::Webhooks::new(poster, routed),
    ))
}

/// A webhook client that reads its secret again when Slack says the
/// webhook was deleted or rotated.
fn webhook_client(
    http: &reqwest::Client,
    url: crate::slack::WebhookUrl,
    source: &crate::config::SecretSource,
    secrets: Option<&crate::secrets::SecretReader>,
    hosts: crate::slack::deliver::Hosts,
) -> crate::slack::WebhookClient {
    use crate::config::SecretSource;
    let mut poster =
        crate::slack::WebhookClient::new(http.clone(), url, crate::slack::RetryPolicy::default());
    if let (Some(reader), SecretSource::Secret(id)) = (secrets.cloned(), source) {
        let id = id.clone();
        poster = poster.with_refresh(std::sync::Arc::new(move || {
            let (reader, id) = (reader.clone(), id.clone());
            Box::pin(async move {
                let s = reader.read(&id).await.map_err(|e| e.to_string())?;
                crate::secrets::webhook_from_secret_string(&id, &s, hosts)
                    .map_err(|e| e.to_string())
            })
        }));
    }
    poster
}

/// Cold start: logging, configuration (validated), the AWS SDK configuration
/// when `needs_aws`, a secret or the state table needs it, Slack (webhook or
/// app), one HTTP client. Any failure is reported as the function's init
/// error.
pub async fn bootstrap(needs_aws: bool) -> Result<Bootstrap, lambda_runtime::Error> {
    init_tracing();
    let config = match crate::Config::from_env() {
        Ok(c) => c,
        Err(e) => return Err(fail_init(e).await),
    };
    bootstrap_with(config, needs_aws, false).await
}

/// [`bootstrap`] with the configuration read; `reads_secrets` loads the
/// secret reader even when the Slack credential is given directly (the
/// signing secret of the actions function).
pub async fn bootstrap_with(
    mut config: crate::Config,
    needs_aws: bool,
    reads_secrets: bool,
) -> Result<Bootstrap, lambda_runtime::Error> {
    use crate::config::{Delivery, SecretSource};
    let routed_webhooks =
        matches!(&config.delivery, Delivery::Webhook(_)) && !config.routes.is_empty();
    let uses_secret = reads_secrets
        || routed_webhooks
        || matches!(
            &config.delivery,
            Delivery::Webhook(SecretSource::Secret(_))
                | Delivery::App {
                    token: SecretSource::Secret(_),
                    ..
                }
        );
    let sdk = if needs_aws || uses_secret || config.guard.table.is_some() || config.org_names {
        Some(crate::secrets::load_sdk_config().await)
    } else {
        None
    };
    let secrets = if uses_secret {
        sdk.as_ref().map(crate::secrets::SecretReader::new)
    } else {
        None
    };
    // Slack and the organisation's account names at once: one wait.
    let org_names = async {
        match (&sdk, config.org_names) {
            (Some(sdk), true) => Some(crate::org_names::list(sdk).await),
            _ => None,
        }
    };
    let poster = async {
        match &config.delivery {
            Delivery::Webhook(_) => webhook_poster(&config, secrets.as_ref()).await,
            Delivery::App { .. } => app_poster(&config, secrets.as_ref()).await,
        }
    };
    let (poster, org_names) = tokio::join!(poster, org_names);
    match org_names {
        Some(Ok(names)) => {
            let added = config.names.add_missing(names);
            tracing::info!(
                added,
                named = config.names.len(),
                "account names read from AWS Organizations"
            );
        }
        Some(Err(e)) => tracing::warn!(
            error = %e,
            "could not read the organisation's account names (ListAccounts answers only in the management or a delegated administrator account); alerts name the accounts ACCOUNT_NAMES names"
        ),
        None => {}
    }
    let poster = match poster {
        Ok(p) => p,
        Err(e) => return Err(fail_init(e).await),
    };
    tracing::info!(deadline_hours = config.deadline.hours, policy = %config.deadline.describe_overrides(), "ready");
    let store = match (&config.guard.table, &sdk) {
        (Some(table), Some(sdk)) => {
            AnyStore::Dynamo(crate::store::DynamoStore::new(sdk, table.clone()))
        }
        _ => AnyStore::Off(crate::store::NoStore),
    };
    let mut guard = Guard::new(store, config.guard.window_secs);
    guard.flush_every = config.guard.flush_every;
    Ok(Bootstrap {
        config,
        poster,
        sdk,
        secrets,
        guard,
    })
}

/// Sets up logging as lambda_runtime's default subscriber does: JSON lines
/// when Lambda's `AWS_LAMBDA_LOG_FORMAT=JSON`, text otherwise, span fields
/// (the EventBridge `id`) on every line, no timestamps (Lambda adds them).
/// The level is `AWS_LAMBDA_LOG_LEVEL` (Lambda's log level setting), else
/// `RUST_LOG` if it is a plain level, else INFO. Plain levels only: that
/// leaves out tracing-subscriber's `env-filter` and the regex engine it pulls
/// in, which is all a per-target filter would add.
pub fn init_tracing() {
    let level = log_level(|k| std::env::var(k).ok());
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    // Colours only on a terminal: CloudWatch would store the escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let fmt = tracing_subscriber::fmt()
        .with_target(false)
        .without_time()
        .with_ansi(ansi)
        .with_max_level(level);
    // A second call (tests) keeps the first subscriber.
    let _ = if json {
        fmt.json().try_init()
    } else {
        fmt.try_init()
    };
}

/// The log level from Lambda's names (`TRACE` … `ERROR`, `FATAL`) or a
/// plain `RUST_LOG` level; INFO when unset or not a plain level.
pub fn log_level(get: impl Fn(&str) -> Option<String>) -> tracing_subscriber::filter::LevelFilter {
    use tracing_subscriber::filter::LevelFilter;
    ["AWS_LAMBDA_LOG_LEVEL", "RUST_LOG"]
        .iter()
        .filter_map(|k| get(k))
        .find_map(|v| match v.trim().to_ascii_lowercase().as_str() {
            "fatal" => Some(LevelFilter::ERROR),
            other => other.parse().ok(),
        })
        .unwrap_or(LevelFilter::INFO)
}

/// Reports a start-up failure to the Runtime API's `/init/error`, so Lambda
/// shows the cause, then returns so `main` can exit non-zero.
pub async fn report_init_error(message: &str) {
    tracing::error!(error = %message, "init failed");
    let Ok(api) = std::env::var("AWS_LAMBDA_RUNTIME_API") else {
        eprintln!("{message}");
        return;
    };
    let body = json!({"errorType": "Runtime.InitError", "errorMessage": message});
    let res = crate::slack::deliver::http_client()
        .post(format!("http://{api}/2018-06-01/runtime/init/error"))
        .header("Lambda-Runtime-Function-Error-Type", "Runtime.InitError")
        .json(&body)
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    if let Err(e) = res {
        eprintln!("could not report init error: {}", e.without_url());
    }
}

#[cfg(test)]
mod tests {
    use super::log_level;

    #[test]
    fn slack_stops_in_time_to_leave_the_writes_theirs() {
        use super::{slack_deadline, Instant, WRITE_RESERVE};
        let now = Instant::now();
        let s = std::time::Duration::from_secs;
        // A 30 s invocation: Slack stops 1.5 s before the end.
        assert_eq!(
            slack_deadline(now + s(30), now),
            now + s(30) - WRITE_RESERVE
        );
        // 3 s left: a third is kept back.
        assert_eq!(slack_deadline(now + s(3), now), now + s(2));
        // Past the deadline: nothing to keep back.
        assert_eq!(slack_deadline(now, now + s(1)), now);
    }
    use tracing_subscriber::filter::LevelFilter;

    fn level(vars: &[(&str, &str)]) -> LevelFilter {
        log_level(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn lambda_log_level_wins_and_fatal_means_error() {
        assert_eq!(level(&[]), LevelFilter::INFO);
        assert_eq!(
            level(&[("AWS_LAMBDA_LOG_LEVEL", "WARN")]),
            LevelFilter::WARN
        );
        assert_eq!(
            level(&[("AWS_LAMBDA_LOG_LEVEL", "FATAL")]),
            LevelFilter::ERROR
        );
        assert_eq!(
            level(&[("AWS_LAMBDA_LOG_LEVEL", "DEBUG"), ("RUST_LOG", "error")]),
            LevelFilter::DEBUG
        );
        assert_eq!(level(&[("RUST_LOG", "trace")]), LevelFilter::TRACE);
    }

    #[test]
    fn a_directive_that_is_not_a_plain_level_falls_back_to_info() {
        assert_eq!(
            level(&[("RUST_LOG", "info,hyper=debug")]),
            LevelFilter::INFO
        );
        assert_eq!(
            level(&[("AWS_LAMBDA_LOG_LEVEL", "loud"), ("RUST_LOG", "warn")]),
            LevelFilter::WARN
        );
    }
}
