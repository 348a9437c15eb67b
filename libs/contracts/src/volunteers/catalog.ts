import type { EventTypeSpec } from '../catalog';

const spec = (type: string, description: string): EventTypeSpec => ({
  type,
  context: 'volunteers',
  currentVersion: 1,
  description,
});

export const VOLUNTEER_EVENT_SPECS: readonly EventTypeSpec[] = [
  spec('VolunteerRegistered', 'A volunteer was registered in a community (identity number only hashed and masked).'),
  spec('VolunteerDeregistered', 'A volunteer left the register.'),
  spec('VolunteerTeamFormed', 'A volunteer team was formed in a community.'),
  spec('VolunteerJoinedTeam', 'A volunteer joined a team.'),
  spec('VolunteerLeftTeam', 'A volunteer left a team.'),
  spec('ServiceProjectCreated', 'A volunteer service project was set up.'),
  spec('ServiceRecorded', 'A service (date, hours, kind) was recorded for a volunteer.'),
  spec('ServiceRecordConfirmed', 'A service record was confirmed by the team or community and counts.'),
  spec('ServiceRecordRejected', 'A service record was refused on confirmation.'),
  spec('VolunteerStarReached', 'A volunteer reached a new star level.'),
  spec('StarThresholdsSet', 'A jurisdiction set its star thresholds from a date.'),
];
