use crate::util::*;

const ARTICLE: &str = "Iran's foreign minister met his Pakistani counterpart in Tehran on Tuesday. \
The Taliban attacked Afghan forces in Kandahar. Israel did not attack Hamas.";

fn records(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn code_plain_text_from_stdin_and_file() {
    let env = Env::new();
    let file = env.write("article.txt", ARTICLE);
    let out = env.run(&["code", file.to_str().unwrap(), "--date", "2019-06-14"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let attack = recs
        .iter()
        .find(|r| r["cameo"] == "190")
        .expect("the attack is coded");
    assert_eq!(attack["source"], "AFGREBTAL");
    assert_eq!(attack["target"], "AFGMIL");
    assert_eq!(attack["doc_id"], "article");
    assert_eq!(attack["sentence"], 1);
    assert_eq!(
        attack["text"],
        "The Taliban attacked Afghan forces in Kandahar."
    );
    let spans = &attack["spans"];
    let text: Vec<char> = attack["text"].as_str().unwrap().chars().collect();
    let cut = |k: &str| -> String {
        let a = spans[k][0].as_u64().unwrap() as usize;
        let b = spans[k][1].as_u64().unwrap() as usize;
        text[a..b].iter().collect()
    };
    assert_eq!(cut("source"), "Taliban");
    assert_eq!(cut("target"), "Afghan forces");
    assert_eq!(cut("trigger"), "attacked");
    assert!(
        attack["rule"].as_str().unwrap().contains("attack"),
        "{attack}"
    );
    // The negated attack is not printed unless asked for.
    assert!(!recs.iter().any(|r| r["source"] == "ISR"), "{recs:?}");
    let with = env.run(&[
        "code",
        file.to_str().unwrap(),
        "--date",
        "2019-06-14",
        "--include-negated",
    ]);
    assert!(
        records(&with)
            .iter()
            .any(|r| r["source"] == "ISR" && r["negated"] == true)
    );
    // Standard input, TSV.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
        .args([
            "code",
            "-",
            "--date",
            "2019-06-14",
            "--format",
            "tsv",
            "--id",
            "x1",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("x1\t1\t") && l.contains("AFGREBTAL\tAFGMIL\t190")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn code_jsonl_documents_with_their_own_dates() {
    let env = Env::new();
    let docs = env.write(
        "docs.jsonl",
        "{\"id\": \"a\", \"date\": \"2022-08-05\", \"text\": \"Iran condemned Israel on Friday.\"}\n\
         not json\n\
         {\"id\": \"b\", \"text\": \"Russia attacked Ukraine yesterday.\"}\n",
    );
    let out = env.run(&["code", docs.to_str().unwrap(), "--date", "2022-02-25"]);
    assert_eq!(out.status.code(), Some(1), "one line was bad");
    assert!(stderr(&out).contains("docs.jsonl:2"), "{}", stderr(&out));
    let recs = records(&out);
    let a = recs.iter().find(|r| r["doc_id"] == "a").unwrap();
    assert_eq!(a["date"], "2022-08-05");
    assert_eq!(a["date_source"], "text");
    let b = recs.iter().find(|r| r["doc_id"] == "b").unwrap();
    assert_eq!(b["date"], "2022-02-24", "yesterday, against --date");
}

#[test]
fn code_html_pages() {
    let env = Env::new();
    let page = env.write(
        "page.html",
        "<html><head><title>t</title><script>var x = 'Iran attacked Iraq';</script></head><body><nav>Home | World</nav>\
         <article><h1>Clashes</h1><p>The Taliban attacked Afghan forces in Kandahar on Monday, officials said.</p>\
         <p>The fighting lasted several hours and the provincial governor said reinforcements had been sent to the district.</p></article></body></html>",
    );
    let out = env.run(&["code", page.to_str().unwrap(), "--date", "2019-06-14"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert!(
        recs.iter()
            .any(|r| r["source"] == "AFGREBTAL" && r["cameo"] == "190"),
        "{recs:?}"
    );
    assert!(
        !recs.iter().any(|r| r["source"] == "IRN"),
        "script text is not coded"
    );
}

#[test]
fn code_rejects_bad_input_clearly() {
    let env = Env::new();
    let empty = env.write("empty.txt", "");
    let out = env.run(&["code", empty.to_str().unwrap(), "--date", "2019-06-14"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("empty.txt") && stderr(&out).contains("empty"),
        "{}",
        stderr(&out)
    );
    let binary = env.write("blob.txt", [0u8, 159, 146, 150, 0, 1, 2]);
    let out = env.run(&["code", binary.to_str().unwrap(), "--date", "2019-06-14"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("blob.txt"), "{}", stderr(&out));
    let latin1 = env.write("latin1.txt", b"Iran met Iraq.\nCaf\xe9 talks.\n");
    let out = env.run(&["code", latin1.to_str().unwrap(), "--date", "2019-06-14"]);
    assert!(
        stderr(&out).contains("latin1.txt:2") && stderr(&out).contains("UTF-8"),
        "{}",
        stderr(&out)
    );
    let nodate = env.write("nodate.txt", ARTICLE);
    let out = env.run(&["code", nodate.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("--date"), "{}", stderr(&out));
    let out = env.run(&[
        "code",
        env.path("missing.txt").to_str().unwrap(),
        "--date",
        "2019-06-14",
    ]);
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
    // A 50 MB line.
    let long = env.path("long.jsonl");
    std::fs::write(
        &long,
        format!(
            "{{\"id\": \"x\", \"text\": \"{}\"}}\n",
            "a ".repeat(25 << 20)
        ),
    )
    .unwrap();
    let out = env.run(&["code", long.to_str().unwrap(), "--date", "2019-06-14"]);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("long.jsonl:1") && stderr(&out).contains("MB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ingest_stores_documents_once() {
    let env = Env::new();
    let dir = env.path("docs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("one.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.join("more.jsonl"),
        "{\"id\": \"m1\", \"date\": \"2022-08-05\", \"text\": \"Iran condemned Israel on Friday.\"}\n",
    )
    .unwrap();
    let out = env.run(&["ingest", dir.to_str().unwrap(), "--date", "2019-06-14"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("2 documents added"),
        "{}",
        stdout(&out)
    );
    let n = env.count();
    assert!(n >= 2, "{n}");
    let again = env.run(&["ingest", dir.to_str().unwrap(), "--date", "2019-06-14"]);
    assert!(
        stdout(&again).contains("0 documents added (2 already in the store)"),
        "{}",
        stdout(&again)
    );
    assert_eq!(env.count(), n);
    // Stored events keep their evidence.
    let rows = env.run(&["events", "--source", "IRN", "--format", "jsonl"]);
    let recs = records(&rows);
    let condemn = recs.iter().find(|r| r["cameo"] == "111").expect("stored");
    assert_eq!(condemn["doc_id"], "m1");
    assert_eq!(condemn["text"], "Iran condemned Israel on Friday.");
    assert!(condemn["rule"].as_str().unwrap().contains("condemn"));
}

#[test]
fn dictionaries_lint_and_user_dictionaries() {
    let env = Env::new();
    let ok = env.run(&["dict", "lint"]);
    assert_eq!(ok.status.code(), Some(0), "{}{}", stdout(&ok), stderr(&ok));
    let dir = env.path("dict");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("mine.toml"),
        "[[actor]]\ncode = \"XYZREBABC\"\nkind = \"group\"\nname = \"Blue Hand Front\"\n",
    )
    .unwrap();
    let file = env.write("a.txt", "The Blue Hand Front attacked Afghan forces.");
    let file_arg = file.to_str().unwrap();
    let dir_arg = dir.to_str().unwrap();
    let code = |extra: &[&str]| {
        let mut args = vec!["code", file_arg, "--date", "2020-01-01", "--dict", dir_arg];
        args.extend_from_slice(extra);
        env.run(&args)
    };
    let out = code(&["--format", "tsv"]);
    assert!(
        stdout(&out).contains("XYZREBABC\tAFGMIL\t190"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // With --no-builtin the user's dictionaries are all there is: no verb,
    // so no event.
    let alone = code(&["--no-builtin", "--format", "tsv"]);
    assert_eq!(alone.status.code(), Some(1), "{}", stderr(&alone));
    assert!(stderr(&alone).contains("no events"), "{}", stderr(&alone));
    let seen = stdout(&code(&["--no-builtin", "--explain"]));
    assert!(
        seen.contains("XYZREBABC") && !seen.contains("AFG"),
        "{seen}"
    );
    let lonely = env.run(&["code", file.to_str().unwrap(), "--no-builtin"]);
    assert_eq!(lonely.status.code(), Some(2));
    std::fs::write(dir.join("bad.toml"), "[[actor]]\ncode = \"XYZ\"\nkind = \"group\"\nname = \"A\"\n\n[[verb]]\nlemma = \"zap\"\nforms = [\"zaps\"]\ncode = \"999\"\n").unwrap();
    let bad = env.run(&["dict", "lint", dir.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stdout(&bad).contains("bad.toml:6"), "{}", stdout(&bad));
    let out = code(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.toml:6"), "{}", stderr(&out));
}

#[test]
fn local_codes_carry_no_score_from_text_to_store() {
    let env = Env::new();
    let dir = env.path("dict");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("labels.toml"),
        "[settings]\nlocal_codes = true\n\n[[verb]]\nlemma = \"snub\"\nforms = [\"snubs\", \"snubbed\"]\ncode = \"901\"\n",
    )
    .unwrap();
    let file = env.write("a.txt", "Chile snubbed Bolivia. Chile attacked Bolivia.");
    let args = [
        file.to_str().unwrap(),
        "--date",
        "2020-01-01",
        "--dict",
        dir.to_str().unwrap(),
    ];
    let mut code = vec!["code"];
    code.extend_from_slice(&args);
    let out = env.run(&code);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    let snub = recs
        .iter()
        .find(|r| r["cameo"] == "901")
        .expect("the local code");
    assert_eq!(snub["cameo_root"], "90");
    for field in ["goldstein", "quad_class", "plover"] {
        assert!(snub[field].is_null(), "{field}: {snub}");
    }
    let attack = recs
        .iter()
        .find(|r| r["cameo_root"] == "19")
        .expect("an attack");
    assert_eq!(attack["quad_class"], 4);
    // Ingested, the event is kept with its code and no score, and analysis
    // leaves it out.
    let mut ingest = vec!["ingest"];
    ingest.extend_from_slice(&args);
    let stored = env.run(&ingest);
    assert_eq!(stored.status.code(), Some(0), "{}", stderr(&stored));
    let listed = records(&env.run(&["events", "--format", "jsonl"]));
    let snub = listed.iter().find(|r| r["cameo"] == "901").expect("stored");
    assert!(
        snub["goldstein"].is_null() && snub["quad_class"].is_null(),
        "{snub}"
    );
    let table = stdout(&env.run(&["events"]));
    assert!(table.contains("901"), "{table}");
    // Both events are counted, only the attack has a quad class, and the
    // dyad's timeline weighs the attack alone.
    let stats = stdout(&env.run(&["stats"]));
    assert!(stats.contains("events     2 "), "{stats}");
    assert!(
        stats.contains("3 verbal conflict       0") && stats.contains("4 material conflict     1"),
        "{stats}"
    );
    let timeline = stdout(&env.run(&["timeline", "CHL", "BOL"]));
    assert!(timeline.contains("1 events in 1 periods"), "{timeline}");
    for format in ["csv", "parquet"] {
        let file = env.path(&format!("out.{format}"));
        let exported = env.run(&[
            "export",
            "--format",
            format,
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(exported.status.code(), Some(0), "{}", stderr(&exported));
        assert!(
            stderr(&exported).contains("2 events written"),
            "{}",
            stderr(&exported)
        );
    }
    let csv = std::fs::read_to_string(env.path("out.csv")).unwrap();
    assert!(csv.contains(",901,90,,,,,false,"), "{csv}");
}

#[test]
fn import_petrarch_dictionaries() {
    let Some(dir) = shared("petrarch2/dictionaries") else {
        return;
    };
    let env = Env::new();
    let out_dir = env.path("converted");
    let out = env.run(&[
        "dict",
        "import-petrarch",
        dir.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("converted"), "{}", stdout(&out));
    for f in ["verbs.toml", "actors.toml", "agents.toml", "discards.toml"] {
        assert!(out_dir.join(f).exists(), "{f}");
    }
    // The converted dictionaries load as a user dictionary.
    let lint = env.run(&["dict", "lint", out_dir.to_str().unwrap()]);
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
}

#[test]
fn eval_reports_scores() {
    let Some(gold) = shared("news/news_gold_dev.json") else {
        return;
    };
    let env = Env::new();
    let out = env.run(&["eval", gold.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["records", "passed", "precision", "recall", "f1"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    assert_eq!(v["records"], 10);
    assert!(v["f1"].as_f64().unwrap() > 0.0);
    // Every record either passed or is listed by id as failed.
    let failed = v["failed"].as_array().expect("failed ids");
    assert_eq!(
        failed.len() + v["passed"].as_u64().unwrap() as usize,
        10,
        "{failed:?}"
    );
    assert!(
        failed
            .iter()
            .all(|id| id.as_str().is_some_and(|s| !s.is_empty()))
    );
}

/// The accuracy targets of issue 3 on the development gold sets, kept as
/// a guard: a coder change that takes a figure below its target fails
/// here, not only in docs/accuracy.md.
#[test]
fn eval_meets_the_accuracy_targets() {
    let (Some(news), Some(plover), Some(petr), Some(dicts)) = (
        shared("news/news_gold_dev.json"),
        shared("plover/gsr_dev.json"),
        shared("petrarch2/tests/PETR.UnitTest.records.xml"),
        shared("petrarch2/dictionaries"),
    ) else {
        return;
    };
    let env = Env::new();
    let eval = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["eval"];
        all.extend_from_slice(args);
        all.extend(["--format", "json"]);
        let out = env.run(&all);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    for gold in [&news, &plover] {
        let v = eval(&[gold.to_str().unwrap()]);
        let f1 = v["f1"].as_f64().unwrap();
        assert!(f1 >= 0.7, "{}: level-1 F1 {f1}", gold.display());
    }
    let v = eval(&[
        petr.to_str().unwrap(),
        "--petrarch",
        dicts.to_str().unwrap(),
    ]);
    let (passed, records) = (
        v["passed"].as_u64().unwrap(),
        v["records"].as_u64().unwrap(),
    );
    assert!(
        passed * 10 >= records * 9,
        "{passed} of {records} PETRARCH records fully right; not: {}",
        v["failed"]
    );
}
