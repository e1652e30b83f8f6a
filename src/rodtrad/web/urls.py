from django.urls import path

from rodtrad.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("logg-inn/", views.LoginView.as_view(), name="login"),
    path("logg-ut/", views.LogoutView.as_view(), name="logout"),
]
