"""The risk-type taxonomy every step shares: the 13 codes, their Chinese labels, what each covers,
the statuses of a stated matter, and the finder words of the statutory codes.

This is where a risk type is defined. NLP detects the codes, scoring weighs them (config/scoring.yaml
must name every one), alerts print their labels (`risk_label`) and open duties for the reportable ones
(config/alerts.yaml `duty.major_matters`). Adding a code: add it here, to config/scoring.yaml, to the
annotation guide (docs/annotation.md) and retrain (`ipwatch train --matters-only`).
"""

from __future__ import annotations

# code -> (Chinese name, what it covers); the name is also the label notifications print
RISK_TYPES: dict[str, tuple[str, str]] = {
    "restructuring": ("改制重组", "改制、重组、并购、重组失败"),
    "equity_change": ("股权变更", "股权变更、实控人/股东变更、股权质押、股权冻结"),
    "leadership_change": ("负责人变动", "负责人/法定代表人/高管变动、不能履职"),
    "major_public_opinion": ("重大舆情", "投诉维权、曝光、高管负面、提现困难、资金账户风险"),
    "litigation": ("诉讼仲裁", "起诉、判决、仲裁"),
    "administrative_penalty": ("行政处罚", "行政处罚、罚款、警告、没收违法所得"),
    "dishonest_debtor": ("失信被执行", "失信被执行人、被执行、限制高消费"),
    "abnormal_operation": ("经营异常", "列入经营异常名录"),
    "regulatory_action": ("监管措施", "约谈、责令整改、监管函、信息披露/交易违规、立案调查"),
    "fraud": ("欺诈", "欺诈、非法集资、传销、财务造假、失联跑路"),
    "ip_misconduct": ("知识产权违法违规", "非正常专利申请、无资质专利代理、伪造证书"),
    "unauthorized_branch": ("擅设分支机构", "擅设分平台/分中心/工作站、私刻公章、超范围经营"),
    "bankruptcy_closure": ("破产注销", "破产、注销、歇业停业"),
}
CODES: list[str] = list(RISK_TYPES)

# FinESE (CCKS 2019) event types -> taxonomy code; None = no risk type of ours.
FINESE_MAP: dict[str, str | None] = {
    "实控人股东变更": "equity_change",
    "重组失败": "restructuring",
    "信批违规": "regulatory_action",
    "交易违规": "regulatory_action",
    "涉嫌违法": "regulatory_action",
    "产品违规": "regulatory_action",
    "涉嫌非法集资": "fraud",
    "财务造假": "fraud",
    "涉嫌传销": "fraud",
    "涉嫌欺诈": "fraud",
    "失联跑路": "fraud",
    "不能履职": "leadership_change",
    "高管负面": "major_public_opinion",
    "资金账户风险": "major_public_opinion",
    "资产负面": "major_public_opinion",
    "投诉维权": "major_public_opinion",
    "提现困难": "major_public_opinion",
    "歇业停业": "bankruptcy_closure",
    "评级调整": None,
    "业绩下滑": None,
    "公司股市异常": None,
    "其他": None,
}



def risk_label(code: str | None) -> str:
    """The Chinese label of a code (the code itself when unknown, so nothing prints empty)."""
    return RISK_TYPES[code][0] if code in RISK_TYPES else (code or "")


SENTIMENTS = ["negative", "neutral", "positive"]

# Whether a matter the text states happened (docs/annotation.md); only `occurred` is a present risk.
STATUSES = ("occurred", "planned", "denied", "speculated", "historical")

# The words of each statutory code, broad on purpose: they found the candidate texts of the annotated
# set (nlp/training/annotation.py; a hit is a candidate, not a label) and are features of the matter head.
FINDERS: dict[str, str] = {
    "restructuring": r"重组|改制|并购|收购|吸收合并|借壳|资产置换|合并",
    "equity_change": r"减持|增持|股权转让|质押|冻结|控股股东|实际控制人|实控人|举牌|股权变更|入股|易主|受让|增资|融资",
    "leadership_change": r"辞职|辞去|离任|卸任|聘任|任命|接任|换帅|出任|免职|总经理|董事长|法定代表人|行长|总裁",
    "litigation": r"起诉|诉讼|仲裁|判决|一审|二审|被告|原告|法院|立案|索赔",
    "administrative_penalty": r"罚款|处罚|罚单|没收|吊销|警告",
    "regulatory_action": r"约谈|监管(?:工作)?函|警示函|问询函|关注函|责令|立案调查|通报批评|公开谴责|监管措施|纪律处分|整改",
    "bankruptcy_closure": r"破产|清算|注销|歇业|停业|倒闭|关停|解散",
    "dishonest_debtor": r"失信|被执行人|限制高消费|限制消费|限消令|限高|老赖|强制执行",
    "major_public_opinion": r"维权|曝光|投诉|热搜|舆论|舆情|爆雷|提现困难|质疑|刷屏|声讨",
}

