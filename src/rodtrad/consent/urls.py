from django.urls import path

from rodtrad.consent import views

app_name = "consent"

urlpatterns = [
    path("barn/<int:child_id>/samtykke/", views.consent_list, name="list"),
    path("barn/<int:child_id>/samtykke/ny/", views.register, name="register"),
    path(
        "barn/<int:child_id>/samtykke/<int:consent_id>/trekk-tilbake/",
        views.withdraw,
        name="withdraw",
    ),
]
