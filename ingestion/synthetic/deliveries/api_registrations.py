"""A commercial data API's registrations: a monthly pull of recently registered firms.

``registrations/vendors/api_企业信息_<as-of>.json`` re-delivers a share of the firms
registered in the last ``api_recent_days`` before the as-of day, as a Qichacha-style API
returns them (envelope, ``Name, CreditCode, StartDate, OperName, RegistCapi "10万元",
Address, Status``, dates as ISO with offset). It carries no 行业代码, 经营范围 or 核准日期:
it is a second source, not a registry change. Without an approval date its rows lose to
every registry row in ``stg_registrations__enterprises`` (latest approval first, nulls
last) and make no version in ``enterprise_versions`` (approved rows only), so they change
no classification and no KPI. Dirt: copies with an unparseable ``StartDate`` and with a
wrong check character in ``CreditCode``, which the contract quarantines.
"""

from __future__ import annotations

from datetime import date, timedelta

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import DeliveryFile, DeliveryRow, JsonLayout
from ingestion.synthetic.money import WAN, Money
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Enterprise, World

API_REGISTRATION_HEADERS = (
    "Name",
    "CreditCode",
    "StartDate",
    "OperName",
    "RegistCapi",
    "Address",
    "Status",
)
# How the API writes a currency after the amount in 万.
_API_CURRENCY_WORDS = {"CNY": "万元", "USD": "万美元", "HKD": "万港元"}


def api_registrations_path(as_of: date) -> str:
    return f"registrations/vendors/api_企业信息_{as_of:%Y%m}.json"


def api_registrations_file(
    world: World, share: float, recent_days: int, bad_date_share: float, bad_uscc_share: float
) -> DeliveryFile:
    """A share of the firms registered in the last ``recent_days``, as the API lists them."""
    rng = rng_for(world.seed, "vendor-layouts", "api-registrations")
    since = world.as_of - timedelta(days=recent_days)
    recent = sorted(
        (e for e in world.enterprises if since < e.registration_date <= world.as_of),
        key=lambda e: (e.registration_date, e.index),
    )
    rows = [_api_row(world.as_of, e) for e in dirt.sample_in_order(recent, rng, share)]
    copies = dirt.corrupted_copies(
        rows, rng, bad_date_share, "StartDate", "registration_date", dirt.unparseable_date
    ) + dirt.corrupted_copies(rows, rng, bad_uscc_share, "CreditCode", "uscc", dirt.wrong_uscc)
    return DeliveryFile(
        api_registrations_path(world.as_of),
        API_REGISTRATION_HEADERS,
        JsonLayout("iso_offset"),
        dirt.scatter(rows, copies, rng),
    )


def _api_row(as_of: date, enterprise: Enterprise) -> DeliveryRow:
    return DeliveryRow(
        {
            "Name": enterprise.name,
            "CreditCode": enterprise.uscc,
            "StartDate": enterprise.registration_date,
            "OperName": enterprise.legal_representative,
            "RegistCapi": api_capital_text(enterprise.registered_capital),
            "Address": enterprise.address,
            "Status": _status_label_on(enterprise, as_of),
        }
    )


def api_capital_text(capital: Money) -> str:
    """``10万元``, ``500万美元``; blank when undisclosed (the API leaves it empty)."""
    if capital.amount is None:
        return ""
    wan = (capital.amount / WAN).normalize()
    digits = f"{wan:f}" if wan != wan.to_integral() else f"{int(wan)}"
    return digits + _API_CURRENCY_WORDS[capital.currency]


def _status_label_on(enterprise: Enterprise, day: date) -> str:
    """The registry's status word on ``day``: the death's label once dead, unless returned."""
    death = enterprise.death
    returned = enterprise.returned_on and enterprise.returned_on <= day
    if death and death.day <= day and not returned:
        return death.label
    return enterprise.active_label
