//! Exact values and domains from their Python text forms, with errors that say where.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use relupoly::exact::{parse_rational, Rational};
use relupoly::network::{Network, Slice};
use relupoly::regions::DomainSpec;

/// The rational `text` spells; `place` names it in the error.
pub fn rational(text: &str, place: &str) -> PyResult<Rational> {
    parse_rational(text).map_err(|e| PyValueError::new_err(format!("{place}: {e}: \"{text}\"")))
}

/// Every entry of `values` as a rational; `place` names the vector.
pub fn vector(values: &[String], place: &str) -> PyResult<Vec<Rational>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| rational(v, &format!("{place}, entry {i}")))
        .collect()
}

/// Every row of `rows` as rationals; `place` names the matrix.
pub fn matrix(rows: &[Vec<String>], place: &str) -> PyResult<Vec<Vec<Rational>>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| vector(row, &format!("{place}, row {r}")))
        .collect()
}

/// The domain `kind` names: `box` with `rows = [[lo, hi]]`, `polytope` with the inequality
/// rows `[b, a_1, ..., a_d]`, or `rd`.
pub fn domain(kind: &str, rows: Option<Vec<Vec<String>>>) -> PyResult<DomainSpec> {
    let rows = rows.unwrap_or_default();
    match kind {
        "rd" => Ok(DomainSpec::WholeSpace),
        "box" => match rows.as_slice() {
            [bounds] if bounds.len() == 2 => {
                let lo = rational(&bounds[0], "domain, lower bound")?;
                let hi = rational(&bounds[1], "domain, upper bound")?;
                // Checked here so that the message speaks of the Python arguments (the
                // library's names the CLI's --box).
                if lo >= hi {
                    return Err(PyValueError::new_err(format!(
                        "domain ({}, {}): the lower bound must be below the upper bound",
                        bounds[0], bounds[1]
                    )));
                }
                Ok(DomainSpec::Box { lo, hi })
            }
            _ => Err(PyValueError::new_err("a box domain needs (lo, hi)")),
        },
        "polytope" => Ok(DomainSpec::Polytope {
            origin: "the polytope domain".into(),
            rows: matrix(&rows, "domain inequalities")?,
        }),
        other => Err(PyValueError::new_err(format!(
            "unknown domain kind \"{other}\" (box, polytope or rd)"
        ))),
    }
}

/// Values as their exact text.
pub fn texts(values: &[Rational]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// A slice from Python: its origin and its directions, as exact text.
pub type SliceText = (Vec<String>, Vec<Vec<String>>);

/// `network` restricted to `slice` (its input the slice coordinates) with the slice, or
/// `network` itself without one; errors name the slice's origin, directions or mismatch.
pub fn sliced(network: &Network, slice: Option<SliceText>) -> PyResult<(Network, Option<Slice>)> {
    let Some((origin, directions)) = slice else {
        return Ok((network.clone(), None));
    };
    let slice = Slice::new(
        vector(&origin, "slice origin")?,
        matrix(&directions, "slice directions")?,
    )
    .map_err(|e| PyValueError::new_err(format!("slice: {e}")))?;
    let restricted = network
        .on_slice(&slice)
        .map_err(|e| PyValueError::new_err(format!("slice: {e}")))?;
    Ok((restricted, Some(slice)))
}

/// The slice through `points` (exact text), as `Slice::through` checks it: its origin, its
/// directions and the inequality rows of the simplex the points span, as exact text.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn slice_through(
    points: Vec<Vec<String>>,
) -> PyResult<(Vec<String>, Vec<Vec<String>>, Vec<Vec<String>>)> {
    let slice = Slice::through(matrix(&points, "slice points")?)
        .map_err(|e| PyValueError::new_err(format!("slice: {e}")))?;
    let rows = slice
        .simplex_rows()
        .expect("a slice through points has a simplex");
    Ok((
        texts(slice.origin()),
        slice.directions().iter().map(|d| texts(d)).collect(),
        rows.iter().map(|r| texts(r)).collect(),
    ))
}
