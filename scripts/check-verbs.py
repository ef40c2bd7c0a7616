#!/usr/bin/env python3
"""Check entente event dictionaries ([[verb]], [[noun]]; docs/dictionaries.md).
Usage: check-verbs.py FILE.toml..."""
import os, re, sys, tomllib, collections

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = set()
with open(os.path.join(HERE, '..', 'crates', 'entente-ontology', 'data', 'cameo.tsv')) as f:
    for line in f:
        if line.startswith('#') or line.startswith('code\t'):
            continue
        CODES.add(line.split('\t')[0])
WORD = re.compile(r"^[a-z][a-z' -]*[a-z]$|^[a-z]$")
PREPS = {'with', 'to', 'against', 'on', 'at', 'into', 'toward', 'towards', 'from', 'for', 'of', 'by', 'in',
         'over', 'about', 'between', 'among', 'upon', 'onto', 'off', 'out', 'through', 'across', 'after', 'under', 'as'}
errors = []
seen_forms = collections.defaultdict(list)

def err(path, where, msg):
    errors.append(f'{path}: {where}: {msg}')

def words(path, where, v, field, required=False):
    if v is None:
        if required:
            err(path, where, f'{field} is required')
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        err(path, where, f'{field} must be a list of strings')
        return []
    for x in v:
        if not WORD.match(x):
            err(path, where, f'{field}: {x!r} must be lower-case words')
    return v

def code(path, where, c, allow_empty):
    if c == '' and allow_empty:
        return
    if c not in CODES:
        err(path, where, f'code {c!r} is not a CAMEO code')

def check(path):
    try:
        with open(path, 'rb') as f:
            doc = tomllib.load(f)
    except Exception as e:
        err(path, 'parse', str(e)); return
    for k in doc:
        if k not in ('verb', 'noun', 'country', 'actor', 'person', 'agent'):
            err(path, k, 'unknown top-level key')
    for i, v in enumerate(doc.get('verb', [])):
        where = f'verb #{i+1} ({v.get("lemma", "?")})'
        for k in v:
            if k not in ('lemma', 'forms', 'code', 'target_after', 'swap', 'report', 'patterns', 'note'):
                err(path, where, f'unknown field {k!r}')
        lemma = v.get('lemma')
        if not isinstance(lemma, str) or not WORD.match(lemma):
            err(path, where, 'lemma must be lower-case words')
            continue
        forms = words(path, where, v.get('forms'), 'forms', required=True)
        c = v.get('code')
        if not isinstance(c, str):
            err(path, where, 'code is required (use "" when only patterns code)')
        else:
            code(path, where, c, True)
        if v.get('report') and c:
            err(path, where, 'a reporting verb has no code of its own')
        for p in words(path, where, v.get('target_after'), 'target_after'):
            if p not in PREPS:
                err(path, where, f'target_after: {p!r} is not a preposition entente knows')
        pats = v.get('patterns', [])
        if not isinstance(pats, list):
            err(path, where, 'patterns must be a list')
            pats = []
        for j, p in enumerate(pats):
            pw = f'{where} pattern #{j+1}'
            if not isinstance(p, dict):
                err(path, pw, 'must be a table'); continue
            for k in p:
                if k not in ('words', 'code', 'prep'):
                    err(path, pw, f'unknown field {k!r}')
            words(path, pw, p.get('words'), 'words', required=True)
            if not isinstance(p.get('code'), str):
                err(path, pw, 'code is required')
            else:
                code(path, pw, p['code'], False)
            if 'prep' in p and p['prep'] not in PREPS:
                err(path, pw, f'prep {p["prep"]!r} is not a preposition entente knows')
        if not c and not pats and not v.get('report'):
            err(path, where, 'no code, no patterns and not a reporting verb: it codes nothing')
        for f in [lemma] + forms:
            seen_forms[f].append(('verb', lemma, path))
    for i, n in enumerate(doc.get('noun', [])):
        where = f'noun #{i+1} ({n.get("lemma", "?")})'
        for k in n:
            if k not in ('lemma', 'forms', 'code', 'source_after', 'target_after', 'note'):
                err(path, where, f'unknown field {k!r}')
        lemma = n.get('lemma')
        if not isinstance(lemma, str) or not WORD.match(lemma):
            err(path, where, 'lemma must be lower-case words'); continue
        forms = words(path, where, n.get('forms'), 'forms')
        if not isinstance(n.get('code'), str):
            err(path, where, 'code is required')
        else:
            code(path, where, n['code'], False)
        for fld in ('source_after', 'target_after'):
            for p in words(path, where, n.get(fld), fld):
                if p not in PREPS:
                    err(path, where, f'{fld}: {p!r} is not a preposition entente knows')
        for f in [lemma] + forms:
            seen_forms[f].append(('noun', lemma, path))

def main():
    if len(sys.argv) < 2:
        print(__doc__); sys.exit(2)
    for p in sys.argv[1:]:
        check(p)
    for form, uses in seen_forms.items():
        kinds = collections.Counter((k, l) for k, l, _ in uses)
        for (k, l), n in kinds.items():
            if n > 1:
                errors.append(f'{k} {l!r} is defined {n} times (form {form!r})')
        verbs = {l for k, l, _ in uses if k == 'verb'}
        if len(verbs) > 1:
            errors.append(f'form {form!r} belongs to several verb entries: {sorted(verbs)}')
    for e in sorted(set(errors)):
        print(e)
    print(f'{len(set(errors))} problem(s); {len(seen_forms)} forms checked', file=sys.stderr)
    sys.exit(1 if errors else 0)

main()
