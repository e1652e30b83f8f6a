from django.urls import path

from rodtrad.teams import views

app_name = "teams"

urlpatterns = [
    path("team/", views.team_list, name="list"),
    path("team/<int:team_id>/", views.team_detail, name="detail"),
    path("team/<int:team_id>/henvis/", views.refer, name="refer"),
    path("team/<int:team_id>/moter/ny/", views.meeting_new, name="meeting_new"),
    path("team/henvisninger/<int:referral_id>/", views.referral_detail, name="referral"),
    path("team/henvisninger/<int:referral_id>/svar/", views.referral_answer, name="answer"),
    path("team/henvisninger/<int:referral_id>/endre/", views.referral_update, name="update"),
    path("team/henvisninger/<int:referral_id>/koble/", views.referral_link, name="link"),
    path("team/henvisninger/<int:referral_id>/trekk/", views.referral_withdraw, name="withdraw"),
    path("team/henvisninger/<int:referral_id>/fullfor/", views.referral_complete, name="complete"),
    path("moter/ny/", views.meeting_new, name="case_meeting_new"),
    path("moter/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("moter/<int:meeting_id>/invitasjon.ics", views.meeting_ics_download, name="ics"),
    path("moter/<int:meeting_id>/deltakere/", views.meeting_add_participant, name="participant"),
    path("moter/<int:meeting_id>/sakliste/", views.meeting_add_item, name="agenda_item"),
    path("moter/<int:meeting_id>/vurdering/", views.meeting_rate, name="rate"),
    path("moter/<int:meeting_id>/referat/", views.minutes, name="minutes"),
    path(
        "moter/<int:meeting_id>/referat/punkt/<int:item_id>/vedtak/",
        views.minutes_add_decision,
        name="decision",
    ),
    path(
        "moter/<int:meeting_id>/referat/vedtak/<int:decision_id>/slett/",
        views.minutes_remove_decision,
        name="remove_decision",
    ),
    path("moter/<int:meeting_id>/referat/godkjenn/", views.minutes_approve, name="approve"),
    path("moter/<int:meeting_id>/referat.pdf", views.minutes_pdf_download, name="pdf"),
]
