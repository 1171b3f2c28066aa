"""Cue words: the vocabulary that tells what a number in a subsidy document is.

Japanese subsidy documents name what a value is right before it (補助上限額：3,000万円,
補助率 2/3以内, 応募締切：…) or in a row/column header or a label line above it.
These patterns are matched against normalised text (NFKC, ``~`` as the range sign).
They are grouped by what they decide:

- amount cues: upper limit (補助上限額, 限度額, 補助額 …), lower limit (下限), budget
  (予算額), and amounts that are not subsidy amounts at all (資本金, 売上高, 給与 …);
- rate cues: 補助率, and rates of something else (省エネ率, 成長率, 割合 …);
- date cues: application deadline (締切) and opening (受付開始), and dates of other
  events (採択発表, 事業実施期間, 報告 …);
- applicants: who a value applies to (中小企業, 小規模事業者, 大企業 …).
"""

from __future__ import annotations

import re

# --- amounts -------------------------------------------------------------------------------
CAP_MAX = r"補助(?:金)?(?:上限|限度)額?|上限額?|限度額|補助(?:金)?(?:の)?額|補助金(?:交付|申請)額|給付(?:上限)?額|最大"
CAP_MIN = r"(?:補助(?:金)?下限額?|下限額?|下限値)(?!\s*(?:なし|無し|は無|はな|を撤廃|撤廃))"
BUDGET = r"予算(?:案)?(?:額)?|基金(?:規模)?|事業規模"
# Amounts of something other than the subsidy: thresholds of company size and results,
# prices and costs of an example, statistics.
NOT_SUBSIDY = (
    r"資本金|出資|売上|年商|合計|補助対象経費|対象経費|1日|一日|日額|1時間|時間あたり|謝金|旅費|宿泊|日当|交通費|従業員|給与|賃金|時給|付加価値|利益|所得|投資額|投資規模|"
    r"取得価額|単価|価格|採択|件数|交付額規模|実績|借入|融資|貸付|保険料|手数料|利用料|"
    r"賃上げ|収入|年収|報酬|の内数"
)
LIMIT_CUE = re.compile(rf"(?P<max>{CAP_MAX})|(?P<min>{CAP_MIN})|(?P<budget>{BUDGET})")
AMOUNT_CUE = re.compile(rf"(?P<max>{CAP_MAX})|(?P<min>{CAP_MIN})|(?P<budget>{BUDGET})|(?P<neg>{NOT_SUBSIDY})")

# What may follow an amount and make it something other than a limit.
AMOUNT_IS_BAND = re.compile(
    r"^\s*(?:以下|以上|未満|超|まで)?(?:相当)?(?:の?部分|の範囲|の場合|は|を超える部分|の(?:事業者|者|もの|申請|案件|取組|金額|額)|について|"
    r"(?:と|に)?(?:なる|なった|である)場合)"
)
# A worked example or a case: 補助金交付額が450万円のケースで…, 例えば…
AMOUNT_IS_EXAMPLE = re.compile(r"^(?:の|で)?(?:ケース|場合の例|例)")
EXAMPLE_BEFORE = re.compile(r"例えば|たとえば|\(例\)|例:|【例】|計算例|算出例|試算|イメージ")
# Strong marks of a worked example anywhere before a value in its segment: the amounts of a
# calculation (補助金額2,500万円 in 具体的な計算: …) are inputs, not limits.
EXAMPLE_MARK = re.compile(
    r"計算例|算定例|算出例|具体的な計算|記載例|入力例|【例[0-9]*】|\(例[0-9]*\)|<例[0-9]*>|^例[0-9]+"
)
# A tier printed before a value (従業員数5人以下, 従業員数21~50人, 従業員規模に応じ): the words
# of company size there say to whom the value applies, not what the value measures.
TIER = re.compile(
    r"(?:常勤)?(?:従業員|社員|資本金|売上高?)(?:の)?(?:数|額|規模|総額)?(?:が|は)?\s*"
    r"(?:[0-9][0-9,.]*\s*(?:万|億)?\s*(?:人|名|円|者|社)?\s*(?:以下|以上|未満|超|~|-|まで)|に応じ)"
)
# What an application may not do: 補助額が25万円未満となる申請はできない, 100万円を下回る申請は
# 受け付けない. The bound of a forbidden range is the opposite limit of the subsidy.
PROHIBITED = re.compile(
    r"^[^。]{0,40}?(?:できない|できません|受け付けない|受け付けません|受付(?:でき)?ません|認められない|"
    r"認められません|不可|対象外|申請できません)"
)
BELOW = re.compile(r"^\s*(?:を下回|に満たない|未満)")
ABOVE = re.compile(r"^\s*(?:を上回|を超え|超)")
# The subject of a clause that is an expense category (廃業費の補助上限額は…, ウェブサイト関連費は…):
# a limit stated for it is a sub-limit of that category, not the program's cap.
EXPENSE_TOPIC = re.compile(
    r"(?P<cat>(?:「[^」]{1,80}」)?(?![0-9])[^\s、。,:：()（）「」『』※]{1,24}?(?:経費|費用|費))"
    r"(?:の(?:補助)?(?:金)?(?:上限|限度)額?)?(?:は|について(?:は)?)"
)
EXPENSE_BASE = re.compile(r"補助対象経費$|^(?:本|当該|同|その|上記|これらの|各)")

# Added on top of a cap: 補助上限額から最大100万円 (上乗せ), not a cap itself.
INCREMENT_BEFORE = re.compile(r"(?:上限額?|限度額)から(?:最大|さらに)?\s*$")
AMOUNT_IS_LABEL = re.compile(r"^\s*[:：]")
# A former value: 100万円から引き下げ, 通常の1/2から3/4に引き上げ, (従来は1億円).
VALUE_IS_OLD = re.compile(
    r"^(?:\))?(?:から|より)[^。、]{0,16}?(?:引き?[上下][げが]|減額|増額|拡充|見直し|変更|緩和)"
    r"|^を[^。、]{0,16}?に(?:減額|増額|変更|引き?[上下]げ|引[上下]げ)"
)
# An increment (50万円を上乗せ, 50万円の補助上限を上乗せ): added to a cap, no cap of its own.
AMOUNT_IS_INCREMENT = re.compile(r"^(?:を|の)?(?:(?:補助)?(?:上限|限度)(?:額)?を?)?(?:加算|上乗せ|増額|追加)")
AMOUNT_IS_SHARE = re.compile(r"^\s*(?:\))?\s*の内数")  # (2,001億円の内数): part of another line's budget
# A value in brackets right after another (予算案額15.9億円(11.7億円)): last year's figure.
PREVIOUS_YEAR = re.compile(r"^\s*[(（]\s*$")
OLD_BEFORE = re.compile(r"(?:従来|従前|旧|前年|前回|改正前|これまで)(?:の|は)?[^。]{0,12}$")
ARITHMETIC = re.compile(r"[x×*=÷]|を乗じ|を掛け|をかけ")
# A subsidy cap below this is a wage step or a fee (+50円), not a cap.
MIN_CAP_YEN = 10_000

# --- rates ---------------------------------------------------------------------------------
RATE_CUE = re.compile(r"補助率|助成率|給付率|補助(?:\(|$|[:：])|定額|以内")
# A 率 that is not the subsidy rate, or a fraction used as a share or threshold.
NOT_RATE = re.compile(
    r"(?<!補助)(?<!助成)(?:省エネ|成長|増加|向上|伸び|削減|減少|採択|賃上げ|利益|付加価値|稼働|充足|自給|負担)率|"
    r"割合|比率|シェア|目標"
)
RATE_AFTER = re.compile(r"^\s*(?:以内)?\s*(?:の|を|で)?\s*(?:補助|助成|給付)")
RATE_IS_THRESHOLD = re.compile(r"^(?:以上|超|を超え|未満)")
RATE_IS_SHARE_CAP = re.compile(r"を上限")  # (4)の1/4を上限: a share limit, not a subsidy rate

# --- dates ---------------------------------------------------------------------------------
DEADLINE = r"締切|締め切り|締切り|〆切|〆切り|期限|受付終了|提出期限"
OPENS = r"受付開始|公募開始|募集開始|申請開始|申請受付開始|開始日"
PERIOD = r"受付期間|公募期間|募集期間|申請期間|応募期間"
NOT_APPLICATION_DATE = (
    r"採択|交付決定|発表|公表|実施期間|事業期間|事業実施|実績報告|効果報告|報告|完了|支払|説明会|登録申請|"
    r"事業支援計画書|開催|セミナー|改訂|更新|作成|発行|施行|適用|時点|現在|開示|公開|掲載|制定|改定"
)
DATE_CUE = re.compile(
    rf"(?P<deadline>{DEADLINE})|(?P<opens>{OPENS})|(?P<period>{PERIOD})|(?P<neg>{NOT_APPLICATION_DATE})"
)

# --- applicants ----------------------------------------------------------------------------
APPLICANTS = (
    "中小企業・小規模事業者等",
    "中小企業者・小規模事業者等",
    "中小企業者等",
    "中小企業等",
    "中小企業者",
    "中小企業",
    "小規模事業者等",
    "小規模事業者",
    "小規模企業者",
    "中堅企業等",
    "中堅企業",
    "大企業等",
    "大企業",
    "最低賃金近傍の事業者",
    "赤字事業者",
    "インボイス転換事業者",
    "個人事業主",
    "個人事業者",
    "特定非営利活動法人",
    "その他の事業者等",
    "その他の事業者",
    "非中小企業",
)
# Abbreviations printed beside a value (1/2(中小) 1/3(大), 中小2/3、中堅1/2) are rows of the
# rule table: applicant.abbreviation-before / -after in rules.toml.
# Another noun phrase ending in 事業者 in the applicant position ("…近傍の事業者:").
_GENERIC_APPLICANT = (
    r"(?:(?<![^\s、。:：()（）「」・/※])|(?<=また)|(?<=なお)|(?<=ただし)|(?<=のうち))"
    r"(?![0-9]|また|なお|ただし|うち)(?:(?!のうち)[^\s、。:：()（）「」・/※]){2,10}?の事業者"
)
APPLICANT = re.compile(
    "(?<![非大中小])(?:"
    + "|".join(re.escape(a) for a in sorted(APPLICANTS, key=len, reverse=True))
    + "|"
    + _GENERIC_APPLICANT
    + ")"
)
# What may stand between an applicant and its value: a note mark, a case phrase, a
# topic or subject particle and a few words (最大, 補助率は …).
APPLICANT_TO_VALUE = re.compile(
    r"^(?:(?:及び|並びに|・)[^\s、。:：()（）]{1,12}?)?(?:\(※\d*\)|※\d*)?(?:が申請(?:者)?(?:/補助事業者)?(?:する|である)?場合|である場合|に該当する場合|の場合|"
    r"に対して|に限り|向け|について|においては|に対しては|であることを示し[、,]?|に該当し[、,])?"
    r"(?:は|が|:|：|においては|には)?[、,]?\s*(?:最大|補助率(?:は|が|を|:)?|"
    r"補助上限(?:額)?(?:は|が|を|:)?)?\s*$"
)
# An applicant defined in brackets after its value: 最低賃金近傍の事業者:2/3 (3か月以上…を示した事業者)
APPLICANT_DEFINITION = re.compile(
    r"(?P<who>" + APPLICANT.pattern + r")[^()\n]{0,16}?\((?P<what>[^()]{12,120}?(?:事業者|者))\)"
)
PARTITIVE = re.compile(rf"({APPLICANT.pattern})のうち")

# --- labels and structure ------------------------------------------------------------------
NOTE_MARK = re.compile(r"※\s*\d*|\(※\d*\)|\*\d*")
LIST_MARK = re.compile(r"^[\s\-・•●○◆◇■□▪▶➢✓>※*]*(?:\(?\d{1,2}[).．]|\([a-zA-Z]\)|[a-zA-Z]\)|[①-⑳])?\s*")

# A bare fraction right after an applicant (小規模事業者は2/3, 中小企業:1/2, a row 中堅企業 1/3 under
# 補助率 中小企業 1/2): these documents state nothing else of an applicant as a fraction, so it is
# that applicant's rate.
RATE_OF_APPLICANT = re.compile(r"(?:" + APPLICANT.pattern + r")等?(?:について|の場合)?(?:は|:)?\s*$")
