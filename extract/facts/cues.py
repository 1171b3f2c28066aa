"""Cue words: the vocabulary that tells what a number in a subsidy document is.

Japanese subsidy documents name what a value is right before it (補助上限額：3,000万円,
補助率 2/3以内, 応募締切：…) or in a row/column header or a label line above it. Every
pattern here is a row of the rule table (`rules.toml`, kinds cue, veto, band, applicant and
label), compiled once by `extract.facts.ruletable`; the names below are the rows the code
uses, bound at import. They are grouped by what they decide:

- amount cues: upper limit (cue.cap-max), lower limit (cue.cap-min), budget (cue.budget), and
  amounts that are not subsidy amounts at all (veto.not-subsidy-amount);
- rate cues: cue.rate, and rates of something else (veto.not-rate);
- date cues: deadline (cue.deadline), opening (cue.opens), period (cue.period), and dates of
  other events (veto.not-application-date);
- applicants: who a value applies to (applicant.named, applicant.to-value …).
"""

from __future__ import annotations

from extract.facts.ruletable import group_rules, regex

# --- amounts -------------------------------------------------------------------------------
BUDGET_CUE = regex("cue.budget")
LIMIT_CUE = regex("cue.amount-limit")
AMOUNT_CUE = regex("cue.amount")
AMOUNT_CUE_RULES = group_rules("cue.amount")  # group name → rule id (max → cue.cap-max …)

AMOUNT_IS_BAND = regex("band.amount-after")
AMOUNT_IS_EXAMPLE = regex("veto.example-after")
EXAMPLE_BEFORE = regex("veto.example-before")
EXAMPLE_MARK = regex("veto.example-mark")
TIER = regex("band.tier")
PROHIBITED = regex("cue.prohibited")
BELOW = regex("cue.forbidden-below")
ABOVE = regex("cue.forbidden-above")
INCREMENT_BEFORE = regex("veto.increment-before")
AMOUNT_IS_LABEL = regex("band.label-after")
VALUE_IS_OLD = regex("veto.old-value")
AMOUNT_IS_INCREMENT = regex("veto.increment-after")
AMOUNT_IS_SHARE = regex("veto.share-of-budget")
PREVIOUS_YEAR = regex("veto.previous-year")
OLD_BEFORE = regex("veto.old-before")
ARITHMETIC = regex("veto.arithmetic")
# A subsidy cap below this is a wage step or a fee (+50円), not a cap.
MIN_CAP_YEN = 10_000

# --- rates ---------------------------------------------------------------------------------
RATE_CUE = regex("cue.rate")
NOT_RATE = regex("veto.not-rate")
RATE_AFTER = regex("cue.rate-after")
RATE_IS_THRESHOLD = regex("veto.rate-threshold")
RATE_IS_SHARE_CAP = regex("veto.rate-share-cap")

# --- dates ---------------------------------------------------------------------------------
DATE_CUE = regex("cue.date")
DATE_CUE_RULES = group_rules("cue.date")

# --- applicants ----------------------------------------------------------------------------
# Abbreviations printed beside a value (1/2(中小) 1/3(大), 中小2/3、中堅1/2) are the rows
# applicant.abbreviation-before / -after.
APPLICANT = regex("applicant.named")
APPLICANT_TO_VALUE = regex("applicant.to-value")
APPLICANT_DEFINITION = regex("applicant.definition")
PARTITIVE = regex("applicant.partitive")
RATE_OF_APPLICANT = regex("cue.rate-of-applicant")

# --- labels and structure ------------------------------------------------------------------
NOTE_MARK = regex("label.note-mark")
LIST_MARK = regex("label.list-mark")
