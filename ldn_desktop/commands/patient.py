"""``ldn-desktop patient add|list|show|rename|archive|delete|empty-trash``."""

from __future__ import annotations

import argparse
from typing import Any

from ldn_desktop.core.patients import PatientProfile, parse_birth_date, validate_patient_name
from ldn_desktop.storage.patients import PatientRepository, profile_to_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("patient", help="create, list and change patients")
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(parser)
    )
    add = actions.add_parser("add", help="create a patient and print its id")
    add.add_argument("--name", required=True)
    add.add_argument("--birth-date", metavar="DATE", help="e.g. 2 Jan 1970 or 1970-01-02")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="list patients")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--active", action="store_true", help="leave out archived patients")
    listing.set_defaults(handler=_list)
    show = actions.add_parser("show", help="show one patient")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)
    rename = actions.add_parser("rename", help="change a patient's name")
    rename.add_argument("id")
    rename.add_argument("--name", required=True)
    rename.set_defaults(handler=_rename)
    archive = actions.add_parser("archive", help="hide a patient from the everyday list")
    archive.add_argument("id")
    archive.add_argument("--undo", action="store_true", help="bring an archived patient back")
    archive.set_defaults(handler=_archive)
    delete = actions.add_parser("delete", help="move a patient's data to the trash folder")
    delete.add_argument("id")
    delete.add_argument("--yes", action="store_true", help="confirm (required)")
    delete.set_defaults(handler=_delete)
    empty = actions.add_parser(
        "empty-trash",
        help="delete the trash folder for good, with the earlier versions of deleted patients' data",
    )
    empty.add_argument("--yes", action="store_true", help="confirm (required)")
    empty.set_defaults(handler=_empty_trash)


def _print(profile: PatientProfile, as_json: bool, context: Any) -> None:
    if as_json:
        context.print_json(profile_to_json(profile))
    else:
        flag = "  [archived]" if profile.archived else ""
        print(f"{profile.id}  {profile.label}{flag}")


def _add(args: argparse.Namespace, context: Any) -> int:
    name = validate_patient_name(args.name)
    birth = parse_birth_date(args.birth_date)
    store = context.open_store()
    try:
        profile = PatientRepository(store).create(name, birth)
    finally:
        store.close()
    if args.json:
        context.print_json(profile_to_json(profile))
    else:
        print(profile.id)
    return 0


def _list(args: argparse.Namespace, context: Any) -> int:
    store = context.open_store(read_only=True)
    profiles, problems = PatientRepository(store).list(include_archived=not args.active)
    if args.json:
        context.print_json([profile_to_json(p) for p in profiles])
    else:
        for profile in profiles:
            _print(profile, False, context)
    for problem in problems:
        print(f"warning: {problem}", file=__import__("sys").stderr)
    return 0


def _show(args: argparse.Namespace, context: Any) -> int:
    store = context.open_store(read_only=True)
    _print(PatientRepository(store).get(args.id), args.json, context)
    return 0


def _rename(args: argparse.Namespace, context: Any) -> int:
    store = context.open_store()
    try:
        _print(PatientRepository(store).rename(args.id, args.name), False, context)
    finally:
        store.close()
    return 0


def _archive(args: argparse.Namespace, context: Any) -> int:
    store = context.open_store()
    try:
        _print(PatientRepository(store).set_archived(args.id, not args.undo), False, context)
    finally:
        store.close()
    return 0


def _delete(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.errors import InputError

    if not args.yes:
        raise InputError("delete: add --yes to confirm moving the patient to the trash.", "yes")
    store = context.open_store()
    try:
        where = PatientRepository(store).delete(args.id)
    finally:
        store.close()
    print(f"moved to {where}")
    return 0


def _empty_trash(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.errors import InputError

    if not args.yes:
        raise InputError(
            "empty-trash: add --yes to confirm deleting the trash for good "
            "(deleted patients cannot be recovered afterwards).",
            "yes",
        )
    store = context.open_store()
    try:
        emptied = PatientRepository(store).empty_trash()
    finally:
        store.close()
    print(emptied.summary())
    return 0
