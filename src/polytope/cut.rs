//! Cutting a polytope by a hyperplane from its vertices and incidences alone.

use super::{CrossingAid, EdgeFacts, Facet, IndexSet, Kernel, Polytope, Vertex};
use crate::exact::SignTally;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// Cuts with at most this many pairs of strictly positive and strictly negative vertices find
/// their crossing edges by testing every pair.
const PAIRWISE_CUT: usize = 4096;

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
    pub fn cut(self, form: &K::Form, source: S) -> CutResult<S, K> {
        let prepared = K::prepare(form);
        self.cut_prepared(form, &prepared, source)
    }

    /// [`Polytope::cut`] by `form`, already prepared as `prepared`.
    pub(super) fn cut_prepared(
        self,
        form: &K::Form,
        prepared: &K::Prepared,
        source: S,
    ) -> CutResult<S, K> {
        self.cut_by(form, prepared, source, &mut |polytope, u, v, facets| {
            polytope.crossing(form, u, v, facets)
        })
    }

    /// [`Polytope::cut`] by `form` (`prepared` is `form` prepared), each new vertex made by `make`
    /// from the polytope, the edge's positive and negative ends and the facets containing the
    /// edge.
    pub(super) fn cut_by(
        mut self,
        form: &K::Form,
        prepared: &K::Prepared,
        source: S,
        make: &mut Make<'_, S, K>,
    ) -> CutResult<S, K> {
        let mut tally = SignTally::default();
        let signs: Vec<Ordering> = self
            .vertices
            .iter()
            .map(|v| K::side(form, prepared, &v.point, &mut tally))
            .collect();
        let has = |s: Ordering| signs.contains(&s);
        match (has(Ordering::Greater), has(Ordering::Less)) {
            (true, true) => {
                let (positive, negative) = self.split(form, &signs, source, make);
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

    /// The two parts; vertices strictly on one side are moved into it, not copied.
    fn split(
        self,
        form: &K::Form,
        signs: &[Ordering],
        source: S,
        make: &mut Make<'_, S, K>,
    ) -> (Self, Self) {
        let crossings = self.edge_crossings(signs, make);
        let (positive_facet, negative_facet) = K::facet_forms(form);
        let mut positive = self.side(Ordering::Greater, positive_facet, signs, source.clone());
        let mut negative = self.side(Ordering::Less, negative_facet, signs, source);
        for (vertex, &sign) in self.vertices.into_iter().zip(signs) {
            match sign {
                Ordering::Greater => positive.add(vertex, false),
                Ordering::Less => negative.add(vertex, false),
                Ordering::Equal => {
                    positive.add(vertex.clone(), true);
                    negative.add(vertex, true);
                }
            }
        }
        for vertex in crossings {
            positive.add(vertex.clone(), true);
            negative.add(vertex, true);
        }
        (positive.finish(self.dim), negative.finish(self.dim))
    }

    /// The new vertices: for each edge whose ends have strictly opposite signs, its crossing
    /// point (by `make`) and the facets containing the edge, in the order of the edges'
    /// (positive end, negative end) indices.
    fn edge_crossings(
        &self,
        signs: &[Ordering],
        make: &mut Make<'_, S, K>,
    ) -> Vec<Vertex<K::Point>> {
        let mut edges = self.crossing_edges(signs);
        edges.sort_unstable();
        edges
            .into_iter()
            .map(|(u, v)| {
                let facets = self.vertices[u]
                    .facets
                    .intersection(&self.vertices[v].facets);
                let point = make(self, u, v, &facets);
                Vertex { point, facets }
            })
            .collect()
    }

    /// The point where `form` crosses the edge from vertex `u` (form > 0) to vertex `v`
    /// (form < 0), which lies on the facets `facets`.
    pub(super) fn crossing(
        &self,
        form: &K::Form,
        u: usize,
        v: usize,
        facets: &IndexSet,
    ) -> K::Point {
        let (positive, negative) = (&self.vertices[u].point, &self.vertices[v].point);
        let aid = K::crossing_aid(self.dim);
        // At a simple end the d facets are independent, and the edge lies on all but one.
        let simple_end = if aid == CrossingAid::Ends {
            None
        } else if self.is_simple_vertex(v) {
            Some((v, true))
        } else if self.is_simple_vertex(u) {
            Some((u, false))
        } else {
            None
        };
        let Some((end, at_negative)) = simple_end else {
            return K::crossing(form, positive, negative, EdgeFacts::Ends);
        };
        if aid == CrossingAid::EdgeFacets {
            let edge: Vec<&K::Form> = facets.iter().map(|f| &self.facets[f].inequality).collect();
            return K::crossing(form, positive, negative, EdgeFacts::Facets(&edge));
        }
        let beside = self.vertices[end]
            .facets
            .iter()
            .find(|&f| !facets.contains(f))
            .expect("a simple end lies on one facet besides the edge's");
        let facet = &self.facets[beside].inequality;
        K::crossing(
            form,
            positive,
            negative,
            EdgeFacts::Beside { facet, at_negative },
        )
    }

    /// The edges `(u, v)` with `u` strictly positive and `v` strictly negative, each once.
    ///
    /// A simple vertex (on exactly d facets, whose normals are then independent) has exactly d
    /// edges, one along each (d - 1)-subset of its facets, and the other end of that edge is the
    /// only other vertex on all of the subset. So an edge with a simple end is found from that
    /// end in O(d) look-ups; only edges between two non-simple vertices are tested pairwise (two
    /// vertices span an edge exactly when no third vertex lies on all the facets they share),
    /// which holds for non-simple polytopes too. Small cuts (at most [`PAIRWISE_CUT`] pairs of
    /// opposite vertices) are tested pairwise outright, which is cheaper than building the
    /// look-up.
    fn crossing_edges(&self, signs: &[Ordering]) -> Vec<(usize, usize)> {
        let with = |sign: Ordering| -> Vec<usize> {
            (0..signs.len()).filter(|&u| signs[u] == sign).collect()
        };
        let (positive, negative) = (with(Ordering::Greater), with(Ordering::Less));
        if positive.len() * negative.len() <= PAIRWISE_CUT {
            return self.edges_tested_pairwise(&positive, &negative);
        }
        let simple = |&u: &usize| self.is_simple_vertex(u);
        let (positive_simple, positive_other): (Vec<usize>, Vec<usize>) =
            positive.into_iter().partition(simple);
        let (negative_simple, negative_other): (Vec<usize>, Vec<usize>) =
            negative.into_iter().partition(simple);
        let mut negative_by_ridge: FxHashMap<IndexSet, usize> = FxHashMap::default();
        for &v in &negative_simple {
            for ridge in self.edge_facet_sets(v) {
                negative_by_ridge.insert(ridge, v);
            }
        }
        let on_all = |ridge: &IndexSet, among: &[usize]| {
            among
                .iter()
                .copied()
                .find(|&w| ridge.is_subset(&self.vertices[w].facets))
        };
        let mut edges = Vec::new();
        for &u in &positive_simple {
            for ridge in self.edge_facet_sets(u) {
                if let Some(v) = negative_by_ridge
                    .get(&ridge)
                    .copied()
                    .or_else(|| on_all(&ridge, &negative_other))
                {
                    edges.push((u, v));
                }
            }
        }
        for &v in &negative_simple {
            for ridge in self.edge_facet_sets(v) {
                if let Some(u) = on_all(&ridge, &positive_other) {
                    edges.push((u, v));
                }
            }
        }
        edges.extend(self.edges_tested_pairwise(&positive_other, &negative_other));
        edges
    }

    /// The edges `(u, v)` with `u` in `positive` and `v` in `negative`, each pair tested: two
    /// vertices span an edge exactly when they share at least d - 1 facets and no third vertex
    /// lies on all the facets they share.
    fn edges_tested_pairwise(&self, positive: &[usize], negative: &[usize]) -> Vec<(usize, usize)> {
        let needed = self.dim.saturating_sub(1);
        let mut edges = Vec::new();
        for &u in positive {
            for &v in negative {
                let (up, down) = (&self.vertices[u].facets, &self.vertices[v].facets);
                if up.intersection_len(down) >= needed
                    && self.only_vertices_on(&up.intersection(down), u, v)
                {
                    edges.push((u, v));
                }
            }
        }
        edges
    }

    /// The facet sets of the d edges at the simple vertex `u`: its facets but one.
    fn edge_facet_sets(&self, u: usize) -> impl Iterator<Item = IndexSet> + '_ {
        let facets = &self.vertices[u].facets;
        facets.iter().map(move |f| {
            let mut ridge = facets.clone();
            ridge.remove(f);
            ridge
        })
    }

    /// Whether `u` and `v` are the only vertices lying on every facet of `shared`.
    fn only_vertices_on(&self, shared: &IndexSet, u: usize, v: usize) -> bool {
        self.vertices
            .iter()
            .enumerate()
            .all(|(w, vertex)| w == u || w == v || !shared.is_subset(&vertex.facets))
    }

    /// The facets of the part of the polytope on the side `keep` of the cut, whose new facet is
    /// `new_facet`, ready to receive its vertices.
    fn side(
        &self,
        keep: Ordering,
        new_facet: K::Form,
        signs: &[Ordering],
        source: S,
    ) -> Part<S, K> {
        let surviving = self.facets_with_vertex_where(signs, |s| s == keep);
        let mut renumber = vec![None; self.facets.len()];
        let mut facets = Vec::with_capacity(surviving.len() + 1);
        for f in surviving.iter() {
            renumber[f] = Some(facets.len());
            facets.push(self.facets[f].clone());
        }
        facets.push(Facet {
            inequality: new_facet,
            sources: vec![source],
        });
        Part {
            facets,
            renumber,
            vertices: Vec::new(),
        }
    }
}

/// How a cut makes the new vertex of an edge: from the polytope, the edge's positive and
/// negative ends, and the facets containing the edge.
pub(super) type Make<'m, S, K> =
    dyn FnMut(&Polytope<S, K>, usize, usize, &IndexSet) -> <K as Kernel>::Point + 'm;

/// One part of a cut polytope being assembled: its facets (the surviving ones, renumbered, and
/// the cut's last) and the vertices added so far.
struct Part<S, K: Kernel> {
    facets: Vec<Facet<S, K::Form>>,
    renumber: Vec<Option<usize>>,
    vertices: Vec<Vertex<K::Point>>,
}

impl<S, K: Kernel> Part<S, K> {
    /// Adds `vertex`, its facets renumbered, and the cut's facet if `on_cut`.
    fn add(&mut self, vertex: Vertex<K::Point>, on_cut: bool) {
        let mut set = IndexSet::new(self.facets.len());
        for f in vertex.facets.iter().filter_map(|f| self.renumber[f]) {
            set.insert(f);
        }
        if on_cut {
            set.insert(self.facets.len() - 1);
        }
        self.vertices.push(Vertex {
            point: vertex.point,
            facets: set,
        });
    }

    fn finish(self, dim: usize) -> Polytope<S, K> {
        Polytope {
            dim,
            facets: self.facets,
            vertices: self.vertices,
        }
    }
}
