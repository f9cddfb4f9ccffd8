#!/usr/bin/env python3
"""Renders every picture constel draws from the command line and checks each one (ctest svg_pictures):
the SVG parses as XML (xml.etree), its root is <svg>, the expected elements are there, and no two
placed labels overlap (boxes estimated as the placer does: 0.6 em per character, 1.2 em high).
Where rsvg-convert is installed each picture is also converted to PNG; without it that step is skipped.

usage: check_pictures.py CONSTEL_BIN WORK_DIR TEST_DATA_DIR
"""
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def run(constel, *args):
    r = subprocess.run([constel, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"constel {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


def boxes(root):
    out = []
    for t in root.iter(NS + "text"):
        if t.get("class") not in ("label", "note"):
            continue
        x, y, fs = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
        out.append((x, y - 0.9 * fs, x + 0.6 * fs * len(t.text or ""), y + 0.3 * fs, t.text))
    return out


def check(path, must_have):
    root = ET.parse(path).getroot()  # raises on malformed XML
    assert root.tag == NS + "svg", f"{path}: root is {root.tag}"
    classes = {e.get("class") for e in root.iter()}
    for c in must_have:
        assert c in classes, f"{path}: no element of class {c}"
    b = boxes(root)
    for i in range(len(b)):
        for j in range(i + 1, len(b)):
            p, q = b[i], b[j]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                sys.exit(f"{path}: labels '{p[4]}' and '{q[4]}' overlap")
    return len(b)


def main():
    constel, work, data = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    f = lambda name: os.path.join(work, name)
    # The so400m, base and a user point close together: the case the placer exists for.
    run(constel, "plot", "region", "-o", f("region.svg"), "--point", "mine:0.066,0.066", "--point", "other:0.0627,0.036")
    run(constel, "plot", "region", "-o", f("zoom.svg"), "--zoom", "0:0.15,-0.05:0.15", "--point", "mine:0.066,0.066")
    run(constel, "plot", "bounds", "--m", "1/10", "--b", "0", "--d", "8:512:x2", "--mark-N", "1e6", "-o", f("bounds.svg"))
    emb = os.path.join(data, "embeddings")
    for name, extra in (("hist.svg", []), ("hist-log.svg", ["--plot-log-counts"])):
        run(constel, "verify", "--u", os.path.join(emb, "u_f4.npy"), "--v", os.path.join(emb, "v_f4.npy"),
            "--plot", f(name), "--quiet", *extra)
    labels = {
        "region.svg": check(f("region.svg"), ["region", "point", "label", "legend", "series"]),
        "zoom.svg": check(f("zoom.svg"), ["region", "point", "label"]),
        "bounds.svg": check(f("bounds.svg"), ["series", "point", "label", "legend"]),
        "hist.svg": check(f("hist.svg"), ["bar", "legend", "series"]),
        "hist-log.svg": check(f("hist-log.svg"), ["bar", "legend", "series"]),
    }
    assert labels["region.svg"] >= 5, labels  # four points' labels and the N = ... notes
    # Extremes are drawn in the legend as lines, the distributions as swatches.
    root = ET.parse(f("hist.svg")).getroot()
    legend = [e.tag for e in root.iter() if e.get("class") == "legend"]
    assert legend.count(NS + "line") == 2 and legend.count(NS + "rect") == 2, legend
    if shutil.which("rsvg-convert"):
        for name in labels:
            subprocess.run(["rsvg-convert", "-o", f(name[:-4] + ".png"), f(name)], check=True)
            assert os.path.getsize(f(name[:-4] + ".png")) > 1000
        print("PNG conversion checked with rsvg-convert")
    else:
        print("rsvg-convert not installed: PNG conversion skipped")
    print("pictures well formed, labels apart:", labels)


if __name__ == "__main__":
    main()
