//! Reading Slack credentials (webhook URL, bot token, signing secret) from
//! AWS Secrets Manager: once per cold start, and again when Slack says a
//! credential was rotated.

use crate::config::{ConfigError, WebhookSource};
use crate::slack::deliver::Hosts;
use crate::slack::WebhookUrl;
use aws_sdk_secretsmanager::error::ProvideErrorMetadata;
use std::future::Future;
use std::pin::Pin;

/// Reads secret strings with one Secrets Manager client (built once).
#[derive(Debug, Clone)]
pub struct SecretReader {
    client: aws_sdk_secretsmanager::Client,
}

impl SecretReader {
    pub fn new(sdk: &aws_config::SdkConfig) -> SecretReader {
        SecretReader {
            client: aws_sdk_secretsmanager::Client::new(sdk),
        }
    }

    /// The secret's current string. The error names the secret and AWS's
    /// error code, never the value.
    pub async fn read(&self, id: &str) -> Result<String, ConfigError> {
        let out = self
            .client
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
        Ok(out.secret_string().unwrap_or_default().to_owned())
    }
}

/// The value under one of `keys` of a JSON secret, or the whole string.
/// An empty or placeholder secret says how to fill it.
pub fn secret_value(
    secret_id: &str,
    s: &str,
    keys: &[&str],
    example: &str,
) -> Result<String, ConfigError> {
    let s = s.trim();
    if s.is_empty() || s == "{}" || s.eq_ignore_ascii_case("placeholder") {
        return Err(ConfigError(format!(
            "secret {secret_id} holds no value yet: aws secretsmanager put-secret-value --secret-id {secret_id} --secret-string '{example}'"
        )));
    }
    if !s.starts_with('{') {
        return Ok(s.to_owned());
    }
    let v: serde_json::Value = serde_json::from_str(s)
        .map_err(|_| ConfigError(format!("secret {secret_id} is JSON but not valid JSON")))?;
    keys.iter()
        .find_map(|k| v.get(k).and_then(|u| u.as_str()).map(str::to_owned))
        .ok_or_else(|| {
            ConfigError(format!(
                "secret {secret_id} is a JSON object without a {:?} key",
                keys[0]
            ))
        })
}

/// Turns a secret's text into a webhook URL. The secret may hold the URL
/// itself, or a JSON object with a `webhook_url` (or `url`) key.
pub fn webhook_from_secret_string(
    secret_id: &str,
    s: &str,
    hosts: Hosts,
) -> Result<WebhookUrl, ConfigError> {
    let url = secret_value(
        secret_id,
        s,
        &["webhook_url", "url", "SLACK_WEBHOOK_URL"],
        "https://hooks.slack.com/services/...",
    )?;
    WebhookUrl::parse(&url, hosts).map_err(|e| ConfigError(format!("secret {secret_id}: {e}")))
}

/// Resolves the configured webhook: reads the secret, or validates the
/// direct URL.
pub async fn resolve_webhook(
    source: &WebhookSource,
    hosts: Hosts,
    secrets: Option<&SecretReader>,
) -> Result<WebhookUrl, ConfigError> {
    match (source, secrets) {
        (WebhookSource::Direct(url), _) => WebhookUrl::parse(url, hosts)
            .map_err(|e| ConfigError(format!("SLACK_WEBHOOK_URL: {e}"))),
        (WebhookSource::Secret(id), Some(reader)) => {
            webhook_from_secret_string(id, &reader.read(id).await?, hosts)
        }
        (WebhookSource::Secret(id), None) => Err(ConfigError(format!(
            "secret {id} cannot be read: no AWS configuration"
        ))),
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
pub fn load_sdk_config() -> Pin<Box<dyn Future<Output = aws_config::SdkConfig> + Send>> {
    Box::pin(sdk_defaults().load())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_may_hold_the_url_or_json() {
        let plain = webhook_from_secret_string(
            "s",
            "https://hooks.slack.com/services/T/B/X\n",
            Hosts::PRODUCTION,
        )
        .unwrap();
        let json = webhook_from_secret_string(
            "s",
            r#"{"webhook_url":"https://hooks.slack.com/services/T/B/X"}"#,
            Hosts::PRODUCTION,
        )
        .unwrap();
        assert_eq!(plain, json);
    }

    #[test]
    fn empty_secret_says_how_to_fill_it() {
        let err = webhook_from_secret_string(
            "arn:aws:secretsmanager:us-east-1:1:secret:hook",
            "",
            Hosts::PRODUCTION,
        )
        .unwrap_err();
        assert!(err.to_string().contains("put-secret-value"), "{err}");
    }

    #[test]
    fn a_wrong_url_in_the_secret_is_refused_without_echoing_it() {
        let err = webhook_from_secret_string(
            "s",
            "https://evil.example/services/T/B/SeCrEt",
            Hosts::PRODUCTION,
        )
        .unwrap_err();
        assert!(!err.to_string().contains("SeCrEt"));
    }

    #[test]
    fn json_secrets_name_the_missing_key() {
        let err = secret_value("s", r#"{"other":"x"}"#, &["bot_token"], "xoxb-…").unwrap_err();
        assert!(err.to_string().contains("bot_token"), "{err}");
        assert_eq!(
            secret_value("s", r#"{"bot_token":"xoxb-1"}"#, &["bot_token"], "").unwrap(),
            "xoxb-1"
        );
    }
}
