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
use std::fmt;

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
    /// The hidden layer being split (0-based).
    pub layer: usize,
    /// The number of hidden layers.
    pub layers: usize,
    /// The neuron of the layer just applied to the current region (0-based).
    pub neuron: usize,
    /// Regions of the previous layers already split by this layer (the current one excluded).
    pub cells_done: usize,
    /// Regions of the previous layers to split by this layer.
    pub cells: usize,
    /// Regions found so far (a lower bound on the final count).
    pub regions_so_far: usize,
}

/// Why an enumeration did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumerateError {
    /// The network has more regions than [`Limits::max_regions`] allows.
    TooManyRegions {
        /// The limit.
        limit: usize,
        /// The hidden layer (0-based) being split when the limit was passed.
        layer: usize,
    },
    /// The network's input dimension differs from the domain's.
    DimensionMismatch {
        /// The network's input dimension.
        network: usize,
        /// The domain's dimension.
        domain: usize,
    },
}

impl fmt::Display for EnumerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnumerateError::TooManyRegions { limit, layer } => write!(
                f,
                "stopped: the network has more than {limit} regions (limit --max-regions {limit}, passed while splitting by hidden layer {layer})"
            ),
            EnumerateError::DimensionMismatch { network, domain } => write!(
                f,
                "the network's input dimension is {network} but the domain's is {domain}"
            ),
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
/// point. Exact for every network, degenerate ones included. `progress` is called from time to
/// time (after every neuron's cut of every region) with how far the work has come.
pub fn enumerate(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Region>, EnumerateError> {
    let truncation = domain.truncation().cloned().map(Truncation::new);
    let mut regions: Vec<Region> = enumerate_cells(network, domain, limits, progress)?
        .into_iter()
        .map(|bare| Region::new(bare, truncation.as_ref()))
        .collect();
    regions.sort_by(|a, b| a.pattern.cmp(&b.pattern));
    Ok(regions)
}

/// The splitting phase of [`enumerate`] alone: every activation region as its pattern and bare
/// polytope (vertices and facets with sources, vertices unsorted), in the order the splitting
/// produces them.
pub fn enumerate_cells(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<BareRegion>, EnumerateError> {
    let dim = network.input_dim();
    if dim != domain.dim() {
        return Err(EnumerateError::DimensionMismatch {
            network: dim,
            domain: domain.dim(),
        });
    }
    let (stages, final_scale) = Stage::of(network);
    let mut cells = vec![Cell {
        polytope: domain.polytope().clone(),
        pattern: Vec::new(),
        stream: (0..dim).map(|i| AffineForm::coordinate(dim, i)).collect(),
    }];
    for (l, stage) in stages.iter().enumerate() {
        let mut next = Vec::with_capacity(cells.len());
        let total = cells.len();
        for (done, cell) in cells.into_iter().enumerate() {
            let forms = pre_activations(&stage.layer, &stage.input_scale, &cell.stream);
            let finished = next.len();
            let pieces = split_by_layer(cell.polytope, &forms, l, &mut |neuron, pieces| {
                let at_least = finished + pieces + (total - done - 1);
                if limits.max_regions.is_some_and(|limit| at_least > limit) {
                    return Err(EnumerateError::TooManyRegions {
                        limit: limits.max_regions.unwrap_or_default(),
                        layer: l,
                    });
                }
                progress(Progress {
                    layer: l,
                    layers: stages.len(),
                    neuron,
                    cells_done: done,
                    cells: total,
                    regions_so_far: at_least,
                });
                Ok(())
            })?;
            for (polytope, bits) in pieces {
                let stream = stage.outputs(&cell.stream, &forms, &bits);
                let mut pattern = cell.pattern.clone();
                pattern.push(bits);
                next.push(Cell {
                    polytope,
                    pattern,
                    stream,
                });
            }
        }
        cells = next;
    }
    let output = network.output().map(|layer| layer.to_integers());
    Ok(cells
        .into_iter()
        .map(|c| BareRegion {
            output_map: output
                .as_ref()
                .map(|layer| output_map(layer, &final_scale, &c.stream)),
            pattern: c.pattern,
            polytope: c.polytope,
        })
        .collect())
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
/// After each neuron, `check(neuron, pieces so far)` may stop the work.
fn split_by_layer(
    polytope: Polytope<Source>,
    forms: &[AffineForm],
    l: usize,
    check: &mut dyn FnMut(usize, usize) -> Result<(), EnumerateError>,
) -> Result<Vec<Piece>, EnumerateError> {
    let mut pieces = vec![(polytope, Vec::with_capacity(forms.len()))];
    for (i, form) in forms.iter().enumerate() {
        let form = form.clone().primitive();
        let source = Source::Neuron { layer: l, index: i };
        let mut split = Vec::with_capacity(pieces.len() * 2);
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
        pieces = split;
        check(i, pieces.len())?;
    }
    Ok(pieces)
}
