"""The shared toolbox: no models, and no import of the project's apps."""
