"""A NUL byte anywhere in a request's address is a 404, before any view turns it into a query.

No slug, code, key or id of ours holds one, and PostgreSQL refuses text containing NUL with an
error (a 500 from every view that looks the value up: `/join/abc%00def/`, the admin's object ids,
its `?q=` search). One check at the door covers every URL pattern, ours and the libraries'.
A cookie holding one (a quoted cookie may spell it `\\000`) is dropped, as if never sent: the
session key is looked up too.
"""

from django.http import Http404

NUL = "\x00"


def has_nul(request):
    query = request.GET.lists()
    return NUL in request.path_info or any(NUL in key or any(NUL in v for v in values) for key, values in query)


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            raise Http404("No such address.")
        for name in [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]:
            del request.COOKIES[name]
        return self.get_response(request)
