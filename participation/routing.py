from django.urls import path

from .consumers import CommentsConsumer

websocket_urlpatterns = [
    path("ws/commentaires/<int:content_type_id>/<int:object_id>/", CommentsConsumer.as_asgi()),
]
