from django.urls import path

from rodtrad.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
