<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Labels</name>
    <message>
        <source>System administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Sales manager</source>
        <translation>销售经理</translation>
    </message>
    <message>
        <source>Sales consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Front desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Not released</source>
        <translation>未推</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>锁定</translation>
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
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>不可售</translation>
    </message>
    <message>
        <source>Floor {floor}</source>
        <translation>{floor}层</translation>
    </message>
    <message>
        <source>Consultant: {name}</source>
        <translation>置业顾问：{name}</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
</context>
<context>
    <name>OpeningLabels</name>
    <message>
        <source>Rush</source>
        <translation>抢购</translation>
    </message>
    <message>
        <source>Lottery</source>
        <translation>摇号选房</translation>
    </message>
    <message>
        <source>Rehearsal</source>
        <translation>公测</translation>
    </message>
    <message>
        <source>From T0 every buyer may pick; the first decision wins.</source>
        <translation>开盘时刻起所有认筹客户均可选房，先到先得。</translation>
    </message>
    <message>
        <source>Buyers pick one at a time in a recorded random order, a fixed number of seconds each.</source>
        <translation>按已记录的随机顺序逐位选房，每位限时若干秒。</translation>
    </message>
    <message>
        <source>Like a rush, but nothing is sold: the picks show which units are wanted.</source>
        <translation>与抢购相同但不成交：选房结果形成房源热度图。</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>QtBoardFilters</name>
    <message>
        <source>Uncheck to dim units with this status</source>
        <translation>取消勾选可淡化显示该状态的房源</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>户型(&amp;L)：</translation>
    </message>
    <message>
        <source>All layouts</source>
        <translation>全部户型</translation>
    </message>
</context>
<context>
    <name>QtBoardPage</name>
    <message>
        <source>&amp;Project:</source>
        <translation>楼盘(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Reload the board from the server (F5)</source>
        <translation>从服务器重新加载销控表（F5）</translation>
    </message>
    <message>
        <source>No projects yet. An administrator can create one and import its units.</source>
        <translation>暂无楼盘。请系统管理员创建楼盘并导入房源。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>QtConfirmDialog</name>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
</context>
<context>
    <name>QtConnectionIndicator</name>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connection to the server: {state}</source>
        <translation>与服务器的连接：{state}</translation>
    </message>
</context>
<context>
    <name>QtCreateOpeningDialog</name>
    <message>
        <source>New opening</source>
        <translation>新建开盘</translation>
    </message>
    <message>
        <source>Create opening</source>
        <translation>创建开盘</translation>
    </message>
    <message>
        <source>e.g. First opening, Building 1</source>
        <translation>例如：1号楼首开</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Drawn by the server and recorded</source>
        <translation>由服务器随机生成并记录</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>方式(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Starts at (T0)</source>
        <translation>开盘时间(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Turn per buyer</source>
        <translation>每位选房时长(&amp;T)</translation>
    </message>
    <message>
        <source>Random s&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Hold for the deposit</source>
        <translation>交定金锁定时长(&amp;H)</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房源</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Select none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>房源</translation>
    </message>
    <message>
        <source>Loading the units…</source>
        <translation>正在读取房源…</translation>
    </message>
    <message>
        <source>Not for sale, or already in another opening</source>
        <translation>不可售，或已纳入其他开盘</translation>
    </message>
    <message>
        <source>{count} units selected</source>
        <translation>已选 {count} 套</translation>
    </message>
    <message>
        <source>Enter the opening's name.</source>
        <translation>请填写开盘名称。</translation>
    </message>
    <message>
        <source>Choose at least one unit.</source>
        <translation>请至少选择一套房源。</translation>
    </message>
    <message>
        <source>The start time has passed; choose a later one.</source>
        <translation>开盘时间已过，请选择更晚的时间。</translation>
    </message>
</context>
<context>
    <name>QtHeatLegend</name>
    <message>
        <source>First choices:</source>
        <translation>第一志愿人数：</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>已被选</translation>
    </message>
</context>
<context>
    <name>QtHeatMap</name>
    <message>
        <source>Taken</source>
        <translation>已被选</translation>
    </message>
    <message>
        <source>First choice of {first} buyers; named by {mentions}</source>
        <translation>{first} 人列为第一志愿，共 {mentions} 人选择</translation>
    </message>
</context>
<context>
    <name>QtHoldDialog</name>
    <message>
        <source>Hold unit</source>
        <translation>锁定房源</translation>
    </message>
    <message>
        <source>Hold {unit} for a customer. The hold ends by itself when the time is up.</source>
        <translation>为客户锁定 {unit}，到时自动解锁。</translation>
    </message>
    <message>
        <source>&amp;Hold</source>
        <translation>锁定(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>手机号(&amp;P)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>&amp;Duration</source>
        <translation>锁定时长(&amp;D)</translation>
    </message>
</context>
<context>
    <name>QtKioskGrid</name>
    <message>
        <source>Taken</source>
        <translation>已被选</translation>
    </message>
</context>
<context>
    <name>QtKioskWindow</name>
    <message>
        <source>Opening kiosk</source>
        <translation>开盘选房</translation>
    </message>
    <message>
        <source>Online opening — choose your home</source>
        <translation>线上开盘 · 在线选房</translation>
    </message>
    <message>
        <source>Sign in with the phone number and the ticket number (认筹号) you registered.</source>
        <translation>请输入认筹时登记的手机号和认筹号登录。</translation>
    </message>
    <message>
        <source>Mobile phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>认筹号</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>手机号(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Ticket no.</source>
        <translation>认筹号(&amp;T)</translation>
    </message>
    <message>
        <source>Enter your phone number and ticket number.</source>
        <translation>请输入手机号和认筹号。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>&amp;Next buyer</source>
        <translation>下一位(&amp;N)</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>已被选</translation>
    </message>
    <message>
        <source>My choices</source>
        <translation>我的志愿</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Confirm my choice</source>
        <translation>确认选房(&amp;C)</translation>
    </message>
    <message>
        <source>Sending your choice…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Congratulations: {unit} is yours.</source>
        <translation>恭喜您，成功选中 {unit}！</translation>
    </message>
    <message>
        <source>Rehearsal: {unit} would be yours (nothing is sold today).</source>
        <translation>公测：您将选中 {unit}（本次不成交）。</translation>
    </message>
    <message>
        <source>{taken} already taken. </source>
        <translation>{taken} 已被选。</translation>
    </message>
    <message>
        <source>{taken} already taken: choose again.</source>
        <translation>{taken} 已被选，请重新选择。</translation>
    </message>
    <message>
        <source>The opening has not started yet.</source>
        <translation>开盘尚未开始，请稍候。</translation>
    </message>
    <message>
        <source>The opening is paused: please wait.</source>
        <translation>开盘已暂停，请稍候。</translation>
    </message>
    <message>
        <source>The opening has closed.</source>
        <translation>本次开盘已结束。</translation>
    </message>
    <message>
        <source>It is not your turn yet: please wait to be called.</source>
        <translation>尚未轮到您，请等候叫号。</translation>
    </message>
    <message>
        <source>You have already chosen as many units as you may.</source>
        <translation>您已选满可选套数。</translation>
    </message>
    <message>
        <source>That unit is not part of this opening.</source>
        <translation>该房源不在本次开盘范围内。</translation>
    </message>
    <message>
        <source>Tap up to {n} units in the order you want them.</source>
        <translation>按意向顺序点选最多 {n} 套房源。</translation>
    </message>
    <message>
        <source>Choice {rank}: {unit} ({price})</source>
        <translation>第{rank}志愿：{unit}（{price}）</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>{name} · ticket {ticket} · may choose {quota} · chosen: {mine}</source>
        <translation>{name} · 认筹号 {ticket} · 可选 {quota} 套 · 已选：{mine}</translation>
    </message>
    <message>
        <source>Starts in {time}</source>
        <translation>距开盘 {time}</translation>
    </message>
</context>
<context>
    <name>QtLoginDialog</name>
    <message>
        <source>Sign in — Showroom</source>
        <translation>登录 — Showroom 案场管理</translation>
    </message>
    <message>
        <source>Showroom Sales Office</source>
        <translation>Showroom 案场管理</translation>
    </message>
    <message>
        <source>Sign in with your Showroom account.</source>
        <translation>请使用您的 Showroom 账号登录。</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Host name or IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>Pairing &amp;file</source>
        <translation>配对文件(&amp;F)</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>登录(&amp;I)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Server: {name}</source>
        <translation>服务器：{name}</translation>
    </message>
    <message>
        <source>Choose the pairing file</source>
        <translation>选择配对文件</translation>
    </message>
    <message>
        <source>Pairing files (*.json);;All files (*)</source>
        <translation>配对文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read the pairing file {path}. Ask the administrator for the server's pairing.json.</source>
        <translation>无法读取配对文件 {path}。请向系统管理员索取服务器的 pairing.json。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The server does not answer yet; still trying…</source>
        <translation>服务器暂未响应，正在重试…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>QtMainWindow</name>
    <message>
        <source>Showroom Sales Office — {name} ({role})</source>
        <translation>Showroom 案场管理 — {name} ({role})</translation>
    </message>
    <message>
        <source>Sales control</source>
        <translation>销控</translation>
    </message>
    <message>
        <source>Openings</source>
        <translation>开盘</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Unit import</source>
        <translation>房源导入</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>修改密码(&amp;C)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Workspaces</source>
        <translation>工作区(&amp;W)</translation>
    </message>
    <message>
        <source>Your password must be changed before you continue.</source>
        <translation>请先修改密码再继续使用。</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>正在退出登录…</translation>
    </message>
</context>
<context>
    <name>QtMyUnits</name>
    <message>
        <source>My units</source>
        <translation>我的房源</translation>
    </message>
    <message>
        <source>Nothing held or subscribed yet.</source>
        <translation>暂无锁定或认购的房源。</translation>
    </message>
    <message>
        <source>My units ({count})</source>
        <translation>我的房源（{count}）</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
</context>
<context>
    <name>QtOpeningsPage</name>
    <message>
        <source>&amp;Project:</source>
        <translation>楼盘(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;New opening…</source>
        <translation>新建开盘(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Openings</source>
        <translation>开盘</translation>
    </message>
    <message>
        <source>Select an opening</source>
        <translation>请选择开盘</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Starts at (T0)</source>
        <translation>开盘时间</translation>
    </message>
    <message>
        <source>Buyers signed in</source>
        <translation>已登录认筹客户</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>选房请求</translation>
    </message>
    <message>
        <source>Now choosing</source>
        <translation>当前选房</translation>
    </message>
    <message>
        <source>&amp;Import buyers…</source>
        <translation>导入认筹名单(&amp;I)…</translation>
    </message>
    <message>
        <source>Buyer &amp;template…</source>
        <translation>认筹名单模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>Clos&amp;e</source>
        <translation>结束(&amp;E)</translation>
    </message>
    <message>
        <source>E&amp;xport fairness log…</source>
        <translation>导出公证日志(&amp;X)…</translation>
    </message>
    <message>
        <source>Demand heat map</source>
        <translation>房源热度图</translation>
    </message>
    <message>
        <source>{signed_in} of {buyers}</source>
        <translation>{signed_in} / {buyers}</translation>
    </message>
    <message>
        <source>No. {position}: {buyer}</source>
        <translation>第 {position} 位：{buyer}</translation>
    </message>
    <message>
        <source>Would be sold</source>
        <translation>模拟成交</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>T0 in {time}</source>
        <translation>距开盘 {time}</translation>
    </message>
    <message>
        <source>Turn ends in {time}</source>
        <translation>本轮剩余 {time}</translation>
    </message>
    <message>
        <source>Opening {name} created.</source>
        <translation>开盘“{name}”已创建。</translation>
    </message>
    <message>
        <source>The opening is now {status}.</source>
        <translation>开盘状态：{status}。</translation>
    </message>
    <message>
        <source>Choose the 认筹 list</source>
        <translation>选择认筹名单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>{count} buyers imported.</source>
        <translation>已导入 {count} 位认筹客户。</translation>
    </message>
    <message>
        <source>Save the 认筹 template</source>
        <translation>保存认筹名单模板</translation>
    </message>
    <message>
        <source>buyers-template.xlsx</source>
        <translation>认筹名单模板.xlsx</translation>
    </message>
    <message>
        <source>Export the fairness log</source>
        <translation>导出公证日志</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
</context>
<context>
    <name>QtSubscribeDialog</name>
    <message>
        <source>Subscribe</source>
        <translation>认购</translation>
    </message>
    <message>
        <source>Subscribe {unit} (list price {price}) for a customer who pays a deposit.</source>
        <translation>客户交付定金认购 {unit}（表价 {price}）。</translation>
    </message>
    <message>
        <source>&amp;Subscribe</source>
        <translation>认购(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>手机号(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Deposit</source>
        <translation>定金(&amp;D)</translation>
    </message>
</context>
<context>
    <name>QtUnitActions</name>
    <message>
        <source>Hold…</source>
        <translation>锁定…</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>释放…</translation>
    </message>
    <message>
        <source>Subscribe…</source>
        <translation>认购…</translation>
    </message>
    <message>
        <source>Sign contract…</source>
        <translation>签约…</translation>
    </message>
    <message>
        <source>Cancel subscription…</source>
        <translation>退订…</translation>
    </message>
    <message>
        <source>Set status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>释放锁定</translation>
    </message>
    <message>
        <source>End the hold on {unit}: it is for sale again.</source>
        <translation>解除 {unit} 的锁定，房源恢复可售。</translation>
    </message>
    <message>
        <source>Sign contract</source>
        <translation>签约</translation>
    </message>
    <message>
        <source>Mark the subscription of {unit} as signed.</source>
        <translation>将 {unit} 的认购标记为已签约。</translation>
    </message>
    <message>
        <source>Cancel subscription</source>
        <translation>退订</translation>
    </message>
    <message>
        <source>Cancel the subscription or contract of {unit}: it is for sale again.</source>
        <translation>取消 {unit} 的认购或合同，房源恢复可售。</translation>
    </message>
    <message>
        <source>Set {unit} from {old} to {new}.</source>
        <translation>将 {unit} 由“{old}”改为“{new}”。</translation>
    </message>
    <message>
        <source>Status set to {status}.</source>
        <translation>状态已改为{status}。</translation>
    </message>
    <message>
        <source>{unit} is held.</source>
        <translation>{unit} 已锁定。</translation>
    </message>
    <message>
        <source>{unit} is released and for sale again.</source>
        <translation>{unit} 已释放，恢复可售。</translation>
    </message>
    <message>
        <source>{unit} is subscribed.</source>
        <translation>{unit} 已认购。</translation>
    </message>
    <message>
        <source>{unit}: the contract is signed.</source>
        <translation>{unit} 已签约。</translation>
    </message>
    <message>
        <source>{unit}: subscription cancelled, for sale again.</source>
        <translation>{unit} 已退订，恢复可售。</translation>
    </message>
</context>
<context>
    <name>QtUnitDetail</name>
    <message>
        <source>Select a unit</source>
        <translation>请选择房源</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <source>Gross area</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <source>Inner area</source>
        <translation>套内面积</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>朝向</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>表价</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Hold ends in</source>
        <translation>锁定剩余</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>修改状态</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>&amp;Set status</source>
        <translation>设置状态(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New status</source>
        <translation>新状态(&amp;N)</translation>
    </message>
    <message>
        <source>R&amp;eason</source>
        <translation>原因(&amp;E)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>QtUnitDialog</name>
    <message>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
</context>
</TS>
