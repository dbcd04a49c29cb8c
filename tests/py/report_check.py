#!/usr/bin/python3
"""The province report against an independent computation.

A province generated with `sapxep demo --communes N` is rolled up by
`sapxep report`; this script reads the same record files and rule packs
with python3-yaml, works out every figure itself (people before and after
the plan, units over quota, hamlets against the household standard,
merger proposals, records by status) and compares, commune by commune and
in total. The XLSX workbook is read back with openpyxl and compared with
the CSV. Then the clock is moved 30 days on and every commune must show
as not reporting.
"""
import csv
import functools
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import yaml

BIN = os.environ.get("SAPXEP_BIN", "./sapxep")
SHARE = os.environ.get("SAPXEP_SHARE", ".")
TMP = os.environ.get("SAPXEP_TEST_TMP", tempfile.gettempdir())
ENV = dict(os.environ, LC_ALL="C.UTF-8", SAPXEP_SYSCONFDIR="/nonexistent",
           SAPXEP_NOW="2026-11-28T10:00:00+07:00", TZ="Asia/Ho_Chi_Minh")

failures = 0
compared = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg)


def run(*args, env=None):
    p = subprocess.run([BIN, *args], env=env or ENV, capture_output=True)
    if p.returncode != 0:
        fail("sapxep %s exited %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.stdout.decode()


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


def pack_facts(name):
    """Facts of a shipped pack, with those of the packs it extends."""
    pack = load(os.path.join(SHARE, "config", "rules", name + ".yaml"))
    facts = pack_facts(pack["extends"]) if pack.get("extends") else {}
    for key, fact in pack["facts"].items():
        facts[key] = fact["value"] if isinstance(fact, dict) and "value" in fact else fact
    return facts


@functools.lru_cache(maxsize=None)
def pack_in_force(kind, day):
    """The shipped pack of kind in force on day (YYYY-MM-DD), read from
    the files as sapxep reads them: effective_from <= day <= effective_to."""
    found = []
    folder = os.path.join(SHARE, "config", "rules")
    for name in sorted(os.listdir(folder)):
        pack = load(os.path.join(folder, name))
        lo, hi = str(pack.get("effective_from", "0000")), str(pack.get("effective_to", "9999"))
        if pack.get("kind") == kind and lo <= day <= hi:
            found.append(pack["pack"])
    if len(found) != 1:
        fail("%d %s packs in force on %s: %r" % (len(found), kind, day, found))
    return found[0]


def records(ws, form):
    folder = os.path.join(ws, form)
    out = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if name.endswith(".yaml") and not name.startswith("."):
            out.append(load(os.path.join(folder, name)))
    return out


def staff_figures(ws, cfg, staff, hamlets, titles):
    facts = pack_facts(cfg["rules"]["staff"])
    tags = {t["code"]: t.get("tags", []) for t in titles["choices"]}
    before = after = concurrent = 0
    units = {}  # ("commune", None) or ("hamlet", id) -> people after
    for r in staff:
        f = r["fields"]
        before += 1
        arr = f.get("arrangement")
        if arr not in (None, "keep", "concurrent", "reassign"):
            continue
        after += 1
        moves = arr in ("concurrent", "reassign") and f.get("new_positions")
        held = f["new_positions"] if moves else f.get("positions", [])
        if len(held) >= 2:
            concurrent += 1
        hamlet = f.get("new_hamlet") if moves and f.get("new_hamlet") else f.get("hamlet")
        places = set()
        for t in held or [None]:
            level = f.get("unit")
            if t is not None and tags.get(t) and level not in tags[t]:
                level = "hamlet" if "hamlet" in tags[t] else "commune"
            places.add(("commune", None) if level == "commune" else ("hamlet", hamlet))
        for p in places:
            units[p] = units.get(p, 0) + 1
    # quotas: the class's, plus NQ 1211 increases for a xã above the standard
    com = cfg["commune"]
    quota = facts["commune_quota." + com["class"]]
    std_pop, std_area = facts["standard.population.xa"], facts["standard.area.xa"]
    div = facts["commune_quota.increase.population_divisor"]
    share = facts["commune_quota.increase.area_share"]
    if com["population"] > std_pop:
        quota += (com["population"] - std_pop) * div // std_pop
    if com["area_km2"] > std_area:
        quota += math.floor((com["area_km2"] - std_area) / (std_area * share) + 1e-9)
    over = 1 if units.get(("commune", None), 0) > quota else 0
    for h in hamlets:
        if units.get(("hamlet", h["id"]), 0) > facts["hamlet_quota"]:
            over += 1
    return {"before": before, "after": after, "reduction": before - after,
            "concurrent": concurrent, "over_quota_units": over}


def hamlet_figures(cfg, hamlets, mergers):
    # the demo names no hamlet pack: the one in force on the report's day
    facts = pack_facts(cfg.get("rules", {}).get("hamlets") or
                       pack_in_force("hamlets", ENV["SAPXEP_NOW"][:10]))
    exempt_codes = facts["exempt_factors"].replace(",", " ").split()
    out = dict(total=0, meets=0, below=0, must_merge=0, exempt=0)
    for h in hamlets:
        f = h["fields"]
        kind = f.get("kind", "thon")
        std = None
        if cfg["commune"]["border_or_island"]:
            std = facts.get("standard.%s.border_island" % kind)
        if std is None:  # a pack without a border standard: the region's
            std = facts["standard.%s.%s" % (kind, f["region"])]
        ratio = f["households"] / std
        out["total"] += 1
        if ratio >= facts["band.meets_from"]:
            out["meets"] += 1
        elif ratio < facts["band.must_merge_below"]:
            if set(f.get("factors", [])) & set(exempt_codes):
                out["exempt"] += 1
            else:
                out["must_merge"] += 1
        else:
            out["below"] += 1
    approved = [m for m in mergers if m["fields"]["stage"] == "approved"]
    active = [m for m in mergers if m["fields"]["stage"] != "rejected"]
    out["after_approved"] = out["total"] - sum(len(m["fields"]["hamlets"]) - 1 for m in approved)
    out["after_proposed"] = out["total"] - sum(len(m["fields"]["hamlets"]) - 1 for m in active)
    return out, {"proposed": len(active), "approved": len(approved)}


def expected(ws, titles):
    cfg = load(os.path.join(ws, "sapxep.yaml"))
    staff, hamlets, mergers = (records(ws, f) for f in ("staff", "hamlets", "mergers"))
    ham, mer = hamlet_figures(cfg, hamlets, mergers)
    everything = staff + hamlets + mergers
    rec = {s: sum(1 for r in everything if r["status"] == s)
           for s in ("complete", "incomplete", "conflict")}
    return {"code": cfg["commune"]["code"],
            "staff": staff_figures(ws, cfg, staff, hamlets, titles),
            "hamlets": ham, "mergers": mer, "records": rec}


def compare(label, want, got):
    global compared
    for group, figures in want.items():
        if group == "code":
            continue
        for key, value in figures.items():
            compared += 1
            if got[group][key] != value:
                fail("%s %s.%s: report %r, computed %r" % (label, group, key,
                                                          got[group][key], value))


def main():
    global compared
    os.makedirs(TMP, exist_ok=True)
    top = tempfile.mkdtemp(prefix="report-", dir=TMP)
    try:
        prov = os.path.join(top, "tinh")
        run("demo", "--data", prov, "--communes", "12", "--seed", "7")
        titles = load(os.path.join(SHARE, "config", "lists", "titles.yaml"))
        wanted = {}
        for name in sorted(os.listdir(prov)):
            e = expected(os.path.join(prov, name), titles)
            wanted[e["code"]] = e
        got = yaml.load(run("report", "--data", prov, "--format", "yaml"),
                        Loader=yaml.CSafeLoader)
        if len(got["communes"]) != len(wanted):
            fail("%d communes reported, %d on disk" % (len(got["communes"]), len(wanted)))
        totals = {g: {} for g in ("staff", "hamlets", "mergers", "records")}
        for c in got["communes"]:
            want = wanted[c["code"]]
            compare("commune " + c["code"], want, c)
            for g in totals:
                for k, v in want[g].items():
                    totals[g][k] = totals[g].get(k, 0) + v
            if c["reporting"] is not True:
                fail("commune %s saved today but not reporting" % c["code"])
        compare("totals", totals, got["totals"])
        if got["totals"]["communes"] != len(wanted):
            fail("totals.communes %r" % got["totals"]["communes"])
        if sorted(got["rules"]) != ["nd185-2026", "nd33-2023"]:
            fail("rules named: %r" % got["rules"])

        # the workbook holds what the CSV holds, numbers as numbers
        rows = list(csv.reader(io.StringIO(run("report", "--data", prov, "--format", "csv"),
                                           newline="")))
        xlsx = os.path.join(top, "bao-cao.xlsx")
        run("report", "--data", prov, "--format", "xlsx", "--output", xlsx)
        wb = openpyxl.load_workbook(xlsx, read_only=True)
        sheet = list(wb.worksheets[0].iter_rows(values_only=True))
        communes = [r for r in rows[1:] if r[0] == "commune"]
        if len(sheet) - 1 != len(communes):
            fail("xlsx has %d commune rows, csv %d" % (len(sheet) - 1, len(communes)))
        for xrow, crow in zip(sheet[1:], communes):
            cells = crow[1:]
            for i, (x, c) in enumerate(zip(xrow, cells)):
                compared += 1
                if isinstance(x, (int, float)):
                    if float(c) != float(x):
                        fail("xlsx %r vs csv %r in column %d" % (x, c, i))
                elif (x or "") != c:
                    fail("xlsx %r vs csv %r in column %d" % (x, c, i))
        for ws in openpyxl.load_workbook(xlsx).worksheets:
            if ws.freeze_panes != "A2":
                fail("sheet %s: the header row is not frozen (%r)" % (ws.title, ws.freeze_panes))

        # thirty days later nobody has reported
        later = dict(ENV, SAPXEP_NOW="2026-12-28T10:00:00+07:00")
        stale = yaml.load(run("report", "--data", prov, "--format", "yaml", env=later),
                          Loader=yaml.CSafeLoader)
        if stale["totals"]["reporting"] != 0 or len(stale["not_reporting"]) != len(wanted):
            fail("after 30 days: %r reporting" % stale["totals"]["reporting"])
        fresh = yaml.load(run("report", "--data", prov, "--format", "yaml",
                              "--stale-days", "40", env=later), Loader=yaml.CSafeLoader)
        if fresh["totals"]["reporting"] != len(wanted):
            fail("--stale-days 40: %r reporting" % fresh["totals"]["reporting"])
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print("report_check: %d figures of 12 communes compared with python3-yaml and openpyxl, "
          "%d failure(s)" % (compared, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
