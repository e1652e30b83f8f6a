from django.urls import path

from rodtrad.people import views

app_name = "people"
urlpatterns = [
    path("sok/", views.search, name="search"),
    path("<int:child_id>/", views.child_detail, name="child"),
]
