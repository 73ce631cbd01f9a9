<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QtAuditPage</name>
    <message>
        <location filename="../ui/qt_audit_page.py" line="+141"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. users.</source>
        <translation>例如 users.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. unit</source>
        <translation>例如 unit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Actor</source>
        <translation>操作人(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target &amp;type</source>
        <translation>对象类型(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target &amp;ID</source>
        <translation>对象编号(&amp;I)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Client address</source>
        <translation>客户端地址</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Before</source>
        <translation>变更前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After</source>
        <translation>变更后</translation>
    </message>
    <message>
        <location line="+123"/>
        <source> (older entries remain)</source>
        <translation>（还有更早的记录）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} entries shown</source>
        <translation>已显示 {count} 条</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{time}  {actor} ({role}) ran {command} on {target_type} {target_id} from {address}</source>
        <translation>{time}&#x3000;{actor}（{role}）从 {address} 执行 {command}，对象：{target_type} {target_id}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(nothing before: created)</source>
        <translation>（无：新建）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(nothing after)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>QtChangePasswordDialog</name>
    <message>
        <location filename="../ui/qt_change_password.py" line="+17"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User: {name} ({username})</source>
        <translation>用户：{name}（{username}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your password was set by an administrator: choose your own now.</source>
        <translation>您的密码由管理员设置，请现在设置您自己的密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Current password</source>
        <translation>原密码(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Con&amp;firm new password</source>
        <translation>确认新密码(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least 8 characters with letters and digits, not containing your user name.</source>
        <translation>至少 8 个字符，须同时包含字母和数字，且不能包含用户名。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Enter your current password.</source>
        <translation>请输入原密码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The new password and its confirmation do not match.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>QtImportPage</name>
    <message>
        <location filename="../ui/qt_import_page.py" line="+86"/>
        <source>New project…</source>
        <translation>新建楼盘…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Project</source>
        <translation>楼盘(&amp;P)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1. Download the template and fill in one unit per row.   2. Choose the filled-in file.   3. Import: if any row is wrong, nothing is imported.</source>
        <translation>① 下载模板，每行填写一套房源&#x3000;② 选择填好的文件&#x3000;③ 导入：任何一行有错误时，整个文件都不会导入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download template…</source>
        <translation>下载模板…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Created project {name}.</source>
        <translation>已新建楼盘“{name}”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save the import template</source>
        <translation>保存导入模板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit-import-template.xlsx</source>
        <translation>房源导入模板.xlsx</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+31"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>Could not save the template: {reason}</source>
        <translation>无法保存模板：{reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template saved to {path}</source>
        <translation>模板已保存到 {path}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Choose a project first, or create one.</source>
        <translation>请先选择楼盘，或新建一个楼盘。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is larger than {mb} MB; split it into several files.</source>
        <translation>文件超过 {mb} MB，请拆分为多个文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Uploading and checking…</source>
        <translation>正在上传并校验…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Importing {done} / {total}</source>
        <translation>正在导入 {done} / {total}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking every row…</source>
        <translation>正在逐行校验…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported {units} units and created {buildings} buildings.</source>
        <translation>已导入 {units} 套房源，新建 {buildings} 个楼栋</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Nothing was imported. The file has {count} problems in {rows} rows: correct all of them, then import the whole file again.</source>
        <translation>未导入任何数据。文件中 {rows} 行共有 {count} 处错误，请全部改正后重新导入整个文件。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Unit number</source>
        <translation>房号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <location line="+0"/>
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
</context>
<context>
    <name>QtProjectDialog</name>
    <message>
        <location line="-291"/>
        <source>New project</source>
        <translation>新建楼盘</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Name</source>
        <translation>楼盘名称(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;City</source>
        <translation>城市(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter the project&apos;s name.</source>
        <translation>请输入楼盘名称。</translation>
    </message>
</context>
<context>
    <name>QtRequestDialog</name>
    <message>
        <location filename="../ui/qt_admin_common.py" line="+111"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QtResetPasswordDialog</name>
    <message>
        <location filename="../ui/qt_users_page.py" line="+120"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>User: {name} ({username})</source>
        <translation>用户：{name}（{username}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New password</source>
        <translation>新密码(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Confirm</source>
        <translation>确认密码(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The user is signed out and must choose a new password at the next sign-in.</source>
        <translation>该用户将被强制下线，下次登录时须修改密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the new password.</source>
        <translation>请输入新密码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passwords do not match.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>QtUserDialog</name>
    <message>
        <location line="-76"/>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit user</source>
        <translation>编辑用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Letters, digits, . _ -</source>
        <translation>字母、数字、. _ -</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Display name</source>
        <translation>姓名(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Initial &amp;password</source>
        <translation>初始密码(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least 8 characters with letters and digits. The user must change it at first sign-in.</source>
        <translation>至少 8 个字符，须同时包含字母和数字。用户首次登录时须修改密码。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changing the role signs the user out everywhere.</source>
        <translation>更改角色后，该用户在所有设备上都将被强制下线。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter a display name.</source>
        <translation>请输入姓名。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The user name needs 2 to 40 letters, digits, dots, underscores or hyphens.</source>
        <translation>用户名须为 2–40 个字母、数字、点、下划线或连字符。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter an initial password.</source>
        <translation>请输入初始密码。</translation>
    </message>
</context>
<context>
    <name>QtUsersPage</name>
    <message>
        <location line="+49"/>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+109"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Display name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disabled</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{count} users, {active} active</source>
        <translation>共 {count} 名用户，其中 {active} 名启用</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The password of {name} was reset; they must change it at the next sign-in.</source>
        <translation>已重置 {name} 的密码，该用户下次登录时须修改密码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Created user {name}.</source>
        <translation>已新建用户 {name}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saved user {name}.</source>
        <translation>已保存用户 {name}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Disable user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disable {name} ({username})? They are signed out at once and cannot sign in until enabled again.</source>
        <translation>确定停用 {name}（{username}）吗？该用户将立即被强制下线，重新启用前无法登录。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Enabled {name}.</source>
        <translation>已启用 {name}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disabled {name}.</source>
        <translation>已停用 {name}。</translation>
    </message>
</context>
</TS>
