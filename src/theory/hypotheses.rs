//! Hypotheses decided exactly on an enumerated case.

use super::Case;
use crate::exact::{rank, AffineForm, HomPoint, Integer};
use crate::network::Network;
use crate::regions::Source;
use std::collections::{BTreeSet, HashMap};

/// Whether the enumerated arrangement is generic, decided exactly on the enumeration: through
/// every vertex of the complex pass exactly d distinct constraints (neurons or domain sides, over
/// all facets of all regions containing it), so at most d pieces meet at a point and none passes
/// through a corner of the domain; every facet is supported by exactly one constraint (no
/// duplicated neuron, no neuron along a domain side); and no neuron is identically zero on a
/// region. `Err` names the first failure.
pub fn generic(case: &Case) -> Result<(), String> {
    let d = case.dim();
    let mut through: HashMap<&HomPoint, BTreeSet<Source>> = HashMap::new();
    for (r, region) in case.regions.iter().enumerate() {
        let polytope = &region.polytope;
        for &f in region.facet_indices() {
            let sources = &polytope.facets()[f].sources;
            if sources.len() != 1 {
                return Err(format!(
                    "not generic: a facet of region {r} is supported by {} constraints",
                    sources.len()
                ));
            }
            for &v in region.vertex_indices() {
                if polytope.vertices()[v].facets.contains(f) {
                    through
                        .entry(&polytope.vertices()[v].point)
                        .or_default()
                        .insert(sources[0]);
                }
            }
        }
        for (l, layer) in case
            .network
            .affine_forms(&region.pattern)
            .iter()
            .enumerate()
        {
            if let Some(i) = layer
                .iter()
                .position(|form| form.iter().all(|c| *c == 0u32))
            {
                return Err(format!(
                    "not generic: neuron {i} of layer {l} is identically zero on region {r}"
                ));
            }
        }
    }
    // Report the lexicographically first offending vertex, so the message is deterministic.
    let mut crowded: Vec<(&HomPoint, usize)> = through
        .iter()
        .filter(|(_, sources)| sources.len() != d)
        .map(|(point, sources)| (*point, sources.len()))
        .collect();
    crowded.sort_by(|a, b| a.0.cmp_lex(b.0));
    match crowded.first() {
        None => Ok(()),
        Some((point, count)) => {
            let coordinates: Vec<String> = point
                .to_rationals()
                .iter()
                .map(ToString::to_string)
                .collect();
            Err(format!(
                "not generic: {count} constraints pass through the vertex ({}) (generic: exactly {d})",
                coordinates.join(", ")
            ))
        }
    }
}

/// Whether the first layer's hyperplanes are in general position: every min(n, d) of their
/// normals are linearly independent (so every k <= d of them meet in a (d-k)-flat and none is
/// parallel to another). Together with [`generic`] over R^d (no d + 1 through a point) this is
/// the hypothesis of the arrangement formulas.
pub fn first_layer_in_general_position(network: &Network) -> Result<(), String> {
    let layer = &network.blocks()[0].layer;
    let normals: Vec<Vec<Integer>> = layer
        .weights
        .iter()
        .map(|row| {
            let mut form = vec![crate::exact::Rational::from(0u32)];
            form.extend(row.iter().cloned());
            AffineForm::from_rationals(&form).coeffs()[1..].to_vec()
        })
        .collect();
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
    let origin = HomPoint::from_rationals(&vec![crate::exact::Rational::from(0u32); dim]);
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
