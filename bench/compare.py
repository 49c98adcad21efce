#!/usr/bin/env python3
"""Parity check of the Hugo twin: compares kheo's output with Hugo's.

    python3 bench/compare.py KHEO_OUT HUGO_OUT [PAGE ...]

Lists the output paths found on one side only (grouped), then compares every
HTML/XML/text file present on both sides after normalising what may differ
(whitespace between tags, the generator's name, JSON-LD spacing, goldmark's
`text-align:right`). With PAGE arguments (paths relative to the outputs),
prints a diff of those pages instead. Exits 0 always: it reports, the reader
judges.
"""
import collections
import difflib
import os
import re
import sys


def files(d):
    out = set()
    for root, _, names in os.walk(d):
        for n in names:
            out.add(os.path.relpath(os.path.join(root, n), d))
    return out


def norm(s):
    s = re.sub(r'<script type="application/ld\+json">.*?</script>', "", s, flags=re.S)
    s = re.sub(r"kheo \d+\.\d+\.\d+|Hugo \d+\.\d+\.\d+", "GENERATOR", s)
    s = s.replace("text-align: right", "text-align:right")
    s = re.sub(r">\s+<", "><", s)
    s = re.sub(r"\s+", " ", s)
    return s.replace("&#34;", "&quot;").replace("&#39;", "'").strip()


def group(path):
    path = re.sub(r"/trang/\d+/", "/trang/N/", path)
    path = re.sub(r"/\d+\.json$", "/N.json", path)
    parts = path.split("/")
    if len(parts) > 2 and parts[0] in ("mo-hinh", "linh-vuc", "don-vi", "nam", "dia-phuong"):
        parts[1] = "*"
    return "/".join(parts)


def main():
    kheo, hugo = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        for page in sys.argv[3:]:
            a = norm(open(os.path.join(kheo, page), encoding="utf-8").read())
            b = norm(open(os.path.join(hugo, page), encoding="utf-8").read())
            lines = difflib.unified_diff(
                a.replace("><", ">\n<").splitlines(),
                b.replace("><", ">\n<").splitlines(),
                f"kheo/{page}", f"hugo/{page}", lineterm="", n=1)
            print("\n".join(lines) or f"{page}: same after normalisation")
        return
    kf, hf = files(kheo), files(hugo)
    for label, only in (("only in kheo", kf - hf), ("only in Hugo", hf - kf)):
        counts = collections.Counter(group(p) for p in only)
        print(f"{label}: {len(only)} files")
        for g, n in sorted(counts.items()):
            print(f"  {n:6d}  {g}")
    same, differ = 0, collections.Counter()
    example = {}
    for p in sorted(kf & hf):
        if not p.endswith((".html", ".xml", ".txt", ".json", ".csv")):
            continue
        a = norm(open(os.path.join(kheo, p), encoding="utf-8").read())
        b = norm(open(os.path.join(hugo, p), encoding="utf-8").read())
        if a == b:
            same += 1
        else:
            differ[group(p)] += 1
            example.setdefault(group(p), p)
    print(f"in both: {len(kf & hf)} files; {same} text files the same after normalisation")
    for g, n in sorted(differ.items()):
        print(f"  {n:6d}  differ  {g}  (e.g. {example[g]})")


if __name__ == "__main__":
    main()
