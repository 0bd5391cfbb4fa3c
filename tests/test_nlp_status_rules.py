"""The status rules of docs/annotation.md that the matter head reads at scoring (`nlp/statements.py`): a
matter denied, told as history, or that may yet fail opens no duty, and the words that look like a hedge or a
suspicion but are not one do not hide a matter that happened; and the guide's wording that the corpora hardly
write (限制消费令, frozen shares) is read as the guide says. Read through `MatterHead.detect`, which
`analyze` reports from (tests/test_nlp_matters.py checks the rest through `analyze`). A long module: one test
per status rule, each beside the twin that must keep its reading, kept together as statements.py keeps the rules."""

from __future__ import annotations

import pytest

from tests.matters_support import _one, _present, head, needs_head  # noqa: F401 - head is a fixture


def _matter(found: list[dict], code: str) -> dict | None:
    return next((m for m in found if m["code"] == code), None)


def _denied(found: list[dict], code: str) -> bool:
    """No duty for the code: not present, and reported (if at all) as denied."""
    m = _matter(found, code)
    return code not in _present(found) and (m is None or m["status"] == "denied")


@needs_head
@pytest.mark.parametrize("text", ["双汇发展(000895)重组恐流产", "某某股份重组或再遭搁浅"])
def test_a_deal_that_may_fail_is_no_present_matter(head, text):
    """恐流产, 或再遭搁浅: the deal may fail, so it is still a plan (statements.deal_may_fail); 股东大会否决 is a
    rejection that happened, not a hedge (会 ends the body's name)."""
    res = _one(head, text)
    assert "restructuring" not in _present(res), res
    rejected = _one(head, "某某股份重大资产重组方案遭股东大会否决")
    assert "restructuring" in _present(rejected), rejected
    failed = _one(head, "某某达股份(600577)60亿重组梦碎")   # the deal's failure, told as news, occurred
    assert "restructuring" in _present(failed), failed


@needs_head
@pytest.mark.parametrize("text,code", [("网传某某银行破产，该行表示消息纯属谣言。", "bankruptcy_closure"),
                                       ("某某集团回应称“董事长失联”纯属谣言，公司经营一切正常。", "leadership_change"),
                                       ("某某股份澄清董事长跑路传言", "leadership_change"),
                                       ("某某银行澄清：网传该行行长被带走调查一事不实。", "regulatory_action")])
def test_a_report_the_text_calls_false_is_denied(head, text, code):
    """纯属谣言 after the clause, 澄清…传言 around it (statements.denied_report): no duty on a denied rumour."""
    res = _one(head, text)
    assert _denied(res, code), res
    news = _one(head, "某某股份澄清董事长跑路传言 某某科技(300001)董事长张某辞职")
    assert "leadership_change" in _present(news), news


@needs_head
@pytest.mark.parametrize("text,code", [("网传某某公司董事长被带走调查，公司回应称正在核实。", "leadership_change"),
                                       ("网传某某公司董事长被带走调查，公司回应称正在核实。", "regulatory_action"),
                                       ("据传某某银行行长已辞职。", "leadership_change"),
                                       ("据传，某某律师事务所已被司法局吊销执业许可证，记者尚未证实。", "administrative_penalty"),
                                       ("某某公司是否涉嫌违法被立案调查？", "regulatory_action"),
                                       # an investor's question and rumours still doubted (read as confirmed by their
                                       # 属实 / 证实 before stop 55)
                                       ("投资者：董秘你好，网传公司董事长被带走调查，是否属实？", "leadership_change"),
                                       ("网传某知识产权运营中心主任被带走调查，该消息未经证实。", "leadership_change"),
                                       ("网传某知识产权运营中心主任失联，如属实，将对中心运营造成影响。", "leadership_change")])
def test_a_matter_told_as_hearsay_or_asked_is_speculated(head, text, code):
    """网传 / 据传 before the statement, or 是否 … ？ around it (statements.hearsay_or_question): a rumour the company
    only replies to is speculated (docs/annotation.md), no duty, though 被带走调查 and 被立案调查 read as news alone;
    once the text confirms it, or when the hearsay belongs to a run-on headline's next story, it is news again."""
    res = _one(head, text)
    m = _matter(res, code)
    assert code not in _present(res) and m is not None and m["status"] == "speculated", res
    confirmed = _one(head, "网传某某公司董事长被带走调查，公司随后证实此事。")
    assert {"leadership_change", "regulatory_action"} <= _present(confirmed), confirmed
    run_on = _one(head, "某某科技(300001)董事长辞职网传某某公司被立案调查")
    assert "leadership_change" in _present(run_on), run_on
    why = _one(head, "为何某某公司被罚款50万元？")   # a question about a fine that happened
    assert "administrative_penalty" in _present(why), why


@needs_head
@pytest.mark.parametrize("text,code", [("某某集团否认董事长辞职", "leadership_change"),
                                       ("某某地产否认申请破产", "bankruptcy_closure"),
                                       ("某某股份否认被立案调查", "regulatory_action"),
                                       ("某某股份并未被证监会立案调查", "regulatory_action"),
                                       ("某某公司称，公司与某某银行之间不存在任何诉讼纠纷。", "litigation"),
                                       ("某某公司表示，公司从未受到过任何行政处罚。", "administrative_penalty")])
def test_a_matter_denied_right_before_its_words_opens_no_duty(head, text, code):
    """否认 before the code's own words denies it (statements.denied_before), however sure the document part is
    that the headline is about a resignation; the investigation a suspicion led to did happen
    (statements.investigation_opened)."""
    res = _one(head, text)
    assert _denied(res, code), res
    opened = _one(head, "某某纸业(600000)涉嫌信披违规遭证监会立案调查")
    assert _matter(opened, "regulatory_action")["status"] == "occurred", opened
    pending = _one(head, "某某公司涉及多起未决诉讼")   # 未决 is no negation
    assert "litigation" in _present(pending), pending


@needs_head
def test_a_penalty_told_as_history_opens_no_duty(head):
    """曾因…被罚款 is background (statements.told_as_history), even where the publication date does not show it;
    a director named 曾 is no history."""
    res = _one(head, "某某公司曾因违规排污被环保部门罚款10万元。")
    m = _matter(res, "administrative_penalty")
    assert m is not None and m["status"] == "historical", res
    assert "administrative_penalty" not in _present(res)
    named = _one(head, "某某科技副总经理曾庆辞职")
    assert "leadership_change" in _present(named), named


@needs_head
def test_a_title_serving_as_usual_is_no_change_of_the_person_in_charge(head):
    """履职 is a change only when the person cannot serve or someone serves in their stead (nlp/cues.REQUIRED);
    the 任 of 主任 appoints no one."""
    usual = _one(head, "某某集团回应：董事长仍在正常履职，并未失联。")
    assert "leadership_change" not in _present(usual), usual
    named = _one(head, "记者致电某某集团资产财务部主任、某某产业中心董事长陈某。")
    assert "leadership_change" not in _present(named), named
    stead = _one(head, "某某公司董事长因病不能履职，由副董事长代为履行董事长职责。")
    assert "leadership_change" in _present(stead), stead


@needs_head
@pytest.mark.parametrize("text", ["网传某某平台老板跑路，官方回应称消息纯属谣言。", "某某理财平台否认跑路，称兑付正常。"])
def test_a_denied_flight_is_no_fraud(head, text):
    """The denial rules read fraud's own words too (跑路, 失联, 非法集资), though the hedge rule does not
    (`或成欺诈发行退市第一股`: the fraud happened)."""
    found = _one(head, text)
    assert "fraud" not in _present(found), found
    fled = _one(head, "某某平台实控人跑路，警方已立案侦查。")
    assert "fraud" in _present(fled), fled


@needs_head
@pytest.mark.parametrize("text,code", [("美的集团完成对库卡的收购。", "restructuring"),
                                       ("吉利完成对沃尔沃的收购。", "restructuring"),
                                       ("某某股份控股股东股权转让已完成过户登记。", "equity_change")])
def test_a_completed_deal_is_a_present_matter(head, text, code):
    """完成对…的收购 is a deal done (statements.deal_completed), whichever parties the n-grams have seen told as
    a plan; `收购完成后` (once it is done) and `尚未完成` are not."""
    assert code in _present(_one(head, text)), _one(head, text)
    for pending in ("收购完成后，美的集团将持有库卡94.55%股权。", "某某股份重组工作尚未完成。"):
        assert "restructuring" not in _present(_one(head, pending)), _one(head, pending)


@needs_head
@pytest.mark.parametrize("text", ["苏宁易购被法院限制消费。", "法院对宝能集团发出限制消费令。"])
def test_a_restriction_of_consumption_is_a_dishonest_debtor(head, text):
    """The guide's 限制高消费 in its other court wordings (nlp/cues.DEFINING), which the corpora never write; a
    denial still opens no duty."""
    assert "dishonest_debtor" in _present(_one(head, text)), _one(head, text)
    assert _denied(_one(head, "苏宁易购否认被限制消费。"), "dishonest_debtor")


@needs_head
def test_shares_a_court_freezes_are_an_equity_change(head):
    """Frozen shares stay an equity change beside the litigation (docs/annotation.md, nlp/cues.DEFINING); a company
    whose name ends in 股份 having its accounts frozen changes no equity."""
    frozen = _present(_one(head, "乐视网控股股东贾跃亭所持股份被司法冻结。"))
    assert "equity_change" in frozen, frozen
    accounts = _present(_one(head, "某某股份银行账户被冻结。"))
    assert "equity_change" not in accounts, accounts


@needs_head
@pytest.mark.parametrize("text", ["*ST华远(000999)信披违规 公司被处40万罚单", "某某股份实际控制人违规减持被罚1510万元"])
def test_a_penalty_and_the_violation_it_punishes_are_one_matter(head, text):
    """The guide: a penalty and its violation are one matter, `administrative_penalty`; without the rule the head
    reads the violation (信披违规, 违规减持) as a second, `regulatory_action`, and an officer would file it twice."""
    res = _one(head, text)
    assert "administrative_penalty" in _present(res), res
    assert "regulatory_action" not in _present(res), res


@needs_head
@pytest.mark.parametrize("text", ["华光股份信披违规遭处罚 深交所发出监管函", "华光股份信披违规被证监局出具警示函并罚款20万元"])
def test_a_measure_short_of_a_penalty_beside_it_stays_a_regulatory_action(head, text):
    """A warning letter or an exchange's letter is a measure of its own (docs/annotation.md): both codes stay."""
    assert {"administrative_penalty", "regulatory_action"} <= _present(_one(head, text))


@needs_head
def test_a_violation_of_another_story_stays_a_regulatory_action(head):
    """A run-on headline's violation that no penalty follows is another story (statements.VIOLATION): the
    guide marks it a regulatory action of its own beside the other story's penalty."""
    res = _one(head, "某某药业(002118)信披违规 律师联合征集股民维权某某连锁(002697)重要股东、高管因违法减持被罚600万")
    assert {"administrative_penalty", "regulatory_action"} <= _present(res), res


@needs_head
def test_an_exchanges_work_letter_is_a_regulatory_action(head):
    """监管工作函 is an exchange's letter like 监管函 (docs/annotation.md); no annotated text holds the word, so the
    finder words name it (`ipwatch.taxonomy.FINDERS`): without them the deal the letter asks about outweighs it."""
    res = _one(head, "上交所向某某股份下发监管工作函，要求公司就重大资产重组事项作出说明。")
    assert "regulatory_action" in _present(res), res


@needs_head
def test_an_arrest_is_a_change_of_the_person_in_charge_only_when_it_says_whose(head):
    """Suspects detained in a fraud case (对…等人采取刑事强制措施) are not said to be in charge of anything: the fraud is
    the matter, not a change of its management (nlp/cues.befalls_no_one_in_charge); a detained chairman is one."""
    police = _one(head, "6月21日，上海市公安局松江分局对高额返利平台联璧金融非法集资案已立案，张某等15名犯罪嫌疑人已被依法"
                        "采取刑事强制措施，目前该案件正在侦查过程中")
    assert "fraud" in _present(police), police
    assert "leadership_change" not in _present(police), police
    chairman = _one(head, "某某公司董事长王某因涉嫌职务侵占被刑事拘留。")
    assert "leadership_change" in _present(chairman), chairman


@needs_head
def test_a_case_handed_to_prosecutors_is_no_lawsuit_yet(head):
    """Criminal prosecution is litigation once a court is involved (docs/annotation.md); a case the police hand to
    prosecutors is the fraud it is about (nlp/cues.before_any_court), and an indictment before a court is litigation."""
    police = _one(head, "某某网实控人张某涉嫌集资诈骗罪被移送起诉！")
    assert "fraud" in _present(police), police
    assert "litigation" not in _present(police), police
    court = _one(head, "某某检察院以某检刑诉（2017）17号起诉书指控被告人周某犯非法吸收公众存款罪，于2017年1月11日向本院提起公诉")
    assert "litigation" in _present(court), court


@needs_head
def test_a_delisting_measure_decided_by_the_exchange_is_a_regulatory_action(head):
    """An exchange suspending or ending a listing is a regulatory action (docs/annotation.md); a run-on headline's
    `5月19日起暂停上市` was missed, having no other word of the code (nlp/cues.DEFINING). A risk of it is no measure."""
    res = _one(head, "某某科技(600999)5月19日起暂停上市")
    assert "regulatory_action" in _present(res), res
    risk = _one(head, "*ST某某(000999)面临暂停上市")
    assert "regulatory_action" not in _present(risk), risk


@needs_head
def test_a_criminal_sentence_is_litigation(head):
    """A court's criminal sentence is litigation (docs/annotation.md), however much the crimes' words say fraud: the
    list of sentences below was read as fraud alone (nlp/cues.DEFINING)."""
    res = _one(head, "其中，对某某国际控股集团有限公司以集资诈骗罪、走私贵重金属罪判处罚金人民币18.03亿元；对丁某以集资诈骗罪、"
                     "走私贵重金属罪、非法持有枪支罪、偷越国边境罪判处无期徒刑，罚金人民币1亿元；")
    assert "litigation" in _present(res), res


@needs_head
def test_a_bankruptcy_courts_ruling_is_no_lawsuit(head):
    """A court ruling a company into bankruptcy is the bankruptcy (docs/annotation.md), not a lawsuit, unless the
    sentence names a dispute (nlp/cues.not_a_lawsuit)."""
    res = _one(head, "SST某某(600728)　法院裁定进入破产程序")
    assert "bankruptcy_closure" in _present(res), res
    assert "litigation" not in _present(res), res
    dispute = _one(head, "二审判决显示，某某公司起诉某某科技合同纠纷一案败诉，法院同时裁定受理其破产清算申请。")
    assert "litigation" in _present(dispute), dispute


@needs_head
def test_questioning_the_news_reports_is_public_opinion(head):
    """Questioning reported of a named organisation (惹疑, 遭质疑, 被指) is public opinion (docs/annotation.md), also
    when a run-on headline puts it after another story (nlp/cues.DEFINING)."""
    res = _one(head, "财通证券:股东拟减持不超4.6%股份某某股份(002375)实际控制人中报前套现过亿惹疑")
    assert "major_public_opinion" in _present(res), res


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某某雅芳行贿门：已开除3名涉嫌行贿中国区高管", "major_public_opinion"),
    ("某某股份业绩连年下滑惹众怒", "major_public_opinion"),
    ("某某股份(600136)重组失败引猜疑 贵州国资整合民爆业或是主因某某生物(300406)股东计划减持不超240万股", "major_public_opinion"),
    ("一纸大股东即将遭“解散”的公告,将北京某某科技股份有限公司推上了风口浪尖。", "major_public_opinion"),
    ("公告精选:某某制药董事长被监视居住 S某谷股改实施完毕27日复牌某某信测(600485)内斗埋隐患 某某资本违规举牌撼动控股权",
     "major_public_opinion"),
    ("某某集团股权争夺战某某汇冒进:10亿收购资金不明遭问询 净利降17%", "regulatory_action"),
    ("【某某多收到退市警告】某某多公司今日宣布，已收到纳斯达克股票市场有限责任公司上市资格部工作人员于2022年1月4日发出的书面通知",
     "regulatory_action"),
    ("某某药业(600750):某某品牌产品再登黑榜", "regulatory_action"),
    ("某某股份(000033)完成重整 长城汇理将晋级第一大股东某某线缆(300265)实际控制人辞去董事长职务某某葵(300111)实际控制人通过"
     "大宗交易减持5%股份", "bankruptcy_closure"),
    ("某某气象:涉嫌非法集资86亿，9人被公诉", "litigation"),
    ("某某光伏(600401)四高管内幕期减持避损 任某某遭市场禁入10年某某塑料(000665)重组延期一年反馈材料仍未报送", "administrative_penalty"),
    ("涉嫌披露违规和决议造假 某某制药(000545)受深交所公开谴责某某家化(600315)及原高管“信披违规”遭罚", "administrative_penalty"),
    ("兴业证券:半年报净利下滑48% 未对ST某生质押股份计提减值准备某某达(002356)并购再次遭否 标的企业涉嫌造假", "restructuring"),
], ids=["scandal-named", "public-anger", "suspicion", "spreading", "strife", "exchange-inquiry", "delisting-warning",
        "quality-blacklist", "reorganisation", "indictment", "market-ban", "penalty-unnamed-authority", "deal-turned-down"])
def test_a_run_on_headlines_own_verb_states_its_code(head, text, code):
    """Run-on headlines tell a matter with a short verb of their own that the guide's wording covers (docs/annotation.md:
    惹众怒, 造假门, 持续发酵, 内斗; 遭问询, 退市警告, 登黑榜; 实施重整; 被公诉; 遭罚, 遭市场禁入; 并购遭否). Their n-grams are
    spread over all the stories of the sentence, so the verb is read as the code's own wording (nlp/cues.DEFINING): the
    head missed each of these cases before its rule."""
    res = _one(head, text)
    assert code in _present(res), res


@needs_head
@pytest.mark.parametrize("text,code", [("市场监管部门事件处置中心今日揭牌", "major_public_opinion"),
                                       ("某某股份将因虚假陈述受罚", "administrative_penalty")],
                         ids=["an-office-is-no-scandal", "a-penalty-to-come"])
def test_the_headline_wording_does_not_reach_past_its_reading(head, text, code):
    """An office's name (部门事件) is no scandal, and a penalty still to come (将因…受罚) is not present: the headline
    wordings above are bounded where the guide's reading ends."""
    res = _one(head, text)
    assert code not in _present(res), res


@needs_head
def test_a_reorganisation_planned_or_denied_opens_no_duty(head):
    """重整 is bankruptcy's word for the status rules too (statements._MORE_WORDS): a reorganisation the company plans
    (拟申请重整) is a plan and one it denies (否认申请重整) is denied; neither opens the one-week duty."""
    planned = _one(head, "某某集团拟申请重整")
    assert _matter(planned, "bankruptcy_closure") is not None, planned
    assert "bankruptcy_closure" not in _present(planned), planned
    assert _denied(_one(head, "某某公司否认申请重整"), "bankruptcy_closure")


@needs_head
def test_a_denied_trading_violation_is_no_regulatory_action(head):
    """A trading violation stated as fact is a regulatory action (docs/annotation.md: 违规减持); one the company denies
    (否认违规减持) is not present: the status rules read the violation as the code's words (nlp/cues.TRADING_VIOLATION)."""
    stated = _one(head, "某某实业(600234)股东违规增持 超比例未披露")
    assert "regulatory_action" in _present(stated), stated
    denied = _one(head, "某某股份否认违规减持")
    assert "regulatory_action" not in _present(denied), denied


@pytest.mark.parametrize("code,text,states", [
    ("leadership_change", "某某医药(002666)董事长逝世 享年62岁", True),
    ("leadership_change", "某某钒业(835008)监事会主席失联系配合调查", True),
    ("leadership_change", "某某银行原行长狱中去世 其子发条朋友圈", False),
    ("litigation", "某某药业(600211)1.2亿资金遭冻结 两高层辞职", True),
    ("litigation", "涉案嫌疑人被采取强制措施，账户、资金均被冻结", False),
    ("litigation", "为何我的账户莫名被冻结出金", False),
], ids=["office-holder-died", "office-holder-missing", "former-office-holder", "assets-frozen", "police-freeze",
        "a-users-account"])
def test_the_guides_wording_that_fitted_heads_already_know(code, text, states):
    """Wordings the guide reads as the code (docs/annotation.md: "an arrest, flight, death … of the person in charge
    counts"; freezing assets as preservation in a dispute is litigation) are the code's own wording (nlp/cues.DEFINING):
    heads fitted on less data miss them among other stories. The shipped head was fitted on these very headlines, so
    the wording is read here: a former office-holder is history, and a freeze by the police or of a user's own account
    is no lawsuit."""
    from nlp.cues import DEFINING

    assert bool(DEFINING[code].search(text)) is states


@needs_head
def test_a_sell_rating_is_no_sale_of_shares(head):
    """减持 as an analyst's rating sells no shares (docs/annotation.md, nlp/cues.a_rating_only); a holder's sale beside
    it in a run-on headline still is one."""
    rating = _one(head, "某某证券维持某某银行“减持”评级")
    assert "equity_change" not in _present(rating), rating
    both = _one(head, "汇丰将内地A股评级从减持上调至中性某某科技(300999)股东减持公司4%股份")
    assert "equity_change" in _present(both), both


@needs_head
def test_shares_sold_for_a_sum_were_sold(head):
    """A sale told with the money it raised (获利将近10亿元, 套现2.6亿元) happened (statements.gain_realised), whatever the
    seller's name reads like; a sale hoped for (欲减持套现) stays a plan."""
    res = _one(head, "粗略估算一下,某某投资2013年至今减持某某能源获利将近10亿元,为其初始投资的20余倍。")
    assert "equity_change" in _present(res), res
    hoped = _one(head, "某某山月跌35%:董事长欲减持套现")
    assert "equity_change" not in _present(hoped), hoped


@needs_head
@pytest.mark.parametrize("text,status", [("某公司将因违规排污被罚款", "planned"),
                                         ("某某科技否认因虚假陈述遭罚", "denied"),
                                         ("该公司曾因排放污水超标被罚", "historical")],
                         ids=["a-penalty-to-come-for-a-cause", "a-penalty-denied", "a-penalty-long-ago"])
def test_a_penalty_told_by_its_short_verb_keeps_the_guides_status(head, text, status):
    """受罚 / 被罚 / 遭罚 are a penalty's own words for the status rules, and a cause may stand between 将 and
    them (将因…被罚款): a penalty to come, denied or long past opens no duty; one imposed does."""
    res = _one(head, text)
    m = _matter(res, "administrative_penalty")
    assert m is not None and m["status"] == status, res
    imposed = _one(head, "某公司因违规排污被罚款50万元")
    assert "administrative_penalty" in _present(imposed), imposed


def test_a_word_of_public_opinion_in_an_offices_name_is_no_public_opinion():
    """An office, platform or system named for complaints or incidents (事件处置中心, 投诉平台, 维权援助中心) is where
    complaints go, not a complaint; a text that speaks of complaints beside the name still may state one."""
    from nlp.statements import opinion_only_in_names
    assert opinion_only_in_names("市场监管部门事件处置中心今日揭牌")
    assert opinion_only_in_names("某市知识产权维权援助中心今日揭牌")
    assert opinion_only_in_names("丁交易中心设立投诉举报信箱，接受公众监督")
    assert not opinion_only_in_names("现在政府开通了那么多投诉渠道和窗口，可是我们受害人被引导前投来投去")
    assert not opinion_only_in_names("消费者向黑猫投诉平台反映某某理财逾期未兑付")
    assert not opinion_only_in_names("某某平台爆雷，投资人在黑猫投诉平台维权")
    assert not opinion_only_in_names("某某公司遭消费者集体投诉")   # no name at all: the head decides


@needs_head
@pytest.mark.parametrize("text,code", [("某某评估机构曾于2018年被中国资产评估协会通报批评。", "regulatory_action"),
                                       ("某某知识产权服务公司否认被法院列为失信被执行人，称已履行全部判决义务。", "dishonest_debtor"),
                                       ("某某知识产权运营公司拟申请破产清算，尚需股东会审议。", "bankruptcy_closure")])
def test_history_a_denial_or_a_plan_before_a_long_name_or_a_later_clause_opens_no_duty(head, text, code):
    """A past word that opens the clause tells history though a long name stands before the code's word
    (statements.history_opens_clause), a denied listing stays denied though the next clause follows it
    (statements.stated_in_legal_words reads its own clause), and 拟申请破产清算 is a plan (破产清算 is one word for the
    hedge rule): each opened a duty before."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert "regulatory_action" in _present(_one(head, "某某评估机构被中国资产评估协会通报批评。"))


@needs_head
@pytest.mark.parametrize("text,code", [("某某银行董事长变更为李某的议案尚需股东大会审议。", "leadership_change"),
                                       ("某某公司收购某某专利代理公司100%股权事项尚需监管部门批准。", "restructuring"),
                                       ("丁知识产权交易中心改制方案已报市国资委审批", "restructuring"),
                                       ("丙知识产权交易中心拟聘任王某为总经理，尚需董事会审议", "leadership_change"),
                                       ("戊银行董事会同意聘任李某为行长，其任职资格尚需监管部门核准", "leadership_change")])
def test_a_change_still_awaiting_approval_is_planned(head, text, code):
    """尚需…审议 / 批准 or 已报…审批 after the code's word, 拟聘任 before the office (statements.hedged), or an
    appointee's qualification awaiting the regulator in the next clause (statements.approval_pending): a motion,
    restructuring or appointment awaiting approval is planned, no duty yet (each was read occurred); one already
    approved and done is not held back."""
    res = _one(head, text)
    m = _matter(res, code)
    assert code not in _present(res) and m is not None and m["status"] == "planned", res
    assert "restructuring" in _present(_one(head, "某某公司已完成收购，相关事项已获股东大会审议通过。"))
    approved = _one(head, "乙公司董事会审议通过《关于拟聘任公司总经理的议案》，同意聘任李某为公司总经理")
    assert "leadership_change" in _present(approved), approved
    qualified = _one(head, "己银行董事会同意聘任李某为行长，其任职资格已获监管部门核准")
    assert "leadership_change" in _present(qualified), qualified


@needs_head
def test_a_run_on_headlines_later_story_keeps_its_own_status(head):
    """A run-on headline tells a plan and a sale in one clause (`…股东拟减持不超3%股份乙药业股东周某减持120万股`): the
    status read the first story's 拟 for both, and the sale was missed (statements.later_statements reads each later
    statement from its own words). A plan's own cap later in its clause (`拟自…之后的6个月内累计减持`) stays a plan."""
    assert "equity_change" in _present(_one(head, "甲股份：股东拟减持不超3%股份乙药业股东周某减持120万股"))
    plan = "某某股份公告，股东某某投资拟自本公告披露之日起15个交易日后的6个月内累计减持公司股份不超过500万股。"
    assert "equity_change" not in _present(_one(head, plan))


@needs_head
@pytest.mark.parametrize("text", ["甲科技(300123)或将扭亏 控股股东减持1000万股", "甲股份拟定增募资10亿 实控人变更为某市国资委"])
def test_a_headline_half_after_another_storys_hedge_keeps_its_own_status(head, text):
    """A headline's half after the gap is read on its own too when the half before holds none of the code's words
    (statements.after_gap): `或将扭亏` and `拟定增` are the other story's, and the sale and the change of controller were
    read planned. A half that goes on with the same matter (`大股东拟巨量减持 减持比例占总股本30%`) stays the plan."""
    assert "equity_change" in _present(_one(head, text))
    assert "equity_change" not in _present(_one(head, "某某地产(000517)大股东拟巨量减持 减持比例占总股本30%"))


@needs_head
def test_what_a_deal_will_bring_once_done_is_a_plan(head):
    """`…实施收购后，有望…` tells what a deal will bring, so the deal is still to come (docs/annotation.md: a consequence
    still to come is `planned`; statements.consequence_to_come); it was read occurred. A deal told done before its
    consequence stays done."""
    res = _one(head, "上海医药对其实施收购后，有望在分销业务上排名第一，将直接威胁竞争对手的地位。")
    assert "restructuring" not in _present(res), res
    done = _one(head, "甲集团已完成对乙科技100%股权的收购，收购完成后，乙科技成为甲集团的全资子公司。")
    assert "restructuring" in _present(done), done


@needs_head
@pytest.mark.parametrize("text", ["甲重工(600111)若重整失败将被宣告破产", "丙公司重整计划若未获通过将被宣告破产", "戊科技将被申请破产"])
def test_a_measure_that_will_be_declared_is_a_plan(head, text):
    """`将被宣告破产`, `将被申请破产`: the hedge rule read only one word between 将 and the matter (将被, 将申请), so 将 + 被
    + a verb read as a bankruptcy that occurred (statements.hedged). One that was declared is one."""
    assert "bankruptcy_closure" not in _present(_one(head, text))
    assert "bankruptcy_closure" in _present(_one(head, "甲重工(600111)被法院宣告破产"))


@needs_head
@pytest.mark.parametrize("text,code", [("某理财平台不能提现了，听说负责人跑路了", "leadership_change"),
                                       ("据说辛金融董事长被带走了", "leadership_change")])
def test_what_a_post_has_only_heard_is_hearsay(head, text, code):
    """听说, 据说, 说是 tell hearsay like 网传 (docs/annotation.md: speculated unless the text confirms it;
    statements.hearsay_or_question): both were read as a departure that occurred. Told as fact, or asked with
    听说了吗 before the news itself, it stays one."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert code in _present(_one(head, "某理财平台不能提现了，老总已失联"))


@needs_head
@pytest.mark.parametrize("text,code", [("据传丙银行(601999)董事长已被有关部门带走调查", "leadership_change"),
                                       ("据传丙银行(601999)董事长已被有关部门带走调查", "regulatory_action"),
                                       ("有消息称己药业(002999)董事长被带走", "leadership_change"),
                                       ("庚游戏(300052)遭同行恶意攻击网传辛证券(000750)总裁被警方带走", "leadership_change")])
def test_hearsay_reaches_across_a_listed_companys_stock_code(head, text, code):
    """A listed company is named with its stock code, and the code cut the hearsay off from the matter (the reach stops
    at digits and brackets so that a run-on headline's next story stays news): each was read as a change of the person
    in charge, or a regulator's action, that occurred, a duty opened on a rumour. The code counts as part of the name
    only when nothing else stands between it and the hearsay; told as fact, or as the next story, it is news."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert code in _present(_one(head, "丙银行(601999)董事长已被有关部门带走调查"))
    run_on = _one(head, "网传甲科技董事长被带走乙科技(300203)董事长辞职")
    assert "leadership_change" in _present(run_on), run_on


@needs_head
@pytest.mark.parametrize("text", ["甲科技股东要求董事长辞职", "投资者呼吁乙银行行长引咎辞职", "戊科技董事长被要求辞职",
                                  "丙航空工会再次要求丙航空CEO辞职", "己集团董事长应引咎辞职"])
def test_a_departure_others_demand_has_not_happened(head, text):
    """要求 / 呼吁 / 敦促 … 辞职, 应引咎辞职: shareholders, investors or a union asking someone in charge to go, or saying
    they should, is a possibility, not a departure (statements.departure_demanded; development gold: speculated); each
    was read as one that occurred, opening a week's duty. One made at someone's request, or after a demand that belongs
    to another story, happened."""
    res = _one(head, text)
    assert "leadership_change" not in _present(res), res
    for twin in ["甲科技独董王某因工作要求辞职", "丁集团董事长应股东要求辞职", "丁科技通过罢免董秘议案戊党要求己台会长辞职",
                 "乙科技(002999)高管回应集体辞职:因宝能步步相逼丙科技副总经理林某辞职"]:
        assert "leadership_change" in _present(_one(head, twin)), twin


@needs_head
@pytest.mark.parametrize("text,code", [("甲律师事务所近三年无行政处罚记录", "administrative_penalty"),
                                       ("经查询，丙担保公司不是失信被执行人", "dishonest_debtor"),
                                       ("截至本公告日，公司无应披露的重大诉讼事项", "litigation"),
                                       ("本所及经办律师未受到监管部门的行政监管措施", "regulatory_action"),
                                       ("报告期内，本所及负责人未受到司法行政机关行政处罚、通报批评或行业协会公开谴责",
                                        "regulatory_action"),
                                       ("本所律师认为，丁担保公司不存在尚未了结的重大诉讼、仲裁及行政处罚案件", "litigation"),
                                       ("截至本报告披露日，戊评估公司不存在被列为失信被执行人的情形", "dishonest_debtor"),
                                       ("甲专利代理公司信用报告。行政处罚信息：暂无。", "administrative_penalty"),
                                       ("乙担保公司信用报告。失信被执行人：无", "dishonest_debtor"),
                                       ("丙评估公司信用报告。被执行人：0条", "dishonest_debtor"),
                                       ("丁代理公司信用报告。法律诉讼：暂无数据。", "litigation"),
                                       ("戊代理公司信用报告。涉诉信息：无。", "litigation"),
                                       ("庚代理公司信用报告。处罚记录：近三年无。", "administrative_penalty"),
                                       ("己代理公司信用报告。司法风险：裁判文书0条，开庭公告0条，立案信息0条。", "litigation")])
def test_a_credit_record_that_says_none_denies_the_matter(head, text, code):
    """Legal opinions and credit checks of a platform's institutions say what is not there: 无…记录, 不是失信被执行人,
    无应披露的重大诉讼, 未受到…监管措施, lists one denial governs (未受到…行政处罚、通报批评或…公开谴责) and a field
    whose value is none (行政处罚信息：暂无, 法律诉讼：暂无数据, 裁判文书0条: statements.denied_before, denied_in_list,
    field_none). Each was read as the matter itself,
    a dishonest debtor or a penalty on an institution with a clean record. Negation words that deny nothing (不是第一次,
    无故, 无证经营), a cause (因未履行承诺、违规减持被通报批评), lawsuits that exist (存在尚未了结的…) and a field that
    holds some (处罚机关为无锡市…, 1条) leave the matter as it is."""
    res = _one(head, text)
    assert code not in _present(res), res
    for twin, twin_code in [("这已不是甲公司第一次被罚款", "administrative_penalty"), ("乙科技董事长无故辞职", "leadership_change"),
                            ("丙商户无证经营被罚款2万元", "administrative_penalty"),
                            ("丁公司被法院列为失信被执行人", "dishonest_debtor"),
                            ("己公司因未履行承诺、违规减持被通报批评", "regulatory_action"),
                            ("庚公司存在尚未了结的重大诉讼、仲裁案件3起", "litigation"),
                            ("行政处罚信息：处罚机关为无锡市市场监督管理局，处罚结果为罚款2万元", "administrative_penalty"),
                            ("失信被执行人：1条，执行法院为某区人民法院", "dishonest_debtor"),
                            ("限制高消费信息：1条，限制对象庚科技公司法定代表人张某", "dishonest_debtor"),
                            ("开庭公告：案由为服务合同纠纷，被告辛知识产权运营公司，开庭时间2025年3月5日", "litigation"),
                            ("壬公司沈飞提前完成军机零件生产 董事长张某辞职", "leadership_change")]:
        assert twin_code in _present(_one(head, twin)), twin


@needs_head
@pytest.mark.parametrize("text,code", [("己担保公司负责人未被带走调查，仍在正常工作", "regulatory_action"),
                                       ("庚评估公司称未收到证监会立案调查通知书", "regulatory_action"),
                                       ("辛证券表示尚未收到中国证监会的立案调查通知", "regulatory_action"),
                                       ("甲融资担保公司董事长或被带走调查", "regulatory_action"),
                                       ("甲融资担保公司董事长或被带走调查", "leadership_change")])
def test_an_investigation_denied_or_guessed_has_not_happened(head, text, code):
    """未被带走调查, 未收到…立案调查通知书, 或被带走调查: an institution's reply that nobody was taken away and no notice
    came, or a guess, was read as an investigation (and a change of the person in charge) that happened: 带走 and 调查
    were no words of the regulator's action for the status rules, 收到 no verb a denial reaches across, and the hedge
    was read before 调查 rather than before the words that touch it (statements._last_word). Told as done, they are."""
    assert code not in _present(_one(head, text))
    for twin, twin_code in [("壬律师事务所主任被带走调查", "regulatory_action"), ("乙担保公司董事长被带走调查", "leadership_change"),
                            ("癸资产评估公司收到证监会立案调查通知书", "regulatory_action")]:
        assert twin_code in _present(_one(head, twin)), twin


@needs_head
@pytest.mark.parametrize("text", ["丙集团陷破产危机", "戊集团走向破产之路", "己钢铁破产重整前途未卜",
                                  "某专利代理公司差点倒闭，后来靠专利运营业务起死回生，如今年营收过亿。"])
def test_a_company_on_the_brink_of_bankruptcy_has_not_gone_bankrupt(head, text):
    """面临破产, 陷破产危机, 走向破产之路, 前途未卜, and since stop 55 差点倒闭 (a firm that nearly went): a threat, not a
    bankruptcy (docs/annotation.md: a possibility is no matter; statements.bankruptcy_threatened); each was read as one
    that occurred. A filing told after the threat, and a bankruptcy declared or a firm gone, are news."""
    assert "bankruptcy_closure" not in _present(_one(head, text))
    for done in ["戊电器濒临倒闭 已提交破产重整申请", "乙电器宣告破产", "某专利代理公司已经倒闭了，电话打不通。"]:
        assert "bankruptcy_closure" in _present(_one(head, done)), done


@needs_head
@pytest.mark.parametrize("text", ["乙百货(600222)重组计划搁置", "癸科技终止资产出售计划 股价大跌"])
def test_a_sale_of_assets_ended_or_a_deal_shelved_is_a_restructuring_that_occurred(head, text):
    """A deal shelved (搁置) and a sale of assets terminated are restructurings that occurred (docs/annotation.md: a
    terminated restructuring stays `occurred`, the termination is the news; statements.deal_failed): both were read as
    plans. A termination only planned stays a plan."""
    assert "restructuring" in _present(_one(head, text))
    assert "restructuring" not in _present(_one(head, "庚股份拟终止资产出售"))


@needs_head
@pytest.mark.parametrize("text,code", [("律师分析称，若甲平台不能按期兑付，投资者可能通过诉讼维权", "major_public_opinion"),
                                       ("如果乙平台未能按期兑付，将承担违约责任。", "major_public_opinion")])
def test_a_condition_is_no_matter_that_happened(head, text, code):
    """What would follow if (若, 如果, 一旦 …) is not what did (statements.hedged, _CONDITION): a lawyer's `若该平台不能
    按期兑付` was read as a default, public opinion that opens a week's duty. A default told as done, and 若 inside a
    word (视若无睹), stay matters."""
    assert code not in _present(_one(head, text))
    for twin, twin_code in [("丙平台未能按期兑付到期产品，大量投资者聚集维权", "major_public_opinion"),
                            ("丁公司对行政处罚视若无睹，再次因同一问题被罚款10万元", "administrative_penalty")]:
        assert twin_code in _present(_one(head, twin)), twin


@needs_head
def test_a_post_that_spreads_is_public_opinion_and_hearsay_of_what_it_says(head):
    """A quoted post spreading in chat groups (`一则“…负责人卷款跑路”的帖子在多个微信群疯传，引发大量会员恐慌`) is public
    opinion that occurred, and hearsay of the flight it tells (statements._SPREAD_AFTER, cues._OUTCRY_REACH): it was
    read as a flight and a change of head that occurred, and no public opinion. The flight told as news stays one."""
    res = _one(head, "今日，一则“甲知识产权交易中心负责人卷款跑路”的帖子在多个微信群疯传，引发大量会员恐慌。")
    assert _present(res) == {"major_public_opinion"}, res
    assert {m["code"]: m["status"] for m in res}.get("fraud") == "speculated", res
    assert "fraud" in _present(_one(head, "乙知识产权交易中心负责人卷款跑路，警方已立案侦查。"))


@needs_head
@pytest.mark.parametrize("text", ["甲公司表示，已委托律师准备起诉材料，近期将向法院起诉乙平台。", "丙公司表示将向仲裁委员会申请仲裁。"])
def test_a_suit_someone_will_bring_is_planned(head, text):
    """A suit still to be brought (将向法院起诉, 将向仲裁委员会申请仲裁, 准备起诉材料: statements._HEDGE_BEFORE) was read as one
    filed, opening a week's duty: it is planned, when reported at all; one filed and accepted is a lawsuit."""
    res = _one(head, text)
    assert "litigation" not in _present(res), res
    assert all(m["status"] == "planned" for m in res if m["code"] == "litigation"), res
    assert "litigation" in _present(_one(head, "丁公司已向法院起诉戊平台，法院已立案受理。"))


@needs_head
@pytest.mark.parametrize("text", ["甲担保公司历史失信被执行人记录1条，当前无失信被执行人记录。", "法院对乙评估公司的限制消费令已解除。"])
def test_a_record_the_check_calls_past_or_lifted_is_no_listing_in_force(head, text):
    """A credit check's past record (历史失信被执行人记录: statements._PAST) and a restriction lifted (限制消费令已解除:
    cues._NO_STATEMENT) end the matter; each was read as a dishonest debtor in force. A current record is one."""
    assert "dishonest_debtor" not in _present(_one(head, text))
    assert "dishonest_debtor" in _present(_one(head, "丙担保公司当前失信被执行人记录2条，执行法院为某区人民法院。"))


@needs_head
@pytest.mark.parametrize("text,code", [("本报告期内，甲公司未发生重大诉讼、仲裁事项。", "litigation"),
                                       ("乙公司不存在因涉嫌犯罪被司法机关立案侦查或涉嫌违法违规被中国证监会立案调查的情形。",
                                        "regulatory_action"),
                                       ("丁公司作为被告的诉讼共0件。", "litigation")])
def test_a_report_that_no_such_case_exists_denies_it(head, text, code):
    """A report's, a legal opinion's or a credit check's record of none (`未发生重大诉讼`, `不存在…被中国证监会立案调查的
    情形`, `作为被告的诉讼共0件`: statements _DENIAL_BEFORE, _NO_SUCH_CASE, _FIELD_NONE) denies the matter; each was read
    as one that happened. The same case said to exist is one."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert all(m["status"] == "denied" for m in res if m["code"] == code), res
    assert "regulatory_action" in _present(_one(head, "丙公司存在因涉嫌违法违规被中国证监会立案调查的情形。"))


@needs_head
def test_a_bankruptcy_filed_with_a_court_happened(head):
    """A firm that filed for bankruptcy (`因资不抵债，已向法院申请破产清算`: statements._BANKRUPTCY_FILED) went bankrupt; it
    was read as planned, the classifier's 资不抵债 a threat's word. One that plans to file has not."""
    assert "bankruptcy_closure" in _present(_one(head, "甲担保公司因资不抵债，已向法院申请破产清算。"))
    planned = _one(head, "乙担保公司因资不抵债，拟向法院申请破产清算。")
    assert "bankruptcy_closure" not in _present(planned), planned


@needs_head
def test_a_credit_checks_past_lawsuits_are_history(head):
    """A credit check's lawsuits it calls past (`历史诉讼均已结案`: 历史 joined to the code's word, statements._PAST) and
    none new (`无新增诉讼`: statements._DENIAL_BEFORE) state no lawsuit in force; it was read as one. New ones are."""
    res = _one(head, "亥机构近一年无新增诉讼，历史诉讼均已结案。")
    assert "litigation" not in _present(res), res
    assert "litigation" in _present(_one(head, "子机构近一年新增诉讼2起，均为合同纠纷。"))


@needs_head
def test_a_matter_that_befell_a_namesake_is_denied(head):
    """A report's matter the firm says befell its namesake (`报道中提到的“被罚款”实为其同名公司`: statements._FALSE, the
    word's last character before the quote) is denied; it was read as a penalty. One told as news is one."""
    res = _one(head, "辰评估公司称，报道中提到的“被罚款”实为其同名公司。")
    assert "administrative_penalty" not in _present(res), res
    assert "administrative_penalty" in _present(_one(head, "巳评估公司因出具虚假报告被财政局罚款10万元。"))


@needs_head
@pytest.mark.parametrize("text,code,twin", [
    ("酉评估公司回应称，公司从未因执业问题受到过行政处罚。", "administrative_penalty", "戌评估公司因执业问题受到财政局行政处罚。"),
    ("近三年，丑代理机构未因执业行为受到行政处罚或行业惩戒。", "administrative_penalty", "近三年，寅代理机构因执业行为受到行政处罚。"),
    ("有律师认为，相关企业有权就此提起诉讼，但目前尚无企业起诉。", "litigation", "亥企业已就此提起诉讼，法院已立案受理。"),
    ("根据合同约定，如一方违约，守约方有权向仲裁委员会申请仲裁。", "litigation", "子公司已向仲裁委员会申请仲裁，要求丑平台支付服务费。")])
def test_a_denial_with_its_cause_and_a_right_to_sue_state_no_matter(head, text, code, twin):
    """A denial with its cause between (`从未因执业问题受到过行政处罚`, `未因执业行为受到行政处罚`: statements._DENIAL_BEFORE)
    and a right to sue that no one used (`有权就此提起诉讼，但目前尚无企业起诉`, a contract's `守约方有权向仲裁委员会申请仲裁`:
    statements._HEDGE_BEFORE, a none two characters before the word) were each read as a matter that happened. Their
    twins state one."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert code in _present(_one(head, twin))


@needs_head
@pytest.mark.parametrize("text,code", [("丑知识产权运营中心成立于2016年，2019年完成公司制改制，现有员工200余人。", "restructuring"),
                                       ("寅知识产权交易中心成立于2010年，2018年引入战略投资者完成增资扩股。", "equity_change"),
                                       ("卯评估公司成立于2008年，2017年曾因评估纠纷被诉，此后未再发生诉讼。", "litigation"),
                                       ("发展历程：2012年 午公司成立；2015年 完成股份制改造；2018年 获评国家知识产权示范企业。",
                                        "restructuring")])
def test_a_profiles_chronology_opens_no_duty(head, text, code):
    """An institution's profile or chronicle tells its past year by year after its founding year
    (statements.told_in_a_profile: historical), and `此后未再发生诉讼` denies any since (statements._DENIAL_BEFORE):
    each was read as news that opened a duty. The same change told this year, or in a sentence of its own, is one."""
    res = _one(head, text)
    assert code not in _present(res), res
    for twin in ["辰知识产权运营中心成立于2016年，今年6月完成公司制改制。", "巳知识产权运营中心成立于2016年。近日，该中心完成公司制改制。"]:
        assert "restructuring" in _present(_one(head, twin)), twin


@needs_head
@pytest.mark.parametrize("text,code", [
    ("信用中国网站显示，甲知识产权服务公司曾于2021年因虚假广告被罚款2万元，该处罚已于2024年修复", "administrative_penalty"),
    ("乙公司被列为失信被执行人，后履行完毕，失信记录已被修复", "dishonest_debtor"),
])
def test_a_record_repaired_later_in_the_sentence_is_history(head, text, code):
    """A penalty or a listing whose record the sentence says was repaired (信用修复) is closed: the later clause was read
    as a record in force (stop 56). One still applying for repair, or another's record repaired, leaves it."""
    res = _one(head, text)
    assert code not in _present(res), res
    assert [m["status"] for m in res if m["code"] == code] == ["historical"], res
    assert "administrative_penalty" in _present(_one(head, "丙公司近日被罚款5万元，目前正在申请信用修复"))
    assert "dishonest_debtor" in _present(_one(head, "丁公司被列为失信被执行人。另一家公司的失信记录已被修复。"))


@needs_head
@pytest.mark.parametrize("text", ["张某拟辞去午公司董事长职务，目前尚在履行程序",
                                  "日本某便利店创始人召开发布会称，将辞去其母公司董事长及首席执行官的职务。"])
def test_a_departure_told_with_a_plans_word_is_planned(head, text):
    """A departure told with a plan's word (拟辞去, 将辞去) was read as one that happened, and once not, as denied
    (stop 56): it is planned."""
    res = _one(head, text)
    assert [m["status"] for m in res if m["code"] == "leadership_change"] == ["planned"], res


@needs_head
def test_a_company_bought_whole_told_passive_is_news_not_history(head):
    """`被…全资收购` was read as history (stop 57), the classifier's 被…收购 being mostly `被…收购后`, background: a
    company bought whole is a restructuring that happened; one to be bought is planned."""
    res = _one(head, "未知识产权运营公司被某Nasdaq上市公司以2亿美元全资收购。")
    assert [m["status"] for m in res if m["code"] == "restructuring"] == ["occurred"], res
    res = _one(head, "未知识产权运营公司拟被某上市公司全资收购，交易尚需股东大会批准。")
    assert [m["status"] for m in res if m["code"] == "restructuring"] == ["planned"], res
