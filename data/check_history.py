#!/usr/bin/env python3
"""Check data/norway-history.csv against its vocabulary (data/norway-history-series.csv).

A one-off checker for the data files, kept beside them (not part of corrsim's src/). It reads
the CSV with the standard library only and reports every problem on one line that names the row
(file line number) and the column, then exits 2 if there was any; otherwise it prints the number
of rows per series (with the years covered) and per role, and exits 0.

    python3 data/check_history.py [--data FILE] [--vocab FILE] [--window YYYY-MM-DD YYYY-MM-DD]

--window also reports, as problems, the series of the vocabulary with no observation inside the
window (a backtest over that window would have nothing to drive or judge them with).
"""
import argparse
import csv
import datetime
import math
import os
import signal
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ['series', 'date', 'period', 'value', 'unit', 'role', 'definition', 'source', 'confidence', 'note']
PERIODS = {'year', 'day', 'month', 'ytd'}
ROLES = {'input', 'outcome'}
CONFIDENCE = {'H', 'M', 'L'}


def parse_date(text):
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def check(data_path, vocab_path, window):
    problems = []
    with open(vocab_path, encoding='utf-8', newline='') as f:
        vocab = {r['series']: r for r in csv.DictReader(f)}

    with open(data_path, encoding='utf-8', newline='') as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != COLUMNS:
            problems.append(f'{data_path}:1: header: expected {",".join(COLUMNS)}, found {",".join(header or [])}')
            return problems, [], vocab
        rows = []
        seen = {}
        for line, cells in enumerate(reader, start=2):
            where = f'{data_path}:{line}'
            if len(cells) != len(COLUMNS):
                problems.append(f'{where}: row: expected {len(COLUMNS)} columns, found {len(cells)}')
                continue
            row = dict(zip(COLUMNS, cells))
            for col in COLUMNS:
                if col != 'note' and not row[col].strip():
                    problems.append(f'{where}: {col}: empty')
            series = row['series']
            known = vocab.get(series)
            if known is None:
                problems.append(f'{where}: series: unknown series "{series}" (not in {os.path.basename(vocab_path)})')
            date = parse_date(row['date'])
            if date is None:
                problems.append(f'{where}: date: expected an ISO date YYYY-MM-DD, found "{row["date"]}"')
            period = row['period']
            if period not in PERIODS:
                problems.append(f'{where}: period: expected one of {"|".join(sorted(PERIODS))}, found "{period}"')
            elif date is not None:
                if period == 'year' and (date.month, date.day) != (7, 1):
                    problems.append(f'{where}: date: a yearly figure is dated YYYY-07-01, found "{row["date"]}"')
                if period == 'month' and date.day != 1:
                    problems.append(f'{where}: date: a monthly figure is dated on the 1st, found "{row["date"]}"')
            try:
                value = float(row['value'])
                if not math.isfinite(value) or value < 0:
                    problems.append(f'{where}: value: expected a non-negative number, found "{row["value"]}"')
            except ValueError:
                problems.append(f'{where}: value: expected a number, found "{row["value"]}"')
            if row['role'] not in ROLES:
                problems.append(f'{where}: role: expected input or outcome, found "{row["role"]}"')
            if row['confidence'] not in CONFIDENCE:
                problems.append(f'{where}: confidence: expected H, M or L, found "{row["confidence"]}"')
            if known is not None:
                for col in ('unit', 'role', 'definition'):
                    if row[col] != known[col]:
                        problems.append(f'{where}: {col}: "{row[col]}" differs from the vocabulary\'s "{known[col]}"')
            if not (row['source'].startswith('http') or row['source'].startswith('shared/spec/')):
                problems.append(f'{where}: source: expected a URL (or shared/spec/... for a figure taken from the spec), found "{row["source"][:40]}"')
            key = (series, row['date'])
            if key in seen:
                problems.append(f'{where}: date: second observation of {series} on {row["date"]} (first on line {seen[key]})')
            else:
                seen[key] = line
            rows.append((row, date))

    if window is not None:
        start, end = window
        inside = {row['series'] for row, date in rows if date is not None and start <= date <= end}
        for series in vocab:
            if series not in inside:
                problems.append(f'{data_path}: series: {series} has no observation inside {start}..{end}')
    return problems, rows, vocab


def main(argv):
    if hasattr(signal, 'SIGPIPE'):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=os.path.join(HERE, 'norway-history.csv'))
    ap.add_argument('--vocab', default=os.path.join(HERE, 'norway-history-series.csv'))
    ap.add_argument('--window', nargs=2, metavar=('START', 'END'))
    args = ap.parse_args(argv)
    window = None
    if args.window:
        start, end = (parse_date(d) for d in args.window)
        if start is None or end is None or start > end:
            print(f'--window: expected two ISO dates START <= END, found {" ".join(args.window)}', file=sys.stderr)
            return 2
        window = (start, end)
    problems, rows, vocab = check(args.data, args.vocab, window)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        return 2

    per_series = defaultdict(list)
    for row, date in rows:
        per_series[row['series']].append((date.year, row['confidence']))
    roles = Counter(row['role'] for row, _ in rows)
    conf = Counter(row['confidence'] for row, _ in rows)
    print(f'{len(rows)} rows, {len(per_series)} of {len(vocab)} vocabulary series used; '
          f'roles: {", ".join(f"{k} {v}" for k, v in sorted(roles.items()))}; '
          f'confidence: {", ".join(f"{k} {conf[k]}" for k in "HML")}')
    print(f'{"series":36} {"role":8} {"rows":>4}  H/M/L     years')
    for series in vocab:
        obs = per_series.get(series)
        if not obs:
            print(f'{series:36} {vocab[series]["role"]:8} {0:>4}')
            continue
        years = sorted({y for y, _ in obs})
        c = Counter(k for _, k in obs)
        span = f'{years[0]}-{years[-1]}' if len(years) > 1 else f'{years[0]}'
        listed = ' '.join(str(y) for y in years) if len(years) <= 12 else f'{len(years)} distinct years'
        hml = f'{c["H"]}/{c["M"]}/{c["L"]}'
        print(f'{series:36} {vocab[series]["role"]:8} {len(obs):>4}  {hml:9} {span}: {listed}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
