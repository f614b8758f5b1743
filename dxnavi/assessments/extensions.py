"""Sections other apps add to a pack's result page, print view and PDF.

A provider is ``fn(assessment, access) -> dict | None``; the dict names its ``template``
(rendered with the dict as ``section``) and carries what the template needs. Registered in
the other app's ``AppConfig.ready`` for one pack family, so the engine never imports it.
Example: ``dxnavi.dxdiag`` adds DX certification readiness to the DX maturity result.

``key`` (``fn(assessment, access) -> tuple``) names everything the section prints besides the
(immutable) result, the company and the viewer kind, cheaply: the stored result PDF is keyed by it
(``documents.result_document``). A pack with a section registered without one keys its PDF by the HTML.
"""

_sections: dict[str, list] = {}
_keys: dict = {}  # provider -> its key function


def register_result_section(pack_family: str, provider, key=None) -> None:
    providers = _sections.setdefault(pack_family, [])
    if provider not in providers:
        providers.append(provider)
    if key is not None:
        _keys[provider] = key


def section_key_parts(assessment, access) -> list | None:
    """The key parts of every section of this pack's results, or None when a provider has no key function."""
    parts = []
    for provider in _sections.get(assessment.pack_family, []):
        key = _keys.get(provider)
        if key is None:
            return None
        parts.append(key(assessment, access))
    return parts


def result_sections(assessment, access) -> list[dict]:
    sections = []
    for provider in _sections.get(assessment.pack_family, []):
        section = provider(assessment, access)
        if section:
            sections.append(section)
    return sections
