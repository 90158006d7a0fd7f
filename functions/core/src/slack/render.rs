//! Alert → Slack Block Kit message.

use super::escape::{self, code, fit, plain};
use crate::alert::{Alert, Severity, Status};
use crate::time::{human_utc, time_left};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::fmt;

/// Slack's documented limits (characters).
pub mod limits {
    pub const HEADER_TEXT: usize = 150;
    pub const SECTION_TEXT: usize = 3000;
    pub const FIELD_TEXT: usize = 2000;
    pub const FIELDS_PER_SECTION: usize = 10;
    pub const BLOCKS: usize = 50;
    pub const BUTTON_TEXT: usize = 75;
    pub const BUTTON_URL: usize = 3000;
    pub const CONTEXT_ELEMENTS: usize = 10;
    pub const TOP_LEVEL_TEXT: usize = 4000;
}

/// How many resources are listed by name before "and N more".
const MAX_RESOURCES_LISTED: usize = 25;
/// At most this many buttons.
const MAX_BUTTONS: usize = 5;

/// A person or group to notify. Only ops configure these; events never do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention {
    Here,
    Channel,
    User(String),
    Group(String),
}

impl Mention {
    /// Parses one configured target: `here`, `channel`, a user id (`U…`/`W…`)
    /// or a user-group id (`S…`), optionally written as `@U123` or `<@U123>`.
    pub fn parse(s: &str) -> Result<Mention, String> {
        let t = s
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim_start_matches(['@', '!']);
        let t = t.strip_prefix("subteam^").unwrap_or(t);
        let id_ok = |id: &str| {
            id.len() >= 2
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        match t {
            "here" => Ok(Mention::Here),
            "channel" => Ok(Mention::Channel),
            id if id.starts_with('S') && id_ok(id) => Ok(Mention::Group(id.to_owned())),
            id if (id.starts_with('U') || id.starts_with('W')) && id_ok(id) => {
                Ok(Mention::User(id.to_owned()))
            }
            _ => Err(format!(
                "{s:?} is not a Slack mention target (use here, channel, a user id like U0123ABCD or a group id like S0123ABCD)"
            )),
        }
    }
}

impl fmt::Display for Mention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mention::Here => f.write_str("<!here>"),
            Mention::Channel => f.write_str("<!channel>"),
            Mention::User(id) => write!(f, "<@{id}>"),
            Mention::Group(id) => write!(f, "<!subteam^{id}>"),
        }
    }
}

/// Who is mentioned for each severity. Empty by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    by_severity: [Vec<Mention>; 5],
}

impl Mentions {
    pub fn set(&mut self, severity: Severity, targets: Vec<Mention>) {
        self.by_severity[severity as usize] = targets;
    }

    /// Parses a comma- or space-separated list of targets.
    pub fn parse_list(s: &str) -> Result<Vec<Mention>, String> {
        s.split([',', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(Mention::parse)
            .collect()
    }

    pub fn for_severity(&self, severity: Severity) -> &[Mention] {
        &self.by_severity[severity as usize]
    }
}

/// What the renderer needs besides the alert.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub mentions: Mentions,
    /// Repeats folded into this message by flood control.
    pub folded: u64,
}

/// The Slack date token: each reader sees the deadline in their own time zone;
/// the fallback is absolute UTC.
pub fn date_token(t: DateTime<Utc>) -> String {
    format!(
        "<!date^{}^{{date_short_pretty}} at {{time}}|{}>",
        t.timestamp(),
        human_utc(t)
    )
}

/// Renders the exact JSON body that is POSTed to the webhook.
pub fn render(alert: &Alert, opts: &RenderOptions, now: DateTime<Utc>) -> Value {
    let mentions: Vec<String> = opts
        .mentions
        .for_severity(alert.severity)
        .iter()
        .map(ToString::to_string)
        .collect();
    let mention_line = mentions.join(" ");

    let mut blocks: Vec<Value> = Vec::new();

    // Header: severity first, then the title (plain_text: never parsed).
    let status_word = alert.status_word();
    let header = format!(
        "{} {} · {}",
        alert.severity.emoji(),
        status_word,
        plain(&alert.title)
    );
    blocks.push(obj([
        ("type", "header".into()),
        ("text", plain_text(fit(header, limits::HEADER_TEXT), true)),
    ]));

    // Deadline, three ways.
    let mut deadline_text = match (alert.status, alert.respond_by) {
        (_, Some(by)) => format!(
            ":alarm_clock: *{} {}*  ({} · *{}*)",
            alert.deadline_label(),
            date_token(by),
            human_utc(by),
            time_left(by, now)
        ),
        (Status::Recovered, None) => {
            ":white_check_mark: *Recovered.* No response needed.".to_owned()
        }
        (Status::Closed, None) => {
            ":white_check_mark: *AWS closed this case.* No response needed.".to_owned()
        }
        (Status::Open, None) => {
            ":information_source: For information. No response deadline.".to_owned()
        }
    };
    if let Some(fix) = alert.fix_by {
        deadline_text.push_str(&format!(
            "\n:hammer_and_wrench: *Fix by {}*  ({} · {})",
            date_token(fix),
            human_utc(fix),
            time_left(fix, now)
        ));
    }
    let mut lead = String::new();
    if !mention_line.is_empty() {
        lead.push_str(&mention_line);
        lead.push('\n');
    }
    lead.push_str(&deadline_text);
    if opts.folded > 0 {
        lead.push_str(&format!(
            "\n:repeat: {} more like this were folded into this message.",
            opts.folded
        ));
    }
    blocks.push(section_mrkdwn(&lead));

    // Core fields, then the source's facts, ten to a section.
    let first_reported = human_utc(alert.occurred_at);
    let latest = alert
        .latest_activity
        .filter(|t| *t != alert.occurred_at)
        .map(human_utc);
    let mut fields: Vec<(&str, &str)> = vec![
        ("Source", alert.source.label()),
        ("Severity", alert.severity.upper()),
        ("Account", &alert.account),
        ("Region", &alert.region),
        ("Kind", &alert.kind),
        (alert.source.first_reported_label(), &first_reported),
    ];
    if let Some(l) = &latest {
        fields.push(("Latest activity", l));
    }
    fields.extend(alert.facts.iter().map(|f| (&*f.label, &*f.value)));
    // Leave room in the block budget: at most 4 sections of fields.
    let max_fields = limits::FIELDS_PER_SECTION * 4;
    let dropped = fields.len().saturating_sub(max_fields);
    fields.truncate(max_fields);
    for chunk in fields.chunks(limits::FIELDS_PER_SECTION) {
        let fs: Vec<Value> = chunk
            .iter()
            .map(|(label, value)| {
                let mut t = String::with_capacity(label.len() + value.len() + 8);
                t.push('*');
                t.push_str(&escape::text(label));
                t.push_str("*\n");
                escape::push_code(&mut t, value);
                mrkdwn(fit(t, limits::FIELD_TEXT))
            })
            .collect();
        blocks.push(obj([
            ("type", "section".into()),
            ("fields", Value::Array(fs)),
        ]));
    }
    if dropped > 0 {
        blocks.push(context(&format!("{dropped} more facts not shown")));
    }

    // Affected resources, copyable.
    if !alert.resources.is_empty() {
        let mut t = String::from("*Affected resources*");
        for r in alert.resources.iter().take(MAX_RESOURCES_LISTED) {
            t.push_str("\n• ");
            t.push_str(&code(r));
        }
        if alert.resources.len() > MAX_RESOURCES_LISTED {
            t.push_str(&format!(
                "\n…and {} more",
                alert.resources.len() - MAX_RESOURCES_LISTED
            ));
        }
        blocks.push(section_mrkdwn(&t));
    }

    // Free text from the source: plain_text, shown literally.
    if let Some(desc) = alert
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        blocks.push(section_mrkdwn("*What AWS says*"));
        blocks.push(section(plain_text(
            fit(plain(desc.trim()), limits::SECTION_TEXT),
            false,
        )));
    }

    if !alert.next_steps.is_empty() {
        blocks.push(section_mrkdwn("*What to do now*"));
        let steps: Vec<String> = alert
            .next_steps
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {}", i + 1, plain(s)))
            .collect();
        blocks.push(section(plain_text(
            fit(steps.join("\n"), limits::SECTION_TEXT),
            false,
        )));
    }

    let buttons: Vec<Value> = alert
        .links
        .iter()
        .filter(|l| l.url.starts_with("https://") && l.url.len() <= limits::BUTTON_URL)
        .take(MAX_BUTTONS)
        .map(|l| {
            obj([
                ("type", "button".into()),
                (
                    "text",
                    obj([
                        ("type", "plain_text".into()),
                        ("text", fit(plain(&l.label), limits::BUTTON_TEXT).into()),
                    ]),
                ),
                ("url", l.url.clone().into()),
            ])
        })
        .collect();
    if !buttons.is_empty() {
        blocks.push(obj([
            ("type", "actions".into()),
            ("elements", Value::Array(buttons)),
        ]));
    }

    let mut ctx: Vec<String> = alert.notes.iter().map(|n| escape::text(n)).collect();
    ctx.push(format!("Respond By · {}", code(&alert.dedup_key)));
    let elements: Vec<Value> = ctx
        .into_iter()
        .take(limits::CONTEXT_ELEMENTS)
        .map(|t| mrkdwn(fit(t, limits::SECTION_TEXT)))
        .collect();
    blocks.push(obj([
        ("type", "context".into()),
        ("elements", Value::Array(elements)),
    ]));

    if blocks.len() > limits::BLOCKS {
        blocks.truncate(limits::BLOCKS - 1);
        blocks.push(context("Message shortened to fit Slack's limits."));
    }

    obj([
        (
            "text",
            fit(
                notification_text(alert, &mention_line, now),
                limits::TOP_LEVEL_TEXT,
            )
            .into(),
        ),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// The plain top-level text: what notifications and screen readers show.
pub fn notification_text(alert: &Alert, mention_line: &str, now: DateTime<Utc>) -> String {
    let status = alert.status_word();
    let mut t = String::new();
    if !mention_line.is_empty() {
        t.push_str(mention_line);
        t.push(' ');
    }
    t.push_str(&format!(
        "[{status}] {}: {} (account {})",
        alert.source.label(),
        escape::text(&alert.title),
        escape::text(&alert.account)
    ));
    if let Some(by) = alert.respond_by {
        t.push_str(&format!(
            " — {} {} ({})",
            alert.deadline_label().to_ascii_lowercase(),
            human_utc(by),
            time_left(by, now)
        ));
    }
    t
}

// Block Kit objects built from owned values. (`json!` would serialise every
// interpolated value into a copy: the whole block tree, once per level.)

fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn mrkdwn(text: String) -> Value {
    obj([("type", "mrkdwn".into()), ("text", text.into())])
}

fn plain_text(text: String, emoji: bool) -> Value {
    obj([
        ("type", "plain_text".into()),
        ("text", text.into()),
        ("emoji", emoji.into()),
    ])
}

fn section(text: Value) -> Value {
    obj([("type", "section".into()), ("text", text)])
}

fn section_mrkdwn(text: &str) -> Value {
    section(mrkdwn(escape::truncate(text, limits::SECTION_TEXT)))
}

fn context(text: &str) -> Value {
    obj([
        ("type", "context".into()),
        ("elements", Value::Array(vec![mrkdwn(text.to_owned())])),
    ])
}
