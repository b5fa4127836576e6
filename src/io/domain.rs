//! The domain file: `{"inequalities": [[b, a_1, ..., a_d], ...]}` with an optional `"numbers"`
//! mode (see `docs/formats.md`).

use super::{read_text, InputError, JsonReader};
use crate::exact::Rational;
use crate::regions::{check_dimension, Domain, DomainError};
use std::fmt;
use std::path::Path;

/// Why a domain file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainFileError {
    /// The file is unreadable or malformed.
    Format(InputError),
    /// The rows do not make a domain (too many dimensions, unbounded, flat or empty).
    Domain(DomainError),
}

impl fmt::Display for DomainFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainFileError::Format(e) => e.fmt(f),
            DomainFileError::Domain(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DomainFileError {}

impl From<InputError> for DomainFileError {
    fn from(e: InputError) -> DomainFileError {
        DomainFileError::Format(e)
    }
}

impl From<DomainError> for DomainFileError {
    fn from(e: DomainError) -> DomainFileError {
        DomainFileError::Domain(e)
    }
}

/// The rows `[b, a_1, ..., a_dim]` of the domain file at `path`, and the name errors use for it.
pub fn read_domain(
    path: &Path,
    dim: usize,
) -> Result<(Vec<Vec<Rational>>, String), DomainFileError> {
    let (text, origin) = read_text(path)?;
    Ok((parse_domain(&text, &origin, dim)?, origin))
}

/// The rows of the domain document `text` called `origin` for input dimension `dim` (refused
/// above `MAX_DIM` before anything is read). [`Domain::from_inequalities`] builds the domain.
pub fn parse_domain(
    text: &str,
    origin: &str,
    dim: usize,
) -> Result<Vec<Vec<Rational>>, DomainFileError> {
    check_dimension(dim, origin)?;
    let mut reader = JsonReader::new(origin);
    let document = reader.parse(text)?;
    let top = reader.object(&document, "top level", &["inequalities", "numbers"])?;
    reader.set_mode(reader.number_mode(top)?);
    let rows_value = reader.required(top, "top level", "inequalities")?;
    let why = format!("(b, a_1, ..., a_{dim} for input dimension {dim})");
    Ok(reader.rows(
        rows_value,
        "inequalities",
        "inequality",
        Some((dim + 1, &why)),
    )?)
}

/// The domain of the file at `path` in R^`dim`: read, then built.
pub fn domain_from_file(path: &Path, dim: usize) -> Result<Domain, DomainFileError> {
    let (rows, origin) = read_domain(path, dim)?;
    Ok(Domain::from_inequalities(&origin, dim, &rows)?)
}

/// The domain of the document `text` called `origin` in R^`dim`: parsed, then built.
pub fn domain_from_text(text: &str, origin: &str, dim: usize) -> Result<Domain, DomainFileError> {
    Ok(Domain::from_inequalities(
        origin,
        dim,
        &parse_domain(text, origin, dim)?,
    )?)
}
