//! `entente code`, `entente ingest` and `entente dict`: commands that read
//! text and dictionaries.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use entente_coder::{Coded, Coder, Dictionary};
use entente_datasets::documents::{SourceDocument, read_documents};
use entente_datasets::record::EventRecord;
use entente_ontology::FuzzyDate;
use entente_store::{NewDocument, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::Outcome;
use crate::cli::{CodeArgs, CodeFormat, DictCommand, EvalArgs, IngestArgs, StatsFormat, TextArgs};

/// Loads the dictionaries: built-in (unless `builtin` is false), plus
/// `--dict DIR`.
pub fn load_coder(dir: Option<&Path>, builtin: bool) -> Result<Coder> {
    let dict = match dir {
        Some(d) if !builtin => Dictionary::default().and_dir(d),
        Some(d) => Dictionary::with_user_dir(d),
        None => Dictionary::builtin(),
    };
    match dict {
        Ok(d) => Ok(Coder::new(d)),
        Err(errors) => {
            for e in errors.iter().take(20) {
                eprintln!("entente: {e}");
            }
            bail!("{} problem(s) in the dictionaries", errors.len())
        }
    }
}

fn default_date(args: &TextArgs) -> Result<Option<FuzzyDate>> {
    args.date
        .as_deref()
        .map(|d| FuzzyDate::parse(d).with_context(|| format!("--date {d:?}")))
        .transpose()
}

/// Reads every input into documents; problems with single documents are
/// printed and counted.
fn read_inputs(
    files: &[PathBuf],
    args: &TextArgs,
    problems: &mut u64,
) -> Result<Vec<SourceDocument>> {
    let date = default_date(args)?;
    let mut docs = Vec::new();
    let stdin_only = files.is_empty() || (files.len() == 1 && files[0].as_os_str() == "-");
    let inputs: Vec<PathBuf> = if stdin_only {
        vec![PathBuf::from("-")]
    } else {
        files.to_vec()
    };
    for path in &inputs {
        let (name, content) = if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading standard input")?;
            let text = String::from_utf8(bytes).map_err(|e| {
                let offset = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                anyhow::anyhow!("<stdin>:{line}: invalid UTF-8")
            })?;
            if text.contains('\0') {
                bail!("<stdin>: binary data (NUL byte): not text");
            }
            ("<stdin>".to_string(), Some(text))
        } else {
            (path.display().to_string(), None)
        };
        match read_documents(path, &name, content, date, args.id.as_deref()) {
            Ok((found, errs)) => {
                for e in &errs {
                    eprintln!("entente: {e}");
                }
                *problems += errs.len() as u64;
                docs.extend(found);
            }
            Err(e) => {
                eprintln!("entente: error: {e}");
                *problems += 1;
            }
        }
    }
    Ok(docs)
}

/// `entente code`.
pub fn code(args: CodeArgs) -> Result<Outcome> {
    let coder = load_coder(args.text.dict.as_deref(), !args.text.no_builtin)?;
    let mut problems = 0u64;
    let docs = read_inputs(&args.files, &args.text, &mut problems)?;
    if args.explain {
        let mut out = std::io::stdout().lock();
        for d in &docs {
            writeln!(out, "== {} ({})", d.doc.id, d.doc.date)?;
            write!(out, "{}", coder.explain(&d.doc))?;
        }
        return Ok(if problems > 0 {
            Outcome::Partial
        } else {
            Outcome::Ok
        });
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut n = 0u64;
    let mut rows = Vec::new();
    // Code a chunk of documents on every core, write it, then the next:
    // memory stays bounded by the chunk, not the corpus.
    for chunk in docs.chunks(256) {
        let coded: Vec<Coded> = chunk.par_iter().map(|d| coder.code(&d.doc)).collect();
        for c in &coded {
            for e in c
                .events
                .iter()
                .filter(|e| args.include_negated || !e.negated)
            {
                n += 1;
                let r = EventRecord::from_event(e, None);
                match args.format {
                    CodeFormat::Jsonl => {
                        serde_json::to_writer(&mut out, &r)?;
                        out.write_all(b"\n")?;
                    }
                    CodeFormat::Tsv => writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        r.doc_id.as_deref().unwrap_or(""),
                        r.sentence.unwrap_or(0),
                        r.date,
                        r.source.as_deref().unwrap_or(""),
                        r.target.as_deref().unwrap_or(""),
                        r.cameo.as_deref().unwrap_or(""),
                        r.plover.as_deref().unwrap_or(""),
                        r.modality.as_deref().unwrap_or(""),
                        r.rule.as_deref().unwrap_or(""),
                    )?,
                    CodeFormat::Table => rows.push(r),
                }
            }
        }
    }
    if args.format == CodeFormat::Table && !rows.is_empty() {
        writeln!(out, "{}", crate::output::records_table(&rows))?;
    }
    out.flush()?;
    if problems > 0 {
        return Ok(Outcome::Partial);
    }
    if n == 0 {
        eprintln!("entente: no events found");
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}

/// Files under a directory that look like documents.
fn document_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            document_files(&p, out)?;
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "txt" | "text" | "jsonl" | "ndjson" | "html" | "htm" | "md"
            )
        }) {
            out.push(p);
        }
    }
    Ok(())
}

/// `entente ingest`.
pub fn ingest(db: &Path, args: IngestArgs) -> Result<Outcome> {
    let coder = load_coder(args.text.dict.as_deref(), !args.text.no_builtin)?;
    ingest_with(&coder, db, args)
}

/// `entente ingest` with dictionaries already loaded (`args.text.dict` is
/// not read again).
pub fn ingest_with(coder: &Coder, db: &Path, args: IngestArgs) -> Result<Outcome> {
    let mut files = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            document_files(p, &mut files)?;
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        bail!(
            "no document files (.txt, .jsonl, .html) found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut store = Store::open(db).with_context(|| format!("opening store {}", db.display()))?;
    let mut problems = 0u64;
    let (mut docs_added, mut docs_dup, mut events_added) = (0u64, 0u64, 0u64);
    let bar = if std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    for file in &files {
        bar.set_message(
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let docs = read_inputs(std::slice::from_ref(file), &args.text, &mut problems)?;
        // Code on every core; write in one transaction per file.
        let coded: Vec<Coded> = docs.par_iter().map(|d| coder.code(&d.doc)).collect();
        let mut batch = store.batch()?;
        for (d, c) in docs.iter().zip(&coded) {
            let new = NewDocument {
                key: d.doc.id.clone(),
                date: Some(d.doc.date.to_string()),
                title: d.title.clone(),
                url: d.url.clone(),
                source: d.source.clone(),
                text: d.doc.text.clone(),
            };
            let Some(row) = batch.add_document(&new)? else {
                docs_dup += 1;
                continue;
            };
            docs_added += 1;
            for s in &c.sentences {
                batch.add_sentence(row, s.index, s.start, &s.text)?;
            }
            for e in &c.events {
                if batch.add_event(e, Some(row))? {
                    events_added += 1;
                }
            }
        }
        batch
            .commit()
            .with_context(|| format!("storing {}", file.display()))?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "{} files: {docs_added} documents added ({docs_dup} already in the store), {events_added} events added{}",
        files.len(),
        if problems > 0 {
            format!(", {problems} documents could not be read")
        } else {
            String::new()
        }
    );
    Ok(if problems > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// `entente dict`.
pub fn dict(cmd: DictCommand) -> Result<Outcome> {
    match cmd {
        DictCommand::Lint { dir } => {
            let mut d = Dictionary::default();
            let mut errors = Vec::new();
            for (name, text) in entente_coder::dict::BUILTIN {
                d.add_file(name, text, &mut errors);
            }
            if let Some(dir) = &dir {
                d.add_dir(dir, &mut errors);
            }
            for e in &errors {
                println!("{e}");
            }
            eprintln!(
                "{} files: {} names, {} people, {} verbs, {} nouns; {} problem(s)",
                d.files.len(),
                d.names.len(),
                d.persons.len(),
                d.verbs.len(),
                d.nouns.len(),
                errors.len()
            );
            if !errors.is_empty() {
                bail!("{} problem(s) in the dictionaries", errors.len());
            }
            Ok(Outcome::Ok)
        }
        DictCommand::ImportPetrarch { dir, out, show } => {
            let conv = match entente_coder::petrarch::convert_dir(&dir, &[]) {
                Ok(c) => c,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("entente: {e}");
                    }
                    bail!("cannot convert {}", dir.display());
                }
            };
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            for (name, text) in [
                ("verbs.toml", &conv.verbs),
                ("actors.toml", &conv.actors),
                ("agents.toml", &conv.agents),
                ("discards.toml", &conv.discards),
            ] {
                if !text.is_empty() {
                    std::fs::write(out.join(name), text)
                        .with_context(|| format!("writing {}", out.join(name).display()))?;
                }
            }
            // Check that what was written loads.
            let mut d = Dictionary::default();
            let mut errors = Vec::new();
            d.add_dir(&out, &mut errors);
            for e in errors.iter().take(show) {
                eprintln!("entente: {e}");
            }
            for n in conv.notes.iter().take(show) {
                println!("note: {n}");
            }
            if conv.notes.len() > show {
                println!("... and {} more notes", conv.notes.len() - show);
            }
            let [verbs, patterns, actors, agents, discards] = conv.counts;
            println!(
                "converted {verbs} verbs ({patterns} patterns), {actors} actor codes, {agents} agents, {discards} discards into {}; {} notes",
                out.display(),
                conv.notes.len()
            );
            if !errors.is_empty() {
                bail!("{} problem(s) in the converted files", errors.len());
            }
            Ok(if conv.notes.is_empty() {
                Outcome::Ok
            } else {
                Outcome::Partial
            })
        }
    }
}

/// `entente eval`.
pub fn eval(args: EvalArgs) -> Result<Outcome> {
    use entente_coder::eval;
    let name = args.gold.display().to_string();
    let text = entente_datasets::Input::open(&args.gold)?.read_all()?;
    let (gold, coder) = if text.trim_start().starts_with('<') {
        let Some(pdir) = &args.petrarch else {
            bail!(
                "{name} is PETRARCH validation XML: give --petrarch DIR with the dictionaries it names"
            );
        };
        let (files, gold) = entente_coder::petrarch::read_validation(&name, &text)?;
        let only: Vec<&str> = files.iter().map(String::as_str).collect();
        let conv = match entente_coder::petrarch::convert_dir(pdir, &only) {
            Ok(c) => c,
            Err(errors) => {
                for e in &errors {
                    eprintln!("entente: {e}");
                }
                bail!(
                    "cannot read the PETRARCH dictionaries in {}",
                    pdir.display()
                );
            }
        };
        let mut d = Dictionary::default();
        let mut errors = Vec::new();
        for (n, t) in [
            ("verbs", &conv.verbs),
            ("actors", &conv.actors),
            ("agents", &conv.agents),
            ("discards", &conv.discards),
        ] {
            d.add_file(
                &format!("{} ({n}, converted)", pdir.display()),
                t,
                &mut errors,
            );
        }
        if let Some(extra) = &args.dict {
            d.add_dir(extra, &mut errors);
        }
        if !errors.is_empty() {
            for e in errors.iter().take(10) {
                eprintln!("entente: {e}");
            }
            bail!("{} problem(s) in the converted dictionaries", errors.len());
        }
        (gold, Coder::new(d))
    } else {
        (
            eval::read_gold(&name, &text)?,
            load_coder(args.dict.as_deref(), true)?,
        )
    };
    let report = eval::evaluate(&coder, &gold);
    let mut out = std::io::stdout().lock();
    let level = |s: &eval::Score| {
        serde_json::json!({
            "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
            "true_positives": s.true_positives, "predicted": s.predicted,
            "gold_matched": s.gold_matched, "gold": s.gold,
        })
    };
    match args.format {
        StatsFormat::Json => {
            let v = serde_json::json!({
                "gold": name,
                "records": report.records,
                "passed": report.passed(),
                "failed": report.failed,
                "precision": report.root.precision(),
                "recall": report.root.recall(),
                "f1": report.root.f1(),
                "levels": {
                    "root": level(&report.root),
                    "full": level(&report.full),
                    "quad": level(&report.quad),
                },
                "misses": report.misses.iter().map(|m| serde_json::json!({"doc": m.doc, "gold": m.what})).collect::<Vec<_>>(),
                "false_hits": report.false_hits.iter().map(|m| serde_json::json!({"doc": m.doc, "predicted": m.what})).collect::<Vec<_>>(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        StatsFormat::Table => {
            writeln!(
                out,
                "{name}: {} records, {} fully right at level 2",
                report.records,
                report.passed()
            )?;
            for (label, s) in [
                ("1 root code + root actors", &report.root),
                ("2 full code + full actors", &report.full),
                ("3 quad class + root actors", &report.quad),
            ] {
                writeln!(
                    out,
                    "  level {label:<28} P {:.3}  R {:.3}  F1 {:.3}   ({} of {} predictions right, {} of {} gold events found)",
                    s.precision(),
                    s.recall(),
                    s.f1(),
                    s.true_positives,
                    s.predicted,
                    s.gold_matched,
                    s.gold
                )?;
            }
            if !report.failed.is_empty() {
                let shown: Vec<&str> = report
                    .failed
                    .iter()
                    .take(args.show)
                    .map(|s| s.as_str())
                    .collect();
                writeln!(
                    out,
                    "not fully right, {} in all: {}",
                    report.failed.len(),
                    shown.join(" ")
                )?;
            }
            if !report.misses.is_empty() {
                writeln!(out, "missed (level 1), {} in all:", report.misses.len())?;
                for m in report.misses.iter().take(args.show) {
                    writeln!(out, "  {}: {}", m.doc, m.what)?;
                }
            }
            if !report.false_hits.is_empty() {
                writeln!(
                    out,
                    "false hits (level 1), {} in all:",
                    report.false_hits.len()
                )?;
                for m in report.false_hits.iter().take(args.show) {
                    writeln!(out, "  {}: {}", m.doc, m.what)?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
