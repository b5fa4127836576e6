//! The command-line interface: argument parsing and printing only; the work is done by the
//! library layers.

/// Appends one formatted line to a `String`.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

mod check;
mod compare;
mod construct;
mod dataset;
mod decision;
mod domain;
mod import;
mod merge;
mod polytope;
mod random;
mod recipe;
mod regions;
mod search;
mod theory;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// Exact geometry of ReLU networks.
#[derive(Parser)]
#[command(name = "relupoly", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads [default: one per core, or RAYON_NUM_THREADS]; the output is the same
    /// for any number.
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
}

#[derive(Subcommand)]
enum Command {
    /// Sweep random networks, check every applicable bound of the theory catalogue, write a report.
    Check(check::CheckArgs),
    /// Enumerate every activation region of a network on a domain, exactly.
    Regions(regions::RegionsArgs),
    /// Put the parts of a sharded run (`regions --shard K/N --out PART`) together: the same
    /// summary, records and graph as the unsharded run, byte for byte.
    Merge(merge::MergeArgs),
    /// The decision regions of a classifier (its output layer's argmax) on a bounded domain or
    /// slice: the cells and their classes, the boundary complex, per class its components and
    /// Betti numbers over GF(2).
    Decision(decision::DecisionArgs),
    /// Every bound and identity of the theory catalogue on one network: kind, verdict, exact
    /// values; the genericity decision; the bent hyperplanes' Euler characteristics.
    Theory(theory::TheoryArgs),
    /// Build a network on purpose (the genus grid behind the refutation of Gaines & Bi's
    /// Thm 3.1/3.4 in R^3).
    Construct(construct::ConstructArgs),
    /// Search, by random restarts and local moves evaluated exactly over R^d, for networks on
    /// which a published bound fails.
    Search(search::SearchArgs),
    /// Generate the ground-truth dataset (networks, exact results, polytope corpus, manifest),
    /// cross-checked with lrs.
    Dataset(dataset::DatasetArgs),
    /// Compare another engine's regions, vertices, facets and adjacencies with the exact
    /// enumeration; exit status 1 if they differ.
    Compare(compare::CompareArgs),
    /// Write a seeded random network in the relupoly format.
    Random(random::RandomArgs),
    /// Convert a trained network (PyTorch state_dict as safetensors or .npz) to the relupoly
    /// format, exactly.
    Import(import::ImportArgs),
    /// Vertices, facets, face lattice, f-vector, pulling triangulation and volume of one
    /// polytope, exactly.
    Polytope(polytope::PolytopeArgs),
}

/// The most worker threads `--threads` starts (each has its own stack and work queue; more
/// than the machine's cores only adds overhead).
const MAX_THREADS: usize = 1024;

/// Writes `text` to standard output; a closed pipe or a full disk is an error, not a panic.
fn emit(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to standard output: {e}"))
}

/// Runs the command line `std::env::args()` and returns the process exit code: 0 on success,
/// 1 when the work could not be done or an argument's value is unusable (the reason is printed on
/// stderr), 2 when the command line itself cannot be parsed (clap's usage error).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(threads) = cli.threads.filter(|&t| t > MAX_THREADS) {
        eprintln!("error: --threads {threads}: at most {MAX_THREADS} worker threads");
        return ExitCode::FAILURE;
    }
    if let Some(threads) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
        {
            eprintln!("error: --threads {threads}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Regions(args) => regions::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Decision(args) => decision::run(args),
        Command::Theory(args) => theory::run(args),
        Command::Construct(args) => construct::run(args),
        Command::Search(args) => search::run(args),
        Command::Random(args) => random::run(args),
        Command::Dataset(args) => dataset::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Polytope(args) => polytope::run(args),
        Command::Import(args) => import::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
