//! Reading JSON documents (networks, domains, polytopes, sweeps, engine outputs) with errors
//! that say where the problem is, and the two ways of reading their numbers.

use super::InputError;
use crate::exact::{parse_rational, rational_to_f64, Rational};
use serde_json::{Map, Value};

/// How the numbers of an input file are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberMode {
    /// Each number is the exact decimal (or fraction) it spells: `0.1` is 1/10.
    #[default]
    Decimal,
    /// Each number is first rounded to the nearest binary64, as a float engine stores it, and
    /// that binary64 is taken exactly: `0.1` is 3602879701896397/2^55.
    Binary64,
}

impl NumberMode {
    /// The name used for the mode in files: `"decimal"` or `"binary64"`.
    pub fn name(self) -> &'static str {
        match self {
            NumberMode::Decimal => "decimal",
            NumberMode::Binary64 => "binary64",
        }
    }
}

/// Reads values out of one parsed JSON document, naming the document in every error.
#[derive(Debug, Clone)]
pub struct JsonReader {
    origin: String,
    mode: NumberMode,
}

impl JsonReader {
    /// A reader for the document called `origin`, reading numbers by `NumberMode::Decimal` until
    /// [`JsonReader::set_mode`] says otherwise.
    pub fn new(origin: &str) -> JsonReader {
        JsonReader {
            origin: origin.to_string(),
            mode: NumberMode::Decimal,
        }
    }

    /// Reads numbers by `mode` from now on.
    pub fn set_mode(&mut self, mode: NumberMode) {
        self.mode = mode;
    }

    /// An error at `location` in this document.
    pub fn error(&self, location: &str, message: impl Into<String>) -> InputError {
        InputError {
            origin: self.origin.clone(),
            location: location.to_string(),
            message: message.into(),
        }
    }

    /// Parses `text` as JSON. Syntax errors give the line and column; a NaN or infinity
    /// literal, which JSON does not allow but some writers emit, is named as such.
    pub fn parse(&self, text: &str) -> Result<Value, InputError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            let location = format!("line {}, column {}", e.line(), e.column());
            let rest = text
                .lines()
                .nth(e.line().saturating_sub(1))
                .and_then(|line| line.get(e.column().saturating_sub(1)..))
                .unwrap_or("");
            let rest = rest.trim_start_matches(['-', '+']);
            if rest.starts_with("NaN") || rest.starts_with("Infinity") {
                self.error(&location, "NaN or infinity is not allowed")
            } else {
                self.error(&location, format!("invalid JSON: {e}"))
            }
        })?;
        match duplicate_key(text) {
            Some((line, column, key)) => Err(self.error(
                &format!("line {line}, column {column}"),
                format!("the key \"{key}\" appears twice in one object"),
            )),
            None => Ok(value),
        }
    }

    /// `value` as an object whose keys are all in `allowed`.
    pub fn object<'a>(
        &self,
        value: &'a Value,
        location: &str,
        allowed: &[&str],
    ) -> Result<&'a Map<String, Value>, InputError> {
        let object = value.as_object().ok_or_else(|| {
            self.error(
                location,
                format!("expected an object, found {}", kind(value)),
            )
        })?;
        if let Some(key) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(self.error(
                location,
                format!("unknown key \"{key}\" (allowed: {})", allowed.join(", ")),
            ));
        }
        Ok(object)
    }

    /// The value of a required key of `object`.
    pub fn required<'a>(
        &self,
        object: &'a Map<String, Value>,
        location: &str,
        key: &str,
    ) -> Result<&'a Value, InputError> {
        object
            .get(key)
            .ok_or_else(|| self.error(location, format!("missing key \"{key}\"")))
    }

    /// `value` as an array.
    pub fn array<'a>(
        &self,
        value: &'a Value,
        location: &str,
    ) -> Result<&'a Vec<Value>, InputError> {
        value.as_array().ok_or_else(|| {
            self.error(
                location,
                format!("expected an array, found {}", kind(value)),
            )
        })
    }

    /// `value` as an exact number: a JSON number, or a string holding an integer, a fraction
    /// `p/q` or a decimal. Integers and fractions are exact; decimals (with a point or an
    /// exponent) are read by the current number mode.
    pub fn number(&self, value: &Value, location: &str) -> Result<Rational, InputError> {
        let text = match value {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            other => {
                return Err(self.error(
                    location,
                    format!("expected a number, found {}", kind(other)),
                ))
            }
        };
        let exact =
            parse_rational(&text).map_err(|e| self.error(location, format!("{e}: \"{text}\"")))?;
        let decimal = !text.contains('/') && text.contains(['.', 'e', 'E']);
        match self.mode {
            NumberMode::Binary64 if decimal => {
                let rounded = rational_to_f64(&exact)
                    .map_err(|e| self.error(location, format!("{e}: \"{text}\"")))?;
                Ok(Rational::try_from(rounded).expect("a finite binary64 is a rational"))
            }
            _ => Ok(exact),
        }
    }

    /// `value` as a list of numbers; entries are located as `{location}, column {c}`.
    pub fn vector(&self, value: &Value, location: &str) -> Result<Vec<Rational>, InputError> {
        self.array(value, location)?
            .iter()
            .enumerate()
            .map(|(c, v)| self.number(v, &format!("{location}, column {c}")))
            .collect()
    }

    /// `value` as a list of rows of numbers, each of length `columns`; entries are located as
    /// `{location}, row {r}, column {c}`.
    pub fn matrix(
        &self,
        value: &Value,
        location: &str,
        columns: usize,
    ) -> Result<Vec<Vec<Rational>>, InputError> {
        self.array(value, location)?
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let row_location = format!("{location}, row {r}");
                let entries = self.vector(row, &row_location)?;
                if entries.len() != columns {
                    return Err(self.error(
                        &row_location,
                        format!("has {} entries, expected {columns}", entries.len()),
                    ));
                }
                Ok(entries)
            })
            .collect()
    }

    /// `value` as a non-empty list of rows of numbers of equal length: `expected.0` entries if
    /// given (with `expected.1` explaining why), else as many as the first row. Row r is located
    /// as `{name} {r}`, its entries as `{name} {r}, column {c}`.
    pub fn rows(
        &self,
        value: &Value,
        list_location: &str,
        name: &str,
        expected: Option<(usize, &str)>,
    ) -> Result<Vec<Vec<Rational>>, InputError> {
        let list = self.array(value, list_location)?;
        if list.is_empty() {
            return Err(self.error(list_location, "is empty"));
        }
        let mut rows: Vec<Vec<Rational>> = Vec::with_capacity(list.len());
        for (r, row) in list.iter().enumerate() {
            let location = format!("{name} {r}");
            let entries = self.vector(row, &location)?;
            let (length, why) = match (expected, rows.first()) {
                (Some((length, why)), _) => (length, why.to_string()),
                (None, Some(first)) => (first.len(), format!("as many as {name} 0")),
                (None, None) => (entries.len(), String::new()),
            };
            if entries.is_empty() {
                return Err(self.error(&location, "has no entries (at least one is needed)"));
            }
            if entries.len() != length {
                return Err(self.error(
                    &location,
                    format!("has {} entries, expected {length} {why}", entries.len())
                        .trim_end()
                        .to_string(),
                ));
            }
            rows.push(entries);
        }
        Ok(rows)
    }

    /// The `"numbers"` key of `object`, if present, as a number mode.
    pub fn number_mode(&self, object: &Map<String, Value>) -> Result<NumberMode, InputError> {
        match object.get("numbers") {
            None => Ok(NumberMode::Decimal),
            Some(Value::String(s)) if s == "decimal" => Ok(NumberMode::Decimal),
            Some(Value::String(s)) if s == "binary64" => Ok(NumberMode::Binary64),
            Some(other) => Err(self.error(
                "numbers",
                format!("expected \"decimal\" or \"binary64\", found {other}"),
            )),
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first key that appears twice in one object of the valid JSON `text`, with its line and
/// column (1-based): serde_json keeps the last value silently, which would let a wrong value hide
/// behind a right one. Keys are compared after unescaping.
pub(crate) fn duplicate_key(text: &str) -> Option<(usize, usize, String)> {
    // One entry per open bracket: the keys seen so far for an object, `None` for an array.
    let mut open: Vec<Option<std::collections::HashSet<String>>> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (1, 0);
    while let Some((start, c)) = chars.next() {
        column += 1;
        match c {
            '\n' => (line, column) = (line + 1, 0),
            '{' => open.push(Some(std::collections::HashSet::new())),
            '[' => open.push(None),
            '}' | ']' => {
                open.pop();
            }
            '"' => {
                let (key_line, key_column) = (line, column);
                let mut end = start + 1;
                while let Some((i, c)) = chars.next() {
                    column += 1;
                    match c {
                        '\\' => {
                            chars.next();
                            column += 1;
                        }
                        '"' => {
                            end = i + 1;
                            break;
                        }
                        _ => {}
                    }
                }
                let is_key = text[end..].trim_start().starts_with(':');
                if let (true, Some(Some(keys))) = (is_key, open.last_mut()) {
                    let key: String = serde_json::from_str(&text[start..end]).unwrap_or_default();
                    if !keys.insert(key.clone()) {
                        return Some((key_line, key_column, key));
                    }
                }
            }
            _ => {}
        }
    }
    None
}
