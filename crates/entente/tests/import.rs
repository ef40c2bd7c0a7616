use crate::util::*;

#[test]
fn gdelt_samples_import_once() {
    let Some(dir) = shared("real/gdelt") else {
        return;
    };
    let env = Env::new();
    let files: Vec<String> = [
        "gdelt2-sample.export.CSV",
        "gdelt2-translingual-sample.export.CSV",
        "gdelt1-mixed-sample.export.CSV",
    ]
    .iter()
    .map(|f| dir.join(f).display().to_string())
    .collect();
    let mut args = vec!["import", "gdelt"];
    args.extend(files.iter().map(String::as_str));
    let out = env.run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(env.count(), 300);
    // Again: nothing added, and the report says so.
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("0 events added, 300 already in the store"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.count(), 300);
}

#[test]
fn icews_and_plover_samples() {
    let (Some(icews), Some(plover)) = (
        shared("real/icews/icews-sample-300.tab"),
        shared("plover/gsr_dev.json"),
    ) else {
        return;
    };
    let env = Env::new();
    let out = env.run(&["import", "icews", icews.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.count(), 300);
    let out = env.run(&["import", "plover", plover.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // 161 records after the DOCUMENT one; compound actors add events.
    let added = env.count() - 300;
    assert!(added > 161, "{added}");
    let out = env.run(&[
        "events", "--source", "IND", "--target", "IND", "--format", "jsonl",
    ]);
    assert!(stdout(&out).lines().count() > 10);
}

#[test]
fn same_rows_in_another_file_add_nothing() {
    let env = Env::new();
    let a = env.path("a.csv");
    synth_gdelt(&a, 500, 1);
    let text = std::fs::read_to_string(&a).unwrap();
    let half: String = text.lines().skip(250).map(|l| format!("{l}\n")).collect();
    let b = env.write("b.csv", half);
    assert_eq!(
        env.run(&["import", "gdelt", a.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let out = env.run(&["import", "gdelt", b.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("0 events added, 250 already in the store"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.count(), 500);
}

#[test]
fn malformed_rows_skipped_and_reported_or_strict() {
    let env = Env::new();
    let good = env.path("good.csv");
    synth_gdelt(&good, 20, 1);
    let mut lines: Vec<String> = std::fs::read_to_string(&good)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut f: Vec<String> = lines[4].split('\t').map(str::to_string).collect();
    f[30] = "strong".into();
    lines[4] = f.join("\t");
    let mut f: Vec<String> = lines[9].split('\t').map(str::to_string).collect();
    f[1] = "20191345".into();
    lines[9] = f.join("\t");
    let bad = env.write("bad.csv", lines.join("\n") + "\n");

    let strict = env.run(&["import", "gdelt", "--strict", bad.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("bad.csv:5"), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("GoldsteinScale") || stderr(&strict).contains("score"),
        "{}",
        stderr(&strict)
    );
    assert_eq!(env.count(), 0, "strict: nothing written");

    let lenient = env.run(&["import", "gdelt", bad.to_str().unwrap()]);
    assert_eq!(lenient.status.code(), Some(1), "some rows skipped");
    let report = stdout(&lenient);
    assert!(report.contains("2 malformed rows skipped"), "{report}");
    assert!(report.contains("bad.csv:5: GoldsteinScale"), "{report}");
    assert!(report.contains("bad.csv:10: SQLDATE"), "{report}");
    assert_eq!(env.count(), 18);
}

#[test]
fn own_csv_and_jsonl_round_trip() {
    let env = Env::new();
    let csv = env.write(
        "mine.csv",
        "date,source,target,cameo,goldstein,note\n2019-03,RUS,VEN,0332,,advisers\n2021-08-15,AFGREBTAL,AFG,192,,\n",
    );
    let out = env.run(&["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let jsonl = env.path("out.jsonl");
    let out = env.run(&["export", "--format", "jsonl", "-o", jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(text.lines().count(), 2);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["date"], "2019-03");
    assert_eq!(first["cameo_root"], "03");
    assert_eq!(first["quad_class"], 1);
    // The export imports into a fresh store.
    let other = Env::new();
    let copy = other.write("in.jsonl", &text);
    let out = other.run(&["import", "jsonl", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(other.count(), 2);
}

#[test]
fn killed_import_leaves_the_store_consistent() {
    use std::io::BufRead;
    let env = Env::new();
    let first = env.path("first.csv");
    let second = env.path("second.csv");
    synth_gdelt(&first, 2_000, 1);
    synth_gdelt(&second, 150_000, 10_000_000);
    let db = env.db();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "import",
            "gdelt",
            first.to_str().unwrap(),
            second.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The report line of the first file means it is committed and the
    // second file's transaction has begun.
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first_report = lines.next().unwrap().unwrap();
    assert!(first_report.contains("first.csv"), "{first_report}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    let n = env.count();
    if finished_early {
        eprintln!("note: the import finished before it could be killed");
        assert_eq!(n, 152_000);
    } else {
        assert_eq!(n, 2_000, "only the committed first file is there");
    }
    // Re-importing both completes the store with no duplicates.
    let out = env.run(&[
        "import",
        "gdelt",
        first.to_str().unwrap(),
        second.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.count(), 152_000);
}
