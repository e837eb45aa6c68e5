from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("conseil/<int:pk>/", views.pack, name="pack"),
    path("conseil/<int:pk>/bilan.pdf", views.pack_pdf, name="pack_pdf"),
    path("conseil/<int:pk>/bilan.csv", views.pack_csv, name="pack_csv"),
    path("conseil/<int:pk>/indicateurs/", views.indicators, name="indicators"),
    path("etablissement/<int:pk>/observatoire/", views.observatory, name="observatory"),
    path(
        "etablissement/<int:pk>/observatoire/<int:member>/retirer/",
        views.observatory_remove,
        name="observatory_remove",
    ),
]
