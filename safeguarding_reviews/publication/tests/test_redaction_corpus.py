"""The redaction check scored over a corpus of synthetic draft reports (issue 15 item 4).

The corpus is in data/redaction_corpus/. Each report NN-name has:
- NN-name.marked.txt: the draft as written, with each planted leak marked [[kind:text]] and each decoy (what
  must not be found: a citation sharing the surname, an agency, an ordinary word, a meeting date...) {{text}};
- NN-name.txt: the same draft without the marks (what the check reads);
- NN-name.annotations.json: {"leaks": [{"start", "end", "kind", "text"}], "decoys": [...]}, offsets into
  NN-name.txt, made from the marks so they are always right;
- NN-name.identity.json: what the case holds (the JSON `manage.py redaction_check --identity` reads).

The scoring rule is issue 15's: a finding matches a leak when their character ranges overlap; recall is the
share of leaks some finding overlaps; a finding that overlaps no identifier of the case and no generic shape
(postcode, NHS number, phone, email) is a false alarm, and precision is the share of findings that are not.
Every identifier and every generic shape in the corpus is marked as a leak, so a finding overlapping no leak
is a false alarm. Targets: recall 1.00, precision at least 0.95.

After editing a marked file, regenerate the plain text and annotations:
    .venv/bin/python -m safeguarding_reviews.publication.tests.test_redaction_corpus
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from safeguarding_reviews.redaction.engine import KINDS, Finding, find_identifiers, identity_from_json

CORPUS = Path(__file__).with_name("data") / "redaction_corpus"
MARK = re.compile(r"\[\[(?P<kind>[a-z_]+):(?P<leak>.+?)\]\]|\{\{(?P<decoy>.+?)\}\}", re.DOTALL)


def build(marked: str) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """The plain text and its annotations, from a marked draft."""
    pieces: list[str] = []
    leaks: list[dict[str, Any]] = []
    decoys: list[dict[str, Any]] = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        pieces.append(before)
        length += len(before)
        inner = match.group("leak") if match.group("kind") else match.group("decoy")
        record = {"start": length, "end": length + len(inner), "text": inner}
        if match.group("kind"):
            if match.group("kind") not in KINDS:
                raise ValueError(f"unknown kind {match.group('kind')!r} in {match.group()!r}")
            leaks.append({**record, "kind": match.group("kind")})
        else:
            decoys.append(record)
        pieces.append(inner)
        length += len(inner)
        position = match.end()
    pieces.append(marked[position:])
    return "".join(pieces), {"leaks": leaks, "decoys": decoys}


def reports() -> list[str]:
    return sorted(p.name.removesuffix(".marked.txt") for p in CORPUS.glob("*.marked.txt"))


def load(name: str) -> tuple[str, dict[str, Any], dict[str, list[dict[str, Any]]]]:
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    identity = json.loads((CORPUS / f"{name}.identity.json").read_text(encoding="utf-8"))
    annotations = json.loads((CORPUS / f"{name}.annotations.json").read_text(encoding="utf-8"))
    return text, identity, annotations


def overlaps(a: dict[str, Any] | Finding, b: dict[str, Any] | Finding) -> bool:
    a_start, a_end = (a.start, a.end) if isinstance(a, Finding) else (a["start"], a["end"])
    b_start, b_end = (b.start, b.end) if isinstance(b, Finding) else (b["start"], b["end"])
    return a_start < b_end and b_start < a_end


def score(findings: list[Finding], leaks: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """The leaks no finding overlaps, and the findings that overlap no leak (false alarms)."""
    missed = [leak for leak in leaks if not any(overlaps(f, leak) for f in findings)]
    false_alarms = [f for f in findings if not any(overlaps(f, leak) for leak in leaks)]
    return missed, false_alarms


def test_the_corpus_files_match_their_marks() -> None:
    names = reports()
    assert len(names) >= 10
    for name in names:
        text, annotations = build((CORPUS / f"{name}.marked.txt").read_text(encoding="utf-8"))
        assert (CORPUS / f"{name}.txt").read_text(encoding="utf-8") == text, f"{name}: regenerate the corpus"
        stored = json.loads((CORPUS / f"{name}.annotations.json").read_text(encoding="utf-8"))
        assert stored == annotations, f"{name}: regenerate the corpus"
        for leak in annotations["leaks"]:
            assert text[leak["start"] : leak["end"]] == leak["text"]


def test_the_corpus_is_large_enough_and_covers_every_kind() -> None:
    leaks = [leak for name in reports() for leak in load(name)[2]["leaks"]]
    decoys = [decoy for name in reports() for decoy in load(name)[2]["decoys"]]
    assert len(leaks) >= 150
    assert len(decoys) >= len(leaks)
    assert {leak["kind"] for leak in leaks} == set(KINDS)


def test_recall_and_precision_over_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    total_leaks = total_findings = total_missed = total_false = 0
    lines = []
    for name in reports():
        text, identity, annotations = load(name)
        findings = find_identifiers(identity_from_json(identity), text)
        missed, false_alarms = score(findings, annotations["leaks"])
        total_leaks += len(annotations["leaks"])
        total_findings += len(findings)
        total_missed += len(missed)
        total_false += len(false_alarms)
        lines.append(
            f"{name}: {len(annotations['leaks'])} leaks, {len(annotations['decoys'])} decoys, "
            f"{len(findings)} findings, {len(missed)} missed, {len(false_alarms)} false alarms"
        )
        lines.extend(f"    missed {leak['kind']}: {leak['text']!r}" for leak in missed)
        lines.extend(f"    false alarm {f.kind}: {f.text!r} at {f.start}" for f in false_alarms)
    recall = (total_leaks - total_missed) / total_leaks
    precision = (total_findings - total_false) / total_findings if total_findings else 1.0
    with capsys.disabled():
        print("\nRedaction corpus")
        print("\n".join(lines))
        print(f"recall {recall:.3f} ({total_leaks - total_missed}/{total_leaks})")
        print(f"precision {precision:.3f} ({total_findings - total_false}/{total_findings})")
    assert recall == 1.0
    assert precision >= 0.95


def test_no_decoy_is_a_finding_on_its_own() -> None:
    """Beyond the score: every decoy (citation, agency, ordinary word, meeting date...) stays unflagged."""
    flagged: list[tuple[str, str]] = []
    for name in reports():
        text, identity, annotations = load(name)
        findings = find_identifiers(identity_from_json(identity), text)
        flagged.extend(
            (name, decoy["text"])
            for decoy in annotations["decoys"]
            if any(overlaps(f, decoy) for f in findings)
        )
    assert flagged == []


def regenerate() -> None:
    for name in reports():
        text, annotations = build((CORPUS / f"{name}.marked.txt").read_text(encoding="utf-8"))
        (CORPUS / f"{name}.txt").write_text(text, encoding="utf-8")
        (CORPUS / f"{name}.annotations.json").write_text(
            json.dumps(annotations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    regenerate()
