//! Enrichment across accounts: a hub enriches an event of another account
//! (SESv2 `GetAccount`, the Health API) with that account's read-only role,
//! `arn:aws:iam::<event account>:role/<ENRICHMENT_ROLE_NAME>`, assumed with
//! `ENRICHMENT_EXTERNAL_ID`. The spoke template creates the role, trusting
//! only the hub's function roles.
//!
//! Credentials are assumed once per account and kept for their lifetime
//! (renewed five minutes before they expire). The hub's own account is the
//! account of the function's ARN; its events use the function's own
//! credentials. Without the role (not configured, or STS refuses it), the
//! enricher does not call AWS with the hub's credentials — that would
//! describe the hub, not the event's account — and the alert says why.

use crate::config::{vars, ConfigError};
use crate::i18n::Lang;
use aws_sdk_sts::error::ProvideErrorMetadata;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

pub mod texts {
    crate::texts! {
        NOT_CONFIGURED: "the event is of account {account}, not the hub's own, and ENRICHMENT_ROLE_NAME is not set, so the hub cannot read that account" => "このイベントはハブ自身ではなくアカウント{account}のもので、`ENRICHMENT_ROLE_NAME`が未設定のため、ハブはそのアカウントを読み取れません";
        DENIED: "the hub could not assume {role} ({why})" => "ハブは{role}を引き受けられませんでした（{why}）";
    }
}

/// Renew assumed credentials this long before they expire.
const RENEW_BEFORE: Duration = Duration::from_secs(300);
/// A refusal is remembered this long, so a spoke without the role costs
/// one STS call per five minutes, not one per event.
const DENIED_FOR: Duration = Duration::from_secs(300);
/// Longest an AssumeRole may take (within the enricher's own timeout).
const ASSUME_TIMEOUT: Duration = Duration::from_secs(3);

/// Why another account's API cannot be called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAccess {
    /// No `ENRICHMENT_ROLE_NAME`.
    NotConfigured { account: String },
    /// STS refused (the spoke has no such role, or it does not trust the
    /// hub, or the external id differs).
    Denied { role: String, why: String },
}

impl NoAccess {
    /// What to tell on-call, in `lang` (raw text).
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            NoAccess::NotConfigured { account } => {
                texts::NOT_CONFIGURED.fill(lang, &[("account", account)])
            }
            NoAccess::Denied { role, why } => {
                texts::DENIED.fill(lang, &[("role", role), ("why", why)])
            }
        }
    }
}

impl std::fmt::Display for NoAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Lang::En))
    }
}

struct Assumed {
    config: aws_config::SdkConfig,
    expires: Option<SystemTime>,
}

enum Cached {
    Assumed(Box<Assumed>),
    Denied { why: NoAccess, until: SystemTime },
}

/// The hub's way into its spokes' accounts.
pub struct CrossAccount {
    base: aws_config::SdkConfig,
    sts: aws_sdk_sts::Client,
    role_name: Option<String>,
    external_id: Option<String>,
    /// The hub's own account and partition, from the function's ARN.
    own: Mutex<Option<(String, String)>>,
    assumed: Mutex<HashMap<String, Cached>>,
}

impl std::fmt::Debug for CrossAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CrossAccount")
            .field("role_name", &self.role_name)
            .field("external_id", &self.external_id.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// An IAM role name (letters, digits and `+=,.@_-`, at most 64).
fn is_role_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

impl CrossAccount {
    /// `ENRICHMENT_ROLE_NAME` (a role name, not an ARN) and
    /// `ENRICHMENT_EXTERNAL_ID`, checked.
    pub fn from_lookup(
        base: &aws_config::SdkConfig,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<CrossAccount, ConfigError> {
        let value = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let role_name = value(vars::ENRICHMENT_ROLE_NAME);
        if let Some(r) = role_name.as_deref().filter(|r| !is_role_name(r)) {
            return Err(ConfigError(format!(
                "{} must be the name of the role in each spoke account (e.g. respondby-enrichment), not an ARN or path, got {r:?}",
                vars::ENRICHMENT_ROLE_NAME
            )));
        }
        let external_id = value(vars::ENRICHMENT_EXTERNAL_ID);
        if let Some(x) = &external_id {
            if x.len() < 2 || x.len() > 1224 || x.contains(char::is_whitespace) {
                return Err(ConfigError(format!(
                    "{} must be 2 to 1224 characters without spaces",
                    vars::ENRICHMENT_EXTERNAL_ID
                )));
            }
        }
        Ok(CrossAccount::new(base, role_name, external_id))
    }

    pub fn new(
        base: &aws_config::SdkConfig,
        role_name: Option<String>,
        external_id: Option<String>,
    ) -> CrossAccount {
        CrossAccount {
            base: base.clone(),
            sts: aws_sdk_sts::Client::new(base),
            role_name,
            external_id,
            own: Mutex::new(None),
            assumed: Mutex::new(HashMap::new()),
        }
    }

    /// The function's own configuration.
    pub fn base(&self) -> &aws_config::SdkConfig {
        &self.base
    }

    /// Learns the hub's account from the invoked function's ARN
    /// (`arn:aws:lambda:us-east-1:111122223333:function:…`).
    pub fn learn_own(&self, function_arn: &str) {
        let parts: Vec<&str> = function_arn.split(':').collect();
        if parts.len() > 4 && crate::accounts::is_account_id(parts[4]) {
            let mut own = self.own.lock().expect("not poisoned");
            if own.is_none() {
                *own = Some((parts[4].to_owned(), parts[1].to_owned()));
            }
        }
    }

    /// Learns the account of the configuration's own credentials from STS
    /// `GetCallerIdentity` (where no function ARN tells it: `respondby`
    /// on an operator's machine). The error says why it is not known.
    pub async fn learn_own_identity(&self) -> Result<(), String> {
        let out = tokio::time::timeout(ASSUME_TIMEOUT, self.sts.get_caller_identity().send())
            .await
            .map_err(|_| "STS GetCallerIdentity did not answer in time".to_owned())?
            .map_err(|e| {
                format!(
                    "STS GetCallerIdentity failed: {}",
                    e.code().unwrap_or("no error code")
                )
            })?;
        let arn = out.arn().unwrap_or_default();
        self.learn_own(arn);
        if self.own.lock().expect("not poisoned").is_none() {
            return Err(format!("STS named no account ({arn:?})"));
        }
        Ok(())
    }

    /// The configuration to call `account`'s APIs with: `Ok(None)` for the
    /// hub's own account (or when it is not known: a local run), the
    /// assumed role's for another account, or why there is none.
    pub async fn config_for(
        &self,
        account: &str,
    ) -> Result<Option<aws_config::SdkConfig>, NoAccess> {
        let own = self.own.lock().expect("not poisoned").clone();
        let Some((own, partition)) = own else {
            return Ok(None);
        };
        if account == own || !crate::accounts::is_account_id(account) {
            return Ok(None);
        }
        let Some(role_name) = &self.role_name else {
            return Err(NoAccess::NotConfigured {
                account: account.to_owned(),
            });
        };
        {
            let cache = self.assumed.lock().expect("not poisoned");
            match cache.get(account) {
                Some(Cached::Assumed(a))
                    if a.expires
                        .is_none_or(|e| e > SystemTime::now() + RENEW_BEFORE) =>
                {
                    return Ok(Some(a.config.clone()));
                }
                Some(Cached::Denied { why, until }) if *until > SystemTime::now() => {
                    return Err(why.clone());
                }
                _ => {}
            }
        }
        let role = format!("arn:{partition}:iam::{account}:role/{role_name}");
        let result = self.assume(&role).await;
        let mut cache = self.assumed.lock().expect("not poisoned");
        match result {
            Ok(assumed) => {
                let config = assumed.config.clone();
                cache.insert(account.to_owned(), Cached::Assumed(Box::new(assumed)));
                Ok(Some(config))
            }
            Err(why) => {
                tracing::warn!(role, error = %why, "enrichment role not assumed; alerts of this account post without details");
                cache.insert(
                    account.to_owned(),
                    Cached::Denied {
                        why: why.clone(),
                        until: SystemTime::now() + DENIED_FOR,
                    },
                );
                Err(why)
            }
        }
    }

    async fn assume(&self, role: &str) -> Result<Assumed, NoAccess> {
        let denied = |why: String| NoAccess::Denied {
            role: role.to_owned(),
            why,
        };
        let call = self
            .sts
            .assume_role()
            .role_arn(role)
            .role_session_name("respondby-enrichment")
            .set_external_id(self.external_id.clone())
            .send();
        let out = tokio::time::timeout(ASSUME_TIMEOUT, call)
            .await
            .map_err(|_| denied("STS did not answer in time".into()))?
            .map_err(|e| {
                denied(match e.code() {
                    Some(code) => format!("{code}: {}", e.message().unwrap_or("")),
                    None => aws_sdk_sts::error::DisplayErrorContext(&e).to_string(),
                })
            })?;
        let c = out
            .credentials()
            .ok_or_else(|| denied("STS returned no credentials".into()))?;
        let expires = SystemTime::try_from(*c.expiration()).ok();
        let creds = aws_sdk_sts::config::Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_owned()),
            expires,
            "respondby-enrichment",
        );
        tracing::info!(role, "assumed the enrichment role");
        Ok(Assumed {
            config: self
                .base
                .to_builder()
                .credentials_provider(aws_sdk_sts::config::SharedCredentialsProvider::new(creds))
                .build(),
            expires,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_are_complete_in_both_languages() {
        let problems = crate::i18n::check(texts::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_role_is_named_not_given_as_an_arn() {
        assert!(is_role_name("respondby-enrichment"));
        assert!(!is_role_name("arn:aws:iam::111122223333:role/x"));
        assert!(!is_role_name("path/role"));
        assert!(!is_role_name(""));
    }
}
