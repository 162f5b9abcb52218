"""The site's URLs: readings at the root, discussion under /groups/, accounts, admin."""

from django.contrib import admin
from django.urls import include, path

from forum.admin.desk import view_on_site

admin.site.site_header = "Marginalia moderation"
admin.site.site_title = "Marginalia admin"
admin.site.index_title = "Moderation desk"

urlpatterns = [
    # Before the admin's own: "view on site" scoped as the desk is (forum/admin/desk.py).
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("teaching.urls")),
    path("", include("forum.urls")),
    path("", include("notify.urls")),
    path("", include("sources.urls")),
]

handler500 = "config.busy.server_error"
