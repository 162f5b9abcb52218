"""gunicorn settings for Marginalia: `gunicorn` in the repo folder picks this file up.

Every value comes from the environment so one image serves every host: GUNICORN_BIND (or PORT),
WEB_CONCURRENCY for the worker count. Workers hold no state (sessions, cache and rate limits
live in PostgreSQL or Redis), so adding workers or machines needs no sticky sessions.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Behind a reverse proxy on the same host by default; PORT alone (as PaaS hosts set it) binds all interfaces.
bind = os.environ.get("GUNICORN_BIND") or (
    f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
)

# Synchronous workers: the pages are CPU-bound template rendering plus short queries, so the
# classic 2 x cores + 1 keeps every core busy while one worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak never grows without bound; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# "-" is stdout; an empty value turns the access log off (the benchmark does, to measure the app).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
