//! The splitting shared by the exact enumerator and the float twin: a breadth-first frontier,
//! then depth-first subtrees in parallel, handed on in pattern order.

use super::ordered::ordered_window;
use super::source::Source;
use crate::exact::SignTally;
use crate::network::Pattern;
use crate::polytope::{CrossingMemo, CutResult, Kernel, Polytope, SharedCrossings, Side};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};
use std::sync::Arc;

/// Bounds on the work an enumeration may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    /// Stop with [`EnumerateError::TooManyRegions`] as soon as the network is known to have more
    /// regions than this (checked after every neuron's cut of every region).
    pub max_regions: Option<usize>,
    /// How many runs of sibling subtrees the work is cut into below the frontier (default
    /// 4096, or 256 for a network with at most 2^18 regions by the product over its layers of
    /// `sum_{i <= d} C(n, i)`; in a sharded run, the frontier's size, by default
    /// [`Share::frontier`]): fewer holds less in the frontier, more balances the threads (and
    /// shards) better. The output does not depend on it; every shard of a run must use the same
    /// value.
    pub work_items: Option<usize>,
    /// Skip the exact volumes: every region keeps its vertices, facets, face lattice and
    /// triangulation, but its `volume` is `None` (the most expensive part of a region from
    /// d = 3 on, and over R^d the summary's exact sum).
    pub skip_volumes: bool,
    /// Compute the exact sum of the volumes (the summary's `volume_total`) without each region's
    /// own volume: every region carries its term of the sum instead
    /// ([`super::Region::volume_share`]), from its boundary facets alone, and its `volume` is
    /// `None`. For runs that report only the sum. No effect with `skip_volumes`.
    pub volume_sum_only: bool,
    /// Skip the face lattice: every region keeps its pattern, vertices, facets and interior
    /// point, but has no f-vector, triangulation, volume or faces, and no complex can be built
    /// from it. For high dimensions, where a region of [-1, 1]^16 has up to 3^16 faces. Needs a
    /// bounded domain (over R^d a region's rays come from its lattice's edges).
    pub skip_lattice: bool,
}

/// How far an enumeration has come, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Pieces in the frontier (cells split breadth first, one neuron at a time, before the
    /// subtrees below them are handed out).
    pub frontier_pieces: usize,
    /// Work items (runs of consecutive pieces whose subtrees are searched depth first) finished;
    /// 0 while the frontier is being built.
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
        /// The lower bound on the number of regions when the run stopped (above the limit).
        at_least: usize,
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
    /// The caller's cancellation flag was raised ([`super::Run::cancel_on`]).
    Cancelled,
    /// [`Limits::skip_lattice`] was asked for on the whole space R^d.
    NoLatticeOverWholeSpace,
    /// A shard outside `0..count`, or no shards.
    InvalidShare(Share),
}

impl fmt::Display for EnumerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumerateError::TooManyRegions { limit, .. } => write!(
                f,
                "stopped: the network has more than {limit} regions (the region limit asked for)"
            ),
            EnumerateError::DimensionMismatch { network, domain } => write!(
                f,
                "the network's input dimension is {network} but the domain's is {domain}"
            ),
            EnumerateError::Stopped(why) => f.write_str(why),
            EnumerateError::Cancelled => f.write_str("cancelled"),
            EnumerateError::InvalidShare(share) => write!(
                f,
                "shard {share}: a shard K/N needs N >= 1 and 0 <= K < N"
            ),
            EnumerateError::NoLatticeOverWholeSpace => f.write_str(
                "regions without their face lattice (--no-lattice) need a bounded domain: over R^d the rays of a region come from its lattice's edges",
            ),
        }
    }
}

impl std::error::Error for EnumerateError {}

/// Pieces wanted in the frontier before subtrees are handed to threads, unless
/// [`Limits::work_items`] says or the run is small ([`SMALL_RUN`]).
const FRONTIER: usize = 4096;
/// The most regions (by [`Splitter::region_bound`]) of a run whose frontier wants only
/// [`SMALL_FRONTIER`] pieces. The frontier is split breadth first and hands no region on before
/// it is complete. On a small run a frontier of [`FRONTIER`] pieces is most of the splitting,
/// so the consumer of the regions (the complex, one region at a time) cannot run beside it
/// (BENCHMARKS.md, fourteenth round); with fewer pieces it does. The work items in flight then
/// hold about `WINDOW_PER_THREAD x threads / SMALL_FRONTIER` of at most `SMALL_RUN` regions
/// (about 16,384 on two cores).
const SMALL_RUN: u128 = 1 << 18;
/// Pieces wanted in the frontier of a small run ([`SMALL_RUN`]).
const SMALL_FRONTIER: usize = 256;
/// Frontier pieces per shard in a sharded run (when more than [`FRONTIER`]): enough for the
/// assignment to even out the pieces' costs (their regions vary by a factor of ten and more),
/// few enough that the frontier, which every shard splits again, stays a small part of a large
/// run (BENCHMARKS.md, "Shards").
const PIECES_PER_SHARD: usize = 256;
/// The most frontier pieces a sharded run asks for by default: every shard holds the frontier
/// (a few kilobytes a piece).
const MAX_SHARD_FRONTIER: usize = 1 << 18;

/// A deterministic share of a run's work: shard `index` of `count` (0-based). Every shard builds
/// the same frontier (its size depends on `count` only), estimates each piece's cost, and
/// assigns the pieces to shards by the longest-first rule; shard `index` then searches the
/// subtrees below its pieces. The shards' regions together are the run's regions, each once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Share {
    /// This shard, `0..count`.
    pub index: usize,
    /// The number of shards, at least 1.
    pub count: usize,
}

impl Share {
    /// Pieces wanted in the frontier of a run cut into these shards: 256 per shard, at least
    /// 4096 and at most 262,144. The same for every shard of the run.
    pub fn frontier(&self) -> usize {
        PIECES_PER_SHARD
            .saturating_mul(self.count)
            .clamp(FRONTIER, MAX_SHARD_FRONTIER)
    }

    /// Whether `0 <= index < count`.
    pub fn is_valid(&self) -> bool {
        self.index < self.count
    }
}

impl std::str::FromStr for Share {
    type Err = String;

    /// Reads `K/N` (0-based `K`, as `--shard $SLURM_ARRAY_TASK_ID/N` with `--array=0-(N-1)`).
    fn from_str(text: &str) -> Result<Share, String> {
        let bad = || format!("\"{text}\" is not a shard K/N with 0 <= K < N (e.g. 0/4 to 3/4)");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let share = Share {
            index: index.trim().parse().map_err(|_| bad())?,
            count: count.trim().parse().map_err(|_| bad())?,
        };
        share.is_valid().then_some(share).ok_or_else(bad)
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Where a finished region comes from: the frontier piece whose subtree holds it and, in a
/// sharded run, that piece's polytope (the merge identifies the cells on its boundary).
pub(super) struct Origin<'a, K: Kernel> {
    /// The frontier piece's index (pattern order).
    pub piece: usize,
    /// The frontier piece's polytope, in a sharded run.
    pub polytope: Option<&'a Polytope<Source, K>>,
}

/// Work items that may be started and not yet handed on, per thread: enough that a slow item
/// seldom holds the others up, few enough that the finished regions waiting to be handed on stay
/// a small fraction of the whole.
const WINDOW_PER_THREAD: usize = 8;

/// One arithmetic's side of the splitting; the driver, [`split_in_order`], is the same for all.
///
/// A cell of the first l blocks starts a family (what all its children share: block l's
/// pre-activations on it); the family's pieces are cut by one neuron at a time, the part where
/// the neuron is off before the part where it is on, so that a depth-first search meets the
/// regions in pattern order and holds only the pieces on its path. Once cut by every neuron, a
/// piece becomes a child cell; children are built one at a time, in order, so that a cursor can
/// carry work from one sibling to the next.
pub(super) trait Splitter: Sync {
    /// The arithmetic of the polytopes.
    type K: Kernel<Form: Send + Sync, Point: Send>;
    /// A region of the first blocks with what the next block needs.
    type Cell: Send;
    /// What building one child leaves for building the next sibling.
    type Cursor: Default;
    /// A finished region.
    type Bare: Send;
    /// The domain, before any block.
    fn root(&self) -> Self::Cell;
    /// The number of hidden blocks.
    fn layers(&self) -> usize;
    /// The polytope of a cell.
    fn polytope<'c>(&self, cell: &'c Self::Cell) -> &'c Polytope<Source, Self::K>;
    /// Starts splitting `cell` (a region of the first `l` blocks) by block `l`: the family its
    /// children share and the cell's polytope, which the neurons will cut.
    fn family(&self, cell: Self::Cell, l: usize) -> (Family<Self::K>, Polytope<Source, Self::K>);
    /// Builds the child of `piece`, cut by every neuron of the family's block; `cursor` is what
    /// building the previous sibling left (the default for the first child built).
    fn child(
        &self,
        family: &Family<Self::K>,
        piece: Piece<Self::K>,
        cursor: &mut Self::Cursor,
    ) -> Self::Cell;
    /// A cell below the last block, as a finished region.
    fn bare(&self, cell: Self::Cell) -> Self::Bare;
    /// An upper bound on the number of regions below the root: [`region_bound`] of the input
    /// dimension and the blocks' widths.
    fn region_bound(&self) -> u128;
}

/// The most regions `k` hyperplanes cut R^`dim` into, `sum_{i <= dim} C(k, i)`, or `u128::MAX`
/// when a step of the sum does not fit.
fn arrangement_regions(k: u128, dim: u128) -> u128 {
    let (mut binomial, mut regions) = (1u128, 1u128);
    for i in 1..=dim.min(k) {
        let Some(product) = binomial.checked_mul(k + 1 - i) else {
            return u128::MAX;
        };
        binomial = product / i;
        regions = regions.saturating_add(binomial);
    }
    regions
}

/// An upper bound on the activation regions of a network with input dimension `dim` and hidden
/// blocks of the given widths, on any domain: the product over blocks of
/// [`arrangement_regions`] of the block's width (saturating at `u128::MAX`). On a region of the blocks before
/// it, a block's pre-activations are affine, so its `n` neurons cut the region (a convex set of
/// dimension at most `dim`) into at most `sum_{i <= dim} C(n, i)` pieces.
pub(super) fn region_bound(dim: usize, widths: impl IntoIterator<Item = usize>) -> u128 {
    widths.into_iter().fold(1, |bound, width| {
        bound.saturating_mul(arrangement_regions(width as u128, dim as u128))
    })
}

/// The limit, the caller's cancellation flag and the running lower bound on the number of
/// regions: pieces not yet expanded count one each, and every cut adds its new piece.
struct Counter<'c> {
    limit: Option<usize>,
    cancel: Option<&'c AtomicBool>,
    at_least: AtomicUsize,
}

impl Counter<'_> {
    fn grow(&self, more: usize) -> Result<(), EnumerateError> {
        if self
            .cancel
            .is_some_and(|flag| flag.load(AtomicOrdering::Relaxed))
        {
            return Err(EnumerateError::Cancelled);
        }
        let now = self.at_least.fetch_add(more, AtomicOrdering::Relaxed) + more;
        match self.limit {
            Some(limit) if now > limit => Err(EnumerateError::TooManyRegions {
                limit,
                at_least: now,
            }),
            _ => Ok(()),
        }
    }

    fn now(&self) -> usize {
        self.at_least.load(AtomicOrdering::Relaxed)
    }
}

/// What the children of one cell share, in arithmetic `K`: the layer that split the cell, its
/// pattern, its input stream and its neurons' pre-activations, prepared once for the signs of
/// every cut of the family's pieces.
pub(super) struct Family<K: Kernel> {
    /// The hidden block that split the cell.
    pub l: usize,
    /// The cell's pattern (the children add their bits).
    pub pattern: Pattern,
    /// The cell's input to block `l` (may be empty when nothing will read it).
    pub stream: Vec<K::Form>,
    /// Block `l`'s pre-activations on the cell (may be shared with the splitter's cursor,
    /// which then updates them in place for the next sibling once this family is done).
    pub forms: Arc<Vec<K::Form>>,
    /// `forms`, each prepared for sign queries.
    pub prepared: Vec<K::Prepared>,
}

/// A family with the crossings its pieces' cuts in the frontier have made, shared by its
/// pieces (and forgotten when the frontier is built). The pieces share their cell's facets and
/// their block's forms, and the cell lies in one linear region of the earlier blocks, so a
/// source names one hyperplane throughout, as [`CrossingMemo`] requires: sibling pieces
/// usually cut the edges of their common facets once.
struct SharedFamily<P: Splitter> {
    family: Family<P::K>,
    crossings: CrossingMemo<Source, <P::K as Kernel>::Point>,
}

/// What the pieces of one family, searched depth first on one thread, pass on to each other:
/// the splitter's cursor for building children, and the crossings made so far, kept on the
/// thread (a memo shared by the threads would be locked for every crossing of the families
/// near the root, which all threads cut).
struct FamilyWork<P: Splitter> {
    cursor: P::Cursor,
    crossings: CrossingMemo<Source, <P::K as Kernel>::Point>,
}

impl<P: Splitter> Default for FamilyWork<P> {
    fn default() -> Self {
        FamilyWork {
            cursor: P::Cursor::default(),
            crossings: CrossingMemo::default(),
        }
    }
}

/// A node of the splitting tree.
enum Node<P: Splitter> {
    /// A cell of the first `l` blocks: a finished region when `l` is the number of blocks.
    Cell(P::Cell, usize),
    /// A piece of a family, cut by its first `cut` neurons (its bits say on which sides).
    Piece(Arc<SharedFamily<P>>, Piece<P::K>, usize),
}

impl<P: Splitter> Node<P> {
    fn is_region(&self, plan: &P) -> bool {
        matches!(self, Node::Cell(_, l) if *l == plan.layers())
    }

    /// The node's polytope.
    fn polytope<'n>(&'n self, plan: &P) -> &'n Polytope<Source, P::K> {
        match self {
            Node::Cell(cell, _) => plan.polytope(cell),
            Node::Piece(_, (polytope, _), _) => polytope,
        }
    }

    /// An estimate of the work below the node, for the assignment of frontier pieces to
    /// shards: the size of its vertices in machine words (a region's lattice and volume cost
    /// about that much, and vertices near the cube standing in for R^d are long) times, for a
    /// piece, the most regions its family's remaining neurons that cross it can cut it into (an
    /// arrangement of k hyperplanes in R^d has at most `sum_{i <= d} C(k, i)` regions).
    fn estimate(&self, plan: &P) -> u128 {
        let polytope = self.polytope(plan);
        let vertices: u128 = polytope
            .vertices()
            .iter()
            .map(|v| u128::from(P::K::words(&v.point)))
            .sum();
        let Node::Piece(shared, _, cut) = self else {
            return vertices;
        };
        let family = &shared.family;
        let mut tally = SignTally::default();
        let crossing = family.forms[*cut..]
            .iter()
            .zip(&family.prepared[*cut..])
            .filter(|(form, prepared)| {
                let (mut below, mut above) = (false, false);
                polytope.vertices().iter().any(|v| {
                    match P::K::side(form, prepared, &v.point, &mut tally) {
                        std::cmp::Ordering::Less => below = true,
                        std::cmp::Ordering::Greater => above = true,
                        std::cmp::Ordering::Equal => {}
                    }
                    below && above
                })
            })
            .count() as u128;
        arrangement_regions(crossing, polytope.dim() as u128).saturating_mul(vertices)
    }

    /// Whether stepping the node builds a child cell: a piece cut by all its family's neurons.
    fn builds_child(&self) -> bool {
        matches!(self, Node::Piece(shared, _, cut) if *cut == shared.family.forms.len())
    }

    /// Whether `self` and `other` are pieces of the same family.
    fn same_family(&self, other: &Node<P>) -> bool {
        matches!((self, other), (Node::Piece(a, ..), Node::Piece(b, ..)) if Arc::ptr_eq(a, b))
    }
}

/// What every step of a run shares: the count of regions (with the limit and the caller's
/// cancellation flag) and the crossings made anywhere in the run, which every family looks up
/// (checked before they are used, [`SharedCrossings`]).
struct RunState<'c, P: Splitter> {
    counter: Counter<'c>,
    crossings: SharedCrossings<Source, <P::K as Kernel>::Point>,
}

/// One step down the tree from `node`, which is not a finished region: its children in pattern
/// order (a family's first piece, a piece cut by its next neuron, or a finished piece's cell).
/// A cut remembers its crossings in `crossings`, or without it in the family's shared memo, and
/// (unless the cut is a first-layer neuron) in the run's.
fn step<P: Splitter>(
    plan: &P,
    run: &RunState<P>,
    node: Node<P>,
    cursor: &mut P::Cursor,
    crossings: Option<&CrossingMemo<Source, <P::K as Kernel>::Point>>,
) -> Result<Vec<Node<P>>, EnumerateError> {
    Ok(match node {
        Node::Cell(cell, l) => {
            let (family, polytope) = plan.family(cell, l);
            let shared = SharedFamily {
                family,
                crossings: CrossingMemo::default(),
            };
            vec![Node::Piece(Arc::new(shared), (polytope, Vec::new()), 0)]
        }
        Node::Piece(shared, piece, cut) if cut == shared.family.forms.len() => {
            let l = shared.family.l;
            vec![Node::Cell(plan.child(&shared.family, piece, cursor), l + 1)]
        }
        Node::Piece(shared, (polytope, bits), cut) => {
            let source = Source::Neuron {
                layer: shared.family.l,
                index: cut,
            };
            let crossings = crossings.unwrap_or(&shared.crossings);
            let (form, prepared) = (&shared.family.forms[cut], &shared.family.prepared[cut]);
            let run_crossings = Some(&run.crossings);
            match polytope.cut_remembering(form, prepared, source, Some(crossings), run_crossings) {
                CutResult::Split { positive, negative } => {
                    run.counter.grow(1)?;
                    let mut off = bits.clone();
                    off.push(false);
                    let mut on = bits;
                    on.push(true);
                    vec![
                        Node::Piece(Arc::clone(&shared), (negative, off), cut + 1),
                        Node::Piece(shared, (positive, on), cut + 1),
                    ]
                }
                CutResult::Whole(polytope, side) => {
                    let mut bits = bits;
                    bits.push(side == Side::Positive);
                    vec![Node::Piece(shared, (polytope, bits), cut + 1)]
                }
            }
        }
    })
}

/// Every region below `root` (frontier piece number `piece`), depth first, in pattern order,
/// each passed through `finish` with its origin (and, if `sharded`, the piece's polytope). The
/// search keeps an explicit stack (a path can be as long as the network has neurons) and one
/// [`FamilyWork`] per family on the path.
fn subtree<P: Splitter, T>(
    plan: &P,
    run: &RunState<P>,
    (piece, root): (usize, Node<P>),
    sharded: bool,
    finish: &Finish<'_, P, T>,
    out: &mut Vec<T>,
) -> Result<(), EnumerateError> {
    let polytope = sharded.then(|| root.polytope(plan).clone());
    let origin = || Origin {
        piece,
        polytope: polytope.as_ref(),
    };
    let mut families = vec![FamilyWork::<P>::default()];
    let mut stack = vec![(root, 0)];
    while let Some((node, family)) = stack.pop() {
        if node.is_region(plan) {
            if let Node::Cell(cell, _) = node {
                out.push(finish(plan.bare(cell), origin()));
            }
            continue;
        }
        // Families deeper than the node's are finished. A cell starts a new family (with a fresh
        // cursor and memo) below its own; a piece goes on with its family's.
        families.truncate(family + 1);
        let own = family + usize::from(matches!(node, Node::Cell(..)));
        families.resize_with(own + 1, FamilyWork::default);
        let work = &mut families[own];
        let children = step(plan, run, node, &mut work.cursor, Some(&work.crossings))?;
        stack.extend(children.into_iter().rev().map(|child| (child, own)));
    }
    Ok(())
}

/// What turns a finished region, with its origin, into what the caller is handed.
pub(super) type Finish<'f, P, T> =
    dyn Fn(<P as Splitter>::Bare, Origin<'_, <P as Splitter>::K>) -> T + Sync + 'f;

/// Frontier nodes during one breadth-first step: nodes stepped already (by a cut, or finished
/// regions kept), or consecutive pieces of one family that build their children in order.
enum Frontier<P: Splitter> {
    Stepped(Vec<Node<P>>),
    Children(Vec<Node<P>>),
}

/// The frontier: the tree is expanded breadth first, one step at a time (in parallel), until it
/// holds `wanted` nodes or only finished regions (and, with `no_cells`, until no node is a cell
/// whose family has not started, so that every piece can estimate its work); in pattern order.
fn frontier<P: Splitter>(
    plan: &P,
    run: &RunState<P>,
    wanted: usize,
    no_cells: bool,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<Node<P>>, EnumerateError> {
    let mut nodes = vec![Node::Cell(plan.root(), 0)];
    let unstarted = |nodes: &[Node<P>]| {
        no_cells
            && nodes
                .iter()
                .any(|n| matches!(n, Node::Cell(..)) && !n.is_region(plan))
    };
    while (nodes.len() < wanted || unstarted(&nodes)) && nodes.iter().any(|n| !n.is_region(plan)) {
        // Cuts are independent of each other and stepped in parallel. Building a child uses its
        // family's cursor, so consecutive children of one family are built in order with one
        // cursor (each from its previous sibling's work); families in parallel.
        let stepped: Vec<Frontier<P>> = nodes
            .into_par_iter()
            .map(|node| {
                Ok(if node.is_region(plan) {
                    Frontier::Stepped(vec![node])
                } else if node.builds_child() {
                    Frontier::Children(vec![node])
                } else {
                    Frontier::Stepped(step(plan, run, node, &mut P::Cursor::default(), None)?)
                })
            })
            .collect::<Result<_, EnumerateError>>()?;
        let mut groups: Vec<Frontier<P>> = Vec::new();
        for item in stepped {
            match (groups.last_mut(), item) {
                (Some(Frontier::Children(family)), Frontier::Children(mut next))
                    if family[0].same_family(&next[0]) =>
                {
                    family.append(&mut next)
                }
                (_, item) => groups.push(item),
            }
        }
        let expanded: Vec<Vec<Node<P>>> = groups
            .into_par_iter()
            .map(|group| match group {
                Frontier::Stepped(nodes) => Ok(nodes),
                Frontier::Children(family) => {
                    let mut cursor = P::Cursor::default();
                    let mut out = Vec::with_capacity(family.len());
                    for node in family {
                        out.extend(step(plan, run, node, &mut cursor, None)?);
                    }
                    Ok(out)
                }
            })
            .collect::<Result<_, EnumerateError>>()?;
        nodes = expanded.into_iter().flatten().collect();
        progress(Progress {
            frontier_pieces: nodes.len(),
            work_items_done: 0,
            work_items: 0,
            regions_so_far: run.counter.now(),
        });
    }
    Ok(nodes)
}

/// The shard of each frontier node: nodes by decreasing estimated work (ties in pattern order),
/// each to the shard with the least estimated work so far (ties to the lowest shard), the
/// longest-processing-time-first rule. Deterministic: the same on every machine.
fn assign<P: Splitter>(plan: &P, nodes: &[Node<P>], shards: usize) -> Vec<usize> {
    let estimates: Vec<u128> = nodes.iter().map(|n| n.estimate(plan)).collect();
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(estimates[i]));
    let mut loads: std::collections::BinaryHeap<std::cmp::Reverse<(u128, usize)>> =
        (0..shards).map(|s| std::cmp::Reverse((0, s))).collect();
    let mut shard_of = vec![0; nodes.len()];
    for i in order {
        let std::cmp::Reverse((load, shard)) = loads.pop().expect("at least one shard");
        shard_of[i] = shard;
        loads.push(std::cmp::Reverse((
            load.saturating_add(estimates[i]),
            shard,
        )));
    }
    shard_of
}

/// The splitting: the [`frontier`] (in a sharded run, only this shard's pieces of it), then the
/// work items' subtrees depth first, in parallel as threads come free ([`ordered_window`]), each
/// item's regions handed to `emit` in pattern order as soon as the items before it are done.
/// Memory holds the frontier, the paths being searched and the regions of at most
/// [`WINDOW_PER_THREAD`] items per thread (about `WINDOW_PER_THREAD x threads / FRONTIER` of
/// them all, or `/ SMALL_FRONTIER` of a small run), not the whole enumeration. Returns the number of pieces in the whole frontier.
pub(super) fn split_in_order<P: Splitter, T: Send>(
    plan: &P,
    limits: Limits,
    cancel: Option<&AtomicBool>,
    share: Option<Share>,
    progress: &mut (dyn FnMut(Progress) + Send),
    finish: &Finish<'_, P, T>,
    emit: &mut (dyn FnMut(T) -> Result<(), EnumerateError> + Send),
) -> Result<usize, EnumerateError> {
    let run = RunState {
        counter: Counter {
            limit: limits.max_regions,
            cancel,
            at_least: AtomicUsize::new(1),
        },
        crossings: SharedCrossings::new(Source::is_fixed),
    };
    let items = limits
        .work_items
        .unwrap_or_else(|| {
            if plan.region_bound() <= SMALL_RUN {
                SMALL_FRONTIER
            } else {
                FRONTIER
            }
        })
        .max(1);
    let wanted = match (share, limits.work_items) {
        (Some(share), None) => share.frontier(),
        _ => items,
    };
    let nodes = frontier(plan, &run, wanted, share.is_some(), progress)?;
    // Below the frontier, each depth-first search keeps its own crossings.
    for node in &nodes {
        if let Node::Piece(shared, ..) = node {
            shared.crossings.clear();
        }
    }
    let frontier_pieces = nodes.len();
    let mine: Vec<(usize, Node<P>)> = match share {
        Some(share) => {
            let shard_of = assign(plan, &nodes, share.count);
            nodes
                .into_iter()
                .enumerate()
                .filter(|(i, _)| shard_of[*i] == share.index)
                .collect()
        }
        None => nodes.into_iter().enumerate().collect(),
    };
    let item_size = mine.len().div_ceil(items).max(1);
    let (pieces, count) = (mine.len(), mine.len().div_ceil(item_size));
    let mut remaining = mine.into_iter();
    let work_items = std::iter::from_fn(move || {
        let item: Vec<(usize, Node<P>)> = remaining.by_ref().take(item_size).collect();
        (!item.is_empty()).then_some(item)
    });
    let window = WINDOW_PER_THREAD * rayon::current_num_threads();
    ordered_window(
        work_items,
        window,
        &|item| {
            let mut out = Vec::new();
            for node in item {
                subtree(plan, &run, node, share.is_some(), finish, &mut out)?;
            }
            Ok(out)
        },
        &mut |index, out: Vec<T>| {
            out.into_iter().try_for_each(&mut *emit)?;
            progress(Progress {
                frontier_pieces: pieces,
                work_items_done: index + 1,
                work_items: count,
                regions_so_far: run.counter.now(),
            });
            Ok(())
        },
    )?;
    Ok(frontier_pieces)
}

/// The start of the family of a cell (its polytope, pattern and input stream) split by block
/// `l`, whose pre-activations on it are `forms`: what [`Splitter::family`] returns.
pub(super) fn start_family<K: Kernel>(
    polytope: Polytope<Source, K>,
    pattern: Pattern,
    stream: Vec<K::Form>,
    forms: Arc<Vec<K::Form>>,
    l: usize,
) -> (Family<K>, Polytope<Source, K>) {
    let family = Family {
        l,
        pattern,
        stream,
        prepared: forms.iter().map(K::prepare).collect(),
        forms,
    };
    (family, polytope)
}

/// A piece of a cell being split by a layer, with the bits of the neurons applied so far.
pub(super) type Piece<K> = (Polytope<Source, K>, Vec<bool>);

#[cfg(test)]
mod tests {
    use super::*;

    /// `k` hyperplanes in general position cut R^d into `sum_{i <= d} C(k, i)` regions: closed
    /// forms on the line (`k + 1`), in the plane (`1 + k + k (k - 1) / 2`), and in dimension at
    /// least `k` (`2^k`); and the sum saturates instead of overflowing.
    #[test]
    fn arrangement_regions_are_the_closed_forms() {
        for k in 0..40u128 {
            assert_eq!(arrangement_regions(k, 1), k + 1);
            assert_eq!(
                arrangement_regions(k, 2),
                1 + k + k * k.saturating_sub(1) / 2
            );
            assert_eq!(arrangement_regions(k, k + 3), 1 << k);
        }
        assert_eq!(arrangement_regions(10, 4), 1 + 10 + 45 + 120 + 210);
        assert_eq!(arrangement_regions(1 << 100, 5), u128::MAX);
        assert_eq!(region_bound(5, [8, 8]), 219 * 219);
        assert_eq!(region_bound(3, [80; 40]), u128::MAX);
    }
}
