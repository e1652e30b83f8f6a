"""Public catalogue pages, in Norwegian paths like the rest of the site."""

from django.urls import path

from rodtrad.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("hjelp/", views.start, name="start"),
    path("hjelp/<str:number>/", views.search, name="search"),
    path("hjelp/<str:number>/tiltak/<uuid:hsds_id>/", views.detail, name="detail"),
]
