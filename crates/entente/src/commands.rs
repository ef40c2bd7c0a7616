//! One function per command. Each returns an [`Outcome`] or an error with
//! context naming what failed.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use entente_datasets::export::{self, ExportFormat};
use entente_datasets::{FileError, Format, ImportOptions};
use entente_ontology::{ActorCode, FuzzyDate, QuadClass};
use entente_store::{EventFilter, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::Outcome;
use crate::cli::{
    Cli, Command, EventsArgs, ExportArgs, ExportFormatArg, FilterArgs, ImportArgs, ImportFormat,
    ListFormat, StatsArgs, StatsFormat,
};
use crate::output;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Import(args) => import(&cli.db, args),
        Command::Events(args) => events(&cli.db, args),
        Command::Export(args) => export_cmd(&cli.db, args),
        Command::Stats(args) => stats(&cli.db, args),
        Command::Demo(args) => crate::demo::run(args),
        Command::Timeline(args) => crate::relations_commands::timeline(&cli.db, args),
        Command::Network(args) => crate::relations_commands::network_cmd(&cli.db, args),
        Command::Balance(args) => crate::relations_commands::balance(&cli.db, args),
        Command::Why(args) => crate::relations_commands::why(&cli.db, args),
        Command::Whatif(args) => crate::relations_commands::whatif(&cli.db, args),
        Command::Code(args) => crate::text_commands::code(args),
        Command::Ingest(args) => crate::text_commands::ingest(&cli.db, args),
        Command::Dict(cmd) => crate::text_commands::dict(cmd),
        Command::Eval(args) => crate::text_commands::eval(args),
    }
}

/// Whether progress bars may be drawn: only for a person at a terminal.
fn interactive() -> bool {
    std::io::stdout().is_terminal() && std::io::stderr().is_terminal()
}

fn import(db: &Path, args: ImportArgs) -> Result<Outcome> {
    let format = match args.format {
        ImportFormat::Gdelt => Format::Gdelt,
        ImportFormat::Icews => Format::Icews,
        ImportFormat::Plover => Format::Plover,
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Jsonl => Format::Jsonl,
    };
    let mut store = Store::open(db).with_context(|| format!("opening store {}", db.display()))?;
    let opts = ImportOptions {
        strict: args.strict,
        keep_problems: args.show_errors,
    };
    let (mut failed_files, mut skipped_rows) = (0u64, 0u64);
    let (mut added, mut duplicates) = (0u64, 0u64);
    let mut out = std::io::stdout().lock();
    for path in &args.files {
        let bar = progress_bar(path);
        let result =
            entente_datasets::import_file(&mut store, format, path, &opts, &mut |done, total| {
                if let Some(t) = total {
                    bar.set_length(t);
                }
                bar.set_position(done);
            });
        bar.finish_and_clear();
        match result {
            Ok(report) => {
                writeln!(
                    out,
                    "{}: {} rows, {} events added, {} already in the store, {} malformed rows skipped",
                    path.display(),
                    report.rows,
                    report.added,
                    report.duplicates,
                    report.skipped
                )?;
                for p in &report.problems {
                    writeln!(
                        out,
                        "  skipped {}:{}",
                        path.display(),
                        p.to_string().trim_start_matches("line ")
                    )?;
                }
                if report.skipped > report.problems.len() as u64 {
                    writeln!(
                        out,
                        "  ... and {} more",
                        report.skipped - report.problems.len() as u64
                    )?;
                }
                added += report.added;
                duplicates += report.duplicates;
                skipped_rows += report.skipped;
            }
            Err(err) => {
                failed_files += 1;
                match err {
                    FileError::Store(e) => {
                        return Err(e).context(format!("importing {}", path.display()));
                    }
                    other => eprintln!("entente: error: {other}; nothing imported from this file"),
                }
            }
        }
    }
    if args.files.len() > 1 {
        writeln!(
            out,
            "{} files: {added} events added, {duplicates} already in the store, {skipped_rows} rows skipped, {failed_files} files failed",
            args.files.len()
        )?;
    }
    if failed_files > 0 {
        bail!(
            "{failed_files} of {} files could not be imported",
            args.files.len()
        );
    }
    Ok(if skipped_rows > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn progress_bar(path: &Path) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if interactive() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    bar
}

/// Turns command-line filters into a store filter, checking every value.
pub fn build_filter(f: &FilterArgs) -> Result<EventFilter> {
    let code = |flag: &str, v: &Option<String>| -> Result<Option<ActorCode>> {
        v.as_deref()
            .map(|s| ActorCode::parse(s).with_context(|| format!("--{flag} {s:?}")))
            .transpose()
    };
    let date = |flag: &str, v: &Option<String>| -> Result<Option<FuzzyDate>> {
        v.as_deref()
            .map(|s| FuzzyDate::parse(s).with_context(|| format!("--{flag} {s:?}")))
            .transpose()
    };
    let cameo_root = match &f.cameo_root {
        None => None,
        Some(s) => {
            let n: u8 = s
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=20).contains(n))
                .with_context(|| format!("--cameo-root {s:?}: a CAMEO root is 01 to 20"))?;
            Some(n)
        }
    };
    let quad = match f.quad {
        None => None,
        Some(q) => Some(
            QuadClass::from_number(q)
                .with_context(|| format!("--quad {q}: a quad class is 1 to 4"))?,
        ),
    };
    let filter = EventFilter {
        source: code("source", &f.source)?,
        target: code("target", &f.target)?,
        actor: code("actor", &f.actor)?,
        from: date("from", &f.from)?,
        to: date("to", &f.to)?,
        cameo_root,
        quad,
        exact: f.exact,
        include_negated: f.include_negated,
    };
    if let (Some(a), Some(b)) = (filter.from, filter.to)
        && a.first_day() > b.last_day()
    {
        bail!("--from {a} is after --to {b}");
    }
    Ok(filter)
}

/// Warns about filter actors the store has never seen: usually a typo.
fn warn_unknown_actors(store: &Store, filter: &EventFilter) -> Result<()> {
    for (flag, code) in [
        ("source", &filter.source),
        ("target", &filter.target),
        ("actor", &filter.actor),
    ] {
        if let Some(c) = code
            && !store.knows_actor(c)?
        {
            eprintln!(
                "entente: note: no actor {c} (or below it) in the store; --{flag} matches nothing"
            );
        }
    }
    Ok(())
}

fn events(db: &Path, args: EventsArgs) -> Result<Outcome> {
    let filter = build_filter(&args.filter)?;
    let store = Store::open_existing(db)?;
    warn_unknown_actors(&store, &filter)?;
    let stdout = std::io::stdout();
    let n = match args.format {
        ListFormat::Table => {
            let mut rows = Vec::new();
            store.for_each_event::<anyhow::Error>(&filter, args.filter.limit, |e| {
                rows.push(e);
                Ok(())
            })?;
            let mut out = stdout.lock();
            if !rows.is_empty() {
                writeln!(out, "{}", output::events_table(&rows))?;
            }
            rows.len() as u64
        }
        ListFormat::Csv => export::export(
            &store,
            &filter,
            args.filter.limit,
            ExportFormat::Csv,
            std::io::BufWriter::new(std::io::stdout()),
        )?,
        ListFormat::Jsonl => export::export(
            &store,
            &filter,
            args.filter.limit,
            ExportFormat::Jsonl,
            std::io::BufWriter::new(std::io::stdout()),
        )?,
    };
    if n == 0 {
        eprintln!("entente: no events match");
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}

fn export_cmd(db: &Path, args: ExportArgs) -> Result<Outcome> {
    let filter = build_filter(&args.filter)?;
    let store = Store::open_existing(db)?;
    warn_unknown_actors(&store, &filter)?;
    let format = match args.format {
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Jsonl => ExportFormat::Jsonl,
        ExportFormatArg::Parquet => ExportFormat::Parquet,
    };
    let n = if args.output.as_os_str() == "-" {
        if format == ExportFormat::Parquet {
            bail!("Parquet is binary: write it to a file with -o FILE.parquet");
        }
        export::export(
            &store,
            &filter,
            args.filter.limit,
            format,
            std::io::BufWriter::new(std::io::stdout()),
        )?
    } else {
        // Write to a temporary file beside the target and rename, so a
        // failed export never leaves half a file under the final name.
        let dir = args
            .output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile_in(dir, &args.output)?;
        let file =
            std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let result = export::export(
            &store,
            &filter,
            args.filter.limit,
            format,
            std::io::BufWriter::new(file),
        );
        match result {
            Ok(n) => {
                std::fs::rename(&tmp, &args.output)
                    .with_context(|| format!("writing {}", args.output.display()))?;
                n
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("exporting to {}", args.output.display()));
            }
        }
    };
    eprintln!(
        "{n} events written to {}",
        if args.output.as_os_str() == "-" {
            "standard output".to_string()
        } else {
            args.output.display().to_string()
        }
    );
    Ok(if n == 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn tempfile_in(dir: &Path, target: &Path) -> Result<std::path::PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    Ok(dir.join(format!(".{name}.{}.tmp", std::process::id())))
}

fn stats(db: &Path, args: StatsArgs) -> Result<Outcome> {
    let store = Store::open_existing(db)?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    match args.format {
        StatsFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&output::stats_json(&s))?
        )?,
        StatsFormat::Table => write!(out, "{}", output::stats_text(&s, store.path()))?,
    }
    Ok(Outcome::Ok)
}
