<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FaceLabels</name>
    <message>
        <source>entrance</source>
        <translation>入口</translation>
    </message>
    <message>
        <source>sales hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>signing room</source>
        <translation>签约室</translation>
    </message>
    <message>
        <source>a known visitor</source>
        <translation>一位老访客</translation>
    </message>
    <message>
        <source>Possibly {name} at the {place}: please ask</source>
        <translation>{place}疑似 {name}：请当面确认</translation>
    </message>
    <message>
        <source>Returning customer {name} (consultant {owner}) at the {place}</source>
        <translation>老客户 {name}（置业顾问 {owner}）到达{place}</translation>
    </message>
    <message>
        <source>Returning customer {name} (no consultant yet) at the {place}</source>
        <translation>老客户 {name}（暂无置业顾问）到达{place}</translation>
    </message>
    <message>
        <source>Staff {name} at the {place}</source>
        <translation>员工 {name} 在{place}</translation>
    </message>
    <message>
        <source>Unregistered visitor seen before, at the {place}: register them</source>
        <translation>曾来访但未登记的访客到达{place}：请登记</translation>
    </message>
    <message>
        <source>New visitor at the {place}: register them</source>
        <translation>新访客到达{place}：请登记</translation>
    </message>
    <message>
        <source>Channel claim on an earlier visitor</source>
        <translation>渠道飞单风险</translation>
    </message>
    <message>
        <source>Visit not registered</source>
        <translation>藏客：未登记到访</translation>
    </message>
    <message>
        <source>Met another consultant's customer</source>
        <translation>藏客：接待他人客户</translation>
    </message>
    <message>
        <source>One face, two customers</source>
        <translation>一人多号</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>filing threshold reached</source>
        <translation>已达备案线</translation>
    </message>
</context>
<context>
    <name>FaceWorkspaces</name>
    <message>
        <source>Arrivals</source>
        <translation>到访提醒</translation>
    </message>
    <message>
        <source>Face alerts</source>
        <translation>人脸告警</translation>
    </message>
    <message>
        <source>Face compliance</source>
        <translation>人脸合规</translation>
    </message>
</context>
<context>
    <name>QtAlertsPage</name>
    <message>
        <source>Open alerts</source>
        <translation>待处理告警</translation>
    </message>
    <message>
        <source>All alerts</source>
        <translation>全部告警</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Your note (required)</source>
        <translation>处理意见（必填）</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>确认风险(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>驳回(&amp;D)</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>No alert selected.</source>
        <translation>未选择告警。</translation>
    </message>
    <message>
        <source>{place}, {at}, score {score}</source>
        <translation>{place}，{at}，相似度 {score}</translation>
    </message>
    <message>
        <source>Rule {version}</source>
        <translation>规则版本 {version}</translation>
    </message>
    <message>
        <source>Face first seen {at}</source>
        <translation>人脸首次出现：{at}</translation>
    </message>
    <message>
        <source>Channel report {at}</source>
        <translation>渠道报备时间：{at}</translation>
    </message>
    <message>
        <source>Also registered as {name}</source>
        <translation>另登记为：{name}</translation>
    </message>
    <message>
        <source>Consultant {name}</source>
        <translation>置业顾问：{name}</translation>
    </message>
    <message>
        <source>{status} by {who} at {at}: {note}</source>
        <translation>{who} 于 {at} {status}：{note}</translation>
    </message>
</context>
<context>
    <name>QtArrivalFeed</name>
    <message>
        <source>Arrivals at the door</source>
        <translation>入口到访</translation>
    </message>
    <message>
        <source>&amp;Link face to customer…</source>
        <translation>关联到客户(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Yes, it is them</source>
        <translation>是本人(&amp;Y)</translation>
    </message>
</context>
<context>
    <name>QtCompliancePage</name>
    <message>
        <source>Stored faces</source>
        <translation>已存人脸</translation>
    </message>
    <message>
        <source>Of which</source>
        <translation>其中</translation>
    </message>
    <message>
        <source>Filing threshold</source>
        <translation>备案门槛</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>单独同意</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <source>Oldest face kept since</source>
        <translation>最早保存的人脸</translation>
    </message>
    <message>
        <source>Last automatic purge</source>
        <translation>最近一次自动清理</translation>
    </message>
    <message>
        <source>Audited views (30 days)</source>
        <translation>查看记录（近 30 天，已审计）</translation>
    </message>
    <message>
        <source>Deletions on request (30 days)</source>
        <translation>应要求删除（近 30 天）</translation>
    </message>
    <message>
        <source>Open risk alerts</source>
        <translation>待处理风险告警</translation>
    </message>
    <message>
        <source>Where the data is</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <source>Face data under PIPL and the CAC/MPS face recognition measures</source>
        <translation>人脸信息合规（个人信息保护法、人脸识别技术应用安全管理办法）</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Purge expired face data now</source>
        <translation>立即清理过期人脸数据(&amp;P)</translation>
    </message>
    <message>
        <source>{customers} customers (with consent), {anonymous} anonymous visitors, {staff} staff</source>
        <translation>客户 {customers} 人（已同意），陌生访客 {anonymous} 人，员工 {staff} 人</translation>
    </message>
    <message>
        <source>{stored:,} of {limit:,}; warning at {warn:,} (level: {level})</source>
        <translation>{stored:,} / {limit:,}；{warn:,} 人时预警（状态：{level}）</translation>
    </message>
    <message>
        <source>{active} active, {revoked} revoked; text version {version}</source>
        <translation>有效 {active} 份，已撤回 {revoked} 份；同意书版本 {version}</translation>
    </message>
    <message>
        <source>customers {days} days after the last visit; anonymous visitors {anon} days</source>
        <translation>客户：最后一次到访后 {days} 天；陌生访客：{anon} 天</translation>
    </message>
    <message>
        <source>nothing stored</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>This office's server only</source>
        <translation>仅存于本案场服务器</translation>
    </message>
    <message>
        <source>Not only on site: check!</source>
        <translation>非仅本地存储：请检查！</translation>
    </message>
    <message>
        <source>Purged {persons} faces and {events} face events.</source>
        <translation>已清理人脸 {persons} 个、人脸记录 {events} 条。</translation>
    </message>
</context>
<context>
    <name>QtConsentDialog</name>
    <message>
        <source>Keep this visitor's face</source>
        <translation>保存访客人脸</translation>
    </message>
    <message>
        <source>Customer's phone</source>
        <translation>客户手机号</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>No customer chosen yet.</source>
        <translation>尚未选择客户。</translation>
    </message>
    <message>
        <source>The visitor has read this and explicitly agrees</source>
        <translation>访客已阅读并明确同意</translation>
    </message>
    <message>
        <source>&amp;Keep face</source>
        <translation>保存人脸(&amp;K)</translation>
    </message>
    <message>
        <source>Register &amp;without face</source>
        <translation>不保存人脸(&amp;W)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Consent to keep the face (read it to the visitor):</source>
        <translation>人脸信息单独同意（请向访客宣读）：</translation>
    </message>
    <message>
        <source>Customer #{id} (from the face match)</source>
        <translation>客户 #{id}（人脸匹配）</translation>
    </message>
    <message>
        <source>No single customer with this phone: register the visit first.</source>
        <translation>该手机号没有唯一对应的客户：请先登记来访。</translation>
    </message>
    <message>
        <source>{name} ({phone}), consultant {owner}</source>
        <translation>{name}（{phone}），置业顾问 {owner}</translation>
    </message>
    <message>
        <source>{name} ({phone}), no consultant yet</source>
        <translation>{name}（{phone}），暂无置业顾问</translation>
    </message>
    <message>
        <source>This face is already another customer's: the manager has been alerted, nothing was kept.</source>
        <translation>该人脸已属于另一位客户：已通知销售经理，未保存。</translation>
    </message>
</context>
</TS>
