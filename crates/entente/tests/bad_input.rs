use crate::util::*;

/// Imports `file` into a store holding 10 events and checks the command
/// fails with exit code 2, a message containing `words`, and the store
/// unchanged.
fn rejected(env: &Env, format: &str, file: &std::path::Path, words: &[&str]) {
    let out = env.run(&["import", format, file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let err = stderr(&out);
    for w in words {
        assert!(err.contains(w), "expected {w:?} in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(env.count(), 10);
}

fn seeded() -> Env {
    let env = Env::new();
    let f = env.path("seed.csv");
    synth_gdelt(&f, 10, 1);
    assert_eq!(
        env.run(&["import", "gdelt", f.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    env
}

#[test]
fn missing_file() {
    let env = seeded();
    rejected(
        &env,
        "gdelt",
        &env.path("nope.CSV"),
        &["nope.CSV", "No such file"],
    );
}

#[test]
fn empty_file() {
    let env = seeded();
    let f = env.write("empty.CSV", "");
    rejected(&env, "gdelt", &f, &["empty.CSV", "empty"]);
}

#[test]
fn invalid_utf8() {
    let env = seeded();
    let good = env.path("g.csv");
    synth_gdelt(&good, 5, 100);
    let mut bytes = std::fs::read(&good).unwrap();
    let third_line = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    bytes.insert(third_line + 20, 0xE9);
    let f = env.write("latin1.CSV", bytes);
    rejected(&env, "gdelt", &f, &["latin1.CSV:3", "UTF-8"]);
}

#[test]
fn binary_file() {
    let env = seeded();
    let f = env.write(
        "blob.CSV",
        (0..4096u32)
            .map(|i| (i * 7 % 256) as u8)
            .collect::<Vec<u8>>(),
    );
    rejected(&env, "gdelt", &f, &["blob.CSV"]);
}

#[test]
fn very_long_line() {
    let env = seeded();
    let p = env.path("long.CSV");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\n").unwrap();
    }
    rejected(&env, "gdelt", &p, &["long.CSV:1", "longer than"]);
}

#[test]
fn truncated_zip() {
    let env = seeded();
    let csv = env.path("rows.CSV");
    synth_gdelt(&csv, 2000, 500);
    let zip_path = env.path("rows.CSV.zip");
    {
        use std::io::Write;
        let f = std::fs::File::create(&zip_path).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("rows.CSV", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&std::fs::read(&csv).unwrap()).unwrap();
        z.finish().unwrap();
    }
    // A whole zip imports.
    let out = env.run(&["import", "gdelt", zip_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(env.count(), 2010);
    let undo = Env::new();
    let f = undo.path("seed.csv");
    synth_gdelt(&f, 10, 1);
    undo.run(&["import", "gdelt", f.to_str().unwrap()]);
    let bytes = std::fs::read(&zip_path).unwrap();
    let cut = undo.write("cut.CSV.zip", &bytes[..bytes.len() / 2]);
    rejected(&undo, "gdelt", &cut, &["cut.CSV.zip", "zip"]);
}

#[test]
fn spreadsheet_export_is_not_gdelt() {
    let env = seeded();
    let good = env.path("g.csv");
    synth_gdelt(&good, 60, 100);
    let semis = std::fs::read_to_string(&good)
        .unwrap()
        .replace('\t', ";")
        .replace('\n', "\r\n");
    let f = env.write("resaved.CSV", semis);
    rejected(
        &env,
        "gdelt",
        &f,
        &["resaved.CSV", "not a GDELT file", "spreadsheet"],
    );
}

#[test]
fn not_a_store() {
    let env = Env::new();
    let notes = env.write("notes.txt", "just some notes, not a database ".repeat(100));
    let out = entente(&["--db", notes.to_str().unwrap(), "stats"], env.dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not an entente store"),
        "{}",
        stderr(&out)
    );
    let out = entente(
        &["--db", env.path("none.db").to_str().unwrap(), "events"],
        env.dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no store at"), "{}", stderr(&out));
    assert!(
        !env.path("none.db").exists(),
        "a query does not create a store"
    );
}

#[test]
fn bad_filters_are_named() {
    let env = seeded();
    for (args, words) in [
        (vec!["events", "--from", "2019-13"], "--from \"2019-13\""),
        (vec!["events", "--source", "US GOV"], "--source"),
        (vec!["events", "--cameo-root", "21"], "--cameo-root"),
        (vec!["events", "--quad", "5"], "--quad 5"),
        (
            vec!["events", "--from", "2020", "--to", "2019"],
            "after --to",
        ),
    ] {
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
    }
}
