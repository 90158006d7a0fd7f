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

use reqwest::header::RETRY_AFTER;
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::fmt;
use std::future::Future;
use std::time::Duration;
use thiserror::Error;
use tokio::time::Instant;

/// A validated webhook URL. `Debug` and `Display` show only a redacted form.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl(Url);

/// Why a webhook URL was refused (the message never contains the URL itself).
#[derive(Debug, Error, PartialEq, Eq)]
#[error("Slack webhook URL refused: {0}")]
pub struct BadWebhookUrl(String);

impl WebhookUrl {
    /// Accepts `https://hooks.slack.com/...` (and Slack GovSlack's
    /// `hooks.slack-gov.com`), and plain `http` to 127.0.0.1, `[::1]` or
    /// localhost for local testing. Anything else is refused.
    pub fn parse(s: &str) -> Result<WebhookUrl, BadWebhookUrl> {
        let url = Url::parse(s.trim()).map_err(|e| BadWebhookUrl(format!("not a URL ({e})")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BadWebhookUrl(
                "it must not contain a user name or password".into(),
            ));
        }
        let host = url.host_str().unwrap_or_default();
        let ok = match url.scheme() {
            "https" => matches!(host, "hooks.slack.com" | "hooks.slack-gov.com"),
            "http" => matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
            _ => false,
        };
        if !ok {
            return Err(BadWebhookUrl(format!(
                "only https://hooks.slack.com/... is accepted (or http://127.0.0.1 for tests), got a {} URL for host {:?}",
                url.scheme(),
                host
            )));
        }
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

fn hint_for(reason: &str) -> &'static str {
    match reason {
        "no_service" | "no_active_hooks" | "invalid_token" => {
            " (the webhook was deleted or its app removed: create a new webhook and put it into the secret)"
        }
        "channel_is_archived" => " (the channel is archived: unarchive it or point a new webhook at a live channel)",
        "channel_not_found" => " (the channel is gone: create a new webhook for a live channel)",
        "action_prohibited" | "posting_to_general_channel_denied" => {
            " (the workspace does not allow this app to post to that channel)"
        }
        "invalid_payload" | "invalid_blocks" | "too_many_attachments" => {
            " (Slack could not accept the message body; this is a Respond By bug: please report it with the event)"
        }
        "team_disabled" => " (the Slack workspace is disabled)",
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub attempts: u32,
}

/// Something that posts a rendered message (a webhook; later a bot token).
pub trait Poster: Send + Sync {
    fn post<'a>(
        &'a self,
        body: &'a Value,
        deadline: Instant,
    ) -> impl Future<Output = Result<Delivered, DeliveryError>> + Send + 'a;
}

/// Posts to an incoming webhook with one shared HTTP client.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    url: WebhookUrl,
    policy: RetryPolicy,
}

/// Builds the one HTTP client a process uses (rustls, no proxies read from
/// the environment, small pool).
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(concat!("respondby/", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(2)
        .connect_timeout(Duration::from_secs(3))
        .build()
        .expect("TLS backend is compiled in")
}

impl WebhookClient {
    pub fn new(http: reqwest::Client, url: WebhookUrl, policy: RetryPolicy) -> WebhookClient {
        WebhookClient { http, url, policy }
    }

    pub fn url(&self) -> &WebhookUrl {
        &self.url
    }
}

impl Poster for WebhookClient {
    async fn post(&self, body: &Value, deadline: Instant) -> Result<Delivered, DeliveryError> {
        let bytes = serde_json::to_vec(body).expect("a JSON value always serialises");
        let mut last = String::from("no attempt was made: the invocation had no time left");
        let mut attempts = 0;
        while attempts < self.policy.max_attempts {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .saturating_sub(self.policy.safety_margin);
            if left.is_zero() {
                break;
            }
            attempts += 1;
            let sent = self
                .http
                .post(self.url.as_url().clone())
                .header("content-type", "application/json")
                .body(bytes.clone())
                .timeout(left.min(self.policy.request_timeout))
                .send()
                .await;
            let wait = match sent {
                Ok(resp) if resp.status().is_success() => {
                    tracing::info!(attempts, webhook = %self.url, "delivered to Slack");
                    return Ok(Delivered { attempts });
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
                        .saturating_sub(self.policy.safety_margin);
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
                    self.policy.backoff(attempts - 1)
                }
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let reason = short_body(resp).await;
                    let hint = hint_for(&reason);
                    tracing::error!(status, reason = %reason, webhook = %self.url, "Slack rejected the message");
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
                    self.policy.backoff(attempts - 1)
                }
            };
            let left = deadline
                .saturating_duration_since(Instant::now())
                .saturating_sub(self.policy.safety_margin);
            if attempts >= self.policy.max_attempts || wait >= left {
                break;
            }
            tokio::time::sleep(wait).await;
        }
        Err(DeliveryError::Unavailable { attempts, last })
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
    fn only_slack_and_loopback_webhooks_are_accepted() {
        assert!(WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXX").is_ok());
        assert!(WebhookUrl::parse("http://127.0.0.1:8080/hook").is_ok());
        assert!(WebhookUrl::parse("http://localhost/hook").is_ok());
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
            assert!(WebhookUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redacted_form_hides_the_token() {
        let u = WebhookUrl::parse("https://hooks.slack.com/services/T0123/B0456/SeCrEt").unwrap();
        assert_eq!(u.redacted(), "https://hooks.slack.com/services/T0123/…");
        assert!(!format!("{u:?} {u}").contains("SeCrEt"));
        assert!(!format!("{u:?}").contains("B0456"));
    }

    #[test]
    fn a_refused_url_is_not_echoed_in_the_error() {
        let err = WebhookUrl::parse("https://evil.example/services/T/B/SeCrEt").unwrap_err();
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
