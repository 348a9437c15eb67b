import { FACILITIES, keysOf, type SurveyTopic } from '../catalogs';
import type { CommunityFacts, SurveyResult } from '../facts';

/** Scripted communities for the shipped standards, as of 30 June 2025. */
const survey = (positive: number, sample = 200, date = '2025-03-02'): SurveyResult => ({ sample, positive, date });

const strongSurveys: { [T in SurveyTopic]?: SurveyResult } = {
  awareness: survey(196),
  participation: survey(192),
  satisfaction_services: survey(188),
  satisfaction_health_station: survey(180),
  reemployment_placement: survey(180),
  satisfaction_security: survey(190),
  sense_of_security: survey(190),
  mediation_success: survey(190),
  safe_community_awareness: survey(190),
  temp_resident_registration: survey(200),
  four_into_community_awareness: survey(190),
};

export const strongCommunity = (): CommunityFacts => ({
  activities: {
    'culture_sports|large|2025': 3,
    'science_popularization|large|2025': 2,
    'culture_sports|ordinary|2025': 4,
    'festival|ordinary|2025': 3,
    'selection|ordinary|2024': 1,
    'selection|ordinary|2025': 1,
    'legal_education|ordinary|2025': 3,
    'safety_publicity|ordinary|2025': 2,
    'environment_cleanup|ordinary|2025': 2,
    'four_into_community|ordinary|2025': 4,
  },
  participants: { 'culture_sports|2025': 2100 },
  surveys: strongSurveys,
  facilities: Object.fromEntries(keysOf(FACILITIES).map((id) => [id, '2025-01-10'])),
  problems: { sanitation_dead_corner: { open: 1, overdue: 0 } },
  quantities: {
    residents: 5000,
    volunteers_registered: 600,
    green_area_m2: 38_000,
    site_area_m2: 100_000,
    outdoor_ads: 120,
    public_interest_ads: 18,
  },
  inspectorScores: {
    'yizhou-community/y1.2': { latest: 1, date: '2025-04-01' },
    'yizhou-community/y4.3': { latest: 3, date: '2025-04-01' },
    'yizhou-community/y5.4': { latest: 2, date: '2025-04-01', byYear: { 2025: [3.6, 2] } },
    'gansu-civilized-community/g1.3': { latest: 5, date: '2025-04-01' },
    'gansu-civilized-community/g4.1': { latest: 6, date: '2025-04-01', byYear: { 2024: [11, 2], 2025: [6, 1] } },
  },
  attributes: { estate: 'new', compound: 'closed' },
});

export const accidentCommunity = (): CommunityFacts => ({
  ...strongCommunity(),
  incidents: [{ kind: 'major_safety_accident', status: 'confirmed', date: '2024-09-12', ref: 'incident-17' }],
});

export const lowSurveyCommunity = (): CommunityFacts => ({
  ...strongCommunity(),
  surveys: {
    ...strongSurveys,
    awareness: survey(170),
    participation: survey(28, 30),
    satisfaction_services: survey(150),
    sense_of_security: survey(140),
  },
});
