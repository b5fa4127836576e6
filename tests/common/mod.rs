//! Helpers shared by the integration tests: random networks, and oracles written independently
//! of the library's enumerator (exact forward passes and per-pattern affine maps over Q).
#![allow(dead_code)]

use relupoly::exact::{HomPoint, Rational};
use relupoly::network::{BiasInit, BlockKind, Network, Pattern, RandomSpec, WeightInit};
use relupoly::polytope::{simplex_volume, FaceLattice, Polytope};
use relupoly::regions::{enumerate, Domain, DomainSpec, Limits, Region, Source};
use std::collections::HashMap;

pub fn q(n: i64) -> Rational {
    Rational::from(n)
}

/// A random network with PyTorch-default biases (integer biases for the integer family).
pub fn network(d: usize, widths: &[usize], init: WeightInit, seed: u64) -> Network {
    let bias = match init {
        WeightInit::Integers(k) => BiasInit::Integers(k),
        _ => BiasInit::Pytorch,
    };
    network_with(d, widths, init, bias, seed, None)
}

/// A random network with every drawing choice given.
pub fn network_with(
    d: usize,
    widths: &[usize],
    init: WeightInit,
    bias: BiasInit,
    seed: u64,
    bits: Option<u32>,
) -> Network {
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: None,
        init,
        bias,
        seed,
        bits,
        blocks: BlockKind::plain(),
        first_layer_rank: None,
    }
    .generate()
    .expect("valid spec")
}

/// A random network of blocks of `kind` (e.g. `residual`, `leaky:1/8`) with an output layer of
/// width 2; weights of `init` (biases to match) rounded to 10 bits.
pub fn network_of_kind(
    d: usize,
    widths: &[usize],
    init: WeightInit,
    kind: &str,
    seed: u64,
) -> Network {
    let bias = match init {
        WeightInit::Integers(k) => BiasInit::Integers(k),
        _ => BiasInit::Pytorch,
    };
    RandomSpec {
        input_dim: d,
        widths: widths.to_vec(),
        output: Some(2),
        init,
        bias,
        seed,
        bits: Some(10),
        blocks: kind.parse().expect("a block kind"),
        first_layer_rank: None,
    }
    .generate()
    .expect("valid spec")
}

pub fn unit_box(d: usize) -> Domain {
    Domain::cube(d, &q(-1), &q(1)).expect("valid box")
}

pub fn regions_of(net: &Network, domain: &Domain) -> Vec<Region> {
    enumerate(net, domain, Limits::default(), &mut |_| {}).expect("enumeration succeeds")
}

/// The regions of `net` on [-1, 1]^d, after checking every invariant on them.
pub fn checked_box_regions(net: &Network) -> Vec<Region> {
    let d = net.input_dim();
    let regions = regions_of(net, &unit_box(d));
    check_invariants(net, &regions, &unit_box_rows(d), &Rational::from(1u32 << d));
    regions
}

/// The affine form (b, a_1..a_d) of every hidden neuron's pre-activation on the closed region
/// with `pattern`, computed over Q (independently of the enumerator's integer forms).
pub fn affine_maps(net: &Network, pattern: &Pattern) -> Vec<Vec<Vec<Rational>>> {
    net.affine_forms(pattern)
}

pub fn eval(form: &[Rational], x: &[Rational]) -> Rational {
    form[1..]
        .iter()
        .zip(x)
        .map(|(a, xi)| a * xi)
        .sum::<Rational>()
        + &form[0]
}

pub fn coords(p: &HomPoint) -> Vec<Rational> {
    p.to_rationals()
}

/// Checks the invariants every exact enumeration must satisfy; panics with a message on the first
/// violation. `domain_rows` are the domain's inequalities (b, a) and `domain_volume` its volume,
/// both computed by the caller independently of the enumerator.
pub fn check_invariants(
    net: &Network,
    regions: &[Region],
    domain_rows: &[Vec<Rational>],
    domain_volume: &Rational,
) {
    let d = net.input_dim();
    // Volumes partition the domain.
    assert!(
        regions.iter().all(|r| r.is_bounded()),
        "a polytope domain has bounded regions"
    );
    let total: Rational = regions.iter().map(|r| r.volume.clone().unwrap()).sum();
    assert_eq!(
        &total, domain_volume,
        "region volumes must sum to the domain volume"
    );
    // Patterns are distinct.
    let mut seen = std::collections::HashSet::new();
    for r in regions {
        assert!(
            seen.insert(r.pattern.clone()),
            "two regions share pattern {:?}",
            r.pattern_strings()
        );
    }
    for r in regions {
        assert!(
            r.volume.clone().unwrap() > 0u32,
            "every region is full-dimensional"
        );
        assert!(r.polytope.vertices().len() > d);
        // The exact forward pass at the interior point reproduces the pattern.
        let x = coords(r.interior_point());
        let z = net.pre_activations(&x);
        for (l, layer) in z.iter().enumerate() {
            for (i, value) in layer.iter().enumerate() {
                let bit = r.pattern.bit(l, i);
                if *value > 0u32 {
                    assert!(
                        bit,
                        "neuron ({l},{i}) positive at the interior point but bit 0"
                    );
                } else if *value < 0u32 {
                    assert!(
                        !bit,
                        "neuron ({l},{i}) negative at the interior point but bit 1"
                    );
                } else {
                    // Zero at an interior point: the neuron must vanish on the whole region.
                    assert!(!bit);
                    for v in r.polytope.vertices() {
                        let zv = net.pre_activations(&coords(&v.point));
                        assert_eq!(
                            zv[l][i], 0u32,
                            "neuron ({l},{i}) zero inside but not identically zero"
                        );
                    }
                }
            }
        }
        // The region's exact output map is the network's value at the interior point and at
        // every vertex (the closed region).
        if let Some(map) = &r.output_map {
            let points = std::iter::once(x.clone())
                .chain(r.polytope.vertices().iter().map(|v| coords(&v.point)));
            for p in points {
                let value: Vec<Rational> = map.iter().map(|row| eval(row, &p)).collect();
                assert_eq!(
                    value,
                    net.evaluate(&p),
                    "output map differs from the forward pass"
                );
            }
        }
        // Facets: the inequality vanishes on the facet's vertices, is positive inside; each
        // source's hyperplane contains the facet.
        let maps = affine_maps(net, &r.pattern);
        let sets = r.polytope.facet_vertex_sets();
        for (facet, set) in r.polytope.facets().iter().zip(&sets) {
            assert!(set.len() >= d, "a facet has at least d vertices");
            let ineq: Vec<Rational> = facet
                .inequality
                .coeffs()
                .iter()
                .map(|c| Rational::from(c.clone()))
                .collect();
            assert!(eval(&ineq, &x) > 0u32);
            for v in set.iter() {
                let p = coords(&r.polytope.vertices()[v].point);
                assert_eq!(eval(&ineq, &p), 0u32);
                for source in &facet.sources {
                    let value = match *source {
                        Source::Domain(row) => eval(&domain_rows[row], &p),
                        Source::Neuron { layer, index } => eval(&maps[layer][index], &p),
                        Source::Bound(_) => panic!("a polytope domain has no cube at infinity"),
                    };
                    assert_eq!(value, 0u32, "source {source:?} does not contain its facet");
                }
            }
            assert!(!facet.sources.is_empty());
            // Every domain row and every neuron whose hyperplane contains the facet is a source.
            let points: Vec<Vec<Rational>> = set
                .iter()
                .map(|v| coords(&r.polytope.vertices()[v].point))
                .collect();
            let contains = |form: &[Rational]| {
                form[1..].iter().any(|c| *c != 0u32) && points.iter().all(|p| eval(form, p) == 0u32)
            };
            for (row, form) in domain_rows.iter().enumerate() {
                if contains(form) {
                    assert!(
                        facet.sources.contains(&Source::Domain(row)),
                        "domain row {row} missing"
                    );
                }
            }
            for (layer, forms) in maps.iter().enumerate() {
                for (index, form) in forms.iter().enumerate() {
                    if contains(form) {
                        let source = Source::Neuron { layer, index };
                        assert!(facet.sources.contains(&source), "{source:?} missing");
                    }
                }
            }
        }
    }
    for r in regions {
        let (simplices, volume) = (r.simplices().unwrap(), r.volume.as_ref().unwrap());
        assert_eq!(
            r.simplex_count,
            Some(simplices.len()),
            "counted = listed simplices"
        );
        check_polytope_combinatorics(
            &r.polytope,
            r.f_vector.as_ref().unwrap(),
            &simplices,
            volume,
        );
    }
    // Every facet lies on the domain boundary or is a facet of exactly one other region with the
    // same vertices.
    let mut owners: HashMap<Vec<HomPoint>, usize> = HashMap::new();
    let mut boundary: HashMap<Vec<HomPoint>, bool> = HashMap::new();
    for r in regions {
        for set in r.polytope.facet_vertex_sets() {
            let key: Vec<HomPoint> = set
                .iter()
                .map(|v| r.polytope.vertices()[v].point.clone())
                .collect();
            let on_boundary = domain_rows
                .iter()
                .any(|row| key.iter().all(|p| eval(row, &coords(p)) == 0u32));
            *owners.entry(key.clone()).or_insert(0) += 1;
            boundary.insert(key, on_boundary);
        }
    }
    for (key, count) in &owners {
        let expected = if boundary[key] { 1 } else { 2 };
        assert_eq!(
            *count, expected,
            "facet with vertices {key:?} is shared by {count} regions"
        );
    }
}

/// The rows (b, a) of the box [-1, 1]^d, in the library's order (x_i >= -1, x_i <= 1).
pub fn unit_box_rows(d: usize) -> Vec<Vec<Rational>> {
    let mut rows = Vec::new();
    for i in 0..d {
        for (b, a) in [(1, 1), (1, -1)] {
            let mut row = vec![q(0); d + 1];
            row[0] = q(b);
            row[i + 1] = q(a);
            rows.push(row);
        }
    }
    rows
}

/// The simplex `{x : x_i >= -1, x_1 + ... + x_d <= sum}` as a domain: for `sum > -d` a
/// d-simplex, none of whose sides goes through a vertex of [-1, 1]^d unless `sum` is an integer.
pub fn simplex_domain(d: usize, sum: Rational) -> DomainSpec {
    let mut rows: Vec<Vec<Rational>> = (0..d)
        .map(|i| {
            let mut row = vec![q(0); d + 1];
            row[0] = q(1);
            row[i + 1] = q(1);
            row
        })
        .collect();
    rows.push(std::iter::once(sum).chain((0..d).map(|_| q(-1))).collect());
    DomainSpec::Polytope {
        origin: "simplex".into(),
        rows,
    }
}

/// Checks a polytope's f-vector and triangulation: Euler-Poincare; the f-vector agrees with the
/// face lattice; every simplex has d + 1 vertices and non-zero volume; the volumes sum to
/// `volume`; each (d-1)-face of a simplex lies in a facet of the polytope and is shared by no
/// other simplex, or lies inside and is shared by exactly one other (so the simplices tile the
/// polytope); in 2D there are V - 2 triangles; and every triangulation without new vertices has
/// at least V - d simplices.
pub fn check_polytope_combinatorics<S>(
    polytope: &Polytope<S>,
    f_vector: &[usize],
    simplices: &[Vec<usize>],
    volume: &Rational,
) {
    let d = polytope.dim();
    assert_eq!(f_vector.len(), d);
    let euler: i64 = f_vector
        .iter()
        .enumerate()
        .map(|(k, &f)| if k % 2 == 0 { f as i64 } else { -(f as i64) })
        .sum();
    assert_eq!(
        euler,
        1 - if d.is_multiple_of(2) { 1 } else { -1 },
        "Euler-Poincare fails for {f_vector:?}"
    );
    assert_eq!(f_vector[0], polytope.vertices().len());
    assert_eq!(f_vector[d - 1], polytope.facets().len());
    assert_eq!(FaceLattice::of(polytope).f_vector(), f_vector);
    let mut total = Rational::from(0u32);
    let mut ridges: HashMap<Vec<usize>, usize> = HashMap::new();
    for simplex in simplices {
        assert_eq!(simplex.len(), d + 1);
        let points: Vec<&HomPoint> = simplex
            .iter()
            .map(|&v| &polytope.vertices()[v].point)
            .collect();
        let v = simplex_volume(&points);
        assert!(v > 0u32, "degenerate simplex {simplex:?}");
        total += v;
        for skip in 0..=d {
            let mut ridge: Vec<usize> = simplex
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, &v)| v)
                .collect();
            ridge.sort_unstable();
            *ridges.entry(ridge).or_insert(0) += 1;
        }
    }
    assert_eq!(&total, volume, "simplex volumes must sum to the volume");
    let facet_sets = polytope.facet_vertex_sets();
    for (ridge, count) in ridges {
        let on_boundary = facet_sets
            .iter()
            .any(|f| ridge.iter().all(|&v| f.contains(v)));
        assert_eq!(
            count,
            if on_boundary { 1 } else { 2 },
            "ridge {ridge:?} of the triangulation"
        );
    }
    if d == 2 {
        assert_eq!(simplices.len(), polytope.vertices().len() - 2);
    }
    assert!(simplices.len() + d >= polytope.vertices().len());
}
