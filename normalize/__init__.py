"""Normalisation of Japanese subsidy text: glyphs (``glyphs``), numbers (``numbers``),
amounts of yen (``amounts``), subsidy rates (``rates``), dates and fiscal years (``dates``).

Takes text; gives it normalised, and the typed values it prints (``Amount``, ``Rate``, dates), the typed
qualifiers of a condition and canonical applicants (``qualifiers``), and names safe to print (``shown``).
Imports nothing of hojo's: every other package may use it.

Each parser raises ``normalize.errors.ParseError`` (a ``ValueError``) on text that is not of
its kind; the ``find_*`` functions read text already passed through ``glyphs.normalize``.
"""
