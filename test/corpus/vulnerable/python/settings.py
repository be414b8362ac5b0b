# Django settings for production. Labels: `ruleid:`.
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ruleid: debug-mode-on
DEBUG = True
ALLOWED_HOSTS = ["app.acme.io"]
# ruleid: cookie-flags-off
CSRF_COOKIE_SECURE = False
# ruleid: cookie-flags-off
SESSION_COOKIE_HTTPONLY = False
# ruleid: cors-credentials-any-origin
CORS_ORIGIN_ALLOW_ALL = True
CORS_ALLOW_CREDENTIALS = True
