from django.contrib import admin
from django.urls import include, path

from api.main import api

urlpatterns = [
    path("comptes/", include("accounts.urls")),
    path("comptes/jetons/", include("api.urls_ui")),
    path("conseils/", include("councils.urls")),
    path("mise-en-place/", include("councils.setup_urls")),
    path("personnes/", include("councils.people_urls")),
    path("seances/", include("meetings.urls")),
    path("salle/", include("sittings.urls")),
    path("convocations/", include("convocations.urls")),
    path("comptes-rendus/", include("minutes.urls")),
    path("preconisations/", include("recommendations.urls")),
    path("bilans/", include("evaluation.urls")),
    path("journal/", include("audit.urls")),
    path("code/", include("law.urls")),
    path("", include("legal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
]
