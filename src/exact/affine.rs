//! Affine forms `c_0 + c_1 x_1 + ... + c_d x_d` with integer coefficients, and the two
//! operations every polytope operation is built on: the sign of a form at a point and the point
//! where an edge crosses a form's zero set (from the edge's ends, or from the edge's facets).

use super::linalg::cross_product;
use super::point::HomPoint;
use malachite::base::num::arithmetic::traits::{
    AbsAssign, AddMulAssign, DivExactAssign, DivRem, Gcd, NegAssign, Sign, SubMulAssign,
};
use malachite::rational::Rational;
use malachite::{Integer, Natural};
use std::cmp::Ordering;

/// An affine function `c_0 + c . x` on R^d with integer coefficients `(c_0, c_1, ..., c_d)`.
///
/// As a constraint it means `c_0 + c . x >= 0`. Forms that differ by a positive factor have the
/// same sign everywhere; [`AffineForm::primitive`] picks the representative with coprime entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AffineForm {
    coeffs: Vec<Integer>,
}

impl AffineForm {
    /// The form with coefficients `(c_0, c_1, ..., c_d)`.
    pub fn new(coeffs: Vec<Integer>) -> AffineForm {
        AffineForm { coeffs }
    }

    /// The zero form on R^d.
    pub fn zero(dim: usize) -> AffineForm {
        AffineForm {
            coeffs: vec![Integer::from(0u32); dim + 1],
        }
    }

    /// The form `x_i` (0-based coordinate index) on R^d.
    pub fn coordinate(dim: usize, i: usize) -> AffineForm {
        let mut form = AffineForm::zero(dim);
        form.coeffs[i + 1] = Integer::from(1u32);
        form
    }

    /// A positive multiple of the form with rational coefficients `(b, a_1, ..., a_d)`.
    pub fn from_rationals(values: &[Rational]) -> AffineForm {
        let mut denominator = Natural::from(1u32);
        for v in values {
            let g = (&denominator).gcd(v.denominator_ref());
            denominator = denominator / g * v.denominator_ref();
        }
        let coeffs = values
            .iter()
            .map(|v| {
                let scale = Integer::from(&denominator / v.denominator_ref());
                Integer::from_sign_and_abs_ref(*v >= 0u32, v.numerator_ref()) * scale
            })
            .collect();
        AffineForm { coeffs }.primitive()
    }

    /// The dimension d of the space the form is defined on.
    pub fn dim(&self) -> usize {
        self.coeffs.len() - 1
    }

    /// The coefficients `(c_0, c_1, ..., c_d)`.
    pub fn coeffs(&self) -> &[Integer] {
        &self.coeffs
    }

    /// The coefficients `(c_0, c_1, ..., c_d)`, taken out of the form.
    pub fn into_coeffs(self) -> Vec<Integer> {
        self.coeffs
    }

    /// Whether the linear part `(c_1, ..., c_d)` vanishes, so the form is constant.
    pub fn is_constant(&self) -> bool {
        self.coeffs[1..].iter().all(|c| *c == 0u32)
    }

    /// The positive multiple of the form whose coefficients have greatest common divisor 1 (the
    /// zero form stays zero). Two forms define the same closed half-space exactly when their
    /// primitive forms are equal.
    pub fn primitive(mut self) -> AffineForm {
        let mut divisor = Natural::from(0u32);
        for c in &self.coeffs {
            divisor = divisor.gcd(c.unsigned_abs_ref());
            if divisor == 1u32 {
                return self;
            }
        }
        if divisor > 1u32 {
            let divisor = Integer::from(divisor);
            for c in &mut self.coeffs {
                c.div_exact_assign(&divisor);
            }
        }
        self
    }

    /// The negated form `-(c_0 + c . x)`.
    pub fn negated(&self) -> AffineForm {
        AffineForm {
            coeffs: self.coeffs.iter().map(|c| -c).collect(),
        }
    }

    /// `self + factor * other`, each coefficient updated in place (no product is allocated).
    pub fn add_scaled(&mut self, factor: &Integer, other: &AffineForm) {
        for (c, o) in self.coeffs.iter_mut().zip(&other.coeffs) {
            c.add_mul_assign(factor, o);
        }
    }

    /// Adds `constant` to the constant term `c_0`.
    pub fn add_constant(&mut self, constant: &Integer) {
        self.coeffs[0] += constant;
    }

    /// `factor * self`.
    pub fn scaled(&self, factor: &Integer) -> AffineForm {
        AffineForm {
            coeffs: self.coeffs.iter().map(|c| c * factor).collect(),
        }
    }

    /// The form's value at `point` times the point's positive denominator: an integer with the
    /// same sign as the value.
    pub fn eval_scaled(&self, point: &HomPoint) -> Integer {
        let mut value = Integer::from(0u32);
        for (c, x) in self.coeffs.iter().zip(point.homogeneous()) {
            value.add_mul_assign(c, x);
        }
        value
    }

    /// The exact value of the form at `point`.
    pub fn eval(&self, point: &HomPoint) -> Rational {
        Rational::from_integers(self.eval_scaled(point), point.denominator().clone())
    }

    /// The sign of the form at `point`, decided exactly.
    pub fn side(&self, point: &HomPoint) -> Ordering {
        self.eval_scaled(point).sign()
    }

    /// The point where the segment from `positive` to `negative` crosses the zero set of the
    /// form, given that the form is strictly positive at the first and strictly negative at the
    /// second.
    ///
    /// # Panics
    /// When the signs are not as required.
    pub fn edge_crossing(&self, positive: &HomPoint, negative: &HomPoint) -> HomPoint {
        HomPoint::from_homogeneous(self.crossing_multiple(positive, negative))
    }

    /// [`AffineForm::edge_crossing`] for an edge one of whose ends is a simple vertex: on d
    /// facets with independent normals, `beside` being the one that does not contain the edge
    /// (`at_negative`: the end is `negative`). The same point, found with less arithmetic: the
    /// crossing's homogeneous coordinates `W = f(P) N - f(N) P` are `beside`'s value at the
    /// other end times `+-g_Q / g_N` times the canonical ones (`proofs/edge-crossing.md`), so
    /// `W` is first divided by that value (an integer of about a facet's and a vertex's size)
    /// whenever it divides every entry, which it nearly always does, and the greatest common
    /// divisor left to find is of entries about half as long.
    ///
    /// # Panics
    /// When the signs are not as required, or when the other end lies on `beside` (then the
    /// end is not simple or `beside` contains the edge).
    pub fn edge_crossing_beside(
        &self,
        positive: &HomPoint,
        negative: &HomPoint,
        beside: &AffineForm,
        at_negative: bool,
    ) -> HomPoint {
        let coords = self.crossing_multiple(positive, negative);
        let other = if at_negative { positive } else { negative };
        let mut divisor = beside.eval_scaled(other);
        assert!(divisor != 0u32, "the edge's other end is off the facet");
        divisor.abs_assign();
        if divisor == 1u32 {
            return HomPoint::from_homogeneous(coords);
        }
        let mut quotients = Vec::with_capacity(coords.len());
        for c in &coords {
            let (quotient, remainder) = c.div_rem(&divisor);
            if remainder != 0u32 {
                return HomPoint::from_homogeneous(coords);
            }
            quotients.push(quotient);
        }
        HomPoint::from_homogeneous(quotients)
    }

    /// `f(P) N - f(N) P` for the ends `P` (`positive`, `f > 0`) and `N` (`negative`, `f < 0`):
    /// homogeneous coordinates, with a positive first entry, of the point where the segment
    /// crosses the form's zero set.
    fn crossing_multiple(&self, positive: &HomPoint, negative: &HomPoint) -> Vec<Integer> {
        let at_positive = self.eval_scaled(positive);
        let at_negative = self.eval_scaled(negative);
        assert!(at_positive > 0u32 && at_negative < 0u32);
        positive
            .homogeneous()
            .iter()
            .zip(negative.homogeneous())
            .map(|(p, n)| {
                let mut coordinate = &at_positive * n;
                coordinate.sub_mul_assign(&at_negative, p);
                coordinate
            })
            .collect()
    }

    /// The one point where the `d` forms `forms` on R^d vanish together, given that their linear
    /// parts are linearly independent: its homogeneous coordinates are the signed maximal
    /// minors of the forms' coefficient matrix ([`cross_product`], Cramer's rule), reduced.
    ///
    /// # Panics
    /// When the linear parts are dependent.
    pub fn common_zero(forms: &[&AffineForm]) -> HomPoint {
        let rows: Vec<&[Integer]> = forms.iter().map(|f| f.coeffs()).collect();
        let mut coords = cross_product(&rows);
        assert!(coords[0] != 0u32, "the forms' linear parts are independent");
        if coords[0] < 0u32 {
            for c in &mut coords {
                c.neg_assign();
            }
        }
        HomPoint::from_homogeneous(coords)
    }

    /// The coefficients as exact rationals, for output.
    pub fn to_rationals(&self) -> Vec<Rational> {
        self.coeffs
            .iter()
            .map(|c| Rational::from(c.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::test_entry;

    fn form(c: &[i64]) -> AffineForm {
        AffineForm::new(c.iter().map(|&x| Integer::from(x)).collect())
    }

    fn point(c: &[i64]) -> HomPoint {
        HomPoint::from_homogeneous(c.iter().map(|&x| Integer::from(x)).collect())
    }

    #[test]
    fn crossing_lies_on_the_hyperplane_between_the_ends() {
        // 1 - 2x + 3y crosses the segment from (0,0) to (1,0) at x = 1/2.
        let h = form(&[1, -2, 3]);
        let crossing = h.edge_crossing(&point(&[1, 0, 0]), &point(&[1, 1, 0]));
        assert_eq!(crossing, point(&[2, 1, 0]));
        assert_eq!(h.side(&crossing), Ordering::Equal);
    }

    #[test]
    fn primitive_form_is_coprime_and_keeps_orientation() {
        assert_eq!(form(&[-4, 6, 0]).primitive(), form(&[-2, 3, 0]));
        assert_eq!(form(&[0, 0, 0]).primitive(), form(&[0, 0, 0]));
    }

    #[test]
    fn homogeneous_points_are_canonical() {
        assert_eq!(point(&[4, 2, -6]), point(&[2, 1, -3]));
        assert_eq!(
            point(&[2, 1, -3]).coordinate(1),
            Rational::from_integers(Integer::from(-3), Integer::from(2))
        );
    }

    /// `d` forms on R^d (d = 1 to 5, 400 systems of small integers, `test_entry`, those with
    /// dependent linear parts skipped): where they all vanish, by minors, is on each of them; and
    /// cutting the line of the first `d - 1` through that point, between two points on either
    /// side, by the last form gives the same point from the ends.
    #[test]
    fn the_common_zero_of_the_forms_is_the_crossing_of_their_edge() {
        let mut checked = 0;
        for case in 0..400u64 {
            let dim = (case % 5) as usize + 1;
            let forms: Vec<AffineForm> = (0..dim)
                .map(|i| {
                    let row: Vec<i64> = (0..=dim).map(|j| test_entry(case, i, j, 9)).collect();
                    form(&row)
                })
                .collect();
            let linear: Vec<Vec<Integer>> =
                forms.iter().map(|f| f.coeffs()[1..].to_vec()).collect();
            if crate::exact::rank(&linear) < dim {
                continue;
            }
            checked += 1;
            let refs: Vec<&AffineForm> = forms.iter().collect();
            let meet = AffineForm::common_zero(&refs);
            assert!(forms.iter().all(|f| f.side(&meet) == Ordering::Equal));
            // The line's direction: orthogonal to the first d - 1 linear parts.
            let edge_rows: Vec<&[Integer]> = linear[..dim - 1].iter().map(Vec::as_slice).collect();
            let direction = cross_product(&edge_rows);
            let (d, x) = meet.homogeneous().split_first().expect("d + 1 coordinates");
            let end = |sign: i64| {
                let coords = std::iter::once(d.clone())
                    .chain(
                        x.iter()
                            .zip(&direction)
                            .map(|(xi, r)| xi + Integer::from(sign) * d * r),
                    )
                    .collect();
                HomPoint::from_homogeneous(coords)
            };
            let cut = &forms[dim - 1];
            let (positive, negative) = match cut.side(&end(1)) {
                Ordering::Greater => (end(1), end(-1)),
                _ => (end(-1), end(1)),
            };
            assert_eq!(cut.edge_crossing(&positive, &negative), meet, "case {case}");
        }
        assert!(checked > 300, "{checked} systems of full rank");
    }

    /// Edges from a simple vertex N (on facets F_1, ..., F_{d-1}, G, d = 2 to 6, small
    /// `test_entry` integers) to P (on the F and G'), cut by a form f: the crossing found with
    /// the facet G beside the edge (at either end, whichever is negative) is the one found
    /// without it and the common zero of the F and f. Both of the crossing's paths are taken:
    /// `W` divisible by G's value at P (the identity's `g_N` divides `g_Q`) and not.
    #[test]
    fn the_crossing_beside_a_facet_is_the_crossing() {
        let (mut checked, mut divided) = (0, 0);
        for case in 0..2400u64 {
            let dim = (case % 5) as usize + 2;
            let row = |i: usize| {
                let c: Vec<i64> = (0..=dim).map(|j| test_entry(case, i, j, 9)).collect();
                form(&c)
            };
            let edge: Vec<AffineForm> = (0..dim - 1).map(row).collect();
            let (beside, other_facet, cut) = (row(dim), row(dim + 1), row(dim + 2));
            let meet = |last: &AffineForm| {
                let forms: Vec<&AffineForm> = edge.iter().chain([last]).collect();
                let linear: Vec<Vec<Integer>> =
                    forms.iter().map(|f| f.coeffs()[1..].to_vec()).collect();
                (crate::exact::rank(&linear) == dim).then(|| AffineForm::common_zero(&forms))
            };
            let (Some(n), Some(p), Some(q)) = (meet(&beside), meet(&other_facet), meet(&cut))
            else {
                continue;
            };
            let (at_n, at_p) = (cut.side(&n), cut.side(&p));
            if at_n == Ordering::Equal || at_p == Ordering::Equal || at_n == at_p {
                continue;
            }
            checked += 1;
            let (positive, negative, at_negative) = if at_p == Ordering::Greater {
                (&p, &n, true)
            } else {
                (&n, &p, false)
            };
            let crossing = cut.edge_crossing_beside(positive, negative, &beside, at_negative);
            assert_eq!(crossing, q, "case {case}");
            assert_eq!(cut.edge_crossing(positive, negative), q, "case {case}");
            let divisor = beside.eval_scaled(&p);
            let multiple = cut.crossing_multiple(positive, negative);
            if multiple.iter().all(|c| c.div_rem(&divisor).1 == 0u32) {
                divided += 1;
            }
        }
        assert!(checked > 500, "{checked} edges cut");
        assert!(
            divided > 0 && divided < checked,
            "{divided} of {checked} divided"
        );
    }
}
