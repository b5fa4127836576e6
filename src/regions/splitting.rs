//! The splitting shared by the exact enumerator and the float twin: a breadth-first frontier,
//! then depth-first subtrees in parallel, handed on in pattern order.

use super::region::Source;
use crate::polytope::{CutResult, Kernel, Polytope, Side};
use rayon::prelude::*;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

/// Bounds on the work an enumeration may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Stop with [`EnumerateError::TooManyRegions`] as soon as the network is known to have more
    /// regions than this (checked after every neuron's cut of every region).
    pub max_regions: Option<usize>,
}

/// How far an enumeration has come, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// The hidden layers split before the subtrees were handed out (the frontier's depth).
    pub frontier_layers: usize,
    /// The number of hidden layers.
    pub layers: usize,
    /// Frontier cells whose subtrees are finished.
    pub cells_done: usize,
    /// Frontier cells.
    pub cells: usize,
    /// A lower bound on the number of regions, from the work done so far.
    pub regions_so_far: usize,
}

/// Why an enumeration did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumerateError {
    /// The network has more regions than [`Limits::max_regions`] allows.
    TooManyRegions {
        /// The limit.
        limit: usize,
    },
    /// The network's input dimension differs from the domain's.
    DimensionMismatch {
        /// The network's input dimension.
        network: usize,
        /// The domain's dimension.
        domain: usize,
    },
    /// The consumer of the regions stopped the enumeration (e.g. a write failed).
    Stopped(String),
}

impl fmt::Display for EnumerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumerateError::TooManyRegions { limit } => write!(
                f,
                "stopped: the network has more than {limit} regions (limit --max-regions {limit})"
            ),
            EnumerateError::DimensionMismatch { network, domain } => write!(
                f,
                "the network's input dimension is {network} but the domain's is {domain}"
            ),
            EnumerateError::Stopped(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for EnumerateError {}

/// Frontier cells wanted before subtrees are handed to threads.
const FRONTIER: usize = 256;
/// Frontier cells whose subtrees are expanded together (in parallel) before their regions are
/// handed on in order.
const CHUNK: usize = 32;

/// One arithmetic's side of the splitting; the driver, [`split_in_order`], is the same for all.
pub(super) trait Splitter: Sync {
    /// A region of the first blocks with what the next block needs.
    type Cell: Send;
    /// A finished region.
    type Bare: Send;
    /// The domain, before any block.
    fn root(&self) -> Self::Cell;
    /// The number of hidden blocks.
    fn layers(&self) -> usize;
    /// The children of `cell` (a region of the first `l` blocks) in pattern order; `grow(k)`
    /// is told after every neuron's cut that `k` new pieces appeared and may stop the work.
    fn children(
        &self,
        cell: Self::Cell,
        l: usize,
        grow: &dyn Fn(usize) -> Result<(), EnumerateError>,
    ) -> Result<Vec<Self::Cell>, EnumerateError>;
    /// A cell below the last block, as a finished region.
    fn bare(&self, cell: Self::Cell) -> Self::Bare;
}

/// The limit and the running lower bound on the number of regions: frontier cells not yet
/// expanded count one each, and every cut adds its new pieces.
struct Counter {
    limit: Option<usize>,
    at_least: AtomicUsize,
}

impl Counter {
    fn grow(&self, more: usize) -> Result<(), EnumerateError> {
        let now = self.at_least.fetch_add(more, AtomicOrdering::Relaxed) + more;
        match self.limit {
            Some(limit) if now > limit => Err(EnumerateError::TooManyRegions { limit }),
            _ => Ok(()),
        }
    }

    fn now(&self) -> usize {
        self.at_least.load(AtomicOrdering::Relaxed)
    }
}

/// Every region below `cell` (a region of the first `l` blocks), depth first, in pattern
/// order, each passed through `finish`.
fn subtree<P: Splitter, T>(
    plan: &P,
    counter: &Counter,
    cell: P::Cell,
    l: usize,
    finish: &(dyn Fn(P::Bare) -> T + Sync),
    out: &mut Vec<T>,
) -> Result<(), EnumerateError> {
    if l == plan.layers() {
        out.push(finish(plan.bare(cell)));
        return Ok(());
    }
    for child in plan.children(cell, l, &|more| counter.grow(more))? {
        subtree(plan, counter, child, l + 1, finish, out)?;
    }
    Ok(())
}

/// The splitting: the first layers breadth first (in parallel over cells) until there are
/// [`FRONTIER`] cells, then the subtrees of the frontier cells depth first, [`CHUNK`] at a time
/// in parallel; each chunk's regions are handed to `emit` in pattern order before the next chunk
/// starts (while the next chunk is expanded). Children are ordered by their bits, so
/// depth-first order is pattern order.
pub(super) fn split_in_order<P: Splitter, T: Send>(
    plan: &P,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
    finish: &(dyn Fn(P::Bare) -> T + Sync),
    emit: &mut (dyn FnMut(T) -> Result<(), EnumerateError> + Send),
) -> Result<(), EnumerateError> {
    let counter = Counter {
        limit: limits.max_regions,
        at_least: AtomicUsize::new(1),
    };
    let layers = plan.layers();
    let mut frontier = vec![plan.root()];
    let mut depth = 0;
    while depth < layers && frontier.len() < FRONTIER {
        let children: Vec<Vec<P::Cell>> = frontier
            .into_par_iter()
            .map(|cell| plan.children(cell, depth, &|more| counter.grow(more)))
            .collect::<Result<_, _>>()?;
        frontier = children.into_iter().flatten().collect();
        depth += 1;
        progress(Progress {
            frontier_layers: depth,
            layers,
            cells_done: 0,
            cells: frontier.len(),
            regions_so_far: counter.now(),
        });
    }
    let cells = frontier.len();
    let mut remaining = frontier.into_iter();
    let mut done = 0;
    let mut finished: Vec<Vec<T>> = Vec::new();
    loop {
        let chunk: Vec<P::Cell> = remaining.by_ref().take(CHUNK).collect();
        if chunk.is_empty() && finished.is_empty() {
            return Ok(());
        }
        // The previous chunk's regions are handed on while the next chunk is expanded (the
        // expansion is the stealable half of the join, so idle threads pick it up first).
        let (emitted, expanded) = rayon::join(
            || {
                std::mem::take(&mut finished)
                    .into_iter()
                    .flatten()
                    .try_for_each(&mut *emit)
            },
            || {
                chunk
                    .into_par_iter()
                    .map(|cell| {
                        let mut out = Vec::new();
                        subtree(plan, &counter, cell, depth, finish, &mut out).map(|()| out)
                    })
                    .collect::<Result<Vec<Vec<T>>, _>>()
            },
        );
        emitted?;
        finished = expanded?;
        done += finished.len();
        progress(Progress {
            frontier_layers: depth,
            layers,
            cells_done: done,
            cells,
            regions_so_far: counter.now(),
        });
    }
}

/// A piece of a cell being split by a layer, with the bits of the neurons applied so far.
pub(super) type Piece<K> = (Polytope<Source, K>, Vec<bool>);

/// Splits one cell by every neuron of layer `l` in turn (the hyperplanes `forms`); returns the
/// pieces with their bits, in pattern order. After each neuron, `grow(new pieces)` may stop the
/// work.
pub(super) fn split_by_layer<K: Kernel>(
    polytope: Polytope<Source, K>,
    forms: &[K::Form],
    l: usize,
    grow: &dyn Fn(usize) -> Result<(), EnumerateError>,
) -> Result<Vec<Piece<K>>, EnumerateError> {
    let mut pieces = vec![(polytope, Vec::with_capacity(forms.len()))];
    for (i, form) in forms.iter().enumerate() {
        let source = Source::Neuron { layer: l, index: i };
        let before = pieces.len();
        let mut split = Vec::with_capacity(before * 2);
        for (piece, bits) in pieces {
            match piece.cut(form, source) {
                CutResult::Split { positive, negative } => {
                    let mut on = bits.clone();
                    on.push(true);
                    let mut off = bits;
                    off.push(false);
                    split.push((positive, on));
                    split.push((negative, off));
                }
                CutResult::Whole(piece, side) => {
                    let mut bits = bits;
                    bits.push(side == Side::Positive);
                    split.push((piece, bits));
                }
            }
        }
        let more = split.len() - before;
        pieces = split;
        grow(more)?;
    }
    pieces.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(pieces)
}
