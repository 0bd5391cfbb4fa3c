"""Where a text states something, and what the status classifier reads of it: sentences, clauses,
the window around a statement (`status_window`), the status wording the classifier sees as features,
and the rules of docs/annotation.md that settle a status outright (`deal_failed`) or merge two readings into
one matter (`penalty_absorbs_violation`).

Kept apart from `nlp/matters.py` (the head's numbers and scoring) so the training recipe and the
runtime cut text the same way from one place. It is long because each rule of the guide stands here as one
pattern with the gold counts that justify it beside it; split by code, the rules would lose the one status
window they all read.
"""

from __future__ import annotations

import re
from typing import Any

from ipwatch.taxonomy import FINDERS, STATUSES
from nlp.cues import CONVERSION_WORDS, DEFAULT_TOLD, DEFINING, DELISTING_NOTICE, HEAD_MOTION_PASSED, MEASURE_TAKEN, \
    MOTION_WORDS, NOT_STATED, PENALTY_GIVEN, PENALTY_NAMED, RECORD_REPAIRED, REGISTERED_HEAD, REGISTERED_STAKE, \
    REQUIRED, RISK_CUES, SERIOUS_DISHONESTY_LIST, SHARES_AUCTIONED, STAKE_FROM_TO, STAKE_SOLD, STOCK_CODE, \
    STOCK_DIGITS, TAKEN_FOR_INVESTIGATION, TRADING_VIOLATION, WINDING_UP_ORDERED

# a bracketed news-flash title (`【嘉寓股份：拟转让…股权】嘉寓股份公告，…`) ends at its 】, as a crawled
# article's title is a sentence of its own (5-fold CV, stop 20: FinNL texts stating a matter 0.753 -> 0.795)
_SENTENCE = re.compile(r"[^。！？!?；;\n】]+[。！？!?；;】]*")
# status wording right before or inside the evidence sentence (features of the status classifier)
STATUS_CUES: dict[str, str] = {
    "planned": r"拟|计划|筹划|预案|将于|将在|将对|将以|准备|打算|酝酿|有意|意向|拟议|提议|待.{0,6}(批准|审议|核准)|尚需|预计",
    "speculated": r"传闻|传言|据传|或将|或面临|疑似|疑|可能|是否|恐|猜测|市场消息|坊间",
    "denied": r"否认|不存在|没有|并未|未发生|未有|无.{0,4}计划|辟谣|澄清|不实|并非|不会|未减持|未实施",
    "historical": r"曾经|曾于|曾被|曾因|曾任|此前曾|早在|多年前|年前|历史上|当年",
}

# a deal that failed or was terminated is an occurred restructuring (docs/annotation.md: 重组终止/失败),
# though its clause reads like a plan (终止筹划…, 重组计划流产); a hedge right before the failure word
# (拟终止, 或将流产, 面临终止) leaves the status to the classifier
_DEAL = r"重组|并购|收购|合并|借壳|资产置换|交易|出售|购买"
# (遭否, 梦碎, 落空, 未过会: stop 34, out of fold restructuring 0.745 -> 0.751, 4 statements read right, none wrong;
# a sale or purchase of assets ended, 终止重大资产出售事项, 资产出售方案遭否, and a deal shelved or not passed, 重组计划搁置,
# 重组议案未通过: stop 46, train + dev 20 of the 27 sentences with such wording occurred, the others minority stakes or
# a transfer of control, an equity change; out of fold 7 read right, none wrong. A sale only put up for bids and
# withdrawn, 终止挂牌出售, is no deal that failed)
_FAILED = r"终止|流产|失败|告吹|搁浅|泡汤|被否|遭否|否决|撤回|折戟|夭折|未获通过|未通过|未过会|叫停|梦碎|落空|搁置|告终"
DEAL_FAILED = re.compile(rf"(?:{_DEAL}).{{0,12}}?(?P<f1>{_FAILED})|"
                         rf"(?P<f2>终止|叫停|否决|撤回)(?!挂牌)(?:筹划|本次)?.{{0,8}}(?:{_DEAL})")
# 会 ends the names of the bodies that reject a deal (股东会, 股东大会, 证监会, 上会被否): no hedge there. With it
# read as one, 13 training and development statements of a rejected deal (`重组遭证监会否决`), all occurred, were
# left to the classifier
_HEDGE = re.compile(r"拟|或|可能|恐|传|将|面临|是否|欲|不会|(?<!股东)(?<!董事)(?<!证监)(?<!上)(?<!大)(?<!委员)(?<!交易)会|要")


def _failures(context: str) -> list[bool]:
    """For each failure word of a deal in the context: whether a hedge stands in the four characters before it."""
    out = []
    for m in DEAL_FAILED.finditer(context):
        at = m.start("f1") if m.group("f1") else m.start("f2")
        out.append(bool(_HEDGE.search(context[max(0, at - 4):at])))
    return out


def deal_failed(context: str) -> bool:
    """True when the context states that a restructuring deal failed or was terminated, unhedged."""
    return any(not h for h in _failures(context))


def deal_may_fail(context: str) -> bool:
    """True when the context only says a deal may fail (`重组恐流产`, `重组或再遭搁浅`, `拟终止`): the deal was
    planned and is not over, so no restructuring occurred (training and development gold: 18 statements, none
    occurred)."""
    found = _failures(context)
    return bool(found) and all(found)


# a step of a deal done (`本次重大资产重组相关中介机构已完成尽职调查`, `重组的审计、评估工作已完成`) is no deal done
# (_DEAL_DONE): it is still pending (DEAL_PENDING; the corpora hold no such sentence; stop 50)
_DEAL_STEP = r"审计|评估|尽职调查|尽调|中介机构|问询|反馈意见|申报材料"
# a deal told in a state it is still in (`重组生变`, `重组延期复牌`, `重组被暂停审核`, `重组无进展`, `重组卡壳`, `借壳疑云`,
# `重组悬疑`, `重组预期再起`) has not happened: it stays a plan or a guess (docs/annotation.md: a plan is `planned` until
# carried out); run-on headlines tell it in a few words the classifier read as done. Train + dev: 62 sentences with
# this wording, 40 planned, 7 speculated, 1 historical, 12 none, 2 occurred (`S*ST天发重组生变`, and `资产重组延期遭否`,
# a deal rejected, which deal_failed reads first); out of fold 8 readings turned from occurred, all right,
# development 4, all right (stop 45)
DEAL_PENDING = re.compile(rf"(?:{_DEAL})[^，。；,;\s]{{0,3}}?(?:(?<!发)生变|变数|延期|暂停审核|被暂停|无进展|进展缓慢|卡壳|悬疑|悬念|"
                          r"疑云|预期)|"
                          # and its scheme (`正研究两家平台整合重组方案`, `披露重组预案`: read occurred; a scheme
                          # rejected, terminated or agreed is read first, by occurred_by_rule; train + dev: 24
                          # statements with such wording that no failure reads, 21 planned or speculated, 3 occurred;
                          # stop 50)
                          rf"(?<!同意)(?<!批准)(?:{_DEAL}|整合)(?:方案|预案)(?!获批|获得?批准|实施完毕|已实施)|"
                          # and a step of it done (_DEAL_STEP)
                          rf"(?:{_DEAL})[^，。；,;\s]{{0,12}}?(?:{_DEAL_STEP})[^，。；,;\s]{{0,8}}?完成|"
                          rf"(?:{_DEAL})[^，。；,;\s]{{0,12}}?完成了?(?:{_DEAL_STEP})|"
                          # and one still being negotiated (`收购某专利运营公司一事仍在洽谈中`: read occurred; train + dev: 2
                          # sentences so worded, both planned; stop 56)
                          rf"(?:{_DEAL})[^，。；,;\s]{{0,12}}?(?:仍|正|尚)(?:在|处于)?(?:洽谈|谈判|磋商|商谈|协商)|"
                          # and one the competition authority cleared (`市场监管总局无条件批准某公司收购某知识产权服务公司股权案`:
                          # read occurred; an approval leaves the deal a plan; train + dev: 1 sentence so worded,
                          # `决定附加限制性条件批准此项经营者集中`, planned; stop 62)
                          rf"(?:无条件|附条件|附加限制性条件)批准[^，。；,;\s]{{0,30}}?(?:{_DEAL}|经营者集中)|"
                          # and one named as the subject of misconduct (`重组涉内幕交易`, `并购藏内幕交易`, `17亿收购案涉嫌内幕
                          # 交易`: read occurred; the story is the misconduct; train + dev: 15 texts so worded, the
                          # deal planned in 8, not stated in 6, occurred in 1 whose other story is a failed deal; stop
                          # 68; not a deal that broke rules, `重组违规`, an occurred restructuring to the readers)
                          # (and one said to hold it, `否认西飞国际(000768)重组有内幕交易`: read occurred; train + dev: 1
                          # sentence so worded, planned; stop 69)
                          r"(?:重组|并购|收购|借壳)(?:案|交易|事项)?(?:(?:涉嫌?|存在?|有|藏|遭|被)?(?:内幕交易|内幕|造假)|涉嫌违规)")


def deal_pending(context: str) -> bool:
    """True when the context tells a restructuring in a state it is still in: a plan not yet carried out."""
    return bool(DEAL_PENDING.search(context))


# a company told on the brink of bankruptcy (`面临破产`, `濒临倒闭`, `临破产危局`, `陷“破产门”`, `破产重整前途未卜`) has
# not gone bankrupt: a threat is a guess, never occurred (docs/annotation.md: a possibility is not a matter); the
# classifier read headlines' 面临破产 as the bankruptcy itself. Train + dev: 36 sentences with this wording, 18
# speculated, 13 none, 5 occurred (`女鞋品牌玖熙面临破产清算`, and a bankruptcy told beside the threat: `Capmark宣布破产
# 或掀倒闭潮`); out of fold 9 readings turned from occurred, 8 right (stop 46)
# (and one that nearly went, `某专利代理公司差点倒闭，后来…起死回生`: read as closed; train + dev: 2 texts, `几乎都倒闭了`, an
# industry's, none; stop 55)
BANKRUPTCY_THREATENED = re.compile(r"(?:面临|濒临|深陷|身陷|陷入?|(?<!面)临|难逃|逼近|走向|走到|差点|差一点|险些|几乎)"
                                   r"[^，。；,;\s]{0,3}?(?:破产|倒闭|清盘)|"
                                   r"(?:破产|倒闭|清盘)[^，。；,;\s]{0,4}?(?:危机|危局|边缘|之路|传闻|传言|门|前途未卜)")


def bankruptcy_threatened(context: str) -> bool:
    """True when the context's last word of a bankruptcy or closure is told as a threat or a rumour, not as what
    happened (`濒临倒闭 已提交重整申请`: the filing after the threat is news)."""
    threats = list(BANKRUPTCY_THREATENED.finditer(context))
    last = _last_word(context, "bankruptcy_closure")
    return bool(threats) and (last is None or last < threats[-1].end())


# a deal or share transfer the text says was completed (`完成对库卡的收购`, `股权转让已完成`, `完成交割`) occurred
# (docs/annotation.md: a plan completed is `occurred`), whichever party's name the classifier has seen told as a
# plan; `…完成后` (once it is done) and a hedge, denial or past word anywhere in the context leave it to the
# classifier. Training and development gold: fires on 11 restructuring statements (8 occurred, 2 dated years
# back, which `analyze` reads as history by the date, 1 speculated) and 10 equity changes, all occurred.
# 合并 of accounts is no merger: `公司完成合并报表范围调整` was read as a deal done.
_DONE_AFTER = r"(?!后|之后|以后|时|之时|之日|日)"
_MERGER = r"合并(?!报表|财务|范围|口径|利润|营收|收入|净利|资产负债|现金流)"
# (and a change of form, 改制: `该律师事务所已改制为特殊的普通合伙` was read as planned, the classifier's 改制 mostly a
# reform's plan; train + dev: the 2 statements of a 改制 completed are occurred; reported, stop 52)
# (and a merger told as made, `甲律师事务所与乙律师事务所正式合并`: read as planned, stop 53; train + dev: none so worded
# but a region's internal `区域正式合并`, which no finder reads)
_DEAL_DONE = re.compile(rf"(?:完成|办妥|办理完毕)了?(?!{_DEAL_STEP})对?[^，。；,;]{{0,16}}?"
                        rf"(?:收购|并购|重组|{_MERGER}|交割|过户|股权转让|增资|入股|改制|转制){_DONE_AFTER}|"
                        rf"(?:收购|并购|重组|{_MERGER}|交割|过户|股权转让|增资|改制|转制)(?:(?!{_DEAL_STEP})[^，。；,;]){{0,10}}?"
                        rf"(?:已经?|已于[^，。；,;]{{0,8}}?|正式|顺利|全部)?(?:完成|实施完毕|办理完毕|完毕){_DONE_AFTER}"
                        rf"(?!{_DEAL_STEP})|(?:已经?|正式)(?:改制|转制)(?:变更)?(?:成为?|为)|"
                        rf"(?:已经?|正式){_MERGER}(?!方案|计划|预案|事宜|工作)|"
                        # (and a company bought whole, told passive: `某IP运营公司被某Nasdaq上市公司以2亿美元全资收购` was read
                        # as history, the classifier's 被…收购 mostly `被…收购后`; train + dev: none so worded; stop 57)
                        rf"被[^，。；,;]{{1,24}}?(?:全资|整体|正式|成功)收购{_DONE_AFTER}")
# words that leave a told matter unsure or past: a plan, a guess, a condition, a denial, history
_UNSURE = r"拟|预计|有望|未|没有|不|否认|或|可能|计划|若|如果|曾|此前"
_DONE_NOT = re.compile(rf"{_UNSURE}|将|尚|待|需|争取|力争")
DEAL_CODES = ("restructuring", "equity_change")


def deal_completed(context: str, code: str) -> bool:
    """True when the context says a deal of the code (restructuring, equity change) was completed, unhedged."""
    return code in DEAL_CODES and bool(_DEAL_DONE.search(context)) and not _DONE_NOT.search(context)


# a deal agreed or signed (`双方已经达成一份最终并购协议`, `两家航空公司已同意合并，合并后将成为…`) is a fact, only its completion is
# pending (docs/annotation.md: a restructuring whose agreement was signed is `occurred`); the status classifier read the
# next clause's 将 as a plan. Train + dev: the 2 statements with this wording are occurred
_DEAL_AGREED_DONE = re.compile(rf"(?:(?:已经?|正式)(?:同意|签署|签订|达成)|(?:签署|签订)了)[^，。；,;]{{0,16}}?"
                               rf"(?:收购|并购|重组|{_MERGER}|借壳|购买资产)(?![^，。；,;]{{0,12}}?(?:意向|框架|战略|融资|备忘录))")


def deal_agreed(context: str, code: str) -> bool:
    """True when the context says a restructuring was agreed or its agreement signed, with no hedge before it."""
    m = _DEAL_AGREED_DONE.search(context) if code == "restructuring" else None
    return m is not None and not re.search(_UNSURE, context[:m.start()])


# a controlling stake sold (`cues.STAKE_SOLD`: `光明乳业出售江西英雄51%股份`, `中航工业出售长安期货100%股权`) is a business
# sold, an occurred restructuring (docs/annotation.md: only a plan, a guess or a condition keeps it from having
# happened); the classifier, which has read mostly 拟出售, read such headlines as plans. A hedge, condition or
# denial in the SOLD_REACH characters before the verb or between (`拟以对价1752.62万元出售51%股权`: a price and
# a sum reach further than HEDGE_REACH), or a sale only put up (`挂牌出售`, `…股权 底价35.59亿`, `…股权 万科表态将积极参与
# 竞买`), leaves it to the classifier. Train + dev: 24 sentences it reads so, 19 occurred, 3 planned, 2 none; out of
# fold, with cues.DEFINING's wording of it, 13 restructurings found, 2 false (stop 45)
_STAKE_SOLD = re.compile(STAKE_SOLD)
SOLD_REACH = 16
# (and a Hong Kong company's proposal, `建议出售目标公司全部已发行股本，须待股东…批准`; stop 56)
_SOLD_NOT = re.compile(rf"{_UNSURE}|将|欲|挂牌|筹划|洽谈|传|拟议|建议|须待")
_SOLD_OPEN = re.compile(r"底价|起拍|竞买|竞拍|征集|意向受让方")   # a sale by auction or tender, no buyer yet


def stake_sold(context: str, code: str) -> bool:
    """True when the context tells a controlling stake sold, with no hedge right before it and no buyer still sought
    after it; not one of a list (`拟对外转让持有的A公司79.92%的股权、转让持有的B证券71.99%的股权`), whose plan word the
    status window may leave out."""
    if code != "restructuring":
        return False
    for m in _STAKE_SOLD.finditer(context):
        if "、" in context[:m.start()]:   # one of a list, whose verb and hedge may lie before what is read here
            continue
        before = context[max(0, m.start() - SOLD_REACH):m.start()]
        if not _SOLD_NOT.search(before + m.group(0)) and not _SOLD_OPEN.search(context[m.end():m.end() + SOLD_REACH]):
            return True
    return False


# shares sold with the money they raised (`减持…套现2.6亿元`, `抛售民生银行获利1.74亿`) were sold: an occurred equity
# change (docs/annotation.md: 已减持 is `occurred`), however the seller's name reads to the classifier; a hedge, denial
# or past word in the context (`欲减持套现`, `冀套现60亿`) leaves it to the classifier. Training gold: 398 of the 425
# texts with such a sum state an occurred equity change.
_GAIN = re.compile(r"(?:套现|获利|净赚)[^，。；,;]{0,3}?(?:\d|<N>|逾|超|近|约|过|至少|[一二三四五六七八九十两百千万亿])")
_GAIN_NOT = re.compile(rf"{_UNSURE}|将(?!近)|欲|冀")   # 将近 (nearly) is no plan


# A plan told after the sum is the next sale's (`东方通创始人家族套现1.5亿拟再减持3%`: read as planned, stop 67); only a
# hedge before the sum keeps it from being read, or what makes the gain no holder's sale today: an insider's trade
# (`承认内幕交易：获利25万美元`) or a dead man's sales (`董事长坠楼身亡 生前减持套现6.66亿元`), within GAIN_OTHER_REACH
# characters before the sum (a run-on headline's earlier story, `…内幕交易案曝光 私人助理泄天机某公司股东套现1.5亿`, is
# another's).
_GAIN_OTHER = re.compile(r"内幕交易|老鼠仓|生前")
GAIN_OTHER_REACH = 8


def gain_realised(context: str, code: str) -> bool:
    """True when the context tells an equity change by the sum it raised, unhedged before it."""
    m = _GAIN.search(context) if code == "equity_change" else None
    return m is not None and not _GAIN_NOT.search(context, 0, m.start()) and \
        not _GAIN_OTHER.search(context, max(0, m.start() - GAIN_OTHER_REACH), m.start())


# an office-holder who no longer holds the office (`因个人原因，不再担任公司董事会秘书职务`: an announcement's and a news
# flash's short form of a departure, docs/annotation.md: leaves) left it, though 不再 reads like a denial to the
# classifier (`国药股份：副总经理、董秘朱霖女士…不再担任…` read historical). Not after a plan's word (将不再担任: the
# resignation itself is read where it is told) nor with a denial, hedge or rumour in the context.
_LEFT_OFFICE = re.compile(r"(?<![将拟或会要])不再(?:担任|出任|兼任|任职)")
_LEFT_NOT = re.compile(r"否认|传闻|或|拟|可能|若|如果|谣|澄清|是否")


def office_left(context: str, code: str) -> bool:
    """True when the context says someone no longer holds an office, unhedged (a leadership change)."""
    return code == "leadership_change" and bool(_LEFT_OFFICE.search(context)) and not _LEFT_NOT.search(context)


# a payment due and not made is a default that happened (docs/annotation.md: 债券违约, 兑付违约, 逾期 are public opinion
# `occurred`), though its 未 reads like a denial to the classifier; not a risk of it, a plan or a guess
_DEFAULTED = re.compile(DEFAULT_TOLD)
_DEFAULT_NOT = re.compile(r"风险|可能|或将|或|若|如果|担心|恐|预计|将|否认|澄清|不存在")


def default_stated(context: str, code: str) -> bool:
    """True when the context says a payment due was not made, unhedged (public opinion: a default)."""
    return code == "major_public_opinion" and bool(_DEFAULTED.search(context)) and not _DEFAULT_NOT.search(context)


# a court's listing of a dishonest debtor or its enforcement order, told in the guide's words (`cues.DEFINING`:
# `被最高人民法院列入失信人名单`, `被列为老赖`, `作出裁定执行`), happened, though the classifier, which has seen a
# handful of such statements, read `某某律师事务所被最高人民法院列入失信人名单` as history. Not with a denial, hedge,
# rumour or past word in the context (`否认被列为失信被执行人`, `将把其列入失信人员名单`, `早在2017年…就曾被列入`);
# 拒不履行 / 未履行, the cause of a listing, are no denial; a record that says none is (`不存在被列为失信被执行人的情形`,
# a legal opinion's wording, stop 48: read by the shared denial rule, denied_before). So is a penalty named for what it
# is (cues.PENALTY_NAMED: `被司法局处以停业整顿三个月的行政处罚`, read as history, its 停业 a closure's word; the
# guide's other penalty wordings are left to the classifier, which reads them well: with all of them here, out of
# fold, `将因虚假陈述受罚`, whose 将 the window leaves out, was read as occurred; stop 50), and a bankruptcy filed with a
# court (`因资不抵债，已向法院申请破产清算` was read as planned, the classifier's 资不抵债 a threat's word; train + dev: 7
# statements, 5 occurred, 拟向…申请 planned and 当初…申请 historical, which the hedges and past words keep out; stop 51)
_LISTED_NOT = re.compile(r"否认|(?<!宣)传|或|拟|可能|是否|没有|并未|未被|不会|曾|此前|早在|当初|当年|若|如果|担心|恐|"
                         r"(?<!颁令)将|谣|澄清|疑")   # (颁令将本公司清盘: 将 the disposal marker, stop 54)
_PENALTY_STATED = re.compile(f"{PENALTY_NAMED}|{PENALTY_GIVEN}")
_BANKRUPTCY_FILED = re.compile(r"向[^，。；,;]{0,12}?法院(?:提出|提交|递交)?了?(?:破产(?:清算|重整|和解)?申请|"
                               r"申请[^，。；,;]{0,6}?(?:破产|重整))")
# and a stake or a partnership's partners told from one figure to another (cues.STAKE_FROM_TO; train + dev: 5
# statements, all occurred; stop 51)
_STATED_IN_LEGAL_WORDS = {"dishonest_debtor": DEFINING["dishonest_debtor"], "administrative_penalty": _PENALTY_STATED,
                          "bankruptcy_closure": re.compile(f"{_BANKRUPTCY_FILED.pattern}|{WINDING_UP_ORDERED}"),
                          "equity_change": re.compile(f"{STAKE_FROM_TO}|{SHARES_AUCTIONED}|{REGISTERED_STAKE}"),
                          "leadership_change": re.compile(f"{REGISTERED_HEAD}|{HEAD_MOTION_PASSED}"),
                          "regulatory_action": re.compile(f"{MEASURE_TAKEN}|{DELISTING_NOTICE}")}


def stated_in_legal_words(context: str, code: str) -> bool:
    """True when the context's last clause tells a court's dishonest-debtor listing or its enforcement order in the
    guide's words, a penalty named for what it is or told by its authority, a bankruptcy filed with a court, a stake
    told from one figure to another, shares a court auctioned or a platform's measure taken, unhedged (a listing in
    the characters read before a later clause, `…否认被法院列为失信被执行人，称已履行…`, is that clause's background)."""
    rx = _STATED_IN_LEGAL_WORDS.get(code)
    found = list(rx.finditer(context)) if rx is not None else []
    return bool(found) and not re.search(r"[，,；;：:]", context[found[-1].end():]) and \
        not _LISTED_NOT.search(context) and not denied_before(context, code)


# an authority's investigation that the text says was opened (`涉嫌信披违规遭证监会立案调查`, `收到…立案告知书`,
# `涉嫌违规遭调查`) is a regulatory action that occurred, though 涉嫌 reads like a suspicion (docs/annotation.md:
# 涉嫌 + an authority's action is `occurred` for the action taken). Not read with a denial, hedge or past word
# in the context. Training and development gold: fires on 207 regulatory-action statements, 205 occurred.
_ACTED = re.compile(r"(?:被|遭|收到|接到)[^，。；,;:：]{0,10}?(?:立案|调查|稽查)")
_ACTED_NOT = re.compile(r"否认|传|或|拟|可能|是否|未|没有|不|曾|此前|若|如果|担心|恐|将|谣|澄清|疑")


def investigation_opened(context: str) -> bool:
    """True when the context says an investigation was opened against someone, with no denial or hedge."""
    return bool(_ACTED.search(context)) and not _ACTED_NOT.search(context)


# a penalty and the violation it punishes are one matter, `administrative_penalty` (docs/annotation.md):
# `regulatory_action` beside it needs a measure short of a penalty somewhere in the text (its finder words, and a case opened, an order
# to correct, a warning letter, exchange discipline, an arrest, a recall order …); otherwise what read as one is the
# violation the penalty punishes (`信披违规遭证监会处罚`). Stop 31: development RA precision 0.854 -> 0.899, recall
# 0.750 -> 0.744; out of fold over the training part 0.812 -> 0.838 / 0.767 -> 0.748, whose readers marked both
# codes in about half of such texts before the guide settled it
SEPARATE_MEASURE = re.compile(rf"{FINDERS['regulatory_action']}|立案|警示|谴责|处分|监管谈话|发文监管|暂停.{{0,8}}业务|"
                              r"风险提示|退市|批捕|逮捕|被捕|刑拘|拘留|被抓|监视居住|召回|抽检|不合格|股转|交易所|深交所|上交所")
# a violation that no penalty follows closely is another story (`…红旗连锁高管违法减持被罚600万` beside `紫鑫药业信披违规
# 律师联合征集股民维权`), which the guide marks `regulatory_action` of its own. Stop 32, out of fold over the training
# part: regulatory action F1 0.791 -> 0.796 (33 texts keep it, 21 of them marked so); development 0.815 -> 0.813 (1 text)
VIOLATION = re.compile(r"违规|违法|虚假陈述|虚假记载|内幕交易|操纵|短线交易|超标|造假|欺诈|黑榜|调查|稽查|误导")
# (a licence revoked, money confiscated, practice suspended and a market ban are penalties too: `因违规收费被市司法局吊销律师
# 执业证书` kept the violation's regulatory action; stop 62)
_PENALTY_WORD = re.compile(r"罚|处罚|警告|吊销|没收|暂停执业|市场禁入")
PENALTY_REACH = 20


def penalty_absorbs_violation(text: str, matters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`matters` (the head's findings in `text`) without an occurred `regulatory_action` when an occurred
    `administrative_penalty` stands beside it, the text names no measure short of a penalty and every violation
    it names is followed by a penalty within PENALTY_REACH characters."""
    occurred = {m["code"] for m in matters if m["status"] == STATUSES[0]}
    if not {"administrative_penalty", "regulatory_action"} <= occurred or SEPARATE_MEASURE.search(text):
        return matters
    if any(not _PENALTY_WORD.search(text, v.end(), v.end() + PENALTY_REACH) for v in VIOLATION.finditer(text)):
        return matters
    return [m for m in matters if not (m["code"] == "regulatory_action" and m["status"] == STATUSES[0])]


_FINDER_RX = {c: re.compile(v) for c, v in FINDERS.items()}
# a word of planning or likelihood before the code's own word (拟减持, 或减持, 欲增持, 或将被起诉, 有望增持, 将离职,
# 或于本月申请破产, 拟申请破产重整) states a plan or a guess, not a matter that happened (docs/annotation.md). The
# code's words are its finder words, its keywords and, for a change of the person in charge, the words that say
# what happens (离职, 退休: `cues.REQUIRED`); between the hedge and the word may stand a time (于8月) and a verb of
# the act (申请, 被, 遭, 面临, 启动 …). On the training and development gold the rule fires on 352 statements, 344
# of them not `occurred` (the narrower rule of stop 22: 310, 305). The last of the code's words in the context is
# the one that tells what happens (`实控人有望增持`, `董事长或辞职`: the subject's title is a finder word too);
# when another story follows with an unhedged word (`…股东拟减持11%股份安妮股份遭大股东减持900万股`), the rule
# stays out of it. A hearing to come (`二审将开庭`) is of a lawsuit that was filed: 开庭 is not read. 会 and 要
# are no hedge here: they end other words right before a code's word (董事会换届). A cause may stand between 将 and
# the word (`将因虚假陈述受罚`, `高管将因造假丑闻引咎辞职`: stop 38; training and development gold: 2 statements
# more, both planned); not after 或 (`停牌 或因媒体质疑`, `或因股东减持`: a guessed cause of what happened,
# 2 of 4 such statements occurred). The passive and the act may both stand there (`将被宣告破产`, `将被申请破产`: read as
# a bankruptcy that occurred; stop 45, no out-of-fold or development reading changed).
_TRIBUNAL = r"(?:法院|仲裁委员会|仲裁委|仲裁机构)"   # where a suit or an arbitration is brought
_HEDGE_BEFORE = re.compile(r"(?:拟|或|欲|计划|有望|可能|将|准备)(?:于[^，。；,;：:]{1,6}?)?(?:被|遭)?"
                           r"(?:申请|进行|启动|实施|发起|提起|面临|寻求|宣布|宣告|正式|对|向|再度|再次|继续|依法)?"
                           # (the act done together too, `577名速腾车主计划集体诉讼`, `三名股东拟联合减持`: read as a suit filed;
                           # train + dev: 3 sentences so worded, all planned; stop 69)
                           r"(?:集体|联合)?.?$|"
                           r"将因[^，。；,;：:\s]{1,10}?(?:被|遭|受)?.?$|"
                           # (and a consequence guessed, `或致鲁北化工实控人变更`, `混改可能导致公司实控人变更`: read
                           # occurred; train + dev: 11 sentences with 或致, 可能导致 or the like up to ten characters
                           # before a code's word, 9 planned or speculated, 2 beside a sale told in another clause; not
                           # 将导致, a deal's effect told as fact; stop 70)
                           r"(?:或|可能|恐)(?:将|会)?(?:致|导致|引发|触发|造成)[^，。；,;：:\s]{0,10}$|"
                           # (and a suit guessed with its cause, `可能因合同纠纷被合作方起诉`: read occurred; stop 53; the
                           # passive is required, `或因媒体质疑` guesses the cause of what happened)
                           r"可能因[^，。；,;：:\s]{1,10}?(?:被|遭)[^，。；,;：:\s]{0,6}?.?$|"
                           # (and a passive whose agent stands between, `将遭证监会处罚`, `或被二股东减持`, `或被完全收购`:
                           # read occurred; train + dev: 8 sentences with 将, 或, 可能 or 恐 and 被 or 遭 two to eight
                           # characters before a code's word, 4 speculated, 2 planned, 2 in texts with no such matter;
                           # stop 70)
                           r"(?:拟|或|欲|可能|将|恐)(?:被|遭)[^，。；,;：:\s]{2,8}$|"
                           # (and a rumour told of the one it befell, `英特国际董事长被传携款外逃`, `银泰网CEO廖斌被传离职`, `女老板
                           # 传被中纪委带走`: read occurred; train + dev: 10 sentences with 被传, or 传 before 被, 遭, 将 or 已, up to
                           # ten characters before a code's word, 8 speculated, 2 in texts with no such matter; stop 70)
                           r"(?:被传|(?<![宣流盛相遗外])传(?=被|遭|将|已))[^，。；,;：:\s]{0,10}$|"
                           # a right to act (`有权就此提起诉讼，但目前尚无企业起诉`: a lawyer's view, read as a suit filed;
                           # `守约方有权向仲裁委员会申请仲裁`, a contract's clause; stop 51)
                           # (and one to act again or the kind of suit, `可以另行提起民事诉讼`: read as a suit; train + dev:
                           # 2 sentences with a right to a civil suit, neither a suit; stop 68)
                           rf"(?:有权|(?<![许认])可以)(?:就此|对此|依法)?(?:另行|再行)?(?:向[^，。；,;：:\s]{{0,4}}?{_TRIBUNAL})?"
                           r"(?:提起|提出|申请)?(?:民事|行政)?.?$|"
                           # (and the investors' right to claim, `受损投资者仍可索赔`, `股民可提民事赔偿诉讼`, `投资者可以受虚假陈述
                           # 侵害为由索赔`: read as suits filed; train + dev: 6 texts so worded, all speculated; stop 69)
                           r"(?<![许认不无])(?:仍|均|亦|也)?可以?(?:进行|提|提起|提出)?(?:民事)?(?:赔偿)?$|"
                           r"(?<![许认不无])可以?[^，。；,;：:\s]{0,10}?为由$|"
                           # a question whether it happened (`超额宝是否爆雷了？`, `实控人未明确是否减持`: read occurred; train +
                           # dev: 7 sentences with 是否 up to four characters before the word and no 涉嫌, 存在, 违反 or 与
                           # after it, 4 speculated, 3 in texts with no such matter; stop 68)
                           r"是否(?!涉嫌|存在|违反|与)[^，。；,;：:\s]{0,4}$|"
                           # an upper bound on the act (`最多减持1.75亿股`, `拟至多减持`: read as a sale; train + dev: 6
                           # sentences so worded, 1 unhedged, planned; stop 68)
                           r"(?:最多|至多)$|"
                           # (and a deal still talked about, `正在与中航集团探讨收购其房地产业务事宜`: read occurred; train +
                           # dev: 1 sentence so worded, planned; stop 67)
                           r"(?:探讨|商讨|磋商|商谈)$|"
                           # (and one considered or discussed, `通用汽车考虑“快速”进入破产保护`, `讨论破产重整`, `尚未考虑减持`:
                           # read occurred; train + dev: 10 sentences with 考虑 or 讨论 up to six characters before the
                           # word, 3 speculated, 2 planned, 2 denied, 2 in texts with no such matter, 1 in a text whose
                           # other sentence states it; stop 68; not one discussed and passed, `讨论通过`)
                           r"(?:考虑|讨论)(?!通过|决定)[^，。；,;：:\s]{0,6}$|"
                           # (依法 between too, `市场监管局将依法责令其整改`: read occurred; stop 60)
                           # a measure an authority says it will take against someone (`将对违规会员予以通报批评`, `将依法
                           # 对其进行处罚`), or a suit someone will bring (`近期将向法院起诉该平台`, `将向仲裁委员会申请仲裁`:
                           # read occurred; stop 50): the object or the court stands between 将 and the word. 准备 reads as
                           # a plan too (`准备起诉材料`, stop 50)
                           r"将(?:依法|严肃|坚决)?(?:对|向)[^，。；,;：:\s]{0,12}?(?:(?:予以|进行|给予|作出|采取|实施|处以|依法)+.?|"
                           rf"{_TRIBUNAL}(?:提起|提出|申请)?)$")
HEDGE_REACH = 12
_NOT_READ = {"开庭"}


# words the status rules read as a code's beside its finder words and keywords (stop 34; no training or development
# figure moves): `否认违规减持` denies the violation, and `拟申请重整` is a plan, not a bankruptcy that happened (重整 comes
# first, so that `将破产重整` is one word and the hedge before it is read; so are 破产清算 and 破产和解, stop 43:
# `拟申请破产清算，尚需股东会审议` was read occurred); and a conversion's words (`拟整体变更为股份有限公司`, stop 49) and
# enforcement ended (`不存在终本案件` denies it) and a business stopped (`或将停止运营` is a guess), stop 49
# and a list of serious dishonesty, and its listing (`未被列入失信被执行人、…、政府采购严重违法失信行为记录名单`: read as an
# action, the statement's clause cut at the list's first 、 with no word of the code; stop 63)
_MORE_WORDS = {"regulatory_action": rf"{TRADING_VIOLATION}|{TAKEN_FOR_INVESTIGATION}|{SERIOUS_DISHONESTY_LIST}|"
                                    r"(?:列入|纳入|列为)(?=[^，。；,;\s]{0,12}?(?:失信|名单))",
               "restructuring": CONVERSION_WORDS,
               "equity_change": r"出质",   # a pledge in the credit records' word (stop 52)
               "litigation": r"涉诉",      # a credit record's `涉诉信息：无` (stop 52)
               "bankruptcy_closure": r"(?:破产)?重整(?!旗鼓)|破产(?:清算|和解)|停止(?:运营|经营|营业)",
               "administrative_penalty": r"受罚|被罚|遭罚",
               "dishonest_debtor": r"终本案件|终结本次执行",
               # and a payment due not made (`若该平台不能按期兑付` is a condition: stop 50)
               "major_public_opinion": DEFAULT_TOLD}


def _code_words(code: str) -> re.Pattern[str]:
    parts = [_MORE_WORDS.get(code), FINDERS.get(code)] + \
        [rx.pattern for rx in (RISK_CUES.get(code), REQUIRED.get(code)) if rx is not None]
    return re.compile("|".join(f"(?:{p})" for p in parts if p))


# the words of every code with finder words or keywords; fraud has keywords only (诈骗, 跑路, 失联)
_HEDGE_WORDS = {c: _code_words(c) for c in {*FINDERS, *RISK_CUES}}
# the hedge rule is not read for fraud: `或成欺诈发行退市第一股`, `对张小雷将非法集资款…追缴` put 或 and 将 before a fraud
# that happened (training and development gold: 13 fraud statements hedged so, 7 of them occurred)
NOT_HEDGED = {c for c in RISK_CUES if c not in FINDERS}


# a departure or an appointment told as a plan or a guess (`或将不再担任公司董事长职务`, `拟聘任王某为总经理，尚需董事会审议`:
# stop 48, read occurred): the office after the verb is the code's last word, too far from the hedge for the rule above.
# Train + dev: 5 texts hedge an appointment so, 4 planned (the other `宣布，将任命…`, an announcement the readers took as
# done)
# (and a departure so told, `张某拟辞去公司董事长职务`: read occurred; train + dev: 4 texts, 3 planned, 1 occurred, `宣布，
# 傅成玉将辞去…`; stop 56)
_OFFICE_TAKEN_OR_LEFT = r"不再(?:担任|出任|兼任|任职)|聘任|任命|委任|聘请|辞去|辞任|卸任|卸去|离任"
# (and a departure told as 辞职, 离职 or 请辞 with up to three characters after the plan's word, `社长将引咎辞职`, `CEO伊梅尔特或
# 提前离职`: read occurred, the rule above takes one; train + dev: 28 texts so worded, 13 planned, 8 speculated, 1 denied, 1
# none, 5 occurred in other stories or as the readers took an announced departure; stop 68)
_CHANGE_HEDGED = re.compile(rf"(?:拟|或|欲|计划|有望|可能|将)[^，。；,;]{{0,3}}(?:{_OFFICE_TAKEN_OR_LEFT}|提名|选举|辞职|离职|"
                            r"请辞)|"
                            # and a nominee, who is no office-holder until elected (`提名何某为新任总经理候选人`: read
                            # occurred; train + dev: 2 texts, planned and denied; stop 49)
                            r"提名[^，。；,;]{1,16}?候选人")


# of those, a departure or an appointment told with a plan's word (`拟辞去`, `将于8月卸任`, `拟聘任`) is planned, not a guess nor
# a denial (`召开发布会称，将辞去…董事长…职务` was read as denied once not occurred; stop 56); 或将, 传将, 可能 stay guesses
# (and a motion to remove or appoint, `控股股东提议免去李某董事长职务`: read occurred; train + dev: 16 sentences hold
# 提议/提请/建议 before 免去, 罢免, 聘任, 任命 or 选举, the readers' leadership change planned in 13, denied in 1 (the motion
# rejected), occurred in 1; stop 58)
_CHANGE_PLANNED = re.compile(rf"(?<![或传能否可])(?:拟|欲|计划|将|准备)[^，。；,;]{{0,3}}(?:{_OFFICE_TAKEN_OR_LEFT})|"
                             rf"(?:{MOTION_WORDS})[^，。；,;]{{0,8}}?(?:免去|罢免|聘任|任命|选举|补选)")


def change_planned(context: str, code: str) -> bool:
    """True when the context tells a departure or an appointment with a plan's word (a leadership change planned)."""
    return code == "leadership_change" and bool(_CHANGE_PLANNED.search(context))


# a shareholder's plan to sell or buy (docs/annotation.md: 减持计划 / 预披露 is `planned`), told as the plan itself
# (`关于股东减持股份计划的预披露公告`, `披露减持计划`): planned unless a word of its result, progress or end is near
# (减持计划实施完毕, 终止减持计划, 无减持计划, 累计减持) or another story's word of the code follows it. The
# announcement title was read occurred (P 0.94). Training and development gold: fires on 41 statements, 39 planned
# (the other 2: run-on headlines whose earlier story sold shares or changed the controller).
_SHARE_PLAN = re.compile(r"(?:减持|增持|转让|质押)(?:股份|公司股份|股票|部分股份)?的?计划|(?:减持|增持)[^，。；,;\s]{0,8}?预披露")
_PLAN_NOT_ONLY = re.compile(r"完成|完毕|实施结果|届满|到期|终止|结束|撤回|取消|调整|无|没有|未|进展|累计|达到|已|套现|"
                            r"一半|过半|减持了|增持了|并")


def share_plan(context: str, code: str) -> bool:
    """True when the context tells a plan to sell or buy shares and nothing of its result (an equity change planned)."""
    if code != "equity_change":
        return False
    plans = list(_SHARE_PLAN.finditer(context))
    if not plans:
        return False
    last = _last_word(context, code)
    if last is None or last >= plans[-1].end():
        return False
    return not _PLAN_NOT_ONLY.search(context[max(0, plans[-1].start() - HEDGE_REACH):])


# a listed company's application to have its delisting-risk warning lifted (`*ST中发(600520):申请撤销退市风险警示`: read as
# the exchange's measure occurred; docs/annotation.md: the warning lifted is the exchange's decision, `occurred` once it
# is, `planned` while only applied for). Train + dev: 12 texts so worded, the readers' regulatory action planned in 7,
# history in 1, occurred in 2 whose other story is the exchange's or regulator's (`吴中集团董事长被带走`), none in 1.
# Not when the clause holds the code's own words too (another measure told beside it).
_LIFT_APPLIED = re.compile(r"(?:申请|拟申请|提交)(?:撤销|摘除|撤消)[^，。；,;\s]{0,8}?(?:风险警示|特别处理)")


def lifting_applied(context: str, code: str) -> bool:
    """True when the context tells an application to lift a delisting-risk warning and no other regulatory measure
    (a regulatory action planned: the exchange has not yet decided)."""
    return code == "regulatory_action" and bool(_LIFT_APPLIED.search(context)) and not _words_of(code, context)


# a letter of intent signed (`公司与某控股有限公司签订了新的《股权转让意向书》`: read as a stake transferred; docs/annotation.md:
# a deal is a fact once its agreement is signed, and a letter of intent is none). Train + dev: 7 texts so worded, the
# readers' equity change planned in all 4 that hold one; not an intent ended (`…意向协议之终止协议`, the deal called off).
_INTENT_SIGNED = re.compile(r"(?:签订|签署|达成)[^，。；,;]{0,12}?意向(?:书|协议|性协议)")
_INTENT_ENDED = re.compile(r"终止|解除|撤销|取消")


def intent_signed(context: str, code: str) -> bool:
    """True when the context tells a letter of intent signed for a share deal or a takeover (planned, not done)."""
    return code in ("equity_change", "restructuring") and bool(_INTENT_SIGNED.search(context)) and \
        not _INTENT_ENDED.search(context)


def planned_by_name(context: str, code: str) -> bool:
    """True when the context tells a plan by its name, not a guess (`share_plan`, `change_planned`, `lifting_applied`,
    `intent_signed`): a matter planned, whatever the classifier reads."""
    return share_plan(context, code) or change_planned(context, code) or lifting_applied(context, code) or \
        intent_signed(context, code)


# a question right after the code's word, with or without its mark (`离职了吗`, `离职了没`, `会减持吗？`: a run-on headline
# drops the mark that hearsay_or_question reads): read by _PENDING_AFTER as a hedge, and kept with a departure by
# story_alone (stop 68)
_UNMARKED_QUESTION = r"(?:了吗|了没(?!有)|吗(?=[？?\s]|$))"
_UNMARKED_QUESTION_NEXT = re.compile(_UNMARKED_QUESTION)


# a motion or deal still awaiting approval (`董事长变更为李某的议案尚需股东大会审议`, read occurred) is planned (docs/annotation.md:
# "awaiting approval"); the corpora hold 3 texts with such wording, announcements many; and one submitted for approval
# (`改制方案已报市国资委审批`, `提交股东大会审议`: stop 48) or a nominee still to be elected (`提名何某为总经理候选人，尚需股东
# 大会选举`: stop 49)
# (and one that awaits a party's nod or view, `破产重整还需银行点头`, `破产需等武汉政府意见`: read occurred; train + dev: 2
# sentences so worded, planned and speculated; stop 68)
_PENDING_AFTER = re.compile(r"^[^，。；,;！？!?]{0,20}?(?:尚需|尚待|有待|还需|仍需|需等|需提交|需经|已报|上报|报送|报请|提交|"
                            r"提请)[^，。；,;]{0,16}"
                            r"(?:审议|批准|核准|审批|同意|选举|点头|首肯|意见)|"
                            # (and a matter told as a risk, `公司存在因知识产权纠纷被起诉的风险`: read as a suit filed; the
                            # corpora hold none so worded, their 破产风险 and 退市风险 stand after a headline's gap; stop 61)
                            r"^[^，。；,;！？!?\s]{0,4}?的(?:风险|可能性?|隐患)|"
                            # (and a question whether it happened, `万达电商CEO离职了吗`, `网利宝真的倒闭了吗?`, `孙宏斌会减持吗`:
                            # read occurred; hearsay_or_question reads a question by its mark, and not for public
                            # opinion, run-on headlines drop the mark; train + dev: 7 texts so worded, 5 speculated, 1
                            # planned, 1 whose other sentence states it; stop 68)
                            rf"^[^，。；,;！？!?\s]{{1,6}}?{_UNMARKED_QUESTION}")


# a rumour told as a headline that opens with 传 (`传招商银行(600036)行长马蔚华今日离职`, `传成飞集成(002190)重组失败`: read
# occurred) is a guess, though the name between stands beyond HEDGE_REACH. Not 传 in a word of its own (传销, 传闻, 传唤…).
# Train + dev: 6 texts so worded, all speculated; stop 68
_RUMOUR_OPENS = re.compile(r"(?:^|(?<=[\s:：)）]))传(?!销|闻|言|媒|统|播|递|真|承|奇|来|导|感|输|唤|授|染|动|记|说|达|单|票|呼)"
                           r"[^，。；,;：:！？!?\s]{1,22}$")
RUMOUR_REACH = 24

# claimants that lawyers seek for a suit (`沪杭律师联合预征集诉讼`, `律师继续征集股民索赔`, `民事赔偿诉讼征集`, `虚假陈述索赔
# 征集中`): the suit is still to be brought (each read as filed). Not read for the regulatory word beside it (虚假陈述 is
# both codes' word; the violation found stays). Train + dev: 5 texts with 征集 beside a suit's word, 4 planned, 1 whose
# other sentence tells a judgment; stop 69
_CLAIMANTS_SOUGHT_BEFORE = re.compile(r"征集[^，。；,;：:\s]{0,4}$")
# (and the time left to sue, `诉讼期仅余5月`, `股民索赔进入倒计时`, `诉讼时效还有7个月`: the claims still to come, read as
# suits filed; train + dev: 6 texts so worded, 2 planned, 4 whose other clause tells a suit in court; stop 70)
_SUIT_TO_COME_AFTER = re.compile(r"[^，。；,;：:！？!?\s]{1,6}?征集|"
                                 r"[^，。；,;：:！？!?\s]{1,4}?(?:时效|期)(?:仅余|仅剩|只剩|还剩|还有|不足)|"
                                 r"[^，。；,;：:！？!?\s]{1,4}?(?:进入)?倒计时")

# a penalty or a removal faced (`东芝因财务造假面临史上最大罚单`, `副董事长因内幕交易面临免职`, `当心面临高额罚款`): still to
# come (each read as done). Only for these two codes: a suit faced is told of suits filed as often as of suits feared
# (train + dev: 4 occurred, 4 speculated), a bankruptcy faced is bankruptcy_threatened's. Train + dev: 5 texts with 面临
# up to six characters before a penalty's or a change of head's word, none occurred (3 planned, 2 none); stop 69
_FACED = re.compile(r"面临[^，。；,;：:\s]{0,6}$")
# the hedges only some codes read: before the code's last word (within HEDGE_REACH) and right after it
_OWN_HEDGE_BEFORE = {"litigation": _CLAIMANTS_SOUGHT_BEFORE,
                     "administrative_penalty": _FACED, "leadership_change": _FACED}
_OWN_PENDING_AFTER = {"litigation": _SUIT_TO_COME_AFTER}


def hedged(context: str, code: str) -> bool:
    """True when the last of the code's words in the context follows a word of planning or likelihood
    (within HEDGE_REACH characters, with at most a time and a verb of the act between), is still awaiting
    approval or asked about in its clause, or stands in a rumour's headline, or a suit's claimants are sought, or a
    penalty or removal is faced; False when there is none. A share plan by its name (`share_plan`) is read before
    this, as `planned` (matters.MatterHead.status_probs)."""
    if code == "leadership_change" and _CHANGE_HEDGED.search(context):
        return True
    at = None if code in NOT_HEDGED else _last_word(context, code)
    if at is None:
        return False
    before = context[max(0, at - HEDGE_REACH):at]
    own_before, own_after = _OWN_HEDGE_BEFORE.get(code), _OWN_PENDING_AFTER.get(code)
    return bool(_HEDGE_BEFORE.search(before) or (own_before is not None and own_before.search(before)) or
                _PENDING_AFTER.search(context[at:]) or (own_after is not None and own_after.match(context, at)) or
                _RUMOUR_OPENS.search(context, max(0, at - RUMOUR_REACH), at))


def _words_of(code: str, text: str, start: int = 0, end: int | None = None,
              every: bool = False) -> list[re.Match[str]]:
    """The code's words (finder words, keywords, the status rules' own) in text[start:end], in order; none for a code
    without words. With `every`, also the words the status rules do not read (_NOT_READ)."""
    rx = _HEDGE_WORDS.get(code)
    end = len(text) if end is None else end
    return [m for m in rx.finditer(text, start, end) if every or m.group() not in _NOT_READ] if rx is not None else []


def _last_word(context: str, code: str) -> int | None:
    """Where the last of the code's words in the context starts: the one that tells what happens. Words that touch
    are one (`或被带走调查`: the hedge stands before 带走, not before 调查)."""
    found = _words_of(code, context)
    k = len(found) - 1
    while k > 0 and found[k - 1].end() == found[k].start():
        k -= 1
    return found[k].start() if found else None


# a matter told as history right before the code's own word (曾因违规排污被罚款, 曾被立案调查, 早在2015年就已收购,
# 三年前曾面临破产) is background, not the news (docs/annotation.md: `曾于2015年被罚款` is historical). Without this
# the document part, sure the text is about a penalty, outvoted the status. Only 曾 joined to a verb or a cause
# is read: 曾 alone is also a surname (副总经理曾庆辞职). Training and development gold: fires on 17 statements,
# 16 of them historical (the other, a run-on headline whose next story is the news). A credit check's record it calls
# past (`历史失信被执行人记录1条`, beside `当前无…`: read as a listing in force) is history too (stop 50), as is 历史 joined
# to the code's word, which the reach ends before (`历史诉讼均已结案`, stop 51).
# (and an event that once befell, `某平台曾发生提现困难事件`: read as news; train + dev: 4 sentences with 曾 before 发生, 出现,
# 爆发 or 陷入, 2 history, 2 in texts whose matters other sentences state; stop 63)
# (and 曾 before a notice received, `河北宣工曾收到…限期整改通知书`: train + dev: 1 sentence so worded, history; and 曾 after
# an adverb, where it is no surname: `就曾借助手游行情疯狂减持`, `也曾屡次…登上被告席`, `就曾“约谈”`, read occurred; train +
# dev: 3 sentences with a code's word so worded, all history; stop 68)
_PAST = r"(?:曾经|曾于|曾因|曾被|曾遭|曾受|曾一度|曾(?=发生|出现|爆发|陷入|收到|接到)|(?<=[就也都均还亦])曾|早在|多年前|\d+年前|" \
        r"[一二三四五六七八九十两几数]+年前|" \
        r"历史(?=失信|被执行|行政处罚|处罚|涉诉|诉讼|立案|开庭|股权出质|经营异常|限制(?:高)?消费|限高|终本|$))"
_HISTORY_BEFORE = re.compile(rf"{_PAST}[^，。；,;！？!?]*$")
HISTORY_REACH = 16


# (and one the clause dates by the years since, `收购IBM PC业务十年后，联想…`, `行政处罚5年后再发酵`: read as news and as a
# plan; train + dev: 2 sentences so worded, both history; stop 67), but not when the years lead to a return or a
# second act (`副总陈长春离职8年后回归`: the return is the news, a change of head that occurred; train + dev: 1 sentence
# so worded; stop 68)
_HISTORY_AFTER = re.compile(r"^(?:[^，。；,;！？!?\s]|(?<=[A-Za-z])\s(?=[A-Za-z])){1,12}?"
                            r"(?:[一二三四五六七八九十两几数多]+|\d+)年(?:后|之后|以后|来|以来|多来)"
                            r"(?!重返|重回|回归|回到|复出|归来|杀回|重掌|重新|再次|再度)")


# a departure that names the person it befell (`文科园林离任高管抛清仓减持计划`, `这些离职高管都是要害部门的负责人`,
# `辞职董事套现千万元`) or that the time since is counted from (`离辞职正好6个月`): background to the story told, not the
# news (each was read as a change of head that occurred). Train + dev: 8 texts so worded, none an occurred change of
# head (4 historical, 1 planned, 3 none); stop 69
_OFFICER_TITLES = r"高管|董事|董监高|监事|总经理|副总"   # 董事 takes 董事长 too; story_alone's _DEPARTED reads them as well
_DEPARTED_TITLE = re.compile(rf"(?:离任|离职|辞职|卸任)的?(?:{_OFFICER_TITLES})")
_SINCE = re.compile(r"(?<!距)离$")


def told_as_history(context: str, code: str) -> bool:
    """True when the last of the code's words in the context follows, in the same clause and within
    HISTORY_REACH characters, a word that tells it as history, or is followed by the years since it; or is a
    departure that names the person or dates what came since."""
    at = _last_word(context, code)
    if at is not None and code == "leadership_change" and \
            (_DEPARTED_TITLE.match(context, at) or _SINCE.search(context, 0, at)):
        return True
    return at is not None and bool(_HISTORY_BEFORE.search(context[max(0, at - HISTORY_REACH):at]) or
                                   _HISTORY_AFTER.search(context[at:]))


# a controller that did not change (`本次交易完成后，公司控股股东、实际控制人未发生变更`, boilerplate of deal and
# placement announcements) is an equity change denied, though the negation follows the code's last word (实际控制人),
# out of the reach of the rule below. Training and development gold: 3 statements, 2 denied (the third a run-on
# headline whose next story sold shares), stop 41
_CONTROL_UNCHANGED = re.compile(r"(控制权|控股权|控股股东|实际控制人|实控人|第一大股东)[^，。；,;]{0,12}?(未|没有|不会|不)"
                                r"(导致|使)?[^，。；,;]{0,4}?(发生)?(变更|变化|改变)")


def control_unchanged(context: str, code: str) -> bool:
    """True when the context says the controlling shareholder or controller did not (or will not) change."""
    return code == "equity_change" and bool(_CONTROL_UNCHANGED.search(context))


# a denial right before the code's own word (`否认董事长辞职`, `否认被约谈`, `辟谣…实控人变更`) denies it, however
# sure the document part is that the text is about the code. Up to 8 characters may stand between (the person,
# 被, 因…); not read for major public opinion (`否认油耗造假质疑`: the questioning happened). A plain negation
# joined to the word (`不存在任何诉讼`, `并未被证监会立案调查`; not 未决诉讼, 不能履职 or 没有了实控人) does the same.
# Training and development gold: fires on 51 statements, 48 not occurred (44 denied); the 3 others are run-on
# headlines whose next story follows with no break, or `否认股东减持违规` (the sale happened, the breach is denied).
# Since stop 47 also a record that says none (the legal opinions and credit checks of a platform's institutions: train +
# dev, 12 more statements, none occurred, 3 denied): a copula's negation (`不是失信被执行人`, `并非…`) within two
# characters, not `不是第一次被罚款` nor `是不是`;
_NOT_A = r"(?:并非|并不是|(?<!是)不是|不属于)(?!第一次|首次|头一次|唯一)[^，。；,;\s:：]{0,2}$"
# and 无 before the word or a record's modifiers (`无行政处罚记录`, `无应披露的重大诉讼`; `未受到监管部门的…措施` reaches 8
# characters past 受到), not in words it opens that deny nothing (`无故辞职`, `无期徒刑`, `抢救无效去世`, `无证经营被罚款`)
_NONE_OF = r"(?<![由有])无(?!故|端|奈|法|力|意|缘|辜|偿|期|异|效|耻|疑|非|论|数|限|视|关|忧|形|声|情)" \
           r"(?=应|需|重大|任何|其他|[^，。；,;\s:：]{0,2}$)"
# Since stop 48 also a notice not received (`称未收到证监会立案调查通知书`, `称未收到处罚`: out of fold 1 right, none wrong)
# and a lawsuit not yet closed that is denied (`不存在尚未了结的重大诉讼`). Since stop 51 a cause (`从未因执业问题受到过行政处罚`),
# a verb before the modifiers (`未发生重大诉讼`), none new (`无新增诉讼`) and two characters before the word (`尚无企业起诉`);
# not 有无, which asks (`有无突破重组新规`: out of fold 1 right, none wrong). Since stop 52 the cause after a bare 未 too
# (`近三年，该机构未因执业行为受到行政处罚`: reported; train + dev: none). Since stop 63 a notice not received told with 接到
# (`公司未接到任何监管部门的处罚通知`: read as a penalty; train + dev: 1 sentence, `未接到大股东减持股份计划`, a plan denied).
# Since stop 65 one never suffered told with 受过 (`连续五年入选行业百强，未受过任何行政处罚`) and a dispute that never reached
# court (`双方经友好协商达成和解，未进入诉讼程序`): each read as occurred; train + dev: none so worded.
_DENIAL_BEFORE = re.compile(rf"(?:否认|辟谣|驳斥)[^，。；,;\s:：]{{0,8}}$|{_NOT_A}|"
                            rf"(?:并未|从未|未曾|没有(?!了)|不存在|{_NONE_OF}|未再?(?=被|遭|发生|涉及|受到|受过|出现|进行|进入|收到|接到|接获|因))"
                            r"(?:因[^，。；,;\s:：]{1,8}?)?(?:发生|涉及|出现)?(?:任何|过)?"
                            r"(?:应予?披露(?:而?未予?披露)?的?|需要?披露的?|重大|其他|相关|尚未了结的?|未了结的?|新增的?)*"
                            r"(?:(?:被|遭|受到|受过|收到|接到|接获)[^，。；,;\s:：]{0,8}|(?:发生|涉及|出现|进行|进入)?"
                            r"[^，。；,;\s:：]{0,2})$")
DENIAL_REACH = 12
# and a decision to impose no penalty, right before the word (`对某代理公司作出不予行政处罚决定`: read as a penalty; train + dev:
# none so worded; stop 63); not a court's or an office's refusal of anything else (`不予协助法院送达`)
# (and one not imposed or waived, `证监会未予行政处罚`, `原财务总监陶刚被免予处罚`: read as penalties; train + dev: 2 texts so
# worded, both denied; stop 70)
_NO_PENALTY = re.compile(r"(?:不予|未予|免予)(?:行政)?$")
# and a departure or a sale someone says will not happen (`德国大众汽车品牌主管称不会辞职`, `表示过短期内不会减持`: read as
# occurred). Not for a closure (`清退工作完成前立业贷不会关停`: the wind-down the readers mark occurred). Train + dev: 6
# sentences with 不会 right before a change of head's or a share deal's word, 2 denied, 3 in texts with no such matter,
# 1 in a text whose other story states one (`财务总监赵杰辞职…称不会辞职`); stop 69
_WONT = re.compile(r"不会(?:再|主动|选择)?$")
# and a motion to remove someone voted down, told after the removal's word (`罢免全体董事议案被否`, `股东罢免董事长提案被否`:
# read as removals). Only for a change of head: a deal's motion voted down is a failed restructuring, which the readers
# mark occurred. Train + dev: 2 sentences so worded, both denied; stop 69. (Told the other way round, `否决了罢免董事长的
# 临时提案`, cues._MOTION_REJECTED makes the sentence state no change of head at all.)
# (and a proposal turned down, `罢免茂化实华(000637)董事长刘华职务的提议被驳回`: read as a removal; train + dev: 3 texts with a
# removal's motion, proposal or bill voted or turned down, all denied; stop 70)
_REMOVAL_VOTED_DOWN = re.compile(r"[^，。；,;\s]{0,10}?(?:提案|议案|动议|提议)[^，。；,;\s]{0,3}?"
                                 r"(?:被否|遭否|未获通过|未通过|被驳回|遭驳回)")
# the denials only some codes read: right before the code's last word (within DENIAL_REACH) and from it on
_OWN_DENIAL_BEFORE = {"administrative_penalty": _NO_PENALTY, "leadership_change": _WONT, "equity_change": _WONT}
_OWN_DENIAL_AFTER = {"leadership_change": _REMOVAL_VOTED_DOWN}
# and a share transfer called off (`子公司广州北化终止股权变更`, `股权转让终止今复牌`, `股东琪创能撤回减持计划`: read as equity
# changes that occurred). A sale ended early is not (`董事提前终止减持计划`: the shares sold before it ended are, to the
# readers, an occurred change), so 终止 is read before a sale only without 提前. Train + dev: 6 texts so
# worded, 3 denied, 1 planned, 2 whose other clause states an occurred change; stop 69
_TRANSFER_CALLED_OFF = re.compile(r"(?:终止|撤回|撤销|取消|放弃)[^，。；,;\s]{0,6}?(?:股权变更|股权转让|股份转让)|"
                                  r"(?:撤回|撤销|取消|放弃)[^，。；,;\s]{0,4}?(?:减持|增持)|"
                                  # (and a sale plan ended, not early, `控股股东终止股份减持计划`, `控股股东终止减持股份计划`:
                                  # read as sales; train + dev: 3 texts so worded, 2 denied, 1 whose other story tells a
                                  # sale; stop 70)
                                  r"(?<!提前)终止(?:股份)?(?:减持|增持)|"
                                  r"(?:股权转让|股份转让|股权变更)[^，。；,;\s]{0,2}?被?(?:终止|取消)")
# and a matter no evidence shows (`目前暂无证据表明该公司实际控制人已发生变更`: read as occurred; train + dev: 1 sentence so
# worded, `无证据表明公司产品侵犯任何专利权`, denied; stop 60), the denial further than DENIAL_REACH before the word
_NO_EVIDENCE = re.compile(r"(?:没有|暂无|尚无|并无|目前无|(?<![有由])无)(?:任何|确切|直接|充分|足够)?(?:证据|迹象)"
                          r"(?:表明|显示|证明|说明)[^，。；,;！？!?]{0,24}$")
NO_EVIDENCE_REACH = 36
FIELD_REACH = 24   # characters read after a record's field name for its value
# and a credit check's field whose value is none (`行政处罚信息：暂无`, `失信被执行人：无`, `被执行人：0条`): the field's name
# holds the code's word, its value denies it (stop 50: `行政处罚信息：暂无` was read as a penalty); not a place named 无锡
# (a time may open the value: `处罚记录：近三年无`, reported, stop 52)
_FIELD_NONE = re.compile(r"^[^，。；,;\s：:]{0,8}[：:]\s*(?:(?:近[一二三四五六七八九十两\d]+年(?:内|来)?|报告期内|截至目前)[，,]?)?"
                         r"(?:暂无|无(?=$|[。；;，,\s]|记录|信息|相关|任何|此类)|否(?=$|[。；;，,\s])|"
                         r"没有|未发现|未查询到|0(?![\d.]))|"
                         # (or a count of none: `作为当事人的案件共0件`, stop 51; `裁判文书0条，开庭公告0条`, stop 52)
                         r"^[^，。；,;\s：:]{0,8}?(?:共|共计|合计|累计|为)(?:0|零)(?:件|条|起|个|项|次)|"
                         r"^[^，。；,;\s：:\d]{0,8}?(?<![\d.])0(?:件|条|起|个|项|次)|"   # (not 零件, parts)
                         # (or a report's section ticked not applicable, `十二、重大诉讼、仲裁事项 □适用 √不适用`: read as a
                         # lawsuit; the corpora hold none; stop 64)
                         r"^[^，。；,;：:]{0,8}?[□☐]\s*适用\s*[√☑✓■]\s*不适用")
# and every member of a list that a denial governs (`未受到中国证监会行政处罚、通报批评或证券交易所公开谴责`, `不存在尚未了结的重大
# 诉讼、仲裁及行政处罚案件`: the reports and legal opinions of a platform's institutions; stop 48): a denial that governs
# nouns, the list's 、 or 或, and no new passive after the last one (`因未履行承诺、违规减持被通报批评` is no denial); digits
# and brackets end the reach (`…不存在应披露而未披露重大信息华电国际(600027)副总经理及执行董事…辞职`: the next story)
_NOT_SUFFERED = r"(?:未|没有|并未|从未|未曾)(?:受到|被|遭)"
_LAST_MEMBER = r"[^，。；,;:：！？!?\d()（）被遭受]{0,16}$"   # up to the word, no new passive
_DENIED_LIST = re.compile(rf"(?:{_NOT_SUFFERED}过?|不存在|未发生|未涉及)[^，。；,;:：！？!?\d()（）]{{0,30}}?[、或]{_LAST_MEMBER}|"
                          # (and one never received, the authority between, `未受到过证券监管部门的行政处罚`: read as a
                          # penalty, the 过 putting the 未 out of the status window; the corpora hold none; stop 62)
                          rf"{_NOT_SUFFERED}过{_LAST_MEMBER}")
DENIED_LIST_REACH = 48
# and a case a legal opinion or an announcement says does not exist, whatever it lists up to its 的情形 (`公司不存在因涉嫌
# 犯罪被司法机关立案侦查或涉嫌违法违规被中国证监会立案调查的情形`: each passive opens a new member, out of the list's reach)
# (and since stop 55 the announcements' `不存在应披露而未披露的重大诉讼、仲裁事项`: read as a lawsuit, the status window
# 12 characters before 诉讼 not reaching its 不; and since stop 60 its 等情况, `不存在未履行法院生效判决、所负数额较大的债务到期
# 未清偿等情况`: read as a lawsuit; train + dev: 1 sentence so worded, of collateral, `不存在抵押、质押、司法查封等情形`, none)
# (and since stop 63 without 而, `公司不存在应披露未披露的重大诉讼事项`: read as a lawsuit; train + dev: 4 sentences with
# 应披露未披露, 3 denied by 无 before it, one a finding of such matters, none of them a lawsuit)
_NO_SUCH_CASE = re.compile(r"(?:不存在|未出现|未发生)[^。；;！？!?]{0,60}?(?:的|等)(?:情形|情况)|"
                           r"(?:不存在|没有|并无|无)应予?披露而?未予?披露的?[^，。；,;！？!?]{0,30}?(?:事项|情形|信息|事件)")
NO_SUCH_CASE_REACH = 64   # characters read on either side of the code's word for such a case


# a bankruptcy, reorganisation or winding-up petition the court dismissed (`法院裁定驳回债权人对公司的重整申请`: read as a
# bankruptcy that happened) opens none: the company does not enter it; not a dismissal itself set aside on appeal
# (`撤销…驳回…裁定，指令…受理`; stop 56; train + dev: none so worded)
_PETITION_DISMISSED = re.compile(r"驳回[^，。；,;]{0,16}?(?:破产|重整|清算|清盘)[^，。；,;]{0,6}?(?:申请|呈请)|"
                                 r"(?:破产|重整|清算|清盘)[^，。；,;]{0,6}?(?:申请|呈请)[^，。；,;]{0,8}?(?:被|遭)[^，。；,;]{0,6}?驳回")


# and one withdrawn or set aside (`呈請人已撤回針對本公司的清盤呈請`, `高等法院已撤銷針對本公司的清盤呈請`, `申请人撤回了对
# 某公司的破产申请`: each read as a closure that happened; not an appeal court's setting aside of a dismissal,
# `撤销…驳回…申请的裁定`; train + dev: none so worded; stop 61)
_PETITION_WITHDRAWN = re.compile(r"(?:撤回|撤销)(?:(?!驳回)[^，。；,;]){0,16}?(?:破产|重整|清算|清盘)[^，。；,;]{0,6}?"
                                 r"(?:申请|呈请)(?![^，。；,;]{0,2}裁定)")


def petition_dismissed(context: str, code: str) -> bool:
    """True when the context tells a bankruptcy or winding-up petition dismissed, not set aside on appeal, or one
    withdrawn or set aside."""
    return code == "bankruptcy_closure" and (
        (bool(_PETITION_DISMISSED.search(context)) and "撤销" not in context) or
        bool(_PETITION_WITHDRAWN.search(context)))


# a firm that says it broke no rule (`信披未违规`, `中铝回应未违规`, `澄清称“未违规贷款”`) denies a regulatory action, though
# the clause holds none of the code's words and the classifier read one from 违规. Not an inquiry (`是否存在违规`).
# Train + dev: 10 clauses so worded with none of the code's words, 6 denied, 1 in a text with no regulatory action,
# 3 in texts whose other story states one; stop 68
_NO_VIOLATION = re.compile(r"(?<!是否)(?:未|没有|并未|并无|不存在)(?:任何)?(?:违规|违法违规)")


def denied_before(context: str, code: str) -> bool:
    """True when the last of the code's words in the context follows a denial in the same clause (for a penalty, a
    decision to impose none) or names a record's field whose value is none, the context says the controller did not
    change (`control_unchanged`) or tells a bankruptcy petition dismissed (`petition_dismissed`), or, holding no
    regulatory word, says no rule was broken (_NO_VIOLATION), or (a departure, a sale) says it will not happen, or (a
    removal) tells its motion voted down, or (a share transfer or sale) tells it called off."""
    if control_unchanged(context, code) or petition_dismissed(context, code):
        return True
    at = _last_word(context, code)
    if at is None and code == "regulatory_action" and _NO_VIOLATION.search(context):
        return True
    if at is None or code in NOT_DENIED_BY_REPORT:
        return False
    before = context[max(0, at - DENIAL_REACH):at]
    own_before, own_after = _OWN_DENIAL_BEFORE.get(code), _OWN_DENIAL_AFTER.get(code)
    return bool(_DENIAL_BEFORE.search(before) or _FIELD_NONE.search(context[at:]) or
                _NO_EVIDENCE.search(context[max(0, at - NO_EVIDENCE_REACH):at]) or
                (own_before is not None and own_before.search(before)) or
                (own_after is not None and own_after.match(context, at)) or
                (code == "equity_change" and _called_off(context, at)))


def _called_off(context: str, at: int) -> bool:
    """True when the share transfer or sale whose word starts at `at` is told called off (_TRANSFER_CALLED_OFF)."""
    return any(m.start() <= at < m.end()
               for m in _TRANSFER_CALLED_OFF.finditer(context, max(0, at - DENIAL_REACH), at + DENIAL_REACH))


def denied_in_list(text: str, start: int, end: int, code: str) -> bool:
    """True when the last of the code's words in text[start:end] is a later member of a list that a denial before it
    governs (the list's 、 cuts the clause the status classifier reads, so the denial lies outside it), or lies in a
    case said not to exist."""
    found = _last_word(text[start:end], code)
    at = None if found is None else start + found
    return at is not None and code not in NOT_DENIED_BY_REPORT and \
        (bool(_DENIED_LIST.search(text[max(0, at - DENIED_LIST_REACH):at])) or
         any(m.start() < at < m.end() for m in _NO_SUCH_CASE.finditer(text, max(0, at - NO_SUCH_CASE_REACH),
                                                                       at + NO_SUCH_CASE_REACH)))


# a report of the matter that the text calls false (`网传某某银行破产，该行表示消息纯属谣言`, `“董事长失联”纯属谣言`,
# `澄清董事长跑路传言`, `否认重组传闻`) is denied, though the clause that states it reads like news: the denial
# often follows in the next clause, which the status classifier does not read. Digits and brackets end the
# reach, so a run-on headline's next story (`澄清…传闻劲嘉股份(002191)副董事长辞职`) is not taken in. Not read
# for major public opinion: a rumour that spread is public opinion whether or not it is true. Training and
# development gold: read on each statement's clauses, it fires on 31 statements of the other codes, none of them
# occurred (28 denied, 3 speculated). A matter the text says befell a namesake (`报道中提到的“被罚款”实为其同名公司`: reported,
# stop 51) is denied the same way.
_REPORT = r"(?:传闻|传言|谣言|消息|报道|一说|说法|一事|文章)"
_FALSE = (r"(?:纯属|系|属|是|为|均|完全|实属|皆)?(?:(?:恶意|无端|蓄意)?造谣|谣言|谣传|不实|不属实|子虚乌有|无中生有|"
          # (a namesake, and one told by its likeness, `报道中所涉公司系与本公司名称相近的另一家企业`: read as a penalty; stop 64)
          r"假消息|与事实不符|(?:严重)?失实|没有此事|并无此事|"
          r"(?:实为|系)(?:其?同名|与本?公司名称相[近似同]的(?:另一家)?)(?:公司|企业|机构))")
# (`…“负责人被带走调查”的消息，该中心发布声明称，该消息系恶意造谣` and `关于公司“跑路”的文章严重失实`: each read as
# occurred; the answer may stand a statement's opening away from the report's noun; stop 59)
_REACH = r"[^。！？；;!?()（）【】\d]"
_REPORT_AFTER = re.compile(rf"^[”\"』」]?{_REACH}{{0,10}}?{_REPORT}")
# the false-word follows the report's noun (`破产，该行表示消息纯属谣言`) or the code's word itself, perhaps after a
# quote and 称 / 表示 / 回应 (`“董事长失联”纯属谣言`, `董事长“跑路” 称纯属造谣`; the word's last characters may stand
# between, `“被罚款”实为…`); `非法集资参与人散布谣言` is no denial
# the report's noun within the reach, and its closing quote and a comma after it (`…的传闻，`, `“董事长失联”消息，`)
_REPORT_NAMED = rf"{_REACH}{{0,10}}?{_REPORT}[”\"』」]?[，,：:]?"
# (and a headline's quoted question answered, `“某平台要破产了”？公司回应：纯属谣言`: read as a closure; stop 66)
_FALSE_AFTER = re.compile(rf"^[”\"』」]?(?:{_REPORT_NAMED}{_REACH}{{0,16}}?|"
                          rf"[^，。；,;\s”\"』」]{{0,2}}?[”\"』」]?[？?]?[，,：:]?"
                          rf"(?:{_REACH}{{0,4}}?(?:称|表示|回应)[：:]?)?)(?:{_FALSE})")
_DENY_BEFORE = re.compile(rf"(?:辟谣|澄清|否认|驳斥){_REACH}{{0,12}}$")
# and a hearsay told then called false in the same clause (`网传公司负责人被带走调查系谣言`: 网传 names no report noun)
_REPORT_FALSE = re.compile(rf"{_REPORT}[”\"』」]?[，,]?{_REACH}{{0,8}}?{_FALSE}|(?:网传|据传|传言称){_REACH}{{0,24}}?{_FALSE}")
NOT_DENIED_BY_REPORT = {"major_public_opinion"}
# and a report of a head's departure answered by the head still at work (`关于董事长辞职的传闻，公司回应称董事长目前正常
# 履职`: read as occurred; not one who cannot, `无法正常履职`, a departure's own words; train + dev: none so worded; stop 58)
_STILL_SERVING_AFTER = re.compile(rf"^[”\"』」]?{_REPORT_NAMED}{_REACH}{{0,16}}?"
                                  r"(?<!无法)(?<!不能)(?:(?:正常|照常)(?:履职|上班|工作)|仍在(?:岗|职|任))")


# and a report quoted as so-called and then said to be something else (`所谓的“高管被带走”其实是配合调查取证`: read as a
# head taken away; train + dev: none so worded; stop 60)
_SO_CALLED_BEFORE = re.compile(r"所谓的?[“\"「『][^”\"」』]{0,12}$")
_SO_CALLED_AFTER = re.compile(r"^[^，。；,;”\"」』]{0,4}[”\"」』](?:其实|实际上|实则|实为|只是|不过是|并非|而是)")


def _around(text: str, word: re.Match[str]) -> tuple[str, str]:
    """The characters a report's denial is read in: 14 before the word, 30 after it."""
    return text[max(0, word.start() - 14):word.start()], text[word.end():word.end() + 30]


def denied_report(text: str, start: int, end: int, code: str) -> bool:
    """True when the last of the code's words in text[start:end] is a report the text calls false: followed by
    纯属谣言 / 消息不实, or preceded by 辟谣 / 澄清 / 否认 and followed by 传闻 / 报道 / 消息."""
    if code not in _HEDGE_WORDS or code in NOT_DENIED_BY_REPORT:
        return False
    words = _words_of(code, text, start, end)
    if not words:
        # a clause without the code's own words (`网传该行行长被带走调查一事不实`): the report and its denial, up to
        # the sentence's end or a run-on headline's next story
        return bool(_REPORT_FALSE.search(re.split(r"[。！？!?\s]", text[start:end + 30], maxsplit=1)[0]))
    m = words[-1]   # the word that tells what happens (a run-on headline's earlier story is not read)
    before, after = _around(text, m)
    return bool(_FALSE_AFTER.search(after) or (_DENY_BEFORE.search(before) and _REPORT_AFTER.search(after)) or
                any(_SO_CALLED_BEFORE.search(b) and _SO_CALLED_AFTER.search(a)
                    for b, a in (_around(text, w) for w in words)) or
                (code == "leadership_change" and _STILL_SERVING_AFTER.search(after)))


# a matter told as hearsay (`网传某某公司董事长被带走调查，公司回应称正在核实`) or asked about (`某某公司是否涉嫌违法被立案
# 调查？`) is speculated (docs/annotation.md: a reply that does not deny a rumour leaves it speculated), though the
# clause reads like news and the guide's wording (被带走调查, 被立案调查) reads it as occurred. The hearsay opens the
# statement: within HEARSAY_REACH characters before the code's last word, no digit, bracket or sentence end between
# (a run-on headline's `网传…被带走聚光科技(300203)董事长辞职` tells the next story as news); a later 证实 / 属实 /
# 确认 / 承认 anywhere in the text makes it news again. Hearsay is not read for major public opinion: a rumour that
# spread is public opinion. Training and development gold: 4 statements of the other codes are told so, none occurred. A
# condition reads the same (`如果你被信贷机构告到法院，而且你败诉了`, a how-to, was a lawsuit; `一旦被认定为欺诈发行将退市`):
# a possibility, not a matter. A post's 听说 / 据说 / 说是 is hearsay too (`不能提现了，说是老总失联了`, development; not
# 听说了吗, which opens news it then tells).
_CONDITION_WORDS = r"如果|假如|假若|倘若|万一|一旦"
# (and an unnamed insider's word, `路透社援引知情人士消息称，某公司首席执行官已向董事会递交辞呈`: read as news; train + dev:
# the matters told after 知情人士 are speculated or planned, none occurred; stop 64)
# (and one who posted it, `有自媒体称某银行行长被带走`: read as a change; stop 66)
_HEARSAY_WORDS = (r"(?:网传|据传|据说|听说(?!了?吗)|说是|传言称|传闻称|有传言称?|有消息称|坊间传闻?|市场传言称?|市场传闻称?|"
                  r"有(?:自媒体|网友|博主|人)(?:发文|发帖|爆料)?称|"
                  r"知情人士(?:消息)?(?:称|透露|表示|说|爆料)|"
                  rf"{_CONDITION_WORDS})")
_HEARSAY = re.compile(rf"{_HEARSAY_WORDS}{_REACH}*$")
# a condition in the statement's own clause is read for public opinion too (a rumour that spread is public opinion, a
# default only supposed is not: `若该平台不能按期兑付，投资者可能通过诉讼维权`, a lawyer's, was read as a default; a campaign
# whose next step waits on one, `如果…仍未收到欠款，将带领投资者上门维权`, is already public opinion), and so is 若 (not 视若无睹,
# 若干, 若加上, nor a name's 若: brackets end its reach; `若按此计算，…` conditions a sum, not the next clause's penalty).
# Train + dev: 6 statements with such a 若, none occurred (stop 50)
_CONDITIONED = re.compile(rf"(?:{_CONDITION_WORDS}|(?<![视恍宛置判科])若(?!干|非|是|何|无|加上))"
                          r"[^，。；,;：:！？!?()（）]{0,14}$")
HEARSAY_REACH = 40
# a listed company is named with its stock code (`网传国海证券(000750)总裁…被警方带走`): the hearsay reaches across the
# code when only a name stands between the two: no passive and no word of any code (a run-on headline's `网传…被带走
# 聚光科技(300203)董事长辞职` still tells the next story as news)
_HEARSAY_NAMES_LISTED = re.compile(rf"{_HEARSAY_WORDS}({_REACH}{{1,12}}?){STOCK_CODE}")
_NO_NAME = re.compile(r"[被遭]")   # a passive, which a name does not hold


def _listed_codes_dropped(context: str) -> str:
    """The context without the stock code that follows a hearsay word and a name (see _HEARSAY_NAMES_LISTED)."""
    for m in _HEARSAY_NAMES_LISTED.finditer(context):
        name = m.group(1)
        if not _NO_NAME.search(name) and not any(rx.search(name) for rx in _HEDGE_WORDS.values()):
            return context[:m.end(1)] + context[m.end():]
    return context


# (not a question or a doubt, `是否属实？`, `未经证实`, `有待证实`, nor a condition, `如属实`: an investor's `网传公司董事长被带走
# 调查，是否属实？` was read as news; stop 55)
_CONFIRMED = re.compile(r"(?<![未不没无如若])(?<!无法)(?<!尚未)(?<!是否)(?<!能否)(?<!未经)(?<!有待)(?<!尚待)(?<!无从)"
                        r"(?:证实|属实|确认|承认|确有此事)")
# a post or message quoted as it spreads (`一则“某交易中心负责人卷款跑路”的帖子在多个微信群疯传`) is hearsay of what it says,
# though the quote reads as news (stop 50: read as a flight and a change of head that occurred)
_SPREAD_AFTER = re.compile(r"^[^”\"』」。！？；;!?]{0,12}[”\"』」]的?(?:帖子|消息|传闻|传言|说法|视频|截图|文章|言论)[^。！？；;!?]{0,12}?"
                           r"(?:疯传|流传|热传|传播|刷屏|转发|传开|发酵)")
# and the rumour's own noun right after the word (`某证券回应罚单传闻`: read as a penalty; a reply that does not deny a
# rumour leaves it speculated; train: 4 statements so worded lose a false occurred; not one that came true, `离职传闻落地`;
# stop 66)
_RUMOUR_AFTER = re.compile(r"^[^，。；,;\s]{0,2}?的?(?:传闻|传言|谣言)(?![^，。；,;\s]{0,2}(?:落地|成真|属实|坐实|证实))")
_EITHER_WAY_WORDS = r"是不是|有没有|会不会"   # the either-way questions (asked_either_way)
_ASKED_BEFORE = re.compile(rf"(?:是否|{_EITHER_WAY_WORDS}){_REACH}*$")
_ASKED_AFTER = re.compile(rf"^{_REACH}*?(?:吗|么)?[？?]")
# (or an indirect question whose answer the text says is unknown, `该公司是否会因此被处罚，目前尚不得而知`: read occurred;
# train + dev: none so worded; stop 60)
_UNKNOWN_AFTER = re.compile(r"^[^。！？；;!?]{0,16}?(?:尚不得而知|不得而知|尚不清楚|尚不明确|尚无定论|尚未可知|有待观察|"
                            r"仍是未知数|尚难判断|还不确定|尚未确定)")


# a successor still asked after, with or without a question mark (`主任一职由谁接任，目前尚无定论`, `谁来接任董事长？`: read
# occurred; stop 55)
_SUCCESSOR_ASKED = re.compile(r"(?:谁|何人)[^，。；,;]{0,3}(?:接任|接替|出任|担任|兼任|继任)")


def hearsay_or_question(text: str, start: int, end: int, code: str) -> bool:
    """True when the last of the code's words in text[start:end] is told as hearsay (网传, 据传, 有消息称 before it) or
    a condition (如果, 一旦, 若) that the text does not confirm, or asked about (是否 before it, or 吗 before the question
    mark that ends it). Public opinion is read for a condition only."""
    if code not in _HEDGE_WORDS:
        return False
    asked = _SUCCESSOR_ASKED.search(text, start, end) if code == "leadership_change" else None
    rx = _FINDER_RX.get(code)
    if asked is not None and rx is not None and \
            not rx.search(text, max(0, start - STATUS_LEFT - STATUS_TRIGGER_LEFT), asked.start()):
        return True   # unless a departure is told before it (`董事长张某辞职 谁来接任？`)
    words = _words_of(code, text, start, end)
    # without the code's own words (`网传董事长被带走调查`), the statement's end stands for the word
    last = len(text[start:end].rstrip("。！？!?；;\n "))
    # the hearsay comes before the first of the words (`董事长辞职网传某某公司被立案调查` runs two stories together: the
    # resignation is news), the question after the last
    first, at, after = (words[0].start(), words[-1].start(), words[-1].end()) if words else (start + last,) * 3
    if _CONFIRMED.search(text, after):
        return False
    before = _listed_codes_dropped(text[max(0, first - HEARSAY_REACH):first])
    if _CONDITIONED.search(before):
        return True
    if code in NOT_DENIED_BY_REPORT:
        return False
    if _HEARSAY.search(before) or _SPREAD_AFTER.search(text[after:after + HEARSAY_REACH]) or \
            (words and _RUMOUR_AFTER.search(text[after:after + HEARSAY_REACH]) and
             not _CONFIRMED.search(text, max(0, first - 12), first)):
        return True
    if not words:
        return False   # a question the code's words are not in asks about something else
    told_after = text[after:after + HEARSAY_REACH]
    asked = _ASKED_AFTER.search(told_after) or _UNKNOWN_AFTER.search(told_after)
    return bool(asked and (asked.group().endswith(("吗？", "吗?", "么？", "么?")) or
                           _ASKED_BEFORE.search(text[max(0, at - HEARSAY_REACH):at])))


# an either-way question (`某担保公司会不会破产？`): its 不 asks, it denies nothing (read as denied; stop 53)
_EITHER_WAY = re.compile(rf"(?:{_EITHER_WAY_WORDS}|能不能){_REACH}*$")


def asked_either_way(text: str, start: int, end: int, code: str) -> bool:
    """True when the last of the code's words in text[start:end] follows an either-way question (会不会, 是不是)."""
    words = _words_of(code, text, start, end)
    return bool(words) and bool(_EITHER_WAY.search(text[max(0, words[-1].start() - HEARSAY_REACH):words[-1].start()]))


# a past word that opens the clause (`某某评估机构曾于2018年被中国资产评估协会通报批评`) tells history however long the
# names between it and the code's word: the status classifier reads a few characters before the code's first word,
# and told_as_history HISTORY_REACH, so a long organisation's name hid the 曾于 (read occurred). No bracket, digit run
# or clause mark between (a run-on headline's next story stays news).
_HISTORY_OPENS = re.compile(rf"{_PAST}(?:\d{{4}}年|\d{{1,2}}月|\d{{1,2}}日|[^，。；,;！？!?()（）\d\s])*$")
CLAUSE_HISTORY_REACH = 40
# the cause a passive gives (`因违规代理被罚款`): its words are no other story's (history_opens_clause; stop 53)
_CAUSE = re.compile(r"因[^，。；,;！？!?]{1,12}?(?=被|遭|受|$)")


# a departure that others demand (`工会再次要求马航CEO辞职`, `投资者呼吁行长引咎辞职`, `董事长被要求辞职`) has not happened: a
# possibility, told like a rumour (development gold: speculated; train + dev: 3 such statements, none occurred). Not
# one made at someone's request (`因工作要求辞职`, `应白宫要求辞职`), nor a demand of another story (`因宝能步步相逼…辞职`)
# (or owed: `董事长应引咎辞职`, `行长理应辞职`; the corpora hold no such sentence)
_DEMANDED = re.compile(r"(?:要求|呼吁|敦促|促请|逼迫)[^，。；,;！？!?]{0,12}$|"
                       r"(?:应该|应当|理应|(?<![因按据])应)(?:主动|立即|尽快)?(?:引咎)?$")
_AT_REQUEST = re.compile(r"[因应按据][^，。；,;！？!?]{0,8}要求[^，。；,;！？!?]{0,12}$")
_DEPARTURE = re.compile(r"辞职|辞去|下台|让位|退位|免职|免去|撤换|罢免")   # what others demand of someone in charge
DEMAND_REACH = 16


def departure_demanded(text: str, start: int, end: int, code: str) -> bool:
    """True when the last word of a leadership change in text[start:end] is a departure others demand and no other
    departure comes before the demand (a run-on headline's `通过罢免董秘议案日本社民党要求NHK会长辞职` tells a removal
    too); a detention demanded (`被要求协助调查`) is the guide's detention."""
    words = _words_of(code, text, start, end) if code == "leadership_change" else []
    if not words or not _DEPARTURE.fullmatch(words[-1].group()):
        return False
    at = words[-1].start()
    demand = _DEMANDED.search(text, max(start, at - DEMAND_REACH), at)
    return demand is not None and not _AT_REQUEST.search(text, max(start, at - DEMAND_REACH), at) and \
        not _DEPARTURE.search(text, start, demand.start())


# and a clause that tells what a past event brought (`2018年，某平台曾发生提现困难事件，引发投资者集体维权`: read as news, the
# past word in the clause before; train + dev: 1 sentence so worded, of no matter; stop 63)
_PAST_EVENT = re.compile(rf"{_PAST}[^。；;！？!?]{{0,40}}[，,]\s*$")
_BROUGHT = re.compile(r"\s*(?:并|进而|从而|随后)?(?:引发|导致|造成|致使|引起)")
PAST_EVENT_REACH = 50


def history_opens_clause(text: str, start: int, end: int, code: str) -> bool:
    """True when a past word (曾于, 早在, 三年前) stands between the clause's start and the last of the code's words, or
    the clause tells what the past event of the clause before brought (…曾发生…，引发…)."""
    words = _words_of(code, text, start, end)
    if not words:
        return False
    if _BROUGHT.match(text, start) and _PAST_EVENT.search(text[max(0, start - PAST_EVENT_REACH):start]):
        return True
    past = _HISTORY_OPENS.search(text[max(start, words[-1].start() - CLAUSE_HISTORY_REACH):words[-1].start()])
    # and no other code's word between (`两年前已经破产仪电控股虚假陈述案一审`: the lawsuit is the next story), but for
    # the cause it gives (`曾于2020年因违规代理被罚款`: read as news; reported, stop 53)
    between = "" if past is None else _CAUSE.sub("", past.group())
    return past is not None and not any(other.search(between) for c, other in _HEDGE_WORDS.items() if c != code)


# a profile's chronology (`该中心成立于2016年，2019年完成公司制改制，现有员工200余人`, `成立于2010年，2018年引入战略投资者完成
# 增资扩股`: the pages of a platform's institutions; each was read as news; reported, stop 52; train + dev: no such
# sentence): a clause a year opens, after the founding year, is background (docs/annotation.md: historical is what is
# told as background, years before the news); a clause opened by 今年 or a month is not. So is a history's or a
# chronicle's (`发展历程：2012年 公司成立；2015年 完成股份制改造；…`)
_FOUNDED = re.compile(r"(?:(?:成立|创立|创办|始建|组建|设立|注册成立)于\d{4}年|(?:发展历程|大事记|历史沿革)[：:]?\s*\d{4}年)"
                      r"[^。！？!?\n]*$")
_YEAR_OPENS = re.compile(r"(?:^|[，,；;])(?:并|后|又|随后|先后|相继)?(?:于|在)?\d{4}年[^，,；;。！？!?\n]*$")
PROFILE_REACH = 80   # characters read before the code's word for the founding year


def _sentence_start(text: str, start: int, ends: str = "。！？!?\n") -> int:
    """Where the sentence holding text[start] begins: after the last of `ends` before it."""
    return max(text.rfind(c, 0, start) for c in ends) + 1


def told_in_a_profile(text: str, start: int, end: int, code: str) -> bool:
    """True when the sentence of the clause text[start:end] told, before it, when the organisation was founded and the
    clause of the code's last word up to the clause's end (a later clause, `现有员工200余人`, reads the one before it)
    opens with a year."""
    opens = _sentence_start(text, start)
    words = _words_of(code, text, max(opens, start - PROFILE_REACH), end)
    if not words:
        return False
    at = words[-1].start()
    before = text[max(0, at - PROFILE_REACH):at]
    founded = _FOUNDED.search(before)
    return founded is not None and bool(_YEAR_OPENS.search(before, founded.start()))


# a sentence that a year alone opens (`2010年初，王贵芳…再次提起诉讼`, `2016年底，舒世忠加盟拉卡拉支付并出任总裁`): a chronicle's
# line, background (docs/annotation.md: historical), however the clause reads (each was read as news); a date to the
# month or the day (`2024年3月5日，证监会对…立案调查`) is a news lead and stays news, as does a clause after a later
# time (`…，目前已完成收购`). <N> is a number as the FinRE texts mask it. Train + dev: 11 sentences with a code's
# word so opened, 10 historical (the other `<N>年,雀巢…签订合作协议,收购太太乐<N>%的股权`, occurred); stop 69
_YEAR_ALONE_OPENS = re.compile(r"\s*(?:\d{4}|<N>)年(?:初|底|末|年初|年底|年末|上半年|下半年)?[，,]")
_LATER_TIME = re.compile(r"\d{4}年|<N>年|今年|目前|如今|近日|日前|近期|最近|现已|此后|之后|后来")
YEAR_OPENS_REACH = 80   # characters from the sentence's start to the code's last word


def told_from_a_year(text: str, start: int, end: int, code: str) -> bool:
    """True when the sentence of the clause text[start:end] opens with a year alone and the code's last word in the
    clause follows it within YEAR_OPENS_REACH characters, no later time between."""
    opens = _sentence_start(text, start, "。！？!?；;\n")
    year = _YEAR_ALONE_OPENS.match(text, opens)
    words = _words_of(code, text, start, end) if year is not None else []
    if not words or words[-1].start() - opens > YEAR_OPENS_REACH:
        return False
    return not _LATER_TIME.search(text, year.end(), words[-1].start())


# what a deal will bring once done (`本次换股吸收合并完成后,盐湖钾肥为存续公司,盐湖集团将注销法人资格`, `上海医药对其实施收购后,有望…`):
# the deal is still to come (docs/annotation.md: a consequence still to come is `planned`), unless the clause says it
# was agreed or done (`已同意合并，合并后将成为…`)
_DEAL_THEN = re.compile(r"(?:收购|并购|重组|合并|借壳[^，。；,;]{0,8}?|交易|转让|增资|整合)(?:事项|工作)?(?:完成|实施完毕|完毕|落地)?"
                        r"(?:后|之后|以后)$")
_DEAL_AGREED = re.compile(r"已|签署|签订|同意|获批|批准|核准|通过")
_THEN_WILL = re.compile(r"[，,][^。；！？!?]{0,30}?(?:将|有望|预计|可望)")


def _next_clause_says(rx: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """True when rx matches where the clause text[start:end] ends (its trailing spaces left out): the next clause."""
    return bool(rx.match(text, start + len(text[start:end].rstrip())))


def consequence_to_come(text: str, start: int, end: int, code: str) -> bool:
    """True when the clause text[start:end] ends in a deal's `…完成后` and the next clause tells what it will bring."""
    clause = text[start:end].rstrip()
    return code in DEAL_CODES and bool(_DEAL_THEN.search(clause)) and not _DEAL_AGREED.search(clause) and \
        _next_clause_says(_THEN_WILL, text, start, end)


# an appointee whose qualification the next clause says still awaits the regulator (`董事会同意聘任李某为行长，其任职资格
# 尚需监管部门核准`: read as occurred, the clause holding no hedge; reported, stop 52; train + dev: none): the
# change is still to come, as a change awaiting approval in its own clause is (hedged)
_QUALIFICATION_PENDING = re.compile(r"[，,]其?任职资格[^，。；,;]{0,2}?(?:尚需|尚待|有待|还需|仍需|需|待)[^，。；,;]{0,12}"
                                    r"(?:核准|批准|审核)")


# and a deal whose motion the next clause says still awaits approval (`审议通过关于吸收合并某公司的议案，尚需报国资委批准`:
# read as occurred; docs/annotation.md: an approved plan stays planned until carried out; reported, stop 53)
_DEAL_MOTION = re.compile(r"(?:议案|方案|预案)$")
_APPROVAL_PENDING = re.compile(r"[，,](?:尚需|尚待|有待|还需|仍需)[^，。；,;]{0,12}(?:审议|批准|核准|审批|同意)")


def approval_pending(text: str, start: int, end: int, code: str) -> bool:
    """True when the clause text[start:end] tells an appointment and the next clause says its qualification awaits,
    or ends in a deal's motion and the next clause says it awaits approval."""
    return (code == "leadership_change" and _next_clause_says(_QUALIFICATION_PENDING, text, start, end)) or \
        (code in DEAL_CODES and bool(_DEAL_MOTION.search(text[start:end].rstrip().rstrip("”\"》"))) and
         _next_clause_says(_APPROVAL_PENDING, text, start, end))


def field_none(text: str, start: int, end: int, code: str) -> bool:
    """True when the last of the code's words in the clause text[start:end] names a record's field whose value, in the
    next clause, is none (`法律诉讼：暂无数据`: the colon and the value's four characters part the clauses; reported,
    stop 52); a hearing's field counts (`开庭公告0条`), though a hearing's date is no word of the status rules."""
    words = _words_of(code, text, start, end, every=True)
    return bool(words) and code not in NOT_DENIED_BY_REPORT and \
        bool(_FIELD_NONE.search(text[words[-1].end():words[-1].end() + FIELD_REACH]))


# a share plan ended with nothing sold (`股东减持计划已提前终止，计划期间股东未减持公司股份`: read as a sale that happened, from
# the plan's clause) changed no equity; not one that sold some (`…期间累计减持公司股份0.8%`; stop 56; train + dev: none so
# worded)
_PLAN_UNUSED = re.compile(r"[^。；;！？!?]{0,30}?(?:期间|期内|期限内|计划内)[^，。；,;]{0,8}?(?:未|没有|并未|均未)"
                          r"(?:实施|通过[^，。；,;]{0,8}?)?(?:减持|增持)")


def plan_ended_unused(text: str, start: int, end: int, code: str) -> bool:
    """True when the statement in text[start:end] tells a share plan and the sentence goes on to say none was sold or
    bought under it."""
    return code == "equity_change" and bool(_SHARE_PLAN.search(text, start, end)) and \
        bool(_PLAN_UNUSED.match(text, end))


def denied_around(text: str, start: int, end: int, code: str) -> bool:
    """True when the text around the statement in text[start:end] denies it: it calls the report false
    (denied_report), a denial governs its list (denied_in_list), a record's field holds none (field_none) or a share
    plan ended unused (plan_ended_unused)."""
    return denied_report(text, start, end, code) or denied_in_list(text, start, end, code) or \
        field_none(text, start, end, code) or plan_ended_unused(text, start, end, code)


# a penalty's or a listing's record the sentence says was repaired (`…被罚款2万元，该处罚已于2024年修复`: credit repair
# ends its public record) tells a matter closed: history, though its clauses read like a record in force (stop 56; train
# + dev: none so worded)
# (cues' own reading of such a clause, RECORD_REPAIRED, lets it state no penalty; here the marker is required)
_REPAIRED = re.compile(rf"(?:处罚|罚款|失信[^，。；,;]{{0,6}}?)(?:信息|记录)?[^，。；,;]{{0,4}}?(?:已|被|予以){RECORD_REPAIRED}")
# and an enforcement case a credit record marks closed (`被执行人信息：1条（已结案），执行标的5万元`: read as a debtor in
# force; stop 64), read in the whole sentence: each of the record's clauses is a statement of it
_CASE_CLOSED = re.compile(r"被执行(?:人)?(?:信息|记录|案件)?[：:]?[^，。；,;（(]{0,8}?[（(](?:已结案|已履行完毕|已执行完毕|"
                          r"已全部履行|执行完毕|已终结)[)）]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def record_repaired(text: str, start: int, end: int, code: str) -> bool:
    """True when the statement in text[start:end], or the rest of its sentence (`被列为失信被执行人，后履行完毕，失信记录已被
    修复`), tells a penalty's or a debtor listing's record repaired, or an enforcement case's record closed."""
    if code not in ("administrative_penalty", "dishonest_debtor"):
        return False
    stop = _SENTENCE_END.search(text, max(start, end - 1))
    until = stop.end() if stop else len(text)
    if _REPAIRED.search(text, start, until):
        return True
    if code != "dishonest_debtor":
        return False
    begun = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)   # the sentence's start
    return bool(_CASE_CLOSED.search(text, begun, until))


# and a reorganisation or liquidation the company came through (`完成破产重整后恢复正常经营`: read as a bankruptcy that
# happened) is behind it: history (stop 56; train + dev: none so worded)
_PROCEEDING_BEHIND = re.compile(r"(?:完成|结束|走出|执行完毕)[^，。；,;]{0,6}?(?:重整|破产|清算)(?:程序|计划)?(?:执行完毕)?"
                                r"(?:后|之后|以来)")


def proceeding_behind(text: str, start: int, end: int, code: str) -> bool:
    """True when the clause text[start:end] tells a bankruptcy proceeding the company has come through."""
    return code == "bankruptcy_closure" and bool(_PROCEEDING_BEHIND.search(text, start, end))


def reported_status(text: str, start: int, end: int, code: str) -> str | None:
    """The status the text around the statement in text[start:end] gives it, whatever the clause's few characters
    say: denied when the text calls the report false, a denial governs its list, a record's field holds none or a share
    plan ended unused (denied_around), speculated when it is hearsay, a question or a condition
    (hearsay_or_question) or a departure others demand (departure_demanded), historical when a past word opens the
    clause (history_opens_clause), a profile's year does (told_in_a_profile), a year alone opens the sentence
    (told_from_a_year), its record was repaired (record_repaired) or the proceeding is behind the company
    (proceeding_behind), planned when the next clause tells what a deal will bring, that an appointee's qualification
    or a deal's motion awaits; None when none of these."""
    if denied_around(text, start, end, code):
        return "denied"
    if hearsay_or_question(text, start, end, code) or departure_demanded(text, start, end, code):
        return "speculated"
    if history_opens_clause(text, start, end, code) or told_in_a_profile(text, start, end, code) or \
            told_from_a_year(text, start, end, code) or record_repaired(text, start, end, code) or \
            proceeding_behind(text, start, end, code):
        return "historical"
    if consequence_to_come(text, start, end, code) or approval_pending(text, start, end, code):
        return "planned"
    return None

# a statute's or a rule's title names a kind of matter, not one that happened: announcements of an investigation
# cite 《中华人民共和国行政处罚法》, judgments 《民事诉讼法》; so does a guide's or a casebook's (`发布《知识产权行政处罚案例
# 汇编》`: reported, stop 50), and a report's (`某律所发布《2024年知识产权诉讼年度报告》`: reported, stop 52; train + dev:
# 6 texts hold such a title, the 2 with a matter state it outside it); and an event's theme in quotes (`某律所举办“破产
# 重整与企业拯救”专题沙龙`: read as a bankruptcy; train + dev: 3 texts hold such a theme, none a matter; stop 58)
STATUTE_TITLE = re.compile(r"《[^》]{0,40}?(?:法|条例|办法|规定|规则|细则|准则|指引|解释|汇编|选编|指南|白皮书|蓝皮书|手册|读本|"
                           r"案例集|问答|教材|报告)》|"
                           r"“[^”]{0,30}”(?=(?:专题|主题)?(?:沙龙|论坛|讲座|研讨会|培训班?|峰会|座谈会|交流会|大赛|课程)|"
                           # (and an award's, `荣获“2026年度知识产权诉讼领域卓越律所”称号`: read as a lawsuit; stop 62)
                           r"(?:荣誉)?(?:称号|奖项?|殊荣)|"
                           # (and a tool's or a shop's, `“失信被执行人查询”小程序上线`, `“破产姐妹”主题咖啡店开业`: each
                           # read as the matter; train + dev: 7 texts hold such a name, none with its matter only
                           # inside; stop 65)
                           # (and a site's feature, `上线“破产重整案件查询”功能`: read as a closure; stop 66)
                           r"(?:小程序|App|APP|客户端|专栏|栏目|功能|模块|专区)|主题(?:店|咖啡店|餐厅|展|乐园|活动))|"
                           # (and one told after its verb, `获评“年度知识产权诉讼优秀律所”`: read as a lawsuit; stop 63)
                           r"(?:(?<=获评)|(?<=荣获)|(?<=评为)|(?<=入选))“[^”]{0,30}”")
# the marks every title above opens with: matters.MatterHead reads the titles only in texts that hold one
TITLE_MARKS = ("《", "“")


def in_statute_titles_only(text: str, code: str) -> bool:
    """True when the code's finder words are in the text and every one lies inside a statute's title
    (training and development gold: 2 of the 6,103 sentences that state an occurred matter with a finder
    word are so)."""
    rx = _FINDER_RX.get(code)
    if rx is None or not rx.search(text):
        return False
    return not rx.search(STATUTE_TITLE.sub("《》", text))


# the status reads at most this many characters before the code's first finder word in a clause (5-fold CV,
# stop 17: none 0.785, 6 0.785, 8 0.786, 12 0.788, 16 0.787, 24 0.788); stored with the head that was
# trained with it (`meta["status_trigger_left"]`), a head without it reads the whole clause
STATUS_TRIGGER_LEFT = 12

_CLAUSE = re.compile(r"(?:[，,：:、（）()]|(?<![A-Za-z])\s|\s(?![A-Za-z]))+")
STATUS_LEFT = 10
# 将 as the object marker (将其持有的…股份质押给, 将所持…转让给: 把) is no plan; 将持有 (will hold) stays. So is a
# party taken to court (`因代偿纠纷将借款企业诉至法院`: read as planned; train + dev: the 7 such sentences occurred; stop
# 54), not one still to be (`表示将依法将其诉至法院`, `拟将…诉至法院`: a plan's 将 before it)
_BA = re.compile(r"将(?=(?:其|公司|本公司|该公司)?所持|(?:其|公司|本公司|该公司)持有|持有的)|"
                 r"(?<![将拟要会])(?<!依法)(?<!准备)(?<!表示)将(?=[^，。；,;将把]{1,16}?(?:诉至|告上|起诉至|起诉到|告到|诉到法))")


_TOLD_BEFORE = {"leadership_change": _LEFT_OFFICE, "restructuring": _DEAL_DONE, "equity_change": _DEAL_DONE,
                "administrative_penalty": _PENALTY_STATED}


def status_window(text: str, start: int, end: int, code: str, left: int | None = None, own: bool = False) -> str:
    """What the status classifier reads for a statement of `code` in text[start:end]: the clause with
    STATUS_LEFT characters before it, and, with `left`, no more than `left` characters before the
    code's first finder word in it (headlines that run stories together put another story's 拟 or
    没有 there), or before a departure's 不再担任 ahead of it; with `own`, nothing before the clause. 将 as the
    object marker reads as 把."""
    a = start if own else max(0, start - STATUS_LEFT)
    rx = _FINDER_RX.get(code)
    m = rx.search(text, start, end) if (rx is not None and left is not None) else None
    if m is not None:
        first = m.start()
        # the guide's wording of a departure, a completed deal or a penalty may begin before the finder word
        # (`不再担任公司董事会秘书及公司副总经理`, `完成对乙科技100%股权的收购`, `被…处以…的行政处罚`): it is read whole
        told = _TOLD_BEFORE.get(code)
        done = told.search(text, start, end) if told is not None else None
        if done is not None and (done.start() < first < done.end() or
                                 (code == "leadership_change" and done.start() < first)):
            first = done.start()
        a = max(a, units_back(text, a, first, left))
    return _BA.sub("把", text[a:end])


# a name in Latin letters of more than one word (`Smith & Partners LLP`, `John Smith`): the status window counts it as
# one character, as it counts a Chinese name's few (`完成对Smith & Partners LLP的收购` was read from `artners LLP的收购`,
# history; stop 55). Single words (CEO, ST, IPO) count letter by letter, as they always did
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.&'-]*(?:\s+[A-Za-z&][A-Za-z.&'-]*)+")


def units_back(text: str, lo: int, first: int, units: int) -> int:
    """The index, not before lo, from which text[:first] holds `units` characters, a Latin name of more than one word
    counted as one."""
    names = [(m.start(), m.end()) for m in _LATIN_NAME.finditer(text, lo, first)]
    a, n = first, 0
    while a > lo and n < units:
        a = next((s for s, e in names if s < a <= e), a - 1)
        n += 1
    return a


# a period between two of the code's words ties the later one to the first (`拟自该减持计划公告之后…6个月内累计减持`: the
# plan's own cap, not another story)
_SAME_PERIOD = re.compile(r"之后|以后|之前|后的|个月内|日内|期间|期限|届满|起")


# a departure, a sale, purchase or change of control, or a bankruptcy filing told done ends its story in a run-on
# headline: what follows (`…副总经理罗虎因工作变动原因辞职雷科防务第一大股东拟变更`, `…大族激光高管减持英飞拓实控人拟转让公司
# 控制权`, `ST得亨债权人申请重整维艾普拟摘牌`) is the next story's, whose plan or rumour the status classifier read for it.
# Unless the words right after it go on with it: its reason, a rumour or denial of it, a question, when it takes
# effect, where the person went (a life story: `毕业留京后不久辞职到深圳闯荡`), the plan a sale is part of (`减持计划`,
# `减持股份的计划`), what is still pending (`变更事项尚未实施`), a wave of closures (`倒闭潮`); and not a deal under a
# condition (`若减持将遵守`). Out of fold: departures 6 readings turned occurred, share deals 11, bankruptcies 2, all
# right; development 2 departures, both right (stop 45). Nor a departure that names the person (`辞职董事套现千万元`,
# told_as_history's _DEPARTED_TITLE; stop 69)
# the words right after a matter told done that go on with the same story (its reason, effect, rumour, a question)
_GOES_ON = r"的|一事|后|之后|事项|事宜|传闻|消息|是|或|[，,、?？]"
_DEPARTED = re.compile(r"(?:辞职|离职|辞任|请辞|被免职|逝世|去世)"
                       rf"(?!{_GOES_ON}|以后|申请|报告|原因|系|属|纯属|到|去|回|来|吗|一职|职务|生效|手续|谣|不实|说法|一说|"
                       rf"{_OFFICER_TITLES})")
_TRADED = re.compile(r"(?:减持|增持|套现|清仓|甩卖|抛售|违规买卖股票|违规交易|短线交易|实控人变更|控股股东变更|易主|解除司法冻结)"
                     r"(?:[\d.]+[万亿]?股|[\d.]+%(?:股份|股权)?|股份|公司股份|[\d.]+[万亿]?(?:美元|港元|元)(?:股票|股份))?"
                     rf"(?!{_GOES_ON}|计划|的计划|股份计划|预披露|意向|进展|公告|尚|减持|[\d.%])")
_BANKRUPT = re.compile(r"(?:申请破产(?:保护|清算|重整)?|宣布破产|宣告破产|破产清算|申请重整|倒闭)"
                       rf"(?!{_GOES_ON}|计划|的计划|申请|程序|风险|危机|传言|潮)")
_TOLD_DONE = {"leadership_change": _DEPARTED, "equity_change": _TRADED, "bankruptcy_closure": _BANKRUPT}
_CONDITION_BEFORE = re.compile(r"若|如果|如|一旦|生前")
# what in the next story shows that the status classifier read its status for it: a plan, a guess or a rumour
# (and a denial in the next story, `…抛售55.3万美元股票京东否认卷入“泄密门”`, `…遭股东大宗减持400万股团宝CEO否认公司倒闭
# 跑路`: the sale read denied; train + dev: 26 texts with a sale told done before another story's 否认, 澄清 or 辟谣, 24
# whose sale occurred, 2 a plan by its 拟 or 计划; stop 70)
_UNSURE_AFTER = re.compile(r"拟|计划|将|欲|恐|或|传|预计|[?？]|否认|澄清|辟谣|驳斥")


def story_alone(window: str, code: str) -> str | None:
    """The status window cut right after a departure, a share deal or a bankruptcy filing it tells as done, when
    another story follows (for a deal or a filing, one with a plan, a guess, a rumour or a denial in it); None when it
    tells none or nothing follows."""
    rx = _TOLD_DONE.get(code)
    m = rx.search(window) if rx is not None else None
    if m is None or m.end() >= len(window) or _UNMARKED_QUESTION_NEXT.match(window, m.end()):
        return None   # (nor a story asked about, `万达电商CEO离职了吗中青宝…`: the question is its own; stop 68)
    if code != "leadership_change" and (_CONDITION_BEFORE.search(window, max(0, m.start() - 8), m.start()) or
                                        not _UNSURE_AFTER.search(window, m.end())):
        return None
    return window[:m.end()]


def later_statements(text: str, start: int, end: int, code: str,
                     apart: int = STATUS_TRIGGER_LEFT) -> list[tuple[int, int]]:
    """[start, end) of each later statement of the code in the clause text[start:end]: from STATUS_LEFT characters
    before each of its finder words that lies more than `apart` characters past the one before it, to the clause's end.
    A run-on headline tells several stories in one clause (`6名股东拟合计减持不超8.96%股份东水食品股东减持45万股`): the
    status window reads the first finder word only, and the second story's sale was read planned."""
    rx = _FINDER_RX.get(code)
    if rx is None:
        return []
    out, last = [], None
    for m in rx.finditer(text, start, end):
        if last is not None and m.start() - last > apart and not _SAME_PERIOD.search(text, last, m.start()):
            out.append((max(start, m.start() - STATUS_LEFT), end))
        last = m.start()
    return out


def after_gap(text: str, start: int, code: str) -> bool:
    """True when text[start:] follows the whitespace that parts a run-on headline's stories or a headline's halves
    (`…万福生科(300268)欲翻身 实控人变更为联想控股`) and the status window's reach before it holds none of the code's
    words: then what precedes it may be another story's, while a half that goes on with the same matter
    (`大股东拟巨量减持 减持比例占总股本30%`) is the same story, its plan included."""
    m = _GAP.search(text, max(0, start - 8), start)
    rx = _FINDER_RX.get(code)
    return m is not None and m.end() == start and rx is not None and \
        not rx.search(text, max(0, m.start() - STATUS_LEFT - STATUS_TRIGGER_LEFT), m.start())


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of the clauses of text[start:end] (cut at commas, colons, brackets, spaces);
    pieces under 4 characters join the next."""
    out, s = [], start
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() - s >= 4:
            out.append((s, m.start()))
            s = m.end()
    if end - s >= 4 or not out:
        out.append((s, end))
    else:
        out[-1] = (out[-1][0], end)
    return out


# a clause that is only a listed company's short name, cut off by its stock code (`佳电股份(000922)股东计划减持…`: the
# clause `佳电股份`, read alone, states an equity change by its 股份 and, read without the plan's word, was the statement
# likeliest to have occurred, so the plan was read as a sale; out of fold, stop 67). A short name is two to four
# Chinese characters, with the exchange's marks (`*ST长油`, `万科A`); a clause with more (`减持天原集团(002386)`) holds
# a statement, and the statement is read in the clauses after the name (cues.STOCK_CODE after it).
_STOCK_CODE_AFTER = re.compile(rf"\s*{STOCK_CODE}")
_SHORT_NAME = re.compile(r"\s*(?:[*＊]?S?[*＊]?ST)?[\u4e00-\u9fff]{2,4}[ABＡＢ]?\s*")


def short_name_only(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a security's short name that its stock code follows (no statement of its own)."""
    return bool(_SHORT_NAME.fullmatch(text, start, end) and _STOCK_CODE_AFTER.match(text, end))


# and a clause that is only the stock code inside its brackets (`…否认因违规交易被立案调查八菱科技(002592)董事减持…`: the
# clause `002592`, whose status window reaches back over the other story's `被立案调查` without the 否认 before it, read
# as an investigation opened; out of fold, stop 70)
_CODE_ONLY = re.compile(rf"\s*{STOCK_DIGITS}\s*")


def stock_code_only(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a stock code in its brackets: no statement of its own."""
    return start > 0 and text[start - 1] in "(（" and bool(_CODE_ONLY.fullmatch(text, start, end))


# whitespace between two pieces of Chinese parts a run-on headline's stories and a headline's halves
# (`…董事长涉嫌行贿被抓 公司股票今天复牌`); between Latin letters or digits it is word spacing
# (`Heather Morgan`, `Doris 1.0`) and parts nothing. 5-fold CV, stop 20: 0.808 -> 0.813
_GAP = re.compile(r"(?<![A-Za-z0-9])\s+(?![A-Za-z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence (whitespace trimmed): cut after 。！？；】, at line breaks and at
    whitespace between Chinese pieces, so the evidence of one story of a run-on headline is that
    story; text with none of these stays one sentence."""
    out = []
    for m in _SENTENCE.finditer(text):
        a, e = m.start(), m.end()
        for gap in [*_GAP.finditer(text, a, e), None]:
            b = gap.start() if gap is not None else e
            s, t = a, b
            while s < t and text[s].isspace():
                s += 1
            while t > s and text[t - 1].isspace():
                t -= 1
            if t - s >= 2:
                out.append((s, t))
            if gap is not None:
                a = gap.end()
    return out


# a word of public opinion inside the name of an office, a platform or a system (`事件处置中心`, `黑猫投诉平台`,
# `舆情监测中心`, `维权援助中心`) names where complaints go, not a complaint (docs/annotation.md): a text whose only
# words of public opinion stand in such names states no public-opinion event (stop 38). Training and development
# gold: 25 texts hold such a name, 4 of them state public opinion, each with other words of it (投诉, 爆雷, 被指).
# And a mailbox or line for complaints (`设立投诉举报信箱，接受公众监督`, `投诉电话：400-…`; stop 48: 4 texts more,
# none state public opinion; 渠道 and 窗口 left out: `开通了那么多投诉渠道和窗口，可是我们受害人…` is an outcry)
# The words between name the office's work, not whom a complaint is against (`多家企业投诉甲平台收取高额服务费` read
# `投诉甲平台` as an office's name and lost its outcry; stop 53)
OFFICE_NAME = re.compile(r"(?:事件|舆情|维权|投诉|应急|突发|信访|危机)"
                         r"(?:举报|服务|受理|管理|信息|监测|处置|援助|调解|预警|监控|处理|联动|响应)?"
                         r"(?:中心|办公室|服务站|工作站|热线|指挥部|领导小组|专班|平台|系统|信箱|邮箱|电话|专线)")
_OPINION = re.compile("|".join(f"(?:{p})" for p in (FINDERS.get("major_public_opinion"),
                                                      RISK_CUES["major_public_opinion"].pattern,
                                                      DEFINING["major_public_opinion"].pattern,
                                                      r"事件|风波|丑闻|争议|负面|网传|爆料|网友|炒作|反映|举报|吐槽|诉求|消费者|投资人|用户") if p))


def opinion_only_in_names(text: str) -> bool:
    """True when the text names an office, platform or system of complaints or incidents and says nothing of
    public opinion outside such names."""
    return bool(OFFICE_NAME.search(text)) and not _OPINION.search(OFFICE_NAME.sub("", text))


# a guess or a suspicion about a matter the head does not read (`涉嫌擅自设立分中心`, `或被列入经营异常名录`)
_GUESS = re.compile(r"涉嫌|疑似|或被|或将|可能|传闻|网传|据传|是否")


def cue_wording(code: str) -> list[re.Pattern[str]]:
    """The wording a code the matter head was not trained on is stated by: its DEFINING phrases and its keywords."""
    return [rx for rx in (DEFINING.get(code), RISK_CUES.get(code)) if rx is not None]


def cue_matter(text: str, code: str) -> dict[str, Any] | None:
    """A matter of a code the matter head was not trained on (too few annotated texts: abnormal operation, IP
    misconduct, unauthorised branches), stated by the code's own wording (`cues.DEFINING`, else its keywords): the
    first sentence holding it as evidence, and the status the guide's rules read there (a denial or a report called
    false, history, a plan or a guess; else occurred). Stated more than once, an occurred statement speaks, as for
    the head. None when no sentence holds the wording, or each that does states none by a rule of the guide
    (`cues.NOT_STATED`: `已移出经营异常名录`)."""
    rxs = cue_wording(code)
    not_stated = NOT_STATED.get(code)
    found = []
    for s, e in sentences(text):
        sentence = text[s:e]   # searched alone: a wording that starts at ^ (cues._none_of) reads this sentence
        if any(rx.search(sentence) for rx in rxs) and not (not_stated and not_stated(sentence)):
            window = status_window(text, s, e, code, STATUS_TRIGGER_LEFT)
            if denied_before(window, code) or denied_around(text, s, e, code):
                status = "denied"   # as the head's statements are (`不存在擅设分支机构、私刻公章等问题`, stop 53)
            elif told_as_history(window, code):
                status = "historical"
            elif _GUESS.search(window):
                status = "speculated"
            elif hedged(window, code):
                status = "planned"
            else:
                status = "occurred"
            found.append({"code": code, "status": status, "start": s, "end": e})
    if not found:
        return None
    speaks = next((m for m in found if m["status"] == STATUSES[0]), found[0])
    return {**speaks, "sentences": [[m["start"], m["end"]] for m in found]}

