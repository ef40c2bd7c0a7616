use crate::util::*;

fn sample_env() -> Env {
    let env = Env::new();
    let csv = env.write(
        "s.csv",
        "date,source,target,cameo\n\
         2019-01-05,IRNMIL,USA,190\n\
         2019-02,IRN,AFGREBTAL,040\n\
         2019,USAGOV,IRNGOV,111\n\
         2020-03-01,AFGREBTAL,AFGGOV,193\n\
         2020-03-02,IRNMILIRG,IRQ,0332\n",
    );
    let out = env.run(&["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    env
}

fn jsonl(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["events", "--format", "jsonl"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn filters() {
    let env = sample_env();
    assert_eq!(jsonl(&env, &["--source", "IRN"]).len(), 3);
    assert_eq!(jsonl(&env, &["--source", "IRN", "--exact"]).len(), 1);
    assert_eq!(jsonl(&env, &["--source", "AFG"]).len(), 0);
    assert_eq!(jsonl(&env, &["--target", "AFG"]).len(), 1);
    assert_eq!(jsonl(&env, &["--actor", "USA"]).len(), 2);
    assert_eq!(jsonl(&env, &["--from", "2020"]).len(), 2);
    assert_eq!(
        jsonl(&env, &["--from", "2019-01", "--to", "2019-02"]).len(),
        2
    );
    assert_eq!(jsonl(&env, &["--cameo-root", "19"]).len(), 2);
    assert_eq!(jsonl(&env, &["--quad", "1"]).len(), 2);
    assert_eq!(jsonl(&env, &["--limit", "2"]).len(), 2);
    let none = env.run(&["events", "--source", "CHN"]);
    assert_eq!(none.status.code(), Some(1), "nothing matched");
    assert!(stderr(&none).contains("no actor CHN"), "{}", stderr(&none));
}

#[test]
fn formats() {
    let env = sample_env();
    let table = stdout(&env.run(&["events"]));
    assert!(
        table.contains("IRNMILIRG") && table.contains("│"),
        "{table}"
    );
    let csv = stdout(&env.run(&["events", "--format", "csv"]));
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,doc_id,sentence,date,")
    );
    assert_eq!(lines.count(), 5);
    let stats = env.run(&["stats"]);
    assert!(
        stdout(&stats).contains("events     5"),
        "{}",
        stdout(&stats)
    );
}

#[test]
fn db_option_before_or_after_and_env() {
    let env = sample_env();
    let db = env.db();
    let after = entente(
        &["events", "--format", "csv", "--db", db.to_str().unwrap()],
        env.dir.path(),
    );
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    let with_env = std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["stats", "--format", "json"])
        .current_dir(env.dir.path())
        .env("ENTENTE_DB", &db)
        .output()
        .unwrap();
    assert_eq!(with_env.status.code(), Some(0), "{}", stderr(&with_env));
    // Default: entente.db in the working directory.
    let here = Env::new();
    let csv = here.write(
        "x.csv",
        "date,source,target,cameo\n2019-01-05,IRN,USA,190\n",
    );
    let out = entente(&["import", "csv", csv.to_str().unwrap()], here.dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(here.path("entente.db").exists());
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let top = entente(&["--help"], dir.path());
    assert!(top.status.success());
    let text = stdout(&top);
    let commands: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 5, "{text}");
    for c in commands {
        let out = entente(&[c, "--help"], dir.path());
        assert!(out.status.success(), "{c}");
        assert!(stdout(&out).contains("Usage:"), "{c}");
    }
}

#[test]
fn parquet_is_readable() {
    let env = sample_env();
    let file = env.path("e.parquet");
    let out = env.run(&[
        "export",
        "--format",
        "parquet",
        "-o",
        file.to_str().unwrap(),
        "--source",
        "IRN",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Read back with the parquet crate's reader.
    let reader =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&file).unwrap())
            .unwrap();
    use parquet::file::reader::FileReader;
    assert_eq!(reader.metadata().file_metadata().num_rows(), 3);
    // And with pandas/pyarrow, when Python has them.
    let script = format!(
        "import pyarrow.parquet as pq\nt = pq.read_table({:?}).to_pandas()\nassert len(t) == 3, len(t)\nassert str(t['date_start'].iloc[0]) == '2019-01-05', t['date_start'].iloc[0]\nprint(sorted(t.columns))\n",
        file.to_str().unwrap()
    );
    match std::process::Command::new("python3")
        .args(["-c", "import pyarrow, pandas"])
        .output()
    {
        Ok(o) if o.status.success() => {
            let run = std::process::Command::new("python3")
                .args(["-c", &script])
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        _ => eprintln!("skipping the pyarrow check: python3 with pyarrow and pandas not found"),
    }
}

#[test]
fn demo_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = entente(&["demo"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("AFGREBTAL"));
    // Only the charts stay behind, in ./entente-demo.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["entente-demo"], "the demo leaves only its charts");
}
