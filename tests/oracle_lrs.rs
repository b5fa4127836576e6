//! External oracle: for every region of several random generic and degenerate networks, the
//! vertices that lrs (lrslib) computes from an independent H-description of the region (the
//! domain's inequalities and, for every neuron, the sign its pattern bit demands of its affine
//! pre-activation) equal the enumerator's vertices exactly, and the facets lrs finds for the
//! hull of those vertices equal the enumerator's facets.

mod common;

use common::*;
use relupoly::exact::{parse_rational, AffineForm, Rational};
use relupoly::network::{BiasInit, Network, WeightInit};
use relupoly::regions::Region;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs lrs on `kind` (H- or V-representation) `rows` and returns the rows of its answer.
fn lrs(kind: &str, rows: &[Vec<Rational>]) -> Vec<Vec<Rational>> {
    let width = rows[0].len();
    let mut input = format!("region\n{kind}\nbegin\n{} {width} rational\n", rows.len());
    for row in rows {
        let items: Vec<String> = row.iter().map(|v| v.to_string()).collect();
        input.push_str(&items.join(" "));
        input.push('\n');
    }
    input.push_str("end\n");
    let mut child = Command::new("lrs")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lrs (Debian package lrslib) must be installed; .ci/run installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().expect("lrs runs");
    let text = String::from_utf8(output.stdout).unwrap();
    // lrs restarts with wider arithmetic on overflow and then prints its output again: read the
    // last block only.
    let block = text
        .rsplit_once("begin")
        .and_then(|(_, rest)| rest.split_once("end"))
        .map(|(block, _)| block)
        .expect("lrs printed a V-representation");
    block
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('*'))
        .map(|line| {
            let fields: Vec<Rational> = line
                .split_whitespace()
                .map(|f| parse_rational(f).unwrap())
                .collect();
            assert_eq!(fields.len(), width, "unexpected lrs line: {line}");
            fields
        })
        .collect()
}

/// The vertices lrs finds for the polytope {x : b + a.x >= 0 for each row}.
fn lrs_vertices(rows: &[Vec<Rational>]) -> BTreeSet<Vec<Rational>> {
    lrs("H-representation", rows)
        .into_iter()
        .map(|row| {
            assert_eq!(row[0], 1u32, "lrs reported a ray for a bounded region");
            row[1..].to_vec()
        })
        .collect()
}

/// The facets lrs finds for the convex hull of `points`, as primitive integer forms.
fn lrs_facets(points: &BTreeSet<Vec<Rational>>) -> BTreeSet<AffineForm> {
    let rows: Vec<Vec<Rational>> = points
        .iter()
        .map(|p| {
            std::iter::once(Rational::from(1u32))
                .chain(p.iter().cloned())
                .collect()
        })
        .collect();
    lrs("V-representation", &rows)
        .iter()
        .map(|row| AffineForm::from_rationals(row))
        .collect()
}

fn independent_description(
    net: &Network,
    region: &Region,
    domain_rows: &[Vec<Rational>],
) -> Vec<Vec<Rational>> {
    let mut rows = domain_rows.to_vec();
    for (layer, bits) in affine_maps(net, &region.pattern)
        .iter()
        .zip(&region.pattern)
    {
        for (form, &on) in layer.iter().zip(bits) {
            if form[1..].iter().all(|c| *c == 0u32) {
                continue;
            }
            rows.push(if on {
                form.clone()
            } else {
                form.iter().map(|c| -c.clone()).collect()
            });
        }
    }
    rows
}

fn check(net: &Network) {
    let d = net.input_dim();
    let domain_rows = unit_box_rows(d);
    let regions = regions_of(net, &unit_box(d));
    assert!(!regions.is_empty());
    for region in &regions {
        let ours: BTreeSet<Vec<Rational>> = region
            .polytope
            .vertices()
            .iter()
            .map(|v| coords(&v.point))
            .collect();
        let theirs = lrs_vertices(&independent_description(net, region, &domain_rows));
        assert_eq!(ours, theirs, "pattern {:?}", region.pattern_strings());
        // The facets are exactly the hull's: none missing, none redundant.
        let facets: BTreeSet<AffineForm> = region
            .polytope
            .facets()
            .iter()
            .map(|f| f.inequality.clone())
            .collect();
        assert_eq!(
            facets.len(),
            region.polytope.facets().len(),
            "a facet is listed twice"
        );
        assert_eq!(
            facets,
            lrs_facets(&ours),
            "pattern {:?}",
            region.pattern_strings()
        );
    }
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
