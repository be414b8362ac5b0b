# Labels: `ruleid:`.
import os

# ruleid: test-data-production-host
DATABASE_URL = "postgres://app:app@db.prod.acme.io:5432/app"
# ruleid: test-data-production-host
REDIS_URL = "redis://cache-production.acme.io:6379/0"
LOCAL_URL = "postgres://app:app@localhost:5432/app_test"
