<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CrmLabels</name>
    <message>
        <source>Potential</source>
        <translation>潜在</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>到访</translation>
    </message>
    <message>
        <source>Subscribed</source>
        <translation>认购</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签约</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>Intent {level}</source>
        <translation>{level} 级</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到访</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Viewing</source>
        <translation>带看</translation>
    </message>
    <message>
        <source>New visitor</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Returning customer</source>
        <translation>老客户</translation>
    </message>
    <message>
        <source>Several customers match</source>
        <translation>匹配到多位客户</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>有效报备</translation>
    </message>
    <message>
        <source>Visit confirmed</source>
        <translation>已带看</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Already a customer</source>
        <translation>已是案场客户</translation>
    </message>
    <message>
        <source>Came by themselves recently</source>
        <translation>近期已自然到访</translation>
    </message>
    <message>
        <source>Another channel's report is protected</source>
        <translation>其他渠道报备在保护期内</translation>
    </message>
    <message>
        <source>Already reported by this channel</source>
        <translation>本渠道重复报备</translation>
    </message>
    <message>
        <source>Masked phone matches several customers</source>
        <translation>隐号匹配到多位客户</translation>
    </message>
    <message>
        <source>Full phone number required</source>
        <translation>须提供完整手机号</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>维持</translation>
    </message>
    <message>
        <source>Overturned</source>
        <translation>已改判</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Walk-in</source>
        <translation>自然来访</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>老带新</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Walk-in (natural visit)</source>
        <translation>自然来访</translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation>待判定</translation>
    </message>
    <message>
        <source>Channel report</source>
        <translation>渠道报备</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Ruling</source>
        <translation>经理裁定</translation>
    </message>
    <message>
        <source>Face match</source>
        <translation>人脸识别</translation>
    </message>
    <message>
        <source>{value}% of the price</source>
        <translation>成交价的 {value}%</translation>
    </message>
    <message>
        <source>¥{value} per deal</source>
        <translation>每套 ¥{value}</translation>
    </message>
    <message>
        <source>{name} has arrived: your customer is back ({size} in the party)</source>
        <translation>{name} 到访：您的客户来了（{size} 人）</translation>
    </message>
    <message>
        <source>{name} was assigned to you</source>
        <translation>{name} 已分配给您</translation>
    </message>
    <message>
        <source>{name} was given to another consultant</source>
        <translation>{name} 已转给其他顾问</translation>
    </message>
    <message>
        <source>{name} went back to the public pool: no follow-up in time</source>
        <translation>{name} 已回到公客池：未及时跟进</translation>
    </message>
    <message>
        <source>Follow-up due: {name}</source>
        <translation>跟进到期：{name}</translation>
    </message>
    <message>
        <source>Notice: {kind}</source>
        <translation>通知：{kind}</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>判客</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Rejected: {reason} (rule v{version})</source>
        <translation>已拒绝：{reason}（规则 v{version}）</translation>
    </message>
    <message>
        <source>{status}: visit with the broker by {deadline}, protected until {until} (rule v{version})</source>
        <translation>{status}：须在 {deadline} 前由经纪人带看，保护至 {until}（规则 v{version}）</translation>
    </message>
</context>
<context>
    <name>CrmWorkspaces</name>
    <message>
        <source>Front desk</source>
        <translation>前台接待</translation>
    </message>
    <message>
        <source>My customers</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <source>Channels &amp; customers</source>
        <translation>渠道与客户</translation>
    </message>
</context>
<context>
    <name>QtAppealDialog</name>
    <message>
        <source>Appeal a report's decision</source>
        <translation>报备判定申诉</translation>
    </message>
    <message>
        <source>&amp;File appeal</source>
        <translation>提交申诉(&amp;F)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报备：</translation>
    </message>
    <message>
        <source>What the broker says, and the proof they have</source>
        <translation>经纪人的说法及其证据</translation>
    </message>
    <message>
        <source>&amp;Grounds:</source>
        <translation>申诉理由(&amp;G)：</translation>
    </message>
    <message>
        <source>Give the grounds of the appeal.</source>
        <translation>请填写申诉理由。</translation>
    </message>
</context>
<context>
    <name>QtAssignDialog</name>
    <message>
        <source>Assign {name}</source>
        <translation>分配客户 {name}</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>分配(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Consultant:</source>
        <translation>置业顾问(&amp;C)：</translation>
    </message>
    <message>
        <source>e.g. overdue follow-up, consultant left</source>
        <translation>例如：跟进逾期、顾问离职</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Give the reason: the consultants are told.</source>
        <translation>请填写原因：相关顾问会收到通知。</translation>
    </message>
</context>
<context>
    <name>QtAttributionDialog</name>
    <message>
        <source>Attribution of {name}</source>
        <translation>判客：{name}</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Attribution ledger (append-only, hash-chained)</source>
        <translation>判客台账（只增不改，哈希链）</translation>
    </message>
    <message>
        <source>Evidence of the chosen row</source>
        <translation>所选记录的证据</translation>
    </message>
    <message>
        <source>E&amp;xport evidence pack…</source>
        <translation>导出争议证据包(&amp;X)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Manager's ruling</source>
        <translation>经理裁定</translation>
    </message>
    <message>
        <source>Referrer's name or phone, then Enter</source>
        <translation>输入推荐人姓名或手机号后回车</translation>
    </message>
    <message>
        <source>Why: recorded in the ledger with the ruling</source>
        <translation>裁定理由：随裁定记入台账</translation>
    </message>
    <message>
        <source>&amp;Record ruling</source>
        <translation>记录裁定(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H)：</translation>
    </message>
    <message>
        <source>Re&amp;port:</source>
        <translation>报备(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Verdict:</source>
        <translation>判定(&amp;V)：</translation>
    </message>
    <message>
        <source>Re&amp;ferrer:</source>
        <translation>推荐人(&amp;F)：</translation>
    </message>
    <message>
        <source>Rea&amp;son:</source>
        <translation>理由(&amp;S)：</translation>
    </message>
    <message>
        <source>Verdict: {kind} {who}</source>
        <translation>判客结论：{kind} {who}</translation>
    </message>
    <message>
        <source>✔ Hash chain verified ({n} rows)</source>
        <translation>✔ 哈希链校验通过（{n} 条）</translation>
    </message>
    <message>
        <source>✘ Hash chain broken: the ledger was altered</source>
        <translation>✘ 哈希链校验失败：台账被篡改</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>No customer matches.</source>
        <translation>没有匹配的客户。</translation>
    </message>
    <message>
        <source>Give the reason for the ruling.</source>
        <translation>请填写裁定理由。</translation>
    </message>
    <message>
        <source>Choose the channel.</source>
        <translation>请选择渠道。</translation>
    </message>
    <message>
        <source>Find and choose the referring customer.</source>
        <translation>请查找并选择推荐人。</translation>
    </message>
    <message>
        <source>Ruling recorded in the ledger.</source>
        <translation>裁定已记入判客台账。</translation>
    </message>
    <message>
        <source>Save the dispute evidence pack</source>
        <translation>保存争议证据包</translation>
    </message>
    <message>
        <source>Zip archive (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Could not save: {reason}</source>
        <translation>无法保存：{reason}</translation>
    </message>
    <message>
        <source>Evidence pack saved to {path}</source>
        <translation>证据包已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>QtBrokerDialog</name>
    <message>
        <source>New broker of {channel}</source>
        <translation>新增经纪人：{channel}</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>手机(&amp;P)：</translation>
    </message>
    <message>
        <source>Enter the broker's name.</source>
        <translation>请填写经纪人姓名。</translation>
    </message>
</context>
<context>
    <name>QtChannelDialog</name>
    <message>
        <source>New channel</source>
        <translation>新建渠道</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>Company &amp;name:</source>
        <translation>公司名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Contact:</source>
        <translation>联系人(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>手机(&amp;P)：</translation>
    </message>
    <message>
        <source>Enter the channel company's name.</source>
        <translation>请填写渠道公司名称。</translation>
    </message>
</context>
<context>
    <name>QtChannelsPage</name>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Brokers</source>
        <translation>经纪人数</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Protection</source>
        <translation>保护期</translation>
    </message>
    <message>
        <source>Visit window</source>
        <translation>带看时限</translation>
    </message>
    <message>
        <source>Natural visit</source>
        <translation>自然来访期</translation>
    </message>
    <message>
        <source>Blocks existing</source>
        <translation>老客户无效</translation>
    </message>
    <message>
        <source>Masked phones</source>
        <translation>隐号报备</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <source>New &amp;channel…</source>
        <translation>新建渠道(&amp;C)…</translation>
    </message>
    <message>
        <source>Add &amp;broker…</source>
        <translation>添加经纪人(&amp;B)…</translation>
    </message>
    <message>
        <source>New rule &amp;version…</source>
        <translation>新建规则版本(&amp;V)…</translation>
    </message>
    <message>
        <source>New co&amp;mmission…</source>
        <translation>新建佣金规则(&amp;M)…</translation>
    </message>
    <message>
        <source>Channel companies</source>
        <translation>渠道公司</translation>
    </message>
    <message>
        <source>Brokers of the chosen channel</source>
        <translation>所选渠道的经纪人</translation>
    </message>
    <message>
        <source>Report rules in this project (versions)</source>
        <translation>本楼盘报备规则（各版本）</translation>
    </message>
    <message>
        <source>Commission rules (versions)</source>
        <translation>佣金规则（各版本）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>QtCoBuyers</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Add co-&amp;buyer</source>
        <translation>添加共同购房人(&amp;B)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>QtCommissionDialog</name>
    <message>
        <source>{channel}: commission</source>
        <translation>{channel}：佣金规则</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Percentage of the price</source>
        <translation>按成交价比例</translation>
    </message>
    <message>
        <source>Fixed amount per deal</source>
        <translation>每套固定金额</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>方式(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>金额(&amp;A)：</translation>
    </message>
    <message>
        <source> yuan</source>
        <translation> 元</translation>
    </message>
</context>
<context>
    <name>QtConfirmVisitDialog</name>
    <message>
        <source>Confirm the broker's visit</source>
        <translation>确认带看</translation>
    </message>
    <message>
        <source>&amp;Confirm visit</source>
        <translation>确认带看(&amp;C)</translation>
    </message>
    <message>
        <source>{name} {phone}, arrived {at}</source>
        <translation>{name} {phone}，{at} 到访</translation>
    </message>
    <message>
        <source>Visit:</source>
        <translation>来访：</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>报备(&amp;R)：</translation>
    </message>
    <message>
        <source>No channel report of this phone is waiting for a visit.</source>
        <translation>该手机号没有待带看的渠道报备。</translation>
    </message>
</context>
<context>
    <name>QtConsultantCombo</name>
    <message>
        <source>Public pool (no consultant)</source>
        <translation>公客池（不分配顾问）</translation>
    </message>
</context>
<context>
    <name>QtConsultantPage</name>
    <message>
        <source>Check &amp;in</source>
        <translation>签到轮排(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;New customer…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <source>My customers</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>待跟进</translation>
    </message>
    <message>
        <source>Public pool</source>
        <translation>公客池</translation>
    </message>
    <message>
        <source>Follow-ups due ({n})</source>
        <translation>待跟进（{n}）</translation>
    </message>
    <message>
        <source>In the rotation: #{place} in line, {n} visitors today</source>
        <translation>轮排中：第 {place} 位，今日已接待 {n} 组</translation>
    </message>
    <message>
        <source>Not in the rotation</source>
        <translation>未签到轮排</translation>
    </message>
    <message>
        <source>Check &amp;out</source>
        <translation>签退轮排(&amp;O)</translation>
    </message>
</context>
<context>
    <name>QtCrmDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QtCustomerDetail</name>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Needs:</source>
        <translation>需求：</translation>
    </message>
    <message>
        <source>Co-buyers:</source>
        <translation>共同购房人：</translation>
    </message>
    <message>
        <source>Consultant:</source>
        <translation>置业顾问：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Follow-ups:</source>
        <translation>跟进：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>显示(&amp;W)</translation>
    </message>
    <message>
        <source>Shows the full ID number for a while; every view is recorded</source>
        <translation>临时显示完整身份证号；每次查看都会留痕</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>C&amp;laim</source>
        <translation>认领(&amp;L)</translation>
    </message>
    <message>
        <source>Take this customer from the public pool</source>
        <translation>从公客池认领该客户</translation>
    </message>
    <message>
        <source>Assi&amp;gn…</source>
        <translation>分配(&amp;G)…</translation>
    </message>
    <message>
        <source>Attri&amp;bution…</source>
        <translation>判客(&amp;B)…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>What was said, what they want next</source>
        <translation>沟通内容、客户下一步意向</translation>
    </message>
    <message>
        <source>&amp;Next:</source>
        <translation>下次(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Add follow-up</source>
        <translation>添加跟进(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Follow-up:</source>
        <translation>跟进(&amp;F)：</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>客户动态</translation>
    </message>
    <message>
        <source>Choose a customer to see their profile and timeline.</source>
        <translation>选择客户查看资料和动态。</translation>
    </message>
    <message>
        <source> ×10k</source>
        <translation> 万</translation>
    </message>
    <message>
        <source>Public pool</source>
        <translation>公客池</translation>
    </message>
    <message>
        <source>last {last}, next {next}</source>
        <translation>上次 {last}，下次 {next}</translation>
    </message>
    <message>
        <source>Hi&amp;de</source>
        <translation>隐藏(&amp;D)</translation>
    </message>
</context>
<context>
    <name>QtCustomerDialog</name>
    <message>
        <source>New customer</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>编辑 {name}</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>11-digit mobile number</source>
        <translation>11 位手机号</translation>
    </message>
    <message>
        <source>e.g. 改善 学区 (separate with spaces)</source>
        <translation>例如：改善 学区（空格分隔）</translation>
    </message>
    <message>
        <source> ×10k yuan</source>
        <translation> 万元</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填</translation>
    </message>
    <message>
        <source>e.g. 120㎡</source>
        <translation>例如：120㎡</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>手机(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Gender:</source>
        <translation>性别(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Intent:</source>
        <translation>意向(&amp;I)：</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>状态(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;ags:</source>
        <translation>标签(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>预算(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>户型(&amp;L)：</translation>
    </message>
    <message>
        <source>A&amp;rea:</source>
        <translation>面积(&amp;R)：</translation>
    </message>
    <message>
        <source>P&amp;urpose:</source>
        <translation>用途(&amp;U)：</translation>
    </message>
    <message>
        <source>N&amp;eeds / note:</source>
        <translation>需求备注(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;ID number:</source>
        <translation>身份证号(&amp;I)：</translation>
    </message>
    <message>
        <source>Co-buyers:</source>
        <translation>共同购房人：</translation>
    </message>
    <message>
        <source>&amp;Consultant:</source>
        <translation>置业顾问(&amp;C)：</translation>
    </message>
    <message>
        <source>{masked} on file: leave blank to keep</source>
        <translation>已登记 {masked}：留空则不变</translation>
    </message>
    <message>
        <source>18 characters, optional</source>
        <translation>18 位，选填</translation>
    </message>
    <message>
        <source>Enter the customer's name.</source>
        <translation>请填写客户姓名。</translation>
    </message>
    <message>
        <source>Enter the customer's mobile number.</source>
        <translation>请填写客户手机号。</translation>
    </message>
</context>
<context>
    <name>QtCustomerImportPage</name>
    <message>
        <source>1. Download the template, one customer per row.  2. Choose the file (.xlsx or .csv) and check it: every bad row is listed.  3. Choose what to do with duplicates and bad rows, then confirm. Nothing is imported before you confirm.</source>
        <translation>1. 下载模板，每行一位客户。 2. 选择文件（.xlsx 或 .csv）并校验：逐行列出所有错误。 3. 选择重复手机号和错误行的处理方式，再确认导入。确认之前不会导入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Download template…</source>
        <translation>下载模板(&amp;D)…</translation>
    </message>
    <message>
        <source>customer-import-template.xlsx</source>
        <translation>客户导入模板.xlsx</translation>
    </message>
    <message>
        <source>C&amp;hoose file…</source>
        <translation>选择文件(&amp;H)…</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Chec&amp;k file</source>
        <translation>校验文件(&amp;K)</translation>
    </message>
    <message>
        <source>E&amp;xport customers…</source>
        <translation>导出客户(&amp;X)…</translation>
    </message>
    <message>
        <source>customers.xlsx</source>
        <translation>客户.xlsx</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Save error &amp;report…</source>
        <translation>保存错误报告(&amp;R)…</translation>
    </message>
    <message>
        <source>import-errors.xlsx</source>
        <translation>导入错误报告.xlsx</translation>
    </message>
    <message>
        <source>Before importing</source>
        <translation>导入前请选择</translation>
    </message>
    <message>
        <source>&amp;Merge rows whose phone is already a customer into that customer</source>
        <translation>手机号已是客户的行：合并到该客户(&amp;M)</translation>
    </message>
    <message>
        <source>R&amp;efuse the import if any phone is already a customer</source>
        <translation>有手机号已是客户则不导入，列出这些行(&amp;E)</translation>
    </message>
    <message>
        <source>Import only the &amp;good rows (skip the bad ones)</source>
        <translation>只导入正确的行，跳过错误行(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Confirm import</source>
        <translation>确认导入(&amp;C)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Could not save: {reason}</source>
        <translation>无法保存：{reason}</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>已保存到 {path}</translation>
    </message>
    <message>
        <source>Choose the customer file</source>
        <translation>选择客户文件</translation>
    </message>
    <message>
        <source>Customer files (*.xlsx *.csv)</source>
        <translation>客户文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Could not read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <source>The file is too large; split it into several files.</source>
        <translation>文件过大，请拆分为多个文件。</translation>
    </message>
    <message>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <source>Checking rows: {done}</source>
        <translation>正在校验：已检查 {done} 行</translation>
    </message>
    <message>
        <source>Staging rows: {done} / {total}</source>
        <translation>正在暂存：{done} / {total}</translation>
    </message>
    <message>
        <source>Importing: {done} / {total}</source>
        <translation>正在导入：{done} / {total}</translation>
    </message>
    <message>
        <source>{total} rows: {valid} good ({dupes} with a phone already on file), {errors} problems</source>
        <translation>共 {total} 行：正确 {valid} 行（其中 {dupes} 行手机号已是客户），错误 {errors} 处</translation>
    </message>
    <message>
        <source>The first {n} problems are listed; the error report has all of them.</source>
        <translation>仅列出前 {n} 处错误，完整内容见错误报告。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Imported: {created} new customers, {merged} merged into existing ones.</source>
        <translation>导入完成：新增 {created} 位客户，合并 {merged} 位已有客户。</translation>
    </message>
</context>
<context>
    <name>QtCustomerList</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>Name, phone, last 4 digits or pinyin initials (zw)</source>
        <translation>姓名、手机号、尾号四位或拼音首字母（如 zw）</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>搜索(&amp;H)：</translation>
    </message>
    <message>
        <source>, more below</source>
        <translation>，向下滚动加载更多</translation>
    </message>
    <message>
        <source>{n} customers shown{more}</source>
        <translation>已显示 {n} 位客户{more}</translation>
    </message>
</context>
<context>
    <name>QtDecideAppealDialog</name>
    <message>
        <source>Decide appeal #{id}</source>
        <translation>处理申诉 #{id}</translation>
    </message>
    <message>
        <source>&amp;Record decision</source>
        <translation>记录处理结果(&amp;R)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报备：</translation>
    </message>
    <message>
        <source>{reason} (filed by {who}, {at})</source>
        <translation>{reason}（{who} 于 {at} 提交）</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>申诉理由：</translation>
    </message>
    <message>
        <source>Uphold: the report's decision stands</source>
        <translation>维持：原报备判定不变</translation>
    </message>
    <message>
        <source>Overturn: the report becomes valid with a fresh window</source>
        <translation>改判：报备改为有效，重新计算带看时限</translation>
    </message>
    <message>
        <source>&amp;Decision:</source>
        <translation>处理结果(&amp;D)：</translation>
    </message>
    <message>
        <source>Why (recorded with the decision)</source>
        <translation>处理理由（随结果记录）</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>说明(&amp;N)：</translation>
    </message>
    <message>
        <source>Give the reason for the decision.</source>
        <translation>请填写处理理由。</translation>
    </message>
</context>
<context>
    <name>QtFrontDeskPage</name>
    <message>
        <source>Phone, or last 4 digits + name (5678 张)</source>
        <translation>手机号，或尾号四位 + 姓名（5678 张）</translation>
    </message>
    <message>
        <source>Type the visitor's phone and press Enter.</source>
        <translation>输入来访客户手机号后按回车。</translation>
    </message>
    <message>
        <source>Channel report waiting for its visit (带看)</source>
        <translation>待带看的渠道报备</translation>
    </message>
    <message>
        <source>The &amp;broker came along: confirm the visit</source>
        <translation>经纪人陪同到场，确认带看(&amp;B)</translation>
    </message>
    <message>
        <source>New visitor's name</source>
        <translation>新客户姓名</translation>
    </message>
    <message>
        <source>e.g. wife, two children</source>
        <translation>例如：太太、两个孩子</translation>
    </message>
    <message>
        <source>&amp;Register visit</source>
        <translation>登记来访(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Visitor:</source>
        <translation>来访客户(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>Party si&amp;ze:</source>
        <translation>到访人数(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Companions:</source>
        <translation>同行人(&amp;C)：</translation>
    </message>
    <message>
        <source>Register a visit</source>
        <translation>来访登记</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>到访时间</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Con&amp;firm broker visit…</source>
        <translation>确认带看(&amp;F)…</translation>
    </message>
    <message>
        <source> · broker visit confirmed for report #{id}</source>
        <translation> · 已确认报备 #{id} 的带看</translation>
    </message>
    <message>
        <source>Today's arrivals</source>
        <translation>今日来访</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>public pool</source>
        <translation>公客池</translation>
    </message>
    <message>
        <source>{head}: {name} {phone} · consultant {owner} · {status} · {n} visits</source>
        <translation>{head}：{name} {phone} · 顾问 {owner} · {status} · 已到访 {n} 次</translation>
    </message>
    <message>
        <source>{head}: {names}. Ask for the full phone.</source>
        <translation>{head}：{names}。请询问完整手机号。</translation>
    </message>
    <message>
        <source>A new visitor needs a name.</source>
        <translation>新客户需要填写姓名。</translation>
    </message>
    <message>
        <source>nobody is checked in: public pool</source>
        <translation>无人签到：进入公客池</translation>
    </message>
    <message>
        <source>Channel visit</source>
        <translation>渠道带看</translation>
    </message>
    <message>
        <source>Companions</source>
        <translation>同行人</translation>
    </message>
    <message>
        <source>The broker of a channel report came with this visitor (带看)</source>
        <translation>渠道经纪人陪同该访客到场（带看）</translation>
    </message>
    <message>
        <source>Channel reports</source>
        <translation>渠道报备</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>消息提醒</translation>
    </message>
    <message>
        <source>{head}: goes to {who} (rotation)</source>
        <translation>{head}：按轮排分配给 {who}</translation>
    </message>
    <message>
        <source>#{id} {channel} · broker {broker} · reported {at} · visit by {deadline}</source>
        <translation>#{id} {channel} · 经纪人 {broker} · {at} 报备 · {deadline} 前带看有效</translation>
    </message>
    <message>
        <source>Registered {name} ({party} in the party) → {who}</source>
        <translation>已登记 {name}（{party} 人）→ {who}</translation>
    </message>
</context>
<context>
    <name>QtManagerCrmPage</name>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报备</translation>
    </message>
    <message>
        <source>Report decision</source>
        <translation>报备结果</translation>
    </message>
    <message>
        <source>Filed by</source>
        <translation>申诉人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Pending onl&amp;y</source>
        <translation>只看待处理(&amp;Y)</translation>
    </message>
    <message>
        <source>Fro&amp;m:</source>
        <translation>从(&amp;M)：</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Check-ins</source>
        <translation>签到次数</translation>
    </message>
    <message>
        <source>Channel reports</source>
        <translation>渠道报备</translation>
    </message>
    <message>
        <source>CRM se&amp;ttings…</source>
        <translation>客户设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>Appeals</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Channels &amp; rules</source>
        <translation>渠道与规则</translation>
    </message>
    <message>
        <source>Import &amp; export</source>
        <translation>导入导出</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>消息提醒</translation>
    </message>
    <message>
        <source>Grounds</source>
        <translation>申诉理由</translation>
    </message>
    <message>
        <source>Decision note</source>
        <translation>处理说明</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>处理(&amp;D)…</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>Overdue follow-ups</source>
        <translation>逾期跟进</translation>
    </message>
    <message>
        <source>Public pool</source>
        <translation>公客池</translation>
    </message>
    <message>
        <source>&amp;New customer…</source>
        <translation>新建客户(&amp;N)…</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>至(&amp;O)：</translation>
    </message>
    <message>
        <source>Overdue follow-ups ({n})</source>
        <translation>逾期跟进（{n}）</translation>
    </message>
    <message>
        <source>Appeals ({n})</source>
        <translation>申诉（{n}）</translation>
    </message>
    <message>
        <source>{assigned} visitors assigned, {skips} skips</source>
        <translation>共分配 {assigned} 组来访，跳过 {skips} 次</translation>
    </message>
    <message>
        <source>Rotation fairness</source>
        <translation>轮排公平性</translation>
    </message>
</context>
<context>
    <name>QtNotices</name>
    <message>
        <source>Notifications</source>
        <translation>消息提醒</translation>
    </message>
    <message>
        <source>Enter or double-click marks a notification read</source>
        <translation>回车或双击标记为已读</translation>
    </message>
    <message>
        <source>Notifications ({count} unread)</source>
        <translation>消息提醒（{count} 条未读）</translation>
    </message>
</context>
<context>
    <name>QtProjectChooser</name>
    <message>
        <source>&amp;Project:</source>
        <translation>楼盘(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>QtReportDialog</name>
    <message>
        <source>New channel report</source>
        <translation>新建渠道报备</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>提交(&amp;S)</translation>
    </message>
    <message>
        <source>13812345678, or masked 138****5678</source>
        <translation>13812345678，或隐号 138****5678</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Broker:</source>
        <translation>经纪人(&amp;B)：</translation>
    </message>
    <message>
        <source>Customer &amp;name:</source>
        <translation>客户姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>手机(&amp;P)：</translation>
    </message>
    <message>
        <source>Reported &amp;at:</source>
        <translation>报备时间(&amp;A)：</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose the channel and broker.</source>
        <translation>请选择渠道和经纪人。</translation>
    </message>
    <message>
        <source>Enter the customer's name as reported.</source>
        <translation>请填写报备的客户姓名。</translation>
    </message>
    <message>
        <source>Enter the phone, full or masked.</source>
        <translation>请填写手机号（完整号码或前三后四）。</translation>
    </message>
</context>
<context>
    <name>QtReportsPanel</name>
    <message>
        <source>All reports</source>
        <translation>全部报备</translation>
    </message>
    <message>
        <source>S&amp;how:</source>
        <translation>显示(&amp;H)：</translation>
    </message>
    <message>
        <source>Ne&amp;w report…</source>
        <translation>新建报备(&amp;W)…</translation>
    </message>
    <message>
        <source>Appea&amp;l…</source>
        <translation>申诉(&amp;L)…</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>报备时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Visit by</source>
        <translation>带看截止</translation>
    </message>
    <message>
        <source>Protected until</source>
        <translation>保护至</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>更多(&amp;M)</translation>
    </message>
    <message>
        <source>Appeal filed: the sales manager decides it.</source>
        <translation>申诉已提交，由销售经理处理。</translation>
    </message>
</context>
<context>
    <name>QtRotationPanel</name>
    <message>
        <source>Next</source>
        <translation>顺位</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日接待</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>在岗</translation>
    </message>
    <message>
        <source>S&amp;kip…</source>
        <translation>跳过(&amp;K)…</translation>
    </message>
    <message>
        <source>The next new visitor passes over this consultant (a reason is required)</source>
        <translation>下一位新客跳过该顾问（须填写原因）</translation>
    </message>
    <message>
        <source>Clear skips</source>
        <translation>取消跳过</translation>
    </message>
    <message>
        <source>Check &amp;in</source>
        <translation>签到(&amp;I)</translation>
    </message>
    <message>
        <source>Check o&amp;ut</source>
        <translation>签退(&amp;U)</translation>
    </message>
    <message>
        <source>Rotation queue</source>
        <translation>轮排队列</translation>
    </message>
    <message>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Choose a checked-in consultant to skip.</source>
        <translation>请选择一位已签到的顾问。</translation>
    </message>
    <message>
        <source>Next new visitor skips: {list}</source>
        <translation>下一位新客跳过：{list}</translation>
    </message>
</context>
<context>
    <name>QtRuleDialog</name>
    <message>
        <source>{channel}: report rules v{version}</source>
        <translation>{channel}：报备规则 v{version}</translation>
    </message>
    <message>
        <source>&amp;Save new version</source>
        <translation>保存为新版本(&amp;S)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>A customer already on file with a consultant makes a report invalid</source>
        <translation>已有归属顾问的客户，报备无效</translation>
    </message>
    <message>
        <source>Accept masked phones (138****5678)</source>
        <translation>接受隐号报备（138****5678）</translation>
    </message>
    <message>
        <source>&amp;Protection period:</source>
        <translation>报备保护期(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Visit window:</source>
        <translation>带看时限(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Natural visit within:</source>
        <translation>自然来访判定期(&amp;N)：</translation>
    </message>
    <message>
        <source>Conflicts:</source>
        <translation>撞单规则：</translation>
    </message>
</context>
<context>
    <name>QtSettingsDialog</name>
    <message>
        <source>CRM settings</source>
        <translation>客户管理设置</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Return to the public &amp;pool after:</source>
        <translation>未跟进转入公客池(&amp;P)：</translation>
    </message>
    <message>
        <source>Owned customers not yet subscribed, with no follow-up for this long.</source>
        <translation>已分配但未认购的客户，超过该天数未跟进即退回公客池。</translation>
    </message>
</context>
<context>
    <name>QtSkipDialog</name>
    <message>
        <source>Skip {name}</source>
        <translation>跳过 {name}</translation>
    </message>
    <message>
        <source>e.g. with another customer, on a viewing</source>
        <translation>例如：正在接待客户、外出带看</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>跳过(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The visitor goes to the next consultant in the queue.</source>
        <translation>该访客将分配给轮排中的下一位顾问。</translation>
    </message>
    <message>
        <source>A skip needs a reason.</source>
        <translation>跳过必须填写原因。</translation>
    </message>
</context>
</TS>