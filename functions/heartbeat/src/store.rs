//! Where spokes are kept: a small table of their own (`SPOKE_TABLE`,
//! template.yaml's `SpokeTable`), every spoke in ONE partition, `pk` =
//! [`PARTITION`], sorted by `spoke` = `<account>#<region>`; no index. So a
//! heartbeat is one conditional UpdateItem of an item under 1 KB: 1 write
//! request unit (an item on an ALL-projection index whose key moves costs
//! 3: the table's write, the index's delete and put). The silence check and
//! `respondby coverage` Query that partition, every spoke a page at a time
//! (1 MB each, about 5,000 spokes), and decide silence in memory. Never a
//! Scan.
//!
//! Item attributes: `account`, `region`, `spoke_name` (its stack's name, as
//! it says), `interval` (minutes), `last_heard` (epoch seconds; none: never
//! heard), `expected_since` (a spoke `EXPECTED_SPOKES` names, never heard),
//! `silent_episode` (while a silence alert is out), `due_at` (when it is
//! silent), `last_event`, and `expires_at` (TTL: [`FORGET_AFTER_DAYS`]
//! after its last heartbeat, so a removed spoke eventually goes).
//!
//! One partition takes 1,000 writes a second; the spokes' `rate()`
//! schedules start when each spoke is created, so 1,700 spokes beating
//! hourly write about one item every two seconds.

use crate::{Heartbeat, Spoke, SpokeId};
use respondby_core::store::StoreError;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;

/// The one partition of the spoke table.
pub const PARTITION: &str = "spoke";

/// A spoke not heard for this long is deleted by the table's TTL (and, if
/// `EXPECTED_SPOKES` still names it, expected again as never heard).
pub const FORGET_AFTER_DAYS: i64 = 30;

/// What recording a heartbeat found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Recorded. `before` is the spoke as it was (none: first heartbeat);
    /// its `silent_episode`, if any, is a silence whose recovery is due.
    Recorded { before: Option<Spoke> },
    /// A newer heartbeat was recorded already: nothing changed.
    Stale,
}

/// What marking a silence alerted found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marked {
    Marked,
    /// Another run marked it (the same episode).
    Already,
    /// The spoke was heard again after `since`: at `at`.
    HeardAgain {
        at: i64,
    },
    /// The item is gone (forgotten).
    Gone,
}

/// One page of spokes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpokePage {
    pub items: Vec<Spoke>,
    pub next: Option<String>,
}

pub trait SpokeStore: Send + Sync {
    /// Records a heartbeat: one conditional write, which never moves
    /// `last_heard` backwards. `due_at` is when the spoke will be silent.
    fn heard(
        &self,
        hb: &Heartbeat,
        due_at: i64,
    ) -> impl Future<Output = Result<Heard, StoreError>> + Send;
    /// Every spoke, a page at a time, in key order; silence is decided
    /// in memory (`due_at`).
    fn all(&self, page: Option<&str>)
        -> impl Future<Output = Result<SpokePage, StoreError>> + Send;
    /// Records that the silence from `since` was alerted, if the spoke is
    /// still as silent as it was seen.
    fn mark_silent(
        &self,
        id: &SpokeId,
        since: i64,
    ) -> impl Future<Output = Result<Marked, StoreError>> + Send;
    /// The recovery of `episode` was posted: the spoke is no longer
    /// alerted (unless a later episode replaced it).
    fn clear_episode(
        &self,
        id: &SpokeId,
        episode: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Starts expecting a spoke never heard (`EXPECTED_SPOKES`), unless it
    /// is known already. `Ok(true)`: added.
    fn expect(
        &self,
        id: &SpokeId,
        since: i64,
        due_at: i64,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Forgets a spoke (retired, or no longer expected).
    fn forget(&self, id: &SpokeId) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Spokes in memory, with the table's semantics: tests and simulations.
#[derive(Debug, Default)]
pub struct MemorySpokes {
    items: Mutex<BTreeMap<String, Spoke>>,
}

impl MemorySpokes {
    fn page(mut items: Vec<Spoke>, page: Option<&str>) -> SpokePage {
        items.sort_by_key(|a| a.id.key());
        let start: usize = page.and_then(|p| p.parse().ok()).unwrap_or(0);
        let end = (start + 100).min(items.len());
        let next = (end < items.len()).then(|| end.to_string());
        SpokePage {
            items: items.drain(start.min(end)..end).collect(),
            next,
        }
    }
}

impl SpokeStore for MemorySpokes {
    async fn heard(&self, hb: &Heartbeat, due_at: i64) -> Result<Heard, StoreError> {
        let mut m = self.items.lock().expect("not poisoned");
        let at = hb.at.timestamp();
        let before = m.get(&hb.id.key()).cloned();
        if before
            .as_ref()
            .and_then(|b| b.last_heard)
            .is_some_and(|t| t > at)
        {
            return Ok(Heard::Stale);
        }
        m.insert(
            hb.id.key(),
            Spoke {
                id: hb.id.clone(),
                spoke: hb.spoke.clone(),
                interval_minutes: hb.interval_minutes,
                last_heard: Some(at),
                expected_since: None,
                silent_episode: before.as_ref().and_then(|b| b.silent_episode),
                due_at,
            },
        );
        Ok(Heard::Recorded { before })
    }

    async fn all(&self, page: Option<&str>) -> Result<SpokePage, StoreError> {
        let items = self.items.lock().expect("not poisoned");
        Ok(Self::page(items.values().cloned().collect(), page))
    }

    async fn mark_silent(&self, id: &SpokeId, since: i64) -> Result<Marked, StoreError> {
        let mut m = self.items.lock().expect("not poisoned");
        let Some(s) = m.get_mut(&id.key()) else {
            return Ok(Marked::Gone);
        };
        if s.silent_episode == Some(since) {
            return Ok(Marked::Already);
        }
        if s.since() != since {
            return Ok(Marked::HeardAgain { at: s.since() });
        }
        s.silent_episode = Some(since);
        Ok(Marked::Marked)
    }

    async fn clear_episode(&self, id: &SpokeId, episode: i64) -> Result<(), StoreError> {
        let mut m = self.items.lock().expect("not poisoned");
        if let Some(s) = m.get_mut(&id.key()) {
            if s.silent_episode == Some(episode) {
                s.silent_episode = None;
            }
        }
        Ok(())
    }

    async fn expect(&self, id: &SpokeId, since: i64, due_at: i64) -> Result<bool, StoreError> {
        let mut m = self.items.lock().expect("not poisoned");
        if m.contains_key(&id.key()) {
            return Ok(false);
        }
        m.insert(
            id.key(),
            Spoke {
                id: id.clone(),
                spoke: None,
                interval_minutes: None,
                last_heard: None,
                expected_since: Some(since),
                silent_episode: None,
                due_at,
            },
        );
        Ok(true)
    }

    async fn forget(&self, id: &SpokeId) -> Result<(), StoreError> {
        self.items.lock().expect("not poisoned").remove(&id.key());
        Ok(())
    }
}

#[cfg(feature = "aws")]
pub use dynamo::DynamoSpokes;

#[cfg(feature = "aws")]
mod dynamo {
    use super::*;
    use aws_sdk_dynamodb::error::ProvideErrorMetadata;
    use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
    use aws_sdk_dynamodb::types::{
        AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure,
    };
    use std::collections::HashMap;

    type Item = HashMap<String, AttributeValue>;

    /// The spoke table.
    #[derive(Debug, Clone)]
    pub struct DynamoSpokes {
        client: aws_sdk_dynamodb::Client,
        table: String,
    }

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.to_owned())
    }
    fn n(v: impl ToString) -> AttributeValue {
        AttributeValue::N(v.to_string())
    }

    fn err<E: ProvideErrorMetadata + std::error::Error + 'static>(
        e: aws_sdk_dynamodb::error::SdkError<E>,
    ) -> StoreError {
        match e.code() {
            Some(code) => StoreError(format!("{code}: {}", e.message().unwrap_or(""))),
            None => StoreError(aws_sdk_dynamodb::error::DisplayErrorContext(&e).to_string()),
        }
    }

    fn int(item: &Item, name: &str) -> Option<i64> {
        item.get(name)
            .and_then(|v| v.as_n().ok())
            .and_then(|v| v.parse::<f64>().ok())
            .map(|f| f as i64)
    }

    fn text(item: &Item, name: &str) -> Option<String> {
        item.get(name).and_then(|v| v.as_s().ok()).cloned()
    }

    /// A spoke from its item (`None`: not a spoke's item).
    pub fn spoke_of(item: &Item) -> Option<Spoke> {
        let id = SpokeId::from_key(&text(item, "spoke")?)?;
        Some(Spoke {
            id,
            spoke: text(item, "spoke_name"),
            interval_minutes: int(item, "interval").and_then(|m| u32::try_from(m).ok()),
            last_heard: int(item, "last_heard"),
            expected_since: int(item, "expected_since"),
            silent_episode: int(item, "silent_episode"),
            due_at: int(item, "due_at").unwrap_or(0),
        })
    }

    impl DynamoSpokes {
        /// The table by name, or by ARN (reached in its own Region).
        pub fn new(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> DynamoSpokes {
            let table = table.into();
            let client = match respondby_core::store::table_region(&table) {
                Some(region) => aws_sdk_dynamodb::Client::from_conf(
                    aws_sdk_dynamodb::config::Builder::from(sdk)
                        .region(aws_sdk_dynamodb::config::Region::new(region.to_owned()))
                        .build(),
                ),
                None => aws_sdk_dynamodb::Client::new(sdk),
            };
            DynamoSpokes { client, table }
        }

        fn update(
            &self,
            id: &SpokeId,
        ) -> aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder {
            self.client
                .update_item()
                .table_name(&self.table)
                .key("pk", s(PARTITION))
                .key("spoke", s(&id.key()))
        }
    }

    impl SpokeStore for DynamoSpokes {
        async fn heard(&self, hb: &Heartbeat, due_at: i64) -> Result<Heard, StoreError> {
            let at = hb.at.timestamp();
            let mut set = "SET account = :a, #r = :r, due_at = :due, last_heard = :t, \
                           last_event = :id, expires_at = :exp"
                .to_owned();
            let mut remove = vec!["expected_since"];
            let mut req = self
                .update(&hb.id)
                .expression_attribute_names("#r", "region")
                .expression_attribute_names("#i", "interval")
                .expression_attribute_values(":a", s(&hb.id.account))
                .expression_attribute_values(":r", s(&hb.id.region))
                .expression_attribute_values(":due", n(due_at))
                .expression_attribute_values(":t", n(at))
                .expression_attribute_values(":id", s(&hb.event_id))
                .expression_attribute_values(":exp", n(at + FORGET_AFTER_DAYS * 86_400));
            match &hb.spoke {
                Some(name) => {
                    set.push_str(", spoke_name = :s");
                    req = req.expression_attribute_values(":s", s(name));
                }
                None => remove.push("spoke_name"),
            }
            match hb.interval_minutes {
                Some(m) => {
                    set.push_str(", #i = :i");
                    req = req.expression_attribute_values(":i", n(m));
                }
                None => remove.push("#i"),
            }
            let res = req
                .update_expression(format!("{set} REMOVE {}", remove.join(", ")))
                // Never backwards; the same time again (a retry) passes, so
                // a recovery whose post failed is tried again.
                .condition_expression("attribute_not_exists(last_heard) OR last_heard <= :t")
                .return_values(ReturnValue::AllOld)
                .send()
                .await;
            match res {
                Ok(out) => Ok(Heard::Recorded {
                    before: out.attributes().and_then(spoke_of),
                }),
                Err(e) if e.code() == Some("ConditionalCheckFailedException") => Ok(Heard::Stale),
                Err(e) => Err(err(e)),
            }
        }

        async fn all(&self, page: Option<&str>) -> Result<SpokePage, StoreError> {
            let mut req = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression("pk = :p")
                .expression_attribute_values(":p", s(PARTITION));
            if let Some(after) = page {
                req = req
                    .exclusive_start_key("pk", s(PARTITION))
                    .exclusive_start_key("spoke", s(after));
            }
            let out = req.send().await.map_err(err)?;
            let items = out.items().iter().filter_map(spoke_of).collect();
            let next = out
                .last_evaluated_key()
                .and_then(|k| k.get("spoke"))
                .and_then(|v| v.as_s().ok())
                .cloned();
            Ok(SpokePage { items, next })
        }

        async fn mark_silent(&self, id: &SpokeId, since: i64) -> Result<Marked, StoreError> {
            let res = self
                .update(id)
                .update_expression("SET silent_episode = :since")
                .condition_expression(
                    "attribute_exists(pk) AND attribute_not_exists(silent_episode) AND \
                     (last_heard = :since OR (attribute_not_exists(last_heard) AND expected_since = :since))",
                )
                .expression_attribute_values(":since", n(since))
                .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
                .send()
                .await;
            match res {
                Ok(_) => Ok(Marked::Marked),
                Err(e) => match e.as_service_error() {
                    Some(UpdateItemError::ConditionalCheckFailedException(c)) => {
                        let Some(now) = c.item().and_then(spoke_of) else {
                            return Ok(Marked::Gone);
                        };
                        if now.silent_episode == Some(since) {
                            Ok(Marked::Already)
                        } else {
                            Ok(Marked::HeardAgain { at: now.since() })
                        }
                    }
                    _ => Err(err(e)),
                },
            }
        }

        async fn clear_episode(&self, id: &SpokeId, episode: i64) -> Result<(), StoreError> {
            let res = self
                .update(id)
                .update_expression("REMOVE silent_episode")
                .condition_expression("silent_episode = :ep")
                .expression_attribute_values(":ep", n(episode))
                .send()
                .await;
            match res {
                Ok(_) => Ok(()),
                Err(e) if e.code() == Some("ConditionalCheckFailedException") => Ok(()),
                Err(e) => Err(err(e)),
            }
        }

        async fn expect(&self, id: &SpokeId, since: i64, due_at: i64) -> Result<bool, StoreError> {
            let res = self
                .client
                .put_item()
                .table_name(&self.table)
                .item("pk", s(PARTITION))
                .item("spoke", s(&id.key()))
                .item("account", s(&id.account))
                .item("region", s(&id.region))
                .item("expected_since", n(since))
                .item("due_at", n(due_at))
                .condition_expression("attribute_not_exists(pk)")
                .send()
                .await;
            match res {
                Ok(_) => Ok(true),
                Err(e) if e.code() == Some("ConditionalCheckFailedException") => Ok(false),
                Err(e) => Err(err(e)),
            }
        }

        async fn forget(&self, id: &SpokeId) -> Result<(), StoreError> {
            self.client
                .delete_item()
                .table_name(&self.table)
                .key("pk", s(PARTITION))
                .key("spoke", s(&id.key()))
                .send()
                .await
                .map_err(err)?;
            Ok(())
        }
    }
}
