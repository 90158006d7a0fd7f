//! `WebhookClient` against a real (local) HTTP server playing Slack.

use respondby_core::slack::deliver::{http_client, Delivered, Hosts};
use respondby_core::slack::{DeliveryError, Poster, RetryPolicy, Route, WebhookClient, WebhookUrl};
use respondby_core::Severity;
use respondby_testkit::{Reply, SlackStub, WEBHOOK_TOKEN};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::time::Instant;

/// Short delays so retries take milliseconds.
fn fast_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        request_timeout: Duration::from_secs(5),
        safety_margin: Duration::from_millis(100),
    }
}

fn client(url: &str) -> WebhookClient {
    WebhookClient::new(
        http_client(),
        WebhookUrl::parse(url, Hosts::TESTING).unwrap(),
        fast_policy(),
    )
}

fn message() -> Value {
    json!({"text": "EC2 operational issue in us-east-1"})
}

fn in_secs(s: u64) -> Instant {
    Instant::now() + Duration::from_secs(s)
}

async fn post_to(script: Vec<Reply>) -> (SlackStub, Result<Delivered, DeliveryError>) {
    let slack = SlackStub::start(script).await;
    let result = client(&slack.url())
        .post(&message(), Route::new(Severity::High), in_secs(10))
        .await;
    (slack, result)
}

#[tokio::test]
async fn a_200_is_delivered_with_one_request() {
    let (slack, result) = post_to(vec![Reply::Ok]).await;
    assert_eq!(
        result,
        Ok(Delivered {
            attempts: 1,
            at: None,
            fallback: false
        })
    );
    assert_eq!(slack.delivered(), vec![message()]);
    let reqs = slack.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_429_waits_for_retry_after_then_delivers() {
    let slack = SlackStub::start(vec![Reply::RetryAfter(1)]).await;
    let started = Instant::now();
    let result = client(&slack.url())
        .post(&message(), Route::new(Severity::High), in_secs(10))
        .await;
    let took = started.elapsed();
    assert_eq!(
        result,
        Ok(Delivered {
            attempts: 2,
            at: None,
            fallback: false
        })
    );
    assert!(took >= Duration::from_secs(1), "retried after {took:?}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let reqs = slack.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].at.duration_since(reqs[0].at) >= Duration::from_secs(1));
    assert_eq!(slack.delivered(), vec![message()]);
}

#[tokio::test]
async fn server_errors_are_retried_and_the_message_delivered_once() {
    let (slack, result) = post_to(vec![
        Reply::Status(500, "internal_error"),
        Reply::Status(500, "internal_error"),
        Reply::Ok,
    ])
    .await;
    assert_eq!(
        result,
        Ok(Delivered {
            attempts: 3,
            at: None,
            fallback: false
        })
    );
    assert_eq!(slack.requests().len(), 3);
    assert_eq!(slack.delivered(), vec![message()]);
}

async fn assert_rejected_without_retry(status: u16, reason: &'static str) {
    let (slack, result) = post_to(vec![Reply::Status(status, reason)]).await;
    let err = result.unwrap_err();
    match &err {
        DeliveryError::Rejected {
            status: s,
            reason: r,
            ..
        } => assert_eq!((*s, r.as_str()), (status, reason)),
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert!(!err.retryable());
    let msg = err.to_string();
    assert!(
        msg.contains(reason) && msg.contains(&status.to_string()),
        "{msg}"
    );
    assert_eq!(slack.requests().len(), 1, "a rejection must not be retried");
    assert!(slack.delivered().is_empty());
}

#[tokio::test]
async fn a_deleted_webhook_is_rejected_naming_no_service_without_retry() {
    assert_rejected_without_retry(404, "no_service").await;
}

#[tokio::test]
async fn a_forbidden_action_is_rejected_without_retry() {
    assert_rejected_without_retry(403, "action_prohibited").await;
}

fn alert_body() -> Value {
    json!({
        "text": "[CRITICAL] AWS Health: AWS abuse report (account 111122223333) — reply to aws by 2026-06-25 09:14 UTC (23h left)",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "CRITICAL · AWS abuse report"}},
            {"type": "actions", "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Open in AWS Health"},
                 "url": "https://health.aws.amazon.com/health/home#/account/event-log?eventID=arn%3Ax"}
            ]}
        ]
    })
}

#[tokio::test]
async fn slack_refusing_the_body_still_gets_the_alert_out_as_text() {
    for reason in ["invalid_blocks", "msg_too_long", "invalid_blocks_format"] {
        let slack = SlackStub::start(vec![Reply::Status(400, reason)]).await;
        let result = client(&slack.url())
            .post(&alert_body(), Route::new(Severity::Critical), in_secs(10))
            .await
            .unwrap();
        assert!(result.fallback, "{reason}");
        let posted = slack.delivered();
        assert_eq!(posted.len(), 1, "{reason}");
        let text = posted[0]["text"].as_str().unwrap();
        assert!(posted[0].get("blocks").is_none(), "{reason}: {}", posted[0]);
        for want in [
            "AWS abuse report",
            "111122223333",
            "2026-06-25 09:14 UTC",
            "https://health.aws.amazon.com/health/home#/account/event-log?eventID=arn%3Ax",
        ] {
            assert!(text.contains(want), "{reason}: {text}");
        }
    }
}

fn refreshing_to(url: String) -> respondby_core::slack::deliver::Refresh<WebhookUrl> {
    std::sync::Arc::new(move || {
        let url = url.clone();
        Box::pin(async move { Ok(WebhookUrl::parse(&url, Hosts::TESTING).unwrap()) })
    })
}

#[tokio::test]
async fn a_rotated_webhook_heals_itself_from_its_secret() {
    for (status, reason) in [(404, "no_service"), (403, "invalid_token")] {
        let old = SlackStub::start(vec![Reply::Status(status, reason)]).await;
        let new = SlackStub::start(vec![]).await;
        let c = client(&old.url()).with_refresh(refreshing_to(new.url()));
        let result = c
            .post(&message(), Route::new(Severity::High), in_secs(10))
            .await;
        assert!(result.is_ok(), "{reason}: {result:?}");
        assert_eq!(old.requests().len(), 1);
        assert_eq!(new.delivered(), vec![message()]);
        // The new webhook is kept for the next message.
        assert_eq!(
            c.url(),
            WebhookUrl::parse(&new.url(), Hosts::TESTING).unwrap()
        );
    }
}

/// Reading the secret again is bounded by the invocation's deadline: a
/// hanging Secrets Manager cannot hold the invocation past it.
#[tokio::test]
async fn a_secret_that_hangs_when_read_again_is_given_up_at_the_deadline() {
    let slack = SlackStub::start(vec![Reply::Status(404, "no_service")]).await;
    let hangs: respondby_core::slack::deliver::Refresh<WebhookUrl> = std::sync::Arc::new(|| {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            Err("never".to_owned())
        })
    });
    let c = client(&slack.url()).with_refresh(hangs);
    let err = tokio::time::timeout(
        Duration::from_secs(30),
        c.post(&message(), Route::new(Severity::High), in_secs(1)),
    )
    .await
    .expect("returned, not hung")
    .unwrap_err();
    assert!(err.to_string().contains("no_service"), "{err}");
}

#[tokio::test]
async fn a_dead_webhook_still_in_its_secret_fails_naming_the_cause() {
    let slack = SlackStub::start(vec![Reply::Status(404, "no_service")]).await;
    let c = client(&slack.url()).with_refresh(refreshing_to(slack.url()));
    let err = c
        .post(&message(), Route::new(Severity::High), in_secs(10))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no_service"), "{err}");
    assert_eq!(
        slack.requests().len(),
        1,
        "the same dead webhook is not retried"
    );
}

#[tokio::test]
async fn an_archived_channel_is_rejected_without_retry() {
    assert_rejected_without_retry(410, "channel_is_archived").await;
}

#[tokio::test]
async fn a_permanent_server_error_is_unavailable_after_max_attempts() {
    let (slack, result) = post_to(vec![Reply::Status(500, "internal_error"); 10]).await;
    let max = fast_policy().max_attempts;
    match result {
        Err(DeliveryError::Unavailable { attempts, last }) => {
            assert_eq!(attempts, max);
            assert!(last.contains("500"), "{last}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert_eq!(slack.requests().len(), max as usize);
    assert!(slack.delivered().is_empty());
}

#[tokio::test]
async fn a_hanging_slack_fails_before_the_deadline_instead_of_hanging() {
    let slack = SlackStub::start(vec![Reply::Hang(Duration::from_secs(30))]).await;
    let deadline = Instant::now() + Duration::from_millis(1500);
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        client(&slack.url()).post(&message(), Route::new(Severity::High), deadline),
    )
    .await
    .expect("post() hung past the invocation deadline");
    let done = Instant::now();
    match result {
        Err(e @ DeliveryError::Unavailable { .. }) => assert!(e.retryable()),
        other => panic!("expected Unavailable, got {other:?}"),
    }
    // Finished by the deadline (the safety margin is kept back), give or
    // take scheduling on a busy machine.
    assert!(
        done <= deadline + Duration::from_millis(500),
        "finished {:?} after the deadline",
        done - deadline
    );
    assert!(slack.delivered().is_empty());
}

#[tokio::test]
async fn a_retry_after_longer_than_the_time_left_is_throttled_without_waiting() {
    let slack = SlackStub::start(vec![Reply::RetryAfter(30)]).await;
    let started = Instant::now();
    let result = client(&slack.url())
        .post(&message(), Route::new(Severity::High), in_secs(5))
        .await;
    assert_eq!(
        result,
        Err(DeliveryError::Throttled {
            retry_after_secs: 30
        })
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(slack.requests().len(), 1);
}

#[tokio::test]
async fn no_error_or_debug_output_contains_the_webhook_token() {
    let mut outputs = Vec::new();
    let scripts = [
        vec![Reply::Status(404, "no_service")],
        vec![Reply::Status(500, "internal_error"); 10],
        vec![Reply::RetryAfter(30)],
    ];
    for script in scripts {
        let slack = SlackStub::start(script).await;
        let c = client(&slack.url());
        let err = c
            .post(&message(), Route::new(Severity::High), in_secs(5))
            .await
            .unwrap_err();
        outputs.push(format!("{err} {err:?} {c:?} {}", c.url()));
    }
    // Timed out and refused connections: reqwest errors carry the URL.
    let slack = SlackStub::start(vec![Reply::Hang(Duration::from_secs(30))]).await;
    let c = client(&slack.url());
    let err = c
        .post(
            &message(),
            Route::new(Severity::High),
            Instant::now() + Duration::from_millis(800),
        )
        .await
        .unwrap_err();
    outputs.push(format!("{err} {err:?}"));
    let url = slack.url();
    drop(slack);
    let c = client(&url);
    let err = c
        .post(&message(), Route::new(Severity::High), in_secs(2))
        .await
        .unwrap_err();
    assert!(matches!(err, DeliveryError::Unavailable { .. }), "{err:?}");
    outputs.push(format!("{err} {err:?}"));

    assert!(url.contains(WEBHOOK_TOKEN));
    for out in outputs {
        assert!(!out.contains(WEBHOOK_TOKEN), "token leaked: {out}");
        assert!(!out.contains("/services/T000/B000/"), "path leaked: {out}");
    }
}
