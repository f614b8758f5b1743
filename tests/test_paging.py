"""``paging.get_page`` gives the page ``Paginator.get_page`` gives, with one query for a short first page."""

import pytest
from django.core.paginator import Paginator

from dxnavi import paging
from dxnavi.orgs.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 3


def _view(page):
    return (list(page.object_list), page.number, page.paginator.count, page.paginator.num_pages, page.has_next(),
            page.has_previous())  # fmt: skip


@pytest.mark.parametrize("size", [0, 1, PER_PAGE, PER_PAGE + 1, 2 * PER_PAGE + 1])
@pytest.mark.parametrize("number", [None, "", "1", 1, "2", "3", "abc", "99", "0", "-1"])
def test_get_page_equals_paginator_get_page(size, number):
    for n in range(size):
        CompanyFactory(name=f"会社{n:02d}")
    companies = Company.objects.order_by("name")
    assert _view(paging.get_page(companies, PER_PAGE, number)) == _view(Paginator(companies, PER_PAGE).get_page(number))


@pytest.mark.parametrize("size", [0, 2, PER_PAGE])
def test_get_page_short_list_first_page_is_one_query(size, django_assert_num_queries):
    for n in range(size):
        CompanyFactory(name=f"会社{n:02d}")
    with django_assert_num_queries(1):
        page = paging.get_page(Company.objects.order_by("name"), PER_PAGE, None)
        assert (len(page.object_list), page.paginator.num_pages, page.has_other_pages()) == (size, 1, False)


def test_get_page_long_list_first_page_counts(django_assert_num_queries):
    for n in range(PER_PAGE + 2):
        CompanyFactory(name=f"会社{n:02d}")
    with django_assert_num_queries(2):
        page = paging.get_page(Company.objects.order_by("name"), PER_PAGE, "1")
        assert (len(page.object_list), page.paginator.num_pages) == (PER_PAGE, 2)
