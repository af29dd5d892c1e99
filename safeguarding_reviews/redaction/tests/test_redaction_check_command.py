"""manage.py redaction_check: the engine on a UTF-8 text file, JSON or readable output, clear errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

IDENTITY = {
    "pseudonym": "Child J",
    "people": [
        {
            "role": "child",
            "first_names": "Jayden",
            "last_name": "Okafor-Reid",
            "known_as": ["JJ"],
            "date_of_birth": "2019-03-11",
            "nhs_number": "943 476 5919",
        }
    ],
    "addresses": [{"line1": "14 Larch Close", "town": "Northbridge", "postcode": "NB1 4XY"}],
    "schools": ["St Mary's Church of England Primary School"],
    "incident_date": "2023-06-04",
}
TEXT = (
    "Child J (Jayden) was born on 11/03/2019.\nHe lived at 14 Larch Close, NB1 4XY.\n"
    + "Été: JJ went to St Mary's.\n"
)


def run(tmp_path: Path, *extra: str, identity: object = IDENTITY, text: str | bytes = TEXT) -> str:
    identity_path = tmp_path / "identity.json"
    identity_path.write_text(
        json.dumps(identity) if not isinstance(identity, str) else identity, encoding="utf-8"
    )
    text_path = tmp_path / "report.txt"
    if isinstance(text, bytes):
        text_path.write_bytes(text)
    else:
        text_path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "redaction_check", "--identity", str(identity_path), "--text", str(text_path), *extra, stdout=out
    )
    return out.getvalue()


def test_json_output_is_the_list_of_findings_with_character_offsets(tmp_path: Path) -> None:
    findings = json.loads(run(tmp_path, "--format", "json"))
    assert isinstance(findings, list) and findings
    for finding in findings:
        assert set(finding) == {"start", "end", "kind", "text"}
        assert TEXT[finding["start"] : finding["end"]] == finding["text"]
    assert [(f["kind"], f["text"]) for f in findings] == [
        ("name", "Jayden"),
        ("dob", "11/03/2019"),
        ("address", "14 Larch Close"),
        ("postcode", "NB1 4XY"),
        ("name", "JJ"),
        ("school", "St Mary's"),
    ]


def test_offsets_count_characters_not_bytes(tmp_path: Path) -> None:
    findings = json.loads(run(tmp_path, "--format", "json"))
    school = next(f for f in findings if f["kind"] == "school")
    assert school["start"] == TEXT.index("St Mary's")  # after "Été", two bytes each in UTF-8


def test_readable_output_lists_each_finding_with_its_place_and_words_around(tmp_path: Path) -> None:
    output = run(tmp_path)
    lines = output.strip().splitlines()
    assert lines[0].startswith("1:10\tname\tJayden\t")
    assert "[11/03/2019]" in lines[1]
    assert lines[-1] == "6 findings."


def test_no_findings(tmp_path: Path) -> None:
    assert run(tmp_path, text="Child J was seen.").strip() == "No identifying details found."
    assert json.loads(run(tmp_path, "--format", "json", text="Child J was seen.")) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"identity": "{not json"}, "is not valid JSON"),
        ({"identity": {"people": "Jayden"}}, "people must be a list"),
        ({"identity": {"incident_date": "4 June 2023"}}, "not a date written YYYY-MM-DD"),
        ({"text": b"\xff\xfe\x00bad"}, "is not UTF-8 text"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(tmp_path, **kwargs)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "identity.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read the text file"):
        call_command(
            "redaction_check",
            "--identity",
            str(tmp_path / "identity.json"),
            "--text",
            str(tmp_path / "none.txt"),
        )
    with pytest.raises(CommandError, match="Cannot read the identity file"):
        call_command(
            "redaction_check", "--identity", str(tmp_path / "none.json"), "--text", str(tmp_path / "x")
        )


def test_the_command_fails_without_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "identity.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "report.txt").write_text("text", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "redaction_check",
            "--identity",
            str(tmp_path / "identity.json"),
            "--text",
            str(tmp_path / "report.txt"),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )
    assert result.returncode == 1
    assert "The identity must be an object" in result.stderr
    assert "Traceback" not in result.stderr
