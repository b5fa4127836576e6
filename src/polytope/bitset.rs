//! A fixed-capacity set of small indices, used for vertex-facet incidences.

/// A set of indices below a fixed capacity, stored as 64-bit words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndexSet {
    words: Vec<u64>,
}

impl IndexSet {
    /// The empty set able to hold indices `0..capacity`.
    pub fn new(capacity: usize) -> IndexSet {
        IndexSet {
            words: vec![0; capacity.div_ceil(64)],
        }
    }

    /// Adds `index`, which must be below the capacity.
    pub fn insert(&mut self, index: usize) {
        self.words[index / 64] |= 1 << (index % 64);
    }

    /// Removes `index`, which must be below the capacity.
    pub fn remove(&mut self, index: usize) {
        self.words[index / 64] &= !(1 << (index % 64));
    }

    /// Whether `index` is in the set.
    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / 64)
            .is_some_and(|w| w & (1 << (index % 64)) != 0)
    }

    /// The number of indices in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The intersection with `other` (same capacity).
    pub fn intersection(&self, other: &IndexSet) -> IndexSet {
        IndexSet {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a & b)
                .collect(),
        }
    }

    /// The size of the intersection with `other` (same capacity), without building it.
    pub fn intersection_len(&self, other: &IndexSet) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// Adds every index of `other` (same capacity).
    pub fn union_with(&mut self, other: &IndexSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// The indices, increasing, in a vector of exactly their number (a plain loop: extending
    /// from [`IndexSet::iter`] cost 1% more of a run over R^5, one face at a time).
    pub fn to_vec(&self) -> Vec<usize> {
        let mut indices = Vec::with_capacity(self.len());
        for (w, &word) in self.words.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                indices.push(w * 64 + rest.trailing_zeros() as usize);
                rest &= rest - 1;
            }
        }
        indices
    }

    /// The indices `64 w .. 64 w + 63` as the bits of one word (0 beyond the capacity).
    pub fn word(&self, w: usize) -> u64 {
        self.words.get(w).copied().unwrap_or(0)
    }

    /// Whether every index of `self` is in `other` (same capacity).
    pub fn is_subset(&self, other: &IndexSet) -> bool {
        self.words
            .iter()
            .zip(&other.words)
            .all(|(a, b)| a & !b == 0)
    }

    /// The indices in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations_agree_with_their_definitions() {
        let mut a = IndexSet::new(130);
        let mut b = IndexSet::new(130);
        for i in [0, 5, 64, 129] {
            a.insert(i);
        }
        for i in [5, 129] {
            b.insert(i);
        }
        assert!(b.is_subset(&a) && !a.is_subset(&b));
        assert_eq!(a.intersection(&b), b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 5, 64, 129]);
        assert_eq!(a.len(), 4);
        assert!(a.contains(64) && !a.contains(63));
        assert_eq!(a.intersection_len(&b), 2);
        a.remove(64);
        assert!(!a.contains(64) && a.len() == 3);
        a.insert(64);
        let mut c = IndexSet::new(130);
        assert!(c.is_empty());
        c.union_with(&a);
        assert_eq!(c, a);
        assert_eq!(a.word(0), 1 | 1 << 5);
        assert_eq!(a.word(1), 1);
        assert_eq!(a.word(2), 1 << 1);
        assert_eq!(a.word(3), 0, "beyond the capacity");
    }
}
