"""The editor's subcommands of `exemplars`: `new`, `import` and `schema` (Vietnamese help).

Kept apart from cli.py so that file only registers them. Every failure is a Vietnamese
message and exit status 1, with nothing written. The tools themselves (importer, scaffold,
schema) are imported by the command that runs them, so `exemplars check` does not load them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from exemplars import text
from exemplars.content.checks import check_sources
from exemplars.content.clock import build_date
from exemplars.content.load import display_path, load_content
from exemplars.content.problems import Problem

KINDS = {
    "individual": "individual",
    "ca-nhan": "individual",
    "cá nhân": "individual",
    "collective": "collective",
    "tap-the": "collective",
    "tập thể": "collective",
    "household": "household",
    "ho-gia-dinh": "household",
    "hộ gia đình": "household",
}


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    print("Không ghi tệp nào.", file=sys.stderr)
    return 1


def _date(value: str | None, option: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return text.parse_date(value)
    except ValueError as error:
        errors.append(f"{option}: {error}")
        return None


# The option of `exemplars new` that sets each field, to show a problem of the file about to
# be written against what the editor typed.
OPTION_OF_FIELD = {
    "name": "--name",
    "summary": "--summary",
    "campaigns": "--campaign",
    "campaign": "--campaign",
    "sector": "--sector",
    "award": "--award",
    "type": "--type",
    "recipients": "--recipient",
    "exemplars": "--exemplar",
    "number": "--number",
    "issuer": "--issuer",
    "date": "--date",
    "reason": "--reason",
    "signer": "--signer",
    "title": "--title",
    "start": "--start",
    "end": "--end",
    "position": "--position",
    "organization": "--organization",
    "author": "--author",
    "source": "--source",
    "tags": "--tag",
}


def _as_option(problem: Problem) -> str:
    option = OPTION_OF_FIELD.get(problem.field.split(".")[0].split("[")[0])
    return f"{option}: {problem.message}" if option else str(problem)


def _new(args: argparse.Namespace) -> int:
    from exemplars.editor.importer import UnitMatcher, guess_kind, match_key
    from exemplars.editor.scaffold import ScaffoldError, decision_slug, plan_new, write_atomically

    root = Path(args.content)
    if not (root / "_data" / "units.yml").is_file():
        return _fail([f"{root}: không thấy thư mục nội dung (cần {root}/_data/units.yml)"])
    content = load_content(root)
    errors: list[str] = []
    values: dict[str, Any] = {"status": "draft"}
    kind_of = args.type
    if kind_of == "exemplar":
        kind = guess_kind(args.name) if args.kind is None else KINDS.get(args.kind.lower())
        if kind is None:
            errors.append(
                f"--kind: “{args.kind}” không hợp lệ; dùng individual (cá nhân), "
                f"collective (tập thể) hoặc household (hộ gia đình)"
            )
        unit, _, why = UnitMatcher(content.units).find(args.unit)
        if unit is None:
            errors.append(f"--unit: {why}")
        values.update(
            name=args.name,
            kind=kind,
            unit=unit.id if unit else None,
            summary=args.summary,
            position=args.position,
            organization=args.organization,
            sector=args.sector,
            campaigns=args.campaign or [],
            tags=args.tag or [],
            aliases=[],
        )
        slug = args.id or text.slugify(args.name)
    elif kind_of == "commendation":
        day = _date(args.date, "--date", errors)
        values.update(
            number=args.number,
            date=day,
            issuer=args.issuer,
            award=args.award,
            reason=args.reason,
            recipients=[{"exemplar": r} for r in args.recipient],
            campaign=args.campaign,
            type=args.kind_of_commendation,
            signer=args.signer,
        )
        slug = args.id or (decision_slug(args.number, args.issuer, day) if day else "")
    elif kind_of == "campaign":
        start = _date(args.start, "--start", errors)
        end = _date(args.end, "--end", errors)
        values.update(title=args.title, start=start, end=end, summary=args.summary, basis=[])
        slug = args.id or text.slugify(args.title)
    else:
        day = _date(args.date, "--date", errors) or build_date()
        values.update(
            title=args.title,
            date=day,
            author=args.author,
            source=args.source,
            campaign=args.campaign,
            exemplars=args.exemplar or [],
        )
        slug = args.id or text.slugify(args.title)
    if errors:
        return _fail(errors)
    try:
        planned = plan_new(kind_of, values, root, slug)
    except ScaffoldError as error:
        return _fail(error.messages)
    # The one validator: the file about to be written, read and checked among the others
    # exactly as `exemplars check` would read it; each problem shown against its option.
    problems = check_sources(content, {planned.path: planned.source}, build_date())
    if problems:
        return _fail([_as_option(problem) for problem in problems])
    try:
        write_atomically({planned.path: planned.source}, root)
    except ScaffoldError as error:
        return _fail(error.messages)
    if kind_of == "exemplar":
        key = match_key(values["name"], values["unit"])
        for record in content.exemplars:
            if match_key(record.name, record.unit) == key:
                print(
                    f"Lưu ý: đã có hồ sơ cùng tên, cùng đơn vị: {record.origin.path}; nếu là "
                    f"cùng một người, hãy xóa tệp mới và dùng hồ sơ cũ.",
                    file=sys.stderr,
                )
    print(display_path(planned.path))
    return 0


def _import(args: argparse.Namespace) -> int:
    from exemplars.editor.importer import ImportError_, Options, summary, summary_table
    from exemplars.editor.importer import recover as recover_import
    from exemplars.editor.importer import run as run_import

    if args.recover:
        try:
            print(recover_import(Path(args.content)))
        except ImportError_ as error:
            for message in error.messages:
                print(message, file=sys.stderr)
            return 1
        return 0
    missing = [
        f"--{name}" for name in ("number", "date", "issuer", "award") if not getattr(args, name)
    ]
    if not args.sheet:
        missing.insert(0, "DANH_SÁCH (tệp .xlsx hoặc .csv)")
    if missing:
        return _fail([f"thiếu {', '.join(missing)}; xem “exemplars import --help”"])
    options = Options(
        sheet=Path(args.sheet),
        number=args.number,
        date=args.date,
        issuer=args.issuer,
        award=args.award,
        campaign=args.campaign,
        type=args.type,
        id=args.id,
        reason=args.reason,
        signer=args.signer,
        draft=args.draft,
        content=Path(args.content),
    )
    try:
        with args.progress as progress:  # drawn by the entry point (exemplars.cli)
            plan, recovered = run_import(
                options, build_date(), dry_run=args.dry_run, progress=progress
            )
    except ImportError_ as error:
        return _fail(error.messages)
    if recovered:
        print(recovered)
    if args.chi_tiet == "-":
        print(summary_table(plan, args.dry_run))
    elif args.chi_tiet:
        table = Path(args.chi_tiet)
        table.parent.mkdir(parents=True, exist_ok=True)
        table.write_text(summary_table(plan, args.dry_run) + "\n", encoding="utf-8")
        print(f"Bảng từng dòng: {table}")
    print(summary(plan, args.dry_run))
    return 0


def _schema(args: argparse.Namespace) -> int:
    from exemplars.editor.schema import write_schemas

    root = Path(args.content)
    if not root.is_dir():
        return _fail([f"{root}: không tìm thấy thư mục nội dung"])
    changed = write_schemas(root, Path(args.out))
    for path in changed:
        print(f"đã ghi {display_path(path)}")
    if not changed:
        print(f"Lược đồ trong {args.out} đã đúng với nội dung; không có gì thay đổi.")
    return 0


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        default="content",
        metavar="THƯ_MỤC",
        help="thư mục nội dung (mặc định: content)",
    )


def register(commands) -> None:
    """Add `new`, `import` and `schema` to the `exemplars` command."""
    new = commands.add_parser(
        "new",
        help="tạo tệp mới từ mẫu (gương điển hình, quyết định, phong trào, tin bài)",
        description="Tạo một tệp mới từ mẫu (archetypes/ của trang, nếu có, hoặc mẫu dựng sẵn), "
        "đủ mọi trường, mỗi trường một dòng ghi chú, status: draft. Tên tệp là tên viết không "
        "dấu (Nguyễn Văn Mới → nguyen-van-moi.md), thêm -2, -3 nếu đã có. In ra đường dẫn tệp.",
    )
    types = new.add_subparsers(dest="type", metavar="LOẠI", title="loại tệp", required=True)

    exemplar = types.add_parser("exemplar", help="gương điển hình (cá nhân, tập thể, hộ)")
    exemplar.add_argument("--name", required=True, help="họ tên hoặc tên tập thể")
    exemplar.add_argument(
        "--kind",
        help="individual (cá nhân), collective (tập thể), household "
        "(hộ gia đình); bỏ trống thì đoán theo tên (Tổ…, Trạm…, Hộ ông…)",
    )
    exemplar.add_argument(
        "--unit", required=True, help="mã hoặc tên đơn vị (tra-co, “Phường Trà Cổ”, “P. Trà Cổ”)"
    )
    exemplar.add_argument("--summary", required=True, help="tóm tắt thành tích, tối đa 300 ký tự")
    exemplar.add_argument("--position", help="chức vụ")
    exemplar.add_argument("--organization", help="cơ quan, đơn vị công tác")
    exemplar.add_argument("--sector", help="mã lĩnh vực (y-te, cong-an, …)")
    exemplar.add_argument("--campaign", action="append", help="mã phong trào (lặp lại được)")
    exemplar.add_argument("--tag", action="append", help="nhãn (lặp lại được)")

    decision = types.add_parser("commendation", help="quyết định khen thưởng")
    decision.add_argument("--number", required=True, help="số quyết định, ví dụ 245/QĐ-UBND")
    decision.add_argument("--date", required=True, help="ngày ký, ví dụ 08/10/2021")
    decision.add_argument(
        "--issuer", required=True, help="cấp quyết định, ví dụ “Chủ tịch UBND phường Trà Cổ”"
    )
    decision.add_argument("--award", required=True, help="mã hình thức khen thưởng (giay-khen…)")
    decision.add_argument("--reason", required=True, help="thành tích được khen")
    decision.add_argument(
        "--recipient",
        action="append",
        required=True,
        metavar="MÃ",
        help="mã gương điển hình được khen (lặp lại cho mỗi người)",
    )
    decision.add_argument("--campaign", help="mã phong trào")
    decision.add_argument(
        "--type",
        dest="kind_of_commendation",
        metavar="LOẠI_HÌNH",
        help="mã loại hình khen thưởng (dot-xuat, chuyen-de, …)",
    )
    decision.add_argument("--signer", help="người ký")

    campaign = types.add_parser("campaign", help="phong trào thi đua")
    campaign.add_argument("--title", required=True, help="tên phong trào")
    campaign.add_argument("--start", required=True, help="ngày bắt đầu, ví dụ 10/9/2021")
    campaign.add_argument("--end", help="ngày kết thúc")
    campaign.add_argument("--summary", help="giới thiệu ngắn")

    story = types.add_parser("story", help="tin, bài")
    story.add_argument("--title", required=True, help="tiêu đề")
    story.add_argument("--date", help="ngày đăng (mặc định: hôm nay)")
    story.add_argument("--author", help="tác giả")
    story.add_argument("--source", help="cơ quan đăng tin")
    story.add_argument("--campaign", help="mã phong trào")
    story.add_argument(
        "--exemplar",
        action="append",
        metavar="MÃ",
        help="mã gương điển hình bài viết nói về (lặp lại được)",
    )

    for sub in (exemplar, decision, campaign, story):
        sub.add_argument("--id", help="đặt mã (tên tệp) thay cho mã tự sinh")
        _content_option(sub)
        sub.set_defaults(run=_new)

    sheet = commands.add_parser(
        "import",
        help="nhập một quyết định từ danh sách Excel/CSV của Hội đồng thi đua",
        description="Đọc danh sách (.xlsx hoặc .csv UTF-8) của một quyết định khen thưởng; ghi "
        "MỘT tệp quyết định và một tệp gương điển hình cho mỗi dòng (dùng lại hồ sơ đã có "
        "cùng tên, cùng đơn vị). Các tệp được ghi ở trạng thái published (đây là quyết định "
        "thật, đã ký), trừ khi có --draft. Có dòng lỗi thì không ghi gì và in từng dòng lỗi; "
        "nhập lại cùng danh sách thì không thay đổi gì.",
    )
    sheet.add_argument("sheet", metavar="DANH_SÁCH", nargs="?", help="tệp .xlsx hoặc .csv")
    sheet.add_argument("--number", help="số quyết định, ví dụ 245/QĐ-UBND (bắt buộc)")
    sheet.add_argument("--date", help="ngày ký, ví dụ 08/10/2021 (bắt buộc)")
    sheet.add_argument("--issuer", help="cấp quyết định, như in trên quyết định (bắt buộc)")
    sheet.add_argument("--award", help="mã hình thức khen thưởng (giay-khen…) (bắt buộc)")
    sheet.add_argument("--campaign", help="mã phong trào")
    sheet.add_argument("--type", help="mã loại hình khen thưởng (dot-xuat, chuyen-de, …)")
    sheet.add_argument("--id", help="mã (tên tệp) của quyết định; mặc định sinh từ số, cấp, năm")
    sheet.add_argument(
        "--reason",
        help="thành tích chung của quyết định; mặc định: thành tích "
        "chung của các dòng, nếu mọi dòng như nhau",
    )
    sheet.add_argument("--signer", help="người ký")
    sheet.add_argument(
        "--draft",
        action="store_true",
        help="ghi ở trạng thái bản nháp (status: draft) thay vì published",
    )
    sheet.add_argument(
        "--dry-run", action="store_true", help="chỉ kiểm tra và in bảng kết quả, không ghi tệp"
    )
    sheet.add_argument(
        "--chi-tiet",
        nargs="?",
        const="-",
        metavar="TỆP",
        help="in bảng kết quả từng dòng (hoặc ghi vào TỆP); mặc định chỉ in một dòng tóm tắt",
    )
    sheet.add_argument("-q", "--quiet", action="store_true", help="không hiện tiến độ")
    sheet.add_argument(
        "--recover",
        action="store_true",
        help="chỉ ghi nốt (hoặc hoàn tác) một lần nhập trước bị dừng giữa chừng",
    )
    _content_option(sheet)
    sheet.set_defaults(run=_import)

    schema = commands.add_parser(
        "schema",
        help="sinh lược đồ JSON Schema cho trình soạn thảo (VS Code)",
        description="Sinh schemas/*.schema.json từ mô hình dữ liệu, kèm danh sách mã đơn vị và "
        "danh mục của thư mục nội dung. Chạy lại sau khi sửa units.yml hoặc vocabularies.yml.",
    )
    schema.add_argument(
        "--out",
        default="schemas",
        metavar="THƯ_MỤC",
        help="thư mục ghi lược đồ (mặc định: schemas)",
    )
    _content_option(schema)
    schema.set_defaults(run=_schema)
