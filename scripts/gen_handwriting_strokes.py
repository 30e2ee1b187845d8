#!/usr/bin/env python3
# Regenerates tests/integration/input_data/handwriting_strokes.json (issue 17) from the npm package
# hanzi-writer-data@2.0.1 (Make Me a Hanzi stroke medians, Arphic Public License): for each character
# in handwriting_chars.txt, its strokes in stroke order as the median polylines, flipped to a y-down
# 1024x1024 pad. These are centre-lines of font glyphs in a standard stroke order, NOT people's
# handwriting. It must not fetch anything itself: unpack the package first, e.g.
#   cd /tmp && npm pack hanzi-writer-data@2.0.1 && tar xzf hanzi-writer-data-2.0.1.tgz
#   scripts/gen_handwriting_strokes.py /tmp/package
# With --dev OUT.json it writes instead the DEVELOPMENT set recogniser changes are chosen on: every hanzi
# of assets/i18n/zh-Hans.json that the package has, minus the test characters (kept out of the tree so
# nobody tunes on the test fixture by accident; see docs/benchmarks.md, issue 17).
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "integration" / "input_data"


def to_pad(point):
    # hanzi-writer-data: 1024 units, y up, baseline such that screen_y = 900 - y.
    x, y = point
    return [min(max(x, 0), 1024), min(max(900 - y, 0), 1024)]


def catalog_hanzi():
    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from walk(v)
        elif isinstance(x, list):
            for v in x:
                yield from walk(v)
        elif isinstance(x, str):
            yield x
    cat = json.loads((ROOT / "assets" / "i18n" / "zh-Hans.json").read_text(encoding="utf-8"))
    return {c for s in walk(cat) for c in s if "\u4e00" <= c <= "\u9fff"}


def main():
    args = sys.argv[1:]
    dev_out = None
    if len(args) == 3 and args[1] == "--dev":
        dev_out = pathlib.Path(args[2])
        args = args[:1]
    if len(args) != 1:
        sys.exit("usage: gen_handwriting_strokes.py <unpacked hanzi-writer-data package dir> [--dev OUT.json]")
    pkg = pathlib.Path(args[0])
    version = json.loads((pkg / "package.json").read_text())["version"]
    chars = [c for c in (HERE / "handwriting_chars.txt").read_text(encoding="utf-8").split() if c]
    if dev_out:
        chars = sorted(c for c in catalog_hanzi() - set(chars) if (pkg / f"{c}.json").exists())
    out = {
        "source": f"npm hanzi-writer-data@{version} (Make Me a Hanzi medians), scripts/gen_handwriting_strokes.py",
        "license": "Arphic Public License (see tests/integration/input_data/README.md)",
        "width": 1024,
        "height": 1024,
        "characters": [],
    }
    for c in chars:
        data = json.loads((pkg / f"{c}.json").read_text(encoding="utf-8"))
        out["characters"].append({"char": c, "strokes": [[to_pad(p) for p in m] for m in data["medians"]]})
    (dev_out or HERE / "handwriting_strokes.json").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(chars)} characters")


if __name__ == "__main__":
    main()
