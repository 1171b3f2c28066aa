"""The wording of the diff reports: Jinja2 templates and every Japanese word they print.

The diff (`extract.knowledge.diff`) speaks in codes — a change (`added`), a kind (`cap_max`), how a rename
was found (`printed`), a note (`restated`) — and typed qualifiers; this module turns them into
what a reader of the reports reads. Templates are Python strings so they ship inside the package.

HTML is rendered with autoescape on; Markdown with a finalize hook that escapes every
interpolated string (see `corpus.outputs.report.md_escape`). Document text is never marked safe in either.
"""

from __future__ import annotations

from normalize.amounts import format_amount
from normalize.qualifiers import REQUIREMENT_KINDS, Qualifiers, tier_label

KIND = {"rate": "補助率", "cap_max": "補助上限額", "cap_min": "補助下限額", "deadline": "締切",
        "opens": "公募開始", "budget": "予算額", "applicant_definition": "対象者の定義",
        "employees_max": "従業員数の上限", "capital_max": "資本金の上限", "wage_growth_min": "賃上げ率の下限",
        "min_wage_margin": "最低賃金への上乗せ"}
UNIT = {"person": "(1人当たり)", "person_hour": "(1人1時間当たり)", "establishment": "(1事業所当たり)",
        "group_member": "(構成員1者当たり)"}
"""How the reports print what a value is counted per, after its kind (補助上限額(1人当たり))."""
VALUE = {"employees_max": "{}人", "min_wage_margin": "+{}円", "wage_growth_min": "{}%"}
"""How a value of these kinds is printed (a head count, a margin over the minimum wage, a wage growth; whole
numbers with thousands separators); other whole numbers are yen (150万円), dates keep their time."""
CHANGE = {"added": "追加", "removed": "削除", "changed": "変更", "unchanged": "変更なし",
          "not_stated": "記載なし", "conflict": "食い違い"}
FRAME_CHANGE = {"added": "新設", "removed": "廃止", "renamed": "名称変更", "same": "継続", "not_stated": "記載なし"}
HOW = {"lineage": "対応表", "printed": "文書に記載", "values": "値の大半が同じ", "place": "同じ位置・同じ値",
       "similar_name": "名称の類似度", "types": "類型ごとの記載に", "types_merged": "類型を枠に統合",
       "types_kept": "同じ類型を新しい枠名の下に記載", "frame_of_types": "一方は類型ごとに記載",
       "head_noun": "表記の違い (枠・類型の有無)",
       "series": "表記の違い (型の名の有無)", "frame_of_type": "表記の違い (枠の記載の有無)"}
NOTE = {"restated": "同じ値を別の表現で記載", "order": "ひとつの文書に並べて記載された値を大きさ・日付の順に比較",
        "conflict_before": "旧版の文書どうしで値が食い違う: {detail}",
        "conflict_after": "新版の文書どうしで値が食い違う: {detail}"}
LEAD = ("changed", "added", "removed", "conflict")
"""The entries a report leads with; the rest (unchanged, not stated) are folded under each frame."""
LEAD_ORDER = ("cap_max", "cap_min", "rate", "employees_max", "capital_max", "wage_growth_min", "min_wage_margin",
              "applicant_definition", "frame_name", "budget")
"""The order of a pair's first screen after the frames' changes: caps, rates, requirements, who gets a special
rate; then the program's budget. Dates (DATE_KINDS) follow in a table of their own."""
DATE_KINDS = ("opens", "deadline")
WHOLE_PROGRAM = "(全体)"
WORDS = {
    "title": "{program}: 版ごとの変化",
    "red": "赤字で強調",  # printed in red by the publisher: not to be read as 赤字 (a loss-making business)
    "index_title": "hojo: 版ごとの差分レポート",
    "index_empty": "比較できる2つ以上の版をもつ制度がありません",
}


def what_is(kind: str, unit: str | None = None) -> str:
    """Given a kind and what its value is counted per, return it as a reader says it: 補助上限額,
    補助上限額(1人当たり)."""
    return KIND.get(kind, kind) + UNIT.get(unit or "", "")


def qualifier_label(q: Qualifiers, kind: str | None = None, rounds: str = "") -> str:
    """Return typed qualifiers as a reader writes them: ``補助額50万円超~350万円の部分・4プロセス以上``; the
    band of a requirement is the amount applied for (``申請額150万円以上``), not a part of the subsidy; a round
    slot as the rounds each side prints (``第15回→第17回``) where they are known."""
    parts = []
    if q.band:
        lo = f"{format_amount(q.band.min)}{'' if q.band.min_inclusive else '超'}" if q.band.min else ""
        hi = f"{format_amount(q.band.max)}{'以下' if q.band.max_inclusive else '未満'}" if q.band.max else ""
        open_top = "以上" if lo and not hi and q.band.min_inclusive else ""
        span = f"{lo}{'~' if lo and hi else ''}{hi}{open_top}"
        parts.append(f"申請額{span}" if kind in REQUIREMENT_KINDS else f"補助額{span}の部分")
    if q.tier:
        parts.append(tier_label(q.tier))
    round_part = (rounds or f"{q.round}締切") if q.round else None
    parts += [p for p in (q.industry, q.category, round_part, q.provision, q.case) if p]
    return "・".join(parts)


INDEX_MARKDOWN = """# {{ "hojo: 版ごとの差分レポート" }}

{% for name, stem, sides in index %}
- [{{ name }}]({{ stem|q }}.md) — {{ sides|join(", ") }}
{% else %}
{{ "(比較できる2つ以上の版をもつ制度がありません)" }}
{% endfor %}
"""

INDEX_HTML = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>hojo: 版ごとの差分レポート</title></head><body><h1>hojo: 版ごとの差分レポート</h1><ul>
{% for name, stem, sides in index %}<li><a href="{{ stem|q }}.html">{{ name }}</a> — {{ sides|join(", ") }}</li>
{% else %}<li>比較できる2つ以上の版をもつ制度がありません</li>{% endfor %}
</ul></body></html>
"""

HTML = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; margin: 2rem auto;
       max-width: 78rem; padding: 0 1rem; color: #222; line-height: 1.5; }
h1 { font-size: 1.6rem; border-bottom: 3px solid #1f4e79; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; color: #1f4e79; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #bbb; padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #eef2f7; }
tr.added td { background: #e6f6e6; }
tr.removed td { background: #fbe9e9; }
tr.removed td.value-before .v { text-decoration: line-through; }
tr.changed td { background: #fff6d6; }
tr.unchanged td, tr.not_stated td { color: #666; }
tr.conflict td { background: #f3e5f5; }
details { margin: .3rem 0 1rem; } summary { cursor: pointer; color: #1f4e79; }
h4 { font-size: 1.02rem; margin: 1.6rem 0 .3rem; }
th:nth-child(-n+3), td:nth-child(-n+3) { min-width: 4.5rem; }
table.lead { border: 2px solid #1f4e79; }
td.value-after.emphasis { color: #c00000; font-weight: bold; }
td.value-after.emphasis .quote { color: #555; font-weight: normal; }
.badge { display: inline-block; white-space: nowrap; font-size: .8rem; padding: 0 .45rem; border-radius: .6rem;
         margin-left: .5rem; vertical-align: middle; color: #fff; background: #777; }
.badge.added { background: #2e7d32; } .badge.removed { background: #c62828; }
.badge.renamed { background: #ef6c00; } .badge.changed { background: #b8860b; }
.badge.red { background: #c00000; } .badge.conflict { background: #6a1b9a; }
.badge.not_stated { background: #999; } .badge.unchanged { background: #9e9e9e; }
.quote { display: block; color: #555; font-size: .82rem; margin-top: .2rem; }
.summary { background: #f5f7fa; border-left: 4px solid #1f4e79; padding: .5rem 1rem; }
.meta { color: #666; font-size: .85rem; }
nav.toc { background: #f5f7fa; padding: .2rem 1rem .5rem; margin: 1rem 0; }
nav.toc h2 { font-size: 1rem; margin: .6rem 0 .2rem; color: #222; }
nav.toc ol { margin: 0; padding-left: 1.4rem; } nav.toc li { margin: .1rem 0; }
a { color: #1f4e79; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="meta">hojo の事実データベースから生成。値は文書ごとの記載（言及）を規則ごとの「ステートメント」に
まとめて比較しています。各値は出典の文書・ページ・引用へリンクしています。</p>
{% if reports %}
<nav class="toc"><h2>目次</h2><ol>
{% for r in reports %}
<li><a href="#e{{ loop.index }}">{{ r.before_label }} → {{ r.after_label }}</a>
<span class="meta">変化 {{ r.changes|length }} 件\
{% if dated(r) %}（うち日程 {{ dated(r)|length }} 件）{% endif %}</span></li>
{% endfor %}
</ol></nav>
{% endif %}
{% for r in reports %}
<h2 id="e{{ loop.index }}">{% if reports|length > 1 %}{{ r.program }}: {% endif %}
{{- r.before_label }} → {{ r.after_label }}</h2>
<p class="summary">変化 {{ r.changes|length }} 件（追加 {{ count(r, "added") }}・削除 {{ count(r, "removed") }}・変更
{{ count(r, "changed") }}）
{%- if r.conflicts %} ／ <span class="badge conflict">食い違い</span> {{ r.conflicts|length }} 件{% endif %}
 ／ 変更なし {{ count(r, "unchanged") }} 件 ／ 一方の版に記載なし {{ count(r, "not_stated") }} 件
{%- if red(r) %} ／ <span class="badge red">{{ T.red }}</span> {{ red(r) }} 件{% endif %}</p>
{% set moved = r.frames|rejectattr("change", "equalto", "same")|rejectattr("whole")|list %}
{% set renamed = edition_renames(r) %}
{% if moved or renamed %}
<h3>枠・事業名の変化</h3>
<ul>
{% for b, a in renamed %}
<li><span class="badge renamed">事業名の変更</span> {{ b }} → {{ a }}</li>
{% endfor %}
{% for p in moved %}
<li><span class="badge {{ p.change }}">{{ FRAME_CHANGE[p.change] }}</span>
{% if p.before %}{{ label(p.before) }}{% endif %}{% if p.before and p.after %} → {% endif %}
{% if p.after %}{{ label(p.after) }}{% endif %}{% if p.how %} <span class="meta">({{ how(p) }})</span>{% endif %}</li>
{% endfor %}
</ul>
{% endif %}
{% set shown = main(r) %}
<h3>主な変化</h3>
{% if shown %}
<table class="lead">
<thead><tr><th>枠</th><th>項目</th><th>対象</th><th>条件</th><th>{{ r.before_label }}</th><th>{{ r.after_label }}</th>
<th>変化</th></tr></thead>
<tbody>
{% for e in shown %}{{ row(r, e, True) }}{% endfor %}
</tbody>
</table>
{% else %}
<p>{% if dated(r) %}金額・補助率・要件に変化はありません。{% else %}記載された値に変化はありません。{% endif %}</p>
{% endif %}
{% if dated(r) %}
<h3>日程の変化</h3>
<table class="lead dates">
<thead><tr><th>枠</th><th>項目</th><th>対象</th><th>条件</th><th>{{ r.before_label }}</th><th>{{ r.after_label }}</th>
<th>変化</th></tr></thead>
<tbody>
{% for e in dated(r) %}{{ row(r, e, True) }}{% endfor %}
</tbody>
</table>
{% endif %}
<h3>枠ごとの値</h3>
{% for s in r.sections %}
{% set loud = s.entries|selectattr("change", "in", LEAD)|list %}
{% set quiet = s.entries|rejectattr("change", "in", LEAD)|list %}
<section class="frame">
<h4>{{ label(s.frame) }}
{%- if s.change != "same" %} <span class="badge {{ s.change }}">{{ FRAME_CHANGE[s.change] }}</span>{% endif %}
 <span class="meta">変化 {{ s.n_changes }} 件
{%- if s.n_conflicts %}・食い違い {{ s.n_conflicts }} 件{% endif %}</span></h4>
{% for p in s.renamed_from %}<p class="meta">旧: {{ label(p.before) }}（{{ how(p) }}）</p>{% endfor %}
{% if loud %}
<table>
<thead><tr><th>項目</th><th>対象</th><th>条件</th><th>{{ r.before_label }}</th><th>{{ r.after_label }}</th>
<th>変化</th></tr></thead>
<tbody>
{% for e in loud %}{{ row(r, e, False) }}{% endfor %}
</tbody>
</table>
{% endif %}
{% if quiet %}
<details>
<summary>変化のない値・一方の版に記載のない値 {{ quiet|length }} 件</summary>
<table>
<thead><tr><th>項目</th><th>対象</th><th>条件</th><th>{{ r.before_label }}</th><th>{{ r.after_label }}</th>
<th>変化</th></tr></thead>
<tbody>
{% for e in quiet %}{{ row(r, e, False) }}{% endfor %}
</tbody>
</table>
</details>
{% endif %}
</section>
{% endfor %}
{% else %}
<p>比較できる版の組がありません。</p>
{% endfor %}
</body>
</html>
"""

HTML_ROW = """<tr class="{{ e.change }}">
{% if with_frame %}<td>{{ label(e.frame) }}</td>{% endif %}
<td>{{ what(e) }}</td><td>{{ e.applicant or "—" }}</td>
{%- set ql = qlabel(e.qualifiers, e.kind, e.rounds) %}<td>{{ ql or "—" }}
{%- if e.condition and e.condition != ql %}<span class="quote">印字: {{ e.condition }}</span>
{%- endif %}</td>
<td class="value-before">{% if e.before %}<span class="v">{{ fmt(e.before) }}</span>{{ src(e.before, e.before_frame) }}
{%- else %}—{% endif %}</td>
<td class="value-after{% if e.emphasis %} emphasis{% endif %}">{% if e.after %}<span class="v">{{ fmt(e.after) }}</span>
{%- if e.emphasis %} <span class="badge red">{{ T.red }}</span>{% endif %}{{ src(e.after, None) }}\
{% else %}—{% endif %}</td>
<td><span class="badge {{ e.change }}">{{ CHANGE[e.change] }}</span>
{%- if e.note %}<span class="quote">{{ note(e) }}</span>{% endif %}</td>
</tr>
"""

HTML_SOURCE = """<span class="quote">
{%- if link %}<a href="{{ link }}">{{ v.source.title or v.source.document }} p.{{ v.source.page or "?" }}</a>
{%- else %}{{ v.source.title or v.source.document }} p.{{ v.source.page or "?" }}{% endif %}
{%- if v.source.edition %}（{{ v.source.edition }}）{% endif %}
{%- if frame %}［{{ label(frame) }}］{% endif %}「{{ v.source.quote }}」</span>"""

MARKDOWN = """# {{ title }}

{% for r in reports %}
{{ loop.index }}. {{ mdlink(r.before_label ~ " → " ~ r.after_label, "#e" ~ loop.index) }} — \
変化 {{ r.changes|length }} 件\
{% if dated(r) %}（うち日程 {{ dated(r)|length }} 件）{% endif %}

{% endfor %}
{% for r in reports %}

{{ anchor("e" ~ loop.index) }}
## {{ r.before_label }} → {{ r.after_label }}

変化 {{ r.changes|length }} 件（追加 {{ count(r, "added") }}・削除 {{ count(r, "removed") }}・変更 \
{{ count(r, "changed") }}）\
{% if r.conflicts %} ／ 食い違い {{ r.conflicts|length }} 件{% endif %} ／ 変更なし {{ count(r, "unchanged") }} 件 \
／ 一方の版に記載なし {{ count(r, "not_stated") }} 件{% if red(r) %} ／ {{ T.red }} {{ red(r) }} 件{% endif %}


{% set moved = r.frames|rejectattr("change", "equalto", "same")|rejectattr("whole")|list %}
{% set renamed = edition_renames(r) %}
{% if moved or renamed %}
### 枠・事業名の変化

{% for b, a in renamed %}
- 事業名の変更: {{ b }} → {{ a }}

{% endfor %}
{% for p in moved %}
- {{ FRAME_CHANGE[p.change] }}: {% if p.before %}{{ label(p.before) }}{% endif %}\
{% if p.before and p.after %} → {% endif %}{% if p.after %}{{ label(p.after) }}{% endif %}\
{% if p.how %} ({{ how(p) }}){% endif %}

{% endfor %}

{% endif %}
{% for heading, entries in (("主な変化", main(r)), ("日程の変化", dated(r))) if entries %}
### {{ heading }}

| 枠 | 項目 | 対象 | 条件 | {{ r.before_label }} | {{ r.after_label }} | 変化 |
|---|---|---|---|---|---|---|
{% for e in entries %}
| {{ label(e.frame) }} | {{ what(e) }} | {{ e.applicant or "—" }} | \
{{ qlabel(e.qualifiers, e.kind, e.rounds) or e.condition or "—" }} | \
{% if e.before %}{{ fmt(e.before) }}{% else %}—{% endif %} | \
{% if e.after %}{{ fmt(e.after) }}{% if e.emphasis %} ‼{{ T.red }}{% endif %}{% else %}—{% endif %} | \
{{ CHANGE[e.change] }}{% if e.note == "order" %} ({{ note(e) }}){% endif %} |
{% endfor %}

{% endfor %}
{% for s in r.sections if s.n_changes or s.n_conflicts %}
### {{ label(s.frame) }}{% if s.change != "same" %} ({{ FRAME_CHANGE[s.change] }}){% endif %}


| 項目 | 対象 | 条件 | {{ r.before_label }} | {{ r.after_label }} | 変化 |
|---|---|---|---|---|---|
{% for e in ordered(s.entries) %}
| {{ what(e) }} | {{ e.applicant or "—" }} | {{ qlabel(e.qualifiers, e.kind, e.rounds) or e.condition or "—" }} | \
{% if e.before %}{{ fmt(e.before) }}{% else %}—{% endif %} | \
{% if e.after %}{{ fmt(e.after) }}{% if e.emphasis %} ‼{{ T.red }}{% endif %}{% else %}—{% endif %} | \
{{ CHANGE[e.change] }}{% if e.note == "order" %} ({{ note(e) }}){% endif %} |
{% endfor %}

{% for year, src, kinds in quotes(r, s) %}
- {{ kinds }} ({{ year }}): 「{{ src.quote }}」 — \
{% if link(src) %}{{ mdlink((src.title or src.document) ~ " p." ~ (src.page or "?"), link(src)) }}\
{% else %}{{ src.title or src.document }} p.{{ src.page or "?" }}{% endif %}

{% endfor %}

{% endfor %}
{% set quiet = r.sections|selectattr("compared")|rejectattr("n_changes")|rejectattr("n_conflicts")|list %}
{% if quiet %}
変化のない枠: {% for s in quiet %}{{ label(s.frame) }}{% if not loop.last %}、{% endif %}{% endfor %}

{% endif %}
{% set alone = r.sections|selectattr("change", "equalto", "not_stated")|rejectattr("frame", "equalto", ("", ""))|list %}
{% if alone %}
一方の版にしか記載のない枠: {% for s in alone %}{{ label(s.frame) }}{% if not loop.last %}、{% endif %}{% endfor %}

{% endif %}
{% else %}

比較できる版の組がありません。
{% endfor %}
"""
