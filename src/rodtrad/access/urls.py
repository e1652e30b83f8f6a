from django.urls import path

from rodtrad.access import views

app_name = "access"

urlpatterns = [
    path("saker/<int:case_id>/tilgang/", views.why, name="why"),
    path("nodtilgang/", views.emergency, name="emergency"),
    path("nodtilgang/<int:grant_id>/", views.emergency_detail, name="emergency_detail"),
]
