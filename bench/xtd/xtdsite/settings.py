"""A minimal site using django-comments-xtd the way its tutorial sets one up, in production mode
(DEBUG off, so templates are cached), with its own SQLite file. Only bench/xtd/measure.py uses it,
inside the separate virtualenv that bench/xtd_compare.py creates."""

import os

SECRET_KEY = "benchmark-only-not-secret"  # noqa: S105 - a throwaway site on a temporary database
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "xtdsite",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "xtdsite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("XTD_BENCH_DATABASE", "/tmp/marginalia-xtd.sqlite3"),  # noqa: S108 - bench only
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SITE_ID = 1
STATIC_URL = "/static/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

COMMENTS_APP = "django_comments_xtd"
# Our MAX_DEPTH counts levels from 1, xtd's from 0: the same depth limit (measure.py sets it from the data).
COMMENTS_XTD_MAX_THREAD_LEVEL = int(os.environ.get("XTD_BENCH_MAX_THREAD_LEVEL", "3"))
COMMENTS_XTD_CONFIRM_EMAIL = False
