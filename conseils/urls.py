from django.contrib import admin
from django.urls import include, path

from conseils import views

urlpatterns = [
    path("", views.home, name="home"),
    path("comptes/", include("accounts.urls")),
    path("conseils/", include("councils.urls")),
    path("sources/<str:name>/", views.source_document, name="source_document"),
    path("sante/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
