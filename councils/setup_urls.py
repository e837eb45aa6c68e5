from django.urls import path, re_path

from councils import setup_views as views
from councils.structure_import import SHEETS

app_name = "setup"

urlpatterns = [
    path("", views.index, name="index"),
    path("importer/", views.structure_import_page, name="import"),
    path("structure.xlsx", views.export_xlsx, name="export_xlsx"),
    re_path(rf"^(?P<sheet>{'|'.join(SHEETS)})\.csv$", views.export_csv, name="export_csv"),
    path("conseils/<int:pk>/reglages/", views.council_settings_page, name="council_settings"),
    path("sous-conseils/<int:pk>/membres/", views.subcouncil_members, name="subcouncil_members"),
]
SLUGS = {
    "component": "composantes",
    "site": "sites",
    "programme": "mentions",
    "track": "parcours",
    "council": "conseils",
    "subcouncil": "sous-conseils",
}
for kind in views.KINDS:
    slug = SLUGS[kind.name]
    urlpatterns += [
        path(f"{slug}/ajouter/", views.add_view(kind), name=f"{kind.name}_add"),
        path(f"{slug}/<int:pk>/modifier/", views.edit_view(kind), name=f"{kind.name}_edit"),
        path(f"{slug}/<int:pk>/retirer/", views.retire_view(kind), name=f"{kind.name}_retire"),
    ]
