"""Background worker settings."""
import hashlib

import requests

SMTP_HOST = "smtp.internal"
SMTP_PASSWORD = "q7Rk2Lm9Tz4Wx"


def fetch_rates():
    return requests.get("https://rates.example.com/today", verify=False, timeout=5).json()


def cache_key(url):
    return hashlib.md5(url.encode()).hexdigest()
