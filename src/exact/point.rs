//! Points with rational coordinates, stored as one integer vector over a common denominator.

use super::filter::{approximate_point, filtered_cmp};
use malachite::base::num::arithmetic::traits::{
    AddMulAssign, DivExact, DivExactAssign, Gcd, SubMulAssign,
};
use malachite::base::num::logic::traits::SignificantBits;
use malachite::rational::Rational;
use malachite::{Integer, Natural};
use std::cmp::Ordering;
use std::sync::Arc;

/// A point of R^d in homogeneous integer coordinates `(D, X_1, ..., X_d)` standing for
/// `X / D`.
///
/// Invariant: `D > 0` and the entries have no common factor, so each point has exactly one
/// representation and `==` is equality of points.
///
/// The coordinates are shared between clones (a point is never changed once made): a vertex
/// handed to both parts of a cut, or a crossing remembered, costs no copy of its integers, and
/// clones compare equal without comparing them.
#[derive(Debug, Clone)]
pub struct HomPoint {
    data: Arc<PointData>,
}

#[derive(Debug)]
struct PointData {
    coords: Vec<Integer>,
    /// The coordinates in f64 for the float filter (`None` when out of its safe range).
    approx: Option<Box<[f64]>>,
}

impl PartialEq for HomPoint {
    fn eq(&self, other: &HomPoint) -> bool {
        Arc::ptr_eq(&self.data, &other.data) || self.data.coords == other.data.coords
    }
}

impl Eq for HomPoint {}

/// Hashes each coordinate's sign, length and lowest 64-bit word only: equal points hash alike
/// (their coordinates are equal), and coordinates of thousands of bits cost one word each.
impl std::hash::Hash for HomPoint {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for x in &self.data.coords {
            let magnitude = x.unsigned_abs_ref();
            state.write_u64(magnitude.significant_bits());
            state.write_u64(magnitude.limbs().next().unwrap_or(0));
            state.write_u8(u8::from(*x < 0u32));
        }
    }
}

impl HomPoint {
    /// The point with homogeneous coordinates `coords = (D, X)`, brought to canonical form.
    ///
    /// # Panics
    /// When `D` is not positive: such a vector is no point of R^d.
    pub fn from_homogeneous(mut coords: Vec<Integer>) -> HomPoint {
        assert!(coords[0] > 0u32, "homogeneous denominator must be positive");
        let mut divisor = Natural::from(0u32);
        for c in &coords {
            divisor = divisor.gcd(c.unsigned_abs_ref());
            if divisor == 1u32 {
                return HomPoint::canonical(coords);
            }
        }
        let divisor = Integer::from(divisor);
        for c in &mut coords {
            c.div_exact_assign(&divisor);
        }
        HomPoint::canonical(coords)
    }

    /// The point of canonical coordinates `coords`, with its f64 approximation.
    fn canonical(coords: Vec<Integer>) -> HomPoint {
        let approx = approximate_point(&coords);
        HomPoint {
            data: Arc::new(PointData { coords, approx }),
        }
    }

    /// The coordinates in f64, each within relative error 3u of the exact value, when they are
    /// in the filter's safe range (see `proofs/filtered-predicates.md`).
    pub fn approximation(&self) -> Option<&[f64]> {
        self.data.approx.as_deref()
    }

    /// The point with the given rational coordinates.
    pub fn from_rationals(values: &[Rational]) -> HomPoint {
        let mut denominator = Natural::from(1u32);
        for v in values {
            let g = (&denominator).gcd(v.denominator_ref());
            denominator = denominator / g * v.denominator_ref();
        }
        let mut coords = Vec::with_capacity(values.len() + 1);
        coords.push(Integer::from(denominator.clone()));
        for v in values {
            let scale = Integer::from(&denominator / v.denominator_ref());
            let numerator = Integer::from_sign_and_abs_ref(*v >= 0u32, v.numerator_ref());
            coords.push(numerator * scale);
        }
        HomPoint::from_homogeneous(coords)
    }

    /// The dimension d of the space the point lives in.
    pub fn dim(&self) -> usize {
        self.data.coords.len() - 1
    }

    /// The homogeneous coordinates `(D, X_1, ..., X_d)`, canonical as described on the type.
    pub fn homogeneous(&self) -> &[Integer] {
        &self.data.coords
    }

    /// The positive common denominator `D`.
    pub fn denominator(&self) -> &Integer {
        &self.data.coords[0]
    }

    /// Coordinate `i` (0-based) as an exact rational.
    pub fn coordinate(&self, i: usize) -> Rational {
        Rational::from_integers_ref(&self.data.coords[i + 1], &self.data.coords[0])
    }

    /// All coordinates as exact rationals.
    pub fn to_rationals(&self) -> Vec<Rational> {
        (0..self.dim()).map(|i| self.coordinate(i)).collect()
    }

    /// Lexicographic comparison of the exact coordinates (first coordinate first).
    pub fn cmp_lex(&self, other: &HomPoint) -> Ordering {
        if Arc::ptr_eq(&self.data, &other.data) {
            return Ordering::Equal;
        }
        if self.data.coords[0] == other.data.coords[0] {
            // Equal denominators (the common case: box corners, integer points): compare the
            // numerators as they are.
            return self.data.coords[1..].cmp(&other.data.coords[1..]);
        }
        for i in 0..self.dim() {
            let order = self.cmp_coordinate(other, i);
            if order.is_ne() {
                return order;
            }
        }
        Ordering::Equal
    }

    /// The indices of `points` (of one dimension, distinct) in increasing lexicographic order
    /// ([`HomPoint::cmp_lex`]). `end(p, i)` tells which coordinates sit at an end of an interval
    /// holding all the points' coordinates `i`: `Some(false)` at its lower end, `Some(true)` at
    /// its upper end (the sides of a cube holding the points, say), `None` elsewhere; the order
    /// is exact provided that every coordinate `i` not at an end lies strictly inside.
    ///
    /// Sorted on one key per coordinate read once per point (minus or plus infinity at an end,
    /// else the float approximation), so a comparison costs a few float operations; only
    /// coordinates the filter cannot order are compared exactly.
    pub fn lex_order(
        points: &[&HomPoint],
        end: impl Fn(usize, usize) -> Option<bool>,
    ) -> Vec<usize> {
        let dim = points.first().map_or(0, |p| p.dim());
        let mut keys = Vec::with_capacity(points.len() * dim);
        for (p, point) in points.iter().enumerate() {
            let approx = point.approximation();
            keys.extend((0..dim).map(|i| match end(p, i) {
                Some(false) => f64::NEG_INFINITY,
                Some(true) => f64::INFINITY,
                // No approximation: NaN, which the filter never orders.
                None => approx.map_or(f64::NAN, |a| a[i]),
            }));
        }
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            let (key_a, key_b) = (&keys[a * dim..][..dim], &keys[b * dim..][..dim]);
            for (i, (&x, &y)) in key_a.iter().zip(key_b).enumerate() {
                let order = if x.is_infinite() || y.is_infinite() {
                    // At most one end each: equal ends tie, else minus infinity is least.
                    if x == y {
                        Ordering::Equal
                    } else if x == f64::NEG_INFINITY || y == f64::INFINITY {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    }
                } else {
                    filtered_cmp(x, y)
                        .unwrap_or_else(|| points[a].cmp_coordinate_exactly(points[b], i))
                };
                if order.is_ne() {
                    return order;
                }
            }
            Ordering::Equal
        });
        order
    }

    /// Whether `|x_i|`, the magnitude of coordinate `i` (0-based), is certainly not `c`, for a
    /// positive `c` whose f64 approximation within relative error 3u is `c_approx`: the float
    /// filter's answer, `false` when it cannot tell.
    pub(crate) fn magnitude_is_not(&self, i: usize, c_approx: f64) -> bool {
        self.data
            .approx
            .as_ref()
            .and_then(|a| filtered_cmp(a[i].abs(), c_approx))
            .is_some_and(Ordering::is_ne)
    }

    /// The exact order of coordinate `i` (0-based) of the two points: the float filter's when it
    /// decides, else [`HomPoint::cmp_coordinate_exactly`]'s.
    fn cmp_coordinate(&self, other: &HomPoint, i: usize) -> Ordering {
        let filtered = self
            .data
            .approx
            .as_ref()
            .zip(other.data.approx.as_ref())
            .and_then(|(a, b)| filtered_cmp(a[i], b[i]));
        filtered.unwrap_or_else(|| self.cmp_coordinate_exactly(other, i))
    }

    /// The exact order of coordinate `i` (0-based) of the two points, by comparisons alone when
    /// their denominators are equal or both coordinates are -1, 0 or 1, else by cross products.
    fn cmp_coordinate_exactly(&self, other: &HomPoint, i: usize) -> Ordering {
        let i = i + 1;
        if self.data.coords[0] == other.data.coords[0] {
            return self.data.coords[i].cmp(&other.data.coords[i]);
        }
        if let (Some(a), Some(b)) = (self.unit_or_zero(i), other.unit_or_zero(i)) {
            return a.cmp(&b);
        }
        let left = &self.data.coords[i] * &other.data.coords[0];
        let right = &other.data.coords[i] * &self.data.coords[0];
        left.cmp(&right)
    }

    /// Homogeneous coordinate `i` as -1, 0 or 1 when the coordinate is one of these (box
    /// corners and points on a box's sides), found by comparisons alone; `None` otherwise.
    fn unit_or_zero(&self, i: usize) -> Option<i8> {
        let x = &self.data.coords[i];
        if *x == 0u32 {
            Some(0)
        } else if x.unsigned_abs_ref() == self.data.coords[0].unsigned_abs_ref() {
            Some(if *x > 0u32 { 1 } else { -1 })
        } else {
            None
        }
    }

    /// `self - other` times the product of the two (positive) denominators: an integer vector with
    /// the direction of the difference.
    pub fn scaled_difference(&self, other: &HomPoint) -> Vec<Integer> {
        let (x, y) = (&self.data.coords, &other.data.coords);
        (1..x.len())
            .map(|i| {
                let mut difference = &x[i] * &y[0];
                difference.sub_mul_assign(&y[i], &x[0]);
                difference
            })
            .collect()
    }

    /// The barycenter of `points` (their exact average), computed on integers:
    /// `sum_i X_i prod_{j != i} D_j / (k prod_j D_j)`, reduced once.
    ///
    /// # Panics
    /// When `points` is empty.
    pub fn centroid(points: &[&HomPoint]) -> HomPoint {
        let dim = points[0].dim();
        let product: Integer = points.iter().map(|p| p.data.coords[0].clone()).product();
        let mut coords = vec![Integer::from(0u32); dim + 1];
        coords[0] = &product * Integer::from(points.len());
        for p in points {
            let scale = (&product).div_exact(&p.data.coords[0]);
            for (sum, x) in coords[1..].iter_mut().zip(&p.data.coords[1..]) {
                sum.add_mul_assign(x, &scale);
            }
        }
        HomPoint::from_homogeneous(coords)
    }
}
