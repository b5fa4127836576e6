//! One hidden layer: the number of activation regions in the open box equals Zaslavsky's count,
//! the sum of |mu(X)| over the flats X of the arrangement that meet the open box. The flats,
//! their Moebius function and the "meets the open box" test (Fourier-Motzkin elimination with
//! strict inequalities) are computed here over Q, independently of the enumerator.

mod common;

use common::*;
use proptest::prelude::*;
use relupoly::exact::Rational;
use relupoly::network::WeightInit;
use std::collections::{BTreeSet, HashMap};

/// A hyperplane b + a.x = 0 scaled so that its first non-zero a-coefficient is 1.
fn normalised(row: &[Rational]) -> Option<Vec<Rational>> {
    let lead = row[1..].iter().find(|c| **c != 0u32)?.clone();
    Some(row.iter().map(|c| c / &lead).collect())
}

/// Row-reduces `rows` in place over Q and returns the pivot columns.
fn rref(rows: &mut Vec<Vec<Rational>>) -> Vec<usize> {
    let width = rows.first().map_or(0, Vec::len);
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..width {
        let Some(p) = (r..rows.len()).find(|&i| rows[i][c] != 0u32) else {
            continue;
        };
        rows.swap(r, p);
        let lead = rows[r][c].clone();
        for x in rows[r].iter_mut() {
            *x /= &lead;
        }
        for i in 0..rows.len() {
            if i != r && rows[i][c] != 0u32 {
                let f = rows[i][c].clone();
                let pivot_row = rows[r].clone();
                for (x, p) in rows[i].iter_mut().zip(&pivot_row) {
                    *x -= p * &f;
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    rows.truncate(r);
    pivots
}

/// Rows (b, a) of a system b + a.x = 0 laid out as [a | b] for elimination.
fn system(hyperplanes: &[Vec<Rational>], members: &BTreeSet<usize>) -> Vec<Vec<Rational>> {
    members
        .iter()
        .map(|&h| {
            let mut row = hyperplanes[h][1..].to_vec();
            row.push(hyperplanes[h][0].clone());
            row
        })
        .collect()
}

/// Whether the system is consistent (some x satisfies every equation).
fn consistent(rows: &[Vec<Rational>]) -> bool {
    let mut m = rows.to_vec();
    let d = rows.first().map_or(0, |r| r.len() - 1);
    !rref(&mut m).contains(&d)
}

/// Whether the flat {x : rows} meets the open box (-1, 1)^d.
fn meets_open_box(rows: &[Vec<Rational>], d: usize) -> bool {
    let mut m = rows.to_vec();
    let pivots = rref(&mut m);
    let free: Vec<usize> = (0..d).filter(|c| !pivots.contains(c)).collect();
    // x_pivot = -b - sum_free a_f t_f ; x_free = t_f. Each x_i as (coefficients on t, constant).
    let mut x: Vec<(Vec<Rational>, Rational)> = vec![(vec![q(0); free.len()], q(0)); d];
    for (k, &f) in free.iter().enumerate() {
        x[f].0[k] = q(1);
    }
    for (row, &p) in m.iter().zip(&pivots) {
        let coefs = free.iter().map(|&f| -row[f].clone()).collect();
        x[p] = (coefs, -row[d].clone());
    }
    // Strict constraints c.t < r: x_i < 1 and -x_i < 1.
    let mut constraints: Vec<(Vec<Rational>, Rational)> = Vec::new();
    for (coefs, constant) in x {
        constraints.push((coefs.clone(), q(1) - &constant));
        constraints.push((coefs.iter().map(|c| -c.clone()).collect(), q(1) + constant));
    }
    for k in 0..free.len() {
        let (mut pos, mut neg, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        for c in constraints {
            if c.0[k] > 0u32 {
                pos.push(c);
            } else if c.0[k] < 0u32 {
                neg.push(c);
            } else {
                rest.push(c);
            }
        }
        for p in &pos {
            for n in &neg {
                let (sp, sn) = (-n.0[k].clone(), p.0[k].clone());
                let coefs =
                    p.0.iter()
                        .zip(&n.0)
                        .map(|(a, b)| a * &sp + b * &sn)
                        .collect();
                rest.push((coefs, &p.1 * &sp + &n.1 * &sn));
            }
        }
        constraints = rest;
    }
    constraints.iter().all(|(_, r)| *r > 0u32)
}

/// Zaslavsky's count of the regions of the hyperplanes `rows` (b, a) inside the open box.
fn zaslavsky_count(rows: &[Vec<Rational>], d: usize) -> usize {
    let mut hyperplanes: Vec<Vec<Rational>> = Vec::new();
    for row in rows {
        if let Some(h) = normalised(row) {
            if !hyperplanes.contains(&h) {
                hyperplanes.push(h);
            }
        }
    }
    let contains = |flat_rows: &[Vec<Rational>], h: usize| {
        let mut with = flat_rows.to_vec();
        let mut row = hyperplanes[h][1..].to_vec();
        row.push(hyperplanes[h][0].clone());
        with.push(row);
        let mut a = flat_rows.to_vec();
        rref(&mut a).len() == rref(&mut with).len()
    };
    // Flats keyed by the set of hyperplanes containing them, generated level by level.
    let mut levels: Vec<Vec<BTreeSet<usize>>> = vec![vec![BTreeSet::new()]];
    let mut all: Vec<BTreeSet<usize>> = vec![BTreeSet::new()];
    loop {
        let mut next: Vec<BTreeSet<usize>> = Vec::new();
        for flat in levels.last().unwrap() {
            for h in 0..hyperplanes.len() {
                if flat.contains(&h) {
                    continue;
                }
                let mut members = flat.clone();
                members.insert(h);
                let rows_now = system(&hyperplanes, &members);
                if !consistent(&rows_now) {
                    continue;
                }
                let closed: BTreeSet<usize> = (0..hyperplanes.len())
                    .filter(|&g| contains(&rows_now, g))
                    .collect();
                if !next.contains(&closed) && !all.contains(&closed) {
                    next.push(closed);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        all.extend(next.iter().cloned());
        levels.push(next);
    }
    // Moebius function from the top (R^d), in order of generation (by codimension).
    let mut mu: HashMap<BTreeSet<usize>, i64> = HashMap::new();
    for flat in &all {
        let value = if flat.is_empty() {
            1
        } else {
            -all.iter()
                .filter(|y| y.len() < flat.len() && y.is_subset(flat))
                .map(|y| mu[y])
                .sum::<i64>()
        };
        mu.insert(flat.clone(), value);
    }
    all.iter()
        .filter(|flat| flat.is_empty() || meets_open_box(&system(&hyperplanes, flat), d))
        .map(|flat| mu[flat].unsigned_abs() as usize)
        .sum()
}

fn check_one_layer(d: usize, width: usize, init: WeightInit, seed: u64) {
    let net = network(d, &[width], init, seed);
    let layer = &net.hidden()[0];
    let rows: Vec<Vec<Rational>> = layer
        .weights
        .iter()
        .zip(&layer.biases)
        .map(|(w, b)| {
            std::iter::once(b.clone())
                .chain(w.iter().cloned())
                .collect()
        })
        .collect();
    let regions = regions_of(&net, &unit_box(d));
    assert_eq!(
        regions.len(),
        zaslavsky_count(&rows, d),
        "d={d} width={width} seed={seed}"
    );
}

#[test]
fn three_concurrent_lines_make_six_regions() {
    // x = 0, y = 0, x + y = 0 through the centre of the square: mu(origin) = 2.
    let rows = vec![
        vec![q(0), q(1), q(0)],
        vec![q(0), q(0), q(1)],
        vec![q(0), q(1), q(1)],
    ];
    assert_eq!(zaslavsky_count(&rows, 2), 6);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn generic_one_layer_counts_match(d in 2usize..=4, width in 1usize..=7, seed in 0u64..1_000_000) {
        check_one_layer(d, width, WeightInit::HeUniform, seed);
    }

    #[test]
    fn integer_one_layer_counts_match(d in 2usize..=3, width in 1usize..=6, k in 1u32..=2, seed in 0u64..1_000_000) {
        check_one_layer(d, width, WeightInit::Integers(k), seed);
    }
}
