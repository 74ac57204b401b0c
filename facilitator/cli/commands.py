"""What each command does.  Every one opens the vault through facilitator.app."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facilitator import app
from facilitator.cli import output
from facilitator.cli.erasure import cmd_forget_member
from facilitator.cli.passphrase import (
    from_file_or_env,
    new_passphrase,
    prompt_backup,
    prompt_existing,
    replacement_passphrase,
)
from facilitator.cli.published import cmd_published
from facilitator.cli.unlock import open_existing
from facilitator.defaults import DEFAULT_PAPER
from facilitator.domain import MemberStatus
from facilitator.errors import InvalidInput, UsageError, VaultExists
from facilitator.exports.summary_options import SummaryOptions
from facilitator.services.importer import read_import_file
from facilitator.services.roster_encoding import ENCODINGS
from facilitator.services.schedule import describe_rule


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")


def _create(args: argparse.Namespace) -> app.OpenVault:
    if app.vault_exists(args.vault):
        raise VaultExists(
            f"There is already a vault in {args.vault}. Choose another folder with --vault."
        )
    if getattr(args, "remember", False):
        # Decided before anything is made: a refused keyring leaves no vault behind.
        app.require_keyring()
    passphrase = new_passphrase(args.passphrase_file)
    app.validate_new_passphrase(passphrase, (args.vault.name, args.vault.parent.name))
    return app.create_vault(args.vault, passphrase)


def cmd_init(args: argparse.Namespace) -> int:
    with _create(args) as opened:
        _say(f"Created an empty vault in {opened.folder}.")
        if args.remember:
            status = opened.remember_on_this_computer()
            _say(f"The key is remembered in this computer's keyring ({status.backend}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with _create(args) as opened:
        summary = opened.populate_demo(scale=args.scale, seed=args.seed)
        _say(
            f"Created a demo vault ({args.scale}, seed {args.seed}) in {opened.folder} "
            f"in {time.perf_counter() - started:.1f} s: {summary}. All of it is fake."
        )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    raw = read_import_file(path)
    from facilitator.services.bundle import looks_like_bundle

    is_bundle = path.suffix.lower() == ".json" or looks_like_bundle(raw)
    if is_bundle and (args.group or args.encoding):
        raise UsageError("--group and --encoding apply to a roster CSV, not to a JSON bundle.")
    with open_existing(args) as opened:
        if is_bundle:
            summary = opened.services.bundle.import_bundle(raw)
            _say(f"Imported the bundle: {summary}.")
            return 0
        report = opened.services.importer.import_roster(
            raw, group_name=args.group, encoding=args.encoding
        )
    if report.encoding_guessed:
        _say(
            f"The file is not UTF-8: it was read as {ENCODINGS[report.encoding]}, a guess. "
            "Check the names with 'list members' (“£ukasz” for “Łukasz” means another "
            "encoding); before importing such a file, choose its encoding with --encoding."
        )
    parts = [f"Imported {report.added} member(s)"]
    if report.already_present:
        parts.append(f"{report.already_present} already in the vault were not added again")
    if report.group_name:
        parts.append("created the group" if report.group_created else "added them to the group")
    _say("; ".join(parts) + ".")
    if report.ignored_columns:
        _say("Ignored (not a roster field): " + ", ".join(report.ignored_columns) + ".")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows: list[list[Any]]
    with open_existing(args) as opened:
        services = opened.services
        group = services.roster.find_group(args.group) if args.group else None
        if args.what == "groups":
            columns = [
                "name",
                "printed_title",
                "schedule",
                "schedule_rule",
                "start_time",
                "location",
                "facilitator",
                "members",
                "archived",
            ]
            groups = services.roster.groups(include_archived=True)
            rows = [
                [
                    g.name,
                    g.printed_title,
                    describe_rule(g.schedule_rule),
                    g.schedule_rule,
                    g.start_time,
                    g.location,
                    g.facilitator,
                    g.member_count,
                    g.archived,
                ]
                for g in groups
                if group is None or g.id == group.id
            ]
        elif args.what == "members":
            columns = [
                "id",  # what forget-member takes
                "first_name",
                "last_name",
                "preferred_name",
                "pronouns",
                "phone",
                "email",
                "status",
                "date_joined",
                "emergency_contact",
            ]
            statuses = [MemberStatus.ACTIVE, MemberStatus.INACTIVE] if group else None
            members = services.roster.members(
                statuses=statuses, group_id=group.id if group else None
            )
            rows = [
                [
                    m.id,
                    m.first_name,
                    m.last_name,
                    m.preferred_name,
                    m.pronouns,
                    m.phone,
                    m.email,
                    m.status,
                    m.date_joined,
                    m.emergency_contact,
                ]
                for m in members
            ]
        else:
            columns = [
                "group",
                "date",
                "start_time",
                "end_time",
                "topic",
                "location",
                "cancelled",
                "present",
                "guests",
            ]
            sessions = opened.services.schedule.all_sessions(group.id if group else None)
            rows = [
                [
                    s.group_name,
                    s.date,
                    s.start_time,
                    s.end_time,
                    s.topic,
                    s.location,
                    s.cancelled,
                    s.present_count,
                    s.guest_count,
                ]
                for s in sessions
            ]
    sys.stdout.write(output.render(columns, rows, args.format))
    return 0


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} is not a date: write it as YYYY-MM-DD.") from None


def cmd_export(args: argparse.Namespace) -> int:
    """``export full|sheet|summary``: each kind's parser took only its own options."""
    out: Path = args.out
    if out.exists() and not args.force:
        raise UsageError(f"{out} already exists. Choose another file, or add --force.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")
    return _EXPORTS[args.kind](args, out)


def _export_full(args: argparse.Namespace, out: Path) -> int:
    from facilitator.services.bundle import CONFIDENTIALITY_NOTICE

    with open_existing(args) as opened:
        summary = opened.services.bundle.export_full(out)
    _say("WARNING: " + CONFIDENTIALITY_NOTICE)
    _say(f"Wrote {out} (plaintext, readable by you only): {summary}.")
    return 0


def _export_summary(args: argparse.Namespace, out: Path) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    with open_existing(args) as opened:
        services = opened.services
        group_id = services.roster.find_group(args.group).id if args.group else None
        written = services.summary.export(
            out,
            SummaryOptions(
                group_id=group_id,
                start=start,
                end=end,
                k=args.min_cell,
                include_topics=args.include_topics,
                paper=None if args.paper == DEFAULT_PAPER else args.paper,
                labels=args.group_labels,
            ),
        )
    kind = written.format.value.upper()
    pages = f", {written.pages} page(s)" if written.pages else ""
    _say(
        f"Wrote {written.path} ({kind}{pages}): anonymised; {written.hidden_cells} of "
        f"{written.count_cells} counts hidden, each shown as <{args.min_cell}, to protect "
        "small counts."
    )
    return 0


def _export_sheet(args: argparse.Namespace, out: Path) -> int:
    from facilitator.services.sheets import BLANKABLE, SheetLeak, sheet_options

    if args.group is None:
        raise UsageError("Which group's sheet? Add --group NAME.")
    day = _date(args.date, "--date")
    options = sheet_options(
        names=args.names,
        blank_rows=args.blank_rows,
        columns=tuple(args.column),
        paper=None if args.paper == DEFAULT_PAPER else args.paper,
        leave_blank=args.leave_blank,
    )
    with open_existing(args) as opened:
        services = opened.services
        group = services.roster.find_group(args.group)
        try:
            written = services.sheets.write_sheet(out, group.id, day, options)
        except SheetLeak as exc:
            blank = [f"--leave-blank {field.value}" for field in exc.fields if field in BLANKABLE]
            if blank:
                exc.details = (f"To print blank what it names: add {' '.join(blank)}.",)
            raise
    _say(
        f"Wrote {written.path}: the sign-in sheet for {written.date.isoformat()} "
        f"({written.rows} rows, {written.pages} page(s))."
    )
    return 0


_EXPORTS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "full": _export_full,
    "sheet": _export_sheet,
    "summary": _export_summary,
}


def cmd_check(args: argparse.Namespace) -> int:
    """Read-only: works on a private copy, so no byte of the vault folder changes."""
    folder: Path = args.vault
    passphrase = from_file_or_env(args.passphrase_file)
    report = app.check_remembered(folder) if passphrase is None else None
    if report is None:
        report = app.check_vault(folder, passphrase or prompt_existing(folder))
    _say(
        f"The vault in {folder} is healthy (both integrity checks passed; every change "
        f"reported saved is there; {report.groups} group(s), {report.members} member(s))."
    )
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Go on with what can still be read (the passphrase, not the keyring: a deliberate act)."""
    folder: Path = args.vault
    passphrase = from_file_or_env(args.passphrase_file) or prompt_existing(folder)
    with app.open_vault(folder, passphrase, accept_missing=True) as opened:
        opened.check()
        missing, kept = opened.missing_changes, opened.kept_aside
    if not kept:
        _say(f"The vault in {folder} has no missing changes; nothing was set aside.")
        return 0
    _say(
        f"The vault in {folder} is open again with what could still be read: "
        f"{missing} change(s) reported saved were lost. Kept aside in the vault folder, "
        f"still encrypted: {', '.join(p.name for p in kept)}. Make a backup now."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not args.force:
        raise UsageError(f"{out} already exists. Choose another file, or add --force.")
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")
    with open_existing(args) as opened:
        report = opened.backup(out)
    rows = sum(report.tables.values())
    _say(
        f"Wrote {report.path} ({report.bytes / 1e6:.1f} MB, encrypted; verified: both "
        f"integrity checks, {len(report.tables)} tables, {rows} rows) in "
        f"{report.seconds:.1f} s. It restores with this vault's current passphrase."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    passphrase = from_file_or_env(args.passphrase_file) or prompt_backup(args.file)
    report = app.restore(args.file, args.vault, passphrase, replace=args.replace)
    _say(
        f"Restored the vault into {report.folder} in {report.seconds:.1f} s "
        "(both integrity checks passed)."
    )
    if report.replaced is not None:
        _say(
            f"The vault that was there is kept, still encrypted, in {report.replaced}. "
            "Delete that folder once you have checked the restored vault."
        )
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_existing(args) as opened:
        new = replacement_passphrase(args.new_passphrase_file)
        app.validate_new_passphrase(new, (args.vault.name, args.vault.parent.name))
        opened.change_passphrase(new)
    _say(
        "The passphrase was changed: the vault's key file now opens with the new one. The "
        "data is not encrypted again, so an older copy of the vault folder or of its key "
        "file (a backup, a synced or copied folder) still opens with the old passphrase."
    )
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    with open_existing(args) as opened:
        status = opened.remember_on_this_computer()
    _say(f"The vault's key is now remembered in this computer's keyring ({status.backend}).")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    removed = app.forget_remembered(args.vault)
    _say(
        "The vault's key was removed from this computer's keyring."
        if removed
        else "The vault's key was not remembered on this computer; nothing to remove."
    )
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "list": cmd_list,
    "export": cmd_export,
    "check": cmd_check,
    "recover": cmd_recover,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "passwd": cmd_passwd,
    "remember": cmd_remember,
    "forget": cmd_forget,
    "forget-member": cmd_forget_member,
    "published": cmd_published,
}


def dispatch(args: argparse.Namespace) -> int:
    return COMMANDS[args.command](args)
