//! The state table in DynamoDB, and the store a function picks (none or
//! the table). Behind the `aws` feature: the pure parts of the store (the
//! trait, the memory store, the types) build without the AWS SDK.

use super::*;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue, ReturnValuesOnConditionCheckFailure};

/// The state table in DynamoDB.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: aws_sdk_dynamodb::Client,
    table: String,
}

impl DynamoStore {
    /// The table by name (in the function's Region), or by ARN: a table in
    /// another Region, shared by the stacks of a primary and a backup
    /// Region so that an event AWS Health delivers to both pages once.
    pub fn new(sdk: &aws_config::SdkConfig, table: impl Into<String>) -> DynamoStore {
        let table = table.into();
        let client = match table_region(&table) {
            Some(region) => aws_sdk_dynamodb::Client::from_conf(
                aws_sdk_dynamodb::config::Builder::from(sdk)
                    .region(aws_sdk_dynamodb::config::Region::new(region.to_owned()))
                    .build(),
            ),
            None => aws_sdk_dynamodb::Client::new(sdk),
        };
        DynamoStore { client, table }
    }

    /// An UpdateItem on a flood group's item.
    fn group_update(&self, group: &str) -> UpdateItemFluentBuilder {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(&format!("group#{group}")))
    }
}

/// The Region of a table ARN (`arn:aws:dynamodb:us-east-1:111122223333:table/x`).
pub fn table_region(table: &str) -> Option<&str> {
    let mut parts = table.splitn(6, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_partition), Some("dynamodb"), Some(region)) if !region.is_empty() => {
            Some(region)
        }
        _ => None,
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

type Item = HashMap<String, AttributeValue>;

fn num(item: Option<&Item>, name: &str) -> u64 {
    item.and_then(|i| i.get(name))
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<f64>().ok())
        .map_or(0, |f| f.max(0.0) as u64)
}

fn int(item: &Item, name: &str) -> Option<i64> {
    item.get(name)
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<f64>().ok())
        .map(|f| f as i64)
}

fn text<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name)
        .and_then(|v| v.as_s().ok())
        .map(String::as_str)
}

fn members_of(item: Option<&Item>) -> BTreeMap<String, u64> {
    item.and_then(|i| i.get("members"))
        .and_then(|v| v.as_m().ok())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    v.as_n()
                        .ok()
                        .and_then(|n| n.parse::<f64>().ok())
                        .map(|f| (k.clone(), f.max(0.0) as u64))
                })
                .filter(|(_, c)| *c > 0)
                .collect()
        })
        .unwrap_or_default()
}

fn group_state(item: &Item) -> Option<GroupState> {
    let pk = text(item, "pk")?;
    Some(GroupState {
        group: pk.strip_prefix("group#")?.to_owned(),
        window_until: int(item, "window_until").unwrap_or(0),
        folded: num(Some(item), "folded"),
        reported: num(Some(item), "reported"),
        anchor: text(item, "anchor").and_then(|a| serde_json::from_str(a).ok()),
    })
}

fn case_of(item: &Item) -> Result<Tracked, StoreError> {
    let body = text(item, "case").ok_or_else(|| StoreError("case item without `case`".into()))?;
    let mut t: Tracked = serde_json::from_str(body)
        .map_err(|e| StoreError(format!("case item does not read: {e}")))?;
    t.version = num(Some(item), "version");
    Ok(t)
}

/// A due-index page's `LastEvaluatedKey` as an opaque token.
fn page_token(k: &HashMap<String, AttributeValue>) -> String {
    let flat: HashMap<String, String> = k
        .iter()
        .filter_map(|(name, v)| {
            v.as_s()
                .ok()
                .or_else(|| v.as_n().ok())
                .map(|x| (name.clone(), x.clone()))
        })
        .collect();
    serde_json::to_string(&flat).expect("a map serialises")
}

/// [`page_token`] read back as an `ExclusiveStartKey`.
fn start_key(token: &str) -> Result<HashMap<String, AttributeValue>, StoreError> {
    let key: HashMap<String, String> =
        serde_json::from_str(token).map_err(|e| StoreError(format!("bad page token: {e}")))?;
    Ok(key
        .into_iter()
        .map(|(k, v)| {
            let av = if k == "due_at" { n(v) } else { s(&v) };
            (k, av)
        })
        .collect())
}

/// The case's [`Tracked::listing_copy`], as stored in `listed`.
fn listed(case: &Tracked) -> String {
    serde_json::to_string(&case.listing_copy()).expect("a case serialises")
}

/// A case as lists read it: its `listed` copy, or `None` for a case
/// written before there was one.
fn listed_of(item: &Item) -> Option<Result<Tracked, StoreError>> {
    let body = text(item, "listed")?;
    Some(
        serde_json::from_str::<Tracked>(body)
            .map(|mut t| {
                t.version = num(Some(item), "version");
                t
            })
            .map_err(|e| StoreError(format!("listed case does not read: {e}"))),
    )
}

/// Longest member name kept (DynamoDB map keys can be long; Slack lines not).
const MEMBER_MAX: usize = 200;

/// Members given back by one UpdateItem (each adds ~60 characters to an
/// expression DynamoDB caps at 4 KB).
const MEMBERS_PER_UPDATE: usize = 40;

/// `update` (a `SET …` clause, or empty) with `members.m = members.m + n`
/// for each of `members`, and the names and values that takes.
fn add_members(
    mut update: String,
    mut req: UpdateItemFluentBuilder,
    members: &[(&String, &u64)],
) -> (String, UpdateItemFluentBuilder) {
    for (i, (m, count)) in members.iter().enumerate() {
        update.push_str(if update.is_empty() { "SET " } else { ", " });
        update.push_str(&format!(
            "members.#m{i} = if_not_exists(members.#m{i}, :zero) + :c{i}"
        ));
        req = req
            .expression_attribute_names(format!("#m{i}"), member_key(m))
            .expression_attribute_values(format!(":c{i}"), n(**count));
    }
    if !members.is_empty() {
        req = req.expression_attribute_values(":zero", n(0));
    }
    (update, req)
}

fn member_key(m: &str) -> String {
    m.chars().take(MEMBER_MAX).collect()
}

impl StateStore for DynamoStore {
    async fn claim(
        &self,
        key: &str,
        token: &str,
        now: i64,
        lease_until: i64,
        expires_at: i64,
    ) -> Result<Claim, StoreError> {
        let res = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(&format!("dedup#{key}")))
            .item("st", s("claimed"))
            .item("token", s(token))
            .item("lease_until", n(lease_until))
            .item("expires_at", n(expires_at))
            // Free, or a claim whose invocation died (lease over).
            .condition_expression(
                "attribute_not_exists(pk) OR (st = :claimed AND lease_until < :now)",
            )
            .expression_attribute_values(":claimed", s("claimed"))
            .expression_attribute_values(":now", n(now))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match res {
            Ok(_) => Ok(Claim::Claimed),
            Err(e) if is_condition_failed(&e) => {
                let old = e.as_service_error().and_then(|se| match se {
                    aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(c) => c.item().cloned(),
                    _ => None,
                });
                // Items written before claims existed have no `st`: done.
                Ok(match old.as_ref().and_then(|i| text(i, "st")) {
                    Some("claimed") => Claim::Busy,
                    _ => Claim::Done,
                })
            }
            Err(e) => Err(store_err(e)),
        }
    }

    async fn settle(
        &self,
        key: &str,
        token: &str,
        how: Settled,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let res = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(&format!("dedup#{key}")))
            .update_expression("SET st = :st, expires_at = :ttl REMOVE lease_until")
            .condition_expression("#t = :token")
            .expression_attribute_names("#t", "token")
            .expression_attribute_values(":st", s(how.as_str()))
            .expression_attribute_values(":ttl", n(expires_at))
            .expression_attribute_values(":token", s(token))
            .send()
            .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failed(&e) => Err(StoreError(
                "claim lost before settling (lease ran out)".into(),
            )),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn release(&self, key: &str, token: &str) -> Result<(), StoreError> {
        let res = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(&format!("dedup#{key}")))
            .condition_expression("#t = :token")
            .expression_attribute_names("#t", "token")
            .expression_attribute_values(":token", s(token))
            .send()
            .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failed(&e) => Ok(()),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn fold(
        &self,
        group: &str,
        now: i64,
        rank: u8,
        member: Option<&str>,
    ) -> Result<Fold, StoreError> {
        let mut update =
            "SET folded = if_not_exists(folded, :zero) + :one, due_shard = :shard, due_at = window_until"
                .to_owned();
        let mut req = self.group_update(group);
        if let Some(m) = member {
            update.push_str(", members.#m = if_not_exists(members.#m, :zero) + :one");
            req = req.expression_attribute_names("#m", member_key(m));
        }
        let res = req
            .update_expression(update)
            // `members` exists in every window this code opened.
            .condition_expression(
                "window_until > :now AND max_rank >= :rank AND attribute_exists(members)",
            )
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":rank", n(rank))
            .expression_attribute_values(":shard", s(DUE_SHARD))
            .return_values(ReturnValue::AllNew)
            // When no window is open the refusal carries the item, and with
            // it the pending count: no second read.
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match res {
            Ok(out) => {
                let new = out.attributes();
                let (folded, reported) = (num(new, "folded"), num(new, "reported"));
                Ok(Fold::Counted {
                    pending: folded.saturating_sub(reported),
                    reported,
                    anchor: new
                        .and_then(|i| text(i, "anchor"))
                        .and_then(|a| serde_json::from_str(a).ok()),
                })
            }
            Err(e) => match e.as_service_error() {
                Some(UpdateItemError::ConditionalCheckFailedException(refusal)) => {
                    let (folded, reported) = (
                        num(refusal.item(), "folded"),
                        num(refusal.item(), "reported"),
                    );
                    Ok(Fold::NoWindow {
                        pending: folded.saturating_sub(reported),
                        reported,
                    })
                }
                _ => Err(store_err(e)),
            },
        }
    }

    async fn consume(&self, group: &str, seen: u64) -> Result<Option<Consumed>, StoreError> {
        // `attribute_exists(pk)`: an item TTL already deleted is not made
        // again (without its `expires_at`, it would never go).
        let condition = if seen == 0 {
            "attribute_exists(pk) AND (attribute_not_exists(reported) OR reported = :seen)"
        } else {
            "reported = :seen"
        };
        let res = self
            .group_update(group)
            .update_expression("SET reported = if_not_exists(folded, :zero), members = :empty")
            .condition_expression(condition)
            .expression_attribute_values(":seen", n(seen))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":empty", AttributeValue::M(HashMap::new()))
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match res {
            Ok(out) => {
                let old = out.attributes();
                Ok(Some(Consumed {
                    count: num(old, "folded").saturating_sub(num(old, "reported")),
                    members: members_of(old),
                }))
            }
            Err(e) if is_condition_failed(&e) => Ok(None),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn unconsume(&self, group: &str, c: &Consumed) -> Result<(), StoreError> {
        if c.count == 0 {
            return Ok(());
        }
        // The count first, with the first members; the other members after,
        // a chunk an update: DynamoDB refuses an expression over 4 KB
        // (about 70 members), and a flood can have hundreds.
        let members: Vec<(&String, &u64)> = c.members.iter().collect();
        let mut chunks = members.chunks(MEMBERS_PER_UPDATE);
        let first = chunks.next().unwrap_or(&[]);
        let (update, req) = add_members(
            "SET reported = reported - :count, due_shard = :shard, due_at = window_until".into(),
            self.group_update(group),
            first,
        );
        req.update_expression(update)
            .condition_expression("reported >= :count AND attribute_exists(members)")
            .expression_attribute_values(":count", n(c.count))
            .expression_attribute_values(":shard", s(DUE_SHARD))
            .send()
            .await
            .map_err(store_err)?;
        for chunk in chunks {
            let (update, req) = add_members(String::new(), self.group_update(group), chunk);
            req.update_expression(update)
                .condition_expression("attribute_exists(members)")
                .send()
                .await
                .map_err(store_err)?;
        }
        Ok(())
    }

    async fn opened(
        &self,
        group: &str,
        until: i64,
        rank: u8,
        anchor: &Anchor,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.group_update(group)
            .update_expression(
                "SET window_until = :until, max_rank = :rank, anchor = :anchor, due_at = :until, expires_at = :ttl, \
                 members = if_not_exists(members, :empty), folded = if_not_exists(folded, :zero), \
                 reported = if_not_exists(reported, :zero)",
            )
            .expression_attribute_values(":until", n(until))
            .expression_attribute_values(":rank", n(rank))
            .expression_attribute_values(
                ":anchor",
                s(&serde_json::to_string(anchor).expect("anchor serialises")),
            )
            .expression_attribute_values(":ttl", n(expires_at))
            .expression_attribute_values(":empty", AttributeValue::M(HashMap::new()))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn close_window(&self, group: &str, now: i64) -> Result<(), StoreError> {
        let res = self
            .group_update(group)
            .update_expression("SET window_until = :now")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":now", n(now))
            .send()
            .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failed(&e) => Ok(()),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn clear_group_due(&self, group: &str, folded_seen: u64) -> Result<(), StoreError> {
        let res = self
            .group_update(group)
            .update_expression("REMOVE due_shard, due_at")
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(folded) OR folded = :seen)",
            )
            .expression_attribute_values(":seen", n(folded_seen))
            .send()
            .await;
        match res {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failed(&e) => Ok(()),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn load_case(&self, key: &str) -> Result<Option<Tracked>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(&format!("case#{key}")))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_err)?;
        out.item().map(case_of).transpose()
    }

    async fn put_case(
        &self,
        case: &Tracked,
        expected: Option<u64>,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let Some(v) = expected else {
            return self.put_new_episode(case, expires_at).await;
        };
        let version = next_version(Some(v), None);
        let mut stored = case.clone();
        stored.version = version;
        let mut req = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(&format!("case#{}", case.case_key)))
            .item(
                "case",
                s(&serde_json::to_string(&stored).expect("a case serialises")),
            )
            .item("listed", s(&listed(&stored)))
            .item("phase", s(case.phase.as_str()))
            .item("version", n(version))
            .item("expires_at", n(expires_at))
            .condition_expression("version = :v")
            .expression_attribute_values(":v", n(v));
        if let Some(due) = case.next_due {
            req = req
                .item("due_shard", s(DUE_SHARD))
                .item("due_at", n(due.timestamp()));
        }
        match req.send().await {
            Ok(_) => Ok(true),
            Err(e) if is_condition_failed(&e) => Ok(false),
            Err(e) => Err(store_err(e)),
        }
    }

    async fn due(&self, now: i64, page: Option<&str>) -> Result<DuePage, StoreError> {
        let mut req = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(DUE_INDEX)
            .key_condition_expression("due_shard = :shard AND due_at <= :now")
            .expression_attribute_values(":shard", s(DUE_SHARD))
            .expression_attribute_values(":now", n(now));
        if let Some(p) = page {
            req = req.set_exclusive_start_key(Some(start_key(p)?));
        }
        let out = req.send().await.map_err(store_err)?;
        let mut items = Vec::new();
        for item in out.items() {
            match text(item, "pk") {
                Some(pk) if pk.starts_with("case#") => match case_of(item) {
                    Ok(c) => items.push(Due::Case(Box::new(c))),
                    Err(e) => tracing::warn!(error = %e, pk, "skipping an unreadable case"),
                },
                Some(pk) if pk.starts_with("group#") => {
                    if let Some(g) = group_state(item) {
                        items.push(Due::Group(g));
                    }
                }
                _ => {}
            }
        }
        let next = out.last_evaluated_key().map(page_token);
        Ok(DuePage { items, next })
    }

    /// Reads only what lists show (`listed`, the key and the version), not
    /// the whole case, from the listing index, which holds only those: a
    /// thousand open cases are one Query page of ~0.6 MB instead of five
    /// pages (DynamoDB's 1 MB each) of whole cases. A case written before `listed` existed is
    /// read whole (once; its next write adds `listed`).
    async fn listing_page(&self, page: Option<&str>) -> Result<DuePage, StoreError> {
        let mut req = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(LISTING_INDEX)
            .key_condition_expression("due_shard = :shard")
            .expression_attribute_values(":shard", s(DUE_SHARD))
            .projection_expression("pk, listed, #v")
            .expression_attribute_names("#v", "version");
        if let Some(p) = page {
            req = req.set_exclusive_start_key(Some(start_key(p)?));
        }
        let out = req.send().await.map_err(store_err)?;
        let mut items = Vec::new();
        for item in out.items() {
            let Some(pk) = text(item, "pk") else { continue };
            let Some(key) = pk.strip_prefix("case#") else {
                continue;
            };
            match listed_of(item) {
                Some(Ok(c)) => items.push(Due::Case(Box::new(c))),
                Some(Err(e)) => tracing::warn!(error = %e, pk, "skipping an unreadable case"),
                None => {
                    if let Some(c) = self.load_case(key).await? {
                        items.push(Due::Case(Box::new(c.listing_copy())));
                    }
                }
            }
        }
        Ok(DuePage {
            items,
            next: out.last_evaluated_key().map(page_token),
        })
    }
}

// ---------------------------------------------------------------------------

impl DynamoStore {
    /// A new case, or a new episode of a resolved one, in one UpdateItem:
    /// its version goes on from the resolved episode's (`if_not_exists`),
    /// so no version of the old episode ever matches the new one. (The
    /// `version` inside the `case` body is not read back: the attribute is.)
    async fn put_new_episode(&self, case: &Tracked, expires_at: i64) -> Result<bool, StoreError> {
        let (set_due, due) = match case.next_due {
            Some(d) => (", due_shard = :shard, due_at = :due", Some(d.timestamp())),
            None => ("", None),
        };
        let remove_due = if due.is_none() {
            " REMOVE due_shard, due_at"
        } else {
            ""
        };
        let mut req = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(&format!("case#{}", case.case_key)))
            .update_expression(format!(
                "SET #c = :case, listed = :listed, phase = :phase, #v = if_not_exists(#v, :zero) + :one, expires_at = :ttl{set_due}{remove_due}"
            ))
            .condition_expression("attribute_not_exists(pk) OR phase = :resolved")
            .expression_attribute_names("#c", "case")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(
                ":case",
                s(&serde_json::to_string(case).expect("a case serialises")),
            )
            .expression_attribute_values(":listed", s(&listed(case)))
            .expression_attribute_values(":phase", s(case.phase.as_str()))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":ttl", n(expires_at))
            .expression_attribute_values(":resolved", s(Phase::Resolved.as_str()));
        if let Some(d) = due {
            req = req
                .expression_attribute_values(":shard", s(DUE_SHARD))
                .expression_attribute_values(":due", n(d));
        }
        match req.send().await {
            Ok(_) => Ok(true),
            Err(e) if is_condition_failed(&e) => Ok(false),
            Err(e) => Err(store_err(e)),
        }
    }
}

/// The store a function uses: none, or the DynamoDB table.
#[derive(Debug)]
pub enum AnyStore {
    Off(NoStore),
    Dynamo(DynamoStore),
}

macro_rules! each {
    ($self:ident, $x:ident => $e:expr) => {
        match $self {
            AnyStore::Off($x) => $e,
            AnyStore::Dynamo($x) => $e,
        }
    };
}

impl StateStore for AnyStore {
    async fn claim(&self, k: &str, t: &str, now: i64, l: i64, e: i64) -> Result<Claim, StoreError> {
        each!(self, x => x.claim(k, t, now, l, e).await)
    }
    async fn settle(&self, k: &str, t: &str, h: Settled, e: i64) -> Result<(), StoreError> {
        each!(self, x => x.settle(k, t, h, e).await)
    }
    async fn release(&self, k: &str, t: &str) -> Result<(), StoreError> {
        each!(self, x => x.release(k, t).await)
    }
    async fn fold(&self, g: &str, now: i64, r: u8, m: Option<&str>) -> Result<Fold, StoreError> {
        each!(self, x => x.fold(g, now, r, m).await)
    }
    async fn consume(&self, g: &str, seen: u64) -> Result<Option<Consumed>, StoreError> {
        each!(self, x => x.consume(g, seen).await)
    }
    async fn unconsume(&self, g: &str, c: &Consumed) -> Result<(), StoreError> {
        each!(self, x => x.unconsume(g, c).await)
    }
    async fn opened(&self, g: &str, u: i64, r: u8, a: &Anchor, e: i64) -> Result<(), StoreError> {
        each!(self, x => x.opened(g, u, r, a, e).await)
    }
    async fn close_window(&self, g: &str, now: i64) -> Result<(), StoreError> {
        each!(self, x => x.close_window(g, now).await)
    }
    async fn clear_group_due(&self, g: &str, f: u64) -> Result<(), StoreError> {
        each!(self, x => x.clear_group_due(g, f).await)
    }
    async fn load_case(&self, k: &str) -> Result<Option<Tracked>, StoreError> {
        each!(self, x => x.load_case(k).await)
    }
    async fn put_case(&self, c: &Tracked, v: Option<u64>, e: i64) -> Result<bool, StoreError> {
        each!(self, x => x.put_case(c, v, e).await)
    }
    async fn due(&self, now: i64, p: Option<&str>) -> Result<DuePage, StoreError> {
        each!(self, x => x.due(now, p).await)
    }
    async fn listing_page(&self, p: Option<&str>) -> Result<DuePage, StoreError> {
        each!(self, x => x.listing_page(p).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_table_is_reached_in_its_own_region() {
        assert_eq!(
            table_region("arn:aws:dynamodb:us-east-1:111122223333:table/respondby-state"),
            Some("us-east-1")
        );
        assert_eq!(table_region("respondby-state"), None);
        assert_eq!(table_region("arn:aws:s3:::bucket"), None);
    }
}
