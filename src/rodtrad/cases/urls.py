from django.urls import path

from rodtrad.cases import views

app_name = "cases"

urlpatterns = [
    path("saker/ny/", views.new_case, name="new"),
    path("saker/<int:case_id>/", views.detail, name="detail"),
    path("saker/<int:case_id>/tidslinje/", views.timeline, name="timeline"),
    path("saker/<int:case_id>/pdf/", views.pdf, name="pdf"),
    path("saker/<int:case_id>/skriv/<slug:slug>/", views.add_entry, name="add_entry"),
    path(
        "saker/<int:case_id>/oppforinger/<int:entry_id>/endre/",
        views.edit_entry,
        name="edit_entry",
    ),
    path("saker/<int:case_id>/spor-leder/", views.ask_leader, name="ask_leader"),
    path("saker/<int:case_id>/lederbeslutning/", views.leader_decision, name="leader_decision"),
    path("saker/<int:case_id>/niva/", views.change_level, name="level"),
    path("saker/<int:case_id>/enheter/ny/", views.add_unit, name="add_unit"),
    path("saker/<int:case_id>/tiltak/nytt/", views.add_measure, name="add_measure"),
    path(
        "saker/<int:case_id>/tiltak/<int:measure_id>/endre/",
        views.edit_measure,
        name="edit_measure",
    ),
    path("saker/<int:case_id>/evalueringer/ny/", views.add_evaluation, name="add_evaluation"),
    path(
        "saker/<int:case_id>/evalueringer/<int:evaluation_id>/endre/",
        views.edit_evaluation,
        name="edit_evaluation",
    ),
    path("saker/<int:case_id>/overlevering/ny/", views.offer_handover, name="offer_handover"),
    path(
        "saker/<int:case_id>/overlevering/<int:handover_id>/",
        views.handover,
        name="handover",
    ),
    path(
        "saker/<int:case_id>/overlevering/<int:handover_id>/ta-imot/",
        views.accept_handover,
        name="accept_handover",
    ),
    path(
        "saker/<int:case_id>/overlevering/<int:handover_id>/avsla/",
        views.decline_handover,
        name="decline_handover",
    ),
    path(
        "saker/<int:case_id>/overlevering/<int:handover_id>/trekk-tilbake/",
        views.withdraw_handover,
        name="withdraw_handover",
    ),
    path("saker/<int:case_id>/avslutt/", views.close, name="close"),
    path("saker/<int:case_id>/gjenapne/", views.reopen, name="reopen"),
]
