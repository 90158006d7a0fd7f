//! One in-memory table with its key schema and global secondary indexes,
//! and the DynamoDB operations on it.

use super::error::{DdbError, Result};
use super::expr::{
    self, apply_update, eval, key_condition, parse_condition, parse_projection, parse_update,
    project, Cond, Kind, Path, PathElem, Placeholders, Update,
};
use super::value::{item_from_json, item_size, item_to_json, Av, Item, Num};
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    S,
    N,
    B,
}

impl KeyType {
    fn name(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }
}

/// Which attributes a global secondary index holds besides the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    All,
    KeysOnly,
    Include(Vec<String>),
}

/// A global secondary index. Sparse: an item is in it only when it has
/// the index's key attributes.
#[derive(Debug, Clone)]
pub struct GlobalIndex {
    pub(crate) name: String,
    pub(crate) hash: (String, KeyType),
    pub(crate) range: Option<(String, KeyType)>,
    pub(crate) projection: Projection,
}

impl GlobalIndex {
    /// An index with a partition key and projection ALL.
    pub fn new(name: &str, hash_key: &str, key_type: KeyType) -> GlobalIndex {
        GlobalIndex {
            name: name.to_owned(),
            hash: (hash_key.to_owned(), key_type),
            range: None,
            projection: Projection::All,
        }
    }

    pub fn range_key(mut self, name: &str, key_type: KeyType) -> GlobalIndex {
        self.range = Some((name.to_owned(), key_type));
        self
    }

    pub fn projection(mut self, projection: Projection) -> GlobalIndex {
        self.projection = projection;
        self
    }
}

/// Key schema of the table.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub hash: (String, KeyType),
    pub range: Option<(String, KeyType)>,
    pub indexes: Vec<GlobalIndex>,
}

/// A key attribute's value; ordered as DynamoDB orders sort keys (numbers
/// numerically, strings and binaries by unsigned bytes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum KeyVal {
    S(String),
    N(Num),
    B(Vec<u8>),
}

impl KeyVal {
    fn of(av: &Av) -> Option<KeyVal> {
        match av {
            Av::S(s) => Some(KeyVal::S(s.clone())),
            Av::N(n) => Some(KeyVal::N(n.clone())),
            Av::B(b) => Some(KeyVal::B(b.clone())),
            _ => None,
        }
    }

    fn to_av(&self) -> Av {
        match self {
            KeyVal::S(s) => Av::S(s.clone()),
            KeyVal::N(n) => Av::N(n.clone()),
            KeyVal::B(b) => Av::B(b.clone()),
        }
    }

    fn key_type(&self) -> KeyType {
        match self {
            KeyVal::S(_) => KeyType::S,
            KeyVal::N(_) => KeyType::N,
            KeyVal::B(_) => KeyType::B,
        }
    }

    fn render(&self) -> String {
        match self {
            KeyVal::S(s) => s.clone(),
            KeyVal::N(n) => n.to_string(),
            KeyVal::B(b) => base64::engine::general_purpose::STANDARD.encode(b),
        }
    }
}

/// A primary key: partition key value and sort key value if the table has one.
pub(crate) type PKey = (KeyVal, Option<KeyVal>);

pub(crate) fn render_key(k: &PKey) -> String {
    match &k.1 {
        Some(r) => format!("{} {}", k.0.render(), r.render()),
        None => k.0.render(),
    }
}

/// DynamoDB reads at most this much item data per Query or Scan page.
const PAGE_BYTES: usize = 1024 * 1024;
const MAX_ITEM_BYTES: usize = 400 * 1024;

/// What a write does once its condition held.
enum Action {
    Check,
    Put(Item),
    Delete,
    Update(Update),
}

/// One parsed write (PutItem, UpdateItem, DeleteItem or one item of
/// TransactWriteItems): everything static is checked already.
struct Write {
    key: PKey,
    condition: Option<Cond>,
    action: Action,
    old_on_failure: bool,
}

/// What a write changes.
enum Effect {
    Keep,
    Store(Item),
    Remove,
}

fn str_field<'a>(req: &'a Value, field: &str) -> Result<Option<&'a str>> {
    match req.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(DdbError::new(
            "SerializationException",
            format!("Unexpected value type in payload for {field}"),
        )),
    }
}

fn required<'a>(req: &'a Value, field: &str, path: &str) -> Result<&'a Value> {
    match req.get(field) {
        None | Some(Value::Null) => Err(DdbError::validation(format!(
            "1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null"
        ))),
        Some(v) => Ok(v),
    }
}

fn enum_field<'a>(
    req: &'a Value,
    field: &str,
    allowed: &[&str],
    default: &'a str,
) -> Result<&'a str> {
    let v = str_field(req, field)?.unwrap_or(default);
    if allowed.contains(&v) {
        Ok(v)
    } else {
        let mut camel = field.to_owned();
        camel[..1].make_ascii_lowercase();
        Err(DdbError::validation(format!(
            "1 validation error detected: Value '{v}' at '{camel}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        )))
    }
}

fn old_on_failure(req: &Value) -> Result<bool> {
    Ok(enum_field(
        req,
        "ReturnValuesOnConditionCheckFailure",
        &["ALL_OLD", "NONE"],
        "NONE",
    )? == "ALL_OLD")
}

const EXPRESSIONS: [&str; 5] = [
    "ConditionExpression",
    "FilterExpression",
    "KeyConditionExpression",
    "UpdateExpression",
    "ProjectionExpression",
];

const LEGACY: [&str; 7] = [
    "AttributesToGet",
    "Expected",
    "KeyConditions",
    "QueryFilter",
    "ScanFilter",
    "AttributeUpdates",
    "ConditionalOperator",
];

fn placeholders(req: &Value) -> Result<Placeholders> {
    if let Some(legacy) = LEGACY
        .iter()
        .find(|f| !req.get(**f).is_none_or(Value::is_null))
    {
        return Err(DdbError::validation(format!(
            "the DynamoDB stand-in does not implement the legacy parameter {legacy}; use expressions"
        )));
    }
    let has = EXPRESSIONS
        .iter()
        .any(|f| !req.get(*f).is_none_or(Value::is_null));
    Placeholders::from_request(req, has)
}

fn parse_cond(req: &Value, field: &str, kind: Kind, ph: &mut Placeholders) -> Result<Option<Cond>> {
    str_field(req, field)?
        .map(|src| parse_condition(src, kind, ph))
        .transpose()
}

fn parse_proj(req: &Value, ph: &mut Placeholders) -> Result<Option<Vec<Path>>> {
    str_field(req, "ProjectionExpression")?
        .map(|src| parse_projection(src, ph))
        .transpose()
}

fn attributes(out: &mut Map<String, Value>, item: Option<Item>) {
    if let Some(item) = item.filter(|i| !i.is_empty()) {
        out.insert("Attributes".into(), item_to_json(&item));
    }
}

fn reason(e: &DdbError) -> Value {
    let mut r = Map::new();
    let code = match e.code.as_str() {
        "ConditionalCheckFailedException" => "ConditionalCheckFailed",
        "ValidationException" => "ValidationError",
        other => other,
    };
    r.insert("Code".into(), json!(code));
    r.insert("Message".into(), json!(e.message));
    if let Some(item) = e.extra.get("Item") {
        r.insert("Item".into(), item.clone());
    }
    Value::Object(r)
}

/// The table: items by primary key, in key order.
#[derive(Debug)]
pub(crate) struct Table {
    pub schema: Schema,
    items: BTreeMap<PKey, Item>,
}

impl Table {
    pub fn new(schema: Schema) -> Table {
        Table {
            schema,
            items: BTreeMap::new(),
        }
    }

    pub fn items(&self) -> impl Iterator<Item = (&PKey, &Item)> {
        self.items.iter()
    }

    fn key_names(&self) -> Vec<&str> {
        let mut v = vec![self.schema.hash.0.as_str()];
        if let Some((r, _)) = &self.schema.range {
            v.push(r);
        }
        v
    }

    fn index(&self, name: &str) -> Result<&GlobalIndex> {
        self.schema
            .indexes
            .iter()
            .find(|i| i.name == name)
            .ok_or_else(|| {
                DdbError::validation(format!(
                    "The table does not have the specified index: {name}"
                ))
            })
    }

    fn key_item(&self, key: &PKey) -> Item {
        let mut item = Item::new();
        item.insert(self.schema.hash.0.clone(), key.0.to_av());
        if let (Some((r, _)), Some(v)) = (&self.schema.range, &key.1) {
            item.insert(r.clone(), v.to_av());
        }
        item
    }

    /// The primary key of a `Key` parameter: exactly the key attributes,
    /// of the right types.
    fn key_param(&self, key: &Value) -> Result<PKey> {
        let item = item_from_json(key)?;
        let mismatch =
            || DdbError::validation("The provided key element does not match the schema");
        if item.len() != self.key_names().len() {
            return Err(mismatch());
        }
        let part = |(name, ty): &(String, KeyType)| -> Result<KeyVal> {
            let v = item.get(name).and_then(KeyVal::of).ok_or_else(mismatch)?;
            if v.key_type() != *ty {
                return Err(mismatch());
            }
            empty_key_check(&v, name)?;
            Ok(v)
        };
        let hash = part(&self.schema.hash)?;
        let range = self.schema.range.as_ref().map(part).transpose()?;
        key_limits(&hash, range.as_ref())?;
        Ok((hash, range))
    }

    /// The primary key of a whole item (PutItem).
    fn item_key(&self, item: &Item) -> Result<PKey> {
        let part = |(name, ty): &(String, KeyType)| -> Result<KeyVal> {
            let av = item.get(name).ok_or_else(|| {
                DdbError::validation(format!(
                    "One or more parameter values were invalid: Missing the key {name} in the item"
                ))
            })?;
            let v = KeyVal::of(av).filter(|v| v.key_type() == *ty).ok_or_else(|| {
                DdbError::validation(format!(
                    "One or more parameter values were invalid: Type mismatch for key {name} expected: {} actual: {}",
                    ty.name(),
                    av.type_name()
                ))
            })?;
            empty_key_check(&v, name)?;
            Ok(v)
        };
        let hash = part(&self.schema.hash)?;
        let range = self.schema.range.as_ref().map(part).transpose()?;
        key_limits(&hash, range.as_ref())?;
        Ok((hash, range))
    }

    /// What DynamoDB checks of every item it stores: index key attributes
    /// (when present) of the index's types and not empty, and the size.
    fn check_item(&self, item: &Item, updating: bool) -> Result<()> {
        for idx in &self.schema.indexes {
            for (name, ty) in std::iter::once(&idx.hash).chain(idx.range.as_ref()) {
                let Some(av) = item.get(name) else { continue };
                if KeyVal::of(av).map(|k| k.key_type()) != Some(*ty) {
                    return Err(DdbError::validation(format!(
                        "One or more parameter values were invalid: Type mismatch for Index Key {name} Expected: {} Actual: {} IndexName: {}",
                        ty.name(),
                        av.type_name(),
                        idx.name
                    )));
                }
                if matches!(av, Av::S(s) if s.is_empty()) || matches!(av, Av::B(b) if b.is_empty())
                {
                    return Err(DdbError::validation(format!(
                        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: {}, IndexKey: {name}",
                        idx.name
                    )));
                }
            }
        }
        if item_size(item) > MAX_ITEM_BYTES {
            return Err(DdbError::validation(if updating {
                "Item size to update has exceeded the maximum allowed size"
            } else {
                "Item size has exceeded the maximum allowed size"
            }));
        }
        Ok(())
    }

    // ------------------------------------------------------------ writes

    fn parse_write(&self, kind: &str, req: &Value, ph: &mut Placeholders) -> Result<Write> {
        let condition = parse_cond(req, "ConditionExpression", Kind::Condition, ph)?;
        let (key, action) = match kind {
            "Put" => {
                let item = item_from_json(required(req, "Item", "item")?)?;
                let key = self.item_key(&item)?;
                self.check_item(&item, false)?;
                (key, Action::Put(item))
            }
            "Delete" => (
                self.key_param(required(req, "Key", "key")?)?,
                Action::Delete,
            ),
            "Check" => {
                if condition.is_none() {
                    required(req, "ConditionExpression", "conditionExpression")?;
                }
                (self.key_param(required(req, "Key", "key")?)?, Action::Check)
            }
            _ => {
                let key = self.key_param(required(req, "Key", "key")?)?;
                let update = match str_field(req, "UpdateExpression")? {
                    Some(src) => parse_update(src, ph)?,
                    None => Update::default(),
                };
                for p in update.paths() {
                    if let Some(PathElem::Attr(a)) = p.first() {
                        if self.key_names().contains(&a.as_str()) {
                            return Err(DdbError::validation(format!(
                                "One or more parameter values were invalid: Cannot update attribute {a}. This attribute is part of the key"
                            )));
                        }
                    }
                }
                (key, Action::Update(update))
            }
        };
        Ok(Write {
            key,
            condition,
            action,
            old_on_failure: old_on_failure(req)?,
        })
    }

    /// Checks the condition and works out the write's effect, changing
    /// nothing. Fails with ConditionalCheckFailedException (carrying the
    /// item when asked to) or a ValidationException found at run time.
    fn execute(&self, w: &Write) -> Result<(Option<&Item>, Effect)> {
        let old = self.items.get(&w.key);
        if let Some(c) = &w.condition {
            if !eval(c, old) {
                let item = old.filter(|_| w.old_on_failure).map(item_to_json);
                return Err(DdbError::condition_failed(item));
            }
        }
        let effect = match &w.action {
            Action::Check => Effect::Keep,
            Action::Put(item) => Effect::Store(item.clone()),
            Action::Delete => Effect::Remove,
            Action::Update(u) => {
                let base = old.cloned().unwrap_or_else(|| self.key_item(&w.key));
                let new = apply_update(u, &base)?;
                self.check_item(&new, true)?;
                Effect::Store(new)
            }
        };
        Ok((old, effect))
    }

    fn commit(&mut self, key: PKey, effect: Effect) {
        match effect {
            Effect::Keep => {}
            Effect::Store(item) => {
                self.items.insert(key, item);
            }
            Effect::Remove => {
                self.items.remove(&key);
            }
        }
    }

    fn put_item(&mut self, req: &Value) -> Result<Value> {
        let mut ph = placeholders(req)?;
        let w = self.parse_write("Put", req, &mut ph)?;
        ph.check_all_used()?;
        let all_old = match str_field(req, "ReturnValues")?.unwrap_or("NONE") {
            "NONE" => false,
            "ALL_OLD" => true,
            _ => {
                return Err(DdbError::validation(
                    "ReturnValues can only be ALL_OLD or NONE",
                ))
            }
        };
        let (old, effect) = self.execute(&w)?;
        let mut out = Map::new();
        attributes(&mut out, old.filter(|_| all_old).cloned());
        self.commit(w.key, effect);
        Ok(Value::Object(out))
    }

    fn delete_item(&mut self, req: &Value) -> Result<Value> {
        let mut ph = placeholders(req)?;
        let w = self.parse_write("Delete", req, &mut ph)?;
        ph.check_all_used()?;
        let all_old = match str_field(req, "ReturnValues")?.unwrap_or("NONE") {
            "NONE" => false,
            "ALL_OLD" => true,
            _ => {
                return Err(DdbError::validation(
                    "ReturnValues can only be ALL_OLD or NONE",
                ))
            }
        };
        let (old, effect) = self.execute(&w)?;
        let mut out = Map::new();
        attributes(&mut out, old.filter(|_| all_old).cloned());
        self.commit(w.key, effect);
        Ok(Value::Object(out))
    }

    fn update_item(&mut self, req: &Value) -> Result<Value> {
        let mut ph = placeholders(req)?;
        let w = self.parse_write("Update", req, &mut ph)?;
        ph.check_all_used()?;
        let rv = enum_field(
            req,
            "ReturnValues",
            &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
            "NONE",
        )?;
        let (old, effect) = self.execute(&w)?;
        let old = old.cloned();
        let Action::Update(u) = &w.action else {
            unreachable!("parsed as an update")
        };
        let paths = u.paths();
        let new = match &effect {
            Effect::Store(item) => Some(item.clone()),
            _ => None,
        };
        let mut out = Map::new();
        let returned = match rv {
            "ALL_OLD" => old,
            "UPDATED_OLD" => old.map(|o| project(&o, &paths)),
            "ALL_NEW" => new,
            "UPDATED_NEW" => new.map(|n| project(&n, &paths)),
            _ => None,
        };
        attributes(&mut out, returned);
        self.commit(w.key, effect);
        Ok(Value::Object(out))
    }

    fn transact_write_items(&mut self, req: &Value) -> Result<Value> {
        let list = required(req, "TransactItems", "transactItems")?
            .as_array()
            .ok_or_else(|| {
                DdbError::new("SerializationException", "TransactItems must be a list")
            })?;
        if list.is_empty() || list.len() > 100 {
            return Err(DdbError::validation(format!(
                "1 validation error detected: Value '{}' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1",
                list.len()
            )));
        }
        let mut writes = Vec::new();
        for entry in list {
            let obj = entry.as_object().filter(|o| o.len() == 1).ok_or_else(|| {
                DdbError::validation(
                    "TransactItems can only contain one of Check, Put, Update or Delete",
                )
            })?;
            let (kind, body) = obj.iter().next().expect("one entry");
            let kind = match kind.as_str() {
                "ConditionCheck" => "Check",
                "Put" => "Put",
                "Delete" => "Delete",
                "Update" => {
                    required(body, "UpdateExpression", "updateExpression")?;
                    "Update"
                }
                _ => {
                    return Err(DdbError::validation(
                        "TransactItems can only contain one of Check, Put, Update or Delete",
                    ))
                }
            };
            let mut ph = placeholders(body)?;
            let w = self.parse_write(kind, body, &mut ph)?;
            ph.check_all_used()?;
            if writes.iter().any(|o: &Write| o.key == w.key) {
                return Err(DdbError::validation(
                    "Transaction request cannot include multiple operations on one item",
                ));
            }
            writes.push(w);
        }
        // All conditions against the same state; the items are distinct, so
        // each one's effect does not depend on the others'.
        let mut reasons = Vec::new();
        let mut effects = Vec::new();
        for w in &writes {
            match self.execute(w) {
                Ok((_, effect)) => {
                    reasons.push(json!({"Code": "None"}));
                    effects.push(effect);
                }
                Err(e) => reasons.push(reason(&e)),
            }
        }
        if effects.len() < writes.len() {
            let codes: Vec<&str> = reasons
                .iter()
                .map(|r| r["Code"].as_str().unwrap_or("None"))
                .collect();
            let mut e = DdbError::new(
                "TransactionCanceledException",
                format!(
                    "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
                    codes.join(", ")
                ),
            );
            e.extra
                .insert("CancellationReasons".into(), Value::Array(reasons));
            return Err(e);
        }
        for (w, effect) in writes.into_iter().zip(effects) {
            self.commit(w.key, effect);
        }
        Ok(json!({}))
    }

    fn batch_write_item(&mut self, req: &Value) -> Result<Value> {
        let tables = required(req, "RequestItems", "requestItems")?
            .as_object()
            .ok_or_else(|| DdbError::new("SerializationException", "RequestItems must be a map"))?;
        let mut writes: Vec<(PKey, Effect)> = Vec::new();
        for requests in tables.values() {
            for r in requests.as_array().into_iter().flatten() {
                let (key, effect) = if let Some(put) = r.get("PutRequest") {
                    let item = item_from_json(required(put, "Item", "item")?)?;
                    let key = self.item_key(&item)?;
                    self.check_item(&item, false)?;
                    (key, Effect::Store(item))
                } else if let Some(del) = r.get("DeleteRequest") {
                    (
                        self.key_param(required(del, "Key", "key")?)?,
                        Effect::Remove,
                    )
                } else {
                    return Err(DdbError::validation(
                        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
                    ));
                };
                if writes.iter().any(|(k, _)| *k == key) {
                    return Err(DdbError::validation(
                        "Provided list of item keys contains duplicates",
                    ));
                }
                writes.push((key, effect));
            }
        }
        if writes.is_empty() || writes.len() > 25 {
            return Err(DdbError::validation(
                "Too many items requested for the BatchWriteItem call",
            ));
        }
        for (key, effect) in writes {
            self.commit(key, effect);
        }
        Ok(json!({"UnprocessedItems": {}}))
    }

    // ------------------------------------------------------------ reads

    fn get_item(&self, req: &Value) -> Result<Value> {
        let mut ph = placeholders(req)?;
        let key = self.key_param(required(req, "Key", "key")?)?;
        let proj = parse_proj(req, &mut ph)?;
        ph.check_all_used()?;
        Ok(match self.items.get(&key) {
            Some(item) => {
                let item = match &proj {
                    Some(paths) => project(item, paths),
                    None => item.clone(),
                };
                json!({"Item": item_to_json(&item)})
            }
            None => json!({}),
        })
    }

    fn batch_get_item(&self, req: &Value) -> Result<Value> {
        let tables = required(req, "RequestItems", "requestItems")?
            .as_object()
            .ok_or_else(|| DdbError::new("SerializationException", "RequestItems must be a map"))?;
        let total: usize = tables
            .values()
            .map(|t| t["Keys"].as_array().map_or(0, Vec::len))
            .sum();
        if total > 100 {
            return Err(DdbError::validation(
                "Too many items requested for the BatchGetItem call",
            ));
        }
        let mut responses = Map::new();
        for (name, spec) in tables {
            let mut ph = placeholders(spec)?;
            let proj = parse_proj(spec, &mut ph)?;
            ph.check_all_used()?;
            let keys = required(spec, "Keys", "keys")?
                .as_array()
                .ok_or_else(|| DdbError::new("SerializationException", "Keys must be a list"))?;
            let mut seen = BTreeSet::new();
            let mut found = Vec::new();
            for k in keys {
                let key = self.key_param(k)?;
                if !seen.insert(key.clone()) {
                    return Err(DdbError::validation(
                        "Provided list of item keys contains duplicates",
                    ));
                }
                if let Some(item) = self.items.get(&key) {
                    let item = match &proj {
                        Some(paths) => project(item, paths),
                        None => item.clone(),
                    };
                    found.push(item_to_json(&item));
                }
            }
            responses.insert(name.clone(), Value::Array(found));
        }
        Ok(json!({"Responses": responses, "UnprocessedKeys": {}}))
    }

    fn transact_get_items(&self, req: &Value) -> Result<Value> {
        let list = required(req, "TransactItems", "transactItems")?
            .as_array()
            .ok_or_else(|| {
                DdbError::new("SerializationException", "TransactItems must be a list")
            })?;
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for entry in list {
            let get = required(entry, "Get", "get")?;
            let mut ph = placeholders(get)?;
            let key = self.key_param(required(get, "Key", "key")?)?;
            let proj = parse_proj(get, &mut ph)?;
            ph.check_all_used()?;
            if !seen.insert(key.clone()) {
                return Err(DdbError::validation(
                    "Transaction request cannot include multiple operations on one item",
                ));
            }
            out.push(match self.items.get(&key) {
                Some(item) => {
                    let item = match &proj {
                        Some(p) => project(item, p),
                        None => item.clone(),
                    };
                    json!({"Item": item_to_json(&item)})
                }
                None => json!({}),
            });
        }
        Ok(json!({"Responses": out}))
    }

    /// The items a Query or Scan reads, in order, each with its position
    /// (the sort order: index keys then table keys) and what is visible of
    /// it (an index holds only its projection).
    /// The rows of the table or of `index` that `keep` accepts (given the
    /// row's position and the full item), in key order. `keep` runs before a
    /// row is copied, so a Query costs what its key range holds, as in
    /// DynamoDB, not what the whole index holds.
    fn rows(
        &self,
        index: Option<&GlobalIndex>,
        keep: impl Fn(&[KeyVal], &Item) -> bool,
    ) -> Vec<(Vec<KeyVal>, Item, &Item)> {
        let mut rows = Vec::new();
        for (pk, item) in &self.items {
            let mut pos = Vec::new();
            if let Some(idx) = index {
                let hash = item.get(&idx.hash.0).and_then(KeyVal::of);
                let Some(hash) = hash else { continue };
                pos.push(hash);
                if let Some((r, _)) = &idx.range {
                    let Some(range) = item.get(r).and_then(KeyVal::of) else {
                        continue;
                    };
                    pos.push(range);
                }
            }
            pos.push(pk.0.clone());
            pos.extend(pk.1.clone());
            if !keep(&pos, item) {
                continue;
            }
            let visible = match index {
                None => item.clone(),
                Some(idx) => self.index_view(idx, item),
            };
            rows.push((pos, visible, item));
        }
        if index.is_some() {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
        }
        rows
    }

    fn index_keys<'a>(&'a self, idx: &'a GlobalIndex) -> Vec<&'a str> {
        let mut names = vec![idx.hash.0.as_str()];
        names.extend(idx.range.as_ref().map(|r| r.0.as_str()));
        for k in self.key_names() {
            if !names.contains(&k) {
                names.push(k);
            }
        }
        names
    }

    fn index_view(&self, idx: &GlobalIndex, item: &Item) -> Item {
        let keys = self.index_keys(idx);
        item.iter()
            .filter(|(k, _)| match &idx.projection {
                Projection::All => true,
                Projection::KeysOnly => keys.contains(&k.as_str()),
                Projection::Include(extra) => keys.contains(&k.as_str()) || extra.contains(k),
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The position an ExclusiveStartKey stands for.
    fn start_position(&self, esk: &Value, index: Option<&GlobalIndex>) -> Result<Vec<KeyVal>> {
        let item = item_from_json(esk)?;
        let invalid = || {
            DdbError::validation(
                "The provided starting key is invalid: The provided key element does not match the schema",
            )
        };
        let mut wanted: Vec<&(String, KeyType)> = Vec::new();
        if let Some(idx) = index {
            wanted.push(&idx.hash);
            wanted.extend(idx.range.as_ref());
        }
        wanted.push(&self.schema.hash);
        wanted.extend(self.schema.range.as_ref());
        let names: BTreeSet<&str> = wanted.iter().map(|(n, _)| n.as_str()).collect();
        if item.len() != names.len() || !item.keys().all(|k| names.contains(k.as_str())) {
            return Err(invalid());
        }
        wanted
            .iter()
            .map(|(name, ty)| {
                item.get(name)
                    .and_then(KeyVal::of)
                    .filter(|v| v.key_type() == *ty)
                    .ok_or_else(invalid)
            })
            .collect()
    }

    fn last_key(&self, item: &Item, index: Option<&GlobalIndex>) -> Value {
        let names = match index {
            Some(idx) => self.index_keys(idx),
            None => self.key_names(),
        };
        let key: Item = names
            .into_iter()
            .filter_map(|n| item.get(n).map(|v| (n.to_owned(), v.clone())))
            .collect();
        item_to_json(&key)
    }

    fn query(&self, req: &Value) -> Result<Value> {
        self.read(req, true)
    }

    fn scan(&self, req: &Value) -> Result<Value> {
        self.read(req, false)
    }

    /// Query (`is_query`) or Scan.
    fn read(&self, req: &Value, is_query: bool) -> Result<Value> {
        let index = str_field(req, "IndexName")?
            .map(|n| self.index(n))
            .transpose()?;
        if index.is_some() && req["ConsistentRead"] == json!(true) {
            return Err(DdbError::validation(
                "Consistent reads are not supported on global secondary indexes",
            ));
        }
        let mut ph = placeholders(req)?;
        let (hash_name, range_name) = match index {
            Some(idx) => (idx.hash.clone(), idx.range.clone()),
            None => (self.schema.hash.clone(), self.schema.range.clone()),
        };
        let key_cond = if is_query {
            let src = str_field(req, "KeyConditionExpression")?.ok_or_else(|| {
                DdbError::validation(
                    "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
                )
            })?;
            Some(parse_condition(src, Kind::KeyCondition, &mut ph)?)
        } else {
            None
        };
        let filter = parse_cond(req, "FilterExpression", Kind::Filter, &mut ph)?;
        let proj = parse_proj(req, &mut ph)?;
        ph.check_all_used()?;
        let key_cond = key_cond
            .map(|c| key_condition(c, &hash_name.0, range_name.as_ref().map(|r| r.0.as_str())))
            .transpose()?;
        if let Some((hash, range)) = &key_cond {
            let mismatch = || {
                DdbError::validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type",
                )
            };
            if KeyVal::of(hash).map(|k| k.key_type()) != Some(hash_name.1) {
                return Err(mismatch());
            }
            if let (Some(range), Some((_, ty))) = (range, &range_name) {
                if range
                    .values()
                    .iter()
                    .any(|v| KeyVal::of(v).map(|k| k.key_type()) != Some(*ty))
                {
                    return Err(mismatch());
                }
            }
            if let Some(f) = &filter {
                let mut names = BTreeSet::new();
                expr::top_level_names(f, &mut names);
                let keys = std::iter::once(&hash_name.0).chain(range_name.as_ref().map(|r| &r.0));
                for k in keys {
                    if names.contains(k) {
                        return Err(DdbError::validation(format!(
                            "Filter Expression can only contain non-primary key attributes: Primary key attribute: {k}"
                        )));
                    }
                }
            }
        }
        let select = enum_field(
            req,
            "Select",
            &[
                "ALL_ATTRIBUTES",
                "ALL_PROJECTED_ATTRIBUTES",
                "SPECIFIC_ATTRIBUTES",
                "COUNT",
            ],
            if proj.is_some() {
                "SPECIFIC_ATTRIBUTES"
            } else if index.is_some() {
                "ALL_PROJECTED_ATTRIBUTES"
            } else {
                "ALL_ATTRIBUTES"
            },
        )?;
        match select {
            "SPECIFIC_ATTRIBUTES" if proj.is_none() => {
                return Err(DdbError::validation(
                    "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires AttributesToGet or ProjectionExpression",
                ))
            }
            "ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "COUNT" if proj.is_some() => {
                return Err(DdbError::validation(format!(
                    "One or more parameter values were invalid: Cannot specify the ProjectionExpression when choosing to get {select}"
                )))
            }
            "ALL_PROJECTED_ATTRIBUTES" if index.is_none() => {
                return Err(DdbError::validation(
                    "One or more parameter values were invalid: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                ))
            }
            "ALL_ATTRIBUTES" => {
                if let Some(idx) = index.filter(|i| i.projection != Projection::All) {
                    return Err(DdbError::validation(format!(
                        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {} because its projection type is not ALL",
                        idx.name
                    )));
                }
            }
            _ => {}
        }
        let limit = match req.get("Limit").filter(|v| !v.is_null()) {
            None => None,
            Some(v) => match v.as_i64() {
                Some(n) if n >= 1 => Some(n as usize),
                _ => {
                    return Err(DdbError::validation(format!(
                        "1 validation error detected: Value '{v}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
                    )))
                }
            },
        };
        let segment = match (req.get("Segment").and_then(Value::as_u64), req.get("TotalSegments").and_then(Value::as_u64)) {
            (None, None) => None,
            (Some(s), Some(t)) if !is_query && t >= 1 && s < t => Some((s, t)),
            _ => {
                return Err(DdbError::validation(
                    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
                ))
            }
        };
        let start = req
            .get("ExclusiveStartKey")
            .filter(|v| !v.is_null())
            .map(|esk| self.start_position(esk, index))
            .transpose()?;
        if let (Some(start), Some((hash, range))) = (&start, &key_cond) {
            if Some(&start[0]) != KeyVal::of(hash).as_ref() {
                return Err(DdbError::validation(
                    "The provided starting key is outside query boundaries based on provided conditions",
                ));
            }
            if let Some(rc) = range {
                if !rc.matches(&start[1].to_av()) {
                    return Err(DdbError::validation(
                        "The provided starting key does not match the range key predicate",
                    ));
                }
            }
        }
        let forward = req.get("ScanIndexForward") != Some(&json!(false)) || !is_query;

        let wanted = key_cond
            .as_ref()
            .map(|(hash, range)| (KeyVal::of(hash), range));
        let mut rows = self.rows(index, |pos, item| match &wanted {
            None => true,
            Some((hash, range)) => {
                Some(&pos[0]) == hash.as_ref()
                    && match (range, &range_name) {
                        // The range key is projected into every index, so the
                        // full item's value is the one the index shows.
                        (Some(rc), Some((r, _))) => item.get(r).is_some_and(|v| rc.matches(v)),
                        _ => true,
                    }
            }
        });
        if let Some((s, t)) = segment {
            rows.retain(|(_, _, item)| {
                let h = item
                    .get(&self.schema.hash.0)
                    .map(|v| v.to_json().to_string());
                fnv(h.unwrap_or_default().as_bytes()) % t == s
            });
        }
        if !forward {
            rows.reverse();
        }
        if let Some(start) = &start {
            rows.retain(|(pos, _, _)| if forward { pos > start } else { pos < start });
        }

        let (mut scanned, mut bytes) = (0usize, 0usize);
        let mut items = Vec::new();
        let mut last = None;
        for (_, visible, full) in &rows {
            scanned += 1;
            bytes += item_size(visible);
            if filter.as_ref().is_none_or(|f| eval(f, Some(visible))) {
                items.push(match &proj {
                    Some(paths) => project(visible, paths),
                    None => visible.clone(),
                });
            }
            // No look-ahead, as DynamoDB: stopping at the limit or at 1 MB
            // gives a LastEvaluatedKey even when nothing follows.
            if limit == Some(scanned) || bytes >= PAGE_BYTES {
                last = Some(self.last_key(full, index));
                break;
            }
        }
        let mut out = Map::new();
        out.insert("Count".into(), json!(items.len()));
        out.insert("ScannedCount".into(), json!(scanned));
        if select != "COUNT" {
            out.insert(
                "Items".into(),
                Value::Array(items.iter().map(item_to_json).collect()),
            );
        }
        if let Some(k) = last {
            out.insert("LastEvaluatedKey".into(), k);
        }
        Ok(Value::Object(out))
    }

    fn describe_table(&self, req: &Value) -> Result<Value> {
        let name = str_field(req, "TableName")?.unwrap_or("table");
        let schema_of = |h: &(String, KeyType), r: &Option<(String, KeyType)>| {
            let mut v = vec![json!({"AttributeName": h.0, "KeyType": "HASH"})];
            if let Some((r, _)) = r {
                v.push(json!({"AttributeName": r, "KeyType": "RANGE"}));
            }
            v
        };
        let mut defs: BTreeMap<String, &str> = BTreeMap::new();
        let mut add = |(n, t): &(String, KeyType)| {
            defs.insert(n.clone(), t.name());
        };
        add(&self.schema.hash);
        self.schema.range.iter().for_each(&mut add);
        for idx in &self.schema.indexes {
            add(&idx.hash);
            idx.range.iter().for_each(&mut add);
        }
        let indexes: Vec<Value> = self
            .schema
            .indexes
            .iter()
            .map(|idx| {
                let projection = match &idx.projection {
                    Projection::All => json!({"ProjectionType": "ALL"}),
                    Projection::KeysOnly => json!({"ProjectionType": "KEYS_ONLY"}),
                    Projection::Include(a) => {
                        json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": a})
                    }
                };
                json!({
                    "IndexName": idx.name,
                    "KeySchema": schema_of(&idx.hash, &idx.range),
                    "Projection": projection,
                    "IndexStatus": "ACTIVE",
                })
            })
            .collect();
        let mut table = json!({
            "TableName": name,
            "TableStatus": "ACTIVE",
            "KeySchema": schema_of(&self.schema.hash, &self.schema.range),
            "AttributeDefinitions": defs.iter().map(|(n, t)| json!({"AttributeName": n, "AttributeType": t})).collect::<Vec<_>>(),
            "ItemCount": self.items.len(),
            "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
        });
        if !indexes.is_empty() {
            table["GlobalSecondaryIndexes"] = Value::Array(indexes);
        }
        Ok(json!({"Table": table}))
    }

    /// Runs one operation (the `X-Amz-Target` suffix).
    pub fn handle(&mut self, op: &str, req: &Value) -> Result<Value> {
        // "The maximum length of any expression string is 4 KB" (DynamoDB
        // quotas); checked before anything else, as DynamoDB does.
        for field in [
            "UpdateExpression",
            "ConditionExpression",
            "KeyConditionExpression",
            "FilterExpression",
            "ProjectionExpression",
        ] {
            if let Some(e) = req.get(field).and_then(Value::as_str) {
                if e.len() > 4096 {
                    let what = field.trim_end_matches("Expression");
                    return Err(DdbError::validation(format!(
                        "Invalid {what}Expression: Expression size has exceeded the maximum allowed size; expression size: {}",
                        e.len()
                    )));
                }
            }
        }
        match op {
            "GetItem" => self.get_item(req),
            "PutItem" => self.put_item(req),
            "UpdateItem" => self.update_item(req),
            "DeleteItem" => self.delete_item(req),
            "Query" => self.query(req),
            "Scan" => self.scan(req),
            "BatchGetItem" => self.batch_get_item(req),
            "BatchWriteItem" => self.batch_write_item(req),
            "TransactWriteItems" => self.transact_write_items(req),
            "TransactGetItems" => self.transact_get_items(req),
            "DescribeTable" => self.describe_table(req),
            other => Err(DdbError::new(
                "UnknownOperationException",
                format!("the DynamoDB stand-in does not implement {other}"),
            )),
        }
    }

    /// Seeds an item directly (tests).
    pub fn insert(&mut self, item: Item) -> Result<()> {
        let key = self.item_key(&item)?;
        self.check_item(&item, false)?;
        self.items.insert(key, item);
        Ok(())
    }

    /// The keys a request names, for the call log: `pk` (or `pk sk`) of
    /// each item it reads or writes; for a Query the index and partition
    /// value; nothing when it cannot tell.
    pub fn describe(&self, op: &str, req: &Value) -> String {
        let key_of = |v: &Value| -> Option<String> {
            let item = item_from_json(v).ok()?;
            let hash = item.get(&self.schema.hash.0).and_then(KeyVal::of)?;
            let range = match &self.schema.range {
                Some((r, _)) => Some(item.get(r).and_then(KeyVal::of)?),
                None => None,
            };
            Some(render_key(&(hash, range)))
        };
        let mut keys: Vec<String> = Vec::new();
        match op {
            "GetItem" | "UpdateItem" | "DeleteItem" => keys.extend(key_of(&req["Key"])),
            "PutItem" => keys.extend(key_of(&req["Item"])),
            "BatchGetItem" => {
                for spec in req["RequestItems"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    for k in spec["Keys"].as_array().into_iter().flatten() {
                        keys.extend(key_of(k));
                    }
                }
            }
            "BatchWriteItem" => {
                for list in req["RequestItems"]
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.values())
                {
                    for r in list.as_array().into_iter().flatten() {
                        keys.extend(key_of(&r["PutRequest"]["Item"]));
                        keys.extend(key_of(&r["DeleteRequest"]["Key"]));
                    }
                }
            }
            "TransactWriteItems" | "TransactGetItems" => {
                for entry in req["TransactItems"].as_array().into_iter().flatten() {
                    for body in entry.as_object().into_iter().flat_map(|m| m.values()) {
                        keys.extend(key_of(&body["Key"]).or_else(|| key_of(&body["Item"])));
                    }
                }
            }
            "Query" | "Scan" => {
                keys.extend(req["IndexName"].as_str().map(str::to_owned));
                if let Some(hash) = self.query_hash(req) {
                    keys.push(hash);
                }
            }
            _ => {}
        }
        keys.join(" ")
    }

    fn query_hash(&self, req: &Value) -> Option<String> {
        let src = req["KeyConditionExpression"].as_str()?;
        let mut ph = Placeholders::from_request(req, true).ok()?;
        let c = parse_condition(src, Kind::KeyCondition, &mut ph).ok()?;
        let hash_name = match req["IndexName"].as_str() {
            Some(n) => &self.index(n).ok()?.hash.0,
            None => &self.schema.hash.0,
        };
        let hash = expr::equality_value(&c, hash_name)?;
        KeyVal::of(&hash).map(|k| k.render())
    }
}

fn empty_key_check(v: &KeyVal, name: &str) -> Result<()> {
    let empty = match v {
        KeyVal::S(s) => s.is_empty(),
        KeyVal::B(b) => b.is_empty(),
        KeyVal::N(_) => false,
    };
    if empty {
        return Err(DdbError::validation(format!(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {name}"
        )));
    }
    Ok(())
}

/// DynamoDB's key size limits: 2048 bytes of partition key, 1024 of sort
/// key (the messages as DynamoDB words them, missing space included).
fn key_limits(hash: &KeyVal, range: Option<&KeyVal>) -> Result<()> {
    let size = |k: &KeyVal| match k {
        KeyVal::S(s) => s.len(),
        KeyVal::B(b) => b.len(),
        KeyVal::N(n) => n.size(),
    };
    if size(hash) > 2048 {
        return Err(DdbError::validation(
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
        ));
    }
    if range.is_some_and(|r| size(r) > 1024) {
        return Err(DdbError::validation(
            "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
        ));
    }
    Ok(())
}

/// FNV-1a, to spread partition keys over Scan segments.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
