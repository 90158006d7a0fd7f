//! A case's clock, and the shape of the policy classes that set it: what a
//! source knows about by when a case is due. The deadline policy
//! ([`crate::deadline`]) turns a clock into deadlines; the registry
//! ([`crate::sources`]) lists each source's classes. Pure data: this module
//! imports neither.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What a source knows about a case's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseClock {
    /// The policy class (a key of [`crate::deadline::classes`]): `abuse`, `guardduty.high`, …
    pub class: String,
    /// When AWS told this account: the deadlines count from here.
    pub started: DateTime<Utc>,
    /// The first response must come before this (a scheduled change's start).
    pub due_before: Option<DateTime<Utc>>,
    /// A fix period AWS stated in the event itself (an SES review's "14 days").
    #[serde(default, with = "opt_secs")]
    pub aws_fix_period: Option<Duration>,
    /// The first response is a reply to AWS (Health ABUSE, RISK and SES
    /// cases): "Reply to AWS by", and answering means replying to AWS.
    pub reply_to_aws: bool,
}

impl CaseClock {
    pub fn new(class: impl Into<String>, started: DateTime<Utc>) -> CaseClock {
        CaseClock {
            class: class.into(),
            started,
            due_before: None,
            aws_fix_period: None,
            reply_to_aws: false,
        }
    }
}

mod opt_secs {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        d.map(|d| d.num_seconds()).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?.map(Duration::seconds))
    }
}

/// A default in the policy table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// This many hours.
    Hours(i64),
    /// `DEADLINE_HOURS` (24 unless ops changed it).
    DeadlineHours,
    /// No deadline.
    None,
}

/// One kind of case: its key, its defaults and where they come from.
#[derive(Debug, Clone, Copy)]
pub struct Class {
    pub key: &'static str,
    pub first: Default,
    pub fix: Default,
    /// Where the numbers come from (shown in README's table).
    pub why: &'static str,
    /// The source's events may state a fix period of their own (an SES
    /// review's "14 days"): how README's table names it. The policy's fix-by
    /// can then only bring AWS's period forward.
    pub fix_from_event: Option<&'static str>,
}
