"""Normalisation of Japanese subsidy text: glyphs (``glyphs``), numbers (``numbers``),
amounts of yen (``amounts``), subsidy rates (``rates``), dates and fiscal years (``dates``).

Each parser raises ``normalize.errors.ParseError`` (a ``ValueError``) on text that is not of
its kind; the ``find_*`` functions read text already passed through ``glyphs.normalize``.
"""
