from django.urls import path

from minutes import views

app_name = "minutes"

urlpatterns = [
    path("seance/<int:meeting_pk>/ouvrir/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/enregistrer/", views.autosave, name="autosave"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/reprendre-la-seance/", views.refresh, name="refresh"),
    path("<int:pk>/revisions/<int:number>/", views.revision_diff, name="diff"),
    path("<int:pk>/compte-rendu.pdf", views.signed_pdf, name="pdf"),
    path("<int:pk>/occulter/", views.redact, name="redact"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/rectifier/", views.correct, name="correct"),
    path("publics/<int:institution_pk>/", views.public_index, name="public_index"),
    path("publics/compte-rendu/<int:pk>/", views.public_detail, name="public_detail"),
    path("publics/compte-rendu/<int:pk>.pdf", views.public_pdf, name="public_pdf"),
]
