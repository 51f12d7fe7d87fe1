"""The service's routes, and one view that fails while quoting what was posted to it (as a
conversion or database error may): for the tests of what the log keeps of a failure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from forms_service.urls import handler404
from forms_service.urls import urlpatterns as service


def fails(request: HttpRequest) -> HttpResponse:
    raise ValueError(f"cannot take {request.POST.get('email')}: {request.POST.get('message')}")


urlpatterns = [path("en/forms/fails/", fails), *service]
__all__ = ["handler404", "urlpatterns"]
