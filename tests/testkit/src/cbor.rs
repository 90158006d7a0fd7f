//! JSON <-> CBOR for the Smithy RPC v2 CBOR protocol (AWS Health in current
//! SDKs). Timestamps travel as CBOR tag 1 (epoch seconds); the stubs are
//! configured in JSON, so numbers under keys ending in `Time` (`startTime`,
//! `endTime`, `lastUpdatedTime`) are sent as timestamps.

use minicbor::data::{IanaTag, Type};
use minicbor::{Decoder, Encoder};
use serde_json::{Map, Number, Value};

pub(crate) fn encode(v: &Value) -> Vec<u8> {
    let mut e = Encoder::new(Vec::new());
    put(&mut e, v, false);
    e.into_writer()
}

fn put(e: &mut Encoder<Vec<u8>>, v: &Value, timestamp: bool) {
    // Writing into a Vec cannot fail.
    let _ = match v {
        Value::Null => e.null(),
        Value::Bool(b) => e.bool(*b),
        Value::Number(n) if timestamp => {
            let _ = e.tag(IanaTag::Timestamp);
            e.f64(n.as_f64().unwrap_or_default())
        }
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => e.u64(u),
            (_, Some(i)) => e.i64(i),
            _ => e.f64(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => e.str(s),
        Value::Array(items) => {
            let _ = e.array(items.len() as u64);
            for item in items {
                put(e, item, false);
            }
            Ok(&mut *e)
        }
        Value::Object(map) => {
            let _ = e.map(map.len() as u64);
            for (k, item) in map {
                let _ = e.str(k);
                put(e, item, k.ends_with("Time"));
            }
            Ok(&mut *e)
        }
    };
}

/// Decodes a CBOR body into JSON (timestamps become epoch seconds); `Null`
/// if empty, a JSON string describing the problem if malformed.
pub(crate) fn decode(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    let mut d = Decoder::new(bytes);
    get(&mut d).unwrap_or_else(|e| Value::String(format!("malformed CBOR: {e}")))
}

fn get(d: &mut Decoder<'_>) -> Result<Value, minicbor::decode::Error> {
    Ok(match d.datatype()? {
        Type::Null | Type::Undefined => {
            d.skip()?;
            Value::Null
        }
        Type::Bool => Value::Bool(d.bool()?),
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => Value::from(d.u64()?),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => Value::from(d.i64()?),
        Type::F16 | Type::F32 | Type::F64 => {
            Number::from_f64(d.f64()?).map_or(Value::Null, Value::Number)
        }
        Type::String | Type::StringIndef => {
            let mut s = String::new();
            for part in d.str_iter()? {
                s.push_str(part?);
            }
            Value::String(s)
        }
        Type::Array | Type::ArrayIndef => {
            let mut items = Vec::new();
            match d.array()? {
                Some(n) => {
                    for _ in 0..n {
                        items.push(get(d)?);
                    }
                }
                None => {
                    while d.datatype()? != Type::Break {
                        items.push(get(d)?);
                    }
                    d.skip()?;
                }
            }
            Value::Array(items)
        }
        Type::Map | Type::MapIndef => {
            let mut map = Map::new();
            match d.map()? {
                Some(n) => {
                    for _ in 0..n {
                        let k = d.str()?.to_owned();
                        map.insert(k, get(d)?);
                    }
                }
                None => {
                    while d.datatype()? != Type::Break {
                        let k = d.str()?.to_owned();
                        map.insert(k, get(d)?);
                    }
                    d.skip()?;
                }
            }
            Value::Object(map)
        }
        Type::Tag => {
            d.tag()?;
            get(d)?
        }
        _ => {
            d.skip()?;
            Value::Null
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_survives_a_round_trip_and_times_are_tagged() {
        let v = json!({"a": [1, -2, 1.5, "x", null, true], "startTime": 1587462325.096, "m": {}});
        let bytes = encode(&v);
        // Tag 1 (0xc1) directly before the float (0xfb) of startTime.
        assert!(bytes.windows(2).any(|w| w == [0xc1, 0xfb]));
        assert_eq!(decode(&bytes), v);
    }
}
