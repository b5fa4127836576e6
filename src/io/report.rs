//! A sweep's report written into a folder: `report.md`, `report.json` and the figures.

use super::plots::{plot_distributions, plot_lines};
use crate::experiment::{Figure, Report};
use std::path::Path;

/// Writes the figures, `report.md` and `report.json` (keys in alphabetical order) into `out`,
/// creating the folders the figures need.
pub fn write_report(out: &Path, report: &Report) -> Result<(), String> {
    for figure in &report.figures {
        draw(out, figure)?;
    }
    std::fs::write(out.join("report.md"), &report.markdown)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    let json = serde_json::to_value(&report.data).expect("the report serialises");
    std::fs::write(out.join("report.json"), format!("{json}\n"))
        .map_err(|e| format!("{}: {e}", out.display()))
}

fn draw(out: &Path, figure: &Figure) -> Result<(), String> {
    let name = match figure {
        Figure::Distributions { name, .. } | Figure::Lines { name, .. } => name,
    };
    let path = name
        .split('/')
        .fold(out.to_path_buf(), |p, part| p.join(part));
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }
    match figure {
        Figure::Distributions { title, panels, .. } => {
            let panels: Vec<_> = panels.iter().map(|(label, h)| (*label, h)).collect();
            plot_distributions(&path, title, &panels)
        }
        Figure::Lines {
            title,
            axes,
            series,
            reference,
            ..
        } => plot_lines(&path, title, *axes, series, *reference),
    }
}
