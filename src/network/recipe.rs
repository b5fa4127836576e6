//! A [`RandomSpec`] as text: the arguments of `relupoly random` that draw the same network,
//! e.g. `--input-dim 3 --widths 16,16 --init he-normal --bias pytorch --seed 1`, written in a
//! fixed order with the optional ones only when set, and read back exactly (any order).

use super::random::{BiasInit, BlockKind, RandomSpec, WeightInit};
use std::fmt;
use std::str::FromStr;

impl fmt::Display for RandomSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<String> = self.widths.iter().map(usize::to_string).collect();
        write!(
            f,
            "--input-dim {} --widths {} --init {} --bias {} --seed {}",
            self.input_dim,
            widths.join(","),
            self.init,
            self.bias,
            self.seed
        )?;
        if let Some(bits) = self.bits {
            write!(f, " --bits {bits}")?;
        }
        if self.blocks != BlockKind::plain() {
            write!(f, " --blocks {}", self.blocks)?;
        }
        if let Some(rank) = self.first_layer_rank {
            write!(f, " --first-layer-rank {rank}")?;
        }
        if let Some(output) = self.output {
            write!(f, " --output {output}")?;
        }
        Ok(())
    }
}

impl FromStr for RandomSpec {
    type Err = String;

    /// Reads `--flag value` pairs (`--input-dim`, `--widths` and `--init` required; `--bias`
    /// defaults as in `relupoly random`: `integers:K` with `--init integers:K`, else pytorch;
    /// `--seed` to 0, `--blocks` to plain); an unknown, repeated or
    /// valueless flag is an error naming it. The recipe is not checked for drawability here
    /// ([`RandomSpec::generate`] does).
    fn from_str(text: &str) -> Result<RandomSpec, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if !words.len().is_multiple_of(2) {
            return Err(format!(
                "recipe \"{text}\": expected --flag value pairs, got {} words",
                words.len()
            ));
        }
        let mut seen = Vec::new();
        let mut spec = RandomSpec {
            input_dim: 0,
            widths: Vec::new(),
            output: None,
            init: WeightInit::HeNormal,
            bias: BiasInit::Pytorch,
            seed: 0,
            bits: None,
            blocks: BlockKind::plain(),
            first_layer_rank: None,
        };
        for pair in words.chunks(2) {
            let (flag, value) = (pair[0], pair[1]);
            if seen.contains(&flag) {
                return Err(format!("recipe: {flag} given twice"));
            }
            seen.push(flag);
            let number = |what: &str| -> Result<u64, String> {
                value
                    .parse()
                    .map_err(|_| format!("recipe: {what} \"{value}\" is not a whole number"))
            };
            let small = |what: &str| -> Result<u32, String> {
                u32::try_from(number(what)?)
                    .map_err(|_| format!("recipe: {what} \"{value}\" is too large"))
            };
            match flag {
                "--input-dim" => spec.input_dim = small(flag)? as usize,
                "--widths" => {
                    spec.widths = value
                        .split(',')
                        .map(|w| {
                            w.parse()
                                .map_err(|_| format!("recipe: --widths \"{value}\": \"{w}\""))
                        })
                        .collect::<Result<_, _>>()?
                }
                "--init" => spec.init = value.parse()?,
                "--bias" => spec.bias = value.parse()?,
                "--seed" => spec.seed = number(flag)?,
                "--bits" => spec.bits = Some(small(flag)?),
                "--blocks" => spec.blocks = value.parse()?,
                "--first-layer-rank" => spec.first_layer_rank = Some(small(flag)? as usize),
                "--output" => spec.output = Some(small(flag)? as usize),
                other => return Err(format!("recipe: unknown flag \"{other}\"")),
            }
        }
        for required in ["--input-dim", "--widths", "--init"] {
            if !seen.contains(&required) {
                return Err(format!("recipe \"{text}\": {required} is missing"));
            }
        }
        if !seen.contains(&"--bias") {
            spec.bias = match spec.init {
                WeightInit::Integers(k) => BiasInit::Integers(k),
                _ => BiasInit::Pytorch,
            };
        }
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipe_is_read_back_from_its_text() {
        for text in [
            "--input-dim 3 --widths 16,16 --init he-normal --bias pytorch --seed 1",
            "--input-dim 2 --widths 4 --init integers:2 --bias integers:2 --seed 7 --bits 12 --blocks residual-leaky:1/10 --first-layer-rank 1 --output 1",
        ] {
            let spec: RandomSpec = text.parse().unwrap();
            assert_eq!(spec.to_string(), text);
            assert_eq!(spec.to_string().parse::<RandomSpec>().unwrap(), spec);
        }
        let defaulted: RandomSpec = "--widths 5 --init integers:3 --input-dim 2"
            .parse()
            .unwrap();
        assert_eq!(defaulted.bias, BiasInit::Integers(3));
        assert_eq!(defaulted.seed, 0);
        for (bad, says) in [
            ("--input-dim 2 --widths 4", "--init is missing"),
            ("--input-dim 2 --widths 4 --init he-normal --seed", "pairs"),
            (
                "--input-dim 2 --input-dim 3 --widths 4 --init he-normal",
                "given twice",
            ),
            ("--input-dim 2 --widths 4,x --init he-normal", "\"x\""),
            (
                "--input-dim 2 --widths 4 --init he-normal --bits 4294967308",
                "too large",
            ),
            (
                "--input-dim 2 --widths 4 --init he-normal --depth 3",
                "unknown flag",
            ),
        ] {
            let e = bad.parse::<RandomSpec>().unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
