//! CloudTrail GetObject events from tests/fixtures/env-file → alerts.

use chrono::{DateTime, Utc};
use respondby_core::slack::{
    has_control_sequence, render, render_with, texts, Extras, RenderOptions,
};
use respondby_core::tracked::Tracked;
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Severity, Source,
};
use respondby_env_file_access::{normalise, Setup, TrailLogs, Trusted};
use respondby_testkit::fixture_bytes;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("env-file", name)).unwrap();
    assert_eq!(source, Source::EnvFile);
    env
}

fn with(name: &str, setup: &Setup) -> Outcome {
    normalise(&load(name), &Ctx::new(&DeadlinePolicy::default()), setup).unwrap()
}

fn alert_with(name: &str, trusted: &Setup) -> Alert {
    match with(name, trusted) {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

fn alert(name: &str) -> Alert {
    alert_with(name, &Setup::default())
}

#[test]
fn successful_read_is_high_and_shows_who_from_where() {
    let a = alert("read-by-iam-user-foreign-ip.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Bucket"), Some("example-app-config"));
    assert_eq!(a.fact_value("Key"), Some("website/.env"));
    assert_eq!(a.fact_value("Principal type"), Some("IAMUser"));
    assert_eq!(
        a.fact_value("Principal"),
        Some("arn:aws:iam::111122223333:user/smtp-mailer")
    );
    assert_eq!(a.fact_value("Access key"), Some("AKIAEXAMPLEKEY7Q2ZP4"));
    assert_eq!(a.fact_value("Source IP"), Some("203.0.113.77"));
    assert_eq!(a.fact_value("User agent"), Some("python-requests/2.32.3"));
    assert_eq!(a.fact_value("Presigned URL"), Some("no"));
    assert!(a.fact_value("Result").unwrap().starts_with("SUCCESS"));
    assert_eq!(a.dedup_key, "env-file:5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9");
    // Is it ours? comes first (issue 22 item 6), rotating after deactivating.
    assert!(a.next_steps[0]
        .starts_with("First, ask: is arn:aws:iam::111122223333:user/smtp-mailer yours"));
    assert!(a.next_steps[2].contains("rotate"));
    assert_eq!(
        respondby_core::time::rfc3339(a.occurred_at),
        "2026-06-24T06:12:45Z"
    );
}

#[test]
fn anonymous_read_means_the_object_is_public_and_is_critical() {
    let a = alert("read-anonymous-public-object.json");
    assert_eq!(a.severity, Severity::Critical);
    assert!(a.title.contains("anonymously"));
    assert!(a
        .next_steps
        .iter()
        .any(|s| s.contains("Block Public Access")));
}

#[test]
fn denied_read_is_reported_lower_with_the_error() {
    let a = alert("read-denied.json");
    assert_eq!(a.severity, Severity::Medium);
    assert_eq!(
        a.fact_value("Result"),
        Some("DENIED: AccessDenied (Access Denied)")
    );
    assert!(a.title.starts_with("Denied attempt"));
}

#[test]
fn a_probe_for_a_missing_env_file_is_a_low_probe_alert_not_a_denial() {
    let a = alert("probe-anonymous-missing-env.json");
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(a.kind, "s3:GetObject");
    assert_eq!(
        a.title,
        "Probe for .env in s3://example-app-config: the file does not exist"
    );
    assert_eq!(
        a.fact_value("Result"),
        Some("PROBE: the file does not exist (NoSuchKey: The specified key does not exist.)")
    );
    assert_eq!(a.fact_value("Key"), Some("backend/.env"));
    assert_eq!(a.fact_value("Source IP"), Some("198.51.100.66"));
    assert_eq!(a.fact_value("Bytes read"), None);
    assert!(!a.title.to_lowercase().contains("denied"), "{}", a.title);
    // Low: the env.low class has no deadline unless ops give it one.
    assert_eq!(a.clock.class, "env.low");
    assert!(a.respond_by.is_none());
    // S3 answers NoSuchKey instead of AccessDenied only to a caller allowed to
    // list the bucket, so an anonymous probe that gets it means a public listing.
    assert!(
        a.next_steps.iter().any(|s| s.contains("list")),
        "{:?}",
        a.next_steps
    );
    // Nothing was read, so nothing to rotate.
    assert!(!a.next_steps.iter().any(|s| s.contains("rotate")));

    let denied = alert("read-denied.json");
    assert!(denied.title.starts_with("Denied"), "{}", denied.title);
    assert!(!denied.title.to_lowercase().contains("probe"));
    assert!(denied.fact_value("Result").unwrap().starts_with("DENIED"));
}

#[test]
fn probes_fold_by_principal_or_source_ip_and_bucket_apart_from_reads() {
    let anonymous = alert("probe-anonymous-missing-env.json");
    assert_eq!(
        anonymous.group_key,
        "env-file:probe:198.51.100.66:example-app-config"
    );
    let mut env = load("read-by-iam-user-foreign-ip.json");
    env.detail["errorCode"] = "NoSuchKey".into();
    env.detail["errorMessage"] = "The specified key does not exist.".into();
    let Outcome::Notify(probe) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(probe.severity, Severity::Low);
    assert_eq!(
        probe.group_key,
        "env-file:probe:arn:aws:iam::111122223333:user/smtp-mailer:example-app-config"
    );
    // Reads keep their group key.
    assert_eq!(
        alert("read-by-iam-user-foreign-ip.json").group_key,
        "env-file:GetObject:arn:aws:iam::111122223333:user/smtp-mailer"
    );
}

#[test]
fn a_probe_by_a_trusted_principal_is_lowered_like_a_read() {
    let mut env = load("read-by-deploy-role.json");
    env.detail["errorCode"] = "NoSuchKey".into();
    let trusted = Setup::from(Trusted::parse("arn:aws:iam::111122223333:role/deploy", "").unwrap());
    let Outcome::Notify(a) =
        normalise(&env, &Ctx::new(&DeadlinePolicy::default()), &trusted).unwrap()
    else {
        panic!()
    };
    assert_eq!(a.severity, Severity::Info);
    assert_eq!(
        a.fact_value("Result"),
        Some("PROBE: the file does not exist (NoSuchKey)")
    );
}

#[test]
fn presigned_url_reads_and_suffix_env_names_are_caught() {
    let a = alert("read-presigned-suffix-env.json");
    assert_eq!(a.fact_value("Presigned URL"), Some("yes"));
    assert_eq!(a.fact_value("Key"), Some("backups/prod.env"));
}

#[test]
fn an_upper_case_env_name_is_a_read_like_any_other() {
    let a = alert("read-uppercase-env-name.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Key"), Some("deploy/.ENV"));
    assert!(
        a.title
            .starts_with(".ENV in s3://example-app-config was read by"),
        "{}",
        a.title
    );
}

#[test]
fn trusted_principal_lowers_severity_but_is_still_reported() {
    let untrusted = alert("read-by-deploy-role.json");
    assert_eq!(untrusted.severity, Severity::High);
    assert_eq!(
        untrusted.fact_value("Role"),
        Some("arn:aws:iam::111122223333:role/deploy")
    );
    let trusted = Setup::from(Trusted::parse("arn:aws:iam::111122223333:role/deploy", "").unwrap());
    let a = alert_with("read-by-deploy-role.json", &trusted);
    assert_eq!(a.severity, Severity::Low);
    assert!(a.fact_value("Trusted").unwrap().contains("role/deploy"));
    // Low (env.low): posted, with no deadline.
    assert!(a.respond_by.is_none());
}

#[test]
fn an_event_time_with_a_space_is_read_and_the_deadline_counts_from_the_envelope() {
    let a = alert("space-separated-event-time.json");
    let env = load("space-separated-event-time.json");
    let told = respondby_core::time::parse_iso(&env.time).unwrap();
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    assert!(a.occurred_at <= told);
    assert_eq!(a.respond_by, Some(told + chrono::Duration::hours(24)));
}

#[test]
fn a_trusted_role_prefix_does_not_trust_a_role_whose_name_merely_starts_with_it() {
    let trusted = Setup::from(Trusted::parse("arn:aws:iam::111122223333:role/deploy", "").unwrap());
    let a = alert_with("read-by-deployer-role.json", &trusted);
    assert_eq!(
        a.fact_value("Role"),
        Some("arn:aws:iam::111122223333:role/deployer")
    );
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Trusted"), None);
    // A role further down the trusted role's path is trusted.
    let mut env = load("read-by-deployer-role.json");
    env.detail["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] =
        "arn:aws:iam::111122223333:role/deploy/github-actions".into();
    let Outcome::Notify(a) =
        normalise(&env, &Ctx::new(&DeadlinePolicy::default()), &trusted).unwrap()
    else {
        panic!()
    };
    assert_eq!(a.severity, Severity::Low);
    assert!(a
        .fact_value("Trusted")
        .unwrap()
        .contains("role/deploy/github-actions"));
}

#[test]
fn trusted_network_lowers_severity() {
    let trusted = Setup::from(Trusted::parse("", "10.0.0.0/8").unwrap());
    assert_eq!(
        alert_with("read-by-deploy-role.json", &trusted).severity,
        Severity::Low
    );
    let other = Setup::from(Trusted::parse("", "192.168.0.0/16").unwrap());
    assert_eq!(
        alert_with("read-by-deploy-role.json", &other).severity,
        Severity::High
    );
}

#[test]
fn look_alike_keys_are_skipped_with_the_key_named() {
    for (name, key) in [
        ("skip-not-env-key.json", "assets/envelope.png"),
        ("skip-environment-lookalike.json", "config/.environment"),
    ] {
        match with(name, &Setup::default()) {
            Outcome::Skip { reason } => assert!(reason.contains(key), "{reason}"),
            Outcome::Notify(_) => panic!("{name} was posted"),
        }
    }
}

#[test]
fn other_s3_calls_are_skipped() {
    let mut env = load("read-by-iam-user-foreign-ip.json");
    env.detail["eventName"] = "PutObject".into();
    match normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap()
    {
        Outcome::Skip { reason } => assert!(reason.contains("PutObject")),
        Outcome::Notify(_) => panic!("PutObject posted"),
    }
}

#[test]
fn key_is_taken_from_resources_when_request_parameters_are_null() {
    let mut env = load("read-by-iam-user-foreign-ip.json");
    env.detail["requestParameters"] = serde_json::Value::Null;
    let Outcome::Notify(a) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(a.fact_value("Key"), Some("website/.env"));
}

#[test]
fn event_without_any_key_is_a_named_error() {
    let err = normalise(
        &load("error-no-object-key.json"),
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no object key"), "{err}");
}

#[test]
fn hostile_user_agent_renders_as_text() {
    let a = alert("hostile-user-agent.json");
    let body = render(&a, &RenderOptions::default(), chrono::Utc::now());
    for (kind, t) in texts(&body) {
        if kind != "plain_text" {
            assert!(!has_control_sequence(&t), "{kind}: {t}");
            assert!(
                !respondby_core::slack::outside_code_spans(&t).contains("@here"),
                "{kind}: {t}"
            );
        }
        assert!(
            !t.contains('\u{1b}') && !t.contains('\u{7}'),
            "control character reached Slack: {t:?}"
        );
    }
}

#[test]
fn a_copy_of_a_env_file_into_another_account_is_critical_and_names_source_and_destination() {
    let a = alert("copy-object-env-to-other-account.json");
    assert_eq!(a.kind, "s3:CopyObject");
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(
        a.title,
        ".env in s3://example-app-config was copied to s3://exfil-drop-7731/loot/site-config.txt \
         by arn:aws:iam::111122223333:user/smtp-mailer"
    );
    assert_eq!(a.fact_value("Source bucket"), Some("example-app-config"));
    assert_eq!(a.fact_value("Source key"), Some("website/.env"));
    assert_eq!(a.fact_value("Destination bucket"), Some("exfil-drop-7731"));
    assert_eq!(
        a.fact_value("Destination key"),
        Some("loot/site-config.txt")
    );
    assert_eq!(a.fact_value("Destination account"), Some("444455556666"));
    assert_eq!(a.fact_value("Result"), Some("SUCCESS: the file was copied"));
    assert_eq!(
        a.fact_value("Principal"),
        Some("arn:aws:iam::111122223333:user/smtp-mailer")
    );
    assert_eq!(a.fact_value("Bucket"), None);
    assert_eq!(
        a.resources,
        [
            "arn:aws:s3:::example-app-config/website/.env",
            "arn:aws:s3:::exfil-drop-7731/loot/site-config.txt"
        ]
    );
    assert_eq!(a.dedup_key, "env-file:b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
    assert_eq!(
        a.group_key,
        "env-file:CopyObject:arn:aws:iam::111122223333:user/smtp-mailer"
    );
    // Is it ours? first; then deactivate, rotate, and the copy.
    assert!(
        a.next_steps[0].contains("copy this file"),
        "{:?}",
        a.next_steps
    );
    assert!(a.next_steps[2].contains("rotate"), "{:?}", a.next_steps);
    assert!(
        a.next_steps
            .iter()
            .any(|s| s.contains("s3://exfil-drop-7731/loot/site-config.txt")),
        "{:?}",
        a.next_steps
    );
    assert!(a.links.iter().any(|l| l.label == "Open the copy"));
}

#[test]
fn a_multipart_copy_of_one_version_inside_the_account_is_high_and_names_the_version() {
    let a = alert("upload-part-copy-env-version.json");
    assert_eq!(a.kind, "s3:UploadPartCopy");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.fact_value("Source bucket"), Some("example-app-config"));
    assert_eq!(a.fact_value("Source key"), Some("releases/.env.production"));
    assert_eq!(
        a.fact_value("Source version"),
        Some("3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY")
    );
    assert_eq!(a.fact_value("Destination bucket"), Some("example-backups"));
    assert_eq!(a.fact_value("Destination key"), Some("mpu/bundle.bin"));
    assert_eq!(a.fact_value("Destination account"), Some("111122223333"));
    assert!(a
        .title
        .starts_with(".env.production in s3://example-app-config was copied to"));
}

#[test]
fn copying_something_onto_a_env_name_is_not_a_read_and_is_skipped() {
    match with("skip-copy-onto-env-name.json", &Setup::default()) {
        Outcome::Skip { reason } => {
            assert!(reason.contains("templates/env.sample"), "{reason}")
        }
        Outcome::Notify(a) => panic!("posted: {}", a.title),
    }
}

fn copy_with_source(source: Option<&str>) -> Alert {
    let mut env = load("copy-object-env-to-other-account.json");
    let rp = env.detail["requestParameters"].as_object_mut().unwrap();
    match source {
        Some(s) => rp.insert("x-amz-copy-source".into(), s.into()),
        None => rp.remove("x-amz-copy-source"),
    };
    match normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap()
    {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{source:?} skipped: {reason}"),
    }
}

#[test]
fn the_copy_source_is_read_in_every_form_s3_accepts() {
    // CopyObject API Reference, x-amz-copy-source: "bucket/key", URL-encoded,
    // optionally with a leading slash and "?versionId=", or an access point ARN
    // ".../accesspoint/<name>/object/<key>".
    for (source, bucket, key) in [
        (
            "example-app-config/website/.env",
            "example-app-config",
            "website/.env",
        ),
        ("/example-app-config/.env", "example-app-config", ".env"),
        (
            "example-app-config/my%20app/.env",
            "example-app-config",
            "my app/.env",
        ),
        (
            "example-app-config/a%2Fb/.ENV",
            "example-app-config",
            "a/b/.ENV",
        ),
        (
            "arn:aws:s3:eu-central-1:111122223333:accesspoint/configs/object/website/.env",
            "arn:aws:s3:eu-central-1:111122223333:accesspoint/configs",
            "website/.env",
        ),
    ] {
        let a = copy_with_source(Some(source));
        assert_eq!(a.fact_value("Source bucket"), Some(bucket), "{source}");
        assert_eq!(a.fact_value("Source key"), Some(key), "{source}");
    }
    // Without the header, the source is the object in resources[] that is not
    // the destination.
    let a = copy_with_source(None);
    assert_eq!(a.fact_value("Source bucket"), Some("example-app-config"));
    assert_eq!(a.fact_value("Source key"), Some("website/.env"));
}

#[test]
fn a_denied_copy_is_medium_and_a_copy_of_a_missing_env_is_a_probe() {
    let mut env = load("copy-object-env-to-other-account.json");
    env.detail["errorCode"] = "AccessDenied".into();
    env.detail["errorMessage"] = "Access Denied".into();
    let Outcome::Notify(a) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(a.severity, Severity::Medium);
    assert_eq!(
        a.title,
        "Denied attempt to copy .env out of s3://example-app-config"
    );
    assert_eq!(
        a.fact_value("Result"),
        Some("DENIED: AccessDenied (Access Denied)")
    );

    env.detail["errorCode"] = "NoSuchKey".into();
    env.detail["errorMessage"] = "The specified key does not exist.".into();
    let Outcome::Notify(a) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(a.severity, Severity::Low);
    assert_eq!(
        a.group_key,
        "env-file:probe:arn:aws:iam::111122223333:user/smtp-mailer:example-app-config"
    );
    assert!(a.title.contains("the file does not exist"), "{}", a.title);
}

#[test]
fn hostile_copy_source_and_destination_render_as_text() {
    let mut env = load("copy-object-env-to-other-account.json");
    env.detail["requestParameters"]["x-amz-copy-source"] =
        "example-app-config/<!channel>%20<https://evil.example|x>/.env".into();
    env.detail["requestParameters"]["key"] = "<!here> *bold* `x`".into();
    let Outcome::Notify(a) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(
        a.fact_value("Source key"),
        Some("<!channel> <https://evil.example|x>/.env")
    );
    let body = render(&a, &RenderOptions::default(), chrono::Utc::now());
    for (kind, t) in texts(&body) {
        if kind != "plain_text" {
            assert!(!has_control_sequence(&t), "{kind}: {t}");
        }
    }
}

#[test]
fn a_copy_event_without_any_source_is_a_named_error() {
    let mut env = load("copy-object-env-to-other-account.json");
    env.detail["requestParameters"]
        .as_object_mut()
        .unwrap()
        .remove("x-amz-copy-source");
    env.detail["resources"] = serde_json::json!([
        {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::exfil-drop-7731/loot/site-config.txt"}
    ]);
    let err = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no copy source"), "{err}");
}

#[test]
fn folded_reads_are_told_apart_by_object_and_anonymous_ones_by_address() {
    let named = alert("read-by-iam-user-foreign-ip.json");
    let key = named.fact_value("Key").unwrap().to_owned();
    let bucket = named.fact_value("Bucket").unwrap().to_owned();
    assert_eq!(named.fold_member, Some(format!("s3://{bucket}/{key}")));
    let anon = alert("read-anonymous-public-object.json");
    let member = anon.fold_member.clone().unwrap();
    assert!(member.starts_with("s3://"), "{member}");
    assert!(
        member.contains(" from ") && member.ends_with(anon.fact_value("Source IP").unwrap()),
        "{member}"
    );
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

/// Every word of an alert and its message, one text a line: the title,
/// facts, steps, notes and link labels, and every text of the rendered
/// message (fallback text included). No description here: every word but
/// the event's values is ours.
fn words(a: &Alert, lang: Lang, now: DateTime<Utc>) -> String {
    let mut lines = vec![a.title.clone()];
    lines.extend(a.facts.iter().map(|f| format!("{}: {}", f.label, f.value)));
    lines.extend(a.next_steps.iter().cloned());
    lines.extend(a.notes.iter().cloned());
    lines.extend(a.links.iter().map(|l| l.label.clone()));
    lines.extend(
        texts(&render_tracked(a, lang, now))
            .into_iter()
            .map(|(_, t)| t),
    );
    lines.join("\n")
}

/// The events of tests/fixtures/env-file but `error-` ones, by name; each
/// copy once more as CloudTrail may record it, without its destination; each
/// probe once more by a named caller (who may list the bucket); each read
/// once more by a caller CloudTrail names no one for (a service).
fn every_event() -> Vec<(String, Envelope)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/env-file");
    let mut events = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("error-") {
            continue;
        }
        let env = load(&name);
        let copy = matches!(
            env.detail["eventName"].as_str(),
            Some("CopyObject" | "UploadPartCopy")
        );
        if copy && !name.starts_with("skip-") {
            let mut unrecorded = env.clone();
            if let Some(rp) = unrecorded.detail["requestParameters"].as_object_mut() {
                rp.remove("bucketName");
                rp.remove("Bucket");
            }
            events.push((format!("{name} (no destination)"), unrecorded));
        }
        if !name.starts_with("skip-") && env.detail["errorCode"] == "NoSuchKey" {
            let mut named = env.clone();
            named.detail["userIdentity"] = serde_json::json!({
                "type": "IAMUser",
                "arn": "arn:aws:iam::111122223333:user/scanner",
                "accountId": "111122223333",
                "accessKeyId": "AKIAEXAMPLESCANNER"
            });
            events.push((format!("{name} (named caller)"), named));
        }
        if !name.starts_with("skip-") && !copy && env.detail["errorCode"].is_null() {
            let mut unnamed = env.clone();
            unnamed.detail["userIdentity"] = serde_json::json!({"type": "AWSService"});
            events.push((format!("{name} (unnamed service)"), unnamed));
        }
        events.push((name, env));
    }
    events
}

/// In Japanese, every .env event renders as a tracked case with its buttons
/// within Slack's limits, with no English of ours left in the message or
/// the alert, and every fact label, step, note and button in Japanese; the
/// alert is the same alert (same keys, deadline, severity). Trusted and
/// untrusted readers both, so every branch's words show. `skip-` fixtures
/// are skipped in both languages, the others notify.
#[test]
fn every_env_file_event_renders_in_japanese_with_the_same_deadline() {
    use respondby_core::i18n::{english_in, ui};
    let catalogues = [respondby_env_file_access::texts::ALL, ui::ALL];
    let trusted = [
        Setup::default(),
        Setup::from(Trusted::parse("arn:aws:iam::111122223333:role/deploy", "").unwrap()),
        Setup::from(Trusted::parse("", "0.0.0.0/0").unwrap()),
        with_trail(Setup::from(Trusted::parse("", "10.0.0.0/8").unwrap())),
    ];
    let policy = DeadlinePolicy::default();
    let mut n = 0;
    let mut steps_seen = std::collections::BTreeSet::new();
    for (name, env) in every_event() {
        for t in &trusted {
            let en = Ctx::new(&policy);
            let ja = Ctx {
                lang: Lang::Ja,
                ..Ctx::new(&policy)
            };
            let (a_en, a_ja) = match (
                normalise(&env, &en, t).unwrap(),
                normalise(&env, &ja, t).unwrap(),
            ) {
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
            assert!(has_japanese(&a_ja.title), "{name}: {}", a_ja.title);
            for f in &a_ja.facts {
                assert!(has_japanese(&f.label), "{name}: fact {f:?}");
            }
            for s in a_ja.next_steps.iter().chain(&a_ja.notes) {
                assert!(has_japanese(s), "{name}: {s:?}");
            }
            for l in &a_ja.links {
                assert!(has_japanese(&l.label), "{name}: link {l:?}");
            }
            steps_seen.extend(a_en.next_steps.iter().cloned());
            // As posted (just told) and as a reminder sees it (now, overdue).
            for now in [a_ja.clock.started, Utc::now()] {
                let body = render_tracked(&a_ja, Lang::Ja, now);
                respondby_core::slack::check_limits(&body)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                let text = words(&a_ja, Lang::Ja, now);
                let left = english_in(&text, &catalogues);
                assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
            }
            // The same check finds the English rendering's words (it can fail).
            let en_text = words(&a_en, Lang::En, Utc::now());
            assert!(!english_in(&en_text, &catalogues).is_empty(), "{name}");
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} .env events rendered");
    // Every step this function can write was written by one of them (its
    // words in order around the values filled in).
    for (step, text) in respondby_env_file_access::texts::ALL {
        if !step.starts_with("S_") {
            continue;
        }
        let shown = steps_seen.iter().any(|seen| {
            let mut rest = seen.as_str();
            text.en.split(['{', '}']).step_by(2).all(|piece| {
                rest.find(piece)
                    .map(|at| rest = &rest[at + piece.len()..])
                    .is_some()
            })
        });
        assert!(shown, "{step} never shown");
    }
}

#[test]
fn an_anonymous_reader_is_named_in_japanese_and_keyed_in_english() {
    let policy = DeadlinePolicy::default();
    let env = load("read-anonymous-public-object.json");
    let ja = Ctx {
        lang: Lang::Ja,
        ..Ctx::new(&policy)
    };
    let Outcome::Notify(a) = normalise(&env, &ja, &Setup::default()).unwrap() else {
        panic!()
    };
    let en = alert("read-anonymous-public-object.json");
    assert_eq!(
        a.fact_value("プリンシパル"),
        Some("匿名（AWSの認証情報なし）")
    );
    assert_eq!(
        en.fact_value("Principal"),
        Some("anonymous (no AWS credentials)")
    );
    assert_eq!(a.group_key, en.group_key);
    assert!(
        a.fold_member.as_deref().unwrap().ends_with("から）"),
        "{:?}",
        a.fold_member
    );
}

/// Issue 14: why this source reads CloudTrail records with its own type, not
/// `aws_lambda_events`' `AWSAPICall` (see the comment on `Record`).
#[test]
fn aws_lambda_events_cloudtrail_type_loses_the_error_code_and_refuses_cosmetic_odds() {
    use aws_lambda_events::event::cloudwatch_events::cloudtrail::AWSAPICall;
    let denied = respondby_testkit::fixture("env-file", "read-denied.json");
    assert_eq!(denied["detail"]["errorCode"], "AccessDenied");
    // It reads the record, but what it keeps has no error code: a denied read
    // would look like a read.
    let kept: AWSAPICall = serde_json::from_value(denied["detail"].clone()).unwrap();
    let kept = serde_json::to_value(&kept).unwrap();
    assert!(kept.get("errorCode").is_none(), "{kept}");
    assert!(alert("read-denied.json")
        .fact_value("Result")
        .unwrap()
        .contains("AccessDenied"));

    // Cosmetic odds: no user agent; `mfaAuthenticated` as a boolean, as in
    // CloudTrail's documented example records.
    let mut no_agent = respondby_testkit::fixture("env-file", "read-by-deploy-role.json");
    no_agent["detail"]
        .as_object_mut()
        .unwrap()
        .remove("userAgent");
    let mut mfa_bool = respondby_testkit::fixture("env-file", "read-by-deploy-role.json");
    mfa_bool["detail"]["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"] =
        false.into();
    for (odd, field) in [(no_agent, "userAgent"), (mfa_bool, "boolean")] {
        let refused = serde_json::from_value::<AWSAPICall>(odd["detail"].clone()).unwrap_err();
        assert!(refused.to_string().contains(field), "{refused}");
        let (env, _) = event::parse(&serde_json::to_vec(&odd).unwrap()).unwrap();
        let ours = normalise(
            &env,
            &Ctx::new(&DeadlinePolicy::default()),
            &Setup::default(),
        )
        .unwrap();
        assert!(matches!(ours, Outcome::Notify(_)), "{field}: {ours:?}");
    }
}

fn with_trail(mut s: Setup) -> Setup {
    s.trail = Some(TrailLogs {
        bucket: "respondby-env-reads-trailbucket-1a2b3c".into(),
        prefix: "".into(),
    });
    s
}

/// Issue 22 item 6: a data event is not in CloudTrail's Event history; the
/// alert links to where it is, the trail's log files in S3, or gives a
/// query for CloudTrail Lake or Athena when the trail's bucket is not known.
#[test]
fn the_record_is_linked_where_the_data_event_is_not_event_history() {
    for lang in [Lang::En, Lang::Ja] {
        let policy = DeadlinePolicy::default();
        let ctx = Ctx {
            lang,
            ..Ctx::new(&policy)
        };
        let env = load("read-by-iam-user-foreign-ip.json");
        let Outcome::Notify(a) = normalise(&env, &ctx, &with_trail(Setup::default())).unwrap()
        else {
            panic!()
        };
        assert!(
            a.links.iter().any(|l| l.url
                == "https://s3.console.aws.amazon.com/s3/buckets/respondby-env-reads-trailbucket-1a2b3c?region=eu-central-1&prefix=AWSLogs%2F111122223333%2FCloudTrail%2Feu-central-1%2F2026%2F06%2F24%2F&showversions=false"),
            "{:?}",
            a.links
        );
        // The trail's folder, and the record's id to look for in it.
        assert!(
            a.next_steps
                .iter()
                .any(|s| s.contains("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")),
            "{:?}",
            a.next_steps
        );
        // Event history shows management events only: never linked for the read.
        assert!(
            a.links.iter().all(|l| !l.url.contains("#/events/")),
            "{:?}",
            a.links
        );
        // Without the trail's bucket: a query to run instead.
        let Outcome::Notify(b) = normalise(&env, &ctx, &Setup::default()).unwrap() else {
            panic!()
        };
        assert!(b.links.iter().all(|l| !l.url.contains("#/events/")));
        let q = b
            .next_steps
            .iter()
            .find(|s| s.contains("eventid = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'"))
            .unwrap_or_else(|| panic!("{:?}", b.next_steps));
        assert!(q.contains("Athena") && q.contains("CloudTrail Lake"), "{q}");
    }
}

/// Issue 22 item 6: the source IP's owner is named when it is a known
/// cloud provider, from their published ranges; otherwise that it is none
/// of them.
#[test]
fn the_source_ips_owner_is_named_when_it_is_a_known_cloud() {
    use respondby_env_file_access::texts as t;
    for lang in [Lang::En, Lang::Ja] {
        let policy = DeadlinePolicy::default();
        let ctx = Ctx {
            lang,
            ..Ctx::new(&policy)
        };
        let get = |name: &str| match normalise(&load(name), &ctx, &Setup::default()).unwrap() {
            Outcome::Notify(a) => *a,
            _ => panic!(),
        };
        let a = get("read-from-another-cloud.json");
        let owner = a.fact_value(t::F_IP_OWNER.get(lang)).unwrap();
        let want = match lang {
            Lang::En => "Google Cloud (in its published IP ranges, as of 20",
            Lang::Ja => "Google Cloud（公開しているIPアドレス範囲に含まれます。20",
        };
        assert!(owner.starts_with(want), "{owner}");
        // The first step asks whether that is us.
        assert!(
            a.next_steps[0].contains("34.85.12.40"),
            "{:?}",
            a.next_steps
        );
        assert!(
            a.next_steps[0].contains("Google Cloud"),
            "{:?}",
            a.next_steps
        );
        let b = get("read-by-iam-user-foreign-ip.json");
        let none = b.fact_value(t::F_IP_OWNER.get(lang)).unwrap();
        let n = respondby_env_file_access::ipowner::providers().len();
        assert_eq!(none, t::V_OWNER_NONE.fill(lang, &[("n", &n)]));
    }
    // A service name where CloudTrail writes no address has no owner to look up.
    let mut env = load("read-by-iam-user-foreign-ip.json");
    env.detail["sourceIPAddress"] = "s3.amazonaws.com".into();
    let Outcome::Notify(a) = normalise(
        &env,
        &Ctx::new(&DeadlinePolicy::default()),
        &Setup::default(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(a.fact_value(t::F_IP_OWNER.en), None);
    assert_eq!(a.fact_value(t::F_IN_TRUSTED_CIDRS.en), None);
}

/// Issue 22 item 6: whether the IP is in TRUSTED_CIDRS is said, either way.
#[test]
fn whether_the_ip_is_in_trusted_cidrs_is_said_either_way() {
    use respondby_env_file_access::texts as t;
    let label = t::F_IN_TRUSTED_CIDRS.en;
    let a = alert("read-from-another-cloud.json");
    assert_eq!(a.fact_value(label), Some(t::V_NO_EMPTY.en));
    let other = Setup::from(Trusted::parse("", "10.0.0.0/8").unwrap());
    assert_eq!(
        alert_with("read-from-another-cloud.json", &other).fact_value(label),
        Some(t::V_NO.en)
    );
    let all = Setup::from(Trusted::parse("", "34.85.0.0/16").unwrap());
    let b = alert_with("read-from-another-cloud.json", &all);
    assert_eq!(b.fact_value(label), Some("yes (34.85.0.0/16)"));
}

/// Issue 22 item 6: is it ours? -> deactivate -> rotate -> move; the object
/// is evidence, never deleted first.
#[test]
fn steps_go_is_it_ours_then_deactivate_then_rotate_then_move_and_keep_the_evidence() {
    use respondby_env_file_access::texts as t;
    for (name, deactivate) in [
        (
            "read-by-iam-user-foreign-ip.json",
            "deactivate access key AKIAEXAMPLEKEY7Q2ZP4",
        ),
        (
            "read-by-deployer-role.json",
            "revoke the active sessions of role",
        ),
        ("read-anonymous-public-object.json", "Close public access"),
    ] {
        let a = alert(name);
        let pos = |needle: &str| {
            a.next_steps
                .iter()
                .position(|s| s.contains(needle))
                .unwrap_or_else(|| panic!("{name}: {needle:?} not in {:#?}", a.next_steps))
        };
        let ours = pos("First, ask");
        let off = pos(deactivate);
        let rotate = pos("rotate the SMTP credentials");
        let moved = pos("Secrets Manager or SSM Parameter Store");
        assert!(
            ours == 0 && ours < off && off < rotate && rotate < moved,
            "{name}: {:#?}",
            a.next_steps
        );
        for s in &a.next_steps[..moved] {
            assert!(!s.contains("delete the object"), "{name}: {s}");
        }
        assert!(
            a.next_steps[moved].contains("evidence"),
            "{}",
            a.next_steps[moved]
        );
        assert_eq!(a.next_steps[moved], t::S_MOVE_SECRETS.en);
    }
}

/// A temporary key (ASIA…) of a role's session cannot be deactivated in
/// IAM: the step is to revoke the role's sessions.
#[test]
fn a_temporary_key_is_not_deactivated_its_roles_sessions_are_revoked() {
    let a = alert("read-by-deployer-role.json");
    let all = a.next_steps.join("\n");
    assert!(!all.contains("deactivate access key ASIA"), "{all}");
    assert!(
        all.contains("revoke the active sessions of role arn:aws:iam::111122223333:role/deployer"),
        "{all}"
    );
}
