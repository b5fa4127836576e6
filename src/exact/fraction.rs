//! Fractions over products of known factors, added without greatest common divisors.

use malachite::rational::Rational;
use malachite::{Integer, Natural};
use std::cmp::Ordering;
use std::ops::Add;

/// The fraction `numerator / (f_1 f_2 ... f_k)`, kept unreduced with its denominator's factors
/// (a multiset, sorted increasing, none equal to 1).
///
/// Sums of such fractions whose denominators share factors (the volume terms of the regions of
/// one run: each a numerator over `d!` times its vertices' denominators, and neighbouring
/// regions share vertices) are added by multiplications alone: the sum's factors are the
/// multiset union of the terms' factors (each factor as often as in the term holding it most
/// often), so `a / F + b / G = (a (H / F) + b (H / G)) / H` with `H / F` and `H / G` products of
/// factors. Only [`FactoredFraction::value`] computes a greatest common divisor, once.
/// Rational additions compute two per addition, on numbers as long as the sum
/// (`proofs/volume-total.md`).
///
/// Equality is by value: `1/4` over the factors 2, 2 equals `1/4` over the factor 4 and `2/8`.
#[derive(Debug, Clone, Default)]
pub struct FactoredFraction {
    numerator: Integer,
    factors: Vec<Natural>,
}

impl FactoredFraction {
    /// `numerator / prod factors`: the factors in any order, each positive (factors 1 are
    /// dropped).
    ///
    /// # Panics
    /// If a factor is 0.
    pub fn new(numerator: Integer, factors: impl IntoIterator<Item = Natural>) -> FactoredFraction {
        let mut factors: Vec<Natural> = factors
            .into_iter()
            .inspect(|f| assert!(*f != 0u32, "a denominator's factor is 0"))
            .filter(|f| *f != 1u32)
            .collect();
        factors.sort_unstable();
        FactoredFraction::reduced_if_zero(numerator, factors)
    }

    /// The fraction 0 (no factors).
    pub fn zero() -> FactoredFraction {
        FactoredFraction::default()
    }

    /// Whether the fraction is 0.
    pub fn is_zero(&self) -> bool {
        self.numerator == 0u32
    }

    /// The unreduced numerator.
    pub fn numerator(&self) -> &Integer {
        &self.numerator
    }

    /// The denominator's factors, sorted increasing, with repetitions.
    pub fn factors(&self) -> &[Natural] {
        &self.factors
    }

    /// The fraction's value, reduced (one greatest common divisor).
    pub fn value(&self) -> Rational {
        Rational::from_integers(
            self.numerator.clone(),
            Integer::from(product(&self.factors)),
        )
    }

    /// 0 keeps no factors: a sum that cancels leaves nothing to carry on.
    fn reduced_if_zero(numerator: Integer, factors: Vec<Natural>) -> FactoredFraction {
        let factors = if numerator == 0u32 {
            Vec::new()
        } else {
            factors
        };
        FactoredFraction { numerator, factors }
    }
}

impl PartialEq for FactoredFraction {
    /// Whether the two fractions have the same value: `a / F = b / G` exactly when
    /// `a G = b F` (no greatest common divisor).
    fn eq(&self, other: &FactoredFraction) -> bool {
        if self.factors == other.factors {
            return self.numerator == other.numerator;
        }
        &self.numerator * Integer::from(product(&other.factors))
            == &other.numerator * Integer::from(product(&self.factors))
    }
}

impl Eq for FactoredFraction {}

impl Add for FactoredFraction {
    type Output = FactoredFraction;

    /// The exact sum, over the multiset union of the two denominators' factors.
    fn add(self, other: FactoredFraction) -> FactoredFraction {
        if self.is_zero() {
            return other;
        }
        if other.is_zero() {
            return self;
        }
        let mut a = self.factors.into_iter().peekable();
        let mut b = other.factors.into_iter().peekable();
        let mut union = Vec::with_capacity(a.len().max(b.len()));
        // Where the factors each side lacks are in the union.
        let (mut missing_a, mut missing_b) = (Vec::new(), Vec::new());
        loop {
            let order = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => break,
            };
            let factor = match order {
                Ordering::Equal => {
                    b.next();
                    a.next()
                }
                Ordering::Less => {
                    missing_b.push(union.len());
                    a.next()
                }
                Ordering::Greater => {
                    missing_a.push(union.len());
                    b.next()
                }
            };
            union.push(factor.expect("peeked"));
        }
        let numerator = scaled(self.numerator, &union, &missing_a)
            + scaled(other.numerator, &union, &missing_b);
        FactoredFraction::reduced_if_zero(numerator, union)
    }
}

/// `numerator` times the factors at positions `missing` of `factors`.
fn scaled(numerator: Integer, factors: &[Natural], missing: &[usize]) -> Integer {
    if missing.is_empty() {
        return numerator;
    }
    let missing: Vec<&Natural> = missing.iter().map(|&k| &factors[k]).collect();
    numerator * Integer::from(product_of_refs(&missing))
}

/// The product of `factors`, multiplied in a balanced tree (equal lengths meet, which is where
/// fast multiplication pays).
fn product(factors: &[Natural]) -> Natural {
    let refs: Vec<&Natural> = factors.iter().collect();
    product_of_refs(&refs)
}

/// [`product`] of borrowed factors.
fn product_of_refs(factors: &[&Natural]) -> Natural {
    match factors {
        [] => Natural::from(1u32),
        [f] => (*f).clone(),
        [f, g] => *f * *g,
        _ => {
            let (left, right) = factors.split_at(factors.len() / 2);
            product_of_refs(left) * product_of_refs(right)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{test_entry, PairwiseSum};

    fn natural(n: i64) -> Natural {
        Natural::from(n.unsigned_abs())
    }

    /// A fraction of fixed case `case`: a numerator in -50..=50 over up to five factors from a
    /// small pool (so that sums share factors and repeat them).
    fn fraction(case: u64) -> FactoredFraction {
        let count = test_entry(case, 0, 0, 2) + 3;
        let factors = (0..count as usize).map(|j| natural(test_entry(case, 1, j, 6)) + natural(1));
        FactoredFraction::new(Integer::from(test_entry(case, 2, 0, 50)), factors)
    }

    #[test]
    fn sums_equal_rational_sums() {
        for case in 0..200 {
            let terms: Vec<FactoredFraction> = (0..6).map(|k| fraction(case * 8 + k)).collect();
            let expected: Rational = terms.iter().map(FactoredFraction::value).sum();
            let sum = terms
                .into_iter()
                .fold(FactoredFraction::zero(), |s, t| s + t);
            assert_eq!(sum.value(), expected, "case {case}");
            assert!(sum.factors().is_sorted());
        }
    }

    /// The way runs add shares: pairwise, over every shape of the partial sums up to 33 terms.
    #[test]
    fn pairwise_sums_equal_rational_sums() {
        for n in 0..=33u64 {
            let mut pairwise = PairwiseSum::default();
            let mut expected = Rational::from(0u32);
            for k in 0..n {
                let term = fraction(n * 64 + k);
                expected += term.value();
                pairwise.add(term);
            }
            assert_eq!(pairwise.total().value(), expected, "n = {n}");
        }
    }

    #[test]
    fn the_union_keeps_each_factor_as_often_as_one_term_does() {
        let a = FactoredFraction::new(Integer::from(1), [2u32, 2, 3].map(Natural::from));
        let b = FactoredFraction::new(Integer::from(1), [2u32, 5, 1].map(Natural::from));
        let sum = a + b;
        assert_eq!(sum.factors(), [2u32, 2, 3, 5].map(Natural::from));
        // 1/12 + 1/10 = 11/60.
        assert_eq!(sum.value(), Rational::from_signeds(11, 60));
    }

    #[test]
    fn cancelling_terms_leave_no_factors() {
        let a = FactoredFraction::new(Integer::from(-7), [9u32, 4].map(Natural::from));
        let b = FactoredFraction::new(Integer::from(7), [4u32, 9].map(Natural::from));
        let sum = a.clone() + b;
        assert!(sum.is_zero() && sum.factors().is_empty());
        assert_eq!(sum + a.clone(), a);
    }

    #[test]
    fn zero_is_the_identity_on_either_side() {
        for case in 0..50 {
            let x = fraction(case);
            assert_eq!(x.clone() + FactoredFraction::zero(), x, "case {case}");
            assert_eq!(FactoredFraction::zero() + x.clone(), x, "case {case}");
        }
        let empty = FactoredFraction::new(Integer::from(-3), []);
        assert_eq!(empty.value(), Rational::from(-3));
        assert!(FactoredFraction::zero().value() == 0u32);
    }

    #[test]
    fn equality_is_by_value_across_factorings() {
        let over_two_twos = FactoredFraction::new(Integer::from(1), [2u32, 2].map(Natural::from));
        let over_four = FactoredFraction::new(Integer::from(1), [Natural::from(4u32)]);
        let over_eight = FactoredFraction::new(Integer::from(2), [Natural::from(8u32)]);
        let over_three = FactoredFraction::new(Integer::from(1), [Natural::from(3u32)]);
        assert_eq!(over_two_twos, over_four);
        assert_eq!(over_four, over_eight);
        assert_ne!(over_four, over_three);
        for case in 0..200 {
            let (x, y) = (fraction(case), fraction(case + 1000));
            assert_eq!(x == y, x.value() == y.value(), "case {case}");
        }
    }

    #[test]
    #[should_panic(expected = "a denominator's factor is 0")]
    fn a_zero_factor_is_refused() {
        FactoredFraction::new(Integer::from(1), [Natural::from(0u32)]);
    }
}
