//! Helpers: run the binary against a store in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("test.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    /// Runs `entente --db <db> ARGS`.
    pub fn run(&self, args: &[&str]) -> Output {
        let db = self.db();
        let mut all = vec!["--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        entente(&all, self.dir.path())
    }

    /// Number of events in the store, through `entente stats --format json`.
    pub fn count(&self) -> u64 {
        let out = self.run(&["stats", "--format", "json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["events"].as_u64().unwrap()
    }
}

pub fn entente(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .current_dir(cwd)
        .env_remove("ENTENTE_DB")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shared data folder (`../shared/data` from the repository root), or
/// `None` with a note when it is absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

/// Writes `rows` synthetic GDELT 2.0 rows.
pub fn synth_gdelt(path: &Path, rows: u64, first_id: u64) {
    let f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    entente_datasets::synth::write_gdelt2(f, rows, first_id, 3650, 60, first_id).unwrap();
}
