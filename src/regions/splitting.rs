//! The splitting shared by the exact enumerator and the float twin: a breadth-first frontier,
//! then depth-first subtrees in parallel, handed on in pattern order.

use super::region::Source;
use crate::polytope::{CutResult, Kernel, Polytope, Side};
use rayon::prelude::*;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::Arc;

/// Bounds on the work an enumeration may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Stop with [`EnumerateError::TooManyRegions`] as soon as the network is known to have more
    /// regions than this (checked after every neuron's cut of every region).
    pub max_regions: Option<usize>,
    /// How many runs of sibling subtrees the work is cut into below the frontier (default
    /// 4096): fewer holds less in the frontier, more balances the threads better. The output
    /// does not depend on it.
    pub work_items: Option<usize>,
    /// Skip the exact volumes: every region keeps its vertices, facets, face lattice and
    /// triangulation, but its `volume` is `None` (the most expensive part of a region from
    /// d = 3 on, and over R^d the summary's exact sum).
    pub skip_volumes: bool,
    /// Skip the face lattice: every region keeps its pattern, vertices, facets and interior
    /// point, but has no f-vector, triangulation, volume or faces, and no complex can be built
    /// from it. For high dimensions, where a region of [-1, 1]^16 has up to 3^16 faces. Needs a
    /// bounded domain (over R^d a region's rays come from its lattice's edges).
    pub skip_lattice: bool,
}

/// How far an enumeration has come, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// The hidden layers split before the subtrees were handed out (the frontier's depth).
    pub frontier_layers: usize,
    /// The number of hidden layers.
    pub layers: usize,
    /// Work items (runs of sibling subtrees below the frontier) finished; 0 while the frontier
    /// is being built.
    pub work_items_done: usize,
    /// Work items; 0 while the frontier is being built.
    pub work_items: usize,
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
    /// [`Limits::skip_lattice`] was asked for on the whole space R^d.
    NoLatticeOverWholeSpace,
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
            EnumerateError::NoLatticeOverWholeSpace => f.write_str(
                "regions without their face lattice (--no-lattice) need a bounded domain: over R^d the rays of a region come from its lattice's edges",
            ),
        }
    }
}

impl std::error::Error for EnumerateError {}

/// Work items wanted before subtrees are handed to threads, unless [`Limits::work_items`] says.
const FRONTIER: usize = 4096;
/// Work items whose subtrees are expanded together (in parallel) before their regions are
/// handed on in order: a few per thread, so that the finished regions waiting to be handed on
/// stay a small fraction of the whole.
const CHUNK: usize = 8;

/// One arithmetic's side of the splitting; the driver, [`split_in_order`], is the same for all.
///
/// A cell is split into a family: what all its children share (the context) and one piece per
/// child (its polytope and bits), in pattern order. Children are built from their pieces one at
/// a time, in order, so that a cursor can carry work from one sibling to the next; below the
/// frontier only one child per family and level is built at a time.
pub(super) trait Splitter: Sync {
    /// A region of the first blocks with what the next block needs.
    type Cell: Send;
    /// What the children of one cell share.
    type Context: Send + Sync;
    /// A child before it is built.
    type Piece: Send;
    /// What building one child leaves for building the next sibling.
    type Cursor: Default;
    /// A finished region.
    type Bare: Send;
    /// The domain, before any block.
    fn root(&self) -> Self::Cell;
    /// The number of hidden blocks.
    fn layers(&self) -> usize;
    /// Splits `cell` (a region of the first `l` blocks) by block `l`: the family's context and
    /// its pieces in pattern order. `grow(k)` is told after every neuron's cut that `k` new
    /// pieces appeared and may stop the work.
    fn split(
        &self,
        cell: Self::Cell,
        l: usize,
        grow: &dyn Fn(usize) -> Result<(), EnumerateError>,
    ) -> Result<(Self::Context, Vec<Self::Piece>), EnumerateError>;
    /// Builds the child of `piece`; `cursor` is what building the previous sibling left
    /// (the default for the first child built from a context).
    fn child(
        &self,
        context: &Self::Context,
        piece: Self::Piece,
        cursor: &mut Self::Cursor,
    ) -> Self::Cell;
    /// A cell below the last block, as a finished region.
    fn bare(&self, cell: Self::Cell) -> Self::Bare;
}

/// The limit and the running lower bound on the number of regions: pieces not yet expanded
/// count one each, and every cut adds its new pieces.
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

/// What the children of one cell share, for an arithmetic whose affine forms are `F`: the layer
/// that split the cell, its pattern, its input stream and its neurons' pre-activations.
pub(super) struct Family<F> {
    /// The hidden block that split the cell.
    pub l: usize,
    /// The cell's pattern (the children add their bits).
    pub pattern: Vec<Vec<bool>>,
    /// The cell's input to block `l` (may be empty when nothing will read it).
    pub stream: Vec<F>,
    /// Block `l`'s pre-activations on the cell.
    pub forms: Vec<F>,
}

/// Consecutive siblings handed to one thread: their family's shared context and their pieces.
struct WorkItem<P: Splitter> {
    context: Arc<P::Context>,
    pieces: Vec<P::Piece>,
    /// The layer the children have passed (their parent's layer + 1).
    depth: usize,
}

/// Every region below the children of `pieces`, built in order from `context`, depth first.
fn family<P: Splitter, T>(
    plan: &P,
    counter: &Counter,
    context: &P::Context,
    pieces: Vec<P::Piece>,
    depth: usize,
    finish: &(dyn Fn(P::Bare) -> T + Sync),
    out: &mut Vec<T>,
) -> Result<(), EnumerateError> {
    let mut cursor = P::Cursor::default();
    for piece in pieces {
        let child = plan.child(context, piece, &mut cursor);
        subtree(plan, counter, child, depth, finish, out)?;
    }
    Ok(())
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
    let (context, pieces) = plan.split(cell, l, &|more| counter.grow(more))?;
    family(plan, counter, &context, pieces, l + 1, finish, out)
}

/// The work items of the first layers: cells are split breadth first (in parallel) while their
/// families hold fewer than `wanted` pieces in all; then the families are cut into runs of
/// consecutive siblings (about `wanted`, plus one shorter run per family), in pattern order.
fn frontier<P: Splitter>(
    plan: &P,
    counter: &Counter,
    wanted: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<WorkItem<P>>, EnumerateError> {
    let layers = plan.layers();
    let mut cells = vec![plan.root()];
    let mut depth = 0;
    loop {
        let families: Vec<(P::Context, Vec<P::Piece>)> = cells
            .into_par_iter()
            .map(|cell| plan.split(cell, depth, &|more| counter.grow(more)))
            .collect::<Result<_, _>>()?;
        depth += 1;
        let total: usize = families.iter().map(|(_, pieces)| pieces.len()).sum();
        progress(Progress {
            frontier_layers: depth,
            layers,
            work_items_done: 0,
            work_items: 0,
            regions_so_far: counter.now(),
        });
        if total >= wanted || depth == layers {
            let run = total.div_ceil(wanted).max(1);
            let mut items = Vec::new();
            for (context, pieces) in families {
                let context = Arc::new(context);
                let mut pieces = pieces.into_iter().peekable();
                while pieces.peek().is_some() {
                    items.push(WorkItem {
                        context: Arc::clone(&context),
                        pieces: pieces.by_ref().take(run).collect(),
                        depth,
                    });
                }
            }
            return Ok(items);
        }
        cells = families
            .into_iter()
            .flat_map(|(context, pieces)| {
                let mut cursor = P::Cursor::default();
                pieces
                    .into_iter()
                    .map(|piece| plan.child(&context, piece, &mut cursor))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
}

/// The splitting: the [`frontier`], then the work items' subtrees depth first, [`CHUNK`] items
/// at a time in parallel; each chunk's regions are handed to `emit` in pattern order while the
/// next chunk is expanded. Pieces are in pattern order, so depth-first order is pattern order.
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
    let items = frontier(
        plan,
        &counter,
        limits.work_items.unwrap_or(FRONTIER).max(1),
        progress,
    )?;
    let (cells, layers) = (items.len(), plan.layers());
    let depth = items.first().map_or(0, |item| item.depth);
    let mut remaining = items.into_iter();
    let mut done = 0;
    let mut finished: Vec<Vec<T>> = Vec::new();
    loop {
        let chunk: Vec<WorkItem<P>> = remaining.by_ref().take(CHUNK).collect();
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
                    .map(|item| {
                        let mut out = Vec::new();
                        family(
                            plan,
                            &counter,
                            &item.context,
                            item.pieces,
                            item.depth,
                            finish,
                            &mut out,
                        )
                        .map(|()| out)
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
            work_items_done: done,
            work_items: cells,
            regions_so_far: counter.now(),
        });
    }
}

/// A piece of a cell being split by a layer, with the bits of the neurons applied so far.
pub(super) type Piece<K> = (Polytope<Source, K>, Vec<bool>);

/// A split cell: the family its children share and their pieces.
pub(super) type Split<K> = (Family<<K as Kernel>::Form>, Vec<Piece<K>>);

/// A cell (its polytope, pattern and input stream) split by block `l`, whose pre-activations on
/// it are `forms`: the family its children share, and their pieces in pattern order.
pub(super) fn split_family<K: Kernel>(
    polytope: Polytope<Source, K>,
    pattern: Vec<Vec<bool>>,
    stream: Vec<K::Form>,
    forms: Vec<K::Form>,
    l: usize,
    grow: &dyn Fn(usize) -> Result<(), EnumerateError>,
) -> Result<Split<K>, EnumerateError> {
    let pieces = split_by_layer(polytope, &forms, l, grow)?;
    let family = Family {
        l,
        pattern,
        stream,
        forms,
    };
    Ok((family, pieces))
}

/// Splits one cell by every neuron of layer `l` in turn (the hyperplanes `forms`); returns the
/// pieces with their bits, in pattern order. After each neuron, `grow(new pieces)` may stop the
/// work.
fn split_by_layer<K: Kernel>(
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
