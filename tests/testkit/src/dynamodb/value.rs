//! DynamoDB attribute values: parsing from and writing to the wire JSON,
//! equality, ordering and size, with numbers as exact decimals.

use super::error::{DdbError, Result};
use base64::Engine;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// A DynamoDB number: an exact decimal of at most 38 significant digits,
/// `(-1)^neg × digits × 10^scale`. Normalised (no leading or trailing zero
/// digits; zero is no digits), so derived equality is numeric equality and
/// the text written back is DynamoDB's canonical one ("1.50" reads back as
/// "1.5", "1e2" as "100").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Num {
    neg: bool,
    digits: Vec<u8>,
    scale: i32,
}

const MAX_DIGITS: usize = 38;

impl Num {
    pub fn zero() -> Num {
        Num {
            neg: false,
            digits: Vec::new(),
            scale: 0,
        }
    }

    pub fn from_u64(n: u64) -> Num {
        Num::normalised(false, n.to_string().bytes().map(|b| b - b'0').collect(), 0)
    }

    /// Parses DynamoDB's number text: optional sign, digits with an optional
    /// point, optional exponent. Checks DynamoDB's limits.
    pub fn parse(text: &str) -> Result<Num> {
        let bad = || DdbError::validation("A value provided cannot be converted into a number");
        let (neg, rest) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let exp: i64 = match exponent {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                // Saturate: anything this large is out of range anyway.
                e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                    -1_000_000
                } else {
                    1_000_000
                })
            }
        };
        let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
        let scale = (exp - frac.len() as i64).clamp(-1_000_000, 1_000_000) as i32;
        let n = Num::normalised(neg, digits, scale);
        n.check()?;
        Ok(n)
    }

    fn normalised(neg: bool, mut digits: Vec<u8>, mut scale: i32) -> Num {
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead);
        while digits.last() == Some(&0) {
            digits.pop();
            scale += 1;
        }
        if digits.is_empty() {
            return Num::zero();
        }
        Num { neg, digits, scale }
    }

    /// DynamoDB's limits: 38 significant digits, magnitude in
    /// [1e-130, 1e126).
    fn check(&self) -> Result<()> {
        if self.digits.is_empty() {
            return Ok(());
        }
        if self.digits.len() > MAX_DIGITS {
            return Err(DdbError::validation(
                "Attempting to store more than 38 significant digits in a Number",
            ));
        }
        // The most significant digit is 10^(adjusted - 1).
        let adjusted = self.digits.len() as i64 + i64::from(self.scale);
        if adjusted > 126 {
            return Err(DdbError::validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range",
            ));
        }
        if adjusted < -129 {
            return Err(DdbError::validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range",
            ));
        }
        Ok(())
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    fn cmp_magnitude(&self, other: &Num) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        let a = self.digits.len() as i64 + i64::from(self.scale);
        let b = other.digits.len() as i64 + i64::from(other.scale);
        a.cmp(&b).then_with(|| self.digits.cmp(&other.digits))
    }

    /// The digits as a little-endian vector at `scale` (≤ self.scale).
    fn digits_at(&self, scale: i32) -> Vec<u8> {
        let mut v: Vec<u8> = vec![0; (self.scale - scale) as usize];
        v.extend(self.digits.iter().rev());
        v
    }

    /// Exact sum; fails as DynamoDB does when the result leaves its range.
    pub fn add(&self, other: &Num) -> Result<Num> {
        if self.is_zero() {
            return Ok(other.clone());
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let scale = self.scale.min(other.scale);
        let a = self.digits_at(scale);
        let b = other.digits_at(scale);
        let (neg, digits) = if self.neg == other.neg {
            (self.neg, add_le(&a, &b))
        } else {
            match self.cmp_magnitude(other) {
                Ordering::Equal => return Ok(Num::zero()),
                Ordering::Greater => (self.neg, sub_le(&a, &b)),
                Ordering::Less => (other.neg, sub_le(&b, &a)),
            }
        };
        let n = Num::normalised(neg, digits.into_iter().rev().collect(), scale);
        n.check()?;
        Ok(n)
    }

    pub fn neg(&self) -> Num {
        let mut n = self.clone();
        if !n.is_zero() {
            n.neg = !n.neg;
        }
        n
    }

    pub fn sub(&self, other: &Num) -> Result<Num> {
        self.add(&other.neg())
    }

    /// Approximate stored size: one byte per two significant digits, plus one.
    pub fn size(&self) -> usize {
        self.digits.len().div_ceil(2) + 1
    }
}

fn add_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        out.push(s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

/// a - b for |a| ≥ |b|, little-endian digits.
fn sub_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i8;
    for (i, &x) in a.iter().enumerate() {
        let mut d = x as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        out.push(d as u8);
    }
    out
}

impl Ord for Num {
    fn cmp(&self, other: &Num) -> Ordering {
        match (self.is_zero() || !self.neg, other.is_zero() || !other.neg) {
            (true, true) => self.cmp_magnitude(other),
            (false, false) => other.cmp_magnitude(self),
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
        }
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        if self.scale >= 0 {
            s.push_str(&digits);
            s.extend(std::iter::repeat_n('0', self.scale as usize));
        } else {
            let point = self.digits.len() as i64 + i64::from(self.scale);
            if point > 0 {
                let (int, frac) = digits.split_at(point as usize);
                s.push_str(int);
                s.push('.');
                s.push_str(frac);
            } else {
                s.push_str("0.");
                s.extend(std::iter::repeat_n('0', (-point) as usize));
                s.push_str(&digits);
            }
        }
        f.write_str(&s)
    }
}

/// One attribute value. Sets keep the order they were given in (DynamoDB's
/// order is unspecified) and compare as sets.
#[derive(Debug, Clone)]
pub(crate) enum Av {
    S(String),
    N(Num),
    B(Vec<u8>),
    Bool(bool),
    Null,
    M(BTreeMap<String, Av>),
    L(Vec<Av>),
    Ss(Vec<String>),
    Ns(Vec<Num>),
    Bs(Vec<Vec<u8>>),
}

/// An item: attribute name to value.
pub(crate) type Item = BTreeMap<String, Av>;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(v: &Value) -> Result<Vec<u8>> {
    let s = v.as_str().ok_or_else(serialization)?;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| DdbError::new("SerializationException", "Base64 encoded binary is invalid"))
}

fn serialization() -> DdbError {
    DdbError::new("SerializationException", "Unexpected value type in payload")
}

fn has_duplicates<T: PartialEq>(v: &[T]) -> bool {
    v.iter()
        .enumerate()
        .any(|(i, a)| v[..i].iter().any(|b| a == b))
}

fn set_error(what: &str, items: &[String]) -> DdbError {
    DdbError::validation(format!(
        "One or more parameter values were invalid: Input collection [{}] of type {what} contains duplicates.",
        items.join(", ")
    ))
}

impl Av {
    /// The type's code as DynamoDB names it: S, N, B, BOOL, NULL, M, L, SS, NS, BS.
    pub fn type_name(&self) -> &'static str {
        match self {
            Av::S(_) => "S",
            Av::N(_) => "N",
            Av::B(_) => "B",
            Av::Bool(_) => "BOOL",
            Av::Null => "NULL",
            Av::M(_) => "M",
            Av::L(_) => "L",
            Av::Ss(_) => "SS",
            Av::Ns(_) => "NS",
            Av::Bs(_) => "BS",
        }
    }

    /// Reads a wire value (`{"S": "x"}`, `{"N": "1"}`, …), checking what
    /// DynamoDB checks: exactly one type, valid numbers, no empty or
    /// duplicated sets, NULL only `true`.
    pub fn from_json(v: &Value) -> Result<Av> {
        let obj = v.as_object().ok_or_else(serialization)?;
        let mut entries = obj.iter();
        let (ty, inner) = match (entries.next(), entries.next()) {
            (Some(e), None) => e,
            (None, _) => {
                return Err(DdbError::validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(DdbError::validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
                ))
            }
        };
        let strings = |inner: &Value| -> Result<Vec<String>> {
            inner
                .as_array()
                .ok_or_else(serialization)?
                .iter()
                .map(|s| s.as_str().map(str::to_owned).ok_or_else(serialization))
                .collect()
        };
        let empty_set = |what: &str| {
            DdbError::validation(format!(
                "One or more parameter values were invalid: An {what} set  may not be empty"
            ))
        };
        Ok(match ty.as_str() {
            "S" => Av::S(inner.as_str().ok_or_else(serialization)?.to_owned()),
            "N" => Av::N(Num::parse(inner.as_str().ok_or_else(serialization)?)?),
            "B" => Av::B(unb64(inner)?),
            "BOOL" => Av::Bool(inner.as_bool().ok_or_else(serialization)?),
            "NULL" => match inner.as_bool() {
                Some(true) => Av::Null,
                Some(false) => {
                    return Err(DdbError::validation(
                        "One or more parameter values were invalid: Null attribute value types must have the value of true",
                    ))
                }
                None => return Err(serialization()),
            },
            "M" => Av::M(item_from_json(inner)?),
            "L" => Av::L(
                inner
                    .as_array()
                    .ok_or_else(serialization)?
                    .iter()
                    .map(Av::from_json)
                    .collect::<Result<_>>()?,
            ),
            "SS" => {
                let v = strings(inner)?;
                if v.is_empty() {
                    return Err(empty_set("string"));
                }
                if has_duplicates(&v) {
                    return Err(set_error("string set", &v));
                }
                Av::Ss(v)
            }
            "NS" => {
                let text = strings(inner)?;
                let v: Vec<Num> = text.iter().map(|s| Num::parse(s)).collect::<Result<_>>()?;
                if v.is_empty() {
                    return Err(empty_set("number"));
                }
                if has_duplicates(&v) {
                    return Err(set_error("number set", &text));
                }
                Av::Ns(v)
            }
            "BS" => {
                let v: Vec<Vec<u8>> = inner
                    .as_array()
                    .ok_or_else(serialization)?
                    .iter()
                    .map(unb64)
                    .collect::<Result<_>>()?;
                if v.is_empty() {
                    return Err(DdbError::validation(
                        "One or more parameter values were invalid: Binary sets should not be empty",
                    ));
                }
                if has_duplicates(&v) {
                    let text: Vec<String> = v.iter().map(|b| b64(b)).collect();
                    return Err(set_error("binary set", &text));
                }
                Av::Bs(v)
            }
            other => {
                return Err(DdbError::new(
                    "SerializationException",
                    format!("Unknown attribute value type {other}"),
                ))
            }
        })
    }

    pub fn to_json(&self) -> Value {
        match self {
            Av::S(s) => json!({"S": s}),
            Av::N(n) => json!({"N": n.to_string()}),
            Av::B(b) => json!({"B": b64(b)}),
            Av::Bool(b) => json!({"BOOL": b}),
            Av::Null => json!({"NULL": true}),
            Av::M(m) => json!({"M": item_to_json(m)}),
            Av::L(l) => json!({"L": l.iter().map(Av::to_json).collect::<Vec<_>>()}),
            Av::Ss(v) => json!({"SS": v}),
            Av::Ns(v) => json!({"NS": v.iter().map(Num::to_string).collect::<Vec<_>>()}),
            Av::Bs(v) => json!({"BS": v.iter().map(|b| b64(b)).collect::<Vec<_>>()}),
        }
    }

    /// Ordering for `<`, `<=`, `>`, `>=`, BETWEEN and key order: only
    /// between two numbers, two strings (by UTF-8 bytes) or two binaries
    /// (unsigned bytes); `None` otherwise.
    pub fn compare(&self, other: &Av) -> Option<Ordering> {
        match (self, other) {
            (Av::S(a), Av::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Av::N(a), Av::N(b)) => Some(a.cmp(b)),
            (Av::B(a), Av::B(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// Approximate stored size in bytes, as DynamoDB documents it.
    pub fn size(&self) -> usize {
        match self {
            Av::S(s) => s.len(),
            Av::N(n) => n.size(),
            Av::B(b) => b.len(),
            Av::Bool(_) | Av::Null => 1,
            Av::M(m) => 3 + m.iter().map(|(k, v)| k.len() + v.size() + 1).sum::<usize>(),
            Av::L(l) => 3 + l.iter().map(|v| v.size() + 1).sum::<usize>(),
            Av::Ss(v) => v.iter().map(String::len).sum(),
            Av::Ns(v) => v.iter().map(Num::size).sum(),
            Av::Bs(v) => v.iter().map(Vec::len).sum(),
        }
    }
}

fn same_set<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

impl PartialEq for Av {
    fn eq(&self, other: &Av) -> bool {
        match (self, other) {
            (Av::S(a), Av::S(b)) => a == b,
            (Av::N(a), Av::N(b)) => a == b,
            (Av::B(a), Av::B(b)) => a == b,
            (Av::Bool(a), Av::Bool(b)) => a == b,
            (Av::Null, Av::Null) => true,
            (Av::M(a), Av::M(b)) => a == b,
            (Av::L(a), Av::L(b)) => a == b,
            (Av::Ss(a), Av::Ss(b)) => same_set(a, b),
            (Av::Ns(a), Av::Ns(b)) => same_set(a, b),
            (Av::Bs(a), Av::Bs(b)) => same_set(a, b),
            _ => false,
        }
    }
}

/// Reads a wire item (an object of attribute values).
pub(crate) fn item_from_json(v: &Value) -> Result<Item> {
    v.as_object()
        .ok_or_else(serialization)?
        .iter()
        .map(|(k, v)| Ok((k.clone(), Av::from_json(v)?)))
        .collect()
}

pub(crate) fn item_to_json(item: &Item) -> Value {
    Value::Object(
        item.iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect::<Map<_, _>>(),
    )
}

/// Item size as DynamoDB counts it: names plus values.
pub(crate) fn item_size(item: &Item) -> usize {
    item.iter().map(|(k, v)| k.len() + v.size()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    #[test]
    fn numbers_read_back_in_canonical_form() {
        for (given, canonical) in [
            ("1", "1"),
            ("1.50", "1.5"),
            ("001.0", "1"),
            ("1e2", "100"),
            ("1E-2", "0.01"),
            ("-0", "0"),
            ("+7", "7"),
            ("-12.340", "-12.34"),
            (".5", "0.5"),
            ("5.", "5"),
            (
                "123456789012345678901234567890.12345678",
                "123456789012345678901234567890.12345678",
            ),
        ] {
            assert_eq!(n(given).to_string(), canonical, "{given}");
        }
    }

    #[test]
    fn numbers_outside_dynamodb_limits_or_not_numbers_are_refused() {
        for bad in [
            "", "-", "abc", "1.2.3", "1e", "e5", " 1", "0x10", "NaN", "1_000",
        ] {
            assert!(Num::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Num::parse("123456789012345678901234567890123456789").is_err());
        assert!(Num::parse("1e126").is_err());
        assert!(Num::parse("9.9999999999999999999999999999999999999e125").is_ok());
        assert!(Num::parse("1e-130").is_ok());
        assert!(Num::parse("1e-131").is_err());
        assert!(Num::parse("1e999999999999999999999").is_err());
    }

    #[test]
    fn arithmetic_is_exact_decimal() {
        assert_eq!(n("0.1").add(&n("0.2")).unwrap(), n("0.3"));
        assert_eq!(n("1").sub(&n("1.000")).unwrap().to_string(), "0");
        assert_eq!(n("-5").add(&n("3")).unwrap().to_string(), "-2");
        assert_eq!(n("3").sub(&n("5")).unwrap().to_string(), "-2");
        assert_eq!(n("999").add(&n("1")).unwrap().to_string(), "1000");
        assert_eq!(
            n("1e20").add(&n("1e-5")).unwrap().to_string(),
            "100000000000000000000.00001"
        );
        assert_eq!(
            n("99999999999999999999999999999999999999")
                .add(&n("1"))
                .unwrap()
                .to_string(),
            "100000000000000000000000000000000000000"
        );
        // 39 significant digits: refused as DynamoDB refuses it.
        assert!(n("1e30").add(&n("1e-10")).is_err());
    }

    #[test]
    fn numbers_compare_numerically_not_as_text() {
        let mut v: Vec<Num> = ["10", "9", "-1", "-10", "0", "0.5", "1e-3", "-0.5"]
            .iter()
            .map(|s| n(s))
            .collect();
        v.sort();
        let text: Vec<String> = v.iter().map(Num::to_string).collect();
        assert_eq!(text, ["-10", "-1", "-0.5", "0", "0.001", "0.5", "9", "10"]);
        assert_eq!(n("2.0"), n("2"));
    }

    #[test]
    fn every_type_round_trips_through_the_wire_form() {
        let wire = json!({
            "s": {"S": "x"}, "n": {"N": "1.5"}, "b": {"B": "AAEC"}, "t": {"BOOL": true},
            "z": {"NULL": true}, "m": {"M": {"a": {"L": [{"N": "1"}, {"S": ""}]}}},
            "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": ["AA==", "AQ=="]}
        });
        let item = item_from_json(&wire).unwrap();
        assert_eq!(item_to_json(&item), wire);
        assert_eq!(item["b"], Av::B(vec![0, 1, 2]));
    }

    #[test]
    fn malformed_values_are_refused_like_dynamodb() {
        for bad in [
            json!({}),
            json!({"S": "a", "N": "1"}),
            json!({"SS": []}),
            json!({"SS": ["a", "a"]}),
            json!({"NS": ["1", "1.0"]}),
            json!({"NULL": false}),
            json!({"N": "one"}),
            json!({"X": "1"}),
        ] {
            assert!(Av::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sets_are_equal_whatever_their_order() {
        let a = Av::from_json(&json!({"SS": ["a", "b"]})).unwrap();
        let b = Av::from_json(&json!({"SS": ["b", "a"]})).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, Av::L(vec![Av::S("a".into()), Av::S("b".into())]));
    }
}
