//! Charts for reports, drawn with plotters: a dyad's timeline (events per
//! period stacked by quad class, with the mean Goldstein score as a line)
//! and a signed network (friends in green, enemies in red). `.svg` or
//! `.png`, chosen by the file name.
//!
//! plotters needs a font to measure and draw text; entente uses a TrueType
//! font installed on the system (DejaVu, Liberation, Noto, ...) rather than
//! shipping one.

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result, bail};
use entente_relations::history::{PeriodRow, StateRow};
use entente_relations::network::SignedNetwork;
use plotters::prelude::*;

/// Font files tried, in order.
const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// Registers a system font as plotters' "sans-serif", once.
fn ensure_font() -> Result<()> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    let r = DONE.get_or_init(|| {
        let mut tried = Vec::new();
        let mut candidates: Vec<std::path::PathBuf> = FONT_CANDIDATES.iter().map(Into::into).collect();
        if let Ok(extra) = std::env::var("ENTENTE_FONT") {
            candidates.insert(0, extra.into());
        }
        for p in candidates {
            tried.push(p.display().to_string());
            if let Ok(bytes) = std::fs::read(&p) {
                let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
                if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                    return Ok(());
                }
            }
        }
        Err(format!(
            "no TrueType font found for drawing charts (tried {}); install one (Debian: apt-get install fonts-dejavu-core) or point ENTENTE_FONT at a .ttf file",
            tried.join(", ")
        ))
    });
    r.clone().map_err(|e| anyhow::anyhow!(e))
}

fn is_png(path: &Path) -> Result<bool> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(true),
        Some("svg") => Ok(false),
        _ => bail!("{}: a chart is written as .svg or .png", path.display()),
    }
}

/// Draws a chart with `$draw` (a closure taking the drawing area) on a
/// canvas of `$size` pixels, as PNG or SVG by the file's extension. A
/// macro because the two backends are different types.
macro_rules! render {
    ($path:expr, $size:expr, $draw:expr) => {{
        let path: &Path = $path;
        ensure_font()?;
        if is_png(path)? {
            let root = BitMapBackend::new(path, $size).into_drawing_area();
            ($draw)(&root).with_context(|| format!("drawing {}", path.display()))?;
            root.present()
                .with_context(|| format!("writing {}", path.display()))?;
        } else {
            let root = SVGBackend::new(path, $size).into_drawing_area();
            ($draw)(&root).with_context(|| format!("drawing {}", path.display()))?;
            root.present()
                .with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    }};
}

const QUAD_COLOURS: [RGBColor; 4] = [
    RGBColor(120, 190, 120), // verbal cooperation
    RGBColor(30, 130, 60),   // material cooperation
    RGBColor(240, 160, 80),  // verbal conflict
    RGBColor(200, 40, 40),   // material conflict
];
const QUAD_NAMES: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];

/// Draws a dyad's timeline.
pub fn timeline(path: &Path, title: &str, rows: &[PeriodRow], states: &[StateRow]) -> Result<()> {
    render!(path, (1200, 650), |root| draw_timeline(
        root, title, rows, states
    ))
}

fn draw_timeline<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    rows: &[PeriodRow],
    states: &[StateRow],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow::anyhow!("{e:?}");
    root.fill(&WHITE).map_err(err)?;
    let n = rows.len().max(1);
    let max = rows.iter().map(|r| r.total()).max().unwrap_or(1).max(1) as f64 * 1.15;
    let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
    let step = (n / 12).max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 24))
        .margin(16)
        .x_label_area_size(55)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(0f64..n as f64, 0f64..max)
        .map_err(err)?
        .set_secondary_coord(0f64..n as f64, -10f64..10f64);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(14))
        .x_label_formatter(&|x| {
            let i = x.floor() as usize;
            if i < labels.len() && i.is_multiple_of(step) {
                labels[i].clone()
            } else {
                String::new()
            }
        })
        .x_desc("period")
        .y_desc("events")
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    chart
        .configure_secondary_axes()
        .y_desc("mean Goldstein score (line)")
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    for q in 0..4 {
        let colour = QUAD_COLOURS[q];
        chart
            .draw_series(rows.iter().enumerate().map(|(i, r)| {
                let below: u64 = r.counts[..q].iter().sum();
                let top = below + r.counts[q];
                Rectangle::new(
                    [(i as f64 + 0.1, below as f64), (i as f64 + 0.9, top as f64)],
                    colour.filled(),
                )
            }))
            .map_err(err)?
            .label(QUAD_NAMES[q])
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
    }
    let points: Vec<(f64, f64)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.goldstein_mean().map(|m| (i as f64 + 0.5, m)))
        .collect();
    // The mean is drawn as a line only across consecutive periods with
    // events: a period without events has no mean to join.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, r) in rows.iter().enumerate() {
        match r.goldstein_mean() {
            Some(m) => runs
                .last_mut()
                .map_or((), |run| run.push((i as f64 + 0.5, m))),
            None => {
                if runs.last().is_some_and(|run| !run.is_empty()) {
                    runs.push(Vec::new());
                }
            }
        }
    }
    for run in runs.into_iter().filter(|run| run.len() > 1) {
        chart
            .draw_secondary_series(LineSeries::new(run, BLUE.stroke_width(2)))
            .map_err(err)?;
    }
    chart
        .draw_secondary_series(std::iter::empty::<PathElement<(f64, f64)>>())
        .map_err(err)?
        .label("mean Goldstein score")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], BLUE.stroke_width(2)));
    chart
        .draw_secondary_series(points.iter().map(|p| Circle::new(*p, 3, BLUE.filled())))
        .map_err(err)?;
    // The decayed tone as a dashed grey line: the relationship's state.
    if !states.is_empty() {
        let tone: Vec<(f64, f64)> = states
            .iter()
            .enumerate()
            .map(|(i, s)| (i as f64 + 1.0, s.tone.mean()))
            .collect();
        chart
            .draw_secondary_series(LineSeries::new(tone, RGBColor(90, 90, 90).stroke_width(1)))
            .map_err(err)?
            .label("decayed tone (state)")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 12, y)], RGBColor(90, 90, 90)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    Ok(())
}

/// Node positions by a spring layout (Fruchterman–Reingold), started on a
/// circle so that the result is the same on every run.
pub fn layout(net: &SignedNetwork) -> Vec<(f64, f64)> {
    let n = net.nodes.len();
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = i as f64 / n.max(1) as f64 * std::f64::consts::TAU;
            (a.cos(), a.sin())
        })
        .collect();
    if n < 3 {
        return pos;
    }
    let index: std::collections::HashMap<&str, usize> = net
        .nodes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize, i8)> = net
        .edges
        .iter()
        .filter_map(|e| {
            Some((
                index.get(e.a.as_str()).copied()?,
                index.get(e.b.as_str()).copied()?,
                e.sign,
            ))
        })
        .collect();
    let k = (4.0 / n as f64).sqrt();
    let mut temp = 0.2;
    for _ in 0..300 {
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                    let d = (dx * dx + dy * dy).sqrt().max(1e-3);
                    let f = k * k / d;
                    disp[i].0 += dx / d * f;
                    disp[i].1 += dy / d * f;
                }
            }
        }
        for &(a, b, sign) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            // Friends pull together; enemies pull less.
            let f = d * d / k * if sign > 0 { 1.0 } else { 0.3 };
            disp[a].0 -= dx / d * f;
            disp[a].1 -= dy / d * f;
            disp[b].0 += dx / d * f;
            disp[b].1 += dy / d * f;
        }
        for i in 0..n {
            let l = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1)
                .sqrt()
                .max(1e-9);
            pos[i].0 += disp[i].0 / l * l.min(temp);
            pos[i].1 += disp[i].1 / l * l.min(temp);
        }
        temp *= 0.985;
    }
    pos
}

/// Draws a signed network.
pub fn network(path: &Path, title: &str, net: &SignedNetwork) -> Result<()> {
    render!(path, (1000, 850), |root| draw_network(root, title, net))
}

fn draw_network<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    net: &SignedNetwork,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow::anyhow!("{e:?}");
    root.fill(&WHITE).map_err(err)?;
    let pos = layout(net);
    let (minx, maxx) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (miny, maxy) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let pad = 0.15 * ((maxx - minx).max(maxy - miny)).max(0.5);
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 22))
        .margin(20)
        .build_cartesian_2d((minx - pad)..(maxx + pad), (miny - pad)..(maxy + pad))
        .map_err(err)?;
    let index: std::collections::HashMap<&str, usize> = net
        .nodes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let green = RGBColor(30, 140, 60);
    let red = RGBColor(200, 40, 40);
    for e in &net.edges {
        let (Some(&a), Some(&b)) = (index.get(e.a.as_str()), index.get(e.b.as_str())) else {
            continue;
        };
        let colour = if e.sign > 0 { green } else { red };
        let width = (1.0 + e.weight / 2.0).round() as u32;
        let style = if e.manual.is_some() {
            colour.mix(0.5).stroke_width(width)
        } else {
            colour.stroke_width(width)
        };
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![pos[a], pos[b]],
                style,
            )))
            .map_err(err)?;
    }
    for (i, name) in net.nodes.iter().enumerate() {
        chart
            .draw_series(std::iter::once(Circle::new(
                pos[i],
                7,
                RGBColor(40, 60, 120).filled(),
            )))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at(pos[i])
                    + Text::new(
                        name.clone(),
                        (9, -16),
                        ("sans-serif", 15).into_font().color(&BLACK),
                    ),
            ))
            .map_err(err)?;
    }
    // Legend.
    chart
        .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
        .map_err(err)?
        .label("friends (positive tie)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], green.stroke_width(3)));
    chart
        .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
        .map_err(err)?
        .label("enemies (negative tie)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], red.stroke_width(3)));
    if net.edges.iter().any(|e| e.manual.is_some()) {
        let grey = RGBColor(120, 120, 120);
        chart
            .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
            .map_err(err)?
            .label("paler: declared by an analyst (--ties)")
            .legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 14, y)], grey.mix(0.5).stroke_width(3))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(err)?;
    Ok(())
}
