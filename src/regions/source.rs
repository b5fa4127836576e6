//! The label of a facet: the domain row, neuron or side of the stand-in cube whose hyperplane
//! contains it.

use serde::{Deserialize, Serialize};

/// Where a facet's hyperplane comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Source {
    /// Inequality `row` of the domain (for a box `[lo, hi]^d`: row `2i` is `x_i >= lo`, row
    /// `2i + 1` is `x_i <= hi`).
    Domain(usize),
    /// Side `k` of the cube standing in for infinity over R^d (ordered as box rows); such facets
    /// are not facets of the region and are never reported.
    Bound(usize),
    /// Neuron `index` of hidden layer `layer` (both 0-based): the facet lies in the zero set of
    /// its pre-activation.
    Neuron {
        /// The hidden layer, 0-based.
        layer: usize,
        /// The neuron within the layer, 0-based.
        index: usize,
    },
}

impl Source {
    /// Whether the source names one hyperplane of the input space wherever it labels a facet:
    /// a domain row, a side of the stand-in cube or a neuron of the first hidden layer (affine
    /// in the input). A neuron of a later layer is a different hyperplane in each region of the
    /// earlier layers.
    pub(crate) fn is_fixed(&self) -> bool {
        !matches!(self, Source::Neuron { layer, .. } if *layer > 0)
    }

    /// Whether a facet labelled `sources` lies in a side of the stand-in cube (over R^d: then
    /// it is not a facet of the region).
    pub(crate) fn in_cube_side(sources: &[Source]) -> bool {
        Source::cube_side(sources).is_some()
    }

    /// The side of the stand-in cube that a facet labelled `sources` lies in, if any.
    pub(crate) fn cube_side(sources: &[Source]) -> Option<usize> {
        sources.iter().find_map(|s| match s {
            Source::Bound(side) => Some(*side),
            _ => None,
        })
    }
}
