#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_prom_rules.py - the names in alerting rules exist in snmp.yml.

    check_prom_rules.py SNMP_YML MODULE RULES_YML [TEST_YML]

promtool checks the syntax of rules, not that they name series the
exporter produces: a renamed column would leave an alert that never fires.
This reads the metrics of MODULE in SNMP_YML (their names, the labels their
indexes, lookups and state sets give, and the states of each state set)
and checks every metric name and label matcher of the rules' expressions,
and every series of a promtool unit test file, against them.  Prometheus'
own "up" (with "job" and "instance") is accepted too.

Prints one line per name checked; exits 1 when any is unknown.
"""
import re
import sys

import yaml

# Functions, aggregations and keywords of PromQL that look like names.
KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and",
    "or", "unless", "bool", "offset", "inf", "nan",
}
TARGET_LABELS = {"job", "instance"}


def module_schema(path, module):
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    metrics = {}
    for m in cfg[module]["metrics"]:
        labels = set(TARGET_LABELS)
        labels.update(i["labelname"] for i in m.get("indexes", []))
        labels.update(lk["labelname"] for lk in m.get("lookups", []))
        states = None
        if m.get("type") == "EnumAsStateSet":
            labels.add(m["name"])
            states = set(m["enum_values"].values())
        metrics[m["name"]] = (labels, states)
    metrics["up"] = (set(TARGET_LABELS), None)
    return metrics


SELECTOR = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?')
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')


def selectors(expr):
    """(metric, [(label, op, value)]) for each vector selector of expr."""
    # Durations, strings outside selectors and grouping clauses are not
    # selectors: drop them first.
    text = re.sub(r'\[[^\]]*\]', ' ', expr)
    text = re.sub(r'\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)', ' ', text)
    out = []
    for m in SELECTOR.finditer(text):
        name, braces = m.group(1), m.group(2)
        rest = text[m.end():].lstrip()
        if name in KEYWORDS or rest.startswith("(") and not braces:
            continue  # a function or aggregation
        if re.fullmatch(r'[0-9.e+-]+', name):
            continue
        out.append((name, MATCHER.findall(braces or "")))
    return out


def check_selector(schema, where, name, matchers, errors):
    if name not in schema:
        errors.append("%s: metric %s is not in the module" % (where, name))
        return
    labels, states = schema[name]
    before = len(errors)
    for label, op, value in matchers:
        if label not in labels:
            errors.append("%s: %s has no label %s" % (where, name, label))
        elif states is not None and label == name and op in ("=", "!=") \
                and value not in states:
            errors.append("%s: %s has no state %r" % (where, name, value))
    if len(errors) == before:
        print("ok: %s: %s%s" % (where, name,
                                "".join(" %s%s%r" % m for m in matchers)))


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    schema = module_schema(sys.argv[1], sys.argv[2])
    errors = []
    with open(sys.argv[3], encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    n = 0
    for group in rules["groups"]:
        for rule in group["rules"]:
            where = rule.get("alert") or rule.get("record")
            found = selectors(rule["expr"])
            if not found:
                errors.append("%s: no metric found in %r" % (where, rule["expr"]))
            for name, matchers in found:
                check_selector(schema, where, name, matchers, errors)
                n += 1
    if len(sys.argv) == 5:
        with open(sys.argv[4], encoding="utf-8") as f:
            tests = yaml.safe_load(f)
        for t in tests["tests"]:
            for s in t.get("input_series", []):
                for name, matchers in selectors(s["series"]):
                    check_selector(schema, "test series", name, matchers, errors)
                    n += 1
    for e in errors:
        print("UNKNOWN: " + e)
    print("%d selectors checked, %d unknown names" % (n, len(errors)))
    sys.exit(1 if errors or n == 0 else 0)


if __name__ == "__main__":
    main()
