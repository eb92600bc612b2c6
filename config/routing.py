"""Websocket routes; each app adds its consumers here as it gets live features."""

from assemblies.routing import websocket_urlpatterns as assembly_routes
from consultations.routing import websocket_urlpatterns as consultation_routes
from participation.routing import websocket_urlpatterns as participation_routes

websocket_urlpatterns: list = [*participation_routes, *consultation_routes, *assembly_routes]
