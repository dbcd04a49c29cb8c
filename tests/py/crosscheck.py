#!/usr/bin/python3
"""Read every kind of file sapxep writes with a second, independent YAML
implementation (Debian's python3-yaml) and check that the values are the
same strings and numbers sapxep means.

1. Hostile text written by python-yaml is read by sapxep, rewritten in
   sapxep's canonical form, and read back by python-yaml unchanged.
2. Every record of a demo workspace, and sapxep.yaml, read by python-yaml
   hold the values `sapxep list --format csv` reports.
3. `sapxep list --format yaml` reads back as the same values.
4. The conflicts sync leaves in a record (hostile text in every version)
   survive a save by sapxep and read back unchanged.
"""
import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile
import uuid

import yaml

BIN = os.environ.get("SAPXEP_BIN", "./sapxep")
TMP = os.environ.get("SAPXEP_TEST_TMP", tempfile.gettempdir())
ENV = dict(os.environ, LC_ALL="C.UTF-8", SAPXEP_SYSCONFDIR="/nonexistent",
           SAPXEP_OFFICER="py")

HOSTILE = [
    "yes", "no", "on", "off", "y", "N", "true", "False", "null", "~", "NULL",
    "0123", "1e3", "0x1F", "0o17", "12", "-5", "+5", ".5", "1_000", "3:25",
    "2026-01-01", "2026-01-01T10:00:00", ": x", "# y", "- z", "a: b", "a #b",
    "x:", "?", "@home", "`tick`", "%percent", "&anchor", "*alias", "!tag",
    "|", ">", "'single'", '"double"', "[a, b]", "{a: b}", "  leading",
    "trailing  ", "\ttab", "tab\tinside", "two\nlines", "trailing newline\n",
    "\nleading newline", "a\n\nblank line", "  indented\nsecond", "<<", "=",
    ".inf", ".nan", "NaN", "Nguyễn Văn Ánh", "Ấp Bình An (cũ)",
    "ESC\x1b[31mred", "bell\x07", "del\x7f", "nel\x85line",
    "bidi\u202eoverride", "line\u2028sep", "日本語", "emoji 🙂",
    "back\\slash", "quote's", "comma, inside",
]

failures = 0
checks = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def run(*args):
    p = subprocess.run([BIN, *args], env=ENV, capture_output=True, text=True)
    if p.returncode != 0:
        fail("sapxep %s exited %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def canon(value):
    """How sapxep writes a python-yaml value as canonical text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def same(expected, value):
    if isinstance(value, float):
        return float(expected) == value
    return canon(value) == expected


def quote(text):
    """A YAML double-quoted scalar with every character that some reader
    might take as a break or a control escaped."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif o < 0x20 or 0x7F <= o < 0xA0 or o in (0x2028, 0x2029, 0xFEFF):
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def flow(value):
    """Written by hand in flow style, so that python-yaml's own emitter
    (which writes a raw NEL inside quotes) does not get a say."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v).rstrip("\n") for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (quote(k), flow(v)) for k, v in value.items()) + "}\n"
    if isinstance(value, str):
        return quote(value)
    return str(value)


def hostile_round_trip(ws):
    global checks
    hdir = os.path.join(ws, "hamlets")
    for s in HOSTILE:
        rid = str(uuid.uuid4())
        rec = {
            "id": rid, "form": "hamlets", "form_version": 1, "revision": 1,
            "created_at": "2026-11-28T10:15:03+07:00", "created_by": "py",
            "updated_at": "2026-11-28T10:15:03+07:00", "updated_by": "py",
            "status": "complete",
            "fields": {"name": s, "kind": "thon", "region": "south",
                       "households": 120, "note": s},
        }
        path = os.path.join(hdir, rid + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(flow(rec))
        run("set", "hamlets", rid, "households=121", "--data", ws)
        with open(path, encoding="utf-8") as f:
            back = yaml.safe_load(f)
        checks += 1
        if back["revision"] != 2 or back["fields"]["households"] != 121:
            fail("%r: sapxep did not rewrite the record" % s)
        if back["fields"]["name"] != s or back["fields"]["note"] != s:
            fail("%r came back as %r / %r" % (s, back["fields"]["name"],
                                               back["fields"]["note"]))


def conflicts_round_trip(ws):
    global checks
    hdir = os.path.join(ws, "hamlets")
    for s in HOSTILE:
        rid = str(uuid.uuid4())
        versions = [
            {"by": "nva", "at": "2026-11-28T10:00:00+07:00", "value": s},
            {"by": s, "at": "2026-11-28T11:00:00+07:00", "value": "ghi chú"},
            {"by": "ttl", "at": "2026-11-28T12:00:00+07:00"},
        ]
        rec = {
            "id": rid, "form": "hamlets", "form_version": 1, "revision": 1,
            "created_at": "2026-11-28T10:15:03+07:00", "created_by": "py",
            "updated_at": "2026-11-28T10:15:03+07:00", "updated_by": "py",
            "status": "conflict",
            "fields": {"name": "Ấp", "kind": "thon", "region": "south",
                       "households": 120, "note": s},
            "conflicts": [{"field": "note", "versions": versions},
                          {"field": "households", "versions": [
                              {"by": "nva", "at": "2026-11-28T10:00:00+07:00",
                               "value": 120},
                              {"by": "ttl", "at": "2026-11-28T12:00:00+07:00",
                               "value": 130}]}],
        }
        path = os.path.join(hdir, rid + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(flow(rec))
        run("set", "hamlets", rid, "population=500", "--data", ws)
        with open(path, encoding="utf-8") as f:
            back = yaml.safe_load(f)
        checks += 1
        if back["revision"] != 2 or back["status"] != "conflict":
            fail("%r: the conflicted record was not saved as such" % s)
            continue
        got = {c["field"]: [dict(v, at=canon(v["at"])) for v in c["versions"]]
               for c in back.get("conflicts", [])}
        if list(got) != ["households", "note"]:
            fail("%r: conflicts are %r" % (s, list(got)))
            continue
        if got["note"] != versions:
            fail("%r: note's versions came back as %r" % (s, got["note"]))
        if [v["value"] for v in got["households"]] != [120, 130]:
            fail("households' versions came back as %r" % got["households"])


def unneutralise(cell):
    """sapxep puts an apostrophe before text a spreadsheet would run as a
    formula (a signed number is not one); take it off again."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        rest = cell[2:].replace(",", ".", 1) if cell[1:2] in "+-" else None
        try:
            if rest is not None and rest and float(rest) == float(rest):
                return cell
        except ValueError:
            pass
        return cell[1:]
    return cell


def csv_values(ws, form):
    out = run("list", form, "--format", "csv", "--data", ws)
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    return {r["id"]: {k: unneutralise(v) for k, v in r.items()} for r in rows}


def records_match_list(ws, forms):
    global checks
    for form in forms:
        listed = csv_values(ws, form)
        folder = os.path.join(ws, form)
        names = sorted(n for n in os.listdir(folder) if n.endswith(".yaml"))
        if len(names) != len(listed):
            fail("%s: %d files but %d listed" % (form, len(names), len(listed)))
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rec = yaml.safe_load(f)
            row = listed.get(rec["id"])
            if row is None:
                fail("%s/%s not listed" % (form, name))
                continue
            checks += 1
            if row["status"] != rec["status"]:
                fail("%s: status %r vs %r" % (name, row["status"], rec["status"]))
            for field, expected in row.items():
                if field in ("id", "status"):
                    continue
                value = rec["fields"].get(field)
                if value is None:
                    if expected != "":
                        fail("%s: %s missing in the file, listed %r" % (name, field, expected))
                    continue
                if isinstance(value, list):
                    value = ",".join(canon(v) for v in value)
                    ok = value == expected
                else:
                    ok = same(expected, value)
                if not ok:
                    fail("%s: %s is %r in the file, %r listed" % (name, field, value, expected))
            for key in ("revision", "form_version"):
                if not isinstance(rec[key], int):
                    fail("%s: %s is not a number: %r" % (name, key, rec[key]))


def list_yaml_matches(ws, forms):
    global checks
    for form in forms:
        listed = csv_values(ws, form)
        items = yaml.safe_load(run("list", form, "--format", "yaml", "--data", ws))
        for item in items or []:
            checks += 1
            row = listed[item["id"]]
            for field, value in item["fields"].items():
                if isinstance(value, list):
                    ok = ",".join(canon(v) for v in value) == row[field]
                else:
                    ok = same(row[field], value)
                if not ok:
                    fail("list yaml %s %s: %r vs %r" % (item["id"], field, value, row[field]))


def settings_read(ws):
    global checks
    with open(os.path.join(ws, "sapxep.yaml"), encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    checks += 1
    if not isinstance(cfg["province"]["code"], str) or not isinstance(cfg["commune"]["code"], str):
        fail("codes must stay text: %r" % cfg)
    if not isinstance(cfg["commune"]["population"], int):
        fail("population must be a number")
    if cfg["commune"]["class"] != "II" or cfg["commune"]["border_or_island"] is not False:
        fail("class and flags: %r" % cfg["commune"])


def main():
    os.makedirs(TMP, exist_ok=True)
    top = tempfile.mkdtemp(prefix="py-", dir=TMP)
    try:
        ws = os.path.join(top, "ws")
        run("demo", "--data", ws)
        forms = ["staff", "hamlets", "mergers"]
        settings_read(ws)
        records_match_list(ws, forms)
        list_yaml_matches(ws, forms)
        hostile_round_trip(ws)
        conflicts_round_trip(ws)
        records_match_list(ws, ["hamlets"])
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print("crosscheck: %d records and files checked with python3-yaml %s, %d failure(s)"
          % (checks, yaml.__version__, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
