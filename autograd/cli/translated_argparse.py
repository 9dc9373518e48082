"""argparse in the chosen language: its own words ("usage:", "options", its error messages) too.

Our help texts and errors are marked with `autograd.i18n._` like every user-facing string. But
argparse writes some English of its own: the "usage:" prefix, the section headings, the help of
-h, and its error messages ("unrecognized arguments: --x"). It takes them from Python's global
gettext domain, which a library must not change, so `TranslatedArgumentParser` supplies them
itself: the headings and "usage:" when the parser is made, and the errors by recognising
argparse's English templates (`ARGPARSE_TEMPLATES`, a test checks each one is still in the
installed argparse) and translating template and arguments through our catalog.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from autograd.i18n import N_, _, available_languages, normalise_language

__all__ = [
    "ARGPARSE_TEMPLATES",
    "OneLineParser",
    "TranslatedArgumentParser",
    "TranslatedHelpFormatter",
    "UsageError",
    "fail",
    "language_argument",
]

# argparse's own error templates that a user of a command line can meet, as argparse writes them
# (printf-style). Each is also a message of our catalog, with its translation.
ARGPARSE_TEMPLATES = (
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
)


def _template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching `template` with each %-placeholder as a named or numbered group."""
    parts = re.split(r"(%\((\w+)\)[rs]|%[rs])", template)
    # re.split with two groups yields: text, placeholder, name-or-None, text, ...
    pattern, position = "", 0
    for index in range(0, len(parts), 3):
        pattern += re.escape(parts[index])
        if index + 1 < len(parts):
            name = parts[index + 2] or f"arg{position}"
            position += 1
            pattern += f"(?P<{name}>.+?)"
    return re.compile(pattern)


def translate_argparse_message(message: str) -> str:
    """argparse's English `message` in the current language (unchanged if it is not recognised).

    "argument --lang: invalid choice: ..." nests a second message, which is translated too.
    """
    for template in ARGPARSE_TEMPLATES:
        match = _template_pattern(template).fullmatch(message)
        if match is not None:
            values = match.groupdict()
            if "message" in values:
                values["message"] = translate_argparse_message(values["message"])
            return _fill(_(template), values)
    return message


def _fill(template: str, values: dict[str, str]) -> str:
    """Put the already formatted `values` back into a printf-style `template`."""
    if "arg0" in values:  # one unnamed %s or %r
        return re.sub(r"%[rs]", lambda _placeholder: values["arg0"], template, count=1)
    return re.sub(r"%\((\w+)\)[rs]", lambda placeholder: values[placeholder.group(1)], template)


class TranslatedHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """The help keeps our line breaks (as RawDescriptionHelpFormatter) and translates "usage:"."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class TranslatedArgumentParser(argparse.ArgumentParser):
    """An `ArgumentParser` whose own words follow `autograd.i18n` (make it inside the language).

    Its -h/--help, section headings, "usage:" and error messages are in the current language at
    the moment it is made (headings, -h) or used (usage, errors).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", TranslatedHelpFormatter)
        super().__init__(add_help=False, **kwargs)
        # argparse names these two groups when it is imported: rename them in our language.
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        """Print the usage and "prog: error: message" (translated) to stderr and exit with 2."""
        self.print_usage(sys.stderr)
        text = _("{prog}: error: {message}").format(
            prog=self.prog, message=translate_argparse_message(message)
        )
        self.exit(2, text + "\n")


class UsageError(Exception):
    """argparse found a usage error; raised instead of printing usage and exiting."""


class OneLineParser(TranslatedArgumentParser):
    """An ArgumentParser whose errors are one line, raised as `UsageError` (no usage block).

    Its own words ("usage:", headings, -h) are in the current language (`TranslatedArgumentParser`).
    The main command and `worksheet` both use it.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def fail(prog: str, message: str) -> int:
    """Print "prog: error: message" as one line on stderr; return the exit code 2."""
    line = _("{prog}: error: {message}").format(prog=prog, message=" ".join(message.split()))
    print(line, file=sys.stderr)
    return 2


def language_argument(text: str) -> str:
    """The value of --lang, normalised ("ru_RU" -> "ru"), or argparse's error for an unknown one."""
    try:
        return normalise_language(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("unknown language {code}; available: {languages}").format(
                code=repr(text), languages=", ".join(available_languages())
            )
        ) from None
