//! Account names from AWS Organizations (`USE_ORGANIZATIONS_ACCOUNT_NAMES`):
//! `ListAccounts`, every page, once at start-up. It answers only in the
//! organisation's management account or a delegated administrator; anywhere
//! else (or without `organizations:ListAccounts`) the function starts
//! anyway, with the names `ACCOUNT_NAMES` gives, and logs why.

use aws_sdk_organizations::error::ProvideErrorMetadata;
use std::time::Duration;

/// Longest the start-up waits for the organisation's names.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(5);

/// Every account of the organisation, `(id, name)`.
pub async fn list(sdk: &aws_config::SdkConfig) -> Result<Vec<(String, String)>, String> {
    let client = aws_sdk_organizations::Client::new(sdk);
    let all = async {
        let mut out = Vec::new();
        let mut pages = client.list_accounts().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| match e.code() {
                Some(code) => format!("{code}: {}", e.message().unwrap_or("")),
                None => aws_sdk_organizations::error::DisplayErrorContext(&e).to_string(),
            })?;
            for a in page.accounts() {
                if let (Some(id), Some(name)) = (a.id(), a.name()) {
                    out.push((id.to_owned(), name.to_owned()));
                }
            }
        }
        Ok(out)
    };
    tokio::time::timeout(LIST_TIMEOUT, all)
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {}s", LIST_TIMEOUT.as_secs())))
}
