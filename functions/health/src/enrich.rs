//! Adds what the Health API knows beyond the event: the full latest
//! description, the current status, and every affected resource (all pages).
//!
//! The Health API needs a Business, Enterprise On-Ramp or Enterprise support
//! plan (`SubscriptionRequiredException` otherwise), and the role may lack
//! permission. Either way the alert is still posted, from the event alone,
//! with a note that the details are in the Health dashboard.

use crate::texts;
use aws_sdk_health::error::ProvideErrorMetadata;
use aws_sdk_health::types::EntityFilter;
use respondby_core::{Alert, Lang};
use std::future::Future;
use std::time::Duration;

/// What the Health API returned for one event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub description: Option<String>,
    pub status: Option<String>,
}

/// Why enrichment did not happen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EnrichError {
    #[error("the AWS Health API needs a Business or Enterprise support plan (SubscriptionRequiredException)")]
    NotSubscribed,
    #[error("the function may not call the AWS Health API ({0})")]
    Denied(String),
    #[error("the AWS Health API did not answer in time")]
    Timeout,
    #[error("the AWS Health API failed: {0}")]
    Failed(String),
}

/// The two Health API calls, behind a trait so tests can stand in for AWS.
pub trait HealthApi: Send + Sync {
    fn details(&self, event_arn: &str)
        -> impl Future<Output = Result<Details, EnrichError>> + Send;
    /// `entityValue (status)` for every affected entity, across all pages.
    fn entities(
        &self,
        event_arn: &str,
    ) -> impl Future<Output = Result<Vec<String>, EnrichError>> + Send;
}

/// The real API through aws-sdk-health, signed for us-east-1 (the Health
/// API's global endpoint).
#[derive(Debug, Clone)]
pub struct SdkHealth {
    client: aws_sdk_health::Client,
}

impl SdkHealth {
    pub fn new(sdk: &aws_config::SdkConfig) -> SdkHealth {
        let conf = aws_sdk_health::config::Builder::from(sdk)
            .region(aws_sdk_health::config::Region::new("us-east-1"))
            .build();
        SdkHealth {
            client: aws_sdk_health::Client::from_conf(conf),
        }
    }
}

fn classify<E: ProvideErrorMetadata + std::error::Error + 'static>(
    e: aws_sdk_health::error::SdkError<E>,
) -> EnrichError {
    match e.code() {
        Some("SubscriptionRequiredException") => EnrichError::NotSubscribed,
        Some(
            code @ ("AccessDeniedException"
            | "AccessDenied"
            | "UnauthorizedOperation"
            | "UnrecognizedClientException"),
        ) => EnrichError::Denied(code.to_owned()),
        Some(code) => EnrichError::Failed(format!("{code}: {}", e.message().unwrap_or(""))),
        None => EnrichError::Failed(aws_sdk_health::error::DisplayErrorContext(&e).to_string()),
    }
}

impl HealthApi for SdkHealth {
    async fn details(&self, event_arn: &str) -> Result<Details, EnrichError> {
        let out = self
            .client
            .describe_event_details()
            .event_arns(event_arn)
            .send()
            .await
            .map_err(classify)?;
        if let Some(f) = out.failed_set().first() {
            return Err(EnrichError::Failed(format!(
                "{}: {}",
                f.error_name().unwrap_or("error"),
                f.error_message().unwrap_or("")
            )));
        }
        let item = out.successful_set().first();
        Ok(Details {
            description: item
                .and_then(|i| i.event_description())
                .and_then(|d| d.latest_description())
                .map(str::to_owned),
            status: item
                .and_then(|i| i.event())
                .and_then(|e| e.status_code())
                .map(|s| s.as_str().to_owned()),
        })
    }

    async fn entities(&self, event_arn: &str) -> Result<Vec<String>, EnrichError> {
        let filter = EntityFilter::builder()
            .event_arns(event_arn)
            .build()
            .map_err(|e| EnrichError::Failed(e.to_string()))?;
        let mut pages = self
            .client
            .describe_affected_entities()
            .filter(filter)
            .into_paginator()
            .send();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(classify)?;
            for e in page.entities() {
                let value = e.entity_value().unwrap_or_default().to_owned();
                if value.is_empty() {
                    continue;
                }
                all.push(match e.status_code() {
                    Some(s) => format!("{value} ({})", s.as_str()),
                    None => value,
                });
            }
        }
        Ok(all)
    }
}

/// Longest time enrichment may take; the alert matters more than its details.
pub const ENRICH_TIMEOUT: Duration = Duration::from_secs(4);

impl EnrichError {
    /// What went wrong, for the note in the message.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            EnrichError::NotSubscribed => texts::E_NOT_SUBSCRIBED.get(lang).to_owned(),
            EnrichError::Denied(code) => texts::E_DENIED.fill(lang, &[("code", code)]),
            EnrichError::Timeout => texts::E_TIMEOUT.get(lang).to_owned(),
            EnrichError::Failed(why) => texts::E_FAILED.fill(lang, &[("why", why)]),
        }
    }
}

/// Adds details and entities to the alert. Never fails: a problem becomes a
/// note in the message (in `lang`).
pub async fn enrich<H: HealthApi>(api: &H, alert: &mut Alert, event_arn: &str, lang: Lang) {
    let both = async { tokio::join!(api.details(event_arn), api.entities(event_arn)) };
    let (details, entities) = match tokio::time::timeout(ENRICH_TIMEOUT, both).await {
        Ok(r) => r,
        Err(_) => (Err(EnrichError::Timeout), Err(EnrichError::Timeout)),
    };
    let mut problem: Option<EnrichError> = None;
    match details {
        Ok(d) => {
            if let Some(desc) = d.description.filter(|s| !s.trim().is_empty()) {
                // An SES review's period is stated in AWS's text: read it
                // again from the full text (the deadline policy is applied
                // again after enrichment). A text naming none keeps the
                // period the event named.
                if alert.clock.class == crate::SES_REVIEW_CLASS {
                    alert.clock.aws_fix_period =
                        crate::stated_review_period(&desc).or(alert.clock.aws_fix_period);
                }
                alert.description = Some(desc);
            }
            if let Some(status) = d.status {
                let status = crate::shown_status(&alert.kind, &status, lang);
                let status = crate::values::STATUS.show(&status, lang);
                let label = texts::F_STATUS.get(lang);
                if let Some(f) = alert.facts.iter_mut().find(|f| f.label == label) {
                    f.value = status;
                } else {
                    alert.fact(label, status);
                }
            }
        }
        Err(e) => problem = Some(e),
    }
    match entities {
        Ok(list) if !list.is_empty() => {
            // The draft to AWS lists them as AWS writes them; the message
            // shows their status in its own language.
            let shown: Vec<String> = list
                .iter()
                .map(|l| match l.rsplit_once(" (") {
                    Some((v, s)) if s.ends_with(')') => {
                        crate::values::resource(v, s.strip_suffix(')'), lang)
                    }
                    _ => l.clone(),
                })
                .collect();
            let old: Vec<String> = alert
                .resources
                .iter()
                .map(|l| crate::values::resource_as_aws_writes_it(l, lang))
                .collect();
            alert.resources = list;
            crate::reply::refresh_resources(alert, &old);
            alert.resources = shown;
        }
        Ok(_) => {}
        Err(e) => {
            problem.get_or_insert(e);
        }
    }
    if let Some(e) = problem {
        tracing::warn!(error = %e, "Health enrichment unavailable; posting from the event alone");
        unenriched(alert, &e.describe(lang), lang);
    }
}

/// Says why the alert is posted from the event alone (`why` in `lang`,
/// e.g. the hub could not assume the event account's enrichment role).
pub fn unenriched(alert: &mut Alert, why: &str, lang: Lang) {
    alert
        .notes
        .push(texts::N_ENRICH.fill(lang, &[("why", &why)]));
}

/// The event ARN of a Health event's detail, if present.
pub fn event_arn(detail: &serde_json::Value) -> Option<&str> {
    detail.get("eventArn").and_then(|v| v.as_str())
}
