//! Reading the Slack webhook URL from AWS Secrets Manager, once per cold start.

use crate::config::{ConfigError, WebhookSource};
use crate::slack::WebhookUrl;
use aws_sdk_secretsmanager::error::ProvideErrorMetadata;

/// Turns a secret's text into a webhook URL. The secret may hold the URL
/// itself, or a JSON object with a `webhook_url` (or `url`) key.
pub fn webhook_from_secret_string(secret_id: &str, s: &str) -> Result<WebhookUrl, ConfigError> {
    let s = s.trim();
    if s.is_empty() || s == "{}" || s.eq_ignore_ascii_case("placeholder") {
        return Err(ConfigError(format!(
            "secret {secret_id} holds no webhook yet: aws secretsmanager put-secret-value --secret-id {secret_id} --secret-string 'https://hooks.slack.com/services/...'"
        )));
    }
    let url = if s.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(s)
            .map_err(|_| ConfigError(format!("secret {secret_id} is JSON but not valid JSON")))?;
        ["webhook_url", "url", "SLACK_WEBHOOK_URL"]
            .iter()
            .find_map(|k| v.get(k).and_then(|u| u.as_str()).map(str::to_owned))
            .ok_or_else(|| {
                ConfigError(format!(
                    "secret {secret_id} is a JSON object without a \"webhook_url\" key"
                ))
            })?
    } else {
        s.to_owned()
    };
    WebhookUrl::parse(&url).map_err(|e| ConfigError(format!("secret {secret_id}: {e}")))
}

/// Resolves the configured webhook: reads the secret with the given AWS SDK
/// configuration, or validates the direct URL.
pub async fn resolve_webhook(
    source: &WebhookSource,
    sdk: impl FnOnce() -> std::pin::Pin<
        Box<dyn std::future::Future<Output = aws_config::SdkConfig> + Send>,
    >,
) -> Result<WebhookUrl, ConfigError> {
    match source {
        WebhookSource::Direct(url) => {
            WebhookUrl::parse(url).map_err(|e| ConfigError(format!("SLACK_WEBHOOK_URL: {e}")))
        }
        WebhookSource::Secret(id) => {
            let config = sdk().await;
            let client = aws_sdk_secretsmanager::Client::new(&config);
            let out = client
                .get_secret_value()
                .secret_id(id)
                .send()
                .await
                .map_err(|e| {
                    let code = e.code().unwrap_or("unknown error").to_owned();
                    let msg = e.message().map(|m| format!(": {m}")).unwrap_or_default();
                    let detail = if e.code().is_none() {
                        format!(
                            " ({})",
                            aws_sdk_secretsmanager::error::DisplayErrorContext(&e)
                        )
                    } else {
                        String::new()
                    };
                    ConfigError(format!("could not read secret {id}: {code}{msg}{detail}"))
                })?;
            let s = out.secret_string().unwrap_or_default();
            webhook_from_secret_string(id, s)
        }
    }
}

/// `aws_config::defaults` with the HTTPS client every AWS SDK client of the
/// project uses: rustls on ring, the crypto reqwest already brings for Slack,
/// so a binary carries one crypto library instead of two (aws-lc is the SDK
/// default). Trust roots are the system's, as with the SDK default.
pub fn sdk_defaults() -> aws_config::ConfigLoader {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
    let https = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(https)
}

/// Loads the AWS SDK configuration the standard way (environment, including
/// `AWS_ENDPOINT_URL_<SERVICE>` overrides used by the tests).
pub fn load_sdk_config(
) -> std::pin::Pin<Box<dyn std::future::Future<Output = aws_config::SdkConfig> + Send>> {
    Box::pin(sdk_defaults().load())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_may_hold_the_url_or_json() {
        let plain =
            webhook_from_secret_string("s", "https://hooks.slack.com/services/T/B/X\n").unwrap();
        let json = webhook_from_secret_string(
            "s",
            r#"{"webhook_url":"https://hooks.slack.com/services/T/B/X"}"#,
        )
        .unwrap();
        assert_eq!(plain, json);
    }

    #[test]
    fn empty_secret_says_how_to_fill_it() {
        let err = webhook_from_secret_string("arn:aws:secretsmanager:us-east-1:1:secret:hook", "")
            .unwrap_err();
        assert!(err.to_string().contains("put-secret-value"), "{err}");
    }

    #[test]
    fn a_wrong_url_in_the_secret_is_refused_without_echoing_it() {
        let err = webhook_from_secret_string("s", "https://evil.example/services/T/B/SeCrEt")
            .unwrap_err();
        assert!(!err.to_string().contains("SeCrEt"));
    }
}
