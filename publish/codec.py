"""Values as data, for the cache: MessagePack that holds only data and the package's own dataclasses.

``encode`` writes None, booleans, numbers, text, bytes (as they are: a laid-out PDF is not inflated),
lists, tuples, dicts, paths, and dataclasses by their fields; ``decode`` reads them back. A dataclass is
written as its module, its name and its fields, and read back only when its module is one of the codec's
``modules`` and the name is a dataclass defined there: reading an entry never imports or calls anything
else, so a file planted in the cache cannot run code. A field added to a dataclass later needs no change
here (an entry written before it no longer matches the class: ``decode`` refuses it, and the cache takes
that as a miss).
"""
from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import msgpack

TUPLE, PATH, DATACLASS = 1, 2, 3  #: MessagePack extension types


class Refused(ValueError):
    """An entry that is not what this codec writes: damaged, foreign, or of another version of a class."""


class Codec:
    def __init__(self, modules: tuple[str, ...]):
        self.modules = frozenset(modules)  #: the modules whose dataclasses may be written and read

    def encode(self, value) -> bytes:
        """``value`` as bytes; TypeError for what cannot be kept (a class of another module, a set, ...)."""
        return msgpack.packb(value, default=self._extension, strict_types=True, use_bin_type=True)

    def decode(self, data: bytes):
        """The value ``encode`` wrote; ``Refused`` (or another ValueError) for anything else."""
        return msgpack.unpackb(data, ext_hook=self._value, raw=False, strict_map_key=False, use_list=True)

    def _extension(self, value) -> msgpack.ExtType:
        if type(value) is tuple:
            return msgpack.ExtType(TUPLE, self.encode(list(value)))
        if isinstance(value, Path):
            return msgpack.ExtType(PATH, self.encode(str(value)))
        kind = type(value)
        if dataclasses.is_dataclass(value) and kind.__module__ in self.modules and "." not in kind.__qualname__:
            fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
            return msgpack.ExtType(DATACLASS, self.encode([kind.__module__, kind.__qualname__, fields]))
        raise TypeError(f"a {kind.__module__}.{kind.__qualname__} cannot be kept in the cache")

    def _value(self, code: int, data: bytes):
        if code == TUPLE:
            return tuple(self._list(self.decode(data)))
        if code == PATH:
            text = self.decode(data)
            if not isinstance(text, str):
                raise Refused("a path that is not text")
            return Path(text)
        if code == DATACLASS:
            module, name, fields = self._list(self.decode(data), 3)
            return self._instance(module, name, fields)
        raise Refused(f"unknown extension type {code}")

    @staticmethod
    def _list(value, length: int | None = None) -> list:
        if not isinstance(value, list) or (length is not None and len(value) != length):
            raise Refused("a damaged entry")
        return value

    def _instance(self, module, name, fields):
        """An instance of the dataclass ``module.name`` from its fields, if the codec may make it."""
        if module not in self.modules or not isinstance(name, str) or not name.isidentifier() \
                or not isinstance(fields, dict):
            raise Refused(f"a class the cache does not hold: {module!r}, {name!r}")
        kind = getattr(importlib.import_module(module), name, None)
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind.__module__ == module):
            raise Refused(f"{module}.{name} is not a dataclass of {module}")
        known = {field.name: field for field in dataclasses.fields(kind)}
        if set(fields) != set(known):
            raise Refused(f"{module}.{name} has other fields now")
        made = kind(**{key: value for key, value in fields.items() if known[key].init})
        for key, value in fields.items():
            if not known[key].init:
                object.__setattr__(made, key, value)
        return made
