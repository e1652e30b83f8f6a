from django.urls import path

from rodtrad.audit import views

app_name = "audit"

urlpatterns = [
    path("barn/<int:child_id>/tilgangslogg/", views.access_log, name="access_log"),
]
