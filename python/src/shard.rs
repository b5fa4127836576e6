//! Shards from Python: one shard of a run as the part document `relupoly regions --shard K/N
//! --out PART` writes (with records), and the merge of a run's parts into what `regions`
//! returns. The engine that schedules the shards (Ray, see `relupoly.distributed`) is Python's.

use crate::convert::domain;
use crate::enumerate::{enumerate_error, interruptible, limits, RegionsAnswer};
use crate::network::PyNetwork;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use relupoly::io::{
    merge_parts, MergeOutputs, PartBytes, PartSource, PartWriter, ShardOptions, ShardRun,
};
use relupoly::regions::{EnumerateError, Limits, Run, Share};

/// Why a shard did not finish.
enum Failure {
    Enumerate(EnumerateError),
    Write(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Write(message)
    }
}

/// Shard `index` of `count` of the run of `network` on the domain: the part's bytes, with every
/// region's record.
#[pyfunction]
#[pyo3(signature = (network, kind, rows, index, count, volumes=true, complex=true,
                    simplices=false, frontier=None, threads=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn shard<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    kind: &str,
    rows: Option<Vec<Vec<String>>>,
    index: usize,
    count: usize,
    volumes: bool,
    complex: bool,
    simplices: bool,
    frontier: Option<usize>,
    threads: Option<usize>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let spec = domain(kind, rows)?;
    let share = Share { index, count };
    let run = Run::on(&network.inner, &spec)
        .map_err(|e| PyValueError::new_err(e.to_string()))?
        .with_limits(Limits {
            work_items: frontier,
            ..limits(volumes, None)
        })
        .with_complex(complex);
    let options = ShardOptions {
        volumes,
        lattice: true,
        complex,
        records: true,
        simplices,
        frontier,
    };
    let document = ShardRun::new(&network.inner, &spec, options);
    let written = interruptible(py, threads, progress, |cancel, latest| {
        let mut writer = PartWriter::new(Vec::new(), &document, share, "the part")?;
        let outcome = run
            .cancel_on(cancel)
            .fold_shard(
                share,
                &mut |p| *latest.lock().expect("unpoisoned") = Some(p),
                &mut [&mut writer],
            )
            .map_err(Failure::Enumerate)?;
        Ok(writer.finish(&outcome)?)
    })?;
    let bytes = written.map_err(|failure| match failure {
        Failure::Enumerate(e) => enumerate_error(e),
        Failure::Write(e) => PyValueError::new_err(e),
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// The parts of one run (bytes, named in errors by `names`) merged: the region records, the
/// summary and the adjacent pairs, as `regions` returns them. Refuses parts of different runs,
/// a shard missing or given twice, and a truncated or edited part (`ValueError`).
#[pyfunction]
pub fn merge(py: Python<'_>, parts: Vec<Vec<u8>>, names: Vec<String>) -> PyResult<RegionsAnswer> {
    let parts: Vec<PartBytes> = parts
        .into_iter()
        .zip(names)
        .map(|(bytes, name)| PartBytes { name, bytes })
        .collect();
    let answer = py.detach(|| {
        let sources: Vec<&dyn PartSource> = parts.iter().map(|p| p as &dyn PartSource).collect();
        let mut lines = Vec::new();
        let merged = merge_parts(
            &sources,
            MergeOutputs {
                records: true,
                patterns: false,
            },
            &mut |line| {
                lines.push(line.to_string());
                Ok(())
            },
        )?;
        let pairs = merged
            .complex
            .as_ref()
            .map(|c| c.adjacencies.iter().map(|a| a.regions).collect());
        Ok::<_, String>((
            lines,
            relupoly::io::summary_json(&merged.summary, false),
            pairs,
        ))
    });
    answer.map_err(PyValueError::new_err)
}
