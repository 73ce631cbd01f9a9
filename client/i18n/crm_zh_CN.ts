<?xml version='1.0' encoding='utf-8'?>
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
    <name>QtConsultantPage</name>
    <message>
        <source>Search: name, phone, last 4 digits, pinyin initials</source>
        <translation>搜索：姓名、手机号、尾号四位、拼音首字母</translation>
    </message>
    <message>
        <source>Check &amp;in</source>
        <translation>签到轮排(&amp;I)</translation>
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
        <source>Next follow-up</source>
        <translation>下次跟进</translation>
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
        <source>Choose a customer to see their timeline.</source>
        <translation>选择一位客户查看其动态。</translation>
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
        <source>What was said</source>
        <translation>跟进内容</translation>
    </message>
    <message>
        <source>&amp;Add follow-up</source>
        <translation>添加跟进(&amp;A)</translation>
    </message>
    <message>
        <source>Next:</source>
        <translation>下次：</translation>
    </message>
    <message>
        <source>Choose a customer first.</source>
        <translation>请先选择客户。</translation>
    </message>
    <message>
        <source>Check &amp;out</source>
        <translation>签退轮排(&amp;O)</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>到访</translation>
    </message>
    <message>
        <source>Channel report</source>
        <translation>渠道报备</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>判客</translation>
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
        <source>Next</source>
        <translation>顺位</translation>
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
        <source>Rotation queue</source>
        <translation>轮排队列</translation>
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
        <source>Checked in</source>
        <translation>已签到</translation>
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
        <source>{head}: goes to the next consultant in the rotation</source>
        <translation>{head}：将分配给轮排中的下一位顾问</translation>
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
        <source>Registered {name} ({party} in the party) → {who}</source>
        <translation>已登记 {name}（{party} 人）→ {who}</translation>
    </message>
</context>
<context>
    <name>QtManagerCrmPage</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
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
        <source>Protected until</source>
        <translation>保护至</translation>
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
        <source>Appeal</source>
        <translation>申诉理由</translation>
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
        <source>Reason for the decision (recorded)</source>
        <translation>裁定理由（将记录在案）</translation>
    </message>
    <message>
        <source>&amp;Uphold</source>
        <translation>维持原判(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Overturn</source>
        <translation>改判有效(&amp;O)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Last follow-up</source>
        <translation>最近跟进</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应跟进</translation>
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
        <source>Appeals</source>
        <translation>申诉</translation>
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
        <source>Rotation fairness</source>
        <translation>轮排公平性</translation>
    </message>
    <message>
        <source>Choose an appeal first.</source>
        <translation>请先选择一条申诉。</translation>
    </message>
    <message>
        <source>Give the reason for the decision.</source>
        <translation>请填写裁定理由。</translation>
    </message>
</context>
<context>
    <name>QtNotices</name>
    <message>
        <source>Notifications</source>
        <translation>消息提醒</translation>
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
</TS>