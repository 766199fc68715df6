"""How Bảng vàng reads, compares, sorts and prints Vietnamese text."""

import random
import unicodedata
from datetime import date, datetime

import pytest

from exemplars.text import (
    collation_key,
    collective_sort_key,
    contains_folded,
    fold,
    fold_letters,
    format_date,
    format_date_long,
    month_label,
    nfc,
    normalize_tones,
    parse_date,
    person_sort_key,
    similar,
    slugify,
)

# --- Normalization ---------------------------------------------------------------------


def test_nfc_composes_a_decomposed_name():
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    assert nfc(decomposed) == "Nguyễn"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("loà", "lòa"),
        ("Hoá", "Hóa"),
        ("uỳ", "ùy"),
        ("HOÀ", "HÒA"),
        ("Uỷ ban", "Ủy ban"),
    ],
)
def test_old_and_new_tone_placement_become_one_spelling(old, new):
    assert normalize_tones(old) == new
    assert normalize_tones(new) == new


def test_normalize_tones_also_composes_nfd_input():
    assert normalize_tones(unicodedata.normalize("NFD", "Hoàng Thị Hoà")) == "Hoàng Thị Hòa"


def test_a_misplaced_tone_before_a_final_consonant_is_corrected():
    assert normalize_tones("hòang") == "hoàng"
    assert normalize_tones("Hùynh") == "Huỳnh"


@pytest.mark.parametrize(
    "word",
    [
        "quý",
        "Quỳnh",
        "quà",
        "giá",
        "người",
        "thuở",
        "khuya",
        "khuỷu",
        "Nguyễn",
        "Đức",
        "Thủy",
        "hoàng",
        "hoạch",
        "quyết",
        "khuếch",
        "tuyển",
        "ngoài",
        "xoáy",
    ],
)
def test_normalize_tones_leaves_other_syllables_alone(word):
    assert normalize_tones(word) == word


def test_normalize_tones_keeps_spacing_and_punctuation():
    assert normalize_tones("Tổ 3, xã Hoà Bình – Km 15") == "Tổ 3, xã Hòa Bình – Km 15"


# --- Folding for search ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đặng Văn Đức", "dang van duc"),
        ("HOÀ THUỶ", "hoa thuy"),
        ("Hòa Thủy", "hoa thuy"),
        ("  Trương   Thị\tƯớc ", "truong thi uoc"),
        ("Phạm Ngọc Ơn", "pham ngoc on"),
        ("ăn ấm ếch ông", "an am ech ong"),
        (unicodedata.normalize("NFD", "Nguyễn Đình Chiểu"), "nguyen dinh chieu"),
    ],
)
def test_fold_removes_marks_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_contains_folded_finds_a_name_typed_without_marks():
    assert contains_folded("Chiến sĩ Nguyễn Văn Hoà", "nguyen van hoa")
    assert contains_folded("Chiến sĩ Nguyễn Văn Hoà", "VĂN HÒA")
    assert not contains_folded("Chiến sĩ Nguyễn Văn Hoà", "Hoàng")


# --- Vietnamese alphabetical order -------------------------------------------------------


def _in_order(*names: str) -> bool:
    keys = [collation_key(name) for name in names]
    return all(a < b for a, b in zip(keys, keys[1:], strict=False))


def test_letters_with_marks_follow_their_base_letter():
    assert _in_order("a", "ă", "â", "b")
    assert _in_order("d", "đ", "e")
    assert _in_order("e", "ê", "g")
    assert _in_order("o", "ô", "ơ", "p")
    assert _in_order("u", "ư", "v")


def test_foreign_letters_sit_at_their_latin_place():
    assert _in_order("ê", "f", "g")
    assert _in_order("i", "j", "k")
    assert _in_order("v", "w", "x")
    assert _in_order("y", "z")


def test_tones_order_none_huyen_hoi_nga_sac_nang():
    assert _in_order("Ba", "Bà", "Bả", "Bã", "Bá", "Bạ")


def test_letters_decide_before_tones():
    assert _in_order("Bá", "Bàn")
    assert _in_order("Bạ", "Bắc")


def test_words_compare_one_by_one():
    assert _in_order("An", "Anh")
    assert _in_order("An Bình", "Anh An")


def test_collation_ignores_case():
    assert collation_key("ĐỨC") == collation_key("đức")


def test_old_and_new_tone_placement_sort_the_same():
    assert collation_key("hoà") == collation_key("hòa")
    assert collation_key("Nguyễn Thị Thuỷ") == collation_key("Nguyễn Thị Thủy")


def test_digits_and_punctuation_do_not_break_sorting():
    labels = ["Tổ 10", "Tổ 2", "Tổ (cũ)", "!!!", "", "Km15", "Ấp 3 – Bến tàu", "A-B", "²", "日本"]
    ordered = sorted(labels, key=collation_key)
    assert ordered.index("Tổ 2") < ordered.index("Tổ 10")
    assert collation_key("") == ()


# --- Personal names ----------------------------------------------------------------------

# In the order a Vietnamese directory lists them: given name, then middle name, then
# family name.
NAMES_IN_ORDER = [
    "Nguyễn An",  # no middle name comes first
    "Nguyễn Hữu An",
    "Dương Văn An",  # same given and middle name: family name decides, D before Đ
    "Đỗ Văn An",
    "Lê Văn An",
    "Nguyễn Văn An",
    "Trần Văn An",
    "Bùi Thị Anh",  # "An" before "Anh"
    "Phạm Thị Anh",
    "Trần Thị Ánh",  # tone after letters: Anh, Ánh, then Ân
    "Lê Thị Ân",
    "Lê Văn Ân",
    "Nguyễn Văn Ba",  # only the tone differs
    "Nguyễn Văn Bà",
    "Nguyễn Văn Bả",
    "Nguyễn Văn Bã",
    "Nguyễn Văn Bá",
    "Nguyễn Văn Bạ",
    "Hà Văn Bắc",
    "Đặng Thị Bình",
    "Đỗ Văn Bình",  # only the family name differs
    "Lê Văn Bình",
    "Lò Văn Bình",
    "Lý Văn Bình",
    "Nguyễn Thị Chi",
    "Phan Văn Cường",  # "Ch" before "Cư"
    "Lê Tiến Dũng",
    "Nguyễn Thùy Dương",
    "Vũ Tiến Đạt",
    "Đặng Văn Đức",
    "Trương Thị Giang",
    "Ngô Thu Hà",
    "Đoàn Văn Hải",
    "Nguyễn Thị Hạnh",
    "Đỗ Thị Hòa",
    "Hoàng Thị Hoà",  # old tone placement files with the new one
    "Trần Văn Hoà",
    "Lê Việt Hoàng",
    "Phạm Mạnh Hùng",
    "Nguyễn Quang Huy",
    "Lê Văn Hưng",
    "Mai Quốc Khánh",
    "Trần Thị Lan",
    "Vũ Đức Lâm",
    "Nguyễn Thùy Linh",
    "Hồ Hoàng Long",
    "Lê Văn Lộc",
    "Phạm Văn Lợi",
    "Đinh Thị Mai",
    "Nguyễn Nhật Minh",
    "Cao Hoài Nam",
    "Bùi Bích Ngọc",
    "Lưu Hồng Nhung",
    "Kiều Thị Oanh",
    "Tạ Thanh Phong",
    "Hoàng Gia Phúc",
    "Đào Duy Quang",
    "Nguyễn Minh Quân",
    "Trịnh Công Sơn",
    "Lâm Thanh Tâm",
    "Đỗ Phương Thảo",
    "Lê Thị Thủy",
    "Nguyễn Thị Thuỷ",
    "Phạm Thị Thủy",
    "Vương Văn Tiến",
    "Hứa Thu Trang",
    "Quách Thành Trung",
    "Lê Anh Tú",
    "Nông Văn Tuấn",
    "Lạc Thị Uyên",
    "Thái Thị Vân",
    "Doãn Quốc Việt",
    "Ninh Văn Xuân",
    "Mạc Thị Yến",
]


def test_personal_names_sort_by_given_then_middle_then_family_name():
    assert len(NAMES_IN_ORDER) >= 50
    shuffled = NAMES_IN_ORDER.copy()
    random.Random(20210910).shuffle(shuffled)
    assert shuffled != NAMES_IN_ORDER
    assert sorted(shuffled, key=person_sort_key) == NAMES_IN_ORDER


def test_both_tone_placements_of_a_name_sort_equal():
    assert person_sort_key("Nguyễn Thị Thuỷ") == person_sort_key("Nguyễn Thị Thủy")
    assert person_sort_key("Hoàng Thị Hoà") == person_sort_key("Hoàng Thị Hòa")


def test_given_name_override_changes_where_a_name_files():
    # Filed under "Khai" by default, so before "Lâm"; under "Minh Khai" it comes after.
    assert person_sort_key("Trần Thị Minh Khai") < person_sort_key("Nguyễn Văn Lâm")
    assert person_sort_key("Trần Thị Minh Khai", "Minh Khai") > person_sort_key("Nguyễn Văn Lâm")


def test_person_sort_key_is_given_middle_family_then_full_name():
    assert person_sort_key("Trần Thị Minh Khai", "Minh Khai") == (
        collation_key("Minh Khai"),
        collation_key("Thị"),
        collation_key("Trần"),
        collation_key("Trần Thị Minh Khai"),
    )
    assert person_sort_key("Trần Thị Minh Khai") == (
        collation_key("Khai"),
        collation_key("Thị Minh"),
        collation_key("Trần"),
        collation_key("Trần Thị Minh Khai"),
    )


def test_given_name_override_splits_the_rest_into_family_and_middle():
    # "Tôn Nữ Thị Ninh": family "Tôn", middle "Nữ Thị", given "Ninh".
    ton_nu = person_sort_key("Tôn Nữ Thị Ninh", "Ninh")
    assert ton_nu == person_sort_key("Tôn Nữ Thị Ninh")
    assert ton_nu < person_sort_key("Nguyễn Thị Ninh")  # middle "Nữ Thị" before "Thị"
    assert ton_nu > person_sort_key("Hoàng Thị Nhàn")  # given name first
    # The override matches whichever tone placement the name uses.
    assert person_sort_key("Lê Thị Hoà", "Hòa") == person_sort_key("Lê Thị Hòa")


def test_a_one_word_name_does_not_crash():
    assert person_sort_key("Ba") < person_sort_key("Nguyễn Văn Bà")
    assert person_sort_key("") < person_sort_key("An")


# --- Collectives -------------------------------------------------------------------------


def test_collectives_sort_by_full_name():
    expected = [
        "Bệnh viện Đa khoa tỉnh",
        "Chi đoàn Thanh niên thôn 2",
        "Chi đoàn Thanh niên thôn 10",
        "Công an phường Bến Thành",
        "Công an xã Hòa Bình",
        "Công an xã Hoà Phú",
        "Đội Cứu hộ",
        "Tổ phòng, chống dịch Km 15 – Bến tàu Dân Tiến",
    ]
    shuffled = expected.copy()
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=collective_sort_key) == expected


# --- Slugs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Nguyễn Văn Mới", "nguyen-van-moi"),
        ("Đặng Văn Đức", "dang-van-duc"),
        (
            "Tổ phòng, chống dịch Km 15 – Bến tàu Dân Tiến",
            "to-phong-chong-dich-km-15-ben-tau-dan-tien",
        ),
        ("  --Hòa & Thuỷ!!  ", "hoa-thuy"),
        ("QĐ 123/QĐ-UBND", "qd-123-qd-ubnd"),
        ("—!?", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_cuts_at_a_word_boundary():
    assert slugify("Nguyễn Văn Mới", max_length=12) == "nguyen-van"
    assert slugify("Nguyễn Văn Mới", max_length=14) == "nguyen-van-moi"
    long = slugify("Tập thể " * 30)
    assert len(long) <= 80
    assert not long.endswith("-")
    assert long.endswith("the")


def test_slugify_cuts_a_single_overlong_word():
    assert slugify("Nghiêngnghiêng", max_length=5) == "nghie"


# --- Dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2021-09-10", "10/9/2021", "10/09/2021", " 10/9/2021 ", date(2021, 9, 10)],
)
def test_parse_date_accepts_iso_and_day_month_year(value):
    assert parse_date(value) == date(2021, 9, 10)


def test_parse_date_turns_a_datetime_into_a_date():
    parsed = parse_date(datetime(2021, 9, 10, 8, 30))
    assert parsed == date(2021, 9, 10)
    assert type(parsed) is date


@pytest.mark.parametrize(
    "value", ["10.9.2021", "10-9-2021", "9/2021", "10/9/21", "2021/09/10", "hôm qua", "", 2021]
)
def test_parse_date_rejects_other_spellings(value):
    with pytest.raises(ValueError) as error:
        parse_date(value)
    assert str(error.value) == (
        f"ngày không đúng định dạng: “{value}”; hãy viết 2021-09-10 hoặc 10/9/2021"
    )


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("31/02/2021", "tháng 2 năm 2021 không có ngày 31"),
        ("29/2/2021", "tháng 2 năm 2021 không có ngày 29"),
        ("2021-04-31", "tháng 4 năm 2021 không có ngày 31"),
        ("0/5/2021", "tháng 5 năm 2021 không có ngày 0"),
        ("10/13/2021", "không có tháng 13"),
        ("2021-00-10", "không có tháng 0"),
    ],
)
def test_parse_date_says_which_part_of_an_impossible_date_is_wrong(value, reason):
    with pytest.raises(ValueError) as error:
        parse_date(value)
    assert str(error.value) == f"ngày không có thật: “{value}” ({reason})"


def test_parse_date_accepts_a_leap_day():
    assert parse_date("29/2/2024") == date(2024, 2, 29)


def test_format_date_is_zero_padded_day_month_year():
    assert format_date(date(2021, 9, 10)) == "10/09/2021"
    assert format_date(date(2021, 10, 1)) == "01/10/2021"
    assert parse_date(format_date(date(2021, 9, 10))) == date(2021, 9, 10)


def test_format_date_long_is_for_running_text():
    assert format_date_long(date(2021, 9, 10)) == "ngày 10 tháng 9 năm 2021"
    assert format_date_long(date(2021, 10, 1)) == "ngày 1 tháng 10 năm 2021"


def test_month_label():
    assert month_label(2021, 9) == "Tháng 9/2021"
    with pytest.raises(ValueError):
        month_label(2021, 13)


# --- Suggesting a misspelt field -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("nmae", "name"),
        ("summry", "summary"),
        ("summary", "sumary"),
        ("kinds", "kind"),
        ("nane", "name"),
        ("Name", "name"),
    ],
)
def test_similar_when_one_typo_apart(typed, known):
    assert similar(typed, known)
    assert similar(known, typed)


@pytest.mark.parametrize(
    ("typed", "known"),
    [("name", "name"), ("kind", "unit"), ("nmea", "name"), ("kin", "kinds"), ("", "ab")],
)
def test_not_similar_when_identical_or_further_apart(typed, known):
    assert not similar(typed, known)


def test_initial_letter_keeps_vowel_marks_and_drops_tones():
    from exemplars.text import initial_letter

    assert initial_letter("Ánh") == "A"
    assert initial_letter("ước") == "Ư"
    assert initial_letter("Đức") == "Đ"
    assert initial_letter("ộ") == "Ô"
    assert initial_letter("  Bình") == "B"
    assert initial_letter("12 tổ") == "#"


@pytest.mark.parametrize(
    "line",
    [
        "Từng là F0 và đã điều trị",
        "cách\u00a0ly",
        "“Dương tính”",
        "ĐIỀU TRỊ",
        "Cach  ly",
        "c\u0301ách ly",
        "İ Kelvin \u212a f0",
        "",
    ],
)
def test_fold_letters_keeps_every_word_fold_finds(line):
    folded, letters = fold(line), fold_letters(line)
    assert letters.isascii()
    for word in folded.split():
        plain = "".join(ch for ch in word if ch.isascii() and ch.isalnum())
        assert plain in letters


@pytest.mark.parametrize(
    "line",
    [
        "người cách ly tại nhà",
        "F0 và f0",
        "Dương Tính",
        "dieu tri",
        "ĐIỀU\u00a0TRỊ",
        "“cách\n ly”",
        "Từng là F0, trực chốt",
    ],
)
def test_the_health_warning_first_look_misses_no_health_word(line):
    from exemplars.content.checks.privacy import _HEALTH_LETTERS, health_words

    assert health_words(line)
    assert _HEALTH_LETTERS.search(fold_letters(line))
