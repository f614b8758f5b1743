"""Registry of content loaders run by ``manage.py load_content``.

Each app that ships content registers a function returning report lines. A loader must be
idempotent and must raise ValueError (naming the file and item) on invalid content, before
writing anything.
"""

_loaders = []


def register(loader):
    _loaders.append(loader)
    return loader


def load_all() -> list[str]:
    from dxnavi.content import national_stats, reference

    reference.validate_all()
    lines = ["reference data: prefectures, 日本標準産業分類, 中小企業者の定義 — valid"]
    lines.extend(national_stats.check_file())
    for loader in _loaders:
        lines.extend(loader())
    return lines
