"""Response headers the whole site sends: a Permissions-Policy, and no caching of members' pages.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY). A page
rendered for a logged-in member (their groups, a private discussion, their profile, the admin)
must not be kept by a shared cache or by the browser after logout: `private, no-store`.
Anonymous pages (public readings) keep their caching.
"""

from django.utils.cache import patch_cache_control

# Nothing on the site uses these; a hostile link or a future embed cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class SiteHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
