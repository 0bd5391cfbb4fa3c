"""The codes the matter head was not trained on (abnormal operation, IP misconduct, unauthorised branches: too few
annotated texts), as `analyze` reports them: the document model and the codes' own wording find them
(`cues.DEFINING`, `cues.NOT_STATED`), and `statements.cue_matter` quotes the sentence and reads its status."""

from __future__ import annotations

import pytest

from tests.matters_support import analyzed as _one
from tests.matters_support import analyzer  # noqa: F401 - a fixture
from tests.matters_support import matter_of as _matter
from tests.matters_support import needs_head


@needs_head
def test_the_codes_outside_the_head_quote_their_sentence_and_keep_the_guides_status(analyzer):
    """Abnormal operation, IP misconduct and unauthorised branches (too few annotated texts for the head) were risk
    types with no matter: nothing to quote in an alert. Found by the document model and their wording, they now quote
    the sentence with the wording and carry the status the guide's rules read there (statements.cue_matter); a
    platform's self-inspection that denies a branch is no risk type."""
    text = "经查，某某知识产权服务中心擅自设立分中心，并以平台名义对外开展专利代理业务。"
    res = _one(analyzer, text)
    branch = _matter(res, "unauthorized_branch")
    assert "unauthorized_branch" in res["risk_types"] and branch["status"] == "occurred"
    assert text[branch["span"][0]:branch["span"][1]] == branch["evidence"] and "擅自设立分中心" in branch["evidence"]
    order = _one(analyzer, "某专利代理机构无资质开展专利代理业务，被知识产权局责令整改。")
    assert {"regulatory_action", "ip_misconduct"} <= set(order["risk_types"]), order["risk_types"]
    denied = _one(analyzer, "经自查，本平台不存在擅自设立分中心、分平台或工作站的情况，亦不存在私刻公章的情况。")
    assert "unauthorized_branch" not in denied["risk_types"]
    assert all(m["status"] != "occurred" for m in denied["matters"] if m["code"] == "unauthorized_branch")


_SELF_INSPECTION = [
    ("unauthorized_branch", "甲知识产权运营中心召开年度工作会议。会上通报，有社会机构冒用平台名义设立“工作站”并对外收费。"),
    ("unauthorized_branch", "丙公司私刻丁知识产权运营中心公章，与企业签订服务合同。"),
    ("unauthorized_branch", "戊知识产权运营平台下属公司超出经营范围开展金融业务。"),
    ("ip_misconduct", "癸公司伪造专利证书骗取政府补贴。"),
    # a platform's name used unasked (stop 53)
    ("unauthorized_branch", "经查，丑公司未经授权，擅自以“国家知识产权运营平台某某工作站”名义对外开展业务。"),
    ("unauthorized_branch", "卯公司擅自以运营中心名义收取企业服务费。"),
    ("unauthorized_branch", "巳工作站负责人私自刻制午知识产权运营中心印章，以中心名义与企业签订合同。"),
    # the condition told apart, the name used unasked (stop 54: missed)
    ("unauthorized_branch", "经自查，发现平台运营机构在未经批准的情况下，在某市设立了“分中心”并对外挂牌。"),
    ("unauthorized_branch", "亥公司未经授权使用“国家知识产权运营公共服务平台”名称，在当地设立所谓“工作站”招揽业务。"),
    # a branch named unapproved, a remit the platform granted overstepped (stop 56: missed)
    ("unauthorized_branch", "自查发现，子平台在外省以“分平台”名义设立了3个未经批准的工作站，已全部撤销。"),
    ("unauthorized_branch", "寅工作站超出平台授权范围开展融资担保业务。"),
    # a branch set up against the rules (stop 57: missed), a listing found on a query
    ("unauthorized_branch", "卯知识产权运营中心违规以中心名义在外省设立3家分中心，被主管部门责令撤销。"),
    ("abnormal_operation", "经查询，辰公司因逾期未报送年度报告，已被列入经营异常名录。"),
    # the name told between 私自 and the seal, a remit told as the platform's role, the trade-mark side of abnormal
    # filings (stop 58: missed)
    ("unauthorized_branch", "巳中心被通报私自以平台名义刻制公章并在外地设立分中心。"),
    ("unauthorized_branch", "午运营平台超出功能定位开展融资担保业务，被责令整改。"),
    ("ip_misconduct", "未商标代理公司因恶意申请商标注册，被国家知识产权局通报。"),
    # without leave told first, a branch's sign hung (stop 59: missed)
    ("unauthorized_branch", "申公司未经授权，以“国家知识产权运营平台分中心”名义对外开展业务。"),
    ("unauthorized_branch", "有群众举报，酉机构私自挂出“某国家知识产权运营平台某省分中心”牌子招揽业务。"),
    # where the name was used told between, and its words on a leaflet (stop 60: missed)
    ("unauthorized_branch", "某公司未经授权在宣传材料中使用“国家知识产权运营平台”字样，平台已发函要求其停止使用。"),
    # a branch set up in the platform's name, told unreported after it (stop 61: missed)
    ("unauthorized_branch", "自查发现，戌平台下属公司以平台名义在外省设立了2个工作站，未向主管部门报告。"),
    # a branch's sign added without leave, told 对外加挂 (stop 62: missed)
    ("unauthorized_branch", "经核查，亥工作站未经平台批准擅自对外加挂“某平台华东分中心”牌子。"),
    # a seal the platform says it never allowed, bodies calling themselves its workstations (stop 63: missed)
    ("unauthorized_branch", "有企业反映，某机构持有刻有“某知识产权交易中心”字样的印章，并以此签订合同，该中心表示从未授权刻制。"),
    ("unauthorized_branch", "某地出现多家自称“国家知识产权运营平台工作站”的机构，平台发布声明称上述机构均未获授权。"),
    # trademarks hoarded for others (stop 66: missed)
    ("ip_misconduct", "申商标代理公司为他人恶意囤积商标提供代理服务，被国家知识产权局通报。"),
]
_NONE_FOUND = [
    # a branch set up in the platform's name and filed with the authority (stop 61)
    ("unauthorized_branch", "亥公司以平台名义设立工作站，已报主管部门备案。"),
    ("unauthorized_branch", "乙知识产权运营中心召开年度工作会议。会议强调，严禁任何机构冒用平台名义开展业务。"),
    ("unauthorized_branch", "庚知识产权运营中心开展分支机构清理自查工作，未发现擅设分中心情况。"),
    ("ip_misconduct", "己市知识产权局部署打击非正常专利申请专项行动。"),
    # a rule that defines the misconduct, a training against it (stop 66: the rule read as misconduct)
    ("ip_misconduct", "国家知识产权局发布关于规范申请专利行为的办法，明确非正常专利申请的情形。"),
    ("ip_misconduct", "酉商标代理公司开展打击恶意囤积商标专题培训。"),
    ("abnormal_operation", "辛知识产权服务公司完成整改。该公司已移出经营异常名录。"),
    ("unauthorized_branch", "辰公司员工擅自以公司名义对外提供担保，公司已报警。"),
    # a later member of a list a denial governs (stop 53: read occurred)
    ("unauthorized_branch", "自查结果显示，申知识产权运营平台不存在擅设分支机构、私刻公章和超范围经营等问题。"),
    # a rule, a check that found none and a norm of what will follow (stop 54)
    ("unauthorized_branch", "未经批准，不得设立分平台、分中心或工作站。"),
    ("unauthorized_branch", "经自查，未发现在未经批准的情况下设立分中心的情况。"),
    ("unauthorized_branch", "对未经授权使用平台名称的，平台将依法追究其法律责任。"),
    # (stop 56) a warning against an unapproved branch, a check that found none, work within the remit
    ("unauthorized_branch", "严禁设立未经批准的工作站。"),
    ("unauthorized_branch", "经自查，未发现未经批准的分中心。"),
    ("unauthorized_branch", "寅工作站在平台授权范围内开展专利导航服务。"),
    # (stop 57) where the list is looked up, a rule's consequence for whoever fails to file, a warning
    ("abnormal_operation", "企业可通过国家企业信用信息公示系统查询经营异常名录信息。"),
    ("abnormal_operation", "市场监管部门提醒企业于6月30日前报送年度报告，逾期未报送的将被列入经营异常名录。"),
    ("unauthorized_branch", "通知要求，严禁违规设立分平台、分中心、工作站。"),
    # (stop 58) a campaign and a check that found none of the trade-mark filings, a register's name between 移出 and
    # the list, a remit's problem talked about
    ("ip_misconduct", "国家知识产权局严厉打击恶意抢注商标行为。"),
    ("ip_misconduct", "经核查，未发现代理机构存在恶意商标注册情形。"),
    ("abnormal_operation", "酉代理公司已被移出专利代理机构经营异常名录。"),
    # (stop 59) a statement that the platform set up no branch, a rule against using its name
    ("unauthorized_branch", "戌中心郑重声明：本中心从未在任何地区设立分中心或工作站，凡以本中心分支机构名义开展的活动均与本中心无关。"),
    ("unauthorized_branch", "未经授权，任何机构不得以平台分中心名义开展业务。"),
    # (stop 60) a rule against using its words
    ("unauthorized_branch", "未经授权，任何单位不得在宣传材料中使用“国家知识产权运营平台”字样。"),
    # (stop 63) a rule for whoever engraves a seal without leave, a seal the platform allowed
    ("unauthorized_branch", "平台提醒：凡未经授权刻制平台印章的，平台将依法追究责任。"),
    ("unauthorized_branch", "该中心已授权刻制合同专用章一枚，用于对外签订合同。"),
]


@needs_head
@pytest.mark.parametrize("code,text", _SELF_INSPECTION)
def test_the_self_inspections_matters_in_their_own_words_are_risk_types(analyzer, code, text):
    """The notice's self-inspection asks for seals and names misused, branches set up without approval and business
    beyond the remit; the IP rules for abnormal applications and forged certificates. Told so, each was missed (the
    corpora hold almost none, so the document model scored them under the bar; a keyword alone did not lift them)."""
    res = _one(analyzer, text)
    assert code in res["risk_types"], res["risk_types"]
    assert _matter(res, code)["status"] == "occurred"


@needs_head
@pytest.mark.parametrize("code,text", _NONE_FOUND)
def test_a_rule_a_campaign_a_clean_check_or_a_listing_ended_is_no_such_risk(analyzer, code, text):
    """A rule or a campaign against the matter, a self-inspection that found none and a firm taken off the abnormal
    list state no one doing it; the last two were reported as occurred."""
    assert code not in _one(analyzer, text)["risk_types"]
