//! `resolve_webhook` reading the webhook from Secrets Manager (a local stand-in).

use aws_sdk_secretsmanager::config::{Credentials, Region};
use respondby_core::config::WebhookSource;
use respondby_core::secrets::{resolve_webhook, SecretReader};
use respondby_core::slack::deliver::Hosts;
use respondby_core::slack::WebhookUrl;
use respondby_core::ConfigError;
use respondby_testkit::{Api, AwsStub};

const ARN: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:respondby/slack-hook";
const HOOK: &str = "https://hooks.slack.com/services/T0123/B0456/SeCrEtToKeN";

/// A secret reader that talks only to the stub.
async fn reader_for(stub: &AwsStub) -> SecretReader {
    let sdk = respondby_core::secrets::sdk_defaults()
        .endpoint_url(stub.endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    SecretReader::new(&sdk)
}

async fn resolve(stub: &AwsStub) -> Result<WebhookUrl, ConfigError> {
    resolve_webhook(
        &WebhookSource::Secret(ARN.to_owned()),
        Hosts::PRODUCTION,
        Some(&reader_for(stub).await),
    )
    .await
}

#[tokio::test]
async fn a_url_in_the_secret_becomes_the_webhook() {
    let stub = AwsStub::builder().secret(ARN, HOOK).start().await;
    let url = resolve(&stub).await.unwrap();
    assert_eq!(url, WebhookUrl::parse(HOOK, Hosts::PRODUCTION).unwrap());
    let calls = stub.calls(Api::GetSecretValue);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].body["SecretId"], ARN);
}

#[tokio::test]
async fn a_json_secret_with_webhook_url_becomes_the_webhook() {
    let secret = serde_json::json!({ "webhook_url": HOOK }).to_string();
    let stub = AwsStub::builder().secret(ARN, &secret).start().await;
    assert_eq!(
        resolve(&stub).await.unwrap(),
        WebhookUrl::parse(HOOK, Hosts::PRODUCTION).unwrap()
    );
}

#[tokio::test]
async fn an_empty_secret_says_how_to_put_the_secret_value() {
    let stub = AwsStub::builder().secret(ARN, "").start().await;
    let err = resolve(&stub).await.unwrap_err().to_string();
    assert!(err.contains("put-secret-value"), "{err}");
    assert!(err.contains(ARN), "{err}");
}

#[tokio::test]
async fn a_missing_secret_names_the_secret_and_the_aws_error_code() {
    let stub = AwsStub::builder().start().await;
    let err = resolve(&stub).await.unwrap_err().to_string();
    assert!(err.contains(ARN), "{err}");
    assert!(err.contains("ResourceNotFoundException"), "{err}");
    assert_eq!(stub.calls(Api::GetSecretValue).len(), 1, "not retried");
}

#[tokio::test]
async fn access_denied_names_the_aws_error_code_and_message() {
    let stub = AwsStub::builder()
        .secret_error(
            "AccessDeniedException",
            "not authorized to perform GetSecretValue",
        )
        .start()
        .await;
    let err = resolve(&stub).await.unwrap_err().to_string();
    assert!(err.contains("AccessDeniedException"), "{err}");
    assert!(err.contains("not authorized"), "{err}");
}

#[tokio::test]
async fn a_non_slack_url_in_the_secret_is_refused_without_echoing_it() {
    let stub = AwsStub::builder()
        .secret(ARN, "https://evil.example/services/T0123/B0456/SeCrEtToKeN")
        .start()
        .await;
    let err = resolve(&stub).await.unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(shown.contains(ARN), "{shown}");
    assert!(!shown.contains("SeCrEtToKeN"), "{shown}");
}
