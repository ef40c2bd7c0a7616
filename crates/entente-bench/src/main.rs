//! `entente-bench`: generators and timed operations for the benchmark
//! scripts in `bench/`. Each subcommand prints one line of
//! `key=value` results so scripts can put them side by side with peers.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

mod relations;

#[derive(Parser)]
#[command(about = "entente benchmark tools")]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write synthetic GDELT 2.0 rows.
    GenGdelt {
        /// Number of rows.
        #[arg(long)]
        rows: u64,
        /// Distinct actor codes.
        #[arg(long, default_value_t = 200)]
        actors: usize,
        /// Days the dates span.
        #[arg(long, default_value_t = 3650)]
        days: u32,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Aggregate all events by country-level dyad and month.
    DyadMonths {
        /// Store file.
        #[arg(long)]
        db: PathBuf,
    },
    /// Write a random undirected signed graph (`source,target,sign`) with
    /// two planted camps, noise and many triangles.
    GenSigned {
        /// Number of ties.
        #[arg(long)]
        edges: usize,
        /// Number of nodes (default: edges / 8).
        #[arg(long)]
        nodes: Option<usize>,
        /// Share of negative ties wanted.
        #[arg(long, default_value_t = 0.4)]
        negative: f64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output CSV file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Time reading a signed graph, its triangle census and the frustration
    /// heuristic.
    Signed {
        /// Edge file (`source,target,sign`).
        #[arg(long)]
        edges: PathBuf,
    },
    /// Time exact and heuristic frustration on every `cow_*.csv` in DIR.
    Cow {
        /// Directory of Correlates of War windows.
        #[arg(long)]
        dir: PathBuf,
    },
    /// Time building the country-level signed network from every event of
    /// a store, as `entente network` does with its defaults.
    NetworkBuild {
        /// Store file.
        #[arg(long)]
        db: PathBuf,
        /// The moment (default: the store's last day).
        #[arg(long)]
        at: Option<String>,
    },
}

fn main() -> Result<()> {
    match Args::parse().command {
        Cmd::GenGdelt {
            rows,
            actors,
            days,
            out,
        } => {
            let f = std::fs::File::create(&out)
                .with_context(|| format!("creating {}", out.display()))?;
            let t = Instant::now();
            entente_datasets::synth::write_gdelt2(
                std::io::BufWriter::with_capacity(1 << 20, f),
                rows,
                1,
                days,
                actors,
                42,
            )?;
            println!("rows={rows} seconds={:.3}", t.elapsed().as_secs_f64());
        }
        Cmd::DyadMonths { db } => {
            let store = entente_store::Store::open_existing(&db)?;
            let t = Instant::now();
            let cells = store.dyad_periods(
                &entente_store::EventFilter::default(),
                entente_ontology::Period::Month,
            )?;
            let events: u64 = cells.iter().map(|c| c.counts.iter().sum::<u64>()).sum();
            println!(
                "cells={} events={events} seconds={:.3}",
                cells.len(),
                t.elapsed().as_secs_f64()
            );
        }
        Cmd::GenSigned {
            edges,
            nodes,
            negative,
            seed,
            out,
        } => relations::gen_signed(
            edges,
            nodes.unwrap_or((edges / 8).max(16)),
            negative,
            seed,
            &out,
        )?,
        Cmd::Signed { edges } => relations::signed(&edges)?,
        Cmd::Cow { dir } => relations::cow(&dir)?,
        Cmd::NetworkBuild { db, at } => relations::network_build(&db, at.as_deref())?,
    }
    Ok(())
}

/// The same allocator as the `entente` binary, so timings match the product.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
