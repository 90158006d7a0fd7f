//! The app's Home tab: every open case, soonest deadline first, overdue
//! ones leading and standing out, with filters (all, mine, unacknowledged,
//! overdue, one account) and pages within Slack's 100-block view limit.
//! Published with `views.publish` for the viewer when they open the tab
//! (`app_home_opened`) or click a filter or a page button in it.
//!
//! Each case reads as the alert messages do (the same severity words,
//! Slack's date token so each viewer sees their own time zone, the same
//! escaping of event text), in the configured language.

use crate::texts as t;
use chrono::{DateTime, Utc};
use respondby_core::i18n::Lang;
use respondby_core::listing::{self, Filter};
use respondby_core::slack::escape::{self, code, one_line};
use respondby_core::slack::render::date_token;
use respondby_core::time::span;
use respondby_core::tracked::{Mark, Tracked};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Cases on one page of the tab: one section each, with the header,
/// filters and pager well within the 100 blocks of a view.
pub const PAGE: usize = 40;
/// Slack's limit for the blocks of a view.
pub const VIEW_BLOCKS: usize = 100;
/// Slack's limit for the options of a select menu.
const MAX_OPTIONS: usize = 100;

/// Action ids of the tab's controls.
pub const FILTER: &str = "respondby.home.filter";
pub const ACCOUNT: &str = "respondby.home.account";
pub const MORE: &str = "respondby.home.more";
pub const PREVIOUS: &str = "respondby.home.previous";

fn plain(text: &str) -> Value {
    json!({"type": "plain_text", "text": text, "emoji": true})
}

fn mrkdwn(text: &str) -> Value {
    json!({"type": "mrkdwn", "text": text})
}

/// `<@U…>` for a Slack user id, else the recorded name as text.
fn who(m: &Mark) -> String {
    let id_ok = (2..=20).contains(&m.by.len())
        && m.by.starts_with(['U', 'W'])
        && m.by
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if id_ok {
        format!("<@{}>", m.by)
    } else {
        escape::text(&one_line(m.name.as_deref().unwrap_or(&m.by)))
    }
}

/// A link to the case's message from its stored channel and ts (what
/// `chat.getPermalink` returns, without a Web API call per case). Only
/// channel ids and timestamps as Slack writes them make a link.
pub fn message_link(c: &Tracked) -> Option<String> {
    let m = c.message.as_ref()?;
    let channel_ok = (2..=24).contains(&m.channel.len())
        && m.channel
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let (secs, micros) = m.ts.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (channel_ok && digits(secs) && digits(micros))
        .then(|| format!("https://slack.com/archives/{}/p{secs}{micros}", m.channel))
}

/// One case as mrkdwn: its severity and title (overdue ones flagged),
/// account and Region, deadlines, who holds it, and its message.
pub fn case_text(c: &Tracked, now: DateTime<Utc>, lang: Lang) -> String {
    let a = c.current_alert();
    let mut first = String::new();
    if let Some(d) = listing::deadline(c).filter(|d| *d < now) {
        first.push_str(&format!(
            ":rotating_light: *{}* · ",
            t::C_OVERDUE.fill(lang, &[("span", &span(now - d, lang))])
        ));
    } else {
        first.push_str(a.severity.emoji());
        first.push(' ');
    }
    first.push_str(&format!(
        "*{}* · {}",
        a.severity.word(lang),
        escape::text(&one_line(&a.title))
    ));
    let mut place = vec![t::C_ACCOUNT.fill(lang, &[("account", &code(&a.account_shown()))])];
    if !a.region.is_empty() {
        place.push(t::C_REGION.fill(lang, &[("region", &code(&a.region))]));
    }
    let mut dates = Vec::new();
    if let Some(r) = c.respond_by.filter(|_| c.answered.is_none()) {
        let what = if a.clock.reply_to_aws {
            respondby_core::i18n::ui::REPLY_TO_AWS_BY
        } else {
            respondby_core::i18n::ui::RESPOND_BY
        };
        dates.push(format!("{} {}", what.get(lang), date_token(r, lang)));
    }
    if let Some(f) = c.fix_by {
        dates.push(format!(
            "{} {}",
            respondby_core::i18n::ui::FIX_BY.get(lang),
            date_token(f, lang)
        ));
    }
    if dates.is_empty() {
        dates.push(t::C_NO_DEADLINE.get(lang).to_owned());
    }
    let state = match (&c.answered, &c.acked) {
        (Some(m), _) if a.clock.reply_to_aws => t::C_REPLIED.fill(lang, &[("who", &who(m))]),
        (Some(m), _) => t::C_ANSWERED.fill(lang, &[("who", &who(m))]),
        (None, Some(m)) => t::C_ACKED.fill(lang, &[("who", &who(m))]),
        (None, None) => t::C_OPEN.get(lang).to_owned(),
    };
    let link = match message_link(c) {
        Some(url) => format!("<{url}|{}>", t::C_LINK.get(lang)),
        None => t::C_NO_LINK.get(lang).to_owned(),
    };
    escape::fit(
        format!(
            "{first}\n{}\n{}\n{state} · {link}",
            place.join(" · "),
            dates.join(" · ")
        ),
        respondby_core::slack::render::limits::SECTION_TEXT,
    )
}

/// A select option's text: one line, within Slack's 75 characters.
fn option_text(s: &str) -> String {
    let line = one_line(s);
    if line.chars().count() <= 75 {
        line
    } else {
        line.chars().take(74).chain(['…']).collect()
    }
}

/// The filter's name as the tab shows it.
pub fn filter_name(f: &Filter, lang: Lang) -> String {
    match f {
        Filter::All => t::F_ALL.get(lang).to_owned(),
        Filter::Mine(_) => t::F_MINE.get(lang).to_owned(),
        Filter::Unacknowledged => t::F_UNACKED.get(lang).to_owned(),
        Filter::Overdue => t::F_OVERDUE.get(lang).to_owned(),
        Filter::Account(a) => t::F_ACCOUNT.fill(lang, &[("account", a)]),
    }
}

/// `filter|page`: what a page button carries.
fn state_value(f: &Filter, page: usize) -> String {
    format!("{}|{page}", f.code())
}

/// The Home tab for one viewer: `cases` are all open cases, soonest
/// deadline first ([`listing::open_cases`]); `page` counts from 0.
pub fn view(
    cases: &[Tracked],
    filter: &Filter,
    page: usize,
    now: DateTime<Utc>,
    lang: Lang,
) -> Value {
    let shown: Vec<&Tracked> = cases.iter().filter(|c| filter.keeps(c, now)).collect();
    let overdue = cases.iter().filter(|c| listing::overdue(c, now)).count();
    let pages = shown.len().div_ceil(PAGE).max(1);
    let page = page.min(pages - 1);
    let mut blocks = vec![
        json!({"type": "header", "text": plain(t::H_TITLE.get(lang))}),
        json!({"type": "context", "elements": [mrkdwn(&t::H_SUMMARY.fill(lang, &[
            ("open", &cases.len()),
            ("overdue", &overdue),
            ("now", &date_token(now, lang)),
        ])), mrkdwn(t::H_HOW.get(lang))]}),
        filters(cases, filter, lang),
        json!({"type": "divider"}),
    ];
    let name = filter_name(filter, lang);
    if shown.is_empty() {
        let text = if cases.is_empty() {
            t::H_NONE.get(lang).to_owned()
        } else {
            t::H_NONE_FILTER.fill(lang, &[("filter", &name)])
        };
        blocks.push(json!({"type": "section", "text": mrkdwn(&text)}));
    } else {
        let from = page * PAGE;
        let to = (from + PAGE).min(shown.len());
        blocks.push(
            json!({"type": "context", "elements": [mrkdwn(&t::H_SHOWING.fill(lang, &[
                ("from", &(from + 1)),
                ("to", &to),
                ("n", &shown.len()),
                ("filter", &name),
            ]))]}),
        );
        for c in &shown[from..to] {
            blocks.push(json!({"type": "section", "text": mrkdwn(&case_text(c, now, lang))}));
        }
        let mut pager = Vec::new();
        if page > 0 {
            pager.push(json!({
                "type": "button",
                "action_id": PREVIOUS,
                "text": plain(t::H_PREVIOUS.get(lang)),
                "value": state_value(filter, page - 1),
            }));
        }
        if to < shown.len() {
            let next_to = (to + PAGE).min(shown.len());
            pager.push(json!({
                "type": "button",
                "action_id": MORE,
                "text": plain(&t::H_MORE.fill(lang, &[("from", &(to + 1)), ("to", &next_to), ("n", &shown.len())])),
                "value": state_value(filter, page + 1),
            }));
        }
        if !pager.is_empty() {
            blocks.push(
                json!({"type": "actions", "block_id": "respondby.home.pages", "elements": pager}),
            );
        }
    }
    json!({
        "type": "home",
        "private_metadata": state_value(filter, page),
        "blocks": blocks,
    })
}

/// The filter buttons (the current one highlighted), and a menu of the
/// accounts that have open cases.
fn filters(cases: &[Tracked], current: &Filter, lang: Lang) -> Value {
    let mut elements: Vec<Value> = [
        (Filter::All, "all"),
        (Filter::Mine(String::new()), "mine"),
        (Filter::Unacknowledged, "unacked"),
        (Filter::Overdue, "overdue"),
    ]
    .into_iter()
    .map(|(f, code)| {
        let mut b = json!({
            "type": "button",
            "action_id": format!("{FILTER}.{code}"),
            "text": plain(&filter_name(&f, lang)),
            "value": state_value(&f, 0),
        });
        if std::mem::discriminant(&f) == std::mem::discriminant(current) {
            b["style"] = json!("primary");
        }
        b
    })
    .collect();
    // Each account with open cases, named as its alerts name it.
    let mut accounts: BTreeMap<&str, String> = Default::default();
    for c in cases {
        if listing::account_id(&c.alert.account).is_some() {
            accounts
                .entry(c.alert.account.as_str())
                .or_insert_with(|| c.alert.account_shown());
        }
    }
    if !accounts.is_empty() {
        let options: Vec<Value> = accounts
            .iter()
            .take(MAX_OPTIONS)
            .map(|(a, shown)| {
                json!({
                    "text": plain(&option_text(shown)),
                    "value": state_value(&Filter::Account((*a).to_owned()), 0),
                })
            })
            .collect();
        let mut menu = json!({
            "type": "static_select",
            "action_id": ACCOUNT,
            "placeholder": plain(t::H_ACCOUNT.get(lang)),
            "options": options,
        });
        if let Filter::Account(a) = current {
            if let Some(o) = menu["options"]
                .as_array()
                .and_then(|os| os.iter().find(|o| o["text"]["text"] == a.as_str()))
                .cloned()
            {
                menu["initial_option"] = o;
            }
        }
        elements.push(menu);
    }
    json!({"type": "actions", "block_id": "respondby.home.filters", "elements": elements})
}

/// What the viewer sees when the open cases could not be read in time.
pub fn error_view(lang: Lang) -> Value {
    json!({
        "type": "home",
        "blocks": [
            {"type": "header", "text": plain(t::H_TITLE.get(lang))},
            {"type": "section", "text": mrkdwn(t::H_ERROR.get(lang))},
        ],
    })
}

/// A click on one of the tab's controls: who, which filter, which page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeClick {
    pub user: String,
    pub filter: Filter,
    pub page: usize,
    /// The workspace and app the click came from, for SLACK_TEAM_ID and
    /// SLACK_APP_ID.
    pub team_id: Option<String>,
    pub app_id: Option<String>,
}

#[derive(Deserialize)]
struct Payload {
    #[serde(rename = "type")]
    kind: String,
    user: User,
    #[serde(default)]
    actions: Vec<ActionItem>,
    #[serde(default)]
    team: Option<Team>,
    #[serde(default)]
    api_app_id: Option<String>,
}

#[derive(Deserialize)]
struct User {
    id: String,
    #[serde(default)]
    team_id: Option<String>,
}

#[derive(Deserialize)]
struct Team {
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize)]
struct ActionItem {
    action_id: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    selected_option: Option<Opt>,
}

#[derive(Deserialize)]
struct Opt {
    value: String,
}

/// The tab's click in a `block_actions` payload, or `None` when the
/// payload is about something else (an alert's buttons).
pub fn parse_click(payload: &str) -> Option<HomeClick> {
    let p: Payload = serde_json::from_str(payload).ok()?;
    if p.kind != "block_actions" {
        return None;
    }
    let a = p
        .actions
        .into_iter()
        .find(|a| a.action_id.starts_with("respondby.home."))?;
    let value = a.selected_option.map(|o| o.value).or(a.value)?;
    let (code, page) = value.rsplit_once('|')?;
    Some(HomeClick {
        filter: Filter::from_code(code, &p.user.id)?,
        page: page.parse().ok()?,
        team_id: p.team.and_then(|t| t.id).or(p.user.team_id),
        app_id: p.api_app_id,
        user: p.user.id,
    })
}

/// The `payload` field of a form body, if any.
pub fn payload_of(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == "payload")
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use respondby_core::alert::{Alert, Severity, Source};

    fn named(name: Option<&str>) -> Tracked {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap();
        let mut a = Alert::new(
            Source::Health,
            "AWS_ABUSE_DOS_REPORT",
            Severity::Critical,
            "x",
            now,
        );
        a.account = "111122223333".into();
        a.account_name = name.map(str::to_owned);
        a.region = "us-east-1".into();
        a.case_key = "k".into();
        a.respond_by = Some(now + chrono::Duration::hours(24));
        Tracked::new(&a, None, now)
    }

    #[test]
    fn each_case_names_its_account_beside_the_id_in_both_languages() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap();
        let c = named(Some("prod-payments"));
        assert!(case_text(&c, now, Lang::En).contains("Account `111122223333 (prod-payments)`"));
        assert!(case_text(&c, now, Lang::Ja).contains("アカウント `111122223333 (prod-payments)`"));
        assert!(case_text(&named(None), now, Lang::En).contains("Account `111122223333`"));
        // A name is text: no mention, no forged line.
        let hostile = case_text(&named(Some("<!channel>\n*Resolved*")), now, Lang::En);
        assert!(!hostile.contains("<!channel>"), "{hostile}");
        assert_eq!(
            hostile.lines().count(),
            case_text(&c, now, Lang::En).lines().count()
        );
        // The account filter's options name the accounts too.
        let v = view(&[c], &Filter::All, 0, now, Lang::En);
        assert!(
            v.to_string().contains("111122223333 (prod-payments)"),
            "{v}"
        );
    }
}
