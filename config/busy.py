"""A database that stays locked past its busy timeout answers 503 "busy, try again", not 500.

SQLite (the embedded default) lets one writer at a time; with IMMEDIATE transactions and a busy
timeout the others wait their turn (config/settings.py). If the wait still runs out, the request's
transaction has been rolled back — nothing half-written — and the member is told to send again.
The middleware catches it from a view; the 500 handler catches it from anywhere else (a session
saved on the way out), where the middleware never sees the exception.
"""

import logging
import sys

from django.db import OperationalError
from django.template.response import TemplateResponse
from django.views.defaults import server_error as default_server_error

BUSY_MESSAGES = ("database is locked", "database table is locked")
RETRY_AFTER_SECONDS = 5
logger = logging.getLogger(__name__)


def is_busy_error(exception):
    return isinstance(exception, OperationalError) and any(text in str(exception) for text in BUSY_MESSAGES)


def busy_response(request):
    logger.warning("Database busy past the timeout: %s %s answered 503", request.method, request.path)
    response = TemplateResponse(request, "503_busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response.render()


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_response(request) if is_busy_error(exception) else None


def server_error(request):
    """handler500: the busy page for a lock outside a view, Django's 500 page for anything else."""
    if is_busy_error(sys.exc_info()[1]):
        return busy_response(request)
    return default_server_error(request)
