#!/usr/bin/python3
"""The baseline for `make bench`: what a province IT officer would write
to roll the communes up without sapxep. python3-yaml with its C loader
(yaml.CSafeLoader, libyaml underneath) reads every file.

    rollup.py report DIR [SHARE]    the totals of `sapxep report`
    rollup.py validate DIR          workspaces and records, as counted by
                                    `sapxep validate` (files are loaded, no
                                    rule is checked: a lower bound)

report prints the totals as flat "name: value" lines, the same names and
formats as the totals of `sapxep report --format yaml`; the benchmark
compares the two. The staff figures follow the plan of sapxep(1) `quota`:
people before and after, units over their quota, funds and allowances,
from the rule pack the workspace names (config/rules/<pack>.yaml). The
hamlet figures are left out: `sapxep report` does not fill them yet.
"""
import datetime
import os
import sys

import yaml

LOADER = yaml.CSafeLoader
STAGES = ["draft", "consulted", "commune_council", "submitted", "approved", "rejected"]


def load(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=LOADER)


def workspaces(top):
    """Folders holding a sapxep.yaml, in name order, not inside hidden ones."""
    if os.path.isfile(os.path.join(top, "sapxep.yaml")):
        yield top
        return
    for name in sorted(os.listdir(top)):
        p = os.path.join(top, name)
        if not name.startswith(".") and os.path.isdir(p):
            yield from workspaces(p)


def records(ws):
    """(form folder, record) for every record file of a workspace."""
    for folder in ("staff", "hamlets", "mergers"):
        d = os.path.join(ws, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".yaml") and not name.startswith("."):
                try:
                    yield folder, load(os.path.join(d, name))
                except yaml.YAMLError:
                    yield folder, None


def now():
    pin = os.environ.get("SAPXEP_NOW")
    if pin:
        try:
            return datetime.datetime.fromisoformat(pin).timestamp()
        except ValueError:
            return float(pin)
    return datetime.datetime.now().timestamp()


# --- rule packs ------------------------------------------------------------

class Pack:
    def __init__(self, share, name):
        self.facts = {}
        self.name = name
        doc = load(os.path.join(share, "config", "rules", name + ".yaml"))
        if doc.get("extends"):
            self.facts.update(Pack(share, doc["extends"]).facts)
        self.facts.update(doc.get("facts") or {})

    def value(self, key, on):
        f = self.facts.get(key)
        if f is None:
            return None
        if "values" not in f:
            return f.get("value")
        best = None
        for v in f["values"]:
            lo, hi = v.get("from"), v.get("to")
            if (lo is None or lo <= on) and (hi is None or on <= hi):
                if best is None or (lo and (best.get("from") is None or lo > best["from"])):
                    best = v
        return best and best.get("value")

    def num(self, key, on):
        v = self.value(key, on)
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# --- the staff plan ----------------------------------------------------------

class Unit:
    def __init__(self):
        self.before = self.after = self.concurrent = 0
        self.quota = -1
        self.fund = -1.0
        self.allowance_after = 0.0


def title_level(titles, code, unit):
    tags = titles.get(code)
    if not tags or unit in tags:
        return unit
    if "hamlet" in tags:
        return "hamlet"
    if "commune" in tags:
        return "commune"
    return unit


def staff_figures(cfg, recs, pack, titles, on, tot):
    commune = Unit()
    hamlets = {}
    for folder, r in recs:
        if folder == "hamlets" and r:
            hamlets[r["id"]] = (Unit(), r.get("fields") or {})
    unplaced = Unit()

    def unit_at(level, hamlet):
        if level == "commune":
            return commune
        if level == "hamlet" and hamlet in hamlets:
            return hamlets[hamlet][0]
        return unplaced

    for folder, r in recs:
        if folder != "staff" or not r:
            continue
        f = r.get("fields") or {}
        unit = f.get("unit")
        hamlet = f.get("hamlet") if unit == "hamlet" else None
        arr = f.get("arrangement")
        changes = arr in ("concurrent", "reassign")
        newpos = f.get("new_positions") if changes else None
        moves = bool(newpos)
        stays = arr is None or changes or arr == "keep"
        before = unit_at(unit, hamlet)
        before.before += 1
        if not stays:
            continue
        coef = float(f.get("allowance_coefficient") or 0)
        ts = newpos if moves else (f.get("positions") or [])
        at = []
        if not ts:
            at.append(before)
        for code in ts:
            if not moves:
                u = before
            else:
                h = (f.get("new_hamlet") if changes else None) or hamlet
                u = unit_at(title_level(titles, code, unit), h)
            if u not in at:
                at.append(u)
        for u in at:
            u.after += 1
            if len(ts) >= 2:
                u.concurrent += 1
        at[0].allowance_after += coef

    klass = cfg["commune"].get("class")
    q = pack.num("commune_quota.%s" % klass, on)
    if q is not None:
        commune.quota = int(round(q))
        kind = cfg["commune"].get("kind")
        variant = cfg["commune"].get("standard") or ("xa" if kind in (None, "xa") else None)
        if commune.quota and variant:
            div = pack.num("commune_quota.increase.population_divisor." + variant, on) or \
                pack.num("commune_quota.increase.population_divisor", on)
            std = pack.num("standard.population." + variant, on)
            pop = cfg["commune"].get("population")
            if div and std and std >= 1 and div >= 1 and pop is not None and pop > std:
                commune.quota += (pop - int(round(std))) * int(round(div)) // int(round(std))
            share = pack.num("commune_quota.increase.area_share", on)
            std = pack.num("standard.area." + variant, on)
            area = cfg["commune"].get("area_km2")
            if share and std and share > 0 and std > 0 and area is not None and area > std:
                commune.quota += int((area - std) / (std * share) + 1e-7)
    f = pack.num("commune_fund.%s" % klass, on)
    if f is not None:
        commune.fund = f
    hq = pack.num("hamlet_quota", on)
    hi, lo = pack.num("hamlet_fund.high", on), pack.num("hamlet_fund.standard", on)
    for u, h in hamlets.values():
        if hq is not None:
            u.quota = int(round(hq))
        if hi is None or lo is None:
            continue
        kind = h.get("kind")
        t = pack.num("hamlet_fund.households." + kind, on) if kind else None
        hh = h.get("households")
        high = t is not None and hh is not None and hh >= t
        ks = pack.value("hamlet_fund.key_security", on)
        if kind and ks and kind in str(ks).replace(",", " ").split() and \
                (h.get("key_security") is True or cfg["commune"].get("key_security")):
            high = True
        bi = pack.value("hamlet_fund.border_or_island", on)
        if kind and bi and kind in str(bi).replace(",", " ").split() and \
                cfg["commune"].get("border_or_island"):
            high = True
        u.fund = hi if high else lo

    units = [commune] + [u for u, _ in hamlets.values()]
    if unplaced.before:
        units.append(unplaced)
    for u in units:
        tot["staff.before"] += u.before
        tot["staff.after"] += u.after
        tot["staff.concurrent"] += u.concurrent
        tot["staff.over_quota_units"] += u.quota >= 0 and u.after > u.quota
        if u.fund > 0:
            tot["staff.fund"] += u.fund
        tot["staff.allowance_after"] += u.allowance_after


def titles_of(share):
    doc = load(os.path.join(share, "config", "lists", "titles.yaml"))
    items = doc.get("choices") or []
    return {t["code"]: t.get("tags") or [] for t in items}


def report(top, share):
    keys = ["communes", "reporting", "all_complete", "staff.before", "staff.after",
            "staff.reduction", "staff.concurrent", "staff.over_quota_units", "staff.fund",
            "staff.allowance_after", "mergers.proposed", "mergers.approved"] + \
        ["mergers.by_stage." + s for s in STAGES] + \
        ["records.complete", "records.incomplete", "records.conflict"]
    tot = dict.fromkeys(keys, 0)
    tot["staff.fund"] = tot["staff.allowance_after"] = 0.0
    t_now = now()
    on = datetime.datetime.fromtimestamp(t_now).date()
    packs, titles = {}, titles_of(share)
    for ws in workspaces(top):
        tot["communes"] += 1
        cfg = load(os.path.join(ws, "sapxep.yaml"))
        recs = list(records(ws))
        latest = None
        counts = {"complete": 0, "incomplete": 0, "conflict": 0}
        for folder, r in recs:
            if r is None:
                counts["incomplete"] += 1
                continue
            counts[r.get("status", "complete")] += 1
            at = datetime.datetime.fromisoformat(str(r["updated_at"])).timestamp()
            latest = at if latest is None or at > latest else latest
            if folder == "mergers":
                stage = (r.get("fields") or {}).get("stage")
                if stage in STAGES:
                    tot["mergers.by_stage." + stage] += 1
        for k, v in counts.items():
            tot["records." + k] += v
        n = sum(counts.values())
        tot["reporting"] += n > 0 and latest is not None and t_now - latest <= 14 * 86400
        tot["all_complete"] += n > 0 and counts["incomplete"] == 0 and counts["conflict"] == 0
        name = (cfg.get("rules") or {}).get("staff")
        if name:
            if name not in packs:
                packs[name] = Pack(share, name)
            staff_figures(cfg, recs, packs[name], titles, on, tot)
    tot["staff.reduction"] = tot["staff.before"] - tot["staff.after"]
    tot["mergers.approved"] = tot["mergers.by_stage.approved"]
    tot["mergers.proposed"] = sum(tot["mergers.by_stage." + s] for s in STAGES if s != "rejected")
    for k in keys:
        v = tot[k]
        print("%s: %s" % (k, "%.2f" % v if isinstance(v, float) else int(v)))


def validate(top):
    n_ws = n_rec = 0
    for ws in workspaces(top):
        n_ws += 1
        load(os.path.join(ws, "sapxep.yaml"))
        for _ in records(ws):
            n_rec += 1
    print("workspaces: %d\nrecords: %d" % (n_ws, n_rec))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "report":
        share = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..")
        report(sys.argv[2], share)
    elif len(sys.argv) == 3 and sys.argv[1] == "validate":
        validate(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
