# Django settings for production. Labels: `ruleid:`.
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ruleid: debug-mode-enabled
DEBUG = True
ALLOWED_HOSTS = ["app.acme.io"]
# ruleid: cookie-flags-disabled
CSRF_COOKIE_SECURE = False
# ruleid: cookie-flags-disabled
SESSION_COOKIE_HTTPONLY = False
# ruleid: cors-wildcard-credentials-text
CORS_ORIGIN_ALLOW_ALL = True
CORS_ALLOW_CREDENTIALS = True
