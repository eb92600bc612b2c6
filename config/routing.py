"""Websocket routes; each app adds its consumers here as it gets live features."""

websocket_urlpatterns: list = []
