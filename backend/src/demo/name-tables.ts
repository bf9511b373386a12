import type { DeviceType, FaultType } from '@kuaige/domain';

// ---- Name tables of the demo world: what Chinese companies, people, machines and faults are called --
//
// Plain data, drawn from by the generator with a seeded random source. Company names follow the usual
// pattern 城市 + 字号 + 行业 + 组织形式 (深圳 + 华创 + 精密电子 + 有限公司); device models are brand + series
// + size as nameplates print them; fault descriptions read like what a shift lead types into a form.

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '沈'] as const;

export const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '晓东', '文博', '子涵', '浩然', '雨桐', '俊杰', '思远', '嘉怡', '国庆', '红梅', '建国', '立新', '卫东', '振华', '春燕', '宏伟', '鹏', '斌', '辉', '玲', '鑫', '宇', '凯', '晨', '欣怡'] as const;

/** 字号: the distinctive middle of a company name. */
export const TRADE_NAMES = ['华创', '鼎盛', '恒信', '宏达', '金桥', '瑞丰', '永安', '博远', '众诚', '天工', '昌盛', '联创', '新锐', '卓越', '海纳', '汇通', '信达', '泰和', '远航', '银河', '东方', '中科', '力拓', '精工', '嘉禾', '同舟', '鸿运', '启明', '明德', '长城', '华夏', '锦程', '凯达', '德润', '正泰', '安捷', '宏图', '盛世', '晨光', '百川'] as const;

/** 行业 words for each kind of enterprise. */
export const INDUSTRY_WORDS = {
  manufacturer: ['数控机床', '智能装备', '精密机械', '压缩机', '机器人', '电梯', '锅炉', '动力设备', '医疗器械', '泵业', '包装机械', '注塑机械'],
  'equipment-user': ['精密电子', '汽车零部件', '食品', '制药', '纺织', '五金制品', '塑胶制品', '物流', '医院管理', '化工', '家具', '光电科技', '新材料', '印刷包装'],
  'service-provider': ['设备维保', '机电工程', '工业服务', '设备技术服务', '电梯维保', '暖通工程', '自动化工程', '动力设备维修'],
} as const;

export const COMPANY_FORMS = ['有限公司', '股份有限公司', '有限责任公司'] as const;

export const STREETS = ['人民路', '解放路', '中山路', '建设路', '工业大道', '科技路', '创业路', '高新路', '滨江路', '长江路', '黄河路', '学府路', '园区大道', '机场路', '环城东路', '开发区大道', '新华路', '和平路', '迎宾大道', '沿江路'] as const;

export const SITE_WORDS = ['工业园', '科技园', '产业园', '经济开发区', '高新区', '物流园'] as const;

/** Brands and model series per device type, as nameplates print them. */
export const DEVICE_MODELS: Record<DeviceType, { readonly names: readonly string[]; readonly series: readonly string[]; readonly specs: readonly string[] }> = {
  'cnc-machine': { names: ['立式加工中心', '数控车床', '龙门加工中心', '卧式加工中心'], series: ['VMC-850', 'VMC-1160', 'CK6150', 'GMC-2016', 'HMC-630'], specs: ['行程 850×500×550 mm', '主轴 12000 rpm', '刀库 24 把'] },
  'injection-molding': { names: ['伺服节能注塑机', '卧式注塑机', '立式注塑机'], series: ['MA-1600', 'MA-2500', 'JU-4500', 'HX-280'], specs: ['锁模力 160 t', '锁模力 250 t', '注射量 620 g'] },
  'air-compressor': { names: ['螺杆空压机', '永磁变频空压机', '无油空压机'], series: ['GA-37', 'GA-75VSD', 'BK-55', 'ZR-90'], specs: ['排气量 6.5 m³/min', '排气压力 0.8 MPa', '功率 37 kW'] },
  'industrial-robot': { names: ['六轴焊接机器人', '码垛机器人', 'SCARA 机器人', '喷涂机器人'], series: ['IRB-2600', 'KR-210', 'ER-20', 'M-20iA'], specs: ['负载 20 kg', '臂展 1650 mm', '重复定位精度 ±0.05 mm'] },
  'hvac-chiller': { names: ['离心式冷水机组', '螺杆式冷水机组', '风冷热泵机组'], series: ['19XR-500', 'RTHD-300', 'LSBLG-860', 'YK-1200'], specs: ['制冷量 1750 kW', '制冷量 1055 kW', 'R134a'] },
  elevator: { names: ['乘客电梯', '载货电梯', '自动扶梯', '医用电梯'], series: ['GeN2-MR', '3300AP', 'NPX-1000', 'E-Star'], specs: ['载重 1000 kg', '速度 1.75 m/s', '18 层 18 站'] },
  'industrial-boiler': { names: ['燃气蒸汽锅炉', '生物质锅炉', '燃气热水锅炉'], series: ['WNS4-1.25-Q', 'SZL10-1.6', 'CWNS2.8'], specs: ['额定蒸发量 4 t/h', '额定压力 1.25 MPa', '热效率 95%'] },
  'diesel-generator': { names: ['柴油发电机组', '静音型柴油发电机组', '移动电站'], series: ['KTA50-G3', '6BTA5.9', 'TAD1641GE', '4VBE34RW3'], specs: ['额定功率 500 kW', '额定功率 120 kW', '常用功率 1000 kVA'] },
  forklift: { names: ['电动平衡重叉车', '内燃叉车', '电动堆高车', '前移式叉车'], series: ['CPD30', 'CPCD50', 'CDD16', 'CQD20'], specs: ['额定载荷 3 t', '起升高度 4.5 m', '锂电 80 V'] },
  'medical-imaging': { names: ['CT 扫描仪', '数字化 X 射线摄影系统', '彩色多普勒超声诊断仪', '磁共振成像系统'], series: ['uCT-760', 'DR-6000', 'Resona-7', 'uMR-570'], specs: ['64 排', '1.5 T', '探头 4 个'] },
  'water-pump': { names: ['单级离心泵', '多级离心泵', '管道增压泵组', '潜水排污泵'], series: ['IS100-80-160', 'CDL32-5', 'ISG150-315', 'WQ200-22'], specs: ['流量 100 m³/h', '扬程 32 m', '功率 15 kW'] },
  'packaging-line': { names: ['全自动灌装线', '装箱封箱线', '枕式包装机', '贴标机'], series: ['GZ-24', 'ZX-40', 'DXD-450', 'TB-200'], specs: ['产能 12000 瓶/h', '产能 40 箱/min', '膜宽 450 mm'] },
};

/** Which device types a manufacturer of a given 行业 word makes. */
export const INDUSTRY_DEVICE_TYPES: Record<(typeof INDUSTRY_WORDS)['manufacturer'][number], readonly DeviceType[]> = {
  数控机床: ['cnc-machine'],
  智能装备: ['industrial-robot', 'packaging-line'],
  精密机械: ['cnc-machine', 'injection-molding'],
  压缩机: ['air-compressor'],
  机器人: ['industrial-robot'],
  电梯: ['elevator'],
  锅炉: ['industrial-boiler'],
  动力设备: ['diesel-generator', 'water-pump'],
  医疗器械: ['medical-imaging'],
  泵业: ['water-pump'],
  包装机械: ['packaging-line'],
  注塑机械: ['injection-molding'],
};

/** What a shift lead writes when reporting a fault of this type ({device} is the device's name). */
export const FAULT_DESCRIPTIONS: Record<FaultType, readonly string[]> = {
  electrical: ['{device}开机后频繁跳闸，配电柜空开发热', '{device}主电源指示灯不亮，无法上电', '{device}变频器报过流故障 OC，复位后再次出现', '{device}控制柜有焦糊味，接触器触点烧蚀'],
  mechanical: ['{device}传动部位卡滞，运行时有明显顿挫', '{device}主轴径向跳动超差，加工尺寸不稳定', '{device}皮带磨损严重，运行中打滑', '{device}导轨润滑不良，移动时有拉伤痕迹'],
  hydraulic: ['{device}液压系统压力上不去，保压时掉压明显', '{device}气缸动作缓慢，气路疑似堵塞', '{device}油温过高，液压油颜色发黑', '{device}电磁阀不换向，动作中断'],
  'control-system': ['{device}PLC 通讯中断，触摸屏显示离线', '{device}控制面板死机，急停复位无效', '{device}伺服驱动器报警 AL.16，轴无法回零', '{device}传感器信号丢失，设备误停机'],
  software: ['{device}系统参数丢失，开机后回到出厂设置', '{device}升级固件后程序无法调用', '{device}报警记录显示参数校验错误', '{device}远程监控数据不再上传'],
  'abnormal-noise': ['{device}运行时异响明显，振动值超过 7 mm/s', '{device}轴承部位有周期性异响', '{device}启动瞬间有金属撞击声', '{device}风机叶轮不平衡，整机抖动'],
  leakage: ['{device}底部漏油，每班需补油约 2 L', '{device}冷却水管接头渗漏', '{device}冷媒泄漏，制冷效果下降', '{device}密封件老化，气路漏气声明显'],
  overheating: ['{device}电机温度超过 90 ℃ 报警停机', '{device}排气温度过高，连续停机三次', '{device}冷却风扇不转，机箱发烫', '{device}轴承温升异常，手摸烫手'],
  'routine-maintenance': ['{device}到期例行保养：更换滤芯和润滑油', '{device}季度保养：紧固、清洁、校准', '{device}年度检验前的全面检查', '{device}按保养计划更换易损件'],
  other: ['{device}操作人员反映动作异常，原因不明', '{device}搬迁后需重新调试', '{device}外观受损，需评估是否影响使用', '{device}能耗明显升高，需排查原因'],
};

export const PROCESSING_STEPS = ['现场确认故障现象并拍照记录', '断电挂牌，按规程隔离能源', '检查电气回路并测量绝缘电阻', '拆检传动部件，清理磨损碎屑', '更换损坏部件并按扭矩紧固', '调整参数并试运行 30 分钟', '与设备操作人员共同确认运行正常', '清理现场，恢复防护罩'] as const;

export const PARTS = [
  { name: '深沟球轴承 6205', unit: '个' },
  { name: '交流接触器 LC1D25', unit: '个' },
  { name: '空气滤芯', unit: '支' },
  { name: '液压油 46#', unit: '升' },
  { name: '密封圈套件', unit: '套' },
  { name: '同步带', unit: '条' },
  { name: '温度传感器 PT100', unit: '支' },
  { name: '电磁阀线圈', unit: '个' },
  { name: '保险丝 10A', unit: '个' },
  { name: '润滑脂', unit: '千克' },
] as const;

export const TOOLS = ['万用表', '兆欧表', '扭力扳手', '红外测温仪', '测振仪', '内六角扳手套装', '压力表', '笔记本电脑（调试软件）'] as const;

export const CAUSES = ['部件长期磨损老化', '润滑不足导致过度磨损', '电网电压波动造成元件损坏', '操作不当引起过载', '环境粉尘大，散热不良', '参数设置错误', '密封件到期未更换', '接线端子松动'] as const;

export const RESULTS = ['已更换损坏部件，设备恢复正常运行', '调整参数后试运行正常，建议持续观察一周', '故障排除，已对操作人员进行使用培训', '临时处理恢复运行，建议下次保养时更换总成'] as const;

export const PROGRESS_NOTES = ['已到达现场，开始排查', '初步判断为部件损坏，正在拆检', '配件已到，开始更换', '更换完成，正在试机'] as const;

export const EVALUATION_OPINIONS = {
  5: ['响应迅速，工程师专业，问题一次解决', '服务很好，现场讲解清楚', '非常满意，维修后运行平稳'],
  4: ['整体满意，到场时间稍晚', '处理得当，希望配件备货更充足', '服务不错，报告可以再详细些'],
  3: ['问题解决了，但耗时较长', '一般，沟通不够及时'],
  2: ['二次返修才解决，效率偏低', '到场时间远超约定'],
  1: ['问题没有根本解决，很不满意'],
} as const;

export const REVIEW_OPINIONS = ['信息完整，同意受理', '故障描述清楚，转派单', '设备在保，优先处理'] as const;
export const REJECT_OPINIONS = ['设备信息与现场不符，请核实后重新提交', '重复报修，已有处理中的工单', '不属于维保服务范围'] as const;
export const RETURN_REASONS = ['当前无具备该设备资质的工程师', '服务区域超出我司覆盖范围', '排期已满，无法在时限内响应'] as const;
export const DECLINE_REASONS = ['已有其他紧急任务', '该型号不熟悉，建议改派', '本周休假'] as const;
export const CANCEL_REASONS = ['设备已自行恢复', '报修有误，撤回申请', '改由厂家直接处理'] as const;
export const RECEIPT_REJECT_REASONS = ['维修记录缺少更换配件照片', '客户签字不清晰，请补充', '处理结果与现场不符，需返工'] as const;
export const REOPEN_REASONS = ['同一故障再次出现', '维修后三天内再次停机'] as const;
export const WARRANTY_OPINIONS = { 'in-warranty': ['在保修期内，按保修处理', '非人为损坏，保修范围内'], 'out-of-warranty': ['已过保修期，按有偿服务处理', '人为操作不当造成，不在保修范围'] } as const;

/** Specialities (专业领域) an engineer lists, by the device type they belong to. */
export const ENGINEER_FIELDS: Record<DeviceType, readonly string[]> = {
  'cnc-machine': ['西门子 840D 数控系统', 'FANUC 0i-F 系统调试', '主轴动平衡'],
  'injection-molding': ['注塑机液压系统', '伺服节能改造'],
  'air-compressor': ['螺杆主机大修', '变频空压机调试'],
  'industrial-robot': ['ABB 机器人示教', 'KUKA 机器人维护', '焊接工作站集成'],
  'hvac-chiller': ['离心机组维护', '冷媒回收与充注'],
  elevator: ['曳引机维修', '电梯门系统调整', '电梯年检整改'],
  'industrial-boiler': ['燃烧器调试', '锅炉水处理'],
  'diesel-generator': ['康明斯机组维护', 'ATS 切换调试'],
  forklift: ['锂电叉车电控', '液压门架维修'],
  'medical-imaging': ['CT 球管更换', '超声探头检修'],
  'water-pump': ['机械密封更换', '泵组振动分析'],
  'packaging-line': ['灌装阀维护', '伺服贴标调试', 'PLC 程序维护'],
};

