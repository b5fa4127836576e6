//! The domain options shared by the commands that enumerate: `--box LO,HI` or `--domain FILE|rd`,
//! and `--slice FILE` (the domain is then in slice coordinates).

use crate::exact::{parse_rational, Rational};
use crate::io::{read_domain, read_slice};
use crate::network::{Network, Slice};
use crate::regions::DomainSpec;
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
    /// Study the network on an affine slice t -> x0 + U t of its input space (1 to 4
    /// dimensions): JSON {"origin": [...], "directions": [[...], ...]} or {"through": [p0, p1,
    /// ...]}. --box and --domain are then in slice coordinates; the default domain is the
    /// simplex spanned by the points of "through", or [-1, 1]^k.
    #[arg(long, value_name = "FILE")]
    slice: Option<PathBuf>,
}

/// The network to enumerate and where: the network itself, or with `--slice` its restriction to
/// the slice (input = slice coordinates), and the domain in those coordinates.
pub struct Studied {
    /// The network whose regions are enumerated (restricted to the slice, if any).
    pub network: Network,
    /// The slice, if any.
    pub slice: Option<Slice>,
    /// The domain, in the enumerated network's input coordinates.
    pub spec: DomainSpec,
    /// The slice's description for titles (`on the slice FILE (k-dimensional) of R^n, `), or
    /// empty.
    pub prefix: String,
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

    /// `network` restricted to the slice if one was given, with the domain asked for: with a
    /// slice given by points and neither --box nor --domain, the simplex the points span.
    pub fn study(&self, network: Network) -> Result<Studied, String> {
        let Some(path) = &self.slice else {
            let spec = self.spec(network.input_dim())?;
            return Ok(Studied {
                network,
                slice: None,
                spec,
                prefix: String::new(),
            });
        };
        let slice = read_slice(path).map_err(|e| e.to_string())?;
        let restricted = network
            .on_slice(&slice)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let spec = match slice.simplex_rows() {
            Some(rows) if self.domain.is_none() && self.bounds.is_none() => DomainSpec::Polytope {
                origin: "the simplex spanned by the slice's points".into(),
                rows,
            },
            _ => self.spec(slice.dim())?,
        };
        let prefix = format!(
            "the slice {} ({}-dimensional) of R^{}, ",
            path.display(),
            slice.dim(),
            slice.input_dim()
        );
        Ok(Studied {
            network: restricted,
            slice: Some(slice),
            spec,
            prefix,
        })
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
