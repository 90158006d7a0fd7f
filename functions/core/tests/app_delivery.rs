//! App mode's `AppClient` against the testkit's Slack Web API stand-in:
//! channels per severity, threads, updates in place, Web API errors named,
//! 429s waited out, a revoked token healed from its secret, a refused body
//! sent as text.

use respondby_core::slack::api::{api_base, AppClient, BotToken, Channels};
use respondby_core::slack::deliver::{http_client, Hosts, Refresh};
use respondby_core::slack::{DeliveryError, Poster, RetryPolicy, Route};
use respondby_core::tracked::MessageRef;
use respondby_core::Severity;
use respondby_testkit::{ApiReply, SlackApiStub};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;

const TOKEN: &str = "xoxb-111-222-respondbytesttoken";

fn fast() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        safety_margin: Duration::from_millis(100),
    }
}

async fn slack() -> SlackApiStub {
    let s = SlackApiStub::start().await;
    s.accept_token(TOKEN);
    s.add_channel("C0ALERTS", true);
    s.add_channel("C0PAGER", true);
    s.add_channel("C0OUTSIDE", false);
    s
}

fn client(s: &SlackApiStub, token: &str) -> AppClient {
    let mut ch = Channels::one("C0ALERTS");
    ch.set(Severity::Critical, "C0PAGER");
    AppClient::new(
        http_client(),
        api_base(&s.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse(token).unwrap(),
        ch,
        fast(),
    )
}

fn body(text: &str) -> Value {
    json!({"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]})
}

fn soon() -> Instant {
    Instant::now() + Duration::from_secs(10)
}

#[tokio::test]
async fn an_alert_goes_to_its_severitys_channel_and_says_where_it_landed() {
    let s = slack().await;
    let c = client(&s, TOKEN);
    let crit = c
        .post(&body("crit"), Route::new(Severity::Critical), soon())
        .await
        .unwrap();
    let low = c
        .post(&body("low"), Route::new(Severity::Low), soon())
        .await
        .unwrap();
    let (crit, low) = (crit.at.unwrap(), low.at.unwrap());
    assert_eq!(crit.channel, "C0PAGER");
    assert_eq!(low.channel, "C0ALERTS");
    assert_eq!(s.message("C0PAGER", &crit.ts).unwrap().text, "crit");
    // The token travels as a bearer header, never in the body.
    let r = &s.requests_to("chat.postMessage")[0];
    assert_eq!(
        respondby_testkit::authorization_of(r),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(!r.body.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_follow_up_goes_into_the_thread_and_the_parent_is_updated_in_place() {
    let s = slack().await;
    let c = client(&s, TOKEN);
    assert!(c.threads());
    let parent = c
        .post(&body("alert"), Route::new(Severity::High), soon())
        .await
        .unwrap()
        .at
        .unwrap();
    let reply = Route {
        severity: Severity::High,
        thread: Some(&parent),
        to: None,
    };
    c.post(&body("an update"), reply, soon()).await.unwrap();
    assert!(c
        .update(&parent, &body("alert, acknowledged"), soon())
        .await
        .unwrap());
    assert_eq!(s.messages("C0ALERTS").len(), 1);
    let replies = s.replies("C0ALERTS", &parent.ts);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].text, "an update");
    assert_eq!(
        s.message("C0ALERTS", &parent.ts).unwrap().text,
        "alert, acknowledged"
    );
}

#[tokio::test]
async fn web_api_errors_are_named_with_what_to_do_and_not_retried() {
    let s = slack().await;
    let mut ch = Channels::one("C0GONE");
    ch.set(Severity::High, "C0OUTSIDE");
    let c = AppClient::new(
        http_client(),
        api_base(&s.base_url(), Hosts::TESTING).unwrap(),
        BotToken::parse(TOKEN).unwrap(),
        ch,
        fast(),
    );
    for (sev, reason, hint) in [
        (Severity::Low, "channel_not_found", "channel"),
        (Severity::High, "not_in_channel", "/invite"),
    ] {
        let err = c
            .post(&body("x"), Route::new(sev), soon())
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(&err, DeliveryError::Rejected { reason: r, .. } if r == reason),
            "{msg}"
        );
        assert!(msg.contains(hint), "{msg}");
        assert!(!err.retryable());
    }
    let gone = MessageRef {
        channel: "C0ALERTS".into(),
        ts: "1.000001".into(),
    };
    let err = client(&s, TOKEN)
        .update(&gone, &body("x"), soon())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("message_not_found"), "{err}");
    assert_eq!(s.requests().len(), 3, "no retries");
}

/// Slack's own trouble, said with HTTP 200 (`internal_error`,
/// `fatal_error`, `service_unavailable`, `request_timeout`): worth retrying,
/// not a refusal for the dead-letter queue.
#[tokio::test]
async fn slacks_own_trouble_is_retryable_not_a_refusal() {
    let s = slack().await;
    for reason in [
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
    ] {
        s.script("chat.postMessage", vec![ApiReply::Error(reason)]);
        let err = client(&s, TOKEN)
            .post(&body("x"), Route::new(Severity::Low), soon())
            .await
            .unwrap_err();
        assert!(err.retryable(), "{reason}: {err}");
        assert!(err.to_string().contains(reason), "{err}");
    }
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_posts_once() {
    let s = slack().await;
    s.script(
        "chat.postMessage",
        vec![ApiReply::RateLimited(1), ApiReply::Status(503)],
    );
    let started = Instant::now();
    let d = client(&s, TOKEN)
        .post(&body("x"), Route::new(Severity::High), soon())
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(d.attempts, 3);
    assert_eq!(s.messages("C0ALERTS").len(), 1);
}

#[tokio::test]
async fn a_revoked_token_heals_itself_from_its_secret() {
    let s = slack().await;
    s.accept_token("xoxb-333-444-rotatedtokenvalue");
    s.revoke_token(TOKEN);
    let refresh: Refresh<BotToken> = std::sync::Arc::new(|| {
        Box::pin(async { BotToken::parse("xoxb-333-444-rotatedtokenvalue") })
    });
    let c = client(&s, TOKEN).with_refresh(refresh);
    let d = c.post(&body("x"), Route::new(Severity::High), soon()).await;
    assert!(d.is_ok(), "{d:?}");
    assert_eq!(s.messages("C0ALERTS").len(), 1);
    // Without a new token in the secret, it fails naming what to do.
    let s2 = slack().await;
    s2.revoke_token(TOKEN);
    let err = client(&s2, TOKEN)
        .post(&body("x"), Route::new(Severity::High), soon())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("token_revoked") && err.to_string().contains("reinstall"),
        "{err}"
    );
}

#[tokio::test]
async fn a_body_slack_refuses_is_sent_as_its_short_text() {
    let s = slack().await;
    s.script("chat.postMessage", vec![ApiReply::Error("invalid_blocks")]);
    let full = json!({
        "text": "[CRITICAL] AWS Health: AWS abuse report (account 111122223333)",
        "blocks": [{"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Open"}, "url": "https://health.aws.amazon.com/health/home#/x"}]}]
    });
    let d = client(&s, TOKEN)
        .post(&full, Route::new(Severity::Critical), soon())
        .await
        .unwrap();
    assert!(d.fallback);
    let m = &s.messages("C0PAGER")[0];
    assert!(
        m.text.contains("111122223333")
            && m.text
                .contains("https://health.aws.amazon.com/health/home#/x"),
        "{}",
        m.text
    );
    assert!(m.blocks.is_empty());
}
