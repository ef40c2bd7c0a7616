//! Sentences and tokens with character offsets.
//!
//! The coder needs to say where every actor and trigger is, so every token
//! keeps its offsets, counted in characters (Unicode scalar values) from the
//! start of its sentence, as the event record's spans are. Normalised forms
//! (lower case, accents and inner dots removed: `U.S.` → `us`, `Erdoğan` →
//! `erdogan`) are what dictionaries match against.

use unicode_normalization::UnicodeNormalization;

/// What a token is, by its characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with inner hyphens, apostrophes or dots).
    Word,
    /// Digits (possibly with separators: `1,000`, `6.2`, `2021`).
    Number,
    /// The possessive `'s` or `'`.
    Possessive,
    /// Punctuation.
    Punct,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// As written.
    pub text: String,
    /// Normalised for matching.
    pub norm: String,
    /// First character, from the start of the sentence.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Kind.
    pub kind: TokenKind,
}

impl Token {
    /// Whether the first character is upper case.
    pub fn capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether every letter is upper case (an acronym such as `US`, `NATO`).
    pub fn all_caps(&self) -> bool {
        let mut letters = self.text.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some() && letters.all(char::is_uppercase)
    }

    /// Whether this is the punctuation mark `p`.
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokenKind::Punct && self.text == p
    }
}

/// One sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Index in the document, from 0.
    pub index: usize,
    /// First character in the document.
    pub start: usize,
    /// The sentence.
    pub text: String,
    /// Its tokens.
    pub tokens: Vec<Token>,
}

/// Normalises a word for matching: Unicode compatibility decomposition,
/// accents dropped, lower case, curly apostrophes straightened, dots inside
/// abbreviations removed.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    // ASCII needs no decomposition and has no combining marks.
    if word.is_ascii() {
        for b in word.bytes() {
            match b {
                b'.' => {}
                b'`' => out.push('\''),
                b => out.push(b.to_ascii_lowercase() as char),
            }
        }
        return out;
    }
    for c in word.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '.' => {}
            '\u{2019}' | '\u{2018}' | '`' | '\u{02bc}' => out.push('\''),
            '\u{2010}'..='\u{2013}' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The index of a sentence's first word (past opening quotes and brackets).
pub fn first_word(tokens: &[Token]) -> Option<usize> {
    tokens.iter().position(|t| t.kind == TokenKind::Word)
}

/// Whether the word at `k` reads as a past participle with its agent after
/// it ("backed by Iran", "Armed by Iran"): it ends in "ed" and "by"
/// follows.
pub fn participle_with_agent(tokens: &[Token], k: usize) -> bool {
    tokens.get(k).is_some_and(|t| t.norm.ends_with("ed"))
        && tokens.get(k + 1).is_some_and(|t| t.norm == "by")
}

/// Splits a sentence into tokens.
pub fn tokenize(sentence: &str) -> Vec<Token> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let push = |tokens: &mut Vec<Token>, start: usize, end: usize, kind: TokenKind| {
        let text: String = chars[start..end].iter().collect();
        let norm = if kind == TokenKind::Punct {
            text.clone()
        } else {
            normalize(&text)
        };
        tokens.push(Token {
            text,
            norm,
            start,
            end,
            kind,
        });
    };
    while i < chars.len() {
        let c = chars[i];
        // An underscore joins words as a space does ("Dol_Amroth",
        // "New_York" in text from tokenised corpora).
        if c.is_whitespace() || c == '_' {
            i += 1;
            continue;
        }
        // Possessive: 's or s' after a word.
        if (c == '\'' || c == '\u{2019}') && i > 0 && is_word_char(chars[i - 1]) {
            if i + 1 < chars.len()
                && (chars[i + 1] == 's' || chars[i + 1] == 'S')
                && !chars.get(i + 2).copied().is_some_and(is_word_char)
            {
                push(&mut tokens, i, i + 2, TokenKind::Possessive);
                i += 2;
                continue;
            }
            if chars[i - 1] == 's' && !chars.get(i + 1).copied().is_some_and(is_word_char) {
                push(&mut tokens, i, i + 1, TokenKind::Possessive);
                i += 1;
                continue;
            }
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.')
                        && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
            // Ordinals and units glued to numbers: 49-man, 1990s, 2nd.
            while i < chars.len()
                && (chars[i].is_alphabetic()
                    || (chars[i] == '-' && chars.get(i + 1).is_some_and(|d| d.is_alphanumeric())))
            {
                i += 1;
            }
            push(&mut tokens, start, i, TokenKind::Number);
            continue;
        }
        if is_word_char(c) {
            let start = i;
            i += 1;
            loop {
                if i >= chars.len() {
                    break;
                }
                let d = chars[i];
                let next_is_word = chars.get(i + 1).copied().is_some_and(is_word_char);
                let hyphen = (d == '-' || d == '\u{2010}' || d == '\u{2011}') && next_is_word;
                // Inner apostrophes: O'Neill, Ma'ariv (but not the possessive 's).
                let possessive_s = chars.get(i + 1).is_some_and(|s| *s == 's' || *s == 'S')
                    && !chars.get(i + 2).copied().is_some_and(is_word_char);
                let apostrophe = (d == '\'' || d == '\u{2019}') && next_is_word && !possessive_s;
                // Abbreviations with inner dots: U.S., U.N., D.C.
                let inner_dot =
                    d == '.' && next_is_word && chars.get(i + 2).is_some_and(|e| *e == '.');
                if is_word_char(d) || hyphen || apostrophe || inner_dot {
                    i += 1;
                } else {
                    break;
                }
            }
            // Keep the final dot of an abbreviation (U.S.) with the word,
            // and what a hyphen joins to it (U.S.-backed).
            if i < chars.len() && chars[i] == '.' && i >= start + 2 && chars[i - 2] == '.' {
                i += 1;
                while i + 1 < chars.len() && chars[i] == '-' && is_word_char(chars[i + 1]) {
                    i += 1;
                    while i < chars.len() && is_word_char(chars[i]) {
                        i += 1;
                    }
                }
            }
            push(&mut tokens, start, i, TokenKind::Word);
            continue;
        }
        push(&mut tokens, i, i + 1, TokenKind::Punct);
        i += 1;
    }
    tokens
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "st", "ft", "mt", "jr", "sr", "vol", "vs", "etc", "inc",
    "ltd", "co", "corp", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "approx", "est", "fig", "al", "pres", "amb", "brig", "hon", "u.s", "u.n",
    "u.k", "e.g", "i.e",
];

fn is_abbreviation_before(chars: &[char], dot: usize) -> bool {
    // The word before the dot.
    let mut s = dot;
    while s > 0 && (chars[s - 1].is_alphabetic() || chars[s - 1] == '.') {
        s -= 1;
    }
    let word: String = chars[s..dot].iter().collect::<String>().to_lowercase();
    if word.is_empty() {
        return false;
    }
    // A single capital letter: an initial (George W. Bush).
    if word.chars().count() == 1 && chars[s].is_uppercase() {
        return true;
    }
    // "No. 5": an abbreviation only before a number.
    if word == "no" || word == "nos" {
        return chars[dot + 1..]
            .iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_ascii_digit());
    }
    ABBREVIATIONS.contains(&word.as_str())
}

/// Splits a text into sentences, each with its offset in characters.
/// Paragraph breaks always end a sentence; `.`, `!` and `?` end one when a
/// capital letter, digit or opening quote follows (after space, or directly
/// after a lower-case word, as in `flocked in.Kanaani`), unless the dot
/// closes an abbreviation or an initial.
pub fn split_sentences(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let emit = |out: &mut Vec<(usize, String)>, from: usize, to: usize| {
        let s: String = chars[from..to].iter().collect();
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        let trimmed = s.trim();
        if !trimmed.is_empty() {
            out.push((from + lead, trimmed.to_string()));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            // A blank line (or a single newline after end punctuation) breaks.
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '\n' && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = chars[start..i]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .copied();
            if (j < chars.len() && chars[j] == '\n')
                || prev.is_some_and(|p| matches!(p, '.' | '!' | '?' | '"' | '\u{201d}' | ':'))
                || prev.is_none()
            {
                emit(&mut out, start, i);
                start = i + 1;
            }
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?') {
            // Include closing quotes and brackets.
            let mut end = i + 1;
            while end < chars.len()
                && matches!(chars[end], '"' | '\u{201d}' | '\u{2019}' | '\'' | ')')
            {
                end += 1;
            }
            let mut j = end;
            let spaced = j < chars.len() && chars[j].is_whitespace();
            while j < chars.len() && chars[j].is_whitespace() && chars[j] != '\n' {
                j += 1;
            }
            let next = chars.get(j).copied();
            let starts_new = next.is_some_and(|n| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(n, '"' | '\u{201c}' | '\'' | '\u{2018}' | '(')
            });
            let glued = !spaced
                && c == '.'
                && i > 0
                && chars[i - 1].is_lowercase()
                && next.is_some_and(char::is_uppercase)
                && chars.get(j + 1).is_some_and(|d| d.is_lowercase());
            let at_end = next.is_none() || next == Some('\n');
            if at_end
                || ((spaced && starts_new) || glued)
                    && !(c == '.' && is_abbreviation_before(&chars, i) && !glued)
            {
                emit(&mut out, start, end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    emit(&mut out, start, chars.len());
    out
}

/// Splits a document into tokenised sentences.
pub fn sentences(text: &str) -> Vec<Sentence> {
    split_sentences(text)
        .into_iter()
        .enumerate()
        .map(|(index, (start, text))| {
            let tokens = tokenize(&text);
            Sentence {
                index,
                start,
                text,
                tokens,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn normalizing_words() {
        assert_eq!(normalize("U.S."), "us");
        assert_eq!(normalize("Iran`s"), "iran's");
        assert_eq!(normalize("Iran\u{2019}s"), "iran's");
        assert_eq!(normalize("Erdoğan"), "erdogan");
        assert_eq!(normalize("São"), "sao");
        assert_eq!(normalize("pro\u{2011}Iranian"), "pro-iranian");
        assert_eq!(normalize("KABUL"), "kabul");
    }

    #[test]
    fn tokens_and_offsets() {
        assert_eq!(
            words("Iran's U.S.-backed rivals, al-Qaeda's."),
            [
                "Iran",
                "'s",
                "U.S.-backed",
                "rivals",
                ",",
                "al-Qaeda",
                "'s",
                "."
            ]
        );
        assert_eq!(
            words("$6.2 million, 49-man team; 1,000 troops"),
            [
                "$", "6.2", "million", ",", "49-man", "team", ";", "1,000", "troops"
            ]
        );
        assert_eq!(words("the rebels' base"), ["the", "rebels", "'", "base"]);
        let t = tokenize("Erdoğan met U.S. envoys");
        assert_eq!(t.len(), 4);
        assert_eq!(t[0].norm, "erdogan");
        assert_eq!(t[2].norm, "us");
        let chars: Vec<char> = "Erdoğan met U.S. envoys".chars().collect();
        assert_eq!(
            chars[t[2].start..t[2].end].iter().collect::<String>(),
            "U.S."
        );
        assert!(t[2].all_caps() && t[0].capitalized());
        assert_eq!(words("O'Neill didn't go"), ["O'Neill", "didn't", "go"]);
    }

    #[test]
    fn sentence_boundaries() {
        let s: Vec<String> = split_sentences(
            "President George W. Bush met Mr. Putin. Then the U.S. left! He said \"no.\" Rockets flocked in.Kanaani spoke.\n\nNew paragraph without a stop\nNext",
        )
        .into_iter()
        .map(|x| x.1)
        .collect();
        assert_eq!(
            s,
            [
                "President George W. Bush met Mr. Putin.",
                "Then the U.S. left!",
                "He said \"no.\"",
                "Rockets flocked in.",
                "Kanaani spoke.",
                "New paragraph without a stop\nNext"
            ]
        );
        let with_offsets = split_sentences("One. Two.");
        assert_eq!(with_offsets[1], (5, "Two.".to_string()));
    }
}
