"""Size bands used to group companies for peer comparison.

Bands follow the employee counts owners recognise (and the 小規模 thresholds 5 and 20),
so a group such as "製造業・6〜20人" means something to the reader.
"""

SIZE_BANDS = [
    ("1-5", 1, 5),
    ("6-20", 6, 20),
    ("21-50", 21, 50),
    ("51-100", 51, 100),
    ("101-300", 101, 300),
    ("301+", 301, None),
]


def size_band(employees: int) -> str:
    """Band id for an employee count; 0 employees (owner only) counts as the smallest band."""
    for band_id, low, high in SIZE_BANDS:
        if high is None or employees <= high:
            if employees >= low or band_id == "1-5":
                return band_id
    return SIZE_BANDS[-1][0]
