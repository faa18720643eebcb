#!/usr/bin/env python3
"""Which PETRARCH-2 layer patterns only ever fire wrongly on the development sets.

Usage: bench/layer_evidence.py ENTENTE SHARED OUT.tsv

Converts CAMEO.2.0.txt with the mechanism pruning only (`entente dict import petrarch-verbs
--prune`), codes the development sets with that layer (`--dictionaries`, whose rules replace the
built-in lines of each id), and writes OUT.tsv: every layer rule id that fired at least once and
never with the gold type, with its counts. `entente dict import petrarch-verbs --prune
--prune-ids OUT.tsv` then comments those ids out (dictionaries/RULES.md, "Pruned").

An event is right when its type is the sentence's gold type: the ConfliBERT five-class label
(classes by CAMEO root, as `entente eval --gold conflibert` scores them), the PLOVER GSR record's
event (in PLOVER 2021 names), or the plv sentence's PLOVER root (CONCEDE and RETREAT as YIELD, plv's merged type). A
pattern's derived readings (`+announced`, `+refused`) count as its events; negated events do not.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict


def conflibert_class(cameo):
    root = int(cameo[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def development_sets(shared):
    """(set name, [(id, text, gold, scorer)]) for each development set."""
    gold = os.path.join(shared, "gold")
    conflibert = []
    path = os.path.join(gold, "conflibert-cameo-train/cameo_class_train.tsv")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            text, label = line.rstrip("\n").rsplit("\t", 1)
            conflibert.append((f"cb{n}", text, int(label)))
    # The GSR's PLOVER 0.5 names in 2021 names, as `entente eval --gold plover-gsr` reads them.
    renamed = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
               "FIGHT": "ASSAULT"}
    gsr = []
    with open(os.path.join(gold, "plover-gsr/PLOVER_GSR_CAMEO.txt"), encoding="utf-8") as f:
        for record in json.load(f):
            if record["event"] != "DOCUMENT":
                event = renamed.get(record["event"], record["event"])
                gsr.append((record["id"], record["text"], event))
    plv = []
    with open(os.path.join(gold, "plv-train/PLV_train.tsv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            plv.append((f"plv{row['sentence_id']}", row["sentence"], row["gold_root"]))
    merged = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
    return [
        ("ConfliBERT", conflibert, lambda e: conflibert_class(e["cameo"])),
        ("GSR", gsr, lambda e: e.get("plover")),
        ("plv", plv, lambda e: merged.get(e.get("plover"), e.get("plover"))),
    ]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    entente, shared, out_path = sys.argv[1:]
    verbs = os.path.join(shared, "reference/dictionaries/petrarch2/CAMEO.2.0.txt")
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    with tempfile.TemporaryDirectory() as work:
        layer = os.path.join(work, "layer")
        os.mkdir(layer)
        subprocess.run(
            [entente, "dict", "import", "petrarch-verbs", "--prune", verbs,
             "-o", os.path.join(layer, "petrarch-verbs.rules")],
            check=True, stderr=subprocess.DEVNULL)
        for name, items, type_of in development_sets(shared):
            gold = {item_id: label for item_id, _, label in items}
            inputs = os.path.join(work, f"{name}.jsonl")
            with open(inputs, "w", encoding="utf-8") as f:
                for item_id, text, _ in items:
                    f.write(json.dumps({"id": item_id, "text": text}) + "\n")
            coded = subprocess.run(
                [entente, "code", "--format", "jsonl", "--geocode", "off",
                 "--dictionaries", layer, inputs],
                check=True, capture_output=True, text=True).stdout
            for line in coded.splitlines():
                event = json.loads(line)
                # A derived reading ("+announced": the threat made by announcing a sanction) is
                # the pattern's own event.
                rule = event["rule"].split("+")[0]
                if event["negated"] or not rule.startswith("petrarch."):
                    continue
                right = type_of(event) == gold.get(event["doc"])
                counts[rule][name][0 if right else 1] += 1
    names = ["ConfliBERT", "GSR", "plv"]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# PETRARCH-2 layer rule ids that fired on the development sets and never with the\n"
                  "# gold type, written by bench/layer_evidence.py; read by `entente dict import\n"
                  "# petrarch-verbs --prune --prune-ids` (dictionaries/RULES.md, \"Pruned\").\n")
        for rule in sorted(counts):
            by_set = counts[rule]
            if any(by_set[n][0] for n in names):
                continue
            wrong = sum(by_set[n][1] for n in names)
            detail = ", ".join(f"{n} {by_set[n][1]}" for n in names if by_set[n][1])
            out.write(f"{rule}\twrong on the development sets {wrong} times and never right ({detail})\n")


if __name__ == "__main__":
    main()
