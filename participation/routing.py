from django.urls import path

from .consumers import BellConsumer, CommentsConsumer

websocket_urlpatterns = [
    path("ws/notifications/", BellConsumer.as_asgi()),
    path("ws/commentaires/<int:content_type_id>/<int:object_id>/", CommentsConsumer.as_asgi()),
]
