//! Hypotheses decided exactly on an enumerated case.

use super::cells::{Cell, CellStructure};
use super::Case;
use crate::exact::{rank, HomPoint, Integer, Rational};
use crate::network::Network;
use crate::regions::Source;

/// Whether the enumerated complex is generic on its domain, decided exactly and completely on
/// every cell: each k-cell (k < d; cells without vertices, unbounded cells and cells on the
/// domain's boundary included) has exactly d - k constraints vanishing on it (neurons whose
/// pre-activation, computed from the network's own affine forms, is zero on the whole cell, and
/// domain sides), and they cross there transversally (the cell is a face of exactly 2^m regions
/// realising every sign combination of its m neurons once); and no neuron is identically zero
/// on a region. So at most d pieces meet at a point, none passes through a corner of the domain
/// or lies along a side, no two coincide, and no bent hyperplane touches a cell without crossing
/// it. `Err` names the first failure (cells in the order of the regions).
pub fn generic(case: &Case) -> Result<(), String> {
    let structure = case.cells();
    no_neuron_identically_zero(structure)?;
    let d = case.dim();
    for cell in &structure.cells {
        if let Err(why) = cell.transversal(d) {
            return Err(format!(
                "not generic: {why}; the cell {} lies on {}",
                describe_cell(structure, cell),
                describe_sources(&cell.constraints)
            ));
        }
    }
    Ok(())
}

/// `Err` naming the first neuron identically zero on a region, if any.
pub(super) fn no_neuron_identically_zero(structure: &CellStructure) -> Result<(), String> {
    match structure.identically_zero {
        Some((r, l, i)) => Err(format!(
            "not generic: neuron {i} of layer {l} is identically zero on region {r}"
        )),
        None => Ok(()),
    }
}

/// Whole-space genericity, the standing hypothesis of Gaines & Bi ("every set of k hyperplanes
/// of each region's arrangement meets in dimension d-k"): the first layer in general position
/// ([`first_layer_in_general_position`]: its hyperplanes are the arrangement of the region R^d),
/// and every intersection of bent hyperplanes that occurs transversal ([`generic`]). For a
/// deeper layer the literal statement fails with probability one (inside a region of the
/// earlier layers where fewer than d neurons are active its hyperplanes are parallel), so it is
/// read, as for almost every weight, as: hyperplanes that meet inside the region meet
/// transversally, which the cells decide.
pub fn generic_network(case: &Case) -> Result<(), String> {
    first_layer_in_general_position(case.network)?;
    generic(case)
}

/// The cell's dimension, boundedness and first vertex.
fn describe_cell(structure: &CellStructure, cell: &Cell) -> String {
    let at = &structure.points[cell.vertices[0] as usize];
    let coordinates: Vec<String> = at.to_rationals().iter().map(ToString::to_string).collect();
    format!(
        "({}-dimensional, {}, through ({}))",
        cell.dim,
        if cell.bounded { "bounded" } else { "unbounded" },
        coordinates.join(", ")
    )
}

/// `neuron i of layer l, domain side r, ...`.
fn describe_sources(sources: &[Source]) -> String {
    if sources.is_empty() {
        return "no constraint".into();
    }
    sources
        .iter()
        .map(|s| match s {
            Source::Neuron { layer, index } => format!("neuron {index} of layer {layer}"),
            Source::Domain(row) => format!("domain side {row}"),
            Source::Bound(side) => format!("side {side} of the stand-in cube"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the first layer's hyperplanes are in general position: every min(n, d) of their
/// normals are linearly independent (so every k <= d of them meet in a (d-k)-flat and none is
/// parallel to another). Together with [`generic`] over R^d (no d + 1 through a point) this is
/// the hypothesis of the arrangement formulas.
pub fn first_layer_in_general_position(network: &Network) -> Result<(), String> {
    let normals = first_layer_normals(network);
    let k = normals.len().min(network.input_dim());
    let mut chosen = Vec::with_capacity(k);
    if independent_subsets(&normals, k, 0, &mut chosen) {
        Ok(())
    } else {
        Err(format!(
            "not in general position: {} first-layer normals (neurons {:?}) are linearly dependent",
            k, chosen
        ))
    }
}

/// Whether the first layer's weight matrix has rank min(n_1, d) (the rank hypothesis of
/// Gaines & Bi's Thm 3.5).
pub fn first_layer_full_rank(network: &Network) -> Result<(), String> {
    let normals = first_layer_normals(network);
    let wanted = normals.len().min(network.input_dim());
    let found = rank(&normals);
    if found == wanted {
        Ok(())
    } else {
        Err(format!(
            "the first layer's weights have rank {found}, not min(n_1, d) = {wanted}"
        ))
    }
}

/// The first layer's normals over one common denominator (scaling every row by the same
/// positive number keeps every rank), one per neuron.
fn first_layer_normals(network: &Network) -> Vec<Vec<Integer>> {
    network.blocks()[0].layer.to_integers().weights
}

/// Whether every `k`-subset of `normals` (extending `chosen`, from index `start`) is
/// independent; on failure `chosen` holds a dependent subset.
fn independent_subsets(
    normals: &[Vec<Integer>],
    k: usize,
    start: usize,
    chosen: &mut Vec<usize>,
) -> bool {
    if chosen.len() == k {
        let rows: Vec<Vec<Integer>> = chosen.iter().map(|&i| normals[i].clone()).collect();
        return rank(&rows) == k;
    }
    for i in start..normals.len() {
        chosen.push(i);
        if !independent_subsets(normals, k, i + 1, chosen) {
            return false;
        }
        chosen.pop();
    }
    true
}

/// Whether every hidden bias is zero (residual connections' biases included), so that every
/// pre-activation is positively homogeneous in the input.
pub fn zero_biases(network: &Network) -> bool {
    network.blocks().iter().all(|block| {
        block
            .layer
            .biases
            .iter()
            .chain(block.shortcut.iter().flat_map(|s| &s.outer.biases))
            .all(|b| *b == 0u32)
    })
}

/// Whether the network is a plain ReLU network (the setting of the published theorems on deep
/// networks); `Err` says what it has instead.
pub fn plain_relu(network: &Network) -> Result<(), String> {
    match network.blocks().iter().position(|b| !b.is_plain_relu()) {
        None => Ok(()),
        Some(l) => Err(format!(
            "hidden layer {l} is not a plain ReLU layer (leaky activation or residual connection); the theorem is stated for plain ReLU networks"
        )),
    }
}

/// The number of corners of a polygon domain (its vertex count), `None` over R^2.
pub fn polygon_corners(case: &Case) -> Option<usize> {
    (!case.whole_space()).then(|| case.domain.polytope().vertices().len())
}

/// The hypotheses shared by the zero-bias entries in dimension `dim`: the input dimension is
/// `dim`, the domain is the whole space, every hidden bias is zero, and every region has the
/// origin as a vertex (so every region is a pointed cone).
pub fn pointed_zero_bias_cones(case: &Case, dim: usize) -> Result<(), String> {
    if case.dim() != dim {
        return Err(format!("the input dimension is {}, not {dim}", case.dim()));
    }
    if !case.whole_space() {
        return Err(format!(
            "the domain is not R^{dim}: regions are cones only in the whole space"
        ));
    }
    if !zero_biases(case.network) {
        return Err("some hidden bias is not zero".into());
    }
    let origin = HomPoint::from_rationals(&vec![Rational::from(0u32); dim]);
    let pointed = case.regions.iter().all(|r| {
        r.vertex_indices()
            .iter()
            .any(|&v| r.polytope.vertices()[v].point == origin)
    });
    if pointed {
        Ok(())
    } else {
        Err("not every region has the origin as a vertex".into())
    }
}
