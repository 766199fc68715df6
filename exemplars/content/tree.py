"""What is in content/, file by file, without following a single symbolic link.

Content is an allowlist (check 16): Markdown pages, the registries under `_data/`, and the
images and documents records reference. `walk` sorts every entry into one of those classes
or names what it is instead, so the check can refuse it and the build can leave it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_FOLDER = "_data"
IMAGE_SUFFIXES = frozenset(
    {
        ".jpg",
        ".jpeg",
        ".jpe",
        ".jfif",
        ".png",
        ".webp",
        ".gif",
        ".tif",
        ".tiff",
        ".bmp",
        ".heic",
        ".heif",
        ".avif",
    }
)
DOCUMENT_SUFFIXES = frozenset({".pdf"})
MEDIA_SUFFIXES = IMAGE_SUFFIXES | DOCUMENT_SUFFIXES
# Files a browser would run or render as a page of the site's own origin.
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs", ".cjs", ".svg", ".svgz", ".xml", ".xsl"}
)
# Left by editors' tools; never published, never worth an error.
IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass
class Tree:
    """Every entry under content/, by class; paths are relative, with forward slashes."""

    markdown: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # symbolic links, dangling ones too
    active: list[str] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)


def walk(root: Path) -> Tree:
    """Sort every entry under `root`; symbolic links are listed, never followed or read."""
    tree = Tree()
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_symlink():
                tree.links.append(relative)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(relative)
            elif not entry.is_file(follow_symlinks=False):
                tree.stray.append(relative)  # a socket, a device, a pipe
            elif entry.name in IGNORED_NAMES:
                continue
            elif relative.split("/", 1)[0] == DATA_FOLDER:
                tree.data.append(relative)
            else:
                suffix = os.path.splitext(entry.name)[1].lower()
                if suffix == ".md":
                    tree.markdown.append(relative)
                elif suffix in MEDIA_SUFFIXES:
                    tree.media.append(relative)
                elif suffix in ACTIVE_SUFFIXES:
                    tree.active.append(relative)
                else:
                    tree.stray.append(relative)
    for listing in (tree.markdown, tree.media, tree.data, tree.links, tree.active, tree.stray):
        listing.sort()
    return tree
