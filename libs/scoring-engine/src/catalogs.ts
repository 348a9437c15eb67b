/**
 * The vocabularies a standard's rules may name and the facts are keyed by. Other services validate
 * their input against these lists, so an id, once shipped, is never renamed (add, never rename).
 * Each entry carries its Chinese label (used in causes and UIs) and an English gloss.
 */
export interface CatalogEntry {
  readonly label: string;
  readonly en: string;
}
type Catalog<K extends string> = { readonly [k in K]: CatalogEntry };

const entries = <K extends string>(c: Catalog<K>) => c;

/** Same ids as `ACTIVITY_KINDS` of @chuangwen/contracts (a spec keeps the two in step). */
export const ACTIVITY_KINDS = entries({
  moral_lecture: { label: '道德讲堂', en: 'moral lecture' },
  citizen_school: { label: '市民学校', en: "citizens' school" },
  science_popularization: { label: '科普活动', en: 'science popularisation' },
  culture_sports: { label: '文体活动', en: 'culture and sports' },
  festival: { label: '我们的节日', en: 'traditional festival' },
  publicity: { label: '宣传', en: 'publicity' },
  four_into_community: { label: '四进社区', en: 'four into the community' },
  health_education: { label: '健康教育', en: 'health education' },
  legal_education: { label: '法制宣传', en: 'legal education' },
  safety_publicity: { label: '安全防范宣传', en: 'safety publicity' },
  environment_cleanup: { label: '环境卫生整治', en: 'environment clean-up' },
  selection: { label: '评选活动', en: 'selection (civilized families, buildings…)' },
  training: { label: '培训', en: 'training' },
  neighbourhood: { label: '邻里活动', en: 'neighbourhood' },
  other: { label: '其他活动', en: 'other' },
});
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

export const ACTIVITY_SCALES = entries({
  ordinary: { label: '一般', en: 'ordinary' },
  large: { label: '较大规模', en: 'large' },
});
export type ActivityScale = keyof typeof ACTIVITY_SCALES;

/** Rates measured by a questionnaire or a sample check (抽查): positives out of a sample. */
export const SURVEY_TOPICS = entries({
  awareness: { label: '创建工作知晓率', en: 'awareness of the creation work' },
  participation: { label: '创建活动参与率', en: 'participation' },
  support: { label: '创建工作支持率', en: 'support' },
  satisfaction_services: { label: '社区服务满意率', en: 'satisfaction with community services' },
  satisfaction_health_station: { label: '卫生服务站满意率', en: 'satisfaction with the health station' },
  satisfaction_security: { label: '治安环境满意率', en: 'satisfaction with public security' },
  sense_of_security: { label: '群众安全感', en: 'sense of security' },
  mediation_success: { label: '民事纠纷调解成功率', en: 'dispute mediation success' },
  safe_community_awareness: { label: '平安社区知晓率', en: 'awareness of the safe-community campaign' },
  temp_resident_registration: { label: '暂住人口登记发证率', en: 'temporary residents registered' },
  reemployment_placement: { label: '再就业安置率', en: 're-employment placement' },
  four_into_community_awareness: { label: '“四进社区”知晓率', en: 'awareness of four-into-community' },
});
export type SurveyTopic = keyof typeof SURVEY_TOPICS;

/** Facilities, bodies and documents whose presence a standard checks. */
export const FACILITIES = entries({
  civilization_office: { label: '文明办(创建办事机构)', en: 'civilization office' },
  creation_plan: { label: '创建目标、计划和保障措施', en: 'creation plan' },
  commendation_rules: { label: '评估表彰制度和奖励措施', en: 'evaluation and commendation rules' },
  creation_funding: { label: '创建资金保障', en: 'creation funding' },
  creation_archive: { label: '创建档案(专人管理)', en: 'creation archive kept by a named person' },
  direct_election: { label: '居委会依法直选', en: 'direct election of the committee' },
  democratic_decision: { label: '民主决策制度', en: 'democratic decision rules' },
  publicity_board: { label: '宣传栏', en: 'publicity board' },
  management_organization: { label: '社区管理组织', en: 'community management body' },
  management_rules: { label: '社区管理制度', en: 'management rules' },
  nursery: { label: '托儿所', en: 'nursery' },
  kindergarten: { label: '幼儿园', en: 'kindergarten' },
  health_station: { label: '卫生服务中心(站)', en: 'health station' },
  convenience_store: { label: '便民商店', en: 'convenience store' },
  canteen: { label: '便民食堂', en: 'canteen' },
  service_center: { label: '综合服务中心', en: 'service centre' },
  culture_center: { label: '文化活动中心', en: 'culture centre' },
  public_toilet: { label: '公共厕所', en: 'public toilet' },
  volunteer_team: { label: '志愿者队伍', en: 'volunteer team' },
  fee_disclosure: { label: '收费项目、标准和办事制度公开', en: 'fees and procedures published' },
  wayfinding_signs: { label: '行路方向平面图和楼院幢号标志', en: 'wayfinding maps and building numbers' },
  legal_advice: { label: '法律咨询服务机构或人员', en: 'legal advice' },
  police_room: { label: '社区警务室', en: 'police room' },
  fire_plan: { label: '消防平面图', en: 'fire plan' },
  patrol_records: { label: '巡逻制度和记录', en: 'patrol rules and records' },
  gatehouse: { label: '门卫值班室', en: 'gatehouse' },
  building_access_control: { label: '楼宇电控防盗装置', en: 'building access control' },
  mediation_committee: { label: '调解组织', en: 'mediation committee' },
  rehabilitation_group: { label: '帮教小组', en: 'rehabilitation support group' },
  security_team: { label: '专兼职治安队伍', en: 'security team' },
  security_rules: { label: '治安综合治理制度', en: 'public security rules' },
  landmark: { label: '雕塑或建筑标志', en: 'landmark' },
  cleaning_team: { label: '清扫保洁员队伍', en: 'cleaning team' },
  sanitation_responsibility: { label: '卫生制度和“门前三包”责任制', en: 'sanitation responsibility system' },
  community_education_body: { label: '社区教育机构', en: 'community education body' },
  residents_school: { label: '居民学校', en: "residents' school" },
  reading_boards: { label: '宣传阅报栏', en: 'reading boards' },
  science_gallery: { label: '科普画廊', en: 'science gallery' },
  education_network: { label: '学校、家庭、社区“三位一体”教育网络', en: 'school–family–community network' },
  migrant_education: { label: '外来人员教育管理机制', en: 'education of newcomers' },
  culture_room: { label: '文化室', en: 'culture room' },
  library: { label: '图书室', en: 'library' },
  fitness_path: { label: '体育健身路径', en: 'fitness path' },
  culture_instructor_registry: { label: '文化活动辅导员注册登记制度', en: 'culture instructor registry' },
  amateur_groups: { label: '群众性业余文体团体', en: 'amateur culture and sports groups' },
});
export type FacilityId = keyof typeof FACILITIES;

/** Problems inspectors and grid workers find (seed 000 (四)4–6, seed 001 整治). */
export const PROBLEM_CATEGORIES = entries({
  sanitation_dead_corner: { label: '卫生死角', en: 'sanitation dead corner' },
  illegal_posting: { label: '乱贴乱画', en: 'illegal posting and graffiti' },
  littering: { label: '乱丢乱扔', en: 'littering' },
  random_piling: { label: '乱堆乱放', en: 'random piling' },
  illegal_construction: { label: '乱搭乱建', en: 'illegal construction' },
  stairwell_blocked: { label: '楼道被占用', en: 'blocked stairwell' },
  street_occupation: { label: '占道经营', en: 'street occupation' },
  disorderly_parking: { label: '车辆乱停乱放', en: 'disorderly parking' },
  illegal_livestock: { label: '违章饲养家禽家畜', en: 'illegal livestock' },
  green_encroachment: { label: '占绿毁绿', en: 'green space encroached' },
  pests: { label: '“四害”孳生', en: 'pests' },
  blocked_drain: { label: '沟渠不畅积水', en: 'blocked drain, standing water' },
  road_damage: { label: '路面破损', en: 'damaged road' },
  facility_damage: { label: '公共设施破损', en: 'damaged public facility' },
  pollution: { label: '废气废水废渣噪音污染', en: 'pollution or noise' },
});
export type ProblemCategory = keyof typeof PROBLEM_CATEGORIES;

/** Counted or measured numbers a ratio rule divides. */
export const QUANTITIES = entries({
  residents: { label: '常住居民人数', en: 'residents' },
  volunteers_registered: { label: '注册志愿者人数', en: 'registered volunteers' },
  green_area_m2: { label: '绿地面积(平方米)', en: 'green area (m²)' },
  site_area_m2: { label: '用地面积(平方米)', en: 'site area (m²)' },
  outdoor_ads: { label: '户外广告及宣传品数', en: 'outdoor ads' },
  public_interest_ads: { label: '公益广告数', en: 'public-interest ads' },
});
export type QuantityId = keyof typeof QUANTITIES;

/** Incidents that cost points (no_incident rules) or veto a title (一票否决). */
export const INCIDENT_KINDS = entries({
  leader_disciplined: {
    label: '社区班子主要领导违纪违法受处分或被追究刑事责任',
    en: 'leader disciplined or prosecuted',
  },
  major_safety_accident: { label: '重大安全责任事故', en: 'major safety accident' },
  major_criminal_case: { label: '重大刑事案件', en: 'major criminal case' },
  family_planning_violation: { label: '严重违反计划生育政策被通报批评', en: 'serious family-planning violation' },
  public_security_veto: {
    label: '社会治安综合治理一票否决、黄牌警告或限期整改',
    en: 'public-security veto, yellow card or order to rectify',
  },
  staff_cult_or_drugs: { label: '社区工作人员练法轮功、吸毒等违法犯罪', en: 'staff in illegal cults or drugs' },
  environmental_violation: {
    label: '环境保护严重问题被通报批评',
    en: 'serious environmental problem, publicly criticised',
  },
  other_provincial_veto: { label: '其他一票否决情形', en: 'other veto case of the provincial rules' },
  pornography_gambling_drugs: { label: '“黄赌毒”社会丑恶现象', en: 'pornography, gambling or drugs' },
  cult_or_superstition: { label: '邪教和封建迷信活动', en: 'cult or superstition activity' },
  theft: { label: '偷盗', en: 'theft' },
  fire: { label: '火灾', en: 'fire' },
});
export type IncidentKind = keyof typeof INCIDENT_KINDS;

export const METHODS = entries({
  field_inspection: { label: '实地考察', en: 'field inspection' },
  document_review: { label: '材料审核', en: 'document review' },
  report_hearing: { label: '听取汇报', en: 'report hearing' },
  survey: { label: '问卷调查', en: 'questionnaire survey' },
  derived: { label: '数据推算', en: 'derived from records' },
});
export type Method = keyof typeof METHODS;

/** Community attributes an applicability condition or a threshold may depend on. */
export const COMMUNITY_ATTRIBUTES = {
  estate: {
    label: '住宅区类型',
    en: 'kind of estate',
    values: entries({
      new: { label: '新建住宅区', en: 'new estate' },
      old_renewal: { label: '旧城改造区', en: 'old-town renewal' },
      old: { label: '老式住宅区', en: 'old housing' },
    }),
  },
  compound: {
    label: '小区管理方式',
    en: 'compound access',
    values: entries({
      closed: { label: '封闭小区', en: 'closed compound' },
      open: { label: '开放小区', en: 'open compound' },
    }),
  },
} as const;
export type AttributeId = keyof typeof COMMUNITY_ATTRIBUTES;
export type AttributeValue<A extends AttributeId> = keyof (typeof COMMUNITY_ATTRIBUTES)[A]['values'];

export const INCIDENT_STATUSES = ['reported', 'confirmed', 'dismissed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
