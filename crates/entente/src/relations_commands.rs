//! The relations commands: `timeline`, `network`, `balance`, `why` and
//! `whatif`. Each reads events from the store (or a signed edge list),
//! hands plain data to `entente-relations` and prints the result.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use entente_datasets::record::EventRecord;
use entente_ontology::{ActorCode, FuzzyDate, Period, Precision, Provenance};
use entente_relations::balance::{
    BlocOptions, BlocPartition, Frustration, FrustrationOptions, TriangleCensus,
    WalkBalanceOptions, bloc_partition, frustration_exact, frustration_heuristic,
    triangle_balance_index, triangle_census, walk_balance,
};
use entente_relations::history::{self, Interaction, PeriodRow, StateRow, Turn};
use entente_relations::network::{self, ManualTie, NetworkOptions, PairTone, SignedNetwork};
use entente_relations::signed::{Sign, SignedGraph, UndirectedView, read_edges_csv};
use entente_relations::support::{self, Change, Role, SupportChange, TieSupport};
use entente_store::{EventFilter, RowFilter, Store, StoredEvent};
use serde_json::{Value, json};

use crate::Outcome;
use crate::cli::{
    BalanceArgs, LevelArg, NetworkCmdArgs, NetworkFormat, NetworkSpec, PeriodArg, ReportFormat,
    TextOrJson, TimelineArgs, WhatIfArgs, WhyArgs,
};

fn period_of(p: PeriodArg) -> Period {
    match p {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
        PeriodArg::Year => Period::Year,
    }
}

fn date_arg(flag: &str, v: &Option<String>) -> Result<Option<FuzzyDate>> {
    v.as_deref()
        .map(|s| FuzzyDate::parse(s).with_context(|| format!("--{flag} {s:?}")))
        .transpose()
}

fn check_half_life(h: f64) -> Result<()> {
    if !(h.is_finite() && h > 0.0) {
        bail!("--half-life {h}: a half-life is a positive number of days");
    }
    Ok(())
}

fn day_label(day: i32) -> String {
    FuzzyDate::from_day_number(day).map_or_else(|| day.to_string(), |d| d.to_string())
}

/// The store's events run from ... to ...: for messages.
fn range_note(store: &Store) -> Result<String> {
    Ok(match store.day_range()? {
        Some((a, b)) => format!(
            "the store's events run from {} to {}",
            day_label(a),
            day_label(b)
        ),
        None => "the store holds no events".into(),
    })
}

fn open_store(db: &Path) -> Result<Store> {
    let store = Store::open_existing(db)?;
    if store.day_range()?.is_none() {
        bail!(
            "the store {} holds no events: import a dataset (entente import) or ingest documents (entente ingest) first",
            db.display()
        );
    }
    Ok(store)
}

fn actor_arg(store: &Store, what: &str, code: &str) -> Result<ActorCode> {
    let c = ActorCode::parse(code).with_context(|| format!("{what} {code:?}"))?;
    if !store.knows_actor(&c)? {
        bail!(
            "{what} {c}: no actor {c} (or below it) in the store; `entente stats` lists what it holds"
        );
    }
    Ok(c)
}

/// One line naming an event and where it came from.
fn event_line(e: &StoredEvent) -> String {
    let ev = &e.event;
    let code = |c: &Option<ActorCode>| c.as_ref().map_or("-".to_string(), |c| c.to_string());
    let cameo = ev.cameo.map_or_else(
        || ev.plover.map_or("-".into(), |p| p.name().to_string()),
        |c| format!("{} {}", c, c.name().unwrap_or("(local code)")),
    );
    let origin = match &ev.provenance {
        Provenance::Text {
            doc_id,
            sentence,
            text,
            ..
        } => {
            let mut t: String = text.chars().take(140).collect();
            if t.len() < text.len() {
                t.push('…');
            }
            format!("{doc_id} s{sentence}: \"{t}\"")
        }
        Provenance::Dataset {
            dataset,
            file,
            line,
            ..
        } => crate::output::dataset_origin(dataset, file, *line),
    };
    let score = ev
        .goldstein
        .map_or_else(|| "no score".into(), |g| format!("{g:+.1}"));
    format!(
        "#{} {} {}→{} {} ({score}) — {origin}",
        e.id,
        ev.date,
        code(&ev.source),
        code(&ev.target),
        cameo,
    )
}

/// An event in JSON reports: the documented event record
/// (docs/event-record.md) with the store's row id as a number.
fn event_json(e: &StoredEvent) -> Value {
    let mut v =
        serde_json::to_value(EventRecord::from_event(&e.event, None)).unwrap_or_else(|_| json!({}));
    v["id"] = json!(e.id);
    v
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

fn fmt_opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("-".into(), |v| format!("{v:.digits$}"))
}

// ---------------------------------------------------------------- timeline

/// A computed dyad history.
pub struct Timeline {
    pub title: String,
    pub rows: Vec<PeriodRow>,
    pub states: Vec<StateRow>,
    pub turns: Vec<Turn>,
    pub events: BTreeMap<i64, StoredEvent>,
    /// Events left out because their date is less precise than the period.
    pub imprecise: usize,
}

/// Reads a dyad's events and computes its history.
pub fn compute_timeline(store: &Store, args: &TimelineArgs) -> Result<Timeline> {
    check_half_life(args.half_life)?;
    let a = actor_arg(store, "actor A", &args.a)?;
    let b = actor_arg(store, "actor B", &args.b)?;
    let (from, to) = (date_arg("from", &args.from)?, date_arg("to", &args.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && f.first_day() > t.last_day()
    {
        bail!("--from {f} is after --to {t}");
    }
    let period = period_of(args.by);
    let mut events: BTreeMap<i64, StoredEvent> = BTreeMap::new();
    let mut directions = vec![(a.clone(), b.clone())];
    if !args.directed {
        directions.push((b.clone(), a.clone()));
    }
    for (s, t) in directions {
        let filter = EventFilter {
            source: Some(s),
            target: Some(t),
            from,
            to,
            exact: args.exact,
            include_negated: args.include_negated,
            ..EventFilter::default()
        };
        store.for_each_event::<anyhow::Error>(&filter, None, |e| {
            events.insert(e.id, e);
            Ok(())
        })?;
    }
    let finest = match period {
        Period::Day | Period::Week => Precision::Day,
        Period::Month | Period::Quarter => Precision::Month,
        Period::Year => Precision::Year,
    };
    let mut imprecise = 0;
    let mut interactions = Vec::new();
    for e in events.values() {
        if e.event.date.precision() > finest {
            imprecise += 1;
            continue;
        }
        // An event with a local code has no score to weigh.
        let (Some(goldstein), Some(quad)) = (e.event.goldstein, e.event.quad_class) else {
            continue;
        };
        interactions.push(Interaction {
            source: String::new(),
            target: String::new(),
            day: e.event.date.first_day(),
            goldstein,
            quad,
            event: e.id,
        });
    }
    let rows = history::timeline(&interactions, period);
    let (states, turns) = history::states(&interactions, period, args.half_life, None);
    let arrow = if args.directed { "→" } else { "↔" };
    Ok(Timeline {
        title: format!("{a} {arrow} {b} by {}", period.name()),
        rows,
        states,
        turns,
        events,
        imprecise,
    })
}

/// `entente timeline`.
pub fn timeline(db: &Path, args: TimelineArgs) -> Result<Outcome> {
    let store = open_store(db)?;
    let tl = compute_timeline(&store, &args)?;
    let mut out = std::io::stdout().lock();
    if tl.rows.is_empty() {
        eprintln!(
            "entente: no events between {} and {} match ({})",
            args.a,
            args.b,
            range_note(&store)?
        );
        return Ok(Outcome::Partial);
    }
    match args.format {
        ReportFormat::Table => write!(out, "{}", timeline_text(&tl))?,
        ReportFormat::Csv => write!(out, "{}", timeline_csv(&tl))?,
        ReportFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&timeline_json(&tl, &args))?
        )?,
    }
    if let Some(path) = &args.plot {
        crate::plot::timeline(path, &tl.title, &tl.rows, &tl.states)?;
        eprintln!("entente: wrote {}", path.display());
    }
    Ok(Outcome::Ok)
}

fn state_of<'a>(tl: &'a Timeline, label: &str) -> Option<&'a StateRow> {
    tl.states.iter().find(|s| s.label == label)
}

/// The timeline as text: periods with events, then the turns.
pub fn timeline_text(tl: &Timeline) -> String {
    let total: u64 = tl.rows.iter().map(|r| r.total()).sum();
    let mut s = format!(
        "{}: {} events in {} periods, {} to {}\n",
        tl.title,
        total,
        tl.rows.iter().filter(|r| r.total() > 0).count(),
        tl.rows.first().map_or("", |r| r.label.as_str()),
        tl.rows.last().map_or("", |r| r.label.as_str()),
    );
    if tl.imprecise > 0 {
        s.push_str(&format!(
            "({} events dated less precisely than a period are left out; try a longer --by)\n",
            tl.imprecise
        ));
    }
    let mut t = table();
    t.set_header([
        "period",
        "verbal coop",
        "material coop",
        "verbal conflict",
        "material conflict",
        "events",
        "Goldstein sum",
        "mean",
        "coop share",
        "state (confidence)",
    ]);
    for r in tl.rows.iter().filter(|r| r.total() > 0) {
        let state = state_of(tl, &r.label).map_or("-".into(), |st| {
            format!("{} ({:.2})", st.state.name(), st.tone.confidence())
        });
        t.add_row([
            r.label.clone(),
            r.counts[0].to_string(),
            r.counts[1].to_string(),
            r.counts[2].to_string(),
            r.counts[3].to_string(),
            r.total().to_string(),
            format!("{:+.1}", r.goldstein_sum),
            fmt_opt(r.goldstein_mean(), 2),
            fmt_opt(r.cooperation_share(), 2),
            state,
        ]);
    }
    s.push_str(&format!("{t}\n"));
    if tl.turns.is_empty() {
        s.push_str("No turns between cooperation and conflict.\n");
    } else {
        s.push_str("Turns:\n");
        for turn in &tl.turns {
            s.push_str(&format!(
                "  {}: {} → {}, driven by\n",
                turn.label,
                turn.from.name(),
                turn.to.name()
            ));
            for id in &turn.drivers {
                if let Some(e) = tl.events.get(id) {
                    s.push_str(&format!("    {}\n", event_line(e)));
                }
            }
        }
    }
    s
}

fn timeline_csv(tl: &Timeline) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "period",
        "start",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
        "events",
        "goldstein_sum",
        "goldstein_mean",
        "cooperation_share",
        "state",
        "tone",
        "confidence",
        "event_ids",
    ]);
    for r in &tl.rows {
        let st = state_of(tl, &r.label);
        let _ = w.write_record([
            r.label.clone(),
            day_label(r.start),
            r.counts[0].to_string(),
            r.counts[1].to_string(),
            r.counts[2].to_string(),
            r.counts[3].to_string(),
            r.total().to_string(),
            format!("{:.3}", r.goldstein_sum),
            r.goldstein_mean()
                .map_or(String::new(), |m| format!("{m:.3}")),
            r.cooperation_share()
                .map_or(String::new(), |m| format!("{m:.3}")),
            st.map_or(String::new(), |s| s.state.name().to_string()),
            st.map_or(String::new(), |s| format!("{:.3}", s.tone.mean())),
            st.map_or(String::new(), |s| format!("{:.3}", s.tone.confidence())),
            r.events
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn timeline_json(tl: &Timeline, args: &TimelineArgs) -> Value {
    let periods: Vec<Value> = tl
        .rows
        .iter()
        .map(|r| {
            let st = state_of(tl, &r.label);
            json!({
                "period": r.label,
                "start": day_label(r.start),
                "verbal_cooperation": r.counts[0],
                "material_cooperation": r.counts[1],
                "verbal_conflict": r.counts[2],
                "material_conflict": r.counts[3],
                "events": r.total(),
                "goldstein_sum": r.goldstein_sum,
                "goldstein_mean": r.goldstein_mean(),
                "cooperation_share": r.cooperation_share(),
                "state": st.map(|s| s.state.name()),
                "tone": st.map(|s| s.tone.mean()),
                "confidence": st.map(|s| s.tone.confidence()),
                "event_ids": r.events,
            })
        })
        .collect();
    let turns: Vec<Value> = tl
        .turns
        .iter()
        .map(|t| {
            json!({
                "period": t.label,
                "from": t.from.name(),
                "to": t.to.name(),
                "drivers": t.drivers,
            })
        })
        .collect();
    json!({
        "a": args.a,
        "b": args.b,
        "directed": args.directed,
        "exact": args.exact,
        "by": period_of(args.by).name(),
        "half_life_days": args.half_life,
        "left_out_imprecise": tl.imprecise,
        "periods": periods,
        "turns": turns,
        "events": tl.events.values().map(event_json).collect::<Vec<_>>(),
    })
}

// ----------------------------------------------------------------- network

/// A network read from the store, with what it was built from.
#[derive(Clone)]
pub struct BuiltNetwork {
    pub network: SignedNetwork,
    pub options: NetworkOptions,
    /// What the moment or window was, in words.
    pub when: String,
}

fn read_ties_file(path: &Path, level: LevelArg, store: Option<&Store>) -> Result<Vec<ManualTie>> {
    // The dataset reader's checks: a directory, an empty, binary or
    // non-UTF-8 file is refused with its name (and line).
    let text = entente_datasets::Input::open(path)?.read_all()?;
    let mut ties = network::read_ties(&path.display().to_string(), &text)?;
    let nodes: HashMap<String, String> = match store {
        Some(s) => s.actors()?.into_iter().map(|a| (a.code, a.node)).collect(),
        None => HashMap::new(),
    };
    for t in &mut ties {
        for (col, code) in [("a", &mut t.a), ("b", &mut t.b)] {
            let parsed = ActorCode::parse(code)
                .map_err(|e| anyhow::anyhow!("{}:{}: {col}: {e}", path.display(), t.line))?;
            if level == LevelArg::Country {
                *code = nodes
                    .get(parsed.as_str())
                    .cloned()
                    .unwrap_or_else(|| parsed.node().to_string());
            } else {
                *code = parsed.to_string();
            }
        }
        if t.a == t.b {
            bail!(
                "{}:{}: a tie between {} and itself (at this level both sides are the same node)",
                path.display(),
                t.line,
                t.a
            );
        }
    }
    Ok(ties)
}

/// Builds the signed network the spec asks for from the store.
pub fn build_network(store: &Store, spec: &NetworkSpec) -> Result<BuiltNetwork> {
    check_half_life(spec.half_life)?;
    if !(spec.threshold.is_finite() && spec.threshold >= 0.0) {
        bail!(
            "--threshold {}: a threshold is a number ≥ 0",
            spec.threshold
        );
    }
    let at = date_arg("at", &spec.at)?;
    let (from, to) = (date_arg("from", &spec.from)?, date_arg("to", &spec.to)?);
    if let (Some(f), Some(t)) = (from, to)
        && f.first_day() > t.last_day()
    {
        bail!("--from {f} is after --to {t}");
    }
    let Some((first, last)) = store.day_range()? else {
        bail!("the store holds no events: import or ingest some first");
    };
    let window = from.is_some() || to.is_some();
    let options = if window {
        NetworkOptions {
            at: to.map_or(last, |t| t.last_day()),
            from: from.map(|f| f.first_day()),
            half_life: f64::INFINITY,
            min_events: spec.min_events,
            threshold: spec.threshold,
        }
    } else {
        NetworkOptions {
            at: at.map_or(last, |d| d.last_day()),
            from: None,
            half_life: spec.half_life,
            min_events: spec.min_events,
            threshold: spec.threshold,
        }
    };
    if options.at < first {
        bail!(
            "no events on or before {} ({})",
            day_label(options.at),
            range_note(store)?
        );
    }
    if options.from.is_some_and(|f| f > last) {
        bail!(
            "no events on or after {} ({})",
            day_label(options.from.unwrap_or(last)),
            range_note(store)?
        );
    }
    let when = if window {
        format!(
            "{} to {}",
            from.map_or(day_label(first), |f| f.to_string()),
            to.map_or(day_label(last), |t| t.to_string())
        )
    } else {
        format!(
            "at {} (half-life {} days)",
            at.map_or(day_label(last), |d| d.to_string()),
            spec.half_life
        )
    };
    let filter = RowFilter {
        to_day: Some(options.at),
        from_day: options.from,
        include_negated: spec.include_negated,
        ..RowFilter::default()
    };
    let actor_level = spec.level == LevelArg::Actor;
    let opts = &options;
    let pairs: HashMap<u64, PairTone> = store.fold_rows(
        &filter,
        HashMap::new,
        |mut acc: HashMap<u64, PairTone>, r| {
            let (s, t) = if actor_level {
                (r.src, r.tgt)
            } else {
                (r.src_node, r.tgt_node)
            };
            if s != 0 && t != 0 && s != t {
                let key = (u64::from(s.min(t)) << 32) | u64::from(s.max(t));
                // The row filter keeps only events inside the moment or window.
                acc.entry(key)
                    .or_default()
                    .add(opts, r.day, f64::from(r.goldstein), r.id);
            }
            acc
        },
        |mut a, b| {
            for (k, v) in b {
                a.entry(k).or_default().merge(v);
            }
            a
        },
    )?;
    let codes = store.actor_codes()?;
    let named = pairs.into_iter().filter_map(|(k, tone)| {
        let (s, t) = ((k >> 32) as u32, k as u32);
        Some(((codes.get(&s)?.clone(), codes.get(&t)?.clone()), tone))
    });
    let ties = match &spec.ties {
        Some(p) => read_ties_file(p, spec.level, Some(store))?,
        None => Vec::new(),
    };
    let network = network::build_from_pairs(named, &options, &ties).without_isolates();
    Ok(BuiltNetwork {
        network,
        options,
        when,
    })
}

/// `entente network`.
pub fn network_cmd(db: &Path, args: NetworkCmdArgs) -> Result<Outcome> {
    let store = open_store(db)?;
    let built = build_network(&store, &args.spec)?;
    let net = &built.network;
    let mut out = std::io::stdout().lock();
    match args.format {
        NetworkFormat::Table => write!(out, "{}", network_text(&store, &built)?)?,
        NetworkFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&network_json(&store, &built, &args.spec)?)?
        )?,
        NetworkFormat::Csv => write!(out, "{}", net.to_csv())?,
        NetworkFormat::Graphml => write!(out, "{}", net.to_graphml())?,
        NetworkFormat::Gexf => write!(out, "{}", net.to_gexf())?,
    }
    if let Some(path) = &args.plot {
        crate::plot::network(path, &format!("Signed network {}", built.when), net)?;
        eprintln!("entente: wrote {}", path.display());
    }
    if net.edges.is_empty() {
        eprintln!(
            "entente: no pair has at least {} events and a tone of at least {} {}; try --min-events or --threshold",
            args.spec.min_events, args.spec.threshold, built.when
        );
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}

/// The network as text.
pub fn network_text(store: &Store, built: &BuiltNetwork) -> Result<String> {
    let net = &built.network;
    let positive = net.edges.iter().filter(|e| e.sign > 0).count();
    let mut s = format!(
        "Signed network {}: {} actors, {} ties ({} friendly, {} hostile)\n",
        built.when,
        net.nodes.len(),
        net.edges.len(),
        positive,
        net.edges.len() - positive
    );
    let evidence: Vec<i64> = net
        .edges
        .iter()
        .filter_map(|e| e.evidence.first().copied())
        .collect();
    let events: HashMap<i64, StoredEvent> = store
        .events_by_id(&evidence)?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut t = table();
    t.set_header([
        "tie",
        "sign",
        "tone",
        "events",
        "weightiest event / declared",
    ]);
    for e in &net.edges {
        let basis = match &e.manual {
            Some(note) => format!("declared: {note}"),
            None => e
                .evidence
                .first()
                .and_then(|id| events.get(id))
                .map_or(String::new(), event_line),
        };
        t.add_row([
            format!("{}–{}", e.a, e.b),
            if e.sign > 0 { "+".into() } else { "−".into() },
            format!("{:+.2}", e.tone),
            e.events.to_string(),
            basis,
        ]);
    }
    s.push_str(&format!("{t}\n"));
    Ok(s)
}

fn network_json(store: &Store, built: &BuiltNetwork, spec: &NetworkSpec) -> Result<Value> {
    let net = &built.network;
    let ids: Vec<i64> = net
        .edges
        .iter()
        .flat_map(|e| e.evidence.iter().copied())
        .collect();
    let events: Vec<Value> = store.events_by_id(&ids)?.iter().map(event_json).collect();
    Ok(json!({
        "when": built.when,
        "at": day_label(built.options.at),
        "from": built.options.from.map(day_label),
        "level": match spec.level { LevelArg::Country => "country", LevelArg::Actor => "actor" },
        "half_life_days": if built.options.half_life.is_finite() { Some(built.options.half_life) } else { None },
        "min_events": spec.min_events,
        "threshold": spec.threshold,
        "nodes": net.nodes,
        "edges": net.edges.iter().map(|e| json!({
            "a": e.a,
            "b": e.b,
            "sign": e.sign,
            "weight": e.weight,
            "tone": e.tone,
            "events": e.events,
            "evidence": e.evidence,
            "declared": e.manual.is_some(),
            "note": e.manual,
        })).collect::<Vec<_>>(),
        "events": events,
    }))
}

// ----------------------------------------------------------------- balance

/// The signed graph to analyse: from an edge list, or built from the store.
pub struct Subject {
    graph: SignedGraph,
    /// Ties declared with --ties that are in the graph: (a, b, sign, note).
    declared: Vec<(String, String, i8, String)>,
    /// The store network, when it came from the store (for evidence).
    built: Option<BuiltNetwork>,
    label: String,
}

/// The declared ties of a network, for marking them in reports.
fn declared_in(net: &SignedNetwork) -> Vec<(String, String, i8, String)> {
    net.edges
        .iter()
        .filter_map(|e| {
            e.manual
                .as_ref()
                .map(|note| (e.a.clone(), e.b.clone(), e.sign, note.clone()))
        })
        .collect()
}

/// Adds the declared ties to a report (JSON key `declared_ties`), so that
/// every result built on analyst knowledge says so.
fn mark_declared(report: &mut Value, subject: &Subject) {
    report["declared_ties"] = subject
        .declared
        .iter()
        .map(|(a, b, sign, note)| json!({"a": a, "b": b, "sign": sign, "note": note}))
        .collect::<Vec<_>>()
        .into();
}

fn declared_text(subject: &Subject) -> String {
    if subject.declared.is_empty() {
        return String::new();
    }
    let list: Vec<String> = subject
        .declared
        .iter()
        .map(|(a, b, sign, note)| {
            format!("{a}–{b} ({}: {note})", if *sign > 0 { "+" } else { "−" })
        })
        .collect();
    format!("Declared ties included (--ties): {}\n", list.join(", "))
}

impl Subject {
    /// The subject of a network built from the store.
    pub fn from_built(built: BuiltNetwork) -> Subject {
        Subject {
            graph: built.network.to_graph(),
            declared: declared_in(&built.network),
            label: format!("signed network {}", built.when),
            built: Some(built),
        }
    }
}

fn subject(db: &Path, spec: &NetworkSpec, edges: Option<&Path>, directed: bool) -> Result<Subject> {
    if let Some(path) = edges {
        let mut graph = read_edges_csv(path, directed)?;
        let mut declared = Vec::new();
        if let Some(ties) = &spec.ties {
            // Declared ties override the file's rows of their pair; an
            // edge list has no time, so their dates do not apply.
            let ties = read_ties_file(ties, LevelArg::Actor, None)?;
            graph = overlay(&graph, &ties)?;
            declared = ties
                .into_iter()
                .map(|t| (t.a, t.b, t.sign, t.note))
                .collect();
        }
        return Ok(Subject {
            graph,
            declared,
            built: None,
            label: path.display().to_string(),
        });
    }
    let store = open_store(db)?;
    let built = build_network(&store, spec)?;
    let graph = built.network.to_graph();
    let label = format!("signed network {}", built.when);
    Ok(Subject {
        graph,
        declared: declared_in(&built.network),
        built: Some(built),
        label,
    })
}

/// The graph with declared ties replacing (or adding) their pairs.
fn overlay(graph: &SignedGraph, ties: &[ManualTie]) -> Result<SignedGraph> {
    let mut changes = Vec::new();
    let mut g = graph.clone();
    for t in ties {
        g.add_node(&t.a);
        g.add_node(&t.b);
        changes.push(Change::Set(
            t.a.clone(),
            t.b.clone(),
            Sign::of(f64::from(t.sign)),
        ));
    }
    Ok(support::apply(&g, &changes)?)
}

fn census_json(c: &TriangleCensus) -> Value {
    json!({
        "+++": c.ppp, "++-": c.ppn, "+--": c.pnn, "---": c.nnn,
        "total": c.total(),
        "strong": {"balanced": c.strong_balanced(), "unbalanced": c.strong_unbalanced()},
        "weak": {"balanced": c.weak_balanced(), "unbalanced": c.weak_unbalanced()},
    })
}

fn frustration_json(f: &Frustration, g: &SignedGraph, view: &UndirectedView) -> Value {
    let (left, right) = split_names(f, g);
    json!({
        "index": f.index,
        "exact": f.exact,
        "lower_bound": f.lower_bound,
        "gap": f.gap(),
        "normalised": f.normalised(),
        "blocs": [left, right],
        "frustrated_edges": f.frustrated_edges.iter().map(|&(a, b)| {
            let sign = view.tie_between(a, b).map(|t| t.sign.value());
            json!({"a": g.name(a), "b": g.name(b), "sign": sign})
        }).collect::<Vec<_>>(),
    })
}

/// The two blocs of a split, as node names (nodes without ties left out).
fn split_names(f: &Frustration, g: &SignedGraph) -> (Vec<String>, Vec<String>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (v, &side) in f.partition.iter().enumerate() {
        if v >= g.node_count() || g.degree(v) == 0 {
            continue;
        }
        if side {
            right.push(g.name(v).to_string());
        } else {
            left.push(g.name(v).to_string());
        }
    }
    left.sort();
    right.sort();
    (left, right)
}

fn blocs_json(p: &BlocPartition, g: &SignedGraph, alpha: f64) -> Value {
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); p.bloc_count()];
    for (v, &b) in p.blocs.iter().enumerate() {
        if g.degree(v) > 0 {
            groups[b].push(g.name(v).to_string());
        }
    }
    groups.retain(|g| !g.is_empty());
    json!({
        "k": p.k,
        "used": groups.len(),
        "alpha": alpha,
        "criterion": p.criterion,
        "negative_within": p.negative_within,
        "positive_between": p.positive_between,
        "blocs": groups,
        "violating_edges": p.violating_edges.iter().map(|&(a, b)| json!([g.name(a), g.name(b)])).collect::<Vec<_>>(),
    })
}

/// The balance report of a graph, as JSON (the table is rendered from it).
pub fn balance_report(g: &SignedGraph, exact: bool, blocs: Option<usize>) -> Result<Value> {
    let view = g.undirected_view();
    let census = triangle_census(&view);
    let walk = walk_balance(&view, &WalkBalanceOptions::default());
    let options = FrustrationOptions::default();
    let frustration = if exact {
        frustration_exact(&view, &options)
    } else {
        frustration_heuristic(&view, &options)
    };
    let positive = view.ties.iter().filter(|t| !t.sign.is_negative()).count();
    let mut report = json!({
        "nodes": g.node_count(),
        "ties": view.ties.len(),
        "positive": positive,
        "negative": view.ties.len() - positive,
        "directed": g.is_directed(),
        "triangles": census_json(&census),
        "triangle_balance": triangle_balance_index(&census),
        "walk_balance": walk.index,
        "walk_balance_exact": walk.exact,
        "frustration": frustration_json(&frustration, g, &view),
    });
    if let Some(k) = blocs {
        if k == 0 {
            bail!("--blocs 0: a partition needs at least one bloc");
        }
        let opts = BlocOptions::default();
        let p = bloc_partition(&view, k, &opts);
        report["k_blocs"] = blocs_json(&p, g, opts.alpha);
    }
    Ok(report)
}

pub fn balance_text(label: &str, r: &Value) -> String {
    let num = |v: &Value| v.as_f64().map_or("-".into(), |x| format!("{x:.4}"));
    let t = &r["triangles"];
    let f = &r["frustration"];
    let mut s = format!(
        "Structural balance of {label}\n  {} actors, {} ties ({} positive, {} negative){}\n\n",
        r["nodes"],
        r["ties"],
        r["positive"],
        r["negative"],
        if r["directed"].as_bool() == Some(true) {
            "; arcs combined per pair"
        } else {
            ""
        }
    );
    s.push_str(&format!(
        "Triangles: {} in all: +++ {}, ++− {}, +−− {}, −−− {}\n  strong balance: {} balanced, {} unbalanced\n  weak balance:   {} balanced, {} unbalanced\n",
        t["total"], t["+++"], t["++-"], t["+--"], t["---"],
        t["strong"]["balanced"], t["strong"]["unbalanced"],
        t["weak"]["balanced"], t["weak"]["unbalanced"]
    ));
    s.push_str(&format!(
        "Triangle balance index: {}\nWalk balance tr e^A / tr e^|A|: {}{}\n\n",
        num(&r["triangle_balance"]),
        num(&r["walk_balance"]),
        if r["walk_balance_exact"].as_bool() == Some(false) {
            " (estimate)"
        } else {
            ""
        }
    ));
    let exact = f["exact"].as_bool() == Some(true);
    s.push_str(&format!(
        "Frustration index (line index of balance): {}{}\n",
        f["index"],
        if exact {
            " (proven optimal)".to_string()
        } else {
            format!(
                " (heuristic; lower bound {}, gap {})",
                f["lower_bound"], f["gap"]
            )
        }
    ));
    s.push_str(&format!(
        "  normalised 1 − L/(m/2): {}\n",
        num(&f["normalised"])
    ));
    // Bloc members: all of them for a readable network, the first 40 and
    // the count for a big one (--format json lists every member).
    let list = |v: &Value| {
        v.as_array()
            .map(|a| {
                let names: Vec<&str> = a.iter().filter_map(|x| x.as_str()).take(40).collect();
                if a.len() > 40 {
                    format!("{} actors: {}, …", a.len(), names.join(", "))
                } else {
                    names.join(", ")
                }
            })
            .unwrap_or_default()
    };
    s.push_str(&format!(
        "  bloc 1: {}\n  bloc 2: {}\n",
        list(&f["blocs"][0]),
        list(&f["blocs"][1])
    ));
    if let Some(edges) = f["frustrated_edges"].as_array() {
        let shown: Vec<String> = edges
            .iter()
            .take(30)
            .map(|e| {
                format!(
                    "{}–{} ({})",
                    e["a"].as_str().unwrap_or(""),
                    e["b"].as_str().unwrap_or(""),
                    if e["sign"].as_i64() == Some(1) {
                        "+"
                    } else {
                        "−"
                    }
                )
            })
            .collect();
        if !shown.is_empty() {
            s.push_str(&format!(
                "  frustrated ties: {}{}\n",
                shown.join(", "),
                if edges.len() > 30 {
                    format!(" … and {} more", edges.len() - 30)
                } else {
                    String::new()
                }
            ));
        }
    }
    if let Some(kb) = r.get("k_blocs") {
        s.push_str(&format!(
            "\nBest partition into at most {} blocs (weak balance, α = {}): criterion {}, {} negative ties inside blocs, {} positive ties between\n",
            kb["k"], kb["alpha"], kb["criterion"], kb["negative_within"], kb["positive_between"]
        ));
        if let Some(groups) = kb["blocs"].as_array() {
            for (i, g) in groups.iter().enumerate() {
                s.push_str(&format!("  bloc {}: {}\n", i + 1, list(g)));
            }
        }
    }
    s
}

/// `entente balance`.
pub fn balance(db: &Path, args: BalanceArgs) -> Result<Outcome> {
    let subject = subject(db, &args.spec, args.edges.as_deref(), args.directed)?;
    let mut report = balance_report(&subject.graph, args.exact, args.blocs)?;
    mark_declared(&mut report, &subject);
    let mut out = std::io::stdout().lock();
    match args.format {
        TextOrJson::Table => write!(
            out,
            "{}{}",
            balance_text(&subject.label, &report),
            declared_text(&subject)
        )?,
        TextOrJson::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
    }
    if subject.graph.edge_count() == 0 {
        eprintln!("entente: the network has no ties");
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}

// ---------------------------------------------------------------- why / whatif

/// Events behind a pair of the store network, for explanations.
fn pair_events(subject: &Subject, a: &str, b: &str) -> Option<(usize, Option<String>)> {
    let e = subject.built.as_ref()?.network.edge(a, b)?;
    Some((e.events, e.manual.clone()))
}

fn evidence_note(subject: &Subject, a: &str, b: &str) -> String {
    match pair_events(subject, a, b) {
        Some((_, Some(note))) => format!("declared: {note}"),
        Some((1, None)) => "1 event".into(),
        Some((n, None)) => format!("{n} events"),
        None => String::new(),
    }
}

fn third_phrase(
    subject: &Subject,
    g: &SignedGraph,
    tie: &TieSupport,
    node: usize,
    role: Role,
) -> String {
    let (a, b, c) = (g.name(tie.a), g.name(tie.b), g.name(node));
    let mut p = role.phrase(c, a, b);
    if subject.built.is_some() {
        let ea = evidence_note(subject, a, c);
        let eb = evidence_note(subject, b, c);
        p.push_str(&format!(" [{a}–{c}: {ea}; {b}–{c}: {eb}]"));
    }
    p
}

/// One sentence on a tie: "IRN–X positive: supported by shared enemy Y …, strained by Z …".
fn tie_sentence(subject: &Subject, g: &SignedGraph, tie: &TieSupport) -> String {
    let (a, b) = (g.name(tie.a), g.name(tie.b));
    let sign = if tie.sign.is_negative() {
        "negative"
    } else {
        "positive"
    };
    let own = evidence_note(subject, a, b);
    let mut s = format!(
        "{a}–{b} {sign}{}: ",
        if own.is_empty() {
            String::new()
        } else {
            format!(" ({own})")
        }
    );
    let supporters: Vec<String> = tie
        .thirds
        .iter()
        .filter(|t| t.balanced)
        .map(|t| third_phrase(subject, g, tie, t.node, t.role))
        .collect();
    let strainers: Vec<String> = tie
        .thirds
        .iter()
        .filter(|t| !t.balanced)
        .map(|t| third_phrase(subject, g, tie, t.node, t.role))
        .collect();
    match (supporters.is_empty(), strainers.is_empty()) {
        (true, true) => s.push_str("in no triangle: nothing else in the network bears on it"),
        _ => {
            if !supporters.is_empty() {
                s.push_str(&format!("supported by {}", supporters.join(", ")));
            } else {
                s.push_str("supported by no triangle");
            }
            if !strainers.is_empty() {
                s.push_str(&format!("; strained by {}", strainers.join(", ")));
            }
        }
    }
    s
}

fn tie_json(g: &SignedGraph, tie: &TieSupport, subject: &Subject) -> Value {
    let (a, b) = (g.name(tie.a), g.name(tie.b));
    let third = |t: &support::Third| {
        let c = g.name(t.node);
        json!({
            "actor": c,
            "role": t.role.key(),
            "events_with_a": pair_events(subject, a, c).map(|p| p.0),
            "events_with_b": pair_events(subject, b, c).map(|p| p.0),
        })
    };
    json!({
        "a": a,
        "b": b,
        "sign": tie.sign.value(),
        "events": pair_events(subject, a, b).map(|p| p.0),
        "declared": pair_events(subject, a, b).and_then(|p| p.1),
        "support": tie.support(),
        "strain": tie.strain(),
        "supported_by": tie.thirds.iter().filter(|t| t.balanced).map(third).collect::<Vec<_>>(),
        "strained_by": tie.thirds.iter().filter(|t| !t.balanced).map(third).collect::<Vec<_>>(),
        "explanation": tie_sentence(subject, g, tie),
    })
}

/// The ties of the subject with their support, most triangles first;
/// only the tie of `pair` when two actors are named.
fn supported_ties(subject: &Subject, pair: &[String]) -> Result<Vec<TieSupport>> {
    let g = &subject.graph;
    let view = g.undirected_view();
    let mut ties = support::tie_support(&view);
    if let [a, b] = pair {
        let (Some(x), Some(y)) = (g.node(a), g.node(b)) else {
            let missing = if g.node(a).is_none() { a } else { b };
            bail!(
                "{missing} is not a node of the {} (nodes: {})",
                subject.label,
                g.names().join(", ")
            );
        };
        ties.retain(|t| (t.a == x && t.b == y) || (t.a == y && t.b == x));
        if ties.is_empty() {
            bail!("{a} and {b} have no tie in the {}", subject.label);
        }
    }
    ties.sort_by(|x, y| {
        (y.support() + y.strain())
            .cmp(&(x.support() + x.strain()))
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    Ok(ties)
}

/// Why each tie (or the tie of `pair`) holds, as text.
pub fn why_text(subject: &Subject, pair: &[String]) -> Result<String> {
    Ok(ties_text(subject, &supported_ties(subject, pair)?))
}

fn ties_text(subject: &Subject, ties: &[TieSupport]) -> String {
    let mut s = format!("Why each tie holds in the {}:\n", subject.label);
    for t in ties {
        s.push_str(&format!("- {}\n", tie_sentence(subject, &subject.graph, t)));
    }
    s
}

/// `entente why`.
pub fn why(db: &Path, args: WhyArgs) -> Result<Outcome> {
    if args.pair.len() == 1 {
        bail!("why: name two actors for one tie, or none for every tie");
    }
    let subject = subject(db, &args.spec, None, false)?;
    let ties = supported_ties(&subject, &args.pair)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        TextOrJson::Table => write!(out, "{}", ties_text(&subject, &ties))?,
        TextOrJson::Json => {
            let v: Vec<Value> = ties
                .iter()
                .map(|t| tie_json(&subject.graph, t, &subject))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json!({"ties": v}))?
            )?;
        }
    }
    Ok(if ties.is_empty() {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn parse_changes(args: &WhatIfArgs) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = args
        .remove
        .iter()
        .map(|x| Change::Remove(x.clone()))
        .collect();
    for pair in args.flip.chunks(2) {
        if let [a, b] = pair {
            changes.push(Change::Flip(a.clone(), b.clone()));
        }
    }
    for triple in args.set.chunks(3) {
        if let [a, b, s] = triple {
            let sign = Sign::parse(s)
                .with_context(|| format!("--set {a} {b} {s}: the sign is + or - (or +1, -1)"))?;
            changes.push(Change::Set(a.clone(), b.clone(), sign));
        }
    }
    if changes.is_empty() {
        bail!("whatif: say what changes: --remove ACTOR, --flip A B or --set A B +|-");
    }
    Ok(changes)
}

fn change_json(g: &SignedGraph, c: &SupportChange) -> Value {
    let roles = |v: &[(usize, Role)]| {
        v.iter()
            .map(|&(n, r)| json!({"actor": g.name(n), "role": r.key()}))
            .collect::<Vec<_>>()
    };
    json!({
        "a": g.name(c.a),
        "b": g.name(c.b),
        "sign": c.sign_after.value(),
        "sign_before": c.sign_before.value(),
        "support_before": c.support_before,
        "support_after": c.support_after,
        "strain_before": c.strain_before,
        "strain_after": c.strain_after,
        "share_lost": c.share_lost(),
        "lost": roles(&c.lost),
        "new_strain": roles(&c.new_strain),
    })
}

/// `entente whatif`.
pub fn whatif(db: &Path, args: WhatIfArgs) -> Result<Outcome> {
    let changes = parse_changes(&args)?;
    let subject = subject(db, &args.spec, args.edges.as_deref(), false)?;
    let mut report = whatif_report(&subject.graph, &changes, args.exact)?;
    mark_declared(&mut report, &subject);
    let mut out = std::io::stdout().lock();
    match args.format {
        TextOrJson::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        TextOrJson::Table => write!(
            out,
            "{}{}",
            whatif_text(&subject.label, &report, args.show),
            declared_text(&subject)
        )?,
    }
    Ok(Outcome::Ok)
}

/// The what-if comparison as JSON.
pub fn whatif_report(g: &SignedGraph, changes: &[Change], exact: bool) -> Result<Value> {
    let w = support::what_if(g, changes, exact, &FrustrationOptions::default())?;
    let before_split = split_names(&w.frustration_before, g);
    let after_split = split_names(&w.frustration_after, &w.after);
    Ok(json!({
        "changes": changes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "ties_losing_support": w.ties_losing_support.iter().map(|c| change_json(g, c)).collect::<Vec<_>>(),
        "ties_strained": w.ties_strained.iter().map(|c| change_json(g, c)).collect::<Vec<_>>(),
        "frustration_before": w.frustration_before.index,
        "frustration_after": w.frustration_after.index,
        "frustration_exact": w.frustration_before.exact && w.frustration_after.exact,
        "lower_bound_before": w.frustration_before.lower_bound,
        "lower_bound_after": w.frustration_after.lower_bound,
        "blocs_before": [before_split.0, before_split.1],
        "blocs_after": [after_split.0, after_split.1],
        "moved": w.moved.iter().map(|&v| g.name(v)).collect::<Vec<_>>(),
    }))
}

pub fn whatif_text(label: &str, r: &Value, show: usize) -> String {
    let strs = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut s = format!(
        "What if: {} (in the {label})\n\n",
        strs(&r["changes"]).join("; ")
    );
    let roles = |v: &Value| -> String {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        let actor = x["actor"].as_str().unwrap_or("");
                        match x["role"].as_str().unwrap_or("") {
                            "shared_enemy" => format!("shared enemy {actor}"),
                            "shared_friend" => format!("shared friend {actor}"),
                            _ => actor.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let sign = |v: &Value| if v.as_i64() == Some(1) { "+" } else { "−" };
    let losing = r["ties_losing_support"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    s.push_str(&format!("Ties losing support ({}):\n", losing.len()));
    for c in losing.iter().take(show) {
        s.push_str(&format!(
            "  {}–{} ({}): balanced triangles {} → {} ({:.0}% lost){}\n",
            c["a"].as_str().unwrap_or(""),
            c["b"].as_str().unwrap_or(""),
            sign(&c["sign"]),
            c["support_before"],
            c["support_after"],
            c["share_lost"].as_f64().unwrap_or(0.0) * 100.0,
            {
                let lost = roles(&c["lost"]);
                if lost.is_empty() {
                    String::new()
                } else {
                    format!("; gone: {lost}")
                }
            }
        ));
    }
    let strained = r["ties_strained"].as_array().cloned().unwrap_or_default();
    s.push_str(&format!(
        "\nTies left mostly in unbalanced triangles ({}):\n",
        strained.len()
    ));
    for c in strained.iter().take(show) {
        s.push_str(&format!(
            "  {}–{} ({}): {} balanced, {} unbalanced triangles{}\n",
            c["a"].as_str().unwrap_or(""),
            c["b"].as_str().unwrap_or(""),
            sign(&c["sign"]),
            c["support_after"],
            c["strain_after"],
            {
                let n = roles(&c["new_strain"]);
                if n.is_empty() {
                    String::new()
                } else {
                    format!("; newly strained by {n}")
                }
            }
        ));
    }
    s.push_str(&format!(
        "\nFrustration index: {} → {}{}\n",
        r["frustration_before"],
        r["frustration_after"],
        if r["frustration_exact"].as_bool() == Some(true) {
            " (both proven optimal)"
        } else {
            " (heuristic; --exact proves them)"
        }
    ));
    let before = &r["blocs_before"];
    let after = &r["blocs_after"];
    s.push_str(&format!(
        "Blocs before: {{{}}} vs {{{}}}\nBlocs after:  {{{}}} vs {{{}}}\n",
        strs(&before[0]).join(", "),
        strs(&before[1]).join(", "),
        strs(&after[0]).join(", "),
        strs(&after[1]).join(", ")
    ));
    let moved = strs(&r["moved"]);
    s.push_str(&format!(
        "Changed sides: {}\n",
        if moved.is_empty() {
            "none".to_string()
        } else {
            moved.join(", ")
        }
    ));
    s
}
