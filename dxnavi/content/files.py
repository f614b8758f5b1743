"""One validated YAML file under ``CONTENT_DIR``, read once per process.

For content that is read straight from its file rather than stored in the database
(SECURITY ACTION, the national statistics): ``data()`` is the validated file, kept until
``reload()`` (which ``manage.py load_content`` calls through each file's ``check_file``).
"""

import threading
from collections.abc import Callable
from pathlib import Path

import yaml
from django.conf import settings


class ContentFile:
    def __init__(self, relative: str, validate: Callable[[dict], None]):
        self.relative = relative
        self._validate = validate
        self._data: dict | None = None
        self._lock = threading.Lock()

    def path(self) -> Path:
        return Path(settings.CONTENT_DIR) / self.relative

    def read(self) -> dict:
        """The file as it is now, validated (raises ValueError when it is not valid)."""
        with self.path().open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        self._validate(data)
        return data

    def data(self) -> dict:
        if self._data is None:
            fresh = self.read()
            with self._lock:
                if self._data is None:
                    self._data = fresh
        return self._data

    def reload(self) -> dict:
        """Re-read and validate; the next ``data()`` reads the file again."""
        fresh = self.read()
        with self._lock:
            self._data = None
        return fresh
