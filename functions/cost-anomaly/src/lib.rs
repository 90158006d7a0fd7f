//! AWS Cost Anomaly Detection (`aws.ce`, `Anomaly Detected`) → alerts.
//!
//! An anomaly is a case: its `anomalyId`. AWS evaluates an ongoing anomaly
//! again about three times a day and sends it again while it stays over the
//! subscription's threshold, with its impact grown; that is a follow-up of
//! the same case (what changed, escalated when the severity rises), never a
//! new page.
//!
//! No AWS call: the event carries everything Cost Anomaly Detection knows
//! about the anomaly (`GetAnomalies` returns the same fields), so the
//! function needs no `ce:` permission and its cold start stays minimal.
//!
//! The event's text (service, usage type, monitor and account names, the
//! anomaly link) is untrusted: it goes into facts, which core escapes, and
//! never into a link; the link is a button only when it is an `https`
//! address on `console.aws.amazon.com`.

pub mod texts;

use respondby_core::deadline::{banded, CaseClock};
use respondby_core::event::{read_time, Ctx, Envelope, EventError};
use respondby_core::links::encode;
use respondby_core::time::parse_iso;
use respondby_core::{Alert, ConfigError, Lang, Outcome, Severity, Source};
use serde_json::Value;

/// Environment variables of this function.
pub mod vars {
    /// `critical=1000,high=100` (and `medium=…`): dollar levels of the
    /// total impact.
    pub const THRESHOLDS: &str = "COST_ANOMALY_THRESHOLDS";
    /// The Regions the accounts normally run in, comma-separated.
    pub const USUAL_REGIONS: &str = "COST_ANOMALY_USUAL_REGIONS";
}

/// Dollar levels of an anomaly's total impact: from `critical` it is
/// critical, from `high` high, from `medium` medium, below that low.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub medium: f64,
    pub high: f64,
    pub critical: f64,
}

impl Default for Thresholds {
    /// Critical from $1,000, high from $100, medium below (no low).
    fn default() -> Self {
        Thresholds {
            medium: 0.0,
            high: 100.0,
            critical: 1000.0,
        }
    }
}

impl Thresholds {
    /// Reads `critical=1000,high=100,medium=10` (any order, any subset; the
    /// rest keep their defaults). An error names the entry.
    pub fn parse(spec: &str) -> Result<Thresholds, ConfigError> {
        let mut t = Thresholds::default();
        let err = |m: String| ConfigError(format!("{}: {m}", vars::THRESHOLDS));
        for entry in spec
            .split([',', ';', ' '])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let Some((key, value)) = entry.split_once('=') else {
                return Err(err(format!(
                    "{entry:?} is not level=dollars (e.g. critical=1000,high=100)"
                )));
            };
            let value = value.trim().trim_start_matches('$').replace('_', "");
            let amount: f64 = match value.parse() {
                Ok(v) if f64::is_finite(v) && v >= 0.0 => v,
                _ => {
                    return Err(err(format!(
                        "{entry:?}: {value:?} is not an amount of dollars"
                    )))
                }
            };
            match key.trim().to_ascii_lowercase().as_str() {
                "critical" => t.critical = amount,
                "high" => t.high = amount,
                "medium" => t.medium = amount,
                other => {
                    return Err(err(format!(
                        "{entry:?}: unknown level {other:?} (critical, high, medium)"
                    )))
                }
            }
        }
        if !(t.medium <= t.high && t.high <= t.critical) {
            return Err(err(format!(
                "the levels must rise: medium ${} <= high ${} <= critical ${}",
                t.medium, t.high, t.critical
            )));
        }
        Ok(t)
    }

    /// The severity of an anomaly with this total impact (dollars).
    pub fn severity(&self, impact: f64) -> Severity {
        if impact >= self.critical {
            Severity::Critical
        } else if impact >= self.high {
            Severity::High
        } else if impact >= self.medium {
            Severity::Medium
        } else {
            Severity::Low
        }
    }
}

/// What ops set for this function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CostSettings {
    pub thresholds: Thresholds,
    /// Regions the accounts normally run in; empty = not known.
    pub usual_regions: Vec<String>,
}

impl CostSettings {
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<CostSettings, ConfigError> {
        let thresholds = Thresholds::parse(&get(vars::THRESHOLDS).unwrap_or_default())?;
        let mut usual_regions = Vec::new();
        for r in get(vars::USUAL_REGIONS)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            if !is_region(r) {
                return Err(ConfigError(format!(
                    "{}: {r:?} is not a Region code (e.g. us-east-1,eu-west-1)",
                    vars::USUAL_REGIONS
                )));
            }
            usual_regions.push(r.to_owned());
        }
        Ok(CostSettings {
            thresholds,
            usual_regions,
        })
    }
}

/// A Region code as AWS writes them (`ap-south-1`, `us-gov-west-1`): what
/// may go into a console link or a step. `global`, `NoRegion` and anything
/// an attacker wrote are not.
pub fn is_region(s: &str) -> bool {
    s.len() <= 25
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && s.split('-').count() >= 3
        && s.split('-').all(|p| !p.is_empty())
        && s.ends_with(|c: char| c.is_ascii_digit())
}

/// `$4,857.20`: dollars with cents and thousands separators.
pub fn usd(amount: f64) -> String {
    let cents = (amount.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc() as u128;
    let frac = (cents % 100.0) as u8;
    let digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 && cents > 0.0 { "-" } else { "" };
    format!("{sign}${grouped}.{frac:02}")
}

/// `$4,857` for a title: whole dollars.
fn usd_whole(amount: f64) -> String {
    let s = usd(amount.round());
    s.strip_suffix(".00").map(str::to_owned).unwrap_or(s)
}

/// `7,936.6%` (one decimal, trailing `.0` dropped).
fn percent(p: f64) -> String {
    let tenths = (p.abs() * 10.0).round() as u128;
    let whole = usd((tenths / 10) as f64);
    let whole = whole
        .trim_start_matches('$')
        .trim_end_matches(".00")
        .to_owned();
    let sign = if p < 0.0 { "-" } else { "" };
    match tenths % 10 {
        0 => format!("{sign}{whole}%"),
        d => format!("{sign}{whole}.{d}%"),
    }
}

/// A string value (trimmed, non-empty) or a number as text.
fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A finite number, written as a number or as a numeric string.
fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// At most `n` characters of event text for a note or a key, with `…`
/// when cut: a value written to be long cannot crowd the message.
fn short(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Event text as part of a dedup or case key: as it is when short and
/// plain (a UUID, a date), else its start and a hash of all of it, so the
/// key stays short (DynamoDB keys, Slack's button values) and still tells
/// values apart.
fn key_part(s: &str) -> String {
    if s.len() <= 128 && s.bytes().all(|b| b.is_ascii_graphic()) {
        return s.to_owned();
    }
    // FNV-1a, 64 bits: stable across processes, unlike the std hasher.
    let hash = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let start: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect();
    format!("{start}#{hash:016x}")
}

/// Longest date AWS's pattern allows (`2026-06-23T00:00:00Z` is 20).
const DATE_MAX: usize = 40;

/// One of AWS's ranked root causes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RootCause {
    pub service: Option<String>,
    pub region: Option<String>,
    pub usage_type: Option<String>,
    pub linked_account: Option<String>,
    pub linked_account_name: Option<String>,
    /// Its share of the impact, in dollars.
    pub contribution: Option<f64>,
}

impl RootCause {
    fn read(v: &Value) -> Option<RootCause> {
        v.as_object()?;
        let rc = RootCause {
            service: text(v, "service"),
            region: text(v, "region"),
            usage_type: text(v, "usageType"),
            linked_account: text(v, "linkedAccount"),
            linked_account_name: text(v, "linkedAccountName"),
            contribution: v.get("impact").and_then(|i| number(i.get("contribution"))),
        };
        (rc != RootCause::default()).then_some(rc)
    }

    /// The Region, if it is a Region code (see [`is_region`]).
    pub fn region_code(&self) -> Option<&str> {
        self.region.as_deref().filter(|r| is_region(r))
    }

    /// `service · region · usage type · account 1234 (name)`, in `lang`.
    fn describe(&self, lang: Lang) -> String {
        let mut parts: Vec<String> = [&self.service, &self.region, &self.usage_type]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        if let Some(id) = &self.linked_account {
            parts.push(match &self.linked_account_name {
                Some(name) => texts::V_ACCOUNT_NAMED.fill(lang, &[("id", id), ("name", name)]),
                None => texts::V_ACCOUNT.fill(lang, &[("id", id)]),
            });
        }
        let what = parts.join(" · ");
        match self.contribution {
            Some(c) => texts::V_ROOT_CAUSE.fill(lang, &[("what", &what), ("amount", &usd(c))]),
            None => what,
        }
    }
}

/// The anomaly as the event states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anomaly {
    pub anomaly_id: String,
    pub account_id: Option<String>,
    pub account_name: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub dimension_value: Option<String>,
    pub feedback: Option<String>,
    /// `impact.totalImpact`, when it is a number.
    pub total_impact: Option<f64>,
    /// `impact.totalImpact` as the event wrote it, when it is not a number.
    pub total_impact_raw: Option<String>,
    pub actual: Option<f64>,
    pub expected: Option<f64>,
    pub max_impact: Option<f64>,
    pub percentage: Option<f64>,
    pub current_score: Option<f64>,
    pub max_score: Option<f64>,
    pub root_causes: Vec<RootCause>,
    pub monitor_arn: Option<String>,
    pub monitor_name: Option<String>,
    pub details_link: Option<String>,
}

/// Reads the event's `detail`. Only `anomalyId` is required: without it the
/// case cannot be followed. Everything else is read tolerantly: a value of
/// the wrong type counts as absent (a total impact that is not a number is
/// kept as text and said).
pub fn read(detail: &Value) -> Result<Anomaly, EventError> {
    if !detail.is_object() {
        return Err(EventError::malformed(
            Source::CostAnomaly,
            "detail must be an object (the anomaly)",
        ));
    }
    let v = detail;
    let anomaly_id = text(v, "anomalyId").ok_or_else(|| {
        EventError::malformed(
            Source::CostAnomaly,
            "detail.anomalyId is missing or empty: the anomaly cannot be followed without it",
        )
    })?;
    let impact = v.get("impact").cloned().unwrap_or(Value::Null);
    let total_impact = number(impact.get("totalImpact"));
    let total_impact_raw = match (total_impact, impact.get("totalImpact")) {
        (None, Some(raw)) if !raw.is_null() => Some(raw.to_string()),
        _ => None,
    };
    let score = v.get("anomalyScore").cloned().unwrap_or(Value::Null);
    Ok(Anomaly {
        anomaly_id,
        account_id: text(v, "accountId"),
        account_name: text(v, "accountName"),
        start: text(v, "anomalyStartDate"),
        end: text(v, "anomalyEndDate"),
        dimension_value: text(v, "dimensionValue"),
        feedback: text(v, "feedback"),
        total_impact,
        total_impact_raw,
        actual: number(impact.get("totalActualSpend")),
        expected: number(impact.get("totalExpectedSpend")),
        max_impact: number(impact.get("maxImpact")),
        percentage: number(impact.get("totalImpactPercentage")),
        current_score: number(score.get("currentScore")),
        max_score: number(score.get("maxScore")),
        root_causes: v
            .get("rootCauses")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(RootCause::read).collect())
            .unwrap_or_default(),
        monitor_arn: text(v, "monitorArn"),
        monitor_name: text(v, "monitorName"),
        details_link: text(v, "anomalyDetailsLink"),
    })
}

/// Reads `2026-06-23T00:00:00Z` or `2026-06-23` (the two forms AWS's
/// `anomalyStartDate` pattern allows).
pub fn parse_day(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    parse_iso(s).or_else(|| {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    })
}

/// The event's anomaly link, if it may be a button: `https`, on
/// `console.aws.amazon.com` (or a Region's `<region>.console.aws.amazon.com`),
/// no user part or port, only characters a URL needs (none that could
/// close or bend a Slack link).
pub fn console_link(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix("https://")?;
    if raw.len() > 2000
        || !raw.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(
                    b,
                    b'<' | b'>' | b'|' | b'"' | b'`' | b'\\' | b'{' | b'}' | b'^'
                )
        })
    {
        return None;
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let ok = host == "console.aws.amazon.com"
        || host
            .strip_suffix(".console.aws.amazon.com")
            .is_some_and(is_region);
    ok.then_some(raw)
}

/// The anomaly's page in Cost Anomaly Detection, built from its ids
/// (percent-encoded), for when the event's own link cannot be a button.
pub fn anomaly_page(monitor_arn: Option<&str>, anomaly_id: &str) -> String {
    match monitor_arn.and_then(|a| a.rsplit_once("anomalymonitor/")) {
        Some((_, monitor)) if !monitor.is_empty() => format!(
            "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/{}/anomalies/{}",
            encode(monitor),
            encode(anomaly_id)
        ),
        _ => "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/overview".into(),
    }
}

const COSTS_BY_REGION: &str =
    "https://console.aws.amazon.com/cost-management/home#/cost-explorer?groupBy=%5B%22Region%22%5D";
const EC2_GLOBAL_VIEW: &str = "https://console.aws.amazon.com/ec2globalview/home";
const IAM_USERS: &str = "https://console.aws.amazon.com/iam/home#/users";
const SUPPORT_CASE: &str = "https://support.console.aws.amazon.com/support/home#/case/create";

/// How many root causes are listed one by one; the rest are counted.
pub const MAX_ROOT_CAUSES_LISTED: usize = 5;
/// How many Regions a step names before "…" (the rest are in the facts).
const MAX_REGIONS_NAMED: usize = 6;

/// The assessment someone gave the anomaly in the console, in `lang`, and
/// whether it says there is nothing to chase.
fn assessment(feedback: &str, lang: Lang) -> (String, bool) {
    match feedback {
        "YES" => (texts::V_FEEDBACK_YES.get(lang).to_owned(), false),
        "NO" => (texts::V_FEEDBACK_NO.get(lang).to_owned(), true),
        "PLANNED_ACTIVITY" => (texts::V_FEEDBACK_PLANNED.get(lang).to_owned(), true),
        other => (other.to_owned(), false),
    }
}

/// Turns an `Anomaly Detected` event into an alert.
pub fn normalise(
    env: &Envelope,
    ctx: &Ctx,
    settings: &CostSettings,
) -> Result<Outcome, EventError> {
    let a = read(&env.detail)?;
    let lang = ctx.lang;
    if let Some(i) = a.total_impact.filter(|i| *i <= 0.0) {
        return Ok(Outcome::skip(format!(
            "cost anomaly {}: total impact {} is not over what AWS expected",
            a.anomaly_id,
            usd(i)
        )));
    }
    let mut notes = Vec::new();
    let (start_raw, end_raw) = (
        a.start.as_deref().map(|d| short(d, DATE_MAX)),
        a.end.as_deref().map(|d| short(d, DATE_MAX)),
    );
    let start = read_time(
        "detail.anomalyStartDate",
        start_raw.as_deref(),
        parse_day,
        lang,
        &mut notes,
    );
    let end = read_time(
        "detail.anomalyEndDate",
        end_raw.as_deref(),
        parse_day,
        lang,
        &mut notes,
    );
    let told = env.told_at(&[], ctx.received, lang, &mut notes);
    let first = start.filter(|s| *s <= told).unwrap_or(told);

    let mut severity = match a.total_impact {
        Some(i) => settings.thresholds.severity(i),
        None => {
            notes.push(match &a.total_impact_raw {
                Some(raw) => texts::N_IMPACT_UNREADABLE.fill(lang, &[("raw", &short(raw, 40))]),
                None => texts::N_IMPACT_MISSING.get(lang).to_owned(),
            });
            Severity::High
        }
    };
    // Someone already judged it in the console: nothing to chase.
    let assessed = a.feedback.as_deref().map(|f| {
        let (word, settled) = assessment(f, lang);
        if settled {
            severity = Severity::Info;
            notes.push(texts::N_ASSESSED.fill(lang, &[("what", &word)]));
        }
        word
    });

    let top = a.root_causes.first();
    let service = top
        .and_then(|r| r.service.clone())
        .or_else(|| a.dimension_value.clone());
    let top_region = top.and_then(RootCause::region_code);
    let title = match (a.total_impact, &service, top_region) {
        (Some(i), Some(s), Some(r)) => texts::T_SERVICE_REGION.fill(
            lang,
            &[("impact", &usd_whole(i)), ("service", s), ("region", &r)],
        ),
        (Some(i), Some(s), None) => {
            texts::T_SERVICE.fill(lang, &[("impact", &usd_whole(i)), ("service", s)])
        }
        (Some(i), None, _) => texts::T_PLAIN.fill(lang, &[("impact", &usd_whole(i))]),
        (None, Some(s), _) => texts::T_NO_IMPACT.fill(lang, &[("service", s)]),
        (None, None, _) => texts::T_NO_IMPACT_PLAIN.get(lang).to_owned(),
    };

    let mut alert = Alert::new(
        Source::CostAnomaly,
        &env.detail_type,
        severity,
        title,
        first,
    );
    alert.notes = notes;
    alert.latest_activity = end.filter(|e| *e > first);
    alert.clock = CaseClock::new(banded("cost", severity), told);
    let monitor_account = a.account_id.clone().unwrap_or_else(|| env.account.clone());
    // Where the money goes: the top root cause's account and Region, else
    // the monitor's account and Cost Anomaly Detection's home Region.
    alert.account = top
        .and_then(|r| r.linked_account.clone())
        .unwrap_or_else(|| monitor_account.clone());
    alert.region = top_region.map_or_else(|| env.region.clone(), str::to_owned);
    let (account_key, anomaly_key) = (key_part(&monitor_account), key_part(&a.anomaly_id));
    alert.case_key = format!("cost-anomaly:{account_key}:{anomaly_key}");
    // AWS re-sends an ongoing anomaly with a new end date and impact: a new
    // version of the case. The same evaluation delivered twice is one.
    alert.dedup_key = format!(
        "cost-anomaly:{account_key}:{anomaly_key}:{}:{}",
        key_part(a.end.as_deref().unwrap_or("-")),
        a.total_impact
            .map(|i| format!("{i:.2}"))
            .or_else(|| a.total_impact_raw.as_deref().map(key_part))
            .unwrap_or_else(|| key_part(&env.time))
    );
    alert.group_key = format!("cost-anomaly:{anomaly_key}");

    facts(&mut alert, &a, start, end, assessed, lang);
    let unusual = unusual_regions(&a, settings);
    if !unusual.is_empty() {
        alert.fact(texts::F_UNUSUAL_REGIONS.get(lang), unusual.join(", "));
    }
    if monitor_account != alert.account {
        let shown = match &a.account_name {
            Some(n) => format!("{monitor_account} ({n})"),
            None => monitor_account.clone(),
        };
        alert.fact(texts::F_MONITOR_ACCOUNT.get(lang), shown);
    }
    alert.fact(texts::F_ANOMALY_ID.get(lang), &a.anomaly_id);
    if let Some(arn) = &a.monitor_arn {
        alert.resources.push(arn.clone());
    }

    let own = anomaly_page(a.monitor_arn.as_deref(), &a.anomaly_id);
    let link = match a.details_link.as_deref() {
        Some(raw) => match console_link(raw) {
            Some(ok) => ok.to_owned(),
            None => {
                alert.fact(texts::F_AWS_LINK_TEXT.get(lang), raw);
                alert
                    .notes
                    .push(texts::N_LINK_NOT_OPENED.get(lang).to_owned());
                own
            }
        },
        None => own,
    };
    alert
        .link(texts::L_ANOMALY.get(lang), link)
        .link(texts::L_COSTS_BY_REGION.get(lang), COSTS_BY_REGION.into())
        .link(texts::L_EC2_GLOBAL_VIEW.get(lang), EC2_GLOBAL_VIEW.into())
        .link(texts::L_IAM_USERS.get(lang), IAM_USERS.into())
        .link(texts::L_SUPPORT_CASE.get(lang), SUPPORT_CASE.into());

    steps(&mut alert, &a, &unusual, settings, lang);
    ctx.policy.apply(&mut alert);
    Ok(Outcome::notify(alert))
}

fn facts(
    alert: &mut Alert,
    a: &Anomaly,
    start: Option<chrono::DateTime<chrono::Utc>>,
    end: Option<chrono::DateTime<chrono::Utc>>,
    assessed: Option<String>,
    lang: Lang,
) {
    if let Some(i) = a.total_impact {
        let value = match (a.percentage, a.expected) {
            (_, Some(0.0)) => texts::V_NEW_SPEND.fill(lang, &[("amount", &usd(i))]),
            (Some(p), _) => {
                texts::V_PERCENT.fill(lang, &[("amount", &usd(i)), ("percent", &percent(p))])
            }
            (None, _) => usd(i),
        };
        alert.fact(texts::F_TOTAL_IMPACT.get(lang), value);
    } else if let Some(raw) = &a.total_impact_raw {
        alert.fact(texts::F_TOTAL_IMPACT.get(lang), raw);
    }
    alert
        .fact_opt(texts::F_ACTUAL.get(lang), a.actual.map(usd))
        .fact_opt(texts::F_EXPECTED.get(lang), a.expected.map(usd))
        .fact_opt(texts::F_MAX_IMPACT.get(lang), a.max_impact.map(usd));
    let day = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d").to_string();
    let dates = match (start, end) {
        (Some(s), Some(e)) if e > s => Some(texts::V_DATES_ONGOING.fill(
            lang,
            &[
                ("start", &day(s)),
                ("end", &day(e)),
                ("days", &((e - s).num_days() + 1)),
            ],
        )),
        (Some(s), _) => Some(texts::V_ONE_DAY.fill(lang, &[("start", &day(s))])),
        // Unreadable: as the event wrote them (a note says so).
        (None, _) => match (&a.start, &a.end) {
            (None, None) => None,
            (s, e) => Some(format!(
                "{} → {}",
                s.as_deref().map_or("?".into(), |d| short(d, DATE_MAX)),
                e.as_deref().map_or("?".into(), |d| short(d, DATE_MAX))
            )),
        },
    };
    alert.fact_opt(texts::F_DATES.get(lang), dates);
    for (i, rc) in a
        .root_causes
        .iter()
        .take(MAX_ROOT_CAUSES_LISTED)
        .enumerate()
    {
        alert.fact(
            &texts::F_ROOT_CAUSE.fill(lang, &[("n", &(i + 1))]),
            rc.describe(lang),
        );
    }
    let rest = &a.root_causes[a.root_causes.len().min(MAX_ROOT_CAUSES_LISTED)..];
    if !rest.is_empty() {
        let amounts: Vec<f64> = rest.iter().filter_map(|r| r.contribution).collect();
        let value = if amounts.len() == rest.len() {
            texts::V_MORE_ROOT_CAUSES.fill(
                lang,
                &[("n", &rest.len()), ("amount", &usd(amounts.iter().sum()))],
            )
        } else {
            texts::V_MORE_ROOT_CAUSES_NO_AMOUNT.fill(lang, &[("n", &rest.len())])
        };
        alert.fact(texts::F_MORE_ROOT_CAUSES.get(lang), value);
    }
    alert
        .fact_opt(texts::F_MONITOR.get(lang), a.monitor_name.clone())
        .fact_opt(texts::F_DIMENSION.get(lang), a.dimension_value.clone());
    if let (Some(c), Some(m)) = (a.current_score, a.max_score) {
        alert.fact(
            texts::F_SCORE.get(lang),
            texts::V_SCORE.fill(lang, &[("current", &c), ("max", &m)]),
        );
    }
    alert.fact_opt(texts::F_ASSESSMENT.get(lang), assessed);
}

/// The root causes' Regions (codes only), in AWS's order, once each.
fn regions(a: &Anomaly) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for r in a.root_causes.iter().filter_map(RootCause::region_code) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Root-cause Regions that are not among the Regions ops said they use.
fn unusual_regions(a: &Anomaly, settings: &CostSettings) -> Vec<String> {
    if settings.usual_regions.is_empty() {
        return Vec::new();
    }
    regions(a)
        .into_iter()
        .filter(|r| !settings.usual_regions.iter().any(|u| u == r))
        .map(str::to_owned)
        .collect()
}

fn named(regions: &[impl AsRef<str>]) -> String {
    let mut shown: Vec<&str> = regions
        .iter()
        .take(MAX_REGIONS_NAMED)
        .map(AsRef::as_ref)
        .collect();
    if regions.len() > MAX_REGIONS_NAMED {
        shown.push("…");
    }
    shown.join(", ")
}

/// What to do: the triage question first, then AWS's guidance for
/// unexpected charges and a compromised account (README: "Cost anomaly:
/// what on-call is told to do" cites the pages).
fn steps(alert: &mut Alert, a: &Anomaly, unusual: &[String], settings: &CostSettings, lang: Lang) {
    let regions = regions(a);
    alert.step(texts::S_TRIAGE.get(lang));
    if regions.is_empty() {
        alert.step(texts::S_EVERY_REGION.get(lang));
    } else {
        alert.step(texts::S_EVERY_REGION_FIRST.fill(lang, &[("regions", &named(&regions))]));
    }
    if !unusual.is_empty() {
        alert.step(texts::S_UNUSED_REGION_KNOWN.fill(lang, &[("regions", &named(unusual))]));
    } else if settings.usual_regions.is_empty() && !regions.is_empty() {
        alert.step(texts::S_UNUSED_REGION_UNKNOWN.fill(lang, &[("regions", &named(&regions))]));
    }
    let ec2 = a.root_causes.iter().any(|r| {
        r.service
            .as_deref()
            .is_some_and(|s| s.contains("Elastic Compute Cloud") || s.contains("EC2"))
    }) || a
        .dimension_value
        .as_deref()
        .is_some_and(|s| s.contains("Elastic Compute Cloud") || s.contains("EC2"));
    if ec2 {
        alert.step(texts::S_EC2_STOP.get(lang));
    }
    alert.step(texts::S_CLOUDTRAIL.get(lang));
    alert.step(texts::S_IAM.get(lang));
    alert.step(texts::S_SUPPORT.get(lang));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_read_as_people_write_them() {
        assert_eq!(usd(4857.2), "$4,857.20");
        assert_eq!(usd(0.004), "$0.00");
        assert_eq!(usd(999.995), "$1,000.00");
        assert_eq!(usd(1234567.891), "$1,234,567.89");
        assert_eq!(usd(-12.5), "-$12.50");
        assert_eq!(usd_whole(4857.2), "$4,857");
        assert_eq!(percent(7936.6), "7,936.6%");
        assert_eq!(percent(266.06), "266.1%");
        assert_eq!(percent(100.0), "100%");
    }

    #[test]
    fn region_codes_are_told_from_other_text() {
        for ok in ["ap-south-1", "us-gov-west-1", "eu-central-2", "cn-north-1"] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "global",
            "NoRegion",
            "",
            "ap-south-1\n<!here>",
            "evil.example/x",
            "us-east-1a",
            "a--1",
            "-east-1",
        ] {
            assert!(!is_region(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_an_https_link_on_the_aws_console_is_a_link() {
        let ok = "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/m/anomalies/a";
        assert_eq!(console_link(ok), Some(ok));
        assert!(
            console_link("https://us-east-1.console.aws.amazon.com/cost-management/home#/x")
                .is_some()
        );
        for bad in [
            "http://console.aws.amazon.com/cost-management/home",
            "https://console.aws.amazon.com.evil.example/x",
            "https://evil.example/console.aws.amazon.com/",
            "https://user@console.aws.amazon.com/x",
            "https://console.aws.amazon.com:8443/x",
            "https://evil.example#.console.aws.amazon.com",
            "https://console.aws.amazon.com/x|Click here",
            "https://console.aws.amazon.com/x>",
            "https://console.aws.amazon.com/a b",
            "https://x.y.console.aws.amazon.com/x",
            "javascript:alert(1)",
        ] {
            assert_eq!(console_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn thresholds_read_levels_in_any_order_and_refuse_bad_ones_by_name() {
        assert_eq!(Thresholds::parse("").unwrap(), Thresholds::default());
        let t = Thresholds::parse("high=250, critical=$5000,medium=20").unwrap();
        assert_eq!((t.medium, t.high, t.critical), (20.0, 250.0, 5000.0));
        assert_eq!(t.severity(19.99), Severity::Low);
        assert_eq!(t.severity(20.0), Severity::Medium);
        assert_eq!(t.severity(250.0), Severity::High);
        assert_eq!(t.severity(5000.0), Severity::Critical);
        for (bad, named) in [
            ("critical", "\"critical\""),
            ("huge=10", "huge"),
            ("high=lots", "lots"),
            ("high=-5", "-5"),
            ("high=2000", "must rise"),
            ("critical=50", "must rise"),
            ("high=NaN", "NaN"),
        ] {
            let e = Thresholds::parse(bad).unwrap_err().to_string();
            assert!(
                e.contains(vars::THRESHOLDS) && e.contains(named),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn usual_regions_must_be_region_codes() {
        let get = |v: &'static str| move |k: &str| (k == vars::USUAL_REGIONS).then(|| v.to_owned());
        let s = CostSettings::from_lookup(get("us-east-1, eu-west-1")).unwrap();
        assert_eq!(s.usual_regions, ["us-east-1", "eu-west-1"]);
        let e = CostSettings::from_lookup(get("us-east-1,Tokyo")).unwrap_err();
        assert!(e.to_string().contains("\"Tokyo\""), "{e}");
    }

    #[test]
    fn keys_stay_short_and_distinct_whatever_the_event_wrote() {
        let id = "9a4d6c2e-1f3b-4a5c-8d7e-6f5a4b3c2d1e";
        assert_eq!(key_part(id), id);
        let long = format!("{id}{}", "<!channel>".repeat(150));
        let k = key_part(&long);
        assert!(k.len() <= 60 && k.starts_with("9a4d6c2e1f3b"), "{k}");
        assert_eq!(k, key_part(&long));
        assert_ne!(k, key_part(&format!("{long}x")));
        assert_ne!(key_part("a b"), "a b");
        assert_eq!(short("2026-06-23", 40), "2026-06-23");
        assert_eq!(short("ééééé", 3), "ééé…");
    }

    #[test]
    fn the_anomaly_page_is_built_from_encoded_ids() {
        assert_eq!(
            anomaly_page(Some("arn:aws:ce::1:anomalymonitor/m-1"), "a/b?c"),
            "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/m-1/anomalies/a%2Fb%3Fc"
        );
        assert!(anomaly_page(None, "a").ends_with("/overview"));
    }
}
