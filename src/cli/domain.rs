//! The domain options shared by the commands that enumerate: `--box LO,HI` or `--domain FILE|rd`.

use crate::exact::{parse_rational, Rational};
use crate::io::read_domain;
use crate::network::Network;
use crate::regions::{Domain, DomainSpec};
use clap::Args;
use std::path::{Path, PathBuf};

/// Where a network is studied, as given on the command line.
#[derive(Args)]
pub struct DomainArgs {
    /// The box [LO, HI]^d as LO,HI (exact numbers) [default: -1,1].
    #[arg(
        long = "box",
        value_name = "LO,HI",
        conflicts_with = "domain",
        allow_hyphen_values = true
    )]
    bounds: Option<String>,
    /// A polytope domain: JSON {"inequalities": [[b, a1, ..., ad], ...]} meaning b + a.x >= 0;
    /// or `rd` for the whole input space R^d (regions may then be unbounded; a file called rd
    /// is read as `./rd`).
    #[arg(long, value_name = "FILE|rd")]
    domain: Option<PathBuf>,
}

impl DomainArgs {
    /// Whether the domain is the whole space (`--domain rd`).
    pub fn is_whole_space(&self) -> bool {
        self.domain.as_ref().is_some_and(|p| p.as_os_str() == "rd")
    }

    /// The domain asked for, for input dimension `dim`: the file's rows, R^d, or the box
    /// (default `[-1, 1]^d`).
    pub fn spec(&self, dim: usize) -> Result<DomainSpec, String> {
        Ok(match (&self.domain, &self.bounds) {
            (Some(_), _) if self.is_whole_space() && Path::new("rd").exists() => {
                return Err(
                    "--domain rd means the whole space R^d, but a file called rd is here too: write --domain ./rd for the file"
                        .into(),
                )
            }
            (Some(_), _) if self.is_whole_space() => DomainSpec::WholeSpace,
            (Some(path), _) => {
                let (rows, origin) = read_domain(path, dim).map_err(|e| e.to_string())?;
                DomainSpec::Polytope { origin, rows }
            }
            (None, bounds) => {
                let (lo, hi) = parse_bounds(bounds.as_deref().unwrap_or("-1,1"))?;
                DomainSpec::Box { lo, hi }
            }
        })
    }

    /// The domain for `network`, built from [`DomainArgs::spec`].
    pub fn domain(&self, network: &Network) -> Result<Domain, String> {
        self.spec(network.input_dim())?
            .build(network)
            .map_err(|e| e.to_string())
    }
}

fn parse_bounds(text: &str) -> Result<(Rational, Rational), String> {
    let (lo, hi) = text.split_once(',').ok_or_else(|| {
        format!("--box {text}: expected LO,HI (two numbers separated by a comma)")
    })?;
    let parse =
        |part: &str| parse_rational(part).map_err(|e| format!("--box {text}: {e}: \"{part}\""));
    Ok((parse(lo)?, parse(hi)?))
}
