//! Routing: which channel (app mode) or webhook (webhook mode) an alert
//! goes to, so one hub can send each team its own accounts' alerts.
//!
//! `CHANNEL_ROUTES` is a comma-separated list of `selector=target`, tried
//! in order; the first selector that matches wins, and an alert no selector
//! matches goes where it always went (`SLACK_CHANNEL` and its per-severity
//! channels, or the one webhook). Selectors:
//!
//! - `111122223333`: every alert about that account;
//! - `critical` (`high`, `medium`, `low`, `info`): every alert of exactly
//!   that severity;
//! - `111122223333/critical`: that account's alerts of that severity;
//! - `*`: everything else (and the hub's own alerts: a spoke gone silent).
//!
//! Targets: in app mode a channel id (`C0123ABCD`); in webhook mode the ARN
//! or name of a Secrets Manager secret holding a webhook URL, never the URL
//! itself (it is a secret, and the environment is not). A selector given
//! twice, or one after `*`, could never be reached and is refused.
//!
//! A case keeps the target its first message went to: its follow-ups and
//! reminders go there too ([`crate::tracked::Tracked::route`]).

use crate::accounts::is_account_id;
use crate::alert::Severity;

/// How messages reach Slack, as far as routing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Webhook,
    App,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Webhook => "webhook",
            Mode::App => "app",
        }
    }
}

/// Which alerts a rule takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Any,
    Account(String),
    Severity(Severity),
    AccountSeverity(String, Severity),
}

impl Selector {
    fn parse(s: &str) -> Result<Selector, String> {
        let s = s.trim();
        if s == "*" {
            return Ok(Selector::Any);
        }
        let severity = |v: &str| {
            Severity::parse(v).ok_or_else(|| {
                format!("{v:?} is not a severity (critical, high, medium, low, info)")
            })
        };
        let account = |v: &str| {
            if is_account_id(v.trim()) {
                Ok(v.trim().to_owned())
            } else {
                Err(format!("{v:?} is not a 12-digit account id"))
            }
        };
        match s.split_once('/') {
            Some((a, sev)) => Ok(Selector::AccountSeverity(account(a)?, severity(sev)?)),
            None if s.bytes().all(|b| b.is_ascii_digit()) => Ok(Selector::Account(account(s)?)),
            None => Ok(Selector::Severity(severity(s).map_err(|_| {
                format!("{s:?} is not a selector: an account id, a severity, account/severity or *")
            })?)),
        }
    }

    /// Does it take an alert about `account` of `severity`?
    pub fn matches(&self, account: &str, severity: Severity) -> bool {
        match self {
            Selector::Any => true,
            Selector::Account(a) => a == account,
            Selector::Severity(s) => *s == severity,
            Selector::AccountSeverity(a, s) => a == account && *s == severity,
        }
    }

    /// As written in `CHANNEL_ROUTES` (normalised).
    pub fn text(&self) -> String {
        match self {
            Selector::Any => "*".to_owned(),
            Selector::Account(a) => a.clone(),
            Selector::Severity(s) => s.as_str().to_owned(),
            Selector::AccountSeverity(a, s) => format!("{a}/{s}"),
        }
    }
}

/// One `selector=target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub selector: Selector,
    /// A channel id (app mode) or a webhook secret's ARN or name.
    pub target: String,
}

/// `CHANNEL_ROUTES`, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routes {
    rules: Vec<Rule>,
}

/// A Slack channel id (`C0123ABCD`, private `G…`).
pub fn is_channel_id(c: &str) -> bool {
    c.len() >= 2
        && c.len() <= 24
        && c.starts_with(['C', 'G', 'D'])
        && c.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A Secrets Manager secret ARN or name (names: letters, digits and
/// `/_+=.@-`, at most 512 characters).
fn is_secret_id(s: &str) -> bool {
    if s.starts_with("arn:") {
        return s.contains(":secretsmanager:") && s.contains(":secret:");
    }
    !s.is_empty()
        && s.len() <= 512
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
}

impl Routes {
    /// Parses `CHANNEL_ROUTES` for `mode`. The error names the entry.
    pub fn parse(s: &str, mode: Mode) -> Result<Routes, String> {
        let mut rules: Vec<Rule> = Vec::new();
        for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((sel, target)) = entry.split_once('=') else {
                return Err(format!(
                    "{entry:?} is not selector=target (e.g. 111122223333=C0PROD, critical=C0PAGE, *=C0ALL)"
                ));
            };
            let selector = Selector::parse(sel).map_err(|e| format!("{entry:?}: {e}"))?;
            let target = target.trim().to_owned();
            match mode {
                Mode::App if !is_channel_id(&target) => {
                    return Err(format!(
                        "{entry:?}: in app mode a target is a channel id such as C0123ABCD, got {target:?}"
                    ))
                }
                // Not echoed: the URL is a secret.
                Mode::Webhook if target.contains("://") => {
                    return Err(format!(
                        "\"{}=…\": in webhook mode a target is the ARN or name of a Secrets Manager secret holding the webhook, never the URL itself (the URL is a secret)",
                        sel.trim()
                    ))
                }
                Mode::Webhook if !is_secret_id(&target) => {
                    return Err(format!(
                        "{entry:?}: {target:?} is not a Secrets Manager secret ARN or name"
                    ))
                }
                _ => {}
            }
            if let Some(any) = rules.iter().find(|r| r.selector == Selector::Any) {
                return Err(format!(
                    "{entry:?} comes after {}={}: the first match wins, so it is never reached",
                    any.selector.text(),
                    any.target
                ));
            }
            if rules.iter().any(|r| r.selector == selector) {
                return Err(format!("{entry:?}: {} is routed twice", selector.text()));
            }
            rules.push(Rule { selector, target });
        }
        Ok(Routes { rules })
    }

    /// The rule an alert about `account` of `severity` takes, if any
    /// (none: the default channel or webhook).
    pub fn pick(&self, account: &str, severity: Severity) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.selector.matches(account, severity))
    }

    /// The `*` rule, if there is one: where the hub's own alerts go.
    pub fn wildcard(&self) -> Option<&Rule> {
        self.rules.iter().find(|r| r.selector == Selector::Any)
    }

    /// Every target, once each, in order.
    pub fn targets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in &self.rules {
            if !out.contains(&r.target.as_str()) {
                out.push(&r.target);
            }
        }
        out
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Where alerts go when no rule takes them, as the environment says
/// (for showing the route; the functions deliver with their own clients).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// App mode: `SLACK_CHANNEL`, and `SLACK_CHANNEL_<SEVERITY>`.
    pub channel: Option<String>,
    pub by_severity: Vec<(Severity, String)>,
    /// Webhook mode: the secret's ARN, or the direct URL redacted.
    pub webhook: Option<String>,
}

/// Routing as a whole: the mode, the rules and the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    pub mode: Mode,
    pub routes: Routes,
    pub defaults: Defaults,
}

/// Where one alert goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// The selector that took it; `None`: the default.
    pub selector: Option<String>,
    /// The channel id or webhook (secret, or redacted URL); `None` when the
    /// default is not configured where this runs (a local preview).
    pub target: Option<String>,
}

impl Routing {
    /// Where an alert about `account` of `severity` goes.
    pub fn choose(&self, account: &str, severity: Severity) -> Chosen {
        if let Some(r) = self.routes.pick(account, severity) {
            return Chosen {
                selector: Some(r.selector.text()),
                target: Some(r.target.clone()),
            };
        }
        let target = match self.mode {
            Mode::App => self
                .defaults
                .by_severity
                .iter()
                .find(|(s, _)| *s == severity)
                .map(|(_, c)| c.clone())
                .or_else(|| self.defaults.channel.clone()),
            Mode::Webhook => self.defaults.webhook.clone(),
        };
        Chosen {
            selector: None,
            target,
        }
    }

    /// `{"mode", "selector", "target"}`: what `respondby preview --json`
    /// shows as `route`.
    pub fn json(&self, account: &str, severity: Severity) -> serde_json::Value {
        let c = self.choose(account, severity);
        serde_json::json!({
            "mode": self.mode.as_str(),
            "selector": c.selector,
            "target": c.target,
        })
    }
}

/// Words for where an alert goes (the terminal preview).
pub mod texts {
    crate::texts! {
        GOES_TO: "Goes to: {target} (CHANNEL_ROUTES {selector})" => "送信先: {target}（CHANNEL_ROUTES {selector}）";
        GOES_TO_UNMATCHED: "Goes to: {target} (no CHANNEL_ROUTES entry matches)" => "送信先: {target}（CHANNEL_ROUTESに一致する項目なし）";
        DEFAULT_CHANNEL: "the default channel" => "既定のチャンネル";
        DEFAULT_WEBHOOK: "the default webhook" => "既定のウェブフック";
    }
}

impl Routing {
    /// One line saying where an alert goes, in `lang` (raw text).
    pub fn line(&self, account: &str, severity: Severity, lang: crate::i18n::Lang) -> String {
        let c = self.choose(account, severity);
        let target = c.target.unwrap_or_else(|| {
            match self.mode {
                Mode::App => texts::DEFAULT_CHANNEL,
                Mode::Webhook => texts::DEFAULT_WEBHOOK,
            }
            .get(lang)
            .to_owned()
        });
        match c.selector {
            Some(sel) => texts::GOES_TO.fill(lang, &[("target", &target), ("selector", &sel)]),
            None => texts::GOES_TO_UNMATCHED.fill(lang, &[("target", &target)]),
        }
    }
}

/// A webhook URL as it may be shown: `https://hooks.slack.com/services/T0123/…`
/// (which workspace, nothing that lets anyone post).
pub fn redact_webhook(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return "(not a URL)".to_owned();
    };
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or(host);
    match (scheme, parts.next(), parts.next()) {
        ("https", Some(first), Some(team)) => format!("https://{host}/{first}/{team}/…"),
        _ => format!("{scheme}://{host}/…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_selector_wins_and_none_means_the_default() {
        let r = Routes::parse(
            "111122223333/critical=C0PAYPAGE, 111122223333=C0PAY, critical=C0PAGE, *=C0ALL",
            Mode::App,
        )
        .unwrap();
        let to = |a: &str, s| r.pick(a, s).map(|r| r.target.as_str());
        assert_eq!(to("111122223333", Severity::Critical), Some("C0PAYPAGE"));
        assert_eq!(to("111122223333", Severity::Low), Some("C0PAY"));
        assert_eq!(to("444455556666", Severity::Critical), Some("C0PAGE"));
        assert_eq!(to("444455556666", Severity::High), Some("C0ALL"));
        assert_eq!(r.wildcard().map(|w| w.target.as_str()), Some("C0ALL"));
        let none = Routes::parse("444455556666=C0SANDBOX", Mode::App).unwrap();
        assert_eq!(none.pick("111122223333", Severity::High), None);
        assert_eq!(none.wildcard(), None);
        assert!(Routes::parse("", Mode::App).unwrap().is_empty());
    }

    #[test]
    fn a_wrong_or_unreachable_entry_is_refused_by_name() {
        for (routes, mode, says) in [
            ("C0PROD", Mode::App, "selector=target"),
            ("prod=C0PROD", Mode::App, "not a selector"),
            ("1111=C0PROD", Mode::App, "12-digit"),
            ("111122223333/urgent=C0PROD", Mode::App, "not a severity"),
            ("111122223333=#prod", Mode::App, "channel id"),
            ("*=C0ALL,critical=C0PAGE", Mode::App, "never reached"),
            ("critical=C0A,critical=C0B", Mode::App, "twice"),
            (
                "*=https://hooks.slack.com/services/T/B/SeCrEt",
                Mode::Webhook,
                "never the URL",
            ),
            ("*=not a secret", Mode::Webhook, "not a Secrets Manager"),
        ] {
            let e = Routes::parse(routes, mode).unwrap_err();
            assert!(e.contains(says), "{routes}: {e}");
            assert!(!e.contains("SeCrEt"), "{e}");
        }
    }

    #[test]
    fn webhook_targets_are_secrets_listed_once() {
        let r = Routes::parse(
            "111122223333=arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/payments-AbCdEf,\
             critical=respondby/pager,444455556666=respondby/pager",
            Mode::Webhook,
        )
        .unwrap();
        assert_eq!(
            r.targets(),
            [
                "arn:aws:secretsmanager:us-east-1:999988887777:secret:respondby/payments-AbCdEf",
                "respondby/pager"
            ]
        );
    }

    #[test]
    fn the_route_texts_are_complete_in_both_languages() {
        let problems = crate::i18n::check(texts::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_webhook_url_shows_only_its_workspace() {
        assert_eq!(
            redact_webhook("https://hooks.slack.com/services/T0123/B0456/SeCrEt"),
            "https://hooks.slack.com/services/T0123/…"
        );
        assert_eq!(
            redact_webhook("http://127.0.0.1:9/hook/x"),
            "http://127.0.0.1:9/…"
        );
        assert!(!redact_webhook("https://u:SeCrEt@hooks.slack.com/x").contains("SeCrEt"));
    }
}
