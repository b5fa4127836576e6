//! Sums of many exact terms, added pairwise.

use std::ops::Add;

/// A sum added pairwise (partial sums of equal numbers of terms are merged), so the terms'
/// sizes stay balanced: for rationals, a sum of n terms costs about as much as n log n
/// additions of small numbers rather than n additions to one ever larger number. For exact
/// types the total does not depend on the order (only the cost does).
#[derive(Debug)]
pub struct PairwiseSum<T> {
    partial: Vec<(u32, T)>,
}

impl<T> Default for PairwiseSum<T> {
    fn default() -> Self {
        PairwiseSum {
            partial: Vec::new(),
        }
    }
}

impl<T: Add<Output = T> + Default> PairwiseSum<T> {
    /// Adds the next term.
    pub fn add(&mut self, value: T) {
        let mut current = (0, value);
        while self
            .partial
            .last()
            .is_some_and(|(level, _)| *level == current.0)
        {
            let (level, sum) = self.partial.pop().expect("checked");
            current = (level + 1, sum + current.1);
        }
        self.partial.push(current);
    }

    /// The sum of the terms added (the default value, zero, when there were none).
    pub fn total(self) -> T {
        self.partial
            .into_iter()
            .rev()
            .map(|(_, v)| v)
            .fold(T::default(), |sum, v| sum + v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use malachite::rational::Rational;

    /// Pairwise and one-by-one sums of 1/1, ..., 1/n agree for every n up to 40 (every shape of
    /// the binary counter of partial sums, up to 6 levels).
    #[test]
    fn pairwise_sums_equal_sums_in_order() {
        for n in 0..=40u32 {
            let mut pairwise = PairwiseSum::default();
            let mut in_order = Rational::from(0u32);
            for k in 1..=n {
                let term = Rational::from_unsigneds(1u32, k);
                in_order += &term;
                pairwise.add(term);
            }
            assert_eq!(pairwise.total(), in_order, "n = {n}");
        }
    }
}
