from django.urls import path

from rodtrad.notifications import views

app_name = "notifications"

urlpatterns = [
    path("varsler/", views.notification_list, name="list"),
    path("varsler/lest/", views.mark_all_read, name="mark_all_read"),
    path("varsler/<int:notification_id>/lest/", views.mark_read, name="mark_read"),
]
