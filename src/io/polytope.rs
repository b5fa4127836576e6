//! The polytope file read by `relupoly polytope`: inequalities or points (see
//! `docs/formats.md`).

use super::records::strings;
use crate::exact::text::DecimalText;
use crate::exact::{AffineForm, HomPoint};
use crate::io::{read_text, InputError, JsonReader};
use crate::polytope::{FaceLattice, HalfspaceError, HullError, Polytope, PolytopeData};
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// How a polytope file describes its polytope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Description {
    /// `{"inequalities": [[b, a_1, ..., a_d], ...]}`: facets carry their row indices as sources.
    Inequalities,
    /// `{"vertices": [[x_1, ..., x_d], ...]}`: the convex hull of the points.
    Vertices,
}

/// Why a polytope file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolytopeFileError {
    /// The file is unreadable or malformed.
    Format(InputError),
    /// The inequalities do not describe a bounded full-dimensional polytope.
    Halfspaces {
        /// The file.
        origin: String,
        /// What is wrong.
        error: HalfspaceError,
    },
    /// The points have no full-dimensional hull.
    Hull {
        /// The file.
        origin: String,
        /// What is wrong.
        error: HullError,
    },
}

impl fmt::Display for PolytopeFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolytopeFileError::Format(e) => e.fmt(f),
            PolytopeFileError::Halfspaces { origin, error } => write!(f, "{origin}: {error}"),
            PolytopeFileError::Hull { origin, error } => write!(f, "{origin}: {error}"),
        }
    }
}

impl std::error::Error for PolytopeFileError {}

/// Reads the polytope file at `path`.
pub fn read_polytope(path: &Path) -> Result<(Polytope<usize>, Description), PolytopeFileError> {
    let (text, origin) = read_text(path).map_err(PolytopeFileError::Format)?;
    parse_polytope(&text, &origin)
}

/// Parses a polytope from the JSON `text` of the document called `origin`: exactly one of
/// `"inequalities"` (rows `[b, a_1, ..., a_d]` meaning `b + a . x >= 0`) or `"vertices"` (points),
/// and optionally `"numbers"`. Redundant rows, repeated and interior points are allowed; the
/// polytope must be bounded and full-dimensional.
pub fn parse_polytope(
    text: &str,
    origin: &str,
) -> Result<(Polytope<usize>, Description), PolytopeFileError> {
    let mut reader = JsonReader::new(origin);
    let format = PolytopeFileError::Format;
    let document = reader.parse(text).map_err(format)?;
    let top = reader
        .object(
            &document,
            "top level",
            &["inequalities", "vertices", "numbers"],
        )
        .map_err(format)?;
    reader.set_mode(reader.number_mode(top).map_err(format)?);
    match (top.get("inequalities"), top.get("vertices")) {
        (Some(rows), None) => {
            let rows = reader
                .rows(rows, "inequalities", "inequality", None)
                .map_err(format)?;
            let dim = rows[0].len() - 1;
            if dim == 0 {
                return Err(format(
                    reader.error("inequality 0", "needs at least 2 entries (b, a_1)"),
                ));
            }
            let labelled = rows
                .iter()
                .enumerate()
                .map(|(r, row)| (AffineForm::from_rationals(row), r))
                .collect();
            Polytope::from_inequalities(dim, labelled)
                .map(|p| (p, Description::Inequalities))
                .map_err(|error| PolytopeFileError::Halfspaces {
                    origin: origin.to_string(),
                    error,
                })
        }
        (None, Some(points)) => {
            let points = reader
                .rows(points, "vertices", "vertex", None)
                .map_err(format)?;
            let dim = points[0].len();
            let points: Vec<HomPoint> =
                points.iter().map(|p| HomPoint::from_rationals(p)).collect();
            Polytope::convex_hull(dim, &points)
                .map(|p| (p, Description::Vertices))
                .map_err(|error| PolytopeFileError::Hull {
                    origin: origin.to_string(),
                    error,
                })
        }
        _ => Err(format(reader.error(
            "top level",
            "needs exactly one of \"inequalities\" and \"vertices\"",
        ))),
    }
}

#[derive(Serialize)]
struct FacetJson<'a> {
    inequality: Vec<String>,
    rows: &'a [usize],
    vertices: &'a [usize],
}

#[derive(Serialize)]
struct FaceJson<'a> {
    dim: usize,
    vertices: Vec<usize>,
    covers: &'a [usize],
}

/// The documented key order of `relupoly polytope --json`, over the fields of
/// [`PolytopeData`].
#[derive(Serialize)]
struct PolytopeJson<'a> {
    dimension: usize,
    vertices: Vec<Vec<String>>,
    facets: Vec<FacetJson<'a>>,
    f_vector: Option<&'a [usize]>,
    simplices: Option<usize>,
    volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triangulation: Option<&'a [Vec<usize>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    faces: Option<Vec<FaceJson<'a>>>,
}

/// The polytope as the one-line JSON object of `relupoly polytope --json` (schema in
/// `docs/formats.md`): exact values as strings, facets with the input rows supporting them and
/// their vertices; with `faces`, the whole face lattice.
pub fn polytope_json(data: &PolytopeData<usize>, faces: Option<&FaceLattice>) -> String {
    let json = PolytopeJson {
        dimension: data.dim,
        vertices: data.vertices.iter().map(strings).collect(),
        facets: data
            .facets
            .iter()
            .map(|f| FacetJson {
                inequality: strings(&f.inequality),
                rows: &f.sources,
                vertices: &f.vertices,
            })
            .collect(),
        f_vector: data.f_vector.as_deref(),
        simplices: data.simplex_count,
        volume: data.volume.as_ref().map(DecimalText::decimal),
        triangulation: data.simplices.as_deref(),
        faces: faces.map(|lattice| {
            lattice
                .faces()
                .iter()
                .map(|f| FaceJson {
                    dim: f.dim,
                    vertices: f.vertices.to_vec(),
                    covers: &f.covers,
                })
                .collect()
        }),
    };
    serde_json::to_string(&json).expect("the polytope serialises")
}
