//! Enumerations from Python: every region at once (`regions`), the catalogue's verdicts
//! (`theory`), a comparison with another engine (`compare`), one polytope (`polytope`), and the
//! streamed regions (`iter_regions`, see `stream.rs`). The work runs on its own thread without
//! the GIL; the calling thread wakes every 50 ms to pass on progress and to stop the work on
//! Ctrl-C (a `KeyboardInterrupt`).

use crate::convert::{domain, matrix, sliced, SliceText};
use crate::network::PyNetwork;
use crate::stream::RegionStream;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use relupoly::exact::{AffineForm, HomPoint};
use relupoly::io::{
    boundary_json, comparison_json, decision_cell_record, decision_json, parse_engine_output,
    polytope_json, summary_json, theory_json, RecordMaker,
};
use relupoly::polytope::{FaceLattice, Polytope, PolytopeData};
use relupoly::regions::{decision_regions, EnumerateError, Limits, Progress, RegionConsumer, Run};
use relupoly::theory::{Case, CaseVerdicts};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often the waiting thread looks at signals and progress.
const TICK: Duration = Duration::from_millis(50);

/// An enumeration error as a Python exception: `relupoly.TooManyRegions(message, count,
/// limit)` past the region limit (`count` the lower bound on the regions when the run
/// stopped), `ValueError` otherwise (bad input).
pub fn enumerate_error(e: EnumerateError) -> PyErr {
    match e {
        EnumerateError::TooManyRegions { limit, at_least } => Python::attach(|py| {
            let raised = py
                .import("relupoly")
                .and_then(|module| module.getattr("TooManyRegions"))
                .and_then(|class| class.call1((e.to_string(), at_least, limit)));
            match raised {
                Ok(exception) => PyErr::from_value(exception),
                Err(failed) => failed,
            }
        }),
        other => PyValueError::new_err(other.to_string()),
    }
}

/// Runs `work` on a new thread (on a pool of `threads` workers if given) with the GIL
/// released; every tick, hands the latest progress to `progress` and checks for signals,
/// raising the cancellation flag and returning the signal's exception (after the work has
/// stopped) if one arrived.
pub fn interruptible<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    progress: Option<&Bound<'_, PyAny>>,
    work: impl FnOnce(&AtomicBool, &Mutex<Option<Progress>>) -> T + Send,
) -> PyResult<T> {
    let pool = match threads {
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?,
        ),
        None => None,
    };
    let cancel = AtomicBool::new(false);
    let latest = Mutex::new(None);
    std::thread::scope(|scope| {
        let handle = scope.spawn(|| match &pool {
            Some(pool) => pool.install(|| work(&cancel, &latest)),
            None => work(&cancel, &latest),
        });
        loop {
            let finished = py.detach(|| {
                let started = Instant::now();
                while !handle.is_finished() && started.elapsed() < TICK {
                    std::thread::sleep(Duration::from_millis(2));
                }
                handle.is_finished()
            });
            if finished {
                return Ok(handle
                    .join()
                    .expect("the enumeration thread does not panic"));
            }
            let reported = match (progress, latest.lock().expect("unpoisoned").take()) {
                (Some(callback), Some(p)) => callback
                    .call1((
                        p.frontier_pieces,
                        p.work_items_done,
                        p.work_items,
                        p.regions_so_far,
                    ))
                    .map(|_| ()),
                _ => Ok(()),
            };
            if let Err(e) = reported.and_then(|()| py.check_signals()) {
                cancel.store(true, Ordering::Relaxed);
                let _ = handle.join();
                return Err(e);
            }
        }
    })
}

/// The limits of a run from the Python arguments.
pub fn limits(volumes: bool, max_regions: Option<usize>) -> Limits {
    Limits {
        max_regions,
        skip_volumes: !volumes,
        ..Limits::default()
    }
}

/// What `regions` returns: the region records, the summary, and the adjacent pairs (with the
/// complex).
pub type RegionsAnswer = (Vec<String>, String, Option<Vec<(usize, usize)>>);

/// The region records of a run, in order.
struct Records {
    lines: Vec<String>,
    maker: RecordMaker,
}

impl RegionConsumer for Records {
    fn consume(&mut self, index: usize, region: &relupoly::regions::Region) -> Result<(), String> {
        self.lines.push(self.maker.record(index, region));
        Ok(())
    }
}

/// Every region of `network` on the domain, as region records (the JSON lines of
/// `relupoly regions --jsonl`), with the summary (`--summary-json`) and, with the complex, the
/// adjacent pairs. With `slice`, the network restricted to it, the domain in slice
/// coordinates and the records with their input-space points.
#[pyfunction]
#[pyo3(signature = (network, kind, rows=None, volumes=true, complex=true, simplices=false,
                    max_regions=None, threads=None, progress=None, slice=None))]
#[allow(clippy::too_many_arguments)]
pub fn regions(
    py: Python<'_>,
    network: &PyNetwork,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    volumes: bool,
    complex: bool,
    simplices: bool,
    max_regions: Option<usize>,
    threads: Option<usize>,
    progress: Option<&Bound<'_, PyAny>>,
    slice: Option<SliceText>,
) -> PyResult<RegionsAnswer> {
    let spec = domain(kind, rows)?;
    let (network, slice) = sliced(&network.inner, slice)?;
    let run = Run::on(&network, &spec)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .with_limits(limits(volumes, max_regions))
        .with_complex(complex);
    let outcome = interruptible(py, threads, progress, |cancel, latest| {
        let mut records = Records {
            lines: Vec::new(),
            maker: RecordMaker::new(simplices, slice),
        };
        let run = run.cancel_on(cancel);
        run.fold(
            &mut |p| *latest.lock().expect("unpoisoned") = Some(p),
            &mut [&mut records],
        )
        .map(|outcome| (records.lines, outcome))
    })?;
    let (lines, outcome) = outcome.map_err(enumerate_error)?;
    let pairs = outcome
        .complex
        .as_ref()
        .map(|c| c.adjacencies.iter().map(|a| a.regions).collect());
    Ok((lines, summary_json(&outcome.summary, false), pairs))
}

/// The regions of `network` on the domain, streamed: see `RegionStream`.
#[pyfunction]
#[pyo3(signature = (network, kind, rows=None, volumes=true, simplices=false, max_regions=None,
                    slice=None))]
pub fn iter_regions(
    network: &PyNetwork,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    volumes: bool,
    simplices: bool,
    max_regions: Option<usize>,
    slice: Option<SliceText>,
) -> PyResult<RegionStream> {
    let spec = domain(kind, rows)?;
    let (network, slice) = sliced(&network.inner, slice)?;
    let domain = spec
        .build(&network)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(RegionStream::start(
        network.into(),
        domain,
        limits(volumes, max_regions),
        simplices,
        slice,
    ))
}

/// The catalogue's verdicts on `network` over the domain: the JSON of `relupoly theory --json`.
#[pyfunction]
#[pyo3(signature = (network, kind, rows=None, max_regions=None, threads=None, slice=None))]
pub fn theory(
    py: Python<'_>,
    network: &PyNetwork,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    max_regions: Option<usize>,
    threads: Option<usize>,
    slice: Option<SliceText>,
) -> PyResult<String> {
    let spec = domain(kind, rows)?;
    let (network, _) = sliced(&network.inner, slice)?;
    let run = Run::on(&network, &spec)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .with_limits(limits(false, max_regions));
    let net = &network;
    interruptible(py, threads, None, |cancel, _| {
        let run = run.cancel_on(cancel);
        let (regions, outcome) = run.collect(&mut |_| {})?;
        let complex = outcome.complex.expect("the run builds the complex");
        let case = Case::new(net, run.domain(), &regions, &complex);
        Ok(theory_json(&case, &CaseVerdicts::of(&case)))
    })?
    .map_err(enumerate_error)
}

/// The decision regions of `network` (its output layer's argmax) on the bounded domain: the
/// JSON of `relupoly decision --json`, the cell records of `--cells` and the boundary of
/// `--boundary`.
#[pyfunction]
#[pyo3(signature = (network, kind, rows=None, max_regions=None, threads=None, slice=None))]
pub fn decision(
    py: Python<'_>,
    network: &PyNetwork,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    max_regions: Option<usize>,
    threads: Option<usize>,
    slice: Option<SliceText>,
) -> PyResult<(String, Vec<String>, String)> {
    let spec = domain(kind, rows)?;
    if spec.is_whole_space() {
        return Err(PyValueError::new_err(
            "decision regions need a bounded domain (a box, a polytope or a slice's domain), not \"rd\"",
        ));
    }
    let (network, slice) = sliced(&network.inner, slice)?;
    let run = Run::on(&network, &spec)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .with_limits(limits(false, max_regions))
        .with_complex(false);
    let regions = interruptible(py, threads, None, |cancel, _| {
        run.cancel_on(cancel).collect(&mut |_| {})
    })?
    .map_err(enumerate_error)?
    .0;
    let decision = decision_regions(&regions).map_err(PyValueError::new_err)?;
    let cells = (decision.cells.iter().enumerate())
        .map(|(i, cell)| decision_cell_record(i, cell, slice.as_ref()))
        .collect();
    Ok((
        decision_json(&decision),
        cells,
        boundary_json(&decision.boundary, slice.as_ref()),
    ))
}

/// Another engine's output (the JSON of `docs/compare.md`) against the exact enumeration:
/// the JSON of `relupoly compare --json`, its text, and whether they agree.
#[pyfunction]
#[pyo3(signature = (network, engine, kind, rows=None, tolerance=1e-6, threads=None, slice=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare(
    py: Python<'_>,
    network: &PyNetwork,
    engine: &str,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    tolerance: f64,
    threads: Option<usize>,
    slice: Option<SliceText>,
) -> PyResult<(String, String, bool)> {
    let (network, _) = sliced(&network.inner, slice)?;
    let engine = parse_engine_output(engine, "engine output", network.input_dim())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let spec = domain(kind, rows)?;
    let run = Run::on(&network, &spec).map_err(|e| PyValueError::new_err(e.to_string()))?;
    interruptible(py, threads, None, |cancel, _| {
        let (regions, outcome) = run.cancel_on(cancel).collect(&mut |_| {})?;
        let complex = outcome.complex.expect("the run builds the complex");
        let comparison = relupoly::compare::compare(&regions, &complex, &engine, tolerance);
        Ok((
            comparison_json(&comparison),
            comparison.to_text(),
            comparison.agrees(),
        ))
    })?
    .map_err(enumerate_error)
}

/// One polytope, from inequality rows `[b, a_1, ..., a_d]` (`b + a.x >= 0`) or from points:
/// the JSON of `relupoly polytope --json --lattice --simplices` (`lattice = false`: vertices
/// and facets only).
#[pyfunction]
#[pyo3(signature = (dim, inequalities=None, vertices=None, lattice=true))]
pub fn polytope(
    py: Python<'_>,
    dim: usize,
    inequalities: Option<Vec<Vec<String>>>,
    vertices: Option<Vec<Vec<String>>>,
    lattice: bool,
) -> PyResult<String> {
    let mut polytope = match (inequalities, vertices) {
        (Some(rows), None) => {
            let rows = matrix(&rows, "inequalities")?;
            if let Some(r) = rows.iter().position(|row| row.len() != dim + 1) {
                return Err(PyValueError::new_err(format!(
                    "inequalities, row {r}: has {} entries, expected {} (b, a_1, ..., a_{dim})",
                    rows[r].len(),
                    dim + 1
                )));
            }
            let labelled = rows
                .iter()
                .enumerate()
                .map(|(i, row)| (AffineForm::from_rationals(row), i))
                .collect();
            Polytope::from_inequalities(dim, labelled)
                .map_err(|e| PyValueError::new_err(e.to_string()))?
        }
        (None, Some(points)) => {
            let points = matrix(&points, "vertices")?;
            if let Some(p) = points.iter().position(|point| point.len() != dim) {
                return Err(PyValueError::new_err(format!(
                    "vertices, row {p}: has {} entries, expected {dim}",
                    points[p].len()
                )));
            }
            let points: Vec<HomPoint> =
                points.iter().map(|p| HomPoint::from_rationals(p)).collect();
            Polytope::convex_hull(dim, &points).map_err(|e| PyValueError::new_err(e.to_string()))?
        }
        _ => {
            return Err(PyValueError::new_err(
                "give exactly one of inequalities and vertices",
            ))
        }
    };
    py.detach(|| {
        polytope.sort_vertices_lex();
        let faces = lattice.then(|| FaceLattice::of(&polytope));
        let data = PolytopeData::measured(&polytope, faces.as_ref(), true);
        Ok(polytope_json(&data, faces.as_ref()))
    })
}
