#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""prom_metrics.py - read a Prometheus text exposition (what an exporter's
/metrics or snmp_exporter's /snmp page returns) for the integration tests.

    prom_metrics.py FILE METRIC [LABEL...]
        one line per series of METRIC: the values of the LABELs (a label
        that is absent prints as "<none>", an empty one as "-"), then the
        sample value as an integer when it is one; sorted.
    prom_metrics.py FILE --types
        "NAME TYPE" for every "# TYPE" line.
    prom_metrics.py FILE --names
        the distinct metric names of the samples, sorted.

Exits 1 with a message when a line of FILE is not valid exposition format,
so that a malformed page fails the test instead of reading as empty.
"""
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)')


def unescape(v):
    return re.sub(r'\\(.)', lambda m: {'n': '\n'}.get(m.group(1), m.group(1)), v)


def parse_labels(text, lineno):
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        if not m:
            sys.exit("line %d: bad labels: %r" % (lineno, text))
        labels[m.group(1)] = unescape(m.group(2))
        pos = m.end()
    return labels


def parse(path):
    samples, types = [], {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("#"):
                parts = line.split(None, 3)
                if len(parts) >= 4 and parts[1] == "TYPE":
                    types[parts[2]] = parts[3]
                continue
            m = SAMPLE.match(line)
            if not m:
                sys.exit("line %d: not a sample: %r" % (n, line))
            labels = parse_labels(m.group(3) or "", n)
            try:
                value = float(m.group(4))
            except ValueError:
                sys.exit("line %d: bad value: %r" % (n, line))
            samples.append((m.group(1), labels, value))
    return samples, types


def show(value):
    return str(int(value)) if value == int(value) else repr(value)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    samples, types = parse(sys.argv[1])
    if sys.argv[2] == "--types":
        out = ["%s %s" % kv for kv in types.items()]
    elif sys.argv[2] == "--names":
        out = list({s[0] for s in samples})
    else:
        want, keys = sys.argv[2], sys.argv[3:]
        out = []
        for name, labels, value in samples:
            if name != want:
                continue
            fields = [labels.get(k, "<none>") or "-" for k in keys]
            out.append(" ".join(fields + [show(value)]))
    for line in sorted(out):
        print(line)


if __name__ == "__main__":
    main()
