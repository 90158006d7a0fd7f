//! GuardDuty findings from tests/fixtures/guardduty → alerts.

use chrono::{DateTime, TimeZone, Utc};
use respondby_core::slack::{
    has_control_sequence, render, render_with, texts, Extras, RenderOptions,
};
use respondby_core::tracked::Tracked;
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Severity, Source,
};
use respondby_guardduty::normalise;
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("guardduty", name)).unwrap();
    assert_eq!(source, Source::GuardDuty);
    env
}

fn alert(name: &str) -> Alert {
    match normalise(&load(name), &Ctx::new(&DeadlinePolicy::default())).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

#[test]
fn integer_severity_is_read_and_banded() {
    let a = alert("ec2-crypto-bitcoin-dns.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Severity"), Some("High (8)"));
    assert_eq!(alert("ec2-port-probe-low.json").severity, Severity::Low);
    assert_eq!(
        alert("iam-malicious-ip-caller.json").severity,
        Severity::Medium
    );
    assert_eq!(
        alert("s3-exfiltration-critical.json").severity,
        Severity::Critical
    );
}

#[test]
fn the_deadline_counts_from_when_aws_told_the_account_by_severity_band() {
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 8, 45, 10).unwrap();
    // High: 24 h (DEADLINE_HOURS), from the envelope's time.
    let high = alert("ec2-crypto-bitcoin-dns.json");
    let created =
        Utc.with_ymd_and_hms(2026, 6, 24, 8, 0, 5).unwrap() + chrono::Duration::milliseconds(120);
    assert_eq!(high.occurred_at, created);
    assert_eq!(high.clock.class, "guardduty.high");
    assert!(high.respond_by.unwrap() > high.clock.started);
    // Critical: 4 h. Medium: 72 h. Low: none.
    let crit = alert("s3-exfiltration-critical.json");
    assert_eq!(
        crit.respond_by.map(|r| r - crit.clock.started),
        Some(chrono::Duration::hours(4))
    );
    let medium = alert("iam-malicious-ip-caller.json");
    assert_eq!(medium.respond_by, Some(told + chrono::Duration::hours(72)));
    let low = alert("ec2-port-probe-low.json");
    assert_eq!(low.respond_by, None);
}

#[test]
fn a_finding_re_published_weeks_after_it_was_created_is_not_born_overdue() {
    let a = alert("re-emitted-weeks-after-created.json");
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 8, 45, 10).unwrap();
    assert!(a.respond_by.unwrap() > told, "{:?}", a.respond_by);
    assert_eq!(a.respond_by, Some(told + chrono::Duration::hours(72)));
    // Both times are shown: first seen by GuardDuty, and the latest activity.
    assert_eq!(
        a.occurred_at,
        Utc.with_ymd_and_hms(2026, 5, 20, 2, 11, 40).unwrap() + chrono::Duration::milliseconds(512)
    );
    assert_eq!(
        a.latest_activity,
        Some(
            Utc.with_ymd_and_hms(2026, 6, 24, 8, 44, 58).unwrap()
                + chrono::Duration::milliseconds(3)
        )
    );
    let body = render(&a, &RenderOptions::default(), told).to_string();
    assert!(
        body.contains("First seen by GuardDuty*\\n`2026-05-20 02:11 UTC`"),
        "{body}"
    );
    assert!(
        body.contains("Latest activity*\\n`2026-06-24 08:44 UTC`"),
        "{body}"
    );
    assert!(!body.contains("overdue"), "{body}");
}

#[test]
fn redacted_finding_times_fall_back_to_the_envelope_and_say_so() {
    let a = alert("redacted-times-fall-back.json");
    let told = Utc.with_ymd_and_hms(2026, 6, 24, 8, 45, 10).unwrap();
    assert_eq!(a.occurred_at, told);
    assert_eq!(a.respond_by, Some(told + chrono::Duration::hours(72)));
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("detail.createdAt") && n.contains("XXXX")),
        "{:?}",
        a.notes
    );
}

#[test]
fn a_finding_without_id_or_type_is_an_error() {
    for field in ["id", "type"] {
        let mut env = load("iam-malicious-ip-caller.json");
        env.detail.as_object_mut().unwrap().remove(field);
        let err = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
}

#[test]
fn findings_on_resources_we_cannot_name_never_share_a_group() {
    let a = alert("unknown-type-and-resource.json");
    let mut env = load("unknown-type-and-resource.json");
    env.detail["id"] = "another-finding".into();
    let Outcome::Notify(b) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() else {
        panic!()
    };
    assert_ne!(a.group_key, b.group_key);
}

#[test]
fn finding_shows_type_resource_remote_party_count_and_console_link() {
    let a = alert("iam-malicious-ip-caller.json");
    assert_eq!(a.kind, "UnauthorizedAccess:IAMUser/MaliciousIPCaller");
    assert_eq!(
        a.fact_value("Resource"),
        Some("Access key AKIAEXAMPLEKEY7Q2ZP4 of IAMUser smtp-mailer")
    );
    assert_eq!(a.fact_value("Remote IP"), Some("203.0.113.77"));
    assert_eq!(
        a.fact_value("Remote organisation"),
        Some("Example Hosting GmbH (AS64500)")
    );
    assert_eq!(
        a.fact_value("Remote location"),
        Some("Frankfurt am Main, Germany")
    );
    assert_eq!(a.fact_value("Count"), Some("3"));
    // First seen is core's "First seen by GuardDuty"; shown once.
    assert!(a.fact_value("First seen").is_none() && a.fact_value("Last seen").is_some());
    let link = &a.links[0].url;
    assert!(
        link.starts_with("https://eu-central-1.console.aws.amazon.com/guardduty/"),
        "{link}"
    );
    assert!(link.ends_with("fId=1f2e3d4c5b6a79880716253443526170"));
    assert!(a
        .next_steps
        .iter()
        .any(|s| s.contains("deactivate access key AKIAEXAMPLEKEY7Q2ZP4")));
}

#[test]
fn port_probe_remote_ip_comes_from_probe_details() {
    let a = alert("ec2-port-probe-low.json");
    assert_eq!(a.fact_value("Remote IP"), Some("198.51.100.9"));
    assert_eq!(a.fact_value("Count"), Some("117"));
}

#[test]
fn crypto_findings_say_to_check_costs() {
    let a = alert("ec2-crypto-bitcoin-dns.json");
    assert!(a.next_steps.iter().any(|s| s.contains("Cost Explorer")));
    assert!(a.next_steps.iter().any(|s| s.contains("every Region")));
    assert_eq!(a.resources[0], "i-0a1b2c3d4e5f60718");
}

#[test]
fn unknown_types_and_resources_still_make_a_useful_alert() {
    let a = alert("unknown-type-and-resource.json");
    assert_eq!(a.title, "Execution:Runtime/NewFutureThing");
    assert_eq!(a.fact_value("Resource"), Some("FutureResource resource"));
    assert_eq!(a.severity, Severity::Medium);
    assert!(!a.next_steps.is_empty());
}

#[test]
fn archived_findings_are_skipped_with_a_reason() {
    match normalise(
        &load("skip-archived.json"),
        &Ctx::new(&DeadlinePolicy::default()),
    )
    .unwrap()
    {
        Outcome::Skip { reason } => assert!(reason.contains("archived"), "{reason}"),
        Outcome::Notify(_) => panic!("archived finding was posted"),
    }
}

#[test]
fn non_numeric_or_out_of_range_severity_is_a_named_error() {
    let err = normalise(
        &load("error-severity-not-a-number.json"),
        &Ctx::new(&DeadlinePolicy::default()),
    )
    .unwrap_err();
    assert!(err.to_string().contains("HIGH"), "{err}");
    let mut env = load("ec2-port-probe-low.json");
    env.detail["severity"] = serde_json::json!(42);
    let err = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap_err();
    assert!(err.to_string().contains("severity"), "{err}");
}

#[test]
fn sample_findings_are_marked() {
    let mut env = load("ec2-port-probe-low.json");
    env.detail["service"]["additionalInfo"]["sample"] = true.into();
    let Outcome::Notify(a) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() else {
        panic!()
    };
    assert!(a.title.starts_with("[SAMPLE]"));
    assert!(a.notes.iter().any(|n| n.contains("sample finding")));
}

#[test]
fn update_of_a_finding_has_a_new_dedup_key_and_the_same_group() {
    let a = alert("ec2-port-probe-low.json");
    let mut env = load("ec2-port-probe-low.json");
    env.detail["updatedAt"] = "2026-06-24T14:45:00.000Z".into();
    let Outcome::Notify(b) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap() else {
        panic!()
    };
    assert_ne!(a.dedup_key, b.dedup_key);
    assert_eq!(a.group_key, b.group_key);
}

#[test]
fn hostile_user_names_and_titles_render_as_text() {
    let a = alert("hostile-user-name.json");
    let body = render(&a, &RenderOptions::default(), Utc::now());
    for (kind, t) in texts(&body) {
        if kind != "plain_text" {
            assert!(!has_control_sequence(&t), "{kind}: {t}");
            assert!(
                !respondby_core::slack::outside_code_spans(&t).contains("@here"),
                "{kind}: {t}"
            );
        }
    }
}

use respondby_core::i18n::has_japanese;

/// The message on-call sees for a new case: tracked, with its buttons.
fn render_tracked(a: &Alert, lang: Lang, now: DateTime<Utc>) -> serde_json::Value {
    let tracked = Tracked::new(a, None, now);
    render_with(
        a,
        &RenderOptions {
            lang,
            buttons: true,
            ..Default::default()
        },
        Extras {
            state: Some(&tracked),
            ..Default::default()
        },
        now,
    )
}

/// Every word of ours in an alert and its message, one text a line:
/// the title, facts, steps, notes and link labels, and every text of the
/// rendered message (fallback text included). GuardDuty's own text (the
/// finding's title and description) is set aside: it is English by design.
fn our_words(a: &Alert, env: &Envelope, lang: Lang, now: DateTime<Utc>) -> String {
    let mut ours = a.clone();
    ours.description = None;
    let mut lines = vec![a.title.clone()];
    lines.extend(a.facts.iter().map(|f| format!("{}: {}", f.label, f.value)));
    lines.extend(a.next_steps.iter().cloned());
    lines.extend(a.notes.iter().cloned());
    lines.extend(a.links.iter().map(|l| l.label.clone()));
    lines.extend(
        texts(&render_tracked(&ours, lang, now))
            .into_iter()
            .map(|(_, t)| t),
    );
    let text = lines.join("\n");
    match env.detail["title"].as_str() {
        Some(aws) if !aws.trim().is_empty() => text.replace(aws, "<title>"),
        _ => text,
    }
}

/// In Japanese, every GuardDuty finding renders as a tracked case with its
/// buttons within Slack's limits, with no English of ours left in the
/// message or the alert, and every fact label, step, note and button in
/// Japanese; the alert is the same alert (same keys, deadline, severity).
/// `skip-` fixtures are skipped in both languages, the others notify.
#[test]
fn every_guardduty_finding_renders_in_japanese_with_the_same_deadline() {
    use respondby_core::i18n::{english_in, ui};
    let catalogues = [respondby_guardduty::texts::ALL, ui::ALL];
    let policy = DeadlinePolicy::default();
    let mut n = 0;
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/guardduty");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("error-") {
            continue;
        }
        let env = load(&name);
        let en = Ctx::new(&policy);
        let ja = Ctx {
            lang: Lang::Ja,
            ..Ctx::new(&policy)
        };
        let (a_en, a_ja) = match (normalise(&env, &en).unwrap(), normalise(&env, &ja).unwrap()) {
            (Outcome::Notify(a_en), Outcome::Notify(a_ja)) => (a_en, a_ja),
            (Outcome::Skip { .. }, Outcome::Skip { .. }) => {
                assert!(name.starts_with("skip-"), "{name} was skipped");
                continue;
            }
            _ => panic!("{name}: notified in one language and skipped in the other"),
        };
        assert!(!name.starts_with("skip-"), "{name} was not skipped");
        assert_eq!(
            (
                &a_en.dedup_key,
                &a_en.case_key,
                &a_en.group_key,
                a_en.respond_by,
                a_en.fix_by,
                a_en.severity,
                &a_en.resources,
            ),
            (
                &a_ja.dedup_key,
                &a_ja.case_key,
                &a_ja.group_key,
                a_ja.respond_by,
                a_ja.fix_by,
                a_ja.severity,
                &a_ja.resources,
            ),
            "{name}"
        );
        assert_eq!(a_en.facts.len(), a_ja.facts.len(), "{name}");
        assert_eq!(a_en.next_steps.len(), a_ja.next_steps.len(), "{name}");
        assert!(
            !a_ja.facts.is_empty() && !a_ja.next_steps.is_empty(),
            "{name}"
        );
        for f in &a_ja.facts {
            assert!(has_japanese(&f.label), "{name}: fact {f:?}");
        }
        for s in a_ja.next_steps.iter().chain(&a_ja.notes) {
            assert!(has_japanese(s), "{name}: {s:?}");
        }
        for l in &a_ja.links {
            assert!(has_japanese(&l.label), "{name}: link {l:?}");
        }
        // As posted (just told) and as a reminder sees it (now, overdue).
        for now in [a_ja.clock.started, Utc::now()] {
            let body = render_tracked(&a_ja, Lang::Ja, now);
            respondby_core::slack::check_limits(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
            let text = our_words(&a_ja, &env, Lang::Ja, now);
            let left = english_in(&text, &catalogues);
            assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
        }
        // The same check finds the English rendering's words (it can fail).
        let en_text = our_words(&a_en, &env, Lang::En, Utc::now());
        assert!(!english_in(&en_text, &catalogues).is_empty(), "{name}");
        n += 1;
    }
    assert!(n >= 8, "only {n} GuardDuty findings rendered");
}

#[test]
fn a_sample_finding_says_so_in_japanese() {
    let mut env = load("ec2-port-probe-low.json");
    env.detail["service"]["additionalInfo"]["sample"] = true.into();
    let policy = DeadlinePolicy::default();
    let ja = Ctx {
        lang: Lang::Ja,
        ..Ctx::new(&policy)
    };
    let Outcome::Notify(a) = normalise(&env, &ja).unwrap() else {
        panic!()
    };
    assert!(a.title.starts_with("[サンプル]"), "{}", a.title);
    assert!(
        a.notes.iter().any(|n| n.contains("サンプル")),
        "{:?}",
        a.notes
    );
    // As the Japanese GuardDuty console writes it: 重要度 低.
    assert_eq!(a.fact_value("重要度"), Some("低（2）"));
}

/// The identity type reads in Japanese (IAMユーザー), not as AWS's code.
#[test]
fn the_identity_type_reads_in_japanese() {
    let policy = DeadlinePolicy::default();
    let ja = Ctx {
        lang: Lang::Ja,
        ..Ctx::new(&policy)
    };
    let Outcome::Notify(a) = normalise(&load("iam-malicious-ip-caller.json"), &ja).unwrap() else {
        panic!()
    };
    assert_eq!(
        a.fact_value("リソース"),
        Some("IAMユーザー smtp-mailer のアクセスキー AKIAEXAMPLEKEY7Q2ZP4")
    );
}

/// A stolen key runs miners on many instances at once (the mining
/// incident: about 300 in a Region the team never used). Each instance is
/// its own GuardDuty finding; they are one incident: the first is the page,
/// the others fold under it, each named by its instance. Another Region is
/// another group.
#[test]
fn mining_on_many_instances_in_one_region_folds_into_one_alert_naming_each_instance() {
    let a = alert("ec2-crypto-new-gpu-instance-mumbai.json");
    let other = |region: &str| {
        let text = serde_json::to_string(&load("ec2-crypto-new-gpu-instance-mumbai.json").detail)
            .unwrap()
            .replace("i-0f1e2d3c4b5a69788", "i-0a9b8c7d6e5f40312")
            .replace(
                "9d8c7b6a5f4e3d2c1b0a998877665544",
                "7e6d5c4b3a2f1e0d9c8b776655443322",
            )
            .replace("ap-south-1", region);
        let mut env = load("ec2-crypto-new-gpu-instance-mumbai.json");
        env.detail = serde_json::from_str(&text).unwrap();
        env.region = region.into();
        let Outcome::Notify(b) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap()
        else {
            panic!()
        };
        b
    };
    let b = other("ap-south-1");
    assert_ne!(a.case_key, b.case_key);
    assert_eq!(a.group_key, b.group_key);
    assert_eq!(b.fold_member.as_deref(), Some("i-0a9b8c7d6e5f40312"));
    assert_ne!(a.group_key, other("sa-east-1").group_key);
    // Other families still fold per resource.
    let p = alert("ec2-port-probe-low.json");
    assert!(p.group_key.contains("i-"), "{}", p.group_key);
}
