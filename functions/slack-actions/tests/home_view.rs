//! The Home tab and `/respondby` answers as Block Kit: Slack's limits at
//! 0, 1, 99 and 1,000 open cases in both languages, the order, hostile
//! event text, and the README walk-through (captured here).

use chrono::{DateTime, Duration, TimeZone, Utc};
use respondby_core::i18n::Lang;
use respondby_core::listing::{sort, Filter};
use respondby_core::slack::check_limits;
use respondby_core::tracked::{Action, Mark, MessageRef, Tracked};
use respondby_core::{Alert, Severity, Source};
use respondby_slack_actions::{command, home, open_list};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap()
}

fn case(i: usize, title: &str, account: &str, hours: i64, severity: Severity) -> Tracked {
    let mut a = Alert::new(
        Source::GuardDuty,
        "k",
        severity,
        title,
        now() - Duration::hours(30),
    );
    a.account = account.into();
    a.region = "ap-northeast-1".into();
    a.case_key = format!("case-{i:04}");
    a.respond_by = Some(now() + Duration::hours(hours));
    a.fix_by = Some(now() + Duration::hours(hours + 72));
    Tracked::new(
        &a,
        Some(MessageRef {
            channel: "C0ALERTS".into(),
            ts: format!("1765000000.{:06}", 100 + i),
        }),
        now() - Duration::hours(30),
    )
}

fn many(n: usize) -> Vec<Tracked> {
    let mut v: Vec<Tracked> = (0..n)
        .map(|i| {
            let hours = if i % 10 == 0 {
                -(i as i64 % 7) - 1
            } else {
                ((i * 37) % 500) as i64 + 1
            };
            // Long titles: the worst case for the text limits.
            let title = format!("Case {i:04} {}", "長いタイトル x".repeat(30));
            case(
                i,
                &title,
                &format!("{:012}", 111_122_223_333u64 + (i % 150) as u64),
                hours,
                Severity::High,
            )
        })
        .collect();
    sort(&mut v);
    v
}

fn check_view(view: &Value) {
    let blocks = view["blocks"].as_array().unwrap();
    assert!(blocks.len() <= home::VIEW_BLOCKS, "{} blocks", blocks.len());
    for b in blocks {
        check_limits(&serde_json::json!({"blocks": [b], "text": ""}))
            .unwrap_or_else(|e| panic!("{e}: {b}"));
        if b["type"] == "actions" {
            let els = b["elements"].as_array().unwrap();
            assert!(!els.is_empty() && els.len() <= 25);
            for e in els {
                if let Some(opts) = e["options"].as_array() {
                    assert!(opts.len() <= 100);
                }
                assert!(e["value"].as_str().map_or(0, str::len) <= 2000);
            }
        }
    }
    assert!(view["private_metadata"].as_str().map_or(0, str::len) <= 3000);
}

fn sections(view: &Value) -> Vec<String> {
    view["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "section")
        .filter_map(|b| b["text"]["text"].as_str().map(str::to_owned))
        .filter(|t| t.contains("case") || t.contains("Case"))
        .collect()
}

#[test]
fn the_home_tab_stays_within_slacks_limits_at_0_1_99_and_1000_cases_in_both_languages() {
    for lang in [Lang::En, Lang::Ja] {
        for n in [0, 1, 99, 1000] {
            let cases = many(n);
            let mut seen = Vec::new();
            let pages = n.div_ceil(home::PAGE).max(1);
            for page in 0..pages {
                let v = home::view(&cases, &Filter::All, page, now(), lang);
                check_view(&v);
                seen.extend(sections(&v));
                let more = v["blocks"].to_string().contains(home::MORE);
                assert_eq!(more, page + 1 < pages, "n={n} page={page}");
            }
            assert_eq!(seen.len(), n, "n={n} {lang:?}");
            // Overdue first, and they stand out.
            let overdue = cases
                .iter()
                .filter(|c| c.respond_by.unwrap() < now())
                .count();
            for (i, s) in seen.iter().enumerate() {
                assert_eq!(s.starts_with(":rotating_light:"), i < overdue, "{s}");
            }
            for f in [
                Filter::Overdue,
                Filter::Unacknowledged,
                Filter::Account("000111122223333".into()),
            ] {
                check_view(&home::view(&cases, &f, 0, now(), lang));
            }
            let answer = command::open(&cases, &Filter::All, now(), lang);
            check_limits(&answer).unwrap_or_else(|e| panic!("n={n}: {e}"));
        }
    }
}

#[test]
fn event_text_in_a_case_stays_text() {
    let c = case(
        1,
        "<!channel> *urgent* <https://evil.example|click> \u{202e}\n:fake: Approved by AWS",
        "111122223333",
        3,
        Severity::Critical,
    );
    for lang in [Lang::En, Lang::Ja] {
        let t = home::case_text(&c, now(), lang);
        let first = t.lines().next().unwrap();
        assert!(
            !t.contains("<!channel>") && !t.contains("<https://evil"),
            "{t}"
        );
        assert!(!t.contains('\u{202e}'), "{t}");
        assert!(
            first.contains("Approved by AWS"),
            "the title stays on its line: {t}"
        );
        assert_eq!(t.lines().count(), 4, "{t}");
    }
}

/// A view or an answer as plain text: what the README shows.
fn as_text(blocks: &Value) -> String {
    let clean = |s: &str| -> String {
        // <!date^…|fallback> → fallback; <@U…> → @U…; <url|text> → text (url)
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('<') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('>') else { break };
            let inner = &rest[i + 1..i + j];
            if let Some(d) = inner.strip_prefix("!date^") {
                out.push_str(d.rsplit('|').next().unwrap());
            } else if let Some(u) = inner.strip_prefix('@') {
                out.push('@');
                out.push_str(u);
            } else if let Some((url, text)) = inner.split_once('|') {
                out.push_str(&format!("{text} ({url})"));
            } else {
                out.push_str(inner);
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        out
    };
    let mut out = String::new();
    for b in blocks.as_array().unwrap() {
        match b["type"].as_str().unwrap() {
            "header" => out.push_str(&format!("# {}\n", b["text"]["text"].as_str().unwrap())),
            "divider" => out.push_str("----\n"),
            "section" => out.push_str(&format!("{}\n", clean(b["text"]["text"].as_str().unwrap()))),
            "context" => {
                let parts: Vec<String> = b["elements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| clean(e["text"].as_str().unwrap()))
                    .collect();
                out.push_str(&format!("{}\n", parts.join(" | ")));
            }
            "actions" => {
                let parts: Vec<String> = b["elements"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| match e["type"].as_str().unwrap() {
                        "static_select" => {
                            format!("[{} ▾]", e["placeholder"]["text"].as_str().unwrap())
                        }
                        _ if e["style"] == "primary" => {
                            format!("[*{}*]", e["text"]["text"].as_str().unwrap())
                        }
                        _ => format!("[{}]", e["text"]["text"].as_str().unwrap()),
                    })
                    .collect();
                out.push_str(&format!("{}\n", parts.join(" ")));
            }
            other => out.push_str(&format!("({other})\n")),
        }
        if b["type"] == "section" {
            out.push('\n');
        }
    }
    out
}

fn walkthrough_cases() -> Vec<Tracked> {
    let mut abuse = case(
        1,
        "AWS abuse report: DoS attack from your EC2 instance",
        "111122223333",
        -2,
        Severity::Critical,
    );
    abuse.alert.clock.reply_to_aws = true;
    // Named from ACCOUNT_NAMES (or AWS Organizations) when it was posted.
    abuse.alert.account_name = Some("prod-payments".into());
    let mut gd = case(
        2,
        "UnauthorizedAccess:EC2/SSHBruteForce on i-0abc1234",
        "444455556666",
        3,
        Severity::High,
    );
    gd.apply(
        Action::Acknowledge,
        Mark::user("U0SATO", Some("sato"), now() - Duration::hours(1)),
    )
    .unwrap();
    let cost = case(
        3,
        "Cost anomaly: $1,250 in EC2 (ap-south-1)",
        "111122223333",
        20,
        Severity::Critical,
    );
    let mut cost = cost;
    cost.alert.region = "ap-south-1".into();
    cost.alert.account_name = Some("prod-payments".into());
    let mut v = vec![cost, gd, abuse];
    sort(&mut v);
    v
}

#[test]
fn readme_walkthrough_is_what_the_home_tab_and_the_command_show() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let cases = walkthrough_cases();
    let policy = respondby_core::DeadlinePolicy::default();
    let plan = respondby_core::plan::ReminderPlan::default();
    let shots = [
        (
            "Home tab",
            home::view(&cases, &Filter::All, 0, now(), Lang::En)["blocks"].clone(),
        ),
        (
            "/respondby open overdue",
            command::open(&cases, &Filter::Overdue, now(), Lang::En)["blocks"].clone(),
        ),
        (
            "/respondby coverage",
            command::coverage(None, Lang::En)["blocks"].clone(),
        ),
        (
            "/respondby help",
            command::help(None, Lang::En)["blocks"].clone(),
        ),
        ("/respondby open, a long list (300 cases): the answer's last section, then the first section of the first message through response_url, and the first and last of the fifth", {
            let many = many(300);
            let ack = command::open_ack(
                command::open_first(&many, &Filter::All, now(), Lang::En),
                Lang::En,
            );
            let pages = open_list::pages(&many, &Filter::All, now(), Lang::En);
            assert_eq!(pages.len(), open_list::MAX_MESSAGES);
            let last = |v: &Value| v["blocks"].as_array().unwrap().last().unwrap().clone();
            Value::Array(vec![
                last(&ack),
                pages[0]["blocks"][0].clone(),
                pages[4]["blocks"][0].clone(),
                last(&pages[4]),
            ])
        }),
        ("/respondby open, a long list that could not be handed over: the answer's last section", {
            let many = many(300);
            let v = command::open_not_handed_over(
                command::open_first(&many, &Filter::All, now(), Lang::En),
                Lang::En,
            );
            Value::Array(vec![v["blocks"].as_array().unwrap().last().unwrap().clone()])
        }),
        ("/respondby policy (its first and last sections)", {
            let b = command::policy(&policy, &plan, Lang::En)["blocks"].clone();
            let b = b.as_array().unwrap();
            Value::Array(vec![b[0].clone(), b[b.len() - 1].clone()])
        }),
    ];
    let mut missing = String::new();
    for (what, blocks) in shots {
        let text = as_text(&blocks);
        let fenced = format!("```text\n{}\n```", text.trim_end());
        if !readme.contains(&fenced) {
            missing.push_str(&format!("{what}:\n{fenced}\n\n"));
        }
    }
    assert!(
        missing.is_empty(),
        "README's walk-through is out of date; it is now:\n{missing}"
    );
}

/// Slack reads `&`, `<` and `>` as markup even inside a code block: the
/// policy table's text is escaped (AWS Trust & Safety's class says `&`).
#[test]
fn the_policy_answer_escapes_what_slack_would_read_as_markup() {
    let policy = respondby_core::DeadlinePolicy::default();
    let plan = respondby_core::plan::ReminderPlan::default();
    let v = command::policy(&policy, &plan, Lang::En);
    let text: String = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"]["text"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(text.contains("Trust &amp; Safety"), "{text}");
    assert!(!text.contains("Trust & Safety"), "{text}");
}
