//! DynamoDB expressions: a tokenizer and a recursive-descent parser for
//! condition, filter, key condition, update and projection expressions,
//! and their evaluation against items.
//!
//! Grammar and precedence as the DynamoDB Developer Guide gives them
//! ("Condition and filter expressions, operators, and functions", "Update
//! expressions"): comparators, IN, BETWEEN and functions bind tighter than
//! NOT, NOT tighter than AND, AND tighter than OR. Errors carry DynamoDB's
//! wording: syntax errors first; reserved words, undefined placeholders and
//! constant operands of the wrong type after the whole expression parsed.

use super::error::{DdbError, Result};
use super::value::{Av, Item, Num};
use serde_json::Value;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

/// Which expression is parsed, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Condition,
    Filter,
    KeyCondition,
    Update,
    Projection,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Condition => "ConditionExpression",
            Kind::Filter => "FilterExpression",
            Kind::KeyCondition => "KeyConditionExpression",
            Kind::Update => "UpdateExpression",
            Kind::Projection => "ProjectionExpression",
        }
    }

    fn lower(self) -> &'static str {
        match self {
            Kind::Condition => "a condition expression",
            Kind::Filter => "a filter expression",
            Kind::KeyCondition => "a key condition expression",
            Kind::Update => "an update expression",
            Kind::Projection => "a projection expression",
        }
    }

    fn err(self, what: impl AsRef<str>) -> DdbError {
        DdbError::validation(format!("Invalid {}: {}", self.name(), what.as_ref()))
    }
}

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PathElem {
    Attr(String),
    Index(usize),
}

/// A document path; always starts with an attribute name.
pub(crate) type Path = Vec<PathElem>;

fn render_path(p: &[PathElem]) -> String {
    let parts: Vec<String> = p
        .iter()
        .map(|e| match e {
            PathElem::Attr(a) => a.clone(),
            PathElem::Index(i) => format!("[{i}]"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// A value in an expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Path(Path),
    Value(Av),
    Size(Path),
    IfNotExists(Path, Box<Operand>),
    ListAppend(Box<Operand>, Box<Operand>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "<>",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// `a op b` as `b op' a`.
    fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    pub fn holds(self, o: Ordering) -> bool {
        match self {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        }
    }
}

/// A condition (ConditionExpression, FilterExpression, KeyConditionExpression).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    Cmp(Operand, CmpOp, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(Path),
    NotExists(Path),
    Type(Path, Operand),
    BeginsWith(Operand, Operand),
    Contains(Operand, Operand),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
}

/// The right-hand side of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SetValue {
    Operand(Operand),
    Plus(Operand, Operand),
    Minus(Operand, Operand),
}

/// A parsed UpdateExpression.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Update {
    pub set: Vec<(Path, SetValue)>,
    pub remove: Vec<Path>,
    pub add: Vec<(Path, Av)>,
    pub delete: Vec<(Path, Av)>,
}

impl Update {
    /// Every path the update writes (for UPDATED_OLD / UPDATED_NEW and the
    /// key-attribute check).
    pub fn paths(&self) -> Vec<Path> {
        let mut v: Vec<Path> = self.set.iter().map(|(p, _)| p.clone()).collect();
        v.extend(self.remove.iter().cloned());
        v.extend(self.add.iter().map(|(p, _)| p.clone()));
        v.extend(self.delete.iter().map(|(p, _)| p.clone()));
        v
    }
}

/// ExpressionAttributeNames and ExpressionAttributeValues of one request,
/// and which of them the request's expressions used.
#[derive(Debug, Default)]
pub(crate) struct Placeholders {
    names: BTreeMap<String, String>,
    values: BTreeMap<String, Av>,
    used_names: BTreeSet<String>,
    used_values: BTreeSet<String>,
}

impl Placeholders {
    /// Reads the placeholders of `req` (a request or one transaction
    /// item). `has_expression`: whether it carries any expression at all.
    pub fn from_request(req: &Value, has_expression: bool) -> Result<Placeholders> {
        let mut p = Placeholders::default();
        if let Some(names) = req.get("ExpressionAttributeNames").filter(|v| !v.is_null()) {
            let names = names.as_object().ok_or_else(|| {
                DdbError::new("SerializationException", "Unexpected value type in payload")
            })?;
            if names.is_empty() {
                return Err(DdbError::validation(
                    "ExpressionAttributeNames must not be empty",
                ));
            }
            if !has_expression {
                return Err(DdbError::validation(
                    "ExpressionAttributeNames can only be specified when using expressions",
                ));
            }
            for (k, v) in names {
                let v = v.as_str().ok_or_else(|| {
                    DdbError::new("SerializationException", "Unexpected value type in payload")
                })?;
                p.names.insert(k.clone(), v.to_owned());
            }
        }
        if let Some(values) = req
            .get("ExpressionAttributeValues")
            .filter(|v| !v.is_null())
        {
            let values = values.as_object().ok_or_else(|| {
                DdbError::new("SerializationException", "Unexpected value type in payload")
            })?;
            if values.is_empty() {
                return Err(DdbError::validation(
                    "ExpressionAttributeValues must not be empty",
                ));
            }
            if !has_expression {
                return Err(DdbError::validation(
                    "ExpressionAttributeValues can only be specified when using expressions",
                ));
            }
            for (k, v) in values {
                let av = Av::from_json(v).map_err(|e| {
                    DdbError::validation(format!(
                        "ExpressionAttributeValues contains invalid value: {} for key {k}",
                        e.message
                    ))
                })?;
                p.values.insert(k.clone(), av);
            }
        }
        Ok(p)
    }

    /// After every expression of the request was parsed: DynamoDB refuses
    /// placeholders no expression used.
    pub fn check_all_used(&self) -> Result<()> {
        let unused: Vec<&str> = self
            .names
            .keys()
            .filter(|k| !self.used_names.contains(*k))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            return Err(DdbError::validation(format!(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{}}}",
                unused.join(", ")
            )));
        }
        let unused: Vec<&str> = self
            .values
            .keys()
            .filter(|k| !self.used_values.contains(*k))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            return Err(DdbError::validation(format!(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{}}}",
                unused.join(", ")
            )));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Name(String),
    Value(String),
    Int(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Cmp(CmpOp),
    Plus,
    Minus,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn tokenize(src: &str, kind: Kind) -> Result<Vec<Token>> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let word_end = |from: usize| {
            let mut j = from;
            while j < bytes.len() && is_word(bytes[j]) {
                j += 1;
            }
            j
        };
        let tok = match c {
            b'#' | b':' => {
                let end = word_end(i + 1);
                if end == i + 1 {
                    return Err(syntax(src, kind, start, i + 1, &out));
                }
                i = end;
                let text = src[start..end].to_owned();
                if c == b'#' {
                    Tok::Name(text)
                } else {
                    Tok::Value(text)
                }
            }
            b'0'..=b'9' => {
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                i = j;
                Tok::Int(src[start..j].to_owned())
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                i = word_end(i);
                Tok::Ident(src[start..i].to_owned())
            }
            b'(' | b')' | b'[' | b']' | b',' | b'.' | b'=' | b'+' | b'-' => {
                i += 1;
                match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b'[' => Tok::LBracket,
                    b']' => Tok::RBracket,
                    b',' => Tok::Comma,
                    b'.' => Tok::Dot,
                    b'=' => Tok::Cmp(CmpOp::Eq),
                    b'+' => Tok::Plus,
                    _ => Tok::Minus,
                }
            }
            b'<' => {
                i += 1;
                match bytes.get(i) {
                    Some(b'=') => {
                        i += 1;
                        Tok::Cmp(CmpOp::Le)
                    }
                    Some(b'>') => {
                        i += 1;
                        Tok::Cmp(CmpOp::Ne)
                    }
                    _ => Tok::Cmp(CmpOp::Lt),
                }
            }
            b'>' => {
                i += 1;
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    Tok::Cmp(CmpOp::Ge)
                } else {
                    Tok::Cmp(CmpOp::Gt)
                }
            }
            _ => {
                let len = src[i..].chars().next().map_or(1, char::len_utf8);
                return Err(syntax(src, kind, start, i + len, &out));
            }
        };
        out.push(Token { tok, start, end: i });
    }
    out.push(Token {
        tok: Tok::Eof,
        start: src.len(),
        end: src.len(),
    });
    Ok(out)
}

/// `Syntax error; token: "x", near: "a x b"` (the token with its neighbours).
fn syntax(src: &str, kind: Kind, start: usize, end: usize, before: &[Token]) -> DdbError {
    let token = if start >= src.len() {
        "<EOF>"
    } else {
        &src[start..end]
    };
    let from = before.last().map_or(start, |t| t.start);
    let near = src[from..].trim();
    let near: String = near.chars().take(end - from + 16).collect();
    kind.err(format!(
        "Syntax error; token: \"{token}\", near: \"{}\"",
        near.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    ))
}

fn reserved(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            include_str!("reserved_words.txt")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_ascii_uppercase)
                .collect()
        })
        .contains(&word.to_ascii_uppercase())
}

// ---------------------------------------------------------------- parser

const CONDITION_FUNCTIONS: [&str; 6] = [
    "attribute_exists",
    "attribute_not_exists",
    "attribute_type",
    "begins_with",
    "contains",
    "size",
];
const UPDATE_FUNCTIONS: [&str; 2] = ["if_not_exists", "list_append"];
const TYPE_NAMES: [&str; 10] = ["S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"];

struct Parser<'a, 'p> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    kind: Kind,
    ph: &'p mut Placeholders,
    /// The first error found after syntax: reported only if the whole
    /// expression parses, as DynamoDB reports syntax errors first.
    deferred: Option<DdbError>,
}

impl<'a, 'p> Parser<'a, 'p> {
    fn new(src: &'a str, kind: Kind, ph: &'p mut Placeholders) -> Result<Parser<'a, 'p>> {
        if src.trim().is_empty() {
            return Err(kind.err("The expression can not be empty;"));
        }
        Ok(Parser {
            src,
            toks: tokenize(src, kind)?,
            pos: 0,
            kind,
            ph,
            deferred: None,
        })
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)].tok
    }

    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].tok.clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn unexpected(&self) -> DdbError {
        let t = &self.toks[self.pos];
        syntax(self.src, self.kind, t.start, t.end, &self.toks[..self.pos])
    }

    fn expect(&mut self, want: &Tok) -> Result<()> {
        if self.peek() == want {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Ident(w) if w.eq_ignore_ascii_case(word))
    }

    fn defer(&mut self, e: DdbError) {
        if self.deferred.is_none() {
            self.deferred = Some(e);
        }
    }

    fn finish<T>(mut self, value: T) -> Result<T> {
        if *self.peek() != Tok::Eof {
            return Err(self.unexpected());
        }
        match self.deferred.take() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    // ---- paths and operands

    fn attr_name(&mut self) -> Result<String> {
        if !matches!(self.peek(), Tok::Ident(_) | Tok::Name(_)) {
            return Err(self.unexpected());
        }
        match self.bump() {
            Tok::Ident(w) => {
                if reserved(&w) {
                    let e = self.kind.err(format!(
                        "Attribute name is a reserved keyword; reserved keyword: {w}"
                    ));
                    self.defer(e);
                }
                Ok(w)
            }
            Tok::Name(n) => match self.ph.names.get(&n) {
                Some(v) => {
                    let v = v.clone();
                    self.ph.used_names.insert(n);
                    Ok(v)
                }
                None => {
                    let e = self.kind.err(format!(
                        "An expression attribute name used in the document path is not defined; attribute name: {n}"
                    ));
                    self.defer(e);
                    Ok(n)
                }
            },
            _ => unreachable!("checked above"),
        }
    }

    fn path(&mut self) -> Result<Path> {
        let mut p = vec![PathElem::Attr(self.attr_name()?)];
        loop {
            match self.peek() {
                Tok::Dot => {
                    self.bump();
                    p.push(PathElem::Attr(self.attr_name()?));
                }
                Tok::LBracket => {
                    self.bump();
                    let Tok::Int(n) = self.peek().clone() else {
                        return Err(self.unexpected());
                    };
                    self.bump();
                    let i = n.parse::<usize>().map_err(|_| {
                        self.kind.err(format!(
                            "List index is not within the allowable range; index: [{n}]"
                        ))
                    })?;
                    self.expect(&Tok::RBracket)?;
                    p.push(PathElem::Index(i));
                }
                _ => return Ok(p),
            }
        }
    }

    fn value(&mut self, name: &str) -> Av {
        match self.ph.values.get(name) {
            Some(v) => {
                let v = v.clone();
                self.ph.used_values.insert(name.to_owned());
                v
            }
            None => {
                let e = self.kind.err(format!(
                    "An expression attribute value used in expression is not defined; attribute value: {name}"
                ));
                self.defer(e);
                Av::Null
            }
        }
    }

    /// path | :value | function(...), in a condition or an update.
    fn operand(&mut self) -> Result<Operand> {
        match self.peek().clone() {
            Tok::Value(v) => {
                self.bump();
                Ok(Operand::Value(self.value(&v)))
            }
            Tok::Ident(f) if *self.peek_at(1) == Tok::LParen => self.function_operand(&f),
            Tok::Ident(_) | Tok::Name(_) => Ok(Operand::Path(self.path()?)),
            _ => Err(self.unexpected()),
        }
    }

    fn args(&mut self) -> Result<Vec<Operand>> {
        self.expect(&Tok::LParen)?;
        let mut args = vec![self.operand()?];
        while *self.peek() == Tok::Comma {
            self.bump();
            args.push(self.operand()?);
        }
        self.expect(&Tok::RParen)?;
        Ok(args)
    }

    fn arity(&self, f: &str, args: &[Operand], n: usize) -> Result<()> {
        if args.len() == n {
            Ok(())
        } else {
            Err(self.kind.err(format!(
                "Incorrect number of operands for operator or function; operator or function: {f}, number of operands: {}",
                args.len()
            )))
        }
    }

    fn needs_path(&self, f: &str, op: Operand) -> Result<Path> {
        match op {
            Operand::Path(p) => Ok(p),
            _ => Err(self.kind.err(format!(
                "Operator or function requires a document path; operator or function: {f}"
            ))),
        }
    }

    fn function_operand(&mut self, f: &str) -> Result<Operand> {
        let allowed = match self.kind {
            Kind::Update => f == "if_not_exists" || f == "list_append",
            _ => f == "size",
        };
        if !allowed {
            return Err(self.function_not_allowed(f));
        }
        self.bump();
        let mut args = self.args()?;
        match f {
            "size" => {
                self.arity(f, &args, 1)?;
                Ok(Operand::Size(self.needs_path(f, args.remove(0))?))
            }
            "if_not_exists" => {
                self.arity(f, &args, 2)?;
                let fallback = args.remove(1);
                Ok(Operand::IfNotExists(
                    self.needs_path(f, args.remove(0))?,
                    Box::new(fallback),
                ))
            }
            _ => {
                self.arity(f, &args, 2)?;
                for a in &args {
                    self.check_constant(f, a, &["L"]);
                }
                let b = args.remove(1);
                Ok(Operand::ListAppend(Box::new(args.remove(0)), Box::new(b)))
            }
        }
    }

    fn function_not_allowed(&self, f: &str) -> DdbError {
        let known = CONDITION_FUNCTIONS.contains(&f) || UPDATE_FUNCTIONS.contains(&f);
        if known {
            self.kind.err(format!(
                "The function is not allowed in {}; function: {f}",
                self.kind.lower()
            ))
        } else {
            self.kind
                .err(format!("Invalid function name; function: {f}"))
        }
    }

    /// A constant operand must have one of `types` (DynamoDB checks
    /// constants when it parses, paths when it evaluates).
    fn check_constant(&mut self, f: &str, op: &Operand, types: &[&str]) {
        if let Operand::Value(v) = op {
            if self.deferred.is_none() && !types.contains(&v.type_name()) {
                let e = self.kind.err(format!(
                    "Incorrect operand type for operator or function; operator or function: {f}, operand type: {}",
                    v.type_name()
                ));
                self.defer(e);
            }
        }
    }

    // ---- conditions

    fn condition(&mut self) -> Result<Cond> {
        let mut left = self.and_condition()?;
        while self.is_keyword("OR") {
            self.bump();
            let right = self.and_condition()?;
            left = Cond::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_condition(&mut self) -> Result<Cond> {
        let mut left = self.not_condition()?;
        while self.is_keyword("AND") {
            self.bump();
            let right = self.not_condition()?;
            left = Cond::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not_condition(&mut self) -> Result<Cond> {
        if self.is_keyword("NOT") {
            self.bump();
            return Ok(Cond::Not(Box::new(self.not_condition()?)));
        }
        self.primary_condition()
    }

    fn primary_condition(&mut self) -> Result<Cond> {
        if *self.peek() == Tok::LParen {
            self.bump();
            let c = self.condition()?;
            self.expect(&Tok::RParen)?;
            return Ok(c);
        }
        if let Tok::Ident(f) = self.peek().clone() {
            if *self.peek_at(1) == Tok::LParen && f != "size" {
                return self.function_condition(&f);
            }
        }
        let left = self.operand()?;
        match self.peek().clone() {
            Tok::Cmp(op) => {
                self.bump();
                let right = self.operand()?;
                if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    for o in [&left, &right] {
                        self.check_constant(op.symbol(), o, &["N", "S", "B"]);
                    }
                }
                Ok(Cond::Cmp(left, op, right))
            }
            Tok::Ident(w) if w.eq_ignore_ascii_case("BETWEEN") => {
                self.bump();
                let low = self.operand()?;
                if !self.is_keyword("AND") {
                    return Err(self.unexpected());
                }
                self.bump();
                let high = self.operand()?;
                for o in [&left, &low, &high] {
                    self.check_constant("BETWEEN", o, &["N", "S", "B"]);
                }
                if let (Operand::Value(l), Operand::Value(h)) = (&low, &high) {
                    let bounds = format!(
                        "lower bound operand: AttributeValue: {{{}:{}}}, upper bound operand: AttributeValue: {{{}:{}}}",
                        l.type_name(),
                        brief(l),
                        h.type_name(),
                        brief(h)
                    );
                    match l.compare(h) {
                        None if l.type_name() != h.type_name() => self.defer(self.kind.err(format!(
                            "The BETWEEN operator requires same data type for lower and upper bounds; {bounds}"
                        ))),
                        Some(Ordering::Greater) => self.defer(self.kind.err(format!(
                            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; {bounds}"
                        ))),
                        _ => {}
                    }
                }
                Ok(Cond::Between(left, low, high))
            }
            Tok::Ident(w) if w.eq_ignore_ascii_case("IN") => {
                self.bump();
                let list = self.args()?;
                if list.len() > 100 {
                    return Err(self.kind.err(format!(
                        "Too many operands for operator or function; operator or function: IN, number of operands: {}",
                        list.len()
                    )));
                }
                Ok(Cond::In(left, list))
            }
            _ => Err(self.unexpected()),
        }
    }

    fn function_condition(&mut self, f: &str) -> Result<Cond> {
        if !CONDITION_FUNCTIONS.contains(&f) {
            return Err(self.function_not_allowed(f));
        }
        self.bump();
        let mut args = self.args()?;
        match f {
            "attribute_exists" | "attribute_not_exists" => {
                self.arity(f, &args, 1)?;
                let p = self.needs_path(f, args.remove(0))?;
                Ok(if f == "attribute_exists" {
                    Cond::Exists(p)
                } else {
                    Cond::NotExists(p)
                })
            }
            "attribute_type" => {
                self.arity(f, &args, 2)?;
                let t = args.remove(1);
                let p = self.needs_path(f, args.remove(0))?;
                match &t {
                    Operand::Value(Av::S(s)) if TYPE_NAMES.contains(&s.as_str()) => {}
                    Operand::Value(Av::S(s)) => self.defer(self.kind.err(format!(
                        "Invalid attribute type name found; type: {s}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
                    ))),
                    Operand::Value(_) => self.check_constant(f, &t, &["S"]),
                    _ => {
                        return Err(self.kind.err(format!(
                            "Incorrect operand type for operator or function; operator or function: {f}, operand type: PATH"
                        )))
                    }
                }
                Ok(Cond::Type(p, t))
            }
            "begins_with" | "contains" => {
                self.arity(f, &args, 2)?;
                let b = args.remove(1);
                let a = args.remove(0);
                if !matches!(a, Operand::Path(_)) {
                    return Err(self.kind.err(format!(
                        "Operator or function requires a document path; operator or function: {f}"
                    )));
                }
                if f == "begins_with" {
                    self.check_constant(f, &b, &["S", "B"]);
                    Ok(Cond::BeginsWith(a, b))
                } else {
                    Ok(Cond::Contains(a, b))
                }
            }
            // size(...) alone is not a condition.
            _ => Err(self.unexpected()),
        }
    }

    // ---- update

    fn update(&mut self) -> Result<Update> {
        let mut u = Update::default();
        let mut seen: Vec<String> = Vec::new();
        while *self.peek() != Tok::Eof {
            let Tok::Ident(word) = self.peek().clone() else {
                return Err(self.unexpected());
            };
            let clause = word.to_ascii_uppercase();
            if !["SET", "REMOVE", "ADD", "DELETE"].contains(&clause.as_str()) {
                return Err(self.unexpected());
            }
            self.bump();
            if seen.contains(&clause) {
                return Err(self.kind.err(format!(
                    "The \"{clause}\" section can only be used once in an update expression;"
                )));
            }
            seen.push(clause.clone());
            loop {
                let path = self.path()?;
                match clause.as_str() {
                    "SET" => {
                        self.expect(&Tok::Cmp(CmpOp::Eq))?;
                        let a = self.operand()?;
                        let v = match self.peek() {
                            Tok::Plus | Tok::Minus => {
                                let plus = self.bump() == Tok::Plus;
                                let b = self.operand()?;
                                let sym = if plus { "+" } else { "-" };
                                self.check_constant(sym, &a, &["N"]);
                                self.check_constant(sym, &b, &["N"]);
                                if plus {
                                    SetValue::Plus(a, b)
                                } else {
                                    SetValue::Minus(a, b)
                                }
                            }
                            _ => SetValue::Operand(a),
                        };
                        u.set.push((path, v));
                    }
                    "REMOVE" => u.remove.push(path),
                    _ => {
                        let Tok::Value(name) = self.peek().clone() else {
                            return Err(self.unexpected());
                        };
                        self.bump();
                        let v = self.value(&name);
                        if clause == "ADD" {
                            self.check_constant(
                                "ADD",
                                &Operand::Value(v.clone()),
                                &["N", "SS", "NS", "BS"],
                            );
                            u.add.push((path, v));
                        } else {
                            self.check_constant(
                                "DELETE",
                                &Operand::Value(v.clone()),
                                &["SS", "NS", "BS"],
                            );
                            u.delete.push((path, v));
                        }
                    }
                }
                if *self.peek() == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        check_overlaps(self.kind, &u.paths())?;
        Ok(u)
    }
}

/// Renders a constant for BETWEEN's messages, as DynamoDB does (`{N:5}`).
fn brief(v: &Av) -> String {
    match v {
        Av::S(s) => s.clone(),
        Av::N(n) => n.to_string(),
        other => format!("{:?}", other.to_json()),
    }
}

/// DynamoDB refuses two paths of one expression when one is a prefix of
/// the other (overlap) or they index the same parent both as a map and as
/// a list (conflict).
fn check_overlaps(kind: Kind, paths: &[Path]) -> Result<()> {
    for (i, a) in paths.iter().enumerate() {
        for b in &paths[..i] {
            let common = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
            if common == a.len().min(b.len()) {
                return Err(kind.err(format!(
                    "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {}, path two: {}",
                    render_path(b),
                    render_path(a)
                )));
            }
            let kinds_differ = matches!(
                (&a[common], &b[common]),
                (PathElem::Attr(_), PathElem::Index(_)) | (PathElem::Index(_), PathElem::Attr(_))
            );
            if kinds_differ {
                return Err(kind.err(format!(
                    "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {}, path two: {}",
                    render_path(b),
                    render_path(a)
                )));
            }
        }
    }
    Ok(())
}

/// Parses a ConditionExpression, FilterExpression or KeyConditionExpression.
pub(crate) fn parse_condition(src: &str, kind: Kind, ph: &mut Placeholders) -> Result<Cond> {
    let mut p = Parser::new(src, kind, ph)?;
    let c = p.condition()?;
    p.finish(c)
}

pub(crate) fn parse_update(src: &str, ph: &mut Placeholders) -> Result<Update> {
    let mut p = Parser::new(src, Kind::Update, ph)?;
    let u = p.update()?;
    p.finish(u)
}

pub(crate) fn parse_projection(src: &str, ph: &mut Placeholders) -> Result<Vec<Path>> {
    let mut p = Parser::new(src, Kind::Projection, ph)?;
    let mut paths = vec![p.path()?];
    while *p.peek() == Tok::Comma {
        p.bump();
        paths.push(p.path()?);
    }
    check_overlaps(Kind::Projection, &paths)?;
    p.finish(paths)
}

// ---------------------------------------------------------------- key conditions

/// The sort key part of a KeyConditionExpression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RangeCond {
    Cmp(CmpOp, Av),
    Between(Av, Av),
    BeginsWith(Av),
}

impl RangeCond {
    pub fn matches(&self, v: &Av) -> bool {
        match self {
            RangeCond::Cmp(op, x) => v.compare(x).is_some_and(|o| op.holds(o)),
            RangeCond::Between(lo, hi) => {
                v.compare(lo).is_some_and(|o| o != Ordering::Less)
                    && v.compare(hi).is_some_and(|o| o != Ordering::Greater)
            }
            RangeCond::BeginsWith(prefix) => begins_with(v, prefix),
        }
    }

    pub fn values(&self) -> Vec<&Av> {
        match self {
            RangeCond::Cmp(_, v) | RangeCond::BeginsWith(v) => vec![v],
            RangeCond::Between(a, b) => vec![a, b],
        }
    }
}

fn flatten_and(c: Cond, out: &mut Vec<Cond>) {
    match c {
        Cond::And(a, b) => {
            flatten_and(*a, out);
            flatten_and(*b, out);
        }
        other => out.push(other),
    }
}

fn single_attr(p: &Path) -> Option<&str> {
    match p.as_slice() {
        [PathElem::Attr(a)] => Some(a),
        _ => None,
    }
}

/// Splits a parsed KeyConditionExpression into `hash = value` and an
/// optional sort key condition, refusing what DynamoDB refuses.
pub(crate) fn key_condition(
    c: Cond,
    hash: &str,
    range: Option<&str>,
) -> Result<(Av, Option<RangeCond>)> {
    let mut parts = Vec::new();
    flatten_and(c, &mut parts);
    let unsupported = || DdbError::validation("Query key condition not supported");
    let invalid_op = |op: &str| {
        DdbError::validation(format!(
            "Invalid operator used in KeyConditionExpression: {op}"
        ))
    };
    let one_per_key =
        || DdbError::validation("KeyConditionExpressions must only contain one condition per key");
    let mut hash_value = None;
    let mut range_cond = None;
    for part in parts {
        let (name, cond) = match part {
            Cond::Cmp(Operand::Path(p), op, Operand::Value(v)) => (p, (op, RangeCond::Cmp(op, v))),
            Cond::Cmp(Operand::Value(v), op, Operand::Path(p)) => {
                (p, (op.flipped(), RangeCond::Cmp(op.flipped(), v)))
            }
            Cond::Between(Operand::Path(p), Operand::Value(lo), Operand::Value(hi)) => {
                (p, (CmpOp::Ne, RangeCond::Between(lo, hi)))
            }
            Cond::BeginsWith(Operand::Path(p), Operand::Value(v)) => {
                (p, (CmpOp::Ne, RangeCond::BeginsWith(v)))
            }
            Cond::Or(..) => return Err(invalid_op("OR")),
            Cond::Not(..) => return Err(invalid_op("NOT")),
            Cond::In(..) => return Err(invalid_op("IN")),
            Cond::Exists(..) => return Err(invalid_op("attribute_exists")),
            Cond::NotExists(..) => return Err(invalid_op("attribute_not_exists")),
            Cond::Type(..) => return Err(invalid_op("attribute_type")),
            Cond::Contains(..) => return Err(invalid_op("contains")),
            Cond::Cmp(_, CmpOp::Ne, _) => return Err(invalid_op("<>")),
            _ => return Err(unsupported()),
        };
        let (op, rc) = cond;
        let Some(name) = single_attr(&name) else {
            return Err(unsupported());
        };
        if name == hash {
            if hash_value.is_some() {
                return Err(one_per_key());
            }
            match rc {
                RangeCond::Cmp(CmpOp::Eq, v) if op == CmpOp::Eq => hash_value = Some(v),
                _ => return Err(unsupported()),
            }
        } else if Some(name) == range {
            if range_cond.is_some() {
                return Err(one_per_key());
            }
            if op == CmpOp::Ne && matches!(rc, RangeCond::Cmp(..)) {
                return Err(invalid_op("<>"));
            }
            range_cond = Some(rc);
        } else {
            return Err(unsupported());
        }
    }
    match hash_value {
        Some(h) => Ok((h, range_cond)),
        None => Err(DdbError::validation(format!(
            "Query condition missed key schema element: {hash}"
        ))),
    }
}

/// The value `name` is compared equal to in a top-level AND of a
/// condition (the partition key value of a key condition), if any.
pub(crate) fn equality_value(c: &Cond, name: &str) -> Option<Av> {
    let mut parts = Vec::new();
    flatten_and(c.clone(), &mut parts);
    parts.into_iter().find_map(|p| match p {
        Cond::Cmp(Operand::Path(p), CmpOp::Eq, Operand::Value(v))
        | Cond::Cmp(Operand::Value(v), CmpOp::Eq, Operand::Path(p))
            if single_attr(&p) == Some(name) =>
        {
            Some(v)
        }
        _ => None,
    })
}

/// Every top-level attribute name a condition reads (for "filter on key
/// attribute" checks).
pub(crate) fn top_level_names(c: &Cond, out: &mut BTreeSet<String>) {
    fn operand_paths<'a>(o: &'a Operand, v: &mut Vec<&'a Path>) {
        match o {
            Operand::Path(p) | Operand::Size(p) => v.push(p),
            Operand::IfNotExists(p, o) => {
                v.push(p);
                operand_paths(o, v);
            }
            Operand::ListAppend(a, b) => {
                operand_paths(a, v);
                operand_paths(b, v);
            }
            Operand::Value(_) => {}
        }
    }
    let mut v = Vec::new();
    match c {
        Cond::Cmp(a, _, b) | Cond::BeginsWith(a, b) | Cond::Contains(a, b) => {
            operand_paths(a, &mut v);
            operand_paths(b, &mut v);
        }
        Cond::Between(a, b, d) => {
            for o in [a, b, d] {
                operand_paths(o, &mut v);
            }
        }
        Cond::In(a, list) => {
            operand_paths(a, &mut v);
            for o in list {
                operand_paths(o, &mut v);
            }
        }
        Cond::Exists(p) | Cond::NotExists(p) | Cond::Type(p, _) => v.push(p),
        Cond::And(a, b) | Cond::Or(a, b) => {
            top_level_names(a, out);
            top_level_names(b, out);
        }
        Cond::Not(a) => top_level_names(a, out),
    }
    for p in v {
        if let Some(PathElem::Attr(a)) = p.first() {
            out.insert(a.clone());
        }
    }
}

// ---------------------------------------------------------------- evaluation

/// The value at `path` in `item`, if any.
pub(crate) fn get<'a>(item: &'a Item, path: &[PathElem]) -> Option<&'a Av> {
    let (PathElem::Attr(first), rest) = path.split_first()? else {
        return None;
    };
    let mut v = item.get(first)?;
    for e in rest {
        v = match (v, e) {
            (Av::M(m), PathElem::Attr(a)) => m.get(a)?,
            (Av::L(l), PathElem::Index(i)) => l.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn get_mut<'a>(item: &'a mut Item, path: &[PathElem]) -> Option<&'a mut Av> {
    let (PathElem::Attr(first), rest) = path.split_first()? else {
        return None;
    };
    let mut v = item.get_mut(first)?;
    for e in rest {
        v = match (v, e) {
            (Av::M(m), PathElem::Attr(a)) => m.get_mut(a)?,
            (Av::L(l), PathElem::Index(i)) => l.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn size_of(v: &Av) -> Option<Av> {
    let n = match v {
        // DynamoDB documents "the length of the string"; UTF-8 bytes here.
        Av::S(s) => s.len(),
        Av::B(b) => b.len(),
        Av::M(m) => m.len(),
        Av::L(l) => l.len(),
        Av::Ss(s) => s.len(),
        Av::Ns(s) => s.len(),
        Av::Bs(s) => s.len(),
        _ => return None,
    };
    Some(Av::N(Num::from_u64(n as u64)))
}

fn operand_value<'a>(o: &'a Operand, item: Option<&'a Item>) -> Option<Cow<'a, Av>> {
    match o {
        Operand::Path(p) => item.and_then(|i| get(i, p)).map(Cow::Borrowed),
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Size(p) => item
            .and_then(|i| get(i, p))
            .and_then(size_of)
            .map(Cow::Owned),
        // Not parsed in conditions.
        Operand::IfNotExists(..) | Operand::ListAppend(..) => None,
    }
}

fn begins_with(v: &Av, prefix: &Av) -> bool {
    match (v, prefix) {
        (Av::S(s), Av::S(p)) => s.starts_with(p.as_str()),
        (Av::B(s), Av::B(p)) => s.starts_with(p),
        _ => false,
    }
}

fn contains(v: &Av, x: &Av) -> bool {
    match (v, x) {
        (Av::S(s), Av::S(p)) => s.contains(p.as_str()),
        (Av::B(s), Av::B(p)) => p.is_empty() || s.windows(p.len()).any(|w| w == p.as_slice()),
        (Av::Ss(s), Av::S(p)) => s.contains(p),
        (Av::Ns(s), Av::N(p)) => s.contains(p),
        (Av::Bs(s), Av::B(p)) => s.contains(p),
        (Av::L(l), x) => l.contains(x),
        _ => false,
    }
}

/// Evaluates a condition against an item (`None`: the item does not
/// exist, so every path is missing). A comparison with a missing
/// attribute or mismatched types is false, except `<>`, which is true.
pub(crate) fn eval(c: &Cond, item: Option<&Item>) -> bool {
    match c {
        Cond::Cmp(a, op, b) => match (operand_value(a, item), operand_value(b, item)) {
            (Some(x), Some(y)) => match op {
                CmpOp::Eq => x == y,
                CmpOp::Ne => x != y,
                _ => x.compare(&y).is_some_and(|o| op.holds(o)),
            },
            _ => *op == CmpOp::Ne,
        },
        Cond::Between(a, lo, hi) => {
            match (
                operand_value(a, item),
                operand_value(lo, item),
                operand_value(hi, item),
            ) {
                (Some(v), Some(lo), Some(hi)) => {
                    v.compare(&lo).is_some_and(|o| o != Ordering::Less)
                        && v.compare(&hi).is_some_and(|o| o != Ordering::Greater)
                }
                _ => false,
            }
        }
        Cond::In(a, list) => operand_value(a, item).is_some_and(|v| {
            list.iter()
                .any(|o| operand_value(o, item).is_some_and(|x| x == v))
        }),
        Cond::Exists(p) => item.and_then(|i| get(i, p)).is_some(),
        Cond::NotExists(p) => item.and_then(|i| get(i, p)).is_none(),
        Cond::Type(p, t) => match (item.and_then(|i| get(i, p)), operand_value(t, item)) {
            (Some(v), Some(t)) => matches!(&*t, Av::S(s) if s == v.type_name()),
            _ => false,
        },
        Cond::BeginsWith(a, b) => match (operand_value(a, item), operand_value(b, item)) {
            (Some(v), Some(p)) => begins_with(&v, &p),
            _ => false,
        },
        Cond::Contains(a, b) => match (operand_value(a, item), operand_value(b, item)) {
            (Some(v), Some(x)) => contains(&v, &x),
            _ => false,
        },
        Cond::And(a, b) => eval(a, item) && eval(b, item),
        Cond::Or(a, b) => eval(a, item) || eval(b, item),
        Cond::Not(a) => !eval(a, item),
    }
}

fn wrong_type() -> DdbError {
    DdbError::validation("An operand in the update expression has an incorrect data type")
}

fn invalid_path() -> DdbError {
    DdbError::validation(
        "The document path provided in the update expression is invalid for update",
    )
}

fn update_operand(o: &Operand, item: &Item) -> Result<Av> {
    match o {
        Operand::Path(p) => get(item, p).cloned().ok_or_else(|| {
            DdbError::validation(
                "The provided expression refers to an attribute that does not exist in the item",
            )
        }),
        Operand::Value(v) => Ok(v.clone()),
        Operand::IfNotExists(p, fallback) => match get(item, p) {
            Some(v) => Ok(v.clone()),
            None => update_operand(fallback, item),
        },
        Operand::ListAppend(a, b) => match (update_operand(a, item)?, update_operand(b, item)?) {
            (Av::L(mut a), Av::L(b)) => {
                a.extend(b);
                Ok(Av::L(a))
            }
            _ => Err(wrong_type()),
        },
        // Not parsed in updates.
        Operand::Size(_) => Err(wrong_type()),
    }
}

fn set_path(item: &mut Item, path: &[PathElem], v: Av) -> Result<()> {
    let (last, parent) = path.split_last().ok_or_else(invalid_path)?;
    if parent.is_empty() {
        let PathElem::Attr(a) = last else {
            return Err(invalid_path());
        };
        item.insert(a.clone(), v);
        return Ok(());
    }
    match (get_mut(item, parent), last) {
        (Some(Av::M(m)), PathElem::Attr(a)) => {
            m.insert(a.clone(), v);
        }
        (Some(Av::L(l)), PathElem::Index(i)) => {
            // Past the end: appended, as DynamoDB does.
            if *i < l.len() {
                l[*i] = v;
            } else {
                l.push(v);
            }
        }
        _ => return Err(invalid_path()),
    }
    Ok(())
}

fn remove_path(item: &mut Item, path: &[PathElem]) -> Result<()> {
    let (last, parent) = path.split_last().ok_or_else(invalid_path)?;
    if parent.is_empty() {
        if let PathElem::Attr(a) = last {
            item.remove(a);
        }
        return Ok(());
    }
    match (get_mut(item, parent), last) {
        (Some(Av::M(m)), PathElem::Attr(a)) => {
            m.remove(a);
        }
        (Some(Av::L(l)), PathElem::Index(i)) => {
            if *i < l.len() {
                l.remove(*i);
            }
        }
        _ => return Err(invalid_path()),
    }
    Ok(())
}

fn union<T: PartialEq + Clone>(a: &mut Vec<T>, b: &[T]) {
    for x in b {
        if !a.contains(x) {
            a.push(x.clone());
        }
    }
}

/// Applies an update to `base` (the existing item, or a new one holding
/// just the key). Every SET operand reads the item as it was before the
/// update; REMOVEs of list elements use the old indexes.
pub(crate) fn apply_update(u: &Update, base: &Item) -> Result<Item> {
    let mut sets = Vec::with_capacity(u.set.len());
    for (p, v) in &u.set {
        let value = match v {
            SetValue::Operand(o) => update_operand(o, base)?,
            SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
                match (update_operand(a, base)?, update_operand(b, base)?) {
                    (Av::N(x), Av::N(y)) => Av::N(if matches!(v, SetValue::Plus(..)) {
                        x.add(&y)?
                    } else {
                        x.sub(&y)?
                    }),
                    _ => return Err(wrong_type()),
                }
            }
        };
        sets.push((p, value));
    }
    let mut item = base.clone();
    for (p, v) in sets {
        set_path(&mut item, p, v)?;
    }
    let mut removes: Vec<&Path> = u.remove.iter().collect();
    removes.sort_by(|a, b| b.cmp(a));
    for p in removes {
        remove_path(&mut item, p)?;
    }
    for (p, v) in &u.add {
        let new = match (get(&item, p), v) {
            (None, v) => v.clone(),
            (Some(Av::N(x)), Av::N(y)) => Av::N(x.add(y)?),
            (Some(Av::Ss(x)), Av::Ss(y)) => {
                let mut x = x.clone();
                union(&mut x, y);
                Av::Ss(x)
            }
            (Some(Av::Ns(x)), Av::Ns(y)) => {
                let mut x = x.clone();
                union(&mut x, y);
                Av::Ns(x)
            }
            (Some(Av::Bs(x)), Av::Bs(y)) => {
                let mut x = x.clone();
                union(&mut x, y);
                Av::Bs(x)
            }
            _ => return Err(wrong_type()),
        };
        set_path(&mut item, p, new)?;
    }
    for (p, v) in &u.delete {
        let left = match (get(&item, p), v) {
            (None, _) => continue,
            (Some(Av::Ss(x)), Av::Ss(y)) => {
                let r: Vec<_> = x.iter().filter(|e| !y.contains(e)).cloned().collect();
                (!r.is_empty()).then_some(Av::Ss(r))
            }
            (Some(Av::Ns(x)), Av::Ns(y)) => {
                let r: Vec<_> = x.iter().filter(|e| !y.contains(e)).cloned().collect();
                (!r.is_empty()).then_some(Av::Ns(r))
            }
            (Some(Av::Bs(x)), Av::Bs(y)) => {
                let r: Vec<_> = x.iter().filter(|e| !y.contains(e)).cloned().collect();
                (!r.is_empty()).then_some(Av::Bs(r))
            }
            _ => return Err(wrong_type()),
        };
        match left {
            Some(v) => set_path(&mut item, p, v)?,
            // An emptied set is removed: DynamoDB has no empty sets.
            None => remove_path(&mut item, p)?,
        }
    }
    Ok(item)
}

// ---------------------------------------------------------------- projection

#[derive(Debug, Default)]
struct Tree(BTreeMap<PathElem, Option<Tree>>);

impl Tree {
    fn insert(&mut self, path: &[PathElem]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if rest.is_empty() {
            // A whole value; paths never overlap (checked when parsed).
            self.0.insert(first.clone(), None);
            return;
        }
        let entry = self
            .0
            .entry(first.clone())
            .or_insert_with(|| Some(Tree::default()));
        if let Some(t) = entry {
            t.insert(rest);
        }
    }

    fn project(&self, v: &Av) -> Option<Av> {
        match v {
            Av::M(m) => {
                let out: BTreeMap<String, Av> = self
                    .0
                    .iter()
                    .filter_map(|(k, sub)| match k {
                        PathElem::Attr(a) => {
                            let x = m.get(a)?;
                            Some((a.clone(), project_with(sub, x)?))
                        }
                        PathElem::Index(_) => None,
                    })
                    .collect();
                (!out.is_empty()).then_some(Av::M(out))
            }
            Av::L(l) => {
                let out: Vec<Av> = self
                    .0
                    .iter()
                    .filter_map(|(k, sub)| match k {
                        PathElem::Index(i) => project_with(sub, l.get(*i)?),
                        PathElem::Attr(_) => None,
                    })
                    .collect();
                (!out.is_empty()).then_some(Av::L(out))
            }
            _ => None,
        }
    }
}

fn project_with(sub: &Option<Tree>, v: &Av) -> Option<Av> {
    match sub {
        None => Some(v.clone()),
        Some(t) => t.project(v),
    }
}

/// The parts of `item` the paths name, nesting kept (list elements keep
/// their order, not their indexes), as ProjectionExpression returns them.
pub(crate) fn project(item: &Item, paths: &[Path]) -> Item {
    let mut t = Tree::default();
    for p in paths {
        t.insert(p);
    }
    match t.project(&Av::M(item.clone())) {
        Some(Av::M(m)) => m,
        _ => Item::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::{item_from_json, item_to_json};
    use super::*;
    use serde_json::json;

    fn ph(names: Value, values: Value) -> Placeholders {
        let mut req = json!({});
        if !names.is_null() {
            req["ExpressionAttributeNames"] = names;
        }
        if values.as_object().is_some_and(|v| !v.is_empty()) {
            req["ExpressionAttributeValues"] = values;
        }
        Placeholders::from_request(&req, true).unwrap()
    }

    fn item(v: Value) -> Item {
        item_from_json(&v).unwrap()
    }

    fn cond(src: &str, values: Value) -> Result<Cond> {
        let mut p = ph(Value::Null, values);
        parse_condition(src, Kind::Condition, &mut p)
    }

    fn check(src: &str, values: Value, on: &Item) -> bool {
        eval(&cond(src, values).unwrap(), Some(on))
    }

    fn err(r: Result<impl std::fmt::Debug>) -> String {
        r.unwrap_err().message
    }

    #[test]
    fn tokens_cover_every_operator() {
        let toks = tokenize(
            "#a.b[3] <> :v AND c<=:w OR d>=e, f<g>h+i-j=(k)",
            Kind::Condition,
        )
        .unwrap();
        let kinds: Vec<Tok> = toks.into_iter().map(|t| t.tok).collect();
        assert_eq!(kinds.len(), 31);
        assert!(kinds.contains(&Tok::Cmp(CmpOp::Ne)));
        assert!(kinds.contains(&Tok::Cmp(CmpOp::Le)));
        assert!(kinds.contains(&Tok::Cmp(CmpOp::Ge)));
        assert!(kinds.contains(&Tok::Int("3".into())));
        assert_eq!(kinds.last(), Some(&Tok::Eof));
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        // a OR b AND c  ==  a OR (b AND c)
        let c = cond(
            "attribute_exists(a) OR attribute_exists(b) AND attribute_exists(c)",
            Value::Null,
        )
        .unwrap();
        assert!(matches!(c, Cond::Or(_, ref r) if matches!(**r, Cond::And(..))));
        let i = item(json!({"a": {"S": "x"}}));
        assert!(eval(&c, Some(&i)));
        // NOT a AND b  ==  (NOT a) AND b
        let c = cond(
            "NOT attribute_exists(a) AND attribute_exists(b)",
            Value::Null,
        )
        .unwrap();
        assert!(matches!(c, Cond::And(ref l, _) if matches!(**l, Cond::Not(_))));
        assert!(check(
            "(attribute_exists(a) OR attribute_exists(b)) AND attribute_exists(a)",
            Value::Null,
            &i
        ));
        assert!(check(
            "not attribute_exists(b) and attribute_exists(a)",
            Value::Null,
            &i
        ));
    }

    #[test]
    fn comparisons_are_typed_and_numeric() {
        let i = item(
            json!({"n": {"N": "10"}, "s": {"S": "b"}, "m": {"M": {"x": {"L": [{"N": "1"}, {"N": "2"}]}}}}),
        );
        let v =
            json!({":9": {"N": "9"}, ":10": {"N": "10.0"}, ":a": {"S": "a"}, ":two": {"N": "2"}});
        assert!(check("n > :9", v.clone(), &i));
        assert!(check("n = :10 AND n >= :10 AND n <= :10", v.clone(), &i));
        assert!(!check("n < :9 OR n > :10", v.clone(), &i));
        // Different types never order; <> across types is true.
        assert!(!check("n > :a", v.clone(), &i));
        assert!(check("n <> :a", v.clone(), &i));
        assert!(check("s > :a", v.clone(), &i));
        // Nested paths and list indexes.
        assert!(check("m.x[1] = :two", v.clone(), &i));
        // A absent attribute: comparisons false, <> true.
        assert!(!check("absent = :a", v.clone(), &i));
        assert!(!check("absent < :a", v.clone(), &i));
        assert!(check("absent <> :a", v.clone(), &i));
        // NOT is plain negation.
        assert!(check("NOT absent = :a", v, &i));
    }

    #[test]
    fn between_in_and_functions() {
        let i = item(json!({
            "n": {"N": "5"}, "s": {"S": "group#abc"}, "ss": {"SS": ["x", "y"]},
            "l": {"L": [{"S": "q"}, {"N": "3"}]}, "b": {"B": "AAEC"}, "z": {"NULL": true}
        }));
        let v = json!({
            ":1": {"N": "1"}, ":5": {"N": "5"}, ":9": {"N": "9"}, ":p": {"S": "group#"},
            ":x": {"S": "x"}, ":q": {"S": "q"}, ":3": {"N": "3"}, ":SS": {"S": "SS"},
            ":NULL": {"S": "NULL"}, ":b0": {"B": "AA=="}, ":b1": {"B": "AQ=="}
        });
        let yes = [
            "n BETWEEN :1 AND :9",
            "n BETWEEN :5 AND :5",
            "n IN (:1, :5)",
            "begins_with(s, :p)",
            "begins_with(b, :b0)",
            "contains(s, :p)",
            "contains(ss, :x)",
            "contains(l, :q)",
            "contains(l, :3)",
            "contains(b, :b1)",
            "attribute_type(ss, :SS)",
            "attribute_type(z, :NULL)",
            "size(s) = :9",
            "size(ss) < :3",
            "size(l) BETWEEN :1 AND :3",
            "attribute_exists(l[1])",
            "attribute_not_exists(l[2])",
        ];
        for src in yes {
            assert!(check(src, v.clone(), &i), "{src}");
        }
        let no = [
            "n BETWEEN :1 AND :3",
            "n IN (:1, :9)",
            "begins_with(n, :p)",
            "begins_with(b, :b1)",
            "contains(ss, :q)",
            "attribute_type(s, :SS)",
            "size(n) = :1",
            "size(absent) = :1",
        ];
        for src in no {
            let mut vals = v.clone();
            // keep every value used so parsing succeeds
            vals.as_object_mut()
                .unwrap()
                .retain(|k, _| src.contains(k.as_str()));
            assert!(!check(src, vals, &i), "{src}");
        }
    }

    #[test]
    fn placeholders_resolve_and_must_be_defined_and_used() {
        let mut p = ph(
            json!({"#s": "status", "#d": "a.b"}),
            json!({":v": {"S": "open"}}),
        );
        let c =
            parse_condition("#s = :v AND attribute_exists(#d)", Kind::Condition, &mut p).unwrap();
        p.check_all_used().unwrap();
        // "#d" names one attribute called "a.b", not a path.
        let i = item(json!({"status": {"S": "open"}, "a.b": {"N": "1"}}));
        assert!(eval(&c, Some(&i)));

        let mut p = ph(
            json!({"#s": "s", "#unused": "u"}),
            json!({":v": {"S": "x"}, ":w": {"S": "y"}}),
        );
        parse_condition("#s = :v", Kind::Condition, &mut p).unwrap();
        assert_eq!(
            err(p.check_all_used()),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
        );
        let mut p = ph(
            json!({"#s": "s"}),
            json!({":v": {"S": "x"}, ":w": {"S": "y"}}),
        );
        parse_condition("#s = :v", Kind::Condition, &mut p).unwrap();
        assert_eq!(
            err(p.check_all_used()),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}"
        );
        assert_eq!(
            err(cond("a = :nope", Value::Null)),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope"
        );
        let mut p = Placeholders::default();
        assert_eq!(
            err(parse_condition("#nope = a", Kind::Filter, &mut p)),
            "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #nope"
        );
        assert_eq!(
            err(Placeholders::from_request(
                &json!({"ExpressionAttributeValues": {}}),
                true
            )),
            "ExpressionAttributeValues must not be empty"
        );
        assert_eq!(
            err(Placeholders::from_request(
                &json!({"ExpressionAttributeNames": {"#a": "a"}}),
                false
            )),
            "ExpressionAttributeNames can only be specified when using expressions"
        );
    }

    #[test]
    fn syntax_and_semantic_errors_read_like_dynamodb() {
        let v = json!({":v": {"N": "1"}, ":t": {"BOOL": true}, ":s": {"S": "x"}, ":lo": {"N": "5"}, ":hi": {"N": "1"}});
        let sel = |src: &str| {
            let mut vals = v.clone();
            vals.as_object_mut()
                .unwrap()
                .retain(|k, _| src.contains(k.as_str()));
            vals
        };
        for (src, want) in [
            ("", "Invalid ConditionExpression: The expression can not be empty;"),
            ("a = ", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\""),
            ("a == :v", "Invalid ConditionExpression: Syntax error; token: \"=\""),
            ("a = :v)", "Invalid ConditionExpression: Syntax error; token: \")\""),
            ("a $ :v", "Invalid ConditionExpression: Syntax error; token: \"$\""),
            ("status = :v", "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
            ("a < :t", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
            ("begins_with(a, :v)", "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
            ("attribute_type(a, :s)", "Invalid ConditionExpression: Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"),
            ("attribute_exists(:v)", "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
            ("attribute_exists(a, b)", "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
            ("if_not_exists(a, :v) = :v", "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"),
            ("frobnicate(a)", "Invalid ConditionExpression: Invalid function name; function: frobnicate"),
            ("a BETWEEN :lo AND :hi", "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound"),
            ("size(a)", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\""),
            ("a.", "Invalid ConditionExpression: Syntax error; token: \"<EOF>\""),
            ("a.:v = :v", "Invalid ConditionExpression: Syntax error; token: \":v\""),
        ] {
            let got = err(cond(src, sel(src)));
            assert!(got.starts_with(want), "{src}: {got}");
        }
        // A syntax error wins over a reserved word before it.
        let got = err(cond("status = = :v", sel(":v")));
        assert!(got.contains("Syntax error"), "{got}");
    }

    fn update(src: &str, names: Value, values: Value, on: Value) -> Result<Value> {
        let mut p = ph(names, values);
        let u = parse_update(src, &mut p)?;
        p.check_all_used()?;
        Ok(item_to_json(&apply_update(&u, &item(on))?))
    }

    #[test]
    fn set_with_arithmetic_if_not_exists_and_list_append() {
        let got = update(
            "SET folded = if_not_exists(folded, :zero) + :one, l = list_append(if_not_exists(l, :empty), :more), m.k = :one, #n = n - :one",
            json!({"#n": "n"}),
            json!({":zero": {"N": "0"}, ":one": {"N": "1"}, ":empty": {"L": []}, ":more": {"L": [{"S": "a"}]}}),
            json!({"pk": {"S": "k"}, "m": {"M": {}}, "n": {"N": "0.5"}}),
        )
        .unwrap();
        assert_eq!(
            got,
            json!({"pk": {"S": "k"}, "folded": {"N": "1"}, "l": {"L": [{"S": "a"}]},
                   "m": {"M": {"k": {"N": "1"}}}, "n": {"N": "-0.5"}})
        );
        // Every operand reads the old item: a swap works.
        let got = update(
            "SET a = b, b = a",
            Value::Null,
            Value::Null,
            json!({"a": {"N": "1"}, "b": {"N": "2"}}),
        )
        .unwrap();
        assert_eq!(got, json!({"a": {"N": "2"}, "b": {"N": "1"}}));
        // Setting past the end of a list appends.
        let got = update(
            "SET l[9] = :x",
            Value::Null,
            json!({":x": {"S": "z"}}),
            json!({"l": {"L": [{"S": "a"}]}}),
        )
        .unwrap();
        assert_eq!(got, json!({"l": {"L": [{"S": "a"}, {"S": "z"}]}}));
    }

    #[test]
    fn remove_add_and_delete() {
        let got = update(
            "REMOVE gone, l[0], l[2] ADD n :two, s :ab, fresh :two DELETE d :x",
            Value::Null,
            json!({":two": {"N": "2"}, ":ab": {"SS": ["a", "b"]}, ":x": {"SS": ["x"]}}),
            json!({
                "gone": {"S": "1"}, "l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}, {"N": "3"}]},
                "n": {"N": "40"}, "s": {"SS": ["b", "c"]}, "d": {"SS": ["x"]}
            }),
        )
        .unwrap();
        assert_eq!(
            got,
            json!({
                "l": {"L": [{"N": "1"}, {"N": "3"}]}, "n": {"N": "42"},
                "s": {"SS": ["b", "c", "a"]}, "fresh": {"N": "2"}
            })
        );
    }

    #[test]
    fn update_errors_read_like_dynamodb() {
        let v = json!({":s": {"S": "x"}, ":one": {"N": "1"}});
        let sel = |src: &str| {
            let mut vals = v.clone();
            vals.as_object_mut()
                .unwrap()
                .retain(|k, _| src.contains(k.as_str()));
            vals
        };
        let on = json!({"str": {"S": "a"}, "n": {"N": "1"}, "m": {"M": {}}});
        for (src, want) in [
            ("SET n = :s + :one", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
            ("SET n = str + :one", "An operand in the update expression has an incorrect data type"),
            ("SET n = absent + :one", "The provided expression refers to an attribute that does not exist in the item"),
            ("SET x.y = :one", "The document path provided in the update expression is invalid for update"),
            ("ADD str :one", "An operand in the update expression has an incorrect data type"),
            ("ADD n :s", "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: ADD, operand type: S"),
            ("SET a = :one, a = :one", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"),
            ("SET m = :one REMOVE m.k", "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, k]"),
            ("SET m[0] = :one, m.k = :one", "Invalid UpdateExpression: Two document paths conflict with each other"),
            ("SET a = :one SET b = :one", "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
            ("SET a = :one + :one + :one", "Invalid UpdateExpression: Syntax error; token: \"+\""),
            ("SET a = size(n)", "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
            ("UPSERT a = :one", "Invalid UpdateExpression: Syntax error; token: \"UPSERT\""),
            ("SET a :one", "Invalid UpdateExpression: Syntax error; token: \":one\""),
        ] {
            let got = err(update(src, Value::Null, sel(src), on.clone()));
            assert!(got.starts_with(want), "{src}: {got}");
        }
    }

    #[test]
    fn projection_keeps_nesting_and_drops_what_is_absent() {
        let i = item(json!({
            "a": {"N": "1"}, "b": {"M": {"c": {"S": "x"}, "d": {"S": "y"}}},
            "l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}]}
        }));
        let mut p = Placeholders::default();
        let paths = parse_projection("b.c, l[2], l[0], nope, b.zz", &mut p).unwrap();
        assert_eq!(
            item_to_json(&project(&i, &paths)),
            json!({"b": {"M": {"c": {"S": "x"}}}, "l": {"L": [{"N": "0"}, {"N": "2"}]}})
        );
        let mut p = Placeholders::default();
        assert!(err(parse_projection("a, a", &mut p)).contains("overlap"));
    }

    #[test]
    fn key_conditions_split_into_hash_and_range() {
        let v = json!({":p": {"S": "s1"}, ":t": {"N": "100"}, ":lo": {"N": "1"}});
        let kc = |src: &str| {
            let mut vals = v.clone();
            vals.as_object_mut()
                .unwrap()
                .retain(|k, _| src.contains(k.as_str()));
            let mut p = ph(Value::Null, vals);
            let c = parse_condition(src, Kind::KeyCondition, &mut p)?;
            key_condition(c, "due_shard", Some("due_at"))
        };
        let (h, r) = kc("due_shard = :p AND due_at <= :t").unwrap();
        assert_eq!(h, Av::S("s1".into()));
        assert!(matches!(r, Some(RangeCond::Cmp(CmpOp::Le, _))));
        let (_, r) = kc(":t >= due_at AND due_shard = :p").unwrap();
        assert!(matches!(r, Some(RangeCond::Cmp(CmpOp::Le, _))));
        let (_, r) = kc("due_shard = :p AND due_at BETWEEN :lo AND :t").unwrap();
        assert!(matches!(r, Some(RangeCond::Between(..))));
        assert_eq!(
            err(kc("due_at <= :t")),
            "Query condition missed key schema element: due_shard"
        );
        assert_eq!(
            err(kc("due_shard = :p OR due_at <= :t")),
            "Invalid operator used in KeyConditionExpression: OR"
        );
        assert_eq!(
            err(kc("due_shard = :p AND colour = :t")),
            "Query key condition not supported"
        );
        assert_eq!(
            err(kc("due_shard = :p AND due_at > :lo AND due_at < :t")),
            "KeyConditionExpressions must only contain one condition per key"
        );
    }
}
