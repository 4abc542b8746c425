"""Plain-value (de)serialisation of the frozen records in tonghop.models.

Why: a cluster worker hands its ProcessedDocument to the loader through a file on shared
storage (Parquet, see warehouse/shards.py), not through pickle, so the file stays readable by
other tools and by a later version of the code. The plain form uses only dict, list, str, int,
float, bool, None and datetime.date; `from_plain(cls, to_plain(x)) == x` for every record.

Decoding is driven by the dataclasses' type hints, so a new field in models.py needs no change
here as long as its type is one of: str, int, float, bool, date, a StrEnum, a frozen dataclass,
`X | None` and `tuple[X, ...]` of these.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

_SCALARS = (str, int, float, bool)


def to_plain(obj: Any) -> Any:
    """A record as plain values: dataclass → dict, Enum → its value, tuple → list, date kept."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, tuple | list):
        return [to_plain(x) for x in obj]
    if obj is None or isinstance(obj, (*_SCALARS, date)):
        return obj
    raise TypeError(f"cannot serialise {type(obj).__name__}: {obj!r}")


@cache
def field_types(cls: type) -> dict[str, Any]:
    """Resolved type hints of a dataclass's fields (models.py uses postponed annotations)."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def optional_inner(tp: Any) -> Any | None:
    """X for `X | None` / Optional[X]; None when `tp` is not optional."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != len(typing.get_args(tp)):
            if len(args) != 1:
                raise TypeError(f"unsupported union {tp}")
            return args[0]
    return None


def from_plain(tp: type[T] | Any, data: Any) -> T:
    """Rebuild a value of type `tp` from `to_plain` output (raises TypeError/ValueError on a mismatch)."""
    inner = optional_inner(tp)
    if inner is not None:
        return None if data is None else from_plain(inner, data)
    if data is None:
        raise TypeError(f"None where {tp} is required")
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise TypeError(f"{tp.__name__} needs a mapping, got {type(data).__name__}")
        hints = field_types(tp)
        unknown = set(data) - set(hints)
        if unknown:
            raise ValueError(f"unknown fields for {tp.__name__}: {sorted(unknown)}")
        return tp(**{name: from_plain(hints[name], data[name]) for name in hints if name in data})
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], x) for x in data)
        return tuple(from_plain(a, x) for a, x in zip(args, data, strict=True))
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise TypeError(f"float expected, got {data!r}")
        return data  # an int stays an int: equal to the float the record held before
    if tp is date:
        if isinstance(data, datetime):  # some readers widen date to datetime
            return data.date()
        if isinstance(data, str):
            return date.fromisoformat(data)
        if isinstance(data, date):
            return data
        raise TypeError(f"date expected, got {data!r}")
    if tp in _SCALARS:
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise TypeError(f"{tp.__name__} expected, got {data!r}")
        return data
    raise TypeError(f"unsupported type {tp}")
