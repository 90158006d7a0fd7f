//! Japanese complete (issue 22): a Japanese rendering of every project
//! fixture, in Slack and in the terminal preview, shows none of the raw
//! English values events carry (status, category, scope, action type,
//! direction, alarm state, account status, severity words). AWS's own text
//! (descriptions, quoted as AWS's original) and the reply drafted for AWS
//! are set aside: they are English by design. In process, through the
//! routing the functions use.

use respondby_cli::{normalise, Settings};
use respondby_core::slack::{render, texts, RenderOptions};
use respondby_core::{Lang, Outcome};
use serde_json::Value;
use std::path::PathBuf;

/// The enumerated values AWS's events carry that a Japanese reader must not
/// see raw (the issue names `issue`, `open`, `ACCOUNT_SPECIFIC`,
/// `DNS_REQUEST`): Health's status, category, scope and entity status;
/// GuardDuty's action types, direction, resource role and severity words;
/// CloudWatch's alarm states; SES's account status; the identity types of
/// IAM and CloudTrail.
const RAW: &[&str] = &[
    "issue",
    "open",
    "closed",
    "upcoming",
    "accountNotification",
    "scheduledChange",
    "investigation",
    "ACCOUNT_SPECIFIC",
    "PUBLIC",
    "IMPAIRED",
    "UNIMPAIRED",
    "UNKNOWN",
    "PENDING",
    "RESOLVED",
    "DNS_REQUEST",
    "NETWORK_CONNECTION",
    "PORT_PROBE",
    "AWS_API_CALL",
    "KUBERNETES_API_CALL",
    "RDS_LOGIN_ATTEMPT",
    "INBOUND",
    "OUTBOUND",
    "TARGET",
    "ACTOR",
    "ALARM",
    "INSUFFICIENT_DATA",
    "IAMUser",
    "AssumedRole",
    "HEALTHY",
    "PROBATION",
    "SHUTDOWN",
    "Critical",
    "High",
    "Medium",
    "Low",
];

/// The words of `text`: runs of letters, digits and `_`, and identifiers
/// made of them (a finding type `UnauthorizedAccess:IAMUser/…`, an ARN, a
/// URL are one word each, not the values inside them).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_:/.!-%?=&#+@".contains(c)))
        .map(|w| w.trim_end_matches(['.', ':', '!', '?', '-']))
        .filter(|w| !w.is_empty())
}

fn fixtures() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out = Vec::new();
    for dir in [
        "health",
        "guardduty",
        "ses",
        "env-file",
        "cost-anomaly",
        "support",
        "public-exposure",
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("error-") && !name.starts_with("skip-") {
                out.push(path);
            }
        }
    }
    out
}

#[test]
fn a_japanese_rendering_of_every_fixture_shows_no_raw_english_values() {
    let settings = Settings {
        lang: Lang::Ja,
        render: RenderOptions {
            lang: Lang::Ja,
            ..RenderOptions::default()
        },
        ..Settings::default()
    };
    let mut checked = 0;
    for path in fixtures() {
        let name = path.display().to_string();
        let event: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let Outcome::Notify(a) = normalise(event, &settings, chrono::Utc::now()).unwrap() else {
            panic!("{name} did not notify");
        };
        let mut ours = (*a).clone();
        ours.description = None;
        ours.reply_draft = None;
        let body = render(&ours, &settings.render, ours.clock.started);
        let terminal = respondby_core::preview::terminal(
            &Outcome::Notify(Box::new(ours.clone())),
            &settings.render,
            None,
            ours.clock.started,
        );
        let mut all: Vec<String> = texts(&body).into_iter().map(|(_, t)| t).collect();
        all.push(terminal);
        let text = all.join("\n");
        let found: Vec<&str> = words(&text).filter(|w| RAW.contains(w)).collect();
        assert!(found.is_empty(), "{name}: {found:?} in\n{text}");
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} fixtures");
}

/// The check can fail: a raw value in a code span is found.
#[test]
fn the_raw_values_check_sees_values_left_raw() {
    let text = "*Status*\n`open`\n*Action*\n`DNS_REQUEST`";
    let found: Vec<&str> = words(text).filter(|w| RAW.contains(w)).collect();
    assert_eq!(found, ["open", "DNS_REQUEST"]);
}
