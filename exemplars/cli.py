"""The `exemplars` command: Vietnamese help, exit 1 on any error, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from exemplars.content.problems import report
from exemplars.editor import editor_cli
from exemplars.site.build import build_date, check_content
from exemplars.types import RECORD_TYPES


def _check(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        print(f"{root}: không tìm thấy thư mục nội dung", file=sys.stderr)
        return 1
    content, problems = check_content(root, build_date())
    errors = [p for p in problems if p.is_error]
    if problems:
        print(report(problems))
    counts = ", ".join(f"{len(content.of(t))} {t.label}" for t in RECORD_TYPES)
    print(f"Đã kiểm tra {content.files_read} tệp ({counts}) và {len(content.units)} đơn vị.")
    if errors:
        print("Kết quả: CÓ LỖI — hãy sửa các dòng trên rồi chạy lại.")
        return 1
    print("Kết quả: không có lỗi.")
    return 0


def _decap_config(args: argparse.Namespace) -> int:
    from exemplars.editor import decap

    root = Path(args.dir)
    units, vocabularies, problems = decap.load_registries(root)
    if any(p.is_error for p in problems):
        print(report(problems), file=sys.stderr)
        print("Sổ đơn vị hoặc bộ từ vựng có lỗi; hãy sửa rồi chạy lại.", file=sys.stderr)
        return 1
    config = decap.config_yaml(decap.build_config(units, vocabularies))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(config, encoding="utf-8")
        print(f"Đã ghi cấu hình Decap CMS vào {args.out}")
    else:
        sys.stdout.write(config)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="exemplars",
        description="Bảng vàng: công cụ cho biên tập viên (kiểm tra, tạo tệp, nhập danh sách).",
    )
    commands = main.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    check = commands.add_parser(
        "check",
        help="kiểm tra toàn bộ nội dung",
        description="Kiểm tra mọi tệp nội dung; "
        "in mỗi lỗi một dòng “tệp:dòng: trường: lời nhắn”; mã thoát 1 nếu có lỗi.",
    )
    check.add_argument(
        "dir", nargs="?", default="content", help="thư mục nội dung (mặc định: content)"
    )
    check.set_defaults(run=_check)
    editor_cli.register(commands)
    decap_config = commands.add_parser(
        "decap-config",
        help="tạo cấu hình trình biên tập web (Decap CMS)",
        description="In (hoặc ghi ra tệp) config.yml của Decap CMS, tạo từ mô hình dữ liệu, "
        "bộ từ vựng và sổ đơn vị.",
    )
    decap_config.add_argument("--out", metavar="TỆP", help="ghi ra tệp thay vì in ra màn hình")
    decap_config.add_argument(
        "--dir", default="content", help="thư mục nội dung (mặc định: content)"
    )
    decap_config.set_defaults(run=_decap_config)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not getattr(args, "run", None):
        parser().print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
