#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# "check DESCRIPTION COMMAND..." runs one simple command.  Written as
#     check "x is gone" [ -n "$list" ] && ! printf ... | grep x
# only "[ -n "$list" ]" is checked: the rest of the chain runs after check
# has already passed, and its status is lost.  Such chains go inside
# eval '...' or a function (agent_test.sh's lacks).  This finds any check
# or check_eq call whose line, continuations included, goes on with &&,
# || or a pipe outside quotes.
set -u
cd "${top_srcdir:?}"
python3 - <<'PY'
import glob, re, sys

def scan(text, pos):
    """From pos (the start of a check call), return (end, chained): the
    end of the command, and whether &&, || or | appears outside quotes,
    command substitutions and parentheses before it ends."""
    i, n = pos, len(text)
    stack = []  # "'", '"', "(" (a $( or ( group), "`"
    chained = False
    while i < n:
        c = text[i]
        top = stack[-1] if stack else None
        if top == "'":
            if c == "'":
                stack.pop()
            i += 1
            continue
        if c == "\\":
            i += 2
            continue
        if top == '"':
            if c == '"':
                stack.pop()
            elif c == "$" and text[i + 1:i + 2] == "(":
                stack.append("(")
                i += 1
            elif c == "`":
                stack.append("`")
            i += 1
            continue
        if top == "`":
            if c == "`":
                stack.pop()
            i += 1
            continue
        # unquoted, or inside a ( group
        if c == "'" or c == '"' or c == "`":
            stack.append(c)
        elif c == "(":
            stack.append("(")
        elif c == ")" and top == "(":
            stack.pop()
        elif c == "#" and (i == 0 or text[i - 1] in " \t") and top is None:
            while i < n and text[i] != "\n":
                i += 1
            return i, chained
        elif top is None:
            if c == "\n" or c == ";":
                return i, chained
            if c in "&|" and text[i:i + 2] in ("&&", "||"):
                return i, True
            if c == "|":
                return i, True
        i += 1
    return i, chained

files = sorted(glob.glob("tests/**/*.sh", recursive=True))
bad = 0
for f in files:
    text = open(f, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r"(?m)^[ \t]*check(_eq)?[ \t]", text):
        end, chained = scan(text, m.start())
        if chained:
            line = text.count("\n", 0, m.start()) + 1
            print("%s:%d: %s" % (f, line, text[m.start():end].strip()[:160]))
            bad += 1
print("check_chains: %d scripts read, %d check calls with a chain outside them" % (len(files), bad))
print("%d passed, %d failed" % (0 if bad else 1, 1 if bad else 0))
sys.exit(1 if bad else 0)
PY
