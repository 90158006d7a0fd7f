//! App mode: posting with the Slack Web API and a bot token (`chat:write`),
//! so each alert's message can be updated in place (`chat.update`) and
//! follow-ups go into its thread (`thread_ts`).
//!
//! The Web API answers errors with HTTP 200 and `{"ok": false, "error": …}`
//! (and 429 with `Retry-After` for rate limits); the same retry rules as the
//! webhook apply. A revoked or rotated token heals itself from its secret
//! once; a body Slack refuses is re-sent as its short text-only form.

use super::deliver::{
    body_refused, exchange, fallback_body, hint_for, read_again, Delivered, DeliveryError, Hosts,
    Poster, Refresh, RetryPolicy, Route,
};
use crate::alert::Severity;
use crate::tracked::MessageRef;
use reqwest::Url;
use serde_json::{Map, Value};
use std::fmt;
use tokio::time::Instant;

/// A bot token (`xoxb-…`). `Debug` and `Display` show only its kind.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl BotToken {
    /// Checks the shape of a bot token (never echoing it).
    pub fn parse(s: &str) -> Result<BotToken, String> {
        let s = s.trim();
        if s.starts_with("xoxb-") && s.len() > 10 && !s.contains(char::is_whitespace) {
            Ok(BotToken(s.to_owned()))
        } else {
            Err("a bot token starts with xoxb- (Slack app → OAuth & Permissions → Bot User OAuth Token)".into())
        }
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotToken(xoxb-…)")
    }
}

/// Slack's Web API base URL: `https://slack.com/api/` (GovSlack:
/// `https://slack-gov.com/api/`), or a loopback stand-in with the test switch.
pub fn api_base(s: &str, hosts: Hosts) -> Result<Url, String> {
    let mut url = Url::parse(s.trim()).map_err(|e| format!("not a URL ({e})"))?;
    hosts.check(&url, &["slack.com", "slack-gov.com"])?;
    if !url.path().ends_with('/') {
        let p = format!("{}/", url.path());
        url.set_path(&p);
    }
    Ok(url)
}

/// Which channel each severity goes to (one channel unless ops split them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channels {
    by_severity: [String; 5],
}

impl Channels {
    pub fn one(channel: &str) -> Channels {
        Channels {
            by_severity: std::array::from_fn(|_| channel.to_owned()),
        }
    }

    pub fn set(&mut self, severity: Severity, channel: &str) {
        self.by_severity[severity as usize] = channel.to_owned();
    }

    pub fn for_severity(&self, severity: Severity) -> &str {
        &self.by_severity[severity as usize]
    }
}

/// Posts with the Web API.
pub struct AppClient {
    http: reqwest::Client,
    base: Url,
    token: std::sync::RwLock<BotToken>,
    channels: Channels,
    policy: RetryPolicy,
    refresh: Option<Refresh<BotToken>>,
}

impl fmt::Debug for AppClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppClient")
            .field("base", &self.base.as_str())
            .field("channels", &self.channels)
            .finish()
    }
}

/// Errors that mean the token is dead (reinstalled app, revoked, rotated).
fn token_dead(reason: &str) -> bool {
    matches!(
        reason,
        "invalid_auth" | "token_revoked" | "not_authed" | "account_inactive" | "token_expired"
    )
}

impl AppClient {
    pub fn new(
        http: reqwest::Client,
        base: Url,
        token: BotToken,
        channels: Channels,
        policy: RetryPolicy,
    ) -> AppClient {
        AppClient {
            http,
            base,
            token: std::sync::RwLock::new(token),
            channels,
            policy,
            refresh: None,
        }
    }

    /// Re-reads the token (from its secret) when Slack says it is dead.
    pub fn with_refresh(mut self, refresh: Refresh<BotToken>) -> AppClient {
        self.refresh = Some(refresh);
        self
    }

    fn token(&self) -> BotToken {
        self.token.read().expect("not poisoned").clone()
    }

    /// One Web API call with the retry rules; `Ok` is the `ok: true` answer.
    async fn call_once(
        &self,
        method: &str,
        payload: &Value,
        deadline: Instant,
    ) -> Result<(u32, Value), DeliveryError> {
        let url = self.base.join(method).expect("a method name joins");
        let bytes = serde_json::to_vec(payload).expect("a JSON value serialises");
        let bearer = self.token().bearer();
        let x = exchange(&self.policy, deadline, method, |timeout| {
            self.http
                .post(url.clone())
                .header("content-type", "application/json; charset=utf-8")
                .header("authorization", &bearer)
                .body(bytes.clone())
                .timeout(timeout)
        })
        .await?;
        let v: Value = serde_json::from_str(&x.body).unwrap_or(Value::Null);
        if v["ok"] == true {
            return Ok((x.attempts, v));
        }
        let Some(reason) = v["error"].as_str().map(str::to_owned) else {
            // A 2xx whose answer could not be read: not a refusal; the event
            // is retried (a duplicate is better than a lost alert).
            return Err(DeliveryError::Unavailable {
                attempts: x.attempts,
                last: "HTTP 200 with an answer that is not Slack's JSON".into(),
            });
        };
        if slack_trouble(&reason) {
            tracing::warn!(method, reason = %reason, "Slack had trouble of its own; the event is retried");
            return Err(DeliveryError::Unavailable {
                attempts: x.attempts,
                last: format!("HTTP 200 {reason}"),
            });
        }
        tracing::error!(method, reason = %reason, "Slack refused the call");
        Err(DeliveryError::Rejected {
            status: 200,
            hint: hint_for(&reason),
            reason,
        })
    }

    /// A call, healed once if the token died, re-sent as text if Slack
    /// refused the body. Returns the answer and whether the short form went.
    async fn call(
        &self,
        method: &str,
        payload: Value,
        deadline: Instant,
    ) -> Result<(u32, Value, bool), DeliveryError> {
        let mut sent = self.call_once(method, &payload, deadline).await;
        if let Err(DeliveryError::Rejected { reason, .. }) = &sent {
            if token_dead(reason) && self.healed(deadline).await {
                sent = self.call_once(method, &payload, deadline).await;
            }
        }
        match sent {
            Ok((n, v)) => Ok((n, v, false)),
            Err(DeliveryError::Rejected { reason, .. }) if body_refused(&reason) => {
                tracing::error!(reason = %reason, method, "Slack refused the message body; sending its short text-only form instead (please report this with the event)");
                let mut short = fallback_body(&payload);
                for k in ["channel", "ts", "thread_ts"] {
                    if let Some(v) = payload.get(k) {
                        short[k] = v.clone();
                    }
                }
                if method == "chat.update" {
                    // Text without blocks would keep the old blocks; clear them.
                    short["blocks"] = Value::Array(Vec::new());
                }
                let (n, v) = self.call_once(method, &short, deadline).await?;
                Ok((n + 1, v, true))
            }
            Err(e) => Err(e),
        }
    }

    /// `views.publish`: `view` becomes `user_id`'s Home tab of the app.
    /// A dead token is healed once, as for messages.
    pub async fn publish_view(
        &self,
        user_id: &str,
        view: &Value,
        deadline: Instant,
    ) -> Result<(), DeliveryError> {
        let payload = serde_json::json!({"user_id": user_id, "view": view});
        let mut sent = self.call_once("views.publish", &payload, deadline).await;
        if let Err(DeliveryError::Rejected { reason, .. }) = &sent {
            if token_dead(reason) && self.healed(deadline).await {
                sent = self.call_once("views.publish", &payload, deadline).await;
            }
        }
        sent.map(|_| ())
    }

    async fn healed(&self, deadline: Instant) -> bool {
        let Some(refresh) = &self.refresh else {
            return false;
        };
        let current = self.token();
        match read_again(refresh, deadline).await {
            Ok(fresh) if fresh != current => {
                tracing::warn!("Slack says the bot token is dead; its secret holds a new one, retrying with it");
                *self.token.write().expect("not poisoned") = fresh;
                true
            }
            Ok(_) => {
                tracing::error!("Slack says the bot token is dead, and its secret still holds it: reinstall the app and put the new token into the secret");
                false
            }
            Err(e) => {
                tracing::error!(error = %e, "the bot token's secret could not be read again");
                false
            }
        }
    }
}

fn with(body: &Value, extra: &[(&str, Value)]) -> Value {
    let mut m: Map<String, Value> = body.as_object().cloned().unwrap_or_default();
    for (k, v) in extra {
        m.insert((*k).to_owned(), v.clone());
    }
    Value::Object(m)
}

impl Poster for AppClient {
    async fn post(
        &self,
        body: &Value,
        route: Route<'_>,
        deadline: Instant,
    ) -> Result<Delivered, DeliveryError> {
        let payload = match route.thread {
            Some(parent) => with(
                body,
                &[
                    ("channel", parent.channel.clone().into()),
                    ("thread_ts", parent.ts.clone().into()),
                ],
            ),
            None => with(
                body,
                &[(
                    "channel",
                    route
                        .to
                        .unwrap_or_else(|| self.channels.for_severity(route.severity))
                        .to_owned()
                        .into(),
                )],
            ),
        };
        let (attempts, v, fallback) = self.call("chat.postMessage", payload, deadline).await?;
        let at = match (v["channel"].as_str(), v["ts"].as_str()) {
            (Some(c), Some(ts)) => Some(MessageRef {
                channel: c.to_owned(),
                ts: ts.to_owned(),
            }),
            _ => None,
        };
        tracing::info!(attempts, channel = ?at.as_ref().map(|m| &m.channel), "posted to Slack");
        Ok(Delivered {
            attempts,
            at,
            fallback,
        })
    }

    async fn update(
        &self,
        at: &MessageRef,
        body: &Value,
        deadline: Instant,
    ) -> Result<bool, DeliveryError> {
        let payload = with(
            body,
            &[
                ("channel", at.channel.clone().into()),
                ("ts", at.ts.clone().into()),
            ],
        );
        self.call("chat.update", payload, deadline).await?;
        Ok(true)
    }

    fn threads(&self) -> bool {
        true
    }
}

/// Web API errors that are Slack's own trouble, not a refusal of the call
/// (the "Errors" of chat.postMessage and chat.update).
fn slack_trouble(reason: &str) -> bool {
    matches!(
        reason,
        "internal_error"
            | "fatal_error"
            | "service_unavailable"
            | "request_timeout"
            | "ratelimited"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_and_never_shown() {
        let t = BotToken::parse(" xoxb-123-456-SeCrEt\n").unwrap();
        assert_eq!(format!("{t:?}"), "BotToken(xoxb-…)");
        for bad in [
            "",
            "xoxp-123-456-user",
            "https://hooks.slack.com/x",
            "xoxb- 1 2",
        ] {
            let err = BotToken::parse(bad).unwrap_err();
            assert!(!err.contains("SeCrEt"));
        }
    }

    #[test]
    fn the_api_is_slacks_or_loopback_with_the_test_switch() {
        assert_eq!(
            api_base("https://slack.com/api", Hosts::PRODUCTION)
                .unwrap()
                .as_str(),
            "https://slack.com/api/"
        );
        assert!(api_base("https://slack-gov.com/api/", Hosts::PRODUCTION).is_ok());
        assert!(api_base("https://evil.example/api/", Hosts::TESTING).is_err());
        assert!(api_base("http://127.0.0.1:9/api/", Hosts::PRODUCTION).is_err());
        assert!(api_base("http://127.0.0.1:9/api/", Hosts::TESTING).is_ok());
    }

    #[test]
    fn channels_default_to_one_and_split_by_severity() {
        let mut c = Channels::one("C0ALERTS");
        c.set(Severity::Critical, "C0PAGER");
        assert_eq!(c.for_severity(Severity::Critical), "C0PAGER");
        assert_eq!(c.for_severity(Severity::Low), "C0ALERTS");
    }
}
