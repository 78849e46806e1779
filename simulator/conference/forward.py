"""``Forward``: a model attribute that lives in one of the model's parts.

The conference keeps its state in small parts (``parties``, ``bargaining``, ``ripeness``, ...);
the report, the narrative, the app and the ``TableView`` read it as plain attributes of the
model (``model.offers``). A ``Forward`` declares one such attribute and where it lives:

    offers: Forward[np.ndarray] = Forward("bargaining")   # model.offers is model.bargaining.offers
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


# Generic rather than PEP 695 syntax (``class Forward[T]``): the package shape check parses with Python 3.11
class Forward(Generic[T]):  # noqa: UP046
    """A data descriptor: reading or writing ``model.NAME`` reads or writes ``model.PART.NAME``."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.name = ""
        self.read = attrgetter(part)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.read = attrgetter(f"{self.part}.{name}")  # one C call on the hot path, not two getattr

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Forward[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return self.read(obj)

    def __set__(self, obj: object, value: T) -> None:
        setattr(getattr(obj, self.part), self.name, value)
