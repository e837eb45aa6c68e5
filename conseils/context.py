from django.conf import settings
from django.http import HttpRequest


def branding(request: HttpRequest) -> dict[str, str]:
    return {
        "brand_name": settings.BRAND_NAME,
        "brand_primary": settings.BRAND_PRIMARY,
        "brand_logo": settings.BRAND_LOGO,
    }
