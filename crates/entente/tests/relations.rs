use crate::util::*;

/// A constructed history: Iran and the Taliban fight in late 2001, then
/// cooperate in late 2016 while both fight the United States; an IRGC unit
/// (IRNMILIRG) acts for Iran.
const HISTORY: &str = "date,source,target,cameo\n\
    2001-10-02,IRNMIL,AFGREBTAL,190\n\
    2001-10-20,AFGREBTAL,IRN,190\n\
    2001-11-15,IRNMILIRG,AFGREBTAL,190\n\
    2001-12-01,AFGREBTAL,IRNGOV,111\n\
    2016-10-03,IRNGOV,AFGREBTAL,057\n\
    2016-10-25,AFGREBTAL,IRN,042\n\
    2016-11-12,IRNMILIRG,AFGREBTAL,061\n\
    2016-12-05,IRN,AFGREBTAL,057\n\
    2016-10-10,USAMIL,AFGREBTAL,190\n\
    2016-11-01,AFGREBTAL,USAMIL,190\n\
    2016-12-01,USAMIL,AFGREBTAL,190\n\
    2016-10-11,USAGOV,IRNGOV,111\n\
    2016-11-20,IRN,USA,190\n\
    2016-12-10,USA,IRN,190\n";

fn history_env() -> Env {
    let env = Env::new();
    let csv = env.write("history.csv", HISTORY);
    let out = env.run(&["import", "csv", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    env
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let out = env.run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&out)))
}

/// Runs a command that must stop with exit code 2 and an error holding
/// `expect`, never a panic; returns the error output.
fn assert_fails(env: &Env, args: &[&str], expect: &str) -> String {
    let out = env.run(args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}{err}",
        stdout(&out)
    );
    assert!(err.contains(expect), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    err
}

fn period<'a>(v: &'a serde_json::Value, label: &str) -> &'a serde_json::Value {
    v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == label)
        .unwrap_or_else(|| panic!("no period {label}"))
}

#[test]
fn timeline_counts_roll_up_and_find_the_turn() {
    let env = history_env();
    let v = json(
        &env,
        &[
            "timeline",
            "IRN",
            "AFGREBTAL",
            "--by",
            "year",
            "--format",
            "json",
        ],
    );
    let y2001 = period(&v, "2001");
    assert_eq!(y2001["events"], 4, "IRNMIL and IRNMILIRG count for IRN");
    assert_eq!(y2001["material_conflict"], 3);
    assert_eq!(y2001["verbal_conflict"], 1);
    assert_eq!(y2001["state"], "enemy");
    let y2016 = period(&v, "2016");
    assert_eq!(y2016["events"], 4);
    assert_eq!(y2016["cooperation_share"], 1.0);
    assert_eq!(y2016["state"], "ally");
    assert_eq!(period(&v, "2008")["events"], 0, "empty years are listed");
    let turns = v["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 1, "{turns:?}");
    assert_eq!(turns[0]["period"], "2016");
    assert_eq!(turns[0]["from"], "enemy");
    assert_eq!(turns[0]["to"], "ally");
    let drivers = turns[0]["drivers"].as_array().unwrap();
    assert!(!drivers.is_empty());
    // Every driver is an event listed with its origin.
    let events = v["events"].as_array().unwrap();
    for d in drivers {
        let e = events.iter().find(|e| e["id"] == *d).unwrap();
        assert!(e["goldstein"].as_f64().unwrap() > 0.0);
        assert!(e["line"].as_u64().unwrap() >= 6);
    }

    // --exact: only events coded exactly IRN; --directed: only IRN → Taliban.
    let exact = json(
        &env,
        &[
            "timeline",
            "IRN",
            "AFGREBTAL",
            "--by",
            "year",
            "--exact",
            "--format",
            "json",
        ],
    );
    assert_eq!(period(&exact, "2001")["events"], 1);
    let directed = json(
        &env,
        &[
            "timeline",
            "IRN",
            "AFGREBTAL",
            "--by",
            "year",
            "--directed",
            "--format",
            "json",
        ],
    );
    assert_eq!(period(&directed, "2016")["events"], 3);
}

#[test]
fn timeline_table_csv_and_plot() {
    let env = history_env();
    let out = env.run(&["timeline", "IRN", "AFGREBTAL", "--by", "quarter"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("2001-Q4"), "{text}");
    assert!(text.contains("enemy → ally"), "{text}");
    let out = env.run(&[
        "timeline",
        "IRN",
        "AFGREBTAL",
        "--by",
        "year",
        "--format",
        "csv",
    ]);
    let csv = stdout(&out);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("period,start,verbal_cooperation")
    );
    assert_eq!(lines.count(), 16, "2001 to 2016, one row a year");

    let plot = env.path("tl.svg");
    let out = env.run(&[
        "timeline",
        "IRN",
        "AFGREBTAL",
        "--by",
        "year",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    if stderr(&out).contains("no TrueType font") {
        eprintln!("skipping the chart check: no font on this machine");
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.contains("<svg") && svg.contains("material conflict"));
    assert_fails(
        &env,
        &["timeline", "IRN", "AFGREBTAL", "--plot", "x.pdf"],
        ".svg or .png",
    );
}

fn edge<'a>(v: &'a serde_json::Value, a: &str, b: &str) -> Option<&'a serde_json::Value> {
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| (e["a"] == a && e["b"] == b) || (e["a"] == b && e["b"] == a))
}

#[test]
fn network_levels_formats_and_declared_ties() {
    let env = history_env();
    let v = json(&env, &["network", "--at", "2016-12-31", "--format", "json"]);
    assert_eq!(edge(&v, "AFGREBTAL", "IRN").unwrap()["sign"], 1);
    assert_eq!(edge(&v, "AFGREBTAL", "USA").unwrap()["sign"], -1);
    assert_eq!(edge(&v, "IRN", "USA").unwrap()["sign"], -1);
    // Country level: the guard corps is Iran; the Taliban stay their own node.
    let nodes: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(nodes, ["AFGREBTAL", "IRN", "USA"]);
    // Evidence ids resolve to events.
    let ev = edge(&v, "AFGREBTAL", "IRN").unwrap()["evidence"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!ev.is_empty());
    assert!(
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == ev[0])
    );

    // At the end of 2001, decayed: Iran and the Taliban are enemies.
    let v2001 = json(&env, &["network", "--at", "2001-12", "--format", "json"]);
    assert_eq!(edge(&v2001, "AFGREBTAL", "IRN").unwrap()["sign"], -1);
    // A window counts its events without decay.
    let w = json(
        &env,
        &[
            "network", "--from", "2001", "--to", "2001", "--format", "json",
        ],
    );
    assert_eq!(edge(&w, "AFGREBTAL", "IRN").unwrap()["events"], 4);

    let actor = json(
        &env,
        &[
            "network",
            "--at",
            "2016-12-31",
            "--level",
            "actor",
            "--min-events",
            "1",
            "--format",
            "json",
        ],
    );
    let nodes = actor["nodes"].to_string();
    assert!(
        nodes.contains("IRNMILIRG") && nodes.contains("USAMIL"),
        "{nodes}"
    );

    for (format, marker) in [
        ("graphml", "<graphml"),
        ("gexf", "<gexf"),
        ("csv", "source,target,sign"),
    ] {
        let out = env.run(&["network", "--at", "2016-12-31", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).contains(marker), "{format}");
    }

    // Declared ties replace the computed edge and are marked.
    let ties = env.write(
        "ties.csv",
        "a,b,sign,from,to,note\nIRNMIL,USA,+1,2016,,back-channel\nPAK,AFGREBTAL,+1,,2010,old patron\n",
    );
    let v = json(
        &env,
        &[
            "network",
            "--at",
            "2016-12-31",
            "--ties",
            ties.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let irn_usa = edge(&v, "IRN", "USA").unwrap();
    assert_eq!(irn_usa["sign"], 1);
    assert_eq!(irn_usa["declared"], true);
    assert_eq!(irn_usa["note"], "back-channel");
    assert!(edge(&v, "PAK", "AFGREBTAL").is_none(), "expired tie");

    let bad = env.write("bad.csv", "a,b,sign,from,to,note\nIRN,USA,maybe,,,\n");
    let err = assert_fails(
        &env,
        &["network", "--ties", bad.to_str().unwrap()],
        "bad.csv:2",
    );
    assert!(err.contains("sign"), "{err}");
}

#[test]
fn balance_of_the_store_network() {
    let env = history_env();
    let v = json(
        &env,
        &[
            "balance",
            "--at",
            "2016-12-31",
            "--exact",
            "--blocs",
            "2",
            "--format",
            "json",
        ],
    );
    // Taliban + Iran against the United States: one +-- triangle, balanced.
    assert_eq!(v["triangles"]["+--"], 1);
    assert_eq!(v["triangles"]["total"], 1);
    assert_eq!(v["triangle_balance"], 1.0);
    assert!((v["walk_balance"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    let f = &v["frustration"];
    assert_eq!(f["index"], 0.0);
    assert_eq!(f["exact"], true);
    assert_eq!(f["lower_bound"], 0.0);
    assert_eq!(f["frustrated_edges"].as_array().unwrap().len(), 0);
    let blocs = f["blocs"].to_string();
    assert!(
        blocs.contains("[\"AFGREBTAL\",\"IRN\"]") && blocs.contains("[\"USA\"]"),
        "{blocs}"
    );
    assert_eq!(v["k_blocs"]["criterion"], 0.0);

    let out = env.run(&["balance", "--at", "2016-12-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Frustration index"));

    // A declared tie turns Iran and the United States into friends: the
    // triangle is unbalanced, and the report says which tie was declared.
    let ties = env.write(
        "ties.csv",
        "a,b,sign,from,to,note\nIRN,USA,+,,,hypothesis\n",
    );
    let ties = ties.to_str().unwrap();
    let v = json(
        &env,
        &[
            "balance",
            "--at",
            "2016-12-31",
            "--exact",
            "--ties",
            ties,
            "--format",
            "json",
        ],
    );
    assert_eq!(v["frustration"]["index"], 1.0);
    assert_eq!(v["declared_ties"][0]["note"], "hypothesis");
    let out = env.run(&[
        "whatif",
        "--remove",
        "USA",
        "--at",
        "2016-12-31",
        "--ties",
        ties,
    ]);
    assert!(
        stdout(&out).contains("Declared ties included (--ties): IRN–USA (+: hypothesis)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn balance_of_an_edge_list_matches_published_figures() {
    let Some(gama) = shared("signed/gahuku_gama.csv") else {
        return;
    };
    let env = Env::new();
    let v = json(
        &env,
        &[
            "balance",
            "--edges",
            gama.to_str().unwrap(),
            "--exact",
            "--blocs",
            "3",
            "--format",
            "json",
        ],
    );
    let t = &v["triangles"];
    assert_eq!(
        (
            t["+++"].as_u64(),
            t["++-"].as_u64(),
            t["+--"].as_u64(),
            t["---"].as_u64()
        ),
        (Some(19), Some(2), Some(40), Some(7))
    );
    assert!((v["triangle_balance"].as_f64().unwrap() - 0.8676471).abs() < 1e-6);
    assert!((v["walk_balance"].as_f64().unwrap() - 0.3575761).abs() < 1e-6);
    assert_eq!(v["frustration"]["index"], 7.0);
    assert_eq!(v["frustration"]["exact"], true);
    assert_eq!(
        v["frustration"]["frustrated_edges"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let blocs = v["frustration"]["blocs"].as_array().unwrap();
    let small: Vec<&str> = blocs
        .iter()
        .map(|b| b.as_array().unwrap())
        .min_by_key(|b| b.len())
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(small, ["Gama", "Gavev", "Kotun", "Nagad"]);
    assert_eq!(v["k_blocs"]["violating_edges"].as_array().unwrap().len(), 2);

    // The heuristic never reports less than the optimum, and its bound never more.
    let h = json(
        &env,
        &[
            "balance",
            "--edges",
            gama.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(h["frustration"]["index"].as_f64().unwrap() >= 7.0);
    assert!(h["frustration"]["lower_bound"].as_f64().unwrap() <= 7.0);
}

#[test]
fn bad_edge_lists_name_file_line_and_field() {
    let env = Env::new();
    for (name, content, expect) in [
        (
            "sign.csv",
            "source,target,sign\nA,B,1\nB,C,2\n",
            "sign.csv: line 3: field `sign`",
        ),
        (
            "loop.csv",
            "source,target,sign\nA,A,-1\n",
            "loop.csv: line 2",
        ),
        ("cols.csv", "from,to\nA,B\n", "cols.csv: line 1"),
        ("empty.csv", "", "empty.csv"),
    ] {
        let p = env.write(name, content);
        assert_fails(&env, &["balance", "--edges", p.to_str().unwrap()], expect);
    }
    assert_fails(&env, &["balance", "--edges", "missing.csv"], "missing.csv");
}

#[test]
fn why_names_the_shared_enemy() {
    let env = history_env();
    let v = json(
        &env,
        &[
            "why",
            "IRN",
            "AFGREBTAL",
            "--at",
            "2016-12-31",
            "--format",
            "json",
        ],
    );
    let tie = &v["ties"][0];
    assert_eq!(tie["sign"], 1);
    assert_eq!(tie["support"], 1);
    assert_eq!(tie["supported_by"][0]["actor"], "USA");
    assert_eq!(tie["supported_by"][0]["role"], "shared_enemy");
    assert_eq!(tie["supported_by"][0]["events_with_a"], 3);
    let text = tie["explanation"].as_str().unwrap();
    assert!(
        text.starts_with("AFGREBTAL–IRN positive (4 events): supported by shared enemy USA"),
        "{text}"
    );

    let out = env.run(&["why", "--at", "2016-12-31"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).lines().filter(|l| l.starts_with("- ")).count(),
        3
    );
    assert_fails(
        &env,
        &["why", "IRN", "QQQ", "--at", "2016-12-31"],
        "QQQ is not a node",
    );
}

#[test]
fn whatif_removing_the_shared_enemy() {
    let env = history_env();
    let v = json(
        &env,
        &[
            "whatif",
            "--remove",
            "USA",
            "--at",
            "2016-12-31",
            "--exact",
            "--format",
            "json",
        ],
    );
    let losing = v["ties_losing_support"].as_array().unwrap();
    assert_eq!(losing.len(), 1);
    assert_eq!(
        (losing[0]["a"].as_str(), losing[0]["b"].as_str()),
        (Some("AFGREBTAL"), Some("IRN"))
    );
    assert_eq!(losing[0]["support_before"], 1);
    assert_eq!(losing[0]["support_after"], 0);
    assert_eq!(losing[0]["lost"][0]["actor"], "USA");
    assert_eq!(v["frustration_before"], 0.0);
    assert_eq!(v["frustration_after"], 0.0);
    assert!(v["ties_strained"].as_array().unwrap().is_empty());

    // Flipping Iran–US makes the triangle unbalanced.
    let v = json(
        &env,
        &[
            "whatif",
            "--flip",
            "IRN",
            "USA",
            "--at",
            "2016-12-31",
            "--exact",
            "--format",
            "json",
        ],
    );
    assert_eq!(v["frustration_after"], 1.0);
    assert_eq!(v["ties_strained"].as_array().unwrap().len(), 3);
    let v = json(
        &env,
        &[
            "whatif",
            "--set",
            "IRN",
            "USA",
            "+",
            "--at",
            "2016-12-31",
            "--format",
            "json",
        ],
    );
    assert_eq!(v["frustration_after"], 1.0);

    let gama = env.write("g.csv", "source,target,sign\nA,B,-1\nB,C,-1\nA,C,1\n");
    let v = json(
        &env,
        &[
            "whatif",
            "--edges",
            gama.to_str().unwrap(),
            "--remove",
            "B",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        v["ties_losing_support"][0]["lost"][0]["role"],
        "shared_enemy"
    );

    for (args, expect) in [
        (
            vec!["whatif", "--remove", "ZZZ", "--at", "2016-12-31"],
            "ZZZ is not in the network",
        ),
        (vec!["whatif", "--at", "2016-12-31"], "say what changes"),
        (
            vec![
                "whatif",
                "--set",
                "IRN",
                "USA",
                "maybe",
                "--at",
                "2016-12-31",
            ],
            "the sign is + or -",
        ),
        (
            vec!["whatif", "--flip", "IRN", "PAK", "--at", "2016-12-31"],
            "PAK is not in the network",
        ),
    ] {
        assert_fails(&env, &args, expect);
    }
}

#[test]
fn bad_input_to_the_relations_commands() {
    let env = Env::new();
    // An empty store.
    let csv = env.write("none.csv", "date,source,target,cameo\n");
    env.run(&["import", "csv", csv.to_str().unwrap()]);
    for args in [
        vec!["network"],
        vec!["balance"],
        vec!["timeline", "IRN", "USA"],
    ] {
        assert_fails(&env, &args, "holds no events");
    }
    let env = history_env();
    for (args, expect) in [
        (vec!["timeline", "QQQ", "IRN"], "no actor QQQ"),
        (vec!["timeline", "IRN", "not a code"], "actor B"),
        (
            vec!["timeline", "IRN", "USA", "--from", "2020", "--to", "2010"],
            "is after",
        ),
        (
            vec!["network", "--at", "1950"],
            "no events on or before 1950",
        ),
        (
            vec!["network", "--from", "2030"],
            "no events on or after 2030",
        ),
        (vec!["network", "--at", "2016-13"], "--at"),
        (vec!["network", "--half-life", "0"], "half-life"),
        (vec!["balance", "--blocs", "0"], "at least one bloc"),
    ] {
        assert_fails(&env, &args, expect);
    }
}

#[test]
fn demo_runs_the_whole_pipeline() {
    let env = Env::new();
    let plots = env.path("plots");
    let out = entente(
        &["demo", "--plots", plots.to_str().unwrap()],
        env.dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for section in [
        "One report, coded",
        "USAMIL",
        "rule verbs-",
        "documents added",
        "IRN ↔ AFGREBTAL by year",
        "Signed network",
        "Frustration index",
        "Why each tie holds",
        "What if: remove AFGINSISK",
        "Ties losing support",
    ] {
        assert!(text.contains(section), "missing {section:?} in\n{text}");
    }
    assert!(
        !env.path("entente.db").exists(),
        "the demo leaves no store behind"
    );
}
