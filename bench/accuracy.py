"""Accuracy of parley's coding on the dev gold sets in ../shared/eval/dev/, tune and check halves.

Runs the real pipeline (spaCy model, extractor, normalizer: `normalize.batch.code_documents`,
the rows the Parquet output holds) on every gold text, prints a table and writes JSON (default
bench/results/accuracy.json).

Every set is split by `sha1(salt + id)` into a tune half (even) and a check half (odd). Rules and
dictionaries change only from errors read on the tune half; the check half is measured, never
read for errors, and it is the figure to report. A change that raises tune and lowers check
is reverted.

    python bench/accuracy.py [--dev-dir ../shared/eval/dev] [--sets cameo,plover,...] [--lowercase]
                             [--out bench/results/accuracy.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.nlp import get_nlp  # noqa: E402
from normalize.batch import code_documents  # noqa: E402
from normalize.lexicon import INTERNATIONAL_PREFIXES, default_lexicon  # noqa: E402
from normalize.places import default_gazetteer, distance_km  # noqa: E402
from storage.readers import parse_published, sha256_text  # noqa: E402
from storage.schema import Document, EventRecord  # noqa: E402

DEFAULT_DEV = REPO.parent / "shared" / "eval" / "dev"
# The PLOVER gold set uses the 18-category draft names; PLOVER 2.0 merged them as follows.
PLOVER_RENAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# Country codes that differ between the gold sets and parley's ISO-based codes.
COUNTRY_ALIASES = {"JAP": "JPN", "ROM": "ROU", "MTN": "MNE", "TMP": "TLS", "KSV": "XKX"}
CONFIDENCE_BUCKETS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# The split is salted: some dev files are themselves one half of a larger set split by the
# parity of sha1(id), and an unsalted split would put all of such a file in one half.
SPLIT_SALT = "parley-split-1:"


def half(record_id: str) -> str:
    """'tune' or 'check', fixed by the record's id: the same split on every run and machine."""
    digest = hashlib.sha1((SPLIT_SALT + record_id).encode()).hexdigest()
    return "check" if int(digest, 16) % 2 else "tune"


def tune_half(path: Path) -> list[dict]:
    """The records of a gold set that rules, dictionaries and models may learn from."""
    return [r for r in load_jsonl(path) if half(r["id"]) == "tune"]


def code_texts(records: list[dict], chunk: int = 256) -> list[list[EventRecord]]:
    """Run the pipeline over each record's text; one list of events (output rows) per record."""
    nlp, lexicon, gazetteer = get_nlp(), default_lexicon(), default_gazetteer()
    by_doc: dict[str, list[EventRecord]] = {}
    # A document's id is the record's place in the set: a set may hold two records under one
    # id (the PLOVER gold set does), and their events must not be pooled.
    for start in range(0, len(records), chunk):
        documents = [
            Document(
                doc_id=str(start + offset),
                text=record["text"],
                content_sha256=sha256_text(record["text"]),
                origin="bench",
                published_at=parse_published(record.get("date") or record.get("published")),
            )
            for offset, record in enumerate(records[start : start + chunk])
        ]
        for event in code_documents(documents, nlp, lexicon, gazetteer).events:
            by_doc.setdefault(event.doc_id, []).append(event)
    return [by_doc.get(str(index), []) for index in range(len(records))]


def main_event(events: list[EventRecord]) -> EventRecord | None:
    """The event parley would report first for a one-event gold sentence: the most confident."""
    if not events:
        return None
    return max(events, key=lambda e: (e.confidence, -e.sentence_index, -e.char_start))


def share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def reliability(pairs: list[tuple[float, bool]]) -> list[dict]:
    """Confidence bucket -> rows and share correct."""
    table = []
    for low, high in CONFIDENCE_BUCKETS:
        inside = [ok for conf, ok in pairs if low <= conf < high]
        table.append(
            {
                "bucket": f"{low:.1f}-{min(high, 1.0):.1f}",
                "rows": len(inside),
                "correct": share(sum(inside), len(inside)),
            }
        )
    return table


def evaluate_cameo(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    root_hits = code_hits = any_root = coded = 0
    pairs: list[tuple[float, bool]] = []
    confusion: Counter = Counter()
    for record, events in zip(records, predictions, strict=True):
        gold = record["gold"]["cameo"]
        top = main_event(events)
        if top is None:
            confusion[(gold[:2], "--")] += 1
            continue
        coded += 1
        root_ok = top.cameo_root == gold[:2]
        root_hits += root_ok
        code_hits += top.cameo_code == gold
        any_root += any(e.cameo_root == gold[:2] for e in events)
        pairs.append((top.confidence, root_ok))
        if not root_ok:
            confusion[(gold[:2], top.cameo_root)] += 1
    n = len(records)
    return {
        "examples": n,
        "coded": coded,
        "root_accuracy": share(root_hits, n),
        "code_accuracy": share(code_hits, n),
        "root_in_any_event": share(any_root, n),
        "reliability_root": reliability(pairs),
        "top_confusions": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in confusion.most_common(10)
        ],
    }


def _gold_countries(actors: list[dict]) -> set[str]:
    codes = set()
    for actor in actors:
        code = (actor.get("code") or "").upper()
        if code:
            codes.add(COUNTRY_ALIASES.get(code, code))
    return codes


def _predicted_country(code: str | None, country: str | None) -> str | None:
    if country:
        return country
    if code and code[:3] in INTERNATIONAL_PREFIXES:
        return code[:3]
    return None


def evaluate_plover(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    n = len(records)
    category_hits = 0
    source = [0, 0]  # hits, total
    target = [0, 0]
    sector = [0, 0]
    pairs: list[tuple[float, bool]] = []
    for record, events in zip(records, predictions, strict=True):
        gold = record["gold"]
        gold_category = PLOVER_RENAMES.get(gold["plover_event"], gold["plover_event"])
        top = main_event(events)
        ok = top is not None and top.plover_event == gold_category
        category_hits += ok
        if top is not None:
            pairs.append((top.confidence, ok))
        gold_sources = _gold_countries(gold["source_actors"])
        gold_targets = _gold_countries(gold["target_actors"])
        if gold_sources:
            source[1] += 1
            if top is not None:
                predicted = _predicted_country(top.actor1_code, top.actor1_country)
                source[0] += predicted in gold_sources
        if gold_targets:
            target[1] += 1
            if top is not None:
                predicted = _predicted_country(top.actor2_code, top.actor2_country)
                target[0] += predicted in gold_targets
        gold_sectors = {
            (a.get("sector") or "")[:3].upper() for a in gold["source_actors"] if a.get("sector")
        } - {"***", ""}
        if gold_sectors:
            sector[1] += 1
            if top is not None:
                sector[0] += top.actor1_role in gold_sectors
    return {
        "examples": n,
        "category_accuracy": share(category_hits, n),
        "source_country_accuracy": share(*source),
        "source_country_examples": source[1],
        "target_country_accuracy": share(*target),
        "target_country_examples": target[1],
        "source_sector_accuracy": share(*sector),
        "source_sector_examples": sector[1],
        "reliability_category": reliability(pairs),
    }


# CASE 2021 task 2 labels for ACLED sub-event types; DIPLO and ATTRIB come from CAMEO codes.
CASE_LABELS = {
    "Armed clash": "ARMED_CLASH",
    "Grenade": "GRENADE",
    "Disrupted weapons use": "DISR_WEAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Chemical weapon": "CHEM_WEAP",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Agreement": "AGREEMENT",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Attack": "ATTACK",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Sexual violence": "SEX_VIOL",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Mob violence": "MOB_VIOL",
    "Other": "OTHER",
}
DIPLOMATIC_ROOTS = frozenset({"02", "03", "04", "05", "06", "07", "10", "11", "12", "13", "16"})


def case_label(events: list[EventRecord]) -> str:
    """One CASE label for a snippet from parley's rows: ATTRIB when its most confident event is
    a claim or denial of responsibility (not "no group claimed responsibility"), else the most
    confident ACLED-typed event, else ATTRIB for any such claim, else DIPLO for a diplomatic
    event."""
    top = main_event(events)
    if top is not None and top.cameo_code in {"015", "016"} and not top.negated:
        return "ATTRIB"  # the snippet's own event is a claim or a denial of responsibility
    typed = [e for e in events if e.acled_sub_event_type]
    if typed:
        return CASE_LABELS[max(typed, key=lambda e: e.confidence).acled_sub_event_type]
    if any(e.cameo_code == "015" and not e.negated for e in events):
        return "ATTRIB"
    if any(e.cameo_root in DIPLOMATIC_ROOTS for e in events):
        return "DIPLO"
    return "NONE"


def evaluate_acled(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    """Snippet-level accuracy and weighted F1 on CASE 2021 task 2 labels."""
    gold = [r["gold"]["case_subtype"] for r in records]
    predicted = [case_label(events) for events in predictions]
    labels = sorted(set(gold))
    weighted_f1 = 0.0
    per_label = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        support = tp + fn
        weighted_f1 += f1 * support / len(gold)
        per_label[label] = {"f1": round(f1, 3), "support": support}
    hits = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "examples": len(records),
        "accuracy": share(hits, len(records)),
        "weighted_f1": round(weighted_f1, 4),
        "no_label": sum(1 for p in predicted if p == "NONE"),
        "per_label": per_label,
    }


def _place_name(text: str | None) -> str:
    """A venue as written, without its preposition: "in the town of Khanasir" -> "khanasir"."""
    if not text:
        return ""
    return text.lower().replace("’", "'").strip(" .,")


def _located(event: EventRecord | None, gold: list[str]) -> bool:
    if event is None:
        return False
    written = _place_name(event.location_text)
    canonical = _place_name(event.location)
    for place in gold:
        name = _place_name(place)
        if name and (name == canonical or name in written or (canonical and canonical in name)):
            return True
    return False


def evaluate_location(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    """Share of sentences with a gold event location whose event gets that location."""
    with_gold = hits = found_any = 0
    for record, events in zip(records, predictions, strict=True):
        # (642 records of event_location_more.jsonl have only zero-width location spans,
        # so an empty name: no gold place to find)
        gold = [place for place in record["gold"]["event_location"] if place.strip()]
        if not gold:
            continue
        with_gold += 1
        verbs = {v.lower() for v in record["gold"]["event_verb"]}
        matching = [e for e in events if e.action_text.lower() in verbs]
        event = max(matching, key=lambda e: e.confidence) if matching else main_event(events)
        found_any += event is not None and event.location_text is not None
        hits += _located(event, gold)
    return {
        "sentences_with_gold_location": with_gold,
        "location_accuracy": share(hits, with_gold),
        "any_location_given": share(found_any, with_gold),
    }


# Five-way CAMEO classes of the real-news set: statement or appeal (01-02), verbal cooperation
# (03-05), material cooperation (06-08), verbal conflict (09-13, 16), material conflict (14-15,
# 17-20).
PENTA_CLASS = {
    **dict.fromkeys(("01", "02"), 0),
    **dict.fromkeys(("03", "04", "05"), 1),
    **dict.fromkeys(("06", "07", "08"), 2),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4),
}


def evaluate_pentaclass(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    """Share of real news sentences whose most confident event is in the gold five-way class."""
    hits = coded = 0
    pairs: list[tuple[float, bool]] = []
    for record, events in zip(records, predictions, strict=True):
        top = main_event(events)
        if top is None:
            continue
        coded += 1
        ok = PENTA_CLASS.get(top.cameo_root) == record["gold"]["penta_class"]
        hits += ok
        pairs.append((top.confidence, ok))
    return {
        "examples": len(records),
        "coded": coded,
        "class_accuracy": share(hits, len(records)),
        "reliability_class": reliability(pairs),
    }


def _fold(text: str | None) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("-", " ").split())


def _iso3(country_name: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(country_name).alpha_3
    except LookupError:
        matches = pycountry.countries.search_fuzzy(country_name) if country_name else []
        return matches[0].alpha_3 if matches else None


def acled_row(events: list[EventRecord]) -> EventRecord | None:
    """The row a user would take as the note's event: the most confident ACLED-typed row, else
    the most confident row."""
    typed = [e for e in events if e.acled_event_type]
    return max(typed, key=lambda e: e.confidence) if typed else main_event(events)


def evaluate_acled_notes(records: list[dict], predictions: list[list[EventRecord]]) -> dict:
    """ACLED's own notes: event type and sub-type, the event's country, admin1, point within
    50 km of ACLED's, and event date, all read from one row per note."""
    counts = Counter()
    iso3_cache: dict[str, str | None] = {}
    pairs: list[tuple[float, bool]] = []
    for record, events in zip(records, predictions, strict=True):
        gold = record["gold"]
        row = acled_row(events)
        if row is None:
            continue
        counts["coded"] += 1
        counts["event_type"] += row.acled_event_type == gold["event_type"]
        counts["sub_event_type"] += row.acled_sub_event_type == gold["sub_event_type"]
        if row.acled_sub_event_type:
            pairs.append((row.confidence, row.acled_sub_event_type == gold["sub_event_type"]))
        name = gold["country"]
        if name not in iso3_cache:
            iso3_cache[name] = _iso3(name)
        counts["country"] += row.country_iso3 is not None and row.country_iso3 == iso3_cache[name]
        counts["admin1"] += bool(row.admin1) and _fold(row.admin1) == _fold(gold["admin1"])
        if row.latitude is not None and gold.get("latitude") is not None:
            near = (
                distance_km(row.latitude, row.longitude, gold["latitude"], gold["longitude"]) <= 50
            )
            counts["within_50km"] += near
        counts["placed"] += row.latitude is not None
        counts["date"] += row.event_date is not None and (
            row.event_date.isoformat() == gold["event_date"]
        )
    n = len(records)
    return {
        "examples": n,
        "coded": counts["coded"],
        "event_type_accuracy": share(counts["event_type"], n),
        "sub_event_type_accuracy": share(counts["sub_event_type"], n),
        "country_accuracy": share(counts["country"], n),
        "admin1_accuracy": share(counts["admin1"], n),
        "within_50km": share(counts["within_50km"], n),
        "placed": share(counts["placed"], n),
        "date_accuracy": share(counts["date"], n),
        "reliability_sub_event_type": reliability(pairs),
    }


# name -> (file in the dev folder, evaluator, [(metric, how many it is out of)]).
SETS: dict[str, tuple[str, Callable, list[tuple[str, str]]]] = {
    "cameo": (
        "cameo_manual_examples.jsonl",
        evaluate_cameo,
        [("root_accuracy", "examples"), ("code_accuracy", "examples")],
    ),
    "plover": (
        "plover_gsr.jsonl",
        evaluate_plover,
        [
            ("category_accuracy", "examples"),
            ("source_country_accuracy", "source_country_examples"),
            ("target_country_accuracy", "target_country_examples"),
            ("source_sector_accuracy", "source_sector_examples"),
        ],
    ),
    "pentaclass": (
        "cameo_pentaclass_news.jsonl",
        evaluate_pentaclass,
        [("class_accuracy", "examples")],
    ),
    "case": (
        "case2021_task2_dev.jsonl",
        evaluate_acled,
        [("accuracy", "examples"), ("weighted_f1", "examples")],
    ),
    "location": (
        "event_location_dev.jsonl",
        evaluate_location,
        [("location_accuracy", "sentences_with_gold_location")],
    ),
    "location_more": (
        "event_location_more.jsonl",
        evaluate_location,
        [("location_accuracy", "sentences_with_gold_location")],
    ),
    "acled_notes": (
        "acled_notes_dev.jsonl",
        evaluate_acled_notes,
        [
            ("event_type_accuracy", "examples"),
            ("sub_event_type_accuracy", "examples"),
            ("country_accuracy", "examples"),
            ("admin1_accuracy", "examples"),
            ("within_50km", "examples"),
            ("date_accuracy", "examples"),
        ],
    ),
}

# Targets for the check halves (the open issues name them).
TARGETS = {
    ("cameo", "root_accuracy"): 0.85,
    ("plover", "category_accuracy"): 0.80,
    ("plover", "source_country_accuracy"): 0.85,
    ("plover", "target_country_accuracy"): 0.85,
    ("pentaclass", "class_accuracy"): 0.88,
    ("case", "weighted_f1"): 0.72,
    ("location", "location_accuracy"): 0.85,
    ("location_more", "location_accuracy"): 0.85,
    ("acled_notes", "event_type_accuracy"): 0.85,
    ("acled_notes", "sub_event_type_accuracy"): 0.75,
    ("acled_notes", "country_accuracy"): 0.95,
    ("acled_notes", "admin1_accuracy"): 0.85,
    ("acled_notes", "within_50km"): 0.80,
    ("acled_notes", "date_accuracy"): 0.95,
}
HALVES = ("tune", "check")


def evaluate_set(name: str, records: list[dict]) -> dict:
    """Code every record once, then score each half."""
    _, evaluate, _ = SETS[name]
    predictions = code_texts(records)
    result = {}
    for which in HALVES:
        chosen = [i for i, r in enumerate(records) if half(r["id"]) == which]
        result[which] = evaluate([records[i] for i in chosen], [predictions[i] for i in chosen])
    return result


def print_table(results: dict) -> None:
    print(f"{'set':<13} {'metric':<24} {'tune':>7} {'n':>6} {'check':>7} {'n':>6} {'target':>7}")
    for name, (_, _, metrics) in SETS.items():
        if name not in results:
            continue
        for metric, count in metrics:
            target = TARGETS.get((name, metric))
            shown = f"{target:.0%}" if target else "-"
            tune, check = results[name]["tune"], results[name]["check"]
            print(
                f"{name:<13} {metric:<24} {tune[metric]:>7.1%} {tune[count]:>6} "
                f"{check[metric]:>7.1%} {check[count]:>6} {shown:>7}"
            )
    print("\nreliability on the check halves (confidence bucket -> share correct):")
    for name, key in (
        ("cameo", "reliability_root"),
        ("plover", "reliability_category"),
        ("pentaclass", "reliability_class"),
        ("acled_notes", "reliability_sub_event_type"),
    ):
        if name not in results:
            continue
        cells = "  ".join(
            f"{b['bucket']}: {b['correct']:.0%} of {b['rows']}" for b in results[name]["check"][key]
        )
        print(f"  {name:<10} {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-dir", type=Path, default=DEFAULT_DEV)
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help=f"comma-separated sets to measure (default: all of {', '.join(SETS)})",
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "accuracy.json")
    parser.add_argument(
        "--lowercase",
        action="store_true",
        help="code every text lower-cased, as lower-cased newswire is written (places and "
        "names are compared whatever their case)",
    )
    args = parser.parse_args(argv)
    if not args.dev_dir.is_dir():
        print(f"accuracy: {args.dev_dir} is absent: nothing to measure", file=sys.stderr)
        return 2
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    started = time.perf_counter()
    results: dict = {}
    for name in names:
        path = args.dev_dir / SETS[name][0]
        if not path.exists():
            print(f"accuracy: {path} is absent: {name} is not measured", file=sys.stderr)
            continue
        began = time.perf_counter()
        records = load_jsonl(path)
        if args.lowercase:
            records = [dict(record, text=record["text"].lower()) for record in records]
        results[name] = evaluate_set(name, records)
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
