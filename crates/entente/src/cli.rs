//! Command-line arguments. The doc comment of each command is its help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// entente: political event data from text and datasets, and the relations
/// it reveals.
#[derive(Debug, Parser)]
#[command(name = "entente", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The store file (default: entente.db in the working directory).
    #[arg(
        long,
        global = true,
        env = "ENTENTE_DB",
        value_name = "PATH",
        default_value = "entente.db"
    )]
    pub db: PathBuf,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import event datasets into the store (each file in one transaction;
    /// rows already there are not added again).
    Import(ImportArgs),
    /// List events in the store.
    Events(EventsArgs),
    /// Write events to a CSV, JSONL or Parquet file.
    Export(ExportArgs),
    /// Summarise what the store holds.
    Stats(StatsArgs),
    /// Code text into events and print them (no store needed).
    Code(CodeArgs),
    /// Code documents and keep documents, sentences and events in the store.
    Ingest(IngestArgs),
    /// Work with dictionaries: check them, or convert PETRARCH's.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Score the coder against gold events (precision, recall, F1).
    Eval(EvalArgs),
    /// A dyad's history: events per period by quad class, Goldstein sum and
    /// mean, cooperation share, the relationship's state and its turns.
    Timeline(TimelineArgs),
    /// The signed network of friends and enemies at a moment or over a window.
    Network(NetworkCmdArgs),
    /// Structural balance of the network (or of any signed edge list):
    /// triangle census, balance indices, frustration index and blocs.
    Balance(BalanceArgs),
    /// Why each tie holds: the triangles that support it and those that
    /// strain it, naming the third actors ("shared enemy X").
    Why(WhyArgs),
    /// What if an actor left, or a tie flipped: the ties that lose their
    /// support, the ties left strained, and how frustration and blocs move.
    Whatif(WhatIfArgs),
    /// Run entente on its built-in sample corpus: ingest it into a temporary
    /// store, then show a timeline, the network, its balance and a what-if,
    /// and write plots. Leaves nothing behind but the plots.
    Demo(DemoArgs),
}

/// Time periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// Formats for reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text for reading.
    Table,
    /// CSV with a header.
    Csv,
    /// JSON.
    Json,
}

/// Formats for `balance`, `why` and `whatif`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// Text for reading.
    Table,
    /// JSON.
    Json,
}

/// `entente timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// First actor code (with its descendants unless --exact).
    #[arg(value_name = "A")]
    pub a: String,
    /// Second actor code.
    #[arg(value_name = "B")]
    pub b: String,
    /// Period length.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub by: PeriodArg,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Events on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events from A to B (default: both directions).
    #[arg(long)]
    pub directed: bool,
    /// Match the two codes exactly, without descendants (IRN without IRNMIL).
    #[arg(long)]
    pub exact: bool,
    /// Half-life in days of an event's weight in the relationship's state.
    #[arg(long, default_value_t = 180.0, value_name = "DAYS")]
    pub half_life: f64,
    /// Include events the text negates.
    #[arg(long)]
    pub include_negated: bool,
    /// Output format (csv and json list every period, with its events).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also draw the timeline to this file (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

/// How to build the signed network (shared by network, balance, why, whatif).
#[derive(Debug, Args, Clone)]
pub struct NetworkSpec {
    /// The moment: events up to the end of DATE, weighted by how recent
    /// they are (default: the store's last event).
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub at: Option<String>,
    /// Window start: with --from/--to every event in the window counts
    /// fully, without decay.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Window end.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Nodes: countries (named groups and IGOs stay their own nodes), or
    /// every actor code as it is.
    #[arg(long, value_enum, default_value_t = LevelArg::Country)]
    pub level: LevelArg,
    /// Half-life in days of an event's weight (with --at).
    #[arg(long, default_value_t = 365.0, value_name = "DAYS")]
    pub half_life: f64,
    /// Fewest events a pair needs to be an edge.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_events: usize,
    /// Smallest |decayed mean Goldstein| that makes an edge.
    #[arg(long, default_value_t = 1.0, value_name = "X")]
    pub threshold: f64,
    /// Analyst ties layered on top: CSV `a,b,sign,from,to,note` (empty
    /// dates are open-ended); they replace the computed edge of their pair
    /// and are marked as declared.
    #[arg(long, value_name = "FILE.csv")]
    pub ties: Option<PathBuf>,
    /// Include events the text negates.
    #[arg(long)]
    pub include_negated: bool,
}

/// Network node granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// Countries, plus named groups and IGOs.
    Country,
    /// Every actor code (IRNMIL apart from IRN).
    Actor,
}

/// `entente network`.
#[derive(Debug, Args)]
pub struct NetworkCmdArgs {
    /// How to build the network.
    #[command(flatten)]
    pub spec: NetworkSpec,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NetworkFormat::Table)]
    pub format: NetworkFormat,
    /// Also draw the network to this file (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

/// Formats for `network`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NetworkFormat {
    /// Text for reading.
    Table,
    /// JSON: nodes and edges with their evidence.
    Json,
    /// CSV edge list (readable by `entente balance --edges`).
    Csv,
    /// GraphML (Gephi, yEd, networkx, igraph).
    Graphml,
    /// GEXF (Gephi).
    Gexf,
}

/// `entente balance`.
#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// How to build the network from the store.
    #[command(flatten)]
    pub spec: NetworkSpec,
    /// Analyse this signed edge list instead of the store: CSV with
    /// columns source,target,sign (+1/-1) and optionally weight.
    #[arg(long, value_name = "FILE.csv")]
    pub edges: Option<PathBuf>,
    /// With --edges: each row is an arc and counts on its own.
    #[arg(long, requires = "edges")]
    pub directed: bool,
    /// Prove the frustration index optimal (branch and bound) instead of
    /// the fast heuristic with a lower bound.
    #[arg(long)]
    pub exact: bool,
    /// Also find the best partition into at most K blocs (weak balance).
    #[arg(long, value_name = "K")]
    pub blocs: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Table)]
    pub format: TextOrJson,
}

/// `entente why`.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// How to build the network.
    #[command(flatten)]
    pub spec: NetworkSpec,
    /// Only the tie between these two actors (node codes).
    #[arg(value_name = "ACTOR", num_args = 0..=2)]
    pub pair: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Table)]
    pub format: TextOrJson,
}

/// `entente whatif`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    /// How to build the network.
    #[command(flatten)]
    pub spec: NetworkSpec,
    /// Work on this signed edge list (source,target,sign) instead of the store.
    #[arg(long, value_name = "FILE.csv")]
    pub edges: Option<PathBuf>,
    /// Take an actor and its ties out (repeatable).
    #[arg(long, value_name = "ACTOR")]
    pub remove: Vec<String>,
    /// Reverse the sign of the tie between A and B (repeatable).
    #[arg(long, num_args = 2, value_names = ["A", "B"], action = clap::ArgAction::Append)]
    pub flip: Vec<String>,
    /// Give A and B a tie of sign + or - (repeatable).
    #[arg(long, num_args = 3, value_names = ["A", "B", "SIGN"], action = clap::ArgAction::Append, allow_hyphen_values = true)]
    pub set: Vec<String>,
    /// Prove both frustration indices optimal.
    #[arg(long)]
    pub exact: bool,
    /// How many ties to list in each section.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub show: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextOrJson::Table)]
    pub format: TextOrJson,
}

/// `entente demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Directory for the plots (created if missing).
    #[arg(long, default_value = "entente-demo", value_name = "DIR")]
    pub plots: PathBuf,
}

/// `entente import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dataset format.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// Files to import (`.zip` for zipped GDELT files).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Abort a file at its first malformed row, importing nothing from it
    /// (default: skip malformed rows and report them).
    #[arg(long)]
    pub strict: bool,
    /// How many malformed rows to list per file.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub show_errors: usize,
}

/// Dataset formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImportFormat {
    /// GDELT 2.0 event exports (61 columns) and GDELT 1.0 files (57/58 columns), plain or .zip.
    Gdelt,
    /// ICEWS tab-separated event files with their header line.
    Icews,
    /// PLOVER/POLECAT JSON records (array or one per line).
    Plover,
    /// entente's CSV event records (docs/event-record.md).
    Csv,
    /// entente's JSONL event records (docs/event-record.md).
    Jsonl,
}

/// Filters shared by `events` and `export`.
#[derive(Debug, Args, Clone)]
pub struct FilterArgs {
    /// Source actor code; matches its descendants (IRN matches IRNMIL).
    #[arg(long, value_name = "CODE")]
    pub source: Option<String>,
    /// Target actor code; matches its descendants.
    #[arg(long, value_name = "CODE")]
    pub target: Option<String>,
    /// Actor on either side; matches its descendants.
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// Match actor codes exactly, without descendants.
    #[arg(long)]
    pub exact: bool,
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Events on or before this date (the whole month or year for YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// CAMEO root code, 01 to 20.
    #[arg(long, value_name = "NN")]
    pub cameo_root: Option<String>,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[arg(long, value_name = "N")]
    pub quad: Option<u8>,
    /// Include events the text negates ("did not meet").
    #[arg(long)]
    pub include_negated: bool,
    /// At most this many events.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

/// `entente events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Formats for listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for reading.
    Table,
    /// CSV with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `entente export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Output file (`-` for standard output; not for Parquet).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Export formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormatArg {
    /// CSV with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Apache Parquet (schema in docs/event-record.md).
    Parquet,
}

/// `entente stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

/// Formats for `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Text for reading.
    Table,
    /// A JSON object.
    Json,
}

/// Options shared by `code` and `ingest`.
#[derive(Debug, Args, Clone)]
pub struct TextArgs {
    /// Publication date of documents that give none (YYYY-MM-DD); relative
    /// dates in the text are resolved against it.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Identifier of a single plain-text or HTML document (default: the file name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// A directory of dictionary files (*.toml) layered over the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Code with the --dict dictionaries alone, without the built-in ones
    /// (for dictionaries converted from PETRARCH, say).
    #[arg(long, requires = "dict")]
    pub no_builtin: bool,
}

/// `entente code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Files to code: plain text (one document), JSONL (one document per
    /// line: id, date, title, text, url, source) or HTML; `-` or nothing
    /// for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CodeFormat::Jsonl)]
    pub format: CodeFormat,
    /// Also print events the text negates.
    #[arg(long)]
    pub include_negated: bool,
    /// Instead of events, show what the coder sees in each sentence (actors,
    /// triggers, dates).
    #[arg(long)]
    pub explain: bool,
}

/// Formats for `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CodeFormat {
    /// One event record (docs/event-record.md) per line.
    Jsonl,
    /// Tab-separated: doc, sentence, date, source, target, cameo, plover, modality, rule.
    Tsv,
    /// A table for reading.
    Table,
}

/// `entente ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories (searched for .txt, .jsonl, .html files).
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Text options.
    #[command(flatten)]
    pub text: TextArgs,
}

/// `entente dict`.
#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Check dictionary files: the built-in ones, and those in DIR.
    Lint {
        /// A directory of dictionary files.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Convert PETRARCH2/TABARI dictionaries (verbs, actors, agents,
    /// discards) in DIR to entente TOML files in OUT, listing what could
    /// not be carried over.
    ImportPetrarch {
        /// Directory with the PETRARCH dictionaries.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Directory to write verbs.toml, actors.toml, agents.toml, discards.toml to.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        out: PathBuf,
        /// How many conversion notes to print.
        #[arg(long, default_value_t = 20, value_name = "N")]
        show: usize,
    },
}

/// `entente eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold file: PETRARCH validation XML (with --petrarch), PLOVER JSON
    /// records, or entente gold documents (JSON or JSONL).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Directory with the PETRARCH dictionaries a validation file names:
    /// they are converted and used instead of the built-in dictionaries.
    #[arg(long, value_name = "DIR")]
    pub petrarch: Option<PathBuf>,
    /// A directory of dictionary files layered over the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// How many misses and false hits to list.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub show: usize,
}
