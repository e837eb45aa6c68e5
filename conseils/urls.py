from django.contrib import admin
from django.urls import include, path

from api.main import api
from conseils import dashboard, search, views

urlpatterns = [
    path("", views.home, name="home"),
    path("comptes/", include("accounts.urls")),
    path("comptes/jetons/", include("api.urls_ui")),
    path("conseils/", include("councils.urls")),
    path("seances/", include("meetings.urls")),
    path("salle/", include("meetings.room_urls")),
    path("convocations/", include("meetings.convocation_urls")),
    path("comptes-rendus/", include("minutes.urls")),
    path("preconisations/", include("recommendations.urls")),
    path("bilans/", include("evaluation.urls")),
    path("journal/", include("audit.urls")),
    path("code/", include("law.urls")),
    path("", include("legal.urls")),
    path("api/v1/", api.urls),
    path("sources/<str:name>/", views.source_document, name="source_document"),
    path("sante/", views.health, name="health"),
    path("recherche/", search.search_page, name="search"),
    path("tableau-de-bord/", dashboard.director_dashboard, name="dashboard"),
    path("admin/", admin.site.urls),
]
