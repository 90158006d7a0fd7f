//! Heartbeats: proof that each spoke — the EventBridge rules of one account
//! in one Region, forwarding to the hub's bus — is still heard.
//!
//! Every spoke's schedule puts a `respondby.heartbeat` event (`detail-type`
//! `Respond By Heartbeat`, detail `{"spoke": name, "interval_minutes": n}`)
//! on its default bus, and its rule forwards it like any event; the
//! envelope keeps the spoke's `account` and `region`. The hub's own Region
//! heartbeats through its default bus like any spoke.
//!
//! - A heartbeat is one conditional write of 1 write unit to the spoke
//!   table (`SPOKE_TABLE`): the spoke's item, `<account>#<region>` in the
//!   table's one partition, with when it was last heard (never moved
//!   backwards) and when it will be silent, `due_at` ([`store`]).
//! - Every five minutes the silence check Queries that partition — every
//!   spoke, a page at a time, never a Scan — decides in memory which are
//!   silent, and posts one alert per silent spoke through core's flow
//!   (claimed in the state table, so overlapping runs post once; tracked
//!   there as a case, so it is reminded of until someone answers), to the
//!   `*` route.
//! - A spoke heard again posts its recovery, which resolves the case.
//! - `EXPECTED_SPOKES` names spokes that must be heard even if they never
//!   were ([`Expected`]).
//!
//! Everything here but [`run`] is pure: the times are arguments, so tests
//! run a simulated clock.

pub mod store;
pub mod texts;

#[cfg(feature = "aws")]
pub mod run;

use chrono::{DateTime, Utc};
use respondby_core::accounts::{is_account_id, AccountNames};
use respondby_core::clock::CaseClock;
use respondby_core::event::{detail_as, Ctx, Envelope, EventError};
use respondby_core::links::console_region;
use respondby_core::time::{human_utc, parse_iso, span};
use respondby_core::{Alert, ConfigError, Lang, Outcome, Severity, Source, Status};
use serde::Deserialize;

/// `SPOKE_SILENCE_MINUTES` unless set.
pub const DEFAULT_SILENCE_MINUTES: u32 = 150;
/// `HEARTBEAT_MINUTES` (the spokes' schedule) unless set.
pub const DEFAULT_HEARTBEAT_MINUTES: u32 = 60;
/// The Region of an account-wide expectation (`111122223333/*`).
pub const ANY_REGION: &str = "*";

/// A Region name as AWS writes them (`us-east-1`, `us-gov-west-1`).
pub fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    r.len() <= 25
        && parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// One spoke: an account in a Region (or, for an expectation, in any).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpokeId {
    pub account: String,
    pub region: String,
}

impl SpokeId {
    pub fn new(account: &str, region: &str) -> SpokeId {
        SpokeId {
            account: account.to_owned(),
            region: region.to_owned(),
        }
    }

    /// Its item's sort key in the spoke table: `<account>#<region>`.
    pub fn key(&self) -> String {
        format!("{}#{}", self.account, self.region)
    }

    /// From an item's sort key.
    pub fn from_key(key: &str) -> Option<SpokeId> {
        let (account, region) = key.split_once('#')?;
        Some(SpokeId::new(account, region))
    }

    /// `111122223333/us-east-1`.
    pub fn text(&self) -> String {
        format!("{}/{}", self.account, self.region)
    }

    /// `ACCOUNT/REGION` (as `respondby coverage --forget` takes it).
    pub fn parse(s: &str) -> Result<SpokeId, String> {
        let (a, r) = s
            .trim()
            .split_once('/')
            .ok_or_else(|| format!("{s:?} is not ACCOUNT/REGION"))?;
        if !is_account_id(a) {
            return Err(format!("{s:?}: {a:?} is not a 12-digit account id"));
        }
        if r != ANY_REGION && !is_region(r) {
            return Err(format!("{s:?}: {r:?} is not a Region name"));
        }
        Ok(SpokeId::new(a, r))
    }

    /// An account-wide expectation, not a spoke.
    pub fn any_region(&self) -> bool {
        self.region == ANY_REGION
    }
}

/// The heartbeat event's detail.
#[derive(Debug, Deserialize)]
struct Detail {
    #[serde(default)]
    spoke: Option<String>,
    #[serde(default)]
    interval_minutes: Option<serde_json::Value>,
}

/// One heartbeat, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heartbeat {
    pub id: SpokeId,
    /// The spoke's own name (its stack's), as it says: text, not trusted.
    pub spoke: Option<String>,
    pub interval_minutes: Option<u32>,
    /// When it was sent: the envelope's time, never later than it was
    /// received (a clock ahead would hide a silence).
    pub at: DateTime<Utc>,
    pub event_id: String,
}

/// Reads a heartbeat. Its account and Region are the envelope's (the
/// spoke's: a forwarded event keeps them).
pub fn heartbeat(env: &Envelope, received: DateTime<Utc>) -> Result<Heartbeat, EventError> {
    let d: Detail = detail_as(Source::Heartbeat, &env.detail)?;
    if !is_account_id(&env.account) {
        return Err(EventError::malformed(
            Source::Heartbeat,
            format!("account {:?} is not a 12-digit account id", env.account),
        ));
    }
    if !is_region(&env.region) {
        return Err(EventError::malformed(
            Source::Heartbeat,
            format!("region {:?} is not a Region name", env.region),
        ));
    }
    let interval_minutes = match &d.interval_minutes {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .filter(|m| (1..=10_080).contains(m))
                .ok_or_else(|| {
                    EventError::malformed(
                        Source::Heartbeat,
                        format!("detail.interval_minutes {v} is not whole minutes from 1 to 10080"),
                    )
                })? as u32,
        ),
    };
    let spoke: Option<String> = d
        .spoke
        .map(|s| s.chars().filter(|c| !c.is_control()).take(128).collect())
        .filter(|s: &String| !s.trim().is_empty());
    let at = parse_iso(&env.time)
        .filter(|t| *t <= received)
        .unwrap_or(received);
    Ok(Heartbeat {
        id: SpokeId::new(&env.account, &env.region),
        spoke,
        interval_minutes,
        at,
        event_id: env.id.clone(),
    })
}

/// What `respondby preview` says of a heartbeat: it is recorded, not
/// posted.
pub fn normalise(env: &Envelope, ctx: &Ctx) -> Result<Outcome, EventError> {
    let hb = heartbeat(env, ctx.received)?;
    Ok(Outcome::skip(format!(
        "heartbeat of spoke {} ({}, every {} minutes): the heartbeat function records it; only a silence and its recovery are posted",
        hb.id.text(),
        hb.spoke.as_deref().unwrap_or("unnamed"),
        hb.interval_minutes
            .map_or("?".to_owned(), |m| m.to_string())
    )))
}

/// `EXPECTED_SPOKES`: spokes that must be heard, also if they never were.
///
/// Comma- or space-separated:
/// - `111122223333/us-east-1`: that account in that Region;
/// - `111122223333/*`: that account in at least one Region (the account
///   is covered at all);
/// - `*/ap-south-1`: that Region in every account the hub knows (heard
///   anywhere, or named here).
///
/// The forms combine: `111122223333/* 444455556666/* */us-east-1
/// */ap-northeast-1` expects two accounts, each in both Regions, within the
/// 4 KB Lambda gives all variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    pub spokes: Vec<SpokeId>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
}

impl Expected {
    pub fn parse(s: &str) -> Result<Expected, String> {
        let mut e = Expected::default();
        for entry in s
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            let (a, r) = entry
                .split_once('/')
                .ok_or_else(|| format!("{entry:?} is not ACCOUNT/REGION, ACCOUNT/* or */REGION"))?;
            match (a, r) {
                ("*", "*") => {
                    return Err(format!(
                        "{entry:?} expects nothing in particular: name an account or a Region"
                    ))
                }
                ("*", r) if is_region(r) => push(&mut e.regions, r.to_owned()),
                (a, "*") if is_account_id(a) => push(&mut e.accounts, a.to_owned()),
                (a, r) if is_account_id(a) && is_region(r) => {
                    push(&mut e.spokes, SpokeId::new(a, r))
                }
                (a, _) if a != "*" && !is_account_id(a) => {
                    return Err(format!("{entry:?}: {a:?} is not a 12-digit account id"))
                }
                (_, r) => return Err(format!("{entry:?}: {r:?} is not a Region name")),
            }
        }
        Ok(e)
    }

    pub fn is_empty(&self) -> bool {
        self.spokes.is_empty() && self.accounts.is_empty() && self.regions.is_empty()
    }

    /// Every account named.
    pub fn named_accounts(&self) -> impl Iterator<Item = &str> {
        self.spokes
            .iter()
            .map(|s| s.account.as_str())
            .chain(self.accounts.iter().map(String::as_str))
    }

    /// The spokes expected in particular, given the accounts the hub knows:
    /// the listed ones, and each `*/REGION` in every known account.
    pub fn wanted<'a>(&self, known: impl IntoIterator<Item = &'a str>) -> Vec<SpokeId> {
        let mut out = self.spokes.clone();
        let mut accounts: Vec<&str> = known.into_iter().collect();
        accounts.extend(self.named_accounts());
        accounts.sort_unstable();
        accounts.dedup();
        for a in accounts {
            for r in &self.regions {
                push(&mut out, SpokeId::new(a, r));
            }
        }
        out
    }
}

fn push<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The heartbeat function's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    /// `SPOKE_SILENCE_MINUTES`: a spoke not heard for this long is silent.
    pub silence_minutes: u32,
    /// `EXPECTED_SPOKES`.
    pub expected: Expected,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            silence_minutes: DEFAULT_SILENCE_MINUTES,
            expected: Expected::default(),
        }
    }
}

pub mod vars {
    pub const SPOKE_SILENCE_MINUTES: &str = "SPOKE_SILENCE_MINUTES";
    pub const EXPECTED_SPOKES: &str = "EXPECTED_SPOKES";
    pub const HEARTBEAT_MINUTES: &str = "HEARTBEAT_MINUTES";
}

impl Watch {
    /// `SPOKE_SILENCE_MINUTES` (default 150, 10 to 10080), `EXPECTED_SPOKES`,
    /// and `HEARTBEAT_MINUTES` (default 60), against which the silence is
    /// checked: shorter than two beats, every late beat would page.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Watch, ConfigError> {
        let value = |k: &str| {
            get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let minutes = |k: &str, default: u32| match value(k) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(m) if (1..=10_080).contains(&m) => Ok(m),
                _ => Err(ConfigError(format!(
                    "{k} must be whole minutes from 1 to 10080, got {v:?}"
                ))),
            },
        };
        let silence_minutes = minutes(vars::SPOKE_SILENCE_MINUTES, DEFAULT_SILENCE_MINUTES)?;
        let beat = minutes(vars::HEARTBEAT_MINUTES, DEFAULT_HEARTBEAT_MINUTES)?;
        if silence_minutes < 2 * beat {
            return Err(ConfigError(format!(
                "{} ({silence_minutes}) must be at least twice {} ({beat}): a spoke is silent once it missed two heartbeats, not one late one",
                vars::SPOKE_SILENCE_MINUTES,
                vars::HEARTBEAT_MINUTES
            )));
        }
        let expected = Expected::parse(&value(vars::EXPECTED_SPOKES).unwrap_or_default())
            .map_err(|e| ConfigError(format!("{}: {e}", vars::EXPECTED_SPOKES)))?;
        Ok(Watch {
            silence_minutes,
            expected,
        })
    }

    /// How long a spoke beating every `interval` minutes may be quiet:
    /// `SPOKE_SILENCE_MINUTES`, or two of its own beats if that is longer.
    pub fn silence_secs(&self, interval: Option<u32>) -> i64 {
        let own = interval.map_or(0, |m| 2 * m);
        i64::from(self.silence_minutes.max(own)) * 60
    }
}

/// A spoke as the spoke table keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoke {
    pub id: SpokeId,
    pub spoke: Option<String>,
    pub interval_minutes: Option<u32>,
    /// Epoch seconds of the latest heartbeat; none: never heard.
    pub last_heard: Option<i64>,
    /// When `EXPECTED_SPOKES` started expecting it (a spoke never heard).
    pub expected_since: Option<i64>,
    /// Set while a silence alert is out: its episode (the `since` it was
    /// silent from). Cleared when its recovery is posted.
    pub silent_episode: Option<i64>,
    /// When it is (or was) silent.
    pub due_at: i64,
}

/// What `respondby coverage` says of a spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    Heard,
    Silent,
    NeverHeard,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Heard => "heard",
            Coverage::Silent => "silent",
            Coverage::NeverHeard => "never heard",
        }
    }
}

impl Spoke {
    /// What its silence counts from: its last heartbeat, else when it was
    /// first expected.
    pub fn since(&self) -> i64 {
        self.last_heard
            .or(self.expected_since)
            .unwrap_or(self.due_at)
    }

    pub fn coverage(&self, now: i64) -> Coverage {
        match self.last_heard {
            None => Coverage::NeverHeard,
            Some(_) if self.due_at <= now => Coverage::Silent,
            Some(_) => Coverage::Heard,
        }
    }
}

/// One line of `respondby coverage`: a spoke, or a spoke `EXPECTED_SPOKES`
/// names that the hub has not listed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub account: String,
    pub region: String,
    pub spoke: Option<String>,
    pub last_heard: Option<i64>,
    pub status: Coverage,
}

/// Every spoke the state table holds, and the expected ones it does not
/// hold yet, by account and Region.
pub fn coverage_rows(
    spokes: &[Spoke],
    expected: &Expected,
    now: DateTime<Utc>,
) -> Vec<CoverageRow> {
    let mut rows: Vec<CoverageRow> = spokes
        .iter()
        .map(|s| CoverageRow {
            account: s.id.account.clone(),
            region: s.id.region.clone(),
            spoke: s.spoke.clone(),
            last_heard: s.last_heard,
            status: s.coverage(now.timestamp()),
        })
        .collect();
    let present: std::collections::BTreeSet<&SpokeId> = spokes.iter().map(|s| &s.id).collect();
    let heard: Vec<&str> = spokes
        .iter()
        .filter(|s| s.last_heard.is_some())
        .map(|s| s.id.account.as_str())
        .collect();
    let mut missing: Vec<SpokeId> = expected
        .wanted(heard)
        .into_iter()
        .filter(|id| !present.contains(id))
        .collect();
    for a in &expected.accounts {
        if !spokes.iter().any(|s| &s.id.account == a) {
            missing.push(SpokeId::new(a, ANY_REGION));
        }
    }
    rows.extend(missing.into_iter().map(|id| CoverageRow {
        account: id.account,
        region: id.region,
        spoke: None,
        last_heard: None,
        status: Coverage::NeverHeard,
    }));
    rows.sort_by(|a, b| (&a.account, &a.region).cmp(&(&b.account, &b.region)));
    rows
}

fn when(t: i64) -> DateTime<Utc> {
    respondby_core::store::from_epoch(t)
}

/// `111122223333 (prod-payments)`.
fn account_shown(account: &str, names: &AccountNames) -> String {
    match names.name(account) {
        Some(n) => format!("{account} ({n})"),
        None => account.to_owned(),
    }
}

/// The case of one silence episode of a spoke.
pub fn case_key(id: &SpokeId, episode: i64) -> String {
    format!("heartbeat:{}:{}:{episode}", id.account, id.region)
}

fn links(a: &mut Alert, region: &str, lang: Lang) {
    if region == ANY_REGION {
        return;
    }
    let r = console_region(region).to_owned();
    a.link(
        texts::L_STACKS.get(lang),
        format!("https://{r}.console.aws.amazon.com/cloudformation/home?region={r}#/stacks"),
    );
    a.link(
        texts::L_RULES.get(lang),
        format!("https://{r}.console.aws.amazon.com/events/home?region={r}#/rules"),
    );
    a.link(
        texts::L_SCHEDULES.get(lang),
        format!("https://{r}.console.aws.amazon.com/scheduler/home?region={r}#schedules"),
    );
}

/// The alert for a spoke found silent (or never heard) at `now`.
pub fn silence_alert(
    s: &Spoke,
    watch: &Watch,
    names: &AccountNames,
    now: i64,
    lang: Lang,
) -> Alert {
    let since = s.since();
    let account = account_shown(&s.id.account, names);
    let region_shown = if s.id.any_region() {
        texts::ANY_REGION.get(lang).to_owned()
    } else {
        s.id.region.clone()
    };
    let (kind, title, description) = match (s.last_heard, s.id.any_region()) {
        (Some(_), _) => (
            "SpokeSilent",
            texts::T_SILENT.fill(
                lang,
                &[
                    ("account", &account),
                    ("region", &region_shown),
                    ("since", &human_utc(when(since))),
                ],
            ),
            texts::D_SILENT.fill(
                lang,
                &[("limit", &(watch.silence_secs(s.interval_minutes) / 60))],
            ),
        ),
        (None, true) => (
            "AccountNeverHeard",
            texts::T_NEVER_ACCOUNT.fill(lang, &[("account", &account)]),
            texts::D_NEVER.get(lang).to_owned(),
        ),
        (None, false) => (
            "SpokeNeverHeard",
            texts::T_NEVER.fill(lang, &[("account", &account), ("region", &region_shown)]),
            texts::D_NEVER.get(lang).to_owned(),
        ),
    };
    // "Last heard" (or expected since) is the alert's first-reported time;
    // the deadline counts from now, when the hub noticed.
    let mut a = Alert::new(Source::Heartbeat, kind, Severity::High, title, when(since));
    a.account = s.id.account.clone();
    a.account_name = names.name(&s.id.account).map(str::to_owned);
    a.region = s.id.region.clone();
    a.clock = CaseClock::new("heartbeat", when(now));
    a.case_key = case_key(&s.id, since);
    a.dedup_key = format!("{}:silent", a.case_key);
    a.group_key = format!("heartbeat:{}:{}", s.id.account, s.id.region);
    a.description = Some(description);
    a.fact_opt(texts::F_SPOKE.get(lang), s.spoke.clone());
    if let Some(m) = s.interval_minutes {
        a.fact(
            texts::F_EVERY.get(lang),
            texts::V_MINUTES.fill(lang, &[("n", &m)]),
        );
    }
    if s.last_heard.is_none() {
        a.fact_opt(
            texts::F_EXPECTED_SINCE.get(lang),
            s.expected_since.map(|t| human_utc(when(t))),
        );
    }
    a.fact(
        texts::F_SILENT_FOR.get(lang),
        span(when(now) - when(since), lang),
    );
    for step in [
        texts::S_STACK,
        texts::S_RULE,
        texts::S_SCHEDULE,
        texts::S_POLICY,
        texts::S_RETIRED,
    ] {
        a.step(step.get(lang));
    }
    links(&mut a, &s.id.region, lang);
    a
}

/// The recovery of a silence episode: the spoke `id` (as it was while
/// silent: `was`) heard again at `heard`.
pub fn recovery_alert(
    was: &Spoke,
    episode: i64,
    heard: i64,
    heard_in: &str,
    names: &AccountNames,
    lang: Lang,
) -> Alert {
    let account = account_shown(&was.id.account, names);
    let title = texts::T_RECOVERED.fill(lang, &[("account", &account), ("region", &heard_in)]);
    let mut a = Alert::new(
        Source::Heartbeat,
        "SpokeHeardAgain",
        Severity::Info,
        title,
        when(episode),
    );
    a.status = Status::Recovered;
    a.account = was.id.account.clone();
    a.account_name = names.name(&was.id.account).map(str::to_owned);
    a.region = heard_in.to_owned();
    a.latest_activity = Some(when(heard));
    a.clock = CaseClock::new("heartbeat", when(heard));
    a.case_key = case_key(&was.id, episode);
    a.dedup_key = format!("{}:recovered", a.case_key);
    a.group_key = format!("heartbeat:{}:{}", was.id.account, was.id.region);
    a.fact_opt(texts::F_SPOKE.get(lang), was.spoke.clone());
    a.fact(texts::F_HEARD_AGAIN.get(lang), human_utc(when(heard)));
    a.fact(
        texts::F_WAS_SILENT.get(lang),
        span(when(heard) - when(episode), lang),
    );
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_aws_region_names() {
        for ok in [
            "us-east-1",
            "ap-south-1",
            "us-gov-west-1",
            "eu-central-2",
            "il-central-1",
        ] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in [
            "global",
            "us-east",
            "US-EAST-1",
            "us-east-1a",
            "",
            "x-y-1",
            "us--1",
        ] {
            assert!(!is_region(bad), "{bad}");
        }
    }

    #[test]
    fn expected_spokes_read_each_form_and_name_a_wrong_entry() {
        let e = Expected::parse(
            "111122223333/us-east-1, 444455556666/* */ap-south-1,*/us-east-1\n111122223333/us-east-1",
        )
        .unwrap();
        assert_eq!(e.spokes, [SpokeId::new("111122223333", "us-east-1")]);
        assert_eq!(e.accounts, ["444455556666"]);
        assert_eq!(e.regions, ["ap-south-1", "us-east-1"]);
        let wanted = e.wanted(["777788889999"]);
        for s in [
            "111122223333/us-east-1",
            "111122223333/ap-south-1",
            "444455556666/ap-south-1",
            "444455556666/us-east-1",
            "777788889999/ap-south-1",
            "777788889999/us-east-1",
        ] {
            assert!(
                wanted.contains(&SpokeId::parse(s).unwrap()),
                "{s}: {wanted:?}"
            );
        }
        assert_eq!(wanted.len(), 6, "{wanted:?}");
        for (bad, says) in [
            ("111122223333", "ACCOUNT/REGION"),
            ("*/*", "nothing in particular"),
            ("1111/us-east-1", "12-digit"),
            ("111122223333/mumbai", "Region name"),
        ] {
            let err = Expected::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn silence_is_two_missed_beats_at_least_and_checked_against_the_schedule() {
        let get = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let w = Watch::from_lookup(get(&[])).unwrap();
        assert_eq!(w.silence_minutes, 150);
        assert_eq!(w.silence_secs(Some(60)), 150 * 60);
        assert_eq!(
            w.silence_secs(Some(120)),
            240 * 60,
            "a slower spoke's own two beats"
        );
        let e = Watch::from_lookup(get(&[("SPOKE_SILENCE_MINUTES", "90")])).unwrap_err();
        assert!(
            e.0.contains("SPOKE_SILENCE_MINUTES") && e.0.contains("HEARTBEAT_MINUTES"),
            "{e}"
        );
        assert!(Watch::from_lookup(get(&[("SPOKE_SILENCE_MINUTES", "soon")])).is_err());
        let e = Watch::from_lookup(get(&[("EXPECTED_SPOKES", "prod/us-east-1")])).unwrap_err();
        assert!(
            e.0.contains("EXPECTED_SPOKES") && e.0.contains("prod/us-east-1"),
            "{e}"
        );
    }

    #[test]
    fn the_texts_are_complete_in_both_languages() {
        let problems = respondby_core::i18n::check(texts::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
