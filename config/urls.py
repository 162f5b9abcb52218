"""The site's URLs: readings at the root, discussion under /groups/, accounts, admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Marginalia moderation"
admin.site.site_title = "Marginalia admin"
admin.site.index_title = "Moderation desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("forum.urls")),
    path("", include("sources.urls")),
]
