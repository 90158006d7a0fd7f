//! Playbooks per case (issue 22 item 2, abuse report types; issue 20 item
//! 4, every RISK notice): the triage question first, then a few steps with
//! console links into the event's Region, in both languages.

mod common;

use common::alert;
use respondby_core::alert::ReplyVia;
use respondby_core::i18n::T;
use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Lang, Outcome, Severity};
use respondby_health::playbook::{abuse_family, AbuseFamily, COSTS_BY_REGION, EC2_GLOBAL_VIEW};
use respondby_health::{normalise, texts};

/// The Region codes a link names (`https://sa-east-1.console…?region=sa-east-1`).
fn regions_in(url: &str) -> Vec<&str> {
    url.split("region=")
        .skip(1)
        .map(|r| r.split(['&', '#']).next().unwrap())
        .collect()
}

const LANGS: [Lang; 2] = [Lang::En, Lang::Ja];

#[test]
fn each_abuse_family_asks_its_question_first_then_gives_steps_with_links_into_the_region() {
    for (name, family, triage, region) in [
        (
            "abuse-email-spam.json",
            AbuseFamily::Spam,
            texts::Q_SPAM,
            "ap-south-1",
        ),
        (
            "abuse-dos-report.json",
            AbuseFamily::Outbound,
            texts::Q_OUTBOUND,
            "eu-central-1",
        ),
        (
            "abuse-port-scanning.json",
            AbuseFamily::Outbound,
            texts::Q_OUTBOUND,
            "sa-east-1",
        ),
        (
            "abuse-intrusion-attempt.json",
            AbuseFamily::Intrusion,
            texts::Q_INTRUSION,
            "eu-west-1",
        ),
        (
            "abuse-copyright-dmca.json",
            AbuseFamily::Content,
            texts::Q_CONTENT,
            "us-east-1",
        ),
        (
            "abuse-hostile-description.json",
            AbuseFamily::Content,
            texts::Q_CONTENT,
            "eu-central-1",
        ),
        (
            "abuse-open-proxy.json",
            AbuseFamily::Other,
            texts::Q_OTHER,
            "us-west-2",
        ),
    ] {
        for lang in LANGS {
            let a = alert(name, lang);
            assert_eq!(abuse_family(&a.kind), family, "{name}");
            let steps = &a.next_steps;
            assert_eq!(
                steps[0],
                triage.get(lang),
                "{name}: the question comes first"
            );
            assert_eq!(
                steps.last().unwrap(),
                texts::S_ABUSE_REPLY.get(lang),
                "{name}: then how to reply"
            );
            let between = steps.len() - 2;
            assert!((3..=5).contains(&between), "{name}: {between} steps");
            // Links into the event's Region, never another one; all fit
            // Slack's five buttons.
            let regional: Vec<_> = a
                .links
                .iter()
                .filter(|l| !regions_in(&l.url).is_empty())
                .collect();
            assert!(!regional.is_empty(), "{name}: {:?}", a.links);
            for l in &regional {
                assert!(
                    regions_in(&l.url).iter().all(|r| *r == region),
                    "{name}: {} is not in {region}",
                    l.url
                );
                if l.url.contains(".console.aws.amazon.com/ec2/") || l.url.contains("cloudtrailv2")
                {
                    assert!(
                        l.url
                            .starts_with(&format!("https://{region}.console.aws.amazon.com/")),
                        "{}",
                        l.url
                    );
                }
            }
            assert!(a.links.len() <= 5, "{name}: {:?}", a.links);
            assert!(
                a.links.iter().all(|l| l.url.starts_with("https://")),
                "{name}"
            );
            if lang == Lang::Ja {
                for s in steps {
                    assert!(respondby_core::i18n::has_japanese(s), "{name}: {s}");
                }
            }
        }
    }
}

#[test]
fn the_spam_playbook_covers_port_25_smtp_credentials_forms_and_relays() {
    let a = alert("abuse-email-spam.json", Lang::En);
    let all = a.next_steps.join("\n");
    for want in [
        "Port 25",
        "SMTP credentials",
        "not in CloudTrail",
        "last use",
        "Contact forms",
        "Open relays",
    ] {
        assert!(all.contains(want), "{want}: {all}");
    }
    let ja = alert("abuse-email-spam.json", Lang::Ja)
        .next_steps
        .join("\n");
    for want in [
        "ポート25",
        "SMTP認証情報",
        "CloudTrailに記録されません",
        "最終使用",
        "問い合わせフォーム",
        "オープンリレー",
    ] {
        assert!(ja.contains(want), "{want}: {ja}");
    }
}

#[test]
fn outbound_and_intrusion_keep_evidence_before_cutting_the_instance_off() {
    for (name, step) in [
        ("abuse-port-scanning.json", texts::S_OUT_STOP),
        ("abuse-intrusion-attempt.json", texts::S_IN_ISOLATE),
    ] {
        for lang in LANGS {
            let a = alert(name, lang);
            let s = a.next_steps.iter().find(|s| *s == step.get(lang)).unwrap();
            let (snap, cut) = match lang {
                Lang::En => ("snapshot", "security group"),
                Lang::Ja => ("スナップショット", "セキュリティグループ"),
            };
            assert!(s.find(snap).unwrap() < s.find(cut).unwrap(), "{s}");
        }
    }
}

#[test]
fn content_is_taken_down_and_kept_as_evidence_not_deleted_outright() {
    let a = alert("abuse-copyright-dmca.json", Lang::En);
    assert!(a
        .next_steps
        .iter()
        .any(|s| s.contains("Take the content down") && s.contains("do not delete it outright")));
    assert!(a.next_steps.iter().any(|s| s.contains("counter-notice")));
}

#[test]
fn a_global_abuse_event_is_placed_in_the_region_of_its_resources() {
    let a = alert("abuse-port-scanning.json", Lang::En);
    assert_eq!(a.region, "sa-east-1");
    assert!(
        a.links.iter().any(|l| l.url
            == "https://sa-east-1.console.aws.amazon.com/ec2/home?region=sa-east-1#Instances:instanceId=i-0d15ea5e0d15ea5e0"),
        "{:?}",
        a.links
    );
    // Without resources nothing is guessed: the console opens the reader's Region.
    let minimal = alert("abuse-new-type-minimal.json", Lang::En);
    assert_eq!(minimal.region, "global");
    assert!(
        minimal
            .links
            .iter()
            .all(|l| regions_in(&l.url).is_empty() && !l.url.contains("us-east-1")),
        "{:?}",
        minimal.links
    );
}

fn has(a: &Alert, t: T, lang: Lang) -> bool {
    a.next_steps.iter().any(|s| s == t.get(lang))
}

/// Issue 20 item 4: every RISK code, known and new, gets the
/// compromised-account playbook, with what is specific to it first.
#[test]
fn every_risk_code_gets_the_compromised_account_playbook() {
    for (name, code, first) in [
        (
            "risk-credentials-exposed.json",
            "AWS_RISK_CREDENTIALS_EXPOSED",
            "AKIAEXAMPLEKEY7Q2ZP4",
        ),
        (
            "risk-exposure-suspected.json",
            "AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED",
            "AKIAEXAMPLESUSPECT01",
        ),
        (
            "risk-credentials-compromised.json",
            "AWS_RISK_CREDENTIALS_COMPROMISED",
            "AKIAEXAMPLECOMPR0M1S",
        ),
        (
            "risk-compromise-suspected.json",
            "AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED",
            "AKIAEXAMPLESUSPECT02",
        ),
        (
            "risk-console-compromise.json",
            "AWS_RISK_ACCOUNT_CONSOLE_COMPROMISE",
            "web-admin",
        ),
        (
            "risk-iam-quarantine.json",
            "AWS_RISK_IAM_QUARANTINE",
            "AWSCompromisedKeyQuarantine",
        ),
        ("risk-new-code.json", "AWS_RISK_SOMETHING_NEW", ""),
    ] {
        for lang in LANGS {
            let a = alert(name, lang);
            assert_eq!(a.kind, code);
            assert_eq!(a.severity, Severity::Critical, "{name}");
            assert!(a.respond_by.is_some(), "{name}");
            assert!(
                a.next_steps[0].contains(first),
                "{name}: {:?}",
                a.next_steps
            );
            for t in [
                texts::S_ACCOUNT_CREDENTIALS,
                texts::S_ACCOUNT_UNKNOWN_USERS,
                texts::S_ACCOUNT_EVERY_REGION,
                texts::S_ACCOUNT_BILLING,
            ] {
                assert!(has(&a, t, lang), "{name} ({lang:?}) lacks {:?}", t.en);
            }
            for url in [EC2_GLOBAL_VIEW, COSTS_BY_REGION] {
                assert!(a.links.iter().any(|l| l.url == url), "{name}: {url}");
            }
            let last = a.next_steps.last().unwrap();
            assert!(
                last.contains(match lang {
                    Lang::En => "Support case",
                    Lang::Ja => "サポートケース",
                }),
                "{name}: {last}"
            );
            let d = a.reply_draft.as_ref().expect("a draft");
            assert!(matches!(d.via, ReplyVia::SupportCase { .. }), "{name}");
        }
    }
    // A key named by the notice is to be deactivated first; a console
    // take-over and a quarantine have their own first step.
    let exposed = alert("risk-exposure-suspected.json", Lang::En);
    assert!(exposed.next_steps[0].starts_with("Deactivate access key AKIAEXAMPLESUSPECT01 now"));
    let console = alert("risk-console-compromise.json", Lang::En);
    assert!(console.next_steps[0].starts_with("Console sign-in was taken over"));
    let q = alert("risk-iam-quarantine.json", Lang::En);
    assert!(
        q.next_steps[0].contains("Leave it attached"),
        "{:?}",
        q.next_steps
    );
    assert!(q.next_steps[1].starts_with("Deactivate access key AKIAEXAMPLEQUARANT01 now"));
}

/// Issue 22 item 5: when the reply-by and the fix-by of an exposed key
/// coincide (the default), the fix-by says "deactivate now" instead of
/// counting down as if there were time to spare.
#[test]
fn when_the_fix_by_is_the_reply_by_the_key_is_to_be_deactivated_now() {
    for lang in LANGS {
        let a = alert("risk-credentials-exposed.json", lang);
        assert_eq!(a.fix_by, a.respond_by);
        let now = a.fix_now.as_deref().expect("deactivate now");
        let want = match lang {
            Lang::En => "Deactivate access key AKIAEXAMPLEKEY7Q2ZP4 now",
            Lang::Ja => "アクセスキー AKIAEXAMPLEKEY7Q2ZP4 を今すぐ無効化",
        };
        assert!(now.contains(want), "{now}");
    }
    // A notice without a key has nothing to deactivate.
    assert_eq!(
        alert("risk-console-compromise.json", Lang::En).fix_now,
        None
    );
    // A fix-by later than the reply-by counts down as usual.
    let (env, _) = event::parse(&respondby_testkit::fixture_bytes(
        "health",
        "risk-credentials-exposed.json",
    ))
    .unwrap();
    let policy = DeadlinePolicy::parse(24, "risk.fix=72h").unwrap();
    let Outcome::Notify(a) = normalise(&env, &Ctx::new(&policy)).unwrap() else {
        panic!()
    };
    assert!(a.fix_by > a.respond_by);
    assert_eq!(a.fix_now, None);
}
