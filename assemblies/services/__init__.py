"""The writes of the assemblies app, each checking who may do it and
written whole or not at all (docs/assemblies.md)."""
