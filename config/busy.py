"""A database that stays locked past its busy timeout answers 503 "busy, try again", not 500.

SQLite (the embedded default) lets one writer at a time; with IMMEDIATE transactions and a busy
timeout the others wait their turn (config/settings.py). If the wait still runs out, the request's
transaction has been rolled back — nothing half-written — and the member is told to send again.
"""

from django.db import OperationalError
from django.template.response import TemplateResponse

BUSY_MESSAGES = ("database is locked", "database table is locked")
RETRY_AFTER_SECONDS = 5


def is_busy_error(exception):
    return isinstance(exception, OperationalError) and any(text in str(exception) for text in BUSY_MESSAGES)


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy_error(exception):
            return None
        response = TemplateResponse(request, "503_busy.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response.render()
