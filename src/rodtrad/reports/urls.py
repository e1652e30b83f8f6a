"""Report pages, in Norwegian paths like the rest of the site. Ids in paths are
database ids; identity numbers never appear in a URL."""

from django.urls import path

from rodtrad.reports import views

app_name = "reports"

urlpatterns = [
    path("meldinger/", views.index, name="index"),
    path("meldinger/ny/", views.new, name="new"),
    path("meldinger/ny/mottaker/", views.receivers, name="receivers"),
    path("meldinger/innboks/", views.inbox, name="inbox"),
    path("meldinger/innboks/registrer/", views.register, name="register"),
    path("meldinger/statistikk/", views.statistics, name="statistics"),
    path("meldinger/drofting/", views.consultations, name="consultations"),
    path("meldinger/drofting/ny/", views.new_consultation, name="new_consultation"),
    path("meldinger/<int:report_id>/", views.detail, name="detail"),
    path("meldinger/<int:report_id>/status/", views.change_status, name="status"),
    path("meldinger/<int:report_id>/tilbakemelding/", views.give_feedback, name="feedback"),
    path("meldinger/<int:report_id>/pdf/", views.pdf, name="pdf"),
]
