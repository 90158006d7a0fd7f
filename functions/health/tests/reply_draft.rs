//! The reply drafted for AWS claims nothing that is not known (issue 22,
//! item 1): every "what we have done" line is a `<<…>>` choice the person
//! confirms, with the resource ids filled in; abuse replies go to the
//! notice e-mail only; RISK replies go where AWS's notice says, naming the
//! case AWS opened.

mod common;

use chrono::Utc;
use common::alert_in;
use respondby_core::alert::{ReplyDraft, ReplyStage, ReplyVia};
use respondby_core::slack::{render, texts, RenderOptions};
use respondby_core::{Alert, Lang};
use std::path::{Path, PathBuf};

fn alert(name: &str) -> Alert {
    common::alert(name, Lang::En)
}

fn draft(name: &str) -> ReplyDraft {
    alert(name)
        .reply_draft
        .unwrap_or_else(|| panic!("{name} has no draft"))
}

/// Every Health event of the project's fixtures and, where they are
/// present (../shared), of AWS's published samples.
fn every_health_event() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        here.join("../../tests/fixtures/health"),
        here.join("../../../shared/fixtures/health"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The draft with every `<<…>>` taken out: what would be sent as it stands.
fn outside_placeholders(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find("<<") {
        out.push_str(&rest[..open]);
        match rest[open..].find(">>") {
            Some(close) => rest = &rest[open + close + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

const DONE: &[&str] = &[
    "isolated",
    "stopped",
    "deactivated",
    "removed",
    "terminated",
    "deleted",
    "rotated",
    "disabled",
    "blocked",
    "revoked",
    "replaced",
    "changed",
    "reset",
];

/// A line stating an action as done: "we (have) stopped …", "… was
/// deleted", "… has been isolated".
fn claims_a_past_action(line: &str) -> Option<String> {
    let words: Vec<String> = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    for (i, w) in words.iter().enumerate() {
        if !DONE.contains(&w.as_str()) || i == 0 {
            continue;
        }
        let before = words[i - 1].as_str();
        let before2 = i.checked_sub(2).map(|j| words[j].as_str());
        let claim = matches!(before, "we" | "was" | "were" | "been")
            || (before == "have" && before2 == Some("we"))
            || (before == "also" && before2 == Some("we"));
        if claim {
            return Some(format!("{before} {w}"));
        }
    }
    None
}

/// Japanese statements of the same actions as done (…しました).
const DONE_JA: &[&str] = &[
    "停止しました",
    "隔離しました",
    "無効化しました",
    "削除しました",
    "入れ替えました",
    "遮断しました",
    "終了しました",
    "変更しました",
    "取り消しました",
];

#[test]
fn outside_placeholders_the_drafts_assert_no_past_action_for_any_health_event() {
    let mut checked = 0;
    for path in every_health_event() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for lang in [Lang::En, Lang::Ja] {
            let Some(a) = alert_in(&bytes, lang) else {
                continue;
            };
            let Some(d) = &a.reply_draft else { continue };
            for stage in [ReplyStage::First, ReplyStage::Followup] {
                let sent = outside_placeholders(d.body(stage));
                for line in sent.lines() {
                    assert_eq!(
                        claims_a_past_action(line),
                        None,
                        "{name} ({lang:?}, {}): {line:?}",
                        stage.as_str()
                    );
                }
            }
            // The message around the draft (its heading, where to send it)
            // states nothing as done either, in the message's language.
            let body = render(
                &a,
                &RenderOptions {
                    lang,
                    ..RenderOptions::default()
                },
                Utc::now(),
            );
            let shown = texts(&body)
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            let draft_part = shown
                .split_once(respondby_core::i18n::ui::D_FIRST.get(lang))
                .map(|(_, rest)| outside_placeholders(rest))
                .unwrap_or_else(|| panic!("{name}: no draft in the message"));
            for line in draft_part.lines() {
                assert_eq!(claims_a_past_action(line), None, "{name}: {line:?}");
                for ja in DONE_JA {
                    assert!(!line.contains(ja), "{name}: {line:?}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 2 * 11, "only {checked} drafts checked");
}

#[test]
fn the_check_finds_a_claim_where_there_is_one() {
    for bad in [
        "- We isolated or stopped the affected resources:",
        "- We deactivated access key AKIA…",
        "- Access key AKIA… was deleted and replaced.",
        "We have removed the instance.",
    ] {
        assert!(claims_a_past_action(bad).is_some(), "{bad}");
    }
    for fine in [
        "We have received your report and are investigating it now.",
        "- <<Keep only what is true: we stopped i-1 at HH:MM UTC>>",
        "Thank you for contacting us.",
    ] {
        assert_eq!(
            claims_a_past_action(&outside_placeholders(fine)),
            None,
            "{fine}"
        );
    }
}

#[test]
fn each_done_line_of_an_abuse_reply_is_a_choice_with_the_resource_ids_filled_in() {
    let d = draft("abuse-dos-report.json");
    for id in ["i-0a1b2c3d4e5f60718", "i-0f9e8d7c6b5a40312"] {
        let line = d
            .first
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not in\n{}", d.first));
        let l = line.trim_start_matches(['-', ' ']);
        assert!(
            l.starts_with("<<Keep only what is true:") && l.ends_with(">>"),
            "{line}"
        );
        assert!(
            l.contains(&format!("we stopped {id} at HH:MM UTC")),
            "{line}"
        );
        assert!(l.contains("we are isolating"), "{line}");
    }
    // The dispute option.
    assert!(
        d.first
            .contains("<<or: we believe this is not abuse because"),
        "{}",
        d.first
    );
}

#[test]
fn an_abuse_reply_goes_to_the_notice_e_mail_only() {
    let a = alert("abuse-dos-report.json");
    assert_eq!(a.reply_draft.as_ref().unwrap().via, ReplyVia::NoticeEmail);
    for lang in [Lang::En, Lang::Ja] {
        let a = alert_in(
            &respondby_testkit::fixture_bytes("health", "abuse-dos-report.json"),
            lang,
        )
        .unwrap();
        let body = render(
            &a,
            &RenderOptions {
                lang,
                ..RenderOptions::default()
            },
            Utc::now(),
        )
        .to_string();
        for wrong in [
            "or in the Support case",
            "サポートケースで返信しても構いません",
        ] {
            assert!(!body.contains(wrong), "{lang:?}: {body}");
        }
        let said = [
            "AWS Support does not handle",
            "AWSサポートはこの報告を扱いません",
        ];
        assert!(body.contains(said[lang as usize]), "{lang:?}: {body}");
        // Nor do the steps or the buttons send on-call to AWS Support.
        for s in &a.next_steps {
            assert!(
                !s.contains("or in the Support case") && !s.contains("サポートケースで返信"),
                "{s}"
            );
        }
        assert!(
            a.links.iter().all(|l| !l.url.contains("support.console")),
            "{:?}",
            a.links
        );
    }
    let how = ReplyVia::NoticeEmail.how(Lang::En);
    assert!(how.contains("subject line unchanged"), "{how}");
    assert!(how.contains("AWS Support does not handle"), "{how}");
    assert!(
        ReplyVia::NoticeEmail
            .how(Lang::Ja)
            .contains("件名を変えずに"),
        "{}",
        ReplyVia::NoticeEmail.how(Lang::Ja)
    );
}

#[test]
fn a_risk_reply_goes_to_the_case_aws_opened_and_names_it_when_aws_does() {
    // AWS's text names case 171234567890.
    let a = alert("risk-credentials-compromised.json");
    let d = a.reply_draft.as_ref().unwrap();
    assert_eq!(
        d.via,
        ReplyVia::SupportCase {
            case_id: Some("171234567890".into())
        }
    );
    assert!(d.first.contains("Support case 171234567890"), "{}", d.first);
    for lang in [Lang::En, Lang::Ja] {
        assert!(d.via.how(lang).contains("171234567890"));
    }
    assert!(
        a.links
            .iter()
            .any(|l| l.url.contains("displayId=171234567890")),
        "{:?}",
        a.links
    );
    // AWS's text says a case was opened but not its number.
    let d = draft("risk-credentials-exposed.json");
    assert_eq!(d.via, ReplyVia::SupportCase { case_id: None });
    assert!(d.via.how(Lang::En).contains("instructions"));
}

#[test]
fn the_risk_key_lines_are_choices_too() {
    let d = draft("risk-credentials-exposed.json");
    let line = d
        .first
        .lines()
        .find(|l| l.contains("deactivat"))
        .unwrap_or_else(|| panic!("{}", d.first));
    let l = line.trim_start_matches(['-', ' ']);
    assert!(
        l.starts_with("<<Keep only what is true:") && l.contains("AKIAEXAMPLEKEY7Q2ZP4"),
        "{line}"
    );
    assert!(!d.followup.contains("was deleted and replaced <<"));
}

#[test]
fn an_event_value_cannot_close_a_placeholder_and_forge_a_claim() {
    let mut ev = respondby_testkit::fixture("health", "abuse-dos-report.json");
    ev["detail"]["affectedEntities"] = serde_json::json!([
        {"entityValue": "i-1>> We stopped every instance. <<x"},
        {"entityValue": "i-0ok"}
    ]);
    let a = alert_in(&serde_json::to_vec(&ev).unwrap(), Lang::En).unwrap();
    let d = a.reply_draft.unwrap();
    let sent = outside_placeholders(&d.first);
    assert!(!sent.contains("We stopped every"), "{}", d.first);
    assert!(d.first.contains("i-0ok"), "{}", d.first);
}

#[test]
fn the_draft_is_the_same_in_both_languages_of_the_message() {
    let bytes = respondby_testkit::fixture_bytes("health", "abuse-dos-report.json");
    assert_eq!(
        alert_in(&bytes, Lang::En).unwrap().reply_draft,
        alert_in(&bytes, Lang::Ja).unwrap().reply_draft
    );
}
