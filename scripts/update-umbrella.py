#!/usr/bin/env python3
"""Rewrites the include list of lib/constel/constel.hpp: every public header (every .hpp under
lib/constel/ outside detail/ folders), top-level headers first, then by module. Test 1100 fails when
the umbrella and the headers disagree; run this script, then review the diff."""
import os

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")
umbrella = os.path.join(root, "constel", "constel.hpp")
headers = []
for d, _, files in os.walk(os.path.join(root, "constel")):
    if os.sep + "detail" in d:
        continue
    for f in files:
        rel = os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
        if f.endswith(".hpp") and rel != "constel/constel.hpp":
            headers.append(rel)
top = sorted(h for h in headers if h.count("/") == 1)
sub = sorted(h for h in headers if h.count("/") > 1)
text = open(umbrella).read()
head = text[: text.index('#include "constel/version.hpp"')]
body = '#include "constel/version.hpp"\n\n' + "".join(f'#include "{h}"\n' for h in top + sub)
open(umbrella, "w").write(head + body)
