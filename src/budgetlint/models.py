"""The plain values that flow between budgetlint's stages.

    schemes ──► Scheme ─────────────────────────────┐
    read    ──► Workbook (SheetInfo, BudgetLine)    │
    jurisdiction ──► Placement (scheme, level, jurisdiction)
    match   ──► Match (candidate duties, scope, evidence)
    judge   ──► Judgement (verdict, duty, reasons)
    rules   ──► Finding
    report  ◄── RunResult (WorkbookResult per workbook)

Every class here is a frozen dataclass: stages never mutate what they are given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter


def _from_values(cls, values: tuple):
    """Unpickle a keyword-only model (see _quick_init)."""
    return cls(**dict(zip((f.name for f in fields(cls)), values)))


class _Factory:
    def __repr__(self) -> str:  # how a signature shows a default_factory field, as dataclasses does
        return "<factory>"


_FACTORY = _Factory()


def _quick_init(cls):
    """Give a frozen dataclass an __init__ that fills the instance's __dict__ directly.

    The generated one sets each field through object.__setattr__, which for the objects made
    once per budget line (lines, judgements, findings) costs more than the rest of reading or
    judging that line. Same signature and defaults; __setattr__ still refuses changes.
    """
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields(cls)):
        raise TypeError(f"_quick_init: {cls.__name__} needs the generated __init__ (__post_init__ or init=False)")
    params, keyword_only, body, env = [], [], [], {"_MISSING": _FACTORY}
    for f in fields(cls):
        into = keyword_only if f.kw_only else params
        if f.default is not MISSING:
            env[f"_default_{f.name}"] = f.default
            into.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            env[f"_factory_{f.name}"] = f.default_factory
            into.append(f"{f.name}=_MISSING")
            body.append(f"if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
        else:
            into.append(f.name)
    if keyword_only:
        params += ["*", *keyword_only]
    body.append("d = self.__dict__")
    body += [f"d[{f.name!r}] = {f.name}" for f in fields(cls)]
    source = f"def __init__(self, {', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body)
    exec(source, env)  # as dataclasses itself builds __init__
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init
    # Pickled as cls(*values): results come back from worker processes in bulk, and a call
    # of this __init__ is cheaper to unpickle than an empty object plus its state dict.
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))
    if keyword_only:
        cls.__reduce__ = lambda self: (_from_values, (cls, values(self)))
    else:
        cls.__reduce__ = lambda self: (cls, values(self))
    return cls

# ---------------------------------------------------------------------------
# Vocabulary shared by every stage.

LEVELS = ("city", "county")
#: Who pays for a duty, as a scheme file says it.
PAYS = ("city", "county", "shared", "affiliation", "tier", "catch-all", "central", "provincial")
#: Scope of a duty or of a line: the whole jurisdiction of the city, or one county.
SCOPES = ("city-wide", "local")
VERDICTS = ("ok", "wrong-level", "upper-level", "entrusted", "transfer", "unlisted", "ambiguous", "not-ip")
SEVERITIES = ("error", "warning", "info")
#: How a line is funded once the reader has normalised its 资金来源.
FUNDING_KINDS = ("own", "transfer", "matching", "mixed", "unknown")
#: Which level a transfer comes from; "upper" when the text only says 上级.
SOURCE_LEVELS = ("city", "provincial", "central", "upper")


# ---------------------------------------------------------------------------
# Schemes (schemes.py builds these from the TOML files under schemes/).


@dataclass(frozen=True)
class Jurisdiction:
    name: str  # 阳城县
    level: str  # "city" | "county"
    kind: str = ""  # 县 / 县级市 / 区 / 开发区 / 地级市, informative
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    title: str  # 知识产权运用促进, as the document writes it
    section: str = ""  # （二）


@dataclass(frozen=True)
class Task:
    """A task of the national catalogue (schemes/catalogue.toml): what the work is and the
    words budgets name it by, whatever the city. A scheme says which level pays for it."""

    id: str  # navigation
    name: str  # 结合产业发展开展专利导航
    aspect: str  # use: the aspect (方面) of 国办发〔2023〕48号 it belongs to
    phrases: tuple[str, ...] = ()  # how published clauses word it (the drafter places tasks by these)
    keywords: tuple[str, ...] = ()  # "a+b": both must occur; {ip}: any IP object word
    exclude: tuple[str, ...] = ()  # words that, in a line's name, rule the task out
    upper: str = ""  # "central" | "provincial" for duties above the city
    broader: str = ""  # the task a scheme that does not list this one words it under
    grants: bool = False  # carried out by grants to those who do it (高校学科建设补助): a subsidy word is the task
    note: str = ""


@dataclass(frozen=True)
class Duty:
    id: str
    category: str  # Category.id
    pays: str  # one of PAYS
    clause: str  # the sentence exactly as the document words it
    section: str = ""  # 二、（二）
    task: str = ""  # the task phrase exactly as the clause words it
    pair: str = ""  # duties sharing a pair key are the same work at different levels (the task id)
    scope: str = ""  # "city-wide" | "local" | "" (level does not depend on scope)
    keywords: tuple[str, ...] = ()  # the task's words: the catalogue's and the city's own
    exclude: tuple[str, ...] = ()
    note: str = ""
    verify: bool = False  # wording not from an official text
    source: str = ""  # scheme id the duty comes from (base duties keep theirs)
    task_id: str = ""  # the catalogue task (Task.id)
    task_name: str = ""  # the catalogue task's Chinese name

    def __reduce__(self):
        # A duty of a scheme loaded from a file crosses between processes as (path, index):
        # a worker's judgements name a few duties many times, each with its clause and keywords.
        ref = _DUTY_REFS.get(id(self))
        if ref is not None:
            return (_duty_from_ref, ref)
        return (Duty, tuple(getattr(self, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Vocabulary:
    """The line grammar's word lists (catalogue.toml [grammar]); a city scheme may extend them.
    Each list is one job: where a longer word of one list covers a shorter word of another
    (县级 inside 县级配套), only the longer one counts."""

    ip_objects: tuple[str, ...] = ()  # what {ip} in a keyword stands for: 知识产权, 专利, 商标 …
    ip_terms: tuple[str, ...] = ()  # further words that make a line IP work (软件正版化, 12330 …)
    foreign_words: tuple[str, ...] = ()  # what {foreign} in a keyword stands for: 外国, 中欧, 德国 …
    not_ip_terms: tuple[str, ...] = ()
    running_cost_terms: tuple[str, ...] = ()  # a body's own running costs: never IP project work
    masks: tuple[str, ...] = ()  # regular expressions: names of other things (a supplier) that hide IP words
    subsidy_terms: tuple[str, ...] = ()
    aid_words: tuple[str, ...] = ()  # 补助 …: a subsidy only beside one of beneficiary_words
    beneficiary_words: tuple[str, ...] = ()  # 企业, 申请人 …
    subsidy_not_before: tuple[str, ...] = ()  # 扶持 + 政策 …: the content of a policy, not a subsidy
    city_wide_terms: tuple[str, ...] = ()
    local_terms: tuple[str, ...] = ()
    both_terms: tuple[str, ...] = ()  # 市县两级: both levels at once
    both_city_words: tuple[str, ...] = ()  # 全市 … joined to a county's name (全市及赵县): both levels
    both_joiners: tuple[str, ...] = ()  # 及, 和, 、 …
    context_city_words: tuple[str, ...] = ()  # 全市 … (and the city's name) before context_verbs
    context_verbs: tuple[str, ...] = ()  # 统一部署的 …: the city directs, the scope is not its
    own_terms: tuple[str, ...] = ()  # 本地区, 辖区: the budget's own jurisdiction, whichever level
    office_words: tuple[str, ...] = ()  # a place's name joined to one names the place (高平市市场监管局)
    place_prefixes: tuple[str, ...] = ()  # short place names count after these (对城区 …)
    entrust_words: tuple[str, ...] = ()  # 委托 + a level or place: who carries the work out, not the scope
    implement_words: tuple[str, ...] = ()  # a level or place + 承办 …: likewise
    participation_words: tuple[str, ...] = ()  # 参加 …: taking part in another level's event
    oversight_words: tuple[str, ...] = ()  # 考核, 督查 …: with oversight_objects, the assessor's work
    oversight_objects: tuple[str, ...] = ()  # 各县(市、区) …: the counties as the ones assessed
    negation_words: tuple[str, ...] = ()  # 不属于 + a level word: not the scope (不属于市级事权的…)
    correction_words: tuple[str, ...] = ()  # 实为 …: a description correcting the name's scope
    city_prefixes: tuple[str, ...] = ()  # a name starting with 市 … is the city's
    city_prefix_not: tuple[str, ...] = ()  # … unless it starts with 市场, 市民 …
    pass_down_terms: tuple[str, ...] = ()  # 对县区, 下达各县: a city passing money down
    pass_down_verbs: tuple[str, ...] = ()  # 补助, 下达 …: with a county's name, money passing down
    pass_down_targets: tuple[str, ...] = ()  # 到县, 至各县 …: joined to a verb, money passing down
    synonyms: tuple[str, ...] = ()  # "知产=知识产权": abbreviations written out before matching
    #: who pays, in a line's words: (level word, level), (verb, "matching" | "pays" | "transfer"),
    #: and phrases that say both levels pay
    funding_levels: tuple[tuple[str, str], ...] = ()
    funding_verbs: tuple[tuple[str, str], ...] = ()
    funding_shared: tuple[str, ...] = ()
    #: verbs of paying a share: joined to a scope word of either level (高新区分担, 全县配套)
    #: they say who pays, and the scope word is no scope
    funding_share_verbs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    id: str
    city: str
    title: str
    doc_number: str = ""
    doc_aliases: tuple[str, ...] = ()
    issuer: tuple[str, ...] = ()
    date: str = ""
    parents: tuple[str, ...] = ()
    level_names: tuple[tuple[str, str], ...] = ()  # (("city", "市级"), ("county", "县（市、区）"))
    example: bool = False
    jurisdictions: tuple[Jurisdiction, ...] = ()
    categories: tuple[Category, ...] = ()
    duties: tuple[Duty, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    path: str = ""
    #: every task of the catalogue, with the city's own words added: a line can be recognised
    #: as a task the scheme does not list (其他未列事项) and say which.
    tasks: tuple[Task, ...] = ()

    def category(self, category_id: str) -> Category | None:
        for c in self.categories:
            if c.id == category_id:
                return c
        return None

    def duty(self, duty_id: str) -> Duty | None:
        for d in self.duties:
            if d.id == duty_id:
                return d
        return None

    def task(self, task_id: str) -> Task | None:
        for t in self.tasks:
            if t.id == task_id:
                return t
        return None

    def jurisdiction(self, name: str) -> Jurisdiction | None:
        for j in self.jurisdictions:
            if name == j.name or name in j.aliases:
                return j
        return None

    def level_name(self, level: str) -> str:
        return dict(self.level_names).get(level, level)

    def __reduce__(self):
        # A scheme loaded from a file crosses to and from worker processes as its path
        # (and is loaded once per process), not as a copy of every duty and word list.
        if self.path:
            return (_scheme_from_path, (self.path,))
        return (Scheme, tuple(getattr(self, f.name) for f in fields(self)))


#: Schemes loaded from files, by path, and their duties by id(): such schemes live as long as
#: the process (schemes.py caches them), so an id here always names the same duty.
_SCHEMES: dict[str, Scheme] = {}
_DUTY_REFS: dict[int, tuple[str, int]] = {}


def remember_scheme(scheme: Scheme) -> Scheme:
    """Record a scheme loaded from a file, so that it and its duties pickle by reference."""
    _SCHEMES[scheme.path] = scheme
    for index, duty in enumerate(scheme.duties):
        _DUTY_REFS[id(duty)] = (scheme.path, index)
    return scheme


def _scheme_from_path(path: str) -> Scheme:
    scheme = _SCHEMES.get(path)
    if scheme is None:
        from .schemes import load_scheme

        scheme = load_scheme(path)
    return scheme


def _duty_from_ref(path: str, index: int) -> Duty:
    return _scheme_from_path(path).duties[index]


# ---------------------------------------------------------------------------
# Reading (read/ builds these).


@_quick_init
@dataclass(frozen=True)
class Funding:
    kind: str = "unknown"  # one of FUNDING_KINDS
    source_level: str | None = None  # one of SOURCE_LEVELS, for transfers
    text: str = ""  # the original wording (column text, or the words found in the name)
    own_yuan: float | None = None  # split amount columns: 本级 part
    transfer_yuan: float | None = None  # split amount columns: 上级转移支付 part


@_quick_init
@dataclass(frozen=True)
class BudgetLine:
    sheet: str
    row: int  # real 1-based Excel row (or CSV line)
    name: str  # 项目名称 as written
    amount_yuan: float | None  # always 元; None when it cannot be known (see amount_note)
    amount_note: str = ""  # why amount_yuan is None, e.g. "公式无缓存值"
    description: str = ""  # 项目概述 / 绩效目标 / 备注 text joined
    code: str = ""  # functional classification, digits only: 2011409
    code_name: str = ""  # 科目名称
    unit_name: str = ""  # 单位名称 column
    funding: Funding = field(default_factory=Funding)
    remark: str = ""  # 备注 cell as written (inline suppressions live here)
    unit: str = "元"  # the unit the table used


@dataclass(frozen=True)
class SheetInfo:
    name: str
    status: str  # "read" | "skipped"
    reason: str = ""  # why skipped, or what was found (e.g. "项目支出表, 单位：万元")
    lines: int = 0
    header_row: int | None = None


@dataclass(frozen=True)
class ReadProblem:
    """Something the reader saw that a human should know: a subtotal that does not add up,
    an amount that cannot be verified, a table it could not make sense of."""

    kind: str  # "subtotal-mismatch" | "amount-unverified" | "table-unreadable" | "cell-truncated"
    sheet: str
    row: int | None
    message: str
    declared_yuan: float | None = None
    computed_yuan: float | None = None
    name: str = ""


@dataclass(frozen=True)
class Workbook:
    path: str
    lines: tuple[BudgetLine, ...]
    sheets: tuple[SheetInfo, ...]
    #: Text outside the tables that says whose budget this is: titles, 编制单位 lines.
    context: tuple[str, ...] = ()
    #: Distinct 单位名称 values seen in the tables.
    unit_names: tuple[str, ...] = ()
    problems: tuple[ReadProblem, ...] = ()


# ---------------------------------------------------------------------------
# Jurisdiction, matching and judgement.


@dataclass(frozen=True)
class Placement:
    """Whose budget a workbook is."""

    scheme: Scheme
    jurisdiction: Jurisdiction
    level: str  # "city" | "county"
    evidence: str = ""  # where the jurisdiction was read from


@_quick_init
@dataclass(frozen=True)
class Candidate:
    task: Task
    score: float
    words: tuple[str, ...]  # the keywords that matched, as the catalogue writes them


@_quick_init
@dataclass(frozen=True, kw_only=True)
class Match:
    """A line read by the grammar (match.py): what the work is (tasks), whose territory it
    covers (scope), who pays and how as its words say (funding), whether money passes down
    to the counties. It depends only on which terms occur where (match.Hits), so lines with
    the same hits share one Match."""

    is_ip: bool
    candidates: tuple[Candidate, ...]  # catalogue tasks, best first
    ip_words: tuple[str, ...] = ()
    not_ip_words: tuple[str, ...] = ()
    masked_words: tuple[str, ...] = ()  # IP-looking words inside the name of something else
    scope: str = ""  # "city-wide" | "local" | "both" | "" as read from the words
    scope_words: tuple[str, ...] = ()
    subsidy_words: tuple[str, ...] = ()
    pass_down_words: tuple[str, ...] = ()  # a city passing money down: 对县区, 补助阳城县 …
    own_words: tuple[str, ...] = ()  # 本地区, 辖区: the budget's own jurisdiction
    funding: Funding = field(default_factory=Funding)  # what the line's words say about who pays
    share_levels: tuple[str, ...] = ()  # levels the words name as paying a share (县级承担部分 → county)
    participates: bool = False  # 参加 …: the line pays for taking part in someone else's event
    ip_code: bool = False  # the classification code is an IP one (20114 知识产权事务 …)

    @property
    def passes_down(self) -> bool:
        return bool(self.pass_down_words)


@dataclass(frozen=True)
class Reason:
    """One step of a decision, as data: a kind and its parameters (words, duty, levels).
    reasons.py renders it in the run's language; nothing stores it as prose."""

    kind: str
    params: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.params:
            if k == key:
                return v
        return default


@_quick_init
@dataclass(frozen=True)
class Judgement:
    line: BudgetLine
    verdict: str  # one of VERDICTS
    duty: Duty | None
    duty_level: str  # the level that owns the duty for this line ("" when none)
    match: Match
    funding: Funding  # the funding the decision used (column, or words in the line)
    reasons: tuple[Reason, ...] = ()  # the decision trail, as data
    alternatives: tuple[Duty, ...] = ()  # for "ambiguous": the candidates


# ---------------------------------------------------------------------------
# Findings and results.


@dataclass(frozen=True)
class Suppression:
    rule: str  # rule name or code
    reason: str
    source: str  # "budgetlint-suppressions.toml" or "备注 cell 项目支出表!F9"
    by: str = ""  # who accepted it


@_quick_init
@dataclass(frozen=True, order=True)
class Finding:
    path: str
    sheet: str
    row: int
    code: str
    rule: str
    severity: str
    name: str = ""
    amount_yuan: float | None = None
    message: str = ""
    duty_id: str = ""
    clause: str = ""
    evidence: tuple[tuple[str, str], ...] = ()
    fingerprint: str = ""
    suppression: Suppression | None = None
    baseline: bool = False  # present in the --baseline file


_VERDICT_OF = attrgetter("verdict")


@dataclass(frozen=True)
class WorkbookResult:
    """One workbook linted. A run whose report lists findings only keeps neither its lines
    nor its judgements (engine.LintOptions.keep_lines): what the run needs of them afterwards
    is kept in `verdicts`, `inline_suppressions` and `facts`, made where the workbook is linted."""

    path: str
    placement: Placement | None
    workbook: Workbook | None
    judgements: tuple[Judgement, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str = ""  # one-line reason the workbook could not be linted
    #: Lines per verdict, VERDICTS order, verdicts without lines left out: counted from the
    #: judgements whenever there are any, so it can never disagree with them.
    verdicts: tuple[tuple[str, int], ...] = ()
    #: Suppression entries read from the 备注 cells (suppressions.SuppressionEntry).
    inline_suppressions: tuple = ()
    #: (rule code, what the run-level rule collected from this workbook: Rule.collect).
    facts: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.judgements:
            counts = Counter(map(_VERDICT_OF, self.judgements))  # C loops: a budget can have 100,000 lines
            ordered = [v for v in VERDICTS if v in counts] + sorted(set(counts) - set(VERDICTS))
            object.__setattr__(self, "verdicts", tuple((v, counts[v]) for v in ordered))

    @property
    def lines_judged(self) -> int:
        return sum(n for _, n in self.verdicts)


@dataclass(frozen=True)
class RunResult:
    workbooks: tuple[WorkbookResult, ...]
    findings: tuple[Finding, ...]  # every finding, sorted, cross-workbook ones included
    errors: tuple[tuple[str, str], ...]  # (path, message)
    schemes: tuple[Scheme, ...] = ()
    version: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @property
    def kept_lines(self) -> bool:
        """False when some workbook judged lines but kept neither them nor their judgements
        (engine.LintOptions.keep_lines=False): nothing that needs the lines can be made from it."""
        return not any(wb.verdicts and not wb.judgements for wb in self.workbooks)
