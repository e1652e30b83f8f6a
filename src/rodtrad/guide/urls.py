"""Public pages: the action guide, how to ask for help, and the statements."""

from django.urls import path

from rodtrad.guide import views

app_name = "guide"

urlpatterns = [
    path("hjelp/<str:number>/be-om-hjelp/", views.ask_for_help, name="ask_for_help"),
    path("hjelp/<str:number>/handlingsveileder/", views.index, name="index"),
    path("hjelp/<str:number>/handlingsveileder/<slug:slug>/", views.page, name="page"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("personvern/", views.privacy, name="privacy"),
]
