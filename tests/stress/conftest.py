"""Fixtures shared by the stress suite (the network guard is also meant for other test folders)."""

from tests.stress.network_guard import no_network  # noqa: F401  (makes the fixture available)
