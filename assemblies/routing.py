from django.urls import path

from .consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/assemblees/<int:pk>/", RoomConsumer.as_asgi()),
]
