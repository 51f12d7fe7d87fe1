"""Load data/ and check all of it; collect every problem, then report once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from portal_contract.datapackage import PACKAGE, Contract, ContractError, RecordSpec, load_contract
from portal_contract.problems import Problem, Report
from portal_contract.sources import read_text
from portal_contract.yamlfile import parse
from site_builder.reading import crossref, records, tablefiles
from site_builder.reading.dataset import Dataset, Item


def validate(root: Path, *, today: date, keep_rows: bool = True) -> tuple[Dataset, Report]:
    """Read and check the data folder at `root`. `today` dates "in the future" checks.

    Without `keep_rows` the dataset holds no table rows (only the report is wanted), which
    lets large tables be checked on every core.
    """
    dataset = Dataset(root)
    report = Report()
    if not root.is_dir():
        report.extend([Problem(".", 1, "", f"data folder {root} not found", "missing-folder")])
        return dataset, report
    try:
        contract = load_contract(root)
    except ContractError as exc:
        report.extend([exc.problem])
        return dataset, report
    for spec in contract.records:
        items, problems, unread = _load_records(root, spec, contract)
        dataset.items[spec.name] = items
        dataset.unread[spec.name] = unread
        report.extend(problems)
        report.counts[spec.name] = len(items)
    _load_tables(root, contract, dataset, report, keep_rows)
    report.extend(_cross_checks(dataset, contract, today))
    return dataset, report


def _files(root: Path, spec: RecordSpec) -> tuple[list[str], list[Problem]]:
    if spec.layout == "list":
        return [spec.path], []
    folder = spec.path.rsplit("/", 1)[0]
    if not (root / folder).is_dir():
        return [], [
            Problem(
                folder,
                1,
                "",
                f"folder not found: create {folder}/ with one YAML file per record",
                "missing-folder",
            )
        ]
    files = sorted(p.relative_to(root).as_posix() for p in root.glob(spec.path))
    strays = sorted(
        p.relative_to(root).as_posix()
        for p in (root / folder).iterdir()
        if p.suffix in {".yml", ".json"} or p.name.endswith(".yaml.txt")
    )
    return files, [
        Problem(s, 1, "", "ignored: records must be YAML files named <id>.yaml", "file-name")
        for s in strays
    ]


def _load_records(
    root: Path, spec: RecordSpec, contract: Contract
) -> tuple[list[Item], list[Problem], set[str]]:
    files, problems = _files(root, spec)
    validator = contract.validators[spec.schema]
    schema = contract.schemas[spec.schema]
    items: list[Item] = []
    unread: set[str] = set()
    for rel in files:
        source = read_text(root, rel)
        doc, found = (None, [source]) if isinstance(source, Problem) else parse(source)
        problems.extend(found)
        if doc is None:
            unread.add("*" if spec.layout == "list" else Path(rel).stem)
            continue
        problems.extend(records.check_document(doc, validator, schema))
        if spec.layout == "list":
            entries = doc.data.get(spec.key) if isinstance(doc.data, dict) else None
            items.extend(Item(doc, (spec.key, i)) for i in range(len(entries or [])))
        elif isinstance(doc.data, dict):
            items.append(Item(doc, ()))
        else:
            unread.add(Path(rel).stem)
    return items, problems, unread


def _load_tables(
    root: Path, contract: Contract, dataset: Dataset, report: Report, keep_rows: bool
) -> None:
    declared = {t.path for t in contract.tables}
    folders = {t.path.rsplit("/", 1)[0] for t in contract.tables} | {"projects"}
    for folder in sorted(folders):
        if not (root / folder).is_dir():
            report.extend(
                [Problem(folder, 1, "", f"folder not found: create {folder}/", "missing-folder")]
            )
            continue
        for path in sorted((root / folder).glob("*.csv")):
            rel = path.relative_to(root).as_posix()
            if rel not in declared:
                report.extend(
                    [
                        Problem(
                            rel,
                            1,
                            "",
                            f"not declared in {PACKAGE}: add a resource"
                            " for it, or it will not be published",
                            "undeclared",
                        )
                    ]
                )
    targets = {name: dataset.known(name) for name in dataset.items}
    row_checks = {"projects": crossref.project_row_check(dataset)}
    groups: dict[str, list[tablefiles.Job]] = {}
    for spec in contract.tables:
        group = spec.path.rsplit("/", 1)[0]
        job = tablefiles.Job(root, spec.path, spec.schema, targets, row_checks.get(group))
        groups.setdefault(group, []).append(job)
    for group, jobs in groups.items():
        results = tablefiles.check_files(jobs, keep_rows=keep_rows)
        report.counts[group] = sum(len(r.lines) for r in results)
        for result in results:
            report.extend(result.problems)
            if result.table is not None:
                dataset.tables.setdefault(group, []).append(result.table)


def _cross_checks(dataset: Dataset, contract: Contract, today: date) -> Iterable[Problem]:
    for spec in contract.records:
        yield from crossref.check_ids(dataset, spec.name, spec.layout == "one-per-file")
    yield from crossref.check_references(dataset)
    yield from crossref.check_countries(dataset)
    yield from crossref.check_languages(dataset)
    yield from crossref.check_moments(dataset)
    yield from crossref.check_calls(dataset)
    yield from crossref.check_associations(dataset, today)
    yield from crossref.check_posts(dataset)
    yield from crossref.check_cities(dataset)
    yield from crossref.check_forms(dataset)
