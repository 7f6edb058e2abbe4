/**
 * Strings of log-in, users and organisations (people): the kinds of user and of organisation. Put together with
 * the others in web/src/dictionaries.ts.
 */
export const peopleZh = {
  staffLogin: '工作人员登录', residentLogin: '村民 / 游客登录', username: '用户名', password: '密码', login: '登录', phone: '手机号', code: '验证码', getCode: '获取验证码',
  codeSent: '验证码已发送', codeDevHint: '开发模式：验证码写在服务器日志中（短信发件箱 sms_outbox）', users: '用户管理', organisations: '组织机构', roles: '角色', newUser: '新建用户',
  noUsers: '还没有账号。点「新建用户」添加工作人员', noUsersMatch: '没有找到这个人，换个名字或手机号试试', noOrganisations: '还没有单位',
  displayName: '姓名', region: '区划', role: '角色', created: '已创建', staff: '工作人员', resident: '村民', tourist: '游客', orgKind: '类型', org_command_room: '指挥室',
  org_enforcement: '执法队', org_water_bureau: '水利局', org_cleaning: '保洁公司', org_property: '物业', org_bank: '银行', org_department: '职能部门',
  org_village_committee: '村(居)委会', org_mediation: '调解中心', org_market_regulation: '市场监管',
};

export const peopleEn: Record<keyof typeof peopleZh, string> = {
  staffLogin: 'Staff log-in', residentLogin: 'Residents & tourists', username: 'User name', password: 'Password', login: 'Log in',
  phone: 'Mobile number', code: 'Code', getCode: 'Send code', codeSent: 'Code sent',
  codeDevHint: 'Development: the code is in the server log (sms_outbox table)', users: 'Users', organisations: 'Organisations', roles: 'Roles',
  newUser: 'New user', noUsers: 'No accounts yet. Use "New user" to add staff', noUsersMatch: 'Nobody found: try another name or phone number',
  noOrganisations: 'No organisations yet', displayName: 'Name', region: 'Region', role: 'Role', created: 'Created', staff: 'Staff', resident: 'Resident',
  tourist: 'Tourist', orgKind: 'Kind', org_command_room: 'Command room', org_enforcement: 'Enforcement', org_water_bureau: 'Water bureau',
  org_cleaning: 'Cleaning company', org_property: 'Property company', org_bank: 'Bank', org_department: 'Department',
  org_village_committee: 'Village committee', org_mediation: 'Mediation centre', org_market_regulation: 'Market regulation',
};
