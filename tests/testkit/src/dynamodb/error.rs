//! DynamoDB errors as the JSON 1.0 protocol carries them.

use serde_json::{json, Map, Value};

/// One error answer: `__type` code, message, HTTP status and any extra
/// members (`Item` of a failed condition, `CancellationReasons`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DdbError {
    pub code: String,
    pub message: String,
    pub status: u16,
    pub extra: Map<String, Value>,
}

pub(crate) type Result<T, E = DdbError> = std::result::Result<T, E>;

impl DdbError {
    pub fn new(code: &str, message: impl Into<String>) -> DdbError {
        let status = match code {
            "InternalServerError" => 500,
            "ServiceUnavailable" => 503,
            _ => 400,
        };
        DdbError {
            code: code.to_owned(),
            message: message.into(),
            status,
            extra: Map::new(),
        }
    }

    pub fn validation(message: impl Into<String>) -> DdbError {
        DdbError::new("ValidationException", message)
    }

    pub fn condition_failed(item: Option<Value>) -> DdbError {
        let mut e = DdbError::new(
            "ConditionalCheckFailedException",
            "The conditional request failed",
        );
        if let Some(item) = item {
            e.extra.insert("Item".into(), item);
        }
        e
    }

    /// The JSON body. TransactionCanceledException spells its message
    /// `Message` (that is what the SDK's deserializer reads), the others
    /// `message`.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert(
            "__type".into(),
            json!(format!("com.amazonaws.dynamodb.v20120810#{}", self.code)),
        );
        let key = if self.code == "TransactionCanceledException" {
            "Message"
        } else {
            "message"
        };
        body.insert(key.into(), json!(self.message));
        for (k, v) in &self.extra {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    }
}
