"""Read and write the input files of the classic bargaining models (``docs/import.md``).

One module per file format, each with its reader (``read_*`` on a path, ``parse_*`` on the text)
and its writer (``write_*``, returning the text), as NetworkX's ``readwrite`` package does:

* ``ktab_csv``: KTAB's Spatial Model of Politics (SMP) CSV;
* ``ktab_xml``: KTAB's SMP XML, the same data as elements;
* ``eu_csv``: the usual expected-utility CSV (Bueno de Mesquita; Scholz, Calbert and Smith 2011).

``convert`` detects the format of a file, reads it (``import_file``) and writes the scenario as
YAML (``to_yaml``); ``common`` holds what the formats share. The readers return a scenario as a
plain dict in the YAML format, ready for ``load_scenario``; reading and writing round-trip.
"""

from simulator.io.common import ImportFormatError
from simulator.io.convert import FORMATS, READERS, detect_format, import_file, to_yaml
from simulator.io.eu_csv import parse_eu_csv, read_eu_csv, write_eu_csv
from simulator.io.ktab_csv import parse_ktab_csv, read_ktab_csv, write_ktab_csv
from simulator.io.ktab_xml import parse_ktab_xml, read_ktab_xml, write_ktab_xml

__all__ = [
    "FORMATS",
    "READERS",
    "ImportFormatError",
    "detect_format",
    "import_file",
    "parse_eu_csv",
    "parse_ktab_csv",
    "parse_ktab_xml",
    "read_eu_csv",
    "read_ktab_csv",
    "read_ktab_xml",
    "to_yaml",
    "write_eu_csv",
    "write_ktab_csv",
    "write_ktab_xml",
]
