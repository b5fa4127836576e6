//! Cutting a polytope by a hyperplane from its vertices and incidences alone.

use super::{Facet, IndexSet, Kernel, Polytope, Vertex};
use std::cmp::Ordering;

/// Where a polytope lies with respect to an affine form that does not split it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The form is non-negative on the polytope and positive on its interior.
    Positive,
    /// The form is non-positive on the polytope and negative on its interior.
    Negative,
    /// The form vanishes on the whole polytope.
    Zero,
}

/// The outcome of [`Polytope::cut`].
#[derive(Debug, Clone)]
pub enum CutResult<S, K: Kernel> {
    /// The hyperplane does not cross the interior; the polytope is returned unchanged except that
    /// every facet lying in the hyperplane has gained the cut's source.
    Whole(Polytope<S, K>, Side),
    /// The hyperplane crosses the interior: the parts where the form is `>= 0` and `<= 0`, each
    /// with the new facet (labelled with the cut's source) and exact new vertices.
    Split {
        /// The part where the form is non-negative.
        positive: Polytope<S, K>,
        /// The part where the form is non-positive.
        negative: Polytope<S, K>,
    },
}

impl<S: Clone, K: Kernel> Polytope<S, K> {
    /// Cuts the polytope by the hyperplane `form = 0`, labelling the facet it creates (or the
    /// existing facets it contains) with `source`.
    ///
    /// Exact for every input, degenerate ones included: signs are decided on integers, new
    /// vertices are the crossings of the edges whose ends have strictly opposite signs, and edges
    /// are recognised combinatorially (two vertices span an edge exactly when no third vertex lies
    /// on all the facets they share), which holds for non-simple polytopes too.
    pub fn cut(mut self, form: &K::Form, source: S) -> CutResult<S, K> {
        let prepared = K::prepare(form);
        let signs: Vec<Ordering> = self
            .vertices
            .iter()
            .map(|v| K::side(&prepared, &v.point))
            .collect();
        let has = |s: Ordering| signs.contains(&s);
        match (has(Ordering::Greater), has(Ordering::Less)) {
            (true, true) => {
                let (positive, negative) = self.split(form, &signs, source);
                CutResult::Split { positive, negative }
            }
            (false, false) => CutResult::Whole(self, Side::Zero),
            (positive, _) => {
                self.label_facets_in_hyperplane(&signs, source);
                let side = if positive {
                    Side::Positive
                } else {
                    Side::Negative
                };
                CutResult::Whole(self, side)
            }
        }
    }

    /// Adds `source` to every facet all of whose vertices have sign zero.
    fn label_facets_in_hyperplane(&mut self, signs: &[Ordering], source: S) {
        let touched = self.facets_with_vertex_where(signs, |s| s != Ordering::Equal);
        for (f, facet) in self.facets.iter_mut().enumerate() {
            if !touched.contains(f) {
                facet.sources.push(source.clone());
            }
        }
    }

    /// The facets having at least one vertex whose sign satisfies `keep`.
    fn facets_with_vertex_where(
        &self,
        signs: &[Ordering],
        keep: impl Fn(Ordering) -> bool,
    ) -> IndexSet {
        let mut set = IndexSet::new(self.facets.len());
        for (vertex, &sign) in self.vertices.iter().zip(signs) {
            if keep(sign) {
                set.union_with(&vertex.facets);
            }
        }
        set
    }

    fn split(&self, form: &K::Form, signs: &[Ordering], source: S) -> (Self, Self) {
        let crossings = self.edge_crossings(form, signs);
        let (positive_facet, negative_facet) = K::facet_forms(form);
        let positive = self.side_part(
            Ordering::Greater,
            positive_facet,
            signs,
            &crossings,
            source.clone(),
        );
        let negative = self.side_part(Ordering::Less, negative_facet, signs, &crossings, source);
        (positive, negative)
    }

    /// The new vertices: for each edge whose ends have strictly opposite signs, its crossing
    /// point and the facets containing the edge.
    fn edge_crossings(&self, form: &K::Form, signs: &[Ordering]) -> Vec<Vertex<K::Point>> {
        let needed = self.dim.saturating_sub(1);
        let mut crossings = Vec::new();
        for (u, up) in self.vertices.iter().enumerate() {
            if signs[u] != Ordering::Greater {
                continue;
            }
            for (v, down) in self.vertices.iter().enumerate() {
                if signs[v] != Ordering::Less {
                    continue;
                }
                let shared = up.facets.intersection(&down.facets);
                if shared.len() < needed || !self.only_vertices_on(&shared, u, v) {
                    continue;
                }
                crossings.push(Vertex {
                    point: K::crossing(form, &up.point, &down.point),
                    facets: shared,
                });
            }
        }
        crossings
    }

    /// Whether `u` and `v` are the only vertices lying on every facet of `shared`.
    fn only_vertices_on(&self, shared: &IndexSet, u: usize, v: usize) -> bool {
        self.vertices
            .iter()
            .enumerate()
            .all(|(w, vertex)| w == u || w == v || !shared.is_subset(&vertex.facets))
    }

    /// The part of the polytope on the side `keep` of the cut, whose new facet is `new_facet`.
    fn side_part(
        &self,
        keep: Ordering,
        new_facet: K::Form,
        signs: &[Ordering],
        crossings: &[Vertex<K::Point>],
        source: S,
    ) -> Self {
        let surviving = self.facets_with_vertex_where(signs, |s| s == keep);
        let mut renumber = vec![None; self.facets.len()];
        let mut facets = Vec::with_capacity(surviving.len() + 1);
        for f in surviving.iter() {
            renumber[f] = Some(facets.len());
            facets.push(self.facets[f].clone());
        }
        let cut_index = facets.len();
        facets.push(Facet {
            inequality: new_facet,
            sources: vec![source],
        });
        let capacity = facets.len();
        let relabel = |old: &IndexSet, on_cut: bool| {
            let mut set = IndexSet::new(capacity);
            for f in old.iter().filter_map(|f| renumber[f]) {
                set.insert(f);
            }
            if on_cut {
                set.insert(cut_index);
            }
            set
        };
        let kept = self
            .vertices
            .iter()
            .zip(signs)
            .filter(|(_, &s)| s == keep || s == Ordering::Equal)
            .map(|(vertex, &s)| Vertex {
                point: vertex.point.clone(),
                facets: relabel(&vertex.facets, s == Ordering::Equal),
            });
        let new = crossings.iter().map(|vertex| Vertex {
            point: vertex.point.clone(),
            facets: relabel(&vertex.facets, true),
        });
        Polytope {
            dim: self.dim,
            facets,
            vertices: kept.chain(new).collect(),
        }
    }
}
