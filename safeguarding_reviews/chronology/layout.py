"""Any agency's chronology layout: find the heading row, suggest which column feeds which field, and map the
free-text type of event onto the managed event types. Pure: no Django; table-tested.

Matching is general, never tuned to one file: headings and values are normalised (case, punctuation, "/" and
"&", plurals, word order, abbreviations such as "desc", "no." and "ref") and compared with the synonym table
(`SYNONYMS`, exact phrases, any word order) and then with the keyword rules (`KEYWORDS`, every word of a rule
present in the heading, first rule wins). docs/chronology.md lists the same table (a test keeps them in step).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .reading import HEAD_ROWS, Formula, Grid, column_letter, is_blank

# The canonical fields a column can feed, with what each holds.
FIELDS: dict[str, str] = {
    "date": "Date (and the time, when the column holds both)",
    "time": "Time",
    "source_record": "Source record or system reference",
    "event_type": "Type of event (mapped onto the managed list)",
    "what_happened": "What happened",
    "action_taken": "Action taken",
    "outcome": "Outcome or next steps",
    "analysis": "Analysis, impact or comment",
    "practitioner_role": "Practitioner (role)",
    "who_was_seen": "Who was seen",
    "key_episode": "Key episode (yes or no)",
    "agency": "Agency (the app's own template only)",
    "precision": "Date precision (the app's own template only)",
    "ignore": "Not imported",
}
# Fields that several columns may feed: their texts are joined, each under its heading.
TEXT_FIELDS = (
    "what_happened",
    "action_taken",
    "outcome",
    "analysis",
    "source_record",
    "practitioner_role",
    "who_was_seen",
)
NARRATIVE_FIELDS = ("what_happened", "action_taken", "outcome", "analysis")

# Exact headings (after normalising; any word order). Listed in docs/chronology.md.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "date of contact",
        "contact date",
        "event date",
        "date of event",
        "incident date",
        "date of incident",
        "occurrence date",
        "date of occurrence",
        "date of concern",
        "date seen",
        "date of visit",
        "date of appointment",
        "appointment date",
        "date of involvement",
        "when",
        "date and time",
        "date time",
        "date of contact and time",
        "date recorded",
        "date entered",
        "entry date",
        "dates",
        "date range",
        "date from",
        "month",
        "week commencing",
        "week beginning",
    ),
    "time": ("time", "time of contact", "time of event", "time of incident", "start time", "time seen"),
    "source_record": (
        "source",
        "source record",
        "record",
        "system",
        "system reference",
        "reference",
        "reference number",
        "occurrence reference",
        "occurrence number",
        "incident number",
        "crime number",
        "log number",
        "case number",
        "record number",
        "record id",
        "source of information",
        "document",
        "where recorded",
    ),
    "event_type": (
        "event",
        "event type",
        "type",
        "type of contact",
        "contact type",
        "type of event",
        "category",
        "incident type",
        "type of incident",
        "nature of contact",
        "activity",
        "episode type",
        "record type",
        "method of contact",
        "form of contact",
    ),
    "what_happened": (
        "what happened",
        "summary",
        "details",
        "detail of contact",
        "details of event",
        "event details",
        "narrative",
        "description",
        "concern",
        "incident concern",
        "significant event",
        "notes",
        "case notes",
        "entry",
        "information",
        "summary of contact",
        "summary of event",
        "summary of incident",
        "brief description",
        "account",
    ),
    "action_taken": (
        "action taken",
        "action",
        "actions",
        "response",
        "action taken outcome",
        "intervention",
        "what was done",
    ),
    "outcome": ("outcome", "next steps", "outcome plan", "plan", "result", "decision", "outcome next steps"),
    "analysis": (
        "analysis",
        "impact",
        "impact on child",
        "comment",
        "comments",
        "agency comment",
        "reflection",
        "significance",
        "professional view",
        "learning",
        "analysis of involvement",
    ),
    "practitioner_role": (
        "practitioner",
        "practitioner role",
        "role",
        "worker",
        "clinician",
        "recorded by",
        "staff member",
        "staff",
        "officer",
        "professional",
        "professional involved",
        "author",
        "completed by",
        "entered by",
        "seen by",
        "designation",
        "role of worker",
    ),
    "who_was_seen": (
        "who was seen",
        "subject",
        "patient",
        "person seen",
        "persons involved",
        "people present",
        "child seen",
        "family member",
        "with whom",
        "who",
    ),
    "key_episode": ("key episode", "key practice episode", "key event", "key"),
    "agency": ("agency", "organisation", "service"),
    "precision": ("precision", "date precision"),
    "ignore": ("date of birth", "dob", "age", "number", "row", "line", "item", "sequence"),
}

# When no exact phrase matches: the first rule whose words are all in the heading decides.
KEYWORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (name, frozenset(words.split()))
    for name, words in (
        ("ignore", "birth"),
        ("ignore", "dob"),
        ("ignore", "age"),
        ("ignore", "duration"),
        ("ignore", "time spent"),
        ("ignore", "nhs"),
        ("ignore", "upn"),
        ("ignore", "postcode"),
        ("ignore", "national insurance"),
        ("practitioner_role", "recorded by"),
        ("practitioner_role", "completed by"),
        ("practitioner_role", "entered by"),
        ("practitioner_role", "seen by"),
        ("practitioner_role", "written by"),
        ("practitioner_role", "input by"),
        ("date", "date time"),
        ("date", "date"),
        ("time", "time"),
        ("source_record", "reference"),
        ("source_record", "number"),
        ("source_record", "source"),
        ("source_record", "system"),
        ("source_record", "record"),
        ("source_record", "identifier"),
        ("source_record", "log"),
        ("who_was_seen", "who seen"),
        ("who_was_seen", "person seen"),
        ("who_was_seen", "present"),
        ("who_was_seen", "family member"),
        ("who_was_seen", "attendee"),
        ("who_was_seen", "seen"),
        ("analysis", "risk"),
        ("analysis", "relevance"),
        ("action_taken", "response"),
        ("action_taken", "intervention"),
        ("event_type", "type"),
        ("event_type", "category"),
        ("key_episode", "significant y n"),
        ("key_episode", "significant yes number"),
        ("analysis", "analysis"),
        ("analysis", "why"),
        ("analysis", "impact"),
        ("what_happened", "note"),
        ("analysis", "comment"),
        ("analysis", "reflection"),
        ("analysis", "significance"),
        ("what_happened", "what happened"),
        ("what_happened", "account"),
        ("what_happened", "detail"),
        ("what_happened", "narrative"),
        ("what_happened", "summary"),
        ("what_happened", "description"),
        ("what_happened", "concern"),
        ("what_happened", "note"),
        ("what_happened", "significant"),
        ("what_happened", "information"),
        ("action_taken", "action"),
        ("outcome", "outcome"),
        ("outcome", "next step"),
        ("outcome", "plan"),
        ("outcome", "decision"),
        ("outcome", "follow"),
        ("event_type", "event"),
        ("event_type", "method"),
        ("event_type", "mode"),
        ("event_type", "nature"),
        ("what_happened", "incident"),
        ("what_happened", "occurrence"),
        ("what_happened", "reason"),
        ("what_happened", "issue"),
        ("what_happened", "entry"),
        ("key_episode", "key"),
        ("practitioner_role", "practitioner"),
        ("practitioner_role", "worker"),
        ("practitioner_role", "clinician"),
        ("practitioner_role", "staff"),
        ("practitioner_role", "officer"),
        ("practitioner_role", "professional"),
        ("practitioner_role", "role"),
        ("practitioner_role", "author"),
        ("practitioner_role", "job"),
        ("who_was_seen", "subject"),
        ("who_was_seen", "patient"),
        ("who_was_seen", "person"),
        ("who_was_seen", "people"),
        ("who_was_seen", "individual"),
        ("agency", "agency"),
        ("agency", "organisation"),
        ("precision", "precision"),
    )
)
# Fields that take one column: when several headings match, the best match wins (exact beats keyword; the
# dates an event happened beat the dates it was typed in), then the leftmost.
SINGLE_FIELDS = ("date", "time", "event_type", "key_episode", "agency", "precision")
# A date heading with one of these words is when the entry was typed, not when the event happened.
TYPED_WORDS = frozenset(
    {"recorded", "entered", "input", "created", "updated", "printed", "logged", "typed", "entry"}
)

ABBREVIATIONS = {
    "desc": "description",
    "descr": "description",
    "no": "number",
    "num": "number",
    "nbr": "number",
    "nr": "number",
    "ref": "reference",
    "refs": "reference",
    "info": "information",
    "urn": "unique reference number",
    "approx": "approximate",
    "org": "organisation",
    "organization": "organisation",
    "dept": "department",
    "prof": "professional",
    "hrs": "time",
    "id": "identifier",
    "tel": "telephone",
    "yp": "young person",
    "d.o.b": "dob",
    "amp": "and",
}
STOPWORDS = frozenset(
    {"of", "the", "a", "an", "and", "or", "to", "for", "in", "on", "at", "with", "if", "any"}
)
KEEP_S = ("ss", "us", "is", "ys")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def words(text: Any) -> list[str]:
    """Normalised words: lower case, accents and punctuation gone, "&" read as "and", abbreviations expanded,
    plurals made singular, stop words dropped. "D.O.B" is "dob"."""
    raw = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    raw = raw.replace("&", " and ").replace("+", " and ")
    raw = re.sub(r"\b(?:[a-z]\.){2,}[a-z]?\b\.?", lambda m: m.group(0).replace(".", ""), raw)
    tokens = re.findall(r"[a-z0-9]+", raw)
    if len(tokens) > 1 and all(len(token) == 1 and token.isalpha() for token in tokens):
        tokens = ["".join(tokens)]  # "d o b", "d / o / b"
    out: list[str] = []
    for token in tokens:
        for part in ABBREVIATIONS.get(token, token).split():
            part = _singular(part)
            if part not in STOPWORDS:
                out.append(part)
    return out


def normalise(text: Any) -> str:
    return " ".join(words(text))


def _key(text: Any) -> frozenset[str]:
    return frozenset(words(text))


_EXACT: dict[frozenset[str], str] = {}
for _field, _phrases in SYNONYMS.items():
    for _phrase in _phrases:
        _EXACT.setdefault(_key(_phrase), _field)


@dataclass(frozen=True)
class HeadingMatch:
    field: str
    score: int  # 3 an exact synonym, 2 an exact synonym without words in brackets, 1 a keyword rule


def heading_field(heading: Any) -> HeadingMatch | None:
    """Which field a heading names, if any."""
    text = str(heading).strip()
    if not text or len(text) > 200:
        return None
    key = _key(text)
    if not key:
        return None
    if key in _EXACT:
        score = 3
        if _EXACT[key] == "date" and key & TYPED_WORDS:
            score = 0
        return HeadingMatch(_EXACT[key], score)
    without_brackets = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    key2 = _key(without_brackets)
    if key2 and key2 in _EXACT:
        return HeadingMatch(_EXACT[key2], 2)
    if len(key) > 8:
        return None  # a sentence, not a heading
    for name, needed in KEYWORDS:
        if needed <= key:
            return HeadingMatch(name, 0 if name == "date" and key & TYPED_WORDS else 1)
    return None


@dataclass(frozen=True)
class Column:
    index: int  # 0 is column A
    letter: str
    heading: str  # unique within the file: a repeated heading gets " (column E)"


@dataclass
class Layout:
    header_row: int  # the sheet's row number
    columns: list[Column]
    mapping: dict[int, str]  # column index → field (columns not in it are not imported)
    warnings: list[str] = field(default_factory=list)

    def heading_mapping(self) -> dict[str, str]:
        """{"column heading": "field"} for the mapped columns, in column order."""
        by_index = {column.index: column.heading for column in self.columns}
        return {by_index[index]: name for index, name in sorted(self.mapping.items())}

    def columns_for(self, name: str) -> list[Column]:
        return [column for column in self.columns if self.mapping.get(column.index) == name]

    def column(self, index: int) -> Column:
        for column in self.columns:
            if column.index == index:
                return column
        return Column(index, column_letter(index), f"Column {column_letter(index)}")


def _text(value: Any) -> str:
    if value is None or isinstance(value, Formula):
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def filled_row(grid: Grid, number: int, cells: Sequence[Any]) -> list[Any]:
    """A heading row with merged ranges filled in: a merged cell's value is copied into every cell it covers
    (across and down), so "Details" merged over two columns, or "Date" merged over two heading rows, is seen
    in each."""
    values = list(cells)
    needed = [m for m in grid.merged if m[0] <= number <= m[2]]
    if not needed:
        return values
    by_number = dict(grid.rows)
    for min_row, min_col, _max_row, max_col in needed:
        source = by_number.get(min_row, ())
        value = source[min_col - 1] if min_col - 1 < len(source) else None
        if is_blank(value):
            continue
        for col in range(min_col, max_col + 1):
            while len(values) < col:
                values.append(None)
            if is_blank(values[col - 1]):
                values[col - 1] = value
    return values


LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")
DATE_LIKE = re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")


def _row_score(cells: Sequence[Any], extra: Mapping[str, str] | None) -> tuple[int, bool]:
    """(how many cells name a field, whether one of them is the date)."""
    score, has_date = 0, False
    overrides = {normalise(key) for key in (extra or {})}
    for value in cells:
        text = _text(value)
        if not text:
            if not is_blank(value):
                return 0, False  # a date, a number: a data row, not headings
            continue
        if LABEL_VALUE.match(text):
            continue  # "Agency: Alphashire Police" is a title line, not a heading
        match = heading_field(text)
        if match is None and DATE_LIKE.search(text):
            return 0, False  # "01/02/2025": a data row, not headings
        if normalise(text) in overrides:
            score += 1
            has_date = has_date or (extra or {}).get(text) == "date"
        elif match is not None and match.field != "ignore":
            score += 1
            has_date = has_date or match.field == "date"
    return score, has_date


def find_heading_row(
    grid: Grid, *, mapping: Mapping[str, str] | None = None, need_date: bool = True
) -> tuple[int, list[Any]] | None:
    """The heading row among the first HEAD_ROWS non-blank rows: the row with the most cells that name a
    field, one of them the date (or, with a mapping, the row holding its headings; or, with `need_date`
    False, any two fields). Title rows above it are skipped. Returns (row number, cells with merges filled)
    or None."""
    best: tuple[int, int, list[Any]] | None = None
    for number, cells in grid.rows[:HEAD_ROWS]:
        filled = filled_row(grid, number, cells)
        score, has_date = _row_score(filled, mapping)
        if score < 2 or not (has_date or mapping or not need_date):
            continue
        if best is None or score > best[0]:
            best = (score, number, filled)
    if best is None:
        return None
    return best[1], best[2]


def _columns(cells: Sequence[Any]) -> list[Column]:
    columns: list[Column] = []
    seen: set[str] = set()
    for index, value in enumerate(cells):
        heading = _text(value) or (str(value) if not is_blank(value) else "")
        if not heading:
            continue
        label = heading
        if label.lower() in seen:
            label = f"{heading} (column {column_letter(index)})"
        seen.add(label.lower())
        columns.append(Column(index, column_letter(index), label))
    return columns


def suggest_mapping(columns: Sequence[Column]) -> dict[int, str]:
    """Column index → field from the headings alone (see the module's docstring)."""
    matches = {column.index: heading_field(column.heading) for column in columns}
    mapping: dict[int, str] = {}
    for column in columns:
        match = matches[column.index]
        if match is None or match.field == "ignore":
            continue
        if match.field in SINGLE_FIELDS:
            # {column index: its heading's score} for the columns matching the same field.
            rivals = {
                other.index: m.score
                for other in columns
                if (m := matches[other.index]) is not None and m.field == match.field
            }
            best = max(rivals, key=lambda index: (rivals[index], -index))
            if best != column.index:
                continue
        mapping[column.index] = match.field
    return mapping


def build_layout(
    grid: Grid, *, mapping: Mapping[str, str] | None = None, today: dt.date | None = None
) -> tuple[Layout | None, list[str]]:
    """The heading row and the suggested mapping, with `mapping` ({"column heading": "field"}) overriding the
    suggestion for the headings it names ("ignore" drops a column). When no heading names the date (or what
    happened), the column whose cells are mostly dates (or the longest text) is suggested, with a warning.
    Returns (layout or None, errors)."""
    found = find_heading_row(grid, mapping=mapping) or find_heading_row(
        grid, mapping=mapping, need_date=False
    )
    if found is None:
        return None, [
            "No heading row was found in the first rows: the chronology needs a row of column headings "
            "(for example Date, What happened) above the entries"
        ]
    number, cells = found
    columns = _columns(cells)
    suggestion = suggest_mapping(columns)
    errors: list[str] = []
    if mapping:
        by_heading = {column.heading: column for column in columns}
        by_normal = {normalise(column.heading): column for column in columns}
        for heading, name in mapping.items():
            column = by_heading.get(heading) or by_normal.get(normalise(heading))
            if column is None:
                errors.append(f"The mapping names a column “{heading}” that is not in the heading row")
                continue
            if name not in FIELDS:
                errors.append(f"The mapping gives “{heading}” the field “{name}”, which is not a field")
                continue
            if name in SINGLE_FIELDS:
                for index, other in list(suggestion.items()):
                    if other == name:
                        del suggestion[index]
            if name == "ignore":
                suggestion.pop(column.index, None)
            else:
                suggestion[column.index] = name
        single = [name for name in SINGLE_FIELDS if list(suggestion.values()).count(name) > 1]
        for name in single:
            errors.append(f"Only one column can be the {FIELDS[name].lower()}")
    layout = Layout(header_row=number, columns=columns, mapping=suggestion)
    if not mapping:
        _by_content(grid, layout, today or dt.date(2199, 12, 31))
    unused = [column.heading for column in columns if column.index not in suggestion]
    if unused:
        names = ", ".join(f"“{heading}”" for heading in unused)
        layout.warnings.append(f"These columns are not imported: {names}")
    return layout, errors


def _by_content(grid: Grid, layout: Layout, today: dt.date) -> None:
    """No heading names the date, or what happened: look at the cells under the headings instead."""
    sample = [cells for number, cells in grid.rows if number > layout.header_row][:50]
    free = [column for column in layout.columns if column.index not in layout.mapping]
    if not sample or not free:
        return
    if "date" not in layout.mapping.values():
        best, best_ratio = None, 0.6
        for column in free:
            values = [cells[column.index] for cells in sample if column.index < len(cells)]
            values = [value for value in values if not is_blank(value)]
            if len(values) < 2:
                continue
            ratio = sum(1 for value in values if _is_date(value, today)) / len(values)
            if ratio > best_ratio:
                best, best_ratio = column, ratio
        if best is not None:
            layout.mapping[best.index] = "date"
            free.remove(best)
            layout.warnings.append(f"“{best.heading}” holds dates, so it is read as the date")
    if not any(name in NARRATIVE_FIELDS for name in layout.mapping.values()):
        lengths = []
        for column in free:
            texts = [_text(cells[column.index]) for cells in sample if column.index < len(cells)]
            texts = [text for text in texts if text]
            if texts:
                lengths.append((sum(len(text) for text in texts) / len(texts), -column.index, column))
        if lengths:
            average, _, column = max(lengths, key=lambda item: (item[0], item[1]))
            if average >= 12:
                layout.mapping[column.index] = "what_happened"
                layout.warnings.append(
                    f"“{column.heading}” holds the longest text, so it is read as what happened"
                )


def _is_date(value: Any, today: dt.date) -> bool:
    from .dates import DateProblem, parse_date

    try:
        parse_date(value, today=today)
    except DateProblem:
        return False
    return True


def choose_sheet(
    grids: Sequence[Grid], *, mapping: Mapping[str, str] | None = None
) -> tuple[Grid | None, str]:
    """With several visible sheets and none named: the first whose heading row names both the date and what
    happened (a cover sheet's "Version | Date | Author" table names no narrative), else the first with any
    heading row, else the first sheet; and a sentence saying which was read."""
    if not grids:
        return None, ""
    if len(grids) == 1:
        return grids[0], ""
    names = ", ".join(f"“{g.name}”" for g in grids)
    fallback = None
    for grid in grids:
        found = find_heading_row(grid, mapping=mapping)
        if found is None:
            continue
        fields = set(suggest_mapping(_columns(found[1])).values())
        if mapping or ("date" in fields and fields & set(NARRATIVE_FIELDS)):
            return (
                grid,
                f"The sheet “{grid.name}” was read: the first with a chronology's headings "
                f"({names} are visible)",
            )
        fallback = fallback or grid
    if fallback is not None:
        return (
            fallback,
            f"The sheet “{fallback.name}” was read: the first with column headings ({names} are visible)",
        )
    return grids[0], f"The sheet “{grids[0].name}” was read; none has recognisable column headings ({names})"


# The type of event: free text onto the managed list (ChronologyEventType's codes; a test keeps them equal).
EVENT_TYPE_CODES = (
    "contact",
    "home_visit",
    "referral",
    "assessment",
    "strategy_discussion",
    "conference",
    "meeting",
    "health_appointment",
    "hospital_attendance",
    "police_incident",
    "education",
    "missed_appointment",
    "information_shared",
    "other",
)
EVENT_TYPE_VALUES: dict[str, str] = {
    **{
        phrase: "contact"
        for phrase in (
            "contact",
            "contact with child or family",
            "phone call",
            "telephone call",
            "telephone contact",
            "telephone",
            "call",
            "email",
            "letter",
            "text message",
            "face to face",
            "office visit",
            "direct work",
            "visit to office",
            "phone",
            "message",
            "video call",
            "virtual contact",
        )
    },
    **{
        phrase: "home_visit"
        for phrase in (
            "home visit",
            "visit",
            "unannounced home visit",
            "announced home visit",
            "statutory visit",
            "new birth visit",
            "visit home",
            "hv",
            "home visit unannounced",
            "home visit announced",
        )
    },
    **{
        phrase: "referral"
        for phrase in (
            "referral",
            "referral received",
            "referral made",
            "mash referral",
            "contact and referral",
            "referral to children social care",
            "onward referral",
            "self referral",
        )
    },
    **{
        phrase: "assessment"
        for phrase in (
            "assessment",
            "child and family assessment",
            "single assessment",
            "initial assessment",
            "core assessment",
            "early help assessment",
            "section 47 enquiry",
            "s47",
            "section 47",
            "s47 enquiry",
            "risk assessment",
            "health assessment",
        )
    },
    **{
        phrase: "strategy_discussion"
        for phrase in (
            "strategy discussion",
            "strategy meeting",
            "strat",
            "strategy",
            "strategy discussion meeting",
        )
    },
    **{
        phrase: "conference"
        for phrase in (
            "child protection conference or core group",
            "child protection conference",
            "icpc",
            "rcpc",
            "initial child protection conference",
            "review child protection conference",
            "core group",
            "core group meeting",
            "cp conference",
            "conference",
        )
    },
    **{
        phrase: "meeting"
        for phrase in (
            "meeting",
            "multi agency meeting",
            "professionals meeting",
            "tac meeting",
            "team around child",
            "team around family",
            "cin meeting",
            "child in need meeting",
            "lac review",
            "mdt",
            "multi disciplinary meeting",
            "marac",
        )
    },
    **{
        phrase: "health_appointment"
        for phrase in (
            "health appointment",
            "gp appointment",
            "gp",
            "appointment",
            "clinic",
            "clinic appointment",
            "immunisation",
            "antenatal",
            "antenatal appointment",
            "developmental review",
            "health review",
            "health visitor contact",
            "gp consultation",
            "consultation",
            "outpatient",
            "outpatient appointment",
        )
    },
    **{
        phrase: "hospital_attendance"
        for phrase in (
            "hospital attendance",
            "a and e attendance",
            "a and e",
            "ae",
            "ed attendance",
            "emergency department",
            "emergency department attendance",
            "admission",
            "hospital admission",
            "inpatient",
            "urgent care",
            "minor injury",
            "hospital",
        )
    },
    **{
        phrase: "police_incident"
        for phrase in (
            "police incident",
            "incident",
            "domestic incident",
            "domestic abuse incident",
            "domestic abuse",
            "crime",
            "arrest",
            "occurrence",
            "999 call",
            "concern for welfare",
            "missing person",
            "missing episode",
            "domestic",
            "police",
            "public protection notice",
            "ppn",
        )
    },
    **{
        phrase: "education"
        for phrase in (
            "school or early year",
            "school",
            "education",
            "nursery",
            "early year",
            "attendance",
            "exclusion",
            "school attendance",
            "absence",
            "welfare call",
            "suspension",
            "school concern",
        )
    },
    **{
        phrase: "missed_appointment"
        for phrase in (
            "missed appointment or no access",
            "missed appointment",
            "dna",
            "did not attend",
            "was not brought",
            "wnb",
            "no access",
            "no access visit",
            "cancelled appointment",
            "no reply",
            "not brought",
        )
    },
    **{
        phrase: "information_shared"
        for phrase in (
            "information shared",
            "information sharing",
            "information request",
            "checks",
            "notification",
            "email sent",
            "information received",
            "request for information",
        )
    },
    "other": "other",
}


def keyed_values(table: Mapping[str, str]) -> dict[frozenset[str], str]:
    """A value table keyed by its phrases' normalised words (build it once per file, not once per row)."""
    keyed: dict[frozenset[str], str] = {}
    for phrase, code in table.items():
        keyed.setdefault(_key(phrase), code)
    return keyed


_DEFAULT_KEYED: dict[frozenset[str], str] = {}


def event_type_for(
    value: Any, table: Mapping[str, str] | None = None, *, keyed: Mapping[frozenset[str], str] | None = None
) -> tuple[str, bool]:
    """(code, whether the words were recognised). An exact phrase (any word order) first, then the longest
    phrase all of whose words are in the value; anything else is "other" (the caller keeps the words).
    `keyed` is `keyed_values(table)`, when the caller maps many values with one table."""
    if keyed is None:
        if table is None:
            if not _DEFAULT_KEYED:
                _DEFAULT_KEYED.update(keyed_values(EVENT_TYPE_VALUES))
            keyed = _DEFAULT_KEYED
        else:
            keyed = keyed_values(table)
    key = _key(value)
    if not key:
        return "other", False
    if key in keyed:
        return keyed[key], True
    candidates = [
        (len(phrase_key), code) for phrase_key, code in keyed.items() if phrase_key and phrase_key <= key
    ]
    if candidates:
        return max(candidates, key=lambda item: item[0])[1], True
    return "other", False


def heading_signature(headings: Sequence[str]) -> str:
    """A layout's fingerprint: its headings normalised (case, punctuation, plurals, word order), in column
    order. The same agency sending the same layout again gets the same signature."""
    import hashlib

    text = "\x1f".join(normalise(heading) for heading in headings)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def synonym_cell(phrases: Sequence[str]) -> str:
    return ", ".join(phrases)


def synonym_table() -> str:
    """The synonym table as Markdown, for docs/chronology.md (a test keeps the document in step)."""
    lines = [
        "| Field | Holds | Headings read as this field (any case, punctuation, order, plural) |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{name}` | {FIELDS[name]} | {synonym_cell(phrases)} |" for name, phrases in SYNONYMS.items()
    ]
    return "\n".join(lines)
