//! The exact enumerator: split the domain block by block, neuron by neuron.
//!
//! Inside a region of the first l blocks every neuron of block l+1 is an affine function of the
//! input, so the region is split by that neuron's hyperplane with [`Polytope::cut`], which needs
//! only vertices and incidences. Every intermediate value is kept as an integer affine form
//! times a scale that depends on the block only (see [`Stage`]), so no fraction ever arises.

use super::domain::Domain;
use super::infinity::Truncation;
use super::region::{BareRegion, Region, Source};
use crate::exact::{AffineForm, Integer, Rational};
use crate::network::{IntegerLayer, Network};
use crate::polytope::{CutResult, Polytope, Side};
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

/// A region of the first blocks, with the forms feeding the next block.
struct Cell {
    polytope: Polytope<Source>,
    pattern: Vec<Vec<bool>>,
    /// The previous block's outputs on this cell, scaled by [`Stage::input_scale`].
    stream: Vec<AffineForm>,
}

/// One hidden block over integers. Every form carries a scale that depends on the block only,
/// not on the region: the block's input is scaled by `input_scale`; its neurons'
/// pre-activations `Z = W' stream + input_scale b'` by `s input_scale` (`W = W'/s`); the
/// activations, `q Z` where positive and `p Z` elsewhere (slope `p/q`), by `q s input_scale`;
/// the shortcut's output `[P | W2]' (stream, activations) + scale b2'` by its own `s'` times that.
struct Stage {
    layer: IntegerLayer,
    input_scale: Integer,
    slope_numerator: Integer,
    slope_denominator: Integer,
    shortcut: Option<IntegerLayer>,
}

impl Stage {
    /// The stages of `network`'s blocks, and the scale of the last block's outputs.
    fn of(network: &Network) -> (Vec<Stage>, Integer) {
        let mut scale = Integer::from(1u32);
        let mut inputs = network.input_dim();
        let stages = network
            .blocks()
            .iter()
            .map(|block| {
                let layer = block.layer.to_integers();
                let slope_numerator = Integer::from_sign_and_abs(
                    block.negative_slope >= 0u32,
                    block.negative_slope.numerator_ref().clone(),
                );
                let slope_denominator =
                    Integer::from(block.negative_slope.denominator_ref().clone());
                let shortcut = block.shortcut_layer(inputs).map(|l| l.to_integers());
                let stage = Stage {
                    input_scale: scale.clone(),
                    slope_numerator,
                    slope_denominator,
                    shortcut,
                    layer,
                };
                scale = stage.output_scale();
                inputs = block.output_width();
                stage
            })
            .collect();
        (stages, scale)
    }

    /// The scale of the activations.
    fn activation_scale(&self) -> Integer {
        &self.slope_denominator * &self.layer.scale * &self.input_scale
    }

    /// The scale of the block's outputs.
    fn output_scale(&self) -> Integer {
        match &self.shortcut {
            Some(shortcut) => &shortcut.scale * self.activation_scale(),
            None => self.activation_scale(),
        }
    }

    /// The block's outputs on a piece where the neurons' forms are `forms` with signs `bits`.
    fn outputs(
        &self,
        stream: &[AffineForm],
        forms: &[AffineForm],
        bits: &[bool],
    ) -> Vec<AffineForm> {
        let dim = forms[0].dim();
        let activations: Vec<AffineForm> = forms
            .iter()
            .zip(bits)
            .map(|(z, &on)| {
                let factor = if on {
                    &self.slope_denominator
                } else {
                    &self.slope_numerator
                };
                if *factor == 0u32 {
                    AffineForm::zero(dim)
                } else if *factor == 1u32 {
                    z.clone()
                } else {
                    let mut scaled = AffineForm::zero(dim);
                    scaled.add_scaled(factor, z);
                    scaled
                }
            })
            .collect();
        let Some(shortcut) = &self.shortcut else {
            return activations;
        };
        let lift = &self.slope_denominator * &self.layer.scale;
        let inputs: Vec<AffineForm> = stream
            .iter()
            .map(|x| {
                let mut lifted = AffineForm::zero(dim);
                lifted.add_scaled(&lift, x);
                lifted
            })
            .chain(activations)
            .collect();
        pre_activations(shortcut, &self.activation_scale(), &inputs)
    }
}

/// Every activation region of `network` on `domain`, sorted by pattern (layer by layer, `0`
/// before `1`), each with its face lattice's f-vector, pulling triangulation, volume and interior
/// point. Exact for every network, degenerate ones included; the same on any number of threads.
/// `progress` is called from time to time with how far the work has come.
pub fn enumerate(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Region>, EnumerateError> {
    let mut regions = Vec::new();
    enumerate_streaming(network, domain, limits, progress, &mut |region| {
        regions.push(region);
        Ok(())
    })?;
    Ok(regions)
}

/// [`enumerate`] without holding the regions: each region is handed to `sink` as soon as it and
/// every region before it in pattern order are finished, so memory is bounded by the work in
/// flight (a few subtrees of the splitting), not by the number of regions. Regions reach `sink`
/// in pattern order, whatever the number of threads. An `Err` from `sink` stops the work.
pub fn enumerate_streaming(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
    sink: &mut dyn FnMut(Region) -> Result<(), String>,
) -> Result<(), EnumerateError> {
    let truncation = domain.truncation().cloned().map(Truncation::new);
    let finish = |bare: BareRegion| Region::new(bare, truncation.as_ref());
    split_in_order(network, domain, limits, progress, &finish, &mut |region| {
        sink(region).map_err(EnumerateError::Stopped)
    })
}

/// The splitting phase of [`enumerate`] alone: every activation region as its pattern and bare
/// polytope (vertices and facets with sources, vertices unsorted), in pattern order.
pub fn enumerate_cells(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<BareRegion>, EnumerateError> {
    let mut cells = Vec::new();
    split_in_order(
        network,
        domain,
        limits,
        progress,
        &|bare| bare,
        &mut |bare| {
            cells.push(bare);
            Ok(())
        },
    )?;
    Ok(cells)
}

/// Frontier cells wanted before subtrees are handed to threads.
const FRONTIER: usize = 256;
/// Frontier cells whose subtrees are expanded together (in parallel) before their regions are
/// handed on in order.
const CHUNK: usize = 32;

/// The network's stages and everything every thread reads.
struct Plan {
    stages: Vec<Stage>,
    final_scale: Integer,
    output: Option<IntegerLayer>,
    limit: Option<usize>,
    /// A lower bound on the number of regions: frontier cells not yet expanded count one each,
    /// and every split adds its new pieces.
    at_least: AtomicUsize,
}

impl Plan {
    /// Records that a cut made `more` new pieces; an error once the limit is known to be passed.
    fn grow(&self, more: usize) -> Result<(), EnumerateError> {
        let now = self.at_least.fetch_add(more, AtomicOrdering::Relaxed) + more;
        match self.limit {
            Some(limit) if now > limit => Err(EnumerateError::TooManyRegions { limit }),
            _ => Ok(()),
        }
    }

    /// The children of `cell` (a region of the first `l` blocks) in pattern order.
    fn children(&self, cell: Cell, l: usize) -> Result<Vec<Cell>, EnumerateError> {
        let stage = &self.stages[l];
        let forms = pre_activations(&stage.layer, &stage.input_scale, &cell.stream);
        let mut pieces = split_by_layer(cell.polytope, &forms, l, &mut |more| self.grow(more))?;
        pieces.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(pieces
            .into_iter()
            .map(|(polytope, bits)| {
                let stream = stage.outputs(&cell.stream, &forms, &bits);
                let mut pattern = cell.pattern.clone();
                pattern.push(bits);
                Cell {
                    polytope,
                    pattern,
                    stream,
                }
            })
            .collect())
    }

    /// The finished cell as a bare region.
    fn bare(&self, cell: Cell) -> BareRegion {
        BareRegion {
            output_map: self
                .output
                .as_ref()
                .map(|layer| output_map(layer, &self.final_scale, &cell.stream)),
            pattern: cell.pattern,
            polytope: cell.polytope,
        }
    }

    /// Every region below `cell` (a region of the first `l` blocks), depth first, in pattern
    /// order, each passed through `finish`.
    fn subtree<T>(
        &self,
        cell: Cell,
        l: usize,
        finish: &(dyn Fn(BareRegion) -> T + Sync),
        out: &mut Vec<T>,
    ) -> Result<(), EnumerateError> {
        if l == self.stages.len() {
            out.push(finish(self.bare(cell)));
            return Ok(());
        }
        for child in self.children(cell, l)? {
            self.subtree(child, l + 1, finish, out)?;
        }
        Ok(())
    }
}

/// The splitting: the first layers breadth first (in parallel over cells) until there are
/// [`FRONTIER`] cells, then the subtrees of the frontier cells depth first, [`CHUNK`] at a time
/// in parallel; each chunk's regions are handed to `emit` in pattern order before the next chunk
/// starts. Children are ordered by their bits, so depth-first order is pattern order.
fn split_in_order<T: Send>(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
    finish: &(dyn Fn(BareRegion) -> T + Sync),
    emit: &mut dyn FnMut(T) -> Result<(), EnumerateError>,
) -> Result<(), EnumerateError> {
    let dim = network.input_dim();
    if dim != domain.dim() {
        return Err(EnumerateError::DimensionMismatch {
            network: dim,
            domain: domain.dim(),
        });
    }
    let (stages, final_scale) = Stage::of(network);
    let plan = Plan {
        stages,
        final_scale,
        output: network.output().map(|layer| layer.to_integers()),
        limit: limits.max_regions,
        at_least: AtomicUsize::new(1),
    };
    let layers = plan.stages.len();
    let mut frontier = vec![Cell {
        polytope: domain.polytope().clone(),
        pattern: Vec::new(),
        stream: (0..dim).map(|i| AffineForm::coordinate(dim, i)).collect(),
    }];
    let mut depth = 0;
    while depth < layers && frontier.len() < FRONTIER {
        let children: Vec<Vec<Cell>> = frontier
            .into_par_iter()
            .map(|cell| plan.children(cell, depth))
            .collect::<Result<_, _>>()?;
        frontier = children.into_iter().flatten().collect();
        depth += 1;
        progress(Progress {
            frontier_layers: depth,
            layers,
            cells_done: 0,
            cells: frontier.len(),
            regions_so_far: plan.at_least.load(AtomicOrdering::Relaxed),
        });
    }
    let cells = frontier.len();
    let mut remaining = frontier.into_iter();
    let mut done = 0;
    loop {
        let chunk: Vec<Cell> = remaining.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        done += chunk.len();
        let results: Vec<Vec<T>> = chunk
            .into_par_iter()
            .map(|cell| {
                let mut out = Vec::new();
                plan.subtree(cell, depth, finish, &mut out).map(|()| out)
            })
            .collect::<Result<_, _>>()?;
        for item in results.into_iter().flatten() {
            emit(item)?;
        }
        progress(Progress {
            frontier_layers: depth,
            layers,
            cells_done: done,
            cells,
            regions_so_far: plan.at_least.load(AtomicOrdering::Relaxed),
        });
    }
}

/// The output layer's affine map on a region whose last block gives `outputs` (scaled by
/// `S_L`): `(W'_o outputs + S_L b'_o) / (s_o S_L)`, exactly.
fn output_map(layer: &IntegerLayer, scale: &Integer, outputs: &[AffineForm]) -> Vec<Vec<Rational>> {
    let denominator = Rational::from(&layer.scale * scale);
    pre_activations(layer, scale, outputs)
        .iter()
        .map(|form| {
            form.coeffs()
                .iter()
                .map(|c| Rational::from(c.clone()) / &denominator)
                .collect()
        })
        .collect()
}

/// `Z_{l,i} = sum_j W'_{ij} outputs_j + S_{l-1} b'_i` for every neuron i of the layer.
fn pre_activations(
    layer: &IntegerLayer,
    previous_scale: &Integer,
    outputs: &[AffineForm],
) -> Vec<AffineForm> {
    let dim = outputs[0].dim();
    layer
        .weights
        .iter()
        .zip(&layer.biases)
        .map(|(row, bias)| {
            let mut form = AffineForm::zero(dim);
            for (w, output) in row.iter().zip(outputs) {
                if *w != 0u32 {
                    form.add_scaled(w, output);
                }
            }
            form.add_constant(&(bias * previous_scale));
            form
        })
        .collect()
}

/// A piece of a cell being split by a layer, with the bits of the neurons applied so far.
type Piece = (Polytope<Source>, Vec<bool>);

/// Splits one cell by every neuron of layer `l` in turn; returns the pieces with their bits.
/// After each neuron, `grow(new pieces)` may stop the work.
fn split_by_layer(
    polytope: Polytope<Source>,
    forms: &[AffineForm],
    l: usize,
    grow: &mut dyn FnMut(usize) -> Result<(), EnumerateError>,
) -> Result<Vec<Piece>, EnumerateError> {
    let mut pieces = vec![(polytope, Vec::with_capacity(forms.len()))];
    for (i, form) in forms.iter().enumerate() {
        let form = form.clone().primitive();
        let source = Source::Neuron { layer: l, index: i };
        let before = pieces.len();
        let mut split = Vec::with_capacity(before * 2);
        for (piece, bits) in pieces {
            match piece.cut(&form, source) {
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
    Ok(pieces)
}
