#!/usr/bin/env python3
"""Check the facts in entente's actor dictionaries (docs/dictionaries.md):
fields, code syntax and roots, dates, and names that map to two codes at
once. `entente dict lint` checks that dictionaries load; this goes further
for actors. Usage: check-dict.py FILE.toml..."""
import re, sys, tomllib, collections, os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'crates', 'entente-ontology', 'data')

def load_tsv(name):
    rows = []
    with open(os.path.join(DATA, name)) as f:
        lines = [l.rstrip('\n') for l in f if not l.startswith('#')]
    for l in lines[1:]:
        rows.append(l.split('\t'))
    return rows

COUNTRIES = {r[0] for r in load_tsv('countries.tsv')}
ROLES = {r[0] for r in load_tsv('roles.tsv')}
TRANSNATIONAL = {'IGO', 'NGO', 'IMG', 'MNC', 'NGM'}
CODE_RE = re.compile(r'^[A-Z]{3}(?:[A-Z0-9]{3})*$')
DATE_RE = re.compile(r'^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$')
KINDS = {'organ', 'igo', 'group', 'party', 'media', 'ngo', 'business', 'other'}

errors = []

def err(path, where, msg):
    errors.append(f'{path}: {where}: {msg}')

def check_code(path, where, code):
    if not isinstance(code, str) or not CODE_RE.match(code):
        err(path, where, f'code {code!r} is not a root plus 3-letter segments')
        return False
    root = code[:3]
    if root not in COUNTRIES and root not in TRANSNATIONAL:
        err(path, where, f'code {code!r}: root {root!r} is neither a country/region in countries.tsv nor one of {sorted(TRANSNATIONAL)}')
        return False
    return True

def date_key(path, where, s, end=False):
    if not isinstance(s, str):
        err(path, where, f'date {s!r} must be a string YYYY, YYYY-MM or YYYY-MM-DD')
        return None
    m = DATE_RE.match(s)
    if not m:
        err(path, where, f'date {s!r} is not YYYY, YYYY-MM or YYYY-MM-DD')
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    mo = int(mo) if mo else (12 if end else 1)
    d = int(d) if d else (31 if end else 1)
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1800 <= y <= 2100):
        err(path, where, f'date {s!r} out of range')
        return None
    return (y, mo, d)

def str_list(path, where, v, field):
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        err(path, where, f'{field} must be a list of non-empty strings')
        return []
    return v

def allowed(path, where, entry, keys):
    for k in entry:
        if k not in keys:
            err(path, where, f'unknown field {k!r} (allowed: {", ".join(sorted(keys))})')

def norm(s):
    return re.sub(r'[^a-z0-9]+', ' ', s.lower().replace('.', '')).strip()

# name -> list of (code, from, to, where)
names = collections.defaultdict(list)

def add_name(n, code, frm, to, where):
    names[norm(n)].append((code, frm or (0, 0, 0), to or (9999, 12, 31), where))

def check_file(path):
    try:
        with open(path, 'rb') as f:
            doc = tomllib.load(f)
    except Exception as e:
        err(path, 'parse', str(e))
        return
    for k in doc:
        if k not in ('country', 'actor', 'collective', 'person', 'agent'):
            err(path, k, 'unknown top-level key (allowed: country, actor, collective, person, agent)')
    for i, e in enumerate(doc.get('country', [])):
        where = f'country #{i+1} ({e.get("name", "?")})'
        allowed(path, where, e, {'code', 'name', 'names', 'adjectives', 'demonyms', 'capital', 'seats', 'since', 'before'})
        code = e.get('code')
        if not isinstance(code, str) or code not in COUNTRIES:
            err(path, where, f'code {code!r} is not in countries.tsv')
        if not isinstance(e.get('name'), str):
            err(path, where, 'name is required')
        else:
            add_name(e['name'], code, None, None, where)
        for n in str_list(path, where, e.get('names'), 'names'):
            add_name(n, code, None, None, where)
        for f in ('adjectives', 'demonyms', 'capital'):
            str_list(path, where, e.get(f), f)
        seats = e.get('seats', {})
        if not isinstance(seats, dict):
            err(path, where, 'seats must be a table of name = code')
        else:
            for n, c in seats.items():
                if check_code(path, where + f' seat {n!r}', c) and c[:3] != code:
                    err(path, where, f'seat {n!r} has code {c} of another country')
    for i, e in enumerate(doc.get('actor', [])):
        where = f'actor #{i+1} ({e.get("name", "?")})'
        allowed(path, where, e, {'code', 'kind', 'name', 'aliases', 'adjectives', 'part_of', 'from', 'to', 'note'})
        code = e.get('code')
        check_code(path, where, code)
        if e.get('kind') not in KINDS:
            err(path, where, f'kind {e.get("kind")!r} not one of {sorted(KINDS)}')
        if not isinstance(e.get('name'), str):
            err(path, where, 'name is required')
        if 'part_of' in e:
            check_code(path, where + ' part_of', e['part_of'])
        frm = date_key(path, where, e['from']) if 'from' in e else None
        to = date_key(path, where, e['to'], end=True) if 'to' in e else None
        if frm and to and frm > to:
            err(path, where, 'from is after to')
        for n in [e.get('name')] + str_list(path, where, e.get('aliases'), 'aliases'):
            if isinstance(n, str):
                add_name(n, code, frm, to, where)
        str_list(path, where, e.get('adjectives'), 'adjectives')
    for i, e in enumerate(doc.get('collective', [])):
        where = f'collective #{i+1} ({e.get("name", "?")})'
        allowed(path, where, e, {'name', 'aliases', 'members', 'note'})
        if not isinstance(e.get('name'), str):
            err(path, where, 'name is required')
        members = str_list(path, where, e.get('members'), 'members')
        if len(members) < 2:
            err(path, where, 'needs two members or more')
        for m in members:
            check_code(path, where + ' member', m)
        str_list(path, where, e.get('aliases'), 'aliases')
    for i, e in enumerate(doc.get('person', [])):
        where = f'person #{i+1} ({e.get("name", "?")})'
        allowed(path, where, e, {'name', 'aliases', 'country', 'default', 'roles', 'note'})
        if not isinstance(e.get('name'), str):
            err(path, where, 'name is required')
        c = e.get('country')
        if c not in COUNTRIES and c not in TRANSNATIONAL:
            err(path, where, f'country {c!r} is not in countries.tsv')
        if 'default' in e:
            check_code(path, where + ' default', e['default'])
        roles = e.get('roles')
        if not isinstance(roles, list) or not roles:
            err(path, where, 'roles must be a non-empty list')
            roles = []
        aliases = str_list(path, where, e.get('aliases'), 'aliases')
        for j, r in enumerate(roles):
            rw = f'{where} role #{j+1}'
            if not isinstance(r, dict):
                err(path, rw, 'role must be a table'); continue
            allowed(path, rw, r, {'title', 'code', 'from', 'to'})
            if not isinstance(r.get('title'), str):
                err(path, rw, 'title is required')
            check_code(path, rw, r.get('code'))
            if 'from' not in r:
                err(path, rw, 'from is required'); continue
            frm = date_key(path, rw, r['from'])
            to = date_key(path, rw, r['to'], end=True) if 'to' in r else None
            if frm and to and frm > to:
                err(path, rw, f'from {r["from"]} is after to {r["to"]}')
            for n in [e.get('name')] + aliases:
                if isinstance(n, str):
                    add_name(n, r.get('code'), frm, to, rw)
    for i, e in enumerate(doc.get('agent', [])):
        where = f'agent #{i+1} ({e.get("noun", "?")})'
        allowed(path, where, e, {'noun', 'plural', 'role'})
        if not isinstance(e.get('noun'), str):
            err(path, where, 'noun is required')
        role = e.get('role')
        if not isinstance(role, str) or len(role) % 3 or not all(role[k:k+3] in ROLES for k in range(0, len(role), 3)):
            err(path, where, f'role {role!r} must be role codes from roles.tsv')

def main():
    paths = sys.argv[1:]
    if not paths:
        print(__doc__); sys.exit(2)
    for p in paths:
        check_file(p)
    # A name that maps to two different codes over overlapping dates is ambiguous.
    for n, uses in names.items():
        for a in range(len(uses)):
            for b in range(a + 1, len(uses)):
                ca, fa, ta, wa = uses[a]
                cb, fb, tb, wb = uses[b]
                if ca != cb and fa <= tb and fb <= ta:
                    errors.append(f'name {n!r} maps to {ca} ({wa}) and {cb} ({wb}) at the same time')
    for e in errors:
        print(e)
    entries = sum(1 for _ in names)
    print(f'{len(errors)} problem(s); {entries} distinct names checked', file=sys.stderr)
    sys.exit(1 if errors else 0)

main()
