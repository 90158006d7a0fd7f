//! Shown once, and no floods: deduplication and flood control.
//!
//! EventBridge and Lambda deliver at least once and retry, so the same event
//! can arrive several times. Each alert's dedup key is recorded *after* Slack
//! accepted it; a repeat of a recorded key is not posted again. A crash
//! between posting and recording can repeat a message but never lose one.
//!
//! Repeats of the same thing (same group key: source, kind, principal or
//! resource) inside a window are counted instead of posted. The next message
//! of that group says how many were folded into it; every `flush_every`
//! repeats a message goes out anyway, so a long flood stays visible and its
//! counts add up.
//!
//! If the store is unreachable the alert is posted anyway: a duplicate is
//! better than a lost abuse report.

use crate::alert::{Alert, Source, Status};
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};
use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

/// A store failure (logged; never stops an alert).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("state store: {0}")]
pub struct StoreError(pub String);

/// Where dedup keys and flood counters live.
/// What [`StateStore::fold`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// A window is open: the repeat was counted; this is the new count.
    Counted(u64),
    /// No window (or a more severe repeat): nothing counted; `pending`
    /// folded repeats from an earlier window are still to be reported.
    NoWindow { pending: u64 },
}

pub trait StateStore: Send + Sync {
    /// Was this dedup key already delivered (or folded)?
    fn seen(&self, key: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Records a dedup key until `expires_at` (epoch seconds).
    fn remember(
        &self,
        key: &str,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// If the group has an open window (until > now) opened at a severity
    /// rank ≥ `rank`, counts one more folded repeat ([`Fold::Counted`] with
    /// the new count); otherwise says how many folded repeats are still
    /// unreported ([`Fold::NoWindow`]). One round trip either way.
    fn fold(
        &self,
        group: &str,
        now: i64,
        rank: u8,
    ) -> impl Future<Output = Result<Fold, StoreError>> + Send;
    /// After a post: the window runs until `until`, at severity `rank`, and
    /// `consumed` folded repeats have now been reported.
    fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        consumed: u64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// What to do with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Post it, saying `folded` earlier repeats were folded into it; after
    /// posting, `consumed` counted repeats are settled.
    Post { folded: u64, consumed: u64 },
    /// Already delivered: do not post again.
    Duplicate,
    /// Counted into the group's open window (`pending` so far), not posted.
    Folded { pending: u64 },
}

/// Dedup and flood-control policy over a store.
#[derive(Debug)]
pub struct Guard<S> {
    pub store: S,
    /// Flood-control window in seconds; 0 turns flood control off.
    pub window_secs: i64,
    /// Post anyway once this many repeats were folded.
    pub flush_every: u64,
    /// How long dedup keys are kept (seconds).
    pub dedup_ttl_secs: i64,
}

fn rank(a: &Alert) -> u8 {
    a.severity as u8
}

impl<S: StateStore> Guard<S> {
    pub fn new(store: S, window_secs: i64) -> Guard<S> {
        Guard {
            store,
            window_secs,
            flush_every: 100,
            dedup_ttl_secs: 7 * 24 * 3600,
        }
    }

    /// Health alerts (each an AWS case, whose updates must all show) and
    /// recoveries are never folded.
    fn folds(&self, a: &Alert) -> bool {
        self.window_secs > 0 && a.source != Source::Health && a.status == Status::Open
    }

    pub async fn before_post(&self, alert: &Alert, now: i64) -> Verdict {
        match self.store.seen(&alert.dedup_key).await {
            Ok(true) => return Verdict::Duplicate,
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = %e, "dedup check failed; posting anyway");
                return Verdict::Post {
                    folded: 0,
                    consumed: 0,
                };
            }
        }
        if !self.folds(alert) {
            return Verdict::Post {
                folded: 0,
                consumed: 0,
            };
        }
        match self.store.fold(&alert.group_key, now, rank(alert)).await {
            Ok(Fold::Counted(n)) if n < self.flush_every => {
                if let Err(e) = self
                    .store
                    .remember(&alert.dedup_key, now + self.dedup_ttl_secs)
                    .await
                {
                    tracing::warn!(error = %e, "could not record a folded alert");
                }
                Verdict::Folded { pending: n }
            }
            // This repeat carries the ones before it.
            Ok(Fold::Counted(n)) => Verdict::Post {
                folded: n - 1,
                consumed: n,
            },
            Ok(Fold::NoWindow { pending }) => Verdict::Post {
                folded: pending,
                consumed: pending,
            },
            Err(e) => {
                tracing::warn!(error = %e, "flood control unavailable; posting");
                Verdict::Post {
                    folded: 0,
                    consumed: 0,
                }
            }
        }
    }

    /// Records a delivered alert: the dedup key and the flood window, both
    /// at once (two independent writes, one round trip of waiting). Failures
    /// are logged: the message is out.
    pub async fn after_post(&self, alert: &Alert, consumed: u64, now: i64) {
        let remember = self
            .store
            .remember(&alert.dedup_key, now + self.dedup_ttl_secs);
        let open = async {
            if self.folds(alert) {
                let until = now + self.window_secs;
                self.store
                    .opened(&alert.group_key, until, rank(alert), consumed)
                    .await
            } else {
                Ok(())
            }
        };
        let (remembered, opened) = tokio::join!(remember, open);
        if let Err(e) = remembered {
            tracing::warn!(error = %e, "delivered, but could not record the dedup key");
        }
        if let Err(e) = opened {
            tracing::warn!(error = %e, "delivered, but could not open the flood window");
        }
    }
}

/// No store: every alert is posted (the default when no table is configured).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStore;

impl StateStore for NoStore {
    async fn seen(&self, _key: &str) -> Result<bool, StoreError> {
        Ok(false)
    }
    async fn remember(&self, _key: &str, _expires_at: i64) -> Result<(), StoreError> {
        Ok(())
    }
    async fn fold(&self, _group: &str, _now: i64, _rank: u8) -> Result<Fold, StoreError> {
        Ok(Fold::NoWindow { pending: 0 })
    }
    async fn opened(
        &self,
        _group: &str,
        _until: i64,
        _rank: u8,
        _consumed: u64,
    ) -> Result<(), StoreError> {
        Ok(())
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Group {
    until: i64,
    rank: u8,
    folded: u64,
}

/// In-process store: for tests and `respondby replay`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    keys: Mutex<HashMap<String, i64>>,
    groups: Mutex<HashMap<String, Group>>,
}

impl StateStore for MemoryStore {
    async fn seen(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.keys.lock().expect("not poisoned").contains_key(key))
    }
    async fn remember(&self, key: &str, expires_at: i64) -> Result<(), StoreError> {
        self.keys
            .lock()
            .expect("not poisoned")
            .insert(key.to_owned(), expires_at);
        Ok(())
    }
    async fn fold(&self, group: &str, now: i64, rank: u8) -> Result<Fold, StoreError> {
        let mut groups = self.groups.lock().expect("not poisoned");
        match groups.get_mut(group) {
            Some(g) if g.until > now && g.rank >= rank => {
                g.folded += 1;
                Ok(Fold::Counted(g.folded))
            }
            g => Ok(Fold::NoWindow {
                pending: g.map_or(0, |g| g.folded),
            }),
        }
    }
    async fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        consumed: u64,
    ) -> Result<(), StoreError> {
        let mut groups = self.groups.lock().expect("not poisoned");
        let g = groups.entry(group.to_owned()).or_default();
        g.until = until;
        g.rank = rank;
        g.folded = g.folded.saturating_sub(consumed);
        Ok(())
    }
}

/// DynamoDB table with partition key `pk` (string) and TTL attribute
/// `expires_at`. Dedup items are `dedup#<key>`, flood counters `group#<key>`.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: aws_sdk_dynamodb::Client,
    table: String,
}

impl DynamoStore {
    pub fn new(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> DynamoStore {
        DynamoStore {
            client: aws_sdk_dynamodb::Client::new(sdk),
            table: table.into(),
        }
    }
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}
fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn store_err<E: ProvideErrorMetadata + std::error::Error + 'static>(
    e: aws_sdk_dynamodb::error::SdkError<E>,
) -> StoreError {
    match e.code() {
        Some(code) => StoreError(format!("{code}: {}", e.message().unwrap_or(""))),
        None => StoreError(aws_sdk_dynamodb::error::DisplayErrorContext(&e).to_string()),
    }
}

fn is_condition_failed<E: ProvideErrorMetadata>(e: &aws_sdk_dynamodb::error::SdkError<E>) -> bool {
    e.code() == Some("ConditionalCheckFailedException")
}

fn num(item: Option<&HashMap<String, AttributeValue>>, name: &str) -> u64 {
    item.and_then(|i| i.get(name))
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0, |f| f.max(0.0) as u64)
}

impl StateStore for DynamoStore {
    async fn seen(&self, key: &str) -> Result<bool, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(&format!("dedup#{key}")))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_err)?;
        Ok(out.item().is_some())
    }

    async fn remember(&self, key: &str, expires_at: i64) -> Result<(), StoreError> {
        let res = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(&format!("dedup#{key}")))
            .item("expires_at", n(expires_at))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failed(&e) => Ok(()),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn fold(&self, group: &str, now: i64, rank: u8) -> Result<Fold, StoreError> {
        let res = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(&format!("group#{group}")))
            .update_expression("SET folded = if_not_exists(folded, :zero) + :one")
            .condition_expression("window_until > :now AND max_rank >= :rank")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":rank", n(rank))
            .return_values(ReturnValue::UpdatedNew)
            // When no window is open, the refusal carries the item, and with
            // it the unreported count: no second read.
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match res {
            Ok(out) => Ok(Fold::Counted(num(out.attributes(), "folded"))),
            Err(e) => match e.as_service_error() {
                Some(UpdateItemError::ConditionalCheckFailedException(refusal)) => {
                    Ok(Fold::NoWindow {
                        pending: num(refusal.item(), "folded"),
                    })
                }
                _ => Err(store_err(e)),
            },
        }
    }

    async fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        consumed: u64,
    ) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(&format!("group#{group}")))
            .update_expression(
                "SET window_until = :until, max_rank = :rank, expires_at = :ttl, folded = if_not_exists(folded, :zero) - :consumed",
            )
            .expression_attribute_values(":until", n(until))
            .expression_attribute_values(":rank", n(rank))
            .expression_attribute_values(":ttl", n(until + 86_400))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":consumed", n(consumed))
            .send()
            .await
            .map_err(store_err)?;
        Ok(())
    }
}

/// The store a function uses: none, or a DynamoDB table.
#[derive(Debug)]
pub enum AnyStore {
    Off(NoStore),
    Dynamo(DynamoStore),
}

impl StateStore for AnyStore {
    async fn seen(&self, key: &str) -> Result<bool, StoreError> {
        match self {
            AnyStore::Off(x) => x.seen(key).await,
            AnyStore::Dynamo(x) => x.seen(key).await,
        }
    }
    async fn remember(&self, key: &str, expires_at: i64) -> Result<(), StoreError> {
        match self {
            AnyStore::Off(x) => x.remember(key, expires_at).await,
            AnyStore::Dynamo(x) => x.remember(key, expires_at).await,
        }
    }
    async fn fold(&self, group: &str, now: i64, rank: u8) -> Result<Fold, StoreError> {
        match self {
            AnyStore::Off(x) => x.fold(group, now, rank).await,
            AnyStore::Dynamo(x) => x.fold(group, now, rank).await,
        }
    }
    async fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        consumed: u64,
    ) -> Result<(), StoreError> {
        match self {
            AnyStore::Off(x) => x.opened(group, until, rank, consumed).await,
            AnyStore::Dynamo(x) => x.opened(group, until, rank, consumed).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::Severity;
    use chrono::Utc;

    fn read(i: u32) -> Alert {
        let mut a = Alert::new(
            Source::EnvFile,
            "s3:GetObject",
            Severity::High,
            "t",
            Utc::now(),
        );
        a.dedup_key = format!("env-file:{i}");
        a.group_key = "env-file:GetObject:arn:aws:iam::1:user/scraper".into();
        a
    }

    async fn run(
        guard: &Guard<MemoryStore>,
        alerts: impl IntoIterator<Item = (Alert, i64)>,
    ) -> Vec<u64> {
        let mut posted = Vec::new();
        for (a, now) in alerts {
            if let Verdict::Post { folded, consumed } = guard.before_post(&a, now).await {
                posted.push(folded);
                guard.after_post(&a, consumed, now).await;
            }
        }
        posted
    }

    #[tokio::test]
    async fn the_same_event_three_times_posts_once() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let posted = run(&g, (0..3).map(|_| (read(1), 1000))).await;
        assert_eq!(posted, vec![0]);
    }

    #[tokio::test]
    async fn a_flood_is_folded_into_few_messages_whose_counts_add_up() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let mut events: Vec<(Alert, i64)> =
            (0..1000).map(|i| (read(i), 1000 + i64::from(i))).collect();
        // One more after the window: it carries what is left.
        events.push((read(5000), 1000 + 3600 + 2000));
        let posted = run(&g, events).await;
        assert!(posted.len() <= 12, "{} messages", posted.len());
        let shown: u64 = posted.iter().map(|f| f + 1).sum();
        assert_eq!(shown, 1001);
    }

    #[tokio::test]
    async fn a_more_severe_repeat_is_posted_not_folded() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let mut worse = read(2);
        worse.severity = Severity::Critical;
        let posted = run(&g, [(read(1), 10), (read(3), 11), (worse, 12)]).await;
        assert_eq!(posted, vec![0, 1]);
    }

    #[tokio::test]
    async fn health_alerts_and_recoveries_are_never_folded() {
        let g = Guard::new(MemoryStore::default(), 3600);
        let mut h1 = read(1);
        h1.source = Source::Health;
        let mut h2 = h1.clone();
        h2.dedup_key = "health:update".into();
        assert_eq!(run(&g, [(h1, 1), (h2, 2)]).await.len(), 2);
    }

    #[tokio::test]
    async fn with_flood_control_off_every_new_event_posts() {
        let g = Guard::new(MemoryStore::default(), 0);
        assert_eq!(run(&g, (0..5).map(|i| (read(i), 1))).await.len(), 5);
    }
}
