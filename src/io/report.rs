//! A sweep's report written into a folder: `report.md`, `report.json`, `report.html` (one
//! self-contained page: the Markdown's tables and text with every figure inlined, no script, no
//! external resource) and the figures as SVG files.

use super::plots::render_figure;
use crate::experiment::Report;
use std::fmt::Write;
use std::path::Path;

/// A report's pictures and page, rendered: the same report gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedReport {
    /// Each figure's name (relative to the report's folder, `/`-separated) and SVG, in the
    /// report's order.
    pub figures: Vec<(String, String)>,
    /// `report.html`.
    pub html: String,
}

/// Renders every figure of `report` and the HTML page that inlines them.
pub fn render_report(report: &Report) -> Result<RenderedReport, String> {
    let figures = report
        .figures
        .iter()
        .map(|f| {
            let svg = render_figure(f).map_err(|e| format!("{}: {e}", f.name()))?;
            Ok((f.name().to_string(), svg))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let html = page(&report.markdown, &figures);
    Ok(RenderedReport { figures, html })
}

/// Writes the figures, `report.md`, `report.json` (keys in alphabetical order) and
/// `report.html` into `out`, creating the folders the figures need.
pub fn write_report(out: &Path, report: &Report) -> Result<(), String> {
    let rendered = render_report(report)?;
    for (name, svg) in &rendered.figures {
        let path = name
            .split('/')
            .fold(out.to_path_buf(), |p, part| p.join(part));
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        write(&path, svg)?;
    }
    write(&out.join("report.md"), &report.markdown)?;
    let json = serde_json::to_value(&report.data).expect("the report serialises");
    write(&out.join("report.json"), &format!("{json}\n"))?;
    write(&out.join("report.html"), &rendered.html)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The page's style: readable tables, figures scaled to the window.
const STYLE: &str = "body{font-family:sans-serif;line-height:1.4;margin:1.5em auto;max-width:1700px;padding:0 1em;color:#111}\
table{border-collapse:collapse;font-size:13px;margin:0.5em 0}th,td{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}\
th{background:#eee}.wide{overflow-x:auto}code{background:#f3f3f3;padding:0 2px}\
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#444}\
nav li{display:inline;margin-right:1em}";

/// The HTML page of the report's Markdown, each image line `![caption](name)` replaced by the
/// figure of that name inlined.
fn page(markdown: &str, figures: &[(String, String)]) -> String {
    let mut body = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut table: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = Vec::new();
    let flush = |body: &mut String,
                 paragraph: &mut Vec<&str>,
                 table: &mut Vec<&str>,
                 list: &mut Vec<&str>| {
        if !paragraph.is_empty() {
            let _ = writeln!(body, "<p>{}</p>", inline(&paragraph.join(" ")));
            paragraph.clear();
        }
        if !table.is_empty() {
            body.push_str(&html_table(table));
            table.clear();
        }
        if !list.is_empty() {
            body.push_str("<ul>\n");
            for item in list.iter() {
                let _ = writeln!(body, "<li>{}</li>", inline(item));
            }
            body.push_str("</ul>\n");
            list.clear();
        }
    };
    for line in markdown.lines() {
        let trimmed = line.trim();
        let is_table = trimmed.starts_with('|');
        let is_item = trimmed.starts_with("- ");
        if !is_table && !table.is_empty()
            || !is_item && !list.is_empty()
            || (is_table || is_item) && !paragraph.is_empty()
        {
            flush(&mut body, &mut paragraph, &mut table, &mut list);
        }
        if trimmed.is_empty() {
            flush(&mut body, &mut paragraph, &mut table, &mut list);
        } else if let Some((level, text)) = heading(trimmed) {
            flush(&mut body, &mut paragraph, &mut table, &mut list);
            let id = anchor(text);
            if level == 2 {
                sections.push((id.clone(), text.to_string()));
            }
            let _ = writeln!(body, "<h{level} id=\"{id}\">{}</h{level}>", inline(text));
        } else if let Some((caption, name)) = image(trimmed) {
            flush(&mut body, &mut paragraph, &mut table, &mut list);
            match figures.iter().find(|(n, _)| n == name) {
                Some((_, svg)) => {
                    let svg = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
                    let _ = writeln!(
                        body,
                        "<figure id=\"{}\">\n{svg}\n<figcaption>{} (<code>{}</code>)</figcaption>\n</figure>",
                        anchor(name),
                        escape(caption),
                        escape(name)
                    );
                }
                None => {
                    let _ = writeln!(body, "<p>{}</p>", inline(trimmed));
                }
            }
        } else if is_table {
            table.push(trimmed);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            list.push(item);
        } else {
            paragraph.push(trimmed);
        }
    }
    flush(&mut body, &mut paragraph, &mut table, &mut list);
    let mut nav = String::from("<nav><ul>");
    for (id, text) in &sections {
        let _ = write!(nav, "<li><a href=\"#{id}\">{}</a></li>", escape(text));
    }
    nav.push_str("</ul></nav>\n");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>relupoly check report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{nav}{body}</body>\n</html>\n"
    )
}

/// A Markdown heading's level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    let text = line[level..].strip_prefix(' ')?;
    (1..=6).contains(&level).then_some((level, text))
}

/// A line that is exactly one image, `![caption](name)`.
fn image(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("![")?.strip_suffix(')')?;
    let (caption, name) = rest.rsplit_once("](")?;
    Some((caption, name))
}

/// An id made of the text's letters and digits, runs of anything else as one `-`.
fn anchor(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_string()
}

/// A Markdown table (header row, separator row, body rows) as HTML, scrolling sideways when
/// wide.
fn html_table(rows: &[&str]) -> String {
    // Cells are split at every `|` not escaped as `\|`.
    let cells = |row: &str| -> Vec<String> {
        let row = row.trim().trim_start_matches('|');
        let row = row.strip_suffix('|').unwrap_or(row);
        let mut cells = vec![String::new()];
        let mut chars = row.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    cells.last_mut().expect("one cell").push('|');
                    chars.next();
                }
                '|' => cells.push(String::new()),
                c => cells.last_mut().expect("one cell").push(c),
            }
        }
        cells.iter().map(|c| inline(c.trim())).collect()
    };
    let mut out = String::from("<div class=\"wide\"><table>\n");
    for (i, row) in rows.iter().enumerate() {
        if i == 1 && row.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        let tag = if i == 0 { "th" } else { "td" };
        out.push_str("<tr>");
        for cell in cells(row) {
            let _ = write!(out, "<{tag}>{cell}</{tag}>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table></div>\n");
    out
}

/// `&`, `<`, `>` and `"` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Markdown's inline marks as HTML: `code`, **strong**, *emphasis* (a mark without its closing
/// twin is kept as written); everything else escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (mark, tag) = if rest.starts_with('`') {
            ("`", "code")
        } else if rest.starts_with("**") {
            ("**", "strong")
        } else if rest.starts_with('*') {
            ("*", "em")
        } else {
            let first = rest.chars().next().map_or(0, char::len_utf8);
            let next = rest[first..]
                .find(['`', '*'])
                .map_or(rest.len(), |i| i + first);
            out.push_str(&escape(&rest[..next]));
            rest = &rest[next..];
            continue;
        };
        let after = &rest[mark.len()..];
        match after.find(mark).filter(|&end| end > 0) {
            Some(end) => {
                let inner = &after[..end];
                let inner = if tag == "code" {
                    escape(inner)
                } else {
                    inline(inner)
                };
                let _ = write!(out, "<{tag}>{inner}</{tag}>");
                rest = &after[end + mark.len()..];
            }
            None => {
                out.push_str(&escape(mark));
                rest = after;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_marks_become_html() {
        assert_eq!(
            inline("a *theorem* is `x < y` and **bold**, 3 * 4"),
            "a <em>theorem</em> is <code>x &lt; y</code> and <strong>bold</strong>, 3 * 4"
        );
        assert_eq!(inline("± `a` é*b*"), "± <code>a</code> é<em>b</em>");
        assert_eq!(heading("## Plots"), Some((2, "Plots")));
        assert_eq!(image("![a b](plots/x.svg)"), Some(("a b", "plots/x.svg")));
        assert_eq!(
            anchor("Verdicts per configuration"),
            "verdicts-per-configuration"
        );
    }

    #[test]
    fn a_page_has_its_tables_lists_and_figures() {
        let md = "# T\n\nSome *text*\non two lines.\n\n| a | b |\n|---|---|\n| 1 | `2` |\n| \\|x\\| | 3 |\n\n- one\n- two\n\n![the plot](plots/p.svg)\n";
        let figures = vec![(
            "plots/p.svg".to_string(),
            "<svg width=\"1\" height=\"1\"></svg>".to_string(),
        )];
        let html = page(md, &figures);
        assert!(
            html.contains("<p>Some <em>text</em> on two lines.</p>"),
            "{html}"
        );
        assert!(html.contains("<tr><th>a</th><th>b</th></tr>\n<tr><td>1</td><td><code>2</code></td></tr>\n<tr><td>|x|</td><td>3</td></tr>"), "{html}");
        assert!(
            html.contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<figure id=\"plots-p-svg\">\n<svg width=\"1\" height=\"1\"></svg>\n<figcaption>the plot"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("http"),
            "{html}"
        );
    }
}
