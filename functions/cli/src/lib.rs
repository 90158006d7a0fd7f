//! The `respondby` command's reusable parts: settings from the environment
//! and the routing every command shares with the Lambda functions.

use chrono::{DateTime, Utc};
use respondby_core::config::{deadline_from, lang_from, mentions_from};
use respondby_core::slack::RenderOptions;
use respondby_core::{event, ConfigError, Ctx, DeadlinePolicy, EventError, Lang, Outcome, Source};
use respondby_env_file_access::Trusted;
use serde_json::Value;

/// What every command needs from the environment (same variables as the functions).
#[derive(Debug, Default)]
pub struct Settings {
    pub deadline: DeadlinePolicy,
    pub lang: Lang,
    pub render: RenderOptions,
    pub trusted: Trusted,
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        let get = |k: &str| std::env::var(k).ok();
        Ok(Settings {
            deadline: deadline_from(&get)?,
            lang: lang_from(&get)?,
            render: RenderOptions {
                mentions: mentions_from(&get)?,
                buttons: false,
            },
            trusted: Trusted::from_lookup(get)?,
        })
    }
}

/// The same routing and normalising the Lambda functions do; `received`
/// stands in for when a function would have received the event.
pub fn normalise(
    value: Value,
    s: &Settings,
    received: DateTime<Utc>,
) -> Result<Outcome, EventError> {
    let (env, source) = event::parse_value(value)?;
    let ctx = Ctx {
        policy: &s.deadline,
        received,
        lang: s.lang,
    };
    match source {
        Source::Health => respondby_health::normalise(&env, &ctx),
        Source::GuardDuty => respondby_guardduty::normalise(&env, &ctx),
        Source::Ses => respondby_ses_reputation::normalise(&env, &ctx),
        Source::EnvFile => respondby_env_file_access::normalise(&env, &ctx, &s.trusted),
    }
}
