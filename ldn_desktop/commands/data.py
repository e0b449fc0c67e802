"""``ldn-desktop data export|import|backup|backups|restore|recover``: the data folder as one
archive, and one document back from its backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ldn_desktop.cli import one_line
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.words import counted


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("data", help="export, import, back up and restore all data")
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(parser)
    )
    export = actions.add_parser("export", help="write every document into one zip archive")
    export.add_argument("out", metavar="OUT.zip")
    export.add_argument("--overwrite", action="store_true", help="replace OUT.zip if it exists")
    export.set_defaults(handler=_export)
    merge = actions.add_parser(
        "import", help="merge an archive in: new documents are added, nothing is overwritten"
    )
    merge.add_argument("archive", metavar="IN.zip")
    merge.add_argument(
        "--keep-both",
        action="store_true",
        help="import a patient that differs from the one here as a new patient",
    )
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=_import)
    backup = actions.add_parser("backup", help="write a timestamped backup archive")
    backup.add_argument("--to", metavar="DIR", help="backup folder (default: beside the data)")
    backup.set_defaults(handler=_backup)
    listing = actions.add_parser("backups", help="list backup archives, newest first")
    listing.add_argument("--in", dest="folder", metavar="DIR", help="backup folder")
    listing.set_defaults(handler=_list_backups)
    restore = actions.add_parser(
        "restore", help="replace all data with a backup (the current data is saved first)"
    )
    restore.add_argument("archive", metavar="ARCHIVE")
    restore.add_argument("--yes", action="store_true", help="confirm (required)")
    restore.add_argument(
        "--safety-dir", metavar="DIR", help="where the current data is saved first"
    )
    restore.set_defaults(handler=_restore)
    recover = actions.add_parser(
        "recover",
        help="put a damaged document back from its newest valid backup "
        "(without DOC: list the damaged documents)",
    )
    recover.add_argument(
        "doc", metavar="DOC", nargs="?", help="e.g. patients/<id>/patient.json, or its file"
    )
    recover.add_argument("--from", dest="backup", metavar="BACKUP", help="this backup instead")
    recover.set_defaults(handler=_recover)


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _count(number: int) -> str:
    return counted(number, "document")


def _export(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.archive import export_archive

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".zip":
        raise InputError("OUT.zip: the archive's name must end in .zip.", "out")
    if out.exists() and not args.overwrite:
        raise InputError(f"{out} exists; choose another name or add --overwrite.", "overwrite")
    if not context.data_dir.is_dir():
        raise InputError(f"There is no data folder at {context.data_dir}.", "data_dir")
    result = export_archive(context.data_dir, out.resolve())
    print(f"exported {_count(result.documents)} to {result.path} ({_size(result.size)})")
    for line in result.warnings():
        print(f"warning: {one_line(line)}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.archive_import import apply_import, plan_import

    archive = Path(args.archive).expanduser()
    store = context.open_store()
    try:
        plan = plan_import(store.root, archive)
        report = apply_import(store, plan, keep_both=args.keep_both)
    finally:
        store.close()
    if args.json:
        context.print_json(report.to_json())
    else:
        print(report.summary())
    return 0


def _backup(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.backup import make_backup

    if not context.data_dir.is_dir():
        raise InputError(f"There is no data folder at {context.data_dir}.", "data_dir")
    folder = Path(args.to).expanduser().resolve() if args.to else None
    result = make_backup(context.data_dir, folder)
    print(result.path)
    for line in result.warnings():
        print(f"warning: {one_line(line)}", file=sys.stderr)
    return 0


def _list_backups(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.backup import default_backup_dir, list_backups

    folder = Path(args.folder).expanduser() if args.folder else default_backup_dir(context.data_dir)
    for path in list_backups(folder):
        print(f"{path}  ({_size(path.stat().st_size)})")
    return 0


def _restore(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.backup import restore_backup

    if not args.yes:
        raise InputError(
            "restore: add --yes to confirm replacing all data with the backup "
            "(the current data is saved as a safety archive first).",
            "yes",
        )
    archive = Path(args.archive).expanduser().resolve()
    safety = Path(args.safety_dir).expanduser().resolve() if args.safety_dir else None
    store = context.open_store()
    try:
        report = restore_backup(store, archive, safety_dir=safety)
    finally:
        store.close()
    print(report.summary())
    return 0


def _recover(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.recovery import damaged_documents, document_rel, recover_document

    store = context.open_store(read_only=args.doc is None)
    try:
        if args.doc is None:
            found = damaged_documents(store)
            for damaged in found:
                print(one_line(damaged.describe()))
            if not found:
                print("No damaged documents.")
            return 0
        backup = Path(args.backup).expanduser().resolve() if args.backup else None
        recovered = recover_document(store, document_rel(store, args.doc), backup)
    finally:
        store.close()
    print(recovered.summary())
    return 0
