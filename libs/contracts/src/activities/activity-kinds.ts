/**
 * Kinds of creation activities (创建活动) a community records. The list covers what the seeds count;
 * each entry says where it comes from so the list can be argued with. See docs/activities.md.
 */
export const ACTIVITY_KINDS = {
  moral_lecture: { label: '道德讲堂', source: 'seed 003: 道德讲堂/红色讲堂/特色讲堂 sessions counted per year' },
  citizen_school: { label: '市民学校', source: 'seed 000 (教育广泛深入): 居民学校; seed 003: 市民学校授课' },
  science_popularization: {
    label: '科普活动/讲座',
    source: 'seed 000 (创建活动丰富多彩): 科技 activities; seed 003: 科普讲座/科普宣传',
  },
  culture_sports: { label: '文体活动', source: 'seed 000: 大型文化、体育、科普活动每年不少于4次' },
  festival: { label: '我们的节日', source: 'seed 003: 春节、元宵、清明、端午、七夕、中秋、重阳 七个民族传统节日活动' },
  publicity: { label: '宣传 (横幅、展板、传单)', source: 'seed 001: 宣传栏、黑板报、海报; counted items' },
  four_into_community: {
    label: '四进社区 (科教、文体、卫生、法律)',
    source: 'seed 000: 科教、文体、卫生、法律四进社区',
  },
  health_education: { label: '健康讲座/卫生宣传', source: 'seed 003: 健康讲堂, 健康知识讲座 20余场' },
  legal_education: { label: '法制宣传/普法', source: 'seed 003: 法制与道德讲堂' },
  safety_publicity: { label: '安全防范宣传', source: 'seed 003: 开展安全防范宣传活动' },
  environment_cleanup: { label: '环境卫生整治', source: 'seed 003: 集中开展卫生整治活动, 除“四害”' },
  selection: { label: '评选活动 (文明楼院、家庭、居民)', source: 'seed 000: 文明楼院、文明家庭、文明居民评选' },
  training: { label: '培训 (礼仪、就业)', source: 'seed 001: 礼仪培训; seed 003: 就业培训' },
  neighbourhood: { label: '邻里节/邻里互助', source: 'seed 003: 邻里节、邻里一家亲' },
  other: { label: '其他', source: 'anything the list does not name; the title says what' },
} as const;

export type ActivityKind = keyof typeof ACTIVITY_KINDS;
export const ACTIVITY_KIND_VALUES = Object.keys(ACTIVITY_KINDS) as ActivityKind[];

/** Large-scale (大型) activities are counted separately: seed 000 requires ≥ 4 large ones a year. */
export const ACTIVITY_SCALES = ['ordinary', 'large'] as const;
export type ActivityScale = (typeof ACTIVITY_SCALES)[number];

/** The four themes of 四进社区 (seed 000). */
export const FOUR_INTO_COMMUNITY_THEMES = ['science_education', 'culture_sports', 'health', 'law'] as const;
export type FourIntoCommunityTheme = (typeof FOUR_INTO_COMMUNITY_THEMES)[number];

export const EVIDENCE_KINDS = ['photo', 'video', 'document', 'sign_in_sheet', 'link'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
