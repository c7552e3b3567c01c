"""`pearls schema [NAME]`: where the JSON Schemas of what editors write are, for their editor.

The schemas (draft 2020-12) ship with the tool: ``pearl`` (front matter), ``algorithm`` (the
```` ```algorithm ```` block), ``topics`` (``content/topics.yml``) and ``newsletter``
(``content/newsletter.yml``). A YAML language server (VS Code's YAML extension, for one) uses one
named in a file's first comment, ``# yaml-language-server: $schema=PATH``, to complete fields and
flag mistakes while typing; ``pearls check`` remains the authority.
"""

from __future__ import annotations

import argparse

from generator.commands.common import EXIT_OK
from generator.templates import SCHEMAS, schema_path


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "schema",
        help="print where the JSON Schemas for pearls, algorithms, topics.yml and "
        "newsletter.yml are",
        description="Print the path of the packaged JSON Schema NAME (every schema, one "
        "'name: path' a line, without NAME). Point your editor's YAML language server at it "
        "with a first line '# yaml-language-server: $schema=PATH' (pearls new writes it).",
    )
    parser.add_argument("name", nargs="?", choices=SCHEMAS, help="which schema")
    return parser


def run(args: argparse.Namespace) -> int:
    if args.name is not None:
        print(schema_path(args.name))
    else:
        for name in SCHEMAS:
            print(f"{name}: {schema_path(name)}")
    return EXIT_OK
