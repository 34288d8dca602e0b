"""Deliveries: the world written the way the four feeds really arrive, dirt included."""

from __future__ import annotations

from ingestion.synthetic.deliveries.events import event_files
from ingestion.synthetic.deliveries.files import DeliveryFile, ExpectedQuarantine
from ingestion.synthetic.deliveries.financing import financing_files
from ingestion.synthetic.deliveries.patents import patent_files
from ingestion.synthetic.deliveries.registrations import registration_files
from ingestion.synthetic.deliveries.vendor_layouts import vendor_layout_files
from ingestion.synthetic.world import World

__all__ = ["DeliveryFile", "ExpectedQuarantine", "plan_deliveries"]


def plan_deliveries(world: World) -> list[DeliveryFile]:
    """Every landing file of the world: the primary layouts feed by feed, in path order
    within a feed, then the vendor layouts (``<feed>/vendors/``)."""
    return [
        *registration_files(world),
        *patent_files(world),
        *financing_files(world),
        *event_files(world),
        *vendor_layout_files(world),
    ]
