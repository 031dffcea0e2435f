//! Expression values and GitHub's coercion rules (truthiness, string and number conversion,
//! loose equality, case-insensitive string comparison).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A value an expression can produce. Objects keep their keys as given; lookups by the
/// evaluator ignore case, as GitHub's do.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// GitHub's truthiness: `false`, `0`, `-0`, `''`, `null` and `NaN` are falsy; everything
    /// else (arrays and objects included) is truthy.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// GitHub's string coercion: null is `''`, booleans are `true`/`false`, whole numbers have
    /// no `.0`, arrays and objects are `Array` and `Object`.
    pub fn to_display_string(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => s.clone(),
            Value::Array(_) => "Array".to_string(),
            Value::Object(_) => "Object".to_string(),
        }
    }

    /// GitHub's number coercion: null 0, false 0, true 1, strings parsed as numbers (blank is
    /// 0, anything unparsable NaN), arrays and objects NaN.
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::String(s) => parse_number_text(s.trim()).unwrap_or(f64::NAN),
            Value::Array(_) | Value::Object(_) => f64::NAN,
        }
    }

    /// The type name used in messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// `==`: values of different kinds are compared as numbers; strings ignore case.
    /// Arrays and objects compare by content here (GitHub compares them by identity, which a
    /// static evaluator cannot know).
    pub fn loose_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => fold_case(a) == fold_case(b),
            (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
                self == other
            }
            (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => {
                false
            }
            _ => self.to_number() == other.to_number(),
        }
    }

    /// Ordering for `<`, `<=`, `>`, `>=`: strings compare ignoring case, other kinds as
    /// numbers. None when the values are unordered (NaN, arrays, objects): every comparison
    /// is then false.
    pub fn loose_cmp(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::String(a), Value::String(b)) => Some(fold_case(a).cmp(&fold_case(b))),
            (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => {
                None
            }
            _ => self.to_number().partial_cmp(&other.to_number()),
        }
    }

    /// Convert from JSON (as `fromJSON` does).
    pub fn from_json(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Convert to JSON (as `toJSON` does). Whole numbers become integers; NaN and
    /// infinities, which JSON cannot hold, become null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
        }
    }

    /// Same value, treating NaN as equal to NaN (for de-duplicating result sets).
    pub(crate) fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => self == other,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

/// Case folding for comparisons (GitHub compares ordinally, ignoring case).
pub(crate) fn fold_case(s: &str) -> String {
    s.to_uppercase()
}

/// Largest magnitude printed as an integer; beyond it `f64` has no fractional part anyway.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if n == 0.0 {
        // Covers -0 too.
        "0".to_string()
    } else if n.fract() == 0.0 && n.abs() <= MAX_EXACT_INTEGER {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() <= MAX_EXACT_INTEGER {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Parse number text the way GitHub (and JavaScript's `Number`) do: decimal with optional
/// sign, fraction and exponent; `0x`, `0o` and `0b` integers; `Infinity`. Blank text is 0.
/// None for anything else.
pub(crate) fn parse_number_text(text: &str) -> Option<f64> {
    if text.is_empty() {
        return Some(0.0);
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = parse_unsigned_number(unsigned)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn parse_unsigned_number(text: &str) -> Option<f64> {
    if text == "Infinity" {
        return Some(f64::INFINITY);
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = text.strip_prefix(prefix) {
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            // Accumulate in f64 so very long literals lose precision instead of overflowing.
            return Some(digits.chars().fold(0.0, |acc, c| {
                acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            }));
        }
    }
    // Rust's parser also accepts `inf` and `nan`; GitHub does not, so check the alphabet.
    let decimal_chars = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    if !decimal_chars || !has_digit || text.starts_with(['e', 'E', '+', '-']) {
        return None;
    }
    text.parse::<f64>().ok()
}
