//! Alert → Slack Block Kit message.

use super::escape::{self, code, fit, one_line, plain};
use crate::alert::{Alert, ReplyDraft, ReplyStage, Status};
use crate::i18n::{ui, Lang};
pub use crate::mention::{Mention, Mentions};
use crate::plan::{Reminder, Target};
use crate::store::{member_lines, Anchor, Consumed};
use crate::time::{human_utc, span, time_left};
use crate::tracked::{Action, Mark, Tracked};
use chrono::{DateTime, Utc};
use serde_json::Value;

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
    pub const BUTTON_VALUE: usize = 2000;
    /// All text in a message's blocks together. Slack refuses more than
    /// about 13,200 characters (`msg_blocks_too_long`: not documented, seen
    /// in slackapi/bolt-js#2509); we stay under 12,000.
    pub const BLOCKS_TOTAL: usize = 12_000;
    pub const TOP_LEVEL_TEXT: usize = 4000;
}

/// How many resources are listed by name before "and N more".
const MAX_RESOURCES_LISTED: usize = 25;
/// At most this many buttons.
const MAX_BUTTONS: usize = 5;
/// Steps with console links are a section each, up to this many; more
/// share one section (the block budget is 50).
const MAX_LINKED_STEPS: usize = 8;

/// What the renderer needs besides the alert.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub mentions: Mentions,
    /// The language of every word we write (AWS's text stays as it is).
    pub lang: Lang,
    /// Show Acknowledge / Answered / Resolved buttons on alerts with a
    /// deadline (the Slack app's interactivity is set up).
    pub buttons: bool,
    /// A time zone deadlines are also shown in (`DISPLAY_TIME_ZONE`).
    pub zone: Option<crate::zones::DisplayZone>,
}

impl RenderOptions {
    /// A deadline as absolute text: UTC, and the display zone's local time
    /// when one is set (`2026-06-25 09:14 UTC / 2026-06-25 18:14 JST`).
    pub fn absolute(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            None => human_utc(t),
            Some(z) => format!("{} / {}", human_utc(t), z.local(t)),
        }
    }

    /// The time left, with the moment it was computed: `23h 14m left at
    /// 10:00 UTC` (in the display zone when one is set). A posted message
    /// is not edited in webhook mode; a bare "23h 14m left" would still say
    /// so a day later.
    pub fn countdown(&self, deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let at = match &self.zone {
            None => human_utc(now),
            Some(z) => z.local(now),
        };
        // `2026-06-24 10:00 UTC` → `10:00 UTC`.
        let at = at.split_once(' ').map_or(at.as_str(), |(_, t)| t);
        ui::LEFT_AT.fill(
            self.lang,
            &[("left", &time_left(deadline, now, self.lang)), ("at", &at)],
        )
    }
}

/// What a message carries besides the alert itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The case's tracked state: its first lines, and its buttons.
    pub state: Option<&'a Tracked>,
    /// This message follows up on a case already posted: what changed.
    pub changes: Option<&'a [String]>,
    /// Folded repeats this message reports.
    pub folded: Option<&'a Consumed>,
    /// No mentions (an update is not a new page).
    pub quiet: bool,
    /// Leave the reply draft out (app mode posts it in the thread).
    pub no_draft: bool,
}

/// How many folded members are listed by name.
const MAX_MEMBERS_LISTED: usize = 15;

/// The Slack date token: each reader sees the deadline in their own time zone;
/// the fallback is absolute UTC.
pub fn date_token(t: DateTime<Utc>, lang: Lang) -> String {
    let pattern = match lang {
        Lang::En => "{date_short_pretty} at {time}",
        Lang::Ja => "{date_short_pretty} {time}",
    };
    format!("<!date^{}^{pattern}|{}>", t.timestamp(), human_utc(t))
}

/// `<@U123>` for a Slack user id (from Slack's signed payload), else the
/// name as text.
fn who(m: &Mark) -> String {
    let id_ok = m.by.len() >= 2
        && m.by.len() <= 20
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

/// `, 3h 12m before the deadline` / `, 2h after the deadline`.
fn against_deadline(at: DateTime<Utc>, deadline: Option<DateTime<Utc>>, lang: Lang) -> String {
    match deadline {
        Some(d) if at <= d => format!(
            ", {}",
            ui::BEFORE_DEADLINE.fill(lang, &[("span", &span(d - at, lang))])
        ),
        Some(d) => format!(
            ", {}",
            ui::AFTER_DEADLINE.fill(lang, &[("span", &span(at - d, lang))])
        ),
        None => String::new(),
    }
}

/// The first lines of a tracked case: who acknowledged, answered, resolved.
pub fn state_lines(t: &Tracked, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &t.resolved {
        out.push(match r.by.as_str() {
            "aws" => format!(
                ":white_check_mark: *{}* · {}",
                ui::STATE_AWS_CLOSED.get(lang),
                date_token(r.at, lang)
            ),
            "source" => format!(
                ":white_check_mark: *{}* · {}",
                ui::STATE_RECOVERED.get(lang),
                date_token(r.at, lang)
            ),
            _ => format!(
                ":ballot_box_with_check: *{}* · {}",
                ui::STATE_RESOLVED_BY.fill(lang, &[("who", &who(r))]),
                date_token(r.at, lang)
            ),
        });
    }
    if let Some(a) = &t.answered {
        let what = if t.alert.clock.reply_to_aws {
            ui::STATE_REPLIED_BY
        } else {
            ui::STATE_ANSWERED_BY
        };
        out.push(format!(
            ":white_check_mark: *{}* · {}{}",
            what.fill(lang, &[("who", &who(a))]),
            date_token(a.at, lang),
            against_deadline(a.at, t.respond_by, lang)
        ));
    }
    if let Some(a) = &t.acked {
        out.push(format!(
            ":eyes: *{}* · {}",
            ui::STATE_ACKED_BY.fill(lang, &[("who", &who(a))]),
            date_token(a.at, lang)
        ));
    }
    out
}

/// The Acknowledge / Answered / Resolved buttons for an open case with a
/// deadline; `None` when there is nothing to click.
pub fn action_buttons(t: &Tracked, lang: Lang) -> Option<Value> {
    if !t.is_open() || (t.respond_by.is_none() && t.fix_by.is_none()) {
        return None;
    }
    // Each button carries its case and episode, within Slack's limit.
    let value = t.button_value();
    if value.chars().count() > limits::BUTTON_VALUE {
        tracing::warn!(case = %t.case_key, "case key too long for a button; no buttons");
        return None;
    }
    let answer = if t.alert.clock.reply_to_aws {
        ui::BTN_REPLIED.get(lang)
    } else {
        ui::BTN_ANSWERED.get(lang)
    };
    let mut elements = Vec::new();
    let button = |action: Action, label: &str, style: Option<&str>| {
        let mut b = obj([
            ("type", "button".into()),
            ("action_id", action.id().into()),
            (
                "text",
                obj([
                    ("type", "plain_text".into()),
                    ("text", label.into()),
                    ("emoji", true.into()),
                ]),
            ),
            ("value", value.clone().into()),
        ]);
        if let (Some(style), Value::Object(m)) = (style, &mut b) {
            m.insert("style".into(), style.into());
        }
        b
    };
    if t.acked.is_none() && t.answered.is_none() {
        elements.push(button(Action::Acknowledge, ui::BTN_ACK.get(lang), None));
    }
    if t.answered.is_none() {
        elements.push(button(Action::Answer, answer, Some("primary")));
    }
    elements.push(button(Action::Resolve, ui::BTN_RESOLVED.get(lang), None));
    Some(obj([
        ("type", "actions".into()),
        ("block_id", "respondby.state".into()),
        ("elements", Value::Array(elements)),
    ]))
}

/// Renders the exact JSON body that is POSTed to the webhook.
pub fn render(alert: &Alert, opts: &RenderOptions, now: DateTime<Utc>) -> Value {
    render_with(alert, opts, Extras::default(), now)
}

/// A resolved case, collapsed: what it was, and who resolved it.
fn render_collapsed(alert: &Alert, t: &Tracked, lang: Lang) -> Value {
    let resolved = ui::ST_RESOLVED.get(lang);
    let header = format!(
        ":ballot_box_with_check: {resolved} · {}",
        one_line(&alert.title)
    );
    let mut blocks = vec![obj([
        ("type", "header".into()),
        ("text", plain_text(fit(header, limits::HEADER_TEXT), true)),
    ])];
    blocks.push(section_mrkdwn(&state_lines(t, lang).join("\n")));
    blocks.push(context(&format!(
        "{} · {} · {} {} · {} · Respond By {}",
        alert.source.label(lang),
        alert.severity.word(lang),
        ui::F_ACCOUNT.get(lang),
        code(&alert.account_shown()),
        code(&alert.kind),
        code(&alert.case_key)
    )));
    obj([
        (
            "text",
            fit(
                format!(
                    "[{resolved}] {}: {} ({} {})",
                    alert.source.label(lang),
                    escape::text(&one_line(&alert.title)),
                    ui::F_ACCOUNT.get(lang),
                    escape::text(&one_line(&alert.account_shown()))
                ),
                limits::TOP_LEVEL_TEXT,
            )
            .into(),
        ),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// Renders a message: the alert, with its tracked state, what changed, and
/// folded repeats.
pub fn render_with(
    alert: &Alert,
    opts: &RenderOptions,
    extras: Extras<'_>,
    now: DateTime<Utc>,
) -> Value {
    if let Some(t) = extras
        .state
        .filter(|t| !t.is_open() && t.resolved.as_ref().is_some_and(Mark::is_person))
    {
        return render_collapsed(alert, t, opts.lang);
    }
    let lang = opts.lang;
    let mentions: Vec<String> = if extras.quiet {
        Vec::new()
    } else {
        opts.mentions
            .for_severity(alert.severity)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let mention_line = mentions.join(" ");

    let mut blocks: Vec<Value> = Vec::new();

    // Header: severity first, then the title (plain_text: never parsed).
    let status_word = if extras.changes.is_some() && alert.status == Status::Open {
        ui::ST_UPDATE.get(lang)
    } else {
        alert.status_word(lang)
    };
    let header = format!(
        "{} {} · {}",
        alert.severity.emoji(),
        status_word,
        one_line(&alert.title)
    );
    blocks.push(obj([
        ("type", "header".into()),
        ("text", plain_text(fit(header, limits::HEADER_TEXT), true)),
    ]));

    // Deadline, three ways.
    let mut deadline_text = match (alert.status, alert.respond_by) {
        (_, Some(by)) => format!(
            ":alarm_clock: *{} {}*  ({} · *{}*)",
            alert.deadline_label(lang),
            date_token(by, lang),
            opts.absolute(by),
            opts.countdown(by, now)
        ),
        (Status::Recovered, None) => {
            format!(":white_check_mark: {}", ui::RECOVERED_NO_RESPONSE.get(lang))
        }
        (Status::Closed, None) => {
            format!(":white_check_mark: {}", ui::CLOSED_NO_RESPONSE.get(lang))
        }
        (Status::Open, None) => {
            format!(":information_source: {}", ui::FOR_INFORMATION.get(lang))
        }
    };
    match (alert.fix_by, alert.fix_now.as_deref()) {
        // The fix cannot wait for its deadline: say what to do now.
        (Some(fix), Some(what)) => deadline_text.push_str(&format!(
            "\n:hammer_and_wrench: *{}*",
            ui::FIX_NOW.fill(
                lang,
                &[
                    ("what", &escape::text(&one_line(what))),
                    ("when", &opts.absolute(fix)),
                ]
            )
        )),
        (Some(fix), None) => deadline_text.push_str(&format!(
            "\n:hammer_and_wrench: *{} {}*  ({} · {})",
            ui::FIX_BY.get(lang),
            date_token(fix, lang),
            opts.absolute(fix),
            opts.countdown(fix, now)
        )),
        (None, _) => {}
    }
    let mut lead = String::new();
    if !mention_line.is_empty() {
        lead.push_str(&mention_line);
        lead.push('\n');
    }
    if let Some(t) = extras.state {
        for line in state_lines(t, lang) {
            lead.push_str(&line);
            lead.push('\n');
        }
    }
    lead.push_str(&deadline_text);
    if let Some(c) = extras.folded.filter(|c| c.count > 0) {
        lead.push_str(&format!(
            "\n:repeat: {}",
            ui::FOLDED_COUNT.fill(lang, &[("n", &c.count)])
        ));
    }
    blocks.push(section_mrkdwn(&lead));
    if let Some(b) = extras
        .state
        .filter(|_| opts.buttons)
        .and_then(|t| action_buttons(t, lang))
    {
        blocks.push(b);
    }
    if let Some(c) = extras.folded.filter(|c| !c.members.is_empty()) {
        blocks.push(section_mrkdwn(&folded_text(c, lang)));
    }
    if let Some(changes) = extras.changes {
        let mut t = format!("*{}*", ui::WHAT_CHANGED.get(lang));
        for c in changes {
            // Already mrkdwn: event values are code spans (tracked::changes).
            t.push_str("\n• ");
            t.push_str(&one_line(c));
        }
        blocks.push(section_mrkdwn(&t));
    }

    // Core fields, then the source's facts, ten to a section.
    let first_reported = human_utc(alert.occurred_at);
    let latest = alert
        .latest_activity
        .filter(|t| *t != alert.occurred_at)
        .map(human_utc);
    let region = crate::regions::subject(&alert.region, alert.global_service.as_deref(), lang);
    let account = alert.account_shown();
    let mut fields: Vec<(&str, &str)> = vec![
        (ui::F_SOURCE.get(lang), alert.source.label(lang)),
        (ui::F_SEVERITY.get(lang), alert.severity.word(lang)),
        (ui::F_ACCOUNT.get(lang), &account),
        (ui::F_REGION.get(lang), &region),
        (ui::F_KIND.get(lang), &alert.kind),
        (alert.source.first_reported_label(lang), &first_reported),
    ];
    if let Some(l) = &latest {
        fields.push((ui::F_LATEST_ACTIVITY.get(lang), l));
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
        blocks.push(context(&ui::MORE_FACTS.fill(lang, &[("n", &dropped)])));
    }

    // Affected resources, copyable.
    if !alert.resources.is_empty() {
        let mut t = format!("*{}*", ui::AFFECTED_RESOURCES.get(lang));
        for r in alert.resources.iter().take(MAX_RESOURCES_LISTED) {
            t.push_str("\n• ");
            t.push_str(&code(r));
        }
        if alert.resources.len() > MAX_RESOURCES_LISTED {
            t.push('\n');
            t.push_str(&ui::AND_MORE.fill(
                lang,
                &[("n", &(alert.resources.len() - MAX_RESOURCES_LISTED))],
            ));
        }
        blocks.push(section_mrkdwn(&t));
    }

    // What to do comes before the long text from the source: on a phone
    // the steps are what on-call scrolls to.
    if !alert.next_steps.is_empty() {
        blocks.push(section_mrkdwn(&format!("*{}*", ui::WHAT_TO_DO.get(lang))));
        let steps: Vec<String> = alert
            .next_steps
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {}", i + 1, plain(s)))
            .collect();
        let linked = (0..steps.len()).any(|i| step_button(alert, i).is_some());
        if linked && steps.len() <= MAX_LINKED_STEPS {
            // One section a step, its console page a button beside it.
            for (i, text) in steps.into_iter().enumerate() {
                let mut b = section(plain_text(fit(text, limits::SECTION_TEXT), false));
                if let (Some(button), Value::Object(m)) = (step_button(alert, i), &mut b) {
                    m.insert("accessory".into(), button);
                }
                blocks.push(b);
            }
        } else {
            blocks.push(section(plain_text(
                fit(steps.join("\n"), limits::SECTION_TEXT),
                false,
            )));
        }
    }

    // Free text from the source: plain_text, shown literally, under a
    // heading that says whose words it is.
    if let Some(desc) = alert
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        blocks.push(section_mrkdwn(&format!(
            "*{}*",
            alert.description_by.heading(lang)
        )));
        blocks.push(section(plain_text(
            fit(plain(desc.trim()), limits::SECTION_TEXT),
            false,
        )));
    }

    if let (Some(d), Some(stage)) = (
        alert.reply_draft.as_ref().filter(|_| !extras.no_draft),
        draft_stage(extras.state),
    ) {
        blocks.extend(draft_blocks(d, stage, lang));
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

    // The dedup key is for logs and `preview --json`, not for on-call.
    let mut ctx: Vec<String> = alert.notes.iter().map(|n| escape::text(n)).collect();
    ctx.push("Respond By".to_owned());
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
        blocks.push(context(ui::SHORTENED.get(lang)));
    }
    fit_total(&mut blocks);

    obj([
        (
            "text",
            fit(
                notification_text(alert, &mention_line, opts, now),
                limits::TOP_LEVEL_TEXT,
            )
            .into(),
        ),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// The button of step `i`'s console link (https only, within Slack's limits).
fn step_button(alert: &Alert, i: usize) -> Option<Value> {
    let l = alert
        .link_of_step(i)
        .filter(|l| l.url.starts_with("https://") && l.url.len() <= limits::BUTTON_URL)?;
    Some(obj([
        ("type", "button".into()),
        (
            "text",
            obj([
                ("type", "plain_text".into()),
                ("text", fit(plain(&l.label), limits::BUTTON_TEXT).into()),
            ]),
        ),
        ("url", l.url.clone().into()),
    ]))
}

/// A follow-up in a case's thread (app mode): what changed, and AWS's new
/// text if it changed. The parent message is updated in place beside it.
pub fn update_reply(alert: &Alert, changes: &[String], lang: Lang, now: DateTime<Utc>) -> Value {
    let mut t = format!(
        ":arrows_counterclockwise: *{}* · {}",
        ui::UPDATE.get(lang),
        date_token(now, lang)
    );
    for c in changes {
        // Already mrkdwn: event values are code spans (tracked::changes).
        t.push_str("\n• ");
        t.push_str(&one_line(c));
    }
    let mut blocks = vec![section_mrkdwn(&t)];
    if changes
        .iter()
        .any(|c| c == alert.description_by.text_changed(lang))
    {
        if let Some(desc) = alert
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            blocks.push(section(plain_text(
                fit(plain(desc.trim()), limits::SECTION_TEXT),
                false,
            )));
        }
    }
    let summary = changes
        .first()
        .map(String::as_str)
        .unwrap_or(ui::UPDATE.get(lang));
    obj([
        (
            "text",
            fit(
                ui::UPDATE_TOP.fill(
                    lang,
                    &[
                        ("title", &escape::text(&one_line(&alert.title))),
                        ("summary", &escape::text(&one_line(summary))),
                    ],
                ),
                limits::TOP_LEVEL_TEXT,
            )
            .into(),
        ),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// Makes a reply in a case's thread a page: shown in the channel too
/// (`reply_broadcast`), with `mentions` leading its text and first block.
pub fn as_page(body: &mut Value, mentions: &[String]) {
    body["reply_broadcast"] = true.into();
    if mentions.is_empty() {
        return;
    }
    let line = mentions.join(" ");
    if let Some(t) = body["text"].as_str() {
        body["text"] = format!("{line} {t}").into();
    }
    let first = &mut body["blocks"][0]["text"]["text"];
    if let Some(t) = first.as_str() {
        *first = format!("{line}\n{t}").into();
    }
}

/// What a flood window folded after its first message, posted once the
/// window ended quietly (the scheduled sweep): in the first message's
/// thread in app mode, or as a short message naming it.
pub fn tail_summary(anchor: &Anchor, consumed: &Consumed, lang: Lang, now: DateTime<Utc>) -> Value {
    let title = one_line(&anchor.title);
    let mut t = format!(
        ":repeat: {}",
        ui::TAIL_SUMMARY.fill(
            lang,
            &[
                ("n", &consumed.count),
                ("title", &code(&title)),
                ("date", &date_token(now, lang)),
            ],
        )
    );
    if !consumed.members.is_empty() {
        t.push('\n');
        t.push_str(&folded_text(consumed, lang));
    }
    let blocks = vec![
        section_mrkdwn(&t),
        context(&format!("Respond By · {}", code(&anchor.case_key))),
    ];
    obj([
        (
            "text",
            fit(
                ui::TAIL_TOP.fill(
                    lang,
                    &[("n", &consumed.count), ("title", &escape::text(&title))],
                ),
                limits::TOP_LEVEL_TEXT,
            )
            .into(),
        ),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// A reminder of a case's deadline. In app mode it goes into the case's
/// thread (escalations also to the channel); in webhook mode it is a short
/// message that names the alert.
pub fn reminder(
    case: &Tracked,
    r: &Reminder,
    plan_escalation: &[Mention],
    opts: &RenderOptions,
    threaded: bool,
    now: DateTime<Utc>,
) -> Value {
    let alert = &case.alert;
    let lang = opts.lang;
    let mut mentions: Vec<String> = opts
        .mentions
        .for_severity(alert.severity)
        .iter()
        .map(ToString::to_string)
        .collect();
    if r.escalate {
        for m in plan_escalation {
            let m = m.to_string();
            if !mentions.contains(&m) {
                mentions.push(m);
            }
        }
    }
    let towards = |target| match target {
        Target::FirstResponse => (alert.deadline_label(lang), case.respond_by),
        Target::Fix => (ui::FIX_BY.get(lang), case.fix_by),
    };
    let (what, deadline) = towards(r.target);
    let step = r.label(lang);
    let mut lead = String::new();
    if !mentions.is_empty() {
        lead.push_str(&mentions.join(" "));
        lead.push('\n');
    }
    let icon = if r.escalate {
        ":rotating_light:"
    } else {
        ":alarm_clock:"
    };
    lead.push_str(&format!(
        "{icon} *{}:* ",
        ui::REMINDER.fill(lang, &[("step", &escape::text(&step))])
    ));
    match deadline {
        Some(d) => lead.push_str(&format!(
            "*{} {}* ({} · *{}*)",
            what,
            date_token(d, lang),
            opts.absolute(d),
            opts.countdown(d, now)
        )),
        None => lead.push_str(ui::NO_DEADLINE.get(lang)),
    }
    // A step of the other deadline due now too: named, never swallowed.
    let mut also_text = String::new();
    for other in &r.also {
        let (what, deadline) = towards(other.target);
        let Some(d) = deadline else { continue };
        let label = escape::text(&other.label(lang));
        lead.push_str(&format!(
            "\n{icon} *{}:* *{} {}* ({} · *{}*)",
            ui::REMINDER_ALSO.fill(lang, &[("step", &label)]),
            what,
            date_token(d, lang),
            opts.absolute(d),
            time_left(d, now, lang)
        ));
        also_text.push_str(&format!(
            "; {what} {} ({})",
            human_utc(d),
            time_left(d, now, lang)
        ));
    }
    for line in state_lines(case, lang) {
        lead.push('\n');
        lead.push_str(&line);
    }
    let mut blocks = vec![section_mrkdwn(&lead)];
    if !threaded {
        blocks.push(section_mrkdwn(&format!(
            "{} · {} · {} {}",
            // A code span: the title carries event text (a finding type),
            // whose `*` or `_` would otherwise format the line.
            code(&alert.title),
            alert.source.label(lang),
            ui::F_ACCOUNT.get(lang),
            code(&alert.account_shown())
        )));
    }
    if let Some(b) = Some(case)
        .filter(|_| opts.buttons && !threaded)
        .and_then(|c| action_buttons(c, lang))
    {
        blocks.push(b);
    }
    blocks.push(context(&format!("Respond By · {}", code(&case.case_key))));
    let mut top = String::new();
    if !mentions.is_empty() {
        top.push_str(&mentions.join(" "));
        top.push(' ');
    }
    let deadline_text = match deadline {
        Some(d) => format!(
            "{what} {} ({}){also_text}",
            opts.absolute(d),
            opts.countdown(d, now)
        ),
        None => ui::NO_DEADLINE.get(lang).to_owned(),
    };
    top.push_str(&ui::REMINDER_TOP.fill(
        lang,
        &[
            ("step", &escape::text(&step)),
            ("title", &escape::text(&one_line(&alert.title))),
            ("deadline", &deadline_text),
        ],
    ));
    let mut body = obj([
        ("text", fit(top, limits::TOP_LEVEL_TEXT).into()),
        ("blocks", Value::Array(blocks)),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ]);
    if threaded && r.escalate {
        // Escalations are also shown in the channel, not only in the thread.
        body["reply_broadcast"] = true.into();
    }
    body
}

/// Which draft the case needs now: the first reply until someone marks it
/// replied, then the follow-up; none once it is resolved.
pub fn draft_stage(state: Option<&Tracked>) -> Option<ReplyStage> {
    match state {
        Some(t) if t.resolved.is_some() => None,
        Some(t) if t.answered.is_some() => Some(ReplyStage::Followup),
        _ => Some(ReplyStage::First),
    }
}

/// A reply draft as Slack shows it: the stage, how to send it, and the
/// draft in a code block that copies as it is.
fn draft_blocks(d: &ReplyDraft, stage: ReplyStage, lang: Lang) -> Vec<Value> {
    let heading = match stage {
        ReplyStage::First => ui::D_FIRST,
        ReplyStage::Followup => ui::D_FOLLOWUP,
    };
    vec![
        section_mrkdwn(&format!(
            ":memo: *{}*\n{}",
            heading.get(lang),
            escape::text(&d.via.how(lang))
        )),
        section_mrkdwn(&format!(
            "```{}```",
            fit(
                escape::block(d.body(stage).trim_end()),
                limits::SECTION_TEXT - 6
            )
        )),
    ]
}

/// The reply draft on its own (app mode: in the alert's thread).
pub fn reply_message(d: &ReplyDraft, stage: ReplyStage, lang: Lang) -> Value {
    let heading = match stage {
        ReplyStage::First => ui::D_FIRST,
        ReplyStage::Followup => ui::D_FOLLOWUP,
    };
    obj([
        ("text", heading.get(lang).into()),
        ("blocks", Value::Array(draft_blocks(d, stage, lang))),
        ("unfurl_links", false.into()),
        ("unfurl_media", false.into()),
    ])
}

/// The folded repeats, most frequent first.
fn folded_text(c: &Consumed, lang: Lang) -> String {
    let (lines, more) = member_lines(c, MAX_MEMBERS_LISTED);
    let mut t = format!("*{}*", ui::FOLDED_HEADING.get(lang));
    for l in lines {
        t.push_str("\n• ");
        t.push_str(&code(&l));
    }
    if more > 0 {
        t.push('\n');
        t.push_str(&ui::AND_MORE.fill(lang, &[("n", &more)]));
    }
    t
}

/// Shortens the longest texts (section texts and fields) until all text
/// fits Slack's total budget, so a long abuse report or a huge resource list
/// never gets the whole message refused.
fn fit_total(blocks: &mut [Value]) {
    const FLOOR: usize = 200;
    let len = |v: &Value| v["text"].as_str().map_or(0, |t| t.chars().count());
    if super::strings_within(blocks, limits::BLOCKS_TOTAL) {
        return;
    }
    loop {
        let total = super::text_chars(blocks);
        if total <= limits::BLOCKS_TOTAL {
            return;
        }
        // The longest shortenable text: a section's text or one of its fields.
        let mut best: Option<(usize, Option<usize>, usize)> = None;
        for (i, b) in blocks.iter().enumerate() {
            if b["type"] != "section" {
                continue;
            }
            let mut consider = |field: Option<usize>, v: &Value| {
                let l = len(v);
                if l > FLOOR && best.is_none_or(|(_, _, bl)| l > bl) {
                    best = Some((i, field, l));
                }
            };
            if b["text"].is_object() {
                consider(None, &b["text"]);
            }
            for (j, f) in b["fields"].as_array().into_iter().flatten().enumerate() {
                consider(Some(j), f);
            }
        }
        let Some((i, field, l)) = best else {
            return;
        };
        let keep = l.saturating_sub(total - limits::BLOCKS_TOTAL).max(FLOOR);
        let target = match field {
            None => &mut blocks[i]["text"],
            Some(j) => &mut blocks[i]["fields"][j],
        };
        let t = target["text"].as_str().unwrap_or("").to_owned();
        target["text"] = if target["type"] == "mrkdwn" {
            escape::truncate(&t, keep).into()
        } else {
            fit(t, keep).into()
        };
    }
}

/// The plain top-level text: what notifications and screen readers show.
pub fn notification_text(
    alert: &Alert,
    mention_line: &str,
    opts: &RenderOptions,
    now: DateTime<Utc>,
) -> String {
    let lang = opts.lang;
    let status = alert.status_word(lang);
    let mut t = String::new();
    if !mention_line.is_empty() {
        t.push_str(mention_line);
        t.push(' ');
    }
    t.push_str(&format!(
        "[{status}] {}: {} ({} {}",
        alert.source.label(lang),
        escape::text(&one_line(&alert.title)),
        ui::F_ACCOUNT.get(lang).to_lowercase(),
        escape::text(&one_line(&alert.account_shown()))
    ));
    let region = crate::regions::subject(&alert.region, alert.global_service.as_deref(), lang);
    if !region.trim().is_empty() {
        t.push_str(" · ");
        t.push_str(&escape::text(&one_line(&region)));
    }
    t.push(')');
    if let Some(by) = alert.respond_by {
        let label = alert.deadline_label(lang);
        let label = match lang {
            Lang::En => label.to_ascii_lowercase(),
            Lang::Ja => label.to_owned(),
        };
        t.push_str(&format!(
            " — {label} {} ({})",
            opts.absolute(by),
            opts.countdown(by, now)
        ));
    }
    t
}

// Block Kit objects built from owned values. (`json!` would serialise every
// interpolated value into a copy: the whole block tree, once per level.)

/// A JSON object from its few members. Inserted one by one: collecting
/// into serde_json's map sorts them through a vector first, an allocation
/// per object of the message (a profile of rendering put map building and
/// the allocator first after escaping).
fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in pairs {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
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
