//! One activation region and the labels of the constraints bounding it.

use crate::exact::{HomPoint, Rational};
use crate::polytope::{pulling_triangulation_in, volume_of, FaceLattice, Polytope};

/// Where a facet's hyperplane comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Inequality `row` of the domain (for a box `[lo, hi]^d`: row `2i` is `x_i >= lo`, row
    /// `2i + 1` is `x_i <= hi`).
    Domain(usize),
    /// Neuron `index` of hidden layer `layer` (both 0-based): the facet lies in the zero set of
    /// its pre-activation.
    Neuron {
        /// The hidden layer, 0-based.
        layer: usize,
        /// The neuron within the layer, 0-based.
        index: usize,
    },
}

/// An activation region as the splitting phase produces it, before its lattice, triangulation
/// and volume are computed.
#[derive(Debug, Clone)]
pub struct BareRegion {
    /// The activation pattern, as in [`Region::pattern`].
    pub pattern: Vec<Vec<bool>>,
    /// The region's vertices and facets with their sources.
    pub polytope: Polytope<Source>,
}

/// An activation region: the closure of a maximal full-dimensional set of domain points sharing
/// one activation pattern.
#[derive(Debug, Clone)]
pub struct Region {
    /// One bit per hidden neuron, layer by layer: `true` where the pre-activation is positive on
    /// the region's interior, `false` where it is negative or identically zero.
    pub pattern: Vec<Vec<bool>>,
    /// The region as a polytope, vertices in lexicographic order.
    pub polytope: Polytope<Source>,
    /// An exact point of the region's interior: the barycenter of the first simplex of the
    /// region's pulling triangulation.
    pub interior_point: HomPoint,
    /// The exact volume.
    pub volume: Rational,
    /// The f-vector `(f_0, ..., f_{d-1})` of the region.
    pub f_vector: Vec<usize>,
    /// The pulling triangulation in lexicographic vertex order, each simplex as `d + 1` indices
    /// into the region's vertices.
    pub simplices: Vec<Vec<usize>>,
}

impl Region {
    /// The region with `pattern` and `polytope`, completed: vertices sorted lexicographically,
    /// f-vector from the face lattice, the pulling triangulation and the volume summed over it,
    /// and as interior point the barycenter of the triangulation's first simplex (a
    /// full-dimensional simplex inside the region, so its barycenter is interior).
    pub fn new(pattern: Vec<Vec<bool>>, mut polytope: Polytope<Source>) -> Region {
        polytope.sort_vertices_lex();
        let lattice = FaceLattice::of(&polytope);
        let simplices = pulling_triangulation_in(&polytope, &lattice);
        let first: Vec<&HomPoint> = simplices[0]
            .iter()
            .map(|&v| &polytope.vertices()[v].point)
            .collect();
        let interior_point = HomPoint::centroid(&first);
        let volume = volume_of(&polytope, &simplices);
        Region {
            pattern,
            f_vector: lattice.f_vector(),
            polytope,
            interior_point,
            volume,
            simplices,
        }
    }

    /// The pattern as one bit string per hidden layer, character i = neuron i, `'1'` active.
    pub fn pattern_strings(&self) -> Vec<String> {
        self.pattern
            .iter()
            .map(|layer| layer.iter().map(|&on| if on { '1' } else { '0' }).collect())
            .collect()
    }
}
