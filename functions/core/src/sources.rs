//! The one registration point: every source Respond By listens to, with
//! what core needs to know of it. Core knows a source by name here and
//! nowhere else; adding a source is one entry in [`SOURCES`] (and its own
//! package above core).
//!
//! A [`Source`] is a registered id. Its entry gives its names in both
//! languages, the EventBridge events that route to its function, whether
//! its repeats are folded (flood control), and its deadline-policy classes
//! (README's table of defaults lists them in this order).

use crate::clock::{Class, Default};
use crate::i18n::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Which registered source an alert came from (see [`SOURCES`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source(&'static str);

// The sources' names read as the variants of the enum they were, so a
// source's code says `Source::GuardDuty`.
#[allow(non_upper_case_globals)]
impl Source {
    pub const Health: Source = Source("health");
    pub const GuardDuty: Source = Source("guardduty");
    pub const Ses: Source = Source("ses");
    pub const EnvFile: Source = Source("env-file");
    pub const CostAnomaly: Source = Source("cost-anomaly");
    pub const Support: Source = Source("support");
    pub const PublicExposure: Source = Source("public-exposure");
    pub const Heartbeat: Source = Source("heartbeat");
}

/// EventBridge events (a `source` and its `detail-type`s) that a function
/// handles, or skips on purpose with a reason.
#[derive(Debug)]
pub struct Route {
    pub source: &'static str,
    pub detail_types: &'static [&'static str],
}

/// What core knows of one source.
#[derive(Debug)]
pub struct SourceSpec {
    pub source: Source,
    /// What a person calls it.
    pub label: crate::i18n::T,
    /// The label of an alert's `occurred_at`.
    pub first_reported: crate::i18n::T,
    /// The events its function handles.
    pub routes: &'static [Route],
    /// Repeats of the same source, kind and principal/resource inside the
    /// flood window are counted, not posted. Off for sources whose every
    /// event is a case of its own (an abuse report, an alarm's change).
    pub folds: bool,
    /// Its deadline-policy classes.
    pub classes: &'static [Class],
}

pub mod texts {
    crate::texts! {
        SRC_HEALTH: "AWS Health" => "AWS Health";
        SRC_GUARDDUTY: "GuardDuty" => "GuardDuty";
        SRC_SES: "SES reputation" => "SESの送信評価";
        SRC_ENV: ".env file read" => ".envファイルの読み取り";
        F_FIRST_REPORTED: "First reported" => "最初の報告";
        F_FIRST_SEEN_GUARDDUTY: "First seen by GuardDuty" => "GuardDutyが最初に検知";
        F_ALARM_CHANGED: "Alarm changed" => "アラームの変化";
        F_READ_AT: "Read at" => "読み取り日時";
        SRC_COST: "Cost anomaly" => "コストの異常";
        F_ANOMALY_STARTED: "Anomaly started" => "異常の開始";
        SRC_SUPPORT: "AWS Support case" => "AWSサポートケース";
        F_CASE_EVENT_AT: "Case event at" => "ケースのイベント日時";
        SRC_EXPOSURE: "Snapshot or AMI made public" => "スナップショット・AMIの公開";
        F_CHANGED_AT: "Changed at" => "変更日時";
        SRC_HEARTBEAT: "Spoke heartbeat" => "スポークのハートビート";
        F_LAST_HEARD: "Last heard" => "最後の受信";
    }
}

/// Every source, in the order of README's tables.
pub const SOURCES: &[SourceSpec] = &[
    SourceSpec {
        source: Source::Health,
        label: texts::SRC_HEALTH,
        first_reported: texts::F_FIRST_REPORTED,
        routes: &[Route {
            source: "aws.health",
            detail_types: &["AWS Health Event", "AWS Health Abuse Event"],
        }],
        folds: false,
        classes: &[
        Class {
            key: "abuse",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "AWS Trust & Safety asks for a first reply in English within 24 hours; without one, AWS warns again (after about 48 hours) and may restrict the resources, then the account",
            fix_from_event: None,
        },
        Class {
            key: "risk",
            first: Default::DeadlineHours,
            fix: Default::Hours(24),
            why: "an exposed or compromised key must be rotated now; AWS opens a Support case to answer. Both 24 h: our default",
            fix_from_event: None,
        },
        Class {
            key: "ses",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "SES review or sending pause: reply 24 h (our default); fix within the review period the event names (e.g. 14 days), when it names one",
            fix_from_event: Some("the review period the event states, if any"),
        },
        Class {
            key: "health",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default for other open AWS Health issues; a scheduled change is due before it starts",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::GuardDuty,
        label: texts::SRC_GUARDDUTY,
        first_reported: texts::F_FIRST_SEEN_GUARDDUTY,
        routes: &[Route {
            source: "aws.guardduty",
            detail_types: &["GuardDuty Finding"],
        }],
        folds: true,
        classes: &[
        Class {
            key: "guardduty.critical",
            first: Default::Hours(4),
            fix: Default::None,
            why: "our default: GuardDuty Critical (9.0-10.0) means an ongoing compromise",
            fix_from_event: None,
        },
        Class {
            key: "guardduty.high",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: GuardDuty High (7.0-8.9)",
            fix_from_event: None,
        },
        Class {
            key: "guardduty.medium",
            first: Default::Hours(72),
            fix: Default::None,
            why: "our default: GuardDuty Medium (4.0-6.9)",
            fix_from_event: None,
        },
        Class {
            key: "guardduty.low",
            first: Default::None,
            fix: Default::None,
            why: "our default: GuardDuty Low (1.0-3.9) usually needs no action",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::Ses,
        label: texts::SRC_SES,
        first_reported: texts::F_ALARM_CHANGED,
        routes: &[Route {
            source: "aws.cloudwatch",
            detail_types: &[
                "CloudWatch Alarm State Change",
                "CloudWatch Alarm Configuration Change",
            ],
        }],
        folds: false,
        classes: &[
        Class {
            key: "ses.alarm",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: act within a day while the bounce or complaint rate alarm is in ALARM",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::EnvFile,
        label: texts::SRC_ENV,
        first_reported: texts::F_READ_AT,
        routes: &[Route {
            source: "aws.s3",
            detail_types: &["AWS API Call via CloudTrail"],
        }],
        folds: true,
        classes: &[
        Class {
            key: "env.critical",
            first: Default::Hours(4),
            fix: Default::None,
            why: "our default: a .env file read anonymously or from another account; rotate its secrets now",
            fix_from_event: None,
        },
        Class {
            key: "env.high",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: a .env file read by a principal of this account",
            fix_from_event: None,
        },
        Class {
            key: "env.medium",
            first: Default::Hours(72),
            fix: Default::None,
            why: "our default: a denied read of a .env file",
            fix_from_event: None,
        },
        Class {
            key: "env.low",
            first: Default::None,
            fix: Default::None,
            why: "our default: probes for .env files that do not exist, reads by trusted principals",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::CostAnomaly,
        label: texts::SRC_COST,
        first_reported: texts::F_ANOMALY_STARTED,
        routes: &[Route {
            source: "aws.ce",
            detail_types: &["Anomaly Detected"],
        }],
        // Every anomaly is a case of its own; AWS re-evaluating one (same
        // anomalyId) is a follow-up of that case, not a fold.
        folds: false,
        classes: &[
        Class {
            key: "cost.critical",
            first: Default::Hours(4),
            fix: Default::None,
            why: "our default: a cost anomaly of $1,000 or more (CostAnomalyThresholds); an account taken over for mining adds thousands of dollars a day, so find out within hours",
            fix_from_event: None,
        },
        Class {
            key: "cost.high",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: a cost anomaly of $100 or more (CostAnomalyThresholds); find out within a day whether your team started it",
            fix_from_event: None,
        },
        Class {
            key: "cost.medium",
            first: Default::Hours(72),
            fix: Default::None,
            why: "our default: a smaller cost anomaly; AWS re-evaluates it about three times a day, and one that grows comes back at a higher severity",
            fix_from_event: None,
        },
        Class {
            key: "cost.low",
            first: Default::None,
            fix: Default::None,
            why: "our default: below the medium level of CostAnomalyThresholds (none unless set); posted for information",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::Support,
        label: texts::SRC_SUPPORT,
        first_reported: texts::F_CASE_EVENT_AT,
        routes: &[Route {
            source: "aws.support",
            detail_types: &["Support Case Update"],
        }],
        // Every event is about one case; its updates follow up on it.
        folds: false,
        classes: &[
        Class {
            key: "support.compromise",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "AWS opened or wrote in a Support case about a compromise of the account (its subject says so: [ACTION REQUIRED], compromised, unauthorized, exposed); AWS waits for the account's answer there. 24 h: our default, as for RISK",
            fix_from_event: None,
        },
        Class {
            key: "support.aws_reply",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "AWS wrote in a Support case, or opened one, and waits for the account's answer; AWS publishes no reply time for cases. 24 h: our default",
            fix_from_event: None,
        },
        Class {
            key: "support.origin_unknown",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "a Support case was opened and nothing says by whom (the event does not; the Support API needs Business support or higher): if nobody in the team opened it, AWS did. 24 h: our default",
            fix_from_event: None,
        },
        Class {
            key: "support.account_case",
            first: Default::None,
            fix: Default::None,
            why: "a case the account opened itself (the Support API says who): for information; Respond By pages when AWS writes in it",
            fix_from_event: None,
        },
        ],
    },
    SourceSpec {
        source: Source::PublicExposure,
        label: texts::SRC_EXPOSURE,
        first_reported: texts::F_CHANGED_AT,
        // CloudTrail management events (a trail must log them): snapshot,
        // AMI and DB snapshot permissions, and the account-level blocks.
        routes: &[
            Route {
                source: "aws.ec2",
                detail_types: &["AWS API Call via CloudTrail"],
            },
            Route {
                source: "aws.rds",
                detail_types: &["AWS API Call via CloudTrail"],
            },
        ],
        folds: true,
        classes: &[
        Class {
            key: "exposure.public",
            first: Default::Hours(1),
            fix: Default::None,
            why: "our default: a snapshot, AMI or DB snapshot public to everyone can be copied by anyone while it stays public, and nothing in the owner's account records who did; making it private takes a minute",
            fix_from_event: None,
        },
        Class {
            key: "exposure.account",
            first: Default::Hours(4),
            fix: Default::None,
            why: "our default: shared with an account that is neither trusted nor known to be in the organisation, which can copy it now",
            fix_from_event: None,
        },
        Class {
            key: "exposure.guard",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: block public access for EBS snapshots or AMIs was switched off: anyone with the permission can make one public again, and EBS snapshots that block-all-sharing kept private are public again at once",
            fix_from_event: None,
        },
        Class {
            key: "exposure.refused",
            first: Default::None,
            fix: Default::None,
            why: "our default: AWS refused the attempt (an error, a dry run): nothing was exposed",
            fix_from_event: None,
        },
        ],
    },
    // The hub's own: a spoke (an account's Region) that stopped forwarding,
    // or never started. Its function records heartbeats and posts only
    // silences and recoveries.
    SourceSpec {
        source: Source::Heartbeat,
        label: texts::SRC_HEARTBEAT,
        first_reported: texts::F_LAST_HEARD,
        routes: &[Route {
            source: "respondby.heartbeat",
            detail_types: &["Respond By Heartbeat"],
        }],
        folds: false,
        classes: &[
        Class {
            key: "heartbeat",
            first: Default::DeadlineHours,
            fix: Default::None,
            why: "our default: a silent spoke hides every alert of its account and Region until it forwards again",
            fix_from_event: None,
        },
        ],
    },
];

impl Source {
    /// Its entry in [`SOURCES`].
    pub fn spec(self) -> &'static SourceSpec {
        SOURCES
            .iter()
            .find(|s| s.source == self)
            .expect("every Source is made from a registered id")
    }

    /// The registered source with this id (`health`, `env-file`, …).
    pub fn from_id(id: &str) -> Option<Source> {
        SOURCES.iter().map(|s| s.source).find(|s| s.0 == id)
    }

    /// Every registered source.
    pub fn all() -> impl Iterator<Item = Source> {
        SOURCES.iter().map(|s| s.source)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The label of an alert's `occurred_at` for this source.
    pub fn first_reported_label(self, lang: Lang) -> &'static str {
        self.spec().first_reported.get(lang)
    }

    /// What a person calls it.
    pub fn label(self, lang: Lang) -> &'static str {
        self.spec().label.get(lang)
    }

    /// Whether its repeats take part in flood control.
    pub fn folds(self) -> bool {
        self.spec().folds
    }
}

/// The source whose function handles this EventBridge event.
pub fn route(source: &str, detail_type: &str) -> Option<Source> {
    SOURCES
        .iter()
        .find(|s| {
            s.routes
                .iter()
                .any(|r| r.source == source && r.detail_types.contains(&detail_type))
        })
        .map(|s| s.source)
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Source({})", self.0)
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Source, D::Error> {
        let id = String::deserialize(d)?;
        Source::from_id(&id).ok_or_else(|| {
            let known: Vec<&str> = Source::all().map(Source::as_str).collect();
            serde::de::Error::custom(format!(
                "unknown source {id:?} (known: {})",
                known.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_is_registered_once_with_its_own_routes_and_classes() {
        let ids: Vec<&str> = Source::all().map(Source::as_str).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
        let mut routes = Vec::new();
        let mut classes = Vec::new();
        for s in SOURCES {
            assert!(!s.routes.is_empty(), "{} has no route", s.source);
            for r in s.routes {
                for dt in r.detail_types {
                    assert!(
                        !routes.contains(&(r.source, *dt)),
                        "{} / {dt} is routed twice",
                        r.source
                    );
                    routes.push((r.source, *dt));
                    assert_eq!(route(r.source, dt), Some(s.source));
                }
            }
            for c in s.classes {
                assert!(!classes.contains(&c.key), "class {} twice", c.key);
                classes.push(c.key);
            }
        }
    }

    #[test]
    fn a_source_serialises_as_its_id_and_an_unknown_id_is_refused_by_name() {
        for s in Source::all() {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<Source>(&json).unwrap(), s);
        }
        let err = serde_json::from_str::<Source>("\"pagerduty\"").unwrap_err();
        assert!(err.to_string().contains("pagerduty"), "{err}");
    }

    #[test]
    fn the_registry_texts_are_complete_in_both_languages() {
        let problems = crate::i18n::check(texts::ALL);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
