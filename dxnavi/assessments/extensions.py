"""Sections other apps add to a pack's result page, print view and PDF.

A provider is ``fn(assessment, access) -> dict | None``; the dict names its ``template``
(rendered with the dict as ``section``) and carries what the template needs. Registered in
the other app's ``AppConfig.ready`` for one pack family, so the engine never imports it.
Example: ``dxnavi.dxdiag`` adds DX certification readiness to the DX maturity result.
"""

_sections: dict[str, list] = {}


def register_result_section(pack_family: str, provider) -> None:
    providers = _sections.setdefault(pack_family, [])
    if provider not in providers:
        providers.append(provider)


def result_sections(assessment, access) -> list[dict]:
    sections = []
    for provider in _sections.get(assessment.pack_family, []):
        section = provider(assessment, access)
        if section:
            sections.append(section)
    return sections
