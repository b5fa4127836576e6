//! The domain the input space is restricted to: a box, a polytope given by inequalities, or R^d.

use super::source::Source;
use crate::exact::{AffineForm, HomPoint, Integer, Rational};
use crate::network::{LayerInput, Network};
use crate::polytope::{volume, HalfspaceError, Polytope, MAX_DIM};
use malachite::base::num::arithmetic::traits::{Abs, Pow};
use std::fmt;

/// Why a domain cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    /// The inequalities do not describe a bounded full-dimensional polytope; `origin` names the
    /// file or the box.
    Shape {
        /// The file or `--box` that gave the domain.
        origin: String,
        /// What is wrong with it.
        error: HalfspaceError,
    },
    /// A box whose bounds are not `lo < hi`.
    EmptyBox {
        /// The bounds as given.
        bounds: String,
    },
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Shape { origin, error } => write!(f, "{origin}: {error}"),
            DomainError::EmptyBox { bounds } => {
                write!(
                    f,
                    "--box {bounds}: the lower bound must be below the upper bound"
                )
            }
        }
    }
}

impl std::error::Error for DomainError {}

/// Which domain to enumerate on, as plain data, before it is built by [`DomainSpec::build`]
/// (the whole space needs the network, for the cube standing in for it). New kinds of domain
/// (an affine slice of a higher-dimensional input) are new variants, hence `non_exhaustive`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DomainSpec {
    /// The box `[lo, hi]^d`, d the network's input dimension.
    Box {
        /// The lower bound of every coordinate.
        lo: Rational,
        /// The upper bound of every coordinate.
        hi: Rational,
    },
    /// The polytope `{x : b + a . x >= 0}` of the rows `[b, a_1, ..., a_d]`; `origin` names
    /// where they came from in descriptions and errors.
    Polytope {
        /// The file (or other source) of the rows.
        origin: String,
        /// The inequalities.
        rows: Vec<Vec<Rational>>,
    },
    /// The whole input space R^d.
    WholeSpace,
}

impl DomainSpec {
    /// The box `[-1, 1]^d`.
    pub fn unit_box() -> DomainSpec {
        DomainSpec::Box {
            lo: Rational::from(-1),
            hi: Rational::from(1),
        }
    }

    /// Whether this is the whole space R^d.
    pub fn is_whole_space(&self) -> bool {
        *self == DomainSpec::WholeSpace
    }

    /// The domain for `network`: the box or polytope in its input dimension, or its whole input
    /// space.
    pub fn build(&self, network: &Network) -> Result<Domain, DomainError> {
        let dim = network.input_dim();
        match self {
            DomainSpec::Box { lo, hi } => Domain::cube(dim, lo, hi),
            DomainSpec::Polytope { origin, rows } => Domain::from_inequalities(origin, dim, rows),
            DomainSpec::WholeSpace => Domain::whole_space(network),
        }
    }
}

/// Where a network is studied: a bounded full-dimensional polytope of R^d (with its exact
/// volume), or the whole of R^d.
///
/// The whole space is handled exactly through a cube `[-(H+1), H+1]^d` whose half-width is
/// larger than every vertex coordinate of the network's region complex (see
/// [`Domain::whole_space`]): every region of R^d meets the cube's interior in one piece, and the
/// cube's sides (sources [`Source::Bound`]) stand in for infinity.
#[derive(Debug, Clone)]
pub struct Domain {
    description: String,
    polytope: Polytope<Source>,
    volume: Option<Rational>,
    truncation: Option<Integer>,
}

/// Refuses a dimension above [`MAX_DIM`] before anything of that size is built (or read).
pub fn check_dimension(dim: usize, origin: &str) -> Result<(), DomainError> {
    if dim > MAX_DIM {
        return Err(DomainError::Shape {
            origin: origin.to_string(),
            error: HalfspaceError::TooManyDimensions { dim },
        });
    }
    Ok(())
}

impl Domain {
    /// The box `[lo, hi]^dim`; its inequalities are `x_i >= lo` (row 2i) and `x_i <= hi`
    /// (row 2i + 1).
    pub fn cube(dim: usize, lo: &Rational, hi: &Rational) -> Result<Domain, DomainError> {
        let description = format!("box [{lo}, {hi}]^{dim}");
        check_dimension(dim, &description)?;
        if lo >= hi {
            return Err(DomainError::EmptyBox {
                bounds: format!("{lo},{hi}"),
            });
        }
        let side = hi - lo;
        let volume = (0..dim).fold(Rational::from(1u32), |v, _| v * &side);
        Ok(Domain {
            polytope: Polytope::cube(dim, lo, hi, Source::Domain),
            description,
            volume: Some(volume),
            truncation: None,
        })
    }

    /// The polytope `{x : b + a . x >= 0}` of the rows `[b, a_1, ..., a_d]`, described as
    /// `polytope from {origin}` (its facets labelled with row indices). It must be bounded and
    /// full-dimensional in R^`dim`; errors name `origin`.
    pub fn from_inequalities(
        origin: &str,
        dim: usize,
        rows: &[Vec<Rational>],
    ) -> Result<Domain, DomainError> {
        check_dimension(dim, origin)?;
        let labelled = rows
            .iter()
            .enumerate()
            .map(|(r, row)| (AffineForm::from_rationals(row), Source::Domain(r)))
            .collect();
        let polytope =
            Polytope::from_inequalities(dim, labelled).map_err(|error| DomainError::Shape {
                origin: origin.to_string(),
                error,
            })?;
        let volume = Some(volume(&polytope));
        Ok(Domain {
            description: format!("polytope from {origin}"),
            polytope,
            volume,
            truncation: None,
        })
    }

    /// The whole input space R^d of `network`.
    ///
    /// Every vertex of the region complex solves d linearly independent equations taken from the
    /// neurons' integer pre-activation forms (on some region), and every region's minimal face
    /// has a point solving such a subsystem; by Cramer's rule and Hadamard's inequality their
    /// coordinates are at most `M^d`, where M bounds the 1-norm of every neuron's integer form
    /// over all patterns (for plain ReLU layers `M_l = max_i (|W'_i|_1 M_{l-1} + S_{l-1} |b'_i|)`,
    /// `M_0 = 1`; leaky slopes and shortcuts as on `vertex_bound`). The cube of half-width
    /// `M^d + 1` therefore meets every region of R^d in a full-dimensional set and contains every
    /// vertex in its interior.
    pub fn whole_space(network: &Network) -> Result<Domain, DomainError> {
        let dim = network.input_dim();
        let description = format!("R^{dim}");
        check_dimension(dim, &description)?;
        let half_width = vertex_bound(network) + Integer::from(1u32);
        let h = Rational::from(half_width.clone());
        let polytope = Polytope::cube(dim, &-h.clone(), &h, Source::Bound);
        Ok(Domain {
            description,
            polytope,
            volume: None,
            truncation: Some(half_width),
        })
    }

    /// A one-line description, e.g. `box [-1, 1]^3`.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The domain as a polytope whose facets are labelled with domain rows.
    pub fn polytope(&self) -> &Polytope<Source> {
        &self.polytope
    }

    /// The exact volume, or `None` for the whole space.
    pub fn volume(&self) -> Option<&Rational> {
        self.volume.as_ref()
    }

    /// For the whole space, the half-width of the cube standing in for it; `None` for a polytope.
    pub fn truncation(&self) -> Option<&Integer> {
        self.truncation.as_ref()
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.polytope.dim()
    }

    /// Where the cones of the regions' volume shares start (`proofs/volume-total.md`): on a
    /// polytope, its vertex on the most facets, the lexicographically first of those (the
    /// cones over the regions' facets in the domain's facets through it are flat, so those
    /// facets are skipped: half of a box's sides); `None` over R^d, where the cones start at the
    /// origin. Found among the domain's vertices on each call.
    pub fn cone_apex(&self) -> Option<HomPoint> {
        if self.truncation.is_some() {
            return None;
        }
        let apex = self
            .polytope
            .vertices()
            .iter()
            .min_by(|a, b| {
                b.facets
                    .len()
                    .cmp(&a.facets.len())
                    .then_with(|| a.point.cmp_lex(&b.point))
            })
            .expect("a polytope has a vertex");
        Some(apex.point.clone())
    }
}

/// `M^d` as described on [`Domain::whole_space`]: `M` bounds the 1-norm of every neuron's
/// integer pre-activation form over all patterns. Through a block, with the scales of
/// `enumerate`: `|Z_i| <= |W'_i| N + S |b'_i|` for inputs of norm at most `N`; activations have
/// norm at most `max(|p|, q) |Z|` (slope `p/q`); a shortcut's outputs at most
/// `|P'_k| q s N + |W2'_k| A + T |b2'_k|` (the input lifted to the activations' scale `T`).
fn vertex_bound(network: &Network) -> Integer {
    let mut inputs = vec![NormBound(Integer::from(1u32)); network.input_dim()];
    let mut scale = Integer::from(1u32);
    let mut largest = Integer::from(1u32);
    for block in network.blocks() {
        let layer = block.layer.to_integers();
        let forms = layer.apply(&inputs, &scale);
        if let Some(NormBound(max)) = forms.iter().max() {
            largest = largest.max(max.clone());
        }
        let (p, q) = block.activation.slope_fraction();
        let lift = &q * &layer.scale;
        let gain = p.abs().max(q);
        let activations = forms.into_iter().map(|NormBound(n)| NormBound(n * &gain));
        let activation_scale = &lift * &scale;
        match block.shortcut_layer(inputs.len()) {
            Some(shortcut) => {
                let lifted: Vec<NormBound> = inputs
                    .iter()
                    .map(|NormBound(n)| NormBound(n * &lift))
                    .chain(activations)
                    .collect();
                let shortcut = shortcut.to_integers();
                inputs = shortcut.apply(&lifted, &activation_scale);
                scale = activation_scale * &shortcut.scale;
            }
            None => {
                inputs = activations.collect();
                scale = activation_scale;
            }
        }
    }
    largest.pow(network.input_dim() as u64)
}

/// A bound `N` on the 1-norm of an integer form. A layer applied to bounds `N_j` bounds its
/// forms `c + sum_j w_j x_j` by `|c| + sum_j |w_j| N_j` (the triangle inequality): the layer
/// application of the forms with every coefficient replaced by its absolute value.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct NormBound(Integer);

impl LayerInput for NormBound {
    type Coefficient = Integer;
    fn zero_like(&self) -> NormBound {
        NormBound(Integer::from(0u32))
    }
    fn add_multiple(&mut self, coefficient: &Integer, input: &NormBound) {
        self.0 += coefficient.abs() * &input.0;
    }
    fn add_constant(&mut self, constant: &Integer) {
        self.0 += constant.abs();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(coordinates: &[i64]) -> HomPoint {
        let values: Vec<Rational> = coordinates.iter().map(|&c| Rational::from(c)).collect();
        HomPoint::from_rationals(&values)
    }

    /// A box's cones start at its lower corner (every corner is on d facets; it is the
    /// lexicographically first), with the bounds' denominator.
    #[test]
    fn a_box_takes_its_cones_from_its_lower_corner() {
        let lo = Rational::from_signeds(1, 3);
        let domain = Domain::cube(3, &lo, &Rational::from_signeds(5, 2)).unwrap();
        let corner = HomPoint::from_rationals(&[lo.clone(), lo.clone(), lo]);
        assert_eq!(domain.cone_apex(), Some(corner));
    }

    /// A square pyramid's cones start at its top, on four facets, not at the lexicographically
    /// first corner of its base, on three.
    #[test]
    fn a_polytope_takes_its_cones_from_its_vertex_on_the_most_facets() {
        let rows: Vec<Vec<Rational>> = [
            [0, 0, 0, 1],
            [1, -1, 0, -1],
            [1, 1, 0, -1],
            [1, 0, -1, -1],
            [1, 0, 1, -1],
        ]
        .iter()
        .map(|row| row.iter().map(|&c| Rational::from(c)).collect())
        .collect();
        let domain = Domain::from_inequalities("pyramid", 3, &rows).unwrap();
        assert_eq!(domain.cone_apex(), Some(point(&[0, 0, 1])));
    }
}
