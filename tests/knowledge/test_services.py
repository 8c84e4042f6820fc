"""knowledge/services.py: the services table (every service of England and Wales once, combined
services naming their areas) and resolving a name against it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from yjs_qa.knowledge import services as S
from yjs_qa.knowledge.services import canonical_service, combined_services, resolve_service, service_key


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("southend", "Southend-on-Sea"),
        ("Southend on Sea", "Southend-on-Sea"),
        ("SOUTHEND-ON-SEA", "Southend-on-Sea"),
        ("  Southend  ", "Southend-on-Sea"),
        ("the Kent", "Kent"),
        ("Kent County", "Kent"),
        ("East Sussex County Council", "East Sussex"),
        ("essex", "Essex"),
        ("Barking & Dagenham", "Barking and Dagenham"),
        # Capitalised words that ran into the name: the service is the known tail.
        ("Kent YJS and Essex", "Essex"),
        ("Good Wigan", "Wigan"),  # "...rated Good" + "Wigan Youth Offending Service was..."
        ("Praise For North Lincolnshire", "North Lincolnshire"),
    ],
)
def test_canonical_service_aliases(name: str, expected: str) -> None:
    assert canonical_service(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Essex YOS", "Essex"),
        ("Essex Youth Offending Service", "Essex"),
        ("Southend-on-Sea YJS", "Southend-on-Sea"),
    ],
)
def test_canonical_service_strips_service_suffixes(name: str, expected: str) -> None:
    """'Essex YOS' names the Essex service; the canonical name has no YOS/YJS suffix."""
    assert canonical_service(name) == expected


def test_canonical_service_unknown_name_is_tidied_not_invented() -> None:
    assert canonical_service("the Narnia") == "Narnia"


def _names(text: str) -> list[str]:
    return text.split(";")


ENGLAND = _names(
    # London boroughs and the City
    "Barking and Dagenham;Barnet;Bexley;Brent;Bromley;Camden;City of London;Croydon;Ealing;Enfield;"
    "Greenwich;Hackney;Hammersmith and Fulham;Haringey;Harrow;Havering;Hillingdon;Hounslow;Islington;"
    "Kensington and Chelsea;Kingston upon Thames;Lambeth;Lewisham;Merton;Newham;Redbridge;"
    "Richmond upon Thames;Southwark;Sutton;Tower Hamlets;Waltham Forest;Wandsworth;Westminster;"
    # metropolitan boroughs
    "Bolton;Bury;Manchester;Oldham;Rochdale;Salford;Stockport;Tameside;Trafford;Wigan;Knowsley;"
    "Liverpool;Sefton;St Helens;Wirral;Barnsley;Doncaster;Rotherham;Sheffield;Gateshead;"
    "Newcastle upon Tyne;North Tyneside;South Tyneside;Sunderland;Birmingham;Coventry;Dudley;Sandwell;"
    "Solihull;Walsall;Wolverhampton;Bradford;Calderdale;Kirklees;Leeds;Wakefield;"
    # county councils
    "Cambridgeshire;Derbyshire;Devon;East Sussex;Essex;Gloucestershire;Hampshire;Hertfordshire;Kent;"
    "Lancashire;Leicestershire;Lincolnshire;Norfolk;Nottinghamshire;Oxfordshire;Staffordshire;Suffolk;"
    "Surrey;Warwickshire;West Sussex;Worcestershire;"
    # unitary authorities
    "Bath and North East Somerset;Bedford;Blackburn with Darwen;Blackpool;"
    "Bournemouth, Christchurch and Poole;Bracknell Forest;Brighton and Hove;Bristol;Buckinghamshire;"
    "Central Bedfordshire;Cheshire East;Cheshire West and Chester;Cornwall;Cumberland;Darlington;Derby;"
    "Dorset;County Durham;East Riding of Yorkshire;Halton;Hartlepool;Herefordshire;Isle of Wight;"
    "Isles of Scilly;Kingston upon Hull;Leicester;Luton;Medway;Middlesbrough;Milton Keynes;"
    "North East Lincolnshire;North Lincolnshire;North Northamptonshire;North Somerset;North Yorkshire;"
    "Northumberland;Nottingham;Peterborough;Plymouth;Portsmouth;Reading;Redcar and Cleveland;Rutland;"
    "Shropshire;Slough;Somerset;South Gloucestershire;Southampton;Southend-on-Sea;Stockton-on-Tees;"
    "Stoke-on-Trent;Swindon;Telford and Wrekin;Thurrock;Torbay;Warrington;West Berkshire;"
    "West Northamptonshire;Westmorland and Furness;Wiltshire;Windsor and Maidenhead;Wokingham;York"
)


WALES = _names(
    "Blaenau Gwent;Bridgend;Caerphilly;Cardiff;Carmarthenshire;Ceredigion;Conwy;Denbighshire;Flintshire;"
    "Gwynedd;Isle of Anglesey;Merthyr Tydfil;Monmouthshire;Neath Port Talbot;Newport;Pembrokeshire;"
    "Powys;Rhondda Cynon Taf;Swansea;Torfaen;Vale of Glamorgan;Wrexham"
)


@pytest.mark.parametrize("area", ENGLAND + WALES)
def test_every_council_area_has_a_service(area: str) -> None:
    """Every English upper-tier council and every Welsh principal area resolves to a service."""
    assert resolve_service(area) is not None, area


def test_the_services_table_has_no_alias_twice() -> None:
    owners: dict[str, set[str]] = {}
    for name, service in ((n, s) for s, names in _table_names().items() for n in names):
        owners.setdefault(service_key(name), set()).add(service)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def _table_names() -> dict[str, list[str]]:
    text = (Path(S.__file__).parent / "data" / "services.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert tuple(rows[0]) == S.SERVICE_COLUMNS
    names = ("aliases", "former_names")  # a combined service's councils are its own names too
    return {r["service"]: [r["service"], *(a for c in names for a in r[c].split(";") if a)] for r in rows}


def test_combined_services_name_their_areas() -> None:
    combined = combined_services()
    assert combined["Western Bay"] == ("Swansea", "Neath Port Talbot", "Bridgend")
    assert set(combined["West Mercia"]) >= {"Herefordshire", "Shropshire", "Worcestershire"}
    for service, areas in combined.items():
        for area in areas:  # each area is the combined service or a service of its own
            assert resolve_service(area) is not None, (service, area)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gwynedd & Anglesey", "Gwynedd and Ynys Môn"),
        ("Gwynedd ac Ynys Môn", "Gwynedd and Ynys Môn"),
        ("Ynys Mon", "Gwynedd and Ynys Môn"),
        ("St. Helens", "St Helens"),
        ("Monmouthshire & Torfaen", "Monmouthshire and Torfaen"),
        ("Cheshire West, Halton & Warrington", "Cheshire West, Halton and Warrington"),
        ("Bath & North East Somerset", "Bath and North East Somerset"),
        ("Darlington Borough Council", "Darlington"),
        ("Gateshead’s", "Gateshead"),
        ("rated Good Wigan", "Wigan"),  # a headline ran into the name: the known tail
        ("Greater Manchester", None),  # a tail after a qualifier is another place
        ("West Yorkshire Police. The Kent", "Kent"),  # ...but a later tail may still be a service
        ("September and October", None),
        ("Children and Young People Select Committee", None),
        ("England and Wales", None),
        ("Narnia", None),
        ("The", None),
    ],
)
def test_resolve_service_accepts_only_the_table(name: str, expected: str | None) -> None:
    assert resolve_service(name) == expected
