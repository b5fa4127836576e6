//! Exact linear algebra on integer matrices: fraction-free (Bareiss) elimination, echelon bases
//! and null spaces, and minors expanded row by row (Laplace) for small widths.

use super::fixed::fixed_rows;
use super::{AffineForm, FixedInt};
use malachite::base::num::arithmetic::traits::{AddMulAssign, DivExact, SubMulAssign};
use malachite::rational::Rational;
use malachite::Integer;

/// The determinant of the square integer matrix `rows`, by Bareiss elimination: every
/// intermediate value is an exact integer minor, so no fractions arise.
///
/// # Panics
/// When the matrix is not square.
pub fn determinant(rows: &[Vec<Integer>]) -> Integer {
    let n = rows.len();
    assert!(rows.iter().all(|r| r.len() == n), "matrix must be square");
    if n == 0 {
        return Integer::from(1u32);
    }
    let mut m: Vec<Vec<Integer>> = rows.to_vec();
    let mut sign_flip = false;
    let mut previous_pivot = Integer::from(1u32);
    for k in 0..n {
        let Some(pivot_row) = (k..n).find(|&r| m[r][k] != 0u32) else {
            return Integer::from(0u32);
        };
        if pivot_row != k {
            m.swap(pivot_row, k);
            sign_flip = !sign_flip;
        }
        for i in k + 1..n {
            for j in k + 1..n {
                let mut value = &m[i][j] * &m[k][k];
                value.sub_mul_assign(&m[i][k], &m[k][j]);
                m[i][j] = value.div_exact(&previous_pivot);
            }
        }
        previous_pivot = m[k][k].clone();
    }
    let det = m[n - 1][n - 1].clone();
    if sign_flip {
        -det
    } else {
        det
    }
}

/// The minors of a matrix built row by row: after `k` rows, the `k x k` minor of those rows on
/// every set of `k` columns (a bit set of the columns), each from the `k - 1` rows' minors by
/// Laplace expansion along the newest row. Rows can be taken back, so the determinants of
/// matrices sharing their first rows (the simplices of a pulling triangulation, met
/// depth-first) share that work. The `width` columns cost `2^width` minors per row, so this is
/// meant for small widths; zero entries are skipped.
#[derive(Debug, Clone)]
pub struct RowMinors<T = Integer> {
    width: usize,
    /// `minors[set]`: the minor of the first `|set|` rows on the columns of `set`. A set's size
    /// names the rows it belongs to, so every level lives in this one vector of `2^width`
    /// entries: a new row writes the sets one larger than those it reads, and the levels of
    /// the rows kept stay valid when a row is taken back.
    minors: Vec<T>,
    rows: usize,
}

/// The integers [`RowMinors`] works on: big integers, or [`FixedInt`] when the caller has
/// bounded every minor's size.
pub trait MinorEntry: Clone {
    /// Zero.
    fn zero() -> Self;
    /// One.
    fn one() -> Self;
    /// Whether the value is zero.
    fn is_zero(&self) -> bool;
    /// `self + a * b`, or `self - a * b` if `subtract`, exactly.
    fn add_product(&mut self, a: &Self, b: &Self, subtract: bool);
    /// The value as a big integer.
    fn into_integer(self) -> Integer;
}

impl MinorEntry for Integer {
    fn zero() -> Integer {
        Integer::from(0u32)
    }
    fn one() -> Integer {
        Integer::from(1u32)
    }
    fn is_zero(&self) -> bool {
        *self == 0u32
    }
    fn add_product(&mut self, a: &Integer, b: &Integer, subtract: bool) {
        if subtract {
            self.sub_mul_assign(a, b);
        } else {
            self.add_mul_assign(a, b);
        }
    }
    fn into_integer(self) -> Integer {
        self
    }
}

impl MinorEntry for FixedInt {
    fn zero() -> FixedInt {
        FixedInt::ZERO
    }
    fn one() -> FixedInt {
        FixedInt::ONE
    }
    fn is_zero(&self) -> bool {
        FixedInt::is_zero(self)
    }
    fn add_product(&mut self, a: &FixedInt, b: &FixedInt, subtract: bool) {
        FixedInt::add_product(self, a, b, subtract);
    }
    fn into_integer(self) -> Integer {
        self.to_integer()
    }
}

impl<T: MinorEntry> RowMinors<T> {
    /// No rows yet, `width` columns.
    pub fn new(width: usize) -> RowMinors<T> {
        let mut minors = vec![T::zero(); 1 << width];
        minors[0] = T::one();
        RowMinors {
            width,
            minors,
            rows: 0,
        }
    }

    /// The number of rows taken.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Takes `row` (`width` entries) as the next row.
    ///
    /// # Panics
    /// When the row has the wrong length or all `width` rows are taken.
    pub fn push(&mut self, row: &[T]) {
        let k = self.rows;
        assert!(
            row.len() == self.width && k < self.width,
            "a row of the width, at most width rows"
        );
        for set in (1usize..1 << self.width).filter(|s| s.count_ones() as usize == k + 1) {
            let mut minor = T::zero();
            let mut rest = set;
            let mut position = 0;
            while rest != 0 {
                let column = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let (entry, smaller) = (&row[column], &self.minors[set ^ (1 << column)]);
                if !entry.is_zero() && !smaller.is_zero() {
                    minor.add_product(entry, smaller, !(k + position).is_multiple_of(2));
                }
                position += 1;
            }
            self.minors[set] = minor;
        }
        self.rows += 1;
    }

    /// Takes back the last row taken.
    ///
    /// # Panics
    /// When no row is taken.
    pub fn pop(&mut self) {
        assert!(self.rows > 0, "a row to take back");
        self.rows -= 1;
    }

    /// The minor of the rows taken on the columns of the bit set `columns`.
    ///
    /// # Panics
    /// When the set does not have as many columns as there are rows.
    pub fn minor(&self, columns: usize) -> &T {
        assert_eq!(
            columns.count_ones() as usize,
            self.rows,
            "as many columns as rows"
        );
        &self.minors[columns]
    }

    /// The determinant of the rows taken.
    ///
    /// # Panics
    /// When fewer than `width` rows are taken.
    pub fn determinant(&self) -> &T {
        self.minor((1 << self.width) - 1)
    }
}

/// The generalised cross product of the `k x (k + 1)` integer matrix `rows`: entry `j` is
/// `(-1)^j` times the minor without column `j` ([`RowMinors`], so meant for small `k`). It is
/// orthogonal to every row (each entry of `M w` is the determinant of a matrix with a repeated
/// row), and it is zero exactly when the rows are dependent.
///
/// # Panics
/// When a row's length is not `rows.len() + 1`.
pub fn cross_product(rows: &[&[Integer]]) -> Vec<Integer> {
    // Entries of one word are held inline by malachite too: fixed integers pay only when some
    // entry is longer (measured, BENCHMARKS.md).
    match fixed_rows(rows, rows.len(), 2) {
        Some(fixed) => signed_maximal_minors(fixed.iter().map(Vec::as_slice), rows.len() + 1),
        None => signed_maximal_minors(rows.iter().copied(), rows.len() + 1),
    }
}

/// Entry `j`: `(-1)^j` times the minor of `rows` (each of `columns` entries, one fewer rows)
/// without column `j`.
fn signed_maximal_minors<'a, T: MinorEntry + 'a>(
    rows: impl Iterator<Item = &'a [T]>,
    columns: usize,
) -> Vec<Integer> {
    let mut minors = RowMinors::new(columns);
    for row in rows {
        minors.push(row);
    }
    let all = (1 << columns) - 1;
    (0..columns)
        .map(|j| {
            let minor = std::mem::replace(&mut minors.minors[all ^ (1 << j)], T::zero());
            let minor = minor.into_integer();
            if j.is_multiple_of(2) {
                minor
            } else {
                -minor
            }
        })
        .collect()
}

/// The rank of the integer matrix `rows` (all rows of equal length), by fraction-free
/// elimination.
pub fn rank(rows: &[Vec<Integer>]) -> usize {
    let Some(width) = rows.first().map(Vec::len) else {
        return 0;
    };
    let mut m: Vec<Vec<Integer>> = rows.to_vec();
    let mut rank = 0;
    for col in 0..width {
        let Some(pivot_row) = (rank..m.len()).find(|&r| m[r][col] != 0u32) else {
            continue;
        };
        m.swap(pivot_row, rank);
        let (done, rest) = m.split_at_mut(rank + 1);
        let pivot = &done[rank];
        for row in rest.iter_mut().filter(|row| row[col] != 0u32) {
            let factor = row[col].clone();
            for (x, p) in row.iter_mut().zip(pivot).skip(col) {
                *x *= &pivot[col];
                x.sub_mul_assign(&factor, p);
            }
        }
        rank += 1;
    }
    rank
}

/// A basis of the span of some integer vectors, in echelon form: row `i` is non-zero in column
/// `pivots[i]` and zero in the pivot columns of the rows before it, so the square matrix of the
/// rows restricted to the pivot columns is triangular and invertible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EchelonBasis {
    /// The basis vectors, each with coprime entries.
    pub rows: Vec<Vec<Integer>>,
    /// The pivot column of each row.
    pub pivots: Vec<usize>,
}

impl EchelonBasis {
    /// A basis of the span of `vectors`, taking them in order and stopping as soon as `enough`
    /// independent ones have been found (pass the dimension of the span when it is known).
    pub fn of(vectors: impl IntoIterator<Item = Vec<Integer>>, enough: usize) -> EchelonBasis {
        let mut basis = EchelonBasis {
            rows: Vec::new(),
            pivots: Vec::new(),
        };
        for v in vectors {
            if basis.rows.len() >= enough {
                break;
            }
            basis.insert(v);
        }
        basis
    }

    /// Adds `v` to the basis if it is independent of the rows so far; says whether it was.
    pub fn insert(&mut self, mut v: Vec<Integer>) -> bool {
        for (row, &col) in self.rows.iter().zip(&self.pivots) {
            if v[col] != 0u32 {
                let factor = v[col].clone();
                for (x, r) in v.iter_mut().zip(row) {
                    *x *= &row[col];
                    x.sub_mul_assign(&factor, r);
                }
            }
        }
        match v.iter().position(|x| *x != 0u32) {
            Some(col) => {
                self.rows.push(coprime_direction(v));
                self.pivots.push(col);
                true
            }
            None => false,
        }
    }

    /// The determinant of the square matrix whose rows are `first` followed by `other`'s rows,
    /// restricted to this basis's pivot columns (`other` has one row fewer than this basis).
    pub fn minor_with(&self, first: &[Integer], other: &EchelonBasis) -> Integer {
        let restrict = |row: &[Integer]| -> Vec<Integer> {
            self.pivots.iter().map(|&c| row[c].clone()).collect()
        };
        let square: Vec<Vec<Integer>> = std::iter::once(restrict(first))
            .chain(other.rows.iter().map(|r| restrict(r)))
            .collect();
        determinant(&square)
    }

    /// The determinant of the basis restricted to its pivot columns: the product of the pivots.
    pub fn pivot_determinant(&self) -> Integer {
        self.rows
            .iter()
            .zip(&self.pivots)
            .map(|(row, &col)| row[col].clone())
            .product()
    }
}

/// `v` divided by the gcd of its entries: the same direction (a positive multiple) as coprime
/// integers; the zero vector stays zero.
pub fn coprime_direction(v: Vec<Integer>) -> Vec<Integer> {
    let mut form = vec![Integer::from(0u32)];
    form.extend(v);
    AffineForm::new(form).primitive().coeffs()[1..].to_vec()
}

/// The direction of the non-zero rational vector `v` as coprime integers.
pub fn primitive_direction(v: &[Rational]) -> Vec<Integer> {
    let form: Vec<Rational> = std::iter::once(Rational::from(0u32))
        .chain(v.iter().cloned())
        .collect();
    AffineForm::from_rationals(&form).coeffs()[1..].to_vec()
}

/// Brings the rational matrix `m` to reduced row echelon form over its first `columns` columns
/// (Gauss-Jordan: each pivot 1, zeros above and below it; later columns, such as the right-hand
/// sides of a system, are carried along) and returns the pivot columns, row by row.
pub fn reduced_row_echelon(m: &mut [Vec<Rational>], columns: usize) -> Vec<usize> {
    let mut pivots = Vec::new();
    for col in 0..columns {
        let r = pivots.len();
        let Some(p) = (r..m.len()).find(|&i| m[i][col] != 0u32) else {
            continue;
        };
        m.swap(p, r);
        let lead = m[r][col].clone();
        for x in m[r].iter_mut() {
            *x /= &lead;
        }
        let pivot_row = m[r].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != r && row[col] != 0u32 {
                let factor = row[col].clone();
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= p * &factor;
                }
            }
        }
        pivots.push(col);
    }
    pivots
}

/// A basis of the null space `{y : rows . y = 0}` in `Q^width`, each basis vector scaled to
/// coprime integers: one vector per free column of the reduced row echelon form, with a 1 (before
/// scaling) in that column.
pub fn nullspace(rows: &[Vec<Integer>], width: usize) -> Vec<Vec<Integer>> {
    let mut m: Vec<Vec<Rational>> = rows
        .iter()
        .map(|r| r.iter().map(|x| Rational::from(x.clone())).collect())
        .collect();
    let pivots = reduced_row_echelon(&mut m, width);
    (0..width)
        .filter(|c| !pivots.contains(c))
        .map(|free| {
            let mut y = vec![Rational::from(0u32); width];
            y[free] = Rational::from(1u32);
            for (row, &p) in m.iter().zip(&pivots) {
                y[p] = -row[free].clone();
            }
            primitive_direction(&y)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::test_entry;

    /// Matrices of widths 1 to 6 sharing their first rows, as a depth-first walk meets them:
    /// each determinant from the kept minors is Bareiss's, and after rows are taken back and
    /// others taken the minors are those of the new rows.
    #[test]
    fn row_minors_give_the_determinants_of_matrices_sharing_first_rows() {
        let mut non_zero = 0;
        for width in 1..=6usize {
            let rows: Vec<Vec<Integer>> = (0..width + 3)
                .map(|i| {
                    (0..width)
                        .map(|j| Integer::from(test_entry(width as u64, i, j, 7)))
                        .collect()
                })
                .collect();
            let mut minors = RowMinors::new(width);
            for row in &rows[..width - 1] {
                minors.push(row);
            }
            for last in &rows[width - 1..] {
                minors.push(last);
                let mut matrix = rows[..width - 1].to_vec();
                matrix.push(last.clone());
                assert_eq!(*minors.determinant(), determinant(&matrix), "width {width}");
                non_zero += usize::from(*minors.determinant() != 0u32);
                minors.pop();
            }
            assert_eq!(minors.rows(), width - 1);
            // Back two rows and on along other ones: every minor is that of the new rows.
            if width >= 3 {
                minors.pop();
                minors.pop();
                let others = [&rows[width + 1], &rows[width + 2]];
                for (k, row) in others.iter().enumerate() {
                    minors.push(row);
                    let mut taken: Vec<&Vec<Integer>> = rows[..width - 3].iter().collect();
                    taken.extend(&others[..=k]);
                    let size = taken.len();
                    for set in (0usize..1 << width).filter(|s| s.count_ones() as usize == size) {
                        let square: Vec<Vec<Integer>> = taken
                            .iter()
                            .map(|r| {
                                (0..width)
                                    .filter(|c| set & (1 << c) != 0)
                                    .map(|c| r[c].clone())
                                    .collect()
                            })
                            .collect();
                        assert_eq!(*minors.minor(set), determinant(&square), "width {width}");
                    }
                }
            }
        }
        assert!(non_zero >= 18, "{non_zero} of 24 determinants are not zero");
    }

    #[test]
    fn an_echelon_basis_spans_the_vectors_and_is_triangular_on_its_pivots() {
        let vectors = matrix(&[&[0, 2, 4], &[0, 1, 2], &[3, 0, 1], &[3, 2, 5]]);
        let basis = EchelonBasis::of(vectors.clone(), 3);
        assert_eq!(basis.rows.len(), 2);
        assert_eq!(rank(&basis.rows), 2);
        for v in &vectors {
            let mut extended = basis.rows.clone();
            extended.push(v.clone());
            assert_eq!(rank(&extended), 2, "{v:?} lies in the span");
        }
        let restricted: Vec<Vec<Integer>> = basis
            .rows
            .iter()
            .map(|r| basis.pivots.iter().map(|&c| r[c].clone()).collect())
            .collect();
        assert_eq!(determinant(&restricted), basis.pivot_determinant());
        assert_ne!(basis.pivot_determinant(), 0u32);
        assert_eq!(EchelonBasis::of(vectors, 1).rows.len(), 1);
    }

    fn matrix(rows: &[&[i64]]) -> Vec<Vec<Integer>> {
        rows.iter()
            .map(|r| r.iter().map(|&x| Integer::from(x)).collect())
            .collect()
    }

    #[test]
    fn determinant_matches_cofactor_expansion() {
        let m = matrix(&[&[2, -1, 3], &[0, 4, 5], &[1, 1, -2]]);
        // 2(4*-2 - 5*1) - (-1)(0*-2 - 5*1) + 3(0*1 - 4*1) = -26 - 5 - 12 = -43
        assert_eq!(determinant(&m), Integer::from(-43));
        assert_eq!(determinant(&matrix(&[&[0, 1], &[1, 0]])), Integer::from(-1));
        assert_eq!(determinant(&matrix(&[&[1, 2], &[2, 4]])), Integer::from(0));
    }

    #[test]
    fn rank_sees_dependent_rows() {
        assert_eq!(rank(&matrix(&[&[1, 2, 3], &[2, 4, 6], &[0, 0, 1]])), 2);
        assert_eq!(rank(&matrix(&[&[0, 0], &[0, 0]])), 0);
        assert_eq!(rank(&matrix(&[&[0, 1], &[1, 0], &[1, 1]])), 2);
    }

    #[test]
    fn nullspace_is_annihilated_and_complete() {
        let rows = matrix(&[&[1, 2, 3], &[2, 4, 6]]);
        let basis = nullspace(&rows, 3);
        assert_eq!(basis.len(), 2);
        for y in &basis {
            for r in &rows {
                let dot: Integer = r.iter().zip(y).map(|(a, b)| a * b).sum();
                assert_eq!(dot, 0u32);
            }
        }
        assert_eq!(rank(&basis), 2);
        assert!(nullspace(&matrix(&[&[1, 0], &[0, 1]]), 2).is_empty());
        assert_eq!(nullspace(&[], 2).len(), 2);
    }
}
