//! Playbooks per finding family (issue 22): every finding type AWS
//! publishes maps to a family, whose triage question comes first and whose
//! 3–5 steps each link to the console in the finding's Region; steps follow
//! the finding, not the resource type.

use respondby_core::i18n::{english_in, has_japanese};
use respondby_core::slack::{check_limits, render, texts, RenderOptions};
use respondby_core::{event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Source};
use respondby_guardduty::normalise;
use respondby_guardduty::playbook::{words, Family};
use respondby_testkit::fixture_bytes;
use serde_json::json;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("guardduty", name)).unwrap();
    assert_eq!(source, Source::GuardDuty);
    env
}

fn run(env: &Envelope, lang: Lang) -> Alert {
    let policy = DeadlinePolicy::default();
    let ctx = Ctx {
        lang,
        ..Ctx::new(&policy)
    };
    match normalise(env, &ctx).unwrap() {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("skipped: {reason}"),
    }
}

fn alert(name: &str, lang: Lang) -> Alert {
    run(&load(name), lang)
}

/// AWS's published finding types (tests/fixtures/reference).
fn published_types() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/reference/guardduty-finding-types.tsv"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

/// A finding of `finding_type` on the resource its name implies, built
/// from the project's fixtures.
fn finding_of(finding_type: &str) -> Envelope {
    let resource = finding_type
        .split_once(':')
        .and_then(|(_, r)| r.split_once('/'))
        .map_or("", |(r, _)| r);
    let mut env = match resource {
        "IAMUser" | "IAM" => load("iam-malicious-ip-caller.json"),
        "S3" => load("s3-block-public-access-disabled.json"),
        "Kubernetes" | "EKS" => load("eks-runtime-reverse-shell.json"),
        _ => load("ec2-port-probe-low.json"),
    };
    match resource {
        "Lambda" => {
            env.detail["resource"] = json!({"resourceType": "Lambda", "lambdaDetails": {
                "functionName": "thumbnailer", "functionArn": "arn:aws:lambda:eu-central-1:111122223333:function:thumbnailer"}});
        }
        "RDS" => {
            env.detail["resource"] = json!({"resourceType": "RDSDBInstance", "rdsDbInstanceDetails": {
                "dbInstanceIdentifier": "orders-db", "dbInstanceArn": "arn:aws:rds:eu-central-1:111122223333:db:orders-db"}});
        }
        "ECS" | "Container" => {
            env.detail["resource"] = json!({"resourceType": "ECSCluster", "ecsClusterDetails": {
                "name": "batch", "arn": "arn:aws:ecs:eu-central-1:111122223333:cluster/batch"}});
        }
        _ => {}
    }
    env.detail["type"] = finding_type.into();
    env
}

fn steps_say(a: &Alert, what: &[&str]) -> Option<String> {
    a.next_steps
        .iter()
        .find(|s| {
            let l = s.to_lowercase();
            what.iter().any(|w| l.contains(w))
        })
        .cloned()
}

/// The playbook test over AWS's published list: every type maps to a
/// family; its message asks the triage question first and gives 3–5 steps,
/// each with an https console link (into the finding's Region where the
/// console is regional), in both languages, within Slack's limits; the
/// target-only families never say isolate; an S3 exposure is never told to
/// deactivate a key.
#[test]
fn every_published_finding_type_gets_its_familys_playbook() {
    let types = published_types();
    assert!(types.len() >= 190, "only {} types", types.len());
    let mut families = std::collections::HashSet::new();
    for t in &types {
        let env = finding_of(t);
        let family = Family::of(t, None);
        assert_ne!(family, Family::Other, "{t} maps to no family");
        families.insert(family);
        for lang in [Lang::En, Lang::Ja] {
            let a = run(&env, lang);
            let n = a.next_steps.len();
            assert!(
                (4..=6).contains(&n),
                "{t} ({lang:?}): {n} steps {:#?}",
                a.next_steps
            );
            let q = &a.next_steps[0];
            assert!(
                q.contains('?') || q.contains('？'),
                "{t}: the first step asks: {q}"
            );
            for i in 0..n {
                let l = a
                    .link_of_step(i)
                    .unwrap_or_else(|| panic!("{t}: step {} has no link", i + 1));
                assert!(l.url.starts_with("https://"), "{t}: {l:?}");
                let regional = l.url.contains(".console.aws.amazon.com")
                    && !l.url.starts_with("https://console.");
                if regional {
                    assert!(
                        l.url.contains("eu-central-1")
                            || l.url.contains("eu-west-1")
                            || l.url.contains("ap-northeast-1"),
                        "{t}: {l:?}"
                    );
                }
            }
            if family.target_only() {
                assert_eq!(steps_say(&a, &["isolat", "隔離"]), None, "{t}");
            }
            if family == Family::S3Exposure {
                assert_eq!(steps_say(&a, &["deactivate", "無効化"]), None, "{t}");
            }
            if lang == Lang::Ja {
                for s in &a.next_steps {
                    assert!(has_japanese(s), "{t}: {s}");
                }
                let text = a.next_steps.join("\n");
                let left = english_in(&text, &[words::ALL]);
                assert!(left.is_empty(), "{t}: {left:?}");
            }
            check_limits(&render(
                &a,
                &RenderOptions {
                    lang,
                    ..Default::default()
                },
                a.clock.started,
            ))
            .unwrap_or_else(|e| panic!("{t}: {e}"));
        }
    }
    // Every family but the catch-all is reached by some published type.
    for f in Family::ALL {
        assert!(
            f == Family::Other || families.contains(&f),
            "{f:?} is reached by no type"
        );
    }
}

/// The mining case: a p3.16xlarge launched 23 minutes before the
/// mining, in Mumbai. The first thing the message says is that, and the
/// question "did your team launch it?".
#[test]
fn mining_on_a_gpu_instance_launched_minutes_before_says_so_first() {
    let a = alert("ec2-crypto-new-gpu-instance-mumbai.json", Lang::En);
    let first = &a.next_steps[0];
    assert!(first.contains("p3.16xlarge"), "{first}");
    assert!(
        first.contains("launched 23m before the mining began"),
        "{first}"
    );
    assert!(first.contains("ap-south-1 (Mumbai)"), "{first}");
    assert!(
        first
            .contains("Did your team launch it? If not, the AWS keys that launched it are stolen."),
        "{first}"
    );
    assert!(
        a.next_steps[1].contains("RunInstances"),
        "{:?}",
        a.next_steps
    );
    assert!(
        steps_say(&a, &["every region"]).is_some(),
        "{:?}",
        a.next_steps
    );
    // The facts the finding carries.
    assert_eq!(a.fact_value("Instance type"), Some("p3.16xlarge (GPU)"));
    assert_eq!(
        a.fact_value("Launched"),
        Some("2026-06-24 07:35 UTC (23m before the activity began)")
    );
    assert_eq!(
        a.fact_value("Image"),
        Some("ami-0d1e2f3a4b5c6d7e8 (Deep Learning AMI GPU PyTorch)")
    );
    assert_eq!(a.fact_value("Instance profile"), Some("ml-training"));
    assert_eq!(
        a.fact_value("Domain queried"),
        Some("xmr.pool.minergate.example")
    );
    let ja = alert("ec2-crypto-new-gpu-instance-mumbai.json", Lang::Ja);
    assert!(
        ja.next_steps[0].contains("マイニングが始まる23分前に ap-south-1（ムンバイ）で起動"),
        "{}",
        ja.next_steps[0]
    );
    assert!(
        ja.next_steps[0].contains("あなたのチームが起動したものですか？"),
        "{}",
        ja.next_steps[0]
    );
    assert_eq!(
        ja.fact_value("インスタンスタイプ"),
        Some("p3.16xlarge（GPU）")
    );
}

/// The issue's `ASIA…` case: a temporary role credential is never told to
/// "deactivate the access key in IAM"; its role's sessions are revoked, the
/// instance it leaked from is named (the principal names it), IMDSv2 is
/// required. The key works in every Region, and the message says so.
#[test]
fn a_temporary_role_credential_has_its_roles_sessions_revoked_not_a_key_deactivated() {
    let a = alert(
        "iam-instance-credential-exfiltration-asia-key.json",
        Lang::En,
    );
    assert_eq!(
        steps_say(&a, &["deactivate access key", "deactivate the access key"]),
        None,
        "{:#?}",
        a.next_steps
    );
    let revoke =
        steps_say(&a, &["revoke the active sessions of role web-app-role"]).expect("revoke step");
    assert!(
        revoke.contains("ASIAEXAMPLETEMP7Q2ZP is a temporary role credential"),
        "{revoke}"
    );
    let i = a.next_steps.iter().position(|s| *s == revoke).unwrap();
    assert_eq!(
        a.link_of_step(i).unwrap().url,
        "https://console.aws.amazon.com/iam/home#/roles/details/web-app-role"
    );
    let from = steps_say(&a, &["leaked from: i-0a1b2c3d4e5f60718"]).expect("instance named");
    let i = a.next_steps.iter().position(|s| *s == from).unwrap();
    assert!(a
        .link_of_step(i)
        .unwrap()
        .url
        .contains("InstanceDetails:instanceId=i-0a1b2c3d4e5f60718"));
    assert!(steps_say(&a, &["imdsv2"]).is_some());
    assert_eq!(a.global_service.as_deref(), Some("IAM"));
    let body = render(&a, &RenderOptions::default(), a.clock.started);
    let text: String = texts(&body).into_iter().map(|(_, t)| t + "\n").collect();
    assert!(
        text.contains("all Regions (IAM is global) · seen in eu-central-1 (Frankfurt)"),
        "{text}"
    );
    let ja = alert(
        "iam-instance-credential-exfiltration-asia-key.json",
        Lang::Ja,
    );
    assert_eq!(steps_say(&ja, &["アクセスキー asia"]), None);
    assert!(
        steps_say(&ja, &["セッションを取り消して"]).is_some(),
        "{:#?}",
        ja.next_steps
    );
}

/// A long-term IAM user key is deactivated in IAM.
#[test]
fn an_iam_users_key_is_deactivated() {
    let a = alert("iam-malicious-ip-caller.json", Lang::En);
    let step =
        steps_say(&a, &["deactivate access key akiaexamplekey7q2zp4"]).expect("deactivate step");
    let i = a.next_steps.iter().position(|s| *s == step).unwrap();
    assert!(a
        .link_of_step(i)
        .unwrap()
        .url
        .ends_with("/users/details/smtp-mailer?section=security_credentials"));
    assert_eq!(a.global_service.as_deref(), Some("IAM"));
    // The Japanese IAM console's tab name, not the English one.
    let ja = alert("iam-malicious-ip-caller.json", Lang::Ja);
    let step = steps_say(&ja, &["akiaexamplekey7q2zp4 を無効化"]).expect("deactivate step");
    assert!(
        step.contains("セキュリティ認証情報") && !step.contains("Security credentials"),
        "{step}"
    );
}

/// "S3 Block Public Access disabled" is told to close the bucket, not to
/// deactivate the key that changed it.
#[test]
fn an_s3_exposure_is_told_to_close_the_bucket_not_to_deactivate_a_key() {
    let a = alert("s3-block-public-access-disabled.json", Lang::En);
    assert_eq!(steps_say(&a, &["deactivate"]), None, "{:#?}", a.next_steps);
    assert!(
        a.next_steps[0].contains("Was bucket customer-exports-prod meant to be public"),
        "{}",
        a.next_steps[0]
    );
    assert!(a.next_steps[1].contains("turn Block Public Access back on for customer-exports-prod"));
    assert_eq!(
        a.link_of_step(1).unwrap().url,
        "https://s3.console.aws.amazon.com/s3/buckets/customer-exports-prod?region=eu-west-1&tab=permissions"
    );
}

/// A low port probe, where the instance is only the target: information,
/// restrict the rule or archive; never isolate.
#[test]
fn a_port_probe_on_our_instance_is_information_and_never_isolates() {
    for lang in [Lang::En, Lang::Ja] {
        let a = alert("ec2-port-probe-low.json", lang);
        assert_eq!(
            steps_say(&a, &["isolat", "隔離"]),
            None,
            "{:#?}",
            a.next_steps
        );
    }
    let a = alert("ec2-port-probe-low.json", Lang::En);
    assert!(
        a.next_steps[0]
            .starts_with("For information: scanners on the internet found port 22 (SSH)"),
        "{}",
        a.next_steps[0]
    );
    assert!(steps_say(&a, &["restrict the security group rule for port 22"]).is_some());
    assert!(steps_say(&a, &["archive the finding"]).is_some());
    assert_eq!(a.fact_value("Port"), Some("22 (SSH)"));
}

/// Brute force against our instance: we are the target, inbound; the same
/// finding outbound means our instance attacks others, and is isolated.
#[test]
fn brute_force_inbound_is_restricted_outbound_is_isolated() {
    let a = alert("ec2-ssh-brute-force-inbound.json", Lang::En);
    assert_eq!(steps_say(&a, &["isolat"]), None, "{:#?}", a.next_steps);
    assert!(
        a.next_steps[0].starts_with("You are the target: 192.0.2.66"),
        "{}",
        a.next_steps[0]
    );
    assert!(steps_say(&a, &["successful login from 192.0.2.66"]).is_some());
    assert_eq!(
        a.fact_value("Direction"),
        Some("Inbound (to your resource)")
    );
    let mut env = load("ec2-ssh-brute-force-inbound.json");
    env.detail["service"]["action"]["networkConnectionAction"]["connectionDirection"] =
        "OUTBOUND".into();
    let out = run(&env, Lang::En);
    assert!(
        steps_say(&out, &["isolate the instance"]).is_some(),
        "{:#?}",
        out.next_steps
    );
    let ja = alert("ec2-ssh-brute-force-inbound.json", Lang::Ja);
    assert_eq!(
        ja.fact_value("方向"),
        Some("インバウンド（あなたのリソースへ）")
    );
}

/// An instance calling a command-and-control server is isolated, its
/// volumes snapshotted, its role's sessions revoked.
#[test]
fn a_compromised_instance_is_isolated_and_its_role_revoked() {
    let a = alert("ec2-backdoor-command-and-control-dns.json", Lang::En);
    assert!(
        a.next_steps[1].starts_with("Isolate the instance"),
        "{:#?}",
        a.next_steps
    );
    assert!(steps_say(&a, &["snapshot its volumes"]).is_some());
    assert!(steps_say(&a, &["instance profile app-server"]).is_some());
    // launchTime as epoch milliseconds reads too.
    assert_eq!(a.fact_value("Launched"), Some("2024-04-05 19:34 UTC"));
}

/// CloudTrail logging stopped: turn it back on, find who did it.
#[test]
fn logging_stopped_is_turned_back_on() {
    let a = alert("stealth-cloudtrail-logging-disabled.json", Lang::En);
    assert!(
        a.next_steps[0].contains("(StopLogging by build-bot)"),
        "{}",
        a.next_steps[0]
    );
    assert!(a.next_steps[1].starts_with("If not: turn CloudTrail logging back on"));
    assert!(a.link_of_step(1).unwrap().url.ends_with("#/trails"));
}

/// A reverse shell in an EKS workload: isolate the pod, keep evidence.
#[test]
fn a_runtime_finding_isolates_the_workload() {
    let a = alert("eks-runtime-reverse-shell.json", Lang::En);
    assert!(
        a.next_steps[1].starts_with("Isolate the workload"),
        "{:#?}",
        a.next_steps
    );
    assert!(a
        .link_of_step(1)
        .unwrap()
        .url
        .contains("/eks/home?region=ap-northeast-1#/clusters/prod-web"));
}

/// Less noise: "Kind" already shows the finding type, "First seen by
/// GuardDuty" the first sighting, the console button the finding itself.
#[test]
fn the_finding_type_first_seen_and_finding_arn_are_shown_once() {
    let a = alert("ec2-crypto-bitcoin-dns.json", Lang::En);
    assert_eq!(a.fact_value("Finding type"), None);
    assert_eq!(a.fact_value("First seen"), None);
    assert!(
        a.resources
            .iter()
            .all(|r| !r.starts_with("arn:aws:guardduty")),
        "{:?}",
        a.resources
    );
    assert_eq!(a.resources, ["i-0a1b2c3d4e5f60718"]);
    // preview --json still carries the finding ARN among the links.
    assert!(a
        .links
        .iter()
        .any(|l| l.url.contains("fId=7ac8e1f0b2d34f5e9a1b2c3d4e5f6071")));
}

/// A Japanese message's headline is ours, in Japanese: GuardDuty's English
/// title stays in AWS's text.
#[test]
fn a_japanese_headline_is_japanese() {
    let a = alert("ec2-crypto-bitcoin-dns.json", Lang::Ja);
    assert_eq!(
        a.title,
        "暗号資産のマイニング: EC2インスタンス i-0a1b2c3d4e5f60718"
    );
    let en = alert("ec2-crypto-bitcoin-dns.json", Lang::En);
    assert_eq!(
        en.title,
        "EC2 instance i-0a1b2c3d4e5f60718 is querying a domain name that is associated with Bitcoin-related activity"
    );
}
