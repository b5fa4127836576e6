//! External oracle: for every region of several random generic and degenerate networks, the
//! vertices that lrs (lrslib) computes from an independent H-description of the region (the
//! domain's inequalities and, for every neuron, the sign its pattern bit demands of its affine
//! pre-activation composed over Q) equal the enumerator's vertices exactly, the facets lrs finds
//! for the hull of those vertices equal the enumerator's facets, and lrs's volume equals ours
//! (`relupoly::groundtruth::verify_with_lrs`, the check the dataset generator runs).

mod common;

use common::*;
use relupoly::groundtruth::verify_with_lrs;
use relupoly::network::{BiasInit, Network, WeightInit};

/// Every region agrees with lrs (vertices from the independent H-description, facets of the
/// hull, volume) and the check covered every region.
fn check(net: &Network) {
    let d = net.input_dim();
    let regions = regions_of(net, &unit_box(d));
    assert!(!regions.is_empty());
    let done = verify_with_lrs(net, &unit_box(d), &regions).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.regions, regions.len());
    assert_eq!(
        done.volumes,
        regions.len(),
        "every region of a box is bounded"
    );
    let vertices: usize = regions.iter().map(|r| r.polytope.vertices().len()).sum();
    assert_eq!(done.vertices, vertices);
}

fn spec(d: usize, widths: &[usize], init: WeightInit, bias: BiasInit, seed: u64) -> Network {
    network_with(d, widths, init, bias, seed, Some(12))
}

#[test]
fn generic_networks_agree_with_lrs() {
    check(&spec(
        2,
        &[6, 6],
        WeightInit::HeNormal,
        BiasInit::Pytorch,
        11,
    ));
    check(&spec(
        3,
        &[5, 5],
        WeightInit::XavierUniform,
        BiasInit::Pytorch,
        12,
    ));
    check(&spec(
        4,
        &[4, 3],
        WeightInit::HeUniform,
        BiasInit::Pytorch,
        13,
    ));
}

#[test]
fn degenerate_networks_agree_with_lrs() {
    check(&spec(
        2,
        &[6, 5],
        WeightInit::Integers(1),
        BiasInit::Integers(1),
        21,
    ));
    check(&spec(
        3,
        &[5, 4],
        WeightInit::Integers(2),
        BiasInit::Integers(1),
        22,
    ));
    check(&spec(
        3,
        &[4, 4],
        WeightInit::Integers(1),
        BiasInit::Zero,
        23,
    ));
    check(&spec(
        4,
        &[4, 3],
        WeightInit::Integers(1),
        BiasInit::Integers(1),
        24,
    ));
}

#[test]
fn full_precision_network_agrees_with_lrs() {
    check(&network(3, &[4, 4], WeightInit::HeNormal, 31));
}

/// The check can fail: the regions of one network do not pass as the regions of a network
/// whose bias differs by 1/64 in one neuron.
#[test]
fn lrs_check_catches_a_different_network() {
    let net = spec(2, &[4, 3], WeightInit::HeNormal, BiasInit::Pytorch, 41);
    let regions = regions_of(&net, &unit_box(2));
    let mut layers: Vec<relupoly::network::Layer> =
        net.blocks().iter().map(|b| b.layer.clone()).collect();
    layers[1].biases[0] += relupoly::exact::Rational::from_signeds(1, 64);
    let other = Network::new(2, layers, None).unwrap();
    let error = verify_with_lrs(&other, &unit_box(2), &regions).unwrap_err();
    assert!(error.starts_with("region "), "{error}");
}

/// The check covers completeness too: a missing region is caught by the volume sum.
#[test]
fn lrs_check_catches_a_missing_region() {
    let net = spec(3, &[4, 3], WeightInit::HeNormal, BiasInit::Pytorch, 42);
    let mut regions = regions_of(&net, &unit_box(3));
    regions.remove(regions.len() / 2);
    let error = verify_with_lrs(&net, &unit_box(3), &regions).unwrap_err();
    assert!(error.contains("regions are missing or overlap"), "{error}");
}
