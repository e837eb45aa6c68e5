from django.contrib import admin
from django.urls import include, path

from api.main import api
from councils.audit_views import council_trail
from meetings.audit_views import meeting_trail

# The audit trails live in the apps they show, at their first addresses and names.
audit_urls = [
    path("conseil/<int:pk>/", council_trail, name="council"),
    path("seance/<int:pk>/", meeting_trail, name="meeting"),
]

urlpatterns = [
    path("comptes/", include("accounts.urls")),
    path("comptes/jetons/", include("api.urls_ui")),
    path("conseils/", include("councils.urls")),
    path("mise-en-place/", include("councils.setup_urls")),
    path("personnes/", include("councils.people_urls")),
    path("seances/", include("meetings.urls")),
    path("salle/", include("sittings.urls")),
    path("convocations/", include("convocations.urls")),
    path("elections/", include("elections.urls")),
    path("comptes-rendus/", include("minutes.urls")),
    path("preconisations/", include("recommendations.urls")),
    path("bilans/", include("evaluation.urls")),
    path("journal/", include((audit_urls, "audit"))),
    path("code/", include("law.urls")),
    path("", include("legal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
]
