#!/usr/bin/env python3
# Regenerates tests/integration/input_data/handwriting_strokes.json (issue 17) from the npm package
# hanzi-writer-data@2.0.1 (Make Me a Hanzi stroke medians, Arphic Public License): for each character
# in handwriting_chars.txt, its strokes in stroke order as the median polylines, flipped to a y-down
# 1024x1024 pad. These are centre-lines of font glyphs in a standard stroke order, NOT people's
# handwriting. It must not fetch anything itself: unpack the package first, e.g.
#   cd /tmp && npm pack hanzi-writer-data@2.0.1 && tar xzf hanzi-writer-data-2.0.1.tgz
#   scripts/gen_handwriting_strokes.py /tmp/package
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent.parent / "tests" / "integration" / "input_data"


def to_pad(point):
    # hanzi-writer-data: 1024 units, y up, baseline such that screen_y = 900 - y.
    x, y = point
    return [min(max(x, 0), 1024), min(max(900 - y, 0), 1024)]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_handwriting_strokes.py <unpacked hanzi-writer-data package dir>")
    pkg = pathlib.Path(sys.argv[1])
    version = json.loads((pkg / "package.json").read_text())["version"]
    chars = [c for c in (HERE / "handwriting_chars.txt").read_text(encoding="utf-8").split() if c]
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
    (HERE / "handwriting_strokes.json").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(chars)} characters")


if __name__ == "__main__":
    main()
