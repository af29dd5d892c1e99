"""Finds a case's protected identifiers in text (issue 15 item 1). Pure: no Django.

Interface (kept stable for the web check and `manage.py redaction_check`):
- `identity_from_json(data) -> Identity`: from the JSON structure of issue 15 item 3 (null or missing fields
  allowed; extra keys ignored unless named here);
- `find_identifiers(identity, text) -> list[Finding]`: findings sorted by start, never raising on any text.

How (docs/redaction-engine.md says it in full):
- The text is *folded* once (same length, so offsets stay the original's): lower case, accents dropped, curly
  quotes, dashes and odd spaces made plain. Everything is matched on the folded text; the original is read
  only for capitals (is this "Rose" or "rose"?).
- Names are matched word by word (each first name, each part of the last name, each known-as name, listed
  initials), any case, with a possessive or plural ending, across a line break, misspelt by a letter
  (rapidfuzz). A word that is also an ordinary English word (the SCOWL list in ordinary_words.txt.gz:
  "rose", "will", "young", "smith") counts only where the text uses it as a name: written with a capital in
  mid-sentence and not part of another capitalised name ("Rose Hill Family Centre"), after a title when it is
  a surname, as a possessive, next to another of the family's names, or before a verb that says a person.
- Never a finding: a citation ("Smith (2019)", "Smith et al., 2019", "(Smith and Jones 2018)"), a name that
  starts an institution's ("the Munro Review", "St Mary's Hospital"), a month ("May 2021"), the pseudonym,
  and the identity's safe terms (agency names, the reviewer's name).
- Dates are read in every written form and are findings only when they are a date of birth or the incident
  date (a birth month when the text says born). Addresses: the street line with or without the house number,
  the street on its own, the town when it stands with a street or a postcode. Schools: the full name and short
  forms derived from it (without the type words: "St Mary's" for "St Mary's Church of England Primary
  School"). NHS numbers, UK phone numbers, postcodes and email addresses: the case's, and any such shape.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import gzip
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA

from safeguarding_reviews.redaction import shapes

KINDS = ("name", "dob", "address", "postcode", "school", "nhs_number", "phone", "email", "incident_date")


@dataclasses.dataclass(frozen=True)
class Person:
    role: str = ""
    first_names: str = ""
    last_name: str = ""
    known_as: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    nhs_number: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Address:
    line1: str = ""
    town: str = ""
    postcode: str = ""
    line2: str = ""


@dataclasses.dataclass(frozen=True)
class Identity:
    pseudonym: str = ""
    people: tuple[Person, ...] = ()
    addresses: tuple[Address, ...] = ()
    schools: tuple[str, ...] = ()
    incident_date: dt.date | None = None
    # Words that are never findings on their own: agency names, the reviewer's name (extra key "safe_terms").
    safe_terms: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    text: str

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# Reading the identity JSON ---------------------------------------------------------------------------------


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) or v is None for v in value):
            raise ValueError(f"{what} must be a string or a list of strings")
        return tuple(v for v in value if v)
    raise ValueError(f"{what} must be a string or a list of strings")


def _string(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValueError(f"{what} must be a string")
    return str(value)


def _date(value: Any, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"{what} “{value}” is not a date written YYYY-MM-DD") from None


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    return value


def identity_from_json(data: dict[str, Any]) -> Identity:
    """The identity from the JSON of issue 15 item 3. Null or missing fields are allowed; a value of the wrong
    type raises ValueError saying which. Optional extras: a person's "initials" (["JS"], only these are found
    as bare initials), "phones" and "emails"; "known_as" as a string or a list; "safe_terms" (and
    "reviewer"/"agencies", read as safe terms)."""
    data = _object(data, "The identity")
    people = []
    safe: list[str] = []
    for number, raw in enumerate(_list(data.get("people"), "people"), start=1):
        p = _object(raw, f"people[{number}]")
        first, last = _string(p.get("first_names"), "first_names"), _string(p.get("last_name"), "last_name")
        if not first and not last and p.get("full_name"):
            first, _, last = _string(p.get("full_name"), "full_name").strip().rpartition(" ")
        if NOT_PROTECTED_ROLE.search(_string(p.get("role"), "role")):
            # The reviewer (or the chair) is named in the report as its author: never a finding.
            safe.append(f"{first} {last}".strip())
            continue
        people.append(
            Person(
                role=_string(p.get("role"), "role"),
                first_names=first,
                last_name=last,
                known_as=_strings(p.get("known_as"), "known_as")
                + _strings(p.get("other_names"), "other_names"),
                initials=_strings(p.get("initials"), "initials"),
                date_of_birth=_date(p.get("date_of_birth"), "date_of_birth"),
                nhs_number=_string(p.get("nhs_number"), "nhs_number"),
                phones=_strings(p.get("phones"), "phones") + _strings(p.get("phone"), "phone"),
                emails=_strings(p.get("emails"), "emails") + _strings(p.get("email"), "email"),
            )
        )
    addresses = []
    for number, raw in enumerate(_list(data.get("addresses"), "addresses"), start=1):
        a = _object(raw, f"addresses[{number}]")
        addresses.append(
            Address(
                line1=_string(a.get("line1"), "line1"),
                town=_string(a.get("town"), "town"),
                postcode=_string(a.get("postcode"), "postcode"),
                line2=_string(a.get("line2"), "line2"),
            )
        )
    return Identity(
        pseudonym=_string(data.get("pseudonym"), "pseudonym"),
        people=tuple(people),
        addresses=tuple(addresses),
        schools=_strings(data.get("schools"), "schools"),
        incident_date=_date(data.get("incident_date"), "incident_date"),
        safe_terms=tuple(safe)
        + tuple(term for key in SAFE_TERM_KEYS for term in _strings(data.get(key), key)),
    )


# Keys of the identity JSON read as safe terms (the names the report may always use).
SAFE_TERM_KEYS = ("safe_terms", "reviewer", "reviewers", "reviewer_name", "agencies", "agency_names")
NOT_PROTECTED_ROLE = re.compile(
    r"\breviewer\b|\breport author\b|independent (?:chair|scrutineer)", re.IGNORECASE
)


# Folding and words -----------------------------------------------------------------------------------------

_QUOTES = "'’‘ʼ`´′"
_DASHES = "-‐‑‒–—―−\u00ad"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_PLAIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ŀ": "l", "ħ": "h"}


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _QUOTES:
        return "'"
    if char in _DASHES:
        return "-"
    if char in _SPACES:
        return " "
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    lower = _PLAIN.get(lower, lower)
    decomposed = unicodedata.normalize("NFKD", lower)
    if (
        len(decomposed) > 1
        and decomposed[0].isalpha()
        and all(unicodedata.combining(c) for c in decomposed[1:])
    ):
        return decomposed[0]
    return lower


def fold(text: str) -> str:
    """The text in lower case with accents, curly quotes, dashes and odd spaces made plain: always the same
    length as `text`, so a match's offsets are the original's."""
    table = {ord(c): _fold_char(c) for c in set(text) if _fold_char(c) != c}
    return text.translate(table)


_WORD = re.compile(r"[^\W_]+")


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Lower-case English words (SCOWL, via Debian's wbritish): a name that is one of these ("rose", "will",
    "smith") is found only where the text uses it as a name."""
    path = Path(__file__).with_name("ordinary_words.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        words = {line.strip() for line in handle if line.strip() and not line.startswith("#")}
    return frozenset(words | EXTRA_ORDINARY)


# Words that are ordinary in reports though not in the dictionary (citations, abbreviations, months).
EXTRA_ORDINARY = frozenset(
    "al et eg ie nb ok uk gp na nhs dob am pm ps re vs mr mrs ms dr jan feb mar apr jun jul aug sep sept oct "
    "nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
TITLES = frozenset("mr mrs ms miss mx dr master mstr prof professor sir dame lady lord rev".split())
MONTH_WORDS = frozenset(shapes.MONTHS)
# After a name, a word that says the name is a person: "Will was", "Rose told", "Hope herself".
PERSON_CUES = frozenset(
    """was is had has did does said says told tells would could should will may might must can cannot went
    goes attended attends lived lives moved stayed stays became begun began started starts reported reports
    disclosed discloses described describes explained explains wanted wants needed needs appeared appears
    presented presents returned returns spent seemed seems continued continues received receives saw sees
    felt feels liked likes loved loves enjoyed enjoys tried tries asked asks shared shares spoke speaks
    stated states denied denies refused refuses agreed agrees arrived arrives left remained remains who
    whose herself himself also then later often never always sometimes now aged born died visited cried
    slept ate played walked ran fell sustained suffered experienced made gave took got showed missed joined
    wrote called phoned texted answered replied wasn isn hasn hadn doesn didn couldn wouldn won shouldn
    drove came sat stood drank brought bought thought heard held kept met paid put rang rode sang stole
    taught threw woke wore hit hurt shook fought forgot grew hid broke chose dug swam sent spent sold
    told lay led meant slept woke herself himself themselves alleged admitted explained confirmed recalled
    remembered thought believed
    knew know knows understood understands lost found started stopped struggled worried became""".split()
)
# A capitalised word after a name that makes it the name of an institution, a report or a place:
# "the Munro Review", "Barnardo's Children's Services", "Laming Inquiry".
INSTITUTION_WORDS = frozenset(
    """review report inquiry enquiry act institute foundation trust centre center hospital university
    college council partnership services service police borough county clinic surgery practice programme
    program model framework principles scale commission committee panel society association charity
    children's childrens safeguarding local city metropolitan youth library museum stadium church chapel
    cathedral mosque temple synagogue station airport unit ward wing gallery theatre park""".split()
)
SAINT_WORDS = frozenset({"st", "saint", "ste"})
# Parts of a surname that are not a name on their own ("van der Berg", "de la Cruz").
NAME_PARTICLES = frozenset(
    "van der den de la le du von da di del della dos das al el bin ibn ben mac ap".split()
)


@dataclasses.dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # folded
    original: str

    @property
    def capitalised(self) -> bool:
        return self.original[:1].isupper()

    @property
    def upper(self) -> bool:
        return self.original.isupper() and len(self.original) > 1


@dataclasses.dataclass
class Text:
    """The text as the matchers read it: original, folded, its words and where each word starts."""

    original: str
    folded: str
    tokens: list[Token]
    at: dict[int, int]  # a word's start offset -> its index in tokens
    lowercase_words: frozenset[str]  # words written in lower case somewhere (for "is 'hope' a word here?")

    @classmethod
    def read(cls, original: str) -> Text:
        folded = fold(original)
        tokens = [
            Token(m.start(), m.end(), m.group(), original[m.start() : m.end()])
            for m in _WORD.finditer(folded)
        ]
        return cls(
            original=original,
            folded=folded,
            tokens=tokens,
            at={t.start: i for i, t in enumerate(tokens)},
            lowercase_words=frozenset(t.word for t in tokens if t.original.islower()),
        )

    def index_at_or_after(self, offset: int) -> int:
        """The index of the first word starting at or after offset (len(tokens) when none)."""
        low, high = 0, len(self.tokens)
        while low < high:
            mid = (low + high) // 2
            if self.tokens[mid].start < offset:
                low = mid + 1
            else:
                high = mid
        return low

    def previous(self, index: int, *, gap: str = r"[ \t]{0,6}(?:\r?\n[ \t]{0,6})?") -> Token | None:
        """The word before tokens[index] when only whitespace (one line break at most) stands between."""
        if index <= 0:
            return None
        before = self.tokens[index - 1]
        between = self.folded[before.end : self.tokens[index].start]
        return before if len(between) <= 16 and re.fullmatch(gap, between) else None

    def next_after(self, offset: int, *, gap: str = r"[ \t]{0,6}(?:\r?\n[ \t]{0,6})?") -> Token | None:
        index = self.index_at_or_after(offset)
        if index >= len(self.tokens):
            return None
        after = self.tokens[index]
        between = self.folded[offset : after.start]
        return after if len(between) <= 16 and re.fullmatch(gap, between) else None

    def sentence_start(self, index: int) -> bool:
        """Whether tokens[index] starts a sentence, a line or a list item (a capital there says nothing)."""
        position = self.tokens[index].start
        scanned = 0
        while position > 0 and scanned < 12:
            char = self.folded[position - 1]
            if char == "\n":
                return True
            if char in " \t\"'([{*•·>":
                position -= 1
                scanned += 1
                continue
            if char in "!?:;":
                return True
            if char == ".":
                word = re.search(r"([^\W_]+)\.$", self.folded[max(0, position - 12) : position])
                if word and (
                    word.group(1) in TITLES or word.group(1) in SAINT_WORDS or len(word.group(1)) == 1
                ):
                    return False  # "Dr. Smith", "St. Mary", "J. Smith"
                return True
            if char == "-" and position >= 2 and self.folded[position - 2] in " \t\n":
                position -= 1  # a dash as a bullet or an aside
                scanned += 1
                continue
            if char.isdigit() and re.search(
                r"(?:^|\n)[ \t]{0,6}\d+[.)]?[ \t]{0,6}$", self.folded[max(0, position - 8) : position]
            ):
                return True  # a numbered paragraph
            return False
        return position == 0 or scanned >= 12


# Name words ------------------------------------------------------------------------------------------------

FIRST, LAST, KNOWN, INITIALS, DERIVED = "first", "last", "known", "initials", "derived"

# Common short forms of given names that do not start with the name itself (a prefix is found anyway).
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "william": ("bill", "billy", "liam", "will", "willy", "wills"),
    "robert": ("bob", "bobby", "rob", "robbie", "bert"),
    "richard": ("rick", "ricky", "dick", "richie", "rich"),
    "elizabeth": ("liz", "lizzie", "lizzy", "beth", "betty", "bess", "libby", "eliza", "elsie"),
    "margaret": ("maggie", "meg", "peggy", "greta", "madge"),
    "edward": ("ted", "teddy", "ned", "eddie", "ed"),
    "katherine": ("kate", "katie", "kathy", "kat", "kitty"),
    "catherine": ("kate", "katie", "cathy", "cat", "kitty"),
    "james": ("jim", "jimmy", "jamie", "jamesy"),
    "john": ("jack", "johnny", "jonny"),
    "jonathan": ("jon", "jonny", "jonty"),
    "anthony": ("tony", "ant"),
    "alexander": ("alex", "sandy", "xander", "lex", "alfie"),
    "alexandra": ("alex", "lexi", "lexie", "sandy", "sasha"),
    "henry": ("harry", "hal", "hank"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("charlie", "lottie", "lotte"),
    "mary": ("molly", "polly", "mae"),
    "sarah": ("sally", "sadie"),
    "susan": ("sue", "susie", "suzy"),
    "patricia": ("pat", "patty", "trish", "tricia"),
    "victoria": ("vicky", "vikki", "tori", "vic"),
    "rebecca": ("becky", "becca", "bex"),
    "jennifer": ("jenny", "jen", "jenna"),
    "jessica": ("jess", "jessie"),
    "samuel": ("sam", "sammy"),
    "samantha": ("sam", "sammy"),
    "benjamin": ("ben", "benny", "benji"),
    "daniel": ("dan", "danny"),
    "michael": ("mike", "mikey", "mick", "micky"),
    "thomas": ("tom", "tommy"),
    "joseph": ("joe", "joey"),
    "christopher": ("chris", "kit", "topher"),
    "nicholas": ("nick", "nicky"),
    "matthew": ("matt", "matty"),
    "andrew": ("andy", "drew"),
    "frederick": ("fred", "freddie", "freddy"),
    "alfred": ("alf", "alfie", "fred"),
    "isabella": ("bella", "izzy", "issy", "isa"),
    "isabelle": ("bella", "izzy", "issy"),
    "abigail": ("abby", "abbie", "gail"),
    "olivia": ("liv", "livvy", "livia"),
    "amelia": ("millie", "amy", "mia"),
    "emily": ("em", "emmy", "millie"),
    "jacob": ("jake", "jay"),
    "joshua": ("josh",),
    "oliver": ("ollie", "olly"),
    "harrison": ("harry",),
    "theodore": ("theo", "ted", "teddy"),
    "zachary": ("zach", "zac", "zak"),
    "nathaniel": ("nate", "nat"),
    "gabriel": ("gabe",),
    "gabriella": ("gabby", "ella"),
    "eleanor": ("ellie", "nell", "nellie", "nora"),
    "florence": ("flo", "florrie"),
    "penelope": ("penny",),
    "dorothy": ("dot", "dotty", "dolly"),
    "deborah": ("debbie", "deb"),
    "stephen": ("steve", "stevie"),
    "steven": ("steve", "stevie"),
    "leonardo": ("leo",),
    "muhammad": ("mo",),
    "mohammed": ("mo",),
    "mohammad": ("mo",),
}


@dataclasses.dataclass(frozen=True)
class NameWord:
    """One word (or joined words) of a person's name and how it is matched."""

    word: str  # folded
    part: str  # FIRST, LAST, KNOWN, INITIALS or DERIVED
    ordinary: bool
    pattern: re.Pattern[str]
    keys: tuple[str, ...]  # folded words a match can start with


def _word_pattern(word: str, *, surname: bool) -> str:
    """A regex for one folded name word: an apostrophe may be left out ("OBrien"), a hyphen may be a space,
    nothing or a line break; then a possessive (and for a surname, a plural: "the Smiths")."""
    parts = []
    for char in word:
        if char == "'":
            parts.append("'?")
        elif char in "- ":
            parts.append(
                r"(?:[ \t]{0,6}-[ \t]{0,6}(?:\r?\n[ \t]{0,6})?|[ \t]{1,6}(?:\r?\n[ \t]{0,6})?"
                r"|\r?\n[ \t]{0,6})?"
            )
        elif char == ".":
            parts.append(r"\.?")
        else:
            parts.append(re.escape(char))
    suffix = r"(?:'s|'(?![^\W_])|s'?|es'?)?" if surname else r"(?:'s|'(?![^\W_]))?"
    return "".join(parts) + suffix + r"(?![^\W_])"


def _keys(word: str) -> tuple[str, ...]:
    first = _WORD.match(word)
    keys = {first.group()} if first else set()
    joined = "".join(_WORD.findall(word))
    if joined:
        keys.add(joined)
    return tuple(sorted(keys))


def _clean_name(word: str) -> str:
    """A name's words with one separator between them as written (hyphen, apostrophe, full stop or space),
    nothing else: the pattern built from it then has no runs of optional parts to backtrack over."""
    folded = fold(word)[:80]
    pieces = [(m.start(), m.end()) for m in _WORD.finditer(folded)][:8]
    out = []
    for number, (start, end) in enumerate(pieces):
        if number:
            gap = folded[pieces[number - 1][1] : start]
            out.append("-" if "-" in gap else "'" if "'" in gap else "." if "." in gap else " ")
        out.append(folded[start:end])
    return "".join(out)


def _name_word(word: str, part: str) -> NameWord | None:
    word = _clean_name(word)
    letters = "".join(_WORD.findall(word))
    if len(letters) < 2 or not letters.isalpha() and part != INITIALS:
        return None
    lexicon = ordinary_words()
    ordinary = all(w in lexicon for w in _WORD.findall(word)) or letters in lexicon
    if part == INITIALS:
        pattern = r"\.?[ \t]?".join(re.escape(c) for c in letters) + r"\.?(?![^\W_])"
        return NameWord(letters, part, letters in lexicon, re.compile(pattern), (letters, letters[0]))
    return NameWord(word, part, ordinary, re.compile(_word_pattern(word, surname=part == LAST)), _keys(word))


def _split_name(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text.strip()) if w]


@dataclasses.dataclass
class Matchers:
    """Everything the identity asks the text to be searched for, built once per check."""

    names: dict[str, list[NameWord]]  # first word -> name words starting with it
    family_words: frozenset[str]  # every folded word of every name (for "next to another of their names")
    last_words: frozenset[str]
    fuzzy_targets: tuple[str, ...]  # distinctive name words a misspelling is compared with
    joined_names: frozenset[str]  # name words without hyphens or apostrophes, for words split by a break
    places: list[tuple[str, re.Pattern[str], str]]  # (kind, pattern, rule) for addresses and schools
    towns: list[re.Pattern[str]]
    postcodes: frozenset[str]
    nhs_numbers: frozenset[str]
    phones: frozenset[str]
    emails: frozenset[str]
    dates_of_birth: tuple[dt.date, ...]
    incident_date: dt.date | None
    protected: list[re.Pattern[str]]  # the pseudonym and the safe terms: never findings


def _person_words(person: Person) -> list[NameWord]:
    words: list[NameWord | None] = []
    firsts = [w for w in _split_name(person.first_names) if fold(w).strip(".") not in TITLES]
    for first in firsts:
        words.append(_name_word(first, FIRST))
        for piece in re.split(r"[-']", first):
            if piece != first:
                words.append(_name_word(piece, FIRST))
    last = person.last_name.strip()
    if last:
        words.append(_name_word(last, LAST))
        for piece in re.split(r"[\s-]+", last):
            if piece != last and fold(piece) not in NAME_PARTICLES:
                words.append(_name_word(piece, LAST))
    for known in person.known_as:
        words.append(_name_word(known, KNOWN))
        pieces = _split_name(known)
        if len(pieces) > 1:  # "Little Man": "Man" alone is a word, "Jay" of "Jay Jay" a name
            words.extend(
                _name_word(piece, KNOWN)
                for piece in pieces
                if len(piece) >= 3 and fold(piece) not in ordinary_words()
            )
    for initials in person.initials:
        words.append(_name_word(initials, INITIALS))
    for first in firsts:
        folded = fold(first)
        derived = set(DIMINUTIVES.get(folded, ()))
        if folded.isalpha() and len(folded) >= 5:
            derived.update(folded[:length] for length in range(3, len(folded)))
        for short in sorted(derived):
            if short in MONTH_WORDS or short in TITLES or short in EXTRA_ORDINARY:
                continue
            words.append(
                NameWord(short, DERIVED, True, re.compile(_word_pattern(short, surname=False)), (short,))
            )
    return [w for w in words if w is not None]


def _phrase_pattern(phrase: str, *, synonyms: dict[str, str]) -> tuple[str, tuple[str, ...]] | None:
    """A regex for a folded phrase of words, each word replaced by its synonyms' group, words joined by any
    whitespace or punctuation a writer might put there; and the words a match can start with."""
    words = _WORD.findall(fold(phrase).replace("&", " and "))
    if not words:
        return None
    pieces = []
    for word in words:
        pieces.append(synonyms.get(word, re.escape(word)))
    joiner = r"[ \t]{0,6}(?:[,.'-][ \t]{0,6})?(?:\r?\n[ \t]{0,6})?"
    pattern = joiner.join(pieces) + r"(?:'s|'(?![^\W_]))?(?![^\W_])"
    keys = _KEY_SYNONYMS.get(words[0], (words[0],))
    return pattern, keys


STREET_TYPES = {
    "road": ("road", "rd"),
    "street": ("street", "st"),
    "avenue": ("avenue", "ave", "av"),
    "close": ("close", "cl"),
    "drive": ("drive", "dr", "drv"),
    "lane": ("lane", "ln"),
    "crescent": ("crescent", "cres", "cresc"),
    "gardens": ("gardens", "gdns", "gdn"),
    "court": ("court", "ct"),
    "place": ("place", "pl"),
    "square": ("square", "sq"),
    "terrace": ("terrace", "terr", "ter", "tce"),
    "park": ("park", "pk"),
    "grove": ("grove", "gr", "gro"),
    "way": ("way",),
    "walk": ("walk", "wlk"),
    "mews": ("mews",),
    "row": ("row",),
    "rise": ("rise",),
    "view": ("view",),
    "hill": ("hill",),
    "green": ("green", "grn"),
    "parade": ("parade", "pde"),
    "mount": ("mount", "mt"),
    "vale": ("vale",),
    "croft": ("croft",),
    "fold": ("fold",),
    "wharf": ("wharf",),
    "quay": ("quay",),
    "estate": ("estate",),
    "chase": ("chase",),
    "meadow": ("meadow",),
    "meadows": ("meadows",),
    "house": ("house", "ho"),
    "cottage": ("cottage", "cott"),
    "cottages": ("cottages",),
    "lodge": ("lodge",),
    "farm": ("farm",),
    "tower": ("tower",),
    "heights": ("heights", "hts"),
    "buildings": ("buildings", "bldgs"),
    "mansions": ("mansions",),
    "flats": ("flats",),
    "boulevard": ("boulevard", "blvd"),
    "broadway": ("broadway",),
    "north": ("north", "n"),
    "south": ("south", "s"),
    "east": ("east", "e"),
    "west": ("west", "w"),
}
STREET_WORDS = frozenset(w for forms in STREET_TYPES.values() for w in forms if len(w) > 1) - {"st", "dr"}
_STREET_SYNONYMS = {
    form: "(?:" + "|".join(re.escape(f) + (r"\.?" if len(f) < len(name) else "") for f in forms) + ")"
    for name, forms in STREET_TYPES.items()
    for form in forms
}
SCHOOL_SYNONYMS = {
    "st": r"(?:st\.?|saint)",
    "saint": r"(?:st\.?|saint)",
    "and": r"(?:and|&)",
    "ce": r"(?:ce|c[ \t]{0,6}of[ \t]{0,6}e|church[ \t]{1,6}of[ \t]{1,6}england)",
    "cofe": r"(?:cofe|ce|c[ \t]{0,6}of[ \t]{0,6}e|church[ \t]{1,6}of[ \t]{1,6}england)",
    "rc": r"(?:rc|r\.c\.?|roman[ \t]{1,6}catholic)",
    "primary": r"(?:primary|prim)",
    "infant": r"(?:infants?)",
    "infants": r"(?:infants?)",
    "junior": r"(?:juniors?)",
    "juniors": r"(?:juniors?)",
    "school": r"(?:school|sch)",
    "academy": r"(?:academy|acad)",
}
_KEY_SYNONYMS = {
    "st": ("st", "saint"),
    "saint": ("st", "saint"),
    **{form: forms for forms in STREET_TYPES.values() for form in forms},
}
# Type words a school's name ends with (and the denomination before them): taken off for the short form.
SCHOOL_TYPE_PHRASES = sorted(
    (
        fold(p.strip())
        for p in """primary school|junior school|juniors school|infant school|infants school|nursery school
        |secondary school|high school|grammar school|first school|middle school|upper school|special school
        |free school|studio school|prep school|preparatory school|school|primary academy|academy|college
        |sixth form college|sixth form|day nursery|nursery|pre-school|preschool|pre school|playgroup
        |children's centre|childrens centre|kindergarten|federation|pupil referral unit|pru|learning centre
        |primary|infants|infant|juniors|junior|junior and infant|j&i|j and i|community primary|community
        |church of england|c of e|cofe|ce|c.e.|voluntary aided|voluntary controlled|va|vc|roman catholic
        |catholic|rc|r.c.|methodist|baptist|jewish|muslim|islamic|church|trust|multi-academy trust|and|&
        |ltd|limited""".split("|")
    ),
    key=len,
    reverse=True,
)
# What may follow a school's short form and still name the school ("Oakfield Primary", "St Mary's C of E").
SCHOOL_SUFFIXES = [
    p for p in SCHOOL_TYPE_PHRASES if p not in {"and", "&", "ltd", "limited", "trust", "church", "community"}
]
SCHOOL_WORDS = frozenset(
    w
    for phrase in SCHOOL_TYPE_PHRASES
    for w in _WORD.findall(phrase)
    if len(w) > 1 and w not in {"and", "of"}
)
# After a school's short form, a word that makes it something else: "St Mary's Hospital", "Oakfield Road".
NOT_SCHOOL_AFTER = (
    (
        INSTITUTION_WORDS
        | STREET_WORDS
        | {"day", "church", "chapel", "well", "cross", "festival", "fair", "feast"}
    )
    - {p for p in SCHOOL_SUFFIXES if " " not in p}
    - {
        "park",
        "hill",
        "green",
        "view",
    }
)


def school_short_form(name: str) -> str:
    """The distinctive part of a school's name: without "The", the type words and the denomination
    ("St Mary's Church of England Primary School" -> "st mary's")."""
    text = " " + re.sub(r"\s+", " ", fold(name).replace("&", " & ")).strip(" ,.") + " "
    text = re.sub(r"^ the ", " ", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r" (?:at|in|on|-) .*$", " ", text)  # "Busy Bees at Harrowgate Vale"
    text = re.sub(r"^ ysgol(?: gynradd| gyfun| uwchradd| feithrin)? (?=\S)", " ", text)  # Welsh: "school"
    text = re.sub(r"\s+", " ", text)

    changed = True
    while changed:
        changed = False
        for phrase in SCHOOL_TYPE_PHRASES:
            if text.endswith(" " + phrase + " ") and len(text.strip()) > len(phrase):
                text = text[: -len(phrase) - 1].rstrip(" ,.-") + " "
                changed = True
                break
    return text.strip()


def _school_cores(name: str, towns: list[str]) -> list[str]:
    """The short forms a school is called by: its distinctive part, that part without a leading town
    ("Porthaven St Piran's" -> "St Piran's"), and from a saint's name on ("Kingsley St Anne's" -> "St
    Anne's")."""
    full = fold(name).strip()
    core = school_short_form(name)
    cores = [core] if core and core != full else []
    for town in sorted(towns, key=len, reverse=True):
        rest = core[len(town) + 1 :]
        if core.startswith(town + " ") and (" " in rest or rest not in ordinary_words()):
            cores.append(rest)  # not "Hill" of "Brackenfield Hill": a word on its own is no school
            break
    saint = re.search(r" (?:st|saint|holy|our lady) ", " " + core)
    if saint and saint.start() > 0:
        cores.append(core[saint.start() :])
    return list(dict.fromkeys(cores))


def _acronym(name: str) -> str:
    words = [w for w in _WORD.findall(fold(name)) if w not in {"of", "and", "the"} and len(w) > 1]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def _places(identity: Identity) -> tuple[list[tuple[str, re.Pattern[str], str]], list[re.Pattern[str]]]:
    places: list[tuple[str, re.Pattern[str], str]] = []
    towns = [t for t in {fold(a.town).strip() for a in identity.addresses} if len(t) >= 2]
    street_synonyms = {**_STREET_SYNONYMS, "st": r"(?:street|st\.?|saint)", "saint": r"(?:st\.?|saint)"}
    for address in identity.addresses:
        for line in (address.line1, address.line2):
            components = [c.strip() for c in line.split(",") if c.strip()]
            if len(components) > 1:
                whole = _phrase_pattern(line, synonyms=street_synonyms)
                if whole:
                    places.append(("address", re.compile(whole[0]), "always"))
            for component in components:
                words = _WORD.findall(fold(component))
                if not words or re.fullmatch(
                    r"(?:flat|apartment|apt|unit|room|floor|no|number)?\d+[a-z]?", "".join(words)
                ):
                    continue
                if words[0] in {"flat", "apartment", "apt", "unit", "room"} and len(words) > 1:
                    words = words[2:] if len(words) > 2 else []
                while words and re.fullmatch(r"\d+[a-z]?", words[0]):
                    words = words[1:]
                if not words:
                    continue
                street = " ".join(words)
                rule = "always" if any(w in STREET_WORDS or w in {"st", "dr"} for w in words[1:]) else "name"
                for text in {fold(component), street}:
                    built = _phrase_pattern(text, synonyms=street_synonyms)
                    if built:
                        places.append(("address", re.compile(built[0]), rule if text == street else "always"))
    for school in identity.schools:
        full = _phrase_pattern(school, synonyms=SCHOOL_SYNONYMS)
        if full:
            places.append(("school", re.compile(full[0]), "always"))
        for core in _school_cores(school, towns):
            core_pattern = _phrase_pattern(core, synonyms=SCHOOL_SYNONYMS)
            if not core_pattern:
                continue
            types = "|".join(
                r"[ \t]{1,6}".join(SCHOOL_SYNONYMS.get(w, re.escape(w)) for w in phrase.split())
                for phrase in SCHOOL_SUFFIXES
            )
            places.append(
                (
                    "school",
                    re.compile(
                        core_pattern[0].removesuffix(r"(?:'s|'(?![^\W_]))?(?![^\W_])")
                        + r"(?:'s|')?[ \t]{0,6}(?:\r?\n[ \t]{0,6})?(?:"
                        + types
                        + r")(?![^\W_])"
                    ),
                    "always",
                )
            )
            if core not in towns and fold(core) not in {fold(t) for t in identity.safe_terms}:
                places.append(("school", re.compile(core_pattern[0]), "short"))
        acronym = _acronym(school)
        if acronym:
            places.append(("school", re.compile(re.escape(acronym) + r"(?![^\W_])"), "acronym"))
    town_patterns = []
    for town in towns:
        built = _phrase_pattern(town, synonyms=SCHOOL_SYNONYMS)
        if built:
            town_patterns.append(re.compile(r"(?<![^\W_])" + built[0]))
    return places, town_patterns


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@functools.lru_cache(maxsize=64)
def _matchers(identity: Identity) -> Matchers:
    names: dict[str, list[NameWord]] = {}
    family: set[str] = set()
    last_words: set[str] = set()
    fuzzy: set[str] = set()
    joined: set[str] = set()
    lexicon = ordinary_words()
    for person in identity.people:
        for name in _person_words(person):
            for key in name.keys:
                names.setdefault(key, []).append(name)
            if name.part in (FIRST, LAST, KNOWN):
                family.update(w for w in _WORD.findall(name.word) if len(w) >= 2)
                bare = "".join(_WORD.findall(name.word))
                joined.add(bare)
                if name.part == LAST:
                    last_words.update(w for w in _WORD.findall(name.word) if len(w) >= 2)
                if len(bare) >= 5 and bare not in lexicon:
                    fuzzy.add(bare)
    places, towns = _places(identity)
    protected = []
    for term in (identity.pseudonym, *identity.safe_terms):
        built = _phrase_pattern(term, synonyms=SCHOOL_SYNONYMS) if term and term.strip() else None
        if built:
            protected.append(re.compile(r"(?<![^\W_])" + built[0]))
    postcodes = {shapes.normal_postcode(a.postcode) for a in identity.addresses if a.postcode.strip()}
    return Matchers(
        names=names,
        family_words=frozenset(family),
        last_words=frozenset(last_words),
        fuzzy_targets=tuple(sorted(fuzzy)),
        joined_names=frozenset(joined),
        places=places,
        towns=towns,
        postcodes=frozenset(p for p in postcodes if p),
        nhs_numbers=frozenset(d for d in (_digits(p.nhs_number) for p in identity.people) if len(d) >= 6),
        phones=frozenset(
            d[-10:] for p in identity.people for d in (_digits(x) for x in p.phones) if len(d) >= 6
        ),
        emails=frozenset(fold(e).strip() for p in identity.people for e in p.emails if "@" in e),
        dates_of_birth=tuple(p.date_of_birth for p in identity.people if p.date_of_birth),
        incident_date=identity.incident_date,
        protected=protected,
    )


# Deciding about a name match -------------------------------------------------------------------------------

_CITATION_TAIL = re.compile(
    r"(?:'s)?"
    r"(?:[ \t]{0,6},?[ \t]{0,6}(?:[a-z]\.[ \t]?){1,3})?"
    r"(?:[ \t]{0,6}(?:,|and|&)[ \t]{0,6}(?!et\b)[^\W\d_][\w'-]{0,30}"
    r"(?:[ \t]{0,6},?[ \t]{0,6}(?:[a-z]\.[ \t]?){1,3})?){0,4}"
    r"(?:[ \t,]+et\.?[ \t]{1,6}al\.?)?"
    r"[ \t]{0,6},?[ \t]{0,6}[(\[]?[ \t]{0,6}(?:(?:19|20)\d\d[a-z]?|n\.[ \t]?d\.?)(?![\d])"
)
_ET_AL = re.compile(
    r"[ \t]{0,6},?[ \t]{0,6}(?:and|&)?[ \t]{0,6}(?:colleagues|others)?[ \t]{0,6}et\.?[ \t]{1,6}al\b"
    r"|[ \t]{1,6}and[ \t]{1,6}colleagues[ \t]{0,6}\("
)
_NUMBERISH = re.compile(r"\d{1,4}(?:st|nd|rd|th)?")
MONTH_BEFORE = frozenset(
    """in during since until till early late mid throughout by before after from between end start
    beginning""".split()
)


def _citation(text: Text, end: int) -> bool:
    window = text.folded[end : end + 160]
    return bool(_CITATION_TAIL.match(window) or _ET_AL.match(window))


def _month_context(text: Text, index: int, end: int) -> bool:
    following = text.next_after(end)
    if following and _NUMBERISH.fullmatch(following.word):
        return True
    previous = text.previous(index)
    if previous is None:
        return False
    if _NUMBERISH.fullmatch(previous.word) or previous.word in shapes.ORDINAL_WORDS:
        return True
    if previous.word == "of":
        before = text.previous(index - 1)
        return bool(before and (_NUMBERISH.fullmatch(before.word) or before.word in shapes.ORDINAL_WORDS))
    return previous.word in MONTH_BEFORE


def _is_name(text: Text, matchers: Matchers, name: NameWord, index: int, end: int, possessive: bool) -> bool:
    """Whether a match of a name word at tokens[index] (ending at `end`) is the person, not a word, a
    citation, an institution or a month."""
    token = text.tokens[index]
    written = text.original[token.start : end]
    previous = text.previous(index)
    saint = text.previous(index, gap=r"[ \t]{0,6}\.?[ \t]{0,6}")
    if saint is not None and saint.word in SAINT_WORDS:
        return False  # "St Mary's" is a place
    if name.word in MONTH_WORDS and _month_context(text, index, end):
        return False
    titled = previous is not None and previous.word in TITLES
    if not titled:
        titled_dot = text.previous(index, gap=r"\.[ \t]{0,6}")
        titled = titled_dot is not None and titled_dot.word in TITLES
    following = text.next_after(end)
    beside_family = any(
        t is not None and t.word in matchers.family_words and t.word != token.word
        for t in (previous, following)
    )
    if _citation(text, end) and not titled and not beside_family:
        return False
    inline_next = text.next_after(end, gap=r"[ \t]{1,6}")
    inline_previous = text.previous(index, gap=r"[ \t]{1,6}")
    if (
        inline_next is not None
        and inline_next.capitalised
        and inline_next.word in INSTITUTION_WORDS
        and not titled
    ):
        return False
    if name.part == INITIALS:
        return written.replace(".", "").replace(" ", "").isupper() or not name.ordinary
    if name.part == DERIVED:
        if not token.capitalised or token.word in matchers.family_words or titled:
            return False  # "Ms Harris" is not a short form of Harrison
    elif not name.ordinary:
        return True
    # An ordinary word ("rose", "will", "smith") or a short form made from a first name: a name only where
    # the text uses it as one.
    if not token.capitalised:
        return False
    if possessive:
        return True
    if titled and name.part == LAST:
        return True
    if beside_family:
        return True
    if following is not None and following.word in PERSON_CUES:
        return True
    if inline_next is not None and inline_next.capitalised and inline_next.word not in matchers.family_words:
        return False  # "Rose Hill Family Centre", "Young Minds", "HOPE FOR THE FUTURE"
    if (
        inline_previous is not None
        and inline_previous.capitalised
        and inline_previous.word not in TITLES
        and inline_previous.word not in matchers.family_words
        and not (text.sentence_start(index - 1) and inline_previous.word in ordinary_words())
    ):
        return False  # "Dr Ruth Rose", "Northbridge Rose Garden"
    if text.sentence_start(index):
        # A capital says nothing here. "Will was..." was caught above; "Rose collected..." is a name, "Young
        # people..." and "Grace and courtesy..." are words; before punctuation, a word the text never writes
        # in lower case is a name.
        if name.part == DERIVED:
            return False
        if inline_next is not None and not inline_next.capitalised:
            if inline_next.word in ("and", "or"):  # "Rose and Will...", "Hope and her brother..."
                then = text.next_after(inline_next.end, gap=r"[ \t]{1,6}")
                return then is not None and (
                    then.word in PERSON_AFTER_AND or (then.capitalised and then.word in matchers.family_words)
                )
            return inline_next.word.endswith("ed") and len(inline_next.word) > 3
        after_comma = text.next_after(end, gap=r",[ \t]{1,6}")
        if after_comma is not None and after_comma.word in PERSON_AFTER_COMMA:
            return True  # "Rose, who was four,", "Hope, aged two,"
        return token.word not in text.lowercase_words
    return True


# After "Rose and" / "Rose," at the start of a sentence, words that say Rose is a person.
PERSON_AFTER_AND = frozenset("her his their she he they its".split())
PERSON_AFTER_COMMA = frozenset("who whose aged age her his their she he now then".split())


def _name_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    folded = text.folded
    taken_until = -1
    for index, token in enumerate(text.tokens):
        word = token.word
        candidates = matchers.names.get(word)
        if not candidates and word.endswith("s"):  # a plural surname is one word: "the Browns", "Joneses"
            candidates = matchers.names.get(word[:-1]) or matchers.names.get(word[:-2])
        if not candidates:
            continue
        best: tuple[int, NameWord] | None = None
        for name in candidates:
            match = name.pattern.match(folded, token.start)
            if match and (best is None or match.end() > best[0]):
                best = (match.end(), name)
        if best is None or token.start < taken_until:
            continue
        end, name = best
        matched = folded[token.start : end]
        possessive = bool(re.search(r"'s?$|s'$", matched))
        # Where several of the person's words match here ("Will" first name, "Will" derived), keep the
        # most lenient reading: a real name part beats a derived short form.
        names = [n for n in candidates if n.pattern.match(folded, token.start)]
        if any(_is_name(text, matchers, n, index, end, possessive) for n in names):
            start = _extend_back(text, index, name)
            taken_until = end
            yield start, end, "name"


def _extend_back(text: Text, index: int, name: NameWord) -> int:
    """Take in a title and initials before a surname: "Ms Smith", "J. A. Smith"."""
    start = text.tokens[index].start
    if name.part not in (LAST, KNOWN, FIRST):
        return start
    while index > 0:
        previous = text.previous(index, gap=r"\.?[ \t]{0,6}(?:\r?\n[ \t]{0,6})?")
        if previous is None:
            break
        if previous.word in TITLES or (
            len(previous.word) == 1 and previous.original.isupper() and name.part == LAST
        ):
            start = previous.start
            index -= 1
            continue
        break
    return start


def _split_name_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    """A name broken by a line break ("Kowal-\\nski") or spaced out letter by letter ("J A Y D E N")."""
    tokens = text.tokens
    for index in range(len(tokens) - 1):
        first, second = tokens[index], tokens[index + 1]
        gap = text.folded[first.end : second.start]
        if "\n" in gap and re.fullmatch(r"-?[ \t]{0,6}\r?\n[ \t]{0,6}", gap):
            joined = first.word + second.word
            if joined in matchers.joined_names and (joined not in ordinary_words() or first.capitalised):
                yield first.start, second.end, "name"
    run: list[Token] = []
    lengths = sorted({len(name) for name in matchers.joined_names if len(name) >= 3}, reverse=True)
    for token in [*tokens, Token(len(text.folded) + 2, len(text.folded) + 2, "", "")]:
        single = len(token.word) == 1 and token.word.isalpha()
        if single and (not run or text.folded[run[-1].end : token.start] == " "):
            run.append(token)
            continue
        if len(run) >= 3:
            letters = "".join(t.word for t in run)
            for offset in range(len(run)):
                for size in lengths:
                    if offset + size <= len(run) and letters[offset : offset + size] in matchers.joined_names:
                        yield run[offset].start, run[offset + size - 1].end, "name"
                        break
        run = [token] if single else []


def _fuzzy_findings(
    text: Text, matchers: Matchers, taken: list[tuple[int, int, str]]
) -> Iterator[tuple[int, int, str]]:
    """A distinctive name misspelt by one letter (two in a long name): "Jaydon" for "Jayden"."""
    if not matchers.fuzzy_targets:
        return
    covered = {start for start, _, _ in taken}
    lexicon = ordinary_words()
    verdicts: dict[str, bool] = {}
    for index, token in enumerate(text.tokens):
        word = token.word
        if len(word) < 5 or not token.capitalised or token.start in covered or not word.isalpha():
            continue
        if word not in verdicts:
            verdicts[word] = (
                word not in lexicon
                and word not in matchers.joined_names
                and any(
                    OSA.distance(word, target, score_cutoff=1 if len(target) < 9 else 2)
                    <= (1 if len(target) < 9 else 2)
                    for target in matchers.fuzzy_targets
                    if abs(len(target) - len(word)) <= 2
                )
            )
        if not verdicts[word]:
            continue
        end = token.end
        possessive = re.match(r"'s?(?![^\W_])", text.folded[end : end + 3])
        if possessive:
            end += len(possessive.group())
        probe = NameWord(word, LAST, False, re.compile(re.escape(word)), (word,))
        if _is_name(text, matchers, probe, index, end, bool(possessive)):
            yield token.start, end, "name"


# Places ----------------------------------------------------------------------------------------------------


def _place_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    folded = text.folded
    lexicon = ordinary_words()
    for kind, pattern, rule in matchers.places:
        for match in re.finditer(r"(?<![^\W_])(?:" + pattern.pattern + ")", folded):
            start, end = match.span()
            if end == start:
                continue
            index = text.at.get(start)
            if index is None:
                continue
            if rule == "acronym":
                if not text.original[start:end].isupper():
                    continue
            elif kind == "address":
                following = text.next_after(end, gap=r"[ \t]{1,6}")
                if following is not None and following.capitalised and following.word in INSTITUTION_WORDS:
                    continue  # "Church Lane Surgery" is a practice named after a street
            elif rule in ("name", "short"):
                words = _WORD.findall(match.group())
                following = text.next_after(end)
                if following is not None and following.word in NOT_SCHOOL_AFTER and following.capitalised:
                    continue
                saint = text.previous(index, gap=r"[ \t]{0,6}\.?[ \t]{0,6}")
                if rule == "short" and saint is not None and saint.word in SAINT_WORDS:
                    continue
                if all(w in lexicon or w in SAINT_WORDS for w in words):
                    token = text.tokens[index]
                    if not token.capitalised:
                        continue
                    if text.sentence_start(index) and len(words) == 1 and token.word in text.lowercase_words:
                        continue
                    if following is not None and following.capitalised and following.word not in SCHOOL_WORDS:
                        continue
            yield start, end, kind


def _town_findings(
    text: Text, matchers: Matchers, found: list[tuple[int, int, str]]
) -> Iterator[tuple[int, int, str]]:
    """A town where it is part of an address: straight after a street, or straight before a postcode."""
    if not matchers.towns:
        return
    streets = sorted(end for _, end, kind in found if kind == "address")
    postcodes = sorted(start for start, _, kind in found if kind == "postcode")
    for pattern in matchers.towns:
        for match in pattern.finditer(text.folded):
            before = text.folded[max(0, match.start() - 6) : match.start()]
            after = text.folded[match.end() : match.end() + 6]
            lead = len(before) - len(before.rstrip(" \t\n\r,"))
            trail = len(after) - len(after.lstrip(" \t\n\r,"))
            if match.start() - lead in streets or match.end() + trail in postcodes:
                yield match.start(), match.end(), "address"


# Shapes ----------------------------------------------------------------------------------------------------

_BIRTH_CUE = re.compile(r"\bborn\b|\bbirth|\bd\.?o\.?b\b|\bdelivered\b")


def _date_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    births = matchers.dates_of_birth
    incident = matchers.incident_date
    if not births and incident is None:
        return
    for mention in shapes.find_dates(text.folded):
        kind = None
        for reading in mention.readings:
            if reading[2] is None:
                around = text.folded[max(0, mention.start - 60) : mention.end + 30]
                if _BIRTH_CUE.search(around) and any(
                    (reading[1] == b.month and reading[0] in (b.year, -(b.year % 100))) for b in births
                ):
                    kind = "dob"
                continue
            if any(shapes.reading_is(reading, b.year, b.month, b.day) for b in births):
                kind = "dob"
                break
            if incident and shapes.reading_is(reading, incident.year, incident.month, incident.day):
                kind = "incident_date"
        if kind:
            yield mention.start, mention.end, kind


def _number_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    """NHS and phone numbers. Where readings of one run of digits overlap ("In 2019 943 476 5919"), the
    likeliest wins: the case's own number, then one grouped as NHS and phone numbers are written (3-3-4, 5-6,
    one group), then the longest."""
    candidates = []
    for number in shapes.find_numbers(text.folded):
        digits = number.digits
        case_held = digits in matchers.nhs_numbers or (len(digits) >= 10 and digits[-10:] in matchers.phones)
        if digits in matchers.nhs_numbers or (len(digits) == 10 and shapes.nhs_number_valid(digits)):
            kind = "nhs_number"
        elif shapes.uk_phone(digits, number.international) or case_held:
            kind = "phone"
        else:
            continue
        usual = len(number.groups) == 1 or number.groups in USUAL_GROUPS or number.international
        candidates.append(((case_held, usual, number.end - number.start), number.start, number.end, kind))
    taken: list[tuple[int, int]] = []
    for _, start, end, kind in sorted(candidates, key=lambda c: c[0], reverse=True):
        if not any(start < t_end and t_start < end for t_start, t_end in taken):
            taken.append((start, end))
            yield start, end, kind


# How NHS and UK phone numbers are grouped when written.
USUAL_GROUPS = frozenset(
    {(3, 3, 4), (5, 6), (5, 3, 3), (4, 3, 4), (3, 4, 4), (4, 6), (4, 7), (3, 8), (4, 4, 3), (2, 4, 4)}
)


def _shape_findings(text: Text, matchers: Matchers) -> Iterator[tuple[int, int, str]]:
    for start, end, _normal in shapes.find_postcodes(text.folded, text.original, matchers.postcodes):
        yield start, end, "postcode"
    for postcode in matchers.postcodes:
        if not shapes.POSTCODE_RE.fullmatch(postcode.lower()) and len(postcode) >= 4:
            loose = r"\s{0,2}".join(re.escape(c) for c in postcode.lower())
            for match in re.finditer(r"(?<![^\W_])" + loose + r"(?![^\W_])", text.folded):
                yield match.start(), match.end(), "postcode"
    for start, end in shapes.find_emails(text.folded):
        yield start, end, "email"
    for email in matchers.emails:
        for match in re.finditer(re.escape(email), text.folded):
            yield match.start(), match.end(), "email"
    yield from _number_findings(text, matchers)
    yield from _date_findings(text, matchers)


# The check -------------------------------------------------------------------------------------------------

_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("nhs_number", "email", "phone", "postcode", "dob", "incident_date", "school", "address", "name")
    )
}


def _protected_spans(text: Text, matchers: Matchers) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in matchers.protected:
        spans.extend(m.span() for m in pattern.finditer(text.folded) if m.end() > m.start())
    return spans


def _merge(raw: Iterable[tuple[int, int, str]], original: str) -> list[Finding]:
    """One finding per stretch of text: overlapping findings join (the more specific kind wins), and so do
    names standing next to each other ("Jayden Smith", "Ms J. Smith")."""
    merged: list[list[Any]] = []  # [start, end, kind, length of the longest finding joined]
    for start, end, kind in sorted(raw, key=lambda f: (f[0], -f[1])):
        if merged:
            last = merged[-1]
            gap = original[last[1] : start]
            touching = (
                start < last[1]
                or (
                    kind == last[2] == "name"
                    and len(gap) <= 3
                    and re.fullmatch(r"[ \t]{0,6}(?:\r?\n[ \t]{0,6})?|-", gap)
                )
                or (kind == last[2] == "address" and len(gap) <= 4 and re.fullmatch(r"[ \t\r\n,]*", gap))
            )
            if touching:
                if end > last[1]:
                    last[1] = end
                if end - start > last[3] or (end - start == last[3] and _PRIORITY[kind] < _PRIORITY[last[2]]):
                    last[2], last[3] = kind, end - start
                continue
        merged.append([start, end, kind, end - start])
    return [Finding(s, e, k, original[s:e]) for s, e, k, _ in merged]


def find_identifiers(identity: Identity, text: str) -> list[Finding]:
    """Every place the text reveals one of the identity's identifiers, or any postcode, NHS number, UK phone
    number or email address. Sorted by start; overlapping findings are joined. Never raises on any text."""
    if not isinstance(text, str) or not text:
        return []
    matchers = _matchers(identity)
    read = Text.read(text)
    raw: list[tuple[int, int, str]] = list(_name_findings(read, matchers))
    raw.extend(_split_name_findings(read, matchers))
    raw.extend(_fuzzy_findings(read, matchers, raw))
    raw.extend(_place_findings(read, matchers))
    raw.extend(_shape_findings(read, matchers))
    raw.extend(_town_findings(read, matchers, raw))
    protected = sorted(_protected_spans(read, matchers))
    if protected:
        # A finding inside a protected stretch goes: the widest end among the stretches starting at or
        # before the finding says whether one covers it.
        starts = [p[0] for p in protected]
        widest, furthest = [], -1
        for _, p_end in protected:
            furthest = max(furthest, p_end)
            widest.append(furthest)

        def covered(start: int, end: int) -> bool:
            position = bisect.bisect_right(starts, start) - 1
            return position >= 0 and widest[position] >= end

        raw = [f for f in raw if f[2] not in ("name", "school", "address") or not covered(f[0], f[1])]
    return _merge(raw, text)
