//! Crossings remembered from one cut to the next: within a family of pieces, where a key
//! fixes the point, and across a whole run, where a point found is checked before it is used.

use super::{CutResult, IndexSet, Kernel, Polytope};
use rustc_hash::FxHashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

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

/// The two generations of a memo: values by key, at most `size` keys in each.
struct Generations<S, V> {
    newer: FxHashMap<Box<[S]>, V>,
    older: FxHashMap<Box<[S]>, V>,
    size: usize,
}

impl<S: Hash + Eq, V> Generations<S, V> {
    fn new(size: usize) -> Mutex<Self> {
        Mutex::new(Generations {
            newer: FxHashMap::default(),
            older: FxHashMap::default(),
            size: size.max(1),
        })
    }

    /// The newer generation, ready to take `key`: made the older one first when it is full and
    /// lacks `key`.
    fn newer_for(&mut self, key: &[S]) -> &mut FxHashMap<Box<[S]>, V> {
        if self.newer.len() >= self.size && !self.newer.contains_key(key) {
            self.older = std::mem::take(&mut self.newer);
        }
        &mut self.newer
    }
}

/// The generations behind `mutex`, even if a thread panicked holding them (a memo only ever
/// holds complete entries).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<S: Hash + Eq, P: Clone> CrossingMemo<S, P> {
    /// An empty memo whose generations hold at most `size` crossings each (at least one).
    pub(crate) fn with_generation(size: usize) -> Self {
        CrossingMemo {
            generations: Generations::new(size),
        }
    }

    /// Forgets every crossing.
    pub(crate) fn clear(&self) {
        let mut generations = lock(&self.generations);
        generations.newer = FxHashMap::default();
        generations.older = FxHashMap::default();
    }

    fn get(&self, key: &[S]) -> Option<P> {
        let generations = lock(&self.generations);
        generations
            .newer
            .get(key)
            .or_else(|| generations.older.get(key))
            .cloned()
    }

    fn insert(&self, key: Box<[S]>, point: P) {
        lock(&self.generations).newer_for(&key).insert(key, point);
    }

    /// The number of crossings kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        let generations = lock(&self.generations);
        generations.newer.len() + generations.older.len()
    }
}

impl<S: Hash + Eq, P: Clone> Default for CrossingMemo<S, P> {
    /// An empty memo with generations of [`CROSSING_MEMO_GENERATION`].
    fn default() -> Self {
        CrossingMemo::with_generation(CROSSING_MEMO_GENERATION)
    }
}

/// Crossings made anywhere in a run, for cuts of polytopes on which one source may name
/// different hyperplanes: a neuron of a later layer is a different hyperplane in each region of
/// the earlier layers (bent where they meet), and neighbouring regions cut the same edge lines
/// on their common facets by it, each in its own family. Kept by the key of a [`CrossingMemo`],
/// which here may stand for several points, so a point found is used only once it is checked
/// exactly to lie on the cut's hyperplane ([`Kernel::vanishes_prepared`], where the float
/// filter turns most points off it away) and on every facet containing the edge: those
/// facets' hyperplanes meet in the edge's line (an edge is the intersection of the facets
/// containing it), which meets the cut's hyperplane in the crossing alone. A
/// hyperplane whose source is *fixed* (names one hyperplane on every polytope of the run, as
/// the caller says) is not checked: the point was made on it. Cuts by a fixed source do not use
/// the memo: the family making them finds most of their crossings in its own memo, and looking
/// them up here cost more than it saved (measured on one layer of 300 neurons, box [-1, 1]^2).
///
/// Bounded like a [`CrossingMemo`], in keys ([`SHARED_CROSSINGS_GENERATION`] by default); the
/// points under one key are those made under it (1.6 per look-up over R^3, 16-16-16, of which
/// more than half lie off the cut), not bounded.
pub(crate) struct SharedCrossings<S, P> {
    generations: Mutex<Generations<S, Vec<P>>>,
    fixed: fn(&S) -> bool,
}

/// The most keys one generation of a [`SharedCrossings`] keeps by default.
pub(crate) const SHARED_CROSSINGS_GENERATION: usize = 1 << 15;

impl<S: Hash + Eq, P: Clone> SharedCrossings<S, P> {
    /// An empty memo whose generations hold at most `size` keys each (at least one), for
    /// polytopes on which the sources for which `fixed` holds name one hyperplane each.
    pub(crate) fn with_generation(size: usize, fixed: fn(&S) -> bool) -> Self {
        SharedCrossings {
            generations: Generations::new(size),
            fixed,
        }
    }

    /// [`SharedCrossings::with_generation`] of [`SHARED_CROSSINGS_GENERATION`].
    pub(crate) fn new(fixed: fn(&S) -> bool) -> Self {
        SharedCrossings::with_generation(SHARED_CROSSINGS_GENERATION, fixed)
    }

    /// The points kept under `key` (the newer generation's first).
    fn candidates(&self, key: &[S]) -> Vec<P> {
        let generations = lock(&self.generations);
        let newer = generations.newer.get(key).into_iter().flatten();
        let older = generations.older.get(key).into_iter().flatten();
        newer.chain(older).cloned().collect()
    }

    fn keep(&self, key: Box<[S]>, point: P) {
        lock(&self.generations)
            .newer_for(&key)
            .entry(key)
            .or_default()
            .push(point);
    }

    /// The number of points kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        let generations = lock(&self.generations);
        let count = |map: &FxHashMap<Box<[S]>, Vec<P>>| map.values().map(Vec::len).sum::<usize>();
        count(&generations.newer) + count(&generations.older)
    }
}

impl<S: Clone + Ord + Hash, K: Kernel> Polytope<S, K> {
    /// [`Polytope::cut`], each crossing looked up in `memo` first, then (checked) in `shared`,
    /// and kept in those given when new: the same result, with the crossings of earlier cuts
    /// reused (see [`CrossingMemo`] for what the caller promises of `memo`; of `shared`, only
    /// that its fixed sources name one hyperplane each). In float arithmetic, where a crossing
    /// carries the rounding of the edge it was made from, the memos are not used
    /// ([`Kernel::REMEMBERS_CROSSINGS`]). Cuts on several threads may share the memos; each is
    /// locked only to look a crossing up and to keep one.
    pub(crate) fn cut_remembering(
        self,
        form: &K::Form,
        prepared: &K::Prepared,
        source: S,
        memo: Option<&CrossingMemo<S, K::Point>>,
        shared: Option<&SharedCrossings<S, K::Point>>,
    ) -> CutResult<S, K> {
        if !K::REMEMBERS_CROSSINGS {
            return self.cut_prepared(form, prepared, source);
        }
        let cut = source.clone();
        // A cut by a fixed source does not use the run's memo (see `SharedCrossings`).
        let shared = shared.filter(|shared| !(shared.fixed)(&cut));
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
            if let Some(point) = memo.and_then(|memo| memo.get(&key)) {
                debug_assert!(
                    point == polytope.crossing(form, u, v, facets),
                    "a remembered crossing is the edge's crossing"
                );
                return point;
            }
            let found = shared.and_then(|shared| {
                shared.candidates(&key).into_iter().find(|point| {
                    K::vanishes_prepared(form, prepared, point)
                        && polytope.on_facets(facets, point, shared.fixed)
                })
            });
            let point = match found {
                Some(point) => point,
                None => {
                    let point = polytope.crossing(form, u, v, facets);
                    if let Some(shared) = shared {
                        shared.keep(key.clone().into_boxed_slice(), point.clone());
                    }
                    point
                }
            };
            if let Some(memo) = memo {
                memo.insert(key.clone().into_boxed_slice(), point.clone());
            }
            point
        })
    }

    /// Whether `point` lies on each of the facets `facets` whose first source is not `fixed`
    /// (each having a source), decided exactly.
    fn on_facets(&self, facets: &IndexSet, point: &K::Point, fixed: fn(&S) -> bool) -> bool {
        facets.iter().all(|f| {
            let facet = &self.facets[f];
            facet.sources.first().is_some_and(fixed) || K::vanishes(&facet.inequality, point)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::{test_entry, AffineForm, HomPoint, Integer, Rational};
    use crate::polytope::Exact;

    /// The first label of the rows of [`pieces`] (the cube's sides are labelled below it).
    const ROW_LABELS: usize = 100;

    /// Where the cuts of [`pieces`] remember their crossings.
    #[derive(Clone, Copy)]
    enum Remember<'m> {
        Nowhere,
        /// In one family memo for every cut.
        Family(&'m CrossingMemo<usize, HomPoint>),
        /// In a shared memo only.
        Shared(&'m SharedCrossings<usize, HomPoint>),
    }

    /// Every piece of `[-1, 1]^dim` cut by all of `rows` in turn (both parts of every split),
    /// in the order of their sides, row `i` labelled `ROW_LABELS + label(i)`; the cuts remember their
    /// crossings as `remember` says. Also returns how many new vertices the splits made.
    fn pieces(
        dim: usize,
        rows: &[Vec<i64>],
        label: impl Fn(usize) -> usize,
        remember: Remember<'_>,
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
            let source = ROW_LABELS + label(i);
            let mut next = Vec::new();
            for piece in pieces {
                let before = piece.vertices().len();
                let prepared = Exact::prepare(&form);
                let result = match remember {
                    Remember::Nowhere => piece.cut(&form, source),
                    Remember::Family(memo) => {
                        piece.cut_remembering(&form, &prepared, source, Some(memo), None)
                    }
                    Remember::Shared(shared) => {
                        piece.cut_remembering(&form, &prepared, source, None, Some(shared))
                    }
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

    /// The fixed cases `(case, dim, rows)`: cubes of dimension 2 to 5 cut by 2 to 8 rows of
    /// small integers, many through vertices of the pieces (non-simple pieces, edges met again
    /// with other facets), some repeating a row or a side of the cube (facets with several
    /// sources).
    fn cases() -> impl Iterator<Item = (u64, usize, Vec<Vec<i64>>)> {
        (0..160u64).map(|case| {
            let dim = (case % 4) as usize + 2;
            let mut rows: Vec<Vec<i64>> = (0..(case / 4 % 5) as usize + 2)
                .map(|i| (0..=dim).map(|j| test_entry(case, i, j, 5)).collect())
                .collect();
            // Facets with several sources: a row again (negated), a side of the cube.
            if case.is_multiple_of(3) {
                rows.push(rows[0].iter().map(|c| -c).collect());
            }
            if case.is_multiple_of(5) {
                let mut side = vec![0; dim + 1];
                (side[0], side[1]) = (1, -1);
                rows.insert(1, side);
            }
            (case, dim, rows)
        })
    }

    /// How the rows of [`pieces`] are labelled, and which labels a shared memo takes as fixed.
    type Labelling = (fn(usize) -> usize, fn(&usize) -> bool);

    /// Cuts remembering their crossings (with generations of every size, so that crossings are
    /// forgotten too) give exactly the pieces of plain cuts on every case of [`cases`].
    /// Crossings are reused, or the test would not test the memo.
    #[test]
    fn remembered_crossings_change_no_piece() {
        let mut reused = 0;
        for (case, dim, rows) in cases() {
            let (plain, made) = pieces(dim, &rows, |i| i, Remember::Nowhere);
            for generation in [1, 3, CROSSING_MEMO_GENERATION] {
                let memo = CrossingMemo::with_generation(generation);
                let (remembered, _) = pieces(dim, &rows, |i| i, Remember::Family(&memo));
                assert_eq!(plain, remembered, "case {case}, generation {generation}");
                assert!(memo.len() <= made.min(2 * generation), "case {case}");
                if generation == CROSSING_MEMO_GENERATION {
                    reused += made - memo.len();
                }
            }
        }
        assert!(reused > 5000, "{reused} crossings reused");
    }

    /// A shared memo gives exactly the pieces of plain cuts, over every size of its
    /// generations: when one label stands for several hyperplanes (rows labelled by their
    /// parity, not fixed, so keys meet points of other hyperplanes, which the check must turn
    /// down; the cube's sides fixed), and when each row has its own label and every other row
    /// is fixed (cuts by those rows do not use the memo, and their facets are not checked). It
    /// reuses crossings, or the test would not test it.
    #[test]
    fn shared_crossings_change_no_piece() {
        let mut reused = 0;
        for (case, dim, rows) in cases() {
            let labellings: [Labelling; 2] = [
                (|i| i % 2, |s| *s < ROW_LABELS),
                (
                    |i| i,
                    |s| *s < ROW_LABELS || (s - ROW_LABELS).is_multiple_of(2),
                ),
            ];
            for (k, (label, fixed)) in labellings.into_iter().enumerate() {
                let (plain, made) = pieces(dim, &rows, label, Remember::Nowhere);
                for generation in [1, 3, SHARED_CROSSINGS_GENERATION] {
                    let shared = SharedCrossings::with_generation(generation, fixed);
                    let (remembered, _) = pieces(dim, &rows, label, Remember::Shared(&shared));
                    assert_eq!(plain, remembered, "case {case}, generation {generation}");
                    // With the first labelling every cut keeps its crossings in the memo.
                    if generation == SHARED_CROSSINGS_GENERATION && k == 0 {
                        reused += made - shared.len();
                    }
                }
            }
        }
        assert!(reused > 5000, "{reused} crossings reused");
    }
}
