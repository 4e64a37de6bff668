"""Run the analyser on fixed inputs with a parse cache, and compare two runs.

For rule work that must not change what is found (a refactor) or must change
it only where intended: the CSVs of a run before and after, row by row.

    python scripts/compare_runs.py run OUT_DIR --cache CACHE [--input NAME=PATH ...]
    python scripts/compare_runs.py compare BEFORE_DIR AFTER_DIR [--ignore-repair-ids]

`run` writes NAME.attributions.csv and NAME.articles.csv for each input
(default: the GUM texts, the bundled examples and the hand-made sample).
`compare` lists every attribution row added, dropped or changed, and each
changed field; with --ignore-repair-ids the `rule` column is compared
without its RPnnn ids (the repairs that fired). Exit code 1 if anything
differs.
"""
from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = {"gum": ROOT / "eval" / "gum" / "texts", "examples": ROOT / "examples",
                  "sample": ROOT / "eval" / "sample" / "texts"}
_REPAIR_ID = re.compile(r"^RP\d{3}$")


def run(out: Path, cache: Path, inputs: dict[str, Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, path in inputs.items():
        print(f"{name}: {path}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "attribution", "analyze", str(path),
                        "--out", str(out / f"{name}.attributions.csv"),
                        "--summary", str(out / f"{name}.articles.csv"),
                        "--cache", str(cache), "--quiet"], check=True)


def _rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def _without_repairs(rule: str) -> str:
    return ";".join(r for r in rule.split(";") if not _REPAIR_ID.match(r))


def compare(before: Path, after: Path, ignore_repair_ids: bool) -> int:
    differences = 0
    for old_file in sorted(before.glob("*.csv")):
        new_file = after / old_file.name
        if not new_file.exists():
            print(f"{old_file.name}: missing in {after}")
            differences += 1
            continue
        key = "attribution_id" if old_file.name.endswith(".attributions.csv") else "article_id"
        old, new = _rows(old_file, key), _rows(new_file, key)
        for row_id in sorted(old.keys() - new.keys()):
            print(f"{old_file.name}: dropped {row_id}: {old[row_id].get('sentence', '')[:100]}")
        for row_id in sorted(new.keys() - old.keys()):
            print(f"{old_file.name}: added {row_id}: {new[row_id].get('sentence', '')[:100]}")
        differences += len(old.keys() ^ new.keys())
        for row_id in sorted(old.keys() & new.keys()):
            changed = []
            for field, value in old[row_id].items():
                got = new[row_id].get(field, "")
                if field == "rule" and ignore_repair_ids:
                    value, got = _without_repairs(value), _without_repairs(got)
                if value != got:
                    changed.append(f"    {field}: {value!r} -> {got!r}")
            if changed:
                differences += 1
                print(f"{old_file.name}: changed {row_id}: {old[row_id].get('sentence', '')[:100]}")
                print("\n".join(changed))
    print(f"{differences} difference(s)", file=sys.stderr)
    return 1 if differences else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run")
    run_cmd.add_argument("out", type=Path)
    run_cmd.add_argument("--cache", type=Path, required=True)
    run_cmd.add_argument("--input", action="append", default=[], metavar="NAME=PATH",
                         help="an input of its own name (repeatable); default: GUM, examples, sample")
    cmp_cmd = sub.add_parser("compare")
    cmp_cmd.add_argument("before", type=Path)
    cmp_cmd.add_argument("after", type=Path)
    cmp_cmd.add_argument("--ignore-repair-ids", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        inputs = dict(DEFAULT_INPUTS)
        for item in args.input:
            name, _, path = item.partition("=")
            if not path:
                parser.error(f"--input {item!r}: expected NAME=PATH")
            inputs[name] = Path(path)
        run(args.out, args.cache, inputs)
        return 0
    return compare(args.before, args.after, args.ignore_repair_ids)


if __name__ == "__main__":
    sys.exit(main())
