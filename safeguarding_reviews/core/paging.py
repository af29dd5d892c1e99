"""Page numbers from the query string (`?page=`), read one way for every paged list (security finding 3).

A number that is not a page of this list (not a whole number, 0, negative, beyond the last page, Unicode or
NUL in it) shows the first page with the message "That page link could not be read, so this is the first
page." (the chronology's cursor says the same), never an error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import InvalidPage, Page, Paginator
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
