# Typed stubs of relupoly's public API; the documentation is in __init__.py and docs/python.md.

from fractions import Fraction
from os import PathLike
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Literal,
    Optional,
    Sequence,
    Tuple,
    Union,
    overload,
)

import numpy

__version__: str
__all__: List[str]

Number = Union[int, float, Fraction, str]
_Exact = Union[int, Fraction]
Domain = Union[Tuple[Number, Number], "Box", "Polytope", "Slice", Literal["rd"]]
_ProgressCallback = Callable[[int, int, int, int], Any]

class TooManyRegions(Exception):
    count: int
    limit: int
    def __init__(self, message: str, count: int, limit: int) -> None: ...

class Network:
    def __init__(self, inner: Any) -> None: ...
    @classmethod
    def from_arrays(
        cls,
        weights: Sequence[Any],
        biases: Sequence[Any],
        output: Optional[Tuple[Any, Any]] = None,
        negative_slopes: Optional[Sequence[Optional[Number]]] = None,
    ) -> Network: ...
    @classmethod
    def load(
        cls,
        path: Union[str, PathLike[str]],
        format: Optional[Literal["json", "safetensors", "npz", "onnx"]] = None,
        relu_after_last: bool = False,
        bn_eps: Optional[Number] = None,
        architecture: Union[str, PathLike[str], None] = None,
    ) -> Network: ...
    @classmethod
    def from_json(cls, text: str, origin: str = "network") -> Network: ...
    @classmethod
    def from_torch(cls, module: Any, relu_after_last: bool = False) -> Network: ...
    @classmethod
    def random(
        cls,
        input_dim: int,
        widths: Sequence[int],
        init: str = "he-normal",
        bias: Optional[str] = None,
        seed: int = 0,
        bits: Optional[int] = None,
        output: Optional[int] = None,
        blocks: str = "plain",
        first_layer_rank: Optional[int] = None,
    ) -> Network: ...
    def to_json(self, numbers: Literal["decimal", "binary64"] = "decimal") -> str: ...
    def forward(self, x: Sequence[Number]) -> List[_Exact]: ...
    def pre_activations(self, x: Sequence[Number]) -> List[List[_Exact]]: ...
    def pattern(self, x: Sequence[Number]) -> Tuple[Tuple[int, ...], ...]: ...
    @property
    def input_dim(self) -> int: ...
    @property
    def widths(self) -> List[int]: ...
    @property
    def output_dim(self) -> Optional[int]: ...

class Box:
    lo: Number
    hi: Number
    def __init__(self, lo: Number, hi: Number) -> None: ...

class Polytope:
    inequalities: List[List[str]]
    def __init__(self, inequalities: Any) -> None: ...

class Slice:
    origin: List[str]
    directions: List[List[str]]
    domain: Any
    def __init__(self, origin: Any, directions: Any, *, domain: Any = (-1, 1)) -> None: ...
    @classmethod
    def through(cls, points: Any, *, domain: Any = None) -> "Slice": ...
    @property
    def dim(self) -> int: ...
    def lift(self, t: Any) -> Tuple[Fraction, ...]: ...

_FacetSource = Union[Tuple[Literal["domain"], int], Tuple[Literal["neuron"], int, int]]

class Facet:
    inequality: Tuple[int, ...]
    vertices: Tuple[int, ...]
    sources: Tuple[_FacetSource, ...]
    def __init__(self, record: Dict[str, Any]) -> None: ...

class Region:
    index: int
    def __init__(self, record: Dict[str, Any]) -> None: ...
    @property
    def pattern(self) -> Tuple[Tuple[int, ...], ...]: ...
    @property
    def bounded(self) -> bool: ...
    @property
    def vertices(self) -> List[Tuple[Fraction, ...]]: ...
    def vertices_array(self) -> numpy.ndarray: ...
    @property
    def facets(self) -> List[Facet]: ...
    @property
    def f_vector(self) -> Optional[Tuple[int, ...]]: ...
    @property
    def volume(self) -> Optional[Fraction]: ...
    @property
    def interior_point(self) -> Tuple[Fraction, ...]: ...
    @property
    def input_vertices(self) -> Optional[List[Tuple[Fraction, ...]]]: ...
    @property
    def input_interior_point(self) -> Optional[Tuple[Fraction, ...]]: ...
    @property
    def simplex_count(self) -> Optional[int]: ...
    @property
    def simplices(self) -> Optional[List[Tuple[int, ...]]]: ...
    @property
    def rays(self) -> Optional[List[Tuple[int, ...]]]: ...
    @property
    def lineality(self) -> Optional[List[Tuple[int, ...]]]: ...
    def affine_map(self) -> Optional[List[Tuple[Fraction, ...]]]: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Regions:
    summary: Dict[str, Any]
    adjacency: Optional[List[Tuple[int, int]]]
    def __init__(
        self, records: List[str], summary: str, adjacency: Optional[List[Tuple[int, int]]]
    ) -> None: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int) -> Region: ...
    @overload
    def __getitem__(self, index: slice) -> List[Region]: ...
    def __iter__(self) -> Iterator[Region]: ...

class _RegionIterator(Iterator[Region]):
    def __init__(self, stream: Any) -> None: ...
    def __iter__(self) -> _RegionIterator: ...
    def __next__(self) -> Region: ...
    def summary(self) -> Optional[Dict[str, Any]]: ...

def regions(
    net: Network,
    domain: Domain = ...,
    *,
    volumes: bool = True,
    complex: bool = True,
    simplices: bool = False,
    threads: Optional[int] = None,
    max_regions: Optional[int] = None,
    progress: Union[bool, _ProgressCallback, None] = False,
) -> Regions: ...
def iter_regions(
    net: Network,
    domain: Domain = ...,
    *,
    volumes: bool = True,
    simplices: bool = False,
    max_regions: Optional[int] = None,
) -> _RegionIterator: ...
def polytope(
    inequalities: Any = None, vertices: Any = None, *, lattice: bool = True
) -> Dict[str, Any]: ...
def theory(
    net: Network, domain: Domain = ..., *, max_regions: Optional[int] = None
) -> Dict[str, Any]: ...

class Comparison:
    text: str
    ok: bool
    def __init__(self, document: str, text: str, ok: bool) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

def decision(
    net: Network, domain: Domain = ..., *, max_regions: Optional[int] = None
) -> Dict[str, Any]: ...
def compare(
    net: Network, engine: Any, domain: Domain = ..., *, tolerance: float = 1e-6
) -> Comparison: ...
