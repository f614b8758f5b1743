"""Companies: the list the token can see, one company's profile with the derived SME flags and their
reasons, and the profile edit (the web form's validation, ``orgs.services.save_company``)."""

from datetime import datetime
from typing import Literal

from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from dxnavi.content import reference
from dxnavi.orgs import scoping, services
from dxnavi.orgs.forms import CompanyForm
from dxnavi.orgs.models import AdviserOrganization, AuditEvent, Company, SupportLink

from ..access import companies_for, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..pagination import PageParams, paginate
from ..problems import Problem, both

PREFIX = "/companies"
router = Router(tags=["companies"])

ORDERING = ("name", "id")


class CompanySummary(Schema):
    id: int
    name: str
    prefecture: str
    industry_major: str
    employees: int
    is_sme: bool
    is_small: bool
    via: Literal["member", "adviser"]


class CompanyPage(Schema):
    items: list[CompanySummary]
    next_cursor: str | None


class CompanyFilters(Schema):
    """Filters of the list (the convention for every list: plain query parameters, validated here)."""

    prefecture: str | None = Field(None, max_length=2, title="都道府県", description="Prefecture code (01–47).")
    industry: str | None = Field(None, max_length=1, title="業種（大分類）", description="JSIC major code (A–T).")
    q: str | None = Field(None, max_length=100, title="会社名", description="Part of the company name.")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


class SmeFlag(Schema):
    value: bool
    reason: dict = Field(description="Why, in Japanese (`ja`) and English (`en`).")


class CompanyDetail(Schema):
    id: int
    name: str
    corporate_number: str
    is_sole_proprietor: bool
    representative: str
    industry_major: str
    industry_middle: str
    industry_minor: str
    prefecture: str
    employees: int
    capital_yen: int | None
    size_band: str
    is_sme: SmeFlag
    is_small: SmeFlag
    industry_group: dict
    needs_detail: dict | None
    via: Literal["member", "adviser"]
    role: str
    updated: datetime


class CompanyPatch(Schema):
    """Fields to change; the others stay. Validated exactly as the web form."""

    name: str | None = Field(None, title="会社名")
    is_sole_proprietor: bool | None = Field(None, title="個人事業主")
    corporate_number: str | None = Field(None, title="法人番号")
    representative: str | None = Field(None, title="代表者")
    industry_major: str | None = Field(None, title="業種（大分類）")
    industry_middle: str | None = Field(None, title="業種（中分類）")
    industry_minor: str | None = Field(None, title="業種（小分類・細分類）")
    prefecture: str | None = Field(None, title="都道府県")
    employees: int | None = Field(None, title="常時使用する従業員数")
    capital_yen: int | None = Field(None, title="資本金（円）")
    confirm_duplicate: bool = Field(False, title="法人番号の重複を確認済み", description="Save although another company has this 法人番号.")


def _member_ids(request, ids) -> set:
    return set(scoping.member_companies(request.auth.token.user).filter(pk__in=ids).values_list("pk", flat=True))


def _audit_listed(request, companies, members: set) -> None:
    """Advisers' listings are counted like the web's client list (one LIST row per company, organization, day)."""
    token = request.auth.token
    others = [c.pk for c in companies if c.pk not in members or token.organization_id]
    if not others:
        return
    if token.organization_id:
        scoping.audit_listed(others, token.user, token.organization, path=request.get_full_path())
        return
    links = SupportLink.objects.filter(
        company_id__in=others, status=SupportLink.Status.ACCEPTED, organization__memberships__user=token.user
    ).select_related("organization").order_by("company_id", "pk")
    by_org = {}
    seen = set()
    for link in links:
        if link.company_id not in seen:
            seen.add(link.company_id)
            by_org.setdefault(link.organization, []).append(link.company_id)
    for organization, ids in by_org.items():
        scoping.audit_listed(ids, token.user, organization, path=request.get_full_path())


CSV_COLUMNS = [
    Column("ID", lambda c: c.pk),
    Column("会社名", lambda c: c.name),
    Column("都道府県", lambda c: reference.prefecture_name(c.prefecture, "ja")),
    Column("業種（大分類）", lambda c: c.industry_major),
    Column("従業員数", lambda c: c.employees),
    Column("中小企業者", lambda c: "はい" if c.is_sme else "いいえ"),
    Column("小規模企業者", lambda c: "はい" if c.is_small else "いいえ"),
]


@router.get("", response=CompanyPage, summary="Companies the token can see", openapi_extra=CSV_OPENAPI)
def list_companies(request, filters: Query[CompanyFilters], page: Query[PageParams]):
    companies = companies_for(request)
    if filters.prefecture:
        companies = companies.filter(prefecture=filters.prefecture)
    if filters.industry:
        companies = companies.filter(industry_major=filters.industry)
    if filters.q:
        companies = companies.filter(Q(name__icontains=filters.q))
    if filters.format == "csv" or wants_csv(request):
        response = csv_file(companies, ordering=ORDERING, columns=CSV_COLUMNS, name="companies")
        rows = list(companies.order_by(*ORDERING).only("pk"))
        members = _member_ids(request, [c.pk for c in rows])
        token = request.auth.token
        adviser_rows = [c for c in rows if c.pk not in members or token.organization_id]
        if adviser_rows:  # an adviser's download: EXPORT rows, as the web's client export
            _audit_export(request, adviser_rows)
        return response
    page_data = paginate(request, companies, ordering=ORDERING, page=page)
    rows = page_data["items"]
    members = _member_ids(request, [c.pk for c in rows])
    _audit_listed(request, rows, members)
    token = request.auth.token
    page_data["items"] = [
        {
            "id": c.pk, "name": c.name, "prefecture": c.prefecture, "industry_major": c.industry_major, "employees": c.employees,
            "is_sme": c.is_sme, "is_small": c.is_small,
            "via": "member" if c.pk in members and not token.organization_id else "adviser",
        }
        for c in rows
    ]
    return page_data


def _audit_export(request, rows) -> None:
    token = request.auth.token
    links = SupportLink.objects.filter(
        company_id__in=[c.pk for c in rows], status=SupportLink.Status.ACCEPTED, organization__memberships__user=token.user
    )
    if token.organization_id:
        links = links.filter(organization_id=token.organization_id)
    seen = {}
    for company_id, organization_id in links.order_by("company_id", "pk").values_list("company_id", "organization_id"):
        seen.setdefault(company_id, organization_id)
    by_org = {}
    for company_id, organization_id in seen.items():
        by_org.setdefault(organization_id, []).append(company_id)
    for organization_id, ids in by_org.items():
        scoping.audit_many(ids, token.user, AdviserOrganization.objects.get(pk=organization_id), AuditEvent.Action.EXPORT, request.get_full_path())


def _detail(access) -> dict:
    company = access.company
    results = {}
    for language in ("ja", "en"):
        with translation.override(language):
            results[language] = services.classification(company)
    ja, en = results["ja"], results["en"]
    return {
        "id": company.pk, "name": company.name, "corporate_number": company.corporate_number,
        "is_sole_proprietor": company.is_sole_proprietor, "representative": company.representative,
        "industry_major": company.industry_major, "industry_middle": company.industry_middle,
        "industry_minor": company.industry_minor, "prefecture": company.prefecture, "employees": company.employees,
        "capital_yen": company.capital_yen, "size_band": company.size_band,
        "is_sme": {"value": company.is_sme, "reason": {"ja": ja.sme_reason, "en": en.sme_reason}},
        "is_small": {"value": company.is_small, "reason": {"ja": ja.small_reason, "en": en.small_reason}},
        "industry_group": {"id": ja.group, "reason": {"ja": ja.group_reason, "en": en.group_reason}},
        "needs_detail": {"ja": ja.needs_detail, "en": en.needs_detail} if ja.needs_detail else None,
        "via": access.via, "role": access.role, "updated": company.updated,
    }


@router.get("/{company_id}", response=CompanyDetail, summary="One company's profile and derived SME flags")
@company_operation(need="view")
def get_company(request, access):
    return _detail(access)


_FORM_FIELDS = CompanyForm.Meta.fields
_LABELS_JA = {name: field.title for name, field in CompanyPatch.model_fields.items() if field.title}


def _form_errors(data, instance) -> list[dict]:
    out = {}
    for language in ("ja", "en"):
        with translation.override(language):
            form = CompanyForm(data, instance=instance)
            form.is_valid()
            out[language] = form.errors.get_json_data()
    errors = []
    for name, messages in out["ja"].items():
        english = out["en"].get(name, [])
        for i, message in enumerate(messages):
            errors.append({
                "field": name if name != "__all__" else "body", "field_ja": _LABELS_JA.get(name, name),
                "message": english[i]["message"] if i < len(english) else message["message"], "message_ja": message["message"],
            })
    return errors


@router.patch("/{company_id}", response=CompanyDetail, summary="Edit the profile (owners and editors, write scope)")
@company_operation(need="edit")
def patch_company(request, access, payload: CompanyPatch):
    company = Company.objects.get(pk=access.company.pk)
    current = model_to_dict(company, fields=_FORM_FIELDS)
    changes = payload.model_dump(exclude_unset=True)
    confirm = changes.pop("confirm_duplicate", False)
    data = {}
    for name in _FORM_FIELDS:
        value = changes.get(name, current.get(name))
        if name == "is_sole_proprietor":
            data[name] = bool(value)
        elif value is not None:
            data[name] = str(value)
    saved_number = company.corporate_number
    form = CompanyForm(data, instance=company)
    if not form.is_valid():
        raise Problem("validation_error", errors=_form_errors(data, Company.objects.get(pk=company.pk)))
    number = form.cleaned_data.get("corporate_number", "")
    if number != saved_number and services.corporate_number_in_use(number, exclude=company) and not confirm:
        ja, en = both(_DUPLICATE)
        raise Problem("conflict", ja if translation.get_language().startswith("ja") else en, errors=[
            {"field": "corporate_number", "field_ja": "法人番号", "message": en, "message_ja": ja}])
    services.save_company(form.save(commit=False))
    return _detail(scoping.CompanyAccess(company=company, via=access.via, role=access.role, organization=access.organization))


_DUPLICATE = gettext_lazy("This 法人番号 is already registered as another company. Send confirm_duplicate: true to save anyway.")
