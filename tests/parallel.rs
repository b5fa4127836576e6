//! Parallel enumeration: the same bytes whatever the number of threads and however the work is
//! cut below the frontier, regions streamed in pattern order, and a consumer that stops the work.

mod common;

use common::*;
use relupoly::io::{graph_record, summary_json, RecordMaker};
use relupoly::network::{Network, Pattern, WeightInit};
use relupoly::regions::{
    enumerate, Complex, Domain, EnumerateError, Limits, RegionConsumer, RegionList, Run, Summary,
};
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything `relupoly regions` writes about an enumeration: the JSONL records, the graph and
/// the summary, with the work cut into `work_items` runs of siblings (a small number puts the
/// frontier in the first layer, so most of the work is the depth-first search below it).
fn output(net: &Network, domain: &Domain, work_items: usize) -> String {
    let limits = Limits {
        work_items: Some(work_items),
        ..Limits::default()
    };
    let regions = enumerate(net, domain, limits, &mut |_| {}).unwrap();
    let complex = Complex::of(&regions);
    let mut records = RecordMaker::new(true, None);
    let mut text: String = regions
        .iter()
        .enumerate()
        .map(|(i, r)| records.record(i, r) + "\n")
        .collect();
    let patterns: Vec<Vec<String>> = regions.iter().map(|r| r.pattern_strings()).collect();
    text.push_str(&graph_record(&patterns, &complex));
    text.push_str(&summary_json(&Summary::of(&regions, &complex), false));
    text
}

fn with_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(work)
}

#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let cases = [
        (network(2, &[8, 8, 8], WeightInit::HeNormal, 1), false),
        (network(3, &[6, 6], WeightInit::Integers(1), 2), false),
        (network(3, &[5, 4], WeightInit::XavierNormal, 3), true),
        (
            network_of_kind(2, &[5, 5], WeightInit::Integers(2), "residual-leaky:1/3", 4),
            true,
        ),
    ];
    for (net, whole_space) in cases {
        let domain = if whole_space {
            Domain::whole_space(&net).unwrap()
        } else {
            unit_box(net.input_dim())
        };
        let reference = with_threads(1, || output(&net, &domain, 4096));
        for (threads, work_items) in [(1, 3), (2, 3), (2, 16), (4, 7), (2, 4096)] {
            let text = with_threads(threads, || output(&net, &domain, work_items));
            assert!(
                text == reference,
                "{threads} threads, {work_items} work items: the output differs"
            );
        }
    }
}

#[test]
fn streamed_regions_come_in_pattern_order_and_match_the_collected_ones() {
    let net = network(2, &[12, 12, 12], WeightInit::HeUniform, 5);
    let domain = unit_box(2);
    let collected = regions_of(&net, &domain);
    let mut patterns = Vec::new();
    let limits = Limits {
        work_items: Some(5),
        ..Limits::default()
    };
    with_threads(2, || {
        Run::new(&net, domain.clone())
            .with_limits(limits)
            .stream(&mut |_| {}, &mut |r| {
                patterns.push(r.pattern);
                Ok(())
            })
    })
    .unwrap();
    assert!(collected.len() > 256, "{} regions", collected.len());
    assert!(
        patterns.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing patterns"
    );
    let expected: Vec<Pattern> = collected.into_iter().map(|r| r.pattern).collect();
    assert_eq!(patterns, expected);
}

#[test]
fn a_consumer_error_stops_the_enumeration() {
    let net = network(2, &[10, 10, 10], WeightInit::HeUniform, 6);
    let mut seen = 0;
    let result = Run::new(&net, unit_box(2)).stream(&mut |_| {}, &mut |_| {
        seen += 1;
        if seen == 5 {
            Err("disk full".into())
        } else {
            Ok(())
        }
    });
    assert_eq!(result, Err(EnumerateError::Stopped("disk full".into())));
    assert_eq!(seen, 5);
    let limited = enumerate(
        &net,
        &unit_box(2),
        Limits {
            max_regions: Some(50),
            ..Limits::default()
        },
        &mut |_| {},
    );
    match limited.unwrap_err() {
        EnumerateError::TooManyRegions { limit, at_least } => {
            assert_eq!(limit, 50);
            assert!(
                at_least > 50,
                "the count when stopped exceeds the limit: {at_least}"
            );
        }
        other => panic!("expected TooManyRegions, got {other:?}"),
    }
}

#[test]
fn a_run_folds_every_region_into_its_consumers_in_pattern_order() {
    let net = network(2, &[8, 8, 8], WeightInit::HeUniform, 7);
    let domain = unit_box(2);
    let collected = regions_of(&net, &domain);
    let mut kept = RegionList::default();
    let mut consumers: Vec<&mut dyn RegionConsumer> = vec![&mut kept];
    let outcome = Run::new(&net, domain.clone())
        .fold(&mut |_| {}, &mut consumers)
        .unwrap();
    let complex = Complex::of(&collected);
    assert_eq!(outcome.summary, Summary::of(&collected, &complex));
    assert_eq!(outcome.complex.as_ref(), Some(&complex));
    let patterns = |regions: &[relupoly::regions::Region]| -> Vec<Pattern> {
        regions.iter().map(|r| r.pattern.clone()).collect()
    };
    assert_eq!(patterns(&kept.0), patterns(&collected));
    let without = Run::new(&net, domain)
        .with_complex(false)
        .fold(&mut |_| {}, &mut [])
        .unwrap();
    assert!(without.complex.is_none() && without.summary.complex.is_none());
    assert_eq!(without.summary.regions, collected.len());
}

#[test]
fn a_raised_flag_cancels_the_run() {
    let net = network(2, &[12, 12, 12], WeightInit::HeUniform, 5);
    let raised = AtomicBool::new(true);
    let mut seen = 0;
    let result = Run::new(&net, unit_box(2))
        .cancel_on(&raised)
        .stream(&mut |_| {}, &mut |_| {
            seen += 1;
            Ok(())
        });
    assert_eq!((result, seen), (Err(EnumerateError::Cancelled), 0));
    let flag = AtomicBool::new(false);
    let total = regions_of(&net, &unit_box(2)).len();
    let mut seen = 0;
    let result = Run::new(&net, unit_box(2))
        .with_limits(Limits {
            work_items: Some(64),
            ..Limits::default()
        })
        .cancel_on(&flag)
        .stream(&mut |_| {}, &mut |_| {
            seen += 1;
            flag.store(true, Ordering::Relaxed);
            Ok(())
        });
    assert_eq!(result, Err(EnumerateError::Cancelled));
    assert!(
        seen < total,
        "{seen} of {total} regions before the flag was read"
    );
}
