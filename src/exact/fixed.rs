//! Signed integers of at most [`FixedInt::LIMBS`] 64-bit words, kept in place: the minors of
//! small determinants without the allocation each big-integer product and sum costs. Every
//! operation is exact or panics; none wraps.

use malachite::{Integer, Natural};

/// A signed integer of magnitude below `2^(64 * LIMBS)`, as a sign and little-endian words.
///
/// Invariant: `len` words are used, the highest of them non-zero, and the words above them are
/// zero; zero has `len == 0` and is not negative. So each value has one representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedInt {
    negative: bool,
    len: usize,
    words: [u64; FixedInt::LIMBS],
}

impl FixedInt {
    /// The number of 64-bit words: 832 bits.
    pub const LIMBS: usize = 13;

    /// Zero.
    pub const ZERO: FixedInt = FixedInt {
        negative: false,
        len: 0,
        words: [0; FixedInt::LIMBS],
    };

    /// One.
    pub const ONE: FixedInt = {
        let mut words = [0; FixedInt::LIMBS];
        words[0] = 1;
        FixedInt {
            negative: false,
            len: 1,
            words,
        }
    };

    /// `value`, when its magnitude has at most `max_words` words (and at most
    /// [`FixedInt::LIMBS`]).
    pub fn from_integer(value: &Integer, max_words: usize) -> Option<FixedInt> {
        let magnitude = value.unsigned_abs_ref();
        let count = magnitude.limb_count() as usize;
        if count > max_words.min(FixedInt::LIMBS) {
            return None;
        }
        let mut words = [0; FixedInt::LIMBS];
        for (word, limb) in words.iter_mut().zip(magnitude.limbs()) {
            *word = limb;
        }
        Some(FixedInt {
            negative: *value < 0u32,
            len: count,
            words,
        })
    }

    /// The value as a big integer.
    pub fn to_integer(&self) -> Integer {
        debug_assert!(
            self.len == 0 || self.words[self.len - 1] != 0,
            "no high zero word"
        );
        let magnitude = Natural::from_limbs_asc(&self.words[..self.len]);
        Integer::from_sign_and_abs(!self.negative, magnitude)
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.len == 0
    }

    /// `self + a * b`, or `self - a * b` if `subtract`.
    ///
    /// # Panics
    /// When the product or the result needs more than [`FixedInt::LIMBS`] words: callers bound
    /// their values beforehand (a `k x k` minor of entries of `w` words has at most `k w + 1`
    /// words for `k <= 20`, since `k! < 2^64`).
    pub fn add_product(&mut self, a: &FixedInt, b: &FixedInt, subtract: bool) {
        if a.is_zero() || b.is_zero() {
            return;
        }
        let (la, lb) = (a.len, b.len);
        assert!(
            la + lb <= FixedInt::LIMBS + 1,
            "a product within the fixed width"
        );
        let mut product = [0u64; FixedInt::LIMBS + 1];
        for (i, &x) in a.words[..la].iter().enumerate() {
            let mut carry = 0u64;
            for (j, &y) in b.words[..lb].iter().enumerate() {
                let t =
                    u128::from(x) * u128::from(y) + u128::from(product[i + j]) + u128::from(carry);
                product[i + j] = t as u64;
                carry = (t >> 64) as u64;
            }
            product[i + lb] = carry;
        }
        let mut len = la + lb;
        while len > 0 && product[len - 1] == 0 {
            len -= 1;
        }
        assert!(len <= FixedInt::LIMBS, "a product within the fixed width");
        let negative = (a.negative != b.negative) != subtract;
        self.add_signed(negative, &product[..len]);
    }

    /// `self + (-1)^negative * magnitude` (`magnitude` without high zero words).
    fn add_signed(&mut self, negative: bool, magnitude: &[u64]) {
        if self.is_zero() {
            self.words[..magnitude.len()].copy_from_slice(magnitude);
            self.len = magnitude.len();
            self.negative = negative;
            return;
        }
        if negative == self.negative {
            self.add_magnitude(magnitude);
            return;
        }
        match compare_magnitudes(&self.words[..self.len], magnitude) {
            std::cmp::Ordering::Equal => *self = FixedInt::ZERO,
            std::cmp::Ordering::Greater => self.subtract_magnitude(magnitude),
            std::cmp::Ordering::Less => {
                let mut larger = FixedInt::ZERO;
                larger.words[..magnitude.len()].copy_from_slice(magnitude);
                larger.len = magnitude.len();
                larger.negative = negative;
                larger.subtract_magnitude(&self.words[..self.len]);
                *self = larger;
            }
        }
    }

    /// `|self| += magnitude`.
    fn add_magnitude(&mut self, magnitude: &[u64]) {
        let len = self.len.max(magnitude.len());
        let mut carry = false;
        for i in 0..len {
            let other = magnitude.get(i).copied().unwrap_or(0);
            let (sum, c1) = self.words[i].overflowing_add(other);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            self.words[i] = sum;
            carry = c1 || c2;
        }
        self.len = len;
        if carry {
            assert!(len < FixedInt::LIMBS, "a sum within the fixed width");
            self.words[len] = 1;
            self.len = len + 1;
        }
    }

    /// `|self| -= magnitude`, for `magnitude < |self|`.
    fn subtract_magnitude(&mut self, magnitude: &[u64]) {
        let mut borrow = false;
        for i in 0..self.len {
            let other = magnitude.get(i).copied().unwrap_or(0);
            let (difference, b1) = self.words[i].overflowing_sub(other);
            let (difference, b2) = difference.overflowing_sub(u64::from(borrow));
            self.words[i] = difference;
            borrow = b1 || b2;
        }
        while self.len > 0 && self.words[self.len - 1] == 0 {
            self.len -= 1;
        }
    }
}

/// `rows` as fixed integers when every `k x k` minor of them with `k <= depth` fits: entries
/// of at most `w` words with `depth * w < LIMBS`, since such a minor has at most `k w + 1`
/// words (`k! < 2^64`), and so has every partial sum of its expansion along a row. `None` too
/// when no entry has `min_words` words (where the caller measured big integers to be cheaper).
pub fn fixed_rows(
    rows: &[&[Integer]],
    depth: usize,
    min_words: usize,
) -> Option<Vec<Vec<FixedInt>>> {
    let words = rows
        .iter()
        .flat_map(|row| row.iter())
        .map(|x| x.unsigned_abs_ref().limb_count() as usize)
        .max()
        .unwrap_or(0);
    if words < min_words || depth * words >= FixedInt::LIMBS {
        return None;
    }
    let fixed = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|x| FixedInt::from_integer(x, words).expect("at most `words` words"))
                .collect()
        })
        .collect();
    Some(fixed)
}

/// Compares two magnitudes without high zero words.
fn compare_magnitudes(x: &[u64], y: &[u64]) -> std::cmp::Ordering {
    x.len()
        .cmp(&y.len())
        .then_with(|| x.iter().rev().cmp(y.iter().rev()))
}

#[cfg(test)]
mod tests {
    use super::{fixed_rows, FixedInt};
    use crate::exact::{test_entry, MinorEntry, RowMinors};
    use malachite::base::num::arithmetic::traits::{AddMulAssign, SubMulAssign};
    use malachite::{Integer, Natural};

    /// Integers of `words` words around the edges of the fixed arithmetic: all ones (carries
    /// through every word), a power of 2^64 (borrows), and mixed words; both signs.
    fn samples(words: usize) -> Vec<Integer> {
        let mut out = vec![Integer::from(0u32)];
        for w in 1..=words {
            let ones = Natural::from_limbs_asc(&vec![u64::MAX; w]);
            let power = Natural::from_limbs_asc(&[vec![0; w - 1], vec![1]].concat());
            let mixed: Vec<u64> = (0..w)
                .map(|i| test_entry(w as u64, i, 0, i64::MAX).unsigned_abs() | 1)
                .collect();
            for magnitude in [ones, power, Natural::from_limbs_asc(&mixed)] {
                out.push(Integer::from(magnitude.clone()));
                out.push(-Integer::from(magnitude));
            }
        }
        out
    }

    /// Every `acc +- a * b` over the samples (factors of up to 6 words, an accumulator of up
    /// to 12: the largest that cannot overflow) equals the big-integer result, including sums
    /// that cancel to zero, and every value makes the round trip.
    #[test]
    fn fixed_products_and_sums_are_exact() {
        let half = (FixedInt::LIMBS - 1) / 2;
        let (factors, accumulators) = (samples(half), samples(FixedInt::LIMBS - 1));
        let mut cancelled = 0;
        for acc in &accumulators {
            let fixed_acc = FixedInt::from_integer(acc, FixedInt::LIMBS).unwrap();
            assert_eq!(fixed_acc.to_integer(), *acc);
            for a in &factors {
                for b in &factors {
                    for subtract in [false, true] {
                        let mut expected = acc.clone();
                        if subtract {
                            expected.sub_mul_assign(a, b);
                        } else {
                            expected.add_mul_assign(a, b);
                        }
                        let mut fixed = fixed_acc;
                        fixed.add_product(
                            &FixedInt::from_integer(a, half).unwrap(),
                            &FixedInt::from_integer(b, half).unwrap(),
                            subtract,
                        );
                        assert_eq!(fixed.to_integer(), expected, "{acc} {a} {b} {subtract}");
                        let exact = FixedInt::from_integer(&expected, FixedInt::LIMBS);
                        assert_eq!(Some(fixed), exact);
                        cancelled += usize::from(expected == 0u32 && *acc != 0u32);
                    }
                }
            }
        }
        assert!(cancelled > 0, "some sums cancel");
        let longest = accumulators.last().unwrap();
        assert_eq!(FixedInt::from_integer(longest, FixedInt::LIMBS - 2), None);
        assert!(FixedInt::from_integer(longest, FixedInt::LIMBS - 1).is_some());
    }

    /// Determinants expanded on fixed integers equal those on big integers, for widths 1 to 6
    /// and entries of 1 to 3 words (all words of the entries' length set, so every minor is
    /// near its size bound), with rows taken back and others pushed in their place; the rows
    /// are taken as fixed integers exactly when the bound lets them (`fixed_rows`).
    #[test]
    fn fixed_minors_equal_big_minors() {
        let mut expanded = 0;
        for width in 1..=6usize {
            for words in 1..=3usize {
                let entry = |i: usize, j: usize| {
                    let low = test_entry((width * 10 + words) as u64, i, j, i64::MAX);
                    let word = Natural::from_limbs_asc(&vec![low.unsigned_abs(); words]);
                    Integer::from_sign_and_abs(low >= 0, word)
                };
                let rows: Vec<Vec<Integer>> = (0..width + 2)
                    .map(|i| (0..width).map(|j| entry(i, j)).collect())
                    .collect();
                let borrowed: Vec<&[Integer]> = rows.iter().map(Vec::as_slice).collect();
                let Some(fixed) = fixed_rows(&borrowed, width, 0) else {
                    assert!(width * words >= FixedInt::LIMBS);
                    continue;
                };
                assert!(width * words < FixedInt::LIMBS);
                expanded += 1;
                let mut big_minors = RowMinors::<Integer>::new(width);
                let mut fixed_minors = RowMinors::<FixedInt>::new(width);
                let order: Vec<usize> = (0..width - 1).chain([width, width + 1]).collect();
                for (step, &r) in order.iter().enumerate() {
                    if step == width {
                        big_minors.pop();
                        fixed_minors.pop();
                    }
                    big_minors.push(&rows[r]);
                    fixed_minors.push(&fixed[r]);
                    for set in (0usize..1 << width)
                        .filter(|s| s.count_ones() as usize == big_minors.rows())
                    {
                        assert_eq!(fixed_minors.minor(set).to_integer(), *big_minors.minor(set));
                    }
                }
                assert!(!big_minors.determinant().is_zero() || width == 1);
            }
        }
        assert!(expanded >= 10, "{expanded} cases on fixed integers");
    }
}
