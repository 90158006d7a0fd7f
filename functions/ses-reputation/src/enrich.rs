//! Adds the account's sending status (SESv2 `GetAccount`) to an SES alert:
//! enforcement status, whether sending is enabled, production access, and
//! sent-in-24-hours against the quota. A failure degrades the message, never
//! the delivery.

use crate::texts;
use aws_sdk_sesv2::error::ProvideErrorMetadata;
use respondby_core::{Alert, Lang, Severity, Status};
use std::future::Future;
use std::time::Duration;

/// The parts of `GetAccount` on-call needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    /// HEALTHY, PROBATION or SHUTDOWN.
    pub enforcement_status: Option<String>,
    pub sending_enabled: bool,
    pub production_access: bool,
    pub sent_last_24h: Option<f64>,
    /// −1 means unlimited.
    pub max_24h_send: Option<f64>,
}

pub trait SesApi: Send + Sync {
    fn account(&self, region: &str) -> impl Future<Output = Result<Account, String>> + Send;
}

/// The real API through aws-sdk-sesv2, in the alarm's region.
/// The client for the function's own Region is built once, at init; one
/// for another Region (an alarm forwarded from elsewhere) per call.
#[derive(Debug, Clone)]
pub struct SdkSes {
    sdk: aws_config::SdkConfig,
    home: aws_sdk_sesv2::Client,
}

impl SdkSes {
    pub fn new(sdk: &aws_config::SdkConfig) -> SdkSes {
        SdkSes {
            sdk: sdk.clone(),
            home: aws_sdk_sesv2::Client::new(sdk),
        }
    }

    fn client(&self, region: &str) -> std::borrow::Cow<'_, aws_sdk_sesv2::Client> {
        let home = self.sdk.region().map(|r| r.as_ref());
        if region.is_empty() || home == Some(region) {
            return std::borrow::Cow::Borrowed(&self.home);
        }
        let conf = aws_sdk_sesv2::config::Builder::from(&self.sdk)
            .region(aws_sdk_sesv2::config::Region::new(region.to_owned()));
        std::borrow::Cow::Owned(aws_sdk_sesv2::Client::from_conf(conf.build()))
    }
}

impl SesApi for SdkSes {
    async fn account(&self, region: &str) -> Result<Account, String> {
        let out = self
            .client(region)
            .get_account()
            .send()
            .await
            .map_err(|e| match e.code() {
                Some(code) => format!("{code}: {}", e.message().unwrap_or("")),
                None => aws_sdk_sesv2::error::DisplayErrorContext(&e).to_string(),
            })?;
        Ok(Account {
            enforcement_status: out.enforcement_status().map(str::to_owned),
            sending_enabled: out.sending_enabled(),
            production_access: out.production_access_enabled(),
            sent_last_24h: out.send_quota().map(|q| q.sent_last24_hours()),
            max_24h_send: out.send_quota().map(|q| q.max24_hour_send()),
        })
    }
}

pub const ENRICH_TIMEOUT: Duration = Duration::from_secs(3);

/// Applies the account status to the alert (its facts in `lang`). A paused
/// (SHUTDOWN) account makes an open alert critical; PROBATION makes it at
/// least high.
pub fn apply(alert: &mut Alert, account: &Account, lang: Lang) {
    let status = account.enforcement_status.as_deref();
    alert.fact(
        texts::F_ACCOUNT_STATUS.get(lang),
        status.map_or_else(
            || texts::V_UNKNOWN.get(lang).to_owned(),
            |s| crate::values::ENFORCEMENT.show(s, lang),
        ),
    );
    let region = alert.region.clone();
    alert.fact(
        texts::F_SENDING_ENABLED.get(lang),
        match (account.sending_enabled, status) {
            (false, _) => texts::V_SENDING_NO.fill(lang, &[("region", &region)]),
            (true, Some("PROBATION")) => {
                texts::V_SENDING_UNDER_REVIEW.fill(lang, &[("region", &region)])
            }
            (true, _) => texts::V_SENDING_YES.get(lang).to_owned(),
        },
    );
    alert.fact(
        texts::F_PRODUCTION_ACCESS.get(lang),
        if account.production_access {
            texts::V_PRODUCTION_YES
        } else {
            texts::V_PRODUCTION_NO
        }
        .get(lang),
    );
    if let Some(sent) = account.sent_last_24h {
        let quota = match account.max_24h_send {
            Some(q) if q < 0.0 => texts::V_UNLIMITED.get(lang).to_owned(),
            Some(q) => format!("{q:.0}"),
            None => "?".to_owned(),
        };
        alert.fact(
            texts::F_SENT_24H.get(lang),
            texts::V_SENT_OF.fill(lang, &[("sent", &format!("{sent:.0}")), ("quota", &quota)]),
        );
    }
    if alert.status == Status::Open {
        if status == Some("SHUTDOWN") || !account.sending_enabled {
            alert.severity = Severity::Critical;
        } else if status == Some("PROBATION") && alert.severity < Severity::High {
            alert.severity = Severity::High;
        }
    }
}

/// Calls `GetAccount` (bounded in time) and applies the result, or notes why
/// not (in `lang`).
pub async fn enrich<S: SesApi>(api: &S, alert: &mut Alert, lang: Lang) {
    let region = alert.region.clone();
    match tokio::time::timeout(ENRICH_TIMEOUT, api.account(&region)).await {
        Ok(Ok(acct)) => apply(alert, &acct, lang),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "SES GetAccount failed; posting without account status");
            unenriched(alert, &e, lang);
        }
        Err(_) => {
            tracing::warn!("SES GetAccount timed out");
            alert
                .notes
                .push(texts::N_STATUS_TIMEOUT.get(lang).to_owned());
        }
    }
}

/// Says why the account's sending status is not in the alert (`why` in
/// `lang`, e.g. the hub could not assume the account's enrichment role).
pub fn unenriched(alert: &mut Alert, why: &str, lang: Lang) {
    alert
        .notes
        .push(texts::N_STATUS_FAILED.fill(lang, &[("error", &why)]));
}
