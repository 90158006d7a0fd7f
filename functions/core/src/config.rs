//! Configuration from the environment, validated once at start-up.

use crate::accounts::AccountNames;
use crate::alert::Severity;
use crate::deadline::{DeadlinePolicy, DEFAULT_DEADLINE_HOURS, MAX_DEADLINE_HOURS};
use crate::i18n::Lang;
use crate::mention::Mentions;
use crate::plan::ReminderPlan;
use crate::route::{Mode, Routes, Routing};
#[cfg(feature = "aws")]
use crate::slack::deliver::Hosts;
#[cfg(feature = "aws")]
use crate::slack::RenderOptions;
use thiserror::Error;

/// A configuration problem. Reported as the Lambda init error, so the message
/// names the variable and what to put in it. Never contains a secret value.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

/// Where a Slack credential comes from (a webhook URL, a bot token, a
/// signing secret).
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// The ARN (or name) of a Secrets Manager secret holding it.
    Secret(String),
    /// The value itself, from the environment (local use and tests).
    Direct(String),
}

/// The webhook's source (kept under its old name).
pub type WebhookSource = SecretSource;

impl std::fmt::Debug for SecretSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretSource::Secret(arn) => write!(f, "Secret({arn})"),
            SecretSource::Direct(_) => f.write_str("Direct(<redacted>)"),
        }
    }
}

/// How messages reach Slack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// An incoming webhook (the default): no threads, no updates in place;
    /// buttons still work through each click's `response_url`.
    Webhook(SecretSource),
    /// The Web API with a bot token: a channel per severity, follow-ups in
    /// the alert's thread, the alert updated in place.
    App {
        token: SecretSource,
        /// Channel ids: the default one, and per severity.
        channel: String,
        channel_by_severity: Vec<(Severity, String)>,
        /// `SLACK_API_URL`: `https://slack.com/api/` unless set.
        api: String,
    },
}

/// Settings every function shares.
#[cfg(feature = "aws")]
#[derive(Debug, Clone)]
pub struct Config {
    pub delivery: Delivery,
    pub deadline: DeadlinePolicy,
    /// `RESPONDBY_LANGUAGE`: the language of every message.
    pub lang: Lang,
    /// Which hosts may stand for Slack (loopback only with the test switch).
    pub hosts: Hosts,
    pub render: RenderOptions,
    pub guard: GuardConfig,
    /// `REMINDER_PLAN`, `REMINDER_ESCALATE_FROM`, `MENTION_ESCALATION`.
    pub plan: ReminderPlan,
    /// `ACCOUNT_NAMES` (and, once read at start-up, the organisation's).
    pub names: AccountNames,
    /// `CHANNEL_ROUTES`: which channel or webhook each alert goes to.
    pub routes: Routes,
    /// `USE_ORGANIZATIONS_ACCOUNT_NAMES`: read the organisation's account
    /// names with `ListAccounts` at start-up.
    pub org_names: bool,
}

/// Dedup and flood-control settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardConfig {
    /// DynamoDB table for dedup keys and flood counters; none = off.
    pub table: Option<String>,
    /// Repeats of one group inside this many seconds are folded (0 = off).
    pub window_secs: i64,
    /// A folded group still posts once this many repeats piled up.
    pub flush_every: u64,
}

impl Default for GuardConfig {
    fn default() -> Self {
        GuardConfig {
            table: None,
            window_secs: 3600,
            flush_every: 100,
        }
    }
}

/// Environment variable names, in one place (the template and README use them).
pub mod vars {
    pub const SECRET_ARN: &str = "SLACK_WEBHOOK_SECRET_ARN";
    pub const WEBHOOK_URL: &str = "SLACK_WEBHOOK_URL";
    pub const SLACK_MODE: &str = "SLACK_MODE";
    pub const BOT_TOKEN_SECRET_ARN: &str = "SLACK_BOT_TOKEN_SECRET_ARN";
    pub const BOT_TOKEN: &str = "SLACK_BOT_TOKEN";
    pub const SLACK_CHANNEL: &str = "SLACK_CHANNEL";
    pub const SLACK_API_URL: &str = "SLACK_API_URL";
    pub const SIGNING_SECRET_ARN: &str = "SLACK_SIGNING_SECRET_ARN";
    pub const SIGNING_SECRET: &str = "SLACK_SIGNING_SECRET";
    pub const DEADLINE_HOURS: &str = "DEADLINE_HOURS";
    pub const DEADLINE_POLICY: &str = "DEADLINE_POLICY";
    pub const LANGUAGE: &str = "RESPONDBY_LANGUAGE";
    pub const DISPLAY_TIME_ZONE: &str = "DISPLAY_TIME_ZONE";
    pub const SLACK_BUTTONS: &str = "SLACK_BUTTONS";
    pub const REMINDER_PLAN: &str = "REMINDER_PLAN";
    pub const REMINDER_ESCALATE_FROM: &str = "REMINDER_ESCALATE_FROM";
    pub const MENTION_ESCALATION: &str = "MENTION_ESCALATION";
    pub const MENTION_PREFIX: &str = "MENTION_";
    pub const DEDUP_TABLE: &str = "DEDUP_TABLE";
    pub const FOLD_WINDOW_MINUTES: &str = "FOLD_WINDOW_MINUTES";
    pub const FOLD_FLUSH_EVERY: &str = "FOLD_FLUSH_EVERY";
    pub const CHANNEL_ROUTES: &str = "CHANNEL_ROUTES";
    pub const ACCOUNT_NAMES: &str = "ACCOUNT_NAMES";
    pub const USE_ORGANIZATIONS_ACCOUNT_NAMES: &str = "USE_ORGANIZATIONS_ACCOUNT_NAMES";
    pub const ENRICHMENT_ROLE_NAME: &str = "ENRICHMENT_ROLE_NAME";
    pub const ENRICHMENT_EXTERNAL_ID: &str = "ENRICHMENT_EXTERNAL_ID";
}

#[cfg(feature = "aws")]
impl Config {
    /// Reads the configuration through `get` (the process environment in
    /// production, a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let delivery = delivery_from(&get)?;
        let routes = routes_from(&get, delivery_mode(&delivery))?;
        let guard = guard_from(&get)?;
        let buttons = flag(&get, vars::SLACK_BUTTONS)?;
        if buttons && guard.table.is_none() {
            return Err(ConfigError(format!(
                "{} needs {}: a click is recorded in the state table",
                vars::SLACK_BUTTONS,
                vars::DEDUP_TABLE
            )));
        }
        let lang = lang_from(&get)?;
        Ok(Config {
            delivery,
            deadline: deadline_from(&get)?,
            lang,
            hosts: Hosts {
                loopback: flag(&get, crate::slack::deliver::ALLOW_LOOPBACK)?,
            },
            render: RenderOptions {
                mentions: mentions_from(&get)?,
                buttons,
                lang,
                zone: zone_from(&get)?,
            },
            guard,
            plan: plan_from(&get)?,
            names: names_from(&get)?,
            routes,
            org_names: flag(&get, vars::USE_ORGANIZATIONS_ACCOUNT_NAMES)?,
        })
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }
}

/// `SLACK_MODE` (`webhook`, the default, or `app`) and the settings each needs.
pub fn delivery_from(get: &impl Fn(&str) -> Option<String>) -> Result<Delivery, ConfigError> {
    let non_empty = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let source = |secret: &str, direct: &str, what: &str| {
        match (non_empty(secret), non_empty(direct)) {
        (Some(arn), _) => Ok(SecretSource::Secret(arn)),
        (None, Some(v)) => Ok(SecretSource::Direct(v)),
        (None, None) => Err(ConfigError(format!(
            "set {secret} to the ARN of the Secrets Manager secret that holds {what} (or {direct} for local testing)"
        ))),
    }
    };
    match non_empty(vars::SLACK_MODE)
        .unwrap_or_else(|| "webhook".into())
        .to_ascii_lowercase()
        .as_str()
    {
        "webhook" => Ok(Delivery::Webhook(source(
            vars::SECRET_ARN,
            vars::WEBHOOK_URL,
            "the Slack webhook URL",
        )?)),
        "app" => {
            let token = source(
                vars::BOT_TOKEN_SECRET_ARN,
                vars::BOT_TOKEN,
                "the Slack bot token (xoxb-…)",
            )?;
            let channel = non_empty(vars::SLACK_CHANNEL).ok_or_else(|| {
                ConfigError(format!(
                    "{} must name the channel id alerts go to (C0123ABCD) in app mode",
                    vars::SLACK_CHANNEL
                ))
            })?;
            let channel_ok = |c: &str| {
                c.len() >= 2
                    && c.len() <= 24
                    && c.starts_with(['C', 'G', 'D'])
                    && c.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            };
            if !channel_ok(&channel) {
                return Err(ConfigError(format!(
                    "{} must be a channel id such as C0123ABCD (channel details → About), got {channel:?}",
                    vars::SLACK_CHANNEL
                )));
            }
            let mut by = Vec::new();
            for sev in Severity::ALL {
                let var = format!("{}_{}", vars::SLACK_CHANNEL, sev.upper());
                if let Some(c) = non_empty(&var) {
                    if !channel_ok(&c) {
                        return Err(ConfigError(format!(
                            "{var} must be a channel id such as C0123ABCD, got {c:?}"
                        )));
                    }
                    by.push((sev, c));
                }
            }
            Ok(Delivery::App {
                token,
                channel,
                channel_by_severity: by,
                api: non_empty(vars::SLACK_API_URL)
                    .unwrap_or_else(|| "https://slack.com/api/".into()),
            })
        }
        other => Err(ConfigError(format!(
            "{} must be webhook or app, got {other:?}",
            vars::SLACK_MODE
        ))),
    }
}

/// `DEADLINE_HOURS` (whole hours, 1 to 720; 24 when unset) and
/// `DEADLINE_POLICY` (per-class overrides, see [`crate::deadline`]).
pub fn deadline_from(get: &impl Fn(&str) -> Option<String>) -> Result<DeadlinePolicy, ConfigError> {
    let hours = match get(vars::DEADLINE_HOURS)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
    {
        None => DEFAULT_DEADLINE_HOURS,
        Some(v) => match v.parse::<u32>() {
            Ok(h) if (1..=MAX_DEADLINE_HOURS).contains(&h) => h,
            _ => {
                return Err(ConfigError(format!(
                    "{} must be a whole number of hours from 1 to {MAX_DEADLINE_HOURS}, got {v:?}",
                    vars::DEADLINE_HOURS
                )))
            }
        },
    };
    DeadlinePolicy::parse(hours, &get(vars::DEADLINE_POLICY).unwrap_or_default())
        .map_err(|e| ConfigError(format!("{}: {e}", vars::DEADLINE_POLICY)))
}

/// A true/false setting (`true`, `false`, `1`, `0`, `on`, `off`; false when unset).
pub fn flag(get: &impl Fn(&str) -> Option<String>, var: &str) -> Result<bool, ConfigError> {
    match get(var).map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("false") | Some("0") | Some("off") | Some("no") => Ok(false),
        Some("true") | Some("1") | Some("on") | Some("yes") => Ok(true),
        Some(other) => Err(ConfigError(format!(
            "{var} must be true or false, got {other:?}"
        ))),
    }
}

/// The reminder plan; an error names the variable and the entry.
pub fn plan_from(get: &impl Fn(&str) -> Option<String>) -> Result<ReminderPlan, ConfigError> {
    let plan = get(vars::REMINDER_PLAN)
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| crate::plan::DEFAULT_PLAN.to_owned());
    ReminderPlan::parse(
        &plan,
        &get(vars::REMINDER_ESCALATE_FROM).unwrap_or_default(),
        &get(vars::MENTION_ESCALATION).unwrap_or_default(),
    )
    .map_err(|e| {
        ConfigError(format!(
            "{} / {} / {}: {e}",
            vars::REMINDER_PLAN,
            vars::REMINDER_ESCALATE_FROM,
            vars::MENTION_ESCALATION
        ))
    })
}

/// The routing mode of a delivery.
pub fn delivery_mode(d: &Delivery) -> Mode {
    match d {
        Delivery::Webhook(_) => Mode::Webhook,
        Delivery::App { .. } => Mode::App,
    }
}

/// `CHANNEL_ROUTES` for `mode` (see [`crate::route`]); empty by default.
pub fn routes_from(
    get: &impl Fn(&str) -> Option<String>,
    mode: Mode,
) -> Result<Routes, ConfigError> {
    Routes::parse(&get(vars::CHANNEL_ROUTES).unwrap_or_default(), mode)
        .map_err(|e| ConfigError(format!("{}: {e}", vars::CHANNEL_ROUTES)))
}

/// Routing as the environment sets it, without needing the credentials
/// (what `respondby preview` shows): `SLACK_MODE`, `CHANNEL_ROUTES`, and
/// the default channel or webhook when set. A wrong `SLACK_MODE` or route
/// is an error naming it.
pub fn routing_from(get: &impl Fn(&str) -> Option<String>) -> Result<Routing, ConfigError> {
    let value = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mode = match value(vars::SLACK_MODE)
        .unwrap_or_else(|| "webhook".into())
        .to_ascii_lowercase()
        .as_str()
    {
        "webhook" => Mode::Webhook,
        "app" => Mode::App,
        other => {
            return Err(ConfigError(format!(
                "{} must be webhook or app, got {other:?}",
                vars::SLACK_MODE
            )))
        }
    };
    let mut defaults = crate::route::Defaults::default();
    match mode {
        Mode::App => {
            defaults.channel = value(vars::SLACK_CHANNEL);
            for sev in Severity::ALL {
                if let Some(c) = value(&format!("{}_{}", vars::SLACK_CHANNEL, sev.upper())) {
                    defaults.by_severity.push((sev, c));
                }
            }
        }
        Mode::Webhook => {
            defaults.webhook = value(vars::SECRET_ARN)
                .or_else(|| value(vars::WEBHOOK_URL).map(|u| crate::route::redact_webhook(&u)));
        }
    }
    Ok(Routing {
        mode,
        routes: routes_from(get, mode)?,
        defaults,
    })
}

/// `ACCOUNT_NAMES`: `ACCOUNT_ID=name`, comma-separated; empty by default.
pub fn names_from(get: &impl Fn(&str) -> Option<String>) -> Result<AccountNames, ConfigError> {
    AccountNames::parse(&get(vars::ACCOUNT_NAMES).unwrap_or_default())
        .map_err(|e| ConfigError(format!("{}: {e}", vars::ACCOUNT_NAMES)))
}

/// `RESPONDBY_LANGUAGE`: `en` (default) or `ja`.
pub fn lang_from(get: &impl Fn(&str) -> Option<String>) -> Result<Lang, ConfigError> {
    match get(vars::LANGUAGE).filter(|v| !v.trim().is_empty()) {
        None => Ok(Lang::En),
        Some(v) => Lang::parse(&v)
            .ok_or_else(|| ConfigError(format!("{} must be en or ja, got {v:?}", vars::LANGUAGE))),
    }
}

/// `DISPLAY_TIME_ZONE`: an IANA name or POSIX TZ rule deadlines are also
/// shown in; unset or empty = UTC and the Slack date token only.
pub fn zone_from(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::zones::DisplayZone>, ConfigError> {
    match get(vars::DISPLAY_TIME_ZONE).filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(v) => crate::zones::DisplayZone::parse(&v)
            .map(Some)
            .map_err(|e| ConfigError(format!("{}: {e}", vars::DISPLAY_TIME_ZONE))),
    }
}

/// `DEDUP_TABLE`, `FOLD_WINDOW_MINUTES` (default 60, 0 = off, at most a
/// week) and `FOLD_FLUSH_EVERY` (default 100).
pub fn guard_from(get: &impl Fn(&str) -> Option<String>) -> Result<GuardConfig, ConfigError> {
    let value = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut g = GuardConfig {
        table: value(vars::DEDUP_TABLE),
        ..GuardConfig::default()
    };
    if let Some(v) = value(vars::FOLD_WINDOW_MINUTES) {
        match v.parse::<i64>() {
            Ok(m) if (0..=10_080).contains(&m) => g.window_secs = m * 60,
            _ => {
                return Err(ConfigError(format!(
                    "{} must be whole minutes from 0 to 10080, got {v:?}",
                    vars::FOLD_WINDOW_MINUTES
                )))
            }
        }
    }
    if let Some(v) = value(vars::FOLD_FLUSH_EVERY) {
        match v.parse::<u64>() {
            Ok(n) if n >= 2 => g.flush_every = n,
            _ => {
                return Err(ConfigError(format!(
                    "{} must be a whole number of at least 2, got {v:?}",
                    vars::FOLD_FLUSH_EVERY
                )))
            }
        }
    }
    Ok(g)
}

/// `MENTION_CRITICAL`, `MENTION_HIGH`, …: who to mention per severity.
pub fn mentions_from(get: &impl Fn(&str) -> Option<String>) -> Result<Mentions, ConfigError> {
    let mut mentions = Mentions::default();
    for sev in Severity::ALL {
        let var = format!("{}{}", vars::MENTION_PREFIX, sev.upper());
        if let Some(v) = get(&var) {
            let list = Mentions::parse_list(&v).map_err(|e| ConfigError(format!("{var}: {e}")))?;
            mentions.set(sev, list);
        }
    }
    Ok(mentions)
}

#[cfg(all(test, feature = "aws"))]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn missing_webhook_configuration_names_the_variable() {
        let err = cfg(&[]).unwrap_err();
        assert!(
            err.to_string().contains("SLACK_WEBHOOK_SECRET_ARN"),
            "{err}"
        );
    }

    #[test]
    fn secret_arn_wins_over_direct_url() {
        let c = cfg(&[
            ("SLACK_WEBHOOK_SECRET_ARN", "arn:x"),
            ("SLACK_WEBHOOK_URL", "http://127.0.0.1/x"),
        ])
        .unwrap();
        assert_eq!(
            c.delivery,
            Delivery::Webhook(WebhookSource::Secret("arn:x".into()))
        );
    }

    #[test]
    fn a_display_time_zone_is_optional_and_a_wrong_one_is_named() {
        let c = cfg(&[("SLACK_WEBHOOK_URL", "u")]).unwrap();
        assert!(c.render.zone.is_none());
        let c = cfg(&[
            ("SLACK_WEBHOOK_URL", "u"),
            ("DISPLAY_TIME_ZONE", "Asia/Tokyo"),
        ])
        .unwrap();
        assert_eq!(c.render.zone.as_ref().map(|z| z.name()), Some("Asia/Tokyo"));
        let e = cfg(&[("SLACK_WEBHOOK_URL", "u"), ("DISPLAY_TIME_ZONE", "Tokyo")]).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("DISPLAY_TIME_ZONE") && e.contains("\"Tokyo\""),
            "{e}"
        );
    }

    #[test]
    fn deadline_defaults_to_24_hours_and_is_validated() {
        let c = cfg(&[("SLACK_WEBHOOK_URL", "http://127.0.0.1/x")]).unwrap();
        assert_eq!(c.deadline.hours, 24);
        let c = cfg(&[("SLACK_WEBHOOK_URL", "u"), ("DEADLINE_HOURS", "4")]).unwrap();
        assert_eq!(c.deadline.hours, 4);
        for bad in ["0", "-1", "1.5", "721", "soon"] {
            let err = cfg(&[("SLACK_WEBHOOK_URL", "u"), ("DEADLINE_HOURS", bad)]).unwrap_err();
            assert!(err.to_string().contains("DEADLINE_HOURS"), "{bad}: {err}");
        }
    }

    #[test]
    fn app_mode_needs_a_token_and_a_channel_and_splits_channels_by_severity() {
        let err = cfg(&[("SLACK_MODE", "app"), ("SLACK_BOT_TOKEN", "xoxb-1")]).unwrap_err();
        assert!(err.to_string().contains("SLACK_CHANNEL"), "{err}");
        let err = cfg(&[("SLACK_MODE", "app"), ("SLACK_CHANNEL", "C0ALERTS")]).unwrap_err();
        assert!(
            err.to_string().contains("SLACK_BOT_TOKEN_SECRET_ARN"),
            "{err}"
        );
        let err = cfg(&[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN", "xoxb-1"),
            ("SLACK_CHANNEL", "#alerts"),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("channel id"), "{err}");
        let c = cfg(&[
            ("SLACK_MODE", "app"),
            ("SLACK_BOT_TOKEN_SECRET_ARN", "arn:tok"),
            ("SLACK_CHANNEL", "C0ALERTS"),
            ("SLACK_CHANNEL_CRITICAL", "C0PAGER"),
        ])
        .unwrap();
        let Delivery::App {
            token,
            channel,
            channel_by_severity,
            api,
        } = c.delivery
        else {
            panic!()
        };
        assert_eq!(token, SecretSource::Secret("arn:tok".into()));
        assert_eq!(channel, "C0ALERTS");
        assert_eq!(
            channel_by_severity,
            vec![(Severity::Critical, "C0PAGER".into())]
        );
        assert_eq!(api, "https://slack.com/api/");
        let err = cfg(&[("SLACK_MODE", "carrier-pigeon")]).unwrap_err();
        assert!(err.to_string().contains("SLACK_MODE"), "{err}");
    }

    #[test]
    fn a_bad_deadline_policy_is_an_error_naming_the_variable_and_entry() {
        let err = cfg(&[
            ("SLACK_WEBHOOK_URL", "u"),
            ("DEADLINE_POLICY", "abuse=24h,guardduty.urgent=1h"),
        ])
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("DEADLINE_POLICY") && msg.contains("guardduty.urgent=1h"),
            "{msg}"
        );
        let c = cfg(&[
            ("SLACK_WEBHOOK_URL", "u"),
            ("DEADLINE_HOURS", "12"),
            ("DEADLINE_POLICY", "guardduty.low=8h"),
        ])
        .unwrap();
        assert_eq!(c.deadline.first("abuse"), Some(chrono::Duration::hours(12)));
        assert_eq!(
            c.deadline.first("guardduty.low"),
            Some(chrono::Duration::hours(8))
        );
    }

    #[test]
    fn huge_numbers_in_deadline_and_reminder_settings_are_an_init_error_naming_the_entry() {
        for (var, value, entry) in [
            (
                "DEADLINE_POLICY",
                "abuse=99999999999999d",
                "abuse=99999999999999d",
            ),
            (
                "DEADLINE_POLICY",
                "risk.fix=106751991167d106751991167d",
                "106751991167d106751991167d",
            ),
            ("REMINDER_PLAN", "50%,99999999999999h", "99999999999999h"),
            (
                "REMINDER_PLAN",
                "9223372036854775807m",
                "9223372036854775807m",
            ),
            (
                "REMINDER_ESCALATE_FROM",
                "9223372036854775807m",
                "9223372036854775807m",
            ),
            (
                "DEADLINE_HOURS",
                "9223372036854775807",
                "9223372036854775807",
            ),
        ] {
            let err = cfg(&[("SLACK_WEBHOOK_URL", "u"), (var, value)]).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(var) && msg.contains(entry), "{msg}");
        }
    }

    #[test]
    fn mentions_are_read_per_severity() {
        let c = cfg(&[
            ("SLACK_WEBHOOK_URL", "u"),
            ("MENTION_CRITICAL", "here,U0AAA1"),
        ])
        .unwrap();
        assert_eq!(c.render.mentions.for_severity(Severity::Critical).len(), 2);
        assert!(c.render.mentions.for_severity(Severity::High).is_empty());
        let err = cfg(&[("SLACK_WEBHOOK_URL", "u"), ("MENTION_HIGH", "@bob")]).unwrap_err();
        assert!(err.to_string().contains("MENTION_HIGH"), "{err}");
    }

    #[test]
    fn flood_control_settings_are_validated() {
        let c = cfg(&[("SLACK_WEBHOOK_URL", "u")]).unwrap();
        assert_eq!(c.guard, GuardConfig::default());
        let c = cfg(&[
            ("SLACK_WEBHOOK_URL", "u"),
            ("DEDUP_TABLE", "t"),
            ("FOLD_WINDOW_MINUTES", "15"),
        ])
        .unwrap();
        assert_eq!(c.guard.table.as_deref(), Some("t"));
        assert_eq!(c.guard.window_secs, 900);
        assert!(cfg(&[("SLACK_WEBHOOK_URL", "u"), ("FOLD_WINDOW_MINUTES", "-5")]).is_err());
        assert!(cfg(&[("SLACK_WEBHOOK_URL", "u"), ("FOLD_FLUSH_EVERY", "1")]).is_err());
    }

    #[test]
    fn debug_output_never_shows_a_direct_url() {
        let c = cfg(&[(
            "SLACK_WEBHOOK_URL",
            "https://hooks.slack.com/services/T/B/SeCrEt",
        )])
        .unwrap();
        assert!(!format!("{c:?}").contains("SeCrEt"));
    }
}
