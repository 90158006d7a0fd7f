//! Support case updates from tests/fixtures/support (and AWS's own samples
//! in ../shared/fixtures/support) → alerts, with and without what the
//! Support API and the case's tracked alert tell.

use chrono::{DateTime, Duration, TimeZone, Utc};
use respondby_core::i18n::{english_in, ui};
use respondby_core::slack::{check_limits, has_control_sequence, render, texts, RenderOptions};
use respondby_core::tracked::{changes, Action, Mark, Tracked};
use respondby_core::{
    event, Alert, Ctx, DeadlinePolicy, Envelope, Lang, Outcome, Severity, Source, Status,
};
use respondby_support_case::texts as t;
use respondby_support_case::{class, describe, normalise, CaseInfo, Known, LookupError, Message};
use respondby_testkit::{fixture, fixture_bytes};
use serde_json::Value;

fn load(name: &str) -> Envelope {
    let (env, source) = event::parse(&fixture_bytes("support", name)).unwrap();
    assert_eq!(source, Source::Support);
    env
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// What the Support API stand-in's body says about the case, read as the
/// function reads the SDK's answer.
fn info(name: &str) -> CaseInfo {
    let v = fixture("support-api", name);
    let c = &v["cases"][0];
    let s = |v: &Value| v.as_str().map(str::to_owned);
    let latest_aws = c["recentCommunications"]["communications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["submittedBy"] == "Amazon Web Services")
        .max_by_key(|m| m["timeCreated"].as_str().unwrap().to_owned())
        .map(|m| Message {
            body: s(&m["body"]).unwrap(),
            at: s(&m["timeCreated"]),
        });
    CaseInfo {
        subject: s(&c["subject"]),
        status: s(&c["status"]),
        severity_code: s(&c["severityCode"]),
        submitted_by: s(&c["submittedBy"]),
        service_code: s(&c["serviceCode"]),
        category_code: s(&c["categoryCode"]),
        latest_aws,
    }
}

fn ctx_in(policy: &DeadlinePolicy, lang: Lang) -> Ctx<'_> {
    Ctx {
        lang,
        // Fixed, so both languages fall back to the same time.
        received: at("2026-06-22T03:08:00Z"),
        policy,
    }
}

fn outcome(name: &str, known: Known<'_>) -> Outcome {
    describe(&load(name), &Ctx::new(&DeadlinePolicy::default()), known).unwrap()
}

fn alert_with(name: &str, known: Known<'_>) -> Alert {
    match outcome(name, known) {
        Outcome::Notify(a) => *a,
        Outcome::Skip { reason } => panic!("{name} skipped: {reason}"),
    }
}

fn alert(name: &str) -> Alert {
    alert_with(name, Known::default())
}

fn api(r: &Result<CaseInfo, LookupError>) -> Known<'_> {
    Known {
        api: Some(r),
        tracked: None,
    }
}

fn tracked(a: &Alert) -> Tracked {
    Tracked::new(a, None, a.clock.started)
}

fn fact(a: &Alert, label: respondby_core::i18n::T) -> Option<&str> {
    a.fact_value(label.en)
}

#[test]
fn aws_writing_in_a_case_asks_for_a_reply_within_24_hours_of_when_aws_wrote() {
    let a = alert("aws-writes-to-case.json");
    assert_eq!(a.source, Source::Support);
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.status, Status::Open);
    assert_eq!(a.kind, "AddCommunicationToCase");
    assert_eq!(a.clock.class, class::AWS_REPLY);
    assert!(a.clock.reply_to_aws, "the deadline reads Reply to AWS by");
    assert_eq!(a.occurred_at, at("2026-06-22T03:07:02Z"));
    assert_eq!(a.respond_by, Some(at("2026-06-23T03:07:02Z")));
    assert_eq!(a.title, "AWS wrote in Support case 178120556800417");
    assert_eq!(fact(&a, t::F_CASE), Some("178120556800417"));
    assert_eq!(fact(&a, t::F_WRITTEN_BY), Some("AWS"));
    assert_eq!(
        fact(&a, t::F_COMMUNICATION_ID),
        Some("ekko:us-east-1:2c9e7b41-5f0a-4d8e-b6a3-91d4c0e7f512")
    );
    assert_eq!(
        a.case_key,
        "support:111122223333:case-111122223333-muen-2026-4f1c2a9be0d37c55"
    );
    assert_eq!(
        a.links[0].url,
        "https://support.console.aws.amazon.com/support/home#/case/?displayId=178120556800417"
    );
    let d = a.reply_draft.as_ref().expect("a reply draft");
    assert!(d.first.contains("case 178120556800417"), "{}", d.first);
    assert_eq!(d.via.how(respondby_core::Lang::En), t::D_HOW.en);
    assert!(a.next_steps[0].contains("178120556800417"));
    // From the event alone: no note about a failed lookup (none was tried).
    assert!(a.notes.is_empty(), "{:?}", a.notes);
}

#[test]
fn a_case_opened_with_nothing_saying_by_whom_is_high_and_says_the_origin_is_unknown() {
    let a = alert("aws-opens-case.json");
    assert_eq!(a.severity, Severity::High);
    assert_eq!(a.clock.class, class::ORIGIN_UNKNOWN);
    assert!(
        !a.clock.reply_to_aws,
        "not known to be AWS's: a response, not a reply to AWS"
    );
    assert_eq!(a.respond_by, Some(at("2026-06-23T03:06:41Z")));
    assert_eq!(
        a.title,
        "Support case 178120556800417 opened; by whom is unknown"
    );
    assert_eq!(fact(&a, t::F_OPENED_BY), Some(t::V_OPENED_BY_UNKNOWN.en));
    assert!(
        a.notes.iter().any(|n| n == t::N_ORIGIN_UNKNOWN.en),
        "{:?}",
        a.notes
    );
    assert!(
        a.next_steps[0].contains("who opened case 178120556800417"),
        "{:?}",
        a.next_steps
    );
    assert!(
        a.reply_draft.is_none(),
        "no draft while AWS is not known to wait"
    );
}

#[test]
fn a_case_aws_opened_about_a_compromise_is_critical_with_awss_message_as_its_words() {
    let found = Ok(info("describe-cases-aws-opened-compromise.json"));
    let a = alert_with("aws-opens-case.json", api(&found));
    assert_eq!(a.severity, Severity::Critical);
    assert_eq!(a.clock.class, class::COMPROMISE);
    assert!(a.clock.reply_to_aws);
    assert_eq!(
        a.title,
        "AWS opened Support case 178120556800417: [CASE 178120556800417] [ACTION REQUIRED] Your AWS account 111122223333 may be compromised"
    );
    assert_eq!(
        fact(&a, t::F_OPENED_BY),
        Some("AWS (submitted by Amazon Web Services)")
    );
    assert_eq!(
        fact(&a, t::F_CRITICAL_BECAUSE),
        Some("the subject says [action required]")
    );
    assert_eq!(fact(&a, t::F_CASE_STATUS), Some("pending-customer-action"));
    assert_eq!(fact(&a, t::F_CASE_SEVERITY), Some("urgent"));
    assert_eq!(fact(&a, t::F_SERVICE), Some("customer-account / security"));
    assert_eq!(fact(&a, t::F_LATEST_FROM_AWS), Some("2026-06-22 03:07 UTC"));
    // AWS's message, shown under "What AWS says (AWS's original text)", cut
    // to its start with a note.
    let desc = a.description.as_deref().unwrap();
    assert!(desc.starts_with("Hello,\n\nYour AWS account 111122223333 may be compromised."));
    assert!(desc.chars().count() <= respondby_support_case::MAX_MESSAGE + 1);
    assert!(
        !a.notes.iter().any(|n| n.contains("origin")),
        "{:?}",
        a.notes
    );
    let d = a.reply_draft.as_ref().unwrap();
    assert!(d.first.contains("[ACTION REQUIRED]") && d.followup.contains("Root cause:"));
    assert!(a.next_steps.iter().any(|s| s.contains("every Region")));
    let body = render(&a, &RenderOptions::default(), a.occurred_at).to_string();
    assert!(
        body.contains("What AWS says (AWS's original text)"),
        "{body}"
    );
}

#[test]
fn a_case_the_account_opened_is_information_and_aws_answering_it_asks_for_a_reply() {
    let found = Ok(info("describe-cases-team-opened.json"));
    let opened = alert_with("team-opens-case.json", api(&found));
    assert_eq!(opened.severity, Severity::Info);
    assert_eq!(opened.clock.class, class::ACCOUNT_CASE);
    assert_eq!(opened.respond_by, None);
    assert_eq!(
        fact(&opened, t::F_OPENED_BY),
        Some("your account (ops@example.com)")
    );
    assert_eq!(
        opened.title,
        "Support case 178109931200291 opened by your account: Request: raise the EC2 On-Demand vCPU limit in eu-west-1"
    );
    assert!(opened.reply_draft.is_none());

    let answered = alert_with("aws-answers-team-case.json", api(&found));
    assert_eq!(answered.severity, Severity::High);
    assert_eq!(answered.clock.class, class::AWS_REPLY);
    assert_eq!(answered.respond_by, Some(at("2026-06-21T16:31:09Z")));
    // AWS's message, not the account's own.
    assert!(answered
        .description
        .as_deref()
        .unwrap()
        .contains("which instance types you plan to run"));
    assert!(answered.reply_draft.is_some());
    // Following up on the information alert, it says what changed.
    let mut case = tracked(&opened);
    let ch = case.follow_up(&answered, Lang::En, answered.occurred_at);
    assert!(
        ch.iter().any(|c| c.contains("Severity: INFO → HIGH")),
        "{ch:?}"
    );
}

#[test]
fn each_lookup_failure_posts_the_alert_from_the_event_and_says_why() {
    let cases = [
        (LookupError::NotSubscribed, "Business support or higher"),
        (
            LookupError::Denied("AccessDeniedException".into()),
            "may not call the AWS Support API (AccessDeniedException)",
        ),
        (LookupError::Timeout, "did not answer in time"),
        (LookupError::NotFound, "does not know this case"),
        (
            LookupError::Failed("dispatch failure: connection refused".into()),
            "connection refused",
        ),
    ];
    let alone = alert("aws-writes-to-case.json");
    for (e, says) in cases {
        let failed = Err(e.clone());
        let a = alert_with("aws-writes-to-case.json", api(&failed));
        assert_eq!(
            (a.severity, &a.clock, a.respond_by, &a.title),
            (alone.severity, &alone.clock, alone.respond_by, &alone.title),
            "{e:?}"
        );
        assert_eq!(a.notes.len(), 1, "{:?}", a.notes);
        assert!(
            a.notes[0].starts_with("Posted from the event alone") && a.notes[0].contains(says),
            "{e:?}: {}",
            a.notes[0]
        );
    }
}

#[test]
fn a_case_known_to_be_about_a_compromise_stays_critical_when_a_later_lookup_fails() {
    let found = Ok(info("describe-cases-aws-opened-compromise.json"));
    let first = alert_with("aws-writes-to-case.json", api(&found));
    assert_eq!(first.severity, Severity::Critical);
    let case = tracked(&first);
    let failed = Err(LookupError::Timeout);
    let again = alert_with(
        "aws-writes-again.json",
        Known {
            api: Some(&failed),
            tracked: Some(&case),
        },
    );
    assert_eq!(again.severity, Severity::Critical);
    assert_eq!(again.clock.class, class::COMPROMISE);
    // The subject an earlier lookup found is still shown.
    assert!(fact(&again, t::F_SUBJECT)
        .unwrap()
        .contains("[ACTION REQUIRED]"));
    // But AWS's earlier message is not shown as if it were the new one.
    assert_eq!(again.description, None);
}

#[test]
fn the_accounts_own_message_follows_up_on_the_case_and_never_pages() {
    // Nothing tracks the case (or no state table): nothing to follow up.
    let Outcome::Skip { reason } = outcome("skip-customer-replies.json", Known::default()) else {
        panic!("the account's own message must not post on its own")
    };
    assert!(reason.contains("never page"), "{reason}");
    // The case's alert is open: the same alert, with the message noted.
    let asked = alert("aws-writes-to-case.json");
    let mut case = tracked(&asked);
    let a = alert_with(
        "skip-customer-replies.json",
        Known {
            api: None,
            tracked: Some(&case),
        },
    );
    assert_eq!(
        (a.severity, &a.clock, &a.title, &a.case_key),
        (asked.severity, &asked.clock, &asked.title, &asked.case_key)
    );
    assert_ne!(a.dedup_key, asked.dedup_key);
    assert_eq!(
        fact(&a, t::F_LATEST_FROM_ACCOUNT),
        Some("2026-06-22 11:42 UTC")
    );
    let ch = case.follow_up(&a, Lang::En, a.occurred_at);
    assert!(ch.iter().all(|c| !c.contains("Severity")), "{ch:?}");
    assert!(
        ch.iter()
            .any(|c| c.contains("Latest message from your account") && c.contains("11:42")),
        "{ch:?}"
    );
    assert_eq!(case.respond_by, asked.respond_by, "the deadline stays");
    // Once the alert is resolved, the account's messages are not posted.
    case.apply(Action::Resolve, Mark::user("U0ONCALL", None, a.occurred_at))
        .unwrap();
    assert!(matches!(
        outcome(
            "skip-customer-replies.json",
            Known {
                api: None,
                tracked: Some(&case)
            }
        ),
        Outcome::Skip { .. }
    ));
}

#[test]
fn resolving_the_case_closes_its_alert_and_says_the_event_does_not_say_who() {
    let asked = alert("aws-writes-to-case.json");
    let mut case = tracked(&asked);
    let a = alert_with(
        "case-resolved.json",
        Known {
            api: None,
            tracked: Some(&case),
        },
    );
    assert_eq!(a.status, Status::Closed);
    assert_eq!((a.respond_by, a.fix_by), (None, None));
    assert_eq!(a.title, asked.title);
    assert!(a.reply_draft.is_none() && a.next_steps.is_empty());
    assert!(
        a.notes.iter().any(|n| n == t::N_RESOLVED.en),
        "{:?}",
        a.notes
    );
    case.follow_up(&a, Lang::En, a.occurred_at);
    assert!(!case.is_open());
    // With no alert of the case: a closed notice, no deadline.
    let alone = alert("case-resolved.json");
    assert_eq!(
        (alone.status, alone.severity, alone.respond_by),
        (Status::Closed, Severity::Info, None)
    );
    assert_eq!(alone.title, "Support case 178120556800417 resolved");
}

#[test]
fn a_reopened_case_is_a_new_episode_with_a_deadline_from_the_reopening() {
    let found = Ok(info("describe-cases-aws-opened-compromise.json"));
    let first = alert_with("aws-writes-to-case.json", api(&found));
    let mut case = tracked(&first);
    case.resolve_by_source(Status::Closed, at("2026-06-24T08:15:33Z"));
    let a = alert_with(
        "case-reopened.json",
        Known {
            api: None,
            tracked: Some(&case),
        },
    );
    assert_eq!(a.status, Status::Open);
    assert_eq!(a.severity, Severity::Critical, "still about a compromise");
    assert_eq!(a.clock.started, at("2026-06-25T02:00:07Z"));
    assert_eq!(a.respond_by, Some(at("2026-06-26T02:00:07Z")));
    assert!(
        a.notes.iter().any(|n| n == t::N_REOPENED.en),
        "{:?}",
        a.notes
    );
    assert!(a.title.starts_with("Support case 178120556800417 reopened"));
    // Nothing known: high, and who opened it is unknown.
    let alone = alert("case-reopened.json");
    assert_eq!(
        (alone.severity, alone.clock.class.as_str()),
        (Severity::High, class::ORIGIN_UNKNOWN)
    );
}

#[test]
fn a_message_whose_writer_the_event_does_not_name_is_treated_as_awss_and_says_so() {
    let a = alert("communication-without-origin.json");
    assert_eq!(a.severity, Severity::High);
    assert!(a.clock.reply_to_aws);
    assert!(
        a.notes.iter().any(|n| n.contains("does not say who wrote")),
        "{:?}",
        a.notes
    );
    assert_eq!(fact(&a, t::F_WRITTEN_BY), Some("not stated (origin \"\")"));
}

#[test]
fn an_event_aws_has_not_documented_is_shown_for_information() {
    let a = alert("unknown-event-name.json");
    assert_eq!((a.severity, a.respond_by), (Severity::Info, None));
    assert_eq!(a.title, "Support case 178120556800417: EscalateCase");
    assert!(
        a.notes.iter().any(|n| n.contains("EscalateCase")),
        "{:?}",
        a.notes
    );
}

#[test]
fn an_unreadable_event_time_falls_back_to_when_it_was_received_and_says_so() {
    let policy = DeadlinePolicy::default();
    let mut ctx = Ctx::new(&policy);
    ctx.received = Utc.with_ymd_and_hms(2026, 6, 22, 3, 8, 0).unwrap();
    let Outcome::Notify(a) = normalise(&load("odd-time-falls-back.json"), &ctx).unwrap() else {
        panic!()
    };
    assert_eq!(a.clock.started, ctx.received);
    assert_eq!(a.respond_by, Some(ctx.received + Duration::hours(24)));
    assert!(a.notes.iter().any(|n| n.contains("XXXX")), "{:?}", a.notes);
}

#[test]
fn a_missing_or_mistyped_field_is_an_error_naming_it() {
    let ctx_policy = DeadlinePolicy::default();
    for (name, field) in [
        ("error-missing-case-id.json", "detail.case-id"),
        ("error-event-name-not-text.json", "detail.event-name"),
    ] {
        let err = normalise(&load(name), &Ctx::new(&ctx_policy)).unwrap_err();
        assert!(err.to_string().contains(field), "{name}: {err}");
        assert!(
            err.to_string().starts_with("malformed support event"),
            "{err}"
        );
    }
}

#[test]
fn a_retried_delivery_has_the_same_dedup_key_and_each_message_its_own() {
    let a = alert("aws-writes-to-case.json");
    assert_eq!(a.dedup_key, alert("aws-writes-to-case.json").dedup_key);
    let b = alert("aws-writes-again.json");
    assert_ne!(a.dedup_key, b.dedup_key);
    assert_eq!(a.case_key, b.case_key);
    // Resolved, reopened: each its own.
    assert_ne!(
        alert("case-resolved.json").dedup_key,
        alert("case-reopened.json").dedup_key
    );
}

#[test]
fn hostile_ids_and_api_text_stay_text() {
    let hostile = Ok(info("describe-cases-hostile.json"));
    for known in [Known::default(), api(&hostile)] {
        let a = alert_with("hostile-ids.json", known);
        // The link keeps its structure: the id is percent-encoded.
        assert!(a.links[0].url.starts_with(
            "https://support.console.aws.amazon.com/support/home#/case/?displayId=1781205568%3C%40U0ADMIN%3E"
        ));
        assert!(!a.links[0].url.contains(['<', '>', '\n', ' ', '|']));
        // Titles and steps are one line each.
        assert!(!a.title.contains('\n') && !a.title.contains('\u{202e}'));
        for s in &a.next_steps {
            assert!(!s.contains('\n') && !s.contains('\u{202e}'), "{s:?}");
        }
        let body = render(&a, &RenderOptions::default(), a.occurred_at);
        check_limits(&body).unwrap();
        for (kind, text) in texts(&body) {
            if kind != "plain_text" {
                assert!(!has_control_sequence(&text), "{kind}: {text}");
            }
        }
        let draft = a.reply_draft.as_ref().unwrap();
        for d in [&draft.first, &draft.followup] {
            assert!(d.is_ascii() && !d.contains('`') && !d.contains("<!"), "{d}");
        }
    }
    // AWS's message is there, as literal text.
    let a = alert_with("hostile-ids.json", api(&hostile));
    let body = render(&a, &RenderOptions::default(), a.occurred_at);
    assert!(texts(&body)
        .iter()
        .any(|(kind, t)| kind == "plain_text" && t.contains("<!channel> please")));
    assert_eq!(
        a.severity,
        Severity::Critical,
        "the subject says compromised"
    );
}

/// Every fixture, in both languages: the same alert (keys, deadlines,
/// severity, the English draft), no English of ours in the Japanese
/// message, within Slack's limits.
#[test]
fn every_support_event_renders_in_japanese_with_the_same_deadline() {
    let policy = DeadlinePolicy::default();
    let found = Ok(info("describe-cases-aws-opened-compromise.json"));
    let failed = Err(LookupError::NotSubscribed);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/support");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("error-") {
            continue;
        }
        let env = load(&name);
        for known in [Known::default(), api(&found), api(&failed)] {
            let (en, ja) = (
                describe(&env, &ctx_in(&policy, Lang::En), known).unwrap(),
                describe(&env, &ctx_in(&policy, Lang::Ja), known).unwrap(),
            );
            let (a_en, a_ja) = match (en, ja) {
                (Outcome::Notify(e), Outcome::Notify(j)) => (e, j),
                (Outcome::Skip { .. }, Outcome::Skip { .. }) => {
                    assert!(name.starts_with("skip-"), "{name} skipped");
                    continue;
                }
                _ => panic!("{name}: notified in one language and skipped in the other"),
            };
            assert!(!name.starts_with("skip-"), "{name} was not skipped");
            assert_eq!(
                (
                    &a_en.dedup_key,
                    &a_en.case_key,
                    a_en.respond_by,
                    a_en.severity,
                    &a_en.clock
                ),
                (
                    &a_ja.dedup_key,
                    &a_ja.case_key,
                    a_ja.respond_by,
                    a_ja.severity,
                    &a_ja.clock
                ),
                "{name}"
            );
            assert_eq!(
                a_en.reply_draft.as_ref().map(|d| (&d.first, &d.followup)),
                a_ja.reply_draft.as_ref().map(|d| (&d.first, &d.followup)),
                "{name}: the reply to AWS is English in both"
            );
            let opts = RenderOptions {
                lang: Lang::Ja,
                ..RenderOptions::default()
            };
            let body = render(&a_ja, &opts, a_ja.occurred_at);
            check_limits(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut ours = (*a_ja).clone();
            ours.description = None;
            if let Some(d) = ours.reply_draft.as_mut() {
                d.first.clear();
                d.followup.clear();
            }
            // The case's own text and the event's ids (English here, and
            // hostile in hostile-ids.json) are not ours.
            for f in &mut ours.facts {
                if [t::F_SUBJECT, t::F_CASE, t::F_CASE_ID, t::F_COMMUNICATION_ID]
                    .iter()
                    .any(|l| f.label == l.ja)
                {
                    f.value.clear();
                }
            }
            ours.dedup_key = "-".into();
            ours.title.clear();
            let text = texts(&render(&ours, &opts, ours.occurred_at))
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n");
            let left = english_in(&text, &[t::ALL, ui::ALL]);
            assert!(left.is_empty(), "{name}: {left:#?}\n{text}");
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} renderings checked");
}

/// AWS's own examples (AWS Support User Guide): each is an alert.
#[test]
fn awss_published_samples_are_alerts() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/support");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        // The shared samples live beside the project in CI (.ci/conformance.sh
        // checks them too); say so rather than pass silently.
        panic!("{} is missing", dir.display());
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let (env, source) = event::parse(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(source, Source::Support);
        let Outcome::Notify(a) = normalise(&env, &Ctx::new(&DeadlinePolicy::default())).unwrap()
        else {
            panic!("{} skipped", path.display())
        };
        // Neither says who opened (or reopened) the case.
        assert_eq!(a.severity, Severity::High, "{}", path.display());
        assert_eq!(a.clock.class, class::ORIGIN_UNKNOWN);
        assert!(a.respond_by.unwrap() > a.clock.started);
        n += 1;
    }
    assert!(n >= 2, "{n}");
}

#[test]
fn what_changed_between_two_aws_messages_is_the_message_not_the_alert() {
    let found = Ok(info("describe-cases-aws-opened-compromise.json"));
    let first = alert_with("aws-writes-to-case.json", api(&found));
    let mut case = tracked(&first);
    let again = alert_with(
        "aws-writes-again.json",
        Known {
            api: Some(&found),
            tracked: Some(&case),
        },
    );
    let ch = changes(&case.alert, &again, Lang::En);
    assert!(
        ch.iter().any(|c| c.starts_with("Communication id")),
        "{ch:?}"
    );
    assert!(ch.iter().all(|c| !c.starts_with("Severity")), "{ch:?}");
    case.follow_up(&again, Lang::En, again.occurred_at);
    assert_eq!(case.respond_by, first.respond_by);
}
