"""The report template sandbox, and the small program that renders one Word template in a separate process.

Nothing here imports Django: `rendering.render_docx` (on the task worker) runs

    python -E -s -B -m safeguarding_reviews.reports.sandbox MEMORY_BYTES CPU_SECONDS MAX_OUTPUT_BYTES

with a clean environment (no settings, no secrets, no database connection). The child first sets its own hard
limits (`resource.setrlimit`: address space, CPU time, no core file, no file writes), then reads the template
and the context from stdin (8 bytes of template length, the template's bytes, then the context as JSON) and
writes one line of JSON (the result) followed by the DOCX bytes to stdout. The parent adds the wall-clock
timeout and checks the size again. A template that exhausts memory gets a MemoryError (reported as "memory")
or is killed by the kernel; one that loops is stopped by SIGXCPU or by the parent's timeout.

The engine is jinja2's ImmutableSandboxedEnvironment with StrictUndefined and autoescape (the values go into
Word's XML): a template cannot reach Python internals (`{{ ''.__class__ }}` raises SecurityError), cannot
change the context, and a name the context does not provide is an error rather than a silent blank. On top of
the sandbox, ReportSandbox refuses the ways a template can build huge strings or lists:

- `%` on text, `.format()` / `.format_map()`, and the text methods that pad or expand (`ljust`, `zfill`, ...);
- `**`; `*` on text or lists beyond MAX_REPEAT repeats or MAX_STRING characters / MAX_ITEMS items;
- `+` and `~` whose result would exceed MAX_STRING characters or MAX_ITEMS items;
- filters and method calls whose result would (`join`, `replace`, `list`, `batch`, `slice`, ...), and the
  filters `center`, `format`, `indent`, `wordwrap`, `xmlattr`, `pprint`, `filesizeformat`;
- printing a value larger than that; `range()` beyond MAX_RANGE items; every global but `range`.

`template_problem()` turns a rendering failure into the sentence the business manager sees.
"""

from __future__ import annotations

import functools
import io
import json
import re
import resource
import struct
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 1000
MAX_REPEAT = 10_000
MAX_STRING = 1_000_000  # characters in one text a template builds or prints
MAX_ITEMS = 100_000  # items in one list a template builds or prints (nested lists count all their items)
_REMOVED_FILTERS = ("center", "format", "indent", "wordwrap", "xmlattr", "pprint", "filesizeformat")
# Text (and bytes) methods that pad, expand or re-encode: a template has no use for them.
_BLOCKED_TEXT_METHODS = frozenset(
    {"ljust", "rjust", "center", "zfill", "expandtabs", "translate", "maketrans", "encode", "to_bytes"}
)
# Filters whose first argument after the value says how many items to make.
_COUNT_ARGUMENT_FILTERS = frozenset({"batch", "slice"})

# Result codes of a render, shared with rendering.py.
OK = "ok"
TEMPLATE = "template"  # the template is broken or refused by the sandbox
MEMORY = "memory"
TOO_LARGE = "too_large"


class TemplateProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _limited_range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE} items in report templates")
    return values


def _too_big(value: Any) -> str | None:
    """ "text" or "list" if `value` (with everything inside it) is too big to build or print, else None.
    Walks containers and stops as soon as a limit is passed, so it is cheap even on a hostile value."""
    chars = items = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            chars += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            items += len(item)
            if items <= MAX_ITEMS:
                stack.extend(item)
        elif isinstance(item, dict):
            items += len(item)
            if items <= MAX_ITEMS:
                stack.extend(item.keys())
                stack.extend(item.values())
        if chars > MAX_STRING:
            return "text"
        if items > MAX_ITEMS:
            return "list"
    return None


def _refuse(kind: str) -> SecurityError:
    if kind == "text":
        return SecurityError(f"text longer than {MAX_STRING:,} characters is not allowed in report templates")
    return SecurityError(f"lists longer than {MAX_ITEMS:,} items are not allowed in report templates")


def checked(value: Any) -> Any:
    """The value, or SecurityError if it is too big (the check on everything built, called or printed)."""
    kind = _too_big(value)
    if kind is not None:
        raise _refuse(kind)
    return value


def _bounded_list(values: Any) -> list[Any]:
    """An iterable as a list, refused as soon as it passes MAX_ITEMS (a generator is never run to the end)."""
    if isinstance(values, list | tuple | str):
        if len(values) > MAX_ITEMS:
            raise _refuse("list")
        return list(values)
    out: list[Any] = []
    for item in values:
        out.append(item)
        if len(out) > MAX_ITEMS:
            raise _refuse("list")
    return out


def _as_text(value: Any) -> str:
    return checked(value) if isinstance(value, str) else str(checked(value))


def _check_replace(text: Any, old: Any, new: Any) -> None:
    text, old, new = _as_text(text), _as_text(old), _as_text(new)
    occurrences = text.count(old) if old else len(text) + 1
    if len(text) + occurrences * (len(new) - len(old)) > MAX_STRING:
        raise _refuse("text")


def _check_join(separator: str, values: list[Any]) -> None:
    size = len(separator) * max(len(values) - 1, 0)
    if size > MAX_STRING:
        raise _refuse("text")
    checked(values)


def _value_index(func: Callable[..., Any]) -> int:
    """Where a filter's value is in its arguments: after the environment or context jinja passes first."""
    return 1 if hasattr(func, "jinja_pass_arg") else 0


def _wrap_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    at = _value_index(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args_list = list(args)
        if len(args_list) > at:
            value = args_list[at]
            if isinstance(value, Iterator):
                value = _bounded_list(value)  # a generator (map, select) is materialised with a bound
                args_list[at] = value
            checked(value)
            if name in _COUNT_ARGUMENT_FILTERS:
                count = args_list[at + 1] if len(args_list) > at + 1 else kwargs.get("linecount", 0)
                count = kwargs.get("slices", count)
                if not isinstance(count, int) or count > MAX_ITEMS:
                    raise _refuse("list")
            elif name == "join":
                separator = args_list[at + 1] if len(args_list) > at + 1 else kwargs.get("d", "")
                _check_join(str(checked(separator)), value)
            elif name == "replace" and len(args_list) > at + 2:
                _check_replace(value, args_list[at + 1], args_list[at + 2])
            elif name == "sum":
                start = args_list[at + 2] if len(args_list) > at + 2 else kwargs.get("start", 0)
                if not isinstance(start, int | float):
                    raise SecurityError("sum is only for numbers in report templates")
        return checked(func(*args_list, **kwargs))

    return wrapper


class _ReportCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` to a checked join (jinja's sandbox does not intercept `~`)."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.checked_concat({func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class ReportSandbox(ImmutableSandboxedEnvironment):
    """The sandbox report templates render in."""

    code_generator_class = _ReportCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=checked)
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.filters = {name: _wrap_filter(name, func) for name, func in self.filters.items()}
        self.globals = {"range": _limited_range}

    def checked_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        checked(parts)
        return checked(join(parts))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        sequences = str | list | tuple
        if operator == "**":
            raise SecurityError("The power operator (**) is not allowed in report templates")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("Formatting text with % is not allowed in report templates")
        if operator == "*" and (isinstance(left, sequences) or isinstance(right, sequences)):
            sequence, count = (left, right) if isinstance(left, sequences) else (right, left)
            if not isinstance(count, int) or count > MAX_REPEAT:
                raise SecurityError(
                    "Repeating text or lists that many times is not allowed in report templates"
                )
            if len(sequence) * max(count, 0) > (MAX_STRING if isinstance(sequence, str) else MAX_ITEMS):
                raise _refuse("text" if isinstance(sequence, str) else "list")
        if operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
            if len(left) + len(right) > (MAX_STRING if isinstance(left, str) else MAX_ITEMS):
                raise _refuse("text" if isinstance(left, str) else "list")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # jinja2 hands back a sandboxed str.format here; report templates may not format text at all.
        if (
            isinstance(value, types.MethodType | types.BuiltinMethodType)
            and value.__name__ in ("format", "format_map")
            and isinstance(getattr(value, "__self__", None), str)
        ):
            raise SecurityError(
                f"Formatting text with .{value.__name__}() is not allowed in report templates"
            )
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _BLOCKED_TEXT_METHODS and isinstance(obj, str | bytes | int):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in ("format", "format_map"):
            raise SecurityError(f"Formatting text with .{name}() is not allowed in report templates")
        if isinstance(owner, str) and name == "join" and args:
            args = (_bounded_list(args[0]), *args[1:])
            _check_join(owner, args[0])
        elif isinstance(owner, str) and name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        return checked(super().call(__context, __obj, *args, **kwargs))


def _undefined_name(message: str) -> str:
    for pattern in (r"'([^']+)' is undefined", r"has no attribute '([^']+)'", r"no element '?([^']+?)'?$"):
        found = re.search(pattern, message)
        if found:
            return found.group(1)
    return message


def template_problem(exc: BaseException) -> str:
    """What is wrong with the template, for the person who uploaded it."""
    if isinstance(exc, SecurityError):
        return (
            "The template tries to reach Python internals or to do something report templates may not do "
            f"({str(exc).rstrip('.')}). Use only the report's variables (see the list of variables) and "
            "remove that tag."
        )
    if isinstance(exc, TemplateSyntaxError):
        snippet = " ".join(line.strip() for line in getattr(exc, "docx_context", []) if line.strip())[:120]
        # docxtpl puts each Word paragraph on its own line of the XML, after one line of document header.
        where = f" in paragraph {max(exc.lineno - 1, 1)}" if exc.lineno else ""
        near = f" (around “{snippet}”)" if snippet else ""
        message = str(exc.message).rstrip(".")
        return f"The template has a mistake in a tag{where}{near}: {message}. Check the braces and try again."
    if isinstance(exc, UndefinedError):
        return (
            f"The template uses “{_undefined_name(str(exc.message or exc))}”, which the report does not "
            "provide. "
            "Use only the report's variables (see the list of variables)."
        )
    if isinstance(exc, RecursionError):
        return "The template calls itself too many times (a macro that never stops). Remove that tag."
    if isinstance(exc, TemplateError):
        return f"The template could not be rendered: {exc}."
    return (
        "The template could not be opened and rendered as a Word document. Save it again as .docx and retry."
    )


def render(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    """Render a Word template with the context in THIS process. Raises TemplateProblem. Only the child
    process calls this; everything else goes through rendering.render_docx, which applies the limits."""
    from docxtpl import DocxTemplate

    try:
        template = DocxTemplate(io.BytesIO(template_bytes))
        template.render(context, jinja_env=ReportSandbox(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except MemoryError as exc:
        raise TemplateProblem(
            MEMORY, "The template needs more memory than a report template may use"
        ) from exc
    except Exception as exc:  # a broken or hostile file can fail anywhere in docxtpl, lxml or python-docx
        raise TemplateProblem(TEMPLATE, template_problem(exc)) from exc
    return out.getvalue()


def set_limits(*, memory_bytes: int, cpu_seconds: int) -> None:
    """Hard limits for this (child) process: it cannot raise them again."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def pack_request(template_bytes: bytes, context: dict[str, Any]) -> bytes:
    return struct.pack(">Q", len(template_bytes)) + template_bytes + json.dumps(context).encode()


def _unpack_request(data: bytes) -> tuple[bytes, dict[str, Any]]:
    (length,) = struct.unpack(">Q", data[:8])
    return data[8 : 8 + length], json.loads(data[8 + length :])


def main(argv: list[str]) -> int:
    memory_bytes, cpu_seconds, max_output = (int(value) for value in argv[1:4])
    set_limits(memory_bytes=memory_bytes, cpu_seconds=cpu_seconds)
    payload = b""
    try:
        template_bytes, context = _unpack_request(sys.stdin.buffer.read())
        payload = render(template_bytes, context)
        header: dict[str, Any] = {"code": OK, "size": len(payload)}
        if len(payload) > max_output:
            header, payload = {"code": TOO_LARGE, "message": "The document is too large"}, b""
    except TemplateProblem as problem:
        header, payload = {"code": problem.code, "message": problem.message}, b""
    except MemoryError:
        header, payload = {"code": MEMORY, "message": "Out of memory"}, b""
    sys.stdout.buffer.write(json.dumps(header).encode() + b"\n" + payload)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
