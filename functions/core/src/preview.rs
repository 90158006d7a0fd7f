//! Local previews: a readable terminal rendering, and the JSON contract of
//! `respondby preview --json`.

use crate::alert::{Alert, Outcome, ReplyStage, Status};
use crate::i18n::{ui, Lang};
use crate::slack::render::draft_stage;
use crate::slack::{render_with, Extras, RenderOptions};
use crate::time::{human_utc, rfc3339};
use crate::tracked::Tracked;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::fmt::Write;

/// The one JSON object `respondby preview --json` prints; with `state`, the
/// message as it shows that tracked state (`--state acked|answered|resolved`).
pub fn json_contract(
    outcome: &Outcome,
    opts: &RenderOptions,
    state: Option<&Tracked>,
    now: DateTime<Utc>,
) -> Value {
    match outcome {
        Outcome::Skip { reason } => {
            json!({"action": "skip", "reason": reason, "alert": null, "slack": null, "state": null, "reply_draft": null})
        }
        Outcome::Notify(alert) => json!({
            "action": "notify",
            "reason": null,
            "alert": alert_json(alert),
            "state": state.map(state_json),
            "reply_draft": alert.reply_draft.as_ref().zip(draft_stage(state)).map(|(d, st)| json!({"stage": st.as_str(), "body": d.body(st), "via": d.via})),
            "slack": render_with(alert, opts, Extras { state, ..Extras::default() }, now),
        }),
    }
}

fn mark_json(m: &Option<crate::tracked::Mark>) -> Value {
    m.as_ref().map_or(
        Value::Null,
        |m| json!({"by": m.by, "name": m.name, "at": rfc3339(m.at)}),
    )
}

/// A tracked case's state: phase, who did what when.
pub fn state_json(t: &Tracked) -> Value {
    json!({
        "phase": t.phase.as_str(),
        "acknowledged": mark_json(&t.acked),
        "answered": mark_json(&t.answered),
        "resolved": mark_json(&t.resolved),
    })
}

/// A tracked case for `--state`: the alert acknowledged, answered or
/// resolved by `who` at `at`. `None` for a state that is not one of those.
pub fn demo_state(alert: &Alert, state: &str, who: &str, at: DateTime<Utc>) -> Option<Tracked> {
    use crate::tracked::{Action, Mark};
    let mut t = Tracked::new(alert, None, at);
    let mark = Mark::user(who, None, at);
    let actions: &[Action] = match state {
        "open" => &[],
        "acked" | "acknowledged" => &[Action::Acknowledge],
        "answered" => &[Action::Acknowledge, Action::Answer],
        "resolved" => &[Action::Acknowledge, Action::Answer, Action::Resolve],
        _ => return None,
    };
    for a in actions {
        let _ = t.apply(*a, mark.clone());
    }
    Some(t)
}

/// The alert's public fields, times as RFC 3339 UTC.
pub fn alert_json(a: &Alert) -> Value {
    json!({
        "source": a.source,
        "kind": a.kind,
        "severity": a.severity,
        "status": a.status,
        "title": a.title,
        "account": a.account,
        "account_name": a.account_name,
        "region": a.region,
        "global_service": a.global_service,
        "occurred_at": rfc3339(a.occurred_at),
        "latest_activity": a.latest_activity.map(rfc3339),
        "told_at": rfc3339(a.clock.started),
        "deadline_class": a.clock.class,
        "respond_by": a.respond_by.map(rfc3339),
        "fix_by": a.fix_by.map(rfc3339),
        "fix_now": a.fix_now,
        "dedup_key": a.dedup_key,
        "case_key": a.case_key,
        "group_key": a.group_key,
        "resources": a.resources,
        "facts": a.facts,
        "description": a.description,
        "description_by": a.description_by,
        "links": a.links,
        "next_steps": a.next_steps,
        "step_links": a.step_links,
        "notes": a.notes,
    })
}

/// Makes untrusted text safe for a terminal: no escape sequences, no
/// carriage returns that overwrite earlier output.
pub fn term_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '�'
            } else {
                c
            }
        })
        .collect()
}

/// Columns a string takes in a terminal: East Asian wide characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// A human-readable preview of what on-call will see, in the language of
/// `opts`.
pub fn terminal(
    outcome: &Outcome,
    opts: &RenderOptions,
    state: Option<&Tracked>,
    now: DateTime<Utc>,
) -> String {
    let lang = opts.lang;
    let alert = match outcome {
        Outcome::Skip { reason } => {
            return format!("{}: {}\n", ui::T_SKIP.get(lang), term_safe(reason))
        }
        Outcome::Notify(a) => a,
    };
    let mut o = String::new();
    let bar = "─".repeat(72);
    let status = alert.status_word(lang);
    let _ = writeln!(o, "{bar}");
    let _ = writeln!(
        o,
        " {status} · {} · {}",
        alert.source.label(lang),
        term_safe(&crate::slack::escape::one_line(&alert.title))
    );
    let upper = |s: &str| match lang {
        Lang::En => s.to_uppercase(),
        Lang::Ja => s.to_owned(),
    };
    match alert.respond_by {
        Some(by) => {
            let _ = writeln!(
                o,
                " {} {}  ({})",
                upper(alert.deadline_label(lang)),
                opts.absolute(by),
                opts.countdown(by, now)
            );
        }
        None => {
            let line = match alert.status {
                Status::Recovered => ui::RECOVERED_NO_RESPONSE,
                Status::Closed => ui::CLOSED_NO_RESPONSE,
                Status::Open => ui::FOR_INFORMATION,
            };
            let _ = writeln!(o, " {}", line.get(lang).replace('*', ""));
        }
    }
    match (alert.fix_by, alert.fix_now.as_deref()) {
        (Some(fix), Some(what)) => {
            let line = ui::FIX_NOW.fill(
                lang,
                &[
                    ("what", &crate::slack::escape::one_line(what)),
                    ("when", &opts.absolute(fix)),
                ],
            );
            let _ = writeln!(o, " {}", term_safe(&upper(&line)));
        }
        (Some(fix), None) => {
            let _ = writeln!(
                o,
                " {} {}  ({})",
                upper(ui::FIX_BY.get(lang)),
                opts.absolute(fix),
                opts.countdown(fix, now)
            );
        }
        (None, _) => {}
    }
    if let Some(t) = state {
        let answered = if alert.clock.reply_to_aws {
            ui::STATE_REPLIED_BY
        } else {
            ui::STATE_ANSWERED_BY
        };
        for (what, m) in [
            (ui::STATE_RESOLVED_BY, &t.resolved),
            (answered, &t.answered),
            (ui::STATE_ACKED_BY, &t.acked),
        ] {
            if let Some(m) = m {
                let who = term_safe(m.name.as_deref().unwrap_or(&m.by));
                let what = what.fill(lang, &[("who", &who)]);
                let _ = writeln!(
                    o,
                    " {}",
                    ui::T_AT.fill(lang, &[("what", &what), ("time", &human_utc(m.at))])
                );
            }
        }
    }
    let mentions: Vec<String> = opts
        .mentions
        .for_severity(alert.severity)
        .iter()
        .map(|m| m.to_string())
        .collect();
    if !mentions.is_empty() {
        let _ = writeln!(o, " {} {}", ui::T_MENTIONS.get(lang), mentions.join(" "));
    }
    let _ = writeln!(o, "{bar}");
    let mut rows: Vec<(String, String)> = vec![
        (ui::F_ACCOUNT.get(lang).into(), alert.account_shown()),
        (
            ui::F_REGION.get(lang).into(),
            crate::regions::subject(&alert.region, alert.global_service.as_deref(), lang),
        ),
        (ui::F_KIND.get(lang).into(), alert.kind.clone()),
        (
            alert.source.first_reported_label(lang).into(),
            human_utc(alert.occurred_at),
        ),
    ];
    if let Some(l) = alert.latest_activity.filter(|t| *t != alert.occurred_at) {
        rows.push((ui::F_LATEST_ACTIVITY.get(lang).into(), human_utc(l)));
    }
    rows.extend(
        alert
            .facts
            .iter()
            .map(|f| (f.label.clone(), f.value.clone())),
    );
    let width = rows
        .iter()
        .map(|(l, _)| display_width(l))
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let pad = " ".repeat(width - display_width(&label));
        let _ = writeln!(o, " {label}{pad}  {}", term_safe(&value).replace('\n', " "));
    }
    if !alert.resources.is_empty() {
        let _ = writeln!(o, "\n {}", ui::AFFECTED_RESOURCES.get(lang));
        for r in &alert.resources {
            let _ = writeln!(o, "   • {}", term_safe(r));
        }
    }
    if !alert.next_steps.is_empty() {
        let _ = writeln!(o, "\n {}", ui::WHAT_TO_DO.get(lang));
        for (i, s) in alert.next_steps.iter().enumerate() {
            let _ = writeln!(o, "   {}. {}", i + 1, term_safe(s));
            if let Some(l) = alert.link_of_step(i) {
                let _ = writeln!(o, "      → {}: {}", term_safe(&l.label), term_safe(&l.url));
            }
        }
    }
    if let Some(d) = alert
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = writeln!(o, "\n {}", alert.description_by.heading(lang));
        for line in term_safe(d.trim()).lines() {
            let _ = writeln!(o, "   {line}");
        }
    }
    if let (Some(d), Some(stage)) = (&alert.reply_draft, draft_stage(state)) {
        let heading = match stage {
            ReplyStage::First => ui::D_FIRST,
            ReplyStage::Followup => ui::D_FOLLOWUP,
        };
        let _ = writeln!(o, "\n {}", heading.get(lang));
        let _ = writeln!(o, "   {}", term_safe(&d.via.how(lang)));
        for line in term_safe(d.body(stage)).lines() {
            let _ = writeln!(o, "   │ {line}");
        }
    }
    if !alert.links.is_empty() {
        let _ = writeln!(o, "\n {}", ui::LINKS.get(lang));
        for l in &alert.links {
            let _ = writeln!(o, "   {}: {}", l.label, term_safe(&l.url));
        }
    }
    for n in &alert.notes {
        let _ = writeln!(o, "\n {}: {}", ui::NOTE.get(lang), term_safe(n));
    }
    let _ = writeln!(o, "{bar}");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_cannot_carry_escape_sequences() {
        assert_eq!(term_safe("a\u{1b}[31mred\rb"), "a�[31mred�b");
    }

    #[test]
    fn the_preview_title_is_one_line() {
        let a = crate::Alert::new(
            crate::Source::GuardDuty,
            "x",
            crate::Severity::High,
            "Backdoor\nREPLY TO AWS BY never\u{202E}",
            Utc::now(),
        );
        let out = terminal(
            &Outcome::Notify(Box::new(a)),
            &RenderOptions::default(),
            None,
            Utc::now(),
        );
        let title = out.lines().nth(1).unwrap();
        assert!(title.ends_with("Backdoor REPLY TO AWS BY never"), "{out}");
    }

    #[test]
    fn the_preview_says_how_the_draft_is_sent_as_its_source_does() {
        let mut a = crate::Alert::new(
            crate::Source::Support,
            "x",
            crate::Severity::High,
            "t",
            Utc::now(),
        );
        a.reply_draft = Some(crate::alert::ReplyDraft {
            first: "Hello".into(),
            followup: "f".into(),
            via: crate::alert::ReplyVia::Stated {
                how: "Post it in the case.\u{1b}[31m".into(),
            },
        });
        let out = terminal(
            &Outcome::Notify(Box::new(a)),
            &RenderOptions::default(),
            None,
            Utc::now(),
        );
        assert!(
            out.contains("   Post it in the case.\u{FFFD}[31m\n"),
            "{out}"
        );
        assert!(!out.contains(ui::D_HOW_EMAIL.en), "{out}");
    }

    #[test]
    fn the_terminal_preview_names_the_region_in_its_language() {
        let mut a = crate::Alert::new(
            crate::Source::GuardDuty,
            "x",
            crate::Severity::High,
            "t",
            Utc::now(),
        );
        a.region = "sa-east-1".into();
        let out = |lang| {
            terminal(
                &Outcome::Notify(Box::new(a.clone())),
                &RenderOptions {
                    lang,
                    ..RenderOptions::default()
                },
                None,
                Utc::now(),
            )
        };
        assert!(
            out(Lang::En).contains("sa-east-1 (São Paulo)"),
            "{}",
            out(Lang::En)
        );
        assert!(
            out(Lang::Ja).contains("sa-east-1（サンパウロ）"),
            "{}",
            out(Lang::Ja)
        );
    }

    #[test]
    fn the_terminal_preview_has_steps_before_the_aws_text_and_no_dedup_key() {
        let mut a = crate::Alert::new(
            crate::Source::Health,
            "x",
            crate::Severity::High,
            "t",
            Utc::now(),
        );
        a.dedup_key = "health:dedup-key-123".into();
        a.description = Some("AWS's own words".into());
        a.step("First step");
        let outcome = Outcome::Notify(Box::new(a));
        let out = terminal(&outcome, &RenderOptions::default(), None, Utc::now());
        assert!(!out.contains("dedup-key-123"), "{out}");
        assert!(
            out.find("First step") < out.find("AWS's own words"),
            "{out}"
        );
        // preview --json keeps it, and carries the new fields.
        let v = json_contract(&outcome, &RenderOptions::default(), None, Utc::now());
        assert_eq!(v["alert"]["dedup_key"], "health:dedup-key-123");
        assert_eq!(v["alert"]["global_service"], serde_json::Value::Null);
        assert_eq!(v["alert"]["description_by"], "aws");
        assert_eq!(v["alert"]["step_links"], json!([]));
    }

    #[test]
    fn skip_contract_has_reason_and_no_alert() {
        let v = json_contract(
            &Outcome::skip("why"),
            &RenderOptions::default(),
            None,
            Utc::now(),
        );
        assert_eq!(
            v,
            json!({"action":"skip","reason":"why","alert":null,"slack":null,"state":null,"reply_draft":null})
        );
    }
}
