//! A trie over normalised token sequences: the longest dictionary phrase
//! starting at a token, found in one walk. Tokens are interned to integers
//! so that walking costs one hash lookup per token.

use rustc_hash::FxHashMap;

use crate::text::Token;

/// What a dictionary token requires of the text token it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Any case (common nouns, function words).
    Any,
    /// Capitalised (proper names: "Turkey" is not "turkey").
    Capital,
    /// All capitals (acronyms: "US" is not "us").
    Upper,
}

impl Case {
    /// The requirement a dictionary word sets, from how it is written.
    pub fn of(word: &str) -> Case {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            Case::Upper
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            Case::Capital
        } else {
            Case::Any
        }
    }

    /// Whether a text token meets the requirement.
    pub fn accepts(self, t: &Token) -> bool {
        match self {
            Case::Any => true,
            Case::Capital => t.capitalized(),
            Case::Upper => t.all_caps(),
        }
    }
}

/// A phrase's value with the case requirements of its tokens.
#[derive(Clone, Debug)]
struct Entry<V> {
    case: Vec<Case>,
    value: V,
}

/// Token-sequence trie.
#[derive(Clone, Debug)]
pub struct Trie<V> {
    ids: FxHashMap<Box<str>, u32>,
    edges: FxHashMap<(u32, u32), u32>,
    values: Vec<Vec<Entry<V>>>,
}

impl<V> Default for Trie<V> {
    fn default() -> Self {
        Trie {
            ids: FxHashMap::default(),
            edges: FxHashMap::default(),
            values: vec![Vec::new()],
        }
    }
}

impl<V: Clone> Trie<V> {
    /// Adds a phrase given as (normalised token, case requirement) pairs.
    pub fn insert(&mut self, phrase: &[(String, Case)], value: V) {
        if phrase.is_empty() {
            return;
        }
        let mut node = 0u32;
        for (tok, _) in phrase {
            let next_id = self.ids.len() as u32;
            let id = *self.ids.entry(tok.as_str().into()).or_insert(next_id);
            let next_node = self.values.len() as u32;
            let child = *self.edges.entry((node, id)).or_insert(next_node);
            if child == next_node {
                self.values.push(Vec::new());
            }
            node = child;
        }
        self.values[node as usize].push(Entry {
            case: phrase.iter().map(|p| p.1).collect(),
            value,
        });
    }

    /// The nodes the text walks through from `tokens[start]`, with the
    /// phrase length (in tokens) each stands for, shortest first.
    fn path<'s, 't>(
        &'s self,
        tokens: &'t [Token],
        start: usize,
    ) -> impl Iterator<Item = (usize, &'s [Entry<V>])> + use<'s, 't, V> {
        let mut node = 0u32;
        tokens[start..]
            .iter()
            .map_while(move |t| {
                let id = *self.ids.get(t.norm.as_str())?;
                node = *self.edges.get(&(node, id))?;
                Some(node)
            })
            .enumerate()
            .map(|(k, node)| (k + 1, self.values[node as usize].as_slice()))
    }

    /// Whether the text's tokens meet a phrase's case requirements.
    fn accepts(e: &Entry<V>, tokens: &[Token], start: usize, len: usize) -> bool {
        e.case
            .iter()
            .zip(&tokens[start..start + len])
            .all(|(c, t)| c.accepts(t))
    }

    /// Every phrase that starts at `tokens[start]`, longest first, with its
    /// length in tokens; values whose case requirements the text does not
    /// meet are left out.
    pub fn matches_at(&self, tokens: &[Token], start: usize) -> Vec<(usize, &V)> {
        let mut by_length: Vec<Vec<(usize, &V)>> = Vec::new();
        for (len, entries) in self.path(tokens, start) {
            let here: Vec<(usize, &V)> = entries
                .iter()
                .filter(|e| Self::accepts(e, tokens, start, len))
                .map(|e| (len, &e.value))
                .collect();
            if !here.is_empty() {
                by_length.push(here);
            }
        }
        // Longest first; values of one phrase in the order they were added.
        by_length.into_iter().rev().flatten().collect()
    }

    /// The longest phrase starting at `start`, with all its values (the
    /// same as the first length of [`Trie::matches_at`], without collecting
    /// the shorter matches: this runs at every token of every sentence).
    pub fn longest_at(&self, tokens: &[Token], start: usize) -> Option<(usize, Vec<&V>)> {
        let (len, entries) = self
            .path(tokens, start)
            .filter(|(len, entries)| {
                entries
                    .iter()
                    .any(|e| Self::accepts(e, tokens, start, *len))
            })
            .last()?;
        Some((
            len,
            entries
                .iter()
                .filter(|e| Self::accepts(e, tokens, start, len))
                .map(|e| &e.value)
                .collect(),
        ))
    }

    /// Number of distinct phrases' nodes (for statistics).
    pub fn len(&self) -> usize {
        self.values.iter().filter(|v| !v.is_empty()).count()
    }

    /// Whether nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Splits a dictionary phrase the way text is tokenised.
pub fn phrase(s: &str) -> Vec<(String, Case)> {
    crate::text::tokenize(s)
        .into_iter()
        .map(|t| (t.norm.clone(), Case::of(&t.text)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn longest_match_with_case() {
        let mut t = Trie::default();
        t.insert(&phrase("US"), "USA");
        t.insert(&phrase("United States"), "USA");
        t.insert(&phrase("United"), "X");
        t.insert(&phrase("Turkey"), "TUR");
        t.insert(&phrase("foreign minister"), "GOV");
        let toks = tokenize("The United States told us Turkey and turkey; the Foreign Minister");
        assert_eq!(t.longest_at(&toks, 1).unwrap().0, 2);
        assert!(t.longest_at(&toks, 4).is_none(), "us is not US");
        assert!(t.longest_at(&toks, 5).is_some());
        assert!(t.longest_at(&toks, 7).is_none(), "turkey is not Turkey");
        assert_eq!(*t.longest_at(&toks, 10).unwrap().1[0], "GOV");
        let toks = tokenize("the U.S. said");
        assert_eq!(*t.longest_at(&toks, 1).unwrap().1[0], "USA");
        // longest_at is the first length of matches_at, with its values.
        let toks = tokenize("The United States and United Turkey");
        for start in 0..toks.len() {
            let all = t.matches_at(&toks, start);
            let expected = all.first().map(|(len, _)| {
                let vals: Vec<&&str> = all
                    .iter()
                    .filter(|(l, _)| l == len)
                    .map(|(_, v)| *v)
                    .collect();
                (*len, vals)
            });
            assert_eq!(t.longest_at(&toks, start), expected, "at {start}");
        }
    }
}
