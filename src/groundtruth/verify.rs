//! Cross-checking an enumeration against lrs, region by region.

use super::lrs;
use crate::exact::{AffineForm, Rational};
use crate::network::Network;
use crate::regions::{Domain, Region};
use serde::Serialize;
use std::collections::BTreeSet;

/// What a successful cross-check compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The external tool.
    pub tool: &'static str,
    /// Regions whose vertices (from an independent H-description) and facets were compared.
    pub regions: usize,
    /// Vertices compared.
    pub vertices: usize,
    /// Facets compared.
    pub facets: usize,
    /// Bounded regions whose volume was compared.
    pub volumes: usize,
}

/// The region's H-description built from the network alone: the domain's facets (the stand-in
/// cube's for R^d) and, for every neuron, the sign its pattern bit demands of its affine
/// pre-activation ([`Network::affine_forms`], composed over Q, not the enumerator's integer
/// forms). Neurons constant on the region are left out.
fn independent_description(
    network: &Network,
    domain: &Domain,
    region: &Region,
) -> Vec<Vec<Rational>> {
    let mut rows: Vec<Vec<Rational>> = domain
        .polytope()
        .facets()
        .iter()
        .map(|f| f.inequality.to_rationals())
        .collect();
    for (layer, bits) in network
        .affine_forms(&region.pattern)
        .iter()
        .zip(region.pattern.layers())
    {
        for (form, &on) in layer.iter().zip(bits) {
            if form[1..].iter().all(|c| *c == 0u32) {
                continue;
            }
            rows.push(if on {
                form.clone()
            } else {
                form.iter().map(|c| -c).collect()
            });
        }
    }
    rows
}

/// Checks every region of `network` on `domain` against lrs: the vertices lrs computes from the
/// independent H-description equal the region's vertices; the facets lrs finds for the hull of
/// those vertices equal the region's facets (none missing, none redundant); lrs's volume equals
/// the region's volume (bounded regions); and the exact forward pass at the interior point gives
/// the pattern. On a polytope domain the regions' volumes must also add up to the domain's
/// volume, so that no region is missing and none overlaps another. `Err` names the first region
/// and what differs, or says lrs cannot be run.
pub fn verify_with_lrs(
    network: &Network,
    domain: &Domain,
    regions: &[Region],
) -> Result<Verification, String> {
    let mut done = Verification {
        tool: "lrs",
        ..Verification::default()
    };
    for (index, region) in regions.iter().enumerate() {
        let fail = |what: &str| {
            Err(format!(
                "region {index} ({}): {what}",
                region.pattern_strings().join(" ")
            ))
        };
        let x = region.interior_point().to_rationals();
        for (l, values) in network.pre_activations(&x).iter().enumerate() {
            if values
                .iter()
                .zip(region.pattern.layer(l))
                .any(|(z, &bit)| (*z > 0u32) != bit)
            {
                return fail(&format!("the forward pass at the interior point disagrees with the pattern in layer {l}"));
            }
        }
        let ours: BTreeSet<Vec<Rational>> = region
            .polytope
            .vertices()
            .iter()
            .map(|v| v.point.to_rationals())
            .collect();
        let theirs = lrs::vertices(&independent_description(network, domain, region))?;
        if !theirs.rays.is_empty()
            || theirs.vertices.iter().cloned().collect::<BTreeSet<_>>() != ours
        {
            return fail("lrs finds other vertices");
        }
        let points: Vec<Vec<Rational>> = ours.into_iter().collect();
        let facets: BTreeSet<AffineForm> = lrs::facets(&points)?
            .iter()
            .map(|row| AffineForm::from_rationals(row))
            .collect();
        let listed: Vec<AffineForm> = region
            .polytope
            .facets()
            .iter()
            .map(|f| f.inequality.clone())
            .collect();
        if listed.len() != facets.len()
            || listed.iter().collect::<BTreeSet<_>>() != facets.iter().collect()
        {
            return fail("lrs finds other facets");
        }
        if let Some(volume) = &region.volume {
            if lrs::volume(&points)? != *volume {
                return fail("lrs finds another volume");
            }
            done.volumes += 1;
        }
        done.regions += 1;
        done.vertices += points.len();
        done.facets += listed.len();
    }
    if let Some(expected) = domain.volume() {
        let total: Rational = regions.iter().filter_map(|r| r.volume.clone()).sum();
        if total != *expected {
            return Err(format!(
                "the regions' volumes add up to {total}, the domain's volume is {expected}: regions are missing or overlap"
            ));
        }
    }
    Ok(done)
}
