"""Seeded generator of realistic Vietnamese content trees for the benchmark.

`generate(folder, n)` writes a content folder in the content format (shared spec): n
exemplars (individuals, collectives, households), n/5 decisions with several recipients each,
n/20 stories, the sample unit registry and the sample campaign. The same seed gives the same
tree byte for byte, so two runs measure the same work. Every generated tree passes
`exemplars check`: awards fit their recipients' kinds, decisions are dated after the
campaign started and before the 2025 merger of the units, numbers are unique per issuer
and year, and no text looks like a phone or citizen ID number.

    python benchmarks/generate.py OUT_FOLDER N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from exemplars import text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
CAMPAIGN_ID = "covid-19-dac-biet"
CAMPAIGN_START = date(2021, 9, 10)
# The 17 wards and communes and the city agencies ended on 2025-06-30 (the police on
# 2025-02-28): every decision is signed before that, when all of them still existed.
LAST_DAY = date(2025, 2, 27)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# ---- names -------------------------------------------------------------------------------

FAMILY = [
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 2),
    ("Vũ", 3),
    ("Võ", 2),
    ("Phan", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lương", 1),
    ("Đào", 1),
    ("Mai", 1),
    ("Tô", 1),
    ("Trịnh", 1),
    ("Lưu", 1),
    ("Chu", 1),
    ("Hà", 1),
]
MALE_MIDDLE = [
    "Văn",
    "Văn",
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Xuân",
    "Thanh",
    "Công",
    "Mạnh",
    "Tiến",
    "Ngọc",
    "Việt",
    "Đình",
    "Trọng",
    "Thế",
    "Bá",
    "Duy",
    "Quốc",
]
FEMALE_MIDDLE = [
    "Thị",
    "Thị",
    "Thị",
    "Thu",
    "Ngọc",
    "Thanh",
    "Minh",
    "Phương",
    "Hồng",
    "Thúy",
    "Lan",
    "Kim",
    "Bích",
    "Mỹ",
    "Diệu",
    "Hải",
    "Quỳnh",
    "Khánh",
]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lợi",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trọng",
    "Trung",
    "Trường",
    "Tuấn",
    "Tùng",
    "Vĩnh",
    "Việt",
    "Vũ",
    "Ơn",
    "Ước",
    "Ẩn",
    "Đạt",
    "Hưng",
    "Lực",
    "Chiến",
    "Kỷ",
    "Mỹ",
]
FEMALE_GIVEN = [
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Cúc",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quỳnh",
    "Thảo",
    "Thơ",
    "Thủy",
    "Thư",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Ngữ",
    "Lụa",
    "Ngát",
    "Sửu",
    "Ưng",
]

INDIVIDUAL_ROLES = [
    # (position, organization template, sector)
    ("Bác sĩ", "Trung tâm Y tế thành phố Móng Cái", "y-te"),
    ("Điều dưỡng", "Trung tâm Y tế thành phố Móng Cái", "y-te"),
    ("Y sĩ", "Trạm Y tế {unit}", "y-te"),
    ("Trưởng trạm", "Trạm Y tế {unit}", "y-te"),
    ("Cán bộ", "Công an {unit}", "cong-an"),
    ("Trung úy", "Công an thành phố Móng Cái", "cong-an"),
    ("Thiếu tá", "Đồn Biên phòng Ka Long", "bien-phong"),
    ("Chỉ huy trưởng", "Ban Chỉ huy Quân sự {unit}", "quan-doi"),
    ("Giáo viên", "Trường Tiểu học {short}", "giao-duc"),
    ("Hiệu trưởng", "Trường Trung học cơ sở {short}", "giao-duc"),
    ("Tổ trưởng tổ dân phố", None, "dan-cu"),
    ("Trưởng thôn", None, "dan-cu"),
    ("Bí thư Chi đoàn", "Đoàn Thanh niên {unit}", "doan-the"),
    ("Chủ tịch Hội Phụ nữ", "Hội Liên hiệp Phụ nữ {unit}", "doan-the"),
    ("Tình nguyện viên", "Đội Thanh niên tình nguyện {unit}", "tinh-nguyen"),
    ("Công chức văn hóa – xã hội", "UBND {unit}", "chinh-quyen"),
    ("Phó Chủ tịch", "UBND {unit}", "chinh-quyen"),
    ("Phóng viên", "Trung tâm Truyền thông và Văn hóa thành phố Móng Cái", "van-hoa-thong-tin"),
    ("Giám đốc", "Công ty TNHH Thương mại Hải Hà", "doanh-nghiep"),
    ("Lái xe", "Hợp tác xã Vận tải Móng Cái", "giao-thong"),
    ("Nhân viên", "Chi nhánh ngân hàng tại Móng Cái", "ngan-hang"),
    ("Hộ kinh doanh", None, "thuong-mai"),
    ("Nông dân", None, "nong-nghiep"),
]
COLLECTIVES = [
    ("Tổ Covid cộng đồng khu {n}, {unit_lower}", "dan-cu"),
    ("Tổ dân phố số {n}, {unit_lower}", "dan-cu"),
    ("Thôn {n}, {unit_lower}", "dan-cu"),
    ("Chốt kiểm soát dịch số {n}, {unit_lower}", "cong-an"),
    ("Tổ phòng, chống dịch Km {n} – {short}", "quan-doi"),
    ("Trạm Y tế {unit_lower}", "y-te"),
    ("Đội tiêm chủng lưu động số {n}, Trung tâm Y tế Móng Cái", "y-te"),
    ("Khoa Truyền nhiễm số {n}, Trung tâm Y tế Móng Cái", "y-te"),
    ("Công an {unit_lower}", "cong-an"),
    ("Ban Chỉ huy Quân sự {unit_lower}", "quan-doi"),
    ("Chi đoàn Thanh niên khu {n}, {unit_lower}", "doan-the"),
    ("Chi hội Phụ nữ khu {n}, {unit_lower}", "doan-the"),
    ("Trường Mầm non {short} số {n}", "giao-duc"),
    ("Đội Thanh niên tình nguyện {short} số {n}", "tinh-nguyen"),
    ("Hợp tác xã Dịch vụ {short} số {n}", "doanh-nghiep"),
]
AGENCY_TEAMS = [
    "Tổ công tác số {n}",
    "Đội nghiệp vụ số {n}",
    "Phòng chuyên môn số {n}",
    "Tổ tình nguyện số {n}",
]
AGENCY_SECTORS = {"y-te": "y-te", "cong-an": "cong-an", "truyen-thong": "van-hoa-thong-tin"}
DEEDS = [
    "trực chốt kiểm soát dịch {d} ngày liên tục tại cửa khẩu",
    "vận động {d} hộ dân trong khu đi tiêm vắc xin phòng Covid-19 đầy đủ",
    "tổ chức tiêm tại nhà cho {d} người cao tuổi, người khó đi lại",
    "lấy mẫu xét nghiệm cho hơn {d} người dân trong đợt cao điểm",
    "cho mượn nhà, điện, nước để tổ trực chốt nghỉ ngơi suốt {d} ngày",
    "hỗ trợ {d} suất quà cho các gia đình khó khăn, người phải cách ly",
    "tuyên truyền phòng dịch trên loa truyền thanh và mạng xã hội suốt {d} ngày",
    "vận chuyển hàng hóa thiết yếu cho {d} hộ trong khu phong tỏa",
    "theo dõi sức khỏe {d} người từ nơi khác về địa phương",
    "dạy học trực tuyến cho {d} học sinh trong thời gian giãn cách",
    "quyên góp hơn {d} triệu đồng cho Quỹ phòng, chống dịch của thành phố",
    "tuần tra kiểm soát đường biên, ngăn chặn {d} trường hợp xuất nhập cảnh trái phép",
]
REASONS = [
    "Đã có thành tích xuất sắc trong Phong trào thi đua đặc biệt phòng, chống dịch Covid-19.",
    "Có thành tích tiêu biểu trong công tác tiêm chủng vắc xin phòng Covid-19 trên địa bàn.",
    "Có thành tích xuất sắc trong công tác phòng, chống dịch Covid-19, góp phần thực hiện "
    "“mục tiêu kép” vừa chống dịch, vừa phát triển kinh tế – xã hội.",
    "Đã có thành tích trong công tác tuyên truyền, vận động nhân dân phòng, chống dịch.",
    "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ kiểm soát dịch tại cửa khẩu, đường biên.",
    "Đã có nhiều đóng góp trong công tác bảo đảm an sinh xã hội thời gian giãn cách.",
]
ANNUAL_REASONS = [
    "Đã hoàn thành xuất sắc nhiệm vụ năm {year}.",
    "Đạt danh hiệu thi đua năm {year} theo đề nghị của Hội đồng Thi đua – Khen thưởng.",
]
STORY_TITLES = {
    "individual": [
        "{unit}: {name} và những ngày trực chốt không nghỉ",
        "Gặp {name}, người {deed}",
        "{name}: “Chống dịch như chống giặc”",
    ],
    "collective": [
        "{name}: những ngày trực chốt không nghỉ",
        "{unit} khen thưởng {count} tập thể, cá nhân tiêu biểu trong phòng, chống dịch",
    ],
    "household": [
        "Những tấm gương thầm lặng ở {unit_lower}",
        "{name}: góp nhà, góp sức cho tổ trực chốt",
    ],
}
AUTHORS = [
    "Trần Tương",
    "Ngọc Ánh",
    "Minh Đức",
    "Thu Hường",
    "Quang Vĩnh",
    "Phương Thảo",
    "Ban biên tập Bảng vàng",
]
BODY_SENTENCES = [
    "Những ngày cao điểm dịch bệnh, {who} có mặt từ sáng sớm đến tối muộn.",
    "Không quản ngại khó khăn, {who} luôn đi đầu trong mọi nhiệm vụ được giao.",
    "Bà con trong khu vẫn nhắc mãi sự tận tụy của {who}.",
    "“Mỗi người dân là một chiến sĩ, mỗi gia đình là một pháo đài chống dịch”, {who} chia sẻ.",
    "Nhờ sự phối hợp chặt chẽ với trạm y tế và công an, địa bàn giữ vững vùng xanh an toàn.",
    "Trong đợt tiêm chủng, {who} đến từng nhà nhắc lịch tiêm, giải thích cho người còn e ngại.",
    "Việc làm của {who} là minh chứng cho tinh thần “tương thân, tương ái” của người Móng Cái.",
    "Sau giờ làm, {who} còn tham gia tổ tình nguyện phát quà cho các hộ khó khăn.",
    "Tập thể cán bộ, nhân dân khu phố đồng lòng thực hiện nghiêm các biện pháp phòng dịch.",
]

# ---- awards and who signs them ------------------------------------------------------------

# Awards with classes (Nhất, Nhì, Ba): their decisions must say which (`rank`).
RANKED = {
    entry["id"]
    for entry in yaml.safe_load(
        (
            Path(__file__).resolve().parent.parent / "exemplars" / "data" / "vocabularies.yml"
        ).read_text(encoding="utf-8")
    )["awards"]
    if entry.get("ranked")
}


@dataclass(frozen=True)
class AwardPlan:
    award: str
    kinds: tuple[str, ...]
    level: str  # "unit" (ward, commune), "city", "province", "nation", "president"
    weight: int
    campaign: bool  # given in the campaign, or yearly (thuong-xuyen)


AWARDS = [
    AwardPlan("giay-khen", ("individual", "collective", "household"), "unit", 30, True),
    AwardPlan("giay-khen", ("individual", "collective"), "city", 16, True),
    AwardPlan(
        "bang-khen-bo-nganh-tinh", ("individual", "collective", "household"), "province", 12, True
    ),
    AwardPlan("bang-khen-thu-tuong", ("individual", "collective"), "nation", 2, True),
    AwardPlan("huan-chuong-lao-dong", ("individual", "collective"), "president", 1, True),
    AwardPlan("chien-si-thi-dua-co-so", ("individual",), "city", 9, False),
    AwardPlan("lao-dong-tien-tien", ("individual",), "city", 9, False),
    AwardPlan("tap-the-lao-dong-tien-tien", ("collective",), "city", 7, False),
    AwardPlan("tap-the-lao-dong-xuat-sac", ("collective",), "city", 3, False),
    AwardPlan("gia-dinh-van-hoa", ("household",), "unit", 6, False),
    AwardPlan("ky-niem-chuong", ("individual",), "province", 2, False),
]
ISSUERS = {
    "city": ("Chủ tịch UBND thành phố Móng Cái", "QĐ-UBND", "mong-cai"),
    "province": ("Chủ tịch UBND tỉnh Quảng Ninh", "QĐ-UBND", "quang-ninh"),
    "nation": ("Thủ tướng Chính phủ", "QĐ-TTg", "ttg"),
    "president": ("Chủ tịch nước", "QĐ-CTN", "ctn"),
}
KIND_SHARE = (("individual", 72), ("collective", 22), ("household", 6))


@dataclass
class Place:
    id: str
    name: str  # "Phường Trà Cổ"
    short: str  # "Trà Cổ"
    ward: bool  # a ward or commune (signs its own Giấy khen), not a city agency


@dataclass
class Person:
    id: str
    name: str
    kind: str
    place: Place
    summary: str


@dataclass
class Counts:
    exemplars: int = 0
    commendations: int = 0
    stories: int = 0
    recipients: int = 0
    files: list[Path] = field(default_factory=list)


def _places(units_file: Path) -> list[Place]:
    """The units a 2021 record can name: the 17 wards and communes and the city agencies."""
    units = yaml.load(units_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    places = []
    for unit in units:
        if unit.get("valid_from") or unit["type"] in ("tinh", "thanh-pho"):
            continue  # the 2025 successors, the province and the city
        if unit.get("valid_to") and unit["valid_to"] <= LAST_DAY:
            continue
        ward = unit["type"] in ("phuong", "xa", "thi-tran")
        short = unit["name"].split(" ", 1)[1] if ward else unit["name"]
        places.append(Place(unit["id"], unit["name"], short, ward))
    return places


def _lower_first(value: str) -> str:
    return value[:1].lower() + value[1:]


class Generator:
    def __init__(self, folder: Path, n: int, seed: int):
        self.folder = folder
        self.n = n
        self.random = random.Random(seed)
        self.places = _places(SAMPLE / "_data" / "units.yml")
        self.wards = [p for p in self.places if p.ward]
        self.ids: set[str] = set()
        self.people: list[Person] = []
        self.counts = Counts()

    # -- helpers -------------------------------------------------------------------------

    def pick(self, options: list):
        return self.random.choice(options)

    def weighted(self, pairs):
        items, weights = zip(*pairs, strict=True)
        return self.random.choices(items, weights=weights)[0]

    def unique_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.ids:
            candidate = f"{base}-{number}"
            number += 1
        self.ids.add(candidate)
        return candidate

    def person_name(self) -> tuple[str, str]:
        family = self.weighted(FAMILY)
        if self.random.random() < 0.5:
            return f"{family} {self.pick(MALE_MIDDLE)} {self.pick(MALE_GIVEN)}", "male"
        return f"{family} {self.pick(FEMALE_MIDDLE)} {self.pick(FEMALE_GIVEN)}", "female"

    def deed(self) -> str:
        return self.pick(DEEDS).format(d=self.random.randint(12, 480))

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.random.randint(0, (end - start).days))

    def date_value(self, day: date):
        """Half the files write dates the Vietnamese way, half as YAML dates."""
        return f"{day.day}/{day.month}/{day.year}" if self.random.random() < 0.5 else day

    def write(self, relative: str, front: dict, body: str) -> None:
        path = self.folder / relative
        dumped = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
        self.counts.files.append(path)

    def body(self, who: str, paragraphs: int) -> str:
        out = []
        for _ in range(paragraphs):
            sentences = self.random.sample(BODY_SENTENCES, k=3)
            out.append(" ".join(s.format(who=who) for s in sentences))
        return "\n\n".join(out) + "\n"

    # -- records -------------------------------------------------------------------------

    def exemplars(self) -> None:
        kinds = [k for k, _ in KIND_SHARE]
        weights = [w for _, w in KIND_SHARE]
        for _ in range(self.n):
            kind = self.random.choices(kinds, weights=weights)[0]
            place = self.pick(self.places if kind == "collective" else self.wards)
            front: dict = {}
            if kind == "individual":
                name, gender = self.person_name()
                position, organization, sector = self.pick(INDIVIDUAL_ROLES)
                who = ("anh " if gender == "male" else "chị ") + name.split()[-1]
                front.update(name=name, kind=kind, unit=place.id)
                summary = f"{position} {self.deed()}."
                extra = {"position": position}
                if organization:
                    extra["organization"] = organization.format(
                        unit=_lower_first(place.name), short=place.short
                    )
                extra["sector"] = sector
            elif kind == "collective":
                pattern, sector = self.pick(COLLECTIVES)
                if not place.ward:
                    pattern = self.pick(AGENCY_TEAMS) + ", {unit}"
                    sector = next(
                        (s for key, s in AGENCY_SECTORS.items() if key in place.id), "chinh-quyen"
                    )
                name = pattern.format(
                    n=self.random.randint(1, 12),
                    unit=place.name,
                    unit_lower=_lower_first(place.name),
                    short=place.short,
                )
                who = "các thành viên của tổ"
                front.update(name=name, kind=kind, unit=place.id)
                summary = f"Tập thể {self.deed()}, {self.deed()}."
                extra = {"sector": sector}
            else:
                head, gender = self.person_name()
                title = "ông" if gender == "male" else "bà"
                name = f"Hộ gia đình {title} {head}"
                who = f"gia đình {title} {head.split()[-1]}"
                front.update(name=name, kind=kind, unit=place.id)
                summary = f"Gia đình {self.deed()}."
                extra = {"sector": "dan-cu"}
            front["summary"] = summary[:1].upper() + summary[1:]
            front.update(extra)
            if self.random.random() < 0.8:
                front["campaigns"] = [CAMPAIGN_ID]
            if self.random.random() < 0.3:
                front["tags"] = self.random.sample(
                    [
                        "tiêm chủng",
                        "trực chốt",
                        "tình nguyện",
                        "an sinh",
                        "tuyên truyền",
                        "cửa khẩu",
                        "y tế cơ sở",
                    ],
                    k=2,
                )
            base = text.slugify(f"{name} {place.short}" if kind == "individual" else name)
            record_id = self.unique_id(base)
            self.write(
                f"exemplars/{record_id}.md", front, self.body(who, self.random.randint(1, 3))
            )
            self.people.append(Person(record_id, name, kind, place, front["summary"]))
        self.counts.exemplars = self.n

    def commendations(self) -> None:  # noqa: C901  (one generator per record shape, read top to bottom)
        """n/5 decisions; cycling through shuffled pools names nearly everyone at least once."""
        pools: dict[tuple[str, str], list[Person]] = {}
        for person in self.people:
            pools.setdefault((person.kind, person.place.id), []).append(person)
            pools.setdefault((person.kind, "*"), []).append(person)
        for pool in pools.values():
            self.random.shuffle(pool)
        cursor: dict[tuple[str, str], int] = dict.fromkeys(pools, 0)

        def draw(kind: str, where: str) -> Person | None:
            pool = pools.get((kind, where))
            if not pool:
                return None
            person = pool[cursor[(kind, where)] % len(pool)]
            cursor[(kind, where)] += 1
            return person

        numbers: dict[tuple[str, int], int] = {}
        present = {person.kind for person in self.people}
        plans = [(plan, plan.weight) for plan in AWARDS if present & set(plan.kinds)]
        for _ in range(max(1, self.n // 5)):
            plan = self.weighted(plans)
            kinds = [kind for kind in plan.kinds if kind in present]
            if plan.campaign:
                day = self.day(CAMPAIGN_START + timedelta(days=7), date(2022, 12, 31))
            else:
                day = self.day(date(2021, 12, 15), LAST_DAY)
            first = draw(self.pick(kinds), "*")
            for _ in range(100):  # a ward's decision: someone from a ward; collectives may not be
                if plan.level != "unit" or first.place.ward:
                    break
                first = draw(self.pick(kinds), "*")
            else:
                plan = AwardPlan(plan.award, plan.kinds, "city", plan.weight, plan.campaign)
            if plan.level == "unit":
                place = first.place  # the ward of someone it honors signs its Giấy khen
                issuer, doc_type, issuer_key = (
                    f"Chủ tịch UBND {_lower_first(place.name)}",
                    "QĐ-UBND",
                    place.id,
                )
                where = place.id
            else:
                issuer, doc_type, issuer_key = ISSUERS[plan.level]
                where = "*"
            number = numbers.get((issuer_key, day.year), self.random.randint(1, 60))
            number += self.random.randint(1, 25)
            numbers[(issuer_key, day.year)] = number
            recipients: list[dict] = [{"exemplar": first.id}]
            seen: set[str] = {first.id}
            for _ in range(self.random.randint(1, 8)):
                person = draw(self.pick(kinds), where)
                if person is None or person.id in seen:
                    continue
                seen.add(person.id)
                item: dict = {"exemplar": person.id}
                if self.random.random() < 0.1:
                    item["reason"] = f"Đã {self.deed()}."
                recipients.append(item)
            for _ in range(self.random.choice((0, 0, 1, 2))):
                kind = self.pick(kinds)
                unit = self.pick(self.wards if where == "*" else [place])
                if kind == "individual":
                    name, _gender = self.person_name()
                    recipients.append(
                        {
                            "name": name,
                            "kind": kind,
                            "unit": unit.id,
                            "position": self.pick(INDIVIDUAL_ROLES)[0],
                        }
                    )
                elif kind == "collective":
                    recipients.append(
                        {
                            "name": f"Tổ Covid cộng đồng khu {self.random.randint(1, 12)}, "
                            f"{_lower_first(unit.name)}",
                            "kind": kind,
                            "unit": unit.id,
                        }
                    )
                else:
                    name, gender = self.person_name()
                    title = "ông" if gender == "male" else "bà"
                    recipients.append(
                        {"name": f"Hộ gia đình {title} {name}", "kind": kind, "unit": unit.id}
                    )
            front = {
                "number": f"{number}/{doc_type}",
                "date": self.date_value(day),
                "issuer": issuer,
                "award": plan.award,
                **({"rank": "ba"} if plan.award in RANKED else {}),
                "type": self.pick(["chuyen-de", "dot-xuat"]) if plan.campaign else "thuong-xuyen",
                "reason": self.pick(REASONS)
                if plan.campaign
                else self.pick(ANNUAL_REASONS).format(
                    year=day.year - 1 if day.month < 3 else day.year
                ),
            }
            if plan.campaign:
                front["campaign"] = CAMPAIGN_ID
            front["recipients"] = recipients
            record_id = self.unique_id(f"{text.slugify(front['number'])}-{issuer_key}-{day.year}")
            body = f"Tặng thưởng cho {len(recipients)} tập thể, cá nhân có thành tích tiêu biểu.\n"
            self.write(f"commendations/{record_id}.md", front, body)
            self.counts.commendations += 1
            self.counts.recipients += len(recipients)

    def stories(self) -> None:
        for _ in range(max(1, self.n // 20)):
            about = self.random.sample(
                self.people, k=min(len(self.people), self.random.randint(1, 5))
            )
            lead = about[0]
            title = self.pick(STORY_TITLES[lead.kind]).format(
                unit=lead.place.short,
                unit_lower=_lower_first(lead.place.name),
                name=lead.name,
                deed=self.deed(),
                count=self.random.randint(5, 40),
            )
            day = self.day(CAMPAIGN_START, LAST_DAY)
            front = {
                "title": title,
                "date": self.date_value(day),
                "author": self.pick(AUTHORS),
                "source": "Trung tâm Truyền thông và Văn hóa thành phố Móng Cái",
                "campaign": CAMPAIGN_ID,
                "exemplars": [p.id for p in about],
            }
            body = "\n\n".join(
                [f"{p.name}: {p.summary}" for p in about]
                + [self.body("mọi người", 1), self.body("lực lượng tuyến đầu", 1)]
            )
            record_id = self.unique_id(text.slugify(title, max_length=70))
            self.write(f"stories/{record_id}.md", front, body)
            self.counts.stories += 1

    def run(self) -> Counts:
        for folder in ("exemplars", "commendations", "campaigns", "stories", "_data"):
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(SAMPLE / "_data" / "units.yml", self.folder / "_data" / "units.yml")
        shutil.copy2(
            SAMPLE / "campaigns" / f"{CAMPAIGN_ID}.md",
            self.folder / "campaigns" / f"{CAMPAIGN_ID}.md",
        )
        shutil.copy2(SAMPLE / "index.md", self.folder / "index.md")
        self.exemplars()
        self.commendations()
        self.stories()
        return self.counts


def generate(folder: Path, n: int, seed: int = 2021) -> Counts:
    """Write a content tree with n exemplars into `folder` (emptied first)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    return Generator(folder, n, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    counts = generate(args.folder, args.n, args.seed)
    print(
        f"{args.folder}: {counts.exemplars} exemplars, {counts.commendations} decisions "
        f"({counts.recipients} recipients), {counts.stories} stories"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
