"""Ready-made criteria from Indonesian e-government and Smart City practice: ``tp.criteria``.

Each function returns :class:`~targetplan.Criteria` that score a programme by how much it
contributes to each aspect of an evaluation framework, rated by the analysts on a scale
(default 0 = nothing to 5 = decisive, next to the 1–5 maturity levels of the SPBE
evaluation). Every one is replaceable: pass ``weights=`` (a mapping of criterion names
to weights, or an :func:`~targetplan.ahp` result), ``scale=``, or ``columns=`` (criterion
name → the catalogue column that holds its ratings), or build your own
:class:`~targetplan.Criteria`.

=================  ===========================================================  ======
function           source                                                       year
=================  ===========================================================  ======
:func:`pemdi`      Indeks Pemerintah Digital: 9 aspects with weights, as        2025
                   summarised publicly from the PANRB letter B/66/PD.02/2025
:func:`spbe`       SPBE evaluation, PermenPANRB 59/2020: 4 domains, 8 aspects   2020
                   (the weights of the index)
:func:`smart_city` Gerakan Menuju 100 Smart City: the six dimensions of the     2017
                   Smart City masterplan, equal weights
=================  ===========================================================  ======

The weights are those published; check them against the current official documents
before relying on them in a planning decision.

Examples
--------
>>> import targetplan as tp
>>> tp.criteria.pemdi().global_weights()["teknologi_digital"]
np.float64(0.2)
>>> tp.criteria.pemdi(weights={"keamanan_siber": 20}).global_weights()["keamanan_siber"].round(3)
np.float64(0.18)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .criteria import Criteria, Criterion

__all__ = ["pemdi", "smart_city", "spbe"]

_RATING = "Kontribusi program pada aspek ini, dinilai analis dari {low:g} (tidak ada) sampai {high:g} (menentukan)"

#: (name, Indonesian label, English label, weight in the index, %)
_PEMDI = (
    ("strategi_dan_rencana", "Strategi dan Rencana", "Strategy and planning", 5.0),
    ("tata_kelola_dan_manajemen", "Tata Kelola dan Manajemen", "Governance and management", 5.0),
    ("teknologi_digital", "Teknologi Digital", "Digital technology", 20.0),
    ("audit_teknologi_digital", "Audit Teknologi Digital", "Digital technology audit", 6.0),
    ("keamanan_siber", "Keamanan Siber", "Cyber security", 9.0),
    ("kapabilitas_dan_budaya_digital", "Kapabilitas dan Budaya Digital", "Digital capability and culture", 10.0),
    ("pengelolaan_dan_pemanfaatan_data", "Pengelolaan dan Pemanfaatan Data", "Data management and use", 10.0),
    ("keterpaduan_layanan_digital", "Keterpaduan Layanan Digital", "Integrated digital services", 15.0),
    ("kepuasan_pengguna_layanan", "Kepuasan Pengguna Layanan", "Service user satisfaction", 20.0),
)

#: domain (name, labels, weight %) → its aspects (name, labels, weight % of the index)
_SPBE = (
    (
        ("kebijakan_internal", "Kebijakan Internal SPBE", "Internal SPBE policy", 13.0),
        (
            (
                "kebijakan_internal_tata_kelola",
                "Kebijakan Internal Tata Kelola SPBE",
                "Internal governance policy",
                13.0,
            ),
        ),
    ),
    (
        ("tata_kelola", "Tata Kelola SPBE", "SPBE governance", 25.0),
        (
            ("perencanaan_strategis", "Perencanaan Strategis SPBE", "Strategic planning", 10.0),
            ("teknologi_informasi_komunikasi", "Teknologi Informasi dan Komunikasi", "ICT", 10.0),
            ("penyelenggara_spbe", "Penyelenggara SPBE", "SPBE organisation", 5.0),
        ),
    ),
    (
        ("manajemen", "Manajemen SPBE", "SPBE management", 16.5),
        (
            ("penerapan_manajemen", "Penerapan Manajemen SPBE", "Management practice", 12.0),
            ("audit_tik", "Audit TIK", "ICT audit", 4.5),
        ),
    ),
    (
        ("layanan", "Layanan SPBE", "SPBE services", 45.5),
        (
            (
                "layanan_administrasi_pemerintahan",
                "Layanan Administrasi Pemerintahan Berbasis Elektronik",
                "Electronic government administration services",
                27.5,
            ),
            ("layanan_publik", "Layanan Publik Berbasis Elektronik", "Electronic public services", 18.0),
        ),
    ),
)

_SMART_CITY = (
    ("smart_governance", "Smart Governance (tata kelola)", "Smart governance"),
    ("smart_branding", "Smart Branding (pencitraan daerah)", "Smart branding"),
    ("smart_economy", "Smart Economy (ekonomi)", "Smart economy"),
    ("smart_living", "Smart Living (lingkungan hidup dan layanan kota)", "Smart living"),
    ("smart_society", "Smart Society (masyarakat)", "Smart society"),
    ("smart_environment", "Smart Environment (lingkungan)", "Smart environment"),
)


def _rated(
    name: str, label: str, label_en: str, weight: float | None, scale: tuple[float, float], columns: Mapping[str, str]
) -> Criterion:
    return Criterion(
        name,
        label=label,
        label_en=label_en,
        column=columns.get(name),
        normalise="scale",
        scale=scale,
        weight=weight,
        description=_RATING.format(low=scale[0], high=scale[1]),
    )


def pemdi(
    weights: Any = None, *, scale: tuple[float, float] = (0, 5), columns: Mapping[str, str] | None = None
) -> Criteria:
    """Return the nine aspects of the Indeks Pemerintah Digital (PEMDI) with their published weights.

    Strategi dan Rencana 5, Tata Kelola dan Manajemen 5, Teknologi Digital 20, Audit
    Teknologi Digital 6, Keamanan Siber 9, Kapabilitas dan Budaya Digital 10, Pengelolaan
    dan Pemanfaatan Data 10, Keterpaduan Layanan Digital 15, Kepuasan Pengguna Layanan 20
    (per cent). Source: the successor of the SPBE index, as summarised publicly from the
    Kementerian PANRB letter B/66/PD.02/2025 (2025); check against the official text.

    Each aspect reads a catalogue column of the same name (``keamanan_siber`` …) with the
    programme's contribution to it, rated on ``scale``.

    Parameters
    ----------
    weights : mapping, Series or AhpResult, optional
        Weights replacing the published ones (any unit; normalised).
    scale : (low, high), default (0, 5)
        The rating scale of the columns.
    columns : mapping, optional
        Criterion name → catalogue column, for columns named otherwise.

    Examples
    --------
    >>> import targetplan as tp
    >>> tp.criteria.pemdi().names[:2]
    ('strategi_dan_rencana', 'tata_kelola_dan_manajemen')
    """
    columns = dict(columns or {})
    crit = Criteria(
        tuple(_rated(n, label, en, w, scale, columns) for n, label, en, w in _PEMDI),
        title="Indeks Pemerintah Digital (PEMDI)",
        source="Kementerian PANRB, surat B/66/PD.02/2025 (ringkasan publik; periksa dokumen resmi)",
        year=2025,
    )
    return crit.with_weights(weights)


def spbe(
    weights: Any = None, *, scale: tuple[float, float] = (0, 5), columns: Mapping[str, str] | None = None
) -> Criteria:
    """Return the SPBE evaluation's four domains and eight aspects (PermenPANRB 59/2020), weighted as the index.

    Domains (weight in the SPBE index): Kebijakan Internal SPBE 13 %, Tata Kelola SPBE
    25 %, Manajemen SPBE 16,5 %, Layanan SPBE 45,5 %. Aspects within them: Kebijakan
    Internal Tata Kelola SPBE 13; Perencanaan Strategis SPBE 10, Teknologi Informasi dan
    Komunikasi 10, Penyelenggara SPBE 5; Penerapan Manajemen SPBE 12, Audit TIK 4,5;
    Layanan Administrasi Pemerintahan Berbasis Elektronik 27,5, Layanan Publik Berbasis
    Elektronik 18 (per cent of the index, so the aspects' global weights are these shares).
    Source: Peraturan Menteri PANRB 59/2020 on monitoring and evaluating SPBE (2020), as
    used in its evaluation instruments; check against the regulation's annex.

    The domains are groups; each aspect reads a catalogue column of its name
    (``layanan_publik`` …) with the programme's contribution, rated on ``scale``.

    Parameters
    ----------
    weights : mapping, Series or AhpResult, optional
        Weights of domains or aspects (within their domain) replacing the published ones.
    scale : (low, high), default (0, 5)
    columns : mapping, optional
        Aspect name → catalogue column.

    Examples
    --------
    >>> import targetplan as tp
    >>> round(float(tp.criteria.spbe().global_weights()["layanan_publik"]), 3)
    0.18
    """
    columns = dict(columns or {})
    domains = []
    for (name, label, en, weight), aspects in _SPBE:
        children = tuple(_rated(a, al, ae, aw, scale, columns) for a, al, ae, aw in aspects)
        domains.append(Criterion(name, label=label, label_en=en, weight=weight, children=children))
    crit = Criteria(
        tuple(domains),
        title="Indeks SPBE",
        source="Peraturan Menteri PANRB Nomor 59 Tahun 2020 tentang Pemantauan dan Evaluasi SPBE",
        year=2020,
    )
    return crit.with_weights(weights)


def smart_city(
    weights: Any = None, *, scale: tuple[float, float] = (0, 5), columns: Mapping[str, str] | None = None
) -> Criteria:
    """Return the six Smart City dimensions, equally weighted unless weights are given.

    Smart Governance, Smart Branding, Smart Economy, Smart Living, Smart Society, Smart
    Environment: the dimensions of the Smart City masterplans of the Gerakan Menuju 100
    Smart City (Kementerian Kominfo, 2017). Each reads a column ``smart_governance`` …
    with the programme's contribution to that dimension, rated on ``scale``.

    Parameters
    ----------
    weights : mapping, Series or AhpResult, optional
        Weights of the dimensions (default: equal).
    scale : (low, high), default (0, 5)
    columns : mapping, optional
        Dimension name → catalogue column.

    Examples
    --------
    >>> import targetplan as tp
    >>> tp.criteria.smart_city().global_weights().round(3).tolist()
    [0.167, 0.167, 0.167, 0.167, 0.167, 0.167]
    """
    columns = dict(columns or {})
    crit = Criteria(
        tuple(_rated(n, label, en, None, scale, columns) for n, label, en in _SMART_CITY),
        title="Dimensi Smart City",
        source="Gerakan Menuju 100 Smart City, Kementerian Komunikasi dan Informatika",
        year=2017,
    )
    return crit.with_weights(weights)
