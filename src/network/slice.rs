//! Affine slices of a high-dimensional input space: `t -> x0 + U t` from R^k into R^n, composed
//! exactly into a network's first block so that the regions of the slice are enumerated in k
//! dimensions.

use super::model::{Layer, Network, Shortcut};
use crate::exact::{primitive_direction, EchelonBasis, Rational};

/// The largest slice dimension k.
pub const MAX_SLICE_DIM: usize = 4;

/// An affine map `t -> origin + U t` from R^k (1 <= k <= [`MAX_SLICE_DIM`]) into the input space
/// R^n, with U's columns (the directions) linearly independent, so that the map is injective and
/// the regions of the slice are the regions of the network restricted to an affine subspace.
///
/// Given by points `p_0, ..., p_k` ([`Slice::through`]), the origin is `p_0` and the directions
/// are `p_i - p_0`: slice coordinates are then barycentric-like, `p_i` at the i-th unit vector,
/// and [`Slice::simplex_rows`] is the simplex the points span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    origin: Vec<Rational>,
    directions: Vec<Vec<Rational>>,
    through_points: bool,
}

impl Slice {
    /// The slice `t -> origin + sum_i t_i directions[i]`, or a description of what is wrong: no
    /// direction or more than [`MAX_SLICE_DIM`], a direction whose length differs from the
    /// origin's, or a direction that is a combination of the ones before it (decided exactly).
    pub fn new(origin: Vec<Rational>, directions: Vec<Vec<Rational>>) -> Result<Slice, String> {
        check_count(directions.len(), "directions")?;
        if origin.is_empty() {
            return Err("the origin is empty (it is a point of the input space)".into());
        }
        for (i, u) in directions.iter().enumerate() {
            if u.len() != origin.len() {
                return Err(format!(
                    "direction {i} has {} entries, but the origin has {} (both live in the input space)",
                    u.len(),
                    origin.len()
                ));
            }
        }
        if let Some(i) = first_dependent(&directions) {
            return Err(format!(
                "direction {i} is a linear combination of the directions before it (the directions must be linearly independent)"
            ));
        }
        Ok(Slice {
            origin,
            directions,
            through_points: false,
        })
    }

    /// The affine span of `points` (2 to `MAX_SLICE_DIM + 1` points of the input space, affinely
    /// independent): origin `points[0]`, directions `points[i] - points[0]`.
    pub fn through(points: Vec<Vec<Rational>>) -> Result<Slice, String> {
        check_count(points.len().saturating_sub(1), "points after the first")?;
        let n = points[0].len();
        if n == 0 {
            return Err("point 0 is empty (the points are inputs of the network)".into());
        }
        if let Some((i, p)) = points.iter().enumerate().find(|(_, p)| p.len() != n) {
            return Err(format!(
                "point {i} has {} entries, but point 0 has {n}",
                p.len()
            ));
        }
        let directions: Vec<Vec<Rational>> = points[1..]
            .iter()
            .map(|p| p.iter().zip(&points[0]).map(|(a, b)| a - b).collect())
            .collect();
        if let Some(i) = first_dependent(&directions) {
            return Err(format!(
                "point {} lies in the affine span of the points before it (the points must be affinely independent)",
                i + 1
            ));
        }
        let mut points = points;
        Ok(Slice {
            origin: points.swap_remove(0),
            directions,
            through_points: true,
        })
    }

    /// The slice dimension k.
    pub fn dim(&self) -> usize {
        self.directions.len()
    }

    /// The dimension n of the input space the slice lives in.
    pub fn input_dim(&self) -> usize {
        self.origin.len()
    }

    /// The origin `x0` (the image of `t = 0`).
    pub fn origin(&self) -> &[Rational] {
        &self.origin
    }

    /// The directions, the columns of U.
    pub fn directions(&self) -> &[Vec<Rational>] {
        &self.directions
    }

    /// The input-space point `x0 + U t` of the slice point `t` (k coordinates), exactly.
    pub fn lift(&self, t: &[Rational]) -> Vec<Rational> {
        let mut x = self.origin.clone();
        self.add_combination(&mut x, t);
        x
    }

    /// The input-space direction `U v` of the slice direction `v` (k coordinates), exactly.
    pub fn lift_direction(&self, v: &[Rational]) -> Vec<Rational> {
        let mut x = vec![Rational::from(0u32); self.input_dim()];
        self.add_combination(&mut x, v);
        x
    }

    fn add_combination(&self, x: &mut [Rational], t: &[Rational]) {
        assert_eq!(t.len(), self.dim(), "a slice point has k coordinates");
        for (u, ti) in self.directions.iter().zip(t) {
            if *ti != 0u32 {
                for (xj, uj) in x.iter_mut().zip(u) {
                    *xj += uj * ti;
                }
            }
        }
    }

    /// For a slice given by points, the inequalities `[b, a_1, ..., a_k]` (meaning
    /// `b + a . t >= 0`) of the simplex they span in slice coordinates: `t_i >= 0` and
    /// `1 - sum t_i >= 0`. `None` for a slice given by directions.
    pub fn simplex_rows(&self) -> Option<Vec<Vec<Rational>>> {
        if !self.through_points {
            return None;
        }
        let k = self.dim();
        let unit = |i: usize| (0..=k).map(move |j| Rational::from(u32::from(j == i + 1)));
        let mut rows: Vec<Vec<Rational>> = (0..k).map(|i| unit(i).collect()).collect();
        rows.push(
            (0..=k)
                .map(|j| Rational::from(if j == 0 { 1 } else { -1 }))
                .collect(),
        );
        Some(rows)
    }

    /// The matrix `M U` (one row per row of `matrix`, k columns) and the vector `M x0`.
    fn compose(&self, matrix: &[Vec<Rational>]) -> (Vec<Vec<Rational>>, Vec<Rational>) {
        matrix
            .iter()
            .map(|row| {
                let dot = |v: &[Rational]| -> Rational {
                    row.iter()
                        .zip(v)
                        .filter(|(a, b)| **a != 0u32 && **b != 0u32)
                        .map(|(a, b)| a * b)
                        .sum()
                };
                (
                    self.directions.iter().map(|u| dot(u)).collect::<Vec<_>>(),
                    dot(&self.origin),
                )
            })
            .unzip()
    }

    /// The affine layer `t -> W (x0 + U t) + b`.
    fn compose_layer(&self, layer: &Layer) -> Layer {
        let (weights, shift) = self.compose(&layer.weights);
        Layer {
            weights,
            biases: layer.biases.iter().zip(shift).map(|(b, s)| b + s).collect(),
        }
    }
}

fn check_count(k: usize, what: &str) -> Result<(), String> {
    if (1..=MAX_SLICE_DIM).contains(&k) {
        Ok(())
    } else {
        Err(format!(
            "{k} {what}: a slice has 1 to {MAX_SLICE_DIM} dimensions"
        ))
    }
}

/// The index of the first vector that is zero or a combination of the ones before it.
fn first_dependent(vectors: &[Vec<Rational>]) -> Option<usize> {
    let mut basis = EchelonBasis::of([], 0);
    vectors
        .iter()
        .position(|v| v.iter().all(|x| *x == 0u32) || !basis.insert(primitive_direction(v)))
}

impl Network {
    /// The network restricted to `slice`: its input is the slice coordinate `t`, and its value
    /// at `t` is this network's value at `x0 + U t`, exactly. The slice is composed into the
    /// first block (its neurons `W (x0 + U t) + b`, and a residual connection's `P x` becomes
    /// `P U t + P x0`); the other blocks and the output layer are unchanged. Errors when the
    /// slice does not live in this network's input space.
    pub fn on_slice(&self, slice: &Slice) -> Result<Network, String> {
        if slice.input_dim() != self.input_dim() {
            return Err(format!(
                "the slice lives in R^{} but the network's input dimension is {}",
                slice.input_dim(),
                self.input_dim()
            ));
        }
        let mut blocks = self.blocks().to_vec();
        let first = &mut blocks[0];
        let inputs = self.input_dim();
        first.layer = slice.compose_layer(&first.layer);
        if let Some(shortcut) = &mut first.shortcut {
            let identity = || {
                (0..shortcut.outer.width())
                    .map(|r| {
                        (0..inputs)
                            .map(|c| Rational::from(u32::from(r == c)))
                            .collect()
                    })
                    .collect()
            };
            let projection: Vec<Vec<Rational>> =
                shortcut.projection.take().unwrap_or_else(identity);
            let (p_u, p_x0) = slice.compose(&projection);
            *shortcut = Shortcut {
                outer: Layer {
                    weights: shortcut.outer.weights.clone(),
                    biases: (shortcut.outer.biases.iter().zip(p_x0))
                        .map(|(b, s)| b + s)
                        .collect(),
                },
                projection: Some(p_u),
            };
        }
        Network::from_blocks(slice.dim(), blocks, self.output().cloned())
    }
}
