"""Settings of the server ``bench.load`` starts: production's, plus the bare baseline view and plain-HTTP cookies.

Production's settings with DEBUG off (``bench.load`` sets the environment as ``bench.environment`` does). Two
differences only: the URLconf adds ``/bench/bare/`` (``bench.load_urls``), never mounted in production, and the
session and CSRF cookies are not marked Secure, since the load generator speaks plain HTTP to gunicorn (in
production TLS ends at the proxy in front of it; the cookies' other attributes are unchanged).
"""

from ponte.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
