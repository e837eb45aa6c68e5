from django.urls import path

from councils import annex, mandate_views, proposal_views, views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="list"),
    path("<int:pk>/", views.council_detail, name="detail"),
    path("<int:pk>/historique/", views.council_history, name="history"),
    path("<int:pk>/membres/ajouter/", views.member_add, name="member_add"),
    path("<int:pk>/membres/<int:membership_pk>/modifier/", views.member_edit, name="member_edit"),
    path("<int:pk>/membres/<int:membership_pk>/terminer/", views.member_end, name="member_end"),
    path("<int:pk>/presidence/", views.president, name="president"),
    path(
        "<int:pk>/absences/<int:flag_pk>/fin-de-mandat/",
        views.end_for_absences,
        name="end_for_absences",
    ),
    path("<int:pk>/membres/importer/", views.member_import, name="member_import"),
    path("<int:pk>/membres.csv", views.member_export, name="member_export"),
    path(
        "<int:pk>/membres/<int:membership_pk>/successeur/",
        mandate_views.successor,
        name="successor",
    ),
    path("<int:pk>/mandats/renouvellement/", mandate_views.renewal, name="renewal"),
    path("<int:pk>/designations/", mandate_views.designations, name="designations"),
    path("<int:pk>/designations.pdf", mandate_views.designations_pdf, name="designations_pdf"),
    path("<int:pk>/composition/propositions/", proposal_views.proposals, name="proposals"),
    path("<int:pk>/composition/proposer/", proposal_views.propose, name="propose"),
    path(
        "<int:pk>/composition/propositions/<int:proposal_pk>/",
        proposal_views.proposal,
        name="proposal",
    ),
    path(
        "<int:pk>/composition/propositions/<int:proposal_pk>/decider/",
        proposal_views.decide,
        name="proposal_decide",
    ),
    path(
        "<int:pk>/composition/propositions/<int:proposal_pk>/decision.pdf",
        proposal_views.decision_pdf,
        name="proposal_pdf",
    ),
    path("<int:pk>/annexe.pdf", annex.council_annex, name="annex"),
    path("etablissements/<int:pk>/annexe.pdf", annex.institution_annex, name="institution_annex"),
]
