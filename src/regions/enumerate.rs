//! The exact enumerator: split the domain block by block, neuron by neuron.
//!
//! Inside a region of the first l blocks every neuron of block l+1 is an affine function of the
//! input, so the region is split by that neuron's hyperplane with [`Polytope::cut`], which needs
//! only vertices and incidences. Every intermediate value is kept as an integer affine form
//! times a scale that depends on the block only (see [`Stage`]), so no fraction ever arises.

use super::domain::Domain;
use super::infinity::Truncation;
use super::region::{BareRegion, Detail, Region};
use super::source::Source;
use super::splitting::{
    region_bound, split_in_order, start_family, EnumerateError, Family, Limits, Origin, Piece,
    Progress, Share, Splitter,
};
use crate::exact::{AffineForm, FilteredForm, Integer, Rational};
use crate::network::{IntegerLayer, Network, Pattern};
use crate::polytope::{Exact, IndexSet, Polytope};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// A region of the first blocks, with the forms feeding the next block.
struct Cell {
    polytope: Polytope<Source>,
    pattern: Pattern,
    /// The previous block's outputs on this cell, scaled by [`Stage::input_scale`] (on the root,
    /// the input coordinates; elsewhere empty unless a shortcut, of that block or of the next,
    /// reads them).
    stream: Vec<AffineForm>,
    /// On a cell of the last block of a network with an output layer, that layer applied to
    /// the block's outputs ([`Stage::apply_to_outputs`]).
    output: Option<Vec<AffineForm>>,
    /// The next block's pre-activations on this cell, when they were computed with the cell
    /// (updated from a sibling's, [`Stage::update_next`], or applied to the neurons' forms,
    /// [`Stage::apply_to_outputs`]); shared with the cursor.
    forms: Option<Arc<Vec<AffineForm>>>,
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
                let (slope_numerator, slope_denominator) = block.activation.slope_fraction();
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

    /// Turns `sums`, the pre-activations of the `next` stage on a piece where this stage (which
    /// has no shortcut) has signs `before`, into those on a piece with signs `after`: for each
    /// flipped neuron j, `+-(q - p) W'_next[., j] Z_j`, the change of its activation times its
    /// column of the next layer. Exact; cheaper than recomputing when few signs flip.
    fn update_next(
        &self,
        next: &Stage,
        sums: &mut [AffineForm],
        forms: &[AffineForm],
        before: &[bool],
        after: &[bool],
    ) {
        let gain = &self.slope_denominator - &self.slope_numerator;
        for (j, z) in forms.iter().enumerate() {
            if before[j] == after[j] {
                continue;
            }
            let change = if after[j] {
                gain.clone()
            } else {
                -gain.clone()
            };
            for (sum, row) in sums.iter_mut().zip(&next.layer.weights) {
                if row[j] != 0u32 {
                    sum.add_scaled(&(&row[j] * &change), z);
                }
            }
        }
    }

    /// How many neurons feed the next block on a piece with signs `bits` (the active ones for
    /// ReLU, all of them with a leaky slope): the cost of recomputing its pre-activations, in
    /// columns, against one column per flipped neuron for [`Stage::update_next`].
    fn recompute_cost(&self, bits: &[bool]) -> usize {
        if self.slope_numerator == 0u32 {
            bits.iter().filter(|&&b| b).count()
        } else {
            bits.len()
        }
    }

    /// What a neuron's form is multiplied by to give its activation (at the activations'
    /// scale): `q` where the neuron is active (`on`), `p` elsewhere (0 for ReLU).
    fn activation_factor(&self, on: bool) -> &Integer {
        if on {
            &self.slope_denominator
        } else {
            &self.slope_numerator
        }
    }

    /// `layer` applied to the block's outputs on a piece where the neurons' forms are `forms`
    /// with signs `bits`, with its biases scaled by `bias_scale`: the value of
    /// `layer.apply(&self.outputs(stream, forms, bits), bias_scale)`, found without building
    /// the outputs when the block has no shortcut (an output is its neuron's form times `q` or
    /// `p`, and a neuron times 0, as an inactive ReLU is, adds nothing).
    fn apply_to_outputs(
        &self,
        layer: &IntegerLayer,
        bias_scale: &Integer,
        stream: &[AffineForm],
        forms: &[AffineForm],
        bits: &[bool],
    ) -> Vec<AffineForm> {
        if self.shortcut.is_some() {
            return layer.apply(&self.outputs(stream, forms, bits), bias_scale);
        }
        let dim = forms[0].dim();
        layer
            .weights
            .iter()
            .zip(&layer.biases)
            .map(|(row, bias)| {
                let mut sum = AffineForm::zero(dim);
                sum.add_constant(&(bias * bias_scale));
                for ((weight, z), &on) in row.iter().zip(forms).zip(bits) {
                    let factor = self.activation_factor(on);
                    if *factor == 0u32 || *weight == 0u32 {
                        continue;
                    }
                    if *factor == 1u32 {
                        sum.add_scaled(weight, z);
                    } else {
                        sum.add_scaled(&(weight * factor), z);
                    }
                }
                sum
            })
            .collect()
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
                let factor = self.activation_factor(on);
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
        shortcut.apply(&inputs, &self.activation_scale())
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
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<Region>, EnumerateError> {
    let mut regions = Vec::new();
    stream_regions(
        network,
        domain,
        limits,
        None,
        None,
        progress,
        &mut |placed| {
            regions.push(placed.region);
            Ok(())
        },
    )?;
    Ok(regions)
}

/// A region with its place in the splitting.
pub(super) struct Placed {
    /// The region.
    pub region: Region,
    /// The frontier piece whose subtree holds it.
    pub piece: usize,
    /// In a sharded run, for each of the region's faces (in the order of `region.faces`),
    /// whether it lies in the boundary of that frontier piece, where it may be shared with a
    /// region of another piece; empty otherwise.
    pub on_piece_boundary: Vec<bool>,
}

/// [`enumerate`] without holding the regions (see [`super::Run::stream`]), stopping with
/// [`EnumerateError::Cancelled`] once `cancel` is raised; with a `share`, only that shard's
/// regions. Returns the number of pieces in the whole frontier.
pub(super) fn stream_regions(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    cancel: Option<&AtomicBool>,
    share: Option<Share>,
    progress: &mut (dyn FnMut(Progress) + Send),
    sink: &mut (dyn FnMut(Placed) -> Result<(), String> + Send),
) -> Result<usize, EnumerateError> {
    let plan = Plan::new(network, domain)?;
    let truncation = domain.truncation().cloned().map(Truncation::new);
    let cone_apex = domain.cone_apex();
    let detail = match (limits.skip_lattice, limits.skip_volumes) {
        (true, _) if truncation.is_some() => return Err(EnumerateError::NoLatticeOverWholeSpace),
        (true, _) => Detail::NoLattice,
        (false, true) => Detail::NoVolume,
        (false, false) if limits.volume_sum_only => Detail::VolumeShare {
            cone_apex: cone_apex.as_ref(),
        },
        (false, false) => Detail::Everything,
    };
    let finish = |bare: BareRegion, origin: Origin<'_, Exact>| {
        let region = Region::new(bare, truncation.as_ref(), detail);
        let on_piece_boundary = origin
            .polytope
            .map(|piece| faces_on_boundary(&region, piece))
            .unwrap_or_default();
        Placed {
            region,
            piece: origin.piece,
            on_piece_boundary,
        }
    };
    split_in_order(
        &plan,
        limits,
        cancel,
        share,
        progress,
        &finish,
        &mut |placed| sink(placed).map_err(EnumerateError::Stopped),
    )
}

/// For each face of `region` (a region inside `piece`), whether it lies in the boundary of
/// `piece`: whether some facet of `piece` contains all its vertices (decided exactly). A face
/// shared with a region outside `piece` lies in the boundary (a convex subset of a polytope's
/// boundary lies in one of its facets); a face that does not lies in no other piece.
fn faces_on_boundary(region: &Region, piece: &Polytope<Source>) -> Vec<bool> {
    let facets: Vec<FilteredForm> = piece
        .facets()
        .iter()
        .map(|facet| FilteredForm::new(&facet.inequality))
        .collect();
    let on: Vec<IndexSet> = region
        .polytope
        .vertices()
        .iter()
        .map(|vertex| {
            let mut set = IndexSet::new(facets.len());
            for (f, form) in facets.iter().enumerate() {
                if form.side(&vertex.point).is_eq() {
                    set.insert(f);
                }
            }
            set
        })
        .collect();
    region
        .faces
        .iter()
        .map(|face| {
            let mut common = on[face.vertices[0]].clone();
            for &v in &face.vertices[1..] {
                common = common.intersection(&on[v]);
            }
            !common.is_empty()
        })
        .collect()
}

/// The splitting phase of [`enumerate`] alone: every activation region as its pattern and bare
/// polytope (vertices and facets with sources, vertices unsorted), in pattern order.
pub fn enumerate_cells(
    network: &Network,
    domain: &Domain,
    limits: Limits,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Vec<BareRegion>, EnumerateError> {
    let plan = Plan::new(network, domain)?;
    let mut cells = Vec::new();
    split_in_order(
        &plan,
        limits,
        None,
        None,
        progress,
        &|bare, _| bare,
        &mut |bare| {
            cells.push(bare);
            Ok(())
        },
    )?;
    Ok(cells)
}

/// The exact arithmetic of the splitting: the network's stages over integers.
struct Plan {
    dim: usize,
    domain: Polytope<Source>,
    stages: Vec<Stage>,
    final_scale: Integer,
    output: Option<IntegerLayer>,
}

impl Plan {
    /// The plan of `network` on `domain`, or the dimension mismatch.
    fn new(network: &Network, domain: &Domain) -> Result<Plan, EnumerateError> {
        let dim = network.input_dim();
        if dim != domain.dim() {
            return Err(EnumerateError::DimensionMismatch {
                network: dim,
                domain: domain.dim(),
            });
        }
        let (stages, final_scale) = Stage::of(network);
        Ok(Plan {
            dim,
            domain: domain.polytope().clone(),
            stages,
            final_scale,
            output: network.output().map(|layer| layer.to_integers()),
        })
    }
}

impl Splitter for Plan {
    type K = Exact;
    type Cell = Cell;
    /// The previous sibling's signs and the next block's pre-activations on it (shared with
    /// that sibling's cell, then its family: once the family is done, the next sibling updates
    /// them in place, without a copy).
    type Cursor = Option<(Vec<bool>, Arc<Vec<AffineForm>>)>;
    type Bare = BareRegion;

    fn root(&self) -> Cell {
        Cell {
            polytope: self.domain.clone(),
            pattern: Pattern::default(),
            stream: (0..self.dim)
                .map(|i| AffineForm::coordinate(self.dim, i))
                .collect(),
            output: None,
            forms: None,
        }
    }

    fn layers(&self) -> usize {
        self.stages.len()
    }

    fn polytope<'c>(&self, cell: &'c Cell) -> &'c Polytope<Source> {
        &cell.polytope
    }

    fn family(&self, cell: Cell, l: usize) -> (Family<Exact>, Polytope<Source>) {
        let stage = &self.stages[l];
        let forms = match cell.forms {
            Some(forms) => forms,
            None => Arc::new(stage.layer.apply(&cell.stream, &stage.input_scale)),
        };
        start_family(cell.polytope, cell.pattern, cell.stream, forms, l)
    }

    fn child(
        &self,
        family: &Family<Exact>,
        (polytope, bits): Piece<Exact>,
        previous: &mut Option<(Vec<bool>, Arc<Vec<AffineForm>>)>,
    ) -> Cell {
        let stage = &self.stages[family.l];
        let next_stage = self.stages.get(family.l + 1);
        // The next block's pre-activations are carried along (from the previous sibling, or
        // applied straight to this block's neurons' forms, which skips the inactive ones)
        // unless this block has a shortcut. The stream (this block's outputs) is built only
        // when it is read: kept for the next block when a shortcut (this block's or the
        // next's) reads it. The last block's outputs are read only by the output layer,
        // applied here.
        let next = next_stage.filter(|_| stage.shortcut.is_none());
        let update = previous
            .take()
            .filter(|(before, _)| flips(before, &bits) < stage.recompute_cost(&bits));
        let keep_stream =
            next_stage.is_some_and(|next| stage.shortcut.is_some() || next.shortcut.is_some());
        let output = self
            .output
            .as_ref()
            .filter(|_| next_stage.is_none())
            .map(|layer| {
                stage.apply_to_outputs(
                    layer,
                    &self.final_scale,
                    &family.stream,
                    &family.forms,
                    &bits,
                )
            });
        let stream = keep_stream.then(|| stage.outputs(&family.stream, &family.forms, &bits));
        let forms = match (next, update) {
            (Some(next), Some((before, mut sums))) => {
                let update = Arc::make_mut(&mut sums);
                stage.update_next(next, update, &family.forms, &before, &bits);
                Some(sums)
            }
            (Some(next), None) => Some(Arc::new(stage.apply_to_outputs(
                &next.layer,
                &next.input_scale,
                &family.stream,
                &family.forms,
                &bits,
            ))),
            (None, _) => None,
        };
        if let Some(sums) = &forms {
            *previous = Some((bits.clone(), Arc::clone(sums)));
        }
        let mut pattern = family.pattern.clone();
        pattern.push(bits);
        Cell {
            polytope,
            pattern,
            stream: stream.unwrap_or_default(),
            output,
            forms,
        }
    }

    fn bare(&self, cell: Cell) -> BareRegion {
        BareRegion {
            output_map: self.output.as_ref().map(|layer| {
                let applied = cell
                    .output
                    .unwrap_or_else(|| layer.apply(&cell.stream, &self.final_scale));
                output_map(layer, &self.final_scale, applied)
            }),
            pattern: cell.pattern,
            polytope: cell.polytope,
        }
    }

    fn region_bound(&self) -> u128 {
        region_bound(
            self.dim,
            self.stages.iter().map(|stage| stage.layer.biases.len()),
        )
    }
}

/// The number of neurons whose signs differ.
fn flips(a: &[bool], b: &[bool]) -> usize {
    a.iter().zip(b).filter(|(x, y)| x != y).count()
}

/// The output layer's affine map on a region whose last block gives outputs `x` (scaled by
/// `S_L`), from `applied = W'_o x + S_L b'_o`: `applied / (s_o S_L)`, exactly. The denominator is split into its
/// power of two, divided out by a shift (trailing zeros, no greatest common divisor), and its
/// odd part, usually 1 (weights read from binary64 are dyadic).
fn output_map(
    layer: &IntegerLayer,
    scale: &Integer,
    applied: Vec<AffineForm>,
) -> Vec<Vec<Rational>> {
    let denominator = &layer.scale * scale;
    let twos = denominator.trailing_zeros().expect("a scale is positive");
    let odd = Some(denominator >> twos)
        .filter(|odd| *odd != 1u32)
        .map(Rational::from);
    applied
        .into_iter()
        .map(|form| {
            form.into_coeffs()
                .into_iter()
                .map(|c| {
                    let value = Rational::from(c);
                    let value = match &odd {
                        Some(odd) => value / odd,
                        None => value,
                    };
                    value >> twos
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{BiasInit, RandomSpec, WeightInit};

    /// A random network of blocks of `kind` with weights drawn as `init` says (in full f64) and
    /// biases as `bias` says, without an output layer.
    fn random_network(
        (d, widths): (usize, &[usize]),
        (init, bias): (WeightInit, BiasInit),
        kind: &str,
        seed: u64,
    ) -> Network {
        let spec = RandomSpec {
            seed,
            blocks: kind.parse().expect("a block kind"),
            input_dim: d,
            widths: widths.to_vec(),
            init,
            bias,
            output: None,
            bits: None,
            first_layer_rank: None,
        };
        spec.generate().expect("a valid spec")
    }

    /// The frontier pieces and the regions of a run of `network` over R^d, splitting only.
    fn frontier_and_regions(network: &Network) -> (usize, usize) {
        let domain = Domain::whole_space(network).expect("R^d");
        let plan = Plan::new(network, &domain).expect("a plan");
        let mut regions = 0;
        let frontier = split_in_order(
            &plan,
            Limits::default(),
            None,
            None,
            &mut |_| {},
            &|bare, _| bare,
            &mut |_| {
                regions += 1;
                Ok(())
            },
        )
        .expect("a run");
        (frontier, regions)
    }

    /// One hidden layer of n neurons in general position cuts R^d into exactly
    /// `sum_{i <= d} C(n, i)` regions: the bound is attained, so it reads the right dimension
    /// and width.
    #[test]
    fn one_generic_layer_attains_the_region_bound() {
        for (d, n) in [(1, 7), (2, 6), (3, 5), (4, 4)] {
            let weights = (WeightInit::HeNormal, BiasInit::Pytorch);
            let network = random_network((d, &[n]), weights, "plain", n as u64);
            let domain = Domain::whole_space(&network).expect("R^d");
            let bound = Plan::new(&network, &domain).expect("a plan").region_bound();
            assert_eq!(
                frontier_and_regions(&network).1 as u128,
                bound,
                "d={d} n={n}"
            );
        }
    }

    /// A network whose bound is at most `SMALL_RUN` gets a frontier of `SMALL_FRONTIER` pieces
    /// (a step can at most double it), a larger one the full `FRONTIER` (or every region, when
    /// it has fewer).
    #[test]
    fn a_small_network_gets_a_small_frontier() {
        let weights = || (WeightInit::HeNormal, BiasInit::Pytorch);
        let small = random_network((2, &[20, 20]), weights(), "plain", 1);
        let (frontier, regions) = frontier_and_regions(&small);
        assert!(regions > 2 * 256, "{regions} regions tell nothing");
        assert!((256..512).contains(&frontier), "{frontier} pieces");
        let large = random_network((2, &[8; 7]), weights(), "plain", 1);
        let (frontier, regions) = frontier_and_regions(&large);
        assert!(regions > 2 * 256, "{regions} regions tell nothing");
        assert!(
            frontier >= regions.min(4096),
            "{frontier} pieces, {regions} regions"
        );
    }

    /// The plan's bound on the regions (which picks the frontier's size) is at least the number
    /// of regions found, over a box and over R^d, for plain, residual and leaky blocks, and for
    /// small integer weights, whose hyperplanes meet in degenerate ways.
    #[test]
    fn the_region_bound_bounds_the_regions() {
        let (floats, ones, twos) = (
            (WeightInit::HeNormal, BiasInit::Pytorch),
            (WeightInit::Integers(1), BiasInit::Integers(1)),
            (WeightInit::Integers(2), BiasInit::Integers(2)),
        );
        let cases: [(usize, &[usize], _, &str); 5] = [
            (2, &[6, 5], floats, "plain"),
            (3, &[4, 4], ones, "plain"),
            (2, &[3, 3, 3], ones, "plain"),
            (2, &[4, 4], twos, "residual-leaky:1/3"),
            (1, &[5, 5], floats, "plain"),
        ];
        for (seed, (d, widths, weights, kind)) in cases.into_iter().enumerate() {
            let network = random_network((d, widths), weights, kind, seed as u64);
            let one = Rational::from(1);
            for domain in [
                Domain::cube(d, &-one.clone(), &one).expect("a cube"),
                Domain::whole_space(&network).expect("R^d"),
            ] {
                let bound = Plan::new(&network, &domain).expect("a plan").region_bound();
                let regions = enumerate_cells(&network, &domain, Limits::default(), &mut |_| {})
                    .expect("an enumeration")
                    .len();
                assert!(
                    regions as u128 <= bound,
                    "{kind} d={d}: {regions} > {bound}"
                );
            }
        }
    }

    /// The output map divided by shifts and the odd part is the map divided by the whole
    /// denominator, for denominators that are powers of two, odd, and neither (the output
    /// layer's scale times the last block's).
    #[test]
    fn output_maps_are_the_exact_quotients() {
        let outputs = vec![
            AffineForm::new([6, -4, 0].map(Integer::from).to_vec()),
            AffineForm::new([-9, 5, 12].map(Integer::from).to_vec()),
        ];
        for (layer_scale, block_scale) in [(1, 1), (8, 4), (3, 1), (12, 10), (7, 48)] {
            let layer = IntegerLayer {
                weights: vec![vec![Integer::from(3), Integer::from(-2)]],
                biases: vec![Integer::from(5)],
                scale: Integer::from(layer_scale),
            };
            let scale = Integer::from(block_scale);
            let denominator = Rational::from(layer_scale * block_scale);
            let expected: Vec<Vec<Rational>> = layer
                .apply(&outputs, &scale)
                .iter()
                .map(|f| {
                    f.coeffs()
                        .iter()
                        .map(|c| Rational::from(c.clone()) / &denominator)
                        .collect()
                })
                .collect();
            assert_eq!(
                output_map(&layer, &scale, layer.apply(&outputs, &scale)),
                expected,
                "{layer_scale} {block_scale}"
            );
        }
    }
}
