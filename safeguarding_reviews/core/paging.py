"""Page numbers from the query string (`?page=`), read one way for every paged list (security finding 3).

A number that is not a page of this list (not a whole number, 0, negative, beyond the last page, Unicode or
NUL in it) shows the first page with the message "That page link could not be read, so this is the first
page." (the chronology's cursor says the same), never an error.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib import messages
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

BAD_PAGE_MESSAGE = "That page link could not be read, so this is the first page."


def page_or_first(request: HttpRequest, paginator: Paginator[Any], *, param: str = "page") -> Page[Any]:
    raw = request.GET.get(param)
    if raw in (None, ""):
        return paginator.page(1)
    try:
        return paginator.page(paginator.validate_number(raw.strip()) if len(raw) <= 20 else "")
    except InvalidPage:
        messages.info(request, BAD_PAGE_MESSAGE)
        return paginator.page(1)


class PeekPage:
    """A page of a list read without counting the list: `per_page + 1` rows are read from the page's
    offset, and the extra row only says that a next page exists. For lists whose total would mean reading
    every row the person may see (Your cases: every visible case), which grows with the years a deployment
    holds. It offers what the pagination templates use of Django's Page, less the page count."""

    def __init__(self, *, number: int, rows: list[Any], per_page: int) -> None:
        self.number = number
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


# A page number past this is not a page anyone reached by following links (the offset would read that many
# rows to skip them).
MAX_PEEK_PAGE = 10_000


class Sliceable(Protocol):
    """An ordered list read by slices: a QuerySet, or a list that reads its own slices (the dashboard's)."""

    def __getitem__(self, index: slice, /) -> Any: ...


def peek_page_or_first(
    request: HttpRequest, rows: QuerySet[Any] | Sliceable, per_page: int, *, param: str = "page"
) -> PeekPage:
    """The page `?page=` names of an ordered queryset, without a count. A number that cannot be read, or one
    past the last page, gives the first page and BAD_PAGE_MESSAGE, as page_or_first does."""
    raw = (request.GET.get(param) or "").strip()
    number = 1
    if raw:
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 20 else 0
        if not 1 <= number <= MAX_PEEK_PAGE:
            messages.info(request, BAD_PAGE_MESSAGE)
            number = 1
    start = (number - 1) * per_page
    page = PeekPage(number=number, rows=list(rows[start : start + per_page + 1]), per_page=per_page)
    if number > 1 and not page.object_list:
        messages.info(request, BAD_PAGE_MESSAGE)
        page = PeekPage(number=1, rows=list(rows[: per_page + 1]), per_page=per_page)
    return page
