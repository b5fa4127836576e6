//! Cutting a polytope by a hyperplane from its vertices and incidences alone.

use super::{CrossingAid, EdgeFacts, Facet, IndexSet, Kernel, Polytope, Vertex};
use crate::exact::SignTally;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

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
    fn cut_prepared(self, form: &K::Form, prepared: &K::Prepared, source: S) -> CutResult<S, K> {
        self.cut_by(form, prepared, source, &mut |polytope, u, v, facets| {
            polytope.crossing(form, u, v, facets)
        })
    }

    /// [`Polytope::cut`] by `form` (`prepared` is `form` prepared), each new vertex made by `make`
    /// from the polytope, the edge's positive and negative ends and the facets containing the
    /// edge.
    fn cut_by(
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
    fn crossing(&self, form: &K::Form, u: usize, v: usize, facets: &IndexSet) -> K::Point {
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
type Make<'m, S, K> =
    dyn FnMut(&Polytope<S, K>, usize, usize, &IndexSet) -> <K as Kernel>::Point + 'm;

/// Crossings already made, kept for later cuts of other polytopes by the same hyperplanes
/// ([`Polytope::cut_remembering`]): sibling pieces sharing a facet cut the same edges' lines
/// by the same neuron.
///
/// A crossing is known by the cut's source and the first source of each facet containing its
/// edge. An edge is the intersection of the facets containing it, so those facets' hyperplanes
/// meet in the edge's line, and the line and the cut's hyperplane meet in the crossing (strictly
/// inside the edge): the key fixes the point, whichever polytope the edge belongs to, provided
/// that a source names one hyperplane for every polytope cut with the memo. That is the
/// caller's promise; the enumerator gives a memo only to the pieces of one family, which share
/// their cell's facets (each source of an earlier layer is one hyperplane on the cell, which
/// lies in one linear region of those layers) and their block's forms. An edge met again with
/// other facets is only a miss; an edge on a facet without a source is not looked up.
///
/// Memory is bounded in crossings, not bytes: they are kept in two generations of at most a
/// given number each ([`CROSSING_MEMO_GENERATION`] by default); when the newer is full it
/// becomes the older and the older is dropped, so the crossings made most recently (those the
/// next sibling pieces ask for) stay. What is forgotten is only made again.
pub(crate) struct CrossingMemo<S, P> {
    generations: Mutex<Generations<S, P>>,
}

/// The most crossings one generation of a [`CrossingMemo`] keeps by default.
pub(crate) const CROSSING_MEMO_GENERATION: usize = 1 << 15;

/// The two generations of a [`CrossingMemo`].
struct Generations<S, P> {
    newer: FxHashMap<Box<[S]>, P>,
    older: FxHashMap<Box<[S]>, P>,
    size: usize,
}

impl<S: Hash + Eq, P: Clone> Generations<S, P> {
    fn get(&self, key: &[S]) -> Option<P> {
        self.newer.get(key).or_else(|| self.older.get(key)).cloned()
    }

    fn insert(&mut self, key: Box<[S]>, point: P) {
        if self.newer.len() >= self.size {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(key, point);
    }
}

impl<S, P> CrossingMemo<S, P> {
    /// An empty memo whose generations hold at most `size` crossings each (at least one).
    pub(crate) fn with_generation(size: usize) -> Self {
        CrossingMemo {
            generations: Mutex::new(Generations {
                newer: FxHashMap::default(),
                older: FxHashMap::default(),
                size: size.max(1),
            }),
        }
    }

    /// Forgets every crossing.
    pub(crate) fn clear(&self) {
        let mut generations = self.lock();
        generations.newer = FxHashMap::default();
        generations.older = FxHashMap::default();
    }

    fn lock(&self) -> MutexGuard<'_, Generations<S, P>> {
        self.generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of crossings kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        let generations = self.lock();
        generations.newer.len() + generations.older.len()
    }
}

impl<S, P> Default for CrossingMemo<S, P> {
    /// An empty memo with generations of [`CROSSING_MEMO_GENERATION`].
    fn default() -> Self {
        CrossingMemo::with_generation(CROSSING_MEMO_GENERATION)
    }
}

impl<S: Clone + Ord + Hash, K: Kernel> Polytope<S, K> {
    /// [`Polytope::cut`], each crossing looked up in `memo` first and kept there when new: the
    /// same result, with the crossings of earlier cuts by the same hyperplanes reused (see
    /// [`CrossingMemo`] for what the caller promises). In float arithmetic, where a crossing
    /// carries the rounding of the edge it was made from, the memo is not used
    /// ([`Kernel::REMEMBERS_CROSSINGS`]). Cuts on several threads may share the memo; it is
    /// locked only to look a crossing up and to keep one.
    pub(crate) fn cut_remembering(
        self,
        form: &K::Form,
        prepared: &K::Prepared,
        source: S,
        memo: &CrossingMemo<S, K::Point>,
    ) -> CutResult<S, K> {
        if !K::REMEMBERS_CROSSINGS {
            return self.cut_prepared(form, prepared, source);
        }
        let cut = source.clone();
        let mut key = Vec::new();
        self.cut_by(form, prepared, source, &mut |polytope, u, v, facets| {
            key.clear();
            for f in facets.iter() {
                match polytope.facets[f].sources.first() {
                    Some(first) => key.push(first.clone()),
                    None => return polytope.crossing(form, u, v, facets),
                }
            }
            key.sort_unstable();
            key.push(cut.clone());
            if let Some(point) = memo.lock().get(&key) {
                debug_assert!(
                    point == polytope.crossing(form, u, v, facets),
                    "a remembered crossing is the edge's crossing"
                );
                return point;
            }
            let point = polytope.crossing(form, u, v, facets);
            memo.lock()
                .insert(key.clone().into_boxed_slice(), point.clone());
            point
        })
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{test_entry, AffineForm, HomPoint, Integer, Rational};
    use crate::polytope::{Exact, Kernel};

    /// Every piece of `[-1, 1]^dim` cut by all of `rows` in turn (both parts of every split),
    /// in the order of their sides; with `memo`, the cuts remember their crossings. Also returns
    /// how many new vertices the splits made.
    fn pieces(
        dim: usize,
        rows: &[Vec<i64>],
        memo: Option<&CrossingMemo<usize, HomPoint>>,
    ) -> (Vec<Polytope<usize, Exact>>, usize) {
        let mut pieces = vec![Polytope::cube(
            dim,
            &Rational::from(-1),
            &Rational::from(1),
            |k| k,
        )];
        let mut made = 0;
        for (i, row) in rows.iter().enumerate() {
            let form = AffineForm::new(row.iter().map(|&c| Integer::from(c)).collect());
            let source = 2 * dim + i;
            let mut next = Vec::new();
            for piece in pieces {
                let before = piece.vertices().len();
                let result = match memo {
                    Some(memo) => {
                        piece.cut_remembering(&form, &Exact::prepare(&form), source, memo)
                    }
                    None => piece.cut(&form, source),
                };
                match result {
                    CutResult::Split { positive, negative } => {
                        // Old vertices go to one part, or to both when on the hyperplane; the
                        // crossings go to both: both parts hold before + on-hyperplane + 2 x
                        // crossings vertices, and on-hyperplane + crossings in common.
                        let kept = positive.vertices().len() + negative.vertices().len();
                        let common = positive
                            .vertices()
                            .iter()
                            .filter(|v| negative.vertices().iter().any(|w| w.point == v.point))
                            .count();
                        made += kept - before - common;
                        next.push(negative);
                        next.push(positive);
                    }
                    CutResult::Whole(whole, _) => next.push(whole),
                }
            }
            pieces = next;
        }
        (pieces, made)
    }

    /// Cuts remembering their crossings (with generations of every size, so that crossings are
    /// forgotten too) give exactly the pieces of plain cuts: cubes of dimension 2 to 5 cut by
    /// 2 to 8 rows of small integers, many through vertices (non-simple pieces, edges met again
    /// with other facets), some repeating a row or a side of the cube (facets with several
    /// sources). Crossings are reused, or the test would not test the memo.
    #[test]
    fn remembered_crossings_change_no_piece() {
        let mut reused = 0;
        for case in 0..160u64 {
            let dim = (case % 4) as usize + 2;
            let mut rows: Vec<Vec<i64>> = (0..(case / 4 % 5) as usize + 2)
                .map(|i| (0..=dim).map(|j| test_entry(case, i, j, 5)).collect())
                .collect();
            // Facets with several sources: a row again (negated), a side of the cube.
            if case % 3 == 0 {
                rows.push(rows[0].iter().map(|c| -c).collect());
            }
            if case % 5 == 0 {
                let mut side = vec![0; dim + 1];
                (side[0], side[1]) = (1, -1);
                rows.insert(1, side);
            }
            let (plain, made) = pieces(dim, &rows, None);
            for generation in [1, 3, CROSSING_MEMO_GENERATION] {
                let memo = CrossingMemo::with_generation(generation);
                let (remembered, _) = pieces(dim, &rows, Some(&memo));
                assert_eq!(plain, remembered, "case {case}, generation {generation}");
                assert!(memo.len() <= made.min(2 * generation), "case {case}");
                if generation == CROSSING_MEMO_GENERATION {
                    reused += made - memo.len();
                }
            }
        }
        assert!(reused > 5000, "{reused} crossings reused");
    }
}
