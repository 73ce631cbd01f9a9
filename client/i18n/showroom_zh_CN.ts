<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Labels</name>
    <message>
        <location filename="../ui/labels.py" line="+23"/>
        <source>System administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales manager</source>
        <translation>销售经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales consultant</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Front desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not released</source>
        <translation>未推</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subscribed</source>
        <translation>认购</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed</source>
        <translation>签约</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reserved</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unavailable</source>
        <translation>不可售</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Floor {floor}</source>
        <translation>{floor}层</translation>
    </message>
</context>
<context>
    <name>QtBoardFilters</name>
    <message>
        <location filename="../ui/qt_board_filters.py" line="+31"/>
        <source>Uncheck to dim units with this status</source>
        <translation>取消勾选可淡化显示该状态的房源</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Layout:</source>
        <translation>户型(&amp;L)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+14"/>
        <source>All layouts</source>
        <translation>全部户型</translation>
    </message>
</context>
<context>
    <name>QtBoardPage</name>
    <message>
        <location filename="../ui/qt_board.py" line="+64"/>
        <source>&amp;Project:</source>
        <translation>楼盘(&amp;P)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reload the board from the server (F5)</source>
        <translation>从服务器重新加载销控表（F5）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No projects yet. An administrator can create one and import its units.</source>
        <translation>暂无楼盘。请系统管理员创建楼盘并导入房源。</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+26"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Status set to {status}.</source>
        <translation>状态已改为{status}。</translation>
    </message>
</context>
<context>
    <name>QtConnectionIndicator</name>
    <message>
        <location filename="../ui/qt_status.py" line="+29"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection to the server: {state}</source>
        <translation>与服务器的连接：{state}</translation>
    </message>
</context>
<context>
    <name>QtLoginDialog</name>
    <message>
        <location filename="../ui/qt_login.py" line="+40"/>
        <source>Sign in — Showroom</source>
        <translation>登录 — Showroom 案场管理</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Showroom Sales Office</source>
        <translation>Showroom 案场管理</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign in with your Showroom account.</source>
        <translation>请使用您的 Showroom 账号登录。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Host name or IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+44"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pairing &amp;file</source>
        <translation>配对文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign &amp;in</source>
        <translation>登录(&amp;I)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Server: {name}</source>
        <translation>服务器：{name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the pairing file</source>
        <translation>选择配对文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pairing files (*.json);;All files (*)</source>
        <translation>配对文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot read the pairing file {path}. Ask the administrator for the server&apos;s pairing.json.</source>
        <translation>无法读取配对文件 {path}。请向系统管理员索取服务器的 pairing.json。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The server does not answer yet; still trying…</source>
        <translation>服务器暂未响应，正在重试…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>QtMainWindow</name>
    <message>
        <location filename="../ui/qt_main_window.py" line="+34"/>
        <source>Showroom Sales Office — {name} ({role})</source>
        <translation>Showroom 案场管理 — {name} ({role})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sales control</source>
        <translation>销控</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit import</source>
        <translation>房源导入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Change password…</source>
        <translation>修改密码(&amp;C)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Workspaces</source>
        <translation>工作区(&amp;W)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Your password must be changed before you continue.</source>
        <translation>请先修改密码再继续使用。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signing out…</source>
        <translation>正在退出登录…</translation>
    </message>
</context>
<context>
    <name>QtUnitDetail</name>
    <message>
        <location filename="../ui/qt_board_detail.py" line="+36"/>
        <location line="+63"/>
        <source>Select a unit</source>
        <translation>请选择房源</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross area</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inner area</source>
        <translation>套内面积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orientation</source>
        <translation>朝向</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>List price</source>
        <translation>表价</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Change status</source>
        <translation>修改状态</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Set status</source>
        <translation>设置状态(&amp;S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;New status</source>
        <translation>新状态(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>R&amp;eason</source>
        <translation>原因(&amp;E)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
</TS>
