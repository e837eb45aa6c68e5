"""A throw-away CAS server (django-cas-server) for the tests, run as its own Django process."""

from tests.identity import base_settings
from tests.identity.base_settings import *  # noqa: F403

SECRET_KEY = "cas-server-tests-only"
INSTALLED_APPS = [*base_settings.INSTALLED_APPS, "cas_server"]
ROOT_URLCONF = "tests.identity.cas_urls"
LANGUAGE_CODE = "fr"
SESSION_COOKIE_NAME = "casserver_session"  # both servers live on 127.0.0.1: cookies must differ
CSRF_COOKIE_NAME = "casserver_csrf"

CAS_AUTH_CLASS = "cas_server.auth.DjangoAuthUser"
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_SHOW_POWERED = False
# No request leaves the machine: the pages' CDN components are empty.
CAS_COMPONENT_URLS = dict.fromkeys(
    (
        "bootstrap3_css",
        "bootstrap3_js",
        "html5shiv",
        "respond",
        "bootstrap4_css",
        "bootstrap4_js",
        "jquery",
    ),
    "data:,",
)
