//! Posting a message to a Slack incoming webhook, reliably.
//!
//! - 2xx: delivered.
//! - 429: wait as long as `Retry-After` says, if the invocation has that long.
//! - 5xx, timeouts, connection errors: retry with exponential backoff and full
//!   jitter, a bounded number of times, inside the invocation's time.
//! - other 4xx (`invalid_payload`, `no_service`, `channel_is_archived`…): no
//!   retry; an error that names the cause, so Lambda records a failure and the
//!   event goes to the dead-letter queue. A dead webhook never looks like success.
//!
//! The webhook URL is a secret: it is never logged or put into an error
//! message, only its redacted form.

use crate::alert::Severity;
use crate::tracked::MessageRef;
use reqwest::header::RETRY_AFTER;
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use thiserror::Error;
use tokio::time::Instant;

/// The test switch that lets Slack URLs point at loopback (local
/// stand-ins). Never set in production: there, only Slack's hosts are used.
pub const ALLOW_LOOPBACK: &str = "RESPONDBY_ALLOW_LOOPBACK";

/// Which hosts may stand for Slack. Production: Slack's own, over https
/// (`hooks.slack.com`, `slack.com`, and GovSlack's `slack-gov.com`).
/// Plain http to 127.0.0.1, `[::1]` or localhost only with
/// [`ALLOW_LOOPBACK`]`=1`, for tests and local stand-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hosts {
    pub loopback: bool,
}

impl Hosts {
    pub const PRODUCTION: Hosts = Hosts { loopback: false };
    pub const TESTING: Hosts = Hosts { loopback: true };

    /// Production unless the test switch is set to `1`/`true`.
    pub fn from_env() -> Hosts {
        Hosts {
            loopback: std::env::var(ALLOW_LOOPBACK).is_ok_and(|v| matches!(v.trim(), "1" | "true")),
        }
    }

    /// Checks a Slack URL: https to one of `slack_hosts`, or loopback http
    /// when allowed. The error never contains the URL.
    pub fn check(&self, url: &Url, slack_hosts: &[&str]) -> Result<(), String> {
        if !url.username().is_empty() || url.password().is_some() {
            return Err("it must not contain a user name or password".into());
        }
        let host = url.host_str().unwrap_or_default();
        let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
        let ok = match url.scheme() {
            "https" => slack_hosts.contains(&host),
            "http" => loopback && self.loopback,
            _ => false,
        };
        if ok {
            return Ok(());
        }
        let hint = if loopback && !self.loopback {
            format!(" (loopback is only accepted with the test switch {ALLOW_LOOPBACK}=1)")
        } else {
            String::new()
        };
        Err(format!(
            "only https://{}/... is accepted, got a {} URL for host {:?}{hint}",
            slack_hosts.first().copied().unwrap_or("slack.com"),
            url.scheme(),
            host
        ))
    }
}

/// A validated webhook URL. `Debug` and `Display` show only a redacted form.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl(Url);

/// Why a webhook URL was refused (the message never contains the URL itself).
#[derive(Debug, Error, PartialEq, Eq)]
#[error("Slack webhook URL refused: {0}")]
pub struct BadWebhookUrl(String);

impl WebhookUrl {
    /// Accepts `https://hooks.slack.com/...` (and Slack GovSlack's
    /// `hooks.slack-gov.com`); loopback only as `hosts` allows. Anything
    /// else is refused.
    pub fn parse(s: &str, hosts: Hosts) -> Result<WebhookUrl, BadWebhookUrl> {
        let url = Url::parse(s.trim()).map_err(|e| BadWebhookUrl(format!("not a URL ({e})")))?;
        hosts
            .check(&url, &["hooks.slack.com", "hooks.slack-gov.com"])
            .map_err(BadWebhookUrl)?;
        if url.scheme() == "https"
            && !url.path().starts_with("/services/")
            && !url.path().starts_with("/triggers/")
        {
            return Err(BadWebhookUrl(
                "a Slack webhook path starts with /services/ or /triggers/".into(),
            ));
        }
        Ok(WebhookUrl(url))
    }

    /// `https://hooks.slack.com/services/T0123ABC/…`: enough to tell which
    /// workspace, nothing that lets anyone post.
    pub fn redacted(&self) -> String {
        let mut segs = self.0.path_segments().into_iter().flatten();
        let first = segs.next().unwrap_or_default();
        let team = segs.next().unwrap_or_default();
        let host = self.0.host_str().unwrap_or_default();
        let port = self.0.port().map(|p| format!(":{p}")).unwrap_or_default();
        if self.0.scheme() == "https" {
            format!("{}://{host}{port}/{first}/{team}/…", self.0.scheme())
        } else {
            format!("{}://{host}{port}/…", self.0.scheme())
        }
    }

    pub fn as_url(&self) -> &Url {
        &self.0
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookUrl({})", self.redacted())
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Why a message was not delivered.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// Slack refused the message for good (4xx other than 429).
    #[error("Slack rejected the message: HTTP {status} {reason}{hint}")]
    Rejected {
        status: u16,
        reason: String,
        hint: &'static str,
    },
    /// Slack kept answering 429 for longer than this invocation has left.
    #[error("Slack rate-limited the message (HTTP 429, Retry-After {retry_after_secs}s) and the invocation has no time left to wait")]
    Throttled { retry_after_secs: u64 },
    /// 5xx, timeouts or connection failures on every attempt.
    #[error("Slack unreachable after {attempts} attempt(s): {last}")]
    Unavailable { attempts: u32, last: String },
}

impl DeliveryError {
    /// Worth retrying later (by Lambda's own retry of the event)?
    pub fn retryable(&self) -> bool {
        !matches!(self, DeliveryError::Rejected { .. })
    }
}

/// What to do about a reason Slack gave for refusing a message.
pub fn hint_for(reason: &str) -> &'static str {
    match reason {
        "no_service" | "no_active_hooks" | "invalid_token" => {
            " (the webhook was deleted or its app removed: create a new webhook and put it into the secret)"
        }
        "channel_is_archived" => " (the channel is archived: unarchive it or point a new webhook at a live channel)",
        "channel_not_found" => " (the channel is gone or the id is wrong: point the webhook or SLACK_CHANNEL at a live channel)",
        "action_prohibited" | "posting_to_general_channel_denied" => {
            " (the workspace does not allow this app to post to that channel)"
        }
        "invalid_payload" | "invalid_blocks" | "too_many_attachments" => {
            " (Slack could not accept the message body; this is a Respond By bug: please report it with the event)"
        }
        "team_disabled" => " (the Slack workspace is disabled)",
        "not_in_channel" => " (the app is not in that channel: /invite @Respond By there)",
        "invalid_auth" | "token_revoked" | "not_authed" | "account_inactive" => {
            " (the bot token is invalid or revoked: reinstall the app and put its new token into the secret)"
        }
        "message_not_found" | "cant_update_message" | "edit_window_closed" => {
            " (the message can no longer be updated)"
        }
        _ => "",
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Longest single request.
    pub request_timeout: Duration,
    /// Time kept back at the end of the invocation to report the result.
    pub safety_margin: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            safety_margin: Duration::from_millis(300),
        }
    }
}

impl RetryPolicy {
    /// Full-jitter exponential backoff before attempt `attempt + 1`.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.max_delay);
        let ms = exp.as_millis() as u64;
        Duration::from_millis(fastrand::u64(ms / 2..=ms.max(1)))
    }
}

/// Delivery record for a successful post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub attempts: u32,
    /// Where the message landed (app mode); webhooks do not say.
    pub at: Option<MessageRef>,
    /// Slack refused the full message and its short text-only form went out.
    pub fallback: bool,
}

/// Where a message goes: the channel for its severity, or a case's thread.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    pub severity: Severity,
    /// Reply in this message's thread (app mode; webhooks cannot thread and
    /// post a new message).
    pub thread: Option<&'a MessageRef>,
    /// The routed target (`CHANNEL_ROUTES`, [`crate::route`]): a channel id
    /// in app mode, a webhook secret's ARN or name in webhook mode. `None`:
    /// the default channel for the severity, or the one webhook.
    pub to: Option<&'a str>,
}

impl<'a> Route<'a> {
    pub fn new(severity: Severity) -> Route<'static> {
        Route {
            severity,
            thread: None,
            to: None,
        }
    }

    /// The same route, to a routed target.
    pub fn to(self, to: Option<&'a str>) -> Route<'a> {
        Route { to, ..self }
    }
}

/// Something that posts rendered messages: an incoming webhook, or the Web
/// API with a bot token.
pub trait Poster: Send + Sync {
    /// Posts a message.
    fn post<'a>(
        &'a self,
        body: &'a Value,
        route: Route<'a>,
        deadline: Instant,
    ) -> impl Future<Output = Result<Delivered, DeliveryError>> + Send + 'a;

    /// Replaces a message posted earlier. `Ok(false)` when this poster
    /// cannot (a webhook).
    fn update<'a>(
        &'a self,
        at: &'a MessageRef,
        body: &'a Value,
        deadline: Instant,
    ) -> impl Future<Output = Result<bool, DeliveryError>> + Send + 'a {
        let _ = (at, body, deadline);
        async { Ok(false) }
    }

    /// True when it can reply in threads and update messages in place.
    fn threads(&self) -> bool {
        false
    }
}

/// A credential re-read on demand (the secret again), when Slack says the
/// one in use is dead.
pub type Refresh<T> = std::sync::Arc<
    dyn Fn() -> Pin<Box<dyn Future<Output = Result<T, String>> + Send>> + Send + Sync,
>;

/// Reads a secret again, within the invocation's time: a hanging Secrets
/// Manager must not hold the invocation past its deadline.
pub(crate) async fn read_again<T>(refresh: &Refresh<T>, deadline: Instant) -> Result<T, String> {
    tokio::time::timeout_at(deadline, refresh())
        .await
        .unwrap_or_else(|_| Err("reading the secret again timed out".into()))
}

/// Posts to an incoming webhook with one shared HTTP client.
pub struct WebhookClient {
    http: reqwest::Client,
    url: std::sync::RwLock<WebhookUrl>,
    policy: RetryPolicy,
    refresh: Option<Refresh<WebhookUrl>>,
}

impl fmt::Debug for WebhookClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookClient")
            .field("url", &self.url())
            .field("policy", &self.policy)
            .field("refresh", &self.refresh.is_some())
            .finish()
    }
}

/// Builds the one HTTP client a process uses: rustls, a small pool.
///
/// Proxy policy: like curl, reqwest reads `HTTPS_PROXY`/`https_proxy`,
/// `ALL_PROXY` and `NO_PROXY` from the environment (for a VPC egress proxy).
/// Slack is only reached over https, so a proxy sees a `CONNECT` to Slack's
/// host and never the webhook path or a token; `HTTP_PROXY` applies to
/// plain-http loopback stand-ins only, which exist only with the test switch.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(concat!("respondby/", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(2)
        .connect_timeout(Duration::from_secs(3))
        .build()
        .expect("TLS backend is compiled in")
}

/// A 2xx answer after Slack's retry rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchanged {
    pub attempts: u32,
    pub body: String,
}

/// Sends one request with Slack's retry rules: 429 waits `Retry-After` if
/// the invocation has that long; 5xx, timeouts and connection errors back
/// off and retry, a bounded number of times, within `deadline`; any other
/// 4xx is a rejection naming Slack's reason. `target` is what logs may show
/// (never a secret).
pub async fn exchange(
    policy: &RetryPolicy,
    deadline: Instant,
    target: &str,
    build: impl Fn(Duration) -> reqwest::RequestBuilder,
) -> Result<Exchanged, DeliveryError> {
    let mut last = String::from("no attempt was made: the invocation had no time left");
    let mut attempts = 0;
    while attempts < policy.max_attempts {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .saturating_sub(policy.safety_margin);
        if left.is_zero() {
            break;
        }
        attempts += 1;
        let sent = build(left.min(policy.request_timeout)).send().await;
        let wait = match sent {
            Ok(resp) if resp.status().is_success() => {
                let body = resp.text().await.unwrap_or_default();
                return Ok(Exchanged { attempts, body });
            }
            Ok(resp) if resp.status() == StatusCode::TOO_MANY_REQUESTS => {
                let secs = resp
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                let wait = Duration::from_secs(secs);
                let left = deadline
                    .saturating_duration_since(Instant::now())
                    .saturating_sub(policy.safety_margin);
                if wait >= left {
                    tracing::warn!(
                        retry_after = secs,
                        "Slack rate limit outlasts this invocation"
                    );
                    return Err(DeliveryError::Throttled {
                        retry_after_secs: secs,
                    });
                }
                tracing::warn!(
                    attempt = attempts,
                    retry_after = secs,
                    "Slack rate limit, waiting"
                );
                last = format!("HTTP 429, Retry-After {secs}s");
                wait
            }
            Ok(resp) if resp.status().is_server_error() => {
                let status = resp.status().as_u16();
                let reason = short_body(resp).await;
                tracing::warn!(attempt = attempts, status, reason = %reason, "Slack server error, will retry");
                last = format!("HTTP {status} {reason}");
                policy.backoff(attempts - 1)
            }
            Ok(resp) => {
                let status = resp.status().as_u16();
                let reason = short_body(resp).await;
                let hint = hint_for(&reason);
                tracing::error!(status, reason = %reason, target, "Slack rejected the message");
                return Err(DeliveryError::Rejected {
                    status,
                    reason,
                    hint,
                });
            }
            Err(e) => {
                let kind = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "connection failed"
                } else {
                    "request failed"
                };
                // `without_url`: reqwest puts the URL into its errors.
                last = format!("{kind}: {}", e.without_url());
                tracing::warn!(attempt = attempts, error = %last, "Slack request failed, will retry");
                policy.backoff(attempts - 1)
            }
        };
        let left = deadline
            .saturating_duration_since(Instant::now())
            .saturating_sub(policy.safety_margin);
        if attempts >= policy.max_attempts || wait >= left {
            break;
        }
        tokio::time::sleep(wait).await;
    }
    Err(DeliveryError::Unavailable { attempts, last })
}

/// Slack's reasons for refusing a message *body* (not the webhook): a
/// minimal text-only message still gets the alert out.
pub fn body_refused(reason: &str) -> bool {
    matches!(
        reason,
        "invalid_blocks"
            | "invalid_blocks_format"
            | "msg_too_long"
            | "msg_blocks_too_long"
            | "invalid_payload"
            | "invalid_attachments"
            | "too_many_attachments"
            | "no_text"
    )
}

/// The minimal message for a body Slack refused: the top-level text (title,
/// account, deadline, and the configured mentions) and the first console
/// link, as plain text.
pub fn fallback_body(body: &Value) -> Value {
    let text = body["text"]
        .as_str()
        .unwrap_or("Respond By alert (see the logs)");
    let link = body["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "actions")
        .flat_map(|b| b["elements"].as_array().into_iter().flatten())
        .find_map(|e| e["url"].as_str().filter(|u| u.starts_with("https://")));
    // Both languages: the body's own language is not known here.
    let note = crate::i18n::ui::FALLBACK_NOTE;
    let mut t = format!("{text}\n{}\n{}", note.en, note.ja);
    if let Some(u) = link {
        // Our own link, percent-encoded by the sources; escaped anyway, as
        // a second line of defence, so it cannot become a link or a line.
        t.push('\n');
        t.push_str(&super::escape::text(&super::escape::one_line(u)));
    }
    let mut out = serde_json::Map::new();
    out.insert(
        "text".into(),
        super::escape::fit(t, super::render::limits::TOP_LEVEL_TEXT).into(),
    );
    out.insert("unfurl_links".into(), false.into());
    out.insert("unfurl_media".into(), false.into());
    Value::Object(out)
}

impl WebhookClient {
    pub fn new(http: reqwest::Client, url: WebhookUrl, policy: RetryPolicy) -> WebhookClient {
        WebhookClient {
            http,
            url: std::sync::RwLock::new(url),
            policy,
            refresh: None,
        }
    }

    /// Re-reads the webhook (from its secret) when Slack says it is gone.
    pub fn with_refresh(mut self, refresh: Refresh<WebhookUrl>) -> WebhookClient {
        self.refresh = Some(refresh);
        self
    }

    pub fn url(&self) -> WebhookUrl {
        self.url.read().expect("not poisoned").clone()
    }

    async fn send(&self, body: &Value, deadline: Instant) -> Result<Exchanged, DeliveryError> {
        let bytes = serde_json::to_vec(body).expect("a JSON value always serialises");
        let url = self.url();
        exchange(&self.policy, deadline, &url.redacted(), |timeout| {
            self.http
                .post(url.as_url().clone())
                .header("content-type", "application/json")
                .body(bytes.clone())
                .timeout(timeout)
        })
        .await
    }

    /// A webhook deleted or rotated (403/404): if its secret now holds
    /// another one, use that and try once more.
    async fn healed(&self, deadline: Instant) -> bool {
        let Some(refresh) = &self.refresh else {
            return false;
        };
        let current = self.url();
        match read_again(refresh, deadline).await {
            Ok(fresh) if fresh != current => {
                tracing::warn!(old = %current, new = %fresh, "Slack says the webhook is gone; its secret holds a new one, retrying with it");
                *self.url.write().expect("not poisoned") = fresh;
                true
            }
            Ok(_) => {
                tracing::error!(webhook = %current, "Slack says the webhook is gone, and its secret still holds it: put the new webhook into the secret");
                false
            }
            Err(e) => {
                tracing::error!(error = %e, "Slack says the webhook is gone, and its secret could not be read again");
                false
            }
        }
    }
}

impl Poster for WebhookClient {
    async fn post(
        &self,
        body: &Value,
        _route: Route<'_>,
        deadline: Instant,
    ) -> Result<Delivered, DeliveryError> {
        let mut sent = self.send(body, deadline).await;
        if let Err(DeliveryError::Rejected {
            status: 403 | 404, ..
        }) = &sent
        {
            if self.healed(deadline).await {
                sent = self.send(body, deadline).await;
            }
        }
        match sent {
            Ok(x) => {
                tracing::info!(attempts = x.attempts, webhook = %self.url(), "delivered to Slack");
                Ok(Delivered {
                    attempts: x.attempts,
                    at: None,
                    fallback: false,
                })
            }
            Err(DeliveryError::Rejected {
                status: 400,
                reason,
                ..
            }) if body_refused(&reason) => {
                tracing::error!(reason = %reason, "Slack refused the message body; posting its short text-only form instead (please report this with the event)");
                let x = self.send(&fallback_body(body), deadline).await?;
                Ok(Delivered {
                    attempts: x.attempts + 1,
                    at: None,
                    fallback: true,
                })
            }
            Err(e) => Err(e),
        }
    }
}

/// Slack's error bodies are short words (`no_service`); keep at most 200
/// characters of whatever came back, on one line.
async fn short_body(resp: reqwest::Response) -> String {
    let text = resp.text().await.unwrap_or_default();
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    let t = one_line.trim();
    if t.is_empty() {
        "(empty body)".to_owned()
    } else {
        t.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_accepts_only_slacks_hosts_and_loopback_needs_the_test_switch() {
        let prod = Hosts::PRODUCTION;
        assert!(WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXX", prod).is_ok());
        assert!(WebhookUrl::parse("https://hooks.slack-gov.com/services/T/B/X", prod).is_ok());
        for local in [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://[::1]:1/h",
        ] {
            let err = WebhookUrl::parse(local, prod).unwrap_err();
            assert!(err.to_string().contains(ALLOW_LOOPBACK), "{err}");
            assert!(WebhookUrl::parse(local, Hosts::TESTING).is_ok(), "{local}");
        }
        // The switch never opens anything but loopback.
        assert!(WebhookUrl::parse("http://10.0.0.1/hook", Hosts::TESTING).is_err());
        assert!(WebhookUrl::parse("https://evil.example/services/T/B/X", Hosts::TESTING).is_err());
        for bad in [
            "http://hooks.slack.com/services/T/B/X",
            "https://hooks.slack.com.evil.example/services/T/B/X",
            "https://evil.example/services/T/B/X",
            "https://user:pw@hooks.slack.com/services/T/B/X",
            "https://hooks.slack.com/api/chat.postMessage",
            "ftp://127.0.0.1/x",
            "not a url",
            "",
        ] {
            assert!(WebhookUrl::parse(bad, Hosts::TESTING).is_err(), "{bad}");
        }
    }

    #[test]
    fn redacted_form_hides_the_token() {
        let u = WebhookUrl::parse(
            "https://hooks.slack.com/services/T0123/B0456/SeCrEt",
            Hosts::PRODUCTION,
        )
        .unwrap();
        assert_eq!(u.redacted(), "https://hooks.slack.com/services/T0123/…");
        assert!(!format!("{u:?} {u}").contains("SeCrEt"));
        assert!(!format!("{u:?}").contains("B0456"));
    }

    #[test]
    fn a_refused_url_is_not_echoed_in_the_error() {
        let err = WebhookUrl::parse(
            "https://evil.example/services/T/B/SeCrEt",
            Hosts::PRODUCTION,
        )
        .unwrap_err();
        assert!(!err.to_string().contains("SeCrEt"), "{err}");
    }

    #[test]
    fn rejections_are_permanent_the_rest_retryable() {
        assert!(!DeliveryError::Rejected {
            status: 404,
            reason: "no_service".into(),
            hint: ""
        }
        .retryable());
        assert!(DeliveryError::Throttled {
            retry_after_secs: 30
        }
        .retryable());
        assert!(DeliveryError::Unavailable {
            attempts: 5,
            last: "x".into()
        }
        .retryable());
    }

    #[test]
    fn dead_webhook_error_names_the_cause() {
        let e = DeliveryError::Rejected {
            status: 404,
            reason: "no_service".into(),
            hint: hint_for("no_service"),
        };
        let msg = e.to_string();
        assert!(
            msg.contains("404") && msg.contains("no_service") && msg.contains("deleted"),
            "{msg}"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 0..20 {
            assert!(p.backoff(attempt) <= p.max_delay);
        }
        assert!(p.backoff(0) <= p.base_delay);
    }
}
