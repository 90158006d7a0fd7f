//! `/respondby`: the slash command, answered only to the person who typed
//! it (ephemeral), in the HTTP answer itself, within Slack's 3 seconds.
//!
//! - `open [overdue|mine|unacked|ACCOUNT]`: the open cases, soonest
//!   deadline first, as the Home tab lists them. A list that fits one
//!   answer ([`SHOWN`] cases) is the answer; a longer one is answered at
//!   once with its first cases and "the full list follows", and the whole
//!   list is then posted through the command's `response_url` by an
//!   asynchronous invocation ([`crate::open_list`]). If that cannot be
//!   handed over, the answer says how many more and that the rest could
//!   not be sent (the Home tab pages through all of them).
//! - `coverage`: the spokes and when each was last heard ([`Coverage`]).
//! - `policy`: the deadlines in effect and the reminder plan.
//! - `help`, and anything else: what the command does.
//!
//! The table is read with the endpoint's deadline: a table that does not
//! answer in time gets a "try again" answer, not a Slack timeout.

use crate::home::case_text;
use crate::texts as t;
use chrono::{DateTime, Utc};
use respondby_core::i18n::Lang;
use respondby_core::listing::{account_id, Filter};
use respondby_core::slack::escape::code;
use respondby_core::slack::render::date_token;
use respondby_core::tracked::Tracked;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

/// Cases one answer lists (one section each: well within a message's 50
/// blocks and 12,000 characters).
pub const SHOWN: usize = 20;
/// Characters of case text one answer holds (Slack refuses a message with
/// more than about 12,000 in its blocks).
pub const TEXT_BUDGET: usize = 10_500;

/// A slash command as Slack posts it (the fields Respond By reads).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlashCommand {
    pub command: String,
    pub text: String,
    pub user_id: String,
    pub team_id: Option<String>,
    pub api_app_id: Option<String>,
    pub response_url: Option<String>,
}

impl SlashCommand {
    /// The command in a form body, if the body is one.
    pub fn parse(body: &[u8]) -> Option<SlashCommand> {
        let mut c = SlashCommand::default();
        let mut is_command = false;
        for (k, v) in form_urlencoded::parse(body) {
            match &*k {
                "command" => {
                    is_command = true;
                    c.command = v.into_owned();
                }
                "text" => c.text = v.into_owned(),
                "user_id" => c.user_id = v.into_owned(),
                "team_id" => c.team_id = Some(v.into_owned()),
                "api_app_id" => c.api_app_id = Some(v.into_owned()),
                "response_url" => c.response_url = Some(v.into_owned()),
                _ => {}
            }
        }
        is_command.then_some(c)
    }
}

/// What a subcommand asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Open(Filter),
    Coverage,
    Policy,
    Help,
    /// Not understood: help, saying what was not.
    Unknown(String),
}

/// Reads the command's text (`open overdue`, `policy`, …).
pub fn ask(text: &str, user: &str) -> Ask {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["help"] => Ask::Help,
        ["open"] | ["open", "all"] | ["list"] => Ask::Open(Filter::All),
        ["open", "overdue"] => Ask::Open(Filter::Overdue),
        ["open", "mine"] => Ask::Open(Filter::Mine(user.to_owned())),
        ["open", "unacked" | "unacknowledged"] => Ask::Open(Filter::Unacknowledged),
        ["open", a] if account_id(a).is_some() => Ask::Open(Filter::Account((*a).to_owned())),
        ["coverage"] => Ask::Coverage,
        ["policy"] => Ask::Policy,
        _ => Ask::Unknown(text.trim().chars().take(100).collect()),
    }
}

/// An ephemeral answer with these mrkdwn sections.
pub fn ephemeral(sections: &[String]) -> Value {
    let blocks: Vec<Value> = sections
        .iter()
        .map(|s| json!({"type": "section", "text": {"type": "mrkdwn", "text": s}}))
        .collect();
    let text: String = sections
        .first()
        .map(|s| s.chars().take(300).collect())
        .unwrap_or_default();
    json!({"response_type": "ephemeral", "text": text, "blocks": blocks})
}

/// `/respondby help`, or the help after a subcommand not understood.
pub fn help(unknown: Option<&str>, lang: Lang) -> Value {
    let mut s = Vec::new();
    if let Some(w) = unknown {
        let typed = format!("/respondby {}", respondby_core::slack::escape::one_line(w));
        s.push(t::CMD_UNKNOWN.fill(lang, &[("what", &code(&typed))]));
    }
    s.push(t::CMD_HELP.get(lang).to_owned());
    ephemeral(&s)
}

/// The title line of a list of open cases: the filter, how many are open
/// and overdue, and when.
pub fn open_header(cases: &[Tracked], filter: &Filter, now: DateTime<Utc>, lang: Lang) -> String {
    use crate::texts::*;
    let overdue = cases
        .iter()
        .filter(|c| respondby_core::listing::overdue(c, now))
        .count();
    let name = crate::home::filter_name(filter, lang);
    format!(
        "*{}* ({name})\n{}",
        H_TITLE.get(lang),
        H_SUMMARY.fill(
            lang,
            &[
                ("open", &cases.len()),
                ("overdue", &overdue),
                ("now", &date_token(now, lang))
            ]
        )
    )
}

/// What one `/respondby open …` answer lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAnswer {
    /// The header, then one section per case listed (or why none).
    pub sections: Vec<String>,
    /// Cases listed in `sections`.
    pub listed: usize,
    /// Cases the filter keeps.
    pub matching: usize,
}

impl OpenAnswer {
    /// Whether some matching cases are not listed.
    pub fn is_partial(&self) -> bool {
        self.listed < self.matching
    }
}

/// The first cases of `/respondby open …` (`cases` are all open cases,
/// soonest first): at most [`SHOWN`], within a message's text limit.
pub fn open_first(
    cases: &[Tracked],
    filter: &Filter,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpenAnswer {
    use crate::texts::*;
    let shown: Vec<&Tracked> = cases.iter().filter(|c| filter.keeps(c, now)).collect();
    let mut s = vec![open_header(cases, filter, now, lang)];
    if shown.is_empty() {
        s.push(if cases.is_empty() {
            H_NONE.get(lang).to_owned()
        } else {
            H_NONE_FILTER.fill(lang, &[("filter", &crate::home::filter_name(filter, lang))])
        });
    }
    let mut listed = 0;
    let mut chars: usize = s.iter().map(|x| x.chars().count()).sum();
    for c in shown.iter().take(SHOWN) {
        let text = case_text(c, now, lang);
        chars += text.chars().count();
        if chars > TEXT_BUDGET {
            break;
        }
        s.push(text);
        listed += 1;
    }
    OpenAnswer {
        sections: s,
        listed,
        matching: shown.len(),
    }
}

/// `/respondby open …` answered in full here: the first cases, then how
/// many more (the Home tab lists them all).
pub fn open(cases: &[Tracked], filter: &Filter, now: DateTime<Utc>, lang: Lang) -> Value {
    let a = open_first(cases, filter, now, lang);
    let mut s = a.sections;
    if a.matching > a.listed {
        s.push(t::CMD_REST.fill(lang, &[("n", &(a.matching - a.listed))]));
    }
    ephemeral(&s)
}

/// The immediate answer to a long `/respondby open …` whose whole list was
/// handed over: the first cases, and that all `matching` follow.
pub fn open_ack(first: OpenAnswer, lang: Lang) -> Value {
    let mut s = first.sections;
    s.push(t::CMD_FOLLOWS.fill(lang, &[("n", &first.matching)]));
    ephemeral(&s)
}

/// A long `/respondby open …` whose list could not be handed over: the
/// first cases, how many more, and that they could not be sent here.
pub fn open_not_handed_over(first: OpenAnswer, lang: Lang) -> Value {
    let mut s = first.sections;
    s.push(format!(
        "{}\n{}",
        t::CMD_REST.fill(lang, &[("n", &(first.matching - first.listed))]),
        t::CMD_REST_NOT_SENT.get(lang)
    ));
    ephemeral(&s)
}

/// `/respondby policy`: the deadline table and the reminder plan.
pub fn policy(
    policy: &respondby_core::DeadlinePolicy,
    plan: &respondby_core::plan::ReminderPlan,
    lang: Lang,
) -> Value {
    let mut s = vec![t::CMD_POLICY.get(lang).to_owned()];
    // The table in code blocks, split at lines to fit a section.
    let mut chunk = String::new();
    // Backticks would show as they are inside a code block.
    // Escaped as any text is (`&`, `<`, `>` are markup even in a block).
    let table = respondby_core::slack::escape::block(&policy.table().replace('`', ""));
    for line in table.lines() {
        if chunk.chars().count() + line.chars().count() > 2800 {
            s.push(format!("```\n{chunk}```"));
            chunk.clear();
        }
        chunk.push_str(line);
        chunk.push('\n');
    }
    if !chunk.is_empty() {
        s.push(format!("```\n{chunk}```"));
    }
    s.push(t::CMD_PLAN.fill(lang, &[("plan", &code(&plan.describe()))]));
    ephemeral(&s)
}

/// Whether a spoke is heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    Heard,
    Silent,
    NeverHeard,
}

/// One spoke as `/respondby coverage` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokeLine {
    pub account: String,
    pub name: Option<String>,
    pub region: String,
    pub last_heard: Option<DateTime<Utc>>,
    pub status: Heard,
}

/// Where `/respondby coverage` reads the spokes from. The hub's heartbeat
/// records them; a build without it answers `None` ("not available").
pub trait Coverage: Send + Sync {
    #[allow(clippy::type_complexity)]
    fn spokes<'a>(
        &'a self,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Vec<SpokeLine>>, String>> + Send + 'a>>;
}

/// No heartbeat in this build: coverage is not available.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCoverage;

impl Coverage for NoCoverage {
    fn spokes<'a>(
        &'a self,
    ) -> Pin<Box<dyn Future<Output = Result<Option<Vec<SpokeLine>>, String>> + Send + 'a>> {
        Box::pin(async { Ok(None) })
    }
}

/// `/respondby coverage`: one line per spoke (silent and never-heard ones
/// first), or why there is none to show.
pub fn coverage(spokes: Option<&[SpokeLine]>, lang: Lang) -> Value {
    let Some(spokes) = spokes else {
        return ephemeral(&[t::CMD_NO_COVERAGE.get(lang).to_owned()]);
    };
    if spokes.is_empty() {
        return ephemeral(&[t::CMD_NO_SPOKES.get(lang).to_owned()]);
    }
    let mut sorted: Vec<&SpokeLine> = spokes.iter().collect();
    sorted.sort_by_key(|s| {
        (
            s.status == Heard::Heard,
            s.account.clone(),
            s.region.clone(),
        )
    });
    let mut s = vec![t::CMD_COVERAGE.fill(lang, &[("n", &spokes.len())])];
    let mut chunk = String::new();
    for sp in sorted {
        let status = match sp.status {
            Heard::Heard => format!(":large_green_circle: {}", t::CV_HEARD.get(lang)),
            Heard::Silent => format!(":red_circle: *{}*", t::CV_SILENT.get(lang)),
            Heard::NeverHeard => format!(":white_circle: {}", t::CV_NEVER.get(lang)),
        };
        let name = sp
            .name
            .as_deref()
            .map(|n| format!(" ({})", respondby_core::slack::escape::text(n)))
            .unwrap_or_default();
        let line = format!(
            "{status} · {}{name} · {} · {}\n",
            code(&sp.account),
            code(&sp.region),
            sp.last_heard
                .map(|at| date_token(at, lang))
                .unwrap_or_else(|| "-".into())
        );
        if chunk.chars().count() + line.chars().count() > 2900 {
            s.push(std::mem::take(&mut chunk));
        }
        chunk.push_str(&line);
    }
    if !chunk.is_empty() {
        s.push(chunk);
    }
    // A message holds 50 blocks: the rest are counted, not shown.
    if s.len() > 45 {
        let rest = s.len() - 45;
        s.truncate(45);
        s.push(format!("… (+{rest})"));
    }
    ephemeral(&s)
}
