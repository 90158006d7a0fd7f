//! Where Respond By keeps state: dedup claims, flood-control groups and
//! tracked cases, in one DynamoDB table (or in memory for tests and the CLI).
//!
//! Table: partition key `pk` (string), TTL attribute `expires_at`, and a
//! sparse global secondary index `due-index` (partition `due_shard`, sort
//! `due_at`, projection ALL) on which the scheduled function finds what is
//! due with a Query, never a Scan. Items:
//!
//! - `dedup#<key>`: one event's claim: `st` claimed / posted / folded, the
//!   claimant's `token` and `lease_until`. Claimed with a conditional put
//!   before posting, so two deliveries of one event post once; released if
//!   the post fails, so the retry posts.
//! - `group#<key>`: a flood window: `window_until`, `max_rank`, the running
//!   totals `folded` and `reported` (pending = folded − reported, never
//!   negative: `reported` only moves by compare-and-set to a value of
//!   `folded` seen atomically), `members` (what was folded, with counts),
//!   the `anchor` message, and `due_at` once folds wait to be reported.
//! - `case#<key>`: a tracked case ([`crate::tracked::Tracked`]) with
//!   `version` for optimistic concurrency, and `due_at` for its next reminder.
//!
//! Every operation is one round trip.

use crate::tracked::{MessageRef, Phase, Tracked};
use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::Mutex;

/// The name of the due index, and its one partition.
pub const DUE_INDEX: &str = "due-index";
/// The index lists read: the due index's keys, each case's `listed` copy
/// and version only (projection INCLUDE).
pub const LISTING_INDEX: &str = "listing-index";
pub const DUE_SHARD: &str = "due";

/// A store failure (logged by callers; an alert still goes out).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("state store: {0}")]
pub struct StoreError(pub String);

impl StoreError {
    /// The table refused this one item for good (too large, or a value it
    /// does not take): writing it again fails again, while other items are
    /// fine. (Errors read `Code: message`.)
    pub fn refuses_the_item(&self) -> bool {
        [
            "ValidationException",
            "ItemCollectionSizeLimitExceededException",
        ]
        .iter()
        .any(|code| {
            self.0
                .strip_prefix(code)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    }
}

/// What [`StateStore::claim`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Ours: go ahead and post.
    Claimed,
    /// Already posted (or folded) by an earlier delivery.
    Done,
    /// Another invocation holds a live claim on it right now.
    Busy,
}

/// How a claimed event ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Posted,
    Folded,
}

impl Settled {
    fn as_str(self) -> &'static str {
        match self {
            Settled::Posted => "posted",
            Settled::Folded => "folded",
        }
    }
}

/// What [`StateStore::fold`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fold {
    /// A window is open: the repeat was counted; `pending` repeats (this one
    /// included) are now waiting to be reported; the window belongs to
    /// `anchor`'s message.
    Counted {
        pending: u64,
        reported: u64,
        anchor: Option<Anchor>,
    },
    /// No window (or a more severe repeat): nothing counted; `pending`
    /// folded repeats of an earlier window are still to be reported, of
    /// which `reported` is the running total already reported.
    NoWindow { pending: u64, reported: u64 },
}

/// Folded repeats taken over by a message that reports them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Consumed {
    pub count: u64,
    /// What was folded, with counts (largest first when shown).
    pub members: BTreeMap<String, u64>,
}

/// The message a flood window belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub case_key: String,
    pub title: String,
    #[serde(default)]
    pub message: Option<MessageRef>,
    /// Where the window's first message went (`CHANNEL_ROUTES`): its
    /// summaries go there too.
    #[serde(default)]
    pub route: Option<String>,
}

/// A flood group as the sweep sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupState {
    pub group: String,
    pub window_until: i64,
    pub folded: u64,
    pub reported: u64,
    pub anchor: Option<Anchor>,
}

impl GroupState {
    pub fn pending(&self) -> u64 {
        self.folded.saturating_sub(self.reported)
    }
}

/// Something the due index says needs attention.
#[derive(Debug, Clone, PartialEq)]
pub enum Due {
    Case(Box<Tracked>),
    Group(GroupState),
}

/// One page of the due index.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DuePage {
    pub items: Vec<Due>,
    /// Set when there are more pages.
    pub next: Option<String>,
}

pub trait StateStore: Send + Sync {
    /// Claims an event before posting it: succeeds if nobody has, or an
    /// earlier claim's lease ran out (its invocation died).
    fn claim(
        &self,
        key: &str,
        token: &str,
        now: i64,
        lease_until: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send;
    /// Marks our claim posted or folded (kept until `expires_at`).
    fn settle(
        &self,
        key: &str,
        token: &str,
        how: Settled,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Gives up our claim (the post failed: the retry must post).
    fn release(
        &self,
        key: &str,
        token: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Counts a repeat into the group's open window (opened at a severity
    /// rank ≥ `rank`), noting `member`; else says what is pending.
    fn fold(
        &self,
        group: &str,
        now: i64,
        rank: u8,
        member: Option<&str>,
    ) -> impl Future<Output = Result<Fold, StoreError>> + Send;
    /// Takes over every pending repeat, if `reported` is still what the
    /// caller saw (else another message took them: `None`).
    fn consume(
        &self,
        group: &str,
        seen_reported: u64,
    ) -> impl Future<Output = Result<Option<Consumed>, StoreError>> + Send;
    /// Gives consumed repeats back (the message carrying them failed).
    fn unconsume(
        &self,
        group: &str,
        consumed: &Consumed,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// After a post: the group's window runs until `until` at `rank`.
    fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        anchor: &Anchor,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Ends the group's window now (a recovery).
    fn close_window(
        &self,
        group: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Takes the group off the due index if nothing more was folded since
    /// `folded_seen`.
    fn clear_group_due(
        &self,
        group: &str,
        folded_seen: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// A tracked case.
    fn load_case(
        &self,
        key: &str,
    ) -> impl Future<Output = Result<Option<Tracked>, StoreError>> + Send;
    /// Writes a case if its stored version is still `expected`; the written
    /// record has `version` = expected + 1. `None`: a new case, or a new
    /// episode of a resolved one; the case must not exist, or be resolved,
    /// and the new episode goes on from its version (resolved at 3: the new
    /// episode is 4), so a slow writer still holding a version of the old
    /// episode can never match the new one. `Ok(false)`: someone else wrote
    /// first (or the case is open); reload and try again.
    fn put_case(
        &self,
        case: &Tracked,
        expected: Option<u64>,
        expires_at: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// What is due at `now` (cases whose next reminder is due, groups whose
    /// folds wait to be reported), one page at a time, oldest first.
    fn due(
        &self,
        now: i64,
        page: Option<&str>,
    ) -> impl Future<Output = Result<DuePage, StoreError>> + Send;

    /// Every case on the due index, due or not, one page at a time, as
    /// lists show them ([`Tracked::listing_copy`]: a store may read only
    /// that much). By default, [`StateStore::due`] at the end of time.
    fn listing_page(
        &self,
        page: Option<&str>,
    ) -> impl Future<Output = Result<DuePage, StoreError>> + Send {
        self.due(LISTING_ALL, page)
    }
}

/// A `now` after every deadline: everything on the due index.
pub const LISTING_ALL: i64 = i64::MAX / 4;

/// The version a [`StateStore::put_case`] with `expected` writes over a
/// record at `stored` (none: no record).
pub fn next_version(expected: Option<u64>, stored: Option<u64>) -> u64 {
    expected.or(stored).map_or(1, |v| v + 1)
}

// ---------------------------------------------------------------------------
// No store

/// No store: every alert is posted, nothing is tracked (no table configured).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStore;

impl StateStore for NoStore {
    async fn claim(&self, _: &str, _: &str, _: i64, _: i64, _: i64) -> Result<Claim, StoreError> {
        Ok(Claim::Claimed)
    }
    async fn settle(&self, _: &str, _: &str, _: Settled, _: i64) -> Result<(), StoreError> {
        Ok(())
    }
    async fn release(&self, _: &str, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
    async fn fold(&self, _: &str, _: i64, _: u8, _: Option<&str>) -> Result<Fold, StoreError> {
        Ok(Fold::NoWindow {
            pending: 0,
            reported: 0,
        })
    }
    async fn consume(&self, _: &str, _: u64) -> Result<Option<Consumed>, StoreError> {
        Ok(None)
    }
    async fn unconsume(&self, _: &str, _: &Consumed) -> Result<(), StoreError> {
        Ok(())
    }
    async fn opened(&self, _: &str, _: i64, _: u8, _: &Anchor, _: i64) -> Result<(), StoreError> {
        Ok(())
    }
    async fn close_window(&self, _: &str, _: i64) -> Result<(), StoreError> {
        Ok(())
    }
    async fn clear_group_due(&self, _: &str, _: u64) -> Result<(), StoreError> {
        Ok(())
    }
    async fn load_case(&self, _: &str) -> Result<Option<Tracked>, StoreError> {
        Ok(None)
    }
    async fn put_case(&self, _: &Tracked, _: Option<u64>, _: i64) -> Result<bool, StoreError> {
        Ok(true)
    }
    async fn due(&self, _: i64, _: Option<&str>) -> Result<DuePage, StoreError> {
        Ok(DuePage::default())
    }
}

// ---------------------------------------------------------------------------
// In memory

#[derive(Debug, Clone)]
struct DedupItem {
    st: String,
    token: String,
    lease_until: i64,
}

#[derive(Debug, Clone, Default)]
struct GroupItem {
    window_until: i64,
    rank: u8,
    folded: u64,
    reported: u64,
    members: BTreeMap<String, u64>,
    anchor: Option<Anchor>,
    due_at: Option<i64>,
    open: bool,
}

/// In-process store with the same semantics as the table: for tests,
/// simulated days and `respondby replay`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    dedup: Mutex<HashMap<String, DedupItem>>,
    groups: Mutex<HashMap<String, GroupItem>>,
    cases: Mutex<HashMap<String, Tracked>>,
}

impl MemoryStore {
    /// Every tracked case (tests).
    pub fn cases(&self) -> Vec<Tracked> {
        self.cases
            .lock()
            .expect("not poisoned")
            .values()
            .cloned()
            .collect()
    }
}

impl StateStore for MemoryStore {
    async fn claim(
        &self,
        key: &str,
        token: &str,
        now: i64,
        lease_until: i64,
        _expires_at: i64,
    ) -> Result<Claim, StoreError> {
        let mut m = self.dedup.lock().expect("not poisoned");
        match m.get(key) {
            Some(d) if d.st != "claimed" => Ok(Claim::Done),
            Some(d) if d.lease_until >= now => Ok(Claim::Busy),
            _ => {
                m.insert(
                    key.to_owned(),
                    DedupItem {
                        st: "claimed".into(),
                        token: token.to_owned(),
                        lease_until,
                    },
                );
                Ok(Claim::Claimed)
            }
        }
    }

    async fn settle(&self, key: &str, token: &str, how: Settled, _: i64) -> Result<(), StoreError> {
        let mut m = self.dedup.lock().expect("not poisoned");
        match m.get_mut(key) {
            Some(d) if d.token == token => {
                d.st = how.as_str().to_owned();
                Ok(())
            }
            _ => Err(StoreError("claim lost before settling".into())),
        }
    }

    async fn release(&self, key: &str, token: &str) -> Result<(), StoreError> {
        let mut m = self.dedup.lock().expect("not poisoned");
        if m.get(key).is_some_and(|d| d.token == token) {
            m.remove(key);
        }
        Ok(())
    }

    async fn fold(
        &self,
        group: &str,
        now: i64,
        rank: u8,
        member: Option<&str>,
    ) -> Result<Fold, StoreError> {
        let mut m = self.groups.lock().expect("not poisoned");
        match m.get_mut(group) {
            Some(g) if g.open && g.window_until > now && g.rank >= rank => {
                g.folded += 1;
                if let Some(mem) = member {
                    *g.members.entry(mem.to_owned()).or_default() += 1;
                }
                g.due_at = Some(g.window_until);
                Ok(Fold::Counted {
                    pending: g.folded - g.reported,
                    reported: g.reported,
                    anchor: g.anchor.clone(),
                })
            }
            g => Ok(Fold::NoWindow {
                pending: g.as_ref().map_or(0, |g| g.folded - g.reported),
                reported: g.map_or(0, |g| g.reported),
            }),
        }
    }

    async fn consume(&self, group: &str, seen: u64) -> Result<Option<Consumed>, StoreError> {
        let mut m = self.groups.lock().expect("not poisoned");
        match m.get_mut(group) {
            Some(g) if g.reported == seen => {
                let c = Consumed {
                    count: g.folded - g.reported,
                    members: std::mem::take(&mut g.members),
                };
                g.reported = g.folded;
                Ok(Some(c))
            }
            // No group (never opened, or TTL deleted it): nothing to take.
            _ => Ok(None),
        }
    }

    async fn unconsume(&self, group: &str, c: &Consumed) -> Result<(), StoreError> {
        let mut m = self.groups.lock().expect("not poisoned");
        if let Some(g) = m.get_mut(group) {
            g.reported = g.reported.saturating_sub(c.count);
            for (k, n) in &c.members {
                *g.members.entry(k.clone()).or_default() += n;
            }
            if c.count > 0 {
                g.due_at = Some(g.window_until);
            }
        }
        Ok(())
    }

    async fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        anchor: &Anchor,
        _: i64,
    ) -> Result<(), StoreError> {
        let mut m = self.groups.lock().expect("not poisoned");
        let g = m.entry(group.to_owned()).or_default();
        g.window_until = until;
        g.rank = rank;
        g.anchor = Some(anchor.clone());
        g.open = true;
        if g.due_at.is_some() {
            g.due_at = Some(until);
        }
        Ok(())
    }

    async fn close_window(&self, group: &str, now: i64) -> Result<(), StoreError> {
        if let Some(g) = self.groups.lock().expect("not poisoned").get_mut(group) {
            g.window_until = now;
        }
        Ok(())
    }

    async fn clear_group_due(&self, group: &str, folded_seen: u64) -> Result<(), StoreError> {
        if let Some(g) = self.groups.lock().expect("not poisoned").get_mut(group) {
            if g.folded == folded_seen {
                g.due_at = None;
            }
        }
        Ok(())
    }

    async fn load_case(&self, key: &str) -> Result<Option<Tracked>, StoreError> {
        Ok(self.cases.lock().expect("not poisoned").get(key).cloned())
    }

    async fn put_case(
        &self,
        case: &Tracked,
        expected: Option<u64>,
        _: i64,
    ) -> Result<bool, StoreError> {
        let mut m = self.cases.lock().expect("not poisoned");
        let ok = match (m.get(&case.case_key), expected) {
            (None, None) => true,
            (Some(old), None) => old.phase == Phase::Resolved,
            (Some(old), Some(v)) => old.version == v,
            (None, Some(_)) => false,
        };
        if ok {
            let mut c = case.clone();
            c.version = next_version(expected, m.get(&case.case_key).map(|o| o.version));
            m.insert(c.case_key.clone(), c);
        }
        Ok(ok)
    }

    async fn due(&self, now: i64, page: Option<&str>) -> Result<DuePage, StoreError> {
        let mut items: Vec<(i64, String, Due)> = Vec::new();
        for c in self.cases.lock().expect("not poisoned").values() {
            if let Some(t) = c.next_due.map(|t| t.timestamp()).filter(|t| *t <= now) {
                items.push((t, c.case_key.clone(), Due::Case(Box::new(c.clone()))));
            }
        }
        for (k, g) in self.groups.lock().expect("not poisoned").iter() {
            if let Some(t) = g.due_at.filter(|t| *t <= now) {
                items.push((
                    t,
                    k.clone(),
                    Due::Group(GroupState {
                        group: k.clone(),
                        window_until: g.window_until,
                        folded: g.folded,
                        reported: g.reported,
                        anchor: g.anchor.clone(),
                    }),
                ));
            }
        }
        items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        // Pages of 100, like a small DynamoDB page.
        let start: usize = page.and_then(|p| p.parse().ok()).unwrap_or(0);
        let end = (start + 100).min(items.len());
        let next = (end < items.len()).then(|| end.to_string());
        Ok(DuePage {
            items: items
                .drain(start.min(items.len())..end)
                .map(|x| x.2)
                .collect(),
            next,
        })
    }

    /// The due index as lists read it: each case's listing copy, as the
    /// DynamoDB store reads only that.
    async fn listing_page(&self, page: Option<&str>) -> Result<DuePage, StoreError> {
        let mut p = self.due(LISTING_ALL, page).await?;
        for d in &mut p.items {
            if let Due::Case(c) = d {
                **c = c.listing_copy();
            }
        }
        Ok(p)
    }
}

#[cfg(feature = "aws")]
mod dynamo;
#[cfg(feature = "aws")]
pub use dynamo::{table_region, AnyStore, DynamoStore};

/// Epoch seconds → time (for items).
pub fn from_epoch(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

/// Folded members, most frequent first, as `name ×count` lines.
pub fn member_lines(consumed: &Consumed, max: usize) -> (Vec<String>, usize) {
    let mut v: Vec<(&String, &u64)> = consumed.members.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let more = v.len().saturating_sub(max);
    (
        v.into_iter()
            .take(max)
            .map(|(m, n)| format!("{m} ×{n}"))
            .collect(),
        more,
    )
}

#[cfg(test)]
mod refusal_tests {
    use super::StoreError;

    /// Only the table's refusals of one item, not its being down.
    #[test]
    fn the_table_refuses_an_item_only_for_its_item_errors() {
        for refused in [
            "ValidationException: Item size has exceeded the maximum allowed size",
            "ItemCollectionSizeLimitExceededException: too big",
        ] {
            assert!(StoreError(refused.into()).refuses_the_item(), "{refused}");
        }
        for other in [
            "ProvisionedThroughputExceededException: slow down",
            "InternalServerError: x",
            "dispatch failure: connection refused",
            "ValidationExceptionX: no",
        ] {
            assert!(!StoreError(other.into()).refuses_the_item(), "{other}");
        }
    }
}
