"""Vietnamese text handling: normalization, search folding, sorting, slugs and dates.

Everything that depends on how Vietnamese is written lives here, so that the rest of the
project never calls :mod:`unicodedata` and never has to know that "Hoà" and "Hòa" are the
same name.

Canonical tone placement
------------------------
Vietnamese has two conventions for where the tone mark goes in the open syllables spelt with
``oa``, ``oe`` and ``uy``: on the first vowel ("hòa", "khỏe", "thủy") or on the second one
("hoà", "khoẻ", "thuỷ"). Both are correct and both turn up in the same list of names.
:func:`normalize_tones` rewrites to the first form: "hòa", "khỏe", "thủy", "ùy" (usually called
the traditional placement, "kiểu cũ"). It is what common Vietnamese keyboard tools produce by
default and what most names are already written in. With a final consonant there is only one
spelling ("hoàng", "hoạch", "huỳnh") and it is kept; the misplaced "hòang" or "hùynh" is
corrected to it. Every other syllable ("quý", "giá", "thuở", "khuya", "Nguyễn") is untouched.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime
from functools import cache, lru_cache

__all__ = [
    "collation_key",
    "collective_sort_key",
    "contains_folded",
    "fold",
    "fold_letters",
    "initial_letter",
    "format_date",
    "format_date_long",
    "month_label",
    "nfc",
    "normalize_tones",
    "parse_date",
    "person_sort_key",
    "search_aliases",
    "similar",
    "slugify",
]

# Combining tone marks, ranked in Vietnamese dictionary order:
# ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {
    "\u0300": 1,  # huyền  à
    "\u0309": 2,  # hỏi    ả
    "\u0303": 3,  # ngã    ã
    "\u0301": 4,  # sắc    á
    "\u0323": 5,  # nặng   ạ
}

# The Vietnamese alphabet, with f j w z slotted in at their Latin places so that foreign
# names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

_VOWELS = frozenset("aăâeêioôơuưy")
# Open syllables whose tone placement differs between the two conventions.
_SHIFTING_NUCLEI = frozenset({"oa", "oe", "uy"})

_WORD = re.compile(r"[^\W\d_]+")
_SORT_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def nfc(s: str) -> str:
    """Compose to NFC, so text typed on different keyboards compares equal byte for byte."""
    if s.isascii():  # ASCII is always NFC; skips the normalizer's scan of long files
        return s
    return unicodedata.normalize("NFC", s)


@lru_cache(maxsize=4096)
def _split_tone(char: str) -> tuple[str, str]:
    """Split one character into (character without tone, tone mark or "")."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(mark for mark in decomposed if mark in _TONE_RANK)
    if not tone:
        return char, ""
    rest = "".join(mark for mark in decomposed if mark not in _TONE_RANK)
    return unicodedata.normalize("NFC", rest), tone[-1]


def _with_tone(char: str, tone: str) -> str:
    return unicodedata.normalize("NFC", char + tone)


def _retone_word(match: re.Match[str], modern: bool = False) -> str:
    """Move the tone of one syllable to its canonical vowel (see the module docstring).

    ``modern`` moves it to the other placement of open "oa", "oe", "uy" ("hoà", "thuỷ").
    """
    word = match.group(0)
    parts = [_split_tone(char) for char in word]
    marked = [index for index, (_, tone) in enumerate(parts) if tone]
    if len(marked) != 1:
        return word
    plain = "".join(base.lower() for base, _ in parts)

    start = next((i for i, ch in enumerate(plain) if ch in _VOWELS), None)
    if start is None:
        return word
    end = start
    while end < len(plain) and plain[end] in _VOWELS:
        end += 1
    if any(ch in _VOWELS for ch in plain[end:]):
        return word  # several vowel groups: not a single Vietnamese syllable
    initial = plain[:start]
    if initial == "q" and plain[start] == "u":
        start += 1  # "qu" is a consonant: quý, quà
    elif initial == "g" and plain[start] == "i" and end - start > 1:
        start += 1  # "gi" is a consonant: giá, giường

    if plain[start:end] not in _SHIFTING_NUCLEI:
        return word
    source = marked[0]
    target = start if end == len(plain) and not modern else start + 1
    if source == target or source not in (start, start + 1):
        return word
    tone = parts[source][1]
    chars = list(word)
    chars[source] = parts[source][0]
    chars[target] = _with_tone(parts[target][0], tone)
    return "".join(chars)


@lru_cache(maxsize=1 << 17)
def normalize_tones(s: str) -> str:
    """NFC plus one tone placement ("hoà" → "hòa"), so both spellings of a name match."""
    return _WORD.sub(_retone_word, nfc(s))


def search_aliases(s: str) -> list[str]:
    """Other spellings a reader may type for a name or title, for the search index.

    Both tone placements ("Trần Thị Hòa" / "Trần Thị Hoà") and the folded form without any
    mark, with d for đ ("tran thi hoa"); the text itself and repeats are left out.
    """
    original = nfc(s).strip()
    variants = (
        normalize_tones(original),
        _WORD.sub(lambda m: _retone_word(m, modern=True), original),
        fold(original),
    )
    return [v for v in dict.fromkeys(variants) if v and v != original]


def fold(s: str) -> str:
    """Reduce text to bare lowercase ASCII-like letters, for search and duplicate detection.

    "Đặng Văn Đức" → "dang van duc". Tone marks and vowel marks both go, because people
    searching often type without them.
    """
    decomposed = unicodedata.normalize("NFD", s)
    # One C-level pass (str.translate) instead of a Python loop over every character.
    stripped = decomposed if decomposed.isascii() else decomposed.translate(_FOLD_TABLE)
    return " ".join(stripped.lower().split())


_SYLLABLE = re.compile(r"[a-z0-9]+")


def syllables(s: str) -> list[str]:
    """The folded words of a text, in order: "Phòng, chống dịch" → ["phong", "chong", "dich"].

    Vietnamese is written in syllables, so these are what the search's word sets key on; the
    search script splits a query the same way (fold, then runs of a-z and 0-9).
    """
    decomposed = unicodedata.normalize("NFD", s)
    stripped = decomposed if decomposed.isascii() else decomposed.translate(_FOLD_TABLE)
    return _SYLLABLE.findall(stripped.lower())


def fold_letters(s: str) -> str:
    """The lowercase ASCII of fold(s) alone, everything else dropped; fast, for a first look.

    Every word fold(s) contains is here too, letters in the same order, only the spaces
    between words may be missing: a file without the word here needs no fold at all.
    """
    s = s.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    return unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode("ascii").lower()


class _FoldTable(dict):
    """str.translate table for fold: combining marks dropped, đ → d; filled as chars appear."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.combining(char) else char
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable({ord("đ"): "d", ord("Đ"): "D", ord("Ð"): "D"})


@lru_cache(maxsize=4096)
def _letter_element(char: str) -> tuple[tuple[int, int, str], int]:
    """Rank one lowercase letter: (alphabet position element, tone rank)."""
    base, tone = _split_tone(char)
    if base == "ð":
        base = "đ"  # the look-alike Icelandic eth, sometimes typed for đ
    rank = _LETTER_RANK.get(base)
    if rank is not None:
        return (2, rank, ""), _TONE_RANK.get(tone, 0)
    decomposed = unicodedata.normalize("NFD", base)
    latin = _LETTER_RANK.get(decomposed[0])
    if latin is not None:
        # A foreign accented letter (ü, ç, ñ): next to its Latin base letter.
        return (2, latin, decomposed[1:]), _TONE_RANK.get(tone, 0)
    return (3, ord(base), ""), _TONE_RANK.get(tone, 0)


def _word_key(word: str) -> tuple[tuple, tuple[int, ...]]:
    """Key of one word: letters over the whole word first, then its tones."""
    bases: list[tuple] = []
    tones: list[int] = []
    for token in _TOKEN.findall(word):
        if token.isdecimal():
            # Numbers sort by value ("Tổ 2" before "Tổ 10") and before any letter.
            bases.append((1, int(token), len(token)))
            continue
        for char in token:
            element, tone = _letter_element(char)
            bases.append(element)
            if tone:
                tones.append(tone)
    return tuple(bases), tuple(tones)


# Sort keys are pure functions of short strings, asked for again for the same names by every
# listing, board and rebuild of a running preview: kept, up to a bound.
@lru_cache(maxsize=1 << 17)
def collation_key(s: str) -> tuple:
    """Sort key for Vietnamese alphabetical order (a ă â b c d đ e ê g …), case-insensitive.

    Words are compared one after another, so "An" sorts before "Anh"; within a word the
    letters decide first and the tones (none, huyền, hỏi, ngã, sắc, nặng) only break ties.
    Punctuation separates words and is otherwise ignored; numbers compare by value.
    """
    return tuple(_word_key(word) for word in _SORT_WORD.findall(normalize_tones(s).lower()))


@lru_cache(maxsize=1 << 17)
def person_sort_key(name: str, given_name: str | None = None) -> tuple:
    """Sort key for a personal name the Vietnamese way: given name, middle name, family name.

    "Trần Văn An" files under "An", not under "Trần". ``given_name`` overrides the part the
    name files under (e.g. "Minh Khai" in "Trần Thị Minh Khai"); when the name ends with it,
    the words before it are the family name (the first word) and the middle name. The full
    name breaks remaining ties.
    """
    words = name.split()
    if given_name and given_name.split():
        given_words = given_name.split()
        tail = words[-len(given_words) :]
        if len(given_words) <= len(words) and collation_key(" ".join(tail)) == collation_key(
            given_name
        ):
            rest = words[: -len(given_words)]
        else:
            rest = words[:-1]  # the override does not match: treat the last word as given
        given = " ".join(given_words)
    else:
        rest = words[:-1]
        given = words[-1] if words else ""
    family = rest[0] if rest else ""
    middle = " ".join(rest[1:])
    return (
        collation_key(given),
        collation_key(middle),
        collation_key(family),
        collation_key(name),
    )


@lru_cache(maxsize=1 << 17)
def collective_sort_key(name: str) -> tuple:
    """Sort key for a collective or household: the full name, in Vietnamese order."""
    return collation_key(name)


def initial_letter(s: str) -> str:
    """The A–Z heading a name files under: its first letter, tone off, vowel marks kept.

    "Ánh" → "A", "Ước" → "Ư", "đức" → "Đ"; "#" for a name that starts with no letter.
    """
    for char in nfc(s).strip():
        if char.isalpha():
            base, _ = _split_tone(char)
            return "Đ" if base in "ÐĐđ" else base.upper()
        if char.isdigit():
            return "#"
    return "#"


def slugify(s: str, max_length: int = 80) -> str:
    """ASCII slug for file names and URLs: "Nguyễn Văn Mới" → "nguyen-van-moi".

    Cut at a word boundary so a long name does not end in half a word; a single word longer
    than ``max_length`` is cut hard. Returns "" when nothing is left, and the caller decides.
    """
    if len(s) <= max_length and _SLUG.fullmatch(s):
        return s  # already a slug (every record id): folding would give it back unchanged
    words = re.findall(r"[a-z0-9]+", fold(s))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = candidate
    return slug


def _malformed(value: object) -> ValueError:
    return ValueError(f"ngày không đúng định dạng: “{value}”; hãy viết 2021-09-10 hoặc 10/9/2021")


def parse_date(value: object) -> date:
    """Read a date from YAML or a form: a date, "2021-09-10" or "10/9/2021" (day/month/year).

    Only these two spellings are accepted, because "10.9.2021" or "9/10/2021"-style guesses
    would silently turn a typo into the wrong day. Errors are in Vietnamese, for editors.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _malformed(value)
    shown = value.strip()
    if match := _ISO_DATE.fullmatch(shown):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY_DATE.fullmatch(shown):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise _malformed(shown)
    if year < 1:
        problem = f"không có năm {year}"
    elif not 1 <= month <= 12:
        problem = f"không có tháng {month}"
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        problem = f"tháng {month} năm {year} không có ngày {day}"
    else:
        return date(year, month, day)
    raise ValueError(f"ngày không có thật: “{shown}” ({problem})")


def format_date(d: date) -> str:
    """Short date as Vietnamese government sites print it: "10/09/2021"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: date) -> str:
    """Date in running text: "ngày 10 tháng 9 năm 2021"."""
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def month_label(year: int, month: int) -> str:
    """Heading for a month in archives: "Tháng 9/2021"."""
    if not 1 <= month <= 12:
        raise ValueError(f"không có tháng {month}")
    return f"Tháng {month}/{year}"


def similar(a: str, b: str) -> bool:
    """True when ``a`` is one typo away from ``b``, to suggest a known field name.

    One typo is one insertion, deletion, substitution or swap of neighbours (the optimal
    string alignment distance is exactly 1); identical names are not "similar".
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)] == 1


def contains_folded(haystack: str, needle: str) -> bool:
    """Substring search that ignores case, tones and vowel marks: "hoa" finds "Hòa"."""
    return fold(needle) in fold(haystack)


# Letters that look like Đ/đ but are not (Icelandic eth, U+00D0/U+00F0): keyboards and
# OCR put them in document numbers ("245/QÐ-UBND"), where they must read as Đ.
_LOOKALIKE_D = str.maketrans({"Ð": "Đ", "ð": "đ"})
_NUMBER_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*", re.IGNORECASE)


def normalize_doc_number(value: str) -> str:
    """A document number as pasted → as written: "Số: 245/QÐ - UBND" → "245/QĐ-UBND".

    Drops a leading "Số"/"Số:", turns the look-alike Ð into Đ and removes spaces around
    "/" and "-"; it does not judge the form (the model's pattern does).
    """
    value = nfc(value).strip().translate(_LOOKALIKE_D)
    value = _NUMBER_PREFIX.sub("", value)
    return re.sub(r"\s*([/-])\s*", r"\1", value)


def join_names(names: list[str]) -> str:
    """ "a, b và c": a list in running Vietnamese text."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def format_count(n: int) -> str:
    """A count as Vietnamese writes it: 2.000, 12.345 (a dot between thousands)."""
    return f"{n:,}".replace(",", ".")


@cache
def _number_table() -> dict[int, str]:
    """str.translate table for fold_numbers, built once from Unicode's own categories.

    On first use, not on import: the scan of 65,000 characters cost every command (and
    `exemplars check`) tens of milliseconds, and only text with exotic digits needs it.
    """
    table: dict[int, str] = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Nd":
            table[code] = str(unicodedata.digit(char))  # full-width, Arabic-Indic, … → 0-9
        elif category == "Zs":
            table[code] = " "  # no-break, narrow, ideographic and other spaces
        elif category == "Pd" or char in "\u2212\ufe63\uff0d":
            table[code] = "-"  # hyphens, en and em dashes, minus signs
    for char in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e":
        table[ord(char)] = ""  # zero-width characters and the soft hyphen vanish
    separators = {
        "\uff0e": ".", "\u00b7": ".", "\u2024": ".", "\u2027": ".", "\u30fb": ".",
        "\uff0f": "/", "\u2044": "/", "\u2215": "/",
        "\uff0c": ",", "\u3001": ",", "\uff0b": "+", "\uff08": "(", "\uff09": ")",
    }  # fmt: skip
    table.update({ord(char): value for char, value in separators.items()})
    return table


# Anything but ASCII and the Latin letters and marks Vietnamese is written with.
_EXOTIC_DIGIT = re.compile(r"[^\x00-\x7f\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")


def fold_numbers(s: str) -> str:
    """Text as a number reader sees it: every digit 0-9, every space " ", every dash "-",
    full-width dots, slashes, commas and plus ASCII, zero-width characters gone.

    "０９１２ ３４５ ６７８", "0912\u00a0345\u2013678" and "09\u200b12.345.678" all read
    "0912 345 678"-like. Newlines are kept, so lines still count the same.
    """
    if not _EXOTIC_DIGIT.search(s):
        return s  # Vietnamese letters and ASCII only: nothing to fold, and the common case
    return s.translate(_number_table())


def digit_count(s: str) -> int:
    """ASCII digits in s, counted in C (a first look: a phone number needs ten)."""
    return sum(s.count(d) for d in "0123456789")


# The type code of a document number → how a citation names the document.
_DOCUMENT_KINDS = {
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "CV": "Công văn",
    "QH": "Luật",
}


def document_kind(number: str) -> str:
    """ "Kế hoạch" for 187/KH-UBND, "Luật" for 06/2022/QH15; "Văn bản" when unknown."""
    for part in re.split(r"[/-]", number):
        code = part.rstrip("0123456789").upper()
        if code in _DOCUMENT_KINDS:
            return _DOCUMENT_KINDS[code]
    return "Văn bản"


def about_clause(title: str) -> str:
    """A trích yếu as it runs on after a citation: "Về việc …" → "về việc …"."""
    title = title.strip()
    if title[:1].isupper() and not title.startswith(("Kế hoạch", "Quyết định")):
        title = title[:1].lower() + title[1:]
    return title if title.startswith("về") else f"về {title}"
