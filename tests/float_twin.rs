//! The float twin runs the enumerator's algorithm in f64: on generic networks it must find the
//! same regions with the same face lattices and triangulation sizes, and volumes close to the
//! exact ones (it is a benchmark baseline; exactness is not expected of it on degenerate inputs).
#![cfg(feature = "float-twin")]

mod common;

use common::*;
use relupoly::exact::rational_to_f64;
use relupoly::network::WeightInit;
use relupoly::regions::{float_twin, twin_cube, Domain, Limits};

#[test]
fn the_float_twin_agrees_with_the_exact_enumeration_on_generic_networks() {
    for (d, widths, seed, whole_space) in [
        (2, vec![8, 8, 8], 1, false),
        (3, vec![6, 6], 2, false),
        (4, vec![5, 4], 3, false),
        (2, vec![6, 6], 4, true),
    ] {
        let net = network(d, &widths, WeightInit::HeNormal, seed);
        let domain = if whole_space {
            Domain::whole_space(&net).unwrap()
        } else {
            unit_box(d)
        };
        let exact = regions_of(&net, &domain);
        let twin_domain = if whole_space {
            twin_cube(&exact)
        } else {
            unit_box(d)
        };
        let twin = float_twin(&net, &twin_domain, Limits::default()).unwrap();
        assert_eq!(twin.len(), exact.len(), "d = {d}, seed {seed}");
        for (t, e) in twin.iter().zip(&exact) {
            assert_eq!(t.pattern, e.pattern);
            if whole_space {
                continue;
            }
            assert_eq!(t.facets, e.polytope.facets().len());
            assert_eq!(t.vertices, e.polytope.vertices().len());
            if let Some(volume) = &e.volume {
                assert_eq!(Some(t.simplices), e.simplex_count);
                let exact_volume = rational_to_f64(volume).unwrap();
                assert!(
                    (t.volume - exact_volume).abs() <= 1e-9 * exact_volume.max(1.0),
                    "volume {} vs {exact_volume}",
                    t.volume
                );
            }
        }
    }
}
