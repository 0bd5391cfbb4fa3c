"""Plain wordings of the matters the corpora hardly write, read as docs/annotation.md reads them: an
announcement's fixed title (减持股份计划的预披露公告 is a plan, 控制权发生变更 a change that happened), a departure told
as an office no longer held (不再担任) or a retirement, and a completed deal in one clause of a longer sentence.
Read through `MatterHead.detect`, which `analyze` reports from; the guide's other status rules are in
tests/test_nlp_status_rules.py."""

from __future__ import annotations

import pytest

from tests.matters_support import _one, _present, head, needs_head  # noqa: F401 - head is a fixture


@needs_head
@pytest.mark.parametrize("text", ["国药股份：副总经理、董秘朱霖女士因个人原因，不再担任公司董事会秘书及公司副总经理等相关职务。",
                                  "某某银行行长李某退休。"])
def test_an_office_no_longer_held_is_a_leadership_change(head, text):
    """An announcement's short form of a departure (不再担任…职务) and a retirement are changes of the person in
    charge (docs/annotation.md: leaves); the first, a real development text, was read historical (不再 looked like
    past or denial to the status classifier, and the status window cut the verb off before 副总经理), the second
    was missed. Not when it is denied or hedged, nor 退休 as an age or a pension."""
    assert "leadership_change" in _present(_one(head, text))
    for other in ["某某股份否认董事长不再担任公司职务的传闻", "某某股份董事长或将不再担任公司董事长职务",
                  "某某银行调整退休人员基本养老金"]:
        assert "leadership_change" not in _present(_one(head, other)), other


@needs_head
def test_a_deal_completed_in_one_clause_is_done_though_another_scores_higher(head):
    """`完成对…的收购` states a deal done (statements.deal_completed) even where the sentence's other clause
    (`乙科技成为公司全资子公司`) scores higher for the code and reads as a plan; the rule was read only in that clause
    and in a window cut 12 characters before 收购, which dropped 完成."""
    res = _one(head, "甲公司发布公告称，公司完成对乙科技100%股权的收购，乙科技成为公司全资子公司。")
    assert "restructuring" in _present(res), res
    planned = _one(head, "甲公司发布公告称，公司拟收购乙科技100%股权，收购完成后乙科技将成为公司全资子公司。")
    assert "restructuring" not in _present(planned), planned


@needs_head
@pytest.mark.parametrize("title,code,present", [
    ("关于股东减持股份计划的预披露公告", "equity_change", False),
    ("关于持股5%以上股东减持股份计划的公告", "equity_change", False),
    ("关于股东减持股份计划实施完毕的公告", "equity_change", True),
    ("关于公司控制权发生变更的公告", "equity_change", True),
    ("某某股份简式权益变动报告书", "equity_change", True),
    ("关于控股股东筹划重大事项或致公司控制权变更的停牌公告", "equity_change", False),
    ("关于收到中国证券监督管理委员会立案告知书的公告", "regulatory_action", True),
    ("关于公司董事长辞职的公告", "leadership_change", True),
    ("关于公司被列入失信被执行人的公告", "dishonest_debtor", True),
    ("关于公司债券未能按期兑付的公告", "major_public_opinion", True),
    ("关于公司债券存在未能按期兑付风险的提示性公告", "major_public_opinion", False),
])
def test_a_listed_companys_announcement_title_keeps_the_guides_status(head, title, code, present):
    """Announcements are titled in fixed words that the corpora (headlines, news, posts) hardly write: a sell-down
    plan announced in advance (减持股份计划的预披露公告) is planned and opens no duty (docs/annotation.md: 减持计划 /
    预披露), it was read occurred; a change of control (控制权发生变更) occurred, it was missed; so was a default told
    as a payment not made (未能按期兑付: public opinion, docs/annotation.md), whose 未 read as a denial, and the
    report a holder files once its stake crosses a disclosure line (简式权益变动报告书)."""
    assert (code in _present(_one(head, title))) is present, _one(head, title)


@needs_head
def test_a_sell_down_announced_in_advance_is_shown_as_planned(head):
    """A pre-disclosure is a plan by its name (docs/annotation.md: 预披露 is `planned`); an officer saw this title
    marked `speculated`, the classifier's next guess once the rule had ruled out `occurred`."""
    title = "某某股份关于持股5%以上股东减持股份预披露的公告"
    equity = [m for m in _one(head, title) if m["code"] == "equity_change"]
    assert equity and equity[0]["status"] == "planned", equity


PLAN_ANNOUNCEMENT = (
    "甲科技股份有限公司关于股东减持股份计划的预披露公告\n"
    "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、误导性陈述或者重大遗漏。\n"
    "重要内容提示：\n"
    "● 股东持股的基本情况：截至本公告披露日，丙投资持有公司股份3,000万股，占公司总股本的6.00%。\n"
    "● 减持计划的主要内容：丙投资计划自本公告披露之日起15个交易日后的3个月内，通过集中竞价交易方式减持公司股份"
    "不超过500万股，即不超过公司总股本的1%。\n"
    "一、减持主体的基本情况\n丙投资为公司持股5%以上股东，上述股份来源于公司首次公开发行前取得的股份。\n"
    "二、减持计划的主要内容\n减持原因：自身资金需求。\n"
    "三、相关风险提示\n本次减持计划的实施存在不确定性，丙投资将根据市场情况、公司股价等因素决定是否实施本次股份减持"
    "计划。本次减持计划不会导致公司控制权发生变更。\n特此公告。")


@needs_head
def test_a_sell_down_plan_announcement_reports_a_planned_equity_change_quoting_its_title(head):
    """The whole pre-disclosure announcement opens no duty and shows the plan: equity change `planned`, quoting
    the title. Its holding sentence (`持有公司股份3,000万股`) was the statement likeliest to have occurred and was
    not enough, so the matter was dropped without a status; the first statement, which a rule of the guide reads
    as a plan, now speaks for it (only a rule's reading does: the classifier's guesses stay unreported)."""
    found = _one(head, PLAN_ANNOUNCEMENT)
    assert "equity_change" not in _present(found)
    equity = next(m for m in found if m["code"] == "equity_change")
    assert equity["status"] == "planned"
    assert PLAN_ANNOUNCEMENT[equity["start"]:equity["end"]] == "甲科技股份有限公司关于股东减持股份计划的预披露公告"
    # a section heading states nothing: `三、相关风险提示` was listed as a regulatory action (speculated)
    assert all(m["code"] != "regulatory_action" for m in found), found


@needs_head
def test_a_controller_that_did_not_change_is_no_equity_change(head):
    """`…公司控股股东、实际控制人未发生变更` closes deal and placement announcements; it was read as an occurred
    equity change (the negation stands before 发生变更, after the code's last word 实际控制人). A controller that did
    change stays one."""
    assert "equity_change" not in _present(_one(head, "本次交易完成后，公司控股股东、实际控制人未发生变更。"))
    assert "equity_change" in _present(_one(head, "乙集团将所持公司29.9%股份转让给丙公司，公司控制权发生变更。"))


@needs_head
@pytest.mark.parametrize("text,code", [
    ("北京市市场监管局约谈美团、饿了么等平台企业，要求其规范经营行为。", "regulatory_action"),
    ("美团和饿了么两大外卖平台被约谈", "regulatory_action"),
    ("某某专利代理机构被国家知识产权局吊销专利代理机构执业许可证。", "administrative_penalty"),
    ("某某公司已于上月办理注销登记。", "bankruptcy_closure"),
])
def test_a_one_sentence_summons_revocation_or_deregistration_is_found(head, text, code):
    """A news flash of one sentence: the sentence reads the code (约谈 P 0.995) but the document part, learned on
    longer texts, pulled the fused score under the bar, so a regulator's summons, a patent agency's licence revoked
    and a deregistration were missed (docs/annotation.md names all three; the run-on headline's passive summons was
    missed out of fold)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text", ["某某银行否认被监管部门约谈，称相关报道不实。", "市场监管局将约谈相关企业负责人。",
                                  "国家发改委在2011年就曾约谈雅培等企业。", "对违反本条例规定的，可以依法吊销其许可证。",
                                  "巴盖里说，自第八轮美伊恢复履约谈判开始以来，各方在努力取得成果。",
                                  "符合条件的企业可直接办理注销登记。"])
def test_a_summons_or_revocation_not_told_as_done_is_no_present_matter(head, text):
    """The same wordings denied, planned, told as history or in a statute, 履约谈判 (no summons) and a how-to of
    deregistering state no present matter: the rules of nlp/cues.DEFINING lift a sentence to its code, and the
    status rules still decide."""
    assert not _present(_one(head, text)), _one(head, text)


@needs_head
def test_a_merger_announced_is_a_restructuring_and_a_merger_of_accounts_is_none(head):
    """`宣布与…合并` states a merger (docs/annotation.md: 合并) and was missed, the corpora writing 合并 mostly of
    accounts; `完成合并报表范围调整` is a change of the consolidated accounts and was read as a deal done (完成…合并)."""
    assert "restructuring" in _present(_one(head, "某某集团宣布与某某公司合并，合并后新公司名称为某某控股。"))
    assert "restructuring" not in _present(_one(head, "某某集团拟与某某公司合并。"))
    assert not _present(_one(head, "公司完成合并报表范围调整。"))


@needs_head
def test_a_stake_over_the_line_and_a_bond_default_in_their_own_words(head):
    """`举牌` (a stake passes the disclosure line: an equity change, docs/annotation.md) and `债券违约` (a company's
    default: public opinion) were missed as plain headlines; a plan to 举牌 stays a plan, and a default guessed or
    denied is none, since 违约 gives the status rules no word to read the hedge at."""
    assert "equity_change" in _present(_one(head, "某某资本举牌某某银行"))
    assert "major_public_opinion" in _present(_one(head, "某某公司债券违约"))
    for text in ["三元拟举牌某某乳业", "某某公司债券可能违约。", "某某公司否认债券违约。", "公司尚未有公开市场的债务违约。"]:
        assert not _present(_one(head, text)), text


@needs_head
@pytest.mark.parametrize("text,code", [
    ("隆平高科(000998)总裁辞职引发股价地震天邦股份:承认公司存在信息披露不准确情形", "regulatory_action"),
    ("康盛伟业(830991):业绩亏损难有起色大股东带头减持 高管频频离职豫金刚石:第一期员工持股计划股票出售完毕", "leadership_change"),
    ("申华控股(600653)被疑存内幕交易佳电股份(000922)股东计划减持不超过543.6万股", "major_public_opinion"),
    ("金贝猫上线还未满一年就维持不下去了，昨日，金贝猫宣布良性退出并且给出了兑付方案", "bankruptcy_closure"),
    ("某某基金未按规定披露信息", "regulatory_action"),
    ("某某平台正式递交良性退出承诺书", "bankruptcy_closure"),
])
def test_a_headlines_few_words_state_the_matter(head, text, code):
    """Run-on headlines and news tell a matter in a few words of their own, which docs/annotation.md reads as the
    code: a disclosure lapse admitted or found, managers who leave, a company suspected of insider trading by the
    press, a platform's wind-down. The first four are development texts the head missed (out of fold it missed
    such wordings in the training texts too); nlp/cues.DEFINING now holds them, each checked on the training gold."""
    assert code in _present(_one(head, text)), _one(head, text)


@pytest.mark.parametrize("code,text", [
    ("regulatory_action", "金邦科技(834301)延期披露年报遭风险提示"),
    ("regulatory_action", "南风股份:信息披露不完整 公司及相关人员遭责令改正"),
    ("bankruptcy_closure", "*ST凤凰(000520)重整申请获法院受理"),
    ("bankruptcy_closure", "*ST中基(000972)被裁定重整今起停牌"),
    ("bankruptcy_closure", "华融众信提现困难发布清盘公告"),
    ("litigation", "金亚科技因虚假陈述被判赔偿股民"),
    ("litigation", "光大证券(601788)内幕交易成立 杨剑波败诉"),
    ("leadership_change", "万福生科(300268)否认重组传闻 四董事请辞"),
    ("major_public_opinion", "宗申动力(001696)陷内幕交易漩涡"),
    ("major_public_opinion", "神户制钢社长等高管将因造假丑闻引咎辞职"),
    ("major_public_opinion", "味好美花椒粉再曝铅超标"),
])
def test_the_guides_headline_wordings_are_the_codes_own(code, text):
    """The wordings above as nlp/cues.DEFINING holds them (training texts the fold heads missed): the shipped head,
    fitted on these very texts, reads most of them anyway, so the table itself is what a new text relies on."""
    from nlp.cues import DEFINING

    assert DEFINING[code].search(text), (code, text)


@needs_head
@pytest.mark.parametrize("text", ["这种丑闻给国家抹黑，败坏了中国体育的声誉。", "我国的制假售假活动也很猖獗，怎么办？",
                                  "一伙专门兜售假发票的人越发显得活跃起来。", "某某银行否认副行长被疑内幕交易",
                                  "某某公司董事长将离职"])
def test_the_same_words_of_no_ones_matter_or_not_told_as_done_state_none(head, text):
    """A scandal of no organisation and counterfeiting in general (People's Daily 1998 flagged them when bare 丑闻 and
    售假 were read), a suspicion denied and a departure planned state no present matter."""
    assert not _present(_one(head, text)), _one(head, text)


@needs_head
def test_a_disclosure_lapse_the_press_questions_is_no_regulatory_action(head):
    """`信息披露不及时遭质疑` (a development text) is the press's questioning, public opinion; the disclosure rule read
    it as a lapse found, a regulatory action the readers did not mark."""
    found = _present(_one(head, "天天智慧财务总监顾鑫辞职贵州百灵(002424)：信息披露不及时遭质疑"))
    assert "regulatory_action" not in found and "leadership_change" in found, found


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某某基金被暂停业务三个月", "regulatory_action"),
    ("某某证券被暂停新增业务六个月", "regulatory_action"),
    ("某某专利代理机构被暂停执业三个月", "administrative_penalty"),
    ("己知识产权服务公司因无资质开展专利代理业务被责令停业整顿", "regulatory_action"),
    ("辛商标代理公司遭停业整改三个月", "regulatory_action"),
])
def test_a_suspension_by_order_is_a_measure_not_a_closure(head, text, code):
    """A regulator's suspension of business, or its order to stop and set things right (停业整顿), is a regulatory action
    and a licence to practise suspended a penalty (docs/annotation.md); the first and the orders to stop were read as
    a closure (暂停业务 holds 停业) and the others were missed. A platform that suspends its business to wind down,
    or a firm that stops trading, is still a closure; a statute's order (情节严重的，责令停业整顿) is no measure."""
    found = _present(_one(head, text))
    assert code in found and "bankruptcy_closure" not in found, found
    assert "bankruptcy_closure" in _present(_one(head, "某某平台宣布暂停业务，进行清盘"))
    assert "bankruptcy_closure" in _present(_one(head, "庚专利代理公司因经营不善已停业，员工全部遣散"))
    assert "regulatory_action" not in _present(_one(head, "经营者情节严重的，责令停业整顿"))


@needs_head
def test_an_order_to_rectify_issued_is_a_regulatory_action_and_a_hearsay_called_false_is_denied(head):
    """`知识产权局向某某专利代理机构下发责令整改通知书` tells the order's document issued (docs/annotation.md: 责令整改)
    and was missed; planned it stays none. `网传公司负责人被带走调查系谣言` calls the hearsay false in its own clause:
    the regulatory action it tells was read occurred (网传 names no report noun such as 传闻 or 消息)."""
    assert "regulatory_action" in _present(_one(head, "某某省知识产权局向某某专利代理机构下发责令整改通知书。"))
    assert not _present(_one(head, "某某局将向相关机构下发责令整改通知书"))
    denied = _one(head, "某某专利代理公司澄清：网传公司负责人被带走调查系谣言，公司经营一切正常。")
    assert not _present(denied), denied


@needs_head
def test_a_merger_by_absorption_and_a_supervisory_talk_of_banks(head):
    """Banks and insurers, the institutions platforms cooperate with, are written about in the guide's own words:
    `吸收合并` (a restructuring; the bank's merger was missed) and `被人民银行约见谈话` (a regulatory action, missed). A
    merger by absorption still planned stays a plan."""
    assert "restructuring" in _present(_one(head, "某某城商行吸收合并三家农信社，新银行正式挂牌开业。"))
    assert "regulatory_action" in _present(_one(head, "某某银行因数据报送违规被人民银行约见谈话。"))
    assert not _present(_one(head, "公司拟以发行股份方式吸收合并淮南矿业。"))


@needs_head
def test_a_case_opened_against_a_patent_agency_is_a_regulatory_action(head):
    """`某某专利代理事务所已被立案调查` (sentence P 0.35, missed) tells a case opened, told in the passive with the
    authority unnamed (docs/annotation.md: 立案调查); a police case over illegal fund-raising is the fraud, denied or
    past ones stay so."""
    assert "regulatory_action" in _present(_one(head, "某某专利代理事务所已被立案调查。"))
    assert "regulatory_action" not in _present(_one(head, "同盈基金因涉嫌非法吸收公众存款而被立案调查"))
    assert "regulatory_action" not in _present(_one(head, "国信证券曾两度被证监会立案调查"))


@needs_head
@pytest.mark.parametrize("text", ["某某律师事务所被最高人民法院列入失信人名单。", "某某科技因拖欠货款被列为老赖。",
                                  "某某专利代理有限公司因拒不履行生效判决，被法院列入失信被执行人名单。",
                                  "某某集团因借款逾期被某某中院作出裁定执行。", "关于某某公司一案立案执行的公告"])
def test_a_courts_dishonest_listing_or_enforcement_in_the_press_words_is_a_dishonest_debtor(head, text):
    """The guide's dishonest debtor told as the press tells it (`被…列入失信人名单`, `被列为老赖`) or as a court's enforcement
    (`作出裁定执行`, `立案执行`): missed before (the listing by the supreme court was read as history), while a policy to
    list, a denial and a listing long ago open no duty."""
    assert "dishonest_debtor" in _present(_one(head, text))
    for other in ("监管部门将研究把恶意逃债者纳入失信名单。", "对恶意逃债的借款人，有关部门将把其列入失信人员名单。",
                  "某某公司否认被列为失信被执行人。", "早在2017年，某某公司就曾被法院列入失信人名单。"):
        assert "dishonest_debtor" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text,code", [("某某评估机构被中国资产评估协会通报批评。", "regulatory_action"),
                                       ("某某银行收到银保监局监管意见书。", "regulatory_action"),
                                       ("某某专利代理机构被列入重点监管名单。", "regulatory_action"),
                                       ("某某评估事务所整体并入某某会计师事务所。", "restructuring"),
                                       ("某某专利代理事务所（普通合伙）执行事务合伙人变更为张某。", "leadership_change")])
def test_the_wording_of_associations_supervisors_and_partnerships_is_read(head, text, code):
    """What the institutions on a platform are told in, missed before: an association's discipline, a supervisory
    opinion, a key-supervision list, a firm merged whole into another, a partnership's new executive partner. A
    measure an authority says it will take (`将对违规会员予以通报批评`, read as done before) and a merger still to
    come are no present matter."""
    assert code in _present(_one(head, text))
    assert "regulatory_action" not in _present(_one(head, "某某协会表示，将对违规会员予以通报批评。"))
    assert "restructuring" not in _present(_one(head, "某某银行将整体并入某某农商行。"))


@needs_head
@pytest.mark.parametrize("text", ["己专利代理师因代理非正常专利申请被国家知识产权局给予警告",
                                  "丙商标代理机构被停止受理其办理商标代理业务12个月",
                                  "丁专利代理公司被责令停止承接新的专利代理业务6个月"])
def test_the_ip_offices_warning_or_stop_to_an_agencys_business_is_a_penalty(head, text):
    """The penalties of the patent-agency and trademark rules in their own words (a warning, 停止承接新的专利代理业务,
    停止受理其办理商标代理业务): missed, or read as a measure short of a penalty, so the agency's rating kept its
    clean record. A warning from an exchange, a party's discipline and a warning still to come are no penalty."""
    assert "administrative_penalty" in _present(_one(head, text))
    for other in ("壬证券被深交所给予警告", "庚党员干部被给予党内警告处分", "辛专利代理公司将被给予警告"):
        assert "administrative_penalty" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["丁专利代理公司被国家知识产权局列入严重违法失信名单", "庚专利代理机构受到中华全国专利代理师协会行业惩戒",
                                  "辛知识产权服务公司因提交虚假材料被纳入严重失信主体名单",
                                  "丙知识产权服务公司被列入严重违法失信企业名单，列入原因：被列入经营异常名录届满3年仍未履行相关义务"])
def test_an_administrations_dishonest_list_or_an_industrys_discipline_is_a_regulatory_action(head, text):
    """The IP credit rules' serious-dishonesty list and an industry's discipline are a regulator's or a body's measure
    (docs/annotation.md): missed, or read as a court's dishonest debtor. A court's list stays a dishonest debtor; a
    listing to come is no present measure."""
    found = _present(_one(head, text))
    assert "regulatory_action" in found and "dishonest_debtor" not in found, found
    assert "dishonest_debtor" in _present(_one(head, "壬公司被法院列入失信被执行人名单"))
    assert "regulatory_action" not in _present(_one(head, "癸专利代理机构将被列入严重违法失信名单"))


@needs_head
@pytest.mark.parametrize("text,code", [("甲知识产权交易中心召开干部大会，宣布李某任中心党委书记、主任", "leadership_change"),
                                       ("乙知识产权交易所股权无偿划转至丙国资集团", "equity_change")])
def test_a_centres_new_head_announced_or_its_state_stake_moved_is_the_matter(head, text, code):
    """How a state-owned platform's change of head and of owner are told: an appointment announced at a cadre meeting
    (宣布…任…主任), shares transferred free of charge to another state holder (无偿划转至). Both were missed. A transfer
    still planned is no present change."""
    assert code in _present(_one(head, text))
    assert "equity_change" not in _present(_one(head, "辛科技控股股东拟将其持有的5%股份无偿划转给壬国资公司"))


@needs_head
@pytest.mark.parametrize("text", ["丁知识产权运营平台两年绩效评价不合格，被取消功能性平台资格",
                                  "戊专利代理机构被撤销知识产权服务品牌机构称号", "己银行被暂停知识产权质押融资试点资格",
                                  # told by the authority's decision (stop 54: missed)
                                  "根据年度绩效评价结果，丑知识产权运营平台连续两年评价不合格，国家知识产权局决定撤销其功能性平台资格"])
def test_a_title_or_qualification_withdrawn_is_a_regulatory_action(head, text):
    """The notice takes a platform's title after two failed years; offices withdraw brand titles and pilot status.
    Each withdrawal was missed. One to come, one kept and a player's disqualification are no measure."""
    assert "regulatory_action" in _present(_one(head, text))
    for other in ("庚知识产权运营平台继续保留功能性平台资格", "辛运营平台或将被取消功能性平台资格", "壬选手抢跳犯规被取消比赛资格"):
        assert "regulatory_action" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["国家知识产权局发布《专利代理机构监督管理办法》，明确对违规机构可以给予警告、罚款等处罚。",
                                  "法律规定，被执行人未按执行通知履行义务的，人民法院有权查封、扣押其财产。",
                                  "今年一季度，全国共有15家专利代理机构因违规被处罚，监管部门表示将保持高压态势。",
                                  "年内共有60家公司收到交易所的问询函件。",
                                  "长电科技:王新潮继续担任董事长", "张某连任某某银行董事长。"])
def test_a_norm_an_industry_count_or_an_office_kept_states_no_matter(head, text):
    """What may be done to a wrongdoer (a rule, a statute), how many organisations an industry counts, and an
    office-holder who stays name no one punished, listed or changed (docs/annotation.md); each was reported before,
    the document part carrying it over the bar though no sentence states the matter by the guide's rules. The
    facts they sit beside still count."""
    assert not _present(_one(head, text))
    assert "administrative_penalty" in _present(_one(head, "某某专利代理机构因违规被国家知识产权局罚款5万元。"))
    assert "leadership_change" in _present(_one(head, "罗某辞去公司行长职务，继续担任公司党委副书记。"))


@needs_head
@pytest.mark.parametrize("text", ["某某律师事务所诚聘诉讼律师，负责公司诉讼及仲裁案件。", "某某担保公司为科技企业提供诉讼保全担保服务。",
                                  "某某保险公司推出专利执行保险，为企业维权诉讼费用提供保障。",
                                  "如果你被信贷机构告到法院，而且你败诉了，对方就可以申请冻结你的账户。",
                                  # an arbitration court set up, a mechanism brought in (stop 54: read as lawsuits)
                                  "某仲裁委员会设立知识产权仲裁院，为企业提供高效便捷的纠纷解决服务。",
                                  "某知识产权交易中心引入仲裁机制，交易纠纷可提交仲裁解决。"])
def test_a_service_a_job_or_a_condition_worded_in_lawsuits_is_no_lawsuit(head, text):
    """The law firms, guarantors and insurers that work with a platform sell and hire in the words of lawsuits, an
    exchange offers arbitration, and a how-to tells what would happen (如果…败诉了): no one was sued
    (cues.a_service_only, statements.hearsay_or_question), while a firm sued by its client, or one that files for
    arbitration, is."""
    assert "litigation" not in _present(_one(head, text))
    assert "litigation" in _present(_one(head, "某某律师事务所因未尽勤勉义务被委托人起诉，索赔金额120万元。"))
    assert "litigation" in _present(_one(head, "某知识产权交易中心向市仲裁委员会申请仲裁，要求受让方支付转让款。"))


@needs_head
def test_a_forum_post_about_an_agency_is_read_as_it_says(head):
    """A post that tells what happened to a patent agency is read as news; one that asks how to avoid an agency that
    `会被吊销资质` (would have its licence revoked) tells no penalty (it was read as one)."""
    assert "litigation" in _present(_one(head, "大家注意，某某专利代理公司收了钱不办事，我已经向法院起诉了，下周开庭。"))
    assert "regulatory_action" in _present(_one(head, "刚看到通报，某某专利代理公司被知识产权局约谈了，要求限期整改。"))
    assert not _present(_one(head, "我们公司准备申请专利，求推荐靠谱的代理机构，不要那种会被吊销资质的。"))


@needs_head
@pytest.mark.parametrize("text", ["某某汽车新车谍照曝光 或将于明年上市", "某某手表渲染图曝光"])
def test_pictures_made_public_are_no_public_outcry(head, text):
    """A product's or a person's pictures made public (谍照曝光, 渲染图曝光) are no public opinion about anyone
    (cues.an_exposure_only; both were read as `major_public_opinion`); exposure by the press and complaints stay."""
    assert "major_public_opinion" not in _present(_one(head, text))
    for other in ("央视3·15晚会曝光某某电器以次充好，涉事门店已被查封。", "某某质监局曝光一批不合格儿童玩具，涉事企业遭大量家长投诉维权。"):
        assert "major_public_opinion" in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text,code", [("破产法修订草案今日提交全国人大常委会审议，草案拟增设个人破产制度，并完善重整程序中的债权人保护。",
                                        "bankruptcy_closure"),
                                       ("上海市浦东新区人民法院破产审判庭成立后，将主要审理强制清算与破产案件。", "bankruptcy_closure"),
                                       ("某省知识产权局召开约谈工作部署会，要求各地建立健全专利代理机构约谈机制。", "regulatory_action")])
def test_a_law_a_court_or_a_mechanism_named_after_a_matter_states_none(head, text, code):
    """The code's words inside the name of a law, a court or a mechanism (破产法, 个人破产制度, 破产审判庭, 约谈机制) name
    where such matters go (cues.words_only_in_phrases; all three were read occurred); a filing with a bankruptcy
    court and a summons of a named agency are still read."""
    assert code not in _present(_one(head, text))
    assert "bankruptcy_closure" in _present(_one(head, "某某航空公司已向美国联邦破产法院提出破产保护申请。"))
    assert "regulatory_action" in _present(_one(head, "某省知识产权局约谈某某专利代理事务所负责人，要求其限期整改。"))


@needs_head
def test_a_merger_agreed_is_a_restructuring_that_occurred(head):
    """A deal agreed or signed is a fact, only its completion is pending (docs/annotation.md; statements.deal_agreed):
    `已同意合并，合并后将成为…` was read planned from the second clause's 将. A merger only proposed stays a plan."""
    assert "restructuring" in _present(_one(head, "甲航空与乙航空已同意合并，合并后将成为国内第三大航空公司。"))
    assert "restructuring" not in _present(_one(head, "甲航空拟与乙航空合并，合并后将成为国内第三大航空公司。"))


@needs_head
@pytest.mark.parametrize("text", ["甲电气(600123)8500万元出售乙新能源60%股权 丙科技董事会秘书辞职",
                                  "甲控股出售所持乙物流公司100%股权 丙银行获批设立理财子公司",
                                  "甲地产12亿元转让乙置业七成股权",
                                  "甲集团以3.2亿元向乙公司出售其持有的丙酒店管理公司51%股权，本次交易已完成工商变更登记。"])
def test_a_controlling_stake_sold_is_a_restructuring_that_occurred(head, text):
    """Selling control of a company is selling the business (docs/annotation.md: 收购 of a company or a controlling
    stake; cues.STAKE_SOLD, statements.stake_sold): all four were read planned or as an equity change only (the
    classifier has read mostly 拟出售). A stake under half stays an equity change, and a sale still planned or
    put up for bids is no restructuring that occurred."""
    assert "restructuring" in _present(_one(head, text))
    for other in ["甲电气(600123)拟8500万元出售乙新能源60%股权", "甲电气(600123)4980万元出售乙新能源26.88%股权",
                  "甲集团挂牌出售乙公司67%股权 底价5.2亿元", "某某股份拟以对价1752.62万元出售子公司51%股权",
                  "某某集团拟对外转让持有的甲金融租赁79.92%的股权、转让持有的乙证券71.99%的股权"]:
        assert "restructuring" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["甲置业名下三宗土地遭司法拍卖 丙公司董事长辞职", "甲钢铁(600001)抵押资产遭拍卖",
                                  "甲船务两艘货轮进入拍卖程序"])
def test_a_debtors_assets_auctioned_are_a_dishonest_debtor(head, text):
    """An auction of a debtor's assets to pay a judgment is enforcement against it (docs/annotation.md: dishonest
    debtor); the n-grams read 拍卖 as a share auction and missed all three. Shares auctioned stay an equity change,
    and an auction that drew no bidder or an auction house's sale says nothing of a debtor."""
    assert "dishonest_debtor" in _present(_one(head, text))
    for other in ["甲股份控股股东所持5000万股遭司法拍卖", "甲股份资产拍卖再度流拍", "乙拍卖公司今日举行春季艺术品拍卖会"]:
        assert "dishonest_debtor" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["甲保险清仓乙科技(300123) 丙银行行长辞职", "甲电子(002111)年报延期披露乙投资清仓丙银行H股"])
def test_a_holder_that_sold_out_is_an_equity_change(head, text):
    """A holder that sold its whole stake (清仓), told in a run-on headline's few words, changed the equity
    (docs/annotation.md: 减持, 转让; cues.DEFINING): both were missed. Not a sale only guessed or planned, nor a
    fund's or the institutions' portfolio trading (the guide: no equity change)."""
    assert "equity_change" in _present(_one(head, text))
    for other in ["某私募或已清仓甲科技", "甲股份股东拟“清仓”减持", "机构快速清仓：甲证券解禁重挫7%"]:
        assert "equity_change" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["甲科技(300111)董事长辞职乙股份(600222)重组生变 丙集团中标", "乙股份(600222)重组被暂停审核"])
def test_a_deal_in_a_state_it_is_still_in_has_not_happened(head, text):
    """A restructuring told in a state it is still in (重组生变, 被暂停审核, 延期, 卡壳, 疑云) is a plan not carried out
    (docs/annotation.md; statements.deal_pending): both were read as a restructuring that occurred. A deal rejected
    or completed is one."""
    assert "restructuring" not in _present(_one(head, text))
    for done in ["乙股份(600222)重组遭否", "乙股份(600222)完成对丙科技100%股权的收购"]:
        assert "restructuring" in _present(_one(head, done)), done


# what keeps its own status though the same words stand in it: a denial, a rumour, a plan, a condition, a change pending
_NEXT_STORY_TWINS = {
    "leadership_change": ["甲药业(600111)否认董事长辞职", "甲药业(600111)董事长辞职传闻不实", "甲药业(600111)董事长离职系谣言",
                          "甲药业(600111)董事长拟辞职"],
    "equity_change": ["戊药业(600222)三股东若减持将遵守相关规定", "戊药业(600222)控股股东变更事项尚未实施",
                      "戊药业(600222)股东减持计划披露 拟减持不超2%"],
    "bankruptcy_closure": ["生鲜电商甲网陷倒闭传言 公司回应:暂时调整业务"],
}


@needs_head
@pytest.mark.parametrize("code,text", [
    ("leadership_change", "甲药业(600111)副总经理张某因工作变动原因辞职乙科技第一大股东拟变更"),
    ("leadership_change", "丙证券(601111)董事长辞职丁股份控股股东拟减持不超2%股份"),
    ("leadership_change", "戊电气三名董事辞职己集团公告称实控人将会变更"),
    ("equity_change", "丙电气高管减持丁集团实控人拟转让公司控制权"),
    ("equity_change", "庚股份(002333)实控人变更辛科技控股股东拟减持"),
    ("bankruptcy_closure", "甲重工(600111)债权人申请重整乙科技拟摘牌"),
    ("bankruptcy_closure", "辛钢铁(600555)申请破产重整壬证券拟增发"),
    ("bankruptcy_closure", "癸药业子公司申请破产甲乙科技或被ST"),
    ("bankruptcy_closure", "丙丁地产宣告破产戊己集团拟出售资产")])
def test_a_matter_told_done_is_not_planned_by_the_next_storys_plan(head, code, text):
    """A departure, a share deal or a bankruptcy filing told done ends its story in a run-on headline; the next
    story's 拟, 将 or 或 made each of these read planned or speculated (statements.story_alone). A departure denied,
    called a rumour or planned, a sale under a condition, a change still pending, a sale plan and a closure told as a
    rumour keep their status."""
    assert code in _present(_one(head, text))
    for other in _NEXT_STORY_TWINS[code]:
        assert code not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["丙鞋业CEO与COO卷款潜逃", "己商贸老总张某诈骗跑路"])
def test_an_office_holder_who_fled_is_a_leadership_change(head, text):
    """An office-holder who fled with the money (卷款潜逃, 携巨款外逃) or ran (老总…跑路) no longer runs the company
    (docs/annotation.md: an arrest, flight or death of the person in charge counts; cues.DEFINING): both were missed,
    the flight read as the fraud alone. A flight told as a rumour, a former office-holder and a controller who holds
    no office named keep their reading."""
    assert "leadership_change" in _present(_one(head, text))
    for other in ["甲集团回应董事长卷款潜逃传闻", "某平台实控人潜逃"]:
        assert "leadership_change" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["乙财富因涉嫌诈骗已被上海警方立案调查", "己理财涉嫌非吸被立案调查 投资人集体维权"])
def test_a_fraud_case_opened_is_the_fraud_not_a_regulatory_action(head, text):
    """A police case opened for fraud (非法集资, 非吸, 诈骗, 传销) is the fraud it is about (docs/annotation.md;
    cues._NO_STATEMENT): both were read as a regulatory action. A regulator's investigation of a violation, and a
    police case for a crime outside fraud's list, stay regulatory actions."""
    res = _one(head, text)
    assert "regulatory_action" not in _present(res), res
    assert "fraud" in _present(res), res
    for action in ["某某股份涉嫌信披违规被证监会立案调查", "某某股份董事长涉嫌内幕交易被公安机关立案侦查"]:
        assert "regulatory_action" in _present(_one(head, action)), action


# wordings that hold a code's words yet state no such matter (docs/annotation.md), each was read as one, with the twins
# that state it and must keep their reading:
# - a criminal court's fine, and a law's measure of punishment, are no administrative penalty (a court's criminal fine
#   is litigation; cues.a_norm_or_phrases_only), though the headline's 被罚 is the penalty's own wording; a
#   regulator's fine, even beside a sentence, stays one;
# - a product on a quality blacklist is a regulator's finding (上质量黑榜 is a regulatory action; cues._NO_STATEMENT); a
#   blacklist of complaints or defaults stays public opinion by its other words;
# - core staff (核心技术人员, 核心员工) hold no office in charge (cues.staff_leaving_only); a supervisor leaving with them,
#   or an officer in the same sentence, is a leadership change;
# - a former chairman's death or a former president's arrest changes no one in charge now (not a former one;
#   cues.former_holder_befallen_only); the same befalling a serving one, or a serving one leaving beside it, is one.
_STATES_NONE = [
    ("administrative_penalty", ["甲科技(300111)犯欺诈发行罪被罚900万", "丙集团实控人获刑五年被罚500万元",
                                "最高法:对非法集资要从严、从重处罚"],
     ["甲科技(300111)信披违规被罚60万", "戊电气董事长被判刑 公司另遭证监会罚款300万元"]),
    ("major_public_opinion", ["乙家电热水器登质量“黑榜”", "辛牌羽绒服上质量黑榜"], ["丁金融频遭投诉屡上黑榜", "戊网贷逾期上黑榜"]),
    ("leadership_change", ["甲科技核心技术人员王某辞职", "丙环境(836111)核心员工李某辞职"],
     ["丁环境(836222)监事及核心员工张某辞职", "戊科技核心技术人员离职 副总经理同日辞职"]),
    ("leadership_change", ["甲集团原董事长王某去世", "丙银行前行长张某被捕", "原丁集团(600001)董事长李某被捕"],
     ["戊集团董事长王某去世", "己科技原董事长李某去世 现任董事长张某辞职", "中原高速董事长李某失联", "中原证券(601375)总裁王某失联"]),
    ("dishonest_debtor", ["午担保公司已履行全部义务 被移出失信被执行人名单", "未融资担保公司失信记录已修复"],
     ["申担保公司被法院列为失信被执行人", "戌公司被列入失信被执行人名单 此前曾被移出"]),
    ("administrative_penalty", ["丑市市场监管局已撤销对寅代理机构的处罚决定", "卯代理机构申请行政复议 撤销了罚款决定"],
     ["酉代理机构被罚款5万元 其申请撤销处罚决定被驳回"]),
    ("major_public_opinion", ["庚知识产权运营平台自2019年起连续五年未发生重大舆情事件", "癸运营平台近三年未发生过任何重大舆情事件",
                              "甲运营中心全年无重大负面舆情发生"],
     ["壬交易中心收费问题引发负面舆情，大量网友投诉"]),
    # the platforms' and IP offices' own work, worded in rights defence, cases, deals and bankruptcy (stop 48)
    ("major_public_opinion", ["丁市知识产权局启动“知识产权维权周”系列活动", "戊知识产权运营平台印发舆情应对工作指引",
                              "丙知识产权交易中心设立投诉举报信箱，接受公众监督"],
     ["多名出借人到壬平台集体维权", "癸专利代理公司被客户集中投诉，维权群人数超过300人"]),
    ("litigation", ["己知识产权保护中心举办专利侵权纠纷调解培训班", "庚知识产权法院发布2025年十大典型案例",
                    "辛省知识产权局：今年以来共办理专利侵权纠纷行政裁决案件1.2万件"], ["甲科技起诉乙公司侵犯其实用新型专利权"]),
    ("restructuring", ["己知识产权运营基金收购一批高校高价值专利", "癸知识产权运营基金完成对一批专利组合的收购与运营"],
     ["壬集团收购癸科技100%股权", "甲公司收购乙平台及其注册商标", "戊集团收购己专利代理公司100%股权", "甲集团完成对乙专利代理公司的收购"]),
    ("bankruptcy_closure", ["辛知识产权运营中心推进破产企业专利盘活服务", "壬知识产权运营中心为破产企业提供知识产权评估服务"],
     ["丙公司被法院裁定破产清算，其专利将被拍卖"]),
    # praise gone viral, a complaints line opened, and the work a court entrusts to a platform or an appraiser (stop 49)
    ("major_public_opinion", ["未知识产权交易中心直播带货专利，话题登上热搜，网友纷纷点赞", "申知识产权运营中心开通投诉热线，多名企业主前来咨询维权流程"],
     ["酉知识产权公司拒不退款话题登上热搜，大量网友投诉"]),
    ("litigation", ["戌知识产权交易中心受法院委托对涉案专利进行价值评估", "亥知识产权运营中心被法院指定为专利侵权案件技术调查官单位",
                    "子知识产权交易中心承接法院司法拍卖的专利资产，成交价120万元"],
     ["受法院委托，丑交易中心拍卖寅公司的专利，寅公司因合同纠纷被判赔偿200万元"]),
    ("equity_change", ["辛公司将其持有的3件专利质押给壬银行", "丁公司办理了商标专用权质押登记手续", "丁专利代理事务所执行事务合伙人变更为张某"],
     ["丙公司股东以其持有的公司股权及专利权质押，为借款提供担保", "戊投资基金执行事务合伙人变更为己资本，原普通合伙人退伙"]),
    ("litigation", ["卯仲裁委员会在辰知识产权运营中心设立知识产权仲裁中心", "巳市中级人民法院在午知识产权交易中心设立巡回审判点",
                    "未知识产权运营中心成功调解一起专利侵权纠纷，双方当场达成和解", "申知识产权保护中心受理专利侵权纠纷调解申请35件"],
     ["法院成功调解一起酉知识产权运营中心的合同纠纷", "戌公司向北京仲裁委员会申请仲裁，要求亥知识产权运营中心支付服务费",
      "中国国际经济贸易仲裁委员会裁决，子集团与丑集团签订的商标许可补充协议无效"]),
    # advice offered or taught, a legal department's remit, advice to firms in bankruptcy in general, and a casebook's
    # title (stop 50)
    ("litigation", ["甲知识产权运营中心与乙律师事务所签署战略合作协议，共同为企业提供知识产权诉讼咨询服务",
                    "丙知识产权服务中心开展海外维权培训，邀请专家讲解涉外诉讼应对策略",
                    "己知识产权交易平台法务部负责处理平台涉及的合同审核、诉讼仲裁等法律事务"],
     ["丁公司在涉外诉讼中败诉，被判赔偿2000万美元", "庚平台因法律事务处理不当被客户起诉，索赔50万元"]),
    ("bankruptcy_closure", ["专家表示，企业在破产重整中应重视专利等无形资产的处置"], ["戊企业在破产重整中将其持有的200项专利打包拍卖"]),
    ("administrative_penalty", ["己知识产权交易平台发布《知识产权行政处罚案例汇编》，供企业学习参考"],
     ["庚平台因发布虚假的《知识产权运营服务指南》被市场监管局罚款5万元"]),
    # cover, a tool, a lecture or a course on lawsuits, a report a court adopted, and an industry's or a court's figures
    # (stop 51)
    ("litigation", ["丑保险公司推出知识产权侵权损失险，为企业维权诉讼提供费用保障",
                    "寅知识产权运营平台上线“诉讼风险评估”工具，帮助企业识别知识产权纠纷风险",
                    "卯律师事务所合伙人在讲座中分析了专利侵权诉讼中的举证责任分配",
                    "辰知识产权运营中心举办“知识产权诉讼与仲裁实务”培训班", "巳评估公司出具的专利价值评估报告被法院采信",
                    "报告显示，今年知识产权侵权诉讼案件数量同比增长15%"],
     ["午保险公司因拒赔被投保企业起诉至法院", "未评估公司因评估报告失实被委托人起诉，索赔80万元"]),
    ("administrative_penalty", ["证监会今年以来共作出行政处罚决定300余件，罚没款金额超百亿元",
                                "分析人士认为，处罚力度加大有助于净化市场环境"],
     ["证监会加大处罚力度，对申公司罚款100万元"]),
    ("restructuring", ["并购重组审核节奏加快，年内已有23单获通过"], ["酉集团收购戌科技60%股权，交易已获证监会审核通过"]),
    ("equity_change", ["股权质押风险整体可控，高比例质押公司数量持续下降"], ["亥公司控股股东将所持30%股份质押给子银行"]),
    ("bankruptcy_closure", ["丑县法院召开破产审判工作新闻发布会，通报近三年审结破产案件情况"], ["寅县法院裁定受理卯公司破产清算申请"]),
    # an inspection passed or that found nothing, and a credit check's search of the judgments' website that found none
    # (stop 51)
    ("regulatory_action", ["监管部门对辰知识产权交易平台开展现场检查，检查结果为合格", "在本次专项检查中，巳市12家专利代理机构均未发现违规问题"],
     ["午市监管局开展现场检查，发现未代理机构存在违规收费问题，已责令整改", "申公司产品抽查不合格，被市场监管局责令整改"]),
    ("litigation", ["裁判文书网检索结果：酉评估公司作为当事人的案件共0件"],
     ["裁判文书网查询结果显示，戌评估公司涉及3起合同纠纷，均为被告"]),
    # a how-to and the scale of punishment in general (stop 51)
    ("leadership_change", ["负责人变更登记需要提交哪些材料？办事指南一览"], ["丑知识产权运营中心负责人变更为寅某"]),
    ("litigation", ["普法小课堂：专利侵权的诉讼时效是多久？"], ["卯科技起诉辰公司专利侵权，诉讼时效问题成为争议焦点"]),
    ("administrative_penalty", ["新修订的专利法提高了侵权赔偿和处罚标准"], ["巳公司因假冒专利被市场监管局罚款10万元"]),
    # a head elected again, and an article whose reach is called small (stop 51)
    ("leadership_change", ["亥公司监事会主席任期届满，经股东会选举连任"], ["子公司监事会主席任期届满，经股东会选举由丑某接任"]),
    ("major_public_opinion", ["某自媒体发布文章质疑寅知识产权运营平台的盈利模式，阅读量不足千次",
                              "某用户在黑猫投诉平台投诉午知识产权公司虚假宣传，目前商家尚未回复"],
     ["某自媒体发布文章质疑卯知识产权运营平台违规收费，阅读量超过百万，引发网友热议",
      "多名用户在黑猫投诉平台集体投诉未知识产权公司虚假宣传，投诉量超过500条"]),
    # a design's pictures, a place trending, a lawyer's record of cases, a warning for any such wrongdoing (stop 52)
    ("major_public_opinion", ["网友曝光了辰品牌新款手机的渲染图，屏幕尺寸有所增加", "巳品牌新款电动车内饰首次曝光，将于下月发布",
                              "登上热搜的“专利小镇”，吸引了众多游客前来参观"],
     ["网友曝光了午品牌新款手机存在严重发热问题，大量用户投诉", "未品牌新车内饰异味问题登上热搜，车主集体维权"]),
    ("litigation", ["酉律师事务所合伙人张某曾代理多起专利侵权案件，胜诉率较高"], ["戌律师事务所被客户诉至法院，案件已开庭审理"]),
    ("administrative_penalty", ["对违法违规行为将依法给予警告、罚款等处罚"], ["亥专利代理公司因违规行为被市场监管局罚款5万元"]),
    ("leadership_change", ["经董事会审议，同意续聘子某为公司副总经理", "辰专利代理公司举行董事会换届选举，全体董事连任",
                           "申评估公司法定代表人孙某，兼任中国资产评估协会理事"],
     ["经董事会审议，同意聘任丑某为公司副总经理", "巳专利代理公司举行董事会换届选举，原董事长退休，王某当选董事长",
      "午公司董事会决定，由副总经理张某代理总经理职务"]),
    ("litigation", ["寅律所发布《2024年知识产权诉讼年度报告》", "卯法院知识产权庭法官走进园区，为企业讲解商标侵权案件审理要点"],
     ["辰律所发布《2024年知识产权诉讼年度报告》，并被客户起诉索赔"]),
    ("regulatory_action", ["市场监管总局集体约谈20家电商平台，要求落实知识产权保护主体责任", "证监会：今年以来共向上市公司发出问询函1200余份"],
     ["市场监管总局约谈巳、午等5家电商平台，要求落实主体责任", "深交所向申公司发出问询函，要求说明股价异常波动原因"]),
    ("major_public_opinion", ["酉平台设立“12345”知识产权投诉举报分中心，方便企业反映问题"],
     ["戌平台“收费不退款”问题引发众多企业投诉，话题阅读量超千万"]),
    ("restructuring", ["亥证券公司并购重组业务收入同比增长25%"], ["子证券公司完成对丑期货公司的收购，并购重组业务收入同比增长25%"]),
    ("bankruptcy_closure", ["寅法院破产法庭今年共受理企业破产案件56件", "巳银行注销了一家长期停业的分理处",
                            "午专利代理机构申请注销1名专利代理师的执业证"],
     ["卯法院裁定受理辰知识产权服务公司破产清算申请", "未公司注销了一家长期停业的子公司"]),
    ("dishonest_debtor", ["法院加大对被执行人财产的查控力度，全年执结案件2万余件", "某法院开展“执行难”专项治理，发布一批失信被执行人名单",
                          "律师提醒：被列入失信被执行人名单后，将无法乘坐飞机和高铁", "最高法：2024年共有120万失信被执行人主动履行义务后被移出名单"],
     ["申公司被列入失信被执行人名单后，股价大跌", "某区法院发布一批失信被执行人名单，酉担保公司在列"]),
    # a complaint site's record of one, no default, a court's count, a statute's remedy, a regulator's batch naming
    # none, a round of funding only started, a how-to (stop 53)
    ("major_public_opinion", ["【黑猫投诉】投诉对象：子知识产权代理公司 投诉问题：商标注册失败不退款 投诉要求：退款 投诉进度：已完成",
                              "丑知识产权ABS产品已完成全部本息兑付，未发生违约"],
     ["近一个月，黑猫投诉平台上关于寅知识产权代理公司的投诉超过200条，多为收费后未办理、拒不退款", "卯知识产权ABS产品未能按期兑付本息"]),
    ("litigation", ["辰知识产权法院成立五周年，累计受理案件3万余件", "专利权人与被许可人发生纠纷的，可以向人民法院起诉",
                    "某知识产权法庭开展“法官进企业”活动，为企业提供诉讼指引"],
     ["巳公司与被许可人发生纠纷，已向人民法院起诉"]),
    ("regulatory_action", ["工信部通报2023年第3批侵害用户权益行为的APP，要求相关企业限期整改"],
     ["工信部通报午知识产权交易平台App违规收集个人信息，要求限期整改"]),
    ("administrative_penalty", ["某市市场监管局公布一批行政处罚案件，涉及虚假宣传、无照经营等违法行为", "国家知识产权局公布第二批知识产权行政处罚典型案例"],
     ["某市市场监管局公布一批行政处罚案件，申知识产权代理公司因虚假宣传被罚款8万元"]),
    ("equity_change", ["酉知识产权服务公司宣布启动新一轮融资，目前正与多家机构接洽", "律所合伙人退伙需要办理哪些手续？"],
     ["戌知识产权服务公司宣布完成新一轮融资", "亥律所高级合伙人张某退伙，加入另一家律所"]),
]


@needs_head
@pytest.mark.parametrize("code,text,twins", [(code, text, twins)
                                             for code, texts, twins in _STATES_NONE for text in texts])
def test_wording_that_states_no_such_matter_is_not_read_as_one(head, code, text, twins):
    """A court's fine, a quality blacklist, core staff leaving, what befalls a former office-holder, a debtor taken off
    the dishonest list, a penalty annulled (credit repair), a record of no public opinion, and the platforms' and IP
    offices' own work (enforcing IP rights, a complaints mailbox or line, mediation taught, exemplary cases, case
    counts, patents bought or pledged, a partnership's new head, the IP of bankrupt firms, praise gone viral, work a
    court entrusts, dispute resolution hosted or done, cover, tools, lectures and courses on lawsuits, a report a
    court adopted, an industry's or a court's figures, an inspection passed, a search that found no case, a head
    elected again, an article few read, one customer's complaint, a how-to, the scale of punishment, a design's
    pictures, a place trending, a lawyer's record of cases, what any wrongdoing will get, a deputy hired again, a
    board whose members all stay or an association's post held besides (专利代理 is the agent's trade, no acting head),
    a report's title, a judge's talk, a collective summons or letters counted, an office for complaints, deals as a
    line of business, a bankruptcy court's count, a branch or a certificate cancelled, the system of enforcement
    with no debtor named, a complaint site's record of one, a product paid in full, a court's count of cases, a
    statute's remedy at law, a regulator's batch that names none, a round of funding only started) state no penalty,
    outcry, change of the person in charge, dishonest debtor, lawsuit, equity change, restructuring, regulatory
    action or bankruptcy (the table above): each was reported. Their twins state one (a subsidiary deregistered is
    closed; a list that names a debtor names one; a 原 inside a name, `中原证券`, is no former office; a patent agency
    bought is a company; a court's mediation and an arbitral award are lawsuits; shares pledged beside patents and a
    partner who leaves are an equity change; an inspection that found a breach, or a product that failed a check, is
    a regulatory action; a successor elected is a change; an article read a million times and many customers
    complaining together are an outcry, and so is a product's fault made public or trending)."""
    assert code not in _present(_one(head, text))
    for twin in twins:
        assert code in _present(_one(head, twin)), twin


# code, a text no sentence of which states it, a twin that does, and the word the twin's evidence holds
_STATED_BY_NO_SENTENCE = [
    ("litigation", "【关注】丁宝系非法集资案主犯被移送起诉", "【关注】卯网贷平台被出借人起诉至法院", "起诉"),
    ("litigation", "辛财富实控人涉嫌集资诈骗罪被移送起诉！揭秘百亿骗局始末", "辰财富实控人被出借人起诉！揭秘百亿骗局始末", "起诉"),
    ("administrative_penalty", "壬股份(300999)股东减持套现 壬科技(300998)犯欺诈发行罪被罚900万",
     "丑股份(300997)股东减持套现 丑科技(300996)因信披违规被证监会罚款60万", "罚款"),
    ("administrative_penalty", "癸信息欺诈发行罪名成立被罚600万 原董事长获刑三年", "寅信息虚假陈述被证监会罚款600万 原董事长被市场禁入",
     "罚款"),
    ("administrative_penalty", "子股份(600999)被判欺诈发行罚款720万 股价复牌涨停", "丑科技(300996)因信披违规被证监会罚款60万 股价下跌",
     "罚款"),
]


@needs_head
@pytest.mark.parametrize("code,text,twin,word", _STATED_BY_NO_SENTENCE)
def test_a_matter_that_no_sentence_states_is_not_present(head, code, text, twin, word):
    """The document part and the encoder read a text whole; where no sentence states the code (a case only sent to
    the prosecutors, a court's fine), their certainty alone reports no matter, which would quote a column heading
    or another story as its evidence. The twin states it, and its evidence is the sentence that does."""
    assert code not in _present(_one(head, text))
    found = [m for m in _one(head, twin) if m["code"] == code and m["status"] == "occurred"]
    assert found, twin
    assert word in twin[found[0]["start"]:found[0]["end"]]


# code, texts written the way the platforms' world writes that state it (each was missed), and texts that do not
# (stop 49; docs/annotation.md, hard cases)
_STATED_IN_THE_PLATFORMS_WORDS = [
    # a platform's head is often its 主任, its departure told by who now runs it, a new head by arrival, a seat by
    # election
    ("leadership_change", ["子知识产权运营中心主任刘某退休", "经研究决定，由周某主持丑知识产权交易所全面工作",
                           "寅知识产权交易中心原董事长孙某已于上月退休，由副总经理吴某主持工作", "丁知识产权运营中心新任主任刘某到任",
                           "戊知识产权交易所召开股东会，补选陈某为董事", "甲律师事务所管理合伙人变更为李某",
                           "丙知识产权运营基金执行事务合伙人委派代表由张某变更为刘某"],
     ["卯知识产权服务中心副主任郑某退休", "辰知识产权运营中心主任冯某主持召开年度工作会议",
      "巳知识产权运营中心主任褚某在退休老干部座谈会上讲话", "蒋某曾主持午知识产权运营中心全面工作，现任未集团副总经理",
      "体育总会常委会增补李某和吴某为全国体总副主席"]),
    # a credit check's registry status of deregistered or revoked, a dissolution decided, a business stopped for good
    ("bankruptcy_closure", ["申专利代理有限公司登记状态：注销", "酉知识产权代理公司企业状态为“吊销”", "戌专利代理有限公司已注销",
                            "亥商标事务所注销原因：合伙人决议解散", "乙公司股东会决议解散公司并成立清算组",
                            "甲知识产权交易平台宣布自即日起停止运营", "乙专利代理公司已人去楼空，停止经营"],
     ["甲知识产权服务公司登记状态：存续", "会员账户已注销，相关数据将在30日后删除", "如何办理知识产权代理公司注销登记？",
      "丁国总统宣布解散议会，提前举行大选", "该国反对党党首正式宣布该党解散", "丙知识产权交易平台春节期间停止营业",
      "丁平台系统升级期间停止运营"]),
    # a court's bar on planes and trains, and enforcement ended for want of property (终本案件)
    ("dishonest_debtor", ["丙担保公司董事长因公司欠债被法院限制乘坐飞机高铁", "丙知识产权公司有终本案件2起，未履行金额合计86万元"], []),
    # many customers complaining together (the outcry's reach in the next sentence), a name called out by state media
    ("major_public_opinion",
     ["近期，多名创业者在社交平台反映，午知识产权服务公司以“包授权”为名收取高额费用，专利被驳回后拒不退款。相关话题阅读量超过5000万。",
      "乙专利代理公司“代写专利骗补贴”被人民日报点名批评"],
     ["多名用户反映酉知识产权交易平台操作便捷、服务高效", "新华社点名表扬一批知识产权运营先进单位", "壬知识产权交易中心获人民日报点赞"]),
    # 改制, the notice's first named matter: a public unit converted, a mixed-ownership reform done, a joint-stock company
    ("restructuring", ["丙知识产权服务中心由事业单位转制为国有独资公司", "甲知识产权交易中心完成混合所有制改革，引入三家民营资本",
                       "丁知识产权运营有限公司整体变更为股份有限公司"],
     ["戊知识产权运营有限公司拟整体变更为股份有限公司", "己知识产权服务中心将改制为国有独资公司", "推动事业单位改制为企业是深化改革的重要内容",
      "庚公司公告，本次重大资产重组相关中介机构已完成尽职调查", "辛公司本次重大资产重组的审计、评估工作已完成",
      "市国资委正研究两家知识产权运营平台整合重组方案"]),
    # a head appointed by a decision or an election (a bare 任), approved by the regulator or made formal, an office
    # another now holds, a partnership's head's death, a holder come in on the registry, a bank's dissolution approved,
    # an appraisers' association's reprimand, a penalty named for what it is or told from the licence, a case an IP
    # office opened, a regulator's takeover, a complaint that spread
    ("leadership_change", ["经市委研究决定，王某任甲知识产权运营中心主任", "乙知识产权交易中心完成领导班子换届，王某任新一届中心主任",
                           "甲银行公告，监管机构已核准王某的行长任职资格", "乙保险公司公告，李某的总经理任职资格已获国家金融监督管理总局核准",
                           "据任前公示，郑某拟任丙知识产权运营中心主任。公示期满后，市委已正式任命郑某为该中心主任。",
                           "丁中心主任一职由市知识产权局副局长赵某兼任，原主任钱某调往市科技局工作", "戊专利代理事务所首席合伙人吴某病逝，享年62岁"],
     ["换届后，王某继续任丙知识产权运营中心主任", "赵某任丁知识产权运营公司董事长兼法定代表人，公司注册资本1亿元", "戊中心将于下月进行换届",
      "丙保险公司拟聘任李某为总经理，其总经理任职资格尚需获得监管核准", "王某现任己知识产权运营中心主任，主持中心全面工作",
      "截至目前，市委还没有正式任命郑某为庚中心主任", "辛专利代理事务所首席合伙人吴某荣获年度优秀专利代理师称号"]),
    ("equity_change", ["工商信息显示，丁专利代理公司注册资本由1000万元增至5000万元，新增股东为某投资基金",
                       "工商变更信息显示，某投资基金成为戊知识产权运营公司新股东，持股20%", "工商信息显示，丙公司新增三名自然人股东",
                       "经市政府批准，甲知识产权运营公司100%股权整体划转至市科创集团",
                       "乙平台运营公司由市国资委全资子公司变更为市属集团控股子公司"],
     ["己公司本次新增股东大会临时提案一项", "庚公司新增股东户数较上期增加1200户"]),
    ("bankruptcy_closure", ["银保监会批复同意甲村镇银行解散", "乙知识产权运营平台经营状态显示为“歇业”"],
     ["会议决定宣布该临时工作小组解散", "丙知识产权运营平台经营状态显示为“存续（在营、开业、在册）”"]),
    ("regulatory_action", ["己资产评估公司被中国资产评估协会予以行业谴责"], ["中国资产评估协会发布行业自律惩戒办法"]),
    ("administrative_penalty", ["北京甲律师事务所被司法局处以停业整顿三个月的行政处罚", "丁专利代理机构执业许可证被国家知识产权局吊销",
                                "国家知识产权局商标局决定停止受理戊商标代理机构办理商标代理业务6个月"],
     ["乙律师事务所曾被司法局处以停业整顿三个月的行政处罚", "丙律师事务所近三年未被处以任何行政处罚", "如何避免专利代理机构执业许可证被吊销？",
      "根据己专利代理机构的申请，国家知识产权局决定注销其专利代理机构执业许可证"]),
    ("regulatory_action", ["国家知识产权局就庚代理机构涉嫌代理非正常专利申请立案调查", "监管部门依法对辛信托公司实施接管，接管期限一年",
                           "壬保险公司被银保监会接管，接管组已进驻"],
     ["市场监管局表示，对涉嫌违法的机构将依法立案调查", "癸商场被某集团接管后重新开业", "监管部门表示，将视情况对该信托公司实施接管"]),
    ("major_public_opinion",
     ["近日，有网友在社交平台发帖称丙专利代理机构收费后迟迟不提交申请，帖子转发量过万，不少网友留言称有类似遭遇",
      "有网友发帖称丁专利代理机构收费后不提交申请，引发网友热议"],
     ["戊知识产权运营平台正式上线，相关话题阅读量超过1亿次", "己平台员工救助落水儿童的视频播放量超过1000万，网友纷纷点赞",
      "网友发帖询问专利代理机构收费标准，引发热议"]),
    # two platforms made one, and a stake or a partnership's partners told from one figure to another (stop 51)
    ("restructuring", ["丑知识产权交易平台与寅技术交易所完成整合，组建新的知识产权交易中心"],
     ["卯市支持知识产权服务机构和国内外知名企业实施整合、并购和战略合作"]),
    ("equity_change", ["辰专利代理机构的合伙人由三人增至五人", "戌投资持有亥公司的持股比例由5%增至8%"],
     ["未投资对申公司的持股比例将由5%增至8%"]),
    # a warning given by its authority, and a partnership's change of form (stop 52)
    ("administrative_penalty", ["财政部对子资产评估公司出具不实评估报告的行为给予警告，并暂停执业6个月"],
     ["中国资产评估协会对丑评估师给予警告的行业惩戒", "财政部将对寅资产评估公司给予警告"]),
    ("restructuring", ["卯律师事务所已改制为特殊的普通合伙", "辰律师事务所完成改制，由普通合伙改制为特殊的普通合伙"],
     ["巳律师事务所拟改制为特殊的普通合伙"]),
    ("equity_change", ["戌知识产权运营公司信用报告。股权出质登记信息：出质人张某，质权人亥银行，出质股权数额500万元"],
     ["子知识产权运营公司信用报告。股权出质登记信息：暂无", "丑科技公司知识产权出质登记信息：出质人丑科技公司，出质专利3件"]),
    ("leadership_change", ["午知识产权交易中心迎来新掌门，原副主任刘某升任主任", "刘某升任酉知识产权交易中心主任"],
     ["申知识产权交易中心副主任刘某有望升任主任"]),
    # a platform's own report of an outcry, many firms complaining, customers gathering at the door, shares a court
    # auctioned, a regulator's letter or watch list, a platform's measure against its institution, a firm warned, a
    # deregistration done, a firm dissolved (stop 53)
    ("major_public_opinion", ["某运营中心本月发生一起负面舆情事件，中心已第一时间妥善处置。", "多家企业投诉申平台收取高额服务费",
                              "酉担保公司大量客户到公司总部聚集，要求退还保证金"],
     ["戌知识产权运营中心今年未发生负面舆情", "一旦发生重大舆情，应第一时间启动应急预案",
      "根据通知，功能性平台发生重大舆情、诉讼、行政处罚等事项的，应于事项发生之日起一周内报告", "多家企业参加了专利质押融资对接会",
      "大量客户到店参观新品", "亥市开通知识产权投诉举报平台"]),
    ("equity_change", ["子银行第二大股东所持股份被司法拍卖，由丑投资公司竞得"], ["寅银行第二大股东所持股份将被司法拍卖"]),
    ("regulatory_action", ["某金融监管局向某银行下发风险提示函，要求其加强知识产权质押贷款风险管理。",
                           "亥融资担保公司被地方金融管理局列入重点关注名单，要求限期补足资本金",
                           "该平台对信用等级为D级的卯代理机构作出暂停交易资格6个月的处理",
                           "某平台公布2024年度入驻机构信用评价结果，辰专利代理公司被评为D级，取消入驻资格"],
     ["地方金融管理局召开融资担保行业监管工作会议", "平台对信用等级为D级的机构，将取消其入驻资格", "情节严重的，平台可以暂停其交易资格"]),
    ("administrative_penalty", ["子资产评估公司因出具不实报告被财政部警告"], ["丑资产评估公司将被财政部警告"]),
    ("bankruptcy_closure", ["卯知识产权运营公司因长期未开展业务，已办理简易注销", "辰专利代理事务所因合伙人全部退伙而解散"],
     ["巳知识产权运营平台的会员账户已办理注销", "午知识产权服务公司因业务调整，已办理注销一家分理处的手续"]),
    # firms merged, a partner who leaves, partners changed, a controller told from one to the next (stop 53)
    ("restructuring", ["甲律师事务所与乙律师事务所正式合并，合并后更名为丙律师事务所",
                       "经市政府批准，丁知识产权交易所并入市产权交易集团，成为其全资子公司"],
     ["戊知识产权交易所拟并入市产权交易集团", "己集团津冀区域、山西区域正式合并，后台人员在北京办公"]),
    ("equity_change", ["庚律所高级合伙人张某退伙，加入另一家律所", "辛知识产权运营基金有限合伙人发生变更，某社保基金退出，某产业资本入伙",
                       "据天眼查显示，该平台实际控制人已由某市国资委变更为某省国资委。"],
     ["癸律所合伙人张某拟于年底退伙", "子公司实际控制人拟由某市国资委变更为某省国资委"]),
    # a centre's head appointed with its organisation named in full, a firm's head's obituary, a new investor brought in
    # (stop 54: each missed); a head who stays, a former head, a relative's death, a plan and a policy state none
    ("leadership_change", ["经市委研究决定，丑某同志任寅知识产权运营中心党委书记、主任，免去其市知识产权局副局长职务",
                           "著名律师、卯律师事务所创始合伙人、主任辰某同志因病医治无效，于2024年3月2日在北京逝世，享年62岁"],
     ["经研究决定，巳某继续任午知识产权交易中心有限公司总经理", "申律师事务所原主任酉某同志因病医治无效，于2024年3月2日逝世",
      "戌公司董事长亥某的父亲于2024年3月2日去世"]),
    ("equity_change", ["子知识产权运营公司新引入战略投资者丑产业基金，后者持股20%"],
     ["寅担保公司拟引入战略投资者，目前正与多家机构洽谈", "该市鼓励知识产权运营机构积极引入战略投资者"]),
]


@needs_head
@pytest.mark.parametrize("code,text,others", [(code, text, others) for code, texts, others
                                              in _STATED_IN_THE_PLATFORMS_WORDS for text in texts])
def test_a_matter_in_the_platforms_words_is_read(head, code, text, others):
    """What is written about the platforms and their institutions states its matter as the guide reads it (the table
    above): each text was missed. A deputy, a meeting chaired, a past post, a firm in business, an account closed, a
    party dissolved, praise, a plan, a policy and an association's discipline state none."""
    assert code in _present(_one(head, text))
    for other in others:
        assert code not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text,code,status", [("己公司董事会提名何某为新任总经理候选人，尚需股东大会选举", "leadership_change", "planned"),
                                              ("甲公司不存在终本案件", "dishonest_debtor", "denied")])
def test_a_nominee_is_planned_and_a_record_of_none_denied(head, text, code, status):
    """A nominee is no office-holder until elected (read occurred); a credit check's record of no enforcement ended
    denies it."""
    found = [m for m in _one(head, text) if m["code"] == code]
    assert found and all(m["status"] == status for m in found), found


@needs_head
@pytest.mark.parametrize("text,code,status", [("知情人士透露，卯知识产权运营公司可能因合同纠纷被合作方起诉", "litigation", "speculated"),
                                              ("辰律师事务所与巳律师事务所正式合并", "restructuring", "occurred"),
                                              ("午知识产权交易所召开股东会，审议通过关于吸收合并申产权交易公司的议案，尚需报国资委批准",
                                               "restructuring", "planned"),
                                              ("酉担保公司会不会破产？员工称工资已拖欠三个月", "bankruptcy_closure", "speculated"),
                                              ("戌代理机构曾于2020年因违规代理被罚款3万元", "administrative_penalty", "historical")])
def test_a_suit_guessed_with_its_cause_and_a_merger_made_keep_their_status(head, text, code, status):
    """A suit guessed with its cause between the hedge and the word is a guess, a merger told as made happened, a
    merger's motion the next clause says awaits approval is still a plan, an either-way question (会不会) asks and
    denies nothing, and a penalty a past word opens is history though its cause holds another code's word (stop 53:
    read occurred, planned, occurred, denied and occurred)."""
    found = [m for m in _one(head, text) if m["code"] == code]
    assert found and all(m["status"] == status for m in found), found


@needs_head
@pytest.mark.parametrize("text", ["亥市司法局对甲律师事务所处以停业整顿6个月的处罚",
                                  "子市知识产权局对乙专利代理机构作出停业整顿三个月的处分",
                                  "丙律师事务所被司法局处以停业整顿三个月",
                                  "省司法厅决定吊销丁律师事务所执业许可证"])
def test_a_firms_suspension_or_licence_revoked_by_its_authority_is_a_penalty(head, text):
    """律师法's penalties told by the authority that gives them (停业整顿, 吊销执业许可证): read as history, as an
    order to stop, or missed (stop 54). A suspension only guessed, and a statute's list of what may be given, state
    no penalty that happened."""
    assert "administrative_penalty" in _present(_one(head, text))
    for other in ("知情人士称，戊律师事务所可能被司法局处以停业整顿",
                  "律师事务所有下列行为之一的，由设区的市级人民政府司法行政部门视其情节给予警告、停业整顿一个月以上六个月以下的处罚"):
        assert "administrative_penalty" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text,code", [("法院已颁令将本公司清盘，并委任临时清盘人", "bankruptcy_closure"),
                                       ("开曼群岛大法院已颁布清盘令，本公司股份将于联交所除牌", "bankruptcy_closure"),
                                       ("联交所上市委员会决定取消本公司的上市地位，本公司股份将于2024年5月除牌", "regulatory_action")])
def test_a_hong_kong_courts_winding_up_order_or_delisting_is_read(head, text, code):
    """A Hong Kong or offshore court's winding-up order and the exchange's delisting in the filings' words (read in
    simplified characters, nlp/hanzi.py): the order read as planned, its 将 the disposal marker, the others missed
    (stop 54). An order set aside, one a creditor may seek and an exchange's power state none."""
    assert code in _present(_one(head, text))
    for other in ("法院已撤销对本公司的清盘令", "如本公司未能偿还债务，债权人或会寻求法院颁令将本公司清盘",
                  "联交所有权取消长期停牌公司的上市地位"):
        assert code not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text", ["卯专利代理机构将前员工告上法庭，称其泄露客户技术秘密",
                                  "辰融资担保公司因代偿纠纷将借款企业诉至法院，要求偿还代偿款1200万元"])
def test_a_party_taken_to_court_is_a_lawsuit_that_happened(head, text):
    """`告上法庭` holds no finder word and was missed; `将…诉至法院` was read as planned, its 将 the object marker
    (stop 54). A threat, a past suit, a plan and a condition are no present lawsuit."""
    assert "litigation" in _present(_one(head, text))
    for other in ("巳公司扬言要将该专利代理机构告上法庭", "午知识产权公司曾于2015年被合作方告上法庭，后双方和解",
                  "申律所表示，若对方继续侵权，将依法将其诉至法院", "如果你被信贷机构告到法院，而且你败诉了，这样会影响征信"):
        assert "litigation" not in _present(_one(head, other)), other


@needs_head
def test_a_delisting_from_today_is_read_and_a_patent_taken_off_an_exchange_by_a_buyer_is_none(head):
    """An IP exchange's 摘牌 is a buyer taking what was listed, no delisting: `被某企业正式摘牌` was read as a regulatory
    action; a company's shares delisted from today (`今日起终止上市`) were missed (stop 54)."""
    assert "regulatory_action" in _present(_one(head, "酉上市公司股票于今日起终止上市并摘牌。"))
    assert "regulatory_action" in _present(_one(head, "网酒网等六家公司今起摘牌 这家仅挂牌四个月"))
    for other in ("某专利包于3月1日在知识产权交易所挂牌，挂牌价500万元，3月20日被戌企业正式摘牌。",
                  "亥科技公司以1200万元成功摘牌某高校专利组合。"):
        assert "regulatory_action" not in _present(_one(head, other)), other


@needs_head
@pytest.mark.parametrize("text,code", [
    ("中国资产评估协会对某评估机构进行自律惩戒，给予通报批评", "regulatory_action"),
    ("某外资知识产权服务公司任命David Lee为大中华区总裁。", "leadership_change"),
    ("某银行行长张某因年龄原因退休", "leadership_change"),
    ("辰知识产权运营中心主任王某被市纪委监委带走调查", "leadership_change"),
    ("巳中概股收到Nasdaq退市通知 公司拟申请听证", "regulatory_action"),
    ("成立20年的午专利代理所宣布关门", "bankruptcy_closure"),
    ("戌代理机构违反《专利代理条例》的规定，被省知识产权局责令限期改正并予以警告", "administrative_penalty"),
    ("某专利运营公司因拒不履行生效判决，被纳入失信名单。", "dishonest_debtor"),
    ("甲知识产权服务公司成“老赖”，法定代表人被限制出境", "dishonest_debtor"),
    ("董秘回复：公司控股股东已于11月完成股份质押解除手续。", "equity_change"),
])
def test_a_matter_told_by_who_gives_it_or_in_a_foreign_name_is_read(head, text, code):
    """Wordings missed or misread before stop 55: an association's discipline told by the association (only the
    passive was read), an appointment or a delisting notice with a name in Latin letters, a retirement for its cause,
    a head taken away by the body named (read as a regulatory action only), a firm's doors shut for good, a warning
    given with an order to rectify (read as the order only), a bare 失信名单 after a judgment (read as history), a
    defaulter, a pledge's release told pledge first."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("违反本办法规定，擅自设立分中心的，由主管部门责令改正并予以通报", "regulatory_action"),
    ("登记机构违规登记的，由知识产权管理部门责令改正", "regulatory_action"),
    ("协会将对违规会员给予通报批评", "regulatory_action"),
    ("丙知识产权服务中心春节期间关门休息", "bankruptcy_closure"),
    ("公司拟聘任Mary Chen为财务总监，尚需董事会审议", "leadership_change"),
    ("原董事长孙某被纪委带走", "leadership_change"),
    ("丁公司已按期清偿，未被纳入失信名单", "dishonest_debtor"),
    ("戊公司以15项发明专利办理的专利权质押解除手续已完成", "equity_change"),
    ("经核查，公司不存在应披露而未披露的重大诉讼、仲裁事项", "litigation"),
])
def test_a_statutes_consequence_a_holiday_and_a_boilerplate_denial_state_no_matter(head, text, code):
    """What may be done to a wrongdoer (`…的，由…责令改正`, four People's Daily statute articles were flagged), a
    discipline only announced, a holiday's closed doors, an appointment proposed, a former holder, a record of none,
    a patent pledge released (no shares) and the announcements' `不存在应披露而未披露的…事项` (read as a lawsuit: the
    status window did not reach its 不) state no present matter of the code."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
def test_a_foreign_name_does_not_cut_the_status_window(head):
    """The status window counts a Latin name of several words as one character: `完成对Smith & Partners LLP的收购`
    was read from `artners LLP的收购`, as history (stop 55)."""
    found = _one(head, "己知识产权服务集团完成对Smith & Partners LLP的收购")
    assert "restructuring" in _present(found), found


@needs_head
@pytest.mark.parametrize("text,code,twin", [
    ("某知识产权运营中心主任一职由谁接任，目前尚无定论。", "leadership_change", "董事长张某已辞职，由谁接任尚未确定。"),
    ("某知识产权运营中心为企业提供劳动仲裁、专利诉讼等法律咨询服务。", "litigation", "某律所为某公司提供诉讼服务，却被该公司起诉。"),
    ("辛公司此前披露的股东减持计划已提前终止，计划期间股东未减持公司股份", "equity_change",
     "辛公司此前披露的股东减持计划已提前终止，计划期间股东累计减持公司股份0.8%"),
    ("壬公司收购某专利运营公司一事仍在洽谈中，尚未签署正式协议", "restructuring",
     "壬公司已于日前完成对某专利运营公司的收购，并完成工商变更登记"),
    ("一名网友在微博吐槽癸银行服务态度差，该行客服已致电道歉", "major_public_opinion",
     "一位出借人在网上发帖称癸平台逾期三个月未兑付，随后上百名出借人跟帖称遭遇相同情况"),
])
def test_what_is_asked_listed_unused_negotiated_or_one_voice_states_no_present_matter(head, text, code, twin):
    """A successor still asked after (`由谁接任`) and a centre's services listed (`提供劳动仲裁、专利诉讼等法律咨询服务`)
    were read as a change of head and a lawsuit (stop 55); a share plan ended with nothing sold (`计划期间股东未减持公司股份`:
    read as a sale, from the plan's clause), a purchase still being negotiated (`仍在洽谈中`) and one netizen's
    grievance (the guide: a single customer's complaint is no public opinion) as present matters (stop 56). A
    departure told before the question, a suit against the firm that offers such services, a plan that sold some, a
    purchase completed and a grievance others joined still are."""
    assert code not in _present(_one(head, text)), _one(head, text)
    assert code in _present(_one(head, twin)), _one(head, twin)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("甲公司因未履行生效法律文书被法院限高", "dishonest_debtor"),
    ("乙融资担保公司被取消融资担保业务经营许可证", "administrative_penalty"),
    ("某区市场监管局发布公告，吊销丙知识产权代理有限公司等56户企业营业执照", "bankruptcy_closure"),
    ("某知识产权运营基金完成对丁新材料企业的B轮投资，投资金额5000万元", "equity_change"),
    ("本公司获控股股东知会，其已将所持本公司3亿股股份质押予一家银行，作为一笔贷款的抵押。", "equity_change"),
    ("戊公司与买方订立买卖协议，据此，戊公司有条件同意出售目标公司全部已发行股本，代价为5亿港元。", "restructuring"),
    ("己公司委任李女士为公司秘书，自即日起生效。", "leadership_change"),
    ("陈女士已提出辞任庚公司首席财务官一职，以便投入更多时间处理其个人事务，自2026年11月30日起生效。", "leadership_change"),
    ("变更事项：法定代表人 变更前：张三 变更后：李四 变更日期：2026-11-25", "leadership_change"),
    ("变更事项：投资人(股权)变更 变更前：辛集团 100% 变更后：辛集团 60%、壬基金 40% 变更日期：2026-11-20", "equity_change"),
])
def test_hong_kong_wordings_registry_records_and_short_forms_are_read(head, text, code):
    """Wordings missed or misread before stop 56: the press's 限高 (read as a lawsuit), a licence cancelled (取消), a
    business licence revoked by the administration, a fund's round invested in, a Hong Kong announcement's pledge
    (质押予), whole company sold (全部已发行股本), company secretary appointed and resignation told verb first, and a
    registry's change records of the legal representative and of the investors (read as history and as a plan)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("当事人名称：张某（时任癸银行某支行行长） 主要违法违规行为：对贷款三查不尽职负有责任 行政处罚内容：警告并罚款5万元",
     "leadership_change"),
    ("专家解读：企业如何应对专利侵权诉讼", "litigation"),
    ("某公司公告，法院裁定驳回债权人对公司的重整申请", "bankruptcy_closure"),
    ("张某拟辞去甲公司董事长职务，目前尚在履行程序", "leadership_change"),
    ("乙公司建议出售目标公司全部已发行股本，须待股东于股东特别大会上批准后方可作实。", "restructuring"),
    ("对逾期不改正的，市场监管部门将依法吊销其营业执照。", "bankruptcy_closure"),
    ("丙公司出售丁科技全部已发行股本约14.25%", "restructuring"),
    ("该平台返现可能是为冲击下一轮投资的高估值", "equity_change"),
])
def test_an_office_held_then_advice_a_dismissed_petition_and_plans_state_no_present_matter(head, text, code):
    """An office held then (时任, a penalty table's row), advice to firms at large, a reorganisation petition the
    court dismissed and a resignation planned (拟辞去) were read as present matters (stop 56); a proposed disposal, a
    revocation still to come, a share of a company's issued capital and a round only spoken of state none either."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
def test_a_dismissal_set_aside_on_appeal_leaves_the_bankruptcy(head):
    """A petition's dismissal that the appeal court set aside (`撤销…驳回破产申请的裁定，指令…受理`) opens the bankruptcy."""
    found = _one(head, "二审法院撤销一审驳回破产申请的裁定，指令一审法院受理对戊公司的破产清算申请")
    assert "bankruptcy_closure" in _present(found), found


@needs_head
@pytest.mark.parametrize("text,code,twin", [
    ("己知识产权运营中心原主任王某调任某区副区长，中心主任暂由副主任李某代理", "leadership_change",
     "己知识产权运营中心主任王某带队赴某市考察学习"),
    ("庚知识产权交易中心整体划入某市属国有资本运营公司，成为其全资子公司", "equity_change",
     "庚交易中心将闲置资金无偿划入某集团公司账户统一管理"),
    ("子知识产权交易中心迎来新掌舵人，王某正式履新", "leadership_change", "王某已上任三年，带领子交易中心取得长足发展"),
    ("丑律所管理合伙人换届，王某接棒担任新一届管理合伙人", "leadership_change", "丑律所召开合伙人大会，总结全年工作"),
])
def test_a_head_who_took_office_or_acts_and_a_centre_moved_to_a_group_are_read(head, text, code, twin):
    """A head acting for the time being (暂由…代理), a centre moved whole to a state group (整体划入), a head who took office
    without 新任 (`正式履新`) and a partnership's head elected anew (`换届，…担任新一届管理合伙人`) were missed (stop 56); a
    head's trip, money paid into a group's account, a tenure counted (`已上任三年`) and a partners' meeting state no such
    matter."""
    assert code in _present(_one(head, text)), _one(head, text)
    assert code not in _present(_one(head, twin)), _one(head, twin)


@needs_head
def test_a_holder_renamed_changed_no_equity(head):
    """A shareholder that only changed its name, its holding the same, was read as an equity change (stop 56)."""
    found = _one(head, "寅公司股东某投资有限公司名称变更为某控股有限公司，持股数量不变")
    assert "equity_change" not in _present(found), found


@needs_head
def test_a_dormancy_filed_is_a_closure_and_a_reorganisation_come_through_is_history(head):
    """A dormancy filed (歇业备案, the guide's 歇业) was missed, and a reorganisation the company came through
    (`完成破产重整后恢复正常经营`) read as a bankruptcy that happened (stop 56); one completed as the news still is."""
    found = _one(head, "卯知识产权运营公司因经营困难，向登记机关办理歇业备案，歇业期限为两年")
    assert "bankruptcy_closure" in _present(found), found
    found = _one(head, "辰公司完成破产重整后恢复正常经营，新产品订单饱满")
    assert "bankruptcy_closure" not in _present(found), found
    assert [m["status"] for m in found if m["code"] == "bankruptcy_closure"] == ["historical"], found
    found = _one(head, "辰公司于11月完成破产重整，重整计划执行完毕")
    assert "bankruptcy_closure" in _present(found), found


@needs_head
@pytest.mark.parametrize("text", ["因拒不申报财产，巳公司法定代表人张某被法院司法拘留15日",
                                  "巳公司因妨碍执行被法院处以司法罚款10万元",
                                  "巳担保公司法定代表人因公司拖欠执行款被限制出境"])
def test_a_courts_coercion_in_enforcement_is_a_dishonest_debtor(head, text):
    """A court's coercion of a debtor in enforcement (司法拘留, 司法罚款, 限制出境) was read as a penalty or missed
    (stop 56): it is enforcement against a judgment debtor, and a court's fine is no administration's penalty."""
    found = _one(head, text)
    assert "dishonest_debtor" in _present(found), found
    assert "administrative_penalty" not in _present(found), found


@needs_head
@pytest.mark.parametrize("text,code", [
    ("午公司第五届董事会第十二次会议审议通过《关于选举公司第五届董事会董事长的议案》，选举王强先生为公司董事长。",
     "leadership_change"),
    ("股东大会审议通过了《关于补选公司非独立董事的议案》，张华女士当选为辛公司第四届董事会非独立董事。", "leadership_change"),
    ("申公司董事长李某因突发疾病，经抢救无效于2026年11月28日不幸逝世。", "leadership_change"),
    ("酉公司董事长赵某因涉嫌严重违纪违法，目前正接受某市监察委员会纪律审查和监察调查，并被实施留置措施。", "leadership_change"),
    ("戌公司已连续多日无法与董事长兼总经理孙某取得联系。", "leadership_change"),
    ("亥知识产权金融服务公司原股东某投资公司将其持有的40%股权全部转让给某国有资本公司。", "equity_change"),
    ("国家知识产权局撤销某专利代理机构的执业许可证。", "administrative_penalty"),
    ("某律所原主任律师张某因个人原因退出，合伙人会议推选李某为新任主任律师。", "leadership_change"),
    ("某专利代理机构已完成执行事务合伙人变更备案。", "leadership_change"),
    ("某基金管理人通过协议转让方式受让某知识产权交易所10%股权，已完成工商变更登记。", "equity_change"),
    ("某知识产权运营公司注册资本由1亿元增至2亿元，新增注册资本由某产业基金认缴。", "equity_change"),
    ("某知识产权交易中心混合所有制改革落地，引入三家民营资本。", "restructuring"),
    ("某专利代理机构“包授权”虚假宣传被央视3·15晚会点名。", "major_public_opinion"),
    ("某交易所对某上市公司实际控制人予以监管警示。", "regulatory_action"),
    ("某公司收到交易所下发的书面警示。", "regulatory_action"),
])
def test_resolutions_obituaries_detentions_transfers_and_revocations_are_read(head, text, code):
    """Wordings missed before stop 57: a resolution's election of a named chairman, director or partnership head
    (选举…为, 推选…为, 当选为), an obituary that tells the cause and the rescue first, an office-holder held by a
    supervisory commission clauses after the office (read as a regulatory action only), one the company cannot reach, a
    head's change filed, a holding transferred (将其持有的…股权转让给, 受让…已完成工商变更登记), new capital a named investor
    subscribes, a mixed-ownership reform done (落地), a licence revoked with the authority as the subject, a name called
    out on a state broadcaster's programme and an exchange's warning (监管警示, 书面警示)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("双方约定，因本合同引起的争议，提交上海国际仲裁中心仲裁。", "litigation"),
    ("北京知识产权法院举办开放日活动，邀请企业代表旁听庭审。", "litigation"),
    ("甲公司董事长李某因身体原因请假一周，期间由副董事长代为主持工作。", "leadership_change"),
    # twins: one elected again, an election or a transfer still to come, a revocation intended, a customer line
    # unanswered, a former head held
    ("王强先生再次当选为乙公司董事长。", "leadership_change"),
    ("丙公司董事会将于近日选举新任董事长。", "leadership_change"),
    ("丁公司控股股东拟将其持有的公司15%股份协议转让给某投资公司。", "equity_change"),
    ("省知识产权局拟撤销某专利代理机构的执业许可证，并已向其送达听证告知书。", "administrative_penalty"),
    ("投资者反映无法与戊公司客服取得联系。", "leadership_change"),
    ("某公司注册资本由1亿元增至2亿元，新增注册资本由原股东按持股比例认缴。", "equity_change"),
    ("法院提醒：被执行人应主动履行义务，避免被纳入失信名单。", "dishonest_debtor"),
    ("某专利代理公司章程规定，营业期限届满，股东会可以决议解散公司。", "bankruptcy_closure"),
    ("某公司表示，将尽快履行判决义务，以免被列入失信被执行人名单。", "dishonest_debtor"),
    # twins: a reform told as background, a filing still to come, praise on the programme, a measure an exchange
    # may take
    ("某公司混改落地后，业务规模持续扩大。", "restructuring"),
    ("某专利代理机构拟办理负责人变更备案，相关材料正在准备中。", "leadership_change"),
    ("央视3·15晚会点名表扬了一批诚信经营企业。", "major_public_opinion"),
    ("交易所表示，将视情节轻重对违规主体予以监管警示或公开谴责。", "regulatory_action"),
])
def test_a_contracts_clause_a_courts_open_day_and_a_heads_leave_state_no_present_matter(head, text, code):
    """A contract's arbitration clause and a court's open day were read as lawsuits, a deputy standing in while the
    chairman is on leave as a change of the person in charge, new capital the holders subscribe pro rata as an equity
    change (新增…股东 read across 由原股东), a court's advice to debtors and a debtor's aim as a listing, and what a
    charter allows as a dissolution (stop 57); a re-election, an
    election, a transfer or a filing still to come, an intended revocation, a customer line nobody answers, a reform
    told as background, praise and a measure an exchange may take state no present matter either."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("因合同纠纷，己公司已向上海国际仲裁中心提交仲裁申请。", "litigation"),
    ("该案公开开庭审理，百余名企业代表旁听庭审。", "litigation"),
    ("庚公司董事长李某请辞后，由副董事长主持董事会工作。", "leadership_change"),
    ("某专利代理公司股东会决议解散公司，清算组已成立。", "bankruptcy_closure"),
    ("某公司因拒不履行判决被纳入失信名单，为避免影响招投标，公司正积极筹措资金。", "dishonest_debtor"),
])
def test_a_dispute_put_to_arbitration_a_hearing_watched_and_a_deputy_after_a_resignation_stay_matters(head, text, code):
    """The twins of stop 57's no-statement rules: a dispute put to arbitration names no clause, a hearing the public
    watched is a case, a deputy in charge after a resignation tells a change, a dissolution resolved is one, and a
    listing stays one though the sentence tells what the firm would avoid."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("子公司控股股东将所持35%股权转让给某国资公司。", "equity_change"),
    ("某投资公司持股比例降至4.99%，不再是丑公司持股5%以上股东。", "equity_change"),
    ("某交易中心引入战略投资者完成混合所有制改革，国有股比例降至51%。", "equity_change"),
    ("卯知识产权运营公司注册资本由1000万元增至5000万元，新增部分由某国资平台认缴。", "equity_change"),
    ("人事｜某省知识产权运营中心主任调整。", "leadership_change"),
    ("根据工作需要，经市知识产权局党组研究，免去刘某某知识产权运营中心主任职务。", "leadership_change"),
    ("中心召开干部大会，宣布市知识产权局关于中心主要负责人的任免决定。", "leadership_change"),
    ("因机构改革，某知识产权运营服务中心撤销，其职能划入市知识产权保护中心。", "bankruptcy_closure"),
    ("某知识产权运营平台发布公告，取消辰专利代理公司的入驻资格。", "regulatory_action"),
    ("因多次被用户投诉，某交易平台将巳评估机构移出平台服务机构名录。", "regulatory_action"),
    ("午机构在平台年度信用评价中被评为D级，平台对其采取限制接单措施。", "regulatory_action"),
    ("国家知识产权局将未代理公司列入知识产权领域严重失信主体名单。", "regulatory_action"),
    ("本报讯 连日来，多名市民向本报反映，申专利代理公司收取代理费后迟迟未提交专利申请。", "major_public_opinion"),
    ("本报讯 某省知识产权局日前约谈辖区内5家专利代理机构负责人，其中包括酉知识产权代理公司。", "regulatory_action"),
])
def test_stakes_by_their_figure_heads_removed_centres_abolished_and_platforms_measures_are_read(head, text, code):
    """Wordings missed before stop 58: a holding transferred with 所持 alone, a stake told by its new figure, the new
    part of the capital an investor subscribes, a head's change in a headline's word (调整), a head removed (免去…职务)
    or the decision announced, a centre abolished in a reform, a platform's measures against an institution it hosts
    (the institution named between, taken off its list, orders restricted), an administration's serious-dishonesty list
    with the authority as subject, many readers' grievance brought to a paper and a summons of firms counted that then
    names one."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("公司被起诉了怎么办？专业律师教您五步应对。", "litigation"),
    ("专利代理机构被处罚的常见情形有哪些？本文为您梳理。", "administrative_penalty"),
    ("“失信被执行人”会有哪些后果？一文读懂。", "dishonest_debtor"),
    ("如何应对网络负面舆情？危机公关六大法则。", "major_public_opinion"),
    ("专利侵权诉讼中如何计算损害赔偿数额？", "litigation"),
    ("法院判决后对方不履行怎么办？申请强制执行全攻略。", "dishonest_debtor"),
    ("法院判决后对方不履行怎么办？申请强制执行全攻略。", "litigation"),
    ("某律所举办“破产重整与企业拯救”专题沙龙。", "bankruptcy_closure"),
    ("某平台发布《2026年知识产权诉讼大数据报告》，全年专利诉讼案件同比增长12%。", "litigation"),
    ("关于董事长辞职的传闻，戌公司回应称董事长目前正常履职。", "leadership_change"),
    ("亥律师事务所因违规收案，被司法局给予停业整顿1个月的行政处罚。", "regulatory_action"),
    # a motion to remove; twins: a measure still to come or allowed, a listing intended, an industry's turnover, a
    # summons that names none
    ("平台规定，信用评价为D级的机构将被移出服务机构名录。", "regulatory_action"),
    ("平台可以对违规机构采取限制接单措施。", "regulatory_action"),
    ("国家知识产权局拟将某代理公司列入严重失信主体名单，并告知其陈述申辩权利。", "regulatory_action"),
    ("甲公司控股股东提议免去李某董事长职务。", "leadership_change"),
    ("一年14位公募总经理更迭，行业人才流动加快。", "leadership_change"),
    ("某省知识产权局日前约谈辖区内5家专利代理机构负责人。", "regulatory_action"),
])
def test_how_tos_event_themes_a_years_counts_and_a_rumour_answered_state_no_present_matter(head, text, code):
    """A how-to's question of firms at large or of the reader's other side (怎么办, 常见情形有哪些, 会有哪些后果, 如何计算)
    and the advice's own line after it, an event's theme in quotes, the year's cases told by their change, a rumour of
    a head's departure answered by the head still at work, a stop that is the penalty itself (read as a separate
    regulatory action) and a motion to remove a chairman were read as matters (stop 58); the twins state no present
    matter either."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("丙理财平台爆雷，投资人该怎么办？", "major_public_opinion"),
    ("丁公司公告称，董事长失联，目前无法正常履职。", "leadership_change"),
    ("戊公司已被法院列为失信被执行人，会有哪些后果？", "dishonest_debtor"),
    ("己律师事务所被司法局责令停业整顿，并处罚款5万元。", "regulatory_action"),
])
def test_a_named_platforms_collapse_asked_after_a_head_who_cannot_serve_and_an_order_beside_a_fine_stay_matters(
        head, text, code):
    """The twins of stop 58's no-statement rules: a named platform's collapse stays public opinion though the sentence
    asks what to do, a head who cannot serve stays a change, a named debtor's listing stays one before its question, and
    an order to stop beside a fine stays a regulatory action."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("子知识产权交易平台暴雷，会员纷纷到平台总部讨要说法。", "major_public_opinion"),
    ("某知识产权服务公司拖欠员工三个月工资，数十名员工集体到公司讨薪。", "major_public_opinion"),
    ("寅担保公司代偿逾期，多家合作银行暂停与其新增业务。", "major_public_opinion"),
    ("美国证券交易委员会对卯公司发起调查，该公司股价盘中大跌。", "regulatory_action"),
    ("辰市知识产权运营服务中心主任张某被留置。", "regulatory_action"),
    ("平台决定予以清退：巳专利代理有限公司、午知识产权咨询有限公司。", "regulatory_action"),
    ("未评估公司在信用评价中被评为D级，平台已暂停其业务推荐。", "regulatory_action"),
    ("经核实，申代理机构存在虚假报价行为，平台对其予以警告并扣减信用分20分。", "regulatory_action"),
    ("原市知识产权局副局长王某调任市知识产权运营中心主任。", "leadership_change"),
    ("酉功能性平台报告：本平台负责人于11月28日由王某变更为李某。", "leadership_change"),
    ("戌运营中心原主任李某到龄退休，由副主任赵某临时负责中心日常工作。", "leadership_change"),
    ("亥运营中心由差额拨款事业单位转为企业化管理的国有公司，已完成工商登记。", "restructuring"),
    ("变更记录：2026-11-20 投资人（股权）变更，变更前：张某 60%，李某 40%；变更后：张某 30%，某投资公司 70%。",
     "equity_change"),
    ("甲科技公司质押贷款逾期后，法院依法拍卖其质押的3件发明专利，所得价款用于清偿债务。", "dishonest_debtor"),
    ("某平台“会员费不退”问题被人民网“领导留言板”网友集中反映，属地部门已介入调查。", "major_public_opinion"),
    ("丙运营中心因一项专利收储项目涉嫌国有资产流失，遭当地媒体连续报道。", "major_public_opinion"),
    ("丁市知识产权交易中心因长期未开展业务，已被主管部门撤销。", "bankruptcy_closure"),
])
def test_collapses_wage_claims_investigations_detentions_expulsions_and_heads_moved_in_are_read(head, text, code):
    """Wordings missed before stop 59: a named platform's collapse in its own word (暴雷), staff claiming wages together,
    many complaining at once (集中反映), the press's reports a platform suffers (遭媒体连续报道), a guarantor's default, a
    regulator's investigation opened (发起调查), a supervisory commission's detention (留置), a platform expelling,
    unrecommending or docking the credit of an institution it hosts, a head moved in (调任), the person in charge told
    from one to another with the day between, someone in charge for the time being (临时负责), a public unit turned into a
    company, a registry's change of investors, a debtor's patents sold by the court and a centre abolished by its
    authority."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("质疑回复：关于供应商对某项目评分标准提出的质疑，经复核，采购人维持原评审结果。", "major_public_opinion"),
    ("市中级人民法院知识产权审判庭法官走进乙运营中心，开展“以案说法”普法宣传活动。", "litigation"),
    ("乙运营中心服务机构管理办法第十五条：入驻机构存在下列情形之一的，平台可取消其入驻资格。", "regulatory_action"),
    ("针对网络上流传的“丙交易中心负责人被带走调查”的消息，该中心发布声明称，该消息系恶意造谣，中心已报警处理。",
     "leadership_change"),
    ("《对于私募暴雷，不能一股脑往非法集资问题上靠》相关文章推荐。", "major_public_opinion"),
    ("某市出台根治欠薪专项行动方案，严厉打击恶意讨薪和恶意欠薪行为。", "major_public_opinion"),
    ("市场监管部门表示，将对相关平台展开调查。", "regulatory_action"),
    ("戊知识产权交易中心的功能性平台资格已被撤销。", "bankruptcy_closure"),
])
def test_a_tender_challenge_a_courts_outreach_a_rule_and_a_rumour_called_false_state_no_present_matter(head, text,
                                                                                                         code):
    """A bidder's challenge to a tender, a court's outreach (以案说法), a rule of what a platform may do, a rumour of a
    head taken away that the centre calls a malicious fabrication (恶意造谣, which stood a statement away from the
    report) were read as matters (stop 59); an industry's collapse, a campaign against wage arrears, an
    investigation still to come and a platform's title revoked state no present matter (of those codes) either."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("乙项目评标结果公布后遭网友质疑，相关话题阅读量过亿。", "major_public_opinion"),
    ("法官走进园区开展普法活动，同日该院判决丙公司赔偿专利权人50万元。", "litigation"),
    ("丁机构违规收费，平台已取消其入驻资格。", "regulatory_action"),
    ("戊运营中心主任赵某因病去世，由副主任钱某主持中心工作。", "leadership_change"),
])
def test_a_tender_questioned_online_a_judgment_beside_outreach_and_a_measure_taken_stay_matters(head, text, code):
    """The twins of stop 59's no-statement rules: a tender questioned by the public stays public opinion, a judgment
    in the sentence of a court's outreach stays a lawsuit, a measure the platform took stays one, and a head's death
    with a deputy in charge stays a change."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("事件时间线：3月1日，公司公告董事长辞职；3月5日，控股股东转让15%股份给某国资平台；3月10日，新任董事长到任。",
     "equity_change"),
    ("美国国家公路交通安全管理局对特斯拉约58万辆汽车展开调查。", "regulatory_action"),
    ("美国硅谷银行被加州金融保护和创新部关闭，联邦存款保险公司被任命为接管人。", "bankruptcy_closure"),
    ("经市编委批准，撤销某市专利技术转移中心，其职能划入市知识产权局。", "bankruptcy_closure"),
    ("市委组织部宣布，某知识产权交易中心主任由市知识产权局副局长王某兼任。", "leadership_change"),
    ("某省知识产权交易中心召开干部大会，宣布省局党组关于中心主要负责人调整的决定。", "leadership_change"),
    ("平台对某合作机构作出取消合作资格的处理决定。", "regulatory_action"),
    ("关于您反映的某平台无法提现问题，经核实，我局已责令该平台限期整改，并将持续跟进。", "regulatory_action"),
    ("法院在淘宝司法拍卖平台公开拍卖被执行人王某持有的某专利代理公司30%股权，最终以120万元成交。", "equity_change"),
    ("某担保公司名下房产被法院强制腾退，用于偿还欠款。", "dishonest_debtor"),
    ("这家代理公司早就进了失信名单，大家注意避坑。", "dishonest_debtor"),
    ("因严重违反协会章程，某代理机构的会员资格被取消。", "regulatory_action"),
    ("某运营公司注册资本由1亿元减少至5000万元，原股东某投资公司退出。", "equity_change"),
    ("网友发帖称某知识产权公司“骗钱”，帖子被转载数千次，该公司至今未作回应。", "major_public_opinion"),
])
def test_a_stake_in_a_timeline_closures_by_an_authority_posts_filled_and_orders_given_are_read(head, text, code):
    """Wordings missed before stop 60: a holder's transfer with the figure after the verb in a timeline of several
    matters, an administration opening an investigation (展开调查), a bank closed by its regulator, a centre abolished
    told verb first, a head's post filled by someone named (由…兼任) or its adjustment announced, a platform withdrawing
    an institution's cooperation or its membership (会员资格被取消), an authority's own order to put things right (我局已
    责令…整改), a court's auction of a holder's stake told verb first, a former holder gone (原股东…退出), a debtor's
    property cleared by the court, a post's 进了失信名单 and a grievance reposted thousands of times."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("这部被寄予厚望的大片上映首日就暴雷了，票房不足预期的三成。", "major_public_opinion"),
    ("新版本更新后游戏口碑暴雷，玩家纷纷在论坛吐槽。", "major_public_opinion"),
    ("天气预报说明天有暴雷雨，请市民注意出行安全。", "major_public_opinion"),
    ("听说某平台要暴雷了？有没有内部消息？", "major_public_opinion"),
    ("美国硅谷银行被加州金融保护和创新部关闭，联邦存款保险公司被任命为接管人。", "leadership_change"),
    ("所谓的“高管被带走”其实是配合调查取证，目前其已正常上班。", "leadership_change"),
    ("所谓的“高管被带走”其实是配合调查取证，目前其已正常上班。", "regulatory_action"),
    ("目前暂无证据表明该公司实际控制人已发生变更。", "equity_change"),
    ("申请执行人可以向法院申请查询被执行人的财产状况。", "dishonest_debtor"),
    ("公司及其控股股东、实际控制人不存在未履行法院生效判决、所负数额较大的债务到期未清偿等情况。", "litigation"),
    ("回复：经调查，未发现该公司存在您反映的违规收费问题。", "regulatory_action"),
    ("市场监管局表示，将依法处罚该公司。", "administrative_penalty"),
    ("证监局称将依法约谈相关负责人。", "regulatory_action"),
    ("该公司是否会因此被处罚，目前尚不得而知。", "administrative_penalty"),
    ("平台规定，会员资格被取消的机构三年内不得重新申请。", "regulatory_action"),
])
def test_a_films_flop_a_receiver_a_so_called_report_no_evidence_and_a_question_state_no_present_matter(head, text,
                                                                                                       code):
    """The collapse word in its other senses (a film's or a game's flop, a thunderstorm) and a collapse heard of and
    still to come, a receiver appointed, a report quoted as so-called and said to be something else, a change no
    evidence shows, a how-to of enforcement, a legal opinion's 不存在…等情况, an inquiry that found nothing, a measure
    an authority will take (将依法…), an indirect question whose answer is unknown and a rule of what befalls an
    institution whose membership is withdrawn were read as matters (stop 60)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某知识产权交易平台暴雷，上千名投资者的本金无法兑付。", "major_public_opinion"),
    ("法院指定某律师事务所为管理人，原董事长张某已辞职，由总经理代行董事长职责。", "leadership_change"),
    ("有证据表明该公司实际控制人已发生变更。", "equity_change"),
    ("经调查，发现该公司存在违规收费问题，我局已责令其整改。", "regulatory_action"),
    ("该公司因虚假宣传被罚款10万元，是否会被追究其他责任，目前尚不得而知。", "administrative_penalty"),
])
def test_a_platforms_collapse_a_resignation_beside_a_receiver_evidence_shown_and_a_fine_before_a_question_stay_matters(
        head, text, code):
    """The twins of stop 60's rules: a named platform's collapse stays public opinion, a resignation beside a receiver
    named stays a change, a change evidence shows stays one, an inquiry that found a breach and an order stays an
    action, and a fine told before an open question stays a penalty."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("重组完成后，原股东某投资公司将退出公司经营。", "equity_change"),
    ("某运营中心发布的专利科普文章被转载数千次，网友纷纷点赞。", "major_public_opinion"),
])
def test_a_holders_exit_still_to_come_and_a_praised_article_reposted_state_no_present_matter(head, text, code):
    """The twins of stop 60's readings: a former holder who will leave has not left, and an article reposted thousands
    of times with praise is no outcry."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("讣告：某知识产权运营中心主任王某同志，因病医治无效，于2026年11月20日在北京逝世，享年58岁。", "leadership_change"),
    ("某律师事务所主任律师赵某因车祸不幸遇难，年仅45岁。", "leadership_change"),
    ("证监会对某证券公司罚款1,200万港元，并予以公开谴责。", "regulatory_action"),
    ("该机构虚假宣传，平台决定暂停其入驻资格3个月。", "regulatory_action"),
    ("某公司法定代表人因公司未履行生效判决，被法院限制出境。", "dishonest_debtor"),
    ("法院对某公司名下3套房产进行司法拍卖，拍卖款用于偿还债务。", "dishonest_debtor"),
    ("某公司银行账户被法院冻结，存款1200万元被划拨用于执行。", "dishonest_debtor"),
    ("某交易平台App连续两天无法登录，大量用户在社交平台吐槽。", "major_public_opinion"),
    ("某交易平台突然暂停提现功能，大量用户资金无法取出。", "major_public_opinion"),
    ("某知识产权服务公司管理人发布债权申报公告，请债权人于2027年1月10日前申报债权。", "bankruptcy_closure"),
    ("某代理机构实际控制人王某因涉嫌职务侵占被刑事拘留。", "regulatory_action"),
    ("企查查信息显示，某专利代理公司法定代表人由张某变更为李某，同时张某退出股东行列。", "equity_change"),
    ("工商信息显示，某运营平台公司股东已由某大学资产经营公司变更为某市国有资本投资公司。", "equity_change"),
    ("国家知识产权局公布严重违法失信主体名单，某商标代理公司被列入。", "regulatory_action"),
    ("市委第三巡察组反馈指出，某知识产权运营中心存在违规发放津贴补贴问题。", "regulatory_action"),
    ("审计发现，某中心违规出借财政资金3000万元，至今未收回。", "regulatory_action"),
    ("临时股东大会审议通过了罢免王某董事职务的议案。", "leadership_change"),
    ("某中国企业完成对德国某专利运营公司的收购，交易金额约2亿欧元。", "restructuring"),
    ("某专利代理机构因以不正当手段招揽业务，被省知识产权局责令限期改正，并处以警告。", "administrative_penalty"),
    ("某公司被税务机关列为重大税收违法失信主体。", "regulatory_action"),
])
def test_an_obituary_a_censure_after_a_fine_enforcement_withdrawals_stopped_and_an_audits_finding_are_read(head, text,
                                                                                                           code):
    """Wordings missed before stop 61: an obituary with the place between, a head killed in an accident (遇难), a
    censure given after a fine, a platform's measure after a wrongdoing called 虚假宣传 (read as a rumour), a court's
    coercion for a judgment not performed, an auction or money taken for the enforcement, many users venting,
    withdrawals stopped and money that cannot be taken out, an administrator's call for claims, a controller detained
    for a crime outside fraud's, a holder gone (退出股东行列) or holders told from one to the next, the
    serious-dishonesty list published with the wrongdoer named after, a breach an inspection tour or audit found, a
    removal the meeting passed (read as a motion's plan), a company bought told 完成对…的收购, a warning after the order
    with a comma and the tax administration's dishonesty list."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("行政复议机关决定撤销市场监管局对某公司作出的罚款20万元的处罚决定。", "administrative_penalty"),
    ("某公司董事长张某当选为市工商联副主席。", "leadership_change"),
    ("评价指标包括执业年限、代理量、授权率、行政处罚记录等。", "administrative_penalty"),
    ("扣分项：受到行政处罚的，每次扣10分；被列入失信被执行人名单的，实行一票否决。", "administrative_penalty"),
    ("扣分项：受到行政处罚的，每次扣10分；被列入失信被执行人名单的，实行一票否决。", "dishonest_debtor"),
    ("评价内容主要包括机构基本信息、经营状况、诉讼记录、行政处罚信息和失信记录。", "litigation"),
    ("某公司已全部履行判决义务，法院裁定终结执行，并解除对其限制消费措施。", "litigation"),
    ("如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状。", "litigation"),
    ("某公司银行账户被法院冻结，存款1200万元被划拨用于执行。", "litigation"),
    ("法院对某公司名下3套房产进行司法拍卖，拍卖款用于偿还债务。", "litigation"),
    ("某公司法定代表人因公司未履行生效判决，被法院限制出境。", "litigation"),
    ("某律所代理的专利侵权案件入选最高法年度十大案例。", "litigation"),
    ("某律所破产业务团队成功入选法院管理人名册。", "bankruptcy_closure"),
    ("本公司已与呈请人达成和解，高等法院已撤销针对本公司的清盘呈请。", "bankruptcy_closure"),
    ("呈请人已撤回针对本公司的清盘呈请。", "bankruptcy_closure"),
    ("风险提示：公司存在因知识产权纠纷被起诉的风险。", "litigation"),
])
def test_a_penalty_annulled_an_association_post_a_credit_scheme_enforcement_and_a_petition_withdrawn_state_no_matter(
        head, text, code):
    """A penalty annulled with its authority and sum between, an association's post a sitting head wins, a credit
    scheme's fields and scoring rules, the formalities of enforcement and a judgment's appeal notice (no lawsuit), a
    case a firm handled chosen among the year's, a law firm's bankruptcy practice, a winding-up petition withdrawn or
    set aside and a suit told as a risk the company bears were read as matters (stop 61)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("张某当选为公司第五届董事会董事长。", "leadership_change"),
    ("证监会对某证券公司罚款1200万元。", "administrative_penalty"),
    ("某公司涉嫌虚假宣传被市场监管局立案调查。", "regulatory_action"),
    ("行政复议机关维持了市场监管局对某公司罚款20万元的处罚决定。", "administrative_penalty"),
    ("法院判决某公司败诉，某公司拒不履行判决。", "litigation"),
    ("某公司不服一审判决，提起上诉。", "litigation"),
    ("某公司银行存款1200万元被冻结。", "litigation"),
    ("法院撤销原审法院驳回某公司破产申请的裁定，指令原审法院受理。", "bankruptcy_closure"),
    ("该机构因受到行政处罚被扣10分。", "administrative_penalty"),
    ("某公司实控人涉嫌集资诈骗被刑事拘留。", "fraud"),
    ("本公司接获债权人向高等法院提交的清盘呈请，要求将本公司清盘。", "bankruptcy_closure"),
    ("某公司因知识产权纠纷被起诉，面临较大的赔偿风险。", "litigation"),
])
def test_a_head_elected_a_fine_alone_a_penalty_upheld_a_judgment_defied_and_a_petition_filed_stay_matters(head, text,
                                                                                                       code):
    """The twins of stop 61's rules: a head elected to the company's own board stays a change, a fine without a
    censure stays a penalty, an investigation of false advertising stays an action, a penalty upheld stays one, a
    judgment lost and defied and an appeal stay lawsuits, a freeze alone stays one, a dismissal set aside on appeal
    keeps the bankruptcy, a deduction for a penalty keeps it, a controller held for fund-raising fraud stays fraud, a
    winding-up petition filed stays a closure and a suit filed with a risk after the comma stays a lawsuit."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("证监会对某公司罚款50万元，并将视情况予以公开谴责。", "regulatory_action"),
    ("网传某机构被平台暂停入驻资格。", "regulatory_action"),
    ("某公司以平台名义设立工作站，已报主管部门备案。", "unauthorized_branch"),
    ("大量用户在社交平台点赞。", "major_public_opinion"),
    ("某平台提现功能升级维护，预计2小时后恢复。", "major_public_opinion"),
    ("某公司实际控制人将被刑事拘留的传闻不实。", "regulatory_action"),
    ("某公司原董事长李某因病于昨日去世。", "leadership_change"),
    ("审计未发现违规问题。", "regulatory_action"),
    ("某投资公司拟退出股东行列。", "equity_change"),
    ("某股东提请召开临时股东大会，提议罢免董事长王某。", "leadership_change"),
    ("董事会未审议通过罢免王某董事职务的议案。", "leadership_change"),
    ("此外，公司完成对某科技公司的收购后，将为公司拓展业务带来良机。", "restructuring"),
])
def test_a_censure_to_come_a_measure_heard_of_a_branch_filed_and_a_former_heads_death_state_no_present_matter(
        head, text, code):
    """The twins of stop 61's readings: a censure still to come, a platform's measure heard of, a branch filed with
    the authority, users praising, withdrawals paused for maintenance, a detention rumoured and denied, a former head's
    death, an audit that found nothing, a holder who means to leave, a removal only proposed or not passed and what a
    purchase will bring once done state no present matter."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某公司控股股东与某国资公司签署股份转让协议，拟以协议转让方式转让公司6%股份。", "equity_change"),
    ("某公司完成定向增发，向12名特定对象发行股票1.5亿股，募集资金18亿元。", "equity_change"),
    ("某天使投资人以500万元认购某知识产权服务公司新增注册资本，持股10%。", "equity_change"),
    ("某专利代理有限公司已于2026年11月办理简易注销登记。", "bankruptcy_closure"),
    ("某知识产权运营中心原主任张某严重违纪违法，被开除党籍和公职。", "regulatory_action"),
    ("记者获悉，该中心已于今年6月更换负责人。", "leadership_change"),
    ("省知识产权局发布通知，撤销某公司“省级知识产权服务品牌机构”称号，原因是其存在严重失信行为。", "regulatory_action"),
    ("法院在执行中依法冻结并扣划某担保公司银行存款320万元。", "dishonest_debtor"),
    ("多家媒体报道某专利代理公司以“快速授权”为噱头虚假宣传，引发行业对代理乱象的关注。", "major_public_opinion"),
    ("某知识产权服务公司董事长王某醉驾被查视频在网上热传，引发网友热议。", "major_public_opinion"),
    ("网友发帖称某代理机构收费后迟迟不提交申请，评论区有上百名网友表示有类似遭遇。", "major_public_opinion"),
    ("近日，数十名企业主向本报记者反映，某知识产权代理公司收费后长期不办事，要求退款遭拒。", "major_public_opinion"),
])
def test_an_agreement_signed_a_placement_done_a_party_expulsion_and_a_paper_told_of_refusals_are_read(head, text,
                                                                                                       code):
    """A share transfer agreed with the plan told after it, a private placement done, new capital an investor
    subscribes told verb first, a deregistration with its date between, a party expulsion, a head replaced, a title
    withdrawn by a notice, money a court takes in its enforcement, many papers reporting a named firm's wrong, an
    executive's offence gone viral, a hundred users with the same tale and a paper told of refunds refused were missed
    (stop 62)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某担保公司为知识产权诉讼当事人提供诉讼财产保全担保服务，费率低至千分之一。", "litigation"),
    ("某保险公司推出专利执行保险，为企业维权提供诉讼费用保障。", "litigation"),
    ("公司证券事务代表赵某因个人原因辞去证券事务代表职务，辞职后仍在公司任职。", "leadership_change"),
    ("某公司已全部履行完毕法院判决确定的付款义务，法院裁定执行结案。", "litigation"),
    ("法院在执行中依法冻结并扣划某担保公司银行存款320万元。", "litigation"),
    ("公司近三年未受到过证券监管部门的行政处罚。", "administrative_penalty"),
])
def test_a_guarantee_for_litigants_a_securities_representative_an_enforcement_closed_and_a_penalty_never_received(
        head, text, code):
    """A guarantee sold to litigants and cover for a suit's costs (services), a securities affairs representative who
    leaves (no one in charge), a judgment paid and its enforcement closed, money a court takes in enforcement (no
    lawsuit) and a penalty never received (过 putting the 未 out of the status window) were read as matters (stop 62)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某律师事务所律师张某被市司法局吊销律师执业证书。", "administrative_penalty"),
    ("公司董事会秘书赵某因个人原因辞去董事会秘书职务。", "leadership_change"),
    ("某公司因专利侵权纠纷被诉，法院已开庭审理。", "litigation"),
    ("某上市公司以现金2.6亿元收购某专利代理公司70%股权，双方已签署股权转让协议。", "restructuring"),
])
def test_a_licence_revoked_a_board_secretary_leaving_a_suit_heard_and_a_control_deal_signed_stay_matters(head, text,
                                                                                                        code):
    """The twins of stop 62's rules: a licence to practise revoked stays a penalty, a board secretary who leaves stays
    a change, a suit heard stays a lawsuit and a controlling stake's agreement signed stays a restructuring."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某公司控股股东拟与某国资公司签署股份转让协议。", "equity_change"),
    ("双方协商决定终止此前签署的股份转让协议。", "equity_change"),
    ("金谷源因工作未完成重组失败转定增。", "equity_change"),
    ("某公司拟以现金认购某科技公司新增注册资本。", "equity_change"),
    ("该公司银行账户已于11月办理注销。", "bankruptcy_closure"),
    ("多名党员因犯罪受到法院处以刑责后，被追加开除党籍等党纪处分。", "regulatory_action"),
    ("股东要求更换董事长。", "leadership_change"),
    ("多家媒体报道某公司获评国家知识产权示范企业。", "major_public_opinion"),
    ("数十名企业主向本报记者反映，某代理公司服务周到、收费透明。", "major_public_opinion"),
])
def test_an_agreement_to_come_or_ended_a_placement_not_done_an_account_closed_and_praise_reported_state_no_matter(
        head, text, code):
    """The twins of stop 62's readings: an agreement still to be signed or ended, a placement a failed deal turns
    to, new capital only planned, an account closed, members disciplined in a count, a change demanded, papers
    reporting praise and firms telling a paper of good service state no present matter."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("国家知识产权局对专利代理行业检查中发现问题的18家代理机构进行通报，某代理公司位列其中。", "regulatory_action"),
    ("某专利代理公司因提供虚假材料谋取中标，被列入政府采购严重违法失信行为记录名单。", "regulatory_action"),
    ("中国证券投资基金业协会注销某私募基金管理人登记，原因是其长期失联。", "regulatory_action"),
    ("某知识产权平台客服一直联系不上，已经有几百个用户在群里讨说法了。", "major_public_opinion"),
    ("某公司遭美商提告侵害專利，求償金額達新台幣5億元。", "litigation"),
    ("法院裁定将某公司名下的两项发明专利作价抵偿给申请执行人，以清偿判决确定的债务。", "dishonest_debtor"),
])
def test_a_notice_naming_a_firm_a_procurement_blacklist_a_fund_manager_struck_off_and_a_suit_told_提告_are_read(
        head, text, code):
    """An authority's notice of firms at fault with the one named after the comma, the procurement blacklist, a
    fund manager's registration cancelled by the funds association, hundreds of users told in a colloquial count, a
    suit told in Taiwan's and Hong Kong's word and patents a court hands to the creditor were missed (stop 62)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某律所发布2026年度知识产权诉讼报告，分析了年度典型案件。", "litigation"),
    ("一文读懂：专利侵权诉讼怎么打。", "litigation"),
    ("专利侵权诉讼一般包括起诉、立案、举证、开庭、判决等环节。", "litigation"),
    ("法院裁定将某公司名下的两项发明专利作价抵偿给申请执行人，以清偿判决确定的债务。", "litigation"),
    ("市场监管总局无条件批准某公司收购某知识产权服务公司股权案。", "restructuring"),
    ("某专利代理师因离职已办理执业证注销手续，不再在该机构执业。", "bankruptcy_closure"),
    ("某知识产权服务公司宣布解散原有的商标业务团队，人员并入专利业务部。", "bankruptcy_closure"),
])
def test_a_report_on_lawsuits_a_how_to_enforcement_in_kind_and_a_cleared_deal_state_no_present_matter(head, text,
                                                                                                      code):
    """A report on the year's lawsuits, a how-to of a suit and assets a court hands to the creditor (no lawsuit), a
    deal the competition authority cleared (an approval leaves it a plan, docs/annotation.md), a practitioner's
    certificate cancelled and a team disbanded (no closure) were read as matters that occurred (stop 62)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某公司扬言将向法院提告。", "litigation"),
    ("某私募基金管理人主动申请注销管理人登记。", "regulatory_action"),
    ("省知识产权局通报表扬5家代理机构，某代理公司位列其中。", "regulatory_action"),
    ("某公司与某科技公司签署收购协议，收购其100%股权。", "restructuring"),
])
def test_a_suit_threatened_a_registration_given_up_praise_named_and_a_deal_signed_read_as_they_should(head, text, code):
    """The twins of stop 62's second group: a suit only threatened, a registration the manager gives up and a firm
    named among those praised state no present matter; a deal signed, not cleared, stays one that occurred."""
    found = _present(_one(head, text))
    assert (code in found) == (code == "restructuring"), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某运营中心主任张某因涉嫌受贿被市监委立案调查并采取留置措施。", "leadership_change"),
    ("某代理公司因未在规定期限内报送年度报告并公示，被处以警告。", "administrative_penalty"),
])
def test_a_head_detained_after_the_case_told_and_a_warning_with_no_authority_named_are_read(head, text, code):
    """A head the supervisory commission detains with its case told between and a warning given with the penalty's
    处以 but no authority named were missed (stop 62)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某律师事务所荣获“2026年度知识产权诉讼领域卓越律所”称号。", "litigation"),
    ("某公司将被处以警告。", "administrative_penalty"),
    ("某运营中心原主任张某被市监委立案调查并采取留置措施。", "leadership_change"),
])
def test_an_awards_title_a_warning_to_come_and_a_former_head_detained_state_no_present_matter(head, text, code):
    """An award's title worded in lawsuits (read as a lawsuit, stop 62) and, as twins, a warning still to come and a
    former head detained state no present matter."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某知识产权交易中心近日按要求报告：该中心负责人已于11月20日变更为刘某。", "leadership_change"),
    ("【早报】1.某科技：控股股东质押1200万股；2.某医药：董事长王某因个人原因辞职；3.某电子：发布2026年度业绩预告，预计净利润增长30%。",
     "equity_change"),
    ("公司于2026年12月1日与交易对方签署了《发行股份购买资产协议》，拟以发行股份方式购买某科技100%股权。",
     "restructuring"),
    ("经国家金融监督管理总局某监管局核准，刘某任某银行股份有限公司行长的任职资格已获批复。", "leadership_change"),
    ("某村镇银行获批解散，其存款及相关业务由发起行承接。", "bankruptcy_closure"),
    ("区委组织部宣布，王某挂职担任区知识产权运营中心主任，任期两年。", "leadership_change"),
    ("因机构改革，某市知识产权运营中心原主任刘某调任市科技局副局长，中心工作暂由副主任陈某主持。", "leadership_change"),
    ("经区政府常务会议研究决定，将区知识产权运营中心整建制划入区科技创新服务中心，不再单独设置。", "restructuring"),
    ("某省知识产权局对辖区内3家存在代理非正常专利申请行为的代理机构进行约谈，某专利事务所在列。", "regulatory_action"),
    ("某律师事务所主任律师张某因个人原因退出该所，合伙人会议选举李某为新任主任。", "leadership_change"),
    ("某代理机构负责人在直播中辱骂客户的视频在网上流传，引发大量网友批评。", "major_public_opinion"),
    ("某股东持股比例由4.98%被动稀释至4.75%。", "equity_change"),
    ("某公司被执行总金额累计超过5000万元，已有12条被执行记录。", "dishonest_debtor"),
    ("某国有资本运营公司以协议方式受让某知识产权运营公司60%股权，成为其控股股东。", "restructuring"),
    ("某投资公司受让某知识产权运营公司8%股权。", "equity_change"),
])
def test_a_heads_change_with_its_day_a_pledge_counted_a_unit_merged_and_a_stake_taken_over_are_read(head, text, code):
    """A head changed with the day between, a pledge told by its count in a brief, an asset purchase's agreement
    signed (the deal a fact, docs/annotation.md), a qualification approved with 批复, a dissolution 获批, a cadre sent
    to head a centre, its work left to a deputy, a unit merged whole, a summons naming a firm, a new head elected, an
    executive's abuse gone viral, a stake diluted, enforcement records counted and stakes taken over were missed or
    read as plans (stop 63)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("投标人资格要求：1.具有独立承担民事责任的能力；2.未被列入失信被执行人、重大税收违法失信主体、政府采购严重违法失信行为记录名单。",
     "regulatory_action"),
    ("供应商须提供信用中国网站查询截图，被列入失信被执行人名单的供应商将被拒绝参与本项目政府采购活动。", "dishonest_debtor"),
    ("投标人存在被责令停产停业、暂扣或者吊销执照、投标资格被取消、财产被接管冻结、破产状态的，投标无效。",
     "administrative_penalty"),
    ("投标人存在被责令停产停业、暂扣或者吊销执照、投标资格被取消、财产被接管冻结、破产状态的，投标无效。",
     "regulatory_action"),
    ("代理机构如被处以行政处罚，应在处罚决定作出之日起5日内向平台报告。", "administrative_penalty"),
    ("干货｜企业遭遇商标侵权诉讼，该如何应对？", "litigation"),
    ("目前，公司未接到任何监管部门的处罚通知，生产经营一切正常。", "administrative_penalty"),
    ("因借款企业未按期还款，法院依法拍卖其质押的3件发明专利，用于清偿银行债务。", "litigation"),
    ("某律所获评“年度知识产权诉讼优秀律所”，其代理的多起案件入选典型案例。", "litigation"),
    ("并购重组专家表示，知识产权是企业并购中不可忽视的重要资产。", "restructuring"),
    ("2018年，某平台曾发生提现困难事件，引发投资者集体维权。此后平台完成整改，目前运营正常。", "major_public_opinion"),
    ("某资产评估公司入围法院司法评估机构名录。", "litigation"),
    ("公司在回复深交所问询函时表示，公司不存在应披露未披露的重大诉讼事项。", "litigation"),
    ("某市场监管局对某代理公司作出不予行政处罚决定，理由是其违法行为轻微并及时改正。", "administrative_penalty"),
])
def test_a_tenders_conditions_a_duty_if_punished_a_notice_not_received_and_a_past_event_state_no_present_matter(
        head, text, code):
    """A tender's conditions and a duty that follows if a penalty befalls (who may take part and what to do), a
    how-to of firms at large, a penalty notice not received (denied), assets a court sells for a debt (no lawsuit), an
    award's title after its verb, the trade's experts, what a past event brought (history), a place on a court's roll,
    undisclosed lawsuits denied without 而 and a decision to impose no penalty were read as matters that occurred
    (stop 63)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("评标委员会经审查，某咨询公司因被列入失信被执行人名单，其投标被认定为无效投标。", "dishonest_debtor", True),
    ("该代理机构因违规收费被处以行政处罚，罚款5万元。", "administrative_penalty", True),
    ("某科技公司遭遇商标侵权诉讼，索赔金额高达500万元。", "litigation", True),
    ("公司近日接到市场监管局的处罚通知，被罚款10万元。", "administrative_penalty", True),
    ("某银行起诉借款企业后，法院判决其偿还贷款，因其未履行，法院依法拍卖其质押的3件发明专利，用于清偿银行债务。",
     "litigation", True),
    ("该中心负责人将于12月1日变更为刘某。", "leadership_change", False),
    ("控股股东拟质押1200万股用于融资。", "equity_change", False),
    ("刘某任某银行股份有限公司行长的任职资格尚待监管部门批复。", "leadership_change", False),
    ("某村镇银行拟申请解散，尚待监管部门批准。", "bankruptcy_closure", False),
    ("区委组织部宣布，王某挂职担任区知识产权运营中心副主任，任期两年。", "leadership_change", False),
    ("主任出差期间，中心日常工作由副主任陈某负责。", "leadership_change", False),
    ("区政府拟将区知识产权运营中心整建制划入区科技创新服务中心。", "restructuring", False),
    ("某省知识产权局对辖区内3家存在代理非正常专利申请行为的代理机构进行约谈。", "regulatory_action", False),
    ("某代理机构负责人在直播中讲解专利知识的视频在网上流传，引发大量网友点赞。", "major_public_opinion", False),
    ("预计公司持股比例将由81.744%稀释至44.98%。", "equity_change", False),
    ("某公司被执行人信息：0条。", "dishonest_debtor", False),
    ("某国有资本运营公司拟以协议方式受让某知识产权运营公司60%股权。", "restructuring", False),
    ("某资产评估公司因评估报告失实被当事人诉至法院，法院已立案受理。", "litigation", True),
    ("公司存在应披露未披露的重大诉讼事项，涉案金额达2亿元。", "litigation", True),
    ("某市场监管局对某代理公司作出行政处罚决定，罚款5万元。", "administrative_penalty", True),
])
def test_the_twins_of_stop_63s_readings(head, text, code, present):
    """The twins of stop 63's rules: a listing, a penalty, a suit, a notice received, a debtor's auction after a
    judgment, an appraiser sued, a lawsuit not disclosed and a penalty decided stay matters; a change still to come,
    a pledge planned, a qualification or a dissolution awaiting approval, a deputy sent, work minded while the head
    is away, a merger planned, firms summoned in a count, praise gone viral, a dilution to come, records of none and
    a stake only planned state no present one."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("股东王某与李某签署一致行动协议，双方合计持股比例达32%，成为公司共同实际控制人。", "equity_change"),
    ("某IP平台宣布获得某产业资本战略投资，具体金额未披露。", "equity_change"),
    ("据彭博社报道，某主权基金已于上周出售所持某中国科技公司全部股份。", "equity_change"),
    ("某省地方金融管理局决定暂停某知识产权交易中心新增挂牌业务三个月。", "regulatory_action"),
    ("联交所已就本公司延迟刊发年度业绩发出谴责声明。", "regulatory_action"),
    ("国家知识产权局专利局发布通知，对某专利代理机构存在的非正常专利申请行为予以通报，并要求其撤回相关申请。",
     "regulatory_action"),
    ("某运营中心副主任李某被给予党内严重警告处分。", "regulatory_action"),
    ("市场监管局对某专利代理机构发出行政指导书，要求其规范收费行为。", "regulatory_action"),
    ("因信用评价不合格，某评估机构被平台清退。", "regulatory_action"),
    ("纳斯达克向某中概股公司发出不符合持续上市标准的通知函。", "regulatory_action"),
    ("法院对某公司法定代表人王某采取限制出境措施，并限制其乘坐飞机、高铁。", "dishonest_debtor"),
    ("某知识产权运营中心主任变更", "leadership_change"),
    ("某运营中心今年完成专利转让许可1200件。此前担任中心主任的王某已于上月调任市知识产权局副局长。", "leadership_change"),
    ("路透社援引知情人士消息称，某公司首席执行官已向董事会递交辞呈，公司随后予以确认。", "leadership_change"),
    ("某专利代理公司注销公告", "bankruptcy_closure"),
    ("某融资性担保公司因经营不善，已向监管部门交回经营许可证，不再从事担保业务。", "bankruptcy_closure"),
    ("某县知识产权服务中心因职能调整予以撤销，人员划转至县市场监管局。", "bankruptcy_closure"),
    ("某集团完成对某港股公司的私有化，该公司股票已于今日撤销在联交所的上市地位。", "restructuring"),
    ("某银行分行客户经理张某因违规发放贷款被禁止从事银行业工作五年。", "administrative_penalty"),
    ("某中国无人机企业在美国国际贸易委员会（ITC）发起的337调查中被裁定侵权，相关产品面临排除令。", "litigation"),
    ("出借人自发组织到某平台所在地金融办反映情况，要求政府介入。", "major_public_opinion"),
    ("#某平台退费难# 交了钱一年多不办事，要退款就踢皮球，群里已经有200多人了。", "major_public_opinion"),
])
def test_a_concerted_action_a_strategic_investment_a_summons_notice_a_ban_and_a_licence_handed_back_are_read(
        head, text, code):
    """A concerted-action agreement that makes controllers, a strategic investment, a whole stake sold told after a
    source, an authority's decision to suspend a business, an exchange's censure statement, an IP office's notice of a
    named agency, a party sanction, administrative guidance, an institution expelled by the platform, a foreign
    exchange's notice, a legal representative barred from leaving the country, a headline's change of head, a former
    head moved now, a resignation handed in and confirmed, a deregistration's notice, a licence handed back, a centre
    abolished for a cause, a privatisation done, a ban from a trade, a 337 ruling, lenders gone together to an office
    and a post's grievance with its group counted were missed (stop 64)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("合同约定，因本合同发生的争议，提交某仲裁委员会按照其仲裁规则进行仲裁。", "litigation"),
    ("某平台招聘法务专员，岗位职责：处理公司合同审核、诉讼及行政处罚应对等法律事务。", "administrative_penalty"),
    ("培训通知：企业破产重整与知识产权处置实务研修班，主讲人为某法院破产庭法官。", "bankruptcy_closure"),
    ("讲座预告：上市公司减持新规解读及违规减持的行政处罚风险。", "equity_change"),
    ("讲座预告：上市公司减持新规解读及违规减持的行政处罚风险。", "administrative_penalty"),
    ("经申请，某公司已完成信用修复，相关行政处罚信息不再在信用中国网站公示。", "administrative_penalty"),
    ("信用修复新规实施，行政处罚信息最短公示期为3个月。", "administrative_penalty"),
    ("公司创始人、名誉董事长王某先生逝世十周年纪念活动在京举行。", "leadership_change"),
    ("市纪委监委通报3起违反中央八项规定精神典型问题。", "regulatory_action"),
    ("某运营中心为辖区企业提供专利侵权诉讼援助，帮助企业挽回损失3000万元。", "litigation"),
    ("十二、重大诉讼、仲裁事项 □适用 √不适用", "litigation"),
    ("公司就媒体报道中提及的“被处罚”一事说明：报道中所涉公司系与本公司名称相近的另一家企业。", "administrative_penalty"),
    ("某企业专利权质押登记已办理注销，质押贷款如期还清。", "bankruptcy_closure"),
    ("失信被执行人名单制度实施以来，已有数百万失信被执行人主动履行义务。", "dishonest_debtor"),
    ("平台提醒：为保障资金安全，异常登录的账户将被临时冻结，验证身份后即可解冻。", "litigation"),
    ("足协对某球员作出停赛4场并罚款2万元的处罚。", "administrative_penalty"),
    ("刚刚被评为世界最佳球员的罗纳尔多，23日被意大利足协纪律委员会罚款200万里拉。", "administrative_penalty"),
    ("知情人士称，某公司首席执行官已向董事会递交辞呈，公司对此未予置评。", "leadership_change"),
    ("被执行人信息：1条（已结案），执行标的5万元，立案时间2021年3月。", "dishonest_debtor"),
    ("经营者有本法第十四条所列行为之一的，责令改正，没收违法所得；情节严重的，由工商行政管理机关吊销营业执照。",
     "bankruptcy_closure"),
    ("第四十四条拒绝按照规定提供监督检查所需资料或者提供虚假资料的，责令改正，予以警告；逾期不改正的，可以处以罚款。",
     "administrative_penalty"),
    ("汕头市公安局推行报警回执制度一年来，再也没有群众投诉“报警无门”。", "major_public_opinion"),
])
def test_a_dispute_clause_a_course_a_vacancy_a_record_no_longer_shown_and_an_insiders_word_state_no_present_matter(
        head, text, code):
    """A contract's dispute clause, a vacancy, a course and a lecture, a penalty's record no longer shown and the term
    such records are shown for, a death's anniversary, a discipline body's cases counted, litigation aid, a report's
    section ticked not applicable (denied), a namesake told by its likeness (denied), a pledge's registration
    cancelled, debtors counted, a platform's rule for its users' accounts, sports bodies' fines, an unnamed insider's
    word (speculated), an enforcement case marked closed (history), a statute's consequences with the authority left
    out and no complaint any more were read as matters that occurred (stop 64)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("根据合同约定的争议解决条款，公司已向某仲裁委员会申请仲裁，仲裁委已受理。", "litigation", True),
    ("某培训学校因违规开办寒假培训班被教育局责令整改。", "regulatory_action", True),
    ("某公司因在招聘中设置性别限制被人社局罚款2万元。", "administrative_penalty", True),
    ("该公司今年9月因虚假宣传被罚款5万元，相关处罚信息将在信用中国网站公示。", "administrative_penalty", True),
    ("市知识产权局对某专利代理公司违规代理行为予以通报，并责令其限期整改。", "regulatory_action", True),
    ("公司董事长王某于11月28日因病逝世，享年六十岁。", "leadership_change", True),
    ("关于公司董事长变更的公告", "leadership_change", True),
    ("公司董事会收到总经理王某递交的书面辞职报告，王某因个人原因辞去总经理职务。", "leadership_change", True),
    ("某专利代理公司已办理注销登记。", "bankruptcy_closure", True),
    ("某公司已有3条失信被执行人记录，涉案金额80万元。", "dishonest_debtor", True),
    ("被执行人信息：3条（执行中），执行标的合计120万元。", "dishonest_debtor", True),
    ("因合同纠纷，某公司银行账户被法院冻结。", "litigation", True),
    ("某足球俱乐部因违规引援被市体育局罚款10万元。", "administrative_penalty", True),
    ("#某平台退费难# 交了钱一年多不办事，群里已经有200多人了，大家一起维权。", "major_public_opinion", True),
    ("十二、重大诉讼、仲裁事项 √适用 □不适用 公司与某科技公司专利侵权纠纷案已于本报告期内一审判决。", "litigation", True),
    ("公司董事会决定暂停某区域代理业务，集中资源发展核心业务。", "regulatory_action", False),
    ("双方续签一致行动协议，公司控制权未发生变化。", "equity_change", False),
    ("股东王某与李某拟签署一致行动协议，签署后将成为公司共同实际控制人。", "equity_change", False),
    ("某中心因资金问题拟予以撤销，人员将划转至市科技局。", "bankruptcy_closure", False),
    ("本公司将就联交所可能作出的谴责决定申请复核。", "regulatory_action", False),
    ("国家知识产权局对表现突出的10家运营机构予以通报表扬。", "regulatory_action", False),
    ("国家知识产权局对考核不合格的2家运营平台予以通报。", "regulatory_action", False),
    ("公司董事长变更事项尚需提交股东大会审议。", "leadership_change", False),
    ("某担保公司拟向监管部门交回经营许可证。", "bankruptcy_closure", False),
    ("某集团拟完成对某港股公司的私有化后申请撤销其上市地位。", "restructuring", False),
    ("根据规定，违规人员可被禁止从事银行业工作。", "administrative_penalty", False),
    ("某科技表示，公司正在寻求战略投资者，目前尚未确定。", "equity_change", False),
    ("平台规定，信用评价不合格的机构将被平台清退。", "regulatory_action", False),
    ("若股价持续低于1美元，公司可能收到纳斯达克发出的不符合持续上市标准的通知。", "regulatory_action", False),
    ("此前担任中心主任的王某将于下月调任市科技局。", "leadership_change", False),
    ("某基金拟出售所持某科技公司全部股份。", "equity_change", False),
    ("美国国际贸易委员会将于下月就337调查作出终裁。", "litigation", False),
    ("某平台建了一个200人的用户交流群，方便大家交流专利知识。", "major_public_opinion", False),
])
def test_the_twins_of_stop_64s_readings(head, text, code, present):
    """The twins of stop 64's rules: an arbitration applied for under the clause, a training class an authority acts
    on, a penalty for a hiring rule, a penalty whose record will be shown, a named firm's notice, a death, a head's
    change announced, a resignation letter received, a deregistration, records counted, a case in enforcement, an
    account frozen by a court, a club fined by an authority, a post's group in an outcry and a section ticked
    applicable stay matters; a firm's own suspension, an agreement renewed or planned, a centre to be abolished, a
    censure that may come, praise, firms counted, a change awaiting approval, a licence to be handed back, a
    privatisation planned, a rule of bans, investors sought, a rule of expulsion, a notice that may come, a move to
    come, a sale planned, a ruling to come and a users' chat group state no present one."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某市专利代理师协会召开第三届会员大会，选举产生新一届理事会，刘某当选会长。", "leadership_change"),
    ("官宣！某交易中心迎来新掌门", "leadership_change"),
    ("实拍！某知识产权服务公司门口挤满讨要代理费的客户，公司大门紧锁", "major_public_opinion"),
    ("某少儿英语培训机构突然闭店，负责人失联，数百名家长预付的学费无法退还。", "major_public_opinion"),
    ("某公司员工集体停工，抗议公司突然宣布降薪30%。", "major_public_opinion"),
    ("因存在违法违规行为，某专利交易网站被网信部门依法关闭。", "regulatory_action"),
    ("公司股票自2026年12月8日起被实施其他风险警示，股票简称变更为ST某某。", "regulatory_action"),
    ("国家知识产权局决定吊销某专利代理有限公司专利代理机构执业许可证。", "administrative_penalty"),
    ("法院裁定对某公司采取限制消费措施。", "dishonest_debtor"),
    ("在某平台上交了三万块代理费，半年了专利申请还没提交，客服一直推脱，群里几百个人都是这情况。", "major_public_opinion"),
])
def test_an_associations_head_elected_a_crowd_at_the_door_a_strike_a_site_shut_and_a_licence_revoked_are_read(
        head, text, code):
    """An association's head elected, a new head told in slang, a crowd of customers at the door, fees a group cannot
    get back, a strike, a website shut by an authority, the other risk warning, a licence revoked by an IP office, a
    consumption ban told in the active and a post's grievance of work not done with its group counted were missed
    (stop 65)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("加强知识产权运营平台监管，对违规经营的平台坚决予以清退。", "regulatory_action"),
    ("金融监管总局：今年以来共对银行保险机构罚没12.3亿元，处罚责任人员860人次。", "administrative_penalty"),
    ("11月以来，已有18家上市公司公告终止重大资产重组。", "restructuring"),
    ("3分钟带你看懂什么是破产重整 #法律科普 #律师说法", "bankruptcy_closure"),
    ("某律师事务所破产清算业务团队，承接企业破产重整、破产清算案件，经验丰富。", "bankruptcy_closure"),
    ("代理商标异议、商标无效宣告、专利无效诉讼，胜诉率高，收费透明。", "litigation"),
    ("法院裁定解除对某公司的限制消费措施，因其已全部履行判决义务。", "litigation"),
    ("公司发行的理财产品不存在逾期兑付情形。", "major_public_opinion"),
    ("股东大会否决了罢免董事长的临时提案，董事长张某将继续履职。", "leadership_change"),
    ("某会计师事务所连续五年入选行业百强，未受过任何行政处罚。", "administrative_penalty"),
    ("双方经友好协商达成和解，未进入诉讼程序。", "litigation"),
    ("入驻机构出现被列入失信被执行人名单、受到行政处罚等情形的，平台应及时予以清退。", "dishonest_debtor"),
    ("入驻机构出现被列入失信被执行人名单、受到行政处罚等情形的，平台应及时予以清退。", "administrative_penalty"),
    ("我今天把手里的某某股份减持了一半，落袋为安。", "equity_change"),
    ("“企业一旦被列入失信名单，融资、招投标都会受到限制。”某律师在接受采访时表示。", "dishonest_debtor"),
    ("专家认为，知识产权运营平台应建立舆情预警机制，防止负面事件发酵。", "major_public_opinion"),
    ("若公司2026年度经审计的净利润仍为负值，公司股票将被终止上市。", "regulatory_action"),
    ("某公司核心技术人员王某因个人原因离职，公司认为其离职不会对技术研发产生重大影响。", "leadership_change"),
    ("“失信被执行人查询”小程序上线，企业可一键查询合作方信用情况。", "dishonest_debtor"),
    ("某品牌“破产姐妹”主题咖啡店开业，吸引大批年轻人打卡。", "bankruptcy_closure"),
])
def test_a_policy_sums_counted_an_explainer_an_advert_a_motion_voted_down_and_a_rule_for_residents_state_no_matter(
        head, text, code):
    """A government's policy against wrongdoers at large, fines summed over a class of firms, deals counted since a
    month, an explainer, a law firm's and an agent's adverts, a consumption ban lifted, no default, a motion voted down,
    a penalty never suffered and a dispute that never reached court (denied), a platform's rule for its residents, a
    poster's own sale, a lawyer's condition, an expert's advice to prevent an outcry, a delisting a condition waits
    on, core staff leaving with the cause between and a tool's or a shop's name were read as matters that occurred
    (stop 65)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("某市专利代理师协会召开会员大会，某公司董事长张某当选副会长。", "leadership_change", False),
    ("某交易中心将迎来新掌门，人选尚待确定。", "leadership_change", False),
    ("大量客户到公司总部聚集，要求退还保证金。", "major_public_opinion", True),
    ("某工地因资金问题停工，项目进度滞后。", "major_public_opinion", False),
    ("某专利交易网站宣布因业务调整关闭。", "regulatory_action", False),
    ("公司股票于2026年12月8日起撤销其他风险警示。", "regulatory_action", False),
    ("根据规定，情节严重的，可以吊销专利代理机构执业许可证。", "administrative_penalty", False),
    ("某市场监管局对某知识产权代理公司违规经营行为予以查处，罚款3万元。", "administrative_penalty", True),
    ("某银行今年以来累计被罚没1200万元。", "administrative_penalty", True),
    ("某科技公司终止重大资产重组，公司股票明日复牌。", "restructuring", True),
    ("某律所承接的某公司破产清算案近日获法院裁定终结。", "bankruptcy_closure", True),
    ("法院裁定对某公司采取限制消费措施，因其未履行生效判决。", "litigation", False),
    ("法院拟对某公司采取限制消费措施。", "dishonest_debtor", False),
    ("公司发行的理财产品存在逾期兑付情形，涉及投资者300余人。", "major_public_opinion", True),
    ("股东大会审议通过了罢免董事长的临时提案，张某不再担任公司董事长。", "leadership_change", True),
    ("某会计师事务所因审计程序执行不到位，受到证监会行政处罚。", "administrative_penalty", True),
    ("双方协商未果，某公司已向法院提起诉讼。", "litigation", True),
    ("某入驻机构因被列入失信被执行人名单，被平台清退。", "dishonest_debtor", True),
    ("公司控股股东今日减持公司股份500万股。", "equity_change", True),
    ("某公司因拒不履行生效判决，被法院列为失信被执行人。", "dishonest_debtor", True),
    ("某平台负面事件持续发酵，相关话题登上热搜。", "major_public_opinion", True),
    ("公司股票因2025年度净利润为负值且营业收入低于3亿元，将被终止上市。", "regulatory_action", True),
    ("某公司总经理王某因个人原因离职。", "leadership_change", True),
    ("某公司被列为失信被执行人，其“某某”小程序已停止运营。", "dishonest_debtor", True),
])
def test_the_twins_of_stop_65s_readings(head, text, code, present):
    """The twins of stop 65's rules: a deputy elected, a head still to come, a company's site closed by itself, the
    other risk warning lifted and a statute's revocation state no present matter; customers gathering, a firm's own
    penalty, a bank's own fines, a firm's restructuring ended, a law firm's named case, a default told, a motion
    passed, a penalty suffered, a suit filed, a resident expelled, a holder's sale, a debtor listed, an outcry that
    spread, a delisting told as decided, a general manager leaving and a debtor named beside a tool stay matters (and
    a site halted is no outcry, a ban imposed for a judgment not performed no lawsuit, a ban planned no debtor)."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("因原股东张某去世，其所持某专利代理公司40%股权由其子张小某继承，已完成工商变更登记。", "equity_change"),
    ("某投资公司通过司法拍卖竞得某知识产权运营公司35%股权，成为其第一大股东。", "equity_change"),
    ("某知识产权运营中心员工实名举报中心主任违规发放补贴，举报信在网上广泛传播。", "major_public_opinion"),
    ("某融资担保公司拒绝履行代偿义务，多家中小企业联名向监管部门反映。", "major_public_opinion"),
    ("某银行公告称，某知识产权运营公司的一笔2000万元贷款已逾期90天，银行已启动追偿程序。", "major_public_opinion"),
    ("某科技公司以专利质押获得的1000万元贷款到期未还，银行已将其列为不良贷款。", "major_public_opinion"),
    ("某知识产权交易平台系统故障长达三天，上千名用户无法登录，社交平台上怨声载道。", "major_public_opinion"),
    ("某集团公告，经持有人会议表决，公司债券本金兑付日展期一年，展期期间利息照常支付。", "major_public_opinion"),
    ("某地产公司境外美元债未能在宽限期内支付利息，构成违约。", "major_public_opinion"),
    ("某专利代理公司承诺“不授权全额退款”，但上百名客户申请退款后至今未收到退款。", "major_public_opinion"),
    ("某知识产权服务公司数十名员工反映，公司已连续半年未缴社保，多次讨要无果。", "major_public_opinion"),
    ("读者来信：我们小区十余户业主委托某专利代理公司申请外观设计专利，交钱一年多毫无进展，公司至今拒不退款。",
     "major_public_opinion"),
    ("#某知识产权平台跑路# 评论区上千人求助，交的钱全打水漂了", "major_public_opinion"),
    ("某村镇银行遭遇储户挤兑，大量储户排队取款。", "major_public_opinion"),
    ("某专利代理公司因在政府采购活动中提供虚假材料，被财政部门禁止在一年内参加政府采购活动。", "administrative_penalty"),
    ("美国商务部将某中国专利运营公司列入实体清单。", "regulatory_action"),
    ("因存在弄虚作假行为，某公司的“国家知识产权示范企业”称号被撤销。", "regulatory_action"),
    ("某知识产权服务公司因欠缴员工社会保险费，被社保经办机构责令限期缴纳。", "regulatory_action"),
    ("某某股份(600111)公告，公司发行股份购买资产事项已获中国证监会核准，标的资产已完成过户。", "restructuring"),
    ("尊敬的客户：我司已决定停止专利代理业务并办理注销，在办案件将移交给某专利代理公司。", "bankruptcy_closure"),
    ("某公司股东大会改选董事会，董事长王某未能连任。", "leadership_change"),
    ("某某银行证实行长离职传闻 称系个人原因", "leadership_change"),
])
def test_a_stake_inherited_a_run_a_default_declared_a_tender_ban_an_export_list_and_an_honour_withdrawn_are_read(
        head, text, code):
    """A stake inherited or won at an auction, a report spread online, firms writing jointly, a loan overdue or not
    repaid, an outcry online in its idiom, a payment put off, a default declared, refunds never received, staff and
    households complaining together, hundreds asking for help, a run on a bank, a supplier banned from tenders, an
    export list, an honour withdrawn, an order to pay, a deal's assets handed over, a firm's
    deregistration under way, a head not elected again and a rumour confirmed were missed (stop 66)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("某知识产权调解中心成功调解一起商标许可合同纠纷，双方达成和解，未进入诉讼程序。", "litigation"),
    ("律师提醒：遇到代理机构跑路，可以通过诉讼途径维护自身权益。", "litigation"),
    ("小说讲述了一位年轻律师为专利侵权案奔走的故事。", "litigation"),
    ("某律师事务所简介：本所成立于2005年，先后代理知识产权诉讼案件3000余件，胜诉率超过90%。", "litigation"),
    ("某基金公司公告，基金经理张某因个人原因离任某成长混合基金，由李某接任。", "leadership_change"),
    ("某知识产权运营中心项目经理王某离职，其负责的项目已移交给刘某。", "leadership_change"),
    ("某交易所总经理李某受聘为某大学兼职教授。", "leadership_change"),
    ("某专利代理公司董事长张某辞去市专利代理师协会副会长职务。", "leadership_change"),
    ("有自媒体称某银行行长被带走，该行回应：行长正在正常工作。", "leadership_change"),
    ("因拒不履行法院判决，某知识产权服务公司被法院处以罚款10万元，其法定代表人被司法拘留15日。",
     "administrative_penalty"),
    ("处罚对象、处罚金额、处罚事由等信息详见附件。", "administrative_penalty"),
    ("年内银行业罚单数量同比减少12%。", "administrative_penalty"),
    ("某某药业(002345)拟转让10%股份给战投 某某证券(600999)回应罚单传闻", "administrative_penalty"),
    ("法院提醒：拒不履行生效判决的，将依法被纳入失信被执行人名单。", "dishonest_debtor"),
    ("某专利代理公司不在失信被执行人名单中，可以参加本次投标。", "dishonest_debtor"),
    ("用户可在App“设置-账号与安全”中申请注销账户，注销后数据将无法恢复。", "bankruptcy_closure"),
    ("市场监管局集中清理长期停业未经营企业，依法吊销1200余户企业营业执照。", "bankruptcy_closure"),
    ("“某平台要破产了”？公司回应：纯属谣言，已报警处理。", "bankruptcy_closure"),
    ("某专利代理公司停业整顿期满，经验收合格，恢复执业。", "bankruptcy_closure"),
    ("经核查，举报反映的某中心违规发放补贴问题不属实。", "regulatory_action"),
    ("市知识产权局召开专利代理机构集体约谈会，提醒各机构规范执业。", "regulatory_action"),
    ("监管措施类型：警示函、责令改正、监管谈话。", "regulatory_action"),
    ("上交所发布纪律处分实施标准，明确公开谴责的适用情形。", "regulatory_action"),
    ("通知明确，对年度绩效评价不合格的平台，责令限期整改；连续两年不合格的，取消其平台资格。", "regulatory_action"),
    ("某知识产权运营公司全体股东同比例增资，注册资本由1亿元增至2亿元，股权结构不变。", "equity_change"),
])
def test_a_mediation_a_lower_manager_a_courts_fine_a_rules_consequence_a_tables_fields_and_a_rumour_state_no_matter(
        head, text, code):
    """A dispute mediated out of court, the remedy at law advised, a novel's plot, a law firm's cases counted, a fund's
    or a project's manager leaving, a chair at a university, an association's lesser post left, a head said to be
    taken (and at work), a court's fine, a table's field names, tickets counted, a rumour answered, a rule's
    consequence, a firm not on the list, an account deleted, firms struck off in bulk, a rumour of bankruptcy denied, a
    suspension served, a complaint found untrue, a summons of a trade, a register's kinds of measure, a rule that says
    when a measure applies and capital raised in proportion were read as matters that occurred (stop 66)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("某公司股东张某去世后，其子拟继承其所持股权，相关手续尚未办理。", "equity_change", False),
    ("某投资公司拟参与竞拍某公司35%股权。", "equity_change", False),
    ("某知识产权运营公司引入新股东某产业基金，后者以增资方式取得公司20%股权。", "equity_change", True),
    ("某银行表示，网点运营正常，未发生挤兑。", "major_public_opinion", False),
    ("专家表示，若企业无法按期兑付，可能构成违约。", "major_public_opinion", False),
    ("某集团公告，公司债券已按期足额兑付，不存在展期安排。", "major_public_opinion", False),
    ("某银行向某科技公司发放知识产权质押贷款1000万元，期限一年。", "major_public_opinion", False),
    ("某专利代理公司承诺，未授权可全额退款，退款将在7个工作日内到账。", "major_public_opinion", False),
    ("网友称某银行的装修风格很好看，评论区一片赞声。", "major_public_opinion", False),
    ("某平台突然关闭提现通道，评论区骂声一片。", "major_public_opinion", True),
    ("某知识产权服务公司数十名员工聚集在公司门口讨薪。", "major_public_opinion", True),
    ("美国商务部将某中国公司移出实体清单。", "regulatory_action", False),
    ("若被列入实体清单，公司将无法采购美国芯片。", "regulatory_action", False),
    ("某公司荣获“国家知识产权示范企业”称号。", "regulatory_action", False),
    ("经核查，举报反映的某中心违规发放补贴问题属实，市局已责令其整改。", "regulatory_action", True),
    ("市知识产权局约谈某专利代理公司负责人，要求其立即整改。", "regulatory_action", True),
    ("证监会对某证券公司采取出具警示函的监管措施。", "regulatory_action", True),
    ("某知识产权服务公司为员工足额缴纳社会保险费。", "regulatory_action", False),
    ("某某股份(600111)公告，公司发行股份购买资产事项尚需中国证监会核准。", "restructuring", False),
    ("某区市场监管局依法吊销某专利代理公司营业执照。", "bankruptcy_closure", True),
    ("某公司股东大会改选董事会，董事长王某获得连任。", "leadership_change", False),
    ("某知识产权交易所总经理王某辞职。", "leadership_change", True),
    ("某基金管理公司总经理王某因个人原因离任。", "leadership_change", True),
    ("某专利代理公司董事长张某辞去公司董事长职务。", "leadership_change", True),
    ("某银行证实行长已被带走调查。", "leadership_change", True),
    ("某知识产权服务公司因虚假宣传被市场监管局罚款10万元。", "administrative_penalty", True),
    ("处罚对象：某银行某支行；处罚金额：50万元；处罚事由：贷款“三查”不尽职。", "administrative_penalty", True),
    ("某某证券(600999)子公司收到罚单 被罚没300万元", "administrative_penalty", True),
    ("某银行因贷款管理不审慎被罚款80万元。", "administrative_penalty", True),
    ("某公司拒不履行生效判决，已被法院纳入失信被执行人名单。", "dishonest_debtor", True),
    ("某专利代理公司被列入失信被执行人名单，无法参加本次投标。", "dishonest_debtor", True),
    ("某公司因专利侵权被法院判赔500万元。", "litigation", True),
    ("代理机构跑路后，数十名客户已向法院提起诉讼。", "litigation", True),
])
def test_the_twins_of_stop_66s_readings(head, text, code, present):
    """The twins of stop 66's rules: a stake still to be inherited or bid for, no run, a default only supposed, a
    bond paid, a loan granted, a refund promised, praise in the comments, a firm taken off an export list or one only
    supposed on it, an honour won, staff insured, a deal awaiting approval, a head
    re-elected and a rumour's reply state no present matter; a new holder, an outcry online, staff claiming wages, a
    complaint found true, a firm's own summons, a warning letter, a licence revoked, a head's own
    resignation or arrest, an administrative fine, a table's row, a debtor listed and suits filed stay matters."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("德青源、聚利科技等10家企业今日摘牌大富科技(300134)重组失败 一场来之不易的胜利", "regulatory_action"),
    ("江海股份(002484):大跌时董事长将承诺不减持成飞集成(002190)重组被否或引发连锁反应东方通创始人家族套现1.5亿拟再减持3%",
     "equity_change"),
])
def test_a_delisting_today_and_a_sale_before_the_next_plan_are_read(head, text, code):
    """A delisting told as today's and shares sold for a sum with the next sale's plan after it were missed, the sale
    read as the plan (stop 67)."""
    assert code in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code", [
    ("*ST中发(600520):申请撤销退市风险警示", "regulatory_action"),
    ("兰花科创今日公告称,公司与亚美大宁控股有限公司于3月5日签订了新的《股权转让意向书》。", "equity_change"),
    ("收购IBM PC业务十年后,联想核心个人电脑业务持续稳健发展。", "restructuring"),
    ("保利地产公告称,保利集团正在与中航集团探讨收购其房地产业务事宜。", "restructuring"),
    ("@北京市石景山 @正义网 @全球曝光头条 @社会民生新闻焦点曝光台 @法治进行时", "major_public_opinion"),
    ("闰土股份(002440)董事长坠楼身亡 生前减持套现6.66亿元禾望电气一董事拟减持不超0.48%股份", "equity_change"),
])
def test_a_lifting_applied_for_a_letter_of_intent_a_deal_years_ago_an_account_and_a_dead_mans_sales_state_none(
        head, text, code):
    """An application to lift a delisting-risk warning, a letter of intent signed, a deal told by the years since or
    still talked about, accounts named for exposure and a dead man's sales were read as matters that occurred
    (stop 67)."""
    assert code not in _present(_one(head, text)), _one(head, text)


def test_stop_67s_wordings_as_the_rules_read_them():
    """What stop 67's rules read, clause by clause (the shipped head already reads most of these texts right, its fold
    heads did not): an authority's order or rebuke in other words, a filing's contents, a star's publicity and an
    account named for exposure, a lifting applied for, a letter of intent, the years since, a deal talked about, a
    sum raised before the next plan (not an insider's gain or a dead man's sales), a short name before its code and
    what courts do in general."""
    from nlp import cues, statements

    defining = cues.DEFINING["regulatory_action"]
    assert defining.search("首钢长钢长期超标排污 被勒令限期治理") and defining.search("乐视网(300104)被广电总局点名批评")
    assert not defining.search("今天币圈又有人被点名批评了") and not defining.search("某公司被人民日报点名批评")
    assert not defining.search("若继续违规排污，企业将被勒令停产")
    for sentence in ("年报曝光三大基金持股路径", "一则寻常的担保公告曝光了凯乐科技旗下黄山头酒业的业绩",
                     "这波曝光真是666", "@社会民生新闻焦点曝光台 @法治进行时"):
        assert cues.words_only_in_phrases(sentence, "major_public_opinion"), sentence
    assert not cues.words_only_in_phrases("某平台逾期兑付被央视曝光", "major_public_opinion")
    assert cues.NOT_STATED["litigation"]("在司法实践中，投资人也可以在法院判决中，责令被告人退赔")
    assert statements.lifting_applied("*ST中发(600520):申请撤销退市风险警示", "regulatory_action")
    assert not statements.lifting_applied("*ST宝硕(600155)10日起复牌并撤销退市风险警示", "regulatory_action")
    assert not statements.lifting_applied("申请撤销退市风险警示，同时收到上交所监管工作函", "regulatory_action")
    assert statements.intent_signed("签订了新的《股权转让意向书》", "equity_change")
    assert not statements.intent_signed("签订《现金购买资产意向协议之终止协议》", "restructuring")
    assert statements.told_as_history("收购IBM PC业务十年后", "restructuring")
    assert statements.hedged("保利集团正在与中航集团探讨收购其房地产业务事宜", "restructuring")
    assert statements.gain_realised("东方通创始人家族套现1.5亿拟再减持3%", "equity_change")
    assert statements.gain_realised("内幕交易案曝光 私人助理泄天机沃尔核材(002130)股东套现1.5亿", "equity_change")
    for context in ("董事长欲减持套现近2亿元", "汪静承认内幕交易:获利25万美元", "生前减持套现6.66亿元"):
        assert not statements.gain_realised(context, "equity_change"), context
    text = "佳电股份(000922)股东计划减持不超过543.6万股；德美化工(002054)减持天原集团(002386)"
    assert statements.short_name_only(text, 0, 4)
    assert not statements.short_name_only(text, text.index("减持天原"), text.index("(002386)"))


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("*ST宝硕(600155)10日起复牌并撤销退市风险警示", "regulatory_action", True),
    ("某公司股票自3月5日起被实施退市风险警示。", "regulatory_action", True),
    ("某公司申请撤销退市风险警示，同时收到上交所监管工作函。", "regulatory_action", True),
    ("某控股将其持有的某科技10%股份转让给某基金，双方已签署股份转让协议并完成过户登记。", "equity_change", True),
    ("某公司与某集团签署意向协议之终止协议，双方不再推进股权转让。", "equity_change", False),
    ("某公司完成对某科技的收购，交易总价5亿元。", "restructuring", True),
    ("某平台逾期兑付被央视曝光，数千名出借人集体维权。", "major_public_opinion", True),
    ("@财经网 某理财平台被曝光无法提现，上百名投资人聚集维权。", "major_public_opinion", True),
    ("今天币圈又有人被点名批评了。", "regulatory_action", False),
    ("若继续违规排污，企业将被勒令停产。", "regulatory_action", False),
    ("某公司否认被勒令停产的传闻。", "regulatory_action", False),
    ("某公司董事长欲减持套现近2亿元。", "equity_change", False),
    ("某某股份(600111)股东减持500万股，套现逾亿元。", "equity_change", True),
])
def test_the_twins_of_stop_67s_readings(head, text, code, present):
    """The twins of stop 67's rules: a warning lifted or imposed, a lifting applied for beside a letter received, a
    transfer agreed and registered, a takeover done, an exposure with an outcry and a sale under a short name stay
    matters; an intent ended, a rebuke by no authority, an order supposed or denied and a sale only wished for are
    none."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


def test_stop_68s_wordings_as_the_rules_read_them():
    """What stop 68's rules read, clause by clause: a return after years (not history), 曾 after an adverb or before a
    notice received (history), a right to a civil suit, an upper bound, a question, something considered or discussed,
    a pending nod and a rumour's headline (hedged), a deal named as the subject of misconduct (pending) and a firm that
    says it broke no rule (denied)."""
    from nlp import statements

    assert not statements.told_as_history("金地集团(600383)副总陈长春离职8年后回归", "leadership_change")
    assert statements.told_as_history("博雅生物行政处罚5年后再发酵", "administrative_penalty")
    assert statements.told_as_history("仅2013年8月，中弘大股东中弘卓业就曾借助手游行情疯狂减持", "equity_change")
    assert statements.told_as_history("河北宣工曾收到河北证监局《限期整改通知书》", "regulatory_action")
    assert not statements.told_as_history("公司副总经理曾庆辞职", "leadership_change")
    for context, code in (("不少投资人还可以另行提起民事诉讼", "litigation"), ("最多减持1.75亿股", "equity_change"),
                          ("超额宝是否爆雷了？", "major_public_opinion"), ("实控人未明确是否减持", "equity_change"),
                          ("通用汽车考虑“快速”进入破产保护", "bankruptcy_closure"),
                          ("主要债权人讨论破产重整", "bankruptcy_closure"), ("破产重整还需银行点头", "bankruptcy_closure"),
                          ("传乐视体育总裁张志勇近期离职", "leadership_change"),
                          ("传成飞集成(002190)重组失败", "restructuring"), ("社长将引咎辞职", "leadership_change"),
                          ("网利宝真的倒闭了吗?", "bankruptcy_closure")):
        assert statements.hedged(context, code), context
    for context, code in (("投资人已另行提起民事诉讼", "litigation"), ("累计减持1.75亿股", "equity_change"),
                          ("对无限极陕西分公司是否涉嫌虚假宣传进行立案调查", "regulatory_action"),
                          ("董事会讨论通过了收购议案", "restructuring"), ("某公司因涉嫌传销被立案调查", "regulatory_action"),
                          ("宣传部长辞职", "leadership_change"), ("总经理离职了没有任何交接", "leadership_change")):
        assert not statements.hedged(context, code), context
    assert statements.deal_pending("喜临门(603008)重组涉内幕交易") and statements.deal_pending("兄弟科技(002562)并购藏内幕交易")
    assert not statements.deal_pending("仁润股份重组违规 公司及董事长被股转要求提交书面承诺")
    assert statements.denied_before("蓝帆股份(002382)称未收购民营医院 信披未违规", "regulatory_action")
    assert not statements.denied_before("交易所问询公司是否存在违规担保", "regulatory_action")
    assert not statements.denied_before("公司因信披违规被立案调查，公司称未违规", "regulatory_action")


@needs_head
@pytest.mark.parametrize("text,code", [
    ("海鑫被指已资不抵债 破产重整还需银行点头光电股份(600184)遭红塔创投减持1.56%股份天弘基金:打新资金冻结利好余额宝",
     "bankruptcy_closure"),
    ("中融基金两则公告“打架” 公司总经理离职了没大元股份(600146)金矿遭法院冻结 ST风险加剧", "leadership_change"),
    ("万达电商CEO离职了吗中青宝(300052)2日起停牌 未及时披露业绩预告", "leadership_change"),
    ("喜临门(603008)重组涉内幕交易 董事长侄子获利134万元万科A(000002)董事会狙击宝能 全票否决罢免全部董事监事议案",
     "restructuring"),
    ("丽江旅游(002033)股东减持165万股股份营口港(600317)股东减持披露未违规 22日起复牌", "regulatory_action"),
    ("金枫酒业(600616)董事长董鲁平突然离职华数传媒(000156):互联网电视播控平台未违规", "regulatory_action"),
    ("方式一：协商自行退赔 方式二：法院责令退赔，不履行则执行 方式三：另行民事起诉 而在很多案例中，不少投资人还可以另行提起"
     "民事诉讼以便获得救济权利，如果能提供专业的相关证据，也会获得法官支持，再此笔者不赘述。", "litigation"),
])
def test_a_pending_nod_a_question_a_deals_misconduct_no_rule_broken_and_a_right_to_sue_state_none(head, text, code):
    """A bankruptcy that still needs the banks' nod, a departure asked about in a run-on headline, a deal named as the
    subject of insider trading, a firm that says it broke no rule and investors' right to a civil suit were read as
    matters that occurred (stop 68)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("某公司已另行提起民事诉讼，要求被告赔偿损失500万元。", "litigation", True),
    ("某股东累计减持1.75亿股，套现逾10亿元。", "equity_change", True),
    ("某公司因信息披露违规被证监会立案调查。", "regulatory_action", True),
    ("某公司原副总经理陈某离职8年后回归，出任公司总经理。", "leadership_change", True),
    ("某公司曾收到证监局警示函，此次再被立案调查。", "regulatory_action", True),
    ("某公司完成重大资产重组，收购某科技100%股权。", "restructuring", True),
    ("某平台是否爆雷了？", "major_public_opinion", False),
    ("传某银行行长今日离职。", "leadership_change", False),
    ("某公司破产重整还需债权银行点头。", "bankruptcy_closure", False),
    ("某公司股东最多减持1.75亿股。", "equity_change", False),
    ("某公司董事长将引咎辞职。", "leadership_change", False),
])
def test_the_twins_of_stop_68s_readings(head, text, code, present):
    """The twins of stop 68's rules: a suit filed, a sale done, an investigation opened, a return after years and a
    new investigation after an old notice stay matters; a question, a rumour, a pending nod, an upper bound and a
    departure to come are none."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


def test_stop_69s_wordings_as_the_rules_read_them():
    """What stop 69's rules read, clause by clause: a sentence a year alone opens (history, a date to the day stays
    news), a right to claim, claimants sought, an act done together and a penalty or removal faced (hedged), a
    departure that names the person or dates what came since (history), a deal said to hold insider trading (pending),
    a departure or sale that will not happen, a removal voted down and a transfer called off (denied)."""
    from nlp import statements

    text = "2010年初，王贵芳、何春才、何玲再次提起诉讼，要求确认腾退协议无效。"
    assert statements.reported_status(text, text.index("王"), len(text), "litigation") == "historical"
    for text in ("2024年3月5日，证监会对该公司立案调查。", "2016年，公司完成收购，目前已完成重组。"):
        assert statements.reported_status(text, 0, len(text), "regulatory_action" if "立案" in text
                                          else "restructuring") is None, text
    for context, code in (("大智慧虚假陈述受罚 受损投资者仍可索赔", "litigation"), ("受损股民可提民事赔偿诉讼", "litigation"),
                          ("投资者可以受虚假陈述侵害为由索赔", "litigation"), ("沪杭律师联合预征集诉讼", "litigation"),
                          ("宝安地产(000040)虚假陈述索赔征集中", "litigation"), ("577名速腾车主计划集体诉讼", "litigation"),
                          ("三名股东拟联合减持不超800万股", "equity_change"), ("东芝因财务造假面临史上最大罚单", "administrative_penalty"),
                          ("副董事长因内幕交易面临免职", "leadership_change")):
        assert statements.hedged(context, code), context
    for context, code in (("投资者已提起民事赔偿诉讼", "litigation"), ("该案不可起诉", "litigation"),
                          ("东芝因财务造假被处以史上最大罚单", "administrative_penalty"), ("公司面临多起诉讼", "litigation"),
                          ("虚假陈述索赔征集中", "regulatory_action")):
        assert not statements.hedged(context, code), context
    for context in ("文科园林离任高管抛清仓减持计划", "辞职董事套现千万元 离辞职正好6个月", "这些离职高管都是要害部门的负责人"):
        assert statements.told_as_history(context, "leadership_change"), context
    for context in ("文科园林两名高管离任", "公司董事长辞职", "距离职位空缺已有半年"):
        assert not statements.told_as_history(context, "leadership_change"), context
    assert statements.deal_pending("中航工业否认西飞国际(000768)重组有内幕交易")
    for context, code in (("德国大众汽车品牌主管称不会辞职", "leadership_change"), ("表示过短期内不会减持", "equity_change"),
                          ("东方宾馆(000524)罢免全体董事议案被否", "leadership_change"),
                          ("子公司广州北化终止股权变更", "equity_change"), ("股权转让终止今复牌", "equity_change"),
                          ("股东琪创能撤回减持计划", "equity_change")):
        assert statements.denied_before(context, code), context
    for context, code in (("清退工作完成前立业贷不会关停", "bankruptcy_closure"), ("股东大会通过罢免董事长议案", "leadership_change"),
                          ("董事提前终止减持计划", "equity_change"), ("股权转让已完成", "equity_change")):
        assert not statements.denied_before(context, code), context


@needs_head
@pytest.mark.parametrize("text,code", [
    ("2010年初，王贵芳、何春才、何玲再次提起诉讼，要求确认我方与颐泉公司签订的腾退协议无效，得到一、二审法院确认", "litigation"),
    ("<N>年底,中国国航利用其在香港的全资子公司中航兴业有限公司完成对中信泰富所持国货航<N>%股权的收购,中国国航所持国货航的股权"
     "由此增至<N>%。", "restructuring"),
    ("*ST博元(600656)被终止上市 投资者可以受虚假陈述侵害为由索赔新华医疗(600587)澄清不涉信息披露问题", "litigation"),
    ("“中汇事件”暴露票据平台漏洞 小伙伴莫贪收益忘风险亿晶光电(600537)辞职董事套现千万元 离辞职正好6个月", "leadership_change"),
    ("百天奴、华玫等23批次服装商品检出不合格康芝药业(300086)今复牌温柔补跌 否认信披违规和虚增利润德国大众汽车品牌主管称不会辞职",
     "leadership_change"),
    ("电子城(600658)拟择机出售零七股份(000007)股权梅雁吉祥 股东罢免董事长提案被否五矿中冶重组 株冶集团(600961)午后涨停疑涉内幕交易",
     "leadership_change"),
])
def test_a_chronicles_year_a_right_to_claim_a_former_officer_a_refusal_and_a_motion_voted_down_state_none(
        head, text, code):
    """A suit and a purchase in a chronicle's line a year opens, investors' right to claim, a departed officer named by
    the departure (`辞职董事`, `离辞职正好6个月`), a departure someone says will not happen and a removal voted down were
    read as matters that occurred (stop 69)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("2024年3月5日，证监会对某公司立案调查。", "regulatory_action", True),
    ("某公司已向法院提起诉讼，要求被告赔偿损失500万元。", "litigation", True),
    ("某公司因信息披露违规被证监会处以罚款60万元。", "administrative_penalty", True),
    ("某公司董事长因个人原因辞职。", "leadership_change", True),
    ("某公司两名高管离任。", "leadership_change", True),
    ("2010年初，某公司再次提起诉讼，要求确认协议无效。", "litigation", False),
    ("2015年，某集团收购了某矿业公司。", "restructuring", False),
    ("2016年，某公司完成收购某科技100%股权。", "restructuring", False),
    ("577名车主计划集体诉讼。", "litigation", False),
    ("某公司辞职董事套现千万元 离辞职正好6个月", "leadership_change", False),
    ("某公司离任高管抛出清仓减持计划。", "leadership_change", False),
    ("某公司因财务造假面临巨额罚单。", "administrative_penalty", False),
    ("某公司股东罢免董事长提案被否。", "leadership_change", False),
    ("某公司子公司终止股权变更。", "equity_change", False),
    ("某公司子公司完成股权变更。", "equity_change", True),
])
def test_the_twins_of_stop_69s_readings(head, text, code, present):
    """The twins of stop 69's rules: an investigation dated to the day, a suit filed, a fine imposed, a departure,
    officers leaving and a change of shareholding done stay matters; a suit or a purchase in a line a year opens, a suit
    planned together, a departed officer named by the departure, a fine faced, a removal voted down and a share
    transfer called off are none."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)


def test_stop_70s_wordings_as_the_rules_read_them():
    """What stop 70's rules read, clause by clause: a stock code alone in its brackets states nothing; a consequence
    guessed, a rumour told of the one it befell, a passive with its agent after a hedge and the time left to sue are
    hedged; a sale told done ends its story before the next story's denial; a penalty not imposed or waived, a sale
    plan ended (not early) and a removal's proposal turned down are denied."""
    from nlp import statements

    text = "掌趣科技(300315)否认因违规交易被立案调查八菱科技(002592)董事减持15万股"
    assert statements.stock_code_only(text, text.index("002592"), text.index("002592") + 6)
    assert not statements.stock_code_only(text, text.index("八菱"), text.index("(002592"))
    assert not statements.stock_code_only("成交量002592手", 3, 9)
    for context, code in (("战略投资者 或致鲁北化工实控人变更", "equity_change"), ("市政集团混改可能导致公司实控人变更", "equity_change"),
                          ("英特国际董事长被传携款外逃", "leadership_change"), ("银泰网CEO廖斌被传离职", "leadership_change"),
                          ("国腾电子(300101)女老板传被中纪委带走", "regulatory_action"),
                          ("庞大集团:涉嫌信披违规 将遭证监会处罚", "administrative_penalty"),
                          ("爱仕达(002403)或被二股东减持", "equity_change"),
                          ("诉讼期仅余5月", "litigation"), ("鲁北化工(600727)虚假陈述案 股民索赔进入倒计时", "litigation")):
        assert statements.hedged(context, code), context
    for context, code in (("若实施将导致公司第一大股东变更", "equity_change"), ("某公司因虚假宣传被处罚", "administrative_penalty"),
                          ("董事长被中纪委带走", "regulatory_action"), ("诉讼期间公司经营正常", "litigation")):
        assert not statements.hedged(context, code), context
    assert statements.story_alone("嘉盛集团法律总顾问执行期权并抛售55.3万美元股票京东否认卷入“泄密门”",
                                  "equity_change") == "嘉盛集团法律总顾问执行期权并抛售55.3万美元股票"
    assert statements.story_alone("汉威电子(300007)遭股东大宗减持400万股团宝CEO否认公司倒闭跑路",
                                  "equity_change") == "汉威电子(300007)遭股东大宗减持400万股"
    assert statements.story_alone("公司否认大股东减持", "equity_change") is None
    for context in ("证监会未予行政处罚", "原财务总监陶刚被免予处罚", "对某代理公司作出不予行政处罚决定"):
        assert statements.denied_before(context, "administrative_penalty"), context
    assert not statements.denied_before("公司被证监会处罚", "administrative_penalty")
    for context in ("麦捷科技控股股东终止股份减持计划", "富安娜(002327)控股股东终止减持股份计划"):
        assert statements.denied_before(context, "equity_change"), context
    assert not statements.denied_before("董事提前终止减持计划", "equity_change")
    assert statements.denied_before("泰跃系罢免茂化实华(000637)董事长刘华职务的提议被驳回", "leadership_change")
    assert not statements.denied_before("股东提议罢免董事长", "leadership_change")


@needs_head
@pytest.mark.parametrize("text,code", [
    ("掌趣科技(300315)否认因违规交易被立案调查八菱科技(002592)董事减持15万股 套现535万皖江物流(600575)股东披露清仓减持计划 合计减持4.86亿股",
     "regulatory_action"),
    ("比亚迪(002594)销售总经理侯雁确认离职 或因业绩压力鲁北集团启动二次“混改”再引战略投资者 或致鲁北化工实控人变更", "equity_change"),
    ("山东如意(002193)重组搁浅 或将分批注入资产我武生物(300357)股东减持收益1370万元将归缴上市公司银泰网CEO廖斌被传离职",
     "leadership_change"),
])
def test_a_stock_code_a_consequence_guessed_and_a_rumour_state_none(head, text, code):
    """An investigation denied but read again from the clause that is only the next story's stock code, a change of
    control guessed as a consequence (或致) and a rumour told of the one it befell (被传) were read as matters that
    occurred (stop 70)."""
    assert code not in _present(_one(head, text)), _one(head, text)


@needs_head
def test_a_sale_before_the_next_storys_denial_is_a_sale(head):
    """A sale told done is read without the next story's denial (the sale was read denied; stop 70)."""
    text = "嘉盛集团法律总顾问执行期权并抛售55.3万美元股票京东否认卷入“泄密门”"
    assert "equity_change" in _present(_one(head, text)), _one(head, text)


@needs_head
@pytest.mark.parametrize("text,code,present", [
    ("某公司股东完成股权转让，实控人变更为某集团。", "equity_change", True),
    ("某公司因虚假宣传被市场监管局罚款10万元。", "administrative_penalty", True),
    ("某公司因信息披露违规被证监会处以警告并罚款60万元。", "administrative_penalty", True),
    ("某公司股东已向法院提起诉讼，要求赔偿损失。", "litigation", True),
    ("某公司大股东减持500万股。", "equity_change", True),
    ("某公司股东转让股份或致公司实控人变更。", "equity_change", False),
    ("某公司董事长被传离职。", "leadership_change", False),
    ("某公司涉嫌信披违规 将遭证监会处罚。", "administrative_penalty", False),
    ("证监会对某公司未予行政处罚。", "administrative_penalty", False),
    ("某公司控股股东终止减持股份计划。", "equity_change", False),
])
def test_the_twins_of_stop_70s_readings(head, text, code, present):
    """The twins of stop 70's rules: a change of control done, a fine for false advertising, a fine imposed, a suit
    filed and a sale stay matters; a change of control guessed as a consequence, a departure rumoured, a penalty to
    come, one not imposed and a sale plan ended are none."""
    assert (code in _present(_one(head, text))) == present, _one(head, text)
