"""Content loader: content/questionnaires/*.yaml -> QuestionnairePack rows (idempotent).

- unchanged pack (same id, version and checksum): nothing happens;
- new version: stored beside the old ones; old assessments keep theirs;
- same version, different content: ValueError ("bump the version"), nothing is written;
- invalid pack: ValueError naming the file and the item, nothing is written.
Every file is validated before the first row is written, in one transaction.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from dxnavi.content.validation import check_sources

from .domain import packs
from .models import QuestionnairePack

SUBDIR = "questionnaires"


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path(settings.CONTENT_DIR).parent))
    except ValueError:
        return str(path)


def read_pack(path: Path) -> dict:
    """Parse and validate one pack file; returns its definition."""
    name = _display(path)
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as error:
        raise ValueError(f"{name}: not valid YAML: {error}") from error
    check_sources(name, data)
    return packs.validate(data, name)


def load_questionnaires(directory=None) -> list[str]:
    directory = Path(directory) if directory else Path(settings.CONTENT_DIR) / SUBDIR
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    found = {}
    for path in files:
        definition = read_pack(path)
        key = (definition["id"], definition["version"])
        if key in found:
            raise ValueError(f"{_display(path)}: pack {key[0]!r} version {key[1]!r} is also defined in {found[key][0]}")
        found[key] = (_display(path), definition, packs.checksum(definition))

    stored = {
        (p.pack_id, p.version): p.checksum
        for p in QuestionnairePack.objects.filter(pack_id__in={k[0] for k in found}).only("pack_id", "version", "checksum")
    }
    new = []
    lines = []
    for key, (name, definition, digest) in found.items():
        if key not in stored:
            new.append(
                QuestionnairePack(pack_id=key[0], version=key[1], definition=definition, checksum=digest, source_file=name)
            )
            lines.append(f"questionnaire {key[0]} {key[1]}: stored ({name})")
        elif stored[key] != digest:
            raise ValueError(
                f"{name}: pack {key[0]!r} version {key[1]!r} is already loaded with different content; "
                "bump the version so earlier assessments keep the text they were answered with"
            )
        else:
            lines.append(f"questionnaire {key[0]} {key[1]}: unchanged")
    with transaction.atomic():
        for pack in new:
            pack.save()
    return lines
