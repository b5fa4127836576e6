//! Activation patterns.

use serde::{Deserialize, Serialize};

/// An activation pattern: one bit per hidden neuron, block by block; `true` where the neuron's
/// pre-activation is positive (on a region: on its interior), `false` where it is negative or
/// zero.
///
/// Patterns are ordered lexicographically on their blocks' bit vectors, each compared
/// lexicographically with `false` before `true`: the order in which regions are listed.
/// Serialised as its bit vectors, `[[true, false], [true]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pattern(Vec<Vec<bool>>);

impl Pattern {
    /// The bits, one vector per hidden block.
    pub fn layers(&self) -> &[Vec<bool>] {
        &self.0
    }

    /// The bits of hidden block `l` (0-based), one per neuron.
    pub fn layer(&self, l: usize) -> &[bool] {
        &self.0[l]
    }

    /// The bit of neuron `i` of hidden block `l` (both 0-based).
    pub fn bit(&self, l: usize, i: usize) -> bool {
        self.0[l][i]
    }

    /// Appends the bits of the next hidden block.
    pub fn push(&mut self, bits: Vec<bool>) {
        self.0.push(bits);
    }

    /// One bit string per hidden block, character i = neuron i, `'1'` active: e.g.
    /// `["0110", "10"]`.
    pub fn to_strings(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|layer| layer.iter().map(|&on| if on { '1' } else { '0' }).collect())
            .collect()
    }
}

impl From<Vec<Vec<bool>>> for Pattern {
    fn from(layers: Vec<Vec<bool>>) -> Pattern {
        Pattern(layers)
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn patterns_are_ordered_block_by_block_off_before_on() {
        let p = |layers: &[&[bool]]| {
            Pattern::from(layers.iter().map(|l| l.to_vec()).collect::<Vec<_>>())
        };
        let sorted = [
            p(&[&[false, false], &[true]]),
            p(&[&[false, true], &[false]]),
            p(&[&[true, false], &[false]]),
            p(&[&[true, false], &[true]]),
        ];
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sorted[1].to_strings(), ["01", "0"]);
        assert!(sorted[1].bit(0, 1) && !sorted[1].bit(1, 0));
        assert_eq!(sorted[2].layer(0), [true, false]);
    }
}
