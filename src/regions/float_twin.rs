//! The float twin: the enumerator's algorithm (same splitting driver, same combinatorial cut,
//! same face lattice and pulling triangulation) run in f64 through the [`Float64`] kernel. It
//! exists so that benchmarks can state what exactness costs; it is not exact and not a user
//! mode (it decides signs with a tolerance and may miss or merge regions on degenerate inputs).

use super::domain::Domain;
use super::region::Region;
use super::source::Source;
use super::splitting::{
    region_bound, split_in_order, start_family, EnumerateError, Family, Limits, Piece, Splitter,
};
use crate::exact::Rational;
use crate::network::{apply_layer, Layer, Network, Pattern};
use crate::polytope::{FaceLattice, Float64, Polytope, Pulling};
use std::sync::Arc;

/// A region found by the float twin, with what the exact enumerator computes per region.
#[derive(Debug, Clone, PartialEq)]
pub struct FloatRegion {
    /// The activation pattern, one bit vector per hidden block.
    pub pattern: Pattern,
    /// Vertices (of the truncated region over R^d).
    pub vertices: usize,
    /// Facets.
    pub facets: usize,
    /// The face lattice's f-vector, dimensions 0..d-1.
    pub f_vector: Vec<usize>,
    /// Simplices of the pulling triangulation.
    pub simplices: usize,
    /// The volume, summed over the simplices in f64.
    pub volume: f64,
}

/// One hidden block in f64: the neurons, the slope, and the shortcut as one layer on
/// `(input, activations)`.
struct FloatBlock {
    layer: (Vec<Vec<f64>>, Vec<f64>),
    slope: f64,
    shortcut: Option<(Vec<Vec<f64>>, Vec<f64>)>,
}

struct FloatCell {
    polytope: Polytope<Source, Float64>,
    pattern: Pattern,
    /// The previous block's outputs on the cell, as f64 affine forms `(c_0, c_1, ..., c_d)`.
    stream: Vec<Vec<f64>>,
}

struct FloatPlan {
    dim: usize,
    domain: Polytope<Source, Float64>,
    blocks: Vec<FloatBlock>,
}

impl Splitter for FloatPlan {
    type K = Float64;
    type Cell = FloatCell;
    type Cursor = ();
    type Bare = (Pattern, Polytope<Source, Float64>);

    fn root(&self) -> FloatCell {
        FloatCell {
            polytope: self.domain.clone(),
            pattern: Pattern::default(),
            stream: (0..self.dim)
                .map(|i| {
                    let mut form = vec![0.0; self.dim + 1];
                    form[i + 1] = 1.0;
                    form
                })
                .collect(),
        }
    }

    fn layers(&self) -> usize {
        self.blocks.len()
    }

    fn polytope<'c>(&self, cell: &'c FloatCell) -> &'c Polytope<Source, Float64> {
        &cell.polytope
    }

    fn family(&self, cell: FloatCell, l: usize) -> (Family<Float64>, Polytope<Source, Float64>) {
        let (weights, biases) = &self.blocks[l].layer;
        let forms = apply_layer(weights, biases, &cell.stream);
        start_family(cell.polytope, cell.pattern, cell.stream, Arc::new(forms), l)
    }

    fn child(
        &self,
        family: &Family<Float64>,
        (polytope, bits): Piece<Float64>,
        _: &mut (),
    ) -> FloatCell {
        let block = &self.blocks[family.l];
        let activations: Vec<Vec<f64>> = family
            .forms
            .iter()
            .zip(&bits)
            .map(|(z, &on)| {
                let factor = if on { 1.0 } else { block.slope };
                z.iter().map(|c| c * factor).collect()
            })
            .collect();
        let stream = match &block.shortcut {
            Some((weights, biases)) => apply_layer(
                weights,
                biases,
                &[family.stream.clone(), activations].concat(),
            ),
            None => activations,
        };
        let mut pattern = family.pattern.clone();
        pattern.push(bits);
        FloatCell {
            polytope,
            pattern,
            stream,
        }
    }

    fn bare(&self, cell: FloatCell) -> Self::Bare {
        (cell.pattern, cell.polytope)
    }

    fn region_bound(&self) -> u128 {
        region_bound(
            self.dim,
            self.blocks.iter().map(|block| block.layer.1.len()),
        )
    }
}

/// The volume of the simplex with the given vertices, `|det[v_i - v_0]| / d!`, in f64.
fn float_simplex_volume(points: &[&Vec<f64>]) -> f64 {
    let d = points.len() - 1;
    let mut rows: Vec<Vec<f64>> = points[1..]
        .iter()
        .map(|p| p.iter().zip(points[0]).map(|(a, b)| a - b).collect())
        .collect();
    let mut det = 1.0;
    for col in 0..d {
        let pivot = (col..d)
            .max_by(|&a, &b| rows[a][col].abs().total_cmp(&rows[b][col].abs()))
            .unwrap_or(col);
        rows.swap(col, pivot);
        let p = rows[col][col];
        if p == 0.0 {
            return 0.0;
        }
        det *= p;
        let (done, rest) = rows.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for row in rest {
            let factor = row[col] / p;
            for (x, y) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * y;
            }
        }
    }
    det.abs() / (1..=d).map(|k| k as f64).product::<f64>()
}

/// The finished region: lattice, pulling triangulation and volume, as the exact enumerator
/// computes them.
fn finish((pattern, mut polytope): (Pattern, Polytope<Source, Float64>)) -> FloatRegion {
    polytope.sort_vertices_lex();
    let lattice = FaceLattice::of(&polytope);
    let simplices = Pulling::new(&polytope, &lattice).simplices();
    let vertices = polytope.vertices();
    let volume = simplices
        .iter()
        .map(|s| float_simplex_volume(&s.iter().map(|&v| &vertices[v].point).collect::<Vec<_>>()))
        .sum();
    FloatRegion {
        pattern,
        vertices: vertices.len(),
        facets: polytope.facets().len(),
        f_vector: lattice.f_vector(),
        simplices: simplices.len(),
        volume,
    }
}

/// A domain for running the twin over R^d: the cube `[-R, R]^d` with `R` one more than twice the
/// largest vertex coordinate of the exact enumeration `regions` of R^d (or 1 without vertices).
/// The exact enumerator's own stand-in cube is far too large for f64 (its crossings would lose
/// every digit); this one meets the same regions whenever every region has a vertex (a pointed
/// arrangement), so the twin finds the same patterns. Without vertices (parallel hyperplanes
/// only) it is `[-1, 1]^d` and may miss regions: a benchmark helper, not a domain for users.
pub fn twin_cube(regions: &[Region]) -> Domain {
    let largest = regions
        .iter()
        .flat_map(|r| {
            r.vertex_indices()
                .iter()
                .map(|&v| &r.polytope.vertices()[v].point)
        })
        .flat_map(|p| p.to_rationals())
        .map(|x| if x < 0u32 { -x } else { x })
        .max()
        .unwrap_or_default();
    let half_width = Rational::from(2u32) * largest + Rational::from(1u32);
    let dim = regions.first().map_or(1, |r| r.polytope.dim());
    Domain::cube(dim, &-half_width.clone(), &half_width).expect("a cube is a domain")
}

/// The float twin of [`super::enumerate`]: the same splitting, lattice and triangulation in f64,
/// in pattern order. For benchmarks only (see the module documentation).
pub fn float_twin(
    network: &Network,
    domain: &Domain,
    limits: Limits,
) -> Result<Vec<FloatRegion>, EnumerateError> {
    let dim = network.input_dim();
    if dim != domain.dim() {
        return Err(EnumerateError::DimensionMismatch {
            network: dim,
            domain: domain.dim(),
        });
    }
    let mut inputs = dim;
    let blocks = network
        .blocks()
        .iter()
        .map(|block| {
            let shortcut = block.shortcut_layer(inputs).as_ref().map(Layer::to_f64);
            inputs = block.output_width();
            let slope =
                crate::exact::rational_to_f64(block.activation.negative_slope()).map_err(|e| {
                    EnumerateError::Stopped(format!("the float twin cannot hold a slope: {e}"))
                })?;
            Ok(FloatBlock {
                layer: block.layer.to_f64(),
                slope,
                shortcut,
            })
        })
        .collect::<Result<_, EnumerateError>>()?;
    let plan = FloatPlan {
        dim,
        domain: domain.polytope().to_float(),
        blocks,
    };
    let mut regions = Vec::new();
    split_in_order(
        &plan,
        limits,
        None,
        None,
        &mut |_| {},
        &|bare, _| finish(bare),
        &mut |region| {
            regions.push(region);
            Ok(())
        },
    )?;
    Ok(regions)
}
