"""Accuracy of parley's coding on the dev gold sets in ../shared/eval/dev/.

Runs the real pipeline (spaCy model, extractor, normalizer) on every gold sentence, prints a
table and writes JSON (default bench/results/accuracy.json).

    python bench/accuracy.py [--dev-dir ../shared/eval/dev] [--out bench/results/accuracy.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.mentions import extract_mentions  # noqa: E402
from extractors.nlp import get_nlp  # noqa: E402
from normalize.coding import code_events  # noqa: E402
from normalize.lexicon import INTERNATIONAL_PREFIXES, default_lexicon  # noqa: E402
from normalize.places import default_gazetteer  # noqa: E402
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


def code_texts(records: list[dict]) -> list[list[EventRecord]]:
    """Run the pipeline over each record's text; one list of events per record."""
    nlp, lexicon, gazetteer = get_nlp(), default_lexicon(), default_gazetteer()
    texts = [r["text"] for r in records]
    results = []
    for record, doc in zip(records, nlp.pipe(texts, batch_size=64), strict=True):
        document = Document(
            doc_id=record["id"],
            text=record["text"],
            content_sha256=sha256_text(record["text"]),
            origin="bench",
            published_at=parse_published(record.get("date")),
        )
        found = extract_mentions(doc, lexicon.event_nouns)
        results.append(code_events(document, found, lexicon, gazetteer))
    return results


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


def evaluate_cameo(records: list[dict]) -> dict:
    predictions = code_texts(records)
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


def evaluate_plover(records: list[dict]) -> dict:
    predictions = code_texts(records)
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


def evaluate_acled(records: list[dict]) -> dict:
    """Snippet-level accuracy and weighted F1 on CASE 2021 task 2 labels."""
    predictions = code_texts(records)
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


def evaluate_location(records: list[dict]) -> dict:
    """Share of sentences with a gold event location whose event gets that location."""
    predictions = code_texts(records)
    with_gold = hits = found_any = 0
    for record, events in zip(records, predictions, strict=True):
        gold = record["gold"]["event_location"]
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


TARGETS = {
    ("cameo", "root_accuracy"): 0.85,
    ("cameo", "code_accuracy"): 0.65,
    ("plover", "category_accuracy"): 0.75,
    ("plover", "source_country_accuracy"): 0.90,
    ("plover", "target_country_accuracy"): 0.80,
    ("location", "location_accuracy"): 0.80,
    ("acled", "weighted_f1"): 0.70,
}


def print_table(results: dict) -> None:
    print(f"{'set':<8} {'metric':<26} {'value':>7} {'target':>7}  n")
    rows: list[tuple[str, str, Callable[[dict], int]]] = [
        ("cameo", "root_accuracy", lambda r: r["examples"]),
        ("cameo", "code_accuracy", lambda r: r["examples"]),
        ("cameo", "root_in_any_event", lambda r: r["examples"]),
        ("plover", "category_accuracy", lambda r: r["examples"]),
        ("plover", "source_country_accuracy", lambda r: r["source_country_examples"]),
        ("plover", "target_country_accuracy", lambda r: r["target_country_examples"]),
        ("plover", "source_sector_accuracy", lambda r: r["source_sector_examples"]),
        ("location", "location_accuracy", lambda r: r["sentences_with_gold_location"]),
        ("location", "any_location_given", lambda r: r["sentences_with_gold_location"]),
        ("acled", "accuracy", lambda r: r["examples"]),
        ("acled", "weighted_f1", lambda r: r["examples"]),
    ]
    for name, metric, count in rows:
        target = TARGETS.get((name, metric))
        shown = f"{target:.0%}" if target else "-"
        value = results[name][metric]
        print(f"{name:<8} {metric:<26} {value:>7.1%} {shown:>7}  {count(results[name])}")
    print("\nreliability (confidence bucket -> share correct):")
    for name, key in (("cameo", "reliability_root"), ("plover", "reliability_category")):
        cells = "  ".join(
            f"{b['bucket']}: {b['correct']:.0%} of {b['rows']}" for b in results[name][key]
        )
        print(f"  {name:<7} {cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-dir", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "accuracy.json")
    args = parser.parse_args(argv)
    if not args.dev_dir.is_dir():
        print(f"accuracy: {args.dev_dir} is absent: nothing to measure", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results = {
        "cameo": evaluate_cameo(load_jsonl(args.dev_dir / "cameo_manual_examples.jsonl")),
        "plover": evaluate_plover(load_jsonl(args.dev_dir / "plover_gsr.jsonl")),
        "location": evaluate_location(load_jsonl(args.dev_dir / "event_location_dev.jsonl")),
        "acled": evaluate_acled(load_jsonl(args.dev_dir / "case2021_task2_dev.jsonl")),
    }
    results["seconds"] = round(time.perf_counter() - started, 1)
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
