"""Media paths in content files: where a `portrait`, `image` or `document` value points.

Shared by the check (the file must exist inside content/) and the build (which publishes
it), so both resolve a path the same way.
"""

from __future__ import annotations

from pathlib import Path

from exemplars.content.model import Commendation, Exemplar, Record, Story
from exemplars.types import BY_MODEL

# The fields that name a file of content/ (an image or a scan), per model.
MEDIA_FIELDS: dict[type[Record], tuple[str, ...]] = {
    Exemplar: ("portrait",),
    Story: ("image",),
    Commendation: ("document",),
}


def resolve_media(record: Record, value: str, root: Path) -> tuple[Path | None, str | None]:
    """A media path relative to the file, or to content/; (path, None) or (None, why not)."""
    cleaned = value.strip()
    if "://" in cleaned or cleaned.startswith("//"):
        return None, "phải là tệp trong thư mục content/, không phải địa chỉ web"
    origin = record.origin.file
    record_type = BY_MODEL.get(type(record))
    file_dir = origin.parent if origin else root / (record_type.folder if record_type else "")
    candidates = (
        [root / cleaned.lstrip("/")]
        if cleaned.startswith("/")
        else [file_dir / cleaned, root / cleaned]
    )
    real_root = root.resolve()
    for candidate in candidates:
        if candidate.exists():
            real = candidate.resolve()
            if real != real_root and real_root not in real.parents:
                return None, "trỏ ra ngoài thư mục content/; hãy chép tệp vào content/"
            if not real.is_file():
                return None, "không phải là một tệp"
            return real, None
    return None, f"không tìm thấy tệp “{cleaned}” (tính từ thư mục của tệp này hoặc content/)"
