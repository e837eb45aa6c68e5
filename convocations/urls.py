from django.urls import URLPattern, path

from convocations import views

app_name = "convocations"

urlpatterns: list[URLPattern] = [
    path("a-signer/", views.to_sign, name="to_sign"),
    path("a-signer/signer/", views.sign_batch, name="sign_batch"),
    path("seance/<int:pk>/", views.detail, name="detail"),
    path("seance/<int:pk>/convocation.pdf", views.pdf, name="pdf"),
    path("seance/<int:pk>/signer/", views.sign, name="sign"),
    path("seance/<int:pk>/envoyer/", views.send, name="send"),
    path("seance/<int:pk>/renvoyer/", views.resend, name="resend"),
    path("seance/<int:pk>/avancement/", views.progress, name="progress"),
    path("conseil/<int:pk>/registre/", views.council_register, name="register"),
    path("conseil/<int:pk>/registre.csv", views.council_register_csv, name="register_csv"),
    path("conseil/<int:pk>/registre.pdf", views.council_register_pdf, name="register_pdf"),
    path("recue/<str:token>/", views.member_open, name="open"),
    path("recue/<str:token>/convocation.pdf", views.member_pdf, name="open_pdf"),
]
