//! The arithmetic a polytope's cut needs, as an interface: exact (the crate's default) or f64
//! (the float twin the benchmarks measure the cost of exactness against).

use super::{Facet, Polytope, Vertex};
use crate::exact::{rational_to_f64, AffineForm, FormApproximation, HomPoint, Rational, SignTally};
use malachite::base::num::logic::traits::SignificantBits;
use std::cmp::Ordering;
use std::fmt::Debug;

/// The geometric predicates and constructions [`super::Polytope::cut`] is built on; everything
/// else in the cut is combinatorial.
pub trait Kernel: Debug + Clone + PartialEq {
    /// An affine form `c_0 + c . x`.
    type Form: Debug + Clone + PartialEq;
    /// A point of R^d.
    type Point: Debug + Clone + PartialEq;
    /// A form made ready for many sign queries, once, and shared by the threads that query it.
    type Prepared: Debug + Send + Sync;
    /// Prepares `form` for [`Kernel::side`].
    fn prepare(form: &Self::Form) -> Self::Prepared;
    /// The sign of `form` at `point`; `prepared` is `form` prepared, and how the sign was
    /// decided is counted in `tally` (exact arithmetic only).
    fn side(
        form: &Self::Form,
        prepared: &Self::Prepared,
        point: &Self::Point,
        tally: &mut SignTally,
    ) -> Ordering;
    /// Whether the enumerator's cuts look crossings up among those already made (crate-private
    /// `Polytope::cut_remembering`). A crossing made from another edge on the same line is the
    /// same point only in exact arithmetic: in floats it carries that edge's rounding, and which
    /// piece made it first would change the output.
    const REMEMBERS_CROSSINGS: bool;
    /// What [`Kernel::crossing`] in dimension `dim` uses of an edge with a simple end, besides
    /// the edge's two ends (the cut looks up nothing more).
    fn crossing_aid(dim: usize) -> CrossingAid;
    /// The point where the segment from `positive` (form > 0) to `negative` (form < 0) crosses
    /// the form's zero set; `edge` is what the cut knows of the edge besides its ends (only
    /// what [`Kernel::crossing_aid`] asks for, else [`EdgeFacts::Ends`]). The same point
    /// whatever `edge` holds.
    fn crossing(
        form: &Self::Form,
        positive: &Self::Point,
        negative: &Self::Point,
        edge: EdgeFacts<'_, Self::Form>,
    ) -> Self::Point;
    /// Whether `form` vanishes at `point` (exactly, in exact arithmetic).
    fn vanishes(form: &Self::Form, point: &Self::Point) -> bool;
    /// [`Kernel::vanishes`] for a form that was prepared (`prepared`): the same answer, which
    /// the preparation may give without the exact arithmetic when the form does not vanish.
    /// Asked only by kernels that remember crossings ([`Kernel::REMEMBERS_CROSSINGS`]); by
    /// default the plain [`Kernel::vanishes`].
    fn vanishes_prepared(
        form: &Self::Form,
        _prepared: &Self::Prepared,
        point: &Self::Point,
    ) -> bool {
        Self::vanishes(form, point)
    }
    /// The facet inequalities a cut by `form` creates: `form >= 0` and `form <= 0`, normalised.
    fn facet_forms(form: &Self::Form) -> (Self::Form, Self::Form);
    /// The lexicographic order of points (coordinates in turn).
    fn cmp_points(a: &Self::Point, b: &Self::Point) -> Ordering;
    /// The size of `point`'s representation in 64-bit words: what arithmetic on it costs, for
    /// estimates of work.
    fn words(point: &Self::Point) -> u64;
}

/// What a kernel's crossing uses of an edge besides its two ends ([`Kernel::crossing_aid`]),
/// when one of the ends is a simple vertex (on exactly `d` facets, whose normals are then
/// independent); at an edge between two non-simple vertices only the ends are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossingAid {
    /// The two ends alone.
    Ends,
    /// The `d - 1` facets containing the edge.
    EdgeFacets,
    /// The simple end's one facet that does not contain the edge.
    Beside,
}

/// What the cut knows of an edge besides its two ends, for [`Kernel::crossing`].
#[derive(Debug, Clone, Copy)]
pub enum EdgeFacts<'a, F> {
    /// Nothing more.
    Ends,
    /// The inequalities of `d - 1` facets with independent normals containing the edge (so the
    /// crossing is also where they and the form vanish together).
    Facets(&'a [&'a F]),
    /// The inequality of a simple end's facet that does not contain the edge, and whether that
    /// end is the negative one.
    Beside {
        /// The facet's inequality.
        facet: &'a F,
        /// Whether the simple end is the edge's negative end.
        at_negative: bool,
    },
}

/// Exact integer arithmetic: forms are integer [`AffineForm`]s, points [`HomPoint`]s; signs go
/// through a float filter with a proven error bound and fall back to integers when it cannot
/// decide (`proofs/filtered-predicates.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact;

impl Kernel for Exact {
    type Form = AffineForm;
    type Point = HomPoint;
    type Prepared = FormApproximation;
    const REMEMBERS_CROSSINGS: bool = true;

    fn prepare(form: &AffineForm) -> FormApproximation {
        FormApproximation::new(form)
    }

    fn side(
        form: &AffineForm,
        prepared: &FormApproximation,
        point: &HomPoint,
        tally: &mut SignTally,
    ) -> Ordering {
        prepared.side(form, point, tally)
    }

    /// The edge's facets up to dimension `FACET_CROSSING_MAX_DIM` (4), the facet beside a
    /// simple end above.
    fn crossing_aid(dim: usize) -> CrossingAid {
        if dim <= FACET_CROSSING_MAX_DIM {
            CrossingAid::EdgeFacets
        } else {
            CrossingAid::Beside
        }
    }

    /// From the edge's facets, the point where they and `form` vanish
    /// ([`AffineForm::common_zero`]: minors of the forms, whose coefficients are far smaller
    /// than the ends' coordinates); beside a simple end, [`AffineForm::edge_crossing_beside`]
    /// (the crossing's coordinates divided by the facet's value at the other end before their
    /// greatest common divisor is found); from the ends alone, [`AffineForm::edge_crossing`].
    /// All three give the same canonical point.
    fn crossing(
        form: &AffineForm,
        positive: &HomPoint,
        negative: &HomPoint,
        edge: EdgeFacts<'_, AffineForm>,
    ) -> HomPoint {
        match edge {
            EdgeFacts::Ends => form.edge_crossing(positive, negative),
            EdgeFacts::Facets(facets) => {
                let forms: Vec<&AffineForm> = facets.iter().copied().chain([form]).collect();
                AffineForm::common_zero(&forms)
            }
            EdgeFacts::Beside { facet, at_negative } => {
                form.edge_crossing_beside(positive, negative, facet, at_negative)
            }
        }
    }

    fn vanishes(form: &AffineForm, point: &HomPoint) -> bool {
        form.eval_scaled(point) == 0u32
    }

    /// Through the float filter first: a point found under a crossing's key but lying off the
    /// cut (a later layer's neuron bent elsewhere) is usually turned away without big integers.
    fn vanishes_prepared(
        form: &AffineForm,
        prepared: &FormApproximation,
        point: &HomPoint,
    ) -> bool {
        prepared.vanishes(form, point)
    }

    fn facet_forms(form: &AffineForm) -> (AffineForm, AffineForm) {
        let primitive = form.clone().primitive();
        let negated = primitive.negated();
        (primitive, negated)
    }

    fn cmp_points(a: &HomPoint, b: &HomPoint) -> Ordering {
        a.cmp_lex(b)
    }

    fn words(point: &HomPoint) -> u64 {
        point
            .homogeneous()
            .iter()
            .map(|c| c.unsigned_abs_ref().significant_bits() / 64 + 1)
            .sum()
    }
}

/// The largest dimension in which [`Exact`] computes a crossing from the edge's facets: there
/// the `(d + 1) 2^d` products of the minors cost less than the crossing's products of the ends'
/// coordinates and the reduction of the result (whole runs: 5-7% fewer instructions in R^2 and
/// R^3, 1% in R^4; in R^5, 9% more).
pub(crate) const FACET_CROSSING_MAX_DIM: usize = 4;

/// Plain f64 arithmetic with an absolute tolerance: the float twin. Not exact; used only to
/// measure what exactness costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Float64;

/// Values within this distance of zero count as zero in [`Float64`] (forms are normalised to
/// unit normal, so this is a distance).
pub const FLOAT_TOLERANCE: f64 = 1e-12;

impl Kernel for Float64 {
    type Form = Vec<f64>;
    type Point = Vec<f64>;
    type Prepared = Vec<f64>;
    const REMEMBERS_CROSSINGS: bool = false;

    fn prepare(form: &Vec<f64>) -> Vec<f64> {
        let norm = form[1..].iter().map(|c| c * c).sum::<f64>().sqrt();
        if norm == 0.0 {
            return form.clone();
        }
        form.iter().map(|c| c / norm).collect()
    }

    /// The sign of the unit-normal form `prepared` at `point`, up to [`FLOAT_TOLERANCE`].
    fn side(
        _form: &Vec<f64>,
        prepared: &Vec<f64>,
        point: &Vec<f64>,
        _tally: &mut SignTally,
    ) -> Ordering {
        let value = prepared[0]
            + prepared[1..]
                .iter()
                .zip(point)
                .map(|(c, x)| c * x)
                .sum::<f64>();
        if value > FLOAT_TOLERANCE {
            Ordering::Greater
        } else if value < -FLOAT_TOLERANCE {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }

    fn crossing_aid(_dim: usize) -> CrossingAid {
        CrossingAid::Ends
    }

    fn crossing(
        form: &Vec<f64>,
        positive: &Vec<f64>,
        negative: &Vec<f64>,
        _edge: EdgeFacts<'_, Vec<f64>>,
    ) -> Vec<f64> {
        let value =
            |p: &Vec<f64>| form[0] + form[1..].iter().zip(p).map(|(c, x)| c * x).sum::<f64>();
        let (a, b) = (value(positive), value(negative));
        let t = a / (a - b);
        positive
            .iter()
            .zip(negative)
            .map(|(p, n)| p + t * (n - p))
            .collect()
    }

    /// Within [`FLOAT_TOLERANCE`] of zero, the form made unit-normal.
    fn vanishes(form: &Vec<f64>, point: &Vec<f64>) -> bool {
        let unit = Float64::prepare(form);
        Float64::side(form, &unit, point, &mut SignTally::default()).is_eq()
    }

    fn facet_forms(form: &Vec<f64>) -> (Vec<f64>, Vec<f64>) {
        let unit = Float64::prepare(form);
        let negated = unit.iter().map(|c| -c).collect();
        (unit, negated)
    }

    fn cmp_points(a: &Vec<f64>, b: &Vec<f64>) -> Ordering {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    fn words(point: &Vec<f64>) -> u64 {
        point.len() as u64
    }
}

/// `value` rounded to f64 (infinite beyond the range), for the float twin only.
fn to_f64(value: &Rational) -> f64 {
    rational_to_f64(value).unwrap_or(if *value > 0u32 {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    })
}

impl<S: Clone> Polytope<S, Exact> {
    /// The polytope with every coordinate and coefficient rounded to f64 (incidences kept): the
    /// starting cell of the float twin.
    pub fn to_float(&self) -> Polytope<S, Float64> {
        Polytope {
            dim: self.dim,
            facets: self
                .facets
                .iter()
                .map(|f| Facet {
                    inequality: Float64::prepare(
                        &f.inequality.to_rationals().iter().map(to_f64).collect(),
                    ),
                    sources: f.sources.clone(),
                })
                .collect(),
            vertices: self
                .vertices
                .iter()
                .map(|v| Vertex {
                    point: v.point.to_rationals().iter().map(to_f64).collect(),
                    facets: v.facets.clone(),
                })
                .collect(),
        }
    }
}
