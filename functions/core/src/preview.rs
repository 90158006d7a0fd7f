//! Local previews: a readable terminal rendering, and the JSON contract of
//! `respondby preview --json`.

use crate::alert::{Alert, Outcome, Status};
use crate::slack::{render_with, Extras, RenderOptions};
use crate::time::{human_utc, rfc3339, time_left};
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
            json!({"action": "skip", "reason": reason, "alert": null, "slack": null, "state": null})
        }
        Outcome::Notify(alert) => json!({
            "action": "notify",
            "reason": null,
            "alert": alert_json(alert),
            "state": state.map(state_json),
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
        "region": a.region,
        "occurred_at": rfc3339(a.occurred_at),
        "latest_activity": a.latest_activity.map(rfc3339),
        "told_at": rfc3339(a.clock.started),
        "deadline_class": a.clock.class,
        "respond_by": a.respond_by.map(rfc3339),
        "fix_by": a.fix_by.map(rfc3339),
        "dedup_key": a.dedup_key,
        "case_key": a.case_key,
        "group_key": a.group_key,
        "resources": a.resources,
        "facts": a.facts,
        "description": a.description,
        "links": a.links,
        "next_steps": a.next_steps,
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

/// A human-readable preview of what on-call will see.
pub fn terminal(
    outcome: &Outcome,
    opts: &RenderOptions,
    state: Option<&Tracked>,
    now: DateTime<Utc>,
) -> String {
    let alert = match outcome {
        Outcome::Skip { reason } => return format!("SKIP: {}\n", term_safe(reason)),
        Outcome::Notify(a) => a,
    };
    let mut o = String::new();
    let bar = "─".repeat(72);
    let status = alert.status_word();
    let _ = writeln!(o, "{bar}");
    let _ = writeln!(
        o,
        " {status} · {} · {}",
        alert.source.label(),
        term_safe(&alert.title)
    );
    match alert.respond_by {
        Some(by) => {
            let _ = writeln!(
                o,
                " {} {}  ({})",
                alert.deadline_label().to_uppercase(),
                human_utc(by),
                time_left(by, now)
            );
        }
        None if alert.status == Status::Recovered => {
            let _ = writeln!(o, " Recovered. No response needed.");
        }
        None if alert.status == Status::Closed => {
            let _ = writeln!(o, " AWS closed this case. No response needed.");
        }
        None => {
            let _ = writeln!(o, " For information. No response deadline.");
        }
    }
    if let Some(fix) = alert.fix_by {
        let _ = writeln!(o, " FIX BY {}  ({})", human_utc(fix), time_left(fix, now));
    }
    if let Some(t) = state {
        for (what, m) in [
            ("Resolved", &t.resolved),
            (
                if alert.clock.reply_to_aws {
                    "Replied to AWS"
                } else {
                    "Answered"
                },
                &t.answered,
            ),
            ("Acknowledged", &t.acked),
        ] {
            if let Some(m) = m {
                let _ = writeln!(
                    o,
                    " {what} by {} at {}",
                    term_safe(m.name.as_deref().unwrap_or(&m.by)),
                    human_utc(m.at)
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
        let _ = writeln!(o, " Mentions {}", mentions.join(" "));
    }
    let _ = writeln!(o, "{bar}");
    let mut rows: Vec<(String, String)> = vec![
        ("Account".into(), alert.account.clone()),
        ("Region".into(), alert.region.clone()),
        ("Kind".into(), alert.kind.clone()),
        (
            alert.source.first_reported_label().into(),
            human_utc(alert.occurred_at),
        ),
    ];
    if let Some(l) = alert.latest_activity.filter(|t| *t != alert.occurred_at) {
        rows.push(("Latest activity".into(), human_utc(l)));
    }
    rows.extend(
        alert
            .facts
            .iter()
            .map(|f| (f.label.clone(), f.value.clone())),
    );
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(
            o,
            " {label:<width$}  {}",
            term_safe(&value).replace('\n', " ")
        );
    }
    if !alert.resources.is_empty() {
        let _ = writeln!(o, "\n Affected resources");
        for r in &alert.resources {
            let _ = writeln!(o, "   • {}", term_safe(r));
        }
    }
    if let Some(d) = alert
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        let _ = writeln!(o, "\n What AWS says");
        for line in term_safe(d.trim()).lines() {
            let _ = writeln!(o, "   {line}");
        }
    }
    if !alert.next_steps.is_empty() {
        let _ = writeln!(o, "\n What to do now");
        for (i, s) in alert.next_steps.iter().enumerate() {
            let _ = writeln!(o, "   {}. {}", i + 1, term_safe(s));
        }
    }
    if !alert.links.is_empty() {
        let _ = writeln!(o, "\n Links");
        for l in &alert.links {
            let _ = writeln!(o, "   {}: {}", l.label, term_safe(&l.url));
        }
    }
    for n in &alert.notes {
        let _ = writeln!(o, "\n Note: {}", term_safe(n));
    }
    let _ = writeln!(o, "\n dedup key {}", term_safe(&alert.dedup_key));
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
    fn skip_contract_has_reason_and_no_alert() {
        let v = json_contract(
            &Outcome::skip("why"),
            &RenderOptions::default(),
            None,
            Utc::now(),
        );
        assert_eq!(
            v,
            json!({"action":"skip","reason":"why","alert":null,"slack":null,"state":null})
        );
    }
}
