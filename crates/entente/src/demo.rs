//! `entente demo`: the whole pipeline on the sample corpus the project
//! ships (80 short dated reports on Afghanistan and its neighbours,
//! 1996–2025). One report is coded on its own and its events shown with
//! the rules and words behind them; then the corpus is coded into a
//! temporary store, and a dyad's
//! timeline, the signed network, its balance, why one tie holds and a
//! what-if are printed, each headed by the command that gives it on your
//! own store, and the charts are written to a directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use entente_coder::Coder;
use entente_datasets::documents::read_documents;
use entente_datasets::record::EventRecord;
use entente_relations::support::Change;
use entente_store::Store;

use crate::Outcome;
use crate::cli::{
    DemoArgs, IngestArgs, LevelArg, NetworkSpec, PeriodArg, ReportFormat, TextArgs, TimelineArgs,
};
use crate::relations_commands as rel;

/// The sample corpus (JSONL documents: id, date, title, text, source).
const SAMPLE_CORPUS: &str = include_str!("../samples/corpus.jsonl");

fn heading(out: &mut impl Write, title: &str, command: &str) -> Result<()> {
    writeln!(out, "\n== {title}\n   $ {command}\n")?;
    Ok(())
}

/// Draws a chart, or says why it could not (a missing font is not fatal
/// to the demo).
fn try_plot(out: &mut impl Write, path: &Path, draw: impl FnOnce() -> Result<()>) -> Result<()> {
    match draw() {
        Ok(()) => writeln!(out, "   chart: {}", path.display())?,
        Err(e) => writeln!(out, "   (no chart: {e:#})")?,
    }
    Ok(())
}

/// The report the demo codes on its own first.
const REPORT_ID: &str = "demo-056";

/// Codes one sample report of the corpus file and prints its text, its
/// events and the rule and words behind each.
fn show_one_report(out: &mut impl Write, coder: &Coder, corpus: &Path, id: &str) -> Result<()> {
    let (docs, _) = read_documents(
        corpus,
        "sample-corpus.jsonl",
        Some(SAMPLE_CORPUS.to_string()),
        None,
        None,
    )
    .context("reading the sample corpus")?;
    let doc = docs
        .into_iter()
        .map(|d| d.doc)
        .find(|d| d.id == id)
        .with_context(|| format!("sample report {id} is missing from the corpus"))?;
    heading(
        out,
        "One report, coded: who did what to whom, and the words that say so",
        &format!("entente code report.txt --date {} --format table", doc.date),
    )?;
    writeln!(out, "   {}\n", doc.text)?;
    let rows: Vec<EventRecord> = coder
        .code(&doc)
        .events
        .iter()
        .filter(|e| !e.negated)
        .map(|e| EventRecord::from_event(e, None))
        .collect();
    writeln!(out, "{}", crate::output::records_table(&rows))?;
    for r in &rows {
        writeln!(
            out,
            "   s{} {} {} -> {}: rule {}",
            r.sentence.unwrap_or(0),
            r.cameo.as_deref().unwrap_or(""),
            r.source.as_deref().unwrap_or("-"),
            r.target.as_deref().unwrap_or("-"),
            r.rule.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// Runs the demo.
pub fn run(args: DemoArgs) -> Result<Outcome> {
    let dir = tempfile::tempdir().context("creating a temporary directory")?;
    let corpus = dir.path().join("sample-corpus.jsonl");
    std::fs::write(&corpus, SAMPLE_CORPUS).context("writing the sample corpus")?;
    let db = dir.path().join("demo.db");
    std::fs::create_dir_all(&args.plots)
        .with_context(|| format!("creating {}", args.plots.display()))?;
    let plot = |name: &str| -> PathBuf { args.plots.join(name) };

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "entente demo: {} sample reports on Afghanistan and its neighbours (1996–2025), coded into a temporary store",
        SAMPLE_CORPUS
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count()
    )?;
    // One set of dictionaries for the single report and the whole corpus.
    let coder = crate::text_commands::load_coder(None, true)?;
    show_one_report(&mut out, &coder, &corpus, REPORT_ID)?;
    heading(
        &mut out,
        "Code all the reports into events",
        "entente ingest corpus.jsonl",
    )?;
    out.flush()?;
    crate::text_commands::ingest_with(
        &coder,
        &db,
        IngestArgs {
            paths: vec![corpus],
            text: TextArgs {
                date: None,
                id: None,
                dict: None,
                no_builtin: false,
            },
        },
    )?;
    let store = Store::open_existing(&db)?;
    let stats = store.stats()?;
    writeln!(
        out,
        "{} events among {} actors, {} to {}",
        stats.events,
        stats.actors,
        stats.first.map_or("-".into(), |d| d.to_string()),
        stats.last.map_or("-".into(), |d| d.to_string())
    )?;

    heading(
        &mut out,
        "How Iran and the Taliban moved, year by year",
        "entente timeline IRN AFGREBTAL --by year --plot timeline.svg",
    )?;
    let tl_args = TimelineArgs {
        a: "IRN".into(),
        b: "AFGREBTAL".into(),
        by: PeriodArg::Year,
        from: None,
        to: None,
        directed: false,
        exact: false,
        half_life: 365.0,
        include_negated: false,
        format: ReportFormat::Table,
        plot: None,
    };
    let tl = rel::compute_timeline(&store, &tl_args)?;
    write!(out, "{}", rel::timeline_text(&tl))?;
    let path = plot("timeline-IRN-AFGREBTAL.svg");
    try_plot(&mut out, &path, || {
        crate::plot::timeline(&path, &tl.title, &tl.rows, &tl.states)
    })?;

    let spec = NetworkSpec {
        at: None,
        from: Some("2021-09".into()),
        to: None,
        level: LevelArg::Country,
        half_life: 365.0,
        min_events: 1,
        threshold: 1.0,
        ties: None,
        include_negated: false,
    };
    heading(
        &mut out,
        "Friends and enemies since the Taliban took Kabul",
        "entente network --from 2021-09 --min-events 1 --plot network.svg",
    )?;
    let built = rel::build_network(&store, &spec)?;
    write!(out, "{}", rel::network_text(&store, &built)?)?;
    let path = plot("network-since-2021-09.svg");
    try_plot(&mut out, &path, || {
        crate::plot::network(
            &path,
            &format!("Signed network {}", built.when),
            &built.network,
        )
    })?;

    heading(
        &mut out,
        "Is that web balanced?",
        "entente balance --from 2021-09 --min-events 1 --exact --blocs 3",
    )?;
    let graph = built.network.to_graph();
    let report = rel::balance_report(&graph, true, Some(3))?;
    write!(
        out,
        "{}",
        rel::balance_text(&format!("signed network {}", built.when), &report)
    )?;

    heading(
        &mut out,
        "Why does each tie hold?",
        "entente why --from 2021-09 --min-events 1",
    )?;
    write!(
        out,
        "{}",
        rel::why_text(&rel::Subject::from_built(built.clone()), &[])?
    )?;

    heading(
        &mut out,
        "What if Islamic State Khorasan were gone? (the enemy of my enemy)",
        "entente whatif --remove AFGINSISK --from 2021-09 --min-events 1 --exact",
    )?;
    if graph.node("AFGINSISK").is_some() {
        let w = rel::whatif_report(&graph, &[Change::Remove("AFGINSISK".into())], true)?;
        write!(
            out,
            "{}",
            rel::whatif_text(&format!("signed network {}", built.when), &w, 20)
        )?;
    } else {
        writeln!(out, "(ISKP has no tie in this network)")?;
    }
    writeln!(
        out,
        "\nThe store was temporary. On your own data: entente import gdelt FILE..., or entente ingest DIR, then the commands above."
    )?;
    Ok(Outcome::Ok)
}
