//! The whole input space R^d and the region complex: closed formulas for one hidden layer,
//! hand-built degenerate arrangements, Euler characteristics, adjacency against facets, rays and
//! lineality, and the linear pieces of the function.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::{HomPoint, Integer, Rational};
use relupoly::io::parse_network;
use relupoly::network::{BiasInit, Network, WeightInit};
use relupoly::regions::{enumerate, Complex, Domain, Limits, Region, Source, Summary};

fn whole_space(net: &Network) -> (Vec<Region>, Complex) {
    let domain = Domain::whole_space(net).unwrap();
    let regions = enumerate(net, &domain, Limits::default(), &mut |_| {}).unwrap();
    let complex = Complex::of(&regions);
    check_unbounded(net, &regions, &complex);
    (regions, complex)
}

fn binomial(n: u64, k: u64) -> u64 {
    if k > n {
        return 0;
    }
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

/// Invariants of every enumeration over R^d: the exact forward pass at each interior point gives
/// the pattern; patterns are unique; every real facet is shared with exactly one other region
/// (there is no boundary); rays are recession directions of every real facet, lineality vectors
/// lie in every facet's direction space; unbounded regions have rays or lineality; Euler
/// characteristic (-1)^d; the mean number of facets is 2 f_{d-1} / f_d.
fn check_unbounded(net: &Network, regions: &[Region], complex: &Complex) {
    let d = net.input_dim();
    let mut patterns = std::collections::HashSet::new();
    let mut real_facets = 0;
    for r in regions {
        assert!(patterns.insert(r.pattern.clone()));
        let x = coords(r.interior_point());
        for (l, layer) in net.pre_activations(&x).iter().enumerate() {
            for (i, z) in layer.iter().enumerate() {
                assert_eq!(*z > 0u32, r.pattern.bit(l, i), "neuron ({l},{i})");
            }
        }
        real_facets += r.facet_indices().len();
        for &f in r.facet_indices() {
            let facet = &r.polytope.facets()[f];
            assert!(!facet.sources.iter().any(|s| matches!(s, Source::Bound(_))));
            let normal = &facet.inequality.coeffs()[1..];
            if let Some(recession) = &r.recession {
                for ray in r.rays().expect("an unbounded region has rays") {
                    let dot: Integer = normal.iter().zip(ray).map(|(a, b)| a * b).sum();
                    assert!(dot >= 0u32, "a ray leaves the region");
                }
                for line in &recession.lineality {
                    let dot: Integer = normal.iter().zip(line).map(|(a, b)| a * b).sum();
                    assert_eq!(dot, 0u32, "a lineality direction crosses a facet");
                }
            }
        }
        match &r.recession {
            None => assert!(r.volume.is_some() && r.simplex_count.is_some()),
            Some(recession) => {
                assert!(r.volume.is_none() && r.simplex_count.is_none());
                assert!(!r.rays().unwrap().is_empty() || !recession.lineality.is_empty());
                if !recession.lineality.is_empty() {
                    assert!(
                        r.vertex_indices().is_empty(),
                        "a region with a line has no vertex"
                    );
                }
            }
        }
        let euler: i64 = r
            .f_vector
            .as_ref()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(k, &f)| if k % 2 == 0 { f as i64 } else { -(f as i64) })
            .sum();
        if r.is_bounded() {
            assert_eq!(euler, 1 - if d.is_multiple_of(2) { 1 } else { -1 });
        }
    }
    assert_eq!(
        real_facets,
        2 * complex.adjacencies.len(),
        "every facet separates two regions"
    );
    assert_eq!(
        complex.euler_characteristic,
        if d.is_multiple_of(2) { 1 } else { -1 }
    );
    assert_eq!(complex.f_vector[d], regions.len());
    let summary = Summary::of(regions, complex);
    assert_eq!(
        summary.facets.mean,
        Rational::from(2 * complex.f_vector[d - 1]) / Rational::from(complex.f_vector[d])
    );
}

#[test]
fn one_hidden_layer_matches_the_arrangement_formulas() {
    for d in 2..=5u64 {
        for n in [1, 2, d, d + 2, 2 * d + 1] {
            if d == 5 && n > 8 {
                continue;
            }
            let net = network(d as usize, &[n as usize], WeightInit::HeNormal, 100 * d + n);
            let (regions, complex) = whole_space(&net);
            let count: u64 = (0..=d).map(|i| binomial(n, i)).sum();
            assert_eq!(regions.len() as u64, count, "d={d} n={n}");
            let bounded = regions.iter().filter(|r| r.is_bounded()).count() as u64;
            assert_eq!(bounded, binomial(n.saturating_sub(1), d), "d={d} n={n}");
            for k in 0..=d {
                let f: u64 = (d - k..=d)
                    .map(|i| binomial(n, i) * binomial(i, d - k))
                    .sum();
                assert_eq!(complex.f_vector[k as usize] as u64, f, "f_{k}, d={d} n={n}");
            }
            let facets: u64 = (1..=d).map(|i| i * binomial(n, i)).sum();
            let summary = Summary::of(&regions, &complex);
            assert_eq!(
                summary.facets.mean,
                Rational::from(2 * facets) / Rational::from(count),
                "d={d} n={n}"
            );
        }
    }
}

fn planar(weights: &str, biases: &str) -> Network {
    parse_network(
        &format!(r#"{{"input_dim": 2, "layers": [{{"weights": {weights}, "biases": {biases}}}]}}"#),
        "planar",
    )
    .unwrap()
}

#[test]
fn degenerate_planar_arrangements_have_their_complexes() {
    let cases = [
        (
            planar("[[1, 0], [0, 1], [1, 1]]", "[0, 0, 0]"),
            vec![1, 6, 6],
        ),
        (
            planar("[[1, 0], [2, 0], [0, 1]]", "[0, 0, 0]"),
            vec![1, 4, 4],
        ),
        (
            planar("[[1, 0], [1, 0], [0, 1]]", "[0, -1, 0]"),
            vec![2, 7, 6],
        ),
        // Parallel lines only: strips with a line each, no vertex.
        (planar("[[1, 0], [1, 0]]", "[0, -1]"), vec![0, 2, 3]),
    ];
    for (net, f) in cases {
        let (regions, complex) = whole_space(&net);
        assert_eq!(complex.f_vector, f);
        assert_eq!(regions.iter().filter(|r| r.is_bounded()).count(), 0);
    }
    let (regions, _) = whole_space(&planar("[[1, 0], [1, 0]]", "[0, -1]"));
    for r in &regions {
        let lineality = &r.recession.as_ref().unwrap().lineality;
        assert_eq!(lineality, &vec![vec![Integer::from(0), Integer::from(1)]]);
    }
}

/// Regions containing a line get their rays modulo the lineality space (the orthogonal
/// complement's part), so that vertices + rays + lineality describe each region: the half-planes
/// y <= 0 and y >= 0 differ by their rays, a strip has none, and in R^3 the half-spaces of
/// x + y + z >= 0 have the rays -(1, 1, 1) and (1, 1, 1) beside a plane of lines.
#[test]
fn regions_containing_lines_have_their_rays_modulo_the_lineality_space() {
    let ints = |v: &[i64]| v.iter().map(|&x| Integer::from(x)).collect::<Vec<_>>();
    let recessions = |net: &Network| -> Vec<(Vec<Vec<Integer>>, usize)> {
        whole_space(net)
            .0
            .iter()
            .map(|r| {
                let recession = r.recession.as_ref().unwrap();
                (r.rays().unwrap().to_vec(), recession.lineality.len())
            })
            .collect()
    };
    assert_eq!(
        recessions(&planar("[[0, 1]]", "[0]")),
        vec![(vec![ints(&[0, -1])], 1), (vec![ints(&[0, 1])], 1)]
    );
    assert_eq!(
        recessions(&planar("[[0, 1], [0, 1]]", "[0, -1]")),
        vec![
            (vec![ints(&[0, -1])], 1),
            (vec![], 1),
            (vec![ints(&[0, 1])], 1)
        ]
    );
    // A half-plane bounded by a slanted line: the ray is the line's normal, whatever the
    // lineality basis.
    assert_eq!(
        recessions(&planar("[[2, 1]]", "[3]")),
        vec![(vec![ints(&[-2, -1])], 1), (vec![ints(&[2, 1])], 1)]
    );
    let space = parse_network(
        r#"{"input_dim": 3, "layers": [{"weights": [[1, 1, 1]], "biases": [0]}]}"#,
        "space",
    )
    .unwrap();
    assert_eq!(
        recessions(&space),
        vec![(vec![ints(&[-1, -1, -1])], 2), (vec![ints(&[1, 1, 1])], 2)]
    );
    // A wedge times a line: x >= 0, y >= 0 in R^3 has the rays (1, 0, 0), (0, 1, 0) and the
    // line along z.
    let wedge = parse_network(
        r#"{"input_dim": 3, "layers": [{"weights": [[1, 0, 0], [0, 1, 0]], "biases": [0, 0]}]}"#,
        "wedge",
    )
    .unwrap();
    let (regions, _) = whole_space(&wedge);
    let quadrant = regions
        .iter()
        .find(|r| r.pattern.layer(0) == [true, true])
        .unwrap();
    assert_eq!(
        quadrant.rays().unwrap(),
        [ints(&[0, 1, 0]), ints(&[1, 0, 0])]
    );
    assert_eq!(
        quadrant.recession.as_ref().unwrap().lineality,
        vec![ints(&[0, 0, 1])]
    );
}

#[test]
fn relu_x_minus_relu_y_has_three_linear_pieces() {
    // Output relu(relu(x) - relu(y)): zero on quadrants II, III and half of I (one piece), x on
    // quadrant IV, x - y on the other half of I.
    let net = parse_network(
        r#"{"input_dim": 2, "layers": [{"weights": [[1, 0], [0, 1]], "biases": [0, 0]},
            {"weights": [[1, -1]], "biases": [0]}], "output": {"weights": [[1]], "biases": [0]}}"#,
        "deep",
    )
    .unwrap();
    let (regions, complex) = whole_space(&net);
    assert_eq!(complex.f_vector, vec![1, 5, 5]);
    let pieces = complex.linear_pieces.clone().unwrap();
    assert_eq!(pieces.len(), 3);
    let zero = vec![vec![Rational::from(0u32); 3]];
    let zero_piece: Vec<usize> = (0..regions.len())
        .filter(|&r| regions[r].output_map.as_ref() == Some(&zero))
        .collect();
    assert_eq!(zero_piece.len(), 3);
    assert!(pieces.contains(&zero_piece));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn deep_networks_over_the_whole_space(d in 2usize..=3, seed in 0u64..1_000_000, k in 0u32..=2,
                                          kind in prop_oneof![Just("plain"), Just("residual"),
                                                              Just("leaky:1/8"), Just("residual-leaky:-1/2")],
                                          widths in proptest::collection::vec(1usize..=5, 1..=3)) {
        let init = if k == 0 { WeightInit::XavierNormal } else { WeightInit::Integers(k) };
        let net = network_of_kind(d, &widths, init, kind, seed);
        let (regions, _) = whole_space(&net);
        // The same network on a box: Euler characteristic 1, and adjacency agrees with facets.
        let boxed = checked_box_regions(&net);
        let box_complex = Complex::of(&boxed);
        prop_assert_eq!(box_complex.euler_characteristic, 1);
        let interior: usize = boxed.iter().map(|r| r.facet_indices().iter().filter(|&&f| {
            !r.polytope.facets()[f].sources.iter().any(|s| matches!(s, Source::Domain(_)))
        }).count()).sum();
        prop_assert_eq!(interior, 2 * box_complex.adjacencies.len());
        prop_assert!(regions.len() >= boxed.len());
    }
}

/// The complex's cells by a reference count: every face of every region keyed by its exact
/// vertices, each key once per dimension; and the real facets summed over those distinct cells.
fn reference_cells(regions: &[Region]) -> (Vec<usize>, Vec<usize>) {
    let d = regions[0].polytope.dim();
    let mut cells: Vec<std::collections::HashMap<Vec<HomPoint>, usize>> =
        vec![Default::default(); d];
    for region in regions {
        let points = region.polytope.vertices();
        for face in &region.faces {
            let mut key: Vec<HomPoint> = face
                .vertices
                .iter()
                .map(|&v| points[v].point.clone())
                .collect();
            key.sort_by(|a, b| a.cmp_lex(b));
            cells[face.dim].insert(key, face.real_facets);
        }
    }
    let counts = cells.iter().map(|c| c.len()).collect();
    let mut incidences: Vec<usize> = cells[1..].iter().map(|c| c.values().sum()).collect();
    incidences.push(regions.iter().map(|r| r.facet_indices().len()).sum());
    (counts, incidences)
}

/// Every cell of the complex is counted once however the regions come (in pattern order, in
/// reverse, interleaved), against a count of every region's faces by their exact vertices: on
/// degenerate networks (integer weights in -1..=1 and -2..=2: duplicated, parallel and zero rows,
/// dead neurons; zero biases) and a generic one, over R^d and on a box, d = 1..4.
#[test]
fn the_complex_counts_every_cell_once_in_any_order() {
    for d in 1..=4usize {
        for (seed, init) in [
            (1u64, WeightInit::Integers(1)),
            (2, WeightInit::Integers(2)),
            (3, WeightInit::HeNormal),
        ] {
            let widths: Vec<usize> = vec![d + 2, 3];
            let bias = if seed == 2 {
                BiasInit::Zero
            } else {
                BiasInit::Integers(1)
            };
            let net = network_with(d, &widths, init, bias, seed, None);
            for domain in [Domain::whole_space(&net).expect("R^d"), unit_box(d)] {
                let mut regions = regions_of(&net, &domain);
                let (counts, incidences) = reference_cells(&regions);
                let n = regions.len();
                for order in 0..3 {
                    match order {
                        1 => regions.reverse(),
                        2 => regions.sort_by_key(|r| {
                            r.pattern_strings()
                                .concat()
                                .chars()
                                .rev()
                                .collect::<String>()
                        }),
                        _ => {}
                    }
                    let complex = Complex::of(&regions);
                    let label = format!("d = {d}, seed {seed}, {} regions, order {order}", n);
                    assert_eq!(complex.f_vector[..d], counts[..], "{label}");
                    assert_eq!(complex.f_vector[d], n, "{label}");
                    assert_eq!(complex.face_incidences, incidences, "{label}");
                }
            }
        }
    }
}
