"""The `exemplars` command: Vietnamese help, exit 1 on any error, never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from exemplars.content.clock import build_date
from exemplars.content.problems import report
from exemplars.editor import editor_cli
from exemplars.types import RECORD_TYPES


def _check(args: argparse.Namespace) -> int:
    # Not the page renderer, its templates or Pillow: only what checking needs.
    from exemplars.site.checks import check_content

    root = Path(args.dir)
    if not root.is_dir():
        print(f"{root}: không tìm thấy thư mục nội dung", file=sys.stderr)
        return 1
    from exemplars.cli_progress import Reporter
    from exemplars.content.disk_cache import folder_for, kept_between_checks
    from exemplars.content.load import without_cyclic_gc

    # The rules after the load keep allocating beside the records, which live until the
    # command ends: the collector's passes over them freed nothing (a tenth of a check).
    # Files unchanged since the last check are not read again (`content.disk_cache`).
    folder = None if args.no_cache else folder_for(root)
    with (
        Reporter(args.quiet, delay=1.0) as progress,
        without_cyclic_gc(),
        kept_between_checks(root, folder) as cache,
    ):
        content, problems = check_content(root, build_date(), cache, progress)
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


def _generate(args: argparse.Namespace) -> int:
    from exemplars.cli_progress import Reporter
    from exemplars.site.checks import ContentError
    from exemplars.site.generate import GenerateError, generate

    config = Path(args.config)
    if not config.is_file():
        print(f"{config}: không tìm thấy tệp cấu hình", file=sys.stderr)
        return 1
    try:
        with Reporter(args.quiet) as progress:
            result = generate(config, Path(args.out), progress)
    except GenerateError as error:
        print(error, file=sys.stderr)
        return 1
    except ContentError as error:
        print(report(error.problems), file=sys.stderr)
        print("Nội dung có lỗi: hãy sửa các dòng trên rồi chạy lại.", file=sys.stderr)
        return 1
    print(
        f"Đã tạo {result.out}: {result.pages} trang, {result.files} tệp khác, "
        f"{result.images} ảnh và văn bản; cấu hình {result.config.name}."
    )
    return 0


def _build(args: argparse.Namespace) -> int:
    from exemplars import engines
    from exemplars.site.checks import ContentError
    from exemplars.site.generate import GenerateError

    try:
        if args.tree:
            if not args.quiet:
                print(f"Dựng {args.tree} bằng {args.engine}…", file=sys.stderr, flush=True)
            engines.build_tree(args.engine, Path(args.tree), Path(args.site), args.quiet)
        else:
            engines.build_repository(
                args.engine, Path.cwd(), Path(args.site), Path(args.generated), args.quiet
            )
    except (engines.EngineError, GenerateError) as error:
        print(error, file=sys.stderr)
        return 1
    except ContentError as error:
        print(report(error.problems), file=sys.stderr)
        return 1
    print(f"Đã dựng {args.site} bằng {args.engine}.")
    return 0


def _index(args: argparse.Namespace) -> int:
    from exemplars.site.search import index_site

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"{site}: chưa có trang đã dựng", file=sys.stderr)
        return 1
    if not args.quiet:
        print("Tìm kiếm: đang lập chỉ mục…", file=sys.stderr, flush=True)
    indexed = index_site(site)
    print(f"Tìm kiếm: đã lập chỉ mục {indexed.pages} trang trong {indexed.seconds:.1f} giây")
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
    check.add_argument("-q", "--quiet", action="store_true", help="không hiện tiến độ")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="đọc lại mọi tệp, không dùng và không ghi bộ nhớ đệm .cache/check "
        "(biến môi trường EXEMPLARS_CHECK_CACHE chọn thư mục khác, hoặc off để tắt)",
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
    generate = commands.add_parser(
        "generate",
        help="ghi toàn bộ trang thành một thư mục tài liệu sạch cho mọi công cụ dựng trang",
        description="Ghi mọi trang (chỉ hồ sơ đã công bố), ảnh đã xử lý, dữ liệu mở, nguồn tin, "
        "trang chuyển hướng và một mkdocs.yml không có hooks vào thư mục RA; MkDocs, ProperDocs "
        "hay Zensical dựng thư mục đó thành trang web.",
    )
    generate.add_argument("out", metavar="RA", help="thư mục ghi ra (bị thay thế nếu đã có)")
    generate.add_argument(
        "--config", default="mkdocs.yml", help="cấu hình dự án (mặc định: mkdocs.yml)"
    )
    generate.add_argument("-q", "--quiet", action="store_true", help="không hiện tiến độ")
    generate.set_defaults(run=_generate)
    build = commands.add_parser(
        "build",
        help="dựng trang bằng MkDocs, ProperDocs hoặc Zensical",
        description="Dựng trang. mkdocs và properdocs chạy hooks trên kho; zensical dựng cây "
        "trang sạch do `exemplars generate` tạo. Với --tree: dựng một cây đã tạo (không hooks) "
        "và ghi BUILD.json (công cụ, phiên bản) vào cây đó.",
    )
    build.add_argument("site", nargs="?", default="site", help="thư mục ghi trang đã dựng")
    build.add_argument("--engine", default="mkdocs", help="mkdocs (mặc định), properdocs, zensical")
    build.add_argument("--tree", metavar="CÂY", help="dựng cây do `exemplars generate` tạo")
    build.add_argument(
        "--generated", default="generated", help="nơi ghi cây trang cho zensical (generated)"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="không hiện tiến độ")
    build.set_defaults(run=_build)
    index = commands.add_parser(
        "index",
        help="lập chỉ mục tìm kiếm (Pagefind) cho một trang đã dựng",
        description="Lập chỉ mục Pagefind cho các trang hồ sơ của thư mục trang đã dựng.",
    )
    index.add_argument("site", nargs="?", default="site", help="thư mục trang đã dựng")
    index.add_argument("-q", "--quiet", action="store_true", help="không hiện tiến độ")
    index.set_defaults(run=_index)
    return main


# argparse's own words (usage, errors, the help option), in Vietnamese. argparse looks them
# up through its module's `_`/`ngettext` when a parser is built and used: `_vietnamese()`
# swaps those two for the length of one command only, so no other argparse user changes.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn không rõ: %(option)s có thể là %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "not allowed with argument %s": "không dùng cùng với %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
}


@contextmanager
def _vietnamese() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: _ARGPARSE_VI.get(message, message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: _ARGPARSE_VI.get(  # type: ignore[attr-defined]
        one if n == 1 else many, one if n == 1 else many
    )
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Run one command. Exit status: 0 done (warnings allowed), 1 errors in the content or
    the input (nothing written), 2 a wrong command line, 130 interrupted (Ctrl-C)."""
    with _vietnamese():
        commands = parser()
        args = commands.parse_args(argv)  # exits with 2 and a Vietnamese line when wrong
        if not getattr(args, "run", None):
            commands.print_help()
            return 2
    from exemplars.cli_progress import Reporter

    # The progress display for the command (`--quiet` silences it); subcommands that live
    # below the entry points (the editor's) draw through it without importing tqdm.
    args.progress = Reporter(quiet=getattr(args, "quiet", False))
    try:
        status = args.run(args)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`exemplars check | head`): the rest is not wanted, and
        # the interpreter's last flush must not fail with a traceback either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command the pipe stopped
    finally:
        args.progress.close()


if __name__ == "__main__":
    sys.exit(main())
