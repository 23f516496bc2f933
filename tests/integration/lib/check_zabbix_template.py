#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_zabbix_template.py - reads a Zabbix 6.0 template export (YAML).

    check_zabbix_template.py FILE oids
        "KEY OID" for every SNMP item, item prototype and discovery rule
        (a discovery[] rule gives one line per OID it walks, KEY being the
        rule's key followed by "#" and the macro of that OID).
    check_zabbix_template.py FILE lint
        structure checks Zabbix's import would make or that a user relies
        on; one "ok: ..." or "ERROR: ..." line each; exits 1 on any error.
    check_zabbix_template.py FILE js RULE_KEY
        the JavaScript preprocessing step of discovery rule RULE_KEY.
"""
import re
import sys

import yaml

UUID = re.compile(r'^[0-9a-f]{32}$')
MACRO = re.compile(r'\{\$[A-Z0-9_.]+\}')
SNMP_OID = re.compile(r'^(?:[0-9]+\.)+[0-9]+\.\{#SNMPINDEX\}$')


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["zabbix_export"]


def snmp_entries(tpl):
    """(kind, key, snmp_oid, owner) of every SNMP item-like element."""
    for item in tpl.get("items", []):
        yield "item", item["key"], item.get("snmp_oid"), item
    for rule in tpl.get("discovery_rules", []):
        yield "rule", rule["key"], rule.get("snmp_oid"), rule
        for proto in rule.get("item_prototypes", []):
            yield "prototype", proto["key"], proto.get("snmp_oid"), rule


def discovery_oids(oid):
    m = re.fullmatch(r'discovery\[(.*)\]', oid)
    if not m:
        return None
    parts = m.group(1).split(",")
    if len(parts) % 2:
        return None
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]


def cmd_oids(export):
    for tpl in export["templates"]:
        for kind, key, oid, _ in snmp_entries(tpl):
            if kind == "rule":
                for macro, o in discovery_oids(oid) or [("?", oid)]:
                    print("%s#%s %s" % (key, macro, o))
            else:
                print("%s %s" % (key, oid.replace(".{#SNMPINDEX}", "")))


def cmd_lint(export):
    errors = []
    ok = []

    def check(cond, what):
        (ok if cond else errors).append(what)

    check(export.get("version") == "6.0", "export version is '6.0'")
    uuids = []

    def collect(node):
        if isinstance(node, dict):
            if "uuid" in node:
                uuids.append(node["uuid"])
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)
    collect(export)
    check(uuids and all(isinstance(u, str) and UUID.match(u) for u in uuids),
          "%d uuids, each 32 lowercase hex digits" % len(uuids))
    check(len(set(uuids)) == len(uuids), "uuids are unique")
    group_names = {g["name"] for g in export.get("groups", [])}

    for tpl in export["templates"]:
        name = tpl["template"]
        check(all(g["name"] in group_names for g in tpl["groups"]),
              "%s: its groups are exported" % name)
        macros = {m["macro"] for m in tpl.get("macros", [])}
        vmaps = {v["name"] for v in tpl.get("valuemaps", [])}
        keys = set()
        for kind, key, oid, owner in snmp_entries(tpl):
            check(key not in keys, "%s: key %s is unique" % (name, key))
            keys.add(key)
            if kind == "rule":
                pairs = discovery_oids(oid or "")
                check(bool(pairs) and all(re.fullmatch(r'\{#[A-Z0-9_]+\}', m) for m, _ in pairs),
                      "%s: %s walks discovery[{#MACRO},OID,...]" % (name, key))
            else:
                check(bool(oid and SNMP_OID.match(oid)),
                      "%s: %s reads a numeric OID followed by .{#SNMPINDEX}" % (name, key))
        for rule in tpl.get("discovery_rules", []):
            check(rule.get("type") == "SNMP_AGENT", "%s: rule %s is an SNMP agent item" % (name, rule["key"]))
            lld = {m for m, _ in discovery_oids(rule["snmp_oid"]) or []}
            lld.add("{#SNMPINDEX}")
            for step in rule.get("preprocessing", []):
                if step["type"] == "JAVASCRIPT":
                    lld.update(re.findall(r"\{#[A-Z0-9_]+\}", step["parameters"][0]))
            for proto in rule.get("item_prototypes", []):
                check(proto.get("type") == "SNMP_AGENT", "%s: %s is an SNMP agent item" % (name, proto["key"]))
                text = yaml.safe_dump(proto)
                used = set(re.findall(r"\{#[A-Z0-9_]+\}", text))
                check(used <= lld, "%s: %s uses only the LLD macros of %s (%s)"
                      % (name, proto["key"], rule["key"], ", ".join(sorted(used - lld)) or "all known"))
                if "valuemap" in proto:
                    check(proto["valuemap"]["name"] in vmaps,
                          "%s: value map %s of %s is exported" % (name, proto["valuemap"]["name"], proto["key"]))
                for trig in proto.get("trigger_prototypes", []):
                    refs = re.findall(r"/([^/]+)/([^)]+)\)", trig["expression"])
                    check(bool(refs), "%s: trigger %r references an item" % (name, trig["name"]))
                    for host, key in refs:
                        check(host == name and key in keys,
                              "%s: trigger %r reads %s of this template" % (name, trig["name"], key))
                    check(trig["priority"] in ("INFO", "WARNING", "AVERAGE", "HIGH", "DISASTER"),
                          "%s: trigger %r has a known priority" % (name, trig["name"]))
        used = set(MACRO.findall(yaml.safe_dump(tpl)))
        check(used <= macros, "%s: every user macro used is defined (%s)"
              % (name, ", ".join(sorted(used))))

    for line in ok:
        print("ok: " + line)
    for line in errors:
        print("ERROR: " + line)
    sys.exit(1 if errors else 0)


def cmd_js(export, rule_key):
    for tpl in export["templates"]:
        for rule in tpl.get("discovery_rules", []):
            if rule["key"] == rule_key:
                for step in rule.get("preprocessing", []):
                    if step["type"] == "JAVASCRIPT":
                        sys.stdout.write(step["parameters"][0])
                        return
    sys.exit("no JavaScript step in rule %s" % rule_key)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    export = load(sys.argv[1])
    if sys.argv[2] == "oids":
        cmd_oids(export)
    elif sys.argv[2] == "lint":
        cmd_lint(export)
    elif sys.argv[2] == "js":
        cmd_js(export, sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
