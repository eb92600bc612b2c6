from django.urls import path

from .consumers import ResultsConsumer

websocket_urlpatterns = [
    path("ws/consultations/<int:pk>/", ResultsConsumer.as_asgi()),
]
