//! Asks the AWS Support API (`DescribeCases`) what the event does not say:
//! the case's subject, status and severity, who opened it, and AWS's latest
//! message.
//!
//! The Support API needs Business support or higher; without it every call
//! answers `SubscriptionRequiredException`. The role may lack
//! `support:DescribeCases`, and the API may be slow or unreachable. Each of
//! these ends in a [`LookupError`], and the alert is posted from the event
//! alone with a note saying why ([`crate::describe`]).

use crate::{CaseInfo, LookupError, Message, AWS_SUBMITTER};
use aws_sdk_support::error::ProvideErrorMetadata;
use std::future::Future;
use std::time::Duration;

/// The Support API, behind a trait so tests can stand in for AWS.
pub trait SupportApi: Send + Sync {
    fn describe_case(
        &self,
        case_id: &str,
    ) -> impl Future<Output = Result<CaseInfo, LookupError>> + Send;
}

/// The real API through aws-sdk-support. AWS Support is global, with its
/// endpoint in us-east-1 (AWS General Reference, "AWS Support endpoints").
#[derive(Debug, Clone)]
pub struct SdkSupport {
    client: aws_sdk_support::Client,
}

impl SdkSupport {
    pub fn new(sdk: &aws_config::SdkConfig) -> SdkSupport {
        let conf = aws_sdk_support::config::Builder::from(sdk)
            .region(aws_sdk_support::config::Region::new("us-east-1"))
            .build();
        SdkSupport {
            client: aws_sdk_support::Client::from_conf(conf),
        }
    }
}

fn classify<E: ProvideErrorMetadata + std::error::Error + 'static>(
    e: aws_sdk_support::error::SdkError<E>,
) -> LookupError {
    match e.code() {
        Some("SubscriptionRequiredException") => LookupError::NotSubscribed,
        Some("CaseIdNotFound") => LookupError::NotFound,
        Some(
            code @ ("AccessDeniedException"
            | "AccessDenied"
            | "UnauthorizedOperation"
            | "UnrecognizedClientException"),
        ) => LookupError::Denied(code.to_owned()),
        Some(code) => LookupError::Failed(format!("{code}: {}", e.message().unwrap_or(""))),
        None => LookupError::Failed(aws_sdk_support::error::DisplayErrorContext(&e).to_string()),
    }
}

impl SupportApi for SdkSupport {
    async fn describe_case(&self, case_id: &str) -> Result<CaseInfo, LookupError> {
        let out = self
            .client
            .describe_cases()
            .case_id_list(case_id)
            // A resolved case is still described (a ResolveCase event).
            .include_resolved_cases(true)
            .include_communications(true)
            .send()
            .await
            .map_err(classify)?;
        let case = out
            .cases()
            .iter()
            .find(|c| c.case_id() == Some(case_id))
            .ok_or(LookupError::NotFound)?;
        let own = |s: Option<&str>| s.map(str::to_owned);
        // The five most recent communications come with the case; AWS's
        // latest is the newest one AWS submitted (ISO times sort as text).
        let latest_aws = case
            .recent_communications()
            .map(|r| r.communications())
            .unwrap_or_default()
            .iter()
            .filter(|m| {
                m.submitted_by()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case(AWS_SUBMITTER))
            })
            .max_by(|a, b| a.time_created().cmp(&b.time_created()))
            .map(|m| Message {
                body: m.body().unwrap_or_default().to_owned(),
                at: own(m.time_created()),
            });
        Ok(CaseInfo {
            subject: own(case.subject()),
            status: own(case.status()),
            severity_code: own(case.severity_code()),
            submitted_by: own(case.submitted_by()),
            service_code: own(case.service_code()),
            category_code: own(case.category_code()),
            latest_aws,
        })
    }
}

/// Longest time the lookup may take; the alert matters more than its
/// details.
pub const LOOKUP_TIMEOUT: Duration = Duration::from_secs(4);

/// The Support API's answer for one case, within [`LOOKUP_TIMEOUT`]. A
/// failure is logged and returned, never raised: the alert goes out anyway.
pub async fn lookup<S: SupportApi>(api: &S, case_id: &str) -> Result<CaseInfo, LookupError> {
    let r = match tokio::time::timeout(LOOKUP_TIMEOUT, api.describe_case(case_id)).await {
        Ok(r) => r,
        Err(_) => Err(LookupError::Timeout),
    };
    if let Err(e) = &r {
        tracing::warn!(error = %e, "Support case details unavailable; posting from the event alone");
    }
    r
}
