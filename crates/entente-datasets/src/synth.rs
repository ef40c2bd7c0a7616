//! Synthetic GDELT 2.0 rows for benchmarks and crash tests: realistic shape
//! (61 columns, real CAMEO codes and actor codes, dates over a span),
//! deterministic for a seed, no network.

use std::io::Write;

use entente_ontology::cameo;

const ACTORS: [&str; 24] = [
    "USA",
    "USAGOV",
    "USAMIL",
    "IRN",
    "IRNGOV",
    "IRNMIL",
    "RUS",
    "RUSGOV",
    "CHN",
    "CHNGOV",
    "ISR",
    "ISRMIL",
    "SAU",
    "TUR",
    "PAK",
    "PAKMIL",
    "AFG",
    "AFGREBTAL",
    "IRQ",
    "SYR",
    "UKR",
    "IND",
    "IGOWSTNAT",
    "IGOUNO",
];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Writes `rows` GDELT 2.0 rows with event ids from `first_id`, dated over
/// `days` days from 2015-02-18. Actors are drawn from `actors` codes (the
/// first `actors` of a fixed pool of 24, repeated with suffix tags beyond).
pub fn write_gdelt2<W: Write>(
    mut out: W,
    rows: u64,
    first_id: u64,
    days: u32,
    actors: usize,
    seed: u64,
) -> std::io::Result<()> {
    let codes: Vec<&cameo::CameoEntry> = cameo::all()
        .iter()
        .filter(|e| e.code.depth() == 3)
        .collect();
    let pool: Vec<String> = (0..actors.max(2))
        .map(|i| {
            let base = ACTORS[i % ACTORS.len()];
            if i < ACTORS.len() {
                base.to_string()
            } else {
                // A distinct three-letter tag per repetition: AAA, AAB, ...
                let n = i / ACTORS.len();
                let letter = |k: usize| (b'A' + ((n / 26usize.pow(k as u32)) % 26) as u8) as char;
                format!("{base}{}{}{}", letter(2), letter(1), letter(0))
            }
        })
        .collect();
    let start = entente_ontology::FuzzyDate::parse("2015-02-18")
        .map(|d| d.first_day())
        .unwrap_or(0);
    let mut rng = Rng(seed | 1);
    let mut line = String::with_capacity(512);
    for i in 0..rows {
        line.clear();
        let day = start + rng.below(days.max(1) as usize) as i32;
        let date = entente_ontology::FuzzyDate::from_day_number(day)
            .map(|d| d.to_string().replace('-', ""))
            .unwrap_or_default();
        let a1 = &pool[rng.below(pool.len())];
        let mut a2 = &pool[rng.below(pool.len())];
        if a2 == a1 {
            a2 = &pool[(rng.below(pool.len()) + 1) % pool.len()];
        }
        let e = codes[rng.below(codes.len())];
        let code = e.code.as_str();
        let quad = e.code.quad_class().map_or(0, |q| q.number());
        use std::fmt::Write as _;
        let _ = writeln!(
            line,
            "{id}\t{date}\t{ym}\t{y}\t{y}.5\t{a1}\t{a1}\t{c1}\t\t\t\t\t\t\t\t{a2}\t{a2}\t{c2}\t\t\t\t\t\t\t\t1\t{code}\t{code}\t{root}\t{quad}\t{g}\t3\t1\t3\t-1.5\t\
             1\tPlace\tUS\tUS\t\t38\t-97\tUS\t1\tPlace\tUS\tUS\t\t38\t-97\tUS\t1\tPlace\tUS\tUS\t\t38\t-97\tUS\t20150218230000\thttp://example.org/{id}",
            id = first_id + i,
            ym = &date[..6],
            y = &date[..4],
            c1 = &a1[..3],
            c2 = &a2[..3],
            root = e.code.root_str(),
            g = e.goldstein,
        );
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_parse() {
        let mut buf = Vec::new();
        super::write_gdelt2(&mut buf, 200, 1, 3650, 40, 7).unwrap();
        let text = String::from_utf8(buf).unwrap();
        for (i, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 61);
            crate::gdelt::parse_row(i as u64 + 1, line, &fields, &"synth".into()).unwrap();
        }
    }
}
